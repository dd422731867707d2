/*
 * test_claims.c - claims over a horizon (docs/moves.md, "Claims over a
 * horizon"): each qualifier at its tolerance edges, just inside and just
 * outside (a relative step of 1e-9 either side of the edge), each verdict,
 * negative claims mirrored, and the path, peak, trough and buy and hold
 * on a hand series:
 *
 *   date    03-03  03-04  03-05  03-06  03-07  03-10
 *   S       100    110     99    120     90    105
 *   B        50     51     49     52     50     53
 *
 * since 03-04, report date 03-11 (no close): from 03-03 (100) to 03-10
 * (105): actual +5%, peak +20% (03-06), trough -10% (03-07); B's buy and
 * hold 53/50 - 1 = +6%, so BHAR = -1%.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "claims.h"
#include "prices.h"

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_) + 1e-15)) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

#define IN 1e-9 /* relative step across an edge */

static di_verdict v_of(double claim, di_qualifier q, double actual)
{
	/* a path that never left the actual: no "held" */
	return di_claim_verdict(claim, q, actual, actual > 0 ? actual : 0, actual < 0 ? actual : 0);
}

static void qualifiers(void **state)
{
	di_qualifier q = DI_QUAL_NEARLY;
	(void)state;
	assert_int_equal(di_qualifier_parse("", 0, &q), 0);
	assert_int_equal(q, DI_QUAL_NONE);
	assert_int_equal(di_qualifier_parse("nearly", 6, &q), 0);
	assert_int_equal(q, DI_QUAL_NEARLY);
	assert_int_equal(di_qualifier_parse("About", 5, &q), 0);
	assert_int_equal(q, DI_QUAL_ABOUT);
	assert_int_equal(di_qualifier_parse("more than", 9, &q), 0);
	assert_int_equal(q, DI_QUAL_MORE_THAN);
	assert_int_equal(di_qualifier_parse("AT LEAST", 8, &q), 0);
	assert_int_equal(q, DI_QUAL_AT_LEAST);
	assert_int_equal(di_qualifier_parse("roughly", 7, &q), -1);
	assert_int_equal(di_qualifier_parse("more  than", 10, &q), -1);
	assert_int_equal(di_qualifier_parse("nearl", 5, &q), -1);
	assert_string_equal(di_qualifier_name(DI_QUAL_MORE_THAN), "more than");
	assert_string_equal(di_qualifier_name(DI_QUAL_NONE), "");
	assert_string_equal(di_verdict_name(DI_VERDICT_HELD_PEAK), "held at the peak");
	assert_string_equal(di_verdict_name(DI_VERDICT_HELD_TROUGH), "held at the trough");
	assert_string_equal(di_verdict_name(DI_VERDICT_NONE), "");
}

/* nearly 20%: [17%, 20%] */
static void nearly_edges(void **state)
{
	(void)state;
	assert_int_equal(v_of(0.20, DI_QUAL_NEARLY, 0.17 * (1 + IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(0.20, DI_QUAL_NEARLY, 0.17 * (1 - IN)), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(0.20, DI_QUAL_NEARLY, 0.20 * (1 - IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(0.20, DI_QUAL_NEARLY, 0.20 * (1 + IN)), DI_VERDICT_UNDERSTATED);
	/* a fall, mirrored: "fell nearly 20%" accepts -17% .. -20% */
	assert_int_equal(v_of(-0.20, DI_QUAL_NEARLY, -0.17 * (1 + IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(-0.20, DI_QUAL_NEARLY, -0.17 * (1 - IN)), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(-0.20, DI_QUAL_NEARLY, -0.20 * (1 - IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(-0.20, DI_QUAL_NEARLY, -0.20 * (1 + IN)), DI_VERDICT_UNDERSTATED);
	/* a rise against a claimed fall overstates it */
	assert_int_equal(v_of(-0.20, DI_QUAL_NEARLY, 0.05), DI_VERDICT_OVERSTATED);
}

/* about 20% and a bare 20%: [18%, 22%] */
static void about_and_bare_edges(void **state)
{
	static const di_qualifier q[2] = {DI_QUAL_ABOUT, DI_QUAL_NONE};
	(void)state;
	for (int k = 0; k < 2; k++) {
		assert_int_equal(v_of(0.20, q[k], 0.18 * (1 + IN)), DI_VERDICT_CONSISTENT);
		assert_int_equal(v_of(0.20, q[k], 0.18 * (1 - IN)), DI_VERDICT_OVERSTATED);
		assert_int_equal(v_of(0.20, q[k], 0.22 * (1 - IN)), DI_VERDICT_CONSISTENT);
		assert_int_equal(v_of(0.20, q[k], 0.22 * (1 + IN)), DI_VERDICT_UNDERSTATED);
		assert_int_equal(v_of(-0.20, q[k], -0.18 * (1 + IN)), DI_VERDICT_CONSISTENT);
		assert_int_equal(v_of(-0.20, q[k], -0.18 * (1 - IN)), DI_VERDICT_OVERSTATED);
		assert_int_equal(v_of(-0.20, q[k], -0.22 * (1 - IN)), DI_VERDICT_CONSISTENT);
		assert_int_equal(v_of(-0.20, q[k], -0.22 * (1 + IN)), DI_VERDICT_UNDERSTATED);
	}
}

/* more than 20%: (20%, inf); at least 20%: [20%, inf); never understated */
static void more_than_and_at_least_edges(void **state)
{
	(void)state;
	assert_int_equal(v_of(0.20, DI_QUAL_MORE_THAN, 0.20 * (1 + IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(0.20, DI_QUAL_MORE_THAN, 0.20), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(0.20, DI_QUAL_MORE_THAN, 50.0), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(0.20, DI_QUAL_AT_LEAST, 0.20), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(0.20, DI_QUAL_AT_LEAST, 0.20 * (1 - IN)), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(0.20, DI_QUAL_AT_LEAST, 50.0), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(-0.20, DI_QUAL_MORE_THAN, -0.20 * (1 + IN)), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(-0.20, DI_QUAL_MORE_THAN, -0.20), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(-0.20, DI_QUAL_AT_LEAST, -0.20), DI_VERDICT_CONSISTENT);
	assert_int_equal(v_of(-0.20, DI_QUAL_AT_LEAST, -0.20 * (1 - IN)), DI_VERDICT_OVERSTATED);
	assert_int_equal(v_of(-0.20, DI_QUAL_AT_LEAST, -0.90), DI_VERDICT_CONSISTENT);
}

/* held at the peak / trough: short now, the extreme reached the band */
static void held(void **state)
{
	(void)state;
	/* the shipped case: nearly +2000%, actual +1559%, peak +2062% */
	assert_int_equal(di_claim_verdict(20.0, DI_QUAL_NEARLY, 15.59, 20.62, 0.03),
			 DI_VERDICT_HELD_PEAK);
	/* the peak just at and just short of 0.85 X */
	assert_int_equal(di_claim_verdict(20.0, DI_QUAL_NEARLY, 15.59, 17.0 * (1 + IN), 0.03),
			 DI_VERDICT_HELD_PEAK);
	assert_int_equal(di_claim_verdict(20.0, DI_QUAL_NEARLY, 15.59, 17.0 * (1 - IN), 0.03),
			 DI_VERDICT_OVERSTATED);
	/* a fall: the trough is its extreme; the peak does not count */
	assert_int_equal(di_claim_verdict(-0.01, DI_QUAL_AT_LEAST, 0.0067, 0.0219, -0.0544),
			 DI_VERDICT_HELD_TROUGH);
	assert_int_equal(di_claim_verdict(-0.01, DI_QUAL_AT_LEAST, 0.0067, 0.0219,
					  -0.01 * (1 - IN)),
			 DI_VERDICT_OVERSTATED);
	assert_int_equal(di_claim_verdict(-0.01, DI_QUAL_AT_LEAST, 0.0067, 0.0219, -0.01),
			 DI_VERDICT_HELD_TROUGH);
	/* a rise claim is not "held" at its trough */
	assert_int_equal(di_claim_verdict(0.20, DI_QUAL_ABOUT, 0.05, 0.10, -0.20),
			 DI_VERDICT_OVERSTATED);
	/* beyond the band: understated, whatever the path did */
	assert_int_equal(di_claim_verdict(0.20, DI_QUAL_NEARLY, 0.30, 0.35, 0.18),
			 DI_VERDICT_UNDERSTATED);
	/* no figures, no verdict */
	assert_int_equal(di_claim_verdict(0.20, DI_QUAL_NEARLY, NAN, NAN, NAN), DI_VERDICT_NONE);
}

static di_date D(int m, int d)
{
	return di_date_from_ymd(2025, m, d);
}

static void path_and_bhar(void **state)
{
	di_date dates[6] = {D(3, 3), D(3, 4), D(3, 5), D(3, 6), D(3, 7), D(3, 10)};
	double ps[6] = {100, 110, 99, 120, 90, 105}, pb[6] = {50, 51, 49, 52, 50, 53};
	di_date bdates[4] = {D(3, 3), D(3, 5), D(3, 7), D(3, 11)};
	double pb2[4] = {50, 49, 50, 60};
	di_series s = {.ticker = "S", .n = 6, .date = dates, .price = ps};
	di_series b = {.ticker = "B", .n = 6, .date = dates, .price = pb};
	di_series b2 = {.ticker = "B2", .n = 4, .date = bdates, .price = pb2};
	di_claim_path p;
	double gs = 1, gb = 1;
	(void)state;
	assert_int_equal(di_claim_path_of(&s, D(3, 4), D(3, 11), &p), 0);
	assert_int_equal(p.from, 0);
	assert_int_equal(p.to, 5);
	assert_rel(p.actual, 0.05, 1e-12);
	assert_rel(p.peak, 0.20, 1e-12);
	assert_int_equal(p.peak_at, 3);
	assert_rel(p.trough, -0.10, 1e-12);
	assert_int_equal(p.trough_at, 4);
	/* BHAR as the product of the daily simple returns */
	for (int t = 1; t < 6; t++) {
		gs *= 1 + (ps[t] - ps[t - 1]) / ps[t - 1];
		gb *= 1 + (pb[t] - pb[t - 1]) / pb[t - 1];
	}
	assert_rel(p.actual - di_buy_hold(&b, D(3, 3), D(3, 10)), gs - gb, 1e-12);
	assert_rel(p.actual - di_buy_hold(&b, D(3, 3), D(3, 10)), -0.01, 1e-9);
	/* another calendar: from its last close on or before 03-03 to its
	 * last close on or before 03-10 (03-07): 50 -> 50 */
	assert_rel(di_buy_hold(&b2, D(3, 3), D(3, 10)), 0.0, 1e-15);
	assert_true(isnan(di_buy_hold(&b2, D(3, 2), D(3, 10))));
	/* since on a trading day: from the close before it */
	assert_int_equal(di_claim_path_of(&s, D(3, 6), D(3, 7), &p), 0);
	assert_int_equal(p.from, 2);
	assert_int_equal(p.to, 4);
	assert_rel(p.actual, 90.0 / 99.0 - 1, 1e-12);
	assert_rel(p.peak, 120.0 / 99.0 - 1, 1e-12);
	assert_rel(p.trough, 90.0 / 99.0 - 1, 1e-12);
	/* since = the report date: one close-to-close move */
	assert_int_equal(di_claim_path_of(&s, D(3, 10), D(3, 10), &p), 0);
	assert_rel(p.actual, 105.0 / 90.0 - 1, 1e-12);
	assert_rel(p.peak, p.actual, 1e-15);
	assert_rel(p.trough, p.actual, 1e-15);
	/* no close before since; no close in [since, end] */
	assert_int_equal(di_claim_path_of(&s, D(3, 3), D(3, 10), &p), -1);
	assert_int_equal(di_claim_path_of(&s, D(3, 11), D(3, 12), &p), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qualifiers),
		cmocka_unit_test(nearly_edges),
		cmocka_unit_test(about_and_bare_edges),
		cmocka_unit_test(more_than_and_at_least_edges),
		cmocka_unit_test(held),
		cmocka_unit_test(path_and_bhar),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
