/*
 * simulate.h - the computed simulation: rejection counts per test,
 * window, clustering, injected return and kind of p-value. Built by
 * simulate.c, written by simulate_report.c.
 */
#ifndef DI_SIMULATE_INTERNAL_H
#define DI_SIMULATE_INTERNAL_H

#include "defimpact/simulate.h"

#include "defimpact/run.h"
#include "result_view.h"
#include "study.h"

enum { DI_SIM_NOMINAL, DI_SIM_PLACEBO, DI_SIM_NKIND };
enum { DI_SIM_N, DI_SIM_R01, DI_SIM_R05, DI_SIM_R10, DI_SIM_NCOUNT };

struct di_simulation {
	const di_study *study;
	di_run *run;
	size_t *used;   /* securities simulated (run->tickers indices) */
	size_t nused;
	size_t *sel;    /* test windows reported (run->tw): day 0, then CAR windows */
	/* what simulate_report.c prints of the run: the reported windows
	 * (nsel), the headline one, and every security's ticker */
	struct di_sim_window {
		int from, to;
	} *win;
	size_t head_sel;  /* [0,1] when reported, else the first CAR window */
	const char **tickers;
	size_t ntickers;
	size_t nsel;
	int modes[2];   /* DI_CLUSTERED_YES and/or DI_CLUSTERED_NO, in that order */
	size_t nmodes;
	size_t ncand_all;         /* shared candidate dates (clustered yes) */
	size_t ncand_min, ncand_max; /* per security (clustered no) */
	/* counts[mode][inject][sel][test][kind][DI_SIM_NCOUNT] */
	size_t *counts;
};

/* The 95% Wilson score interval of k successes in n trials (z =
 * 1.959963984540054), clipped to [0, 1]; NAN for n = 0. */
void di_sim_wilson(size_t k, size_t n, double *lo, double *hi);

/* Index into counts. */
size_t di_sim_at(const di_simulation *sim, size_t mode, size_t inj, size_t sel, size_t test,
		 size_t kind);

#endif
