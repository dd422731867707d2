/*
 * session.c - exchange closes and the day-0 rule for timed events (see
 * session.h). The close is compared as an instant, in the exchange's own
 * zone on each date, so daylight saving on either side (the news's zone,
 * the exchange's) is taken into account, date by date.
 */
#include <string.h>

#include "calendar.h"
#include "session.h"

/* The built-in table (readings, Markets), one place. */
static const struct {
	const char *suffix; /* "" for none */
	int open, min;      /* the continuous session */
	const char *zone;
} builtin[] = {
	{".DE", 9 * 60, 17 * 60 + 30, "Europe/Berlin"},
	{".L", 8 * 60, 16 * 60 + 30, "Europe/London"},
	{".PA", 9 * 60, 17 * 60 + 30, "Europe/Paris"},
	{".MI", 9 * 60, 17 * 60 + 30, "Europe/Rome"},
	{".ST", 9 * 60, 17 * 60 + 30, "Europe/Stockholm"},
	{"", 9 * 60 + 30, 16 * 60, "America/New_York"},
};

int di_close_parse(const char *s, size_t n, di_close *out)
{
	int min;
	if (n < 7 || s[5] != ' ' || (min = di_parse_hhmm(s, 5)) < 0 || n - 6 >= sizeof(out->zone))
		return -1;
	out->min = min;
	out->open = min >= DI_SESSION_DEFAULT_MIN ? min - DI_SESSION_DEFAULT_MIN : 0;
	memcpy(out->zone, s + 6, n - 6);
	out->zone[n - 6] = '\0';
	return strchr(out->zone, ' ') ? -1 : 0;
}

int di_close_builtin(const char *ticker, di_close *out)
{
	const char *dot = strrchr(ticker, '.');
	const char *suffix = dot && dot != ticker ? dot : "";
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (!strcmp(builtin[i].suffix, suffix)) {
			out->open = builtin[i].open;
			out->min = builtin[i].min;
			strcpy(out->zone, builtin[i].zone);
			return 0;
		}
	return -1;
}

long di_session_day0(const di_date *date, size_t n, di_date ev, int64_t news, const di_tz *zone,
		     int min)
{
	/* a session on the day before the local date may still close after
	 * the news (news in Tokyo, a close in New York): start two days back */
	long i = di_dates_on_or_before(date, n, ev - 3) + 1;
	while (i < (long)n && di_tz_instant(zone, date[i], min) <= news)
		i++;
	if (i >= (long)n || date[i] - ev > DI_DAY0_MAX_DAYS)
		return -1;
	return i;
}

double di_session_elapsed(const di_tz *zone, const di_close *c, di_date d, int64_t t)
{
	int64_t a = di_tz_instant(zone, d, c->open), b = di_tz_instant(zone, d, c->min);
	if (t <= a || b <= a)
		return 0.0;
	if (t >= b)
		return 1.0;
	return (double)(t - a) / (double)(b - a);
}

int di_session_closed_weekdays(di_date prev, di_date d)
{
	int k = 0;
	for (di_date x = prev + 1; x < d; x++)
		k += di_date_weekday(x) < 5;
	return k;
}

double di_session_fraction(double w, int k, double e)
{
	return w * (1.0 + k) + (1.0 - w) * e;
}
