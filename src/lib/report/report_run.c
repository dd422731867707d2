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

static int summary_file(FILE *f, const void *v)
{
	return di_report_run_text(v, f);
}

static int manifest_file(FILE *f, const void *v)
{
	return di_manifest_write_run(f, v);
}

static int html_file(FILE *f, const void *v)
{
	return di_report_run_html(v, f);
}

static int write_all(const di_rview *v, di_report_dir *d)
{
	const unsigned fm = v->study->formats ? v->study->formats : DI_FMT_ALL;
	int rc = 0;
	if (fm & DI_FMT_CSV)
		rc = di_report_run_csv(v, d);
	if (!rc && (fm & DI_FMT_XLSX))
		rc = di_report_run_xlsx(v, d);
	if (!rc && (fm & DI_FMT_TEXT))
		rc = di_report_file(d, "summary.txt", 0, summary_file, v);
	if (!rc && (fm & DI_FMT_SVG))
		rc = di_plots_write_run(v, d);
	if (!rc && (fm & DI_FMT_HTML))
		rc = di_report_file(d, "index.html", 0, html_file, v);
	if (!rc)
		rc = di_report_file(d, "manifest.txt", 0, manifest_file, v);
	return rc;
}

/* The writers read one view of the run (result_view.h), made here once. */
int di_run_write(const di_run *run, const char *outdir)
{
	di_report_dir d;
	di_rview *v;
	int rc;
	if ((rc = di_rview_new(run, &v)))
		return rc;
	if (!(rc = di_report_begin(&d, outdir, v->study->bom))) {
		if (!(rc = write_all(v, &d)))
			rc = di_report_commit(&d);
		di_report_end(&d);
	}
	di_rview_free(v);
	return rc;
}
