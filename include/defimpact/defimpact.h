/*
 * defimpact/defimpact.h - the whole public API of libdefimpact.
 */
#ifndef DEFIMPACT_H
#define DEFIMPACT_H

#include "defimpact/common.h"
#include "defimpact/data.h"
#include "defimpact/study.h"
#include "defimpact/run.h"
#include "defimpact/table.h"
#include "defimpact/simulate.h"
#include "defimpact/diff.h"
#include "defimpact/moves.h"

#endif
