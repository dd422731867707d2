/*
 * calendar.c - returns across each security's own gaps and the pairing
 * rule of the methodology: the market return that goes with R_t runs from
 * the market's last close on or before the security's previous trading day
 * to its last close on or before the security's current trading day. So a
 * security closed on 24 Dec is compared over the same span as the index,
 * and nothing is shifted by position.
 */
#include <math.h>

#include "alloc.h"
#include "calendar.h"
#include "error.h"

long di_series_on_or_before(const di_series *f, di_date d)
{
	size_t lo = 0, hi = f->n; /* first index with date > d */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->date[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

long di_calendar_day0(const di_series *s, di_date d)
{
	long i = di_series_on_or_before(s, d - 1) + 1; /* first date >= d */
	if (i >= (long)s->n || s->date[i] - d > 7)
		return -1;
	return i;
}

static double ret(double p1, double p0, int log_returns)
{
	return log_returns ? log(p1 / p0) : p1 / p0 - 1.0;
}

int di_returns_compute(di_returns *out, const di_series *s, const di_series *const *reg,
		       size_t nreg, int log_returns)
{
	size_t n = s->n;
	out->s = s;
	out->n = n;
	out->nx = nreg;
	out->r = di_reallocarray(NULL, n ? n : 1, sizeof(double));
	out->x = di_reallocarray(NULL, (n ? n : 1) * (nreg ? nreg : 1), sizeof(double));
	if (!out->r || !out->x) {
		di_returns_dispose(out);
		return di_error_oom();
	}
	for (size_t i = 0; i < n; i++) {
		out->r[i] = i ? ret(s->price[i], s->price[i - 1], log_returns) : NAN;
		if (i && !isfinite(out->r[i])) {
			char d[11];
			di_date_format(s->date[i], d);
			di_returns_dispose(out);
			return di_error_at(DI_EDATA, s->file, s->line ? s->line[i] : 0,
					   "the return of %s on %s is not a finite number (prices %g "
					   "then %g)",
					   s->ticker, d, s->price[i - 1], s->price[i]);
		}
	}
	for (size_t j = 0; j < nreg; j++) {
		const di_series *f = reg[j];
		double *x = out->x + j * n;
		long b_prev = -1;
		for (size_t i = 0; i < n; i++) {
			/* a walks with the security's previous date, b with its date */
			long a = b_prev, b;
			if (i == 0) {
				x[i] = NAN;
				b_prev = di_series_on_or_before(f, s->date[0]);
				continue;
			}
			b = di_series_on_or_before(f, s->date[i]);
			/* before the regressor's first close, or after its last one (a
			 * series that has ended), there is no return: "no new close"
			 * means a holiday, not the end of the data */
			if (a < 0 || s->date[i] > f->date[f->n - 1])
				x[i] = NAN;
			else
				x[i] = a == b ? 0.0 : ret(f->price[b], f->price[a], log_returns);
			if (!isfinite(x[i]) && !isnan(x[i])) {
				char d[11];
				di_date_format(f->date[b], d);
				di_returns_dispose(out);
				return di_error_at(DI_EDATA, f->file, f->line ? f->line[b] : 0,
						   "the return of %s up to %s is not a finite number",
						   f->ticker, d);
			}
			b_prev = b;
		}
	}
	return 0;
}

void di_returns_dispose(di_returns *r)
{
	di_free(r->r);
	di_free(r->x);
	r->r = r->x = NULL;
}
