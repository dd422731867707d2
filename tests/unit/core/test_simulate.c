/*
 * test_simulate.c - the Wilson interval of simulate.csv's reject_05,
 * against the closed form (Wilson 1927) worked out step by step:
 *   p = k/n, z^2 = 3.8414588, centre = (p + z^2/2n) / (1 + z^2/n),
 *   half = z / (1 + z^2/n) sqrt(p (1 - p) / n + z^2 / 4n^2).
 *   k = 5, n = 100: centre 0.0666471, half 0.0451034 -> [0.0215437, 0.1117505].
 *   k = 0, n = 50: lo = 0, hi = (z^2/n) / (1 + z^2/n) = 0.0713 (centre = half).
 *   k = 20, n = 20: [0.8388748, 1].
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "simulate.h"

#define assert_close(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol))) \
			fail_msg("%s = %.10g, want %.10g", #got, g_, w_); \
	} while (0)

static void wilson_by_hand(void **state)
{
	double lo, hi, z2 = 1.959963984540054 * 1.959963984540054;
	(void)state;
	di_sim_wilson(5, 100, &lo, &hi);
	assert_close(lo, 0.0215437, 2e-7);
	assert_close(hi, 0.1117505, 2e-7);
	/* k = 0: lower bound 0, upper = 2 centre = (z^2/n) / (1 + z^2/n) */
	di_sim_wilson(0, 50, &lo, &hi);
	assert_close(lo, 0.0, 1e-15);
	assert_close(hi, (z2 / 50) / (1 + z2 / 50), 1e-12);
	/* k = n: symmetric to k = 0 */
	di_sim_wilson(20, 20, &lo, &hi);
	assert_close(lo, 1 - (z2 / 20) / (1 + z2 / 20), 1e-12);
	assert_close(hi, 1.0, 1e-15);
	di_sim_wilson(0, 0, &lo, &hi);
	assert_true(isnan(lo) && isnan(hi));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wilson_by_hand),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
