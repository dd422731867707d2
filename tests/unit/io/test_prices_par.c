/*
 * test_prices_par.c - a wide price file read on several threads (chunks of
 * whole lines) gives the series of one thread, value for value, and the
 * error of one thread (message and line) wherever the bad cell sits: the
 * chunk size is made tiny (di_prices_set_chunking) so that small files are
 * cut into many chunks, and every row position is tried for the errors
 * that involve the row before (order, duplicates).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "prices.h"

#define TH_TMP_PREFIX "/tmp/di_test_prices_par_"
#include "tmp_helper.h"

#define NSER 7
#define NROWS 120
#define TEXT_MAX 65536

/* The text of a wide file: NSER series over nrows weekdays from
 * 2001-01-01 (ascending, or descending when desc), with missing cells in
 * series 2 (empty) and 4 (NA); row bad (if < nrows) is replaced by line. */
static void wide_text(char *buf, size_t nrows, int desc, const char *eol, size_t bad,
		      const char *line)
{
	size_t at = (size_t)snprintf(buf, TEXT_MAX, "Date");
	for (int j = 0; j < NSER; j++)
		at += (size_t)snprintf(buf + at, TEXT_MAX - at, ",T%d", j);
	at += (size_t)snprintf(buf + at, TEXT_MAX - at, "%s", eol);
	for (size_t i = 0; i < nrows; i++) {
		size_t r = desc ? nrows - 1 - i : i;
		int day = (int)(r % 28) + 1, mon = (int)(r / 28 % 12) + 1, yr = 2001 + (int)(r / 336);
		if (i == bad) {
			at += (size_t)snprintf(buf + at, TEXT_MAX - at, "%s%s", line, eol);
			continue;
		}
		at += (size_t)snprintf(buf + at, TEXT_MAX - at, "%04d-%02d-%02d", yr, mon, day);
		for (int j = 0; j < NSER; j++) {
			if ((j == 2 && r % 5 == 1) || (j == 4 && r % 9 == 3))
				at += (size_t)snprintf(buf + at, TEXT_MAX - at, j == 2 ? "," : ",NA");
			else
				at += (size_t)snprintf(buf + at, TEXT_MAX - at, ",%.6g",
						       10.0 + (double)j + (double)((r * 7919 + (size_t)j * 104729) % 1000) / 997.0);
		}
		at += (size_t)snprintf(buf + at, TEXT_MAX - at, "%s", eol);
		assert_true(at < TEXT_MAX - 256);
	}
}

/* Load text as file name on jobs threads (1: the one-thread reader), the
 * chunks as small as allowed. Returns the code; *out the prices. */
static int load_jobs(const char *name, const char *text, long jobs, int mem, di_prices **out)
{
	assert_int_equal(di_prices_new(out), 0);
	di_prices_set_jobs(*out, jobs);
	di_prices_set_chunking(*out, 0, 1);
	if (mem) /* named as the file, so that the messages compare */
		return di_prices_load_mem(*out, th_tmp_path(name), text, strlen(text));
	return di_prices_load_file(*out, th_write_str(name, text));
}

/* Every series the same: tickers, dates, lines and prices (compared as
 * bytes: the two readers must give the same doubles, bit for bit). */
static void assert_same(const di_prices *a, const di_prices *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const di_series *x = a->s[i], *y = b->s[i];
		assert_string_equal(x->ticker, y->ticker);
		assert_int_equal(x->n, y->n);
		assert_int_equal((x->cols != NULL), (y->cols != NULL));
		assert_memory_equal(x->date, y->date, x->n * sizeof(*x->date));
		assert_memory_equal(x->line, y->line, x->n * sizeof(*x->line));
		assert_memory_equal(x->price, y->price, x->n * sizeof(*x->price));
	}
}

/* text read on 2 and 4 threads as on one, from a file and from memory;
 * threaded: whether the threads must have been used. */
static void check_same(const char *text, int threaded)
{
	di_prices *one, *many;
	assert_int_equal(load_jobs("one.csv", text, 1, 0, &one), 0);
	assert_int_equal(one->par_files, 0);
	for (long jobs = 2; jobs <= 4; jobs += 2)
		for (int mem = 0; mem <= 1; mem++) {
			assert_int_equal(load_jobs("many.csv", text, jobs, mem, &many), 0);
			assert_int_equal(many->par_files, (size_t)threaded);
			assert_same(one, many);
			di_prices_free(many);
		}
	di_prices_free(one);
}

static void test_same_values(void **state)
{
	static char buf[TEXT_MAX];
	(void)state;
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	check_same(buf, 1);
	wide_text(buf, NROWS, 1, "\n", SIZE_MAX, NULL); /* descending */
	check_same(buf, 1);
	wide_text(buf, NROWS, 0, "\r\n", SIZE_MAX, NULL);
	check_same(buf, 1);
	wide_text(buf, NROWS, 0, "\n", 57, "   "); /* a blank line */
	check_same(buf, 1);
	wide_text(buf, 3, 0, "\n", SIZE_MAX, NULL); /* fewer rows than chunks */
	check_same(buf, 1);
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	buf[strlen(buf) - 1] = '\0'; /* no line end after the last row */
	check_same(buf, 1);
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	for (int i = 0; i < 300; i++) /* the last chunks only blank lines */
		strcat(buf, " \n");
	check_same(buf, 1);
}

/* A quote may hide a line end, a lone CR ends a line: one thread. */
static void test_one_thread_cases(void **state)
{
	static char buf[TEXT_MAX];
	char *cr;
	(void)state;
	wide_text(buf, NROWS, 0, "\n", 90, "2001-04-07,\"1\",2,3,4,5,6,7");
	check_same(buf, 0);
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	cr = strchr(buf + strlen(buf) / 2, '\n');
	*cr = '\r';
	check_same(buf, 0);
	/* a quoted header is read on one thread, its rows on several */
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	memmove(buf + 6, buf + 4, strlen(buf + 4) + 1); /* Date -> "Date" */
	memcpy(buf, "\"Date\"", 6);
	check_same(buf, 1);
	/* not a wide file: one thread */
	check_same("date,ticker,close\n2025-01-02,A,1\n2025-01-02,B,2\n"
		   "2025-01-03,A,1\n2025-01-03,B,2\n", 0);
}

/* text read on 2 and 4 threads, from a file and from memory, as on one:
 * the same values, or the same code and message. Returns 1 when it
 * failed. */
static int check_same_outcome(const char *text)
{
	di_prices *one, *p;
	char want[1024];
	int rc1 = load_jobs("e1.csv", text, 1, 0, &one);

	snprintf(want, sizeof(want), "%s", rc1 < 0 ? di_error_message() : "");
	for (long jobs = 2; jobs <= 4; jobs += 2)
		for (int mem = 0; mem <= 1; mem++) {
			int rc = load_jobs("e1.csv", text, jobs, mem, &p);
			assert_int_equal(rc, rc1);
			if (rc < 0) {
				assert_string_equal(di_error_message(), want);
				assert_int_equal(p->n, 0);
			} else {
				assert_same(one, p);
			}
			di_prices_free(p);
		}
	di_prices_free(one);
	return rc1 < 0;
}

/* A bad row at every position: each chunk boundary is crossed. */
static void test_errors_every_row(void **state)
{
	static char buf[TEXT_MAX];
	static const char *const bad[] = {
		"2001-01-01,1,2,3,4,5,6,7",    /* out of order, or a duplicate */
		"2001-01-02,1,2,3,4,5,6,7",    /* a duplicate */
		"2001-01-05,1,2,x,4,5,6,7",    /* unreadable price */
		"2001-01-05,1,2,3",            /* ragged */
		"2001-13-05,1,2,3,4,5,6,7",    /* impossible date */
		"2001-01-05,1,2,-3,4,5,6,7",   /* negative */
		"05/01/2001,1,2,3,4,5,6,7",    /* a date format to settle */
		"2001-01-05,1,2,3,4,5,6,7,8",  /* too many fields */
	};
	size_t failed = 0, tried = 0;
	(void)state;
	for (size_t b = 0; b < sizeof(bad) / sizeof(*bad); b++)
		for (size_t row = 0; row < 40; row++, tried++) {
			wide_text(buf, 40, 0, "\n", row, bad[b]);
			failed += (size_t)check_same_outcome(buf);
		}
	for (size_t row = 1; row < 40; row++, tried++) { /* a descending file turning */
		wide_text(buf, 40, 1, "\n", row, "2005-01-01,1,2,3,4,5,6,7");
		failed += (size_t)check_same_outcome(buf);
	}
	/* all but a few (a row rewritten as it was, a duplicate at the
	 * start) are errors */
	assert_true(failed + 8 >= tried);
}

/* Two bad rows: the first in file order is the error, from any chunk. */
static void test_first_error_wins(void **state)
{
	static char buf[TEXT_MAX];
	(void)state;
	for (size_t row = 0; row + 10 < NROWS; row += 7) {
		char *line;
		wide_text(buf, NROWS, 0, "\n", row + 10, "2001-01-05,1,2,3");
		/* row's third price, made unreadable */
		line = buf;
		for (size_t i = 0; i <= row; i++)
			line = strchr(line, '\n') + 1;
		line = strchr(strchr(strchr(line, ',') + 1, ',') + 1, ',') + 1;
		if (*line == ',' || *line == 'N') /* a missing cell: make it bad */
			continue;
		*line = 'x';
		assert_int_equal(check_same_outcome(buf), 1);
	}
}

/* A failed allocation anywhere: an error with nothing loaded, or (when
 * the threads failed and one thread did not) the same values. */
static void test_alloc_failures(void **state)
{
	static char buf[TEXT_MAX];
	di_prices *one;
	(void)state;
	wide_text(buf, 40, 0, "\n", SIZE_MAX, NULL);
	assert_int_equal(load_jobs("oom1.csv", buf, 1, 0, &one), 0);
	for (long k = 1; k < 400; k++) {
		di_prices *p = NULL;
		int rc;
		assert_int_equal(di_prices_new(&p), 0);
		di_prices_set_jobs(p, 2);
		di_prices_set_chunking(p, 0, 1);
		di_alloc_fail_after(k);
		rc = di_prices_load_file(p, th_tmp_path("oom1.csv"));
		di_alloc_fail_after(0);
		if (rc == 0) {
			assert_same(one, p);
		} else {
			assert_int_equal(rc, DI_ENOMEM);
			assert_int_equal(p->n, 0);
		}
		di_prices_free(p);
	}
	di_prices_free(one);
}

/* ---- a keep plan (di_prices_set_keep) --------------------------------- */

/* The rows of the file each ticker Tj keeps. */
static const size_t keep_rows[NSER][2] = {
	{10, 50}, {0, NROWS}, {30, 90}, {0, 0}, {0, 40}, {100, NROWS}, {NROWS - 1, NROWS}};
static int keep_calls;

/* ud: the load of every close, whose T0 (no missing cell) has the rows'
 * dates, or NULL. */
static void keep_fn(const void *ud, const char *ticker, const di_date *date, size_t nrows,
		    size_t *from, size_t *to)
{
	const di_prices *one = ud;
	int j = atoi(ticker + 1);
	assert_int_equal(nrows, NROWS);
	assert_int_equal(*from, 0);
	assert_int_equal(*to, nrows);
	if (one) /* NULL: a file that does not load */
		assert_memory_equal(date, one->s[0]->date, nrows * sizeof(*date));
	*from = keep_rows[j][0];
	*to = keep_rows[j][1];
	keep_calls++;
}

/* p: one's series (tickers, dates, lines), holding the closes of the rows
 * keep_rows gives, counted here on the dates. */
static void assert_kept(const di_prices *one, const di_prices *p, int wild)
{
	const di_date *row = one->s[0]->date;
	assert_int_equal(one->n, p->n);
	for (size_t i = 0; i < one->n; i++) {
		const di_series *x = one->s[i], *y = p->s[i];
		size_t before = 0, within = 0;
		assert_string_equal(x->ticker, y->ticker);
		assert_int_equal(x->n, y->n);
		assert_memory_equal(x->date, y->date, x->n * sizeof(*x->date));
		assert_memory_equal(x->line, y->line, x->n * sizeof(*x->line));
		assert_true(y->kept);
		assert_int_equal(y->kept_wild, wild);
		for (size_t k = 0; k < x->n; k++) {
			before += x->date[k] < row[keep_rows[i][0]];
			within += x->date[k] >= row[keep_rows[i][0]] &&
				  (keep_rows[i][1] == NROWS || x->date[k] < row[keep_rows[i][1]]);
		}
		assert_int_equal(y->keep_from, before);
		assert_int_equal(y->keep_n, within);
		assert_int_equal(di_series_kept_n(y), within);
		assert_memory_equal(y->price, x->price + before, within * sizeof(double));
	}
}

static di_prices *load_keep(const char *text, long jobs, int mem, const di_prices *one)
{
	di_prices *p;
	assert_int_equal(di_prices_new(&p), 0);
	di_prices_set_jobs(p, jobs);
	di_prices_set_chunking(p, 0, 1);
	di_prices_set_keep(p, keep_fn, one);
	keep_calls = 0;
	if (mem)
		assert_int_equal(di_prices_load_mem(p, "keep.csv", text, strlen(text)), 0);
	else
		assert_int_equal(di_prices_load_file(p, th_write_str("keep.csv", text)), 0);
	return p;
}

/* text read on threads with the plan as on one: the closes of the rows
 * kept; wild: whether a close out of the tame range is said. */
static void check_kept_text(const char *text, int wild)
{
	di_prices *one, *p;
	assert_int_equal(load_jobs("one.csv", text, 1, 0, &one), 0);
	p = load_keep(text, 2, 0, one);
	assert_kept(one, p, wild);
	di_prices_free(p);
	di_prices_free(one);
}

/* Read on threads with a plan, a series keeps the closes of its rows, its
 * dates and lines all; with none (one thread, a descending file) every
 * close. A close whose returns could overflow is said. */
static void test_keep_plan(void **state)
{
	static char buf[TEXT_MAX];
	char want[1024];
	di_prices *one, *p;
	(void)state;
	wide_text(buf, NROWS, 0, "\n", SIZE_MAX, NULL);
	assert_int_equal(load_jobs("one.csv", buf, 1, 0, &one), 0);
	for (long jobs = 2; jobs <= 4; jobs += 2)
		for (int mem = 0; mem <= 1; mem++) {
			p = load_keep(buf, jobs, mem, one);
			assert_int_equal(p->par_files, 1);
			assert_int_equal(keep_calls, NSER);
			assert_kept(one, p, 0);
			di_prices_free(p);
		}
	p = load_keep(buf, 1, 0, one); /* one thread: no plan */
	assert_int_equal(keep_calls, 0);
	assert_same(one, p);
	assert_false(p->s[0]->kept);
	di_prices_free(p);
	di_prices_free(one);

	wide_text(buf, NROWS, 1, "\n", SIZE_MAX, NULL); /* descending: no plan */
	assert_int_equal(load_jobs("one.csv", buf, 1, 0, &one), 0);
	p = load_keep(buf, 2, 0, one);
	assert_int_equal(p->par_files, 1);
	assert_int_equal(keep_calls, 0);
	assert_same(one, p);
	di_prices_free(p);
	di_prices_free(one);

	/* cells outside the kept rows (row 3 of T0, T2, T3, T4) that are no
	 * plain price: read, and checked, as in a load of every close */
	wide_text(buf, NROWS, 0, "\n", 3, "2001-01-04,0.5, 3 ,1e1,NA,5,6,7");
	check_kept_text(buf, 0);
	wide_text(buf, NROWS, 0, "\n", 3, "2001-01-04,1,2,3x,4,5,6,7");
	assert_int_equal(load_jobs("keep.csv", buf, 1, 0, &one), DI_EDATA);
	snprintf(want, sizeof(want), "%s", di_error_message());
	di_prices_free(one);
	assert_int_equal(di_prices_new(&p), 0);
	di_prices_set_jobs(p, 2);
	di_prices_set_chunking(p, 0, 1);
	di_prices_set_keep(p, keep_fn, NULL);
	assert_int_equal(di_prices_load_file(p, th_write_str("keep.csv", buf)), DI_EDATA);
	assert_string_equal(di_error_message(), want);
	di_prices_free(p);

	/* a close of 1e-200 (row 5): any kept series may have left out a
	 * return that is not finite */
	wide_text(buf, NROWS, 0, "\n", 5, "2001-01-06,1e-200,2,3,4,5,6,7");
	check_kept_text(buf, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_values),
		cmocka_unit_test(test_one_thread_cases),
		cmocka_unit_test(test_errors_every_row),
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_keep_plan),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
