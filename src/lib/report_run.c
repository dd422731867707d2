/*
 * report_run.c - writes a run's report folder: the CSV files, the summary
 * and the plots, into a temporary folder swapped into place at the end.
 * The order of the files does not matter; that every one is checked does.
 */
#include <stdio.h>

#include "manifest.h"
#include "plots.h"
#include "report_run.h"

static int summary_file(FILE *f, const void *run)
{
	return di_report_run_text(run, f);
}

static int manifest_file(FILE *f, const void *run)
{
	return di_manifest_write_run(f, run);
}

int di_run_write(const di_run *run, const char *outdir)
{
	di_report_dir d;
	int rc;
	if ((rc = di_report_begin(&d, outdir, run->study->bom)))
		return rc;
	if (!(rc = di_report_run_csv(run, &d)) &&
	    !(rc = di_report_file(&d, "summary.txt", 0, summary_file, run)) &&
	    !(rc = di_plots_write_run(run, &d)) &&
	    !(rc = di_report_file(&d, "manifest.txt", 0, manifest_file, run)))
		rc = di_report_commit(&d);
	di_report_end(&d);
	return rc;
}
