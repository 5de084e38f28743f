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
 * RC4 of our own, for two streams at once. RC4 is one serial chain per
 * stream; one stream leaves most of a core's execution units waiting on
 * the state table's loads and stores, so two interleaved in one loop cost
 * far less than two after another (OpenSSL's assembly is the faster for
 * one stream alone). For stateless MPPE, where every packet has its own
 * key. Each produces the same bytes as crypto_rc4_key + crypto_rc4.
 */
struct crypto_rc4_state {
	uint32_t s[256];        /* 32-bit entries: byte stores would make each load wait for them */
	uint8_t i, j;
};
/* A fresh key (len octets, 1..256) into k. */
void crypto_rc4s_key(struct crypto_rc4_state *k, const uint8_t *key, size_t len);
/* len octets of k's stream from where it is (in may equal out). */
void crypto_rc4s(struct crypto_rc4_state *k, const uint8_t *in, uint8_t *out, size_t len);
/* crypto_rc4s on a and on b, interleaved; a and b's buffers must not overlap. */
void crypto_rc4s_pair(struct crypto_rc4_state *a, const uint8_t *in_a, uint8_t *out_a, size_t len_a,
		      struct crypto_rc4_state *b, const uint8_t *in_b, uint8_t *out_b, size_t len_b);
/* Two streams from fresh keys (key_len octets each), the key schedules
 * interleaved too; the tables are wiped before it returns. */
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
