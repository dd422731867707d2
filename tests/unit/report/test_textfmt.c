/*
 * test_textfmt.c - the number and word formats of the summaries: no
 * signed zero after rounding, p-values in a sentence ("p < 0.0001", never
 * "p = <0.0001"), counts that agree with their noun, moves in words.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "textfmt.h"

static void no_signed_zero(void **state)
{
	char b[32];
	(void)state;
	assert_string_equal(di_txt_pct(-0.00001, b, sizeof(b)), "0.00%"); /* -0.001% */
	assert_string_equal(di_txt_pct(0.00004, b, sizeof(b)), "0.00%");
	assert_string_equal(di_txt_pct(-0.0, b, sizeof(b)), "0.00%");
	assert_string_equal(di_txt_pct(-0.0001, b, sizeof(b)), "-0.01%");
	assert_string_equal(di_txt_pct(0.0123, b, sizeof(b)), "+1.23%");
	assert_string_equal(di_txt_pct(NAN, b, sizeof(b)), "-");
	assert_string_equal(di_txt_pct_u(-0.00001, b, sizeof(b)), "0.00%");
	assert_string_equal(di_txt_fixed(-0.0004, 3, b, sizeof(b)), "0.000");
	assert_string_equal(di_txt_fixed(-0.0005001, 3, b, sizeof(b)), "-0.001");
	assert_string_equal(di_txt_fixed(NAN, 3, b, sizeof(b)), "-");
	assert_string_equal(di_txt_fixed(-10.0, 0, b, sizeof(b)), "-10");
	assert_string_equal(di_txt_pp(-0.00001, b, sizeof(b)), "0.00 pp");
	assert_string_equal(di_txt_pp(-0.0026, b, sizeof(b)), "-0.26 pp");
	assert_string_equal(di_txt_pp(NAN, b, sizeof(b)), "-");
}

static void p_in_a_sentence(void **state)
{
	char b[48];
	(void)state;
	assert_string_equal(di_txt_p("p", 0.00001, b, sizeof(b)), "p < 0.0001");
	assert_string_equal(di_txt_p("placebo p", 0.08, b, sizeof(b)), "placebo p = 0.0800");
	assert_string_equal(di_txt_p("nominal p", NAN, b, sizeof(b)), "no nominal p");
	assert_string_equal(di_txt_pval(0.00001, b, sizeof(b)), "<0.0001");
	assert_string_equal(di_txt_pval(0.02119, b, sizeof(b)), "0.0212");
}

static void counts_and_words(void **state)
{
	char b[48];
	(void)state;
	assert_string_equal(di_txt_count(0, "stock", "stocks", b, sizeof(b)), "no stocks");
	assert_string_equal(di_txt_count(1, "stock", "stocks", b, sizeof(b)), "1 stock");
	assert_string_equal(di_txt_count(4, "stock", "stocks", b, sizeof(b)), "4 stocks");
	assert_string_equal(di_txt_number(4, b, sizeof(b)), "four");
	assert_string_equal(di_txt_number(10, b, sizeof(b)), "ten");
	assert_string_equal(di_txt_number(11, b, sizeof(b)), "11");
	assert_string_equal(di_txt_move(-0.0123, b, sizeof(b)), "fell 1.23%");
	assert_string_equal(di_txt_move(0.0009, b, sizeof(b)), "rose 0.09%");
	assert_string_equal(di_txt_move(-0.00001, b, sizeof(b)), "did not move (0.00%)");
	assert_string_equal(di_txt_move(NAN, b, sizeof(b)), "had no return");
}

/* A wrapped paragraph: every line within DI_TXT_WIDTH characters (UTF-8
 * counted as one), continuation lines indented two more, and the words,
 * joined again, are the sentence. */
static void wrapped_paragraph(void **state)
{
	di_txt_line l = {.n = 0};
	char *buf = NULL, joined[4096] = "", *line, *save = NULL;
	size_t len = 0, nlines = 0;
	FILE *f = open_memstream(&buf, &len);
	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 40; i++)
		di_txt_add(&l, "%sword%d \xC3\xA9t\xC3\xA9", i ? " " : "", i);
	di_txt_para(f, "  ", &l);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t ind = nlines ? 4 : 2;
		assert_true(di_txt_width(line) <= DI_TXT_WIDTH);
		assert_true(strncmp(line, "    ", ind) == 0 && line[ind] != ' ');
		strcat(joined, joined[0] ? " " : "");
		strcat(joined, line + ind);
		nlines++;
	}
	assert_true(nlines >= 4);
	assert_string_equal(joined, l.s);
	free(buf);
	assert_int_equal(di_txt_width("\xC3\xA9t\xC3\xA9"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_signed_zero),
		cmocka_unit_test(p_in_a_sentence),
		cmocka_unit_test(counts_and_words),
		cmocka_unit_test(wrapped_paragraph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
