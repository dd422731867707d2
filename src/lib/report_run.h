/*
 * report_run.h - the writers of a run report folder.
 */
#ifndef DI_REPORT_RUN_H
#define DI_REPORT_RUN_H

#include <stdio.h>

#include "report.h"
#include "run.h"

int di_report_run_csv(const di_run *run, di_report_dir *d);
/* report.xlsx, its table sheets from the table views (view.c) */
int di_report_run_xlsx(const di_run *run, di_report_dir *d);
/* index.html: one self-contained page (report_html.c) */
int di_report_run_html(const di_run *run, FILE *f);
/* summary.txt */
int di_report_run_text(const di_run *run, FILE *f);

#endif
