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
/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void di_date_format(di_date d, char *buf);
di_date di_date_from_ymd(int y, int m, int d);
/* 0 = Monday ... 6 = Sunday */
int di_date_weekday(di_date d);

#endif
