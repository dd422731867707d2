/*
 * util.c - small helpers that several modules need and none owns.
 */
#include <string.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <stdio_ext.h>
#endif

#include "alloc.h"
#include "util.h"

void di_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

char *di_path_join(const char *dir, const char *name)
{
	size_t dn = strlen(dir), nn = strlen(name);
	int slash = dn && dir[dn - 1] == '/';
	char *s = di_malloc(dn + nn + 2);
	if (!s)
		return NULL;
	memcpy(s, dir, dn);
	if (!slash)
		s[dn++] = '/';
	memcpy(s + dn, name, nn + 1);
	return s;
}

void di_file_unlocked(FILE *f)
{
#if defined(__GLIBC__) || defined(__linux__)
	__fsetlocking(f, FSETLOCKING_BYCALLER);
#else
	(void)f;
#endif
}
