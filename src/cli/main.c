/*
 * main.c - the defimpact tool: dispatch to a command. Locale stays "C"
 * (we never call setlocale with ""), so nothing the tool prints depends on
 * the user's locale; di_init switches GSL's aborting error handler off
 * because the library checks every status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *what;
} commands[] = {
	{"run", cmd_run, "the event study; writes a report folder"},
	{"simulate", cmd_simulate, "size and power of every test on the study's securities"},
	{"moves", cmd_moves, "decomposes reported index and share moves"},
	{"diff", cmd_diff, "numeric comparison of two report files or folders"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: defimpact COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n  defimpact --help | --version | COMMAND --help\n"
		   "Exit codes: 0 ok, 1 bad data, 2 bad usage, 3 I/O, 4 diff found differences,\n"
		   "5 out of memory or internal error. See README.md and docs/ (errors.md).\n");
}

int cli_error(int status, const char *fmt, ...)
{
	va_list ap;
	fputs("defimpact: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int cli_fail(void)
{
	int code = di_error_code();
	fprintf(stderr, "defimpact: %s\n", di_error_message());
	return code ? di_exit_status(code) : CLI_EXIT_INTERNAL;
}

static void print_warning(const char *msg, void *payload)
{
	(void)payload;
	fprintf(stderr, "defimpact: warning: %s\n", msg);
}

void cli_warnings(di_study *study)
{
	di_study_set_warning_handler(study, di_study_quiet(study) ? NULL : print_warning, NULL);
}

/* glibc's defaults cost the tool a system call or a page fault per
 * allocation. A thread's arena grows by exactly what each allocation needs
 * (an mprotect per security-event: 132,000 of them, 3.7 s of system time
 * at 100k security-events), and a block above the adaptive mmap threshold
 * is mapped afresh, and faulted in page by page again, each time it is
 * allocated. Arenas now grow 64 MiB at a time, and blocks below 32 MiB are
 * reused from the heap (docs/performance.md: 30k security-events 4.1 ->
 * 3.5 s). A process-wide setting, so the tool's and never the library's. */
static void tune_allocator(void)
{
#ifdef __GLIBC__
	mallopt(M_TOP_PAD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
	int rc;
	tune_allocator();
	di_init();
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("defimpact %s\n", di_version());
		return CLI_EXIT_OK;
	}
	rc = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			rc = commands[i].fn(argc - 1, argv + 1);
	if (rc < 0) {
		fprintf(stderr, "defimpact: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_error(CLI_EXIT_IO, "writing output failed");
	return rc;
}
