/*
 * csv.c - the streaming CSV reader: lines in, records out, with the line
 * on which each record starts.
 *
 * The file is read in chunks and cut into lines here; each line is fed to
 * libcsv, which does the quoting. Feeding whole lines is what lets us number
 * records, skip blank lines and name the line of a bad quote, since libcsv
 * itself knows nothing of lines. Memory is bounded by DI_CSV_MAX_RECORD:
 * one line buffer and one record.
 *
 * This module must not interpret fields (no trimming, no numbers, no
 * field counts): the loaders above it own those rules and their messages.
 */
/* libcsv's header; ours is csvread.h so that the names cannot clash. */
#include <csv.h>
#ifndef LIBCSV_H__
#error "libcsv's csv.h not found (ours was taken instead)"
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "alloc.h"
#include "csvread.h"
#include "error.h"

#define CHUNK (64u * 1024u)

/* A line source: a FILE read in chunks into buf (whole lines plus a
 * partial tail), or a caller's memory buffer used in place (f NULL, buf
 * borrowed, eof from the start). One reader serves both, so a buffer is
 * read by exactly the rules of a file. */
typedef struct line_reader {
	FILE *f;
	char *buf;
	size_t cap, start, end;
	int eof;
	int borrowed; /* buf is the caller's: never grown or freed */
	int ranged;   /* a byte range of the file: at most left more bytes */
	size_t left;
} line_reader;

typedef struct csv_state {
	di_csv_record_fn fn;
	void *payload;
	int rc;            /* first error from a callback or an allocation */

	/* the record being assembled: fields packed NUL-separated in buf */
	char *buf;
	size_t len, cap;
	size_t *off, *lens;
	size_t nfields, ocap, lcap;
	char **ptrs;
	size_t pcap;

	long rec_line;     /* line on which the current record started */
	size_t rec_bytes;  /* input bytes of the current record so far */
	long quote_line;   /* line on which the open quoted field started */
	/* Where libcsv stands, seen only through its callbacks (its parser
	 * state is private): last_was_record is set by the record callback
	 * and cleared by the field callback; ncallbacks counts both. */
	int last_was_record;
	size_t ncallbacks;
	size_t nrecords;   /* records handed to fn */
} csv_state;

/* Fields are kept as they are: no space is trimmed (libcsv trims spaces and
 * tabs by default, which would eat a tab delimiter's empty cells). */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* The space function for one line. libcsv calls its space function for
 * every character of an unquoted field, an indirect call per byte; with
 * none set, it compares the character with ' ' and '\t' inline. no_space
 * says no to every character, the inline compare to every character but
 * those two, so on a line holding neither the two read the same fields.
 * Such a line (nearly every line of a price file) goes without: W2's CPU
 * time fell by 14% (docs/performance.md, eighth round). No state carried
 * from line to line differs either: libcsv counts trailing spaces only
 * when the answer is yes, which it never is. */
static int (*space_func(const char *line, size_t len))(unsigned char)
{
	return memchr(line, ' ', len) || memchr(line, '\t', len) ? no_space : NULL;
}

static void *csv_realloc(void *p, size_t n)
{
	return di_realloc(p, n);
}

static void csv_free_fn(void *p)
{
	di_free(p);
}

/* memcpy for a field, most of which are 4 to 16 bytes (a price): two
 * overlapping fixed-size copies each, inline, instead of a library call
 * per field (25 million in W2). */
static void copy_field(char *dst, const char *src, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t a, b;
		memcpy(&a, src, 8);
		memcpy(&b, src + n - 8, 8);
		memcpy(dst, &a, 8);
		memcpy(dst + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		uint32_t a, b;
		memcpy(&a, src, 4);
		memcpy(&b, src + n - 4, 4);
		memcpy(dst, &a, 4);
		memcpy(dst + n - 4, &b, 4);
	} else if (n) {
		memcpy(dst, src, n);
	}
}

static void on_field(void *data, size_t n, void *ud)
{
	csv_state *st = ud;
	size_t need = st->len + n + 1;

	st->ncallbacks++;
	st->last_was_record = 0;
	if (st->rc)
		return;
	if (di_grow((void **)&st->off, &st->ocap, st->nfields + 1,
		    sizeof(*st->off)) < 0 ||
	    di_grow((void **)&st->lens, &st->lcap, st->nfields + 1,
		    sizeof(*st->lens)) < 0 ||
	    di_grow((void **)&st->buf, &st->cap, need, 1) < 0) {
		st->rc = DI_ENOMEM;
		return;
	}
	copy_field(st->buf + st->len, data, n);
	st->buf[st->len + n] = '\0';
	st->off[st->nfields] = st->len;
	st->lens[st->nfields] = n;
	st->nfields++;
	st->len = need;
}

static void on_record(int c, void *ud)
{
	csv_state *st = ud;
	int rc;

	(void)c;
	st->ncallbacks++;
	st->last_was_record = 1;
	if (st->rc)
		goto done;
	/* pointers are made at the end of the record: buf may have moved
	 * while the fields were appended */
	if (di_grow((void **)&st->ptrs, &st->pcap, st->nfields,
		    sizeof(*st->ptrs)) < 0) {
		st->rc = DI_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < st->nfields; i++)
		st->ptrs[i] = st->buf + st->off[i];
	st->nrecords++;
	rc = st->fn(st->payload, st->rec_line, st->nfields, st->ptrs,
		    st->lens);
	if (rc < 0)
		st->rc = rc;
done:
	st->nfields = 0;
	st->len = 0;
}

/* Return the next line (with its '\n', if any) in *line, *len; 0 at end of
 * file, 1 for a line, or a negative code with the error set. A line longer
 * than DI_CSV_MAX_RECORD is an error: it cannot be part of a valid record. */
static int next_line(line_reader *r, const char *path, long lineno,
		     char **line, size_t *len)
{
	for (;;) {
		char *nl = NULL;
		size_t got, want;

		if (r->end > r->start) {
			char *b = r->buf + r->start, *cr;
			size_t avail = r->end - r->start;
			nl = memchr(b, '\n', avail);
			/* a lone CR (old Mac line ends, "CSV (Macintosh)") ends
			 * a line too: libcsv ends a record there, so a line
			 * count that ignored it would give two records one
			 * line. A CR last in the buffer waits for the next
			 * byte (it may be the CR of a CRLF). */
			cr = memchr(b, '\r', nl ? (size_t)(nl - b) : avail);
			if (cr && cr + 1 < b + avail && cr[1] != '\n')
				nl = cr;
			else if (cr && cr + 1 == b + avail && !r->eof)
				nl = NULL;
			else if (cr && cr + 1 == b + avail)
				nl = cr;
		}
		if (nl || (r->eof && r->end > r->start)) {
			size_t n = nl ? (size_t)(nl - (r->buf + r->start)) + 1
				      : r->end - r->start;
			*line = r->buf + r->start;
			*len = n;
			r->start += n;
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->end - r->start > DI_CSV_MAX_RECORD)
			return di_error_at(DI_EDATA, path, lineno,
					   "record longer than %u bytes",
					   DI_CSV_MAX_RECORD);
		/* keep the partial line, make room for one more chunk */
		if (r->start) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (di_grow((void **)&r->buf, &r->cap, r->end + CHUNK, 1) < 0)
			return DI_ENOMEM;
		want = r->cap - r->end;
		if (r->ranged && want > r->left)
			want = r->left;
		got = fread(r->buf + r->end, 1, want, r->f);
		r->end += got;
		r->left -= r->ranged ? got : 0;
		if (got < want && ferror(r->f))
			return di_error_at(DI_EIO, path, lineno, "read error: %s",
					   DI_STRERROR(errno));
		if (got < want || (r->ranged && !r->left))
			r->eof = 1;
	}
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* The delimiter of the header line: the most frequent of ',' ';' and tab
 * outside quotes, ',' on a tie. A quoted header cell that spans lines is
 * counted only up to the end of the first line: enough to decide. */
static char detect_delim(const char *s, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;
	char best = ',';
	size_t nbest;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == ',')
			comma++;
		else if (s[i] == ';')
			semi++;
		else if (s[i] == '\t')
			tab++;
	}
	nbest = comma;
	if (semi > nbest) {
		best = ';';
		nbest = semi;
	}
	if (tab > nbest)
		best = '\t';
	return best;
}

/* Lines are cut at every line end libcsv knows (LF, CRLF, lone CR), so a
 * record can end only at the end of a line, and only when it is not inside
 * quotes. Hence, after a line is fed, a record is still open exactly when
 * the line's last callback was not a record end: a field callback means
 * a field was completed and another one (quoted, spanning the line end)
 * begun; no callback at all means the line lies inside one open field, or
 * began a record with one. When that open field began on this line (the
 * record began here, or a field was completed here), it is where an
 * unterminated quote is reported. This is all through libcsv's public
 * callbacks: its parser state is private. */
static void after_line(csv_state *st, int *open, long lineno,
		       size_t callbacks_before)
{
	int began_here = !*open || st->ncallbacks != callbacks_before;
	if (st->ncallbacks != callbacks_before)
		*open = !st->last_was_record;
	else
		*open = 1;
	if (*open && began_here)
		st->quote_line = lineno;
}

static void setup_parser(struct csv_parser *parser, char delim)
{
	csv_init(parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_delim(parser, (unsigned char)delim);
	csv_set_space_func(parser, no_space);
	csv_set_realloc_func(parser, csv_realloc);
	csv_set_free_func(parser, csv_free_fn);
}

/* One read of a file: the parser (made at the header line, once the
 * delimiter is known) and where the record being read stands. */
typedef struct records {
	struct csv_parser parser;
	int parser_ready, open;
	csv_state st;
	di_csv_info info, *info_out;
	const char *path;
	int head_only;   /* stop after the first record (di_csv_read_head) */
	size_t consumed; /* bytes of the lines fed so far */
	long head_lines; /* a head-only read: the lines up to its record's end */
} records;

/* A line outside any record: a blank one is skipped (returns 1); the first
 * other one is the header, which sets the delimiter and makes the parser. */
static int begin_record(records *c, const char *line, size_t len, long lineno)
{
	/* only between records: inside a quoted field a blank line is part of
	 * the value */
	if (is_blank(line, len))
		return 1;
	if (!c->parser_ready) {
		c->info.delim = detect_delim(line, len);
		c->info.decimal_comma = c->info.delim == ';';
		/* given before the first record: the callback needs
		 * decimal_comma to read numbers */
		if (c->info_out)
			*c->info_out = c->info;
		setup_parser(&c->parser, c->info.delim);
		c->parser_ready = 1;
	}
	c->st.rec_line = lineno;
	c->st.rec_bytes = 0;
	return 0;
}

/* Feed line lineno (its line end included) to libcsv. */
static int feed_line(records *c, char *line, size_t len, long lineno)
{
	size_t before, fed;
	if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
		len -= 3;
	}
	if (memchr(line, '\0', len))
		return di_error_at(DI_EDATA, c->path, lineno,
				   "NUL byte in the file (not a text CSV file?)");
	if (!c->open && begin_record(c, line, len, lineno))
		return 0;
	c->st.rec_bytes += len;
	if (c->st.rec_bytes > DI_CSV_MAX_RECORD)
		return di_error_at(DI_EDATA, c->path, c->st.rec_line, "record longer than %u bytes",
				   DI_CSV_MAX_RECORD);
	before = c->st.ncallbacks;
	csv_set_space_func(&c->parser, space_func(line, len));
	fed = csv_parse(&c->parser, line, len, on_field, on_record, &c->st);
	if (c->st.rc)
		return c->st.rc;
	if (fed != len) {
		if (csv_error(&c->parser) == CSV_EPARSE)
			return di_error_at(DI_EDATA, c->path, lineno,
					   "malformed quoted field: a quote must enclose the whole "
					   "field, and a quote inside it must be doubled (\"\")");
		return di_error_oom();
	}
	after_line(&c->st, &c->open, lineno, before);
	return 0;
}

/* After the last line: the last record, or why the file has none. */
static int end_records(records *c)
{
	if (!c->parser_ready)
		return di_error_at(DI_EDATA, c->path, 1, "empty file: no header row");
	/* CSV_STRICT_FINI: csv_fini fails only inside an open quoted field;
	 * it does not say where, so the message uses quote_line */
	if (csv_fini(&c->parser, on_field, on_record, &c->st) != 0)
		return di_error_at(DI_EDATA, c->path, c->st.quote_line,
				   "quoted field not terminated: the file ends inside the quotes "
				   "opened on this line");
	return c->st.rc;
}

/* Feed r's lines to c, the first one numbered lineno + 1. A head-only
 * read stops after its first record, c->consumed bytes into r. */
static int read_records(records *c, line_reader *r, long lineno,
			di_csv_record_fn fn, void *payload)
{
	int rc, stopped = 0;

	c->st.fn = fn;
	c->st.payload = payload;
	for (;;) {
		char *line = NULL;
		size_t len = 0;
		/* an overlong line belongs to the record open, if any */
		long at = c->open ? c->st.rec_line : lineno + 1;
		rc = next_line(r, c->path, at, &line, &len);
		if (rc <= 0)
			break;
		c->consumed += len;
		if ((rc = feed_line(c, line, len, ++lineno)))
			break;
		if (c->head_only && c->st.nrecords && !c->open) {
			stopped = 1;
			c->head_lines = lineno;
			break;
		}
	}
	if (rc == 0 && !stopped)
		rc = end_records(c);
	if (c->parser_ready)
		csv_free(&c->parser);
	di_free(c->st.buf);
	di_free(c->st.off);
	di_free(c->st.lens);
	di_free(c->st.ptrs);
	return rc;
}

int di_csv_read(const char *path, di_csv_info *info_out, di_csv_record_fn fn,
		void *payload)
{
	line_reader r = {0};
	struct stat sb;
	int rc;

	r.f = fopen(path, "rb");
	if (!r.f)
		return di_error_at(DI_EIO, path, 0, "cannot open: %s",
				   DI_STRERROR(errno));
	/* fopen succeeds on a folder on Linux; fread would then fail with a
	 * vaguer EISDIR, so say it plainly here */
	if (fstat(fileno(r.f), &sb) == 0 && S_ISDIR(sb.st_mode))
		rc = di_error_at(DI_EIO, path, 0,
				 "cannot open: is a directory");
	else
		rc = read_records(&(records){.info = {',', 0}, .info_out = info_out, .path = path},
				  &r, 0, fn, payload);
	fclose(r.f);
	di_free(r.buf);
	return rc;
}

int di_csv_read_mem(const char *name, const char *data, size_t len,
		    di_csv_info *info_out, di_csv_record_fn fn, void *payload)
{
	/* next_line only hands out pointers into buf and never writes to a
	 * buffer at end of file, so the caller's const data is safe */
	line_reader r = {NULL, (char *)data, len, 0, len, 1, 1, 0, 0};
	return read_records(&(records){.info = {',', 0}, .info_out = info_out, .path = name},
			    &r, 0, fn, payload);
}

/* ---- byte ranges: one file read on several threads ------------------- */

/* A line reader over bytes [start, end) of src: in place for memory, else
 * its own FILE positioned at start. */
static int range_open(line_reader *r, const di_csv_src *src, size_t start, size_t end)
{
	memset(r, 0, sizeof(*r));
	if (src->data) {
		r->buf = (char *)src->data + start; /* read only, as di_csv_read_mem */
		r->cap = r->end = end - start;
		r->eof = r->borrowed = 1;
		return 0;
	}
	r->f = fopen(src->name, "rb");
	if (!r->f)
		return di_error_at(DI_EIO, src->name, 0, "cannot open: %s", DI_STRERROR(errno));
	if (start > (size_t)INT64_MAX || fseeko(r->f, (off_t)start, SEEK_SET) != 0)
		return di_error_at(DI_EIO, src->name, 0, "cannot seek: %s", DI_STRERROR(errno));
	r->ranged = 1;
	r->left = end - start;
	r->eof = start == end;
	return 0;
}

static void range_close(line_reader *r)
{
	if (r->f)
		fclose(r->f);
	if (!r->borrowed)
		di_free(r->buf);
}

int di_csv_read_head(const di_csv_src *src, di_csv_info *info_out, di_csv_record_fn fn,
		     void *payload, size_t *end, long *lines)
{
	records c = {.info = {',', 0}, .info_out = info_out, .path = src->name, .head_only = 1};
	line_reader r;
	int rc = range_open(&r, src, 0, src->data ? src->len : SIZE_MAX);

	*end = 0;
	*lines = 0;
	if (rc == 0)
		rc = read_records(&c, &r, 0, fn, payload);
	range_close(&r);
	if (rc == 0 && c.head_lines) {
		*end = c.consumed;
		*lines = c.head_lines;
	}
	return rc;
}

int di_csv_line_end(const di_csv_src *src, size_t off, size_t size, size_t *out)
{
	line_reader r;
	char *line;
	size_t len = 0;
	int rc = range_open(&r, src, off, size);

	if (rc == 0)
		rc = next_line(&r, src->name, 0, &line, &len);
	range_close(&r);
	*out = off + len;
	return rc < 0 ? rc : 0;
}

int di_csv_scan(const di_csv_src *src, size_t start, size_t end, size_t *lines,
		size_t *nrec, di_csv_line_fn fn, void *payload)
{
	line_reader r;
	char *line;
	size_t len;
	int rc = range_open(&r, src, start, end);

	*lines = *nrec = 0;
	while (rc == 0 && (rc = next_line(&r, src->name, 0, &line, &len)) == 1) {
		/* a quote may hide a line end, and a lone CR ends a line that
		 * a plain count of LFs would miss */
		if (memchr(line, '"', len) || (line[len - 1] == '\r')) {
			rc = 1;
			break;
		}
		rc = 0;
		++*lines;
		if (is_blank(line, len))
			continue;
		++*nrec;
		if (fn)
			fn(payload, line, len);
	}
	range_close(&r);
	return rc;
}

int di_csv_read_range(const di_csv_src *src, size_t start, size_t end,
		      const di_csv_info *info, long line0, di_csv_record_fn fn, void *payload)
{
	records c = {.info = *info, .path = src->name};
	line_reader r;
	int rc = range_open(&r, src, start, end);

	if (rc == 0) {
		setup_parser(&c.parser, info->delim);
		c.parser_ready = 1;
		rc = read_records(&c, &r, line0 - 1, fn, payload);
	}
	range_close(&r);
	return rc;
}
