/*
 * numfmt.c - number <-> text without the locale. printf/strtod follow
 * LC_NUMERIC, so a German user would get "0,5" where a file says "0.5";
 * we pin the C locale with a locale_t of our own (jq and Redis format
 * numbers themselves for the same reason).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

/* One C locale for the process, made on first use by whichever thread
 * comes first (two studies may start at once) and never freed: it is
 * constant, like the "C" locale itself. NULL when newlocale failed. */
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale_made;

static void make_c_locale(void)
{
	c_locale_made = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t c_locale(void)
{
	pthread_once(&c_locale_once, make_c_locale);
	return c_locale_made;
}

locale_t di_locale_c(void)
{
	locale_t c = c_locale();
	return c ? uselocale(c) : (locale_t)0;
}

void di_locale_restore(locale_t old)
{
	if (old)
		uselocale(old);
}

size_t di_num_format(double v, int decimal_comma, char *buf)
{
	locale_t old;
	size_t n = 0;
	if (!isfinite(v)) {
		/* a report holds numbers or empty cells, never "inf" */
		buf[0] = '\0';
		return 0;
	}
	if (v == 0) {
		/* no "-0": a negative zero is zero in a report */
		strcpy(buf, "0");
		return 1;
	}
	old = di_locale_c();
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, DI_NUM_BUFSZ, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	di_locale_restore(old);
	n = strlen(buf);
	if (decimal_comma) {
		char *dot = strchr(buf, '.');
		if (dot)
			*dot = ',';
	}
	return n;
}

int di_num_parse(const char *s, size_t len, int decimal_comma, double *out)
{
	char tmp[128];
	char *end;
	size_t a = 0, b = len;
	locale_t old;
	double v;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (a == b || b - a >= sizeof(tmp))
		return -1;
	memcpy(tmp, s + a, b - a);
	tmp[b - a] = '\0';
	int points = 0;
	for (char *p = tmp; *p; p++) {
		if (*p == ',' || *p == '.') {
			/* one decimal separator at most: "1.234,5" is a thousands
			 * separator, an error rather than a guess */
			if ((*p == ',' && !decimal_comma) || ++points > 1)
				return -1;
			*p = '.';
		} else if (!strchr("0123456789+-.eEinfatyINFATY", *p)) {
			return -1;
		}
	}
	old = di_locale_c();
	errno = 0;
	v = strtod(tmp, &end);
	di_locale_restore(old);
	if (end == tmp || *end != '\0')
		return -1;
	*out = v;
	return 0;
}
