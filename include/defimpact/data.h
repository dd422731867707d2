/*
 * defimpact/data.h - the inputs of a study built in memory: price series
 * and events, without files. The file loaders are layers over the same
 * builders, so data given here are checked exactly as a file's rows are.
 *
 * Dates are ISO strings, "YYYY-MM-DD" (the --date-format option applies to
 * files only). Messages name in-memory data "<prices>" and "<events>", and
 * give the 1-based position of the offending entry where a file would give
 * its line: "<prices>:3: price -1 for RHM.DE on 2025-01-03 is negative".
 *
 * A study uses them through di_study_use_prices and di_study_use_events
 * (defimpact/study.h); they are only read by a run, and must outlive every
 * study and run that uses them. Several runs, also in several threads, may
 * read the same objects at once.
 */
#ifndef DEFIMPACT_DATA_H
#define DEFIMPACT_DATA_H

#include <stddef.h>

#include "defimpact/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_prices di_prices;
typedef struct di_events di_events;
typedef struct di_securities di_securities;
typedef struct di_reported di_reported;

/** An empty set of price series. */
DI_API int di_prices_new(di_prices **out);
DI_API void di_prices_free(di_prices *prices);

/**
 * Add the series of one ticker: n trading days with their closing price
 * (the adjusted close, as a price file's Adj Close).
 *
 * A NaN close means no price that day, as an empty cell of a price file:
 * the date is left out. Otherwise the same rules as a file: dates strictly
 * ascending, prices finite and positive, at least one price, a ticker not
 * added before.
 *
 * @return 0; DI_EDATA (the series is then not added), DI_EUSAGE for a
 *         NULL or empty ticker or a NULL array, DI_ENOMEM.
 */
DI_API int di_prices_add_series(di_prices *prices, const char *ticker,
				const char *const *dates, const double *closes, size_t n);

/**
 * The same with the raw Open, High, Low and Close of each day, which only
 * `moves` reads (each array may be NULL when unknown; NaN for a missing
 * value). closes are the prices the study uses, as above.
 */
DI_API int di_prices_add_series_ohlc(di_prices *prices, const char *ticker,
				     const char *const *dates, const double *closes,
				     const double *open, const double *high,
				     const double *low, const double *close, size_t n);

/** An empty list of events. */
DI_API int di_events_new(di_events **out);
DI_API void di_events_free(di_events *events);

/**
 * Add one event, given as one row of an events file: column names and
 * their values (di_events_columns lists the names; case does not matter).
 * id, date and label are required; an absent optional column is an empty
 * cell. Values are read as the file's cells are: tickers separated by
 * spaces or commas, expected_sign "+1", "1" or "-1".
 *
 * @return 0; DI_EDATA for a bad value (empty or repeated id, unreadable
 *         date, bad expected_sign, a ticker listed twice, invalid UTF-8),
 *         DI_EUSAGE for an unknown or repeated column name or a missing
 *         required one; the event is then not added.
 */
DI_API int di_events_add(di_events *events, const char *const *columns,
			 const char *const *values, size_t n);

/** The column names di_events_add knows, in the file's order; *n is set to
 * their number. */
DI_API const char *const *di_events_columns(size_t *n);

/** An empty securities table (the securities file's rows: names, groups,
 * currencies, roles, FX series, local markets, exchange closes). */
DI_API int di_securities_new(di_securities **out);
DI_API void di_securities_free(di_securities *securities);

/**
 * Add one security, given as one row of a securities file: column names
 * and their values (di_securities_columns lists the names; case does not
 * matter). ticker is required; an absent column is an empty cell. Values
 * are read as the file's cells are (role: security, market, factor or
 * fx; currency: an ISO 4217 code, GBp/GBX for pence; fx and close in the
 * forms of docs/input-formats.md). Giving the role column in some row
 * makes the table one with roles, as a file with that column.
 *
 * @return 0; DI_EDATA for a bad value (empty or repeated ticker, unknown
 *         role or currency, bad fx or close, invalid UTF-8), DI_EUSAGE
 *         for an unknown or repeated column name or no ticker; the
 *         security is then not added.
 */
DI_API int di_securities_add(di_securities *securities, const char *const *columns,
			     const char *const *values, size_t n);

/** The column names di_securities_add knows, in the file's order. */
DI_API const char *const *di_securities_columns(size_t *n);

/** An empty list of reported moves, the input of a `moves` study. */
DI_API int di_reported_new(di_reported **out);
DI_API void di_reported_free(di_reported *reported);

/**
 * Add one reported move, given as one row of a reported-moves file:
 * column names and their values (di_reported_columns: ticker, move_pct,
 * name, asof, session_fraction, since, qualifier; case does not matter).
 * ticker and move_pct are required; move_pct is a percentage ("-3.5").
 * The same rules and messages as the file's rows (docs/moves.md).
 *
 * @return 0; DI_EDATA for a bad value, DI_EUSAGE for an unknown or
 *         repeated column name or a missing required one; the move is then
 *         not added.
 */
DI_API int di_reported_add(di_reported *reported, const char *const *columns,
			   const char *const *values, size_t n);

/** The column names di_reported_add knows, in the file's order. */
DI_API const char *const *di_reported_columns(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
