/*
 * alloc.h - the one allocation hook of the library. Every allocation of
 * defimpact goes through these, so that a test can fail the n-th one
 * (curl's "torture" tests, Redis's zmalloc). GSL's own allocations do not.
 */
#ifndef DI_ALLOC_H
#define DI_ALLOC_H

#include <stddef.h>

void *di_malloc(size_t size);
void *di_calloc(size_t n, size_t size);
void *di_realloc(void *p, size_t size);
/* realloc of n elements of size bytes, checking the product for overflow */
void *di_reallocarray(void *p, size_t n, size_t size);
char *di_strdup(const char *s);
char *di_strndup(const char *s, size_t n);
void di_free(void *p);

/* Grow *p (holding *cap elements of size bytes) to hold at least need
 * elements. Returns 0, or DI_ENOMEM with the error set. */
int di_grow(void **p, size_t *cap, size_t need, size_t size);

#ifdef DI_TEST_HOOKS
/* Test builds only (the internal library the tests link; not in the
 * installed libraries): make the n-th allocation from now on fail (n >= 1),
 * or disable with n = 0. Returns the number of allocations made since the
 * last call. */
long di_alloc_fail_after(long n);
#endif

#endif
