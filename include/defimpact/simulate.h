/*
 * defimpact/simulate.h - size and power of every test on the study's own
 * securities (Brown-Warner 1985 design): trials at random placebo dates,
 * with abnormal returns injected on day 0.
 */
#ifndef DEFIMPACT_SIMULATE_H
#define DEFIMPACT_SIMULATE_H

#include <stddef.h>

#include "defimpact/common.h"
#include "defimpact/study.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_simulation di_simulation;

/* Called about once a second while trials run, and once at the end,
 * from the calling thread: trials done and the total. */
typedef void (*di_progress_cb)(size_t done, size_t total, void *payload);

/* Load the inputs of a finished simulate study (DI_CMD_SIMULATE) and run
 * every trial. progress may be NULL. The study must outlive the result. */
DI_API int di_simulate_new(di_simulation **out, const di_study *study, di_progress_cb progress,
		    void *payload);
DI_API void di_simulate_free(di_simulation *sim);
/* Write simulate.csv, summary.txt, power.svg and the marker, atomically. */
DI_API int di_simulate_write(const di_simulation *sim, const char *outdir);

#ifdef __cplusplus
}
#endif

#endif
