/*
 * The GRE socket's admission gate (gre_sock_set_admit): real kernel, real
 * raw socket, in a network namespace of the test's own (needs root). While
 * the layer above says it cannot take a batch, nothing is read: the
 * datagrams wait in the kernel's socket buffer and none is lost; once it
 * says yes again the socket is read again, after the next loop iteration,
 * and every datagram arrives in order. With a budget of one batch exactly
 * GRE_BATCH datagrams are read. A gate that is not asked reads everything
 * at once; one that never reopens delivers nothing more (issue 18: pnsd
 * read datagrams its full MPPE engine then dropped, thousands in a row).
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
#include "gre_admit_fixture.h"
#include "gre_netns.h"

#define CALL    7
#define NPKT    (3 * GRE_BATCH + 5)


/* Loop iterations until done() or a bound against hanging (not a timing
 * test: the bound is never reached by a correct gate). */
static void run_until(struct ev_loop *loop, bool (*done)(void), unsigned max_ms)
{
	uint64_t deadline = ev_clock_ms() + max_ms;

	while (!done() && ev_clock_ms() < deadline)
		ev_run_once(loop, 10);
}

static struct gre_sock *gs;
static bool paused(void) { return gre_sock_stats(gs)->rx_paused >= 1; }
static bool all_in(void) { return got >= NPKT; }

static void test_gate(void **state)
{
	struct ev_loop *loop;
	uint32_t lo = htonl(INADDR_LOOPBACK);
	int tx;

	(void)state;
	own_netns_with_lo();
	loop = ev_loop_new();
	assert_non_null(loop);
	gs = gre_sock_open(loop, 0);
	assert_non_null(gs);
	gre_session_init(&sess, gs, &ops, lo, CALL, 1024, 1000);
	sess.peer_call_id = CALL;
	assert_int_equal(gre_session_start(&sess), 0);
	gre_sock_set_admit(gs, admit, &sess);

	tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	assert_true(tx >= 0);
	for (uint32_t seq = 1; seq <= NPKT; seq++) {
		uint8_t pkt[GRE_HDR_MAX + 4];
		size_t hl = gre_build(pkt, CALL, 4, true, seq, false, 0);

		memcpy(pkt + hl, &seq, 4);
		send_gre(tx, pkt, hl + 4);
	}

	/* one batch admitted, then the gate shuts: exactly one batch read */
	budget = 1;
	run_until(loop, paused, 60000);
	assert_int_equal(gre_sock_stats(gs)->rx_paused, 1);
	assert_int_equal(got, GRE_BATCH);
	assert_int_equal(gre_sock_stats(gs)->rx_pkts, GRE_BATCH);
	/* shut: more iterations read nothing (the socket is not watched, and
	 * asking again is not another pause) */
	for (int i = 0; i < 5; i++)
		ev_run_once(loop, 1);
	assert_int_equal(got, GRE_BATCH);
	assert_int_equal(gre_sock_stats(gs)->rx_paused, 1);

	/* open again: the rest arrives, none lost, in order */
	budget = -1;
	run_until(loop, all_in, 60000);
	assert_int_equal(got, NPKT);
	assert_true(in_order);
	assert_int_equal(sess.st.rx_lost, 0);

	close(tx);
	gre_session_stop(&sess);
	gre_sock_close(gs);
	ev_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
