/*
 * report_text.c - summary.txt, the page a person reads: per event the
 * headline CAAR with its most robust test, the securities' CARs, the
 * tests, then exclusions, warnings and parameters. Percent with two
 * decimals; '*' marks significance at 5% (two-sided).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "report_run.h"
#include "textfmt.h"

/* The headline window: [0,1] when it is a CAR window, else the study's
 * first CAR window (the overview plot makes the same choice). */
static size_t headline_window(const di_run *run)
{
	const di_study *s = run->study;
	int from = s->ncar ? s->car[0].from : 0, to = s->ncar ? s->car[0].to : 0;
	for (size_t c = 0; c < s->ncar; c++)
		if (s->car[c].from == 0 && s->car[c].to == 1) {
			from = 0;
			to = 1;
		}
	for (size_t k = 0; k < run->ntw; k++)
		if (run->tw[k].from == from && run->tw[k].to == to)
			return k;
	return 0;
}

/* Order in which tests are shown: robust ones first when clustered. */
static void test_order(int clustered, int *order)
{
	static const int robust[] = {DI_T_BW_CDA, DI_T_PATELL_KP, DI_T_BMP_KP, DI_T_PORTFOLIO,
				     DI_T_CORRADO, DI_T_GEN_SIGN, DI_T_SIGN, DI_T_WILCOXON,
				     DI_T_CSECT, DI_T_PATELL, DI_T_BMP};
	for (int t = 0; t < DI_NTESTS; t++)
		order[t] = clustered ? robust[t] : t;
}

static const char *sec_name(const di_run *run, const char *ticker)
{
	const di_security_info *si = run->secinfo ? di_securities_find(run->secinfo, ticker) : NULL;
	return si && si->name[0] ? si->name : "";
}

static void block_tests_table(const di_run *run, const di_block *b, size_t k, FILE *f)
{
	const di_test_value *tv = &b->tests[k * DI_NTESTS];
	int order[DI_NTESTS];
	char s1[32], s2[32], s3[32];
	test_order(b->clustered, order);
	fprintf(f, "  Tests of CAAR[%d,%d] (n = %zu, rbar = %s):\n", run->tw[k].from, run->tw[k].to,
		tv[0].n, di_txt_fixed(tv[0].rbar, 3, s1, sizeof(s1)));
	fprintf(f, "    %-15s %10s %8s %9s\n", "test", "statistic", "df", "p-value");
	for (int i = 0; i < DI_NTESTS; i++) {
		const di_test_value *v = &tv[order[i]];
		int t = order[i];
		const char *note = "";
		if (b->clustered && (t == DI_T_CSECT || t == DI_T_PATELL || t == DI_T_BMP))
			note = "  (over-rejects: shared day 0)";
		fprintf(f, "    %-15s %10s %8s %9s%s%s\n", di_test_names[t],
			di_txt_fixed(v->s.stat, 3, s1, sizeof(s1)),
			isnan(v->s.df) ? "" : di_txt_fixed(v->s.df, 0, s2, sizeof(s2)),
			di_txt_pval(v->s.p, s3, sizeof(s3)), v->s.p < 0.05 ? " *" : "", note);
	}
}

/* One line per block: the headline CAAR and its most robust test. */
static void headlines(const di_run *run, FILE *f)
{
	size_t k = headline_window(run);
	char s1[32], s2[32], s3[32];
	fprintf(f, "Headlines: CAAR[%d,%d], with the test robust to a shared day 0 (bw_cda_t) where\n"
		   "the securities react together, else bmp_t; * significant at 5%%\n",
		run->tw[k].from, run->tw[k].to);
	for (size_t b = 0; b < run->nblocks; b++) {
		const di_block *bl = &run->blocks[b];
		int lead = bl->clustered || bl->event < 0 ? DI_T_BW_CDA : DI_T_BMP;
		const di_test_value *v = &bl->tests[k * DI_NTESTS + lead];
		fprintf(f, "  %-26s %9s  %s %7s  p %-8s n %zu%s\n", bl->id,
			di_txt_pct(v->estimate, s1, sizeof(s1)), di_test_names[lead],
			di_txt_fixed(v->s.stat, 2, s2, sizeof(s2)), di_txt_pval(v->s.p, s3, sizeof(s3)), v->n,
			v->s.p < 0.05 ? "  *" : "");
	}
	fprintf(f, "\n");
}

static void event_section(const di_run *run, const di_block *b, FILE *f)
{
	const di_study *s = run->study;
	const di_event *ev = &run->events->e[b->event];
	size_t k = headline_window(run);
	const di_test_value *tv = &b->tests[k * DI_NTESTS];
	int lead = b->clustered ? DI_T_BW_CDA : DI_T_BMP;
	char d[11], d0[11], s1[32], s2[32], s3[32];
	size_t w0 = (size_t)(0 - s->win.from);

	di_date_format(ev->date, d);
	fprintf(f, "== %s: %s (%s %s)%s%s%s\n", ev->id, ev->label, di_txt_weekday(ev->date),
		d, ev->type[0] ? " [" : "", ev->type, ev->type[0] ? "]" : "");
	if (s->win.from <= 0 && s->win.to >= 0) {
		di_date first = run->se[b->se[0]].date[w0];
		int same = 1;
		for (size_t i = 1; i < b->n; i++)
			same &= run->se[b->se[i]].date[w0] == first;
		if (same && first != DI_NO_DATE) {
			di_date_format(first, d0);
			fprintf(f, "  Day 0: %s %s for all %zu securities analysed.\n",
				di_txt_weekday(first), d0, b->n);
		} else {
			fprintf(f, "  Day 0 differs by security (their own calendars); %zu analysed.\n",
				b->n);
		}
	}
	fprintf(f, "  Headline: CAAR[%d,%d] = %s (n = %zu); %s = %s, p = %s%s\n", run->tw[k].from,
		run->tw[k].to, di_txt_pct(tv[lead].estimate, s1, sizeof(s1)), tv[lead].n,
		di_test_names[lead], di_txt_fixed(tv[lead].s.stat, 2, s2, sizeof(s2)),
		di_txt_pval(tv[lead].s.p, s3, sizeof(s3)),
		tv[lead].s.p < 0.05 ? " (significant at 5%)" : " (not significant at 5%)");
	if (b->clustered)
		fprintf(f,
			"  Clustering: the securities share day 0, so csect_t, patell_z and bmp_t "
			"over-reject under cross-correlation (rbar = %s); read bw_cda_t, the _kp tests "
			"and portfolio_t.\n",
			di_txt_fixed(tv[0].rbar, 3, s1, sizeof(s1)));
	fprintf(f, "\n  %-10s %-24s", "security", "name");
	for (size_t c = 0; c < s->ncar; c++) {
		char h[32];
		snprintf(h, sizeof(h), "CAR[%d,%d]", s->car[c].from, s->car[c].to);
		fprintf(f, " %11s", h);
	}
	fprintf(f, "\n");
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		const char *t = run->tickers[se->ticker]->ticker;
		char name[25];
		snprintf(name, sizeof(name), "%s", sec_name(run, t));
		fprintf(f, "  %-10s %-24s", t, name);
		for (size_t c = 0; c < s->ncar; c++) {
			char cell[40];
			double p = isnan(se->scar[c]) ? NAN : di_p_student(se->scar[c], se->fit.d);
			snprintf(cell, sizeof(cell), "%s%s", di_txt_pct(se->car[c], s1, sizeof(s1)),
				 p < 0.05 ? "*" : " ");
			fprintf(f, " %11s", cell);
		}
		fprintf(f, "\n");
	}
	fprintf(f, "  %-10s %-24s", "CAAR", "");
	for (size_t c = 0; c < s->ncar; c++) {
		const di_test_value *v = NULL;
		char cell[40];
		for (size_t kk = 0; kk < run->ntw; kk++)
			if (run->tw[kk].from == s->car[c].from && run->tw[kk].to == s->car[c].to)
				v = &b->tests[kk * DI_NTESTS + lead];
		snprintf(cell, sizeof(cell), "%s%s", di_txt_pct(v ? v->estimate : NAN, s1, sizeof(s1)),
			 v && v->s.p < 0.05 ? "*" : " ");
		fprintf(f, " %11s", cell);
	}
	fprintf(f, "\n  (* security rows: |SCAR| significant at 5%% against t(d); CAAR row: %s)\n\n",
		di_test_names[lead]);
	block_tests_table(run, b, k, f);
	for (size_t i = 0; i < run->nexc; i++)
		if (!strcmp(run->exc[i].event_id, ev->id) && run->exc[i].ticker[0])
			fprintf(f, "  Excluded: %s (%s: %s)\n", run->exc[i].ticker, run->exc[i].reason,
				run->exc[i].detail);
	fprintf(f, "\n");
}

static void pooled_section(const di_run *run, const di_block *b, FILE *f)
{
	size_t k = headline_window(run);
	const di_test_value *tv = &b->tests[k * DI_NTESTS];
	char s1[32], s2[32], s3[32], s4[32], s5[32];
	fprintf(f, "== %s: %zu security-events\n", b->id, b->n);
	fprintf(f, "  CAAR[%d,%d] = %s; bw_cda_t = %s, p = %s; portfolio_t = %s, p = %s\n\n",
		run->tw[k].from, run->tw[k].to, di_txt_pct(tv[0].estimate, s1, sizeof(s1)),
		di_txt_fixed(tv[DI_T_BW_CDA].s.stat, 2, s2, sizeof(s2)),
		di_txt_pval(tv[DI_T_BW_CDA].s.p, s3, sizeof(s3)),
		di_txt_fixed(tv[DI_T_PORTFOLIO].s.stat, 2, s4, sizeof(s4)),
		di_txt_pval(tv[DI_T_PORTFOLIO].s.p, s5, sizeof(s5)));
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
	for (size_t t = 0; t < run->ntickers; t++)
		fprintf(f, " %s", run->tickers[t]->ticker);
	for (size_t e = 0; e < run->events->n; e++)
		kept += run->event_kept[e];
	fprintf(f, "\nEvents: %zu in the file, %zu analysed; %zu security-events, %zu exclusions\n\n",
		run->events->n, kept, run->nse, run->nexc);
	placebo_setup(run, f);
	headlines(run, f);
	for (size_t b = 0; b < run->nblocks; b++)
		if (run->blocks[b].event >= 0)
			event_section(run, &run->blocks[b], f);
	for (size_t b = 0; b < run->nblocks; b++)
		if (run->blocks[b].event < 0)
			pooled_section(run, &run->blocks[b], f);
	fprintf(f, "== Exclusions (%zu)\n", run->nexc);
	for (size_t i = 0; i < run->nexc; i++)
		fprintf(f, "  %s %s: %s: %s\n", run->exc[i].event_id,
			run->exc[i].ticker[0] ? run->exc[i].ticker : "(event)", run->exc[i].reason,
			run->exc[i].detail);
	fprintf(f, "\n== Warnings (%zu)\n", run->notes.n);
	for (size_t i = 0; i < run->notes.n; i++)
		fprintf(f, "  %s\n", run->notes.v[i]);
	return 0;
}
