/*
 * The card's queues through cardsim, at the ring level (driver/card/queue.c
 * over the vfio-user backend, the host interface RTL in Verilator): ring
 * wrap, phase, SQ head in completions, queue full on both sides, entry
 * validation, bad ring configurations, doorbells past the ring, unmapped
 * rings, interrupts and coalescing, a reset in the middle of traffic, and
 * the admin queue.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "card/card_dev.h"
#include "card/queue.h"
#include "cardsim_proc.h"

static struct cardsim_proc sim;
static struct card_dev *dev;
static uint32_t features, num_flows;

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* The card runs in another process that a loaded machine may starve: a
 * positive check waits for the value (bounded, 60 s) instead of sleeping a
 * fixed time first. Returns the last value read. (A fixed sleep stays only
 * before checks that something did NOT happen: a slow card can make those
 * pass wrongly, never fail wrongly.) */
static uint32_t wait_reg(uint32_t reg, uint32_t mask, uint32_t want)
{
	uint32_t v = 0;

	for (int i = 0; i < 60000; i++) {
		v = card_rd(dev, reg) & mask;
		if (v == want)
			break;
		sleep_ms(1);
	}
	return v;
}

static void card_reset_enable(void)
{
	assert_int_equal(card_wr(dev, CARD_CTL_CONTROL, CARD_CTL_CONTROL_RESET_MASK), 0);
	for (int i = 0; i < 1000 && (card_rd(dev, CARD_CTL_STATUS) & CARD_CTL_STATUS_RESETTING_MASK); i++)
		sleep_ms(1);
	assert_int_equal(card_rd(dev, CARD_CTL_STATUS) & CARD_CTL_STATUS_RESETTING_MASK, 0);
	assert_int_equal(card_wr(dev, CARD_CTL_CONTROL, CARD_CTL_CONTROL_ENABLE_MASK), 0);
}

static const char *sim_arg;       /* extra cardsim option of the group */

static int group_setup(void **state)
{
	(void)state;
	if (cardsim_start(&sim, sim_arg) < 0)
		return -1;
	dev = card_dev_open_vfio_user(sim.path);
	if (!dev)
		return -1;
	features = card_rd(dev, CARD_CAP_FEATURES);
	num_flows = card_rd(dev, CARD_CAP_NUM_FLOWS);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (dev)
		dev->ops->close(dev);
	return cardsim_stop(&sim, 0) == 0 ? 0 : -1;
}

static int each_setup(void **state)
{
	(void)state;
	card_reset_enable();
	return 0;
}

/* Waits until n completions arrived (or a second passed). */
static int reap_n(struct card_qp *qp, struct card_cqe *out, unsigned n)
{
	unsigned got = 0;
	for (int i = 0; i < 2000 && got < n; i++) {
		int r = card_qp_reap(qp, out + got, n - got);
		assert_true(r >= 0);
		got += (unsigned)r;
		if (got < n)
			sleep_ms(1);
	}
	return (int)got;
}

static unsigned code_of(const struct card_cqe *c)
{
	return c->status >> CARD_CQE_STATUS_CODE_SHIFT;
}

/* ------------------------------------------------------------------ tests */

static void test_register_walk(void **state)
{
	uint32_t off = 0, seen = 0;
	(void)state;

	assert_int_equal(card_rd(dev, CARD_HDR_TYPE), CARD_MAGIC);
	assert_int_equal(card_rd(dev, CARD_HDR_VERSION) >> 16, CARD_IF_VERSION_MAJOR);
	/* the blocks chain from the header to the queue registers */
	for (off = card_rd(dev, CARD_HDR_NEXT); off && off < CARD_Q_BASE; off = card_rd(dev, off + 8))
		seen |= 1u << card_rd(dev, off);
	assert_int_equal(off, CARD_Q_BASE);
	assert_int_equal(seen, 0x1e);     /* types 1..4 */
	assert_int_equal(card_rd(dev, CARD_CAP_NUM_QUEUES), CARD_NUM_QUEUES);
	assert_true(num_flows >= 1);
	assert_int_equal(card_wr(dev, CARD_CTL_SCRATCH, 0xa5a55a5a), 0);
	assert_int_equal(card_rd(dev, CARD_CTL_SCRATCH), 0xa5a55a5a);
	/* doorbells are write-only */
	assert_int_equal(card_rd(dev, CARD_DB_SQ_TAIL + 8), 0);
}

/* 100 entries through a 4-entry ring: 25 wraps, phases and SQ heads checked. */
static void test_ring_wrap(void **state)
{
	struct card_qp qp;
	struct card_cqe c[4];
	uint16_t next_cid = 0, expect = 0;
	(void)state;

	assert_int_equal(card_qp_create(&qp, dev, 1, 2, 2, 0), 0);
	srand(7);
	while (expect < 100) {
		unsigned n = 1 + (unsigned)rand() % card_qp_space(&qp);
		int got;
		for (unsigned i = 0; i < n; i++) {
			struct card_sqe *e = card_qp_next(&qp);
			assert_non_null(e);
			e->opcode = 0x7f;            /* no such opcode: the card answers itself */
			e->cid = next_cid++;
		}
		card_qp_ring(&qp);
		got = reap_n(&qp, c, n);
		assert_int_equal(got, (int)n);
		for (int i = 0; i < got; i++) {
			assert_int_equal(c[i].cid, expect);
			assert_int_equal(c[i].sq_id, 1);
			assert_int_equal(code_of(&c[i]), CARD_STATUS_ERR_BAD_OP);
			/* the card fetched at least this entry */
			assert_true((uint16_t)(c[i].sq_head - expect) >= 1);
			expect++;
		}
	}
	assert_int_equal(qp.bad_cqes, 0);
	assert_int_equal(card_rd(dev, CARD_Q_REG(1, CARD_Q_CQ_TAIL)), expect);
	card_qp_destroy(&qp);
}

/* Entries the card must refuse, and proof it wrote nothing at DST. */
static void test_entry_validation(void **state)
{
	struct card_qp qp;
	struct card_dma buf;
	struct card_cqe c[5];
	struct {
		uint8_t op;
		uint32_t flow;
		uint16_t in_len, out_cap;
		unsigned want;
	} cases[] = {
		{ 0, 0, 16, 64, CARD_STATUS_ERR_BAD_OP },
		{ 9, 0, 16, 64, CARD_STATUS_ERR_BAD_OP },
		{ 1, 0xffffffffu, 16, 64, CARD_STATUS_CARD_FLOW_RANGE },
		{ 1, 0, 3000, 4000, CARD_STATUS_ERR_TOO_LONG },
		{ 1, 0, 100, 101, CARD_STATUS_ERR_NO_SPACE },
	};
	(void)state;

	cases[2].flow = num_flows;     /* first ID out of range */
	assert_int_equal(card_qp_create(&qp, dev, 2, 3, 3, 0), 0);
	assert_int_equal(dev->ops->dma_alloc(dev, 8192, &buf), 0);
	memset(buf.va, 0xee, buf.size);
	for (unsigned i = 0; i < 5; i++) {
		struct card_sqe *e = card_qp_next(&qp);
		e->opcode = cases[i].op;
		e->cid = (uint16_t)i;
		e->flow = cases[i].flow;
		e->src = buf.iova;
		e->dst = buf.iova + 4096;
		e->in_len = cases[i].in_len;
		e->out_cap = cases[i].out_cap;
	}
	card_qp_ring(&qp);
	assert_int_equal(reap_n(&qp, c, 5), 5);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(c[i].cid, i);
		assert_int_equal(code_of(&c[i]), cases[i].want);
		assert_int_equal(c[i].result, 0);
	}
	for (size_t i = 0; i < buf.size; i++)
		assert_int_equal(((uint8_t *)buf.va)[i], 0xee);
	dev->ops->dma_free(dev, &buf);
	card_qp_destroy(&qp);
}

/* The card stops fetching while the completion ring is full. */
static void test_cq_full_backpressure(void **state)
{
	struct card_qp qp;
	struct card_cqe c[8];
	(void)state;

	assert_int_equal(card_qp_create(&qp, dev, 3, 2, 2, 0), 0);
	for (int i = 0; i < 4; i++)
		card_qp_next(&qp)->opcode = 0x7f;
	assert_null(card_qp_next(&qp));      /* driver side: full */
	card_qp_ring(&qp);
	assert_int_equal(wait_reg(CARD_Q_REG(3, CARD_Q_CQ_TAIL), ~0u, 4), 4);
	/* Write 4 more entries behind the driver's back and ring: the card has
	 * no room for their completions and must not fetch them. */
	for (int i = 0; i < 4; i++)
		qp.sq[i].opcode = 0x7f;
	dev->ops->doorbell(dev, CARD_DB_SQ_TAIL + 8 * 3, 8);
	sleep_ms(20);
	assert_int_equal(card_rd(dev, CARD_Q_REG(3, CARD_Q_STATUS)) & 0xffff, 4);
	assert_int_equal(card_rd(dev, CARD_Q_REG(3, CARD_Q_CQ_TAIL)), 4);
	/* consuming the completions lets the card go on */
	qp.sq_tail = 4;
	assert_int_equal(reap_n(&qp, c, 4), 4);
	assert_int_equal(wait_reg(CARD_Q_REG(3, CARD_Q_CQ_TAIL), ~0u, 8), 8);
	assert_int_equal(card_rd(dev, CARD_Q_REG(3, CARD_Q_STATUS)) & 0xffff, 8);
	card_qp_destroy(&qp);
}

static void test_bad_ring_config(void **state)
{
	struct card_qp qp;
	uint32_t st;
	(void)state;

	/* sizes outside the limits: refused by the driver... */
	assert_int_equal(card_qp_create(&qp, dev, 1, 0, 0, 0), -1);
	assert_int_equal(card_qp_create(&qp, dev, 1, 13, 13, 0), -1);
	assert_int_equal(card_qp_create(&qp, dev, 1, 4, 3, 0), -1);
	/* ...and by the card, when software writes them anyway */
	card_wr(dev, CARD_ERR_ERR_STATUS, 0xffffffff);
	card_wr(dev, CARD_Q_REG(4, CARD_Q_SQ_BASE_LO), 0x1000);
	card_wr(dev, CARD_Q_REG(4, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (13u << 4) | 13u);
	st = card_rd(dev, CARD_ERR_ERR_STATUS);
	assert_true(st & CARD_ERR_ERR_STATUS_BAD_RING_MASK);
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_QUEUE), 4);
	assert_false(card_rd(dev, CARD_Q_REG(4, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	/* CQ smaller than SQ */
	card_wr(dev, CARD_Q_REG(4, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (2u << 4) | 3u);
	assert_false(card_rd(dev, CARD_Q_REG(4, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	/* misaligned SQ base */
	card_wr(dev, CARD_Q_REG(4, CARD_Q_SQ_BASE_LO), 0x1010);
	card_wr(dev, CARD_Q_REG(4, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (3u << 4) | 3u);
	assert_false(card_rd(dev, CARD_Q_REG(4, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	/* write 1 to clear */
	card_wr(dev, CARD_ERR_ERR_STATUS, CARD_ERR_ERR_STATUS_BAD_RING_MASK);
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_STATUS) & CARD_ERR_ERR_STATUS_BAD_RING_MASK, 0);
}

static void test_doorbell_past_ring(void **state)
{
	struct card_qp qp;
	(void)state;

	assert_int_equal(card_qp_create(&qp, dev, 5, 2, 2, 0), 0);
	card_wr(dev, CARD_ERR_ERR_STATUS, 0xffffffff);
	dev->ops->doorbell(dev, CARD_DB_SQ_TAIL + 8 * 5, 100);
	assert_true(wait_reg(CARD_ERR_ERR_STATUS, CARD_ERR_ERR_STATUS_DOORBELL_MASK, CARD_ERR_ERR_STATUS_DOORBELL_MASK));
	wait_reg(CARD_Q_REG(5, CARD_Q_STATUS), CARD_Q_STATUS_ERROR_MASK, CARD_Q_STATUS_ERROR_MASK);
	assert_true(card_rd(dev, CARD_Q_REG(5, CARD_Q_STATUS)) & CARD_Q_STATUS_ERROR_MASK);
	assert_false(card_rd(dev, CARD_Q_REG(5, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	assert_int_equal(card_rd(dev, CARD_Q_REG(5, CARD_Q_CQ_TAIL)), 0);
	card_qp_destroy(&qp);
}

/* Rings at IOVAs nobody mapped: the card reports and stops, writes nothing. */
static void test_unmapped_rings(void **state)
{
	struct card_qp qp;
	(void)state;

	card_wr(dev, CARD_ERR_ERR_STATUS, 0xffffffff);
	card_wr(dev, CARD_Q_REG(6, CARD_Q_SQ_BASE_LO), 0x40000000);
	card_wr(dev, CARD_Q_REG(6, CARD_Q_SQ_BASE_HI), 0x77);
	card_wr(dev, CARD_Q_REG(6, CARD_Q_CQ_BASE_LO), 0x40000000);
	card_wr(dev, CARD_Q_REG(6, CARD_Q_CQ_BASE_HI), 0x78);
	card_wr(dev, CARD_Q_REG(6, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (2u << 4) | 2u);
	dev->ops->doorbell(dev, CARD_DB_SQ_TAIL + 8 * 6, 1);
	assert_true(wait_reg(CARD_ERR_ERR_STATUS, CARD_ERR_ERR_STATUS_SQ_DMA_MASK, CARD_ERR_ERR_STATUS_SQ_DMA_MASK));
	wait_reg(CARD_Q_REG(6, CARD_Q_STATUS), CARD_Q_STATUS_ERROR_MASK, CARD_Q_STATUS_ERROR_MASK);
	/* the entry that could not be read: SQ base + slot 0 */
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_ADDR_HI), 0x77);
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_ADDR_LO), 0x40000000);
	assert_true(card_rd(dev, CARD_Q_REG(6, CARD_Q_STATUS)) & CARD_Q_STATUS_ERROR_MASK);

	/* a good SQ but an unmapped CQ */
	card_wr(dev, CARD_ERR_ERR_STATUS, 0xffffffff);
	assert_int_equal(card_qp_create(&qp, dev, 7, 2, 2, 0), 0);
	card_wr(dev, CARD_Q_REG(7, CARD_Q_CFG), 0);
	card_wr(dev, CARD_Q_REG(7, CARD_Q_CQ_BASE_HI), 0x79);
	dev->ops->doorbell(dev, CARD_DB_SQ_TAIL + 8 * 7, 0);
	card_wr(dev, CARD_Q_REG(7, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (2u << 4) | 2u);
	card_qp_next(&qp)->opcode = 0x7f;
	card_qp_ring(&qp);
	assert_true(wait_reg(CARD_ERR_ERR_STATUS, CARD_ERR_ERR_STATUS_CQ_DMA_MASK, CARD_ERR_ERR_STATUS_CQ_DMA_MASK));
	assert_int_equal(card_rd(dev, CARD_Q_REG(7, CARD_Q_CQ_TAIL)), 0);
	/* the completion that could not be written: CQ base + slot 0 */
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_QUEUE), 7);
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_ADDR_HI), 0x79);
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_ADDR_LO), card_rd(dev, CARD_Q_REG(7, CARD_Q_CQ_BASE_LO)));
	card_qp_destroy(&qp);
}

static uint64_t irq_count(unsigned vec)
{
	uint64_t v = 0;
	struct pollfd p = { dev->ops->irq_fd(dev, vec), POLLIN, 0 };
	if (poll(&p, 1, 0) == 1 && read(p.fd, &v, sizeof(v)) != sizeof(v))
		v = 0;
	return v;
}

static void submit_bad(struct card_qp *qp, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		card_qp_next(qp)->opcode = 0x7f;
	card_qp_ring(qp);
}

static uint32_t card_irqs(void)
{
	uint32_t lo = card_rd(dev, CARD_CNT_IRQS_LO);
	card_rd(dev, CARD_CNT_IRQS_HI);
	return lo;
}

/* Until at least n card interrupts since `before` (bounded, 60 s). */
static void wait_irqs(uint32_t before, uint32_t n)
{
	for (int i = 0; i < 60000 && card_irqs() - before < n; i++)
		sleep_ms(1);
}

static void test_interrupts_and_coalescing(void **state)
{
	struct card_qp qp;
	struct card_cqe c[64];
	uint32_t before;
	struct pollfd p;
	(void)state;

	/* every completion: the eventfd fires */
	assert_int_equal(card_qp_create(&qp, dev, 8, 6, 6, CARD_Q_IRQ_ENABLE_MASK | (1u << 8)), 0);
	irq_count(8);
	p = (struct pollfd){ dev->ops->irq_fd(dev, 8), POLLIN, 0 };
	submit_bad(&qp, 1);
	assert_int_equal(poll(&p, 1, 60000), 1);   /* bounded, not timed: the card may be starved */
	assert_true(irq_count(8) >= 1);
	assert_int_equal(reap_n(&qp, c, 1), 1);

	/* count coalescing: 32 completions, one vector per 8 */
	card_wr(dev, CARD_Q_REG(8, CARD_Q_IRQ), CARD_Q_IRQ_ENABLE_MASK | (8u << 8));
	before = card_irqs();
	submit_bad(&qp, 32);
	assert_int_equal(reap_n(&qp, c, 32), 32);
	wait_irqs(before, 4);
	sleep_ms(10);          /* a chance for a wrong fifth */
	assert_int_equal(card_irqs() - before, 4);

	/* time coalescing: 3 completions under a count of 200 still signal
	 * once, after 50 ticks of 16 clocks */
	card_wr(dev, CARD_Q_REG(8, CARD_Q_IRQ_TICK), 16);
	card_wr(dev, CARD_Q_REG(8, CARD_Q_IRQ), CARD_Q_IRQ_ENABLE_MASK | (200u << 8) | (50u << 16));
	irq_count(8);
	before = card_irqs();
	submit_bad(&qp, 3);
	assert_int_equal(poll(&p, 1, 60000), 1);   /* bounded, not timed: the card may be starved */
	assert_int_equal(reap_n(&qp, c, 3), 3);
	wait_irqs(before, 1);
	sleep_ms(10);          /* a chance for a wrong second */
	assert_int_equal(card_irqs() - before, 1);

	/* disabled: nothing */
	card_wr(dev, CARD_Q_REG(8, CARD_Q_IRQ), 0);
	irq_count(8);
	submit_bad(&qp, 5);
	assert_int_equal(reap_n(&qp, c, 5), 5);
	sleep_ms(10);
	assert_int_equal(irq_count(8), 0);
	card_qp_destroy(&qp);
}

/* CONTROL.RESET while entries are in flight: queues come back disabled,
 * the card idle, and a re-created queue works. */
static void test_reset_mid_traffic(void **state)
{
	struct card_qp qp;
	struct card_cqe c[16];
	(void)state;

	assert_int_equal(card_qp_create(&qp, dev, 1, 8, 8, 0), 0);
	submit_bad(&qp, 200);
	card_reset_enable();
	assert_false(card_rd(dev, CARD_Q_REG(1, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	assert_int_equal(card_rd(dev, CARD_Q_REG(1, CARD_Q_CQ_TAIL)), 0);
	assert_true(card_rd(dev, CARD_CTL_STATUS) & CARD_CTL_STATUS_IDLE_MASK);
	assert_int_equal(card_qp_restart(&qp, 0), 0);
	submit_bad(&qp, 16);
	assert_int_equal(reap_n(&qp, c, 16), 16);
	for (int i = 0; i < 16; i++)
		assert_int_equal(c[i].sq_head >= 1, 1);
	card_qp_destroy(&qp);
}

static void test_admin_queue(void **state)
{
	struct card_qp qp;
	struct card_cqe c;
	struct card_sqe *e;
	(void)state;

	if (features & CARD_CAP_FEATURES_MGMT_MASK)
		skip();      /* with a management core, test_card_engine covers the admin commands */
	assert_int_equal(card_qp_create(&qp, dev, 0, 2, 2, 0), 0);
	e = card_qp_next(&qp);
	e->opcode = CARD_ADM_IDENTIFY;
	e->cid = 77;
	card_qp_ring(&qp);
	assert_int_equal(reap_n(&qp, &c, 1), 1);
	assert_int_equal(c.cid, 77);
	assert_int_equal(c.sq_id, 0);
	assert_int_equal(code_of(&c), CARD_STATUS_ADM_NOT_READY);
	card_qp_destroy(&qp);
}

/*
 * The host sees a completion as soon as it is in memory and may ring
 * CQ_HEAD past it before the card's write is acknowledged (on PCIe a
 * memory write is posted: nothing orders it against the doorbell that
 * follows). The card must count the completion from its last beat on, or
 * it takes that doorbell for a head beyond the tail and stops the queue.
 * This group runs a card whose DMA acknowledgements lag 20,000 clocks, far
 * longer than the host needs to see the entry and answer.
 */
static void test_cq_head_before_write_ack(void **state)
{
	struct card_qp qp;
	struct card_cqe c;
	(void)state;

	assert_int_equal(card_qp_create(&qp, dev, 1, 2, 2, 0), 0);
	card_wr(dev, CARD_ERR_ERR_STATUS, 0xffffffff);
	for (uint16_t cid = 1; cid <= 6; cid++) {         /* past one wrap of the 4-entry ring */
		struct card_sqe *e = card_qp_next(&qp);
		assert_non_null(e);
		e->opcode = 0x7f;                        /* answered by the card itself */
		e->cid = cid;
		card_qp_ring(&qp);
		assert_int_equal(reap_n(&qp, &c, 1), 1);  /* reap rings CQ_HEAD at once */
		assert_int_equal(c.cid, cid);
		assert_int_equal(code_of(&c), CARD_STATUS_ERR_BAD_OP);
	}
	assert_int_equal(card_rd(dev, CARD_ERR_ERR_STATUS), 0);
	assert_int_equal(card_rd(dev, CARD_Q_REG(1, CARD_Q_STATUS)) &
			 (CARD_Q_STATUS_ERROR_MASK | CARD_Q_STATUS_ENABLED_MASK), CARD_Q_STATUS_ENABLED_MASK);
	assert_int_equal(qp.bad_cqes, 0);
	card_qp_destroy(&qp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_register_walk, each_setup),
		cmocka_unit_test_setup(test_ring_wrap, each_setup),
		cmocka_unit_test_setup(test_entry_validation, each_setup),
		cmocka_unit_test_setup(test_cq_full_backpressure, each_setup),
		cmocka_unit_test_setup(test_bad_ring_config, each_setup),
		cmocka_unit_test_setup(test_doorbell_past_ring, each_setup),
		cmocka_unit_test_setup(test_unmapped_rings, each_setup),
		cmocka_unit_test_setup(test_interrupts_and_coalescing, each_setup),
		cmocka_unit_test_setup(test_reset_mid_traffic, each_setup),
		cmocka_unit_test_setup(test_admin_queue, each_setup),
	};
	const struct CMUnitTest slow_acks[] = {
		cmocka_unit_test_setup(test_cq_head_before_write_ack, each_setup),
	};
	int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);

	sim_arg = "--dma-ack-latency=20000";
	return failed + cmocka_run_group_tests_name("slow DMA acknowledgements", slow_acks, group_setup,
						    group_teardown);
}
