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
/* Emit a warning through the handler. */
void di_warn(const char *fmt, ...) DI_PRINTF(1, 2);
/* Silence (1) or restore (0) di_warn in the calling thread only. */
void di_warnings_mute(int on);

#endif
