/*
 * test_numparse_slow.c - di_num_parse equals strtod (C locale) on 10^8
 * inputs from numgen.h: random digit strings over the whole exponent
 * range, exact and nearly exact midpoints between neighbouring doubles,
 * texts near overflow and underflow, long runs of zeros, malformed texts.
 * Acceptance must agree, and the bits of every number read. Label slow.
 *
 * The inputs come in chunks of 10^6, each from its own seed, shared out to
 * one thread per core: the same inputs whatever the number of threads. A
 * failure names the input. DI_NUMPARSE_INPUTS sets another total.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "numfmt.h"
#include "numgen.h"

#define CHUNK 1000000L
#define MAX_THREADS 16

typedef struct work {
	pthread_mutex_t lock;
	long next, nchunks; /* the next chunk to take */
	long checked, accepted, failures;
	char first[256];    /* the first failure */
} work;

/* 0, or 1 with a description of the mismatch in msg */
static int differs(const char *t, char *msg, size_t cap)
{
	size_t n = strlen(t);
	char *end;
	double want = strtod(t, &end), got = 0;
	int ok = n > 0 && end == t + n;
	int rc = di_num_parse(t, n, 0, &got);
	if (rc != (ok ? 0 : -1)) {
		snprintf(msg, cap, "'%s': di_num_parse %s it, strtod %s it", t,
			 rc ? "rejects" : "accepts", ok ? "accepts" : "rejects");
		return 1;
	}
	if (ok && memcmp(&got, &want, sizeof(got)) != 0 && !(isnan(got) && isnan(want))) {
		snprintf(msg, cap, "'%s': di_num_parse %a, strtod %a", t, got, want);
		return 1;
	}
	return 0;
}

static void run_chunk(work *w, long chunk)
{
	uint64_t s = 0x9E3779B97F4A7C15u * (uint64_t)(chunk + 1);
	long bad = 0, accepted = 0;
	char t[128], msg[256] = "";
	for (long i = 0; i < CHUNK; i++) {
		char m[256];
		double v;
		numgen_text(&s, t);
		accepted += di_num_parse(t, strlen(t), 0, &v) == 0;
		if (differs(t, m, sizeof(m)) && !bad++)
			memcpy(msg, m, sizeof(msg));
	}
	pthread_mutex_lock(&w->lock);
	w->checked += CHUNK;
	w->accepted += accepted;
	if (bad && !w->failures)
		memcpy(w->first, msg, sizeof(w->first));
	w->failures += bad;
	pthread_mutex_unlock(&w->lock);
}

static void *worker(void *arg)
{
	work *w = arg;
	for (;;) {
		long chunk;
		pthread_mutex_lock(&w->lock);
		chunk = w->next < w->nchunks ? w->next++ : -1;
		pthread_mutex_unlock(&w->lock);
		if (chunk < 0)
			return NULL;
		run_chunk(w, chunk);
	}
}

static void test_equals_strtod(void **state)
{
	const char *env = getenv("DI_NUMPARSE_INPUTS");
	long total = env ? atol(env) : 100000000L;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : (int)cores;
	pthread_t th[MAX_THREADS];
	work w = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, ""};
	(void)state;
	w.nchunks = (total + CHUNK - 1) / CHUNK;
	for (int i = 0; i < nt; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &w), 0);
	for (int i = 0; i < nt; i++)
		pthread_join(th[i], NULL);
	print_message("%ld inputs on %d threads, %ld numbers, %ld mismatches\n",
		      w.checked, nt, w.accepted, w.failures);
	if (w.failures)
		fail_msg("%ld of %ld inputs differ; the first: %s", w.failures,
			 w.checked, w.first);
	/* the generator must reach both outcomes in earnest */
	assert_true(w.accepted > w.checked / 2 && w.accepted < w.checked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_strtod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
