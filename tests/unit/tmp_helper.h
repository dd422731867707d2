/*
 * tmp_helper.h - a temporary folder for the unit tests that read files:
 * made by the group's setup, removed by its teardown, with the path of a
 * file in it (th_tmp_path, one static buffer) and a writer of small files
 * (th_write_str). Included by the test files after
 * cmocka.h (header-only, static). TH_TMP_PREFIX names the folder
 * ("/tmp/di_test_<name>_XXXXXX"), so that two test programs never share one.
 */
#ifndef DI_TEST_TMP_HELPER_H
#define DI_TEST_TMP_HELPER_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[] = TH_TMP_PREFIX "XXXXXX";
static char path_buf[512];

static inline const char *th_tmp_path(const char *name)
{
	snprintf(path_buf, sizeof(path_buf), "%s/%s", tmpdir, name);
	return path_buf;
}

static inline const char *th_write_str(const char *name, const char *content)
{
	const char *path = th_tmp_path(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

#endif
