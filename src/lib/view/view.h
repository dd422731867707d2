/*
 * view.h - the typed cells of the read-only result views
 * (defimpact/table.h), for the writers inside the library: a writer reads
 * a table only through its view, so what a file holds is what the API
 * gives.
 */
#ifndef DI_VIEW_H
#define DI_VIEW_H

#include "defimpact/table.h"

#include "date.h"
#include "study.h"

typedef struct di_cell {
	di_cell_type type;
	const char *s; /* TEXT */
	double x;      /* NUMBER (finite), INT */
	di_date d;     /* DATE */
} di_cell;

typedef void (*di_cell_fn)(const di_table *t, size_t row, size_t col, di_cell *c);

/* A view: over a run (view.c) or a moves result (view_moves.c). */
struct di_table {
	const di_run *run;
	const struct di_moves *moves;
	char **cols; /* owned */
	size_t ncols, nrows;
	size_t *idx;   /* tests: 3 per row (block, test window, test) */
	size_t *colid; /* moves: the column of each view column */
	di_cell_fn cell;
	char buf[16]; /* di_table_text of a DATE */
};

/* Cell (row, col) of t; EMPTY outside the table. */
void di_table_cell(const di_table *t, size_t row, size_t col, di_cell *out);

/* Set a cell: a text, a whole number, a number (NAN or infinite: EMPTY),
 * a date (DI_NO_DATE: EMPTY). */
void di_cell_text(di_cell *c, const char *s);
void di_cell_int(di_cell *c, long v);
void di_cell_num(di_cell *c, double v);
void di_cell_date(di_cell *c, di_date d);

/* The columns of t from a comma-separated list, then one beta_<name> per
 * factor (factors may be NULL). 0 or DI_ENOMEM. */
int di_table_set_columns(di_table *t, const char *list, const di_strlist *factors);

/* Write t as CSV: its header, then each row (report_csv.c). */
struct di_csvw;
void di_csv_write_table(const di_table *t, struct di_csvw *w);

/* The name of a di_move_role in moves.csv and the summary. */
const char *di_move_role_name(int role);

#endif
