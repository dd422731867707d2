/*
 * test_moves_wording.c - the moves summary where nothing can be tested:
 * the benchmark has no price history, so no stock has a model and no row
 * has a z. The text must say so in words ("none (no row has a z)", "no
 * stock with a model"), never "none of the 0 rows" or "0 stocks with a
 * model ()", and never print a signed zero.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "moves.h"

#define DATA DI_SOURCE_DIR "/tests/data/moves/"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long len;
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc((size_t)len + 1, 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return text;
}

static void nothing_to_test(void **state)
{
	static const char *const kv[] = {
		"prices", DATA "prices", "benchmark", "IDX", "estimation", "-6:-1",
		"min-estimation", "5", "reported", DATA "reported.csv", "out", "/nonexistent",
		NULL};
	static const char *const files[] = {"moves.csv", "summary.txt", "moves.svg",
					    "manifest.txt", ".defimpact"};
	char tmpl[] = "/tmp/test_moves_wording.XXXXXX", out[64], path[128];
	di_study *s = NULL;
	di_moves *m = NULL;
	char *text;
	(void)state;
	assert_int_equal(di_study_new(&s, DI_CMD_MOVES), 0);
	for (size_t i = 0; kv[i]; i += 2)
		assert_int_equal(di_study_set(s, kv[i], kv[i + 1]), 0);
	assert_int_equal(di_study_finish(s), 0);
	assert_non_null(mkdtemp(tmpl));
	snprintf(out, sizeof(out), "%s/report", tmpl);
	if (di_moves_new(&m, s) || di_moves_write(m, out))
		fail_msg("%s", di_error_message());
	assert_int_equal(m->basket.n, 0);
	snprintf(path, sizeof(path), "%s/summary.txt", out);
	text = read_all(path);
	assert_non_null(strstr(text, "Unusual at 5% (|z|, any row): none (no row has a z)\n"));
	assert_non_null(strstr(text, "  no stock with a model: no basket mean and no basket_z\n"));
	assert_null(strstr(text, "none of the 0"));
	assert_null(strstr(text, "0 stocks"));
	assert_null(strstr(text, "-0.00"));
	assert_null(strstr(text, "= <"));
	free(text);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", out, files[i]);
		unlink(path);
	}
	rmdir(out);
	rmdir(tmpl);
	di_moves_free(m);
	di_study_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(nothing_to_test)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
