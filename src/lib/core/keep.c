/*
 * keep.c - the closes a run keeps (keep.h).
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "events.h"
#include "keep.h"
#include "run.h"
#include "study.h"

/* Rows kept beyond the windows' reach: a quarter more, and 16 rows, for
 * the days the model calendar skips (a missing close, a market gap) and a
 * timed event's day 0 a session early. Too few only costs a second load. */
#define KEEP_SLACK(rows) ((rows) + (rows) / 4 + 16)

/* The relative days around day 0 whose returns a security-event reads:
 * its estimation and event windows (the CAR windows lie in the latter). */
static void window_reach(const di_study *s, long *lo, long *hi)
{
	*lo = s->est.from < s->win.from ? s->est.from : s->win.from;
	*hi = s->est.to > s->win.to ? s->est.to : s->win.to;
}

int di_keep_eligible(const di_study *s)
{
	return s->cmd == DI_CMD_RUN && !s->mem_prices && s->placebo == 0 && !s->currency &&
	       di_study_jobs(s) > 1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const di_keep_name *)a)->name, ((const di_keep_name *)b)->name);
}

static void add_name(di_keep_plan *kp, const char *name, di_date d, int all)
{
	if (name && name[0])
		kp->v[kp->n++] = (di_keep_name){name, d, d, all};
}

/* Names sorted, one entry each: the span of its dates, all if any is. */
static void merge_names(di_keep_plan *kp)
{
	size_t m = 0;
	qsort(kp->v, kp->n, sizeof(*kp->v), cmp_name);
	for (size_t i = 0; i < kp->n; i++) {
		di_keep_name *o = m ? &kp->v[m - 1] : NULL, *x = &kp->v[i];
		if (!o || strcmp(o->name, x->name) != 0) {
			kp->v[m++] = *x;
			continue;
		}
		o->all |= x->all;
		if (x->first != DI_NO_DATE && (o->first == DI_NO_DATE || x->first < o->first))
			o->first = x->first;
		if (x->last != DI_NO_DATE && (o->last == DI_NO_DATE || x->last > o->last))
			o->last = x->last;
	}
	kp->n = m;
}

static void span_add(di_date *first, di_date *last, di_date d)
{
	if (*first == DI_NO_DATE || d < *first)
		*first = d;
	if (*last == DI_NO_DATE || d > *last)
		*last = d;
}

int di_keep_plan_make(di_keep_plan *kp, const di_study *s, const di_events *ev,
		      const di_securities *sec)
{
	size_t cap = 1 + s->factors.n + s->controls.n + (sec ? 2 * sec->n : 0);
	long lo, hi;

	window_reach(s, &lo, &hi);
	memset(kp, 0, sizeof(*kp));
	kp->all_first = kp->all_last = DI_NO_DATE;
	for (size_t e = 0; e < ev->n; e++)
		cap += ev->e[e].ntickers;
	kp->v = di_calloc(cap, sizeof(*kp->v));
	if (!kp->v)
		return di_error_oom();
	add_name(kp, s->market, DI_NO_DATE, 1);
	for (size_t i = 0; i < s->factors.n; i++)
		add_name(kp, s->factors.v[i], DI_NO_DATE, 1);
	for (size_t i = 0; i < s->controls.n; i++)
		add_name(kp, s->controls.v[i], DI_NO_DATE, 1);
	for (size_t i = 0; sec && i < sec->n; i++) {
		const di_security_info *si = &sec->s[i];
		add_name(kp, si->market, DI_NO_DATE, 1);
		if (strcmp(si->role, "market") == 0 || strcmp(si->role, "factor") == 0 ||
		    strcmp(si->role, "fx") == 0)
			add_name(kp, si->ticker, DI_NO_DATE, 1);
	}
	for (size_t e = 0; e < ev->n; e++) {
		const di_event *x = &ev->e[e];
		if (!x->ntickers)
			span_add(&kp->all_first, &kp->all_last, x->date);
		for (size_t j = 0; j < x->ntickers; j++)
			add_name(kp, x->tickers[j], x->date, 0);
	}
	merge_names(kp);
	/* the close before the first estimation return; the last window day */
	kp->before = KEEP_SLACK((size_t)(lo < 0 ? -lo : 0) + 1);
	kp->after = KEEP_SLACK((size_t)(hi > 0 ? hi : 0) + 1);
	return 0;
}

void di_keep_plan_dispose(di_keep_plan *kp)
{
	di_free(kp->v);
	memset(kp, 0, sizeof(*kp));
}

void di_keep_rows(const void *ud, const char *ticker, const di_date *date, size_t nrows,
		  size_t *from, size_t *to)
{
	const di_keep_plan *kp = ud;
	di_keep_name key = {ticker, 0, 0, 0};
	const di_keep_name *x = bsearch(&key, kp->v, kp->n, sizeof(*kp->v), cmp_name);
	di_date first = kp->all_first, last = kp->all_last;
	long i0, i1;

	if (x && x->all)
		return; /* every row */
	if (x && x->first != DI_NO_DATE) {
		span_add(&first, &last, x->first);
		span_add(&first, &last, x->last);
	}
	if (first == DI_NO_DATE) { /* no event concerns it: no close read */
		*from = *to = 0;
		return;
	}
	/* day 0 is the first date on or after the event's, within
	 * DI_DAY0_MAX_DAYS; a timed event's may be a session earlier */
	i0 = di_dates_on_or_after(date, nrows, first - 1);
	i1 = di_dates_on_or_before(date, nrows, last + DI_DAY0_MAX_DAYS);
	*from = (size_t)i0 > kp->before ? (size_t)i0 - kp->before : 0;
	*to = i1 < 0 ? 0 : (size_t)i1 + 1;
	*to = nrows - *to > kp->after ? *to + kp->after : nrows;
	if (*to < *from)
		*to = *from;
}

/* Does ret hold, as a load of every close would, the returns of the
 * positions [lo, hi] (some possibly past either end of the calendar)? */
static int holds(const di_returns *ret, long lo, long hi)
{
	long from = (long)ret->r_from, to = (long)(ret->r_from + ret->r_n);
	/* the first position held has no return unless it is the first */
	int lo_ok = from == 0 || lo > from;
	int hi_ok = to == (long)ret->n || hi < to;
	return lo_ok && hi_ok;
}

int di_keep_covers(const di_run *run, const long *d0)
{
	size_t nt = run->ntickers;
	long lo, hi;

	window_reach(run->study, &lo, &hi);
	for (size_t t = 0; t < nt; t++) {
		const di_series *x = run->tickers[t];
		if (!x->kept)
			continue;
		if (x->kept_wild)
			return 0;
		for (size_t e = 0; e < run->events->n; e++) {
			long z = d0[e * nt + t];
			if (z >= 0 && !holds(&run->rets[t], z + lo, z + hi))
				return 0;
		}
	}
	return 1;
}
