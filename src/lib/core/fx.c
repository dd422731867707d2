/*
 * fx.c - currencies and their conversion (see fx.h). The conversion works
 * on prices, not returns: the converted price P * u * F (u the unit, 0.01
 * for pence; F the FX price) on the dates where both P and F have a close
 * gives, over any span, P1 F1 / (P0 F0) = (1 + r_local)(1 + r_fx), the
 * contract's formula, for simple and log returns alike.
 */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "fx.h"

/* ISO 4217 codes in use (2024), one place. */
static const char iso_codes[] =
	"AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL "
	"BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP "
	"ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR "
	"IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL "
	"LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR "
	"NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD "
	"SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX "
	"USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/* Sub-units quoted by exchanges: London quotes in pence (Yahoo GBp,
 * Bloomberg GBX). */
static const struct {
	const char *code, *iso;
	double unit;
} subunits[] = {{"GBp", "GBP", 0.01}, {"GBX", "GBP", 0.01}};

int di_currency_known(const char *code, char *iso, double *unit)
{
	size_t n = strlen(code);
	for (size_t i = 0; i < sizeof(subunits) / sizeof(subunits[0]); i++)
		if (!strcmp(code, subunits[i].code)) {
			if (iso)
				memcpy(iso, subunits[i].iso, 4);
			if (unit)
				*unit = subunits[i].unit;
			return 1;
		}
	if (n != 3)
		return 0;
	for (const char *p = iso_codes; *p; p += p[3] ? 4 : 3)
		if (!memcmp(p, code, 3)) {
			if (iso)
				memcpy(iso, code, 4);
			if (unit)
				*unit = 1.0;
			return 1;
		}
	return 0;
}

static int copy_name(char *dst, size_t cap, const char *s, size_t n)
{
	if (!n || n >= cap || memchr(s, '/', n))
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

int di_fx_spec_parse(const char *s, size_t n, di_fx_spec *out, char *why, size_t wsz)
{
	const char *slash = memchr(s, '/', n);
	memset(out, 0, sizeof(*out));
	if (!slash) {
		if (!copy_name(out->num, sizeof(out->num), s, n))
			return 0;
	} else if (slash - s == 1 && s[0] == '1') {
		out->invert = 1;
		if (!copy_name(out->num, sizeof(out->num), slash + 1, n - 2))
			return 0;
	} else if (!copy_name(out->num, sizeof(out->num), s, (size_t)(slash - s)) &&
		   !copy_name(out->den, sizeof(out->den), slash + 1, n - (size_t)(slash - s) - 1)) {
		return 0;
	}
	snprintf(why, wsz,
		 "expected an FX series (GBPEUR=X), an inverted one (1/EURGBP=X) or a cross rate "
		 "(GBPUSD=X/EURUSD=X), got '%.*s'",
		 (int)(n > 64 ? 64 : n), s);
	return -1;
}

const char *di_fx_currency_of(const di_securities *sec, const char *ticker)
{
	const di_security_info *si = di_securities_find(sec, ticker);
	return si ? si->currency : "";
}

/* The row of f on d or after *pos (d ascending across calls), or -1. */
static long walk(const di_series *f, size_t *pos, di_date d)
{
	while (*pos < f->n && f->date[*pos] < d)
		(*pos)++;
	return *pos < f->n && f->date[*pos] == d ? (long)*pos : -1;
}

static int grow_series(di_series *c, size_t n, int ohlc)
{
	size_t m = n ? n : 1;
	c->date = di_reallocarray(NULL, m, sizeof(di_date));
	c->price = di_reallocarray(NULL, m, sizeof(double));
	c->line = di_reallocarray(NULL, m, sizeof(long));
	if (ohlc) {
		c->open = di_reallocarray(NULL, m, sizeof(double));
		c->high = di_reallocarray(NULL, m, sizeof(double));
		c->low = di_reallocarray(NULL, m, sizeof(double));
		c->close = di_reallocarray(NULL, m, sizeof(double));
	}
	c->cap = m;
	return c->date && c->price && c->line &&
			       (!ohlc || (c->open && c->high && c->low && c->close))
		       ? 0
		       : -1;
}

static void series_dispose(di_series *c)
{
	if (!c)
		return;
	di_free(c->ticker);
	di_free(c->file);
	di_free(c->date);
	di_free(c->price);
	di_free(c->line);
	di_free(c->open);
	di_free(c->high);
	di_free(c->low);
	di_free(c->close);
	di_free(c);
}

/* s converted by unit and the FX price num (inverted) or num / den. The
 * raw Open/High/Low/Close stay as the file has them (moves compares a
 * reported move with the day's range in the quoting currency). */
static int convert(di_series **out, const di_series *s, double unit, const di_series *num,
		   int invert, const di_series *den)
{
	di_series *c = di_calloc(1, sizeof(*c));
	size_t pn = 0, pd = 0;
	int ohlc = s->open && s->high && s->low && s->close;
	if (!c || !(c->ticker = di_strdup(s->ticker)) || !(c->file = di_strdup(s->file)) ||
	    grow_series(c, s->n, ohlc)) {
		series_dispose(c);
		return di_error_oom();
	}
	for (size_t i = 0; i < s->n; i++) {
		long a = num ? walk(num, &pn, s->date[i]) : -2, b = den ? walk(den, &pd, s->date[i]) : -2;
		double f = 1.0;
		if (a == -1 || b == -1)
			continue; /* the FX series lacks the date: it leaves */
		if (a >= 0)
			f = invert ? 1.0 / num->price[a] : num->price[a];
		if (b >= 0)
			f /= den->price[b];
		c->date[c->n] = s->date[i];
		c->price[c->n] = s->price[i] * unit * f;
		c->line[c->n] = s->line ? s->line[i] : 0;
		if (ohlc) {
			c->open[c->n] = s->open[i];
			c->high[c->n] = s->high[i];
			c->low[c->n] = s->low[i];
			c->close[c->n] = s->close[i];
		}
		c->n++;
	}
	*out = c;
	return 0;
}

/* The named FX series of a securities row, or a data error at its line. */
static int named_fx(const di_fx *fx, const di_security_info *si, const char *name,
		    const di_series **out)
{
	char near[DI_SUGGEST_LEN];
	*out = di_prices_find(fx->prices, name);
	if (*out)
		return 0;
	di_prices_suggest(fx->prices, name, near, sizeof(near));
	return di_error_at(DI_EDATA, fx->sec->file, si->line,
			   "fx series %s of %s is not in the price data%s", name, si->ticker, near);
}

static int keep(di_fx *fx, di_series *c)
{
	if (di_grow((void **)&fx->made, &fx->cap, fx->n + 1, sizeof(*fx->made))) {
		series_dispose(c);
		return DI_ENOMEM;
	}
	fx->made[fx->n++] = c;
	return 0;
}

/* The FX series of si (currency iso): its fx cell, else <STUDY><ISO>=X
 * inverted; *num NULL when none is in the data. */
static int find_fx(const di_fx *fx, const di_security_info *si, const char *iso,
		   const di_series **num, const di_series **den, int *invert)
{
	di_fx_spec sp;
	char why[160], dflt[16];
	int rc;
	*num = *den = NULL;
	*invert = 1;
	if (!si->fx || !si->fx[0]) {
		snprintf(dflt, sizeof(dflt), "%s%s=X", fx->cur, iso);
		*num = di_prices_find(fx->prices, dflt);
		return 0;
	}
	if (di_fx_spec_parse(si->fx, strlen(si->fx), &sp, why, sizeof(why)))
		return di_error_at(DI_EDATA, fx->sec->file, si->line, "fx: %s", why);
	*invert = sp.invert;
	if ((rc = named_fx(fx, si, sp.num, num)))
		return rc;
	return sp.den[0] ? named_fx(fx, si, sp.den, den) : 0;
}

int di_fx_series(di_fx *fx, const di_series *s, const di_series **out, char *why, size_t wsz)
{
	const di_security_info *si = di_securities_find(fx->sec, s->ticker);
	const di_series *num = NULL, *den = NULL;
	di_series *c = NULL;
	char iso[4];
	double unit;
	int invert = 0, rc;
	*out = s;
	if (!fx->cur || !si || !si->currency[0])
		return 0;
	if (!di_currency_known(si->currency, iso, &unit))
		return di_error_at(DI_EDATA, fx->sec->file, si->line, "unknown currency '%s'",
				   si->currency);
	for (size_t i = 0; i < fx->n; i++)
		if (!strcmp(fx->made[i]->ticker, s->ticker)) {
			*out = fx->made[i];
			return 0;
		}
	if (strcmp(iso, fx->cur) != 0) {
		if ((rc = find_fx(fx, si, iso, &num, &den, &invert)))
			return rc;
		if (!num) {
			*out = NULL;
			snprintf(why, wsz,
				 "no FX series converts %s to %s (no fx column, no %s%s=X in the "
				 "price data)",
				 si->currency, fx->cur, fx->cur, iso);
			return 0;
		}
	} else if (unit == 1.0) {
		return 0;
	}
	if ((rc = convert(&c, s, unit, num, invert, den)) || (rc = keep(fx, c)))
		return rc;
	*out = c;
	return 0;
}

void di_fx_dispose(di_fx *fx)
{
	for (size_t i = 0; i < fx->n; i++)
		series_dispose(fx->made[i]);
	di_free(fx->made);
	fx->made = NULL;
	fx->n = fx->cap = 0;
}

void di_fx_describe(const di_securities *sec, const char *cur, const char *ticker, char *buf,
		    size_t n)
{
	const di_security_info *si = di_securities_find(sec, ticker);
	char iso[4];
	double unit = 1.0;
	buf[0] = '\0';
	if (!si || !di_currency_known(si->currency, iso, &unit))
		return;
	if (!strcmp(iso, cur))
		snprintf(buf, n, "%s%s", si->currency, unit != 1.0 ? ", in whole units" : "");
	else if (si->fx && si->fx[0])
		snprintf(buf, n, "%s with %s", si->currency, si->fx);
	else
		snprintf(buf, n, "%s with 1/%s%s=X", si->currency, cur, iso);
}
