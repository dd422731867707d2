/*
 * textfmt.c - the number formats of summary.txt, in one place so that the
 * run and moves summaries read alike. Adding 0.0 turns a negative zero
 * into "0.00", which a reader would take for a sign of something.
 */
#include <math.h>
#include <stdio.h>

#include "textfmt.h"

const char *di_txt_pct(double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%+.2f%%", v * 100.0 + 0.0);
	return buf;
}

const char *di_txt_pct_u(double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.2f%%", v * 100.0 + 0.0);
	return buf;
}

const char *di_txt_fixed(double v, int dec, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", dec, v + 0.0);
	return buf;
}

const char *di_txt_pval(double p, char *buf, size_t n)
{
	if (isnan(p))
		snprintf(buf, n, "-");
	else if (p < 0.0001)
		snprintf(buf, n, "<0.0001");
	else
		snprintf(buf, n, "%.4f", p);
	return buf;
}

const char *di_txt_weekday(di_date d)
{
	static const char *const name[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	return name[di_date_weekday(d)];
}
