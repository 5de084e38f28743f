/*
 * Power-on self-test, run through the real engine before the card reports
 * ready (docs/firmware.md):
 *   - RC4 keystreams of RFC 6229 section 2 (SELFTEST_RC4 on the engine's
 *     input stream),
 *   - a SHA-1 known answer, FIPS 180-2 appendix B.1 "abc" (SELFTEST_SHA1),
 *   - the context port and one MPPE rekey: a stateless 128-bit transmit flow
 *     created with the RFC 3079 section 3.5.3 SendStartKey, two packets
 *     encrypted and compared with the reference engine's output (stateless:
 *     the second packet is sent under a changed key), then destroyed.
 * Returns the failed-test bits (0 = passed).
 */
#include "fw.h"
#include "hal.h"
#include "mppe_codes.h"
#include "selftest_kat.h"
#include "util.h"

static bool engine_ready(void)
{
	uint32_t t0 = hal_now();

	while ((hal_engine_state() & (ENG_PRESENT | ENG_READY)) != (ENG_PRESENT | ENG_READY)) {
		if (!(hal_engine_state() & ENG_PRESENT) || hal_now() - t0 > HAL_TIMEOUT_CLOCKS)
			return false;
	}
	return true;
}

static bool rc4_kat(const struct st_rc4_kat *k)
{
	uint8_t in[20 + 16], out[HAL_ST_OUT];
	struct st_result res;

	fw_fill(in, 0, sizeof in);
	fw_copy(in, k->key, k->key_len);
	in[16] = k->key_len;
	in[18] = (uint8_t)k->offset;
	in[19] = (uint8_t)(k->offset >> 8);
	if (hal_st_run(MPPE_OP_SELFTEST_RC4, 0, in, sizeof in, out, &res))
		return false;
	return res.status == ENG_OK && res.out_len == 16 && fw_equal(out, k->keystream, 16);
}

static bool sha1_kat(void)
{
	uint8_t block[64], out[HAL_ST_OUT];
	struct st_result res;

	fw_fill(block, 0, sizeof block);
	block[0] = 'a';
	block[1] = 'b';
	block[2] = 'c';
	block[3] = 0x80;      /* FIPS 180-2 5.1.1 padding */
	block[63] = 24;       /* message length in bits */
	if (hal_st_run(MPPE_OP_SELFTEST_SHA1, 0, block, sizeof block, out, &res))
		return false;
	return res.status == ENG_OK && res.out_len == 20 && fw_equal(out, st_sha1_abc, 20);
}

/* Returns CARD_IDENT_SELFTEST_CTX_MASK or CARD_IDENT_SELFTEST_REKEY_MASK bits. */
static uint32_t rekey_kat(void)
{
	struct ctx_req req;
	struct ctx_counters cnt;
	struct st_result res;
	uint8_t out[HAL_ST_OUT];
	uint32_t failed = 0;
	int flow = flows_lowest_free();

	if (flow < 0)
		return CARD_IDENT_SELFTEST_CTX_MASK;
	fw_fill(&req, 0, sizeof req);
	req.flow = (uint32_t)flow;
	req.dir = 0;
	req.stateful = 0;
	req.key_bits = 128;
	fw_copy(req.start_key, st_mppe_start_key, 16);
	if (hal_ctx(CTX_CREATE, &req, NULL) != ENG_OK)
		return CARD_IDENT_SELFTEST_CTX_MASK;
	if (hal_ctx(CTX_READ, &req, &cnt) != ENG_OK || cnt.key_bits != 128 || cnt.dir != 0 ||
	    cnt.stateful != 0 || cnt.packets != 0)
		failed |= CARD_IDENT_SELFTEST_CTX_MASK;

	for (unsigned i = 0; i < 2 && !failed; i++) {
		if (hal_st_run(MPPE_OP_ENCRYPT, (uint32_t)flow, st_mppe_packet, sizeof st_mppe_packet,
			       out, &res) ||
		    res.status != ENG_OK || res.out_len != sizeof st_mppe_packet + 2 ||
		    !fw_equal(out, st_mppe_cipher[i], sizeof st_mppe_packet + 2))
			failed |= CARD_IDENT_SELFTEST_REKEY_MASK;
	}
	if (!failed && (hal_ctx(CTX_READ, &req, &cnt) != ENG_OK || cnt.packets != 2))
		failed |= CARD_IDENT_SELFTEST_CTX_MASK;
	if (hal_ctx(CTX_DESTROY, &req, NULL) != ENG_OK)
		failed |= CARD_IDENT_SELFTEST_CTX_MASK;
	if (hal_ctx(CTX_READ, &req, &cnt) != ENG_BAD_FLOW)   /* really gone */
		failed |= CARD_IDENT_SELFTEST_CTX_MASK;
	return failed;
}

uint32_t selftest_run(void)
{
	uint32_t failed = 0;

	if (!engine_ready())
		return CARD_IDENT_SELFTEST_ENGINE_MASK;
	for (unsigned i = 0; i < ST_RC4_KATS; i++) {
		if (!rc4_kat(&st_rc4_kat[i]))
			failed |= CARD_IDENT_SELFTEST_RC4_MASK;
	}
	if (!sha1_kat())
		failed |= CARD_IDENT_SELFTEST_SHA1_MASK;
	failed |= rekey_kat();
	return failed;
}
