/*
 * test_result_view.c - the writers' view of a run (result_view.h) against
 * the run's own table views (defimpact/table.h), on the shipped study (with
 * its controls): each block's headline equals its row of tests.csv, the band
 * edges are the CAAR of aar.csv -+ the band, each member's day 0 is its
 * date of day 0 in ar.csv, and the treated-vs-control lines add up. The
 * view is filled by the engine; a writer that reads it must print what
 * the tables hold.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "date.h"
#include "result_view.h"
#include "run_helper.h"

/* Equal to a relative 1e-12, or both missing. */
static int near(double a, double b)
{
	double scale = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return fabs(a - b) <= 1e-12 * (scale > 1 ? scale : 1);
}

typedef struct fixture {
	di_study *s;
	di_run *run;
	di_rview *v;
} fixture;

static int setup(void **state)
{
	static fixture fx;
	assert_int_equal(chdir(DI_SOURCE_DIR), 0);
	assert_int_equal(di_study_new(&fx.s, DI_CMD_RUN), 0);
	assert_int_equal(di_study_load_ini(fx.s, "datasets/peace-talks-2025.ini"), 0);
	/* few placebo dates: the view's links, not the p-values, are tested */
	assert_int_equal(di_study_set(fx.s, "placebo", "30"), 0);
	assert_int_equal(di_study_set(fx.s, "jobs", "2"), 0);
	assert_int_equal(di_study_set(fx.s, "quiet", "1"), 0);
	assert_int_equal(di_study_finish(fx.s), 0);
	if (di_run_new(&fx.run, fx.s))
		fail_msg("run: %s", di_error_message());
	assert_int_equal(di_rview_new(fx.run, &fx.v), 0);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	di_rview_free(fx->v);
	di_run_free(fx->run);
	di_study_free(fx->s);
	return 0;
}

/* The row of tests.csv for block id, window from:to and test name; -1. */
static long tests_row(di_table *t, const char *id, int from, int to, const char *test)
{
	for (size_t r = 0; r < di_table_nrows(t); r++)
		if (!strcmp(di_table_text(t, r, 0), id) && di_table_number(t, r, 1) == from &&
		    di_table_number(t, r, 2) == to && !strcmp(di_table_text(t, r, 3), test))
			return (long)r;
	return -1;
}

static void headlines_are_tests_rows(void **state)
{
	const di_rview *v = ((fixture *)*state)->v;
	di_table *t;
	assert_int_equal(di_run_table(v->run, "tests", &t), 0);
	assert_true(v->nblocks > 2);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_test *h = &v->blocks[i].lead;
		long r = tests_row(t, v->blocks[i].id, v->head_from, v->head_to, h->name);
		assert_true(r >= 0);
		assert_true(near(h->estimate, di_table_number(t, (size_t)r, 5)));
		assert_true(near(h->stat, di_table_number(t, (size_t)r, 6)));
		assert_true(near(h->p_nominal, di_table_number(t, (size_t)r, 8)));
		assert_true(near(h->p_placebo, di_table_number(t, (size_t)r, 10)));
		/* the p in use is the placebo p where there is one */
		assert_true(near(h->p, h->kind == DI_P_PLACEBO ? h->p_placebo : h->p_nominal));
	}
	di_table_free(t);
}

/* aar.csv's CAAR of block id on window position j. */
static double aar_caar(di_table *t, const char *id, size_t j, int nw)
{
	for (size_t r = 0; r < di_table_nrows(t); r += (size_t)nw)
		if (!strcmp(di_table_text(t, r, 0), id))
			return di_table_number(t, r + j, 4);
	fail_msg("no block %s in aar.csv", id);
	return NAN;
}

static void band_edges_around_caar(void **state)
{
	const di_rview *v = ((fixture *)*state)->v;
	size_t checked = 0;
	di_table *t;
	assert_int_equal(di_run_table(v->run, "aar", &t), 0);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		for (size_t j = 0; j < b->d->ncaar; j++, checked++) {
			double caar = aar_caar(t, b->id, j, v->nw);
			assert_true(near(b->caar[j], caar));
			assert_true(near(b->d->band_lo[j], caar - b->d->band[j]));
			assert_true(near(b->d->band_hi[j], caar + b->d->band[j]));
		}
		if (!isnan(b->d->head_hw))
			assert_int_equal(b->d->head_excludes0,
					 b->d->head_lo > 0 || b->d->head_hi < 0);
	}
	assert_true(checked > 0);
	di_table_free(t);
}

/* ar.csv's date of day 0 of (event id, ticker); DI_NO_DATE. */
static di_date ar_day0(di_table *t, const char *id, const char *ticker)
{
	di_date d = DI_NO_DATE;
	for (size_t r = 0; r < di_table_nrows(t); r++)
		if (di_table_number(t, r, 2) == 0 && !strcmp(di_table_text(t, r, 0), id) &&
		    !strcmp(di_table_text(t, r, 1), ticker)) {
			const char *s = di_table_text(t, r, 3);
			if (s)
				assert_int_equal(di_date_parse(s, strlen(s), &d), 0);
			return d;
		}
	fail_msg("no day 0 of %s %s in ar.csv", id, ticker);
	return d;
}

static void members_day0_and_controls(void **state)
{
	const di_rview *v = ((fixture *)*state)->v;
	size_t events = 0;
	di_table *t;
	assert_int_equal(di_run_table(v->run, "ar", &t), 0);
	for (size_t i = 0; i < v->nblocks; i++) {
		const di_rv_block *b = &v->blocks[i];
		if (!b->event)
			continue;
		events++;
		for (size_t m = 0; m < b->n; m++)
			assert_int_equal(b->m[m].d0_date, ar_day0(t, b->id, b->m[m].ticker));
		/* a study with controls: [0,1] and the headline window */
		assert_true(b->ndcaar >= 1 && b->ncontrols > 0);
		for (size_t k = 0; k < b->ndcaar; k++)
			assert_true(near(b->dcaar[k].treated - b->dcaar[k].controls, b->dcaar[k].dcaar));
	}
	assert_true(events > 0);
	assert_true(v->ntreated < v->ntickers);
	di_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headlines_are_tests_rows),
		cmocka_unit_test(band_edges_around_caar),
		cmocka_unit_test(members_day0_and_controls),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
