/*
 * manifest.c - manifest.txt: version, command, parameters and the inputs
 * with their SHA-256 (digest.c: nettle's). A run's inputs are hashed on a
 * thread while it computes (di_run's digests); the manifest takes them.
 *
 * The text is one "key: value" per line, in a fixed order, with no time
 * unless asked (timestamp), so two runs on the same inputs write the same
 * bytes: determinism.sh diffs two report folders, this file included.
 * Values are written as given; a backslash or a control character in one
 * (a path with a newline) is written as a C escape (\\, \n, \xHH) so that
 * each entry stays on its line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "error.h"
#include "manifest.h"
#include "prices.h"

/* A value on one line: backslash and control characters escaped. */
static void put_value(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '\\')
			fputs("\\\\", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

/* "key: value", or "key:" for an empty or absent value */
static void kv(FILE *f, const char *key, const char *value)
{
	fprintf(f, "%s:%s", key, value && value[0] ? " " : "");
	put_value(f, value);
	fputc('\n', f);
}

static void kv_list(FILE *f, const char *key, char *const *v, size_t n)
{
	fprintf(f, "%s:%s", key, n ? " " : "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		put_value(f, v[i]);
	}
	fputc('\n', f);
}

static void kv_window(FILE *f, const char *key, di_window w)
{
	fprintf(f, "%s: %d:%d\n", key, w.from, w.to);
}

static void kv_flag(FILE *f, const char *key, int on)
{
	fprintf(f, "%s: %s\n", key, on ? "yes" : "no");
}

/* prices, events, securities and currency; data given through the API
 * have no path (and no input line) */
static void data_inputs(FILE *f, const di_study *s)
{
	if (s->mem_prices)
		kv(f, "prices", "<memory>");
	else
		kv_list(f, "prices", s->prices.v, s->prices.n);
	kv(f, "events", s->mem_events ? "<memory>" : s->events);
	kv(f, "securities", s->mem_securities ? "<memory>" : s->securities);
	kv(f, "currency", s->currency);
}

static void run_params(FILE *f, const di_study *s, const char *const *tickers, size_t ntickers)
{
	kv(f, "model", di_model_name(s->model));
	kv(f, "returns", s->log_returns ? "log" : "simple");
	kv_window(f, "estimation", s->est);
	kv_window(f, "event-window", s->win);
	fputs("car: ", f);
	for (size_t i = 0; i < s->ncar; i++)
		fprintf(f, "%s%d:%d", i ? "," : "", s->car[i].from, s->car[i].to);
	fputc('\n', f);
	fprintf(f, "min-estimation: %d\n", s->min_est);
	fprintf(f, "placebo: %d\n", s->placebo);
	fprintf(f, "seed: %lu\n", s->seed);
	kv(f, "market", s->market);
	kv_list(f, "factor", s->factors.v, s->factors.n);
	if (tickers)
		kv_list(f, "tickers", (char *const *)tickers, ntickers);
	else
		kv_list(f, "tickers", s->tickers.v, s->tickers.n);
	kv_list(f, "controls", s->controls.v, s->controls.n);
	kv_flag(f, "clean-estimation", s->clean_estimation);
	data_inputs(f, s);
}

static void moves_params(FILE *f, const di_study *s, const char *const *tickers,
			 size_t ntickers)
{
	kv(f, "reported", s->mem_reported ? "<memory>" : s->reported);
	kv(f, "benchmark", s->benchmark);
	kv(f, "benchmark-series", s->benchmark_series);
	kv(f, "market", s->market);
	kv_window(f, "estimation", s->est);
	fprintf(f, "min-estimation: %d\n", s->min_est);
	if (tickers)
		kv_list(f, "tickers", (char *const *)tickers, ntickers);
	data_inputs(f, s);
}

int di_manifest_write(FILE *f, const di_study *s, const char *const *tickers, size_t ntickers,
		      const di_manifest_input *in, size_t nin, di_digests *d)
{
	fprintf(f, "defimpact-version: %s\n", di_version());
	kv(f, "command", s->cmd == DI_CMD_RUN ? "run" : "moves");
	kv(f, "study-file", s->study_file);
	if (s->cmd == DI_CMD_RUN)
		run_params(f, s, tickers, ntickers);
	else
		moves_params(f, s, tickers, ntickers);
	kv(f, "csv-dialect", s->dialect == DI_DIALECT_EXCEL_EU ? "excel-eu" : "rfc4180");
	kv_flag(f, "bom", s->bom);
	kv_flag(f, "timestamp", s->timestamp);
	if (s->timestamp) {
		time_t now = time(NULL);
		struct tm tm;
		char t[32];
		if (gmtime_r(&now, &tm) && strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm))
			kv(f, "generated", t);
	}
	fputs("# input: SHA-256 SIZE-IN-BYTES ROLE PATH\n", f);
	for (size_t i = 0; i < nin; i++) {
		char hex[DI_SHA256_HEXSZ];
		unsigned long long size;
		int rc = di_digests_get(d, in[i].path, hex, &size);
		if (rc > 0) /* not among d's */
			rc = di_sha256_file(in[i].path, hex, &size);
		if (rc)
			return rc;
		fprintf(f, "input: %s %llu %s ", hex, size, in[i].role);
		put_value(f, in[i].path);
		fputc('\n', f);
	}
	return 0;
}

size_t di_manifest_inputs(di_manifest_input *in, const di_study *s,
			  const di_manifest_files *files)
{
	size_t n = 0;
	if (s->study_file)
		in[n++] = (di_manifest_input){"study", s->study_file};
	if (files->reported)
		in[n++] = (di_manifest_input){"reported", files->reported};
	for (size_t i = 0; i < files->prices->nfiles; i++)
		in[n++] = (di_manifest_input){"prices", files->prices->files[i]};
	if (files->events)
		in[n++] = (di_manifest_input){"events", files->events};
	if (files->securities)
		in[n++] = (di_manifest_input){"securities", files->securities};
	return n;
}

int di_manifest_write_files(FILE *f, const di_study *s, const char *const *tickers,
			    size_t ntickers, const di_manifest_files *files)
{
	di_manifest_input *in = di_calloc(DI_MANIFEST_MAX_INPUTS(files->prices), sizeof(*in));
	int rc;
	if (!in)
		return di_error_oom();
	rc = di_manifest_write(f, s, tickers, ntickers, in, di_manifest_inputs(in, s, files), NULL);
	di_free(in);
	return rc;
}

int di_manifest_write_run(FILE *f, const di_rview *v)
{
	/* the treated; the controls have their own line */
	return di_manifest_write(f, v->study, v->treated, v->ntreated, v->inputs, v->ninputs,
				 v->digests);
}
