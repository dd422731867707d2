/*
 * textfmt.c - the number formats of summary.txt, in one place so that the
 * run and moves summaries read alike. A number that rounds to zero loses
 * its sign ("-0.00%" would read as a direction).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "textfmt.h"

/* A value that rounds to zero is printed without a sign: "-0.00%" (a
 * small negative rounded) and "+0.00%" both read as a direction that the
 * number does not have. */
static const char *unsign_zero(char *buf)
{
	if ((buf[0] == '-' || buf[0] == '+') && strchr(buf, '0') && !strpbrk(buf, "123456789"))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

/* 100 v in fmt (one %f conversion), "-" for NaN. */
static const char *hundredths(double v, const char *fmt, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, fmt, v * 100.0);
	return unsign_zero(buf);
}

const char *di_txt_pct(double v, char *buf, size_t n)
{
	return hundredths(v, "%+.2f%%", buf, n);
}

const char *di_txt_pct_u(double v, char *buf, size_t n)
{
	return hundredths(v, "%.2f%%", buf, n);
}

const char *di_txt_pp(double v, char *buf, size_t n)
{
	return hundredths(v, "%+.2f pp", buf, n);
}

const char *di_txt_fixed(double v, int dec, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", dec, v);
	return unsign_zero(buf);
}

const char *di_txt_pval(double p, char *buf, size_t n)
{
	if (isnan(p))
		snprintf(buf, n, "-");
	else if (p < 0.0001)
		snprintf(buf, n, "<0.0001");
	else
		snprintf(buf, n, "%.4f", p);
	return buf;
}

const char *di_txt_p(const char *what, double p, char *buf, size_t n)
{
	if (isnan(p))
		snprintf(buf, n, "no %s", what);
	else if (p < 0.0001)
		snprintf(buf, n, "%s < 0.0001", what);
	else
		snprintf(buf, n, "%s = %.4f", what, p);
	return buf;
}

const char *di_txt_count(size_t k, const char *one, const char *many, char *buf, size_t n)
{
	if (k == 1)
		snprintf(buf, n, "1 %s", one);
	else if (k == 0)
		snprintf(buf, n, "no %s", many);
	else
		snprintf(buf, n, "%zu %s", k, many);
	return buf;
}

const char *di_txt_number(size_t k, char *buf, size_t n)
{
	static const char *const word[] = {"no",  "one", "two",   "three", "four", "five",
					   "six", "seven", "eight", "nine", "ten"};
	if (k < sizeof(word) / sizeof(word[0]))
		snprintf(buf, n, "%s", word[k]);
	else
		snprintf(buf, n, "%zu", k);
	return buf;
}

const char *di_txt_move(double v, char *buf, size_t n)
{
	char pct[32];
	di_txt_pct_u(fabs(v), pct, sizeof(pct));
	if (isnan(v))
		snprintf(buf, n, "had no return");
	else if (!strpbrk(pct, "123456789"))
		snprintf(buf, n, "did not move (0.00%%)");
	else
		snprintf(buf, n, "%s %s", v > 0 ? "rose" : "fell", pct);
	return buf;
}

const char *di_txt_weekday(di_date d)
{
	static const char *const name[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	return name[di_date_weekday(d)];
}

size_t di_txt_width(const char *s)
{
	size_t w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		w += (*p & 0xC0) != 0x80;
	return w;
}

void di_txt_pad(FILE *f, const char *s, size_t width)
{
	fputs(s, f);
	for (size_t w = di_txt_width(s); w < width; w++)
		fputc(' ', f);
}

void di_txt_rpad(FILE *f, const char *s, size_t width)
{
	for (size_t w = di_txt_width(s); w < width; w++)
		fputc(' ', f);
	fputs(s, f);
}

void di_txt_add(di_txt_line *l, const char *fmt, ...)
{
	va_list ap;
	int k;
	if (l->n + 1 >= sizeof(l->s))
		return;
	va_start(ap, fmt);
	k = vsnprintf(l->s + l->n, sizeof(l->s) - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n += (size_t)k < sizeof(l->s) - l->n ? (size_t)k : sizeof(l->s) - l->n - 1;
}

/* Bytes of the longest run of whole words of p within room characters
 * (at least one word, so a word wider than the line stands alone). */
static size_t line_take(const char *p, size_t room)
{
	size_t take = 0, w = 0, i = 0;
	while (p[i]) {
		size_t e = i, ew = w;
		while (p[e] == ' ')
			e++, ew++;
		while (p[e] && p[e] != ' ')
			ew += ((unsigned char)p[e++] & 0xC0) != 0x80;
		if (ew > room && take)
			break;
		take = e;
		w = ew;
		i = e;
		if (ew > room)
			break;
	}
	return take;
}

void di_txt_para(FILE *f, const char *indent, const di_txt_line *l)
{
	const char *p = l->s;
	size_t ind = di_txt_width(indent), first = 1;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t room = DI_TXT_WIDTH > ind + 2 + 20 ? DI_TXT_WIDTH - ind - (first ? 0 : 2) : 20;
		size_t take = line_take(p, room);
		fprintf(f, "%s%s%.*s\n", indent, first ? "" : "  ", (int)take, p);
		first = 0;
		p += take;
		while (*p == ' ')
			p++;
	}
}
