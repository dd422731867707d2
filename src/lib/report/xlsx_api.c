/*
 * xlsx_api.c - libxlsxwriter through dlopen() (xlsx_api.h says why).
 */
#include <dlfcn.h>
#include <string.h>

#include "error.h"
#include "xlsx_api.h"

int di_xlsx_api_open(di_xlsx_api *api, const char *soname)
{
	const char *missing = NULL;
	memset(api, 0, sizeof(*api));
	/* RTLD_LOCAL: its symbols stay out of the process's namespace;
	 * RTLD_NOW: a library that lacks one fails here, not mid-workbook. */
	api->handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!api->handle) {
		const char *why = dlerror();
		return di_error_set(DI_EIO, "report.xlsx needs libxlsxwriter (%s): %s", soname,
				    why ? why : "not found");
	}
	/* POSIX's way to store dlsym()'s object pointer in a function
	 * pointer: through its bytes (ISO C has no such conversion). */
#define DI_XLSX_RESOLVE(f) \
	if (!missing && !(*(void **)&api->f = dlsym(api->handle, #f))) \
		missing = #f;
	DI_XLSX_FUNCTIONS(DI_XLSX_RESOLVE)
#undef DI_XLSX_RESOLVE
	if (!missing)
		return 0;
	di_xlsx_api_close(api);
	return di_error_set(DI_EIO, "report.xlsx needs libxlsxwriter (%s): it has no %s", soname,
			    missing);
}

void di_xlsx_api_close(di_xlsx_api *api)
{
	if (api->handle)
		dlclose(api->handle);
	memset(api, 0, sizeof(*api));
}
