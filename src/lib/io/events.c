/*
 * events.c - the three small input tables: events, securities and
 * reported moves. They share one way of reading a header (named columns,
 * any order, unknown ones ignored) and of checking text (trimmed, UTF-8).
 *
 * Each file is checked on its own here. Whether a ticker exists in the
 * prices, or an event falls inside the data, is the run's business: this
 * module must not look at prices.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "csvread.h"
#include "datecol.h"
#include "error.h"
#include "events.h"
#include "fx.h"
#include "session.h"
#include "tz.h"
#include "numfmt.h"
#include "util.h"

#define NONE SIZE_MAX
#define SHOW 64 /* how much of a bad cell a message quotes */

/* ---- shared helpers --------------------------------------------------- */

static int clip(size_t n)
{
	return n > SHOW ? SHOW : (int)n;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
 * Names end up in reports that other tools read as UTF-8; a Latin-1 file
 * is better refused here than half-printed there. */
static int utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp;
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0; /* continuation byte, C0/C1 overlong, > F4 */
		}
		if (n - i - 1 < k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
			return 0;
		if (k == 3 && (cp < 0x10000 || cp > 0x10FFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* One named column of a table; idx is NONE when the file lacks it. */
typedef struct col_spec {
	const char *name;
	int required;
	size_t idx;
} col_spec;

/* Map the header onto spec[]. expected is the layout for the message of
 * a missing column, e.g. "id,date,label[,type][,tickers]". */
static int map_header(const char *path, long line, size_t nf,
		      char *const *f, const size_t *l, col_spec *spec,
		      size_t nspec, const char *expected)
{
	for (size_t i = 0; i < nf; i++) {
		const char *a = f[i];
		size_t an = l[i];
		if (!utf8_valid(a, an))
			return di_error_at(DI_EDATA, path, line,
					   "invalid UTF-8 in the header");
		di_trim(&a, &an);
		for (size_t j = 0; an && j < i; j++) {
			const char *b = f[j];
			size_t bn = l[j];
			di_trim(&b, &bn);
			if (an == bn && strncasecmp(a, b, an) == 0)
				return di_error_at(DI_EDATA, path, line,
						   "duplicate column '%.*s' in "
						   "the header", clip(an), a);
		}
	}
	for (size_t k = 0; k < nspec; k++) {
		size_t want = strlen(spec[k].name);
		spec[k].idx = NONE;
		for (size_t i = 0; i < nf && spec[k].idx == NONE; i++) {
			const char *a = f[i];
			size_t an = l[i];
			di_trim(&a, &an);
			if (an == want && strncasecmp(a, spec[k].name, an) == 0)
				spec[k].idx = i;
		}
		if (spec[k].required && spec[k].idx == NONE)
			return di_error_at(DI_EDATA, path, line,
					   "missing column '%s' (expected %s)",
					   spec[k].name, expected);
	}
	return 0;
}

static int check_width(const char *path, long line, size_t nf, size_t want)
{
	if (nf != want)
		return di_error_at(DI_EDATA, path, line,
				   "expected %zu fields (as in the header), "
				   "found %zu", want, nf);
	return 0;
}

/* The trimmed cell of column col ("" when the file has no such column),
 * checked for UTF-8; what names the column in the message. */
static int cell(const char *path, long line, char *const *f,
		const size_t *l, size_t col, const char *what,
		const char **s, size_t *n)
{
	*s = "";
	*n = 0;
	if (col == NONE)
		return 0;
	if (!utf8_valid(f[col], l[col]))
		return di_error_at(DI_EDATA, path, line,
				   "invalid UTF-8 in %s", what);
	*s = f[col];
	*n = l[col];
	di_trim(s, n);
	return 0;
}

static int dup_text(const char *s, size_t n, char **out)
{
	*out = di_strndup(s, n);
	return *out ? 0 : di_error_oom();
}

/* A non-ISO date in an events file without a given format stops the read:
 * the file's format is settled from all its dates, then it is read again
 * (as for price files). */
#define NEED_DATE_FORMAT (-100)

/* fmt: the format of the column (AUTO until settled); settled: no more
 * settling. */
static int read_date(const char *path, long line, const char *what,
		     const char *s, size_t n, di_date_fmt fmt, int settled,
		     di_date *out)
{
	int rc = di_date_parse_as(s, n, fmt, out);
	if (rc == -1 && !settled && di_date_fits(s, n))
		return NEED_DATE_FORMAT;
	if (rc == -2)
		return di_error_at(DI_EDATA, path, line,
				   "impossible %s '%.*s'", what, clip(n), s);
	if (rc < 0 && fmt > DI_DATE_ISO)
		return di_error_at(DI_EDATA, path, line,
				   "unreadable %s '%.*s' (expected "
				   "YYYY-MM-DD or %s)", what, clip(n), s,
				   di_date_fmt_name(fmt));
	if (rc < 0)
		return di_error_at(DI_EDATA, path, line,
				   "unreadable %s '%.*s' (expected "
				   "YYYY-MM-DD)", what, clip(n), s);
	return 0;
}

/* ---- events ----------------------------------------------------------- */

enum { EV_ID, EV_DATE, EV_LABEL, EV_TYPE, EV_TICKERS, EV_SIGN, EV_TIME, EV_TZ, EV_NCOLS };

typedef struct ev_ctx {
	di_events *ev;
	col_spec col[EV_NCOLS];
	size_t ncols;
	int have_header;
	long header_line;
	di_date_fmt fmt;
	int settled;
} ev_ctx;

static void event_clear(di_event *e)
{
	di_free(e->id);
	di_free(e->label);
	di_free(e->type);
	di_free(e->tz);
	for (size_t i = 0; i < e->ntickers; i++)
		di_free(e->tickers[i]);
	di_free(e->tickers);
	memset(e, 0, sizeof(*e));
}

/* expected_sign: 1, +1 or -1; an empty cell (or no column) is 0, "not
 * given". Anything else would silently flip or keep a sign, so it is an
 * error. */
static int read_sign(const char *path, long line, const char *s, size_t n,
		     int *out)
{
	*out = 0;
	if (!n)
		return 0;
	if ((n == 1 && s[0] == '1') || (n == 2 && !memcmp(s, "+1", 2)))
		*out = 1;
	else if (n == 2 && !memcmp(s, "-1", 2))
		*out = -1;
	else
		return di_error_at(DI_EDATA, path, line,
				   "expected_sign '%.*s' (expected +1, 1 or "
				   "-1, or an empty cell)", clip(n), s);
	return 0;
}

/* time and tz: both or neither; HH:MM and a zone of the tz database. */
static int read_time(const char *path, long line, const char *t, size_t tn, const char *z,
		     size_t zn, di_event *e)
{
	char zone[160];
	di_tz *tz;
	int rc;
	e->time = -1;
	if (!tn && !zn)
		return dup_text("", 0, &e->tz);
	if (!zn)
		return di_error_at(DI_EDATA, path, line,
				   "time '%.*s' without a tz (give the IANA zone of the time, "
				   "e.g. Europe/Berlin)", clip(tn), t);
	if (!tn)
		return di_error_at(DI_EDATA, path, line, "tz '%.*s' without a time", clip(zn), z);
	if ((e->time = di_parse_hhmm(t, tn)) < 0)
		return di_error_at(DI_EDATA, path, line, "unreadable time '%.*s' (expected HH:MM)",
				   clip(tn), t);
	snprintf(zone, sizeof(zone), "%.*s", clip(zn), z);
	rc = zn < sizeof(zone) ? di_tz_load(&tz, zone) : -1;
	if (rc == -1)
		return di_error_at(DI_EDATA, path, line,
				   "unknown time zone '%.*s' (expected an IANA zone of the tz "
				   "database, e.g. America/New_York)",
				   clip(zn), z);
	if (rc < 0)
		return rc;
	di_tz_free(tz);
	return dup_text(z, zn, &e->tz);
}

/* Tickers are separated by spaces, as the contract says, and also by the
 * commas (or semicolons) that people type in a quoted cell: no ticker
 * contains either. */
static int is_ticker_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == ';';
}

/* "RHM.DE  BA.L" or "RHM.DE, BA.L" -> {"RHM.DE", "BA.L"}; an empty list
 * means all. */
static int split_tickers(const char *path, long line, const char *s,
			 size_t n, di_event *e)
{
	size_t cap = 0, i = 0;

	while (i < n) {
		size_t a, b;
		while (i < n && is_ticker_sep(s[i]))
			i++;
		if (i == n)
			break;
		a = i;
		while (i < n && !is_ticker_sep(s[i]))
			i++;
		b = i;
		for (size_t k = 0; k < e->ntickers; k++)
			if (strlen(e->tickers[k]) == b - a &&
			    memcmp(e->tickers[k], s + a, b - a) == 0)
				return di_error_at(DI_EDATA, path, line,
						   "ticker '%.*s' listed twice "
						   "in tickers", clip(b - a),
						   s + a);
		if (di_grow((void **)&e->tickers, &cap, e->ntickers + 1,
			    sizeof(*e->tickers)) < 0)
			return DI_ENOMEM;
		e->tickers[e->ntickers] = di_strndup(s + a, b - a);
		if (!e->tickers[e->ntickers])
			return di_error_oom();
		e->ntickers++;
	}
	return 0;
}

/* The columns of an events file, in the order of EV_*. */
static const char *const ev_names[EV_NCOLS] = {"id",	   "date",	    "label", "type",
					       "tickers", "expected_sign", "time",  "tz"};
static const int ev_required[EV_NCOLS] = {1, 1, 1, 0, 0, 0, 0, 0};

const char *const *di_events_columns(size_t *n)
{
	*n = EV_NCOLS;
	return ev_names;
}

/* Add one event from its raw cells (v[k] of vn[k] bytes, indexed by EV_*;
 * "" for an absent column), for the file and the builder alike: path and
 * line name it in messages. */
static int ev_add(di_events *ev, const char *path, long line, const char *const *v,
		  const size_t *vn, di_date_fmt fmt, int settled)
{
	const char *x[EV_NCOLS];
	size_t xn[EV_NCOLS];
	di_event e;
	int rc = 0;

	memset(&e, 0, sizeof(e));
	for (int k = 0; k < EV_NCOLS && rc == 0; k++)
		rc = cell(path, line, (char *const *)v, vn, (size_t)k, ev_names[k], &x[k], &xn[k]);
	if (rc == 0)
		rc = read_sign(path, line, x[EV_SIGN], xn[EV_SIGN], &e.expected_sign);
	if (rc < 0)
		return rc;
	if (!xn[EV_ID])
		return di_error_at(DI_EDATA, path, line, "empty id");
	for (size_t i = 0; i < ev->n; i++)
		if (strlen(ev->e[i].id) == xn[EV_ID] && memcmp(ev->e[i].id, x[EV_ID], xn[EV_ID]) == 0)
			return di_error_at(DI_EDATA, path, line,
					   "duplicate id '%.*s' (first at line %ld)",
					   clip(xn[EV_ID]), x[EV_ID], ev->e[i].line);
	rc = read_date(path, line, "date", x[EV_DATE], xn[EV_DATE], fmt, settled, &e.date);
	if (rc < 0)
		return rc;

	e.line = line;
	rc = read_time(path, line, x[EV_TIME], xn[EV_TIME], x[EV_TZ], xn[EV_TZ], &e);
	if (rc == 0)
		rc = dup_text(x[EV_ID], xn[EV_ID], &e.id);
	if (rc == 0)
		rc = dup_text(x[EV_LABEL], xn[EV_LABEL], &e.label);
	if (rc == 0)
		rc = dup_text(x[EV_TYPE], xn[EV_TYPE], &e.type);
	if (rc == 0)
		rc = split_tickers(path, line, x[EV_TICKERS], xn[EV_TICKERS], &e);
	if (rc == 0 && di_grow((void **)&ev->e, &ev->cap, ev->n + 1, sizeof(*ev->e)) < 0)
		rc = DI_ENOMEM;
	if (rc < 0) {
		event_clear(&e);
		return rc;
	}
	ev->e[ev->n++] = e;
	return 0;
}

/* A row of the file: its cells in EV_* order, then ev_add. */
static int ev_row(ev_ctx *c, long line, char *const *f, const size_t *l)
{
	const char *v[EV_NCOLS];
	size_t vn[EV_NCOLS];
	for (int k = 0; k < EV_NCOLS; k++) {
		size_t i = c->col[k].idx;
		v[k] = i == NONE ? "" : f[i];
		vn[k] = i == NONE ? 0 : l[i];
	}
	return ev_add(c->ev, c->ev->file, line, v, vn, c->fmt, c->settled);
}

static int ev_record(void *payload, long line, size_t nf, char *const *f,
		     const size_t *l)
{
	ev_ctx *c = payload;
	int rc;

	if (!c->have_header) {
		c->have_header = 1;
		c->header_line = line;
		c->ncols = nf;
		return map_header(c->ev->file, line, nf, f, l, c->col,
				  EV_NCOLS, "id,date,label[,type][,tickers][,expected_sign][,time,tz]");
	}
	rc = check_width(c->ev->file, line, nf, c->ncols);
	if (rc < 0)
		return rc;
	return ev_row(c, line, f, l);
}

/* Read src with dates in fmt; *date_col: the date column, for settling. */
static int load_events(di_events **out, const di_csv_src *src, di_date_fmt fmt,
		       int settled, size_t *date_col)
{
	const char *path = src->name;
	ev_ctx c = {0};
	int rc;

	c.fmt = fmt;
	c.settled = settled;
	*out = NULL;
	for (int k = 0; k < EV_NCOLS; k++)
		c.col[k] = (col_spec){ev_names[k], ev_required[k], NONE};
	c.ev = di_calloc(1, sizeof(*c.ev));
	if (!c.ev)
		return di_error_oom();
	c.ev->file = di_strdup(path);
	if (!c.ev->file) {
		rc = di_error_oom();
		goto fail;
	}
	rc = di_csv_read_src(src, NULL, ev_record, &c);
	*date_col = c.col[EV_DATE].idx;
	if (rc < 0)
		goto fail;
	if (!c.ev->n) {
		rc = di_error_at(DI_EDATA, path, c.header_line, "no events");
		goto fail;
	}
	*out = c.ev;
	return 0;
fail:
	di_events_free(c.ev);
	return rc;
}

int di_events_load_src(di_events **out, const di_csv_src *src, di_date_fmt fmt)
{
	size_t col;
	int rc = load_events(out, src, fmt, fmt != DI_DATE_AUTO, &col);
	if (rc != NEED_DATE_FORMAT)
		return rc;
	rc = di_date_settle_src(src, col, &fmt);
	if (rc < 0)
		return rc;
	return load_events(out, src, fmt, 1, &col);
}

int di_events_load_fmt(di_events **out, const char *path, di_date_fmt fmt)
{
	di_csv_src src = {path, NULL, 0};
	return di_events_load_src(out, &src, fmt);
}

int di_events_load(di_events **out, const char *path)
{
	return di_events_load_fmt(out, path, DI_DATE_AUTO);
}

void di_events_free(di_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n; i++)
		event_clear(&ev->e[i]);
	di_free(ev->e);
	di_free(ev->file);
	di_free(ev);
}

/* ---- events in memory -------------------------------------------------- */

/* In-memory events are named so in messages, with their 1-based index. */
#define MEM_EVENTS "<events>"

int di_events_new(di_events **out)
{
	di_events *ev = di_calloc(1, sizeof(*ev));
	*out = NULL;
	if (!ev || !(ev->file = di_strdup(MEM_EVENTS))) {
		di_free(ev);
		return di_error_oom();
	}
	*out = ev;
	return 0;
}

/* "id, date, label ... or tz": the names of a builder's columns. */
static void names_list(const char *const *names, int ncols, char *buf, size_t sz)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int k = 0; k < ncols && len < sz; k++) {
		const char *sep = k == 0 ? "" : k == ncols - 1 ? " or " : ", ";
		int w = snprintf(buf + len, sz - len, "%s%s", sep, names[k]);
		len += w > 0 ? (size_t)w : 0;
	}
}

/*
 * A row given to a builder as column names and values (data.h): each
 * value into v/vn at its column's place, "" for a column not given. The
 * errors of a file's header: an unknown or repeated name, a required one
 * missing (DI_EUSAGE, at the row's 1-based position).
 */
static int named_cells(const char *file, long line, const char *const *names,
		       const int *required, int ncols, const char *const *columns,
		       const char *const *values, size_t n, const char **v, size_t *vn)
{
	int seen[16] = {0};
	char expected[200];
	for (int k = 0; k < ncols; k++) {
		v[k] = "";
		vn[k] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		int k = 0;
		while (k < ncols && !(columns[i] && strcasecmp(columns[i], names[k]) == 0))
			k++;
		if (k == ncols) {
			names_list(names, ncols, expected, sizeof(expected));
			return di_error_at(DI_EUSAGE, file, line, "unknown column '%.*s' (expected %s)",
					   clip(columns[i] ? strlen(columns[i]) : 0),
					   columns[i] ? columns[i] : "", expected);
		}
		if (seen[k]++)
			return di_error_at(DI_EUSAGE, file, line, "column '%s' given twice", names[k]);
		v[k] = values[i] ? values[i] : "";
		vn[k] = strlen(v[k]);
	}
	for (int k = 0; k < ncols; k++)
		if (required[k] && !seen[k])
			return di_error_at(DI_EUSAGE, file, line, "missing column '%s'", names[k]);
	return 0;
}

int di_events_add(di_events *ev, const char *const *columns, const char *const *values,
		  size_t n)
{
	const char *v[EV_NCOLS];
	size_t vn[EV_NCOLS];
	int rc;
	if (!ev || (n && (!columns || !values)))
		return di_error_set(DI_EUSAGE, "di_events_add: a NULL argument");
	rc = named_cells(ev->file, (long)ev->n + 1, ev_names, ev_required, EV_NCOLS, columns,
			 values, n, v, vn);
	return rc ? rc : ev_add(ev, ev->file, (long)ev->n + 1, v, vn, DI_DATE_ISO, 1);
}

/* ---- securities ------------------------------------------------------- */

enum {
	SEC_TICKER,
	SEC_NAME,
	SEC_GROUP,
	SEC_CURRENCY,
	SEC_ROLE,
	SEC_FILE,
	SEC_FX,
	SEC_MARKET,
	SEC_CLOSE,
	SEC_NCOLS
};

/* The columns of a securities file, in the order of SEC_*. */
static const char *const sec_names[SEC_NCOLS] = {"ticker", "name", "group",  "currency", "role",
						 "file",   "fx",   "market", "close"};
static const int sec_required[SEC_NCOLS] = {1, 0, 0, 0, 0, 0, 0, 0, 0};

typedef struct sec_ctx {
	di_securities *sec;
	col_spec col[SEC_NCOLS];
	size_t ncols;
	int have_header;
	long header_line;
} sec_ctx;

static void security_clear(di_security_info *s)
{
	di_free(s->ticker);
	di_free(s->name);
	di_free(s->group);
	di_free(s->currency);
	di_free(s->role);
	di_free(s->file);
	di_free(s->fx);
	di_free(s->market);
	di_free(s->close);
	memset(s, 0, sizeof(*s));
}

/* The roles of the securities file; an empty cell leaves the row's role
 * open (the defaults of the run apply). */
static const char *const sec_roles[] = {"security", "market", "factor", "fx"};

static int role_known(const char *v, size_t n)
{
	if (!n)
		return 1;
	for (size_t k = 0; k < sizeof(sec_roles) / sizeof(sec_roles[0]); k++)
		if (strlen(sec_roles[k]) == n && memcmp(sec_roles[k], v, n) == 0)
			return 1;
	return 0;
}

/* close: "HH:MM Zone/Name", a zone of the tz database. */
static int sec_close_cell(const char *path, long line, const char *v, size_t n)
{
	di_close cl;
	di_tz *tz;
	int rc;
	if (di_close_parse(v, n, &cl))
		return di_error_at(DI_EDATA, path, line,
				   "close '%.*s' (expected HH:MM and the exchange's zone, e.g. "
				   "17:30 Europe/Berlin)",
				   clip(n), v);
	if ((rc = di_tz_load(&tz, cl.zone)) == -1)
		return di_error_at(DI_EDATA, path, line,
				   "unknown time zone '%s' in close (expected an IANA zone of the tz "
				   "database, e.g. Europe/London)",
				   cl.zone);
	if (rc < 0)
		return rc;
	di_tz_free(tz);
	return 0;
}

/* The market columns of a row: a known currency, an fx cell of the
 * contract's forms (fx.h). */
static int sec_market_cells(const char *path, long line, const char *const *v, const size_t *n)
{
	char cur[16], why[200];
	di_fx_spec sp;
	if (n[SEC_CURRENCY]) {
		snprintf(cur, sizeof(cur), "%.*s", clip(n[SEC_CURRENCY]), v[SEC_CURRENCY]);
		if (n[SEC_CURRENCY] >= sizeof(cur) || !di_currency_known(cur, NULL, NULL))
			return di_error_at(DI_EDATA, path, line,
					   "unknown currency '%.*s' (expected an ISO 4217 code "
					   "such as EUR, or GBp/GBX for pence)",
					   clip(n[SEC_CURRENCY]), v[SEC_CURRENCY]);
	}
	if (n[SEC_FX] && di_fx_spec_parse(v[SEC_FX], n[SEC_FX], &sp, why, sizeof(why)))
		return di_error_at(DI_EDATA, path, line, "fx: %s", why);
	return n[SEC_CLOSE] ? sec_close_cell(path, line, v[SEC_CLOSE], n[SEC_CLOSE]) : 0;
}

/* Add one security from its raw cells: f[col[k]] of l[col[k]] bytes for
 * column SEC_k (col[k] NONE: absent), for the file and the builder alike.
 * Messages name sec->file and line. */
static int sec_add(di_securities *sec, long line, char *const *f, const size_t *l,
		   const size_t *col)
{
	const char *path = sec->file;
	di_security_info s;
	const char *v[SEC_NCOLS];
	size_t n[SEC_NCOLS];
	char **dst[SEC_NCOLS];
	int rc;

	memset(&s, 0, sizeof(s));
	dst[SEC_TICKER] = &s.ticker;
	dst[SEC_NAME] = &s.name;
	dst[SEC_GROUP] = &s.group;
	dst[SEC_CURRENCY] = &s.currency;
	dst[SEC_ROLE] = &s.role;
	dst[SEC_FILE] = &s.file;
	dst[SEC_FX] = &s.fx;
	dst[SEC_MARKET] = &s.market;
	dst[SEC_CLOSE] = &s.close;
	for (int k = 0; k < SEC_NCOLS; k++) {
		rc = cell(path, line, f, l, col[k], sec_names[k], &v[k],
			  &n[k]);
		if (rc < 0)
			return rc;
	}
	if (!n[SEC_TICKER])
		return di_error_at(DI_EDATA, path, line, "empty ticker");
	if (!role_known(v[SEC_ROLE], n[SEC_ROLE]))
		return di_error_at(DI_EDATA, path, line,
				   "unknown role '%.*s' (expected security, "
				   "market, factor or fx)", clip(n[SEC_ROLE]),
				   v[SEC_ROLE]);
	if ((rc = sec_market_cells(path, line, v, n)) < 0)
		return rc;
	for (size_t i = 0; i < sec->n; i++)
		if (strlen(sec->s[i].ticker) == n[SEC_TICKER] &&
		    memcmp(sec->s[i].ticker, v[SEC_TICKER], n[SEC_TICKER]) == 0)
			return di_error_at(DI_EDATA, path, line,
					   "duplicate ticker '%.*s' (first at "
					   "line %ld)", clip(n[SEC_TICKER]),
					   v[SEC_TICKER], sec->s[i].line);
	for (size_t i = 0; n[SEC_FILE] && i < sec->n; i++)
		if (strlen(sec->s[i].file) == n[SEC_FILE] &&
		    memcmp(sec->s[i].file, v[SEC_FILE], n[SEC_FILE]) == 0)
			return di_error_at(DI_EDATA, path, line,
					   "file '%.*s' is named twice (first at "
					   "line %ld)", clip(n[SEC_FILE]),
					   v[SEC_FILE], sec->s[i].line);
	s.line = line;
	for (int k = 0; k < SEC_NCOLS && rc == 0; k++)
		rc = dup_text(v[k], n[k], dst[k]);
	if (rc == 0 &&
	    di_grow((void **)&sec->s, &sec->cap, sec->n + 1,
		    sizeof(*sec->s)) < 0)
		rc = DI_ENOMEM;
	if (rc < 0) {
		security_clear(&s);
		return rc;
	}
	sec->s[sec->n++] = s;
	return 0;
}

static int sec_row(sec_ctx *c, long line, char *const *f, const size_t *l)
{
	size_t col[SEC_NCOLS];
	for (int k = 0; k < SEC_NCOLS; k++)
		col[k] = c->col[k].idx;
	return sec_add(c->sec, line, f, l, col);
}

static int sec_record(void *payload, long line, size_t nf, char *const *f,
		      const size_t *l)
{
	sec_ctx *c = payload;
	int rc;

	if (!c->have_header) {
		c->have_header = 1;
		c->header_line = line;
		c->ncols = nf;
		return map_header(c->sec->file, line, nf, f, l, c->col,
				  SEC_NCOLS,
				  "ticker[,name][,group][,currency][,role][,file]"
				  "[,fx][,market][,close]");
	}
	rc = check_width(c->sec->file, line, nf, c->ncols);
	if (rc < 0)
		return rc;
	return sec_row(c, line, f, l);
}

int di_securities_load(di_securities **out, const char *path)
{
	di_csv_src src = {path, NULL, 0};
	return di_securities_load_src(out, &src);
}

int di_securities_load_src(di_securities **out, const di_csv_src *src)
{
	const char *path = src->name;
	sec_ctx c = {0};
	int rc;

	*out = NULL;
	for (int k = 0; k < SEC_NCOLS; k++)
		c.col[k] = (col_spec){sec_names[k], sec_required[k], NONE};
	c.sec = di_calloc(1, sizeof(*c.sec));
	if (!c.sec)
		return di_error_oom();
	c.sec->file = di_strdup(path);
	if (!c.sec->file) {
		rc = di_error_oom();
		goto fail;
	}
	rc = di_csv_read_src(src, NULL, sec_record, &c);
	if (rc < 0)
		goto fail;
	if (!c.sec->n) {
		rc = di_error_at(DI_EDATA, path, c.header_line,
				 "no securities");
		goto fail;
	}
	c.sec->has_role = c.col[SEC_ROLE].idx != NONE;
	*out = c.sec;
	return 0;
fail:
	di_securities_free(c.sec);
	return rc;
}

#define MEM_SECURITIES "<securities>"

int di_securities_new(di_securities **out)
{
	di_securities *sec = di_calloc(1, sizeof(*sec));
	*out = NULL;
	if (!sec || !(sec->file = di_strdup(MEM_SECURITIES))) {
		di_free(sec);
		return di_error_oom();
	}
	*out = sec;
	return 0;
}

const char *const *di_securities_columns(size_t *n)
{
	*n = SEC_NCOLS;
	return sec_names;
}

int di_securities_add(di_securities *sec, const char *const *columns,
		      const char *const *values, size_t n)
{
	const char *v[SEC_NCOLS];
	size_t vn[SEC_NCOLS], col[SEC_NCOLS];
	int rc;
	if (!sec || (n && (!columns || !values)))
		return di_error_set(DI_EUSAGE, "di_securities_add: a NULL argument");
	rc = named_cells(sec->file, (long)sec->n + 1, sec_names, sec_required, SEC_NCOLS,
			 columns, values, n, v, vn);
	for (int k = 0; k < SEC_NCOLS; k++)
		col[k] = (size_t)k;
	if (!rc && (rc = sec_add(sec, (long)sec->n + 1, (char *const *)v, vn, col)) == 0)
		/* as a file with a role column: a security given no role is one */
		for (size_t i = 0; i < n && !sec->has_role; i++)
			sec->has_role = strcasecmp(columns[i], "role") == 0;
	return rc;
}

void di_securities_free(di_securities *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		security_clear(&s->s[i]);
	di_free(s->s);
	di_free(s->file);
	di_free(s);
}

const char *di_securities_file_ticker(const void *ud, const char *base)
{
	const di_securities *s = ud;
	size_t nb = strlen(base);
	for (size_t i = 0; s && i < s->n; i++) {
		const char *f = s->s[i].file;
		size_t nf = strlen(f);
		/* "ldo_mi_d.csv", or "ldo_mi_d" for the file ldo_mi_d.csv */
		if (nf && (strcmp(f, base) == 0 ||
			   (nb == nf + 4 && strncmp(f, base, nf) == 0 &&
			    strcasecmp(base + nf, ".csv") == 0)))
			return s->s[i].ticker;
	}
	return NULL;
}

const di_security_info *di_securities_find(const di_securities *s,
					   const char *ticker)
{
	if (!s || !ticker)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->s[i].ticker, ticker) == 0)
			return &s->s[i];
	return NULL;
}

/* ---- reported moves --------------------------------------------------- */

enum { RM_TICKER, RM_MOVE, RM_NAME, RM_ASOF, RM_FRACTION, RM_SINCE, RM_QUALIFIER, RM_NCOLS };

/* The columns of a reported-moves file, in the order of RM_*. */
static const char *const rm_names[RM_NCOLS] = {"ticker", "move_pct", "name", "asof",
					       "session_fraction", "since", "qualifier"};
static const int rm_required[RM_NCOLS] = {1, 1, 0, 0, 0, 0, 0};

typedef struct rm_ctx {
	di_reported *r;
	di_csv_info info;
	col_spec col[RM_NCOLS];
	size_t ncols;
	int have_header;
	long header_line;
} rm_ctx;

static void format_asof(di_date d, char *buf)
{
	if (d == DI_NO_DATE)
		strcpy(buf, "(none)");
	else
		di_date_format(d, buf);
}


/* move_pct / 100 as the decimal the user wrote: "-1.8" becomes the double
 * nearest to -0.018 (read as "-1.8e-2"), where -1.8 / 100.0 in binary gives
 * -0.018000000000000002 in a report. Falls back to the division when the
 * text already has an exponent or is too long. */
static double pct_to_fraction(const char *text, size_t len, int decimal_comma, double pct)
{
	char buf[64];
	double v;
	if (len + 4 >= sizeof(buf) || memchr(text, 'e', len) || memchr(text, 'E', len))
		return pct / 100.0;
	memcpy(buf, text, len);
	memcpy(buf + len, "e-2", 4);
	if (di_num_parse(buf, len + 3, decimal_comma, &v) < 0)
		return pct / 100.0;
	return v;
}

/* The cells of one row, trimmed ("" for an absent column). */
typedef struct rm_cells {
	const char *v[RM_NCOLS];
	size_t n[RM_NCOLS];
} rm_cells;

/* since and qualifier: a claim over a horizon, or a same-day move. */
static int rm_claim(const char *path, long line, const rm_cells *x, di_reported_move *m)
{
	const char *t = x->v[RM_TICKER];
	size_t tn = x->n[RM_TICKER];
	int rc;
	m->since = DI_NO_DATE;
	if (x->n[RM_SINCE] &&
	    (rc = read_date(path, line, "since date", x->v[RM_SINCE], x->n[RM_SINCE],
				 DI_DATE_ISO, 1, &m->since)))
		return rc;
	if (di_qualifier_parse(x->v[RM_QUALIFIER], x->n[RM_QUALIFIER], &m->qualifier) < 0)
		return di_error_at(DI_EDATA, path, line,
				   "unknown qualifier '%.*s' for %.*s (expected nearly, about, "
				   "more than, at least, or empty)",
				   clip(x->n[RM_QUALIFIER]), x->v[RM_QUALIFIER], clip(tn), t);
	if (m->qualifier != DI_QUAL_NONE && m->since == DI_NO_DATE)
		return di_error_at(DI_EDATA, path, line,
				   "qualifier '%.*s' for %.*s without a since date (a qualifier "
				   "shapes the verdict of a claim over a horizon)",
				   clip(x->n[RM_QUALIFIER]), x->v[RM_QUALIFIER], clip(tn), t);
	if (m->since != DI_NO_DATE && !x->n[RM_MOVE])
		return di_error_at(DI_EDATA, path, line,
				   "a claim since %.*s for %.*s needs a number: move_pct is empty "
				   "(for words without one, write the smallest move they support, "
				   "see docs/moves.md)",
				   clip(x->n[RM_SINCE]), x->v[RM_SINCE], clip(tn), t);
	return 0;
}

/* One same-day row per ticker; one claim per ticker and since. */
static int rm_unique(const di_reported *r, const char *path, long line, const char *t,
		     size_t tn, di_date since)
{
	char d[11];
	for (size_t i = 0; i < r->n; i++) {
		if (strlen(r->m[i].ticker) != tn || memcmp(r->m[i].ticker, t, tn) != 0 ||
		    r->m[i].since != since)
			continue;
		if (since == DI_NO_DATE)
			return di_error_at(DI_EDATA, path, line,
					   "duplicate ticker '%.*s' (first at line %ld)", clip(tn),
					   t, r->m[i].line);
		di_date_format(since, d);
		return di_error_at(DI_EDATA, path, line,
				   "duplicate claim for '%.*s' since %s (first at line %ld)",
				   clip(tn), t, d, r->m[i].line);
	}
	return 0;
}

static int rm_move(const rm_ctx *c, long line, const rm_cells *x, di_reported_move *m)
{
	const char *path = c->r->file, *t = x->v[RM_TICKER], *v = x->v[RM_MOVE];
	size_t tn = x->n[RM_TICKER], n = x->n[RM_MOVE];
	double pct;
	if (!n)
		return di_error_at(DI_EDATA, path, line, "empty move_pct for %.*s", clip(tn), t);
	if (di_num_parse(v, n, c->info.decimal_comma, &pct) < 0)
		return di_error_at(DI_EDATA, path, line,
				   "unreadable move_pct '%.*s' for %.*s (expected a number of "
				   "percent such as -2.3, without '%%')",
				   clip(n), v, clip(tn), t);
	if (!isfinite(pct))
		return di_error_at(DI_EDATA, path, line,
				   "move_pct '%.*s' for %.*s is not a finite number", clip(n), v,
				   clip(tn), t);
	m->move = pct_to_fraction(v, n, c->info.decimal_comma, pct);
	return 0;
}

static int rm_fraction(const rm_ctx *c, long line, const rm_cells *x, di_reported_move *m)
{
	const char *path = c->r->file, *t = x->v[RM_TICKER], *v = x->v[RM_FRACTION];
	size_t tn = x->n[RM_TICKER], n = x->n[RM_FRACTION];
	double sf;
	m->session_fraction = 1.0;
	if (!n)
		return 0;
	if (di_num_parse(v, n, c->info.decimal_comma, &sf) < 0)
		return di_error_at(DI_EDATA, path, line,
				   "unreadable session_fraction '%.*s' for %.*s", clip(n), v,
				   clip(tn), t);
	/* written so that NaN fails too */
	if (!(sf > 0 && sf <= 1))
		return di_error_at(DI_EDATA, path, line,
				   "session_fraction '%.*s' for %.*s is outside (0, 1]", clip(n), v,
				   clip(tn), t);
	m->session_fraction = sf;
	m->fraction_given = 1;
	return 0;
}

/* The time of an asof date-time after its 10-character date: "THH:MM" or
 * " HH:MM", optionally ":SS", then "Z", "+HH:MM", "-HH:MM" or nothing
 * (UTC). 0 with *has 0 for a plain date; -1 when unreadable. */
static int asof_time(const char *v, size_t n, di_date d, int *has, int64_t *t)
{
	long sec, off = 0;
	size_t i = 16;
	int hm;
	*has = 0;
	if (n <= 10)
		return 0;
	if ((v[10] != 'T' && v[10] != ' ') || n < 16 || (hm = di_parse_hhmm(v + 11, 5)) < 0)
		return -1;
	sec = hm * 60L;
	if (n >= 19 && v[16] == ':' && v[17] >= '0' && v[17] <= '5' && v[18] >= '0' && v[18] <= '9') {
		sec += (v[17] - '0') * 10 + (v[18] - '0');
		i = 19;
	}
	if (i < n && v[i] == 'Z')
		i++;
	else if (i < n && (v[i] == '+' || v[i] == '-') && n - i == 6 &&
		 (hm = di_parse_hhmm(v + i + 1, 5)) >= 0) {
		off = (v[i] == '-' ? -60L : 60L) * hm;
		i = n;
	}
	if (i != n)
		return -1;
	*t = (int64_t)d * 86400 + sec - off;
	*has = 1;
	return 0;
}

/* asof: one report, one date (moves from different days cannot be
 * compared with one day's returns); a claim ends on it. */
static int rm_asof(const rm_ctx *c, long line, const rm_cells *x, di_reported_move *m)
{
	const char *path = c->r->file;
	const di_reported *r = c->r;
	char a[16], b[16];
	int rc;
	m->asof = DI_NO_DATE;
	if (x->n[RM_ASOF] &&
	    (rc = read_date(path, line, "asof date", x->v[RM_ASOF], x->n[RM_ASOF],
				 DI_DATE_ISO, 1, &m->asof)))
		return rc;
	if (x->n[RM_ASOF] &&
	    asof_time(x->v[RM_ASOF], x->n[RM_ASOF], m->asof, &m->asof_has_time, &m->asof_t))
		return di_error_at(DI_EDATA, path, line,
				   "unreadable asof time '%.*s' (expected YYYY-MM-DDTHH:MM with Z or "
				   "+HH:MM)",
				   clip(x->n[RM_ASOF]), x->v[RM_ASOF]);
	if (r->n && r->m[0].asof != m->asof) {
		format_asof(m->asof, a);
		format_asof(r->m[0].asof, b);
		return di_error_at(DI_EDATA, path, line,
				   "asof %s differs from %s at line %ld (one report date per file)",
				   a, b, r->m[0].line);
	}
	if (m->since != DI_NO_DATE && m->asof != DI_NO_DATE && m->since > m->asof) {
		format_asof(m->since, a);
		format_asof(m->asof, b);
		return di_error_at(DI_EDATA, path, line,
				   "since %s for %.*s is after the report date %s (a claim runs "
				   "from since to the report date)",
				   a, clip(x->n[RM_TICKER]), x->v[RM_TICKER], b);
	}
	return 0;
}

/* One reported move from its raw cells: f[col[k]] of l[col[k]] bytes for
 * column RM_k (NONE: absent), for the file and the builder alike. */
static int rm_row(rm_ctx *c, long line, char *const *f, const size_t *l, const size_t *col)
{
	const char *path = c->r->file;
	di_reported *r = c->r;
	di_reported_move m;
	rm_cells x;
	int rc;

	memset(&m, 0, sizeof(m));
	for (int k = 0; k < RM_NCOLS; k++)
		if ((rc = cell(path, line, f, l, col[k], rm_names[k], &x.v[k], &x.n[k])) < 0)
			return rc;
	if (!x.n[RM_TICKER])
		return di_error_at(DI_EDATA, path, line, "empty ticker");
	if ((rc = rm_claim(path, line, &x, &m)) ||
	    (rc = rm_unique(r, path, line, x.v[RM_TICKER], x.n[RM_TICKER], m.since)) ||
	    (rc = rm_move(c, line, &x, &m)) || (rc = rm_fraction(c, line, &x, &m)) ||
	    (rc = rm_asof(c, line, &x, &m)))
		return rc;

	m.line = line;
	rc = dup_text(x.v[RM_TICKER], x.n[RM_TICKER], &m.ticker);
	if (rc == 0)
		rc = dup_text(x.v[RM_NAME], x.n[RM_NAME], &m.name);
	if (rc == 0 && di_grow((void **)&r->m, &r->cap, r->n + 1, sizeof(*r->m)) < 0)
		rc = DI_ENOMEM;
	if (rc < 0) {
		di_free(m.ticker);
		di_free(m.name);
		return rc;
	}
	r->m[r->n++] = m;
	return 0;
}

static int rm_record(void *payload, long line, size_t nf, char *const *f,
		     const size_t *l)
{
	rm_ctx *c = payload;
	size_t col[RM_NCOLS];
	int rc;

	if (!c->have_header) {
		c->have_header = 1;
		c->header_line = line;
		c->ncols = nf;
		return map_header(c->r->file, line, nf, f, l, c->col, RM_NCOLS,
				  "ticker,move_pct[,name][,asof]"
				  "[,session_fraction][,since][,qualifier]");
	}
	rc = check_width(c->r->file, line, nf, c->ncols);
	if (rc < 0)
		return rc;
	for (int k = 0; k < RM_NCOLS; k++)
		col[k] = c->col[k].idx;
	return rm_row(c, line, f, l, col);
}

int di_reported_load(di_reported **out, const char *path)
{
	di_csv_src src = {path, NULL, 0};
	return di_reported_load_src(out, &src);
}

int di_reported_load_src(di_reported **out, const di_csv_src *src)
{
	const char *path = src->name;
	rm_ctx c = {0};
	int rc;

	*out = NULL;
	for (int k = 0; k < RM_NCOLS; k++)
		c.col[k] = (col_spec){rm_names[k], rm_required[k], NONE};
	c.r = di_calloc(1, sizeof(*c.r));
	if (!c.r)
		return di_error_oom();
	c.r->file = di_strdup(path);
	if (!c.r->file) {
		rc = di_error_oom();
		goto fail;
	}
	rc = di_csv_read_src(src, &c.info, rm_record, &c);
	if (rc < 0)
		goto fail;
	if (!c.r->n) {
		rc = di_error_at(DI_EDATA, path, c.header_line,
				 "no reported moves");
		goto fail;
	}
	*out = c.r;
	return 0;
fail:
	di_reported_free(c.r);
	return rc;
}

#define MEM_REPORTED "<reported>"

int di_reported_new(di_reported **out)
{
	di_reported *r = di_calloc(1, sizeof(*r));
	*out = NULL;
	if (!r || !(r->file = di_strdup(MEM_REPORTED))) {
		di_free(r);
		return di_error_oom();
	}
	*out = r;
	return 0;
}

const char *const *di_reported_columns(size_t *n)
{
	*n = RM_NCOLS;
	return rm_names;
}

int di_reported_add(di_reported *r, const char *const *columns, const char *const *values,
		    size_t n)
{
	const char *v[RM_NCOLS];
	size_t vn[RM_NCOLS], col[RM_NCOLS];
	rm_ctx c = {0}; /* the cells of a file in the rfc4180 dialect */
	int rc;
	if (!r || (n && (!columns || !values)))
		return di_error_set(DI_EUSAGE, "di_reported_add: a NULL argument");
	rc = named_cells(r->file, (long)r->n + 1, rm_names, rm_required, RM_NCOLS, columns, values,
			 n, v, vn);
	for (int k = 0; k < RM_NCOLS; k++)
		col[k] = (size_t)k;
	c.r = r;
	return rc ? rc : rm_row(&c, (long)r->n + 1, (char *const *)v, vn, col);
}

void di_reported_free(di_reported *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		di_free(r->m[i].ticker);
		di_free(r->m[i].name);
	}
	di_free(r->m);
	di_free(r->file);
	di_free(r);
}
