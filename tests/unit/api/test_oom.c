/*
 * test_oom.c - allocation-failure torture (curl's "torture", SQLite's
 * malloc tests): a full run of a small study (study file, prices in all
 * three layouts, events with types and tickers, securities, every report
 * file) is repeated with di_alloc_fail_after(N) for N = 1, 2, ... until it
 * succeeds. Every failing run must return DI_ENOMEM with the message "out of
 * memory", leave the previous report folder exactly as it was and no
 * temporary folder beside it. Leaks on the failure paths are caught by
 * LeakSanitizer in the AddressSanitizer build of scripts/test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defimpact/defimpact.h"
#include "alloc.h" /* di_alloc_fail_after: test builds only */

static char tmpdir[] = "/tmp/di_test_oom_XXXXXX";

static void path_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *content)
{
	char p[512];
	FILE *f;
	path_of(p, sizeof(p), name);
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

/* A deterministic price path: a market, two stocks in their own files,
 * one in a long file and one in a wide file. */
static void write_prices(void)
{
	char p[512];
	FILE *m, *a, *b, *l, *w;
	double pm = 100, pa = 50, pb = 20, pc = 10, pd = 30;
	unsigned seed = 12345;
	int day = 0;

	assert_int_equal(mkdir(strcat(strcpy(p, tmpdir), "/prices"), 0755), 0);
	path_of(p, sizeof(p), "prices/MKT.csv");
	m = fopen(p, "wb");
	path_of(p, sizeof(p), "prices/AAA.csv");
	a = fopen(p, "wb");
	path_of(p, sizeof(p), "prices/long.csv");
	l = fopen(p, "wb");
	path_of(p, sizeof(p), "prices/wide.csv");
	w = fopen(p, "wb");
	assert_true(m && a && l && w);
	fputs("Date,Close\n", m);
	fputs("Date,Open,High,Low,Close,Adj Close,Volume\n", a);
	fputs("date,ticker,close\n", l);
	fputs("Date,DDD\n", w);
	b = NULL;
	for (int y = 2023; y <= 2024; y++)
		for (int mo = 1; mo <= 12; mo++)
			for (int d = 1; d <= 28; d++) {
				char date[16];
				double e[5];
				if ((d % 7) == 6 || (d % 7) == 0)
					continue; /* a "weekend" */
				for (int k = 0; k < 5; k++) {
					seed = seed * 1103515245u + 12345u;
					e[k] = ((double)((seed >> 8) % 2001) - 1000.0) / 1000.0 * 0.02;
				}
				snprintf(date, sizeof(date), "%04d-%02d-%02d", y, mo, d);
				pm *= 1 + e[0];
				pa *= 1 + 1.2 * e[0] + e[1];
				pb *= 1 + 0.8 * e[0] + e[2];
				pc *= 1 + 1.0 * e[0] + e[3];
				pd *= 1 + 0.5 * e[0] + e[4];
				fprintf(m, "%s,%.4f\n", date, pm);
				fprintf(a, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,1000\n", date, pa, pa * 1.01,
					pa * 0.99, pa, pa);
				/* one missing cell: a gap the calendar must span */
				if (day == 400)
					fprintf(l, "%s,BBB,NA\n", date);
				else
					fprintf(l, "%s,BBB,%.4f\n", date, pb);
				fprintf(l, "%s,CCC,%.4f\n", date, pc);
				fprintf(w, "%s,%.4f\n", date, pd);
				day++;
			}
	assert_null(b);
	assert_int_equal(fclose(m), 0);
	assert_int_equal(fclose(a), 0);
	assert_int_equal(fclose(l), 0);
	assert_int_equal(fclose(w), 0);
}

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	write_prices();
	write_file("events.csv", "id,date,label,type,tickers\n"
				 "e1,2024-06-03,First talks,peace-progress,\n"
				 "e2,2024-09-10,\"Escalation, north\",escalation,AAA BBB\n"
				 "e3,2024-11-12,Second talks,peace-progress,\n");
	write_file("securities.csv", "ticker,name,group,currency\n"
				     "AAA,Alpha AG,defense,EUR\n"
				     "BBB,Beta plc,defense,GBP\n");
	write_file("study.ini", "; the torture study\n"
				"[study]\n"
				"prices = prices\n"
				"events = events.csv\n"
				"securities = securities.csv\n"
				"market = MKT\n"
				"tickers = AAA,BBB,CCC,DDD\n"
				"car = 0:0, -1:1, -5:5\n"
				"out = report\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

/* The whole job of `defimpact run STUDY.ini --quiet`, through the API. */
static int full_run(const char *ini)
{
	di_study *study = NULL;
	di_run *run = NULL;
	int rc;

	rc = di_study_new(&study, DI_CMD_RUN);
	if (rc)
		return rc;
	rc = di_study_load_ini(study, ini);
	if (!rc)
		rc = di_study_set(study, "quiet", NULL);
	/* a few placebo trials on one worker thread: their allocations fail
	 * too, without making every failure point cost a thousand trials */
	if (!rc)
		rc = di_study_set(study, "placebo", "3");
	if (!rc)
		rc = di_study_set(study, "jobs", "1");
	if (!rc)
		rc = di_study_finish(study);
	if (!rc)
		rc = di_report_check_target(di_study_out(study));
	if (!rc)
		rc = di_run_new(&run, study);
	if (!rc)
		rc = di_run_write(run, di_study_out(study));
	di_run_free(run);
	di_study_free(study);
	return rc;
}

/* The names in tmpdir, sorted, joined by spaces. */
static void list_dir(const char *dir, char *buf, size_t n)
{
	struct dirent **names;
	int k = scandir(dir, &names, NULL, alphasort);
	assert_true(k >= 0);
	buf[0] = '\0';
	for (int i = 0; i < k; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
			assert_true(strlen(buf) + strlen(names[i]->d_name) + 2 < n);
			strcat(buf, names[i]->d_name);
			strcat(buf, " ");
		}
		free(names[i]);
	}
	free(names);
}

static const char sentinel_text[] = "the previous report\n";

static void old_report(void)
{
	char p[512];
	path_of(p, sizeof(p), "report");
	mkdir(p, 0755);
	write_file("report/.defimpact", "This folder is a defimpact report.\n");
	write_file("report/sentinel.txt", sentinel_text);
}

static void assert_old_report(long n)
{
	char p[512], buf[4096], want[4096];
	FILE *f;
	size_t got;

	path_of(p, sizeof(p), "report/sentinel.txt");
	f = fopen(p, "rb");
	if (!f)
		fail_msg("N = %ld: the previous report lost its files", n);
	got = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[got] = '\0';
	assert_string_equal(buf, sentinel_text);
	path_of(p, sizeof(p), "report");
	list_dir(p, buf, sizeof(buf));
	assert_string_equal(buf, ".defimpact sentinel.txt ");
	/* nothing beside it: no report.tmp-*, no report.old-* */
	list_dir(tmpdir, buf, sizeof(buf));
	snprintf(want, sizeof(want),
		 "events.csv prices report securities.csv study.ini ");
	if (strcmp(buf, want) != 0)
		fail_msg("N = %ld: the folder holds '%s', expected '%s'", n, buf, want);
}

static void test_every_allocation_fails_cleanly(void **state)
{
	char ini[512], p[512], buf[4096];
	long n, made = 0;
	int rc;

	(void)state;
	path_of(ini, sizeof(ini), "study.ini");
	old_report();

	/* once without a failure: the run must work, and we learn its size */
	di_alloc_fail_after(0);
	rc = full_run(ini);
	made = di_alloc_fail_after(0);
	if (rc)
		fail_msg("the study fails without any fault: %s", di_error_message());
	assert_true(made > 100);
	old_report(); /* put the old report back: remove what the run wrote */
	{
		char cmd[700];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s/report' && mkdir '%s/report'", tmpdir,
			 tmpdir);
		assert_int_equal(system(cmd), 0);
		old_report();
	}

	for (n = 1;; n++) {
		di_error_clear();
		di_alloc_fail_after(n);
		rc = full_run(ini);
		di_alloc_fail_after(0);
		if (rc == 0)
			break;
		if (rc != DI_ENOMEM || strcmp(di_error_message(), "out of memory") != 0)
			fail_msg("N = %ld: expected DI_ENOMEM and 'out of memory', got %d '%s'", n,
				 rc, di_error_message());
		assert_old_report(n);
		if (n > made + 10)
			fail_msg("N = %ld: still failing beyond the %ld allocations of a run", n,
				 made);
	}
	/* the run that got through replaced the report, and left nothing else */
	path_of(p, sizeof(p), "report");
	list_dir(p, buf, sizeof(buf));
	assert_non_null(strstr(buf, ".defimpact "));
	assert_non_null(strstr(buf, "ar.csv "));
	assert_null(strstr(buf, "sentinel.txt"));
	list_dir(tmpdir, buf, sizeof(buf));
	assert_string_equal(buf, "events.csv prices report securities.csv study.ini ");
	print_message("%ld allocations in a run; failing at each of them failed cleanly\n", n - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_fails_cleanly),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
