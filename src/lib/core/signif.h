/*
 * signif.h - what the summaries may call significant, decided in one
 * place: the 5% level, which p a test's mark rests on (its placebo p when
 * there is one, else its nominal p), and which tests a shared day 0 makes
 * unreliable. The writers ask; they never compare a p with 0.05 themselves.
 */
#ifndef DI_SIGNIF_H
#define DI_SIGNIF_H

#include "result_view.h"

/* The types are run.h's; a writer that asks only di_sig needs no more. */
typedef struct di_test_value di_test_value;
typedef struct di_block di_block;
typedef struct di_secev di_secev;

/* The level of every star and every "significant" in the summaries. */
#define DI_SIG_LEVEL 0.05

/* di_p_kind: result_view.h, where the writers read it. */

/* p < DI_SIG_LEVEL; a missing p is never significant. */
int di_sig(double p);

/* The p the summary uses for a test value: p_placebo when it exists, else
 * the nominal p; *kind says which (kind may be NULL). */
double di_test_p(const di_test_value *v, di_p_kind *kind);

/* Tests whose nominal p assumes independent securities, so that a shared
 * day 0 (cross-correlation) breaks it: sign_z, gen_sign_z and wilcoxon_z
 * (exact only under independence), and csect_t, patell_z and bmp_t (which
 * over-reject). 0 for every other test. */
/* DI_ROBUST, DI_NOT_ROBUST_SHARED_DAY0, DI_OVER_REJECTS_SHARED_DAY0:
 * result_view.h, where the writers read them. */
int di_test_shared_day0_risk(int test);

/* Does a test value earn its star in this block? Its p (di_test_p) is
 * significant and, in a clustered block, a test at risk from the shared
 * day 0 (di_test_shared_day0_risk) needs a placebo p to earn it. */
int di_test_star(const di_block *b, int test, const di_test_value *v);

/* Whether a pooled block (type:, ALL) may be a headline, from the
 * expected signs of its events: it may when all have the same sign (none
 * given counts as one sign) or every event has one (the block's CARs are
 * then aligned). has_pos, has_neg, has_none: whether some event has +1,
 * -1, no expected_sign. */
/* DI_POOL_OK, DI_POOL_OPPOSITE, DI_POOL_PARTIAL: result_view.h. */
int di_pool_verdict(int has_pos, int has_neg, int has_none);

/* Two-sided p of a security's own SCAR t-test on CAR window c, against
 * t(d): what the per-security marks of the summary rest on. */
double di_secev_scar_p(const di_secev *se, size_t c);

#endif
