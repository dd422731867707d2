/*
 * plots.c - the report plots. Each plot is laid out in fixed pixels
 * (900 wide, as tall as its content) from estimated text widths, so the
 * layout, like the file, is a pure function of the run: no fonts are
 * measured. Values are fractions in the run and percent on the axes.
 *
 * The plots draw what the engine computed, read from the run's view
 * (result_view.h): the CAR paths, the CAAR band's edges and the headline
 * intervals come from derived.c, the headline window from the headlines;
 * nothing here recomputes them.
 *
 * car-<id>.svg: each security's CAR path, the CAAR and its 95% band; up to
 * 12 securities all coloured and labelled at their right end, beyond that
 * the top and bottom 5 by final CAR, the others thin and grey.
 * overview.svg: per event the headline CAAR with its interval.
 * moves.svg (di_plot_bars_z): bars per row with its z, the benchmark's
 * move as a labelled reference line.
 */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "error.h"
#include "plots.h"
#include "signif.h"
#include "svg.h"

#define W 900
#define FONT_TITLE 16.0
#define FONT_SUB 12.0
#define FONT_TICK 11.0
#define FONT_LABEL 11.0
#define INK "#222222"
#define GREY "#666666"
#define GRID "#e4e4e4"
#define BAND "#4c72b0"
#define BAR_A "#1f77b4"
#define BAR_B "#ff7f0e"

/* Colours of the securities (by their index among the study's tickers, so a
 * ticker keeps its colour across the event plots) and of event types. */
static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
				      "#9467bd", "#8c564b", "#e377c2", "#17becf",
				      "#bcbd22", "#393b79", "#637939", "#843c39"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

static const char *const weekday[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* --- text helpers ------------------------------------------------------- */

/* v in percent with dec decimals, "+" before a positive value when sign. */
static char *pct(double v, int dec, int sign, char *buf)
{
	char t[DI_SVG_NUMSZ];
	int nonzero = 0;
	di_svg_fixed(v * 100.0, dec, t);
	for (const char *p = t; *p; p++)
		nonzero |= *p >= '1' && *p <= '9';
	buf[0] = '\0';
	if (sign && nonzero && t[0] != '-')
		strcpy(buf, "+");
	strcat(buf, t);
	return buf;
}

/* Bold glyphs of DejaVu Sans are about a tenth wider than regular ones;
 * measure them with a larger size. */
static double measure_px(double px, const char *weight)
{
	return weight && !strcmp(weight, "bold") ? px * 1.12 : px;
}

/* Length of the longest prefix of s (at a UTF-8 character boundary) that
 * is at most maxw pixels wide. */
static size_t fit_prefix(const char *s, size_t n, double px, double maxw)
{
	size_t k = 0;
	while (k < n) {
		size_t j = k + 1;
		while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (di_svg_text_width(s, j, px) > maxw)
			break;
		k = j;
	}
	return k;
}

/* Write n bytes of s as a text element, with "..." (U+2026) appended when
 * ell is set. */
static int text_n(FILE *f, double x, double y, double px, const char *anchor, const char *weight,
		  const char *fill, const char *s, size_t n, int ell)
{
	char *t;
	if (!f) /* measuring only */
		return 0;
	t = di_malloc(n + 4);
	if (!t)
		return di_error_oom();
	memcpy(t, s, n);
	strcpy(t + n, ell ? "\xE2\x80\xA6" : "");
	di_svg_text(f, x, y, px, anchor, weight, fill, 0.0, t);
	di_free(t);
	return 0;
}

/* s cut with an ellipsis to fit maxw pixels. */
static int text_fit(FILE *f, double x, double y, double px, const char *anchor,
		    const char *weight, const char *fill, const char *s, double maxw)
{
	size_t n = strlen(s);
	double mpx = measure_px(px, weight);
	if (di_svg_text_width(s, n, mpx) <= maxw)
		return text_n(f, x, y, px, anchor, weight, fill, s, n, 0);
	n = fit_prefix(s, n, mpx, maxw - mpx * 0.8);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return text_n(f, x, y, px, anchor, weight, fill, s, n, 1);
}

/* s wrapped at spaces into at most maxlines lines of maxw pixels, the last
 * one cut with an ellipsis; *lines gets the number written. */
static int text_wrap(FILE *f, double x, double y, double px, const char *weight,
		     const char *fill, const char *s, double maxw, int maxlines, double lineh,
		     int *lines)
{
	const char *p = s;
	double mpx = measure_px(px, weight);
	int rc;
	*lines = 0;
	while (*p == ' ')
		p++;
	while (*p && *lines < maxlines) {
		size_t rest = strlen(p), take = 0, q = 0;
		if (*lines == maxlines - 1 || di_svg_text_width(p, rest, mpx) <= maxw) {
			rc = text_fit(f, x, y, px, "start", weight, fill, p, maxw);
			if (rc)
				return rc;
			(*lines)++;
			return 0;
		}
		/* the longest run of whole words that fits */
		while (q < rest) {
			size_t e = q;
			while (e < rest && p[e] == ' ')
				e++;
			while (e < rest && p[e] != ' ')
				e++;
			if (di_svg_text_width(p, e, mpx) > maxw)
				break;
			take = e;
			q = e;
		}
		if (take == 0) /* one word wider than the line: cut it */
			take = fit_prefix(p, rest, mpx, maxw);
		if (take == 0)
			take = 1;
		if ((rc = text_n(f, x, y, px, "start", weight, fill, p, take, 0)))
			return rc;
		(*lines)++;
		y += lineh;
		p += take;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static void fmt_date(di_date d, char *buf)
{
	char t[11];
	di_date_format(d, t);
	strcpy(buf, weekday[di_date_weekday(d)]);
	strcat(buf, " ");
	strcat(buf, t);
}

/* --- axes ---------------------------------------------------------------- */

/* Horizontal grid lines and labels of the y ticks (values in percent). */
static void y_axis(FILE *f, const di_ticks *t, const di_scale *ys, double x0, double x1)
{
	int dec = di_svg_ticks_decimals(t, 2);
	for (int i = 0; i < t->n; i++) {
		double v = di_svg_tick(t, i), y = di_svg_map(ys, v);
		char b[DI_SVG_NUMSZ + 2];
		di_svg_line(f, x0, y, x1, y, GRID, 1.0, NULL);
		di_svg_text(f, x0 - 6, y + 4, FONT_TICK, "end", "normal", INK, 0.0,
			    pct(v, dec, 0, b));
	}
}

/* Vertical grid lines and labels of the x ticks (percent when pct_axis). */
static void x_axis(FILE *f, const di_ticks *t, const di_scale *xs, double y0, double y1,
		   int pct_axis, double lo, double hi)
{
	int dec = di_svg_ticks_decimals(t, pct_axis ? 2 : 0);
	for (int i = 0; i < t->n; i++) {
		double v = di_svg_tick(t, i), x = di_svg_map(xs, v);
		char b[DI_SVG_NUMSZ + 2];
		if (v < lo - 1e-9 || v > hi + 1e-9)
			continue;
		di_svg_line(f, x, y0, x, y1, GRID, 1.0, NULL);
		if (pct_axis)
			pct(v, dec, 0, b);
		else
			di_svg_fixed(v, dec, b);
		di_svg_text(f, x, y1 + 16, FONT_TICK, "middle", "normal", INK, 0.0, b);
	}
}

static void frame(FILE *f, double x0, double y0, double x1, double y1)
{
	fputs("<rect x=\"", f);
	{
		char b[DI_SVG_NUMSZ];
		di_svg_fixed(x0, 2, b);
		fputs(b, f);
		fputs("\" y=\"", f);
		di_svg_fixed(y0, 2, b);
		fputs(b, f);
		fputs("\" width=\"", f);
		di_svg_fixed(x1 - x0, 2, b);
		fputs(b, f);
		fputs("\" height=\"", f);
		di_svg_fixed(y1 - y0, 2, b);
		fputs(b, f);
	}
	fputs("\" fill=\"none\" stroke=\"#999999\" stroke-width=\"1.00\"/>\n", f);
}

static void widen(double v, double *lo, double *hi)
{
	if (!isfinite(v))
		return;
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* --- labels at the right end of the lines, nudged apart ------------------ */

typedef struct end_label {
	const char *text;
	const char *colour;
	double x, y; /* end of the line */
	double col;  /* left edge of the label's column */
	double w;    /* estimated width of the label */
	double ly;   /* label position (text centre) */
	int bold;
} end_label;

/* Stable insertion sort: by column, right to left, then by y. */
static void sort_labels(end_label *l, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		end_label t = l[i];
		size_t j = i;
		while (j > 0 && (l[j - 1].col < t.col || (l[j - 1].col == t.col && l[j - 1].y > t.y))) {
			l[j] = l[j - 1];
			j--;
		}
		l[j] = t;
	}
}

/* Spread labels sorted by y to at least gap apart within [top, bottom]:
 * push down, then back up from the bottom. */
static void nudge(end_label *l, size_t n, double gap, double top, double bottom)
{
	for (size_t i = 0; i < n; i++) {
		l[i].ly = l[i].y;
		if (l[i].ly < top)
			l[i].ly = top;
		if (i > 0 && l[i].ly < l[i - 1].ly + gap)
			l[i].ly = l[i - 1].ly + gap;
	}
	for (size_t i = n; i-- > 0;) {
		double lim = i + 1 < n ? l[i + 1].ly - gap : bottom;
		if (l[i].ly > lim)
			l[i].ly = lim;
	}
}

/*
 * Place each label at the right end of its line: lines that reach the end
 * of the window share the column right of the plot; a line that stops
 * early (a missing AR) is labelled just after its last point. A column too
 * close to the next one on its right (the labels would overlap) joins it.
 * Within a column the labels are nudged apart vertically.
 */
static void place_labels(end_label *l, size_t n, double right, double top, double bottom)
{
	double next = 1e300; /* the column placed last, to the right */
	size_t a = 0;
	for (size_t i = 0; i < n; i++)
		l[i].col = l[i].x >= right - 30 ? right + 10 : l[i].x + 7;
	sort_labels(l, n);
	while (a < n) {
		size_t b = a;
		double c = l[a].col, w = 0;
		while (b < n && l[b].col == c) {
			if (l[b].w > w)
				w = l[b].w;
			b++;
		}
		if (c + w + 4 > next)
			c = next;
		for (size_t i = a; i < b; i++)
			l[i].col = c;
		next = c;
		a = b;
	}
	sort_labels(l, n);
	for (a = 0; a < n;) {
		size_t b = a;
		while (b < n && l[b].col == l[a].col)
			b++;
		nudge(l + a, b - a, 13.0, top, bottom);
		a = b;
	}
}

/* --- car-<id>.svg ---------------------------------------------------------- */

void di_plot_event_file(const char *id, char *buf, size_t bufsz)
{
	size_t n = 0, lim = bufsz > 16 ? bufsz - 9 : 0;
	if (lim > 204)
		lim = 204;
	strcpy(buf, "car-");
	n = 4;
	for (const unsigned char *p = (const unsigned char *)id; *p && n < lim; p++) {
		unsigned char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '.' || c == '-' || c == '_' || c >= 0x80;
		buf[n++] = ok ? (char)c : '_';
	}
	if (id[n - 4]) {
		/* cut: never end inside a UTF-8 character */
		size_t k = n - 1;
		unsigned char lead;
		while (k > 4 && ((unsigned char)buf[k] & 0xC0) == 0x80)
			k--;
		lead = (unsigned char)buf[k];
		if (lead >= 0xC0 && n - k < (size_t)(lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2))
			n = k;
	}
	strcpy(buf + n, ".svg");
}

/* With more securities than this, only the top and bottom EV_LABEL_K by
 * final CAR are labelled and coloured; the others are thin and grey. */
#define EV_LABEL_ALL 12
#define EV_LABEL_K 5
#define EV_PLOT_H 400.0 /* height of the plot area */
#define EV_GAP 13.0     /* vertical distance between two labels */
#define OTHERS "#b4b4b4"

typedef struct ev_plot {
	const di_rview *v;
	const di_rv_block *b;
	const di_derived *dv;
	int w1, w2;
	double lo, hi, left, right, top, bottom, labw, legend_y;
	int H, title_lines;
	di_ticks yt, xt;
	di_scale xsc, ysc;
	const char **colour; /* per member; NULL: drawn thin and grey */
	size_t ncoloured, ngrey;
	double *xs, *ys;     /* scratch, 2 nw + 2 points */
	end_label *lab;
} ev_plot;

static void ev_free(ev_plot *p)
{
	di_free(p->colour);
	di_free(p->xs);
	di_free(p->ys);
	di_free(p->lab);
}

static const char *ev_ticker(const ev_plot *p, size_t i)
{
	return p->b->m[i].ticker;
}

/* Which members are labelled, and their colours: all of them up to
 * EV_LABEL_ALL, else the top and bottom EV_LABEL_K by final CAR. A study
 * whose tickers fit the palette colours each by its ticker (the same
 * colour in every event's plot); else by rank among the labelled, so that
 * no two labelled lines share a colour. */
static void ev_colours(ev_plot *p)
{
	const di_derived *dv = p->dv;
	size_t n = dv->n, nwith = 0;
	for (size_t i = 0; i < n; i++)
		nwith += dv->m[i].len > 0;
	for (size_t r = 0; r < nwith; r++) {
		size_t i = dv->by_car[r];
		size_t t = p->b->m[i].ticker_index;
		if (n > EV_LABEL_ALL && r >= EV_LABEL_K && r + EV_LABEL_K < nwith)
			continue;
		p->colour[i] = p->v->ntickers <= NPALETTE ? palette[t] : palette[p->ncoloured % NPALETTE];
		p->ncoloured++;
	}
	p->ngrey = nwith - p->ncoloured;
}

/* The y range: every path and the band. */
static void ev_range(ev_plot *p)
{
	const di_derived *dv = p->dv;
	p->lo = p->hi = 0.0;
	for (size_t i = 0; i < dv->n; i++)
		for (size_t j = 0; j < dv->m[i].len; j++)
			widen(dv->m[i].path[j], &p->lo, &p->hi);
	for (size_t j = 0; j < dv->ncaar; j++) {
		int band = !isnan(dv->band[j]);
		widen(band ? dv->band_lo[j] : p->b->caar[j], &p->lo, &p->hi);
		widen(band ? dv->band_hi[j] : p->b->caar[j], &p->lo, &p->hi);
	}
}

static int ev_legend_lines(const ev_plot *p, FILE *f);

static int ev_layout(ev_plot *p, const di_rview *v, const di_rv_block *b)
{
	const char *label = b->event->label;
	int rc;
	*p = (ev_plot){.v = v, .b = b, .w1 = v->study->win.from, .w2 = v->study->win.to};
	p->dv = b->d;
	p->colour = di_calloc(b->n + 1, sizeof(*p->colour));
	p->xs = di_calloc(2 * (size_t)v->nw + 2, sizeof(double));
	p->ys = di_calloc(2 * (size_t)v->nw + 2, sizeof(double));
	p->lab = di_calloc(b->n + 2, sizeof(*p->lab));
	if (!p->colour || !p->xs || !p->ys || !p->lab)
		return di_error_oom();
	ev_colours(p);
	ev_range(p);
	di_svg_ticks(p->lo, p->hi, 8, &p->yt);
	di_svg_ticks((double)p->w1, (double)p->w2, 10, &p->xt);
	/* the label column: as wide as the widest label drawn */
	p->labw = di_svg_text_width("CAAR", 4, measure_px(FONT_LABEL, "bold"));
	for (size_t i = 0; i < b->n; i++)
		if (p->colour[i]) {
			const char *t = ev_ticker(p, i);
			double w = di_svg_text_width(t, strlen(t), FONT_LABEL) + (b->n == 1 ? 60 : 0);
			p->labw = w > p->labw ? w : p->labw;
		}
	p->labw = p->labw > 160 ? 160 : p->labw;
	p->left = 72;
	p->right = W - 22 - p->labw - 10;
	if ((rc = text_wrap(NULL, 20, 28, FONT_TITLE, "bold", INK, label, W - 60, 2, 20,
			    &p->title_lines)))
		return rc;
	p->top = 28 + 20.0 * (p->title_lines - 1) + 22 + 26;
	p->bottom = p->top + EV_PLOT_H;
	p->xsc = (di_scale){p->w1 - 0.5, p->w2 + 0.5, p->left, p->right};
	p->ysc = (di_scale){di_svg_tick(&p->yt, 0), di_svg_tick(&p->yt, p->yt.n - 1), p->bottom,
			    p->top};
	p->legend_y = p->bottom + 66;
	p->H = (int)(p->legend_y + 18.0 * (ev_legend_lines(p, NULL) - 1) + 14);
	return 0;
}

/* Title (wrapped), the id and type on the left, the dates on the right. */
static int ev_header(FILE *f, ev_plot *p)
{
	const di_event *ev = p->b->event;
	const di_rv_block *b = p->b;
	char buf[200], d1[20], d0[20];
	double y = p->top - 26, lw;
	int lines, rc;
	if ((rc = text_wrap(f, 20, 28, FONT_TITLE, "bold", INK, ev->label, W - 60, 2, 20, &lines)))
		return rc;
	snprintf(buf, sizeof(buf), "%s%s%s%s", ev->id, ev->type[0] ? " (" : "", ev->type,
		 ev->type[0] ? ")" : "");
	lw = di_svg_text_width(buf, strlen(buf), FONT_SUB);
	lw = lw > 360 ? 360 : lw;
	if ((rc = text_fit(f, 20, y, FONT_SUB, "start", "normal", GREY, buf, 360)))
		return rc;
	fmt_date(ev->date, d1);
	if (b->n > 0 && b->m[0].d0_date != DI_NO_DATE) {
		fmt_date(b->m[0].d0_date, d0);
		snprintf(buf, sizeof(buf), "event date %s, day 0 %s%s; %zu securit%s", d1, d0,
			 b->clustered || b->n == 1 ? "" : " (first security)", b->n,
			 b->n == 1 ? "y" : "ies");
	} else {
		snprintf(buf, sizeof(buf), "event date %s; %zu securit%s", d1, b->n,
			 b->n == 1 ? "y" : "ies");
	}
	return text_fit(f, W - 20, y, FONT_SUB, "end", "normal", GREY, buf, W - 40 - lw - 24);
}

/* Grid, axes, the CAAR band (upper edge forward, lower edge back), the
 * zero line and the day-0 line. */
static void ev_axes_band(FILE *f, ev_plot *p)
{
	const di_derived *dv = p->dv;
	size_t nc = dv->ncaar;
	y_axis(f, &p->yt, &p->ysc, p->left, p->right);
	x_axis(f, &p->xt, &p->xsc, p->top, p->bottom, 0, p->w1, p->w2);
	if (nc > 0 && !isnan(dv->band[0])) {
		for (size_t j = 0; j < nc; j++) {
			p->xs[j] = p->xs[2 * nc - 1 - j] = di_svg_map(&p->xsc, p->w1 + (double)j);
			p->ys[j] = di_svg_map(&p->ysc, dv->band_hi[j]);
			p->ys[2 * nc - 1 - j] = di_svg_map(&p->ysc, dv->band_lo[j]);
		}
		di_svg_polygon(f, 2 * nc, p->xs, p->ys, BAND, 0.18);
	}
	di_svg_line(f, p->left, di_svg_map(&p->ysc, 0.0), p->right, di_svg_map(&p->ysc, 0.0),
		    "#000000", 1.0, NULL);
	if (p->w1 <= 0 && p->w2 >= 0) {
		double x = di_svg_map(&p->xsc, 0.0);
		di_svg_line(f, x, p->top, x, p->bottom, "#000000", 1.0, "4 3");
		di_svg_text(f, x + 4, p->top + 12, FONT_TICK, "start", "normal", GREY, 0.0, "day 0");
	}
}

/* One path as a polyline; returns the number of points. */
static size_t ev_path(ev_plot *p, const double *v, size_t len)
{
	for (size_t j = 0; j < len; j++) {
		p->xs[j] = di_svg_map(&p->xsc, p->w1 + (double)j);
		p->ys[j] = di_svg_map(&p->ysc, v[j]);
	}
	return len;
}

/* The grey securities, then the coloured ones, then the CAAR; with one
 * security the CAAR is its CAR: a wide pale underlay beneath its line, so
 * that the line stays visible. */
static int ev_lines(FILE *f, ev_plot *p)
{
	const di_derived *dv = p->dv;
	size_t nl = 0, n;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < dv->n; i++) {
			const di_derived_member *m = &dv->m[i];
			const char *c = p->colour[i];
			if (!m->len || (pass == 0) != (c == NULL))
				continue;
			if (pass == 1 && dv->n == 1 && dv->ncaar)
				di_svg_polyline(f, ev_path(p, p->b->caar, dv->ncaar), p->xs, p->ys,
						"#bbbbbb", 7.0, NULL);
			n = ev_path(p, m->path, m->len);
			di_svg_polyline(f, n, p->xs, p->ys, c ? c : OTHERS, c ? 1.4 : 0.8, NULL);
			if (c) {
				di_svg_circle(f, p->xs[n - 1], p->ys[n - 1], 2.0, c, NULL);
				p->lab[nl++] = (end_label){ev_ticker(p, i), c, p->xs[n - 1],
							   p->ys[n - 1], 0, 0, 0, 0};
			}
		}
	if (dv->ncaar && dv->n != 1) {
		n = ev_path(p, p->b->caar, dv->ncaar);
		di_svg_polyline(f, n, p->xs, p->ys, "#000000", 2.6, NULL);
		p->lab[nl++] = (end_label){"CAAR", "#000000", p->xs[n - 1], p->ys[n - 1], 0, 0, 0, 1};
	}
	if (nl == 0)
		di_svg_text(f, (p->left + p->right) / 2, (p->top + p->bottom) / 2 - 20, FONT_SUB,
			    "middle", "normal", GREY, 0.0,
			    "no abnormal return in the event window (see ar.csv)");
	frame(f, p->left, p->top, p->right, p->bottom);
	p->lab[nl].text = NULL;
	return 0;
}

/* The labels at the ends of their lines, nudged apart within the plot's
 * height (joined to their line when moved), then the axis titles. */
static int ev_labels(FILE *f, ev_plot *p)
{
	size_t nl = 0;
	char one[128];
	int rc;
	while (p->lab[nl].text)
		nl++;
	if (p->dv->n == 1 && nl == 1) {
		snprintf(one, sizeof(one), "%s = CAAR", p->lab[0].text);
		p->lab[0].text = one;
	}
	for (size_t i = 0; i < nl; i++)
		p->lab[i].w = di_svg_text_width(p->lab[i].text, strlen(p->lab[i].text),
						measure_px(FONT_LABEL, p->lab[i].bold ? "bold" : NULL));
	place_labels(p->lab, nl, p->right, p->top + 5, p->bottom - 5);
	for (size_t i = 0; i < nl; i++) {
		const end_label *l = &p->lab[i];
		if (fabs(l->ly - l->y) > 0.5 || l->col > l->x + 8)
			di_svg_line(f, l->x + 2, l->y, l->col - 2, l->ly, l->colour, 0.6, "2 2");
		if ((rc = text_fit(f, l->col, l->ly + 4, FONT_LABEL, "start",
				   l->bold ? "bold" : "normal", l->colour, l->text,
				   W - 12 - l->col < p->labw ? W - 12 - l->col : p->labw)))
			return rc;
	}
	di_svg_text(f, 20, (p->top + p->bottom) / 2, FONT_SUB, "middle", "normal", INK, -90.0,
		    "CAR (%)");
	di_svg_text(f, (p->left + p->right) / 2, p->bottom + 36, FONT_SUB, "middle", "normal", INK,
		    0.0, "relative trading day (day 0: first trading day on or after the event date)");
	return 0;
}

/* A legend item: a swatch of 24 px, then its text; wraps to a new line
 * when it would pass the right margin. f NULL: measure only. */
static void legend_item(FILE *f, double *x, double *y, int *lines, const char *text, int kind,
			const ev_plot *p)
{
	double w = 30 + di_svg_text_width(text, strlen(text), FONT_TICK);
	if (*x + w > W - 20 && *x > 20) {
		*x = 20;
		*y += 18;
		(*lines)++;
	}
	if (f && kind == 0)
		di_svg_line(f, *x, *y - 4, *x + 24, *y - 4, "#000000", 2.6, NULL);
	if (f && kind == 5)
		di_svg_line(f, *x, *y - 4, *x + 24, *y - 4, "#bbbbbb", 7.0, NULL);
	if (f && kind == 1)
		di_svg_rect(f, *x, *y - 10, 24, 12, BAND, NULL, 0.18);
	for (size_t i = 0, k = 0; f && kind == 2 && i < p->dv->n && k < 3; i++) {
		const char *c = p->colour[p->dv->by_car[i]]; /* the colours the plot uses */
		if (!c)
			continue;
		di_svg_line(f, *x + 8.0 * (double)k, *y - 4,
			    p->ncoloured == 1 ? *x + 24 : *x + 8.0 * (double)k + 8, *y - 4, c, 2.0, NULL);
		k++;
	}
	if (f && kind == 3)
		di_svg_line(f, *x, *y - 4, *x + 24, *y - 4, OTHERS, 0.8, NULL);
	if (f)
		di_svg_text(f, *x + 30, *y, FONT_TICK, "start", "normal",
			    kind == 4 ? GREY : INK, 0.0, text);
	*x += w + 24;
}

/* The legend, left to right, wrapped; returns its number of lines. */
static int ev_legend_lines(const ev_plot *p, FILE *f)
{
	double x = 20, y = p->legend_y, S = p->b->S;
	int lines = 1, c = 1 - p->w1; /* t - W1 + 1 = t + c */
	char buf[200], sb[DI_SVG_NUMSZ + 2];
	legend_item(f, &x, &y, &lines,
		    p->dv->n == 1 ? "CAAR (here the security's CAR)" : "CAAR (mean CAR)",
		    p->dv->n == 1 ? 5 : 0, p);
	if (isnan(S)) {
		legend_item(f, &x, &y, &lines, "no 95% band: S of bw_cda_t undefined", 4, p);
	} else {
		snprintf(buf, sizeof(buf),
			 "95%% band: CAAR \xC2\xB1 1.96 \xE2\x88\x9A(t %s %d) S, S = %s%%",
			 c < 0 ? "-" : "+", c < 0 ? -c : c, pct(S, 2, 0, sb));
		legend_item(f, &x, &y, &lines, buf, 1, p);
	}
	if (p->ngrey)
		snprintf(buf, sizeof(buf), "CAR of the top and bottom %d by final CAR", EV_LABEL_K);
	else
		snprintf(buf, sizeof(buf), "CAR of %s", p->dv->n == 1 ? "the security" : "each security");
	if (p->ncoloured)
		legend_item(f, &x, &y, &lines, buf, 2, p);
	snprintf(buf, sizeof(buf), "CAR of the other %zu", p->ngrey);
	if (p->ngrey)
		legend_item(f, &x, &y, &lines, buf, 3, p);
	return lines;
}

static void ev_legend(FILE *f, ev_plot *p)
{
	ev_legend_lines(p, f);
}

int di_plot_event(FILE *f, const di_rview *v, const di_rv_block *b)
{
	ev_plot p;
	int rc;
	if ((rc = ev_layout(&p, v, b)))
		goto done;
	di_svg_begin(f, W, p.H, b->event->label);
	if ((rc = ev_header(f, &p)))
		goto done;
	ev_axes_band(f, &p);
	if ((rc = ev_lines(f, &p)))
		goto done;
	if ((rc = ev_labels(f, &p)))
		goto done;
	ev_legend(f, &p);
	di_svg_end(f);
done:
	ev_free(&p);
	return rc;
}

/* --- overview.svg ------------------------------------------------------------ */

/* Colour of an event type: by order of first appearance among the
 * analysed events; untyped events are grey. */
static const char *type_colour(const di_rview *v, const char *type)
{
	size_t k = 0;
	if (!type[0])
		return "#555555";
	for (size_t i = 0; i < v->nblocks; i++) {
		const char *t;
		if (!v->blocks[i].event)
			continue;
		t = v->blocks[i].event->type;
		if (!t[0])
			continue;
		if (!strcmp(t, type))
			return palette[k % NPALETTE];
		/* count distinct types before this one */
		{
			int seen = 0;
			for (size_t j = 0; j < i && !seen; j++)
				seen = v->blocks[j].event && !strcmp(v->blocks[j].event->type, t);
			if (!seen)
				k++;
		}
	}
	return "#555555";
}

#define OV_ROWH 34.0
#define OV_TOP 96.0

typedef struct ov_plot {
	const di_rview *v;
	int L;         /* the length of the headline window */
	double labw, valw, left, right, bottom;
	int H;
	di_ticks xt;
	di_scale xsc;
} ov_plot;

/* "+1.23% (n = 4)": the value column of a row. */
static const char *ov_value(const di_rv_test *tv, char *buf, size_t n)
{
	char sb[DI_SVG_NUMSZ + 2];
	if (isnan(tv->estimate))
		snprintf(buf, n, "n/a");
	else
		snprintf(buf, n, "%s%% (n = %zu)", pct(tv->estimate, 2, 1, sb), tv->n);
	return buf;
}

/* The x range (every headline CAAR and its interval), the widths of the
 * id and value columns, and the canvas height. */
static void ov_layout(ov_plot *p, const di_rview *v)
{
	double lo = 0.0, hi = 0.0;
	size_t nev = 0;
	char buf[64];
	*p = (ov_plot){.v = v, .L = v->head_len, .labw = 60, .valw = 60};
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		const di_rv_test *tv = &b->bw;
		const char *id = b->id;
		double w;
		if (!b->event)
			continue;
		nev++;
		w = di_svg_text_width(id, strlen(id), FONT_SUB);
		p->labw = w > p->labw ? w : p->labw;
		ov_value(tv, buf, sizeof(buf));
		w = di_svg_text_width(buf, strlen(buf), FONT_TICK);
		p->valw = w > p->valw ? w : p->valw;
		widen(tv->estimate, &lo, &hi);
		if (!isnan(b->d->head_hw) && !isnan(tv->estimate)) {
			widen(b->d->head_lo, &lo, &hi);
			widen(b->d->head_hi, &lo, &hi);
		}
	}
	p->labw = p->labw > 280 ? 280 : p->labw;
	p->left = 20 + p->labw + 16;
	p->right = W - 20 - p->valw - 10;
	p->bottom = OV_TOP + OV_ROWH * (double)(nev ? nev : 1);
	p->H = (int)p->bottom + 52;
	di_svg_ticks(lo, hi, 8, &p->xt);
	p->xsc = (di_scale){di_svg_tick(&p->xt, 0), di_svg_tick(&p->xt, p->xt.n - 1), p->left,
			    p->right};
}

/* Title, what is drawn, and the legend of the event types. */
static int ov_header(FILE *f, const ov_plot *p)
{
	const di_rview *v = p->v;
	char buf[200];
	double x = 20, y = 74;
	int rc;
	di_svg_text(f, 20, 28, FONT_TITLE, "start", "bold", INK, 0.0, "Headline CAAR per event");
	snprintf(buf, sizeof(buf),
		 "CAAR[%d,%d], the headline window, with its 95%% interval \xC2\xB1 1.96 \xE2\x88\x9A"
		 "L S (L = %d day%s, S of bw_cda_t per event)",
		 v->head_from, v->head_to, p->L, p->L == 1 ? "" : "s");
	if ((rc = text_fit(f, 20, 50, FONT_SUB, "start", "normal", GREY, buf, W - 40)))
		return rc;
	for (size_t i = 0; i < v->nblocks; i++) {
		const char *t, *name;
		int seen = 0;
		if (!v->blocks[i].event)
			continue;
		t = v->blocks[i].event->type;
		for (size_t j = 0; j < i && !seen; j++)
			seen = v->blocks[j].event && !strcmp(v->blocks[j].event->type, t);
		name = t[0] ? t : "no type";
		if (seen || x + 24 + di_svg_text_width(name, strlen(name), FONT_TICK) > W - 300)
			continue;
		di_svg_circle(f, x + 5, y - 4, 4.5, type_colour(v, t), NULL);
		di_svg_text(f, x + 14, y, FONT_TICK, "start", "normal", INK, 0.0, name);
		x += 24 + di_svg_text_width(name, strlen(name), FONT_TICK);
	}
	di_svg_circle(f, x + 10, y - 4, 4.5, "#ffffff", "#555555");
	di_svg_text(f, x + 19, y, FONT_TICK, "start", "normal", INK, 0.0,
		    "open: interval contains 0; filled: it does not");
	return 0;
}

/* One event's row: its id and date, the interval and the point. */
static int ov_row(FILE *f, const ov_plot *p, size_t i, size_t row)
{
	const di_rv_block *b = &p->v->blocks[i];
	const di_event *ev = b->event;
	const di_rv_test *tv = &b->bw;
	const char *colour = type_colour(p->v, ev->type);
	double y = OV_TOP + OV_ROWH * ((double)row + 0.5), v = tv->estimate;
	double hw = b->d->head_hw;
	char buf[64], d[20];
	int rc;
	if (row > 0)
		di_svg_line(f, 14, y - OV_ROWH / 2, W - 14, y - OV_ROWH / 2, "#f0f0f0", 1.0, NULL);
	if ((rc = text_fit(f, 20, y - 2, FONT_SUB, "start", "normal", INK, ev->id, p->labw)))
		return rc;
	fmt_date(ev->date, d);
	di_svg_text(f, 20, y + 11, 10.0, "start", "normal", GREY, 0.0, d);
	di_svg_text(f, p->right + 10, y + 4, FONT_TICK, "start", "normal", isnan(v) ? GREY : INK,
		    0.0, ov_value(tv, buf, sizeof(buf)));
	if (isnan(v))
		return 0;
	if (!isnan(hw)) {
		double xa = di_svg_map(&p->xsc, b->d->head_lo), xb = di_svg_map(&p->xsc, b->d->head_hi);
		di_svg_line(f, xa, y, xb, y, colour, 1.6, NULL);
		di_svg_line(f, xa, y - 6, xa, y + 6, colour, 1.6, NULL);
		di_svg_line(f, xb, y - 6, xb, y + 6, colour, 1.6, NULL);
	}
	if (b->d->head_excludes0)
		di_svg_circle(f, di_svg_map(&p->xsc, v), y, 4.5, colour, colour);
	else
		di_svg_circle(f, di_svg_map(&p->xsc, v), y, 4.5, "#ffffff", colour);
	return 0;
}

int di_plot_overview(FILE *f, const di_rview *v)
{
	ov_plot p;
	char buf[64];
	size_t row = 0;
	int rc;
	ov_layout(&p, v);
	di_svg_begin(f, W, p.H, "Headline CAAR per event");
	if ((rc = ov_header(f, &p)))
		return rc;
	x_axis(f, &p.xt, &p.xsc, OV_TOP, p.bottom, 1, p.xsc.d0, p.xsc.d1);
	di_svg_line(f, di_svg_map(&p.xsc, 0.0), OV_TOP, di_svg_map(&p.xsc, 0.0), p.bottom,
		    "#000000", 1.0, NULL);
	frame(f, p.left, OV_TOP, p.right, p.bottom);
	for (size_t i = 0; i < v->nblocks; i++)
		if (v->blocks[i].event && (rc = ov_row(f, &p, i, row++)))
			return rc;
	snprintf(buf, sizeof(buf), "CAAR[%d,%d] (%%)", v->head_from, v->head_to);
	di_svg_text(f, (p.left + p.right) / 2, p.bottom + 36, FONT_SUB, "middle", "normal", INK, 0.0,
		    buf);
	di_svg_end(f);
	return 0;
}

/* --- bars (moves.svg) ------------------------------------------------------- */

typedef struct bar_plot {
	const di_bars *s;
	double rowh, top, labw, valw, left, right, bottom;
	int H;
	di_ticks xt;
	di_scale xsc;
} bar_plot;

#define BAR_TOP 96.0

/* The value column of row i: "-1.80%", with "-2.32%" beside it, and
 * "z -0.96" with a star when its p is below 5%. */
static void bar_values(const di_bars *s, size_t i, char *va, char *vb, char *vz)
{
	char t[DI_SVG_NUMSZ + 2];
	strcpy(va, "n/a");
	strcpy(vb, "n/a");
	vz[0] = '\0';
	if (!isnan(s->a[i]))
		strcat(pct(s->a[i], 2, 1, va), "%");
	if (s->b && !isnan(s->b[i]))
		strcat(pct(s->b[i], 2, 1, vb), "%");
	if (s->z && !isnan(s->z[i])) {
		di_svg_fixed(s->z[i], 2, t);
		strcpy(vz, "z ");
		strcat(vz, t);
		strcat(vz, s->p && di_sig(s->p[i]) ? " *" : "");
	}
}

/* The x range with room on both sides, so that no bar reaches the frame;
 * the widths of the label and value columns; the canvas height. */
static void bar_layout(bar_plot *p, const di_bars *s)
{
	double lo = 0.0, hi = 0.0, pad;
	char va[40], vb[40], vz[40];
	/* room under the z note for the benchmark's value above the frame */
	*p = (bar_plot){.s = s, .rowh = s->b ? 30 : 22, .top = BAR_TOP + (s->z ? 12 : 0), .labw = 40,
			.valw = 50};
	for (size_t i = 0; i < s->n; i++) {
		double w = di_svg_text_width(s->labels[i], strlen(s->labels[i]), FONT_SUB);
		p->labw = w > p->labw ? w : p->labw;
		bar_values(s, i, va, vb, vz);
		w = di_svg_text_width(va, strlen(va), FONT_TICK) + 8 +
		    di_svg_text_width(vz, strlen(vz), FONT_TICK);
		p->valw = w > p->valw ? w : p->valw;
		widen(s->a[i], &lo, &hi);
		if (s->b)
			widen(s->b[i], &lo, &hi);
	}
	widen(s->ref, &lo, &hi);
	pad = (hi - lo) * 0.06;
	lo -= pad;
	hi += pad;
	p->labw = p->labw > 240 ? 240 : p->labw;
	p->left = 20 + p->labw + 14;
	p->right = W - 20 - p->valw - 10;
	p->bottom = p->top + p->rowh * (double)(s->n ? s->n : 1);
	p->H = (int)p->bottom + 62;
	di_svg_ticks(lo, hi, 8, &p->xt);
	p->xsc = (di_scale){di_svg_tick(&p->xt, 0), di_svg_tick(&p->xt, p->xt.n - 1), p->left,
			    p->right};
}

static int bar_header(FILE *f, const bar_plot *p)
{
	const di_bars *s = p->s;
	double x = 20, y = 60;
	int rc, lines;
	if ((rc = text_wrap(f, 20, 28, FONT_TITLE, "bold", INK, s->title, W - 40, 1, 20, &lines)))
		return rc;
	di_svg_rect(f, x, y - 10, 14, 12, BAR_A, NULL, 1.0);
	di_svg_text(f, x + 20, y, FONT_TICK, "start", "normal", INK, 0.0, s->a_name);
	x += 40 + di_svg_text_width(s->a_name, strlen(s->a_name), FONT_TICK);
	if (s->b) {
		di_svg_rect(f, x, y - 10, 14, 12, BAR_B, NULL, 1.0);
		di_svg_text(f, x + 20, y, FONT_TICK, "start", "normal", INK, 0.0, s->b_name);
		x += 40 + di_svg_text_width(s->b_name, strlen(s->b_name), FONT_TICK);
	}
	if (!isnan(s->ref)) {
		di_svg_line(f, x, y - 4, x + 24, y - 4, "#000000", 1.2, "5 3");
		di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0, s->ref_name);
	}
	if (s->z)
		di_svg_text(f, 20, y + 18, FONT_TICK, "start", "normal", GREY, 0.0,
			    "z: the abnormal move in daily sds; * significant at 5% (two-sided)");
	return 0;
}

static int bar_row(FILE *f, const bar_plot *p, size_t i)
{
	const di_bars *s = p->s;
	double y = p->top + p->rowh * (double)i, x0 = di_svg_map(&p->xsc, 0.0);
	double bh = s->b ? 10 : 12, ya = y + (p->rowh - (s->b ? 2 * bh + 2 : bh)) / 2;
	char va[40], vb[40], vz[40];
	int rc;
	if ((rc = text_fit(f, 20, y + p->rowh / 2 + 4, FONT_SUB, "start", "normal", INK,
			   s->labels[i], p->labw)))
		return rc;
	bar_values(s, i, va, vb, vz);
	if (!isnan(s->a[i])) {
		double x = di_svg_map(&p->xsc, s->a[i]);
		di_svg_rect(f, x < x0 ? x : x0, ya, fabs(x - x0), bh, BAR_A, NULL, 1.0);
	}
	if (s->b && !isnan(s->b[i])) {
		double x = di_svg_map(&p->xsc, s->b[i]);
		di_svg_rect(f, x < x0 ? x : x0, ya + bh + 2, fabs(x - x0), bh, BAR_B, NULL, 1.0);
	}
	di_svg_text(f, p->right + 10, ya + bh - 1, FONT_TICK, "start", "normal", BAR_A, 0.0, va);
	if (s->b)
		di_svg_text(f, p->right + 10, ya + 2 * bh + 1, FONT_TICK, "start", "normal", BAR_B,
			    0.0, vb);
	if (vz[0])
		di_svg_text(f, W - 20, y + p->rowh / 2 + 4, FONT_TICK, "end",
			    s->p && di_sig(s->p[i]) ? "bold" : "normal", INK, 0.0, vz);
	return 0;
}

int di_plot_bars_z(FILE *f, const di_bars *s)
{
	bar_plot p;
	int rc;
	bar_layout(&p, s);
	di_svg_begin(f, W, p.H, s->title);
	if ((rc = bar_header(f, &p)))
		return rc;
	x_axis(f, &p.xt, &p.xsc, p.top, p.bottom, 1, p.xsc.d0, p.xsc.d1);
	di_svg_line(f, di_svg_map(&p.xsc, 0.0), p.top, di_svg_map(&p.xsc, 0.0), p.bottom,
		    "#000000", 1.0, NULL);
	for (size_t i = 0; i < s->n; i++)
		if ((rc = bar_row(f, &p, i)))
			return rc;
	if (!isnan(s->ref)) {
		double x = di_svg_map(&p.xsc, s->ref);
		char v[DI_SVG_NUMSZ + 4];
		di_svg_line(f, x, p.top - 4, x, p.bottom + 4, "#000000", 1.2, "5 3");
		strcat(pct(s->ref, 2, 1, v), "%");
		di_svg_text(f, x, p.top - 8, FONT_TICK, "middle", "bold", INK, 0.0, v);
	}
	frame(f, p.left, p.top, p.right, p.bottom);
	di_svg_text(f, (p.left + p.right) / 2, p.bottom + 36, FONT_SUB, "middle", "normal", INK, 0.0,
		    s->ylabel);
	di_svg_end(f);
	return 0;
}

int di_plot_bars(FILE *f, const char *title, const char *ylabel, size_t n,
		 const char *const *labels, const double *a, const double *b, const char *a_name,
		 const char *b_name, double ref, const char *ref_name)
{
	const di_bars s = {title, ylabel, n, labels, a, b, a_name, b_name, NULL, NULL, ref, ref_name};
	return di_plot_bars_z(f, &s);
}

/* --- the report folder ---------------------------------------------------- */

int di_plots_write_run(const di_rview *v, di_report_dir *d)
{
	char name[256];
	FILE *f;
	int rc;
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		if (!b->event)
			continue;
		di_plot_event_file(b->id, name, sizeof(name));
		/* two ids that map to one name (a/b, a_b): the later gets its
		 * event's line number */
		for (size_t j = 0; j < i; j++) {
			char other[256];
			if (!v->blocks[j].event)
				continue;
			di_plot_event_file(v->blocks[j].id, other, sizeof(other));
			if (!strcmp(other, name)) {
				size_t n = strlen(name) - 4;
				snprintf(name + n, sizeof(name) - n, "-line%ld.svg",
					 b->event->line);
				break;
			}
		}
		if ((rc = di_report_open(d, name, 0, &f)))
			return rc;
		rc = di_plot_event(f, v, b);
		if (rc) {
			fclose(f);
			return rc;
		}
		if ((rc = di_report_close(d, name, f)))
			return rc;
	}
	if ((rc = di_report_open(d, "overview.svg", 0, &f)))
		return rc;
	rc = di_plot_overview(f, v);
	if (rc) {
		fclose(f);
		return rc;
	}
	return di_report_close(d, "overview.svg", f);
}

/* --- claims over a horizon (moves-claims.svg) ------------------------------ */

#define CLAIM_PANEL 250.0 /* height of one panel */
#define CLAIM_LINE "#1f77b4"
#define CLAIM_BAND "#2ca02c"

static void ym_of(di_date d, int *y, int *m)
{
	char b[11];
	di_date_format(d, b);
	*y = (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0');
	*m = (b[5] - '0') * 10 + (b[6] - '0');
}

/* Ticks on the first of a month, every step months, the smallest step of
 * 1, 2, 3, 6, 12, 24 or 60 that gives at most 7 inside [d0, d1]. */
static void month_axis(FILE *f, const di_scale *xs, di_date d0, di_date d1, double top,
		       double bottom)
{
	static const int steps[] = {1, 2, 3, 6, 12, 24, 60};
	int y, m, step = 60;
	ym_of(d0, &y, &m);
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++)
		if ((d1 - d0) / 30.4 / steps[k] <= 7) {
			step = steps[k];
			break;
		}
	/* the first tick: the next month start on a multiple of the step */
	for (int i = (y * 12 + m - 1) / step * step + step;; i += step) {
		di_date d = di_date_from_ymd(i / 12, i % 12 + 1, 1);
		double x = di_svg_map(xs, (double)d);
		char b[11];
		if (d > d1)
			break;
		if (d < d0)
			continue;
		di_date_format(d, b);
		b[step % 12 ? 7 : 4] = '\0'; /* "2025-12", or "2023" for whole years */
		di_svg_line(f, x, top, x, bottom, GRID, 1.0, NULL);
		di_svg_text(f, x, bottom + 16, FONT_TICK, "middle", "normal", INK, 0.0, b);
	}
}

/* A marked close: a dot and "peak +12.34% 2025-09-29" beside it, inside
 * the plot area. */
static void claim_mark(FILE *f, double x, double y, const char *what, double v, di_date d,
		       double left, double right, double top, double bottom)
{
	char t[96], b[DI_SVG_NUMSZ + 2], ds[11];
	double ty = y + (v < 0 ? 16 : -8);
	di_date_format(d, ds);
	snprintf(t, sizeof(t), "%s %s%% %s", what, pct(v, 2, 1, b), ds);
	if (ty > bottom - 4)
		ty = y - 8; /* a trough on the floor: its label above it */
	if (ty < top + 12)
		ty = top + 12;
	di_svg_circle(f, x, y, 3.5, INK, NULL);
	di_svg_text(f, x < (left + right) / 2 ? x + 6 : x - 6, ty, FONT_TICK,
		    x < (left + right) / 2 ? "start" : "end", "normal", INK, 0.0, t);
}

static int claim_panel(FILE *f, const di_plot_claim *c, double y0)
{
	const double left = 80, right = W - 30, top = y0 + 34, bottom = y0 + CLAIM_PANEL - 40;
	double lo = 0.0, hi = 0.0, *px, *py;
	di_ticks yt;
	di_scale xs, ys;
	int lines, rc;
	for (size_t i = 0; i < c->n; i++)
		widen(c->cum[i], &lo, &hi);
	widen(c->claim, &lo, &hi);
	widen(c->band_lo, &lo, &hi);
	widen(c->band_hi, &lo, &hi);
	di_svg_ticks(lo, hi, 5, &yt);
	ys = (di_scale){di_svg_tick(&yt, 0), di_svg_tick(&yt, yt.n - 1), bottom, top};
	xs = (di_scale){(double)c->date[0], (double)c->date[c->n - 1], left, right};
	if ((rc = text_wrap(f, 20, y0 + 18, FONT_SUB, "bold", INK, c->caption, W - 40, 1, 16,
			    &lines)))
		return rc;
	{
		double b0 = di_svg_map(&ys, fmax(c->band_lo, ys.d0));
		double b1 = di_svg_map(&ys, fmin(c->band_hi, ys.d1));
		di_svg_rect(f, left, b1, right - left, b0 - b1, CLAIM_BAND, NULL, 0.18);
	}
	y_axis(f, &yt, &ys, left, right);
	month_axis(f, &xs, c->date[0], c->date[c->n - 1], top, bottom);
	{
		char d0[11], d1[11];
		di_date_format(c->date[0], d0);
		di_date_format(c->date[c->n - 1], d1);
		di_svg_text(f, left, bottom + 30, FONT_TICK, "start", "normal", GREY, 0.0, d0);
		di_svg_text(f, right, bottom + 30, FONT_TICK, "end", "normal", GREY, 0.0, d1);
		di_svg_text(f, 24, (top + bottom) / 2, FONT_TICK, "middle", "normal", INK, -90.0,
			    "cumulative move (%)");
	}
	di_svg_line(f, left, di_svg_map(&ys, 0.0), right, di_svg_map(&ys, 0.0), "#000000", 1.0,
		    NULL);
	px = di_reallocarray(NULL, c->n, sizeof(double));
	py = di_reallocarray(NULL, c->n, sizeof(double));
	if (!px || !py) {
		di_free(px);
		di_free(py);
		return di_error_oom();
	}
	for (size_t i = 0; i < c->n; i++) {
		px[i] = di_svg_map(&xs, (double)c->date[i]);
		py[i] = di_svg_map(&ys, c->cum[i]);
	}
	di_svg_polyline(f, c->n, px, py, CLAIM_LINE, 1.4, NULL);
	di_svg_line(f, left, di_svg_map(&ys, c->claim), right, di_svg_map(&ys, c->claim),
		    "#000000", 1.2, "5 3");
	claim_mark(f, px[c->peak], py[c->peak], "peak", c->cum[c->peak], c->date[c->peak], left,
		   right, top, bottom);
	claim_mark(f, px[c->trough], py[c->trough], "trough", c->cum[c->trough],
		   c->date[c->trough], left, right, top, bottom);
	di_free(px);
	di_free(py);
	frame(f, left, top, right, bottom);
	return 0;
}

int di_plot_claims(FILE *f, const char *title, size_t n, const di_plot_claim *c)
{
	const double head = 70;
	int H = (int)(head + CLAIM_PANEL * (double)(n ? n : 1)) + 10, rc, lines;
	double x = 20, y = 52;
	static const char *const legend[] = {"cumulative move, close to close", "the claim",
					     "moves the claim's wording accepts"};
	di_svg_begin(f, W, H, title);
	if ((rc = text_wrap(f, 20, 28, FONT_TITLE, "bold", INK, title, W - 40, 1, 20, &lines)))
		return rc;
	di_svg_line(f, x, y - 4, x + 24, y - 4, CLAIM_LINE, 1.4, NULL);
	di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0, legend[0]);
	x += 50 + di_svg_text_width(legend[0], strlen(legend[0]), FONT_TICK);
	di_svg_line(f, x, y - 4, x + 24, y - 4, "#000000", 1.2, "5 3");
	di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0, legend[1]);
	x += 50 + di_svg_text_width(legend[1], strlen(legend[1]), FONT_TICK);
	di_svg_rect(f, x, y - 10, 14, 12, CLAIM_BAND, NULL, 0.18);
	di_svg_text(f, x + 20, y, FONT_TICK, "start", "normal", INK, 0.0, legend[2]);
	for (size_t i = 0; i < n; i++)
		if ((rc = claim_panel(f, &c[i], head + CLAIM_PANEL * (double)i)))
			return rc;
	di_svg_end(f);
	return 0;
}
