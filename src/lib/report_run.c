/*
 * report_run.c - writes a run's report folder: the files --formats asks
 * for (the CSV files, the summary, the plots, report.xlsx, index.html) and
 * the manifest, into a temporary folder swapped into place at the end.
 * The CSV files and the workbook are written from the same table views
 * (view.c), each on its own. The order of the files does not matter; that
 * every one is checked does.
 */
#include <stdio.h>

#include "error.h"
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

static int html_file(FILE *f, const void *run)
{
	return di_report_run_html(run, f);
}

static int write_all(const di_run *run, di_report_dir *d)
{
	const unsigned fm = run->study->formats ? run->study->formats : DI_FMT_ALL;
	int rc = 0;
	if (fm & DI_FMT_CSV)
		rc = di_report_run_csv(run, d);
	if (!rc && (fm & DI_FMT_XLSX))
		rc = di_report_run_xlsx(run, d);
	if (!rc && (fm & DI_FMT_TEXT))
		rc = di_report_file(d, "summary.txt", 0, summary_file, run);
	if (!rc && (fm & DI_FMT_SVG))
		rc = di_plots_write_run(run, d);
	if (!rc && (fm & DI_FMT_HTML))
		rc = di_report_file(d, "index.html", 0, html_file, run);
	if (!rc)
		rc = di_report_file(d, "manifest.txt", 0, manifest_file, run);
	return rc;
}

int di_run_write(const di_run *run, const char *outdir)
{
	di_report_dir d;
	int rc;
	if ((rc = di_report_begin(&d, outdir, run->study->bom)))
		return rc;
	if (!(rc = write_all(run, &d)))
		rc = di_report_commit(&d);
	di_report_end(&d);
	return rc;
}
