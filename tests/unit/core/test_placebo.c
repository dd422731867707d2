/*
 * test_placebo.c - the placebo-date rule and p_placebo, on a case small
 * enough to enumerate by hand: three securities A, B, C on 16 weekdays
 * D0..D15 (2025-03-03 .. 2025-03-24), C without a price on D8; model mean,
 * estimation -5:-2 (min 4), event window -1:1; one event on D12.
 *
 * Candidates (methodology, "Placebo p-values"; day 0 = first date on or
 * after d). A and B need day-0 index z with z - 5 >= 1 (four usable
 * estimation returns: index 0 has no return) and z + 1 <= 15: D6..D14.
 * C's index of D_j is j up to D7 and j - 1 from D9; D8 maps to D9 (index
 * 8); its z must lie in 6..13, which again allows D6..D14. The real event
 * window spans D11..D13 (A, B: D11-D13; C: day 0 D12, window D11-D13).
 * Placebo spans: D6 -> D5..D7, D7 -> D6..D9 (C's window skips D8),
 * D8 -> D7..D10 (C on D9), D9 -> D7..D10, D10 -> D9..D11 (hits D11),
 * D11..D14 all hit. So the candidates are D6, D7, D8, D9.
 *
 * p_placebo of csect_t on day 0 is then worked out here from the prices:
 * each candidate's ARs from the mean model, csect_t, and the count of
 * |T*| >= |T|; with --placebo 2 the two dates drawn by mt19937 (seed 1)
 * through gsl_rng_uniform_int, as the docs state.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "placebo.h"
#include "run_helper.h"

#define ND 16
static const char *dates[ND] = {"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06",
				"2025-03-07", "2025-03-10", "2025-03-11", "2025-03-12",
				"2025-03-13", "2025-03-14", "2025-03-17", "2025-03-18",
				"2025-03-19", "2025-03-20", "2025-03-21", "2025-03-24"};
static double P[3][ND]; /* prices (C: NAN on D8) */
static char dir[64];

static void write_inputs(void)
{
	char path[128];
	FILE *f;
	strcpy(dir, "/tmp/di-placebo-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 3; i++) {
		P[i][0] = 100.0 + 10 * i;
		for (int t = 1; t < ND; t++)
			P[i][t] = P[i][t - 1] * (1 + 0.01 * sin(1.3 * t + 2.0 * i) + 0.002 * i);
	}
	snprintf(path, sizeof(path), "%s/prices.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "Date,A,B,C\n");
	for (int t = 0; t < ND; t++) {
		fprintf(f, "%s,%.17g,%.17g,", dates[t], P[0][t], P[1][t]);
		if (t == 8)
			fprintf(f, "\n");
		else
			fprintf(f, "%.17g\n", P[2][t]);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/events.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "id,date,label\nev,2025-03-19,designed event\n");
	fclose(f);
}

static di_run *run_study(di_study **sp, const char *placebo, const char *seed)
{
	const char *const kv[] = {"model", "mean", "estimation", "-5:-2", "event-window", "-1:1",
				  "car", "0:1", "min-estimation", "4", "placebo", placebo,
				  "seed", seed, "jobs", "2", NULL};
	return th_run(sp, dir, "events.csv", kv);
}

/* The series index (its own calendar) of the first date on or after D_j. */
static int index_of(int sec, int j)
{
	if (sec < 2 || j <= 7)
		return j;
	return j - 1; /* C: D8 is missing, D9 has index 8 */
}

static double ret(int sec, int z)
{
	/* C's index z >= 8 is D_{z+1}; its return at index 8 spans D7 -> D9 */
	int t = sec < 2 || z <= 7 ? z : z + 1, tp = sec < 2 || z - 1 <= 7 ? z - 1 : z;
	return P[sec][t] / P[sec][tp] - 1;
}

/* csect_t on day 0 with every security's day 0 the first date on or after D_j. */
static double csect_day0(int j)
{
	double x[3], m = 0, ss = 0;
	for (int i = 0; i < 3; i++) {
		int z = index_of(i, j);
		double mu = 0;
		if (i == 2 && j == 8)
			z = 8; /* D8 -> C's first date on or after is D9 */
		for (int k = z - 5; k <= z - 2; k++)
			mu += ret(i, k) / 4;
		x[i] = ret(i, z) - mu;
		m += x[i] / 3;
	}
	for (int i = 0; i < 3; i++)
		ss += (x[i] - m) * (x[i] - m);
	return m / (sqrt(ss / 2) / sqrt(3));
}

static const di_test_value *find(const di_run *run, int from, int to, int test)
{
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].from == from && run->tw[k].to == to)
			return &run->blocks[0].tests[k * DI_NTESTS + test];
	fail_msg("window %d:%d not found", from, to);
	return NULL;
}

static void candidates_by_hand(void **state)
{
	di_study *s;
	di_run *run;
	di_trial_env env;
	di_date *cand, want;
	size_t nc, tick[3] = {0, 1, 2}, one = 2;
	(void)state;
	run = run_study(&s, "0", "1");
	assert_int_equal(di_trial_env_init(&env, run), 0);
	assert_int_equal(di_candidates(&env, tick, 3, &cand, &nc), 0);
	assert_int_equal(nc, 4);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(di_date_parse(dates[6 + k], 10, &want), 0);
		assert_int_equal(cand[k], want);
	}
	free(cand);
	/* C alone: its own calendar only (D8 is not one of its dates) */
	assert_int_equal(di_candidates(&env, &one, 1, &cand, &nc), 0);
	assert_int_equal(nc, 3); /* D6, D7, D9: D10 -> window D9..D11 hits */
	free(cand);
	di_trial_env_dispose(&env);
	/* --placebo 0: both columns empty */
	assert_true(isnan(find(run, 0, 0, DI_T_CSECT)->p_placebo));
	assert_int_equal(find(run, 0, 0, DI_T_CSECT)->n_placebo, 0);
	di_run_free(run);
	di_study_free(s);
}

static void pvalue_all_candidates(void **state)
{
	di_study *s;
	di_run *run;
	const di_test_value *v;
	double T = csect_day0(12);
	int hits = 0;
	(void)state;
	run = run_study(&s, "10", "1");
	v = find(run, 0, 0, DI_T_CSECT);
	assert_true(fabs(v->s.stat - T) <= 1e-9 * fabs(T));
	for (int j = 6; j <= 9; j++)
		hits += fabs(csect_day0(j)) >= fabs(T);
	assert_int_equal(run->plc_ncand[0], 4);
	assert_int_equal(v->n_placebo, 4);
	assert_true(fabs(v->p_placebo - (1.0 + hits) / 5.0) < 1e-15);
	/* rbar needs 30 shared estimation dates for a pair that shares a
	 * window date: the real _kp tests are empty, so they have no placebo
	 * p. A trial may still have one: where C's placebo window shares no
	 * date with A's and B's, those pairs count 0 without a correlation
	 * (the revised rbar), and that trial counts */
	v = find(run, 0, 0, DI_T_PATELL_KP);
	assert_true(isnan(v->s.stat));
	assert_true(isnan(v->p_placebo));
	assert_true(v->n_placebo <= 4);
	di_run_free(run);
	di_study_free(s);
}

/* --placebo 2 of 4 candidates: the first two of a partial Fisher-Yates
 * shuffle driven by gsl_rng_uniform_int on mt19937 seeded with --seed. */
static void pvalue_drawn(void **state)
{
	const unsigned long seeds[2] = {1, 7};
	(void)state;
	for (int q = 0; q < 2; q++) {
		char sb[16];
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		int idx[4] = {6, 7, 8, 9}, hits = 0;
		double T = csect_day0(12);
		di_study *s;
		di_run *run;
		const di_test_value *v;
		gsl_rng_set(r, seeds[q]);
		for (int k = 0; k < 2; k++) {
			int j = k + (int)gsl_rng_uniform_int(r, (unsigned long)(4 - k)), t = idx[k];
			idx[k] = idx[j];
			idx[j] = t;
			hits += fabs(csect_day0(idx[k])) >= fabs(T);
		}
		gsl_rng_free(r);
		snprintf(sb, sizeof(sb), "%lu", seeds[q]);
		run = run_study(&s, "2", sb);
		v = find(run, 0, 0, DI_T_CSECT);
		assert_int_equal(v->n_placebo, 2);
		assert_true(fabs(v->p_placebo - (1.0 + hits) / 3.0) < 1e-15);
		di_run_free(run);
		di_study_free(s);
	}
}

static void extreme_tolerance(void **state)
{
	(void)state;
	/* a placebo date that reproduces the statistic counts as extreme */
	assert_true(di_placebo_extreme(2.0 * (1 - 1e-13), 2.0));
	assert_true(di_placebo_extreme(-2.5, 2.0));
	assert_false(di_placebo_extreme(1.999, 2.0));
	assert_false(di_placebo_extreme(-1.999, -2.0));
	/* a statistic that is 0 up to rounding: every trial counts, whatever
	 * the sign and size of its own noise */
	assert_true(di_placebo_extreme(8.3e-17, -1.66e-16));
	assert_true(di_placebo_extreme(0.0, 1e-13));
	assert_false(di_placebo_extreme(0.0, 1e-9));
}

/* Trials turn p-values off in their thread: the statistic is the same,
 * the p-value NAN, and turning them back on restores it. */
static void pvalues_switch(void **state)
{
	const double x[5] = {0.3, -0.1, 0.4, 0.2, 0.25};
	di_stat on, off, again;
	(void)state;
	on = di_test_mean_t(x, 5);
	di_stats_pvalues(0);
	off = di_test_mean_t(x, 5);
	assert_true(isnan(di_p_binomial(1, 8, 0.5)));
	di_stats_pvalues(1);
	again = di_test_mean_t(x, 5);
	assert_true(fabs(off.stat - on.stat) <= 1e-15 * fabs(on.stat) && isnan(off.p));
	assert_true(on.p > 0 && fabs(again.p - on.p) <= 1e-15 * on.p);
	assert_true(fabs(di_p_binomial(1, 8, 0.5) - 2 * 9.0 / 256) < 1e-12);
}

static int cleanup(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* di_secev_est_sample_full (a trial's sample when its estimation window
 * is full) takes the rows di_secev_est_sample takes, bit for bit, in
 * every model: for each security-event and each day 0 whose window has
 * every row usable (C's gap on D8 leaves some out). */
static void check_full_samples(const char *const *kv)
{
	di_study *s;
	di_run *run = th_run(&s, dir, "events.csv", kv);
	di_trial_slots ts = {0};
	size_t kk = run->kx ? (size_t)run->kx : 1, nest = 6, checked = 0;
	assert_int_equal(di_trial_slots_init(&ts, run, 2 * run->nse), 0);
	for (size_t i = 0; i < run->nse; i++) {
		assert_int_equal(di_trial_slots_add(&ts, &run->se[i]), 0);
		assert_int_equal(di_trial_slots_add(&ts, &run->se[i]), 0);
	}
	for (size_t i = 0; i < run->nse; i++) {
		di_secev *a = &ts.se[2 * i], *b = &ts.se[2 * i + 1];
		for (long z = 7; z < (long)a->ret->n; z++) {
			a->day0 = b->day0 = z;
			di_secev_est_sample(&ts.run, b, SIZE_MAX);
			if (b->n_est != nest)
				continue;
			di_secev_est_sample_full(&ts.run, a);
			assert_int_equal(a->n_est, nest);
			assert_memory_equal(a->est_y, b->est_y, nest * sizeof(double));
			assert_memory_equal(a->est_x, b->est_x, nest * kk * sizeof(double));
			assert_memory_equal(a->est_rel, b->est_rel, nest * sizeof(int));
			assert_memory_equal(a->est_date, b->est_date, nest * sizeof(di_date));
			checked++;
		}
	}
	assert_true(checked >= 2 * run->nse);
	di_trial_slots_dispose(&ts);
	di_run_free(run);
	di_study_free(s);
}

static void full_samples(void **state)
{
	/* six estimation rows: the factor model's k + 3 */
#define EST "estimation", "-7:-2", "event-window", "-1:1", "min-estimation", "6"
	const char *const mean[] = {"model", "mean", EST, NULL};
	const char *const market[] = {"model", "market", "market", "A", EST, NULL};
	const char *const madj[] = {"model", "market-adjusted", "market", "A", EST, NULL};
	const char *const factor[] = {"market", "A", "factor", "B", EST, NULL};
#undef EST
	(void)state;
	check_full_samples(mean);
	check_full_samples(market);
	check_full_samples(madj);
	check_full_samples(factor);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(candidates_by_hand),
		cmocka_unit_test(pvalue_all_candidates),
		cmocka_unit_test(pvalue_drawn),
		cmocka_unit_test(extreme_tolerance),
		cmocka_unit_test(pvalues_switch),
		cmocka_unit_test(full_samples),
	};
	gsl_set_error_handler_off();
	write_inputs();
	return cmocka_run_group_tests(tests, NULL, cleanup);
}
