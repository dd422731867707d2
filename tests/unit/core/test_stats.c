/*
 * test_stats.c - every statistic of stats.c against a value worked out by
 * hand from the methodology's formula, and every p-value against a closed
 * form of its distribution (Student t with 1, 2, 3 degrees of freedom,
 * binomial and signed-rank counts enumerated in the comments).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>

#include "stats.h"

#define PI 3.14159265358979323846

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_))) \
			fail_msg("%s = %.17g, want %.17g (rel %.3g)", #got, g_, w_, \
				 fabs(g_ - w_) / fabs(w_)); \
	} while (0)

/* Closed forms of the two-sided Student p-value. */
static double p_t1(double t) { return 1 - 2 * atan(fabs(t)) / PI; }
static double p_t2(double t) { return 1 - fabs(t) / sqrt(2 + t * t); }
static double p_t3(double t)
{
	double a = fabs(t);
	double cdf = 0.5 + (a / (sqrt(3) * (1 + a * a / 3)) + atan(a / sqrt(3))) / PI;
	return 2 * (1 - cdf);
}

static void student_p_values(void **state)
{
	(void)state;
	assert_rel(di_p_student(1.7, 1), p_t1(1.7), 1e-12);
	assert_rel(di_p_student(-2.4, 2), p_t2(-2.4), 1e-12);
	assert_rel(di_p_student(3.872983346207417, 3), p_t3(3.872983346207417), 1e-10);
	/* normal: 2 (1 - Phi(1.96)) = erfc(1.96 / sqrt 2) */
	assert_rel(di_p_normal(-1.96), erfc(1.96 / sqrt(2)), 1e-13);
	assert_true(isnan(di_p_student(NAN, 3)));
	assert_true(isnan(di_p_student(1, 0)));
}

/* x = 1 2 3 4: mean 2.5, sd sqrt(5/3), t = 2.5 / (sqrt(5/3) / 2) = sqrt 15 */
static void mean_t(void **state)
{
	double x[4] = {1, 2, 3, 4}, one[1] = {1}, flat[3] = {2, 2, 2};
	di_stat s;
	(void)state;
	s = di_test_mean_t(x, 4);
	assert_rel(s.stat, sqrt(15), 1e-14);
	assert_rel(s.df, 3, 0);
	assert_rel(s.p, p_t3(sqrt(15)), 1e-10);
	/* undefined: N < 2, zero spread (pinned detail 8) */
	s = di_test_mean_t(one, 1);
	assert_true(isnan(s.stat) && isnan(s.p) && isnan(s.df));
	s = di_test_mean_t(flat, 3);
	assert_true(isnan(s.stat));
}

/* di_moments_of gives di_mean and di_sd bit for bit (the test windows
 * take them from it), on values whose sums round; NAN where those are. */
static void moments(void **state)
{
	double x[7] = {0.1, -0.7, 1e-3, 2.5, 1.0 / 3, -1e-9, 0.3}, m, sd;
	di_moments mo;
	(void)state;
	mo = di_moments_of(x, 7);
	m = di_mean(x, 7);
	sd = di_sd(x, 7);
	assert_int_equal(mo.n, 7);
	assert_memory_equal(&mo.mean, &m, sizeof(double));
	assert_memory_equal(&mo.sd, &sd, sizeof(double));
	mo = di_moments_of(x, 1);
	assert_true(mo.mean == 0.1 && isnan(mo.sd));
	mo = di_moments_of(x, 0);
	assert_true(isnan(mo.mean) && isnan(mo.sd));
}

/* z = 1, 2 with d = 10, 20: 3 / sqrt(10/8 + 20/18) */
static void patell(void **state)
{
	double z[2] = {1, 2};
	int d[2] = {10, 20}, bad[2] = {10, 2};
	di_stat s, kp;
	double want = 3 / sqrt(1.25 + 20.0 / 18);
	(void)state;
	s = di_test_patell(z, d, 2);
	assert_rel(s.stat, want, 1e-14);
	assert_true(isnan(s.df));
	assert_rel(s.p, erfc(want / sqrt(2)), 1e-12);
	/* KP with rbar 0.25, N = 2: * sqrt(1 / 1.25) */
	kp = di_test_patell_kp(s, 2, 0.25);
	assert_rel(kp.stat, want * sqrt(0.8), 1e-14);
	/* 1 + (N - 1) rbar <= 0 is undefined */
	kp = di_test_patell_kp(s, 3, -0.6);
	assert_true(isnan(kp.stat));
	kp = di_test_patell_kp(s, 2, NAN);
	assert_true(isnan(kp.stat));
	/* d = 2 has no d / (d - 2) */
	s = di_test_patell(z, bad, 2);
	assert_true(isnan(s.stat));
}

/* bmp_kp = bmp * sqrt((1 - r) / (1 + (N - 1) r)); Z = 1 2 3 4, r = 0.1 */
static void bmp_kp(void **state)
{
	double z[4] = {1, 2, 3, 4};
	di_stat b = di_test_mean_t(z, 4), kp;
	(void)state;
	kp = di_test_bmp_kp(b, 4, 0.1);
	assert_rel(kp.stat, sqrt(15) * sqrt(0.9 / 1.3), 1e-14);
	assert_rel(kp.df, 3, 0);
	assert_rel(kp.p, p_t3(sqrt(15) * sqrt(0.9 / 1.3)), 1e-10);
}

/* N = 5, w = 4: z = 1.5 / sqrt(1.25); P(W <= 4) = 31/32, P(W >= 4) = 6/32,
 * p = 12/32. N = 60 uses the normal approximation. */
static void sign_test(void **state)
{
	di_stat s = di_test_sign(4, 5);
	(void)state;
	assert_rel(s.stat, 1.5 / sqrt(1.25), 1e-14);
	assert_rel(s.p, 12.0 / 32, 1e-13);
	s = di_test_sign(40, 60);
	assert_rel(s.stat, 10 / sqrt(15), 1e-14);
	assert_rel(s.p, erfc(10 / sqrt(15) / sqrt(2)), 1e-12);
	s = di_test_sign(0, 0);
	assert_true(isnan(s.stat));
}

/* Binomial(5, 0.4), w = 4: P(W >= 4) = 5 (.4^4)(.6) + .4^5 = 0.08704,
 * P(W <= 4) = 1 - .4^5 = 0.98976, p = 0.17408; z = 2 / sqrt(1.2). */
static void generalized_sign(void **state)
{
	di_stat s = di_test_gen_sign(4, 5, 0.4);
	(void)state;
	assert_rel(s.stat, 2 / sqrt(1.2), 1e-14);
	assert_rel(s.p, 0.17408, 1e-12);
	s = di_test_gen_sign(3, 5, 0.0);
	assert_true(isnan(s.stat));
}

/* x = 1 -2 3 4 5: W+ = 13, mu = 7.5, var = 5*6*11/24 = 13.75. Subsets of
 * {1..5} with sum <= 2: 3 ({}, {1}, {2}); with sum >= 13: 3; p = 6/32. */
static void wilcoxon_exact(void **state)
{
	double x[5] = {1, -2, 3, 4, 5};
	di_stat s;
	(void)state;
	assert_int_equal(di_test_wilcoxon(x, 5, &s), 0);
	assert_rel(s.stat, 5.5 / sqrt(13.75), 1e-14);
	assert_rel(s.p, 6.0 / 32, 1e-13);
}

/* Ties and a zero: x = 1 1 -2 3 0 -> n = 4, ranks 1.5 1.5 3 4, W+ = 7,
 * mu = 5, var = 4*5*9/24 - (2^3 - 2)/48 = 7.375. Doubled ranks 3 3 6 8
 * (total 20), observed 14: |2s - 20| >= 8 for s in {0,3,3,6,6} and
 * {14,14,17,17,20}: p = 10/16. */
static void wilcoxon_ties(void **state)
{
	double x[5] = {1, 1, -2, 3, 0};
	di_stat s;
	(void)state;
	assert_int_equal(di_test_wilcoxon(x, 5, &s), 0);
	assert_rel(s.stat, 2 / sqrt(7.375), 1e-14);
	assert_rel(s.p, 10.0 / 16, 1e-13);
}

/* Ties out of order (the values are sorted in place while ranked):
 * x = 3 -1 2 1 -3 -> |x| ranks 4.5 1.5 3 1.5 4.5, W+ = 9, mu = 7.5,
 * var = 5*6*11/24 - 2 (2^3 - 2)/48 = 13.5. Doubled ranks 9 3 6 3 9
 * (total 30), observed 18: |2s - 30| >= 6 for 28 of the 32 patterns. */
static void wilcoxon_ties_unsorted(void **state)
{
	double x[5] = {3, -1, 2, 1, -3};
	di_stat s;
	(void)state;
	assert_int_equal(di_test_wilcoxon(x, 5, &s), 0);
	assert_rel(s.stat, 1.5 / sqrt(13.5), 1e-14);
	assert_rel(s.p, 28.0 / 32, 1e-13);
}

/* n > 20: the normal approximation. x = 1..25 all positive: W+ = 325,
 * mu = 162.5, var = 25*26*51/24 = 1381.25. All zeros: undefined. */
static void wilcoxon_large_and_empty(void **state)
{
	double x[25], z[3] = {0, 0, 0};
	di_stat s;
	(void)state;
	for (int i = 0; i < 25; i++)
		x[i] = i + 1;
	assert_int_equal(di_test_wilcoxon(x, 25, &s), 0);
	assert_rel(s.stat, 162.5 / sqrt(1381.25), 1e-14);
	assert_rel(s.p, erfc(162.5 / sqrt(1381.25) / sqrt(2)), 1e-10);
	assert_int_equal(di_test_wilcoxon(z, 3, &s), 0);
	assert_true(isnan(s.stat) && isnan(s.p));
}

static void ranks_and_correlation(void **state)
{
	double x[6] = {0.3, -0.1, 0.3, 0.5, -0.1, -0.1}, r[6];
	double a[4] = {1, 2, 3, 4}, b[4] = {2, 4, 5, 9};
	(void)state;
	/* -0.1 x3 -> ranks 1..3 -> 2; 0.3 x2 -> 4, 5 -> 4.5; 0.5 -> 6 */
	assert_int_equal(di_rank_average(x, 6, r), 0);
	assert_rel(r[0], 4.5, 0);
	assert_rel(r[1], 2, 0);
	assert_rel(r[3], 6, 0);
	/* a: dev -1.5 -.5 .5 1.5; b mean 5: dev -3 -1 0 4;
	 * sab = 4.5 + .5 + 0 + 6 = 11, saa = 5, sbb = 26 */
	assert_rel(di_pearson(a, b, 4), 11 / sqrt(5.0 * 26), 1e-14);
	assert_rel(di_sd(a, 4), sqrt(5.0 / 3), 1e-14);
}

/* Skewness-adjusted t on x = 1 2 3 10: mean 4, deviations -3 -2 -1 6,
 * sd^2 = 50/3, S = 4 / sd = sqrt(0.96), sum dev^3 = -27 - 8 - 1 + 216 = 180,
 * g = 180 / (4 sd^3) = 0.66136223..., statistic 2 (S + g S^2/3 + g/24)
 * = 2.4379771409920967 (python3 from the same formula). Symmetric x has
 * g = 0: the plain t. N = 1 and zero spread: undefined. */
static void skew_adjusted(void **state)
{
	double x[4] = {1, 2, 3, 10}, sym[4] = {1, 2, 3, 4}, one[1] = {1}, flat[3] = {2, 2, 2};
	double g = 45 / pow(50.0 / 3, 1.5), S = sqrt(0.96);
	di_stat s;
	(void)state;
	s = di_test_skew_adj(x, 4);
	assert_rel(s.stat, 2 * (S + g * S * S / 3 + g / 24), 1e-14);
	assert_rel(s.stat, 2.4379771409920967, 1e-12);
	assert_rel(s.df, 3, 0);
	assert_rel(s.p, p_t3(s.stat), 1e-10);
	/* sym: S = 2.5 / sqrt(5/3), g = 0 -> sqrt(4) S = sqrt 15, as mean_t */
	assert_rel(di_test_skew_adj(sym, 4).stat, sqrt(15), 1e-14);
	s = di_test_skew_adj(one, 1);
	assert_true(isnan(s.stat) && isnan(s.df));
	s = di_test_skew_adj(flat, 3);
	assert_true(isnan(s.stat) && isnan(s.p));
	assert_rel(s.df, 2, 0);
}

/* Generalized rank/sign, the time-series part: Ubar = .1 -.2 .3 .25 with
 * N_t = 2 1 2 2 (N = 2), a point without securities (skipped), event point
 * last. S^2 = (1/4)(1 (.01) + .5 (.04) + 1 (.09) + 1 (.0625)) = .045625,
 * Z = .25 / sqrt(.045625) = 1.1704114719613057, T = 4:
 * t = Z sqrt(2 / (3 - Z^2)) = 1.2964074471043288 against t(2). */
static void generalized_series(void **state)
{
	double u[5] = {0.1, -0.2, 0.7, 0.3, 0.25};
	size_t nt[5] = {2, 1, 0, 2, 2}, none[5] = {0};
	di_stat s;
	(void)state;
	s = di_test_grank(u, nt, 5, 2, 4);
	assert_rel(s.stat, 1.2964074471043288, 1e-13);
	assert_rel(s.df, 2, 0);
	assert_rel(s.p, p_t2(1.2964074471043288), 1e-12);
	s = di_test_gsign(u, nt, 5, 2, 4);
	assert_rel(s.stat, 1.1704114719613057, 1e-13);
	assert_true(isnan(s.df));
	assert_rel(s.p, erfc(1.1704114719613057 / sqrt(2)), 1e-12);
	/* no security at the event point, or T - 1 - Z^2 <= 0: undefined */
	assert_true(isnan(di_test_grank(u, none, 5, 2, 4).stat));
	{
		/* two points: T = 2, no df; one spread-free point: S = 0 */
		double v[2] = {0.5, 0.5}, zero[2] = {0, 0};
		size_t n2[2] = {1, 1};
		assert_true(isnan(di_test_grank(v, n2, 2, 1, 1).stat));
		assert_true(isnan(di_test_gsign(zero, n2, 2, 1, 1).stat));
	}
}

/* One security's points. Estimation GSARs .5 -1 .5 2 (ranks among
 * themselves 2.5 1 2.5 4) and event point .5, T = 5: sorted -1 .5 .5 .5 2,
 * the three .5 share ranks 2..4 -> 3; U = rank / 6 - 1/2: .5 -> 0,
 * -1 -> -1/3, 2 -> 1/3, event 0. Median .5: signs 0 -1 0 +1, event 0
 * (median ties give 0). Even T: estimation 3 1 2, event 0, T = 4: ranks
 * 4 2 3 | 1, U = rank / 5 - 1/2; median (1 + 2) / 2 = 1.5: + - + | -. */
static void generalized_points(void **state)
{
	double est[4] = {0.5, -1, 0.5, 2}, rk[4] = {2.5, 1, 2.5, 4}, srt[4] = {-1, 0.5, 0.5, 2};
	double e2[3] = {3, 1, 2}, r2[3] = {3, 1, 2}, s2[3] = {1, 2, 3};
	double u[4], g[4], u0, g0;
	(void)state;
	di_gen_points(est, rk, srt, 4, 0.5, u, g, &u0, &g0);
	assert_true(fabs(u[0]) < 1e-15 && fabs(u[2]) < 1e-15 && fabs(u0) < 1e-15);
	assert_rel(u[1], -1.0 / 3, 1e-14);
	assert_rel(u[3], 1.0 / 3, 1e-14);
	assert_true(g[0] == 0 && g[1] == -1 && g[2] == 0 && g[3] == 1 && g0 == 0);
	di_gen_points(e2, r2, s2, 3, 0, u, g, &u0, &g0);
	assert_rel(u[0], 4.0 / 5 - 0.5, 1e-14);
	assert_rel(u[1], 2.0 / 5 - 0.5, 1e-14);
	assert_rel(u[2], 3.0 / 5 - 0.5, 1e-14);
	assert_rel(u0, 1.0 / 5 - 0.5, 1e-14);
	assert_true(g[0] == 1 && g[1] == -1 && g[2] == 1 && g0 == -1);
	/* the event point above every estimation point: rank T */
	di_gen_points(e2, r2, s2, 3, 9, u, g, &u0, &g0);
	assert_rel(u0, 4.0 / 5 - 0.5, 1e-14);
	assert_rel(u[0], 3.0 / 5 - 0.5, 1e-14);
}

/* di_gen_less_many counts, for each event point, the sorted points
 * below it, as a plain count does: points with ties, event points on a
 * tie, below and above every point, infinite and NaN (below nothing);
 * sorted lengths 0, 1, 2 and a few hundred; more event points than one
 * batch, so that the searches run in several groups. */
static void generalized_less_many(void **state)
{
	enum { N = 241, M = 3 * DI_GEN_BATCH + 5 };
	static const size_t lens[] = {0, 1, 2, 7, N};
	double srt[N], g0[M];
	size_t less[M];
	unsigned long long u = 1442695040888963407ULL;
	(void)state;
	for (size_t i = 0; i < N; i++)
		srt[i] = (double)((long)i / 3) * 0.25 - 10.0; /* runs of three ties */
	for (size_t k = 0; k < M; k++) {
		u ^= u << 13;
		u ^= u >> 7;
		u ^= u << 17;
		g0[k] = (double)(u % 1000) / 40.0 - 12.5; /* on ties a tenth of the time */
	}
	g0[0] = -INFINITY;
	g0[1] = INFINITY;
	g0[2] = NAN;
	g0[3] = srt[0];
	g0[4] = srt[N - 1];
	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		size_t n = lens[l];
		di_gen_less_many(srt, n, g0, M, less);
		for (size_t k = 0; k < M; k++) {
			size_t want = 0;
			for (size_t i = 0; i < n; i++)
				want += srt[i] < g0[k];
			assert_int_equal(less[k], want);
			assert_int_equal(di_gen_less(srt, n, g0[k]), want);
		}
	}
	di_gen_less_many(srt, N, g0, 0, less); /* no event point: nothing read or written */
}

/* dCAAR .01 over L = 2 days; daily differences .001 -.002 .004 0: mean
 * .00075, squared deviations sum 1.875e-5, / 3 -> sd .0025;
 * t = .01 / (sqrt 2 .0025) = 2 sqrt 2 against t(3). One day: undefined. */
static void dcaar(void **state)
{
	double d[4] = {0.001, -0.002, 0.004, 0}, flat[3] = {1, 1, 1};
	di_stat s;
	(void)state;
	s = di_test_dcaar(0.01, d, 4, 2);
	assert_rel(s.stat, 2 * sqrt(2), 1e-12);
	assert_rel(s.df, 3, 0);
	assert_rel(s.p, p_t3(2 * sqrt(2)), 1e-10);
	assert_rel(di_test_dcaar(0.01, d, 4, 1).stat, 4, 1e-12);
	assert_true(isnan(di_test_dcaar(0.01, d, 1, 1).stat));
	s = di_test_dcaar(0.01, flat, 3, 1);
	assert_true(isnan(s.stat));
	assert_rel(s.df, 2, 0);
	assert_true(isnan(di_test_dcaar(NAN, d, 4, 1).stat));
}

/* Ranks, order and sorted values of long samples (the radix sort from 64
 * values on; with a -0 the merge sort) against their definition: rank =
 * #{x_j < x_i} + (#{x_j == x_i} + 1) / 2; the order ascending by value,
 * equal values in index order. */
static void check_long_ranks(const double *x, size_t n)
{
	double rank[400], sorted[400];
	size_t order[400];
	assert_int_equal(di_rank_order(x, n, rank, sorted, order), 0);
	for (size_t i = 0; i < n; i++) {
		size_t less = 0, eq = 0;
		for (size_t j = 0; j < n; j++) {
			less += x[j] < x[i];
			eq += x[j] == x[i];
		}
		assert_rel(rank[i], (double)less + ((double)eq + 1) / 2, 1e-15);
	}
	for (size_t j = 0; j < n; j++) {
		assert_true(order[j] < n);
		assert_memory_equal(&sorted[j], &x[order[j]], sizeof(double));
		if (j)
			assert_true(sorted[j - 1] < sorted[j] ||
				    (sorted[j - 1] == sorted[j] && order[j - 1] < order[j]));
	}
}

static void ranks_long(void **state)
{
	double x[400];
	unsigned long long u = 88172645463325252ULL;
	(void)state;
	for (size_t n = 63; n <= 400; n += 337) {
		/* every byte of the doubles varies: signs, magnitudes, mantissas */
		for (size_t i = 0; i < n; i++) {
			u ^= u << 13;
			u ^= u >> 7;
			u ^= u << 17;
			x[i] = ldexp((double)(u >> 11), (int)(u % 40) - 80) * (u & 1024 ? -1 : 1);
		}
		check_long_ranks(x, n);
		/* ties: 21 values, +0 among them; then a -0 tied with the +0s */
		for (size_t i = 0; i < n; i++)
			x[i] = (double)((i * 7) % 21) - 10.0;
		check_long_ranks(x, n);
		x[5] = -0.0;
		check_long_ranks(x, n);
		/* values equal in their top bits (the radix passes) and apart
		 * in the low ones: one long run, ties inside it */
		for (size_t i = 0; i < n; i++)
			x[i] = 1.0 + ldexp((double)((i * 37) % 50), -40);
		check_long_ranks(x, n);
		/* short runs of 5 (insertion), across signs */
		for (size_t i = 0; i < n; i++)
			x[i] = ((double)(i % 13) - 6.0) * (1.0 + ldexp((double)((i * 11) % 5), -45));
		check_long_ranks(x, n);
	}
}

/* The radix sort's fixed-point keys (x 2^(15-e), every |x| below 2^e)
 * and the cases that take the float keys, against the definition:
 * standardized values (a sum of uniforms); the largest |x| a power of two
 * and one just below the next (whose key rounds up to 2^16 and is
 * clamped); tiny normal values (a scale near 2^1000); subnormals and an
 * infinity (the float keys); values 600 orders of magnitude apart (the
 * small ones share one key: a long run, sorted by the merge). */
static void ranks_fixed_point_keys(void **state)
{
	double x[400];
	unsigned long long u = 0x9E3779B97F4A7C15ULL;
	const size_t n = 400;
	(void)state;
	for (size_t i = 0; i < n; i++) {
		double z = 0;
		for (int k = 0; k < 12; k++) {
			u ^= u << 13;
			u ^= u >> 7;
			u ^= u << 17;
			z += (double)(u >> 11) / 9007199254740992.0;
		}
		x[i] = z - 6.0;
	}
	check_long_ranks(x, n);
	x[17] = 8.0;
	x[18] = -8.0;
	check_long_ranks(x, n);
	x[17] = nextafter(16.0, 0.0); /* 2^4 - ulp: x 2^11 + 2^15 rounds to 2^16 */
	x[19] = -x[17];
	check_long_ranks(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] *= 1e-300;
	check_long_ranks(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] *= 1e-10; /* subnormal */
	check_long_ranks(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] = (double)((i * 7) % 23) - 11.0;
	x[3] = INFINITY;
	check_long_ranks(x, n);
	x[3] = 1e300;
	x[4] = -1e300;
	for (size_t i = 5; i < n; i++)
		x[i] *= 1e-300;
	check_long_ranks(x, n);
	for (size_t i = 0; i < n; i++)
		x[i] = 0;
	check_long_ranks(x, n);
}

/* di_rank_hint gives di_rank_average's ranks, bit for bit, whatever the
 * hint: a good one (the order of a slightly perturbed copy), the identity,
 * a reversed one, one with a repeat or an index out of range, one longer
 * than x, none; values with ties, infinities, subnormals, and a NaN. */
static void check_hint(const double *x, size_t n, const size_t *hint, size_t nhint)
{
	double want[300], got[300];
	assert_int_equal(di_rank_average(x, n, want), 0);
	assert_int_equal(di_rank_hint(x, n, hint, nhint, got), 0);
	for (size_t i = 0; i < n; i++)
		assert_memory_equal(&got[i], &want[i], sizeof(double));
}

static void ranks_hinted(void **state)
{
	double x[300], y[300], r[300];
	size_t hint[300], n = 300, m = 270;
	unsigned long long u = 2463534242ULL;
	(void)state;
	for (size_t i = 0; i < n; i++) {
		u ^= u << 13;
		u ^= u >> 7;
		u ^= u << 17;
		x[i] = (double)(u % 2001) / 1000.0 - 1.0; /* ties among 300 of 2,001 values */
		y[i] = x[i] * (1.0 + (double)(u % 7) * 1e-3);
	}
	x[3] = INFINITY;
	x[4] = -INFINITY;
	x[5] = 4.9e-324;
	x[6] = -4.9e-324;
	assert_int_equal(di_rank_order(y, m, r, NULL, hint), 0); /* nearly x's order */
	check_hint(x, n, hint, m);
	for (size_t k = 0; k < m; k++)
		hint[k] = m - 1 - k;
	check_hint(x, n, hint, m);
	for (size_t k = 0; k < m; k++)
		hint[k] = k;
	check_hint(x, n, hint, m);
	check_hint(x, n, hint, 0);
	check_hint(x, m, hint, m); /* no values after the hinted ones */
	hint[7] = hint[8]; /* a repeat */
	check_hint(x, n, hint, m);
	hint[7] = m; /* out of range */
	check_hint(x, n, hint, m);
	for (size_t k = 0; k < n; k++)
		hint[k] = k;
	check_hint(x, m, hint, n); /* longer than x */
	x[9] = NAN;
	check_hint(x, n, hint, m);
}

/* One workspace kept across calls of growing and shrinking sizes (as a
 * worker thread keeps it across security-events) gives, bit for bit, the
 * ranks, sorted values and order of a call on a fresh one: nothing of an
 * earlier call leaks into a later one. Sizes either side of RADIX_MIN. */
static void ranks_workspace_reused(void **state)
{
	static const size_t sizes[] = {300, 5, 64, 63, 250, 1, 0, 299};
	double x[300], want[300], got[300], ws_sorted[300], sorted[300];
	size_t order[300], ws_order[300], hint[300];
	unsigned long long u = 88172645463325252ULL;
	di_rank_ws ws = {0};
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		for (size_t i = 0; i < n; i++) {
			u ^= u << 13;
			u ^= u >> 7;
			u ^= u << 17;
			x[i] = (double)(u % 4001) / 997.0 - 2.0 + (double)k;
		}
		assert_int_equal(di_rank_order(x, n, want, sorted, order), 0);
		assert_int_equal(di_rank_order_ws(&ws, x, n, got, ws_sorted, ws_order), 0);
		assert_memory_equal(got, want, n * sizeof(double));
		assert_memory_equal(ws_sorted, sorted, n * sizeof(double));
		assert_memory_equal(ws_order, order, n * sizeof(size_t));
		/* the order alone (no ranks asked): the same order and values */
		memset(ws_order, 0xff, sizeof(ws_order));
		assert_int_equal(di_rank_order_ws(&ws, x, n, NULL, ws_sorted, ws_order), 0);
		assert_memory_equal(ws_sorted, sorted, n * sizeof(double));
		assert_memory_equal(ws_order, order, n * sizeof(size_t));
		for (size_t i = 0; i < n; i++)
			hint[i] = n - 1 - i;
		assert_int_equal(di_rank_hint_ws(&ws, x, n, hint, n, got), 0);
		assert_memory_equal(got, want, n * sizeof(double));
		assert_non_null(di_rank_ws_vals(&ws, 2 * n));
	}
	di_rank_ws_free(&ws);
	assert_null(ws.buf);
	assert_null(ws.vals);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(student_p_values),
		cmocka_unit_test(mean_t),
		cmocka_unit_test(moments),
		cmocka_unit_test(patell),
		cmocka_unit_test(bmp_kp),
		cmocka_unit_test(sign_test),
		cmocka_unit_test(generalized_sign),
		cmocka_unit_test(wilcoxon_exact),
		cmocka_unit_test(wilcoxon_ties),
		cmocka_unit_test(wilcoxon_ties_unsorted),
		cmocka_unit_test(wilcoxon_large_and_empty),
		cmocka_unit_test(ranks_and_correlation),
		cmocka_unit_test(ranks_long),
		cmocka_unit_test(ranks_fixed_point_keys),
		cmocka_unit_test(ranks_hinted),
		cmocka_unit_test(ranks_workspace_reused),
		cmocka_unit_test(skew_adjusted),
		cmocka_unit_test(generalized_series),
		cmocka_unit_test(generalized_points),
		cmocka_unit_test(generalized_less_many),
		cmocka_unit_test(dcaar),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
