/*
 * moves.c - the reported-moves pipeline (methodology, "Reported moves"):
 * inputs -> the report date and each row's series -> per stock the market
 * model on the benchmark series (and, with --market, the factor model on
 * market and benchmark) over the estimation window before the report date
 * -> expected, abnormal, z -> the basket -> the reconciliation with the
 * prices of the report date -> the events near it. It writes nothing
 * (report_moves.c does).
 *
 * A row without a usable history is not an error: the question "is this
 * move unusual?" has no answer for it, but the reported figure and its
 * check against the day's prices still do, so it keeps its row.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "claims.h"
#include "error.h"
#include "model.h"
#include "moves.h"

/* --- inputs ---------------------------------------------------------- */

/* The files named by the study; what it was given in memory is borrowed. */
static int load_files(di_moves *m)
{
	const di_study *s = m->study;
	const char *skip[3];
	size_t nskip = 0;
	int rc;
	/* the reported file first: its errors are about the user's figures */
	if (s->reported && (rc = di_reported_load(&m->own_reported, s->reported)))
		return rc;
	if (s->events && (rc = di_events_load_fmt(&m->own_events, s->events, s->date_fmt)))
		return rc;
	if (s->securities && (rc = di_securities_load(&m->own_secinfo, s->securities)))
		return rc;
	if (!s->prices.n)
		return 0;
	if ((rc = di_prices_new(&m->own_prices)))
		return rc;
	di_prices_set_date_format(m->own_prices, s->date_fmt);
	di_prices_set_jobs(m->own_prices, di_study_jobs(s));
	if (s->reported)
		skip[nskip++] = s->reported;
	if (s->events)
		skip[nskip++] = s->events;
	if (s->securities)
		skip[nskip++] = s->securities;
	for (size_t i = 0; i < s->prices.n; i++)
		if ((rc = di_prices_load_path(m->own_prices, s->prices.v[i], skip, nskip)))
			return rc;
	return 0;
}

static int load_inputs(di_moves *m)
{
	const di_study *s = m->study;
	int rc = load_files(m);
	if (rc)
		return rc;
	m->reported = s->mem_reported ? s->mem_reported : m->own_reported;
	m->events = s->mem_events ? s->mem_events : m->own_events;
	m->secinfo = s->mem_securities ? s->mem_securities : m->own_secinfo;
	m->prices = s->mem_prices ? s->mem_prices : m->own_prices;
	if (!m->reported->n)
		return di_error_at(DI_EDATA, m->reported->file, 0, "no reported moves");
	return 0;
}

/* --currency: *out is s in the study currency, or NULL when no FX series
 * converts it (with a note when note is set; a stock row says it in its
 * why); s itself without --currency. */
static int in_currency(di_moves *m, const di_series *s, const di_series **out, int note)
{
	char why[300];
	int rc;
	*out = s;
	if (!s || !m->study->currency)
		return 0;
	if ((rc = di_fx_series(&m->fx, s, out, why, sizeof(why))))
		return rc;
	if (*out || !note)
		return 0;
	return di_notes_add(&m->notes, "%s: no-fx: %s; its history is left out", s->ticker, why);
}

/* The same-day row of ticker (claims over a horizon are not its row). */
static long find_row(const di_reported *r, const char *ticker)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->m[i].since == DI_NO_DATE && !strcmp(r->m[i].ticker, ticker))
			return (long)i;
	return -1;
}

/* The report date, the benchmark and market rows and series. */
static int resolve(di_moves *m)
{
	const di_study *s = m->study;
	const di_reported *r = m->reported;
	int rc;

	m->date = r->m[0].asof; /* the loader checked that every row agrees */
	if (m->date == DI_NO_DATE)
		return di_error_at(DI_EDATA, r->file, 0,
				   "no report date: add an asof column (ISO date or date-time of "
				   "the report) to the reported-moves file");
	m->bench_row = find_row(r, s->benchmark);
	if (m->bench_row < 0)
		return di_error_set(DI_EUSAGE,
				    "--benchmark %s: not a row of the reported-moves file %s",
				    s->benchmark, r->file);
	m->m_B = r->m[m->bench_row].move;
	m->fx = (di_fx){.cur = s->currency, .prices = m->prices, .sec = m->secinfo};
	m->basket_mode = !strcmp(s->benchmark_series, "basket");
	m->bench = m->basket_mode ? NULL : di_prices_find(m->prices, s->benchmark_series);
	if (m->bench && (rc = in_currency(m, m->bench, &m->bench, 1)))
		return rc;
	if (m->basket_mode) {
		/* built from the stock rows (compute_rows) */
	} else if (!m->bench && di_prices_find(m->prices, s->benchmark_series)) {
		/* in_currency said why */
	} else if (!m->bench) {
		/* an explicit stand-in that is missing is a typo; the index
		 * itself without a price file is the common case */
		if (strcmp(s->benchmark_series, s->benchmark) != 0) {
			char near[DI_SUGGEST_LEN];
			di_prices_suggest(m->prices, s->benchmark_series, near, sizeof(near));
			return di_error_set(DI_EUSAGE,
					    "--benchmark-series %s: no such ticker in the price data%s",
					    s->benchmark_series, near);
		}
		rc = di_notes_add(&m->notes,
			  "benchmark %s has no price history (give --benchmark-series, a price "
			  "series standing in for it): no beta, no expected move, no z",
			  s->benchmark);
		if (rc)
			return rc;
	}
	m->market_row = -1;
	if (s->market) {
		if (!strcmp(s->market, s->benchmark) || !strcmp(s->market, s->benchmark_series))
			return di_error_set(DI_EUSAGE,
					    "--market %s is the benchmark or its series: the split "
					    "needs two different series",
					    s->market);
		m->market = di_prices_find(m->prices, s->market);
		if (m->market && (rc = in_currency(m, m->market, &m->market, 0)))
			return rc;
		if (!m->market && di_prices_find(m->prices, s->market))
			return di_error_set(DI_EDATA, "--market %s: no FX series converts it to %s",
					    s->market, s->currency);
		if (!m->market) {
			char near[DI_SUGGEST_LEN];
			di_prices_suggest(m->prices, s->market, near, sizeof(near));
			return di_error_set(DI_EUSAGE, "--market %s: no such ticker in the price data%s",
					    s->market, near);
		}
		m->market_row = find_row(r, s->market);
	}
	return 0;
}

/* --- one row --------------------------------------------------------- */

static int cmp_date(const void *a, const void *b)
{
	di_date x = *(const di_date *)a, y = *(const di_date *)b;
	return (x > y) - (x < y);
}

static void basket_free(di_series *b)
{
	if (!b)
		return;
	di_free(b->ticker);
	di_free(b->file);
	di_free(b->date);
	di_free(b->price);
	di_free(b);
}

/* The report date's day 0: the first trading day on or after it. Not
 * di_calendar_day0: when the data end before it (a report of today, prices
 * to yesterday) it is the position after the last row, so that the
 * estimation window is still the last trading days before the report. */
static long day0_of_dates(const di_date *date, size_t n, di_date d)
{
	return di_dates_on_or_after(date, n, d);
}

static long day0_of(const di_series *s, di_date d)
{
	return day0_of_dates(s->date, s->n, d);
}

/* close_to_close and in_day_range: the prices of the report date itself,
 * in s (a stock's own quoting currency: the reported figure's). */
static void reconcile(di_move_row *row, const di_series *s, di_date d, int range_ok)
{
	long i;
	row->close_to_close = row->prev_close = row->implied = NAN;
	row->day_low = row->day_high = NAN;
	row->in_day_range = -1;
	row->recon = s;
	if (!s)
		return;
	i = row->recon_i = day0_of(s, d);
	if (i < 1 || i >= (long)s->n || s->date[i] != d)
		return; /* the price data lack the report date */
	row->close_to_close = s->price[i] / s->price[i - 1] - 1.0;
	if (!range_ok || !s->close || !s->low || !s->high)
		return;
	row->prev_close = s->close[i - 1];
	row->day_low = s->low[i];
	row->day_high = s->high[i];
	if (isnan(row->prev_close) || isnan(row->day_low) || isnan(row->day_high))
		return;
	row->implied = row->prev_close * (1.0 + row->rep->move);
	row->in_day_range = row->implied >= row->day_low && row->implied <= row->day_high;
}

/* The benchmark's or the market's own row: z of its reported move against
 * the sd (divisor n - 1) of its series' returns over the window. */
static int index_row(di_moves *m, di_move_row *row)
{
	const di_study *s = m->study;
	const di_series *ser = row->series;
	double *r;
	size_t n = 0;
	row->expected = 0.0;
	row->abnormal = row->rep->move;
	if (!ser)
		return 0; /* why is set by the caller */
	r = di_reallocarray(NULL, di_window_days(s->est), sizeof(double));
	if (!r)
		return di_error_oom();
	for (int t = s->est.from; t <= s->est.to; t++) {
		long i = row->day0 + t;
		if (i < 1 || i >= (long)ser->n)
			continue;
		if (!n)
			row->est_first = ser->date[i];
		row->est_last = ser->date[i];
		r[n++] = ser->price[i] / ser->price[i - 1] - 1.0;
	}
	row->n_est = n;
	if (n < (size_t)s->min_est) {
		snprintf(row->why, sizeof(row->why), "%zu usable estimation returns of %s, %d required",
			 n, ser->ticker, s->min_est);
	} else {
		row->has_model = 1;
		row->sigma = di_sd(r, n);
		if (row->sigma > 0) {
			row->z = row->abnormal / (row->sigma * sqrt(row->f));
			row->p = di_p_normal(row->z);
		}
	}
	di_free(r);
	return 0;
}

/* Scratch space for a stock's estimation sample. */
typedef struct sample {
	size_t cap;
	double *X, *y;
	di_date *date;
	di_fit_ws *ws2, *ws3;
} sample;

static void sample_dispose(sample *sp)
{
	di_free(sp->X);
	di_free(sp->y);
	di_free(sp->date);
	di_fit_ws_free(sp->ws2);
	di_fit_ws_free(sp->ws3);
}

static int sample_init(sample *sp, size_t cap, int market)
{
	int rc;
	memset(sp, 0, sizeof(*sp));
	sp->cap = cap;
	sp->X = di_reallocarray(NULL, cap * 3, sizeof(double));
	sp->y = di_reallocarray(NULL, cap, sizeof(double));
	sp->date = di_reallocarray(NULL, cap, sizeof(di_date));
	if (!sp->X || !sp->y || !sp->date) {
		sample_dispose(sp);
		return di_error_oom();
	}
	if ((cap >= 2 && (rc = di_fit_ws_new(&sp->ws2, cap, 2))) ||
	    (market && cap >= 3 && (rc = di_fit_ws_new(&sp->ws3, cap, 3)))) {
		sample_dispose(sp);
		return rc;
	}
	return 0;
}

/* Gather the estimation rows of ret, a model calendar of the stock with
 * the benchmark series (k = 2: [1, Rb]) or with the market too (k = 3:
 * [1, Rm, Rb]; regressors of ret: 0 the benchmark, 1 the market), before
 * day 0 of that calendar. Returns the count. */
static size_t gather(const di_study *s, const di_returns *ret, di_date d, int k, sample *sp)
{
	size_t n = 0, N = ret->n;
	long day0 = day0_of_dates(ret->date, ret->n, d);
	for (int t = s->est.from; t <= s->est.to; t++) {
		long i = day0 + t;
		double xb, xm = 0;
		if (!di_est_row_usable(ret, i, (size_t)k - 1))
			continue;
		xb = ret->x[(size_t)i];
		if (k == 3)
			xm = ret->x[N + (size_t)i];
		sp->X[n * (size_t)k] = 1.0;
		if (k == 3) {
			sp->X[n * 3 + 1] = xm;
			sp->X[n * 3 + 2] = xb;
		} else {
			sp->X[n * 2 + 1] = xb;
		}
		sp->y[n] = di_ret_at(ret, i);
		sp->date[n] = ret->date[i];
		n++;
	}
	return n;
}

/* The market model of a stock on its benchmark series (k = 2), on their
 * model calendar ret: alpha, beta, sigma, z, p and the residuals. A row
 * without a model says why. */
static int stock_market_model(di_moves *m, di_move_row *row, const di_returns *ret,
			      sample *sp)
{
	const di_study *s = m->study;
	size_t n = gather(s, ret, m->date, 2, sp);
	double f = row->f;
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	int rc;
	row->n_est = n;
	if (n) {
		row->est_first = sp->date[0];
		row->est_last = sp->date[n - 1];
	}
	if (n < (size_t)s->min_est) {
		snprintf(row->why, sizeof(row->why), "%zu usable estimation returns, %d required", n,
			 s->min_est);
		return 0;
	}
	rc = di_fit_ols(&fit, sp->ws2, sp->X, sp->y, n, 2);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		snprintf(row->why, sizeof(row->why),
			 "singular design: %s is constant over the estimation window", m->bench->ticker);
		return 0;
	}
	row->has_model = 1;
	row->alpha = fit.theta[0];
	row->beta = fit.theta[1];
	row->sigma = sqrt(fit.s2);
	/* alpha accrues over the fraction of the day that elapsed */
	row->expected = row->alpha * f + row->beta * m->m_B;
	row->abnormal = row->rep->move - row->expected;
	if (row->sigma > 0) {
		row->z = row->abnormal / (row->sigma * sqrt(f));
		row->p = di_p_normal(row->z);
	}
	row->resid = di_reallocarray(NULL, n, sizeof(double));
	row->resid_date = di_reallocarray(NULL, n, sizeof(di_date));
	if (!row->resid || !row->resid_date)
		return di_error_oom();
	for (size_t j = 0; j < n; j++) {
		row->resid[j] = sp->y[j] - di_fit_predict(&fit, sp->X + j * 2);
		row->resid_date[j] = sp->date[j];
	}
	return 0;
}

/* The factor model on the market and the benchmark series bench (k = 3):
 * the market/sector split. The market's dates join the model calendar. A
 * row without a split gets a note. */
static int stock_split(di_moves *m, di_move_row *row, const di_series *bench, sample *sp)
{
	const di_study *s = m->study;
	const di_series *reg[2] = {bench, m->market};
	di_returns ret = {0};
	double xtx[DI_MAX_K * DI_MAX_K];
	di_fit fit = {.xtx_inv = xtx};
	size_t n;
	int rc;
	if ((rc = di_calendar_build(&ret, row->series, reg, 2, reg, 2, 0)))
		return rc;
	n = gather(s, &ret, m->date, 3, sp);
	if (n < (size_t)s->min_est) {
		rc = di_notes_add(&m->notes, "%s: no market/sector split: %zu usable estimation returns with %s, "
			     "%d required",
			  row->rep->ticker, n, m->market->ticker, s->min_est);
		goto done;
	}
	rc = di_fit_ols(&fit, sp->ws3, sp->X, sp->y, n, 3);
	if (rc < 0)
		goto done;
	if (rc == 1) {
		rc = di_notes_add(&m->notes, "%s: no market/sector split: %s and %s are collinear or constant "
			     "over the estimation window",
			  row->rep->ticker, m->market->ticker, m->bench->ticker);
		goto done;
	}
	rc = 0;
	row->beta_market = fit.theta[1];
	row->beta_sector = fit.theta[2];
	if (!isnan(m->m_M)) {
		row->has_split = 1;
		row->market_part = row->beta_market * m->m_M;
		row->sector_part = row->beta_sector * m->m_B;
		row->specific = row->rep->move - row->market_part - row->sector_part;
	}
done:
	di_returns_dispose(&ret);
	return rc;
}

static int stock_row(di_moves *m, di_move_row *row, sample *sp)
{
	const di_study *s = m->study;
	const di_series *reg[1] = {m->basket_mode ? m->baskets[row - m->rows] : m->bench};
	di_returns ret = {0};
	int rc;
	if (!row->series) {
		snprintf(row->why, sizeof(row->why),
			 di_prices_find(m->prices, row->rep->ticker)
				 ? "no-fx: no FX series converts %s to %s"
				 : "no price history: %s is not in the price data",
			 row->rep->ticker, s->currency ? s->currency : "");
		return 0;
	}
	if (!reg[0]) {
		snprintf(row->why, sizeof(row->why),
			 m->basket_mode ? "no other reported stock with prices for the basket"
					: "no benchmark history (%s is not in the price data)",
			 s->benchmark_series);
		return 0;
	}
	/* the market model on the benchmark series, on their model calendar */
	if ((rc = di_calendar_build(&ret, row->series, reg, 1, reg, 1, 0)))
		return rc;
	rc = stock_market_model(m, row, &ret, sp);
	di_returns_dispose(&ret);
	if (rc || !row->has_model || !m->market)
		return rc;
	return stock_split(m, row, reg[0], sp);
}

/* --- claims over a horizon ------------------------------------------ */

/* The series of a claim: the benchmark's and the market's rows use their
 * series (a stand-in for the index), any other its own prices. */
static int claim_series(di_moves *m, const char *ticker, const di_series **out)
{
	*out = NULL;
	if (!strcmp(ticker, m->study->benchmark)) {
		*out = m->bench;
		return 0;
	}
	if (m->market && !strcmp(ticker, m->study->market)) {
		*out = m->market;
		return 0;
	}
	return in_currency(m, di_prices_find(m->prices, ticker), out, 1);
}

/* BHAR against ref over the claim's span: the stock's buy and hold minus
 * ref's, each from its last close on or before the span's first date to
 * its last close on or before the last (the calendar rule of the run). */
static int claim_bhar(di_moves *m, const di_move_row *row, const di_series *ref, double *out)
{
	const di_claim_path *p = &row->claim.path;
	const di_date *d = row->series->date;
	double bh = di_buy_hold(ref, d[p->from], d[p->to]);
	char ds[11], d0[11], d1[11];
	*out = p->actual - bh;
	if (!isnan(bh))
		return 0;
	di_date_format(row->rep->since, ds);
	di_date_format(ref->date[0], d0);
	di_date_format(d[p->from], d1);
	return di_notes_add(&m->notes, "%s since %s: no bhar against %s: its prices start on %s, "
				       "after the claim's first close (%s)",
			    row->rep->ticker, ds, ref->ticker, d0, d1);
}

/* The cumulative path, kept for the plot. */
static int claim_store_path(di_move_row *row)
{
	di_move_claim *c = &row->claim;
	const di_series *s = row->series;
	c->ncum = (size_t)(c->path.to - c->path.from + 1);
	c->cum = di_reallocarray(NULL, c->ncum, sizeof(double));
	c->cum_date = di_reallocarray(NULL, c->ncum, sizeof(di_date));
	if (!c->cum || !c->cum_date)
		return di_error_oom();
	for (size_t k = 0; k < c->ncum; k++) {
		long t = c->path.from + (long)k;
		c->cum[k] = di_claim_cum(s, &c->path, t);
		c->cum_date[k] = s->date[t];
	}
	return 0;
}

/* A claim's figures: the path from the last close before since to the
 * last close on or before the report date, the BHARs and the verdict. */
static int claim_row(di_moves *m, di_move_row *row)
{
	const di_reported_move *rep = row->rep;
	di_move_claim *c = &row->claim;
	char d[11], d0[11];
	int rc;
	di_date_format(rep->since, d);
	if (!row->series)
		return di_notes_add(&m->notes, "%s since %s: no price history: the claim's figures "
					       "are empty", rep->ticker, d);
	rc = di_claim_path_of(row->series, rep->since, m->date, &c->path);
	if (rc == -1) {
		di_date_format(row->series->date[0], d0);
		return di_error_at(DI_EDATA, m->reported->file, rep->line,
				   "since %s for %s is before the data: no close of %s before it "
				   "(its prices start on %s)",
				   d, rep->ticker, row->series->ticker, d0);
	}
	if (rc == -2)
		return di_notes_add(&m->notes, "%s since %s: no close of %s from %s to the report "
					       "date: the claim's figures are empty",
				    rep->ticker, d, row->series->ticker, d);
	c->has = 1;
	c->verdict = di_claim_verdict(rep->move, rep->qualifier, c->path.actual, c->path.peak,
				      c->path.trough);
	if (m->bench && (rc = claim_bhar(m, row, m->bench, &c->bhar)))
		return rc;
	if (m->market && (rc = claim_bhar(m, row, m->market, &c->bhar_market)))
		return rc;
	return claim_store_path(row);
}

static void row_init(di_move_row *row, const di_reported_move *rep)
{
	memset(row, 0, sizeof(*row));
	row->rep = rep;
	row->name = rep->name;
	row->day0 = -1;
	row->est_first = row->est_last = DI_NO_DATE;
	row->alpha = row->beta = row->sigma = NAN;
	row->expected = row->abnormal = row->z = row->p = NAN;
	row->beta_market = row->beta_sector = NAN;
	row->market_part = row->sector_part = row->specific = NAN;
	row->close_to_close = row->prev_close = row->implied = NAN;
	row->day_low = row->day_high = NAN;
	row->in_day_range = -1;
	row->claim.bhar = row->claim.bhar_market = NAN;
}

/* w: var(log Open_t / Close_t-1) / var(log Close_t / Close_t-1) over the
 * estimation window of s's raw columns (before the report date), clamped
 * to [0, 1]; -1 without Open/Close or with fewer than 2 such days. */
static double overnight_share(const di_study *st, const di_series *s, long day0)
{
	size_t cap = di_window_days(st->est), n = 0;
	double *a, *b, w = -1;
	if (!s || !s->open || !s->close)
		return -1;
	a = di_reallocarray(NULL, cap, sizeof(double));
	b = di_reallocarray(NULL, cap, sizeof(double));
	for (int t = st->est.from; a && b && t <= st->est.to; t++) {
		long i = day0 + t;
		if (i < 1 || i >= (long)s->n || !(s->open[i] > 0) || !(s->close[i] > 0) ||
		    !(s->close[i - 1] > 0))
			continue;
		a[n] = log(s->open[i] / s->close[i - 1]);
		b[n++] = log(s->close[i] / s->close[i - 1]);
	}
	if (n >= 2 && di_sd(b, n) > 0) {
		w = di_sd(a, n) / di_sd(b, n);
		w = w * w > 1 ? 1 : w * w;
	}
	di_free(a);
	di_free(b);
	return w;
}

/* The row's session fraction f (methodology, Reported moves): its own
 * session_fraction; else, with a time in asof, w (1 + k) + (1 - w) e on the
 * exchange of the row's ticker (securities file `close`, else the built-in
 * table); else 1. */
static int row_fraction(di_moves *m, di_move_row *row)
{
	const di_reported_move *rep = row->rep;
	const di_security_info *si = di_securities_find(m->secinfo, rep->ticker);
	const di_series *s = row->recon;
	const di_tz *zone;
	di_close cl;
	long i;
	int rc;
	row->f = rep->session_fraction;
	row->f_how = rep->fraction_given ? "given" : rep->asof_has_time ? "computed" : "no time";
	row->f_w = row->f_e = NAN;
	if (rep->fraction_given || !rep->asof_has_time || rep->since != DI_NO_DATE)
		return 0;
	if (si && si->close && si->close[0] ? di_close_parse(si->close, strlen(si->close), &cl)
					    : di_close_builtin(rep->ticker, &cl)) {
		row->f_how = "no session";
		return di_notes_add(&m->notes, "%s: no session_fraction and no exchange session "
					       "(no close column, suffix not built in): f = 1",
				    rep->ticker);
	}
	if ((rc = di_tzset_get(&m->tzs, cl.zone, &zone)))
		return rc == -1 ? di_error_set(DI_EDATA, "time zone %s not in the tz database", cl.zone)
				: rc;
	i = s ? day0_of(s, m->date) : -1;
	row->f_k = i >= 1 ? di_session_closed_weekdays(s->date[i - 1], m->date) : 0;
	row->f_e = di_session_elapsed(zone, &cl, m->date, rep->asof_t);
	row->f_w = s ? overnight_share(m->study, s, i) : -1;
	row->f_w_default = row->f_w < 0;
	if (row->f_w_default)
		row->f_w = DI_OVERNIGHT_SHARE_DEFAULT;
	row->f = di_session_fraction(row->f_w, row->f_k, row->f_e);
	return 0;
}

/* Role, name and series of row i; the reconciliation of a same-day row. */
static int assign_row(di_moves *m, size_t i)
{
	const di_study *s = m->study;
	di_move_row *row = &m->rows[i];
	const di_security_info *si;
	const di_series *local = NULL;
	int rc;
	row_init(row, &m->reported->m[i]);
	si = di_securities_find(m->secinfo, row->rep->ticker);
	if (!row->name[0] && si)
		row->name = si->name;
	if (row->rep->since != DI_NO_DATE) {
		long same = find_row(m->reported, row->rep->ticker);
		row->role = DI_ROLE_CLAIM;
		if (!row->name[0] && same >= 0)
			row->name = m->reported->m[same].name;
		m->nclaims++;
		return claim_series(m, row->rep->ticker, &row->series);
	}
	if ((long)i == m->bench_row) {
		row->role = DI_ROLE_BENCHMARK;
		row->series = m->bench;
	} else if ((long)i == m->market_row) {
		row->role = DI_ROLE_MARKET;
		row->series = m->market;
	} else {
		row->role = DI_ROLE_STOCK;
		local = di_prices_find(m->prices, row->rep->ticker);
		if ((rc = in_currency(m, local, &row->series, 0)))
			return rc;
	}
	if (row->series)
		row->day0 = day0_of(row->series, m->date);
	/* a stand-in's day range says nothing of the index's level */
	reconcile(row, row->role == DI_ROLE_STOCK ? local : row->series, m->date,
		  row->role != DI_ROLE_BENCHMARK || !strcmp(s->benchmark, s->benchmark_series));
	return row_fraction(m, row);
}

/* --benchmark-series basket (methodology, Reported moves): on each date
 * the equal-weight mean of the simple returns of the stock rows with
 * prices (each from its own previous close), the row skip left out; as a
 * price series (100 at the first date, compounded) so that a stock's model
 * calendar takes spans of it like any series. NULL when no stock is left. */
static int make_basket(const di_moves *m, long skip, di_series **out)
{
	size_t total = 0, nd = 0, *pos;
	di_date *d;
	di_series *b;
	*out = NULL;
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK && m->rows[i].series && (long)i != skip)
			total += m->rows[i].series->n;
	if (!total)
		return 0;
	d = di_reallocarray(NULL, total, sizeof(di_date));
	pos = di_calloc(m->nrows, sizeof(size_t));
	b = di_calloc(1, sizeof(*b));
	if (!d || !pos || !b || !(b->ticker = di_strdup("basket")) || !(b->file = di_strdup("basket")) ||
	    !(b->date = di_reallocarray(NULL, total, sizeof(di_date))) ||
	    !(b->price = di_reallocarray(NULL, total, sizeof(double)))) {
		di_free(d);
		di_free(pos);
		basket_free(b);
		return di_error_oom();
	}
	for (size_t i = 0, k = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK && m->rows[i].series && (long)i != skip)
			for (size_t j = 0; j < m->rows[i].series->n; j++)
				d[k++] = m->rows[i].series->date[j];
	qsort(d, total, sizeof(di_date), cmp_date);
	for (size_t k = 0; k < total; k++)
		if (!nd || d[k] != d[nd - 1])
			d[nd++] = d[k];
	for (size_t k = 0; k < nd; k++) {
		double sum = 0;
		size_t n = 0;
		for (size_t i = 0; i < m->nrows; i++) {
			const di_series *s = m->rows[i].series;
			if (m->rows[i].role != DI_ROLE_STOCK || !s || (long)i == skip)
				continue;
			while (pos[i] < s->n && s->date[pos[i]] < d[k])
				pos[i]++;
			if (pos[i] >= 1 && pos[i] < s->n && s->date[pos[i]] == d[k]) {
				sum += s->price[pos[i]] / s->price[pos[i] - 1] - 1.0;
				n++;
			}
		}
		if (!n && b->n)
			continue; /* no stock moved: no basket close, never a 0 return */
		b->date[b->n] = d[k];
		b->price[b->n] = b->n ? b->price[b->n - 1] * (1.0 + sum / (double)n) : 100.0;
		b->n++;
	}
	di_free(d);
	di_free(pos);
	*out = b;
	return 0;
}

/* The baskets of basket mode: one per stock row, and the whole one as the
 * benchmark row's series. */
static int make_baskets(di_moves *m)
{
	di_move_row *br = &m->rows[m->bench_row];
	int rc;
	m->baskets = di_calloc(m->nrows + 1, sizeof(*m->baskets));
	if (!m->baskets)
		return di_error_oom();
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK && (rc = make_basket(m, (long)i, &m->baskets[i])))
			return rc;
	if ((rc = make_basket(m, -1, &m->baskets[m->nrows])))
		return rc;
	m->bench = m->baskets[m->nrows];
	br->series = m->bench;
	if (m->bench)
		br->day0 = day0_of(m->bench, m->date);
	reconcile(br, m->bench, m->date, 0);
	return row_fraction(m, br);
}

/* The market move for the split: reported, else close-to-close. */
static int market_move(di_moves *m)
{
	long i;
	m->m_M = NAN;
	if (!m->market)
		return 0;
	if (m->market_row >= 0) {
		m->m_M = m->rows[m->market_row].rep->move;
		m->m_M_source = "reported";
		return 0;
	}
	i = day0_of(m->market, m->date);
	if (i >= 1 && i < (long)m->market->n && m->market->date[i] == m->date) {
		m->m_M = m->market->price[i] / m->market->price[i - 1] - 1.0;
		m->m_M_source = "close-to-close";
		return 0;
	}
	return di_notes_add(&m->notes,
			    "no market move for the split: %s is not a row of the reported file "
			    "and its prices lack the report date",
			    m->market->ticker);
}

/* The model (or the claim's figures) of one row, and its notes. */
static int compute_one(di_moves *m, di_move_row *row, sample *sp)
{
	const di_study *s = m->study;
	int rc;
	if (row->role == DI_ROLE_CLAIM)
		return claim_row(m, row);
	if (row->role == DI_ROLE_STOCK) {
		rc = stock_row(m, row, sp);
	} else {
		if (!row->series)
			snprintf(row->why, sizeof(row->why), "no price history for %s",
				 row->role == DI_ROLE_BENCHMARK ? s->benchmark_series : s->market);
		rc = index_row(m, row);
	}
	row->disagrees = row->has_model && !isnan(row->close_to_close) && row->sigma > 0 &&
			 fabs(row->rep->move - row->close_to_close) > DI_MOVES_DISAGREE_SD * row->sigma;
	if (!rc && row->why[0] && (row->series || row->role == DI_ROLE_STOCK))
		rc = di_notes_add(&m->notes, "%s: empty model columns: %s", row->rep->ticker,
				  row->why);
	/* a report of today on prices of last month: say so */
	if (!rc && row->has_model && m->date - row->est_last > 7) {
		char d1[11];
		di_date_format(row->est_last, d1);
		rc = di_notes_add(&m->notes,
				  "%s: its estimation window ends on %s, %d days before the report "
				  "date (no prices in between)",
				  row->rep->ticker, d1, (int)(m->date - row->est_last));
	}
	return rc;
}

static int compute_rows(di_moves *m)
{
	const di_study *s = m->study;
	size_t nest = di_window_days(s->est);
	sample sp;
	int rc;

	m->nrows = m->reported->n;
	m->rows = di_calloc(m->nrows, sizeof(*m->rows));
	if (!m->rows)
		return di_error_oom();
	for (size_t i = 0; i < m->nrows; i++)
		if ((rc = assign_row(m, i)))
			return rc;
	if ((rc = market_move(m)) || (m->basket_mode && (rc = make_baskets(m))))
		return rc;
	if ((rc = sample_init(&sp, nest, m->market != NULL)))
		return rc;
	for (size_t i = 0; i < m->nrows && !rc; i++)
		rc = compute_one(m, &m->rows[i], &sp);
	sample_dispose(&sp);
	return rc;
}

/* --- the basket ------------------------------------------------------ */

typedef struct dated {
	di_date d;
	size_t k; /* position in row order: a fixed summation order */
	double v;
} dated;

static int cmp_dated(const void *a, const void *b)
{
	const dated *x = a, *y = b;
	if (x->d != y->d)
		return (x->d > y->d) - (x->d < y->d);
	return (x->k > y->k) - (x->k < y->k);
}

/* S_b: the sample sd over the estimation dates of the daily mean residual
 * of the basket's stocks (on each date, the mean over those with one). */
static int basket_sd(di_moves *m, double *S, size_t *ndays)
{
	size_t total = 0, k = 0, nd = 0;
	dated *all;
	double *means;
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK && m->rows[i].has_model)
			total += m->rows[i].n_est;
	*S = NAN;
	*ndays = 0;
	if (!total)
		return 0;
	all = di_reallocarray(NULL, total, sizeof(*all));
	means = di_reallocarray(NULL, total, sizeof(*means));
	if (!all || !means) {
		di_free(all);
		di_free(means);
		return di_error_oom();
	}
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *row = &m->rows[i];
		if (row->role != DI_ROLE_STOCK || !row->has_model)
			continue;
		for (size_t j = 0; j < row->n_est; j++) {
			all[k] = (dated){row->resid_date[j], k, row->resid[j]};
			k++;
		}
	}
	qsort(all, total, sizeof(*all), cmp_dated);
	for (size_t a = 0; a < total;) {
		size_t b = a;
		double sum = 0;
		while (b < total && all[b].d == all[a].d)
			b++;
		for (size_t j = a; j < b; j++)
			sum += all[j].v;
		means[nd++] = sum / (double)(b - a);
		a = b;
	}
	*S = di_sd(means, nd);
	*ndays = nd;
	di_free(all);
	di_free(means);
	return 0;
}

static int compute_basket(di_moves *m)
{
	di_basket *b = &m->basket;
	double *ab;
	double sr = 0, srm = 0, se = 0;
	int rc;
	memset(b, 0, sizeof(*b));
	b->f = m->rows[m->bench_row].f;
	ab = di_reallocarray(NULL, m->nrows, sizeof(double));
	if (!ab)
		return di_error_oom();
	for (size_t i = 0; i < m->nrows; i++) {
		const di_move_row *row = &m->rows[i];
		if (row->role != DI_ROLE_STOCK)
			continue;
		b->n_reported++;
		sr += row->rep->move;
		if (!row->has_model)
			continue;
		srm += row->rep->move;
		se += row->expected;
		ab[b->n++] = row->abnormal;
	}
	b->mean_reported = b->n_reported ? sr / (double)b->n_reported : NAN;
	b->spread = b->mean_reported - m->m_B;
	b->mean_reported_model = b->n ? srm / (double)b->n : NAN;
	b->mean_expected = b->n ? se / (double)b->n : NAN;
	b->mean_abnormal = di_mean(ab, b->n);
	b->csect = di_test_mean_t(ab, b->n);
	di_free(ab);
	if ((rc = basket_sd(m, &b->S_b, &b->n_days)))
		return rc;
	b->z = di_stat_z(NAN);
	if (b->n && b->S_b > 0)
		b->z = di_stat_z(b->mean_abnormal / (b->S_b * sqrt(b->f)));
	return 0;
}

/* --- events near the report date ------------------------------------- */

/* The events whose day 0 is the report date's day 0 or the trading day
 * before it, on the calendar of the benchmark series (else of the first
 * stock with prices; else calendar days): an event dated in
 * (day -2, report date]. Events after the report cannot explain it. */
static int link_events(di_moves *m)
{
	di_date lo;
	if (!m->events)
		return 0;
	m->calendar = m->bench;
	for (size_t i = 0; !m->calendar && i < m->nrows; i++)
		if (m->rows[i].role == DI_ROLE_STOCK)
			m->calendar = m->rows[i].series;
	if (m->calendar) {
		long q = day0_of(m->calendar, m->date);
		lo = q >= 2 ? m->calendar->date[q - 2] : INT32_MIN + 1;
	} else {
		lo = m->date - 2;
	}
	m->linked = di_reallocarray(NULL, m->events->n, sizeof(size_t));
	m->linked_day0 = di_reallocarray(NULL, m->events->n, sizeof(long));
	if (!m->linked || !m->linked_day0)
		return di_error_oom();
	for (size_t e = 0; e < m->events->n; e++) {
		di_date d = m->events->e[e].date;
		if (d <= lo || d > m->date)
			continue;
		/* an event's day 0 as run takes it (at most DI_DAY0_MAX_DAYS on) */
		m->linked_day0[m->nlinked] =
			m->calendar ? di_calendar_day0(m->calendar->date, m->calendar->n, d) : -1;
		m->linked[m->nlinked++] = e;
	}
	return 0;
}

/* --- the whole ------------------------------------------------------- */

int di_moves_new(di_moves **out, const di_study *study)
{
	di_moves *m;
	int rc;
	*out = NULL;
	if (!study->finished || study->cmd != DI_CMD_MOVES)
		return di_error_set(DI_EINTERNAL,
				    "di_moves_new: the study is not a finished moves study");
	m = di_calloc(1, sizeof(*m));
	if (!m)
		return di_error_oom();
	m->study = study;
	m->notes.warn_fn = study->warn_fn;
	m->notes.warn_payload = study->warn_payload;
	m->bench_row = m->market_row = -1;
	if ((rc = load_inputs(m)) || (rc = resolve(m)) || (rc = compute_rows(m)) ||
	    (rc = compute_basket(m)) || (rc = link_events(m)))
		goto fail;
	*out = m;
	return 0;
fail:
	di_moves_free(m);
	return rc;
}

void di_moves_free(di_moves *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->rows && i < m->nrows; i++) {
		di_free(m->rows[i].resid);
		di_free(m->rows[i].resid_date);
		di_free(m->rows[i].claim.cum);
		di_free(m->rows[i].claim.cum_date);
	}
	di_free(m->rows);
	di_free(m->linked);
	di_free(m->linked_day0);
	di_notes_dispose(&m->notes);
	di_tzset_dispose(&m->tzs);
	for (size_t i = 0; m->baskets && i <= m->nrows; i++)
		basket_free(m->baskets[i]);
	di_free(m->baskets);
	di_events_free(m->own_events);
	di_fx_dispose(&m->fx);
	di_securities_free(m->own_secinfo);
	di_reported_free(m->own_reported);
	di_prices_free(m->own_prices);
	di_free(m);
}
