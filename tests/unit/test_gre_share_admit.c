/*
 * pnsd -W N: a worker takes from its hand-over ring no more GRE than its
 * layer above admits (gre_share.c's drain asks gre_sock_admits, pnsd's
 * pns_ppp_rx_admit: room in the worker's MPPE engine). Real raw socket in
 * a network namespace of the test's own (needs root); the reader's loop
 * and worker 1's loop are run in turn on this one thread, so what each
 * has done at every step is known. While worker 1's gate is shut it takes
 * nothing more from its ring (the ring fills, the reader holds back, the
 * socket's buffer keeps the rest); with one batch admitted exactly
 * GRE_BATCH datagrams are delivered; reopened, every datagram arrives in
 * order and none is lost. Issue 18: a worker fed its whole ring to a full
 * engine, which dropped thousands in a row and a stateless MPPE receiver
 * never decrypted again. Mutants: drain never asks the gate (delivers a
 * whole ring at once: 1024 != 32), the gate never reopens (fewer than all
 * arrive).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/evloop.h"
#include "pptp/gre.h"
#include "pptp/gre_share.h"
#include "gre_admit_fixture.h"
#include "gre_netns.h"

#define CALL    9
#define NPKT    (2 * GRE_SHARE_RING + 3 * GRE_BATCH + 5)

static struct gre_share *sh;
static struct ev_loop *loops[2];

/* Iterations of the given loops until done() or a bound against hanging
 * (not a timing test: a correct gate never reaches it). */
static void run_until(bool reader, bool worker, bool (*done)(void))
{
	uint64_t deadline = ev_clock_ms() + 60000;

	while (!done() && ev_clock_ms() < deadline) {
		if (reader)
			ev_run_once(loops[0], worker ? 0 : 10);
		if (worker)
			ev_run_once(loops[1], 0);
	}
}

static bool ring_full(void) { return gre_share_holds(sh, 1) > 0; }
static bool paused(void) { return gre_share_paused(sh, 1) >= 1; }
static bool all_in(void) { return got >= NPKT; }

static void test_worker_gate(void **state)
{
	uint32_t lo = htonl(INADDR_LOOPBACK);
	struct gre_sock *gs;
	int tx;

	(void)state;
	own_netns_with_lo();
	loops[0] = ev_loop_new();
	loops[1] = ev_loop_new();
	assert_non_null(loops[0]);
	assert_non_null(loops[1]);
	sh = gre_share_open(loops, 2, 0);
	assert_non_null(sh);
	gs = gre_share_sock(sh, 1);
	gre_session_init(&sess, gs, &ops, lo, CALL, 1024, 1000);
	sess.peer_call_id = CALL;
	assert_int_equal(gre_session_start(&sess), 0);
	gre_share_assign(sh, CALL, 1);
	gre_sock_set_admit(gs, admit, &sess);

	tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	assert_true(tx >= 0);
	for (uint32_t seq = 1; seq <= NPKT; seq++) {
		uint8_t pkt[GRE_HDR_MAX + 4];
		size_t hl = gre_build(pkt, CALL, 4, true, seq, false, 0);

		memcpy(pkt + hl, &seq, 4);
		send_gre(tx, pkt, hl + 4);
	}

	/* the reader alone: it fills worker 1's ring and holds back */
	run_until(true, false, ring_full);
	assert_int_equal(gre_share_handed(sh, 1), GRE_SHARE_RING);
	assert_int_equal(got, 0);

	/* one batch admitted, then the gate shuts: exactly one batch taken */
	budget = 1;
	run_until(false, true, paused);
	assert_int_equal(gre_share_paused(sh, 1), 1);
	assert_int_equal(got, GRE_BATCH);
	/* shut: more iterations of both loops take nothing more from the ring
	 * (asking again is not another pause), and the reader reads nothing
	 * more than the ring's room */
	for (int i = 0; i < 20; i++) {
		ev_run_once(loops[0], 1);
		ev_run_once(loops[1], 1);
	}
	assert_int_equal(got, GRE_BATCH);
	assert_int_equal(gre_share_paused(sh, 1), 1);
	assert_true(gre_share_handed(sh, 1) <= GRE_SHARE_RING + GRE_BATCH);

	/* open again: the rest arrives, none lost, in order */
	budget = -1;
	run_until(true, true, all_in);
	assert_int_equal(got, NPKT);
	assert_true(in_order);
	assert_int_equal(sess.st.rx_lost, 0);

	close(tx);
	gre_session_stop(&sess);
	gre_share_close(sh);
	ev_loop_free(loops[0]);
	ev_loop_free(loops[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker_gate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
