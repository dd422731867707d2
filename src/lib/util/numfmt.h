/*
 * numfmt.h - locale-independent number text: the shortest of %.15g, %.16g,
 * %.17g that reads back to the same double, and the reverse, a strict strtod
 * in the C locale whatever the user's locale.
 */
#ifndef DI_NUMFMT_H
#define DI_NUMFMT_H

#include <locale.h>
#include <stddef.h>

#define DI_NUM_BUFSZ 40

/* Format v into buf (DI_NUM_BUFSZ bytes); NaN and infinities give "" (a
 * missing value).
 * decimal_comma writes ',' for the decimal point. Returns the length. */
size_t di_num_format(double v, int decimal_comma, char *buf);
/* Parse the whole of s[0..len) as a decimal number in the C locale (inf and
 * nan are parsed too: callers reject them with their own message).
 * decimal_comma accepts ',' as well as '.' as the decimal point; a number
 * with two separators (thousands) is rejected. Blanks around are allowed.
 * Returns 0 or -1. */
int di_num_parse(const char *s, size_t len, int decimal_comma, double *out);

/* Switch this thread to the C locale for the printf family; returns the
 * previous locale for di_locale_restore ((locale_t)0 when the C locale
 * could not be made: nothing was switched). The report writers run inside
 * it, so that a library user's setlocale() cannot put decimal commas into
 * a summary. */
locale_t di_locale_c(void);
void di_locale_restore(locale_t old);

#endif
