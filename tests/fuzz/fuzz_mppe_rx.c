/*
 * libFuzzer target: the MPPE receive path. The input is a script that mixes
 * genuine packets from a real sender (delivered, dropped, replayed, held back
 * and delivered late) with hostile ones (raw bytes, forged headers). Besides
 * "no crash, no sanitizer report", it checks: until the first forged packet,
 * every genuine packet the receiver accepts decrypts to exactly what was
 * sent, and accepted output lengths are always right.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mppe/mppe.h"

#define HOLD 8

struct genuine {
	uint8_t pt[256];
	size_t pt_len;
	uint8_t ct[258];
	size_t ct_len;
};

static void make(struct mppe_flow *tx, struct genuine *g, uint8_t seed, size_t len)
{
	g->pt[0] = 0x00;
	g->pt[1] = 0x21;
	for (size_t i = 2; i < len; i++)
		g->pt[i] = (uint8_t)(seed + i);
	g->pt_len = len;
	if (mppe_flow_encrypt(tx, g->pt, len, g->ct, sizeof(g->ct), &g->ct_len) != MPPE_OK)
		abort();
}

static void lost(const struct genuine *g, bool stateful, unsigned *gap, int *forged)
{
	if (++*gap >= MPPE_HALF_WINDOW || (stateful && (g->ct[0] & MPPE_BIT_A)))
		*forged = 1;
}

static enum mppe_status deliver(struct mppe_flow *rx, const uint8_t *ct, size_t len,
				const struct genuine *g, int forged)
{
	uint8_t out[MPPE_MAX_PAYLOAD + 8];
	size_t out_len = 0;
	enum mppe_status st = mppe_flow_decrypt(rx, ct, len, out, sizeof(out), &out_len);
	if (st == MPPE_OK) {
		if (out_len + MPPE_HDR_LEN != len)
			abort();
		if (g && !forged && (out_len != g->pt_len || memcmp(out, g->pt, out_len) != 0))
			abort();
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mppe_flow tx, rx;
	struct mppe_flow_params p = { 0 };
	struct genuine held[HOLD], cur;
	unsigned nheld = 0, gap = 0;
	int forged = 0; /* or otherwise ambiguous, see the top */
	static const unsigned bits[] = { 40, 56, 128, 128 };

	if (size < 2)
		return 0;
	p.key_bits = bits[data[0] & 3];
	p.stateful = data[0] & 4;
	p.max_rekeys = (uint16_t)((data[0] >> 3) * 8 + 1);
	p.first_ccount = (uint16_t)(data[1] * 16);
	memset(p.start_key, 0x5c, sizeof(p.start_key));
	p.dir = MPPE_DIR_TX;
	mppe_flow_init(&tx, &p);
	p.dir = MPPE_DIR_RX;
	mppe_flow_init(&rx, &p);
	data += 2;
	size -= 2;

	while (size > 0) {
		uint8_t op = data[0];
		data++;
		size--;
		switch (op & 7) {
		case 0: /* a genuine packet, delivered */
		case 1:
			make(&tx, &cur, op, 2 + (op >> 3));
			if (++gap >= MPPE_HALF_WINDOW)
				forged = 1;
			if (deliver(&rx, cur.ct, cur.ct_len, &cur, forged) == MPPE_OK)
				gap = 0;
			break;
		case 2: { /* several genuine packets lost */
			unsigned n = (op >> 3) * 37u;
			for (unsigned i = 0; i < n; i++) {
				make(&tx, &cur, op, 8);
				lost(&cur, p.stateful, &gap, &forged);
			}
			break;
		}
		case 3: /* hold one back for later (reordering / duplication) */
			make(&tx, &cur, op, 2 + (op >> 3));
			lost(&cur, p.stateful, &gap, &forged);
			if (nheld < HOLD)
				held[nheld++] = cur;
			break;
		case 4: /* deliver a held packet late, maybe twice */
			if (nheld) {
				struct genuine *g = &held[(op >> 3) % nheld];
				deliver(&rx, g->ct, g->ct_len, g, forged);
				if (op & 0x80)
					deliver(&rx, g->ct, g->ct_len, g, forged);
			}
			break;
		case 5: /* raw bytes from the input as a packet */
		{
			size_t len = size < (size_t)(op >> 3) ? size : (size_t)(op >> 3);
			deliver(&rx, data, len, NULL, 1);
			forged = 1;
			data += len;
			size -= len;
			break;
		}
		case 6: /* a genuine packet with a forged header */
			if (size >= 2) {
				make(&tx, &cur, op, 40);
				cur.ct[0] ^= data[0];
				cur.ct[1] ^= data[1];
				data += 2;
				size -= 2;
				forged = 1;
				deliver(&rx, cur.ct, cur.ct_len, NULL, 1);
			}
			break;
		case 7: /* the peer's CCP layer got our Reset-Request */
			mppe_flow_reset(&tx);
			break;
		}
	}
	mppe_flow_wipe(&tx);
	mppe_flow_wipe(&rx);
	return 0;
}
