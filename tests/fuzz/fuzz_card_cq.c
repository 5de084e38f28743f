/*
 * libFuzzer: the driver's completion path (driver/card/queue.c) against a
 * hostile card. The card here is the fuzzer: a card_dev whose registers
 * are memory (every queue reports itself enabled) and whose DMA memory is
 * plain host memory, so the input decides every completion entry the
 * driver reads: any phase, queue ID, SQ head, command ID, status, written
 * to any slot at any time. Checks besides crashes: a reap never returns
 * more completions than entries are pending, every completion it returns
 * names this queue, and the SQ head it reports only moves forward within
 * what was submitted. Cost over budget (fuzz_cost.h) is a finding.
 *   input: queue sizes (1 octet: SQ log2 in the low nibble, CQ log2 extra
 *          in the high one), then operations:
 *   0x00-0x3f  submit n entries (and ring)     0x40-0x7f  the card writes
 *   the next 16 octets as the CQE in slot n     0x80-0xff  reap up to n+1
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_cost.h"
#include "card_dev.h"
#include "card_if.h"
#include "queue.h"

static uint32_t regs[CARD_BAR0_SIZE / 4];

static uint32_t rd(struct card_dev *d, uint32_t off)
{
	(void)d;
	/* every queue's STATUS says enabled; other registers read back */
	if (off >= CARD_Q_BASE && (off - CARD_Q_BASE) % CARD_Q_STRIDE == CARD_Q_STATUS)
		return CARD_Q_STATUS_ENABLED_MASK;
	return off < sizeof(regs) ? regs[off / 4] : 0xffffffffu;
}
static int wr(struct card_dev *d, uint32_t off, uint32_t v)
{
	(void)d;
	if (off < sizeof(regs))
		regs[off / 4] = v;
	return 0;
}
static void db(struct card_dev *d, uint32_t off, uint32_t v) { (void)d; (void)off; (void)v; }
static int dma_alloc(struct card_dev *d, size_t size, struct card_dma *out)
{
	(void)d;
	out->va = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
	if (out->va == NULL)
		return -1;
	out->iova = (uint64_t)(uintptr_t)out->va;
	out->size = size;
	out->priv = NULL;
	return 0;
}
static void dma_free(struct card_dev *d, struct card_dma *m) { (void)d; free(m->va); m->va = NULL; }
static int irq_fd(struct card_dev *d, unsigned v) { (void)d; (void)v; return -1; }
static int reset(struct card_dev *d) { (void)d; return 0; }
static void dev_close(struct card_dev *d) { (void)d; }
static const struct card_dev_ops ops = {
	.kind = "fuzz", .read32 = rd, .write32 = wr, .doorbell = db, .dma_alloc = dma_alloc,
	.dma_free = dma_free, .irq_fd = irq_fd, .reset = reset, .close = dev_close,
};

static void run(const uint8_t *data, size_t size)
{
	struct card_dev dev = { .ops = &ops, .name = "fuzz" };
	struct card_qp qp;
	unsigned sq_log2, cq_log2, qid = 3;
	size_t off = 1;

	if (size < 1)
		return;
	sq_log2 = CARD_MIN_QUEUE_LOG2 + (data[0] & 15) % (CARD_MAX_QUEUE_LOG2 - CARD_MIN_QUEUE_LOG2 + 1);
	cq_log2 = sq_log2 + (data[0] >> 4) % (CARD_MAX_QUEUE_LOG2 - sq_log2 + 1);
	if (card_qp_create(&qp, &dev, qid, sq_log2, cq_log2, 0) < 0)
		abort();
	while (off < size) {
		uint8_t op = data[off++];
		if (op < 0x40) {
			for (unsigned i = 0; i < op; i++) {
				struct card_sqe *e = card_qp_next(&qp);
				if (e == NULL)
					break;
				e->cid = (uint16_t)(qp.sq_tail - 1);
			}
			card_qp_ring(&qp);
		} else if (op < 0x80) {
			unsigned slot = (op & 0x3f) & ((1u << cq_log2) - 1);
			uint8_t cqe[16] = { 0 };
			size_t n = size - off < 16 ? size - off : 16;
			memcpy(cqe, data + off, n);
			off += n;
			memcpy((void *)&qp.cq[slot], cqe, sizeof(cqe));
		} else {
			struct card_cqe out[64];
			unsigned max = (op & 0x3f) + 1, pending = card_qp_pending(&qp);
			uint16_t head = qp.sq_head;
			int got = card_qp_reap(&qp, out, max);
			if (got < 0 || (unsigned)got > max || (unsigned)got > pending)
				abort();
			for (int i = 0; i < got; i++)
				if (out[i].sq_id != qid)
					abort();
			/* the SQ head moved forward, and not past the tail */
			if ((uint16_t)(qp.sq_head - head) > (uint16_t)(qp.sq_tail - head))
				abort();
		}
	}
	card_qp_destroy(&qp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cost_run("operations", size, run, data, size);
	return 0;
}
