/*
 * test_xlsx_api.c - libxlsxwriter opened at run time (xlsx_api.h): the
 * library the build compiled against opens with every function the
 * workbook writer calls; a library that is missing, or that lacks one of
 * the functions, is a DI_EIO naming it, with nothing left open.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "defimpact/common.h"
#include "xlsx_api.h"

static void opens_the_built_against_library(void **state)
{
	di_xlsx_api api;
	(void)state;
	assert_int_equal(di_xlsx_api_open(&api, DI_XLSXWRITER_SONAME), 0);
	assert_non_null(api.handle);
	assert_non_null(api.workbook_new_opt);
	assert_non_null(api.lxw_strerror);
	/* a call through the table reaches the library */
	assert_string_equal(api.lxw_strerror(LXW_NO_ERROR), "No error.");
	di_xlsx_api_close(&api);
	assert_null(api.handle);
	assert_null(api.workbook_new_opt);
	di_xlsx_api_close(&api); /* closing twice is harmless */
}

static void a_missing_library_is_an_io_error(void **state)
{
	di_xlsx_api api;
	(void)state;
	assert_int_equal(di_xlsx_api_open(&api, "libdefimpact-no-such-library.so.0"), DI_EIO);
	assert_non_null(strstr(di_error_message(),
			       "report.xlsx needs libxlsxwriter (libdefimpact-no-such-library.so.0)"));
	assert_null(api.handle);
}

static void a_library_without_the_functions_is_refused(void **state)
{
	di_xlsx_api api;
	(void)state;
	/* libc opens, but has none of libxlsxwriter's functions */
	assert_int_equal(di_xlsx_api_open(&api, "libc.so.6"), DI_EIO);
	assert_string_equal(di_error_message(),
			    "report.xlsx needs libxlsxwriter (libc.so.6): it has no workbook_new_opt");
	assert_null(api.handle);
	assert_null(api.workbook_close);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_the_built_against_library),
		cmocka_unit_test(a_missing_library_is_an_io_error),
		cmocka_unit_test(a_library_without_the_functions_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
