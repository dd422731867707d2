/*
 * placebo.c - placebo-date p-values of `run` (methodology, "Placebo
 * p-values"). For each kept event, its candidate dates; one generator
 * draws each event's sequence of trial dates, events in file order; trial
 * t refits every security-event at its event's t-th date and recomputes
 * every block's tests (di_block_compute), whatever tests that holds, and
 * counts |T*| >= |T|. Trials run on the thread pool; their counts are
 * integers summed at the end, so the result does not depend on --jobs.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "placebo.h"
#include "rbar.h"
#include "pool.h"

/* --- the environment: usable-return counts and the real windows -------- */

long di_index_on_or_after(const di_returns *r, di_date d)
{
	long i = di_dates_on_or_after(r->date, r->n, d);
	return i < (long)r->n ? i : -1;
}

static int real_spans(di_trial_env *env)
{
	const di_run *run = env->run;
	const di_study *s = run->study;
	size_t ne = run->events->n, nt = run->ntickers;
	env->spans = di_calloc(ne ? ne : 1, sizeof(*env->spans));
	if (!env->spans)
		return di_error_oom();
	for (size_t e = 0; e < ne; e++) {
		di_span sp = {0, 0};
		int any = 0;
		for (size_t t = 0; t < nt; t++) {
			const di_returns *ser = &run->rets[t]; /* its model calendar */
			long z = run->d0_all[e * nt + t], a, b;
			if (z < 0)
				continue;
			a = z + s->win.from < 0 ? 0 : z + s->win.from;
			b = z + s->win.to > (long)ser->n - 1 ? (long)ser->n - 1 : z + s->win.to;
			if (a > b)
				continue;
			if (!any || ser->date[a] < sp.first)
				sp.first = ser->date[a];
			if (!any || ser->date[b] > sp.last)
				sp.last = ser->date[b];
			any = 1;
		}
		if (any)
			env->spans[env->nspans++] = sp;
	}
	return 0;
}

int di_trial_env_init(di_trial_env *env, const di_run *run)
{
	memset(env, 0, sizeof(*env));
	env->run = run;
	env->cum = di_calloc(run->ntickers ? run->ntickers : 1, sizeof(*env->cum));
	if (!env->cum)
		return di_error_oom();
	for (size_t t = 0; t < run->ntickers; t++) {
		size_t n = run->rets[t].n, *c = di_reallocarray(NULL, n + 1, sizeof(size_t));
		if (!c)
			return di_error_oom();
		c[0] = 0;
		for (size_t i = 0; i < n; i++)
			c[i + 1] = c[i] + (size_t)di_secev_est_usable(run, t, (long)i, SIZE_MAX);
		env->cum[t] = c;
	}
	return real_spans(env);
}

void di_trial_env_dispose(di_trial_env *env)
{
	if (env->cum)
		for (size_t t = 0; t < env->run->ntickers; t++)
			di_free(env->cum[t]);
	di_free(env->cum);
	di_free(env->spans);
	memset(env, 0, sizeof(*env));
}

/* --- the candidate rule ------------------------------------------------- */

int di_trial_ticker_ok(const di_trial_env *env, size_t t, long z)
{
	const di_study *s = env->run->study;
	long n = (long)env->run->rets[t].n, lo, hi;
	if (z < 0 || z + s->win.from < 0 || z + s->win.to > n - 1)
		return 0;
	lo = z + s->est.from < 0 ? 0 : z + s->est.from > n ? n : z + s->est.from;
	hi = z + s->est.to + 1 < 0 ? 0 : z + s->est.to + 1 > n ? n : z + s->est.to + 1;
	return hi > lo && env->cum[t][hi] - env->cum[t][lo] >= (size_t)s->min_est;
}

int di_trial_span(const di_trial_env *env, const size_t *tickers, size_t n, di_date d,
		  di_span *out)
{
	const di_run *run = env->run;
	for (size_t k = 0; k < n; k++) {
		const di_returns *ser = &run->rets[tickers[k]];
		long z = di_index_on_or_after(ser, d);
		di_date a, b;
		if (!di_trial_ticker_ok(env, tickers[k], z))
			return -1;
		a = ser->date[z + run->study->win.from];
		b = ser->date[z + run->study->win.to];
		if (!k || a < out->first)
			out->first = a;
		if (!k || b > out->last)
			out->last = b;
	}
	return n ? 0 : -1;
}

int di_span_hits_real(const di_trial_env *env, di_span s)
{
	for (size_t i = 0; i < env->nspans; i++)
		if (s.first <= env->spans[i].last && env->spans[i].first <= s.last)
			return 1;
	return 0;
}

/* The ascending dates of a (na) and b (nb) without repeats, into out
 * (room for na + nb); returns how many. Both are ascending already. */
static size_t merge_dates(const di_date *a, size_t na, const di_date *b, size_t nb, di_date *out)
{
	size_t i = 0, j = 0, m = 0;
	while (i < na || j < nb) {
		di_date x = j == nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
		i += i < na && a[i] == x;
		j += j < nb && b[j] == x;
		out[m++] = x;
	}
	return m;
}

/* The union of the tickers' model calendars (each ascending, without
 * repeats), ascending, without repeats: merged one calendar at a time,
 * a calendar equal to the union so far (the common case: securities of
 * one exchange) skipped after a comparison. */
static int union_calendar(const di_run *run, const size_t *tickers, size_t n, di_date **out,
			  size_t *nout)
{
	size_t total = 0, m = 0;
	di_date *d, *t;
	for (size_t k = 0; k < n; k++)
		total += run->rets[tickers[k]].n;
	d = di_reallocarray(NULL, total ? total : 1, sizeof(di_date));
	t = di_reallocarray(NULL, total ? total : 1, sizeof(di_date));
	if (!d || !t) {
		di_free(d);
		di_free(t);
		return di_error_oom();
	}
	for (size_t k = 0; k < n; k++) {
		const di_returns *ser = &run->rets[tickers[k]];
		di_date *sw = d;
		if (ser->n == m && !memcmp(ser->date, d, m * sizeof(di_date)))
			continue;
		m = merge_dates(d, m, ser->date, ser->n, t);
		d = t;
		t = sw;
	}
	di_free(t);
	*out = d;
	*nout = m;
	return 0;
}

int di_candidates(const di_trial_env *env, const size_t *tickers, size_t n, di_date **out,
		  size_t *nout)
{
	di_date *cal = NULL;
	size_t ncal = 0, m = 0;
	int rc;
	*out = NULL;
	*nout = 0;
	if (!n)
		return 0;
	if ((rc = union_calendar(env->run, tickers, n, &cal, &ncal)))
		return rc;
	/* the kept candidates overwrite the calendar in place, ascending */
	for (size_t i = 0; i < ncal; i++) {
		di_span sp;
		if (di_trial_span(env, tickers, n, cal[i], &sp) == 0 && !di_span_hits_real(env, sp))
			cal[m++] = cal[i];
	}
	if (!m) {
		di_free(cal);
		return 0;
	}
	*out = cal;
	*nout = m;
	return 0;
}

void di_draw_indices(gsl_rng *r, size_t *idx, size_t n, size_t take)
{
	for (size_t k = 0; k < n; k++)
		idx[k] = k;
	for (size_t k = 0; k < take && k < n; k++) {
		size_t j = k + (size_t)gsl_rng_uniform_int(r, (unsigned long)(n - k));
		size_t tmp = idx[k];
		idx[k] = idx[j];
		idx[j] = tmp;
	}
}

/* Is every row of ticker t's estimation window at day 0 z on its calendar
 * and usable (the counts of env)? */
static int est_window_full(const di_trial_env *env, size_t t, long z)
{
	const di_study *s = env->run->study;
	long n = (long)env->run->rets[t].n, lo = z + s->est.from, hi = z + s->est.to + 1;
	return lo >= 0 && hi <= n && env->cum[t][hi] - env->cum[t][lo] == (size_t)(hi - lo);
}

/* di_trial_fit's estimation sample: 0, or 1 when se drops out before
 * its fit (no day 0, a short estimation sample). */
static int trial_sample(const di_trial_env *env, const di_run *run, di_secev *se, di_date d)
{
	long z = di_index_on_or_after(se->ret, d);
	if (z < 0)
		return 1;
	se->day0 = z;
	/* the common case, a window without a gap: no check per row */
	if (est_window_full(env, se->ticker, z))
		di_secev_est_sample_full(run, se);
	else
		di_secev_est_sample(run, se, SIZE_MAX);
	return se->n_est < (size_t)run->study->min_est;
}

int di_trial_fit(const di_trial_env *env, const di_run *run, di_secev *se, di_date d,
		 di_fit_ws *ws, di_rank_ws *rw)
{
	int rc = trial_sample(env, run, se, d);
	return rc ? rc : di_secev_fit(run, se, ws, rw);
}

/* |T*| >= |T| up to rounding: 1e-12 relative, so that a placebo date that
 * reproduces the real statistic counts as at least as extreme, and 1e-12
 * absolute, so that a statistic that is 0 in exact arithmetic (a symmetric
 * rank sum, say) counts every trial whatever sign its rounding noise has. */
int di_placebo_extreme(double tstar, double t)
{
	return fabs(tstar) >= fabs(t) * (1 - DI_PLACEBO_TOL) - DI_PLACEBO_TOL;
}

/* --- run's placebo p-values --------------------------------------------- */

typedef struct plc_plan {
	di_run *run;
	const di_trial_env *env;
	di_date **seq;   /* per event: its trial dates (NULL for none) */
	size_t *te;      /* per event: trials T_e */
	size_t *tb;      /* per block: trials T_B = min of its events' T_e */
	size_t *twin;    /* per block: di_block_twin, whose trial tests it shares */
	size_t ntrials;  /* max T_e */
	size_t ncount;   /* nblocks x ntw x DI_NTESTS */
} plc_plan;

typedef struct plc_worker {
	const plc_plan *plan;
	di_trial_slots ts; /* one slot per real security-event, same index */
	size_t *exist, *extreme;
} plc_worker;

/* Each kept event's candidates (its kept securities: the real
 * security-events of the event) and its sequence of trial dates. */
static int plan_draw(plc_plan *p, const di_trial_env *env)
{
	di_run *run = p->run;
	size_t ne = run->events->n, *tick = NULL, *idx = NULL;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int rc = 0;
	tick = di_calloc(run->nse ? run->nse : 1, sizeof(size_t));
	if (!rng || !tick) {
		rc = di_error_oom();
		goto done;
	}
	gsl_rng_set(rng, run->study->seed);
	for (size_t e = 0; e < ne && !rc; e++) {
		di_date *cand = NULL;
		size_t nk = 0, nc = 0, take;
		for (size_t i = 0; i < run->nse; i++)
			if (run->se[i].event == e)
				tick[nk++] = run->se[i].ticker;
		if (!run->event_kept[e] || (rc = di_candidates(env, tick, nk, &cand, &nc)))
			continue;
		take = nc < (size_t)run->study->placebo ? nc : (size_t)run->study->placebo;
		idx = di_reallocarray(NULL, nc ? nc : 1, sizeof(size_t));
		p->seq[e] = di_reallocarray(NULL, take ? take : 1, sizeof(di_date));
		if (!idx || !p->seq[e]) {
			di_free(cand);
			rc = di_error_oom();
			break;
		}
		di_draw_indices(rng, idx, nc, take);
		for (size_t k = 0; k < take; k++)
			p->seq[e][k] = cand[idx[k]];
		p->te[e] = take;
		run->plc_ncand[e] = nc;
		run->plc_ntrials[e] = take;
		if (take > p->ntrials)
			p->ntrials = take;
		di_free(cand);
		di_free(idx);
		idx = NULL;
	}
done:
	di_free(idx);
	di_free(tick);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}

static void plan_blocks(plc_plan *p)
{
	const di_run *run = p->run;
	for (size_t b = 0; b < run->nblocks; b++) {
		const di_block *bl = &run->blocks[b];
		size_t t = SIZE_MAX;
		for (size_t i = 0; i < bl->n; i++) {
			size_t te = p->te[run->se[bl->se[i]].event];
			if (te < t)
				t = te;
		}
		p->tb[b] = bl->n ? t : 0;
		p->twin[b] = di_block_twin(run, b);
	}
}

static void worker_dispose(plc_worker *w)
{
	di_trial_slots_dispose(&w->ts);
	di_free(w->exist);
	di_free(w->extreme);
}

static int worker_init(plc_worker *w, const plc_plan *p)
{
	const di_run *run = p->run;
	int rc;
	w->plan = p;
	w->exist = di_calloc(p->ncount, sizeof(size_t));
	w->extreme = di_calloc(p->ncount, sizeof(size_t));
	if (!w->exist || !w->extreme)
		return di_error_oom();
	if ((rc = di_trial_slots_init(&w->ts, run, run->nse)))
		return rc;
	/* a trial's statistics are only counted against the real ones: the
	 * closed-form market model (simulate, which compares p-values with
	 * alpha, keeps the SVD) */
	if (w->ts.ws)
		di_fit_ws_quick(w->ts.ws);
	/* a copy of the real security-event keeps whatever identifies it
	 * (event, ticker, group); its arrays are the worker's own */
	for (size_t i = 0; i < run->nse; i++)
		if ((rc = di_trial_slots_add(&w->ts, &run->se[i])))
			return rc;
	return 0;
}
/* Count, per window and test, the statistics of trial block tb against
 * the real block's. */
static void count_block(plc_worker *w, size_t b, const di_block *tb)
{
	const di_run *run = w->plan->run;
	const di_test_value *real = run->blocks[b].tests;
	size_t n = run->ntw * DI_NTESTS, base = b * n;
	for (size_t k = 0; k < n; k++) {
		double ts = tb->tests[k].s.stat;
		if (!isfinite(ts))
			continue;
		w->exist[base + k]++;
		if (isfinite(real[k].s.stat) && di_placebo_extreme(ts, real[k].s.stat))
			w->extreme[base + k]++;
	}
}

/* Block b's tests on the trial's security-events that fitted, counted
 * for b and for every later block that is its twin (the same members
 * give the same tests, as di_blocks_compute copies them; a twin has the
 * same T_B). */
static int trial_block(plc_worker *w, size_t b, di_rbar *rb)
{
	const plc_plan *p = w->plan;
	const di_run *run = p->run;
	di_block tb = run->blocks[b];
	int rc;
	tb.se = w->ts.members;
	tb.n = 0;
	tb.aar_n = NULL;
	tb.aar = tb.caar = NULL;
	tb.tests = NULL;
	tb.min_p = NULL;
	for (size_t i = 0; i < run->blocks[b].n; i++)
		if (w->ts.ok[run->blocks[b].se[i]])
			tb.se[tb.n++] = run->blocks[b].se[i];
	rc = di_block_compute(&w->ts.run, &tb, w->ts.ws, rb);
	for (size_t c = b; !rc && c < run->nblocks; c++)
		if (p->twin[c] == b)
			count_block(w, c, &tb);
	di_block_results_free(&tb);
	return rc;
}

/* Security-event i of the trial after its fit (fit: di_secev_fit's
 * result): its window, and whether it is in the trial. */
static int trial_fitted(plc_worker *w, size_t i, int fit)
{
	int rc;
	if (fit)
		return fit < 0 ? fit : 0;
	if ((rc = di_secev_window(w->plan->run, &w->ts.se[i], 0.0, &w->ts.rw)))
		return rc;
	w->ts.ok[i] = 1;
	return 0;
}

/* The fits of trial t's security-events, two at a time (di_secev_fit_pair:
 * each fit's chains of additions wait on their own latency, two fits'
 * run side by side), each then with its window. The same bits as one at
 * a time: every security-event has its own slot. */
static int trial_fits(plc_worker *w, size_t t)
{
	const plc_plan *p = w->plan;
	const di_run *run = p->run;
	size_t held = SIZE_MAX;
	int rc, fit[2];
	for (size_t i = 0; i < run->nse; i++) {
		size_t e = run->se[i].event;
		w->ts.ok[i] = 0;
		if (t >= p->te[e])
			continue;
		if (trial_sample(p->env, run, &w->ts.se[i], p->seq[e][t]))
			continue;
		if (held == SIZE_MAX) {
			held = i;
			continue;
		}
		di_secev_fit_pair(run, &w->ts.se[held], &w->ts.se[i], w->ts.ws, &w->ts.rw, fit);
		if ((rc = trial_fitted(w, held, fit[0])) || (rc = trial_fitted(w, i, fit[1])))
			return rc;
		held = SIZE_MAX;
	}
	if (held == SIZE_MAX)
		return 0;
	return trial_fitted(w, held, di_secev_fit(run, &w->ts.se[held], w->ts.ws, &w->ts.rw));
}

static int plc_trial(void *worker, size_t t)
{
	plc_worker *w = worker;
	const plc_plan *p = w->plan;
	const di_run *run = p->run;
	di_rbar *rb = NULL;
	int rc = 0;
	di_stats_pvalues(0); /* placebo statistics only: their p-values are not used */
	if ((rc = trial_fits(w, t)))
		return rc;
	/* one rbar over the security-events that fitted, for every block */
	if ((rc = di_rbar_new(&rb, &w->ts.run, DI_RBAR_IDENTITY_MIN, w->ts.ok)))
		return rc;
	for (size_t b = 0; b < run->nblocks && !rc; b++)
		if (t < p->tb[b] && p->twin[b] == b)
			rc = trial_block(w, b, rb);
	di_rbar_free(rb);
	if (rc)
		return rc;
	di_notes_dispose(&w->ts.run.notes);
	return 0;
}

static void plan_dispose(plc_plan *p)
{
	if (p->seq)
		for (size_t e = 0; e < p->run->events->n; e++)
			di_free(p->seq[e]);
	di_free(p->seq);
	di_free(p->te);
	di_free(p->tb);
	di_free(p->twin);
}

/* p_placebo and n_placebo from the summed counts. */
static void fill_pvalues(di_run *run, const size_t *exist, const size_t *extreme)
{
	size_t n = run->ntw * DI_NTESTS;
	for (size_t b = 0; b < run->nblocks; b++)
		for (size_t k = 0; k < n; k++) {
			di_test_value *v = &run->blocks[b].tests[k];
			v->n_placebo = exist[b * n + k];
			v->p_placebo = v->n_placebo && isfinite(v->s.stat)
					       ? (1.0 + (double)extreme[b * n + k]) /
							 (1.0 + (double)v->n_placebo)
					       : NAN;
		}
}

static int run_trials(plc_plan *p)
{
	di_run *run = p->run;
	size_t nw = di_pool_workers(di_study_jobs(run->study), p->ntrials);
	plc_worker *w;
	int rc = 0;
	w = di_calloc(nw, sizeof(*w));
	if (!w)
		return di_error_oom();
	for (size_t i = 0; i < nw && !rc; i++)
		rc = worker_init(&w[i], p);
	if (!rc)
		rc = di_pool_run(p->ntrials, nw, w, sizeof(*w), plc_trial, NULL, NULL);
	for (size_t i = 1; i < nw && !rc; i++)
		for (size_t k = 0; k < p->ncount; k++) {
			w[0].exist[k] += w[i].exist[k];
			w[0].extreme[k] += w[i].extreme[k];
		}
	if (!rc)
		fill_pvalues(run, w[0].exist, w[0].extreme);
	for (size_t i = 0; i < nw; i++)
		worker_dispose(&w[i]);
	di_free(w);
	return rc;
}

int di_placebo_compute(di_run *run)
{
	size_t ne = run->events->n;
	plc_plan p;
	di_trial_env env;
	int rc;
	if (run->study->cmd != DI_CMD_RUN || run->study->placebo <= 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.run = run;
	p.ncount = run->nblocks * run->ntw * DI_NTESTS;
	run->plc_ncand = di_calloc(ne ? ne : 1, sizeof(size_t));
	run->plc_ntrials = di_calloc(ne ? ne : 1, sizeof(size_t));
	p.seq = di_calloc(ne ? ne : 1, sizeof(*p.seq));
	p.te = di_calloc(ne ? ne : 1, sizeof(size_t));
	p.tb = di_calloc(run->nblocks ? run->nblocks : 1, sizeof(size_t));
	p.twin = di_calloc(run->nblocks ? run->nblocks : 1, sizeof(size_t));
	if (!run->plc_ncand || !run->plc_ntrials || !p.seq || !p.te || !p.tb || !p.twin) {
		plan_dispose(&p);
		return di_error_oom();
	}
	p.env = &env;
	if ((rc = di_trial_env_init(&env, run)) == 0 && (rc = plan_draw(&p, &env)) == 0) {
		plan_blocks(&p);
		rc = run_trials(&p);
	}
	di_trial_env_dispose(&env);
	plan_dispose(&p);
	return rc;
}

int di_trial_slots_init(di_trial_slots *ts, const di_run *run, size_t n)
{
	const di_study *s = run->study;
	ts->run = *run;
	memset(&ts->run.notes, 0, sizeof(ts->run.notes));
	memset(&ts->rw, 0, sizeof(ts->rw));
	ts->n = n;
	ts->se = di_calloc(n ? n : 1, sizeof(*ts->se));
	ts->ok = di_calloc(n ? n : 1, 1);
	ts->members = di_calloc(n ? n : 1, sizeof(size_t));
	if (!ts->se || !ts->ok || !ts->members)
		return di_error_oom();
	ts->run.se = ts->se;
	ts->run.nse = n;
	if (run->kx > 0)
		return di_fit_ws_new(&ts->ws, di_window_days(s->est), run->kx);
	return 0;
}

int di_trial_slots_add(di_trial_slots *ts, const di_secev *proto)
{
	int rc;
	ts->se[ts->nalloc] = *proto;
	if ((rc = di_secev_alloc(&ts->se[ts->nalloc], &ts->run)))
		return rc;
	ts->nalloc++;
	return 0;
}

void di_trial_slots_dispose(di_trial_slots *ts)
{
	for (size_t i = 0; i < ts->nalloc; i++)
		di_secev_dispose(&ts->se[i]);
	di_free(ts->se);
	di_free(ts->ok);
	di_free(ts->members);
	di_fit_ws_free(ts->ws);
	di_rank_ws_free(&ts->rw);
	di_notes_dispose(&ts->run.notes);
}
