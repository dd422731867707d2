/*
 * report_text.c - summary.txt, the page a person reads: per event one
 * plain sentence on day 0, the headline CAAR with its most robust test, the
 * securities' CARs, the tests, then exclusions, warnings and parameters.
 * Percent with two decimals. What is significant is decided by signif.c
 * (placebo p where there is one, else the nominal p, at DI_SIG_LEVEL); the
 * text says which p it shows and never claims more than the test allows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fx.h"
#include "glossary.h"
#include "numfmt.h"
#include "report_run.h"
#include "run.h"
#include "signif.h"
#include "textfmt.h"

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

/* Does any security have its own market (securities file `market`)? */
static int has_own_markets(const di_run *run)
{
	for (size_t t = 0; run->tmkt && t < run->ntickers; t++)
		if (run->tmkt[t])
			return 1;
	return 0;
}

/* The securities on their own market index instead of the study's. */
static void own_markets_section(const di_run *run, FILE *f)
{
	if (!has_own_markets(run))
		return;
	fprintf(f, "== Own markets (securities file `market`; the others on %s)\n",
		run->reg[0]->ticker);
	for (size_t t = 0; t < run->ntickers; t++)
		if (run->tmkt[t])
			fprintf(f, "  %s on %s\n", run->tickers[t]->ticker, run->tmkt[t]->ticker);
	fprintf(f, "\n");
}

static const char *sec_name(const di_run *run, const char *ticker)
{
	const di_security_info *si = run->secinfo ? di_securities_find(run->secinfo, ticker) : NULL;
	return si && si->name[0] ? si->name : "";
}

static const di_test_value *test_at(const di_block *b, size_t k, int t)
{
	return &b->tests[k * DI_NTESTS + (size_t)t];
}

/* "placebo p = 0.0800 (1000 placebo dates)", "nominal p = 0.0212", or
 * "no p-value": the p the summary uses, saying which it is. */
static const char *p_phrase(const di_test_value *v, char *buf, size_t n)
{
	di_p_kind kind;
	double p = di_test_p(v, &kind);
	char s[48];
	if (kind == DI_P_PLACEBO)
		snprintf(buf, n, "%s (%zu placebo dates)", di_txt_p("placebo p", p, s, sizeof(s)),
			 v->n_placebo);
	else if (kind == DI_P_NOMINAL)
		snprintf(buf, n, "%s", di_txt_p("nominal p", p, s, sizeof(s)));
	else
		snprintf(buf, n, "no p-value");
	return buf;
}

/* The event blocks in the Holm family (those with a headline p). */
static size_t holm_family(const di_run *run)
{
	size_t m = 0;
	for (size_t i = 0; i < run->nblocks; i++)
		m += run->blocks[i].event >= 0 && !isnan(run->blocks[i].p_holm);
	return m;
}

/* When the p in use cannot reach 5% whatever the data, say so: an exact
 * test at this N (exact_min_p, NAN for the others), or a placebo p from
 * too few placebo dates. The exact floor holds for the placebo p of such
 * a symmetric test too (sign_z, wilcoxon_z): its most extreme value has
 * at least that probability under any symmetric null (all N signs alike:
 * 2/2^N), so the placebo dates reach it at least as often and its placebo
 * p stays near or above the floor. Returns 1 and writes the phrase, else 0. */
static int unreachable(const di_test_value *v, double exact_min_p, char *buf, size_t n)
{
	di_p_kind kind;
	char s[32];
	di_test_p(v, &kind);
	if (exact_min_p >= DI_SIG_LEVEL) {
		snprintf(buf, n, "cannot reach 5%% with N = %zu (smallest possible exact p %s)", v->n,
			 di_txt_pval(exact_min_p, s, sizeof(s)));
		return 1;
	}
	if (kind == DI_P_PLACEBO && di_placebo_min_p(v->n_placebo) >= DI_SIG_LEVEL) {
		snprintf(buf, n, "cannot reach 5%% with %zu placebo dates (smallest possible p %s)",
			 v->n_placebo, di_txt_pval(di_placebo_min_p(v->n_placebo), s, sizeof(s)));
		return 1;
	}
	return 0;
}

/* Why a test's row gets no star, or cannot get one: the notes of the
 * tests table. */
static void test_notes(const di_block *b, int t, const di_test_value *v, double min_p,
		       char *buf, size_t n)
{
	int risk = di_test_shared_day0_risk(t);
	int withheld = di_sig(di_test_p(v, NULL)) && !di_test_star(b, t, v);
	size_t len = 0;
	di_p_kind kind;
	buf[0] = '\0';
	di_test_p(v, &kind);
	/* gen_sign_z's floor is that of a skewed binomial (p-hat, not 1/2):
	 * its extreme has no 2/2^N floor, so its placebo p may go below it */
	if (unreachable(v, t == DI_T_GEN_SIGN && kind == DI_P_PLACEBO ? NAN : min_p, buf, n))
		len = strlen(buf);
	if (b->clustered && risk != DI_ROBUST && len < n)
		snprintf(buf + len, n - len, "%s%s%s", len ? "; " : "",
			 risk == DI_OVER_REJECTS_SHARED_DAY0 ? "over-rejects: shared day 0"
							     : "not robust to a shared day 0",
			 withheld ? ", no star without a placebo p" : "");
}

static void block_tests_table(const di_run *run, const di_block *b, size_t k, FILE *f)
{
	int order[DI_NTESTS];
	char s1[32], s2[32], s3[32], s4[32], note[256];
	test_order(b->clustered, order);
	fprintf(f, "  Tests of CAAR[%d,%d] (n = %zu, rbar = %s); * significant at 5%% on the placebo p\n"
		   "  where there is one, else on the nominal p:\n",
		run->tw[k].from, run->tw[k].to, test_at(b, k, 0)->n,
		di_txt_fixed(test_at(b, k, 0)->rbar, 3, s1, sizeof(s1)));
	fprintf(f, "    %-15s %10s %8s %10s %10s\n", "test", "statistic", "df", "nominal p",
		"placebo p");
	for (int i = 0; i < DI_NTESTS; i++) {
		int t = order[i];
		const di_test_value *v = test_at(b, k, t);
		if (t == DI_T_DCAAR)
			continue; /* in the treated-vs-control section */
		test_notes(b, t, v, b->min_p[k * DI_NTESTS + (size_t)t], note, sizeof(note));
		fprintf(f, "    %-15s %10s %8s %10s %10s%s%s%s\n", di_test_names[t],
			di_txt_fixed(v->s.stat, 3, s1, sizeof(s1)),
			isnan(v->s.df) ? "" : di_txt_fixed(v->s.df, 0, s2, sizeof(s2)),
			di_txt_pval(v->s.p, s3, sizeof(s3)), di_txt_pval(v->p_placebo, s4, sizeof(s4)),
			di_test_star(b, t, v) ? " *" : note[0] ? "  " : "", note[0] ? "  " : "", note);
	}
}

/* One line per block: the headline CAAR, its lead test and p, Holm. */
static void headlines(const di_run *run, FILE *f)
{
	size_t k = run->head_tw;
	char s1[32], s2[32], s3[48], s4[48];
	fprintf(f, "Headlines: CAAR[%d,%d] with its lead test (bw_cda_t, robust to a shared day 0, where\n"
		   "the securities react together, are pooled or are one security, else bmp_t); p: the\n"
		   "placebo p where there is one, else the nominal p; * significant at 5%%",
		run->tw[k].from, run->tw[k].to);
	if (holm_family(run) > 1)
		fprintf(f, "; Holm: that p\nadjusted across the %zu events", holm_family(run));
	fprintf(f, "\n");
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		const di_test_value *v = test_at(b, k, b->lead);
		di_p_kind kind;
		double p = di_test_p(v, &kind);
		if (b->pool != DI_POOL_OK) {
			fprintf(f, "  %-26s not a headline: it pools opposite or missing expected signs\n",
				b->id);
			continue;
		}
		fprintf(f, "  %-26s %9s  %-8s %7s  %-18s%s  %-13s  n %zu\n", b->id,
			di_txt_pct(v->estimate, s1, sizeof(s1)), di_test_names[b->lead],
			di_txt_fixed(v->s.stat, 2, s2, sizeof(s2)),
			di_txt_p(kind == DI_P_PLACEBO ? "placebo p" : "nominal p", p, s3, sizeof(s3)),
			di_test_star(b, b->lead, v) ? " *" : "  ",
			b->event >= 0 && holm_family(run) > 1 ? di_txt_p("Holm", b->p_holm, s4, sizeof(s4))
							       : "",
			v->n);
	}
	fprintf(f, "\n");
}

/* "the four defense stocks" (the group when they share one), or the
 * ticker of a lone security. */
static const char *basket_subject(const di_run *run, const di_block *b, char *buf, size_t n)
{
	const char *group = NULL;
	char num[16];
	for (size_t i = 0; i < b->n; i++) {
		const char *t = run->tickers[run->se[b->se[i]].ticker]->ticker;
		const di_security_info *si = run->secinfo ? di_securities_find(run->secinfo, t) : NULL;
		const char *g = si ? si->group : "";
		group = !group || !strcmp(group, g) ? g : "";
	}
	if (b->day0_n == 1)
		snprintf(buf, n, "%s", run->tickers[run->se[b->se[0]].ticker]->ticker);
	else
		snprintf(buf, n, "the %s %s%sstocks", di_txt_number(b->day0_n, num, sizeof(num)),
			 group ? group : "", group && group[0] ? " " : "");
	return buf;
}

/* One plain sentence on day 0: the basket's move, the market's, the
 * abnormal part and whether the placebo null rejects it. */
static void day0_sentence(const di_run *run, const di_block *b, FILE *f)
{
	const di_test_value *v;
	char d[11], who[128], mv[48], mk[48], ab[32], ps[48];
	const char *mname;
	di_txt_line l = {.n = 0};
	if (run->day0_tw < 0 || !b->day0_n)
		return;
	v = test_at(b, (size_t)run->day0_tw, b->lead);
	basket_subject(run, b, who, sizeof(who));
	if (b->day0_date != DI_NO_DATE) {
		di_date_format(b->day0_date, d);
		di_txt_add(&l, "On %s %s %s", di_txt_weekday(b->day0_date), d, who);
	} else {
		di_txt_add(&l, "On their day 0 (it differs by security) %s", who);
	}
	di_txt_add(&l, " %s%s", di_txt_move(b->day0_r, mv, sizeof(mv)),
		   b->day0_n > 1 ? " on average" : "");
	if (!isnan(b->day0_m) && run->nreg) {
		mname = has_own_markets(run) ? "their own markets, on average"
					     : sec_name(run, run->reg[0]->ticker);
		di_txt_add(&l, " and the market (%s) %s", mname[0] ? mname : run->reg[0]->ticker,
			   di_txt_move(b->day0_m, mk, sizeof(mk)));
	}
	di_txt_add(&l, "; the abnormal part, %s, ", di_txt_pct(b->day0_aar, ab, sizeof(ab)));
	if (!isnan(v->p_placebo) && v->n_placebo)
		di_txt_add(&l, "is %sunusual for %s (%s, %zu placebo dates).",
			   di_sig(v->p_placebo) ? "" : "not ",
			   b->day0_n > 1 ? "these stocks" : "this stock",
			   di_txt_p("placebo p", v->p_placebo, ps, sizeof(ps)), v->n_placebo);
	else
		di_txt_add(&l, "has no placebo p (%s, %s).", di_test_names[b->lead],
			   di_txt_p("nominal p", v->s.p, ps, sizeof(ps)));
	di_txt_para(f, "  ", &l);
}

/* The widest name of the block's members (the name column widens to it). */
static size_t name_width(const di_run *run, const di_block *b)
{
	size_t w = 4;
	for (size_t i = 0; i < b->n; i++) {
		size_t k = di_txt_width(sec_name(run, run->tickers[run->se[b->se[i]].ticker]->ticker));
		if (k > w)
			w = k;
	}
	return w;
}

static size_t ticker_width(const di_run *run, const di_block *b)
{
	size_t w = 8;
	for (size_t i = 0; i < b->n; i++) {
		size_t k = di_txt_width(run->tickers[run->se[b->se[i]].ticker]->ticker);
		if (k > w)
			w = k;
	}
	return w;
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
static void day0_table(const di_run *run, const di_block *b, const di_derived *dv, FILE *f)
{
	size_t tw = ticker_width(run, b), nw = name_width(run, b);
	char s1[32], d[11];
	if (run->day0_tw < 0 || !b->day0_n)
		return;
	fprintf(f, "\n  ");
	di_txt_pad(f, "security", tw);
	fputc(' ', f);
	di_txt_pad(f, "name", nw);
	fprintf(f, "%s %8s  %8s  %8s  %9s  %8s\n", b->day0_date == DI_NO_DATE ? "  date      " : "",
		"return", "market", "normal", "abnormal", "p");
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		const di_derived_member *m = &dv->m[i];
		const char *t = run->tickers[se->ticker]->ticker;
		fprintf(f, "  ");
		di_txt_pad(f, t, tw);
		fputc(' ', f);
		di_txt_pad(f, sec_name(run, t), nw);
		if (b->day0_date == DI_NO_DATE) {
			di_date_format(se->date[-run->study->win.from], d);
			fprintf(f, "  %-10s", se->date[-run->study->win.from] == DI_NO_DATE ? "-" : d);
		}
		cell(f, di_txt_pct(m->d0_r, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d0_m, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d0_normal, s1, sizeof(s1)), 0, 9);
		cell(f, di_txt_pct(m->d0_ar, s1, sizeof(s1)), di_sig(m->d0_p), 10);
		fprintf(f, " %8s\n", di_txt_pval(m->d0_p, s1, sizeof(s1)));
	}
	fprintf(f, "  (normal: what the model expects from the market; abnormal = return - normal;\n"
		   "   p and *: the security's own t-test of its day-0 abnormal return, SAR against t(d),\n"
		   "   nominal p, at 5%%)\n");
}

static void day0_line(const di_block *b, FILE *f)
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
static void lone_security(const di_run *run, const di_block *b, size_t k, di_txt_line *l)
{
	const di_secev *se = &run->se[b->se[0]];
	const int c = run->tw[k].car;
	char s1[48];
	double p;
	if (b->n != 1 || c < 0)
		return;
	p = di_secev_scar_p(se, (size_t)c);
	di_txt_add(l, " Its row in the CAR table is marked by its own SCAR t-test (%s: %s at 5%%).",
		   di_txt_p("nominal p", p, s1, sizeof(s1)), di_sig(p) ? "significant" : "not significant");
}

/* The headline sentence: CAAR, lead test, its p (which kind), and whether
 * it holds after Holm's adjustment across the events. */
static void headline_line(const di_run *run, const di_block *b, FILE *f)
{
	size_t k = run->head_tw, m = holm_family(run);
	const di_test_value *v = test_at(b, k, b->lead);
	char s1[32], s2[32], s3[96], s4[48], s5[48];
	int sig = di_test_star(b, b->lead, v);
	di_txt_line l = {.n = 0};
	di_txt_add(&l, "Headline: CAAR[%d,%d] = %s (n = %zu); %s = %s, %s", run->tw[k].from,
		   run->tw[k].to, di_txt_pct(v->estimate, s1, sizeof(s1)), v->n,
		   di_test_names[b->lead], di_txt_fixed(v->s.stat, 2, s2, sizeof(s2)),
		   p_phrase(v, s3, sizeof(s3)));
	if (!isnan(v->p_placebo) && v->n_placebo)
		di_txt_add(&l, "; %s", di_txt_p("nominal p", v->s.p, s4, sizeof(s4)));
	if (unreachable(v, NAN, s3, sizeof(s3)))
		di_txt_add(&l, "; it %s", s3);
	if (isnan(di_test_p(v, NULL)))
		di_txt_add(&l, ": no test.");
	else if (m < 2 || isnan(b->p_holm))
		di_txt_add(&l, ": %ssignificant at 5%%.", sig ? "" : "not ");
	else if (!sig)
		di_txt_add(&l, ": not significant at 5%% (Holm-adjusted across the %zu events: %s).", m,
			   di_txt_p("p", b->p_holm, s5, sizeof(s5)));
	else
		di_txt_add(&l, ": significant at 5%%, %s after Holm's adjustment across the %zu events (%s).",
			   di_sig(b->p_holm) ? "also" : "but not", m,
			   di_txt_p("p", b->p_holm, s5, sizeof(s5)));
	lone_security(run, b, k, &l);
	di_txt_para(f, "  ", &l);
}

/* The test names at a given risk from a shared day 0, "a, b and c". */
static const char *risk_list(int risk, char *buf, size_t n)
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
	return buf;
}

static void clustering_line(const di_run *run, const di_block *b, FILE *f)
{
	char s1[32], over[128], fragile[128];
	di_txt_line l = {.n = 0};
	if (!b->clustered)
		return;
	di_txt_add(&l,
		   "Clustering: the securities share day 0, so %s over-reject under cross-correlation "
		   "(rbar = %s) and %s are not robust to it; none of them gets a star without a "
		   "placebo p. Read bw_cda_t, the _kp tests and portfolio_t.",
		   risk_list(DI_OVER_REJECTS_SHARED_DAY0, over, sizeof(over)),
		   di_txt_fixed(test_at(b, run->head_tw, 0)->rbar, 3, s1, sizeof(s1)),
		   risk_list(DI_NOT_ROBUST_SHARED_DAY0, fragile, sizeof(fragile)));
	di_txt_para(f, "  ", &l);
}

/* One line of the treated-vs-control section: window k of event block b. */
static void dcaar_line(const di_run *run, const di_block *b, size_t k, FILE *f)
{
	const di_test_value *v = &b->tests[k * DI_NTESTS + DI_T_DCAAR];
	const di_test_value *t = &b->tests[k * DI_NTESTS + DI_T_CSECT];
	char s1[32], s2[32], s3[32], s4[32], s5[32], s6[48], s7[48];
	fprintf(f, "    CAAR[%d,%d]: treated %s, controls %s, dCAAR %s; dcaar_t = %s%s%s%s, %s",
		run->tw[k].from, run->tw[k].to, di_txt_pct(t->estimate, s1, sizeof(s1)),
		di_txt_pct(t->estimate - v->estimate, s2, sizeof(s2)),
		di_txt_pct(v->estimate, s3, sizeof(s3)), di_txt_fixed(v->s.stat, 2, s4, sizeof(s4)),
		isnan(v->s.df) ? "" : " (df ", isnan(v->s.df) ? "" : di_txt_fixed(v->s.df, 0, s5, sizeof(s5)),
		isnan(v->s.df) ? "" : ")", di_txt_p("p", v->s.p, s6, sizeof(s6)));
	if (!isnan(v->p_placebo))
		fprintf(f, ", %s", di_txt_p("placebo p", v->p_placebo, s7, sizeof(s7)));
	fprintf(f, "\n");
}

/* Treated vs control (study with --controls): dCAAR on [0,1] and on the
 * headline window when that is another one. */
static void treated_vs_control(const di_run *run, const di_block *b, FILE *f)
{
	size_t nctl = 0, k = run->head_tw;
	if (run->ntreated == run->ntickers)
		return;
	for (size_t i = 0; i < run->nse; i++)
		nctl += (long)run->se[i].event == b->event && di_secev_is_control(run, &run->se[i]);
	fprintf(f,
		"  Treated vs control (%zu control securities): the treated CAAR minus the controls';\n"
		"  dcaar_t uses the estimation-window sd of the daily treated-minus-control mean\n"
		"  residual, robust to their common shock.\n",
		nctl);
	for (size_t j = 0; j < run->ntw; j++)
		if (run->tw[j].from == 0 && run->tw[j].to == 1 && j != k)
			dcaar_line(run, b, j, f);
	dcaar_line(run, b, k, f);
	fprintf(f, "\n");
}

/* The CAAR row's cell of CAR window c: the lead test's estimate and star. */
static const di_test_value *caar_value(const di_run *run, const di_block *b, size_t c)
{
	const di_study *s = run->study;
	const di_test_value *v = NULL;
	for (size_t kk = 0; kk < run->ntw; kk++)
		if (run->tw[kk].from == s->car[c].from && run->tw[kk].to == s->car[c].to)
			v = test_at(b, kk, b->lead);
	return v;
}

static void car_header(const di_run *run, const di_block *b, int alpha, size_t tw, size_t nw,
		       FILE *f)
{
	const di_study *s = run->study;
	fprintf(f, "\n  ");
	di_txt_pad(f, "security", tw);
	fputc(' ', f);
	di_txt_pad(f, "name", nw);
	for (size_t c = 0; c < s->ncar; c++) {
		char h[32];
		snprintf(h, sizeof(h), "CAR[%d,%d]", s->car[c].from, s->car[c].to);
		fprintf(f, " %11s ", h);
	}
	if (alpha)
		fprintf(f, " %8s ", "alpha*L");
	(void)b;
	fprintf(f, "\n");
}

static void car_table(const di_run *run, const di_block *b, const di_derived *dv, FILE *f)
{
	const di_study *s = run->study;
	const int alpha = dv->alpha_material;
	size_t tw = ticker_width(run, b), nw = name_width(run, b);
	char s1[32];
	car_header(run, b, alpha, tw, nw, f);
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		const char *t = run->tickers[se->ticker]->ticker;
		fprintf(f, "  ");
		di_txt_pad(f, t, tw);
		fputc(' ', f);
		di_txt_pad(f, sec_name(run, t), nw);
		for (size_t c = 0; c < s->ncar; c++)
			cell(f, di_txt_pct(se->car[c], s1, sizeof(s1)), di_sig(di_secev_scar_p(se, c)), 12);
		if (alpha)
			cell(f, di_txt_pct(dv->m[i].alpha_L, s1, sizeof(s1)), 0, 9);
		fprintf(f, "\n");
	}
	fprintf(f, "  ");
	di_txt_pad(f, "CAAR", tw + 1 + nw);
	for (size_t c = 0; c < s->ncar; c++) {
		const di_test_value *v = caar_value(run, b, c);
		cell(f, di_txt_pct(v ? v->estimate : NAN, s1, sizeof(s1)),
		     v && di_test_star(b, b->lead, v), 12);
	}
	fprintf(f, "\n  (* security rows: the security's own SCAR t-test, |SCAR| against t(d), nominal p,\n"
		   "   at 5%%; CAAR row: %s, on the placebo p where there is one)\n",
		di_test_names[b->lead]);
	if (alpha)
		fprintf(f, "  (alpha*L: the model's daily alpha times the %d days of CAR[%d,%d], the drift\n"
			   "   the normal return takes out of the CARs; shown when it reaches %s for a security)\n",
			di_derived_head_len(run), run->tw[run->head_tw].from, run->tw[run->head_tw].to,
			di_txt_pct_u(DI_ALPHA_MATERIAL, s1, sizeof(s1)));
	fprintf(f, "\n");
}

/* One relative day t (window position k) whose dates differ: each date
 * (ascending) with its securities. */
static void window_dates_day(const di_run *run, const di_block *b, size_t k, int t, FILE *f)
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
			di_date x = run->se[b->se[i]].date[k];
			if (x != DI_NO_DATE && (last == DI_NO_DATE || x > last) &&
			    (next == DI_NO_DATE || x < next))
				next = x;
		}
		if (next == DI_NO_DATE)
			break;
		di_date_format(next, d);
		fprintf(f, "%s %s %s", last == DI_NO_DATE ? "" : ";", di_txt_weekday(next), d);
		for (size_t i = 0; i < b->n; i++)
			if (run->se[b->se[i]].date[k] == next)
				fprintf(f, " %s", run->tickers[run->se[b->se[i]].ticker]->ticker);
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

/* The relative days of the headline window (and day 0) on which the
 * members' dates differ: which security is on which date. */
static void window_dates(const di_run *run, const di_block *b, FILE *f)
{
	const di_test_window *w = &run->tw[run->head_tw];
	int from = w->from < 0 ? w->from : 0;
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
			window_dates_day(run, b, k, t, f);
	}
}

static void event_section(const di_run *run, const di_block *b, const di_derived *dv, FILE *f)
{
	const di_event *ev = &run->events->e[b->event];
	char d[11], tm[96];
	di_date_format(ev->date, d);
	fprintf(f, "== %s: %s (%s %s%s)%s%s%s\n", ev->id, ev->label, di_txt_weekday(ev->date),
		d, event_time(ev, tm, sizeof(tm)), ev->type[0] ? " [" : "", ev->type,
		ev->type[0] ? "]" : "");
	day0_sentence(run, b, f);
	if (run->day0_tw >= 0)
		day0_line(b, f);
	window_dates(run, b, f);
	day0_table(run, b, dv, f);
	headline_line(run, b, f);
	clustering_line(run, b, f);
	car_table(run, b, dv, f);
	block_tests_table(run, b, run->head_tw, f);
	treated_vs_control(run, b, f);
	for (size_t i = 0; i < run->nexc; i++)
		if (!strcmp(run->exc[i].event_id, ev->id) && run->exc[i].ticker[0])
			fprintf(f, "  Excluded: %s (%s: %s)\n", run->exc[i].ticker, run->exc[i].reason,
				run->exc[i].detail);
	fprintf(f, "\n");
}

/* Why a pooled block is no headline, in one line. */
static void pool_line(const di_run *run, const di_block *b, FILE *f)
{
	size_t nev = 0, none = 0;
	for (size_t i = 0; i < b->n; i++) {
		size_t e = run->se[b->se[i]].event;
		if (i && run->se[b->se[i - 1]].event == e)
			continue; /* members are in event order */
		nev++;
		none += run->events->e[e].expected_sign == 0;
	}
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
static void market_gaps(const di_run *run, FILE *f)
{
	char d[11];
	if (!run->nmgap)
		return;
	fprintf(f, "== Market gaps (%zu): %s has no close on these dates, on which at least half of "
		   "the securities trade;\n   the model calendars skip them and the next return spans "
		   "them\n",
		run->nmgap, run->reg[0]->ticker);
	for (size_t i = 0; i < run->nmgap; i++) {
		di_date_format(run->mgap[i], d);
		fprintf(f, "%s%s", i % 8 ? " " : "  ", d);
		if (i % 8 == 7 || i + 1 == run->nmgap)
			fprintf(f, "\n");
	}
	fprintf(f, "\n");
}

/* --currency: the study currency and how each series reached it. */
static void currency_section(const di_run *run, FILE *f)
{
	const di_study *s = run->study;
	char how[160];
	if (!s->currency)
		return;
	fprintf(f, "== Currency: every return in %s, (1 + r_local)(1 + r_fx) - 1\n", s->currency);
	for (size_t k = 0; k < run->nreg + run->ntickers; k++) {
		const di_series *x = k < run->nreg ? run->reg[k] : run->tickers[k - run->nreg];
		di_fx_describe(run->secinfo, s->currency, x->ticker, how, sizeof(how));
		if (k >= run->nreg && run->nofx && run->nofx[k - run->nreg])
			fprintf(f, "  %s: not converted (no-fx, excluded): %s\n", x->ticker,
				run->nofx[k - run->nreg]);
		else if (how[0] && strcmp(how, s->currency) != 0)
			fprintf(f, "  %s: %s\n", x->ticker, how);
	}
	for (size_t t = 0; run->tmkt && t < run->ntickers; t++) {
		if (!run->tmkt[t])
			continue;
		di_fx_describe(run->secinfo, s->currency, run->tmkt[t]->ticker, how, sizeof(how));
		if (how[0] && strcmp(how, s->currency) != 0)
			fprintf(f, "  %s (market of %s): %s\n", run->tmkt[t]->ticker,
				run->tickers[t]->ticker, how);
	}
	fprintf(f, "\n");
}

static void pooled_section(const di_run *run, const di_block *b, FILE *f)
{
	size_t k = run->head_tw;
	const di_test_value *bw = test_at(b, k, DI_T_BW_CDA);
	const di_test_value *pf = test_at(b, k, DI_T_PORTFOLIO);
	char s1[32], s2[32], s3[96], s4[32], s5[96], cnt[48];
	fprintf(f, "== %s: %s\n", b->id, di_txt_count(b->n, "security-event", "security-events",
						    cnt, sizeof(cnt)));
	pool_line(run, b, f);
	if (b->aligned)
		fprintf(f, "  Sign-aligned: each event's values are multiplied by its expected_sign "
			   "(1 where none is given).\n");
	fprintf(f, "  CAAR[%d,%d] = %s; bw_cda_t = %s, %s%s; portfolio_t = %s, %s%s\n",
		run->tw[k].from, run->tw[k].to, di_txt_pct(bw->estimate, s1, sizeof(s1)),
		di_txt_fixed(bw->s.stat, 2, s2, sizeof(s2)), p_phrase(bw, s3, sizeof(s3)),
		di_test_star(b, DI_T_BW_CDA, bw) ? " *" : "",
		di_txt_fixed(pf->s.stat, 2, s4, sizeof(s4)), p_phrase(pf, s5, sizeof(s5)),
		di_test_star(b, DI_T_PORTFOLIO, pf) ? " *" : "");
	clustering_line(run, b, f);
	fprintf(f, "\n");
	block_tests_table(run, b, k, f);
	fprintf(f, "\n");
}

/* One line stating the placebo setup: N per event, the seed, and each
 * kept event's candidate count (an event with at most N uses each once). */
static void placebo_setup(const di_run *run, FILE *f)
{
	const di_study *s = run->study;
	if (s->placebo <= 0 || !run->plc_ncand) {
		fprintf(f, "Placebo p-values: off (--placebo 0)\n\n");
		return;
	}
	fprintf(f, "Placebo p-values: %d placebo dates per event (seed %lu; an event with fewer "
		   "candidates uses each once); candidates:",
		s->placebo, s->seed);
	for (size_t e = 0; e < run->events->n; e++)
		if (run->event_kept[e])
			fprintf(f, " %s %zu", run->events->e[e].id, run->plc_ncand[e]);
	fprintf(f, "\n\n");
}

int di_report_run_text(const di_run *run, FILE *f)
{
	const di_study *s = run->study;
	size_t kept = 0;
	fprintf(f, "defimpact %s event study%s%s\n", di_version(), s->study_file ? ": " : "",
		s->study_file ? s->study_file : "");
	fprintf(f, "Model: %s", di_model_name(s->model));
	if (run->nreg && s->model != DI_MODEL_MEAN) {
		fprintf(f, " on");
		for (size_t j = 0; j < run->nreg; j++)
			fprintf(f, " %s", run->reg[j]->ticker);
	}
	fprintf(f, "; %s returns; estimation %d:%d (at least %d returns); event window %d:%d\n",
		s->log_returns ? "log" : "simple", s->est.from, s->est.to, s->min_est, s->win.from,
		s->win.to);
	fprintf(f, "Securities:");
	for (size_t t = 0; t < run->ntreated; t++)
		fprintf(f, " %s", run->tickers[t]->ticker);
	if (run->ntreated < run->ntickers)
		fprintf(f, "\nControls:");
	for (size_t t = run->ntreated; t < run->ntickers; t++)
		fprintf(f, " %s", run->tickers[t]->ticker);
	for (size_t e = 0; e < run->events->n; e++)
		kept += run->event_kept[e];
	fprintf(f, "\nEvents: %zu in the file, %zu analysed; %zu security-events, %zu exclusions\n\n",
		run->events->n, kept, run->nse, run->nexc);
	placebo_setup(run, f);
	headlines(run, f);
	for (size_t b = 0; b < run->nblocks; b++)
		if (run->blocks[b].event >= 0)
			event_section(run, &run->blocks[b], &run->derived[b], f);
	for (size_t b = 0; b < run->nblocks; b++)
		if (run->blocks[b].event < 0)
			pooled_section(run, &run->blocks[b], f);
	market_gaps(run, f);
	own_markets_section(run, f);
	currency_section(run, f);
	fprintf(f, "== Exclusions (%zu)\n", run->nexc);
	for (size_t i = 0; i < run->nexc; i++)
		fprintf(f, "  %s %s: %s: %s\n", run->exc[i].event_id,
			run->exc[i].ticker[0] ? run->exc[i].ticker : "(event)", run->exc[i].reason,
			run->exc[i].detail);
	fprintf(f, "\n== Warnings (%zu)\n", run->notes.n);
	for (size_t i = 0; i < run->notes.n; i++) {
		di_txt_line l = {.n = 0};
		di_txt_add(&l, "%s", run->notes.v[i]);
		di_txt_para(f, "  ", &l);
	}
	di_glossary_write(f, DI_GLOSSARY_RUN);
	return 0;
}
