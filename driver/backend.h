/*
 * What an engine backend provides. engine.c validates arguments and keeps
 * the generic bookkeeping; a backend only does the work.
 */
#ifndef MPPE_BACKEND_H
#define MPPE_BACKEND_H

#include "mppe/engine.h"

struct card_engine_stats;

struct mppe_backend_ops {
	const char *kind;
	/* arg: what follows "kind:" in the spec (may be empty) */
	int (*open)(struct mppe_engine *e, const char *arg);
	/* optional: open only starts (never waits for a card's bring-up) and
	 * this finishes it: 1 up, 0 not yet (call again), -1 failed */
	int (*open_step)(struct mppe_engine *e);
	void (*close)(struct mppe_engine *e);
	int (*flow_create)(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow);
	/* optional: never waits (mppe_flow_create_start: 1 done, 0 completes
	 * through poll); without it flow_create is used, and returns 1 */
	int (*flow_create_start)(struct mppe_engine *e, const struct mppe_flow_params *p, uint64_t cookie,
				 uint32_t *flow);
	int (*flow_destroy)(struct mppe_engine *e, uint32_t flow);
	int (*flow_counters)(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out);
	/* optional: never blocks (mppe_flow_counters_since; since_ms 0 is
	 * mppe_flow_peek_counters); without it the blocking read is used,
	 * which for memory-only engines does not block */
	int (*flow_counters_since)(struct mppe_engine *e, uint32_t flow, uint64_t since_ms,
				   struct mppe_counters *out);
	int (*submit)(struct mppe_engine *e, const struct mppe_op *ops, unsigned n);
	int (*poll)(struct mppe_engine *e, struct mppe_completion *out, unsigned max);
	void (*ack_event)(struct mppe_engine *e);
	/* optional: the software engine creates a flow that continues where a
	 * card left it (driver/card/multi.c) */
	int (*flow_resume)(struct mppe_engine *e, const struct mppe_flow_params *p,
			   const struct mppe_shadow *t, uint32_t *flow);
	/* optional: card health and where flows run (card_engine_stats) */
	int (*stats)(struct mppe_engine *e, struct card_engine_stats *out);
	/* optional: true when the flow runs in this process (default: kind "sw") */
	bool (*flow_in_software)(struct mppe_engine *e, uint32_t flow);
};

struct mppe_engine {
	const struct mppe_backend_ops *ops;
	void *priv;
	char label[64];
	uint32_t max_flows;
	int event_fd;
	unsigned inflight;
	unsigned threads;               /* crypto threads of a software engine; 0 = none of its own */
};

extern const struct mppe_backend_ops mppe_backend_sw;

/* A backend's open explains its failure for mppe_engine_error(). */
void mppe_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
