/*
 * event_study.c - the smallest program over libdefimpact: run the event
 * study of a study file and write its report folder.
 *
 *   cc event_study.c $(pkg-config --cflags --libs defimpact) -o event_study
 *   ./event_study STUDY.ini REPORT_DIR
 *
 * Every function returns 0 or a negative di_code, the message of the last
 * error in di_error_message(); every _free accepts NULL.
 */
#include <stdio.h>

#include <defimpact/defimpact.h>

int main(int argc, char **argv)
{
	di_study *study = NULL;
	di_run *run = NULL;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s STUDY.ini REPORT_DIR\n", argv[0]);
		return 2;
	}
	di_init(); /* GSL's default error handler would abort the process */
	rc = di_study_new(&study, DI_CMD_RUN);
	if (!rc)
		rc = di_study_load_ini(study, argv[1]);
	if (!rc)
		rc = di_study_set(study, "quiet", NULL);
	if (!rc)
		rc = di_study_finish(study);
	if (!rc)
		rc = di_run_new(&run, study);
	if (!rc)
		rc = di_run_write(run, argv[2]);
	if (rc)
		fprintf(stderr, "event_study: %s\n", di_error_message());
	else
		printf("defimpact %s: report written to %s\n", di_version(), argv[2]);
	di_run_free(run);
	di_study_free(study);
	return rc ? di_exit_status(rc) : 0;
}
