/*
 * moves.h - the computed reported-moves report: one row per reported row
 * (in the file's order), the basket, the events near the report date and
 * the notes. Built by moves.c, read by report_moves.c; the writer computes
 * nothing, the computing module writes nothing.
 */
#ifndef DI_MOVES_INTERNAL_H
#define DI_MOVES_INTERNAL_H

#include "defimpact/moves.h"

#include "claims.h"
#include "events.h"
#include "fx.h"
#include "session.h"
#include "notes.h"
#include "prices.h"
#include "stats.h"
#include "study.h"

typedef enum di_move_role {
	DI_ROLE_STOCK,
	DI_ROLE_BENCHMARK, /* the row of --benchmark */
	DI_ROLE_MARKET,    /* the row of --market, when the file has one */
	DI_ROLE_CLAIM      /* a claim over a horizon (a row with since) */
} di_move_role;

/* A claim over a horizon: its figures (claim.has 0: empty, and a note
 * says why) and the path drawn in moves-claims.svg. */
typedef struct di_move_claim {
	int has;
	di_claim_path path; /* indices into the row's series */
	double bhar;        /* against the benchmark series; NaN: no cover */
	double bhar_market; /* against --market; NaN without it */
	di_verdict verdict;
	size_t ncum;        /* path.to - path.from + 1 */
	double *cum;        /* cumulative move at each close, cum[0] = 0 */
	di_date *cum_date;
} di_move_claim;

/* One reported row. Every double is NAN where it is undefined; the model
 * columns of a row without a usable history are all NAN and why says
 * why. */
typedef struct di_move_row {
	const di_reported_move *rep;
	const char *name; /* the reported name, else the securities file's */
	di_move_role role;
	const di_series *series; /* its price history, NULL when none (for a
				  * claim on the benchmark: the benchmark series) */
	long day0;    /* first index on or after the report date (may be n) */
	/* the market model on the benchmark series (stocks); for the
	 * benchmark and market rows only sigma (the sd of their own returns)
	 * and n_est */
	int has_model;
	size_t n_est;
	di_date est_first, est_last;
	double alpha, beta, sigma;
	double expected, abnormal, z, p;
	/* the --market split (stocks with a factor fit) */
	int has_split;
	double beta_market, beta_sector;
	double market_part, sector_part, specific;
	/* reconciliation with the price data of the report date, on recon
	 * (a stock's own prices in its quoting currency, the reported
	 * figure's; an index row's series), recon_i its row of the date */
	const di_series *recon;
	long recon_i;
	double close_to_close;
	double prev_close, implied, day_low, day_high; /* raw prices */
	int in_day_range; /* 1, 0, or -1 when unknown */
	/* |reported - close_to_close| > DI_MOVES_DISAGREE_SD sigma: the figure
	 * disagrees with the day's prices (a typo, another day or basis) */
	int disagrees;
	/* the session fraction used: the row's own, or computed from asof
	 * (f_how "given", "computed", "no time"); w, k, e behind a computed one */
	double f, f_w, f_e;
	int f_k;
	const char *f_how;
	int f_w_default; /* w is DI_OVERNIGHT_SHARE_DEFAULT (no Open column) */
	char why[256];    /* "" when the model columns are filled */
	/* estimation residuals on their dates, for the basket's S_b */
	double *resid;
	di_date *resid_date;
	di_move_claim claim; /* role DI_ROLE_CLAIM only */
} di_move_row;

typedef struct di_basket {
	size_t n_reported;    /* stock rows */
	double mean_reported; /* over every stock row */
	double spread;        /* mean_reported - m_B */
	size_t n;             /* stocks with a model */
	double mean_reported_model, mean_expected, mean_abnormal;
	double S_b;           /* sd of the daily mean residual */
	size_t n_days;        /* days behind S_b */
	double f;             /* the session fraction used (the benchmark's) */
	di_stat z;            /* basket_z against N(0,1) */
	di_stat csect;        /* csect_t over the abnormal moves */
} di_basket;

#define DI_MOVES_DISAGREE_SD 4.0

struct di_moves {
	const di_study *study;
	/* the inputs, from files (own_*, freed with the report) or borrowed
	 * from memory (di_study_use_*) */
	const di_prices *prices;
	const di_reported *reported;
	const di_events *events;      /* NULL without events */
	const di_securities *secinfo; /* NULL without securities */
	di_prices *own_prices;
	di_reported *own_reported;
	di_events *own_events;
	di_securities *own_secinfo;
	di_fx fx;               /* the series converted to --currency */
	di_date date;           /* the report date */
	const di_series *bench; /* the benchmark series, NULL: no history */
	const di_series *market; /* NULL without --market */
	di_move_row *rows;      /* reported->n, in the file's order */
	size_t nrows;
	long bench_row, market_row; /* row indices, -1 when absent */
	size_t nclaims;         /* rows of role DI_ROLE_CLAIM */
	double m_B;             /* the benchmark's reported move */
	double m_M;             /* the market move used for the split */
	const char *m_M_source; /* "reported", "close-to-close" or NULL */
	di_basket basket;
	size_t *linked;         /* indices of events near the report date */
	long *linked_day0;      /* their day 0 on calendar (di_calendar_day0), or -1 */
	size_t nlinked;
	const di_series *calendar; /* the calendar of that link */
	di_notes notes;         /* warnings, also shown in the summary */
	di_tzset tzs;           /* exchange zones of the session fractions */
	int basket_mode;        /* --benchmark-series basket */
	di_series **baskets;    /* basket mode: per row, the basket of the other
				 * stocks (NULL for other rows); then the whole
				 * basket (index nrows), which is bench */
};

#endif
