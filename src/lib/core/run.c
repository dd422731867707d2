/*
 * run.c - the event-study pipeline: inputs -> securities and regressors ->
 * per security-event estimation sample, fit, ARs and CARs -> blocks. It
 * decides exclusions and collects warnings; it writes nothing (report_*.c
 * do) and holds no statistic of its own (stats.c, blockstats.c).
 */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "keep.h"
#include "manifest.h"
#include "pool.h"
#include "run.h"
#include "textfmt.h"

const char *const di_test_names[DI_NTESTS] = {
	"csect_t", "bw_cda_t", "patell_z", "patell_kp_z", "bmp_t", "bmp_kp_t",
	"corrado_rank_z", "sign_z", "gen_sign_z", "wilcoxon_z", "portfolio_t",
	"grank_t", "gsign_z", "skew_adj_t", "bhar_skew_adj_t", "dcaar_t",
};

static int add_exclusion(di_run *run, const char *event_id, const char *ticker,
			 const char *reason, const char *detail)
{
	di_exclusion *x;
	if (di_grow((void **)&run->exc, &run->exc_cap, run->nexc + 1, sizeof(*run->exc)))
		return DI_ENOMEM;
	x = &run->exc[run->nexc];
	x->event_id = di_strdup(event_id);
	x->ticker = di_strdup(ticker);
	x->detail = di_strdup(detail);
	x->reason = reason;
	if (!x->event_id || !x->ticker || !x->detail) {
		di_free(x->event_id);
		di_free(x->ticker);
		di_free(x->detail);
		return di_error_oom();
	}
	run->nexc++;
	if (ticker[0])
		di_notes_warn(&run->notes, "event %s: %s excluded (%s): %s", event_id, ticker,
			      reason, detail);
	else
		di_notes_warn(&run->notes, "event %s dropped: %s", event_id, detail);
	return 0;
}

/* An exclusion of security t from an event; a control's detail says so. */
static int exclude_secev(di_run *run, const char *event_id, size_t t, const char *reason,
			 const char *detail)
{
	char buf[600];
	if (t < run->ntreated)
		return add_exclusion(run, event_id, run->tickers[t]->ticker, reason, detail);
	snprintf(buf, sizeof(buf), "control: %s", detail);
	return add_exclusion(run, event_id, run->tickers[t]->ticker, reason, buf);
}

/* The regressor row of model-calendar position i of a security's returns:
 * fills x (kx values); returns 0, or -1 when a regressor is missing.
 * Inline: it runs per row of every estimation sample and event window, in
 * every placebo trial. */
static inline int run_regressors(const di_run *run, const di_returns *ret, size_t i, double *x)
{
	const di_study *s = run->study;
	size_t n = ret->n;
	int c = 0;
	if (s->model == DI_MODEL_MARKET_ADJUSTED)
		return 0;
	x[c++] = 1.0;
	if (s->model == DI_MODEL_MEAN)
		return 0;
	for (size_t j = 0; j < run->nreg; j++) {
		double v = ret->x[j * n + i];
		if (isnan(v))
			return -1;
		x[c++] = v;
	}
	return 0;
}

/* --- inputs ---------------------------------------------------------- */

static int cmp_series_ticker(const void *a, const void *b)
{
	const di_series *const *x = a, *const *y = b;
	return strcmp((*x)->ticker, (*y)->ticker);
}

static int is_regressor(const di_run *run, const di_series *s)
{
	for (size_t j = 0; j < run->nreg; j++)
		if (run->reg[j] == s)
			return 1;
	return 0;
}

/* The study's price files into run->own_prices; with run->trim, the
 * closes around the events only (keep.h: the events are loaded first). */
static int load_prices(di_run *run)
{
	const di_study *s = run->study;
	const char *skip[3];
	size_t nskip = 0;
	di_keep_plan kp = {0};
	int rc;
	if (s->events)
		skip[nskip++] = s->events;
	if (s->securities)
		skip[nskip++] = s->securities;
	if ((rc = di_prices_new(&run->own_prices)))
		return rc;
	di_prices_set_date_format(run->own_prices, s->date_fmt);
	di_prices_set_jobs(run->own_prices, di_study_jobs(s));
	if (run->secinfo)
		di_prices_set_file_names(run->own_prices, di_securities_file_ticker, run->secinfo);
	if (run->trim) {
		if ((rc = di_keep_plan_make(&kp, s, run->events, run->secinfo)))
			return rc;
		di_prices_set_keep(run->own_prices, di_keep_rows, &kp);
	}
	for (size_t i = 0; i < s->prices.n && !rc; i++)
		rc = di_prices_load_path(run->own_prices, s->prices.v[i], skip, nskip);
	di_prices_set_keep(run->own_prices, NULL, NULL);
	di_keep_plan_dispose(&kp);
	run->prices = run->own_prices;
	return rc;
}

/* The events: the study's in memory, or its file. */
static int load_events(di_run *run)
{
	const di_study *s = run->study;
	int rc;
	if (s->mem_events) {
		run->events = s->mem_events;
		if (!run->events->n)
			return di_error_at(DI_EDATA, run->events->file, 0, "no events");
		return 0;
	}
	if ((rc = di_events_load_fmt(&run->own_events, s->events, s->date_fmt)))
		return rc;
	run->events = run->own_events;
	return 0;
}

/* The study's inputs: the files it names, or the objects it was given in
 * memory (borrowed, never freed here). */
static int load_inputs(di_run *run)
{
	const di_study *s = run->study;
	int rc;
	/* the securities file first: its `file` column names price files */
	if (s->securities && (rc = di_securities_load(&run->own_secinfo, s->securities)))
		return rc;
	run->secinfo = s->mem_securities ? s->mem_securities : run->own_secinfo;
	/* a trimmed load needs the events (an error of both files is then
	 * the events', but a trimmed run that fails is made again in full) */
	if (run->trim && (rc = load_events(run)))
		return rc;
	if (s->mem_prices)
		run->prices = s->mem_prices;
	else if ((rc = load_prices(run)))
		return rc;
	return run->trim ? 0 : load_events(run);
}

/* A usage error for a ticker an option names but the data lack: fmt has
 * a %s for the name, then one for the nearest names in the data. */
static int unknown_ticker(const di_run *run, const char *fmt, const char *name)
{
	char near[DI_SUGGEST_LEN];
	di_prices_suggest(run->prices, name, near, sizeof(near));
	return di_error_set(DI_EUSAGE, fmt, name, near);
}

static int in_list(const di_strlist *l, const char *ticker)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], ticker))
			return 1;
	return 0;
}

/* --- the default securities ------------------------------------------
 *
 * Without --tickers, the securities file's rows whose role is `security`
 * when it has a role column; else every price series but the market, the
 * factors and series named like an index (^STOXX) or an FX pair
 * (EURGBP=X), which would otherwise be averaged into the CAAR silently.
 * What is left out is said, once, in a note.
 */

/* Why series s is no default security without a role column, or NULL. */
static const char *not_a_security(const char *ticker)
{
	size_t n = strlen(ticker);
	if (ticker[0] == '^')
		return "an index";
	if (n >= 2 && strcmp(ticker + n - 2, "=X") == 0)
		return "an FX pair";
	return NULL;
}

/* The rows of role `security`: each must have prices (data error). */
static int tickers_by_role(di_run *run)
{
	const di_securities *sec = run->secinfo;
	for (size_t i = 0; i < sec->n; i++) {
		const di_series *t;
		if (strcmp(sec->s[i].role, "security") != 0)
			continue;
		t = di_prices_find(run->prices, sec->s[i].ticker);
		if (!t) {
			char near[DI_SUGGEST_LEN];
			di_prices_suggest(run->prices, sec->s[i].ticker, near, sizeof(near));
			return di_error_at(DI_EDATA, sec->file, sec->s[i].line,
					   "security %s has no price series%s", sec->s[i].ticker, near);
		}
		if (!is_regressor(run, t) && !in_list(&run->study->controls, t->ticker))
			run->tickers[run->ntickers++] = t;
	}
	return 0;
}

/* Every series but the regressors and the ones not_a_security names; the
 * left-out ones are listed (the first few) in a note. */
#define LEFT_OUT_SHOWN 8
static int tickers_by_name(di_run *run)
{
	char list[512] = "";
	size_t nleft = 0, at = 0;
	for (size_t i = 0; i < run->prices->n; i++) {
		const di_series *t = run->prices->s[i];
		const char *why = not_a_security(t->ticker);
		if (is_regressor(run, t) || in_list(&run->study->controls, t->ticker))
			continue;
		if (!why) {
			run->tickers[run->ntickers++] = t;
			continue;
		}
		if (nleft++ < LEFT_OUT_SHOWN && at < sizeof(list)) {
			int w = snprintf(list + at, sizeof(list) - at, "%s%s (%s)", at ? ", " : "",
					 t->ticker, why);
			at += w > 0 ? (size_t)w : 0;
		}
	}
	if (!nleft)
		return 0;
	return di_notes_add(&run->notes,
			    "left out of the securities, as not a stock: %s%s; name them in "
			    "--tickers to include them",
			    list, nleft > LEFT_OUT_SHOWN ? " and more" : "");
}

/* run->tickers has room for every price series. The controls are never
 * among the default securities. */
static int default_tickers(di_run *run)
{
	int rc = run->secinfo && run->secinfo->has_role ? tickers_by_role(run) : tickers_by_name(run);
	if (rc)
		return rc;
	qsort(run->tickers, run->ntickers, sizeof(*run->tickers), cmp_series_ticker);
	if (!run->ntickers)
		return di_error_set(DI_EDATA, "no securities: every price series is the market, "
					      "a factor, an index or an FX pair%s",
				    run->secinfo && run->secinfo->has_role
					    ? " (or no row of the securities file has role security)"
					    : "");
	return 0;
}

/* Append the tickers named by --tickers or --controls (opt) to
 * run->tickers: each must be in the data, not a regressor, named once, and
 * a control must not be a treated security. */
static int add_named_tickers(di_run *run, const di_strlist *l, const char *opt)
{
	for (size_t i = 0; i < l->n; i++) {
		const di_series *t = di_prices_find(run->prices, l->v[i]);
		if (!t) {
			char near[DI_SUGGEST_LEN];
			di_prices_suggest(run->prices, l->v[i], near, sizeof(near));
			return di_error_set(DI_EUSAGE, "--%s: %s is not in the price data%s", opt,
					    l->v[i], near);
		}
		if (is_regressor(run, t))
			return di_error_set(DI_EUSAGE, "--%s: %s is the market or a factor", opt,
					    l->v[i]);
		for (size_t j = 0; j < run->ntickers; j++) {
			if (run->tickers[j] != t)
				continue;
			if (l == &run->study->controls && j < run->ntreated)
				return di_error_set(DI_EUSAGE,
						    "--controls: %s is also a treated security "
						    "(--tickers)",
						    t->ticker);
			return di_error_set(DI_EUSAGE, "--%s: %s is listed twice", opt, t->ticker);
		}
		run->tickers[run->ntickers++] = t;
	}
	return 0;
}

/* --- markets per security ---------------------------------------------- */

/* The securities file's `market` column: a security's own market index
 * replaces the study market as its market regressor and calendar series
 * (Campbell, Cowan & Salotti 2010). It must be in the price data. */
static int own_markets(di_run *run)
{
	run->tmkt = di_calloc(run->ntickers ? run->ntickers : 1, sizeof(*run->tmkt));
	if (!run->tmkt)
		return di_error_oom();
	for (size_t t = 0; run->secinfo && t < run->ntickers; t++) {
		const di_security_info *si = di_securities_find(run->secinfo, run->tickers[t]->ticker);
		const di_series *m;
		char near[DI_SUGGEST_LEN];
		if (!si || !si->market[0] || !run->nreg)
			continue;
		m = di_prices_find(run->prices, si->market);
		if (!m) {
			di_prices_suggest(run->prices, si->market, near, sizeof(near));
			return di_error_at(DI_EDATA, run->secinfo->file, si->line,
					   "market %s of %s is not in the price data%s", si->market,
					   si->ticker, near);
		}
		if (m == run->tickers[t])
			return di_error_at(DI_EDATA, run->secinfo->file, si->line,
					   "%s is its own market", si->ticker);
		if (m != run->reg[0])
			run->tmkt[t] = m;
	}
	return 0;
}

/* --- currencies (fx.h) ------------------------------------------------ */

/* One note naming the securities excluded as no-fx. */
static int note_nofx(di_run *run)
{
	char list[400] = "";
	for (size_t t = 0; t < run->ntickers; t++)
		if (run->nofx[t] && strlen(list) + strlen(run->tickers[t]->ticker) + 3 < sizeof(list))
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 list[0] ? ", " : "", run->tickers[t]->ticker);
	return di_notes_add(&run->notes,
			    "no-fx: no FX series in the price data converts %s to %s; excluded from "
			    "every event",
			    list, run->study->currency);
}

/* --currency: the market, the factors and every security in the study
 * currency. A regressor that cannot be converted is a data error; a
 * security is excluded from every event (no-fx). */
static int convert_series(di_run *run)
{
	char why[300];
	size_t nofx = 0;
	int rc;
	run->fx = (di_fx){.cur = run->study->currency, .prices = run->prices, .sec = run->secinfo};
	run->nofx = di_calloc(run->ntickers ? run->ntickers : 1, sizeof(char *));
	if (!run->nofx)
		return di_error_oom();
	for (size_t j = 0; j < run->nreg; j++) {
		const di_series *c;
		if ((rc = di_fx_series(&run->fx, run->reg[j], &c, why, sizeof(why))))
			return rc;
		if (!c)
			return di_error_set(DI_EDATA, "%s %s: %s", j ? "factor" : "market",
					    run->reg[j]->ticker, why);
		run->reg[j] = c;
	}
	for (size_t t = 0; t < run->ntickers; t++) {
		const di_series *c;
		if (run->tmkt[t]) {
			if ((rc = di_fx_series(&run->fx, run->tmkt[t], &c, why, sizeof(why))))
				return rc;
			if (!c)
				return di_error_set(DI_EDATA, "market %s of %s: %s", run->tmkt[t]->ticker,
						    run->tickers[t]->ticker, why);
			run->tmkt[t] = c;
		}
		if ((rc = di_fx_series(&run->fx, run->tickers[t], &c, why, sizeof(why))))
			return rc;
		if (c) {
			run->tickers[t] = c;
			continue;
		}
		if (!(run->nofx[t] = di_strdup(why)))
			return di_error_oom();
		nofx++;
	}
	return nofx ? note_nofx(run) : 0;
}

/* Without --currency: a warning when the study's series (securities,
 * market, factors) are quoted in more than one currency by the
 * securities file (GBp and GBP count as one). */
static int note_mixed_currencies(di_run *run)
{
	char seen[16][4], list[200] = "";
	size_t nseen = 0;
	for (size_t k = 0; k < run->ntickers + run->nreg; k++) {
		const di_series *x = k < run->ntickers ? run->tickers[k] : run->reg[k - run->ntickers];
		char iso[4];
		size_t i;
		if (!di_currency_known(di_fx_currency_of(run->secinfo, x->ticker), iso, NULL))
			continue;
		for (i = 0; i < nseen && strcmp(seen[i], iso); i++)
			;
		if (i < nseen || nseen == sizeof(seen) / sizeof(seen[0]))
			continue;
		memcpy(seen[nseen++], iso, 4);
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s (%s)",
			 list[0] ? ", " : "", iso, x->ticker);
		/* the first series in each currency, as an example */
	}
	if (nseen < 2)
		return 0;
	return di_notes_add(&run->notes,
			    "currencies: the study's series are quoted in %zu currencies (%s) and "
			    "their returns are not converted; set currency (--currency EUR) to "
			    "convert every return to one currency",
			    nseen, list);
}

static int resolve_series(di_run *run)
{
	const di_study *s = run->study;
	int rc;
	if (s->market) {
		const di_series *m = di_prices_find(run->prices, s->market);
		if (!m)
			return unknown_ticker(run, "--market %s: no such ticker in the price data%s",
					      s->market);
		/* with model mean the market only fills the market_return column */
		run->reg[run->nreg++] = m;
	}
	if (s->factors.n > DI_MAX_FACTORS)
		return di_error_set(DI_EUSAGE, "at most %d factors", DI_MAX_FACTORS);
	for (size_t j = 0; j < s->factors.n; j++) {
		const di_series *f = di_prices_find(run->prices, s->factors.v[j]);
		if (!f)
			return unknown_ticker(run, "--factor %s: no such ticker in the price data%s",
					      s->factors.v[j]);
		if (is_regressor(run, f))
			return di_error_set(DI_EUSAGE, "--factor %s is given twice or is the market",
					    s->factors.v[j]);
		run->reg[run->nreg++] = f;
	}
	/* the regressor columns: k of the model (market-adjusted has none) */
	run->kx = di_model_k(s);
	run->tickers = di_calloc(run->prices->n + s->tickers.n + s->controls.n + 1,
				 sizeof(*run->tickers));
	if (!run->tickers)
		return di_error_oom();
	if (s->tickers.n) {
		if ((rc = add_named_tickers(run, &s->tickers, "tickers")))
			return rc;
	} else if ((rc = default_tickers(run))) {
		return rc;
	}
	/* the controls follow the treated, in their option's order */
	run->ntreated = run->ntickers;
	if ((rc = add_named_tickers(run, &s->controls, "controls")) || (rc = own_markets(run)))
		return rc;
	return s->currency ? convert_series(run) : note_mixed_currencies(run);
}

/* Series by name, for the events' tickers columns: a bisection per name
 * listed, where comparing each listed name with every series (every
 * event's, then every treated ticker for every event) took 37 million
 * strcmp on W2 (100 events of 50 tickers among 5,000 series). */
typedef struct named_ticker {
	const char *name;
	size_t t; /* its index in the array names_sorted was given */
} named_ticker;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named_ticker *)a)->name, ((const named_ticker *)b)->name);
}

/* The names of s[0..n) with their indices, sorted; NULL (DI_ENOMEM set)
 * when out of memory. */
static named_ticker *names_sorted(const di_series *const *s, size_t n)
{
	named_ticker *byname = di_reallocarray(NULL, n ? n : 1, sizeof(*byname));
	if (!byname) {
		di_error_oom();
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		byname[i] = (named_ticker){s[i]->ticker, i};
	qsort(byname, n, sizeof(*byname), cmp_named);
	return byname;
}

/* The index of a series named name among byname's n, or SIZE_MAX. */
static size_t names_find(const named_ticker *byname, size_t n, const char *name)
{
	named_ticker key = {name, 0};
	const named_ticker *hit = bsearch(&key, byname, n, sizeof(*byname), cmp_named);
	return hit ? hit->t : SIZE_MAX;
}

/* An event naming a ticker that is not in the price data. */
static int event_unknown_ticker(const di_run *run, const di_event *ev, const char *ticker)
{
	char near[DI_SUGGEST_LEN];
	di_prices_suggest(run->prices, ticker, near, sizeof(near));
	return di_error_at(DI_EDATA, run->events->file, ev->line,
			   "event %s names ticker '%s', which is not in the price data%s", ev->id,
			   ticker, near);
}

/* Events: dates inside the data, tickers known. */
static int check_events(di_run *run)
{
	di_date first, last;
	char d1[11], d2[11], de[11];
	const di_prices *p = run->prices;
	named_ticker *byname = names_sorted((const di_series *const *)p->s, p->n);
	int rc = 0;
	if (!byname)
		return DI_ENOMEM;
	di_prices_span(p, &first, &last);
	for (size_t e = 0; e < run->events->n && !rc; e++) {
		const di_event *ev = &run->events->e[e];
		if (ev->date < first || ev->date > last) {
			di_date_format(ev->date, de);
			di_date_format(first, d1);
			di_date_format(last, d2);
			rc = di_error_at(DI_EDATA, run->events->file, ev->line,
					 "event %s dated %s lies outside the price data (%s to %s)",
					 ev->id, de, d1, d2);
		}
		for (size_t j = 0; j < ev->ntickers && !rc; j++)
			if (names_find(byname, p->n, ev->tickers[j]) == SIZE_MAX)
				rc = event_unknown_ticker(run, ev, ev->tickers[j]);
	}
	di_free(byname);
	return rc;
}

/* in[t] = 1 for each treated ticker t the event concerns: those of its
 * tickers column (byname: the treated tickers' names_sorted), every one
 * without it. */
static void event_includes(const di_run *run, const named_ticker *byname, const di_event *ev,
			   unsigned char *in)
{
	memset(in, !ev->ntickers, run->ntreated);
	for (size_t j = 0; j < ev->ntickers; j++) {
		size_t t = names_find(byname, run->ntreated, ev->tickers[j]);
		if (t != SIZE_MAX)
			in[t] = 1;
	}
}

/* --- one security-event ---------------------------------------------- */

/*
 * The arrays of a security-event, carved from one block: one allocation
 * and one free instead of 23 for each of the many copies the placebo and
 * simulate workers hold. Each array starts on an 8-byte boundary. The
 * table gives each field's place, element type and length; set_array
 * stores the pointer through the field's own type. The rows the fit reads
 * (fit) are carved only for the trial slots: the run's own
 * security-events fit them in their worker's scratch (fit_task), a
 * quarter of each one's memory.
 */
enum { A_DOUBLE, A_INT, A_DATE, A_SIZE };
enum { L_EST, L_EST_K, L_NW, L_NW_K, L_NC, L_EST_NW, L_KK };
static const struct secev_array {
	size_t off;
	unsigned char type, len, fit;
} secev_arrays[] = {
	{offsetof(di_secev, fit.xtx_inv), A_DOUBLE, L_KK, 0},
	{offsetof(di_secev, est_rel), A_INT, L_EST, 0},
	{offsetof(di_secev, est_date), A_DATE, L_EST, 0},
	{offsetof(di_secev, est_y), A_DOUBLE, L_EST, 1},
	{offsetof(di_secev, est_x), A_DOUBLE, L_EST_K, 1},
	{offsetof(di_secev, est_resid), A_DOUBLE, L_EST, 0},
	{offsetof(di_secev, date), A_DATE, L_NW, 0},
	{offsetof(di_secev, r), A_DOUBLE, L_NW, 0},
	{offsetof(di_secev, m), A_DOUBLE, L_NW, 0},
	{offsetof(di_secev, normal), A_DOUBLE, L_NW, 0},
	{offsetof(di_secev, ar), A_DOUBLE, L_NW, 0},
	{offsetof(di_secev, sar), A_DOUBLE, L_NW, 0},
	{offsetof(di_secev, x), A_DOUBLE, L_NW_K, 0},
	{offsetof(di_secev, car), A_DOUBLE, L_NC, 0},
	{offsetof(di_secev, car_sd), A_DOUBLE, L_NC, 0},
	{offsetof(di_secev, scar), A_DOUBLE, L_NC, 0},
	{offsetof(di_secev, bhar), A_DOUBLE, L_NC, 0},
	{offsetof(di_secev, rank_u), A_DOUBLE, L_EST_NW, 0},
	{offsetof(di_secev, gsar_sorted), A_DOUBLE, L_EST, 0},
	{offsetof(di_secev, gsar_order), A_SIZE, L_EST, 0},
	{offsetof(di_secev, gsar_rel), A_INT, L_EST, 0},
};
#define SECEV_NARRAYS (sizeof(secev_arrays) / sizeof(secev_arrays[0]))

static void set_array(di_secev *se, const struct secev_array *a, void *p)
{
	void *field = (char *)se + a->off;
	switch (a->type) {
	case A_DOUBLE:
		*(double **)field = p;
		break;
	case A_INT:
		*(int **)field = p;
		break;
	case A_DATE:
		*(di_date **)field = p;
		break;
	default:
		*(size_t **)field = p;
	}
}

void di_secev_dispose(di_secev *se)
{
	di_free(se->mem);
	se->mem = NULL;
	/* disposed twice is harmless, and no pointer is left dangling */
	for (size_t i = 0; i < SECEV_NARRAYS; i++)
		set_array(se, &secev_arrays[i], NULL);
}

/* The arrays of se; those of the fit only with fit_rows (else NULL). */
static int secev_alloc(di_secev *se, const di_run *run, int fit_rows)
{
	static const size_t type_size[] = {sizeof(double), sizeof(int), sizeof(di_date),
					   sizeof(size_t)};
	const di_study *s = run->study;
	size_t nest = di_window_days(s->est), nw = (size_t)run->nw;
	size_t kk = run->kx ? (size_t)run->kx : 1, nc = s->ncar ? s->ncar : 1;
	const size_t len[] = {nest, nest * kk, nw, nw * kk, nc, nest + nw, kk * kk};
	size_t at[SECEV_NARRAYS], total = 0;
	for (size_t i = 0; i < SECEV_NARRAYS; i++) {
		size_t n = len[secev_arrays[i].len], size = type_size[secev_arrays[i].type];
		if (secev_arrays[i].fit && !fit_rows)
			n = 0;
		if (n > (SIZE_MAX - total - 8) / size) /* more than the address space */
			return di_error_oom();
		at[i] = total;
		total += (n * size + 7) & ~(size_t)7;
	}
	/* a copy of another security-event must not keep its block */
	se->mem = di_malloc(total);
	if (!se->mem)
		return di_error_oom();
	for (size_t i = 0; i < SECEV_NARRAYS; i++)
		set_array(se, &secev_arrays[i],
			  secev_arrays[i].fit && !fit_rows ? NULL : (char *)se->mem + at[i]);
	return 0;
}

int di_secev_alloc(di_secev *se, const di_run *run)
{
	return secev_alloc(se, run, 1);
}

/* Each ticker's exchange close (securities file `close`, else the
 * built-in table by suffix), when some event has a time. */
static int ticker_closes(di_run *run)
{
	size_t nt = run->ntickers;
	int timed = 0, rc;
	for (size_t e = 0; e < run->events->n; e++)
		timed |= run->events->e[e].time >= 0;
	if (!timed)
		return 0;
	run->tclose = di_calloc(nt ? nt : 1, sizeof(*run->tclose));
	run->tclose_min = di_calloc(nt ? nt : 1, sizeof(int));
	if (!run->tclose || !run->tclose_min)
		return di_error_oom();
	for (size_t t = 0; t < nt; t++) {
		const char *tk = run->tickers[t]->ticker;
		const di_security_info *si = di_securities_find(run->secinfo, tk);
		di_close cl;
		if (si && si->close && si->close[0])
			rc = di_close_parse(si->close, strlen(si->close), &cl);
		else if ((rc = di_close_builtin(tk, &cl)))
			return di_error_set(DI_EDATA,
					    "no closing time for %s: the events have times, and its "
					    "exchange suffix is not in the built-in table; give the "
					    "securities file a close column (HH:MM Zone/Name)",
					    tk);
		if (rc || (rc = di_tzset_get(&run->tzs, cl.zone, &run->tclose[t])) == -1)
			return di_error_set(DI_EDATA, "the closing zone %s of %s is not in the tz "
						      "database", cl.zone, tk);
		if (rc)
			return rc;
		run->tclose_min[t] = cl.min;
	}
	return 0;
}

/* Day 0 of event ev for ticker t: the calendar rule, or with a time the
 * first session that closes after the news. */
static int day0_of(di_run *run, const di_event *ev, size_t t, long *out)
{
	const di_returns *r = &run->rets[t];
	const di_tz *zone;
	int rc;
	if (ev->time < 0) {
		*out = di_calendar_day0(r->date, r->n, ev->date);
		return 0;
	}
	if ((rc = di_tzset_get(&run->tzs, ev->tz, &zone)))
		return rc == -1 ? di_error_at(DI_EDATA, run->events->file, ev->line,
					      "unknown time zone '%s'", ev->tz)
				: rc;
	*out = di_session_day0(r->date, r->n, ev->date, di_tz_instant(zone, ev->date, ev->time),
			       run->tclose[t], run->tclose_min[t]);
	return 0;
}

/* day0 of every (event, ticker), a position on the ticker's model
 * calendar: -1 where there is no model-calendar date within
 * DI_DAY0_MAX_DAYS, -2 where the event does not concern the ticker (its
 * tickers). */
static int compute_day0s(di_run *run, long **out)
{
	size_t ne = run->events->n, nt = run->ntickers, nb = nt ? nt : 1;
	long *d0 = di_reallocarray(NULL, ne && nt ? ne * nt : 1, sizeof(long));
	named_ticker *byname = names_sorted(run->tickers, run->ntreated);
	unsigned char *in = di_malloc(nb);
	int rc = 0;
	if (!d0 || !byname || !in) {
		rc = di_error_oom();
		goto done;
	}
	if ((rc = ticker_closes(run)))
		goto done;
	for (size_t e = 0; e < ne && !rc; e++) {
		const di_event *ev = &run->events->e[e];
		event_includes(run, byname, ev, in);
		/* an event's tickers select among the treated; the controls
		 * take every event */
		for (size_t t = 0; t < nt && !rc; t++) {
			d0[e * nt + t] = -2;
			if (t >= run->ntreated || in[t])
				rc = day0_of(run, ev, t, &d0[e * nt + t]);
		}
	}
done:
	di_free(byname);
	di_free(in);
	if (rc) {
		di_free(d0);
		return rc;
	}
	*out = d0;
	return 0;
}

/* With --clean-estimation: is series index i inside the event window of
 * an event other than skip for this ticker? run->d0_all holds every
 * (event, ticker) day 0 as the calendar gives it, also for security-events
 * excluded later: their event windows still hold the news. */
static int in_other_window(const di_run *run, size_t skip, size_t t, long i)
{
	const di_study *s = run->study;
	size_t nt = run->ntickers;
	for (size_t o = 0; o < run->events->n; o++) {
		long z = run->d0_all[o * nt + t];
		if (o == skip || z < 0)
			continue;
		if (i >= z + s->win.from && i <= z + s->win.to)
			return 1;
	}
	return 0;
}

/* di_secev_est_usable, inlined into the estimation sample's loop */
static inline int est_usable(const di_run *run, size_t t, long i, size_t skip_event)
{
	const di_study *s = run->study;
	/* the mean model's market column only fills market_return */
	size_t ncols = s->model == DI_MODEL_MEAN ? 0 : run->nreg;
	if (!di_est_row_usable(&run->rets[t], i, ncols))
		return 0;
	return !(s->clean_estimation && in_other_window(run, skip_event, t, i));
}

/* The R and regressors (kx values; market-adjusted: the market return) of
 * a usable estimation row at calendar position i. */
static double est_row(const di_run *run, const di_returns *ret, long i, double *x)
{
	run_regressors(run, ret, (size_t)i, x);
	if (run->study->model == DI_MODEL_MARKET_ADJUSTED)
		x[0] = ret->x[i];
	return di_ret_at(ret, (size_t)i);
}

double di_secev_est_row_cal(const di_run *run, const di_secev *se, size_t j, double *x)
{
	return est_row(run, se->ret, se->day0 + se->est_rel[j], x);
}

int di_secev_est_usable(const di_run *run, size_t t, long i, size_t skip_event)
{
	return est_usable(run, t, i, skip_event);
}

void di_secev_est_sample_full(const di_run *run, di_secev *se)
{
	const di_study *s = run->study;
	const di_returns *ret = se->ret;
	size_t kk = run->kx ? (size_t)run->kx : 1, nc = ret->n;
	size_t n = di_window_days(s->est);
	const size_t i0 = (size_t)(se->day0 + s->est.from);
	/* est_row's values, column by column: every row is usable (the
	 * caller checked), so no regressor is missing */
	memcpy(se->est_y, ret->r + (i0 - ret->r_from), n * sizeof(double));
	if (s->model == DI_MODEL_MARKET_ADJUSTED) {
		memcpy(se->est_x, ret->x + i0, n * sizeof(double));
	} else {
		size_t nx = s->model == DI_MODEL_MEAN ? 0 : run->nreg;
		for (size_t j = 0; j < n; j++)
			se->est_x[j * kk] = 1.0;
		for (size_t q = 0; q < nx; q++)
			for (size_t j = 0; j < n; j++)
				se->est_x[j * kk + 1 + q] = ret->x[q * nc + i0 + j];
	}
	for (size_t j = 0; j < n; j++)
		se->est_rel[j] = s->est.from + (int)j;
	memcpy(se->est_date, ret->date + i0, n * sizeof(di_date));
	se->n_est = n;
}

void di_secev_est_sample(const di_run *run, di_secev *se, size_t skip_event)
{
	const di_study *s = run->study;
	const di_returns *ret = se->ret;
	size_t kk = run->kx ? (size_t)run->kx : 1;
	se->n_est = 0;
	for (int t = s->est.from; t <= s->est.to; t++) {
		long i = se->day0 + t;
		size_t j = se->n_est;
		if (!est_usable(run, se->ticker, i, skip_event))
			continue;
		se->est_y[j] = est_row(run, ret, i, se->est_x + j * kk);
		se->est_rel[j] = t;
		se->est_date[j] = ret->date[i];
		se->n_est++;
	}
}

/* secev_gsar's SARs for the market model with s2 > 0: the same
 * expression, inline, in a loop the compiler vectorizes (two square
 * roots and divisions at a time). */
static void gsar_market(const di_secev *se, double *restrict gsar)
{
	const double *restrict x = se->est_x, *restrict e = se->est_resid, *a = se->fit.xtx_inv;
	double s2 = se->fit.s2;
	for (size_t j = 0; j < se->n_est; j++) {
		double v = e[j] / sqrt(s2 * (1.0 + di_fit_quad2(a, x[2 * j], x[2 * j + 1])));
		gsar[j] = isnan(v) ? 0 : v;
	}
}

/* The SARs of the estimation days (the contract's SAR formula with that
 * day's prediction-error factor; market-adjusted: resid / s), sorted
 * once: the generalized tests' estimation points. s = 0 leaves every
 * Z of the security undefined, so no window uses them; 0 keeps the sort
 * well defined. The sorted values, their order (secev_ranks' hint) and the
 * relative day of each (read by the blocks without going through the
 * order) are kept: the SARs are scratch (8 bytes a point fewer in every
 * security-event), and their ranks are not made (the blocks rank the
 * points from the sorted values, with each window's event point). */
static int secev_gsar(const di_run *run, di_secev *se, di_rank_ws *rw)
{
	size_t kk = run->kx ? (size_t)run->kx : 1, n = se->n_est, *order = se->gsar_order;
	double *gsar = di_rank_ws_vals(rw, n);
	int rc;
	if (!gsar)
		return DI_ENOMEM;
	if (se->fit.k == 2 && se->fit.s2 > 0)
		gsar_market(se, gsar);
	else
		for (size_t j = 0; j < n; j++) {
			double v = NAN;
			if (se->fit.s2 > 0)
				v = run->study->model == DI_MODEL_MARKET_ADJUSTED
					    ? se->est_resid[j] / sqrt(se->fit.s2)
					    : se->est_resid[j] /
						      sqrt(se->fit.s2 *
							   di_fit_pe_factor(&se->fit,
									    se->est_x + j * kk));
			gsar[j] = isnan(v) ? 0 : v;
		}
	rc = di_rank_order_ws(rw, gsar, n, NULL, se->gsar_sorted, order);
	se->gsar_ties = 0;
	for (size_t k = 0; !rc && k < n; k++) {
		se->gsar_rel[k] = se->est_rel[order[k]];
		se->gsar_ties |= k && se->gsar_sorted[k] == se->gsar_sorted[k - 1];
	}
	return rc;
}

/* What a security-event keeps of its fit (se->fit and se->est_resid made):
 * the share of positive residuals and the sorted SARs. */
static int secev_fitted(const di_run *run, di_secev *se, di_rank_ws *rw)
{
	size_t pos = 0;
	for (size_t j = 0; j < se->n_est; j++)
		pos += se->est_resid[j] > 0;
	se->pos_share = (double)pos / (double)se->n_est;
	/* a control is in no block: no test ranks its points */
	return di_secev_is_control(run, se) ? 0 : secev_gsar(run, se, rw);
}

int di_secev_fit(const di_run *run, di_secev *se, di_fit_ws *ws, di_rank_ws *rw)
{
	const di_study *s = run->study;
	size_t kx = (size_t)run->kx;
	int rc;
	if (s->model == DI_MODEL_MARKET_ADJUSTED) {
		for (size_t j = 0; j < se->n_est; j++)
			se->est_resid[j] = se->est_y[j] - se->est_x[j];
		di_fit_madj(&se->fit, se->est_resid, se->n_est);
	} else {
		rc = di_fit_ols_resid(&se->fit, ws, se->est_x, se->est_y, se->n_est, (int)kx,
				      se->est_resid);
		if (rc)
			return rc;
	}
	return secev_fitted(run, se, rw);
}

void di_secev_fit_pair(const di_run *run, di_secev *a, di_secev *b, di_fit_ws *ws,
		       di_rank_ws *rw, int rc[2])
{
	if (run->study->model != DI_MODEL_MARKET_ADJUSTED && run->kx == 2 &&
	    a->n_est == b->n_est &&
	    di_fit_pair_resid(&a->fit, &b->fit, ws, a->est_x, a->est_y, b->est_x, b->est_y,
			      a->n_est, a->est_resid, b->est_resid) == 0) {
		rc[0] = secev_fitted(run, a, rw);
		rc[1] = secev_fitted(run, b, rw);
		return;
	}
	rc[0] = di_secev_fit(run, a, ws, rw);
	rc[1] = di_secev_fit(run, b, ws, rw);
}

/* The CAR windows: an AR on every day, else empty (pinned detail 5). */
static void secev_cars(const di_run *run, di_secev *se)
{
	const di_study *s = run->study;
	size_t kx = (size_t)run->kx, kk = kx ? kx : 1;
	for (size_t c = 0; c < s->ncar; c++) {
		size_t a = (size_t)(s->car[c].from - s->win.from);
		size_t b = (size_t)(s->car[c].to - s->win.from);
		size_t L = b - a + 1;
		double car = 0, g[DI_MAX_K] = {0}, var, pr = 1, pn = 1, sr = 0, sn = 0;
		int full = 1;
		for (size_t w = a; w <= b; w++) {
			if (isnan(se->ar[w])) {
				full = 0;
				break;
			}
			car += se->ar[w];
			for (size_t j = 0; j < kx; j++)
				g[j] += se->x[w * kk + j];
			pr *= 1 + se->r[w];
			pn *= 1 + se->normal[w];
			sr += se->r[w];
			sn += se->normal[w];
		}
		if (!full) {
			se->car[c] = se->car_sd[c] = se->scar[c] = se->bhar[c] = NAN;
			continue;
		}
		var = s->model == DI_MODEL_MARKET_ADJUSTED ? (double)L * se->fit.s2
							   : di_fit_car_var(&se->fit, g, L);
		se->car[c] = car;
		se->car_sd[c] = sqrt(var);
		se->scar[c] = var > 0 ? car / se->car_sd[c] : NAN;
		se->bhar[c] = s->log_returns ? exp(sr) - exp(sn) : pr - pn;
	}
}

/* u[j] = rank[j] / (T + 1) - 1/2: through restrict pointers, which the
 * compiler vectorizes (two divisions at a time) */
static void corrado_u(const double *restrict rank, size_t T, double *restrict u)
{
	for (size_t j = 0; j < T; j++)
		u[j] = rank[j] / ((double)T + 1.0) - 0.5;
}

/* Corrado's U of each AR over the estimation sample and the event window
 * (each relative day once), in that order. */
static int secev_ranks(const di_run *run, di_secev *se, di_rank_ws *rw)
{
	size_t nw = (size_t)run->nw, T = 0;
	double *rank;
	for (size_t j = 0; j < se->n_est; j++)
		se->rank_u[T++] = se->est_resid[j];
	for (size_t w = 0; w < nw; w++)
		if (!isnan(se->ar[w]))
			se->rank_u[T++] = se->ar[w];
	/* the estimation residuals are nearly in the order of their SARs,
	 * sorted by secev_gsar for this fit: ranking from that order saves
	 * a sort per security-event and placebo trial */
	rank = di_rank_ws_vals(rw, T);
	if (!rank || di_rank_hint_ws(rw, se->rank_u, T, se->gsar_order, se->n_est, rank))
		return DI_ENOMEM;
	corrado_u(rank, T, se->rank_u);
	se->nrank = T;
	return 0;
}

int di_secev_window(const di_run *run, di_secev *se, double inject, di_rank_ws *rw)
{
	const di_study *s = run->study;
	const di_returns *ret = se->ret;
	size_t kx = (size_t)run->kx, kk = kx ? kx : 1, nw = (size_t)run->nw;
	double xbuf[DI_MAX_K];
	for (size_t w = 0; w < nw; w++) {
		long i = se->day0 + s->win.from + (long)w;
		se->date[w] = i >= 0 && i < (long)ret->n ? ret->date[i] : DI_NO_DATE;
		se->r[w] = se->m[w] = se->normal[w] = se->ar[w] = se->sar[w] = NAN;
		if (i < 1 || i >= (long)ret->n)
			continue;
		se->r[w] = di_ret_at(ret, (size_t)i) + (s->win.from + (long)w == 0 ? inject : 0.0);
		se->m[w] = run->nreg ? ret->x[i] : NAN;
		if (s->model == DI_MODEL_MARKET_ADJUSTED) {
			if (isnan(ret->x[i]))
				continue;
			se->normal[w] = ret->x[i];
			se->x[w] = ret->x[i];
			se->ar[w] = se->r[w] - se->normal[w];
			se->sar[w] = se->fit.s2 > 0 ? se->ar[w] / sqrt(se->fit.s2) : NAN;
			continue;
		}
		if (run_regressors(run, ret, (size_t)i, xbuf))
			continue;
		memcpy(se->x + w * kk, xbuf, kx * sizeof(double));
		se->normal[w] = di_fit_predict(&se->fit, xbuf);
		se->ar[w] = se->r[w] - se->normal[w];
		/* s = 0 (a perfect fit) leaves SAR undefined, not infinite */
		se->sar[w] = se->fit.s2 > 0
				     ? se->ar[w] / sqrt(se->fit.s2 *
							(se->fit.k == 2 ? 1.0 + di_fit_quad2(se->fit.xtx_inv,
											   xbuf[0], xbuf[1])
									: di_fit_pe_factor(&se->fit, xbuf)))
				     : NAN;
	}
	secev_cars(run, se);
	/* a control is in no block: no test ranks its ARs */
	return di_secev_is_control(run, se) ? 0 : secev_ranks(run, se, rw);
}

/* The treated tickers with a day 0 for each event, ascending: event e's
 * are t[at[e] .. at[e + 1]). An overlap needs a day 0 in both events, so
 * only these are compared: the events of a large study each hold a few
 * of its thousands of securities. */
typedef struct day0_lists {
	size_t *at, *t;
} day0_lists;

static int day0_lists_new(const di_run *run, const long *d0, day0_lists *l)
{
	size_t ne = run->events->n, nt = run->ntickers, m = 0;
	l->at = di_reallocarray(NULL, ne + 1, sizeof(size_t));
	l->t = di_reallocarray(NULL, ne && run->ntreated ? ne * run->ntreated : 1, sizeof(size_t));
	if (!l->at || !l->t)
		return di_error_oom();
	for (size_t e = 0; e < ne; e++) {
		l->at[e] = m;
		for (size_t t = 0; t < run->ntreated; t++)
			if (d0[e * nt + t] >= 0)
				l->t[m++] = t;
	}
	l->at[ne] = m;
	return 0;
}

/* The securities with a day 0 in both events a and b whose event window
 * of a meets b's estimation window (est) or event window (!est): counted
 * over a's list, each looked up in b's row of d0; with first_only, 0 or 1. */
static size_t overlap_hits(const di_run *run, const long *d0, const day0_lists *l, size_t a,
			   size_t b, int est, int first_only)
{
	const di_study *s = run->study;
	size_t nt = run->ntickers, hits = 0;
	for (size_t k = l->at[a]; k < l->at[a + 1]; k++) {
		size_t t = l->t[k];
		long za = d0[a * nt + t], zb = d0[b * nt + t];
		long from = est ? s->est.from : s->win.from, to = est ? s->est.to : s->win.to;
		hits += zb >= 0 && za + s->win.from <= zb + to && zb + from <= za + s->win.to;
		if (hits && first_only)
			break;
	}
	return hits;
}

static int note_est_overlaps(di_run *run, const long *d0, const day0_lists *l)
{
	const di_study *s = run->study;
	size_t ne = run->events->n;
	char list[768];
	int rc;
	for (size_t b = 0; b < ne; b++) {
		size_t hits = 0;
		list[0] = '\0';
		for (size_t a = 0; a < ne; a++) {
			if (a == b || !run->event_kept[a] || !run->event_kept[b] ||
			    !overlap_hits(run, d0, l, a, b, 1, 1))
				continue;
			hits++;
			if (strlen(list) + strlen(run->events->e[a].id) + 3 < sizeof(list)) {
				if (list[0])
					strcat(list, ", ");
				strcat(list, run->events->e[a].id);
			}
		}
		if (!hits)
			continue;
		rc = s->clean_estimation
			     ? di_notes_add(&run->notes,
					   "overlap: the estimation window of %s holds the event windows of "
					   "%s; --clean-estimation dropped those days from it",
					   run->events->e[b].id, list)
			     : di_notes_add(&run->notes,
					   "overlap: the estimation window of %s holds the event windows of "
					   "%s, whose abnormal returns then shape its normal-return model "
					   "(--clean-estimation drops them)",
					   run->events->e[b].id, list);
		if (rc)
			return rc;
	}
	return 0;
}

static int note_win_overlaps(di_run *run, const long *d0, const day0_lists *l)
{
	size_t ne = run->events->n;
	char cnt[32];
	int rc;
	for (size_t a = 0; a < ne; a++)
		for (size_t b = a + 1; b < ne; b++) {
			size_t hits;
			if (!run->event_kept[a] || !run->event_kept[b])
				continue;
			hits = overlap_hits(run, d0, l, a, b, 0, 0);
			if (hits && (rc = di_notes_add(&run->notes,
						      "overlap: the event windows of %s and %s overlap for %s, "
						      "so their CARs share days",
						      run->events->e[a].id, run->events->e[b].id,
						      di_txt_count(hits, "security", "securities", cnt,
								   sizeof(cnt)))))
				return rc;
		}
	return 0;
}

/* Warn where one event's window overlaps another's estimation or event
 * window for the same security: one note per event whose estimation
 * window holds other events' windows, one per pair of overlapping event
 * windows. */
static int note_overlaps(di_run *run, const long *d0)
{
	day0_lists l = {NULL, NULL};
	int rc = day0_lists_new(run, d0, &l);
	if (!rc)
		rc = note_est_overlaps(run, d0, &l);
	if (!rc)
		rc = note_win_overlaps(run, d0, &l);
	di_free(l.at);
	di_free(l.t);
	return rc;
}

/* Security t has no day 0 for event ev: exclude it, naming the next date
 * it trades on. */
static int exclude_no_day0(di_run *run, const di_event *ev, size_t t)
{
	const di_returns *r = &run->rets[t];
	long nx = di_dates_on_or_after(r->date, r->n, ev->date);
	char detail[160], d1[11], d2[11];
	di_date_format(ev->date, d1);
	if (nx < (long)r->n) {
		di_date_format(r->date[nx], d2);
		snprintf(detail, sizeof(detail),
			 "no trading day within %d days on or after %s (next: %s)", DI_DAY0_MAX_DAYS,
			 d1, d2);
	} else {
		snprintf(detail, sizeof(detail),
			 "no trading day within %d days on or after %s (the data end before)",
			 DI_DAY0_MAX_DAYS, d1);
	}
	return exclude_secev(run, ev->id, t, "no-trading-day", detail);
}

/* How the fit of a real security-event ended (fit_task). */
enum { FIT_KEPT, FIT_SHORT, FIT_SINGULAR };

/* The real security-events are fitted on the --jobs threads, each into
 * its own slot se[k] with its outcome in how[k], k in (event, ticker)
 * order; event_secevs then takes them in that same order (next), keeping
 * or excluding each, so nothing depends on the threads (an error is that
 * of the first failing one). Only the security-events with a day 0 have a
 * slot: W2 has 100 x 5,000 (event, ticker) pairs and 5,000 of them. The
 * slots are run->se itself: a kept one moves down to run->se[run->nse]
 * (k >= run->nse), in place when nothing before it was excluded, so the
 * fitted security-events (about 3 KB each, with their fit) are not
 * written twice. */
typedef struct fitted {
	di_secev *se; /* run->se */
	unsigned char *how; /* FIT_* */
	size_t n, next;
} fitted;

typedef struct fit_worker {
	const di_run *run;
	fitted *f;
	di_fit_ws *ws;
	di_rank_ws rw;
	double *est_y, *est_x; /* the rows of the one being fitted */
} fit_worker;

/* One security-event: its estimation sample, fit, window and CARs, or
 * the reason it is excluded in how[]. */
static int fit_stages(fit_worker *w, di_secev *se, size_t k)
{
	const di_run *run = w->run;
	int rc;
	di_secev_est_sample(run, se, se->event);
	if (se->n_est < (size_t)run->study->min_est) {
		w->f->how[k] = FIT_SHORT;
		return 0;
	}
	rc = di_secev_fit(run, se, w->ws, &w->rw);
	if (rc == 1) {
		w->f->how[k] = FIT_SINGULAR;
		return 0;
	}
	return rc ? rc : di_secev_window(run, se, 0.0, &w->rw);
}

/* The rows the fit reads are the worker's, lent for the fit only: what
 * comes after reads them back from the calendar (di_secev_est_row). */
static int fit_task(void *worker, size_t k)
{
	fit_worker *w = worker;
	di_secev *se = &w->f->se[k];
	int rc;
	if ((rc = secev_alloc(se, w->run, 0)))
		return rc;
	se->est_y = w->est_y;
	se->est_x = w->est_x;
	rc = fit_stages(w, se, k);
	se->est_y = se->est_x = NULL;
	return rc;
}

/* The next fitted security-event, (e, t), kept (moved to run->se[run->nse])
 * or excluded with its reason. Returns 0 (kept: run->nse counts it), 1
 * (excluded, said so), or a negative di_code. */
static int add_secev(di_run *run, size_t e, size_t t, fitted *f)
{
	size_t k = f->next++;
	di_secev *se = &f->se[k];
	char detail[512];
	int rc;
	if (f->how[k] == FIT_KEPT) {
		if (se != &run->se[run->nse]) {
			run->se[run->nse] = *se;
			memset(se, 0, sizeof(*se));
		}
		run->nse++;
		return 0;
	}
	if (f->how[k] == FIT_SHORT)
		snprintf(detail, sizeof(detail), "%zu usable estimation returns, %d required",
			 se->n_est, run->study->min_est);
	else
		snprintf(detail, sizeof(detail),
			 "the regressors of %s for event %s are collinear or constant over the "
			 "estimation window (smallest singular value below %g of the largest)",
			 se->ret->s->ticker, run->events->e[e].id, DI_SINGULAR_RATIO);
	di_secev_dispose(se);
	rc = exclude_secev(run, run->events->e[e].id, t,
			   f->how[k] == FIT_SHORT ? "short-estimation" : "singular-design", detail);
	return rc ? rc : 1;
}

/* Fit every (event, ticker) with a day 0 (and an FX series) into f. */
static int fit_secevs(di_run *run, const long *d0, fitted *f)
{
	size_t nslot = run->events->n * run->ntickers, nt = run->ntickers;
	size_t nw, nest, kk = run->kx ? (size_t)run->kx : 1;
	fit_worker w[DI_POOL_MAX_THREADS];
	int rc = 0;
	for (size_t k = 0; k < nslot; k++)
		f->n += d0[k] >= 0 && !(run->nofx && run->nofx[k % nt]);
	f->se = run->se; /* f->n <= nslot slots */
	f->how = di_calloc(f->n ? f->n : 1, 1);
	if (!f->how)
		return di_error_oom();
	for (size_t k = 0, i = 0; k < nslot; k++)
		if (d0[k] >= 0 && !(run->nofx && run->nofx[k % nt])) {
			f->se[i].event = k / nt;
			f->se[i].ticker = k % nt;
			f->se[i].ret = &run->rets[k % nt];
			f->se[i++].day0 = d0[k];
		}
	nest = di_window_days(run->study->est);
	nw = di_pool_workers(di_study_jobs(run->study), f->n);
	memset(w, 0, sizeof(w));
	for (size_t i = 0; i < nw && !rc; i++) {
		w[i] = (fit_worker){.run = run, .f = f};
		w[i].est_y = di_reallocarray(NULL, nest, sizeof(double));
		w[i].est_x = di_reallocarray(NULL, nest * kk, sizeof(double));
		if (!w[i].est_y || !w[i].est_x)
			rc = di_error_oom();
		if (!rc && run->kx > 0)
			rc = di_fit_ws_new(&w[i].ws, nest, run->kx);
	}
	/* no thread for one worker: the OOM test counts allocations */
	for (size_t k = 0; !rc && nw == 1 && k < f->n; k++)
		rc = fit_task(&w[0], k);
	if (!rc && nw > 1)
		rc = di_pool_run(f->n, nw, w, sizeof(w[0]), fit_task, NULL, NULL);
	for (size_t i = 0; i < nw; i++) {
		di_fit_ws_free(w[i].ws);
		di_rank_ws_free(&w[i].rw);
		di_free(w[i].est_y);
		di_free(w[i].est_x);
	}
	return rc;
}

/* Every security-event of event e; an event with no treated security left
 * is dropped, its controls with it. d0 loses the excluded day 0s. */
static int event_secevs(di_run *run, size_t e, long *d0, fitted *f)
{
	const di_event *ev = &run->events->e[e];
	size_t nt = run->ntickers, kept = 0, first = run->nse;
	int rc;
	for (size_t t = 0; t < nt; t++) {
		long z = d0[e * nt + t];
		if (z == -2)
			continue;
		if (run->nofx && run->nofx[t]) {
			/* no FX series converts it: excluded before any day 0 */
			d0[e * nt + t] = -1;
			if ((rc = exclude_secev(run, ev->id, t, "no-fx", run->nofx[t])))
				return rc;
			continue;
		}
		rc = z < 0 ? exclude_no_day0(run, ev, t) : add_secev(run, e, t, f);
		if (rc < 0)
			return rc;
		if (rc == 1)
			d0[e * nt + t] = -1;
		else if (z >= 0)
			kept += t < run->ntreated;
	}
	if (kept) {
		run->event_kept[e] = 1;
		return 0;
	}
	/* a dropped event keeps no control security-event either */
	while (run->nse > first)
		di_secev_dispose(&run->se[--run->nse]);
	return add_exclusion(run, ev->id, "", "no-securities",
			     run->ntreated < nt ? "every treated security was excluded from this event"
						: "every security was excluded from this event");
}

/* compute_secevs of a trimmed run (keep.h): a window past the closes
 * kept; the run is made again with all of them. */
#define RUN_TRIM_SHORT 1

static int compute_secevs(di_run *run)
{
	size_t ne = run->events->n, nt = run->ntickers;
	fitted f = {0};
	long *d0 = NULL;
	int rc = 0;

	run->nw = run->study->win.to - run->study->win.from + 1;
	run->event_kept = di_calloc(ne, 1);
	run->se = di_calloc(ne && nt ? ne * nt : 1, sizeof(*run->se));
	if (!run->event_kept || !run->se)
		return di_error_oom();
	if ((rc = compute_day0s(run, &d0)))
		goto done;
	if (run->trim && !di_keep_covers(run, d0)) {
		rc = RUN_TRIM_SHORT;
		goto done;
	}
	/* every day 0, also of the security-events excluded below */
	run->d0_all = di_reallocarray(NULL, ne && nt ? ne * nt : 1, sizeof(long));
	if (!run->d0_all) {
		rc = di_error_oom();
		goto done;
	}
	memcpy(run->d0_all, d0, ne * nt * sizeof(long));
	if ((rc = fit_secevs(run, d0, &f)))
		goto done;
	for (size_t e = 0; e < ne; e++)
		if ((rc = event_secevs(run, e, d0, &f)))
			goto done;
	if (!memchr(run->event_kept, 1, ne)) {
		rc = di_error_set(DI_EDATA, "no event left: every security was excluded from every event "
					    "(see the warnings)");
		goto done;
	}
	rc = note_overlaps(run, d0);
done:
	/* the slots past the kept: moved, disposed, or (after an error)
	 * fitted and not yet taken */
	for (size_t k = run->nse; f.se && k < f.n; k++)
		di_secev_dispose(&f.se[k]);
	di_free(f.how);
	di_free(d0);
	return rc;
}

/* One task of build_calendars: ticker t's calendar, into its own slot,
 * its returns written over its closes when take[t] (early_takes). */
typedef struct cal_worker {
	di_run *run;
	size_t ncal;
	const unsigned char *take;
} cal_worker;

static int cmp_series_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const di_series *const *)a;
	uintptr_t y = (uintptr_t) * (const di_series *const *)b;
	return (x > y) - (x < y);
}

/* Which tickers' calendars may take their closes' column for their
 * returns, into *out (NULL: none): in a run's own prices, a series that
 * no other calendar reads, neither a regressor nor a security's own
 * market. Nothing reads a close after the calendars (run_new drops the
 * rest), so the prices and the returns need not exist in full at once:
 * W2's peak was both, 2 x 200 MB. Borrowed prices are the caller's. */
static int early_takes(const di_run *run, unsigned char **out)
{
	const di_series **read;
	size_t n = 0;
	*out = NULL;
	if (!run->own_prices || !run->ntickers)
		return 0;
	read = di_reallocarray(NULL, run->nreg + run->ntickers, sizeof(*read));
	*out = di_calloc(run->ntickers, 1);
	if (!read || !*out) {
		di_free(read);
		di_free(*out);
		*out = NULL;
		return di_error_oom();
	}
	for (size_t q = 0; q < run->nreg; q++)
		read[n++] = run->reg[q];
	for (size_t t = 0; run->tmkt && t < run->ntickers; t++)
		if (run->tmkt[t])
			read[n++] = run->tmkt[t];
	qsort(read, n, sizeof(*read), cmp_series_ptr);
	for (size_t t = 0; t < run->ntickers; t++)
		(*out)[t] = !bsearch(&run->tickers[t], read, n, sizeof(*read), cmp_series_ptr);
	di_free(read);
	return 0;
}

static int calendar_task(void *worker, size_t t)
{
	const cal_worker *w = worker;
	di_run *run = w->run;
	di_returns *r = &run->rets[t];
	const di_returns *m = &run->mref;
	const di_series *reg[1 + DI_MAX_FACTORS];
	int rc;
	const di_series *s = run->tickers[t];
	int own_market = run->tmkt && run->tmkt[t];
	/* a security with a close on exactly the market calendar's dates:
	 * that calendar, its regressor returns shared (most of a wide file) */
	if (!own_market && m->n && m->x && s->n == m->n &&
	    !memcmp(s->date, m->date, m->n * sizeof(di_date))) {
		/* the series is the run's own (early_takes): not const in fact */
		di_series *own = w->take && w->take[t] ? (di_series *)s : NULL;
		rc = di_calendar_build_like(r, s, m, run->study->log_returns,
					    own ? own->price : NULL);
		if (!rc && own)
			own->price = NULL; /* the calendar's returns now */
		return rc;
	}
	memcpy(reg, run->reg, run->nreg * sizeof(*reg));
	if (own_market)
		reg[0] = run->tmkt[t]; /* its own market (securities file) */
	rc = di_calendar_build(r, s, reg, w->ncal, reg, run->nreg, run->study->log_returns);
	/* the regressors' returns of a security trading on every market
	 * date are the market calendar's, value for value (a wide file of
	 * thousands of securities): one copy, read only */
	if (!rc && m->x && r->n == m->n && r->nx == m->nx && r->n &&
	    !memcmp(r->x, m->x, r->n * r->nx * sizeof(double))) {
		di_free(r->x);
		r->x = m->x;
		r->x_shared = 1;
	}
	return rc;
}

/* Each ticker's model calendar (pinned detail 2): its own dates, and the
 * market's and the factors' unless the model is `mean`, whose market only
 * fills the market_return column (over the same spans, where it has both
 * closes). The tickers are independent: they are built on the --jobs
 * threads, each into its own slot, so the result does not depend on them
 * (an error is that of the first failing ticker, as on one thread). */
static int build_calendars(di_run *run)
{
	size_t nw = di_pool_workers(di_study_jobs(run->study), run->ntickers);
	cal_worker w[DI_POOL_MAX_THREADS];
	unsigned char *take;
	int rc;
	run->rets = di_calloc(run->ntickers, sizeof(*run->rets));
	if (!run->rets)
		return di_error_oom();
	/* only out of memory stops here: a market return that is not a
	 * number is reported by the ticker whose calendar holds it */
	if (run->nreg && (rc = di_calendar_build(&run->mref, run->reg[0], run->reg,
						 run->study->model == DI_MODEL_MEAN ? 0 : run->nreg,
						 run->reg, run->nreg, run->study->log_returns)) &&
	    rc == DI_ENOMEM)
		return rc;
	if ((rc = early_takes(run, &take)))
		return rc;
	for (size_t i = 0; i < nw; i++) {
		w[i].run = run;
		w[i].ncal = run->study->model == DI_MODEL_MEAN ? 0 : run->nreg;
		w[i].take = take;
	}
	if (nw == 1) { /* no thread for one worker: the OOM test counts allocations */
		for (size_t t = 0; t < run->ntickers && !rc; t++)
			rc = calendar_task(&w[0], t);
	} else {
		rc = di_pool_run(run->ntickers, nw, w, sizeof(w[0]), calendar_task, NULL, NULL);
	}
	di_free(take);
	return rc;
}

/* The market-gap warning: one note with the count and the first dates;
 * the summary lists them all. */
static int note_market_gaps(di_run *run)
{
	char list[160] = "", d[11];
	int rc;
	if (!run->study->market || !run->nreg)
		return 0;
	if ((rc = di_calendar_market_gaps(run->reg[0], run->tickers, run->ntickers, &run->mgap,
					  &run->nmgap)))
		return rc;
	if (!run->nmgap)
		return 0;
	for (size_t i = 0; i < run->nmgap && i < 5; i++) {
		di_date_format(run->mgap[i], d);
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", d);
	}
	return di_notes_add(&run->notes,
			    "market gaps: %s has no close on %zu dates on which at least half of the "
			    "securities trade (%s%s); the model calendars skip them, the next return "
			    "spans them (see the summary)",
			    run->reg[0]->ticker, run->nmgap, list, run->nmgap > 5 ? ", ..." : "");
}

size_t di_run_inputs(const di_run *run, di_manifest_input *in)
{
	const di_study *s = run->study;
	di_manifest_files files = {NULL, run->prices, s->mem_events ? NULL : run->events->file,
				   run->own_secinfo ? run->own_secinfo->file : NULL};
	return di_manifest_inputs(in, s, &files);
}

/* Hash the input files for manifest.txt on a thread of its own while the
 * run computes (with --jobs 1, when the manifest is written): hashed at
 * the end, a 200 MB price file came after everything else. */
static int start_digests(di_run *run)
{
	size_t n;
	di_manifest_input *in = di_calloc(DI_MANIFEST_MAX_INPUTS(run->prices), sizeof(*in));
	const char **paths = di_calloc(DI_MANIFEST_MAX_INPUTS(run->prices), sizeof(*paths));
	int rc;
	if (!in || !paths) {
		rc = di_error_oom();
		goto out;
	}
	n = di_run_inputs(run, in);
	for (size_t i = 0; i < n; i++)
		paths[i] = in[i].path;
	rc = di_digests_start(&run->digests, paths, n, di_study_jobs(run->study) > 1);
out:
	di_free(in);
	di_free(paths);
	return rc;
}


/* A run's warnings held back (run_trimmed), in order. */
typedef struct held_warnings {
	di_notes held;
	int lost; /* one could not be held */
} held_warnings;

static void hold_warning(const char *message, void *payload)
{
	held_warnings *h = payload;
	h->lost |= di_notes_add(&h->held, "%s", message) != 0;
}

static int run_make(di_run **out, const di_study *study, di_warning_fn warn_fn,
		    void *warn_payload, int trim)
{
	di_run *run;
	int rc;
	*out = NULL;
	run = di_calloc(1, sizeof(*run));
	if (!run)
		return di_error_oom();
	run->study = study;
	run->trim = trim;
	run->notes.warn_fn = warn_fn;
	run->notes.warn_payload = warn_payload;
	if ((rc = load_inputs(run)) || (rc = resolve_series(run)) || (rc = check_events(run)) ||
	    (rc = start_digests(run)))
		goto fail;
	/* the headlines read the placebo p-values: they come after them */
	if ((rc = build_calendars(run)))
		goto fail;
	/* nothing reads a price after the calendars: the run's own columns
	 * that build_calendars has not taken for returns go too (the
	 * regressors', and those of securities on calendars of their own);
	 * borrowed prices are the caller's */
	if (run->own_prices)
		di_prices_drop_closes(run->own_prices);
	if ((rc = note_market_gaps(run)) ||
	    (rc = compute_secevs(run)) || (rc = di_blocks_compute(run)) ||
	    (rc = di_placebo_compute(run)) || (rc = di_headlines_compute(run)) ||
	    (rc = di_derived_compute(run)))
		goto fail;
	*out = run;
	return 0;
fail:
	di_run_free(run);
	return rc;
}

/* The run with the closes around its events only (keep.h), its warnings
 * held back: 0, with them then given to the study's handler in the order
 * made (when warn), or nonzero when this run cannot stand for the full
 * one (a window past the closes kept, or any failure: the full run then
 * says what is wrong, as it would have alone). */
static int run_trimmed(di_run **out, const di_study *study, int warn)
{
	held_warnings h = {{0}, 0};
	int rc = run_make(out, study, hold_warning, &h, 1);
	if (rc == 0 && h.lost) {
		di_run_free(*out);
		*out = NULL;
		rc = DI_ENOMEM;
	}
	if (rc == 0) {
		for (size_t i = 0; warn && study->warn_fn && i < h.held.n; i++)
			study->warn_fn(h.held.v[i], study->warn_payload);
		(*out)->notes.warn_fn = warn ? study->warn_fn : NULL;
		(*out)->notes.warn_payload = warn ? study->warn_payload : NULL;
	}
	h.held.warn_fn = NULL;
	di_notes_dispose(&h.held);
	return rc;
}

static int run_new(di_run **out, const di_study *study, int warn)
{
	*out = NULL;
	if (!study->finished || study->cmd == DI_CMD_MOVES)
		return di_error_set(DI_EINTERNAL, "di_run_new: the study is not a finished run study");
	if (di_keep_eligible(study) && run_trimmed(out, study, warn) == 0)
		return 0;
	return run_make(out, study, warn ? study->warn_fn : NULL,
			warn ? study->warn_payload : NULL, 0);
}

int di_run_new(di_run **out, const di_study *study)
{
	return run_new(out, study, 1);
}

int di_run_new_silent(di_run **out, const di_study *study)
{
	return run_new(out, study, 0);
}

void di_run_free(di_run *run)
{
	if (!run)
		return;
	di_digests_free(run->digests);
	di_derived_free(run);
	di_blocks_free(run);
	for (size_t i = 0; i < run->nse; i++)
		di_secev_dispose(&run->se[i]);
	di_free(run->d0_all);
	di_free(run->plc_ncand);
	di_free(run->plc_ntrials);
	di_free(run->se);
	if (run->rets)
		for (size_t t = 0; t < run->ntickers; t++)
			di_returns_dispose(&run->rets[t]);
	di_free(run->rets);
	for (size_t t = 0; run->nofx && t < run->ntickers; t++)
		di_free(run->nofx[t]);
	di_free(run->nofx);
	di_fx_dispose(&run->fx);
	di_returns_dispose(&run->mref);
	di_free(run->mgap);
	for (size_t i = 0; i < run->nexc; i++) {
		di_free(run->exc[i].event_id);
		di_free(run->exc[i].ticker);
		di_free(run->exc[i].detail);
	}
	di_free(run->exc);
	di_notes_dispose(&run->notes);
	di_free(run->event_kept);
	di_free(run->tickers);
	di_free(run->tmkt);
	di_free(run->tclose);
	di_free(run->tclose_min);
	di_tzset_dispose(&run->tzs);
	di_securities_free(run->own_secinfo);
	di_events_free(run->own_events);
	di_prices_free(run->own_prices);
	di_free(run);
}
