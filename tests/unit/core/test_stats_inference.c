/*
 * test_stats_inference.c - what the summary may claim, from stats.c: the
 * smallest p an exact discrete test can return at its size, and Holm's
 * adjustment of the headline p-values. Every expected value is worked by
 * hand in the comments (binomial tails, 2^n sign patterns, Holm's steps).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "stats.h"

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_))) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

/* Two-sided normal p from the complementary error function. */
static double p_norm(double z) { return erfc(fabs(z) / sqrt(2.0)); }

static void sign_smallest_p(void **state)
{
	(void)state;
	/* N = 4: all four positive has probability 1/16, two tails 1/8 */
	assert_rel(di_sign_min_p(4), 0.125, 1e-12);
	assert_rel(di_sign_min_p(5), 0.0625, 1e-12);
	assert_rel(di_sign_min_p(6), 0.03125, 1e-12); /* the first N that reaches 5% */
	assert_rel(di_sign_min_p(1), 1.0, 1e-12);     /* 2 * 1/2, capped at 1 */
	assert_rel(di_sign_min_p(50), 2.0 * pow(0.5, 50), 1e-9);
	/* N = 64 uses the normal approximation: w = 64 gives z = 32 / 4 = 8 */
	assert_rel(di_sign_min_p(64), p_norm(8.0), 1e-6);
	assert_true(isnan(di_sign_min_p(0)));
}

static void gen_sign_smallest_p(void **state)
{
	(void)state;
	/* the extremes: w = 0 has (1 - p)^N, w = N has p^N; two-sided doubles
	 * the smaller one */
	assert_rel(di_gen_sign_min_p(4, 0.5), 0.125, 1e-12);
	assert_rel(di_gen_sign_min_p(4, 0.6), 2 * 0.4 * 0.4 * 0.4 * 0.4, 1e-12); /* 0.0512 */
	assert_rel(di_gen_sign_min_p(4, 0.3), 2 * 0.3 * 0.3 * 0.3 * 0.3, 1e-12); /* 0.0162 */
	assert_rel(di_gen_sign_min_p(8, 0.52), 2 * pow(0.48, 8), 1e-9);       /* 0.0056 */
	/* N = 60, p = 0.5: z at w = 60 is 30 / sqrt(15) */
	assert_rel(di_gen_sign_min_p(60, 0.5), p_norm(30 / sqrt(15.0)), 1e-6);
	assert_true(isnan(di_gen_sign_min_p(0, 0.5)));
	assert_true(isnan(di_gen_sign_min_p(4, 0.0)));
	assert_true(isnan(di_gen_sign_min_p(4, 1.0)));
}

static void wilcoxon_smallest_p(void **state)
{
	double z21;
	(void)state;
	/* of the 2^n sign patterns only all-plus and all-minus reach the
	 * largest |W+ - n(n+1)/4| */
	assert_rel(di_wilcoxon_min_p(4), 2.0 / 16, 1e-12);
	assert_rel(di_wilcoxon_min_p(5), 2.0 / 32, 1e-12);
	assert_rel(di_wilcoxon_min_p(20), 2.0 / 1048576, 1e-12);
	assert_rel(di_wilcoxon_min_p(1), 1.0, 1e-12);
	/* n = 21: W+ = 231, mean 115.5, var 21 * 22 * 43 / 24 = 827.75 */
	z21 = 115.5 / sqrt(827.75);
	assert_rel(di_wilcoxon_min_p(21), p_norm(z21), 1e-6);
	assert_true(isnan(di_wilcoxon_min_p(0)));
}

static void placebo_smallest_p(void **state)
{
	(void)state;
	/* no placebo date beats the real one: 1 / (1 + n) */
	assert_rel(di_placebo_min_p(19), 0.05, 1e-12);
	assert_rel(di_placebo_min_p(999), 0.001, 1e-12);
	assert_true(isnan(di_placebo_min_p(0)));
}

static void holm_worked_example(void **state)
{
	/* sorted: 0.005 x 4 = 0.02; 0.01 x 3 = 0.03; 0.03 x 2 = 0.06;
	 * 0.04 x 1 = 0.04, raised to 0.06 to keep the order */
	const double p[4] = {0.01, 0.04, 0.03, 0.005};
	double adj[4];
	(void)state;
	assert_int_equal(di_holm(p, 4, adj), 0);
	assert_rel(adj[0], 0.03, 1e-12);
	assert_rel(adj[1], 0.06, 1e-12);
	assert_rel(adj[2], 0.06, 1e-12);
	assert_rel(adj[3], 0.02, 1e-12);
}

static void holm_missing_ties_cap(void **state)
{
	/* NAN is outside the family: m = 2; 0.5 x 2 = 1, 0.6 x 1 -> 1 */
	const double p1[3] = {0.5, NAN, 0.6};
	/* ties: 0.02 x 3 = 0.06, 0.02 x 2 = 0.04 -> 0.06, 0.5 x 1 = 0.5 */
	const double p2[3] = {0.02, 0.5, 0.02};
	double adj[3];
	(void)state;
	assert_int_equal(di_holm(p1, 3, adj), 0);
	assert_rel(adj[0], 1.0, 1e-12);
	assert_true(isnan(adj[1]));
	assert_rel(adj[2], 1.0, 1e-12);
	assert_int_equal(di_holm(p2, 3, adj), 0);
	assert_rel(adj[0], 0.06, 1e-12);
	assert_rel(adj[1], 0.5, 1e-12);
	assert_rel(adj[2], 0.06, 1e-12);
	/* one p: unchanged; none: nothing to do */
	assert_int_equal(di_holm(p1, 1, adj), 0);
	assert_rel(adj[0], 0.5, 1e-12);
	assert_int_equal(di_holm(p1, 0, adj), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sign_smallest_p),
		cmocka_unit_test(gen_sign_smallest_p),
		cmocka_unit_test(wilcoxon_smallest_p),
		cmocka_unit_test(placebo_smallest_p),
		cmocka_unit_test(holm_worked_example),
		cmocka_unit_test(holm_missing_ties_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
