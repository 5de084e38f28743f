/* See include/mppe/crypto.h for which library provides what, and why. */
#define OPENSSL_SUPPRESS_DEPRECATED /* RC4_set_key/RC4: the low-level API has no provider overhead */
#include "mppe/crypto.h"

#include <assert.h>
#include <string.h>

#include <nettle/des.h>
#include <nettle/md4.h>
#include <nettle/sha1.h>

void crypto_rc4_key(RC4_KEY *k, const uint8_t *key, size_t len)
{
	RC4_set_key(k, (int)len, key);
}

void crypto_rc4(RC4_KEY *k, const uint8_t *in, uint8_t *out, size_t len)
{
	RC4(k, len, in, out);
}

/* RC4's key schedule on two tables at once (crypto.h) */
static void rc4_pair_ksa(uint32_t *sa, const uint8_t *ka, uint32_t *sb, const uint8_t *kb, size_t key_len)
{
	uint8_t ja = 0, jb = 0;
	size_t k = 0;

	for (unsigned i = 0; i < 256; i++)
		sa[i] = sb[i] = i;
	for (unsigned i = 0; i < 256; i++) {
		uint32_t ta = sa[i], tb = sb[i];

		ja = (uint8_t)(ja + ta + ka[k]);
		jb = (uint8_t)(jb + tb + kb[k]);
		sa[i] = sa[ja];
		sa[ja] = ta;
		sb[i] = sb[jb];
		sb[jb] = tb;
		if (++k == key_len)
			k = 0;
	}
}

void crypto_rc4s_key(struct crypto_rc4_state *k, const uint8_t *key, size_t len)
{
	uint32_t *s = k->s;
	uint8_t j = 0;
	size_t x = 0;

	assert(len >= 1 && len <= 256);
	for (unsigned i = 0; i < 256; i++)
		s[i] = i;
	for (unsigned i = 0; i < 256; i++) {
		uint32_t t = s[i];

		j = (uint8_t)(j + t + key[x]);
		s[i] = s[j];
		s[j] = t;
		if (++x == len)
			x = 0;
	}
	k->i = k->j = 0;
}

void crypto_rc4s(struct crypto_rc4_state *k, const uint8_t *in, uint8_t *out, size_t len)
{
	uint32_t *s = k->s;
	uint8_t i = k->i, j = k->j;

	for (size_t x = 0; x < len; x++) {
		uint32_t ti, tj;

		i++;
		ti = s[i];
		j = (uint8_t)(j + ti);
		tj = s[j];
		s[i] = tj;
		s[j] = ti;
		out[x] = (uint8_t)(in[x] ^ s[(uint8_t)(ti + tj)]);
	}
	k->i = i;
	k->j = j;
}

void crypto_rc4s_pair(struct crypto_rc4_state *a, const uint8_t *in_a, uint8_t *out_a, size_t len_a,
		      struct crypto_rc4_state *b, const uint8_t *in_b, uint8_t *out_b, size_t len_b)
{
	uint32_t *sa = a->s, *sb = b->s;
	uint8_t ia = a->i, ja = a->j, ib = b->i, jb = b->j;
	size_t n = len_a < len_b ? len_a : len_b;

	for (size_t x = 0; x < n; x++) {
		uint32_t ta, tb, ua, ub;

		ia++;
		ib++;
		ta = sa[ia];
		tb = sb[ib];
		ja = (uint8_t)(ja + ta);
		jb = (uint8_t)(jb + tb);
		ua = sa[ja];
		ub = sb[jb];
		sa[ia] = ua;
		sb[ib] = ub;
		sa[ja] = ta;
		sb[jb] = tb;
		out_a[x] = (uint8_t)(in_a[x] ^ sa[(uint8_t)(ta + ua)]);
		out_b[x] = (uint8_t)(in_b[x] ^ sb[(uint8_t)(tb + ub)]);
	}
	a->i = ia;
	a->j = ja;
	b->i = ib;
	b->j = jb;
	/* what is left of the longer one, alone */
	if (len_a > n)
		crypto_rc4s(a, in_a + n, out_a + n, len_a - n);
	else if (len_b > n)
		crypto_rc4s(b, in_b + n, out_b + n, len_b - n);
}

void crypto_rc4_pair(const uint8_t *key_a, const uint8_t *in_a, uint8_t *out_a, size_t len_a,
		     const uint8_t *key_b, const uint8_t *in_b, uint8_t *out_b, size_t len_b, size_t key_len)
{
	struct crypto_rc4_state a, b;

	assert(key_len >= 1 && key_len <= 256);
	rc4_pair_ksa(a.s, key_a, b.s, key_b, key_len);
	a.i = a.j = b.i = b.j = 0;
	crypto_rc4s_pair(&a, in_a, out_a, len_a, &b, in_b, out_b, len_b);
	crypto_wipe(&a, sizeof(a));
	crypto_wipe(&b, sizeof(b));
}

void crypto_md4(const uint8_t *in, size_t len, uint8_t out[MD4_LEN])
{
	struct md4_ctx c;
	md4_init(&c);
	md4_update(&c, len, in);
	md4_digest(&c, MD4_LEN, out);
}

void crypto_sha1_init(struct crypto_sha1 *s)
{
	sha1_init(&s->ctx);
}

void crypto_sha1_update(struct crypto_sha1 *s, const uint8_t *in, size_t len)
{
	sha1_update(&s->ctx, len, in);
}

void crypto_sha1_final(struct crypto_sha1 *s, uint8_t out[SHA1_LEN])
{
	sha1_digest(&s->ctx, SHA1_LEN, out);
	crypto_wipe(s, sizeof(*s));
}

void crypto_sha1(const uint8_t *in, size_t len, uint8_t out[SHA1_LEN])
{
	struct crypto_sha1 s;
	crypto_sha1_init(&s);
	crypto_sha1_update(&s, in, len);
	crypto_sha1_final(&s, out);
}

void crypto_des_encrypt(const uint8_t key[8], const uint8_t in[8], uint8_t out[8])
{
	struct des_ctx c;
	/* des_set_key returns 0 for the 16 weak keys but still sets up the
	 * schedule; MS-CHAP must work whatever the password hash holds. */
	(void)des_set_key(&c, key);
	des_encrypt(&c, DES_BLOCK_SIZE, out, in);
	crypto_wipe(&c, sizeof(c));
}

void crypto_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}
