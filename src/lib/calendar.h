/*
 * calendar.h - returns on each security's own trading days, regressors
 * paired over the same calendar interval, and the day-0 rule. It fits no
 * model and knows nothing of events files or reports.
 */
#ifndef DI_CALENDAR_H
#define DI_CALENDAR_H

#include <stddef.h>

#include "prices.h"

/* A security's returns and its regressors' returns, index-aligned with the
 * security's series: r[i] is the return from trading day i-1 to i (NAN at
 * i = 0), x[j * n + i] regressor j's return over the same calendar span
 * (NAN when the regressor has no close on or before day i-1). */
typedef struct di_returns {
	const di_series *s;
	size_t n;
	double *r;
	size_t nx;
	double *x;
} di_returns;

/* Compute the returns of s and of each regressor series (the market, then
 * the factors), simple or log. */
int di_returns_compute(di_returns *out, const di_series *s, const di_series *const *reg,
		       size_t nreg, int log_returns);
void di_returns_dispose(di_returns *r);

/* Index of the last date of f on or before d, or -1. */
long di_series_on_or_before(const di_series *f, di_date d);

/* Day 0 of s for an event dated d: the first trading day on or after d,
 * if it is at most 7 calendar days later. Returns its index, or -1. */
long di_calendar_day0(const di_series *s, di_date d);

#endif
