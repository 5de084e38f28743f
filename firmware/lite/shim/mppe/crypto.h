/*
 * The driver's crypto seam (driver/include/mppe/crypto.h) for the iCE40
 * firmware: what driver/mppe_keys.c needs, SHA-1 and the wipe, over the
 * board's SHA-1 unit (lite_units.h). With it the firmware builds the
 * driver's RFC 3079 key derivation itself instead of a copy of it. Only
 * SHA-1: the firmware's RC4 is the unit's, driven by lite_mppe.c.
 */
#ifndef MPPE_CRYPTO_H
#define MPPE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "lite_units.h"

#define SHA1_LEN LU_SHA1_LEN

struct crypto_sha1 { struct lu_sha1 s; };

static inline void crypto_sha1_init(struct crypto_sha1 *c)
{
	lu_sha1_init(&c->s);
}

static inline void crypto_sha1_update(struct crypto_sha1 *c, const uint8_t *in, size_t len)
{
	lu_sha1_update(&c->s, in, len);
}

static inline void crypto_sha1_final(struct crypto_sha1 *c, uint8_t out[SHA1_LEN])
{
	lu_sha1_final(&c->s, out);
}

static inline void crypto_wipe(void *p, size_t len)
{
	lu_wipe(p, len);
}

#endif
