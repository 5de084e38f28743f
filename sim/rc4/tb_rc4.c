/*
 * Test bench of the block-RAM RC4 core (hdl/rc4_bram.v) against OpenSSL's
 * RC4, byte for byte, and its state port against OpenSSL's RC4_KEY.
 *
 * Per key (random length 1..16, random octets): the key schedule, then a
 * random number of keystream bytes pulled with random stalls; at random
 * points the state is read out (compared with OpenSSL's S-box, i and j),
 * the core is scrambled with another key, the state loaded back, and the
 * keystream must go on where it stopped (a stateful MPPE flow's context
 * store and load). Some key schedules are cut short by a reset or a new
 * start first; the next must still give the right keystream (the core then
 * writes the identity first). Then a stall-free run measures the clocks per byte and
 * per key schedule, which the test requires to be the documented 3 and 515
 * (the numbers the card throughput estimate uses).
 *
 *   tb_rc4 [--seed N] [--keys N]
 * Exit 0 when everything matched; the first mismatch is printed and fails.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* RC4_KEY's tables are the state under test */
#include <openssl/rc4.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc4_pins.h"
#include "tb_rng.h"

#define KSA_CLOCKS 515u   /* the ksa_start clock to ready: 2 x 256 + 3 (hdl/rc4_bram.v) */
#define FILL_CLOCKS 256u  /* more after a reset or an unfinished key schedule */
#define PRGA_CLOCKS 3u    /* per byte with the consumer always ready */

static struct rc4_pins p;
static uint64_t clocks;
static uint64_t bytes_checked;

static void fail(const char *what, unsigned a, unsigned b)
{
	fprintf(stderr, "tb_rc4: FAIL %s: rtl %u, openssl %u (clock %" PRIu64 ")\n", what, a, b,
		clocks);
	rc4_close();
	exit(1);
}

static void idle_inputs(void)
{
	p.ksa_start = p.ks_next = p.ld_we = p.rd_en = p.ij_we = 0;
}

static void cycle(void)
{
	rc4_cycle(&p);
	clocks++;
	idle_inputs();
}

/* Wait until ready (bounded); returns the clocks waited. */
static unsigned wait_ready(void)
{
	unsigned n = 0;
	for (;;) {
		rc4_eval(&p);
		if (p.ready)
			return n;
		if (++n > 4 * KSA_CLOCKS)
			fail("ready never came", 0, 1);
		cycle();
	}
}

static unsigned ksa(const uint8_t *key, unsigned len)
{
	memset(p.key, 0, sizeof p.key);
	memcpy(p.key, key, len);
	p.key_len = (uint8_t)len;
	p.ksa_start = 1;
	cycle();
	return wait_ready() + 1;
}

/* Pull n bytes, stalling at random when stall is set; compare with ref. */
static void pull(RC4_KEY *ref, unsigned n, int stall)
{
	for (unsigned k = 0; k < n; k++) {
		uint8_t z = 0, want;
		wait_ready();
		while (stall && rnd() % 4 == 0) {
			cycle();
			rc4_eval(&p);
			if (!p.ready)
				fail("ready dropped while stalled", 0, 1);
		}
		RC4(ref, 1, &z, &want);
		if (p.ks != want)
			fail("keystream byte", p.ks, want);
		p.ks_next = 1;
		cycle();
		bytes_checked++;
	}
}

/* Store the state (compare with OpenSSL's), scramble, load it back. */
static void store_scramble_load(const RC4_KEY *ref)
{
	uint8_t s[256];
	wait_ready();
	rc4_eval(&p);
	if ((p.ij_o & 0xff) != (ref->x & 0xff))
		fail("i", p.ij_o & 0xff, ref->x & 0xff);
	if ((p.ij_o >> 8) != (ref->y & 0xff))
		fail("j", p.ij_o >> 8, ref->y & 0xff);
	uint16_t ij = p.ij_o;
	for (unsigned a = 0; a <= 256; a++) {
		if (a < 256) {
			p.rd_en = 1;
			p.rd_addr = (uint8_t)a;
		}
		rc4_eval(&p);
		if (a > 0) {
			s[a - 1] = p.rd_data;
			if (s[a - 1] != (ref->data[a - 1] & 0xff))
				fail("stored S-box entry", s[a - 1], ref->data[a - 1] & 0xff);
		}
		cycle();
	}
	uint8_t other[16];
	for (unsigned k = 0; k < 16; k++)
		other[k] = (uint8_t)rnd();
	ksa(other, 1 + rnd() % 16);
	p.ks_next = 1;      /* and move it on a little */
	cycle();
	wait_ready();
	for (unsigned a = 0; a < 256; a++) {
		if (rnd() % 8 == 0)
			cycle();  /* an idle clock between loads */
		p.ld_we = 1;
		p.ld_addr = (uint8_t)a;
		p.ld_data = s[a];
		cycle();
	}
	p.ij_we = 1;
	p.ij = ij;
	cycle();
}

int main(int argc, char **argv)
{
	unsigned seed = 1, keys = 300;
	if (tb_args(argc, argv, "tb_rc4", "--keys", &seed, &keys))
		return 2;
	rc4_open(argc, argv);
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();

	unsigned fill = FILL_CLOCKS;    /* the first key schedule after reset */
	for (unsigned n = 0; n < keys; n++) {
		uint8_t key[16];
		if (n % 10 == 5) {
			/* a key schedule cut short: by a new start or by a reset */
			uint8_t decoy[16];
			for (unsigned k = 0; k < 16; k++)
				decoy[k] = (uint8_t)rnd();
			memcpy(p.key, decoy, 16);
			p.key_len = 16;
			p.ksa_start = 1;
			cycle();
			for (unsigned c = rnd() % (KSA_CLOCKS - 4); c > 0; c--)
				cycle();
			if (n % 20 == 5) {
				p.rst_n = 0;
				cycle();
				p.rst_n = 1;
				cycle();
			}
			fill = FILL_CLOCKS;
		}
		unsigned len = 1 + rnd() % 16;
		if (n % 3 == 0)
			len = (n % 2) ? 8 : 16;   /* the MPPE key lengths */
		for (unsigned k = 0; k < 16; k++)
			key[k] = (uint8_t)rnd();
		if (n % 50 == 7)
			memset(key, n % 100 == 7 ? 0x00 : 0xff, sizeof key);
		RC4_KEY ref;
		RC4_set_key(&ref, (int)len, key);
		unsigned kc = ksa(key, len);
		if (kc != KSA_CLOCKS + fill)
			fail("key schedule clocks", kc, KSA_CLOCKS + fill);
		fill = 0;
		unsigned rounds = 1 + rnd() % 3;
		for (unsigned r = 0; r < rounds; r++) {
			pull(&ref, rnd() % 700, 1);
			if (rnd() % 2)
				store_scramble_load(&ref);
		}
		pull(&ref, 1 + rnd() % 20, 1);
	}

	/* stall-free throughput: the clocks per byte the engine estimate uses */
	uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	RC4_KEY ref;
	RC4_set_key(&ref, 16, key);
	ksa(key, 16);
	uint64_t c0 = clocks;
	const unsigned n = 4000;
	pull(&ref, n, 0);
	wait_ready();
	uint64_t per = clocks - c0;
	if (per != (uint64_t)n * PRGA_CLOCKS)
		fail("clocks for 4000 stall-free bytes", (unsigned)per, n * PRGA_CLOCKS);

	printf("tb_rc4: rc4_bram matches OpenSSL RC4: %u keys, %" PRIu64
	       " keystream bytes, state stores/loads checked; key schedule %u clocks, %u clocks per byte (seed %u)\n",
	       keys, bytes_checked, KSA_CLOCKS, PRGA_CLOCKS, seed);
	rc4_close();
	return 0;
}
