/*
 * test_blockstats.c - the cross-sectional tests of one event, worked by
 * hand on three securities whose returns are chosen by us (constant-mean
 * model, estimation -5:-2, event window -1:1): bw_cda_t, corrado_rank_z,
 * patell_z, bmp_t, csect_t, sign and generalized sign, Wilcoxon and the
 * portfolio test, on day 0 and on CAR[0,1]. The expected values are
 * computed here from the designed returns with the methodology's formulas,
 * written out step by step, not with the library's functions.
 *
 * Designed returns (relative days -5..1), residuals of the mean model:
 *   A: est .012 -.008 .020 .004 (mean .007; resid .005 -.015 .013 -.003)
 *      event .010 .031 -.011 (AR .003 .024 -.018)
 *   B: est .001 .021 -.017 .003 (mean .002; resid -.001 .019 -.019 .001)
 *      event -.006 .027 .012 (AR -.008 .025 .010)
 *   C: est .006 .016 -.004 -.010 (mean .002; resid .004 .014 -.006 -.012)
 *      event .001 -.019 .005 (AR -.001 -.021 .003)
 * Prices are built from these returns, so the tool's returns differ from
 * the designed ones by rounding only: tolerances are 1e-9 relative. The
 * prices and events are built in memory (defimpact/data.h): no files.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>

#include "run.h"
#include "signif.h"
#include "run_helper.h"

#define NS 3
#define NR 7 /* returns on relative days -5..1 */

static const double R[NS][NR] = {
	{0.012, -0.008, 0.020, 0.004, 0.010, 0.031, -0.011},
	{0.001, 0.021, -0.017, 0.003, -0.006, 0.027, 0.012},
	{0.006, 0.016, -0.004, -0.010, 0.001, -0.019, 0.005},
};

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_) + 1e-15)) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

/* The designed prices and the events of the cases, built in memory. */
static di_prices *prices;
static di_events *ev_plain, *ev_signed, *ev_mixed, *ev_mixed_signed;

/* 2025-03-03 (Mon) .. 2025-03-12: 8 trading days; the event is on the 7th */
static void build_inputs(void)
{
	static const char *const dates[8] = {"2025-03-03", "2025-03-04", "2025-03-05",
					     "2025-03-06", "2025-03-07", "2025-03-10",
					     "2025-03-11", "2025-03-12"};
	static const char *const names[NS] = {"A", "B", "C"};
	double p[NS][8];
	for (int i = 0; i < NS; i++) {
		p[i][0] = i == 0 ? 100 : i == 1 ? 50 : 20;
		for (int t = 1; t < 8; t++)
			p[i][t] = p[i][t - 1] * (1 + R[i][t - 1]);
	}
	assert_int_equal(di_prices_new(&prices), 0);
	for (int i = 0; i < NS; i++)
		assert_int_equal(di_prices_add_series(prices, names[i], dates, p[i], 8), 0);
	assert_int_equal(di_events_new(&ev_plain), 0);
	th_event(ev_plain, "ev", "2025-03-11", "designed event", NULL, NULL);
	/* the same event expected to lower prices, in a type of its own */
	assert_int_equal(di_events_new(&ev_signed), 0);
	th_event(ev_signed, "ev", "2025-03-11", "designed event", "peace", "-1");
	/* two kinds of news a day apart, without signs, then with opposite ones */
	assert_int_equal(di_events_new(&ev_mixed), 0);
	th_event(ev_mixed, "ev", "2025-03-11", "one", "peace", NULL);
	th_event(ev_mixed, "ev2", "2025-03-12", "two", "war", NULL);
	assert_int_equal(di_events_new(&ev_mixed_signed), 0);
	th_event(ev_mixed_signed, "ev", "2025-03-11", "one", "peace", "-1");
	th_event(ev_mixed_signed, "ev2", "2025-03-12", "two", "war", "+1");
}

static void free_inputs(void)
{
	di_events_free(ev_plain);
	di_events_free(ev_signed);
	di_events_free(ev_mixed);
	di_events_free(ev_mixed_signed);
	di_prices_free(prices);
}

/* events: one of the event lists; tickers and controls NULL for the
 * default (every series treated, no controls). */
static di_run *run_study_with(di_study **sp, const di_events *events, const char *tickers,
			      const char *controls)
{
	const char *const kv[] = {"tickers", tickers, "controls", controls, "model", "mean",
				  "estimation", "-5:-2", "event-window", "-1:1", "car", "0:1",
				  "min-estimation", "4", NULL};
	return th_run_mem(sp, prices, events, kv);
}

static di_run *run_study(di_study **sp)
{
	return run_study_with(sp, ev_plain, NULL, NULL);
}

static double mean(const double *x, int n)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += x[i];
	return s / n;
}

/* The residuals (estimation) and ARs (event) of the designed returns. */
static void designed(double resid[NS][4], double ar[NS][3], double s2[NS])
{
	for (int i = 0; i < NS; i++) {
		double m = mean(R[i], 4), ss = 0;
		for (int t = 0; t < 4; t++) {
			resid[i][t] = R[i][t] - m;
			ss += resid[i][t] * resid[i][t];
		}
		s2[i] = ss / 3; /* d = L1 - 1 */
		for (int t = 0; t < 3; t++)
			ar[i][t] = R[i][4 + t] - m;
	}
}

static const di_test_value *find_in(const di_run *run, size_t block, int from, int to, int test)
{
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].from == from && run->tw[k].to == to)
			return &run->blocks[block].tests[k * DI_NTESTS + test];
	fail_msg("window %d:%d not found", from, to);
	return NULL;
}

static const di_test_value *find(const di_run *run, int from, int to, int test)
{
	return find_in(run, 0, from, to, test);
}

static void day0_and_window(void **state)
{
	double resid[NS][4], ar[NS][3], s2[NS], aar_est[4], S, x0[NS], x01[NS];
	double U[NS][7], D[7], S_c, pz, pr[7], pmean, ps2 = 0;
	di_study *s;
	di_run *run;
	(void)state;
	run = run_study(&s);
	designed(resid, ar, s2);
	assert_int_equal(run->nblocks, 2); /* the event, ALL */
	assert_int_equal(run->blocks[0].n, 3);

	for (int i = 0; i < NS; i++) {
		x0[i] = ar[i][1];
		x01[i] = ar[i][1] + ar[i][2];
	}
	/* estimate: AAR_0 = (.024 + .025 - .021) / 3 */
	assert_rel(find(run, 0, 0, DI_T_CSECT)->estimate, 0.028 / 3, 1e-9);

	/* bw_cda_t: AAR_t of the residuals = (.008 .018 -.012 -.014) / 3, mean
	 * 0, S^2 = (.008^2 + .018^2 + .012^2 + .014^2) / 9 / 3 = .000728 / 27 */
	for (int t = 0; t < 4; t++)
		aar_est[t] = (resid[0][t] + resid[1][t] + resid[2][t]) / 3;
	S = 0;
	for (int t = 0; t < 4; t++)
		S += (aar_est[t] - mean(aar_est, 4)) * (aar_est[t] - mean(aar_est, 4));
	S = sqrt(S / 3);
	assert_rel(S, sqrt(0.000728 / 27), 1e-9);
	assert_rel(find(run, 0, 0, DI_T_BW_CDA)->s.stat, mean(x0, 3) / S, 1e-9);
	assert_rel(find(run, 0, 0, DI_T_BW_CDA)->s.df, 3, 0);
	assert_rel(find(run, 0, 1, DI_T_BW_CDA)->s.stat, mean(x01, 3) / (sqrt(2) * S), 1e-9);

	/* Patell: SAR_0 = AR / (s sqrt(1 + 1/4)), d = 3, d/(d-2) = 3 */
	pz = 0;
	for (int i = 0; i < NS; i++)
		pz += x0[i] / sqrt(s2[i] * 1.25);
	assert_rel(find(run, 0, 0, DI_T_PATELL)->s.stat, pz / sqrt(9), 1e-9);
	/* CAR[0,1]: Var = s^2 (2 + 4/4) for the mean model */
	pz = 0;
	for (int i = 0; i < NS; i++)
		pz += x01[i] / sqrt(s2[i] * 3);
	assert_rel(find(run, 0, 1, DI_T_PATELL)->s.stat, pz / 3, 1e-9);

	/* Corrado: per security, ranks of its 7 values (4 residuals, 3 ARs),
	 * no ties by design. A: .005 -.015 .013 -.003 | .003 .024 -.018 ->
	 * ranks 5 2 6 3 | 4 7 1; B: -.001 .019 -.019 .001 | -.008 .025 .010 ->
	 * 3 6 1 4 | 2 7 5; C: .004 .014 -.006 -.012 | -.001 -.021 .003 ->
	 * 6 7 3 2 | 4 1 5. U = rank / 8 - 1/2. */
	{
		static const int rank[NS][7] = {
			{5, 2, 6, 3, 4, 7, 1}, {3, 6, 1, 4, 2, 7, 5}, {6, 7, 3, 2, 4, 1, 5}};
		double ss = 0;
		for (int t = 0; t < 7; t++) {
			D[t] = 0;
			for (int i = 0; i < NS; i++) {
				U[i][t] = rank[i][t] / 8.0 - 0.5;
				D[t] += U[i][t];
			}
			ss += D[t] * D[t] / 3;
		}
		S_c = sqrt(ss / 7);
		/* day 0 is the 6th relative day (-5 .. 1) */
		assert_rel(find(run, 0, 0, DI_T_CORRADO)->s.stat, D[5] / sqrt(3) / S_c, 1e-9);
		assert_rel(find(run, 0, 1, DI_T_CORRADO)->s.stat,
			   (D[5] / sqrt(3) + D[6] / sqrt(3)) / (sqrt(2) * S_c), 1e-9);
	}

	/* sign: w = 2 of 3 (A, B); z = .5 / sqrt(.75); exact p: P(W >= 2) = .5,
	 * P(W <= 2) = .875 -> 1. gen sign: every security has 2 of 4 positive
	 * residuals, p = .5: same numbers. */
	assert_rel(find(run, 0, 0, DI_T_SIGN)->s.stat, 0.5 / sqrt(0.75), 1e-12);
	assert_rel(find(run, 0, 0, DI_T_SIGN)->s.p, 1.0, 1e-12);
	assert_rel(find(run, 0, 0, DI_T_GEN_SIGN)->s.stat, 0.5 / sqrt(0.75), 1e-12);

	/* Wilcoxon on X = .024 .025 -.021: |X| ranks 2 3 1, W+ = 5, mu = 3,
	 * var = 3*4*7/24 = 3.5; exact: subset sums of {1,2,3} with
	 * |2s - 6| >= 4 are 0 1 5 6: p = 4/8 */
	assert_rel(find(run, 0, 0, DI_T_WILCOXON)->s.stat, 2 / sqrt(3.5), 1e-12);
	assert_rel(find(run, 0, 0, DI_T_WILCOXON)->s.p, 0.5, 1e-12);

	/* csect_t and bmp_t: the t of the mean */
	assert_rel(find(run, 0, 0, DI_T_CSECT)->s.stat,
		   mean(x0, 3) / (sqrt(((x0[0] - mean(x0, 3)) * (x0[0] - mean(x0, 3)) +
					(x0[1] - mean(x0, 3)) * (x0[1] - mean(x0, 3)) +
					(x0[2] - mean(x0, 3)) * (x0[2] - mean(x0, 3))) /
				       2) /
				  sqrt(3)),
		   1e-9);

	/* portfolio: the mean return of the three each day; constant-mean fit
	 * over the 4 estimation days (d = 3), SAR_0 = AR_p / (s_p sqrt(1.25)) */
	for (int t = 0; t < 7; t++)
		pr[t] = (R[0][t] + R[1][t] + R[2][t]) / 3;
	pmean = mean(pr, 4);
	for (int t = 0; t < 4; t++)
		ps2 += (pr[t] - pmean) * (pr[t] - pmean);
	ps2 /= 3;
	assert_rel(find(run, 0, 0, DI_T_PORTFOLIO)->s.stat, (pr[5] - pmean) / sqrt(ps2 * 1.25),
		   1e-9);
	assert_rel(find(run, 0, 0, DI_T_PORTFOLIO)->s.df, 3, 0);
	assert_rel(find(run, 0, 1, DI_T_PORTFOLIO)->s.stat,
		   (pr[5] + pr[6] - 2 * pmean) / sqrt(ps2 * 3), 1e-9);

	/* rbar needs 30 shared estimation dates: none here, so rbar and the
	 * Kolari-Pynnonen tests are empty (pinned detail 8) */
	assert_true(isnan(find(run, 0, 0, DI_T_CSECT)->rbar));
	assert_true(isnan(find(run, 0, 0, DI_T_BMP_KP)->s.stat));
	assert_true(isnan(find(run, 0, 0, DI_T_PATELL_KP)->s.stat));

	di_run_free(run);
	di_study_free(s);
}


static double sd_of(const double *x, int n)
{
	double m = mean(x, n), ss = 0;
	for (int i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (n - 1));
}

/* Rank of v[j] among v[0..n), ties averaged: 1 + #less + #other ties / 2. */
static double naive_rank(const double *v, int n, int j)
{
	double less = 0, eq = 0;
	for (int k = 0; k < n; k++) {
		less += v[k] < v[j];
		eq += v[k] == v[j];
	}
	return less + (eq + 1) / 2;
}

/* grank_t and gsign_z of the designed event, from the contract's formula
 * written out: 5 points per security (4 estimation SARs, resid / (s
 * sqrt(1.25)) as C_t = 1 + 1/L1 for the mean model, and Z_i / sd(Z)),
 * ranks U = rank / 6 - 1/2, signs about each security's median (the 3rd
 * of its 5 points), all N_t = N = 3, T = 5. */
static void generalized_expected(const double *Z, double resid[NS][4], const double *s2,
				 double *grank, double *gsign)
{
	double g[NS][5], Ubar[5] = {0}, Gbar[5] = {0}, sdz = sd_of(Z, NS), SU = 0, SG = 0, z;
	for (int i = 0; i < NS; i++) {
		double srt[5], med;
		for (int t = 0; t < 4; t++)
			g[i][t] = resid[i][t] / sqrt(s2[i] * 1.25);
		g[i][4] = Z[i] / sdz;
		memcpy(srt, g[i], sizeof(srt));
		for (int a = 0; a < 5; a++) /* insertion sort of 5 */
			for (int b = a; b > 0 && srt[b] < srt[b - 1]; b--) {
				double tmp = srt[b];
				srt[b] = srt[b - 1];
				srt[b - 1] = tmp;
			}
		med = srt[2];
		for (int t = 0; t < 5; t++) {
			Ubar[t] += (naive_rank(g[i], 5, t) / 6 - 0.5) / NS;
			Gbar[t] += (g[i][t] > med ? 1.0 : g[i][t] < med ? -1.0 : 0.0) / NS;
		}
	}
	for (int t = 0; t < 5; t++) {
		SU += Ubar[t] * Ubar[t] / 5;
		SG += Gbar[t] * Gbar[t] / 5;
	}
	z = Ubar[4] / sqrt(SU);
	*grank = z * sqrt(3 / (4 - z * z));
	*gsign = Gbar[4] / sqrt(SG);
}

static double skew_expected(const double *x, int n)
{
	double m = mean(x, n), sd = sd_of(x, n), g = 0, S = m / sd;
	for (int i = 0; i < n; i++)
		g += pow(x[i] - m, 3);
	g /= n * pow(sd, 3);
	return sqrt(n) * (S + g * S * S / 3 + g / (6.0 * n));
}

/* The four tests added after the battery, on day 0 and CAR[0,1]. */
static void new_tests(void **state)
{
	double resid[NS][4], ar[NS][3], s2[NS], Z0[NS], Z01[NS], x0[NS], x01[NS], b01[NS];
	double gr, gs;
	di_study *s;
	di_run *run;
	(void)state;
	run = run_study(&s);
	designed(resid, ar, s2);
	for (int i = 0; i < NS; i++) {
		double m = mean(R[i], 4);
		x0[i] = ar[i][1];
		x01[i] = ar[i][1] + ar[i][2];
		Z0[i] = x0[i] / sqrt(s2[i] * 1.25);
		Z01[i] = x01[i] / sqrt(s2[i] * 3); /* Var CAR = s^2 (2 + 4/4) */
		b01[i] = (1 + R[i][5]) * (1 + R[i][6]) - (1 + m) * (1 + m);
	}
	generalized_expected(Z0, resid, s2, &gr, &gs);
	assert_rel(find(run, 0, 0, DI_T_GRANK)->s.stat, gr, 1e-9);
	assert_rel(find(run, 0, 0, DI_T_GRANK)->s.df, 3, 0);
	assert_rel(find(run, 0, 0, DI_T_GSIGN)->s.stat, gs, 1e-9);
	generalized_expected(Z01, resid, s2, &gr, &gs);
	assert_rel(find(run, 0, 1, DI_T_GRANK)->s.stat, gr, 1e-9);
	assert_rel(find(run, 0, 1, DI_T_GSIGN)->s.stat, gs, 1e-9);

	assert_rel(find(run, 0, 0, DI_T_SKEW_ADJ)->s.stat, skew_expected(x0, NS), 1e-9);
	assert_rel(find(run, 0, 1, DI_T_SKEW_ADJ)->s.stat, skew_expected(x01, NS), 1e-9);
	assert_rel(find(run, 0, 1, DI_T_SKEW_ADJ)->s.df, 2, 0);
	/* one day: BHAR = (1 + R) - (1 + normal) = AR */
	assert_rel(find(run, 0, 0, DI_T_BHAR_SKEW_ADJ)->s.stat, skew_expected(x0, NS), 1e-9);
	assert_rel(find(run, 0, 1, DI_T_BHAR_SKEW_ADJ)->s.stat, skew_expected(b01, NS), 1e-9);
	assert_rel(find(run, 0, 1, DI_T_BHAR_SKEW_ADJ)->estimate, mean(b01, NS), 1e-9);
	/* no controls: dcaar_t is not computed */
	assert_true(isnan(find(run, 0, 0, DI_T_DCAAR)->s.stat));
	di_run_free(run);
	di_study_free(s);
}

/* expected_sign -1: the event block is not aligned; the type and ALL
 * blocks hold the same single event multiplied by -1, so every AAR,
 * estimate and statistic changes sign (ranks reverse, medians flip, the
 * portfolio's fit flips with its return). */
static void sign_aligned(void **state)
{
	di_study *s, *s0;
	di_run *run, *plain;
	(void)state;
	run = run_study_with(&s, ev_signed, NULL, NULL);
	plain = run_study(&s0);
	assert_int_equal(run->nblocks, 3); /* ev, type:peace, ALL */
	assert_false(run->blocks[0].aligned);
	assert_true(run->blocks[1].aligned && run->blocks[2].aligned);
	for (int d = 0; d < 3; d++) {
		assert_rel(run->blocks[0].aar[d], plain->blocks[0].aar[d], 1e-15);
		assert_rel(run->blocks[1].aar[d], -plain->blocks[0].aar[d], 1e-15);
	}
	for (size_t k = 0; k < run->ntw; k++)
		for (int t = 0; t < DI_T_DCAAR; t++) {
			const di_test_value *a = &run->blocks[2].tests[k * DI_NTESTS + t];
			const di_test_value *e = &run->blocks[0].tests[k * DI_NTESTS + t];
			const di_test_value *p = &plain->blocks[0].tests[k * DI_NTESTS + t];
			assert_rel(a->estimate, -p->estimate, 1e-12);
			if (isnan(p->s.stat)) {
				assert_true(isnan(a->s.stat) && isnan(e->s.stat));
				continue;
			}
			assert_rel(e->s.stat, p->s.stat, 1e-15);
			if (!(fabs(a->s.stat + p->s.stat) <= 1e-9 * fabs(p->s.stat)))
				fail_msg("%s window %zu: aligned %.17g, plain %.17g", di_test_names[t], k,
					 a->s.stat, p->s.stat);
		}
	di_run_free(run);
	di_study_free(s);
	di_run_free(plain);
	di_study_free(s0);
}

/* A and B treated, C the control. Blocks hold A and B only; dcaar_t of the
 * event: dCAAR = mean X over A, B - X of C; S_d = sd over the 4 estimation
 * days of (mean residual of A, B - residual of C), df 3; a window divides
 * by sqrt(L) too. The pooled ALL block has no dcaar_t. */
static void controls(void **state)
{
	double resid[NS][4], ar[NS][3], s2[NS], dd[4], Sd, d0, d01;
	di_study *s;
	di_run *run;
	(void)state;
	run = run_study_with(&s, ev_plain, "A,B", "C");
	designed(resid, ar, s2);
	assert_int_equal(run->nse, 3);
	assert_int_equal(run->ntreated, 2);
	assert_int_equal(run->blocks[0].n, 2);
	assert_int_equal(run->blocks[1].n, 2);
	for (int t = 0; t < 4; t++)
		dd[t] = (resid[0][t] + resid[1][t]) / 2 - resid[2][t];
	Sd = sd_of(dd, 4);
	d0 = (ar[0][1] + ar[1][1]) / 2 - ar[2][1];
	d01 = (ar[0][1] + ar[0][2] + ar[1][1] + ar[1][2]) / 2 - (ar[2][1] + ar[2][2]);
	assert_rel(find(run, 0, 0, DI_T_DCAAR)->estimate, d0, 1e-9);
	assert_rel(find(run, 0, 0, DI_T_DCAAR)->s.stat, d0 / Sd, 1e-9);
	assert_rel(find(run, 0, 0, DI_T_DCAAR)->s.df, 3, 0);
	assert_int_equal(find(run, 0, 0, DI_T_DCAAR)->n, 2);
	assert_rel(find(run, 0, 1, DI_T_DCAAR)->s.stat, d01 / (sqrt(2) * Sd), 1e-9);
	/* the treated tests do not see C: csect_t's estimate is A and B's */
	assert_rel(find(run, 0, 0, DI_T_CSECT)->estimate, (ar[0][1] + ar[1][1]) / 2, 1e-9);
	assert_true(isnan(find_in(run, 1, 0, 0, DI_T_DCAAR)->s.stat));
	di_run_free(run);
	di_study_free(s);
}

/* N = 1 (A alone, B its control): the generalized and skewness tests need
 * N >= 2 and are empty without a df; dcaar_t does not (one treated CAR minus
 * one control CAR over S_d from 4 days). */
static void one_security(void **state)
{
	double resid[NS][4], ar[NS][3], s2[NS], dd[4];
	di_study *s;
	di_run *run;
	(void)state;
	run = run_study_with(&s, ev_plain, "A", "B");
	designed(resid, ar, s2);
	for (int t = DI_T_GRANK; t <= DI_T_BHAR_SKEW_ADJ; t++) {
		const di_test_value *v = find(run, 0, 0, t);
		assert_int_equal(v->n, 1);
		assert_true(isnan(v->s.stat) && isnan(v->s.p) && isnan(v->s.df));
	}
	for (int t = 0; t < 4; t++)
		dd[t] = resid[0][t] - resid[1][t];
	assert_rel(find(run, 0, 1, DI_T_DCAAR)->s.stat,
		   (ar[0][1] + ar[0][2] - ar[1][1] - ar[1][2]) / (sqrt(2) * sd_of(dd, 4)), 1e-9);
	di_run_free(run);
	di_study_free(s);
}

/* Headlines (the contract's pooling rule, di_pool_verdict): without any
 * expected_sign every pooled block may lead (no sign is "the same sign"),
 * unaligned; with both signs given ALL is aligned and leads. The mixed
 * cases (+1 with unsigned events) are in test_signif.c. */
static void headline_blocks(void **state)
{
	di_study *s;
	di_run *run;
	(void)state;
	run = run_study_with(&s, ev_mixed, NULL, NULL);
	assert_int_equal(run->nblocks, 5); /* ev, ev2, type:peace, type:war, ALL */
	assert_string_equal(run->blocks[4].id, "ALL");
	assert_true(run->blocks[0].pool == DI_POOL_OK && run->blocks[2].pool == DI_POOL_OK &&
		    run->blocks[3].pool == DI_POOL_OK && run->blocks[4].pool == DI_POOL_OK);
	assert_false(run->blocks[4].aligned);
	di_run_free(run);
	di_study_free(s);
	run = run_study_with(&s, ev_mixed_signed, NULL, NULL);
	assert_true(run->blocks[4].pool == DI_POOL_OK && run->blocks[4].aligned);
	di_run_free(run);
	di_study_free(s);
}

static int setup(void **state)
{
	(void)state;
	build_inputs();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free_inputs();
	return 0;
}

/* --- rbar: zero-weight pairs and the 30-date rule --------------------
 *
 * Four securities on 130 weekdays from Mon 2024-01-01 (D only from the
 * 31st), pseudo-random returns with a common part; model mean, estimation
 * -40:-2, event window -1:1, CAR[0,1]. Events on days 60, 61 (windows
 * overlapping by one date in CAR[0,1], none on a single day) and 120 (no
 * shared estimation date with the others: its pairs with them have w = 0
 * and count 0 without a correlation). D has 28 or 29 estimation dates, so
 * its pairs with w > 0 are skipped (fewer than 30 shared dates). rbar is
 * recomputed here from the definition, pair by pair, with two-pass
 * Pearson correlations on the shared estimation dates. */

#define RS 4
#define RD 130
#define RE 3
static const int ev_day[RE] = {60, 61, 120};
static const int first_day[RS] = {0, 0, 0, 30};

static double rret[RS][RD]; /* rret[i][t]: return from day t-1 to t */
static di_prices *rprices; /* the rbar case's own data */
static di_events *revents;

static void rbar_inputs(void)
{
	static const char *const names[RS] = {"A", "B", "C", "D"};
	static char day[RD][11];
	const char *dates[RD];
	double p[RS][RD], level[RS] = {100, 50, 20, 70};
	unsigned long long seed = 12345;
	di_date d0 = di_date_from_ymd(2024, 1, 1);
	for (int t = 0; t < RD; t++) {
		double u[RS + 1];
		for (int k = 0; k <= RS; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			u[k] = (double)(seed >> 11) / 9007199254740992.0 - 0.5;
		}
		for (int i = 0; i < RS; i++)
			rret[i][t] = 0.02 * u[i] + 0.015 * u[RS] * (1 + 0.3 * i);
	}
	for (int t = 0; t < RD; t++) {
		di_date_format(d0 + (t / 5) * 7 + t % 5, day[t]);
		dates[t] = day[t];
		for (int i = 0; i < RS; i++) {
			if (t > first_day[i])
				level[i] *= 1 + rret[i][t];
			/* NaN: no price that day (D starts on day 30) */
			p[i][t] = t >= first_day[i] ? level[i] : NAN;
		}
	}
	assert_int_equal(di_prices_new(&rprices), 0);
	for (int i = 0; i < RS; i++)
		assert_int_equal(di_prices_add_series(rprices, names[i], dates, p[i], RD), 0);
	assert_int_equal(di_events_new(&revents), 0);
	for (int e = 0; e < RE; e++) {
		char id[8], label[16];
		snprintf(id, sizeof(id), "e%d", e);
		snprintf(label, sizeof(label), "event %d", e);
		th_event(revents, id, day[ev_day[e]], label, NULL, NULL);
	}
}

/* Pearson over the estimation days both security-events have. */
static double hand_rho(int ia, int ea, int ib, int eb, int *nshared)
{
	double xa[RD], xb[RD], ma = 0, mb = 0, ra[RD], rb[RD], sab = 0, saa = 0, sbb = 0;
	int n = 0;
	/* the mean model's residuals: R less its estimation mean */
	for (int k = 0; k < 2; k++) {
		int i = k ? ib : ia, e = k ? eb : ea, cnt = 0;
		double *res = k ? rb : ra, m = 0;
		for (int t = 0; t < RD; t++)
			res[t] = NAN;
		for (int t = ev_day[e] - 40; t <= ev_day[e] - 2; t++)
			if (t > first_day[i]) {
				m += rret[i][t];
				cnt++;
			}
		for (int t = ev_day[e] - 40; t <= ev_day[e] - 2; t++)
			if (t > first_day[i])
				res[t] = rret[i][t] - m / cnt;
	}
	for (int t = 0; t < RD; t++)
		if (!isnan(ra[t]) && !isnan(rb[t])) {
			xa[n] = ra[t];
			xb[n++] = rb[t];
		}
	*nshared = n;
	if (n < 2)
		return NAN;
	ma = mean(xa, n);
	mb = mean(xb, n);
	for (int k = 0; k < n; k++) {
		sab += (xa[k] - ma) * (xb[k] - mb);
		saa += (xa[k] - ma) * (xa[k] - ma);
		sbb += (xb[k] - mb) * (xb[k] - mb);
	}
	return sab / sqrt(saa * sbb);
}

/* rbar of the window [t1, t2] over the security-events of events
 * elo..ehi, from the definition. */
static double hand_rbar(int t1, int t2, int elo, int ehi)
{
	double num = 0;
	int den = 0;
	for (int a = 0; a < RS * RE; a++)
		for (int b = a + 1; b < RS * RE; b++) {
			int ia = a % RS, ea = a / RS, ib = b % RS, eb = b / RS, shared = 0, n;
			double r;
			if (ea < elo || ea > ehi || eb < elo || eb > ehi)
				continue;
			/* every day is a trading day of both here: AR days are dates */
			for (int t = t1; t <= t2; t++)
				shared += ev_day[ea] + t >= ev_day[eb] + t1 && ev_day[ea] + t <= ev_day[eb] + t2;
			if (!shared) {
				den++; /* w = 0: counts 0, no correlation needed */
				continue;
			}
			r = hand_rho(ia, ea, ib, eb, &n);
			if (n < 30)
				continue;
			num += r * shared / (t2 - t1 + 1);
			den++;
		}
	return den ? num / den : NAN;
}

static double run_rbar(const di_run *run, const char *block, int from, int to)
{
	for (size_t b = 0; b < run->nblocks; b++)
		if (!strcmp(run->blocks[b].id, block))
			for (size_t k = 0; k < run->ntw; k++)
				if (run->tw[k].from == from && run->tw[k].to == to)
					return run->blocks[b].tests[k * DI_NTESTS + DI_T_BMP_KP].rbar;
	fail_msg("block %s window %d:%d not found", block, from, to);
	return NAN;
}

static void rbar_pairs(void **state)
{
	const char *const kv[] = {"model", "mean", "estimation", "-40:-2", "event-window", "-1:1",
				  "car", "0:1", "min-estimation", "4", NULL};
	di_study *s;
	di_run *run;
	int n;
	(void)state;
	rbar_inputs();
	/* the design does what the comment says */
	hand_rho(0, 0, 1, 1, &n);
	assert_int_equal(n, 38);
	hand_rho(0, 0, 3, 0, &n);
	assert_int_equal(n, 28);
	hand_rho(0, 0, 1, 2, &n);
	assert_int_equal(n, 0);
	assert_true(hand_rbar(0, 1, 0, 2) != hand_rbar(0, 1, 0, 1));

	run = th_run_mem(&s, rprices, revents, kv);
	assert_int_equal(run->nse, RS * RE);
	for (int t = -1; t <= 1; t++) {
		assert_rel(run_rbar(run, "ALL", t, t), hand_rbar(t, t, 0, 2), 1e-9);
		assert_rel(run_rbar(run, "e0", t, t), hand_rbar(t, t, 0, 0), 1e-9);
		assert_rel(run_rbar(run, "e2", t, t), hand_rbar(t, t, 2, 2), 1e-9);
	}
	assert_rel(run_rbar(run, "ALL", 0, 1), hand_rbar(0, 1, 0, 2), 1e-9);
	assert_rel(run_rbar(run, "e1", 0, 1), hand_rbar(0, 1, 1, 1), 1e-9);
	di_run_free(run);
	di_study_free(s);
	di_events_free(revents);
	di_prices_free(rprices);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(day0_and_window),
					   cmocka_unit_test(rbar_pairs),
					   cmocka_unit_test(new_tests),
					   cmocka_unit_test(sign_aligned),
					   cmocka_unit_test(controls),
					   cmocka_unit_test(one_security),
					   cmocka_unit_test(headline_blocks)};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, setup, teardown);
}
