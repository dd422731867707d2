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
	/* what the report shows of the counts (simulate_rates.c): per cell of
	 * counts its rates, and per [mode][kind][test] the verdict on the
	 * size at inject 0 (inject0: its index, -1 without a 0) */
	struct di_sim_rate *rates;
	int *verdict;
	int inject0;
};

/* The rejection rates of one cell at 1, 5 and 10% (NAN without trials)
 * and the 95% Wilson interval of its 5% rate. */
typedef struct di_sim_rate {
	double r01, r05, r10;
	double lo05, hi05;
} di_sim_rate;

/* The verdict on a test's size at 5% over the reported windows. */
enum {
	DI_SIM_NO_TRIALS,
	DI_SIM_OVER_REJECTS,   /* some interval lies above 5% */
	DI_SIM_CANNOT_REJECT,  /* an exact discrete p that never rejected at this N */
	DI_SIM_UNDER_REJECTS,  /* some interval lies below 5% */
	DI_SIM_CONSERVATIVE,   /* below 5%, as an exact discrete p may be */
	DI_SIM_HOLDS
};

/* Fill sim->rates, sim->verdict and sim->inject0 from the counts. 0 or
 * DI_ENOMEM. */
int di_sim_rates(di_simulation *sim);
/* dcaar_t needs a control group: a trial is one block of all the
 * study's securities, so it has none, and no row. */
int di_sim_reports(size_t test);

/* The 95% Wilson score interval of k successes in n trials (z =
 * 1.959963984540054), clipped to [0, 1]; NAN for n = 0. */
void di_sim_wilson(size_t k, size_t n, double *lo, double *hi);

/* Index into counts. */
size_t di_sim_at(const di_simulation *sim, size_t mode, size_t inj, size_t sel, size_t test,
		 size_t kind);

#endif
