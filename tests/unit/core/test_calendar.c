/*
 * test_calendar.c - model calendars (pinned detail 2, trade-to-trade), on a
 * hand-built case, with every spanning return written out by hand:
 *
 *   date        S      M (market)       F (factor)
 *   Mon 03-03   100    1000             50
 *   Tue 03-04   102    1010             51
 *   Wed 03-05   101    1005             52
 *   Thu 03-06   104    -  (holiday)     53
 *   Fri 03-07   103    1020             -  (missing)
 *   Mon 03-10   107    1030             54
 *   Tue 03-11   110    -  (holiday)     55
 *   Wed 03-12   108    1050             56
 *   Thu 03-13   109    1040             57
 *   Fri 03-14   112    -  (ended)       58
 *
 * market model calendar (S and M): 03-03 04 05 07 10 12 13
 *   R(03-07) = 103/101 - 1 (spans 03-06), Rm(03-07) = 1020/1005 - 1
 *   R(03-12) = 108/107 - 1 (spans 03-11), Rm(03-12) = 1050/1030 - 1
 * factor model calendar (S, M and F): 03-03 04 05 10 12 13
 *   R(03-10) = 107/101 - 1, Rm = 1030/1005 - 1, Rf = 54/52 - 1
 * mean model (S alone; the market only fills market_return, over the same
 * span where it has both closes): every date of S; Rm NAN on 03-06, 03-07
 * (no close on 03-06), 03-11, 03-12 and 03-14 (ended), never 0.
 *
 * Then the same inside a run (ten more dates before, model market,
 * estimation -12:-2, event window -1:1): an event on the market holiday 03-11 has day 0 on 03-12, its
 * window and estimation skip both holidays, and the AR of 03-12 is the
 * two-day return less the model's normal return on the two-day market
 * return; an event on 03-14, after the market ended, has no model-calendar
 * date within 7 days and is excluded (no-trading-day); the market gaps are
 * the two holidays (both securities trade, the market has no close).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>

#include "calendar.h"
#include "run.h"
#include "run_helper.h"

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_) + 1e-15)) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

#define ND 10
static const char *const dates[ND] = {"2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06",
				      "2025-03-07", "2025-03-10", "2025-03-11", "2025-03-12",
				      "2025-03-13", "2025-03-14"};
static const double PS[ND] = {100, 102, 101, 104, 103, 107, 110, 108, 109, 112};
/* 0 = no close on that date */
static const double PM[ND] = {1000, 1010, 1005, 0, 1020, 1030, 0, 1050, 1040, 0};
static const double PF[ND] = {50, 51, 52, 53, 0, 54, 55, 56, 57, 58};

typedef struct owned {
	di_series s;
	di_date d[ND];
	double p[ND];
} owned;

static void make(owned *o, const char *ticker, const double *px)
{
	memset(o, 0, sizeof(*o));
	o->s.ticker = (char *)ticker;
	o->s.file = (char *)"test";
	o->s.date = o->d;
	o->s.price = o->p;
	for (int i = 0; i < ND; i++)
		if (px[i] > 0) {
			assert_int_equal(di_date_parse(dates[i], 10, &o->d[o->s.n]), 0);
			o->p[o->s.n++] = px[i];
		}
}

static di_date D(int i)
{
	di_date d;
	assert_int_equal(di_date_parse(dates[i], 10, &d), 0);
	return d;
}

static void market_calendar(void **state)
{
	owned S, M;
	const di_series *reg[1];
	di_returns r;
	static const int want[] = {0, 1, 2, 4, 5, 7, 8};
	(void)state;
	make(&S, "S", PS);
	make(&M, "M", PM);
	reg[0] = &M.s;
	assert_int_equal(di_calendar_build(&r, &S.s, reg, 1, reg, 1, 0), 0);
	assert_int_equal(r.n, 7);
	for (size_t i = 0; i < r.n; i++) {
		assert_int_equal(r.date[i], D(want[i]));
		assert_int_equal(r.idx ? r.idx[i] : (size_t)i, (size_t)want[i]);
	}
	assert_true(isnan(r.r[0]) && isnan(r.x[0]));
	assert_rel(r.r[1], 102.0 / 100 - 1, 1e-15);
	assert_rel(r.x[1], 1010.0 / 1000 - 1, 1e-15);
	/* 03-07 spans the market holiday 03-06 for both */
	assert_rel(r.r[3], 103.0 / 101 - 1, 1e-15);
	assert_rel(r.x[3], 1020.0 / 1005 - 1, 1e-15);
	/* 03-12 spans the holiday 03-11 inside what becomes the event window */
	assert_rel(r.r[5], 108.0 / 107 - 1, 1e-15);
	assert_rel(r.x[5], 1050.0 / 1030 - 1, 1e-15);
	assert_rel(r.r[6], 109.0 / 108 - 1, 1e-15);
	assert_rel(r.x[6], 1040.0 / 1050 - 1, 1e-15);
	di_returns_dispose(&r);

	/* log returns over the same spans */
	assert_int_equal(di_calendar_build(&r, &S.s, reg, 1, reg, 1, 1), 0);
	assert_rel(r.r[3], log(103.0 / 101), 1e-14);
	assert_rel(r.x[3], log(1020.0 / 1005), 1e-14);
	di_returns_dispose(&r);
}

static void factor_calendar(void **state)
{
	owned S, M, F;
	const di_series *reg[2];
	di_returns r;
	static const int want[] = {0, 1, 2, 5, 7, 8};
	(void)state;
	make(&S, "S", PS);
	make(&M, "M", PM);
	make(&F, "F", PF);
	reg[0] = &M.s;
	reg[1] = &F.s;
	assert_int_equal(di_calendar_build(&r, &S.s, reg, 2, reg, 2, 0), 0);
	assert_int_equal(r.n, 6);
	for (size_t i = 0; i < r.n; i++)
		assert_int_equal(r.date[i], D(want[i]));
	/* 03-10 spans 03-06 (no market) and 03-07 (no factor) for all three */
	assert_rel(r.r[3], 107.0 / 101 - 1, 1e-15);
	assert_rel(r.x[3], 1030.0 / 1005 - 1, 1e-15);
	assert_rel(r.x[r.n + 3], 54.0 / 52 - 1, 1e-15);
	assert_rel(r.x[r.n + 4], 56.0 / 54 - 1, 1e-15);
	di_returns_dispose(&r);
}

static void mean_calendar(void **state)
{
	owned S, M;
	const di_series *reg[1];
	di_returns r;
	(void)state;
	make(&S, "S", PS);
	make(&M, "M", PM);
	reg[0] = &M.s;
	assert_int_equal(di_calendar_build(&r, &S.s, NULL, 0, reg, 1, 0), 0);
	assert_int_equal(r.n, ND);
	assert_rel(r.r[3], 104.0 / 101 - 1, 1e-15);
	assert_rel(r.x[2], 1005.0 / 1010 - 1, 1e-15);
	assert_rel(r.x[5], 1030.0 / 1020 - 1, 1e-15);
	assert_rel(r.x[8], 1040.0 / 1050 - 1, 1e-15);
	/* no close on one end: no return, never a 0 stand-in */
	assert_true(isnan(r.x[3]) && isnan(r.x[4]) && isnan(r.x[6]) && isnan(r.x[7]));
	assert_true(isnan(r.x[9]));
	di_returns_dispose(&r);
}

static void day0_and_gaps(void **state)
{
	owned S, S2, S3, M;
	const di_series *sec[3];
	di_date cal[3], *gaps;
	size_t n;
	(void)state;
	cal[0] = D(0);
	cal[1] = D(0) + 8;
	cal[2] = D(0) + 20;
	/* first date on or after the event date, at most 7 days later */
	assert_int_equal(di_calendar_day0(cal, 3, D(0)), 0);
	assert_int_equal(di_calendar_day0(cal, 3, D(0) + 1), 1);  /* 7 days later */
	assert_int_equal(di_calendar_day0(cal, 3, D(0) + 12), -1); /* 8 days later */
	assert_int_equal(di_calendar_day0(cal, 3, D(0) + 13), 2);
	assert_int_equal(di_calendar_day0(cal, 3, D(0) + 21), -1); /* after the end */
	assert_int_equal(di_dates_on_or_after(cal, 3, D(0) - 5), 0);
	assert_int_equal(di_dates_on_or_after(cal, 3, D(0) + 12), 2); /* no 7-day limit */
	assert_int_equal(di_dates_on_or_after(cal, 3, D(0) + 21), 3);  /* n: none */

	make(&S, "S", PS);
	make(&S2, "S2", PS);
	make(&M, "M", PM);
	S2.s.n = 6; /* trades to 03-10 only: on 03-11 one of two trades */
	sec[0] = &S.s;
	sec[1] = &S2.s;
	assert_int_equal(di_calendar_market_gaps(&M.s, sec, 2, &gaps, &n), 0);
	/* 03-06 (both trade), 03-11 (one of two: half counts); not 03-14,
	 * after the market's last close */
	assert_int_equal(n, 2);
	assert_int_equal(gaps[0], D(3));
	assert_int_equal(gaps[1], D(6));
	free(gaps);
	make(&S3, "S3", PS);
	S3.s.n = 6;
	sec[2] = &S3.s;
	sec[0] = &S2.s;
	sec[1] = &S.s;
	/* 03-11: one of three is under half */
	assert_int_equal(di_calendar_market_gaps(&M.s, sec, 3, &gaps, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(gaps[0], D(3));
	free(gaps);
}

/* The estimation sample's rule: a row with a return (row >= 1, defined)
 * and the first ncols regressors defined. */
static void estimation_row_rule(void **state)
{
	double r[4] = {NAN, 0.01, NAN, 0.02};
	double x[8] = {NAN, 0.1, 0.2, 0.3, /* column 0 */
		       NAN, 0.5, 0.6, NAN}; /* column 1 */
	di_returns ret = {.n = 4, .r = r, .r_n = 4, .nx = 2, .x = x};
	/* a trimmed load's: positions 2 and 3 held (r[2], r[3]) */
	di_returns part = {.n = 4, .r = r + 2, .r_from = 2, .r_n = 2, .nx = 2, .x = x};
	(void)state;
	assert_false(di_est_row_usable(&part, 1, 0)); /* not held */
	assert_true(isnan(di_ret_at(&part, 1)));
	assert_true(isnan(di_ret_at(&part, 4)));
	assert_true(di_est_row_usable(&part, 3, 1));
	assert_true(di_ret_at(&part, 3) == r[3]);
	assert_false(di_est_row_usable(&ret, 0, 0)); /* no close before */
	assert_false(di_est_row_usable(&ret, -1, 0));
	assert_false(di_est_row_usable(&ret, 4, 0)); /* past the end */
	assert_true(di_est_row_usable(&ret, 1, 2));
	assert_false(di_est_row_usable(&ret, 2, 0)); /* no return */
	assert_true(di_est_row_usable(&ret, 3, 1));
	assert_false(di_est_row_usable(&ret, 3, 2)); /* column 1 missing */
}

/* --- the same inside a run ------------------------------------------- */

static char dir[64];

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The run's prices: ten weekdays before the table (all three series
 * trade), then the table's ten dates; T is S on another path, so that the
 * fit is not perfect. */
#define NP 10
static void run_prices(char *buf, size_t cap, double ps[NP + ND], double pm[NP + ND], di_date dd[NP + ND])
{
	static const double PT[ND] = {40, 41, 40.5, 40.2, 41.1, 42, 41.7, 42.9, 42.2, 43};
	size_t len = (size_t)snprintf(buf, cap, "Date,S,T,M\n");
	di_date first = D(0) - 14; /* Mon 2025-02-17 */
	for (int i = 0; i < NP + ND; i++) {
		char d[11];
		double pt;
		if (i < NP) {
			dd[i] = first + (i / 5) * 7 + i % 5;
			ps[i] = 90 + 3 * sin(i);
			pm[i] = 950 + 20 * cos(1.7 * i);
			pt = 38 + sin(2.3 * i);
		} else {
			dd[i] = D(i - NP);
			ps[i] = PS[i - NP];
			pm[i] = PM[i - NP];
			pt = PT[i - NP];
		}
		di_date_format(dd[i], d);
		len += (size_t)snprintf(buf + len, cap - len, "%s,%.17g,%.17g,", d, ps[i], pt);
		if (pm[i] > 0)
			len += (size_t)snprintf(buf + len, cap - len, "%.17g", pm[i]);
		len += (size_t)snprintf(buf + len, cap - len, "\n");
	}
}

static di_run *run_study(di_study **sp)
{
	const char *const kv[] = {"market", "M", "model", "market", "estimation", "-12:-2",
				  "event-window", "-1:1", "car", "0:1", "min-estimation", "5", NULL};
	return th_run(sp, dir, "events.csv", kv);
}

static void in_a_run(void **state)
{
	char buf[4096], path[128];
	double ps[NP + ND], pm[NP + ND], x[NP + ND], y[NP + ND];
	di_date dd[NP + ND], ed[NP + ND];
	di_study *s;
	di_run *run;
	const di_secev *se;
	size_t n = 0;
	long prev = -1;
	(void)state;
	strcpy(dir, "/tmp/di-calendar-XXXXXX");
	assert_non_null(mkdtemp(dir));
	run_prices(buf, sizeof(buf), ps, pm, dd);
	write_file("prices.csv", buf);
	write_file("events.csv", "id,date,label\nholiday,2025-03-11,on a market holiday\n"
				 "late,2025-03-14,after the market ended\n");
	run = run_study(&s);

	/* S's model calendar: the ten early dates, then 03-03 04 05 07 10 12
	 * 13 (positions 10..16); day 0 of "holiday" (03-11) is 03-12 */
	assert_int_equal(run->nse, 2);
	se = &run->se[0];
	assert_int_equal(se->day0, 15);
	assert_int_equal(se->date[0], D(5)); /* day -1: 03-10 */
	assert_int_equal(se->date[1], D(7)); /* day 0: 03-12 */
	assert_int_equal(se->date[2], D(8)); /* day +1: 03-13 */
	/* estimation -12:-2 = positions 3..13, each return from the previous
	 * date on which both S and M close (03-07 spans 03-06) */
	for (int i = 0; i < NP + ND; i++) {
		if (!(pm[i] > 0))
			continue;
		if (prev >= 0 && dd[i] < D(5)) {
			x[n] = pm[i] / pm[prev] - 1;
			y[n] = ps[i] / ps[prev] - 1;
			ed[n++] = dd[i];
		}
		prev = i;
	}
	/* the calendar's positions 1..13 are x[0..12]: estimation is 2..12 */
	assert_int_equal(n, 13);
	assert_int_equal(se->n_est, 11);
	assert_int_equal(se->est_date[10], D(4)); /* 03-07 */
	assert_int_equal(ed[12], D(4));
	/* the fit's rows are read back from the calendar (run->se keeps none) */
	assert_null(se->est_y);
	{
		double xrow[2];
		assert_rel(di_secev_est_row(run, se, 10, xrow), 103.0 / 101 - 1, 1e-12);
		assert_rel(xrow[0], 1.0, 1e-12);
		assert_rel(xrow[1], 1020.0 / 1005 - 1, 1e-12);
	}
	{
		/* the market model on those eleven returns, by hand */
		double mx = 0, my = 0, sxx = 0, sxy = 0, beta, alpha, rm, r;
		for (size_t i = 2; i < n; i++) {
			mx += x[i] / 11;
			my += y[i] / 11;
		}
		for (size_t i = 2; i < n; i++) {
			sxx += (x[i] - mx) * (x[i] - mx);
			sxy += (x[i] - mx) * (y[i] - my);
		}
		beta = sxy / sxx;
		alpha = my - beta * mx;
		assert_rel(se->fit.theta[1], beta, 1e-9);
		/* day 0, 03-12: two-day returns across the holiday 03-11 */
		rm = 1050.0 / 1030 - 1;
		r = 108.0 / 107 - 1;
		assert_rel(se->m[1], rm, 1e-12);
		assert_rel(se->r[1], r, 1e-12);
		assert_rel(se->ar[1], r - alpha - beta * rm, 1e-9);
	}
	/* "late": no model-calendar date within 7 days (the market ended) */
	assert_int_equal(run->nexc, 3); /* S and T, then the event */
	assert_string_equal(run->exc[0].reason, "no-trading-day");
	assert_string_equal(run->exc[2].reason, "no-securities");
	assert_int_equal(run->nmgap, 2);
	assert_int_equal(run->mgap[0], D(3));
	assert_int_equal(run->mgap[1], D(6));
	di_run_free(run);
	di_study_free(s);
	snprintf(path, sizeof(path), "%s/prices.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/events.csv", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(market_calendar), cmocka_unit_test(factor_calendar),
		cmocka_unit_test(mean_calendar), cmocka_unit_test(day0_and_gaps),
		cmocka_unit_test(estimation_row_rule),
		cmocka_unit_test(in_a_run),
	};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
