/*
 * report_csv.c - the CSV files of a run report, in the interface's column
 * and row order. It formats what run.c and blockstats.c computed; it
 * computes nothing.
 */
#include <math.h>
#include <string.h>

#include "csvw.h"
#include "error.h"
#include "report.h"
#include "report_run.h"

typedef void (*write_fn)(const di_run *run, di_csvw *w);

static void write_estimates(const di_run *run, di_csvw *w)
{
	static const char *const cols[] = {"event_id", "ticker", "model", "n_est", "est_first",
					   "est_last", "alpha", "beta", "sigma", "r2"};
	const di_study *s = run->study;
	char name[320];
	for (size_t j = 0; j < sizeof(cols) / sizeof(cols[0]); j++)
		di_csvw_text(w, cols[j]);
	/* one cell per factor, whatever the length of its name */
	for (size_t j = 0; s->model == DI_MODEL_FACTOR && j < s->factors.n; j++) {
		snprintf(name, sizeof(name), "beta_%.300s", s->factors.v[j]);
		di_csvw_text(w, name);
	}
	di_csvw_end_row(w);
	for (size_t i = 0; i < run->nse; i++) {
		const di_secev *se = &run->se[i];
		di_csvw_text(w, run->events->e[se->event].id);
		di_csvw_text(w, run->tickers[se->ticker]->ticker);
		di_csvw_text(w, di_model_name(s->model));
		di_csvw_int(w, (long)se->n_est);
		di_csvw_date(w, se->est_date[0]);
		di_csvw_date(w, se->est_date[se->n_est - 1]);
		switch (s->model) {
		case DI_MODEL_MEAN:
			di_csvw_num(w, se->fit.theta[0]);
			di_csvw_empty(w);
			break;
		case DI_MODEL_MARKET_ADJUSTED:
			di_csvw_empty(w);
			di_csvw_empty(w);
			break;
		default:
			di_csvw_num(w, se->fit.theta[0]);
			di_csvw_num(w, se->fit.theta[1]);
		}
		di_csvw_num(w, sqrt(se->fit.s2));
		di_csvw_num(w, s->model == DI_MODEL_MARKET || s->model == DI_MODEL_FACTOR ? se->fit.r2
											  : NAN);
		for (size_t j = 0; s->model == DI_MODEL_FACTOR && j < s->factors.n; j++)
			di_csvw_num(w, se->fit.theta[2 + j]);
		di_csvw_end_row(w);
	}
}

static void write_ar(const di_run *run, di_csvw *w)
{
	const di_study *s = run->study;
	di_csvw_header(w, "event_id,ticker,day,date,return,market_return,normal_return,ar,sar");
	for (size_t i = 0; i < run->nse; i++) {
		const di_secev *se = &run->se[i];
		for (int d = 0; d < run->nw; d++) {
			di_csvw_text(w, run->events->e[se->event].id);
			di_csvw_text(w, run->tickers[se->ticker]->ticker);
			di_csvw_int(w, s->win.from + d);
			di_csvw_date(w, se->date[d]);
			di_csvw_num(w, se->r[d]);
			di_csvw_num(w, se->m[d]);
			di_csvw_num(w, se->normal[d]);
			di_csvw_num(w, se->ar[d]);
			di_csvw_num(w, se->sar[d]);
			di_csvw_end_row(w);
		}
	}
}

static void write_car(const di_run *run, di_csvw *w)
{
	const di_study *s = run->study;
	di_csvw_header(w, "event_id,ticker,from,to,car,car_sd,scar,bhar");
	for (size_t i = 0; i < run->nse; i++) {
		const di_secev *se = &run->se[i];
		for (size_t c = 0; c < s->ncar; c++) {
			di_csvw_text(w, run->events->e[se->event].id);
			di_csvw_text(w, run->tickers[se->ticker]->ticker);
			di_csvw_int(w, s->car[c].from);
			di_csvw_int(w, s->car[c].to);
			di_csvw_num(w, se->car[c]);
			di_csvw_num(w, se->car_sd[c]);
			di_csvw_num(w, se->scar[c]);
			di_csvw_num(w, se->bhar[c]);
			di_csvw_end_row(w);
		}
	}
}

static void write_aar(const di_run *run, di_csvw *w)
{
	di_csvw_header(w, "event_id,day,n,aar,caar");
	for (size_t b = 0; b < run->nblocks; b++) {
		const di_block *bl = &run->blocks[b];
		for (int d = 0; d < run->nw; d++) {
			di_csvw_text(w, bl->id);
			di_csvw_int(w, run->study->win.from + d);
			di_csvw_int(w, (long)bl->aar_n[d]);
			di_csvw_num(w, bl->aar[d]);
			di_csvw_num(w, bl->caar[d]);
			di_csvw_end_row(w);
		}
	}
}

static void write_tests(const di_run *run, di_csvw *w)
{
	di_csvw_header(w, "event_id,from,to,test,n,estimate,statistic,df,p_value,rbar,p_placebo,"
			  "n_placebo");
	for (size_t b = 0; b < run->nblocks; b++) {
		const di_block *bl = &run->blocks[b];
		for (size_t k = 0; k < run->ntw; k++)
			for (int t = 0; t < DI_NTESTS; t++) {
				const di_test_value *v = &bl->tests[k * DI_NTESTS + t];
				/* dcaar_t: event blocks of a study with controls only */
				if (t == DI_T_DCAAR && (bl->event < 0 || run->ntreated == run->ntickers))
					continue;
				di_csvw_text(w, bl->id);
				di_csvw_int(w, run->tw[k].from);
				di_csvw_int(w, run->tw[k].to);
				di_csvw_text(w, di_test_names[t]);
				di_csvw_int(w, (long)v->n);
				di_csvw_num(w, v->estimate);
				di_csvw_num(w, v->s.stat);
				di_csvw_num(w, v->s.df);
				di_csvw_num(w, v->s.p);
				di_csvw_num(w, v->rbar);
				di_csvw_num(w, v->p_placebo);
				/* both empty with --placebo 0 */
				if (run->study->placebo > 0)
					di_csvw_int(w, (long)v->n_placebo);
				else
					di_csvw_num(w, NAN);
				di_csvw_end_row(w);
			}
	}
}

static void write_exclusions(const di_run *run, di_csvw *w)
{
	di_csvw_header(w, "event_id,ticker,reason,detail");
	for (size_t i = 0; i < run->nexc; i++) {
		di_csvw_text(w, run->exc[i].event_id);
		di_csvw_text(w, run->exc[i].ticker);
		di_csvw_text(w, run->exc[i].reason);
		di_csvw_text(w, run->exc[i].detail);
		di_csvw_end_row(w);
	}
}

int di_report_run_csv(const di_run *run, di_report_dir *d)
{
	static const struct {
		const char *name;
		write_fn fn;
	} files[] = {
		{"estimates.csv", write_estimates}, {"ar.csv", write_ar},
		{"car.csv", write_car},		    {"aar.csv", write_aar},
		{"tests.csv", write_tests},	    {"exclusions.csv", write_exclusions},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f;
		di_csvw w;
		int rc = di_report_open(d, files[i].name, 1, &f);
		if (rc)
			return rc;
		di_csvw_init(&w, f, run->study->dialect == DI_DIALECT_EXCEL_EU);
		files[i].fn(run, &w);
		if ((rc = di_report_close(d, files[i].name, f)))
			return rc;
	}
	return 0;
}
