/*
 * date.c - civil dates <-> day numbers (Howard Hinnant's algorithms), and
 * the strict ISO date parser used by every input file.
 */
#include <string.h>

#include "date.h"

di_date di_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (di_date)(era * 146097 + doe - 719468);
}

static void ymd_from_date(di_date z0, int *y, int *m, int *d)
{
	long z = (long)z0 + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dim[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int di_date_parse(const char *s, size_t len, di_date *out)
{
	int y, m, d;
	if (len < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (len > 10 && s[10] != 'T' && s[10] != ' ')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return -1;
	if (y < 1800 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -2;
	*out = di_date_from_ymd(y, m, d);
	return 0;
}

static const char *const fmt_names[DI_DATE_NFMT] = {
	"auto", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%m/%d/%Y"};

const char *di_date_fmt_name(di_date_fmt f)
{
	return f < DI_DATE_NFMT ? fmt_names[f] : "?";
}

int di_date_fmt_parse(const char *s, di_date_fmt *out)
{
	if (!strcmp(s, "ISO") || !strcmp(s, "iso")) {
		*out = DI_DATE_ISO;
		return 0;
	}
	for (int f = DI_DATE_ISO; f < DI_DATE_NFMT; f++)
		if (!strcmp(s, fmt_names[f])) {
			*out = (di_date_fmt)f;
			return 0;
		}
	return -1;
}

/* One or two digits at s[*i], then sep: the number, or -1. */
static int small_field(const char *s, size_t len, size_t *i, char sep)
{
	size_t k = *i;
	int v = 0;
	while (k < len && k - *i < 2 && s[k] >= '0' && s[k] <= '9')
		v = v * 10 + (s[k++] - '0');
	if (k == *i || k >= len || s[k] != sep)
		return -1;
	*i = k + 1;
	return v;
}

/* "A<sep>B<sep>YYYY[ T...]": a, b and y, or -1. */
static int split_dmy(const char *s, size_t len, char sep, int *a, int *b, int *y)
{
	size_t i = 0;
	if ((*a = small_field(s, len, &i, sep)) < 0 || (*b = small_field(s, len, &i, sep)) < 0)
		return -1;
	if (len - i < 4 || (len - i > 4 && s[i + 4] != 'T' && s[i + 4] != ' '))
		return -1;
	*y = digits(s + i, 4);
	return *y < 0 ? -1 : 0;
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1800 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int di_date_parse_as(const char *s, size_t len, di_date_fmt f, di_date *out)
{
	int rc = di_date_parse(s, len, out), a, b, y, m, d;
	if (rc != -1 || f == DI_DATE_AUTO || f == DI_DATE_ISO || f >= DI_DATE_NFMT)
		return rc;
	if (split_dmy(s, len, f == DI_DATE_DMY_DOT ? '.' : '/', &a, &b, &y))
		return -1;
	d = f == DI_DATE_MDY_SLASH ? b : a;
	m = f == DI_DATE_MDY_SLASH ? a : b;
	if (!valid_ymd(y, m, d))
		return -2;
	*out = di_date_from_ymd(y, m, d);
	return 0;
}

unsigned di_date_fits(const char *s, size_t len)
{
	unsigned fits = 0;
	for (int f = DI_DATE_DMY_SLASH; f < DI_DATE_NFMT; f++) {
		di_date d;
		if (di_date_parse(s, len, &d) == -1 && di_date_parse_as(s, len, (di_date_fmt)f, &d) == 0)
			fits |= 1u << f;
	}
	return fits;
}

void di_date_ymd(di_date dt, int *y, int *m, int *d)
{
	ymd_from_date(dt, y, m, d);
}

void di_date_format(di_date dt, char *buf)
{
	int y, m, d;
	ymd_from_date(dt, &y, &m, &d);
	buf[0] = (char)('0' + (y / 1000) % 10);
	buf[1] = (char)('0' + (y / 100) % 10);
	buf[2] = (char)('0' + (y / 10) % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int di_date_weekday(di_date d)
{
	/* 1970-01-01 was a Thursday (3) */
	long w = ((long)d + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}
