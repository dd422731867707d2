/*
 * result_view_text.c - the parts of the writers' view (result_view.h)
 * that summary.txt reads: each block's tests table in the order shown,
 * with every mark and note decided here (signif.c's rules), the day-0
 * move, the treated-vs-control lines, and the run's lists (securities,
 * exclusions, warnings, placebo candidates, market gaps, currencies).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "fx.h"
#include "result_view.h"
#include "run.h"
#include "signif.h"

/* Order in which tests are shown: in a clustered block the robust ones
 * first (bw_cda_t, the _kp tests, portfolio_t, then the others in table
 * order), then those not robust to a shared day 0, then those that
 * over-reject. */
static void test_order(int clustered, int *order)
{
	static const int lead[] = {DI_T_BW_CDA, DI_T_PATELL_KP, DI_T_BMP_KP, DI_T_PORTFOLIO};
	const size_t nlead = sizeof(lead) / sizeof(lead[0]);
	int k = 0;
	if (!clustered) {
		for (int t = 0; t < DI_NTESTS; t++)
			order[t] = t;
		return;
	}
	for (size_t i = 0; i < nlead; i++)
		order[k++] = lead[i];
	for (int risk = DI_ROBUST; risk <= DI_OVER_REJECTS_SHARED_DAY0; risk++)
		for (int t = 0; t < DI_NTESTS; t++) {
			int is_lead = 0;
			for (size_t i = 0; i < nlead; i++)
				is_lead |= lead[i] == t;
			if (!is_lead && di_test_shared_day0_risk(t) == risk)
				order[k++] = t;
		}
}

/* When the p in use cannot reach 5% whatever the data: an exact test at
 * this N (exact_floor, NAN for the others), or a placebo p from too few
 * placebo dates. The exact floor holds for the placebo p of such a
 * symmetric test too (sign_z, wilcoxon_z): its most extreme value has at
 * least that probability under any symmetric null (all N signs alike:
 * 2/2^N), so the placebo dates reach it at least as often and its placebo
 * p stays near or above the floor. */
static void reach(di_rv_test *r, double exact_floor)
{
	r->reach = DI_REACH_OK;
	r->floor = NAN;
	if (exact_floor >= DI_SIG_LEVEL) {
		r->reach = DI_REACH_EXACT;
		r->floor = exact_floor;
	} else if (r->kind == DI_P_PLACEBO && di_placebo_min_p(r->n_placebo) >= DI_SIG_LEVEL) {
		r->reach = DI_REACH_PLACEBO;
		r->floor = di_placebo_min_p(r->n_placebo);
	}
}

/* Test t of block b over test window k. exact: use the exact floor of
 * the test (the tests table) rather than the placebo floor alone. */
static void test_row(const di_block *b, size_t k, int t, int exact, di_rv_test *r)
{
	const di_test_value *v = &b->tests[k * DI_NTESTS + (size_t)t];
	double floor = NAN;
	r->name = di_test_names[t];
	r->estimate = v->estimate;
	r->stat = v->s.stat;
	r->df = v->s.df;
	r->p_nominal = v->s.p;
	r->p_placebo = v->p_placebo;
	r->n = v->n;
	r->n_placebo = v->n_placebo;
	r->p = di_test_p(v, &r->kind);
	r->star = di_test_star(b, t, v);
	r->withheld = di_sig(r->p) && !r->star;
	r->risk = b->clustered ? di_test_shared_day0_risk(t) : DI_ROBUST;
	/* gen_sign_z's floor is that of a skewed binomial (p-hat, not 1/2):
	 * its extreme has no 2/2^N floor, so its placebo p may go below it */
	if (exact && !(t == DI_T_GEN_SIGN && r->kind == DI_P_PLACEBO))
		floor = b->min_p[k * DI_NTESTS + (size_t)t];
	reach(r, floor);
}

/* The tests table of the headline window, dcaar_t apart (its own section). */
static int tests_table(const di_run *run, const di_block *b, di_rv_block *rb)
{
	int order[DI_NTESTS];
	const size_t k = run->head_tw;
	rb->tests = di_calloc(DI_NTESTS, sizeof(*rb->tests));
	if (!rb->tests)
		return di_error_oom();
	test_order(b->clustered, order);
	for (int i = 0; i < DI_NTESTS; i++)
		if (order[i] != DI_T_DCAAR)
			test_row(b, k, order[i], 1, &rb->tests[rb->ntests++]);
	test_row(b, k, b->lead, 0, &rb->lead);
	test_row(b, k, DI_T_BW_CDA, 0, &rb->bw);
	test_row(b, k, DI_T_PORTFOLIO, 0, &rb->portfolio);
	rb->rbar = b->tests[k * DI_NTESTS].rbar;
	rb->rbar_n = b->tests[k * DI_NTESTS].n;
	return 0;
}

/* The day-0 move of the block and the lead test's p on day 0. */
static void day0(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const di_test_value *v;
	rb->has_day0 = run->day0_tw >= 0 && b->day0_n;
	rb->day0_n = b->day0_n;
	rb->day0_date = b->day0_date;
	rb->day0_r = b->day0_r;
	rb->day0_m = b->day0_m;
	rb->day0_aar = b->day0_aar;
	if (!rb->has_day0)
		return;
	v = &b->tests[(size_t)run->day0_tw * DI_NTESTS + (size_t)b->lead];
	rb->day0_p_placebo = v->n_placebo ? v->p_placebo : NAN;
	rb->day0_n_placebo = v->n_placebo;
	rb->day0_p_nominal = v->s.p;
	rb->day0_placebo_sig = di_sig(rb->day0_p_placebo);
}

/* The members' common group ("" when they differ or have none). */
static const char *common_group(const di_run *run, const di_block *b)
{
	const char *group = NULL;
	for (size_t i = 0; i < b->n; i++) {
		const char *t = run->tickers[run->se[b->se[i]].ticker]->ticker;
		const di_security_info *si = run->secinfo ? di_securities_find(run->secinfo, t) : NULL;
		const char *g = si ? si->group : "";
		group = !group || !strcmp(group, g) ? g : "";
	}
	return group ? group : "";
}

/* The CAAR row of the CAR table: per CAR window, the lead test's estimate
 * and star over that window (NAN and none when it is no test window). */
static int caar_row(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const di_study *s = run->study;
	rb->caar_car = di_calloc(s->ncar + 1, sizeof(double));
	rb->caar_star = di_calloc(s->ncar + 1, 1);
	if (!rb->caar_car || !rb->caar_star)
		return di_error_oom();
	for (size_t c = 0; c < s->ncar; c++) {
		const di_test_value *v = NULL;
		for (size_t kk = 0; kk < run->ntw; kk++)
			if (run->tw[kk].from == s->car[c].from && run->tw[kk].to == s->car[c].to)
				v = &b->tests[kk * DI_NTESTS + (size_t)b->lead];
		rb->caar_car[c] = v ? v->estimate : NAN;
		rb->caar_star[c] = v && di_test_star(b, b->lead, v);
	}
	return 0;
}

/* The relative days of the headline window (and day 0) on which the
 * members' dates differ. */
static int differing_days(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const di_test_window *w = &run->tw[run->head_tw];
	int from = w->from < 0 ? w->from : 0;
	rb->diff_days = di_calloc((size_t)run->nw + 1, sizeof(size_t));
	if (!rb->diff_days)
		return di_error_oom();
	for (int t = from; t <= w->to; t++) {
		size_t k = (size_t)(t - run->study->win.from), first = SIZE_MAX;
		int differ = 0;
		for (size_t i = 0; i < b->n; i++) {
			di_date d = run->se[b->se[i]].date[k];
			if (d == DI_NO_DATE)
				continue;
			if (first == SIZE_MAX)
				first = i;
			differ |= d != run->se[b->se[first]].date[k];
		}
		if (differ)
			rb->diff_days[rb->ndiff++] = k;
	}
	return 0;
}

static void dcaar_line(const di_block *b, size_t k, const di_test_window *w, di_rv_dcaar *d)
{
	const di_test_value *v = &b->tests[k * DI_NTESTS + DI_T_DCAAR];
	const di_test_value *t = &b->tests[k * DI_NTESTS + DI_T_CSECT];
	d->from = w->from;
	d->to = w->to;
	d->treated = t->estimate;
	d->controls = t->estimate - v->estimate;
	d->dcaar = v->estimate;
	d->stat = v->s.stat;
	d->df = v->s.df;
	d->p = v->s.p;
	d->p_placebo = v->p_placebo;
}

/* Treated vs control (--controls): dCAAR on [0,1] and on the headline
 * window when that is another one. */
static int treated_vs_control(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const size_t k = run->head_tw;
	if (run->ntreated == run->ntickers)
		return 0;
	rb->dcaar = di_calloc(run->ntw + 1, sizeof(*rb->dcaar));
	if (!rb->dcaar)
		return di_error_oom();
	for (size_t i = 0; i < run->nse; i++)
		rb->ncontrols += (long)run->se[i].event == b->event &&
				 di_secev_is_control(run, &run->se[i]);
	for (size_t j = 0; j < run->ntw; j++)
		if (run->tw[j].from == 0 && run->tw[j].to == 1 && j != k)
			dcaar_line(b, j, &run->tw[j], &rb->dcaar[rb->ndcaar++]);
	dcaar_line(b, k, &run->tw[k], &rb->dcaar[rb->ndcaar++]);
	return 0;
}

/* The securities excluded from the event (not the event's own exclusions). */
static int excluded(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const char *id = run->events->e[b->event].id;
	rb->excluded = di_calloc(run->nexc + 1, sizeof(size_t));
	if (!rb->excluded)
		return di_error_oom();
	for (size_t i = 0; i < run->nexc; i++)
		if (!strcmp(run->exc[i].event_id, id) && run->exc[i].ticker[0])
			rb->excluded[rb->nexcluded++] = i;
	return 0;
}

/* A pooled block's events, and those without an expected sign. */
static void pool_counts(const di_run *run, const di_block *b, di_rv_block *rb)
{
	for (size_t i = 0; i < b->n; i++) {
		size_t e = run->se[b->se[i]].event;
		if (i && run->se[b->se[i - 1]].event == e)
			continue; /* members are in event order */
		rb->nev++;
		rb->nev_unsigned += run->events->e[e].expected_sign == 0;
	}
}

/* One security: its own SCAR t-test on the headline window's CAR. */
static void lone_security(const di_run *run, const di_block *b, di_rv_block *rb)
{
	const int c = run->tw[run->head_tw].car;
	if (b->n != 1 || c < 0)
		return;
	rb->lone = 1;
	rb->lone_p = di_secev_scar_p(&run->se[b->se[0]], (size_t)c);
	rb->lone_sig = di_sig(rb->lone_p);
}

static int block_text(const di_run *run, size_t i, di_rv_block *rb)
{
	const di_block *b = &run->blocks[i];
	int rc;
	rb->clustered = b->clustered;
	rb->aligned = b->aligned;
	rb->pool = b->pool;
	if (b->event < 0) {
		rb->n = b->n;
		pool_counts(run, b, rb);
		return tests_table(run, b, rb);
	}
	day0(run, b, rb);
	rb->group = common_group(run, b);
	lone_security(run, b, rb);
	if ((rc = tests_table(run, b, rb)) || (rc = caar_row(run, b, rb)) ||
	    (rc = differing_days(run, b, rb)) || (rc = excluded(run, b, rb)))
		return rc;
	return treated_vs_control(run, b, rb);
}

/* The test names at a given risk from a shared day 0, "a, b and c". */
static void risk_list(int risk, char *buf, size_t n)
{
	size_t len = 0, count = 0, total = 0;
	for (int t = 0; t < DI_NTESTS; t++)
		total += di_test_shared_day0_risk(t) == risk;
	buf[0] = '\0';
	for (int t = 0; t < DI_NTESTS && len < n; t++)
		if (di_test_shared_day0_risk(t) == risk) {
			count++;
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						count == 1 ? "" : count == total ? " and " : ", ",
						di_test_names[t]);
		}
}

/* One --currency line: how a series reaches the study currency, kept
 * only when it is converted other than as itself, or not at all. */
static void fx_line(const di_run *run, const char *ticker, const char *market_of,
		    const char *nofx, di_rview *v)
{
	const char *cur = run->study->currency;
	di_rv_fx *x = &v->fx[v->nfx];
	di_fx_describe(run->secinfo, cur, ticker, x->how, sizeof(x->how));
	if (!nofx && (!x->how[0] || !strcmp(x->how, cur)))
		return;
	x->ticker = ticker;
	x->market_of = market_of;
	x->nofx = nofx;
	v->nfx++;
}

static int currency_lines(const di_run *run, di_rview *v)
{
	if (!run->study->currency)
		return 0;
	v->fx = di_calloc(run->nreg + 2 * run->ntickers + 1, sizeof(*v->fx));
	if (!v->fx)
		return di_error_oom();
	for (size_t k = 0; k < run->nreg + run->ntickers; k++) {
		const di_series *x = k < run->nreg ? run->reg[k] : run->tickers[k - run->nreg];
		const char *nofx = k >= run->nreg && run->nofx ? run->nofx[k - run->nreg] : NULL;
		fx_line(run, x->ticker, NULL, nofx, v);
	}
	for (size_t t = 0; run->tmkt && t < run->ntickers; t++)
		if (run->tmkt[t])
			fx_line(run, run->tmkt[t]->ticker, run->tickers[t]->ticker, NULL, v);
	return 0;
}

/* The securities: the regressors, the treated and controls, own markets. */
static int securities(const di_run *run, di_rview *v)
{
	v->regs = di_calloc(run->nreg + 1, sizeof(*v->regs));
	v->tickers = di_calloc(run->ntickers + 1, sizeof(*v->tickers));
	v->own_market = di_calloc(run->ntickers + 1, sizeof(*v->own_market));
	if (!v->regs || !v->tickers || !v->own_market)
		return di_error_oom();
	for (size_t j = 0; j < run->nreg; j++)
		v->regs[j] = run->reg[j]->ticker;
	v->nregs = run->nreg;
	v->market_name = "";
	if (run->nreg && run->secinfo) {
		const di_security_info *si = di_securities_find(run->secinfo, run->reg[0]->ticker);
		v->market_name = si ? si->name : "";
	}
	for (size_t t = 0; t < run->ntickers; t++) {
		v->tickers[t] = run->tickers[t]->ticker;
		v->own_market[t] = run->tmkt && run->tmkt[t] ? run->tmkt[t]->ticker : NULL;
		v->own_markets |= v->own_market[t] != NULL;
	}
	v->ntickers = run->ntickers;
	return 0;
}

/* The events, the kept ones' placebo candidates, exclusions, warnings. */
static int run_lists(const di_run *run, di_rview *v)
{
	v->exc_store = di_calloc(run->nexc + 1, sizeof(*v->exc_store));
	v->plc_event = di_calloc(run->events->n + 1, sizeof(*v->plc_event));
	v->plc_ncand = di_calloc(run->events->n + 1, sizeof(size_t));
	if (!v->exc_store || !v->plc_event || !v->plc_ncand)
		return di_error_oom();
	v->nevents = run->events->n;
	v->placebo_on = run->study->placebo > 0 && run->plc_ncand != NULL;
	for (size_t e = 0; e < run->events->n; e++) {
		if (!run->event_kept[e])
			continue;
		v->nkept++;
		if (v->placebo_on) {
			v->plc_event[v->plc_n] = run->events->e[e].id;
			v->plc_ncand[v->plc_n++] = run->plc_ncand[e];
		}
	}
	for (size_t i = 0; i < run->nexc; i++)
		v->exc_store[i] = (di_rv_exclusion){run->exc[i].event_id, run->exc[i].ticker,
						    run->exc[i].reason, run->exc[i].detail};
	v->exc = v->exc_store;
	v->nexc = run->nexc;
	v->notes = (const char *const *)run->notes.v;
	v->nnotes = run->notes.n;
	v->nse = run->nse;
	v->mgap = run->mgap;
	v->nmgap = run->nmgap;
	return 0;
}

int di_rview_fill_text(const di_run *run, di_rview *v)
{
	int rc;
	v->day0_window = run->day0_tw >= 0;
	for (size_t i = 0; i < run->nblocks; i++)
		v->holm_m += run->blocks[i].event >= 0 && !isnan(run->blocks[i].p_holm);
	risk_list(DI_OVER_REJECTS_SHARED_DAY0, v->over_rejects, sizeof(v->over_rejects));
	risk_list(DI_NOT_ROBUST_SHARED_DAY0, v->not_robust, sizeof(v->not_robust));
	for (size_t i = 0; i < run->nblocks; i++)
		if ((rc = block_text(run, i, &v->blocks[i])))
			return rc;
	if ((rc = securities(run, v)) || (rc = run_lists(run, v)))
		return rc;
	return currency_lines(run, v);
}

void di_rview_free_text(di_rview *v)
{
	for (size_t i = 0; v->blocks && i < v->nblocks; i++) {
		di_free(v->blocks[i].tests);
		di_free(v->blocks[i].caar_car);
		di_free(v->blocks[i].caar_star);
		di_free(v->blocks[i].diff_days);
		di_free(v->blocks[i].dcaar);
		di_free(v->blocks[i].excluded);
	}
	di_free(v->regs);
	di_free(v->tickers);
	di_free(v->own_market);
	di_free(v->exc_store);
	di_free(v->plc_event);
	di_free(v->plc_ncand);
	di_free(v->fx);
}
