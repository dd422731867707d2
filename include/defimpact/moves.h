/*
 * defimpact/moves.h - reported moves: split press-reported index and share
 * moves of one report date into expected (sector), abnormal (stock) and,
 * with a market, market / sector / specific parts, and check each figure
 * against the price data. docs/moves.md describes the numbers.
 */
#ifndef DEFIMPACT_MOVES_H
#define DEFIMPACT_MOVES_H

#include "defimpact/common.h"
#include "defimpact/study.h"
#include "defimpact/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct di_moves di_moves;

/**
 * Load the inputs named by a finished `moves` study (DI_CMD_MOVES) and
 * compute every row, the basket and the reconciliation with the prices.
 *
 * @param[out] out the result, NULL on failure
 * @param study a finished moves study; it must outlive the result
 * @return 0; DI_EUSAGE for a benchmark that is not a row of the reported
 *         file, a --benchmark-series or --market not in the price data, a
 *         reported file without asof; DI_EDATA, DI_EIO for bad inputs.
 *         A reported ticker without price history, or with too short a
 *         history, is not an error: its model columns stay empty and a
 *         warning says why.
 */
DI_API int di_moves_new(di_moves **out, const di_study *study);
DI_API void di_moves_free(di_moves *moves);

/**
 * A read-only view (defimpact/table.h) of the result's table "moves": the
 * rows and columns of moves.csv (docs/moves.md). The result must outlive
 * the view.
 *
 * @return 0; DI_EUSAGE for another name; DI_ENOMEM.
 */
DI_API int di_moves_table(const di_moves *moves, const char *name, di_table **out);

/**
 * Write the report folder (moves.csv, summary.txt, moves.svg, .defimpact)
 * atomically, under the same rules as di_run_write.
 */
DI_API int di_moves_write(const di_moves *moves, const char *outdir);

#ifdef __cplusplus
}
#endif
#endif
