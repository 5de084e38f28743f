/*
 * Unit tests of the queue pair (driver/card/queue.c) over a scripted
 * backend: the test plays the card by writing completion entries into the
 * completion ring itself, including wrong ones, and checks what the driver
 * accepts, refuses and rings.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "card/card_dev.h"
#include "card/queue.h"

struct script_dev {
	struct card_dev dev;
	uint32_t regs[CARD_BAR0_SIZE / 4];
	uint32_t last_db_off, last_db_val;
	unsigned doorbells;
};

static uint32_t s_read32(struct card_dev *d, uint32_t off)
{
	struct script_dev *s = (struct script_dev *)d;
	/* a queue reads back enabled once CFG.ENABLE was written */
	if (off >= CARD_Q_BASE && (off - CARD_Q_BASE) % CARD_Q_STRIDE == CARD_Q_STATUS)
		return (s->regs[(off - CARD_Q_STATUS + CARD_Q_CFG) / 4] & CARD_Q_CFG_ENABLE_MASK) ?
		       CARD_Q_STATUS_ENABLED_MASK : 0;
	return s->regs[off / 4];
}

static int s_write32(struct card_dev *d, uint32_t off, uint32_t v)
{
	((struct script_dev *)d)->regs[off / 4] = v;
	return 0;
}

static void s_doorbell(struct card_dev *d, uint32_t off, uint32_t v)
{
	struct script_dev *s = (struct script_dev *)d;
	s->last_db_off = off;
	s->last_db_val = v;
	s->doorbells++;
}

static int s_dma_alloc(struct card_dev *d, size_t size, struct card_dma *m)
{
	(void)d;
	m->va = calloc(1, size);
	m->iova = 0x1000;
	m->size = size;
	return m->va ? 0 : -1;
}

static void s_dma_free(struct card_dev *d, struct card_dma *m)
{
	(void)d;
	free(m->va);
	m->va = NULL;
}

static int s_irq_fd(struct card_dev *d, unsigned v) { (void)d; (void)v; return -1; }
static int s_reset(struct card_dev *d) { (void)d; return 0; }
static void s_close(struct card_dev *d) { (void)d; }

static const struct card_dev_ops script_ops = {
	.kind = "script", .read32 = s_read32, .write32 = s_write32, .doorbell = s_doorbell,
	.dma_alloc = s_dma_alloc, .dma_free = s_dma_free, .irq_fd = s_irq_fd, .reset = s_reset,
	.close = s_close,
};

static struct script_dev sd = { .dev = { .ops = &script_ops } };

/* The card completes entry `cid` with the given SQ head and phase. */
static void card_writes(struct card_qp *qp, unsigned slot, uint16_t cid, uint16_t sq_head, unsigned phase,
			uint16_t sq_id)
{
	volatile struct card_cqe *c = &qp->cq[slot];
	c->result = 0;
	c->info = 0;
	c->sq_head = sq_head;
	c->sq_id = sq_id;
	c->cid = cid;
	c->status = (uint16_t)phase;
}

static void test_create_programs_the_card(void **state)
{
	struct card_qp qp;
	(void)state;
	assert_int_equal(card_qp_create(&qp, &sd.dev, 3, 2, 3, 0x101), 0);
	assert_int_equal(sd.regs[CARD_Q_REG(3, CARD_Q_SQ_BASE_LO) / 4], 0x1000);
	assert_int_equal(sd.regs[CARD_Q_REG(3, CARD_Q_CQ_BASE_LO) / 4], 0x1000 + 4 * 64);
	assert_int_equal(sd.regs[CARD_Q_REG(3, CARD_Q_CFG) / 4], CARD_Q_CFG_ENABLE_MASK | 0x32);
	assert_int_equal(sd.regs[CARD_Q_REG(3, CARD_Q_IRQ) / 4], 0x101);
	card_qp_destroy(&qp);
	/* sizes the card cannot take are refused before touching it */
	assert_int_equal(card_qp_create(&qp, &sd.dev, 3, 0, 3, 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(card_qp_create(&qp, &sd.dev, 3, 5, 4, 0), -1);
	assert_int_equal(card_qp_create(&qp, &sd.dev, 9, 2, 2, 0), -1);
}

static void test_phase_and_wrap(void **state)
{
	struct card_qp qp;
	struct card_cqe out[4];
	(void)state;
	assert_int_equal(card_qp_create(&qp, &sd.dev, 1, 1, 1, 0), 0);   /* 2 entries */
	for (unsigned pass = 0; pass < 3; pass++) {
		unsigned phase = pass % 2 ? 0 : 1;
		assert_non_null(card_qp_next(&qp));
		assert_non_null(card_qp_next(&qp));
		assert_null(card_qp_next(&qp));           /* full */
		assert_int_equal(card_qp_space(&qp), 0);
		card_qp_ring(&qp);
		assert_int_equal(sd.last_db_off, CARD_DB_SQ_TAIL + 8);
		assert_int_equal(sd.last_db_val, (uint16_t)(2 * pass + 2));
		/* an entry still carrying the old phase is not ours yet */
		assert_int_equal(card_qp_reap(&qp, out, 4), 0);
		card_writes(&qp, 0, (uint16_t)(2 * pass), (uint16_t)(2 * pass + 2), phase, 1);
		assert_int_equal(card_qp_reap(&qp, out, 4), 1);
		assert_int_equal(out[0].cid, 2 * pass);
		assert_int_equal(sd.last_db_off, CARD_DB_CQ_HEAD + 8);
		card_writes(&qp, 1, (uint16_t)(2 * pass + 1), (uint16_t)(2 * pass + 2), phase, 1);
		assert_int_equal(card_qp_reap(&qp, out, 4), 1);
		assert_int_equal(card_qp_space(&qp), 2);
	}
	assert_int_equal(qp.bad_cqes, 0);
	card_qp_destroy(&qp);
}

static void test_bad_completions_refused(void **state)
{
	struct card_qp qp;
	struct card_cqe out[4];
	(void)state;
	assert_int_equal(card_qp_create(&qp, &sd.dev, 2, 2, 2, 0), 0);
	card_qp_next(&qp);
	card_qp_next(&qp);
	card_qp_ring(&qp);
	/* another queue's completion */
	card_writes(&qp, 0, 0, 1, 1, 5);
	assert_int_equal(card_qp_reap(&qp, out, 4), 0);
	assert_int_equal(qp.bad_cqes, 1);
	/* an SQ head past what was submitted */
	card_writes(&qp, 1, 1, 7, 1, 2);
	assert_int_equal(card_qp_reap(&qp, out, 4), 0);
	assert_int_equal(qp.bad_cqes, 2);
	/* nothing pending: a stray entry is not even looked at */
	card_writes(&qp, 2, 9, 2, 1, 2);
	assert_int_equal(card_qp_reap(&qp, out, 4), 0);
	assert_int_equal(qp.bad_cqes, 2);
	card_qp_destroy(&qp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_programs_the_card),
		cmocka_unit_test(test_phase_and_wrap),
		cmocka_unit_test(test_bad_completions_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
