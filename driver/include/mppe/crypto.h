/*
 * The crypto seam: every primitive MPPE and MS-CHAP need, from real
 * libraries. RC4 comes from OpenSSL's libcrypto, whose x86-64 assembly is
 * the fastest RC4 on Debian (make bench compares it with nettle's C
 * arcfour); MD4, DES and SHA-1 come from nettle, whose APIs are not
 * deprecated (OpenSSL 3 hides MD4 in the legacy provider).
 */
#ifndef MPPE_CRYPTO_H
#define MPPE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha1.h>
#include <openssl/rc4.h>

#define SHA1_LEN 20 /* octets */
#define MD4_LEN  16

void crypto_rc4_key(RC4_KEY *k, const uint8_t *key, size_t len);
void crypto_rc4(RC4_KEY *k, const uint8_t *in, uint8_t *out, size_t len);

/*
 * Two RC4 streams at once, each from a fresh key (len octets each, 1..256):
 * the same bytes as crypto_rc4_key + crypto_rc4 on each alone. RC4 is one
 * serial chain per stream; one stream leaves most of a core's execution
 * units waiting on the state table's loads and stores, so two interleaved
 * in one loop cost far less than two after another (make bench: BENCH
 * sw_mppe rc4_pair). For stateless MPPE, where every packet has its own
 * key. The buffers of the two streams must not overlap; each stream may be
 * in place (in == out). The tables are wiped before it returns.
 */
void crypto_rc4_pair(const uint8_t *key_a, const uint8_t *in_a, uint8_t *out_a, size_t len_a,
		     const uint8_t *key_b, const uint8_t *in_b, uint8_t *out_b, size_t len_b, size_t key_len);

void crypto_md4(const uint8_t *in, size_t len, uint8_t out[MD4_LEN]);

struct crypto_sha1 { struct sha1_ctx ctx; };
void crypto_sha1_init(struct crypto_sha1 *s);
void crypto_sha1_update(struct crypto_sha1 *s, const uint8_t *in, size_t len);
void crypto_sha1_final(struct crypto_sha1 *s, uint8_t out[SHA1_LEN]);
void crypto_sha1(const uint8_t *in, size_t len, uint8_t out[SHA1_LEN]);

/* DES-ECB encryption of one block with an 8-octet key (parity ignored). */
void crypto_des_encrypt(const uint8_t key[8], const uint8_t in[8], uint8_t out[8]);

/* explicit_bzero, for key material. */
void crypto_wipe(void *p, size_t len);

#endif
