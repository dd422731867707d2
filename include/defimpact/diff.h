/*
 * defimpact/diff.h - numeric comparison of two report CSV files, or of
 * every *.csv of two report folders: text cells exactly, numbers within a
 * tolerance, whatever the dialect (',' and '.', or ';' and ',') of each.
 *
 * The library does not print: each difference is handed, as one line of
 * text, to a callback; the tool prints them (docs/report-format.md gives
 * the line formats).
 */
#ifndef DEFIMPACT_DIFF_H
#define DEFIMPACT_DIFF_H

#include <stddef.h>

#include "defimpact/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Receives one difference, a NUL-terminated line without '\n':
 *   FILE:ROW:COLUMN expected X got Y
 *   missing file NAME | extra file NAME
 *   FILE: missing column C | FILE: extra column C
 *   FILE:ROW: missing row | FILE:ROW: extra row
 * The line is valid only during the call. */
typedef void (*di_diff_fn)(const char *line, void *payload);

typedef struct di_diff_options {
	double rtol; /* relative tolerance, >= 0 (of the expected value) */
	double atol; /* absolute tolerance, >= 0 */
	/* Compare only these columns (by header name); NULL for all. A name
	 * found in no header of the compared files is a usage error. */
	const char *const *columns;
	size_t ncolumns;
} di_diff_options;

#define DI_DIFF_RTOL 1e-9
#define DI_DIFF_ATOL 1e-12
#define DI_DIFF_OPTIONS_INIT {DI_DIFF_RTOL, DI_DIFF_ATOL, NULL, 0}

/* Compare expected with actual: two CSV files, or two folders (their
 * *.csv files matched by name; hidden files, other files and subfolders
 * are ignored). Rows are matched by position, columns by header name.
 * opts may be NULL (the defaults). fn may be NULL (only count).
 *
 * Returns the number of differences (0: none), or a negative di_code with
 * the error set: DI_EIO (a path that cannot be read, or a file compared
 * with a folder), DI_EDATA (a malformed CSV file, a row whose field count
 * is not the header's), DI_EUSAGE (a negative or NaN tolerance, a --columns
 * name in no header), DI_ENOMEM. Differences found before an error have
 * been reported. */
DI_API long di_diff(const char *expected, const char *actual,
		    const di_diff_options *opts, di_diff_fn fn, void *payload);

/* The rule for one pair of numbers: 1 when |actual - expected| <= atol +
 * rtol * |expected|, or both are the same infinity, or both are NaN. */
DI_API int di_diff_numbers_equal(double expected, double actual,
				 double rtol, double atol);

/* The rule for one pair of cells: equal text, or both numbers (read with
 * a decimal comma when the cell's file has ';' separators, *_comma = 1)
 * equal by di_diff_numbers_equal. An empty cell equals only an empty
 * cell. */
DI_API int di_diff_cells(const char *expected, int expected_comma,
			 const char *actual, int actual_comma, double rtol,
			 double atol);

#ifdef __cplusplus
}
#endif
#endif
