/*
 * prices.h - price series loaded from CSV files in the three layouts of the
 * interface (per security, long, wide). A series holds only the dates with a
 * price: a missing cell removes the date (pinned detail 1).
 */
#ifndef DI_PRICES_H
#define DI_PRICES_H

#include <stddef.h>

#include "defimpact/data.h"

#include "csvread.h"
#include "date.h"

/* The date and line columns of a wide file, shared by its series that
 * have a price on every row (their date and line point here): one copy
 * per file, not per cell. Freed with the last series that uses it. */
typedef struct di_cols {
	di_date *date;
	long *line;
	size_t n, cap;
	size_t refs;
} di_cols;

/* Series by ticker: open addressing over an array of series, each slot
 * an index + 1 (0: empty); cap a power of two, at most half full. */
typedef struct di_series_index {
	size_t *slot;
	size_t cap;
} di_series_index;

typedef struct di_series {
	char *ticker;
	char *file;    /* the file it came from, as given */
	size_t n, cap;
	di_date *date; /* trading days, strictly ascending */
	double *price; /* adjusted close when the file has one, else close;
			* NULL, with the OHLC columns, in a run's own prices
			* once its calendars are built (di_prices_drop_closes) */
	/* Raw Open/High/Low/Close columns when a per-security file has them
	 * (NULL otherwise), NAN for an empty cell; used by `moves` only. */
	double *open, *high, *low, *close;
	long *line;    /* input line of each row, for messages; may be NULL
			* (a series not from a file) */
	di_cols *cols; /* non-NULL: date and line are these shared columns */
	/* A run's trimmed load (di_prices_set_keep): price holds only the
	 * closes of rows [keep_from, keep_from + keep_n) of date[]; kept_wild:
	 * its file has a close outside [DI_CLOSE_TAME_MIN, DI_CLOSE_TAME_MAX],
	 * so a return the load left out might not have been finite. Else
	 * (kept 0) price holds all n closes. */
	int kept, kept_wild;
	size_t keep_from, keep_n;
	/* While its file is read: +1 ascending, -1 descending (reversed at
	 * the end of the file), 0 before a second date. */
	int order;
} di_series;

/* The closes a series holds: price[k] is the close of
 * date[di_series_kept_from(s) + k], for k < di_series_kept_n(s). */
static inline size_t di_series_kept_from(const di_series *s)
{
	return s->kept ? s->keep_from : 0;
}

static inline size_t di_series_kept_n(const di_series *s)
{
	return s->kept ? s->keep_n : s->n;
}

/* The ticker of a per-security file named base ("ldo_mi_d.csv"), or NULL
 * for the default (the name without .csv). */
typedef const char *(*di_file_ticker_fn)(const void *ud, const char *base);

/* Which closes of a wide file a run keeps for series ticker: rows
 * [*from, *to) of the file's nrows rows, whose dates (strictly ascending)
 * are date[]; *from and *to come set to all of them. */
typedef void (*di_keep_fn)(const void *ud, const char *ticker, const di_date *date,
			   size_t nrows, size_t *from, size_t *to);

typedef struct di_prices {
	di_series **s; /* in load order */
	size_t n, cap;
	di_series_index idx; /* s[] by ticker */
	char **files;  /* every file loaded, in load order */
	size_t nfiles, files_cap;
	di_date_fmt date_fmt;          /* --date-format; AUTO by default */
	di_file_ticker_fn file_ticker; /* NULL: tickers from file names */
	const void *file_ticker_ud;
	long jobs;                     /* di_prices_set_jobs; 1 by default */
	size_t par_min, par_chunk;     /* di_prices_set_chunking */
	size_t par_files;              /* files read on threads (for tests) */
	di_keep_fn keep;               /* di_prices_set_keep */
	const void *keep_ud;
} di_prices;

/* di_prices_new, di_prices_free: defimpact/data.h */
/* Read the dates of the files loaded from now on in fmt (ISO is always
 * read too); AUTO settles each file's format from its dates. */
void di_prices_set_date_format(di_prices *p, di_date_fmt fmt);
/* Name per-security files through fn (a securities file's `file` column)
 * for the files loaded from now on; ud must outlive those loads. */
void di_prices_set_file_names(di_prices *p, di_file_ticker_fn fn, const void *ud);

/* Read a wide file of at least DI_PRICES_PAR_MIN bytes on up to jobs
 * threads (the study's --jobs), in chunks of whole lines of at least
 * DI_PRICES_PAR_CHUNK bytes. The series, and the error of a bad file, are
 * those of one thread. Smaller files, other layouts, and files with a
 * quote or a lone CR are read on one thread. */
#define DI_PRICES_PAR_MIN (1u << 20)
#define DI_PRICES_PAR_CHUNK (256u << 10)
void di_prices_set_jobs(di_prices *p, long jobs);
/* For tests: the smallest file read on threads, and the least bytes of a
 * chunk, so that a small file is cut into many chunks. */
void di_prices_set_chunking(di_prices *p, size_t min_file, size_t min_chunk);

/* Keep only the closes fn asks for, in the wide files read on threads
 * from now on (the rows of the others, or of a file whose dates cannot be
 * read ahead, are all kept); every cell is still read and checked, and
 * every date kept. For a run that reads returns only in its windows: a
 * 5,000 x 5,000 file of 200 MB then holds a few MB of closes. The series'
 * kept fields say what was kept. ud must outlive those loads. */
void di_prices_set_keep(di_prices *p, di_keep_fn fn, const void *ud);

/* The closes of the common kind: any two have a finite return (their
 * ratio is at most 1e300), so a return left out of a trimmed load could
 * not have been the data error of a non-finite one. */
#define DI_CLOSE_TAME_MIN 1e-150
#define DI_CLOSE_TAME_MAX 1e150

/* Free the prices (price and OHLC columns) of every series of p, once
 * nothing will read them (a run, after its return calendars): the series
 * keep their tickers, dates, lines and n; their price is NULL. */
void di_prices_drop_closes(di_prices *p);

/* One series given as arrays: what di_prices_add_arrays copies in. */
typedef struct di_series_in {
	const char *ticker;
	const char *file;    /* for messages and di_series.file */
	size_t n;
	const di_date *date; /* strictly ascending */
	const double *price; /* finite, positive */
	const double *open, *high, *low, *close; /* NULL when absent; NAN allowed */
	const long *line;    /* input line of each entry; NULL: its position + 1 */
} di_series_in;

/* The one way a series joins p, for the file loaders and the in-memory
 * builders alike: checks the rules of a series (a ticker not loaded
 * before, at least one price, dates strictly ascending, prices finite and
 * positive) and adds a copy. On failure p is unchanged. */
int di_prices_add_arrays(di_prices *p, const di_series_in *in);

/* Load one file of any layout and add its series. Errors name FILE:LINE:
 * unknown layout (what was expected), ragged row, unreadable date, date out
 * of order or repeated (per ticker), price not a number, zero, negative,
 * NaN or infinite, thousands separators, a ticker already loaded. */
int di_prices_load_file(di_prices *p, const char *path);
/* The same over len bytes of memory standing for a file named name (its
 * ticker, for one security, comes from name): one reader for both. */
int di_prices_load_mem(di_prices *p, const char *name, const char *data, size_t len);
int di_prices_load_src(di_prices *p, const di_csv_src *src);

/* path is a file, or a folder: then every *.csv in it, sorted bytewise,
 * except the files in skip[] (compared by real path). */
int di_prices_load_path(di_prices *p, const char *path,
			const char *const *skip, size_t nskip);

/* The series of ticker (exact match), or NULL. */
di_series *di_prices_find(const di_prices *p, const char *ticker);

/* For a message about a name not in the data: write " (nearest: A, B, C)"
 * into buf with the DI_PRICES_SUGGEST tickers closest to name (edit
 * distance, ignoring case; ties bytewise), or "" when p has no series.
 * buf is always NUL-terminated. */
#define DI_PRICES_SUGGEST 3
#define DI_SUGGEST_LEN 256 /* room for the suggestion text */
void di_prices_suggest(const di_prices *p, const char *name, char *buf, size_t len);

/* First and last date over every series (DI_NO_DATE when empty). */
void di_prices_span(const di_prices *p, di_date *first, di_date *last);

#endif
