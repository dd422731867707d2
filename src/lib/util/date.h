/*
 * date.h - calendar dates as days since 1970-01-01 (proleptic Gregorian).
 * Integers make "the first trading day on or after" and "within 7 calendar
 * days" plain comparisons. No time zones: a date is a trading session.
 */
#ifndef DI_DATE_H
#define DI_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t di_date;
#define DI_NO_DATE INT32_MIN

/* Parse "YYYY-MM-DD", optionally followed by 'T' or ' ' and anything (a
 * time and zone, ignored). len is the field's length. Returns 0, or -1 when
 * the text is not of that form, -2 when it is but the date does not exist
 * (2025-02-30). */
int di_date_parse(const char *s, size_t len, di_date *out);
/* The date formats an input file may use (--date-format). ISO is always
 * read; AUTO means "ISO, or the one format a file's dates settle on". */
typedef enum di_date_fmt {
	DI_DATE_AUTO,
	DI_DATE_ISO,       /* %Y-%m-%d */
	DI_DATE_DMY_SLASH, /* %d/%m/%Y */
	DI_DATE_DMY_DOT,   /* %d.%m.%Y */
	DI_DATE_MDY_SLASH, /* %m/%d/%Y */
	DI_DATE_NFMT
} di_date_fmt;

/* "%d/%m/%Y" for DI_DATE_DMY_SLASH...; "auto" for AUTO. */
const char *di_date_fmt_name(di_date_fmt f);
/* The format named s ("%Y-%m-%d" or "ISO", "%d/%m/%Y", "%d.%m.%Y",
 * "%m/%d/%Y"): 0, or -1 for any other text. */
int di_date_fmt_parse(const char *s, di_date_fmt *out);
/* Parse s as ISO, or else in f (day and month of one or two digits, a
 * four-digit year, optionally followed by ' ' or 'T' and anything): 0, -1
 * when it has neither form, -2 for a date that does not exist. */
int di_date_parse_as(const char *s, size_t len, di_date_fmt f, di_date *out);
/* The non-ISO formats s can be read in as an existing date, as a bit mask
 * of (1u << format). */
unsigned di_date_fits(const char *s, size_t len);

/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void di_date_format(di_date d, char *buf);
di_date di_date_from_ymd(int y, int m, int d);
/* The year, month and day of a date (the reverse of di_date_from_ymd). */
void di_date_ymd(di_date dt, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday */
int di_date_weekday(di_date d);

#endif
