/*
 * signif.c - the one rule for what the summaries call significant. The
 * placebo p wins over the nominal one because it is measured on the
 * study's own securities, with their cross-correlation; the nominal p of a
 * test that assumes independence is not trusted where the securities
 * share day 0.
 */
#include <math.h>

#include "run.h"
#include "signif.h"

int di_sig(double p)
{
	return p < DI_SIG_LEVEL; /* false for NAN */
}

double di_test_p(const di_test_value *v, di_p_kind *kind)
{
	di_p_kind k = DI_P_NONE;
	double p = NAN;
	if (!isnan(v->p_placebo) && v->n_placebo > 0) {
		k = DI_P_PLACEBO;
		p = v->p_placebo;
	} else if (!isnan(v->s.p)) {
		k = DI_P_NOMINAL;
		p = v->s.p;
	}
	if (kind)
		*kind = k;
	return p;
}

int di_test_shared_day0_risk(int test)
{
	switch (test) {
	case DI_T_SIGN:
	case DI_T_GEN_SIGN:
	case DI_T_WILCOXON:
		return DI_NOT_ROBUST_SHARED_DAY0;
	case DI_T_CSECT:
	case DI_T_PATELL:
	case DI_T_BMP:
	/* cross-sectional t tests too: their sd ignores the common shock */
	case DI_T_SKEW_ADJ:
	case DI_T_BHAR_SKEW_ADJ:
		return DI_OVER_REJECTS_SHARED_DAY0;
	default:
		return DI_ROBUST;
	}
}

int di_test_star(const di_block *b, int test, const di_test_value *v)
{
	di_p_kind kind;
	double p = di_test_p(v, &kind);
	if (!di_sig(p))
		return 0;
	if (b->clustered && di_test_shared_day0_risk(test) != DI_ROBUST)
		return kind == DI_P_PLACEBO;
	return 1;
}

int di_pool_verdict(int has_pos, int has_neg, int has_none)
{
	if (!has_none || (!has_pos && !has_neg))
		return DI_POOL_OK; /* all aligned, or no sign at all */
	return has_pos && has_neg ? DI_POOL_OPPOSITE : DI_POOL_PARTIAL;
}

double di_secev_scar_p(const di_secev *se, size_t c)
{
	return isnan(se->scar[c]) ? NAN : di_p_student(se->scar[c], se->fit.d);
}
