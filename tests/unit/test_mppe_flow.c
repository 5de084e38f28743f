/* The reference MPPE engine: round trips, key changes, coherency wrap, and
 * every receive-side rule (loss, duplicates, reordering, CCP reset, hostile
 * headers, the rekey bound). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/crypto.h"
#include "mppe/mppe.h"

#define MAXPKT (MPPE_MAX_PAYLOAD + MPPE_HDR_LEN)

struct pair {
	struct mppe_flow tx, rx;
};

struct pkt {
	uint8_t pt[MAXPKT];
	size_t pt_len;
	uint8_t ct[MAXPKT];
	size_t ct_len;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void pair_init(struct pair *p, unsigned bits, bool stateful, uint16_t first, uint16_t max_rekeys)
{
	struct mppe_flow_params fp = { .key_bits = bits, .stateful = stateful, .first_ccount = first,
				       .max_rekeys = max_rekeys };
	for (int i = 0; i < 16; i++)
		fp.start_key[i] = (uint8_t)(0x40 + i * 7 + bits);
	fp.dir = MPPE_DIR_TX;
	assert_int_equal(mppe_flow_init(&p->tx, &fp), 0);
	fp.dir = MPPE_DIR_RX;
	assert_int_equal(mppe_flow_init(&p->rx, &fp), 0);
}

/* A plaintext PPP packet: IPv4 protocol field + random data. */
static void make_pkt(struct mppe_flow *tx, struct pkt *k, size_t len)
{
	k->pt[0] = 0x00;
	k->pt[1] = 0x21;
	for (size_t i = 2; i < len; i++)
		k->pt[i] = (uint8_t)rnd();
	k->pt_len = len;
	assert_int_equal(mppe_flow_encrypt(tx, k->pt, len, k->ct, sizeof(k->ct), &k->ct_len), MPPE_OK);
	assert_int_equal(k->ct_len, len + 2);
}

static enum mppe_status deliver(struct mppe_flow *rx, const struct pkt *k)
{
	uint8_t out[MAXPKT];
	size_t out_len = 0;
	enum mppe_status st = mppe_flow_decrypt(rx, k->ct, k->ct_len, out, sizeof(out), &out_len);
	if (st == MPPE_OK) {
		assert_int_equal(out_len, k->pt_len);
		assert_memory_equal(out, k->pt, k->pt_len);
	}
	return st;
}

static uint16_t hdr_cc(const struct pkt *k)
{
	return (uint16_t)(((k->ct[0] & 0x0f) << 8) | k->ct[1]);
}

static void roundtrip(unsigned bits, bool stateful)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters tc, rc;
	const unsigned n = 5000; /* wraps the 12-bit count */

	pair_init(&p, bits, stateful, 0, 0);
	for (unsigned i = 0; i < n; i++) {
		make_pkt(&p.tx, &k, 2 + rnd() % 1500);
		assert_int_equal(hdr_cc(&k), i % 4096);
		assert_true(k.ct[0] & MPPE_BIT_D);
		assert_int_equal(k.ct[0] & (MPPE_BIT_B | MPPE_BIT_C), 0);
		if (!stateful)
			assert_true(k.ct[0] & MPPE_BIT_A); /* RFC 3078 3.1 */
		else
			assert_int_equal(!!(k.ct[0] & MPPE_BIT_A), (i & 0xff) == 0xff); /* 7.2 flag packets */
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	mppe_flow_counters(&p.tx, &tc);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(tc.packets, n);
	assert_int_equal(rc.packets, n);
	assert_int_equal(tc.bytes, rc.bytes);
	unsigned changes = stateful ? n / 256 : n; /* flags at 255, 511, ... */
	assert_int_equal(tc.key_changes, changes);
	assert_int_equal(rc.key_changes, changes);
	assert_int_equal(tc.next_ccount, n % 4096);
	assert_int_equal(rc.next_ccount, n % 4096);
	assert_int_equal(rc.rx_dropped + rc.rx_missed + rc.sanity_errors, 0);
	mppe_flow_wipe(&p.tx);
	mppe_flow_wipe(&p.rx);
}

static void test_roundtrip_all(void **state)
{
	static const unsigned bits[] = { 40, 56, 128 };
	(void)state;
	for (unsigned b = 0; b < 3; b++) {
		roundtrip(bits[b], false);
		roundtrip(bits[b], true);
	}
}

/* Salt bytes of RFC 3078 7.3 survive every key change. */
static void test_reduced_keys(void **state)
{
	struct pair p;
	struct pkt k;
	(void)state;
	pair_init(&p, 40, false, 0, 0);
	for (int i = 0; i < 10; i++) {
		make_pkt(&p.tx, &k, 100);
		assert_memory_equal(p.tx.session_key, "\xd1\x26\x9e", 3);
	}
	pair_init(&p, 56, false, 0, 0);
	for (int i = 0; i < 10; i++) {
		make_pkt(&p.tx, &k, 100);
		assert_int_equal(p.tx.session_key[0], 0xd1);
		assert_int_not_equal(p.tx.session_key[1], 0x26);
	}
}

static void test_first_ccount_and_wrap(void **state)
{
	struct pair p;
	struct pkt k;
	(void)state;
	pair_init(&p, 128, true, 4093, 0);
	for (unsigned i = 0; i < 6; i++) {
		make_pkt(&p.tx, &k, 64);
		assert_int_equal(hdr_cc(&k), (4093 + i) % 4096);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
}

static void test_stateless_loss(void **state)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters rc;
	(void)state;
	pair_init(&p, 128, false, 0, 0);
	make_pkt(&p.tx, &k, 80);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	for (int i = 0; i < 37; i++)
		make_pkt(&p.tx, &k, 80); /* lost */
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK); /* RFC 3078 8.1: N key changes */
	make_pkt(&p.tx, &k, 80);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(rc.rx_missed, 36);
	assert_int_equal(rc.key_changes, 39);
	assert_int_equal(rc.packets, 3);
}

static void test_stateless_reorder_and_duplicate(void **state)
{
	struct pair p;
	struct pkt a, b, c;
	struct mppe_counters rc;
	(void)state;
	pair_init(&p, 40, false, 0, 0);
	make_pkt(&p.tx, &a, 100);
	make_pkt(&p.tx, &b, 100);
	make_pkt(&p.tx, &c, 100);
	assert_int_equal(deliver(&p.rx, &b), MPPE_OK);       /* a looks lost */
	assert_int_equal(deliver(&p.rx, &a), MPPE_DROP_LATE);
	assert_int_equal(deliver(&p.rx, &b), MPPE_DROP_DUPLICATE);
	assert_int_equal(deliver(&p.rx, &c), MPPE_OK);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(rc.rx_out_of_order, 2);
	assert_int_equal(rc.rx_dropped, 2);
	assert_int_equal(rc.rx_missed, 1);
	assert_int_equal(rc.sanity_score, 0);
}

static void test_stateful_loss_and_reset(void **state)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters rc, tc;
	(void)state;
	pair_init(&p, 128, true, 0, 0);
	for (int i = 0; i < 10; i++) {
		make_pkt(&p.tx, &k, 200);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	make_pkt(&p.tx, &k, 200); /* lost */
	make_pkt(&p.tx, &k, 200);
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_LOSS); /* RFC 3078 8.2 */
	make_pkt(&p.tx, &k, 200);
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_DISCARDING);
	/* the peer's CCP layer delivers our Reset-Request (twice: one key change) */
	assert_int_equal(mppe_flow_reset(&p.tx), MPPE_OK);
	assert_int_equal(mppe_flow_reset(&p.tx), MPPE_OK);
	make_pkt(&p.tx, &k, 200);
	assert_true(k.ct[0] & MPPE_BIT_A);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	for (int i = 0; i < 300; i++) { /* across a flag packet */
		make_pkt(&p.tx, &k, 200);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	mppe_flow_counters(&p.rx, &rc);
	mppe_flow_counters(&p.tx, &tc);
	assert_int_equal(rc.ccp_resets, 1);
	assert_int_equal(tc.ccp_resets, 2);
	assert_int_equal(rc.rx_missed, 1);
	assert_int_equal(rc.rx_dropped, 2);
	assert_int_equal(tc.key_changes, rc.key_changes);
	assert_int_equal(rc.discarding, 0);
}

/* Lose packets across several flag packets, then resynchronise on the
 * flushed packet after the reset: one key change per missed flag + 1. */
static void stateful_long_loss(unsigned good, unsigned lost)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters tc, rc;

	pair_init(&p, 56, true, 0, 0);
	for (unsigned i = 0; i < good; i++) {
		make_pkt(&p.tx, &k, 60);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	for (unsigned i = 0; i < lost; i++)
		make_pkt(&p.tx, &k, 60);
	make_pkt(&p.tx, &k, 60);
	if (k.ct[0] & MPPE_BIT_A) {
		/* the loss-revealing packet is a flag packet: still dropped (8.2) */
	}
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_LOSS);
	mppe_flow_reset(&p.tx);
	make_pkt(&p.tx, &k, 60);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	make_pkt(&p.tx, &k, 60);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	mppe_flow_counters(&p.tx, &tc);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(tc.key_changes, rc.key_changes);
	mppe_flow_wipe(&p.tx);
	mppe_flow_wipe(&p.rx);
}

static void test_stateful_loss_across_flags(void **state)
{
	(void)state;
	stateful_long_loss(10, 700);   /* two flag packets lost */
	stateful_long_loss(256, 20);   /* last good packet is itself a flag (255) */
	stateful_long_loss(255, 256);  /* exactly one block lost */
	stateful_long_loss(250, 1500); /* long outage, under the half window */
}

static void test_hostile_headers(void **state)
{
	struct pair p;
	struct pkt k, forged;
	struct mppe_counters rc;
	uint8_t out[MAXPKT];
	size_t ol;
	(void)state;

	pair_init(&p, 128, false, 0, 0);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);

	/* truncated */
	for (size_t len = 0; len < 4; len++)
		assert_int_equal(mppe_flow_decrypt(&p.rx, k.ct, len, out, sizeof(out), &ol), MPPE_ERR_SHORT);
	/* too long */
	static uint8_t big[MAXPKT + 8];
	memcpy(big, k.ct, 2);
	assert_int_equal(mppe_flow_decrypt(&p.rx, big, sizeof(big), out, sizeof(big), &ol), MPPE_ERR_TOO_LONG);
	/* D bit clear */
	make_pkt(&p.tx, &k, 100);
	forged = k;
	forged.ct[0] &= (uint8_t)~MPPE_BIT_D;
	assert_int_equal(deliver(&p.rx, &forged), MPPE_ERR_NOT_ENCRYPTED);
	/* A bit clear in stateless mode */
	forged = k;
	forged.ct[0] &= (uint8_t)~MPPE_BIT_A;
	assert_int_equal(deliver(&p.rx, &forged), MPPE_ERR_NOT_FLUSHED);
	/* a count 96 behind is late, not 4000 key changes (MPPE_LATE_WINDOW) */
	forged = k;
	forged.ct[0] = (uint8_t)((forged.ct[0] & 0xf0) | (((hdr_cc(&k) + 4000) >> 8) & 0x0f));
	forged.ct[1] = (uint8_t)((hdr_cc(&k) + 4000) & 0xff);
	assert_int_equal(deliver(&p.rx, &forged), MPPE_DROP_LATE);
	/* a forged jump inside the window with garbage decrypts to nonsense and
	 * commits nothing (try a few: a random protocol field can look right
	 * with small probability, so use fixed garbage known to fail) */
	forged = k;
	forged.ct[1] = (uint8_t)(hdr_cc(&k) + 50);
	for (size_t i = 2; i < forged.ct_len; i++)
		forged.ct[i] = (uint8_t)(i * 31);
	uint8_t key_before[16];
	memcpy(key_before, p.rx.session_key, 16);
	enum mppe_status st = deliver(&p.rx, &forged);
	assert_int_equal(st, MPPE_DROP_IMPLAUSIBLE);
	assert_memory_equal(p.rx.session_key, key_before, 16);
	/* the genuine packet still decrypts */
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(rc.sanity_errors, 3);
	assert_int_equal(rc.rx_implausible, 1);
	/* 300 after three bogons and one good packet: (300 >> 1) */
	assert_int_equal(rc.sanity_score, 150);
}

static void test_sanity_score_reaches_fatal(void **state)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters rc;
	(void)state;
	pair_init(&p, 128, true, 0, 0);
	make_pkt(&p.tx, &k, 100);
	k.ct[0] &= (uint8_t)~MPPE_BIT_D;
	for (int i = 0; i < 16; i++)
		assert_int_equal(deliver(&p.rx, &k), MPPE_ERR_NOT_ENCRYPTED);
	mppe_flow_counters(&p.rx, &rc);
	assert_true(rc.sanity_score >= MPPE_SANITY_FATAL);
}

static void test_stateful_flag_without_a(void **state)
{
	struct pair p;
	struct pkt k;
	(void)state;
	pair_init(&p, 128, true, 0, 0);
	for (int i = 0; i < 256; i++) {
		make_pkt(&p.tx, &k, 40);
		if (i == 255) {
			k.ct[0] &= (uint8_t)~MPPE_BIT_A;
			assert_int_equal(deliver(&p.rx, &k), MPPE_ERR_NOT_FLUSHED);
		} else {
			assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
		}
	}
}

/* A stateful packet with the expected count but forged contents must not
 * move the RC4 state; it costs one CCP reset round trip, never a permanent
 * desynchronisation. */
static void test_stateful_forged_in_order(void **state)
{
	struct pair p;
	struct pkt k, forged;
	struct mppe_counters rc;
	(void)state;
	pair_init(&p, 40, true, 0, 0);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	make_pkt(&p.tx, &k, 100);
	forged = k;
	for (size_t i = 2; i < forged.ct_len; i++)
		forged.ct[i] = (uint8_t)(k.ct[i] ^ 0x5a);
	assert_int_equal(deliver(&p.rx, &forged), MPPE_DROP_IMPLAUSIBLE);
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_DISCARDING);
	mppe_flow_reset(&p.tx);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(rc.ccp_resets, 1);
	assert_int_equal(rc.rx_implausible, 1);
}

/* The sender flushed for a Reset-Request and that flushed packet was lost;
 * so was the one after the retransmitted request. The third flushed packet
 * needs three key changes the receiver cannot count: found by trial. */
static void test_stateful_lost_flushes(void **state)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters tc, rc;
	(void)state;
	pair_init(&p, 128, true, 0, 0);
	for (int i = 0; i < 5; i++) {
		make_pkt(&p.tx, &k, 64);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	make_pkt(&p.tx, &k, 64); /* lost */
	make_pkt(&p.tx, &k, 64);
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_LOSS);
	for (int r = 0; r < 3; r++) {
		mppe_flow_reset(&p.tx);
		make_pkt(&p.tx, &k, 64); /* flushed; lost twice, delivered the third time */
		assert_true(k.ct[0] & MPPE_BIT_A);
	}
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	for (int i = 0; i < 600; i++) {
		make_pkt(&p.tx, &k, 64);
		assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	}
	mppe_flow_counters(&p.tx, &tc);
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(tc.key_changes, rc.key_changes);
}

/* The bound on key changes per packet, and the lookahead that lets a long
 * genuine outage recover anyway. */
static void test_rekey_bound_and_lookahead(void **state)
{
	struct pair p;
	struct pkt k;
	struct mppe_counters rc;
	(void)state;
	pair_init(&p, 128, false, 0, 16);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
	for (int i = 0; i < 40; i++)
		make_pkt(&p.tx, &k, 100);      /* lost; k is the 41st after the good one */
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_REKEY_LIMIT); /* 16 of 40 done */
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_DROP_REKEY_LIMIT); /* 32 of 41 */
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);               /* 42: 10 more */
	mppe_flow_counters(&p.rx, &rc);
	assert_int_equal(rc.rx_rekey_limited, 2);
	assert_int_equal(rc.key_changes, 1 + 42);
	assert_int_equal(rc.rx_missed, 41);
	assert_false(p.rx.lookahead_valid);
	make_pkt(&p.tx, &k, 100);
	assert_int_equal(deliver(&p.rx, &k), MPPE_OK);
}

/* crypto_rc4_pair: each stream exactly OpenSSL's RC4 of its key alone, over
 * key lengths 1..256 and unequal lengths either way (the longer one's tail
 * runs alone), in place too. */
static void test_rc4_pair_vs_openssl(void **state)
{
	static uint8_t in_a[1600], in_b[1600], out_a[1600], out_b[1600], ref_a[1600], ref_b[1600];
	uint8_t ka[256], kb[256];
	const size_t key_lens[] = { 1, 5, 8, 16, 17, 255, 256 };
	RC4_KEY k;
	(void)state;

	for (unsigned t = 0; t < 200; t++) {
		size_t kl = key_lens[t % 7], la = rnd() % 1600, lb = t % 3 == 0 ? la : rnd() % 1600;
		bool in_place = t % 5 == 4;

		for (size_t i = 0; i < kl; i++) {
			ka[i] = (uint8_t)rnd();
			kb[i] = (uint8_t)rnd();
		}
		for (size_t i = 0; i < sizeof(in_a); i++) {
			in_a[i] = (uint8_t)rnd();
			in_b[i] = (uint8_t)rnd();
		}
		crypto_rc4_key(&k, ka, kl);
		crypto_rc4(&k, in_a, ref_a, la);
		crypto_rc4_key(&k, kb, kl);
		crypto_rc4(&k, in_b, ref_b, lb);
		if (in_place) {
			crypto_rc4_pair(ka, in_a, in_a, la, kb, in_b, in_b, lb, kl);
			assert_memory_equal(in_a, ref_a, la);
			assert_memory_equal(in_b, ref_b, lb);
		} else {
			crypto_rc4_pair(ka, in_a, out_a, la, kb, in_b, out_b, lb, kl);
			assert_memory_equal(out_a, ref_a, la);
			assert_memory_equal(out_b, ref_b, lb);
		}
	}
}

/* mppe_flow_encrypt_pair against mppe_flow_encrypt one after the other on
 * twin flows: the same bytes, statuses, counts and counters, for one flow
 * twice and two flows, every key length, stateless and stateful (which runs
 * the two in turn), bad packets in either place, in place or not. */
static void test_encrypt_pair(void **state)
{
	const unsigned bits[] = { 40, 56, 128 };
	(void)state;

	for (unsigned bi = 0; bi < 3; bi++)
		for (int stateful = 0; stateful < 2; stateful++)
			for (int shared = 0; shared < 2; shared++) {
				struct pair f1, f2, r1, r2;     /* r: the reference twins */
				struct mppe_flow *fa = &f1.tx, *fb = shared ? &f1.tx : &f2.tx;
				struct mppe_flow *ga = &r1.tx, *gb = shared ? &r1.tx : &r2.tx;

				pair_init(&f1, bits[bi], stateful, 0, 0);
				pair_init(&f2, bits[bi], stateful, 7, 0);
				pair_init(&r1, bits[bi], stateful, 0, 0);
				pair_init(&r2, bits[bi], stateful, 7, 0);
				for (unsigned i = 0; i < 600; i++) {
					static uint8_t a[2 + MAXPKT], b[2 + MAXPKT], ra[MAXPKT], rb[MAXPKT];
					static uint8_t pa[MAXPKT], pb[MAXPKT];
					size_t la = 2 + rnd() % 1500, lb = i % 4 == 0 ? la : 2 + rnd() % 1500;
					size_t ola, olb, rla = 0, rlb = 0;
					enum mppe_status sta, stb;
					bool in_place = i % 3 == 1;

					for (size_t j = 0; j < MAXPKT; j++) {
						pa[j] = (uint8_t)rnd();
						pb[j] = (uint8_t)rnd();
					}
					pa[0] = pb[0] = 0x00;
					pa[1] = pb[1] = 0x21;
					if (i % 37 == 5)
						pa[1] = 0x20;   /* an even protocol: MPPE carries none (RFC 1661 2) */
					if (i % 41 == 6)
						lb = 1;         /* short */
					assert_true(mppe_flow_encrypt(ga, pa, la, ra, sizeof(ra), &rla) == MPPE_OK ||
						    i % 37 == 5);
					enum mppe_status rsb = mppe_flow_encrypt(gb, pb, lb, rb, sizeof(rb), &rlb);
					enum mppe_status rsa = i % 37 == 5 ? MPPE_ERR_BAD_PROTOCOL : MPPE_OK;
					if (in_place) {
						memcpy(a + 2, pa, la);
						memcpy(b + 2, pb, lb);
						mppe_flow_encrypt_pair(fa, a + 2, la, a, sizeof(a), &ola, &sta,
								       fb, b + 2, lb, b, sizeof(b), &olb, &stb);
					} else {
						mppe_flow_encrypt_pair(fa, pa, la, a, sizeof(a), &ola, &sta,
								       fb, pb, lb, b, sizeof(b), &olb, &stb);
					}
					assert_int_equal(sta, rsa);
					assert_int_equal(stb, rsb);
					if (sta == MPPE_OK) {
						assert_int_equal(ola, rla);
						assert_memory_equal(a, ra, rla);
					}
					if (stb == MPPE_OK) {
						assert_int_equal(olb, rlb);
						assert_memory_equal(b, rb, rlb);
					}
				}
				struct mppe_counters c1, c2;
				mppe_flow_counters(fa, &c1);
				mppe_flow_counters(ga, &c2);
				assert_memory_equal(&c1, &c2, sizeof(c1));
				mppe_flow_counters(fb, &c1);
				mppe_flow_counters(gb, &c2);
				assert_memory_equal(&c1, &c2, sizeof(c1));
				mppe_flow_wipe(&f1.tx);
				mppe_flow_wipe(&f2.tx);
				mppe_flow_wipe(&r1.tx);
				mppe_flow_wipe(&r2.tx);
			}
}

/* mppe_flow_decrypt_begin + mppe_rx_rest_run, two packets at a time (one
 * flow twice, or two flows), against mppe_flow_decrypt one after the other
 * on twin flows: the same statuses, bytes and counters, through losses,
 * duplicates, late and garbled packets, every key length, IPv4 checked or
 * not, in place or not. Stateful flows leave nothing for the rest pass. */
static void test_decrypt_begin_pairs(void **state)
{
	const unsigned bits[] = { 40, 56, 128 };
	(void)state;

	for (unsigned bi = 0; bi < 3; bi++)
		for (int stateful = 0; stateful < 2; stateful++)
			for (int shared = 0; shared < 2; shared++) {
				struct pair f1, f2, r1, r2;
				struct mppe_flow *fa = &f1.rx, *fb = shared ? &f1.rx : &f2.rx;
				struct mppe_flow *ga = &r1.rx, *gb = shared ? &r1.rx : &r2.rx;
				static struct pkt q[2][64];

				pair_init(&f1, bits[bi], stateful, 0, 0);
				pair_init(&f2, bits[bi], stateful, 9, 0);
				pair_init(&r1, bits[bi], stateful, 0, 0);
				pair_init(&r2, bits[bi], stateful, 9, 0);
				if (bi == 2) {  /* the IPv4 check: pnsd's setting */
					f1.rx.p.verify_ipv4 = f2.rx.p.verify_ipv4 = true;
					r1.rx.p.verify_ipv4 = r2.rx.p.verify_ipv4 = true;
				}
				/* f1.tx feeds a, f2.tx b (shared: f1.tx both) */
				for (unsigned i = 0; i < 64; i++)
					for (int w = 0; w < 2; w++) {
						struct mppe_flow *tx = (w == 0 || shared) ? &f1.tx : &f2.tx;
						size_t len = 22 + rnd() % 1400;
						struct pkt *k = &q[w][i];
						k->pt[0] = 0x00;
						k->pt[1] = 0x21;
						for (size_t j = 2; j < len; j++)
							k->pt[j] = (uint8_t)rnd();
						k->pt[2] = 0x45;   /* a plausible IPv4 header */
						k->pt[4] = (uint8_t)((len - 2) >> 8);
						k->pt[5] = (uint8_t)(len - 2);
						k->pt[12] = k->pt[13] = 0;
						uint32_t sum = 0;
						for (size_t j = 2; j < 22; j += 2)
							sum += (uint32_t)k->pt[j] << 8 | k->pt[j + 1];
						while (sum >> 16)
							sum = (sum & 0xffff) + (sum >> 16);
						k->pt[12] = (uint8_t)(~sum >> 8);
						k->pt[13] = (uint8_t)~sum;
						k->pt_len = len;
						assert_int_equal(mppe_flow_encrypt(tx, k->pt, len, k->ct, sizeof(k->ct),
										   &k->ct_len), MPPE_OK);
					}
				for (unsigned i = 0; i < 64; i++) {
					static uint8_t a[MAXPKT], b[MAXPKT], ra[MAXPKT], rb[MAXPKT];
					struct pkt ka = q[0][i], kb = q[1][i];
					struct mppe_rx_rest xa, xb;
					size_t la = 0, lb = 0, rla = 0, rlb = 0;
					enum mppe_status sta, stb, rsa, rsb;
					bool in_place = i % 3 == 1;

					if (i % 7 == 3)
						continue;                                  /* both lost */
					if (i % 11 == 4)
						ka.ct[10] ^= 0x5a;                         /* garbled */
					if (i % 13 == 5 && i > 2)
						kb = q[1][i - 2];                          /* late / duplicate */
					rsa = mppe_flow_decrypt(ga, ka.ct, ka.ct_len, ra, sizeof(ra), &rla);
					rsb = mppe_flow_decrypt(gb, kb.ct, kb.ct_len, rb, sizeof(rb), &rlb);
					if (in_place) {
						memcpy(a, ka.ct, ka.ct_len);
						memcpy(b, kb.ct, kb.ct_len);
						sta = mppe_flow_decrypt_begin(fa, a, ka.ct_len, a + 2, sizeof(a) - 2, &la, &xa);
						stb = mppe_flow_decrypt_begin(fb, b, kb.ct_len, b + 2, sizeof(b) - 2, &lb, &xb);
					} else {
						sta = mppe_flow_decrypt_begin(fa, ka.ct, ka.ct_len, a, sizeof(a), &la, &xa);
						stb = mppe_flow_decrypt_begin(fb, kb.ct, kb.ct_len, b, sizeof(b), &lb, &xb);
					}
					if (stateful)
						assert_true(xa.len == 0 && xb.len == 0);
					mppe_rx_rest_run(&xa, &xb);
					assert_int_equal(sta, rsa);
					assert_int_equal(stb, rsb);
					if (sta == MPPE_OK) {
						assert_int_equal(la, rla);
						assert_memory_equal(in_place ? a + 2 : a, ra, rla);
					}
					if (stb == MPPE_OK) {
						assert_int_equal(lb, rlb);
						assert_memory_equal(in_place ? b + 2 : b, rb, rlb);
					}
				}
				struct mppe_counters c1, c2;
				mppe_flow_counters(fa, &c1);
				mppe_flow_counters(ga, &c2);
				assert_memory_equal(&c1, &c2, sizeof(c1));
				assert_true(c1.packets > (stateful ? 2u : 40u));
				mppe_flow_counters(fb, &c1);
				mppe_flow_counters(gb, &c2);
				assert_memory_equal(&c1, &c2, sizeof(c1));
				mppe_flow_wipe(&f1.tx);
				mppe_flow_wipe(&f2.tx);
				mppe_flow_wipe(&f1.rx);
				mppe_flow_wipe(&f2.rx);
				mppe_flow_wipe(&r1.rx);
				mppe_flow_wipe(&r2.rx);
			}
}

static void test_in_place(void **state)
{
	struct pair p;
	uint8_t buf[2 + 300], ref[300];
	size_t len;
	(void)state;
	pair_init(&p, 128, true, 0, 0);
	for (int round = 0; round < 3; round++) {
		ref[0] = 0x00;
		ref[1] = 0x21;
		for (int i = 2; i < 300; i++)
			ref[i] = (uint8_t)rnd();
		memcpy(buf + 2, ref, 300);
		assert_int_equal(mppe_flow_encrypt(&p.tx, buf + 2, 300, buf, sizeof(buf), &len), MPPE_OK);
		assert_int_equal(len, 302);
		assert_int_equal(mppe_flow_decrypt(&p.rx, buf, 302, buf + 2, 300, &len), MPPE_OK);
		assert_int_equal(len, 300);
		assert_memory_equal(buf + 2, ref, 300);
	}
}

static void test_tx_errors(void **state)
{
	struct pair p;
	uint8_t in[MPPE_MAX_PAYLOAD + 1] = { 0x80, 0x21 }, out[MAXPKT + 8];
	size_t len;
	struct mppe_counters tc;
	(void)state;
	pair_init(&p, 128, false, 0, 0);
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, 100, out, sizeof(out), &len), MPPE_ERR_BAD_PROTOCOL);
	in[0] = 0xc0; /* LCP never passes through MPPE */
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, 100, out, sizeof(out), &len), MPPE_ERR_BAD_PROTOCOL);
	in[0] = 0x00;
	in[1] = 0xfd; /* even protocol numbers do not exist */
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, 100, out, sizeof(out), &len), MPPE_ERR_BAD_PROTOCOL);
	in[1] = 0x21;
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, 1, out, sizeof(out), &len), MPPE_ERR_SHORT);
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, sizeof(in), out, sizeof(out), &len), MPPE_ERR_TOO_LONG);
	assert_int_equal(mppe_flow_encrypt(&p.tx, in, 100, out, 101, &len), MPPE_ERR_NO_SPACE);
	assert_int_equal(mppe_flow_decrypt(&p.tx, in, 100, out, sizeof(out), &len), MPPE_ERR_BAD_FLOW);
	assert_int_equal(mppe_flow_encrypt(&p.rx, in, 100, out, sizeof(out), &len), MPPE_ERR_BAD_FLOW);
	assert_int_equal(mppe_flow_reset(&p.rx), MPPE_ERR_BAD_OP);
	mppe_flow_counters(&p.tx, &tc);
	assert_int_equal(tc.packets, 0);
	assert_int_equal(tc.next_ccount, 0); /* errors do not consume a count */
}

static void test_bad_params(void **state)
{
	struct mppe_flow f;
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 64 };
	(void)state;
	assert_int_equal(mppe_flow_init(&f, &p), -1);
	p.key_bits = 128;
	p.first_ccount = 4096;
	assert_int_equal(mppe_flow_init(&f, &p), -1);
	p.first_ccount = 0;
	p.dir = 7;
	assert_int_equal(mppe_flow_init(&f, &p), -1);
	p.dir = MPPE_DIR_RX;
	p.max_rekeys = MPPE_MAX_REKEYS_LIMIT + 1; /* one forged packet must stay cheap */
	assert_int_equal(mppe_flow_init(&f, &p), -1);
	p.max_rekeys = MPPE_MAX_REKEYS_LIMIT;
	assert_int_equal(mppe_flow_init(&f, &p), 0);
}

/* Forged stateless packets (random count, random bytes): with the 2-octet
 * protocol check alone some are accepted and move the receive count, so the
 * next genuine packets are "late" (issue 13); with verify_ipv4 none is, and
 * the genuine stream goes on. */
static unsigned forged_accepted(bool verify_ipv4, unsigned n, unsigned *genuine_ok)
{
	struct mppe_flow_params fp = { .key_bits = 128, .stateful = false, .rekey_base = 3,
				       .verify_ipv4 = verify_ipv4 };
	struct mppe_flow tx, rx;
	uint8_t ct[2 + 64], out[MAXPKT], pt[2 + 40];
	size_t out_len, ct_len;
	unsigned accepted = 0;

	memcpy(fp.start_key, "0123456789abcdef", 16);
	fp.dir = MPPE_DIR_TX;
	assert_int_equal(mppe_flow_init(&tx, &fp), 0);
	fp.dir = MPPE_DIR_RX;
	assert_int_equal(mppe_flow_init(&rx, &fp), 0);
	for (unsigned i = 0; i < n; i++) {
		uint16_t cc = (uint16_t)(rnd() & MPPE_CCOUNT_MASK);
		ct[0] = (uint8_t)(MPPE_BIT_A | MPPE_BIT_D | (cc >> 8));
		ct[1] = (uint8_t)cc;
		for (size_t k = 2; k < sizeof(ct); k++)
			ct[k] = (uint8_t)rnd();
		accepted += mppe_flow_decrypt(&rx, ct, sizeof(ct), out, sizeof(out), &out_len) == MPPE_OK;
	}
	/* 20 genuine IPv4 packets (version 4, length 40, right checksum) */
	*genuine_ok = 0;
	for (unsigned i = 0; i < 20; i++) {
		uint32_t sum = 0;
		memset(pt, 0, sizeof(pt));
		pt[1] = 0x21;
		pt[2] = 0x45, pt[5] = 40, pt[6] = (uint8_t)i, pt[10] = 64, pt[11] = 17;
		for (int k = 2; k < 22; k += 2)
			sum += (uint32_t)pt[k] << 8 | pt[k + 1];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		pt[12] = (uint8_t)(~sum >> 8), pt[13] = (uint8_t)~sum;
		assert_true(mppe_plausible_ipv4(pt, sizeof(pt)));
		assert_int_equal(mppe_flow_encrypt(&tx, pt, sizeof(pt), ct, sizeof(ct), &ct_len), MPPE_OK);
		*genuine_ok += mppe_flow_decrypt(&rx, ct, ct_len, out, sizeof(out), &out_len) == MPPE_OK;
	}
	mppe_flow_wipe(&tx);
	mppe_flow_wipe(&rx);
	return accepted;
}

static void test_forged_need_ipv4(void **state)
{
	unsigned ok_old, ok_new;

	(void)state;
	assert_true(forged_accepted(false, 100000, &ok_old) > 0);   /* the old check: some get in */
	assert_int_equal(forged_accepted(true, 100000, &ok_new), 0);
	assert_int_equal(ok_new, 20);
}

static void test_plausible_protocol(void **state)
{
	(void)state;
	assert_true(mppe_plausible_protocol((const uint8_t *)"\x00\x21", 2, false));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x21\x45", 2, false));
	assert_true(mppe_plausible_protocol((const uint8_t *)"\x21\x45", 2, true)); /* PFC */
	assert_true(mppe_plausible_protocol((const uint8_t *)"\x00\x2d", 2, false)); /* VJ */
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x00\xfd", 2, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x00\x23", 1, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\xc0\x21", 2, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x80\x21", 2, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x01\x21", 2, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\xfb\x21", 2, true));
	assert_false(mppe_plausible_protocol((const uint8_t *)"\x00\x21", 0, true));
	assert_string_equal(mppe_status_name(MPPE_DROP_LOSS), "loss");
	assert_string_equal(mppe_status_name(999), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_all),
		cmocka_unit_test(test_reduced_keys),
		cmocka_unit_test(test_first_ccount_and_wrap),
		cmocka_unit_test(test_stateless_loss),
		cmocka_unit_test(test_stateless_reorder_and_duplicate),
		cmocka_unit_test(test_stateful_loss_and_reset),
		cmocka_unit_test(test_stateful_loss_across_flags),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_forged_need_ipv4),
		cmocka_unit_test(test_sanity_score_reaches_fatal),
		cmocka_unit_test(test_stateful_flag_without_a),
		cmocka_unit_test(test_stateful_forged_in_order),
		cmocka_unit_test(test_stateful_lost_flushes),
		cmocka_unit_test(test_rekey_bound_and_lookahead),
		cmocka_unit_test(test_in_place),
		cmocka_unit_test(test_rc4_pair_vs_openssl),
		cmocka_unit_test(test_encrypt_pair),
		cmocka_unit_test(test_decrypt_begin_pairs),
		cmocka_unit_test(test_tx_errors),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_plausible_protocol),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
