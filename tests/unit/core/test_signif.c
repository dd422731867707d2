/*
 * test_signif.c - the one significance rule of the summaries: the level,
 * which p a test value's mark rests on, when a shared day 0 withholds a
 * star, when a pooled block may be a headline, and the per-security SCAR
 * p against the closed form of Student's t with 1 and 2 degrees of freedom.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "run.h"
#include "signif.h"

#define PI 3.14159265358979323846

static di_test_value value(double p, double p_placebo, size_t n_placebo)
{
	di_test_value v = {.n = 4, .estimate = 0.01, .s = {2.0, 3.0, p}, .rbar = 0.5,
			   .p_placebo = p_placebo, .n_placebo = n_placebo};
	return v;
}

static void level(void **state)
{
	(void)state;
	assert_true(di_sig(0.0499));
	assert_false(di_sig(DI_SIG_LEVEL)); /* "p < 5%", strictly */
	assert_false(di_sig(0.2));
	assert_false(di_sig(NAN));
}

static void placebo_first(void **state)
{
	di_test_value nominal = value(0.02, NAN, 0), placebo = value(0.02, 0.08, 1000);
	di_test_value none = value(NAN, NAN, 0), no_trials = value(0.3, 0.01, 0);
	di_p_kind kind;
	(void)state;
	assert_true(di_test_p(&nominal, &kind) == 0.02);
	assert_int_equal(kind, DI_P_NOMINAL);
	assert_true(di_test_p(&placebo, &kind) == 0.08);
	assert_int_equal(kind, DI_P_PLACEBO);
	assert_true(isnan(di_test_p(&none, &kind)));
	assert_int_equal(kind, DI_P_NONE);
	/* a placebo p from no trial at all is not a placebo p */
	assert_true(di_test_p(&no_trials, NULL) == 0.3);
}

static void stars(void **state)
{
	di_block clustered = {0}, apart = {0};
	di_test_value nominal = value(0.01, NAN, 0), placebo_yes = value(0.3, 0.01, 999);
	di_test_value placebo_no = value(0.01, 0.2, 999);
	(void)state;
	clustered.clustered = 1;
	/* robust tests: the p decides, placebo first */
	assert_true(di_test_star(&clustered, DI_T_BW_CDA, &nominal));
	assert_true(di_test_star(&clustered, DI_T_BW_CDA, &placebo_yes));
	assert_false(di_test_star(&clustered, DI_T_BW_CDA, &placebo_no));
	/* sign, generalized sign, Wilcoxon, and the over-rejecting tests: in a
	 * clustered block only a placebo p earns the star */
	for (int t = 0; t < DI_NTESTS; t++) {
		int risky = t == DI_T_SIGN || t == DI_T_GEN_SIGN || t == DI_T_WILCOXON ||
			    t == DI_T_CSECT || t == DI_T_PATELL || t == DI_T_BMP ||
			    t == DI_T_SKEW_ADJ || t == DI_T_BHAR_SKEW_ADJ;
		assert_int_equal(di_test_shared_day0_risk(t) != DI_ROBUST, risky);
		assert_int_equal(di_test_star(&clustered, t, &nominal), !risky);
		assert_true(di_test_star(&clustered, t, &placebo_yes));
		assert_false(di_test_star(&clustered, t, &placebo_no));
		assert_true(di_test_star(&apart, t, &nominal));
	}
	assert_int_equal(di_test_shared_day0_risk(DI_T_SIGN), DI_NOT_ROBUST_SHARED_DAY0);
	assert_int_equal(di_test_shared_day0_risk(DI_T_BMP), DI_OVER_REJECTS_SHARED_DAY0);
}

static void pooling(void **state)
{
	(void)state;
	/* has_pos, has_neg, has_none */
	assert_int_equal(di_pool_verdict(0, 0, 1), DI_POOL_OK);       /* no sign given */
	assert_int_equal(di_pool_verdict(1, 0, 0), DI_POOL_OK);       /* all +1 */
	assert_int_equal(di_pool_verdict(0, 1, 0), DI_POOL_OK);       /* all -1 */
	assert_int_equal(di_pool_verdict(1, 1, 0), DI_POOL_OK);       /* all given: aligned */
	assert_int_equal(di_pool_verdict(1, 1, 1), DI_POOL_OPPOSITE); /* +1, -1 and unknown */
	assert_int_equal(di_pool_verdict(1, 0, 1), DI_POOL_PARTIAL);  /* +1 and unknown */
	assert_int_equal(di_pool_verdict(0, 1, 1), DI_POOL_PARTIAL);
}

static void scar_p(void **state)
{
	double scar[2] = {1.7, NAN};
	di_secev se = {0};
	(void)state;
	se.scar = scar;
	se.fit.d = 1; /* t(1): p = 1 - 2 atan|t| / pi */
	assert_true(fabs(di_secev_scar_p(&se, 0) - (1 - 2 * atan(1.7) / PI)) < 1e-12);
	se.fit.d = 2; /* t(2): p = 1 - |t| / sqrt(2 + t^2) */
	assert_true(fabs(di_secev_scar_p(&se, 0) - (1 - 1.7 / sqrt(2 + 1.7 * 1.7))) < 1e-12);
	assert_true(isnan(di_secev_scar_p(&se, 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(level),     cmocka_unit_test(placebo_first), cmocka_unit_test(stars),
		cmocka_unit_test(pooling),   cmocka_unit_test(scar_p),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
