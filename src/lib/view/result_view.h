/*
 * result_view.h - what the report writers read of a run: a read-only view
 * built once per report (result_view.c) from what run.c, blockstats.c,
 * signif.c and derived.c computed. A writer that reads this view formats;
 * every rule (which p, which star, which window, which day) was applied
 * here, in the engine, so no two writers can apply it differently. The
 * view includes no run.h: a writer cannot reach the run's internals.
 */
#ifndef DI_RESULT_VIEW_H
#define DI_RESULT_VIEW_H

#include <stddef.h>

#include "defimpact/run.h"

#include "date.h"
#include "derived.h"
#include "digest.h"
#include "events.h"
#include "study.h"

/* The tests of tests.csv, in its order; di_test_names their names. */
enum {
	DI_T_CSECT,
	DI_T_BW_CDA,
	DI_T_PATELL,
	DI_T_PATELL_KP,
	DI_T_BMP,
	DI_T_BMP_KP,
	DI_T_CORRADO,
	DI_T_SIGN,
	DI_T_GEN_SIGN,
	DI_T_WILCOXON,
	DI_T_PORTFOLIO,
	DI_T_GRANK,
	DI_T_GSIGN,
	DI_T_SKEW_ADJ,
	DI_T_BHAR_SKEW_ADJ,
	DI_T_DCAAR,
	DI_NTESTS
};
extern const char *const di_test_names[DI_NTESTS];

/* Which p a test value's mark rests on (signif.c decides). */
typedef enum di_p_kind {
	DI_P_NONE,    /* no p at all (the statistic is undefined) */
	DI_P_NOMINAL, /* from the test's reference distribution */
	DI_P_PLACEBO  /* from the placebo dates (p_placebo) */
} di_p_kind;

/* How a shared day 0 threatens a test's nominal p (signif.c decides). */
enum { DI_ROBUST = 0, DI_NOT_ROBUST_SHARED_DAY0, DI_OVER_REJECTS_SHARED_DAY0 };
/* Why a pooled block is no headline (signif.c: di_pool_verdict). */
enum { DI_POOL_OK = 0, DI_POOL_OPPOSITE, DI_POOL_PARTIAL };
/* Why the p in use cannot reach 5% whatever the data. */
enum {
	DI_REACH_OK = 0,
	DI_REACH_EXACT,  /* an exact test at this N: floor is its smallest p */
	DI_REACH_PLACEBO /* too few placebo dates: floor is their smallest p */
};

/* One test over one window, its p, mark and notes decided (signif.c). */
typedef struct di_rv_test {
	const char *name;
	double estimate, stat, df; /* NAN when undefined */
	double p_nominal, p_placebo;
	size_t n, n_placebo;
	double p;                  /* the p in use */
	di_p_kind kind;
	int star;                  /* di_test_star */
	int withheld;              /* its p is significant, the star withheld */
	int risk;                  /* its shared-day-0 risk in a clustered block,
				      else DI_ROBUST */
	int reach;                 /* DI_REACH_*, with floor */
	double floor;
} di_rv_test;

/* One line of the treated-vs-control section. */
typedef struct di_rv_dcaar {
	int from, to;
	double treated, controls, dcaar; /* CAARs */
	double stat, df, p, p_placebo;
} di_rv_dcaar;

/* One input file of a report: its role ("study", "prices", "events",
 * "securities", "reported") and its path as given (manifest.txt). */
typedef struct di_manifest_input {
	const char *role;
	const char *path;
} di_manifest_input;

/* One member of an event block, in the block's member order. */
typedef struct di_rv_member {
	const char *ticker;
	size_t ticker_index;          /* in the study's securities (tickers) */
	const char *name;             /* from the securities file; "" */
	const di_date *dates;         /* nw dates of its event window */
	di_date d0_date;              /* its day 0 (DI_NO_DATE: none) */
	int d0_sig;                   /* its day-0 t-test at 5% */
	const double *car;            /* the study's ncar CAR windows */
	const unsigned char *car_sig; /* ncar: its own SCAR t-test at 5% */
	const di_derived_member *d;   /* CAR path, day-0 row, alpha x L */
} di_rv_member;

typedef struct di_rv_block {
	const char *id;             /* event id, "type:<type>" or "ALL" */
	const di_event *event;      /* NULL for a pooled block */
	const double *caar;         /* nw CAARs from W1 (NAN: missing) */
	double S;                   /* bw_cda_t's S (NAN: undefined) */
	const di_derived *d;        /* band, headline half-width, by_car */
	double p_holm;              /* the headline p Holm-adjusted across the event
				       blocks; NAN for a pooled block */
	int holm_sig;               /* p_holm significant at 5% */
	const di_rv_member *m;      /* event blocks only */
	size_t n;                   /* members (security-events of a pooled block) */
	/* the tests, day 0 and the rest of summary.txt (result_view_text.c) */
	int clustered, aligned, pool; /* pool: DI_POOL_* (OK: may be a headline) */
	size_t nev, nev_unsigned;   /* a pooled block's events; those without a sign */
	di_rv_test lead;            /* the headline: the lead test over the headline
				       window (di_headlines_compute); its reach
				       is the placebo floor only */
	di_rv_test *tests;          /* the tests table of the headline window, in */
	size_t ntests;              /* the order shown (dcaar_t apart) */
	di_rv_test bw, portfolio;   /* bw_cda_t and portfolio_t, headline window */
	double rbar;                /* and the n of csect_t, headline window */
	size_t rbar_n;
	/* day 0: the move of the members with an AR on day 0 (has_day0) */
	int has_day0;
	size_t day0_n;
	di_date day0_date;          /* DI_NO_DATE when the members' day 0s differ */
	double day0_r, day0_m, day0_aar;
	double day0_p_placebo, day0_p_nominal; /* the lead test on day 0 */
	size_t day0_n_placebo;
	int day0_placebo_sig;
	const char *group;          /* the members' common group, else "" */
	/* one security: its own SCAR t-test on the headline window (lone) */
	int lone;
	double lone_p;
	int lone_sig;
	double *caar_car;           /* per CAR window: the lead test's CAAR (NAN: */
	unsigned char *caar_star;   /* no such test window) and its star */
	size_t *diff_days;          /* window positions of the headline window
				       (and day 0) whose dates differ by member */
	size_t ndiff;
	di_rv_dcaar *dcaar;         /* treated vs control ([0,1], headline) */
	size_t ndcaar, ncontrols;
	size_t *excluded;           /* the event's excluded securities: indices */
	size_t nexcluded;           /* into the view's exc */
} di_rv_block;

/* --currency: one series converted other than plainly, or not at all. */
typedef struct di_rv_fx {
	const char *ticker;
	const char *market_of;      /* a security's own market: that security */
	const char *nofx;           /* why it is not converted (excluded), or NULL */
	char how[160];
} di_rv_fx;

typedef struct di_rv_exclusion {
	const char *event_id, *ticker, *reason, *detail; /* ticker "": the event */
} di_rv_exclusion;

typedef struct di_rview {
	const di_run *run;          /* opaque: the table views (di_run_table) */
	const di_study *study;      /* the options a writer prints */
	int nw;                     /* event-window days */
	int head_from, head_to;     /* the headline window */
	int head_len;               /* its length in days */
	di_rv_block *blocks;
	size_t nblocks;
	/* summary.txt */
	size_t holm_m;              /* the event blocks in Holm's family */
	int day0_window;            /* day 0 is a test window */
	int placebo_on;             /* placebo p-values were drawn */
	const char **regs;          /* the market, then the factors */
	size_t nregs;
	const char *market_name;    /* the market's name, "" */
	const char **tickers;       /* the treated, then the controls */
	size_t ntickers;
	const char **own_market;    /* per ticker: its own market, or NULL */
	int own_markets;            /* some ticker has one */
	size_t nevents, nkept, nse;
	const di_rv_exclusion *exc;
	size_t nexc;
	const char *const *notes;
	size_t nnotes;
	const char **plc_event;     /* the placebo candidates of each kept event */
	size_t *plc_ncand;          /* (placebo_on) */
	size_t plc_n;
	const di_date *mgap;
	size_t nmgap;
	di_rv_fx *fx;
	size_t nfx;
	char over_rejects[160], not_robust[160]; /* test names by risk */
	/* manifest.txt: the input files, and the treated securities */
	di_manifest_input *inputs;
	size_t ninputs;
	di_digests *digests; /* the run's, of the inputs (NULL: made when written) */
	const char **treated;
	size_t ntreated;
	/* storage of the members and their marks */
	di_rv_member *members;
	unsigned char *sig;
	di_rv_exclusion *exc_store;
} di_rview;

/* The view of a computed run (di_run_new's result), valid while the run
 * lives. 0 or DI_ENOMEM. */
int di_rview_new(const di_run *run, di_rview **out);
void di_rview_free(di_rview *v);

/* result_view_text.c: each block's tests (its headline's lead test
 * among them), day 0, and the run's lists summary.txt shows; called by
 * di_rview_new. */
int di_rview_fill_text(const di_run *run, di_rview *v);
void di_rview_free_text(di_rview *v);

#endif
