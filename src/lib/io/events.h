/*
 * events.h - the events file (id,date,label[,type][,tickers][,expected_sign][,time,tz]), the
 * securities file (ticker,name,group,currency[,role,file,fx,market,close]) and the reported-moves file
 * (ticker,move_pct[,name,asof,session_fraction,since,qualifier]). Loading
 * checks each file
 * on its own; checks against the price data are the run's.
 */
#ifndef DI_EVENTS_H
#define DI_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "defimpact/data.h"

#include "claims.h"
#include "csvread.h"
#include "date.h"

typedef struct di_event {
	char *id;
	di_date date;
	char *label;
	char *type;     /* "" when the file has no type, or the cell is empty */
	int expected_sign; /* +1 or -1 from the expected_sign column, 0 when not given */
	int time;       /* minute of the day of the news in tz, -1 without a time */
	char *tz;       /* its IANA zone; "" without a time */
	char **tickers; /* NULL with ntickers 0: all securities */
	size_t ntickers;
	long line;      /* input line, for messages */
} di_event;

typedef struct di_events {
	char *file;
	di_event *e;
	size_t n, cap;
} di_events;

/* Errors: missing column (id, date, label), duplicate column, ragged row,
 * empty id, duplicate id, unreadable or impossible date, invalid UTF-8,
 * no events. */
int di_events_load(di_events **out, const char *path);
/* The same with the dates in fmt (ISO is always read; AUTO settles the
 * file's format from its dates). */
int di_events_load_fmt(di_events **out, const char *path, di_date_fmt fmt);
/* Each loader also reads a buffer standing for a file (csvread.h:
 * di_csv_src), through the same reader. */
int di_events_load_src(di_events **out, const di_csv_src *src, di_date_fmt fmt);
/* di_events_new, di_events_add, di_events_free: defimpact/data.h */

typedef struct di_security_info {
	char *ticker, *name, *group, *currency; /* "" when absent */
	char *role; /* security, market, factor, fx; "" when absent */
	char *file; /* the price file holding it ("ldo_mi_d.csv"); "" when absent */
	char *fx;     /* the FX series converting its currency (fx.h); "" when absent */
	char *market; /* its own market index; "" when absent */
	char *close;  /* its exchange's close, "HH:MM Zone/Name"; "" when absent */
	long line;
} di_security_info;

typedef struct di_securities {
	char *file;
	int has_role; /* the file has a role column */
	di_security_info *s;
	size_t n, cap;
} di_securities;

int di_securities_load(di_securities **out, const char *path);
int di_securities_load_src(di_securities **out, const di_csv_src *src);
void di_securities_free(di_securities *s);
const di_security_info *di_securities_find(const di_securities *s, const char *ticker);
/* A di_file_ticker_fn over a securities file (ud): the ticker of the row
 * whose `file` is base, with or without its ".csv"; NULL when none. */
const char *di_securities_file_ticker(const void *ud, const char *base);

typedef struct di_reported_move {
	char *ticker;
	char *name;            /* "" when absent */
	double move;           /* a fraction: move_pct / 100 */
	di_date asof;          /* DI_NO_DATE when absent */
	double session_fraction; /* 1 when absent; must be in (0, 1] */
	int fraction_given;      /* the row's session_fraction cell is filled */
	int asof_has_time;       /* asof is a date-time: asof_t is its instant */
	int64_t asof_t;          /* seconds since 1970-01-01 00:00 UTC */
	di_date since;         /* DI_NO_DATE: a same-day move; else a claim
				* over the horizon since that date */
	di_qualifier qualifier; /* of a claim; NONE otherwise */
	long line;
} di_reported_move;

typedef struct di_reported {
	char *file;
	di_reported_move *m;
	size_t n, cap;
} di_reported;

/* Errors: missing ticker or move_pct, non-numeric or non-finite move,
 * session_fraction outside (0, 1], rows with different asof dates,
 * duplicate ticker (among same-day rows; among claims, the same ticker and
 * since), no rows; a claim without a number, an unreadable since, a since
 * after the report date, an unknown qualifier, a qualifier without since. */
int di_reported_load(di_reported **out, const char *path);
int di_reported_load_src(di_reported **out, const di_csv_src *src);
void di_reported_free(di_reported *r);

#endif
