/* The capture reader (capture.h). */
#include "capture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "byteorder.h"
#include "common/bytes.h"

#define MAX_FILE (1u << 20)

/* One PPP frame (a GRE payload) into the capture's record. */
static void ppp_frame(struct capture *c, bool from_client, const uint8_t *frame, size_t flen)
{
	const uint8_t *p = frame;
	size_t len = flen;
	uint16_t proto;

	if (len >= 2 && p[0] == 0xff && p[1] == 0x03)
		p += 2, len -= 2;                       /* ACFC not in use yet */
	if (len < 1)
		return;
	if (p[0] & 1)
		proto = p[0], p++, len--;               /* PFC: one-octet protocol */
	else if (len >= 2)
		proto = get16(p), p += 2, len -= 2;
	else
		return;
	if (c->n_frame < CAPTURE_MAX_FRAMES && flen <= sizeof(c->frame[0].data)) {
		struct capture_frame *f = &c->frame[c->n_frame++];

		f->from_client = from_client;
		f->proto = proto;
		f->len = (uint16_t)flen;
		f->info_off = (uint16_t)(p - frame);
		memcpy(f->data, frame, flen);
	}
	if (proto == 0x00fd) {
		assert_true(c->n_pkt < CAPTURE_MAX_MPPE);
		assert_true(len <= sizeof(c->pkt[0].data));
		c->pkt[c->n_pkt].from_client = from_client;
		c->pkt[c->n_pkt].len = (uint16_t)len;
		memcpy(c->pkt[c->n_pkt].data, p, len);
		c->n_pkt++;
		return;
	}
	if (proto != 0xc223 || len < 4 || get16(p + 2) > len)
		return;
	len = get16(p + 2);
	if (p[0] == 1 && len >= 5 + 16 && p[4] == 16) {            /* Challenge */
		memcpy(c->auth_challenge, p + 5, 16);
		c->have_challenge = true;
	} else if (p[0] == 2 && len >= 5 + 49 && p[4] == 49) {     /* Response (RFC 2759 4) */
		size_t n = len - 5 - 49;

		memcpy(c->peer_challenge, p + 5, 16);
		memcpy(c->nt_response, p + 5 + 24, 24);
		assert_true(n < sizeof(c->user));
		memcpy(c->user, p + 5 + 49, n);
		c->user[n] = '\0';
		c->have_response = true;
	} else if (p[0] == 3 && len > 4 && len - 4 < sizeof(c->success)) {   /* Success */
		memcpy(c->success, p + 4, len - 4u);
		c->success[len - 4] = '\0';
		c->have_success = true;
	}
}

/* PPTP control messages of one TCP segment (each in a segment of its own
 * in these captures; a message split over segments is not recorded). */
static void tcp_payload(struct capture *c, bool from_client, const uint8_t *p, size_t len)
{
	while (len >= 12) {
		uint16_t mlen = get16(p);

		if (mlen < 12 || mlen > len || get16(p + 2) != 1 || get32(p + 4) != 0x1a2b3c4du)
			return;
		if (c->n_ctrl < CAPTURE_MAX_CTRL && mlen <= sizeof(c->ctrl[0].data)) {
			struct capture_ctrl *m = &c->ctrl[c->n_ctrl++];

			m->from_client = from_client;
			m->type = get16(p + 8);
			m->len = mlen;
			memcpy(m->data, p, mlen);
		}
		p += mlen;
		len -= mlen;
	}
}

void capture_load(const char *name, struct capture *c)
{
	FILE *f = fopen(name, "rb");
	uint8_t *buf = malloc(MAX_FILE);
	size_t n, off = 24;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, MAX_FILE, f);
	fclose(f);
	memset(c, 0, sizeof(*c));
	/* pcap, little-endian, microsecond or nanosecond stamps, Ethernet */
	assert_true(n >= 24);
	assert_true(get_le32(buf) == 0xa1b2c3d4u || get_le32(buf) == 0xa1b23c4du);
	assert_int_equal(get_le32(buf + 20), 1);
	while (off + 16 <= n) {
		uint32_t incl = get_le32(buf + off + 8);
		const uint8_t *e = buf + off + 16, *ip, *gre;
		size_t ihl, glen, ghdr, iplen;
		bool from_client;

		assert_true(incl <= n - off - 16);
		off += 16 + incl;
		if (incl < 14 + 20 || get16(e + 12) != 0x0800)
			continue;
		ip = e + 14;
		ihl = (size_t)(ip[0] & 15) * 4;
		iplen = get16(ip + 2);
		if (ihl < 20 || iplen < ihl || iplen > incl - 14)
			continue;
		from_client = get32(ip + 12) == CAPTURE_CLIENT_IP;
		if (ip[9] == 6 && iplen >= ihl + 20) {
			const uint8_t *tcp = ip + ihl;
			size_t thl = (size_t)(tcp[12] >> 4) * 4;

			if ((get16(tcp) == 1723 || get16(tcp + 2) == 1723) && thl >= 20 && ihl + thl <= iplen)
				tcp_payload(c, from_client, tcp + thl, iplen - ihl - thl);
			continue;
		}
		if (ip[9] != 47 || iplen < ihl + 8)
			continue;
		gre = ip + ihl;
		glen = iplen - ihl;
		if (get16(gre + 2) != 0x880b || !(gre[0] & 0x10))
			continue;                       /* not enhanced GRE, or ack only (no S bit) */
		ghdr = 12 + ((gre[1] & 0x80) ? 4 : 0);
		if (glen < ghdr || get16(gre + 4) > glen - ghdr)
			continue;
		ppp_frame(c, from_client, gre + ghdr, get16(gre + 4));
	}
	free(buf);
}

const struct capture_frame *capture_find(const struct capture *c, bool from_client, uint16_t proto, int code,
					 unsigned n)
{
	for (unsigned i = 0; i < c->n_frame; i++) {
		const struct capture_frame *f = &c->frame[i];

		if (f->from_client != from_client || f->proto != proto)
			continue;
		if (code >= 0 && (f->len <= f->info_off || f->data[f->info_off] != code))
			continue;
		if (n-- == 0)
			return f;
	}
	return NULL;
}
