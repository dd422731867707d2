/*
 * report.h - a report folder written atomically: files go into a
 * temporary folder beside the target, which is swapped into place at the
 * end (the old folder renamed aside, the new renamed in, the old removed).
 * A folder without the .defimpact marker is never replaced.
 */
#ifndef DI_REPORT_H
#define DI_REPORT_H

#include <locale.h>
#include <stdio.h>

#define DI_MARKER ".defimpact"

typedef struct di_report_dir {
	char *target;
	char *tmp;
	int bom;
	locale_t locale; /* the caller's, restored by di_report_end */
} di_report_dir;

/* Start a report: check the target, make the temporary folder beside it,
 * and switch the thread to the C locale until di_report_end. */
int di_report_begin(di_report_dir *d, const char *target, int bom);
/* Open name inside the temporary folder for writing (with the BOM when
 * asked and csv is set). */
int di_report_open(di_report_dir *d, const char *name, int csv, FILE **out);
/* Close, checking every write that went before. */
int di_report_close(di_report_dir *d, const char *name, FILE *f);
/* Write one file of the report: open it, let fn write it (fn returns 0 or a
 * negative di_code), close it checking every write. */
typedef int (*di_report_fn)(FILE *f, const void *payload);
int di_report_file(di_report_dir *d, const char *name, int csv, di_report_fn fn,
		   const void *payload);
/* Write the marker and swap the folder into place. */
int di_report_commit(di_report_dir *d);
/* Remove the temporary folder (after a failure) and free. Safe after
 * commit. */
void di_report_end(di_report_dir *d);

#endif
