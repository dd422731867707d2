/*
 * test_peer_stata.c - our Patell and BMP formulas fed with the security
 * statistics that Stata's estudy published, against estudy's group
 * statistics (tests/data/peers/stata-estudy). estudy uses d_i = M_i - 2 for the
 * market model, as our market model does; M_i = 190 (s03: 189).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stats.h"

#define FIXTURE DI_SOURCE_DIR "/tests/data/peers/stata-estudy/event_study_returns_Stata.csv"

/* value of model,test,window,security,term */
static double lookup(const char *key)
{
	char line[256];
	double v = NAN;
	size_t n = strlen(key);
	FILE *f = fopen(FIXTURE, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ',') {
			v = strtod(line + n + 1, NULL);
			break;
		}
	fclose(f);
	if (isnan(v))
		fail_msg("%s not in the fixture", key);
	return v;
}

static void group_from_securities(const char *window)
{
	double z[12], want_patell, want_bmp;
	int d[12];
	char key[128];
	di_stat s;
	for (int i = 0; i < 12; i++) {
		snprintf(key, sizeof(key), "SIM,Patell,%s,s%02d,stat", window, i + 1);
		z[i] = lookup(key);
		d[i] = i == 2 ? 187 : 188;
	}
	snprintf(key, sizeof(key), "SIM,Patell,%s,group,stat", window);
	want_patell = lookup(key);
	snprintf(key, sizeof(key), "SIM,BMP,%s,group,stat", window);
	want_bmp = lookup(key);
	s = di_test_patell(z, d, 12);
	if (fabs(s.stat - want_patell) > 1e-12 * fabs(want_patell))
		fail_msg("patell %s: %.17g vs estudy %.17g", window, s.stat, want_patell);
	s = di_test_mean_t(z, 12);
	if (fabs(s.stat - want_bmp) > 1e-12 * fabs(want_bmp))
		fail_msg("bmp %s: %.17g vs estudy %.17g", window, s.stat, want_bmp);
}

static void windows(void **state)
{
	(void)state;
	group_from_securities("m1_p1");
	group_from_securities("0_0");
	group_from_securities("m5_p5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(windows)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
