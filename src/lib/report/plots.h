/*
 * plots.h - the report plots, drawn with svg.c: per event the CAR paths
 * with the CAAR and its 95% band (car-<event_id>.svg), the headline CAAR
 * of every event (overview.svg), and a horizontal bar chart for `moves`.
 * The plots only draw what run.c, blockstats.c and derived.c computed
 * (derived.c holds the band of methodology.md, section "Plots").
 */
#ifndef DI_PLOTS_H
#define DI_PLOTS_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "report.h"
#include "result_view.h"

/* car-<event_id>.svg of the event block b (b->event set). */
int di_plot_event(FILE *f, const di_rview *v, const di_rv_block *b);

/* overview.svg: one row per analysed event, in the events file's order. */
int di_plot_overview(FILE *f, const di_rview *v);

/* The file name of an event's plot into buf (bufsz bytes): car-<id>.svg,
 * with each byte of the id that is not a letter, digit, '.', '-', '_' or
 * part of a UTF-8 character replaced by '_', and cut to 200 bytes, so that
 * an id such as "a/b" cannot name a path outside the report folder. */
void di_plot_event_file(const char *id, char *buf, size_t bufsz);

/* Write every plot of a run into the report folder. */
int di_plots_write_run(const di_rview *v, di_report_dir *d);

/*
 * A horizontal bar chart, one row per label (top to bottom in the given
 * order), for values that are fractions drawn in percent: a[i] and, when b
 * is not NULL, b[i] side by side (a NaN value draws no bar and says n/a).
 * ref, unless NaN, is a dashed vertical line named ref_name (e.g. the
 * benchmark's move). ylabel names the value axis (e.g. "move (%)"); a_name
 * and b_name go into the legend. Returns 0 or DI_ENOMEM.
 */
int di_plot_bars(FILE *f, const char *title, const char *ylabel, size_t n,
		 const char *const *labels, const double *a, const double *b, const char *a_name,
		 const char *b_name, double ref, const char *ref_name);

/* The same chart with a z column: z[i] (NaN: none) and, when p is not
 * NULL, a star where p[i] is below 5%; the reference line is labelled with
 * its value. */
typedef struct di_bars {
	const char *title, *ylabel;
	size_t n;
	const char *const *labels;
	const double *a, *b;
	const char *a_name, *b_name;
	const double *z, *p;
	double ref;
	const char *ref_name;
} di_bars;
int di_plot_bars_z(FILE *f, const di_bars *spec);

/*
 * moves-claims.svg: one panel per claim over a horizon, top to bottom: the
 * cumulative move at each close (cum[0] = 0 at the last close before
 * since), the claim as a dashed line, the band of moves its qualifier
 * accepts shaded (band_lo <= band_hi, signed; an open side is +-INFINITY),
 * the peak and the trough marked. Returns 0 or DI_ENOMEM.
 */
typedef struct di_plot_claim {
	const char *caption; /* the panel's title line */
	size_t n;
	const di_date *date;
	const double *cum;
	double claim, band_lo, band_hi;
	size_t peak, trough; /* indices into cum */
} di_plot_claim;

int di_plot_claims(FILE *f, const char *title, size_t n, const di_plot_claim *c);

#endif
