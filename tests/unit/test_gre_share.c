/*
 * GRE received once and handed to the owning worker (host/pptp/gre_share.c):
 * three real worker threads (host/common/worker.c), the real raw socket, in
 * a network namespace of the test's own (needs root; it goes away with the
 * process). 240 calls spread over the workers by a table that is not the
 * call ID modulo anything; each gets 5 packets in sequence from a raw
 * socket on 127.0.0.1. Every packet must be delivered once, in order, on
 * the thread of the call's worker; the 5th makes the call send a reply from
 * that thread through the shared socket, which must arrive once. A call
 * given to another worker midway has its next packet go there (no session:
 * rx_no_session on that worker). Datagrams too short for a key stay on
 * worker 0. Counters are read on their own thread (worker_call) or after
 * the threads are joined; make check-tsan runs this under ThreadSanitizer.
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
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/evloop.h"
#include "common/worker.h"
#include "pptp/gre_share.h"
#include "gre_netns.h"

#define NW      3
#define FIRST   100
#define NCALLS  240
#define ROUNDS  5
#define NSHORT  3

struct call {
	struct gre_session s;         /* first: deliver() finds the call from it */
	unsigned owner;
	unsigned got, next;           /* deliveries; the round expected next */
	unsigned wrong_thread, out_of_order;
};

static struct call calls[NCALLS];
static pthread_t tid[NW];

static unsigned owner_of(unsigned i) { return (i * 7 + i / 5) % NW; }

/* On the worker's thread. */
static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	struct call *c = (struct call *)(void *)s;
	unsigned round = len >= 2 ? f[1] : 0;

	c->got++;
	if (!pthread_equal(pthread_self(), tid[c->owner]))
		c->wrong_thread++;
	if (round != c->next)
		c->out_of_order++;
	c->next = round + 1;
	if (round == ROUNDS) {
		uint8_t reply[4] = { 0x45, 0xee, (uint8_t)(c - calls), 0 };
		assert_int_equal(gre_session_send(s, reply, sizeof(reply)), 0);
	}
}

static const struct gre_session_ops ops = { .deliver = deliver };

static void whoami(void *arg)
{
	*(pthread_t *)arg = pthread_self();
}

/* On worker w's thread: what its calls and its gre_sock have seen. */
struct snap {
	struct gre_share *sh;
	unsigned w;
	unsigned got;
	uint64_t no_session, bad_gre;
};

static void snapshot(void *arg)
{
	struct snap *n = arg;
	const struct gre_sock_stats *st = gre_sock_stats(gre_share_sock(n->sh, n->w));

	n->got = 0;
	for (unsigned i = 0; i < NCALLS; i++)
		if (calls[i].owner == n->w)
			n->got += calls[i].got;
	n->no_session = st->rx_no_session;
	n->bad_gre = st->rx_bad_gre;
}

static void send_data(int fd, unsigned i, unsigned round)
{
	uint8_t pkt[GRE_HDR_MAX + 4];
	size_t hl = gre_build(pkt, (uint16_t)(FIRST + i), 4, true, round, false, 0);

	pkt[hl] = 0x45;
	pkt[hl + 1] = (uint8_t)round;
	pkt[hl + 2] = (uint8_t)i;
	pkt[hl + 3] = 0;
	send_gre(fd, pkt, hl + 4);
}

/* Read what came back on the sender's socket: the replies (call ID
 * 1000 + i), each counted; the test's own datagrams are passed over. */
static void read_replies(int fd, unsigned *replies)
{
	uint8_t buf[2048];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		uint32_t src;
		const uint8_t *g;
		size_t glen;
		struct gre_hdr h;

		if (gre_parse_ipv4(buf, (size_t)n, &src, &g, &glen) < 0 || gre_parse(g, glen, &h) != GRE_OK)
			continue;
		if (h.call_id >= 1000 && h.call_id < 1000 + NCALLS && h.payload_len == 4 &&
		    h.payload[1] == 0xee && h.payload[2] == (uint8_t)(h.call_id - 1000) &&
		    src == htonl(INADDR_LOOPBACK))
			replies[h.call_id - 1000]++;
	}
}

/* Poll until done() or a minute (a bound against hanging, not a timing test). */
static int wait_for(int fd, unsigned *replies, int (*done)(struct worker **, struct gre_share *, unsigned *),
		    struct worker **w, struct gre_share *sh)
{
	uint64_t deadline = ev_clock_ms() + 60000;

	while (ev_clock_ms() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		read_replies(fd, replies);
		if (done(w, sh, replies))
			return 1;
		poll(&p, 1, 10);
	}
	return 0;
}

static int all_delivered(struct worker **w, struct gre_share *sh, unsigned *replies)
{
	unsigned total = 0, nreplies = 0;

	for (unsigned k = 0; k < NW; k++) {
		struct snap n = { .sh = sh, .w = k };
		assert_int_equal(worker_call(w[k], snapshot, &n), 0);
		total += n.got;
		if (k == 0 && n.bad_gre < NSHORT)
			return 0;
	}
	for (unsigned i = 0; i < NCALLS; i++)
		nreplies += replies[i];
	return total >= NCALLS * ROUNDS && nreplies >= NCALLS;
}

static unsigned moved_to;

static int moved_arrived(struct worker **w, struct gre_share *sh, unsigned *replies)
{
	struct snap n = { .sh = sh, .w = moved_to };

	(void)replies;
	assert_int_equal(worker_call(w[moved_to], snapshot, &n), 0);
	return n.no_session >= 1;
}

static void test_each_call_on_its_worker(void **state)
{
	struct worker *w[NW];
	struct ev_loop *loops[NW];
	struct gre_share *sh;
	uint32_t lo = htonl(INADDR_LOOPBACK);
	unsigned replies[NCALLS] = { 0 }, moved;
	int tx;

	(void)state;
	own_netns_with_lo();
	assert_null(gre_share_open(loops, 0, 0));
	assert_int_equal(errno, EINVAL);
	for (unsigned k = 0; k < NW; k++) {
		w[k] = worker_new(k);
		assert_non_null(w[k]);
		loops[k] = worker_loop(w[k]);
	}
	sh = gre_share_open(loops, NW, 0);
	assert_non_null(sh);
	assert_int_equal(gre_share_workers(sh), NW);
	/* what each worker owns is set up before its thread runs */
	for (unsigned i = 0; i < NCALLS; i++) {
		struct call *c = &calls[i];
		c->owner = owner_of(i);
		c->next = 1;
		gre_share_assign(sh, (uint16_t)(FIRST + i), c->owner);
		assert_int_equal(gre_share_owner(sh, (uint16_t)(FIRST + i)), c->owner);
		gre_session_init(&c->s, gre_share_sock(sh, c->owner), &ops, lo, (uint16_t)(FIRST + i), 64, 1000);
		c->s.peer_call_id = (uint16_t)(1000 + i);
		assert_int_equal(gre_session_start(&c->s), 0);
	}
	for (unsigned k = 0; k < NW; k++) {
		assert_int_equal(worker_start(w[k]), 0);
		assert_int_equal(worker_call(w[k], whoami, &tid[k]), 0);
	}
	tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	assert_true(tx >= 0);
	/* it also receives its own 1,200 datagrams before it reads the replies */
	assert_int_equal(setsockopt(tx, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ 8 << 20 }, sizeof(int)), 0);
	for (unsigned r = 1; r <= ROUNDS; r++)
		for (unsigned i = 0; i < NCALLS; i++)
			send_data(tx, i, r);
	for (int i = 0; i < NSHORT; i++)
		send_gre(tx, (const uint8_t *)"\x30\x81\x88\x0b", 4);   /* no room for a key */
	assert_true(wait_for(tx, replies, all_delivered, w, sh));

	/* a call given to another worker: its next packet goes there */
	moved = 0;
	while (calls[moved].owner != 1)
		moved++;
	moved_to = 2;
	gre_share_assign(sh, (uint16_t)(FIRST + moved), moved_to);
	send_data(tx, moved, ROUNDS + 1);
	assert_true(wait_for(tx, replies, moved_arrived, w, sh));

	for (unsigned k = 0; k < NW; k++)
		worker_stop(w[k]);   /* joined: their counters are ours to read */
	for (unsigned i = 0; i < NCALLS; i++) {
		struct call *c = &calls[i];
		assert_int_equal(c->got, ROUNDS);
		assert_int_equal(c->wrong_thread, 0);
		assert_int_equal(c->out_of_order, 0);
		assert_int_equal(c->s.st.rx_out_of_order + c->s.st.rx_duplicate + c->s.st.rx_lost, 0);
		assert_int_equal(c->s.st.tx_pkts, 1);
		assert_int_equal(replies[i], 1);
	}
	for (unsigned k = 0; k < NW; k++) {
		const struct gre_sock_stats *st = gre_sock_stats(gre_share_sock(sh, k));
		unsigned mine = 0;

		for (unsigned i = 0; i < NCALLS; i++)
			mine += calls[i].owner == k;
		assert_int_equal(st->rx_bad_gre, k == 0 ? NSHORT : 0);
		if (k == 0)
			continue;   /* worker 0 also counts the replies (no session: they are for the peer) */
		assert_int_equal(st->rx_no_session, k == moved_to ? 1 : 0);
		assert_int_equal(gre_share_handed(sh, k), mine * ROUNDS + (k == moved_to));
		assert_true(st->tx_pkts >= mine);   /* the replies and acknowledgments (ZLBs) */
	}
	close(tx);
	for (unsigned i = 0; i < NCALLS; i++)
		gre_session_stop(&calls[i].s);
	gre_share_close(sh);
	for (unsigned k = 0; k < NW; k++)
		worker_free(w[k]);
}

/* ---- a busy worker is not signalled per batch ---- */

#define BUSY_BATCHES 10

static unsigned busy_got;          /* worker 1's thread only */
static pthread_mutex_t busy_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t busy_cond = PTHREAD_COND_INITIALIZER;
static int busy_state;             /* 1: worker 1 is held; 2: let it go */

static void busy_deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	(void)s;
	(void)f;
	(void)len;
	busy_got++;
}

static const struct gre_session_ops busy_ops = { .deliver = busy_deliver };

/* On worker 1's thread: keep it busy (not in epoll_wait) until told. */
static void hold(struct mb_msg *m)
{
	(void)m;
	pthread_mutex_lock(&busy_lock);
	busy_state = 1;
	pthread_cond_broadcast(&busy_cond);
	while (busy_state != 2)
		pthread_cond_wait(&busy_cond, &busy_lock);
	pthread_mutex_unlock(&busy_lock);
}

static void read_got(void *arg) { *(unsigned *)arg = busy_got; }

static unsigned got_on(struct worker *w)
{
	unsigned n;

	assert_int_equal(worker_call(w, read_got, &n), 0);
	return n;
}

/* Wait (a bound against hanging, not a timing test) until cond(arg). */
static void await(int (*cond)(void *), void *arg)
{
	uint64_t deadline = ev_clock_ms() + 60000;

	while (!cond(arg)) {
		assert_true(ev_clock_ms() < deadline);
		poll(NULL, 0, 1);
	}
}

struct handed_at_least { struct gre_share *sh; uint64_t n; };
static int handed_reached(void *arg)
{
	struct handed_at_least *h = arg;
	return gre_share_handed(h->sh, 1) >= h->n;
}

struct got_at_least { struct worker *w; unsigned n; };
static int got_reached(void *arg)
{
	struct got_at_least *g = arg;
	return got_on(g->w) >= g->n;
}

/* Two workers sharing one GRE socket, call FIRST on worker 1, and worker 1
 * held busy (hold) until busy_release: what the two tests below start from. */
struct busy_rig {
	struct worker *w[2];
	struct ev_loop *loops[2];
	struct gre_share *sh;
	struct gre_session gs;
	struct mb_msg held;
	int tx;
};

static void busy_rig_up(struct busy_rig *r)
{
	uint32_t lo = htonl(INADDR_LOOPBACK);

	busy_got = 0;
	busy_state = 0;
	r->held = (struct mb_msg){ .fn = hold };
	own_netns_with_lo();
	for (unsigned k = 0; k < 2; k++) {
		r->w[k] = worker_new(k);
		assert_non_null(r->w[k]);
		r->loops[k] = worker_loop(r->w[k]);
	}
	r->sh = gre_share_open(r->loops, 2, 0);
	assert_non_null(r->sh);
	gre_share_assign(r->sh, FIRST, 1);
	gre_session_init(&r->gs, gre_share_sock(r->sh, 1), &busy_ops, lo, FIRST, 64, 1000);
	r->gs.peer_call_id = 1000;
	assert_int_equal(gre_session_start(&r->gs), 0);
	for (unsigned k = 0; k < 2; k++)
		assert_int_equal(worker_start(r->w[k]), 0);
	r->tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	assert_true(r->tx >= 0);

	assert_int_equal(worker_post(r->w[1], &r->held), 0);
	pthread_mutex_lock(&busy_lock);
	while (busy_state != 1)
		pthread_cond_wait(&busy_cond, &busy_lock);
	pthread_mutex_unlock(&busy_lock);
}

static void busy_release(void)
{
	pthread_mutex_lock(&busy_lock);
	busy_state = 2;
	pthread_cond_broadcast(&busy_cond);
	pthread_mutex_unlock(&busy_lock);
}

/* Datagram b of call FIRST, a 4-octet payload, to the shared socket. */
static void send_busy(const struct busy_rig *r, uint32_t b)
{
	uint8_t pkt[GRE_HDR_MAX + 4] = { 0 };
	size_t hl = gre_build(pkt, FIRST, 4, true, b, false, 0);

	pkt[hl] = 0x45;
	send_gre(r->tx, pkt, hl + 4);
}

/* After the workers are stopped (and the caller's checks on what they
 * left): free everything. */
static void busy_rig_free(struct busy_rig *r)
{
	close(r->tx);
	gre_session_stop(&r->gs);
	gre_share_close(r->sh);
	for (unsigned k = 0; k < 2; k++)
		worker_free(r->w[k]);
}

/* The reader writes a worker's eventfd only when that worker has drained
 * its ring and waits for it: BUSY_BATCHES batches handed over while worker
 * 1 is busy cost one signal (the first, which found it waiting), not one
 * each; after it drained them, the next batch signals again. Each arrives
 * all the same, in order. (Signalled per batch, as before, this counts
 * BUSY_BATCHES + 1 signals.) */
static void test_busy_worker_signalled_once(void **state)
{
	struct busy_rig r;

	(void)state;
	busy_rig_up(&r);
	/* one datagram per batch: the next only once the reader handed it over */
	for (unsigned b = 1; b <= BUSY_BATCHES; b++) {
		send_busy(&r, b);
		await(handed_reached, &(struct handed_at_least){ r.sh, b });
	}
	assert_int_equal(gre_share_signals(r.sh, 1), 1);
	busy_release();
	await(got_reached, &(struct got_at_least){ r.w[1], BUSY_BATCHES });
	/* drained and waiting again: the next batch wakes it */
	send_busy(&r, BUSY_BATCHES + 1);
	await(got_reached, &(struct got_at_least){ r.w[1], BUSY_BATCHES + 1 });
	assert_int_equal(gre_share_signals(r.sh, 1), 2);
	for (unsigned k = 0; k < 2; k++)
		worker_stop(r.w[k]);
	assert_int_equal(busy_got, BUSY_BATCHES + 1);
	assert_int_equal(r.gs.st.rx_out_of_order + r.gs.st.rx_duplicate + r.gs.st.rx_lost, 0);
	busy_rig_free(&r);
}

/* ---- a full ring: the reader holds back, nothing is dropped ---- */

#define FULL_N (2 * GRE_SHARE_RING + 100)

/* every datagram arrived (a ring that drops would never get there: await's
 * deadline fails the test) */
static int all_arrived(void *arg)
{
	return got_on(arg) >= FULL_N;
}
static int held_back(void *arg) { return gre_share_holds(arg, 1) > 0; }

/* Worker 1 busy while more than two rings' worth of its datagrams arrive:
 * the reader fills its ring, then holds the next one back and reads no more
 * (the socket's buffer takes the rest) until worker 1 has freed slots; every
 * datagram arrives, once, in order. (Dropped on the full ring, as before,
 * more than a thousand never arrive.) */
static void test_full_ring_held_back(void **state)
{
	struct busy_rig r;

	(void)state;
	busy_rig_up(&r);
	for (unsigned b = 1; b <= FULL_N; b++)
		send_busy(&r, b);
	/* the ring is full and the reader waits (old: it dropped instead) */
	await(held_back, r.sh);
	busy_release();
	await(all_arrived, r.w[1]);
	assert_int_equal(got_on(r.w[1]), FULL_N);
	assert_int_equal(gre_share_handed(r.sh, 1), FULL_N);
	for (unsigned k = 0; k < 2; k++)
		worker_stop(r.w[k]);
	assert_int_equal(r.gs.st.rx_out_of_order + r.gs.st.rx_duplicate + r.gs.st.rx_lost, 0);
	busy_rig_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_call_on_its_worker),
		cmocka_unit_test(test_busy_worker_signalled_once),
		cmocka_unit_test(test_full_ring_held_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
