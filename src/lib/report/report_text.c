/*
 * report_text.c - summary.txt, the page a person reads: per event one
 * plain sentence on day 0, the headline CAAR with its most robust test, the
 * securities' CARs, the tests, then exclusions, warnings and parameters.
 * Percent with two decimals. What is significant is decided by signif.c
 * (placebo p where there is one, else the nominal p, at 5%) and stored in
 * the run's view (result_view.h), the only thing read here; the text says
 * which p it shows and never claims more than the test allows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "glossary.h"
#include "report_run.h"
#include "textfmt.h"

/* The securities on their own market index instead of the study's. */
static void own_markets_section(const di_rview *v, FILE *f)
{
	if (!v->own_markets)
		return;
	fprintf(f, "== Own markets (securities file `market`; the others on %s)\n", v->regs[0]);
	for (size_t t = 0; t < v->ntickers; t++)
		if (v->own_market[t])
			fprintf(f, "  %s on %s\n", v->tickers[t], v->own_market[t]);
	fprintf(f, "\n");
}

/* "placebo p = 0.0800 (1000 placebo dates)", "nominal p = 0.0212", or
 * "no p-value": the p the summary uses, saying which it is. */
static const char *p_phrase(const di_rv_test *v, char *buf, size_t n)
{
	char s[48];
	if (v->kind == DI_P_PLACEBO)
		snprintf(buf, n, "%s (%zu placebo dates)", di_txt_p("placebo p", v->p, s, sizeof(s)),
			 v->n_placebo);
	else if (v->kind == DI_P_NOMINAL)
		snprintf(buf, n, "%s", di_txt_p("nominal p", v->p, s, sizeof(s)));
	else
		snprintf(buf, n, "no p-value");
	return buf;
}

/* When the p in use cannot reach 5% whatever the data (result_view_text.c
 * decides), say why. Returns 1 and writes the phrase, else 0. */
static int unreachable(const di_rv_test *v, char *buf, size_t n)
{
	char s[32];
	if (v->reach == DI_REACH_EXACT)
		snprintf(buf, n, "cannot reach 5%% with N = %zu (smallest possible exact p %s)", v->n,
			 di_txt_pval(v->floor, s, sizeof(s)));
	else if (v->reach == DI_REACH_PLACEBO)
		snprintf(buf, n, "cannot reach 5%% with %zu placebo dates (smallest possible p %s)",
			 v->n_placebo, di_txt_pval(v->floor, s, sizeof(s)));
	return v->reach != DI_REACH_OK;
}

/* Why a test's row gets no star, or cannot get one: the notes of the
 * tests table. */
static void test_notes(const di_rv_test *v, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	if (unreachable(v, buf, n))
		len = strlen(buf);
	if (v->risk != DI_ROBUST && len < n)
		snprintf(buf + len, n - len, "%s%s%s", len ? "; " : "",
			 v->risk == DI_OVER_REJECTS_SHARED_DAY0 ? "over-rejects: shared day 0"
								: "not robust to a shared day 0",
			 v->withheld ? ", no star without a placebo p" : "");
}

static void block_tests_table(const di_rview *v, const di_rv_block *b, FILE *f)
{
	char s1[32], s2[32], s3[32], s4[32], note[256];
	fprintf(f, "  Tests of CAAR[%d,%d] (n = %zu, rbar = %s); * significant at 5%% on the placebo p\n"
		   "  where there is one, else on the nominal p:\n",
		v->head_from, v->head_to, b->rbar_n, di_txt_fixed(b->rbar, 3, s1, sizeof(s1)));
	fprintf(f, "    %-15s %10s %8s %10s %10s\n", "test", "statistic", "df", "nominal p",
		"placebo p");
	for (size_t i = 0; i < b->ntests; i++) {
		const di_rv_test *t = &b->tests[i];
		test_notes(t, note, sizeof(note));
		fprintf(f, "    %-15s %10s %8s %10s %10s%s%s%s\n", t->name,
			di_txt_fixed(t->stat, 3, s1, sizeof(s1)),
			isnan(t->df) ? "" : di_txt_fixed(t->df, 0, s2, sizeof(s2)),
			di_txt_pval(t->p_nominal, s3, sizeof(s3)),
			di_txt_pval(t->p_placebo, s4, sizeof(s4)),
			t->star ? " *" : note[0] ? "  " : "", note[0] ? "  " : "", note);
	}
}

/* One line per block: the headline CAAR, its lead test and p, Holm. */
static void headlines(const di_rview *v, FILE *f)
{
	char s1[32], s2[32], s3[48], s4[48];
	fprintf(f, "Headlines: CAAR[%d,%d] with its lead test (bw_cda_t, robust to a shared day 0, where\n"
		   "the securities react together, are pooled or are one security, else bmp_t); p: the\n"
		   "placebo p where there is one, else the nominal p; * significant at 5%%",
		v->head_from, v->head_to);
	if (v->holm_m > 1)
		fprintf(f, "; Holm: that p\nadjusted across the %zu events", v->holm_m);
	fprintf(f, "\n");
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		const di_rv_test *t = &b->lead;
		if (b->pool != DI_POOL_OK) {
			fprintf(f, "  %-26s not a headline: it pools opposite or missing expected signs\n",
				b->id);
			continue;
		}
		fprintf(f, "  %-26s %9s  %-8s %7s  %-18s%s  %-13s  n %zu\n", b->id,
			di_txt_pct(t->estimate, s1, sizeof(s1)), t->name,
			di_txt_fixed(t->stat, 2, s2, sizeof(s2)),
			di_txt_p(t->kind == DI_P_PLACEBO ? "placebo p" : "nominal p", t->p, s3, sizeof(s3)),
			t->star ? " *" : "  ",
			b->event && v->holm_m > 1 ? di_txt_p("Holm", b->p_holm, s4, sizeof(s4)) : "",
			t->n);
	}
	fprintf(f, "\n");
}

/* "the four defense stocks" (the group when they share one), or the
 * ticker of a lone security. */
static const char *basket_subject(const di_rv_block *b, char *buf, size_t n)
{
	char num[16];
	if (b->day0_n == 1)
		snprintf(buf, n, "%s", b->m[0].ticker);
	else
		snprintf(buf, n, "the %s %s%sstocks", di_txt_number(b->day0_n, num, sizeof(num)),
			 b->group, b->group[0] ? " " : "");
	return buf;
}

/* One plain sentence on day 0: the basket's move, the market's, the
 * abnormal part and whether the placebo null rejects it. */
static void day0_sentence(const di_rview *v, const di_rv_block *b, FILE *f)
{
	char d[11], who[128], mv[48], mk[48], ab[32], ps[48];
	const char *mname;
	di_txt_line l = {.n = 0};
	if (!b->has_day0)
		return;
	basket_subject(b, who, sizeof(who));
	if (b->day0_date != DI_NO_DATE) {
		di_date_format(b->day0_date, d);
		di_txt_add(&l, "On %s %s %s", di_txt_weekday(b->day0_date), d, who);
	} else {
		di_txt_add(&l, "On their day 0 (it differs by security) %s", who);
	}
	di_txt_add(&l, " %s%s", di_txt_move(b->day0_r, mv, sizeof(mv)),
		   b->day0_n > 1 ? " on average" : "");
	if (!isnan(b->day0_m) && v->nregs) {
		mname = v->own_markets ? "their own markets, on average" : v->market_name;
		di_txt_add(&l, " and the market (%s) %s", mname[0] ? mname : v->regs[0],
			   di_txt_move(b->day0_m, mk, sizeof(mk)));
	}
	di_txt_add(&l, "; the abnormal part, %s, ", di_txt_pct(b->day0_aar, ab, sizeof(ab)));
	if (!isnan(b->day0_p_placebo))
		di_txt_add(&l, "is %sunusual for %s (%s, %zu placebo dates).",
			   b->day0_placebo_sig ? "" : "not ",
			   b->day0_n > 1 ? "these stocks" : "this stock",
			   di_txt_p("placebo p", b->day0_p_placebo, ps, sizeof(ps)), b->day0_n_placebo);
	else
		di_txt_add(&l, "has no placebo p (%s, %s).", b->lead.name,
			   di_txt_p("nominal p", b->day0_p_nominal, ps, sizeof(ps)));
	di_txt_para(f, "  ", &l);
}

/* The widths of the block's ticker and name columns: the widest entry,
 * at least the header's. */
static void column_widths(const di_rv_block *b, size_t *tw, size_t *nw)
{
	*tw = 8;
	*nw = 4;
	for (size_t i = 0; i < b->n; i++) {
		size_t t = di_txt_width(b->m[i].ticker), n = di_txt_width(b->m[i].name);
		*tw = t > *tw ? t : *tw;
		*nw = n > *nw ? n : *nw;
	}
}

/* The first two columns of a member's row (or the header's). */
static void name_cells(FILE *f, const char *ticker, const char *name, size_t tw, size_t nw)
{
	fputs("  ", f);
	di_txt_pad(f, ticker, tw);
	fputc(' ', f);
	di_txt_pad(f, name, nw);
}

/* A security's cell: the value and its mark (or a space, so columns
 * align), right-aligned in width. */
static void cell(FILE *f, const char *v, int mark, size_t width)
{
	char c[48];
	snprintf(c, sizeof(c), "%s%s", v, mark ? "*" : " ");
	fputc(' ', f);
	di_txt_rpad(f, c, width);
}

/* Day 0 of each security: its return, the market's, the normal return,
 * the abnormal return and the p of its own day-0 t-test (derived.c). */
static void day0_table(const di_rv_block *b, FILE *f)
{
	size_t tw, nw;
	char s1[32], d[11];
	column_widths(b, &tw, &nw);
	if (!b->has_day0)
		return;
	fputc('\n', f);
	name_cells(f, "security", "name", tw, nw);
	fprintf(f, "%s %8s  %8s  %8s  %9s  %8s\n", b->day0_date == DI_NO_DATE ? "  date      " : "",
		"return", "market", "normal", "abnormal", "p");
	for (size_t i = 0; i < b->n; i++) {
		const di_rv_member *m = &b->m[i];
		name_cells(f, m->ticker, m->name, tw, nw);
		if (b->day0_date == DI_NO_DATE) {
			di_date_format(m->d0_date, d);
			fprintf(f, "  %-10s", m->d0_date == DI_NO_DATE ? "-" : d);
		}
		cell(f, di_txt_pct(m->d->d0_r, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d->d0_m, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d->d0_normal, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d->d0_ar, s1, sizeof(s1)), m->d0_sig, 10);
		fprintf(f, " %8s\n", di_txt_pval(m->d->d0_p, s1, sizeof(s1)));
	}
	fprintf(f, "  (normal: what the model expects from the market; abnormal = return - normal;\n"
		   "   p and *: the security's own t-test of its day-0 abnormal return, SAR against t(d),\n"
		   "   nominal p, at 5%%)\n");
}

static void day0_line(const di_rv_block *b, FILE *f)
{
	char d0[11];
	if (b->day0_date == DI_NO_DATE) {
		fprintf(f, "  Day 0 differs by security (their own calendars); %zu analysed.\n", b->n);
		return;
	}
	di_date_format(b->day0_date, d0);
	if (b->n == 1)
		fprintf(f, "  Day 0: %s %s for the one security analysed.\n",
			di_txt_weekday(b->day0_date), d0);
	else if (b->n == 2)
		fprintf(f, "  Day 0: %s %s for both securities analysed.\n",
			di_txt_weekday(b->day0_date), d0);
	else
		fprintf(f, "  Day 0: %s %s for all %zu securities analysed.\n",
			di_txt_weekday(b->day0_date), d0, b->n);
}

/* With one security the CAAR is its CAR, and its row's mark rests on its
 * own SCAR t-test (nominal p) while the headline rests on the lead test's
 * p: say which p each rests on, so that the two never seem to contradict. */
static void lone_security(const di_rv_block *b, di_txt_line *l)
{
	char s1[48];
	if (!b->lone)
		return;
	di_txt_add(l, " Its row in the CAR table is marked by its own SCAR t-test (%s: %s at 5%%).",
		   di_txt_p("nominal p", b->lone_p, s1, sizeof(s1)),
		   b->lone_sig ? "significant" : "not significant");
}

/* The headline sentence: CAAR, lead test, its p (which kind), and whether
 * it holds after Holm's adjustment across the events. */
static void headline_line(const di_rview *v, const di_rv_block *b, FILE *f)
{
	const di_rv_test *t = &b->lead;
	const size_t m = v->holm_m;
	const double p_holm = b->p_holm;
	char s1[32], s2[32], s3[96], s4[48], s5[48];
	di_txt_line l = {.n = 0};
	di_txt_add(&l, "Headline: CAAR[%d,%d] = %s (n = %zu); %s = %s, %s", v->head_from,
		   v->head_to, di_txt_pct(t->estimate, s1, sizeof(s1)), t->n, t->name,
		   di_txt_fixed(t->stat, 2, s2, sizeof(s2)), p_phrase(t, s3, sizeof(s3)));
	if (!isnan(t->p_placebo) && t->n_placebo)
		di_txt_add(&l, "; %s", di_txt_p("nominal p", t->p_nominal, s4, sizeof(s4)));
	if (unreachable(t, s3, sizeof(s3)))
		di_txt_add(&l, "; it %s", s3);
	if (isnan(t->p))
		di_txt_add(&l, ": no test.");
	else if (m < 2 || isnan(p_holm))
		di_txt_add(&l, ": %ssignificant at 5%%.", t->star ? "" : "not ");
	else if (!t->star)
		di_txt_add(&l, ": not significant at 5%% (Holm-adjusted across the %zu events: %s).", m,
			   di_txt_p("p", p_holm, s5, sizeof(s5)));
	else
		di_txt_add(&l, ": significant at 5%%, %s after Holm's adjustment across the %zu events (%s).",
			   b->holm_sig ? "also" : "but not", m, di_txt_p("p", p_holm, s5, sizeof(s5)));
	lone_security(b, &l);
	di_txt_para(f, "  ", &l);
}

static void clustering_line(const di_rview *v, const di_rv_block *b, FILE *f)
{
	char s1[32];
	di_txt_line l = {.n = 0};
	if (!b->clustered)
		return;
	di_txt_add(&l,
		   "Clustering: the securities share day 0, so %s over-reject under cross-correlation "
		   "(rbar = %s) and %s are not robust to it; none of them gets a star without a "
		   "placebo p. Read bw_cda_t, the _kp tests and portfolio_t.",
		   v->over_rejects, di_txt_fixed(b->rbar, 3, s1, sizeof(s1)), v->not_robust);
	di_txt_para(f, "  ", &l);
}

/* One line of the treated-vs-control section. */
static void dcaar_line(const di_rv_dcaar *v, FILE *f)
{
	char s1[32], s2[32], s3[32], s4[32], s5[32], s6[48], s7[48];
	fprintf(f, "    CAAR[%d,%d]: treated %s, controls %s, dCAAR %s; dcaar_t = %s%s%s%s, %s",
		v->from, v->to, di_txt_pct(v->treated, s1, sizeof(s1)),
		di_txt_pct(v->controls, s2, sizeof(s2)), di_txt_pct(v->dcaar, s3, sizeof(s3)),
		di_txt_fixed(v->stat, 2, s4, sizeof(s4)), isnan(v->df) ? "" : " (df ",
		isnan(v->df) ? "" : di_txt_fixed(v->df, 0, s5, sizeof(s5)), isnan(v->df) ? "" : ")",
		di_txt_p("p", v->p, s6, sizeof(s6)));
	if (!isnan(v->p_placebo))
		fprintf(f, ", %s", di_txt_p("placebo p", v->p_placebo, s7, sizeof(s7)));
	fprintf(f, "\n");
}

/* Treated vs control (study with --controls): dCAAR on [0,1] and on the
 * headline window when that is another one (result_view_text.c). */
static void treated_vs_control(const di_rv_block *b, FILE *f)
{
	if (!b->ndcaar)
		return;
	fprintf(f,
		"  Treated vs control (%zu control securities): the treated CAAR minus the controls';\n"
		"  dcaar_t uses the estimation-window sd of the daily treated-minus-control mean\n"
		"  residual, robust to their common shock.\n",
		b->ncontrols);
	for (size_t j = 0; j < b->ndcaar; j++)
		dcaar_line(&b->dcaar[j], f);
	fprintf(f, "\n");
}

static void car_header(const di_study *s, int alpha, size_t tw, size_t nw, FILE *f)
{
	fputc('\n', f);
	name_cells(f, "security", "name", tw, nw);
	for (size_t c = 0; c < s->ncar; c++) {
		char h[32];
		snprintf(h, sizeof(h), "CAR[%d,%d]", s->car[c].from, s->car[c].to);
		fprintf(f, " %11s ", h);
	}
	if (alpha)
		fprintf(f, " %8s ", "alpha*L");
	fprintf(f, "\n");
}

static void car_table(const di_rview *v, const di_rv_block *b, FILE *f)
{
	const di_study *s = v->study;
	const int alpha = b->d->alpha_material;
	size_t tw, nw;
	char s1[32];
	column_widths(b, &tw, &nw);
	car_header(s, alpha, tw, nw, f);
	for (size_t i = 0; i < b->n; i++) {
		const di_rv_member *m = &b->m[i];
		name_cells(f, m->ticker, m->name, tw, nw);
		for (size_t c = 0; c < s->ncar; c++)
			cell(f, di_txt_pct(m->car[c], s1, sizeof(s1)), m->car_sig[c], 12);
		if (alpha)
			cell(f, di_txt_pct(m->d->alpha_L, s1, sizeof(s1)), 0, 9);
		fprintf(f, "\n");
	}
	fprintf(f, "  ");
	di_txt_pad(f, "CAAR", tw + 1 + nw);
	for (size_t c = 0; c < s->ncar; c++)
		cell(f, di_txt_pct(b->caar_car[c], s1, sizeof(s1)), b->caar_star[c], 12);
	fprintf(f, "\n  (* security rows: the security's own SCAR t-test, |SCAR| against t(d), nominal p,\n"
		   "   at 5%%; CAAR row: %s, on the placebo p where there is one)\n",
		b->lead.name);
	if (alpha)
		fprintf(f, "  (alpha*L: the model's daily alpha times the %d days of CAR[%d,%d], the drift\n"
			   "   the normal return takes out of the CARs; shown when it reaches %s for a security)\n",
			v->head_len, v->head_from, v->head_to,
			di_txt_pct_u(DI_ALPHA_MATERIAL, s1, sizeof(s1)));
	fprintf(f, "\n");
}

/* One relative day t (window position k) whose dates differ: each date
 * (ascending) with its securities. */
static void window_dates_day(const di_rv_block *b, size_t k, int t, FILE *f)
{
	di_date last = DI_NO_DATE;
	char d[11];
	if (t)
		fprintf(f, "  Day %+d differs by security:", t);
	else
		fprintf(f, "  Day 0 differs by security:");
	for (;;) {
		di_date next = DI_NO_DATE;
		for (size_t i = 0; i < b->n; i++) {
			di_date x = b->m[i].dates[k];
			if (x != DI_NO_DATE && (last == DI_NO_DATE || x > last) &&
			    (next == DI_NO_DATE || x < next))
				next = x;
		}
		if (next == DI_NO_DATE)
			break;
		di_date_format(next, d);
		fprintf(f, "%s %s %s", last == DI_NO_DATE ? "" : ";", di_txt_weekday(next), d);
		for (size_t i = 0; i < b->n; i++)
			if (b->m[i].dates[k] == next)
				fprintf(f, " %s", b->m[i].ticker);
		last = next;
	}
	fprintf(f, "\n");
}

/* " 15:00 America/Anchorage" for an event with a time, else "". */
static const char *event_time(const di_event *ev, char *buf, size_t n)
{
	buf[0] = '\0';
	if (ev->time >= 0)
		snprintf(buf, n, " %02d:%02d %s", ev->time / 60, ev->time % 60, ev->tz);
	return buf;
}

static void event_section(const di_rview *v, const di_rv_block *b, FILE *f)
{
	const di_event *ev = b->event;
	char d[11], tm[96];
	di_date_format(ev->date, d);
	fprintf(f, "== %s: %s (%s %s%s)%s%s%s\n", ev->id, ev->label, di_txt_weekday(ev->date),
		d, event_time(ev, tm, sizeof(tm)), ev->type[0] ? " [" : "", ev->type,
		ev->type[0] ? "]" : "");
	day0_sentence(v, b, f);
	if (v->day0_window)
		day0_line(b, f);
	/* the days of the headline window (and day 0) whose dates differ */
	for (size_t i = 0; i < b->ndiff; i++)
		window_dates_day(b, b->diff_days[i], v->study->win.from + (int)b->diff_days[i], f);
	day0_table(b, f);
	headline_line(v, b, f);
	clustering_line(v, b, f);
	car_table(v, b, f);
	block_tests_table(v, b, f);
	treated_vs_control(b, f);
	for (size_t i = 0; i < b->nexcluded; i++) {
		const di_rv_exclusion *x = &v->exc[b->excluded[i]];
		fprintf(f, "  Excluded: %s (%s: %s)\n", x->ticker, x->reason, x->detail);
	}
	fprintf(f, "\n");
}

/* Why a pooled block is no headline, in one line. */
static void pool_line(const di_rv_block *b, FILE *f)
{
	const size_t nev = b->nev, none = b->nev_unsigned;
	if (b->pool == DI_POOL_OPPOSITE)
		fprintf(f, "  Not a headline: it pools events with opposite expected signs (+1 and -1), "
			   "and %zu of its %zu events %s no expected_sign, so their abnormal returns "
			   "may cancel.\n", none, nev, none == 1 ? "has" : "have");
	else if (b->pool == DI_POOL_PARTIAL)
		fprintf(f, "  Not a headline: %zu of its %zu events %s no expected_sign and may go "
			   "against the others, so their abnormal returns are not aligned.\n", none, nev,
			none == 1 ? "has" : "have");
}

/* The market-gap dates (pinned detail 2), eight to a line. */
static void market_gaps(const di_rview *v, FILE *f)
{
	char d[11];
	if (!v->nmgap)
		return;
	fprintf(f, "== Market gaps (%zu): %s has no close on these dates, on which at least half of "
		   "the securities trade;\n   the model calendars skip them and the next return spans "
		   "them\n",
		v->nmgap, v->regs[0]);
	for (size_t i = 0; i < v->nmgap; i++) {
		di_date_format(v->mgap[i], d);
		fprintf(f, "%s%s", i % 8 ? " " : "  ", d);
		if (i % 8 == 7 || i + 1 == v->nmgap)
			fprintf(f, "\n");
	}
	fprintf(f, "\n");
}

/* --currency: the study currency and how each series reached it. */
static void currency_section(const di_rview *v, FILE *f)
{
	if (!v->study->currency)
		return;
	fprintf(f, "== Currency: every return in %s, (1 + r_local)(1 + r_fx) - 1\n",
		v->study->currency);
	for (size_t i = 0; i < v->nfx; i++) {
		const di_rv_fx *x = &v->fx[i];
		if (x->nofx)
			fprintf(f, "  %s: not converted (no-fx, excluded): %s\n", x->ticker, x->nofx);
		else if (x->market_of)
			fprintf(f, "  %s (market of %s): %s\n", x->ticker, x->market_of, x->how);
		else
			fprintf(f, "  %s: %s\n", x->ticker, x->how);
	}
	fprintf(f, "\n");
}

static void pooled_section(const di_rview *v, const di_rv_block *b, FILE *f)
{
	const di_rv_test *bw = &b->bw, *pf = &b->portfolio;
	char s1[32], s2[32], s3[96], s4[32], s5[96], cnt[48];
	fprintf(f, "== %s: %s\n", b->id, di_txt_count(b->n, "security-event", "security-events",
						    cnt, sizeof(cnt)));
	pool_line(b, f);
	if (b->aligned)
		fprintf(f, "  Sign-aligned: each event's values are multiplied by its expected_sign "
			   "(1 where none is given).\n");
	fprintf(f, "  CAAR[%d,%d] = %s; bw_cda_t = %s, %s%s; portfolio_t = %s, %s%s\n",
		v->head_from, v->head_to, di_txt_pct(bw->estimate, s1, sizeof(s1)),
		di_txt_fixed(bw->stat, 2, s2, sizeof(s2)), p_phrase(bw, s3, sizeof(s3)),
		bw->star ? " *" : "", di_txt_fixed(pf->stat, 2, s4, sizeof(s4)),
		p_phrase(pf, s5, sizeof(s5)), pf->star ? " *" : "");
	clustering_line(v, b, f);
	fprintf(f, "\n");
	block_tests_table(v, b, f);
	fprintf(f, "\n");
}

/* One line stating the placebo setup: N per event, the seed, and each
 * kept event's candidate count (an event with at most N uses each once). */
static void placebo_setup(const di_rview *v, FILE *f)
{
	const di_study *s = v->study;
	if (!v->placebo_on) {
		fprintf(f, "Placebo p-values: off (--placebo 0)\n\n");
		return;
	}
	fprintf(f, "Placebo p-values: %d placebo dates per event (seed %lu; an event with fewer "
		   "candidates uses each once); candidates:",
		s->placebo, s->seed);
	for (size_t e = 0; e < v->plc_n; e++)
		fprintf(f, " %s %zu", v->plc_event[e], v->plc_ncand[e]);
	fprintf(f, "\n\n");
}

static void header(const di_rview *v, FILE *f)
{
	const di_study *s = v->study;
	fprintf(f, "defimpact %s event study%s%s\n", di_version(), s->study_file ? ": " : "",
		s->study_file ? s->study_file : "");
	fprintf(f, "Model: %s", di_model_name(s->model));
	if (v->nregs && s->model != DI_MODEL_MEAN) {
		fprintf(f, " on");
		for (size_t j = 0; j < v->nregs; j++)
			fprintf(f, " %s", v->regs[j]);
	}
	fprintf(f, "; %s returns; estimation %d:%d (at least %d returns); event window %d:%d\n",
		s->log_returns ? "log" : "simple", s->est.from, s->est.to, s->min_est, s->win.from,
		s->win.to);
	fprintf(f, "Securities:");
	for (size_t t = 0; t < v->ntreated; t++)
		fprintf(f, " %s", v->tickers[t]);
	if (v->ntreated < v->ntickers)
		fprintf(f, "\nControls:");
	for (size_t t = v->ntreated; t < v->ntickers; t++)
		fprintf(f, " %s", v->tickers[t]);
	fprintf(f, "\nEvents: %zu in the file, %zu analysed; %zu security-events, %zu exclusions\n\n",
		v->nevents, v->nkept, v->nse, v->nexc);
}

int di_report_run_text(const di_rview *v, FILE *f)
{
	header(v, f);
	placebo_setup(v, f);
	headlines(v, f);
	for (size_t b = 0; b < v->nblocks; b++)
		if (v->blocks[b].event)
			event_section(v, &v->blocks[b], f);
	for (size_t b = 0; b < v->nblocks; b++)
		if (!v->blocks[b].event)
			pooled_section(v, &v->blocks[b], f);
	market_gaps(v, f);
	own_markets_section(v, f);
	currency_section(v, f);
	fprintf(f, "== Exclusions (%zu)\n", v->nexc);
	for (size_t i = 0; i < v->nexc; i++)
		fprintf(f, "  %s %s: %s: %s\n", v->exc[i].event_id,
			v->exc[i].ticker[0] ? v->exc[i].ticker : "(event)", v->exc[i].reason,
			v->exc[i].detail);
	fprintf(f, "\n== Warnings (%zu)\n", v->nnotes);
	for (size_t i = 0; i < v->nnotes; i++) {
		di_txt_line l = {.n = 0};
		di_txt_add(&l, "%s", v->notes[i]);
		di_txt_para(f, "  ", &l);
	}
	di_glossary_write(f, DI_GLOSSARY_RUN);
	return 0;
}
