/*
 * One queue pair of the card (docs/card-interface.md, "How the queues
 * work"): a submission ring and a completion ring in DMA memory, the
 * free-running indices, the phase, and the checks of every completion the
 * card writes. The same code runs the admin queue and the data queues over
 * any card backend.
 */
#ifndef CARD_QUEUE_H
#define CARD_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "card_dev.h"
#include "card_if.h"

struct card_qp {
	struct card_dev *dev;
	unsigned id;
	unsigned sq_log2, cq_log2;
	struct card_dma mem;          /* SQ ring, then CQ ring */
	struct card_sqe *sq;
	volatile struct card_cqe *cq;
	uint16_t sq_tail;             /* entries written by us */
	uint16_t sq_rung;             /* sq_tail as last told to the card */
	uint16_t sq_head;             /* entries the card reported fetched */
	uint16_t cq_head;             /* completions consumed */
	uint8_t phase;                /* phase of the current pass over the CQ */
	uint64_t bad_cqes;            /* completions refused by the checks */
};

/* Allocates the rings and enables the queue on the card. irq: IRQ register
 * value (CARD_Q_IRQ_*), 0 for none. */
int card_qp_create(struct card_qp *qp, struct card_dev *dev, unsigned id, unsigned sq_log2,
		   unsigned cq_log2, uint32_t irq);
/* Disables the queue and frees the rings. */
void card_qp_destroy(struct card_qp *qp);
/* Re-enables a queue after a card reset: indices and phase restart. */
int card_qp_restart(struct card_qp *qp, uint32_t irq);

static inline unsigned card_qp_size(const struct card_qp *qp)
{
	return 1u << qp->sq_log2;
}

/*
 * Entries that may be submitted now (back-pressure when 0): room in the
 * submission ring (the card reports its SQ head in every completion) and
 * room for their completions (the card writes one per entry). Entry n uses
 * slot n mod CQ size for its bookkeeping, unique among those pending.
 */
static inline unsigned card_qp_space(const struct card_qp *qp)
{
	unsigned sq = card_qp_size(qp) - (uint16_t)(qp->sq_tail - qp->sq_head);
	unsigned cq = (1u << qp->cq_log2) - (uint16_t)(qp->sq_tail - qp->cq_head);
	return sq < cq ? sq : cq;
}

/* The entry at the tail, zeroed, for the caller to fill; NULL when full. */
struct card_sqe *card_qp_next(struct card_qp *qp);
/* Publishes the entries filled since the last call with one doorbell. */
void card_qp_ring(struct card_qp *qp);

/*
 * Collects up to max completions. Returns the count, 0 when none is ready.
 * A completion that fails the checks (wrong queue, a SQ head outside what
 * was submitted) is counted in bad_cqes and skipped: its entry never
 * completes, and the caller's timeout catches it.
 */
int card_qp_reap(struct card_qp *qp, struct card_cqe *out, unsigned max);

/* Entries submitted and not yet completed. */
static inline unsigned card_qp_pending(const struct card_qp *qp)
{
	return (uint16_t)(qp->sq_tail - qp->cq_head);
}

#endif
