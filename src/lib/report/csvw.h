/*
 * csvw.h - the CSV writer of every report: RFC 4180 quoting, the
 * excel-eu dialect (';' and decimal commas), numbers through numfmt, and
 * the guard against formula injection for text that came from users.
 */
#ifndef DI_CSVW_H
#define DI_CSVW_H

#include <stdio.h>

#include "date.h"

typedef struct di_csvw {
	FILE *f;
	char sep;    /* ',' or ';' */
	int comma;   /* decimal comma */
	int first;   /* at the start of a row */
} di_csvw;

/* excel_eu: ';' separators and decimal commas. */
void di_csvw_init(di_csvw *w, FILE *f, int excel_eu);
/* A text cell: quoted when it holds the separator, a quote, CR or LF;
 * prefixed with ' when it begins with = + - @ tab or CR and is not a
 * number (a spreadsheet would run it as a formula). */
void di_csvw_text(di_csvw *w, const char *s);
/* Whether di_csvw_text writes s with the leading ' (1) or not (0). */
int di_csvw_guarded(const char *s);
/* A number (shortest round trip), empty for NAN. */
void di_csvw_num(di_csvw *w, double v);
void di_csvw_int(di_csvw *w, long v);
/* A date, empty for DI_NO_DATE. */
void di_csvw_date(di_csvw *w, di_date d);
void di_csvw_empty(di_csvw *w);
/* A header row from a comma-separated list of names. */
void di_csvw_header(di_csvw *w, const char *names);
void di_csvw_end_row(di_csvw *w);

#endif
