/*
 * Test bench of the farm's keystream-only RC4 core (hdl/rc4_ks.v; DUAL=1:
 * the dual-port core hdl/rc4_dp.v, DUAL=0: rc4_bram) against OpenSSL's RC4,
 * byte for byte.
 *
 * Per key (random length 1..16, even for rc4_dp, often 8 or 16, random
 * octets): the key schedule, then a random number of keystream bytes pulled
 * with random stalls. Some key schedules are cut short by a reset or a new
 * start, and some keystreams by a new start at a random clock (the next key
 * must still be right: after a cut-short schedule the core writes the
 * identity first). rc4_dp's fill (fill_i: the identity written ahead) is
 * held for a random number of clocks after most keystreams, long enough or
 * not, so the next key schedule starts from a finished fill, one under way
 * or none (rc4_bram ignores fill_i).
 * Then a stall-free run measures the clocks per byte and per key schedule,
 * which must be the documented ones (the farm's throughput numbers).
 *
 * rc4_dp resolves its read-after-write hazards inside a pair of RC4 steps
 * (steps 2m and 2m+1, one RAM word) by comparing indices. The bench runs
 * the same pairs in software and counts each hazard case (ja == i_b, jb ==
 * ja, ta == j_a, ...) over the keystream bytes it checks; every case must
 * have occurred, so a wrong forwarding cannot pass unseen
 * (tests/rtl/rc4_dp_mutants.sh drops each one and watches this fail).
 *
 *   tb_rc4_ks [--sdp] [--seed N] [--keys N]     (--sdp: built with DUAL=0)
 * Exit 0 when everything matched; the first mismatch is printed and fails.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* RC4_set_key/RC4: the reference keystream */
#include <openssl/rc4.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rc4_ks_pins.h"
#include "tb_rng.h"

/* The clocks of the core under test (the model is built with DUAL=1 or 0;
 * --sdp tells the bench it is rc4_bram's) */
static unsigned KSA_CLOCKS = 388;  /* start clock to ready: 3 x 128 + 4 (hdl/rc4_dp.v) */
static unsigned FILL_CLOCKS = 65;  /* more without a finished fill (fill_i) before */
static const unsigned FILL_LEN = 64; /* clocks of rc4_dp's fill */
static unsigned PRGA_CLOCKS = 2;   /* per byte with the consumer always ready */
static const char *CORE = "rc4_dp";
static int dual = 1;

static void use_sdp(void)
{
	KSA_CLOCKS = 515;   /* 2 x 256 + 3 (hdl/rc4_bram.v) */
	FILL_CLOCKS = 256;
	PRGA_CLOCKS = 3;
	CORE = "rc4_bram";
	dual = 0;   /* its identity costs nothing: generation bits */
}

static struct rc4_ks_pins p;
static uint64_t clocks;
static uint64_t bytes_checked;

static void fail(const char *what, unsigned a, unsigned b)
{
	fprintf(stderr, "tb_rc4_ks: FAIL %s: rtl %u, openssl %u (clock %" PRIu64 ")\n", what, a, b,
		clocks);
	rc4ks_close();
	exit(1);
}

static void cycle(void)
{
	rc4ks_cycle(&p);
	clocks++;
	p.ksa_start = p.ks_next = p.fill = 0;
}

/* ------------------------------------------------------------------
 * The hazard cases of rc4_dp's pairs, counted on a software RC4 run the
 * way the core runs it: the key schedule in pairs (2m, 2m+1), the PRGA in
 * pairs (2m, 2m+1) from i = 1 (its first pair is i = 1 alone).
 */
enum {
	HZ_SIB,         /* ja == i_b: S[i_b] is step a's write */
	HZ_SJB_IA,      /* jb == i_a */
	HZ_SJB_JA,      /* jb == ja */
	HZ_JA_IW,       /* ja in the i word (written to the register) */
	HZ_JB_IW,       /* jb in the i word */
	HZ_SAME_WORD,   /* ja, jb in one word, other halves: one write */
	HZ_KS_A_IA,     /* PRGA: ta == i_a */
	HZ_KS_A_JA,     /* ta == ja */
	HZ_KS_B_IB,     /* tb == i_b */
	HZ_KS_B_JB,     /* tb == jb */
	HZ_KS_B_IA,     /* tb == i_a (and not b's own) */
	HZ_KS_B_JA,     /* tb == ja (and not b's own) */
	HZ_N
};
static const char *const hz_name[HZ_N] = {
	"ja==ib", "jb==ia", "jb==ja", "ja-in-iword", "jb-in-iword", "ja,jb-one-word",
	"ta==ia", "ta==ja", "tb==ib", "tb==jb", "tb==ia", "tb==ja",
};
static uint64_t hz_ksa[HZ_N], hz_prga[HZ_N];

struct swrc4 {
	uint8_t s[256];
	uint8_t i, j;   /* PRGA: i of the last byte */
};

static void count_pair(uint64_t *hz, unsigned m, int va, unsigned ja, unsigned jb)
{
	unsigned ia = 2 * m, ib = 2 * m + 1;
	hz[HZ_SIB] += va && ja == ib;
	hz[HZ_SJB_IA] += va && jb == ia;
	hz[HZ_SJB_JA] += va && jb == ja;
	hz[HZ_JA_IW] += va && ja / 2 == m;
	hz[HZ_JB_IW] += jb / 2 == m;
	hz[HZ_SAME_WORD] += va && ja / 2 != m && jb / 2 != m && ja / 2 == jb / 2 && ja != jb;
}

static void sw_ksa(struct swrc4 *r, const uint8_t *key, unsigned len)
{
	for (unsigned k = 0; k < 256; k++)
		r->s[k] = (uint8_t)k;
	uint8_t j = 0;
	for (unsigned m = 0; m < 128; m++) {
		unsigned jab[2];
		for (unsigned h = 0; h < 2; h++) {
			unsigned i = 2 * m + h;
			j = (uint8_t)(j + r->s[i] + key[i % len]);
			uint8_t t = r->s[i];
			r->s[i] = r->s[j];
			r->s[j] = t;
			jab[h] = j;
		}
		count_pair(hz_ksa, m, 1, jab[0], jab[1]);
	}
	r->i = r->j = 0;
}

/* One PRGA byte, counting the pair's cases when it ends a pair (odd i). */
static uint8_t sw_byte(struct swrc4 *r)
{
	static unsigned ja, ta;
	static int va;
	r->i++;
	r->j = (uint8_t)(r->j + r->s[r->i]);
	uint8_t t0 = r->s[r->i];
	r->s[r->i] = r->s[r->j];
	r->s[r->j] = t0;
	unsigned t = (uint8_t)(r->s[r->i] + r->s[r->j]);
	unsigned i = r->i, j = r->j;
	if (i % 2 == 0) {          /* step a of pair i/2 */
		ja = j;
		ta = t;
		va = 1;
	} else {                   /* step b: the pair is done */
		if (i == 1)
			va = 0;
		unsigned m = i / 2, ia = 2 * m;
		count_pair(hz_prga, m, va, ja, j);
		if (va) {
			hz_prga[HZ_KS_A_IA] += ta == ia;
			hz_prga[HZ_KS_A_JA] += ta == ja && ta != ia;
		}
		hz_prga[HZ_KS_B_IB] += t == i;
		hz_prga[HZ_KS_B_JB] += t == j && t != i;
		hz_prga[HZ_KS_B_IA] += va && t == ia && t != j;
		hz_prga[HZ_KS_B_JA] += va && t == ja && t != ia && t != i && t != j;
	}
	return r->s[t];
}

/* ------------------------------------------------------------------ */

/* Wait until ready (bounded); returns the clocks waited. */
static unsigned wait_ready(void)
{
	unsigned n = 0;
	for (;;) {
		rc4ks_eval(&p);
		if (p.ready)
			return n;
		if (!p.busy && n > 8)
			fail("neither busy nor ready", 0, 1);
		if (++n > 4 * (KSA_CLOCKS + FILL_CLOCKS))
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

/* Pull n bytes, stalling at random when stall is set; compare with both
 * OpenSSL and the software pairs (which count the hazard cases). */
static void pull(RC4_KEY *ref, struct swrc4 *sw, unsigned n, int stall)
{
	for (unsigned k = 0; k < n; k++) {
		uint8_t z = 0, want;
		wait_ready();
		while (stall && rnd() % 4 == 0) {
			cycle();
			rc4ks_eval(&p);
			if (!p.ready)
				fail("ready dropped while stalled", 0, 1);
		}
		RC4(ref, 1, &z, &want);
		uint8_t mine = sw_byte(sw);
		if (mine != want)
			fail("the bench's own RC4 model", mine, want);
		if (p.ks != want)
			fail("keystream byte", p.ks, want);
		p.ks_next = 1;
		cycle();
		bytes_checked++;
	}
}

int main(int argc, char **argv)
{
	unsigned seed = 1, keys = 300;
	if (argc > 1 && !strcmp(argv[1], "--sdp")) {
		use_sdp();
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	if (tb_args(argc, argv, "tb_rc4_ks", "--keys", &seed, &keys))
		return 2;
	rc4ks_open(argc, argv);
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();

	unsigned fill = FILL_CLOCKS;    /* the first key schedule after reset */
	unsigned fill_hold = 0;         /* clocks since fill_i rose, before this start */
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
			/* without the reset, a fill asked for before may still be under
			 * way when the next key schedule starts (it goes on): the range */
			fill_hold = (n % 20 == 5) ? 0 : 1;
		}
		/* rc4_dp takes even lengths (octet pairs), rc4_bram any */
		unsigned len = dual ? 2 + 2 * (rnd() % 8) : 1 + rnd() % 16;
		if (n % 3 == 0)
			len = (n % 2) ? 8 : 16;   /* the MPPE key lengths */
		for (unsigned k = 0; k < 16; k++)
			key[k] = (uint8_t)rnd();
		if (n % 50 == 7)
			memset(key, n % 100 == 7 ? 0x00 : 0xff, sizeof key);
		RC4_KEY ref;
		struct swrc4 sw;
		RC4_set_key(&ref, (int)len, key);
		sw_ksa(&sw, key, len);
		unsigned kc = ksa(key, len);
		if (dual && fill_hold > FILL_LEN + 3) {
			/* a finished fill (it starts within 3 clocks: a pair in flight ends) */
			if (kc != KSA_CLOCKS)
				fail("key schedule clocks after a fill", kc, KSA_CLOCKS);
		} else if (dual && fill_hold > 0) {
			/* a fill under way (or over): what is left of it, and one clock */
			if (kc < KSA_CLOCKS || kc > KSA_CLOCKS + FILL_CLOCKS)
				fail("key schedule clocks after part of a fill", kc, KSA_CLOCKS);
		} else if (kc != KSA_CLOCKS + fill) {
			fail("key schedule clocks", kc, KSA_CLOCKS + fill);
		}
		fill = dual ? FILL_CLOCKS : 0;
		pull(&ref, &sw, rnd() % 2000, rnd() % 2);
		/* the next start at a random clock of the keystream in flight, or
		 * after fill_i for a random number of clocks */
		fill_hold = 0;
		if (rnd() % 4) {
			fill_hold = 1 + rnd() % 100;
			for (unsigned c = 0; c < fill_hold; c++) {
				p.fill = 1;
				cycle();
			}
		}
		unsigned gap = rnd() % 6;
		fill_hold += fill_hold ? gap : 0;
		for (unsigned c = gap; c > 0; c--)
			cycle();
	}

	/* stall-free throughput: the clocks per byte the farm's numbers use */
	uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	RC4_KEY ref;
	struct swrc4 sw;
	RC4_set_key(&ref, 16, key);
	sw_ksa(&sw, key, 16);
	for (unsigned c = 0; c < FILL_LEN + 10; c++) {
		p.fill = 1;
		cycle();
	}
	if (ksa(key, 16) != KSA_CLOCKS)
		fail("key schedule clocks", 0, KSA_CLOCKS);
	/* (rc4_dp's first pair is i = 1 alone: count from the first full pair) */
	pull(&ref, &sw, 1, 0);
	wait_ready();
	uint64_t c0 = clocks;
	const unsigned n = 4000;
	pull(&ref, &sw, n, 0);
	wait_ready();
	uint64_t per = clocks - c0;
	if (per != (uint64_t)n * PRGA_CLOCKS)
		fail("clocks for 4000 stall-free bytes", (unsigned)per, n * PRGA_CLOCKS);

	printf("tb_rc4_ks: %s matches OpenSSL RC4: %u keys, %" PRIu64
	       " keystream bytes; key schedule %u clocks, %u clocks per byte (seed %u)\n",
	       CORE, keys, bytes_checked, KSA_CLOCKS, PRGA_CLOCKS, seed);
	int missing = 0;
	printf("tb_rc4_ks: pair hazard cases (key schedule / keystream):");
	for (unsigned h = 0; h < HZ_N; h++) {
		printf(" %s=%" PRIu64 "/%" PRIu64, hz_name[h], hz_ksa[h], hz_prga[h]);
		if (hz_prga[h] == 0 || (h < HZ_KS_A_IA && hz_ksa[h] == 0))
			missing = 1;
	}
	printf("\n");
	if (missing) {
		fprintf(stderr, "tb_rc4_ks: FAIL a hazard case never occurred: more keys or bytes\n");
		rc4ks_close();
		return 1;
	}
	rc4ks_close();
	return 0;
}
