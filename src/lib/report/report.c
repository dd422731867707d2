/*
 * report.c - the atomic report folder. A failure at any point leaves the
 * previous report exactly as it was and no temporary folder behind: that is
 * the promise users of regression tests rely on.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "defimpact/run.h"
#include "error.h"
#include "numfmt.h"
#include "report.h"
#include "util.h"

int di_report_check_target(const char *target)
{
	struct stat st;
	char *marker;
	int rc = 0;
	if (lstat(target, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return di_error_set(DI_EIO, "%s: %s", target, DI_STRERROR(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return di_error_set(DI_EIO, "%s: exists and is not a folder; refusing to replace it",
				    target);
	marker = di_path_join(target, DI_MARKER);
	if (!marker)
		return di_error_oom();
	if (access(marker, F_OK) != 0)
		rc = di_error_set(DI_EIO,
				  "%s: exists and is not a defimpact report (no %s marker); refusing to "
				  "replace it",
				  target, DI_MARKER);
	di_free(marker);
	return rc;
}

/* rm -r of a folder we made: only regular files and no subfolders. It
 * allocates nothing (paths on the stack), because it also runs after an
 * allocation failure, when the temporary folder must still go. */
static void remove_tree(const char *dir)
{
	char path[PATH_MAX];
	DIR *d = opendir(dir);
	struct dirent *e;
	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
			    sizeof(path))
				unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The folder that will hold the report: created (with its parents) when
 * missing, so that the default reports/<study> works from any folder. */
static int make_parent(const char *target)
{
	char path[PATH_MAX];
	size_t n = strlen(target);
	if (n >= sizeof(path))
		return di_error_set(DI_EIO, "%s: path too long", target);
	memcpy(path, target, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return di_error_set(DI_EIO, "cannot create folder %s: %s", path,
					    DI_STRERROR(errno));
		*p = '/';
	}
	return 0;
}

/* Fill the trailing "XXXXXX" of path with letters and digits and create
 * that folder with mkdir(path, 0777), retrying on a taken name. Not
 * mkdtemp: it makes the folder 0700, and widening it afterwards needs the
 * umask, which can only be read by setting it (process-wide, racing any
 * other thread that creates files). mkdir applies the umask, or the
 * parent's default ACL, itself: the report gets the mode any new folder
 * there would get. mkdir never follows or reuses an existing name, a link
 * included, so the name must be unlikely but need not be secret. */
static int make_tmp_dir(char *path)
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char *x = path + strlen(path) - 6;
	struct timespec ts;
	uint64_t v;
	clock_gettime(CLOCK_REALTIME, &ts);
	v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40) ^
	    (uint64_t)(uintptr_t)path;
	for (int attempt = 0; attempt < 1000; attempt++) {
		/* splitmix64: each attempt a new, well-mixed name */
		uint64_t z = (v += 0x9E3779B97F4A7C15u);
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
		z ^= z >> 31;
		for (int i = 0; i < 6; i++, z /= 62)
			x[i] = chars[z % 62];
		if (mkdir(path, 0777) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	return -1; /* errno is EEXIST */
}

int di_report_begin(di_report_dir *d, const char *target, int bom)
{
	size_t n;
	int rc;
	memset(d, 0, sizeof(*d));
	d->bom = bom;
	n = strlen(target);
	while (n > 1 && target[n - 1] == '/')
		n--;
	if ((rc = di_report_check_target(target)))
		return rc;
	d->target = di_strndup(target, n);
	d->tmp = di_malloc(n + 16);
	if (!d->target || !d->tmp) {
		di_report_end(d);
		return di_error_oom();
	}
	memcpy(d->tmp, d->target, n);
	strcpy(d->tmp + n, ".tmp-XXXXXX");
	if ((rc = make_parent(d->target))) {
		di_free(d->tmp);
		d->tmp = NULL;
		di_report_end(d);
		return rc;
	}
	if (make_tmp_dir(d->tmp) != 0) {
		rc = di_error_set(DI_EIO, "cannot create a folder beside %s: %s", d->target,
				  DI_STRERROR(errno));
		di_free(d->tmp);
		d->tmp = NULL;
		di_report_end(d);
		return rc;
	}
	d->locale = di_locale_c();
	return 0;
}

int di_report_open(di_report_dir *d, const char *name, int csv, FILE **out)
{
	char *p = di_path_join(d->tmp, name);
	FILE *f;
	if (!p)
		return di_error_oom();
	f = fopen(p, "wb");
	if (!f) {
		int rc = di_error_set(DI_EIO, "cannot write %s/%s: %s", d->target, name,
				      DI_STRERROR(errno));
		di_free(p);
		return rc;
	}
	di_free(p);
	di_file_unlocked(f);
	if (csv && d->bom)
		fputs("\xEF\xBB\xBF", f);
	*out = f;
	return 0;
}

int di_report_close(di_report_dir *d, const char *name, FILE *f)
{
	int bad = ferror(f);
	int err = errno;
	if (fflush(f) != 0) {
		bad = 1;
		err = errno;
	}
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad)
		return di_error_set(DI_EIO, "cannot write %s/%s: %s", d->target, name,
				    DI_STRERROR(err ? err : EIO));
	return 0;
}

int di_report_file(di_report_dir *d, const char *name, int csv, di_report_fn fn,
		   const void *payload)
{
	FILE *f;
	int rc = di_report_open(d, name, csv, &f);
	if (rc)
		return rc;
	if ((rc = fn(f, payload))) {
		fclose(f);
		return rc;
	}
	return di_report_close(d, name, f);
}

int di_report_commit(di_report_dir *d)
{
	FILE *f;
	char *old = NULL;
	struct stat st;
	int rc;
	if ((rc = di_report_open(d, DI_MARKER, 0, &f)))
		return rc;
	fputs("This folder is a defimpact report; defimpact may replace it.\n", f);
	if ((rc = di_report_close(d, DI_MARKER, f)))
		return rc;
	/* re-check: the target may have appeared while we computed */
	if ((rc = di_report_check_target(d->target)))
		return rc;
	if (lstat(d->target, &st) == 0) {
		size_t n = strlen(d->target);
		old = di_malloc(n + 16);
		if (!old)
			return di_error_oom();
		memcpy(old, d->target, n);
		strcpy(old + n, ".old-XXXXXX");
		if (!mkdtemp(old)) {
			rc = di_error_set(DI_EIO, "cannot create a folder beside %s: %s", d->target,
					  DI_STRERROR(errno));
			di_free(old);
			return rc;
		}
		/* rename onto the empty folder we just made: atomic and unique */
		if (rename(d->target, old) != 0) {
			rc = di_error_set(DI_EIO, "cannot move %s aside: %s", d->target,
					  DI_STRERROR(errno));
			rmdir(old);
			di_free(old);
			return rc;
		}
	}
	if (rename(d->tmp, d->target) != 0) {
		rc = di_error_set(DI_EIO, "cannot move the new report into %s: %s", d->target,
				  DI_STRERROR(errno));
		/* put the previous report back; if even that fails, say where it is */
		if (old && rename(old, d->target) != 0)
			rc = di_error_set(DI_EIO,
					  "cannot move the new report into %s, and the previous report "
					  "stays at %s: %s",
					  d->target, old, DI_STRERROR(errno));
		di_free(old);
		return rc;
	}
	di_free(d->tmp);
	d->tmp = NULL;
	if (old) {
		remove_tree(old);
		di_free(old);
	}
	return 0;
}

void di_report_end(di_report_dir *d)
{
	if (d->tmp) {
		remove_tree(d->tmp);
		di_free(d->tmp);
		d->tmp = NULL;
	}
	di_free(d->target);
	d->target = NULL;
	di_locale_restore(d->locale);
	d->locale = (locale_t)0;
}
