/*
 * libFuzzer: the GRE receive path. The input is a series of datagrams
 * (2-byte big-endian length, then the bytes) fed as raw-socket reads to a
 * socket with two sessions (one per peer address, same call ID), exercising
 * the IPv4/GRE parsers, demultiplexing, sequence/ack/reorder logic and the
 * timers (the loop is run between datagrams). The call ID gre_share hands
 * datagrams over on (gre_datagram_call_id) must be the one gre_parse finds
 * whenever it accepts the datagram.
 */
#include <stdint.h>
#include <string.h>

#include "common/evloop.h"
#include "pptp/gre.h"

static void tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	(void)arg; (void)dst; (void)p; (void)len;
}
static size_t total;
static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	(void)s;
	if (len)
		total += f[0];
	/* answering traffic exercises piggybacked acks */
	gre_session_send(s, (const uint8_t *)"\xff\x03\x00\x21", 4);
}
static void alarm_cb(struct gre_session *s, bool set) { (void)s; (void)set; }
static const struct gre_session_ops ops = { .deliver = deliver, .alarm = alarm_cb };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_loop *loop = ev_loop_new();
	struct gre_sock *gs = gre_sock_open_virtual(loop, tx, NULL);
	struct gre_session a, b;
	size_t off = 0;

	gre_session_init(&a, gs, &ops, 0x0200000a, 0x1234, 4, 100);
	gre_session_init(&b, gs, &ops, 0x0300000a, 0x1234, 16, 100);
	a.peer_call_id = b.peer_call_id = 7;
	gre_session_start(&a);
	gre_session_start(&b);
	while (off + 2 <= size) {
		size_t n = (size_t)(data[off] << 8 | data[off + 1]);
		off += 2;
		if (n > size - off)
			n = size - off;
		{
			uint32_t src;
			const uint8_t *g;
			size_t glen;
			struct gre_hdr h;
			int id = gre_datagram_call_id(data + off, n);

			if (gre_parse_ipv4(data + off, n, &src, &g, &glen) == 0 && gre_parse(g, glen, &h) == GRE_OK &&
			    id != h.call_id)
				__builtin_trap();
		}
		gre_sock_input(gs, data + off, n);
		off += n;
		ev_run_once(loop, 0);
	}
	gre_session_stop(&a);
	gre_session_stop(&b);
	gre_sock_close(gs);
	ev_loop_free(loop);
	return 0;
}
