/*
 * IPV6CP (RFC 5072): the two ends agree on 64-bit Interface-Identifiers,
 * from which each forms its link-local address fe80::IID (RFC 5072 5).
 * Nothing else is negotiated: IPv6-Compression-Protocol is rejected.
 *
 * RFC 5072 4.1, the rules that are easy to get wrong:
 *  - a peer's identifier of zero, or equal to ours, is answered with a Nak
 *    suggesting a fresh non-zero one for it (never Acked);
 *  - a Nak of ours suggests the identifier we are to use: we take it unless
 *    it is zero or the peer's own;
 *  - a Reject of the option leaves our request empty (the peer then
 *    decides both identifiers alone).
 * Every identifier we make is random, never zero, and differs from the
 * other end's.
 */
#include <string.h>

#include "ppp_defs.h"
#include "ppp_local.h"

#define V6(f) ((struct ipv6cp_state *)(f)->proto_state)

static bool iid_zero(const uint8_t *iid)
{
	static const uint8_t zero[IPV6CP_IID_LEN];

	return memcmp(iid, zero, IPV6CP_IID_LEN) == 0;
}

/* A fresh random identifier, non-zero and unlike avoid (NULL: none). The
 * universal/local bit is cleared: locally assigned (RFC 4291 2.5.1). */
static void iid_new(uint8_t *iid, const uint8_t *avoid)
{
	do {
		ppp_random(iid, IPV6CP_IID_LEN);
		iid[0] &= (uint8_t)~0x02;
	} while (iid_zero(iid) || (avoid && memcmp(iid, avoid, IPV6CP_IID_LEN) == 0));
}

static void ipv6cp_resetci(struct fsm *f)
{
	struct ipv6cp_state *v = V6(f);

	v->neg_iid = true;
	if (iid_zero(v->want_iid))
		iid_new(v->want_iid, v->have_peer ? v->peer_iid : NULL);
}

static size_t ipv6cp_addci(struct fsm *f, uint8_t *p, size_t cap)
{
	struct ipv6cp_state *v = V6(f);

	if (!v->neg_iid || cap < 2 + IPV6CP_IID_LEN)
		return 0;
	return opt_put(p, IPV6CP_OPT_IID, v->want_iid, IPV6CP_IID_LEN);
}

static bool ipv6cp_nak1(struct fsm *f, uint8_t t, const uint8_t *val, size_t vl)
{
	struct ipv6cp_state *v = V6(f);

	if (t != IPV6CP_OPT_IID || vl != IPV6CP_IID_LEN || !v->neg_iid)
		return true;
	if (iid_zero(val) || (v->have_peer && memcmp(val, v->peer_iid, IPV6CP_IID_LEN) == 0))
		iid_new(v->want_iid, v->have_peer ? v->peer_iid : NULL);
	else
		memcpy(v->want_iid, val, IPV6CP_IID_LEN);
	return true;
}

static bool ipv6cp_nakci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ipv6cp_nak1);
}

static bool ipv6cp_rej1(struct fsm *f, uint8_t t, const uint8_t *val, size_t vl)
{
	struct ipv6cp_state *v = V6(f);

	(void)val;
	(void)vl;

	if (t != IPV6CP_OPT_IID || !v->neg_iid)
		return false;       /* we asked for nothing else */
	v->neg_iid = false;
	return true;
}

static bool ipv6cp_rejci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ipv6cp_rej1);
}

/* One option of the peer's request (opt_reqci builds the answer). */
static enum opt_verdict ipv6cp_check(struct fsm *f, uint8_t t, const uint8_t *val, size_t vl, uint8_t *o,
				     bool may_nak)
{
	struct ipv6cp_state *v = V6(f);
	uint8_t iid[IPV6CP_IID_LEN];

	if (t != IPV6CP_OPT_IID || vl != IPV6CP_IID_LEN)
		return OPT_REJ;         /* IPv6-Compression-Protocol, unknown, or malformed */
	if (!iid_zero(val) && memcmp(val, v->want_iid, IPV6CP_IID_LEN) != 0) {
		memcpy(v->peer_iid, val, IPV6CP_IID_LEN);
		v->have_peer = true;
		return OPT_ACK;
	}
	/* zero or ours: suggest one for the peer (RFC 5072 4.1); no random
	 * identifier is drawn for a Nak that goes out as a Reject */
	if (may_nak) {
		iid_new(iid, v->want_iid);
		opt_put(o, IPV6CP_OPT_IID, iid, sizeof(iid));
	}
	return OPT_NAK;
}

static enum fsm_verdict ipv6cp_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				     size_t *out_len, bool may_nak)
{
	V6(f)->have_peer = false;
	return opt_reqci(f, in, len, out, out_len, may_nak, ipv6cp_check);
}

static void ipv6cp_up(struct fsm *f) { ppp_ipv6cp_up(f->s); }
static void ipv6cp_down(struct fsm *f) { ppp_ipv6cp_down(f->s); }
static void ipv6cp_finished(struct fsm *f) { ppp_ipv6cp_finished(f->s); }

const struct fsm_callbacks ipv6cp_callbacks = {
	.name = "IPV6CP",
	.proto = PPP_IPV6CP,
	.resetci = ipv6cp_resetci,
	.addci = ipv6cp_addci,
	.ackci = fsm_ackci_exact,
	.nakci = ipv6cp_nakci,
	.rejci = ipv6cp_rejci,
	.reqci = ipv6cp_reqci,
	.up = ipv6cp_up,
	.down = ipv6cp_down,
	.finished = ipv6cp_finished,
};
