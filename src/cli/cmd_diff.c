/*
 * cmd_diff.c - `defimpact diff EXPECTED ACTUAL [--rtol R] [--atol A]
 * [--columns C1,C2,...]`: the library compares, this file parses the
 * options and prints one line per difference on stdout.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	fputs("usage: defimpact diff EXPECTED ACTUAL [options]\n"
	      "\n"
	      "Compares two report CSV files, or the *.csv files of two report folders\n"
	      "(matched by name; other files such as summary.txt, *.svg and manifest.txt,\n"
	      "hidden files and subfolders are not compared). Rows are matched by position,\n"
	      "columns by header name. Text cells must be equal; cells that both read as\n"
	      "numbers must satisfy |actual - expected| <= atol + rtol * |expected|.\n"
	      "Either file may be in either dialect (',' and '.', or ';' and decimal\n"
	      "commas; a UTF-8 BOM is ignored).\n"
	      "\n"
	      "  --rtol R              relative tolerance (default 1e-9)\n"
	      "  --atol A              absolute tolerance (default 1e-12)\n"
	      "  --columns C1,C2,...   compare only these columns\n"
	      "\n"
	      "Each difference is one line on stdout (ROW 1 is the first row after the header):\n"
	      "  FILE:ROW:COLUMN expected X got Y\n"
	      "  FILE: missing column C      FILE: extra column C\n"
	      "  FILE:ROW: missing row       FILE:ROW: extra row\n"
	      "  missing file NAME           extra file NAME\n"
	      "FILE is the ACTUAL file as given, or its name inside the ACTUAL folder.\n"
	      "\n"
	      "Exit: 0 no difference, 4 differences, 1 malformed CSV, 2 bad usage,\n"
	      "3 a path that cannot be read or is of the wrong kind.\n",
	      stdout);
}

static void print_line(const char *line, void *payload)
{
	(void)payload;
	fputs(line, stdout);
	fputc('\n', stdout);
}

/* A tolerance: a finite number >= 0, the whole of the text. strtod reads
 * the C locale here: the tool never calls setlocale. */
static int parse_tol(const char *name, const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(v) || v < 0)
		return cli_error(CLI_EXIT_USAGE,
				 "--%s: '%s' is not a number >= 0", name, s);
	*out = v;
	return 0;
}

/* Split "a,b,c" in place into names (an empty name is a usage error). */
static int split_columns(char *s, const char ***names, size_t *n)
{
	size_t cap = 1;
	const char **v;
	for (const char *p = s; *p; p++)
		cap += *p == ',';
	v = calloc(cap, sizeof(*v));
	if (!v)
		return cli_error(CLI_EXIT_INTERNAL, "out of memory");
	*n = 0;
	for (char *tok = s;;) {
		char *comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		if (!*tok) {
			free(v);
			return cli_error(CLI_EXIT_USAGE,
					 "--columns: empty column name");
		}
		v[(*n)++] = tok;
		if (!comma)
			break;
		tok = comma + 1;
	}
	*names = v;
	return 0;
}

/* The command line of diff: the options and the two paths. */
typedef struct diff_args {
	di_diff_options opts;
	const char *paths[2];
	size_t npaths;
	const char **cols;
	char *colbuf;
} diff_args;

/* Set option key (rtol, atol, columns) to val. Returns an exit status. */
static int diff_option(diff_args *d, const char *key, const char *val)
{
	if (!strcmp(key, "rtol"))
		return parse_tol(key, val, &d->opts.rtol);
	if (!strcmp(key, "atol"))
		return parse_tol(key, val, &d->opts.atol);
	free(d->cols);
	free(d->colbuf);
	d->cols = NULL;
	d->opts.columns = NULL;
	d->colbuf = strdup(val);
	if (!d->colbuf)
		return cli_error(CLI_EXIT_INTERNAL, "out of memory");
	int status = split_columns(d->colbuf, &d->cols, &d->opts.ncolumns);
	d->opts.columns = d->cols;
	return status;
}

/* Argument i of argv, an option "--key=val" or "--key val" (then *i moves
 * past val). Returns an exit status. */
static int diff_arg(diff_args *d, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *val, *eq = strchr(a, '=');
	char key[16];
	size_t klen = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
	if (klen >= sizeof(key))
		klen = sizeof(key) - 1;
	memcpy(key, a + 2, klen);
	key[klen] = '\0';
	if (strcmp(key, "rtol") && strcmp(key, "atol") && strcmp(key, "columns"))
		return cli_error(CLI_EXIT_USAGE, "unknown option '%s' (see 'defimpact diff --help')",
				 a);
	if (eq)
		val = eq + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		return cli_error(CLI_EXIT_USAGE, "--%s needs a value", key);
	return diff_option(d, key, val);
}

/* Parse the command line. Returns an exit status, or -1 after --help. */
static int diff_args_parse(diff_args *d, int argc, char **argv)
{
	int status;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help();
			return -1;
		}
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			if ((status = diff_arg(d, argc, argv, &i)))
				return status;
			continue;
		}
		if (d->npaths == 2)
			return cli_error(CLI_EXIT_USAGE,
					 "unexpected argument '%s' (two paths: EXPECTED ACTUAL)", a);
		d->paths[d->npaths++] = a;
	}
	if (d->npaths != 2)
		return cli_error(CLI_EXIT_USAGE, "diff needs two paths: EXPECTED ACTUAL (see "
						 "'defimpact diff --help')");
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	diff_args d = {.opts = DI_DIFF_OPTIONS_INIT};
	long n;
	int status = diff_args_parse(&d, argc, argv);
	if (status < 0) {
		status = CLI_EXIT_OK; /* --help */
	} else if (!status) {
		n = di_diff(d.paths[0], d.paths[1], &d.opts, print_line, NULL);
		if (n < 0)
			status = cli_fail();
		else
			status = n > 0 ? CLI_EXIT_DIFF : CLI_EXIT_OK;
	}
	free(d.cols);
	free(d.colbuf);
	return status;
}
