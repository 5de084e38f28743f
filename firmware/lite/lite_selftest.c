/*
 * The iCE40 board's power-on self-test, through the crypto units: RFC 3079's
 * own vectors, then packets of four interleaved flows whose expected octets
 * the driver's software engine computed at build time (lite_kat.h, written
 * by firmware/tools/gen_lite_kat.c). Returns 0, or a bit per failed part:
 *   0x01 RFC 3079 MS-CHAPv2 keys and test messages (40, 56, 128 bits)
 *   0x02 RFC 3079 MS-CHAPv1 128-bit keys
 *   0x04 packets against libmppe
 */
#include "lite_selftest.h"

#include "lite_libc.h"

#include "lite_kat.h"
#include "lite_mppe.h"
#include "mppe/keys.h"

/* the first session key of a start key, and the test message under it */
static int session_and_message(const uint8_t *start, unsigned key_bits, const uint8_t *sess_want,
			       const uint8_t *ct_want)
{
	uint8_t sess[16], msg[sizeof(kat_msg)];
	unsigned len = mppe_key_len(key_bits);
	int bad;

	GetNewKeyFromSHA(start, start, len, sess);
	mppe_reduce_key(sess, key_bits);
	bad = memcmp(sess, sess_want, len) != 0;
	memcpy(msg, kat_msg, sizeof(msg));
	lu_rc4_key(0, sess, len);
	lu_rc4_xor(msg, sizeof(msg));
	bad |= memcmp(msg, ct_want, sizeof(msg)) != 0;
	lu_wipe(sess, sizeof(sess));
	return bad;
}

static int rfc3079_v2(void)
{
	uint8_t master[16], key[16];
	int bad;

	GetMasterKey(kat_pwhh, kat_ntresp, master);
	bad = memcmp(master, kat_master, 16) != 0;
	GetAsymmetricStartKey(master, key, 16, 1, 1);   /* the server's send key (RFC 3079 3.5.x) */
	bad |= memcmp(key, kat_send128, 16) != 0;
	bad |= session_and_message(key, 128, kat_sess128, kat_ct128);
	GetAsymmetricStartKey(master, key, 16, 0, 1);   /* the server's receive key */
	bad |= memcmp(key, kat_recv128, 16) != 0;
	GetAsymmetricStartKey(master, key, 8, 1, 1);
	bad |= memcmp(key, kat_send40, 8) != 0;
	bad |= session_and_message(key, 40, kat_sess40, kat_ct40);
	bad |= session_and_message(key, 56, kat_sess56, kat_ct56);
	lu_wipe(master, sizeof(master));
	lu_wipe(key, sizeof(key));
	return bad;
}

static int rfc3079_v1(void)
{
	uint8_t start[16], cur[16];
	int bad;

	Get_Start_Key(kat_v1_chal, kat_v1_pwhh, start);
	bad = memcmp(start, kat_v1_start, 16) != 0;
	GetNewKeyFromSHA(start, start, 16, cur);
	bad |= memcmp(cur, kat_v1_cur, 16) != 0;
	lu_wipe(start, sizeof(start));
	lu_wipe(cur, sizeof(cur));
	return bad;
}

static int packets(void)
{
	uint8_t master[16], key[16], buf[80];
	unsigned f, k;
	int bad = 0;

	GetMasterKey(kat_pwhh, kat_ntresp, master);
	for (f = 0; f < 4; f++) {
		const struct kat_flow *d = &kat_flows[f];
		/* the board is the server: it sends with Magic3's key, receives with Magic2's */
		GetAsymmetricStartKey(master, key, mppe_key_len(d->key_bits), !d->rx, 1);
		bad |= lm_flow_open(f, key, d->key_bits, d->stateful, d->rx, d->first_ccount) != 0;
	}
	lu_wipe(master, sizeof(master));
	lu_wipe(key, sizeof(key));
	for (k = 0; k < sizeof(kat_pkts) / sizeof(kat_pkts[0]); k++) {
		const struct kat_pkt *p = &kat_pkts[k];

		if (kat_flows[p->flow].rx) {
			bad |= lm_decrypt(p->flow, p->wire, p->len + 2u, buf) != LM_OK;
			bad |= memcmp(buf, p->pt, p->len) != 0;
		} else {
			bad |= lm_encrypt(p->flow, p->pt, p->len, buf) != LM_OK;
			bad |= memcmp(buf, p->wire, p->len + 2u) != 0;
		}
	}
	for (f = 0; f < 4; f++)
		lm_flow_close(f);
	return bad;
}

uint32_t lite_selftest(void)
{
	uint32_t failed = 0;

	if (rfc3079_v2())
		failed |= 0x01;
	if (rfc3079_v1())
		failed |= 0x02;
	if (packets())
		failed |= 0x04;
	return failed;
}
