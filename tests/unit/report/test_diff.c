/*
 * test_diff.c - the diff module: the tolerance rule at and just beyond its
 * boundary, text and empty cells, both dialects and the BOM, missing and
 * extra rows, columns and files, --columns, and every error. Inputs are
 * written to a temporary folder by each test, next to the assertion.
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
#include <sys/stat.h>

#include "defimpact/diff.h"
#include "alloc.h" /* di_alloc_fail_after: test builds only */

#define TH_TMP_PREFIX "/tmp/di_test_diff_"
#include "tmp_helper.h"

/* tmpdir/name in a rotating static buffer (several paths live at once). */
static const char *path_of(const char *name)
{
	static char bufs[8][512];
	static int k;
	char *p = bufs[k++ % 8];
	snprintf(p, 512, "%s/%s", tmpdir, name);
	return p;
}

static const char *write_str(const char *name, const char *content)
{
	const char *path = path_of(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, strlen(content), f),
			 strlen(content));
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Make tmpdir/name; its path in the caller's buffer (PATH_BUF bytes). */
#define PATH_BUF 512
static const char *make_dir(const char *name, char *buf)
{
	snprintf(buf, PATH_BUF, "%s", path_of(name));
	assert_int_equal(mkdir(buf, 0700), 0);
	return buf;
}

/* The lines handed to the callback, joined with '\n'. */
typedef struct lines {
	char text[8192];
	size_t len;
	long n;
} lines;

static void collect(const char *line, void *payload)
{
	lines *l = payload;
	int k = snprintf(l->text + l->len, sizeof(l->text) - l->len, "%s\n",
			 line);
	assert_true(k > 0 && (size_t)k < sizeof(l->text) - l->len);
	l->len += (size_t)k;
	l->n++;
}

/* Run di_diff on two texts written as e.csv and a.csv; the lines in out. */
static long diff_texts(const char *e, const char *a,
		       const di_diff_options *o, lines *out)
{
	const char *ep = write_str("e.csv", e);
	const char *ap = write_str("a.csv", a);
	memset(out, 0, sizeof(*out));
	return di_diff(ep, ap, o, collect, out);
}

/* "<tmpdir>/a.csv" + rest, the expected text of a line about a.csv. */
static const char *a_line(const char *rest)
{
	static char bufs[4][512];
	static int k;
	char *buf = bufs[k++ % 4];
	snprintf(buf, 512, "%s/a.csv%s", tmpdir, rest);
	return buf;
}


/* ---- the rule -------------------------------------------------------- */

static void test_tolerance_boundary(void **state)
{
	(void)state;
	/* all exact in binary: |3 - 2| = 1 = 0 + 0.5 * 2 */
	assert_true(di_diff_numbers_equal(2.0, 3.0, 0.5, 0.0));
	assert_false(di_diff_numbers_equal(2.0, nextafter(3.0, 4.0), 0.5, 0.0));
	assert_true(di_diff_numbers_equal(2.0, 1.0, 0.5, 0.0));
	assert_false(di_diff_numbers_equal(2.0, 0.9999999, 0.5, 0.0));
	/* the absolute part: |1.25 - 1| = 0.25 */
	assert_true(di_diff_numbers_equal(1.0, 1.25, 0.0, 0.25));
	assert_false(di_diff_numbers_equal(1.0, nextafter(1.25, 2.0), 0.0, 0.25));
	/* both parts add up: 0.25 + 0.5 * 1 */
	assert_true(di_diff_numbers_equal(1.0, 1.75, 0.5, 0.25));
	assert_false(di_diff_numbers_equal(1.0, nextafter(1.75, 2.0), 0.5, 0.25));
	/* rtol is of the expected value, not of the actual one */
	assert_true(di_diff_numbers_equal(4.0, 2.0, 0.5, 0.0));
	assert_false(di_diff_numbers_equal(2.0, 4.0, 0.5, 0.0));
	/* zero tolerance: equality only */
	assert_true(di_diff_numbers_equal(0.1, 0.1, 0.0, 0.0));
	assert_false(di_diff_numbers_equal(0.1, nextafter(0.1, 1.0), 0.0, 0.0));
}

static void test_tolerance_defaults(void **state)
{
	(void)state;
	assert_true(di_diff_numbers_equal(1.0, 1.0 + 5e-10, DI_DIFF_RTOL,
					  DI_DIFF_ATOL));
	assert_false(di_diff_numbers_equal(1.0, 1.0 + 2e-9, DI_DIFF_RTOL,
					   DI_DIFF_ATOL));
	/* near zero the absolute tolerance decides */
	assert_true(di_diff_numbers_equal(0.0, 5e-13, DI_DIFF_RTOL,
					  DI_DIFF_ATOL));
	assert_false(di_diff_numbers_equal(0.0, 2e-12, DI_DIFF_RTOL,
					   DI_DIFF_ATOL));
	assert_true(di_diff_numbers_equal(-0.0, 0.0, 0.0, 0.0));
}

static void test_special_values(void **state)
{
	(void)state;
	assert_true(di_diff_numbers_equal(INFINITY, INFINITY, 0, 0));
	assert_false(di_diff_numbers_equal(INFINITY, -INFINITY, 1, 1));
	assert_false(di_diff_numbers_equal(INFINITY, 1e308, 1, 1));
	assert_true(di_diff_numbers_equal(NAN, NAN, 0, 0));
	assert_false(di_diff_numbers_equal(NAN, 0.0, 1, 1));
	assert_false(di_diff_numbers_equal(1e308, -1e308, 1e-9, 0));
}

static void test_cells(void **state)
{
	const double r = DI_DIFF_RTOL, a = DI_DIFF_ATOL;
	(void)state;
	/* text exactly */
	assert_true(di_diff_cells("RHM.DE", 0, "RHM.DE", 0, r, a));
	assert_false(di_diff_cells("RHM.DE", 0, "rhm.de", 0, r, a));
	assert_false(di_diff_cells("a", 0, "a ", 0, 1, 1));
	assert_true(di_diff_cells("2025-01-02", 0, "2025-01-02", 0, r, a));
	assert_false(di_diff_cells("2025-01-02", 0, "2025-01-03", 0, 1, 1));
	/* empty vs anything */
	assert_true(di_diff_cells("", 0, "", 1, r, a));
	assert_false(di_diff_cells("", 0, "0", 0, 1, 1));
	assert_false(di_diff_cells("0", 0, "", 0, 1, 1));
	/* numbers in any spelling */
	assert_true(di_diff_cells("1e-20", 0, "1.0E-20", 0, 0, 0));
	assert_true(di_diff_cells("100", 0, "1e2", 0, 0, 0));
	assert_true(di_diff_cells("0.5", 0, "0,5", 1, 0, 0));
	assert_true(di_diff_cells("-2,5e+300", 1, "-2.5e300", 0, 0, 0));
	/* in a ',' file "0,5" is text, not a number */
	assert_false(di_diff_cells("0.5", 0, "0,5", 0, 1, 1));
	/* a number against text */
	assert_false(di_diff_cells("1", 0, "one", 0, 1, 1));
	/* a thousands separator is not a number */
	assert_false(di_diff_cells("1234.5", 0, "1.234,5", 1, 1, 1));
	/* the injection guard is text on both sides */
	assert_true(di_diff_cells("'=SUM(A1)", 0, "'=SUM(A1)", 1, 0, 0));
}

/* ---- files ----------------------------------------------------------- */

static void test_identical(void **state)
{
	lines l;
	(void)state;
	assert_int_equal(diff_texts("a,b\n1,x\n", "a,b\n1,x\n", NULL, &l), 0);
	assert_int_equal(l.n, 0);
}

static void test_cell_difference(void **state)
{
	lines l;
	char want[1024];
	(void)state;
	assert_int_equal(diff_texts("id,v,w\nx,0.5,1\ny,0.25,2\n",
				    "id,v,w\nx,0.5,1\ny,0.2500001,3\n", NULL,
				    &l),
			 2);
	snprintf(want, sizeof(want), "%s%s", a_line(":2:v expected 0.25 got 0.2500001\n"),
		 a_line(":2:w expected 2 got 3\n"));
	assert_string_equal(l.text, want);
	/* within a looser tolerance */
	{
		di_diff_options o = DI_DIFF_OPTIONS_INIT;
		o.rtol = 1e-6;
		assert_int_equal(diff_texts("v\n0.25\n", "v\n0.2500001\n", &o, &l),
				 0);
		o.rtol = 0;
		o.atol = 1e-6;
		assert_int_equal(diff_texts("v\n0.25\n", "v\n0.2500001\n", &o, &l),
				 0);
		o.atol = 1e-8;
		assert_int_equal(diff_texts("v\n0.25\n", "v\n0.2500001\n", &o, &l),
				 1);
	}
}

static void test_text_and_empty_cells(void **state)
{
	lines l;
	char want[1024];
	(void)state;
	assert_int_equal(diff_texts("t,v\nno trading day,1\nb,\n",
				    "t,v\nno trading  day,1\nb,0\n", NULL, &l),
			 2);
	/* cells with blanks or empty are shown in quotes */
	snprintf(want, sizeof(want), "%s%s",
		 a_line(":1:t expected \"no trading day\" got \"no trading  day\"\n"),
		 a_line(":2:v expected \"\" got 0\n"));
	assert_string_equal(l.text, want);
	/* a quoted multi-line cell stays on one line of output */
	assert_int_equal(diff_texts("t\n\"a\nb\"\n", "t\n\"a\"\"b\"\n", NULL, &l), 1);
	assert_string_equal(l.text, a_line(":1:t expected \"a\\nb\" got \"a\"\"b\"\n"));
}

static void test_dialects_equal(void **state)
{
	lines l;
	const char *rfc = "event_id,from,to,car,label\n"
			  "e1,-1,1,0.06283274320877502,\"a,b\"\n"
			  "e2,0,0,-1.5e-20,x\n"
			  "e3,0,0,,'-y\n";
	const char *eu = "\xEF\xBB\xBF"
			 "event_id;from;to;car;label\r\n"
			 "e1;-1;1;0,06283274320877502;\"a,b\"\r\n"
			 "e2;0;0;-1,5e-20;x\r\n"
			 "e3;0;0;;'-y\r\n";
	(void)state;
	assert_int_equal(diff_texts(rfc, eu, NULL, &l), 0);
	assert_int_equal(diff_texts(eu, rfc, NULL, &l), 0);
	assert_int_equal(l.n, 0);
	/* a tolerance still applies across dialects */
	assert_int_equal(diff_texts("v,w\n0.5,1\n", "v;w\n0,6;1\n", NULL, &l),
			 1);
	assert_string_equal(l.text, a_line(":1:v expected 0.5 got 0,6\n"));
}

static void test_bom(void **state)
{
	lines l;
	(void)state;
	assert_int_equal(diff_texts("a,b\n1,2\n", "\xEF\xBB\xBF" "a,b\n1,2\n",
				    NULL, &l),
			 0);
	assert_int_equal(diff_texts("\xEF\xBB\xBF" "a,b\n1,2\n", "a,b\n1,2\n",
				    NULL, &l),
			 0);
}

static void test_rows(void **state)
{
	lines l;
	char want[1024];
	(void)state;
	assert_int_equal(diff_texts("a\n1\n2\n3\n", "a\n1\n", NULL, &l), 2);
	snprintf(want, sizeof(want), "%s%s", a_line(":2: missing row\n"),
		 a_line(":3: missing row\n"));
	assert_string_equal(l.text, want);
	assert_int_equal(diff_texts("a\n1\n", "a\n1\n2\n", NULL, &l), 1);
	assert_string_equal(l.text, a_line(":2: extra row\n"));
	/* rows are matched by position, blank lines are not rows */
	assert_int_equal(diff_texts("a\n1\n2\n", "a\n\n1\n\n2\n", NULL, &l), 0);
	/* header only on both sides */
	assert_int_equal(diff_texts("a,b\n", "a,b\n", NULL, &l), 0);
}

static void test_columns(void **state)
{
	lines l;
	char want[1024];
	(void)state;
	/* order alone is no difference */
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n", "c,a,b\n3,1,2\n", NULL,
				    &l),
			 0);
	/* reported once, then the common columns are compared */
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n4,5,6\n",
				    "a,c,d\n1,3,x\n4,7,y\n", NULL, &l),
			 3);
	snprintf(want, sizeof(want), "%s%s%s", a_line(": missing column b\n"),
		 a_line(": extra column d\n"),
		 a_line(":2:c expected 6 got 7\n"));
	assert_string_equal(l.text, want);
	/* a repeated name: the n-th with the n-th */
	assert_int_equal(diff_texts("x,x\n1,2\n", "x,x\n1,3\n", NULL, &l), 1);
	assert_string_equal(l.text, a_line(":1:x expected 2 got 3\n"));
}

static void test_columns_option(void **state)
{
	lines l;
	const char *only_c[] = {"c"};
	const char *c_and_b[] = {"c", "b"};
	const char *bad[] = {"c", "nope"};
	di_diff_options o = DI_DIFF_OPTIONS_INIT;
	(void)state;
	o.columns = only_c;
	o.ncolumns = 1;
	/* b differs and d is extra, but only c is compared */
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n", "a,b,c,d\n1,9,3,0\n",
				    &o, &l),
			 0);
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n", "a,b,c\n1,9,4\n", &o, &l),
			 1);
	assert_string_equal(l.text, a_line(":1:c expected 3 got 4\n"));
	/* a named column missing on one side is still reported */
	o.columns = c_and_b;
	o.ncolumns = 2;
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n", "a,c\n1,3\n", &o, &l), 1);
	assert_string_equal(l.text, a_line(": missing column b\n"));
	/* rows are still rows */
	o.columns = only_c;
	o.ncolumns = 1;
	assert_int_equal(diff_texts("a,c\n1,3\n", "a,c\n1,3\n2,3\n", &o, &l), 1);
	/* a name in no header: usage error, and nothing reported */
	o.columns = bad;
	o.ncolumns = 2;
	assert_int_equal(diff_texts("a,b,c\n1,2,3\n", "a,b,c\n1,9,4\n", &o, &l),
			 DI_EUSAGE);
	assert_int_equal(l.n, 0);
	assert_string_equal(di_error_message(),
			    "no column 'nope' in the compared files (see "
			    "--columns)");
}

/* ---- folders --------------------------------------------------------- */

static void test_folders(void **state)
{
	lines l = {0};
	char eb[PATH_BUF], ab[PATH_BUF], sb[PATH_BUF];
	const char *e, *a;
	(void)state;
	e = make_dir("E", eb);
	a = make_dir("A", ab);
	write_str("E/same.csv", "v\n1\n");
	write_str("A/same.csv", "v;w\n1,0;x\n");
	write_str("E/changed.csv", "v\n1\n");
	write_str("A/changed.csv", "v\n2\n");
	write_str("E/gone.csv", "v\n1\n");
	write_str("A/new.csv", "v\n1\n");
	/* not compared: other files, hidden files, folders */
	write_str("E/summary.txt", "one\n");
	write_str("A/summary.txt", "two\n");
	write_str("E/.defimpact", "x\n");
	write_str("A/.hidden.csv", "not,a\n\"csv\n");
	make_dir("A/sub.csv", sb);
	assert_int_equal(di_diff(e, a, NULL, collect, &l), 4);
	assert_string_equal(l.text, "changed.csv:1:v expected 1 got 2\n"
				    "missing file gone.csv\n"
				    "extra file new.csv\n"
				    "same.csv: extra column w\n");
	/* a NULL callback only counts */
	assert_int_equal(di_diff(e, a, NULL, NULL, NULL), 4);
	/* two empty folders */
	e = make_dir("E0", eb);
	a = make_dir("A0", ab);
	assert_int_equal(di_diff(e, a, NULL, collect, &l), 0);
}

/* ---- errors ---------------------------------------------------------- */

static void test_errors(void **state)
{
	lines l;
	char want[1024];
	di_diff_options o = DI_DIFF_OPTIONS_INIT;
	char db[PATH_BUF], fb[PATH_BUF];
	const char *f, *d;
	(void)state;
	/* a row of the wrong width, with its line */
	assert_int_equal(diff_texts("a,b\n1,2\n", "a,b\n1,2\n\n3\n", NULL, &l),
			 DI_EDATA);
	assert_string_equal(di_error_message(),
			    a_line(":4: 1 field, the header has 2"));
	assert_int_equal(diff_texts("a,b\n1,2,3\n", "a,b\n1,2\n", NULL, &l),
			 DI_EDATA);
	snprintf(want, sizeof(want), "%s/e.csv:2: 3 fields, the header has 2",
		 tmpdir);
	assert_string_equal(di_error_message(), want);
	/* malformed CSV: the reader's message */
	assert_int_equal(diff_texts("a\n1\n", "a\n\"1\n", NULL, &l), DI_EDATA);
	/* an empty file */
	assert_int_equal(diff_texts("a\n1\n", "", NULL, &l), DI_EDATA);
	/* paths */
	snprintf(fb, sizeof(fb), "%s", write_str("f.csv", "a\n1\n"));
	f = fb;
	assert_int_equal(di_diff(f, path_of("nope.csv"), NULL, NULL, NULL),
			 DI_EIO);
	snprintf(want, sizeof(want), "%s/nope.csv: cannot open: No such file or directory",
		 tmpdir);
	assert_string_equal(di_error_message(), want);
	d = make_dir("D", db);
	assert_int_equal(di_diff(f, d, NULL, NULL, NULL), DI_EIO);
	assert_int_equal(di_diff(d, f, NULL, NULL, NULL), DI_EIO);
	/* options */
	o.rtol = -1;
	assert_int_equal(di_diff(f, f, &o, NULL, NULL), DI_EUSAGE);
	o.rtol = NAN;
	assert_int_equal(di_diff(f, f, &o, NULL, NULL), DI_EUSAGE);
	o.rtol = 0;
	o.atol = INFINITY;
	assert_int_equal(di_diff(f, f, &o, NULL, NULL), DI_EUSAGE);
}

/* Every allocation failing in turn: an error or the full answer, never a
 * crash or a wrong count (ASan builds see the leaks). */
static void test_out_of_memory(void **state)
{
	const char *cols[] = {"v", "w"};
	di_diff_options o = DI_DIFF_OPTIONS_INIT;
	char eb[PATH_BUF], ab[PATH_BUF];
	const char *e, *a;
	long rc;
	(void)state;
	e = make_dir("ME", eb);
	a = make_dir("MA", ab);
	write_str("ME/x.csv", "v,w\n1,2\n3,4\n5,6\n");
	write_str("MA/x.csv", "w,v\n2,1\n4,9\n");
	write_str("ME/y.csv", "v\n1\n");
	write_str("MA/z.csv", "w\n1\n");
	o.columns = cols;
	o.ncolumns = 2;
	for (long n = 1;; n++) {
		di_alloc_fail_after(n);
		rc = di_diff(e, a, &o, NULL, NULL);
		di_alloc_fail_after(0);
		if (rc != DI_ENOMEM) {
			assert_int_equal(rc, 4);
			break;
		}
		assert_true(n < 1000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tolerance_boundary),
		cmocka_unit_test(test_tolerance_defaults),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_cell_difference),
		cmocka_unit_test(test_text_and_empty_cells),
		cmocka_unit_test(test_dialects_equal),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_columns_option),
		cmocka_unit_test(test_folders),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
