/*
 * test_fx.c - currency conversion (fx.h; interface, Securities), on a
 * hand-built case with every converted return written out by hand as
 * (1 + r_local)(1 + r_fx) - 1:
 *
 *   date        S (GBp)  U (USD)  EURGBP=X  GBPUSD=X  EURUSD=X
 *   Mon 03-03   1000     50       0.85      1.30      1.10
 *   Tue 03-04   1010     51       0.86      1.32      1.12
 *   Wed 03-05   1005     52       -         1.31      1.11
 *   Thu 03-06   1020     53       0.84      1.29      -
 *   Fri 03-07   1030     54       0.85      1.28      1.09
 *
 * S with fx 1/EURGBP=X: the FX series lacks 03-05, so S in EUR has no
 *   close that day (it leaves the calendar, no error) and the return of
 *   03-06 spans it: (1020/1010)(0.86/0.84) - 1.
 * S with the cross rate GBPUSD=X/EURUSD=X (GBP in EUR = GBPUSD / EURUSD):
 *   03-06 leaves; 03-07: (1030/1005)((1.28/1.09)/(1.31/1.11)) - 1.
 * U without fx: EURUSD=X inverted (the default <STUDY><CUR>=X):
 *   03-04: (51/50)(1.10/1.12) - 1.
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

#include "calendar.h"
#include "error.h"
#include "fx.h"

#define assert_rel(got, want, tol) \
	do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (tol) * fabs(w_) + 1e-15)) \
			fail_msg("%s = %.17g, want %.17g", #got, g_, w_); \
	} while (0)

static const char prices_csv[] = "Date,S,U,EURGBP=X,GBPUSD=X,EURUSD=X,K\n"
				 "2025-03-03,1000,50,0.85,1.30,1.10,10\n"
				 "2025-03-04,1010,51,0.86,1.32,1.12,11\n"
				 "2025-03-05,1005,52,,1.31,1.11,12\n"
				 "2025-03-06,1020,53,0.84,1.29,,13\n"
				 "2025-03-07,1030,54,0.85,1.28,1.09,14\n";

typedef struct fixture {
	char dir[64];
	di_prices *p;
	di_securities *sec;
} fixture;

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Prices and a securities file whose rows are secs. */
static void setup(fixture *fx, const char *secs)
{
	char path[128];
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/di-test-fx.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	write_file(fx->dir, "prices.csv", prices_csv);
	write_file(fx->dir, "sec.csv", secs);
	assert_int_equal(di_prices_new(&fx->p), 0);
	snprintf(path, sizeof(path), "%s/prices.csv", fx->dir);
	assert_int_equal(di_prices_load_file(fx->p, path), 0);
	snprintf(path, sizeof(path), "%s/sec.csv", fx->dir);
	if (di_securities_load(&fx->sec, path))
		fail_msg("securities: %s", di_error_message());
}

static void teardown(fixture *fx)
{
	char path[128];
	di_prices_free(fx->p);
	di_securities_free(fx->sec);
	snprintf(path, sizeof(path), "%s/prices.csv", fx->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sec.csv", fx->dir);
	unlink(path);
	rmdir(fx->dir);
}

/* The returns of ticker in cur; n dates expected. */
static void returns_of(fixture *f, di_fx *fx, const char *ticker, di_returns *r, size_t n)
{
	const di_series *c;
	char why[200];
	assert_int_equal(di_fx_series(fx, di_prices_find(f->p, ticker), &c, why, sizeof(why)), 0);
	assert_non_null(c);
	assert_int_equal(di_calendar_build(r, c, NULL, 0, NULL, 0, 0), 0);
	assert_int_equal(r->n, n);
}

static void inverted_and_gap(void **state)
{
	fixture f;
	di_fx fx;
	di_returns r;
	(void)state;
	setup(&f, "ticker,currency,fx\nS,GBp,1/EURGBP=X\n");
	fx = (di_fx){.cur = "EUR", .prices = f.p, .sec = f.sec};
	returns_of(&f, &fx, "S", &r, 4); /* 03-05 left: EURGBP=X lacks it */
	assert_rel(r.r[1], (1010.0 / 1000) * (0.85 / 0.86) - 1, 1e-14);
	assert_rel(r.r[2], (1020.0 / 1010) * (0.86 / 0.84) - 1, 1e-14);
	assert_rel(r.r[3], (1030.0 / 1020) * (0.84 / 0.85) - 1, 1e-14);
	/* the level: pence to pounds, pounds to euros */
	assert_rel(r.s->price[0], 1000 * 0.01 / 0.85, 1e-15);
	di_returns_dispose(&r);
	di_fx_dispose(&fx);
	teardown(&f);
}

static void cross_rate(void **state)
{
	fixture f;
	di_fx fx;
	di_returns r;
	(void)state;
	setup(&f, "ticker,currency,fx\nS,GBX,GBPUSD=X/EURUSD=X\n");
	fx = (di_fx){.cur = "EUR", .prices = f.p, .sec = f.sec};
	returns_of(&f, &fx, "S", &r, 4); /* 03-06 left: EURUSD=X lacks it */
	assert_rel(r.r[1], (1010.0 / 1000) * ((1.32 / 1.12) / (1.30 / 1.10)) - 1, 1e-14);
	assert_rel(r.r[3], (1030.0 / 1005) * ((1.28 / 1.09) / (1.31 / 1.11)) - 1, 1e-14);
	di_returns_dispose(&r);
	/* log returns: log of the same ratio */
	assert_int_equal(di_calendar_build(&r, fx.made[0], NULL, 0, NULL, 0, 1), 0);
	assert_rel(r.r[3], log(1030.0 / 1005) + log((1.28 / 1.09) / (1.31 / 1.11)), 1e-13);
	di_returns_dispose(&r);
	di_fx_dispose(&fx);
	teardown(&f);
}

static void default_series(void **state)
{
	fixture f;
	di_fx fx;
	di_returns r;
	const di_series *c, *c2;
	char why[200];
	(void)state;
	setup(&f, "ticker,currency\nU,USD\nK,SEK\nS,EUR\n");
	fx = (di_fx){.cur = "EUR", .prices = f.p, .sec = f.sec};
	returns_of(&f, &fx, "U", &r, 4);
	assert_rel(r.r[1], (51.0 / 50) * (1.10 / 1.12) - 1, 1e-14);
	/* 03-07 spans 03-06, which EURUSD=X lacks */
	assert_rel(r.r[3], (54.0 / 52) * (1.11 / 1.09) - 1, 1e-14);
	di_returns_dispose(&r);
	/* converted once, then the same series */
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "U"), &c, why, sizeof(why)), 0);
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "U"), &c2, why, sizeof(why)), 0);
	assert_ptr_equal(c, c2);
	assert_int_equal(fx.n, 1);
	/* no EURSEK=X: no-fx */
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "K"), &c, why, sizeof(why)), 0);
	assert_null(c);
	assert_non_null(strstr(why, "EURSEK=X"));
	/* in the study currency, or without a row: itself */
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "S"), &c, why, sizeof(why)), 0);
	assert_ptr_equal(c, di_prices_find(f.p, "S"));
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "GBPUSD=X"), &c, why, sizeof(why)), 0);
	assert_ptr_equal(c, di_prices_find(f.p, "GBPUSD=X"));
	di_fx_dispose(&fx);
	teardown(&f);
}

/* GBp in a GBP study: pence to pounds, the returns unchanged. */
static void pence_only(void **state)
{
	fixture f;
	di_fx fx;
	di_returns r;
	(void)state;
	setup(&f, "ticker,currency\nS,GBp\n");
	fx = (di_fx){.cur = "GBP", .prices = f.p, .sec = f.sec};
	returns_of(&f, &fx, "S", &r, 5);
	assert_rel(r.s->price[2], 10.05, 1e-15);
	assert_rel(r.r[2], 1005.0 / 1010 - 1, 1e-14);
	di_returns_dispose(&r);
	di_fx_dispose(&fx);
	teardown(&f);
}

static void named_but_absent(void **state)
{
	fixture f;
	di_fx fx;
	const di_series *c;
	char why[200];
	(void)state;
	setup(&f, "ticker,currency,fx\nS,GBp,1/EURGBX=X\n");
	fx = (di_fx){.cur = "EUR", .prices = f.p, .sec = f.sec};
	assert_int_equal(di_fx_series(&fx, di_prices_find(f.p, "S"), &c, why, sizeof(why)), DI_EDATA);
	assert_non_null(strstr(di_error_message(), "sec.csv:2: fx series EURGBX=X of S is not in "
						   "the price data"));
	di_fx_dispose(&fx);
	teardown(&f);
}

static void currencies_and_specs(void **state)
{
	char iso[4], why[200];
	double unit;
	di_fx_spec sp;
	(void)state;
	assert_true(di_currency_known("GBX", iso, &unit));
	assert_string_equal(iso, "GBP");
	assert_rel(unit, 0.01, 1e-15);
	assert_true(di_currency_known("GBp", iso, &unit));
	assert_true(di_currency_known("SEK", iso, &unit));
	assert_string_equal(iso, "SEK");
	assert_rel(unit, 1.0, 1e-15);
	assert_true(di_currency_known("ZWL", NULL, NULL)); /* the last of the list */
	assert_true(di_currency_known("AED", NULL, NULL)); /* the first */
	assert_false(di_currency_known("EURO", NULL, NULL));
	assert_false(di_currency_known("eur", NULL, NULL));
	assert_false(di_currency_known("gbp", NULL, NULL));
	assert_false(di_currency_known("XXX", NULL, NULL));
	assert_false(di_currency_known("", NULL, NULL));
	assert_false(di_currency_known("ED", NULL, NULL));
	assert_int_equal(di_fx_spec_parse("1/EURGBP=X", 10, &sp, why, sizeof(why)), 0);
	assert_true(sp.invert);
	assert_string_equal(sp.num, "EURGBP=X");
	assert_string_equal(sp.den, "");
	assert_int_equal(di_fx_spec_parse("GBPUSD=X/EURUSD=X", 17, &sp, why, sizeof(why)), 0);
	assert_false(sp.invert);
	assert_string_equal(sp.num, "GBPUSD=X");
	assert_string_equal(sp.den, "EURUSD=X");
	assert_int_equal(di_fx_spec_parse("GBPEUR=X", 8, &sp, why, sizeof(why)), 0);
	assert_false(sp.invert);
	assert_int_equal(di_fx_spec_parse("1/", 2, &sp, why, sizeof(why)), -1);
	assert_int_equal(di_fx_spec_parse("A/B/C", 5, &sp, why, sizeof(why)), -1);
	assert_int_equal(di_fx_spec_parse("/B", 2, &sp, why, sizeof(why)), -1);
	assert_int_equal(di_fx_spec_parse("A/", 2, &sp, why, sizeof(why)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inverted_and_gap), cmocka_unit_test(cross_rate),
		cmocka_unit_test(default_series),   cmocka_unit_test(pence_only),
		cmocka_unit_test(named_but_absent), cmocka_unit_test(currencies_and_specs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
