/*
 * svg.c - the SVG writer of the report plots.
 *
 * Why our own, and not a plotting library (gnuplot, cairo, plplot): the
 * plots are part of a report that regression tests compare byte for byte,
 * so the output has to be a pure function of the numbers. A few hundred
 * lines of fprintf give exactly that: no fonts are loaded or measured, no
 * rendering library, no version of one that changes the output, no
 * timestamps or generator comments, and no dependency to install. The
 * viewer (any browser) does the rendering.
 *
 * Numbers in the file never go through printf's %f: di_svg_fixed formats
 * by integer arithmetic, so a caller's setlocale(LC_NUMERIC, "de_DE")
 * cannot turn "12.50" into "12,50" and break every coordinate. Integers
 * (%d) are locale-independent in printf and are written directly. Tick
 * steps are built from exact powers of ten and use no log10/pow, whose
 * last bits differ between libm versions.
 */
#include <math.h>
#include <string.h>

#include "svg.h"

/* 10^e for |e| <= 22: exact for e >= 0, the correctly rounded quotient
 * 1 / 10^-e otherwise. */
static double p10(int e)
{
	double r = 1.0;
	int a = e < 0 ? -e : e;
	if (a > 22)
		a = 22;
	for (int i = 0; i < a; i++)
		r *= 10.0;
	return e < 0 ? 1.0 / r : r;
}

/* k * 10^e, rounded once (division by the exact power when e < 0). */
static double scaled(double k, int e)
{
	return e < 0 ? k / p10(-e) : k * p10(e);
}

size_t di_svg_fixed(double v, int dec, char *buf)
{
	char tmp[DI_SVG_NUMSZ];
	unsigned long long u;
	double r;
	size_t n = 0, len = 0;
	int neg;
	if (dec < 0)
		dec = 0;
	if (dec > 6)
		dec = 6;
	if (!isfinite(v) || fabs(v) > 1e12)
		v = 0.0;
	r = v * p10(dec);
	r = r < 0 ? -floor(-r + 0.5) : floor(r + 0.5);
	neg = r < 0;
	u = (unsigned long long)(neg ? -r : r);
	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u || n <= (size_t)dec);
	if (neg)
		buf[len++] = '-';
	while (n > 0) {
		buf[len++] = tmp[--n];
		if (n == (size_t)dec && dec > 0)
			buf[len++] = '.';
	}
	buf[len] = '\0';
	return len;
}

/* A coordinate: two decimals. */
static void num(FILE *f, double v)
{
	char b[DI_SVG_NUMSZ];
	di_svg_fixed(v, 2, b);
	fputs(b, f);
}

/* ` stroke="c" stroke-width="w"` and the dash pattern, if any. */
static void stroke_attrs(FILE *f, const char *stroke, double width, const char *dash)
{
	fprintf(f, " stroke=\"%s\" stroke-width=\"", stroke);
	num(f, width);
	fputc('"', f);
	if (dash)
		fprintf(f, " stroke-dasharray=\"%s\"", dash);
}

/* ` fill-opacity="x"`, left out when opaque (the SVG default). */
static void fill_opacity(FILE *f, double opacity)
{
	if (opacity < 1.0) {
		fputs(" fill-opacity=\"", f);
		num(f, opacity);
		fputc('"', f);
	}
}

void di_svg_escape(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n')
				fputc('?', f);
			else
				fputc(*p, f);
		}
	}
}

void di_svg_ticks(double lo, double hi, int max_int, di_ticks *t)
{
	static const int mant[3] = {1, 2, 5};
	double target;
	int e = 0;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0.0;
		hi = 1.0;
	}
	/* an axis is for people: beyond +-1e15 (a CAR of 1e17 %) the data are
	 * absurd, and the tick arithmetic below would overflow a long */
	if (lo < -1e15)
		lo = -1e15;
	if (hi > 1e15)
		hi = 1e15;
	if (lo > 1e15)
		lo = 1e15;
	if (hi < -1e15)
		hi = -1e15;
	if (lo > hi) {
		double x = lo;
		lo = hi;
		hi = x;
	}
	if (max_int < 1)
		max_int = 1;
	if (!(hi - lo > 1e-12 * (fabs(lo) + fabs(hi)) && hi - lo > 1e-15)) {
		double pad = fabs(lo) > 1e-12 ? fabs(lo) * 0.1 : 0.01;
		lo -= pad;
		hi += pad;
	}
	target = (hi - lo) / max_int;
	/* the decade: 10^e <= target < 10^(e+1) */
	while (e > -20 && p10(e) > target)
		e--;
	while (e < 20 && p10(e + 1) <= target)
		e++;
	for (;; e++) {
		for (int k = 0; k < 3; k++) {
			double step = scaled(mant[k], e);
			/* a relative slack, so that 0.06 / 0.02 = 2.9999999999999996
			 * does not give a spurious extra tick */
			double a = floor(lo / step + 1e-9);
			double b = ceil(hi / step - 1e-9);
			if (b - a <= max_int || e >= 22) {
				t->first = (long)a;
				t->m = mant[k];
				t->e = e;
				t->step = step;
				t->n = (int)(b - a) + 1;
				if (t->n < 2)
					t->n = 2;
				return;
			}
		}
	}
}

double di_svg_tick(const di_ticks *t, int i)
{
	return scaled((double)((t->first + i) * t->m), t->e);
}

int di_svg_ticks_decimals(const di_ticks *t, int unit_exp)
{
	int e = t->e + unit_exp;
	return e < 0 ? -e : 0;
}

double di_svg_map(const di_scale *s, double v)
{
	if (s->d1 == s->d0)
		return (s->p0 + s->p1) / 2.0;
	return s->p0 + (v - s->d0) / (s->d1 - s->d0) * (s->p1 - s->p0);
}

double di_svg_text_width(const char *s, size_t n, double px)
{
	const unsigned char *end = (const unsigned char *)s + n;
	double w = 0.0;
	for (const unsigned char *p = (const unsigned char *)s; p < end && *p; p++) {
		unsigned char c = *p;
		if ((c & 0xC0) == 0x80)
			continue; /* UTF-8 continuation byte */
		if (c == ' ')
			w += 0.32;
		else if (c >= '0' && c <= '9')
			w += 0.64;
		else if (c >= 'A' && c <= 'Z')
			w += c == 'I' || c == 'J' ? 0.32 : (c == 'M' || c == 'W' ? 0.88 : 0.70);
		else if (c >= 'a' && c <= 'z')
			w += strchr("ijlft", c) ? 0.30 : (c == 'm' || c == 'w' ? 0.92 : 0.61);
		else if (strchr(".,:;'|!", c))
			w += 0.33;
		else
			w += 0.62;
	}
	return w * px;
}

void di_svg_begin(FILE *f, int width, int height, const char *title)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"%s\">\n",
		width, height, width, height, DI_SVG_FONT);
	fputs("<title>", f);
	di_svg_escape(f, title);
	fputs("</title>\n", f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width,
		height);
}

void di_svg_end(FILE *f)
{
	fputs("</svg>\n", f);
}

void di_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
		 double width, const char *dash)
{
	fputs("<line x1=\"", f);
	num(f, x1);
	fputs("\" y1=\"", f);
	num(f, y1);
	fputs("\" x2=\"", f);
	num(f, x2);
	fputs("\" y2=\"", f);
	num(f, y2);
	fputc('"', f);
	stroke_attrs(f, stroke, width, dash);
	fputs("/>\n", f);
}

void di_svg_rect(FILE *f, double x, double y, double w, double h, const char *fill,
		 const char *stroke, double opacity)
{
	fputs("<rect x=\"", f);
	num(f, x);
	fputs("\" y=\"", f);
	num(f, y);
	fputs("\" width=\"", f);
	num(f, w < 0 ? 0 : w);
	fputs("\" height=\"", f);
	num(f, h < 0 ? 0 : h);
	fprintf(f, "\" fill=\"%s\"", fill);
	if (stroke)
		fprintf(f, " stroke=\"%s\"", stroke);
	fill_opacity(f, opacity);
	fputs("/>\n", f);
}

void di_svg_circle(FILE *f, double cx, double cy, double r, const char *fill,
		   const char *stroke)
{
	fputs("<circle cx=\"", f);
	num(f, cx);
	fputs("\" cy=\"", f);
	num(f, cy);
	fputs("\" r=\"", f);
	num(f, r);
	fprintf(f, "\" fill=\"%s\"", fill);
	if (stroke)
		fprintf(f, " stroke=\"%s\"", stroke);
	fputs("/>\n", f);
}

static void points(FILE *f, size_t n, const double *x, const double *y)
{
	fputs(" points=\"", f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(' ', f);
		num(f, x[i]);
		fputc(',', f);
		num(f, y[i]);
	}
	fputc('"', f);
}

void di_svg_polyline(FILE *f, size_t n, const double *x, const double *y, const char *stroke,
		     double width, const char *dash)
{
	fputs("<polyline", f);
	points(f, n, x, y);
	fputs(" fill=\"none\"", f);
	stroke_attrs(f, stroke, width, dash);
	fputs(" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n", f);
}

void di_svg_polygon(FILE *f, size_t n, const double *x, const double *y, const char *fill,
		    double opacity)
{
	fputs("<polygon", f);
	points(f, n, x, y);
	fprintf(f, " fill=\"%s\" stroke=\"none\"", fill);
	fill_opacity(f, opacity);
	fputs("/>\n", f);
}

void di_svg_text(FILE *f, double x, double y, double px, const char *anchor, const char *weight,
		 const char *fill, double rotate, const char *s)
{
	fputs("<text x=\"", f);
	num(f, x);
	fputs("\" y=\"", f);
	num(f, y);
	fputs("\" font-size=\"", f);
	num(f, px);
	fputc('"', f);
	if (anchor && strcmp(anchor, "start") != 0)
		fprintf(f, " text-anchor=\"%s\"", anchor);
	if (weight && strcmp(weight, "normal") != 0)
		fprintf(f, " font-weight=\"%s\"", weight);
	fprintf(f, " fill=\"%s\"", fill);
	if (rotate != 0.0) {
		fputs(" transform=\"rotate(", f);
		num(f, rotate);
		fputc(' ', f);
		num(f, x);
		fputc(' ', f);
		num(f, y);
		fputs(")\"", f);
	}
	fputc('>', f);
	di_svg_escape(f, s);
	fputs("</text>\n", f);
}
