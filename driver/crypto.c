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
