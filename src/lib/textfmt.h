/*
 * textfmt.h - numbers for people, in the text summaries: percent with two
 * decimals, fixed decimals, p-values; "-" for a missing value. Callers run
 * inside a report (C locale pinned by di_report_begin).
 */
#ifndef DI_TEXTFMT_H
#define DI_TEXTFMT_H

#include <stddef.h>

#include "date.h"

/* "+1.23%" (signed) */
const char *di_txt_pct(double v, char *buf, size_t n);
/* "1.23%" (unsigned, for a standard deviation) */
const char *di_txt_pct_u(double v, char *buf, size_t n);
const char *di_txt_fixed(double v, int dec, char *buf, size_t n);
/* "0.0123", or "<0.0001" */
const char *di_txt_pval(double p, char *buf, size_t n);

/* "Mon" .. "Sun" */
const char *di_txt_weekday(di_date d);

#endif
