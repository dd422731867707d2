/*
 * report_html.c - index.html: one self-contained page for people, offline
 * and without scripts: the headline table, per event its plot (the SVG
 * inline), its day-0 table and its CARs, the overview plot, and the whole
 * summary.txt at the end. Tables scroll inside their box and plots scale
 * down to the page, so nothing overflows a narrow window; a print style
 * keeps each plot on one page. It reads the run's view (result_view.h)
 * only: every number, p and mark on the page was decided in the engine.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "plots.h"
#include "report_run.h"
#include "textfmt.h"

static const char style[] =
	"body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0 auto;max-width:960px;"
	"padding:0 16px;color:#222;line-height:1.4}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}\n"
	".t{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;font-size:.9em;margin:.5em 0}\n"
	"th,td{padding:2px 8px;border-bottom:1px solid #e4e4e4;white-space:nowrap}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"svg{max-width:100%;height:auto;display:block}\n"
	"pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8em;background:#f7f7f7;"
	"padding:8px}\n"
	"@media print{body{max-width:none}figure,svg,table{break-inside:avoid}"
	"h2{break-after:avoid}}\n";

static void esc(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

static void td(FILE *f, const char *s, int num)
{
	fputs(num ? "<td class=\"n\">" : "<td>", f);
	esc(f, s);
	fputs("</td>", f);
}

static void headline_table(const di_rview *v, FILE *f)
{
	char s1[48], s2[48], s3[48];
	fprintf(f, "<h2>Headlines: CAAR[%d,%d]</h2>\n<div class=\"t\"><table>\n<tr><th>block</th>"
		   "<th>CAAR</th><th>lead test</th><th>statistic</th><th>p</th><th>5%%</th>"
		   "<th>Holm</th><th>n</th></tr>\n", v->head_from, v->head_to);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		const di_rv_test *h = &b->lead;
		fputs("<tr>", f);
		td(f, b->id, 0);
		td(f, di_txt_pct(h->estimate, s1, sizeof(s1)), 1);
		td(f, h->name, 0);
		td(f, di_txt_fixed(h->stat, 2, s2, sizeof(s2)), 1);
		td(f, di_txt_p(h->kind == DI_P_PLACEBO ? "placebo p" : "nominal p", h->p, s3,
			       sizeof(s3)), 0);
		td(f, b->pool != DI_POOL_OK ? "not a headline"
		      : h->star ? "significant" : "not significant", 0);
		td(f, b->event ? di_txt_pval(b->p_holm, s1, sizeof(s1)) : "", 1);
		snprintf(s2, sizeof(s2), "%zu", h->n);
		td(f, s2, 1);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* Day 0 and the CARs of each security of an event (derived.c, car.csv). */
static void event_table(const di_rview *v, const di_rv_block *b, FILE *f)
{
	const di_study *s = v->study;
	char c[48];
	fputs("<div class=\"t\"><table>\n<tr><th>security</th><th>name</th><th>day-0 return</th>"
	      "<th>market</th><th>normal</th><th>abnormal</th><th>p</th>", f);
	for (size_t w = 0; w < s->ncar; w++)
		fprintf(f, "<th>CAR[%d,%d]</th>", s->car[w].from, s->car[w].to);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < b->n; i++) {
		const di_rv_member *m = &b->m[i];
		const double d0[] = {m->d->d0_r, m->d->d0_m, m->d->d0_normal, m->d->d0_ar};
		fputs("<tr>", f);
		td(f, m->ticker, 0);
		td(f, m->name, 0);
		for (int j = 0; j < 4; j++)
			td(f, di_txt_pct(d0[j], c, sizeof(c)), 1);
		td(f, di_txt_pval(m->d->d0_p, c, sizeof(c)), 1);
		for (size_t w = 0; w < s->ncar; w++) {
			char cell[48];
			snprintf(cell, sizeof(cell), "%s%s", di_txt_pct(m->car[w], c, sizeof(c)),
				 m->car_sig[w] ? "*" : "");
			td(f, cell, 1);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n<p>p: the security's own t-test of its day-0 abnormal return "
	      "(nominal); *: its own SCAR t-test at 5%.</p>\n", f);
}

static int event_section(const di_rview *v, const di_rv_block *b, FILE *f)
{
	char d[11];
	int rc;
	di_date_format(b->event->date, d);
	fputs("<h2>", f);
	esc(f, b->event->id);
	fputs(": ", f);
	esc(f, b->event->label);
	fprintf(f, " (%s)</h2>\n<figure>\n", d);
	if ((rc = di_plot_event(f, v, b)))
		return rc;
	fputs("</figure>\n", f);
	event_table(v, b, f);
	return 0;
}

/* summary.txt into the page, escaped. */
static int summary_pre(const di_rview *v, FILE *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;
	if (!m)
		return di_error_oom();
	rc = di_report_run_text(v, m);
	if (fclose(m) != 0 && !rc)
		rc = di_error_oom();
	if (!rc) {
		fputs("<h2>The summary (summary.txt)</h2>\n<pre>", f);
		esc(f, buf);
		fputs("</pre>\n", f);
	}
	free(buf); /* open_memstream's buffer comes from malloc */
	return rc;
}

int di_report_run_html(const di_rview *v, FILE *f)
{
	const di_study *s = v->study;
	int rc;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
	esc(f, s->study_file ? s->study_file : "defimpact event study");
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	esc(f, s->study_file ? s->study_file : "defimpact event study");
	fprintf(f, "</h1>\n<p>defimpact %s event study. Model: %s; %s returns; estimation %d:%d; "
		   "event window %d:%d. The tables are in the CSV files and report.xlsx.</p>\n",
		di_version(), di_model_name(s->model), s->log_returns ? "log" : "simple",
		s->est.from, s->est.to, s->win.from, s->win.to);
	headline_table(v, f);
	fputs("<figure>\n", f);
	if ((rc = di_plot_overview(f, v)))
		return rc;
	fputs("</figure>\n", f);
	for (size_t i = 0; i < v->nblocks; i++)
		if (v->blocks[i].event && (rc = event_section(v, &v->blocks[i], f)))
			return rc;
	if ((rc = summary_pre(v, f)))
		return rc;
	fputs("</body>\n</html>\n", f);
	return 0;
}
