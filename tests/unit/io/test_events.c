/*
 * test_events.c - the events, securities and reported-moves files: what
 * they hold once loaded, and every error with its exact message.
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
#include <unistd.h>

#include "alloc.h"
#include "error.h"
#include "events.h"

#define TH_TMP_PREFIX "/tmp/di_test_events_"
#include "tmp_helper.h"

static di_date D(const char *s)
{
	di_date d;
	assert_int_equal(di_date_parse(s, strlen(s), &d), 0);
	return d;
}

static void check_message(const char *name, const char *suffix)
{
	char want[1024];
	snprintf(want, sizeof(want), "%s%s", th_tmp_path(name), suffix);
	assert_string_equal(di_error_message(), want);
}

static void ev_error(const char *content, const char *suffix)
{
	di_events *ev = (di_events *)1;
	const char *p = th_write_str("ev.csv", content);
	assert_int_equal(di_events_load(&ev, p), DI_EDATA);
	assert_null(ev);
	check_message("ev.csv", suffix);
}

static void sec_error(const char *content, const char *suffix)
{
	di_securities *s = (di_securities *)1;
	const char *p = th_write_str("sec.csv", content);
	assert_int_equal(di_securities_load(&s, p), DI_EDATA);
	assert_null(s);
	check_message("sec.csv", suffix);
}

static void rm_error(const char *content, const char *suffix)
{
	di_reported *r = (di_reported *)1;
	const char *p = th_write_str("rm.csv", content);
	assert_int_equal(di_reported_load(&r, p), DI_EDATA);
	assert_null(r);
	check_message("rm.csv", suffix);
}

/* ---- events ------------------------------------------------------------ */

static void test_events(void **state)
{
	di_events *ev;
	const char *p = th_write_str("events.csv",
		"\xEF\xBB\xBFID,Label,Date,Source,Type,Tickers\r\n"
		"e1,\"Talks in Gen\xC3\xA8ve, day 1\",2025-02-18,x,"
		"peace-progress,RHM.DE  BA.L\r\n"
		" e2 ,Ceasefire,2025-05-16T18:00:00Z,y,,\r\n");
	(void)state;
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_string_equal(ev->file, p);
	assert_int_equal(ev->n, 2);
	assert_string_equal(ev->e[0].id, "e1");
	assert_string_equal(ev->e[0].label, "Talks in Gen\xC3\xA8ve, day 1");
	assert_string_equal(ev->e[0].type, "peace-progress");
	assert_int_equal(ev->e[0].date, D("2025-02-18"));
	assert_int_equal(ev->e[0].ntickers, 2);
	assert_string_equal(ev->e[0].tickers[0], "RHM.DE");
	assert_string_equal(ev->e[0].tickers[1], "BA.L");
	assert_int_equal(ev->e[0].line, 2);
	assert_string_equal(ev->e[1].id, "e2");
	assert_int_equal(ev->e[1].date, D("2025-05-16"));
	assert_string_equal(ev->e[1].type, "");
	assert_null(ev->e[1].tickers);
	assert_int_equal(ev->e[1].ntickers, 0);
	assert_int_equal(ev->e[1].line, 3);
	di_events_free(ev);
	di_events_free(NULL);

	/* minimal columns, ';' delimiter */
	p = th_write_str("events2.csv", "date;id;label\n2022-02-24;inv;War\n");
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_string_equal(ev->e[0].type, "");
	assert_int_equal(ev->e[0].ntickers, 0);
	di_events_free(ev);

	/* day-first dates settled by a day above 12 */
	p = th_write_str("events4.csv", "id,date,label\ne1,01/02/2025,a\ne2,18/02/2025,b\n");
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_int_equal(ev->e[0].date, D("2025-02-01"));
	assert_int_equal(ev->e[1].date, D("2025-02-18"));
	di_events_free(ev);
	/* or named */
	p = th_write_str("events5.csv", "id,date,label\ne1,02/01/2025,a\n");
	assert_int_equal(di_events_load_fmt(&ev, p, DI_DATE_MDY_SLASH), 0);
	assert_int_equal(ev->e[0].date, D("2025-02-01"));
	di_events_free(ev);

	/* a quoted tickers cell with commas, as people type it */
	p = th_write_str("events3.csv", "id,date,label,tickers\n"
				     "e1,2025-02-18,a,\"RHM.DE, BA.L,HO.PA\"\n");
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_int_equal(ev->e[0].ntickers, 3);
	assert_string_equal(ev->e[0].tickers[0], "RHM.DE");
	assert_string_equal(ev->e[0].tickers[1], "BA.L");
	assert_string_equal(ev->e[0].tickers[2], "HO.PA");
	di_events_free(ev);
}

/* expected_sign: +1, 1 and -1 are read, an empty cell (or no column) is 0;
 * anything else is a data error naming the line. */
static void test_expected_sign(void **state)
{
	di_events *ev;
	const char *p = th_write_str("signs.csv",
		"id,date,label,Expected_Sign\n"
		"a,2025-01-02,x,+1\nb,2025-01-03,x,1\nc,2025-01-06,x, -1 \n"
		"d,2025-01-07,x,\n");
	(void)state;
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_int_equal(ev->e[0].expected_sign, 1);
	assert_int_equal(ev->e[1].expected_sign, 1);
	assert_int_equal(ev->e[2].expected_sign, -1);
	assert_int_equal(ev->e[3].expected_sign, 0);
	di_events_free(ev);
	p = th_write_str("nosign.csv", "id,date,label\na,2025-01-02,x\n");
	assert_int_equal(di_events_load(&ev, p), 0);
	assert_int_equal(ev->e[0].expected_sign, 0);
	di_events_free(ev);
	ev_error("id,date,label,expected_sign\na,2025-01-02,x,1\nb,2025-01-03,x,2\n",
		 ":3: expected_sign '2' (expected +1, 1 or -1, or an empty cell)");
	ev_error("id,date,label,expected_sign\na,2025-01-02,x,positive\n",
		 ":2: expected_sign 'positive' (expected +1, 1 or -1, or an empty cell)");
	ev_error("id,date,label,expected_sign\na,2025-01-02,x,-1.0\n",
		 ":2: expected_sign '-1.0' (expected +1, 1 or -1, or an empty cell)");
}

static void test_events_errors(void **state)
{
	(void)state;
	ev_error("id,date,name\ne1,2025-01-02,x\n",
		 ":1: missing column 'label' (expected "
		 "id,date,label[,type][,tickers][,expected_sign][,time,tz])");
	ev_error("\nid,label\n",
		 ":2: missing column 'date' (expected "
		 "id,date,label[,type][,tickers][,expected_sign][,time,tz])");
	ev_error("id,date,label,Date\n",
		 ":1: duplicate column 'Date' in the header");
	ev_error("id,date,label\ne1,2025-01-02\n",
		 ":2: expected 3 fields (as in the header), found 2");
	ev_error("id,date,label\n ,2025-01-02,x\n", ":2: empty id");
	ev_error("id,date,label\ne1,2025-01-02,x\ne2,2025-01-03,y\n"
		 "e1,2025-01-04,z\n",
		 ":4: duplicate id 'e1' (first at line 2)");
	ev_error("id,date,label\ne1,2025/02/18,x\n",
		 ":2: unreadable date '2025/02/18' (expected YYYY-MM-DD)");
	ev_error("id,date,label\ne1,01/02/2025,x\n",
		 ":2: the dates (first '01/02/2025') can be read as %d/%m/%Y or "
		 "%m/%d/%Y: give --date-format");
	ev_error("id,date,label\ne1,2025-02-29,x\n",
		 ":2: impossible date '2025-02-29'");
	/* Latin-1, an overlong '/', a UTF-16 surrogate, a lone continuation
	 * byte and a truncated sequence */
	ev_error("id,date,label\ne1,2025-01-02,Gen\xE8ve\n",
		 ":2: invalid UTF-8 in label");
	ev_error("id,date,label\ne1,2025-01-02,a\xC0\xAF\n",
		 ":2: invalid UTF-8 in label");
	ev_error("id,date,label\ne1,2025-01-02,a\xED\xA0\x80\n",
		 ":2: invalid UTF-8 in label");
	ev_error("id,date,label\ne\x80,2025-01-02,a\n",
		 ":2: invalid UTF-8 in id");
	ev_error("id,date,label,type\ne1,2025-01-02,a,x\xE2\x82\n",
		 ":2: invalid UTF-8 in type");
	ev_error("id,date,label,tickers\ne1,2025-01-02,a,\xF5\x80\x80\x80\n",
		 ":2: invalid UTF-8 in tickers");
	ev_error("id,date,l\xE9label\n", ":1: invalid UTF-8 in the header");
	ev_error("id,date,label,tickers\ne1,2025-01-02,a,X Y X\n",
		 ":2: ticker 'X' listed twice in tickers");
	ev_error("id,date,label\n\n", ":1: no events");
	ev_error("", ":1: empty file: no header row");
}

static void test_utf8_accepts(void **state)
{
	di_events *ev;
	/* 2, 3 and 4-byte forms at their edges: U+0080, U+07FF, U+0800,
	 * U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF */
	const char *p = th_write_str("u.csv",
		"id,date,label\ne1,2025-01-02,"
		"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"
		"\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\n");
	(void)state;
	assert_int_equal(di_events_load(&ev, p), 0);
	di_events_free(ev);
	/* just above U+10FFFF */
	ev_error("id,date,label\ne1,2025-01-02,\xF4\x90\x80\x80\n",
		 ":2: invalid UTF-8 in label");
	/* overlong 3-byte form of U+007F */
	ev_error("id,date,label\ne1,2025-01-02,\xE0\x81\xBF\n",
		 ":2: invalid UTF-8 in label");
}

/* ---- securities -------------------------------------------------------- */

static void test_securities(void **state)
{
	di_securities *s;
	const di_security_info *i;
	const char *p = th_write_str("securities.csv",
		"Ticker,Name,Group,Currency,Extra\n"
		"RHM.DE,Rheinmetall,defense,EUR,1\n"
		"SPY, SPDR S&P 500 ,market,,2\n");
	(void)state;
	assert_int_equal(di_securities_load(&s, p), 0);
	assert_int_equal(s->n, 2);
	i = di_securities_find(s, "SPY");
	assert_non_null(i);
	assert_string_equal(i->name, "SPDR S&P 500");
	assert_string_equal(i->group, "market");
	assert_string_equal(i->currency, "");
	assert_int_equal(i->line, 3);
	assert_null(di_securities_find(s, "spy"));
	di_securities_free(s);
	di_securities_free(NULL);

	p = th_write_str("sec2.csv", "ticker\nA\n");
	assert_int_equal(di_securities_load(&s, p), 0);
	assert_string_equal(s->s[0].name, "");
	assert_string_equal(s->s[0].group, "");
	assert_int_equal(s->has_role, 0);
	assert_null(di_securities_file_ticker(s, "A.csv"));
	di_securities_free(s);

	/* role and file columns; a file named with or without ".csv" */
	p = th_write_str("sec3.csv", "ticker,role,file\nLDO.MI,security,ldo_mi_d.csv\n"
				  "^STOXX,market,stoxx\nX,,\n");
	assert_int_equal(di_securities_load(&s, p), 0);
	assert_int_equal(s->has_role, 1);
	assert_string_equal(s->s[0].role, "security");
	assert_string_equal(s->s[2].role, "");
	assert_string_equal(di_securities_file_ticker(s, "ldo_mi_d.csv"), "LDO.MI");
	assert_null(di_securities_file_ticker(s, "ldo_mi_d"));
	assert_string_equal(di_securities_file_ticker(s, "stoxx.csv"), "^STOXX");
	assert_string_equal(di_securities_file_ticker(s, "stoxx.CSV"), "^STOXX");
	assert_null(di_securities_file_ticker(s, "stoxx.csv.bak"));
	assert_null(di_securities_file_ticker(s, ".csv"));
	di_securities_free(s);
}

static void test_securities_errors(void **state)
{
	(void)state;
	sec_error("name,group\nx,y\n",
		  ":1: missing column 'ticker' (expected "
		  "ticker[,name][,group][,currency][,role][,file][,fx][,market][,close])");
	sec_error("ticker,name,NAME\n", ":1: duplicate column 'NAME' in the "
		  "header");
	sec_error("ticker,name\nA\n",
		  ":2: expected 2 fields (as in the header), found 1");
	sec_error("ticker,name\n,x\n", ":2: empty ticker");
	sec_error("ticker,name\nA,x\nA,y\n",
		  ":3: duplicate ticker 'A' (first at line 2)");
	sec_error("ticker,name\nA,M\xFCnchen\n", ":2: invalid UTF-8 in name");
	sec_error("ticker,name\n", ":1: no securities");
	sec_error("ticker,role\nA,stock\n",
		  ":2: unknown role 'stock' (expected security, market, factor or fx)");
	sec_error("ticker,file\nA,a.csv\nB,a.csv\n",
		  ":3: file 'a.csv' is named twice (first at line 2)");
}

/* ---- reported moves ---------------------------------------------------- */

static void test_reported(void **state)
{
	di_reported *r;
	const char *p = th_write_str("moves.csv",
		"ticker,move_pct,name,asof,session_fraction\n"
		"RHM.DE,-4.5,Rheinmetall,2025-11-24T15:30:00+01:00,0.5\n"
		"BA.L,2,,2025-11-24,\n");
	(void)state;
	assert_int_equal(di_reported_load(&r, p), 0);
	assert_int_equal(r->n, 2);
	assert_string_equal(r->m[0].ticker, "RHM.DE");
	assert_string_equal(r->m[0].name, "Rheinmetall");
	assert_true(r->m[0].move == -4.5 / 100.0);
	assert_int_equal(r->m[0].asof, D("2025-11-24"));
	assert_true(r->m[0].session_fraction == 0.5);
	assert_int_equal(r->m[0].line, 2);
	assert_string_equal(r->m[1].name, "");
	assert_true(r->m[1].session_fraction == 1.0);
	di_reported_free(r);
	di_reported_free(NULL);

	/* decimal comma with ';', no optional columns */
	p = th_write_str("moves2.csv", "move_pct;ticker\n-1,25;X\n");
	assert_int_equal(di_reported_load(&r, p), 0);
	assert_true(r->m[0].move == -1.25 / 100.0);
	assert_int_equal(r->m[0].asof, DI_NO_DATE);
	assert_true(r->m[0].session_fraction == 1.0);
	di_reported_free(r);
}

/* Claims over a horizon: since and qualifier; one ticker may have a
 * same-day row and claims with other since dates. */
static void test_reported_claims(void **state)
{
	di_reported *r;
	const char *p = th_write_str("claims.csv",
		"ticker,move_pct,asof,since,qualifier\n"
		"RHM.DE,-2.3,2025-12-29,,\n"
		"RHM.DE,2000,2025-12-29,2022-02-24,Nearly\n"
		"RHM.DE,50,2025-12-29,2025-01-02,more than\n"
		"X,-1,2025-12-29,2025-12-29,at least\n"
		"Y,3,2025-12-29,2025-12-01,\n");
	(void)state;
	assert_int_equal(di_reported_load(&r, p), 0);
	assert_int_equal(r->n, 5);
	assert_int_equal(r->m[0].since, DI_NO_DATE);
	assert_int_equal(r->m[0].qualifier, DI_QUAL_NONE);
	assert_int_equal(r->m[1].since, D("2022-02-24"));
	assert_int_equal(r->m[1].qualifier, DI_QUAL_NEARLY);
	assert_true(r->m[1].move == 20.0);
	assert_int_equal(r->m[2].qualifier, DI_QUAL_MORE_THAN);
	assert_int_equal(r->m[3].since, D("2025-12-29")); /* since = the report date */
	assert_int_equal(r->m[3].qualifier, DI_QUAL_AT_LEAST);
	assert_int_equal(r->m[4].qualifier, DI_QUAL_NONE);
	di_reported_free(r);
}

static void test_reported_errors(void **state)
{
	(void)state;
	rm_error("ticker,move\nA,1\n",
		 ":1: missing column 'move_pct' (expected "
		 "ticker,move_pct[,name][,asof][,session_fraction][,since][,qualifier])");
	rm_error("move_pct\n1\n",
		 ":1: missing column 'ticker' (expected "
		 "ticker,move_pct[,name][,asof][,session_fraction][,since][,qualifier])");
	rm_error("ticker,move_pct,TICKER\n",
		 ":1: duplicate column 'TICKER' in the header");
	rm_error("ticker,move_pct\nA,1,2\n",
		 ":2: expected 2 fields (as in the header), found 3");
	rm_error("ticker,move_pct\n,1\n", ":2: empty ticker");
	rm_error("ticker,move_pct\nA,\n", ":2: empty move_pct for A");
	rm_error("ticker,move_pct\nA,4%\n",
		 ":2: unreadable move_pct '4%' for A (expected a number of "
		 "percent such as -2.3, without '%')");
	rm_error("ticker,move_pct\nA,inf\n",
		 ":2: move_pct 'inf' for A is not a finite number");
	rm_error("ticker,move_pct\nA,nan\n",
		 ":2: move_pct 'nan' for A is not a finite number");
	rm_error("ticker,move_pct,session_fraction\nA,1,0\n",
		 ":2: session_fraction '0' for A is outside (0, 1]");
	rm_error("ticker,move_pct,session_fraction\nA,1,1.5\n",
		 ":2: session_fraction '1.5' for A is outside (0, 1]");
	rm_error("ticker,move_pct,session_fraction\nA,1,nan\n",
		 ":2: session_fraction 'nan' for A is outside (0, 1]");
	rm_error("ticker,move_pct,session_fraction\nA,1,half\n",
		 ":2: unreadable session_fraction 'half' for A");
	rm_error("ticker,move_pct,asof\nA,1,today\n",
		 ":2: unreadable asof date 'today' (expected YYYY-MM-DD)");
	rm_error("ticker,move_pct,asof\nA,1,2025-13-01\n",
		 ":2: impossible asof date '2025-13-01'");
	rm_error("ticker,move_pct,asof\nA,1,2025-01-02\nB,1,2025-01-03\n",
		 ":3: asof 2025-01-03 differs from 2025-01-02 at line 2 (one "
		 "report date per file)");
	rm_error("ticker,move_pct,asof\nA,1,2025-01-02\nB,1,\n",
		 ":3: asof (none) differs from 2025-01-02 at line 2 (one "
		 "report date per file)");
	rm_error("ticker,move_pct\nA,1\nA,2\n",
		 ":3: duplicate ticker 'A' (first at line 2)");
	rm_error("ticker,move_pct,name\nA,1,\xFF\n",
		 ":2: invalid UTF-8 in name");
	rm_error("ticker,move_pct\n", ":1: no reported moves");
	/* claims over a horizon */
	rm_error("ticker,move_pct,asof,since\nA,5,2025-12-29,2025-12-30\n",
		 ":2: since 2025-12-30 for A is after the report date 2025-12-29 (a claim runs "
		 "from since to the report date)");
	rm_error("ticker,move_pct,asof,since,qualifier\nA,5,2025-12-29,2025-01-02,roughly\n",
		 ":2: unknown qualifier 'roughly' for A (expected nearly, about, more than, at "
		 "least, or empty)");
	rm_error("ticker,move_pct,qualifier\nA,5,nearly\n",
		 ":2: qualifier 'nearly' for A without a since date (a qualifier shapes the "
		 "verdict of a claim over a horizon)");
	rm_error("ticker,move_pct,asof,since\nA,,2025-12-29,2025-11-20\n",
		 ":2: a claim since 2025-11-20 for A needs a number: move_pct is empty (for "
		 "words without one, write the smallest move they support, see docs/moves.md)");
	rm_error("ticker,move_pct,since\nA,5,20/11/2025\n",
		 ":2: unreadable since date '20/11/2025' (expected YYYY-MM-DD)");
	rm_error("ticker,move_pct,since\nA,5,2025-02-30\n", ":2: impossible since date '2025-02-30'");
	rm_error("ticker,move_pct,since\nA,5,2025-01-02\nA,6,2025-01-02\n",
		 ":3: duplicate claim for 'A' since 2025-01-02 (first at line 2)");
}

static void test_missing_file(void **state)
{
	di_events *ev;
	di_securities *s;
	di_reported *r;
	char want[600];
	(void)state;
	snprintf(want, sizeof(want), "%s: cannot open: No such file or "
		 "directory", th_tmp_path("none.csv"));
	assert_int_equal(di_events_load(&ev, th_tmp_path("none.csv")), DI_EIO);
	assert_string_equal(di_error_message(), want);
	assert_int_equal(di_securities_load(&s, th_tmp_path("none.csv")), DI_EIO);
	assert_int_equal(di_reported_load(&r, th_tmp_path("none.csv")), DI_EIO);
	assert_null(ev);
	assert_null(s);
	assert_null(r);
}

/* Each allocation may fail: DI_ENOMEM and nothing leaked (ASan). */
static void test_alloc_failures(void **state)
{
	char pe[512], ps[512], pr[512];
	/* write_str returns one static buffer: copy each path */
	snprintf(pe, sizeof(pe), "%s",
		 th_write_str("oe.csv", "id,date,label,type,tickers\n"
			   "e1,2025-01-02,x,t,A B\ne2,2025-01-03,y,,\n"));
	snprintf(ps, sizeof(ps), "%s",
		 th_write_str("os.csv", "ticker,name,group,currency\n"
			   "A,a,g,EUR\nB,b,,\n"));
	snprintf(pr, sizeof(pr), "%s",
		 th_write_str("or.csv", "ticker,move_pct,name\nA,1,a\nB,2,b\n"));
	int re = -1, rs = -1, rr = -1;
	(void)state;
	for (long k = 1; k < 300 && (re || rs || rr); k++) {
		di_events *ev = NULL;
		di_securities *s = NULL;
		di_reported *r = NULL;
		if (re) {
			di_alloc_fail_after(k);
			re = di_events_load(&ev, pe);
			di_alloc_fail_after(0);
			assert_true(re == 0 || re == DI_ENOMEM);
		}
		if (rs) {
			di_alloc_fail_after(k);
			rs = di_securities_load(&s, ps);
			di_alloc_fail_after(0);
			assert_true(rs == 0 || rs == DI_ENOMEM);
		}
		if (rr) {
			di_alloc_fail_after(k);
			rr = di_reported_load(&r, pr);
			di_alloc_fail_after(0);
			assert_true(rr == 0 || rr == DI_ENOMEM);
		}
		di_events_free(ev);
		di_securities_free(s);
		di_reported_free(r);
	}
	assert_int_equal(re, 0);
	assert_int_equal(rs, 0);
	assert_int_equal(rr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_events_errors),
		cmocka_unit_test(test_expected_sign),
		cmocka_unit_test(test_utf8_accepts),
		cmocka_unit_test(test_securities),
		cmocka_unit_test(test_securities_errors),
		cmocka_unit_test(test_reported),
		cmocka_unit_test(test_reported_claims),
		cmocka_unit_test(test_reported_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
