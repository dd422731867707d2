/*
 * test_digest.c - SHA-256 against the FIPS 180-2 vectors (of bytes and of
 * files, one of them many read chunks long), a missing file, and the
 * digests of a list of files made on a thread or when asked: the same
 * digests either way, from two threads at once, a missing file's error on
 * its own entry only, a path not in the list, and a free while hashing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "error.h"

#define TH_TMP_PREFIX "/tmp/di_test_digest_"
#include "tmp_helper.h"

#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_448 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define SHA_MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

/* tmpdir/name, in a buffer of the caller's */
static char *path_of(const char *name, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
	return buf;
}

static void write_file(const char *name, const char *content, size_t n)
{
	char p[512];
	FILE *f = fopen(path_of(name, p, sizeof(p)), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* empty, abc and a million 'a' in tmpdir (million: a file of many chunks) */
static void write_vectors(void)
{
	char *big = malloc(1000000);
	assert_non_null(big);
	memset(big, 'a', 1000000);
	write_file("empty", "", 0);
	write_file("abc", "abc", 3);
	write_file("million", big, 1000000);
	free(big);
}

static void test_sha256_bytes(void **state)
{
	char hex[DI_SHA256_HEXSZ];
	(void)state;
	di_sha256_hex("", 0, hex);
	assert_string_equal(hex, SHA_EMPTY);
	di_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, SHA_ABC);
	di_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, SHA_448);
}

static void test_sha256_file(void **state)
{
	char hex[DI_SHA256_HEXSZ], p[512];
	unsigned long long size = 99;
	(void)state;
	write_vectors();
	assert_int_equal(di_sha256_file(path_of("empty", p, sizeof(p)), hex, &size), 0);
	assert_string_equal(hex, SHA_EMPTY);
	assert_true(size == 0);
	assert_int_equal(di_sha256_file(path_of("abc", p, sizeof(p)), hex, &size), 0);
	assert_string_equal(hex, SHA_ABC);
	assert_true(size == 3);
	assert_int_equal(di_sha256_file(path_of("million", p, sizeof(p)), hex, &size), 0);
	assert_string_equal(hex, SHA_MILLION_A);
	assert_true(size == 1000000);
	/* a missing file is an I/O error that names it */
	assert_int_equal(di_sha256_file(path_of("missing.csv", p, sizeof(p)), hex, &size), DI_EIO);
	assert_non_null(strstr(di_error_message(), "missing.csv"));
}

/* The four paths of the list: million, missing.csv, abc, empty. */
typedef struct list {
	char buf[4][512];
	const char *p[4];
} list;

static void make_list(list *l)
{
	static const char *const names[4] = {"million", "missing.csv", "abc", "empty"};
	write_vectors();
	for (int i = 0; i < 4; i++)
		l->p[i] = path_of(names[i], l->buf[i], sizeof(l->buf[i]));
}

/* Every entry of l read back from d, last first (a reader may ask for any
 * file in any order), as the vectors say. */
static void check_list(di_digests *d, const list *l)
{
	char hex[DI_SHA256_HEXSZ];
	unsigned long long size = 99;
	assert_int_equal(di_digests_get(d, l->p[3], hex, &size), 0);
	assert_string_equal(hex, SHA_EMPTY);
	assert_true(size == 0);
	assert_int_equal(di_digests_get(d, l->p[2], hex, &size), 0);
	assert_string_equal(hex, SHA_ABC);
	assert_true(size == 3);
	assert_int_equal(di_digests_get(d, l->p[1], hex, &size), DI_EIO);
	assert_non_null(strstr(di_error_message(), "missing.csv"));
	assert_int_equal(di_digests_get(d, l->p[0], hex, &size), 0);
	assert_string_equal(hex, SHA_MILLION_A);
	assert_true(size == 1000000);
	/* not in the list: 1, nothing set */
	assert_int_equal(di_digests_get(d, "elsewhere.csv", hex, &size), 1);
	assert_int_equal(di_digests_get(NULL, l->p[0], hex, &size), 1);
}

static void test_digests(void **state)
{
	list l;
	(void)state;
	make_list(&l);
	for (int threaded = 0; threaded <= 1; threaded++) {
		di_digests *d = NULL;
		assert_int_equal(di_digests_start(&d, l.p, 4, threaded), 0);
		check_list(d, &l);
		check_list(d, &l); /* again: kept */
		di_digests_free(d);
	}
	{
		di_digests *d = NULL;
		assert_int_equal(di_digests_start(&d, NULL, 0, 1), 0);
		assert_int_equal(di_digests_get(d, l.p[0], NULL, NULL), 1);
		di_digests_free(d);
	}
	di_digests_free(NULL);
}

typedef struct reader {
	di_digests *d;
	const list *l;
	int ok;
} reader;

static void *read_all(void *arg)
{
	reader *r = arg;
	char hex[DI_SHA256_HEXSZ];
	unsigned long long size;
	r->ok = di_digests_get(r->d, r->l->p[0], hex, &size) == 0 &&
		strcmp(hex, SHA_MILLION_A) == 0 && size == 1000000 &&
		di_digests_get(r->d, r->l->p[1], hex, &size) == DI_EIO &&
		strstr(di_error_message(), "missing.csv") != NULL &&
		di_digests_get(r->d, r->l->p[2], hex, &size) == 0 && strcmp(hex, SHA_ABC) == 0;
	return NULL;
}

/* Two readers waiting at once, with and without the hashing thread (the
 * one that comes first hashes, the other waits on the lock). */
static void test_digests_two_readers(void **state)
{
	list l;
	(void)state;
	make_list(&l);
	for (int threaded = 0; threaded <= 1; threaded++) {
		di_digests *d = NULL;
		reader r[2];
		pthread_t th[2];
		assert_int_equal(di_digests_start(&d, l.p, 4, threaded), 0);
		for (int i = 0; i < 2; i++) {
			r[i] = (reader){d, &l, 0};
			assert_int_equal(pthread_create(&th[i], NULL, read_all, &r[i]), 0);
		}
		for (int i = 0; i < 2; i++) {
			assert_int_equal(pthread_join(th[i], NULL), 0);
			assert_true(r[i].ok);
		}
		di_digests_free(d);
	}
}

/* Freed at once, while the thread may be inside the first file: no
 * reader, no leak (the sanitizer build), no wait for the whole list. */
static void test_digests_free_early(void **state)
{
	list l;
	(void)state;
	make_list(&l);
	for (int i = 0; i < 20; i++) {
		di_digests *d = NULL;
		assert_int_equal(di_digests_start(&d, l.p, 4, 1), 0);
		di_digests_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_bytes),
		cmocka_unit_test(test_sha256_file),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_digests_two_readers),
		cmocka_unit_test(test_digests_free_early),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
