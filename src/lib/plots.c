/*
 * plots.c - the report plots. Each plot is laid out in fixed pixels
 * (900 wide) from estimated text widths, so the layout, like the file, is
 * a pure function of the run: no fonts are measured. Values are fractions
 * in the run and percent on the axes.
 *
 * car-<id>.svg: the CAR path of each security of the event (the running
 * sum of its ARs from W1, stopped at the first missing AR), the CAAR path
 * and its 95% band CAAR_t +- 1.96 sqrt(t - W1 + 1) S (methodology, "Plots";
 * S is the block's bw_S), each ticker at the right end of its line, nudged
 * apart.
 * overview.svg: per event the headline CAAR (of [0,1], else of the first
 * CAR window) with its interval +- 1.96 sqrt(L) S, one row per event.
 */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "date.h"
#include "error.h"
#include "plots.h"
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
static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
				      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
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
	char *t = di_malloc(n + 4);
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

int di_plot_event(FILE *f, const di_run *run, const di_block *b)
{
	const di_study *s = run->study;
	const di_event *ev = &run->events->e[b->event];
	const int nw = run->nw, w1 = s->win.from;
	const double S = b->bw_S;
	const int H = 600;
	size_t ns = b->n, ncaar = 0, nl = 0;
	double *car = NULL, *xs = NULL, *ys = NULL;
	size_t *len = NULL;
	end_label *lab = NULL;
	double lo = 0.0, hi = 0.0, top, left = 72, right, bottom = H - 92, labw = 0;
	di_ticks yt, xt;
	di_scale xsc, ysc;
	char buf[160], d1[20], d0[20], sb[DI_SVG_NUMSZ + 2];
	int lines, rc = 0;
	size_t w0 = (size_t)(0 - w1);

	car = di_calloc(ns * (size_t)nw + 1, sizeof(double));
	len = di_calloc(ns + 1, sizeof(size_t));
	xs = di_calloc(2 * (size_t)nw + 2, sizeof(double));
	ys = di_calloc(2 * (size_t)nw + 2, sizeof(double));
	lab = di_calloc(ns + 1, sizeof(*lab));
	if (!car || !len || !xs || !ys || !lab) {
		rc = di_error_oom();
		goto done;
	}

	/* the paths, and the range they need */
	for (size_t i = 0; i < ns; i++) {
		const di_secev *se = &run->se[b->se[i]];
		double sum = 0.0;
		for (int j = 0; j < nw && !isnan(se->ar[j]); j++) {
			sum += se->ar[j];
			car[i * (size_t)nw + (size_t)j] = sum;
			len[i] = (size_t)j + 1;
			widen(sum, &lo, &hi);
		}
	}
	while (ncaar < (size_t)nw && !isnan(b->caar[ncaar]))
		ncaar++;
	for (size_t j = 0; j < ncaar; j++) {
		double hw = isnan(S) ? 0.0 : 1.96 * sqrt((double)(j + 1)) * S;
		widen(b->caar[j] - hw, &lo, &hi);
		widen(b->caar[j] + hw, &lo, &hi);
	}
	di_svg_ticks(lo, hi, 8, &yt);
	di_svg_ticks((double)w1, (double)s->win.to, 10, &xt);

	/* the label column: as wide as the widest ticker */
	labw = di_svg_text_width("CAAR", 4, FONT_LABEL) * 1.1;
	for (size_t i = 0; i < ns; i++) {
		const char *t = run->tickers[run->se[b->se[i]].ticker]->ticker;
		double w = di_svg_text_width(t, strlen(t), FONT_LABEL);
		if (w > labw)
			labw = w;
	}
	if (labw > 160)
		labw = 160;
	right = W - 22 - labw - 10;

	/* title: the label, wrapped; then what the plot is */
	di_svg_begin(f, W, H, ev->label);
	if ((rc = text_wrap(f, 20, 28, FONT_TITLE, "bold", INK, ev->label, W - 40, 2, 20, &lines)))
		goto done;
	top = 28 + 20.0 * (lines - 1) + 22;
	fmt_date(ev->date, d1);
	snprintf(buf, sizeof(buf), "%s%s%s%s", ev->id, ev->type[0] ? " (" : "", ev->type,
		 ev->type[0] ? ")" : "");
	if ((rc = text_fit(f, 20, top, FONT_SUB, "start", "normal", GREY, buf, 360)))
		goto done;
	if (w1 <= 0 && s->win.to >= 0 && ns > 0 && run->se[b->se[0]].date[w0] != DI_NO_DATE) {
		fmt_date(run->se[b->se[0]].date[w0], d0);
		snprintf(buf, sizeof(buf), "event date %s, day 0 %s%s; %zu securities", d1, d0,
			 b->clustered ? "" : " (first security)", ns);
	} else {
		snprintf(buf, sizeof(buf), "event date %s; %zu securities", d1, ns);
	}
	di_svg_text(f, W - 20, top, FONT_SUB, "end", "normal", GREY, 0.0, buf);
	top += 26;

	xsc = (di_scale){w1 - 0.5, s->win.to + 0.5, left, right};
	ysc = (di_scale){di_svg_tick(&yt, 0), di_svg_tick(&yt, yt.n - 1), bottom, top};

	y_axis(f, &yt, &ysc, left, right);
	x_axis(f, &xt, &xsc, top, bottom, 0, w1, s->win.to);

	/* the band: the upper edge forward, the lower edge back */
	if (ncaar > 0 && !isnan(S)) {
		for (size_t j = 0; j < ncaar; j++) {
			double hw = 1.96 * sqrt((double)(j + 1)) * S;
			xs[j] = di_svg_map(&xsc, w1 + (double)j);
			ys[j] = di_svg_map(&ysc, b->caar[j] + hw);
			xs[2 * ncaar - 1 - j] = xs[j];
			ys[2 * ncaar - 1 - j] = di_svg_map(&ysc, b->caar[j] - hw);
		}
		di_svg_polygon(f, 2 * ncaar, xs, ys, BAND, 0.18);
	}
	di_svg_line(f, left, di_svg_map(&ysc, 0.0), right, di_svg_map(&ysc, 0.0), "#000000", 1.0,
		    NULL);
	if (w1 <= 0 && s->win.to >= 0) {
		double x = di_svg_map(&xsc, 0.0);
		di_svg_line(f, x, top, x, bottom, "#000000", 1.0, "4 3");
		di_svg_text(f, x + 4, top + 12, FONT_TICK, "start", "normal", GREY, 0.0, "day 0");
	}

	/* the securities, then the CAAR on top */
	for (size_t i = 0; i < ns; i++) {
		const di_secev *se = &run->se[b->se[i]];
		const char *colour = palette[se->ticker % NPALETTE];
		if (len[i] == 0)
			continue;
		for (size_t j = 0; j < len[i]; j++) {
			xs[j] = di_svg_map(&xsc, w1 + (double)j);
			ys[j] = di_svg_map(&ysc, car[i * (size_t)nw + j]);
		}
		di_svg_polyline(f, len[i], xs, ys, colour, 1.3,
				se->ticker / NPALETTE % 2 ? "5 2" : NULL);
		di_svg_circle(f, xs[len[i] - 1], ys[len[i] - 1], 2.0, colour, NULL);
		lab[nl++] = (end_label){run->tickers[se->ticker]->ticker, colour, xs[len[i] - 1],
					ys[len[i] - 1], 0.0, 0.0, 0.0, 0};
	}
	if (ncaar > 0) {
		for (size_t j = 0; j < ncaar; j++) {
			xs[j] = di_svg_map(&xsc, w1 + (double)j);
			ys[j] = di_svg_map(&ysc, b->caar[j]);
		}
		di_svg_polyline(f, ncaar, xs, ys, "#000000", 2.6, NULL);
		lab[nl++] = (end_label){"CAAR", "#000000", xs[ncaar - 1], ys[ncaar - 1], 0.0, 0.0,
					0.0, 1};
	}
	if (nl == 0)
		di_svg_text(f, (left + right) / 2, (top + bottom) / 2 - 20, FONT_SUB, "middle",
			    "normal", GREY, 0.0,
			    "no abnormal return in the event window (see ar.csv)");
	frame(f, left, top, right, bottom);

	/* the labels, joined to their line when moved */
	for (size_t i = 0; i < nl; i++)
		lab[i].w = di_svg_text_width(lab[i].text, strlen(lab[i].text),
					     measure_px(FONT_LABEL, lab[i].bold ? "bold" : NULL));
	place_labels(lab, nl, right, top + 5, bottom - 5);
	for (size_t i = 0; i < nl; i++) {
		double lx = lab[i].col;
		if (fabs(lab[i].ly - lab[i].y) > 0.5 || lx > lab[i].x + 8)
			di_svg_line(f, lab[i].x + 2, lab[i].y, lx - 2, lab[i].ly, lab[i].colour, 0.6,
				    "2 2");
		if ((rc = text_fit(f, lx, lab[i].ly + 4, FONT_LABEL, "start",
				   lab[i].bold ? "bold" : "normal", lab[i].colour, lab[i].text,
				   labw)))
			goto done;
	}

	/* axis titles */
	di_svg_text(f, 20, (top + bottom) / 2, FONT_SUB, "middle", "normal", INK, -90.0,
		    "CAR (%)");
	di_svg_text(f, (left + right) / 2, bottom + 36, FONT_SUB, "middle", "normal", INK, 0.0,
		    "relative trading day (day 0: first trading day on or after the event date)");

	/* legend */
	{
		double y = H - 22, x = left;
		di_svg_line(f, x, y - 4, x + 24, y - 4, "#000000", 2.6, NULL);
		di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0,
			    "CAAR (mean CAR)");
		x += 150;
		if (isnan(S)) {
			di_svg_text(f, x, y, FONT_TICK, "start", "normal", GREY, 0.0,
				    "no 95% band: S of bw_cda_t undefined");
			x += 250;
		} else {
			di_svg_rect(f, x, y - 10, 24, 12, BAND, NULL, 0.18);
			int c = 1 - w1; /* t - W1 + 1 = t + c */
			snprintf(buf, sizeof(buf),
				 "95%% band: CAAR \xC2\xB1 1.96 \xE2\x88\x9A(t %s %d) S, S = %s%%",
				 c < 0 ? "-" : "+", c < 0 ? -c : c, pct(S, 2, 0, sb));
			di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0, buf);
			x += 330;
		}
		di_svg_line(f, x, y - 4, x + 24, y - 4, palette[0], 1.3, NULL);
		di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0,
			    "CAR of each security");
	}
	di_svg_end(f);
done:
	di_free(car);
	di_free(len);
	di_free(xs);
	di_free(ys);
	di_free(lab);
	return rc;
}

/* --- overview.svg ------------------------------------------------------------ */

/* The overview's window: [0,1] when it is a CAR window, else the first CAR
 * window; its index in run->tw, or -1 (no CAR window at all). */
static long overview_window(const di_run *run, int *is01)
{
	const di_study *s = run->study;
	*is01 = 0;
	for (size_t c = 0; c < s->ncar; c++)
		if (s->car[c].from == 0 && s->car[c].to == 1)
			*is01 = 1;
	for (size_t k = 0; k < run->ntw; k++) {
		int from = *is01 ? 0 : (s->ncar ? s->car[0].from : 0);
		int to = *is01 ? 1 : (s->ncar ? s->car[0].to : 0);
		if (s->ncar && run->tw[k].from == from && run->tw[k].to == to)
			return (long)k;
	}
	return -1;
}

/* Colour of an event type: by order of first appearance among the
 * analysed events; untyped events are grey. */
static const char *type_colour(const di_run *run, const char *type)
{
	size_t k = 0;
	if (!type[0])
		return "#555555";
	for (size_t i = 0; i < run->nblocks; i++) {
		const char *t;
		if (run->blocks[i].event < 0)
			continue;
		t = run->events->e[run->blocks[i].event].type;
		if (!t[0])
			continue;
		if (!strcmp(t, type))
			return palette[k % NPALETTE];
		/* count distinct types before this one */
		{
			int seen = 0;
			for (size_t j = 0; j < i && !seen; j++)
				seen = run->blocks[j].event >= 0 &&
				       !strcmp(run->events->e[run->blocks[j].event].type, t);
			if (!seen)
				k++;
		}
	}
	return "#555555";
}

int di_plot_overview(FILE *f, const di_run *run)
{
	const double rowh = 34, top = 96;
	size_t nev = 0;
	long k;
	int is01, L = 1, H;
	double lo = 0.0, hi = 0.0, labw = 60, left, right = W - 130, bottom;
	di_ticks xt;
	di_scale xsc;
	char buf[200], sb[DI_SVG_NUMSZ + 2], d[20];
	int rc = 0;

	k = overview_window(run, &is01);
	if (k >= 0)
		L = run->tw[k].to - run->tw[k].from + 1;
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		const char *id;
		double w;
		if (b->event < 0)
			continue;
		nev++;
		id = run->events->e[b->event].id;
		w = di_svg_text_width(id, strlen(id), FONT_SUB);
		if (w > labw)
			labw = w;
		if (k >= 0) {
			double v = b->tests[(size_t)k * DI_NTESTS + DI_T_BW_CDA].estimate;
			double hw = 1.96 * sqrt((double)L) * b->bw_S;
			widen(v, &lo, &hi);
			if (!isnan(hw)) {
				widen(v - hw, &lo, &hi);
				widen(v + hw, &lo, &hi);
			}
		}
	}
	if (labw > 280)
		labw = 280;
	left = 20 + labw + 16;
	bottom = top + rowh * (double)(nev ? nev : 1);
	H = (int)bottom + 62;
	di_svg_ticks(lo, hi, 8, &xt);
	xsc = (di_scale){di_svg_tick(&xt, 0), di_svg_tick(&xt, xt.n - 1), left, right};

	di_svg_begin(f, W, H, "Headline CAAR per event");
	di_svg_text(f, 20, 28, FONT_TITLE, "start", "bold", INK, 0.0, "Headline CAAR per event");
	if (k >= 0 && is01)
		snprintf(buf, sizeof(buf),
			 "CAAR[0,1] with its 95%% interval \xC2\xB1 1.96 \xE2\x88\x9A" "L S "
			 "(L = 2 days, S of bw_cda_t per event)");
	else if (k >= 0)
		snprintf(buf, sizeof(buf),
			 "CAAR[%d,%d], the first CAR window ([0,1] is not one of the study's), "
			 "with its 95%% interval \xC2\xB1 1.96 \xE2\x88\x9A" "L S (L = %d)",
			 run->tw[k].from, run->tw[k].to, L);
	else
		snprintf(buf, sizeof(buf), "no CAR window in the study");
	if ((rc = text_fit(f, 20, 50, FONT_SUB, "start", "normal", GREY, buf, W - 40)))
		return rc;

	/* legend: the event types, and what a filled point means */
	{
		double x = 20, y = 74;
		for (size_t i = 0; i < run->nblocks; i++) {
			const char *t;
			int seen = 0;
			if (run->blocks[i].event < 0)
				continue;
			t = run->events->e[run->blocks[i].event].type;
			for (size_t j = 0; j < i && !seen; j++)
				seen = run->blocks[j].event >= 0 &&
				       !strcmp(run->events->e[run->blocks[j].event].type, t);
			if (seen || x > W - 300)
				continue;
			di_svg_circle(f, x + 5, y - 4, 4.5, type_colour(run, t), NULL);
			di_svg_text(f, x + 14, y, FONT_TICK, "start", "normal", INK, 0.0,
				    t[0] ? t : "no type");
			x += 24 + di_svg_text_width(t[0] ? t : "no type", strlen(t[0] ? t : "no type"),
						    FONT_TICK);
		}
		di_svg_circle(f, x + 10, y - 4, 4.5, "#ffffff", "#555555");
		di_svg_text(f, x + 19, y, FONT_TICK, "start", "normal", INK, 0.0,
			    "open: interval contains 0; filled: it does not");
	}

	x_axis(f, &xt, &xsc, top, bottom, 1, xsc.d0, xsc.d1);
	{
		double x0 = di_svg_map(&xsc, 0.0);
		di_svg_line(f, x0, top, x0, bottom, "#000000", 1.0, NULL);
	}
	frame(f, left, top, right, bottom);

	{
		size_t row = 0;
		for (size_t i = 0; i < run->nblocks; i++) {
			const di_block *b = &run->blocks[i];
			const di_event *ev;
			const di_test_value *tv;
			const char *colour;
			double y, v, hw;
			if (b->event < 0)
				continue;
			ev = &run->events->e[b->event];
			y = top + rowh * ((double)row + 0.5);
			row++;
			if (row > 1)
				di_svg_line(f, 14, y - rowh / 2, W - 14, y - rowh / 2, "#f0f0f0", 1.0,
					    NULL);
			if ((rc = text_fit(f, 20, y - 2, FONT_SUB, "start", "normal", INK, ev->id,
					   labw)))
				return rc;
			fmt_date(ev->date, d);
			di_svg_text(f, 20, y + 11, 10.0, "start", "normal", GREY, 0.0, d);
			if (k < 0)
				continue;
			tv = &b->tests[(size_t)k * DI_NTESTS + DI_T_BW_CDA];
			v = tv->estimate;
			hw = 1.96 * sqrt((double)L) * b->bw_S;
			colour = type_colour(run, ev->type);
			if (isnan(v)) {
				di_svg_text(f, right + 10, y + 4, FONT_TICK, "start", "normal", GREY,
					    0.0, "n/a");
				continue;
			}
			if (!isnan(hw)) {
				double xa = di_svg_map(&xsc, v - hw), xb = di_svg_map(&xsc, v + hw);
				di_svg_line(f, xa, y, xb, y, colour, 1.6, NULL);
				di_svg_line(f, xa, y - 6, xa, y + 6, colour, 1.6, NULL);
				di_svg_line(f, xb, y - 6, xb, y + 6, colour, 1.6, NULL);
			}
			if (!isnan(hw) && (v - hw > 0 || v + hw < 0))
				di_svg_circle(f, di_svg_map(&xsc, v), y, 4.5, colour, colour);
			else
				di_svg_circle(f, di_svg_map(&xsc, v), y, 4.5, "#ffffff", colour);
			snprintf(buf, sizeof(buf), "%s%% (n = %zu)", pct(v, 2, 1, sb), tv->n);
			di_svg_text(f, right + 10, y + 4, FONT_TICK, "start", "normal", INK, 0.0,
				    buf);
		}
	}
	snprintf(buf, sizeof(buf), "CAAR[%d,%d] (%%)", k >= 0 ? run->tw[k].from : 0,
		 k >= 0 ? run->tw[k].to : 0);
	di_svg_text(f, (left + right) / 2, bottom + 36, FONT_SUB, "middle", "normal", INK, 0.0,
		    buf);
	di_svg_end(f);
	return 0;
}

/* --- bars (moves.svg) ------------------------------------------------------- */

int di_plot_bars(FILE *f, const char *title, const char *ylabel, size_t n,
		 const char *const *labels, const double *a, const double *b, const char *a_name,
		 const char *b_name, double ref, const char *ref_name)
{
	const double rowh = b ? 30 : 22, top = 96;
	double lo = 0.0, hi = 0.0, labw = 40, left, right = W - 150, bottom;
	di_ticks xt;
	di_scale xsc;
	char sa[DI_SVG_NUMSZ + 2], sbuf[DI_SVG_NUMSZ + 2];
	int H, rc, lines;

	for (size_t i = 0; i < n; i++) {
		double w = di_svg_text_width(labels[i], strlen(labels[i]), FONT_SUB);
		if (w > labw)
			labw = w;
		widen(a[i], &lo, &hi);
		if (b)
			widen(b[i], &lo, &hi);
	}
	widen(ref, &lo, &hi);
	if (labw > 240)
		labw = 240;
	left = 20 + labw + 14;
	bottom = top + rowh * (double)(n ? n : 1);
	H = (int)bottom + 62;
	di_svg_ticks(lo, hi, 8, &xt);
	xsc = (di_scale){di_svg_tick(&xt, 0), di_svg_tick(&xt, xt.n - 1), left, right};

	di_svg_begin(f, W, H, title);
	if ((rc = text_wrap(f, 20, 28, FONT_TITLE, "bold", INK, title, W - 40, 1, 20, &lines)))
		return rc;
	{
		double x = 20, y = 60;
		di_svg_rect(f, x, y - 10, 14, 12, BAR_A, NULL, 1.0);
		di_svg_text(f, x + 20, y, FONT_TICK, "start", "normal", INK, 0.0, a_name);
		x += 40 + di_svg_text_width(a_name, strlen(a_name), FONT_TICK);
		if (b) {
			di_svg_rect(f, x, y - 10, 14, 12, BAR_B, NULL, 1.0);
			di_svg_text(f, x + 20, y, FONT_TICK, "start", "normal", INK, 0.0, b_name);
			x += 40 + di_svg_text_width(b_name, strlen(b_name), FONT_TICK);
		}
		if (!isnan(ref)) {
			di_svg_line(f, x, y - 4, x + 24, y - 4, "#000000", 1.2, "5 3");
			di_svg_text(f, x + 30, y, FONT_TICK, "start", "normal", INK, 0.0, ref_name);
		}
	}
	x_axis(f, &xt, &xsc, top, bottom, 1, xsc.d0, xsc.d1);
	{
		double x0 = di_svg_map(&xsc, 0.0);
		di_svg_line(f, x0, top, x0, bottom, "#000000", 1.0, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		double y = top + rowh * (double)i, x0 = di_svg_map(&xsc, 0.0);
		double bh = b ? 10 : 12, ya = y + (rowh - (b ? 2 * bh + 2 : bh)) / 2;
		if ((rc = text_fit(f, 20, y + rowh / 2 + 4, FONT_SUB, "start", "normal", INK,
				   labels[i], labw)))
			return rc;
		if (!isnan(a[i])) {
			double x = di_svg_map(&xsc, a[i]);
			di_svg_rect(f, x < x0 ? x : x0, ya, fabs(x - x0), bh, BAR_A, NULL, 1.0);
		}
		if (b && !isnan(b[i])) {
			double x = di_svg_map(&xsc, b[i]);
			di_svg_rect(f, x < x0 ? x : x0, ya + bh + 2, fabs(x - x0), bh, BAR_B, NULL,
				    1.0);
		}
		if (isnan(a[i]))
			strcpy(sa, "n/a");
		else
			strcat(pct(a[i], 2, 1, sa), "%");
		if (b) {
			if (isnan(b[i]))
				strcpy(sbuf, "n/a");
			else
				strcat(pct(b[i], 2, 1, sbuf), "%");
			di_svg_text(f, right + 10, ya + bh - 1, FONT_TICK, "start", "normal", BAR_A,
				    0.0, sa);
			di_svg_text(f, right + 10, ya + 2 * bh + 1, FONT_TICK, "start", "normal",
				    BAR_B, 0.0, sbuf);
		} else {
			di_svg_text(f, right + 10, ya + bh - 1, FONT_TICK, "start", "normal", BAR_A,
				    0.0, sa);
		}
	}
	if (!isnan(ref)) {
		double x = di_svg_map(&xsc, ref);
		di_svg_line(f, x, top - 4, x, bottom + 4, "#000000", 1.2, "5 3");
	}
	frame(f, left, top, right, bottom);
	di_svg_text(f, (left + right) / 2, bottom + 36, FONT_SUB, "middle", "normal", INK, 0.0,
		    ylabel);
	di_svg_end(f);
	return 0;
}

/* --- the report folder ---------------------------------------------------- */

int di_plots_write_run(const di_run *run, di_report_dir *d)
{
	char name[256];
	FILE *f;
	int rc;
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		if (b->event < 0)
			continue;
		di_plot_event_file(b->id, name, sizeof(name));
		/* two ids that map to one name (a/b, a_b): the later gets its
		 * event's line number */
		for (size_t j = 0; j < i; j++) {
			char other[256];
			if (run->blocks[j].event < 0)
				continue;
			di_plot_event_file(run->blocks[j].id, other, sizeof(other));
			if (!strcmp(other, name)) {
				size_t n = strlen(name) - 4;
				snprintf(name + n, sizeof(name) - n, "-line%ld.svg",
					 run->events->e[b->event].line);
				break;
			}
		}
		if ((rc = di_report_open(d, name, 0, &f)))
			return rc;
		rc = di_plot_event(f, run, b);
		if (rc) {
			fclose(f);
			return rc;
		}
		if ((rc = di_report_close(d, name, f)))
			return rc;
	}
	if ((rc = di_report_open(d, "overview.svg", 0, &f)))
		return rc;
	rc = di_plot_overview(f, run);
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
