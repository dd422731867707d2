/*
 * test_svg.c - the SVG writer: fixed-point numbers (also under a locale
 * with a decimal comma), XML escaping, nice ticks checked by hand, the
 * scale, the elements, the plot file names and the bar chart.
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

#include "plots.h"
#include "svg.h"

static const char *fx(double v, int dec)
{
	static char buf[DI_SVG_NUMSZ];
	size_t n = di_svg_fixed(v, dec, buf);
	assert_int_equal(n, strlen(buf));
	return buf;
}

static void test_fixed(void **state)
{
	(void)state;
	assert_string_equal(fx(0.0, 2), "0.00");
	assert_string_equal(fx(-0.0, 2), "0.00");
	assert_string_equal(fx(-0.004, 2), "0.00"); /* no "-0.00" */
	assert_string_equal(fx(0.05, 2), "0.05");
	assert_string_equal(fx(2.125, 2), "2.13");   /* exact half: away from 0 */
	assert_string_equal(fx(-2.125, 2), "-2.13");
	assert_string_equal(fx(0.0625, 3), "0.063");
	assert_string_equal(fx(812.375, 2), "812.38");
	assert_string_equal(fx(-41.7, 2), "-41.70");
	assert_string_equal(fx(0.5, 0), "1");
	assert_string_equal(fx(-0.5, 0), "-1");
	assert_string_equal(fx(1234567.5, 0), "1234568");
	assert_string_equal(fx(7.0, 0), "7");
	assert_string_equal(fx(3.14159265, 6), "3.141593");
	assert_string_equal(fx(3.14159265, 9), "3.141593"); /* decimals capped at 6 */
	assert_string_equal(fx(3.7, -1), "4");              /* and at least 0 */
	/* never invalid XML, never a locale's or libc's idea of NaN */
	assert_string_equal(fx(NAN, 2), "0.00");
	assert_string_equal(fx(INFINITY, 2), "0.00");
	assert_string_equal(fx(-INFINITY, 1), "0.0");
	assert_string_equal(fx(1e13, 2), "0.00");
	assert_string_equal(fx(999999999999.0, 2), "999999999999.00");
}

/* A decimal-comma locale must not reach the coordinates. */
static void test_fixed_locale(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;
	if (!setlocale(LC_NUMERIC, "de_DE.utf8") && !setlocale(LC_NUMERIC, "de_DE.UTF-8") &&
	    !setlocale(LC_NUMERIC, "fr_FR.utf8"))
		skip(); /* no such locale here: nothing to show */
	assert_string_equal(fx(2.125, 2), "2.13");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	di_svg_line(f, 1.5, 2.25, 300.125, 4, "#000", 0.5, NULL);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "<line x1=\"1.50\" y1=\"2.25\" x2=\"300.13\" y2=\"4.00\" "
				 "stroke=\"#000\" stroke-width=\"0.50\"/>\n");
	free(buf);
	setlocale(LC_NUMERIC, "C");
}

static char *capture_escape(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	di_svg_escape(f, s);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_escape(void **state)
{
	char *out;
	(void)state;
	out = capture_escape("Berlin talks: issues \"90% resolved\" & <more> 'soon'");
	assert_string_equal(out, "Berlin talks: issues &quot;90% resolved&quot; &amp; &lt;more&gt; "
				 "&apos;soon&apos;");
	free(out);
	/* already-escaped text is escaped again: the input is text, not XML */
	out = capture_escape("&amp;");
	assert_string_equal(out, "&amp;amp;");
	free(out);
	/* control characters are not allowed in XML 1.0; tab and newline are */
	out = capture_escape("a\x01" "b\tc\nd\x1f");
	assert_string_equal(out, "a?b\tc\nd?");
	free(out);
	/* UTF-8 passes through */
	out = capture_escape("Zürich \xE2\x88\x9A");
	assert_string_equal(out, "Zürich \xE2\x88\x9A");
	free(out);
	out = capture_escape("");
	assert_string_equal(out, "");
	free(out);
}

static void check_ticks(double lo, double hi, int max_int, double first, double step, int n)
{
	di_ticks t;
	di_svg_ticks(lo, hi, max_int, &t);
	assert_int_equal(t.n, n);
	assert_true(fabs(t.step - step) <= 1e-15 * fabs(step));
	assert_true(fabs(di_svg_tick(&t, 0) - first) <= 1e-15 * (1 + fabs(first)));
	/* the ticks cover the range */
	assert_true(di_svg_tick(&t, 0) <= lo);
	assert_true(di_svg_tick(&t, t.n - 1) >= hi);
	assert_true(t.n - 1 <= max_int);
}

static void test_ticks(void **state)
{
	di_ticks t;
	(void)state;
	/* [-0.034, 0.061]: 0.01 would need 11 intervals, 0.02 needs 6: ticks
	 * every 0.02 from -0.04; 0.061 > 0.06, so the top tick is 0.08 */
	di_svg_ticks(-0.034, 0.061, 8, &t);
	assert_int_equal(t.m, 2);
	assert_int_equal(t.e, -2);
	assert_int_equal(t.first, -2);
	assert_int_equal(t.n, 7);
	/* exact: (k m) / 100 rounded once is the double nearest the decimal */
	assert_true(di_svg_tick(&t, 0) == -0.04);
	assert_true(di_svg_tick(&t, 1) == -0.02);
	assert_true(di_svg_tick(&t, 2) == 0.0);
	assert_true(di_svg_tick(&t, 5) == 0.06);
	assert_true(di_svg_tick(&t, 6) == 0.08);
	assert_int_equal(di_svg_ticks_decimals(&t, 2), 0); /* -4%, -2%, ... */
	assert_int_equal(di_svg_ticks_decimals(&t, 0), 2); /* -0.04, ... */

	/* an event window of relative days */
	check_ticks(-10, 10, 10, -10, 2, 11);
	check_ticks(-10, 10, 4, -10, 5, 5);
	check_ticks(-5, 7, 10, -6, 2, 8);
	/* 0.06 / 0.02 = 2.9999999999999996: no spurious fourth interval */
	check_ticks(0, 0.06, 3, 0, 0.02, 4);
	check_ticks(0.95, 1.05, 4, 0.95, 0.05, 3);
	check_ticks(0, 1, 5, 0, 0.2, 6);
	check_ticks(-0.0012, 0.0031, 5, -0.002, 0.002, 4); /* 0.001 needs 6 */
	check_ticks(-120, 35, 8, -120, 20, 9);
	/* reversed bounds are swapped */
	check_ticks(0.061, -0.034, 8, -0.04, 0.02, 7);

	/* half-percent steps need a decimal in percent */
	di_svg_ticks(0, 0.02, 4, &t);
	assert_int_equal(t.m, 5);
	assert_int_equal(t.e, -3);
	assert_int_equal(di_svg_ticks_decimals(&t, 2), 1);

	/* a single value is widened around it; so is zero */
	di_svg_ticks(0.3, 0.3, 8, &t);
	assert_true(di_svg_tick(&t, 0) < 0.3 && di_svg_tick(&t, t.n - 1) > 0.3);
	di_svg_ticks(0, 0, 8, &t);
	assert_true(t.n >= 2 && di_svg_tick(&t, 0) < 0 && di_svg_tick(&t, t.n - 1) > 0);
	/* not a number: some valid axis all the same */
	di_svg_ticks(NAN, 1, 8, &t);
	assert_true(t.n >= 2 && t.step > 0);
	/* max_int below 1 is read as 1 */
	di_svg_ticks(0.1, 0.9, 0, &t);
	assert_int_equal(t.n, 2);
	assert_true(di_svg_tick(&t, 0) == 0.0 && di_svg_tick(&t, 1) == 1.0);
}

static void test_scale_and_width(void **state)
{
	di_scale s = {-0.04, 0.08, 500, 80}; /* y grows downwards */
	di_scale flat = {1, 1, 10, 30};
	(void)state;
	assert_true(fabs(di_svg_map(&s, -0.04) - 500) < 1e-9);
	assert_true(fabs(di_svg_map(&s, 0.08) - 80) < 1e-9);
	assert_true(fabs(di_svg_map(&s, 0.02) - 290) < 1e-9);
	assert_true(di_svg_map(&flat, 1) == 20);
	/* widths: monotone, UTF-8 characters count once */
	assert_true(di_svg_text_width("", 0, 12) == 0);
	assert_true(di_svg_text_width("MM", 2, 12) > di_svg_text_width("ii", 2, 12));
	assert_true(di_svg_text_width("\xC3\xBC", 2, 12) > 0);
	assert_true(di_svg_text_width("\xC3\xBC", 2, 12) < di_svg_text_width("uu", 2, 12));
	assert_true(di_svg_text_width("abc", 2, 12) == di_svg_text_width("ab", 2, 12));
}

static char *capture_doc(void)
{
	char *buf = NULL;
	size_t len = 0;
	double x[3] = {0, 10.005, 20}, y[3] = {5, -2.5, 1.0 / 3};
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	di_svg_begin(f, 900, 600, "A & B");
	di_svg_polyline(f, 3, x, y, "#123456", 1.25, NULL);
	di_svg_polygon(f, 3, x, y, "#4c72b0", 0.18);
	di_svg_rect(f, 1, 2, -3, 4, "#fff", NULL, 1.0);
	di_svg_circle(f, 1, 2, 3, "#fff", "#000");
	di_svg_text(f, 20, 300, 12, "middle", "bold", "#222", -90, "CAR (%) <x>");
	di_svg_end(f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_elements(void **state)
{
	char *a = capture_doc(), *b = capture_doc();
	(void)state;
	assert_string_equal(a, b); /* a pure function of its arguments */
	assert_non_null(strstr(a, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
	assert_non_null(strstr(a, "<title>A &amp; B</title>"));
	assert_non_null(strstr(a, "points=\"0.00,5.00 10.01,-2.50 20.00,0.33\" fill=\"none\""));
	assert_non_null(strstr(a, "fill=\"#4c72b0\" stroke=\"none\" fill-opacity=\"0.18\""));
	assert_non_null(strstr(a, "width=\"0.00\" height=\"4.00\"")); /* no negative width */
	assert_non_null(strstr(a, "<text x=\"20.00\" y=\"300.00\" font-size=\"12.00\" "
				  "text-anchor=\"middle\" font-weight=\"bold\" fill=\"#222\" "
				  "transform=\"rotate(-90.00 20.00 300.00)\">CAR (%) &lt;x&gt;</text>"));
	assert_true(strlen(a) > 7 && !strcmp(a + strlen(a) - 7, "</svg>\n"));
	free(a);
	free(b);
}

static void test_event_file(void **state)
{
	char buf[256], small[24];
	char long_id[400];
	(void)state;
	di_plot_event_file("mar-a-lago", buf, sizeof(buf));
	assert_string_equal(buf, "car-mar-a-lago.svg");
	di_plot_event_file("../etc/x y", buf, sizeof(buf));
	assert_string_equal(buf, "car-.._etc_x_y.svg");
	di_plot_event_file("Zürich_1", buf, sizeof(buf));
	assert_string_equal(buf, "car-Zürich_1.svg");
	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	di_plot_event_file(long_id, buf, sizeof(buf));
	assert_true(strlen(buf) <= 208);
	assert_string_equal(buf + strlen(buf) - 4, ".svg");
	/* a small buffer is never overrun */
	di_plot_event_file(long_id, small, sizeof(small));
	assert_true(strlen(small) < sizeof(small));
	assert_string_equal(small + strlen(small) - 4, ".svg");
	/* a UTF-8 character is never cut in half */
	di_plot_event_file("\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC", small, sizeof(small));
	assert_true(((unsigned char)small[strlen(small) - 5] & 0xC0) == 0x80);
	assert_true(((unsigned char)small[strlen(small) - 6] & 0xC0) == 0xC0);
	/* an id that fits keeps its last character */
	di_plot_event_file("ab\xC3\xBC", small, sizeof(small));
	assert_string_equal(small, "car-ab\xC3\xBC.svg");
}

static void test_bars(void **state)
{
	const char *labels[3] = {"RHM.DE", "BA.L & co", "Sector <index>"};
	const double a[3] = {-0.0412, 0.0123, NAN}, b[3] = {-0.021, 0.004, -0.015};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	(void)state;
	assert_non_null(f);
	assert_int_equal(di_plot_bars(f, "Reported moves, 29 Dec", "move (%)", 3, labels, a, b,
				      "reported", "expected", -0.015, "sector"),
			 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf, ">BA.L &amp; co</text>"));
	assert_non_null(strstr(buf, ">Sector &lt;index&gt;</text>"));
	assert_non_null(strstr(buf, ">-4.12%</text>"));
	assert_non_null(strstr(buf, ">+1.23%</text>"));
	assert_non_null(strstr(buf, ">n/a</text>"));
	assert_non_null(strstr(buf, "stroke-dasharray=\"5 3\""));
	assert_null(strstr(buf, "nan"));
	free(buf);
	/* without b and without a reference line */
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(di_plot_bars(f, "t", "move (%)", 3, labels, a, NULL, "reported", NULL,
				      NAN, NULL),
			 0);
	assert_int_equal(fclose(f), 0);
	assert_null(strstr(buf, "stroke-dasharray"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_fixed_locale),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_scale_and_width),
		cmocka_unit_test(test_elements),
		cmocka_unit_test(test_event_file),
		cmocka_unit_test(test_bars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
