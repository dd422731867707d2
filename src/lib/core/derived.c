/*
 * derived.c - the figures every writer shows, computed once (derived.h).
 */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "derived.h"
#include "error.h"
#include "run.h"
#include "signif.h"
#include "stats.h"

int di_derived_head_len(const di_run *run)
{
	return run->ntw ? run->tw[run->head_tw].to - run->tw[run->head_tw].from + 1 : 1;
}

/* The running sum of a member's ARs from W1, stopped at the first missing
 * AR (methodology: a CAR needs an AR on every day of its window). */
static void member_path(const di_run *run, const di_secev *se, double *path,
			di_derived_member *m)
{
	double sum = 0.0;
	m->path = path;
	m->len = 0;
	for (int j = 0; j < run->nw && !isnan(se->ar[j]); j++) {
		sum += se->ar[j];
		path[j] = sum;
		m->len = (size_t)j + 1;
	}
	m->final_car = m->len ? path[m->len - 1] : NAN;
}

/* Day 0's row: the raw, market, normal and abnormal return, and the p of
 * the member's own t-test of SAR_0 (= SCAR[0,0]: Var(CAR) of one day is
 * s^2 C_0) against t(d). */
static void member_day0(const di_run *run, const di_secev *se, di_derived_member *m)
{
	const int w1 = run->study->win.from;
	m->d0_r = m->d0_m = m->d0_normal = m->d0_ar = m->d0_p = NAN;
	if (w1 > 0 || run->study->win.to < 0)
		return;
	size_t j = (size_t)(-w1);
	m->d0_r = se->r[j];
	m->d0_m = se->m ? se->m[j] : NAN;
	m->d0_normal = se->normal[j];
	m->d0_ar = se->ar[j];
	m->d0_p = isnan(se->sar[j]) ? NAN : di_p_student(se->sar[j], se->fit.d);
	/* the same number as the mark of CAR[0,0] when that is a window */
	for (size_t c = 0; c < run->study->ncar; c++)
		if (run->study->car[c].from == 0 && run->study->car[c].to == 0)
			m->d0_p = di_secev_scar_p(se, c);
}

/* Insertion sort of member indices by final CAR, highest first; stable,
 * missing last. */
static void sort_by_car(di_derived *d)
{
	for (size_t i = 0; i < d->n; i++)
		d->by_car[i] = i;
	for (size_t i = 1; i < d->n; i++) {
		size_t t = d->by_car[i], j = i;
		double v = d->m[t].final_car;
		while (j > 0) {
			double u = d->m[d->by_car[j - 1]].final_car;
			if (!(isnan(u) && !isnan(v)) && !(!isnan(u) && !isnan(v) && u < v))
				break;
			d->by_car[j] = d->by_car[j - 1];
			j--;
		}
		d->by_car[j] = t;
	}
}

static int event_members(const di_run *run, const di_block *b, di_derived *d)
{
	const size_t nw = (size_t)run->nw;
	const int has_alpha = run->study->model == DI_MODEL_MARKET ||
			      run->study->model == DI_MODEL_FACTOR;
	const double L = (double)di_derived_head_len(run);
	d->n = b->n;
	d->m = di_calloc(b->n + 1, sizeof(*d->m));
	d->by_car = di_calloc(b->n + 1, sizeof(size_t));
	d->paths = di_calloc(b->n * nw + 1, sizeof(double));
	if (!d->m || !d->by_car || !d->paths)
		return di_error_oom();
	for (size_t i = 0; i < b->n; i++) {
		const di_secev *se = &run->se[b->se[i]];
		di_derived_member *m = &d->m[i];
		member_path(run, se, d->paths + i * nw, m);
		member_day0(run, se, m);
		m->alpha_L = has_alpha ? se->fit.theta[0] * L : NAN;
		d->alpha_material |= fabs(m->alpha_L) >= DI_ALPHA_MATERIAL;
	}
	sort_by_car(d);
	return 0;
}

static int block_derived(const di_run *run, const di_block *b, di_derived *d)
{
	const double S = b->bw_S;
	const double head = b->tests[run->head_tw * DI_NTESTS + DI_T_BW_CDA].estimate;
	d->band = di_calloc((size_t)run->nw + 1, sizeof(double));
	d->band_lo = di_calloc((size_t)run->nw + 1, sizeof(double));
	d->band_hi = di_calloc((size_t)run->nw + 1, sizeof(double));
	if (!d->band || !d->band_lo || !d->band_hi)
		return di_error_oom();
	while (d->ncaar < (size_t)run->nw && !isnan(b->caar[d->ncaar]))
		d->ncaar++;
	/* methodology, "Plots": CAAR_t +- 1.96 sqrt(t - W1 + 1) S */
	for (int j = 0; j < run->nw; j++) {
		d->band[j] = isnan(S) ? NAN : DI_BAND_Z * sqrt((double)(j + 1)) * S;
		d->band_lo[j] = b->caar[j] - d->band[j];
		d->band_hi[j] = b->caar[j] + d->band[j];
	}
	d->head_hw = isnan(S) ? NAN : DI_BAND_Z * sqrt((double)di_derived_head_len(run)) * S;
	d->head_lo = head - d->head_hw;
	d->head_hi = head + d->head_hw;
	d->head_excludes0 = !isnan(d->head_hw) && (d->head_lo > 0 || d->head_hi < 0);
	return b->event >= 0 ? event_members(run, b, d) : 0;
}

int di_derived_compute(di_run *run)
{
	int rc = 0;
	run->derived = di_calloc(run->nblocks + 1, sizeof(di_derived));
	if (!run->derived)
		return di_error_oom();
	for (size_t i = 0; i < run->nblocks && !rc; i++)
		rc = block_derived(run, &run->blocks[i], &run->derived[i]);
	return rc;
}

void di_derived_free(di_run *run)
{
	if (!run->derived)
		return;
	for (size_t i = 0; i < run->nblocks; i++) {
		di_free(run->derived[i].band);
		di_free(run->derived[i].band_lo);
		di_free(run->derived[i].band_hi);
		di_free(run->derived[i].m);
		di_free(run->derived[i].by_car);
		di_free(run->derived[i].paths);
	}
	di_free(run->derived);
	run->derived = NULL;
}
