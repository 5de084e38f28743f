/*
 * Two simulated cards as one engine ("cards:cardsim:A,cardsim:B",
 * driver/card/multi.c) against the software engine, byte for byte: tx and
 * rx flows, stateless and stateful, spread over both cards, batches mixing
 * both, every completion equal. Then card B's simulator is killed with
 * operations in flight: those end with MPPE_ERR_DEVICE (nothing else may
 * differ), B's flows move to the software engine and continue exactly
 * (stateful receivers after one CCP Reset-Request of the peer), A's flows
 * carry on, and new flows go to A. Then B's simulator starts again on the
 * same socket: the engine opens it again by itself and new flows go to it.
 *
 * The reference: each hw flow has a sw twin. A tx twin encrypts only what
 * the hw flow encrypted (a packet that failed was never sent); an rx twin
 * gets every packet the peer sent. The peer is a reference flow that
 * encrypts what the rx flows receive, and flushes when the receiver asks
 * for a CCP Reset-Request, as a PPP peer does (RFC 3078 8.2).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "card/card_engine.h"
#include "cardsim_proc.h"
#include "mppe/engine.h"

#define NFLOWS 24
#define PKT    1500
#define NOPS   (NFLOWS * 2)

static struct cardsim_proc a, b;
static struct mppe_engine *hw, *sw;
static uint32_t hwf[NFLOWS + 8], swf[NFLOWS + 8];
static struct mppe_flow peer[NFLOWS];       /* the sender of each rx flow */
static struct mppe_flow_params params[NFLOWS];
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* tx, tx, rx, rx, ...: the spread puts every other flow on each card */
static bool is_rx(unsigned f) { return (f / 2) % 2 == 1; }
static struct cardsim_proc *kill_after_submit;

static int setup(void **state)
{
	char spec[300];
	(void)state;
	if (cardsim_start(&a, NULL) < 0 || cardsim_start(&b, NULL) < 0)
		return -1;
	snprintf(spec, sizeof(spec), "cards:%s,", cardsim_spec(&a));
	snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%s", cardsim_spec(&b));
	hw = mppe_engine_open(spec);
	if (!hw)
		fprintf(stderr, "open %s: %s\n", spec, mppe_engine_error());
	sw = mppe_engine_open("sw");
	return hw && sw ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	mppe_engine_close(hw);
	mppe_engine_close(sw);
	for (unsigned f = 0; f < NFLOWS; f++)
		mppe_flow_wipe(&peer[f]);
	cardsim_stop(&a, 0);
	cardsim_stop(&b, 0);
	return 0;
}

/* Waits for n completions of e (the cards' own timeouts end a wait for a
 * card that never answers; a lost card ends at its next health check). */
static void collect(struct mppe_engine *e, struct mppe_completion *out, unsigned n)
{
	struct timespec ts = { 0, 200000 };
	unsigned got = 0;

	while (got < n) {
		int r = mppe_poll(e, out + got, n - got);
		assert_true(r >= 0);
		got += (unsigned)r;
		if (!r)
			nanosleep(&ts, NULL);
	}
}

/*
 * One operation per listed flow, in one batch on each engine; compared.
 * may_fail: hw operations may end with MPPE_ERR_DEVICE (a card died), and
 * stateful receivers may discard (they moved). Returns how many hw
 * operations did not end MPPE_OK.
 */
static unsigned round_len = PKT;

static unsigned round_of(const unsigned *flows, unsigned n, bool may_fail)
{
	static uint8_t in[NOPS][PKT + 2], out_hw[NOPS][PKT + 2], out_sw[NOPS][PKT + 2];
	struct mppe_op hop[NOPS] = { { 0 } }, sop[NOPS] = { { 0 } };
	struct mppe_completion hc[NOPS], sc[NOPS];
	const struct mppe_completion *h[NOPS];
	unsigned sent = 0, ns = 0, bad = 0, map[NOPS];

	for (unsigned i = 0; i < n; i++) {
		unsigned f = flows[i];
		uint16_t len = (uint16_t)(22 + rnd() % (round_len - 22));
		uint8_t pt[PKT];
		pt[0] = 0;
		pt[1] = 0x21;
		for (unsigned k = 2; k < len; k++)
			pt[k] = (uint8_t)rnd();
		if (is_rx(f)) {
			size_t ol;
			assert_int_equal(mppe_flow_encrypt(&peer[f], pt, len, in[i], sizeof(in[i]), &ol), MPPE_OK);
			hop[i] = (struct mppe_op){ .cookie = i, .flow = hwf[f], .opcode = MPPE_OP_DECRYPT, .in = in[i],
						   .in_len = (uint16_t)ol, .out = out_hw[i], .out_cap = PKT + 2 };
		} else {
			memcpy(in[i], pt, len);
			hop[i] = (struct mppe_op){ .cookie = i, .flow = hwf[f], .opcode = MPPE_OP_ENCRYPT, .in = in[i],
						   .in_len = len, .out = out_hw[i], .out_cap = PKT + 2 };
		}
	}
	while (sent < n) {
		int r = mppe_submit(hw, hop + sent, n - sent);
		assert_true(r >= 0);
		sent += (unsigned)r;
	}
	if (kill_after_submit)
		cardsim_stop(kill_after_submit, SIGKILL);
	kill_after_submit = NULL;
	collect(hw, hc, n);
	for (unsigned i = 0; i < n; i++) {
		h[i] = NULL;
		for (unsigned k = 0; k < n; k++)
			if (hc[k].cookie == i)
				h[i] = &hc[k];
		assert_non_null(h[i]);
		assert_int_equal(h[i]->flow, hwf[flows[i]]);
		/* the twin: every received packet; only the sent ones */
		if (is_rx(flows[i]) || h[i]->status == MPPE_OK) {
			sop[ns] = hop[i];
			sop[ns].flow = swf[flows[i]];
			sop[ns].out = out_sw[i];
			sop[ns].cookie = i;
			map[ns++] = i;
		}
	}
	assert_int_equal(mppe_submit(sw, sop, ns), (int)ns);
	collect(sw, sc, ns);
	for (unsigned j = 0; j < ns; j++) {
		unsigned i = (unsigned)sc[j].cookie, f = flows[i];
		const struct mppe_completion *x = h[i];
		(void)map;
		if (x->status != MPPE_OK) {
			bad++;
			if (x->status == MPPE_ERR_DEVICE || (is_rx(f) && params[f].stateful && x->status == MPPE_DROP_DISCARDING)) {
				assert_true(may_fail);
			} else {
				fail_msg("flow %u: %s", f, mppe_status_name(x->status));
			}
			/* the receiver asks the peer to flush: a CCP Reset-Request */
			if (is_rx(f) && params[f].stateful && (x->status == MPPE_DROP_DISCARDING || (x->flags & MPPE_CF_RESET_REQUEST)))
				mppe_flow_reset(&peer[f]);
			continue;
		}
		assert_int_equal(sc[j].status, MPPE_OK);
		assert_int_equal(x->ccount, sc[j].ccount);
		assert_int_equal(x->flags & MPPE_CF_FLUSHED, sc[j].flags & MPPE_CF_FLUSHED);
		assert_int_equal(x->out_len, sc[j].out_len);
		assert_memory_equal(out_hw[i], out_sw[i], x->out_len);
	}
	for (unsigned i = 0; i < n; i++)
		if (!is_rx(flows[i]) && h[i]->status != MPPE_OK)
			bad++;
	return bad;
}

static void all_flows(unsigned *ops, unsigned *n)
{
	*n = 0;
	for (unsigned f = 0; f < NFLOWS; f++) {
		ops[(*n)++] = f;
		ops[(*n)++] = (f * 7) % NFLOWS;
	}
}

static void stats(struct card_engine_stats *st)
{
	assert_int_equal(card_engine_stats(hw, st), 0);
}

static void test_spread_fail_over_and_back(void **state)
{
	unsigned ops[NOPS], n, moved = 0;
	struct card_global_counters g;
	struct card_engine_stats st;
	bool on_b[NFLOWS];
	(void)state;

	for (unsigned f = 0; f < NFLOWS; f++) {
		struct mppe_flow_params p = { .dir = is_rx(f) ? MPPE_DIR_RX : MPPE_DIR_TX };
		p.stateful = (f / 4) % 3 == 0;
		/* stateful: a flag packet (count 0x.FF, a key change) early on */
		p.first_ccount = p.stateful ? (uint16_t)(0xf0 + f) : (uint16_t)(f * 100);
		p.key_bits = f % 4 == 1 ? 40 : 128;
		for (unsigned k = 0; k < 16; k++)
			p.start_key[k] = (uint8_t)rnd();
		params[f] = p;
		assert_int_equal(mppe_flow_create(hw, &p, &hwf[f]), 0);
		assert_int_equal(mppe_flow_create(sw, &p, &swf[f]), 0);
		assert_false(mppe_flow_in_software(hw, hwf[f]));
		if (is_rx(f)) {
			struct mppe_flow_params q = p;
			q.dir = MPPE_DIR_TX;
			assert_int_equal(mppe_flow_init(&peer[f], &q), 0);
		}
	}
	stats(&st);
	assert_int_equal(st.cards, 2);
	assert_int_equal(st.cards_up, 2);
	assert_int_equal(st.flows_card, NFLOWS);
	assert_int_equal(st.flows_sw, 0);
	/* batches that mix both cards, every flow twice per batch */
	all_flows(ops, &n);
	round_len = 64;                  /* short packets: the simulated card is slow */
	for (unsigned r = 0; r < 20; r++)
		assert_int_equal(round_of(ops, n, false), 0);
	round_len = PKT;
	for (unsigned c = 0; c < 2; c++) {
		assert_int_equal(card_engine_card_counters(multi_card(hw, c), &g), 0);
		assert_int_equal(g.ops, 20 * NFLOWS);   /* an even spread: each card did exactly half */
	}
	assert_null(multi_card(hw, 2));

	/* card B dies with a batch in flight (stopped first, so that its
	 * operations surely are): they end with MPPE_ERR_DEVICE, nothing else */
	kill(b.pid, SIGSTOP);
	kill_after_submit = &b;
	assert_true(round_of(ops, n, true) >= NFLOWS / 2);
	/* B's flows moved to software when the loss was seen */
	for (unsigned f = 0; f < NFLOWS; f++) {
		on_b[f] = mppe_flow_in_software(hw, hwf[f]);
		moved += on_b[f];
		/* a moved stateful sender flushes its next packet (a Reset-Request's
		 * reset may have been lost with the card): so does its twin */
		if (on_b[f] && !is_rx(f) && params[f].stateful) {
			struct mppe_op t = { .cookie = 7, .flow = swf[f], .opcode = MPPE_OP_RESET };
			struct mppe_completion tc;
			assert_int_equal(mppe_submit(sw, &t, 1), 1);
			collect(sw, &tc, 1);
		}
	}
	assert_int_equal(moved, NFLOWS / 2);
	/* every flow goes on: stateful receivers discard until the peer flushed */
	for (unsigned r = 0; r < 2; r++)
		round_of(ops, n, true);
	stats(&st);
	assert_int_equal(st.flows_moved, NFLOWS / 2);
	assert_int_equal(st.flows_sw, NFLOWS / 2);
	assert_int_equal(st.flows_card, NFLOWS / 2);
	assert_int_equal(st.cards_up, 1);
	for (unsigned r = 0; r < 20; r++)
		assert_int_equal(round_of(ops, n, false), 0);

	/* a new flow goes to the live card, not to software */
	{
		struct mppe_flow_params p = params[0];
		uint32_t id;
		for (unsigned i = 0; i < 3; i++) {
			assert_int_equal(mppe_flow_create(hw, &p, &id), 0);
			assert_false(mppe_flow_in_software(hw, id));
			assert_int_equal(mppe_flow_destroy(hw, id), 0);
		}
	}

	/* B comes back: the engine opens it again (every 5 s it tries) and new
	 * flows go to it, the card with the fewest */
	assert_int_equal(cardsim_restart(&b, NULL), 0);
	for (unsigned i = 0; i < 60 * 100; i++) {
		struct mppe_completion c[4];
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		mppe_poll(hw, c, 4);
		stats(&st);
		if (st.cards_up == 2)
			break;
		nanosleep(&ts, NULL);
	}
	assert_int_equal(st.cards_up, 2);
	assert_true(st.card_retries >= 1);
	{
		struct mppe_flow_params p = params[0];   /* a tx flow */
		unsigned f = NFLOWS;
		uint64_t before;
		assert_int_equal(card_engine_card_counters(multi_card(hw, 1), &g), 0);
		before = g.ops;
		assert_int_equal(mppe_flow_create(hw, &p, &hwf[f]), 0);
		assert_int_equal(mppe_flow_create(sw, &p, &swf[f]), 0);
		assert_false(mppe_flow_in_software(hw, hwf[f]));
		/* one encryption of the new flow: on B */
		{
			static uint8_t in[40], o1[PKT + 2];
			struct mppe_op op = { .cookie = 1, .flow = hwf[f], .opcode = MPPE_OP_ENCRYPT, .in = in,
					      .in_len = 40, .out = o1, .out_cap = PKT + 2 };
			struct mppe_completion c;
			in[1] = 0x21;
			assert_int_equal(mppe_submit(hw, &op, 1), 1);
			collect(hw, &c, 1);
			assert_int_equal(c.status, MPPE_OK);
		}
		assert_int_equal(card_engine_card_counters(multi_card(hw, 1), &g), 0);
		assert_int_equal(g.ops, before + 1);
	}
	(void)on_b;
}

/* A valid IPv4 packet of len octets behind the protocol field 0x0021. */
static void ipv4_packet(uint8_t *pt, size_t len)
{
	uint32_t sum = 0;

	memset(pt, 0, len);
	pt[1] = 0x21;
	pt[2] = 0x45;
	pt[4] = (uint8_t)((len - 2) >> 8);
	pt[5] = (uint8_t)(len - 2);
	pt[10] = 64;
	pt[11] = 17;
	for (size_t i = 22; i < len; i++)
		pt[i] = (uint8_t)rnd();
	for (size_t i = 0; i < 20; i += 2)
		sum += (uint32_t)pt[2 + i] << 8 | pt[3 + i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	pt[12] = (uint8_t)(~sum >> 8);
	pt[13] = (uint8_t)~sum;
}

/* One packet to the hw flow and its twin; both completions back. */
static void decrypt_both(uint32_t hf, uint32_t sf, const uint8_t *ct, size_t len, struct mppe_completion *h,
			 struct mppe_completion *t, uint8_t *oh, uint8_t *ot)
{
	struct mppe_op op = { .cookie = 1, .flow = hf, .opcode = MPPE_OP_DECRYPT, .in = ct, .in_len = (uint16_t)len,
			      .out = oh, .out_cap = PKT + 2 };
	assert_int_equal(mppe_submit(hw, &op, 1), 1);
	collect(hw, h, 1);
	op.flow = sf;
	op.out = ot;
	assert_int_equal(mppe_submit(sw, &op, 1), 1);
	collect(sw, t, 1);
}

/*
 * A forged packet the card's protocol check lets through (it decrypts to
 * 0x0021 but no valid IPv4 header; made here with the sender's key, as one
 * in ~600 random forgeries is): refused on the card as in software, with no
 * receive state moved: the flow goes on in software from the state before
 * it, and genuine packets after it are accepted exactly as by the software
 * engine (which never committed the forgery). On the old code the card
 * accepted it and took the next genuine packet for a duplicate.
 */
static void test_forged_packet_moves_no_state(void **state)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_RX, .key_bits = 128, .verify_ipv4 = true,
				      .rekey_base = MPPE_HARDENED_REKEY_BASE };
	struct mppe_flow snd, forger;
	struct mppe_completion h, t;
	struct card_engine_stats st;
	static uint8_t pt[PKT], ct[PKT + 2], oh[PKT + 2], ot[PKT + 2];
	uint32_t hf, sf;
	size_t lc;
	(void)state;

	for (unsigned k = 0; k < 16; k++)
		p.start_key[k] = (uint8_t)rnd();
	assert_int_equal(mppe_flow_create(hw, &p, &hf), 0);
	assert_int_equal(mppe_flow_create(sw, &p, &sf), 0);
	p.dir = MPPE_DIR_TX;
	assert_int_equal(mppe_flow_init(&snd, &p), 0);
	for (unsigned i = 0; i < 60; i++) {
		if (i == 20) {
			/* the forgery: the sender's next count and key, a bad header */
			forger = snd;
			ipv4_packet(pt, 100);
			pt[12] ^= 0xff;                       /* checksum wrong */
			assert_int_equal(mppe_flow_encrypt(&forger, pt, 100, ct, sizeof(ct), &lc), MPPE_OK);
			mppe_flow_wipe(&forger);
			decrypt_both(hf, sf, ct, lc, &h, &t, oh, ot);
			assert_int_equal(t.status, MPPE_DROP_IMPLAUSIBLE);
			assert_int_equal(h.status, MPPE_DROP_IMPLAUSIBLE);
			assert_true(h.flags & MPPE_CF_STATE_MOVED);
			assert_true(mppe_flow_in_software(hw, hf));
			continue;
		}
		size_t len = 40 + rnd() % 400;
		ipv4_packet(pt, len);
		assert_int_equal(mppe_flow_encrypt(&snd, pt, len, ct, sizeof(ct), &lc), MPPE_OK);
		decrypt_both(hf, sf, ct, lc, &h, &t, oh, ot);
		assert_int_equal(t.status, MPPE_OK);
		assert_int_equal(h.status, MPPE_OK);
		assert_int_equal(h.out_len, t.out_len);
		assert_memory_equal(oh, ot, h.out_len);
		assert_int_equal(mppe_flow_in_software(hw, hf), i > 20);
	}
	stats(&st);
	assert_int_equal(st.forged, 1);
	assert_int_equal(mppe_flow_destroy(hw, hf), 0);   /* frees the card context it left */
	stats(&st);
	assert_int_equal(st.flows_card, 0);
	mppe_flow_wipe(&snd);
}

/* One encryption of the same packet on hw flow h and sw flow w: equal. */
static void encrypt_same(struct mppe_engine *e, uint32_t h, uint32_t w, uint8_t expect_status)
{
	uint8_t in[64], out_h[80], out_w[80];
	struct mppe_op oh = { .cookie = 1, .flow = h, .opcode = MPPE_OP_ENCRYPT, .in = in, .in_len = sizeof(in),
			      .out = out_h, .out_cap = sizeof(out_h) };
	struct mppe_op ow = oh;
	struct mppe_completion ch, cw;

	ipv4_packet(in, sizeof(in));
	ow.flow = w;
	ow.out = out_w;
	assert_int_equal(mppe_submit(e, &oh, 1), 1);
	collect(e, &ch, 1);
	assert_int_equal(ch.status, expect_status);
	if (expect_status != MPPE_OK)
		return;
	assert_int_equal(mppe_submit(sw, &ow, 1), 1);
	collect(sw, &cw, 1);
	assert_int_equal(cw.status, MPPE_OK);
	assert_int_equal(ch.out_len, cw.out_len);
	assert_memory_equal(out_h, out_w, ch.out_len);
}

/*
 * What an event loop uses (issue 18): mppe_engine_open_start returns before
 * any card is up (flows made then run in software), the cards come up from
 * poll; mppe_flow_create_start never waits, its completion comes through
 * poll with the flow's ID; mppe_flow_destroy never waits either. On a lone
 * card: an operation in flight when its flow is destroyed completes, one
 * submitted after ends MPPE_ERR_BAD_FLOW at once, and the flow's card
 * context is reused only after that (the next flow there encrypts as a new
 * flow must).
 */
static void test_create_destroy_through_poll(void **state)
{
	char spec[300];
	struct card_engine_stats st;
	struct mppe_completion done[8];
	uint32_t ids[8], swids[8], early, early_sw, id;
	uint64_t seen = 0;
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128 };
	(void)state;

	mppe_engine_close(hw);
	snprintf(spec, sizeof(spec), "cards:%s,", cardsim_spec(&a));
	snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%s", cardsim_spec(&b));
	hw = mppe_engine_open_start(spec);
	assert_non_null(hw);
	stats(&st);
	assert_int_equal(st.cards_up, 0);          /* nothing was waited for */
	for (unsigned k = 0; k < 16; k++)
		p.start_key[k] = (uint8_t)rnd();
	assert_int_equal(mppe_flow_create_start(hw, &p, 7, &early), 1);   /* no card yet: software, at once */
	assert_true(mppe_flow_in_software(hw, early));
	assert_int_equal(mppe_flow_create(sw, &p, &early_sw), 0);
	encrypt_same(hw, early, early_sw, MPPE_OK);
	for (unsigned i = 0; i < 600000; i++) {    /* the cards' bring-up, from poll (bounded by its timeout) */
		struct mppe_completion c;
		assert_true(mppe_poll(hw, &c, 1) >= 0);
		stats(&st);
		if (st.cards_up == 2)
			break;
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	assert_int_equal(st.cards_up, 2);

	for (unsigned i = 0; i < 8; i++) {
		p.start_key[0] = (uint8_t)i;
		assert_int_equal(mppe_flow_create_start(hw, &p, 100 + i, &id), 0);
		assert_int_equal(mppe_flow_create(sw, &p, &swids[i]), 0);
	}
	stats(&st);
	assert_int_equal(st.flows_creating, 8);
	collect(hw, done, 8);
	for (unsigned i = 0; i < 8; i++) {
		unsigned k = (unsigned)(done[i].cookie - 100);
		assert_true(k < 8 && !(seen & (1u << k)));
		seen |= 1u << k;
		assert_int_equal(done[i].opcode, MPPE_OP_FLOW_CREATED);
		assert_int_equal(done[i].status, MPPE_OK);
		assert_false(mppe_flow_in_software(hw, done[i].flow));
		ids[k] = done[i].flow;
	}
	stats(&st);
	assert_int_equal(st.flows_creating, 0);
	assert_int_equal(st.flows_card, 8);
	for (unsigned i = 0; i < 8; i++)
		encrypt_same(hw, ids[i], swids[i], MPPE_OK);
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(mppe_flow_destroy(hw, ids[i]), 0);
	assert_int_equal(mppe_flow_destroy(hw, early), 0);
	mppe_engine_close(hw);

	/* a lone card: the destroy's fence */
	hw = mppe_engine_open(cardsim_spec(&a));
	assert_non_null(hw);
	assert_int_equal(mppe_flow_create_start(hw, &p, 5, &id), 0);
	collect(hw, done, 1);
	assert_int_equal(done[0].opcode, MPPE_OP_FLOW_CREATED);
	assert_int_equal(done[0].status, MPPE_OK);
	id = done[0].flow;
	{
		uint8_t in[64], out[2][80];
		struct mppe_op op[2] = {
			{ .cookie = 1, .flow = id, .opcode = MPPE_OP_ENCRYPT, .in = in, .in_len = sizeof(in), .out = out[0], .out_cap = 80 },
			{ .cookie = 2, .flow = id, .opcode = MPPE_OP_ENCRYPT, .in = in, .in_len = sizeof(in), .out = out[1], .out_cap = 80 },
		};
		ipv4_packet(in, sizeof(in));
		assert_int_equal(mppe_submit(hw, &op[0], 1), 1);
		assert_int_equal(mppe_flow_destroy(hw, id), 0);       /* returns at once */
		assert_int_equal(mppe_submit(hw, &op[1], 1), 1);
		collect(hw, done, 2);
		for (unsigned i = 0; i < 2; i++)
			assert_int_equal(done[i].status, done[i].cookie == 1 ? MPPE_OK : MPPE_ERR_BAD_FLOW);
	}
	/* the same context again, as a new flow from its start key */
	p.start_key[0] ^= 0x5a;
	assert_int_equal(mppe_flow_create(hw, &p, &ids[0]), 0);
	assert_int_equal(ids[0], id);
	assert_int_equal(mppe_flow_create(sw, &p, &swids[0]), 0);
	encrypt_same(hw, ids[0], swids[0], MPPE_OK);
	stats(&st);
	assert_int_equal(st.admin_pending, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forged_packet_moves_no_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spread_fail_over_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_destroy_through_poll, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
