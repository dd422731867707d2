/*
 * test_date.c - civil dates and the date formats of input files: each
 * format read by hand-made examples, impossible dates, the formats a cell
 * fits, and the names of --date-format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "date.h"

static di_date ymd(int y, int m, int d)
{
	return di_date_from_ymd(y, m, d);
}

static int parse(const char *s, di_date_fmt f, di_date *out)
{
	return di_date_parse_as(s, strlen(s), f, out);
}

static void test_days(void **state)
{
	char buf[11];
	(void)state;
	/* 1970-01-01 is day 0; 2000-03-01 is 11017 (10957 to 2000-01-01, + 31 + 29) */
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	di_date_format(ymd(2025, 12, 29), buf);
	assert_string_equal(buf, "2025-12-29");
	assert_int_equal(di_date_weekday(ymd(2025, 12, 29)), 0); /* a Monday */
	assert_int_equal(di_date_weekday(ymd(2025, 12, 28)), 6);
}

static void test_formats(void **state)
{
	di_date d;
	(void)state;
	/* ISO is read whatever the format */
	assert_int_equal(parse("2025-12-29", DI_DATE_MDY_SLASH, &d), 0);
	assert_int_equal(d, ymd(2025, 12, 29));
	assert_int_equal(parse("28/12/2025", DI_DATE_DMY_SLASH, &d), 0);
	assert_int_equal(d, ymd(2025, 12, 28));
	assert_int_equal(parse("29.12.2025", DI_DATE_DMY_DOT, &d), 0);
	assert_int_equal(d, ymd(2025, 12, 29));
	assert_int_equal(parse("12/28/2025", DI_DATE_MDY_SLASH, &d), 0);
	assert_int_equal(d, ymd(2025, 12, 28));
	/* one-digit day and month, and a time after the date */
	assert_int_equal(parse("2/1/2026 00:00:00", DI_DATE_DMY_SLASH, &d), 0);
	assert_int_equal(d, ymd(2026, 1, 2));
	assert_int_equal(parse("2/1/2026", DI_DATE_MDY_SLASH, &d), 0);
	assert_int_equal(d, ymd(2026, 2, 1));
	/* impossible dates, and the wrong separator or shape */
	assert_int_equal(parse("12/28/2025", DI_DATE_DMY_SLASH, &d), -2);
	assert_int_equal(parse("29/02/2025", DI_DATE_DMY_SLASH, &d), -2);
	assert_int_equal(parse("29.12.2025", DI_DATE_DMY_SLASH, &d), -1);
	assert_int_equal(parse("123/12/2025", DI_DATE_DMY_SLASH, &d), -1);
	assert_int_equal(parse("28/12/25", DI_DATE_DMY_SLASH, &d), -1);
	assert_int_equal(parse("28/12/2025x", DI_DATE_DMY_SLASH, &d), -1);
	/* without a format only ISO */
	assert_int_equal(parse("28/12/2025", DI_DATE_AUTO, &d), -1);
}

static void test_fits(void **state)
{
	const unsigned dmy = 1u << DI_DATE_DMY_SLASH, mdy = 1u << DI_DATE_MDY_SLASH;
	(void)state;
	assert_int_equal(di_date_fits("28/12/2025", 10), dmy);
	assert_int_equal(di_date_fits("12/28/2025", 10), mdy);
	assert_int_equal(di_date_fits("02/01/2025", 10), dmy | mdy);
	assert_int_equal(di_date_fits("29.12.2025", 10), 1u << DI_DATE_DMY_DOT);
	assert_int_equal(di_date_fits("2025-12-29", 10), 0);
	assert_int_equal(di_date_fits("31/31/2025", 10), 0);
	assert_int_equal(di_date_fits("", 0), 0);
}

static void test_names(void **state)
{
	di_date_fmt f;
	(void)state;
	assert_int_equal(di_date_fmt_parse("%d/%m/%Y", &f), 0);
	assert_int_equal(f, DI_DATE_DMY_SLASH);
	assert_int_equal(di_date_fmt_parse("ISO", &f), 0);
	assert_int_equal(f, DI_DATE_ISO);
	assert_int_equal(di_date_fmt_parse("%Y-%m-%d", &f), 0);
	assert_int_equal(f, DI_DATE_ISO);
	assert_int_equal(di_date_fmt_parse("%d-%m-%Y", &f), -1);
	assert_string_equal(di_date_fmt_name(DI_DATE_MDY_SLASH), "%m/%d/%Y");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
