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

int cmd_run(int argc, char **argv);
int cmd_moves(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
