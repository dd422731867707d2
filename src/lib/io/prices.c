/*
 * prices.c - price series from CSV files: per security, long or wide.
 *
 * The layout is decided once, from the header; each row then adds at most
 * one price per series. A file is loaded into series of its own and only
 * joined to the di_prices at the end, so a file that fails leaves the
 * earlier ones untouched. This module reads and checks prices; it must not
 * compute returns or align calendars (that is the study's job).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "csvread.h"
#include "datecol.h"
#include "error.h"
#include "numfmt.h"
#include "pool.h"
#include "prices.h"
#include "util.h"

#define NONE SIZE_MAX
/* how much of a bad cell a message quotes */
#define SHOW 64

typedef enum layout { LAYOUT_ONE, LAYOUT_LONG, LAYOUT_WIDE } layout;

typedef struct load_ctx {
	const di_prices *p; /* the series loaded before, for duplicates */
	const char *path;
	di_csv_info info;
	int have_header;
	long header_line;
	size_t ncols;
	layout lay;
	size_t c_date, c_ticker, c_price, c_open, c_high, c_low, c_close;
	char *file_ticker;  /* layout (a): from the file name */
	di_series **s;      /* this file's series, in order of appearance */
	size_t n, cap;
	di_series *last;    /* layout (b): the series of the previous row */
	di_date prev_date;  /* layouts (a), (c): the previous row's date */
	int have_prev;
	int order;          /* layouts (a), (c): as di_series.order, per file */
	di_date_fmt fmt;    /* the dates' format (AUTO: ISO until settled) */
	int settled;        /* fmt was given, or settled by di_date_settle */
	size_t nrows;       /* data rows read (after the header) */
	di_series_index idx; /* layout (b): s[] by ticker */
	/* layout (c): the rows' dates and lines once (shared by the series
	 * with no missing cell); the prices of the last WIDE_BLOCK rows,
	 * row-major, NAN for a missing cell, are moved into the series'
	 * columns a block at a time (a column per row would touch every
	 * series' memory on every row); nmiss[i]: missing cells of s[i] */
	di_cols *wcols;
	double *block;
	size_t block_rows;
	size_t *nmiss;
	size_t col_hint;    /* rows expected, from the file size */
	long long file_size;
	/* a wide file read on threads with p->keep (plan_keep): series j
	 * keeps the closes of rows [kfrom[j], kto[j]) of the rows dated
	 * rowdate[]; miss: a bit per series and row for a missing close
	 * outside them (miss_stride bytes a series). NULL: every close. */
	size_t *kfrom, *kto;
	di_date *rowdate;
	unsigned char *miss;
	size_t miss_stride;
	int wild; /* a close outside [DI_CLOSE_TAME_MIN, DI_CLOSE_TAME_MAX] */
} load_ctx;

#define WIDE_BLOCK 32

static void cols_release(di_cols *k)
{
	if (!k || --k->refs)
		return;
	di_free(k->date);
	di_free(k->line);
	di_free(k);
}

static void series_free(di_series *s)
{
	if (!s)
		return;
	di_free(s->ticker);
	di_free(s->file);
	if (s->cols) {
		cols_release(s->cols);
	} else {
		di_free(s->date);
		di_free(s->line);
	}
	di_free(s->price);
	di_free(s->open);
	di_free(s->high);
	di_free(s->low);
	di_free(s->close);
	di_free(s);
}

/* ---- series by ticker ---------------------------------------------------- */

/* Layout (b) finds a row's series by ticker, and every series added to a
 * di_prices is checked against those loaded. A linear search would cost
 * rows x tickers on a file sorted by date (one row per ticker and date, as
 * pandas' stack() writes): hours for a large file; and tickers^2 over a
 * wide file of 5,000 columns (a tenth of a second, on one thread). FNV-1a,
 * linear probing. */
static size_t ticker_hash(const char *t, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)t[i];
		h *= 1099511628211u;
	}
	return (size_t)h;
}

/* The series of s[] (indexed by x) whose ticker is t (n bytes), or NULL. */
static di_series *index_find(const di_series_index *x, di_series *const *s, const char *t,
			     size_t n)
{
	if (!x->cap)
		return NULL;
	for (size_t i = ticker_hash(t, n) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		di_series *c;
		if (!x->slot[i])
			return NULL;
		c = s[x->slot[i] - 1];
		if (strlen(c->ticker) == n && memcmp(c->ticker, t, n) == 0)
			return c;
	}
}

static void index_put(di_series_index *x, di_series *const *s, size_t k)
{
	size_t i = ticker_hash(s[k]->ticker, strlen(s[k]->ticker)) & (x->cap - 1);
	while (x->slot[i])
		i = (i + 1) & (x->cap - 1);
	x->slot[i] = k + 1;
}

/* Index s[n - 1], the series just added to s[0 .. n); the slots are
 * rebuilt at half full. */
static int index_add(di_series_index *x, di_series *const *s, size_t n)
{
	if (2 * n > x->cap) {
		size_t ncap = x->cap ? 2 * x->cap : 64, *nslot = di_calloc(ncap, sizeof(*nslot));
		if (!nslot)
			return di_error_oom();
		di_free(x->slot);
		x->slot = nslot;
		x->cap = ncap;
		for (size_t k = 0; k + 1 < n; k++)
			index_put(x, s, k);
	}
	index_put(x, s, n - 1);
	return 0;
}

/* Take s[n - 1], the series indexed last, out of the index. Slots are
 * only ever taken out last in, first out (a file's series when it fails
 * half-way), so no later entry probed past this slot: emptying it leaves
 * every other entry where a search finds it. */
static void index_pop(di_series_index *x, di_series *const *s, size_t n)
{
	size_t i = ticker_hash(s[n - 1]->ticker, strlen(s[n - 1]->ticker)) & (x->cap - 1);
	while (x->slot[i] != n)
		i = (i + 1) & (x->cap - 1);
	x->slot[i] = 0;
}

int di_prices_new(di_prices **out)
{
	di_prices *p = di_calloc(1, sizeof(*p));
	*out = NULL;
	if (!p)
		return di_error_oom();
	p->jobs = 1;
	p->par_min = DI_PRICES_PAR_MIN;
	p->par_chunk = DI_PRICES_PAR_CHUNK;
	*out = p;
	return 0;
}

void di_prices_drop_closes(di_prices *p)
{
	size_t freed = 0;
	for (size_t i = 0; i < p->n; i++) {
		di_series *s = p->s[i];
		size_t cols = !!s->open + !!s->high + !!s->low + !!s->close;
		freed += (cols * s->n + (s->price ? di_series_kept_n(s) : 0)) * sizeof(double);
		di_free(s->price);
		di_free(s->open);
		di_free(s->high);
		di_free(s->low);
		di_free(s->close);
		s->price = s->open = s->high = s->low = s->close = NULL;
	}
	di_heap_release(freed);
}

void di_prices_set_jobs(di_prices *p, long jobs)
{
	p->jobs = jobs;
}

void di_prices_set_keep(di_prices *p, di_keep_fn fn, const void *ud)
{
	p->keep = fn;
	p->keep_ud = ud;
}

void di_prices_set_chunking(di_prices *p, size_t min_file, size_t min_chunk)
{
	p->par_min = min_file;
	p->par_chunk = min_chunk ? min_chunk : 1;
}

void di_prices_set_date_format(di_prices *p, di_date_fmt fmt)
{
	p->date_fmt = fmt;
}

void di_prices_set_file_names(di_prices *p, di_file_ticker_fn fn, const void *ud)
{
	p->file_ticker = fn;
	p->file_ticker_ud = ud;
}

void di_prices_free(di_prices *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		series_free(p->s[i]);
	for (size_t i = 0; i < p->nfiles; i++)
		di_free(p->files[i]);
	di_free(p->s);
	di_free(p->idx.slot);
	di_free(p->files);
	di_free(p);
}

di_series *di_prices_find(const di_prices *p, const char *ticker)
{
	if (!p || !ticker)
		return NULL;
	return index_find(&p->idx, p->s, ticker, strlen(ticker));
}

/* ---- builders ---------------------------------------------------------- */

static int clip(size_t n);

/* A copy of n doubles, or NULL for NULL; *fail set when out of memory. */
static double *dup_doubles(const double *v, size_t n, int *fail)
{
	double *c;
	if (!v)
		return NULL;
	c = di_malloc(n * sizeof(*c));
	if (!c)
		*fail = 1;
	else
		memcpy(c, v, n * sizeof(*c));
	return c;
}

/* The rules of one series, each entry named by its line (or position):
 * a ticker not loaded yet, at least one price, and (with entries) dates
 * strictly ascending and prices finite and positive. A file's reader has
 * held every entry to the last two already (read_price, check_order, the
 * reversal of a descending file): 25 million cells of a wide file are not
 * walked again on one thread. */
static int check_series_in(const di_prices *p, const di_series_in *in, int entries)
{
	char on[11], before[11];
	const di_series *dup = di_prices_find(p, in->ticker);
	if (dup)
		return di_error_at(DI_EDATA, in->file, in->line ? in->line[0] : 1,
				   "ticker '%s' is already loaded from %s", in->ticker, dup->file);
	if (in->n == 0)
		return di_error_at(DI_EDATA, in->file, 0, "no prices for %s", in->ticker);
	for (size_t i = 0; entries && i < in->n; i++) {
		long line = in->line ? in->line[i] : (long)i + 1;
		double v = in->price[i];
		if (i && in->date[i] <= in->date[i - 1]) {
			di_date_format(in->date[i], on);
			di_date_format(in->date[i - 1], before);
			return di_error_at(DI_EDATA, in->file, line,
					   "date %s for %s not after %s: the dates must be "
					   "strictly ascending", on, in->ticker, before);
		}
		if (!isfinite(v) || v <= 0) {
			/* the date is formatted for the message only */
			di_date_format(in->date[i], on);
			return di_error_at(DI_EDATA, in->file, line,
					   "price %.17g for %s on %s is %s (prices must be "
					   "finite and positive)", v, in->ticker, on,
					   isnan(v) ? "not a number" : isinf(v) ? "infinite"
					   : v == 0 ? "zero" : "negative");
		}
	}
	return 0;
}

int di_prices_add_arrays(di_prices *p, const di_series_in *in)
{
	di_series *s;
	size_t n = in->n;
	int fail = 0, rc = check_series_in(p, in, 1);
	if (rc < 0)
		return rc;
	if (di_grow((void **)&p->s, &p->cap, p->n + 1, sizeof(*p->s)) < 0)
		return DI_ENOMEM;
	s = di_calloc(1, sizeof(*s));
	if (!s)
		return di_error_oom();
	s->ticker = di_strdup(in->ticker);
	s->file = di_strdup(in->file);
	s->date = di_malloc(n * sizeof(*s->date));
	s->line = di_malloc(n * sizeof(*s->line));
	s->price = dup_doubles(in->price, n, &fail);
	s->open = dup_doubles(in->open, n, &fail);
	s->high = dup_doubles(in->high, n, &fail);
	s->low = dup_doubles(in->low, n, &fail);
	s->close = dup_doubles(in->close, n, &fail);
	if (fail || !s->ticker || !s->file || !s->date || !s->line) {
		series_free(s);
		return di_error_oom();
	}
	memcpy(s->date, in->date, n * sizeof(*s->date));
	for (size_t i = 0; i < n; i++)
		s->line[i] = in->line ? in->line[i] : (long)i + 1;
	s->n = s->cap = n;
	s->order = 1;
	p->s[p->n] = s;
	if ((rc = index_add(&p->idx, p->s, p->n + 1)) < 0) {
		series_free(s);
		return rc;
	}
	p->n++;
	return 0;
}

/* A file's series, checked by the builders' rules (check_series_in: its
 * entries the reader has checked) and moved into p as it is: a wide file's series keep sharing their date and
 * line columns, which a copy through di_prices_add_arrays would undo. */
static int prices_adopt(di_prices *p, di_series *s, const char *path)
{
	di_series_in in = {s->ticker, path, s->n, s->date, s->price,
			   s->open, s->high, s->low, s->close, s->line};
	int rc = check_series_in(p, &in, 0);
	if (rc < 0)
		return rc;
	if (di_grow((void **)&p->s, &p->cap, p->n + 1, sizeof(*p->s)) < 0)
		return DI_ENOMEM;
	if (!s->file && !(s->file = di_strdup(path)))
		return di_error_oom();
	p->s[p->n] = s;
	if ((rc = index_add(&p->idx, p->s, p->n + 1)) < 0)
		return rc;
	p->n++;
	return 0;
}

/* In-memory series are named so in messages, with their 1-based index. */
#define MEM_PRICES "<prices>"

/* The entries of arrays with a price, and their dates read as ISO. */
static int mem_series(const char *ticker, const char *const *dates, const double *closes,
		      size_t n, di_date *date, long *keep, size_t *nkeep)
{
	*nkeep = 0;
	for (size_t i = 0; i < n; i++) {
		const char *d = dates[i] ? dates[i] : "";
		int rc = di_date_parse_as(d, strlen(d), DI_DATE_ISO, &date[*nkeep]);
		if (rc < 0)
			return di_error_at(DI_EDATA, MEM_PRICES, (long)i + 1,
					   "%s date '%.*s' for %s (expected YYYY-MM-DD)",
					   rc == -2 ? "impossible" : "unreadable", clip(strlen(d)), d,
					   ticker);
		if (!isnan(closes[i]))
			keep[(*nkeep)++] = (long)i;
	}
	return 0;
}

/* Gather the entries keep[] of an optional array into out (NULL stays
 * NULL). */
static const double *gather(const double *v, const long *keep, size_t n, double *out)
{
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		out[i] = v[keep[i]];
	return out;
}

int di_prices_add_series_ohlc(di_prices *p, const char *ticker, const char *const *dates,
			      const double *closes, const double *open, const double *high,
			      const double *low, const double *close, size_t n)
{
	di_date *date;
	long *keep;
	double *buf;
	size_t nk;
	int rc;
	if (!p || !ticker || !*ticker || (n && (!dates || !closes)))
		return di_error_set(DI_EUSAGE, "di_prices_add_series: a NULL or empty argument");
	date = di_calloc(n + 1, sizeof(*date));
	keep = di_calloc(n + 1, sizeof(*keep));
	buf = di_calloc(5 * (n + 1), sizeof(*buf));
	if (!date || !keep || !buf) {
		rc = di_error_oom();
		goto out;
	}
	rc = mem_series(ticker, dates, closes, n, date, keep, &nk);
	if (rc == 0) {
		di_series_in in = {ticker, MEM_PRICES, nk, date,
				   gather(closes, keep, nk, buf),
				   gather(open, keep, nk, buf + (n + 1)),
				   gather(high, keep, nk, buf + 2 * (n + 1)),
				   gather(low, keep, nk, buf + 3 * (n + 1)),
				   gather(close, keep, nk, buf + 4 * (n + 1)), keep};
		/* line: the 1-based position in the caller's arrays */
		for (size_t i = 0; i < nk; i++)
			keep[i]++;
		rc = di_prices_add_arrays(p, &in);
	}
out:
	di_free(date);
	di_free(keep);
	di_free(buf);
	return rc;
}

int di_prices_add_series(di_prices *p, const char *ticker, const char *const *dates,
			 const double *closes, size_t n)
{
	return di_prices_add_series_ohlc(p, ticker, dates, closes, NULL, NULL, NULL, NULL, n);
}

/* Edit cost from a typed name a to a ticker b, ignoring ASCII case, with
 * git's weights for "did you mean": a character left out of the typed name
 * (insertion) costs 1, a wrong one 2, an extra one 3, so "SAAB" is nearer
 * "SAAB-B.ST" than "BA.L". Names are short: one row of costs is enough,
 * and a longer name is capped (its tail cannot make a near match). */
#define NAME_CAP 64
#define COST_INS 1
#define COST_SUB 2
#define COST_DEL 3
static size_t name_distance(const char *a, const char *b)
{
	size_t la = strnlen(a, NAME_CAP), lb = strnlen(b, NAME_CAP);
	size_t row[NAME_CAP + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j * COST_INS;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i * COST_DEL;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = up + COST_DEL;
			size_t sub = diag + (tolower((unsigned char)a[i - 1]) ==
						     tolower((unsigned char)b[j - 1])
					     ? 0 : COST_SUB);
			if (row[j - 1] + COST_INS < best)
				best = row[j - 1] + COST_INS;
			row[j] = sub < best ? sub : best;
			diag = up;
		}
	}
	return row[lb];
}

/* Is series x (distance dx) a better suggestion than y (distance dy)? */
static int nearer(const di_series *x, size_t dx, const di_series *y, size_t dy)
{
	return dx != dy ? dx < dy : strcmp(x->ticker, y->ticker) < 0;
}

void di_prices_suggest(const di_prices *p, const char *name, char *buf, size_t len)
{
	const di_series *best[DI_PRICES_SUGGEST];
	size_t dist[DI_PRICES_SUGGEST], nbest = 0, at;

	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; p && i < p->n; i++) {
		const di_series *s = p->s[i];
		size_t d = name_distance(name, s->ticker), k = nbest;
		/* insertion into the short sorted list of the best so far */
		while (k > 0 && nearer(s, d, best[k - 1], dist[k - 1]))
			k--;
		if (k >= DI_PRICES_SUGGEST)
			continue;
		for (size_t m = nbest < DI_PRICES_SUGGEST ? nbest : DI_PRICES_SUGGEST - 1; m > k; m--) {
			best[m] = best[m - 1];
			dist[m] = dist[m - 1];
		}
		best[k] = s;
		dist[k] = d;
		if (nbest < DI_PRICES_SUGGEST)
			nbest++;
	}
	at = 0;
	for (size_t k = 0; k < nbest && at < len; k++) {
		int w = snprintf(buf + at, len - at, "%s%s", k ? ", " : " (nearest: ", best[k]->ticker);
		if (w < 0)
			break;
		at += (size_t)w;
	}
	if (nbest && at < len)
		snprintf(buf + at, len - at, ")");
}

void di_prices_span(const di_prices *p, di_date *first, di_date *last)
{
	di_date f = DI_NO_DATE, l = DI_NO_DATE;
	for (size_t i = 0; p && i < p->n; i++) {
		const di_series *s = p->s[i];
		if (!s->n)
			continue;
		if (f == DI_NO_DATE || s->date[0] < f)
			f = s->date[0];
		if (l == DI_NO_DATE || s->date[s->n - 1] > l)
			l = s->date[s->n - 1];
	}
	if (first)
		*first = f;
	if (last)
		*last = l;
}

/* ---- cells ------------------------------------------------------------ */

/* header names compare trimmed and case-insensitively */
static int same_name(const char *a, size_t an, const char *b, size_t bn)
{
	di_trim(&a, &an);
	di_trim(&b, &bn);
	return an == bn && strncasecmp(a, b, an) == 0;
}

static int name_is(const char *s, size_t n, const char *name)
{
	return same_name(s, n, name, strlen(name));
}

static int is_missing(const char *s, size_t n)
{
	di_trim(&s, &n);
	return n == 0 || name_is(s, n, "NA") || name_is(s, n, "N/A") ||
	       name_is(s, n, "null");
}

static int clip(size_t n)
{
	return n > SHOW ? SHOW : (int)n;
}

/* Why a number did not read: a grouping separator ("1,234.5", "1.234,5")
 * gets its own message, since the fix (export without grouping) differs
 * from that of a plain typo. Returns the reason, or NULL for "unreadable". */
static const char *grouping_reason(const char *s, size_t n, int decimal_comma)
{
	size_t digits = 0, commas = 0, dots = 0, after_comma = 0;
	int seen_comma = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			digits++;
			if (seen_comma)
				after_comma++;
		} else if (c == ',') {
			commas++;
			seen_comma = 1;
			after_comma = 0;
		} else if (c == '.') {
			dots++;
		} else if (c != ' ' && c != '\t' && c != '+' && c != '-') {
			return NULL;
		}
	}
	if (!digits)
		return NULL;
	if (commas + dots >= 2)
		return "thousands separators are not accepted";
	if (commas == 1 && !decimal_comma)
		return after_comma == 3
			       ? "thousands separators are not accepted"
			       : "a decimal comma is accepted only in files "
				 "delimited by ';'";
	return NULL;
}

/* Why price cell s (trimmed) does not read, as an error. */
static int bad_price(const load_ctx *c, long line, const char *s, size_t n,
		     const char *ticker, di_date d, const char *what)
{
	const char *reason = grouping_reason(s, n, c->info.decimal_comma);
	char on[11];

	di_date_format(d, on);
	if (reason)
		return di_error_at(DI_EDATA, c->path, line,
				   "%s '%.*s' for %s on %s: %s", what,
				   clip(n), s, ticker, on, reason);
	return di_error_at(DI_EDATA, c->path, line,
			   "unreadable %s '%.*s' for %s on %s (expected "
			   "a number, or empty or NA for no price)",
			   what, clip(n), s, ticker, on);
}

/* Why number v of cell s is not a price, as an error. */
static int not_a_price(const load_ctx *c, long line, const char *s, size_t n,
		       const char *ticker, di_date d, const char *what, double v)
{
	char on[11];

	di_date_format(d, on);
	if (isnan(v))
		return di_error_at(DI_EDATA, c->path, line,
				   "%s '%.*s' for %s on %s is not a number "
				   "(leave the cell empty or write NA for no "
				   "price)", what, clip(n), s, ticker, on);
	if (isinf(v))
		return di_error_at(DI_EDATA, c->path, line,
				   "%s '%.*s' for %s on %s is infinite", what,
				   clip(n), s, ticker, on);
	if (v == 0)
		return di_error_at(DI_EDATA, c->path, line,
				   "%s '%.*s' for %s on %s is zero (prices "
				   "must be positive)", what, clip(n), s,
				   ticker, on);
	return di_error_at(DI_EDATA, c->path, line,
			   "%s '%.*s' for %s on %s is negative (prices "
			   "must be positive)", what, clip(n), s, ticker, on);
}

/* Read one price cell of ticker into *out. Returns 0, 1 when the cell is
 * missing (no price that date), or DI_EDATA with the error set. what names
 * the column in messages ("price", "open", ...). The number is tried
 * first: a missing cell is the rare case, and the date is formatted only
 * for a message. */
static int read_price(const load_ctx *c, long line, const char *s, size_t n,
		      const char *ticker, di_date d, const char *what,
		      double *out)
{
	double v;

	if (n == 0)
		return 1;
	if (di_num_parse(s, n, c->info.decimal_comma, &v) < 0) {
		if (is_missing(s, n))
			return 1;
		di_trim(&s, &n);
		return bad_price(c, line, s, n, ticker, d, what);
	}
	if (!(v > 0) || isinf(v)) {
		di_trim(&s, &n);
		return not_a_price(c, line, s, n, ticker, d, what, v);
	}
	*out = v;
	return 0;
}

/* The price column's cell of a row of a long or one-series file. */
static int row_price(const load_ctx *c, long line, char *const *f, const size_t *l,
		     const di_series *s, di_date d, double *out)
{
	return read_price(c, line, f[c->c_price], l[c->c_price], s->ticker, d, "price", out);
}

/* An Open/High/Low/Close cell: NAN when missing. A zero is NAN too: Yahoo
 * writes Open = 0 on days without a trade, and these columns only serve
 * `moves`, which must not make a whole price file unusable. */
static int read_ohlc(const load_ctx *c, long line, di_date d,
		     char *const *fields, const size_t *lens, size_t col,
		     const char *what, double *out)
{
	const char *s;
	size_t n;
	double v;
	int rc;

	*out = NAN;
	if (col == NONE)
		return 0;
	s = fields[col];
	n = lens[col];
	di_trim(&s, &n);
	if (di_num_parse(s, n, c->info.decimal_comma, &v) == 0 && v == 0)
		return 0;
	rc = read_price(c, line, s, n, c->file_ticker, d, what, &v);
	if (rc < 0)
		return rc;
	if (rc == 0)
		*out = v;
	return 0;
}

/* A date that is not ISO in a file without a given format stops the read:
 * the file's format is settled from all its dates, then it is read again. */
#define NEED_DATE_FORMAT (-100)

static int read_date(const load_ctx *c, long line, const char *s, size_t n,
		     di_date *out)
{
	int rc;
	di_trim(&s, &n);
	rc = di_date_parse_as(s, n, c->fmt, out);
	if (rc == -1 && !c->settled && di_date_fits(s, n))
		return NEED_DATE_FORMAT;
	if (rc == -2)
		return di_error_at(DI_EDATA, c->path, line,
				   "impossible date '%.*s'", clip(n), s);
	if (rc < 0 && c->fmt > DI_DATE_ISO)
		return di_error_at(DI_EDATA, c->path, line,
				   "unreadable date '%.*s' (expected YYYY-MM-DD "
				   "or %s)", clip(n), s, di_date_fmt_name(c->fmt));
	if (rc < 0)
		return di_error_at(DI_EDATA, c->path, line,
				   "unreadable date '%.*s' (expected YYYY-MM-DD)",
				   clip(n), s);
	return 0;
}

/* ---- series ----------------------------------------------------------- */

static int grow_array(void **a, size_t cap, size_t size)
{
	void *np;
	if (!*a)
		return 0;
	np = di_reallocarray(*a, cap, size);
	if (!np)
		return di_error_oom();
	*a = np;
	return 0;
}

/* The arrays grow together; cap is raised only when all have grown, so a
 * failure half-way leaves a series that is still consistent. */
static int series_reserve(di_series *s)
{
	size_t ncap;
	if (s->n < s->cap)
		return 0;
	if (s->cap > SIZE_MAX / 2 / sizeof(double))
		return di_error_oom();
	ncap = s->cap ? s->cap * 2 : 64;
	if (grow_array((void **)&s->date, ncap, sizeof(*s->date)) < 0 ||
	    grow_array((void **)&s->price, ncap, sizeof(*s->price)) < 0 ||
	    grow_array((void **)&s->line, ncap, sizeof(*s->line)) < 0 ||
	    grow_array((void **)&s->open, ncap, sizeof(*s->open)) < 0 ||
	    grow_array((void **)&s->high, ncap, sizeof(*s->high)) < 0 ||
	    grow_array((void **)&s->low, ncap, sizeof(*s->low)) < 0 ||
	    grow_array((void **)&s->close, ncap, sizeof(*s->close)) < 0)
		return DI_ENOMEM;
	s->cap = ncap;
	return 0;
}

/* A new, empty series; date, price and line always, the OHLC arrays only
 * when the file has that column (grow_array keeps NULL as NULL). */
static int series_new(load_ctx *c, const char *ticker, size_t n,
		      di_series **out)
{
	di_series *s;

	*out = NULL;
	if (di_grow((void **)&c->s, &c->cap, c->n + 1, sizeof(*c->s)) < 0)
		return DI_ENOMEM;
	s = di_calloc(1, sizeof(*s));
	if (!s)
		return di_error_oom();
	s->ticker = di_strndup(ticker, n);
	s->file = di_strdup(c->path);
	if (c->lay == LAYOUT_WIDE) { /* columns: wide_flush, wide_finish */
		if (!s->ticker || !s->file)
			goto oom;
		c->s[c->n++] = s;
		*out = s;
		return 0;
	}
	s->date = di_malloc(sizeof(*s->date));
	s->price = di_malloc(sizeof(*s->price));
	s->line = di_malloc(sizeof(*s->line));
	if (!s->ticker || !s->file || !s->date || !s->price || !s->line)
		goto oom;
	if (c->lay == LAYOUT_ONE) {
		if (c->c_open != NONE)
			s->open = di_malloc(sizeof(double));
		if (c->c_high != NONE)
			s->high = di_malloc(sizeof(double));
		if (c->c_low != NONE)
			s->low = di_malloc(sizeof(double));
		if (c->c_close != NONE)
			s->close = di_malloc(sizeof(double));
		if ((c->c_open != NONE && !s->open) ||
		    (c->c_high != NONE && !s->high) ||
		    (c->c_low != NONE && !s->low) ||
		    (c->c_close != NONE && !s->close))
			goto oom;
	}
	s->cap = 1;
	c->s[c->n++] = s;
	*out = s;
	return 0;
oom:
	series_free(s);
	return di_error_oom();
}

static int check_not_loaded(const load_ctx *c, long line, const char *ticker,
			    size_t n)
{
	for (size_t i = 0; i < c->p->n; i++) {
		const di_series *s = c->p->s[i];
		if (strlen(s->ticker) == n && memcmp(s->ticker, ticker, n) == 0)
			return di_error_at(DI_EDATA, c->path, line,
					   "ticker '%.*s' is already loaded "
					   "from %s", clip(n), ticker, s->file);
	}
	return 0;
}

/* A new series for ticker, which no file loaded before. */
static int series_add(load_ctx *c, long line, const char *ticker, size_t n, di_series **out)
{
	int rc = check_not_loaded(c, line, ticker, n);
	return rc < 0 ? rc : series_new(c, ticker, n, out);
}

/* ---- header ----------------------------------------------------------- */

static size_t find_col(size_t nf, char *const *f, const size_t *l,
		       const char *const *names)
{
	for (const char *const *nm = names; *nm; nm++)
		for (size_t i = 0; i < nf; i++)
			if (name_is(f[i], l[i], *nm))
				return i;
	return NONE;
}

static const char *const adj_names[] = {"adj close", "adjusted_close",
					"adjclose", "adj_close",
					"adjusted close", NULL};

/* Columns of a one-security download (Yahoo, stooq, investing.com): never
 * tickers. A header of Date and these but no Close is a one-security file
 * without its price column, not a wide file of tickers named "Open". */
static const char *const one_names[] = {
	"open", "high", "low", "volume", "dividends", "stock splits",
	"capital gains", "price", "change %", "vol.", NULL};

/* A header name, trimmed, for sorting (names compare without case). */
typedef struct hname {
	const char *s;
	size_t n, col;
} hname;

static int cmp_hname(const void *a, const void *b)
{
	const hname *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int d = strncasecmp(x->s, y->s, m);
	if (d)
		return d;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Two header names the same (trimmed, ignoring case) are an error naming
 * the first column that repeats an earlier one. Empty names are not
 * duplicates of each other: a pandas index column has none, and it is
 * ignored. Sorted, not pairwise: a wide file may have thousands. */
static int check_duplicates(const load_ctx *c, long line, size_t nf,
			    char *const *f, const size_t *l)
{
	hname *h = di_reallocarray(NULL, nf ? nf : 1, sizeof(*h));
	size_t first = NONE;

	if (!h)
		return di_error_oom();
	for (size_t i = 0; i < nf; i++) {
		h[i].s = f[i];
		h[i].n = l[i];
		h[i].col = i;
		di_trim(&h[i].s, &h[i].n);
	}
	qsort(h, nf, sizeof(*h), cmp_hname);
	for (size_t i = 1; i < nf; i++)
		if (h[i].n && cmp_hname(&(hname){h[i].s, h[i].n, 0},
					&(hname){h[i - 1].s, h[i - 1].n, 0}) == 0 &&
		    (first == NONE || h[i].col < h[first].col))
			first = i;
	if (first != NONE) {
		int rc = di_error_at(DI_EDATA, c->path, line,
				     "duplicate column '%.*s' in the header",
				     clip(h[first].n), h[first].s);
		di_free(h);
		return rc;
	}
	di_free(h);
	return 0;
}

/* A wide file: Date, then one column per ticker. */
static int header_wide(load_ctx *c, long line, size_t nf, char *const *f, const size_t *l)
{
	di_series *s;
	int rc;
	c->lay = LAYOUT_WIDE;
	for (size_t i = 1; i < nf; i++) {
		const char *t = f[i];
		size_t tn = l[i];
		di_trim(&t, &tn);
		if (!tn)
			return di_error_at(DI_EDATA, c->path, line,
					   "column %zu of the header has "
					   "no name (a wide file needs a "
					   "ticker per column)", i + 1);
		rc = series_add(c, line, t, tn, &s);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int on_header(load_ctx *c, long line, size_t nf, char *const *f,
		     const size_t *l)
{
	static const char *const date_n[] = {"date", NULL};
	static const char *const ticker_n[] = {"ticker", "symbol", NULL};
	static const char *const close_n[] = {"close", NULL};
	static const char *const price_n[] = {"price", NULL};
	static const char *const open_n[] = {"open", NULL};
	static const char *const high_n[] = {"high", NULL};
	static const char *const low_n[] = {"low", NULL};
	size_t adj, close, price;
	di_series *s;
	int rc;

	c->have_header = 1;
	c->header_line = line;
	c->ncols = nf;
	if ((rc = check_duplicates(c, line, nf, f, l)) < 0)
		return rc;

	c->c_date = find_col(nf, f, l, date_n);
	c->c_ticker = find_col(nf, f, l, ticker_n);
	adj = find_col(nf, f, l, adj_names);
	close = find_col(nf, f, l, close_n);
	price = find_col(nf, f, l, price_n);
	c->c_open = c->c_high = c->c_low = c->c_close = NONE;

	if (c->c_ticker != NONE && c->c_date != NONE &&
	    (adj != NONE || close != NONE || price != NONE)) {
		c->lay = LAYOUT_LONG;
		c->c_price = adj != NONE ? adj : close != NONE ? close : price;
		return 0;
	}
	if (c->c_ticker == NONE && c->c_date != NONE &&
	    (adj != NONE || close != NONE)) {
		c->lay = LAYOUT_ONE;
		c->c_price = adj != NONE ? adj : close;
		c->c_open = find_col(nf, f, l, open_n);
		c->c_high = find_col(nf, f, l, high_n);
		c->c_low = find_col(nf, f, l, low_n);
		c->c_close = close;
		if (!c->file_ticker[0])
			return di_error_at(DI_EDATA, c->path, line,
					   "no ticker: the file name is empty "
					   "without '.csv'");
		return series_add(c, line, c->file_ticker, strlen(c->file_ticker), &s);
	}
	if (c->c_ticker != NONE)
		return di_error_at(DI_EDATA, c->path, line,
				   "a long file (it has a '%.*s' column) needs "
				   "the columns date, ticker and close (or "
				   "price); '%s' is missing",
				   clip(l[c->c_ticker]), f[c->c_ticker],
				   c->c_date == NONE ? "date" : "close");
	if (c->c_date != NONE && find_col(nf, f, l, one_names) != NONE) {
		size_t k = find_col(nf, f, l, one_names);
		return di_error_at(DI_EDATA, c->path, line,
				   "no Close or Adj Close column: a file with "
				   "Date and '%.*s' holds one security and "
				   "needs one of them (a wide file has a ticker "
				   "per column)", clip(l[k]), f[k]);
	}
	if (c->c_ticker == NONE && c->c_date == 0 && nf >= 2)
		return header_wide(c, line, nf, f, l);
	return di_error_at(DI_EDATA, c->path, line,
			   "unrecognised header: expected Date and Close/Adj "
			   "Close (one security), date,ticker,close (long) or "
			   "Date plus one column per ticker (wide)");
}

/* ---- rows ------------------------------------------------------------- */

static int append(di_series *s, di_date d, double price, long line)
{
	int rc = series_reserve(s);
	if (rc < 0)
		return rc;
	s->date[s->n] = d;
	s->price[s->n] = price;
	s->line[s->n] = line;
	s->n++;
	return 0;
}

/* Dates must be strictly monotonic, ascending or descending (most vendor
 * exports are newest-first): the first two dates set the direction, and a
 * descending file is reversed once it is read. Anything else is an error
 * that says how to fix it. ticker is NULL for a wide file's rows. */
static int check_order(const load_ctx *c, long line, di_date d, di_date prev,
		       int *order, const char *ticker)
{
	char a[11], b[11];
	int dir = d > prev ? 1 : -1;
	if (d != prev && (*order == 0 || *order == dir)) {
		*order = dir;
		return 0;
	}
	di_date_format(d, a);
	di_date_format(prev, b);
	if (d == prev)
		return di_error_at(DI_EDATA, c->path, line,
				   "duplicate date %s%s%s", a,
				   ticker ? " for " : "", ticker ? ticker : "");
	return di_error_at(DI_EDATA, c->path, line,
			   "date %s out of order (after %s)%s%s: the dates must "
			   "be sorted, ascending or descending", a, b,
			   ticker ? " for " : "", ticker ? ticker : "");
}

static void reverse_doubles(double *v, size_t n)
{
	for (size_t i = 0, j = n ? n - 1 : 0; v && i < j; i++, j--) {
		double t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* A descending series, read: made ascending, each row keeping its line. */
static void series_reverse(di_series *s)
{
	for (size_t i = 0, j = s->n ? s->n - 1 : 0; i < j; i++, j--) {
		di_date d = s->date[i];
		long l = s->line[i];
		s->date[i] = s->date[j];
		s->date[j] = d;
		s->line[i] = s->line[j];
		s->line[j] = l;
	}
	reverse_doubles(s->price, s->n);
	reverse_doubles(s->open, s->n);
	reverse_doubles(s->high, s->n);
	reverse_doubles(s->low, s->n);
	reverse_doubles(s->close, s->n);
	s->order = 1;
}

static int row_one(load_ctx *c, long line, di_date d, char *const *f,
		   const size_t *l)
{
	di_series *s = c->s[0];
	const size_t cols[4] = {c->c_open, c->c_high, c->c_low, c->c_close};
	static const char *const what[4] = {"open", "high", "low", "close"};
	double ohlc[4], v;
	int rc;

	/* no price that date: no row for the series (1) */
	if ((rc = row_price(c, line, f, l, s, d, &v)))
		return rc < 0 ? rc : 0;
	for (int k = 0; k < 4; k++) {
		rc = read_ohlc(c, line, d, f, l, cols[k], what[k], &ohlc[k]);
		if (rc < 0)
			return rc;
	}
	rc = append(s, d, v, line);
	if (rc < 0)
		return rc;
	if (s->open)
		s->open[s->n - 1] = ohlc[0];
	if (s->high)
		s->high[s->n - 1] = ohlc[1];
	if (s->low)
		s->low[s->n - 1] = ohlc[2];
	if (s->close)
		s->close[s->n - 1] = ohlc[3];
	return 0;
}

static int row_long(load_ctx *c, long line, di_date d, char *const *f,
		    const size_t *l)
{
	const char *t = f[c->c_ticker];
	size_t tn = l[c->c_ticker];
	di_series *s = NULL;
	double v;
	int rc;

	di_trim(&t, &tn);
	if (!tn)
		return di_error_at(DI_EDATA, c->path, line, "empty ticker");
	if (c->last && strlen(c->last->ticker) == tn &&
	    memcmp(c->last->ticker, t, tn) == 0)
		s = c->last;
	if (!s)
		s = index_find(&c->idx, c->s, t, tn);
	if (!s) {
		rc = series_add(c, line, t, tn, &s);
		if (rc < 0)
			return rc;
		rc = index_add(&c->idx, c->s, c->n);
		if (rc < 0)
			return rc;
	}
	c->last = s;
	/* no price that date: no row for the series (1) */
	if ((rc = row_price(c, line, f, l, s, d, &v)))
		return rc < 0 ? rc : 0;
	if (s->n && (rc = check_order(c, line, d, s->date[s->n - 1], &s->order,
				      s->ticker)) < 0)
		return rc;
	return append(s, d, v, line);
}

/* ---- wide files: columns ------------------------------------------- */

/* The first data row of a wide file: its buffers, and how many rows to
 * expect (the file's size over this row's), so that a column is
 * allocated once; memory reserved beyond the rows is never touched, so it
 * costs address space, not memory, and is given back at the end. */
static int wide_start(load_ctx *c, const size_t *l)
{
	size_t nser = c->ncols - 1, row_bytes = c->ncols;

	for (size_t i = 0; i < c->ncols; i++)
		row_bytes += l[i];
	c->col_hint = c->file_size > 0 ? (size_t)c->file_size / row_bytes : 0;
	c->col_hint += c->col_hint / 4 + 64;
	c->wcols = di_calloc(1, sizeof(*c->wcols));
	if (c->wcols)
		c->wcols->refs = 1; /* the load's own reference until it ends,
				     * also when an allocation below fails */
	c->block = di_reallocarray(NULL, WIDE_BLOCK * nser, sizeof(double));
	c->nmiss = di_calloc(nser, sizeof(size_t));
	if (!c->wcols || !c->block || !c->nmiss)
		return di_error_oom();
	return 0;
}

static int cols_append(di_cols *k, di_date d, long line)
{
	if (k->n == k->cap) {
		size_t ncap = k->cap ? 2 * k->cap : 256;
		di_date *nd = di_reallocarray(k->date, ncap, sizeof(*nd));
		long *nl;
		if (!nd)
			return di_error_oom();
		k->date = nd;
		nl = di_reallocarray(k->line, ncap, sizeof(*nl));
		if (!nl)
			return di_error_oom();
		k->line = nl;
		k->cap = ncap;
	}
	k->date[k->n] = d;
	k->line[k->n++] = line;
	return 0;
}

/* Series j's missing close on row r, outside its kept rows: a bit of
 * c->miss, set atomically (two chunks' threads may share its byte). */
static void miss_set(const load_ctx *c, size_t j, size_t r)
{
	__atomic_fetch_or(&c->miss[j * c->miss_stride + r / 8], (unsigned char)(1u << (r % 8)),
			  __ATOMIC_RELAXED);
}

static int miss_get(const load_ctx *c, size_t j, size_t r)
{
	return c->miss[j * c->miss_stride + r / 8] >> (r % 8) & 1;
}

/* block_move for series j when rows [r0, r0 + rows) are not all kept. */
static void block_move_part(const load_ctx *c, const double *block, size_t rows, size_t r0,
			    size_t j, size_t *nmiss)
{
	size_t nser = c->ncols - 1, from = c->kfrom[j], to = c->kto[j];

	for (size_t r = 0; r < rows; r++) {
		double v = block[r * nser + j];
		nmiss[j] += isnan(v);
		if (r0 + r >= from && r0 + r < to)
			c->s[j]->price[r0 + r - from] = v;
		else if (isnan(v))
			miss_set(c, j, r0 + r);
	}
}

/* Move rows of block (row-major, NAN: no price) into the series' columns
 * from row r0 on, counting each series' missing cells into nmiss. With a
 * keep plan a column holds its kept rows only. */
static void block_move(const load_ctx *c, const double *block, size_t rows, size_t r0,
		       size_t *nmiss)
{
	size_t nser = c->ncols - 1;

	for (size_t j = 0; j < nser; j++) {
		size_t from = c->kfrom ? c->kfrom[j] : 0;
		double *col;
		if (c->kfrom && (r0 < from || r0 + rows > c->kto[j])) {
			block_move_part(c, block, rows, r0, j, nmiss);
			continue;
		}
		col = c->s[j]->price + (r0 - from);
		for (size_t r = 0; r < rows; r++) {
			double v = block[r * nser + j];
			col[r] = v;
			nmiss[j] += isnan(v);
		}
	}
}

/* Move the block's rows into the series' columns, grown as needed. */
static int wide_flush(load_ctx *c)
{
	size_t nser = c->ncols - 1, need = c->wcols->n;

	for (size_t j = 0; j < nser; j++) {
		di_series *s = c->s[j];
		if (s->cap < need) {
			size_t ncap = s->cap * 2 > c->col_hint ? s->cap * 2 : c->col_hint;
			double *np;
			ncap = ncap < need ? need : ncap;
			np = di_reallocarray(s->price, ncap, sizeof(double));
			if (!np)
				return di_error_oom();
			s->price = np;
			s->cap = ncap;
		}
	}
	block_move(c, c->block, c->block_rows, need - c->block_rows, c->nmiss);
	c->block_rows = 0;
	return 0;
}

/* The price cells of row r (line, date d) into row[] (NAN: no price);
 * *wild set by a close outside [DI_CLOSE_TAME_MIN, DI_CLOSE_TAME_MAX]. */
static int wide_cells(const load_ctx *c, long line, size_t r, di_date d, char *const *f,
		      const size_t *l, double *row, int *wild)
{
	for (size_t i = 1; i < c->ncols; i++) {
		double v;
		int rc;
		/* a close the plan does not keep need only be known a price
		 * (1 stands for it): a plain one is, any other is read */
		if (c->kfrom && (r < c->kfrom[i - 1] || r >= c->kto[i - 1]) &&
		    di_num_plain_price(f[i], l[i], c->info.decimal_comma)) {
			row[i - 1] = 1.0;
			continue;
		}
		/* the common cell, a price, read here; read_price reads any
		 * other cell again, by its rules, with its message */
		if (di_num_parse(f[i], l[i], c->info.decimal_comma, &v) == 0 &&
		    v >= DI_CLOSE_TAME_MIN && v <= DI_CLOSE_TAME_MAX) {
			row[i - 1] = v;
			continue;
		}
		rc = read_price(c, line, f[i], l[i], c->s[i - 1]->ticker, d, "price", &v);
		if (rc < 0)
			return rc;
		row[i - 1] = rc == 1 ? NAN : v;
		*wild |= rc == 0 && !(v >= DI_CLOSE_TAME_MIN && v <= DI_CLOSE_TAME_MAX);
	}
	return 0;
}

static int row_wide(load_ctx *c, long line, di_date d, char *const *f,
		    const size_t *l)
{
	int rc;

	if (!c->block && (rc = wide_start(c, l)) < 0)
		return rc;
	if ((rc = cols_append(c->wcols, d, line)) < 0)
		return rc;
	rc = wide_cells(c, line, c->wcols->n - 1, d, f, l,
			c->block + c->block_rows * (c->ncols - 1), &c->wild);
	if (rc < 0)
		return rc;
	if (++c->block_rows == WIDE_BLOCK)
		return wide_flush(c);
	return 0;
}

static void reverse_dates_lines(di_date *d, long *l, size_t n)
{
	for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
		di_date td = d[i];
		long tl = l[i];
		d[i] = d[j];
		d[j] = td;
		l[i] = l[j];
		l[j] = tl;
	}
}

static void shrink_price(di_series *s)
{
	size_t n = di_series_kept_n(s);
	double *np = di_reallocarray(s->price, n ? n : 1, sizeof(double));
	if (np) /* a failed shrink keeps the larger block: no harm */
		s->price = np;
	s->cap = n;
}

/* A column with missing cells (series j) gets its own dates and lines:
 * every row's with a close. Its closes, those of rows [from, to) (all of
 * them without a keep plan), move down in place; a missing close outside
 * them is a bit of c->miss. */
static int wide_compact(di_series *s, const load_ctx *c, size_t j, size_t from, size_t to)
{
	const di_cols *k = c->wcols;
	size_t n = k->n - c->nmiss[j], m = 0;
	s->date = di_reallocarray(NULL, n ? n : 1, sizeof(di_date));
	s->line = di_reallocarray(NULL, n ? n : 1, sizeof(long));
	if (!s->date || !s->line)
		return di_error_oom();
	for (size_t r = 0; r < k->n; r++) {
		int kept = r >= from && r < to;
		if (kept ? isnan(s->price[r - from]) : miss_get(c, j, r))
			continue;
		if (kept)
			s->price[s->keep_n++] = s->price[r - from];
		else if (r < from)
			s->keep_from++;
		s->date[m] = k->date[r];
		s->line[m++] = k->line[r];
	}
	s->n = m;
	return 0;
}

/* Series j of a wide file: the shared date and line columns, or its own
 * when it has missing cells; with a keep plan, its kept rows said. */
static int wide_series(load_ctx *c, size_t j)
{
	di_cols *k = c->wcols;
	di_series *s = c->s[j];
	int rc = 0;

	s->kept = c->kfrom != NULL;
	s->kept_wild = s->kept && c->wild;
	if (c->nmiss[j] == 0) {
		s->date = k->date;
		s->line = k->line;
		s->cols = k;
		k->refs++;
		s->n = k->n;
		s->keep_from = s->kept ? c->kfrom[j] : 0;
		s->keep_n = s->kept ? c->kto[j] - c->kfrom[j] : 0;
	} else {
		rc = wide_compact(s, c, j, s->kept ? c->kfrom[j] : 0, s->kept ? c->kto[j] : k->n);
	}
	if (rc == 0)
		shrink_price(s);
	return rc;
}

/* The end of a wide file: the last block moved, a descending file made
 * ascending once for all its series, and each series given the shared
 * date and line columns, or its own when it has missing cells. */
static int wide_finish(load_ctx *c)
{
	di_cols *k = c->wcols;
	int rc;

	if (!k)
		return 0;
	if (c->block_rows && (rc = wide_flush(c)) < 0)
		return rc;
	if (c->order < 0) {
		reverse_dates_lines(k->date, k->line, k->n);
		for (size_t j = 0; j < c->n; j++)
			reverse_doubles(c->s[j]->price, k->n);
		c->order = 1;
	}
	for (size_t j = 0; j < c->n; j++)
		if ((rc = wide_series(c, j)) < 0)
			return rc;
	cols_release(k);
	c->wcols = NULL;
	return 0;
}

static int on_record(void *payload, long line, size_t nf, char *const *f,
		     const size_t *l)
{
	load_ctx *c = payload;
	di_date d;
	int rc;

	if (!c->have_header)
		return on_header(c, line, nf, f, l);
	c->nrows++;
	if (nf != c->ncols)
		return di_error_at(DI_EDATA, c->path, line,
				   "expected %zu fields (as in the header), "
				   "found %zu", c->ncols, nf);
	rc = read_date(c, line, f[c->c_date], l[c->c_date], &d);
	if (rc < 0)
		return rc;
	if (c->lay == LAYOUT_LONG)
		return row_long(c, line, d, f, l);
	/* one row per date: the order is checked on the rows, so a date
	 * with no price at all cannot hide a disorder */
	if (c->have_prev &&
	    (rc = check_order(c, line, d, c->prev_date, &c->order,
			      c->lay == LAYOUT_ONE ? c->file_ticker : NULL)) < 0)
		return rc;
	c->prev_date = d;
	c->have_prev = 1;
	return c->lay == LAYOUT_ONE ? row_one(c, line, d, f, l)
				    : row_wide(c, line, d, f, l);
}

/* ---- wide files on several threads ------------------------------------ */

/* A wide file of at least p->par_min bytes (DI_PRICES_PAR_MIN) is read on
 * p->jobs threads: its header on this one, then its rows in chunks of
 * whole lines, each chunk on a thread of its own. A first pass counts
 * each chunk's rows, so that the columns are allocated once and every
 * chunk writes its rows in place (the rows of all chunks never exist
 * twice); each chunk checks the order of its own dates, and the join the
 * order across chunks. Any failure, or a file whose lines a quote or a
 * lone CR could hide, is read again on one thread: its errors (the first
 * in file order, with its message and line) are then those of one thread,
 * by construction, and the values are read by the same functions. */

/* Chunks per worker: a thread slowed by other work on the machine does
 * not hold the others up for long. */
#define PAR_PER_WORKER 4
/* read_par: the file is not one to read on threads, or it failed there */
#define PAR_NO 1

typedef struct chunk {
	size_t start, end;  /* bytes, from a line start to a line start */
	size_t lines, nrec; /* its lines and records (di_csv_scan) */
	size_t row0;        /* its first row in the columns */
	long line0;         /* its first line */
	size_t *nmiss;      /* missing cells per series */
	size_t rows;        /* rows read */
	di_date first, last;
	int order;          /* as load_ctx.order, within the chunk */
	int wild;           /* as load_ctx.wild */
	di_date *dates;     /* with a keep plan: its records' dates, read */
	size_t ndates, dcap; /* ahead by the scan (scan_date) */
	int dates_bad;      /* a date the scan could not read */
} chunk;

typedef struct par_load {
	const load_ctx *c;
	const di_csv_src *src;
	chunk *ch;
	size_t nch;
} par_load;

typedef struct par_worker {
	const par_load *pl;
	double *block; /* WIDE_BLOCK rows, as load_ctx.block */
} par_worker;

/* A chunk being read: what its record callback needs. */
typedef struct chunk_read {
	const load_ctx *c;
	chunk *k;
	double *block;
	size_t block_rows;
} chunk_read;

/* A row of a chunk. Every failure is DI_EDATA or the code of the one-
 * thread function that found it: the read on one thread says why. */
static int chunk_record(void *payload, long line, size_t nf, char *const *f,
			const size_t *l)
{
	chunk_read *cr = payload;
	const load_ctx *c = cr->c;
	chunk *k = cr->k;
	size_t row = k->row0 + k->rows;
	di_date d;
	int rc;

	if (nf != c->ncols || k->rows == k->nrec)
		return DI_EDATA;
	if ((rc = read_date(c, line, f[c->c_date], l[c->c_date], &d)) < 0)
		return rc;
	if (c->rowdate && d != c->rowdate[row]) /* the file changed since the scan */
		return DI_EDATA;
	if (k->rows) {
		int dir = d > k->last ? 1 : -1;
		if (d == k->last || (k->order && dir != k->order))
			return DI_EDATA;
		k->order = dir;
	} else {
		k->first = d;
	}
	k->last = d;
	c->wcols->date[row] = d;
	c->wcols->line[row] = line;
	k->rows++;
	rc = wide_cells(c, line, row, d, f, l, cr->block + cr->block_rows * (c->ncols - 1),
			&k->wild);
	if (rc < 0)
		return rc;
	if (++cr->block_rows == WIDE_BLOCK) {
		block_move(c, cr->block, WIDE_BLOCK, row + 1 - WIDE_BLOCK, k->nmiss);
		cr->block_rows = 0;
	}
	return 0;
}

/* What scan_date reads a record's date for. */
typedef struct scan_ctx {
	const load_ctx *c;
	chunk *k;
} scan_ctx;

/* The date of a plain record's line (no quote: its fields are between
 * delimiters), read as read_date reads it, for the keep plan; a date it
 * cannot read (the parse reports it) leaves the file without a plan. */
static void scan_date(void *payload, const char *line, size_t len)
{
	const scan_ctx *sc = payload;
	const load_ctx *c = sc->c;
	chunk *k = sc->k;
	const char *f = line, *end = line + len, *q;
	size_t n;
	di_date d;

	while (end > f && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (size_t i = 0; i < c->c_date && f && !k->dates_bad; i++)
		f = (q = memchr(f, c->info.delim, (size_t)(end - f))) ? q + 1 : NULL;
	if (!f || k->dates_bad) {
		k->dates_bad = 1;
		return;
	}
	q = memchr(f, c->info.delim, (size_t)(end - f));
	n = (size_t)((q ? q : end) - f);
	di_trim(&f, &n);
	if (di_date_parse_as(f, n, c->fmt, &d) < 0 ||
	    di_grow((void **)&k->dates, &k->dcap, k->ndates + 1, sizeof(*k->dates)) < 0) {
		k->dates_bad = 1;
		return;
	}
	k->dates[k->ndates++] = d;
}

static int scan_task(void *worker, size_t t)
{
	par_worker *w = worker;
	chunk *k = &w->pl->ch[t];
	scan_ctx sc = {w->pl->c, k};
	int rc = di_csv_scan(w->pl->src, k->start, k->end, &k->lines, &k->nrec,
			     w->pl->c->p->keep ? scan_date : NULL, &sc);
	return rc > 0 ? DI_EDATA : rc; /* not plain: one thread */
}

static int parse_task(void *worker, size_t t)
{
	par_worker *w = worker;
	const load_ctx *c = w->pl->c;
	chunk *k = &w->pl->ch[t];
	chunk_read cr = {c, k, w->block, 0};
	int rc;

	if (!cr.block) {
		cr.block = w->block = di_reallocarray(NULL, WIDE_BLOCK * (c->ncols - 1),
						      sizeof(double));
		if (!cr.block)
			return di_error_oom();
	}
	rc = di_csv_read_range(w->pl->src, k->start, k->end, &c->info, k->line0,
			       chunk_record, &cr);
	if (rc < 0)
		return rc;
	if (k->rows != k->nrec) /* the file changed since it was counted */
		return DI_EDATA;
	block_move(c, cr.block, cr.block_rows, k->row0 + k->rows - cr.block_rows, k->nmiss);
	return 0;
}

/* How many chunks the bytes of a file's rows are read in (< 2: one
 * thread), each of at least p->par_chunk bytes, and on how many workers. */
static size_t par_chunks(const di_prices *p, size_t bytes, size_t *nw)
{
	size_t most = bytes / (p->par_chunk ? p->par_chunk : 1);
	size_t n = (size_t)(p->jobs < DI_POOL_MAX_THREADS ? p->jobs : DI_POOL_MAX_THREADS);

	n = n * PAR_PER_WORKER < most ? n * PAR_PER_WORKER : most;
	*nw = di_pool_workers(p->jobs, n);
	return n;
}

/* Cut bytes [off, size) into pl->nch chunks at line starts. */
static int par_split(par_load *pl, size_t off, size_t size)
{
	size_t step = (size - off) / pl->nch;

	pl->ch[0].start = off;
	for (size_t k = 1; k < pl->nch; k++) {
		size_t b;
		int rc = di_csv_line_end(pl->src, off + k * step - 1, size, &b);
		if (rc < 0)
			return rc;
		if (b < pl->ch[k - 1].start) /* cannot happen: kept in order */
			b = pl->ch[k - 1].start;
		pl->ch[k - 1].end = pl->ch[k].start = b;
	}
	pl->ch[pl->nch - 1].end = size;
	return 0;
}

/* Each chunk's first row and line, from the counts of those before it;
 * returns the rows of the file. */
static size_t par_bases(par_load *pl, long line1)
{
	size_t row = 0;
	long line = line1;

	for (size_t k = 0; k < pl->nch; k++) {
		pl->ch[k].row0 = row;
		pl->ch[k].line0 = line;
		row += pl->ch[k].nrec;
		line += (long)pl->ch[k].lines;
	}
	return row;
}

/* A task of par_columns: the price columns of series [t * n / nt, (t + 1)
 * * n / nt), n = c->n, nt = the tasks. */
typedef struct col_alloc {
	load_ctx *c;
	size_t rows, ntasks;
} col_alloc;

static int col_alloc_task(void *worker, size_t t)
{
	const col_alloc *a = worker;
	load_ctx *c = a->c;
	size_t from = t * c->n / a->ntasks, to = (t + 1) * c->n / a->ntasks;
	for (size_t j = from; j < to; j++) {
		size_t n = c->kfrom ? c->kto[j] - c->kfrom[j] : a->rows;
		c->s[j]->price = di_reallocarray(NULL, n ? n : 1, sizeof(double));
		if (!c->s[j]->price)
			return di_error_oom();
		c->s[j]->cap = n;
	}
	return 0;
}

/* The shared date and line columns and each series' prices, for rows.
 * The price columns are allocated on the pool's threads: malloc writes a
 * chunk header at the end of each column, so allocating them touches (and
 * has the kernel clear) every page of the 200 MB of a 5,000 x 5,000 file;
 * on one thread that was a sixth of the load's wall time. Each worker's
 * columns come from its own malloc arena, cleared in parallel. */
static int par_columns(load_ctx *c, size_t rows, size_t nw)
{
	col_alloc a[DI_POOL_MAX_THREADS];
	size_t ntasks = nw * PAR_PER_WORKER;
	c->wcols = di_calloc(1, sizeof(*c->wcols));
	if (!c->wcols)
		return di_error_oom();
	c->wcols->refs = 1; /* the load's own, as wide_start */
	c->wcols->date = di_reallocarray(NULL, rows, sizeof(di_date));
	c->wcols->line = di_reallocarray(NULL, rows, sizeof(long));
	c->nmiss = di_calloc(c->ncols - 1, sizeof(size_t));
	if (!c->wcols->date || !c->wcols->line || !c->nmiss)
		return di_error_oom();
	c->wcols->n = c->wcols->cap = rows;
	if (ntasks > c->n)
		ntasks = c->n ? c->n : 1;
	for (size_t i = 0; i < nw; i++)
		a[i] = (col_alloc){c, rows, ntasks};
	return di_pool_run(ntasks, nw, a, sizeof(a[0]), col_alloc_task, NULL, NULL);
}

/* The chunks read: their dates in one direction across chunks too (else
 * PAR_NO), their missing cells summed; c as after a read on one thread. */
static int par_join(load_ctx *c, const par_load *pl, size_t rows)
{
	int order = 0, have = 0;
	di_date prev = 0;

	for (size_t i = 0; i < pl->nch; i++) {
		const chunk *k = &pl->ch[i];
		if (!k->rows)
			continue;
		if (have) {
			int dir = k->first > prev ? 1 : -1;
			if (k->first == prev || (order && dir != order))
				return PAR_NO;
			order = dir;
		}
		if (k->order && order && k->order != order)
			return PAR_NO;
		c->wild |= k->wild;
		order = k->order ? k->order : order;
		prev = k->last;
		have = 1;
		for (size_t j = 0; j + 1 < c->ncols; j++)
			c->nmiss[j] += k->nmiss[j];
	}
	c->order = order;
	c->nrows = rows;
	c->prev_date = prev;
	c->have_prev = 1;
	return 0;
}

/* The rows' dates as the scan read them, into c->rowdate: 0, or 1 when
 * some date could not be read ahead or the dates do not ascend. */
static int plan_dates(load_ctx *c, const par_load *pl, size_t rows)
{
	size_t n = 0;
	c->rowdate = di_reallocarray(NULL, rows, sizeof(di_date));
	if (!c->rowdate)
		return di_error_oom();
	for (size_t i = 0; i < pl->nch; i++) {
		const chunk *k = &pl->ch[i];
		if (k->dates_bad || k->ndates != k->nrec || n + k->ndates > rows)
			return 1;
		memcpy(c->rowdate + n, k->dates, k->ndates * sizeof(di_date));
		n += k->ndates;
	}
	for (size_t r = 1; r < n; r++)
		if (c->rowdate[r] <= c->rowdate[r - 1])
			return 1;
	return n == rows ? 0 : 1;
}

/* The keep plan of a wide file read on threads (di_prices_set_keep):
 * each series' kept rows, asked of p->keep with the dates the scan read.
 * No plan (every close kept) without p->keep, or when the dates could not
 * be read ahead (plan_dates). */
static int plan_keep(const di_prices *p, load_ctx *c, const par_load *pl, size_t rows)
{
	size_t nser = c->ncols - 1;
	int rc;

	if (!p->keep || !nser)
		return 0;
	if ((rc = plan_dates(c, pl, rows)) != 0) {
		di_free(c->rowdate);
		c->rowdate = NULL;
		return rc < 0 ? rc : 0;
	}
	c->kfrom = di_calloc(nser, sizeof(size_t));
	c->kto = di_calloc(nser, sizeof(size_t));
	c->miss_stride = (rows + 7) / 8;
	c->miss = di_calloc(nser, c->miss_stride);
	if (!c->kfrom || !c->kto || !c->miss)
		return di_error_oom();
	for (size_t j = 0; j < nser; j++) {
		size_t from = 0, to = rows;
		p->keep(p->keep_ud, c->s[j]->ticker, c->rowdate, rows, &from, &to);
		if (from > to || to > rows) { /* not a range of rows: all */
			from = 0;
			to = rows;
		}
		c->kfrom[j] = from;
		c->kto[j] = to;
	}
	return 0;
}

/* Read a wide file's rows on threads after its header, on this one: 0,
 * or PAR_NO (the caller reads it again on one thread). */
static int read_par(const di_prices *p, const di_csv_src *src, load_ctx *c)
{
	par_load pl = {c, src, NULL, 0};
	par_worker *w = NULL;
	size_t off, size = (size_t)c->file_size, rows = 0, nw = 0, *nmiss = NULL;
	long lines;
	int rc = di_csv_read_head(src, &c->info, on_record, c, &off, &lines);

	if (rc < 0 || !off || c->lay != LAYOUT_WIDE || off >= size ||
	    (pl.nch = par_chunks(p, size - off, &nw)) < 2)
		return PAR_NO;
	pl.ch = di_calloc(pl.nch, sizeof(*pl.ch));
	w = di_calloc(nw, sizeof(*w));
	nmiss = di_calloc(pl.nch, (c->ncols - 1) * sizeof(size_t));
	if (!pl.ch || !w || !nmiss) {
		rc = PAR_NO;
		goto out;
	}
	for (size_t i = 0; i < nw; i++)
		w[i].pl = &pl;
	for (size_t k = 0; k < pl.nch; k++)
		pl.ch[k].nmiss = nmiss + k * (c->ncols - 1);
	if ((rc = par_split(&pl, off, size)) == 0 &&
	    (rc = di_pool_run(pl.nch, nw, w, sizeof(*w), scan_task, NULL, NULL)) == 0) {
		rows = par_bases(&pl, lines + 1);
		rc = rows ? plan_keep(p, c, &pl, rows) : PAR_NO;
		if (rc == 0)
			rc = par_columns(c, rows, nw);
	}
	if (rc == 0)
		rc = di_pool_run(pl.nch, nw, w, sizeof(*w), parse_task, NULL, NULL);
	if (rc == 0)
		rc = par_join(c, &pl, rows);
out:
	for (size_t i = 0; w && i < nw; i++)
		di_free(w[i].block);
	for (size_t k = 0; pl.ch && k < pl.nch; k++)
		di_free(pl.ch[k].dates);
	di_free(w);
	di_free(pl.ch);
	di_free(nmiss);
	return rc == 0 ? 0 : PAR_NO;
}

/* ---- files ------------------------------------------------------------ */

/* "dir/SAAB-B.ST.csv" -> "SAAB-B.ST", unless the file-name map names
 * the file ("ldo_mi_d.csv" -> "LDO.MI", from a securities file). */
static int ticker_from_path(const di_prices *p, const char *path, char **out)
{
	const char *base = strrchr(path, '/'), *mapped;
	size_t n;

	base = base ? base + 1 : path;
	mapped = p->file_ticker ? p->file_ticker(p->file_ticker_ud, base) : NULL;
	if (mapped) {
		*out = di_strdup(mapped);
		return *out ? 0 : di_error_oom();
	}
	n = strlen(base);
	if (n >= 4 && strcasecmp(base + n - 4, ".csv") == 0)
		n -= 4;
	*out = di_strndup(base, n);
	return *out ? 0 : di_error_oom();
}

static void ctx_dispose(load_ctx *c)
{
	for (size_t i = 0; i < c->n; i++)
		series_free(c->s[i]);
	di_free(c->s);
	di_free(c->idx.slot);
	di_free(c->file_ticker);
	if (c->wcols)
		cols_release(c->wcols);
	di_free(c->block);
	di_free(c->nmiss);
	di_free(c->kfrom);
	di_free(c->kto);
	di_free(c->rowdate);
	di_free(c->miss);
	memset(c, 0, sizeof(*c));
}

/* c, fresh, for a read of src with dates in fmt (settled: no more
 * settling). */
static int ctx_init(di_prices *p, const di_csv_src *src, di_date_fmt fmt, int settled,
		    load_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->path = src->name;
	c->fmt = fmt;
	c->settled = settled;
	if (src->data) {
		c->file_size = (long long)src->len;
	} else {
		struct stat sb;
		c->file_size = stat(src->name, &sb) == 0 ? (long long)sb.st_size : 0;
	}
	return ticker_from_path(p, src->name, &c->file_ticker);
}

/* Read src into c: a large file on threads when p->jobs allows, and when
 * that does not succeed (or is not tried), on this thread. */
static int read_file(di_prices *p, const di_csv_src *src, di_date_fmt fmt, int settled,
		     load_ctx *c)
{
	int rc = ctx_init(p, src, fmt, settled, c);

	if (rc < 0)
		return rc;
	/* threads only where offsets and sizes hold the whole file (a 32-bit
	 * build without large-file offsets reads a huge file on one thread) */
	if (p->jobs > 1 && c->file_size >= 0 && (unsigned long long)c->file_size <= SIZE_MAX &&
	    sizeof(off_t) >= 8 && (size_t)c->file_size >= p->par_min) {
		if (read_par(p, src, c) == 0) {
			p->par_files++;
			return 0;
		}
		ctx_dispose(c);
		if ((rc = ctx_init(p, src, fmt, settled, c)) < 0)
			return rc;
	}
	return di_csv_read_src(src, &c->info, on_record, c);
}

/* Read src, settling its date format first if its dates need it. */
static int read_file_settled(di_prices *p, const di_csv_src *src, load_ctx *c)
{
	di_date_fmt fmt;
	size_t col;
	int rc = read_file(p, src, p->date_fmt, p->date_fmt != DI_DATE_AUTO, c);
	if (rc != NEED_DATE_FORMAT)
		return rc;
	col = c->c_date;
	ctx_dispose(c);
	rc = di_date_settle_src(src, col, &fmt);
	if (rc < 0)
		return rc;
	return read_file(p, src, fmt, 1, c);
}

/* Add a file's series through the builder, all or none: on a failure
 * half-way the series added before it are taken out again. A file (not a
 * buffer) joins p->files, the inputs of the manifest. */
static int join_file(di_prices *p, const di_csv_src *src, const load_ctx *c)
{
	const char *path = src->name;
	size_t n0 = p->n;
	char *file = NULL;
	int rc = 0;

	if (!src->data) {
		if (di_grow((void **)&p->files, &p->files_cap, p->nfiles + 1,
			    sizeof(*p->files)) < 0)
			return DI_ENOMEM;
		file = di_strdup(path);
		if (!file)
			return di_error_oom();
	}
	for (size_t i = 0; i < c->n && rc == 0; i++) {
		rc = prices_adopt(p, c->s[i], path);
		if (rc == 0)
			c->s[i] = NULL; /* p owns it now */
	}
	if (rc < 0) {
		for (; p->n > n0; p->n--) {
			index_pop(&p->idx, p->s, p->n);
			series_free(p->s[p->n - 1]);
		}
		di_free(file);
		return rc;
	}
	if (file)
		p->files[p->nfiles++] = file;
	return 0;
}

int di_prices_load_file(di_prices *p, const char *path)
{
	di_csv_src src = {path, NULL, 0};
	return di_prices_load_src(p, &src);
}

int di_prices_load_mem(di_prices *p, const char *name, const char *data, size_t len)
{
	di_csv_src src = {name, data ? data : "", len};
	return di_prices_load_src(p, &src);
}

int di_prices_load_src(di_prices *p, const di_csv_src *src)
{
	const char *path = src->name;
	load_ctx c;
	int rc;

	rc = read_file_settled(p, src, &c);
	if (rc < 0)
		goto out;

	if (c.nrows == 0) {
		rc = di_error_at(DI_EDATA, path, c.header_line,
				 "no prices: the header has no row under it");
		goto out;
	}
	if ((rc = wide_finish(&c)) < 0)
		goto out;
	for (size_t i = 0; i < c.n; i++) {
		/* one/wide files have one direction for all their series */
		if (c.lay != LAYOUT_LONG)
			c.s[i]->order = c.order;
		if (c.s[i]->order < 0)
			series_reverse(c.s[i]);
	}
	for (size_t i = 0; i < c.n; i++)
		if (c.s[i]->n == 0) {
			rc = di_error_at(DI_EDATA, path, c.header_line,
					 "no prices for %s: every price cell is "
					 "empty or NA", c.s[i]->ticker);
			goto out;
		}

	rc = join_file(p, src, &c);

out:
	ctx_dispose(&c);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_csv_suffix(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

/* The paths of the *.csv files of dir, sorted by name: *names (n of
 * them) is the caller's to free, also after an error. */
static int list_csv_files(const char *dir, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;
	int rc = 0;
	if (!d)
		return di_error_at(DI_EIO, dir, 0, "cannot open folder: %s",
				   DI_STRERROR(errno));
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		/* hidden files include macOS "._x.csv" resource forks, which
		 * are binary: never price files */
		if (de->d_name[0] == '.' || !has_csv_suffix(de->d_name))
			continue;
		if (di_grow((void **)names, &cap, *n + 1, sizeof(**names)) < 0) {
			rc = DI_ENOMEM;
			goto out;
		}
		(*names)[*n] = di_path_join(dir, de->d_name);
		if (!(*names)[*n]) {
			rc = di_error_oom();
			goto out;
		}
		(*n)++;
	}
	if (errno) {
		rc = di_error_at(DI_EIO, dir, 0, "cannot read folder: %s",
				 DI_STRERROR(errno));
		goto out;
	}
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_names);
out:
	closedir(d);
	return rc;
}

static int load_dir(di_prices *p, const char *dir, const char *const *skip,
		    size_t nskip)
{
	char **names = NULL;
	size_t n = 0, loaded = 0;
	char (*skip_real)[PATH_MAX] = NULL;
	char *real = NULL;
	int rc;

	if ((rc = list_csv_files(dir, &names, &n)))
		goto out;

	/* skip[] by real path: "./events.csv" and "events.csv" are one file */
	if (nskip) {
		skip_real = di_calloc(nskip, sizeof(*skip_real));
		if (!skip_real) {
			rc = di_error_oom();
			goto out;
		}
		for (size_t i = 0; i < nskip; i++)
			if (!skip[i] || !realpath(skip[i], skip_real[i]))
				skip_real[i][0] = '\0';
	}
	real = di_malloc(PATH_MAX);
	if (!real) {
		rc = di_error_oom();
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		int skipped = 0;
		if (stat(names[i], &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (nskip && realpath(names[i], real))
			for (size_t j = 0; j < nskip; j++)
				if (skip_real[j][0] &&
				    strcmp(real, skip_real[j]) == 0)
					skipped = 1;
		if (skipped)
			continue;
		rc = di_prices_load_file(p, names[i]);
		if (rc < 0)
			goto out;
		loaded++;
	}
	if (!loaded)
		rc = di_error_at(DI_EDATA, dir, 0,
				 "no price files (*.csv) in this folder");

out:
	for (size_t i = 0; i < n; i++)
		di_free(names[i]);
	di_free(names);
	di_free(skip_real);
	di_free(real);
	return rc;
}

int di_prices_load_path(di_prices *p, const char *path,
			const char *const *skip, size_t nskip)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return di_error_at(DI_EIO, path, 0, "cannot open: %s",
				   DI_STRERROR(errno));
	if (S_ISDIR(sb.st_mode))
		return load_dir(p, path, skip, nskip);
	if (!S_ISREG(sb.st_mode))
		return di_error_at(DI_EIO, path, 0,
				   "not a regular file or a folder");
	return di_prices_load_file(p, path);
}
