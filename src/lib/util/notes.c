/*
 * notes.c - a list of warnings that a summary prints and the tool shows
 * on stderr. It formats; it never prints: the study's handler does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "notes.h"

static void emit(const di_notes *notes, const char *msg)
{
	char line[1024];
	if (!notes->warn_fn)
		return;
	snprintf(line, sizeof(line), "%s", msg);
	di_one_line(line);
	notes->warn_fn(line, notes->warn_payload);
}

int di_notes_add(di_notes *notes, const char *fmt, ...)
{
	char buf[1024];
	char *s;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (di_grow((void **)&notes->v, &notes->cap, notes->n + 1, sizeof(char *)))
		return DI_ENOMEM;
	if (!(s = di_strdup(buf)))
		return di_error_oom();
	notes->v[notes->n++] = s;
	emit(notes, buf);
	return 0;
}

void di_notes_warn(const di_notes *notes, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	if (!notes->warn_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	emit(notes, buf);
}

void di_notes_dispose(di_notes *notes)
{
	for (size_t i = 0; i < notes->n; i++)
		di_free(notes->v[i]);
	di_free(notes->v);
	notes->v = NULL;
	notes->n = notes->cap = 0;
}
