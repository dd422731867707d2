/*
 * rbar.c - rbar for every block (methodology, "rbar"): the mean over the
 * pairs of a window's members of rho_ab * w_ab.
 *
 * The cost is in the correlations, so only pairs that need one pay:
 * - A pair whose AR dates share no date (w_ab = 0 in every window: events
 *   whose windows are apart) counts 0; such pairs are counted, not visited:
 *   a window's count is C(n_k, 2) less the pairs skipped for want of a
 *   correlation. Events are visited only with the events whose AR date
 *   spans meet theirs.
 * - Members of one event with one estimation calendar and one set of AR
 *   dates (an "identity group") have rho_ab = u_a . u_b, u the centred,
 *   unit-length residual vectors on the same dates, so the sum over their
 *   pairs is (|sum u|^2 - sum |u|^2) / 2: O(N L) instead of O(N^2 L). The
 *   pairwise path remains for members with gaps (and for small groups,
 *   where it is cheap, and where it keeps its summation order).
 * - Every other pair's correlation is made once and cached, shared by the
 *   event, type and ALL blocks. Pairs are summed in the order of the
 *   original one-pass-per-block code (lexicographic in security-events), so
 *   its results are reproduced bit for bit.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "rbar.h"

#define RHO_UNSET 8.0 /* not a correlation: the cache slot is empty */

typedef struct member {
	double mean;             /* of the estimation residuals */
	double ss;               /* sum of their squared deviations (has_spread) */
	di_date w_first, w_last; /* AR dates in the event window */
	long group;              /* identity group, or -1 */
} member;

typedef struct group {
	size_t rep;   /* first member */
	size_t n;
	double S;     /* sum over the pairs of rho; NAN: fewer than DI_RBAR_MIN_SHARED dates */
} group;

typedef struct evinfo {
	size_t first, n; /* its security-events: first .. first + n - 1 */
	di_date lo, hi;  /* span of their AR dates, DI_NO_DATE when none */
	size_t ov0, nov; /* its overlap entries */
	size_t g0, ng;   /* its identity groups */
} evinfo;

typedef struct overlap {
	size_t f;    /* the other event, f >= the owner */
	double *rho; /* cache, allocated when first needed */
} overlap;

struct di_rbar {
	const di_run *run;
	size_t ntw, nw;
	member *m;
	unsigned char *in; /* nse x ntw: has a value in test window k */
	evinfo *ev;
	group *g;
	size_t ng;
	overlap *ov;
	size_t nov;
	/* scratch */
	size_t *mu, *mv;
	unsigned char *inblock;
	size_t *nin; /* per event: its members in the block being computed */
	double *skip;
	size_t *nk;
	const di_block *cur; /* the block being computed (its alignment signs) */
	const unsigned char *use; /* security-events to consider; NULL: all */
	unsigned char *inb;  /* nse: a member of the block being computed */
	size_t *gin;         /* per group: its members in that block */
};

static int used(const di_rbar *r, size_t a)
{
	return !r->use || r->use[a];
}

/* Is identity group k whole in the block being computed? Only then its
 * sum stands for its pairs; else they take the pairwise path. */
static int group_whole(const di_rbar *r, long k)
{
	return k >= 0 && r->gin[k] == r->g[k].n;
}

/* --- the pairwise path -------------------------------------------------- */

static double pair_rho(const di_secev *a, double ma, const di_secev *b, double mb)
{
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
			double x = a->est_resid[i++] - ma, y = b->est_resid[j++] - mb;
			sa += x;
			sb += y;
			saa += x * x;
			sbb += y * y;
			sab += x * y;
			n++;
		}
	}
	if (n < DI_RBAR_MIN_SHARED)
		return NAN;
	dn = (double)n;
	va = saa - sa * sa / dn;
	vb = sbb - sb * sb / dn;
	if (!(va > 0) || !(vb > 0))
		return NAN;
	return (sab - sa * sb / dn) / sqrt(va * vb);
}

/* The calendar dates both have an AR on, as window positions (mu, mv). */
static size_t shared_dates(const di_rbar *r, size_t a, size_t b)
{
	const member *x = &r->m[a], *y = &r->m[b];
	const di_secev *sx = &r->run->se[a], *sy = &r->run->se[b];
	size_t u = 0, v = 0, nm = 0, nw = r->nw;
	if (x->w_first == DI_NO_DATE || y->w_first == DI_NO_DATE || x->w_first > y->w_last ||
	    y->w_first > x->w_last)
		return 0;
	while (u < nw && v < nw) {
		if (isnan(sx->ar[u])) {
			u++;
		} else if (isnan(sy->ar[v])) {
			v++;
		} else if (sx->date[u] < sy->date[v]) {
			u++;
		} else if (sx->date[u] > sy->date[v]) {
			v++;
		} else {
			r->mu[nm] = u++;
			r->mv[nm++] = v++;
		}
	}
	return nm;
}

/* The cache slot of pair (a, b), a < b, of overlap entry o of event e. */
static int rho_slot(di_rbar *r, size_t e, overlap *o, size_t a, size_t b, double **slot)
{
	const evinfo *ea = &r->ev[e], *eb = &r->ev[o->f];
	size_t la = a - ea->first, lb = b - eb->first, size, at;
	if (o->f == e) {
		size = ea->n * (ea->n - 1) / 2;
		at = la * ea->n - la * (la + 1) / 2 + (lb - la - 1);
	} else {
		size = ea->n * eb->n;
		at = la * eb->n + lb;
	}
	if (!o->rho) {
		o->rho = di_reallocarray(NULL, size, sizeof(double));
		if (!o->rho)
			return di_error_oom();
		for (size_t i = 0; i < size; i++)
			o->rho[i] = RHO_UNSET;
	}
	*slot = &o->rho[at];
	return 0;
}

/* Add pair (a, b) to num and skip of every window both are in. */
static int pair_add(di_rbar *r, size_t e, overlap *o, size_t a, size_t b, double *num)
{
	const di_run *run = r->run;
	size_t nm = shared_dates(r, a, b);
	const unsigned char *ia = r->in + a * r->ntw, *ib = r->in + b * r->ntw;
	double *slot = NULL, rho;
	int rc;
	if (!nm)
		return 0; /* w_ab = 0 everywhere: counted by arithmetic */
	if ((rc = rho_slot(r, e, o, a, b, &slot)))
		return rc;
	if (*slot == RHO_UNSET)
		*slot = pair_rho(&run->se[a], r->m[a].mean, &run->se[b], r->m[b].mean);
	/* the slot is shared by every block; a pooled block's aligned
	 * residuals correlate with the product of their signs */
	rho = *slot * di_block_sign(run, r->cur, a) * di_block_sign(run, r->cur, b);
	for (size_t k = 0; k < r->ntw; k++) {
		size_t lo, hi, shared = 0;
		if (!ia[k] || !ib[k])
			continue;
		lo = (size_t)(run->tw[k].from - run->study->win.from);
		hi = (size_t)(run->tw[k].to - run->study->win.from);
		for (size_t q = 0; q < nm; q++)
			shared += r->mu[q] >= lo && r->mu[q] <= hi && r->mv[q] >= lo && r->mv[q] <= hi;
		if (!shared)
			continue; /* w_ab = 0 here: counts 0 */
		if (isnan(rho))
			r->skip[k] += 1; /* w_ab > 0 without a correlation */
		else
			num[k] += rho * (double)shared / (double)(hi - lo + 1);
	}
	return 0;
}

/* --- the identity path -------------------------------------------------- */

/* One estimation calendar and one set of AR dates? */
static int same_calendar(const di_run *run, size_t a, size_t b)
{
	const di_secev *x = &run->se[a], *y = &run->se[b];
	if (x->n_est != y->n_est || memcmp(x->est_date, y->est_date, x->n_est * sizeof(di_date)))
		return 0;
	for (size_t w = 0; w < (size_t)run->nw; w++) {
		if (isnan(x->ar[w]) != isnan(y->ar[w]))
			return 0;
		if (!isnan(x->ar[w]) && x->date[w] != y->date[w])
			return 0;
	}
	return 1;
}

/* Does member a have a spread (as pair_rho measures it)? Else its pairs
 * have no correlation, which the pairwise path handles. */
static int has_spread(di_rbar *r, size_t a)
{
	const di_secev *se = &r->run->se[a];
	double s = 0, ss = 0;
	for (size_t j = 0; j < se->n_est; j++) {
		double x = se->est_resid[j] - r->m[a].mean;
		s += x;
		ss += x * x;
	}
	r->m[a].ss = ss; /* group_sum's squared norm, the same sum */
	return se->n_est && ss - s * s / (double)se->n_est > 0;
}

/* S = sum over the group's pairs of rho = (|sum u|^2 - sum |u|^2) / 2. */
static int group_sum(di_rbar *r, group *g, size_t e)
{
	const di_run *run = r->run;
	size_t L = run->se[g->rep].n_est;
	double *sum, uu = 0, ss = 0;
	g->S = NAN;
	if (L < DI_RBAR_MIN_SHARED)
		return 0;
	sum = di_calloc(L, sizeof(double));
	if (!sum)
		return di_error_oom();
	for (size_t a = r->ev[e].first; a < r->ev[e].first + r->ev[e].n; a++) {
		const di_secev *se = &run->se[a];
		double norm;
		if (r->m[a].group != (long)(g - r->g))
			continue;
		/* a member of a group has passed has_spread, which summed the
		 * squares of the same deviations over its L rows */
		norm = sqrt(r->m[a].ss);
		for (size_t t = 0; t < L; t++) {
			double u = (se->est_resid[t] - r->m[a].mean) / norm;
			sum[t] += u;
			uu += u * u;
		}
	}
	for (size_t t = 0; t < L; t++)
		ss += sum[t] * sum[t];
	g->S = (ss - uu) / 2;
	di_free(sum);
	return 0;
}

/* The identity groups of event e: members matched to the first member of
 * a group (at most 32 candidates, so that an event of all-different
 * calendars costs no more than the pairwise path); groups below
 * identity_min go back to the pairwise path. */
#define MAX_CANDIDATES 32
static int make_groups(di_rbar *r, size_t e, size_t identity_min)
{
	evinfo *ev = &r->ev[e];
	size_t g0 = r->ng;
	int rc;
	ev->g0 = g0;
	for (size_t a = ev->first; a < ev->first + ev->n; a++) {
		size_t k;
		/* controls are in no block: they join no group */
		if (identity_min == SIZE_MAX || !used(r, a) || !has_spread(r, a) ||
		    di_secev_is_control(r->run, &r->run->se[a]))
			continue;
		for (k = g0; k < r->ng; k++)
			if (same_calendar(r->run, r->g[k].rep, a))
				break;
		if (k == r->ng) {
			if (r->ng - g0 >= MAX_CANDIDATES)
				continue;
			r->g[r->ng++] = (group){a, 0, NAN};
		}
		r->m[a].group = (long)k;
		r->g[k].n++;
	}
	/* keep the large groups, renumbered */
	{
		size_t kept = g0;
		for (size_t k = g0; k < r->ng; k++) {
			int keep = r->g[k].n >= identity_min && r->g[k].n >= 2;
			for (size_t a = ev->first; a < ev->first + ev->n; a++)
				if (r->m[a].group == (long)k)
					r->m[a].group = keep ? (long)kept : -1;
			if (keep)
				r->g[kept++] = r->g[k];
		}
		r->ng = kept;
	}
	ev->ng = r->ng - g0;
	for (size_t k = g0; k < r->ng; k++)
		if ((rc = group_sum(r, &r->g[k], e)))
			return rc;
	return 0;
}

/* --- setup ---------------------------------------------------------------- */

static void member_init(di_rbar *r, size_t a)
{
	const di_run *run = r->run;
	const di_secev *se = &run->se[a];
	member *m = &r->m[a];
	unsigned char *in = r->in + a * r->ntw;
	/* the mean di_mean would give, made by the fit with the residuals */
	m->mean = se->n_est ? se->fit.rmean : NAN;
	m->w_first = m->w_last = DI_NO_DATE;
	m->group = -1;
	for (size_t w = 0; w < r->nw; w++)
		if (!isnan(se->ar[w])) {
			if (m->w_first == DI_NO_DATE)
				m->w_first = se->date[w];
			m->w_last = se->date[w];
		}
	for (size_t k = 0; k < r->ntw; k++) {
		const di_test_window *tw = &run->tw[k];
		double v = tw->car < 0 ? se->ar[tw->from - run->study->win.from] : se->car[tw->car];
		in[k] = !isnan(v);
	}
}

/* Each event's security-events (contiguous: the run adds them event by
 * event) and the span of their AR dates. */
static void event_spans(di_rbar *r)
{
	const di_run *run = r->run;
	for (size_t e = 0; e < run->events->n; e++)
		r->ev[e] = (evinfo){0, 0, DI_NO_DATE, DI_NO_DATE, 0, 0, 0, 0};
	for (size_t a = run->nse; a-- > 0;) {
		evinfo *ev = &r->ev[run->se[a].event];
		const member *m = &r->m[a];
		ev->first = a;
		ev->n++;
		if (m->w_first == DI_NO_DATE)
			continue;
		if (ev->lo == DI_NO_DATE || m->w_first < ev->lo)
			ev->lo = m->w_first;
		if (ev->hi == DI_NO_DATE || m->w_last > ev->hi)
			ev->hi = m->w_last;
	}
}

/* The overlap entries: for each event, the events f >= it whose AR date
 * spans meet its own (itself included), ascending. */
static int event_overlaps(di_rbar *r)
{
	size_t ne = r->run->events->n, cap = 0;
	for (size_t e = 0; e < ne; e++) {
		evinfo *ev = &r->ev[e];
		ev->ov0 = r->nov;
		if (!ev->n || ev->lo == DI_NO_DATE)
			continue;
		for (size_t f = e; f < ne; f++) {
			const evinfo *ef = &r->ev[f];
			if (!ef->n || ef->lo == DI_NO_DATE || ef->lo > ev->hi || ev->lo > ef->hi)
				continue;
			if (di_grow((void **)&r->ov, &cap, r->nov + 1, sizeof(*r->ov)))
				return DI_ENOMEM;
			r->ov[r->nov++] = (overlap){f, NULL};
			ev->nov++;
		}
	}
	return 0;
}

int di_rbar_new(di_rbar **out, const di_run *run, size_t identity_min,
		const unsigned char *use)
{
	di_rbar *r = di_calloc(1, sizeof(*r));
	size_t nse = run->nse ? run->nse : 1, ne = run->events->n ? run->events->n : 1;
	int rc = 0;
	*out = NULL;
	if (!r)
		return di_error_oom();
	r->run = run;
	r->ntw = run->ntw;
	r->nw = (size_t)run->nw;
	r->m = di_calloc(nse, sizeof(*r->m));
	r->in = di_calloc(nse * (r->ntw ? r->ntw : 1), 1);
	r->ev = di_calloc(ne, sizeof(*r->ev));
	r->g = di_calloc(nse, sizeof(*r->g));
	r->mu = di_calloc(r->nw, sizeof(size_t));
	r->mv = di_calloc(r->nw, sizeof(size_t));
	r->inblock = di_calloc(ne, 1);
	r->nin = di_calloc(ne, sizeof(size_t));
	r->skip = di_calloc(r->ntw ? r->ntw : 1, sizeof(double));
	r->nk = di_calloc(r->ntw ? r->ntw : 1, sizeof(size_t));
	r->inb = di_calloc(nse, 1);
	r->gin = di_calloc(nse, sizeof(size_t));
	r->use = use;
	if (!r->m || !r->in || !r->ev || !r->g || !r->mu || !r->mv || !r->inblock || !r->nin ||
	    !r->skip || !r->nk || !r->inb || !r->gin) {
		rc = di_error_oom();
		goto fail;
	}
	for (size_t a = 0; a < run->nse; a++) {
		if (used(r, a)) {
			member_init(r, a);
		} else { /* never read: a trial's security-event that did not fit */
			r->m[a].w_first = r->m[a].w_last = DI_NO_DATE;
			r->m[a].group = -1;
		}
	}
	event_spans(r);
	if ((rc = event_overlaps(r)))
		goto fail;
	for (size_t e = 0; e < run->events->n; e++)
		if (r->ev[e].n && (rc = make_groups(r, e, identity_min)))
			goto fail;
	*out = r;
	return 0;
fail:
	di_rbar_free(r);
	return rc;
}

void di_rbar_free(di_rbar *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nov; i++)
		di_free(r->ov[i].rho);
	di_free(r->ov);
	di_free(r->m);
	di_free(r->in);
	di_free(r->ev);
	di_free(r->g);
	di_free(r->mu);
	di_free(r->mv);
	di_free(r->inblock);
	di_free(r->nin);
	di_free(r->skip);
	di_free(r->nk);
	di_free(r->inb);
	di_free(r->gin);
	di_free(r);
}

size_t di_rbar_identity_members(const di_rbar *r)
{
	size_t n = 0;
	for (size_t k = 0; k < r->ng; k++)
		n += r->g[k].n;
	return n;
}

/* --- one block ------------------------------------------------------------ */

/* The pairs that may share a date, in the order a < b of the block. */
static int block_pairs(di_rbar *r, const di_block *b, double *num)
{
	int rc;
	for (size_t i = 0; i < b->n; i++) {
		size_t a = b->se[i], e = r->run->se[a].event;
		const evinfo *ev = &r->ev[e];
		if (r->m[a].w_first == DI_NO_DATE)
			continue;
		for (size_t o = ev->ov0; o < ev->ov0 + ev->nov; o++) {
			const evinfo *ef = &r->ev[r->ov[o].f];
			long ga = r->m[a].group;
			if (!r->inblock[r->ov[o].f])
				continue;
			/* every block member of its own event in a's whole group:
			 * each of its pairs there is summed by the identity (an
			 * event of 2,500 such members had 3 million pairs looked
			 * at and skipped, in each of its three blocks) */
			if (r->ov[o].f == e && group_whole(r, ga) && r->gin[ga] == r->nin[e])
				continue;
			for (size_t c = r->ov[o].f == e ? a + 1 : ef->first; c < ef->first + ef->n; c++) {
				if (!r->inb[c])
					continue; /* not in the block (a control, say) */
				if (ga == r->m[c].group && group_whole(r, ga))
					continue; /* summed by the identity */
				if ((rc = pair_add(r, e, &r->ov[o], a, c, num)))
					return rc;
			}
		}
	}
	return 0;
}

/* The identity groups of the block's events. */
static void block_groups(di_rbar *r, double *num)
{
	const di_run *run = r->run;
	for (size_t e = 0; e < run->events->n; e++) {
		if (!r->inblock[e])
			continue;
		for (size_t k = r->ev[e].g0; k < r->ev[e].g0 + r->ev[e].ng; k++) {
			const group *g = &r->g[k];
			if (!group_whole(r, (long)k))
				continue; /* its pairs went the pairwise path */
			const di_secev *se = &run->se[g->rep];
			double pairs = (double)g->n * (double)(g->n - 1) / 2;
			for (size_t q = 0; q < r->ntw; q++) {
				size_t lo = (size_t)(run->tw[q].from - run->study->win.from);
				size_t hi = (size_t)(run->tw[q].to - run->study->win.from), c = 0;
				if (!r->in[g->rep * r->ntw + q])
					continue;
				for (size_t w = lo; w <= hi; w++)
					c += !isnan(se->ar[w]);
				if (isnan(g->S))
					r->skip[q] += pairs;
				else
					num[q] += g->S * (double)c / (double)(hi - lo + 1);
			}
		}
	}
}

int di_rbar_block(di_rbar *r, const di_block *b, double *rbar)
{
	const di_run *run = r->run;
	int rc;
	r->cur = b;
	memset(r->inblock, 0, run->events->n);
	memset(r->nin, 0, run->events->n * sizeof(size_t));
	memset(r->gin, 0, (r->ng ? r->ng : 1) * sizeof(size_t));
	for (size_t i = 0; i < b->n; i++) {
		r->inb[b->se[i]] = 1;
		if (r->m[b->se[i]].group >= 0)
			r->gin[r->m[b->se[i]].group]++;
	}
	memset(r->skip, 0, r->ntw * sizeof(double));
	memset(r->nk, 0, r->ntw * sizeof(size_t));
	for (size_t q = 0; q < r->ntw; q++)
		rbar[q] = 0;
	for (size_t i = 0; i < b->n; i++) {
		r->inblock[run->se[b->se[i]].event] = 1;
		r->nin[run->se[b->se[i]].event]++;
		for (size_t q = 0; q < r->ntw; q++)
			r->nk[q] += r->in[b->se[i] * r->ntw + q];
	}
	rc = block_pairs(r, b, rbar);
	for (size_t i = 0; i < b->n; i++)
		r->inb[b->se[i]] = 0;
	if (rc)
		return rc;
	block_groups(r, rbar);
	for (size_t q = 0; q < r->ntw; q++) {
		double n = (double)r->nk[q], den = n * (n - 1) / 2 - r->skip[q];
		rbar[q] = den > 0 ? rbar[q] / den : NAN;
	}
	return 0;
}
