/*
 * study.h - the resolved study parameters, shared by the run and moves
 * pipelines. Filled by study.c only; everything else reads.
 */
#ifndef DI_STUDY_INTERNAL_H
#define DI_STUDY_INTERNAL_H

#include "defimpact/study.h"

#include "date.h"

typedef enum di_model {
	DI_MODEL_MEAN,
	DI_MODEL_MARKET_ADJUSTED,
	DI_MODEL_MARKET,
	DI_MODEL_FACTOR
} di_model;

typedef enum di_dialect { DI_DIALECT_RFC4180, DI_DIALECT_EXCEL_EU } di_dialect;

typedef struct di_window {
	int from, to;
} di_window;

/* The days of a window, from and to included (to >= from). */
static inline size_t di_window_days(di_window w)
{
	return (size_t)(w.to - w.from + 1);
}

typedef struct di_strlist {
	char **v;
	size_t n, cap;
	int from_cli; /* the command line replaced the study file's list */
} di_strlist;

struct di_study {
	di_command cmd;
	char *study_file;  /* NULL without a study file */
	di_strlist prices;
	char *events, *market, *securities, *out, *reported;
	char *benchmark, *benchmark_series;
	char *currency; /* --currency: the study currency (ISO), NULL: none */
	di_strlist factors, tickers;
	di_strlist controls; /* the control group (--controls), empty without */
	di_model model;
	int model_set;
	int log_returns;
	di_window est, win;
	int est_set, win_set;
	di_window *car;
	size_t ncar, car_cap;
	int car_set, car_from_cli;
	int min_est, min_est_set;
	di_dialect dialect;
	di_date_fmt date_fmt; /* --date-format; AUTO by default */
	int bom, quiet, clean_estimation, timestamp;
	unsigned formats; /* --formats: DI_FMT_* bits; 0 until set (then all) */
	/* placebo p-values and the thread pool (run and simulate) */
	int placebo, placebo_set; /* placebo dates per event (per trial in simulate) */
	unsigned long seed;       /* of the one generator (default 1) */
	int jobs;                 /* worker threads; 0: the number of online cores */
	/* simulate only */
	int trials;
	double *inject;
	size_t ninject, inject_cap;
	int clustered; /* DI_CLUSTERED_* */
	int finished;
	di_warning_fn warn_fn; /* the study's warning handler; NULL drops */
	void *warn_payload;
	/* inputs built in memory (di_study_use_*), NULL for files; borrowed */
	const di_prices *mem_prices;
	const di_events *mem_events;
	const di_securities *mem_securities;
	const di_reported *mem_reported;
};

/* The report files of --formats. */
enum { DI_FMT_CSV = 1, DI_FMT_TEXT = 2, DI_FMT_SVG = 4, DI_FMT_XLSX = 8, DI_FMT_HTML = 16,
       DI_FMT_ALL = 31 };

enum { DI_CLUSTERED_NO = 1, DI_CLUSTERED_YES = 2, DI_CLUSTERED_BOTH = 3 };

const char *di_model_name(di_model m);
/* di_study_load_ini over len bytes of memory standing for the file name
 * (paths in it are relative to name's folder). */
int di_study_load_ini_mem(di_study *s, const char *name, const char *data, size_t len);
/* The worker threads to use: jobs, or the number of online cores when 0. */
int di_study_jobs(const di_study *s);
/* Number of estimated parameters k of the model. */
int di_model_k(const di_study *s);

#endif
