/*
 * numfmt.c - number <-> text without the locale. printf/strtod follow
 * LC_NUMERIC, so a German user would get "0,5" where a file says "0.5";
 * numbers are read and written by double-conversion (dconv.h), which knows
 * no locale and is correctly rounded both ways, and several times faster
 * than printf/strtod; the C locale is pinned with a locale_t of our own for
 * the rest of the printf family (jq and Redis format numbers themselves for
 * the same reason).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "dconv.h"
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

/* Could v's exact value lie halfway between two 16- or 17-digit decimals?
 * Only when it has a short binary expansion: f bits after the binary point
 * give exactly f decimals, the last a 5, so the exact value has point + f
 * significant digits. printf breaks such ties to even, double-conversion
 * away from zero: those few values are left to printf. */
static int maybe_tie(double v, int point)
{
	uint64_t bits;
	uint64_t m;
	int q, f;

	memcpy(&bits, &v, sizeof(bits));
	m = bits & ((UINT64_C(1) << 52) - 1);
	q = (int)((bits >> 52) & 0x7ff);
	if (q) {
		m |= UINT64_C(1) << 52;
		q -= 1075;
	} else {
		q = -1074;
	}
	if (!m)
		return 0;
	while (!(m & 1)) {
		m >>= 1;
		q++;
	}
	f = q < 0 ? -q : 0;
	return f > 0 && point + f >= 16 && point + f <= 19;
}

/* The digits of the old rule, the shortest of %.15g, %.16g, %.17g that
 * reads back to v: the shortest round-trip digits when 15 or fewer do
 * (then %.15g has those digits), else %.16g when it reads back (then it
 * is the shortest, being the nearest 16 digits), else %.17g. (A normal
 * double is within 1.1e-16 of its shortest digits, much less than half a
 * unit of the 15th digit, so %.15g rounds to them.) Returns the precision
 * P of that %.Pg, or 0 for "use printf" (a possible tie, a subnormal). */
static int pick_digits(double v, char *digits, int *n, int *point)
{
	char d16[DI_DCONV_DIGITS];
	int p16, n16;

	/* a subnormal's few bits: %.15g then has more digits than needed */
	if (fabs(v) < DBL_MIN)
		return 0;
	*n = di_dconv_digits(v, 0, digits, point);
	if (*n <= 15)
		return 15;
	if (maybe_tie(v, *point))
		return 0;
	/* 17 digits always read back, so the shortest that takes 17 is the
	 * nearest 17 (what %.17g prints, ties aside, and those went to
	 * printf): one conversion for half of all computed numbers, not three */
	if (*n == 17)
		return 17;
	n16 = di_dconv_digits(v, 16, d16, &p16);
	if (*n == 16 && n16 == 16 && p16 == *point && memcmp(d16, digits, 16) == 0)
		return 16;
	*n = di_dconv_digits(v, 17, digits, point);
	return 17;
}

/* Lay out digits (n of them, |v| ~ 0.digits x 10^point) as %.Pg does,
 * trailing zeros removed: exponent form when the exponent X = point - 1
 * is below -4 or at least P. Returns the length written. */
static size_t layout_g(int neg, const char *digits, int n, int point, int prec,
		       char *buf)
{
	int x = point - 1;
	size_t k = 0;

	if (neg)
		buf[k++] = '-';
	if (x < -4 || x >= prec) {
		buf[k++] = digits[0];
		if (n > 1) {
			buf[k++] = '.';
			memcpy(buf + k, digits + 1, (size_t)n - 1);
			k += (size_t)n - 1;
		}
		buf[k++] = 'e';
		buf[k++] = x < 0 ? '-' : '+';
		x = x < 0 ? -x : x;
		if (x >= 100)
			buf[k++] = (char)('0' + x / 100);
		buf[k++] = (char)('0' + x / 10 % 10);
		buf[k++] = (char)('0' + x % 10);
	} else if (point <= 0) {
		buf[k++] = '0';
		buf[k++] = '.';
		memset(buf + k, '0', (size_t)-point);
		k += (size_t)-point;
		memcpy(buf + k, digits, (size_t)n);
		k += (size_t)n;
	} else if (n <= point) {
		memcpy(buf + k, digits, (size_t)n);
		k += (size_t)n;
		memset(buf + k, '0', (size_t)(point - n));
		k += (size_t)(point - n);
	} else {
		memcpy(buf + k, digits, (size_t)point);
		k += (size_t)point;
		buf[k++] = '.';
		memcpy(buf + k, digits + point, (size_t)(n - point));
		k += (size_t)(n - point);
	}
	buf[k] = '\0';
	return k;
}

/* The old rule itself, through printf: for the rare possible ties. */
static size_t format_printf(double v, char *buf)
{
	locale_t old = di_locale_c();
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, DI_NUM_BUFSZ, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	di_locale_restore(old);
	return strlen(buf);
}

size_t di_num_format(double v, int decimal_comma, char *buf)
{
	char digits[DI_DCONV_DIGITS];
	int n, point, prec;
	size_t len;

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
	prec = pick_digits(v, digits, &n, &point);
	len = prec ? layout_g(signbit(v) != 0, digits, n, point, prec, buf)
		   : format_printf(v, buf);
	if (decimal_comma) {
		char *dot = memchr(buf, '.', len);
		if (dot)
			*dot = ',';
	}
	return len;
}

/* inf, infinity, nan in any case (what strtod reads, without nan(...)),
 * after an optional sign. */
static int parse_special(const char *s, size_t n, double *out)
{
	int neg = n && s[0] == '-';
	size_t a = n && (s[0] == '-' || s[0] == '+');

	if ((n - a == 3 && strncasecmp(s + a, "inf", 3) == 0) ||
	    (n - a == 8 && strncasecmp(s + a, "infinity", 8) == 0)) {
		*out = neg ? -HUGE_VAL : HUGE_VAL;
		return 0;
	}
	if (n - a == 3 && strncasecmp(s + a, "nan", 3) == 0) {
		*out = neg ? -NAN : NAN;
		return 0;
	}
	return -1;
}

int di_num_plain_price(const char *s, size_t len, int decimal_comma)
{
	size_t i = 0;
	if (len == 0 || len > DI_NUM_PLAIN_MAX || s[0] < '1' || s[0] > '9')
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 15)
		return 0;
	if (i == len)
		return 1;
	if (!(s[i] == '.' || (s[i] == ',' && decimal_comma)) || ++i == len)
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == len;
}

int di_num_parse(const char *s, size_t len, int decimal_comma, double *out)
{
	char tmp[128];
	size_t a = 0, b = len;
	int points = 0, comma = 0;

	/* the common cell, a plain decimal number with no space around it,
	 * read in place: what fast_float reads to the end as a finite number
	 * would pass the checks below and read to the same double there
	 * (dconv.h); anything else goes through them */
	if (len && len < sizeof(tmp) && di_dconv_parse_fast(s, (int)len, out) == 0)
		return 0;
	while (a < b && (s[a] == ' ' || s[a] == '\t'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
		b--;
	if (a == b || b - a >= sizeof(tmp))
		return -1;
	if ((a || b < len) && di_dconv_parse_fast(s + a, (int)(b - a), out) == 0)
		return 0;
	memcpy(tmp, s + a, b - a);
	for (size_t i = 0; i < b - a; i++) {
		char c = tmp[i];
		if (c == ',' || c == '.') {
			/* one decimal separator at most: "1.234,5" is a thousands
			 * separator, an error rather than a guess */
			if ((c == ',' && !decimal_comma) || ++points > 1)
				return -1;
			comma |= c == ',';
			tmp[i] = '.';
		} else if ((c < '0' || c > '9') && c != '+' && c != '-' &&
			   c != 'e' && c != 'E') {
			return parse_special(tmp, b - a, out);
		}
	}
	/* the text fast_float has refused as it stood goes to double-conversion
	 * at once; with its decimal comma made a point it is a new text */
	return comma ? di_dconv_parse(tmp, (int)(b - a), out)
		     : di_dconv_parse_dc(tmp, (int)(b - a), out);
}
