/*
 * simulate_rates.c - what simulate's report shows of the rejection
 * counts, computed once here so that simulate_report.c only formats: each
 * cell's rates with the Wilson interval of its 5% rate, and each test's
 * verdict on its size.
 */
#include <math.h>

#include "alloc.h"
#include "error.h"
#include "signif.h"
#include "simulate.h"

void di_sim_wilson(size_t k, size_t n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p, dn = (double)n, c, h;
	if (!n) {
		*lo = *hi = NAN;
		return;
	}
	p = (double)k / dn;
	c = (p + z * z / (2 * dn)) / (1 + z * z / dn);
	h = z / (1 + z * z / dn) * sqrt(p * (1 - p) / dn + z * z / (4 * dn * dn));
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
}

int di_sim_reports(size_t test)
{
	return test != DI_T_DCAAR;
}

static double rate(const size_t *c, int which)
{
	return c[DI_SIM_N] ? (double)c[which] / (double)c[DI_SIM_N] : NAN;
}

/* An exact discrete p (sign, generalized sign at N <= 50, Wilcoxon at
 * n <= 20) cannot reach 5% exactly: only over-rejection counts. */
static int exact_discrete(const di_simulation *sim, size_t t)
{
	size_t n = sim->nused;
	return ((t == DI_T_SIGN || t == DI_T_GEN_SIGN) && n <= 50) || (t == DI_T_WILCOXON && n <= 20);
}

/* Test t's size at inject 0 over the reported windows: whether some
 * Wilson interval lies above or below 5%. */
static int verdict(const di_simulation *sim, size_t m, size_t kind, size_t t)
{
	int over = 0, under = 0, any = 0, never = 1;
	for (size_t s = 0; s < sim->nsel; s++) {
		size_t at = di_sim_at(sim, m, (size_t)sim->inject0, s, t, kind);
		const size_t *c = sim->counts + at;
		const di_sim_rate *r = &sim->rates[at / DI_SIM_NCOUNT];
		any |= c[DI_SIM_N] > 0;
		never &= c[DI_SIM_R05] == 0;
		over |= r->lo05 > DI_SIG_LEVEL;
		under |= r->hi05 < DI_SIG_LEVEL;
	}
	return !any ? DI_SIM_NO_TRIALS
	       : over ? DI_SIM_OVER_REJECTS
	       : never && exact_discrete(sim, t) ? DI_SIM_CANNOT_REJECT
	       : under && !exact_discrete(sim, t) ? DI_SIM_UNDER_REJECTS
	       : under ? DI_SIM_CONSERVATIVE
		       : DI_SIM_HOLDS;
}

int di_sim_rates(di_simulation *sim)
{
	const size_t ncell = sim->nmodes * sim->study->ninject * sim->nsel * DI_NTESTS *
			     DI_SIM_NKIND;
	sim->rates = di_calloc(ncell + 1, sizeof(*sim->rates));
	sim->verdict = di_calloc(sim->nmodes * DI_SIM_NKIND * DI_NTESTS + 1, sizeof(int));
	if (!sim->rates || !sim->verdict)
		return di_error_oom();
	for (size_t i = 0; i < ncell; i++) {
		const size_t *c = sim->counts + i * DI_SIM_NCOUNT;
		di_sim_rate *r = &sim->rates[i];
		r->r01 = rate(c, DI_SIM_R01);
		r->r05 = rate(c, DI_SIM_R05);
		r->r10 = rate(c, DI_SIM_R10);
		di_sim_wilson(c[DI_SIM_R05], c[DI_SIM_N], &r->lo05, &r->hi05);
	}
	sim->inject0 = -1;
	for (size_t i = 0; i < sim->study->ninject && sim->inject0 < 0; i++)
		if (sim->study->inject[i] == 0)
			sim->inject0 = (int)i;
	for (size_t m = 0; sim->inject0 >= 0 && m < sim->nmodes; m++)
		for (size_t k = 0; k < DI_SIM_NKIND; k++)
			for (size_t t = 0; t < DI_NTESTS; t++)
				sim->verdict[(m * DI_SIM_NKIND + k) * DI_NTESTS + t] =
					verdict(sim, m, k, t);
	return 0;
}
