/*
 * session.h - exchange sessions: each security's closing time (the
 * securities file's `close`, else a built-in table by ticker suffix) and
 * the day-0 rule for an event with a time: the first model-calendar date
 * whose close is strictly after the news (methodology, Notation).
 * Half-day sessions (24 and 31 December) are not modelled.
 */
#ifndef DI_SESSION_H
#define DI_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "tz.h"

/* An exchange's continuous session: open and close, minutes of the day in
 * a zone. */
typedef struct di_close {
	int open, min;
	char zone[64];
} di_close;

/* A close given without its open (securities file `close`): the session is
 * taken to last this long, the European exchanges' 8 h 30. */
#define DI_SESSION_DEFAULT_MIN 510

/* A `close` cell "HH:MM Zone/Name" of n bytes: 0, or -1. */
int di_close_parse(const char *s, size_t n, di_close *out);

/* The built-in close of ticker by its exchange suffix (.DE Xetra 17:30
 * Europe/Berlin, .L London 16:30 Europe/London, .PA Paris 17:30
 * Europe/Paris, .MI Milan 17:30 Europe/Rome, .ST Stockholm 17:30
 * Europe/Stockholm, no suffix New York 16:00 America/New_York): 0, or -1
 * for another suffix. */
int di_close_builtin(const char *ticker, di_close *out);

/* Day 0 of news at the instant news (UTC seconds), dated ev (its local
 * date), on a calendar of n ascending dates whose sessions close at min in
 * zone: the first date whose close is strictly after the news, if it is at
 * most DI_DAY0_MAX_DAYS calendar days after ev. Its index, or -1. */
long di_session_day0(const di_date *date, size_t n, di_date ev, int64_t news, const di_tz *zone,
		     int min);

/* The elapsed fraction e (0..1) of the session of date d at instant t. */
double di_session_elapsed(const di_tz *zone, const di_close *c, di_date d, int64_t t);

/* Weekdays strictly between the dates prev and d (sessions the exchange did
 * not hold: holidays between two closes). */
int di_session_closed_weekdays(di_date prev, di_date d);

/* The session fraction of a move reported during the session (methodology,
 * Reported moves): f = w (1 + k) + (1 - w) e, w the overnight share of the
 * daily variance, k the closed weekdays before the report date. */
double di_session_fraction(double w, int k, double e);

/* The default overnight share w when the prices have no Open column. */
#define DI_OVERNIGHT_SHARE_DEFAULT 0.2

#endif
