/*
 * csvw.c - one CSV cell at a time. Write errors are not checked per call:
 * the report module checks ferror/fclose once per file, which catches a
 * full disk without a branch in every cell.
 */
#include <math.h>
#include <string.h>

#include "csvw.h"
#include "numfmt.h"

void di_csvw_init(di_csvw *w, FILE *f, int excel_eu)
{
	w->f = f;
	w->sep = excel_eu ? ';' : ',';
	w->comma = excel_eu;
	w->first = 1;
}

static void sep(di_csvw *w)
{
	if (!w->first)
		fputc(w->sep, w->f);
	w->first = 0;
}

static int looks_numeric(const char *s)
{
	double v;
	return di_num_parse(s, strlen(s), 1, &v) == 0 && isfinite(v);
}

int di_csvw_guarded(const char *s)
{
	/* a leading tab or CR always: di_num_parse would skip it as a blank
	 * and call "\t-1" a number, but it is not one as written */
	return s[0] == '\t' || s[0] == '\r' ||
	       ((s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && !looks_numeric(s));
}

void di_csvw_text(di_csvw *w, const char *s)
{
	int guard = di_csvw_guarded(s);
	int quote = strchr(s, w->sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r') ||
		    (w->sep != ',' && strchr(s, ','));
	sep(w);
	if (quote)
		fputc('"', w->f);
	if (guard)
		fputc('\'', w->f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', w->f);
		fputc(*p, w->f);
	}
	if (quote)
		fputc('"', w->f);
}

void di_csvw_num(di_csvw *w, double v)
{
	char buf[DI_NUM_BUFSZ];
	sep(w);
	di_num_format(v, w->comma, buf);
	fputs(buf, w->f);
}

void di_csvw_int(di_csvw *w, long v)
{
	sep(w);
	fprintf(w->f, "%ld", v);
}

void di_csvw_date(di_csvw *w, di_date d)
{
	char buf[11];
	sep(w);
	if (d == DI_NO_DATE)
		return;
	di_date_format(d, buf);
	fputs(buf, w->f);
}

void di_csvw_empty(di_csvw *w)
{
	sep(w);
}

void di_csvw_header(di_csvw *w, const char *names)
{
	for (const char *p = names; *p; p++) {
		if (p == names)
			sep(w);
		if (*p == ',')
			sep(w);
		else
			fputc(*p, w->f);
	}
	di_csvw_end_row(w);
}

void di_csvw_end_row(di_csvw *w)
{
	fputc('\n', w->f);
	w->first = 1;
}
