/*
 * datecol.c - the date format of a file's date column, from all its cells
 * (see datecol.h). It costs a second read of the file, made only for files
 * whose dates are not ISO.
 */
#include <stdio.h>
#include <string.h>

#include "csvread.h"
#include "datecol.h"
#include "error.h"

typedef struct settle_ctx {
	size_t col;
	int seen_header;
	unsigned fits;      /* formats every non-ISO cell so far fits */
	long first_line;    /* the first non-ISO cell, for the message */
	char first[32];
} settle_ctx;

static int on_cell(void *payload, long line, size_t nf, char *const *f, const size_t *l)
{
	settle_ctx *c = payload;
	const char *s;
	size_t n;
	unsigned fits;
	if (!c->seen_header) {
		c->seen_header = 1;
		return 0;
	}
	if (c->col >= nf)
		return 0; /* a ragged row: the loader reports it */
	s = f[c->col];
	n = l[c->col];
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	fits = di_date_fits(s, n);
	if (!fits)
		return 0; /* ISO, empty or unreadable: no say in the format */
	if (!c->first_line) {
		c->first_line = line;
		snprintf(c->first, sizeof(c->first), "%.*s", (int)(n < 24 ? n : 24), s);
	}
	c->fits &= fits;
	return 0;
}

int di_date_settle(const char *path, size_t col, di_date_fmt *out)
{
	di_csv_src src = {path, NULL, 0};
	return di_date_settle_src(&src, col, out);
}

int di_date_settle_src(const di_csv_src *src, size_t col, di_date_fmt *out)
{
	const char *path = src->name;
	settle_ctx c = {col, 0, ~0u, 0, ""};
	int rc = di_csv_read_src(src, NULL, on_cell, &c);
	int nfit = 0;
	di_date_fmt fit = DI_DATE_AUTO;
	if (rc < 0)
		return rc;
	for (int f = DI_DATE_DMY_SLASH; f < DI_DATE_NFMT; f++)
		if (c.first_line && (c.fits & (1u << f))) {
			nfit++;
			if (fit == DI_DATE_AUTO)
				fit = (di_date_fmt)f;
		}
	if (nfit > 1)
		return di_error_at(DI_EDATA, path, c.first_line,
				   "the dates (first '%s') can be read as %s or %s: give "
				   "--date-format", c.first, di_date_fmt_name(DI_DATE_DMY_SLASH),
				   di_date_fmt_name(DI_DATE_MDY_SLASH));
	*out = fit;
	return 0;
}
