/*
 * CCP (RFC 1962) carrying only MPPE (option 18, RFC 3078 section 2), with
 * the semantics of IOS `ppp encrypt mppe {auto|40|128} [passive|required]
 * [stateful]`:
 *   auto/40/128  the key strengths allowed (auto: 40, 56 and 128 bits)
 *   (default)    offer all allowed strengths, stateless (H) first; accept
 *                stateful if the peer asks for it
 *   stateful     only stateful
 *   passive      do not offer (CCP waits for the peer), accept when asked
 *   required     no MPPE, no session; and no IP before MPPE is up (ppp.c)
 * The flow-control alarm forces stateless whatever the configuration said.
 *
 * An option's request describes what its sender receives (RFC 1962 1), so
 * our acked request sets the receive flow and the peer's the transmit flow.
 * MPPC (C bit), the obsolete D bit and other compressors are refused.
 */
#include <string.h>

#include "ppp_defs.h"
#include "ppp_local.h"

#define CCP(f) ((struct ccp_state *)(f)->proto_state)

/* The strongest single strength bit in bits (RFC 3078 2.1 order S > M > L). */
static uint32_t strongest(uint32_t bits)
{
	if (bits & MPPE_OPT_S) return MPPE_OPT_S;
	if (bits & MPPE_OPT_M) return MPPE_OPT_M;
	if (bits & MPPE_OPT_L) return MPPE_OPT_L;
	return 0;
}

unsigned ccp_key_bits(uint32_t bits)
{
	switch (strongest(bits)) {
	case MPPE_OPT_S: return 128;
	case MPPE_OPT_M: return 56;
	case MPPE_OPT_L: return 40;
	}
	return 0;
}

static uint32_t allowed_strengths(const struct ppp_mppe_policy *p)
{
	switch (p->strength) {
	case PPP_MPPE_40: return MPPE_OPT_L;
	case PPP_MPPE_128: return MPPE_OPT_S;
	case PPP_MPPE_AUTO: return MPPE_OPT_STRENGTHS;
	default: return 0;
	}
}

/* Whether this session can do MPPE at all: configured and keyed by MS-CHAP. */
static bool mppe_possible(const struct ppp_session *s)
{
	return s->cfg.mppe.strength != PPP_MPPE_NONE && s->have_keys && s->engine;
}

/* Stateless wanted? (H bit) */
static bool want_stateless(const struct ppp_session *s, const struct ccp_state *c)
{
	if (c->force_stateless)
		return true;
	return !s->cfg.mppe.stateful && !c->peer_wants_stateful;
}

static bool stateful_ok(const struct ppp_session *s, const struct ccp_state *c)
{
	(void)s;
	return !c->force_stateless;
}

static bool stateless_ok(const struct ppp_session *s, const struct ccp_state *c)
{
	return c->force_stateless || !s->cfg.mppe.stateful;
}

static void ccp_resetci(struct fsm *f)
{
	struct ccp_state *c = CCP(f);
	struct ppp_session *s = f->s;

	c->allowed = allowed_strengths(&s->cfg.mppe);
	c->want_mppe = mppe_possible(s) && !s->cfg.mppe.passive;
	c->want_bits = c->allowed | (want_stateless(s, c) ? MPPE_OPT_H : 0);
	/* Windows offers <mppe +H +M +S +L -D +C>: every strength and MPPC
	 * too; the server Naks it down to one strength without C. */
	if (!s->cfg.server && s->cfg.windows_like)
		c->want_bits = MPPE_OPT_STRENGTHS | MPPE_OPT_H | MPPE_OPT_C;
	c->his_mppe = false;
	c->his_bits = 0;
	c->failed = false;
}

static size_t ccp_addci(struct fsm *f, uint8_t *p, size_t cap)
{
	struct ccp_state *c = CCP(f);

	(void)cap;
	if (!c->want_mppe)
		return 0;
	return opt_put32(p, CCP_OPT_MPPE, c->want_bits);
}

static bool ccp_nak1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct ccp_state *c = CCP(f);
	struct ppp_session *s = f->s;
	uint32_t bits, pick;

	if (t != CCP_OPT_MPPE || vl != 4 || !c->want_mppe)
		return true;
	bits = get32(v);
	/* No encryption bit at all means the peer will not do MPPE: take it
	 * as a Reject, never as something to answer (the pppd loop). */
	pick = strongest(bits & c->allowed);
	if (!pick) {
		ppp_logc(s, PPP_LOG_MPPE, "CCP: peer offers no MPPE strength we allow (0x%08x)", bits);
		c->want_mppe = false;
		c->failed = true;
		return true;
	}
	if (!(bits & MPPE_OPT_H) && !stateful_ok(s, c)) {
		ppp_logc(s, PPP_LOG_MPPE, "CCP: peer wants stateful MPPE, we need stateless");
		c->want_mppe = false;
		c->failed = true;
		return true;
	}
	if ((bits & MPPE_OPT_H) && !stateless_ok(s, c)) {
		ppp_logc(s, PPP_LOG_MPPE, "CCP: peer wants stateless MPPE, we are configured stateful");
		c->want_mppe = false;
		c->failed = true;
		return true;
	}
	if (!(bits & MPPE_OPT_H))
		c->peer_wants_stateful = true;
	c->want_bits = pick | (bits & MPPE_OPT_H);
	return true;
}

static bool ccp_nakci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ccp_nak1);
}

static bool ccp_rej1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct ccp_state *c = CCP(f);

	(void)v;
	(void)vl;

	if (t != CCP_OPT_MPPE || !c->want_mppe)
		return false;
	ppp_logc(f->s, PPP_LOG_MPPE, "CCP: peer rejects MPPE");
	c->want_mppe = false;
	c->failed = true;
	return true;
}

static bool ccp_rejci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ccp_rej1);
}

/* One option of the peer's request (opt_reqci builds the answer). */
static enum opt_verdict ccp_check(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl, uint8_t *o,
				  bool may_nak)
{
	struct ccp_state *c = CCP(f);
	struct ppp_session *s = f->s;
	uint32_t bits, want;

	if (t != CCP_OPT_MPPE || vl != 4 || !mppe_possible(s) || c->his_mppe)
		return OPT_REJ;
	bits = get32(v);
	if (!(bits & MPPE_OPT_STRENGTHS)) {
		/* "No MPPE" (RFC 3078 2 has no such request; pppd sends it):
		 * refuse the option instead of Naking it forever. */
		return OPT_REJ;
	}
	/* What we would accept, closest to what was asked (RFC 3078 2.1). */
	want = strongest(bits & c->allowed);
	if (!want)
		want = strongest(c->allowed);
	if (bits & MPPE_OPT_H)
		want |= stateless_ok(s, c) ? MPPE_OPT_H : 0;
	else
		want |= stateful_ok(s, c) ? 0 : MPPE_OPT_H;
	if (bits != want) {
		if (!may_nak)
			return OPT_REJ;
		opt_put32(o, CCP_OPT_MPPE, want);
		/* passive: the peer asks for MPPE, so we negotiate it too, and
		 * ask for what we Nak towards (pppd's require-mppe offers 40
		 * and 128 bits at once and always gets this Nak first) */
		if (s->cfg.mppe.passive && !c->want_mppe &&
		    (f->state == FSM_STOPPED || f->state == FSM_OPENED)) {
			c->want_mppe = true;
			c->want_bits = want;
		}
		return OPT_NAK;
	}
	c->his_mppe = true;
	c->his_bits = bits;
	/* Converge: our own next request asks for the same. */
	if (!(bits & MPPE_OPT_H))
		c->peer_wants_stateful = true;
	/* Only where no request of ours is outstanding (rcr calls us before
	 * its scr there); elsewhere the Nak/Ack exchange converges anyway. */
	if (f->state == FSM_STOPPED || f->state == FSM_OPENED) {
		if (s->cfg.mppe.passive)
			c->want_mppe = true;   /* passive: the peer asked, now we negotiate */
		if (c->want_mppe)
			c->want_bits = bits;
	}
	return OPT_ACK;
}

static enum fsm_verdict ccp_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				  size_t *out_len, bool may_nak)
{
	struct ccp_state *c = CCP(f);
	enum fsm_verdict v;

	c->his_mppe = false;
	v = opt_reqci(f, in, len, out, out_len, may_nak, ccp_check);
	if (v != FSM_ACK)
		c->his_mppe = false;    /* MPPE is up only with the whole request acked */
	return v;
}

static void ccp_up(struct fsm *f) { ppp_ccp_up(f->s); }
static void ccp_down(struct fsm *f) { ppp_ccp_down(f->s); }
static void ccp_finished(struct fsm *f) { ppp_ccp_finished(f->s); }

static bool ccp_extcode(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *p, size_t len)
{
	(void)p;
	(void)len;
	switch (code) {
	case CCP_RESETREQ:
		/* RFC 3078 8.1 / RFC 1962 5.1: only in Opened. MPPE needs no
		 * Reset-Ack, but pppd sends one and Windows ignores it. */
		if (f->state != FSM_OPENED)
			return true;
		f->s->c.ccp_resets_rcvd++;
		ppp_logc(f->s, PPP_LOG_MPPE, "CCP: I RESETREQ id %u: flushing", id);
		ppp_ccp_reset_request_rcvd(f->s);
		fsm_send(f, CCP_RESETACK, id, NULL, 0);
		return true;
	case CCP_RESETACK:
		return true;
	default:
		return false;
	}
}

/* A Reset-Request can be lost too, so while the receiver keeps discarding it
 * is repeated, at most every RESET_REPEAT_MS (pppd repeats its own after its
 * Reset-Ack timeout the same way). RFC 1962 5.1: only in Opened. */
#define RESET_REPEAT_MS 500

void ccp_send_reset_request(struct ppp_session *s)
{
	if (s->reset_timer.armed || s->ccp.state != FSM_OPENED)
		return;
	s->c.ccp_resets_sent++;
	ppp_logc(s, PPP_LOG_MPPE, "CCP: O RESETREQ id %u (packet lost)", (unsigned)(uint8_t)(s->ccp_st.reset_id + 1));
	fsm_send(&s->ccp, CCP_RESETREQ, ++s->ccp_st.reset_id, NULL, 0);
	ppp_timer_start(s, &s->reset_timer, RESET_REPEAT_MS);
}

static bool ccp_code_rejected_ok(struct fsm *f, uint8_t code)
{
	(void)f;
	return code == CCP_RESETREQ || code == CCP_RESETACK;
}

const struct fsm_callbacks ccp_callbacks = {
	.name = "CCP",
	.proto = PPP_CCP,
	.resetci = ccp_resetci,
	.addci = ccp_addci,
	.ackci = fsm_ackci_exact,
	.nakci = ccp_nakci,
	.rejci = ccp_rejci,
	.reqci = ccp_reqci,
	.up = ccp_up,
	.down = ccp_down,
	.finished = ccp_finished,
	.extcode = ccp_extcode,
	.code_rejected_ok = ccp_code_rejected_ok,
};
