/*
 * cmd_moves.c - `defimpact moves [STUDY.ini] [options]` (placeholder until
 * the moves module lands: it reports that the command is not built).
 */
#include "cli.h"

int cmd_moves(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_error(CLI_EXIT_INTERNAL, "moves: not built yet");
}
