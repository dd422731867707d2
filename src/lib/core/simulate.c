/*
 * simulate.c - size and power of every test on the study's securities
 * (methodology, "simulate"). Each trial puts every security at a
 * candidate date (one shared date, or one per security), refits it there,
 * and for each injected return recomputes the block of all securities
 * (di_block_compute: whatever tests it holds) and counts rejections of
 * the nominal p and, with --placebo M, of p_placebo from M placebo dates.
 * Every date and seed is drawn up front from one generator; trials run on
 * the thread pool and add integer counts, so nothing depends on --jobs.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "placebo.h"
#include "pool.h"
#include "rbar.h"
#include "run.h"
#include "signif.h"
#include "simulate.h"

/* reject_01, reject_05 (the summaries' level), reject_10 */
static const double alphas[3] = {0.01, DI_SIG_LEVEL, 0.10};

typedef struct sim_plan {
	di_simulation *sim;
	const di_run *run;
	di_trial_env env;
	size_t nt, ntrials, ninj, M;
	size_t *all;              /* 0 .. nt-1 */
	di_date *cand_all;        /* clustered yes */
	di_span *span_all;        /* their window spans */
	size_t ncand_all;
	di_date **cand_t;         /* clustered no, per security */
	di_span **span_t;
	size_t *ncand_t;
	di_date *date_yes;        /* trials */
	di_date *date_no;         /* trials x nt */
	unsigned long *seed_yes, *seed_no; /* per trial: its placebo draws */
	double *cache;            /* ncand_all x nsel x DI_NTESTS: T* at each shared date */
	size_t nstat;             /* nsel x DI_NTESTS */
	size_t ncounts;
} sim_plan;

typedef struct sim_worker {
	const sim_plan *plan;
	di_trial_slots ts; /* one slot per security */
	size_t *pidx, *elig;
	di_date *pseq;     /* clustered no placebo: nt x M dates */
	size_t *ptake;
	gsl_rng *rng;
	double *tstat;     /* ninj x nstat: the trial's statistics */
	double *tp;        /* ninj x nstat: their nominal p */
	double *pst;       /* nstat: one placebo trial's statistics */
	size_t *pexist, *pext; /* ninj x nstat placebo counts */
	size_t *counts;
} sim_worker;

size_t di_sim_at(const di_simulation *sim, size_t mode, size_t inj, size_t sel, size_t test,
		 size_t kind)
{
	size_t ninj = sim->study->ninject;
	return ((((mode * ninj + inj) * sim->nsel + sel) * DI_NTESTS + test) * DI_SIM_NKIND + kind) *
	       DI_SIM_NCOUNT;
}

/* --- trials ------------------------------------------------------------ */

/* Fit security i at date d into the worker's slot. */
static int fit_one(sim_worker *w, size_t i, di_date d)
{
	int rc = di_trial_fit(&w->plan->env, &w->ts.run, &w->ts.se[i], d, w->ts.ws, &w->ts.rw);
	w->ts.ok[i] = rc == 0;
	return rc < 0 ? rc : 0;
}

/* The windows of the fitted securities with inject on day 0, then the
 * block of all of them: its statistics and nominal p into st and p
 * (nstat each, NAN where missing). */
static int block_stats(sim_worker *w, double inject, double *st, double *p)
{
	const sim_plan *pl = w->plan;
	const di_simulation *sim = pl->sim;
	di_block tb;
	di_rbar *rb = NULL;
	int rc;
	memset(&tb, 0, sizeof(tb));
	tb.event = 0; /* an event block: one group, never sign-aligned */
	tb.se = w->ts.members;
	for (size_t i = 0; i < pl->nt; i++)
		if (w->ts.ok[i]) {
			if ((rc = di_secev_window(&w->ts.run, &w->ts.se[i], inject, &w->ts.rw)))
				return rc;
			tb.se[tb.n++] = i;
		}
	/* rbar reads the fitted security-events' residuals and AR dates,
	 * which the injected return does not change */
	rc = di_rbar_new(&rb, &w->ts.run, DI_RBAR_IDENTITY_MIN, w->ts.ok);
	if (!rc)
		rc = di_block_compute(&w->ts.run, &tb, w->ts.ws, rb);
	di_rbar_free(rb);
	for (size_t s = 0; !rc && s < sim->nsel; s++)
		for (size_t t = 0; t < DI_NTESTS; t++) {
			const di_test_value *v = &tb.tests[sim->sel[s] * DI_NTESTS + t];
			st[s * DI_NTESTS + t] = isfinite(v->s.stat) ? v->s.stat : NAN;
			if (p)
				p[s * DI_NTESTS + t] = isfinite(v->s.stat) ? v->s.p : NAN;
		}
	di_block_results_free(&tb);
	di_notes_dispose(&w->ts.run.notes);
	return rc;
}

static void count_p(size_t *c, double p)
{
	if (isnan(p))
		return;
	c[DI_SIM_N]++;
	for (int a = 0; a < 3; a++)
		c[DI_SIM_R01 + a] += p <= alphas[a];
}

/* Compare placebo statistics st against the trial's, for every inject. */
static void placebo_compare(sim_worker *w, const double *st)
{
	const sim_plan *pl = w->plan;
	for (size_t i = 0; i < pl->ninj; i++)
		for (size_t k = 0; k < pl->nstat; k++) {
			double t = w->tstat[i * pl->nstat + k];
			if (isnan(st[k]))
				continue;
			w->pexist[i * pl->nstat + k]++;
			w->pext[i * pl->nstat + k] += !isnan(t) && di_placebo_extreme(st[k], t);
		}
}

/* Clustered yes: the placebo dates of trial k are M of the shared
 * candidates whose window span misses the trial's; their statistics come
 * from the cache. */
static int placebo_yes(sim_worker *w, size_t k)
{
	const sim_plan *pl = w->plan;
	di_span own;
	size_t nel = 0, take;
	if (di_trial_span(&pl->env, pl->all, pl->nt, pl->date_yes[k], &own))
		return di_error_set(DI_EINTERNAL, "simulate: a trial date is not a candidate");
	for (size_t c = 0; c < pl->ncand_all; c++)
		if (pl->span_all[c].last < own.first || pl->span_all[c].first > own.last)
			w->elig[nel++] = c;
	take = nel < pl->M ? nel : pl->M;
	gsl_rng_set(w->rng, pl->seed_yes[k]);
	di_draw_indices(w->rng, w->pidx, nel, take);
	for (size_t j = 0; j < take; j++)
		placebo_compare(w, pl->cache + w->elig[w->pidx[j]] * pl->nstat);
	return 0;
}

/* Clustered no: each security gets its own sequence of M placebo dates
 * (its candidates whose window misses its trial window); placebo trial j
 * puts every security at its j-th date, as run does for a pooled block of
 * one-security events. */
static int placebo_no(sim_worker *w, size_t k)
{
	const sim_plan *pl = w->plan;
	size_t T = SIZE_MAX;
	int rc;
	gsl_rng_set(w->rng, pl->seed_no[k]);
	for (size_t i = 0; i < pl->nt; i++) {
		di_span own;
		size_t nel = 0, one = pl->all[i];
		if (di_trial_span(&pl->env, &one, 1, pl->date_no[k * pl->nt + i], &own))
			return di_error_set(DI_EINTERNAL, "simulate: a trial date is not a candidate");
		for (size_t c = 0; c < pl->ncand_t[i]; c++)
			if (pl->span_t[i][c].last < own.first || pl->span_t[i][c].first > own.last)
				w->elig[nel++] = c;
		w->ptake[i] = nel < pl->M ? nel : pl->M;
		di_draw_indices(w->rng, w->pidx, nel, w->ptake[i]);
		for (size_t j = 0; j < w->ptake[i]; j++)
			w->pseq[i * pl->M + j] = pl->cand_t[i][w->elig[w->pidx[j]]];
		if (w->ptake[i] < T)
			T = w->ptake[i];
	}
	di_stats_pvalues(0); /* placebo statistics only */
	for (size_t j = 0; j < T; j++) {
		for (size_t i = 0; i < pl->nt; i++)
			if ((rc = fit_one(w, i, w->pseq[i * pl->M + j])))
				return rc;
		if ((rc = block_stats(w, 0.0, w->pst, NULL)))
			return rc;
		placebo_compare(w, w->pst);
	}
	di_stats_pvalues(1);
	return 0;
}

static int sim_trial(void *worker, size_t task)
{
	sim_worker *w = worker;
	const sim_plan *pl = w->plan;
	const di_simulation *sim = pl->sim;
	size_t mode = task / pl->ntrials, k = task % pl->ntrials;
	int yes = sim->modes[mode] == DI_CLUSTERED_YES, rc;
	di_stats_pvalues(1); /* the trial's own p-values are counted */
	for (size_t i = 0; i < pl->nt; i++)
		if ((rc = fit_one(w, i, yes ? pl->date_yes[k] : pl->date_no[k * pl->nt + i])))
			return rc;
	for (size_t i = 0; i < pl->ninj; i++)
		if ((rc = block_stats(w, sim->study->inject[i], w->tstat + i * pl->nstat,
				      w->tp + i * pl->nstat)))
			return rc;
	if (pl->M) {
		memset(w->pexist, 0, pl->ninj * pl->nstat * sizeof(size_t));
		memset(w->pext, 0, pl->ninj * pl->nstat * sizeof(size_t));
		if ((rc = yes ? placebo_yes(w, k) : placebo_no(w, k)))
			return rc;
	}
	for (size_t i = 0; i < pl->ninj; i++)
		for (size_t s = 0; s < sim->nsel; s++)
			for (size_t t = 0; t < DI_NTESTS; t++) {
				size_t q = i * pl->nstat + s * DI_NTESTS + t;
				count_p(w->counts + di_sim_at(sim, mode, i, s, t, DI_SIM_NOMINAL), w->tp[q]);
				if (pl->M && !isnan(w->tstat[q]) && w->pexist[q])
					count_p(w->counts + di_sim_at(sim, mode, i, s, t, DI_SIM_PLACEBO),
						(1.0 + (double)w->pext[q]) / (1.0 + (double)w->pexist[q]));
			}
	return 0;
}

/* The cache: the statistics of the block at every shared candidate. */
static int sim_cache(void *worker, size_t c)
{
	sim_worker *w = worker;
	const sim_plan *pl = w->plan;
	int rc;
	di_stats_pvalues(0); /* placebo statistics only */
	for (size_t i = 0; i < pl->nt; i++)
		if ((rc = fit_one(w, i, pl->cand_all[c])))
			return rc;
	return block_stats(w, 0.0, pl->cache + c * pl->nstat, NULL);
}

/* --- workers ------------------------------------------------------------ */

static void worker_dispose(sim_worker *w)
{
	di_trial_slots_dispose(&w->ts);
	di_free(w->pidx);
	di_free(w->elig);
	di_free(w->pseq);
	di_free(w->ptake);
	di_free(w->tstat);
	di_free(w->tp);
	di_free(w->pst);
	di_free(w->pexist);
	di_free(w->pext);
	di_free(w->counts);
	if (w->rng)
		gsl_rng_free(w->rng);
}

static int worker_init(sim_worker *w, const sim_plan *pl)
{
	const di_run *run = pl->run;
	size_t nc = pl->ncand_all, nq = pl->ninj * pl->nstat;
	int rc;
	for (size_t i = 0; i < pl->nt; i++)
		if (pl->ncand_t && pl->ncand_t[i] > nc)
			nc = pl->ncand_t[i];
	w->plan = pl;
	w->pidx = di_calloc(nc ? nc : 1, sizeof(size_t));
	w->elig = di_calloc(nc ? nc : 1, sizeof(size_t));
	w->pseq = di_calloc(pl->M ? pl->nt * pl->M : 1, sizeof(di_date));
	w->ptake = di_calloc(pl->nt, sizeof(size_t));
	w->tstat = di_calloc(nq, sizeof(double));
	w->tp = di_calloc(nq, sizeof(double));
	w->pst = di_calloc(pl->nstat, sizeof(double));
	w->pexist = di_calloc(nq, sizeof(size_t));
	w->pext = di_calloc(nq, sizeof(size_t));
	w->counts = di_calloc(pl->ncounts, sizeof(size_t));
	w->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!w->pidx || !w->elig || !w->pseq || !w->ptake || !w->tstat || !w->tp || !w->pst ||
	    !w->pexist || !w->pext || !w->counts || !w->rng)
		return di_error_oom();
	if ((rc = di_trial_slots_init(&w->ts, run, pl->nt)))
		return rc;
	/* a trial is one block of all the securities: none is a control here
	 * (a control would get no ranks and join no rbar group) */
	w->ts.run.ntreated = w->ts.run.ntickers;
	for (size_t i = 0; i < pl->nt; i++) {
		di_secev proto = {0};
		proto.ticker = pl->all[i];
		proto.ret = &run->rets[proto.ticker];
		if ((rc = di_trial_slots_add(&w->ts, &proto)))
			return rc;
	}
	return 0;
}

typedef struct progress_ctx {
	di_progress_cb cb;
	void *payload;
	size_t base, total; /* the cache phase and the trials report as one count */
} progress_ctx;

static void on_progress(size_t done, size_t total, void *payload)
{
	progress_ctx *pc = payload;
	(void)total;
	pc->cb(pc->base + done, pc->total, pc->payload);
}

/* Run the cache (when needed) and the trials on the pool; sum the counts. */
static int run_pool(sim_plan *pl, di_progress_cb progress, void *payload)
{
	di_simulation *sim = pl->sim;
	size_t ntask = sim->nmodes * pl->ntrials;
	size_t nw = di_pool_workers(di_study_jobs(sim->study), ntask);
	size_t ncache = pl->cache ? pl->ncand_all : 0;
	progress_ctx pc = {progress, payload, 0, ncache + ntask};
	sim_worker *w;
	int rc = 0;
	w = di_calloc(nw, sizeof(*w));
	if (!w)
		return di_error_oom();
	for (size_t i = 0; i < nw && !rc; i++)
		rc = worker_init(&w[i], pl);
	if (!rc && ncache)
		rc = di_pool_run(ncache, nw, w, sizeof(*w), sim_cache, progress ? on_progress : NULL,
				 &pc);
	pc.base = ncache;
	if (!rc)
		rc = di_pool_run(ntask, nw, w, sizeof(*w), sim_trial, progress ? on_progress : NULL,
				 &pc);
	for (size_t i = 0; i < nw && !rc; i++)
		for (size_t k = 0; k < pl->ncounts; k++)
			sim->counts[k] += w[i].counts[k];
	for (size_t i = 0; i < nw; i++)
		worker_dispose(&w[i]);
	di_free(w);
	return rc;
}

/* --- the plan: candidates and every draw, up front ---------------------- */

static int spans_of(const sim_plan *pl, const size_t *tick, size_t n, const di_date *cand,
		    size_t nc, di_span **out)
{
	*out = di_calloc(nc ? nc : 1, sizeof(di_span));
	if (!*out)
		return di_error_oom();
	for (size_t c = 0; c < nc; c++)
		di_trial_span(&pl->env, tick, n, cand[c], &(*out)[c]);
	return 0;
}

static int plan_candidates(sim_plan *pl)
{
	di_simulation *sim = pl->sim;
	int rc, yes = sim->modes[0] == DI_CLUSTERED_YES;
	int no = sim->modes[sim->nmodes - 1] == DI_CLUSTERED_NO;
	if (yes) {
		if ((rc = di_candidates(&pl->env, pl->all, pl->nt, &pl->cand_all, &pl->ncand_all)) ||
		    (rc = spans_of(pl, pl->all, pl->nt, pl->cand_all, pl->ncand_all, &pl->span_all)))
			return rc;
		if (!pl->ncand_all)
			return di_error_set(DI_EDATA, "simulate: no date on which every security has its "
						      "event window and estimation sample outside the "
						      "real events' windows (try --clustered no)");
	}
	sim->ncand_all = pl->ncand_all;
	if (!no)
		return 0;
	pl->cand_t = di_calloc(pl->nt, sizeof(*pl->cand_t));
	pl->span_t = di_calloc(pl->nt, sizeof(*pl->span_t));
	pl->ncand_t = di_calloc(pl->nt, sizeof(size_t));
	if (!pl->cand_t || !pl->span_t || !pl->ncand_t)
		return di_error_oom();
	sim->ncand_min = SIZE_MAX;
	for (size_t i = 0; i < pl->nt; i++) {
		if ((rc = di_candidates(&pl->env, &pl->all[i], 1, &pl->cand_t[i], &pl->ncand_t[i])) ||
		    (rc = spans_of(pl, &pl->all[i], 1, pl->cand_t[i], pl->ncand_t[i], &pl->span_t[i])))
			return rc;
		if (!pl->ncand_t[i])
			return di_error_set(DI_EDATA, "simulate: %s has no candidate date (too short a "
						      "history for the windows)",
					    pl->run->tickers[pl->all[i]]->ticker);
		if (pl->ncand_t[i] < sim->ncand_min)
			sim->ncand_min = pl->ncand_t[i];
		if (pl->ncand_t[i] > sim->ncand_max)
			sim->ncand_max = pl->ncand_t[i];
	}
	return 0;
}

/* A stream of candidates drawn without replacement until used up, then
 * reshuffled. */
typedef struct cand_stream {
	size_t *perm, n, pos;
} cand_stream;

static size_t stream_next(cand_stream *cs, gsl_rng *rng)
{
	if (cs->pos == cs->n) {
		di_draw_indices(rng, cs->perm, cs->n, cs->n);
		cs->pos = 0;
	}
	return cs->perm[cs->pos++];
}

/* The order of draws: clustered yes trial dates; clustered no dates
 * (trial by trial, securities in order, each from its own stream); then
 * one seed per trial for its placebo draws (yes trials, then no). */
static int plan_draws(sim_plan *pl, gsl_rng *rng)
{
	di_simulation *sim = pl->sim;
	int rc = 0;
	pl->date_yes = di_calloc(pl->ntrials, sizeof(di_date));
	pl->date_no = di_calloc(pl->ntrials * pl->nt, sizeof(di_date));
	pl->seed_yes = di_calloc(pl->ntrials, sizeof(unsigned long));
	pl->seed_no = di_calloc(pl->ntrials, sizeof(unsigned long));
	if (!pl->date_yes || !pl->date_no || !pl->seed_yes || !pl->seed_no)
		return di_error_oom();
	for (size_t m = 0; m < sim->nmodes && !rc; m++) {
		int yes = sim->modes[m] == DI_CLUSTERED_YES;
		size_t ns = yes ? 1 : pl->nt;
		cand_stream *st = di_calloc(ns, sizeof(*st));
		for (size_t i = 0; st && i < ns; i++) {
			st[i].n = st[i].pos = yes ? pl->ncand_all : pl->ncand_t[i];
			st[i].perm = di_calloc(st[i].n, sizeof(size_t));
			if (!st[i].perm)
				rc = di_error_oom();
		}
		if (!st)
			rc = di_error_oom();
		for (size_t k = 0; !rc && k < pl->ntrials; k++)
			for (size_t i = 0; i < ns; i++) {
				size_t c = stream_next(&st[i], rng);
				if (yes)
					pl->date_yes[k] = pl->cand_all[c];
				else
					pl->date_no[k * pl->nt + i] = pl->cand_t[i][c];
			}
		for (size_t i = 0; st && i < ns; i++)
			di_free(st[i].perm);
		di_free(st);
	}
	for (size_t m = 0; m < sim->nmodes && !rc && pl->M; m++)
		for (size_t k = 0; k < pl->ntrials; k++)
			(sim->modes[m] == DI_CLUSTERED_YES ? pl->seed_yes : pl->seed_no)[k] =
				gsl_rng_get(rng);
	return rc;
}

static void plan_dispose(sim_plan *pl)
{
	di_trial_env_dispose(&pl->env);
	di_free(pl->all);
	di_free(pl->cand_all);
	di_free(pl->span_all);
	for (size_t i = 0; pl->cand_t && i < pl->nt; i++) {
		di_free(pl->cand_t[i]);
		di_free(pl->span_t[i]);
	}
	di_free(pl->cand_t);
	di_free(pl->span_t);
	di_free(pl->ncand_t);
	di_free(pl->date_yes);
	di_free(pl->date_no);
	di_free(pl->seed_yes);
	di_free(pl->seed_no);
	di_free(pl->cache);
}

/* --- the simulation ------------------------------------------------------ */

/* The securities analysed in at least one real event: one excluded from
 * every event (too short a history, no data around the events) could
 * never be fitted, and would leave no date shared by all. */
static int select_securities(di_simulation *sim)
{
	const di_run *run = sim->run;
	sim->used = di_calloc(run->ntickers, sizeof(size_t));
	if (!sim->used)
		return di_error_oom();
	for (size_t t = 0; t < run->ntickers; t++) {
		int in = 0;
		for (size_t i = 0; i < run->nse && !in; i++)
			in = run->se[i].ticker == t;
		if (in)
			sim->used[sim->nused++] = t;
	}
	return 0;
}

/* The headline window: [0,1] when reported, else the first CAR window. */
static size_t headline_sel(const di_simulation *sim)
{
	size_t best = 0;
	for (size_t s = 0; s < sim->nsel; s++) {
		const di_test_window *tw = &sim->run->tw[sim->sel[s]];
		if (tw->from == 0 && tw->to == 1)
			return s;
		if (!best && tw->car >= 0)
			best = s;
	}
	return best;
}

/* Day 0 (when in the event window), then the CAR windows; with what the
 * report prints of them and of the securities. */
static int select_windows(di_simulation *sim)
{
	const di_run *run = sim->run;
	sim->sel = di_calloc(run->ntw + 1, sizeof(size_t));
	sim->win = di_calloc(run->ntw + 1, sizeof(*sim->win));
	sim->tickers = di_calloc(run->ntickers + 1, sizeof(*sim->tickers));
	if (!sim->sel || !sim->win || !sim->tickers)
		return di_error_oom();
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].car < 0 && run->tw[k].from == 0)
			sim->sel[sim->nsel++] = k;
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].car >= 0)
			sim->sel[sim->nsel++] = k;
	for (size_t s = 0; s < sim->nsel; s++)
		sim->win[s] = (struct di_sim_window){run->tw[sim->sel[s]].from, run->tw[sim->sel[s]].to};
	sim->head_sel = headline_sel(sim);
	for (size_t t = 0; t < run->ntickers; t++)
		sim->tickers[t] = run->tickers[t]->ticker;
	sim->ntickers = run->ntickers;
	return 0;
}

static int simulate(di_simulation *sim, di_progress_cb progress, void *payload)
{
	const di_study *s = sim->study;
	sim_plan pl;
	gsl_rng *rng = NULL;
	int rc;
	memset(&pl, 0, sizeof(pl));
	pl.sim = sim;
	pl.run = sim->run;
	pl.nt = sim->nused;
	pl.ntrials = (size_t)s->trials;
	pl.ninj = s->ninject;
	pl.M = (size_t)s->placebo;
	pl.nstat = sim->nsel * DI_NTESTS;
	pl.ncounts = sim->nmodes * pl.ninj * pl.nstat * DI_SIM_NKIND * DI_SIM_NCOUNT;
	sim->counts = di_calloc(pl.ncounts, sizeof(size_t));
	pl.all = di_calloc(pl.nt, sizeof(size_t));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!sim->counts || !pl.all || !rng) {
		rc = di_error_oom();
		goto done;
	}
	memcpy(pl.all, sim->used, pl.nt * sizeof(size_t));
	gsl_rng_set(rng, s->seed);
	if ((rc = di_trial_env_init(&pl.env, sim->run)) || (rc = plan_candidates(&pl)) ||
	    (rc = plan_draws(&pl, rng)))
		goto done;
	if (pl.M && pl.ncand_all) {
		pl.cache = di_calloc(pl.ncand_all * pl.nstat, sizeof(double));
		if (!pl.cache) {
			rc = di_error_oom();
			goto done;
		}
	}
	rc = run_pool(&pl, progress, payload);
done:
	plan_dispose(&pl);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}

int di_simulate_new(di_simulation **out, const di_study *study, di_progress_cb progress,
		    void *payload)
{
	di_simulation *sim;
	int rc;
	*out = NULL;
	if (!study->finished || study->cmd != DI_CMD_SIMULATE)
		return di_error_set(DI_EINTERNAL,
				    "di_simulate_new: the study is not a finished simulate study");
	sim = di_calloc(1, sizeof(*sim));
	if (!sim)
		return di_error_oom();
	sim->study = study;
	if (study->clustered & DI_CLUSTERED_YES)
		sim->modes[sim->nmodes++] = DI_CLUSTERED_YES;
	if (study->clustered & DI_CLUSTERED_NO)
		sim->modes[sim->nmodes++] = DI_CLUSTERED_NO;
	/* the real events matter here only for their windows, kept out of the
	 * candidates: their exclusions and overlaps are not this report's */
	rc = di_run_new_silent(&sim->run, study);
	if (rc || (rc = select_securities(sim)) || (rc = select_windows(sim)) ||
	    (rc = simulate(sim, progress, payload)) || (rc = di_sim_rates(sim))) {
		di_simulate_free(sim);
		return rc;
	}
	*out = sim;
	return 0;
}

void di_simulate_free(di_simulation *sim)
{
	if (!sim)
		return;
	di_run_free(sim->run);
	di_free(sim->sel);
	di_free(sim->win);
	di_free(sim->tickers);
	di_free(sim->used);
	di_free(sim->counts);
	di_free(sim->rates);
	di_free(sim->verdict);
	di_free(sim);
}
