/*
 * test_csv.c - the streaming CSV reader: dialects (',' ';' tab, BOM, CRLF,
 * quotes), line numbers, and every error with its exact message. Inputs
 * are written to a temporary folder by each test, so the text under test
 * sits next to the assertion about it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "csvread.h"
#include "error.h"

#define TH_TMP_PREFIX "/tmp/di_test_csv_"
#include "tmp_helper.h"

/* Write content (n bytes) to tmpdir/name; the path is in a static buffer. */
static const char *write_file(const char *name, const char *content, size_t n)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const char *write_str(const char *name, const char *content)
{
	return write_file(name, content, strlen(content));
}

/* The records seen: "LINE:f1|f2|..." each, for one-line comparisons. */
typedef struct seen {
	char rec[64][256];
	size_t n;
	size_t total;   /* records counted past the 64 kept */
	long last_line;
	long fail_at;   /* return DI_EDATA from the record on this line */
} seen;

static int collect(void *payload, long line, size_t nf, char *const *f,
		   const size_t *l)
{
	seen *s = payload;
	s->total++;
	s->last_line = line;
	if (s->fail_at == line)
		return di_error_at(DI_EDATA, "cb", line, "callback says no");
	if (s->n < 64) {
		char *out = s->rec[s->n++];
		int k = snprintf(out, 256, "%ld:", line);
		for (size_t i = 0; i < nf; i++) {
			assert_int_equal(strlen(f[i]), l[i]);
			k += snprintf(out + k, 256 - (size_t)k, "%s%s",
				      i ? "|" : "", f[i]);
		}
	}
	return 0;
}


static void expect_error(const char *path, int code, const char *fmt_after)
{
	seen s = {0};
	char want[1024];
	di_csv_info info;
	snprintf(want, sizeof(want), "%s%s", path, fmt_after);
	assert_int_equal(di_csv_read(path, &info, collect, &s), code);
	assert_string_equal(di_error_message(), want);
}

/* ---- dialects ---------------------------------------------------------- */

static void test_comma(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("c.csv", "Date,Close\n2025-01-02,1.5\n"
					    "2025-01-03, 2 \n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, ',');
	assert_int_equal(info.decimal_comma, 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rec[0], "1:Date|Close");
	assert_string_equal(s.rec[1], "2:2025-01-02|1.5");
	/* fields are kept as they are: spaces too */
	assert_string_equal(s.rec[2], "3:2025-01-03| 2 ");
}

/* Lines with and without spaces or tabs take turns (the reader sets
 * libcsv's space function per line): each keeps its fields as they are,
 * in and out of quotes. */
static void test_spaces_line_by_line(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("sp.csv", "Date,A,B\n2025-01-02, 1,2\n"
					     "2025-01-03,3,4 \n\"2025-01-06\",\"a b\n"
					     "c\",5\n2025-01-07,\t6,7\n2025-01-08,8,9\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.n, 6);
	assert_string_equal(s.rec[1], "2:2025-01-02| 1|2");
	assert_string_equal(s.rec[2], "3:2025-01-03|3|4 ");
	assert_string_equal(s.rec[3], "4:2025-01-06|a b\nc|5");
	assert_string_equal(s.rec[4], "6:2025-01-07|\t6|7");
	assert_string_equal(s.rec[5], "7:2025-01-08|8|9");
}

static void test_semicolon(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("s.csv", "Date;Close;Note\n"
					    "2025-01-02;1,5;a,b\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, ';');
	assert_int_equal(info.decimal_comma, 1);
	assert_string_equal(s.rec[1], "2:2025-01-02|1,5|a,b");
}

static void test_tab(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("t.csv", "Date\tA\tB\n2025-01-02\t\t3\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, '\t');
	assert_int_equal(info.decimal_comma, 0);
	/* an empty cell between tabs stays a field */
	assert_string_equal(s.rec[1], "2:2025-01-02||3");
}

static void test_bom_crlf(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("b.csv", "\xEF\xBB\xBF"
					    "Date,Close\r\n2025-01-02,1.5\r\n"
					    "2025-01-03,\"2\"\r\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rec[0], "1:Date|Close");
	assert_string_equal(s.rec[1], "2:2025-01-02|1.5");
	assert_string_equal(s.rec[2], "3:2025-01-03|2");
}

static void test_quotes_span_lines(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("q.csv",
				  "id,label,x\n"
				  "e1,\"a, b\nc\",1\n"
				  "e2,\"say \"\"hi\"\"\",2\n"
				  "e3,\"\n\n\",3\n"
				  "e4,last,4\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.n, 5);
	assert_string_equal(s.rec[1], "2:e1|a, b\nc|1");
	/* the line of a record is where it starts */
	assert_string_equal(s.rec[2], "4:e2|say \"hi\"|2");
	/* blank lines inside quotes are data, not skipped */
	assert_string_equal(s.rec[3], "5:e3|\n\n|3");
	assert_string_equal(s.rec[4], "8:e4|last|4");
}

static void test_blank_lines(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("bl.csv", "\n  \r\n\tDate,Close\n\n \t\r\n"
					     "2025-01-02,1\n\n");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rec[0], "3:\tDate|Close");
	assert_string_equal(s.rec[1], "6:2025-01-02|1");
}

static void test_no_final_newline(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p = write_str("nf.csv", "a,b\n1,\"2\"");
	(void)state;
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rec[1], "2:1|2");
}

static void test_delimiter_detection(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	const char *p;
	(void)state;
	/* commas inside quotes do not count */
	p = write_str("d1.csv", "\"a,b,c\";x;y\n1;2;3\n");
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, ';');
	assert_string_equal(s.rec[0], "1:a,b,c|x|y");
	/* a tie goes to ',' */
	memset(&s, 0, sizeof(s));
	p = write_str("d2.csv", "a,b;c\n1,2;3\n");
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, ',');
	/* one column: ',' */
	memset(&s, 0, sizeof(s));
	p = write_str("d3.csv", "ticker\nAAA\n");
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(info.delim, ',');
	assert_string_equal(s.rec[1], "2:AAA");
}

/* Many rows: records cross the 64 KiB chunks; lines stay exact. */
static void test_large_file(void **state)
{
	seen s = {0};
	di_csv_info info = {0};
	size_t rows = 100000, cap = rows * 40 + 64, n = 0;
	char *buf = malloc(cap);
	const char *p;
	(void)state;
	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "Date,Close,Label\n");
	for (size_t i = 0; i < rows; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "2025-01-02,%zu.25,\"x\ny\"\n", i);
	p = write_file("big.csv", buf, n);
	free(buf);
	assert_int_equal(di_csv_read(p, &info, collect, &s), 0);
	assert_int_equal(s.total, rows + 1);
	assert_int_equal(s.last_line, 1 + 2 * (long)rows - 1);
}

/* ---- errors ------------------------------------------------------------ */

static void test_err_open(void **state)
{
	char path[600];
	(void)state;
	snprintf(path, sizeof(path), "%s/missing.csv", tmpdir);
	expect_error(path, DI_EIO, ": cannot open: No such file or directory");
	expect_error(tmpdir, DI_EIO, ": cannot open: is a directory");
}

static void test_err_empty(void **state)
{
	(void)state;
	expect_error(write_str("e0.csv", ""), DI_EDATA,
		     ":1: empty file: no header row");
	expect_error(write_str("e1.csv", "\n \r\n\t\n"), DI_EDATA,
		     ":1: empty file: no header row");
	expect_error(write_str("e2.csv", "\xEF\xBB\xBF"), DI_EDATA,
		     ":1: empty file: no header row");
}

static void test_err_nul(void **state)
{
	(void)state;
	expect_error(write_file("nul.csv", "a,b\n1,2\n3,\0\n", 12), DI_EDATA,
		     ":3: NUL byte in the file (not a text CSV file?)");
}

static void test_err_unterminated(void **state)
{
	(void)state;
	expect_error(write_str("u.csv", "a,b\n1,2\n3,\"open\n\nmore\n"),
		     DI_EDATA,
		     ":3: quoted field not terminated: the file ends inside "
		     "the quotes opened on this line");
	/* a second quoted field of the same record, opened further down */
	expect_error(write_str("u2.csv", "a,b,c\n1,\"x\ny\",\"z\nw"), DI_EDATA,
		     ":3: quoted field not terminated: the file ends inside "
		     "the quotes opened on this line");
}

static void test_err_malformed_quote(void **state)
{
	(void)state;
	expect_error(write_str("m.csv", "a,b\n1,\"x\"y\n"), DI_EDATA,
		     ":2: malformed quoted field: a quote must enclose the "
		     "whole field, and a quote inside it must be doubled "
		     "(\"\")");
	expect_error(write_str("m2.csv", "a,b\n1,x\"y\"\n"), DI_EDATA,
		     ":2: malformed quoted field: a quote must enclose the "
		     "whole field, and a quote inside it must be doubled "
		     "(\"\")");
}

static void test_err_too_long(void **state)
{
	size_t n = DI_CSV_MAX_RECORD + 100;
	char *buf = malloc(n + 32);
	char want[64];
	(void)state;
	assert_non_null(buf);
	snprintf(want, sizeof(want), ":2: record longer than %u bytes",
		 DI_CSV_MAX_RECORD);
	/* one line, no newline in it */
	memcpy(buf, "a,b\n1,", 6);
	memset(buf + 6, 'x', n);
	buf[6 + n] = '\n';
	expect_error(write_file("long1.csv", buf, n + 7), DI_EDATA, want);
	/* many short lines inside one quoted field: still one record */
	memcpy(buf, "a,b\n1,\"", 7);
	for (size_t i = 7; i < n; i++)
		buf[i] = (i % 50) ? 'y' : '\n';
	memcpy(buf + n, "\"\n", 2);
	expect_error(write_file("long2.csv", buf, n + 2), DI_EDATA, want);
	free(buf);
}

static void test_err_callback(void **state)
{
	seen s = {0};
	const char *p = write_str("cb.csv", "a\n1\n2\n3\n");
	(void)state;
	s.fail_at = 3;
	assert_int_equal(di_csv_read(p, NULL, collect, &s), DI_EDATA);
	assert_string_equal(di_error_message(), "cb:3: callback says no");
	assert_int_equal(s.total, 3); /* stopped there */
}

/* Every allocation may fail: the reader returns DI_ENOMEM, leaks nothing
 * (ASan checks at exit) and succeeds once enough allocations pass. */
/* ---- memory buffers ------------------------------------------------------ */

/* The memory reader is the file reader over another source: for each input,
 * the same records on the same lines, or the same error with the same line
 * (the name given stands for the path). */
static void test_mem_equals_file(void **state)
{
#define IN(lit) {lit, sizeof(lit) - 1}
	static const struct { const char *text; size_t n; } in[] = {
		IN("a,b\n1,2\n"),
		IN("\xEF\xBB\xBF" "a;b\r\n1,5;2\r\n"),
		IN("a,b\n\n1,\"x\n\ny\"\n\n2,3"),
		IN("a,b\r1,2\r3,4\r"),
		IN("a,b\n1,\"x\ny\",\"z\nw"),
		IN("a,b\n1,2\n3,\"open\n\nmore\n"),
		IN("a,b\n1,\"x\"y\n"),
		IN("a,b\n1,2\n3,\0\n"),
		IN("\n\n"),
	};
#undef IN
	(void)state;
	for (size_t k = 0; k < sizeof(in) / sizeof(in[0]); k++) {
		seen sf = {0}, sm = {0};
		di_csv_info inf = {0}, inm = {0};
		char msg_f[1024] = "", want[1100];
		const char *path = write_file("same.csv", in[k].text, in[k].n);
		int rf = di_csv_read(path, &inf, collect, &sf), rm;
		if (rf)
			snprintf(msg_f, sizeof(msg_f), "%s", di_error_message() + strlen(path));
		rm = di_csv_read_mem("buffer", in[k].text, in[k].n, &inm, collect, &sm);
		assert_int_equal(rm, rf);
		if (rf) {
			snprintf(want, sizeof(want), "buffer%s", msg_f);
			assert_string_equal(di_error_message(), want);
		}
		assert_int_equal(sm.total, sf.total);
		assert_int_equal(inm.delim, inf.delim);
		for (size_t i = 0; i < sf.n; i++)
			assert_string_equal(sm.rec[i], sf.rec[i]);
	}
}

static void test_alloc_failures(void **state)
{
	const char *p = write_str("oom.csv", "a,b\n1,\"x\ny\"\n2,3\n4,5");
	int rc = -1;
	(void)state;
	for (long k = 1; k < 200 && rc != 0; k++) {
		seen s = {0};
		di_alloc_fail_after(k);
		rc = di_csv_read(p, NULL, collect, &s);
		di_alloc_fail_after(0);
		if (rc != 0) {
			assert_int_equal(rc, DI_ENOMEM);
			assert_string_equal(di_error_message(),
					    "out of memory");
		}
	}
	assert_int_equal(rc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comma),
		cmocka_unit_test(test_semicolon),
		cmocka_unit_test(test_tab),
		cmocka_unit_test(test_spaces_line_by_line),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_quotes_span_lines),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_delimiter_detection),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_err_open),
		cmocka_unit_test(test_err_empty),
		cmocka_unit_test(test_err_nul),
		cmocka_unit_test(test_err_unterminated),
		cmocka_unit_test(test_err_malformed_quote),
		cmocka_unit_test(test_err_too_long),
		cmocka_unit_test(test_err_callback),
		cmocka_unit_test(test_mem_equals_file),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
