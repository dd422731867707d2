/*
 * report_xlsx.c - report.xlsx (libxlsxwriter): a Summary sheet, one sheet
 * per CSV table and the CAAR path of each event with its 95% band, drawn
 * as a native line chart. The table sheets are read back from the CSV
 * files just written into the report's temporary folder, so a sheet holds
 * exactly what its CSV holds: each numeric cell as a number (the double the
 * CSV text reads back to), each ISO date as a date, the rest as text (the
 * CSV's leading ' against formulas dropped: a string cell never runs). The
 * file is byte-deterministic: the document's creation time is fixed.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "alloc.h"
#include "csvread.h"
#include "error.h"
#include "report_run.h"
#include "signif.h"

/* 2000-01-01T00:00:00Z: the creation time written in every workbook. */
#define XLSX_CREATED ((time_t)946684800)
/* The last data row of a sheet (Excel: 1,048,576 rows, one the header). */
#define XLSX_MAX_ROWS (LXW_ROW_MAX - 1)
#define XLSX_MAX_COLS 64

/*
 * libxlsxwriter writes the workbook's creation time through gmtime(), whose
 * result lives in one static buffer shared by the whole process, so two
 * workbooks closed at once race on it (ThreadSanitizer in test_threads saw
 * it). The one lock of the library serialises workbook_close(); it holds no
 * data, and a study never waits on it except while a workbook is packed.
 */
static pthread_mutex_t xlsx_close_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct xlsx {
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

/* Columns of text: an id or a ticker that looks like a number ("2022",
 * "1E3") stays the text it is. */
static int text_column(const char *name)
{
	static const char *const cols[] = {"event_id", "ticker", "model", "test", "reason",
					   "detail"};
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

/* --- a CSV table, read twice: its size, then its cells ------------------ */

typedef struct table {
	xlsx *x;
	lxw_worksheet *ws;
	int decimal_comma;
	size_t rows, cols;
	double width[XLSX_MAX_COLS];
	lxw_format *fmt[XLSX_MAX_COLS];
	int text[XLSX_MAX_COLS];
	lxw_row_t row;
} table;

static int measure(void *payload, long line, size_t n, char *const *f, const size_t *len)
{
	table *t = payload;
	(void)line;
	if (n > t->cols)
		t->cols = n;
	for (size_t i = 0; i < n && i < XLSX_MAX_COLS; i++)
		if ((double)len[i] + 2 > t->width[i])
			t->width[i] = (double)len[i] + 2;
	(void)f;
	t->rows++;
	return 0;
}

/* A cell as a number: the whole text is a finite decimal number. */
static int as_number(const char *s, int decimal_comma, double *v)
{
	char buf[64], *end;
	size_t n = strlen(s);
	if (!n || n >= sizeof(buf) || !strchr("+-.0123456789", s[0]))
		return 0;
	for (size_t i = 0; i <= n; i++)
		buf[i] = decimal_comma && s[i] == ',' ? '.' : s[i];
	*v = strtod(buf, &end);
	return *end == '\0' && isfinite(*v);
}

/* A cell as a date: exactly YYYY-MM-DD. */
static int as_date(const char *s, lxw_datetime *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	*d = (lxw_datetime){atoi(s), atoi(s + 5), atoi(s + 8), 0, 0, 0.0};
	return d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31;
}

/* A text the CSV writer guarded with a leading ' (it begins with = + - @,
 * tab or CR): the sheet holds it without the guard, as a string cell that
 * a spreadsheet never runs. */
static int guarded(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]);
}

static void cell(table *t, lxw_col_t c, const char *s)
{
	double v;
	lxw_datetime d;
	if (!s[0])
		return;
	if (t->text[c])
		worksheet_write_string(t->ws, t->row, c, guarded(s) ? s + 1 : s, NULL);
	else if (as_date(s, &d))
		worksheet_write_datetime(t->ws, t->row, c, &d, t->x->date);
	else if (as_number(s, t->decimal_comma, &v))
		worksheet_write_number(t->ws, t->row, c, v, t->fmt[c]);
	else
		worksheet_write_string(t->ws, t->row, c, guarded(s) ? s + 1 : s, NULL);
}

static int fill(void *payload, long line, size_t n, char *const *f, const size_t *len)
{
	table *t = payload;
	(void)line;
	(void)len;
	for (size_t i = 0; i < n && i < XLSX_MAX_COLS; i++) {
		if (t->row == 0) {
			t->fmt[i] = pct_column(f[i]) ? t->x->pct : p_column(f[i]) ? t->x->sci : NULL;
			t->text[i] = text_column(f[i]);
			worksheet_write_string(t->ws, 0, (lxw_col_t)i, f[i], t->x->head);
		} else {
			cell(t, (lxw_col_t)i, f[i]);
		}
	}
	t->row++;
	return 0;
}

/* The sheet of one CSV file; *rows gets its data rows. A table too long
 * for a sheet gets no sheet (the Summary sheet says so). */
static int table_sheet(xlsx *x, const char *dir, const char *file, size_t *rows)
{
	char path[4096], name[32];
	di_csv_info info;
	table t = {.x = x};
	int rc;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((rc = di_csv_read(path, &info, measure, &t)))
		return rc;
	*rows = t.rows ? t.rows - 1 : 0;
	if (*rows > XLSX_MAX_ROWS)
		return 0;
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 4), file);
	t.ws = workbook_add_worksheet(x->wb, name);
	if (!t.ws)
		return di_error_oom();
	t.decimal_comma = info.decimal_comma;
	for (size_t c = 0; c < t.cols && c < XLSX_MAX_COLS; c++)
		worksheet_set_column(t.ws, (lxw_col_t)c, (lxw_col_t)c,
				     t.width[c] > 60 ? 60 : t.width[c] < 9 ? 9 : t.width[c], NULL);
	worksheet_freeze_panes(t.ws, 1, 0);
	if (t.cols)
		worksheet_autofilter(t.ws, 0, 0, (lxw_row_t)*rows, (lxw_col_t)(t.cols - 1));
	return di_csv_read(path, &info, fill, &t);
}

/* --- the Summary sheet ----------------------------------------------------- */

static void summary_headlines(xlsx *x, lxw_worksheet *ws, const di_run *run, lxw_row_t *row)
{
	static const char *const head[] = {"block", "from", "to", "caar", "lead_test", "statistic",
					   "df", "p", "p_kind", "significant", "p_holm", "n"};
	const size_t k = run->head_tw;
	for (lxw_col_t c = 0; c < 12; c++)
		worksheet_write_string(ws, *row, c, head[c], x->head);
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		const di_test_value *v = &b->tests[k * DI_NTESTS + (size_t)b->lead];
		di_p_kind kind;
		double p = di_test_p(v, &kind), cells[] = {v->s.stat, v->s.df};
		(*row)++;
		worksheet_write_string(ws, *row, 0, b->id, NULL);
		worksheet_write_number(ws, *row, 1, run->tw[k].from, NULL);
		worksheet_write_number(ws, *row, 2, run->tw[k].to, NULL);
		if (!isnan(v->estimate))
			worksheet_write_number(ws, *row, 3, v->estimate, x->pct);
		worksheet_write_string(ws, *row, 4, di_test_names[b->lead], NULL);
		for (lxw_col_t c = 0; c < 2; c++)
			if (!isnan(cells[c]))
				worksheet_write_number(ws, *row, 5 + c, cells[c], NULL);
		if (!isnan(p))
			worksheet_write_number(ws, *row, 7, p, x->p4);
		worksheet_write_string(ws, *row, 8, kind == DI_P_PLACEBO ? "placebo"
						    : kind == DI_P_NOMINAL ? "nominal" : "", NULL);
		worksheet_write_string(ws, *row, 9, b->pool != DI_POOL_OK ? "not a headline"
						    : di_test_star(b, b->lead, v) ? "yes" : "no", NULL);
		if (!isnan(b->p_holm))
			worksheet_write_number(ws, *row, 10, b->p_holm, x->p4);
		worksheet_write_number(ws, *row, 11, (double)v->n, NULL);
	}
	*row += 2;
}

static lxw_worksheet *summary_sheet(xlsx *x, const di_run *run, lxw_row_t *row)
{
	const di_study *s = run->study;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "Summary");
	char line[512];
	if (!ws)
		return NULL;
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 11, 11, NULL);
	snprintf(line, sizeof(line), "defimpact %s event study%s%s", di_version(),
		 s->study_file ? ": " : "", s->study_file ? s->study_file : "");
	worksheet_write_string(ws, 0, 0, line, x->head);
	snprintf(line, sizeof(line), "Model: %s; %s returns; estimation %d:%d; event window %d:%d",
		 di_model_name(s->model), s->log_returns ? "log" : "simple", s->est.from,
		 s->est.to, s->win.from, s->win.to);
	worksheet_write_string(ws, 1, 0, line, NULL);
	worksheet_write_string(ws, 2, 0,
			       "Headlines: the CAAR of the headline window with its lead test; p: the "
			       "placebo p where there is one, else the nominal p; significant: at 5%; "
			       "p_holm: adjusted across the events. The full summary is summary.txt.",
			       NULL);
	*row = 4;
	summary_headlines(x, ws, run, row);
	worksheet_write_string(ws, (*row)++, 0, "Sheets", x->head);
	return ws;
}

/* --- the CAAR paths and their charts ----------------------------------- */

/* Sheet caar_band: per event block, each day of its CAAR path with the
 * band (derived.c); then one line chart per event on sheet charts. */
static int caar_charts(xlsx *x, const di_run *run)
{
	static const char *const head[] = {"event_id", "day", "caar", "band_lo", "band_hi"};
	lxw_worksheet *data = workbook_add_worksheet(x->wb, "caar_band");
	lxw_worksheet *charts = workbook_add_worksheet(x->wb, "charts");
	lxw_row_t row = 0, place = 0;
	if (!data || !charts)
		return di_error_oom();
	for (lxw_col_t c = 0; c < 5; c++)
		worksheet_write_string(data, row, c, head[c], x->head);
	worksheet_freeze_panes(data, 1, 0);
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		const di_derived *dv = &run->derived[i];
		lxw_row_t first = row + 1;
		lxw_chart *ch;
		if (b->event < 0 || !dv->ncaar)
			continue;
		for (size_t j = 0; j < dv->ncaar; j++) {
			row++;
			worksheet_write_string(data, row, 0, b->id, NULL);
			worksheet_write_number(data, row, 1, run->study->win.from + (double)j, NULL);
			worksheet_write_number(data, row, 2, b->caar[j], x->pct);
			if (!isnan(dv->band[j])) {
				worksheet_write_number(data, row, 3, b->caar[j] - dv->band[j], x->pct);
				worksheet_write_number(data, row, 4, b->caar[j] + dv->band[j], x->pct);
			}
		}
		if (!(ch = workbook_add_chart(x->wb, LXW_CHART_LINE)))
			return di_error_oom();
		/* a name starting with = would be read as a cell reference */
		chart_title_set_name(ch, run->events->e[b->event].label[0] == '='
						 ? run->events->e[b->event].id
						 : run->events->e[b->event].label);
		chart_axis_set_name(ch->x_axis, "relative trading day");
		chart_axis_set_name(ch->y_axis, "CAAR");
		for (lxw_col_t c = 2; c < 5; c++) {
			lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
			lxw_chart_line band = {.color = 0x4C72B0, .dash_type = LXW_CHART_LINE_DASH_DASH,
					       .width = 1.0};
			lxw_chart_line caar = {.color = 0x000000, .width = 2.25};
			if (!se)
				return di_error_oom();
			chart_series_set_categories(se, "caar_band", first, 1, row, 1);
			chart_series_set_values(se, "caar_band", first, c, row, c);
			chart_series_set_name(se, c == 2 ? "CAAR" : c == 3 ? "95% band, lower"
									 : "95% band, upper");
			chart_series_set_line(se, c == 2 ? &caar : &band);
		}
		worksheet_insert_chart(charts, place, 0, ch);
		place += 22;
	}
	return 0;
}

static int add_formats(xlsx *x)
{
	x->head = workbook_add_format(x->wb);
	x->pct = workbook_add_format(x->wb);
	x->p4 = workbook_add_format(x->wb);
	x->date = workbook_add_format(x->wb);
	x->sci = workbook_add_format(x->wb);
	if (!x->head || !x->pct || !x->p4 || !x->date || !x->sci)
		return di_error_oom();
	format_set_bold(x->head);
	format_set_num_format(x->pct, "0.00%");
	format_set_num_format(x->p4, "0.0000");
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_num_format(x->sci, "0.0000E+00");
	return 0;
}

/* The table sheets, each listed on the Summary sheet with its rows, or
 * as left out when longer than a sheet. */
static int tables(xlsx *x, const di_report_dir *d, lxw_worksheet *sum, lxw_row_t *row)
{
	static const char *const files[] = {"estimates.csv", "ar.csv",	 "car.csv",
					    "aar.csv",	     "tests.csv", "exclusions.csv"};
	char line[256];
	int rc;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t rows;
		if ((rc = table_sheet(x, d->tmp, files[i], &rows)))
			return rc;
		if (rows > XLSX_MAX_ROWS)
			snprintf(line, sizeof(line),
				 "%s: not in the workbook: its %zu rows exceed a sheet's 1,048,576 "
				 "(the CSV file holds it)", files[i], rows);
		else
			snprintf(line, sizeof(line), "%.*s: %zu rows (%s)", (int)(strlen(files[i]) - 4),
				 files[i], rows, files[i]);
		worksheet_write_string(sum, (*row)++, 0, line, NULL);
	}
	worksheet_write_string(sum, (*row)++, 0,
			       "caar_band and charts: each event's CAAR path with its 95% band "
			       "CAAR +- 1.96 sqrt(t - W1 + 1) S", NULL);
	return 0;
}

int di_report_run_xlsx(const di_run *run, di_report_dir *d)
{
	char path[4096];
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = d->tmp};
	lxw_doc_properties props = {.title = "defimpact event study", .created = XLSX_CREATED};
	xlsx x = {0};
	lxw_worksheet *sum;
	lxw_row_t row = 0;
	lxw_error err;
	int rc;
	snprintf(path, sizeof(path), "%s/report.xlsx", d->tmp);
	x.wb = workbook_new_opt(path, &opt);
	if (!x.wb)
		return di_error_set(DI_EIO, "cannot write %s/report.xlsx", d->target);
	workbook_set_properties(x.wb, &props);
	if (!(rc = add_formats(&x))) {
		sum = summary_sheet(&x, run, &row);
		rc = !sum ? di_error_oom() : tables(&x, d, sum, &row);
	}
	if (!rc)
		rc = caar_charts(&x, run);
	pthread_mutex_lock(&xlsx_close_lock);
	err = workbook_close(x.wb);
	pthread_mutex_unlock(&xlsx_close_lock);
	if (!rc && err != LXW_NO_ERROR)
		rc = di_error_set(err == LXW_ERROR_MEMORY_MALLOC_FAILED ? DI_ENOMEM : DI_EIO,
				  "cannot write %s/report.xlsx: %s", d->target, lxw_strerror(err));
	return rc;
}
