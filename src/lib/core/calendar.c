/*
 * calendar.c - model calendars, trade-to-trade (pinned detail 2; Maynes &
 * Rumsey 1993). A security's model calendar keeps only the dates on which
 * it and every series of its model have a close, so a return always spans
 * the same calendar interval for the security and each regressor: an
 * index without a row on a day the stock trades (a gap in the vendor's
 * file, the index's own holiday), or a stock closed while the index
 * trades, make the next return of all of them span the skipped date. No
 * missing close ever becomes a 0 return.
 */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "error.h"

long di_dates_on_or_before(const di_date *date, size_t n, di_date d)
{
	size_t lo = 0, hi = n; /* first index with date > d */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (date[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

long di_series_on_or_before(const di_series *f, di_date d)
{
	return di_dates_on_or_before(f->date, f->n, d);
}

long di_dates_on_or_after(const di_date *date, size_t n, di_date d)
{
	return di_dates_on_or_before(date, n, d - 1) + 1;
}

long di_calendar_day0(const di_date *date, size_t n, di_date d)
{
	long i = di_dates_on_or_after(date, n, d);
	if (i >= (long)n || date[i] - d > DI_DAY0_MAX_DAYS)
		return -1;
	return i;
}

static double ret(double p1, double p0, int log_returns)
{
	return log_returns ? log(p1 / p0) : p1 / p0 - 1.0;
}

/* Does f have a close on d? Walks *pos forward (d ascending across calls):
 * returns the row, or -1. */
static long walk_to(const di_series *f, size_t *pos, di_date d)
{
	while (*pos < f->n && f->date[*pos] < d)
		(*pos)++;
	return *pos < f->n && f->date[*pos] == d ? (long)*pos : -1;
}

/* The calendar dates: the dates of s on which every cal series has a
 * close. One forward walk per series, no search per date. */
static void calendar_dates(di_returns *out, const di_series *s, const di_series *const *cal,
			   size_t ncal, size_t *pos)
{
	out->n = 0;
	for (size_t c = 0; c < ncal; c++)
		pos[c] = 0;
	for (size_t i = 0; i < s->n; i++) {
		int all = 1;
		for (size_t c = 0; c < ncal && all; c++)
			all = walk_to(cal[c], &pos[c], s->date[i]) >= 0;
		if (!all)
			continue;
		out->date[out->n] = s->date[i];
		out->idx[out->n++] = i;
	}
}

static int bad_return(const di_series *f, long row)
{
	char d[11];
	di_date_format(f->date[row], d);
	return di_error_at(DI_EDATA, f->file, f->line ? f->line[row] : 0,
			   "the return of %s up to %s is not a finite number", f->ticker, d);
}

/* A security's own return on row b of s that is not a number, from the
 * closes p0 (the row before in its calendar) and p1. */
static int bad_own_return(const di_series *s, size_t b, double p0, double p1)
{
	char d[11];
	di_date_format(s->date[b], d);
	return di_error_at(DI_EDATA, s->file, s->line ? s->line[b] : 0,
			   "the return of %s on %s is not a finite number (prices %g then %g)",
			   s->ticker, d, p0, p1);
}

/* Regressor j's returns over the calendar's spans. A regressor's closes
 * are all kept (keep.c's plan trims the securities only; a regressor it
 * did not know by name fails here, and the run is made in full). */
static int regressor_returns(di_returns *out, size_t j, const di_series *f, int log_returns)
{
	double *x = out->x + j * out->n;
	size_t pos = 0;
	long prev = -1;
	if (di_series_kept_n(f) != f->n)
		return di_error_set(DI_EINTERNAL, "regressor %s has a trimmed load", f->ticker);
	for (size_t i = 0; i < out->n; i++) {
		long b = walk_to(f, &pos, out->date[i]);
		x[i] = i && prev >= 0 && b >= 0 ? ret(f->price[b], f->price[prev], log_returns) : NAN;
		if (i && prev >= 0 && b >= 0 && !isfinite(x[i]))
			return bad_return(f, b);
		prev = b;
	}
	return 0;
}

/* A calendar that is every date of s (no gap in a calendar series: the
 * common case) keeps no idx (idx[i] = i) and no dates of its own (they are
 * s's): 12 bytes a day that a wide file of thousands of securities would
 * hold for nothing. */
static void drop_identity_idx(di_returns *out)
{
	if (out->n != out->s->n)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (out->idx[i] != i)
			return;
	di_free(out->idx);
	out->idx = NULL;
	di_free(out->date);
	out->date = (di_date *)out->s->date; /* read only, as every calendar's */
	out->date_shared = 1;
}

/* The row of s at calendar position i. */
static size_t cal_row(const di_returns *out, size_t i)
{
	return out->idx ? out->idx[i] : i;
}

/* The first calendar position whose row of s is row or later. */
static size_t position_from(const di_returns *out, size_t row)
{
	size_t lo = 0, hi = out->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal_row(out, mid) < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* out->r_from, out->r_n: the positions whose closes s holds (all of
 * them but in a trimmed load). The first of them has no return unless
 * it is position 0 (which has none either): the close before it was
 * not kept. */
static void kept_positions(di_returns *out, const di_series *s)
{
	size_t from = di_series_kept_from(s);
	out->r_from = position_from(out, from);
	out->r_n = position_from(out, from + di_series_kept_n(s)) - out->r_from;
}

/* out->r: the returns of s over the calendar's dates (rows idx, or every
 * row of s when idx is NULL) whose closes s holds (kept_positions); a
 * non-finite one is a data error. */
static int own_returns(di_returns *out, const di_series *s, int log_returns)
{
	size_t from = di_series_kept_from(s), i0 = out->r_from;
	for (size_t i = i0; i < i0 + out->r_n; i++) {
		size_t a = i > i0 ? cal_row(out, i - 1) - from : 0;
		size_t b = cal_row(out, i) - from;
		double *r = &out->r[i - i0];
		*r = i > i0 ? ret(s->price[b], s->price[a], log_returns) : NAN;
		if (i > i0 && !isfinite(*r))
			return bad_own_return(s, b + from, s->price[a], s->price[b]);
	}
	return 0;
}

/* own_returns over every row of s whose close it holds, written over p
 * (s's own price column) and kept as out->r: each close is read before
 * its return replaces it, the one before carried (the same ret() of the
 * same two closes, so the same bits and the same first error). On an
 * error p is partly overwritten and out->r unset. */
static int returns_in_place(di_returns *out, const di_series *s, double *p, int log_returns)
{
	double prev = p[0];
	for (size_t i = 1; i < out->r_n; i++) {
		double cur = p[i], v = ret(cur, prev, log_returns);
		if (!isfinite(v))
			return bad_own_return(s, out->r_from + i, prev, cur);
		p[i] = v;
		prev = cur;
	}
	p[0] = NAN;
	out->r = p;
	return 0;
}

int di_calendar_build_like(di_returns *out, const di_series *s, const di_returns *ref,
			   int log_returns, double *take)
{
	int rc;
	memset(out, 0, sizeof(*out));
	out->s = s;
	out->n = s->n;
	out->nx = ref->nx;
	out->date = (di_date *)s->date;
	out->date_shared = 1;
	out->x = ref->x;
	out->x_shared = 1;
	kept_positions(out, s);
	if (take) {
		rc = returns_in_place(out, s, take, log_returns);
	} else {
		out->r = di_reallocarray(NULL, out->r_n ? out->r_n : 1, sizeof(double));
		rc = out->r ? own_returns(out, s, log_returns) : di_error_oom();
	}
	if (rc)
		di_returns_dispose(out);
	return rc;
}

int di_calendar_build(di_returns *out, const di_series *s, const di_series *const *cal,
		      size_t ncal, const di_series *const *reg, size_t nreg, int log_returns)
{
	size_t n = s->n ? s->n : 1;
	size_t *pos = di_reallocarray(NULL, ncal ? ncal : 1, sizeof(size_t));
	int rc = 0;
	out->s = s;
	out->n = 0;
	out->nx = nreg;
	out->date_shared = 0;
	out->x_shared = 0;
	out->date = di_reallocarray(NULL, n, sizeof(di_date));
	out->idx = di_reallocarray(NULL, n, sizeof(size_t));
	out->r = NULL;
	out->x = di_reallocarray(NULL, n * (nreg ? nreg : 1), sizeof(double));
	if (!pos || !out->date || !out->idx || !out->x) {
		rc = di_error_oom();
		goto done;
	}
	calendar_dates(out, s, cal, ncal, pos);
	kept_positions(out, s);
	out->r = di_reallocarray(NULL, out->r_n ? out->r_n : 1, sizeof(double));
	if (!out->r) {
		rc = di_error_oom();
		goto done;
	}
	if ((rc = own_returns(out, s, log_returns)))
		goto done;
	for (size_t j = 0; j < nreg && !rc; j++)
		rc = regressor_returns(out, j, reg[j], log_returns);
	if (!rc)
		drop_identity_idx(out);
done:
	di_free(pos);
	if (rc)
		di_returns_dispose(out);
	return rc;
}

void di_returns_dispose(di_returns *r)
{
	if (!r->date_shared)
		di_free(r->date);
	r->date_shared = 0;
	di_free(r->idx);
	di_free(r->r);
	if (!r->x_shared)
		di_free(r->x);
	r->x_shared = 0;
	r->date = NULL;
	r->idx = NULL;
	r->r = r->x = NULL;
	r->n = r->r_from = r->r_n = 0;
}

int di_calendar_market_gaps(const di_series *market, const di_series *const *sec, size_t nsec,
			    di_date **out, size_t *nout)
{
	di_date first, span;
	size_t *count, pos = 0;
	*out = NULL;
	*nout = 0;
	if (!market->n || !nsec)
		return 0;
	/* a series that has not begun or has ended is no gap: only its span */
	first = market->date[0];
	span = market->date[market->n - 1] - first + 1;
	count = di_calloc((size_t)span, sizeof(size_t));
	if (!count)
		return di_error_oom();
	for (size_t k = 0; k < nsec; k++)
		for (size_t i = 0; i < sec[k]->n; i++)
			if (sec[k]->date[i] >= first && sec[k]->date[i] - first < span)
				count[sec[k]->date[i] - first]++;
	for (di_date d = 0; d < span; d++) {
		if (count[d] * DI_GAP_SHARE_DEN < nsec * DI_GAP_SHARE_NUM ||
		    walk_to(market, &pos, first + d) >= 0)
			continue;
		if (!*out && !(*out = di_reallocarray(NULL, (size_t)span, sizeof(di_date)))) {
			di_free(count);
			return di_error_oom();
		}
		(*out)[(*nout)++] = first + d;
	}
	di_free(count);
	return 0;
}
