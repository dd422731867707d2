/*
 * cli.h - what the commands of the tool share: messages, exit codes and
 * the option parser that feeds a study. The tool is thin: it parses,
 * calls the library, prints.
 */
#ifndef DI_CLI_H
#define DI_CLI_H

#include <defimpact/defimpact.h>

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_DATA = 1,
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_IO = 3,
	CLI_EXIT_DIFF = 4,
	CLI_EXIT_INTERNAL = 5
};

/* The option lines of --help that run and simulate share, word for word:
 * the model of normal returns and its windows, and the worker threads. */
#define CLI_HELP_MODEL                                                                          \
	"  --model M             mean | market-adjusted | market (default) | factor\n"           \
	"  --returns R           simple (default) | log\n"                                        \
	"  --estimation A:B      estimation window (default -250:-11)\n"                          \
	"  --event-window A:B    event window (default -10:10)\n"                                 \
	"  --car A:B             CAR window (repeatable; default 0:0 0:1 -1:1 -5:5 -10:10)\n"     \
	"  --min-estimation N    fewer usable estimation returns exclude (default 120)\n"
#define CLI_HELP_JOBS                                                                           \
	"  --jobs N              worker threads (default: the number of cores; the\n"            \
	"                        output does not depend on it)\n"

/* Print "defimpact: <last library error>" and return its exit status. */
int cli_fail(void);
/* Print "defimpact: fmt..." and return status. */
int cli_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The study's warnings to stderr ("defimpact: warning: ..."), unless
 * --quiet. */
void cli_warnings(di_study *study);

/* Parse "[STUDY.ini] [options]" into a finished study. Returns 0; -1
 * when --help was printed; else the exit status, the error printed. */
int cli_study_from_args(di_study **out, di_command cmd, int argc, char **argv,
			void (*help)(void));

/* What run, moves and simulate share once the arguments are parsed: the
 * warnings, refusing a foreign --out folder before the work, the result,
 * its report folder, the closing line and the cleanup. simulate's progress
 * line goes to stderr only when it is a terminal and not --quiet. Returns
 * the exit status, the error printed. */
int cli_run_job(di_command cmd, void (*help)(void), int argc, char **argv);

int cmd_run(int argc, char **argv);
int cmd_moves(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
