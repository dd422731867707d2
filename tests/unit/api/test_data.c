/*
 * test_data.c - the in-memory API: the builders of defimpact/data.h (every
 * rule of a price series and of an event, with its message), a study given
 * objects, and the table views of defimpact/table.h. The shipped study run
 * from its files and run again from objects rebuilt out of the loaded
 * series gives the same cells in every table: the file loaders are layers
 * over the builders, and the views carry what the run computed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "defimpact/defimpact.h"
#include "alloc.h" /* di_alloc_fail_after: test builds only */
#include "events.h"
#include "moves.h"
#include "prices.h"
#include "run.h"
#include "view.h"
#include "run_helper.h"

static const char *const D3[] = {"2025-01-02", "2025-01-03", "2025-01-06"};

static void expect_error(int rc, int code, const char *msg)
{
	assert_int_equal(rc, code);
	if (strcmp(di_error_message(), msg))
		fail_msg("message '%s', want '%s'", di_error_message(), msg);
}

static void price_rules(void **state)
{
	static const char *const back[] = {"2025-01-02", "2025-01-06", "2025-01-03"};
	static const char *const bad[] = {"2025-01-02", "2025-02-30", "2025-01-06"};
	const double ok[] = {10, 11, 12}, neg[] = {10, -1, 12}, gap[] = {10, NAN, 12};
	const double nan3[] = {NAN, NAN, NAN};
	di_prices *p;
	(void)state;
	assert_int_equal(di_prices_new(&p), 0);
	expect_error(di_prices_add_series(p, "X", D3, neg, 3), DI_EDATA,
		     "<prices>:2: price -1 for X on 2025-01-03 is negative (prices must be "
		     "finite and positive)");
	expect_error(di_prices_add_series(p, "X", back, ok, 3), DI_EDATA,
		     "<prices>:3: date 2025-01-03 for X not after 2025-01-06: the dates must be "
		     "strictly ascending");
	expect_error(di_prices_add_series(p, "X", bad, ok, 3), DI_EDATA,
		     "<prices>:2: impossible date '2025-02-30' for X (expected YYYY-MM-DD)");
	expect_error(di_prices_add_series(p, "X", D3, nan3, 3), DI_EDATA,
		     "<prices>: no prices for X");
	expect_error(di_prices_add_series(p, "", D3, ok, 3), DI_EUSAGE,
		     "di_prices_add_series: a NULL or empty argument");
	assert_int_equal(p->n, 0); /* a failed series adds nothing */
	/* a NaN close leaves the date out, as an empty cell does */
	assert_int_equal(di_prices_add_series(p, "X", D3, gap, 3), 0);
	assert_int_equal(p->n, 1);
	assert_int_equal(p->s[0]->n, 2);
	assert_true(p->s[0]->price[1] == 12.0);
	assert_int_equal(p->s[0]->line[1], 3); /* its position in the arrays */
	assert_int_equal(p->s[0]->date[1], di_date_from_ymd(2025, 1, 6));
	expect_error(di_prices_add_series(p, "X", D3, ok, 3), DI_EDATA,
		     "<prices>:1: ticker 'X' is already loaded from <prices>");
	/* a buffer read as the file it stands for: the same reader and
	 * builder, but no file for the manifest to hash */
	{
		static const char csv[] = "Date,Close\n2025-01-03,2\n2025-01-02,1\n";
		assert_int_equal(di_prices_load_mem(p, "dir/Y.csv", csv, sizeof(csv) - 1), 0);
		assert_int_equal(p->n, 2);
		assert_int_equal(p->nfiles, 0);
		assert_string_equal(p->s[1]->ticker, "Y");
		assert_string_equal(p->s[1]->file, "dir/Y.csv");
		assert_true(p->s[1]->price[0] == 1.0); /* newest-first, reversed */
		assert_int_equal(p->s[1]->line[0], 3);
		expect_error(di_prices_load_mem(p, "Z.csv", "Date,Close\n2025-01-02,0\n", 24),
			     DI_EDATA, "Z.csv:2: price '0' for Z on 2025-01-02 is zero (prices must "
				       "be positive)");
	}
	di_prices_free(p);
}

static void event_rules(void **state)
{
	const char *const k[] = {"ID", "date", "label", "tickers", "expected_sign"};
	const char *const v[] = {"e1", "2025-01-03", "talks", "A, B", "-1"};
	const char *const unknown[] = {"id", "date", "label", "when"};
	const char *const twice[] = {"id", "date", "label", "id"};
	const char *const sign[] = {"e2", "2025-01-03", "x", "", "2"};
	size_t n;
	di_events *ev;
	(void)state;
	assert_int_equal(di_events_new(&ev), 0);
	assert_int_equal(di_events_add(ev, k, v, 5), 0);
	assert_int_equal(ev->n, 1);
	assert_string_equal(ev->e[0].id, "e1");
	assert_int_equal(ev->e[0].expected_sign, -1);
	assert_int_equal(ev->e[0].ntickers, 2);
	assert_string_equal(ev->e[0].tickers[1], "B");
	assert_string_equal(ev->e[0].type, "");
	expect_error(di_events_add(ev, k, v, 5), DI_EDATA,
		     "<events>:2: duplicate id 'e1' (first at line 1)");
	expect_error(di_events_add(ev, unknown, v, 4), DI_EUSAGE,
		     "<events>:2: unknown column 'when' (expected id, date, label, type, tickers, "
		     "expected_sign, time or tz)");
	expect_error(di_events_add(ev, twice, v, 4), DI_EUSAGE,
		     "<events>:2: column 'id' given twice");
	expect_error(di_events_add(ev, k, v, 2), DI_EUSAGE, "<events>:2: missing column 'label'");
	expect_error(di_events_add(ev, NULL, v, 1), DI_EUSAGE, "di_events_add: a NULL argument");
	expect_error(di_events_add(ev, k, sign, 5), DI_EDATA,
		     "<events>:2: expected_sign '2' (expected +1, 1 or -1, or an empty cell)");
	assert_int_equal(ev->n, 1);
	assert_string_equal(di_events_columns(&n)[5], "expected_sign");
	assert_string_equal(di_events_columns(&n)[7], "tz");
	assert_int_equal(n, 8);
	di_events_free(ev);
}

static void security_rules(void **state)
{
	const char *const k[] = {"Ticker", "currency", "role", "fx"};
	const char *const v[] = {"BA.L", "GBp", "security", "GBPUSD=X*/EURUSD=X"};
	const char *const role[] = {"X", "EUR", "boss", ""};
	const char *const cur[] = {"Y", "XYZ", "", ""};
	const char *const unknown[] = {"ticker", "sector"};
	di_securities *sec;
	(void)state;
	assert_int_equal(di_securities_new(&sec), 0);
	assert_false(sec->has_role);
	assert_int_equal(di_securities_add(sec, k, v, 4), 0);
	assert_true(sec->has_role);
	assert_string_equal(di_securities_find(sec, "BA.L")->currency, "GBp");
	assert_string_equal(di_securities_find(sec, "BA.L")->name, "");
	expect_error(di_securities_add(sec, k, v, 1), DI_EDATA,
		     "<securities>:2: duplicate ticker 'BA.L' (first at line 1)");
	expect_error(di_securities_add(sec, k, role, 3), DI_EDATA,
		     "<securities>:2: unknown role 'boss' (expected security, market, factor or fx)");
	expect_error(di_securities_add(sec, k, cur, 2), DI_EDATA,
		     "<securities>:2: unknown currency 'XYZ' (expected an ISO 4217 code such as EUR, "
		     "or GBp/GBX for pence)");
	expect_error(di_securities_add(sec, unknown, v, 2), DI_EUSAGE,
		     "<securities>:2: unknown column 'sector' (expected ticker, name, group, "
		     "currency, role, file, fx, market or close)");
	expect_error(di_securities_add(sec, k + 1, v + 1, 1), DI_EUSAGE,
		     "<securities>:2: missing column 'ticker'");
	expect_error(di_securities_add(NULL, k, v, 1), DI_EUSAGE,
		     "di_securities_add: a NULL argument");
	assert_int_equal(sec->n, 1);
	di_securities_free(sec);
}

/* Files and objects at once, objects for a moves study, no events. */
static void study_rules(void **state)
{
	const double ok[] = {10, 11, 12};
	di_prices *p;
	di_events *ev;
	di_study *s;
	di_run *run;
	(void)state;
	assert_int_equal(di_prices_new(&p), 0);
	assert_int_equal(di_prices_add_series(p, "X", D3, ok, 3), 0);
	assert_int_equal(di_events_new(&ev), 0);
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	assert_int_equal(di_study_set(s, "prices", "somewhere.csv"), 0);
	assert_int_equal(di_study_use_prices(s, p), 0);
	assert_int_equal(di_study_use_events(s, ev), 0);
	assert_int_equal(di_study_set(s, "model", "mean"), 0);
	expect_error(di_study_finish(s), DI_EUSAGE,
		     "prices given both as files (--prices) and in memory");
	di_study_free(s);
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	expect_error(di_study_use_reported(s, NULL), DI_EUSAGE,
		     "di_study_use_reported: only a moves study reads reported moves");
	di_study_free(s);
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	assert_int_equal(di_study_use_prices(s, p), 0);
	assert_int_equal(di_study_use_events(s, ev), 0);
	assert_int_equal(di_study_set(s, "model", "mean"), 0);
	assert_int_equal(di_study_finish(s), 0);
	assert_null(di_study_out(s)); /* no --out needed in memory */
	expect_error(di_run_new(&run, s), DI_EDATA, "<events>: no events");
	di_study_free(s);
	di_events_free(ev);
	di_prices_free(p);
}

/* Objects with the content of a file run's inputs, through the public
 * builders (dates back to ISO text). */
static void rebuild(const di_prices *prices, const di_events *events, di_prices **pp,
		    di_events **ep)
{
	char buf[4][16];
	assert_int_equal(di_prices_new(pp), 0);
	for (size_t i = 0; i < prices->n; i++) {
		const di_series *s = prices->s[i];
		char (*day)[11] = test_malloc(s->n * sizeof(*day));
		const char **dates = test_malloc(s->n * sizeof(*dates));
		for (size_t k = 0; k < s->n; k++) {
			di_date_format(s->date[k], day[k]);
			dates[k] = day[k];
		}
		assert_int_equal(di_prices_add_series_ohlc(*pp, s->ticker, dates, s->price, s->open,
							   s->high, s->low, s->close, s->n),
				 0);
		test_free(dates);
		test_free(day);
	}
	assert_int_equal(di_events_new(ep), 0);
	for (size_t e = 0; e < events->n; e++) {
		const di_event *x = &events->e[e];
		di_date_format(x->date, buf[0]);
		snprintf(buf[1], sizeof(buf[1]), "%d", x->expected_sign);
		buf[2][0] = '\0';
		if (x->time >= 0)
			snprintf(buf[2], sizeof(buf[2]), "%02d:%02d", x->time / 60, x->time % 60);
		{
			const char *const k[] = {"id",		  "date", "label", "type",
						 "expected_sign", "time", "tz"};
			const char *const v[] = {x->id,	  buf[0], x->label, x->type,
						 x->expected_sign ? buf[1] : "", buf[2], x->tz};
			assert_int_equal(di_events_add(*ep, k, v, 7), 0);
		}
	}
}

/* Two views cell for cell (and frees them). */
static void same_table(di_table *x, di_table *y)
{
	{
		assert_int_equal(di_table_nrows(x), di_table_nrows(y));
		assert_int_equal(di_table_ncols(x), di_table_ncols(y));
		for (size_t i = 0; i < di_table_nrows(x); i++)
			for (size_t j = 0; j < di_table_ncols(x); j++) {
				di_cell c, d;
				di_table_cell(x, i, j, &c);
				di_table_cell(y, i, j, &d);
				assert_int_equal(c.type, d.type);
				/* the same computation on the same doubles */
				if (c.type == DI_CELL_NUMBER || c.type == DI_CELL_INT)
					assert_memory_equal(&c.x, &d.x, sizeof(c.x));
				if (c.type == DI_CELL_TEXT)
					assert_string_equal(c.s, d.s);
				if (c.type == DI_CELL_DATE)
					assert_int_equal(c.d, d.d);
			}
		di_table_free(x);
		di_table_free(y);
	}
}

static void same_cells(const di_run *a, const di_run *b)
{
	size_t nt;
	const char *const *names = di_run_table_names(&nt);
	assert_int_equal(nt, 6);
	for (size_t k = 0; k < nt; k++) {
		di_table *x, *y;
		assert_int_equal(di_run_table(a, names[k], &x), 0);
		assert_int_equal(di_run_table(b, names[k], &y), 0);
		same_table(x, y);
	}
}

/* The accessors against the run's own arrays. */
static void view_accessors(const di_run *run)
{
	const di_secev *se = &run->se[0];
	di_table *t;
	char day[11];
	expect_error(di_run_table(run, "cars", &t), DI_EUSAGE,
		     "unknown table 'cars' (expected estimates, ar, car, aar, tests or exclusions)");
	assert_null(t);
	assert_int_equal(di_run_table(run, "car", &t), 0);
	assert_int_equal(di_table_ncols(t), 8);
	assert_string_equal(di_table_column(t, 4), "car");
	assert_null(di_table_column(t, 8));
	assert_int_equal(di_table_find_column(t, "bhar"), 7);
	assert_int_equal(di_table_find_column(t, "nope"), -1);
	assert_int_equal(di_table_nrows(t), run->nse * run->study->ncar);
	assert_string_equal(di_table_text(t, 0, 0), run->events->e[se->event].id);
	assert_string_equal(di_table_text(t, 0, 1), run->tickers[se->ticker]->ticker);
	assert_int_equal(di_table_type(t, 0, 2), DI_CELL_INT);
	assert_true(di_table_number(t, 0, 2) == run->study->car[0].from);
	assert_true(di_table_number(t, 1, 4) == se->car[1]);
	assert_null(di_table_text(t, 0, 4)); /* a number has no text */
	assert_true(isnan(di_table_number(t, 0, 0)));
	assert_int_equal(di_table_type(t, di_table_nrows(t), 0), DI_CELL_EMPTY);
	di_table_free(t);
	assert_int_equal(di_run_table(run, "estimates", &t), 0);
	di_date_format(se->est_date[0], day);
	assert_int_equal(di_table_type(t, 0, 4), DI_CELL_DATE);
	assert_string_equal(di_table_text(t, 0, 4), day);
	assert_true(di_table_number(t, 0, 7) == se->fit.theta[1]);
	di_table_free(t);
}

static const char *const study_kv[] = {
	"securities", DI_SOURCE_DIR "/datasets/peace-talks-2025/securities.csv",
	"market", "^STOXX", "tickers", "RHM.DE,BA.L,HO.PA,LDO.MI,SAAB-B.ST", "model", "market",
	"controls", "SAP.DE,ALV.DE", "placebo", "20", "jobs", "1", "currency", "EUR", NULL};

/* The securities table of a file run, rebuilt through di_securities_add. */
static void rebuild_securities(const di_securities *sec, di_securities **out)
{
	size_t n;
	const char *const *k = di_securities_columns(&n);
	assert_int_equal(n, 9);
	assert_int_equal(di_securities_new(out), 0);
	for (size_t i = 0; i < sec->n; i++) {
		const di_security_info *x = &sec->s[i];
		const char *const v[] = {x->ticker, x->name, x->group, x->currency, x->role,
					 x->file,   x->fx,   x->market, x->close};
		assert_int_equal(di_securities_add(*out, k, v, n), 0);
	}
}

static void files_and_objects_agree(void **state)
{
	di_study *sf, *sm;
	di_run *rf, *rm;
	di_prices *p, *fp;
	di_events *ev;
	di_securities *sec;
	const char *kv[sizeof(study_kv) / sizeof(study_kv[0])];
	(void)state;
	/* the dataset's prices are a folder (th_run wants DIR/prices.csv) */
	assert_int_equal(di_study_new(&sf, DI_CMD_RUN), 0);
	assert_int_equal(di_study_set(sf, "prices", DI_SOURCE_DIR "/datasets/peace-talks-2025/prices"),
			 0);
	assert_int_equal(di_study_set(sf, "events",
				      DI_SOURCE_DIR "/datasets/peace-talks-2025/events.csv"), 0);
	assert_int_equal(di_study_set(sf, "out", "/nonexistent"), 0);
	rf = th_finish_run(&sf, sf, study_kv);
	/* a run keeps no prices once its returns are built: read them as it did */
	assert_int_equal(di_prices_new(&fp), 0);
	di_prices_set_file_names(fp, di_securities_file_ticker, rf->secinfo);
	assert_int_equal(di_prices_load_path(fp, DI_SOURCE_DIR "/datasets/peace-talks-2025/prices",
					     NULL, 0), 0);
	assert_int_equal(fp->n, rf->prices->n);
	assert_null(rf->prices->s[0]->price);
	rebuild(fp, rf->events, &p, &ev);
	di_prices_free(fp);
	rebuild_securities(rf->secinfo, &sec);
	/* everything in memory: study_kv but its securities path */
	memcpy(kv, study_kv, sizeof(kv));
	assert_string_equal(kv[0], "securities");
	kv[1] = NULL;
	assert_int_equal(di_study_new(&sm, DI_CMD_RUN), 0);
	assert_int_equal(di_study_use_prices(sm, p), 0);
	assert_int_equal(di_study_use_events(sm, ev), 0);
	assert_int_equal(di_study_use_securities(sm, sec), 0);
	rm = th_finish_run(&sm, sm, kv);
	assert_non_null(rm->secinfo);
	assert_null(rm->own_secinfo);
	assert_true(rf->nse > 20 && rf->nblocks > 5);
	same_cells(rf, rm);
	view_accessors(rm);
	di_run_free(rm);
	di_study_free(sm);
	di_events_free(ev);
	di_prices_free(p);
	di_securities_free(sec);
	di_run_free(rf);
	di_study_free(sf);
}

/* The moves view: the header and the rows of the golden moves.csv. */
static void moves_view(void **state)
{
	char head[2048] = "", line[4096];
	size_t rows = 0;
	di_study *s;
	di_moves *m;
	di_table *t;
	FILE *f = fopen(DI_SOURCE_DIR "/reports/reported-moves-2025-12-29/moves.csv", "r");
	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	line[strcspn(line, "\r\n")] = '\0';
	while (fgets(head, sizeof(head), f))
		rows++;
	fclose(f);
	assert_int_equal(di_study_new(&s, DI_CMD_MOVES), 0);
	assert_int_equal(di_study_load_ini(s, DI_SOURCE_DIR "/datasets/reported-moves-2025-12-29.ini"),
			 0);
	assert_int_equal(di_study_finish(s), 0);
	assert_int_equal(di_moves_new(&m, s), 0);
	expect_error(di_moves_table(m, "car", &t), DI_EUSAGE, "unknown table 'car' (expected moves)");
	assert_int_equal(di_moves_table(m, "moves", &t), 0);
	head[0] = '\0';
	for (size_t j = 0; j < di_table_ncols(t); j++) {
		strcat(head, j ? "," : "");
		strcat(head, di_table_column(t, j));
	}
	assert_string_equal(head, line);
	assert_int_equal(di_table_nrows(t), rows);
	assert_string_equal(di_table_text(t, 0, 0), m->rows[0].rep->ticker);
	assert_true(di_table_number(t, 0, 1) == m->rows[0].rep->move);
	di_table_free(t);
	di_moves_free(m);
	di_study_free(s);
}

/* The reported moves of the shipped moves study, through di_reported_add
 * (its file has no quoted cell: a split at commas reads it). */
/* Split a line at commas, in place, into at most 8 cells; their number. */
static size_t split_commas(char *line, char **cell)
{
	size_t n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	for (char *p = line; n < 8 && p;) {
		cell[n++] = p;
		if ((p = strchr(p, ',')))
			*p++ = '\0';
	}
	return n;
}

static void reported_from_file(di_reported **out)
{
	char head[1024], line[1024], *col[8], *val[8];
	size_t nc;
	FILE *f = fopen(DI_SOURCE_DIR "/datasets/reported-moves-2025-12-29.csv", "r");
	assert_non_null(f);
	assert_non_null(fgets(head, sizeof(head), f));
	nc = split_commas(head, col);
	assert_int_equal(di_reported_new(out), 0);
	for (int row = 2; fgets(line, sizeof(line), f); row++) {
		assert_int_equal(split_commas(line, val), nc);
		if (di_reported_add(*out, (const char *const *)col, (const char *const *)val, nc))
			fail_msg("reported row %d: %s", row, di_error_message());
	}
	fclose(f);
}

/* moves from its files and from objects with the same content: the same
 * moves table, cell for cell. */
static void moves_in_memory(void **state)
{
	static const char *const kv[] = {"benchmark", "STOXXTMAD", "benchmark-series", "EUAD",
					 "market", "^STOXX", "currency", "EUR", NULL};
	di_study *sf, *sm;
	di_moves *mf, *mm;
	di_prices *p;
	di_events *ev;
	di_securities *sec;
	di_reported *rep;
	di_table *x, *y;
	(void)state;
	assert_int_equal(di_study_new(&sf, DI_CMD_MOVES), 0);
	assert_int_equal(di_study_load_ini(sf, DI_SOURCE_DIR "/datasets/reported-moves-2025-12-29.ini"),
			 0);
	assert_int_equal(di_study_finish(sf), 0);
	assert_int_equal(di_moves_new(&mf, sf), 0);
	rebuild(mf->prices, mf->events, &p, &ev);
	rebuild_securities(mf->secinfo, &sec);
	reported_from_file(&rep);
	assert_int_equal(di_study_new(&sm, DI_CMD_MOVES), 0);
	for (size_t i = 0; kv[i]; i += 2)
		assert_int_equal(di_study_set(sm, kv[i], kv[i + 1]), 0);
	assert_int_equal(di_study_use_prices(sm, p), 0);
	assert_int_equal(di_study_use_events(sm, ev), 0);
	assert_int_equal(di_study_use_securities(sm, sec), 0);
	assert_int_equal(di_study_use_reported(sm, rep), 0);
	assert_int_equal(di_study_finish(sm), 0);
	assert_null(di_study_out(sm));
	if (di_moves_new(&mm, sm))
		fail_msg("moves in memory: %s", di_error_message());
	assert_true(mm->nrows >= 10 && mm->own_prices == NULL);
	assert_int_equal(di_moves_table(mf, "moves", &x), 0);
	assert_int_equal(di_moves_table(mm, "moves", &y), 0);
	same_table(x, y);
	di_moves_free(mm);
	di_moves_free(mf);
	di_study_free(sm);
	di_study_free(sf);
	di_reported_free(rep);
	di_securities_free(sec);
	di_events_free(ev);
	di_prices_free(p);
}

/* The whole in-memory path, freeing all on every exit: build, run, read
 * every table. 0 or the first error. */
static int mem_pipeline(void)
{
	static const char *const dates[8] = {"2025-03-03", "2025-03-04", "2025-03-05",
					     "2025-03-06", "2025-03-07", "2025-03-10",
					     "2025-03-11", "2025-03-12"};
	const double a[8] = {10, 10.2, 10.1, 10.4, 10.3, 10.6, 10.2, 10.5};
	const double b[8] = {20, 20.1, 20.5, 20.2, 20.4, 20.3, 21.1, 20.9};
	const char *const k[] = {"id", "date", "label", "tickers"};
	const char *const v[] = {"ev", "2025-03-11", "x", "A B"};
	size_t nt;
	const char *const *names = di_run_table_names(&nt);
	di_prices *p = NULL;
	di_events *ev = NULL;
	di_study *s = NULL;
	di_run *run = NULL;
	di_table *t = NULL;
	int rc = di_prices_new(&p);
	if (!rc)
		rc = di_prices_add_series(p, "A", dates, a, 8);
	if (!rc)
		rc = di_prices_add_series(p, "B", dates, b, 8);
	if (!rc)
		rc = di_events_new(&ev);
	if (!rc)
		rc = di_events_add(ev, k, v, 4);
	if (!rc)
		rc = di_study_new(&s, DI_CMD_RUN);
	if (!rc) {
		const char *const kv[] = {"model", "mean", "estimation", "-5:-2", "event-window",
					  "-1:1", "car", "0:1", "min-estimation", "4",
					  "placebo", "0", "jobs", "1", NULL};
		for (size_t i = 0; !rc && kv[i]; i += 2)
			rc = di_study_set(s, kv[i], kv[i + 1]);
	}
	if (!rc)
		rc = di_study_use_prices(s, p);
	if (!rc)
		rc = di_study_use_events(s, ev);
	if (!rc)
		rc = di_study_finish(s);
	if (!rc)
		rc = di_run_new(&run, s);
	for (size_t i = 0; !rc && i < nt; i++) {
		rc = di_run_table(run, names[i], &t);
		di_table_free(t);
		t = NULL;
	}
	di_run_free(run);
	di_study_free(s);
	di_events_free(ev);
	di_prices_free(p);
	return rc;
}

/* Every allocation of the in-memory path fails in turn: DI_ENOMEM, "out of
 * memory", nothing leaked (LeakSanitizer in the ASan build). */
static void mem_allocation_failures(void **state)
{
	long made, n;
	(void)state;
	di_alloc_fail_after(0);
	assert_int_equal(mem_pipeline(), 0);
	made = di_alloc_fail_after(0);
	assert_true(made > 50);
	for (n = 1; n <= made; n++) {
		int rc;
		di_error_clear();
		di_alloc_fail_after(n);
		rc = mem_pipeline();
		di_alloc_fail_after(0);
		if (rc != DI_ENOMEM || strcmp(di_error_message(), "out of memory"))
			fail_msg("N = %ld: expected DI_ENOMEM and 'out of memory', got %d '%s'", n, rc,
				 di_error_message());
	}
	di_alloc_fail_after(made + 1);
	assert_int_equal(mem_pipeline(), 0);
	di_alloc_fail_after(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(price_rules), cmocka_unit_test(event_rules),
		cmocka_unit_test(study_rules), cmocka_unit_test(security_rules), cmocka_unit_test(files_and_objects_agree),
		cmocka_unit_test(moves_view), cmocka_unit_test(moves_in_memory),
		cmocka_unit_test(mem_allocation_failures)};
	gsl_set_error_handler_off();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
