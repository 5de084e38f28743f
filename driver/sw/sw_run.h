/*
 * What the software engine shares between its one-thread form
 * (backend_sw.c) and its form on several crypto threads (backend_sw_mt.c).
 */
#ifndef MPPE_SW_RUN_H
#define MPPE_SW_RUN_H

#include "../backend.h"

/* "sw:threads=N": at most this many crypto threads */
#define MPPE_SW_MAX_THREADS 64u

/*
 * The flows by ID, as both forms keep them (on the caller's thread): a slot
 * array that doubles when full, up to a maximum, and re-uses the lowest
 * free ID first.
 */
struct sw_flows {
	struct mppe_flow **f;            /* indexed by flow ID; NULL = free */
	uint32_t n;                      /* slots allocated */
	uint32_t next_free;              /* search hint: no free slot below it */
};

/* A free ID in *id, growing the table up to max slots; -1 with ENOSPC when
 * full. The slot stays free until sw_flows_put. */
int sw_flows_reserve(struct sw_flows *t, uint32_t max, uint32_t *id);
/* A new flow of p (resumed from shadow s when not NULL) in reserved slot id. */
int sw_flows_put(struct sw_flows *t, uint32_t id, const struct mppe_flow_params *p,
		 const struct mppe_shadow *s);
struct mppe_flow *sw_flows_get(const struct sw_flows *t, uint32_t id);
/* Empties slot id and returns its flow (NULL with ENOENT when none), which
 * the caller then frees with sw_flow_free. */
struct mppe_flow *sw_flows_take(struct sw_flows *t, uint32_t id);
/* Every flow wiped and freed, then the table. */
void sw_flows_clear(struct sw_flows *t);
/* The keys wiped, then the memory freed. */
void sw_flow_free(struct mppe_flow *f);

/* Runs one operation on flow f (NULL: no such flow) into completion c. */
void sw_run_op(struct mppe_flow *f, const struct mppe_op *op, struct mppe_completion *c);
/* Runs a (on flow fa) into ca and, when it can take b with it, b (on fb)
 * into cb, with the completions sw_run_op would give one after the other;
 * returns how many it ran (1 or 2). It takes b when both are encryptions,
 * or both decryptions, on stateless flows, and their buffers do not
 * overlap: their RC4 passes then run interleaved (mppe_flow_encrypt_pair;
 * mppe_flow_decrypt_begin + mppe_rx_rest_run). */
unsigned sw_run_op_pair(struct mppe_flow *fa, const struct mppe_op *a, struct mppe_completion *ca,
			struct mppe_flow *fb, const struct mppe_op *b, struct mppe_completion *cb);

/* backend_sw_mt.c: opens e as the engine on nthreads (> 1) threads */
extern const struct mppe_backend_ops mppe_backend_sw_mt;
int mt_open_threads(struct mppe_engine *e, unsigned nthreads);

#endif
