/*
 * report_xlsx.c - report.xlsx (libxlsxwriter): a Summary sheet, one sheet
 * per CSV table and the CAAR path of each event with its 95% band, drawn
 * as a native line chart. Each table sheet is written from the table's
 * view (view.c, defimpact/table.h), the one the CSV file is written from,
 * so a sheet holds what its CSV holds: a number cell as the same double, a
 * date as a date cell, a text as a string (without the CSV's ' against
 * formulas: a string cell never runs). The file is byte-deterministic: the
 * document's creation time is fixed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csvw.h"
#include "error.h"
#include "numfmt.h"
#include "report_run.h"
#include "view.h"
#include "xlsx_api.h"

/* 2000-01-01T00:00:00Z: the creation time written in every workbook. */
#define XLSX_CREATED ((time_t)946684800)
/* The last data row of a sheet (Excel: 1,048,576 rows, one the header). */
#define XLSX_MAX_ROWS (LXW_ROW_MAX - 1)
#define XLSX_MAX_COLS 64

typedef struct xlsx {
	di_xlsx_api lxw;
	lxw_workbook *wb;
	lxw_format *head, *pct, *p4, *date, *sci;
} xlsx;

/* Columns that hold returns (fractions): shown as percent. */
static int pct_column(const char *name)
{
	static const char *const cols[] = {"return", "market_return", "normal_return", "ar", "car",
					   "car_sd", "bhar", "aar", "caar", "estimate", "alpha",
					   "sigma", "band_lo", "band_hi"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (!strcmp(name, cols[i]))
			return 1;
	return 0;
}

/* Columns of p-values: scientific, so that a tiny p reads as one. */
static int p_column(const char *name)
{
	return !strcmp(name, "p_value") || !strcmp(name, "p_placebo");
}

/* --- a table view, read twice: its widths, then its cells --------------- */

typedef struct table {
	xlsx *x;
	lxw_worksheet *ws;
	const di_table *t;
	size_t cols; /* the columns written: at most XLSX_MAX_COLS */
	lxw_format *fmt[XLSX_MAX_COLS];
} table;

/* The length of a cell as its CSV file spells it (a text with its '
 * guard): a column is as wide as the longest text of its CSV file, so
 * that the sheet and the file read alike. */
static size_t cell_len(const di_cell *c)
{
	char buf[DI_NUM_BUFSZ];
	switch (c->type) {
	case DI_CELL_TEXT:
		return strlen(c->s) + (size_t)di_csvw_guarded(c->s);
	case DI_CELL_INT:
		return (size_t)snprintf(buf, sizeof(buf), "%ld", (long)c->x);
	case DI_CELL_NUMBER:
		return di_num_format(c->x, 0, buf);
	case DI_CELL_DATE:
		return 10; /* YYYY-MM-DD */
	default:
		return 0;
	}
}

/* Each column as wide as its longest cell or header, within 9..60. */
static void set_widths(table *t)
{
	double width[XLSX_MAX_COLS];
	di_cell c;
	for (size_t j = 0; j < t->cols; j++)
		width[j] = (double)strlen(di_table_column(t->t, j)) + 2;
	for (size_t i = 0; i < di_table_nrows(t->t); i++)
		for (size_t j = 0; j < t->cols; j++) {
			di_table_cell(t->t, i, j, &c);
			if ((double)cell_len(&c) + 2 > width[j])
				width[j] = (double)cell_len(&c) + 2;
		}
	for (size_t j = 0; j < t->cols; j++)
		t->x->lxw.worksheet_set_column(t->ws, (lxw_col_t)j, (lxw_col_t)j,
				     width[j] > 60 ? 60 : width[j] < 9 ? 9 : width[j], NULL);
}

/* One cell by its type: a text stays the text it is (an id "2022" is no
 * number, and a text never runs as a formula), a number is the double
 * of the view, a date a date cell; an empty cell is not written. */
static void cell(table *t, lxw_row_t row, lxw_col_t col, const di_cell *c)
{
	lxw_datetime d = {0};
	switch (c->type) {
	case DI_CELL_TEXT:
		if (c->s[0]) /* an empty text is an empty cell, as in the CSV */
			t->x->lxw.worksheet_write_string(t->ws, row, col, c->s, NULL);
		break;
	case DI_CELL_INT:
	case DI_CELL_NUMBER:
		t->x->lxw.worksheet_write_number(t->ws, row, col, c->x, t->fmt[col]);
		break;
	case DI_CELL_DATE:
		di_date_ymd(c->d, &d.year, &d.month, &d.day);
		t->x->lxw.worksheet_write_datetime(t->ws, row, col, &d, t->x->date);
		break;
	default:
		break;
	}
}

static void fill(table *t)
{
	di_cell c;
	for (size_t j = 0; j < t->cols; j++) {
		const char *name = di_table_column(t->t, j);
		t->fmt[j] = pct_column(name) ? t->x->pct : p_column(name) ? t->x->sci : NULL;
		t->x->lxw.worksheet_write_string(t->ws, 0, (lxw_col_t)j, name, t->x->head);
	}
	for (size_t i = 0; i < di_table_nrows(t->t); i++)
		for (size_t j = 0; j < t->cols; j++) {
			di_table_cell(t->t, i, j, &c);
			cell(t, (lxw_row_t)(i + 1), (lxw_col_t)j, &c);
		}
}

/* The sheet of one table view (di_run_table), named as the table; *rows
 * gets its data rows. A table too long for a sheet gets no sheet (the
 * Summary sheet says so). */
static int table_sheet(xlsx *x, const di_run *run, const char *name, size_t *rows)
{
	table t = {.x = x};
	di_table *view;
	int rc = di_run_table(run, name, &view);
	if (rc)
		return rc;
	t.t = view;
	t.cols = di_table_ncols(view) < XLSX_MAX_COLS ? di_table_ncols(view) : XLSX_MAX_COLS;
	*rows = di_table_nrows(view);
	if (*rows <= XLSX_MAX_ROWS && !(t.ws = x->lxw.workbook_add_worksheet(x->wb, name)))
		rc = di_error_oom();
	if (!rc && t.ws) {
		set_widths(&t);
		x->lxw.worksheet_freeze_panes(t.ws, 1, 0);
		if (di_table_ncols(view))
			x->lxw.worksheet_autofilter(t.ws, 0, 0, (lxw_row_t)*rows,
					     (lxw_col_t)(di_table_ncols(view) - 1));
		fill(&t);
	}
	di_table_free(view);
	return rc;
}

/* --- the Summary sheet ----------------------------------------------------- */

static void summary_headlines(xlsx *x, lxw_worksheet *ws, const di_rview *v, lxw_row_t *row)
{
	static const char *const head[] = {"block", "from", "to", "caar", "lead_test", "statistic",
					   "df", "p", "p_kind", "significant", "p_holm", "n"};
	for (lxw_col_t c = 0; c < 12; c++)
		x->lxw.worksheet_write_string(ws, *row, c, head[c], x->head);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		const di_rv_test *h = &b->lead;
		const double cells[] = {h->stat, h->df};
		(*row)++;
		x->lxw.worksheet_write_string(ws, *row, 0, b->id, NULL);
		x->lxw.worksheet_write_number(ws, *row, 1, v->head_from, NULL);
		x->lxw.worksheet_write_number(ws, *row, 2, v->head_to, NULL);
		if (!isnan(h->estimate))
			x->lxw.worksheet_write_number(ws, *row, 3, h->estimate, x->pct);
		x->lxw.worksheet_write_string(ws, *row, 4, h->name, NULL);
		for (lxw_col_t c = 0; c < 2; c++)
			if (!isnan(cells[c]))
				x->lxw.worksheet_write_number(ws, *row, 5 + c, cells[c], NULL);
		if (!isnan(h->p))
			x->lxw.worksheet_write_number(ws, *row, 7, h->p, x->p4);
		x->lxw.worksheet_write_string(ws, *row, 8, h->kind == DI_P_PLACEBO ? "placebo"
						    : h->kind == DI_P_NOMINAL ? "nominal" : "", NULL);
		x->lxw.worksheet_write_string(ws, *row, 9, b->pool != DI_POOL_OK ? "not a headline"
						    : h->star ? "yes" : "no", NULL);
		if (!isnan(b->p_holm))
			x->lxw.worksheet_write_number(ws, *row, 10, b->p_holm, x->p4);
		x->lxw.worksheet_write_number(ws, *row, 11, (double)h->n, NULL);
	}
	*row += 2;
}

static lxw_worksheet *summary_sheet(xlsx *x, const di_rview *v, lxw_row_t *row)
{
	const di_study *s = v->study;
	lxw_worksheet *ws = x->lxw.workbook_add_worksheet(x->wb, "Summary");
	char line[512];
	if (!ws)
		return NULL;
	x->lxw.worksheet_set_column(ws, 0, 0, 28, NULL);
	x->lxw.worksheet_set_column(ws, 1, 11, 11, NULL);
	snprintf(line, sizeof(line), "defimpact %s event study%s%s", di_version(),
		 s->study_file ? ": " : "", s->study_file ? s->study_file : "");
	x->lxw.worksheet_write_string(ws, 0, 0, line, x->head);
	snprintf(line, sizeof(line), "Model: %s; %s returns; estimation %d:%d; event window %d:%d",
		 di_model_name(s->model), s->log_returns ? "log" : "simple", s->est.from,
		 s->est.to, s->win.from, s->win.to);
	x->lxw.worksheet_write_string(ws, 1, 0, line, NULL);
	x->lxw.worksheet_write_string(ws, 2, 0,
			       "Headlines: the CAAR of the headline window with its lead test; p: the "
			       "placebo p where there is one, else the nominal p; significant: at 5%; "
			       "p_holm: adjusted across the events. The full summary is summary.txt.",
			       NULL);
	*row = 4;
	summary_headlines(x, ws, v, row);
	x->lxw.worksheet_write_string(ws, (*row)++, 0, "Sheets", x->head);
	return ws;
}

/* --- the CAAR paths and their charts ----------------------------------- */

/* The rows of an event's CAAR path on sheet caar_band: each day up to the
 * first missing CAAR, with the band (derived.c). */
static void caar_rows(xlsx *x, lxw_worksheet *data, const di_rview *v, const di_rv_block *b,
		      lxw_row_t *row)
{
	const di_derived *dv = b->d;
	for (size_t j = 0; j < dv->ncaar; j++) {
		(*row)++;
		x->lxw.worksheet_write_string(data, *row, 0, b->id, NULL);
		x->lxw.worksheet_write_number(data, *row, 1, v->study->win.from + (double)j, NULL);
		x->lxw.worksheet_write_number(data, *row, 2, b->caar[j], x->pct);
		if (!isnan(dv->band[j])) {
			x->lxw.worksheet_write_number(data, *row, 3, dv->band_lo[j], x->pct);
			x->lxw.worksheet_write_number(data, *row, 4, dv->band_hi[j], x->pct);
		}
	}
}

/* The line chart of an event over its rows first..last of caar_band. */
static int caar_chart(xlsx *x, lxw_worksheet *charts, const di_rv_block *b, lxw_row_t first,
		      lxw_row_t last, lxw_row_t place)
{
	lxw_chart *ch = x->lxw.workbook_add_chart(x->wb, LXW_CHART_LINE);
	if (!ch)
		return di_error_oom();
	/* a name starting with = would be read as a cell reference */
	x->lxw.chart_title_set_name(ch, b->event->label[0] == '=' ? b->event->id : b->event->label);
	x->lxw.chart_axis_set_name(ch->x_axis, "relative trading day");
	x->lxw.chart_axis_set_name(ch->y_axis, "CAAR");
	for (lxw_col_t c = 2; c < 5; c++) {
		lxw_chart_series *se = x->lxw.chart_add_series(ch, NULL, NULL);
		lxw_chart_line band = {.color = 0x4C72B0, .dash_type = LXW_CHART_LINE_DASH_DASH,
				       .width = 1.0};
		lxw_chart_line caar = {.color = 0x000000, .width = 2.25};
		if (!se)
			return di_error_oom();
		x->lxw.chart_series_set_categories(se, "caar_band", first, 1, last, 1);
		x->lxw.chart_series_set_values(se, "caar_band", first, c, last, c);
		x->lxw.chart_series_set_name(se, c == 2 ? "CAAR" : c == 3 ? "95% band, lower"
								 : "95% band, upper");
		x->lxw.chart_series_set_line(se, c == 2 ? &caar : &band);
	}
	x->lxw.worksheet_insert_chart(charts, place, 0, ch);
	return 0;
}

/* Sheet caar_band: per event block, each day of its CAAR path with the
 * band; then one line chart per event on sheet charts. */
static int caar_charts(xlsx *x, const di_rview *v)
{
	static const char *const head[] = {"event_id", "day", "caar", "band_lo", "band_hi"};
	lxw_worksheet *data = x->lxw.workbook_add_worksheet(x->wb, "caar_band");
	lxw_worksheet *charts = x->lxw.workbook_add_worksheet(x->wb, "charts");
	lxw_row_t row = 0, place = 0;
	int rc;
	if (!data || !charts)
		return di_error_oom();
	for (lxw_col_t c = 0; c < 5; c++)
		x->lxw.worksheet_write_string(data, row, c, head[c], x->head);
	x->lxw.worksheet_freeze_panes(data, 1, 0);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		lxw_row_t first = row + 1;
		if (!b->event || !b->d->ncaar)
			continue;
		caar_rows(x, data, v, b, &row);
		if ((rc = caar_chart(x, charts, b, first, row, place)))
			return rc;
		place += 22;
	}
	return 0;
}

static int add_formats(xlsx *x)
{
	x->head = x->lxw.workbook_add_format(x->wb);
	x->pct = x->lxw.workbook_add_format(x->wb);
	x->p4 = x->lxw.workbook_add_format(x->wb);
	x->date = x->lxw.workbook_add_format(x->wb);
	x->sci = x->lxw.workbook_add_format(x->wb);
	if (!x->head || !x->pct || !x->p4 || !x->date || !x->sci)
		return di_error_oom();
	x->lxw.format_set_bold(x->head);
	x->lxw.format_set_num_format(x->pct, "0.00%");
	x->lxw.format_set_num_format(x->p4, "0.0000");
	x->lxw.format_set_num_format(x->date, "yyyy-mm-dd");
	x->lxw.format_set_num_format(x->sci, "0.0000E+00");
	return 0;
}

/* The table sheets, each listed on the Summary sheet with its rows, or
 * as left out when longer than a sheet. */
static int tables(xlsx *x, const di_rview *v, lxw_worksheet *sum, lxw_row_t *row)
{
	size_t n;
	const char *const *names = di_run_table_names(&n);
	char line[256];
	int rc;
	for (size_t i = 0; i < n; i++) {
		size_t rows;
		if ((rc = table_sheet(x, v->run, names[i], &rows)))
			return rc;
		if (rows > XLSX_MAX_ROWS)
			snprintf(line, sizeof(line),
				 "%s.csv: not in the workbook: its %zu rows exceed a sheet's 1,048,576 "
				 "(the CSV file holds it)", names[i], rows);
		else
			snprintf(line, sizeof(line), "%s: %zu rows (%s.csv)", names[i], rows, names[i]);
		x->lxw.worksheet_write_string(sum, (*row)++, 0, line, NULL);
	}
	x->lxw.worksheet_write_string(sum, (*row)++, 0,
			       "caar_band and charts: each event's CAAR path with its 95% band "
			       "CAAR +- 1.96 sqrt(t - W1 + 1) S", NULL);
	return 0;
}

/* The sheets of x->wb, then the workbook closed (packed into its file). */
static int fill_workbook(xlsx *x, const di_rview *v, const char *target)
{
	lxw_doc_properties props = {.title = "defimpact event study", .created = XLSX_CREATED};
	lxw_worksheet *sum;
	lxw_row_t row = 0;
	lxw_error err;
	int rc;
	x->lxw.workbook_set_properties(x->wb, &props);
	if (!(rc = add_formats(x))) {
		sum = summary_sheet(x, v, &row);
		rc = !sum ? di_error_oom() : tables(x, v, sum, &row);
	}
	if (!rc)
		rc = caar_charts(x, v);
	/* gmtime()'s static buffer (xlsx_api.c, the lock) */
	di_xlsx_api_lock();
	err = x->lxw.workbook_close(x->wb);
	di_xlsx_api_unlock();
	if (!rc && err != LXW_NO_ERROR)
		rc = di_error_set(err == LXW_ERROR_MEMORY_MALLOC_FAILED ? DI_ENOMEM : DI_EIO,
				  "cannot write %s/report.xlsx: %s", target,
				  x->lxw.lxw_strerror(err));
	return rc;
}

int di_report_run_xlsx(const di_rview *v, di_report_dir *d)
{
	char path[4096];
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = d->tmp};
	xlsx x = {0};
	int rc;
	if ((rc = di_xlsx_api_open(&x.lxw, DI_XLSXWRITER_SONAME)))
		return rc;
	snprintf(path, sizeof(path), "%s/report.xlsx", d->tmp);
	x.wb = x.lxw.workbook_new_opt(path, &opt);
	if (!x.wb)
		rc = di_error_set(DI_EIO, "cannot write %s/report.xlsx", d->target);
	else
		rc = fill_workbook(&x, v, d->target);
	di_xlsx_api_close(&x.lxw);
	return rc;
}
