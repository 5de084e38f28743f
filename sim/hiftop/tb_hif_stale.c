/*
 * Test bench of the host interface (hdl/hif_top.v, no management core)
 * clock by clock: an engine result that comes back after its queue was
 * disabled, or disabled and enabled again, must not be written to host
 * memory at all (neither its output at DST nor a completion) and must not
 * count in the CQ tail. Before the fetch unit marked such an engine tag
 * stale, a result of the queue's earlier life that reached the completion
 * unit after the re-enable looked live: its completion went into the new
 * ring as its first entry, one the host never asked for (issue 14, "A
 * known hole" in docs/rtl-verification.md). The bench plays host memory
 * (the DMA ports, answering each read in order, 8 octets a clock) and the
 * engine (it takes the operation and answers when the test says).
 * Also: completions of two queues back to back each go to their own
 * queue's CQ slot (the completion unit keeps each queue's slot in a
 * register a clock behind its tail, hdl/hif_cpl.v).
 *
 *   tb_hif_stale [TEST]    (cmocka; TEST: only the tests whose names match it)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "card_if.h"
#include "hiftop_pins.h"

#define Q        1u          /* the queue under test */
#define SQ_LOG2  2u
#define CQ_LOG2  3u
#define SQ_BASE  0x10000ull
#define CQ_BASE  0x20000ull
#define SRC      0x30000ull
#define DST      0x40000ull
#define IN_LEN   8u
#define OUT_LEN  10u         /* an encrypted 8-octet payload: MPPE header + 8 */
#define DB_SQ    (CARD_DOORBELL_BASE + 8u * Q)
#define Q2       2u          /* a second queue: its one entry is not valid */
#define SQ2_BASE 0x50000ull  /* read as host memory's filler: opcode 0xef */
#define CQ2_BASE 0x60000ull
#define DB_SQ2   (CARD_DOORBELL_BASE + 8u * Q2)
#define CFG_ON   (CARD_Q_CFG_ENABLE_MASK | (CQ_LOG2 << CARD_Q_CFG_CQ_LOG2_SHIFT) | (SQ_LOG2 << CARD_Q_CFG_SQ_LOG2_SHIFT))

static struct ht_pins pins;

/* host memory: DMA reads in flight, answered in order */
static struct { uint64_t addr; uint16_t len; uint8_t tag; } rq[16];
static unsigned rq_n, rq_beat;
/* DMA writes: the first address of each burst */
static uint64_t wr_addr[16];
static unsigned wr_n, wr_beat, wr_rsp_in;
/* the engine: operations taken (tag of the last), result beats to give */
static unsigned eng_ops, out_beats, out_sent;
static uint16_t eng_tag;

static uint64_t mem64(uint64_t a)
{
	if (a >= SQ_BASE && a < SQ_BASE + (64u << SQ_LOG2)) {
		unsigned k = (unsigned)(a - SQ_BASE) / 64u, w = (unsigned)(a - SQ_BASE) % 64u / 8u;
		switch (w) {
		case 0: /* opcode, flags, cid, flow 3 */
			return CARD_OPC_ENCRYPT | ((uint64_t)(0x100u + k) << 16) | (3ull << 32);
		case 1: return SRC;
		case 2: return DST;
		case 3: return IN_LEN | ((uint64_t)64u << 16);   /* in_len, out_cap */
		default: return 0;
		}
	}
	return 0x0123456789abcdefull ^ a;
}

static void clk(void)
{
	/* this clock's inputs from the models */
	pins.dmar_req_ready = 1;
	pins.dmaw_ready = 1;
	pins.in_ready = 1;
	pins.dmar_rsp_valid = rq_n != 0;
	if (rq_n) {
		pins.dmar_rsp_tag = rq[0].tag;
		pins.dmar_rsp_data = mem64(rq[0].addr + 8u * rq_beat);
		pins.dmar_rsp_last = 8u * (rq_beat + 1) >= rq[0].len;
		pins.dmar_rsp_err = 0;
	}
	pins.dmaw_rsp_valid = wr_rsp_in == 1;
	pins.dmaw_rsp_err = 0;
	pins.out_valid = out_sent < out_beats;
	pins.out_tag = eng_tag;
	pins.out_flow = 3;
	pins.out_op = CARD_OPC_ENCRYPT;
	pins.out_status = 0;
	pins.out_flags = 0;
	pins.out_ccount = 0;
	pins.out_len = OUT_LEN;
	pins.out_data = out_sent;
	pins.out_last = out_sent + 1 == out_beats;
	ht_eval(&pins);
	/* the handshakes of this clock */
	if (wr_rsp_in)
		wr_rsp_in--;
	if (pins.dmar_req_valid && pins.dmar_req_ready) {
		assert_true(rq_n < 16);
		rq[rq_n].addr = pins.dmar_req_addr;
		rq[rq_n].len = pins.dmar_req_len;
		rq[rq_n].tag = pins.dmar_req_tag;
		rq_n++;
	}
	if (pins.dmar_rsp_valid && pins.dmar_rsp_ready) {
		if (pins.dmar_rsp_last) {
			memmove(&rq[0], &rq[1], (rq_n - 1) * sizeof rq[0]);
			rq_n--;
			rq_beat = 0;
		} else {
			rq_beat++;
		}
	}
	if (pins.dmaw_valid && pins.dmaw_ready) {
		if (wr_beat++ == 0 && wr_n < 16)
			wr_addr[wr_n++] = pins.dmaw_addr;
		if (pins.dmaw_last) {
			wr_beat = 0;
			wr_rsp_in = 2;
		}
	}
	if (pins.in_valid && pins.in_ready && pins.in_last) {
		eng_ops++;
		eng_tag = pins.in_tag;
	}
	if (pins.out_valid && pins.out_ready)
		out_sent++;
	ht_cycle(&pins);
}

static void clks(unsigned n)
{
	while (n--)
		clk();
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
	ht_eval(&pins);
	assert_true(pins.reg_ack);
	return pins.reg_rdata;
}

/* Reset, the card and queue Q enabled, one entry given; returns when the
 * engine has taken its operation (its result not given yet). */
static int one_op_in_engine(void **state)
{
	(void)state;
	pins = (struct ht_pins){ 0 };
	rq_n = rq_beat = wr_n = wr_beat = wr_rsp_in = 0;
	eng_ops = out_beats = out_sent = 0;
	clks(4);
	pins.rst_n = 1;
	clks(2);
	wr(CARD_CTL_CONTROL, CARD_CTL_CONTROL_ENABLE_MASK);
	wr(CARD_Q_REG(Q, CARD_Q_SQ_BASE_LO), (uint32_t)SQ_BASE);
	wr(CARD_Q_REG(Q, CARD_Q_CQ_BASE_LO), (uint32_t)CQ_BASE);
	wr(CARD_Q_REG(Q, CARD_Q_CFG), CFG_ON);
	wr(DB_SQ, 1);
	for (unsigned i = 0; i < 200 && eng_ops == 0; i++)
		clk();
	assert_int_equal(eng_ops, 1);
	clks(10);
	assert_int_equal(wr_n, 0);
	return 0;
}

/* The engine answers the operation it holds; the bench runs until the
 * host interface has taken every beat and gone quiet. */
static void result(void)
{
	out_beats = (OUT_LEN + 7) / 8;
	out_sent = 0;
	for (unsigned i = 0; i < 200 && out_sent < out_beats; i++)
		clk();
	assert_int_equal(out_sent, out_beats);
	clks(50);
}

/* The control case: a live result is written to DST and completed. */
static void test_live(void **state)
{
	(void)state;
	result();
	assert_int_equal(wr_n, 2);
	assert_int_equal(wr_addr[0], DST);
	assert_int_equal(wr_addr[1], CQ_BASE);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_CQ_TAIL)), 1);
}

/* Disabled and enabled again while the operation was in the engine: the
 * new ring gets nothing (before: a completion in its slot 0, CQ tail 1). */
static void test_reenabled(void **state)
{
	(void)state;
	wr(CARD_Q_REG(Q, CARD_Q_CFG), 0);
	clks(3);
	wr(CARD_Q_REG(Q, CARD_Q_CFG), CFG_ON);
	clks(3);
	result();
	assert_int_equal(wr_n, 0);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_CQ_TAIL)), 0);
}

/* The same, enabled again in the clock right after the disable. */
static void test_reenabled_at_once(void **state)
{
	(void)state;
	wr(CARD_Q_REG(Q, CARD_Q_CFG), 0);
	wr(CARD_Q_REG(Q, CARD_Q_CFG), CFG_ON);
	result();
	assert_int_equal(wr_n, 0);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_CQ_TAIL)), 0);
}

/* Disabled only: no completion (as before), and no output written to DST
 * either (before: written, for a request the host had given up). */
static void test_disabled(void **state)
{
	(void)state;
	wr(CARD_Q_REG(Q, CARD_Q_CFG), 0);
	clks(3);
	result();
	assert_int_equal(wr_n, 0);
}

/* The new life's own operation, taken by the engine while the stale one is
 * still there, is completed as usual once the stale one has drained: the
 * stale mark is the old tag's alone. */
static void test_new_life_after_stale(void **state)
{
	uint16_t old_tag = eng_tag;

	(void)state;
	wr(CARD_Q_REG(Q, CARD_Q_CFG), 0);
	wr(CARD_Q_REG(Q, CARD_Q_CFG), CFG_ON);
	wr(DB_SQ, 1);
	for (unsigned i = 0; i < 200 && eng_ops == 1; i++)
		clk();
	assert_int_equal(eng_ops, 2);
	assert_int_not_equal(eng_tag, old_tag);
	uint16_t new_tag = eng_tag;
	eng_tag = old_tag;
	result();
	assert_int_equal(wr_n, 0);
	eng_tag = new_tag;
	result();
	assert_int_equal(wr_n, 2);
	assert_int_equal(wr_addr[0], DST);
	assert_int_equal(wr_addr[1], CQ_BASE);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_CQ_TAIL)), 1);
}

/* Queue Q's result completed (its CQ tail 1), then an entry of queue Q2
 * that fails its checks: the fetch unit hands the completion unit its
 * error completion, which goes straight to the CQ entry, and it must land
 * in Q2's slot 0. A completion unit that kept one slot register for the
 * queue it served last (a clock behind its queue choice) wrote it to
 * Q2's slot 1, Q's tail. */
static void test_two_queues_back_to_back(void **state)
{
	(void)state;
	result();
	assert_int_equal(wr_n, 2);
	assert_int_equal(wr_addr[1], CQ_BASE);
	wr(CARD_Q_REG(Q2, CARD_Q_SQ_BASE_LO), (uint32_t)SQ2_BASE);
	wr(CARD_Q_REG(Q2, CARD_Q_CQ_BASE_LO), (uint32_t)CQ2_BASE);
	wr(CARD_Q_REG(Q2, CARD_Q_CFG), CFG_ON);
	wr(DB_SQ2, 1);
	for (unsigned i = 0; i < 300 && wr_n < 3; i++)
		clk();
	clks(20);
	assert_int_equal(wr_n, 3);
	assert_int_equal(wr_addr[2], CQ2_BASE);
	assert_int_equal(rd(CARD_Q_REG(Q2, CARD_Q_CQ_TAIL)), 1);
	assert_int_equal(rd(CARD_Q_REG(Q, CARD_Q_CQ_TAIL)), 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_live, one_op_in_engine),
		cmocka_unit_test_setup(test_reenabled, one_op_in_engine),
		cmocka_unit_test_setup(test_reenabled_at_once, one_op_in_engine),
		cmocka_unit_test_setup(test_disabled, one_op_in_engine),
		cmocka_unit_test_setup(test_new_life_after_stale, one_op_in_engine),
		cmocka_unit_test_setup(test_two_queues_back_to_back, one_op_in_engine),
	};
	int rc;

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	ht_open(argc, argv);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	ht_close();
	return rc;
}
