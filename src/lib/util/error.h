/*
 * error.h - internal side of the error module: setting the last error.
 * Every failing path sets exactly one message, at the place that knows the
 * file and line; callers propagate the code and keep the message.
 */
#ifndef DI_ERROR_H
#define DI_ERROR_H

#include "defimpact/common.h"

#if defined(__GNUC__)
#define DI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DI_PRINTF(a, b)
#endif

/* Set the last error to "fmt..." and return code. */
int di_error_set(int code, const char *fmt, ...) DI_PRINTF(2, 3);
/* Set the last error to "FILE:LINE: fmt..." and return code. line 0 means
 * "FILE: fmt..." (a file-level error). */
int di_error_at(int code, const char *file, long line, const char *fmt, ...)
	DI_PRINTF(4, 5);
/* Out-of-memory: sets a fixed message without allocating, returns DI_ENOMEM. */
int di_error_oom(void);
/* The text of the errno value err, made in buf (strerror_r: strerror may
 * share one buffer between threads). Returns buf or a constant string. */
const char *di_strerror(int err, char *buf, size_t size);
/* di_strerror into a buffer that lives until the end of the enclosing
 * block, for use as a printf argument: DI_STRERROR(errno). */
#define DI_STRERROR(err) di_strerror((err), (char[128]){0}, 128)

/* Turn every newline or carriage return of s into a space: a message is
 * one line. */
void di_one_line(char *s);

#endif
