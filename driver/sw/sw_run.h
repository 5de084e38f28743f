/*
 * What the software engine shares between its one-thread form
 * (backend_sw.c) and its form on several crypto threads (backend_sw_mt.c).
 */
#ifndef MPPE_SW_RUN_H
#define MPPE_SW_RUN_H

#include "../backend.h"

/* "sw:threads=N": at most this many crypto threads */
#define MPPE_SW_MAX_THREADS 64u

/* Runs one operation on flow f (NULL: no such flow) into completion c. */
void sw_run_op(struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c);

/* backend_sw_mt.c: opens e as the engine on nthreads (> 1) threads */
extern const struct mppe_backend_ops mppe_backend_sw_mt;
int mt_open_threads(struct mppe_engine *e, unsigned nthreads);

#endif
