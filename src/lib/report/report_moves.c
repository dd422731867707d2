/*
 * report_moves.c - the report folder of `moves`: moves.csv (the view of
 * view_moves.c: the interface's columns, then the split, then extras), summary.txt (the page
 * a person reads, in the style of the run summary), moves.svg and
 * manifest.txt, written atomically like every report. It formats what
 * moves.c computed; it computes nothing but the display of it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "claims.h"
#include "csvw.h"
#include "error.h"
#include "manifest.h"
#include "glossary.h"
#include "moves.h"
#include "plots.h"
#include "report.h"
#include "signif.h"
#include "textfmt.h"
#include "view.h"

/* --- summary.txt ----------------------------------------------------- */

static void date_text(di_date d, char *buf)
{
	if (d == DI_NO_DATE)
		strcpy(buf, "-");
	else
		di_date_format(d, buf);
}

/* --currency: the currency of the model's returns and how each series
 * reached it; the reported figures and the reconciliation stay as quoted. */
static void currency_line(const di_moves *m, FILE *f)
{
	const di_study *s = m->study;
	char how[160];
	int any = 0;
	if (!s->currency)
		return;
	fprintf(f, "Currency: the model's returns in %s", s->currency);
	for (size_t i = 0; i < m->fx.n; i++) {
		di_fx_describe(m->secinfo, s->currency, m->fx.made[i]->ticker, how, sizeof(how));
		fprintf(f, "%s%s %s", any++ ? "; " : " (", m->fx.made[i]->ticker, how);
	}
	fprintf(f, "%s; the reported moves and the day's prices as quoted\n", any ? ")" : "");
}

static void header(const di_moves *m, FILE *f)
{
	const di_study *s = m->study;
	char d[11], s1[32], rows[32];
	di_date_format(m->date, d);
	fprintf(f, "defimpact %s reported moves%s%s\n", di_version(), s->study_file ? ": " : "",
		s->study_file ? s->study_file : "");
	fprintf(f, "Report: %s, %s", m->reported->file,
		di_txt_count(m->nrows, "row", "rows", rows, sizeof(rows)));
	if (m->nclaims)
		fprintf(f, " (%zu of them claims over a horizon)", m->nclaims);
	fprintf(f, ", as of %s %s\n", di_txt_weekday(m->date), d);
	fprintf(f, "Benchmark: %s, reported %s; ", s->benchmark, di_txt_pct(m->m_B, s1, sizeof(s1)));
	if (!m->bench)
		fprintf(f, "no price history (no %s in the price data)\n", s->benchmark_series);
	else if (strcmp(s->benchmark, s->benchmark_series) != 0)
		fprintf(f, "history from %s (its stand-in)\n", s->benchmark_series);
	else
		fprintf(f, "history from its own prices\n");
	fprintf(f,
		"Model: market model of each stock on %s; simple returns; estimation %d:%d trading "
		"days from the report date's day 0 (at least %d returns)\n",
		s->benchmark_series, s->est.from, s->est.to, s->min_est);
	fprintf(f, "       expected = alpha x f + beta x %s's reported move; z = abnormal / (sigma "
		   "sqrt(f)), f = session fraction\n",
		s->benchmark);
	if (m->market) {
		fprintf(f, "Market: %s; split on the factor model [1, %s, %s]; market move %s", s->market,
			s->market, s->benchmark_series, di_txt_pct(m->m_M, s1, sizeof(s1)));
		if (!m->m_M_source)
			fprintf(f, " (none: no reported row and no price on %s)\n", d);
		else if (!strcmp(m->m_M_source, "reported"))
			fprintf(f, " (its reported row)\n");
		else
			fprintf(f, " (close-to-close of %s on %s, a full session)\n", s->market, d);
	}
	currency_line(m, f);
	fprintf(f, "\n");
}

static void table(const di_moves *m, FILE *f)
{
	char s[12][32];
	int nw = 4; /* the name column widens to the longest name, never cuts it */
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role != DI_ROLE_CLAIM && (int)strlen(m->rows[i].name) > nw)
			nw = (int)strlen(m->rows[i].name);
	fprintf(f, "  %-10s %-*s %9s %9s %9s %7s %8s %6s %7s %5s %9s %6s\n", "ticker", nw, "name",
		"reported", "expected", "abnormal", "z", "p-value", "beta", "sigma", "f", "close",
		"range");
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		const char *range = r->in_day_range < 0 ? "-" : r->in_day_range ? "in" : "OUT";
		if (r->role == DI_ROLE_CLAIM)
			continue; /* its own section */
		fprintf(f, "  %-10s %-*s %9s %9s %9s %7s %8s%s%6s %7s %5s %9s %6s", r->rep->ticker, nw, r->name,
			di_txt_pct(r->rep->move, s[0], 32), di_txt_pct(r->expected, s[1], 32),
			di_txt_pct(r->abnormal, s[2], 32), di_txt_fixed(r->z, 2, s[3], 32), di_txt_pval(r->p, s[4], 32),
			di_sig(r->p) ? "*" : " ", di_txt_fixed(r->beta, 2, s[5], 32), di_txt_pct_u(r->sigma, s[6], 32),
			di_txt_fixed(r->f, 2, s[7], 32), di_txt_pct(r->close_to_close, s[8], 32),
			range);
		if (r->role != DI_ROLE_STOCK)
			fprintf(f, "  (%s%s%s)", di_move_role_name(r->role),
				r->role == DI_ROLE_BENCHMARK && r->series &&
						strcmp(r->series->ticker, r->rep->ticker)
					? ", via "
					: "",
				r->role == DI_ROLE_BENCHMARK && r->series &&
						strcmp(r->series->ticker, r->rep->ticker)
					? r->series->ticker
					: "");
		fprintf(f, "\n");
	}
	fprintf(f, "  (* |z| significant at 5%%, two-sided N(0,1); sigma: daily residual sd, of the "
		   "index's own returns for its row;\n"
		   "   close: close-to-close move on the report date; range: the reported move "
		   "within the day's Low-High; - : empty)\n");
	if (m->market) {
		fprintf(f, "\n  %-10s %9s %9s %9s %9s %9s %9s\n", "ticker", "reported", "beta_mkt",
			"market", "beta_sec", "sector", "specific");
		for (size_t i = 0; i < m->nrows; i++) {
			const di_move_row *r = &m->rows[i];
			if (r->role != DI_ROLE_STOCK)
				continue;
			fprintf(f, "  %-10s %9s %9s %9s %9s %9s %9s\n", r->rep->ticker,
				di_txt_pct(r->rep->move, s[0], 32), di_txt_fixed(r->beta_market, 2, s[1], 32),
				di_txt_pct(r->market_part, s[2], 32), di_txt_fixed(r->beta_sector, 2, s[3], 32),
				di_txt_pct(r->sector_part, s[4], 32), di_txt_pct(r->specific, s[5], 32));
		}
	}
	fprintf(f, "\n");
}

/* Per stock in words: how much of the move is the sector's, how much
 * the stock's own, and whether the own part is unusual. */
static void parts(const di_moves *m, FILE *f)
{
	char s1[32], s2[32], s3[32], s4[32], s5[32], s6[32];
	size_t nun = 0, nz = 0;
	fprintf(f, "== Sector and stock (expected = alpha x f + beta x %s's move; abnormal = the "
		   "stock's own part)\n",
		m->study->benchmark);
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		if (r->role != DI_ROLE_STOCK)
			continue;
		if (!r->has_model) {
			fprintf(f, "  %s %s: %s reported; no model (%s)\n", r->rep->ticker, r->name,
				di_txt_pct(r->rep->move, s1, 32), r->why);
			continue;
		}
		fprintf(f, "  %s %s: %s = expected %s (beta %s) + own %s; z = %s, %s: %s\n",
			r->rep->ticker, r->name, di_txt_pct(r->rep->move, s1, 32), di_txt_pct(r->expected, s2, 32),
			di_txt_fixed(r->beta, 2, s3, 32), di_txt_pct(r->abnormal, s4, 32), di_txt_fixed(r->z, 2, s5, 32),
			di_txt_p("p", r->p, s6, 32),
			r->disagrees	 ? "disagrees with the day's prices (more than 4 sigma from the "
					   "close-to-close move: a typo, another day or another basis?)"
			: isnan(r->p)	 ? "no z"
			: di_sig(r->p) ? "UNUSUAL at 5%"
				       : "within its normal range");
	}
	fprintf(f, "  Unusual at 5%% (|z|, any row):");
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		nz += !isnan(r->z);
		if (di_sig(r->p) && !r->disagrees) {
			fprintf(f, " %s", r->rep->ticker);
			nun++;
		}
	}
	if (!nz)
		fprintf(f, " none (no row has a z)");
	else if (!nun)
		fprintf(f, " none of the %s", di_txt_count(nz, "row with a z", "rows with a z", s1, 32));
	fprintf(f, "\n\n");
}

/* How each row's session fraction f was set: given, or computed from
 * asof's time and its exchange's session, f = w (1 + k) + (1 - w) e. */
static void fractions_section(const di_moves *m, FILE *f)
{
	char s1[32], s2[32], s3[32];
	int any = 0;
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		if (r->role == DI_ROLE_CLAIM || !r->f_how || strcmp(r->f_how, "computed") != 0)
			continue;
		if (!any++)
			fprintf(f, "== Session fractions f = w (1 + k) + (1 - w) e (e: elapsed share of "
				   "the exchange's session at asof; k: weekdays without a session "
				   "before the report date; w: overnight share of the daily variance, "
				   "from Open/Close, else %.1f)\n",
				DI_OVERNIGHT_SHARE_DEFAULT);
		fprintf(f, "  %-10s f = %s: e = %s, k = %d, w = %s%s\n", r->rep->ticker,
			di_txt_fixed(r->f, 2, s1, 32), di_txt_fixed(r->f_e, 2, s2, 32), r->f_k,
			di_txt_fixed(r->f_w, 2, s3, 32), r->f_w_default ? " (default: no Open column)" : "");
	}
	if (any)
		fprintf(f, "\n");
}

static void benchmark_section(const di_moves *m, FILE *f)
{
	const di_study *s = m->study;
	const di_move_row *b = &m->rows[m->bench_row];
	char s1[32], s2[32], s3[32], d1[11], d2[11];
	fprintf(f, "== The benchmark\n");
	fprintf(f, "  %s %s: reported %s (f = %s).\n", s->benchmark, b->name,
		di_txt_pct(b->rep->move, s1, 32), di_txt_fixed(b->f, 2, s2, 32));
	if (b->has_model) {
		date_text(b->est_first, d1);
		date_text(b->est_last, d2);
		fprintf(f, "  Against the daily sd of %s's returns (%s over %zu returns, %s to %s):\n"
			   "  z = %s, %s: %s.\n",
			s->benchmark_series, di_txt_pct_u(b->sigma, s1, 32), b->n_est, d1, d2,
			di_txt_fixed(b->z, 2, s2, 32), di_txt_p("p", b->p, s3, 32),
			di_sig(b->p) ? "an unusual move for the sector"
				    : "within the sector's normal daily range");
	} else {
		fprintf(f, "  No z: %s.\n", b->why[0] ? b->why : "no history");
	}
	fprintf(f, "\n");
}

/* The stocks of the basket test, "(RHM.DE LDO.MI)". */
static void basket_members(const di_moves *m, FILE *f)
{
	int first = 1;
	fprintf(f, " (");
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK && m->rows[i].has_model) {
			fprintf(f, "%s%s", first ? "" : " ", m->rows[i].rep->ticker);
			first = 0;
		}
	fprintf(f, ")");
}

static void basket_section(const di_moves *m, FILE *f)
{
	const di_basket *b = &m->basket;
	char s1[32], s2[32], s3[32], s4[32], cnt[48];
	fprintf(f, "== The basket (equal weight; the benchmark and market rows excluded)\n");
	fprintf(f, "  %s: mean move %s; spread over the index (%s): %s\n",
		di_txt_count(b->n_reported, "reported stock", "reported stocks", cnt, sizeof(cnt)),
		di_txt_pct(b->mean_reported, s1, 32), di_txt_pct(m->m_B, s2, 32),
		di_txt_pp(b->spread, s3, 32));
	if (!b->n) {
		fprintf(f, "  no stock with a model: no basket mean and no basket_z\n\n");
		return;
	}
	fprintf(f, "  %s", di_txt_count(b->n, "stock with a model", "stocks with a model", cnt,
					sizeof(cnt)));
	basket_members(m, f);
	fprintf(f, ": mean reported %s, mean expected %s, mean abnormal %s\n",
		di_txt_pct(b->mean_reported_model, s1, 32), di_txt_pct(b->mean_expected, s2, 32),
		di_txt_pct(b->mean_abnormal, s3, 32));
	fprintf(f, "  basket_z = %s, %s%s (S_b = %s: sd of the daily mean residual over %zu "
		   "days; f = %s, the benchmark's)\n",
		di_txt_fixed(b->z.stat, 2, s1, 32), di_txt_p("p", b->z.p, s2, 32),
		di_sig(b->z.p) ? " *" : "", di_txt_pct_u(b->S_b, s3, 32), b->n_days,
		di_txt_fixed(b->f, 2, s4, 32));
	fprintf(f, "  csect_t = %s, df = %s, %s%s (ignores the stocks' common shock: read "
		   "basket_z first)\n",
		di_txt_fixed(b->csect.stat, 2, s1, 32),
		isnan(b->csect.stat) ? "-" : di_txt_fixed(b->csect.df, 0, s2, 32),
		di_txt_p("p", b->csect.p, s3, 32), di_sig(b->csect.p) ? " *" : "");
	fprintf(f, "\n");
}

static void reconcile_section(const di_moves *m, FILE *f)
{
	char d[11], dp[11], s1[32], s2[32], s3[32], s4[32], s5[32];
	size_t out = 0;
	di_date_format(m->date, d);
	fprintf(f, "== Reconciliation with the prices of %s\n", d);
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		const di_series *ser = r->recon;
		if (r->role == DI_ROLE_CLAIM)
			continue; /* not a move of the report date */
		fprintf(f, "  %-10s reported %s; ", r->rep->ticker, di_txt_pct(r->rep->move, s1, 32));
		if (!ser) {
			fprintf(f, "no price data\n");
			continue;
		}
		if (isnan(r->close_to_close)) {
			fprintf(f, "%s's prices lack %s\n", ser->ticker, d);
			continue;
		}
		di_date_format(ser->date[r->recon_i - 1], dp);
		fprintf(f, "close-to-close %s%s%s (from the close of %s)", di_txt_pct(r->close_to_close, s1, 32),
			strcmp(ser->ticker, r->rep->ticker) ? " of " : "",
			strcmp(ser->ticker, r->rep->ticker) ? ser->ticker : "", dp);
		if (r->in_day_range >= 0) {
			fprintf(f, "; implied price %s (%s x (1 %s %s%%)) %s the day's range %s-%s%s\n",
				di_txt_fixed(r->implied, 2, s1, 32), di_txt_fixed(r->prev_close, 2, s2, 32),
				r->rep->move < 0 ? "-" : "+", di_txt_fixed(fabs(r->rep->move) * 100, 2, s3, 32),
				r->in_day_range ? "within" : "OUTSIDE", di_txt_fixed(r->day_low, 2, s4, 32),
				di_txt_fixed(r->day_high, 2, s5, 32),
				r->in_day_range ? ": consistent" : ": check the figure");
			out += !r->in_day_range;
		} else if (r->role == DI_ROLE_BENCHMARK && strcmp(ser->ticker, r->rep->ticker)) {
			fprintf(f, "; a stand-in's range says nothing of the index's level\n");
		} else {
			fprintf(f, "; no Open/High/Low: range not checked\n");
		}
	}
	fprintf(f, "  A midday move is not the close-to-close move; a move outside the day's range "
		   "is misreported,\n  mistyped, or of another day or price basis.%s\n\n",
		out ? " Some are outside: see above." : "");
}

/* "RHM.DE: rise of nearly 2000.00% since 2022-02-24" (with "via EUAD"
 * when a stand-in is measured): a fall is written as one, so that "at
 * least" reads on its size. */
static void claim_text(const di_move_row *r, char *buf, size_t n)
{
	const char *q = di_qualifier_name(r->rep->qualifier);
	const char *via = r->series && strcmp(r->series->ticker, r->rep->ticker) ? " via " : "";
	char ds[11], s1[32];
	di_date_format(r->rep->since, ds);
	snprintf(buf, n, "%s%s%s: %s of %s%s%s since %s", r->rep->ticker, via,
		 via[0] ? r->series->ticker : "", r->rep->move < 0 ? "fall" : "rise", q,
		 q[0] ? " " : "", di_txt_pct_u(fabs(r->rep->move), s1, 32), ds);
}

/* One claim in one line: the verdict, then both figures. */
static void claim_line(const di_moves *m, const di_move_row *r, FILE *f)
{
	const di_move_claim *c = &r->claim;
	const di_series *s = r->series;
	char text[256], d0[11], d1[11], dp[11], dt[11], s2[32], s3[32], s4[32], s5[32];
	char p0[32], p1[32];
	claim_text(r, text, sizeof(text));
	fprintf(f, "  %s: ", text);
	if (!c->has) {
		fprintf(f, "no figures (see the warnings)\n");
		return;
	}
	di_date_format(s->date[c->path.from], d0);
	di_date_format(s->date[c->path.to], d1);
	di_date_format(s->date[c->path.peak_at], dp);
	di_date_format(s->date[c->path.trough_at], dt);
	fprintf(f, "%s. Actual %s (%s on %s to %s on %s); peak %s on %s; trough %s on %s; bhar %s",
		di_verdict_name(c->verdict), di_txt_pct(c->path.actual, s2, 32),
		di_txt_fixed(s->price[c->path.from], 2, p0, 32), d0,
		di_txt_fixed(s->price[c->path.to], 2, p1, 32), d1, di_txt_pct(c->path.peak, s3, 32),
		dp, di_txt_pct(c->path.trough, s4, 32), dt, di_txt_pct(c->bhar, s5, 32));
	if (isnan(c->bhar) && m->bench)
		fprintf(f, " (%s starts after %s)", m->bench->ticker, d0);
	if (m->market)
		fprintf(f, "; bhar vs %s %s", m->market->ticker, di_txt_pct(c->bhar_market, s5, 32));
	fprintf(f, "\n");
}

static void claims_section(const di_moves *m, FILE *f)
{
	char d[11];
	if (!m->nclaims)
		return;
	di_date_format(m->date, d);
	fprintf(f, "== Claims over a horizon (close to close, from the last close before since to "
		   "the last close on or before %s)\n",
		d);
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_CLAIM)
			claim_line(m, &m->rows[i], f);
	fprintf(f, "  (bhar = prod(1 + R_i) - prod(1 + R_B) over the span, B = %s; verdict on the "
		   "size X of the claimed rise or fall:\n"
		   "   nearly X within [0.85 X, X], about X and a bare X within X +- 10%%, more "
		   "than X above X, at least X from X up;\n"
		   "   held at the peak (trough for a fall): short of the claim now, but the move "
		   "reached it at its extreme)\n\n",
		m->study->benchmark_series);
}

static void events_section(const di_moves *m, FILE *f)
{
	char d[11], d0[11];
	if (!m->events)
		return;
	fprintf(f, "== Events with day 0 on the report date or the trading day before (%s%s)\n",
		m->calendar ? "calendar of " : "calendar days",
		m->calendar ? m->calendar->ticker : "");
	for (size_t k = 0; k < m->nlinked; k++) {
		const di_event *ev = &m->events->e[m->linked[k]];
		di_date_format(ev->date, d);
		fprintf(f, "  %s (%s %s)%s%s%s: %s", ev->id, di_txt_weekday(ev->date), d,
			ev->type[0] ? " [" : "", ev->type, ev->type[0] ? "]" : "", ev->label);
		if (m->linked_day0[k] >= 0) {
			di_date_format(m->calendar->date[m->linked_day0[k]], d0);
			fprintf(f, "; day 0 %s", d0);
		}
		fprintf(f, "\n");
	}
	if (!m->nlinked)
		fprintf(f, "  %s of %s\n", m->events->n == 1 ? "not the one event" : "none of the events",
			m->events->file);
	fprintf(f, "\n");
}

static void without_model(const di_moves *m, FILE *f)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nrows; i++)
		n += m->rows[i].why[0] != '\0';
	fprintf(f, "== Rows without a model (%zu)\n", n);
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].why[0])
			fprintf(f, "  %s %s: %s\n", m->rows[i].rep->ticker, m->rows[i].name,
				m->rows[i].why);
	fprintf(f, "\n");
}

static void reading_notes(FILE *f)
{
	fprintf(f,
		"== Reading z\n"
		"  f scales the daily sigma to the part of the session elapsed (variance grows with "
		"time).\n"
		"  A move to midday also holds the overnight gap, and after a weekend or holiday that "
		"gap\n"
		"  carries the news of every closed day: its variance is more than f of a day, so |z| "
		"tends\n"
		"  to be overstated. Treat z as indicative (docs/moves.md).\n\n");
}

static void text(const di_moves *m, FILE *f)
{
	header(m, f);
	table(m, f);
	fractions_section(m, f);
	parts(m, f);
	benchmark_section(m, f);
	basket_section(m, f);
	reconcile_section(m, f);
	claims_section(m, f);
	events_section(m, f);
	without_model(m, f);
	reading_notes(f);
	fprintf(f, "== Warnings (%zu)\n", m->notes.n);
	for (size_t i = 0; i < m->notes.n; i++)
		fprintf(f, "  %s\n", m->notes.v[i]);
	di_glossary_write(f, DI_GLOSSARY_MOVES);
}

/* --- moves.svg ------------------------------------------------------- */

/* di_report_fn over the bar chart's spec */
static int bars_file(FILE *f, const void *spec)
{
	return di_plot_bars_z(f, spec);
}

/* Reported against expected per stock, the benchmark's move as the
 * reference line. The benchmark and market rows are not bars: the first
 * is the line, the second has no expected move. */
static int plot(const di_moves *m, di_report_dir *d)
{
	const char **labels;
	double *a, *b, *z, *p;
	size_t n = 0;
	char title[256], ref[128], day[11];
	int rc;
	labels = di_reallocarray(NULL, m->nrows, sizeof(*labels));
	a = di_reallocarray(NULL, m->nrows, sizeof(double));
	b = di_reallocarray(NULL, m->nrows, sizeof(double));
	z = di_reallocarray(NULL, m->nrows, sizeof(double));
	p = di_reallocarray(NULL, m->nrows, sizeof(double));
	if (!labels || !a || !b || !z || !p) {
		rc = di_error_oom();
		goto done;
	}
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *r = &m->rows[i];
		if (r->role != DI_ROLE_STOCK)
			continue;
		labels[n] = r->rep->ticker;
		a[n] = r->rep->move;
		b[n] = r->expected;
		z[n] = r->z;
		p[n] = r->p;
		n++;
	}
	di_date_format(m->date, day);
	snprintf(title, sizeof(title), "Reported moves of %s: reported vs expected from %s", day,
		 m->study->benchmark);
	snprintf(ref, sizeof(ref), "%s (benchmark)", m->study->benchmark);
	rc = di_report_file(d, "moves.svg", 0, bars_file,
			    &(di_bars){title, "move (%)", n, labels, a, b, "reported",
				       "expected (alpha f + beta x benchmark)", z, p, m->m_B, ref});
done:
	di_free(labels);
	di_free(a);
	di_free(b);
	di_free(z);
	di_free(p);
	return rc;
}

/* --- moves-claims.svg ------------------------------------------------ */

/* The panel of a claim: its caption and the band of its qualifier, signed
 * (a fall's band mirrored). */
static void claim_panel_of(const di_move_row *r, char *caption, size_t sz, di_plot_claim *p)
{
	const di_move_claim *c = &r->claim;
	di_band b = di_claim_band(fabs(r->rep->move), r->rep->qualifier);
	size_t len;
	claim_text(r, caption, sz);
	len = strlen(caption);
	snprintf(caption + len, sz - len, ": %s", di_verdict_name(c->verdict));
	*p = (di_plot_claim){caption, c->ncum, c->cum_date, c->cum, r->rep->move,
			     r->rep->move < 0 ? -b.hi : b.lo, r->rep->move < 0 ? -b.lo : b.hi,
			     (size_t)(c->path.peak_at - c->path.from),
			     (size_t)(c->path.trough_at - c->path.from)};
}

typedef struct claims_plot {
	const char *title;
	size_t n;
	const di_plot_claim *p;
} claims_plot;

/* di_report_fn over the claims' panels */
static int claims_file(FILE *f, const void *payload)
{
	const claims_plot *c = payload;
	return di_plot_claims(f, c->title, c->n, c->p);
}

/* One panel per claim with figures; no file when there is none. */
static int plot_claims(const di_moves *m, di_report_dir *d)
{
	enum { CAP = 320 };
	di_plot_claim *p = di_calloc(m->nclaims + 1, sizeof(*p));
	char *cap = di_calloc(m->nclaims + 1, CAP), title[128], day[11];
	size_t n = 0;
	int rc = 0;
	if (!p || !cap) {
		rc = di_error_oom();
		goto done;
	}
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_CLAIM && m->rows[i].claim.has) {
			claim_panel_of(&m->rows[i], cap + n * CAP, CAP, &p[n]);
			n++;
		}
	if (!n)
		goto done;
	di_date_format(m->date, day);
	snprintf(title, sizeof(title), "Claims over a horizon, to %s: the path and the claim", day);
	rc = di_report_file(d, "moves-claims.svg", 0, claims_file,
			    &(claims_plot){title, n, p});
done:
	di_free(p);
	di_free(cap);
	return rc;
}

/* --- manifest.txt ---------------------------------------------------- */

/* The study file, the reported file, the price files in load order, the
 * events and securities files; the reported tickers as the securities. */
static int manifest(const di_moves *m, FILE *f)
{
	/* data given in memory have no file to hash */
	di_manifest_files files = {m->own_reported ? m->own_reported->file : NULL, m->prices,
				   m->own_events ? m->own_events->file : NULL,
				   m->own_secinfo ? m->own_secinfo->file : NULL};
	const char **tickers = di_calloc(m->nrows + 1, sizeof(*tickers));
	size_t nt = 0;
	int rc;
	if (!tickers)
		return di_error_oom();
	for (size_t i = 0; i < m->nrows; i++) {
		size_t j = 0;
		while (j < nt && strcmp(tickers[j], m->rows[i].rep->ticker))
			j++;
		if (j == nt) /* a claim may repeat a same-day row's ticker */
			tickers[nt++] = m->rows[i].rep->ticker;
	}
	rc = di_manifest_write_files(f, m->study, tickers, nt, &files);
	di_free(tickers);
	return rc;
}

/* --- the folder ------------------------------------------------------ */

/* moves.csv: the view of the table "moves" (view_moves.c), cell by cell */
static int csv_file(FILE *f, const void *m)
{
	di_table *t;
	di_csvw w;
	int rc = di_moves_table(m, "moves", &t);
	if (rc)
		return rc;
	di_csvw_init(&w, f, ((const di_moves *)m)->study->dialect == DI_DIALECT_EXCEL_EU);
	di_csv_write_table(t, &w);
	di_table_free(t);
	return 0;
}

static int summary_file(FILE *f, const void *m)
{
	text(m, f);
	return 0;
}

static int manifest_file(FILE *f, const void *m)
{
	return manifest(m, f);
}

int di_moves_write(const di_moves *m, const char *outdir)
{
	di_report_dir d;
	int rc;
	if ((rc = di_report_begin(&d, outdir, m->study->bom)))
		return rc;
	if (!(rc = di_report_file(&d, "moves.csv", 1, csv_file, m)) &&
	    !(rc = di_report_file(&d, "summary.txt", 0, summary_file, m)) &&
	    !(rc = plot(m, &d)) && !(rc = plot_claims(m, &d)) && !(rc = di_report_file(&d, "manifest.txt", 0, manifest_file, m)))
		rc = di_report_commit(&d);
	di_report_end(&d);
	return rc;
}
