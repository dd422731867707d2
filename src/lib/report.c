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
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "defimpact/run.h"
#include "error.h"
#include "numfmt.h"
#include "report.h"

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = di_malloc(la + 1 + lb + 1);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int di_report_check_target(const char *target)
{
	struct stat st;
	char *marker;
	int rc = 0;
	if (lstat(target, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return di_error_set(DI_EIO, "%s: %s", target, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return di_error_set(DI_EIO, "%s: exists and is not a folder; refusing to replace it",
				    target);
	marker = path_join(target, DI_MARKER);
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
					    strerror(errno));
		*p = '/';
	}
	return 0;
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
	if (!mkdtemp(d->tmp)) {
		rc = di_error_set(DI_EIO, "cannot create a folder beside %s: %s", d->target,
				  strerror(errno));
		di_free(d->tmp);
		d->tmp = NULL;
		di_report_end(d);
		return rc;
	}
	/* mkdtemp makes the folder private (0700); a report is not a secret:
	 * give it the mode mkdir would, so others may read what we share */
	{
		mode_t mask = umask(0);
		umask(mask);
		chmod(d->tmp, 0777 & ~mask);
	}
	d->locale = di_locale_c();
	return 0;
}

int di_report_open(di_report_dir *d, const char *name, int csv, FILE **out)
{
	char *p = path_join(d->tmp, name);
	FILE *f;
	if (!p)
		return di_error_oom();
	f = fopen(p, "wb");
	if (!f) {
		int rc = di_error_set(DI_EIO, "cannot write %s/%s: %s", d->target, name,
				      strerror(errno));
		di_free(p);
		return rc;
	}
	di_free(p);
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
				    strerror(err ? err : EIO));
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
					  strerror(errno));
			di_free(old);
			return rc;
		}
		/* rename onto the empty folder we just made: atomic and unique */
		if (rename(d->target, old) != 0) {
			rc = di_error_set(DI_EIO, "cannot move %s aside: %s", d->target,
					  strerror(errno));
			rmdir(old);
			di_free(old);
			return rc;
		}
	}
	if (rename(d->tmp, d->target) != 0) {
		rc = di_error_set(DI_EIO, "cannot move the new report into %s: %s", d->target,
				  strerror(errno));
		/* put the previous report back; if even that fails, say where it is */
		if (old && rename(old, d->target) != 0)
			rc = di_error_set(DI_EIO,
					  "cannot move the new report into %s, and the previous report "
					  "stays at %s: %s",
					  d->target, old, strerror(errno));
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
