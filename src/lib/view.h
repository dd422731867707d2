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

typedef struct di_cell {
	di_cell_type type;
	const char *s; /* TEXT */
	double x;      /* NUMBER (finite), INT */
	di_date d;     /* DATE */
} di_cell;

/* Cell (row, col) of t; EMPTY outside the table. */
void di_table_cell(const di_table *t, size_t row, size_t col, di_cell *out);

#endif
