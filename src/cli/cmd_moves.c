/*
 * cmd_moves.c - `defimpact moves [STUDY.ini] [options]`.
 */
#include <stdio.h>

#include "cli.h"

static void help(void)
{
	fputs("usage: defimpact moves [STUDY.ini] [options]\n"
	      "\n"
	      "Decomposes press-reported moves of one report date (\"the sector index -1.8%,\n"
	      "Leonardo -3.5% by noon\") into the part expected from the sector index and the\n"
	      "stock's own part, tests each against the stock's normal behaviour, and checks\n"
	      "each figure against the prices of that day. A row with since (and optionally\n"
	      "qualifier: nearly, about, more than, at least) is a claim over a horizon\n"
	      "(\"nearly 2,000% since the invasion\"): its actual, peak and trough moves, BHAR\n"
	      "and verdict.\n"
	      "\n"
	      "  --reported FILE          ticker,move_pct[,name,asof,session_fraction,\n"
	      "                           since,qualifier]\n"
	      "  --prices PATH            price file, or folder of *.csv (repeatable)\n"
	      "  --benchmark TICKER       the reported row that is the sector index\n"
	      "  --benchmark-series T     the price series standing in for its history\n"
	      "                           (default: the benchmark ticker itself)\n"
	      "  --market TICKER          adds the market / sector / specific split\n"
	      "  --events FILE            names the events of the report date or the day before\n"
	      "  --securities FILE        ticker,name,...: names for rows without one\n"
	      "  --currency CUR           the model's returns in CUR (EUR), as for run\n"
	      "  --estimation A:B         estimation window before the report date\n"
	      "                           (default -250:-1)\n"
	      "  --min-estimation N       fewer usable returns leave the model empty (default 120)\n"
	      "  --out DIR                report folder (default reports/<study name>)\n"
	      "  --date-format F          dates not ISO: %d/%m/%Y | %d.%m.%Y | %m/%d/%Y\n"
	      "  --csv-dialect D          rfc4180 (default) | excel-eu (';' and decimal commas)\n"
	      "  --bom                    start the CSV with a UTF-8 byte-order mark\n"
	      "  --quiet                  no warnings, no progress\n"
	      "  --timestamp              add the time of the run to manifest.txt\n"
	      "\n"
	      "Study files are INI: a [moves] section whose keys are these option names.\n"
	      "Writes moves.csv, summary.txt and moves.svg; see docs/moves.md.\n",
	      stdout);
}

int cmd_moves(int argc, char **argv)
{
	return cli_run_job(DI_CMD_MOVES, help, argc, argv);
}
