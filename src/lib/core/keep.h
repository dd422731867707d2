/*
 * keep.h - the closes a run keeps (issue 11: returns only where a window
 * needs them). A run without placebo dates reads a security's returns in
 * the estimation and event windows of its events only; of a wide file
 * read on threads it keeps, per security, the closes of the rows around
 * its events (di_keep_rows), and every close of a regressor. The rows a
 * window needs depend on the cells (a missing close, a market gap, widen
 * it), so the plan keeps some rows more and the run checks, once its day
 * 0s are known, that every window lies inside what was kept
 * (di_keep_covers); when one does not, the run is made again with every
 * close. The two give the same report by construction.
 */
#ifndef DI_KEEP_H
#define DI_KEEP_H

#include <stddef.h>

#include "date.h"

typedef struct di_study di_study;
typedef struct di_events di_events;
typedef struct di_securities di_securities;
typedef struct di_run di_run;

typedef struct di_keep_name {
	const char *name;
	di_date first, last; /* its events' dates (DI_NO_DATE: none) */
	int all;             /* every close: a regressor, a control, a market */
} di_keep_name;

typedef struct di_keep_plan {
	di_keep_name *v; /* by name */
	size_t n;
	di_date all_first, all_last; /* the events of every security (DI_NO_DATE: none) */
	size_t before, after;        /* rows kept before the first event and after the last */
} di_keep_plan;

/* Whether a study's run may keep only some closes: a run (not simulate's)
 * of files, without placebo dates (drawn from the whole calendar), without
 * --currency (whose conversion reads every close), on more than one
 * thread (only a file read on threads is trimmed). */
int di_keep_eligible(const di_study *s);

/* The plan of a study with its events and securities (NULL: none). 0 or
 * DI_ENOMEM; the plan borrows their names. */
int di_keep_plan_make(di_keep_plan *kp, const di_study *s, const di_events *ev,
		      const di_securities *sec);
void di_keep_plan_dispose(di_keep_plan *kp);

/* di_keep_fn of a plan (ud): the rows of ticker's closes to keep. */
void di_keep_rows(const void *ud, const char *ticker, const di_date *date, size_t nrows,
		  size_t *from, size_t *to);

/* 1 when every window around a day 0 of d0 (events x tickers, as
 * compute_day0s) reads returns the run's calendars hold as a load of every
 * close would: inside the positions kept, or reaching past the series' own
 * first or last position; 0 when the run must be made with every close. */
int di_keep_covers(const di_run *run, const long *d0);

#endif
