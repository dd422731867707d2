/*
 * cmd_diff.c - `defimpact diff EXPECTED ACTUAL` (placeholder until the diff
 * module lands).
 */
#include "cli.h"

int cmd_diff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_error(CLI_EXIT_INTERNAL, "diff: not built yet");
}
