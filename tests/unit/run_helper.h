/*
 * run_helper.h - for unit tests that need a whole run: a finished run study
 * over DIR/prices.csv and DIR/EVENTS with the given settings, and its run.
 * Included by the test files after cmocka.h (header-only, static).
 */
#ifndef DI_TEST_RUN_HELPER_H
#define DI_TEST_RUN_HELPER_H

#include <stdio.h>

#include "defimpact/defimpact.h"
#include "run.h"

/* kv: key, value, key, value, ..., NULL; a NULL value leaves its key unset.
 * Fails the test when the study or the run cannot be made. */
static di_run *th_run(di_study **sp, const char *dir, const char *events,
		      const char *const *kv)
{
	char buf[512];
	di_study *s;
	di_run *run;
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	snprintf(buf, sizeof(buf), "%s/prices.csv", dir);
	assert_int_equal(di_study_set(s, "prices", buf), 0);
	snprintf(buf, sizeof(buf), "%s/%s", dir, events);
	assert_int_equal(di_study_set(s, "events", buf), 0);
	assert_int_equal(di_study_set(s, "out", "/nonexistent"), 0); /* never written */
	for (size_t i = 0; kv && kv[i]; i += 2)
		if (kv[i + 1])
			assert_int_equal(di_study_set(s, kv[i], kv[i + 1]), 0);
	assert_int_equal(di_study_finish(s), 0);
	if (di_run_new(&run, s))
		fail_msg("run: %s", di_error_message());
	*sp = s;
	return run;
}

#endif
