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

/* DI_API marks the public functions: the shared library is built with
 * -fvisibility=hidden and exports these and nothing else (a test compares
 * its dynamic symbols with the declarations of these headers). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define DI_API __attribute__((visibility("default")))
#else
#define DI_API
#endif

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
DI_API const char *di_error_message(void);
/* The code of the last error (DI_OK when none). */
DI_API int di_error_code(void);
DI_API void di_error_clear(void);
/* The exit status the tool uses for a code: 0..5. */
DI_API int di_exit_status(int code);

/* Warnings (an excluded security, an overlap) go to the handler of the
 * study that made them (di_study_set_warning_handler): there is no
 * process-wide handler. Without one they are dropped. The library never
 * prints. message is one line, without a "warning: " prefix. */
typedef void (*di_warning_fn)(const char *message, void *payload);

DI_API const char *di_version(void);

/* GSL reports an error by calling its error handler, and its default
 * handler aborts the process. The library checks the status of every GSL
 * call it makes and turns a failure into DI_EINTERNAL with a message, but
 * only with the handler off. di_init turns it off
 * (gsl_set_error_handler_off): call it once before the first study, or
 * install a GSL handler of your own that returns. GSL's handler is
 * process-wide GSL state, not the library's: di_init is the one function
 * here that changes state outside its arguments, which is why the library
 * never calls it itself. Everything else is thread-safe: studies run on
 * several threads at once, each with its own objects. */
DI_API void di_init(void);

#ifdef __cplusplus
}
#endif
#endif
