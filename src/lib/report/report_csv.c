/*
 * report_csv.c - the CSV files of a run report. Each file is one table
 * view (view.c, defimpact/table.h) written cell by cell: the writer knows
 * neither the columns nor the rows, and computes nothing.
 */
#include <stdio.h>

#include "csvw.h"
#include "error.h"
#include "report.h"
#include "report_run.h"
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

void di_csv_write_table(const di_table *t, di_csvw *w)
{
	size_t nc = di_table_ncols(t), nr = di_table_nrows(t);
	di_cell c;
	for (size_t j = 0; j < nc; j++)
		di_csvw_text(w, di_table_column(t, j));
	di_csvw_end_row(w);
	for (size_t i = 0; i < nr; i++) {
		for (size_t j = 0; j < nc; j++) {
			di_table_cell(t, i, j, &c);
			write_cell(w, &c);
		}
		di_csvw_end_row(w);
	}
}

int di_report_run_csv(const di_rview *v, di_report_dir *d)
{
	size_t n;
	const char *const *names = di_run_table_names(&n);
	char file[32];
	for (size_t i = 0; i < n; i++) {
		di_table *t;
		FILE *f;
		di_csvw w;
		int rc = di_run_table(v->run, names[i], &t);
		snprintf(file, sizeof(file), "%s.csv", names[i]);
		if (rc == 0)
			rc = di_report_open(d, file, 1, &f);
		if (rc) {
			di_table_free(t);
			return rc;
		}
		di_csvw_init(&w, f, v->study->dialect == DI_DIALECT_EXCEL_EU);
		di_csv_write_table(t, &w);
		di_table_free(t);
		if ((rc = di_report_close(d, file, f)))
			return rc;
	}
	return 0;
}
