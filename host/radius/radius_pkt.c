/*
 * RADIUS packets: see radius_pkt.h. MD5 and HMAC-MD5 from nettle.
 *
 * Packet: Code(1) Identifier(1) Length(2) Authenticator(16) Attributes,
 * each Type(1) Length(1, including these two) Value. Vendor-Specific
 * (26): Vendor-Id(4) then, for Microsoft, Vendor-Type(1) Vendor-Length(1)
 * Value (RFC 2548 2).
 */
#include "radius_pkt.h"

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "common/bytes.h"
#include "mppe/crypto.h"
#include "mppe/mschap.h"

const char *rad_code_name(uint8_t code)
{
	switch (code) {
	case RAD_ACCESS_REQUEST: return "Access-Request";
	case RAD_ACCESS_ACCEPT: return "Access-Accept";
	case RAD_ACCESS_REJECT: return "Access-Reject";
	case RAD_ACCOUNTING_REQUEST: return "Accounting-Request";
	case RAD_ACCOUNTING_RESPONSE: return "Accounting-Response";
	case RAD_ACCESS_CHALLENGE: return "Access-Challenge";
	case RAD_DISCONNECT_REQUEST: return "Disconnect-Request";
	case RAD_DISCONNECT_ACK: return "Disconnect-ACK";
	case RAD_DISCONNECT_NAK: return "Disconnect-NAK";
	case RAD_COA_REQUEST: return "CoA-Request";
	case RAD_COA_ACK: return "CoA-ACK";
	case RAD_COA_NAK: return "CoA-NAK";
	}
	return "unknown";
}

/* ---- building ---- */

void rad_init(struct rad_pkt *p, uint8_t code, uint8_t id, const uint8_t auth[RAD_AUTH_LEN])
{
	p->buf[0] = code;
	p->buf[1] = id;
	put16(p->buf + 2, RAD_HDR_LEN);
	if (auth)
		memcpy(p->buf + 4, auth, RAD_AUTH_LEN);
	else
		memset(p->buf + 4, 0, RAD_AUTH_LEN);
	p->len = RAD_HDR_LEN;
	p->ma_off = 0;
	p->overflow = false;
}

static uint8_t *room(struct rad_pkt *p, size_t n)
{
	uint8_t *r;

	if (p->overflow || n > 255 || p->len + n > RAD_MAX_LEN) {
		p->overflow = true;
		return NULL;
	}
	r = p->buf + p->len;
	p->len += n;
	return r;
}

void rad_add(struct rad_pkt *p, uint8_t type, const void *val, size_t len)
{
	uint8_t *r = room(p, 2 + len);

	if (!r)
		return;
	r[0] = type;
	r[1] = (uint8_t)(2 + len);
	if (len)
		memcpy(r + 2, val, len);
}

void rad_add_u32(struct rad_pkt *p, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	rad_add(p, type, b, 4);
}

void rad_add_str(struct rad_pkt *p, uint8_t type, const char *s)
{
	size_t n = strlen(s);

	rad_add(p, type, s, n > 253 ? 253 : n);
}

void rad_add_vsa(struct rad_pkt *p, uint32_t vendor, uint8_t vtype, const void *val, size_t len)
{
	uint8_t *r = room(p, 8 + len);

	if (!r)
		return;
	r[0] = RAD_VENDOR_SPECIFIC;
	r[1] = (uint8_t)(8 + len);
	r[2] = (uint8_t)(vendor >> 24);
	r[3] = (uint8_t)(vendor >> 16);
	r[4] = (uint8_t)(vendor >> 8);
	r[5] = (uint8_t)vendor;
	r[6] = vtype;
	r[7] = (uint8_t)(2 + len);
	memcpy(r + 8, val, len);
}

void rad_add_message_authenticator(struct rad_pkt *p)
{
	uint8_t *r = room(p, 18);

	if (!r)
		return;
	r[0] = RAD_MESSAGE_AUTHENTICATOR;
	r[1] = 18;
	memset(r + 2, 0, 16);
	p->ma_off = (size_t)(r + 2 - p->buf);
}

/* b(1) = MD5(S + R [+ A]), b(i) = MD5(S + c(i-1)); c(i) = p(i) xor b(i) (RFC 2865 5.2, RFC 2548 2.4.2). */
static void hide_blocks(const struct rad_secret *sec, const uint8_t *first, const uint8_t *salt, uint8_t *buf,
			size_t len, bool decrypt)
{
	uint8_t b[16], prev[16];
	struct md5_ctx ctx;

	memcpy(prev, first, 16);
	for (size_t i = 0; i < len; i += 16) {
		md5_init(&ctx);
		md5_update(&ctx, sec->len, sec->s);
		md5_update(&ctx, 16, prev);
		if (i == 0 && salt)
			md5_update(&ctx, 2, salt);
		md5_digest(&ctx, 16, b);
		if (decrypt)
			memcpy(prev, buf + i, 16);      /* the next block chains on the ciphertext */
		for (int k = 0; k < 16; k++)
			buf[i + k] ^= b[k];
		if (!decrypt)
			memcpy(prev, buf + i, 16);
	}
	crypto_wipe(b, sizeof(b));
	crypto_wipe(&ctx, sizeof(ctx));
}

void rad_add_user_password(struct rad_pkt *p, const struct rad_secret *sec, const uint8_t *pw, size_t len)
{
	uint8_t v[128];
	size_t n = len == 0 ? 16 : (len + 15) / 16 * 16;

	if (len > sizeof(v)) {
		p->overflow = true;
		return;
	}
	memset(v, 0, sizeof(v));
	memcpy(v, pw, len);
	hide_blocks(sec, p->buf + 4, NULL, v, n, false);
	rad_add(p, RAD_USER_PASSWORD, v, n);
	crypto_wipe(v, sizeof(v));
}

static void hmac_md5(const struct rad_secret *sec, const uint8_t *buf, size_t len, uint8_t out[16])
{
	struct hmac_md5_ctx h;

	hmac_md5_set_key(&h, sec->len, sec->s);
	hmac_md5_update(&h, len, buf);
	hmac_md5_digest(&h, 16, out);
	crypto_wipe(&h, sizeof(h));
}

/* MD5(Code + Identifier + Length + auth + Attributes + Secret) */
static void authenticator(const uint8_t *pkt, size_t len, const uint8_t auth[16], const struct rad_secret *sec,
			  uint8_t out[16])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 4, pkt);
	md5_update(&ctx, 16, auth);
	md5_update(&ctx, len - RAD_HDR_LEN, pkt + RAD_HDR_LEN);
	md5_update(&ctx, sec->len, sec->s);
	md5_digest(&ctx, 16, out);
	crypto_wipe(&ctx, sizeof(ctx));
}

static bool is_request(uint8_t code)
{
	return code == RAD_ACCESS_REQUEST || code == RAD_ACCOUNTING_REQUEST || code == RAD_DISCONNECT_REQUEST ||
	       code == RAD_COA_REQUEST;
}

int rad_finish(struct rad_pkt *p, const struct rad_secret *sec, const uint8_t *req_auth)
{
	static const uint8_t zero[16];
	uint8_t code = p->buf[0];

	if (p->overflow)
		return -1;
	put16(p->buf + 2, p->len);
	if (code == RAD_ACCESS_REQUEST) {
		if (p->ma_off)
			hmac_md5(sec, p->buf, p->len, p->buf + p->ma_off);
		return 0;
	}
	if (is_request(code)) {
		/* RFC 5176 3.5 / RFC 3579 3.2: the Message-Authenticator over a zero
		 * Request Authenticator, then the Request Authenticator itself */
		memset(p->buf + 4, 0, 16);
		if (p->ma_off)
			hmac_md5(sec, p->buf, p->len, p->buf + p->ma_off);
		authenticator(p->buf, p->len, zero, sec, p->buf + 4);
		return 0;
	}
	if (!req_auth)
		return -1;
	memcpy(p->buf + 4, req_auth, 16);
	if (p->ma_off)
		hmac_md5(sec, p->buf, p->len, p->buf + p->ma_off);
	authenticator(p->buf, p->len, req_auth, sec, p->buf + 4);
	return 0;
}

/* ---- reading ---- */

static int bad(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

static int add_attr(struct rad_view *v, uint8_t type, uint32_t vendor, uint8_t vtype, const uint8_t *val,
		    size_t len)
{
	if (v->n == RAD_MAX_ATTRS)
		return -1;
	v->a[v->n++] = (struct rad_attr){ .type = type, .vendor = vendor, .vtype = vtype, .len = (uint8_t)len,
					  .val = val };
	return 0;
}

/* A Microsoft VSA value after the Vendor-Id: sub-attributes filling it exactly. */
static int parse_ms(struct rad_view *v, const uint8_t *p, size_t len, const char **why)
{
	while (len) {
		if (len < 2 || p[1] < 2 || p[1] > len)
			return bad(why, "Microsoft attribute overruns its Vendor-Specific");
		if (add_attr(v, RAD_VENDOR_SPECIFIC, RAD_VENDOR_MICROSOFT, p[0], p + 2, p[1] - 2u) < 0)
			return bad(why, "too many attributes");
		len -= p[1];
		p += p[1];
	}
	return 0;
}

int rad_parse(const uint8_t *buf, size_t n, struct rad_view *v, const char **why)
{
	size_t len, off;

	v->n = 0;
	v->ma = -1;
	if (n < RAD_HDR_LEN)
		return bad(why, "shorter than the header");
	len = get16(buf + 2);
	/* RFC 2865 3: octets past Length are padding; a Length past the datagram is a drop */
	if (len < RAD_HDR_LEN || len > RAD_MAX_LEN || len > n)
		return bad(why, "bad Length");
	v->pkt = buf;
	v->len = len;
	v->code = buf[0];
	v->id = buf[1];
	for (off = RAD_HDR_LEN; off < len;) {
		const uint8_t *a = buf + off;
		size_t alen;

		if (len - off < 2 || (alen = a[1]) < 2 || alen > len - off)
			return bad(why, "attribute overruns the packet");
		if (a[0] == RAD_VENDOR_SPECIFIC && alen >= 6) {
			uint32_t vendor = get32(a + 2);

			if (vendor == RAD_VENDOR_MICROSOFT) {
				if (parse_ms(v, a + 6, alen - 6, why) < 0)
					return -1;
			} else if (add_attr(v, a[0], vendor, 0, a + 6, alen - 6) < 0) {
				return bad(why, "too many attributes");
			}
		} else {
			if (a[0] == RAD_MESSAGE_AUTHENTICATOR) {
				if (alen != 18)
					return bad(why, "Message-Authenticator not 16 octets");
				if (v->ma >= 0)
					return bad(why, "two Message-Authenticators");
				v->ma = (int)v->n;
			}
			if (add_attr(v, a[0], 0, 0, a + 2, alen - 2) < 0)
				return bad(why, "too many attributes");
		}
		off += alen;
	}
	return 0;
}

/* HMAC-MD5 over the packet with the authenticator field set to auth and the
 * Message-Authenticator value zero, compared with the value received. */
static bool ma_ok(const struct rad_view *v, const struct rad_secret *sec, const uint8_t auth[16])
{
	uint8_t copy[RAD_MAX_LEN], mac[16];
	size_t off = (size_t)(v->a[v->ma].val - v->pkt);
	bool ok;

	memcpy(copy, v->pkt, v->len);
	memcpy(copy + 4, auth, 16);
	memset(copy + off, 0, 16);
	hmac_md5(sec, copy, v->len, mac);
	ok = mschap_ct_equal(mac, v->a[v->ma].val, 16);
	crypto_wipe(mac, sizeof(mac));
	return ok;
}

int rad_verify_response(const struct rad_view *v, const struct rad_secret *sec,
			const uint8_t req_auth[RAD_AUTH_LEN], bool require_ma, const char **why)
{
	uint8_t expect[16];
	bool ok;

	authenticator(v->pkt, v->len, req_auth, sec, expect);
	ok = mschap_ct_equal(expect, v->pkt + 4, 16);
	if (!ok)
		return bad(why, "wrong Response Authenticator");
	if (v->ma < 0)
		return require_ma ? bad(why, "no Message-Authenticator") : 0;
	if (!ma_ok(v, sec, req_auth))
		return bad(why, "wrong Message-Authenticator");
	return 0;
}

int rad_verify_request(const struct rad_view *v, const struct rad_secret *sec, const char **why)
{
	static const uint8_t zero[16];
	uint8_t expect[16];

	authenticator(v->pkt, v->len, zero, sec, expect);
	if (!mschap_ct_equal(expect, v->pkt + 4, 16))
		return bad(why, "wrong Request Authenticator");
	if (v->ma >= 0 && !ma_ok(v, sec, zero))
		return bad(why, "wrong Message-Authenticator");
	return 0;
}

const struct rad_attr *rad_find(const struct rad_view *v, uint8_t type)
{
	for (unsigned i = 0; i < v->n; i++)
		if (v->a[i].type == type && v->a[i].vendor == 0)
			return &v->a[i];
	return NULL;
}

const struct rad_attr *rad_find_ms(const struct rad_view *v, uint8_t vtype)
{
	for (unsigned i = 0; i < v->n; i++)
		if (v->a[i].vendor == RAD_VENDOR_MICROSOFT && v->a[i].vtype == vtype)
			return &v->a[i];
	return NULL;
}

bool rad_get_u32(const struct rad_attr *a, uint32_t *out)
{
	if (!a || a->len != 4)
		return false;
	*out = get32(a->val);
	return true;
}

int rad_unhide(const struct rad_secret *sec, const uint8_t req_auth[RAD_AUTH_LEN], const uint8_t *salt,
	       const uint8_t *in, size_t len, uint8_t *out)
{
	if (len == 0 || len % 16 || len > 240)
		return -1;
	memcpy(out, in, len);
	hide_blocks(sec, req_auth, salt, out, len, true);
	return 0;
}

int rad_mppe_key(const struct rad_attr *a, const struct rad_secret *sec, const uint8_t req_auth[RAD_AUTH_LEN],
		 uint8_t *key, size_t cap)
{
	uint8_t plain[240];
	size_t klen;

	/* Salt(2, high bit set) then at least one 16-octet block */
	if (!a || a->len < 18 || (a->len - 2) % 16 || !(a->val[0] & 0x80))
		return -1;
	if (rad_unhide(sec, req_auth, a->val, a->val + 2, a->len - 2u, plain) < 0)
		return -1;
	klen = plain[0];
	if (klen == 0 || klen + 1 > a->len - 2u || klen > cap) {
		crypto_wipe(plain, sizeof(plain));
		return -1;
	}
	memcpy(key, plain + 1, klen);
	crypto_wipe(plain, sizeof(plain));
	return (int)klen;
}
