/*
 * fuzz_targets.h - the bodies of the fuzz harnesses, shared by the
 * libFuzzer programs (tests/fuzz/fuzz_*.c, built with clang by scripts/fuzz)
 * and by the unit test that replays the seed corpus and every input the
 * fuzzer ever crashed on (tests/unit/api/test_fuzz_replay.c, in every build).
 *
 * Every input stays in memory: the loaders read a buffer standing for a
 * file through the same reader as files (csvread.h: di_csv_src), and the
 * run harness builds its study from in-memory objects, reads its results
 * through the table views and writes the CSV files, the summary and the
 * manifest into memory (open_memstream). Besides "no crash, no leak, no
 * undefined behaviour" (the sanitizers' part) each target checks what a
 * loader promises: a failure has a known code and a one-line message; a
 * success gives ascending dates, positive finite prices, and so on. A
 * broken promise calls abort(), which the fuzzer reports as a crash.
 */
#ifndef DI_FUZZ_TARGETS_H
#define DI_FUZZ_TARGETS_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "csvread.h"
#include "csvw.h"
#include "defimpact/defimpact.h"
#include "events.h"
#include "manifest.h"
#include "prices.h"
#include "report_run.h"
#include "run.h"
#include "study.h"
#include "view.h"

/* An input as the source of a loader: never NULL, also when empty. */
static di_csv_src di_fuzz_src(const char *name, const uint8_t *data, size_t size)
{
	di_csv_src src = {name, size ? (const char *)data : "", size};
	return src;
}

/* A failure must carry a known code and a one-line, non-empty message. */
static void di_fuzz_check_error(int rc)
{
	const char *msg = di_error_message();
	if (rc != DI_EDATA && rc != DI_EUSAGE && rc != DI_EIO && rc != DI_ENOMEM)
		abort();
	if (di_error_code() != rc || !msg[0] || strchr(msg, '\n') || strchr(msg, '\r'))
		abort();
}

/* ---- the CSV reader ---------------------------------------------------- */

typedef struct di_fuzz_csv_state {
	long last_line;
	size_t records;
} di_fuzz_csv_state;

static int di_fuzz_csv_record(void *payload, long line, size_t nf, char *const *f,
			      const size_t *l)
{
	di_fuzz_csv_state *st = payload;
	/* records start on increasing lines; fields are NUL-terminated */
	if (line <= st->last_line || nf == 0)
		abort();
	st->last_line = line;
	for (size_t i = 0; i < nf; i++)
		if (f[i][l[i]] != '\0' || memchr(f[i], '\0', l[i]))
			abort();
	/* a callback may stop the read: the reader must then clean up */
	if (++st->records == 1000)
		return DI_EDATA;
	return 0;
}

static inline int di_fuzz_csv(const uint8_t *data, size_t size)
{
	di_fuzz_csv_state st = {0, 0};
	di_csv_info info;
	int rc;
	di_error_clear();
	/* in memory: no temporary file, and ASan sees any read past size */
	rc = di_csv_read_mem("in.csv", (const char *)data, size, &info, di_fuzz_csv_record, &st);
	if (rc < 0) {
		if (st.records == 1000 && rc == DI_EDATA)
			return 0;
		di_fuzz_check_error(rc);
	} else if (info.delim != ',' && info.delim != ';' && info.delim != '\t') {
		abort();
	}
	return 0;
}

/* ---- the price loader -------------------------------------------------- */

static void di_fuzz_check_prices(const di_prices *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const di_series *s = p->s[i];
		if (!s->n || !s->ticker[0])
			abort();
		for (size_t k = 0; k < s->n; k++) {
			if (!(s->price[k] > 0) || !isfinite(s->price[k]))
				abort();
			if (k && s->date[k] <= s->date[k - 1])
				abort();
		}
	}
}

/* The input as a price file named AAA.csv, then again as B.csv into the
 * same set (a long or wide file then names tickers already loaded). */
static inline int di_fuzz_prices(const uint8_t *data, size_t size)
{
	di_prices *p = NULL;
	int rc;
	di_error_clear();
	if (di_prices_new(&p))
		abort();
	di_csv_src a = di_fuzz_src("AAA.csv", data, size), b = di_fuzz_src("B.csv", data, size);
	rc = di_prices_load_src(p, &a);
	if (rc < 0) {
		di_fuzz_check_error(rc);
		if (p->n || p->nfiles)
			abort(); /* a failed file adds nothing */
	}
	rc = di_prices_load_src(p, &b);
	if (rc < 0)
		di_fuzz_check_error(rc);
	di_fuzz_check_prices(p);
	di_prices_free(p);
	return 0;
}

/* ---- the events, securities and reported-moves loaders ----------------- */

/* The first byte picks the loader; the rest is the file. */
static inline int di_fuzz_events(const uint8_t *data, size_t size)
{
	di_csv_src src;
	int which, rc;
	if (size < 1)
		return 0;
	which = data[0] % 3;
	src = di_fuzz_src("table.csv", data + 1, size - 1);
	di_error_clear();
	if (which == 0) {
		di_events *ev = NULL;
		rc = di_events_load_src(&ev, &src, DI_DATE_AUTO);
		if (rc < 0) {
			di_fuzz_check_error(rc);
			if (ev)
				abort();
		} else {
			if (!ev || !ev->n)
				abort();
			for (size_t i = 0; i < ev->n; i++)
				if (!ev->e[i].id[0] || ev->e[i].date == DI_NO_DATE)
					abort();
		}
		di_events_free(ev);
	} else if (which == 1) {
		di_securities *s = NULL;
		rc = di_securities_load_src(&s, &src);
		if (rc < 0)
			di_fuzz_check_error(rc);
		else if (!s || !s->n)
			abort();
		di_securities_free(s);
	} else {
		di_reported *r = NULL;
		rc = di_reported_load_src(&r, &src);
		if (rc < 0) {
			di_fuzz_check_error(rc);
		} else {
			if (!r || !r->n)
				abort();
			for (size_t i = 0; i < r->n; i++)
				if (!isfinite(r->m[i].move) || !(r->m[i].session_fraction > 0) ||
				    r->m[i].session_fraction > 1)
					abort();
		}
		di_reported_free(r);
	}
	return 0;
}

/* ---- the in-memory builders -------------------------------------------- */

#define DI_FUZZ_MAXROWS 256

/* Split line into at most max fields at sep (in place); returns the count. */
static size_t di_fuzz_split(char *line, char sep, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == sep) {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* One series per run of lines "TICKER DATE CLOSE" with the same ticker,
 * through di_prices_add_series: a success keeps the series' promises, a
 * failure adds nothing. */
static void di_fuzz_series(di_prices *p, char **lines, size_t n)
{
	const char *dates[DI_FUZZ_MAXROWS], *ticker = NULL;
	double closes[DI_FUZZ_MAXROWS];
	size_t k = 0;
	for (size_t i = 0; i <= n; i++) {
		char *f[3] = {NULL, NULL, NULL};
		size_t before = p->n;
		if (i < n)
			di_fuzz_split(lines[i], ' ', f, 3);
		if (i < n && k < DI_FUZZ_MAXROWS && ticker && f[1] && f[2] && !strcmp(f[0], ticker)) {
			dates[k] = f[1];
			closes[k++] = strtod(f[2], NULL);
			continue;
		}
		if (ticker) {
			int rc = di_prices_add_series(p, ticker, dates, closes, k);
			if (rc < 0) {
				di_fuzz_check_error(rc);
				if (p->n != before)
					abort();
			}
		}
		ticker = i < n && f[1] && f[2] ? f[0] : NULL;
		k = 0;
		if (ticker) {
			dates[k] = f[1];
			closes[k++] = strtod(f[2], NULL);
		}
	}
}

/* Price lines, a line "---", then one event per line as "col=value"
 * cells separated by '|', through di_events_add. */
static inline int di_fuzz_data(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *lines[DI_FUZZ_MAXROWS];
	size_t n, cut;
	di_prices *p = NULL;
	di_events *ev = NULL;
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	n = di_fuzz_split(text, '\n', lines, DI_FUZZ_MAXROWS);
	for (cut = 0; cut < n && strcmp(lines[cut], "---"); cut++)
		;
	di_error_clear();
	if (di_prices_new(&p) || di_events_new(&ev))
		abort();
	di_fuzz_series(p, lines, cut);
	di_fuzz_check_prices(p);
	for (size_t i = cut + 1; i < n; i++) {
		char *cells[8], *cols[8], *vals[8];
		size_t nc = di_fuzz_split(lines[i], '|', cells, 8), before = ev->n;
		int rc;
		for (size_t j = 0; j < nc; j++) {
			char *eq = strchr(cells[j], '=');
			cols[j] = cells[j];
			vals[j] = eq ? (*eq = '\0', eq + 1) : NULL;
		}
		rc = di_events_add(ev, (const char *const *)cols, (const char *const *)vals, nc);
		if (rc < 0) {
			di_fuzz_check_error(rc);
			if (ev->n != before)
				abort();
		} else if (ev->n != before + 1 || !ev->e[before].id[0] ||
			   ev->e[before].date == DI_NO_DATE) {
			abort();
		}
	}
	di_events_free(ev);
	di_prices_free(p);
	free(text);
	return 0;
}

/* ---- the study file ---------------------------------------------------- */

/* The first byte picks the command ([study] or [moves]); the rest is the
 * INI file, read and then finished as the tool does. */
static inline int di_fuzz_study(const uint8_t *data, size_t size)
{
	di_study *s = NULL;
	di_csv_src src;
	int rc;
	if (size < 1)
		return 0;
	src = di_fuzz_src("study.ini", data + 1, size - 1);
	di_error_clear();
	if (di_study_new(&s, data[0] & 1 ? DI_CMD_MOVES : DI_CMD_RUN))
		abort();
	rc = di_study_load_ini_mem(s, src.name, src.data, src.len);
	if (rc == 0)
		rc = di_study_finish(s);
	if (rc < 0)
		di_fuzz_check_error(rc);
	else if (!di_study_out(s))
		abort();
	di_study_free(s);
	return 0;
}

/* ---- the whole run ------------------------------------------------------ */

/* The writers that need no folder, into memory: each table as CSV, the
 * summary and the manifest (the plots write files: not here). */
static void di_fuzz_write(const di_run *run, const di_table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	di_csvw w;
	if (!f)
		abort();
	di_csvw_init(&w, f, run->study->dialect == DI_DIALECT_EXCEL_EU);
	if (t) {
		di_csv_write_table(t, &w);
	} else {
		di_rview *v = NULL;
		int rc = di_rview_new(run, &v);
		if (rc == 0)
			rc = di_report_run_text(v, f);
		if (rc == 0)
			rc = di_manifest_write_run(f, v);
		di_rview_free(v);
		if (rc < 0)
			di_fuzz_check_error(rc);
	}
	if (fclose(f) != 0)
		abort();
	free(buf);
}

/* Every cell of every table of a run, through the views: a cell has a
 * known type, a NUMBER is finite, a TEXT or DATE has text. */
static void di_fuzz_check_tables(const di_run *run)
{
	size_t nt;
	const char *const *names = di_run_table_names(&nt);
	for (size_t k = 0; k < nt; k++) {
		di_table *t = NULL;
		int rc = di_run_table(run, names[k], &t);
		if (rc < 0) {
			di_fuzz_check_error(rc);
			continue;
		}
		for (size_t i = 0; i < di_table_nrows(t); i++)
			for (size_t j = 0; j < di_table_ncols(t); j++) {
				di_cell c;
				di_table_cell(t, i, j, &c);
				if ((c.type == DI_CELL_NUMBER && !isfinite(c.x)) ||
				    (c.type == DI_CELL_TEXT && !c.s) || c.type > DI_CELL_DATE ||
				    ((c.type == DI_CELL_TEXT || c.type == DI_CELL_DATE) &&
				     !di_table_text(t, i, j)))
					abort();
			}
		di_fuzz_write(run, t);
		di_table_free(t);
	}
	di_fuzz_write(run, NULL);
}

/* The fixed options of the run harness: a market M, short windows, a
 * few placebo trials on one thread (fuzzed, without the default 1000 per
 * input eating the fuzzer's speed). */
static void di_fuzz_run_study(di_study *s)
{
	static const char *const opt[][2] = {
		{"market", "M"},	 {"estimation", "-30:-3"}, {"event-window", "-2:2"},
		{"min-estimation", "5"}, {"placebo", "5"},	   {"jobs", "1"},
	};
	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++)
		if (di_study_set(s, opt[i][0], opt[i][1]))
			abort(); /* the fixed options are valid */
}

/* Prices (any layout), then a line "---", then an events file, both read
 * from memory and given to a study as objects, so that strange but valid
 * data (tiny or huge prices, gaps, one-day series) reach the calendar, the
 * model, the tests, the table views and the writers. */
static inline int di_fuzz_run(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n---\n";
	const uint8_t *cut = NULL;
	di_csv_src ps, es;
	di_prices *p = NULL;
	di_events *ev = NULL;
	di_study *s = NULL;
	di_run *run = NULL;
	int rc;

	for (size_t i = 0; i + sizeof(sep) - 1 <= size && !cut; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0)
			cut = data + i;
	if (!cut)
		return 0;
	ps = di_fuzz_src("p.csv", data, (size_t)(cut - data) + 1);
	es = di_fuzz_src("e.csv", cut + sizeof(sep) - 1,
			 size - (size_t)(cut - data) - (sizeof(sep) - 1));
	/* as the tool does: the library checks every GSL status itself */
	gsl_set_error_handler_off();
	di_error_clear();
	if (di_study_new(&s, DI_CMD_RUN) || di_prices_new(&p))
		abort();
	di_fuzz_run_study(s);
	rc = di_prices_load_src(p, &ps);
	if (!rc)
		rc = di_events_load_src(&ev, &es, DI_DATE_AUTO);
	if (!rc && (di_study_use_prices(s, p) || di_study_use_events(s, ev) ||
		    di_study_finish(s)))
		abort();
	if (!rc)
		rc = di_run_new(&run, s);
	if (rc < 0)
		di_fuzz_check_error(rc);
	else
		di_fuzz_check_tables(run);
	di_run_free(run);
	di_study_free(s);
	di_events_free(ev);
	di_prices_free(p);
	return 0;
}

#endif
