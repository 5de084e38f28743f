/*
 * The host's shadow of a flow run elsewhere (mppe_shadow_track) and the
 * software flow that continues from it (mppe_flow_init_resume), against
 * the reference engine itself: a flow runs for a while, its completions
 * feed a shadow, and at a random point a second flow resumes from the
 * shadow; from then on both must produce the same bytes (tx), and accept
 * the same packets with the same plaintext (rx). This is what a card's
 * failure relies on (driver/card/multi.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/engine.h"
#include "mppe/mppe.h"

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t packet(uint8_t *pt)
{
	size_t len = 22 + rnd() % 200;
	pt[0] = 0;
	pt[1] = 0x21;
	for (size_t i = 2; i < len; i++)
		pt[i] = (uint8_t)rnd();
	return len;
}

static void params(struct mppe_flow_params *p, enum mppe_dir dir, bool stateful, unsigned bits)
{
	memset(p, 0, sizeof(*p));
	p->dir = dir;
	p->stateful = stateful;
	p->key_bits = bits;
	p->first_ccount = (uint16_t)(rnd() % 4096);
	for (int i = 0; i < 16; i++)
		p->start_key[i] = (uint8_t)rnd();
}

/* tx: a flow encrypts n packets (some after a CCP reset), the shadow
 * follows; the resumed flow's next packets equal the original's after
 * the original flushes once (the resume's flush, RFC 3078 8.2). */
static void tx_case(bool stateful, unsigned bits, unsigned n)
{
	struct mppe_flow_params p;
	struct mppe_flow a, b;
	struct mppe_shadow t;
	uint8_t pt[256], ca[300], cb[300];
	size_t la, lb;

	params(&p, MPPE_DIR_TX, stateful, bits);
	assert_int_equal(mppe_flow_init(&a, &p), 0);
	mppe_shadow_init(&t, &p);
	for (unsigned i = 0; i < n; i++) {
		size_t len = packet(pt);
		if (rnd() % 50 == 0)
			mppe_flow_reset(&a);
		assert_int_equal(mppe_flow_encrypt(&a, pt, len, ca, sizeof(ca), &la), MPPE_OK);
		mppe_shadow_track(&t, &p, MPPE_OK, ca[0] & MPPE_BIT_A, false,
				  (uint16_t)((ca[0] & 0x0f) << 8 | ca[1]), (unsigned)len);
	}
	assert_int_equal(mppe_flow_init_resume(&b, &p, &t), 0);
	if (stateful)
		mppe_flow_reset(&a);
	for (unsigned i = 0; i < 300; i++) {
		size_t len = packet(pt);
		assert_int_equal(mppe_flow_encrypt(&a, pt, len, ca, sizeof(ca), &la), MPPE_OK);
		assert_int_equal(mppe_flow_encrypt(&b, pt, len, cb, sizeof(cb), &lb), MPPE_OK);
		assert_int_equal(la, lb);
		assert_memory_equal(ca, cb, la);
	}
	mppe_flow_wipe(&a);
	mppe_flow_wipe(&b);
}

static void test_tx_stateless(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 20; k++)
		tx_case(false, k % 3 == 0 ? 40 : k % 3 == 1 ? 56 : 128, (unsigned)(rnd() % 600));
}

static void test_tx_stateful(void **state)
{
	(void)state;
	/* up to 600 packets: past flag packets (count 0x.FF) and CCP resets */
	for (unsigned k = 0; k < 20; k++)
		tx_case(true, k % 2 ? 40 : 128, (unsigned)(rnd() % 600));
}

/* rx: a sender, a receiver that sees the packets with loss, reordering and
 * forged ones; the shadow follows the receiver's completions; a resumed
 * receiver then accepts the same later packets with the same plaintext. */
static void rx_case(bool stateful, unsigned n)
{
	struct mppe_flow_params ps, pr;
	struct mppe_flow snd, a, b;
	struct mppe_shadow t;
	uint8_t pt[256], ct[300], held[300], oa[300], ob[300];
	size_t lc, lh = 0, la, lb;
	unsigned ok_b = 0;

	params(&pr, MPPE_DIR_RX, stateful, 128);
	ps = pr;
	ps.dir = MPPE_DIR_TX;
	assert_int_equal(mppe_flow_init(&snd, &ps), 0);
	assert_int_equal(mppe_flow_init(&a, &pr), 0);
	mppe_shadow_init(&t, &pr);
	for (unsigned i = 0; i < n; i++) {
		size_t len = packet(pt);
		unsigned r = (unsigned)(rnd() % 100);
		enum mppe_status st;
		uint64_t resets = a.c.ccp_resets;
		assert_int_equal(mppe_flow_encrypt(&snd, pt, len, ct, sizeof(ct), &lc), MPPE_OK);
		if (r < 5)
			continue;                       /* lost */
		if (r < 8) {                            /* held back: arrives late */
			memcpy(held, ct, lc);
			lh = lc;
			continue;
		}
		if (r < 10)
			ct[2 + rnd() % (lc - 2)] ^= 0x5a;  /* damaged: implausible */
		st = mppe_flow_decrypt(&a, ct, lc, oa, sizeof(oa), &la);
		mppe_shadow_track(&t, &pr, st, ct[0] & MPPE_BIT_A, a.c.ccp_resets != resets,
				  (uint16_t)((ct[0] & 0x0f) << 8 | ct[1]), st == MPPE_OK ? (unsigned)la : 0);
		if (stateful && a.c.ccp_resets != resets)
			mppe_flow_reset(&snd);          /* the peer gets the Reset-Request */
		if (lh && r % 2) {
			/* late (refused), or ahead when what followed it was lost */
			resets = a.c.ccp_resets;
			st = mppe_flow_decrypt(&a, held, lh, oa, sizeof(oa), &la);
			mppe_shadow_track(&t, &pr, st, held[0] & MPPE_BIT_A, a.c.ccp_resets != resets,
					  (uint16_t)((held[0] & 0x0f) << 8 | held[1]), st == MPPE_OK ? (unsigned)la : 0);
			if (stateful && a.c.ccp_resets != resets)
				mppe_flow_reset(&snd);
			lh = 0;
		}
	}
	assert_int_equal(mppe_flow_init_resume(&b, &pr, &t), 0);
	for (unsigned i = 0; i < 300; i++) {
		size_t len = packet(pt);
		enum mppe_status sa, sb;
		uint64_t resets = b.c.ccp_resets;
		assert_int_equal(mppe_flow_encrypt(&snd, pt, len, ct, sizeof(ct), &lc), MPPE_OK);
		sa = mppe_flow_decrypt(&a, ct, lc, oa, sizeof(oa), &la);
		sb = mppe_flow_decrypt(&b, ct, lc, ob, sizeof(ob), &lb);
		if (!stateful) {
			assert_int_equal(sa, MPPE_OK);
			assert_int_equal(sb, MPPE_OK);
		}
		if (sb == MPPE_OK) {
			assert_int_equal(sa, MPPE_OK);
			assert_int_equal(la, lb);
			assert_memory_equal(oa, ob, la);
			assert_memory_equal(ob, pt, len);
			ok_b++;
		} else {
			/* stateful: the resumed receiver discards until the sender
			 * flushed, after one Reset-Request (RFC 3078 8.2) */
			assert_true(stateful);
			assert_int_equal(sb, MPPE_DROP_DISCARDING);
			if (b.c.ccp_resets != resets || i == 0)
				mppe_flow_reset(&snd);
		}
	}
	assert_true(ok_b >= 298);
	mppe_flow_wipe(&snd);
	mppe_flow_wipe(&a);
	mppe_flow_wipe(&b);
}

static void test_rx_stateless(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 20; k++)
		rx_case(false, (unsigned)(rnd() % 600));
}

static void test_rx_stateful(void **state)
{
	(void)state;
	for (unsigned k = 0; k < 20; k++)
		rx_case(true, (unsigned)(rnd() % 600));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tx_stateless),
		cmocka_unit_test(test_tx_stateful),
		cmocka_unit_test(test_rx_stateless),
		cmocka_unit_test(test_rx_stateful),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
