/*
 * alloc.c - the allocation hook. In test builds a counter lets tests fail
 * the n-th allocation; elsewhere should_fail() is a constant 0. Nothing here
 * reports errors: callers turn NULL into di_error_oom().
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif

#include "alloc.h"
#include "error.h"

#ifdef DI_TEST_HOOKS
/* The counter exists only in test builds (DI_TEST_HOOKS): the installed
 * libraries have no global state here and no hook to export. Atomic: the
 * placebo and simulate trials allocate from several threads. */
static _Atomic long alloc_count;
static _Atomic long alloc_fail_at; /* 0: never fail */

long di_alloc_fail_after(long n)
{
	long made = atomic_exchange(&alloc_count, 0);
	atomic_store(&alloc_fail_at, n > 0 ? n : 0);
	return made;
}

static int should_fail(void)
{
	long at = atomic_load_explicit(&alloc_fail_at, memory_order_relaxed);
	long count = atomic_fetch_add_explicit(&alloc_count, 1, memory_order_relaxed) + 1;
	return at > 0 && count >= at;
}
#else
static int should_fail(void)
{
	return 0;
}
#endif

void *di_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *di_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *di_realloc(void *p, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(p, size ? size : 1);
}

void *di_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return di_realloc(p, n * size);
}

char *di_strndup(const char *s, size_t n)
{
	char *d = di_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *di_strdup(const char *s)
{
	return di_strndup(s, strlen(s));
}

void di_free(void *p)
{
	free(p);
}

int di_grow_slow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *np;
	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return di_error_oom();
		ncap *= 2;
	}
	np = di_reallocarray(*p, ncap, size);
	if (!np)
		return di_error_oom();
	*p = np;
	*cap = ncap;
	return 0;
}

void di_heap_release(size_t freed)
{
#ifdef __GLIBC__
	/* malloc_trim walks every arena under its lock: worth it only after
	 * a large release (a host program's threads wait meanwhile) */
	if (freed >= DI_HEAP_RELEASE_MIN)
		malloc_trim(0);
#else
	(void)freed;
#endif
}
