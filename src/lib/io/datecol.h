/*
 * datecol.h - settling the date format of a CSV file's date column when
 * its dates are not ISO and no --date-format was given: the one format
 * every non-ISO date of the column fits. 02/01/2025 alone could be either
 * day-first or month-first; a file whose dates all leave that open is an
 * error that names the choices, never a guess.
 */
#ifndef DI_DATECOL_H
#define DI_DATECOL_H

#include <stddef.h>

#include "csvread.h"
#include "date.h"

/* Read path (the header is its first record) and settle the format of
 * column col. 0 with *out the format (DI_DATE_AUTO when no format fits
 * every date: the loader then names the first date it cannot read), or
 * DI_EDATA with FILE:LINE naming the choices when two formats fit, or the
 * reader's error. */
int di_date_settle(const char *path, size_t col, di_date_fmt *out);
/* The same over a file or a buffer. */
int di_date_settle_src(const di_csv_src *src, size_t col, di_date_fmt *out);

#endif
