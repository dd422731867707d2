/*
 * test_rbar.c - the fast rbar paths (rbar.c: the sum identity over an
 * event's members on one calendar, pairs counted by arithmetic when their
 * windows share no date, correlations cached across blocks) against the
 * pairwise path, on random data with gaps: 40 securities on 420 weekdays
 * with a common factor; 12 of them lose random dates (so they leave their
 * event's identity group for the pairwise path), one has a constant stretch
 * (no spread in one estimation window); events overlap in pairs (cross-
 * event pairs with 1..4 shared dates), one has only 22 estimation returns
 * (its group has no correlation: fewer than 30 dates), one is alone in its
 * type (that type block is a copy of the event block). Every block and
 * window must agree to 1e-12 relative, NAN for NAN; and the identity must
 * actually be used (else the comparison proves nothing). The pairwise path
 * itself is checked against the definition in test_blockstats.c.
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

#include "rbar.h"
#include "run.h"
#include "run_helper.h"

#define NS 40
#define ND 420
#define NE 7

static char dir[64];

static double unif(unsigned long long *seed)
{
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*seed >> 11) / 9007199254740992.0;
}

static void write_inputs(void)
{
	static const int ev_day[NE] = {25, 120, 122, 250, 254, 330, 400};
	static const char *const ev_type[NE] = {"a", "a", "b", "b", "a", "c", "b"};
	char path[128];
	double p[NS + 1];
	unsigned long long seed = 2026;
	di_date d0 = di_date_from_ymd(2020, 1, 6);
	FILE *f;
	strcpy(dir, "/tmp/di-rbar-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/prices.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "Date");
	for (int i = 0; i < NS; i++)
		fprintf(f, ",S%02d", i);
	fprintf(f, ",MKT\n");
	for (int i = 0; i <= NS; i++)
		p[i] = 50 + i;
	for (int t = 0; t < ND; t++) {
		char d[11];
		double m = 0.01 * (unif(&seed) - 0.5), c = 0.012 * (unif(&seed) - 0.5);
		di_date_format(d0 + (t / 5) * 7 + t % 5, d);
		fprintf(f, "%s", d);
		for (int i = 0; i < NS; i++) {
			double r = 0.0002 + (0.6 + 0.02 * i) * m + c + 0.015 * (unif(&seed) - 0.5);
			if (i == 7 && t > 280 && t < 300)
				r = 0; /* a constant stretch */
			p[i] *= 1 + r;
			/* gaps: securities 0..11 lose about 2% of their dates */
			if (i < 12 && unif(&seed) < 0.02)
				fprintf(f, ",");
			else
				fprintf(f, ",%.17g", p[i]);
		}
		p[NS] *= 1 + m;
		fprintf(f, ",%.17g\n", p[NS]);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/events.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "id,date,label,type\n");
	for (int e = 0; e < NE; e++) {
		char d[11];
		di_date_format(d0 + (ev_day[e] / 5) * 7 + ev_day[e] % 5, d);
		fprintf(f, "e%d,%s,event %d,%s\n", e, d, e, ev_type[e]);
	}
	fclose(f);
}

static di_run *run_study(di_study **sp)
{
	const char *const kv[] = {"market", "MKT", "estimation", "-80:-6", "event-window", "-5:5",
				  "car", "0:1,-2:2,-5:5", "min-estimation", "15", NULL};
	return th_run(sp, dir, "events.csv", kv);
}

static void fast_equals_pairwise(void **state)
{
	di_study *s;
	di_run *run;
	di_rbar *pair, *fast, *tiny;
	double *a, *b, *c;
	size_t compared = 0;
	(void)state;
	write_inputs();
	run = run_study(&s);
	assert_int_equal(di_rbar_new(&pair, run, SIZE_MAX, NULL), 0);
	assert_int_equal(di_rbar_new(&fast, run, DI_RBAR_IDENTITY_MIN, NULL), 0);
	assert_int_equal(di_rbar_new(&tiny, run, 2, NULL), 0);
	assert_int_equal(di_rbar_identity_members(pair), 0);
	/* 27 complete securities with a spread in every event but e5 (S07's
	 * flat stretch), in each of the 7 events */
	assert_true(di_rbar_identity_members(fast) >= 6 * 27);
	assert_true(di_rbar_identity_members(tiny) >= di_rbar_identity_members(fast));
	a = calloc(run->ntw, sizeof(double));
	b = calloc(run->ntw, sizeof(double));
	c = calloc(run->ntw, sizeof(double));
	for (size_t k = 0; k < run->nblocks; k++) {
		assert_int_equal(di_rbar_block(pair, &run->blocks[k], a), 0);
		assert_int_equal(di_rbar_block(fast, &run->blocks[k], b), 0);
		assert_int_equal(di_rbar_block(tiny, &run->blocks[k], c), 0);
		for (size_t q = 0; q < run->ntw; q++) {
			if (isnan(a[q])) {
				if (!isnan(b[q]) || !isnan(c[q]))
					fail_msg("%s window %zu: pairwise empty, fast %g / %g",
						 run->blocks[k].id, q, b[q], c[q]);
				continue;
			}
			if (!(fabs(b[q] - a[q]) <= 1e-12 * fabs(a[q])) ||
			    !(fabs(c[q] - a[q]) <= 1e-12 * fabs(a[q])))
				fail_msg("%s window %zu: pairwise %.17g, fast %.17g, tiny groups %.17g",
					 run->blocks[k].id, q, a[q], b[q], c[q]);
			compared++;
		}
		/* what the run reports is the fast path's */
		for (size_t q = 0; q < run->ntw; q++)
			if (!isnan(b[q]) && run->blocks[k].tests[q * DI_NTESTS].n >= 2)
				assert_true(fabs(run->blocks[k].tests[q * DI_NTESTS].rbar - b[q]) <=
					    1e-12 * fabs(b[q]));
	}
	/* e0 has 22 estimation returns: its group's rbar is empty */
	assert_int_equal(di_rbar_block(fast, &run->blocks[0], b), 0);
	assert_true(isnan(b[5]));
	assert_true(compared > 100);
	free(a);
	free(b);
	free(c);
	di_rbar_free(pair);
	di_rbar_free(fast);
	di_rbar_free(tiny);
	di_run_free(run);
	di_study_free(s);
	{
		char path[128];
		snprintf(path, sizeof(path), "%s/prices.csv", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/events.csv", dir);
		unlink(path);
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(fast_equals_pairwise)};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
