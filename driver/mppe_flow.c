/*
 * The reference MPPE engine for one flow (RFC 3078). See include/mppe/mppe.h.
 *
 * Receive-side rules beyond the RFC, each for a reason:
 *  - Coherency counts are compared modulo 4096 against the last good count.
 *    A count equal to it, or (stateless) at most MPPE_LATE_WINDOW (256)
 *    behind it, or (stateful) half the space (2048) or more ahead, is a
 *    duplicate or late and is dropped without touching the state (Linux
 *    once rekeyed 4095 times for one late packet); any other is loss.
 *    Stateless takes jumps up to 3,839 as loss so that an outage of a few
 *    thousand packets is caught up, not taken for late packets for ever.
 *  - No receive state is committed until the decrypted packet starts with a
 *    protocol MPPE may carry, so a forged header cannot move the keys. That
 *    2-octet check lets about 1 forged packet in 5,000 through; a flow with
 *    verify_ipv4 also needs a valid IPv4 header (checksum included) first.
 *  - Stateless forward jumps cost one key change per missed packet; at most
 *    max_rekeys are done per received packet. The furthest key computed is
 *    kept as a "lookahead" (it depends only on the committed key, so it is
 *    right whoever caused it) and the next packet continues from there: a
 *    real outage resynchronises after a few packets, a forged jump costs at
 *    most max_rekeys key changes and moves nothing. With rekey_base, only
 *    that many are free per packet; the rest is paid from a credit good
 *    packets earn, so a stream of forged packets costs rekey_base each.
 *  - Bit A means "the sender changed its key before this packet" (Linux and
 *    Windows): the sender sets it when it changes keys (every stateless
 *    packet, flag packets, the first packet after a CCP Reset-Request) and
 *    the receiver changes its key on every flushed packet. RFC 3078 8.2 text
 *    says the tables are re-initialised from the current key instead; no
 *    deployed peer does that.
 */
#include "mppe/mppe.h"

#include <errno.h>
#include <string.h>

#include "mppe/crypto.h"
#include "mppe/keys.h"

static const char *const status_names[MPPE_STATUS_COUNT] = {
	[MPPE_OK] = "ok",
	[MPPE_DROP_DUPLICATE] = "duplicate",
	[MPPE_DROP_LATE] = "late",
	[MPPE_DROP_LOSS] = "loss",
	[MPPE_DROP_DISCARDING] = "discarding",
	[MPPE_DROP_REKEY_LIMIT] = "rekey-limit",
	[MPPE_DROP_IMPLAUSIBLE] = "implausible",
	[MPPE_ERR_SHORT] = "short",
	[MPPE_ERR_NOT_ENCRYPTED] = "not-encrypted",
	[MPPE_ERR_NOT_FLUSHED] = "not-flushed",
	[MPPE_ERR_BAD_PROTOCOL] = "bad-protocol",
	[MPPE_ERR_TOO_LONG] = "too-long",
	[MPPE_ERR_BAD_FLOW] = "bad-flow",
	[MPPE_ERR_BAD_OP] = "bad-op",
	[MPPE_ERR_NO_SPACE] = "no-space",
	[MPPE_ERR_DEVICE] = "device-error",
};

const char *mppe_status_name(enum mppe_status st)
{
	if ((unsigned)st < MPPE_STATUS_COUNT && status_names[st])
		return status_names[st];
	return "unknown";
}

static inline uint16_t cc_add(uint16_t a, unsigned b)
{
	return (uint16_t)((a + b) & MPPE_CCOUNT_MASK);
}

static inline unsigned cc_dist(uint16_t to, uint16_t from)
{
	return (unsigned)(to - from) & MPPE_CCOUNT_MASK;
}

void mppe_key_change(const uint8_t *start_key, unsigned key_bits, uint8_t *key)
{
	unsigned len = mppe_key_len(key_bits);
	uint8_t interim[MPPE_MAX_KEY_LEN];
	RC4_KEY k;

	GetNewKeyFromSHA(start_key, key, len, interim);
	crypto_rc4_key(&k, interim, len);
	crypto_rc4(&k, interim, key, len);
	mppe_reduce_key(key, key_bits);
	crypto_wipe(interim, sizeof(interim));
	crypto_wipe(&k, sizeof(k));
}

/* RFC 3078 7.3: one key change of `key` in place (the RC4 tables are the caller's). */
static void change_key(const struct mppe_flow *f, uint8_t *key)
{
	mppe_key_change(f->start_key, f->p.key_bits, key);
}

int mppe_flow_init(struct mppe_flow *f, const struct mppe_flow_params *p)
{
	unsigned len = mppe_key_len(p->key_bits);

	if (!len || (p->dir != MPPE_DIR_TX && p->dir != MPPE_DIR_RX) ||
	    p->first_ccount > MPPE_CCOUNT_MASK || p->max_rekeys > MPPE_MAX_REKEYS_LIMIT ||
	    p->rekey_base > MPPE_MAX_REKEYS_LIMIT) {
		errno = EINVAL;
		return -1;
	}
	memset(f, 0, sizeof(*f));
	f->p = *p;
	if (!f->p.max_rekeys)
		f->p.max_rekeys = MPPE_DEFAULT_MAX_REKEYS;
	f->rekey_credit = f->p.max_rekeys;      /* a new session may recover from one short outage at once */
	f->key_len = len;
	memcpy(f->start_key, p->start_key, len);
	/* RFC 3079 3.3 (and 2.x): the first session key is GetNewKeyFromSHA of the
	 * start key with itself, with no RC4 pass (that is only for key changes). */
	GetNewKeyFromSHA(f->start_key, f->start_key, len, f->session_key);
	mppe_reduce_key(f->session_key, p->key_bits);
	crypto_rc4_key(&f->rc4, f->session_key, len);
	/* The state holds the count of the last packet; the first one is first_ccount. */
	f->ccount = cc_add(p->first_ccount, MPPE_CCOUNT_SPACE - 1);
	f->c.key_bits = (uint8_t)p->key_bits;
	f->c.stateful = p->stateful;
	f->c.dir = (uint8_t)p->dir;
	return 0;
}

void mppe_shadow_init(struct mppe_shadow *t, const struct mppe_flow_params *p)
{
	unsigned len = mppe_key_len(p->key_bits);

	memset(t, 0, sizeof(*t));
	if (!len)
		return;
	GetNewKeyFromSHA(p->start_key, p->start_key, len, t->session_key);
	mppe_reduce_key(t->session_key, p->key_bits);
	t->ccount = cc_add(p->first_ccount, MPPE_CCOUNT_SPACE - 1);
}

static unsigned missed_flags(uint16_t last, uint16_t to);

void mppe_shadow_track(struct mppe_shadow *t, const struct mppe_flow_params *p, unsigned status,
		       bool flushed, bool reset_request, uint16_t ccount, unsigned len)
{
	unsigned changes = 0, d = cc_dist(ccount, t->ccount);

	if (p->dir == MPPE_DIR_RX && p->stateful && reset_request)
		t->discarding = true;          /* the engine entered its discard state */
	if (status != MPPE_OK)
		return;                        /* nothing else moves on a failed operation */
	if (p->dir == MPPE_DIR_TX)
		changes = !p->stateful || flushed;
	else if (!p->stateful)
		changes = d;                   /* RFC 3078 8.1 */
	else if (flushed && t->discarding) {
		/* RFC 3078 8.2: the engine tried lo..lo + MPPE_RESYNC_EXTRA keys;
		 * the first is by far the likeliest (no flushed packet lost) */
		changes = missed_flags(t->ccount, ccount) + 1;
		if (t->unsure < UINT16_MAX - MPPE_RESYNC_EXTRA)
			t->unsure += MPPE_RESYNC_EXTRA;
	} else
		changes = flushed;
	for (unsigned i = 0; i < changes; i++)
		mppe_key_change(p->start_key, p->key_bits, t->session_key);
	if (changes)
		t->stream = 0;
	if (p->stateful)
		t->stream += len;
	t->ccount = ccount & MPPE_CCOUNT_MASK;
	t->discarding = false;
}

int mppe_flow_init_resume(struct mppe_flow *f, const struct mppe_flow_params *p, const struct mppe_shadow *t)
{
	uint8_t skip[256] = { 0 };

	if (mppe_flow_init(f, p) < 0)
		return -1;
	memcpy(f->session_key, t->session_key, f->key_len);
	f->ccount = t->ccount & MPPE_CCOUNT_MASK;
	crypto_rc4_key(&f->rc4, f->session_key, f->key_len);
	if (p->stateful && p->dir == MPPE_DIR_TX) {
		/* the tables where the card left them: at most 256 packets of
		 * keystream since the last key change (a flag packet) */
		for (uint32_t left = t->stream; left > 0;) {
			uint32_t n = left < sizeof(skip) ? left : (uint32_t)sizeof(skip);
			crypto_rc4(&f->rc4, skip, skip, n);
			left -= n;
		}
		crypto_wipe(skip, sizeof(skip));
		f->flush_pending = true;
	}
	if (p->stateful && p->dir == MPPE_DIR_RX) {
		f->discarding = true;
		f->resync_extra = t->unsure < 64 ? t->unsure : 64;   /* bounded work for forged packets */
	}
	return 0;
}

void mppe_flow_wipe(struct mppe_flow *f)
{
	crypto_wipe(f, sizeof(*f));
}

static bool protocol_carried(unsigned proto)
{
	/* RFC 3078 section 3: only protocols 0x0021..0x00FA are encrypted; PPP
	 * protocol numbers are odd in their low octet (RFC 1661 2). */
	return proto >= 0x0021 && proto <= 0x00fa && (proto & 1);
}

bool mppe_plausible_protocol(const uint8_t *pt, size_t len, bool pfc)
{
	if (pfc && len >= 1 && (pt[0] & 1))     /* PFC: one octet */
		return protocol_carried(pt[0]);
	if (len >= 2 && pt[0] == 0)
		return protocol_carried(pt[1]);
	return false;
}

bool mppe_plausible_ip(const uint8_t *pt, size_t len, bool allow6)
{
	size_t plen;

	if (!allow6 || len < 2 + 40 || pt[0] != 0 || pt[1] != 0x57)
		return mppe_plausible_ipv4(pt, len);
	plen = (size_t)pt[2 + 4] << 8 | pt[2 + 5];
	return (pt[2] >> 4) == 6 && plen != 0 && 40 + plen <= len - 2;
}

bool mppe_plausible_ipv4(const uint8_t *pt, size_t len)
{
	const uint8_t *ip = pt + 2;
	size_t hl, tot;
	uint32_t sum = 0;

	if (len < 2 + 20 || pt[0] != 0 || pt[1] != 0x21 || (ip[0] >> 4) != 4)
		return false;
	hl = (size_t)(ip[0] & 15) * 4;
	tot = (size_t)ip[2] << 8 | ip[3];
	if (hl < 20 || hl > len - 2 || tot < hl || tot > len - 2)
		return false;
	for (size_t i = 0; i < hl; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/*
 * Decrypt the first two octets with `tables` into a scratch buffer and say
 * whether they look like a protocol field; if they do, decrypt the rest into
 * out. The ciphertext stays intact until the check passes, so callers can try
 * several keys on one packet even when out aliases it.
 */
static void tables_run(RC4_KEY *tables, struct mppe_rx_rest *rest, const uint8_t *in, uint8_t *out, size_t len)
{
	if (rest)
		crypto_rc4s(&rest->st, in, out, len);
	else
		crypto_rc4(tables, in, out, len);
}

/* rest (NULL: tables are OpenSSL's): rest->st holds the packet's tables, and
 * on success the pass over the rest of the packet is left in rest for the
 * caller (mppe_rx_rest_run). */
static bool try_decrypt(const struct mppe_flow *f, RC4_KEY *tables, const uint8_t *in,
			size_t ct_len, uint8_t *out, struct mppe_rx_rest *rest)
{
	uint8_t head[2 + 60];
	size_t n = 2;

	tables_run(tables, rest, in, head, 2);
	if (!mppe_plausible_protocol(head, 2, f->p.accept_pfc))
		return false;
	if (f->p.verify_ipv4 && f->p.verify_ipv6_too && head[0] == 0 && head[1] == 0x57) {
		/* an IPv6 header: its version and payload length */
		if (ct_len < 2 + 40)
			return false;
		tables_run(tables, rest, in + 2, head + 2, 40);
		n = 2 + 40;
		if (!mppe_plausible_ip(head, ct_len, true)) {
			crypto_wipe(head, sizeof(head));
			return false;
		}
	} else if (f->p.verify_ipv4) {
		/* the IPv4 header too, before anything is committed */
		if (head[0] != 0 || head[1] != 0x21 || ct_len < 2 + 20)
			return false;
		tables_run(tables, rest, in + 2, head + 2, 20);
		n = 2 + 20;
		size_t hl = (size_t)(head[2] & 15) * 4;
		if (hl > 20 && hl <= ct_len - 2) {
			tables_run(tables, rest, in + n, head + n, hl - 20);
			n = 2 + hl;
		}
		if (!mppe_plausible_ipv4(head, ct_len)) {
			crypto_wipe(head, sizeof(head));
			return false;
		}
	}
	if (rest) {
		rest->in = in + n;
		rest->out = out + n;
		rest->len = ct_len - n;
	} else {
		crypto_rc4(tables, in + n, out + n, ct_len - n);
	}
	memcpy(out, head, n);
	crypto_wipe(head, sizeof(head));
	return true;
}

static enum mppe_status encrypt_check(const struct mppe_flow *f, const uint8_t *in, size_t in_len, size_t out_cap)
{
	if (f->p.dir != MPPE_DIR_TX)
		return MPPE_ERR_BAD_FLOW;
	if (in_len < 2)
		return MPPE_ERR_SHORT;
	if (in_len > MPPE_MAX_PAYLOAD)
		return MPPE_ERR_TOO_LONG;
	if (out_cap < in_len + MPPE_HDR_LEN)
		return MPPE_ERR_NO_SPACE;
	if (!protocol_carried(((unsigned)in[0] << 8) | in[1]))
		return MPPE_ERR_BAD_PROTOCOL;
	return MPPE_OK;
}

/* A stateless transmit flow's next packet, all but its RC4 pass: the count,
 * the key change (RFC 3078 7.1), the counters; its key into key. */
static void encrypt_stateless_begin(struct mppe_flow *f, size_t in_len, uint8_t *key, uint8_t hdr[2])
{
	f->ccount = cc_add(f->ccount, 1);
	change_key(f, f->session_key);
	memcpy(key, f->session_key, f->key_len);
	f->c.key_changes++;
	f->flush_pending = false;
	hdr[0] = (uint8_t)(MPPE_BIT_D | MPPE_BIT_A | (f->ccount >> 8));
	hdr[1] = (uint8_t)(f->ccount & 0xff);
	f->c.packets++;
	f->c.bytes += in_len;
}

void mppe_flow_encrypt_pair(struct mppe_flow *fa, const uint8_t *in_a, size_t len_a, uint8_t *out_a, size_t cap_a,
			    size_t *out_len_a, enum mppe_status *st_a,
			    struct mppe_flow *fb, const uint8_t *in_b, size_t len_b, uint8_t *out_b, size_t cap_b,
			    size_t *out_len_b, enum mppe_status *st_b)
{
	uint8_t key_a[MPPE_MAX_KEY_LEN], key_b[MPPE_MAX_KEY_LEN], hdr_a[2], hdr_b[2];

	*out_len_a = *out_len_b = 0;
	if (fa->p.stateful || fb->p.stateful || fa->key_len != fb->key_len ||
	    encrypt_check(fa, in_a, len_a, cap_a) != MPPE_OK || encrypt_check(fb, in_b, len_b, cap_b) != MPPE_OK) {
		*st_a = mppe_flow_encrypt(fa, in_a, len_a, out_a, cap_a, out_len_a);
		*st_b = mppe_flow_encrypt(fb, in_b, len_b, out_b, cap_b, out_len_b);
		return;
	}
	encrypt_stateless_begin(fa, len_a, key_a, hdr_a);
	encrypt_stateless_begin(fb, len_b, key_b, hdr_b);
	/* out + 2 may equal in (in place with headroom), as in mppe_flow_encrypt */
	crypto_rc4_pair(key_a, in_a, out_a + MPPE_HDR_LEN, len_a, key_b, in_b, out_b + MPPE_HDR_LEN, len_b, fa->key_len);
	memcpy(out_a, hdr_a, 2);
	memcpy(out_b, hdr_b, 2);
	*out_len_a = len_a + MPPE_HDR_LEN;
	*out_len_b = len_b + MPPE_HDR_LEN;
	*st_a = *st_b = MPPE_OK;
	crypto_wipe(key_a, sizeof(key_a));
	crypto_wipe(key_b, sizeof(key_b));
}

enum mppe_status mppe_flow_encrypt(struct mppe_flow *f, const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_cap, size_t *out_len)
{
	bool flushed = false;
	uint8_t hdr0, hdr1;
	enum mppe_status st = encrypt_check(f, in, in_len, out_cap);

	if (st != MPPE_OK)
		return st;

	f->ccount = cc_add(f->ccount, 1);
	/* RFC 3078 7.1 (stateless: every packet), 7.2 ("flag" packet), 8.2 (after
	 * a CCP Reset-Request: Linux and Windows change the key here, see top). */
	if (!f->p.stateful || (f->ccount & 0xff) == 0xff || f->flush_pending) {
		change_key(f, f->session_key);
		crypto_rc4_key(&f->rc4, f->session_key, f->key_len);
		f->c.key_changes++;
		f->flush_pending = false;
		flushed = true;
	}
	hdr0 = (uint8_t)(MPPE_BIT_D | (flushed ? MPPE_BIT_A : 0) | (f->ccount >> 8));
	hdr1 = (uint8_t)(f->ccount & 0xff);
	/* out + 2 may equal in (in place with headroom): RC4 handles in == out. */
	crypto_rc4(&f->rc4, in, out + MPPE_HDR_LEN, in_len);
	out[0] = hdr0;
	out[1] = hdr1;
	*out_len = in_len + MPPE_HDR_LEN;
	f->c.packets++;
	f->c.bytes += in_len;
	return MPPE_OK;
}

static void sanity_penalty(struct mppe_flow *f)
{
	f->c.sanity_errors++;
	if (f->c.sanity_score < UINT32_MAX - MPPE_SANITY_PENALTY)
		f->c.sanity_score += MPPE_SANITY_PENALTY;
}

static enum mppe_status rx_drop(struct mppe_flow *f, enum mppe_status st)
{
	f->c.rx_dropped++;
	switch (st) {
	case MPPE_DROP_DUPLICATE:
	case MPPE_DROP_LATE:
		f->c.rx_out_of_order++;
		break;
	case MPPE_DROP_REKEY_LIMIT:
		f->c.rx_rekey_limited++;
		break;
	case MPPE_DROP_IMPLAUSIBLE:
		f->c.rx_implausible++;
		sanity_penalty(f); /* a packet that decrypts to nonsense is a bogon too */
		break;
	case MPPE_ERR_NOT_ENCRYPTED:
	case MPPE_ERR_NOT_FLUSHED:
		sanity_penalty(f);
		break;
	default:
		break;
	}
	return st;
}

static void rx_good(struct mppe_flow *f, uint16_t ccount, size_t len, unsigned key_changes)
{
	f->ccount = ccount;
	f->c.packets++;
	f->c.bytes += len;
	f->c.key_changes += key_changes;
	f->c.sanity_score >>= 1; /* good packet credit, as Linux ppp_mppe */
}

/* Missed "flag" packets strictly between the last good count and `to`. */
static unsigned missed_flags(uint16_t last, uint16_t to)
{
	unsigned dist = cc_dist(to, last);
	unsigned first = (0xffu - (last & 0xffu)) & 0xffu;

	if (first == 0)
		first = 256; /* last was itself a flag packet: Linux over-counts here */
	return (dist >= 1 && first <= dist - 1) ? 1 + (dist - 1 - first) / 256 : 0;
}

/* d: the key changes the decision asked for (mppe_rx_decide, 1..3839) */
static enum mppe_status rx_stateless(struct mppe_flow *f, uint16_t cc, unsigned d, const uint8_t *in,
				     size_t ct_len, uint8_t *out, struct mppe_rx_rest *rest)
{
	bool ok;
	unsigned done = 0, budget = f->p.max_rekeys, spent;
	uint8_t key[MPPE_MAX_KEY_LEN];

	/* RFC 3078 8.1: N = C1 - C2 key changes, continuing from the lookahead. */
	memcpy(key, f->session_key, f->key_len);
	if (f->lookahead_valid) {
		unsigned la = cc_dist(f->lookahead_ccount, f->ccount);
		if (la >= 1 && la <= d) {
			memcpy(key, f->lookahead_key, f->key_len);
			done = la;
		}
	}
	/* Beyond rekey_base, work is paid from the credit good packets earned:
	 * a stream of forged packets costs rekey_base key changes each. */
	if (f->p.rekey_base && budget > f->p.rekey_base + f->rekey_credit)
		budget = f->p.rekey_base + f->rekey_credit;
	spent = budget;
	while (done < d && budget > 0) {
		change_key(f, key);
		done++;
		budget--;
	}
	spent -= budget;
	if (f->p.rekey_base && spent > f->p.rekey_base)
		f->rekey_credit = (uint16_t)(f->rekey_credit - (spent - f->p.rekey_base));
	if (done < d || !f->lookahead_valid ||
	    cc_dist(f->lookahead_ccount, f->ccount) < done) {
		/* keep the furthest key computed (never past the packet's count) */
		memcpy(f->lookahead_key, key, f->key_len);
		f->lookahead_ccount = cc_add(f->ccount, done);
		f->lookahead_valid = true;
	}
	if (done < d) {
		crypto_wipe(key, sizeof(key));
		return rx_drop(f, MPPE_DROP_REKEY_LIMIT);
	}

	/* Stateless tables carry nothing between packets: f->rc4 is scratch
	 * (or the caller's, rest, when it runs the rest of the packet). */
	if (rest) {
		crypto_rc4s_key(&rest->st, key, f->key_len);
		ok = try_decrypt(f, NULL, in, ct_len, out, rest);
	} else {
		crypto_rc4_key(&f->rc4, key, f->key_len);
		ok = try_decrypt(f, &f->rc4, in, ct_len, out, NULL);
	}
	if (!ok) {
		crypto_wipe(key, sizeof(key));
		return rx_drop(f, MPPE_DROP_IMPLAUSIBLE);
	}
	memcpy(f->session_key, key, f->key_len);
	crypto_wipe(key, sizeof(key));
	if (f->lookahead_valid && cc_dist(f->lookahead_ccount, f->ccount) <= d)
		f->lookahead_valid = false;
	f->c.rx_missed += d - 1;
	if (f->p.rekey_base)
		f->rekey_credit = (uint16_t)(f->rekey_credit + f->p.rekey_base > MPPE_REKEY_CREDIT_MAX
					     ? MPPE_REKEY_CREDIT_MAX : f->rekey_credit + f->p.rekey_base);
	rx_good(f, cc, ct_len, d);
	return MPPE_OK;
}

static void enter_discard(struct mppe_flow *f)
{
	/* RFC 3078 8.2: drop, send a CCP Reset-Request, discard until a flushed
	 * packet. Counted here, once per episode: the PPP layer is told through
	 * the completion (MPPE_CF_RESET_REQUEST) and sends the request. */
	f->discarding = true;
	f->c.ccp_resets++;
}

/* rd: the decision (mppe_rx_decide): the same key, or trial keys rd->lo..rd->hi */
static enum mppe_status rx_stateful(struct mppe_flow *f, uint16_t cc, const struct mppe_rx_decision *rd,
				    const uint8_t *in, size_t ct_len, uint8_t *out)
{
	unsigned lo = rd->lo, hi = rd->hi;
	uint8_t key[MPPE_MAX_KEY_LEN];
	RC4_KEY tables;

	if (rd->action == MPPE_RX_SAME_KEY) {
		/* In order, same key. An implausible packet restores the
		 * tables; a genuine stream never decrypts to nonsense, so it
		 * also means we are out of step: resynchronise. */
		tables = f->rc4;
		if (!try_decrypt(f, &f->rc4, in, ct_len, out, NULL)) {
			f->rc4 = tables;
			crypto_wipe(&tables, sizeof(tables));
			enter_discard(f);
			return rx_drop(f, MPPE_DROP_IMPLAUSIBLE);
		}
		crypto_wipe(&tables, sizeof(tables));
		rx_good(f, cc, ct_len, 0);
		return MPPE_OK;
	}
	if (f->discarding)
		hi += f->resync_extra;  /* a resumed flow: more trial keys */

	memcpy(key, f->session_key, f->key_len);
	for (unsigned k = 1; k <= hi; k++) {
		change_key(f, key);
		if (k < lo)
			continue;
		crypto_rc4_key(&tables, key, f->key_len);
		if (try_decrypt(f, &tables, in, ct_len, out, NULL)) {
			memcpy(f->session_key, key, f->key_len);
			f->rc4 = tables;
			crypto_wipe(key, sizeof(key));
			crypto_wipe(&tables, sizeof(tables));
			/* Gaps while discarding are not counted as missed: those
			 * packets may have arrived and been discarded. */
			f->discarding = false;
			f->resync_extra = 0;
			rx_good(f, cc, ct_len, k);
			return MPPE_OK;
		}
	}
	crypto_wipe(key, sizeof(key));
	crypto_wipe(&tables, sizeof(tables));
	if (!f->discarding)
		enter_discard(f);
	return rx_drop(f, MPPE_DROP_IMPLAUSIBLE);
}

struct mppe_rx_decision mppe_rx_decide(bool stateful, bool discarding, uint16_t ccount, uint8_t hdr0,
				       uint8_t hdr1)
{
	struct mppe_rx_decision rd = { .action = MPPE_RX_DROP, .status = MPPE_OK };
	uint16_t cc = (uint16_t)(((hdr0 & 0x0f) << 8) | hdr1);
	bool flushed = hdr0 & MPPE_BIT_A;

	rd.dist = cc_dist(cc, ccount);
	/* Sanity checks, as Linux ppp_mppe makes them: each costs score. */
	if (!(hdr0 & MPPE_BIT_D))
		rd.status = MPPE_ERR_NOT_ENCRYPTED;
	else if (!stateful && !flushed) /* RFC 3078 3.1: A on every stateless packet */
		rd.status = MPPE_ERR_NOT_FLUSHED;
	else if (stateful && (cc & 0xff) == 0xff && !flushed) /* a flag packet changed keys */
		rd.status = MPPE_ERR_NOT_FLUSHED;
	else if (rd.dist == 0)
		rd.status = MPPE_DROP_DUPLICATE;
	else if (stateful ? rd.dist >= MPPE_HALF_WINDOW : rd.dist >= MPPE_CCOUNT_SPACE - MPPE_LATE_WINDOW)
		rd.status = MPPE_DROP_LATE;
	else if (!stateful)
		rd.action = MPPE_RX_CHANGE; /* RFC 3078 8.1: N = C1 - C2 key changes */
	else if (!discarding) {
		if (rd.dist > 1) {
			/* RFC 3078 8.2: loss. Drop, ask for a Reset-Request,
			 * discard until a flushed packet. */
			rd.status = MPPE_DROP_LOSS;
			rd.discard = true;
		} else if (!flushed)
			rd.action = MPPE_RX_SAME_KEY;
		else {
			rd.action = MPPE_RX_TRY; /* a flag packet, or the sender's flush */
			rd.lo = rd.hi = 1;
		}
	} else if (!flushed)
		rd.status = MPPE_DROP_DISCARDING;
	else {
		/* RFC 3078 8.2: "perform the number of key changes necessary to
		 * resynchronize": one per missed flag packet, plus the flush. The
		 * sender flushes once per Reset-Request it gets; if earlier flushed
		 * packets were lost too, each cost a key change we cannot count,
		 * so try up to MPPE_RESYNC_EXTRA more. */
		rd.action = MPPE_RX_TRY;
		rd.lo = missed_flags(ccount, cc) + 1;
		rd.hi = rd.lo + MPPE_RESYNC_EXTRA;
	}
	return rd;
}

static enum mppe_status decrypt(struct mppe_flow *f, const uint8_t *in, size_t in_len, uint8_t *out,
			       size_t out_cap, size_t *out_len, struct mppe_rx_rest *rest)
{
	uint16_t cc;
	struct mppe_rx_decision rd;
	enum mppe_status st;
	size_t ct_len;

	if (f->p.dir != MPPE_DIR_RX)
		return MPPE_ERR_BAD_FLOW;
	if (in_len < MPPE_HDR_LEN + MPPE_MIN_CIPHERTEXT)
		return rx_drop(f, MPPE_ERR_SHORT);
	if (in_len > MPPE_MAX_PAYLOAD + MPPE_HDR_LEN)
		return rx_drop(f, MPPE_ERR_TOO_LONG);
	ct_len = in_len - MPPE_HDR_LEN;
	if (out_cap < ct_len)
		return MPPE_ERR_NO_SPACE;

	cc = (uint16_t)(((in[0] & 0x0f) << 8) | in[1]);
	rd = mppe_rx_decide(f->p.stateful, f->discarding, f->ccount, in[0], in[1]);
	if (rd.action == MPPE_RX_DROP) {
		if (rd.discard) {
			f->c.rx_missed += rd.dist - 1;
			enter_discard(f);
		}
		return rx_drop(f, rd.status);
	}
	if (f->p.stateful)
		st = rx_stateful(f, cc, &rd, in + MPPE_HDR_LEN, ct_len, out);
	else
		st = rx_stateless(f, cc, rd.dist, in + MPPE_HDR_LEN, ct_len, out, rest);
	if (st == MPPE_OK)
		*out_len = ct_len;
	return st;
}

enum mppe_status mppe_flow_decrypt(struct mppe_flow *f, const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_cap, size_t *out_len)
{
	return decrypt(f, in, in_len, out, out_cap, out_len, NULL);
}

enum mppe_status mppe_flow_decrypt_begin(struct mppe_flow *f, const uint8_t *in, size_t in_len,
					 uint8_t *out, size_t out_cap, size_t *out_len, struct mppe_rx_rest *rest)
{
	enum mppe_status st;

	rest->len = 0;
	st = decrypt(f, in, in_len, out, out_cap, out_len, rest);
	if (rest->len == 0)
		crypto_wipe(&rest->st, sizeof(rest->st));
	return st;
}

void mppe_rx_rest_run(struct mppe_rx_rest *a, struct mppe_rx_rest *b)
{
	if (a->len && b->len)
		crypto_rc4s_pair(&a->st, a->in, a->out, a->len, &b->st, b->in, b->out, b->len);
	else if (a->len)
		crypto_rc4s(&a->st, a->in, a->out, a->len);
	else if (b->len)
		crypto_rc4s(&b->st, b->in, b->out, b->len);
	crypto_wipe(&a->st, sizeof(a->st));
	crypto_wipe(&b->st, sizeof(b->st));
	a->len = b->len = 0;
}

enum mppe_status mppe_flow_reset(struct mppe_flow *f)
{
	if (f->p.dir != MPPE_DIR_TX)
		return MPPE_ERR_BAD_OP;
	/* Several Reset-Requests before the next packet cost one key change
	 * (the peer cannot know how many we saw). */
	f->flush_pending = true;
	f->c.ccp_resets++;
	return MPPE_OK;
}

void mppe_flow_counters(const struct mppe_flow *f, struct mppe_counters *out)
{
	*out = f->c;
	out->next_ccount = cc_add(f->ccount, 1);
	out->discarding = f->discarding;
}
