/*
 * stats.c - the test statistics of the methodology on plain arrays, with
 * GSL's distributions for the p-values. Nothing here knows about events,
 * blocks or dates: the run module gathers the numbers, this one tests them.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "alloc.h"
#include "error.h"
#include "stats.h"

#define SIGN_EXACT_MAX 50
#define WILCOXON_EXACT_MAX 20

/* Placebo trials need the statistics only: a thread may turn p-values
 * off (they are then NAN), which saves a third of a trial's time. Per
 * thread, so the real run and other threads are untouched. */
static _Thread_local int pvalues_off;

void di_stats_pvalues(int on)
{
	pvalues_off = !on;
}

double di_p_normal(double z)
{
	if (!isfinite(z) || pvalues_off)
		return NAN;
	return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
}

double di_p_student(double t, double df)
{
	if (!isfinite(t) || !(df > 0) || pvalues_off)
		return NAN;
	return 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
}

double di_p_binomial(size_t w, size_t n, double p)
{
	double lo, hi, two;
	if (pvalues_off)
		return NAN;
	lo = gsl_cdf_binomial_P((unsigned)w, p, (unsigned)n);
	hi = w == 0 ? 1.0 : gsl_cdf_binomial_Q((unsigned)(w - 1), p, (unsigned)n);
	two = 2.0 * (lo < hi ? lo : hi);
	return two < 1.0 ? two : 1.0;
}

double di_mean(const double *x, size_t n)
{
	double s = 0;
	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

double di_sd(const double *x, size_t n)
{
	return n < 2 ? NAN : di_sd_about(x, n, di_mean(x, n));
}

double di_sd_about(const double *x, size_t n, double m)
{
	double ss = 0;
	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

di_moments di_moments_of(const double *x, size_t n)
{
	di_moments mo;
	mo.n = n;
	mo.mean = di_mean(x, n);
	mo.sd = di_sd_about(x, n, mo.mean);
	return mo;
}

double di_pearson(const double *a, const double *b, size_t n)
{
	double ma, mb, sab = 0, saa = 0, sbb = 0;
	if (n < 2)
		return NAN;
	ma = di_mean(a, n);
	mb = di_mean(b, n);
	for (size_t i = 0; i < n; i++) {
		sab += (a[i] - ma) * (b[i] - mb);
		saa += (a[i] - ma) * (a[i] - ma);
		sbb += (b[i] - mb) * (b[i] - mb);
	}
	if (!(saa > 0) || !(sbb > 0))
		return NAN;
	return sab / sqrt(saa * sbb);
}

di_stat di_stat_t(double stat, double df)
{
	/* df is kept where it is defined even if the statistic is not
	 * (pinned detail 8: df "is written only where it is defined") */
	di_stat r = {NAN, NAN, NAN};
	if (!(df > 0))
		return r;
	r.df = df;
	if (!isfinite(stat))
		return r;
	r.stat = stat;
	r.p = di_p_student(stat, df);
	return r;
}

di_stat di_stat_z(double stat)
{
	di_stat r = {NAN, NAN, NAN};
	if (!isfinite(stat))
		return r;
	r.stat = stat;
	r.p = di_p_normal(stat);
	return r;
}

di_stat di_test_mean_t(const double *x, size_t n)
{
	return di_test_mean_t_of(di_moments_of(x, n));
}

di_stat di_test_mean_t_of(di_moments mo)
{
	di_stat none = {NAN, NAN, NAN};
	if (mo.n < 2)
		return none;
	/* zero spread: undefined statistic, defined df */
	return di_stat_t(mo.sd > 0 ? mo.mean / (mo.sd / sqrt((double)mo.n)) : NAN,
			 (double)(mo.n - 1));
}

di_stat di_test_patell(const double *z, const int *d, size_t n)
{
	di_stat none = {NAN, NAN, NAN};
	double sz = 0, sv = 0;
	if (!n)
		return none;
	for (size_t i = 0; i < n; i++) {
		if (d[i] <= 2)
			return none;
		sz += z[i];
		sv += (double)d[i] / (double)(d[i] - 2);
	}
	return di_stat_z(sz / sqrt(sv));
}

di_stat di_test_patell_kp(di_stat patell, size_t n, double rbar)
{
	di_stat none = {NAN, NAN, NAN};
	double den = 1.0 + ((double)n - 1.0) * rbar;
	if (!isfinite(patell.stat) || !isfinite(rbar) || !(den > 0))
		return none;
	return di_stat_z(patell.stat * sqrt(1.0 / den));
}

di_stat di_test_bmp_kp(di_stat bmp, size_t n, double rbar)
{
	double den = 1.0 + ((double)n - 1.0) * rbar;
	if (!isfinite(bmp.stat) || !isfinite(rbar) || !(den > 0) || rbar > 1)
		return di_stat_t(NAN, bmp.df);
	return di_stat_t(bmp.stat * sqrt((1.0 - rbar) / den), bmp.df);
}

di_stat di_test_sign(size_t w, size_t n)
{
	di_stat r = {NAN, NAN, NAN};
	if (!n)
		return r;
	r.stat = ((double)w - (double)n / 2.0) / sqrt((double)n / 4.0);
	r.p = n <= SIGN_EXACT_MAX ? di_p_binomial(w, n, 0.5) : di_p_normal(r.stat);
	return r;
}

di_stat di_test_gen_sign(size_t w, size_t n, double p)
{
	di_stat r = {NAN, NAN, NAN};
	double v = (double)n * p * (1.0 - p);
	if (!n || !(v > 0))
		return r;
	r.stat = ((double)w - (double)n * p) / sqrt(v);
	r.p = n <= SIGN_EXACT_MAX ? di_p_binomial(w, n, p) : di_p_normal(r.stat);
	return r;
}

typedef struct idx_val {
	double v;
	size_t i;
} idx_val;

static int idx_val_less(const idx_val *x, const idx_val *y)
{
	return x->v < y->v;
}

/* Sort by value, then index: insertion sort of runs of 16, then a
 * bottom-up merge through tmp. Both are stable (an element passes another
 * only when strictly less) and start in index order, so equal values stay
 * in index order without comparing indices. Ranking runs once per security per block
 * and placebo trial, where qsort's indirect calls cost most of the time. */
static idx_val *merge_idx_val(idx_val *t, idx_val *tmp, size_t n)
{
	for (size_t a = 0; a < n; a += 16) {
		size_t b = a + 16 < n ? a + 16 : n;
		for (size_t i = a + 1; i < b; i++) {
			idx_val x = t[i];
			size_t j = i;
			for (; j > a && idx_val_less(&x, &t[j - 1]); j--)
				t[j] = t[j - 1];
			t[j] = x;
		}
	}
	for (size_t w = 16; w < n; w *= 2) {
		for (size_t a = 0; a < n; a += 2 * w) {
			size_t m = a + w < n ? a + w : n, b = a + 2 * w < n ? a + 2 * w : n;
			size_t i = a, j = m, k = a;
			/* the element taken is chosen by address, without a branch:
			 * random data mispredicts half of the comparisons */
			while (i < m && j < b) {
				size_t tj = (size_t)idx_val_less(&t[j], &t[i]);
				tmp[k++] = t[tj ? j : i];
				j += tj;
				i += 1 - tj;
			}
			while (i < m)
				tmp[k++] = t[i++];
			while (j < b)
				tmp[k++] = t[j++];
		}
		{
			idx_val *sw = t;
			t = tmp;
			tmp = sw;
		}
	}
	return t;
}

/* An unsigned key in the order of < on doubles that are neither NaN nor
 * -0 (the sign bit flipped, a negative number's other bits inverted);
 * equal keys are equal doubles, and the key gives the double back. */
static uint64_t radix_key(double x)
{
	uint64_t u;
	memcpy(&u, &x, sizeof(u));
	return u >> 63 ? ~u : u | (UINT64_C(1) << 63);
}

/* Radix items: a value's key (at most 32 bits) above its index (32 bits).
 * Sorting them on the key alone, stably, from index order, orders them
 * by (key, index); the values that share a key are then put in order by
 * value (radix_fix_runs). Keys are monotone in the value, so equal
 * values have equal keys. Two kinds:
 * - fixed point, 16 bits: x 2^(15-e) + 2^15, truncated, where every |x|
 *   is below 2^e (a power of two: the product is exact, the key is
 *   monotone). Standardized residuals spread over that many buckets
 *   that a ranking of a few hundred takes two byte passes and runs of one
 *   or two;
 * - the top 24 bits of radix_key (sign, exponent and 12 bits of
 *   mantissa), three byte passes, for values with an infinity or too
 *   small for a power of two to scale.
 * The 24-bit keys of standardized residuals share their top byte (sign
 * and high exponent bits) four ways, and counting and moving items into
 * the same few buckets made each byte pass a chain of dependent memory
 * updates (a tenth of a placebo trial). With 16 bits of the float key
 * (4 of mantissa) the runs were of five, and sorting them by insertion
 * cost more than the passes. */
#define RADIX_SHIFT 40 /* the float key's top 24 bits, in bits 40..63 */
#define RADIX_MAXPASS 3
#define RADIX_TOP(u) ((u) >> 32)
#define RADIX_INDEX(u) ((size_t)((u) & UINT32_MAX))

/* The runs of ord (n items over the values x) that share their top bits
 * put in the order of merge_idx_val (by value, equal values by index,
 * the order within a run so far): insertion for a few, the merge sort
 * for a long run (values in a narrow range). tmp: 2n idx_val. */
static void radix_fix_runs(const double *x, uint64_t *ord, idx_val *tmp, size_t n)
{
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && RADIX_TOP(ord[b]) == RADIX_TOP(ord[a]))
			b++;
		if (b - a > 16) {
			size_t g = b - a;
			idx_val *r;
			for (size_t k = 0; k < g; k++)
				tmp[k] = (idx_val){x[RADIX_INDEX(ord[a + k])], RADIX_INDEX(ord[a + k])};
			r = merge_idx_val(tmp, tmp + g, g);
			for (size_t k = 0; k < g; k++)
				ord[a + k] = (ord[a + k] & ~(uint64_t)UINT32_MAX) | (uint64_t)r[k].i;
		} else {
			for (size_t i = a + 1; i < b; i++) {
				uint64_t v = ord[i];
				double xv = x[RADIX_INDEX(v)];
				size_t j = i;
				for (; j > a && xv < x[RADIX_INDEX(ord[j - 1])]; j--)
					ord[j] = ord[j - 1];
				ord[j] = v;
			}
		}
		a = b;
	}
}

/* The keys of x above their indices into ord (fixed point when
 * radix_scale found a scale, else the float key's top 24 bits), and the
 * counts of each key byte into cnt; returns the number of byte passes. */
static int radix_keys(const double *x, size_t n, double scale, uint64_t *ord,
		      uint32_t cnt[RADIX_MAXPASS][256])
{
	memset(cnt, 0, RADIX_MAXPASS * sizeof(cnt[0]));
	if (scale > 0) {
		for (size_t i = 0; i < n; i++) {
			/* in [0, 2^16], 2^16 only by rounding up: clamped */
			uint64_t h = (uint64_t)(uint32_t)(x[i] * scale + 32768.0);
			h = h > 65535 ? 65535 : h;
			ord[i] = h << 32 | (uint64_t)i;
			cnt[0][h & 255]++;
			cnt[1][h >> 8]++;
		}
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t h = radix_key(x[i]) >> RADIX_SHIFT;
		ord[i] = h << RADIX_SHIFT | (uint64_t)i;
		for (int b = 0; b < 3; b++)
			cnt[b][(h >> (8 * b)) & 255]++;
	}
	return 3;
}

/* The fixed-point keys' scale 2^(15-e), every |x| below 2^e; 0 for the
 * float keys (an infinity, all zeros, a power of two out of range).
 * -1 when a value is NaN (< does not order it) or -0 (== makes it equal
 * to +0, its float key does not). */
static double radix_scale(const double *x, size_t n)
{
	double big = 0;
	int e;
	for (size_t i = 0; i < n; i++) {
		double a = fabs(x[i]);
		if (isnan(x[i]) || (x[i] == 0 && signbit(x[i])))
			return -1;
		big = a > big ? a : big;
	}
	if (!isfinite(big) || !(big > 0))
		return 0;
	frexp(big, &e); /* big < 2^e */
	return e > -1000 ? ldexp(1.0, 15 - e) : 0;
}

/* The indices of x (n values, 64 <= n < 2^32) in the order of their keys:
 * a least-significant-byte radix sort (a pass per byte, skipped where
 * every key has the same byte; stable, so equal keys keep index order).
 * ord, tmp: n items each. Returns the sorted array (ord or tmp), or NULL
 * when a value is NaN or -0. radix_emit then orders the runs of equal
 * keys. */
static uint64_t *radix_order(const double *x, size_t n, uint64_t *ord, uint64_t *tmp)
{
	uint32_t cnt[RADIX_MAXPASS][256];
	double scale = radix_scale(x, n);
	int passes, base;
	if (scale < 0)
		return NULL;
	passes = radix_keys(x, n, scale, ord, cnt);
	base = scale > 0 ? 32 : RADIX_SHIFT;
	for (int b = 0; b < passes; b++) {
		uint32_t *c = cnt[b], sum = 0;
		int sh = base + 8 * b;
		if (c[(ord[0] >> sh) & 255] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			uint32_t here = c[d];
			c[d] = sum;
			sum += here;
		}
		for (size_t i = 0; i < n; i++)
			tmp[c[(ord[i] >> sh) & 255]++] = ord[i];
		{
			uint64_t *sw = ord;
			ord = tmp;
			tmp = sw;
		}
	}
	return ord;
}

/* The items r (n, in key order) written out as indices into order and,
 * unless sorted is NULL, values into sorted, in the order of
 * merge_idx_val: each run of equal keys is put in that order
 * (radix_fix_runs, fix: 2n idx_val) as its end is met, and written again;
 * a run is rare, so the pass that finds them is the one that writes. */
static void radix_emit(const double *x, uint64_t *r, size_t n, size_t *order, double *sorted,
		       idx_val *fix)
{
	size_t a = 0;
	for (size_t j = 0; j <= n; j++) {
		if (j == n || (j && RADIX_TOP(r[j]) != RADIX_TOP(r[j - 1]))) {
			if (j - a > 1) {
				radix_fix_runs(x, r + a, fix, j - a);
				for (size_t k = a; k < j; k++) {
					order[k] = RADIX_INDEX(r[k]);
					if (sorted)
						sorted[k] = x[order[k]];
				}
			}
			if (j == n)
				break;
			a = j;
		}
		order[j] = RADIX_INDEX(r[j]);
		if (sorted)
			sorted[j] = x[order[j]];
	}
}

/* From this many values the radix sort is the faster. */
#define RADIX_MIN 64

/* The bytes of scratch sort_order needs for n values: 2n idx_val, 2n keys. */
static size_t sort_scratch(size_t n)
{
	return (n ? n : 1) * (2 * sizeof(idx_val) + 2 * sizeof(uint64_t));
}

/* The indices of x in ascending order of value, equal values in index
 * order, into order (n); scratch: sort_scratch(n) bytes. Ranking runs once
 * per security-event and per block window, in every placebo trial too. */
static void sort_order_to(const double *x, size_t n, size_t *order, double *sorted,
			  void *scratch);

static void sort_order(const double *x, size_t n, size_t *order, void *scratch)
{
	sort_order_to(x, n, order, NULL, scratch);
}

/* sort_order, and, unless sorted is NULL, the values in that order into
 * sorted (not x), in the same pass. */
static void sort_order_to(const double *x, size_t n, size_t *order, double *sorted,
			  void *scratch)
{
	idx_val *t = scratch;
	uint64_t *u = (uint64_t *)(t + 2 * (n ? n : 1)), *r = NULL;
	if (n >= RADIX_MIN && n < UINT32_MAX)
		r = radix_order(x, n, u, u + n);
	if (r) {
		radix_emit(x, r, n, order, sorted, t);
	} else {
		idx_val *srt;
		for (size_t i = 0; i < n; i++)
			t[i] = (idx_val){x[i], i};
		srt = merge_idx_val(t, t + n, n);
		for (size_t j = 0; j < n; j++) {
			order[j] = srt[j].i;
			if (sorted)
				sorted[j] = srt[j].v;
		}
	}
}

/* ws's buffer (or, vals, its caller's) with room for the bytes asked for,
 * kept; NULL (DI_ENOMEM set) when that cannot be had. */
static void *ws_room(void **buf, size_t *cap, size_t bytes)
{
	if (bytes > *cap) {
		size_t want = bytes > 2 * *cap ? bytes : 2 * *cap;
		void *p = di_realloc(*buf, want);
		if (!p) {
			di_error_oom();
			return NULL;
		}
		*buf = p;
		*cap = want;
	}
	return *buf;
}

/* Room in ws for m size_t and the scratch of a sort of n values. */
static size_t *ws_orders(di_rank_ws *ws, size_t m, size_t n)
{
	if (n > SIZE_MAX / 64 || m > SIZE_MAX / 64) {
		di_error_oom();
		return NULL;
	}
	return ws_room(&ws->buf, &ws->cap, m * sizeof(size_t) + sort_scratch(n));
}

void di_rank_ws_free(di_rank_ws *ws)
{
	di_free(ws->buf);
	di_free(ws->vals);
	memset(ws, 0, sizeof(*ws));
}

double *di_rank_ws_vals(di_rank_ws *ws, size_t n)
{
	if (n > SIZE_MAX / sizeof(double) - 1) {
		di_error_oom();
		return NULL;
	}
	return ws_room(&ws->vals, &ws->vcap, (n ? n : 1) * sizeof(double));
}

/* x put in the order o, in place (the Wilcoxon test sorts its values so;
 * into another array the sort writes them itself: sort_order_to). */
static int permute_in_place(double *x, const size_t *o, size_t n)
{
	double *t = di_reallocarray(NULL, n ? n : 1, sizeof(double));
	if (!t)
		return di_error_oom();
	for (size_t j = 0; j < n; j++)
		t[j] = x[o[j]];
	memcpy(x, t, n * sizeof(double));
	di_free(t);
	return 0;
}

/* Average ranks of x from its ascending order o: ranks a+1 .. b of a run
 * of equal values share their average. */
static void ranks_from_order(const double *restrict x, const size_t *restrict o, size_t n,
			     double *restrict rank)
{
	for (size_t a = 0; a < n;) {
		double v = x[o[a]], r;
		size_t b = a + 1;
		while (b < n && x[o[b]] == v)
			b++;
		/* through a signed integer: one instruction, the same exact value */
		r = ((double)(long long)(a + 1) + (double)(long long)b) / 2.0;
		for (size_t j = a; j < b; j++)
			rank[o[j]] = r;
		a = b;
	}
}

/* a before b in the order of merge_idx_val: by value, then index */
static inline int iv_before(const idx_val *a, const idx_val *b)
{
	return a->v < b->v || (a->v == b->v && a->i < b->i);
}

/* t (n items) sorted by insertion from the order it has: 0, or 1 after
 * budget moves (t was not close to sorted; the caller then sorts from
 * scratch). The values sit beside their indices, and an item already in
 * place costs one comparison with its neighbour: the indices were
 * followed into x on every comparison, a chain of dependent loads that
 * made this sort a tenth of a placebo trial. */
static int insertion_iv(idx_val *t, size_t n, size_t budget)
{
	size_t moves = 0;
	for (size_t i = 1; i < n; i++) {
		idx_val v = t[i];
		size_t j = i;
		if (!iv_before(&v, &t[i - 1]))
			continue;
		do {
			t[j] = t[j - 1];
			j--;
			if (++moves > budget)
				return 1;
		} while (j > 0 && iv_before(&v, &t[j - 1]));
		t[j] = v;
	}
	return 0;
}

/* a (na) and b (nb), each sorted, merged into out (na + nb). */
static void merge_iv(const idx_val *a, size_t na, const idx_val *b, size_t nb, idx_val *out)
{
	size_t i = 0, j = 0, k = 0;
	while (i < na && j < nb)
		out[k++] = iv_before(&b[j], &a[i]) ? b[j++] : a[i++];
	while (i < na)
		out[k++] = a[i++];
	while (j < nb)
		out[k++] = b[j++];
}

/* Average ranks from the ascending items s (n): ranks a+1 .. b of a run
 * of equal values share their average (as ranks_from_order). */
static void ranks_from_sorted(const idx_val *restrict s, size_t n, double *restrict rank)
{
	for (size_t a = 0; a < n;) {
		double v = s[a].v, r;
		size_t b = a + 1;
		if (b == n || s[b].v != v) {
			/* a value of its own (nearly all are): the average
			 * (a + 1 + b) / 2 below is b, exactly */
			rank[s[a].i] = (double)(long long)b;
			a = b;
			continue;
		}
		while (b < n && s[b].v == v)
			b++;
		r = ((double)(long long)(a + 1) + (double)(long long)b) / 2.0;
		for (size_t j = a; j < b; j++)
			rank[s[j].i] = r;
		a = b;
	}
}

/* The ranks of x into rank from hint, nearly the order of x[0..nhint):
 * both parts sorted by insertion (the hint's part from its order),
 * merged; 1 when a value is NaN, the hint is not a permutation of
 * 0 .. nhint-1 (a caller's bug: not trusted with indices) or either part
 * is far from sorted, and the caller sorts from scratch. seen: nhint
 * size_t; t: 2n idx_val. */
static int hinted_ranks(const double *x, size_t n, const size_t *hint, size_t nhint,
			size_t *seen, idx_val *t, double *rank)
{
	size_t budget = 4 * n + 64;
	int nan = 0;
	memset(seen, 0, nhint * sizeof(size_t));
	/* every value is gathered once (the hint is a permutation): a NaN
	 * is looked for as they are */
	for (size_t k = 0; k < nhint; k++) {
		if (hint[k] >= nhint || seen[hint[k]]++)
			return 1;
		t[k] = (idx_val){x[hint[k]], hint[k]};
		nan |= isnan(t[k].v);
	}
	for (size_t i = nhint; i < n; i++) {
		t[i] = (idx_val){x[i], i};
		nan |= isnan(x[i]);
	}
	if (nan || insertion_iv(t, nhint, budget) || insertion_iv(t + nhint, n - nhint, budget))
		return 1;
	merge_iv(t, nhint, t + nhint, n - nhint, t + n);
	ranks_from_sorted(t + n, n, rank);
	return 0;
}

int di_rank_hint_ws(di_rank_ws *ws, const double *x, size_t n, const size_t *hint, size_t nhint,
		    double *rank)
{
	size_t nb = n ? n : 1, *o = ws_orders(ws, 2 * nb, n);
	if (!o)
		return DI_ENOMEM;
	if (hinted_ranks(x, n, hint, nhint < n ? nhint : n, o, (idx_val *)(o + 2 * nb), rank)) {
		sort_order(x, n, o, o + 2 * nb);
		ranks_from_order(x, o, n, rank);
	}
	return 0;
}

int di_rank_order_ws(di_rank_ws *ws, const double *x, size_t n, double *rank, double *sorted,
		     size_t *order)
{
	size_t nb = n ? n : 1, *o = ws_orders(ws, nb, n);
	if (!o)
		return DI_ENOMEM;
	if (order)
		o = order;
	/* sorted in the sort's own pass when it is not x (which the
	 * ranks below still read) */
	sort_order_to(x, n, o, sorted && sorted != x ? sorted : NULL, (size_t *)ws->buf + nb);
	if (rank)
		ranks_from_order(x, o, n, rank);
	return sorted == x ? permute_in_place(sorted, o, n) : 0;
}

int di_rank_hint(const double *x, size_t n, const size_t *hint, size_t nhint, double *rank)
{
	di_rank_ws ws = {0};
	int rc = di_rank_hint_ws(&ws, x, n, hint, nhint, rank);
	di_rank_ws_free(&ws);
	return rc;
}

int di_rank_order(const double *x, size_t n, double *rank, double *sorted, size_t *order)
{
	di_rank_ws ws = {0};
	int rc = di_rank_order_ws(&ws, x, n, rank, sorted, order);
	di_rank_ws_free(&ws);
	return rc;
}

int di_rank_sorted(const double *x, size_t n, double *rank, double *sorted)
{
	return di_rank_order(x, n, rank, sorted, NULL);
}

int di_rank_average(const double *x, size_t n, double *rank)
{
	return di_rank_sorted(x, n, rank, NULL);
}

/* Exact two-sided p of the signed-rank statistic: every one of the 2^n sign
 * patterns is equally likely. Ranks doubled are integers (ties average to
 * halves), so the distribution of 2 W+ is a subset-sum count, and the
 * comparison |W - mu| >= |w - mu| is made exactly in integers. */
static int wilcoxon_exact_p(const double *rank, size_t n, double w_obs, double *p)
{
	long total = 0, obs2 = lround(2.0 * w_obs);
	double *cnt, hits = 0, all = 0;
	long *r2 = di_reallocarray(NULL, n ? n : 1, sizeof(long));
	if (!r2)
		return di_error_oom();
	for (size_t i = 0; i < n; i++) {
		r2[i] = lround(2.0 * rank[i]);
		total += r2[i];
	}
	cnt = di_calloc((size_t)total + 1, sizeof(double));
	if (!cnt) {
		di_free(r2);
		return di_error_oom();
	}
	cnt[0] = 1;
	for (size_t i = 0; i < n; i++)
		for (long s = total; s >= r2[i]; s--)
			cnt[s] += cnt[s - r2[i]];
	/* 2 W2 - total = 4 (W - mu), with W2 = 2 W and total = 4 mu */
	for (long s = 0; s <= total; s++) {
		all += cnt[s];
		if (labs(2 * s - total) >= labs(2 * obs2 - total))
			hits += cnt[s];
	}
	*p = hits / all;
	di_free(cnt);
	di_free(r2);
	return 0;
}

int di_test_wilcoxon(const double *x, size_t n, di_stat *out)
{
	double *ax = NULL, *rank = NULL, wplus = 0, ties = 0, mu, var;
	size_t m = 0;
	int rc = 0;
	out->stat = out->df = out->p = NAN;
	ax = di_reallocarray(NULL, n ? n : 1, sizeof(double));
	rank = di_reallocarray(NULL, n ? n : 1, sizeof(double));
	if (!ax || !rank) {
		rc = di_error_oom();
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (x[i] != 0)
			ax[m++] = fabs(x[i]);
	if (!m)
		goto done;
	/* ranked, and ax sorted in place (it is not needed after ranking): the
	 * tie groups below are its runs of equal values */
	if ((rc = di_rank_sorted(ax, m, rank, ax)))
		goto done;
	for (size_t i = 0, j = 0; i < n; i++) {
		if (x[i] == 0)
			continue;
		if (x[i] > 0)
			wplus += rank[j];
		j++;
	}
	/* tie groups: sum (t^3 - t) / 48, from the runs of equal values */
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;
		while (j < m && ax[j] == ax[i])
			j++;
		ties += ((double)(j - i) * (double)(j - i) * (double)(j - i) - (double)(j - i)) / 48.0;
		i = j;
	}
	mu = (double)m * ((double)m + 1) / 4.0;
	var = (double)m * ((double)m + 1) * (2.0 * (double)m + 1) / 24.0 - ties;
	if (!(var > 0))
		goto done;
	out->stat = (wplus - mu) / sqrt(var);
	if (m <= WILCOXON_EXACT_MAX && !pvalues_off)
		rc = wilcoxon_exact_p(rank, m, wplus, &out->p);
	else
		out->p = di_p_normal(out->stat);
done:
	di_free(ax);
	di_free(rank);
	return rc;
}

/* --- what an exact test can reach, and a family of p-values ------------ */

double di_sign_min_p(size_t n)
{
	if (!n)
		return NAN;
	if (n > SIGN_EXACT_MAX)
		return di_p_normal(sqrt((double)n)); /* w = n: (n - n/2) / sqrt(n/4) */
	return di_p_binomial(n, n, 0.5);
}

double di_gen_sign_min_p(size_t n, double p)
{
	double best = 1.0, sd;
	if (!n || !(p > 0 && p < 1))
		return NAN;
	if (n > SIGN_EXACT_MAX) {
		/* the most extreme z is at w = 0 or w = n */
		sd = sqrt((double)n * p * (1.0 - p));
		return di_p_normal(fmax((double)n * p, (double)n * (1.0 - p)) / sd);
	}
	for (size_t w = 0; w <= n; w++) {
		double q = di_p_binomial(w, n, p);
		if (q < best)
			best = q;
	}
	return best;
}

double di_wilcoxon_min_p(size_t n)
{
	double m = (double)n;
	if (!n)
		return NAN;
	if (n > WILCOXON_EXACT_MAX)
		return di_p_normal((m * (m + 1) / 4.0) / sqrt(m * (m + 1) * (2 * m + 1) / 24.0));
	return fmin(1.0, 2.0 * pow(0.5, m));
}

double di_placebo_min_p(size_t n)
{
	return n ? 1.0 / (1.0 + (double)n) : NAN;
}

int di_holm(const double *p, size_t n, double *adj)
{
	idx_val *buf = di_reallocarray(NULL, n ? n : 1, 2 * sizeof(*buf)), *t;
	size_t m = 0;
	double run = 0;
	if (!buf)
		return di_error_oom();
	for (size_t i = 0; i < n; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			buf[m++] = (idx_val){p[i], i};
	}
	/* ascending p, ties in input order (idx_val_less breaks them by index) */
	t = merge_idx_val(buf, buf + n, m);
	for (size_t j = 0; j < m; j++) {
		double a = fmin(1.0, (double)(m - j) * t[j].v);
		run = fmax(run, a); /* the step-down keeps adjusted p monotone */
		adj[t[j].i] = run;
	}
	di_free(buf);
	return 0;
}

di_stat di_test_skew_adj(const double *x, size_t n)
{
	return di_test_skew_adj_of(x, di_moments_of(x, n));
}

di_stat di_test_skew_adj_of(const double *x, di_moments mo)
{
	di_stat none = {NAN, NAN, NAN};
	size_t n = mo.n;
	double m = mo.mean, sd = mo.sd, S, g = 0, dn = (double)n;
	if (n < 2)
		return none;
	/* zero spread: S and g are undefined, df is not (pinned detail 8) */
	if (!(sd > 0))
		return di_stat_t(NAN, dn - 1);
	for (size_t i = 0; i < n; i++)
		g += (x[i] - m) * (x[i] - m) * (x[i] - m);
	g /= dn * sd * sd * sd;
	S = m / sd;
	return di_stat_t(sqrt(dn) * (S + g * S * S / 3.0 + g / (6.0 * dn)), dn - 1);
}

/* Z = v[ev] / S of the generalized tests; *T gets the points with a value.
 * NAN when S is not positive or the event point has no security. */
static double gen_z(const double *v, const size_t *nt, size_t npts, size_t N, size_t ev,
		    size_t *T)
{
	double ss = 0, dN = (double)N;
	*T = 0;
	if (!N || ev >= npts || !nt[ev])
		return NAN;
	/* counts converted through a signed integer: one instruction, the
	 * same exact value (this loop runs per window, block and trial) */
	for (size_t t = 0; t < npts; t++)
		if (nt[t]) {
			ss += (double)(long long)nt[t] / dN * v[t] * v[t];
			(*T)++;
		}
	ss /= (double)*T;
	return ss > 0 ? v[ev] / sqrt(ss) : NAN;
}

di_stat di_test_grank(const double *ubar, const size_t *nt, size_t npts, size_t N, size_t ev)
{
	di_stat none = {NAN, NAN, NAN};
	size_t T;
	double z = gen_z(ubar, nt, npts, N, ev, &T), den;
	if (T <= 2)
		return none;
	den = (double)T - 1.0 - z * z;
	return di_stat_t(den > 0 ? z * sqrt(((double)T - 2.0) / den) : NAN, (double)T - 2.0);
}

di_stat di_test_gsign(const double *gbar, const size_t *nt, size_t npts, size_t N, size_t ev)
{
	size_t T;
	return di_stat_z(gen_z(gbar, nt, npts, N, ev, &T));
}

di_stat di_test_dcaar(double dcaar, const double *diff, size_t n, size_t L)
{
	di_stat none = {NAN, NAN, NAN};
	double sd;
	if (n < 2)
		return none;
	sd = di_sd(diff, n);
	return di_stat_t(sd > 0 && L ? dcaar / (sqrt((double)L) * sd) : NAN, (double)(n - 1));
}

static double sign_of(double x)
{
	return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}

/* The k-th smallest (0-based) of srt[0..n) with g0 inserted at position p. */
static double merged_kth(const double *srt, size_t p, double g0, size_t k)
{
	return k < p ? srt[k] : k == p ? g0 : srt[k - 1];
}

size_t di_gen_less(const double *srt, size_t n, double g0)
{
	size_t less;
	di_gen_less_many(srt, n, &g0, 1, &less);
	return less;
}

void di_gen_less_many(const double *srt, size_t n, const double *g0, size_t m, size_t *less)
{
	/* The bisection keeps each answer in [b, b + len] and moves b
	 * without a branch: its comparisons are coin flips, run for every
	 * member of every window of every placebo trial. The m searches go
	 * in step, so that their loads overlap: one at a time, each was a
	 * chain of eight dependent loads. */
	const double *b[DI_GEN_BATCH];
	for (size_t at = 0; at < m; at += DI_GEN_BATCH) {
		size_t k = m - at < DI_GEN_BATCH ? m - at : DI_GEN_BATCH, len = n;
		const double *g = g0 + at;
		if (!n) {
			for (size_t j = 0; j < k; j++)
				less[at + j] = 0;
			continue;
		}
		for (size_t j = 0; j < k; j++)
			b[j] = srt;
		while (len > 1) {
			size_t half = len / 2;
			/* a mask, not ?: (which gcc compiled to a branch here) */
			for (size_t j = 0; j < k; j++)
				b[j] += half & ((size_t)0 - (size_t)(b[j][half - 1] < g[j]));
			len -= half;
		}
		for (size_t j = 0; j < k; j++)
			less[at + j] = (size_t)(b[j] - srt) + (*b[j] < g[j]);
	}
}

void di_gen_prepare_at(const double *srt, size_t n, double g0, size_t less, di_gen_event *ev,
		       double *u0, double *sg0)
{
	size_t eq = 0, T = n + 1;
	while (less + eq < n && srt[less + eq] == g0)
		eq++;
	ev->g0 = g0;
	ev->less = less;
	ev->eq = eq;
	ev->T1 = (double)T + 1.0;
	ev->med = T % 2 ? merged_kth(srt, less, g0, T / 2)
			: (merged_kth(srt, less, g0, T / 2 - 1) + merged_kth(srt, less, g0, T / 2)) /
				  2.0;
	/* g0 and its eq ties share ranks less + 1 .. less + eq + 1 */
	*u0 = ((double)less + 1.0 + (double)eq / 2.0) / ev->T1 - 0.5;
	*sg0 = sign_of(g0 - ev->med);
}

void di_gen_prepare(const double *srt, size_t n, double g0, di_gen_event *ev, double *u0,
		    double *sg0)
{
	di_gen_prepare_at(srt, n, g0, di_gen_less(srt, n, g0), ev, u0, sg0);
}

void di_gen_u_table(const double *rk, size_t n, double *below, double *tied, double *above)
{
	/* as di_gen_point: T = n + 1 points with the event point, T1 = T + 1 */
	double T1 = (double)(n + 1) + 1.0;
	for (size_t j = 0; j < n; j++) {
		below[j] = (rk[j] + 0.0) / T1 - 0.5;
		tied[j] = (rk[j] + 0.5) / T1 - 0.5;
		above[j] = (rk[j] + 1.0) / T1 - 0.5;
	}
}

void di_gen_points(const double *est, const double *rk, const double *srt, size_t n, double g0,
		   double *u, double *sg, double *u0, double *sg0)
{
	di_gen_event ev;
	di_gen_prepare(srt, n, g0, &ev, u0, sg0);
	for (size_t j = 0; j < n; j++)
		di_gen_point(&ev, est[j], rk[j], &u[j], &sg[j]);
}
