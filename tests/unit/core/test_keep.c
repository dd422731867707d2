/*
 * test_keep.c - a run that keeps only the closes around its events (keep.h)
 * gives the report of the run that keeps them all, byte for byte, with the
 * same warnings in the same order, or the same error. A wide file of over
 * 1 MiB is read on threads (--jobs 2), where the plan applies; --jobs 1
 * reads it on one thread, which keeps every close: the reference. Each
 * case also checks which way the run went: trimmed, or made again in full
 * because a window reached past what was kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defimpact/defimpact.h"
#include "error.h"
#include "run.h"

#define TH_TMP_PREFIX "/tmp/di_test_keep_"
#include "tmp_helper.h"

#define NS 300   /* securities S000.. */
#define NR 520   /* weekdays from 2010-01-04 */
#define E1 300   /* the events' rows */
#define E2 450
#define E3 400

/* What a file holds beyond the common case. */
enum {
	F_LONG_GAP = 1,  /* S003 misses 150 rows before its event: past the plan */
	F_WILD = 2,      /* S005 has a close of 1e-200 far from its events */
	F_NOT_FINITE = 4 /* S006: 1e-300 then 1e300, a return that overflows */
};

static di_date row_date(size_t r)
{
	di_date d;
	assert_int_equal(di_date_parse("2010-01-04", 10, &d), 0);
	return d + (di_date)(r / 5 * 7 + r % 5);
}

/* The cell of security j (NS: the market) on row r, "" for none. */
static void cell(char *out, size_t j, size_t r, unsigned flags, const double *level)
{
	int missing = (j == 1 && r >= 250 && r < 256) ||   /* inside S001's kept rows */
		      (j == 2 && r >= 20 && r < 41) ||     /* outside S002's */
		      (j == 4 && r >= 295 && r < 316) ||   /* no day 0 for S004 at E1 */
		      (j == NS && r == 260) ||             /* a market gap */
		      ((flags & F_LONG_GAP) && j == 3 && r >= 140 && r < 290);
	if (missing)
		out[0] = '\0';
	else if ((flags & F_WILD) && j == 5 && r == 10)
		strcpy(out, "1e-200");
	else if ((flags & F_NOT_FINITE) && j == 6 && (r == 10 || r == 11))
		strcpy(out, r == 10 ? "1e-300" : "1e300");
	else
		snprintf(out, 32, "%.4f", level[j]);
}

static void write_prices(unsigned flags)
{
	static double level[NS + 1];
	FILE *f = fopen(th_tmp_path("prices.csv"), "w");
	unsigned long long x = 12345;
	char c[32], d[11];
	assert_non_null(f);
	fputs("Date", f);
	for (size_t j = 0; j < NS; j++)
		fprintf(f, ",S%03zu", j);
	fputs(",MKT\n", f);
	for (size_t j = 0; j <= NS; j++)
		level[j] = 50 + (double)(j % 17);
	for (size_t r = 0; r < NR; r++) {
		double m = 0;
		di_date_format(row_date(r), d);
		fputs(d, f);
		for (size_t j = 0; j <= NS; j++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			m = j == 0 ? ((double)(x >> 40) / 16777216.0 - 0.5) * 0.02 : m;
			level[j] *= 1 + m * (j == NS ? 1 : 0.8) +
				    ((double)(x >> 40) / 16777216.0 - 0.5) * 0.03;
			cell(c, j, r, flags, level);
			fprintf(f, ",%s", c);
		}
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
}

static void write_events(void)
{
	FILE *f = fopen(th_tmp_path("events.csv"), "w");
	char d[11];
	assert_non_null(f);
	fputs("id,date,label,tickers\n", f);
	di_date_format(row_date(E1), d);
	fprintf(f, "e1,%s,first,", d);
	for (int j = 0; j < 50; j++)
		fprintf(f, "%sS%03d", j ? " " : "", j);
	di_date_format(row_date(E2), d);
	fprintf(f, "\ne2,%s,second,", d);
	for (int j = 30; j < 81; j++)
		fprintf(f, "%sS%03d", j > 30 ? " " : "", j);
	di_date_format(row_date(E3), d);
	fprintf(f, "\ne3,%s,every security,\n", d);
	assert_int_equal(fclose(f), 0);
}

typedef struct warnings {
	char text[1 << 16];
	size_t len;
} warnings;

static void on_warning(const char *message, void *payload)
{
	warnings *w = payload;
	w->len += (size_t)snprintf(w->text + w->len, sizeof(w->text) - w->len, "%s\n", message);
	assert_true(w->len < sizeof(w->text));
}

/* The run of the files at --jobs jobs: 0 with *out, or the code with the
 * message in err. */
static int make_run(const char *jobs, warnings *w, di_study **sp, di_run **out, char *err)
{
	char prices[512], events[512];
	const char *const kv[] = {"prices", prices, "events", events,
				  "market", "MKT", "estimation", "-120:-11", "event-window", "-5:5",
				  "car", "-1:1", "min-estimation", "60", "placebo", "0",
				  "formats", "csv,text", "jobs", jobs, "out", "/nonexistent", NULL};
	int rc;
	snprintf(prices, sizeof(prices), "%s", th_tmp_path("prices.csv"));
	snprintf(events, sizeof(events), "%s", th_tmp_path("events.csv"));
	assert_int_equal(di_study_new(sp, DI_CMD_RUN), 0);
	di_study_set_warning_handler(*sp, on_warning, w);
	for (size_t i = 0; kv[i]; i += 2)
		assert_int_equal(di_study_set(*sp, kv[i], kv[i + 1]), 0);
	assert_int_equal(di_study_finish(*sp), 0);
	rc = di_run_new(out, *sp);
	snprintf(err, 1024, "%s", rc ? di_error_message() : "");
	return rc;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return b;
}

/* The two runs' reports, file for file. */
static void assert_same_reports(const di_run *a, const di_run *b)
{
	static const char *const files[] = {"ar.csv", "car.csv", "aar.csv", "tests.csv",
					    "estimates.csv", "exclusions.csv", "summary.txt",
					    "manifest.txt"};
	char pa[600], pb[600];
	snprintf(pa, sizeof(pa), "%s", th_tmp_path("full"));
	assert_int_equal(di_run_write(a, pa), 0);
	snprintf(pb, sizeof(pb), "%s", th_tmp_path("kept"));
	assert_int_equal(di_run_write(b, pb), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char fa[700], fb[700];
		size_t na, nb;
		char *x, *y;
		snprintf(fa, sizeof(fa), "%s/%s", pa, files[i]);
		snprintf(fb, sizeof(fb), "%s/%s", pb, files[i]);
		x = slurp(fa, &na);
		y = slurp(fb, &nb);
		if (na != nb || memcmp(x, y, na) != 0)
			fail_msg("%s differs", files[i]);
		free(x);
		free(y);
	}
	assert_int_equal(system("rm -rf '/tmp/di_test_keep_'*/full '/tmp/di_test_keep_'*/kept"), 0);
}

/* Whether a series of the run's prices holds only some closes. */
static int any_kept(const di_run *run)
{
	for (size_t i = 0; i < run->prices->n; i++)
		if (run->prices->s[i]->kept)
			return 1;
	return 0;
}

/* The file with flags, run on one thread and on two: the same outcome;
 * returns whether the run on two kept only some closes (-1: both failed). */
static int check(unsigned flags)
{
	static warnings w1, w2;
	char e1[1024], e2[1024];
	di_study *s1, *s2;
	di_run *r1 = NULL, *r2 = NULL;
	int rc1, rc2, trimmed = -1;

	write_prices(flags);
	w1.len = w2.len = 0;
	rc1 = make_run("1", &w1, &s1, &r1, e1);
	rc2 = make_run("2", &w2, &s2, &r2, e2);
	assert_int_equal(rc1, rc2);
	assert_string_equal(e1, e2);
	assert_true(w1.len == w2.len && memcmp(w1.text, w2.text, w1.len) == 0);
	if (rc1 == 0) {
		assert_false(r1->trim); /* one thread: every close, no plan */
		assert_false(any_kept(r1));
		assert_same_reports(r1, r2);
		trimmed = r2->trim;
		assert_int_equal(any_kept(r2), trimmed);
	}
	di_run_free(r1);
	di_run_free(r2);
	di_study_free(s1);
	di_study_free(s2);
	return trimmed;
}

/* The common case: the closes around the events kept (S100, of e3 only,
 * far fewer than its rows), a gap inside and one outside the kept rows, a
 * market gap (a note), an exclusion (a warning). */
static void trimmed_run_same_report(void **state)
{
	warnings w = {.len = 0};
	di_study *s;
	di_run *run;
	char err[1024];
	(void)state;
	write_events();
	assert_int_equal(check(0), 1);
	write_prices(0);
	assert_int_equal(make_run("2", &w, &s, &run, err), 0);
	assert_true(run->trim);
	assert_true(run->prices->s[100]->kept);
	assert_true(run->prices->s[100]->keep_n < NR / 2);
	assert_non_null(strstr(w.text, "market gaps"));
	assert_non_null(strstr(w.text, "S004"));
	di_run_free(run);
	di_study_free(s);
}

/* A window past the kept rows (S003's estimation stretches back over
 * its gap), a close whose returns could overflow: made again in full. */
static void full_run_when_short(void **state)
{
	(void)state;
	write_events();
	assert_int_equal(check(F_LONG_GAP), 0);
	assert_int_equal(check(F_WILD), 0);
}

/* A return that is not finite outside every window: the error of the
 * full run (the trimmed one never computes that return). */
static void same_error(void **state)
{
	(void)state;
	write_events();
	assert_int_equal(check(F_NOT_FINITE), -1);
	assert_non_null(strstr(di_error_message(), "not a finite number"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trimmed_run_same_report),
		cmocka_unit_test(full_run_when_short),
		cmocka_unit_test(same_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
