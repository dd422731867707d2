/*
 * test_manifest.c - manifest.txt: the text of a study with and without
 * timestamp, its inputs' digests made here or taken from a di_digests
 * (SHA-256 itself: tests/unit/util/test_digest.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defimpact/study.h"
#include "manifest.h"

#define TH_TMP_PREFIX "/tmp/di_test_manifest_"
#include "tmp_helper.h"

#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static const char *write_file(const char *name, const char *content, size_t n)
{
	const char *p = th_tmp_path(name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return p;
}

static char *manifest_text(di_study *s, const di_manifest_input *in, size_t nin, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	*rc = di_manifest_write(f, s, NULL, 0, in, nin, NULL);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_manifest_run(void **state)
{
	di_study *s = NULL;
	di_manifest_input in[2];
	char *text, *again, expect[400];
	int rc;
	(void)state;
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	assert_int_equal(di_study_set(s, "prices", "p"), 0);
	assert_int_equal(di_study_set(s, "events", "e.csv"), 0);
	assert_int_equal(di_study_set(s, "market", "^STOXX"), 0);
	assert_int_equal(di_study_set(s, "tickers", "RHM.DE,BA.L"), 0);
	assert_int_equal(di_study_set(s, "out", "/tmp/somewhere"), 0);
	assert_int_equal(di_study_finish(s), 0);
	/* th_tmp_path returns one buffer: copy each path */
	in[0] = (di_manifest_input){"prices", strdup(write_file("abc.csv", "abc", 3))};
	in[1] = (di_manifest_input){"events", strdup(write_file("e.csv", "", 0))};
	assert_non_null(in[0].path);
	assert_non_null(in[1].path);
	text = manifest_text(s, in, 2, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "defimpact-version: "));
	assert_non_null(strstr(text, "\ncommand: run\n"));
	assert_non_null(strstr(text, "\nmodel: market\n"));
	assert_non_null(strstr(text, "\nreturns: simple\n"));
	assert_non_null(strstr(text, "\nestimation: -250:-11\n"));
	assert_non_null(strstr(text, "\nevent-window: -10:10\n"));
	assert_non_null(strstr(text, "\ncar: 0:0,0:1,-1:1,-5:5,-10:10\n"));
	assert_non_null(strstr(text, "\nmin-estimation: 120\n"));
	assert_non_null(strstr(text, "\nmarket: ^STOXX\n"));
	assert_non_null(strstr(text, "\nfactor:\n"));
	assert_non_null(strstr(text, "\ntickers: RHM.DE,BA.L\n"));
	assert_non_null(strstr(text, "\nclean-estimation: no\n"));
	assert_non_null(strstr(text, "\ncsv-dialect: rfc4180\n"));
	assert_non_null(strstr(text, "\nbom: no\n"));
	snprintf(expect, sizeof(expect), "\ninput: " SHA_ABC " 3 prices %s/abc.csv\n", tmpdir);
	assert_non_null(strstr(text, expect));
	snprintf(expect, sizeof(expect), "\ninput: " SHA_EMPTY " 0 events %s/e.csv\n", tmpdir);
	assert_non_null(strstr(text, expect));
	/* the output folder changes nothing; no time unless asked */
	assert_null(strstr(text, "/tmp/somewhere"));
	assert_null(strstr(text, "generated"));
	again = manifest_text(s, in, 2, &rc);
	assert_string_equal(text, again);
	free(again);
	free(text);
	/* digests made beforehand are the ones written: a stand-in made
	 * under prices' path from other bytes shows which was used */
	{
		di_digests *d = NULL;
		const char *paths[1] = {in[0].path};
		char *viad;
		FILE *f;
		text = manifest_text(s, in, 2, &rc);
		assert_int_equal(rc, 0);
		assert_int_equal(di_digests_start(&d, paths, 1, 1), 0);
		/* the thread has made its digest once one is read back */
		{
			char hex[DI_SHA256_HEXSZ];
			unsigned long long size;
			assert_int_equal(di_digests_get(d, in[0].path, hex, &size), 0);
		}
		f = fopen(in[0].path, "wb");
		assert_non_null(f);
		assert_int_equal(fclose(f), 0);
		{
			char *buf = NULL;
			size_t len = 0;
			f = open_memstream(&buf, &len);
			assert_non_null(f);
			rc = di_manifest_write(f, s, NULL, 0, in, 2, d);
			assert_int_equal(fclose(f), 0);
			viad = buf;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(viad, text); /* abc's digest, from d */
		free(viad);
		di_digests_free(d);
		/* without d the file as it is now: empty */
		viad = manifest_text(s, in, 2, &rc);
		snprintf(expect, sizeof(expect), "\ninput: " SHA_EMPTY " 0 prices %s/abc.csv\n",
			 tmpdir);
		assert_non_null(strstr(viad, expect));
		free(viad);
		free(text);
	}
	/* an input that has gone is an I/O error */
	remove(in[1].path);
	text = manifest_text(s, in, 2, &rc);
	assert_int_equal(rc, DI_EIO);
	free(text);
	free((char *)in[0].path);
	free((char *)in[1].path);
	di_study_free(s);
}

static void test_manifest_timestamp_and_moves(void **state)
{
	di_study *s = NULL;
	char *text;
	int rc;
	(void)state;
	assert_int_equal(di_study_new(&s, DI_CMD_MOVES), 0);
	assert_int_equal(di_study_set(s, "prices", "p"), 0);
	assert_int_equal(di_study_set(s, "reported", "r.csv"), 0);
	assert_int_equal(di_study_set(s, "benchmark", "EUAD"), 0);
	assert_int_equal(di_study_set(s, "out", "o"), 0);
	assert_int_equal(di_study_set(s, "timestamp", NULL), 0);
	assert_int_equal(di_study_finish(s), 0);
	text = manifest_text(s, NULL, 0, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "\ncommand: moves\n"));
	assert_non_null(strstr(text, "\nreported: r.csv\n"));
	assert_non_null(strstr(text, "\nbenchmark: EUAD\n"));
	assert_non_null(strstr(text, "\nbenchmark-series: EUAD\n"));
	assert_non_null(strstr(text, "\nestimation: -250:-1\n"));
	assert_non_null(strstr(text, "\ntimestamp: yes\n"));
	/* generated: YYYY-MM-DDTHH:MM:SSZ */
	{
		const char *g = strstr(text, "\ngenerated: ");
		assert_non_null(g);
		g += strlen("\ngenerated: ");
		assert_true(strlen(g) >= 21);
		assert_true(g[4] == '-' && g[7] == '-' && g[10] == 'T' && g[13] == ':' &&
			    g[16] == ':' && g[19] == 'Z' && g[20] == '\n');
	}
	assert_null(strstr(text, "\nmodel:"));
	free(text);
	di_study_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_run),
		cmocka_unit_test(test_manifest_timestamp_and_moves),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
