/*
 * manifest.h - manifest.txt of a report folder: what produced it (the
 * version, the command, every resolved parameter) and from what (each
 * input file with its size and SHA-256), so that a report can be traced
 * to its inputs and a rerun checked against it. No time unless the study
 * asks for one (timestamp): two runs on the same inputs give the same
 * bytes.
 */
#ifndef DI_MANIFEST_H
#define DI_MANIFEST_H

#include <stddef.h>
#include <stdio.h>

#include "digest.h"
#include "result_view.h"
#include "study.h"

/* di_manifest_input (one input file): result_view.h. SHA-256: digest.h. */

/*
 * Write a manifest: the version, the command (run or moves), the
 * parameters of that command in the study's key names (tickers: the given
 * list, or tickers[0..ntickers) when not NULL, the resolved list), then
 * one line per input, in the given order:
 *   input: SHA256 SIZE ROLE PATH
 * and "generated: YYYY-MM-DDTHH:MM:SSZ" (UTC) only with the study's
 * timestamp flag. The output folder and --quiet are left out: they do not
 * change a result. An input's digest is taken from d when d has it
 * (di_digests_get; d may be NULL), else made here. Returns 0, or DI_EIO
 * when an input cannot be read.
 */
int di_manifest_write(FILE *f, const di_study *s, const char *const *tickers, size_t ntickers,
		      const di_manifest_input *in, size_t nin, di_digests *d);

/* The input files of a study (NULL: none), written in this order after
 * the study file: reported (moves), the price files in load order, the
 * events file, the securities file. */
typedef struct di_manifest_files {
	const char *reported;
	const di_prices *prices;
	const char *events, *securities;
} di_manifest_files;

/* Room for the inputs of files: the price files and four more. */
#define DI_MANIFEST_MAX_INPUTS(prices) ((prices)->nfiles + 4)

/* Fill in (DI_MANIFEST_MAX_INPUTS slots) with the study file and the
 * inputs of files, in the manifest's order; their number. */
size_t di_manifest_inputs(di_manifest_input *in, const di_study *s,
			  const di_manifest_files *files);

/* di_manifest_write with the inputs of files. */
int di_manifest_write_files(FILE *f, const di_study *s, const char *const *tickers,
			    size_t ntickers, const di_manifest_files *files);

/* The manifest of a run: the study file, the price files in load order,
 * the events file and the securities file (the view's inputs). */
int di_manifest_write_run(FILE *f, const di_rview *v);

#endif
