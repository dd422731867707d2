/*
 * test_tz.c - time zones read from the tz database (tz.c), exchange closes
 * and the day-0 rule of timed events (session.c), against instants worked
 * out by hand:
 *
 * - Europe/Berlin changes to CEST on Sun 2025-03-30 at 01:00 UTC and back
 *   on Sun 2025-10-26 at 01:00 UTC; America/New_York to EDT on Sun
 *   2025-03-09 at 07:00 UTC (02:00 EST). Between 9 and 30 March New York is
 *   4 h behind UTC while Berlin is 1 h ahead: 5 hours apart, not 6.
 * - Anchorage, Fri 2025-08-15 15:00 AKDT (UTC-8) = 23:00 UTC: after every
 *   close of that Friday (Xetra 17:30 CEST = 15:30 UTC, London 16:30 BST =
 *   15:30 UTC, New York 16:00 EDT = 20:00 UTC): day 0 is Monday 18 August.
 * - Fri 2025-03-14 21:30 Europe/Berlin (CET) = 20:30 UTC: New York closed
 *   at 16:00 EDT = 20:00 UTC, before the news: day 0 is Monday 17 March (a
 *   zone table that ignored New York's DST would say 21:00 UTC, Friday).
 * - Session fractions on Mon 2025-12-29 at 12:00 UTC (the shipped moves
 *   report): Xetra and London both trade 08:00-16:30 UTC in winter, so
 *   e = 4 / 8.5; New York has not opened (09:30 EST = 14:30 UTC): e = 0.
 *   Xetra was shut 24-26 December: k = 3 from the close of the 23rd, London
 *   k = 2 from the 24th; f = w (1 + k) + (1 - w) e with w = 0.2:
 *   0.8 + 0.8 x 4 / 8.5 for Xetra.
 * - A slim TZif file whose footer rule "CET-1CEST,M3.5.0,M10.5.0/3" alone
 *   gives the offsets: last Sunday of March 2030 is 31 March, DST from
 *   01:00 UTC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "session.h"
#include "tz.h"

static di_date D(int y, int m, int d)
{
	return di_date_from_ymd(y, m, d);
}

/* seconds since the epoch of a UTC date and time */
static int64_t U(int y, int mo, int d, int h, int mi)
{
	return (int64_t)D(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static const di_tz *zone(di_tzset *set, const char *name)
{
	const di_tz *z;
	assert_int_equal(di_tzset_get(set, name, &z), 0);
	return z;
}

static void offsets_and_dst(void **state)
{
	di_tzset set = {0};
	const di_tz *ber, *ny, *lon;
	(void)state;
	ber = zone(&set, "Europe/Berlin");
	ny = zone(&set, "America/New_York");
	lon = zone(&set, "Europe/London");
	assert_int_equal(di_tz_offset(ber, U(2025, 1, 15, 12, 0)), 3600);
	assert_int_equal(di_tz_offset(ber, U(2025, 8, 15, 12, 0)), 7200);
	assert_int_equal(di_tz_offset(ber, U(2025, 3, 30, 1, 0) - 1), 3600);
	assert_int_equal(di_tz_offset(ber, U(2025, 3, 30, 1, 0)), 7200);
	assert_int_equal(di_tz_offset(ber, U(2025, 10, 26, 1, 0) - 1), 7200);
	assert_int_equal(di_tz_offset(ber, U(2025, 10, 26, 1, 0)), 3600);
	assert_int_equal(di_tz_offset(ny, U(2025, 3, 9, 7, 0) - 1), -18000);
	assert_int_equal(di_tz_offset(ny, U(2025, 3, 9, 7, 0)), -14400);
	assert_int_equal(di_tz_offset(lon, U(2025, 8, 15, 12, 0)), 3600);
	assert_int_equal(di_tz_offset(lon, U(2025, 12, 29, 12, 0)), 0);
	/* the same zone is loaded once */
	assert_ptr_equal(zone(&set, "Europe/Berlin"), ber);
	assert_int_equal(set.n, 3);
	/* local times to instants, on both sides of the changes */
	assert_int_equal(di_tz_instant(ber, D(2025, 3, 14), 17 * 60 + 30), U(2025, 3, 14, 16, 30));
	assert_int_equal(di_tz_instant(ber, D(2025, 3, 31), 17 * 60 + 30), U(2025, 3, 31, 15, 30));
	assert_int_equal(di_tz_instant(ny, D(2025, 3, 7), 16 * 60), U(2025, 3, 7, 21, 0));
	assert_int_equal(di_tz_instant(ny, D(2025, 3, 10), 16 * 60), U(2025, 3, 10, 20, 0));
	assert_int_equal(di_tz_instant(zone(&set, "America/Anchorage"), D(2025, 8, 15), 15 * 60),
			 U(2025, 8, 15, 23, 0));
	/* 02:30 on 26 October exists twice in Berlin: the first (CEST) */
	assert_int_equal(di_tz_instant(ber, D(2025, 10, 26), 150), U(2025, 10, 26, 0, 30));
	di_tzset_dispose(&set);
}

static void unknown_zones(void **state)
{
	di_tz *z = NULL;
	(void)state;
	assert_int_equal(di_tz_load(&z, "Europe/Atlantis"), -1);
	assert_int_equal(di_tz_load(&z, "../../etc/passwd"), -1);
	assert_int_equal(di_tz_load(&z, "/etc/localtime"), -1);
	assert_int_equal(di_tz_load(&z, "Europe/Berlin "), -1);
	assert_int_equal(di_tz_load(&z, ""), -1);
	assert_null(z);
}

static void closes(void **state)
{
	di_close c;
	(void)state;
	assert_int_equal(di_close_builtin("RHM.DE", &c), 0);
	assert_int_equal(c.min, 17 * 60 + 30);
	assert_string_equal(c.zone, "Europe/Berlin");
	assert_int_equal(di_close_builtin("BA.L", &c), 0);
	assert_int_equal(c.min, 16 * 60 + 30);
	assert_string_equal(c.zone, "Europe/London");
	assert_int_equal(di_close_builtin("SAAB-B.ST", &c), 0);
	assert_string_equal(c.zone, "Europe/Stockholm");
	assert_int_equal(di_close_builtin("LDO.MI", &c), 0);
	assert_string_equal(c.zone, "Europe/Rome");
	assert_int_equal(di_close_builtin("HO.PA", &c), 0);
	assert_string_equal(c.zone, "Europe/Paris");
	assert_int_equal(di_close_builtin("LMT", &c), 0);
	assert_int_equal(c.min, 16 * 60);
	assert_string_equal(c.zone, "America/New_York");
	assert_int_equal(di_close_builtin("ASML.AS", &c), -1);
	assert_int_equal(di_close_parse("17:35 Europe/Amsterdam", 22, &c), 0);
	assert_int_equal(c.min, 17 * 60 + 35);
	assert_string_equal(c.zone, "Europe/Amsterdam");
	assert_int_equal(di_close_parse("17:35", 5, &c), -1);
	assert_int_equal(di_close_parse("1735 Europe/Berlin", 18, &c), -1);
	assert_int_equal(di_parse_hhmm("09:30", 5), 570);
	assert_int_equal(di_parse_hhmm("23:59", 5), 1439);
	assert_int_equal(di_parse_hhmm("24:00", 5), -1);
	assert_int_equal(di_parse_hhmm("9:30", 4), -1);
	assert_int_equal(di_parse_hhmm("09h30", 5), -1);
}

static void day0_rule(void **state)
{
	di_tzset set = {0};
	const di_date cal[] = {D(2025, 8, 14), D(2025, 8, 15), D(2025, 8, 18), D(2025, 8, 19)};
	const di_date mar[] = {D(2025, 3, 13), D(2025, 3, 14), D(2025, 3, 17)};
	const di_tz *ber, *lon, *ny;
	int64_t news = U(2025, 8, 15, 23, 0); /* Anchorage 15:00 AKDT */
	(void)state;
	ber = zone(&set, "Europe/Berlin");
	lon = zone(&set, "Europe/London");
	ny = zone(&set, "America/New_York");
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 15), news, ber, 1050), 2);
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 15), news, lon, 990), 2);
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 15), news, ny, 960), 2);
	/* news before the Xetra close (15:30 UTC) reacts the same day; at the
	 * close exactly, the next session (strictly after) */
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 15), U(2025, 8, 15, 15, 29), ber, 1050), 1);
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 15), U(2025, 8, 15, 15, 30), ber, 1050), 2);
	/* news dated the 16th in Tokyo (01:00 JST = 15th 16:00 UTC) still
	 * catches New York's close of the 15th (20:00 UTC) */
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 16), U(2025, 8, 15, 16, 0), ny, 960), 1);
	/* the DST gap between Europe and New York in March */
	assert_int_equal(di_session_day0(mar, 3, D(2025, 3, 14), U(2025, 3, 14, 20, 30), ny, 960), 2);
	assert_int_equal(di_session_day0(mar, 3, D(2025, 3, 14), U(2025, 3, 14, 19, 59), ny, 960), 1);
	/* no session within 7 days after the event date */
	assert_int_equal(di_session_day0(cal, 4, D(2025, 8, 19), U(2025, 8, 19, 21, 0), ny, 960), -1);
	di_tzset_dispose(&set);
}

static void session_fractions(void **state)
{
	di_tzset set = {0};
	di_close c;
	int64_t t = U(2025, 12, 29, 12, 0);
	(void)state;
	assert_int_equal(di_close_builtin("RHM.DE", &c), 0);
	assert_int_equal(c.open, 9 * 60);
	assert_float_equal(di_session_elapsed(zone(&set, c.zone), &c, D(2025, 12, 29), t), 4 / 8.5,
			   1e-15);
	assert_int_equal(di_close_builtin("BA.L", &c), 0);
	assert_float_equal(di_session_elapsed(zone(&set, c.zone), &c, D(2025, 12, 29), t), 4 / 8.5,
			   1e-15);
	assert_int_equal(di_close_builtin("LMT", &c), 0);
	assert_float_equal(di_session_elapsed(zone(&set, c.zone), &c, D(2025, 12, 29), t), 0, 0);
	assert_float_equal(di_session_elapsed(zone(&set, c.zone), &c, D(2025, 12, 29),
					      U(2025, 12, 29, 23, 0)), 1, 0);
	/* a close without its open: 8 h 30 before it */
	assert_int_equal(di_close_parse("17:30 Europe/Berlin", 19, &c), 0);
	assert_int_equal(c.open, 9 * 60);
	assert_int_equal(di_session_closed_weekdays(D(2025, 12, 23), D(2025, 12, 29)), 3);
	assert_int_equal(di_session_closed_weekdays(D(2025, 12, 24), D(2025, 12, 29)), 2);
	assert_int_equal(di_session_closed_weekdays(D(2025, 12, 19), D(2025, 12, 22)), 0);
	assert_int_equal(di_session_closed_weekdays(D(2025, 12, 26), D(2025, 12, 29)), 0);
	assert_float_equal(di_session_fraction(0.2, 3, 4 / 8.5), 0.8 + 0.8 * 4 / 8.5, 1e-15);
	assert_float_equal(di_session_fraction(0.2, 0, 1), 1, 1e-15);
	assert_float_equal(di_session_fraction(0.3, 0, 0), 0.3, 1e-15);
	di_tzset_dispose(&set);
}

/* A slim file: no transitions, the footer rule only. */
static void footer_rule(void **state)
{
	static const unsigned char hdr[] = {'T', 'Z', 'i', 'f', '2', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4};
	static const unsigned char body[] = {0, 0, 0x0e, 0x10, 0, 0, 'C', 'E', 'T', 0};
	static const char foot[] = "\nCET-1CEST,M3.5.0,M10.5.0/3\n";
	char dir[] = "/tmp/di-test-tz.XXXXXX", path[64];
	const char *old = getenv("TZDIR");
	di_tz *z;
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Slim", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (int k = 0; k < 2; k++) {
		fwrite(hdr, 1, sizeof(hdr), f);
		fwrite(body, 1, sizeof(body), f);
	}
	fwrite(foot, 1, strlen(foot), f);
	fclose(f);
	setenv("TZDIR", dir, 1); /* this test process only */
	assert_int_equal(di_tz_load(&z, "Slim"), 0);
	if (old)
		setenv("TZDIR", old, 1);
	else
		unsetenv("TZDIR");
	assert_int_equal(di_tz_offset(z, U(2030, 1, 1, 12, 0)), 3600);
	assert_int_equal(di_tz_offset(z, U(2030, 3, 31, 1, 0) - 1), 3600);
	assert_int_equal(di_tz_offset(z, U(2030, 3, 31, 1, 0)), 7200);
	assert_int_equal(di_tz_offset(z, U(2030, 7, 1, 12, 0)), 7200);
	/* last Sunday of October 2030 is the 27th; back at 03:00 CEST = 01:00 UTC */
	assert_int_equal(di_tz_offset(z, U(2030, 10, 27, 1, 0) - 1), 7200);
	assert_int_equal(di_tz_offset(z, U(2030, 10, 27, 1, 0)), 3600);
	di_tz_free(z);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(offsets_and_dst), cmocka_unit_test(unknown_zones),
		cmocka_unit_test(closes),	   cmocka_unit_test(day0_rule),
		cmocka_unit_test(footer_rule),	   cmocka_unit_test(session_fractions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
