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
	      "  --model M             mean | market-adjusted | market (default) | factor\n"
	      "  --returns R           simple (default) | log\n"
	      "  --estimation A:B      estimation window (default -250:-11)\n"
	      "  --event-window A:B    event window (default -10:10)\n"
	      "  --car A:B             CAR window (repeatable; default 0:0 0:1 -1:1 -5:5 -10:10)\n"
	      "  --min-estimation N    fewer usable estimation returns exclude (default 120)\n"
	      "  --tickers T1,T2,...   securities (default: all but the market and factors)\n"
	      "  --controls T1,T2,...  a control group: dcaar_t rows, treated minus controls\n"
	      "  --clean-estimation    drop other events' windows from estimation samples\n"
	      "  --placebo N           placebo dates per event for empirical p-values\n"
	      "                        (p_placebo in tests.csv; default 1000, 0 = off)\n"
	      "  --seed S              seed of the placebo draws (default 1)\n"
	      "  --jobs N              worker threads (default: the number of cores; the\n"
	      "                        output does not depend on it)\n"
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
	di_study *study = NULL;
	di_run *run = NULL;
	const char *out;
	int status = cli_study_from_args(&study, DI_CMD_RUN, argc, argv, help);
	if (status)
		return status < 0 ? CLI_EXIT_OK : status;
	cli_warnings(study);
	out = di_study_out(study);
	/* refuse a foreign folder before the work, not after */
	if (di_report_check_target(out) || di_run_new(&run, study) || di_run_write(run, out)) {
		status = cli_fail();
		goto done;
	}
	if (!di_study_quiet(study))
		printf("defimpact: report written to %s\n", out);
done:
	di_run_free(run);
	di_study_free(study);
	return status;
}
