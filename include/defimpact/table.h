/*
 * defimpact/table.h - the results of a run, read in memory: every table of
 * the report (estimates, ar, car, aar, tests, exclusions) as a read-only
 * view with named columns and typed cells. The CSV files of a report are
 * written from these views, so they hold exactly what the files hold, in
 * the same row and column order (docs/report-format.md describes them).
 *
 *   di_table *t;
 *   if (di_run_table(run, "car", &t) == 0) {
 *       long c = di_table_find_column(t, "car");
 *       for (size_t r = 0; r < di_table_nrows(t); r++)
 *           printf("%s %g\n", di_table_text(t, r, 0), di_table_number(t, r, c));
 *       di_table_free(t);
 *   }
 */
#ifndef DEFIMPACT_TABLE_H
#define DEFIMPACT_TABLE_H

#include <stddef.h>

#include "defimpact/common.h"
#include "defimpact/run.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_table di_table;

/* The kind of one cell. An empty cell of a CSV file is DI_CELL_EMPTY
 * (a value that does not exist: a missing return, a test without a
 * statistic, a column the model lacks). */
typedef enum di_cell_type {
	DI_CELL_EMPTY,
	DI_CELL_TEXT,   /* di_table_text */
	DI_CELL_INT,    /* di_table_number, a whole number (a count, a day) */
	DI_CELL_NUMBER, /* di_table_number, finite */
	DI_CELL_DATE    /* di_table_text, "YYYY-MM-DD" */
} di_cell_type;

/**
 * A view of one table of a run: "estimates", "ar", "car", "aar", "tests"
 * or "exclusions" (di_run_table_names). The view reads the run, which must
 * outlive it; free it with di_table_free. One view is for one thread; a
 * run may have many views at once.
 *
 * @return 0; DI_EUSAGE for an unknown name; DI_ENOMEM.
 */
DI_API int di_run_table(const di_run *run, const char *name, di_table **out);
/** The names di_run_table knows, in report order; *n their number. */
DI_API const char *const *di_run_table_names(size_t *n);
DI_API void di_table_free(di_table *table);

DI_API size_t di_table_nrows(const di_table *table);
DI_API size_t di_table_ncols(const di_table *table);
/** The name of column col (its CSV header), or NULL past the last. */
DI_API const char *di_table_column(const di_table *table, size_t col);
/** The index of the column named name, or -1. */
DI_API long di_table_find_column(const di_table *table, const char *name);

/** The kind of a cell; DI_CELL_EMPTY outside the table. */
DI_API di_cell_type di_table_type(const di_table *table, size_t row, size_t col);
/** The value of an INT or NUMBER cell; NaN for any other cell. */
DI_API double di_table_number(const di_table *table, size_t row, size_t col);
/**
 * The text of a TEXT or DATE cell; NULL for any other cell. The string is
 * valid until the next call of di_table_text on this view, or its free.
 */
DI_API const char *di_table_text(di_table *table, size_t row, size_t col);

#ifdef __cplusplus
}
#endif
#endif
