/*
 * Faults through the whole stack (engine API, vfio-user, cardsim):
 *   - a card reset in the middle of traffic: every operation in flight
 *     completes (MPPE_ERR_DEVICE or its real result), the flows come back
 *     under their IDs, and traffic goes on;
 *   - a queue the card stopped, and a card that stops answering (timeout),
 *     with operations in flight: the driver recovers; a card working slowly
 *     through its ring (stopped between completions) is not taken for hung;
 *   - a queue stopped on a card two engines share (pnsd -W 2): the engine
 *     that finds it fails the card for the other, which gives it up too;
 *   - a driver killed in the middle of traffic: cardsim survives, resets the
 *     card and serves the next driver;
 *   - cardsim killed in the middle of traffic: the driver reports the card
 *     lost (ENODEV), completes what was in flight with MPPE_ERR_DEVICE, and
 *     neither hangs nor touches freed memory;
 *   - the driver's own checks: oversized operations, flows out of range or destroyed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "card/card_dev.h"
#include "card/card_engine.h"
#include "card_if.h"
#include "cardsim_proc.h"
#include "mppe/engine.h"

#define NOPS 64

static struct cardsim_proc sim;

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int start_sim(void **state)
{
	(void)state;
	return cardsim_start(&sim, NULL);
}

/* Every test ends with cardsim stopped, even a failed one (woken first: a
 * test that failed while it held cardsim with SIGSTOP). */
static int stop_sim(void **state)
{
	(void)state;
	if (sim.pid > 0) {
		kill(sim.pid, SIGCONT);
		cardsim_stop(&sim, 0);
	}
	return 0;
}

static uint32_t make_flow(struct mppe_engine *e, enum mppe_dir dir)
{
	struct mppe_flow_params p = { .dir = dir, .key_bits = 128, .stateful = false };
	uint32_t f = 0;
	memset(p.start_key, 0x5a, sizeof(p.start_key));
	assert_int_equal(mppe_flow_create(e, &p, &f), 0);
	return f;
}

static uint8_t in[NOPS][1400], out[NOPS][1410];

static unsigned submit_some(struct mppe_engine *e, uint32_t flow, unsigned n, uint64_t base)
{
	struct mppe_op ops[NOPS];
	int r;
	for (unsigned i = 0; i < n; i++) {
		in[i][0] = 0;
		in[i][1] = 0x21;
		ops[i] = (struct mppe_op){ .cookie = base + i, .flow = flow, .opcode = MPPE_OP_ENCRYPT,
					   .in = in[i], .in_len = 1400, .out = out[i], .out_cap = 1410 };
	}
	r = mppe_submit(e, ops, n);
	assert_true(r > 0);
	return (unsigned)r;
}

/* Collects n completions within limit_ms; returns how many were errors. */
static unsigned collect(struct mppe_engine *e, unsigned n, unsigned limit_ms, unsigned *ok)
{
	struct mppe_completion c[NOPS];
	unsigned got = 0, errs = 0;
	for (unsigned t = 0; got < n && t < limit_ms; t++) {
		int r = mppe_poll(e, c, NOPS);
		assert_true(r >= 0);
		for (int i = 0; i < r; i++) {
			if (c[i].status == MPPE_OK)
				(*ok)++;
			else
				errs++;
		}
		got += (unsigned)r;
		if (!r)
			sleep_ms(1);
	}
	assert_int_equal(got, n);
	return errs;
}

/* The engine with its operation timeout set to ms (read when it opens). */
static struct mppe_engine *open_with_timeout(const char *ms)
{
	struct mppe_engine *e;

	setenv("MPPE_CARD_TIMEOUT_MS", ms, 1);
	e = mppe_engine_open(cardsim_spec(&sim));
	unsetenv("MPPE_CARD_TIMEOUT_MS");
	assert_non_null(e);
	return e;
}

/* After a recovery: the flow is back under its ID and 8 packets go through. */
static void assert_flow_works(struct mppe_engine *e, uint32_t f)
{
	unsigned ok = 0, n = submit_some(e, f, 8, 100);

	assert_int_equal(collect(e, n, 20000, &ok), 0);
	assert_int_equal(ok, 8);
}

static void test_reset_mid_traffic(void **state)
{
	struct mppe_engine *e;
	struct card_engine_stats st;
	uint32_t f, f2;
	unsigned n, ok = 0, errs;
	(void)state;

	e = mppe_engine_open(cardsim_spec(&sim));
	assert_non_null(e);
	f = make_flow(e, MPPE_DIR_TX);
	f2 = make_flow(e, MPPE_DIR_RX);
	/* 8 packets counted and read before the reset */
	n = submit_some(e, f, 8, 1000);
	assert_int_equal(collect(e, n, 20000, &ok), 0);
	{
		struct mppe_counters c;
		assert_int_equal(mppe_flow_read_counters(e, f, &c), 0);
		assert_int_equal(c.packets, 8);
	}
	ok = 0;
	n = submit_some(e, f, NOPS, 0);
	sleep_ms(5);
	assert_int_equal(card_engine_reset(e), 0);
	errs = collect(e, n, 20000, &ok);
	assert_int_equal(errs + ok, n);
	assert_true(errs > 0);                  /* some were still in flight */
	card_engine_stats(e, &st);
	assert_int_equal(st.resets, 1);
	assert_int_equal(st.failed_ops, errs);
	/* the flows are back under their IDs and work */
	assert_flow_works(e, f);
	{
		struct mppe_counters c;
		/* the card counts from zero again; the driver carries on from
		 * the 8 read before (what completed between that read and the
		 * reset is not counted: docs/driver.md) */
		assert_int_equal(mppe_flow_read_counters(e, f, &c), 0);
		assert_int_equal(c.packets, 8 + 8);
		assert_int_equal(mppe_flow_read_counters(e, f2, &c), 0);
		assert_int_equal(c.dir, MPPE_DIR_RX);
	}
	mppe_engine_close(e);
}

/*
 * A queue the card stopped (here: a doorbell past the ring, written behind
 * the driver's back) never completes its entries. The driver's health
 * check sees ERR_STATUS within 100 ms, not after the operation timeout,
 * and recovers: the operations in flight end with MPPE_ERR_DEVICE and the
 * flow works again.
 */
static void test_queue_stopped(void **state)
{
	struct mppe_engine *e;
	struct card_engine_stats st;
	uint32_t f;
	unsigned n, ok = 0, errs, q;
	(void)state;

	e = open_with_timeout("600000");   /* only the health check can end this */
	f = make_flow(e, MPPE_DIR_TX);
	n = submit_some(e, f, NOPS, 0);
	q = 1 + f % (CARD_NUM_QUEUES - 1);             /* the flow's data queue */
	card_engine_dev(e)->ops->doorbell(card_engine_dev(e), CARD_DB_SQ_TAIL + 8 * q, 0x8000);
	errs = collect(e, n, 20000, &ok);
	assert_int_equal(errs + ok, n);
	assert_true(errs > 0);
	card_engine_stats(e, &st);
	assert_int_equal(st.queue_errors, 1);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(st.resets, 1);
	assert_flow_works(e, f);
	mppe_engine_close(e);
}

/*
 * One card shared by two engines ("SPEC@0/2" and "SPEC@1/2", the two event
 * loops of pnsd -W 2; docs/driver.md "One card, several event loops"): the
 * card stops one of engine 1's queues. Engine 1's health check finds it
 * and, the card being shared, does not reset it under engine 0's queues:
 * it marks the share failed and gives the card up. Engine 0, with nothing
 * in flight (so its own health check never looks), must give it up on its
 * next poll through that mark, so that pnsd moves its flows to software
 * too. check-card-workers' stopped or killed cardsim is lost for both
 * engines at once and never needs the mark; this is the path of one loop
 * finding a timeout, FATAL or a stopped queue alone.
 */
static void test_queue_stopped_shared(void **state)
{
	struct mppe_engine *e[2];
	struct card_engine_stats st;
	struct mppe_completion c[NOPS];
	struct mppe_op op;
	char spec[2][160];
	bool up[2] = { false, false }, lost0 = false;
	uint32_t f0, f1;
	unsigned n, ok = 0, errs, q;
	(void)state;

	setenv("MPPE_CARD_TIMEOUT_MS", "600000", 1);   /* only the health check can end this */
	for (int i = 0; i < 2; i++) {
		snprintf(spec[i], sizeof(spec[i]), "%s@%d/2", cardsim_spec(&sim), i);
		e[i] = mppe_engine_open_start(spec[i]);
		assert_non_null(e[i]);
	}
	unsetenv("MPPE_CARD_TIMEOUT_MS");
	/* the share's bring-up runs from whichever engine's step comes first */
	for (unsigned t = 0; t < 240000 && !(up[0] && up[1]); t++) {
		for (int i = 0; i < 2; i++) {
			int r = up[i] ? 1 : mppe_engine_open_step(e[i]);
			assert_true(r >= 0);
			up[i] = r == 1;
		}
		if (!(up[0] && up[1]))
			sleep_ms(1);
	}
	assert_true(up[0] && up[1]);
	f0 = make_flow(e[0], MPPE_DIR_TX);
	f1 = make_flow(e[1], MPPE_DIR_TX);
	n = submit_some(e[1], f1, NOPS, 0);
	/* engine 1 of 2 has the card's even data queues, a flow the one at
	 * flow mod its count */
	q = 2 + 2 * (f1 % ((CARD_NUM_QUEUES - 1) / 2));
	card_engine_dev(e[1])->ops->doorbell(card_engine_dev(e[1]), CARD_DB_SQ_TAIL + 8 * q, 0x8000);
	errs = collect(e[1], n, 20000, &ok);
	assert_int_equal(errs + ok, n);
	assert_true(errs > 0);
	card_engine_stats(e[1], &st);
	assert_int_equal(st.queue_errors, 1);
	assert_true(st.lost);
	/* engine 0 follows within a few polls (20 s: a loaded machine) */
	for (unsigned t = 0; t < 20000 && !lost0; t++) {
		assert_true(mppe_poll(e[0], c, NOPS) >= 0);
		card_engine_stats(e[0], &st);
		lost0 = st.lost;
		if (!lost0)
			sleep_ms(1);
	}
	assert_true(lost0);
	assert_int_equal(st.queue_errors, 0);          /* it did not find the fault itself */
	assert_int_equal(st.resets, 1);
	op = (struct mppe_op){ .cookie = 1, .flow = f0, .opcode = MPPE_OP_ENCRYPT, .in = in[0], .in_len = 40,
			       .out = out[0], .out_cap = sizeof(out[0]) };
	assert_int_equal(mppe_submit(e[0], &op, 1), -1);
	assert_int_equal(errno, ENODEV);
	mppe_engine_close(e[1]);
	mppe_engine_close(e[0]);
}

/*
 * A card that stops answering (cardsim frozen with SIGSTOP) while
 * operations are in flight: they are overdue after MPPE_CARD_TIMEOUT_MS,
 * end with MPPE_ERR_DEVICE, and once the card answers again the driver has
 * reset it and the flow works.
 */
static void test_timeout(void **state)
{
	struct mppe_engine *e;
	struct card_engine_stats st;
	uint32_t f;
	unsigned n, ok = 0, errs;
	pid_t waker;
	(void)state;

	/* 5 s for an operation: short enough to wait for, long enough that the
	 * 8 operations after the recovery finish in it on a loaded machine (with
	 * 1 s they did not, and a second timeout failed the test). The card is
	 * woken at 8 s, well after the driver has seen the timeout. */
	e = open_with_timeout("5000");
	f = make_flow(e, MPPE_DIR_TX);
	n = submit_some(e, f, NOPS, 0);
	kill(sim.pid, SIGSTOP);
	waker = fork();                                 /* wakes the card while the driver recovers */
	assert_true(waker >= 0);
	if (waker == 0) {
		sleep_ms(8000);
		kill(sim.pid, SIGCONT);
		_exit(0);
	}
	errs = collect(e, n, 120000, &ok);
	waitpid(waker, NULL, 0);
	assert_int_equal(errs + ok, n);
	assert_true(errs > 0);
	card_engine_stats(e, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.resets, 1);
	assert_int_equal(st.failed_ops, errs);
	assert_flow_works(e, f);
	mppe_engine_close(e);
}

/* Polls for ms, collecting what completes; returns how many did. */
static unsigned poll_for(struct mppe_engine *e, unsigned ms, unsigned *ok)
{
	struct mppe_completion c[NOPS];
	unsigned got = 0;

	for (unsigned t = 0; t < ms; t++) {
		int r = mppe_poll(e, c, NOPS);
		assert_true(r >= 0);
		for (int i = 0; i < r; i++)
			*ok += c[i].status == MPPE_OK;
		got += (unsigned)r;
		sleep_ms(1);
	}
	return got;
}

/* Lets the stopped card run until one more operation completes. */
static unsigned run_until_one(struct mppe_engine *e, unsigned *ok)
{
	struct mppe_completion c[NOPS];
	int r = 0;

	kill(sim.pid, SIGCONT);
	for (unsigned t = 0; t < 120000000u && r == 0; t++) {
		r = mppe_poll(e, c, NOPS);
		assert_true(r >= 0);
	}
	kill(sim.pid, SIGSTOP);
	for (int i = 0; i < r; i++)
		*ok += c[i].status == MPPE_OK;
	return (unsigned)r;
}

/*
 * A card that works slowly through a full ring is not hung: operations
 * that have waited longer than the timeout, on a queue that completed one
 * less than the timeout ago, are not overdue (slot_overdue; the simulator
 * on a loaded machine is such a card). The card is let run only until one
 * more operation completes, then stopped for half the 3 s timeout, three
 * times, so the last operations wait past the timeout while the queue
 * progresses.
 * Fails on the rule "overdue after the timeout since submission".
 */
static void test_slow_ring_not_overdue(void **state)
{
	struct mppe_engine *e;
	struct card_engine_stats st;
	uint32_t f;
	unsigned n, got = 0, ok = 0;
	struct timespec t0, t1;
	(void)state;

	e = open_with_timeout("3000");
	f = make_flow(e, MPPE_DIR_TX);
	kill(sim.pid, SIGSTOP);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = submit_some(e, f, NOPS, 0);
	got += poll_for(e, 1500, &ok);
	got += run_until_one(e, &ok);
	got += poll_for(e, 1500, &ok);
	got += run_until_one(e, &ok);
	got += poll_for(e, 1500, &ok);
	got += run_until_one(e, &ok);
	got += poll_for(e, 1000, &ok);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	card_engine_stats(e, &st);
	if (st.timeouts || st.resets)
		fail_msg("a card that completed an operation at most 1.5 s ago was taken for hung "
			 "(timeouts %" PRIu64 ", resets %" PRIu64 ")", st.timeouts, st.resets);
	/* the case was built: operations waited past the timeout, in flight */
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 > 3000);
	if (got >= n)
		fail_msg("the card completed all %u operations in its three short runs: no case built", n);
	kill(sim.pid, SIGCONT);
	assert_int_equal(collect(e, n - got, 120000, &ok), 0);
	card_engine_stats(e, &st);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(st.resets, 0);
	assert_int_equal(ok, n);
	mppe_engine_close(e);
}

static void test_driver_killed(void **state)
{
	struct mppe_engine *e = NULL;
	unsigned ok = 0;
	pid_t child;
	int status;
	(void)state;

	int pfd[2];
	char ready;

	assert_int_equal(pipe(pfd), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct mppe_engine *ce = mppe_engine_open(cardsim_spec(&sim));
		uint32_t f;
		if (!ce)
			_exit(1);
		f = make_flow(ce, MPPE_DIR_TX);
		submit_some(ce, f, NOPS, 0);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		pause();                        /* killed here, with traffic in flight */
		_exit(0);
	}
	close(pfd[1]);
	assert_int_equal(read(pfd[0], &ready, 1), 1);
	close(pfd[0]);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	/* the next driver gets a clean card (the server refuses it while it is
	 * still tearing the old one down: retry) */
	for (int i = 0; i < 100 && !e; i++) {
		e = mppe_engine_open(cardsim_spec(&sim));
		if (!e)
			sleep_ms(100);
	}
	assert_non_null(e);
	{
		uint32_t f = make_flow(e, MPPE_DIR_TX);
		unsigned n = submit_some(e, f, 8, 0);
		assert_int_equal(f, 0);             /* the dead driver's flows are gone */
		assert_int_equal(collect(e, n, 20000, &ok), 0);
		assert_int_equal(ok, 8);
	}
	mppe_engine_close(e);
}

static void test_cardsim_killed(void **state)
{
	struct mppe_engine *e;
	struct mppe_completion c[NOPS];
	struct mppe_op op = { 0 };
	unsigned n, got = 0, errs = 0;
	uint32_t f;
	(void)state;

	e = mppe_engine_open(cardsim_spec(&sim));
	assert_non_null(e);
	f = make_flow(e, MPPE_DIR_TX);
	n = submit_some(e, f, NOPS, 0);
	cardsim_stop(&sim, SIGKILL);
	for (int t = 0; t < 20000 && got < n; t++) {
		int r = mppe_poll(e, c, NOPS);
		assert_true(r >= 0);
		for (int i = 0; i < r; i++)
			errs += c[i].status != MPPE_OK;
		got += (unsigned)r;
		if (!r)
			sleep_ms(1);
	}
	assert_int_equal(got, n);
	assert_true(errs > 0);
	/* and the engine says the card is gone */
	op = (struct mppe_op){ .flow = f, .opcode = MPPE_OP_ENCRYPT, .in = in[0], .in_len = 10,
			       .out = out[0], .out_cap = 20 };
	assert_int_equal(mppe_submit(e, &op, 1), -1);
	assert_int_equal(errno, ENODEV);
	assert_int_equal(mppe_flow_create(e, &(struct mppe_flow_params){ .key_bits = 128 }, &f), -1);
	mppe_engine_close(e);
}

static void test_driver_checks(void **state)
{
	struct mppe_engine *e;
	struct mppe_flow_params p = { .dir = MPPE_DIR_RX, .key_bits = 128, .accept_pfc = true };
	struct mppe_counters cnt;
	struct mppe_completion c;
	static uint8_t big[4000], o[4100];
	struct mppe_op op;
	uint32_t f;
	(void)state;

	e = mppe_engine_open(cardsim_spec(&sim));
	assert_non_null(e);
	/* an rx flow with PFC accepted: created on the card */
	assert_int_equal(mppe_flow_create(e, &p, &f), 0);
	assert_int_equal(mppe_flow_read_counters(e, f, &cnt), 0);
	assert_int_equal(cnt.dir, MPPE_DIR_RX);
	f = make_flow(e, MPPE_DIR_TX);
	op = (struct mppe_op){ .cookie = 9, .flow = f, .opcode = MPPE_OP_ENCRYPT, .in = big, .in_len = 4000,
			       .out = o, .out_cap = sizeof(o) };
	assert_int_equal(mppe_submit(e, &op, 1), 1);
	assert_int_equal(mppe_poll(e, &c, 1), 1);
	assert_int_equal(c.cookie, 9);
	assert_int_equal(c.status, MPPE_ERR_TOO_LONG);
	/* a flow ID beyond the card: the card answers BAD_FLOW */
	op = (struct mppe_op){ .cookie = 10, .flow = 1u << 30, .opcode = MPPE_OP_ENCRYPT, .in = big, .in_len = 40,
			       .out = o, .out_cap = sizeof(o) };
	assert_int_equal(mppe_submit(e, &op, 1), 1);
	for (int t = 0; t < 20000 && mppe_poll(e, &c, 1) == 0; t++)
		sleep_ms(1);
	assert_int_equal(c.cookie, 10);
	assert_int_equal(c.status, MPPE_ERR_BAD_FLOW);
	/* destroy, then use: BAD_FLOW from the card's context */
	assert_int_equal(mppe_flow_destroy(e, f), 0);
	assert_int_equal(mppe_flow_destroy(e, f), -1);
	op.flow = f;
	op.cookie = 11;
	assert_int_equal(mppe_submit(e, &op, 1), 1);
	for (int t = 0; t < 20000 && mppe_poll(e, &c, 1) == 0; t++)
		sleep_ms(1);
	assert_int_equal(c.cookie, 11);
	assert_int_equal(c.status, MPPE_ERR_BAD_FLOW);
	mppe_engine_close(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_driver_checks, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_reset_mid_traffic, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_queue_stopped, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_queue_stopped_shared, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_timeout, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_slow_ring_not_overdue, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_driver_killed, start_sim, stop_sim),
		cmocka_unit_test_setup_teardown(test_cardsim_killed, start_sim, stop_sim),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
