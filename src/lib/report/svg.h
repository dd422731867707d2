/*
 * svg.h - a small SVG writer for the report plots: elements, XML
 * escaping, fixed-point coordinates, nice axis ticks and a linear scale.
 * Everything it writes is a pure function of its arguments, so that a
 * report is byte-identical across runs, machines and locales.
 */
#ifndef DI_SVG_H
#define DI_SVG_H

#include <stddef.h>
#include <stdio.h>

/* Longest text di_svg_fixed can write, NUL included. */
#define DI_SVG_NUMSZ 32

/* The font stack of every text element: DejaVu Sans is on most Linux
 * systems, the others elsewhere; widths are estimated, never measured. */
#define DI_SVG_FONT "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"

/*
 * Format v with exactly dec decimals (0..6) into buf (DI_SVG_NUMSZ bytes),
 * by integer arithmetic: no printf, so no locale, and the same text on
 * every libc. Rounds half away from zero; "-0.00" is written "0.00".
 * A value that is NaN, infinite or beyond 1e12 is written as "0" with the
 * decimals (the plots never pass one; this keeps the XML valid anyway).
 * Returns the length.
 */
size_t di_svg_fixed(double v, int dec, char *buf);

/* Write s with &, <, >, " and ' escaped; control characters other than
 * tab and newline (invalid in XML 1.0) become '?'. */
void di_svg_escape(FILE *f, const char *s);

/*
 * Nice ticks for the range [lo, hi]: the step is 1, 2 or 5 times a power
 * of ten, the smallest one that covers the range with at most max_int
 * intervals, and the ticks run from the largest multiple of the step at or
 * below lo to the smallest at or above hi (the axis is widened to them).
 * [-0.034, 0.061] with max_int 8: step 0.02, ticks -0.04 .. 0.08 (7).
 * lo == hi is widened around the value; max_int is at least 1.
 * Uses no libm function beyond floor/ceil, so the result is exact IEEE
 * arithmetic, the same everywhere.
 */
typedef struct di_ticks {
	long first; /* the first tick is first * step */
	int m, e;   /* step = m * 10^e, m in {1, 2, 5} */
	double step;
	int n;      /* number of ticks, >= 2 */
} di_ticks;

void di_svg_ticks(double lo, double hi, int max_int, di_ticks *t);
/* The value of tick i (0 <= i < n), (first + i) m 10^e rounded once. */
double di_svg_tick(const di_ticks *t, int i);
/* Decimals that show every tick exactly once the values are multiplied by
 * 10^unit_exp (2 for percent): 0 for whole numbers. */
int di_svg_ticks_decimals(const di_ticks *t, int unit_exp);

/* A linear map of [d0, d1] onto pixels [p0, p1]. */
typedef struct di_scale {
	double d0, d1, p0, p1;
} di_scale;

double di_svg_map(const di_scale *s, double v);

/* Estimated width in pixels of the n bytes at s in DI_SVG_FONT at size px
 * (UTF-8 aware, average glyph widths): for layout only (wrapping, label
 * columns), never written. */
double di_svg_text_width(const char *s, size_t n, double px);

/*
 * Elements. Coordinates are written with two decimals. Colours and other
 * attribute values are constants of the caller, written as given.
 */
/* The XML declaration and the <svg> element with a white background. */
void di_svg_begin(FILE *f, int width, int height, const char *title);
void di_svg_end(FILE *f);
void di_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
		 double width, const char *dash);
void di_svg_rect(FILE *f, double x, double y, double w, double h, const char *fill,
		 const char *stroke, double opacity);
void di_svg_circle(FILE *f, double cx, double cy, double r, const char *fill,
		   const char *stroke);
/* A polyline (fill none; dash NULL for a solid line) or, with fill set, a
 * closed polygon (stroke none) through n points. */
void di_svg_polyline(FILE *f, size_t n, const double *x, const double *y, const char *stroke,
		     double width, const char *dash);
void di_svg_polygon(FILE *f, size_t n, const double *x, const double *y, const char *fill,
		    double opacity);
/* Text at (x, y) (baseline). anchor is "start", "middle" or "end"; weight
 * "normal" or "bold"; rotate (degrees) 0 for none, else about (x, y). */
void di_svg_text(FILE *f, double x, double y, double px, const char *anchor, const char *weight,
		 const char *fill, double rotate, const char *s);

#endif
