/*
 * test_prices.c - price files in the three layouts and their dialects,
 * every data error with its exact message, folders, and three real files
 * from the shipped dataset and the estudy2 peer fixture (values checked
 * against the files' text).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "prices.h"

#define TH_TMP_PREFIX "/tmp/di_test_prices_"
#include "tmp_helper.h"

static di_date D(const char *s)
{
	di_date d;
	assert_int_equal(di_date_parse(s, strlen(s), &d), 0);
	return d;
}

/* Load name with content into a fresh di_prices (returned in *out). */
static int load(const char *name, const char *content, di_prices **out)
{
	const char *path = th_write_str(name, content);
	assert_int_equal(di_prices_new(out), 0);
	return di_prices_load_file(*out, path);
}

/* Loading content must fail with code and message "PATH<suffix>". */
static void expect_error(const char *name, const char *content, int code,
			 const char *suffix)
{
	di_prices *p;
	char want[1024];
	int rc = load(name, content, &p);
	snprintf(want, sizeof(want), "%s%s", th_tmp_path(name), suffix);
	assert_int_equal(rc, code);
	assert_string_equal(di_error_message(), want);
	/* a failed file adds nothing */
	assert_int_equal(p->n, 0);
	assert_int_equal(p->nfiles, 0);
	di_prices_free(p);
}

/* ---- layout (a): one security per file --------------------------------- */

static void test_one_adj_close_preferred(void **state)
{
	di_prices *p;
	di_series *s;
	(void)state;
	assert_int_equal(
		load("RHM.DE.csv",
		     "Date,Open,High,Low,Close,Adj Close,Volume\n"
		     "2025-01-02,10,12,9,11,10.5,100\n"
		     "2025-01-03,11,,10,12,11.5,100\n",
		     &p),
		0);
	assert_int_equal(p->n, 1);
	assert_int_equal(p->nfiles, 1);
	assert_string_equal(p->files[0], th_tmp_path("RHM.DE.csv"));
	s = di_prices_find(p, "RHM.DE");
	assert_non_null(s);
	assert_string_equal(s->file, th_tmp_path("RHM.DE.csv"));
	assert_int_equal(s->n, 2);
	assert_int_equal(s->date[0], D("2025-01-02"));
	assert_true(s->price[0] == 10.5);
	assert_true(s->price[1] == 11.5);
	assert_true(s->open[0] == 10 && s->high[0] == 12 && s->low[0] == 9);
	assert_true(s->close[0] == 11 && s->close[1] == 12);
	assert_true(isnan(s->high[1])); /* empty OHLC cell */
	assert_int_equal(s->line[0], 2);
	assert_int_equal(s->line[1], 3);
	assert_null(di_prices_find(p, "RHM"));
	di_prices_free(p);
}

static void test_one_adj_names(void **state)
{
	static const char *const names[] = {"Adjusted_close", "adjclose",
					    "Adj_Close", " ADJ CLOSE "};
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		di_prices *p;
		char text[200];
		snprintf(text, sizeof(text),
			 "date,close,%s\n2025-01-02,5,4\n", names[i]);
		assert_int_equal(load("X.csv", text, &p), 0);
		assert_true(p->s[0]->price[0] == 4);
		assert_true(p->s[0]->close[0] == 5);
		/* no Open column: no open array */
		assert_null(p->s[0]->open);
		di_prices_free(p);
	}
}

static void test_one_close_only_and_suffix(void **state)
{
	di_prices *p;
	(void)state;
	/* ".CSV" is taken off too; other columns are ignored */
	assert_int_equal(load("BA.L.CSV",
			      "Date,Close,Volume,Dividends\n"
			      "2025-01-02,631.09,5,0.0\n", &p), 0);
	assert_string_equal(p->s[0]->ticker, "BA.L");
	assert_true(p->s[0]->price[0] == 631.09);
	di_prices_free(p);
	/* only an adjusted column: no raw close array */
	assert_int_equal(load("Y.csv", "Date,Adj Close\n2025-01-02,3\n", &p),
			 0);
	assert_true(p->s[0]->price[0] == 3);
	assert_null(p->s[0]->close);
	di_prices_free(p);
}

static void test_missing_cells_remove_dates(void **state)
{
	di_prices *p;
	di_series *s;
	(void)state;
	assert_int_equal(load("M.csv",
			      "Date,Close\n"
			      "2025-01-02,1\n"
			      "2025-01-03,\n"
			      "2025-01-06,NA\n"
			      "2025-01-07,null\n"
			      "2025-01-08, n/a \n"
			      "2025-01-09,Null\n"
			      "2025-01-10,2\n", &p), 0);
	s = p->s[0];
	assert_int_equal(s->n, 2);
	assert_int_equal(s->date[1], D("2025-01-10"));
	assert_int_equal(s->line[1], 8);
	di_prices_free(p);
}

static void test_time_suffix(void **state)
{
	di_prices *p;
	(void)state;
	assert_int_equal(load("T.csv",
			      "Date,Close\n"
			      "2025-11-24 00:00:00+01:00,5\n"
			      "2025-11-25T00:00:00Z,6\n", &p), 0);
	assert_int_equal(p->s[0]->date[0], D("2025-11-24"));
	assert_int_equal(p->s[0]->date[1], D("2025-11-25"));
	di_prices_free(p);
}

/* ---- dialects ---------------------------------------------------------- */

static void test_semicolon_decimal_comma(void **state)
{
	di_prices *p;
	(void)state;
	assert_int_equal(load("S.csv",
			      "Date;Close\n2025-01-02;1234,5\n"
			      "2025-01-03;7.25\n", &p), 0);
	assert_true(p->s[0]->price[0] == 1234.5);
	assert_true(p->s[0]->price[1] == 7.25);
	di_prices_free(p);
}

static void test_tab_bom_crlf_quotes(void **state)
{
	di_prices *p;
	(void)state;
	assert_int_equal(load("TB.csv",
			      "\xEF\xBB\xBF\"Date\"\tClose\r\n"
			      "2025-01-02\t\"1.5\"\r\n"
			      "\r\n"
			      "2025-01-03\t2\r\n", &p), 0);
	assert_int_equal(p->s[0]->n, 2);
	assert_true(p->s[0]->price[0] == 1.5);
	assert_int_equal(p->s[0]->line[1], 4);
	di_prices_free(p);
}

/* ---- layout (b): long -------------------------------------------------- */

static void test_long(void **state)
{
	di_prices *p;
	di_series *a, *b;
	(void)state;
	assert_int_equal(load("long.csv",
			      "date,ticker,close,volume\n"
			      "2025-01-02,AAA,10,1\n"
			      "2025-01-02,BBB,20,1\n"
			      "2025-01-03,AAA,11,1\n"
			      "2025-01-06,BBB,NA,1\n"
			      "2025-01-07,BBB,22,1\n", &p), 0);
	assert_int_equal(p->n, 2);
	a = p->s[0];
	b = p->s[1];
	assert_string_equal(a->ticker, "AAA");
	assert_string_equal(b->ticker, "BBB");
	assert_int_equal(a->n, 2);
	assert_int_equal(b->n, 2);
	assert_true(a->price[1] == 11);
	assert_int_equal(b->date[1], D("2025-01-07"));
	assert_int_equal(b->line[1], 6);
	assert_null(a->open);
	assert_null(a->close);
	di_prices_free(p);
}

static void test_long_symbol_price_adj(void **state)
{
	di_prices *p;
	(void)state;
	assert_int_equal(load("l2.csv", "Symbol;Date;Price\n"
					"X;2025-01-02;1,5\n", &p), 0);
	assert_string_equal(p->s[0]->ticker, "X");
	assert_true(p->s[0]->price[0] == 1.5);
	di_prices_free(p);
	assert_int_equal(load("l3.csv", "date,ticker,close,adj close\n"
					"2025-01-02,X,9,8\n", &p), 0);
	assert_true(p->s[0]->price[0] == 8);
	di_prices_free(p);
	assert_int_equal(load("l3.csv", "date,ticker,close,adjusted_close\n"
					"2025-01-02,X,9,8\n", &p), 0);
	assert_true(p->s[0]->price[0] == 8);
	di_prices_free(p);
}

/* ---- layout (c): wide -------------------------------------------------- */

static void test_wide(void **state)
{
	di_prices *p;
	di_series *z;
	(void)state;
	assert_int_equal(load("wide.csv",
			      "Date,AMZN,ZM,GSPC\n"
			      "2019-04-01,1814.19,NA,2867.19\n"
			      "2019-04-02,1813.98,,2867.24\n"
			      "2019-04-18,1861.69,62,2905.03\n", &p), 0);
	assert_int_equal(p->n, 3);
	z = di_prices_find(p, "ZM");
	assert_non_null(z);
	assert_int_equal(z->n, 1);
	assert_int_equal(z->date[0], D("2019-04-18"));
	assert_int_equal(z->line[0], 4);
	assert_true(z->price[0] == 62);
	assert_int_equal(p->s[0]->n, 3);
	assert_string_equal(p->s[2]->ticker, "GSPC");
	di_prices_free(p);
}

/* The date i days after 2020-01-01, as text (a static buffer). */
static const char *D_TEXT(int i)
{
	static char buf[11];
	di_date_format(D("2020-01-01") + i, buf);
	return buf;
}

/* A wide file longer than a block of rows and than its first row
 * suggests (a long first row: the columns must grow), ascending or
 * descending: the series without a missing cell share one date and line
 * column, B (one missing cell) has its own; every price and line in place. */
#define LONG_ZEROS ".0000000000000000000000000000000000000000000000000000000000" \
	"00000000000000000000000000000000000000"
static void test_wide_columns(void **state)
{
	enum { ROWS = 300 };
	static char text[ROWS * 64 + sizeof(LONG_ZEROS)];
	(void)state;
	for (int desc = 0; desc <= 1; desc++) {
		di_prices *p;
		const di_series *a, *b, *c;
		size_t k = (size_t)sprintf(text, "Date,A,B,C\n");
		for (int r = 0; r < ROWS; r++) {
			int i = desc ? ROWS - 1 - r : r;
			k += (size_t)sprintf(text + k, "%s,%d.5,%s,%d%s\n", D_TEXT(i), i + 1,
					     i == 100 ? "" : i < 1 ? "7" : "700.25", 1000000 + i,
					     i ? "" : LONG_ZEROS);
		}
		assert_int_equal(load("wc.csv", text, &p), 0);
		a = di_prices_find(p, "A");
		b = di_prices_find(p, "B");
		c = di_prices_find(p, "C");
		assert_int_equal(a->n, ROWS);
		assert_int_equal(c->n, ROWS);
		assert_int_equal(b->n, ROWS - 1);
		assert_ptr_equal(a->date, c->date);
		assert_ptr_equal(a->line, c->line);
		assert_true(b->date != a->date);
		for (int i = 0; i < ROWS; i++) {
			long line = desc ? ROWS - i + 1 : i + 2;
			assert_int_equal(a->date[i], D(D_TEXT(i)));
			assert_true(a->price[i] == i + 1.5);
			assert_true(c->price[i] == 1000000 + i);
			assert_int_equal(a->line[i], line);
		}
		for (size_t i = 0; i < b->n; i++) {
			int row = (int)i < 100 ? (int)i : (int)i + 1;
			assert_int_equal(b->date[i], D(D_TEXT(row)));
			assert_int_equal(b->line[i], desc ? ROWS - row + 1 : row + 2);
			assert_true(b->price[i] == (row < 1 ? 7 : 700.25));
		}
		di_prices_free(p);
	}
}

/* ---- newest-first files -------------------------------------------------- */

/* Two loads must give the same series: same dates and prices, OHLC where
 * present; lines are those of the descending file, row for row. */
static void expect_same_series(const di_series *a, const di_series *d)
{
	assert_string_equal(a->ticker, d->ticker);
	assert_int_equal(a->n, d->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->date[i], d->date[i]);
		assert_true(a->price[i] == d->price[i]);
		if (a->high)
			assert_true(a->high[i] == d->high[i]);
	}
}

static void test_descending(void **state)
{
	static const struct { const char *asc, *desc; } cases[] = {
		{"Date,Open,High,Low,Close\n2025-01-02,1,3,0.5,2\n"
		 "2025-01-03,2,5,1.5,4\n2025-01-06,4,9,3.5,8\n",
		 "Date,Open,High,Low,Close\n2025-01-06,4,9,3.5,8\n"
		 "2025-01-03,2,5,1.5,4\n2025-01-02,1,3,0.5,2\n"},
		{"date,ticker,close\n2025-01-02,A,1\n2025-01-02,B,10\n"
		 "2025-01-03,A,2\n2025-01-06,B,30\n",
		 /* A descending, B ascending: the direction is per ticker */
		 "date,ticker,close\n2025-01-03,A,2\n2025-01-02,B,10\n"
		 "2025-01-02,A,1\n2025-01-06,B,30\n"},
		{"Date,A,B\n2025-01-02,1,NA\n2025-01-03,2,20\n2025-01-06,,30\n",
		 "Date,A,B\n2025-01-06,,30\n2025-01-03,2,20\n2025-01-02,1,NA\n"},
	};
	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		di_prices *a, *d;
		assert_int_equal(load("X.csv", cases[k].asc, &a), 0);
		assert_int_equal(load("X.csv", cases[k].desc, &d), 0);
		assert_int_equal(a->n, d->n);
		for (size_t i = 0; i < a->n; i++)
			expect_same_series(a->s[i], di_prices_find(d, a->s[i]->ticker));
		di_prices_free(a);
		di_prices_free(d);
	}
	/* each row keeps its line: the newest (first row) is line 2 */
	{
		di_prices *d;
		assert_int_equal(load("Y.csv", cases[0].desc, &d), 0);
		assert_int_equal(d->s[0]->line[0], 4);
		assert_int_equal(d->s[0]->line[2], 2);
		assert_int_equal(d->s[0]->date[2], D("2025-01-06"));
		assert_true(d->s[0]->low[2] == 3.5);
		di_prices_free(d);
	}
}

/* ---- suggestions for unknown names ----------------------------------------- */

/* Costs worked by hand (insert 1, substitute 2, delete 3): "LDO" -> LDO.MI
 * is 3 insertions; "SAAB" -> SAAB-B.ST 5 insertions, -> BA.L 6 (delete S,
 * keep A, substitute A->B... the cheapest path); case is ignored. */
static void test_suggest(void **state)
{
	di_prices *p;
	char buf[DI_SUGGEST_LEN];
	(void)state;
	assert_int_equal(load("w.csv", "Date,RHM.DE,LDO.MI,BA.L,HO.PA,SAAB-B.ST,^STOXX\n"
				       "2025-01-02,1,2,3,4,5,6\n", &p), 0);
	di_prices_suggest(p, "rhm.de", buf, sizeof(buf));
	assert_string_equal(buf, " (nearest: RHM.DE, HO.PA, LDO.MI)");
	di_prices_suggest(p, "SAAB", buf, sizeof(buf));
	assert_string_equal(buf, " (nearest: SAAB-B.ST, BA.L, ^STOXX)");
	di_prices_suggest(p, "STOXX", buf, sizeof(buf));
	assert_string_equal(buf, " (nearest: ^STOXX, LDO.MI, HO.PA)");
	/* a short buffer is cut, never overrun */
	di_prices_suggest(p, "LDO", buf, 12);
	assert_string_equal(buf, " (nearest: ");
	di_prices_free(p);
	/* no data, no suggestion */
	assert_int_equal(di_prices_new(&p), 0);
	di_prices_suggest(p, "X", buf, sizeof(buf));
	assert_string_equal(buf, "");
	di_prices_free(p);
}

/* ---- date formats -------------------------------------------------------- */

/* A file's non-ISO dates settle its format: the one every date fits. */
static void test_date_formats(void **state)
{
	di_prices *p;
	(void)state;
	/* 02/01 alone is open; 28/12 settles day-first for the whole file */
	assert_int_equal(load("f1.csv", "Date,Close\n02/01/2025,1\n28/12/2025,2\n", &p), 0);
	assert_int_equal(p->s[0]->date[0], D("2025-01-02"));
	assert_int_equal(p->s[0]->date[1], D("2025-12-28"));
	di_prices_free(p);
	/* 12/28 settles month-first, newest first */
	assert_int_equal(load("f2.csv", "Date,Close\n12/28/2025,2\n02/01/2025,1\n", &p), 0);
	assert_int_equal(p->s[0]->date[0], D("2025-02-01"));
	assert_int_equal(p->s[0]->date[1], D("2025-12-28"));
	di_prices_free(p);
	/* day.month.year, long layout */
	assert_int_equal(load("f3.csv", "date,ticker,close\n02.01.2025,A,1\n03.01.2025,A,2\n", &p), 0);
	assert_int_equal(p->s[0]->date[1], D("2025-01-03"));
	di_prices_free(p);
	/* a given format reads an ambiguous file, with ISO rows among them */
	assert_int_equal(di_prices_new(&p), 0);
	di_prices_set_date_format(p, DI_DATE_MDY_SLASH);
	assert_int_equal(di_prices_load_file(p, th_write_str("f4.csv", "Date,Close\n02/01/2025,1\n"
								      "2025-02-03,2\n")), 0);
	assert_int_equal(p->s[0]->date[0], D("2025-02-01"));
	/* and names itself when a date does not fit it */
	assert_int_equal(di_prices_load_file(p, th_write_str("f5.csv", "Date,Close\n28/12/2025,1\n")),
			 DI_EDATA);
	assert_string_equal(strrchr(di_error_message(), ':'),
			    ": impossible date '28/12/2025'");
	assert_int_equal(di_prices_load_file(p, th_write_str("f6.csv", "Date,Close\n28.12.2025,1\n")),
			 DI_EDATA);
	assert_non_null(strstr(di_error_message(),
			       ":2: unreadable date '28.12.2025' (expected YYYY-MM-DD or %m/%d/%Y)"));
	di_prices_free(p);
}

/* ---- errors ------------------------------------------------------------ */

static void test_err_header(void **state)
{
	(void)state;
	expect_error("h1.csv", "when,what\n2025-01-02,1\n", DI_EDATA,
		     ":1: unrecognised header: expected Date and Close/Adj "
		     "Close (one security), date,ticker,close (long) or Date "
		     "plus one column per ticker (wide)");
	/* Close but no Date */
	expect_error("h2.csv", "Day,Close\n2025-01-02,1\n", DI_EDATA,
		     ":1: unrecognised header: expected Date and Close/Adj "
		     "Close (one security), date,ticker,close (long) or Date "
		     "plus one column per ticker (wide)");
	/* Date alone */
	expect_error("h3.csv", "Date\n2025-01-02\n", DI_EDATA,
		     ":1: unrecognised header: expected Date and Close/Adj "
		     "Close (one security), date,ticker,close (long) or Date "
		     "plus one column per ticker (wide)");
	expect_error("h4.csv", "\n\nDate,Close,close\n", DI_EDATA,
		     ":3: duplicate column 'close' in the header");
	expect_error("h5.csv", "Date,AAA,BBB, aaa\n", DI_EDATA,
		     ":1: duplicate column 'aaa' in the header");
	expect_error("h6.csv", "Date,AAA,,BBB\n2025-01-02,1,2,3\n", DI_EDATA,
		     ":1: column 3 of the header has no name (a wide file "
		     "needs a ticker per column)");
	expect_error("h7.csv", "", DI_EDATA, ":1: empty file: no header row");
}

static void test_err_ragged(void **state)
{
	(void)state;
	expect_error("r.csv", "Date,Close\n2025-01-02,1\n2025-01-03,1,2\n",
		     DI_EDATA,
		     ":3: expected 2 fields (as in the header), found 3");
	expect_error("r2.csv", "Date,A,B\n2025-01-02,1\n", DI_EDATA,
		     ":2: expected 3 fields (as in the header), found 2");
}

static void test_err_dates(void **state)
{
	(void)state;
	expect_error("d1.csv", "Date,Close\n02/01/2025,1\n", DI_EDATA,
		     ":2: the dates (first '02/01/2025') can be read as %d/%m/%Y "
		     "or %m/%d/%Y: give --date-format");
	expect_error("d1b.csv", "Date,Close\n2025/01/02,1\n", DI_EDATA,
		     ":2: unreadable date '2025/01/02' (expected YYYY-MM-DD)");
	/* day-first and month-first rows in one file: no format fits both */
	expect_error("d1c.csv", "Date,Close\n28/12/2025,1\n12/29/2025,2\n", DI_EDATA,
		     ":2: unreadable date '28/12/2025' (expected YYYY-MM-DD)");
	expect_error("d2.csv", "Date,Close\n,1\n", DI_EDATA,
		     ":2: unreadable date '' (expected YYYY-MM-DD)");
	expect_error("d3.csv", "Date,Close\n2025-02-30,1\n", DI_EDATA,
		     ":2: impossible date '2025-02-30'");
	expect_error("D4.csv", "Date,Close\n2025-01-02,1\n2025-01-02,2\n",
		     DI_EDATA, ":3: duplicate date 2025-01-02 for D4");
	expect_error("D5.csv", "Date,Close\n2025-01-03,1\n2025-01-06,2\n"
		     "2025-01-02,3\n", DI_EDATA,
		     ":4: date 2025-01-02 out of order (after 2025-01-06) "
		     "for D5: the dates must be sorted, ascending or descending");
	/* a date without a price still orders the rows */
	expect_error("D6.csv", "Date,Close\n2025-01-03,NA\n2025-01-06,1\n"
		     "2025-01-02,2\n", DI_EDATA,
		     ":4: date 2025-01-02 out of order (after 2025-01-06) "
		     "for D6: the dates must be sorted, ascending or descending");
	/* descending, then up again */
	expect_error("D6b.csv", "Date,Close\n2025-01-06,1\n2025-01-03,1\n"
		     "2025-01-07,2\n", DI_EDATA,
		     ":4: date 2025-01-07 out of order (after 2025-01-03) "
		     "for D6b: the dates must be sorted, ascending or descending");
	/* long: the direction is per ticker */
	expect_error("d7.csv",
		     "date,ticker,close\n2025-01-03,A,1\n2025-01-01,B,1\n"
		     "2025-01-06,A,1\n2025-01-02,A,1\n",
		     DI_EDATA,
		     ":5: date 2025-01-02 out of order (after 2025-01-06) "
		     "for A: the dates must be sorted, ascending or descending");
	expect_error("d8.csv",
		     "date,ticker,close\n2025-01-03,A,1\n2025-01-03,A,1\n",
		     DI_EDATA, ":3: duplicate date 2025-01-03 for A");
	expect_error("d9.csv", "Date,A,B\n2025-01-03,1,2\n2025-01-03,1,2\n",
		     DI_EDATA, ":3: duplicate date 2025-01-03");
	expect_error("d10.csv", "Date,A,B\n2025-01-03,1,2\n2025-01-06,1,2\n"
		     "2025-01-01,1,2\n", DI_EDATA,
		     ":4: date 2025-01-01 out of order (after 2025-01-06): the "
		     "dates must be sorted, ascending or descending");
}

static void test_err_prices(void **state)
{
	(void)state;
	expect_error("P.csv", "Date,Close\n2025-01-02,NaN\n", DI_EDATA,
		     ":2: price 'NaN' for P on 2025-01-02 is not a number (leave "
		     "the cell empty or write NA for no price)");
	expect_error("P.csv", "Date,Close\n2025-01-02,inf\n", DI_EDATA,
		     ":2: price 'inf' for P on 2025-01-02 is infinite");
	expect_error("P.csv", "Date,Close\n2025-01-02,-Infinity\n", DI_EDATA,
		     ":2: price '-Infinity' for P on 2025-01-02 is infinite");
	expect_error("P.csv", "Date,Close\n2025-01-02,0\n", DI_EDATA,
		     ":2: price '0' for P on 2025-01-02 is zero (prices must be "
		     "positive)");
	expect_error("P.csv", "Date,Close\n2025-01-02,-1.5\n", DI_EDATA,
		     ":2: price '-1.5' for P on 2025-01-02 is negative (prices "
		     "must be "
		     "positive)");
	expect_error("P.csv", "Date,Close\n2025-01-02,12abc\n", DI_EDATA,
		     ":2: unreadable price '12abc' for P on 2025-01-02 (expected "
		     "a number, or empty or NA for no price)");
	expect_error("P.csv", "Date,Close\n2025-01-02,\"1,234.5\"\n",
		     DI_EDATA,
		     ":2: price '1,234.5' for P on 2025-01-02: thousands separators are not "
		     "accepted");
	expect_error("P.csv", "Date,Close\n2025-01-02,\"1,234\"\n", DI_EDATA,
		     ":2: price '1,234' for P on 2025-01-02: thousands separators are not "
		     "accepted");
	expect_error("P.csv", "Date;Close\n2025-01-02;1.234,5\n", DI_EDATA,
		     ":2: price '1.234,5' for P on 2025-01-02: thousands separators are not "
		     "accepted");
	expect_error("P.csv", "Date,Close\n2025-01-02,\"1,5\"\n", DI_EDATA,
		     ":2: price '1,5' for P on 2025-01-02: a decimal comma is accepted only "
		     "in files delimited by ';'");
	/* wide: the message names the column's ticker */
	expect_error("w.csv", "Date,AAA,BBB\n2025-01-02,1,-2\n", DI_EDATA,
		     ":2: price '-2' for BBB on 2025-01-02 is negative (prices "
		     "must be "
		     "positive)");
	/* OHLC cells are checked too, and named */
	expect_error("P.csv", "Date,Open,Close\n2025-01-02,x,1\n", DI_EDATA,
		     ":2: unreadable open 'x' for P on 2025-01-02 (expected a "
		     "number, or empty or NA for no price)");
}

static void test_ohlc_zero_is_missing(void **state)
{
	di_prices *p;
	(void)state;
	assert_int_equal(load("Z.csv", "Date,Open,Close\n2025-01-02,0,1\n",
			      &p), 0);
	assert_true(isnan(p->s[0]->open[0]));
	di_prices_free(p);
}

static void test_err_no_prices(void **state)
{
	(void)state;
	expect_error("E.csv", "Date,Close\n2025-01-02,NA\n", DI_EDATA,
		     ":1: no prices for E: every price cell is empty or NA");
	expect_error("E.csv", "Date,Close\n", DI_EDATA,
		     ":1: no prices: the header has no row under it");
	expect_error("w.csv", "Date,AAA,BBB\n2025-01-02,1,NA\n", DI_EDATA,
		     ":1: no prices for BBB: every price cell is empty or NA");
	expect_error("l.csv", "date,ticker,close\n", DI_EDATA,
		     ":1: no prices: the header has no row under it");
	expect_error("l.csv", "date,ticker,close\n2025-01-02,A,1\n"
			      "2025-01-02,B,NA\n", DI_EDATA,
		     ":1: no prices for B: every price cell is empty or NA");
	expect_error("l.csv", "date,ticker,close\n2025-01-02, ,1\n", DI_EDATA,
		     ":2: empty ticker");
	expect_error(".csv", "Date,Close\n2025-01-02,1\n", DI_EDATA,
		     ":1: no ticker: the file name is empty without '.csv'");
}

static void test_err_already_loaded(void **state)
{
	di_prices *p;
	char want[2048];
	const char *first;
	char first_path[512];
	(void)state;
	assert_int_equal(load("AAA.csv", "Date,Close\n2025-01-02,1\n", &p), 0);
	first = p->files[0];
	snprintf(first_path, sizeof(first_path), "%s", first);

	th_write_str("wide.csv", "Date,BBB,AAA\n2025-01-02,1,2\n");
	assert_int_equal(di_prices_load_file(p, th_tmp_path("wide.csv")),
			 DI_EDATA);
	snprintf(want, sizeof(want), "%s:1: ticker 'AAA' is already loaded "
		 "from %s", th_tmp_path("wide.csv"), first_path);
	assert_string_equal(di_error_message(), want);

	th_write_str("long.csv", "date,ticker,close\n2025-01-02,BBB,1\n"
			      "2025-01-02,AAA,1\n");
	assert_int_equal(di_prices_load_file(p, th_tmp_path("long.csv")),
			 DI_EDATA);
	snprintf(want, sizeof(want), "%s:3: ticker 'AAA' is already loaded "
		 "from %s", th_tmp_path("long.csv"), first_path);
	assert_string_equal(di_error_message(), want);

	mkdir(th_tmp_path("sub"), 0700);
	th_write_str("sub/AAA.csv", "Date,Close\n2025-01-02,1\n");
	assert_int_equal(di_prices_load_file(p, th_tmp_path("sub/AAA.csv")),
			 DI_EDATA);
	snprintf(want, sizeof(want), "%s:1: ticker 'AAA' is already loaded "
		 "from %s", th_tmp_path("sub/AAA.csv"), first_path);
	assert_string_equal(di_error_message(), want);

	/* nothing of the failed files was kept, in the index neither: BBB
	 * (added before AAA failed) loads again and is found */
	assert_int_equal(p->n, 1);
	assert_int_equal(p->nfiles, 1);
	assert_null(di_prices_find(p, "BBB"));
	th_write_str("BBB.csv", "Date,Close\n2025-01-02,3\n");
	assert_int_equal(di_prices_load_file(p, th_tmp_path("BBB.csv")), 0);
	assert_int_equal(p->n, 2);
	assert_ptr_equal(di_prices_find(p, "BBB"), p->s[1]);
	assert_ptr_equal(di_prices_find(p, "AAA"), p->s[0]);
	di_prices_free(p);
}

/* The index by ticker past its growths (64 slots, then 128, 256): every
 * series found, a ticker that is a prefix of another not confused with
 * it, a repeat in a later file refused. */
static void test_find_many(void **state)
{
	char head[8192] = "Date", row[8192] = "2025-01-02", want[2048], t[16];
	di_prices *p;
	(void)state;
	for (int i = 0; i < 150; i++) {
		snprintf(head + strlen(head), sizeof(head) - strlen(head), ",T%d", i);
		snprintf(row + strlen(row), sizeof(row) - strlen(row), ",%d", i + 1);
	}
	strcat(head, "\n");
	strcat(row, "\n");
	th_write_str("many.csv", head);
	{
		FILE *f = fopen(th_tmp_path("many.csv"), "a");
		assert_non_null(f);
		fputs(row, f);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(di_prices_new(&p), 0);
	assert_int_equal(di_prices_load_file(p, th_tmp_path("many.csv")), 0);
	assert_int_equal(p->n, 150);
	for (int i = 0; i < 150; i++) {
		const di_series *s;
		snprintf(t, sizeof(t), "T%d", i);
		s = di_prices_find(p, t);
		assert_non_null(s);
		assert_string_equal(s->ticker, t);
		assert_true(s->price[0] == (double)(i + 1));
	}
	assert_null(di_prices_find(p, "T150"));
	assert_null(di_prices_find(p, "T"));
	assert_null(di_prices_find(p, ""));
	th_write_str("T77.csv", "Date,Close\n2025-01-02,1\n");
	assert_int_equal(di_prices_load_file(p, th_tmp_path("T77.csv")), DI_EDATA);
	snprintf(want, sizeof(want), "%s:1: ticker 'T77' is already loaded from %s",
		 th_tmp_path("T77.csv"), p->files[0]);
	assert_string_equal(di_error_message(), want);
	di_prices_free(p);
}

static void test_err_io(void **state)
{
	di_prices *p;
	char want[600];
	(void)state;
	assert_int_equal(di_prices_new(&p), 0);
	assert_int_equal(di_prices_load_file(p, th_tmp_path("nope.csv")),
			 DI_EIO);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or "
		 "directory", th_tmp_path("nope.csv"));
	assert_string_equal(di_error_message(), want);
	assert_int_equal(di_prices_load_path(p, th_tmp_path("nope"), NULL, 0),
			 DI_EIO);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or "
		 "directory", th_tmp_path("nope"));
	assert_string_equal(di_error_message(), want);
	assert_int_equal(di_prices_load_path(p, "/dev/null", NULL, 0),
			 DI_EIO);
	assert_string_equal(di_error_message(),
			    "/dev/null: not a regular file or a folder");
	di_prices_free(p);
}

/* ---- folders ----------------------------------------------------------- */

static void test_folder(void **state)
{
	di_prices *p;
	const char *dir = DI_SOURCE_DIR "/tests/data/input/prices-folder";
	const char *skip[] = {DI_SOURCE_DIR
			      "/tests/data/input/../input/prices-folder/"
			      "events.csv",
			      "/nonexistent/file.csv"};
	di_date first, last;
	(void)state;
	assert_int_equal(di_prices_new(&p), 0);
	/* events.csv is in the folder: without the skip it is a bad header */
	assert_int_equal(di_prices_load_path(p, dir, NULL, 0), DI_EDATA);
	assert_non_null(strstr(di_error_message(),
			       "prices-folder/events.csv:1: unrecognised "
			       "header"));
	di_prices_free(p);

	assert_int_equal(di_prices_new(&p), 0);
	assert_int_equal(di_prices_load_path(p, dir, skip, 2), 0);
	/* bytewise order: "BBB.csv" < "aaa.csv" < "wide.csv"; notes.txt and
	 * the hidden ._x.csv are not read */
	assert_int_equal(p->nfiles, 3);
	assert_non_null(strstr(p->files[0], "/prices-folder/BBB.csv"));
	assert_non_null(strstr(p->files[1], "/prices-folder/aaa.csv"));
	assert_non_null(strstr(p->files[2], "/prices-folder/wide.csv"));
	assert_int_equal(p->n, 4);
	assert_string_equal(p->s[0]->ticker, "BBB");
	assert_string_equal(p->s[1]->ticker, "aaa");
	assert_string_equal(p->s[2]->ticker, "CCC");
	assert_string_equal(p->s[3]->ticker, "DDD");
	di_prices_span(p, &first, &last);
	assert_int_equal(first, D("2025-01-01"));
	assert_int_equal(last, D("2025-01-09"));
	di_prices_free(p);

	/* a folder without price files */
	mkdir(th_tmp_path("empty"), 0700);
	th_write_str("empty/readme.txt", "x");
	assert_int_equal(di_prices_new(&p), 0);
	assert_int_equal(di_prices_load_path(p, th_tmp_path("empty"), NULL, 0),
			 DI_EDATA);
	{
		char want[600];
		snprintf(want, sizeof(want),
			 "%s: no price files (*.csv) in this folder",
			 th_tmp_path("empty"));
		assert_string_equal(di_error_message(), want);
	}
	di_prices_span(p, &first, &last);
	assert_int_equal(first, DI_NO_DATE);
	assert_int_equal(last, DI_NO_DATE);
	/* a single file through load_path */
	th_write_str("one.csv", "Date,Close\n2025-01-02,1\n");
	assert_int_equal(di_prices_load_path(p, th_tmp_path("one.csv"), NULL, 0),
			 0);
	assert_string_equal(p->s[0]->ticker, "one");
	di_prices_free(p);
	di_prices_free(NULL);
}

/* ---- real files -------------------------------------------------------- */

static void test_real_files(void **state)
{
	di_prices *p;
	di_series *s;
	(void)state;
	assert_int_equal(di_prices_new(&p), 0);

	/* Adjusted_close preferred; dates carry " 00:00:00+01:00" */
	assert_int_equal(di_prices_load_file(p, DI_SOURCE_DIR
				     "/datasets/peace-talks-2025/prices/SAAB-B.ST.csv"), 0);
	s = di_prices_find(p, "SAAB-B.ST");
	assert_non_null(s);
	assert_int_equal(s->n, 144);
	assert_int_equal(s->date[0], D("2025-11-24"));
	assert_true(s->price[0] == 452.4299);
	assert_true(s->close[0] == 453.25);
	assert_true(s->open[0] == 465.5);
	assert_true(s->high[0] == 474.8);
	assert_true(s->low[0] == 452.55);
	assert_int_equal(s->line[0], 2);
	assert_int_equal(s->date[s->n - 1], D("2026-06-26"));
	assert_true(s->price[s->n - 1] == 487.4);

	/* Close only, OHLC kept */
	assert_int_equal(di_prices_load_file(p, DI_SOURCE_DIR
				     "/datasets/peace-talks-2025/prices/LDO.MI.csv"), 0);
	s = di_prices_find(p, "LDO.MI");
	assert_non_null(s);
	assert_int_equal(s->n, 1348);
	assert_int_equal(s->date[0], D("2021-01-04"));
	assert_true(s->price[0] == 5.541622161865234);
	assert_true(s->close[0] == 5.541622161865234);
	assert_true(s->open[0] == 5.674697011423992);
	assert_true(s->high[0] == 5.754542102459514);
	assert_true(s->low[0] == 5.494095656505298);
	assert_int_equal(s->date[s->n - 1], D("2026-04-22"));
	assert_true(s->price[s->n - 1] == 55.099998474121094);
	assert_int_equal(s->line[s->n - 1], 1349);

	/* wide, ZM and UBER start with NA */
	assert_int_equal(di_prices_load_file(p, DI_SOURCE_DIR
				     "/tests/data/peers/estudy2-example/prices.csv"), 0);
	assert_int_equal(p->n, 2 + 8);
	s = di_prices_find(p, "ZM");
	assert_non_null(s);
	assert_int_equal(s->date[0], D("2019-04-18"));
	assert_true(s->price[0] == 62);
	assert_int_equal(s->line[0], 15);
	s = di_prices_find(p, "UBER");
	assert_int_equal(s->date[0], D("2019-05-10"));
	assert_true(s->price[0] == 41.57);
	s = di_prices_find(p, "AMZN");
	assert_int_equal(s->n, 253);
	assert_true(s->price[0] == 1814.189941);
	assert_null(s->open);
	s = di_prices_find(p, "GSPC");
	assert_int_equal(s->date[s->n - 1], D("2020-03-31"));
	assert_true(s->price[s->n - 1] == 2584.590088);
	assert_int_equal(p->nfiles, 3);
	di_prices_free(p);
}

/* Each allocation may fail: DI_ENOMEM, nothing leaked (ASan), p intact. */
static void test_alloc_failures(void **state)
{
	static const char *const files[] = {
		"Date,Open,Close,Adj Close\n2025-01-02,1,2,3\n"
		"2025-01-03,1,2,3\n",
		"date,ticker,close\n2025-01-02,A,1\n2025-01-02,B,2\n",
		"Date,A,B\n2025-01-02,1,2\n2025-01-03,NA,2\n",
	};
	(void)state;
	for (size_t f = 0; f < 3; f++) {
		const char *path;
		char name[32];
		int rc = -1;
		snprintf(name, sizeof(name), "oom%zu.csv", f);
		path = th_write_str(name, files[f]);
		for (long k = 1; k < 300 && rc != 0; k++) {
			di_prices *p = NULL;
			di_alloc_fail_after(k);
			rc = di_prices_new(&p);
			if (rc == 0)
				rc = di_prices_load_path(p, path, NULL, 0);
			di_alloc_fail_after(0);
			if (rc != 0) {
				assert_int_equal(rc, DI_ENOMEM);
				if (p) {
					assert_int_equal(p->n, 0);
					assert_int_equal(p->nfiles, 0);
				}
			}
			di_prices_free(p);
		}
		assert_int_equal(rc, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_adj_close_preferred),
		cmocka_unit_test(test_one_adj_names),
		cmocka_unit_test(test_one_close_only_and_suffix),
		cmocka_unit_test(test_missing_cells_remove_dates),
		cmocka_unit_test(test_time_suffix),
		cmocka_unit_test(test_semicolon_decimal_comma),
		cmocka_unit_test(test_tab_bom_crlf_quotes),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_long_symbol_price_adj),
		cmocka_unit_test(test_wide),
		cmocka_unit_test(test_wide_columns),
		cmocka_unit_test(test_descending),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_err_header),
		cmocka_unit_test(test_err_ragged),
		cmocka_unit_test(test_err_dates),
		cmocka_unit_test(test_err_prices),
		cmocka_unit_test(test_ohlc_zero_is_missing),
		cmocka_unit_test(test_err_no_prices),
		cmocka_unit_test(test_err_already_loaded),
		cmocka_unit_test(test_find_many),
		cmocka_unit_test(test_err_io),
		cmocka_unit_test(test_folder),
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
