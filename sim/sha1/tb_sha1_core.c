/*
 * Test bench of the one-round-per-clock SHA-1 core (hdl/sha1_core.v) alone,
 * against two references no part of the core shares:
 *   - FIPS 180's test messages as RFC 3174 section 7.3 lists them
 *     (tests/vectors/rfc3174-sha1.txt): "abc", the two-block message,
 *     "a" a million times (15,626 blocks chained) and the 640-octet one;
 *   - nettle's SHA-1 (Debian libnettle, which the driver also uses), digest
 *     for digest: messages of random length 0..300 octets and every length
 *     around the padding boundaries (55, 56, 63, 64, 119, 120, ...), random
 *     octets.
 * The core does not pad (its callers feed fixed-shape blocks): the messages
 * are padded here (FIPS 180-4 section 5.1.1) and fed block by block, the
 * next block started in the clock done_o pulses or after random idle clocks.
 * While a block runs, start pulses (with first_i either way) and a changed
 * block_i must change nothing; a reset in the middle of a message and the
 * message started over must give the right digest. Then the documented
 * timing: 82 clocks from the start pulse to done_o (start, 80 rounds, the
 * final add), the same with the next block started in the done clock.
 *
 *   tb_sha1_core [--seed N] [--msgs N]    (run from the top of the tree)
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <nettle/sha1.h>

#include "sha1_core_pins.h"
#include "tb_rng.h"
#include "vectors.h"

#define BLOCK_CLOCKS 82u  /* start clock to done_o: 1 + 80 rounds + 1 add (hdl/sha1_core.v) */
#define MAX_MSG 300u

static unsigned seed = 1, msgs = 300;

static struct sha1c_pins p;
static uint64_t clocks, blocks;

static void cycle(void)
{
	sha1c_cycle(&p);
	clocks++;
	p.start = 0;
}

static void reset(void)
{
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();
}

/* One block through the core, started this clock; with noise, start pulses
 * and a different block_i while it runs. Returns with done_o high (the
 * caller may start the next block in this clock) and the clocks from the
 * start pulse to done_o. */
static unsigned run_block(const uint8_t *blk, int first, int noise)
{
	unsigned n = 1;
	memcpy(p.block, blk, 64);
	p.start = 1;
	p.first = (uint8_t)first;
	cycle();
	for (;;) {
		if (noise && rnd() % 8 == 0) {
			p.start = 1;
			p.first = (uint8_t)(rnd() & 1);
			for (unsigned k = 0; k < 64; k++)
				p.block[k] = (uint8_t)rnd();
		}
		sha1c_eval(&p);
		if (p.done)
			break;
		if (!p.busy)
			fail_msg("idle before done (clock %" PRIu64 ")", clocks);
		if (++n > 2 * BLOCK_CLOCKS)
			fail_msg("done never came (clock %" PRIu64 ")", clocks);
		cycle();
	}
	p.start = 0;
	sha1c_eval(&p);
	if (p.busy)
		fail_msg("busy while done");
	blocks++;
	return n;
}

/* The core's digest of m (padded here), the blocks fed with random gaps. */
static void rtl_sha1(const uint8_t *m, size_t len, uint8_t out[20])
{
	size_t padded = (len + 8) / 64 * 64 + 64;
	uint8_t *buf = calloc(1, padded);
	assert_non_null(buf);
	memcpy(buf, m, len);
	buf[len] = 0x80;
	for (int i = 0; i < 8; i++)
		buf[padded - 1 - i] = (uint8_t)(((uint64_t)len * 8) >> (8 * i));
	for (size_t b = 0; b < padded; b += 64) {
		run_block(buf + b, b == 0, 1);
		if (rnd() % 2) {       /* else the next block starts in the done clock */
			cycle();
			for (unsigned g = rnd() % 4; g > 0; g--)
				cycle();
		}
	}
	memcpy(out, p.digest, 20);
	free(buf);
}

static void nettle_sha1(const uint8_t *m, size_t len, uint8_t out[20])
{
	struct sha1_ctx c;
	sha1_init(&c);
	sha1_update(&c, len, m);
	sha1_digest(&c, SHA1_DIGEST_SIZE, out);
}

static void check_message(const uint8_t *m, size_t len, const char *what)
{
	uint8_t got[20], want[20];
	rtl_sha1(m, len, got);
	nettle_sha1(m, len, want);
	if (memcmp(got, want, 20) != 0) {
		char g[41], w[41];
		for (int i = 0; i < 20; i++) {
			snprintf(g + 2 * i, 3, "%02x", got[i]);
			snprintf(w + 2 * i, 3, "%02x", want[i]);
		}
		fail_msg("%s (%zu octets): rtl %s, nettle %s", what, len, g, w);
	}
}

/* ---- FIPS 180 / RFC 3174 ----------------------------------------------- */
static void test_rfc3174(void **state)
{
	(void)state;
	struct vecfile *v = vec_load("rfc3174-sha1.txt");
	unsigned n;
	reset();
	for (n = 1; n <= 4; n++) {
		char name[32];
		size_t mlen;
		snprintf(name, sizeof name, "test%u.message", n);
		const uint8_t *msg = vec_get(v, name, &mlen);
		snprintf(name, sizeof name, "test%u.repeat", n);
		unsigned long rep = vec_get_dec(v, name);
		snprintf(name, sizeof name, "test%u.digest", n);
		const uint8_t *want = vec_get_n(v, name, 20);
		size_t len = mlen * rep;
		uint8_t *m = malloc(len ? len : 1), got[20], sw[20];
		assert_non_null(m);
		for (unsigned long r = 0; r < rep; r++)
			memcpy(m + r * mlen, msg, mlen);
		rtl_sha1(m, len, got);
		nettle_sha1(m, len, sw);
		free(m);
		if (memcmp(sw, want, 20) != 0)
			fail_msg("test%u: nettle differs from RFC 3174", n);
		if (memcmp(got, want, 20) != 0)
			fail_msg("test%u: sha1_core differs from RFC 3174", n);
	}
	vec_assert_all_used(v);
	vec_free(v);
	printf("sha1_core: the 4 FIPS 180 messages of RFC 3174 match (%" PRIu64 " blocks)\n", blocks);
}

/* ---- random messages against nettle ----------------------------------- */
static void test_random_messages(void **state)
{
	(void)state;
	static const size_t edges[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129,
				       183, 184, 191, 192, 255, 256, 300};
	uint8_t m[MAX_MSG];
	char what[48];
	unsigned resets = 0;
	uint64_t b0 = blocks;
	reset();
	for (unsigned k = 0; k < sizeof edges / sizeof edges[0] + msgs; k++) {
		size_t len = k < sizeof edges / sizeof edges[0] ? edges[k] : rnd() % (MAX_MSG + 1);
		for (size_t i = 0; i < len; i++)
			m[i] = (uint8_t)rnd();
		if (k % 25 == 3) {
			/* a message cut short by a reset in the middle of a block */
			memcpy(p.block, m, 64 < len ? 64 : len);
			p.start = p.first = 1;
			cycle();
			for (unsigned c = rnd() % (BLOCK_CLOCKS - 1); c > 0; c--)
				cycle();
			reset();
			resets++;
		}
		snprintf(what, sizeof what, "message %u", k);
		check_message(m, len, what);
	}
	printf("sha1_core: %u messages (%" PRIu64 " blocks, %u resets mid-block) match nettle (seed %u)\n",
	       (unsigned)(sizeof edges / sizeof edges[0]) + msgs, blocks - b0, resets, seed);
}

/* ---- the documented timing --------------------------------------------- */
static void test_clocks(void **state)
{
	(void)state;
	uint8_t blk[64] = {0x80};    /* the padded empty message */
	static const uint8_t empty[20] = {0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
					  0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09};
	reset();
	assert_int_equal(run_block(blk, 1, 0), BLOCK_CLOCKS);
	assert_memory_equal(p.digest, empty, 20);
	/* back to back: the next start in the done clock */
	assert_int_equal(run_block(blk, 1, 0), BLOCK_CLOCKS);
	assert_memory_equal(p.digest, empty, 20);
	printf("sha1_core: %u clocks per block, back to back\n", BLOCK_CLOCKS);
}

int main(int argc, char **argv)
{
	if (tb_args(argc, argv, "tb_sha1_core", "--msgs", &seed, &msgs))
		return 2;
	sha1c_open(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3174),
		cmocka_unit_test(test_random_messages),
		cmocka_unit_test(test_clocks),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	sha1c_close();
	return rc;
}
