/*
 * Enhanced GRE (RFC 2637 sec 4): header parsing, and a session's
 * sequence/acknowledgment/window logic driven through a socket-less
 * gre_sock whose transmissions are captured.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "common/evloop.h"
#include "pptp/gre.h"

/* ---- capture of what the session sends ---- */
#define MAXCAP 64
static struct { uint8_t pkt[GRE_HDR_MAX + 64]; size_t len; } cap[MAXCAP];
static int ncap;
static void tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	(void)arg; (void)dst;
	if (ncap < MAXCAP && len <= sizeof(cap[0].pkt)) {
		memcpy(cap[ncap].pkt, p, len);
		cap[ncap].len = len;
	}
	ncap++;
}

/* ---- what the session delivers ---- */
static uint32_t delivered[256];
static int ndeliv;
static int alarm_set, alarm_clear;
static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	(void)s;
	assert_int_equal(len, 4);
	delivered[ndeliv++] = (uint32_t)f[0] << 24 | (uint32_t)f[1] << 16 | (uint32_t)f[2] << 8 | f[3];
}
static void on_alarm(struct gre_session *s, bool set)
{
	(void)s;
	if (set) alarm_set++; else alarm_clear++;
}
static const struct gre_session_ops ops = { .deliver = deliver, .alarm = on_alarm };

struct fix {
	struct ev_loop *loop;
	struct gre_sock *gs;
	struct gre_session s;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	f->loop = ev_loop_new();
	f->gs = gre_sock_open_virtual(f->loop, tx, NULL);
	gre_session_init(&f->s, f->gs, &ops, 0x0100000a, 0x1234, 16, 100);
	f->s.peer_call_id = 0x4321;
	assert_int_equal(gre_session_start(&f->s), 0);
	ncap = ndeliv = alarm_set = alarm_clear = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	gre_session_stop(&f->s);
	gre_sock_close(f->gs);
	ev_loop_free(f->loop);
	free(f);
	return 0;
}

static void rx_data(struct fix *f, uint32_t seq)
{
	uint8_t pkt[32];
	size_t hl = gre_build(pkt, 0x1234, 4, true, seq, false, 0);
	struct gre_hdr h;
	pkt[hl] = (uint8_t)(seq >> 24); pkt[hl + 1] = (uint8_t)(seq >> 16);
	pkt[hl + 2] = (uint8_t)(seq >> 8); pkt[hl + 3] = (uint8_t)seq;
	assert_int_equal(gre_parse(pkt, hl + 4, &h), GRE_OK);
	gre_session_input(&f->s, &h);
}

static void rx_ack(struct fix *f, uint32_t ack)
{
	uint8_t pkt[16];
	size_t hl = gre_build(pkt, 0x1234, 0, false, 0, true, ack);
	struct gre_hdr h;
	assert_int_equal(gre_parse(pkt, hl, &h), GRE_OK);
	gre_session_input(&f->s, &h);
}

static void run_for(struct fix *f, int ms)
{
	uint64_t end = ev_clock_ms() + (uint64_t)ms;
	while (ev_clock_ms() < end)
		ev_run_once(f->loop, 5);
}

/* ---- parser ---- */

static void test_parse(void **state)
{
	uint8_t p[64];
	struct gre_hdr h;
	size_t hl;

	(void)state;
	hl = gre_build(p, 7, 3, true, 0xfffffffe, true, 5);
	memcpy(p + hl, "abc", 3);
	assert_int_equal(hl, 16);
	assert_int_equal(p[0], 0x30);
	assert_int_equal(p[1], 0x81);
	assert_int_equal(gre_parse(p, hl + 3, &h), GRE_OK);
	assert_int_equal(h.call_id, 7);
	assert_int_equal(h.payload_len, 3);
	assert_int_equal(h.seq, 0xfffffffe);
	assert_int_equal(h.ack, 5);
	assert_memory_equal(h.payload, "abc", 3);
	/* trailing bytes beyond the payload length are ignored, fewer are not */
	assert_int_equal(gre_parse(p, hl + 5, &h), GRE_OK);
	assert_int_equal(gre_parse(p, hl + 2, &h), GRE_E_SHORT);
	for (size_t n = 0; n < hl; n++)
		assert_int_equal(gre_parse(p, n, &h) == GRE_OK, 0);
	/* ack only */
	hl = gre_build(p, 7, 0, false, 0, true, 9);
	assert_int_equal(hl, 12);
	assert_int_equal(gre_parse(p, hl, &h), GRE_OK);
	assert_false(h.has_seq);
	/* each forbidden bit */
	static const struct { int byte; uint8_t bit; enum gre_parse_status st; } bad[] = {
		{ 0, 0x80, GRE_E_FLAGS }, { 0, 0x40, GRE_E_FLAGS }, { 0, 0x08, GRE_E_FLAGS },
		{ 0, 0x04, GRE_E_FLAGS }, { 0, 0x01, GRE_E_FLAGS }, { 1, 0x40, GRE_E_FLAGS },
		{ 1, 0x08, GRE_E_FLAGS }, { 1, 0x02, GRE_E_VERSION }, { 2, 0x01, GRE_E_PROTO },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		hl = gre_build(p, 7, 0, false, 0, true, 9);
		p[bad[i].byte] ^= bad[i].bit;
		assert_int_equal(gre_parse(p, hl, &h), bad[i].st);
	}
	/* K clear */
	hl = gre_build(p, 7, 0, false, 0, true, 9);
	p[0] &= (uint8_t)~0x20;
	assert_int_equal(gre_parse(p, hl, &h), GRE_E_FLAGS);
	/* neither S nor A */
	hl = gre_build(p, 7, 0, false, 0, false, 0);
	assert_int_equal(gre_parse(p, hl, &h), GRE_E_FLAGS);
	/* S with an empty payload, or a payload without S */
	hl = gre_build(p, 7, 0, true, 1, false, 0);
	assert_int_equal(gre_parse(p, hl, &h), GRE_E_ACKONLY_DATA);
	hl = gre_build(p, 7, 4, false, 0, true, 1);
	assert_int_equal(gre_parse(p, hl + 4, &h), GRE_E_ACKONLY_DATA);
}

static void test_parse_ipv4(void **state)
{
	uint8_t p[64] = { 0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 47, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1 };
	uint32_t src;
	const uint8_t *g;
	size_t gl;

	(void)state;
	assert_int_equal(gre_parse_ipv4(p, 32, &src, &g, &gl), 0);
	assert_int_equal(gl, 12);
	assert_ptr_equal(g, p + 20);
	assert_int_equal(gre_parse_ipv4(p, 31, &src, &g, &gl), -1);     /* total length > data */
	p[9] = 17;
	assert_int_equal(gre_parse_ipv4(p, 32, &src, &g, &gl), -1);     /* not GRE */
	p[9] = 47;
	p[0] = 0x44;
	assert_int_equal(gre_parse_ipv4(p, 32, &src, &g, &gl), -1);     /* IHL < 5 */
	p[0] = 0x4f;
	assert_int_equal(gre_parse_ipv4(p, 32, &src, &g, &gl), -1);     /* IHL > packet */
	p[0] = 0x45;
	p[6] = 0x20;
	assert_int_equal(gre_parse_ipv4(p, 32, &src, &g, &gl), -1);     /* fragment */
}

/* ---- sequence handling ---- */

static void test_in_order_from_one(void **state)
{
	struct fix *f = *state;
	/* Linux numbers its first packet 1 (see the reference capture) */
	for (uint32_t i = 1; i <= 5; i++)
		rx_data(f, i);
	assert_int_equal(ndeliv, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(delivered[i], (uint32_t)i + 1);
	assert_int_equal(f->s.rcv_nxt, 6);
	assert_int_equal(f->s.st.rx_pkts, 5);
}

static void test_duplicates(void **state)
{
	struct fix *f = *state;
	rx_data(f, 0);
	rx_data(f, 1);
	rx_data(f, 1);
	rx_data(f, 0);
	rx_data(f, 2);
	assert_int_equal(ndeliv, 3);
	assert_int_equal(f->s.st.rx_duplicate, 2);
}

static void test_reorder(void **state)
{
	struct fix *f = *state;
	rx_data(f, 0);
	rx_data(f, 2);
	rx_data(f, 3);
	rx_data(f, 3);     /* duplicate of a held packet */
	assert_int_equal(ndeliv, 1);
	rx_data(f, 1);
	assert_int_equal(ndeliv, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(delivered[i], (uint32_t)i);
	assert_int_equal(f->s.st.rx_out_of_order, 3);
	assert_int_equal(f->s.st.rx_reordered, 2);
	assert_int_equal(f->s.st.rx_duplicate, 1);
	assert_null(f->s.ro);   /* buffer released once empty */
}

static void test_reorder_timeout(void **state)
{
	struct fix *f = *state;
	rx_data(f, 0);
	rx_data(f, 2);
	rx_data(f, 4);
	assert_int_equal(ndeliv, 1);
	run_for(f, GRE_REORDER_TIMEOUT_MS + 20);
	assert_int_equal(ndeliv, 2);      /* gap 1 skipped, 2 delivered; 3 still awaited */
	run_for(f, GRE_REORDER_TIMEOUT_MS + 20);
	assert_int_equal(ndeliv, 3);
	assert_int_equal(delivered[2], 4);
	assert_int_equal(f->s.st.rx_lost, 2);
	rx_data(f, 1);                    /* too late now */
	assert_int_equal(f->s.st.rx_duplicate, 1);
}

static void test_reorder_full(void **state)
{
	struct fix *f = *state;
	rx_data(f, 0);
	/* 1 lost; 2..(2+SLOTS-1) fill the buffer; one more forces the skip */
	for (uint32_t i = 2; i < 2 + GRE_REORDER_SLOTS - 1; i++)
		rx_data(f, i);
	assert_int_equal(ndeliv, 1);
	rx_data(f, 2 + GRE_REORDER_SLOTS - 1);
	rx_data(f, 2 + GRE_REORDER_SLOTS);
	assert_int_equal(ndeliv, 2 + GRE_REORDER_SLOTS);
	assert_int_equal(f->s.st.rx_lost, 1);
}

static void test_wrap(void **state)
{
	struct fix *f = *state;
	f->s.rcv_started = true;
	f->s.rcv_nxt = 0xfffffffe;
	rx_data(f, 0xfffffffe);
	rx_data(f, 0);          /* early, across the wrap */
	rx_data(f, 0xffffffff);
	rx_data(f, 1);
	assert_int_equal(ndeliv, 4);
	assert_int_equal(delivered[0], 0xfffffffe);
	assert_int_equal(delivered[1], 0xffffffff);
	assert_int_equal(delivered[2], 0);
	assert_int_equal(delivered[3], 1);
	rx_data(f, 0xffffffff);  /* old, from before the wrap */
	assert_int_equal(f->s.st.rx_duplicate, 1);
}

static void test_forged_jump(void **state)
{
	struct fix *f = *state;
	for (uint32_t i = 0; i < 5; i++)
		rx_data(f, i);
	rx_data(f, 100000);      /* one forged packet far ahead */
	rx_data(f, 5);           /* genuine traffic is not disturbed */
	rx_data(f, 6);
	assert_int_equal(ndeliv, 7);
	assert_int_equal(f->s.st.rx_jump_dropped, 1);
	/* a forged first packet cannot capture a fresh session: before the first
	 * packet, consecutive ones set the start (GRE_RESYNC_COUNT) */
}

/* Issue 13: four (or any number of) consecutive packets far ahead prove
 * nothing. Without a layer above that can verify them they are never
 * delivered, and the genuine stream keeps flowing. The old code followed the
 * jump at the fourth: that one went up (a forged LCP Terminate-Request, say)
 * and every genuine packet after it was "old". */
static void test_consecutive_forged_jump_ignored(void **state)
{
	struct fix *f = *state;
	for (uint32_t i = 0; i < 10; i++)
		rx_data(f, i);
	for (uint32_t i = 0; i < 4 * GRE_RESYNC_COUNT; i++)
		rx_data(f, 1000000 + i);
	assert_int_equal(ndeliv, 10);
	for (int i = 0; i < ndeliv; i++)
		assert_true(delivered[i] < 1000000);
	for (uint32_t i = 10; i < 200; i++)
		rx_data(f, i);
	assert_int_equal(ndeliv, 200);
	assert_int_equal(delivered[199], 199);
	assert_int_equal(f->s.st.rx_jump_dropped, 4 * GRE_RESYNC_COUNT);
	assert_int_equal(f->s.st.rx_jumps_verified, 0);
}

/* With a layer that verifies: the jumped packets go to it apart, and the
 * jump is followed only when it says one of them is genuine. */
static uint32_t unverified[64];
static int nunverified;
static void deliver_unverified(struct gre_session *s, uint32_t seq, const uint8_t *frame, size_t len)
{
	(void)s;
	(void)frame;
	assert_int_equal(len, 4);
	unverified[nunverified++ % 64] = seq;
}

static void test_jump_verified(void **state)
{
	struct fix *f = *state;
	static const struct gre_session_ops vops = { .deliver = deliver, .alarm = on_alarm,
						     .deliver_unverified = deliver_unverified };
	f->s.ops = &vops;
	nunverified = 0;
	for (uint32_t i = 0; i < 5; i++)
		rx_data(f, i);
	for (uint32_t i = 0; i < 6; i++)
		rx_data(f, 70000 + i);
	assert_int_equal(ndeliv, 5);
	assert_int_equal(nunverified, 6);
	assert_int_equal(unverified[5], 70005);
	rx_data(f, 5);                           /* the old stream still flows */
	assert_int_equal(ndeliv, 6);
	gre_session_jump_verified(&f->s, 70005); /* the layer above proved 70005 */
	assert_int_equal(f->s.st.rx_jumps_verified, 1);
	assert_int_equal(f->s.rcv_nxt, 70006);
	rx_data(f, 70006);
	assert_int_equal(ndeliv, 7);
	assert_int_equal(delivered[6], 70006);
	rx_data(f, 6);                           /* now old */
	assert_int_equal(ndeliv, 7);
	gre_session_jump_verified(&f->s, 70003); /* a late verification changes nothing */
	assert_int_equal(f->s.rcv_nxt, 70007);
	assert_int_equal(f->s.st.rx_jumps_verified, 1);
}

static void test_big_gap_is_loss(void **state)
{
	struct fix *f = *state;
	rx_data(f, 0);
	rx_data(f, 100);   /* within GRE_MAX_JUMP, wider than the reorder buffer */
	assert_int_equal(ndeliv, 2);
	assert_int_equal(f->s.st.rx_lost, 99);
	assert_int_equal(f->s.rcv_nxt, 101);
}

/* ---- acknowledgments ---- */

static uint32_t cap_ack(int i, bool *has_seq)
{
	struct gre_hdr h;
	assert_int_equal(gre_parse(cap[i].pkt, cap[i].len, &h), GRE_OK);
	assert_true(h.has_ack);
	assert_int_equal(h.call_id, 0x4321);   /* the peer's call ID in our packets */
	*has_seq = h.has_seq;
	return h.ack;
}

static void test_piggyback_ack(void **state)
{
	struct fix *f = *state;
	bool seq;
	rx_data(f, 0);
	rx_data(f, 1);
	assert_int_equal(ncap, 0);                    /* ack delayed */
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	assert_int_equal(ncap, 1);
	assert_int_equal(cap_ack(0, &seq), 1);       /* piggybacked */
	assert_true(seq);
	run_for(f, GRE_ACK_DELAY_MS + 20);
	assert_int_equal(ncap, 1);                    /* no ZLB after a piggyback */
	assert_int_equal(f->s.st.zlb_tx, 0);
	/* a data packet with nothing new to acknowledge carries no ack */
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	struct gre_hdr h;
	assert_int_equal(gre_parse(cap[1].pkt, cap[1].len, &h), GRE_OK);
	assert_false(h.has_ack);
	assert_int_equal(h.seq, 1);
}

static void test_delayed_zlb(void **state)
{
	struct fix *f = *state;
	bool seq;
	rx_data(f, 0);
	run_for(f, GRE_ACK_DELAY_MS + 20);
	assert_int_equal(ncap, 1);
	assert_int_equal(cap_ack(0, &seq), 0);
	assert_false(seq);
	assert_int_equal(cap[0].len, 12);
	assert_int_equal(f->s.st.zlb_tx, 1);
}

static void test_zlb_at_half_window(void **state)
{
	struct fix *f = *state;
	bool seq;
	f->s.our_rws = 4;
	rx_data(f, 0);
	assert_int_equal(ncap, 0);
	rx_data(f, 1);        /* half of our window unacknowledged: ack now */
	assert_int_equal(ncap, 1);
	assert_int_equal(cap_ack(0, &seq), 1);
}

static void test_peer_acks(void **state)
{
	struct fix *f = *state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	rx_ack(f, 7);          /* acknowledges what we never sent: ignored */
	assert_false(f->s.peer_acked);
	rx_ack(f, 1);
	assert_int_equal(f->s.peer_ack, 1);
	rx_ack(f, 0);          /* older: ignored */
	assert_int_equal(f->s.peer_ack, 1);
	assert_int_equal(f->s.st.zlb_rx, 3);
	rx_ack(f, 2);
	assert_int_equal(f->s.peer_ack, 2);
	assert_false(ev_timer_armed(&f->s.rtt_timer));
}

static void test_flow_alarm(void **state)
{
	struct fix *f = *state;
	uint64_t sent = ev_now(f->loop);    /* the clock the RTT timer is armed on */

	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	run_for(f, 60);
	/* before the RTT has passed on the loop's clock, no alarm; a test
	 * descheduled past it (a busy machine) cannot check this, and says so */
	if (ev_now(f->loop) < sent + 100)
		assert_int_equal(alarm_set, 0);
	else
		print_message("flow alarm: the loop's clock passed the RTT during the 60 ms wait; not checked\n");
	run_for(f, 80);        /* static RTT 100 ms passed without an ack */
	assert_int_equal(alarm_set, 1);
	assert_true(f->s.alarm);
	assert_int_equal(f->s.st.flow_alarms, 1);
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	run_for(f, 150);
	assert_int_equal(alarm_set, 1);   /* one alarm until it clears */
	rx_ack(f, 1);
	assert_int_equal(alarm_clear, 1);
	assert_false(f->s.alarm);
}

static void test_enforced_window(void **state)
{
	struct fix *f = *state;
	f->s.enforce_peer_window = true;
	f->s.peer_rws = 2;
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), -1);
	assert_int_equal(f->s.st.tx_window_full, 1);
	rx_ack(f, 0);
	assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	/* off (the default): the peer's window is only tracked */
	f->s.enforce_peer_window = false;
	for (int i = 0; i < 10; i++)
		assert_int_equal(gre_session_send(&f->s, (const uint8_t *)"abcd", 4), 0);
	/* oversize and empty frames are refused */
	static uint8_t big[GRE_MAX_PAYLOAD + 1];
	assert_int_equal(gre_session_send(&f->s, big, sizeof(big)), -1);
	assert_int_equal(gre_session_send(&f->s, big, 0), -1);
}

static void test_batch_send(void **state)
{
	struct fix *f = *state;
	struct iovec v[5];
	for (int i = 0; i < 5; i++)
		v[i] = (struct iovec){ "abcd", 4 };
	assert_int_equal(gre_session_send_batch(&f->s, v, 5), 5);
	assert_int_equal(f->s.snd_nxt, 5);
	for (int i = 0; i < 5; i++) {
		struct gre_hdr h;
		assert_int_equal(gre_parse(cap[i].pkt, cap[i].len, &h), GRE_OK);
		assert_int_equal(h.seq, (uint32_t)i);
	}
}

/* ---- demultiplexing ---- */

static void test_sock_demux(void **state)
{
	struct fix *f = *state;
	uint8_t p[64] = { 0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 47, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2 };
	size_t hl = gre_build(p + 20, 0x1234, 4, true, 0, false, 0);
	size_t tot = 20 + hl + 4;
	struct gre_session other;

	p[3] = (uint8_t)tot;
	memcpy(p + 20 + hl, "\0\0\0\0", 4);
	gre_sock_input(f->gs, p, tot);            /* 10.0.0.1 = our peer (0x0100000a) */
	assert_int_equal(ndeliv, 1);
	p[15] = 9;                                /* same call ID, another address */
	gre_sock_input(f->gs, p, tot);
	assert_int_equal(ndeliv, 1);
	assert_int_equal(gre_sock_stats(f->gs)->rx_no_session, 1);
	/* a second session with the same call ID behind another address */
	gre_session_init(&other, f->gs, &ops, 0x0900000a, 0x1234, 16, 100);
	assert_int_equal(gre_session_start(&other), 0);
	gre_sock_input(f->gs, p, tot);
	assert_int_equal(other.st.rx_pkts, 1);
	assert_int_equal(f->s.st.rx_pkts, 1);
	assert_int_equal(gre_session_start(&other), 0);   /* idempotent */
	struct gre_session dup;
	gre_session_init(&dup, f->gs, &ops, 0x0900000a, 0x1234, 16, 100);
	assert_int_equal(gre_session_start(&dup), -1);    /* key taken */
	gre_session_stop(&other);
	gre_session_stop(&other);
	gre_sock_input(f->gs, p, tot);
	assert_int_equal(gre_sock_stats(f->gs)->rx_no_session, 2);
	p[9] = 6;
	gre_sock_input(f->gs, p, tot);
	assert_int_equal(gre_sock_stats(f->gs)->rx_bad_ip, 1);
	p[9] = 47;
	p[21] = 0;                                /* version 0 GRE */
	gre_sock_input(f->gs, p, tot);
	assert_int_equal(gre_sock_stats(f->gs)->rx_bad_gre, 1);
	assert_int_equal(gre_sock_sessions(f->gs), 1);
}

static void test_many_sessions(void **state)
{
	struct fix *f = *state;
	enum { N = 3000 };
	struct gre_session *s = calloc(N, sizeof(*s));
	for (int i = 0; i < N; i++) {
		gre_session_init(&s[i], f->gs, &ops, (uint32_t)(i / 7 + 100), (uint16_t)(i % 7 + 1), 16, 100);
		assert_int_equal(gre_session_start(&s[i]), 0);
	}
	assert_int_equal(gre_sock_sessions(f->gs), N + 1);
	for (int i = 0; i < N; i++)
		assert_true(gre_session_exists(f->gs, (uint32_t)(i / 7 + 100), (uint16_t)(i % 7 + 1)));
	for (int i = 0; i < N; i += 2)
		gre_session_stop(&s[i]);
	for (int i = 0; i < N; i++)
		assert_int_equal(gre_session_exists(f->gs, (uint32_t)(i / 7 + 100), (uint16_t)(i % 7 + 1)),
				 i % 2 == 1);
	for (int i = 1; i < N; i += 2)
		gre_session_stop(&s[i]);
	free(s);
}

int main(void)
{
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_ipv4),
		T(test_in_order_from_one), T(test_duplicates), T(test_reorder), T(test_reorder_timeout),
		T(test_reorder_full), T(test_wrap), T(test_forged_jump), T(test_consecutive_forged_jump_ignored), T(test_jump_verified), T(test_big_gap_is_loss),
		T(test_piggyback_ack), T(test_delayed_zlb), T(test_zlb_at_half_window), T(test_peer_acks),
		T(test_flow_alarm), T(test_enforced_window), T(test_batch_send), T(test_sock_demux),
		T(test_many_sessions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
