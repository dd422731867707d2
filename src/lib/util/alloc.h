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
 * elements. Returns 0, or DI_ENOMEM with the error set. Inline for the
 * check: the CSV reader calls it three times per cell (2 million calls
 * for W1), and it has room nearly always. */
int di_grow_slow(void **p, size_t *cap, size_t need, size_t size);
static inline int di_grow(void **p, size_t *cap, size_t need, size_t size)
{
	return need <= *cap ? 0 : di_grow_slow(p, cap, need, size);
}

/* After freeing many small blocks (freed bytes in all): give free heap
 * memory back to the system, from DI_HEAP_RELEASE_MIN bytes on (glibc's
 * malloc_trim; nothing elsewhere). Blocks of a few tens of KB freed by
 * one thread are kept in that thread's heap, where the other threads'
 * allocations do not reuse them: a wide file's price columns, dropped
 * once the calendars are built, would otherwise stay in the peak memory
 * (W2: 551 MiB without, 389 MiB with). */
#define DI_HEAP_RELEASE_MIN ((size_t)64 << 20)
void di_heap_release(size_t freed);

#ifdef DI_TEST_HOOKS
/* Test builds only (the internal library the tests link; not in the
 * installed libraries): make the n-th allocation from now on fail (n >= 1),
 * or disable with n = 0. Returns the number of allocations made since the
 * last call. */
long di_alloc_fail_after(long n);
#endif

#endif
