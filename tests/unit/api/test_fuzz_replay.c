/*
 * test_fuzz_replay.c - replays the fuzzers' seed corpus and every input
 * that ever crashed a fuzzer (tests/fuzz/{corpus,regress}/<harness>/)
 * through the same harness bodies (tests/fuzz/fuzz_targets.h). It needs no
 * clang: the AddressSanitizer + UBSan build of scripts/test catches any
 * crash, leak or undefined behaviour, and the harnesses abort() on a
 * broken promise (a failure without a one-line message, unsorted dates...).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz_targets.h" /* tests/ is on the include path */

typedef int (*harness_fn)(const uint8_t *, size_t);

/* Replay every file of DI_SOURCE_DIR/tests/fuzz/<kind>/<name>; returns the
 * number of files. */
static int replay_dir(const char *kind, const char *name, harness_fn fn)
{
	char dir[512], path[1024];
	struct dirent **ents;
	int n, count = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/%s/%s", DI_SOURCE_DIR, kind, name);
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		FILE *f;
		uint8_t *buf;
		long size;
		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
		f = fopen(path, "rb");
		assert_non_null(f);
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
		size = ftell(f);
		assert_true(size >= 0);
		rewind(f);
		buf = malloc((size_t)size + 1);
		assert_non_null(buf);
		assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
		fclose(f);
		fn(buf, (size_t)size);
		free(buf);
		count++;
	}
	free(ents);
	return count;
}

static void replay(const char *name, harness_fn fn)
{
	int seeds = replay_dir("corpus", name, fn);
	int crashes = replay_dir("regress", name, fn);
	/* an empty corpus would make this test pass without testing */
	assert_true(seeds > 0);
	print_message("%s: %d seeds, %d regression inputs\n", name, seeds, crashes);
}

static void test_csv(void **state)
{
	(void)state;
	replay("csv", di_fuzz_csv);
}

static void test_prices(void **state)
{
	(void)state;
	replay("prices", di_fuzz_prices);
}

static void test_events(void **state)
{
	(void)state;
	replay("events", di_fuzz_events);
}

static void test_study(void **state)
{
	(void)state;
	replay("study", di_fuzz_study);
}

static void test_run(void **state)
{
	(void)state;
	replay("run", di_fuzz_run);
}

static void test_data(void **state)
{
	(void)state;
	replay("data", di_fuzz_data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_prices),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_study),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
