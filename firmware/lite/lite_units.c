/*
 * Driving the iCE40 board's crypto units (lite_units.h). Each command is
 * written, then STATUS polled until the unit is idle again: the units take
 * no command while busy (hdl/lite/lite_crypto.v).
 */
#include "lite_units.h"

#include "mgmt_map.h"

static void wait_idle(uint32_t mask)
{
	while (lite_rd(LU_OFF(MGMT_LITE_STATUS)) & mask)
		;
}

void lu_wipe(void *p, size_t len)
{
	volatile uint8_t *b = p;

	while (len--)
		*b++ = 0;
}

void lu_rc4_select(unsigned slot, uint32_t pos)
{
	lite_wr(LU_OFF(MGMT_LITE_RC4_STATE),
		(pos & (MGMT_LITE_RC4_STATE_I_MASK | MGMT_LITE_RC4_STATE_J_MASK)) |
		((uint32_t)slot << MGMT_LITE_RC4_STATE_SLOT_SHIFT & MGMT_LITE_RC4_STATE_SLOT_MASK));
}

uint32_t lu_rc4_pos(void)
{
	return lite_rd(LU_OFF(MGMT_LITE_RC4_STATE));
}

void lu_rc4_key(unsigned slot, const uint8_t *key, unsigned len)
{
	uint32_t w[4] = { 0, 0, 0, 0 };
	unsigned k;

	for (k = 0; k < len && k < 16u; k++)
		w[k / 4] |= (uint32_t)key[k] << (8 * (k % 4));
	lu_rc4_select(slot, 0);
	for (k = 0; k < 4; k++)
		lite_wr(LU_OFF(MGMT_LITE_RC4_KEY(k)), w[k]);
	lu_wipe(w, sizeof(w));
	/* the unit wipes its copy of the key when the schedule ends */
	lite_wr(LU_OFF(MGMT_LITE_RC4_CMD), MGMT_LITERC4_KEY << MGMT_LITE_RC4_CMD_CMD_SHIFT |
		(uint32_t)len << MGMT_LITE_RC4_CMD_KEY_LEN_SHIFT);
	wait_idle(MGMT_LITE_STATUS_RC4_BUSY_MASK);
}

void lu_rc4_xor(uint8_t *buf, size_t len)
{
	while (len) {
		unsigned n = len < 4 ? (unsigned)len : 4u, k;
		uint32_t v = 0;

		for (k = 0; k < n; k++)
			v |= (uint32_t)buf[k] << (8 * k);
		lite_wr(LU_OFF(MGMT_LITE_RC4_DATA), v);
		lite_wr(LU_OFF(MGMT_LITE_RC4_CMD), MGMT_LITERC4_XOR << MGMT_LITE_RC4_CMD_CMD_SHIFT |
			(uint32_t)(n - 1) << MGMT_LITE_RC4_CMD_XOR_N_SHIFT);
		wait_idle(MGMT_LITE_STATUS_RC4_BUSY_MASK);
		/* the unit shifts each result in from the top: N results are the top N octets */
		v = lite_rd(LU_OFF(MGMT_LITE_RC4_DATA)) >> (8 * (4 - n));
		for (k = 0; k < n; k++)
			buf[k] = (uint8_t)(v >> (8 * k));
		buf += n;
		len -= n;
	}
}

void lu_sha1_init(struct lu_sha1 *s)
{
	s->h[0] = 0x67452301u;   /* FIPS 180-4 5.3.1 */
	s->h[1] = 0xefcdab89u;
	s->h[2] = 0x98badcfeu;
	s->h[3] = 0x10325476u;
	s->h[4] = 0xc3d2e1f0u;
	s->n = 0;
	s->total = 0;
}

/* one block through the unit, then H += a..e (FIPS 180-4 6.1.2 step 4) */
static void compress(struct lu_sha1 *s)
{
	unsigned k;

	for (k = 0; k < 16; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_W(k)), (uint32_t)s->buf[4 * k] << 24 | (uint32_t)s->buf[4 * k + 1] << 16 |
			(uint32_t)s->buf[4 * k + 2] << 8 | s->buf[4 * k + 3]);
	for (k = 0; k < 5; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_V(k)), s->h[k]);
	lite_wr(LU_OFF(MGMT_LITE_SHA1_CMD), 1);
	wait_idle(MGMT_LITE_STATUS_SHA1_BUSY_MASK);
	for (k = 0; k < 5; k++)
		s->h[k] += lite_rd(LU_OFF(MGMT_LITE_SHA1_V(k)));
	s->n = 0;
}

void lu_sha1_update(struct lu_sha1 *s, const uint8_t *in, size_t len)
{
	while (len--) {
		s->buf[s->n++] = *in++;
		s->total++;
		if (s->n == 64)
			compress(s);
	}
}

void lu_sha1_final(struct lu_sha1 *s, uint8_t out[LU_SHA1_LEN])
{
	uint32_t bits = s->total * 8u;
	unsigned k;

	/* FIPS 180-4 5.1.1: 0x80, zeros to 56 mod 64, the 64-bit length */
	s->buf[s->n++] = 0x80;
	if (s->n > 56) {
		while (s->n < 64)
			s->buf[s->n++] = 0;
		compress(s);
	}
	while (s->n < 60)
		s->buf[s->n++] = 0;
	for (k = 0; k < 4; k++)
		s->buf[60 + k] = (uint8_t)(bits >> (24 - 8 * k));
	compress(s);
	for (k = 0; k < 20; k++)
		out[k] = (uint8_t)(s->h[k / 4] >> (24 - 8 * (k % 4)));
	/* the message and the state may be key material: wipe ours and the unit's */
	lu_wipe(s, sizeof(*s));
	for (k = 0; k < 16; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_W(k)), 0);
	for (k = 0; k < 5; k++)
		lite_wr(LU_OFF(MGMT_LITE_SHA1_V(k)), 0);
}
