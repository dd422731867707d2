/*
 * textfmt.h - numbers for people, in the text summaries: percent with two
 * decimals, fixed decimals, p-values; "-" for a missing value. Callers run
 * inside a report (C locale pinned by di_report_begin).
 */
#ifndef DI_TEXTFMT_H
#define DI_TEXTFMT_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"

/* A value that rounds to zero prints without a sign ("0.00%", "0.000"). */
/* "+1.23%" (signed) */
const char *di_txt_pct(double v, char *buf, size_t n);
/* "1.23%" (unsigned, for a standard deviation) */
const char *di_txt_pct_u(double v, char *buf, size_t n);
/* "+1.23 pp" (percentage points, signed) */
const char *di_txt_pp(double v, char *buf, size_t n);
const char *di_txt_fixed(double v, int dec, char *buf, size_t n);
/* "0.0123", or "<0.0001": for a column */
const char *di_txt_pval(double p, char *buf, size_t n);
/* For a sentence: "<what> = 0.0123", "<what> < 0.0001", "no <what>". */
const char *di_txt_p(const char *what, double p, char *buf, size_t n);
/* "no <many>", "1 <one>", "12 <many>". */
const char *di_txt_count(size_t k, const char *one, const char *many, char *buf, size_t n);
/* "no", "one" .. "ten", then digits. */
const char *di_txt_number(size_t k, char *buf, size_t n);
/* "rose 1.23%", "fell 1.23%", "did not move (0.00%)", "had no return". */
const char *di_txt_move(double v, char *buf, size_t n);

/* Width of s in characters (UTF-8 code points), for aligned columns. */
size_t di_txt_width(const char *s);
/* s, then spaces up to width characters (none when s is wider: a column
 * widens, it never cuts a name). */
void di_txt_pad(FILE *f, const char *s, size_t width);
/* s right-aligned in width characters. */
void di_txt_rpad(FILE *f, const char *s, size_t width);

/* A sentence built in pieces, then printed wrapped: di_txt_add appends
 * (printf-style; what does not fit in the buffer is cut), di_txt_para
 * prints it at DI_TXT_WIDTH columns, breaking at spaces, the first line
 * after indent and the next ones after indent plus two spaces. */
#define DI_TXT_WIDTH 100
typedef struct di_txt_line {
	char s[4096];
	size_t n;
} di_txt_line;
void di_txt_add(di_txt_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void di_txt_para(FILE *f, const char *indent, const di_txt_line *l);

/* "Mon" .. "Sun" */
const char *di_txt_weekday(di_date d);

#endif
