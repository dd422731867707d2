/*
 * view.c - the read-only views of a run's tables (defimpact/table.h).
 * A view computes nothing: each cell is read from what run.c and
 * blockstats.c computed, by the row and column order of the report
 * (docs/report-format.md). report_csv.c writes the CSV files from these
 * views, so the rule for which cell exists lives here only.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "run.h"
#include "view.h"

/* ---- cells ------------------------------------------------------------ */

void di_cell_text(di_cell *c, const char *s)
{
	c->type = DI_CELL_TEXT;
	c->s = s;
}

void di_cell_int(di_cell *c, long v)
{
	c->type = DI_CELL_INT;
	c->x = (double)v;
}

/* A number that does not exist (NAN, or infinite) is an empty cell. */
void di_cell_num(di_cell *c, double v)
{
	c->type = isfinite(v) ? DI_CELL_NUMBER : DI_CELL_EMPTY;
	c->x = v;
}

void di_cell_date(di_cell *c, di_date d)
{
	c->type = d == DI_NO_DATE ? DI_CELL_EMPTY : DI_CELL_DATE;
	c->d = d;
}


/* The two leading columns of the security-event tables. */
static int secev_key(const di_run *run, const di_secev *se, size_t col, di_cell *c)
{
	if (col == 0)
		di_cell_text(c, run->events->e[se->event].id);
	else if (col == 1)
		di_cell_text(c, run->tickers[se->ticker]->ticker);
	return col < 2;
}

static void estimates_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_run *run = t->run;
	const di_secev *se = &run->se[row];
	di_model m = run->study->model;
	int has_beta = m == DI_MODEL_MARKET || m == DI_MODEL_FACTOR;
	if (secev_key(run, se, col, c))
		return;
	switch (col) {
	case 2: di_cell_text(c, di_model_name(m)); break;
	case 3: di_cell_int(c, (long)se->n_est); break;
	case 4: di_cell_date(c, se->est_date[0]); break;
	case 5: di_cell_date(c, se->est_date[se->n_est - 1]); break;
	case 6: di_cell_num(c, m == DI_MODEL_MARKET_ADJUSTED ? NAN : se->fit.theta[0]); break;
	case 7: di_cell_num(c, has_beta ? se->fit.theta[1] : NAN); break;
	case 8: di_cell_num(c, sqrt(se->fit.s2)); break;
	case 9: di_cell_num(c, has_beta ? se->fit.r2 : NAN); break;
	default: di_cell_num(c, se->fit.theta[2 + (col - 10)]); /* beta_<factor> */
	}
}

static void ar_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_run *run = t->run;
	const di_secev *se = &run->se[row / (size_t)run->nw];
	size_t d = row % (size_t)run->nw;
	const double *v[] = {se->r, se->m, se->normal, se->ar, se->sar};
	if (secev_key(run, se, col, c))
		return;
	if (col == 2)
		di_cell_int(c, run->study->win.from + (long)d);
	else if (col == 3)
		di_cell_date(c, se->date[d]);
	else
		di_cell_num(c, v[col - 4][d]);
}

static void car_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_run *run = t->run;
	const di_study *s = run->study;
	const di_secev *se = &run->se[row / s->ncar];
	size_t k = row % s->ncar;
	const double *v[] = {se->car, se->car_sd, se->scar, se->bhar};
	if (secev_key(run, se, col, c))
		return;
	if (col == 2)
		di_cell_int(c, s->car[k].from);
	else if (col == 3)
		di_cell_int(c, s->car[k].to);
	else
		di_cell_num(c, v[col - 4][k]);
}

static void aar_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_run *run = t->run;
	const di_block *b = &run->blocks[row / (size_t)run->nw];
	size_t d = row % (size_t)run->nw;
	switch (col) {
	case 0: di_cell_text(c, b->id); break;
	case 1: di_cell_int(c, run->study->win.from + (long)d); break;
	case 2: di_cell_int(c, (long)b->aar_n[d]); break;
	case 3: di_cell_num(c, b->aar[d]); break;
	default: di_cell_num(c, b->caar[d]);
	}
}

static void tests_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_run *run = t->run;
	const size_t *ix = &t->idx[3 * row];
	const di_block *b = &run->blocks[ix[0]];
	const di_test_window *w = &run->tw[ix[1]];
	const di_test_value *v = &b->tests[ix[1] * DI_NTESTS + ix[2]];
	switch (col) {
	case 0: di_cell_text(c, b->id); break;
	case 1: di_cell_int(c, w->from); break;
	case 2: di_cell_int(c, w->to); break;
	case 3: di_cell_text(c, di_test_names[ix[2]]); break;
	case 4: di_cell_int(c, (long)v->n); break;
	case 5: di_cell_num(c, v->estimate); break;
	case 6: di_cell_num(c, v->s.stat); break;
	case 7: di_cell_num(c, v->s.df); break;
	case 8: di_cell_num(c, v->s.p); break;
	case 9: di_cell_num(c, v->rbar); break;
	case 10: di_cell_num(c, v->p_placebo); break;
	default:
		/* empty, as p_placebo, without placebo dates (--placebo 0) */
		if (run->study->placebo > 0)
			di_cell_int(c, (long)v->n_placebo);
		else
			di_cell_num(c, NAN);
	}
}

static void exclusions_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_exclusion *x = &t->run->exc[row];
	const char *v[] = {x->event_id, x->ticker, x->reason, x->detail};
	di_cell_text(c, v[col]);
}

/* ---- the tables ----------------------------------------------------------- */

/* dcaar_t is a row of event blocks only, in a study with controls. */
static int test_row_exists(const di_run *run, const di_block *b, int test)
{
	return test != DI_T_DCAAR || (b->event >= 0 && run->ntreated < run->ntickers);
}

static int tests_index(di_table *t)
{
	const di_run *run = t->run;
	size_t n = 0;
	t->idx = di_calloc(3 * (run->nblocks * run->ntw * DI_NTESTS) + 1, sizeof(*t->idx));
	if (!t->idx)
		return di_error_oom();
	for (size_t b = 0; b < run->nblocks; b++)
		for (size_t k = 0; k < run->ntw; k++)
			for (int x = 0; x < DI_NTESTS; x++)
				if (test_row_exists(run, &run->blocks[b], x)) {
					t->idx[3 * n] = b;
					t->idx[3 * n + 1] = k;
					t->idx[3 * n + 2] = (size_t)x;
					n++;
				}
	t->nrows = n;
	return 0;
}

int di_table_set_columns(di_table *t, const char *list, const di_strlist *factors)
{
	size_t n = 1, nf = factors ? factors->n : 0;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	t->cols = di_calloc(n + nf, sizeof(*t->cols));
	if (!t->cols)
		return di_error_oom();
	for (const char *p = list; t->ncols < n; p += strcspn(p, ",") + 1) {
		t->cols[t->ncols] = di_strndup(p, strcspn(p, ","));
		if (!t->cols[t->ncols++])
			return di_error_oom();
	}
	/* one column per factor, whatever the length of its name */
	for (size_t j = 0; j < nf; j++) {
		size_t len = strlen(factors->v[j]) + 6;
		t->cols[t->ncols] = di_malloc(len);
		if (!t->cols[t->ncols++])
			return di_error_oom();
		snprintf(t->cols[t->ncols - 1], len, "beta_%s", factors->v[j]);
	}
	return 0;
}

static const char *const table_names[] = {"estimates", "ar", "car", "aar", "tests", "exclusions"};

static const struct {
	di_cell_fn cell;
	const char *cols;
} tables[] = {
	{estimates_cell, "event_id,ticker,model,n_est,est_first,est_last,alpha,beta,sigma,r2"},
	{ar_cell, "event_id,ticker,day,date,return,market_return,normal_return,ar,sar"},
	{car_cell, "event_id,ticker,from,to,car,car_sd,scar,bhar"},
	{aar_cell, "event_id,day,n,aar,caar"},
	{tests_cell, "event_id,from,to,test,n,estimate,statistic,df,p_value,rbar,p_placebo,"
		     "n_placebo"},
	{exclusions_cell, "event_id,ticker,reason,detail"},
};

const char *const *di_run_table_names(size_t *n)
{
	*n = sizeof(table_names) / sizeof(table_names[0]);
	return table_names;
}

static size_t table_rows(const di_run *run, size_t which)
{
	switch (which) {
	case 0: return run->nse;
	case 1: return run->nse * (size_t)run->nw;
	case 2: return run->nse * run->study->ncar;
	case 3: return run->nblocks * (size_t)run->nw;
	default: return run->nexc;
	}
}

int di_run_table(const di_run *run, const char *name, di_table **out)
{
	size_t which = 0, n = sizeof(table_names) / sizeof(table_names[0]);
	const di_study *s = run->study;
	di_table *t;
	int rc;
	*out = NULL;
	while (which < n && (!name || strcmp(name, table_names[which])))
		which++;
	if (which == n)
		return di_error_set(DI_EUSAGE, "unknown table '%s' (expected estimates, ar, car, "
				    "aar, tests or exclusions)", name ? name : "");
	t = di_calloc(1, sizeof(*t));
	if (!t)
		return di_error_oom();
	t->run = run;
	t->cell = tables[which].cell;
	t->nrows = table_rows(run, which);
	rc = di_table_set_columns(t, tables[which].cols,
			 which == 0 && s->model == DI_MODEL_FACTOR ? &s->factors : NULL);
	if (rc == 0 && tables[which].cell == tests_cell)
		rc = tests_index(t);
	if (rc) {
		di_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void di_table_free(di_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		di_free(t->cols[i]);
	di_free(t->cols);
	di_free(t->idx);
	di_free(t->colid);
	di_free(t);
}

/* ---- access ----------------------------------------------------------- */

size_t di_table_nrows(const di_table *t)
{
	return t->nrows;
}

size_t di_table_ncols(const di_table *t)
{
	return t->ncols;
}

const char *di_table_column(const di_table *t, size_t col)
{
	return col < t->ncols ? t->cols[col] : NULL;
}

long di_table_find_column(const di_table *t, const char *name)
{
	for (size_t i = 0; name && i < t->ncols; i++)
		if (!strcmp(t->cols[i], name))
			return (long)i;
	return -1;
}

void di_table_cell(const di_table *t, size_t row, size_t col, di_cell *out)
{
	memset(out, 0, sizeof(*out));
	out->type = DI_CELL_EMPTY;
	out->x = NAN;
	if (row < t->nrows && col < t->ncols)
		t->cell(t, row, col, out);
}

di_cell_type di_table_type(const di_table *t, size_t row, size_t col)
{
	di_cell c;
	di_table_cell(t, row, col, &c);
	return c.type;
}

double di_table_number(const di_table *t, size_t row, size_t col)
{
	di_cell c;
	di_table_cell(t, row, col, &c);
	return c.type == DI_CELL_INT || c.type == DI_CELL_NUMBER ? c.x : NAN;
}

const char *di_table_text(di_table *t, size_t row, size_t col)
{
	di_cell c;
	di_table_cell(t, row, col, &c);
	if (c.type == DI_CELL_TEXT)
		return c.s;
	if (c.type != DI_CELL_DATE)
		return NULL;
	di_date_format(c.d, t->buf);
	return t->buf;
}
