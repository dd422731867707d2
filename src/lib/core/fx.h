/*
 * fx.h - currencies and their conversion (interface, Securities: the
 * `currency` and `fx` columns and --currency). A series in another
 * currency than the study's is replaced by a converted series: its price
 * times the FX series' price (the value of one unit of its currency in the
 * study currency) on the dates on which both have a close. Its returns are
 * then (1 + r_local)(1 + r_fx) - 1 over every span, and a date the FX
 * series lacks leaves its dates, hence its model calendar, as a missing
 * price would (pinned detail 1). Nothing else of the pipeline changes.
 */
#ifndef DI_FX_H
#define DI_FX_H

#include <stddef.h>

#include "events.h"
#include "prices.h"

/* Is code a currency the tool knows (ISO 4217, or GBp / GBX, pence of
 * GBP)? 1 or 0. *iso (4 bytes) receives its ISO code, *unit the value of
 * one unit of code in that currency (0.01 for pence). Either may be NULL. */
int di_currency_known(const char *code, char *iso, double *unit);

/* An `fx` cell: "A" (A's price is the value of one unit in the study
 * currency), "1/A" (A is quoted the other way round: inverted) or "A/B"
 * (a cross rate: A's price divided by B's). */
typedef struct di_fx_spec {
	char num[64], den[64]; /* den "" unless a cross rate */
	int invert;            /* "1/A" */
} di_fx_spec;

/* Parse an fx cell of n bytes. 0, or -1 with a reason in why. */
int di_fx_spec_parse(const char *s, size_t n, di_fx_spec *out, char *why, size_t wsz);

/* The conversions of one computation: made once per series, owned here. */
typedef struct di_fx {
	const char *cur;            /* the study currency (ISO) */
	const di_prices *prices;
	const di_securities *sec;   /* may be NULL: nothing is converted */
	di_series **made;
	size_t n, cap;
} di_fx;

/* The series of s in the study currency: *out = s when s needs no
 * conversion (no row in the securities file, an empty currency, or the
 * study's), else a converted series. *out = NULL when no FX series in the
 * data converts it (no `fx` cell and no <STUDY><CUR>=X series), with the
 * reason in why ("no-fx"). Errors (exit 1, at the securities file's line):
 * an fx series named but absent from the price data. */
int di_fx_series(di_fx *fx, const di_series *s, const di_series **out, char *why, size_t wsz);
void di_fx_dispose(di_fx *fx);

/* The currency of s as the securities file gives it ("" when none). */
const char *di_fx_currency_of(const di_securities *sec, const char *ticker);

/* How ticker reaches the study currency cur, for the summary: "GBp with
 * GBPUSD=X/EURUSD=X", "USD with 1/EURUSD=X"; "" when it is not converted
 * (no row, no currency). */
void di_fx_describe(const di_securities *sec, const char *cur, const char *ticker, char *buf,
		    size_t n);

#endif
