/*
 * view_moves.c - the read-only view of a moves result: the rows of
 * moves.csv (docs/moves.md), the contract's columns, then the split, the
 * claim's, and the extras. The split's columns exist only with --market.
 * Like view.c it computes nothing; report_moves.c writes moves.csv from it.
 */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "claims.h"
#include "error.h"
#include "moves.h"
#include "view.h"

/* Every column, in the order of a report with --market; SPLIT marks the
 * columns only such a report has (without them the order is the same). */
enum {
	MV_TICKER, MV_REPORTED, MV_EXPECTED, MV_ABNORMAL, MV_Z, MV_P, MV_BETA, MV_SIGMA,
	MV_C2C, MV_IN_RANGE, MV_MARKET_PART, MV_SECTOR_PART, MV_SPECIFIC, MV_SINCE, MV_ACTUAL,
	MV_PEAK, MV_PEAK_DATE, MV_TROUGH, MV_TROUGH_DATE, MV_BHAR, MV_VERDICT, MV_NAME, MV_ROLE,
	MV_FRACTION, MV_N_EST, MV_EST_FIRST, MV_EST_LAST, MV_ALPHA, MV_PREV_CLOSE, MV_IMPLIED,
	MV_DAY_LOW, MV_DAY_HIGH, MV_BETA_MARKET, MV_BETA_SECTOR, MV_QUALIFIER, MV_FROM, MV_TO,
	MV_FROM_PRICE, MV_TO_PRICE, MV_BHAR_MARKET, MV_NCOLS
};

#define SPLIT 1
static const struct {
	const char *name;
	int split;
} columns[MV_NCOLS] = {
	{"ticker", 0}, {"reported", 0}, {"expected", 0}, {"abnormal", 0}, {"z", 0},
	{"p_value", 0}, {"beta", 0}, {"sigma", 0}, {"close_to_close", 0}, {"in_day_range", 0},
	{"market_part", SPLIT}, {"sector_part", SPLIT}, {"specific", SPLIT}, {"since", 0},
	{"actual", 0}, {"peak", 0}, {"peak_date", 0}, {"trough", 0}, {"trough_date", 0},
	{"bhar", 0}, {"verdict", 0}, {"name", 0}, {"role", 0}, {"session_fraction", 0},
	{"n_est", 0}, {"est_first", 0}, {"est_last", 0}, {"alpha", 0}, {"prev_close", 0},
	{"implied_price", 0}, {"day_low", 0}, {"day_high", 0}, {"beta_market", SPLIT},
	{"beta_sector", SPLIT}, {"qualifier", 0}, {"from", 0}, {"to", 0}, {"from_price", 0},
	{"to_price", 0}, {"bhar_market", SPLIT},
};

const char *di_move_role_name(int r)
{
	switch (r) {
	case DI_ROLE_BENCHMARK: return "benchmark";
	case DI_ROLE_MARKET: return "market";
	case DI_ROLE_STOCK: return "stock";
	case DI_ROLE_CLAIM: return "claim";
	}
	return "?";
}

/* The claim's columns: empty on same-day rows (since is there even when a
 * claim has no figures). */
static void claim_cell(const di_move_row *r, size_t id, di_cell *c)
{
	const di_move_claim *k = &r->claim;
	const di_series *s = k->has ? r->series : NULL;
	switch (id) {
	case MV_SINCE: di_cell_date(c, r->rep->since); break;
	case MV_ACTUAL: di_cell_num(c, s ? k->path.actual : NAN); break;
	case MV_PEAK: di_cell_num(c, s ? k->path.peak : NAN); break;
	case MV_PEAK_DATE: di_cell_date(c, s ? s->date[k->path.peak_at] : DI_NO_DATE); break;
	case MV_TROUGH: di_cell_num(c, s ? k->path.trough : NAN); break;
	case MV_TROUGH_DATE: di_cell_date(c, s ? s->date[k->path.trough_at] : DI_NO_DATE); break;
	case MV_BHAR: di_cell_num(c, k->bhar); break;
	case MV_VERDICT: di_cell_text(c, di_verdict_name(k->verdict)); break;
	case MV_QUALIFIER: di_cell_text(c, di_qualifier_name(r->rep->qualifier)); break;
	case MV_FROM: di_cell_date(c, s ? s->date[k->path.from] : DI_NO_DATE); break;
	case MV_TO: di_cell_date(c, s ? s->date[k->path.to] : DI_NO_DATE); break;
	case MV_FROM_PRICE: di_cell_num(c, s ? s->price[k->path.from] : NAN); break;
	case MV_TO_PRICE: di_cell_num(c, s ? s->price[k->path.to] : NAN); break;
	default: di_cell_num(c, k->bhar_market); /* MV_BHAR_MARKET */
	}
}

/* Table-driven: one case per column. */
static void moves_cell(const di_table *t, size_t row, size_t col, di_cell *c)
{
	const di_move_row *r = &t->moves->rows[row];
	int claim = r->role == DI_ROLE_CLAIM;
	size_t id = t->colid[col];
	switch (id) {
	case MV_TICKER: di_cell_text(c, r->rep->ticker); break;
	case MV_REPORTED: di_cell_num(c, r->rep->move); break;
	case MV_EXPECTED: di_cell_num(c, r->expected); break;
	case MV_ABNORMAL: di_cell_num(c, r->abnormal); break;
	case MV_Z: di_cell_num(c, r->z); break;
	case MV_P: di_cell_num(c, r->p); break;
	case MV_BETA: di_cell_num(c, r->beta); break;
	case MV_SIGMA: di_cell_num(c, r->sigma); break;
	case MV_C2C: di_cell_num(c, r->close_to_close); break;
	case MV_IN_RANGE:
		if (r->in_day_range >= 0)
			di_cell_int(c, r->in_day_range);
		break;
	case MV_MARKET_PART: di_cell_num(c, r->market_part); break;
	case MV_SECTOR_PART: di_cell_num(c, r->sector_part); break;
	case MV_SPECIFIC: di_cell_num(c, r->specific); break;
	case MV_NAME: di_cell_text(c, r->name); break;
	case MV_ROLE: di_cell_text(c, di_move_role_name(r->role)); break;
	/* a claim runs close to close: no session fraction, no model */
	case MV_FRACTION: di_cell_num(c, claim ? NAN : r->f); break;
	case MV_N_EST:
		if (r->series && !claim)
			di_cell_int(c, (long)r->n_est);
		break;
	case MV_EST_FIRST: di_cell_date(c, r->est_first); break;
	case MV_EST_LAST: di_cell_date(c, r->est_last); break;
	case MV_ALPHA: di_cell_num(c, r->alpha); break;
	case MV_PREV_CLOSE: di_cell_num(c, r->prev_close); break;
	case MV_IMPLIED: di_cell_num(c, r->implied); break;
	case MV_DAY_LOW: di_cell_num(c, r->day_low); break;
	case MV_DAY_HIGH: di_cell_num(c, r->day_high); break;
	case MV_BETA_MARKET: di_cell_num(c, r->beta_market); break;
	case MV_BETA_SECTOR: di_cell_num(c, r->beta_sector); break;
	default: claim_cell(r, id, c);
	}
}

int di_moves_table(const di_moves *m, const char *name, di_table **out)
{
	int split = m->market != NULL;
	di_table *t;
	*out = NULL;
	if (!name || strcmp(name, "moves"))
		return di_error_set(DI_EUSAGE, "unknown table '%s' (expected moves)",
				    name ? name : "");
	t = di_calloc(1, sizeof(*t));
	if (!t || !(t->cols = di_calloc(MV_NCOLS, sizeof(*t->cols))) ||
	    !(t->colid = di_calloc(MV_NCOLS, sizeof(*t->colid))))
		goto oom;
	t->moves = m;
	t->nrows = m->nrows;
	t->cell = moves_cell;
	for (size_t k = 0; k < MV_NCOLS; k++) {
		if (columns[k].split && !split)
			continue;
		t->colid[t->ncols] = k;
		if (!(t->cols[t->ncols++] = di_strdup(columns[k].name)))
			goto oom;
	}
	*out = t;
	return 0;
oom:
	di_table_free(t);
	return di_error_oom();
}
