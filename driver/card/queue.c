/* One queue pair of the card. See queue.h and docs/card-interface.md. */
#include "queue.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t sq_bytes(const struct card_qp *qp)
{
	return (size_t)CARD_SQE_SIZE << qp->sq_log2;
}

static size_t cq_bytes(const struct card_qp *qp)
{
	return (size_t)CARD_CQE_SIZE << qp->cq_log2;
}

static int enable(struct card_qp *qp, uint32_t irq)
{
	struct card_dev *d = qp->dev;
	uint32_t q = qp->id;

	qp->sq_tail = qp->sq_rung = qp->sq_head = qp->cq_head = 0;
	qp->phase = 1;
	memset(qp->mem.va, 0, qp->mem.size);
	/* the card restarts its indices at 0 on enable; the doorbells agree */
	d->ops->doorbell(d, CARD_DB_SQ_TAIL + 8 * q, 0);
	d->ops->doorbell(d, CARD_DB_CQ_HEAD + 8 * q, 0);
	if (card_wr(d, CARD_Q_REG(q, CARD_Q_CFG), 0) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_SQ_BASE_LO), (uint32_t)qp->mem.iova) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_SQ_BASE_HI), (uint32_t)(qp->mem.iova >> 32)) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_CQ_BASE_LO), (uint32_t)(qp->mem.iova + sq_bytes(qp))) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_CQ_BASE_HI), (uint32_t)((qp->mem.iova + sq_bytes(qp)) >> 32)) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_IRQ), irq) < 0 ||
	    card_wr(d, CARD_Q_REG(q, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK |
		    (qp->cq_log2 << CARD_Q_CFG_CQ_LOG2_SHIFT) | (qp->sq_log2 << CARD_Q_CFG_SQ_LOG2_SHIFT)) < 0)
		return -1;
	/* the card refuses a bad ring by leaving it disabled (ERR_STATUS.BAD_RING) */
	if (!(card_rd(d, CARD_Q_REG(q, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK) || d->lost) {
		errno = d->lost ? ENODEV : EINVAL;
		return -1;
	}
	return 0;
}

int card_qp_create(struct card_qp *qp, struct card_dev *dev, unsigned id, unsigned sq_log2,
		   unsigned cq_log2, uint32_t irq)
{
	memset(qp, 0, sizeof(*qp));
	if (id >= CARD_NUM_QUEUES || sq_log2 < CARD_MIN_QUEUE_LOG2 || sq_log2 > CARD_MAX_QUEUE_LOG2 ||
	    cq_log2 < sq_log2 || cq_log2 > CARD_MAX_QUEUE_LOG2) {
		errno = EINVAL;
		return -1;
	}
	qp->dev = dev;
	qp->id = id;
	qp->sq_log2 = sq_log2;
	qp->cq_log2 = cq_log2;
	if (dev->ops->dma_alloc(dev, sq_bytes(qp) + cq_bytes(qp), &qp->mem) < 0)
		return -1;
	qp->sq = qp->mem.va;
	qp->cq = (volatile struct card_cqe *)((uint8_t *)qp->mem.va + sq_bytes(qp));
	if (enable(qp, irq) < 0) {
		int err = errno;
		dev->ops->dma_free(dev, &qp->mem);
		errno = err;
		return -1;
	}
	return 0;
}

int card_qp_restart(struct card_qp *qp, uint32_t irq)
{
	return enable(qp, irq);
}

void card_qp_destroy(struct card_qp *qp)
{
	if (!qp->dev)
		return;
	if (!qp->dev->lost)
		card_wr(qp->dev, CARD_Q_REG(qp->id, CARD_Q_CFG), 0);
	qp->dev->ops->dma_free(qp->dev, &qp->mem);
	qp->dev = NULL;
}

struct card_sqe *card_qp_next(struct card_qp *qp)
{
	struct card_sqe *e;

	if (card_qp_space(qp) == 0)
		return NULL;
	e = &qp->sq[qp->sq_tail & (card_qp_size(qp) - 1)];
	memset(e, 0, sizeof(*e));
	qp->sq_tail++;
	return e;
}

void card_qp_ring(struct card_qp *qp)
{
	if (qp->sq_rung == qp->sq_tail)
		return;
	qp->sq_rung = qp->sq_tail;
	qp->dev->ops->doorbell(qp->dev, CARD_DB_SQ_TAIL + 8 * qp->id, qp->sq_tail);
}

int card_qp_reap(struct card_qp *qp, struct card_cqe *out, unsigned max)
{
	unsigned n = 0, mask = (1u << qp->cq_log2) - 1;
	uint16_t start = qp->cq_head;

	while (n < max && card_qp_pending(qp)) {
		volatile struct card_cqe *c = &qp->cq[qp->cq_head & mask];
		uint16_t st = __atomic_load_n(&c->status, __ATOMIC_ACQUIRE);
		struct card_cqe e;
		uint16_t fetched;

		if ((st & CARD_CQE_STATUS_PHASE_MASK) != qp->phase)
			break;                      /* not written yet */
		memcpy(&e, (const void *)c, sizeof(e));
		e.status = st;
		qp->cq_head++;
		if ((qp->cq_head & mask) == 0)
			qp->phase ^= 1;
		/* The SQ head may only move forward, and never past what we
		 * submitted; the queue ID must be ours. */
		fetched = (uint16_t)(e.sq_head - qp->sq_head);
		if (e.sq_id != qp->id || fetched > (uint16_t)(qp->sq_tail - qp->sq_head)) {
			if (getenv("MPPE_CARD_DEBUG"))
				fprintf(stderr, "card: q%u bad cqe: sq_id %u sq_head %u (known %u, tail %u) cid %u\n",
					qp->id, e.sq_id, e.sq_head, qp->sq_head, qp->sq_tail, e.cid);
			qp->bad_cqes++;
			continue;
		}
		qp->sq_head = e.sq_head;
		out[n++] = e;
	}
	if (qp->cq_head != start)
		qp->dev->ops->doorbell(qp->dev, CARD_DB_CQ_HEAD + 8 * qp->id, qp->cq_head);
	return (int)n;
}
