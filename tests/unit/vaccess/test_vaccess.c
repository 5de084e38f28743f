/*
 * Virtual-access interfaces with a real TUN device, in a private network
 * namespace of this test process (unshare: nothing outside is touched and
 * everything goes when the process exits). A pnsd-side context (one shared
 * TUN) and a client-side context without TUN are joined by a memory link;
 * the kernel's own UDP and TCP sockets send through the TUN.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/evloop.h"
#include "mppe/engine.h"
#include "vaccess/tun.h"
#include "vaccess/vaccess.h"

#define SRV_ADDR 0x0A000001u   /* 10.0.0.1 */
#define CLI_ADDR 0x0A00000Au   /* 10.0.0.10 */

/* ---- a memory link between two sessions, delivered from the loop ---- */
struct mlink {
	struct va_session *self, *peer_s;
	struct mlink *peer;
	uint8_t q[256][2100];
	uint16_t len[256];
	unsigned h, t;
	struct ev_timer kick;
	struct ev_loop *loop;
	int closed;
};

static void mlink_deliver(struct ev_loop *loop, struct ev_timer *t)
{
	struct mlink *l = t->arg;

	(void)loop;
	while (l->h != l->t && l->self) {
		unsigned i = l->h++ % 256;

		va_session_input(l->self, l->q[i], l->len[i]);
	}
}

static int mlink_send(void *link, const uint8_t *f, size_t n)
{
	struct mlink *to = ((struct mlink *)link)->peer;

	if (to->t - to->h == 256 || n > 2100)
		return -1;
	memcpy(to->q[to->t % 256], f, n);
	to->len[to->t % 256] = (uint16_t)n;
	to->t++;
	ev_defer(to->loop, &to->kick);
	return 0;
}

static void mlink_close(void *link)
{
	struct mlink *l = link;

	l->closed++;
	l->self = NULL;
	if (l->peer->self)
		va_session_link_down(l->peer->self);
	l->peer->self = NULL;
}

static const struct va_link_ops mlink_ops = { .send = mlink_send, .close = mlink_close };

/* ---- fixture ---- */
struct fx {
	struct ev_loop *loop;
	struct mppe_engine *engine;
	struct ppp_userdb *db;
	struct ppp_authenticator authr;
	struct ppp_pool *pool;
	struct va_ctx *srv, *cli;
	struct mlink a, b;          /* a: server side, b: client side */
	int up;
	uint8_t last_ip[2048];
	size_t last_len;
	unsigned ip_n;
};

static struct fx F;

static void on_event(void *arg, struct va_session *s, enum ppp_event ev, const char *reason)
{
	(void)arg;
	(void)s;
	(void)reason;
	if (ev == PPP_EV_NETWORK_UP)
		F.up++;
}

static void on_ip(void *arg, struct va_session *s, const uint8_t *pkt, size_t len)
{
	(void)arg;
	(void)s;
	memcpy(F.last_ip, pkt, len);
	F.last_len = len;
	F.ip_n++;
}

static void run(int ms, bool (*done)(void))
{
	uint64_t end = ev_clock_ms() + (uint64_t)ms;

	while (ev_clock_ms() < end && !(done && done()))
		ev_run_once(F.loop, 5);
}

static bool both_up(void) { return F.up >= 2; }

static void connect_pair(void)
{
	struct ppp_config sc, cc;

	ppp_config_defaults(&sc, true);
	sc.mppe.strength = PPP_MPPE_128;
	sc.mppe.required = true;
	sc.local_addr = SRV_ADDR;
	sc.pool = F.pool;
	ppp_config_defaults(&cc, false);
	cc.mppe.strength = PPP_MPPE_AUTO;
	snprintf(cc.user, sizeof(cc.user), "alice");
	snprintf(cc.password, sizeof(cc.password), "secret-Pass1");
	memset(&F.a, 0, sizeof(F.a));
	memset(&F.b, 0, sizeof(F.b));
	F.a.peer = &F.b;
	F.b.peer = &F.a;
	F.a.loop = F.b.loop = F.loop;
	ev_timer_init(&F.a.kick, mlink_deliver, &F.a);
	ev_timer_init(&F.b.kick, mlink_deliver, &F.b);
	F.up = 0;
	F.a.self = va_session_new(F.srv, &sc, &F.authr, &mlink_ops, &F.a);
	F.b.self = va_session_new(F.cli, &cc, NULL, &mlink_ops, &F.b);
	assert_non_null(F.a.self);
	assert_non_null(F.b.self);
	run(3000, both_up);
	assert_int_equal(F.up, 2);
}

static int setup(void **state)
{
	struct va_options so = { .mode = VA_SERVER, .tun_name = "tpns%d", .tun_addr = SRV_ADDR };
	struct va_options co = { .mode = VA_CLIENT_NOTUN };
	struct va_hooks h = { .on_event = on_event, .on_ip = on_ip };
	int lo;

	(void)state;
	if (unshare(CLONE_NEWNET) < 0) {
		print_message("unshare(CLONE_NEWNET): %s (needs root)\n", strerror(errno));
		return -1;
	}
	/* loopback up in the new namespace */
	lo = system("ip link set lo up");
	(void)lo;
	memset(&F, 0, sizeof(F));
	F.loop = ev_loop_new();
	F.engine = mppe_engine_open("sw");
	F.db = ppp_userdb_new();
	ppp_userdb_add(F.db, "alice", "secret-Pass1");
	ppp_userdb_authenticator(F.db, &F.authr);
	F.pool = ppp_pool_new("default", CLI_ADDR, CLI_ADDR + 9);
	F.srv = va_ctx_new(F.loop, F.engine, &so, &h);
	F.cli = va_ctx_new(F.loop, F.engine, &co, &h);
	if (!F.srv || !F.cli)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	va_ctx_free(F.cli);
	va_ctx_free(F.srv);
	mppe_engine_close(F.engine);
	ppp_userdb_free(F.db);
	ppp_pool_free(F.pool);
	ev_loop_free(F.loop);
	return 0;
}

static int udp_socket(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(addr) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

static bool got_ip(void) { return F.ip_n > 0; }

static uint16_t ip_csum(const uint8_t *h, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i < n; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

/* A UDP datagram from src to dst (UDP checksum 0: allowed for IPv4). */
static size_t make_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		       const char *payload)
{
	size_t pl = strlen(payload), len = 28 + pl;
	uint16_t c;

	memset(p, 0, 28);
	p[0] = 0x45;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
	p[8] = 64;
	p[9] = 17;
	for (int i = 0; i < 4; i++) {
		p[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		p[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	c = ip_csum(p, 20);
	p[10] = (uint8_t)(c >> 8);
	p[11] = (uint8_t)c;
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	p[24] = (uint8_t)((8 + pl) >> 8);
	p[25] = (uint8_t)(8 + pl);
	memcpy(p + 28, payload, pl);
	return len;
}

static void test_udp_both_ways_through_tun(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(6000),
				  .sin_addr.s_addr = htonl(CLI_ADDR) };
	int fd;
	uint8_t pkt[200];
	char buf[64];
	size_t n;
	ssize_t r;
	struct va_session *s;

	(void)state;
	connect_pair();
	s = F.a.self;
	assert_string_equal(va_session_name(s), "Vi1");
	fd = udp_socket(SRV_ADDR, 5000);
	/* host -> TUN -> Vi1 -> MPPE -> client */
	F.ip_n = 0;
	assert_int_equal(sendto(fd, "hello tunnel", 12, 0, (struct sockaddr *)&to, sizeof(to)), 12);
	run(2000, got_ip);
	assert_int_equal(F.ip_n, 1);
	assert_int_equal(F.last_len, 28 + 12);
	assert_memory_equal(F.last_ip + 28, "hello tunnel", 12);
	assert_int_equal(va_session_counters(s)->tun_rx, 1);
	/* client -> MPPE -> Vi1 -> TUN -> host socket */
	n = make_udp(pkt, CLI_ADDR, SRV_ADDR, 6000, 5000, "and back again");
	assert_int_equal(va_session_send_ip(F.b.self, pkt, n), 0);
	run(200, NULL);
	r = recv(fd, buf, sizeof(buf), 0);
	assert_int_equal(r, 14);
	assert_memory_equal(buf, "and back again", 14);
	assert_int_equal(va_session_counters(s)->tun_tx, 1);
	/* a spoofed source from the client is dropped */
	n = make_udp(pkt, CLI_ADDR + 50, SRV_ADDR, 6000, 5000, "spoofed");
	assert_int_equal(va_session_send_ip(F.b.self, pkt, n), 0);
	run(200, NULL);
	assert_int_equal(recv(fd, buf, sizeof(buf), 0), -1);
	assert_int_equal(va_session_counters(s)->tun_tx_errors, 1);
	close(fd);
}

static void test_syn_mss_clamped(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(80),
				  .sin_addr.s_addr = htonl(CLI_ADDR) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	unsigned mss = 0;

	(void)state;
	F.ip_n = 0;
	connect(fd, (struct sockaddr *)&to, sizeof(to));   /* EINPROGRESS */
	run(2000, got_ip);
	assert_true(F.ip_n >= 1);
	assert_int_equal(F.last_ip[9], 6);
	/* find the MSS option in the SYN as the client received it */
	for (size_t i = 40; i + 4 <= F.last_len && i < 20 + (size_t)(F.last_ip[32] >> 4) * 4;) {
		if (F.last_ip[i] == 2) {
			mss = (unsigned)(F.last_ip[i + 2] << 8 | F.last_ip[i + 3]);
			break;
		}
		i += F.last_ip[i] <= 1 ? 1 : F.last_ip[i + 1];
	}
	/* the host route carries the session MTU, so the kernel's own SYN
	 * already fits; a SYN from elsewhere is clamped by us: */
	assert_int_equal(mss, 1496 - 40);
	close(fd);
	{
		uint8_t syn[44] = { 0x45, 0, 0, 44, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 10, 10, 0, 0, 1,
				    0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x02, 0xff, 0xff,
				    0, 0, 0, 0, 2, 4, 0x05, 0xb4 };

		assert_int_equal(va_session_send_ip(F.b.self, syn, sizeof(syn)), 0);
		assert_int_equal(va_session_counters(F.b.self)->mss_clamped, 1);
		run(200, NULL);
	}
}

static void test_unrouted_counted(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(7),
				  .sin_addr.s_addr = htonl(CLI_ADDR + 5) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	(void)state;
	assert_int_equal(tun_route(va_ctx_tun_name(F.srv), CLI_ADDR + 5, true, 0), 0);
	sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	run(300, NULL);
	assert_int_equal(va_ctx_unrouted(F.srv), 1);
	close(fd);
}

/* Closing ends both sessions, frees the address and the Vi number. */
static bool none_left(void) { return va_count(F.srv) == 0 && va_count(F.cli) == 0; }

static void test_close_and_reuse_unit(void **state)
{
	(void)state;
	va_session_close(F.b.self, "user request");
	run(5000, none_left);
	assert_int_equal(va_count(F.srv), 0);
	assert_int_equal(va_count(F.cli), 0);
	assert_int_equal(ppp_pool_in_use(F.pool), 0);
	connect_pair();
	assert_string_equal(va_session_name(F.a.self), "Vi1");
	assert_int_equal(va_count(F.srv), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udp_both_ways_through_tun),
		cmocka_unit_test(test_syn_mss_clamped),
		cmocka_unit_test(test_unrouted_counted),
		cmocka_unit_test(test_close_and_reuse_unit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
