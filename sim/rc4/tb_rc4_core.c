/*
 * Test bench of the register-file RC4 core (hdl/rc4_core.v) alone, against
 * two references no part of the core shares:
 *   - RFC 6229 section 2 (tests/vectors/rfc6229-rc4.txt): every key of at
 *     most 16 octets (the core's and MPPE's maximum) through the core, its
 *     keystream compared at every offset the RFC lists; the keys of 24 and
 *     32 octets check only the reference below, so that every vector of the
 *     file is used (vec_assert_all_used).
 *   - the driver's software RC4 (crypto_rc4 of driver/crypto.c, the seam the
 *     software engine runs on; OpenSSL's libcrypto underneath), every byte of
 *     every key and of the RFC streams: random keys of 1..16 octets (8 and 16,
 *     the MPPE lengths, often; all-zero and all-0xff keys), random stream
 *     lengths, random stalls, the S-box and i/j read out through the state
 *     port (compared with the reference's tables), the core scrambled with
 *     another key and the state loaded back (a stateful flow's context
 *     store and load), key schedules cut short by a new start or a reset.
 * Then the documented timing: 257 clocks from the start pulse to the end of
 * the key schedule, one keystream byte per clock.
 *
 *   tb_rc4_core [--seed N] [--keys N]    (run from the top of the tree)
 * Built with --assert: the core's MPPE_ASSERT contract holds throughout.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* RC4_KEY's tables are the state under test */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/crypto.h"
#include "rc4_core_pins.h"
#include "tb_rng.h"
#include "vectors.h"

#define KSA_CLOCKS 257u   /* the start clock + 256 key schedule steps (hdl/rc4_core.v) */
#define RFC6229_LEN 4112u /* the last offset the RFC lists, 4096, + 16 */

static unsigned seed = 1, nkeys = 300;

static struct rc4c_pins p;
static uint64_t clocks, bytes_checked;

static void cycle(void)
{
	rc4c_cycle(&p);
	clocks++;
	p.ksa_start = p.ks_next = p.ld_we = p.ij_we = 0;
}

static void reset(void)
{
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();
}

/* The key schedule; returns the clocks from the start pulse to not busy. */
static unsigned ksa(const uint8_t *key, unsigned len)
{
	unsigned n = 1;
	memset(p.key, 0, sizeof p.key);
	memcpy(p.key, key, len);
	p.key_len = (uint8_t)len;
	p.ksa_start = 1;
	cycle();
	for (rc4c_eval(&p); p.busy; rc4c_eval(&p)) {
		if (++n > 2 * KSA_CLOCKS)
			fail_msg("key schedule never ends (clock %" PRIu64 ")", clocks);
		cycle();
	}
	return n;
}

/* n keystream bytes into out (may be NULL), each compared with the
 * reference; with stall, idle clocks at random, across which ks_o must hold. */
static void pull(RC4_KEY *ref, uint8_t *out, unsigned n, int stall)
{
	for (unsigned k = 0; k < n; k++) {
		uint8_t z = 0, want;
		rc4c_eval(&p);
		if (p.busy)
			fail_msg("busy outside a key schedule (clock %" PRIu64 ")", clocks);
		uint8_t ks = p.ks;
		while (stall && rnd() % 4 == 0) {
			cycle();
			rc4c_eval(&p);
			if (p.ks != ks)
				fail_msg("ks_o changed while stalled: %02x then %02x", ks, p.ks);
		}
		crypto_rc4(ref, &z, &want, 1);
		if (p.ks != want)
			fail_msg("keystream byte %u: rtl %02x, driver's rc4 %02x (clock %" PRIu64 ")", k, p.ks,
				 want, clocks);
		if (out)
			out[k] = p.ks;
		p.ks_next = 1;
		cycle();
		bytes_checked++;
	}
}

/* Read the state out (S-box, i, j: compared with the reference's), scramble
 * the core with another key and some keystream, load the state back. */
static void store_scramble_load(const RC4_KEY *ref)
{
	uint64_t s[32];
	rc4c_eval(&p);
	if ((p.ij_o & 0xff) != (ref->x & 0xff) || (p.ij_o >> 8) != (ref->y & 0xff))
		fail_msg("i/j: rtl %u/%u, reference %u/%u", p.ij_o & 0xff, p.ij_o >> 8,
			 (unsigned)ref->x & 0xff, (unsigned)ref->y & 0xff);
	uint16_t ij = p.ij_o;
	for (unsigned a = 0; a < 32; a++) {
		p.rd_addr = (uint8_t)a;
		rc4c_eval(&p);
		s[a] = p.rd_data;
		for (unsigned b = 0; b < 8; b++)
			if (((s[a] >> (8 * b)) & 0xff) != (ref->data[8 * a + b] & 0xff))
				fail_msg("S[%u]: rtl %02x, reference %02x", 8 * a + b,
					 (unsigned)(s[a] >> (8 * b)) & 0xff, (unsigned)ref->data[8 * a + b] & 0xff);
		if (rnd() % 4 == 0)
			cycle();  /* the read port is combinational: reading across clocks changes nothing */
	}
	uint8_t other[16];
	RC4_KEY oref;
	unsigned olen = 1 + rnd() % 16;
	for (unsigned k = 0; k < 16; k++)
		other[k] = (uint8_t)rnd();
	crypto_rc4_key(&oref, other, olen);
	ksa(other, olen);
	pull(&oref, NULL, rnd() % 40, 0);
	/* the words in a random order, idle clocks between them */
	unsigned order[32];
	for (unsigned a = 0; a < 32; a++)
		order[a] = a;
	for (unsigned a = 31; a > 0; a--) {
		unsigned r = rnd() % (a + 1), t = order[a];
		order[a] = order[r];
		order[r] = t;
	}
	for (unsigned a = 0; a < 32; a++) {
		if (rnd() % 8 == 0)
			cycle();
		p.ld_we = 1;
		p.ld_addr = (uint8_t)order[a];
		p.ld_data = s[order[a]];
		cycle();
	}
	p.ij_we = 1;
	p.ij = ij;
	cycle();
}

/* ---- RFC 6229 ---------------------------------------------------------- */
struct rfc_ctx {
	unsigned keys_core, keys_ref, blocks;
};

static void rfc6229_key(struct vecfile *v, const char *name, void *arg)
{
	struct rfc_ctx *c = arg;
	size_t klen;
	const uint8_t *key = vec_get(v, name, &klen);
	static uint8_t rtl[RFC6229_LEN], sw[RFC6229_LEN];
	RC4_KEY ref;
	char prefix[64], ksname[96];
	int on_core = klen >= 1 && klen <= 16;

	snprintf(prefix, sizeof prefix, "%.*s", (int)(strlen(name) - strlen(".key")), name);
	crypto_rc4_key(&ref, key, klen);
	memset(sw, 0, sizeof sw);
	crypto_rc4(&ref, sw, sw, sizeof sw);
	if (on_core) {
		unsigned kc;
		crypto_rc4_key(&ref, key, klen);
		kc = ksa(key, (unsigned)klen);
		if (kc != KSA_CLOCKS)
			fail_msg("%s: key schedule took %u clocks, documented %u", name, kc, KSA_CLOCKS);
		pull(&ref, rtl, RFC6229_LEN, 1);  /* each byte against the driver's RC4 too */
		c->keys_core++;
	} else {
		c->keys_ref++;
	}
	for (unsigned off = 0; off + 16 <= RFC6229_LEN; off++) {
		snprintf(ksname, sizeof ksname, "%s.ks.%u", prefix, off);
		if (!vec_has(v, ksname))
			continue;
		const uint8_t *want = vec_get_n(v, ksname, 16);
		if (memcmp(sw + off, want, 16) != 0)
			fail_msg("%s: the driver's RC4 differs from RFC 6229", ksname);
		if (on_core && memcmp(rtl + off, want, 16) != 0)
			fail_msg("%s: rc4_core differs from RFC 6229", ksname);
		c->blocks++;
	}
}

static void test_rfc6229(void **state)
{
	(void)state;
	struct vecfile *v = vec_load("rfc6229-rc4.txt");
	struct rfc_ctx c = {0, 0, 0};
	reset();
	vec_each(v, "set", ".key", rfc6229_key, &c);
	vec_assert_all_used(v);
	vec_free(v);
	assert_true(c.keys_core >= 10);
	printf("rc4_core: RFC 6229: %u keys through the core, %u keystream blocks of 16 octets match "
	       "(%u keys over 16 octets checked on the driver's RC4 only)\n", c.keys_core, c.blocks, c.keys_ref);
}

/* ---- random keys against the driver's RC4 ------------------------------ */
static void test_random_keys(void **state)
{
	(void)state;
	unsigned loads = 0, cut = 0;
	reset();
	for (unsigned n = 0; n < nkeys; n++) {
		if (n % 10 == 5) {
			/* a key schedule cut short by a new start or by a reset */
			for (unsigned k = 0; k < 16; k++)
				p.key[k] = (uint8_t)rnd();
			p.key_len = 16;
			p.ksa_start = 1;
			cycle();
			for (unsigned c = rnd() % (KSA_CLOCKS - 2); c > 0; c--)
				cycle();
			if (n % 20 == 5)
				reset();
			cut++;
		}
		uint8_t key[16];
		unsigned len = 1 + rnd() % 16;
		if (n % 3 == 0)
			len = (n % 2) ? 8 : 16;   /* the MPPE key lengths */
		for (unsigned k = 0; k < 16; k++)
			key[k] = (uint8_t)rnd();
		if (n % 50 == 7)
			memset(key, n % 100 == 7 ? 0x00 : 0xff, sizeof key);
		RC4_KEY ref;
		crypto_rc4_key(&ref, key, len);
		unsigned kc = ksa(key, len);
		if (kc != KSA_CLOCKS)
			fail_msg("key %u: key schedule took %u clocks, documented %u", n, kc, KSA_CLOCKS);
		unsigned rounds = 1 + rnd() % 3;
		for (unsigned r = 0; r < rounds; r++) {
			pull(&ref, NULL, rnd() % 1500, 1);
			if (rnd() % 2) {
				store_scramble_load(&ref);
				loads++;
			}
		}
		pull(&ref, NULL, 1 + rnd() % 20, 1);
	}
	printf("rc4_core: %u random keys (%u key schedules cut short), %u state stores/loads, "
	       "%" PRIu64 " keystream bytes in all match the driver's RC4 (seed %u)\n",
	       nkeys, cut, loads, bytes_checked, seed);
}

/* ---- the documented timing --------------------------------------------- */
static void test_clocks(void **state)
{
	(void)state;
	static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	RC4_KEY ref;
	reset();
	crypto_rc4_key(&ref, key, 16);
	assert_int_equal(ksa(key, 16), KSA_CLOCKS);
	uint64_t c0 = clocks;
	pull(&ref, NULL, 4000, 0);
	assert_int_equal(clocks - c0, 4000);
	printf("rc4_core: key schedule %u clocks, 1 keystream byte per clock\n", KSA_CLOCKS);
}

int main(int argc, char **argv)
{
	if (tb_args(argc, argv, "tb_rc4_core", "--keys", &seed, &nkeys))
		return 2;
	rc4c_open(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6229),
		cmocka_unit_test(test_random_keys),
		cmocka_unit_test(test_clocks),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	rc4c_close();
	return rc;
}
