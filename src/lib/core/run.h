/*
 * run.h - the computed event study: every security-event's estimates, ARs
 * and CARs, the blocks (events, types, ALL) with their AARs and tests.
 * Built by run.c (and blockstats.c), read by the report writers. The
 * writers never compute a statistic; the computing modules never write.
 */
#ifndef DI_RUN_INTERNAL_H
#define DI_RUN_INTERNAL_H

#include "defimpact/run.h"

#include "calendar.h"
#include "derived.h"
#include "digest.h"
#include "events.h"
#include "fx.h"
#include "session.h"
#include "model.h"
#include "notes.h"
#include "prices.h"
#include "result_view.h"
#include "stats.h"
#include "study.h"

/* The tests (DI_T_*, di_test_names): result_view.h, where the writers
 * read them. */

/* One included security-event. Event-window arrays have nw entries
 * (relative days W1..W2); NAN or DI_NO_DATE where a value is missing. */
typedef struct di_secev {
	size_t event;  /* index in run->events->e */
	size_t ticker; /* index in run->tickers */
	const di_returns *ret;
	long day0;     /* index of day 0 on its model calendar (ret->date) */
	di_fit fit;    /* fit.xtx_inv: kx x kx, carved with the arrays below */
	/* the estimation sample, ascending */
	size_t n_est;
	int *est_rel;
	di_date *est_date;
	/* R and the n_est x kx regressor rows: what the fit reads. The run's
	 * own security-events fit them in their worker's scratch and keep
	 * NULL (di_secev_est_row reads a row back from the calendar); the
	 * trial slots (di_secev_alloc) hold them */
	double *est_y;
	double *est_x;
	double *est_resid; /* residual (market-adjusted: R - Rm) */
	double pos_share;  /* share of positive residuals */
	/* the event window */
	di_date *date;
	double *r, *m, *normal, *ar, *sar;
	double *x;         /* nw x kx regressor rows */
	/* the CAR windows (run->study->ncar) */
	double *car, *car_sd, *scar, *bhar;
	/* Corrado: U = rank / (T + 1) - 1/2 of its ARs over the estimation
	 * sample, then the event window's days with an AR (nrank values);
	 * made once per security-event, read by every block holding it */
	double *rank_u;
	size_t nrank;
	/* grank_t and gsign_z: its SARs on the estimation days (0 where s = 0)
	 * in ascending order (ties in day order), the estimation point and the
	 * relative day of each; made once per security-event (di_secev_fit),
	 * read by every block holding it (the days) and by its Corrado ranks
	 * (the order, as a hint) */
	double *gsar_sorted;
	size_t *gsar_order; /* gsar_sorted[k] is the SAR of estimation point gsar_order[k] */
	int *gsar_rel;      /* and of relative day gsar_rel[k] */
	int gsar_ties;      /* two of the sorted SARs are equal */
	void *mem;          /* the one block holding the arrays above */
} di_secev;

typedef struct di_exclusion {
	char *event_id;
	char *ticker; /* "" for no-securities */
	const char *reason;
	char *detail;
} di_exclusion;

typedef struct di_test_value {
	size_t n;
	double estimate;
	di_stat s;
	double rbar;
	double p_placebo;  /* NAN when not computed (--placebo 0, or no trial) */
	size_t n_placebo;  /* trials in which the statistic existed */
} di_test_value;

/* A window of tests.csv: a day (car < 0) or the car-th CAR window. */
typedef struct di_test_window {
	int from, to;
	int car; /* index in study->car, or -1 for a single day */
} di_test_window;

typedef struct di_block {
	char *id;      /* event id, "type:<type>" or "ALL" */
	long event;    /* index of the event, -1 for type and ALL blocks */
	size_t *se;    /* member security-events (indices into run->se) */
	size_t n;
	/* aar.csv rows, nw each */
	size_t *aar_n;
	double *aar, *caar;
	/* tests: ntw x DI_NTESTS */
	di_test_value *tests;
	int clustered;  /* the members share day 0 (a calendar date) */
	int aligned;    /* a pooled block some of whose events have an expected_sign:
			   its AARs and tests are of sign-aligned values */
	double bw_S;    /* S of bw_cda_t (NAN when undefined) */
	double bw_df;
	/* ntw x DI_NTESTS: the smallest p an exact discrete test (sign_z,
	 * gen_sign_z, wilcoxon_z) can reach at this N; NAN for the others */
	double *min_p;
	/* the day-0 move (block_day0), means over the members with an AR on
	 * day 0: raw return, the market return paired with it, and the AR */
	size_t day0_n;
	di_date day0_date; /* DI_NO_DATE when the members' day 0s differ */
	double day0_r, day0_m, day0_aar;
	/* the summary's headline (di_headlines_compute) */
	int lead;       /* the lead test */
	int pool;       /* DI_POOL_OK, or why a pooled block is no headline */
	double p_holm;  /* the headline p Holm-adjusted across the event blocks */
} di_block;

struct di_run {
	const di_study *study;
	const di_prices *prices; /* the study's in-memory data or own_prices */
	const di_events *events;
	di_prices *own_prices;   /* loaded from files by the run, else NULL */
	di_events *own_events;
	const di_securities *secinfo; /* NULL without securities (file or memory) */
	di_securities *own_secinfo;   /* loaded from the file; NULL in memory */
	const di_series *reg[1 + DI_MAX_FACTORS]; /* market, then factors */
	size_t nreg;
	di_tzset tzs;           /* zones of timed events and exchange closes */
	const di_tz **tclose;   /* per ticker: its exchange's zone, NULL when no
				 * event has a time */
	int *tclose_min;        /* and its closing minute */
	const di_series **tmkt; /* per ticker: its own market (securities file
				 * `market`), NULL: the study market reg[0] */
	int kx;                 /* regressor columns of the model (0 for madj) */
	const di_series **tickers; /* securities of the study, output order:
				      the treated, then the controls */
	size_t ntickers;
	size_t ntreated;        /* tickers[ntreated..] are the controls */
	di_returns *rets;       /* per ticker: its model calendar and returns */
	di_fx fx;               /* the series converted to --currency */
	char **nofx;            /* per ticker: why no FX series converts it
				 * (excluded as no-fx), NULL when one does;
				 * NULL without --currency */
	di_returns mref;        /* the market's own calendar: a ticker whose
				   regressor returns equal its x shares them */
	di_date *mgap;          /* market gaps (di_calendar_market_gaps) */
	size_t nmgap;
	di_secev *se;
	size_t nse;
	di_exclusion *exc;
	size_t nexc, exc_cap;
	di_notes notes;         /* warnings, also shown in the summary */
	di_digests *digests;    /* of the input files, made meanwhile (start_digests) */
	unsigned char *event_kept;
	di_block *blocks;
	size_t nblocks;
	di_test_window *tw;
	size_t ntw;
	int nw;                 /* event-window days */
	size_t head_tw;         /* test window of the headlines */
	long day0_tw;           /* test window of day 0, -1 when none */
	long *d0_all;           /* events x tickers: day 0 as the calendar gives it
				 * (-1 none within 7 days, -2 not the event's) */
	/* placebo dates (placebo.c): per event, its candidates and trials */
	size_t *plc_ncand, *plc_ntrials;
	/* what the writers show beyond the tests, per block (derived.c) */
	di_derived *derived;
	int trim;               /* the closes kept only around the events (keep.h) */
};

/* di_run_new without warnings: simulate's run of the real events, whose
 * exclusions and overlaps are not its report's. */
int di_run_new_silent(di_run **out, const di_study *study);

/* Estimation row j of se (a usable row): returns its R and fills x with
 * its regressors, as di_secev_est_sample took them (est_y, est_x). A trial
 * slot keeps the rows its fit read (the same values, in a row of their
 * own): the blocks of a trial read them there, inline (per point of every
 * member in every trial); the run's own security-events read them back
 * from the calendar (di_secev_est_row_cal). */
double di_secev_est_row_cal(const di_run *run, const di_secev *se, size_t j, double *x);
static inline double di_secev_est_row(const di_run *run, const di_secev *se, size_t j,
				      double *x)
{
	if (se->est_y) {
		size_t kk = run->kx ? (size_t)run->kx : 1;
		for (size_t q = 0; q < kk; q++)
			x[q] = se->est_x[j * kk + q];
		return se->est_y[j];
	}
	return di_secev_est_row_cal(run, se, j, x);
}

/* A control security-event: in ar.csv, car.csv and estimates.csv, never
 * in a block; only dcaar_t reads it. */
static inline int di_secev_is_control(const di_run *run, const di_secev *se)
{
	return se->ticker >= run->ntreated;
}

/* The sign a member's values are multiplied by in block b: its event's
 * expected_sign in a pooled block (type:, ALL) when that is -1, else 1
 * (an event block is never aligned; an event without a sign counts +1). */
double di_block_sign(const di_run *run, const di_block *b, size_t se);

/* blockstats.c: the blocks, their AARs and every test. */
int di_blocks_compute(di_run *run);
void di_blocks_free(di_run *run);
/* The summary's headlines, from the blocks' tests: the headline window,
 * each block's lead test, whether a pooled block may be a headline, and the
 * Holm adjustment of the event blocks' headline p-values (placebo p where
 * it exists). Run it after the placebo p-values are filled. 0 or
 * DI_ENOMEM. */
int di_headlines_compute(di_run *run);
/* One block's AARs and tests from run->se (b->se, b->n set), allocating
 * b->aar_n, b->aar, b->caar, b->tests and b->min_p; the placebo and
 * simulate trials call it on their own copy of the run. ws: NULL or a
 * workspace for min(est length) x kx fits; rb: the rbar of run's
 * security-events (rbar.h: di_rbar_new). */
typedef struct di_rbar di_rbar;
int di_block_compute(di_run *run, di_block *b, di_fit_ws *ws, di_rbar *rb);
/* Free what di_block_compute allocated (b->id and b->se stay). */
void di_block_results_free(di_block *b);
/* The first block j <= i whose tests block i repeats (blocks[i] itself
 * when there is none): the same members (any subset of them taken alike
 * gives the same tests), the same alignment and, with controls, the same
 * kind (event or pooled). A twin j < i is always its own first twin. */
size_t di_block_twin(const di_run *run, size_t i);

/* run.c: the stages of one security-event, for trials at other day 0s.
 * se->ret, se->ticker, se->event and se->day0 set, arrays allocated with
 * di_secev_alloc. skip_event: the event whose own window
 * --clean-estimation keeps (SIZE_MAX: drop every real event's window). */
int di_secev_alloc(di_secev *se, const di_run *run);
void di_secev_dispose(di_secev *se);
/* Is series index i of ticker t a usable estimation return? */
int di_secev_est_usable(const di_run *run, size_t t, long i, size_t skip_event);
void di_secev_est_sample(const di_run *run, di_secev *se, size_t skip_event);
/* di_secev_est_sample(run, se, SIZE_MAX) when every row of the estimation
 * window lies in the calendar and is usable (a placebo trial knows it from
 * its counts of usable rows): the same sample, without a check per row. */
void di_secev_est_sample_full(const di_run *run, di_secev *se);
/* 0, 1 for a singular design, or an error code. ws: the worker's (NULL
 * for the market-adjusted model), rw: its rank scratch. */
int di_secev_fit(const di_run *run, di_secev *se, di_fit_ws *ws, di_rank_ws *rw);
/* di_secev_fit of a and b, its results into rc[0] and rc[1]: the two
 * market-model fits side by side (di_fit_pair_resid) when ws is set quick
 * and both samples have the same length, the same bits either way. */
void di_secev_fit_pair(const di_run *run, di_secev *a, di_secev *b, di_fit_ws *ws,
		       di_rank_ws *rw, int rc[2]);
/* The event window, CARs and Corrado ranks; inject is added to the
 * return of day 0. 0 or DI_ENOMEM. */
int di_secev_window(const di_run *run, di_secev *se, double inject, di_rank_ws *rw);

/* placebo.c: p_placebo and n_placebo of every block's tests, and the
 * candidate counts (run->plc_*). Nothing when study->placebo is 0. */
int di_placebo_compute(di_run *run);


/* The run's input files, as manifest.txt lists them (di_manifest_inputs:
 * DI_MANIFEST_MAX_INPUTS(run->prices) slots); their number. Data given in
 * memory have no file. */
size_t di_run_inputs(const di_run *run, di_manifest_input *in);

#endif
