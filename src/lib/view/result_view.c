/*
 * result_view.c - the writers' view of a run (result_view.h), filled from
 * the run once per report: each block and event member with their marks
 * decided (signif.c), the input files of the manifest; the tests and the
 * lists of summary.txt in result_view_text.c. It reads; it computes no statistic.
 */
#include <math.h>

#include "alloc.h"
#include "error.h"
#include "manifest.h"
#include "result_view.h"
#include "run.h"
#include "signif.h"

static const char *name_of(const di_run *run, const char *t)
{
	const di_security_info *si = run->secinfo ? di_securities_find(run->secinfo, t) : NULL;
	return si && si->name[0] ? si->name : "";
}

/* The members of an event block; *m and *sig advance past what they use. */
static void members(const di_run *run, size_t i, di_rv_block *rb, di_rv_member **m,
		    unsigned char **sig)
{
	const di_block *b = &run->blocks[i];
	const size_t ncar = run->study->ncar;
	rb->m = *m;
	rb->n = b->n;
	for (size_t j = 0; j < b->n; j++, (*m)++, *sig += ncar) {
		const di_secev *se = &run->se[b->se[j]];
		(*m)->ticker = run->tickers[se->ticker]->ticker;
		(*m)->ticker_index = se->ticker;
		(*m)->name = name_of(run, (*m)->ticker);
		(*m)->car = se->car;
		(*m)->car_sig = *sig;
		(*m)->d = &run->derived[i].m[j];
		(*m)->d0_sig = di_sig((*m)->d->d0_p);
		(*m)->dates = se->date;
		/* its date of day 0, when the event window holds day 0 */
		(*m)->d0_date = run->study->win.from <= 0 && run->study->win.to >= 0
					? se->date[-run->study->win.from]
					: DI_NO_DATE;
		for (size_t w = 0; w < ncar; w++)
			(*sig)[w] = (unsigned char)di_sig(di_secev_scar_p(se, w));
	}
}

static void blocks(const di_run *run, di_rview *v)
{
	di_rv_member *m = v->members;
	unsigned char *sig = v->sig;
	for (size_t i = 0; i < run->nblocks; i++) {
		const di_block *b = &run->blocks[i];
		di_rv_block *rb = &v->blocks[i];
		rb->id = b->id;
		rb->event = b->event >= 0 ? &run->events->e[b->event] : NULL;
		rb->caar = b->caar;
		rb->S = b->bw_S;
		rb->d = &run->derived[i];
		rb->p_holm = b->p_holm; /* NAN for a pooled block */
		rb->holm_sig = di_sig(b->p_holm);
		if (b->event >= 0)
			members(run, i, rb, &m, &sig);
	}
}

/* The input files of manifest.txt: the study file, the price files in
 * load order, the events file and the securities file. */
static void inputs(const di_run *run, di_rview *v)
{
	v->ninputs = di_run_inputs(run, v->inputs);
	v->digests = run->digests;
	for (size_t t = 0; t < run->ntreated; t++)
		v->treated[t] = run->tickers[t]->ticker;
	v->ntreated = run->ntreated;
}

static int alloc_view(const di_run *run, di_rview *v)
{
	size_t nm = 0;
	for (size_t i = 0; i < run->nblocks; i++)
		nm += run->blocks[i].event >= 0 ? run->blocks[i].n : 0;
	v->blocks = di_calloc(run->nblocks + 1, sizeof(*v->blocks));
	v->members = di_calloc(nm + 1, sizeof(*v->members));
	v->sig = di_calloc(nm * run->study->ncar + 1, 1);
	v->inputs = di_calloc(DI_MANIFEST_MAX_INPUTS(run->prices), sizeof(*v->inputs));
	v->treated = di_calloc(run->ntreated + 1, sizeof(*v->treated));
	if (!v->blocks || !v->members || !v->sig || !v->inputs || !v->treated)
		return di_error_oom();
	return 0;
}

int di_rview_new(const di_run *run, di_rview **out)
{
	di_rview *v = di_calloc(1, sizeof(*v));
	*out = NULL;
	if (!v)
		return di_error_oom();
	if (alloc_view(run, v)) {
		di_rview_free(v);
		return DI_ENOMEM;
	}
	v->run = run;
	v->study = run->study;
	v->nw = run->nw;
	v->head_from = run->ntw ? run->tw[run->head_tw].from : 0;
	v->head_to = run->ntw ? run->tw[run->head_tw].to : 0;
	v->head_len = di_derived_head_len(run);
	v->nblocks = run->nblocks;
	blocks(run, v);
	inputs(run, v);
	if (di_rview_fill_text(run, v)) {
		di_rview_free(v);
		return DI_ENOMEM;
	}
	*out = v;
	return 0;
}

void di_rview_free(di_rview *v)
{
	if (!v)
		return;
	di_rview_free_text(v);
	di_free(v->blocks);
	di_free(v->members);
	di_free(v->sig);
	di_free(v->inputs);
	di_free(v->treated);
	di_free(v);
}
