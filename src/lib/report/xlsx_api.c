/*
 * xlsx_api.c - libxlsxwriter through dlopen() (xlsx_api.h says why).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "error.h"
#include "xlsx_api.h"

/*
 * The library's one lock, for what of libxlsxwriter is shared by the whole
 * process; it holds no data, and a study waits on it only while another
 * opens, closes or packs a workbook:
 * - workbook_close() writes the creation time through gmtime(), whose
 *   result is one static buffer, so two workbooks closed at once race on
 *   it (ThreadSanitizer in test_threads saw it);
 * - dlopen() and dlclose() are thread-safe through the dynamic loader's own
 *   lock, which ThreadSanitizer cannot see (ld.so is not instrumented):
 *   two studies opening and closing the library at once showed as a race
 *   on the loader's memory, now and then. Taken here too, the order is
 *   visible, and it costs nothing (once per workbook).
 */
static pthread_mutex_t xlsx_lock = PTHREAD_MUTEX_INITIALIZER;

void di_xlsx_api_lock(void)
{
	pthread_mutex_lock(&xlsx_lock);
}

void di_xlsx_api_unlock(void)
{
	pthread_mutex_unlock(&xlsx_lock);
}

int di_xlsx_api_open(di_xlsx_api *api, const char *soname)
{
	const char *missing = NULL;
	memset(api, 0, sizeof(*api));
	/* RTLD_LOCAL: its symbols stay out of the process's namespace;
	 * RTLD_NOW: a library that lacks one fails here, not mid-workbook. */
	di_xlsx_api_lock();
	api->handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	di_xlsx_api_unlock();
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
	if (api->handle) {
		di_xlsx_api_lock();
		dlclose(api->handle);
		di_xlsx_api_unlock();
	}
	memset(api, 0, sizeof(*api));
}
