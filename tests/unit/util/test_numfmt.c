/*
 * test_numfmt.c - numfmt.c's double-conversion paths against the C
 * library, the rules they replace: di_num_format must give the bytes of
 * "the shortest of %.15g, %.16g, %.17g that reads back" (the reports were
 * written that way), and di_num_parse the bits of strtod in the C locale.
 * The parse reads through fast_float with double-conversion behind it:
 * every text of up to five characters of a number's alphabet reads, or
 * is refused, as double-conversion alone reads it. test_numparse_slow.c
 * runs the comparison with strtod on 10^8 inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dconv.h"
#include "numfmt.h"
#include "numgen.h"

/* the former di_num_format, through printf and strtod */
static void printf_rule(double v, char *buf)
{
	if (v == 0) {
		strcpy(buf, "0");
		return;
	}
	for (int p = 15; p <= 17; p++) {
		snprintf(buf, DI_NUM_BUFSZ, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

static void check_format(double v)
{
	char got[DI_NUM_BUFSZ], want[DI_NUM_BUFSZ];
	size_t n = di_num_format(v, 0, got);
	printf_rule(v, want);
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("%a: di_num_format gives '%s', printf '%s'", v, got, want);
}

static void test_format_cases(void **state)
{
	/* exact ties at 16 and 17 digits (printf rounds them to even),
	 * the ends of the range, the switch to exponents */
	static const double cases[] = {
		0.1, 0.5, 1.0 / 3, 2251799813685247.75, 2251799813685247.25,
		1234567890123456.5, 1125899906842624.125, 4503599627370495.5,
		9007199254740993.0, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23,
		123456789012345678.0, 1e-4, 1e-5, 0.00012345, 5e-324,
		2.2250738585072014e-308, 1.7976931348623157e308, 100, 12345.678};
	char buf[DI_NUM_BUFSZ];
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_format(cases[i]);
		check_format(-cases[i]);
	}
	assert_int_equal(di_num_format(-0.0, 0, buf), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(di_num_format(NAN, 0, buf), 0);
	assert_int_equal(di_num_format(-1.25e-7, 1, buf), 9);
	assert_string_equal(buf, "-1,25e-07");
}

static void test_format_random(void **state)
{
	uint64_t s = 0x9E3779B97F4A7C15u;
	(void)state;
	for (int i = 0; i < 400000; i++)
		check_format(numgen_double(&s));
}

/* t's reading through fast_float (di_dconv_parse) is double-conversion's */
static void check_two_paths(const char *t, size_t n)
{
	double fast = 0, dc = 0;
	int rf = di_dconv_parse(t, (int)n, &fast), rd = di_dconv_parse_dc(t, (int)n, &dc);
	if (rf != rd)
		fail_msg("'%s': fast_float path %s, double-conversion %s", t,
			 rf ? "rejects" : "accepts", rd ? "rejects" : "accepts");
	if (!rf && memcmp(&fast, &dc, sizeof(fast)) != 0)
		fail_msg("'%s': fast_float path %a, double-conversion %a", t, fast, dc);
}

static void check_parse(const char *t)
{
	size_t n = strlen(t);
	char *end;
	double want = strtod(t, &end), got = 0;
	int ok = n > 0 && end == t + n;
	int rc = di_num_parse(t, n, 0, &got);
	check_two_paths(t, n);
	if (rc != (ok ? 0 : -1))
		fail_msg("'%s': di_num_parse %s, strtod %s", t,
			 rc ? "rejects" : "accepts", ok ? "accepts" : "rejects");
	if (ok && memcmp(&got, &want, sizeof(got)) != 0 && !(isnan(got) && isnan(want)))
		fail_msg("'%s': di_num_parse %a, strtod %a", t, got, want);
}

static void test_parse_cases(void **state)
{
	static const char *const cases[] = {
		"1.", ".5", "-.5", "+1e5", "1e", "e5", "-", "+", ".", "1e+",
		"1..2", "1e5e5", "--1", "+-1", "00012.5000", "12e+0300", "1e400",
		"-1e400", "1e-400", "2.4703282292062328e-324", "9007199254740993",
		"9007199254740993.000000000000000000001", "inf", "-Infinity",
		"NAN", "infinit", "+.e1", "0e0", "-0", "1E-5"};
	double v;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_parse(cases[i]);
	/* blanks around, a decimal comma where allowed, never two separators */
	assert_int_equal(di_num_parse(" \t2.5 ", 6, 0, &v), 0);
	assert_true(v == 2.5);
	assert_int_equal(di_num_parse("2,5", 3, 1, &v), 0);
	assert_true(v == 2.5);
	assert_int_equal(di_num_parse("2,5", 3, 0, &v), -1);
	assert_int_equal(di_num_parse("1.234,5", 7, 1, &v), -1);
	assert_int_equal(di_num_parse("0x10", 4, 0, &v), -1);
	assert_int_equal(di_num_parse("", 0, 0, &v), -1);
}

static void test_parse_random(void **state)
{
	uint64_t s = 0xD1B54A32D192ED03u;
	char t[128];
	(void)state;
	for (int i = 0; i < 300000; i++) {
		numgen_text(&s, t);
		check_parse(t);
	}
}

/* check(t) for every text t of 1 to maxlen (at most 15) characters over
 * alpha. */
static void each_text(const char *alpha, size_t maxlen, void (*check)(const char *))
{
	const size_t na = strlen(alpha);
	char t[16];
	for (size_t len = 1; len <= maxlen; len++) {
		size_t total = 1;
		for (size_t k = 0; k < len; k++)
			total *= na;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;
			for (size_t k = 0; k < len; k++, c /= na)
				t[k] = alpha[c % na];
			t[len] = '\0';
			check(t);
		}
	}
}

/* Every text of 1 to 5 characters over the alphabet di_num_parse hands to
 * dconv.cc (digits, point, signs, exponent letters): 813,615 texts, every
 * placement of a sign, point and exponent that short texts can have. */
static void test_parse_short_texts(void **state)
{
	(void)state;
	each_text("0123456789.+-eE", 5, check_parse);
}

/* A plain price (di_num_plain_price) is one di_num_parse reads as a
 * number in [1, 1e15]; each case says which texts are plain. */
static void check_plain(const char *t, int decimal_comma)
{
	double v;
	if (!di_num_plain_price(t, strlen(t), decimal_comma))
		return;
	if (di_num_parse(t, strlen(t), decimal_comma, &v) != 0 || !(v >= 1 && v <= 1e15))
		fail_msg("'%s' is plain, but di_num_parse gives %d, %g", t,
			 di_num_parse(t, strlen(t), decimal_comma, &v), v);
}

static void check_plain_both(const char *t)
{
	check_plain(t, 0);
	check_plain(t, 1);
}

static void test_plain_price(void **state)
{
	static const char *const plain[] = {"1", "9", "10", "123.4567", "999999999999999",
					    "999999999999999.999", "1.0",
					    "1.00000000000000000000000000000000000000000000000000"
					    "000000000000" /* 64 bytes */};
	static const char *const not_plain[] = {"0", "0.5", "01", ".5", "12.", "1e5", "+1", "-1",
						" 12", "12 ", "1,5", "1.2.3", "1000000000000000",
						"1.00000000000000000000000000000000000000000000000000"
						"0000000000000" /* 65 */, "NA", ""};
	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		assert_true(di_num_plain_price(plain[i], strlen(plain[i]), 0));
		check_plain(plain[i], 0);
	}
	for (size_t i = 0; i < sizeof(not_plain) / sizeof(*not_plain); i++)
		assert_false(di_num_plain_price(not_plain[i], strlen(not_plain[i]), 0));
	assert_true(di_num_plain_price("1,5", 3, 1));
	assert_true(di_num_plain_price("1.5", 3, 1));
	assert_false(di_num_plain_price("1,5.2", 5, 1));
	/* every text of 1 to 6 characters over the characters a cell may
	 * hold around a number, both dialects: 26 million texts */
	each_text("0123456789.,+-eE ", 6, check_plain_both);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_cases),
		cmocka_unit_test(test_format_random),
		cmocka_unit_test(test_parse_cases),
		cmocka_unit_test(test_parse_random),
		cmocka_unit_test(test_parse_short_texts),
		cmocka_unit_test(test_plain_price),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
