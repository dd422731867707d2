/*
 * claims.h - press claims over a horizon ("nearly 2,000% since the
 * invasion"): the qualifiers, the band of actual moves each one accepts,
 * the one verdict rule, and the cumulative path of a series over the
 * horizon (methodology and docs/moves.md, "Claims over a horizon").
 * Pure functions of their arguments: moves.c calls them, the unit tests
 * check them on hand cases.
 */
#ifndef DI_CLAIMS_H
#define DI_CLAIMS_H

#include <stddef.h>

#include "date.h"

struct di_series; /* prices.h: the loader of claims needs no prices */

typedef enum di_qualifier {
	DI_QUAL_NONE, /* a bare figure */
	DI_QUAL_NEARLY,
	DI_QUAL_ABOUT,
	DI_QUAL_MORE_THAN,
	DI_QUAL_AT_LEAST
} di_qualifier;

typedef enum di_verdict {
	DI_VERDICT_NONE, /* no figures: no verdict */
	DI_VERDICT_CONSISTENT,
	DI_VERDICT_HELD_PEAK,
	DI_VERDICT_HELD_TROUGH,
	DI_VERDICT_OVERSTATED,
	DI_VERDICT_UNDERSTATED
} di_verdict;

/* "nearly", "about", "more than", "at least" (case-insensitive; n bytes
 * at s) or the empty text (none). Returns 0, or -1 for anything else. */
int di_qualifier_parse(const char *s, size_t n, di_qualifier *q);
/* The qualifier as written in a report; "" for none. */
const char *di_qualifier_name(di_qualifier q);
/* The verdict as written in moves.csv; "" for none. */
const char *di_verdict_name(di_verdict v);

/* The magnitudes a consistent with a claim of magnitude x >= 0:
 * lo <= a <= hi, or lo < a when lo_open; hi is INFINITY when unbounded. */
typedef struct di_band {
	double lo, hi;
	int lo_open;
} di_band;

di_band di_claim_band(double x, di_qualifier q);
/* -1 when a falls short of the band, 0 inside, +1 beyond it. */
int di_band_cmp(const di_band *b, double a);

/*
 * The verdict of a claimed cumulative move `claim` (a signed fraction)
 * with qualifier q, given the actual move and the peak and trough of the
 * path. Magnitudes in the claim's direction (a negative claim is
 * mirrored): inside the band, consistent; short of it, "held at the peak"
 * (trough for a negative claim) when the extreme in the claim's direction
 * reached the band, else overstated; beyond it, understated. NONE when a
 * figure is NaN.
 */
di_verdict di_claim_verdict(double claim, di_qualifier q, double actual, double peak,
			    double trough);

/* The path of a series over a horizon: from = its last close before
 * since, to = its last close on or before end (indices into s). */
typedef struct di_claim_path {
	long from, to;
	double actual;      /* price[to] / price[from] - 1 */
	double peak, trough; /* max and min of price[t] / price[from] - 1, t in (from, to] */
	long peak_at, trough_at; /* their first indices */
} di_claim_path;

/* 0; -1 when s has no close before since; -2 when it has none in
 * [since, end] (the horizon holds no return). */
int di_claim_path_of(const struct di_series *s, di_date since, di_date end, di_claim_path *p);

/* The cumulative move at the close of index t of the path: the one
 * definition behind actual, peak, trough and the plotted path. */
double di_claim_cum(const struct di_series *s, const di_claim_path *p, long t);

/* Buy and hold of s from its last close on or before d0 to its last close
 * on or before d1: prod(1 + R_t) - 1 = P(d1) / P(d0) - 1 (the series has no
 * gaps: a missing price removes the date). NaN when s starts after d0. */
double di_buy_hold(const struct di_series *s, di_date d0, di_date d1);

#endif
