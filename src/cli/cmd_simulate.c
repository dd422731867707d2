/*
 * cmd_simulate.c - `defimpact simulate [STUDY.ini] [options]`: size and
 * power of every test on the study's securities. Progress goes to stderr
 * only when stderr is a terminal.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void help(void)
{
	fputs("usage: defimpact simulate [STUDY.ini] [options]\n"
	      "\n"
	      "Size and power of every test on the study's own securities (Brown-Warner\n"
	      "1985): each trial puts the securities at a random candidate date outside the\n"
	      "real events' windows (one date shared by all, or one per security), adds an\n"
	      "abnormal return on day 0, and counts how often each test rejects at 1, 5 and\n"
	      "10%. Writes simulate.csv, summary.txt and power.svg.\n"
	      "\n"
	      "The study, as for run (the other options of run are accepted too):\n"
	      "  --prices PATH         price file, or folder of *.csv (repeatable)\n"
	      "  --events FILE         the real events (their windows are never drawn)\n"
	      "  --market TICKER       the market index series\n"
	      "  --factor TICKER       an extra factor (repeatable; model factor)\n"
	      "  --securities FILE     ticker,name,group,currency[,role][,file]\n"
	      "  --model M             mean | market-adjusted | market (default) | factor\n"
	      "  --returns R           simple (default) | log\n"
	      "  --estimation A:B      estimation window (default -250:-11)\n"
	      "  --event-window A:B    event window (default -10:10)\n"
	      "  --car A:B             CAR window (repeatable; default 0:0 0:1 -1:1 -5:5 -10:10)\n"
	      "  --min-estimation N    fewer usable estimation returns exclude (default 120)\n"
	      "  --tickers T1,T2,...   securities (default: as for run)\n"
	      "  --currency CUR        convert every return to CUR, as for run\n"
	      "  --date-format F       dates not ISO: %d/%m/%Y | %d.%m.%Y | %m/%d/%Y\n"
	      "and the trials:\n"
	      "  --trials N            trials per clustering (default 1000)\n"
	      "  --inject X1,X2,...    abnormal returns added on day 0 (default\n"
	      "                        0,0.005,0.01,0.02; 0 measures the size)\n"
	      "  --clustered C         yes (one shared day 0) | no (one per security) |\n"
	      "                        both (default)\n"
	      "  --placebo M           also the size of p_placebo, from M placebo dates per\n"
	      "                        trial (default 0: off; it multiplies the cost)\n"
	      "  --seed S              seed of every draw (default 1)\n"
	      "  --jobs N              worker threads (default: the number of cores; the\n"
	      "                        output does not depend on it)\n"
	      "  --out DIR             report folder (default reports/<study name>-simulate)\n"
	      "  --quiet               no warnings, no progress\n"
	      "\n"
	      "Study files are INI: the [study] section of run, which may also hold trials,\n"
	      "inject and clustered.\n",
	      stdout);
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

int cmd_simulate(int argc, char **argv)
{
	di_study *study = NULL;
	di_simulation *sim = NULL;
	progress pr = {time(NULL), 0};
	const char *out;
	int tty, status = cli_study_from_args(&study, DI_CMD_SIMULATE, argc, argv, help);
	if (status)
		return status < 0 ? CLI_EXIT_OK : status;
	cli_warnings(study);
	out = di_study_out(study);
	tty = !di_study_quiet(study) && isatty(STDERR_FILENO);
	if (di_report_check_target(out) ||
	    di_simulate_new(&sim, study, tty ? show_progress : NULL, &pr) ||
	    di_simulate_write(sim, out)) {
		if (pr.shown)
			fputc('\n', stderr);
		status = cli_fail();
		goto done;
	}
	if (!di_study_quiet(study))
		printf("defimpact: report written to %s\n", out);
done:
	di_simulate_free(sim);
	di_study_free(study);
	return status;
}
