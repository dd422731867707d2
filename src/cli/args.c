/*
 * args.c - "[STUDY.ini] [options]" for run and moves: the study file is
 * read first, then each option is handed to the same setter the study
 * file used, so a command-line value replaces the file's.
 */
#include <stdio.h>
#include <string.h>

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
