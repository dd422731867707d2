/*
 * notes.h - the warnings of a computation, kept for its summary and sent to
 * the study's warning handler as they are made. Shared by run and moves.
 * Trial runs (placebo, simulate) have no handler: their exclusions are not
 * the study's.
 */
#ifndef DI_NOTES_H
#define DI_NOTES_H

#include <stddef.h>

#include "error.h"

typedef struct di_notes {
	char **v;
	size_t n, cap;
	di_warning_fn warn_fn; /* NULL: kept, not shown */
	void *warn_payload;
} di_notes;

/* Add a note (one line) and emit it as a warning. 0 or DI_ENOMEM. */
int di_notes_add(di_notes *notes, const char *fmt, ...) DI_PRINTF(2, 3);
/* Emit a warning that the summary does not list (it shows it otherwise,
 * e.g. as an exclusion). */
void di_notes_warn(const di_notes *notes, const char *fmt, ...) DI_PRINTF(2, 3);
void di_notes_dispose(di_notes *notes);

#endif
