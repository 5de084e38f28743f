/*
 * GRE steering over workers (gre_sock_open_steered): real kernel, real raw
 * sockets, in a network namespace of the test's own (needs root; the
 * namespace goes away with the process). Three steered sockets and one
 * sender on 127.0.0.1: every call ID's packet must arrive once, on the
 * socket of its class (call ID mod 3), and nowhere else; datagrams too
 * short to carry a key arrive on worker 0 only. A filter that is missing,
 * wrong or reads the wrong octets fails it (a packet on the wrong socket
 * is rx_no_session there, a missing one never arrives).
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
#include "gre_netns.h"

#define NW      3
#define NCALLS  300
#define NSHORT  5

static struct gre_session sess[NCALLS];
static unsigned got[NCALLS];             /* deliveries per call ID */
static int got_on[NCALLS];               /* the worker that delivered it */
static int cur_worker;                   /* whose socket is being read */

static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	unsigned id = (unsigned)(s - sess);

	(void)f;
	(void)len;
	got[id]++;
	got_on[id] = cur_worker;
}

static const struct gre_session_ops ops = { .deliver = deliver };

static void test_every_call_on_its_worker(void **state)
{
	struct ev_loop *loop[NW];
	struct gre_sock *gs[NW];
	uint32_t lo = htonl(INADDR_LOOPBACK);
	int tx;
	uint64_t deadline;
	unsigned total = 0;

	(void)state;
	own_netns_with_lo();
	assert_null(gre_sock_open_steered(NULL, 0, 3, 3));   /* worker out of range */
	assert_int_equal(errno, EINVAL);
	for (int w = 0; w < NW; w++) {
		loop[w] = ev_loop_new();
		assert_non_null(loop[w]);
		gs[w] = gre_sock_open_steered(loop[w], 0, (unsigned)w, NW);
		assert_non_null(gs[w]);
	}
	for (unsigned id = 0; id < NCALLS; id++) {
		/* the session's acks go back to its own call ID: its own worker */
		gre_session_init(&sess[id], gs[id % NW], &ops, lo, (uint16_t)id, 64, 1000);
		sess[id].peer_call_id = (uint16_t)id;
		assert_int_equal(gre_session_start(&sess[id]), 0);
	}
	tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	assert_true(tx >= 0);
	for (unsigned id = 0; id < NCALLS; id++) {
		uint8_t pkt[GRE_HDR_MAX + 4];
		size_t hl = gre_build(pkt, (uint16_t)id, 4, true, 1, false, 0);
		memcpy(pkt + hl, "\x45\0\0\0", 4);
		send_gre(tx, pkt, hl + 4);
	}
	for (int i = 0; i < NSHORT; i++)
		send_gre(tx, (const uint8_t *)"\x30\x81\x88\x0b", 4);   /* no room for a key */

	/* Wait for every datagram (a bound against hanging, not a timing test). */
	deadline = ev_clock_ms() + 60000;
	while (ev_clock_ms() < deadline) {
		total = 0;
		for (int w = 0; w < NW; w++) {
			cur_worker = w;
			ev_run_once(loop[w], 10);
		}
		for (unsigned id = 0; id < NCALLS; id++)
			total += got[id];
		if (total >= NCALLS && gre_sock_stats(gs[0])->rx_bad_gre >= NSHORT)
			break;
	}
	assert_int_equal(total, NCALLS);
	for (unsigned id = 0; id < NCALLS; id++) {
		assert_int_equal(got[id], 1);
		assert_int_equal(got_on[id], (int)(id % NW));
	}
	for (int w = 0; w < NW; w++) {
		const struct gre_sock_stats *st = gre_sock_stats(gs[w]);
		assert_int_equal(st->rx_no_session, 0);          /* nothing of another worker's */
		assert_int_equal(st->rx_bad_gre, w == 0 ? NSHORT : 0);
	}
	close(tx);
	for (unsigned id = 0; id < NCALLS; id++)
		gre_session_stop(&sess[id]);
	for (int w = 0; w < NW; w++) {
		gre_sock_close(gs[w]);
		ev_loop_free(loop[w]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_call_on_its_worker),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
