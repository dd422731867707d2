/*
 * test_summary.c - the summary's claims on a study designed by hand: three
 * securities and a market over twelve trading days, two events (mean
 * model, estimation -5:-2, event window -1:1, CAR [0,1]). Checks the
 * engine's day-0 move against the designed returns, the Holm adjustment of
 * placebo p-values filled in by the test (the placebo run belongs to
 * another module), the smallest p of the sign test at N = 3, the pooling
 * verdict from expected_sign, and that summary.txt says all of it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <gsl/gsl_sf_gamma.h>

#include "report_run.h"
#include "signif.h"
#include "run_helper.h"

#define NS 4 /* A, B, C and the market M */
#define NR 11

/* R[i][k]: the return of series i on trading day k + 1 */
static const double R[NS][NR] = {
	{0.012, -0.008, 0.020, 0.004, 0.010, 0.031, -0.011, 0.005, -0.007, 0.022, 0.003},
	{0.001, 0.021, -0.017, 0.003, -0.006, 0.027, 0.012, -0.004, 0.009, -0.015, 0.006},
	{0.006, 0.016, -0.004, -0.010, 0.001, -0.019, 0.005, 0.013, -0.002, 0.018, -0.009},
	{0.002, -0.003, 0.004, 0.001, -0.002, 0.005, 0.003, -0.001, 0.002, -0.004, 0.001},
};

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_) + 1e-15)) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

static char dir[64];

static void write_inputs(void)
{
	static const char *dates[NR + 1] = {
		"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07", "2025-03-10",
		"2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14", "2025-03-17", "2025-03-18"};
	double p[NS] = {100, 50, 20, 1000};
	char path[128];
	FILE *f;
	strcpy(dir, "/tmp/di-summary-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/prices.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "Date,A,B,C,M\n");
	for (int t = 0; t <= NR; t++) {
		if (t)
			for (int i = 0; i < NS; i++)
				p[i] *= 1 + R[i][t - 1];
		fprintf(f, "%s,%.17g,%.17g,%.17g,%.17g\n", dates[t], p[0], p[1], p[2], p[3]);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/events.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "id,date,label,type\nfirst,2025-03-11,first news,up\n"
		   "second,2025-03-17,second news,down\n");
	fclose(f);
}

static di_run *run_study(di_study **sp, const char *tickers)
{
	const char *const kv[] = {"model", "mean", "market", "M", "tickers", tickers,
				  "estimation", "-5:-2", "event-window", "-1:1", "car", "0:1",
				  "min-estimation", "4", NULL};
	return th_run(sp, dir, "events.csv", kv);
}

static void cleanup(di_run *run, di_study *s)
{
	char path[128];
	di_run_free(run);
	di_study_free(s);
	snprintf(path, sizeof(path), "%s/prices.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/events.csv", dir);
	unlink(path);
	rmdir(dir);
}

/* The designed day-0 move of the event on trading day d0 (estimation on
 * days d0 - 5 .. d0 - 2): mean return, market return, mean AR of the mean
 * model (day-0 return minus the mean estimation return). */
static void designed_day0(int d0, double *r, double *m, double *aar)
{
	*r = *aar = 0;
	for (int i = 0; i < 3; i++) {
		double mu = 0;
		for (int t = d0 - 5; t <= d0 - 2; t++)
			mu += R[i][t - 1] / 4;
		*r += R[i][d0 - 1] / 3;
		*aar += (R[i][d0 - 1] - mu) / 3;
	}
	*m = R[3][d0 - 1];
}

static di_test_value *tv(di_run *run, size_t b, size_t k, int t)
{
	return &run->blocks[b].tests[k * DI_NTESTS + (size_t)t];
}

static char *summary(const di_run *run)
{
	FILE *f = tmpfile();
	di_rview *v;
	char *text;
	long len;
	assert_non_null(f);
	/* the view reads the run as the test left it */
	assert_int_equal(di_rview_new(run, &v), 0);
	assert_int_equal(di_report_run_text(v, f), 0);
	di_rview_free(v);
	len = ftell(f);
	rewind(f);
	text = calloc((size_t)len + 1, 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return text;
}

/* Sentences are wrapped: a line break and the indent that follows it read
 * as one space, so a phrase is found wherever the wrap falls. */
static void has(const char *text, const char *want)
{
	char *flat = malloc(strlen(text) + 1), *o = flat;
	assert_non_null(flat);
	for (const char *p = text; *p; p++) {
		if (*p == '\n' && p[1] == ' ') {
			while (p[1] == ' ')
				p++;
			*o++ = ' ';
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	if (!strstr(text, want) && !strstr(flat, want)) {
		free(flat);
		fail_msg("summary lacks \"%s\"", want);
	}
	free(flat);
}

/* blocks: 0 first, 1 second, 2 type:up, 3 type:down, 4 ALL */
static void day0_move_and_exact_limits(void **state)
{
	di_study *s;
	di_run *run;
	double r, m, aar;
	(void)state;
	write_inputs();
	run = run_study(&s, "A,B,C");
	assert_int_equal(run->nblocks, 5);
	designed_day0(6, &r, &m, &aar);
	assert_int_equal(run->blocks[0].day0_n, 3);
	assert_rel(run->blocks[0].day0_r, r, 1e-9);
	assert_rel(run->blocks[0].day0_m, m, 1e-9);
	assert_rel(run->blocks[0].day0_aar, aar, 1e-9);
	assert_true(run->blocks[0].day0_date == di_date_from_ymd(2025, 3, 11));
	designed_day0(10, &r, &m, &aar);
	assert_rel(run->blocks[1].day0_r, r, 1e-9);
	assert_rel(run->blocks[1].day0_m, m, 1e-9);
	assert_rel(run->blocks[1].day0_aar, aar, 1e-9);
	/* ALL: two day 0s */
	assert_true(run->blocks[4].day0_date == DI_NO_DATE);
	/* N = 3: sign 2 / 8, Wilcoxon 2 / 8; only bw_cda_t and friends get none */
	assert_rel(run->blocks[0].min_p[run->head_tw * DI_NTESTS + DI_T_SIGN], 0.25, 1e-12);
	assert_rel(run->blocks[0].min_p[run->head_tw * DI_NTESTS + DI_T_WILCOXON], 0.25, 1e-12);
	assert_true(isnan(run->blocks[0].min_p[run->head_tw * DI_NTESTS + DI_T_BW_CDA]));
	/* no placebo here: every p_placebo is NAN, Holm runs on the nominal p */
	assert_true(isnan(tv(run, 0, run->head_tw, DI_T_BW_CDA)->p_placebo));
	assert_int_equal(run->blocks[0].lead, DI_T_BW_CDA);
	assert_int_equal(run->blocks[4].pool, DI_POOL_OK);
	cleanup(run, s);
}

/* Placebo p-values filled by hand, as the placebo module will. */
static void placebo_holm_and_text(void **state)
{
	di_study *s;
	di_run *run;
	size_t h;
	char *text;
	(void)state;
	write_inputs();
	run = run_study(&s, "A,B,C");
	h = run->head_tw;
	tv(run, 0, h, DI_T_BW_CDA)->p_placebo = 0.01;
	tv(run, 0, h, DI_T_BW_CDA)->n_placebo = 999;
	tv(run, 1, h, DI_T_BW_CDA)->p_placebo = 0.04;
	tv(run, 1, h, DI_T_BW_CDA)->n_placebo = 999;
	tv(run, 0, h, DI_T_SIGN)->p_placebo = 0.001; /* a sign test's star, by placebo */
	tv(run, 0, h, DI_T_SIGN)->n_placebo = 999;
	tv(run, 0, (size_t)run->day0_tw, DI_T_BW_CDA)->p_placebo = 0.31;
	tv(run, 0, (size_t)run->day0_tw, DI_T_BW_CDA)->n_placebo = 999;
	/* +1 and an event without expected_sign: ALL is no headline */
	run->events->e[0].expected_sign = 1;
	assert_int_equal(di_headlines_compute(run), 0);
	/* Holm of (0.01, 0.04): 0.01 x 2 = 0.02, 0.04 x 1 = 0.04 */
	assert_rel(run->blocks[0].p_holm, 0.02, 1e-12);
	assert_rel(run->blocks[1].p_holm, 0.04, 1e-12);
	assert_true(isnan(run->blocks[4].p_holm));
	assert_int_equal(run->blocks[4].pool, DI_POOL_PARTIAL);
	assert_int_equal(run->blocks[2].pool, DI_POOL_OK);
	text = summary(run);
	has(text, "placebo p = 0.0100 *  Holm = 0.0200");
	has(text, "placebo p = 0.0400 *  Holm = 0.0400");
	has(text, "  ALL                        not a headline: it pools");
	has(text, "Not a headline: 1 of its 2 events has no expected_sign");
	has(text, "bw_cda_t = ");
	has(text, "placebo p = 0.0100 (999 placebo dates)");
	has(text, "significant at 5%, also after Holm's adjustment across the 2 events (p = 0.0200)");
	has(text, "On Tue 2025-03-11 the three stocks rose 1.30% on average and the market (M) rose "
		  "0.50%; the abnormal part, ");
	has(text, "is not unusual for these stocks (placebo p = 0.3100, 999 placebo dates).");
	has(text, "cannot reach 5% with N = 3 (smallest possible exact p 0.2500)");
	has(text, "not robust to a shared day 0");
	has(text, "Day 0: Tue 2025-03-11 for all 3 securities analysed.");
	/* the sign test's star rests on its placebo p despite N = 3 */
	has(text, "    sign_z ");
	{
		const char *row = strstr(text, "    sign_z ");
		const char *eol = strchr(row, '\n');
		const char *star = strstr(row, " *");
		assert_true(star && star < eol);
	}
	free(text);
	cleanup(run, s);
}

/* One security: the words agree with the count, and no test is no verdict. */
static void one_security(void **state)
{
	di_study *s;
	di_run *run;
	char *text;
	(void)state;
	write_inputs();
	run = run_study(&s, "B");
	text = summary(run);
	has(text, "On Tue 2025-03-11 B rose 2.70% and the market (M) rose 0.50%; the abnormal part, ");
	/* a lone security's lead test is bw_cda_t: bmp_t needs N >= 2 */
	assert_int_equal(run->blocks[0].lead, DI_T_BW_CDA);
	has(text, "has no placebo p (bw_cda_t, nominal p");
	has(text, "Day 0: Tue 2025-03-11 for the one security analysed.");
	has(text, "Headline: CAAR[0,1] = ");
	has(text, "; bw_cda_t = ");
	has(text, "Its row in the CAR table is marked by its own SCAR t-test (nominal p");
	has(text, "== ALL: 2 security-events");
	assert_null(strstr(text, "1 securities"));
	assert_null(strstr(text, "no test."));
	assert_null(strstr(text, "across the 0 events"));
	assert_null(strstr(text, "across the 1 events"));
	free(text);
	cleanup(run, s);
}

/* The day-0 table (derived.c): each security's return, the market's, the
 * normal and abnormal return and the p of its own day-0 t-test, checked
 * against ar.csv's values and a t-distribution p computed here; and the
 * glossary names every test. */
static void day0_table_and_glossary(void **state)
{
	di_study *s;
	di_run *run;
	char *text;
	(void)state;
	write_inputs();
	run = run_study(&s, "A,B,C");
	{
		const di_derived *dv = &run->derived[0];
		const di_secev *se = &run->se[run->blocks[0].se[1]];
		size_t j = (size_t)(-run->study->win.from);
		assert_int_equal(dv->n, 3);
		assert_rel(dv->m[1].d0_r, se->r[j], 1e-15);
		assert_rel(dv->m[1].d0_normal, se->r[j] - se->ar[j], 1e-12);
		assert_rel(dv->m[1].d0_ar, se->ar[j], 1e-15);
		/* two-sided t p by the regularized incomplete beta, computed by GSL
		 * another way: P(|T| > t) = I_{d/(d+t^2)}(d/2, 1/2) */
		{
			double t = se->sar[j], d = se->fit.d;
			assert_rel(dv->m[1].d0_p, gsl_sf_beta_inc(d / 2, 0.5, d / (d + t * t)), 1e-9);
		}
		/* the CAR path ends at the CAR of the whole window */
		assert_rel(dv->m[1].path[dv->m[1].len - 1], dv->m[1].final_car, 1e-15);
		assert_rel(dv->band[0], 1.96 * run->blocks[0].bw_S, 1e-12);
		/* the last day of the window, t = W2: 1.96 sqrt(W2 - W1 + 1) S */
		assert_true(run->nw >= 2);
		assert_rel(dv->band[run->nw - 1],
			   1.96 * sqrt((double)(run->study->win.to - run->study->win.from + 1)) *
				   run->blocks[0].bw_S,
			   1e-12);
		/* members by final CAR, highest first */
		assert_true(dv->m[dv->by_car[0]].final_car >= dv->m[dv->by_car[1]].final_car);
		assert_true(dv->m[dv->by_car[1]].final_car >= dv->m[dv->by_car[2]].final_car);
		/* alpha x L over the headline window [0,1]: two days of the intercept
		 * (market and factor models; the others have no alpha beside beta) */
		assert_int_equal(run->tw[run->head_tw].from, 0);
		assert_int_equal(run->tw[run->head_tw].to, 1);
		if (run->study->model == DI_MODEL_MARKET || run->study->model == DI_MODEL_FACTOR)
			assert_rel(dv->m[1].alpha_L, 2.0 * se->fit.theta[0], 1e-15);
		else
			assert_true(isnan(dv->m[1].alpha_L));
	}
	text = summary(run);
	has(text, "  security name");
	has(text, "return    market    normal   abnormal");
	has(text, "== Glossary");
	for (int t = 0; t < DI_NTESTS; t++) {
		char line[64];
		snprintf(line, sizeof(line), "\n  %s ", di_test_names[t]);
		has(text, line);
	}
	assert_null(strstr(text, "= <0.0001"));
	free(text);
	cleanup(run, s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day0_move_and_exact_limits),
		cmocka_unit_test(placebo_holm_and_text),
		cmocka_unit_test(one_security),
		cmocka_unit_test(day0_table_and_glossary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
