/*
 * derived.h - figures the writers show that follow from the statistics
 * without being tests: each member's CAR path and day-0 row, the 95% band
 * of each CAAR path and the headline interval (methodology, "Plots"), the
 * order of the members by final CAR, and each member's alpha over the
 * headline window. Computed once per run (di_derived_compute, after the
 * headlines), so that summary.txt, the plots, report.xlsx and index.html
 * show the same numbers and no writer repeats a rule.
 */
#ifndef DI_DERIVED_H
#define DI_DERIVED_H

#include <stddef.h>

/* The z of every 95% band and interval drawn or printed. */
#define DI_BAND_Z 1.96
/* |alpha x L| from this size on (a fraction: 0.10%) is shown beside the
 * headline CARs: below it the drift the normal return carries over the
 * window is smaller than the summary's rounding of a CAR matters. */
#define DI_ALPHA_MATERIAL 0.001

typedef struct di_run di_run;

/* One member of an event block (in the block's member order). */
typedef struct di_derived_member {
	const double *path;  /* CAR path: running sum of ARs from W1 ... */
	size_t len;          /* ... up to the first missing AR (len values) */
	double final_car;    /* path[len - 1]; NAN when len is 0 */
	/* day 0 (NAN without day 0 in the window or without a value) */
	double d0_r, d0_m, d0_normal, d0_ar;
	double d0_p;         /* its own t-test of SAR_0 against t(d), two-sided */
	double alpha_L;      /* alpha x L of the headline window; NAN when the
				model has no intercept beside a regressor */
} di_derived_member;

/* One block (run->blocks order). Paths and members only for event blocks. */
typedef struct di_derived {
	size_t ncaar;        /* CAAR days from W1 before the first missing one */
	double *band;        /* nw half-widths 1.96 sqrt(t - W1 + 1) S (NAN: no S) */
	double *band_lo;     /* nw: CAAR - band and CAAR + band, the edges drawn */
	double *band_hi;
	double head_hw;      /* 1.96 sqrt(L) S of the headline window (NAN: no S) */
	double head_lo;      /* bw_cda_t's CAAR of the headline window -+ head_hw */
	double head_hi;
	int head_excludes0;  /* that interval exists and does not contain 0 */
	di_derived_member *m;
	size_t n;
	size_t *by_car;      /* member indices by final CAR, highest first; members
				without a path last, in member order */
	int alpha_material;  /* some member's |alpha_L| >= DI_ALPHA_MATERIAL */
	double *paths;       /* storage of the paths (n x nw) */
} di_derived;

/* Fill run->derived (one per block). 0 or DI_ENOMEM. */
int di_derived_compute(di_run *run);
void di_derived_free(di_run *run);

/* Length in days of the headline window. */
int di_derived_head_len(const di_run *run);

#endif
