/*
 * cmd_run.c - `defimpact run [STUDY.ini] [options]`.
 */
#include <stdio.h>

#include "cli.h"

static void help(void)
{
	fputs("usage: defimpact run [STUDY.ini] [options]\n"
	      "\n"
	      "The event study: fits the normal-return model of each security around each\n"
	      "event, and writes ARs, CARs, AARs and the tests to a report folder.\n"
	      "\n"
	      "  --prices PATH         price file, or folder of *.csv (repeatable)\n"
	      "  --events FILE         events: id,date,label[,type][,tickers][,time,tz]\n"
	      "  --market TICKER       the market index series\n"
	      "  --factor TICKER       an extra factor (repeatable; model factor)\n"
	      "  --securities FILE     ticker,name,group,currency[,role,file,fx,market,close]\n"
	      CLI_HELP_MODEL
	      "  --tickers T1,T2,...   securities (default: all but the market and factors)\n"
	      "  --controls T1,T2,...  a control group: dcaar_t rows, treated minus controls\n"
	      "  --clean-estimation    drop other events' windows from estimation samples\n"
	      "  --placebo N           placebo dates per event for empirical p-values\n"
	      "                        (p_placebo in tests.csv; default 1000, 0 = off)\n"
	      "  --seed S              seed of the placebo draws (default 1)\n"
	      CLI_HELP_JOBS
	      "  --formats LIST        report files: any of csv,text,svg,xlsx,html (default\n"
	      "                        all)\n"
	      "  --out DIR             report folder (default reports/<study name>)\n"
	      "  --currency CUR        convert every return to CUR (EUR) with the FX series\n"
	      "                        of the price data (securities file: currency, fx)\n"
	      "  --date-format F       dates not ISO: %d/%m/%Y | %d.%m.%Y | %m/%d/%Y\n"
	      "  --csv-dialect D       rfc4180 (default) | excel-eu (';' and decimal commas)\n"
	      "  --bom                 start each CSV with a UTF-8 byte-order mark\n"
	      "  --quiet               no warnings, no progress\n"
	      "  --timestamp           add the time of the run to manifest.txt (the only\n"
	      "                        thing that then differs between two runs)\n"
	      "\n"
	      "Study files are INI: a [study] section whose keys are these option names.\n",
	      stdout);
}

int cmd_run(int argc, char **argv)
{
	return cli_run_job(DI_CMD_RUN, help, argc, argv);
}
