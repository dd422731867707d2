/*
 * calendar.h - model calendars (pinned detail 2, trade-to-trade): the
 * dates on which a security AND every series its model uses have a close,
 * the returns of the security and of its regressors over the same spans of
 * that calendar, the day-0 rule, and the market-gap rule. It fits no model
 * and knows nothing of events files or reports. The run and `moves` both
 * build their calendars here, and nowhere else.
 */
#ifndef DI_CALENDAR_H
#define DI_CALENDAR_H

#include <math.h>
#include <stddef.h>

#include "prices.h"

/* A security's model calendar and its returns: date[i] is the i-th date on
 * which s and every calendar series have a close, idx[i] its row in s
 * (idx NULL: the calendar is every date of s, idx[i] = i, and date is
 * s->date itself);
 * r[i] the return of s from date[i-1] to date[i] (NAN at i = 0), spanning
 * whatever dates the calendar skipped; x[j * n + i] regressor j's return
 * over exactly the same span: NAN when the regressor lacks a close on
 * date[i-1] or date[i] (possible only for a regressor that is not a
 * calendar series, e.g. the market of model `mean`), never a 0 stand-in. */
typedef struct di_returns {
	const di_series *s;
	size_t n;
	di_date *date;
	size_t *idx;
	/* the own returns of positions [r_from, r_from + r_n): all n, or
	 * those whose closes a trimmed load kept (di_series.kept); read
	 * through di_ret_at */
	double *r;
	size_t r_from, r_n;
	int date_shared; /* date is s->date (with idx NULL): not freed here */
	int x_shared;    /* x is another calendar's (equal values): not freed */
	size_t nx;
	double *x;
} di_returns;

/* Build the model calendar of s on the calendar series cal[0..ncal-1] and
 * the returns of s and of each regressor reg[0..nreg-1], simple or log.
 * Data errors (a non-finite return) name the file and line. */
int di_calendar_build(di_returns *out, const di_series *s, const di_series *const *cal,
		      size_t ncal, const di_series *const *reg, size_t nreg, int log_returns);
/* The calendar of s when s has a close on exactly ref's dates and ref was
 * built by di_calendar_build on the same calendar series and regressors
 * (the market's calendar, and a security of a wide file trading on every
 * market date: the common case): what di_calendar_build gives, with s's
 * dates and ref's regressor returns shared instead of built and compared.
 * Only its own returns are computed (the same errors). take: NULL, or
 * s's own price column (s->price, the caller's to give), which then holds
 * the returns and is out->r: on success the caller sets s->price to NULL;
 * on an error its closes are partly overwritten. */
int di_calendar_build_like(di_returns *out, const di_series *s, const di_returns *ref,
			   int log_returns, double *take);
void di_returns_dispose(di_returns *r);

/* Index of the last date of f on or before d, or -1. */
long di_series_on_or_before(const di_series *f, di_date d);

/* Index of the last of the n ascending dates on or before d, or -1. */
long di_dates_on_or_before(const di_date *date, size_t n, di_date d);

/* The estimation sample's one rule, for run and moves alike: relative day
 * t of an event is row day0 + t of the model calendar, and that row is in
 * the sample when it has a return (a close before it: row >= 1) and the
 * first ncols regressor columns are defined there. The callers add their
 * own exclusions (run: --clean-estimation). Returns 1 or 0. Inline: it
 * runs for every estimation day of every security-event and placebo
 * trial. */
/* The own return at position i: NAN where there is none (position 0, the
 * rows of a close missing before it) or none is held (a trimmed load). */
static inline double di_ret_at(const di_returns *ret, size_t i)
{
	return i - ret->r_from < ret->r_n ? ret->r[i - ret->r_from] : NAN;
}

static inline int di_est_row_usable(const di_returns *ret, long row, size_t ncols)
{
	if (row < 1 || row >= (long)ret->n || isnan(di_ret_at(ret, (size_t)row)))
		return 0;
	for (size_t j = 0; j < ncols; j++)
		if (isnan(ret->x[j * ret->n + (size_t)row]))
			return 0;
	return 1;
}

/* Index of the first of the n ascending dates on or after d (n when
 * none). */
long di_dates_on_or_after(const di_date *date, size_t n, di_date d);

/* Day 0 for an event dated d on a calendar of n ascending dates: the first
 * date on or after d, if it is at most DI_DAY0_MAX_DAYS calendar days
 * later. Returns its index, or -1. */
#define DI_DAY0_MAX_DAYS 7
long di_calendar_day0(const di_date *date, size_t n, di_date d);

/* The market-gap rule: dates inside the market's own span on which the
 * market has no close although at least DI_GAP_SHARE_NUM/DEN of the
 * securities sec[0..nsec-1] do. *out (ascending, malloc'd, NULL when none)
 * and *nout receive them. */
#define DI_GAP_SHARE_NUM 1
#define DI_GAP_SHARE_DEN 2
int di_calendar_market_gaps(const di_series *market, const di_series *const *sec, size_t nsec,
			    di_date **out, size_t *nout);

#endif
