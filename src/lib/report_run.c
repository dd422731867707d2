/*
 * report_run.c - writes a run's report folder: the CSV files, the summary
 * and the plots, into a temporary folder swapped into place at the end.
 * The order of the files does not matter; that every one is checked does.
 */
#include <stdio.h>

#include "manifest.h"
#include "plots.h"
#include "report_run.h"

int di_run_write(const di_run *run, const char *outdir)
{
	di_report_dir d;
	FILE *f;
	int rc;
	if ((rc = di_report_begin(&d, outdir, run->study->bom)))
		return rc;
	if ((rc = di_report_run_csv(run, &d)))
		goto done;
	if ((rc = di_report_open(&d, "summary.txt", 0, &f)))
		goto done;
	di_report_run_text(run, f);
	if ((rc = di_report_close(&d, "summary.txt", f)))
		goto done;
	if ((rc = di_plots_write_run(run, &d)))
		goto done;
	if ((rc = di_report_open(&d, "manifest.txt", 0, &f)))
		goto done;
	if ((rc = di_manifest_write_run(f, run))) {
		fclose(f);
		goto done;
	}
	if ((rc = di_report_close(&d, "manifest.txt", f)))
		goto done;
	rc = di_report_commit(&d);
done:
	di_report_end(&d);
	return rc;
}
