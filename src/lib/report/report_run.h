/*
 * report_run.h - the writers of a run report folder.
 */
#ifndef DI_REPORT_RUN_H
#define DI_REPORT_RUN_H

#include <stdio.h>

#include "report.h"
#include "result_view.h"

/* Each writer reads the run's view (result_view.h) and formats it. */
int di_report_run_csv(const di_rview *v, di_report_dir *d);
/* report.xlsx, its table sheets from the table views (view.c) */
int di_report_run_xlsx(const di_rview *v, di_report_dir *d);
/* index.html: one self-contained page (report_html.c) */
int di_report_run_html(const di_rview *v, FILE *f);
/* summary.txt */
int di_report_run_text(const di_rview *v, FILE *f);

#endif
