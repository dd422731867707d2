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

/* Whether s[0..len) is a plain price: 1 to 15 digits, the first not 0,
 * then optionally the decimal point ('.', or ',' with decimal_comma) and
 * digits, at most DI_NUM_PLAIN_MAX bytes in all. di_num_parse reads every
 * such text as a number in [1, 1e15] (rounding may reach 1e15); a reader
 * that needs to know only that a cell is a price, not its value, asks
 * this instead (a few bytes' test, not a conversion). 1 or 0 (0 says
 * nothing: parse it). */
#define DI_NUM_PLAIN_MAX 64
int di_num_plain_price(const char *s, size_t len, int decimal_comma);

/* Switch this thread to the C locale for the printf family; returns the
 * previous locale for di_locale_restore ((locale_t)0 when the C locale
 * could not be made: nothing was switched). The report writers run inside
 * it, so that a library user's setlocale() cannot put decimal commas into
 * a summary. */
locale_t di_locale_c(void);
void di_locale_restore(locale_t old);

#endif
