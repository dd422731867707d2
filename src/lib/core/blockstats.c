/*
 * blockstats.c - the cross-sectional part of the study: blocks (each
 * event, each type, ALL), their AAR/CAAR paths and, per event-window day
 * and CAR window, the battery of tests. It gathers the numbers each test
 * needs (X, Z, d, rbar, rank sums, the portfolio) and leaves the formulas
 * to stats.c. It writes nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "pool.h"
#include "rbar.h"
#include "run.h"
#include "signif.h"

/* Scratch shared by the tests of one block. */
typedef struct block_ctx {
	const di_run *run;
	di_block *b;
	/* rank statistic: D_s and N_s over relative days rel0 .. rel0+nrel-1 */
	int rel0;
	size_t nrel;
	double *D;
	size_t *N;
	double corrado_S;
	/* rbar of each test window */
	double *rbar;
	di_rbar *rb; /* shared by every block */
	/* the portfolio */
	di_fit pfit;
	double pfit_xtx[DI_MAX_K * DI_MAX_K];
	int pfit_ok;
	double *p_ar, *p_sar, *p_x; /* nw, nw, nw x kk */
	/* per member: the sign its values are multiplied by (pooled blocks
	 * with expected_sign; else 1) and its share of positive (aligned)
	 * estimation residuals */
	double *sg, *pshare;
	/* generalized rank and sign tests: per member its aligned estimation
	 * SARs in ascending order (gsrt[i]: its security-event's own, or in
	 * gneg for a member of sign -1); per estimation day (and the event
	 * point, last) the sums over every member at the reference (UB, GB,
	 * GC); per test window (block_generalized) its own sums (gU, gG, gC:
	 * nest + 1 each), the count of its members with a value (gn), the
	 * spread of their Z (gsd) and the two statistics (gst) */
	const double **gsrt;
	double *gneg;
	double *utab; /* u of a point without ties among nest (gen_member_sums) */
	double *UB, *GB;
	size_t *GC;
	double *gU, *gG, *gsd;
	size_t *gC, *gn;
	di_stat *gst;
	/* controls (event blocks of a study with controls): their
	 * security-events, and the daily treated-minus-control mean residuals */
	size_t *ctl, nctl;
	double *dd;
	size_t ndd;
	/* per-window scratch */
	double *X, *Z, *B;
	int *d;
} block_ctx;

void di_block_results_free(di_block *b)
{
	di_free(b->aar_n);
	di_free(b->aar);
	di_free(b->caar);
	di_free(b->tests);
	di_free(b->min_p);
	b->aar_n = NULL;
	b->aar = b->caar = b->min_p = NULL;
	b->tests = NULL;
}

static void block_free(di_block *b)
{
	di_free(b->id);
	di_free(b->se);
	di_block_results_free(b);
}

void di_blocks_free(di_run *run)
{
	for (size_t i = 0; i < run->nblocks; i++)
		block_free(&run->blocks[i]);
	di_free(run->blocks);
	run->blocks = NULL;
	run->nblocks = 0;
	di_free(run->tw);
	run->tw = NULL;
}

/* --- the windows of tests.csv ------------------------------------------ */

static int make_test_windows(di_run *run)
{
	const di_study *s = run->study;
	run->tw = di_calloc((size_t)run->nw + s->ncar, sizeof(*run->tw));
	if (!run->tw)
		return di_error_oom();
	for (int t = s->win.from; t <= s->win.to; t++)
		run->tw[run->ntw++] = (di_test_window){t, t, -1};
	for (size_t c = 0; c < s->ncar; c++) {
		int dup = s->car[c].from == s->car[c].to;
		for (size_t j = 0; j < c && !dup; j++)
			dup = s->car[j].from == s->car[c].from && s->car[j].to == s->car[c].to;
		if (!dup)
			run->tw[run->ntw++] = (di_test_window){s->car[c].from, s->car[c].to, (int)c};
	}
	return 0;
}

/* --- blocks ------------------------------------------------------------ */

static int add_block(di_run *run, size_t *cap, const char *id, long event)
{
	di_block *b;
	if (di_grow((void **)&run->blocks, cap, run->nblocks + 1, sizeof(*run->blocks)))
		return DI_ENOMEM;
	b = &run->blocks[run->nblocks];
	memset(b, 0, sizeof(*b));
	b->event = event;
	b->id = di_strdup(id);
	b->se = di_calloc(run->nse, sizeof(size_t));
	if (!b->id || !b->se) {
		block_free(b);
		return di_error_oom();
	}
	run->nblocks++;
	return 0;
}

static int make_blocks(di_run *run)
{
	size_t cap = 0, ne = run->events->n;
	char id[300];
	int rc;
	for (size_t e = 0; e < ne; e++) {
		di_block *b;
		if (!run->event_kept[e])
			continue;
		if ((rc = add_block(run, &cap, run->events->e[e].id, (long)e)))
			return rc;
		b = &run->blocks[run->nblocks - 1];
		for (size_t i = 0; i < run->nse; i++)
			if (run->se[i].event == e && !di_secev_is_control(run, &run->se[i]))
				b->se[b->n++] = i;
	}
	for (size_t e = 0; e < ne; e++) {
		/* a type's block stands where the type first appears in the file,
		 * and exists when any of its events was kept */
		const char *type = run->events->e[e].type;
		int seen = 0, kept = 0;
		di_block *b;
		if (!type[0])
			continue;
		for (size_t f = 0; f < e && !seen; f++)
			seen = !strcmp(run->events->e[f].type, type);
		for (size_t f = e; f < ne && !kept; f++)
			kept = run->event_kept[f] && !strcmp(run->events->e[f].type, type);
		if (seen || !kept)
			continue;
		snprintf(id, sizeof(id), "type:%s", type);
		if ((rc = add_block(run, &cap, id, -1)))
			return rc;
		b = &run->blocks[run->nblocks - 1];
		for (size_t i = 0; i < run->nse; i++)
			if (!strcmp(run->events->e[run->se[i].event].type, type) &&
			    !di_secev_is_control(run, &run->se[i]))
				b->se[b->n++] = i;
	}
	if ((rc = add_block(run, &cap, "ALL", -1)))
		return rc;
	{
		di_block *b = &run->blocks[run->nblocks - 1];
		for (size_t i = 0; i < run->nse; i++)
			if (!di_secev_is_control(run, &run->se[i]))
				b->se[b->n++] = i;
	}
	return 0;
}

/* --- AAR / CAAR -------------------------------------------------------- */

static int block_aar(const di_run *run, di_block *b, const double *sg)
{
	size_t nw = (size_t)run->nw;
	double caar = 0;
	int broken = 0;
	b->aar_n = di_calloc(nw, sizeof(size_t));
	b->aar = di_calloc(nw, sizeof(double));
	b->caar = di_calloc(nw, sizeof(double));
	if (!b->aar_n || !b->aar || !b->caar)
		return di_error_oom();
	/* member by member, each day's sum in member order as before: one
	 * pass over each member's ARs instead of one visit of every member
	 * per day (a cache miss each in a block of thousands) */
	for (size_t i = 0; i < b->n; i++) {
		const double *ar = run->se[b->se[i]].ar;
		for (size_t w = 0; w < nw; w++) {
			double v = sg[i] * ar[w];
			if (!isnan(v)) {
				b->aar[w] += v;
				b->aar_n[w]++;
			}
		}
	}
	for (size_t w = 0; w < nw; w++) {
		size_t n = b->aar_n[w];
		b->aar[w] = n ? b->aar[w] / (double)n : NAN;
		if (!n)
			broken = 1;
		caar += n ? b->aar[w] : 0;
		b->caar[w] = broken ? NAN : caar;
	}
	return 0;
}

/* The day-0 move of a block, over the members with an AR on day 0: their
 * mean raw return, the mean market return paired with it (over those that
 * have one) and the AAR of day 0; the day 0 they share, if they do. */
static void block_day0(const di_run *run, di_block *b)
{
	const di_study *s = run->study;
	size_t w0, nm = 0;
	double sr = 0, sm = 0;
	int same = 1;
	b->day0_n = 0;
	b->day0_date = DI_NO_DATE;
	b->day0_r = b->day0_m = b->day0_aar = NAN;
	if (s->win.from > 0 || s->win.to < 0)
		return;
	w0 = (size_t)(0 - s->win.from);
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		if (isnan(se->ar[w0]))
			continue;
		if (!b->day0_n)
			b->day0_date = se->date[w0];
		same &= se->date[w0] == b->day0_date;
		sr += se->r[w0];
		if (!isnan(se->m[w0])) {
			sm += se->m[w0];
			nm++;
		}
		b->day0_n++;
	}
	if (!same)
		b->day0_date = DI_NO_DATE;
	if (b->day0_n) {
		b->day0_r = sr / (double)b->day0_n;
		b->day0_aar = b->aar[w0]; /* the mean of the same ARs */
	}
	if (nm)
		b->day0_m = sm / (double)nm;
}

/* --- sums by day over the members' estimation rows ---------------------
 *
 * A member whose estimation window is full (every day usable: n_est
 * equals the window's length) has its rows on consecutive days from
 * est.from, so its values add to consecutive days: loops the compiler
 * vectorizes, with the same operations on each day, in the same member
 * order, as the loop through est_rel that a member with gaps takes. */

static int est_full(const di_run *run, const di_secev *se)
{
	return se->n_est == di_window_days(run->study->est);
}

/* sum[j] += g * v[j] and cnt[j]++, for j < n */
static void add_days(double *restrict sum, size_t *restrict cnt, const double *restrict v,
		     double g, size_t n)
{
	for (size_t j = 0; j < n; j++)
		sum[j] += g * v[j];
	for (size_t j = 0; j < n; j++)
		cnt[j]++;
}

/* --- Brown-Warner crude dependence adjustment: S from the estimation AARs */

static void block_bw(const di_run *run, di_block *b, const double *sg, int rel0, size_t nrel,
		     double *sum, size_t *cnt)
{
	double mean = 0, ss = 0;
	size_t days = 0;
	memset(sum, 0, nrel * sizeof(double));
	memset(cnt, 0, nrel * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		if (se->n_est && est_full(run, se)) {
			size_t k = (size_t)(se->est_rel[0] - rel0);
			add_days(sum + k, cnt + k, se->est_resid, sg[i], se->n_est);
			continue;
		}
		for (size_t j = 0; j < se->n_est; j++) {
			size_t k = (size_t)(se->est_rel[j] - rel0);
			sum[k] += sg[i] * se->est_resid[j];
			cnt[k]++;
		}
	}
	for (size_t k = 0; k < nrel; k++)
		if (cnt[k]) {
			sum[k] /= (double)cnt[k];
			mean += sum[k];
			days++;
		}
	b->bw_S = NAN;
	b->bw_df = NAN;
	if (days < 2)
		return;
	mean /= (double)days;
	for (size_t k = 0; k < nrel; k++)
		if (cnt[k])
			ss += (sum[k] - mean) * (sum[k] - mean);
	b->bw_S = sqrt(ss / (double)(days - 1));
	b->bw_df = (double)(days - 1);
}

/* --- Corrado: per member, its U values (ranked once per security-event
 * by run.c, since they do not depend on the block) summed by day */

static void block_corrado(block_ctx *c)
{
	const di_run *run = c->run;
	const di_block *b = c->b;
	double ss = 0;
	size_t days = 0;
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		/* the ranks are made once per security-event; an aligned
		 * member's values are negated, which negates its U exactly
		 * (average ranks of -x are T + 1 less those of x). Their days
		 * are its estimation days, then its window days with an AR
		 * (run.c secev_ranks): read from those, not stored. */
		const double *u = se->rank_u + se->n_est; /* the window's */
		if (se->n_est && est_full(run, se)) {
			size_t k = (size_t)(se->est_rel[0] - c->rel0);
			add_days(c->D + k, c->N + k, se->rank_u, c->sg[i], se->n_est);
		} else {
			for (size_t j = 0; j < se->n_est; j++) {
				size_t k = (size_t)(se->est_rel[j] - c->rel0);
				c->D[k] += c->sg[i] * se->rank_u[j];
				c->N[k]++;
			}
		}
		for (size_t w = 0; w < (size_t)run->nw; w++) {
			size_t k = (size_t)(run->study->win.from + (int)w - c->rel0);
			if (isnan(se->ar[w]))
				continue;
			c->D[k] += c->sg[i] * *u++;
			c->N[k]++;
		}
	}
	for (size_t k = 0; k < c->nrel; k++)
		if (c->N[k]) {
			ss += c->D[k] * c->D[k] / (double)c->N[k];
			days++;
		}
	c->corrado_S = days ? sqrt(ss / (double)days) : NAN;
}

/* --- the portfolio: one equal-weight series per block ------------------ */

/* The sign regressor column q of an aligned member enters the portfolio
 * with: its own sign, but 1 for the constant (column 0 of every fitted
 * model; market-adjusted has no constant, its column 0 is the market). */
static double reg_sign(const di_study *s, size_t q, double sg)
{
	return s->model != DI_MODEL_MARKET_ADJUSTED && q == 0 ? 1.0 : sg;
}

/* v[j] += g * w[j] for j < n */
static void add_scaled(double *restrict v, const double *restrict w, double g, size_t n)
{
	for (size_t j = 0; j < n; j++)
		v[j] += g * w[j];
}

/* portfolio_est_series for member i, whose estimation window is full and
 * whose rows a trial slot keeps (est_y, est_x): the same sums, day after
 * day from the first, with one coefficient for all of X when every
 * column has the same sign (always when the member's sign is 1). */
static void portfolio_add_rows(const block_ctx *c, size_t i, double *y, double *X, double *cnt)
{
	const di_run *run = c->run;
	const di_secev *se = &run->se[c->b->se[i]];
	size_t kk = run->kx ? (size_t)run->kx : 1, n = se->n_est;
	double g = c->sg[i], coef[DI_MAX_K];
	int same = 1;
	for (size_t q = 0; q < kk; q++) {
		coef[q] = reg_sign(run->study, q, g);
		same &= coef[q] == coef[0];
	}
	add_scaled(y, se->est_y, g, n);
	if (same)
		add_scaled(X, se->est_x, coef[0], n * kk);
	else
		for (size_t j = 0; j < n; j++)
			for (size_t q = 0; q < kk; q++)
				X[j * kk + q] += coef[q] * se->est_x[j * kk + q];
	for (size_t j = 0; j < n; j++)
		cnt[j]++;
}

/* The portfolio's estimation series: on each estimation day where at
 * least one member has an observation, the mean of the members' (aligned)
 * returns into y and regressors into X. Returns the number of days. */
static size_t portfolio_est_series(const block_ctx *c, double *y, double *X, double *cnt)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t kk = run->kx ? (size_t)run->kx : 1, m = 0;
	size_t nest = di_window_days(s->est);
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		if (se->est_y && se->n_est && est_full(run, se)) {
			portfolio_add_rows(c, i, y, X, cnt);
			continue;
		}
		for (size_t j = 0; j < se->n_est; j++) {
			size_t t = (size_t)(se->est_rel[j] - s->est.from);
			double x[DI_MAX_K], r = di_secev_est_row(run, se, j, x);
			/* aligned: a member of sign -1 enters with its return and
			 * every regressor negated (not the constant), as if its
			 * data were -R on -x: its own fit would give the same
			 * slopes and the negated intercept, so its ARs flip exactly,
			 * in every model alike (market-adjusted included) */
			y[t] += c->sg[i] * r;
			for (size_t q = 0; q < kk; q++)
				X[t * kk + q] += reg_sign(s, q, c->sg[i]) * x[q];
			cnt[t]++;
		}
	}
	/* compact to the days where at least one member has an observation */
	for (size_t t = 0; t < nest; t++) {
		if (!cnt[t])
			continue;
		y[m] = y[t] / cnt[t];
		for (size_t q = 0; q < kk; q++)
			X[m * kk + q] = X[t * kk + q] / cnt[t];
		m++;
	}
	return m;
}

/* The portfolio's model on its m estimation days; c->pfit_ok says whether
 * there is one (too few days or a singular design leave none). */
static int portfolio_fit(block_ctx *c, di_fit_ws *ws, double *y, const double *X, size_t m)
{
	size_t kx = (size_t)c->run->kx;
	int rc;
	c->pfit_ok = 0;
	if (c->run->study->model == DI_MODEL_MARKET_ADJUSTED) {
		if (m < 2)
			return 0;
		for (size_t t = 0; t < m; t++)
			y[t] -= X[t];
		di_fit_madj(&c->pfit, y, m);
		c->pfit_ok = 1;
		return 0;
	}
	if (m <= kx)
		return 0;
	rc = di_fit_ols(&c->pfit, ws, X, y, m, (int)kx);
	if (rc < 0)
		return rc;
	c->pfit_ok = rc == 0;
	return 0;
}

/* The portfolio's AR and SAR on event-window day w. */
static void portfolio_day(block_ctx *c, size_t w)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t kx = (size_t)run->kx, kk = kx ? kx : 1;
	double r = 0, n = 0, xs[DI_MAX_K] = {0};
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		if (isnan(se->ar[w]))
			continue;
		r += c->sg[i] * se->r[w];
		if (s->model == DI_MODEL_MARKET_ADJUSTED)
			xs[0] += c->sg[i] * se->m[w];
		else
			for (size_t q = 0; q < kx; q++)
				xs[q] += reg_sign(s, q, c->sg[i]) * se->x[w * kk + q];
		n++;
	}
	if (!n) {
		c->p_ar[w] = c->p_sar[w] = NAN;
		return;
	}
	for (size_t q = 0; q < kk; q++)
		c->p_x[w * kk + q] = xs[q] / n;
	if (s->model == DI_MODEL_MARKET_ADJUSTED) {
		c->p_ar[w] = r / n - c->p_x[w];
		c->p_sar[w] = c->pfit.s2 > 0 ? c->p_ar[w] / sqrt(c->pfit.s2) : NAN;
	} else {
		c->p_ar[w] = r / n - di_fit_predict(&c->pfit, c->p_x + w * kk);
		c->p_sar[w] = c->pfit.s2 > 0
				      ? c->p_ar[w] / sqrt(c->pfit.s2 *
							  di_fit_pe_factor(&c->pfit, c->p_x + w * kk))
				      : NAN;
	}
}

static int block_portfolio(block_ctx *c, di_fit_ws *ws)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	size_t kk = run->kx ? (size_t)run->kx : 1, nw = (size_t)run->nw;
	size_t nest = di_window_days(s->est);
	double *y = NULL, *X = NULL, *cnt = NULL;
	int rc = 0;
	c->pfit_ok = 0;
	y = di_calloc(nest, sizeof(double));
	X = di_calloc(nest * kk, sizeof(double));
	cnt = di_calloc(nest, sizeof(double));
	c->p_ar = di_reallocarray(NULL, nw, sizeof(double));
	c->p_sar = di_reallocarray(NULL, nw, sizeof(double));
	c->p_x = di_calloc(nw * kk, sizeof(double));
	if (!y || !X || !cnt || !c->p_ar || !c->p_sar || !c->p_x) {
		rc = di_error_oom();
		goto done;
	}
	rc = portfolio_fit(c, ws, y, X, portfolio_est_series(c, y, X, cnt));
	for (size_t w = 0; !rc && c->pfit_ok && w < nw; w++)
		portfolio_day(c, w);
done:
	di_free(y);
	di_free(X);
	di_free(cnt);
	return rc;
}

static di_stat portfolio_stat(const block_ctx *c, size_t a, size_t b)
{
	const di_run *run = c->run;
	size_t kx = (size_t)run->kx, kk = kx ? kx : 1, L = b - a + 1;
	double car = 0, g[DI_MAX_K] = {0}, var;
	di_stat none = {NAN, NAN, NAN};
	if (!c->pfit_ok)
		return none;
	for (size_t w = a; w <= b; w++) {
		if (isnan(c->p_ar[w]))
			return di_stat_t(NAN, (double)c->pfit.d);
		car += c->p_ar[w];
		for (size_t q = 0; q < kx; q++)
			g[q] += c->p_x[w * kk + q];
	}
	if (a == b)
		return di_stat_t(c->p_sar[a], (double)c->pfit.d);
	var = run->study->model == DI_MODEL_MARKET_ADJUSTED ? (double)L * c->pfit.s2
							     : di_fit_car_var(&c->pfit, g, L);
	return di_stat_t(var > 0 ? car / sqrt(var) : NAN, (double)c->pfit.d);
}

/* --- generalized rank and sign tests (Kolari-Pynnonen 2011, Luoma 2011) */

/* Where member i's aligned points sit among its security-event's: the
 * sorted order (sign 1) or its reverse, and the relative day of each. */
typedef struct gen_pts {
	const int *rel;
	size_t n;
	int up, from;
} gen_pts;

static gen_pts gen_points_of(const block_ctx *c, size_t i)
{
	const di_secev *se = &c->run->se[c->b->se[i]];
	return (gen_pts){se->gsar_rel, se->n_est, c->sg[i] > 0,
			 c->run->study->est.from};
}

/* The estimation day (0 = est.from) of aligned point k. */
static inline size_t gen_day(const gen_pts *p, size_t k)
{
	size_t o = p->up ? k : p->n - 1 - k;
	return (size_t)(p->rel[o] - p->from);
}

/* Adds (or, remove, takes) the table's u and the sign sgn of points a..b-1
 * to the sums of their days. */
static void gen_plain_range(const gen_pts *p, const double *ut, size_t a, size_t b, double sgn,
			    int remove, double *U, double *G, size_t *C)
{
	for (size_t k = a; k < b; k++) {
		size_t d = gen_day(p, k);
		if (remove) {
			U[d] -= ut[k];
			G[d] -= sgn;
			C[d]--;
		} else {
			U[d] += ut[k];
			G[d] += sgn;
			C[d]++;
		}
	}
}

/* gen_member_sums for a member with a full window and no ties among its
 * points (the common case: its fit found none, gsar_ties): point k has
 * rank k + 1, its u from the table, and its sign against the reference
 * median srt[m] is that of k - m. The same additions, in the same order. */
static void gen_member_sums_plain(const block_ctx *c, const gen_pts *p, double *U, double *G,
				  size_t *C, int remove)
{
	size_t n = p->n, m = n / 2;
	gen_plain_range(p, c->utab, 0, m, -1.0, remove, U, G, C);
	gen_plain_range(p, c->utab, m, m + 1, 0.0, remove, U, G, C);
	gen_plain_range(p, c->utab, m + 1, n, 1.0, remove, U, G, C);
}

/* Member i's points at its reference split, added to (or, remove, taken
 * from) the per-day sums U, G, C: every point from sorted position
 * m = n/2 up counts as above the event point, and signs are taken against
 * srt[m]. A window then moves only the points between the reference and
 * its own event point and median (gen_correct), instead of revisiting
 * every point of every member. Ranks are those of the points among
 * themselves, ties averaged (di_gen_point). A removal recomputes the same
 * u and sign (x - u is x + (-u) exactly), so nothing is stored per point. */
static void gen_member_sums(const block_ctx *c, size_t i, double *U, double *G, size_t *C,
			    int remove)
{
	gen_pts p = gen_points_of(c, i);
	const double *srt = c->gsrt[i];
	size_t n = p.n, m = n / 2;
	double T1 = (double)n + 2.0;
	const double *ut = n == di_window_days(c->run->study->est)
				   ? c->utab
				   : NULL;
	if (ut && n && !c->run->se[c->b->se[i]].gsar_ties) {
		gen_member_sums_plain(c, &p, U, G, C, remove);
		return;
	}
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		double rk;
		while (b < n && srt[b] == srt[a])
			b++;
		rk = ((double)(a + 1) + (double)b) / 2.0;
		for (size_t k = a; k < b; k++) {
			/* a point without ties: its u from the table, the same
			 * division (rk = a + 1) made once per block */
			double u = ut && b == a + 1 ? ut[a] : (rk + (k >= m ? 1.0 : 0.0)) / T1 - 0.5;
			int sgn = (srt[k] > srt[m]) - (srt[k] < srt[m]);
			size_t d = gen_day(&p, k);
			if (remove) {
				U[d] -= u;
				G[d] -= sgn;
				C[d]--;
			} else {
				U[d] += u;
				G[d] += sgn;
				C[d]++;
			}
		}
		a = b;
	}
}

/* The aligned sorted points of a member of sign -1 (negated, reversed). */
static void gen_negate(block_ctx *c, size_t i, double *to)
{
	const di_secev *se = &c->run->se[c->b->se[i]];
	size_t n = se->n_est;
	for (size_t k = 0; k < n; k++)
		to[k] = -se->gsar_sorted[n - 1 - k];
	c->gsrt[i] = to;
}

/* The SARs of a security-event on its estimation days (its residual over
 * s sqrt(C_t), as on an event-window day: run.c) are ranked and sorted
 * once per security-event; here they are aligned and summed per day. A
 * member of sign 1 reads its security-event's sorted SARs in place; only
 * one of sign -1 has them copied (negated and reversed, into c->gneg). A
 * block used to copy every point with its day, u and sign: 25 bytes a
 * point, 625 MB for the ALL block of 100,000 security-events. */
static int block_gen_prepare(block_ctx *c)
{
	const di_run *run = c->run;
	const di_block *b = c->b;
	size_t nneg = 0, at = 0, nest = di_window_days(run->study->est);
	for (size_t i = 0; i < b->n; i++)
		nneg += c->sg[i] < 0 ? run->se[b->se[i]].n_est : 0;
	c->gsrt = di_reallocarray(NULL, b->n ? b->n : 1, sizeof(*c->gsrt));
	c->gneg = di_reallocarray(NULL, nneg ? nneg : 1, sizeof(double));
	c->utab = di_reallocarray(NULL, nest ? nest : 1, sizeof(double));
	c->UB = di_calloc(nest + 1, sizeof(double));
	c->GB = di_calloc(nest + 1, sizeof(double));
	c->GC = di_calloc(nest + 1, sizeof(size_t));
	c->gU = di_calloc(run->ntw * (nest + 1), sizeof(double));
	c->gG = di_calloc(run->ntw * (nest + 1), sizeof(double));
	c->gC = di_calloc(run->ntw * (nest + 1), sizeof(size_t));
	c->gsd = di_calloc(run->ntw, sizeof(double));
	c->gn = di_calloc(run->ntw, sizeof(size_t));
	c->gst = di_calloc(run->ntw * 2, sizeof(di_stat));
	if (!c->gsrt || !c->gneg || !c->utab || !c->UB || !c->GB || !c->GC || !c->gU || !c->gG || !c->gC ||
	    !c->gsd || !c->gn || !c->gst)
		return di_error_oom();
	for (size_t k = 0; k < nest; k++) /* gen_member_sums' u at rk = k + 1, n = nest */
		c->utab[k] = ((double)(k + 1) + (k >= nest / 2 ? 1.0 : 0.0)) / ((double)nest + 2.0) -
			     0.5;
	for (size_t i = 0; i < b->n; i++) {
		c->gsrt[i] = run->se[b->se[i]].gsar_sorted;
		if (c->sg[i] < 0) {
			gen_negate(c, i, c->gneg + at);
			at += run->se[b->se[i]].n_est;
		}
		gen_member_sums(c, i, c->UB, c->GB, c->GC, 0);
	}
	return 0;
}

/* First position in srt[0..n) whose value is >= v (above: > v): the
 * count of values below v (at most v). Found by walking from position m:
 * the bounds sought are those of the window's median, which lies next to
 * the reference median srt[m] in sorted order, so the walk takes a step
 * or two (or the length of a run of ties, which the caller's loop walks
 * anyway), where a bisection took eight dependent loads. */
static size_t gen_bound(const double *srt, size_t n, size_t m, double v, int above)
{
	size_t k = m < n ? m : n;
	while (k > 0 && !(above ? srt[k - 1] <= v : srt[k - 1] < v))
		k--;
	while (k < n && (above ? srt[k] <= v : srt[k] < v))
		k++;
	return k;
}

/* Adds v to sum at the estimation day of each of the aligned points a..b-1. */
static void gen_add(double *sum, const gen_pts *p, size_t a, size_t b, double v)
{
	if (p->up)
		for (size_t k = a; k < b; k++)
			sum[p->rel[k] - p->from] += v;
	else
		for (size_t k = a; k < b; k++)
			sum[p->rel[p->n - 1 - k] - p->from] += v;
}

/* The rank corrections of member i's points lo..hi-1 (gen_correct): the
 * change d of a point's rank is constant between the breakpoints less,
 * top and m, so each stretch adds one value, d / T1, computed once (the
 * same division, so the same bits, as point by point). */
static void gen_correct_ranks(double *U, const gen_pts *p, const di_gen_event *ev, size_t lo,
			      size_t hi)
{
	size_t m = p->n / 2, top = ev->less + ev->eq;
	size_t cut[5] = {lo, ev->less, top, m, hi}, a = lo;
	while (a < hi) {
		size_t b = hi;
		double side = a < ev->less ? 0.0 : a < top ? 0.5 : 1.0;
		double d = side - (a >= m ? 1.0 : 0.0);
		for (size_t j = 0; j < 5; j++)
			if (cut[j] > a && cut[j] < b)
				b = cut[j];
		if (d != 0)
			gen_add(U, p, a, b, d / ev->T1);
		a = b;
	}
}

/* Member i's points from the reference split to the window's event point
 * ev (di_gen_point): a point above g0 adds 1 to its rank, one tied with
 * it 1/2; its sign is taken against ev->med. Only the points between the
 * reference and the window's split or median change. */
static void gen_correct(const block_ctx *c, size_t i, const di_gen_event *ev, double *U,
			double *G)
{
	gen_pts p = gen_points_of(c, i);
	size_t n = p.n, m = n / 2;
	size_t top = ev->less + ev->eq, lo, hi;
	const double *srt = c->gsrt[i];
	double mref;
	if (!n)
		return;
	mref = srt[m];
	gen_correct_ranks(U, &p, ev, ev->less < m ? ev->less : m, top > m ? top : m);
	lo = gen_bound(srt, n, m, ev->med < mref ? ev->med : mref, 0);
	hi = gen_bound(srt, n, m, ev->med > mref ? ev->med : mref, 1);
	for (size_t k = lo; k < hi; k++) {
		int d = ((srt[k] > ev->med) - (srt[k] < ev->med)) - ((srt[k] > mref) - (srt[k] < mref));
		G[gen_day(&p, k)] += d;
	}
}

/* Member i's aligned Z in test window w into *z; 1 when it has a value
 * there (an AR, or a CAR), else 0. As window_collect reads it. */
static int gen_member_z(const block_ctx *c, size_t i, size_t w, double *z)
{
	const di_run *run = c->run;
	const di_secev *se = &run->se[c->b->se[i]];
	const di_test_window *tw = &run->tw[w];
	size_t a = (size_t)(tw->from - run->study->win.from);
	double x = tw->car < 0 ? se->ar[a] : se->car[tw->car];
	*z = c->sg[i] * (tw->car < 0 ? se->sar[a] : se->scar[tw->car]);
	return !isnan(x);
}

/* Pass 1, per window: its members, the spread of their Z (the
 * cross-sectional sd, over the members in order) and its starting sums. */
static void gen_window_start(block_ctx *c, size_t w, size_t nest)
{
	const di_block *b = c->b;
	double *U = c->gU + w * (nest + 1), *G = c->gG + w * (nest + 1), z;
	size_t *C = c->gC + w * (nest + 1), n = 0;
	for (size_t i = 0; i < b->n; i++)
		if (gen_member_z(c, i, w, &z))
			c->Z[n++] = z;
	c->gn[w] = n;
	c->gsd[w] = n >= 2 ? di_sd(c->Z, n) : NAN;
	if (n < 2)
		return;
	memcpy(U, c->UB, (nest + 1) * sizeof(double));
	memcpy(G, c->GB, (nest + 1) * sizeof(double));
	memcpy(C, c->GC, (nest + 1) * sizeof(size_t));
	for (size_t i = 0; n < b->n && i < b->n; i++)
		if (!gen_member_z(c, i, w, &z))
			gen_member_sums(c, i, U, G, C, 1);
}

/* Pass 2: member by member, its corrections to each window's sums for
 * its event point there (its Z over the window's spread). The event
 * points of up to DI_GEN_BATCH windows are placed among the member's
 * sorted points at once (di_gen_less_many), then corrected window by
 * window, in window order as before. */
static void gen_member_windows(block_ctx *c, size_t i, size_t w0, size_t w1, size_t nest)
{
	const di_run *run = c->run;
	size_t npts = run->se[c->b->se[i]].n_est, m = 0, wk[DI_GEN_BATCH], less[DI_GEN_BATCH];
	double g0[DI_GEN_BATCH];
	for (size_t w = w0; w < w1; w++) {
		double z, sdz = c->gsd[w];
		if (c->gn[w] < 2 || !gen_member_z(c, i, w, &z))
			continue;
		/* the event point: Z_i standardized by the cross-sectional sd */
		g0[m] = sdz > 0 ? z / sdz : 0;
		wk[m++] = w;
	}
	di_gen_less_many(c->gsrt[i], npts, g0, m, less);
	for (size_t k = 0; k < m; k++) {
		size_t w = wk[k];
		double *U = c->gU + w * (nest + 1), *G = c->gG + w * (nest + 1), u0, s0;
		di_gen_event ev;
		di_gen_prepare_at(c->gsrt[i], npts, g0[k], less[k], &ev, &u0, &s0);
		gen_correct(c, i, &ev, U, G);
		U[nest] += u0;
		G[nest] += s0;
		c->gC[w * (nest + 1) + nest]++;
	}
}

static void gen_members(block_ctx *c, size_t nest)
{
	size_t ntw = c->run->ntw;
	for (size_t i = 0; i < c->b->n; i++)
		for (size_t w = 0; w < ntw; w += DI_GEN_BATCH)
			gen_member_windows(c, i, w, ntw - w < DI_GEN_BATCH ? ntw : w + DI_GEN_BATCH,
					   nest);
}

/* Pass 3, per window: grank_t and gsign_z from its sums. */
static void gen_window_stats(block_ctx *c, size_t w, size_t nest)
{
	double *U = c->gU + w * (nest + 1), *G = c->gG + w * (nest + 1);
	const size_t *C = c->gC + w * (nest + 1);
	size_t n = c->gn[w], T = 1;
	di_stat *st = c->gst + 2 * w;
	st[0] = st[1] = (di_stat){NAN, NAN, NAN};
	if (n < 2)
		return;
	for (size_t t = 0; t < nest; t++)
		T += C[t] > 0;
	if (!(c->gsd[w] > 0)) {
		/* zero spread or an undefined Z: the statistic is undefined, its
		 * df T - 2 is not (pinned detail 8) */
		st[0] = di_stat_t(NAN, (double)T - 2.0);
		return;
	}
	for (size_t t = 0; t <= nest; t++)
		if (C[t]) {
			U[t] /= (double)C[t];
			G[t] /= (double)C[t];
		}
	st[0] = di_test_grank(U, C, nest + 1, n, nest);
	st[1] = di_test_gsign(G, C, nest + 1, n, nest);
}

/* Every test window's generalized tests at once. The sums of a window
 * are those of the reference less the members without a value in it,
 * plus each member's corrections for its own event point, added in
 * member order as when the windows were done one at a time, so the same
 * bits; but member by member, so that each member's sorted points are
 * read for all the windows while they are in the cache (a window at a
 * time, a block of 100,000 members read every member's points, 200 MB,
 * from memory once per window). */
static void block_generalized(block_ctx *c)
{
	const di_study *s = c->run->study;
	size_t nest = di_window_days(s->est);
	for (size_t w = 0; w < c->run->ntw; w++)
		gen_window_start(c, w, nest);
	gen_members(c, nest);
	for (size_t w = 0; w < c->run->ntw; w++)
		gen_window_stats(c, w, nest);
}

/* --- treated vs controls ----------------------------------------------- */

/* An event block's controls and the daily difference of the mean
 * estimation residuals, treated (tmean, tcnt from block_bw) minus
 * controls, on the relative days where both groups have one. */
static int block_controls(block_ctx *c, const double *tmean, const size_t *tcnt)
{
	const di_run *run = c->run;
	double *cm = NULL;
	size_t *cc = NULL;
	c->ctl = di_calloc(run->nse, sizeof(size_t));
	c->dd = di_calloc(c->nrel, sizeof(double));
	cm = di_calloc(c->nrel, sizeof(double));
	cc = di_calloc(c->nrel, sizeof(size_t));
	if (!c->ctl || !c->dd || !cm || !cc) {
		di_free(cm);
		di_free(cc);
		return di_error_oom();
	}
	for (size_t i = 0; i < run->nse; i++) {
		const di_secev *se = &run->se[i];
		if ((long)se->event != c->b->event || !di_secev_is_control(run, se))
			continue;
		c->ctl[c->nctl++] = i;
		for (size_t j = 0; j < se->n_est; j++) {
			size_t k = (size_t)(se->est_rel[j] - c->rel0);
			cm[k] += se->est_resid[j];
			cc[k]++;
		}
	}
	for (size_t k = 0; k < c->nrel; k++)
		if (tcnt[k] && cc[k])
			c->dd[c->ndd++] = tmean[k] - cm[k] / (double)cc[k];
	di_free(cm);
	di_free(cc);
	return 0;
}

/* dcaar_t of one window: est is the treated mean X. */
static void window_dcaar(const block_ctx *c, const di_test_window *tw, double est,
			 di_test_value *out)
{
	const di_run *run = c->run;
	size_t a = (size_t)(tw->from - run->study->win.from), n = 0;
	double sum = 0, d;
	for (size_t i = 0; i < c->nctl; i++) {
		const di_secev *se = &run->se[c->ctl[i]];
		double x = tw->car < 0 ? se->ar[a] : se->car[tw->car];
		if (!isnan(x)) {
			sum += x;
			n++;
		}
	}
	d = n ? est - sum / (double)n : NAN;
	out->estimate = d;
	out->s = di_test_dcaar(d, c->dd, c->ndd, (size_t)(tw->to - tw->from + 1));
}

/* --- the battery for one window ---------------------------------------- */

/* X, Z, BHAR and d of the members with a value in the window (aligned),
 * into c->X, c->Z, c->B, c->d; returns their count. */
static size_t window_collect(block_ctx *c, const di_test_window *tw, size_t *wpos, double *pshare)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t a = (size_t)(tw->from - s->win.from), n = 0;
	*wpos = 0;
	*pshare = 0;
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		double x = tw->car < 0 ? se->ar[a] : se->car[tw->car];
		double zz = tw->car < 0 ? se->sar[a] : se->scar[tw->car];
		double bh;
		if (isnan(x))
			continue;
		/* a one-day BHAR, (1 + R) - (1 + normal), as car.csv writes it
		 * for a [t,t] window; with log returns exp(R) - exp(normal) */
		bh = tw->car >= 0 ? se->bhar[tw->car]
		     : s->log_returns ? exp(se->r[a]) - exp(se->normal[a])
				      : (1 + se->r[a]) - (1 + se->normal[a]);
		c->X[n] = c->sg[i] * x;
		c->Z[n] = c->sg[i] * zz;
		c->B[n] = c->sg[i] * bh;
		c->d[n] = se->fit.d;
		*wpos += c->X[n] > 0;
		*pshare += c->pshare[i];
		n++;
	}
	return n;
}

/* The smallest p the exact discrete tests can reach on these n values
 * (pshare: the generalized sign test's p); NAN for the other tests. */
static void exact_min_p(const double *X, size_t n, double pshare, double *min_p)
{
	size_t nonzero = 0;
	for (int t = 0; t < DI_NTESTS; t++)
		min_p[t] = NAN;
	for (size_t i = 0; i < n; i++)
		nonzero += X[i] != 0;
	min_p[DI_T_SIGN] = di_sign_min_p(n);
	min_p[DI_T_GEN_SIGN] = di_gen_sign_min_p(n, pshare);
	min_p[DI_T_WILCOXON] = di_wilcoxon_min_p(nonzero);
}

static int window_tests(block_ctx *c, const di_test_window *tw, di_test_value *out,
			double *min_p)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t a = (size_t)(tw->from - s->win.from), z = (size_t)(tw->to - s->win.from);
	size_t L = z - a + 1, wpos, n;
	double est, rbar, pshare;
	di_moments mx, mz, mb;
	di_stat st[DI_NTESTS];
	int rc;

	n = window_collect(c, tw, &wpos, &pshare);
	/* the mean and sd of X, Z and B, each made once for the tests
	 * that read them */
	mx = di_moments_of(c->X, n);
	mz = di_moments_of(c->Z, n);
	mb = di_moments_of(c->B, n);
	est = mx.mean;
	for (int t = 0; t < DI_NTESTS; t++)
		st[t] = (di_stat){NAN, NAN, NAN};
	rbar = n >= 2 ? c->rbar[tw - run->tw] : NAN;
	if (n) {
		st[DI_T_CSECT] = di_test_mean_t_of(mx);
		st[DI_T_BW_CDA] = di_stat_t(b->bw_S > 0 ? est / (sqrt((double)L) * b->bw_S) : NAN,
					    b->bw_df);
		st[DI_T_PATELL] = di_test_patell(c->Z, c->d, n);
		st[DI_T_PATELL_KP] = di_test_patell_kp(st[DI_T_PATELL], n, rbar);
		st[DI_T_BMP] = di_test_mean_t_of(mz);
		st[DI_T_BMP_KP] = di_test_bmp_kp(st[DI_T_BMP], n, rbar);
		if (c->corrado_S > 0) {
			double sum = 0;
			for (size_t w = a; w <= z; w++) {
				size_t k = (size_t)(s->win.from + (int)w - c->rel0);
				if (c->N[k])
					sum += c->D[k] / sqrt((double)c->N[k]);
			}
			st[DI_T_CORRADO] = di_stat_z(sum / (sqrt((double)L) * c->corrado_S));
		}
		st[DI_T_SIGN] = di_test_sign(wpos, n);
		st[DI_T_GEN_SIGN] = di_test_gen_sign(wpos, n, pshare / (double)n);
		if ((rc = di_test_wilcoxon(c->X, n, &st[DI_T_WILCOXON])))
			return rc;
		st[DI_T_PORTFOLIO] = portfolio_stat(c, a, z);
		st[DI_T_GRANK] = c->gst[2 * (size_t)(tw - run->tw)];
		st[DI_T_GSIGN] = c->gst[2 * (size_t)(tw - run->tw) + 1];
		st[DI_T_SKEW_ADJ] = di_test_skew_adj_of(c->X, mx);
		st[DI_T_BHAR_SKEW_ADJ] = di_test_skew_adj_of(c->B, mb);
	}
	for (int t = 0; t < DI_NTESTS; t++) {
		out[t].n = n;
		out[t].estimate = t == DI_T_BHAR_SKEW_ADJ ? mb.mean : est;
		out[t].s = st[t];
		out[t].rbar = rbar;
		out[t].p_placebo = NAN;
		out[t].n_placebo = 0;
	}
	if (c->ctl)
		window_dcaar(c, tw, est, &out[DI_T_DCAAR]);
	exact_min_p(c->X, n, n ? pshare / (double)n : NAN, min_p);
	return 0;
}

static int cmp_date(const void *a, const void *b)
{
	di_date x = *(const di_date *)a, y = *(const di_date *)b;
	return x < y ? -1 : x > y;
}

/* Do at least two members react on one calendar date (day 0)? Then the
 * cross-correlation of their ARs bites. Returns 0/1, or DI_ENOMEM. */
static int block_clustered(const di_run *run, const di_block *b)
{
	size_t w0, n = 0;
	di_date *d;
	int shared = 0;
	if (b->n < 2 || run->study->win.from > 0 || run->study->win.to < 0)
		return 0;
	w0 = (size_t)(0 - run->study->win.from);
	d = di_reallocarray(NULL, b->n, sizeof(di_date));
	if (!d)
		return di_error_oom();
	for (size_t i = 0; i < b->n; i++)
		if (run->se[b->se[i]].date[w0] != DI_NO_DATE)
			d[n++] = run->se[b->se[i]].date[w0];
	qsort(d, n, sizeof(di_date), cmp_date);
	for (size_t i = 1; i < n && !shared; i++)
		shared = d[i] == d[i - 1];
	di_free(d);
	return shared;
}

/* The sign each member's values are multiplied by: its event's
 * expected_sign in a pooled block (1 where the event has none), 1 in an
 * event block; and its share of positive aligned estimation residuals. */
double di_block_sign(const di_run *run, const di_block *b, size_t se)
{
	return b->event < 0 && run->events->e[run->se[se].event].expected_sign < 0 ? -1.0 : 1.0;
}

/* A pooled block with an expected_sign among its events is aligned. */
static int block_aligned(const di_run *run, const di_block *b)
{
	for (size_t i = 0; b->event < 0 && i < b->n; i++)
		if (run->events->e[run->se[b->se[i]].event].expected_sign)
			return 1;
	return 0;
}

/* Does some member of b change sign (a pooled block with expected_sign -1
 * events)? Blocks of the same members are copies only when both do or
 * neither does. */
static int block_flips(const di_run *run, const di_block *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (di_block_sign(run, b, b->se[i]) < 0)
			return 1;
	return 0;
}

static void block_signs(block_ctx *c)
{
	const di_run *run = c->run;
	di_block *b = c->b;
	b->aligned = block_aligned(run, b);
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		c->sg[i] = di_block_sign(run, b, b->se[i]);
		if (c->sg[i] > 0) {
			c->pshare[i] = se->pos_share;
		} else {
			size_t neg = 0;
			for (size_t j = 0; j < se->n_est; j++)
				neg += se->est_resid[j] < 0;
			c->pshare[i] = (double)neg / (double)se->n_est;
		}
	}
}

static void block_ctx_free(block_ctx *c)
{
	di_free(c->D);
	di_free(c->N);
	di_free(c->X);
	di_free(c->Z);
	di_free(c->B);
	di_free(c->d);
	di_free(c->sg);
	di_free(c->pshare);
	di_free(c->rbar);
	di_free(c->p_ar);
	di_free(c->p_sar);
	di_free(c->p_x);
	di_free(c->gsrt);
	di_free(c->gneg);
	di_free(c->utab);
	di_free(c->UB);
	di_free(c->GB);
	di_free(c->GC);
	di_free(c->gU);
	di_free(c->gG);
	di_free(c->gC);
	di_free(c->gsd);
	di_free(c->gn);
	di_free(c->gst);
	di_free(c->ctl);
	di_free(c->dd);
}

static int block_ctx_init(block_ctx *c, di_run *run, di_block *b)
{
	const di_study *s = run->study;
	int lo = s->est.from < s->win.from ? s->est.from : s->win.from;
	int hi = s->est.to > s->win.to ? s->est.to : s->win.to;
	size_t nb = b->n ? b->n : 1;
	memset(c, 0, sizeof(*c));
	c->run = run;
	c->b = b;
	c->pfit.xtx_inv = c->pfit_xtx;
	c->rel0 = lo;
	c->nrel = (size_t)(hi - lo + 1);
	c->D = di_calloc(c->nrel, sizeof(double));
	c->N = di_calloc(c->nrel, sizeof(size_t));
	c->X = di_calloc(nb, sizeof(double));
	c->Z = di_calloc(nb, sizeof(double));
	c->B = di_calloc(nb, sizeof(double));
	c->d = di_calloc(nb, sizeof(int));
	c->sg = di_calloc(nb, sizeof(double));
	c->pshare = di_calloc(nb, sizeof(double));
	c->rbar = di_calloc(run->ntw, sizeof(double));
	b->tests = di_calloc(run->ntw * DI_NTESTS, sizeof(*b->tests));
	b->min_p = di_calloc(run->ntw * DI_NTESTS, sizeof(double));
	if (!c->D || !c->N || !c->X || !c->Z || !c->B || !c->d || !c->sg || !c->pshare ||
	    !c->rbar || !b->tests || !b->min_p)
		return di_error_oom();
	block_signs(c);
	return 0;
}

int di_block_compute(di_run *run, di_block *b, di_fit_ws *ws, di_rbar *rb)
{
	block_ctx c;
	double *bsum = NULL;
	size_t *bcnt = NULL;
	int rc;

	if ((rc = block_ctx_init(&c, run, b)))
		goto done;
	c.rb = rb;
	bsum = di_calloc(c.nrel, sizeof(double));
	bcnt = di_calloc(c.nrel, sizeof(size_t));
	if (!bsum || !bcnt) {
		rc = di_error_oom();
		goto done;
	}
	if ((rc = block_aar(run, b, c.sg)))
		goto done;
	block_day0(run, b);
	block_bw(run, b, c.sg, c.rel0, c.nrel, bsum, bcnt);
	block_corrado(&c);
	if ((rc = di_rbar_block(c.rb, b, c.rbar)) || (rc = block_portfolio(&c, ws)) ||
	    (rc = block_gen_prepare(&c)))
		goto done;
	block_generalized(&c);
	if (b->event >= 0 && run->ntreated < run->ntickers && (rc = block_controls(&c, bsum, bcnt)))
		goto done;
	if ((rc = block_clustered(run, b)) < 0)
		goto done;
	b->clustered = rc;
	rc = 0;
	for (size_t w = 0; w < run->ntw; w++)
		if ((rc = window_tests(&c, &run->tw[w], b->tests + w * DI_NTESTS,
				       b->min_p + w * DI_NTESTS)))
			goto done;
done:
	block_ctx_free(&c);
	di_free(bsum);
	di_free(bcnt);
	return rc;
}

/* A block with the same members as an earlier one (ALL of a study with
 * one event or one type, a type with one event), the same alignment and,
 * with controls, the same kind (event or pooled) is a copy of it: every
 * computed field comes along by the struct copy, then each array the
 * block owns is duplicated (a new array field must be added here). */
static int dup_array(void **to, const void *from, size_t n, size_t size)
{
	*to = NULL;
	if (!from)
		return 0;
	*to = di_reallocarray(NULL, n ? n : 1, size);
	if (!*to)
		return di_error_oom();
	memcpy(*to, from, n * size);
	return 0;
}

static int block_copy(const di_run *run, di_block *to, const di_block *from)
{
	size_t nw = (size_t)run->nw, nt = run->ntw * DI_NTESTS;
	di_block id = *to; /* what makes the block itself */
	*to = *from;
	to->id = id.id;
	to->event = id.event;
	to->se = id.se;
	to->n = id.n;
	to->aar_n = NULL;
	to->aar = to->caar = to->min_p = NULL;
	to->tests = NULL;
	to->aligned = block_aligned(run, to);
	if (dup_array((void **)&to->aar_n, from->aar_n, nw, sizeof(size_t)) ||
	    dup_array((void **)&to->aar, from->aar, nw, sizeof(double)) ||
	    dup_array((void **)&to->caar, from->caar, nw, sizeof(double)) ||
	    dup_array((void **)&to->tests, from->tests, nt, sizeof(*to->tests)) ||
	    dup_array((void **)&to->min_p, from->min_p, nt, sizeof(double)))
		return DI_ENOMEM;
	return 0;
}

size_t di_block_twin(const di_run *run, size_t i)
{
	const di_block *b = &run->blocks[i];
	for (size_t j = 0; j < i; j++)
		if (run->blocks[j].n == b->n &&
		    !memcmp(run->blocks[j].se, b->se, b->n * sizeof(*b->se)) &&
		    block_flips(run, &run->blocks[j]) == block_flips(run, b) &&
		    /* only event blocks have dcaar_t rows */
		    ((run->blocks[j].event < 0) == (b->event < 0) || run->ntreated == run->ntickers))
			return j;
	return i;
}

/* The blocks are computed on the --jobs threads, each into its own
 * run->blocks[i] with the worker's own rbar (its scratch is per block) and
 * fit workspace; the largest first, so that the last task is a small one.
 * A twin is copied after, in block order, as on one thread. */
typedef struct blk_worker {
	di_run *run;
	const size_t *order; /* per task: its block */
	di_fit_ws *ws;
	di_rbar *rb;
} blk_worker;

static int block_task(void *worker, size_t task)
{
	blk_worker *w = worker;
	size_t i = w->order[task];
	return di_block_compute(w->run, &w->run->blocks[i], w->ws, w->rb);
}

/* The blocks that are no twin, largest first (ties in block order). */
static size_t blocks_by_size(const di_run *run, size_t *order)
{
	size_t n = 0;
	for (size_t i = 0; i < run->nblocks; i++) {
		size_t k = n;
		if (di_block_twin(run, i) < i)
			continue;
		n++;
		for (; k > 0 && run->blocks[order[k - 1]].n < run->blocks[i].n; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	return n;
}

int di_blocks_compute(di_run *run)
{
	const di_study *s = run->study;
	size_t nw, ntask, *order = NULL;
	blk_worker w[DI_POOL_MAX_THREADS];
	int rc;
	if ((rc = make_test_windows(run)) || (rc = make_blocks(run)))
		return rc;
	if (!(order = di_reallocarray(NULL, run->nblocks ? run->nblocks : 1, sizeof(size_t))))
		return di_error_oom();
	ntask = blocks_by_size(run, order);
	nw = di_pool_workers(di_study_jobs(s), ntask);
	memset(w, 0, sizeof(w));
	for (size_t i = 0; i < nw && !rc; i++) {
		w[i].run = run;
		w[i].order = order;
		if (run->kx > 0)
			rc = di_fit_ws_new(&w[i].ws, di_window_days(s->est), run->kx);
		if (!rc)
			rc = di_rbar_new(&w[i].rb, run, DI_RBAR_IDENTITY_MIN, NULL);
	}
	/* no thread for one worker: the OOM test counts allocations */
	for (size_t t = 0; !rc && nw == 1 && t < ntask; t++)
		rc = block_task(&w[0], t);
	if (!rc && nw > 1)
		rc = di_pool_run(ntask, nw, w, sizeof(w[0]), block_task, NULL, NULL);
	for (size_t i = 0; i < run->nblocks && !rc; i++) {
		size_t twin = di_block_twin(run, i);
		if (twin < i)
			rc = block_copy(run, &run->blocks[i], &run->blocks[twin]);
	}
	for (size_t i = 0; i < nw; i++) {
		di_rbar_free(w[i].rb);
		di_fit_ws_free(w[i].ws);
	}
	di_free(order);
	return rc;
}

/* --- the summary's headlines ------------------------------------------- */

/* The headline window: [0,1] when it is a CAR window, else the study's
 * first CAR window, else the first test window. Every writer reads it
 * from run->head_tw (the summary, the overview plot, xlsx, html). */
static size_t headline_window(const di_run *run)
{
	const di_study *s = run->study;
	int from = s->ncar ? s->car[0].from : 0, to = s->ncar ? s->car[0].to : 0;
	for (size_t c = 0; c < s->ncar; c++)
		if (s->car[c].from == 0 && s->car[c].to == 1) {
			from = 0;
			to = 1;
		}
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].from == from && run->tw[k].to == to)
			return k;
	return 0;
}

static long day0_window(const di_run *run)
{
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].car < 0 && run->tw[k].from == 0)
			return (long)k;
	return -1;
}

static int block_pool(const di_run *run, const di_block *b)
{
	int pos = 0, neg = 0, none = 0;
	for (size_t i = 0; i < b->n; i++) {
		int sign = run->events->e[run->se[b->se[i]].event].expected_sign;
		pos |= sign > 0;
		neg |= sign < 0;
		none |= sign == 0;
	}
	return di_pool_verdict(pos, neg, none);
}

int di_headlines_compute(di_run *run)
{
	double *p = di_calloc(run->nblocks ? run->nblocks : 1, sizeof(double));
	double *adj = di_calloc(run->nblocks ? run->nblocks : 1, sizeof(double));
	size_t m = 0;
	int rc = 0;
	if (!p || !adj) {
		rc = di_error_oom();
		goto done;
	}
	run->head_tw = headline_window(run);
	run->day0_tw = day0_window(run);
	for (size_t i = 0; i < run->nblocks; i++) {
		di_block *b = &run->blocks[i];
		/* bw_cda_t where the members react together (or are pooled), and
		 * for a lone security, where bmp_t (N - 1 df) does not exist */
		b->lead = b->clustered || b->event < 0 || b->n < 2 ? DI_T_BW_CDA : DI_T_BMP;
		b->pool = b->event < 0 ? block_pool(run, b) : DI_POOL_OK;
		b->p_holm = NAN;
		if (b->event >= 0)
			p[m++] = di_test_p(&b->tests[run->head_tw * DI_NTESTS + b->lead], NULL);
	}
	if ((rc = di_holm(p, m, adj)))
		goto done;
	for (size_t i = 0, j = 0; i < run->nblocks; i++)
		if (run->blocks[i].event >= 0)
			run->blocks[i].p_holm = adj[j++];
done:
	di_free(p);
	di_free(adj);
	return rc;
}
