/*
 * xlsx_api.h - libxlsxwriter's functions, opened when a workbook is written.
 *
 * The library reaches libxlsxwriter through dlopen() instead of linking it:
 * libxlsxwriter brings libminizip, libz and libcrypto, and loading and
 * relocating those cost every process that links them about 3 ms at start,
 * paid twice by a run (src/cli/main.c starts again for huge pages), though
 * only a report.xlsx needs them (docs/performance.md, fifth round).
 *
 * DI_XLSX_FUNCTIONS lists the functions report_xlsx.c calls; each member of
 * di_xlsx_api is typed from xlsxwriter.h's own prototype, so a call that
 * does not match the header fails to compile as it would when linked.
 */
#ifndef DI_XLSX_API_H
#define DI_XLSX_API_H

#include <xlsxwriter.h>

#define DI_XLSX_FUNCTIONS(X) \
	X(workbook_new_opt) X(workbook_set_properties) X(workbook_add_format) \
	X(workbook_add_worksheet) X(workbook_add_chart) X(workbook_close) \
	X(format_set_bold) X(format_set_num_format) \
	X(worksheet_write_string) X(worksheet_write_number) X(worksheet_write_datetime) \
	X(worksheet_set_column) X(worksheet_freeze_panes) X(worksheet_autofilter) \
	X(worksheet_insert_chart) \
	X(chart_title_set_name) X(chart_axis_set_name) X(chart_add_series) \
	X(chart_series_set_categories) X(chart_series_set_values) X(chart_series_set_name) \
	X(chart_series_set_line) X(lxw_strerror)

#define DI_XLSX_MEMBER(f) __typeof__(f) *f;

typedef struct di_xlsx_api {
	void *handle; /* dlopen()'s, for di_xlsx_api_close */
	DI_XLSX_FUNCTIONS(DI_XLSX_MEMBER)
} di_xlsx_api;

#undef DI_XLSX_MEMBER

/*
 * Opens the shared library soname (DI_XLSXWRITER_SONAME: the one the build
 * compiled against) and fills api. dlopen() counts its openings, so two
 * threads may each hold one.
 * @return 0; DI_EIO with the loader's message when the library or one of
 *         its functions cannot be found.
 */
int di_xlsx_api_open(di_xlsx_api *api, const char *soname);

/* Closes what di_xlsx_api_open opened; api may be zeroed or closed. */
void di_xlsx_api_close(di_xlsx_api *api);

/* The lock around what of libxlsxwriter the whole process shares (its
 * loading and unloading, taken by the two functions above, and
 * workbook_close's static time buffer, taken by its caller): xlsx_api.c. */
void di_xlsx_api_lock(void);
void di_xlsx_api_unlock(void);

#endif
