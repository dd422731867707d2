/*
 * placebo.h - placebo dates: the candidate rule (methodology, "Placebo
 * p-values"), security-events refitted at a placebo day 0, and the draws.
 * Shared by run's placebo p-values (placebo.c) and simulate (simulate.c).
 */
#ifndef DI_PLACEBO_H
#define DI_PLACEBO_H

#include <gsl/gsl_rng.h>

#include "run.h"

/* Calendar dates from first to last, both included. */
typedef struct di_span {
	di_date first, last;
} di_span;

/* What every trial reads and nobody writes once built. */
typedef struct di_trial_env {
	const di_run *run;
	size_t **cum;   /* per ticker: cum[t][i] = usable estimation returns at series indices < i */
	di_span *spans; /* the window spans of the real events that have one */
	size_t nspans;
} di_trial_env;

int di_trial_env_init(di_trial_env *env, const di_run *run);
void di_trial_env_dispose(di_trial_env *env);

/*
 * What a trial worker of placebo and simulate holds alike: a copy of the
 * run (its notes the worker's own) whose security-events are the slots,
 * which slots take part in the trial (ok), a block's member list and the
 * fit workspace. Each slot starts as a copy of a prototype (whatever
 * identifies it: event, ticker, group) with arrays of its own.
 */
typedef struct di_trial_slots {
	di_run run;
	di_secev *se;
	size_t n;          /* slots */
	size_t nalloc;     /* se[0..nalloc-1] hold arrays */
	unsigned char *ok; /* se[i] is in the trial */
	size_t *members;
	di_fit_ws *ws;
	di_rank_ws rw;
} di_trial_slots;

/* n slots over a copy of run (run.se and run.nse point at them). */
int di_trial_slots_init(di_trial_slots *ts, const di_run *run, size_t n);
/* Set up the next slot as a copy of proto with arrays of its own. */
int di_trial_slots_add(di_trial_slots *ts, const di_secev *proto);
void di_trial_slots_dispose(di_trial_slots *ts);

/* Index of the first date of r's model calendar on or after d, or -1. */
long di_index_on_or_after(const di_returns *r, di_date d);

/* Does ticker t, with day 0 at model-calendar index z, have its whole event
 * window on its calendar and min_estimation usable estimation returns? */
int di_trial_ticker_ok(const di_trial_env *env, size_t t, long z);

/* The event-window span of the tickers at placebo date d (each on its
 * first date on or after d). 0, or -1 when a ticker has no such window. */
int di_trial_span(const di_trial_env *env, const size_t *tickers, size_t n, di_date d,
		  di_span *out);

/* Does span s share a date with any real event's window span? */
int di_span_hits_real(const di_trial_env *env, di_span s);

/* The candidate dates of a set of tickers (indices into run->tickers),
 * ascending: *out allocated (NULL when none). */
int di_candidates(const di_trial_env *env, const size_t *tickers, size_t n, di_date **out,
		  size_t *nout);

/* Partial Fisher-Yates: idx (n slots) is filled with 0..n-1, then for
 * k = 0 .. take-1 one draw j = k + gsl_rng_uniform_int(r, n - k) swaps
 * idx[k] and idx[j]: idx[0..take-1] are take distinct indices in random
 * order (take = n: a random permutation). */
void di_draw_indices(gsl_rng *r, size_t *idx, size_t n, size_t take);

/* Refit se (arrays from di_secev_alloc; ret, ticker, event set) with day
 * 0 on the first date on or after d: estimation sample (every real
 * event's window dropped under --clean-estimation) and fit. 0, 1 when it
 * drops out of the trial (no such day, short estimation, singular design),
 * or an error code. The window is left to di_secev_window. run: the run
 * the fit reads (simulate's worker copy, whose securities are all treated);
 * env: the same data's counts of usable rows. */
int di_trial_fit(const di_trial_env *env, const di_run *run, di_secev *se, di_date d,
		 di_fit_ws *ws, di_rank_ws *rw);

/* |T*| >= |T| up to DI_PLACEBO_TOL, relative and absolute (placebo.c). */
#define DI_PLACEBO_TOL 1e-12
int di_placebo_extreme(double tstar, double t);

#endif
