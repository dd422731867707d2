/*
 * cmd_simulate.c - `defimpact simulate [STUDY.ini] [options]`: size and
 * power of every test on the study's securities.
 */
#include <stdio.h>

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
	      CLI_HELP_MODEL
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
	      CLI_HELP_JOBS
	      "  --out DIR             report folder (default reports/<study name>-simulate)\n"
	      "  --quiet               no warnings, no progress\n"
	      "\n"
	      "Study files are INI: the [study] section of run, which may also hold trials,\n"
	      "inject and clustered.\n",
	      stdout);
}

int cmd_simulate(int argc, char **argv)
{
	return cli_run_job(DI_CMD_SIMULATE, help, argc, argv);
}
