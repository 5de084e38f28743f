/*
 * Test bench of the iCE40 board's crypto units (hdl/lite/lite_crypto.v)
 * driven by the firmware's own driver (firmware/lite/lite_units.c, its
 * register access bound to the Verilator harness here), octet for octet
 * against references the units share nothing with:
 *   - RC4: the driver's software RC4 (driver/crypto.c, OpenSSL) for random
 *     keys of 1..16 octets and random lengths 0..300, the four S-box slots
 *     interleaved with their i, j saved and restored as the firmware does
 *     per flow; RFC 6229's first keystream octets for its 5..16-octet keys
 *     (tests/vectors/rfc6229-rc4.txt); the key register wiped after a
 *     schedule (a second schedule without a new key is the all-zero key's);
 *   - SHA-1: nettle through driver/crypto.c for random messages 0..300
 *     octets and every length around the padding boundaries, and RFC 3174's
 *     "abc"; writes while the unit runs change nothing.
 *   tb_lite_crypto [--seed N] [--keys N] [--msgs N]   (from the top of the tree)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lite_pins.h"
#include "lite_units.h"
#include "mgmt_map.h"
#include "mppe/crypto.h"
#include "vectors.h"

static unsigned seed = 1, keys = 300, msgs = 300;
static uint64_t rng;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

void lite_wr(uint32_t off, uint32_t v) { lite_write(off, v); }
uint32_t lite_rd(uint32_t off) { return lite_read(off); }

static void fill(uint8_t *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		b[k] = (uint8_t)rnd();
}

/* one key, one random-length stream, compared whole */
static void test_rc4_random(void **state)
{
	(void)state;
	uint8_t key[16], in[300], hw[300], sw[300];
	RC4_KEY ref;

	for (unsigned n = 0; n < keys; n++) {
		unsigned klen = 1 + rnd() % 16, len = rnd() % 301, slot = rnd() % LU_SLOTS;

		fill(key, klen);
		fill(in, len);
		memcpy(hw, in, len);
		lu_rc4_key(slot, key, klen);
		/* the stream in random pieces (1..9 octets), as packets come */
		for (size_t off = 0; off < len;) {
			size_t piece = 1 + rnd() % 9;
			if (piece > len - off)
				piece = len - off;
			lu_rc4_xor(hw + off, piece);
			off += piece;
		}
		crypto_rc4_key(&ref, key, klen);
		crypto_rc4(&ref, in, sw, len);
		if (memcmp(hw, sw, len) != 0)
			fail_msg("RC4 key %u (%u octets, slot %u): %u-octet stream differs", n, klen, slot, len);
	}
}

/* four flows at once, each on its slot, i/j saved and restored between packets */
static void test_rc4_slots(void **state)
{
	(void)state;
	RC4_KEY ref[LU_SLOTS];
	uint32_t pos[LU_SLOTS];
	uint8_t key[16], in[64], hw[64], sw[64];

	for (unsigned s = 0; s < LU_SLOTS; s++) {
		unsigned klen = s & 1 ? 16 : 8;   /* MPPE's 128- and 40/56-bit key lengths */
		fill(key, klen);
		lu_rc4_key(s, key, klen);
		pos[s] = lu_rc4_pos();
		crypto_rc4_key(&ref[s], key, klen);
	}
	for (unsigned n = 0; n < 4 * keys; n++) {
		unsigned s = rnd() % LU_SLOTS, len = 1 + rnd() % 64;
		fill(in, len);
		memcpy(hw, in, len);
		lu_rc4_select(s, pos[s]);
		lu_rc4_xor(hw, len);
		pos[s] = lu_rc4_pos();
		crypto_rc4(&ref[s], in, sw, len);
		if (memcmp(hw, sw, len) != 0)
			fail_msg("slot %u packet %u (%u octets) differs", s, n, len);
	}
}

/* RFC 6229: keystream at offset 0 for its 40..128-bit keys */
static void rfc6229_one(struct vecfile *v, const char *name, void *arg)
{
	(void)arg;
	char kname[64];
	size_t klen, slen;
	const uint8_t *key, *ks;
	uint8_t out[16] = { 0 };

	snprintf(kname, sizeof(kname), "%s", name);
	char *ks0 = strstr(kname, ".ks.0");
	if (!ks0)
		return;
	strcpy(ks0, ".key");
	key = vec_get(v, kname, &klen);
	ks = vec_get(v, name, &slen);
	if (klen > 16)
		return;   /* longer keys than MPPE's: not this unit's (it holds 16 octets) */
	lu_rc4_key(0, key, (unsigned)klen);
	lu_rc4_xor(out, 16);
	assert_memory_equal(out, ks, 16);
}

static void test_rc4_rfc6229(void **state)
{
	(void)state;
	struct vecfile *v = vec_load("rfc6229-rc4.txt");
	vec_each(v, "set", ".ks.0", rfc6229_one, NULL);
	vec_free(v);
}

static void test_rc4_key_wiped(void **state)
{
	(void)state;
	static const uint8_t zero[16];
	uint8_t key[16], a[32] = { 0 }, b[32] = { 0 };
	RC4_KEY ref;

	fill(key, 16);
	lu_rc4_key(1, key, 16);
	/* KEY again without loading a key: the registers must hold zeros */
	lite_wr(LU_OFF(MGMT_LITE_RC4_CMD), MGMT_LITERC4_KEY | 16u << MGMT_LITE_RC4_CMD_KEY_LEN_SHIFT);
	while (lite_rd(LU_OFF(MGMT_LITE_STATUS)) & MGMT_LITE_STATUS_RC4_BUSY_MASK)
		;
	lu_rc4_xor(a, sizeof(a));
	crypto_rc4_key(&ref, zero, 16);
	crypto_rc4(&ref, b, b, sizeof(b));
	assert_memory_equal(a, b, sizeof(a));
}

static void sha1_check(const uint8_t *m, size_t len)
{
	struct lu_sha1 s;
	uint8_t hw[20], sw[20];

	lu_sha1_init(&s);
	/* in random pieces, as the key derivation feeds its parts */
	for (size_t off = 0; off < len;) {
		size_t piece = 1 + rnd() % 80;
		if (piece > len - off)
			piece = len - off;
		lu_sha1_update(&s, m + off, piece);
		off += piece;
	}
	lu_sha1_final(&s, hw);
	crypto_sha1(m, len, sw);
	if (memcmp(hw, sw, 20) != 0)
		fail_msg("SHA-1 of a %zu-octet message differs", len);
}

static void test_sha1_random(void **state)
{
	(void)state;
	uint8_t m[300];
	static const size_t edges[] = { 0, 1, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 127, 128, 129 };

	for (size_t e = 0; e < sizeof(edges) / sizeof(edges[0]); e++) {
		fill(m, edges[e]);
		sha1_check(m, edges[e]);
	}
	for (unsigned n = 0; n < msgs; n++) {
		size_t len = rnd() % 301;
		fill(m, len);
		sha1_check(m, len);
	}
}

static void test_sha1_abc(void **state)
{
	(void)state;
	struct vecfile *v = vec_load("rfc3174-sha1.txt");
	size_t len;
	const uint8_t *msg = vec_get(v, "test1.message", &len);
	const uint8_t *want = vec_get_n(v, "test1.digest", 20);
	struct lu_sha1 s;
	uint8_t out[20];

	lu_sha1_init(&s);
	lu_sha1_update(&s, msg, len);
	lu_sha1_final(&s, out);
	assert_memory_equal(out, want, 20);
	vec_free(v);
}

/* writes to W and a..e and a second GO while a block runs are ignored */
static void test_sha1_busy_writes(void **state)
{
	(void)state;
	uint8_t m[64], want[20];
	uint32_t h[5] = { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u };
	uint8_t pad[64] = { 0x80 };

	fill(m, sizeof(m));
	crypto_sha1(m, sizeof(m), want);
	for (unsigned k = 0; k < 16; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_W(k)), (uint32_t)m[4 * k] << 24 | (uint32_t)m[4 * k + 1] << 16 |
			(uint32_t)m[4 * k + 2] << 8 | m[4 * k + 3]);
	for (unsigned k = 0; k < 5; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_V(k)), h[k]);
	lite_wr(LU_OFF(MGMT_LITE_SHA1_CMD), 1);
	uint64_t t0 = lite_clocks();
	for (unsigned k = 0; k < 16; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_W(k)), rnd());
	for (unsigned k = 0; k < 5; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_V(k)), rnd());
	lite_wr(LU_OFF(MGMT_LITE_SHA1_CMD), 1);
	while (lite_rd(LU_OFF(MGMT_LITE_STATUS)) & MGMT_LITE_STATUS_SHA1_BUSY_MASK)
		;
	printf("  SHA-1 block: about %llu clocks from GO to idle seen\n",
	       (unsigned long long)(lite_clocks() - t0));
	for (unsigned k = 0; k < 5; k++)
		h[k] += lite_rd(LU_OFF(MGMT_LITE_SHA1_V(k)));
	/* second block: the padding of a 64-octet message */
	pad[62] = 0x02;   /* 512 bits */
	for (unsigned k = 0; k < 16; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_W(k)), (uint32_t)pad[4 * k] << 24 | (uint32_t)pad[4 * k + 1] << 16 |
			(uint32_t)pad[4 * k + 2] << 8 | pad[4 * k + 3]);
	for (unsigned k = 0; k < 5; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_V(k)), h[k]);
	lite_wr(LU_OFF(MGMT_LITE_SHA1_CMD), 1);
	while (lite_rd(LU_OFF(MGMT_LITE_STATUS)) & MGMT_LITE_STATUS_SHA1_BUSY_MASK)
		;
	uint8_t out[20];
	for (unsigned k = 0; k < 20; k++)
		out[k] = (uint8_t)((h[k / 4] + lite_rd(LU_OFF(MGMT_LITE_SHA1_V(k / 4)))) >> (24 - 8 * (k % 4)));
	assert_memory_equal(out, want, 20);
}

int main(int argc, char **argv)
{
	for (int k = 1; k + 1 < argc; k += 2) {
		if (!strcmp(argv[k], "--seed"))
			seed = (unsigned)strtoul(argv[k + 1], NULL, 0);
		else if (!strcmp(argv[k], "--keys"))
			keys = (unsigned)strtoul(argv[k + 1], NULL, 0);
		else if (!strcmp(argv[k], "--msgs"))
			msgs = (unsigned)strtoul(argv[k + 1], NULL, 0);
	}
	rng = 0x9e3779b97f4a7c15ull ^ seed;
	lite_open(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rc4_rfc6229),
		cmocka_unit_test(test_rc4_random),
		cmocka_unit_test(test_rc4_slots),
		cmocka_unit_test(test_rc4_key_wiped),
		cmocka_unit_test(test_sha1_abc),
		cmocka_unit_test(test_sha1_random),
		cmocka_unit_test(test_sha1_busy_writes),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	printf("tb_lite_crypto: seed %u, %u keys, %u messages, %llu clocks\n", seed, keys, msgs,
	       (unsigned long long)lite_clocks());
	lite_close();
	return rc;
}
