/*
 * Test bench of the host interface's doorbell checks (hdl/hif_regs.v, two
 * queues) clock by clock, around the enable of a queue. The fetch and
 * completion units are played by the bench as the RTL does them: they keep
 * a queue's SQ head and CQ tail while it is disabled (here 5, left from an
 * earlier life) and clear them at the edge of the clock in which q_init is
 * high. The host writes each doorbell in that clock, right after the enable
 * (a bus may: hif_regs takes a request every clock), and once more a clock
 * later. Each doorbell must be checked against the restarted indices
 * (docs/card-interface.md, Q block): the formal proof of the queue
 * pointers (hdl/formal/prove.sh hif_fetch) found that a CQ_HEAD in the
 * clock after the enable was checked against the old CQ tail, which let a
 * host move the head up to it over completions never written.
 *
 *   tb_hif_regs    (cmocka; no options)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "card_if.h"
#include "hifregs_pins.h"

#define Q        1u          /* the queue under test; queue 0 stays disabled */
#define OLD_IDX  5u          /* its units' indices from an earlier life */
#define SQ_LOG2  2u          /* 4 entries */
#define CQ_LOG2  3u          /* 8 completions */
#define DB_SQ    (CARD_DOORBELL_BASE + 8u * Q)
#define DB_CQ    (CARD_DOORBELL_BASE + 8u * Q + 4u)

static struct hr_pins pins;

static uint16_t idx(uint32_t v)
{
	return (uint16_t)(v >> (16 * Q));
}

/* One clock; the units clear the indices of a queue whose q_init was high. */
static void clk(void)
{
	hr_cycle(&pins);
	for (unsigned q = 0; q < 2; q++)
		if (pins.q_init & (1u << q)) {
			pins.sq_head &= ~(0xffffu << (16 * q));
			pins.cq_tail &= ~(0xffffu << (16 * q));
		}
	hr_eval(&pins);   /* the outputs after the edge */
}

static void wr(uint16_t addr, uint32_t val)
{
	pins.reg_req = 1;
	pins.reg_we = 1;
	pins.reg_addr = addr;
	pins.reg_wdata = val;
	clk();
	pins.reg_req = 0;
	pins.reg_we = 0;
}

static uint32_t rd(uint16_t addr)
{
	pins.reg_req = 1;
	pins.reg_addr = addr;
	clk();
	pins.reg_req = 0;
	assert_true(pins.reg_ack);
	return pins.reg_rdata;
}

/* Reset; queue Q's units hold OLD_IDX; the queue is enabled. After this the
 * clock of q_init is the next one. */
static int enable_queue(void **state)
{
	(void)state;
	pins = (struct hr_pins){ 0 };
	for (int i = 0; i < 4; i++)
		clk();
	pins.rst_n = 1;
	clk();
	pins.sq_head = OLD_IDX << (16 * Q);
	pins.cq_tail = OLD_IDX << (16 * Q);
	wr(CARD_Q_REG(Q, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (CQ_LOG2 << CARD_Q_CFG_CQ_LOG2_SHIFT) |
					  (SQ_LOG2 << CARD_Q_CFG_SQ_LOG2_SHIFT));
	assert_int_equal(pins.q_init, 1u << Q);
	assert_int_equal(pins.q_en, 1u << Q);
	return 0;
}

/* (an idle clock first: ERR_STATUS takes a refused doorbell a clock after it) */
static void expect_ok(void)
{
	clk();
	assert_int_equal(rd(CARD_ERR_ERR_STATUS), 0);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_STATUS)) & (CARD_Q_STATUS_ENABLED_MASK | CARD_Q_STATUS_ERROR_MASK),
			 CARD_Q_STATUS_ENABLED_MASK);
}

static void expect_bad_doorbell(void)
{
	clk();
	assert_int_equal(rd(CARD_ERR_ERR_STATUS), CARD_ERR_ERR_STATUS_DOORBELL_MASK);
	assert_int_equal(rd(CARD_ERR_ERR_QUEUE), Q);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_STATUS)) & (CARD_Q_STATUS_ENABLED_MASK | CARD_Q_STATUS_ERROR_MASK),
			 CARD_Q_STATUS_ERROR_MASK);
}

/* No completion was written since the enable: a CQ head of 3 is past the
 * tail (0), although the old tail (5) was not. */
static void test_cq_head_at_enable(void **state)
{
	(void)state;
	wr(DB_CQ, 3);
	assert_int_equal(idx(pins.cq_head), 0);
	expect_bad_doorbell();
}

static void test_cq_head_zero_at_enable(void **state)
{
	(void)state;
	wr(DB_CQ, 0);
	assert_int_equal(idx(pins.cq_head), 0);
	expect_ok();
}

/* A whole ring (4) may be given at once, from head 0; before, the SQ tail
 * was checked against the old head (5) and refused. */
static void test_sq_tail_at_enable(void **state)
{
	(void)state;
	wr(DB_SQ, 4);
	assert_int_equal(idx(pins.sq_tail), 4);
	expect_ok();
}

static void test_sq_tail_past_ring_at_enable(void **state)
{
	(void)state;
	wr(DB_SQ, OLD_IDX + 1);
	assert_int_equal(idx(pins.sq_tail), 0);
	expect_bad_doorbell();
}

/* A clock later the units' indices are the restarted ones: the checks are
 * the ordinary ones (the CQ head up to the tail the completion unit shows). */
static void test_after_enable(void **state)
{
	(void)state;
	clk();
	wr(DB_SQ, 3);
	pins.sq_head = 2u << (16 * Q);
	pins.cq_tail = 2u << (16 * Q);
	wr(DB_CQ, 2);
	assert_int_equal(idx(pins.sq_tail), 3);
	assert_int_equal(idx(pins.cq_head), 2);
	expect_ok();
	wr(DB_CQ, 3);
	assert_int_equal(idx(pins.cq_head), 2);
	expect_bad_doorbell();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cq_head_at_enable, enable_queue),
		cmocka_unit_test_setup(test_cq_head_zero_at_enable, enable_queue),
		cmocka_unit_test_setup(test_sq_tail_at_enable, enable_queue),
		cmocka_unit_test_setup(test_sq_tail_past_ring_at_enable, enable_queue),
		cmocka_unit_test_setup(test_after_enable, enable_queue),
	};
	int rc;

	hr_open(argc, argv);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	hr_close();
	return rc;
}
