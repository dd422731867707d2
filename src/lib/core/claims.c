/*
 * claims.c - claims over a horizon: qualifiers, their bands, the verdict
 * rule (the only place it lives) and the cumulative path of a series.
 *
 * Bands (docs/moves.md): for a claim of magnitude x, "nearly x" accepts
 * [0.85 x, x] (the reading: nearly means not quite); "about x" and
 * a bare x accept x +- 10% of x (a figure in a headline is itself a
 * rounded one); "more than x" accepts anything above x, "at least x"
 * anything from x up. A negative claim is read on the mirrored move, so
 * "fell nearly 20%" accepts falls of 17% to 20%.
 */
#include <math.h>
#include <strings.h>

#include "calendar.h"
#include "claims.h"
#include "prices.h"

#define NEARLY_LO 0.85 /* nearly x: at least 85% of x */
#define ABOUT_TOL 0.10 /* about x and a bare x: within 10% of x */

static const char *const qual_name[] = {"", "nearly", "about", "more than", "at least"};

int di_qualifier_parse(const char *s, size_t n, di_qualifier *q)
{
	for (int k = DI_QUAL_NONE; k <= DI_QUAL_AT_LEAST; k++) {
		size_t len = 0;
		while (qual_name[k][len])
			len++;
		if (len == n && (!n || !strncasecmp(s, qual_name[k], n))) {
			*q = (di_qualifier)k;
			return 0;
		}
	}
	return -1;
}

const char *di_qualifier_name(di_qualifier q)
{
	return qual_name[q];
}

const char *di_verdict_name(di_verdict v)
{
	switch (v) {
	case DI_VERDICT_CONSISTENT: return "consistent";
	case DI_VERDICT_HELD_PEAK: return "held at the peak";
	case DI_VERDICT_HELD_TROUGH: return "held at the trough";
	case DI_VERDICT_OVERSTATED: return "overstated";
	case DI_VERDICT_UNDERSTATED: return "understated";
	case DI_VERDICT_NONE: break;
	}
	return "";
}

di_band di_claim_band(double x, di_qualifier q)
{
	switch (q) {
	case DI_QUAL_NEARLY: return (di_band){NEARLY_LO * x, x, 0};
	case DI_QUAL_MORE_THAN: return (di_band){x, INFINITY, 1};
	case DI_QUAL_AT_LEAST: return (di_band){x, INFINITY, 0};
	case DI_QUAL_ABOUT:
	case DI_QUAL_NONE: break;
	}
	return (di_band){(1.0 - ABOUT_TOL) * x, (1.0 + ABOUT_TOL) * x, 0};
}

int di_band_cmp(const di_band *b, double a)
{
	if (b->lo_open ? !(a > b->lo) : a < b->lo)
		return -1;
	return a > b->hi ? 1 : 0;
}

di_verdict di_claim_verdict(double claim, di_qualifier q, double actual, double peak,
			    double trough)
{
	/* the claim's direction: a fall is read on the mirrored path */
	double s = claim < 0 ? -1.0 : 1.0;
	double ext = s > 0 ? peak : -trough;
	di_band b = di_claim_band(fabs(claim), q);
	int c;
	if (isnan(claim) || isnan(actual) || isnan(peak) || isnan(trough))
		return DI_VERDICT_NONE;
	c = di_band_cmp(&b, s * actual);
	if (c == 0)
		return DI_VERDICT_CONSISTENT;
	if (c > 0)
		return DI_VERDICT_UNDERSTATED;
	/* short of the claim now, but the move reached it at its extreme */
	if (di_band_cmp(&b, ext) >= 0)
		return s > 0 ? DI_VERDICT_HELD_PEAK : DI_VERDICT_HELD_TROUGH;
	return DI_VERDICT_OVERSTATED;
}

double di_claim_cum(const di_series *s, const di_claim_path *p, long t)
{
	return t == p->from ? 0.0 : s->price[t] / s->price[p->from] - 1.0;
}

int di_claim_path_of(const di_series *s, di_date since, di_date end, di_claim_path *p)
{
	p->from = di_series_on_or_before(s, since - 1);
	p->to = di_series_on_or_before(s, end);
	if (p->from < 0)
		return -1;
	if (p->to <= p->from)
		return -2;
	p->peak = -INFINITY;
	p->trough = INFINITY;
	for (long t = p->from + 1; t <= p->to; t++) {
		double c = di_claim_cum(s, p, t);
		if (c > p->peak) {
			p->peak = c;
			p->peak_at = t;
		}
		if (c < p->trough) {
			p->trough = c;
			p->trough_at = t;
		}
	}
	p->actual = di_claim_cum(s, p, p->to);
	return 0;
}

double di_buy_hold(const di_series *s, di_date d0, di_date d1)
{
	long i0 = di_series_on_or_before(s, d0), i1 = di_series_on_or_before(s, d1);
	if (i0 < 0 || i1 < i0)
		return NAN;
	return s->price[i1] / s->price[i0] - 1.0;
}
