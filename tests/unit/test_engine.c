/* The engine API over the software backend: batches, asynchronous
 * completion through the event fd, ordering, back-pressure, counters. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/engine.h"

static struct mppe_flow_params params(enum mppe_dir dir, unsigned bits, bool stateful)
{
	struct mppe_flow_params p = { .dir = dir, .key_bits = bits, .stateful = stateful };
	for (int i = 0; i < 16; i++)
		p.start_key[i] = (uint8_t)(i * 13 + 1);
	return p;
}

static bool readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	return poll(&pfd, 1, 0) == 1;
}

static void test_open_errors(void **state)
{
	(void)state;
	errno = 0;
	assert_null(mppe_engine_open("nosuch"));
	assert_int_equal(errno, ENOENT);
	assert_null(mppe_engine_open(""));
	assert_null(mppe_engine_open("averyveryverylongbackendname:x"));
}

static void test_batch_roundtrip(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw");
	enum { N = 64 };
	static uint8_t pt[N][600], ct[N][602], back[N][600];
	struct mppe_op ops[N];
	struct mppe_completion c[N];
	uint32_t tx, rx;
	struct mppe_flow_params p;
	(void)state;

	assert_non_null(e);
	assert_string_equal(mppe_engine_label(e), "Software");
	assert_string_equal(mppe_engine_kind(e), "sw");
	assert_true(mppe_engine_max_flows(e) >= 4096);
	p = params(MPPE_DIR_TX, 128, false);
	assert_int_equal(mppe_flow_create(e, &p, &tx), 0);
	p.dir = MPPE_DIR_RX;
	assert_int_equal(mppe_flow_create(e, &p, &rx), 0);
	assert_int_not_equal(tx, rx);

	assert_false(readable(mppe_event_fd(e)));
	for (int i = 0; i < N; i++) {
		pt[i][0] = 0x00;
		pt[i][1] = 0x21;
		memset(pt[i] + 2, i, sizeof(pt[i]) - 2);
		ops[i] = (struct mppe_op){ .cookie = 1000 + (uint64_t)i, .flow = tx,
					   .opcode = MPPE_OP_ENCRYPT, .in = pt[i],
					   .in_len = (uint16_t)(100 + i), .out = ct[i],
					   .out_cap = sizeof(ct[i]) };
	}
	assert_int_equal(mppe_submit(e, ops, N), N);
	assert_int_equal(mppe_inflight(e), N);
	assert_true(readable(mppe_event_fd(e)));
	assert_int_equal(mppe_poll(e, c, N), N);
	mppe_ack_event(e);
	assert_false(readable(mppe_event_fd(e)));
	assert_int_equal(mppe_inflight(e), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(c[i].cookie, 1000 + (uint64_t)i); /* one flow: in order */
		assert_int_equal(c[i].status, MPPE_OK);
		assert_int_equal(c[i].out_len, 102 + i);
		assert_int_equal(c[i].ccount, i);
		assert_true(c[i].flags & MPPE_CF_FLUSHED);
		ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = rx, .opcode = MPPE_OP_DECRYPT,
					   .in = ct[i], .in_len = c[i].out_len, .out = back[i],
					   .out_cap = sizeof(back[i]) };
	}
	/* submit in two batches, poll in small pieces */
	assert_int_equal(mppe_submit(e, ops, 10), 10);
	assert_int_equal(mppe_submit(e, ops + 10, N - 10), N - 10);
	int got = 0;
	while (got < N) {
		int r = mppe_poll(e, c + got, 7);
		assert_true(r > 0);
		got += r;
	}
	assert_int_equal(mppe_poll(e, c, N), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(c[i].status, MPPE_OK);
		assert_int_equal(c[i].out_len, 100 + i);
		assert_memory_equal(back[i], pt[i], 100 + i);
	}
	struct mppe_counters cnt;
	assert_int_equal(mppe_flow_read_counters(e, rx, &cnt), 0);
	assert_int_equal(cnt.packets, N);
	assert_int_equal(cnt.key_changes, N);
	assert_int_equal(mppe_flow_read_counters(e, tx, &cnt), 0);
	assert_int_equal(cnt.next_ccount, N);

	assert_int_equal(mppe_flow_destroy(e, tx), 0);
	assert_int_equal(mppe_flow_destroy(e, tx), -1);
	assert_int_equal(mppe_flow_read_counters(e, tx, &cnt), -1);
	/* an op on a destroyed flow completes with an error */
	ops[0].flow = tx;
	assert_int_equal(mppe_submit(e, ops, 1), 1);
	assert_int_equal(mppe_poll(e, c, 1), 1);
	assert_int_equal(c[0].status, MPPE_ERR_BAD_FLOW);
	/* the freed ID is reused */
	uint32_t again;
	p.dir = MPPE_DIR_TX;
	assert_int_equal(mppe_flow_create(e, &p, &again), 0);
	assert_int_equal(again, tx);
	mppe_engine_close(e);
}

static void test_reset_in_order(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw");
	uint8_t pt[64] = { 0x00, 0x21 }, ct[3][66];
	struct mppe_completion c[3];
	uint32_t tx;
	struct mppe_flow_params p = params(MPPE_DIR_TX, 40, true);
	(void)state;
	assert_int_equal(mppe_flow_create(e, &p, &tx), 0);
	struct mppe_op ops[3] = {
		{ .cookie = 1, .flow = tx, .opcode = MPPE_OP_ENCRYPT, .in = pt, .in_len = 64, .out = ct[0], .out_cap = 66 },
		{ .cookie = 2, .flow = tx, .opcode = MPPE_OP_RESET },
		{ .cookie = 3, .flow = tx, .opcode = MPPE_OP_ENCRYPT, .in = pt, .in_len = 64, .out = ct[2], .out_cap = 66 },
	};
	assert_int_equal(mppe_submit(e, ops, 3), 3);
	assert_int_equal(mppe_poll(e, c, 3), 3);
	assert_int_equal(c[0].status, MPPE_OK);
	assert_false(c[0].flags & MPPE_CF_FLUSHED);
	assert_int_equal(c[1].status, MPPE_OK);
	assert_int_equal(c[2].status, MPPE_OK);
	assert_true(c[2].flags & MPPE_CF_FLUSHED); /* the reset took effect in order */
	assert_true(ct[2][0] & MPPE_BIT_A);
	struct mppe_op bad = { .cookie = 9, .flow = tx, .opcode = 77 };
	assert_int_equal(mppe_submit(e, &bad, 1), 1);
	assert_int_equal(mppe_poll(e, c, 1), 1);
	assert_int_equal(c[0].status, MPPE_ERR_BAD_OP);
	mppe_engine_close(e);
}

static void test_backpressure(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw");
	enum { N = 5000 };
	struct mppe_op *ops = calloc(N, sizeof(*ops));
	struct mppe_completion *c = calloc(N, sizeof(*c));
	uint32_t tx;
	struct mppe_flow_params p = params(MPPE_DIR_TX, 128, true);
	(void)state;
	assert_int_equal(mppe_flow_create(e, &p, &tx), 0);
	for (int i = 0; i < N; i++)
		ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = tx, .opcode = MPPE_OP_RESET };
	int first = mppe_submit(e, ops, N);
	assert_true(first > 0 && first < N); /* the completion queue is full */
	assert_int_equal(mppe_submit(e, ops + first, N - first), 0);
	assert_int_equal(mppe_poll(e, c, N), first);
	assert_int_equal(mppe_submit(e, ops + first, N - first), N - first);
	assert_int_equal(mppe_poll(e, c, N), N - first);
	assert_int_equal(c[0].cookie, (uint64_t)first);
	free(ops);
	free(c);
	mppe_engine_close(e);
}

static void test_bad_flow_params(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw");
	struct mppe_flow_params p = params(MPPE_DIR_TX, 48, false);
	uint32_t f;
	(void)state;
	assert_int_equal(mppe_flow_create(e, &p, &f), -1);
	assert_int_equal(errno, EINVAL);
	p.key_bits = 128;
	p.first_ccount = 5000;
	assert_int_equal(mppe_flow_create(e, &p, &f), -1);
	mppe_engine_close(e);
}

static void test_many_flows(void **state)
{
	struct mppe_engine *e = mppe_engine_open("sw");
	struct mppe_flow_params p = params(MPPE_DIR_RX, 128, false);
	enum { N = 5000 };
	uint32_t *ids = calloc(N, sizeof(*ids));
	(void)state;
	for (int i = 0; i < N; i++)
		assert_int_equal(mppe_flow_create(e, &p, &ids[i]), 0);
	for (int i = 0; i < N; i += 2)
		assert_int_equal(mppe_flow_destroy(e, ids[i]), 0);
	mppe_engine_close(e); /* closes with live flows: no leak under ASan */
	free(ids);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_batch_roundtrip),
		cmocka_unit_test(test_reset_in_order),
		cmocka_unit_test(test_backpressure),
		cmocka_unit_test(test_bad_flow_params),
		cmocka_unit_test(test_many_flows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
