/*
 * run_helper.h - for unit tests that need a whole run: a finished run study
 * over DIR/prices.csv and DIR/EVENTS (th_run), or over prices and events
 * built in memory (th_run_mem), with the given settings, and its run.
 * Included by the test files after cmocka.h (header-only, static).
 */
#ifndef DI_TEST_RUN_HELPER_H
#define DI_TEST_RUN_HELPER_H

#include <stdio.h>

#include "defimpact/defimpact.h"
#include "run.h"

/* Set kv on s, finish it and make its run (s is then *sp). */
static inline di_run *th_finish_run(di_study **sp, di_study *s, const char *const *kv)
{
	di_run *run;
	for (size_t i = 0; kv && kv[i]; i += 2)
		if (kv[i + 1])
			assert_int_equal(di_study_set(s, kv[i], kv[i + 1]), 0);
	assert_int_equal(di_study_finish(s), 0);
	if (di_run_new(&run, s))
		fail_msg("run: %s", di_error_message());
	*sp = s;
	return run;
}

/* kv: key, value, key, value, ..., NULL; a NULL value leaves its key unset.
 * Fails the test when the study or the run cannot be made. */
static inline di_run *th_run(di_study **sp, const char *dir, const char *events,
			     const char *const *kv)
{
	char buf[512];
	di_study *s;
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	snprintf(buf, sizeof(buf), "%s/prices.csv", dir);
	assert_int_equal(di_study_set(s, "prices", buf), 0);
	snprintf(buf, sizeof(buf), "%s/%s", dir, events);
	assert_int_equal(di_study_set(s, "events", buf), 0);
	assert_int_equal(di_study_set(s, "out", "/nonexistent"), 0); /* never written */
	return th_finish_run(sp, s, kv);
}

/* The same over data built in memory, which must outlive the run. */
static inline di_run *th_run_mem(di_study **sp, const di_prices *prices,
				 const di_events *events, const char *const *kv)
{
	di_study *s;
	assert_int_equal(di_study_new(&s, DI_CMD_RUN), 0);
	assert_int_equal(di_study_use_prices(s, prices), 0);
	assert_int_equal(di_study_use_events(s, events), 0);
	return th_finish_run(sp, s, kv);
}

/* Add an event; type and sign may be NULL (absent columns). */
static inline void th_event(di_events *ev, const char *id, const char *date,
			    const char *label, const char *type, const char *sign)
{
	const char *const k[] = {"id", "date", "label", "type", "expected_sign"};
	const char *const v[] = {id, date, label, type, sign};
	if (di_events_add(ev, k, v, type ? (sign ? 5 : 4) : 3))
		fail_msg("event %s: %s", id, di_error_message());
}

#endif
