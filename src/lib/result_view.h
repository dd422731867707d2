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
#include "events.h"
#include "study.h"

/* Which p a test value's mark rests on (signif.c decides). */
typedef enum di_p_kind {
	DI_P_NONE,    /* no p at all (the statistic is undefined) */
	DI_P_NOMINAL, /* from the test's reference distribution */
	DI_P_PLACEBO  /* from the placebo dates (p_placebo) */
} di_p_kind;

/* One input file of a report: its role ("study", "prices", "events",
 * "securities", "reported") and its path as given (manifest.txt). */
typedef struct di_manifest_input {
	const char *role;
	const char *path;
} di_manifest_input;

/* A block's headline: its lead test over the headline window
 * (di_headlines_compute), with the p in use and its mark decided. */
typedef struct di_rv_headline {
	const char *lead;    /* the lead test's name (tests.csv) */
	double caar;         /* the lead test's estimate: the window's CAAR */
	double stat, df;     /* NAN when undefined */
	double p;            /* the p in use (placebo p where there is one) */
	di_p_kind kind;
	double p_holm;       /* Holm across the event blocks; NAN for the pooled */
	size_t n;
	int headline;        /* a pooled block may be a headline (signif.c) */
	int significant;     /* the lead test earns its star (di_test_star) */
} di_rv_headline;

/* One member of an event block, in the block's member order. */
typedef struct di_rv_member {
	const char *ticker;
	const char *name;             /* from the securities file; "" */
	const double *car;            /* the study's ncar CAR windows */
	const unsigned char *car_sig; /* ncar: its own SCAR t-test at 5% */
	const di_derived_member *d;   /* CAR path, day-0 row, alpha x L */
} di_rv_member;

typedef struct di_rv_block {
	const char *id;             /* event id, "type:<type>" or "ALL" */
	const di_event *event;      /* NULL for a pooled block */
	size_t index;               /* in the run's block order */
	const double *caar;         /* nw CAARs from W1 (NAN: missing) */
	const di_derived *d;        /* band, headline half-width, by_car */
	di_rv_headline head;
	const di_rv_member *m;      /* event blocks only */
	size_t n;                   /* members (0 for a pooled block) */
} di_rv_block;

typedef struct di_rview {
	const di_run *run;          /* opaque: the table views (di_run_table) */
	const di_study *study;      /* the options a writer prints */
	int nw;                     /* event-window days */
	int head_from, head_to;     /* the headline window */
	int head_len;               /* its length in days */
	di_rv_block *blocks;
	size_t nblocks;
	/* manifest.txt: the input files, and the treated securities */
	di_manifest_input *inputs;
	size_t ninputs;
	const char **treated;
	size_t ntreated;
	/* storage of the members and their marks */
	di_rv_member *members;
	unsigned char *sig;
} di_rview;

/* The view of a computed run (di_run_new's result), valid while the run
 * lives. 0 or DI_ENOMEM. */
int di_rview_new(const di_run *run, di_rview **out);
void di_rview_free(di_rview *v);

#endif
