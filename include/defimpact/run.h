/*
 * defimpact/run.h - the event study: load the study's inputs, compute
 * every model, measure and test, and write the report folder.
 */
#ifndef DEFIMPACT_RUN_H
#define DEFIMPACT_RUN_H

#include "defimpact/common.h"
#include "defimpact/study.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_run di_run;

/* Load the inputs named by a finished study and compute everything. The
 * study must outlive the run. */
DI_API int di_run_new(di_run **out, const di_study *study);
DI_API void di_run_free(di_run *run);

/* Write the report folder (atomically: a temporary folder beside it is
 * renamed into place; an existing folder without the .defimpact marker is
 * refused with DI_EIO). */
DI_API int di_run_write(const di_run *run, const char *outdir);

/* Check before any work that outdir may be (re)placed: it does not exist,
 * or it is a defimpact report folder. */
DI_API int di_report_check_target(const char *outdir);

#ifdef __cplusplus
}
#endif
#endif
