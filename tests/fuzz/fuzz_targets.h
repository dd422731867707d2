/*
 * fuzz_targets.h - the bodies of the fuzz harnesses, shared by the
 * libFuzzer programs (tests/fuzz/fuzz_*.c, built with clang by scripts/fuzz)
 * and by the unit test that replays the seed corpus and every input the
 * fuzzer ever crashed on (tests/unit/test_fuzz_replay.c, in every build).
 *
 * The loaders read paths, not buffers, so each input is written to a file
 * in a private temporary folder first. Besides "no crash, no leak, no
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
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "csvread.h"
#include "defimpact/defimpact.h"
#include "events.h"
#include "prices.h"

static char di_fuzz_dir[64];

/* Remove the private folder at exit (it holds only our few files). */
static void di_fuzz_cleanup(void)
{
	static const char *const names[] = {"in.csv", "AAA.csv", "B.csv", "table.csv",
					    "study.ini", "p.csv", "e.csv"};
	char cmd[200];
	char path[160];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", di_fuzz_dir, names[i]);
		unlink(path);
	}
	/* the run harness's report folder */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/report'", di_fuzz_dir);
	if (system(cmd) != 0)
		return;
	rmdir(di_fuzz_dir);
}

/* Write data to name in the private folder; returns the path (static). */
static const char *di_fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[160];
	FILE *f;
	if (!di_fuzz_dir[0]) {
		/* memory-backed when there is one: the fuzzer writes a file
		 * per input, and a disk makes that the bottleneck */
		strcpy(di_fuzz_dir, "/dev/shm/di_fuzz_XXXXXX");
		if (!mkdtemp(di_fuzz_dir)) {
			strcpy(di_fuzz_dir, "/tmp/di_fuzz_XXXXXX");
			if (!mkdtemp(di_fuzz_dir))
				abort();
		}
		atexit(di_fuzz_cleanup);
	}
	snprintf(path, sizeof(path), "%s/%s", di_fuzz_dir, name);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	return path;
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
	rc = di_prices_load_file(p, di_fuzz_file("AAA.csv", data, size));
	if (rc < 0) {
		di_fuzz_check_error(rc);
		if (p->n || p->nfiles)
			abort(); /* a failed file adds nothing */
	}
	rc = di_prices_load_file(p, di_fuzz_file("B.csv", data, size));
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
	const char *path;
	int which, rc;
	if (size < 1)
		return 0;
	which = data[0] % 3;
	path = di_fuzz_file("table.csv", data + 1, size - 1);
	di_error_clear();
	if (which == 0) {
		di_events *ev = NULL;
		rc = di_events_load(&ev, path);
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
		rc = di_securities_load(&s, path);
		if (rc < 0)
			di_fuzz_check_error(rc);
		else if (!s || !s->n)
			abort();
		di_securities_free(s);
	} else {
		di_reported *r = NULL;
		rc = di_reported_load(&r, path);
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

/* ---- the study file ---------------------------------------------------- */

/* The first byte picks the command ([study] or [moves]); the rest is the
 * INI file, read and then finished as the tool does. */
static inline int di_fuzz_study(const uint8_t *data, size_t size)
{
	di_study *s = NULL;
	const char *path;
	int rc;
	if (size < 1)
		return 0;
	path = di_fuzz_file("study.ini", data + 1, size - 1);
	di_error_clear();
	if (di_study_new(&s, data[0] & 1 ? DI_CMD_MOVES : DI_CMD_RUN))
		abort();
	rc = di_study_load_ini(s, path);
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

/* Prices (any layout), then a line "---", then an events file: a study
 * with a market M, short windows and the report written, so that strange
 * but valid data (tiny or huge prices, gaps, one-day series) reach the
 * calendar, the model, the tests and the writers. */
static inline int di_fuzz_run(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n---\n";
	const uint8_t *cut = NULL;
	char prices[160], events[160], out[160];
	di_study *s = NULL;
	di_run *run = NULL;
	int rc;

	for (size_t i = 0; i + sizeof(sep) - 1 <= size && !cut; i++)
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0)
			cut = data + i;
	if (!cut)
		return 0;
	snprintf(prices, sizeof(prices), "%s",
		 di_fuzz_file("p.csv", data, (size_t)(cut - data) + 1));
	snprintf(events, sizeof(events), "%s",
		 di_fuzz_file("e.csv", cut + sizeof(sep) - 1,
			      size - (size_t)(cut - data) - (sizeof(sep) - 1)));
	snprintf(out, sizeof(out), "%s/report", di_fuzz_dir);
	/* as the tool does: the library checks every GSL status itself */
	gsl_set_error_handler_off();
	di_error_clear();
	if (di_study_new(&s, DI_CMD_RUN))
		abort();
	rc = di_study_set(s, "prices", prices);
	if (!rc)
		rc = di_study_set(s, "events", events);
	if (!rc)
		rc = di_study_set(s, "market", "M");
	if (!rc)
		rc = di_study_set(s, "estimation", "-30:-3");
	if (!rc)
		rc = di_study_set(s, "event-window", "-2:2");
	if (!rc)
		rc = di_study_set(s, "min-estimation", "5");
	/* a few placebo trials on one thread: fuzzed, without the default 1000
	 * per input eating the fuzzer's speed */
	if (!rc)
		rc = di_study_set(s, "placebo", "5");
	if (!rc)
		rc = di_study_set(s, "jobs", "1");
	if (!rc)
		rc = di_study_set(s, "out", out);
	if (!rc)
		rc = di_study_finish(s);
	if (rc)
		abort(); /* the fixed options are valid */
	rc = di_run_new(&run, s);
	if (!rc)
		rc = di_run_write(run, out);
	if (rc < 0)
		di_fuzz_check_error(rc);
	di_run_free(run);
	di_study_free(s);
	return 0;
}

#endif
