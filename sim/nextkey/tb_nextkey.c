/*
 * Test bench of the key-change unit (hdl/mppe_nextkey.v) alone, with the SHA-1
 * core and an RC4 bank around it (sim/nextkey/nextkey_tb_top.v), against the
 * driver's key change (mppe_key_change() of driver/mppe_flow.c, RFC 3078
 * section 7.3; itself checked against the RFC 3079 vectors in
 * tests/unit/test_mppe_keys.c): random start keys and keys of 40, 56 and
 * 128 bits, single changes and chains of changes (a flow's successive
 * keys), key_i changed and start pulsed while a change runs (ignored). For each, the
 * new key octet for octet, the bank's S-box and i/j (the tables the engine
 * stores for the flow's next packet) against the driver's RC4 key schedule
 * of that key, and 64 keystream bytes from them.
 * Then the unit as the engine's own key changes (u_ck: word-fed SHA-1,
 * block-RAM RC4, the key in the caller's register): a flow's first session
 * key alone (RFC 3079 3.3, as mppe_flow_init()), then runs of 1 to 6
 * changes, each started again from done (as a receive flow's missed
 * changes are), every key against the driver's; a change takes the same
 * clocks each time for a key length (the engine's clock totals rest on it;
 * all but the first after reset, whose RC4 key schedule also fills the
 * block RAM).
 *
 *   tb_nextkey [--seed N] [--keys N]    (cmocka)
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
#include "mppe/keys.h"
#include "mppe/mppe.h"
#include "nextkey_pins.h"
#include "tb_rng.h"

#define MAX_CLOCKS 2000u   /* a key change takes about 700 (below) */

static unsigned seed = 1, nkeys = 200;

static struct nk_pins p;
static uint64_t clocks;

static void cycle(void)
{
	nk_cycle(&p);
	clocks++;
	p.start = p.clear = p.ks_next = p.ck_start = p.ck_init = 0;
}

/* One key change of p.key in the unit; returns its clocks (start to done).
 * With noise, key_i changes and start pulses while it runs. */
static unsigned change(int noise)
{
	unsigned n = 0;
	p.clear = 1;        /* out of the last change's done state */
	cycle();
	p.start = 1;
	cycle();
	uint8_t keep[16];
	memcpy(keep, p.key, 16);
	for (nk_eval(&p); !p.done; nk_eval(&p)) {
		if (noise) {
			/* key_i is taken at the start: changing it, and start pulses,
			 * while the unit runs change nothing */
			for (unsigned i = 0; i < 16; i++)
				p.key[i] = (uint8_t)rnd();
			p.start = (uint8_t)(rnd() & 1);
			nk_eval(&p);
		}
		if (!p.active)
			fail_msg("idle before done (clock %" PRIu64 ")", clocks);
		if (++n > MAX_CLOCKS)
			fail_msg("no done after %u clocks", MAX_CLOCKS);
		cycle();
	}
	p.start = 0;
	memcpy(p.key, keep, 16);
	return n + 1;
}

static void check_tables(const uint8_t *key, unsigned len)
{
	RC4_KEY ref;
	crypto_rc4_key(&ref, key, len);
	nk_eval(&p);
	if (p.ij != 0)
		fail_msg("i/j after the key schedule: %04x", p.ij);
	for (unsigned a = 0; a < 32; a++) {
		p.rd_addr = (uint8_t)a;
		nk_eval(&p);
		for (unsigned b = 0; b < 8; b++)
			if (((p.rd_data >> (8 * b)) & 0xff) != (ref.data[8 * a + b] & 0xff))
				fail_msg("S[%u] of the new key: rtl %02x, driver %02x", 8 * a + b,
					 (unsigned)(p.rd_data >> (8 * b)) & 0xff, (unsigned)ref.data[8 * a + b] & 0xff);
	}
	for (unsigned k = 0; k < 64; k++) {
		uint8_t z = 0, want;
		crypto_rc4(&ref, &z, &want, 1);
		nk_eval(&p);
		if (p.ks != want)
			fail_msg("keystream byte %u of the new key: rtl %02x, driver %02x", k, p.ks, want);
		p.ks_next = 1;
		cycle();
	}
}

static void test_key_changes(void **state)
{
	(void)state;
	static const unsigned bits[3] = {40, 56, 128};
	unsigned changes = 0, cmin = ~0u, cmax = 0;
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();
	for (unsigned n = 0; n < nkeys; n++) {
		unsigned kb = rnd() % 3, len = kb == 2 ? 16 : 8;
		uint8_t want[16];
		p.kb = (uint8_t)kb;
		for (unsigned i = 0; i < 16; i++) {
			p.start_key[i] = (uint8_t)rnd();
			p.key[i] = (uint8_t)rnd();
		}
		if (n % 40 == 3)
			memset(p.start_key, n % 80 == 3 ? 0x00 : 0xff, sizeof p.start_key);
		memcpy(want, p.key, 16);
		unsigned chain = (n % 5 == 0) ? 2 + rnd() % 4 : 1;
		for (unsigned c = 0; c < chain; c++) {
			mppe_key_change(p.start_key, bits[kb], want);
			unsigned cl = change(rnd() % 4 == 0);
			cmin = cl < cmin ? cl : cmin;
			cmax = cl > cmax ? cl : cmax;
			nk_eval(&p);
			if (memcmp(p.key_o, want, len) != 0)
				fail_msg("key %u change %u (%u bits): the new key differs from the driver's", n, c,
					 bits[kb]);
			check_tables(want, len);
			memcpy(p.key, p.key_o, 16);   /* the flow's next change starts from it */
			changes++;
		}
	}
	printf("mppe_nextkey: %u key changes match the driver's mppe_key_change, tables and "
	       "keystream; %u..%u clocks each (seed %u)\n", changes, cmin, cmax, seed);
}

/* u_ck: start (p.key is loaded into its key register), wait for done;
 * returns the clocks from start to done */
static unsigned ck_run(int init)
{
	unsigned n = 0;
	p.ck_start = 1;
	p.ck_init = (uint8_t)init;
	cycle();
	for (nk_eval(&p); !p.ck_done; nk_eval(&p)) {
		if (!p.ck_active)
			fail_msg("u_ck idle before done (clock %" PRIu64 ")", clocks);
		if (++n > 4 * MAX_CLOCKS)   /* the word-fed SHA-1: ~370 a block */
			fail_msg("u_ck: no done after %u clocks", 4 * MAX_CLOCKS);
		cycle();
	}
	return n + 1;
}

static void test_engine_changes(void **state)
{
	(void)state;
	static const unsigned bits[3] = {40, 56, 128};
	unsigned changes = 0, inits = 0, per[3] = {0, 0, 0};
	for (unsigned n = 0; n < nkeys / 4 + 3; n++) {
		unsigned kb = n < 3 ? n : rnd() % 3, len = kb == 2 ? 16 : 8;
		uint8_t want[16];
		p.kb = (uint8_t)kb;
		for (unsigned i = 0; i < 16; i++)
			p.start_key[i] = (uint8_t)rnd();
		/* the first session key alone: GetNewKeyFromSHA(start, start), reduced */
		GetNewKeyFromSHA(p.start_key, p.start_key, len, want);
		mppe_reduce_key(want, bits[kb]);
		memcpy(p.key, p.start_key, 16);
		ck_run(1);
		nk_eval(&p);
		if (memcmp(p.ck_key, want, len) != 0)
			fail_msg("flow %u (%u bits): the first session key differs from the driver's", n, bits[kb]);
		inits++;
		/* a run of changes, each taken again from done (no clear) */
		unsigned run = 1 + rnd() % 6;
		for (unsigned c = 0; c < run; c++) {
			mppe_key_change(p.start_key, bits[kb], want);
			memcpy(p.key, p.ck_key, 16);
			unsigned cl = ck_run(0);
			nk_eval(&p);
			if (memcmp(p.ck_key, want, len) != 0)
				fail_msg("flow %u change %u (%u bits): the key differs from the driver's", n, c, bits[kb]);
			if (changes == 0)
				;   /* the block-RAM core's first key schedule after reset also fills it */
			else if (per[kb] == 0)
				per[kb] = cl;
			else if (cl != per[kb])
				fail_msg("flow %u change %u (%u bits): %u clocks, the first took %u", n, c, bits[kb], cl,
					 per[kb]);
			changes++;
		}
	}
	printf("mppe_nextkey as u_ck: %u first session keys and %u key changes match the driver's; "
	       "%u / %u / %u clocks a change at 40 / 56 / 128 bits (seed %u)\n",
	       inits, changes, per[0], per[1], per[2], seed);
}

int main(int argc, char **argv)
{
	if (tb_args(argc, argv, "tb_nextkey", "--keys", &seed, &nkeys))
		return 2;
	nk_open(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_changes),
		cmocka_unit_test(test_engine_changes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	nk_close();
	return rc;
}
