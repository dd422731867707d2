/*
 * diff.c - `defimpact diff`: two report CSV files (or the *.csv files of
 * two folders) compared cell by cell.
 *
 * The expected file is loaded whole (one packed block per row) and the
 * actual file is streamed against it, so memory is the size of one file.
 * Rows are matched by position, columns by header name (the n-th column
 * named C in one file with the n-th named C in the other), so a column
 * order change alone is no difference. Cells are equal when their text is,
 * or when both read as numbers (each with its own file's dialect) within
 * the tolerance: this is what lets an excel-eu report (';' and "0,5") be
 * compared with an rfc4180 one ("0.5").
 *
 * Nothing is printed here: every difference becomes one line handed to
 * the caller's callback.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "defimpact/diff.h"

#include "alloc.h"
#include "csvread.h"
#include "error.h"
#include "numfmt.h"
#include "util.h"

/* A callback's way to stop di_csv_read after the header. Not an error:
 * no message is set with it, and callers turn it back into success. */
#define STOP_READING DI_EDIFF

/* ---- the output line ------------------------------------------------- */

typedef struct sink {
	di_diff_fn fn;
	void *payload;
	long count;
	char *buf;
	size_t len, cap;
	int oom;
} sink;

static void sb_putn(sink *s, const char *p, size_t n)
{
	if (s->oom)
		return;
	if (di_grow((void **)&s->buf, &s->cap, s->len + n + 1, 1) < 0) {
		s->oom = 1;
		return;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

static void sb_puts(sink *s, const char *p)
{
	sb_putn(s, p, strlen(p));
}

static void sb_putc(sink *s, char c)
{
	sb_putn(s, &c, 1);
}

static void sb_putl(sink *s, long v)
{
	char num[32];
	snprintf(num, sizeof(num), "%ld", v);
	sb_puts(s, num);
}

/* A cell as shown in a difference: as it is, unless that would be
 * ambiguous in a space-separated line (empty, blanks, quotes, newlines):
 * then in double quotes, with " doubled and \ \t \r \n escaped, so the
 * line stays one line. */
static void sb_cell(sink *s, const char *v)
{
	if (*v && !strpbrk(v, " \t\r\n\"\\")) {
		sb_puts(s, v);
		return;
	}
	sb_putc(s, '"');
	for (const char *p = v; *p; p++) {
		switch (*p) {
		case '"':
			sb_puts(s, "\"\"");
			break;
		case '\\':
			sb_puts(s, "\\\\");
			break;
		case '\t':
			sb_puts(s, "\\t");
			break;
		case '\r':
			sb_puts(s, "\\r");
			break;
		case '\n':
			sb_puts(s, "\\n");
			break;
		default:
			sb_putc(s, *p);
		}
	}
	sb_putc(s, '"');
}

/* Hand the line built so far to the callback and start a new one. */
static int sb_emit(sink *s)
{
	if (s->oom)
		return di_error_oom();
	if (s->fn)
		s->fn(s->buf ? s->buf : "", s->payload);
	s->count++;
	s->len = 0;
	if (s->buf)
		s->buf[0] = '\0';
	return 0;
}

/* "NAME: what" */
static int emit_file(sink *s, const char *name, const char *what,
		     const char *col)
{
	sb_puts(s, name);
	sb_puts(s, ": ");
	sb_puts(s, what);
	if (col) {
		sb_putc(s, ' ');
		sb_cell(s, col);
	}
	return sb_emit(s);
}

/* "NAME:ROW: what" */
static int emit_row(sink *s, const char *name, long row, const char *what)
{
	sb_puts(s, name);
	sb_putc(s, ':');
	sb_putl(s, row);
	sb_puts(s, ": ");
	sb_puts(s, what);
	return sb_emit(s);
}

/* "NAME:ROW:COLUMN expected X got Y" */
static int emit_cell(sink *s, const char *name, long row, const char *col,
		     const char *want, const char *got)
{
	sb_puts(s, name);
	sb_putc(s, ':');
	sb_putl(s, row);
	sb_putc(s, ':');
	sb_puts(s, col);
	sb_puts(s, " expected ");
	sb_cell(s, want);
	sb_puts(s, " got ");
	sb_cell(s, got);
	return sb_emit(s);
}

/* ---- the comparison rule --------------------------------------------- */

int di_diff_numbers_equal(double expected, double actual, double rtol,
			  double atol)
{
	if (expected == actual)
		return 1; /* also the same infinity */
	if (isnan(expected) || isnan(actual))
		return isnan(expected) && isnan(actual);
	if (isinf(expected) || isinf(actual))
		return 0;
	return fabs(actual - expected) <= atol + rtol * fabs(expected);
}

int di_diff_cells(const char *expected, int expected_comma,
		  const char *actual, int actual_comma, double rtol,
		  double atol)
{
	size_t el = strlen(expected), al = strlen(actual);
	double e, a;
	if (el == al && memcmp(expected, actual, el) == 0)
		return 1;
	if (el == 0 || al == 0)
		return 0;
	if (di_num_parse(expected, el, expected_comma, &e) != 0 ||
	    di_num_parse(actual, al, actual_comma, &a) != 0)
		return 0;
	return di_diff_numbers_equal(e, a, rtol, atol);
}

/* ---- one file loaded: header and rows -------------------------------- */

typedef struct table {
	const char *path;
	di_csv_info info;
	int have_header;
	size_t ncols;
	char *hdrbuf;  /* the header's names, packed NUL-separated */
	char **hdr;    /* ncols pointers into hdrbuf */
	size_t nrows, rcap;
	char **rows;   /* each row's ncols fields, packed NUL-separated */
	int header_only;
} table;

static void table_dispose(table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		di_free(t->rows[i]);
	di_free(t->rows);
	di_free(t->hdr);
	di_free(t->hdrbuf);
	memset(t, 0, sizeof(*t));
}

/* fields packed into one block: "a\0b\0c\0" */
static char *pack(size_t n, char *const *f, const size_t *l)
{
	size_t total = 0, at = 0;
	char *b;
	for (size_t i = 0; i < n; i++)
		total += l[i] + 1;
	b = di_malloc(total ? total : 1);
	if (!b)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		memcpy(b + at, f[i], l[i] + 1);
		at += l[i] + 1;
	}
	return b;
}

/* Point out[0..n) at the n packed fields of b. */
static void unpack(char *b, size_t n, char **out)
{
	for (size_t i = 0; i < n; i++) {
		out[i] = b;
		b += strlen(b) + 1;
	}
}

static int set_header(table *t, size_t n, char *const *f, const size_t *l)
{
	t->hdrbuf = pack(n, f, l);
	t->hdr = di_calloc(n, sizeof(*t->hdr));
	if (!t->hdrbuf || !t->hdr)
		return di_error_oom();
	unpack(t->hdrbuf, n, t->hdr);
	t->ncols = n;
	t->have_header = 1;
	return 0;
}

static int check_width(const char *path, long line, size_t n, size_t ncols)
{
	if (n == ncols)
		return 0;
	return di_error_at(DI_EDATA, path, line,
			   "%zu field%s, the header has %zu", n,
			   n == 1 ? "" : "s", ncols);
}

static int on_load(void *payload, long line, size_t n, char *const *f,
		   const size_t *l)
{
	table *t = payload;
	char *row;
	int rc;
	if (!t->have_header) {
		rc = set_header(t, n, f, l);
		if (rc)
			return rc;
		return t->header_only ? STOP_READING : 0;
	}
	rc = check_width(t->path, line, n, t->ncols);
	if (rc)
		return rc;
	if (di_grow((void **)&t->rows, &t->rcap, t->nrows + 1,
		    sizeof(*t->rows)) < 0)
		return DI_ENOMEM;
	row = pack(n, f, l);
	if (!row)
		return di_error_oom();
	t->rows[t->nrows++] = row;
	return 0;
}

static int table_load(table *t, const char *path, int header_only)
{
	int rc;
	memset(t, 0, sizeof(*t));
	t->path = path;
	t->header_only = header_only;
	rc = di_csv_read(path, &t->info, on_load, t);
	if (rc == STOP_READING) {
		di_error_clear();
		rc = 0;
	}
	return rc;
}

/* ---- the column plan of one pair of files ---------------------------- */

static int selected(const di_diff_options *o, const char *name)
{
	if (!o->columns)
		return 1;
	for (size_t i = 0; i < o->ncolumns; i++)
		if (!strcmp(o->columns[i], name))
			return 1;
	return 0;
}

/* The k-th column (from 0) named name, or -1. */
static long nth_named(char *const *hdr, size_t n, const char *name, size_t k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(hdr[i], name) && k-- == 0)
			return (long)i;
	return -1;
}

/* How many columns before i carry the name of column i. */
static size_t occurrence(char *const *hdr, size_t i)
{
	size_t k = 0;
	for (size_t j = 0; j < i; j++)
		if (!strcmp(hdr[j], hdr[i]))
			k++;
	return k;
}

/* ---- streaming the actual file against the expected one -------------- */

typedef struct pair {
	const di_diff_options *o;
	sink *out;
	const char *name;   /* FILE in the lines */
	const char *apath;
	di_csv_info ainfo;
	table *e;
	int have_header;
	size_t ancols;
	size_t npairs;
	size_t *ecol, *acol; /* the compared columns, in expected order */
	char **ef;           /* the current expected row's fields */
	long row;            /* data rows of actual seen */
} pair;

static int plan_columns(pair *p, size_t n, char *const *ahdr)
{
	table *e = p->e;
	int rc;
	char *seen;
	p->ancols = n;
	p->ecol = di_calloc(e->ncols, sizeof(*p->ecol));
	p->acol = di_calloc(e->ncols, sizeof(*p->acol));
	p->ef = di_calloc(e->ncols, sizeof(*p->ef));
	seen = di_calloc(n, 1);
	if (!p->ecol || !p->acol || !p->ef || !seen) {
		di_free(seen);
		return di_error_oom();
	}
	for (size_t i = 0; i < e->ncols; i++) {
		long j;
		if (!selected(p->o, e->hdr[i]))
			continue;
		j = nth_named(ahdr, n, e->hdr[i], occurrence(e->hdr, i));
		if (j < 0) {
			rc = emit_file(p->out, p->name, "missing column",
				       e->hdr[i]);
			if (rc)
				goto done;
			continue;
		}
		seen[j] = 1;
		p->ecol[p->npairs] = i;
		p->acol[p->npairs] = (size_t)j;
		p->npairs++;
	}
	rc = 0;
	for (size_t j = 0; j < n && !rc; j++)
		if (!seen[j] && selected(p->o, ahdr[j]))
			rc = emit_file(p->out, p->name, "extra column",
				       ahdr[j]);
done:
	di_free(seen);
	return rc;
}

static int on_actual(void *payload, long line, size_t n, char *const *f,
		     const size_t *l)
{
	pair *p = payload;
	int rc = 0;
	(void)l;
	if (!p->have_header) {
		p->have_header = 1;
		return plan_columns(p, n, f);
	}
	rc = check_width(p->apath, line, n, p->ancols);
	if (rc)
		return rc;
	p->row++;
	if ((size_t)p->row > p->e->nrows)
		return emit_row(p->out, p->name, p->row, "extra row");
	unpack(p->e->rows[p->row - 1], p->e->ncols, p->ef);
	for (size_t k = 0; k < p->npairs && !rc; k++) {
		const char *want = p->ef[p->ecol[k]], *got = f[p->acol[k]];
		if (!di_diff_cells(want, p->e->info.decimal_comma, got,
				   p->ainfo.decimal_comma, p->o->rtol,
				   p->o->atol))
			rc = emit_cell(p->out, p->name, p->row,
				       p->e->hdr[p->ecol[k]], want, got);
	}
	return rc;
}

/* Compare two files; name is FILE in the lines. */
static int diff_files(const char *epath, const char *apath, const char *name,
		      const di_diff_options *o, sink *out)
{
	table e;
	pair p = {0};
	int rc;
	rc = table_load(&e, epath, 0);
	if (rc)
		goto done;
	p.o = o;
	p.out = out;
	p.name = name;
	p.apath = apath;
	p.e = &e;
	/* the dialect is known before the first record comes in */
	rc = di_csv_read(apath, &p.ainfo, on_actual, &p);
	if (rc)
		goto done;
	for (size_t r = (size_t)p.row; r < e.nrows && !rc; r++)
		rc = emit_row(out, name, (long)r + 1, "missing row");
done:
	di_free(p.ecol);
	di_free(p.acol);
	di_free(p.ef);
	table_dispose(&e);
	return rc;
}

/* ---- folders --------------------------------------------------------- */

typedef struct names {
	char **v;
	size_t n, cap;
} names;

static void names_dispose(names *s)
{
	for (size_t i = 0; i < s->n; i++)
		di_free(s->v[i]);
	di_free(s->v);
	memset(s, 0, sizeof(*s));
}

static int is_csv_name(const char *s)
{
	size_t n = strlen(s);
	return n > 4 && !strcmp(s + n - 4, ".csv");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible *.csv regular files (or links to them) of dir, sorted
 * bytewise. */
static int list_csv(const char *dir, names *out)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	d = opendir(dir);
	if (!d)
		return di_error_at(DI_EIO, dir, 0, "cannot open folder: %s",
				   DI_STRERROR(errno));
	for (;;) {
		struct stat sb;
		char *full;
		int isfile;
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.' || !is_csv_name(de->d_name))
			continue;
		full = di_path_join(dir, de->d_name);
		if (!full) {
			rc = di_error_oom();
			goto done;
		}
		isfile = stat(full, &sb) == 0 && S_ISREG(sb.st_mode);
		di_free(full);
		if (!isfile)
			continue;
		if (di_grow((void **)&out->v, &out->cap, out->n + 1,
			    sizeof(*out->v)) < 0) {
			rc = DI_ENOMEM;
			goto done;
		}
		out->v[out->n] = di_strdup(de->d_name);
		if (!out->v[out->n]) {
			rc = di_error_oom();
			goto done;
		}
		out->n++;
	}
	if (errno)
		rc = di_error_at(DI_EIO, dir, 0, "cannot read folder: %s",
				 DI_STRERROR(errno));
	else if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
done:
	closedir(d);
	if (rc)
		names_dispose(out);
	return rc;
}

/* The list of file pairs to compare: both paths (either may be NULL for
 * a file on one side only) and the name used in the lines. */
typedef struct job {
	char *epath, *apath;
	const char *name;
} job;

typedef struct plan {
	job *v;
	size_t n, cap;
	names en, an;
	int folders;
} plan;

static void plan_dispose(plan *pl)
{
	for (size_t i = 0; pl->folders && i < pl->n; i++) {
		di_free(pl->v[i].epath);
		di_free(pl->v[i].apath);
	}
	di_free(pl->v);
	names_dispose(&pl->en);
	names_dispose(&pl->an);
	memset(pl, 0, sizeof(*pl));
}

static int plan_add(plan *pl, char *ep, char *ap, const char *name)
{
	if (di_grow((void **)&pl->v, &pl->cap, pl->n + 1, sizeof(*pl->v)) < 0)
		return DI_ENOMEM;
	pl->v[pl->n].epath = ep;
	pl->v[pl->n].apath = ap;
	pl->v[pl->n].name = name;
	pl->n++;
	return 0;
}

static int path_kind(const char *path, int *isdir)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return di_error_at(DI_EIO, path, 0, "cannot open: %s",
				   DI_STRERROR(errno));
	*isdir = S_ISDIR(sb.st_mode) != 0;
	return 0;
}

static int make_plan(plan *pl, const char *expected, const char *actual)
{
	int edir, adir, rc;
	size_t i = 0, j = 0;
	memset(pl, 0, sizeof(*pl));
	rc = path_kind(expected, &edir);
	if (!rc)
		rc = path_kind(actual, &adir);
	if (rc)
		return rc;
	if (edir != adir)
		return di_error_set(DI_EIO,
				    "%s is a %s but %s is a %s: compare two "
				    "files or two folders",
				    expected, edir ? "folder" : "file", actual,
				    adir ? "folder" : "file");
	if (!edir)
		return plan_add(pl, (char *)expected, (char *)actual, actual);
	pl->folders = 1;
	rc = list_csv(expected, &pl->en);
	if (!rc)
		rc = list_csv(actual, &pl->an);
	/* merge the two sorted lists */
	while (!rc && (i < pl->en.n || j < pl->an.n)) {
		int c;
		char *ep = NULL, *ap = NULL;
		const char *name;
		if (i == pl->en.n)
			c = 1;
		else if (j == pl->an.n)
			c = -1;
		else
			c = strcmp(pl->en.v[i], pl->an.v[j]);
		name = c <= 0 ? pl->en.v[i] : pl->an.v[j];
		if (c <= 0 && !(ep = di_path_join(expected, pl->en.v[i])))
			rc = di_error_oom();
		if (!rc && c >= 0 && !(ap = di_path_join(actual, pl->an.v[j])))
			rc = di_error_oom();
		if (!rc)
			rc = plan_add(pl, ep, ap, name);
		if (rc) {
			di_free(ep);
			di_free(ap);
			break;
		}
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	return rc;
}

/* Every --columns name must be in some header of the compared files:
 * checked before any line is given, so a typo is a usage error and not a
 * report of nothing. */
static int check_columns(const plan *pl, const di_diff_options *o)
{
	char *found;
	int rc = 0;
	if (!o->columns || !o->ncolumns)
		return 0;
	found = di_calloc(o->ncolumns, 1);
	if (!found)
		return di_error_oom();
	for (size_t k = 0; k < pl->n && !rc; k++) {
		const char *paths[2] = {pl->v[k].epath, pl->v[k].apath};
		for (int s = 0; s < 2 && !rc; s++) {
			table t;
			if (!paths[s])
				continue;
			rc = table_load(&t, paths[s], 1);
			for (size_t c = 0; !rc && c < o->ncolumns; c++)
				for (size_t h = 0; h < t.ncols; h++)
					if (!strcmp(t.hdr[h], o->columns[c]))
						found[c] = 1;
			table_dispose(&t);
		}
	}
	for (size_t c = 0; !rc && c < o->ncolumns; c++)
		if (!found[c])
			rc = di_error_set(DI_EUSAGE,
					  "no column '%s' in the compared "
					  "files (see --columns)",
					  o->columns[c]);
	di_free(found);
	return rc;
}

long di_diff(const char *expected, const char *actual,
	     const di_diff_options *opts, di_diff_fn fn, void *payload)
{
	static const di_diff_options defaults = DI_DIFF_OPTIONS_INIT;
	const di_diff_options *o = opts ? opts : &defaults;
	sink out = {0};
	plan pl;
	int rc;

	if (!(o->rtol >= 0) || !(o->atol >= 0) || isinf(o->rtol) ||
	    isinf(o->atol))
		return di_error_set(DI_EUSAGE,
				    "tolerances must be finite numbers >= 0");
	for (size_t c = 0; o->columns && c < o->ncolumns; c++)
		if (!o->columns[c] || !o->columns[c][0])
			return di_error_set(DI_EUSAGE, "empty column name "
						       "(see --columns)");
	out.fn = fn;
	out.payload = payload;
	rc = make_plan(&pl, expected, actual);
	if (!rc)
		rc = check_columns(&pl, o);
	for (size_t k = 0; !rc && k < pl.n; k++) {
		const job *jb = &pl.v[k];
		if (!jb->apath) {
			sb_puts(&out, "missing file ");
			sb_puts(&out, jb->name);
			rc = sb_emit(&out);
		} else if (!jb->epath) {
			sb_puts(&out, "extra file ");
			sb_puts(&out, jb->name);
			rc = sb_emit(&out);
		} else {
			rc = diff_files(jb->epath, jb->apath, jb->name, o,
					&out);
		}
	}
	plan_dispose(&pl);
	di_free(out.buf);
	return rc ? rc : out.count;
}
