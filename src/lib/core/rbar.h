/*
 * rbar.h - the rbar of every block and test window (methodology, "rbar"),
 * prepared once for the whole run so that the pair correlations are shared
 * by the event, type and ALL blocks. Internal to blockstats.c (and its
 * tests).
 */
#ifndef DI_RBAR_H
#define DI_RBAR_H

#include <stddef.h>

#include "run.h"

/* A pair that shares a window date needs at least this many shared
 * estimation-residual dates for its correlation, else it is skipped. */
#define DI_RBAR_MIN_SHARED 30

/* Members of one event with one estimation calendar and one set of AR
 * dates use the sum identity from this many members on (below it the
 * pairwise path costs little, and keeps its summation order). */
#define DI_RBAR_IDENTITY_MIN 16


/* identity_min: DI_RBAR_IDENTITY_MIN, or SIZE_MAX for the pairwise path
 * only (the tests compare both). use: NULL, or which of run->se to
 * consider (a trial's security-events that fitted); the others are never
 * read. Blocks may hold any subset of the security-events considered. */
int di_rbar_new(di_rbar **out, const di_run *run, size_t identity_min,
		const unsigned char *use);
void di_rbar_free(di_rbar *r);

/* How many security-events take the identity path (for the tests). */
size_t di_rbar_identity_members(const di_rbar *r);

/* rbar of block b in each test window (run->ntw values, NAN where no pair
 * counts). */
int di_rbar_block(di_rbar *r, const di_block *b, double *rbar);

#endif
