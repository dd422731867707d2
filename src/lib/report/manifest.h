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

#include "result_view.h"
#include "study.h"

#define DI_SHA256_HEXSZ 65 /* 64 hex digits and a NUL */

/* di_manifest_input (one input file): result_view.h. */

/* SHA-256 (nettle) of n bytes, in lower-case hex. */
void di_sha256_hex(const void *data, size_t n, char hex[DI_SHA256_HEXSZ]);

/* SHA-256 of a file, streamed in 16 KiB chunks, and its size in bytes.
 * DI_EIO (with the message) when it cannot be read. */
int di_sha256_file(const char *path, char hex[DI_SHA256_HEXSZ], unsigned long long *size);

/*
 * Write a manifest: the version, the command (run or moves), the
 * parameters of that command in the study's key names (tickers: the given
 * list, or tickers[0..ntickers) when not NULL, the resolved list), then
 * one line per input, in the given order:
 *   input: SHA256 SIZE ROLE PATH
 * and "generated: YYYY-MM-DDTHH:MM:SSZ" (UTC) only with the study's
 * timestamp flag. The output folder and --quiet are left out: they do not
 * change a result. Returns 0, or DI_EIO when an input cannot be read.
 */
int di_manifest_write(FILE *f, const di_study *s, const char *const *tickers, size_t ntickers,
		      const di_manifest_input *in, size_t nin);

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
