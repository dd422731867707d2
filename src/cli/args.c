/*
 * args.c - "[STUDY.ini] [options]" for run and moves: the study file is
 * read first, then each option is handed to the same setter the study
 * file used, so a command-line value replaces the file's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static int is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

/* "--key" or "--key=value": the key into buf, the value (or NULL). */
static const char *split_option(const char *a, char *buf, size_t bufsz)
{
	const char *eq = strchr(a, '=');
	size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, a + 2, n);
	buf[n] = '\0';
	return eq ? eq + 1 : NULL;
}

int cli_study_from_args(di_study **out, di_command cmd, int argc, char **argv,
			void (*help)(void))
{
	di_study *s = NULL;
	const char *ini = NULL;
	char key[64];
	int status = CLI_EXIT_OK;
	*out = NULL;
	/* pass 1: help, unknown options and the one positional argument */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (is_help(a)) {
			help();
			return -1;
		}
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *val = split_option(a, key, sizeof(key));
			int kind = di_study_key_kind(cmd, key);
			if (kind < 0)
				return cli_error(CLI_EXIT_USAGE, "unknown option '--%s' (see 'defimpact %s --help')",
						 key, argv[0]);
			if (kind == 1 && !val && ++i >= argc)
				return cli_error(CLI_EXIT_USAGE, "--%s needs a value", key);
			continue;
		}
		if (ini)
			return cli_error(CLI_EXIT_USAGE, "unexpected argument '%s' (one study file at most)", a);
		ini = a;
	}
	if (di_study_new(&s, cmd))
		return cli_fail();
	if (ini && di_study_load_ini(s, ini))
		goto fail;
	/* pass 2: the options, in order */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val;
		if (!(a[0] == '-' && a[1] == '-' && a[2]))
			continue;
		val = split_option(a, key, sizeof(key));
		if (di_study_key_kind(cmd, key) == 1 && !val)
			val = argv[++i];
		if (di_study_set(s, key, val))
			goto fail;
	}
	if (di_study_finish(s))
		goto fail;
	*out = s;
	return CLI_EXIT_OK;
fail:
	status = cli_fail();
	di_study_free(s);
	return status;
}

typedef struct progress {
	time_t start;
	int shown;
} progress;

/* done/total, trials a second and the time left, on one line rewritten. */
static void show_progress(size_t done, size_t total, void *payload)
{
	progress *p = payload;
	double el = difftime(time(NULL), p->start), r = el > 0 ? (double)done / el : 0;
	double eta = r > 0 ? (double)(total - done) / r : 0;
	fprintf(stderr, "\rdefimpact: simulate: %zu/%zu trials, %.1f/s, ETA %dm%02ds ", done, total,
		r, (int)eta / 60, (int)eta % 60);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
	p->shown = 1;
}

/* The result of one of the three study commands. */
typedef struct job {
	di_command cmd;
	di_run *run;
	di_moves *moves;
	di_simulation *sim;
	progress pr;
} job;

static int job_make(job *j, const di_study *study)
{
	int tty = !di_study_quiet(study) && isatty(STDERR_FILENO);
	switch (j->cmd) {
	case DI_CMD_RUN:
		return di_run_new(&j->run, study);
	case DI_CMD_MOVES:
		return di_moves_new(&j->moves, study);
	default:
		return di_simulate_new(&j->sim, study, tty ? show_progress : NULL, &j->pr);
	}
}

static int job_write(const job *j, const char *out)
{
	switch (j->cmd) {
	case DI_CMD_RUN:
		return di_run_write(j->run, out);
	case DI_CMD_MOVES:
		return di_moves_write(j->moves, out);
	default:
		return di_simulate_write(j->sim, out);
	}
}

int cli_run_job(di_command cmd, void (*help)(void), int argc, char **argv)
{
	di_study *study = NULL;
	job j = {cmd, NULL, NULL, NULL, {time(NULL), 0}};
	const char *out;
	int status = cli_study_from_args(&study, cmd, argc, argv, help);
	if (status)
		return status < 0 ? CLI_EXIT_OK : status;
	cli_warnings(study);
	out = di_study_out(study);
	/* refuse a foreign folder before the work, not after */
	if (di_report_check_target(out) || job_make(&j, study) || job_write(&j, out)) {
		if (j.pr.shown)
			fputc('\n', stderr);
		status = cli_fail();
		goto done;
	}
	if (!di_study_quiet(study))
		printf("defimpact: report written to %s\n", out);
done:
	di_run_free(j.run);
	di_moves_free(j.moves);
	di_simulate_free(j.sim);
	di_study_free(study);
	return status;
}
