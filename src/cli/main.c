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
#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>
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
 * allocated. Arenas grow 64 MiB at a time, and blocks below 32 MiB are
 * reused from the heap (30k security-events: 4.1 -> 3.1 s; on a 32-bit
 * glibc the threshold's limit is 16 MiB and it stays adaptive). A
 * process-wide setting, so the tool's and never the library's. */
static void tune_allocator(void)
{
#ifdef __GLIBC__
	mallopt(M_TOP_PAD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

/* Transparent huge pages for the heap. A first touch of memory costs a
 * page fault per 4 KiB page: 400,000 of them at 100k security-events, a
 * third of the run on a virtual machine (docs/performance.md). glibc asks
 * the kernel for huge pages for its heap (madvise) when the tunable
 * glibc.malloc.hugetlb=1 is set, which it reads from the environment when
 * a process starts only; and a kernel that gives huge pages only where
 * asked ("[madvise]", Debian's default) needs that. So the tool adds it to
 * GLIBC_TUNABLES and runs its own file again, once, under its own name.
 * Left as it is: a run that names the tunable itself (=0 turns it off),
 * every other kernel setting, a privileged process (AT_SECURE: glibc
 * drops the tunable there, which would exec again and again), a run
 * through the dynamic loader (the file would be the loader), the
 * sanitizer builds (their malloc is not glibc's), and a failed exec. Only
 * for the commands that compute; the numbers are the same bytes either
 * way. */
#if defined(__GLIBC__) && defined(__linux__) && !defined(DI_SANITIZED) && \
	!defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define HUGETLB "glibc.malloc.hugetlb=1"
static int thp_on_request(void)
{
	char line[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return strstr(line, "[madvise]") != NULL;
}

/* This program's own file (not /proc/self/exe: exec names the process
 * after the path it is given), or 0. */
static int own_file(char *path, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", path, size);
	if (n <= 0 || (size_t)n >= size)
		return 0;
	path[n] = '\0';
	return 1;
}

static void exec_with_huge_pages(char **argv)
{
	const char *env = getenv("GLIBC_TUNABLES");
	char *old = env ? strdup(env) : NULL, *val = NULL, self[PATH_MAX];
	size_t n = (old ? strlen(old) + 1 : 0) + sizeof(HUGETLB);
	if ((env && (!old || strstr(old, "glibc.malloc.hugetlb"))) || getauxval(AT_SECURE) ||
	    !getauxval(AT_BASE) || !thp_on_request() || !own_file(self, sizeof(self)) ||
	    !(val = malloc(n)))
		goto done;
	snprintf(val, n, "%s%s" HUGETLB, old ? old : "", old ? ":" : "");
	if (setenv("GLIBC_TUNABLES", val, 1) == 0) {
		execv(self, argv);
		/* no exec: on as we are, with the environment we had */
		if (old)
			setenv("GLIBC_TUNABLES", old, 1);
		else
			unsetenv("GLIBC_TUNABLES");
	}
done:
	free(val);
	free(old);
}
#else
static void exec_with_huge_pages(char **argv)
{
	(void)argv;
}
#endif

int main(int argc, char **argv)
{
	int rc;
	if (argc >= 2 && (!strcmp(argv[1], "run") || !strcmp(argv[1], "simulate") ||
			  !strcmp(argv[1], "moves")))
		exec_with_huge_pages(argv);
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
