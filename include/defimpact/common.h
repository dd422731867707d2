/*
 * defimpact/common.h - error codes, the last-error message, warnings, the
 * allocation hook and the version: what every other public header needs.
 *
 * Conventions (after libgit2): a function that can fail returns int, 0 on
 * success or a negative di_code; the message is then in di_error_message().
 * Objects come in _new/_free pairs; every _free accepts NULL.
 */
#ifndef DEFIMPACT_COMMON_H
#define DEFIMPACT_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes. The command-line tool exits with -code (see docs/errors.md). */
typedef enum di_code {
	DI_OK        = 0,
	DI_EDATA     = -1, /* malformed or inconsistent input data */
	DI_EUSAGE    = -2, /* bad option, key or value */
	DI_EIO       = -3, /* a file that cannot be read or written */
	DI_EDIFF     = -4, /* diff found differences (not an error of the library) */
	DI_ENOMEM    = -5, /* out of memory */
	DI_EINTERNAL = -6  /* a bug or a numerical failure that should not happen */
} di_code;

/* The message of the last error in this thread, without the "defimpact: "
 * prefix: "FILE:LINE: what" when it concerns a line of an input file. */
const char *di_error_message(void);
/* The code of the last error (DI_OK when none). */
int di_error_code(void);
void di_error_clear(void);
/* The exit status the tool uses for a code: 0..5. */
int di_exit_status(int code);

/* Warnings (an excluded security, an overlap) go to a handler; the default
 * handler drops them. The library never prints. */
typedef void (*di_warning_fn)(const char *message, void *payload);
void di_set_warning_handler(di_warning_fn fn, void *payload);

/* Test hook: make the n-th allocation from now on fail (n >= 1), or disable
 * with n = 0. Returns the number of allocations made since the last call. */
long di_alloc_fail_after(long n);

const char *di_version(void);

#ifdef __cplusplus
}
#endif
#endif
