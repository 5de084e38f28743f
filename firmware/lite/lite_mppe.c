/*
 * MPPE on the crypto units (lite_mppe.h). The rules follow RFC 3078/3079
 * as the driver's software engine applies them (driver/mppe_flow.c), and the
 * self-test compares the two octet for octet (lite_selftest.c). The key
 * derivation is the driver's own (driver/mppe_keys.c, built for the
 * firmware over the SHA-1 unit: shim/mppe/crypto.h).
 */
#include "lite_mppe.h"

#include "lite_libc.h"
#include "mppe/keys.h"

static struct lm_flow flows[LM_FLOWS];

/* RFC 3078 7.3: one key change; the flow's slot is keyed with the new key */
static void key_change(unsigned f)
{
	struct lm_flow *fl = &flows[f];
	uint8_t interim[16];

	GetNewKeyFromSHA(fl->start_key, fl->session_key, fl->key_len, interim);
	/* the session key is the interim key encrypted with itself */
	lu_rc4_key(f, interim, fl->key_len);
	memcpy(fl->session_key, interim, fl->key_len);
	lu_rc4_xor(fl->session_key, fl->key_len);
	mppe_reduce_key(fl->session_key, fl->key_bits);
	lu_wipe(interim, sizeof(interim));
	lu_rc4_key(f, fl->session_key, fl->key_len);
	fl->rc4_pos = lu_rc4_pos();
}

int lm_flow_open(unsigned f, const uint8_t *start_key, unsigned key_bits, int stateful, int rx,
		 unsigned first_ccount)
{
	struct lm_flow *fl;
	unsigned len = mppe_key_len(key_bits);

	if (f >= LM_FLOWS || !len)
		return -1;
	fl = &flows[f];
	memset(fl, 0, sizeof(*fl));
	memcpy(fl->start_key, start_key, len);
	fl->key_bits = (uint8_t)key_bits;
	fl->key_len = (uint8_t)len;
	fl->stateful = !!stateful;
	fl->rx = !!rx;
	fl->in_use = 1;
	fl->ccount = (uint16_t)((first_ccount - 1u) & 0xfffu);
	/* RFC 3079 3.3: the first session key is GetNewKeyFromSHA of the start
	 * key with itself, reduced; no RC4 pass (only key changes have one) */
	GetNewKeyFromSHA(fl->start_key, fl->start_key, len, fl->session_key);
	mppe_reduce_key(fl->session_key, key_bits);
	lu_rc4_key(f, fl->session_key, len);
	fl->rc4_pos = lu_rc4_pos();
	return 0;
}

void lm_flow_close(unsigned f)
{
	if (f < LM_FLOWS)
		lu_wipe(&flows[f], sizeof(flows[f]));
}

static void run(unsigned f, uint8_t *buf, size_t len)
{
	lu_rc4_select(f, flows[f].rc4_pos);
	lu_rc4_xor(buf, len);
	flows[f].rc4_pos = lu_rc4_pos();
}

enum lm_status lm_encrypt(unsigned f, const uint8_t *in, size_t len, uint8_t *out)
{
	struct lm_flow *fl = &flows[f];
	unsigned flushed = 0;

	if (f >= LM_FLOWS || !fl->in_use || fl->rx || len < 1)
		return LM_ERR_ARG;
	fl->ccount = (uint16_t)((fl->ccount + 1u) & 0xfffu);
	/* RFC 3078 7.1 (stateless: every packet), 7.2 (stateful: when the
	 * count's low octet is 0xff) */
	if (!fl->stateful || (fl->ccount & 0xffu) == 0xffu) {
		key_change(f);
		flushed = LM_BIT_A;
	}
	memmove(out + LM_HDR_LEN, in, len);
	run(f, out + LM_HDR_LEN, len);
	out[0] = (uint8_t)(LM_BIT_D | flushed | (fl->ccount >> 8));
	out[1] = (uint8_t)fl->ccount;
	return LM_OK;
}

enum lm_status lm_decrypt(unsigned f, const uint8_t *in, size_t len, uint8_t *out)
{
	struct lm_flow *fl = &flows[f];
	unsigned cc, gap, changes = 0, k;

	if (f >= LM_FLOWS || !fl->in_use || !fl->rx || len < LM_HDR_LEN + 1)
		return LM_ERR_ARG;
	if (!(in[0] & LM_BIT_D) || (in[0] & 0x20u))
		return LM_ERR_NOT_MPPE;
	cc = ((unsigned)(in[0] & 0x0fu) << 8) | in[1];
	gap = (cc - fl->ccount) & 0xfffu;   /* 1: the next packet */
	if (gap == 0)
		return LM_ERR_DISCARD;      /* a repeat: its key is gone */
	if (!fl->stateful) {
		/* RFC 3078 7.1: one key change per coherency count step */
		changes = gap;
	} else {
		/* RFC 3078 7.2: a change at each count whose low octet is 0xff;
		 * after a loss only a FLUSHED packet resynchronises, and then the
		 * key also changed at this packet (RFC 3078 8.1, 8.2) */
		if (gap != 1 && !(in[0] & LM_BIT_A))
			return LM_ERR_DISCARD;
		for (k = 1; k < gap; k++)
			if (((fl->ccount + k) & 0xffu) == 0xffu)
				changes++;
		if ((cc & 0xffu) == 0xffu || (in[0] & LM_BIT_A))
			changes++;
	}
	if (changes > LM_MAX_REKEYS)
		return LM_ERR_DISCARD;
	for (k = 0; k < changes; k++)
		key_change(f);
	fl->ccount = (uint16_t)cc;
	memmove(out, in + LM_HDR_LEN, len - LM_HDR_LEN);
	run(f, out, len - LM_HDR_LEN);
	return LM_OK;
}
