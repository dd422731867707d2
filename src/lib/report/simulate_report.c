/*
 * simulate_report.c - the report folder of `simulate`: simulate.csv (one
 * row per test x window x clustering x injected return x kind of p),
 * summary.txt (size at inject 0, power above it, in words) and power.svg.
 * Written atomically through report.c, like run's reports. It reads the
 * simulation's counts and what simulate.c kept of the run (its windows,
 * the headline window, the tickers), never the run itself.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvw.h"
#include "report.h"
#include "signif.h"
#include "simulate.h"
#include "svg.h"
#include "textfmt.h"

static const size_t *counts_of(const di_simulation *sim, size_t m, size_t i, size_t s, size_t t,
			       size_t kind)
{
	return sim->counts + di_sim_at(sim, m, i, s, t, kind);
}

/* The rates of one cell (simulate_rates.c). */
static const di_sim_rate *rates_of(const di_simulation *sim, size_t m, size_t i, size_t s,
				   size_t t, size_t kind)
{
	return sim->rates + di_sim_at(sim, m, i, s, t, kind) / DI_SIM_NCOUNT;
}

static int write_csv(FILE *f, const void *payload)
{
	const di_simulation *sim = payload;
	const di_study *st = sim->study;
	size_t nkind = st->placebo > 0 ? 2 : 1;
	di_csvw w;
	di_csvw_init(&w, f, st->dialect == DI_DIALECT_EXCEL_EU);
	di_csvw_header(&w, "test,from,to,clustered,inject,trials,reject_01,reject_05,reject_10,"
			   "p_kind,ci05_lo,ci05_hi");
	for (size_t t = 0; t < DI_NTESTS; t++)
		for (size_t s = 0; s < sim->nsel && di_sim_reports(t); s++)
			for (size_t m = 0; m < sim->nmodes; m++)
				for (size_t i = 0; i < st->ninject; i++)
					for (size_t k = 0; k < nkind; k++) {
						const size_t *c = counts_of(sim, m, i, s, t, k);
						const di_sim_rate *r = rates_of(sim, m, i, s, t, k);
						const struct di_sim_window *tw = &sim->win[s];
						di_csvw_text(&w, di_test_names[t]);
						di_csvw_int(&w, tw->from);
						di_csvw_int(&w, tw->to);
						di_csvw_text(&w, sim->modes[m] == DI_CLUSTERED_YES ? "yes" : "no");
						di_csvw_num(&w, st->inject[i]);
						di_csvw_int(&w, (long)c[DI_SIM_N]);
						di_csvw_num(&w, r->r01);
						di_csvw_num(&w, r->r05);
						di_csvw_num(&w, r->r10);
						di_csvw_text(&w, k ? "placebo" : "nominal");
						di_csvw_num(&w, r->lo05);
						di_csvw_num(&w, r->hi05);
						di_csvw_end_row(&w);
					}
	return 0;
}

/* --- summary.txt ----------------------------------------------------------- */

/* The words of a verdict on a test's size (simulate_rates.c). */
static const char *verdict_text(int v)
{
	switch (v) {
	case DI_SIM_NO_TRIALS: return "no trials";
	case DI_SIM_OVER_REJECTS: return "over-rejects";
	case DI_SIM_CANNOT_REJECT: return "cannot reject at 5% with this N";
	case DI_SIM_UNDER_REJECTS: return "under-rejects";
	case DI_SIM_CONSERVATIVE: return "holds (exact discrete p, conservative)";
	default: return "holds its size";
	}
}

static void size_table(const di_simulation *sim, size_t m, size_t i0, size_t kind, FILE *f)
{
	char buf[32];
	fprintf(f, "  %-16s", "test");
	for (size_t s = 0; s < sim->nsel; s++) {
		snprintf(buf, sizeof(buf), "[%d,%d]", sim->win[s].from, sim->win[s].to);
		fprintf(f, " %8s", buf);
	}
	fprintf(f, "  verdict\n");
	for (size_t t = 0; t < DI_NTESTS; t++) {
		if (!di_sim_reports(t))
			continue;
		fprintf(f, "  %-16s", di_test_names[t]);
		for (size_t s = 0; s < sim->nsel; s++) {
			const size_t *c = counts_of(sim, m, i0, s, t, kind);
			const di_sim_rate *r = rates_of(sim, m, i0, s, t, kind);
			fprintf(f, " %8s", c[DI_SIM_N] ? di_txt_fixed(100 * r->r05, 1, buf, sizeof(buf))
						      : "-");
		}
		fprintf(f, "  %s\n",
			verdict_text(sim->verdict[(m * DI_SIM_NKIND + kind) * DI_NTESTS + t]));
	}
}

static void power_table(const di_simulation *sim, size_t m, size_t s, FILE *f)
{
	const di_study *st = sim->study;
	char buf[32];
	fprintf(f, "  %-16s", "inject");
	for (size_t i = 0; i < st->ninject; i++)
		fprintf(f, " %8s", di_txt_fixed(100 * st->inject[i], 2, buf, sizeof(buf)));
	fprintf(f, "\n");
	for (size_t t = 0; t < DI_NTESTS; t++) {
		if (!di_sim_reports(t))
			continue;
		fprintf(f, "  %-16s", di_test_names[t]);
		for (size_t i = 0; i < st->ninject; i++) {
			const size_t *c = counts_of(sim, m, i, s, t, DI_SIM_NOMINAL);
			const di_sim_rate *r = rates_of(sim, m, i, s, t, DI_SIM_NOMINAL);
			fprintf(f, " %8s", c[DI_SIM_N] ? di_txt_fixed(100 * r->r05, 1, buf, sizeof(buf))
						      : "-");
		}
		fprintf(f, "\n");
	}
}

static void summary_header(const di_simulation *sim, FILE *f)
{
	const di_study *st = sim->study;
	fprintf(f, "defimpact %s simulation (size and power)%s%s\n", di_version(),
		st->study_file ? ": " : "", st->study_file ? st->study_file : "");
	fprintf(f, "Securities:");
	for (size_t i = 0; i < sim->nused; i++)
		fprintf(f, " %s", sim->tickers[sim->used[i]]);
	if (sim->nused < sim->ntickers) {
		fprintf(f, " (left out, excluded from every real event:");
		for (size_t t = 0, i = 0; t < sim->ntickers; t++) {
			if (i < sim->nused && sim->used[i] == t)
				i++;
			else
				fprintf(f, " %s", sim->tickers[t]);
		}
		fprintf(f, ")");
	}
	fprintf(f, "\nModel: %s; estimation %d:%d (at least %d returns); event window %d:%d\n",
		di_model_name(st->model), st->est.from, st->est.to, st->min_est, st->win.from,
		st->win.to);
	fprintf(f, "Trials: %d per clustering (seed %lu). Candidate dates (the real events' windows "
		   "excluded):",
		st->trials, st->seed);
	for (size_t m = 0; m < sim->nmodes; m++) {
		if (sim->modes[m] == DI_CLUSTERED_YES)
			fprintf(f, " %zu shared by all securities (clustered yes)%s", sim->ncand_all,
				m + 1 < sim->nmodes ? ";" : "");
		else
			fprintf(f, " %zu to %zu per security (clustered no)", sim->ncand_min,
				sim->ncand_max);
	}
	fprintf(f, ".\nA test rejects when its p-value is at most the level. Rates in percent of "
		   "the trials in which the statistic exists.\n");
	if (st->placebo > 0)
		fprintf(f, "p_placebo: %d placebo dates per trial (their windows apart from the "
			   "trial's).\n",
			st->placebo);
	fprintf(f, "\n");
}

static int write_summary(FILE *f, const void *payload)
{
	const di_simulation *sim = payload;
	const di_study *st = sim->study;
	int i0 = sim->inject0;
	size_t h = sim->head_sel;
	summary_header(sim, f);
	for (size_t m = 0; m < sim->nmodes; m++) {
		const char *mode = sim->modes[m] == DI_CLUSTERED_YES
					   ? "clustered yes: one day 0 shared by all securities"
					   : "clustered no: each security on its own day 0";
		if (i0 < 0) {
			fprintf(f, "No size table: --inject has no 0.\n\n");
		} else {
			fprintf(f, "Size at 5%%, nominal p (%s).\nA test holds its size when the 95%% "
				   "Wilson interval of its rate holds 5%% in every window:\n",
				mode);
			size_table(sim, m, (size_t)i0, DI_SIM_NOMINAL, f);
			fprintf(f, "\n");
			if (st->placebo > 0) {
				fprintf(f, "Size at 5%%, p_placebo (%s):\n", mode);
				size_table(sim, m, (size_t)i0, DI_SIM_PLACEBO, f);
				fprintf(f, "\n");
			}
		}
		fprintf(f, "Power at 5%%, nominal p, CAAR[%d,%d] (%s), by injected return (%%):\n",
			sim->win[h].from, sim->win[h].to, mode);
		power_table(sim, m, h, f);
		fprintf(f, "\n");
	}
	fprintf(f, "simulate.csv has every test, window, clustering and injected return, at 1, 5 "
		   "and 10%%.\n");
	return 0;
}

/* --- power.svg ---------------------------------------------------------------- */

static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
				      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
#define PW 420.0 /* panel width */
#define PH 300.0
#define LEFT 60.0
#define TOP 50.0
#define LEGEND 150.0

static void panel_axes(FILE *f, const di_scale *xs, const di_scale *ys, const di_ticks *xt,
		       double x0, const char *title)
{
	char b[DI_SVG_NUMSZ + 2];
	int dec = di_svg_ticks_decimals(xt, 2);
	for (int k = 0; k <= 10; k += 2) {
		double y = di_svg_map(ys, k / 10.0);
		di_svg_line(f, x0, y, x0 + PW, y, "#e4e4e4", 1.0, NULL);
		di_svg_fixed(k * 10.0, 0, b);
		strcat(b, "%");
		di_svg_text(f, x0 - 6, y + 4, 11, "end", "normal", "#222222", 0, b);
	}
	for (int k = 0; k < xt->n; k++) {
		double v = di_svg_tick(xt, k), x = di_svg_map(xs, v);
		di_svg_line(f, x, TOP + PH, x, TOP + PH + 4, "#222222", 1.0, NULL);
		di_svg_fixed(v * 100.0, dec, b);
		strcat(b, "%");
		di_svg_text(f, x, TOP + PH + 18, 11, "middle", "normal", "#222222", 0, b);
	}
	/* the 5% level: power at inject 0 is the size */
	di_svg_line(f, x0, di_svg_map(ys, DI_SIG_LEVEL), x0 + PW, di_svg_map(ys, DI_SIG_LEVEL),
		    "#999999", 1.0, "4 3");
	di_svg_rect(f, x0, TOP, PW, PH, "none", "#222222", 1.0);
	di_svg_text(f, x0 + PW / 2, TOP - 10, 13, "middle", "bold", "#222222", 0, title);
	di_svg_text(f, x0 + PW / 2, TOP + PH + 36, 11, "middle", "normal", "#222222", 0,
		    "abnormal return injected on day 0");
}

static int write_svg(FILE *f, const void *payload)
{
	const di_simulation *sim = payload;
	const di_study *st = sim->study;
	size_t h = sim->head_sel, ni = st->ninject;
	double lo = st->inject[0], hi = st->inject[0], xv[64], yv[64];
	int W = (int)(LEFT + sim->nmodes * (PW + LEFT) + LEGEND), H = (int)(TOP + PH + 60);
	char title[128];
	di_ticks xt;
	for (size_t i = 1; i < ni; i++) {
		lo = st->inject[i] < lo ? st->inject[i] : lo;
		hi = st->inject[i] > hi ? st->inject[i] : hi;
	}
	di_svg_ticks(lo, hi, 6, &xt);
	snprintf(title, sizeof(title), "Power at 5%%, CAAR[%d,%d], nominal p",
		 sim->win[h].from, sim->win[h].to);
	di_svg_begin(f, W, H, title);
	for (size_t m = 0; m < sim->nmodes; m++) {
		double x0 = LEFT + (double)m * (PW + LEFT);
		di_scale xs = {di_svg_tick(&xt, 0), di_svg_tick(&xt, xt.n - 1), x0, x0 + PW};
		di_scale ys = {0, 1, TOP + PH, TOP};
		char pt[160];
		snprintf(pt, sizeof(pt), "%s, clustered %s", title,
			 sim->modes[m] == DI_CLUSTERED_YES ? "yes" : "no");
		panel_axes(f, &xs, &ys, &xt, x0, pt);
		for (size_t t = 0; t < DI_NTESTS; t++) {
			if (!di_sim_reports(t))
				continue;
			size_t n = 0;
			for (size_t i = 0; i < ni && n < 64; i++) {
				const size_t *c = counts_of(sim, m, i, h, t, DI_SIM_NOMINAL);
				if (!c[DI_SIM_N])
					continue;
				xv[n] = di_svg_map(&xs, st->inject[i]);
				yv[n++] = di_svg_map(&ys, rates_of(sim, m, i, h, t, DI_SIM_NOMINAL)->r05);
			}
			if (n)
				di_svg_polyline(f, n, xv, yv, palette[t % NPALETTE], 1.6,
						t < NPALETTE ? NULL : "5 3");
		}
	}
	for (size_t t = 0; t < DI_NTESTS; t++) {
		if (!di_sim_reports(t))
			continue;
		double x = LEFT + (double)sim->nmodes * (PW + LEFT) - 30, y = TOP + 14 + 18.0 * (double)t;
		di_svg_line(f, x, y - 4, x + 22, y - 4, palette[t % NPALETTE], 1.6,
			    t < NPALETTE ? NULL : "5 3");
		di_svg_text(f, x + 28, y, 11, "start", "normal", "#222222", 0, di_test_names[t]);
	}
	di_svg_end(f);
	return 0;
}

int di_simulate_write(const di_simulation *sim, const char *outdir)
{
	di_report_dir d;
	int rc;
	if ((rc = di_report_begin(&d, outdir, sim->study->bom)))
		return rc;
	if (!(rc = di_report_file(&d, "simulate.csv", 1, write_csv, sim)) &&
	    !(rc = di_report_file(&d, "summary.txt", 0, write_summary, sim)) &&
	    !(rc = di_report_file(&d, "power.svg", 0, write_svg, sim)))
		rc = di_report_commit(&d);
	di_report_end(&d);
	return rc;
}
