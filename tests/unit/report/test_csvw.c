/*
 * test_csvw.c - the CSV writer of the reports and the number format under
 * it: RFC 4180 quoting, the formula-injection guard, the excel-eu dialect,
 * missing values, and the shortest round-trip number text (checked on
 * 10000 pseudo-random doubles against strtod). Cells are written to a
 * memory stream so each assertion compares the exact bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "numfmt.h"

/* A writer over a memory stream; out() closes it and gives the bytes. */
typedef struct mem {
	FILE *f;
	char *buf;
	size_t len;
	di_csvw w;
} mem;

static di_csvw *open_mem(mem *m, int excel_eu)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	di_csvw_init(&m->w, m->f, excel_eu);
	return &m->w;
}

/* The bytes written (owned by m until the next open_mem). */
static const char *out(mem *m)
{
	static char copy[4096];
	assert_int_equal(fclose(m->f), 0);
	assert_true(m->len < sizeof(copy));
	memcpy(copy, m->buf, m->len + 1);
	free(m->buf);
	return copy;
}

/* One text cell alone in a row, as written. */
static const char *text_cell(const char *s, int excel_eu)
{
	mem m;
	di_csvw *w = open_mem(&m, excel_eu);
	di_csvw_text(w, s);
	di_csvw_end_row(w);
	return out(&m);
}

static const char *num_text(double v, int comma)
{
	static char buf[DI_NUM_BUFSZ];
	size_t n = di_num_format(v, comma, buf);
	assert_int_equal(n, strlen(buf));
	return buf;
}

/* ---- quoting --------------------------------------------------------- */

static void test_rfc4180_quoting(void **state)
{
	(void)state;
	assert_string_equal(text_cell("plain", 0), "plain\n");
	assert_string_equal(text_cell("", 0), "\n");
	assert_string_equal(text_cell("a,b", 0), "\"a,b\"\n");
	assert_string_equal(text_cell("say \"hi\"", 0), "\"say \"\"hi\"\"\"\n");
	assert_string_equal(text_cell("\"", 0), "\"\"\"\"\n");
	assert_string_equal(text_cell("line 1\nline 2", 0),
			    "\"line 1\nline 2\"\n");
	assert_string_equal(text_cell("a\r\nb", 0), "\"a\r\nb\"\n");
	/* ';' is no separator in this dialect */
	assert_string_equal(text_cell("a;b", 0), "a;b\n");
}

static void test_row_layout(void **state)
{
	mem m;
	di_csvw *w = open_mem(&m, 0);
	(void)state;
	di_csvw_header(w, "event_id,ticker,day,date,car");
	di_csvw_text(w, "e1");
	di_csvw_text(w, "RHM.DE");
	di_csvw_int(w, -10);
	di_csvw_date(w, di_date_from_ymd(2025, 1, 2));
	di_csvw_num(w, 0.5);
	di_csvw_end_row(w);
	di_csvw_text(w, "");
	di_csvw_empty(w);
	di_csvw_int(w, 0);
	di_csvw_date(w, DI_NO_DATE);
	di_csvw_num(w, NAN);
	di_csvw_end_row(w);
	/* LF line ends, no trailing separator, empty = missing */
	assert_string_equal(out(&m), "event_id,ticker,day,date,car\n"
				     "e1,RHM.DE,-10,2025-01-02,0.5\n"
				     ",,0,,\n");
}

/* ---- the injection guard --------------------------------------------- */

static void test_injection_guard(void **state)
{
	(void)state;
	assert_string_equal(text_cell("=1+1", 0), "'=1+1\n");
	assert_string_equal(text_cell("=HYPERLINK(\"x\")", 0),
			    "\"'=HYPERLINK(\"\"x\"\")\"\n");
	assert_string_equal(text_cell("+x", 0), "'+x\n");
	assert_string_equal(text_cell("-x", 0), "'-x\n");
	assert_string_equal(text_cell("-", 0), "'-\n");
	assert_string_equal(text_cell("@SUM(A1)", 0), "'@SUM(A1)\n");
	assert_string_equal(text_cell("\tx", 0), "'\tx\n");
	assert_string_equal(text_cell("\t-1", 0), "'\t-1\n");
	/* a CR also needs quotes; the guard goes inside them */
	assert_string_equal(text_cell("\rx", 0), "\"'\rx\"\n");
	assert_string_equal(text_cell("-1-1", 0), "'-1-1\n");
	assert_string_equal(text_cell("-inf", 0), "'-inf\n");
	/* numbers written as text are left alone */
	assert_string_equal(text_cell("-1.5", 0), "-1.5\n");
	assert_string_equal(text_cell("-1.5e-3", 0), "-1.5e-3\n");
	assert_string_equal(text_cell("+2", 0), "+2\n");
	assert_string_equal(text_cell("-1,5", 1), "\"-1,5\"\n");
	/* only the first character counts */
	assert_string_equal(text_cell("a=b", 0), "a=b\n");
	assert_string_equal(text_cell("type:-x", 0), "type:-x\n");
}

/* ---- excel-eu -------------------------------------------------------- */

static void test_excel_eu(void **state)
{
	mem m;
	di_csvw *w = open_mem(&m, 1);
	(void)state;
	di_csvw_header(w, "event_id,from,to,car,label");
	di_csvw_text(w, "e1");
	di_csvw_int(w, -1);
	di_csvw_int(w, 1);
	di_csvw_num(w, -0.0628327432087750);
	di_csvw_text(w, "a;b");
	di_csvw_end_row(w);
	di_csvw_text(w, "e2");
	di_csvw_int(w, 0);
	di_csvw_int(w, 0);
	di_csvw_num(w, NAN);
	di_csvw_text(w, "1,5 and 2");
	di_csvw_end_row(w);
	assert_string_equal(out(&m), "event_id;from;to;car;label\n"
				     "e1;-1;1;-0,062832743208775;\"a;b\"\n"
				     "e2;0;0;;\"1,5 and 2\"\n");
	assert_string_equal(num_text(1e-20, 1), "1e-20");
	assert_string_equal(num_text(-2.5e300, 1), "-2,5e+300");
	assert_string_equal(num_text(1.0 / 3.0, 1), "0,3333333333333333");
}

/* ---- numbers --------------------------------------------------------- */

static void test_number_format(void **state)
{
	(void)state;
	assert_string_equal(num_text(0.1, 0), "0.1");
	assert_string_equal(num_text(1.0 / 3.0, 0), "0.3333333333333333");
	assert_string_equal(num_text(2.0 / 3.0, 0), "0.6666666666666666");
	assert_string_equal(num_text(0.1 + 0.2, 0), "0.30000000000000004");
	assert_string_equal(num_text(1e-20, 0), "1e-20");
	assert_string_equal(num_text(-2.5e300, 0), "-2.5e+300");
	assert_string_equal(num_text(-0.023, 0), "-0.023");
	assert_string_equal(num_text(1e21, 0), "1e+21");
	assert_string_equal(num_text(123456.0, 0), "123456");
	assert_string_equal(num_text(5e-324, 0), "4.94065645841247e-324");
	assert_string_equal(num_text(1.7976931348623157e308, 0),
			    "1.7976931348623157e+308");
	/* zero has one spelling; NaN and infinities are missing values: a
	 * report cell holds a number or nothing */
	assert_string_equal(num_text(0.0, 0), "0");
	assert_string_equal(num_text(-0.0, 0), "0");
	assert_string_equal(num_text(NAN, 0), "");
	assert_string_equal(num_text(INFINITY, 0), "");
	assert_string_equal(num_text(-INFINITY, 0), "");
}

/* xorshift64*: a fixed, portable stream of bits */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next_u64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Du;
}

/* A double: half the time any bit pattern (every exponent, subnormals),
 * half the time a return-sized value. Never NaN or infinite. */
static double random_double(void)
{
	for (;;) {
		uint64_t u = next_u64();
		double v;
		if (u & 1) {
			memcpy(&v, &u, sizeof(v));
		} else {
			double unit = (double)(u >> 11) * 0x1p-53;
			v = (unit - 0.5) * pow(10.0, (double)(int)(next_u64() % 9) - 6);
		}
		if (isfinite(v))
			return v;
	}
}

/* The oracle: the first of %.15g %.16g %.17g that reads back. */
static void shortest(double v, char *buf)
{
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, DI_NUM_BUFSZ, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return;
	}
	fail_msg("%%.17g does not round-trip for %a", v);
}

static void test_round_trip_random(void **state)
{
	(void)state;
	for (int i = 0; i < 10000; i++) {
		double v = random_double(), back, parsed;
		char buf[DI_NUM_BUFSZ], eu[DI_NUM_BUFSZ], want[DI_NUM_BUFSZ];
		size_t n = di_num_format(v, 0, buf);
		back = strtod(buf, NULL);
		if (back != v)
			fail_msg("%a formatted as %s reads back as %a", v, buf,
				 back);
		if (v != 0) {
			shortest(v, want);
			assert_string_equal(buf, want);
		}
		/* our own reader, both dialects */
		assert_int_equal(di_num_parse(buf, n, 0, &parsed), 0);
		assert_true(parsed == v);
		n = di_num_format(v, 1, eu);
		assert_null(strchr(eu, '.'));
		assert_int_equal(di_num_parse(eu, n, 1, &parsed), 0);
		assert_true(parsed == v);
	}
}

/* The user's locale must not leak in: formatting and parsing pin "C". */
static void test_locale_independent(void **state)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8",
					    "fr_FR.UTF-8", "fr_FR.utf8"};
	const char *got = NULL;
	char buf[DI_NUM_BUFSZ];
	double v;
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !got; i++)
		got = setlocale(LC_ALL, names[i]);
	if (!got) {
		/* tests/e2e/locale.sh makes sure of a real locale */
		skip();
		return;
	}
	snprintf(buf, sizeof(buf), "%.1f", 0.5);
	assert_string_equal(buf, "0,5"); /* the locale is really in force */
	assert_string_equal(num_text(0.5, 0), "0.5");
	assert_string_equal(num_text(-2.5e300, 0), "-2.5e+300");
	assert_int_equal(di_num_parse("0.25", 4, 0, &v), 0);
	assert_true(v == 0.25);
	assert_int_equal(di_num_parse("0,25", 4, 0, &v), -1);
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4180_quoting),
		cmocka_unit_test(test_row_layout),
		cmocka_unit_test(test_injection_guard),
		cmocka_unit_test(test_excel_eu),
		cmocka_unit_test(test_number_format),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_locale_independent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
