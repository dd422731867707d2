/*
 * defimpact/study.h - the parameters of a study: read from an INI study
 * file and from command-line options through the same setter, so that both
 * accept exactly the same keys and values.
 */
#ifndef DEFIMPACT_STUDY_H
#define DEFIMPACT_STUDY_H

#include "defimpact/common.h"
#include "defimpact/data.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_study di_study;

typedef enum di_command {
	DI_CMD_RUN,  /* reads the [study] section */
	DI_CMD_MOVES, /* reads the [moves] section */
	DI_CMD_SIMULATE /* reads the [study] section: run's keys and its own */
} di_command;

DI_API int di_study_new(di_study **out, di_command cmd);
DI_API void di_study_free(di_study *study);

/* Read the command's section of an INI file. Paths in it are taken
 * relative to the file. Unknown sections and keys are usage errors with
 * FILE:LINE. */
DI_API int di_study_load_ini(di_study *study, const char *path);

/* Set one key (the long option name without "--", "_" read as "-") from
 * the command line: it replaces the study file's value; a repeatable
 * option given several times on the command line accumulates. value is
 * NULL for a flag (bom, quiet, clean-estimation, timestamp). */
DI_API int di_study_set(di_study *study, const char *key, const char *value);

/* Use price series or events built in memory (defimpact/data.h) in place
 * of the files of --prices or --events: the run reads them, and they must
 * outlive the study and its runs. Giving both the files and the objects is
 * a usage error of di_study_finish. With both in memory the study needs no
 * --out (di_study_out is then NULL unless set): di_run_write takes the
 * folder. Call before di_study_finish; NULL takes the objects back. */
DI_API int di_study_use_prices(di_study *study, const di_prices *prices);
DI_API int di_study_use_events(di_study *study, const di_events *events);
/* The same for the securities file (--securities): a table of
 * di_securities_new/_add. Its `file` column has nothing to name when the
 * prices are in memory too. */
DI_API int di_study_use_securities(di_study *study, const di_securities *securities);
/* The reported moves of a moves study (--reported), from di_reported_new/_add. */
DI_API int di_study_use_reported(di_study *study, const di_reported *reported);

/* Check the whole set (windows in order and apart, a market for the
 * model, min-estimation large enough) and fill in the defaults. Must be
 * called once, after the last set and before a run. */
DI_API int di_study_finish(di_study *study);

/* Send the warnings of every run, moves or simulate made from this study
 * to fn (NULL: drop them, the default). fn is called from the thread that
 * calls di_run_new, di_moves_new or di_simulate_new, never from a worker
 * thread; two studies may have two handlers and run at the same time. A
 * run that keeps only the closes around its events (--placebo 0 on
 * threads; docs/performance.md) sends them, in the same order, once its
 * windows are known to lie inside what it kept. */
DI_API void di_study_set_warning_handler(di_study *study, di_warning_fn fn, void *payload);

/* The report folder (after di_study_finish). */
DI_API const char *di_study_out(const di_study *study);
/* 1 when --quiet was given. */
DI_API int di_study_quiet(const di_study *study);

/* Is key an option of cmd, and does it take a value? Returns 1 (takes a
 * value), 0 (a flag), -1 (unknown). For the tool's option parser. */
DI_API int di_study_key_kind(di_command cmd, const char *key);

#ifdef __cplusplus
}
#endif
#endif
