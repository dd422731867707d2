/*
 * util.h - small helpers that several modules need and none owns.
 */
#ifndef DI_UTIL_H
#define DI_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Narrow the text s[0..n) to exclude leading and trailing blanks (spaces
 * and tabs; the readers' one notion of a blank around a cell). */
void di_trim(const char **s, size_t *n);

/* "dir/name", with one slash between them also when dir ends in one.
 * Allocated (di_free); NULL when out of memory, no error set. */
char *di_path_join(const char *dir, const char *name);

/* f is the library's own and one thread's at a time (a report file, a
 * memory stream of a chunk): its stdio calls skip the lock each one takes
 * by default. A CSV writes a character or a number per call: the locks
 * were a tenth of writing the reports of 30,000 security-events. */
void di_file_unlocked(FILE *f);

#endif
