/*
 * study.c - study parameters from an INI file (libinih) and from the
 * command line, through one setter. It validates values and resolves
 * paths; it reads no data file.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "alloc.h"
#include "error.h"
#include "fx.h"
#include "study.h"

/* The defaults of the estimation (run and moves alike; the run's window
 * ends before its event window, the moves' before the report date). */
enum {
	DEFAULT_EST_FROM = -250,
	DEFAULT_RUN_EST_TO = -11,
	DEFAULT_MOVES_EST_TO = -1,
	DEFAULT_MIN_EST = 120,
};

const char *di_model_name(di_model m)
{
	switch (m) {
	case DI_MODEL_MEAN: return "mean";
	case DI_MODEL_MARKET_ADJUSTED: return "market-adjusted";
	case DI_MODEL_MARKET: return "market";
	case DI_MODEL_FACTOR: return "factor";
	}
	return "?";
}

int di_model_k(const di_study *s)
{
	switch (s->model) {
	case DI_MODEL_MEAN: return 1;
	case DI_MODEL_MARKET_ADJUSTED: return 0;
	case DI_MODEL_MARKET: return 2;
	case DI_MODEL_FACTOR: return 2 + (int)s->factors.n;
	}
	return 0;
}

int di_study_new(di_study **out, di_command cmd)
{
	di_study *s = di_calloc(1, sizeof(*s));
	if (!s)
		return di_error_oom();
	s->cmd = cmd;
	s->model = DI_MODEL_MARKET;
	s->seed = 1;
	*out = s;
	return 0;
}

static void strlist_clear(di_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		di_free(l->v[i]);
	l->n = 0;
}

static void strlist_free(di_strlist *l)
{
	strlist_clear(l);
	di_free(l->v);
	l->v = NULL;
	l->cap = 0;
}

static int strlist_push(di_strlist *l, const char *s, size_t len)
{
	char *d;
	if (di_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(char *)))
		return DI_ENOMEM;
	d = di_strndup(s, len);
	if (!d)
		return di_error_oom();
	l->v[l->n++] = d;
	return 0;
}

void di_study_free(di_study *s)
{
	if (!s)
		return;
	di_free(s->study_file);
	strlist_free(&s->prices);
	strlist_free(&s->factors);
	strlist_free(&s->tickers);
	strlist_free(&s->controls);
	di_free(s->events);
	di_free(s->market);
	di_free(s->securities);
	di_free(s->out);
	di_free(s->reported);
	di_free(s->benchmark);
	di_free(s->benchmark_series);
	di_free(s->currency);
	di_free(s->car);
	di_free(s->inject);
	di_free(s);
}

/* Where a value came from, for messages: "FILE:LINE: key" or "--key". */
typedef struct origin {
	const char *file; /* NULL: command line */
	long line;
	int again;        /* the study file gave this list key before: append */
} origin;

static int usage(const origin *o, const char *key, const char *fmt, const char *value)
{
	char what[512];
	snprintf(what, sizeof(what), fmt, value ? value : "");
	if (o->file)
		return di_error_at(DI_EUSAGE, o->file, o->line, "%s: %s", key, what);
	return di_error_set(DI_EUSAGE, "--%s: %s", key, what);
}

/* A path from a study file is relative to the study file's folder. */
static char *resolve_path(const origin *o, const char *value)
{
	const char *slash;
	size_t dl, vl;
	char *p;
	if (!o->file || value[0] == '/' || !(slash = strrchr(o->file, '/')))
		return di_strdup(value);
	dl = (size_t)(slash - o->file);
	vl = strlen(value);
	p = di_malloc(dl + 1 + vl + 1);
	if (!p)
		return NULL;
	memcpy(p, o->file, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, value, vl + 1);
	return p;
}

static int set_path(char **dst, const origin *o, const char *value)
{
	char *p = resolve_path(o, value);
	if (!p)
		return di_error_oom();
	di_free(*dst);
	*dst = p;
	return 0;
}

static int set_string(char **dst, const char *value)
{
	char *p = di_strdup(value);
	if (!p)
		return di_error_oom();
	di_free(*dst);
	*dst = p;
	return 0;
}

/* Parse a whole decimal int, sign allowed. */
static int parse_int(const char *s, int *out)
{
	char *end;
	long v;
	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < INT_MIN / 4 || v > INT_MAX / 4)
		return -1;
	*out = (int)v;
	return 0;
}

/* "A:B" with integers, A <= B. */
static int parse_window(const char *s, di_window *w)
{
	char buf[64];
	const char *colon = strchr(s, ':');
	size_t n;
	if (!colon || strchr(colon + 1, ':'))
		return -1;
	n = (size_t)(colon - s);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_int(buf, &w->from) || parse_int(colon + 1, &w->to))
		return -1;
	return 0;
}

static int parse_bool(const char *v, int *out)
{
	if (!v || !strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	    !strcasecmp(v, "off")) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* Append the comma-separated items of value (blanks around items trimmed). */
static int push_items(di_strlist *l, const origin *o, const char *key, const char *value,
		      int paths)
{
	const char *p = value;
	for (;;) {
		const char *e = strchr(p, ',');
		const char *a = p, *b = e ? e : p + strlen(p);
		while (a < b && isspace((unsigned char)*a))
			a++;
		while (b > a && isspace((unsigned char)b[-1]))
			b--;
		if (a == b)
			return usage(o, key, "empty item in list '%s'", value);
		if (paths) {
			char *item = di_strndup(a, (size_t)(b - a));
			char *full;
			int rc;
			if (!item)
				return di_error_oom();
			full = resolve_path(o, item);
			di_free(item);
			if (!full)
				return di_error_oom();
			rc = strlist_push(l, full, strlen(full));
			di_free(full);
			if (rc)
				return rc;
		} else if (strlist_push(l, a, (size_t)(b - a))) {
			return DI_ENOMEM;
		}
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* A list key: the command line replaces the study file's list once, then
 * accumulates (repeatable options). */
static int set_list(di_strlist *l, const origin *o, const char *key, const char *value,
		    int paths)
{
	if (!o->file && !l->from_cli) {
		strlist_clear(l);
		l->from_cli = 1;
	} else if (o->file && !o->again) {
		strlist_clear(l);
	}
	return push_items(l, o, key, value, paths);
}

static int set_car(di_study *s, const origin *o, const char *key, const char *value)
{
	const char *p = value;
	if (!o->file && !s->car_from_cli) {
		s->ncar = 0;
		s->car_from_cli = 1;
	} else if (o->file && !o->again) {
		s->ncar = 0;
	}
	s->car_set = 1;
	for (;;) {
		char buf[64];
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		di_window w;
		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (!n)
			return usage(o, key, "empty item in list '%s'", value);
		if (n >= sizeof(buf))
			return usage(o, key, "expected A:B with integers, got '%s'", value);
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (parse_window(buf, &w))
			return usage(o, key, "expected A:B with integers, got '%s'", buf);
		if (w.from > w.to)
			return usage(o, key, "window '%s' is in the wrong order (A > B)", buf);
		if (di_grow((void **)&s->car, &s->car_cap, s->ncar + 1, sizeof(di_window)))
			return DI_ENOMEM;
		s->car[s->ncar++] = w;
		if (!e)
			return 0;
		p = e + 1;
	}
}

static int set_window(di_window *w, int *set, const origin *o, const char *key,
		      const char *value)
{
	if (parse_window(value, w))
		return usage(o, key, "expected A:B with integers, got '%s'", value);
	if (w->from > w->to)
		return usage(o, key, "window '%s' is in the wrong order (A > B)", value);
	*set = 1;
	return 0;
}

/* A whole non-negative decimal number up to max (no sign, no blanks). */
static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* --inject X1,X2,...: finite returns (fractions), in the order given. */
static int set_inject(di_study *s, const origin *o, const char *key, const char *value)
{
	const char *p = value;
	s->ninject = 0;
	for (;;) {
		char buf[64], *end;
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		double v;
		if (!n || n >= sizeof(buf))
			return usage(o, key, "expected returns separated by commas (0,0.01), got '%s'",
				     value);
		memcpy(buf, p, n);
		buf[n] = '\0';
		errno = 0;
		v = strtod(buf, &end);
		if (errno || *end || end == buf || isspace((unsigned char)buf[0]) || !isfinite(v) ||
		    fabs(v) >= 1)
			return usage(o, key, "expected a return between -1 and 1 (0.01 is 1%%), got '%s'",
				     buf);
		if (di_grow((void **)&s->inject, &s->inject_cap, s->ninject + 1, sizeof(double)))
			return DI_ENOMEM;
		s->inject[s->ninject++] = v;
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* A whole number from min to max for the placebo and simulate keys. */
static int count_value(const origin *o, const char *key, const char *value, unsigned long min,
		       unsigned long max, unsigned long *v)
{
	char fmt[96];
	if (!parse_count(value, max, v) && *v >= min)
		return 0;
	snprintf(fmt, sizeof(fmt), "expected a whole number from %lu to %lu, got '%%s'", min,
		 max);
	return usage(o, key, fmt, value);
}

/* One setter per key of the table below; each parses and checks its value. */
typedef int (*key_setter)(di_study *s, const origin *o, const char *key, const char *value);

static int set_prices(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_list(&s->prices, o, key, value, 1);
}

static int set_factor(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_list(&s->factors, o, key, value, 0);
}

static int set_tickers(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_list(&s->tickers, o, key, value, 0);
}

static int set_controls(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_list(&s->controls, o, key, value, 0);
}

static int set_events(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)key;
	return set_path(&s->events, o, value);
}

static int set_securities(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)key;
	return set_path(&s->securities, o, value);
}

static int set_out(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)key;
	return set_path(&s->out, o, value);
}

static int set_reported(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)key;
	return set_path(&s->reported, o, value);
}

static int set_market(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)o;
	(void)key;
	return set_string(&s->market, value);
}

static int set_benchmark(di_study *s, const origin *o, const char *key, const char *value)
{
	(void)o;
	(void)key;
	return set_string(&s->benchmark, value);
}

static int set_benchmark_series(di_study *s, const origin *o, const char *key,
				const char *value)
{
	(void)o;
	(void)key;
	return set_string(&s->benchmark_series, value);
}

/* --formats csv,text,svg,xlsx,html: any of them, at least one. */
static int set_formats(di_study *s, const origin *o, const char *key, const char *value)
{
	static const char *const name[] = {"csv", "text", "svg", "xlsx", "html"};
	const char *p = value;
	s->formats = 0;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p), i = 0;
		while (i < 5 && (strlen(name[i]) != n || strncmp(name[i], p, n)))
			i++;
		if (i == 5)
			return usage(o, key, "expected any of csv,text,svg,xlsx,html separated by "
					     "commas, got '%s'", value);
		s->formats |= 1u << i;
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* --currency: an ISO 4217 code (the study's returns are in whole units) */
static int set_currency(di_study *s, const origin *o, const char *key, const char *value)
{
	char iso[4];
	double unit;
	if (!di_currency_known(value, iso, &unit) || unit != 1.0)
		return usage(o, key, "expected an ISO 4217 currency code such as EUR, got '%s'",
			     value);
	return set_string(&s->currency, iso);
}

static int set_placebo(di_study *s, const origin *o, const char *key, const char *value)
{
	unsigned long v;
	int rc = count_value(o, key, value, 0, 1000000, &v);
	if (!rc) {
		s->placebo = (int)v;
		s->placebo_set = 1;
	}
	return rc;
}

static int set_seed(di_study *s, const origin *o, const char *key, const char *value)
{
	/* mt19937 takes a 32-bit seed */
	unsigned long v;
	int rc = count_value(o, key, value, 0, 4294967295UL, &v);
	if (!rc)
		s->seed = v;
	return rc;
}

static int set_jobs(di_study *s, const origin *o, const char *key, const char *value)
{
	/* more threads than 1024 help nobody */
	unsigned long v;
	int rc = count_value(o, key, value, 0, 1024, &v);
	if (!rc)
		s->jobs = (int)v;
	return rc;
}

static int set_trials(di_study *s, const origin *o, const char *key, const char *value)
{
	unsigned long v;
	int rc = count_value(o, key, value, 1, 1000000, &v);
	if (!rc)
		s->trials = (int)v;
	return rc;
}

static int set_clustered(di_study *s, const origin *o, const char *key, const char *value)
{
	s->clustered = !strcmp(value, "yes")	? DI_CLUSTERED_YES
		       : !strcmp(value, "no")	? DI_CLUSTERED_NO
		       : !strcmp(value, "both") ? DI_CLUSTERED_BOTH
						: 0;
	return s->clustered ? 0 : usage(o, key, "expected yes, no or both, got '%s'", value);
}

static int set_estimation(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_window(&s->est, &s->est_set, o, key, value);
}

static int set_event_window(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_window(&s->win, &s->win_set, o, key, value);
}

static int set_model(di_study *s, const origin *o, const char *key, const char *value)
{
	static const di_model models[] = {DI_MODEL_MEAN, DI_MODEL_MARKET_ADJUSTED,
					  DI_MODEL_MARKET, DI_MODEL_FACTOR};
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		if (!strcmp(value, di_model_name(models[i]))) {
			s->model = models[i];
			s->model_set = 1;
			return 0;
		}
	}
	return usage(o, key, "expected mean, market-adjusted, market or factor, got '%s'", value);
}

static int set_returns(di_study *s, const origin *o, const char *key, const char *value)
{
	if (!strcmp(value, "simple") || !strcmp(value, "log")) {
		s->log_returns = !strcmp(value, "log");
		return 0;
	}
	return usage(o, key, "expected simple or log, got '%s'", value);
}

static int set_min_estimation(di_study *s, const origin *o, const char *key,
			      const char *value)
{
	if (parse_int(value, &s->min_est) || s->min_est < 1)
		return usage(o, key, "expected a positive whole number, got '%s'", value);
	s->min_est_set = 1;
	return 0;
}

static int set_date_format(di_study *s, const origin *o, const char *key, const char *value)
{
	if (di_date_fmt_parse(value, &s->date_fmt))
		return usage(o, key, "expected %%Y-%%m-%%d, %%d/%%m/%%Y, %%d.%%m.%%Y or "
				     "%%m/%%d/%%Y, got '%s'", value);
	return 0;
}

static int set_csv_dialect(di_study *s, const origin *o, const char *key, const char *value)
{
	if (!strcmp(value, "rfc4180"))
		s->dialect = DI_DIALECT_RFC4180;
	else if (!strcmp(value, "excel-eu"))
		s->dialect = DI_DIALECT_EXCEL_EU;
	else
		return usage(o, key, "expected rfc4180 or excel-eu, got '%s'", value);
	return 0;
}

/* A flag: no value on the command line, true or false in a study file. */
static int set_flag(int *flag, const origin *o, const char *key, const char *value)
{
	if (parse_bool(value, flag))
		return usage(o, key, "expected true or false, got '%s'", value);
	return 0;
}

static int set_bom(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_flag(&s->bom, o, key, value);
}

static int set_quiet(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_flag(&s->quiet, o, key, value);
}

static int set_clean_estimation(di_study *s, const origin *o, const char *key,
				const char *value)
{
	return set_flag(&s->clean_estimation, o, key, value);
}

static int set_timestamp(di_study *s, const origin *o, const char *key, const char *value)
{
	return set_flag(&s->timestamp, o, key, value);
}

/* The commands a key belongs to: simulate takes run's keys and its own. */
enum { FOR_RUN = 1, FOR_MOVES = 2, FOR_SIM = 4, FOR_RUNS = FOR_RUN | FOR_SIM };

/* Every key of every command: its name (the long option), whether it takes
 * a value, its commands, whether a study file may repeat it (a list: its
 * items add up), and its setter. */
typedef struct key_spec {
	const char *name;
	int takes_value;
	int cmds;
	int list;
	key_setter set;
} key_spec;

static const key_spec keys[] = {
	{"prices", 1, FOR_RUNS | FOR_MOVES, 1, set_prices},
	{"events", 1, FOR_RUNS | FOR_MOVES, 0, set_events},
	{"market", 1, FOR_RUNS | FOR_MOVES, 0, set_market},
	{"factor", 1, FOR_RUNS, 1, set_factor},
	{"securities", 1, FOR_RUNS | FOR_MOVES, 0, set_securities},
	{"model", 1, FOR_RUNS, 0, set_model},
	{"returns", 1, FOR_RUNS, 0, set_returns},
	{"estimation", 1, FOR_RUNS | FOR_MOVES, 0, set_estimation},
	{"event-window", 1, FOR_RUNS, 0, set_event_window},
	{"car", 1, FOR_RUNS, 1, set_car},
	{"min-estimation", 1, FOR_RUNS | FOR_MOVES, 0, set_min_estimation},
	{"tickers", 1, FOR_RUNS, 1, set_tickers},
	{"controls", 1, FOR_RUNS, 1, set_controls},
	{"out", 1, FOR_RUNS | FOR_MOVES, 0, set_out},
	{"csv-dialect", 1, FOR_RUNS | FOR_MOVES, 0, set_csv_dialect},
	{"date-format", 1, FOR_RUNS | FOR_MOVES, 0, set_date_format},
	{"bom", 0, FOR_RUNS | FOR_MOVES, 0, set_bom},
	{"quiet", 0, FOR_RUNS | FOR_MOVES, 0, set_quiet},
	{"clean-estimation", 0, FOR_RUNS, 0, set_clean_estimation},
	{"timestamp", 0, FOR_RUNS | FOR_MOVES, 0, set_timestamp},
	{"reported", 1, FOR_MOVES, 0, set_reported},
	{"benchmark", 1, FOR_MOVES, 0, set_benchmark},
	{"benchmark-series", 1, FOR_MOVES, 0, set_benchmark_series},
	{"placebo", 1, FOR_RUNS, 0, set_placebo},
	{"formats", 1, FOR_RUNS, 0, set_formats},
	{"currency", 1, FOR_RUNS | FOR_MOVES, 0, set_currency},
	{"seed", 1, FOR_RUNS, 0, set_seed},
	{"jobs", 1, FOR_RUNS, 0, set_jobs},
	{"trials", 1, FOR_SIM, 0, set_trials},
	{"inject", 1, FOR_SIM, 0, set_inject},
	{"clustered", 1, FOR_SIM, 0, set_clustered},
};

static int cmd_bit(di_command cmd)
{
	return cmd == DI_CMD_MOVES ? FOR_MOVES : cmd == DI_CMD_SIMULATE ? FOR_SIM : FOR_RUN;
}

/* The key's spelling in the table: "_" read as "-", case folded. Returns
 * the normalised key in buf (truncated: a too long key is unknown). */
static const char *normalise_key(const char *key, char *buf, size_t size)
{
	size_t n = strlen(key);
	if (n >= size)
		n = size - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = key[i] == '_' ? '-' : (char)tolower((unsigned char)key[i]);
	buf[n] = '\0';
	return buf;
}

static const key_spec *find_key(di_command cmd, const char *key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((keys[i].cmds & cmd_bit(cmd)) && !strcmp(keys[i].name, key))
			return &keys[i];
	return NULL;
}

int di_study_key_kind(di_command cmd, const char *key)
{
	const key_spec *k = find_key(cmd, key);
	return k ? k->takes_value : -1;
}

/* The one way in for a value, from a study file or the command line. */
static int set_key(di_study *s, const origin *o, const char *key0, const char *value)
{
	char buf[64];
	const char *key = normalise_key(key0, buf, sizeof(buf));
	const key_spec *spec = find_key(s->cmd, key);
	if (!spec) {
		if (o->file)
			return di_error_at(DI_EUSAGE, o->file, o->line, "unknown key '%s'", key0);
		return di_error_set(DI_EUSAGE, "unknown option '--%s'", key0);
	}
	if (spec->takes_value && (!value || !*value))
		return usage(o, key, "a value is required%s", NULL);
	return spec->set(s, o, key, value);
}

int di_study_set(di_study *s, const char *key, const char *value)
{
	origin o = {NULL, 0, 0};
	return set_key(s, &o, key, value);
}

/* inih hands us lines through this reader so that we know each key's line. */
typedef struct ini_ctx {
	di_study *s;
	FILE *f;
	const char *path;
	long line;
	int rc;
	int in_section; /* 1 in our section, 0 before any */
	char seen[32][24]; /* keys given so far (normalised) */
	size_t nseen;
} ini_ctx;

static char *study_ini_reader(char *str, int num, void *stream)
{
	ini_ctx *c = stream;
	char *r = fgets(str, num, c->f);
	size_t n;
	if (!r)
		return NULL;
	c->line++;
	/* inih reads a line in chunks of its buffer and takes the rest of a
	 * long line for a new line: a long comment could set a key. Refuse. */
	n = strlen(r);
	if (n == (size_t)num - 1 && r[n - 1] != '\n' && !feof(c->f)) {
		if (!c->rc)
			c->rc = di_error_at(DI_EUSAGE, c->path, c->line,
					    "line longer than %d characters (give a long list "
					    "on several lines, repeating the key)",
					    num - 2);
		return NULL;
	}
	return r;
}

static int study_ini_handler(void *user, const char *section, const char *name, const char *value)
{
	ini_ctx *c = user;
	origin o = {c->path, c->line, 0};
	const char *want = c->s->cmd == DI_CMD_MOVES ? "moves" : "study";
	if (c->rc)
		return 1; /* keep the first error only */
	if (strcmp(section, want) != 0) {
		c->rc = di_error_at(DI_EUSAGE, c->path, c->line,
				    section[0] ? "unknown section [%s] (expected [%s])"
					       : "key outside a section%s (expected [%s])",
				    section[0] ? section : "", want);
		return 1;
	}
	{
		/* a list key may be repeated (its items add up), any other key
		 * may not: a continuation line or a second "model =" would
		 * silently replace the first */
		char key[24];
		const key_spec *spec = find_key(c->s->cmd, normalise_key(name, key, sizeof(key)));
		int list = spec && spec->list;
		size_t i;
		for (i = 0; i < c->nseen; i++)
			if (!strcmp(c->seen[i], key))
				break;
		if (i < c->nseen) {
			if (!list) {
				c->rc = di_error_at(DI_EUSAGE, c->path, c->line,
						    "key '%s' given twice (or continued on an "
						    "indented line)",
						    name);
				return 1;
			}
			o.again = 1;
		} else if (c->nseen < sizeof(c->seen) / sizeof(c->seen[0])) {
			strcpy(c->seen[c->nseen++], key);
		}
	}
	c->rc = set_key(c->s, &o, name, value);
	return 1;
}

static int load_ini_stream(di_study *s, const char *path, FILE *f);

int di_study_load_ini(di_study *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return di_error_at(DI_EIO, path, 0, "cannot open study file: %s", DI_STRERROR(errno));
	return load_ini_stream(s, path, f);
}

int di_study_load_ini_mem(di_study *s, const char *name, const char *data, size_t len)
{
	/* fmemopen refuses a size of 0: an empty file reads as one blank line */
	FILE *f = len ? fmemopen((void *)data, len, "r") : fmemopen("\n", 1, "r");
	if (!f)
		return di_error_oom();
	return load_ini_stream(s, name, f);
}

/* Read and close f, the study file path. */
static int load_ini_stream(di_study *s, const char *path, FILE *f)
{
	ini_ctx c = {.s = s, .path = path, .f = f};
	int r;
	{
		/* fopen succeeds on a directory; reading it fails with EISDIR */
		int ch = fgetc(c.f);
		if (ch == EOF && ferror(c.f)) {
			fclose(c.f);
			return di_error_at(DI_EIO, path, 0, "cannot read study file: %s",
					   DI_STRERROR(errno));
		}
		if (ch != EOF)
			ungetc(ch, c.f);
	}
	di_free(s->study_file);
	s->study_file = di_strdup(path);
	if (!s->study_file) {
		fclose(c.f);
		return di_error_oom();
	}
	r = ini_parse_stream(study_ini_reader, &c, study_ini_handler, &c);
	fclose(c.f);
	if (c.rc)
		return c.rc;
	if (r > 0)
		return di_error_at(DI_EUSAGE, path, r, "malformed line (expected key = value or [section])");
	if (r < 0)
		return di_error_at(DI_EIO, path, 0, "cannot read study file");
	return 0;
}

static int windows_overlap(di_window a, di_window b)
{
	return a.from <= b.to && b.from <= a.to;
}

static char *default_out(const di_study *s)
{
	const char *base, *dot;
	const char *suffix = s->cmd == DI_CMD_SIMULATE ? "-simulate" : "";
	size_t n, ns = strlen(suffix);
	char *p;
	base = strrchr(s->study_file, '/');
	base = base ? base + 1 : s->study_file;
	dot = strrchr(base, '.');
	n = dot && !strcmp(dot, ".ini") ? (size_t)(dot - base) : strlen(base);
	p = di_malloc(8 + n + ns + 1);
	if (!p)
		return NULL;
	memcpy(p, "reports/", 8);
	memcpy(p + 8, base, n);
	memcpy(p + 8 + n, suffix, ns + 1);
	return p;
}

/* simulate's defaults: 1000 trials, inject 0,0.005,0.01,0.02, both
 * clusterings, no placebo (it multiplies the cost by M). */
static int finish_simulate(di_study *s)
{
	static const double inj[] = {0, 0.005, 0.01, 0.02};
	if (!s->trials)
		s->trials = 1000;
	if (!s->clustered)
		s->clustered = DI_CLUSTERED_BOTH;
	if (!s->ninject) {
		if (di_grow((void **)&s->inject, &s->inject_cap, 4, sizeof(double)))
			return DI_ENOMEM;
		memcpy(s->inject, inj, sizeof(inj));
		s->ninject = 4;
	}
	return 0;
}

static int finish_run(di_study *s)
{
	static const di_window defaults[] = {{0, 0}, {0, 1}, {-1, 1}, {-5, 5}, {-10, 10}};
	int k, kmin;
	if (!s->est_set)
		s->est = (di_window){DEFAULT_EST_FROM, DEFAULT_RUN_EST_TO};
	if (!s->win_set)
		s->win = (di_window){-10, 10};
	if (windows_overlap(s->est, s->win))
		return di_error_set(DI_EUSAGE,
				    "the estimation window %d:%d overlaps the event window %d:%d",
				    s->est.from, s->est.to, s->win.from, s->win.to);
	if (!s->car_set) {
		for (size_t i = 0; i < 5; i++) {
			if (defaults[i].from < s->win.from || defaults[i].to > s->win.to)
				continue; /* default windows outside the event window are dropped */
			if (di_grow((void **)&s->car, &s->car_cap, s->ncar + 1, sizeof(di_window)))
				return DI_ENOMEM;
			s->car[s->ncar++] = defaults[i];
		}
	} else {
		for (size_t i = 0; i < s->ncar; i++)
			if (s->car[i].from < s->win.from || s->car[i].to > s->win.to)
				return di_error_set(DI_EUSAGE,
						    "--car %d:%d lies outside the event window %d:%d",
						    s->car[i].from, s->car[i].to, s->win.from,
						    s->win.to);
	}
	if (s->factors.n && !s->model_set)
		s->model = DI_MODEL_FACTOR;
	if (s->model == DI_MODEL_FACTOR && !s->factors.n)
		return di_error_set(DI_EUSAGE, "model factor needs at least one --factor");
	if (s->model != DI_MODEL_FACTOR && s->factors.n)
		return di_error_set(DI_EUSAGE, "--factor needs --model factor (model is %s)",
				    di_model_name(s->model));
	if (s->model != DI_MODEL_MEAN && !s->market)
		return di_error_set(DI_EUSAGE, "model %s needs --market", di_model_name(s->model));
	if (!s->events && !s->mem_events)
		return di_error_set(DI_EUSAGE, "no events file: give --events or events = in the study file");
	if (!s->placebo_set && s->cmd == DI_CMD_RUN)
		s->placebo = 1000;
	if (!s->formats)
		s->formats = DI_FMT_ALL;
	if (s->cmd == DI_CMD_SIMULATE && finish_simulate(s))
		return DI_ENOMEM;
	k = di_model_k(s);
	kmin = k + 3 > 4 ? k + 3 : 4;
	if (!s->min_est_set)
		s->min_est = DEFAULT_MIN_EST;
	if (s->min_est < kmin)
		return di_error_set(DI_EUSAGE,
				    "--min-estimation %d is below %d (k + 3 for model %s, and at least 4)",
				    s->min_est, kmin, di_model_name(s->model));
	/* fewer days than returns required: every security would be
	 * excluded, so say it now, as the usage error it is */
	if (s->est.to - s->est.from + 1 < s->min_est)
		return di_error_set(DI_EUSAGE,
				    "the estimation window %d:%d has %d days, fewer than the %d usable "
				    "returns --min-estimation requires",
				    s->est.from, s->est.to, s->est.to - s->est.from + 1, s->min_est);
	return 0;
}

static int finish_moves(di_study *s)
{
	if (!s->est_set)
		s->est = (di_window){DEFAULT_EST_FROM, DEFAULT_MOVES_EST_TO};
	if (s->est.to >= 0)
		return di_error_set(DI_EUSAGE,
				    "the estimation window %d:%d must end before the report date (B < 0)",
				    s->est.from, s->est.to);
	if (!s->reported && !s->mem_reported)
		return di_error_set(DI_EUSAGE, "no reported-moves file: give --reported or reported = in the study file");
	if (s->reported && s->mem_reported)
		return di_error_set(DI_EUSAGE,
				    "reported moves given both as a file (--reported) and in memory");
	if (!s->benchmark)
		return di_error_set(DI_EUSAGE, "no benchmark: give --benchmark TICKER (the reported row of the sector index)");
	if (!s->benchmark_series && set_string(&s->benchmark_series, s->benchmark))
		return DI_ENOMEM;
	if (!s->min_est_set)
		s->min_est = DEFAULT_MIN_EST;
	/* the market model (k = 2), or with --market the factor model on the
	 * market and the benchmark (k = 3): at least k + 3 (pinned detail 9) */
	if (s->min_est < (s->market ? 6 : 5))
		return di_error_set(DI_EUSAGE,
				    "--min-estimation %d is below %d (k + 3 for the %s)", s->min_est,
				    s->market ? 6 : 5,
				    s->market ? "factor model on --market and the benchmark"
					      : "market model on the benchmark");
	return 0;
}

int di_study_finish(di_study *s)
{
	int rc;
	if (s->finished)
		return 0;
	if (!s->prices.n && !s->mem_prices)
		return di_error_set(DI_EUSAGE, "no price data: give --prices or prices = in the study file");
	if (s->prices.n && s->mem_prices)
		return di_error_set(DI_EUSAGE, "prices given both as files (--prices) and in memory");
	if (s->events && s->mem_events)
		return di_error_set(DI_EUSAGE, "events given both as a file (--events) and in memory");
	if (s->securities && s->mem_securities)
		return di_error_set(DI_EUSAGE,
				    "securities given both as a file (--securities) and in memory");
	rc = s->cmd == DI_CMD_MOVES ? finish_moves(s) : finish_run(s);
	if (rc)
		return rc;
	/* with every required input in memory no path says where a report
	 * would go: the caller gives the folder to the writer */
	if (!s->out && !(s->mem_prices && (s->cmd == DI_CMD_MOVES ? s->mem_reported != NULL
								: s->mem_events != NULL))) {
		if (!s->study_file)
			return di_error_set(DI_EUSAGE, "--out is required without a study file");
		s->out = default_out(s);
		if (!s->out)
			return di_error_oom();
	}
	s->finished = 1;
	return 0;
}

const char *di_study_out(const di_study *s)
{
	return s->out;
}

int di_study_jobs(const di_study *s)
{
	long n;
	if (s->jobs > 0)
		return s->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

void di_study_set_warning_handler(di_study *s, di_warning_fn fn, void *payload)
{
	s->warn_fn = fn;
	s->warn_payload = payload;
}

int di_study_quiet(const di_study *s)
{
	return s->quiet;
}

static int use_data(di_study *s, const char *what)
{
	if (s->finished)
		return di_error_set(DI_EUSAGE, "di_study_use_%s: the study is finished", what);
	return 0;
}

int di_study_use_prices(di_study *s, const di_prices *prices)
{
	int rc = use_data(s, "prices");
	if (rc == 0)
		s->mem_prices = prices;
	return rc;
}

int di_study_use_events(di_study *s, const di_events *events)
{
	int rc = use_data(s, "events");
	if (rc == 0)
		s->mem_events = events;
	return rc;
}

int di_study_use_reported(di_study *s, const di_reported *reported)
{
	int rc = use_data(s, "reported");
	if (rc == 0 && s->cmd != DI_CMD_MOVES)
		rc = di_error_set(DI_EUSAGE, "di_study_use_reported: only a moves study reads reported moves");
	if (rc == 0)
		s->mem_reported = reported;
	return rc;
}

int di_study_use_securities(di_study *s, const di_securities *securities)
{
	int rc = use_data(s, "securities");
	if (rc == 0)
		s->mem_securities = securities;
	return rc;
}
