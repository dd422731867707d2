/*
 * report_csv.c - the CSV files of a run report. Each file is one table
 * view (view.c, defimpact/table.h) written cell by cell: the writer knows
 * neither the columns nor the rows, and computes nothing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"
#include "csvw.h"
#include "error.h"
#include "numfmt.h"
#include "pool.h"
#include "report.h"
#include "report_run.h"
#include "study.h"
#include "util.h"
#include "view.h"

static void write_cell(di_csvw *w, const di_cell *c)
{
	switch (c->type) {
	case DI_CELL_TEXT:
		di_csvw_text(w, c->s);
		break;
	case DI_CELL_INT:
		di_csvw_int(w, (long)c->x);
		break;
	case DI_CELL_NUMBER:
		di_csvw_num(w, c->x);
		break;
	case DI_CELL_DATE:
		di_csvw_date(w, c->d);
		break;
	default:
		di_csvw_empty(w);
	}
}

static void write_rows(const di_table *t, di_csvw *w, size_t from, size_t to)
{
	size_t nc = di_table_ncols(t);
	di_cell c;
	for (size_t i = from; i < to; i++) {
		for (size_t j = 0; j < nc; j++) {
			di_table_cell(t, i, j, &c);
			write_cell(w, &c);
		}
		di_csvw_end_row(w);
	}
}

static void write_header(const di_table *t, di_csvw *w)
{
	for (size_t j = 0; j < di_table_ncols(t); j++)
		di_csvw_text(w, di_table_column(t, j));
	di_csvw_end_row(w);
}

void di_csv_write_table(const di_table *t, di_csvw *w)
{
	write_header(t, w);
	write_rows(t, w, 0, di_table_nrows(t));
}

/* --- large tables on the --jobs threads ---------------------------------- */

/* A table of more rows than this is formatted in chunks of this many rows,
 * each on a pool thread into its own memory stream, and the chunks are
 * written in order: the same bytes as one thread (ar.csv of a large study
 * is most of its report, and formatting numbers most of writing it). */
#define CSV_CHUNK_ROWS 4096

typedef struct csv_chunks {
	const di_table *t;
	int eu;
	size_t first; /* the batch's first chunk */
	char **buf;   /* per chunk of the batch: its bytes (open_memstream) */
	size_t *len;
} csv_chunks;

typedef struct chunk_worker {
	csv_chunks *c;
} chunk_worker;

static int chunk_task(void *worker, size_t k)
{
	csv_chunks *c = ((chunk_worker *)worker)->c;
	size_t from = (c->first + k) * CSV_CHUNK_ROWS, to = from + CSV_CHUNK_ROWS;
	size_t nr = di_table_nrows(c->t);
	/* the report's C locale is the calling thread's own (uselocale) */
	locale_t old = di_locale_c();
	FILE *f = open_memstream(&c->buf[k], &c->len[k]);
	di_csvw w;
	int bad;
	if (!f) {
		di_locale_restore(old);
		return di_error_oom();
	}
	di_file_unlocked(f);
	di_csvw_init(&w, f, c->eu);
	write_rows(c->t, &w, from, to < nr ? to : nr);
	bad = ferror(f);
	bad |= fclose(f) != 0;
	di_locale_restore(old);
	return bad ? di_error_oom() : 0;
}

/* The chunks in batches of CSV_BATCH per thread, each batch written and
 * freed before the next: the memory held is a few chunks per thread, not
 * the whole file (ar.csv of 100k security-events is hundreds of MB). */
#define CSV_BATCH 4

static int write_chunked(const di_table *t, int eu, size_t nw, FILE *f)
{
	size_t nchunks = (di_table_nrows(t) + CSV_CHUNK_ROWS - 1) / CSV_CHUNK_ROWS;
	size_t batch = nw * CSV_BATCH;
	csv_chunks c = {t, eu, 0, NULL, NULL};
	chunk_worker *w = di_calloc(nw, sizeof(*w));
	int rc = 0;
	c.buf = di_calloc(batch, sizeof(char *));
	c.len = di_calloc(batch, sizeof(size_t));
	if (!w || !c.buf || !c.len)
		rc = di_error_oom();
	for (size_t i = 0; !rc && i < nw; i++)
		w[i].c = &c;
	for (; !rc && c.first < nchunks; c.first += batch) {
		size_t nb = nchunks - c.first < batch ? nchunks - c.first : batch;
		rc = di_pool_run(nb, nw < nb ? nw : nb, w, sizeof(*w), chunk_task, NULL, NULL);
		for (size_t k = 0; k < nb; k++) {
			if (!rc && c.buf[k])
				fwrite(c.buf[k], 1, c.len[k], f);
			free(c.buf[k]); /* open_memstream's buffer: malloc'ed by libc */
			c.buf[k] = NULL;
		}
	}
	di_free(c.buf);
	di_free(c.len);
	di_free(w);
	return rc;
}

/* The table into f: chunked on the study's threads when it is large. */
static int write_table(const di_table *t, const di_rview *v, FILE *f)
{
	int eu = v->study->dialect == DI_DIALECT_EXCEL_EU;
	size_t nr = di_table_nrows(t);
	size_t nw = di_pool_workers(di_study_jobs(v->study),
				    (nr + CSV_CHUNK_ROWS - 1) / CSV_CHUNK_ROWS);
	di_csvw w;
	di_csvw_init(&w, f, eu);
	write_header(t, &w);
	if (nw < 2 || nr <= CSV_CHUNK_ROWS) {
		write_rows(t, &w, 0, nr);
		return 0;
	}
	return write_chunked(t, eu, nw, f);
}

int di_report_run_csv(const di_rview *v, di_report_dir *d)
{
	size_t n;
	const char *const *names = di_run_table_names(&n);
	char file[32];
	for (size_t i = 0; i < n; i++) {
		di_table *t;
		FILE *f;
		int rc = di_run_table(v->run, names[i], &t);
		snprintf(file, sizeof(file), "%s.csv", names[i]);
		if (rc == 0)
			rc = di_report_open(d, file, 1, &f);
		if (rc) {
			di_table_free(t);
			return rc;
		}
		rc = write_table(t, v, f);
		di_table_free(t);
		if (rc) {
			fclose(f);
			return rc;
		}
		if ((rc = di_report_close(d, file, f)))
			return rc;
	}
	return 0;
}
