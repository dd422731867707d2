/*
 * error.c - the last error (code and message) of the calling thread.
 * It formats messages; it must not print them: that is the tool's job.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "error.h"

static _Thread_local int last_code;
static _Thread_local char last_message[1024];

const char *di_error_message(void)
{
	return last_code ? last_message : "no error";
}

int di_error_code(void)
{
	return last_code;
}

void di_error_clear(void)
{
	last_code = DI_OK;
	last_message[0] = '\0';
}

int di_exit_status(int code)
{
	if (code >= 0)
		return 0;
	if (code < DI_EINTERNAL)
		return 5;
	return code == DI_EINTERNAL ? 5 : -code;
}

/* Messages end at the first newline: an error is one line. */
void di_one_line(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int di_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	va_end(ap);
	di_one_line(last_message);
	last_code = code;
	return code;
}

int di_error_at(int code, const char *file, long line, const char *fmt, ...)
{
	int n;
	va_list ap;
	if (line > 0)
		n = snprintf(last_message, sizeof(last_message), "%s:%ld: ", file, line);
	else
		n = snprintf(last_message, sizeof(last_message), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(last_message))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(last_message + n, sizeof(last_message) - (size_t)n, fmt, ap);
	va_end(ap);
	di_one_line(last_message);
	last_code = code;
	return code;
}

/* strerror_r comes in two forms: XSI returns int and fills buf, GNU
 * returns the text (in buf or static). _Generic picks the reading that
 * matches the form the C library declared, without evaluating twice. */
static inline const char *strerror_gnu(char *r, char *buf)
{
	(void)buf;
	return r;
}

static inline const char *strerror_xsi(int r, char *buf)
{
	return r == 0 ? buf : NULL;
}

const char *di_strerror(int err, char *buf, size_t size)
{
	const char *s;
	buf[0] = '\0';
	s = _Generic(strerror_r(err, buf, size), char *: strerror_gnu, default: strerror_xsi)(
		strerror_r(err, buf, size), buf);
	if (!s || !*s) {
		snprintf(buf, size, "error %d", err);
		s = buf;
	}
	return s;
}

int di_error_oom(void)
{
	strcpy(last_message, "out of memory");
	last_code = DI_ENOMEM;
	return DI_ENOMEM;
}

void di_init(void)
{
	gsl_set_error_handler_off();
}

const char *di_version(void)
{
	return DI_VERSION_STRING;
}
