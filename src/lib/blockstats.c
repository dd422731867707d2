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
#include "run.h"

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
	/* the portfolio */
	di_fit pfit;
	int pfit_ok;
	double *p_ar, *p_sar, *p_x; /* nw, nw, nw x kk */
	/* per-window scratch */
	double *X, *Z;
	int *d;
} block_ctx;

void di_block_results_free(di_block *b)
{
	di_free(b->aar_n);
	di_free(b->aar);
	di_free(b->caar);
	di_free(b->tests);
	b->aar_n = NULL;
	b->aar = b->caar = NULL;
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
			if (run->se[i].event == e)
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
			if (!strcmp(run->events->e[run->se[i].event].type, type))
				b->se[b->n++] = i;
	}
	if ((rc = add_block(run, &cap, "ALL", -1)))
		return rc;
	{
		di_block *b = &run->blocks[run->nblocks - 1];
		for (size_t i = 0; i < run->nse; i++)
			b->se[b->n++] = i;
	}
	return 0;
}

/* --- AAR / CAAR -------------------------------------------------------- */

static int block_aar(const di_run *run, di_block *b)
{
	size_t nw = (size_t)run->nw;
	double caar = 0;
	int broken = 0;
	b->aar_n = di_calloc(nw, sizeof(size_t));
	b->aar = di_calloc(nw, sizeof(double));
	b->caar = di_calloc(nw, sizeof(double));
	if (!b->aar_n || !b->aar || !b->caar)
		return di_error_oom();
	for (size_t w = 0; w < nw; w++) {
		double sum = 0;
		size_t n = 0;
		for (size_t i = 0; i < b->n; i++) {
			double ar = run->se[b->se[i]].ar[w];
			if (!isnan(ar)) {
				sum += ar;
				n++;
			}
		}
		b->aar_n[w] = n;
		b->aar[w] = n ? sum / (double)n : NAN;
		if (!n)
			broken = 1;
		caar += n ? b->aar[w] : 0;
		b->caar[w] = broken ? NAN : caar;
	}
	return 0;
}

/* --- Brown-Warner crude dependence adjustment: S from the estimation AARs */

static void block_bw(const di_run *run, di_block *b, int rel0, size_t nrel, double *sum,
		     size_t *cnt)
{
	double mean = 0, ss = 0;
	size_t days = 0;
	memset(sum, 0, nrel * sizeof(double));
	memset(cnt, 0, nrel * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		for (size_t j = 0; j < se->n_est; j++) {
			size_t k = (size_t)(se->est_rel[j] - rel0);
			sum[k] += se->est_resid[j];
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
		for (size_t j = 0; j < se->nrank; j++) {
			size_t k = (size_t)(se->rank_rel[j] - c->rel0);
			c->D[k] += se->rank_u[j];
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

/* --- rbar: residual correlations, weighted by the window's shared dates
 *
 * rbar is a mean over pairs, so a block of N members costs N^2 / 2 pair
 * correlations. They are made in one pass over the pairs for every window
 * at once, without an N x N matrix: 12000 security-events would need 1 GB
 * for it. Each pair's correlation is one merge of the two residual series
 * on their shared dates, with running sums of residuals centred on each
 * series' own mean (small numbers, so the one-pass formula loses nothing
 * that matters at 1e-12).
 */

typedef struct rbar_member {
	const di_secev *se;
	double mean;          /* of the estimation residuals */
	di_date w_first, w_last; /* AR dates in the event window */
	unsigned char *in;    /* in[k]: has a value in test window k */
	int full;             /* has a value in every test window */
} rbar_member;

static double pair_rho(const rbar_member *ma, const rbar_member *mb)
{
	const di_secev *a = ma->se, *b = mb->se;
	size_t i = 0, j = 0, n = 0;
	double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, va, vb, dn;
	if (!a->n_est || !b->n_est || a->est_date[a->n_est - 1] < b->est_date[0] ||
	    b->est_date[b->n_est - 1] < a->est_date[0])
		return NAN;
	while (i < a->n_est && j < b->n_est) {
		if (a->est_date[i] < b->est_date[j]) {
			i++;
		} else if (a->est_date[i] > b->est_date[j]) {
			j++;
		} else {
			double x = a->est_resid[i++] - ma->mean, y = b->est_resid[j++] - mb->mean;
			sa += x;
			sb += y;
			saa += x * x;
			sbb += y * y;
			sab += x * y;
			n++;
		}
	}
	if (n < 30)
		return NAN;
	dn = (double)n;
	va = saa - sa * sa / dn;
	vb = sbb - sb * sb / dn;
	if (!(va > 0) || !(vb > 0))
		return NAN;
	return (sab - sa * sb / dn) / sqrt(va * vb);
}

static int block_rbar(block_ctx *c, double *rbar)
{
	const di_run *run = c->run;
	const di_block *b = c->b;
	size_t ntw = run->ntw, nw = (size_t)run->nw, nfull_pairs = 0;
	rbar_member *m = di_calloc(b->n ? b->n : 1, sizeof(*m));
	unsigned char *inbits = di_calloc((b->n ? b->n : 1) * ntw, 1);
	double *num = di_calloc(ntw, sizeof(double)), *den = di_calloc(ntw, sizeof(double));
	size_t *mu = di_calloc(nw, sizeof(size_t)), *mv = di_calloc(nw, sizeof(size_t));
	int rc = 0;
	if (!m || !inbits || !num || !den || !mu || !mv) {
		rc = di_error_oom();
		goto done;
	}
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		m[i].se = se;
		m[i].mean = di_mean(se->est_resid, se->n_est);
		m[i].w_first = m[i].w_last = DI_NO_DATE;
		for (size_t w = 0; w < nw; w++)
			if (!isnan(se->ar[w])) {
				if (m[i].w_first == DI_NO_DATE)
					m[i].w_first = se->date[w];
				m[i].w_last = se->date[w];
			}
		m[i].in = inbits + i * ntw;
		m[i].full = 1;
		for (size_t k = 0; k < ntw; k++) {
			const di_test_window *tw = &run->tw[k];
			double v = tw->car < 0 ? se->ar[tw->from - run->study->win.from] : se->car[tw->car];
			m[i].in[k] = !isnan(v);
			m[i].full &= m[i].in[k];
		}
	}
	for (size_t i = 0; i < b->n; i++)
		for (size_t j = i + 1; j < b->n; j++) {
			const rbar_member *x = &m[i], *y = &m[j];
			size_t nm = 0;
			double r = pair_rho(x, y);
			if (isnan(r))
				continue;
			/* the calendar dates both have an AR on, as window positions */
			if (x->w_first != DI_NO_DATE && y->w_first != DI_NO_DATE &&
			    x->w_first <= y->w_last && y->w_first <= x->w_last) {
				size_t u = 0, v = 0;
				while (u < nw && v < nw) {
					if (isnan(x->se->ar[u])) {
						u++;
					} else if (isnan(y->se->ar[v])) {
						v++;
					} else if (x->se->date[u] < y->se->date[v]) {
						u++;
					} else if (x->se->date[u] > y->se->date[v]) {
						v++;
					} else {
						mu[nm] = u++;
						mv[nm++] = v++;
					}
				}
			}
			if (x->full && y->full && !nm) {
				nfull_pairs++; /* counts in every window, with weight 0 */
				continue;
			}
			for (size_t k = 0; k < ntw; k++) {
				size_t lo, hi, shared = 0;
				if (!x->in[k] || !y->in[k])
					continue;
				lo = (size_t)(run->tw[k].from - run->study->win.from);
				hi = (size_t)(run->tw[k].to - run->study->win.from);
				for (size_t q = 0; q < nm; q++)
					shared += mu[q] >= lo && mu[q] <= hi && mv[q] >= lo && mv[q] <= hi;
				den[k] += 1;
				num[k] += r * (double)shared / (double)(hi - lo + 1);
			}
		}
	for (size_t k = 0; k < ntw; k++) {
		double d = den[k] + (double)nfull_pairs;
		rbar[k] = d > 0 ? num[k] / d : NAN;
	}
done:
	di_free(m);
	di_free(inbits);
	di_free(num);
	di_free(den);
	di_free(mu);
	di_free(mv);
	return rc;
}

/* --- the portfolio: one equal-weight series per block ------------------ */

static int block_portfolio(block_ctx *c, di_fit_ws *ws)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t kx = (size_t)run->kx, kk = kx ? kx : 1, nw = (size_t)run->nw;
	size_t nest = (size_t)(s->est.to - s->est.from + 1), m = 0;
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
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		for (size_t j = 0; j < se->n_est; j++) {
			size_t t = (size_t)(se->est_rel[j] - s->est.from);
			y[t] += se->est_y[j];
			for (size_t q = 0; q < kk; q++)
				X[t * kk + q] += se->est_x[j * kk + q];
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
	if (s->model == DI_MODEL_MARKET_ADJUSTED) {
		if (m < 2)
			goto done;
		for (size_t t = 0; t < m; t++)
			y[t] -= X[t];
		di_fit_madj(&c->pfit, y, m);
		c->pfit_ok = 1;
	} else {
		if (m <= kx)
			goto done;
		rc = di_fit_ols(&c->pfit, ws, X, y, m, (int)kx);
		if (rc < 0)
			goto done;
		c->pfit_ok = rc == 0;
		rc = 0;
	}
	if (!c->pfit_ok)
		goto done;
	for (size_t w = 0; w < nw; w++) {
		double r = 0, n = 0, xs[DI_MAX_K] = {0};
		for (size_t i = 0; i < b->n; i++) {
			const di_secev *se = &run->se[b->se[i]];
			if (isnan(se->ar[w]))
				continue;
			r += se->r[w];
			if (s->model == DI_MODEL_MARKET_ADJUSTED)
				xs[0] += se->m[w];
			else
				for (size_t q = 0; q < kx; q++)
					xs[q] += se->x[w * kk + q];
			n++;
		}
		if (!n) {
			c->p_ar[w] = c->p_sar[w] = NAN;
			continue;
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

/* --- the battery for one window ---------------------------------------- */

static int window_tests(block_ctx *c, const di_test_window *tw, di_test_value *out)
{
	const di_run *run = c->run;
	const di_study *s = run->study;
	const di_block *b = c->b;
	size_t a = (size_t)(tw->from - s->win.from), z = (size_t)(tw->to - s->win.from);
	size_t L = z - a + 1, n = 0, wpos = 0;
	double est, rbar, pshare = 0;
	di_stat st[DI_NTESTS];
	int rc;

	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		double x = tw->car < 0 ? se->ar[a] : se->car[tw->car];
		double zz = tw->car < 0 ? se->sar[a] : se->scar[tw->car];
		if (isnan(x))
			continue;
		c->X[n] = x;
		c->Z[n] = zz;
		c->d[n] = se->fit.d;
		wpos += x > 0;
		pshare += se->pos_share;
		n++;
	}
	est = di_mean(c->X, n);
	for (int t = 0; t < DI_NTESTS; t++)
		st[t] = (di_stat){NAN, NAN, NAN};
	rbar = n >= 2 ? c->rbar[tw - run->tw] : NAN;
	if (n) {
		st[DI_T_CSECT] = di_test_mean_t(c->X, n);
		st[DI_T_BW_CDA] = di_stat_t(b->bw_S > 0 ? est / (sqrt((double)L) * b->bw_S) : NAN,
					    b->bw_df);
		st[DI_T_PATELL] = di_test_patell(c->Z, c->d, n);
		st[DI_T_PATELL_KP] = di_test_patell_kp(st[DI_T_PATELL], n, rbar);
		st[DI_T_BMP] = di_test_mean_t(c->Z, n);
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
	}
	for (int t = 0; t < DI_NTESTS; t++) {
		out[t].n = n;
		out[t].estimate = est;
		out[t].s = st[t];
		out[t].rbar = rbar;
		out[t].p_placebo = NAN;
		out[t].n_placebo = 0;
	}
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

int di_block_compute(di_run *run, di_block *b, di_fit_ws *ws)
{
	const di_study *s = run->study;
	block_ctx c;
	double *bsum = NULL;
	size_t *bcnt = NULL;
	int lo = s->est.from < s->win.from ? s->est.from : s->win.from;
	int hi = s->est.to > s->win.to ? s->est.to : s->win.to;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.b = b;
	c.rel0 = lo;
	c.nrel = (size_t)(hi - lo + 1);
	c.D = di_calloc(c.nrel, sizeof(double));
	c.N = di_calloc(c.nrel, sizeof(size_t));
	c.X = di_calloc(b->n, sizeof(double));
	c.Z = di_calloc(b->n, sizeof(double));
	c.d = di_calloc(b->n, sizeof(int));
	bsum = di_calloc(c.nrel, sizeof(double));
	bcnt = di_calloc(c.nrel, sizeof(size_t));
	b->tests = di_calloc(run->ntw * DI_NTESTS, sizeof(*b->tests));
	c.rbar = di_calloc(run->ntw, sizeof(double));
	if (!c.D || !c.N || !c.X || !c.Z || !c.d || !bsum || !bcnt || !b->tests || !c.rbar) {
		rc = di_error_oom();
		goto done;
	}
	if ((rc = block_aar(run, b)))
		goto done;
	block_bw(run, b, lo, c.nrel, bsum, bcnt);
	block_corrado(&c);
	if ((rc = block_rbar(&c, c.rbar)) || (rc = block_portfolio(&c, ws)))
		goto done;
	if ((rc = block_clustered(run, b)) < 0)
		goto done;
	b->clustered = rc;
	rc = 0;
	for (size_t w = 0; w < run->ntw; w++)
		if ((rc = window_tests(&c, &run->tw[w], b->tests + w * DI_NTESTS)))
			goto done;
done:
	di_free(c.D);
	di_free(c.N);
	di_free(c.X);
	di_free(c.Z);
	di_free(c.d);
	di_free(c.rbar);
	di_free(c.p_ar);
	di_free(c.p_sar);
	di_free(c.p_x);
	di_free(bsum);
	di_free(bcnt);
	return rc;
}

int di_blocks_compute(di_run *run)
{
	const di_study *s = run->study;
	di_fit_ws *ws = NULL;
	int rc;
	if ((rc = make_test_windows(run)) || (rc = make_blocks(run)))
		return rc;
	if (run->kx > 0 &&
	    (rc = di_fit_ws_new(&ws, (size_t)(s->est.to - s->est.from + 1), run->kx)))
		return rc;
	for (size_t i = 0; i < run->nblocks && !rc; i++)
		rc = di_block_compute(run, &run->blocks[i], ws);
	di_fit_ws_free(ws);
	return rc;
}
