/*
 * LCP (RFC 1661): MRU, ACCM, authentication protocol, magic number, PFC and
 * ACFC; everything else (callback, multilink MRRU/SSNHF/endpoint, LQR) is
 * rejected: PPTP has no multilink and no callback. Echo, Discard,
 * Identification and Protocol-Reject are LCP's extra codes.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "ppp_defs.h"
#include "ppp_local.h"

#define LCP(f) ((struct lcp_state *)(f)->proto_state)

static uint32_t new_magic(void)
{
	uint32_t m = 0;

	while (m == 0)
		ppp_random(&m, sizeof(m));
	return m;
}

/* The auth option for a method: CHAP with its algorithm, or PAP. */
static size_t put_auth(uint8_t *p, enum ppp_auth_method m)
{
	uint8_t chap[3];

	switch (m) {
	case PPP_AUTH_PAP:
		return opt_put16(p, LCP_OPT_AUTH, PPP_PAP);
	case PPP_AUTH_CHAP_MD5:
		chap[2] = CHAP_ALG_MD5;
		break;
	case PPP_AUTH_MSCHAP_V1:
		chap[2] = CHAP_ALG_MSCHAP;
		break;
	default:
		chap[2] = CHAP_ALG_MSCHAPV2;
		break;
	}
	put16(chap, PPP_CHAP);
	return opt_put(p, LCP_OPT_AUTH, chap, sizeof(chap));
}

static enum ppp_auth_method parse_auth(const uint8_t *v, size_t vl)
{
	if (vl == 2 && get16(v) == PPP_PAP)
		return PPP_AUTH_PAP;
	if (vl == 3 && get16(v) == PPP_CHAP) {
		switch (v[2]) {
		case CHAP_ALG_MD5: return PPP_AUTH_CHAP_MD5;
		case CHAP_ALG_MSCHAP: return PPP_AUTH_MSCHAP_V1;
		case CHAP_ALG_MSCHAPV2: return PPP_AUTH_MSCHAP_V2;
		}
	}
	return PPP_AUTH_NONE;
}

static bool auth_allowed(const struct ppp_config *c, enum ppp_auth_method m)
{
	for (unsigned i = 0; i < c->n_auth; i++)
		if (c->auth[i] == m)
			return true;
	return false;
}

static void lcp_resetci(struct fsm *f)
{
	struct lcp_state *l = LCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);

	memset(&l->want, 0, sizeof(l->want));
	memset(&l->his, 0, sizeof(l->his));
	l->want.mru = c->mru;
	l->want.neg_mru = c->mru != PPP_DEFAULT_MRU;
	l->want.neg_auth = c->server && c->n_auth > 0;
	l->auth_idx = 0;
	l->want.auth = l->want.neg_auth ? c->auth[0] : PPP_AUTH_NONE;
	l->want.neg_magic = true;
	l->want.magic = new_magic();
	l->want.pfc = true;
	l->want.acfc = true;
	/* pppd (the Linux client) asks for <asyncmap 0x0>: pptp-client's
	 * default profile sends what it sends (tests/unit/ppp/
	 * test_client_vs_capture.c); the ACCM means nothing on GRE. */
	l->want.neg_accm = !c->server && !c->windows_like;
	l->want.accm = 0;
	if (!c->server && c->windows_like) {
		l->want.neg_callback = l->want.neg_mrru = l->want.neg_epdisc = true;
		if (getrandom(l->want.epdisc, 16, 0) != 16)
			memset(l->want.epdisc, 0x5a, 16);
	}
	l->his.mru = PPP_DEFAULT_MRU;
	l->loops = 0;
	l->rejected_auth = false;
}

static size_t lcp_addci(struct fsm *f, uint8_t *p, size_t cap)
{
	const struct lcp_opts *w = &LCP(f)->want;
	size_t n = 0;

	(void)cap;                  /* at most 51 octets */
	if (w->neg_mru)
		n += opt_put16(p + n, LCP_OPT_MRU, w->mru);
	if (w->neg_accm)
		n += opt_put32(p + n, LCP_OPT_ACCM, w->accm);
	if (w->neg_auth)
		n += put_auth(p + n, w->auth);
	if (w->neg_magic)
		n += opt_put32(p + n, LCP_OPT_MAGIC, w->magic);
	if (w->pfc)
		n += opt_put(p + n, LCP_OPT_PFC, NULL, 0);
	if (w->acfc)
		n += opt_put(p + n, LCP_OPT_ACFC, NULL, 0);
	/* Windows: <callback CBCP> <mrru 1614> <endpoint [local:...]> (the
	 * options a server without multilink and callback must reject) */
	if (w->neg_callback)
		n += opt_put(p + n, LCP_OPT_CALLBACK, (const uint8_t[]){ 6 }, 1);   /* 6: CBCP */
	if (w->neg_mrru)
		n += opt_put16(p + n, LCP_OPT_MRRU, 1614);
	if (w->neg_epdisc) {
		uint8_t ep[1 + sizeof(w->epdisc)];

		ep[0] = 1;              /* class 1: locally assigned */
		memcpy(ep + 1, w->epdisc, sizeof(w->epdisc));
		n += opt_put(p + n, LCP_OPT_EPDISC, ep, sizeof(ep));
	}
	return n;
}

static bool lcp_nak1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct lcp_state *l = LCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);

	switch (t) {
	case LCP_OPT_MRU:
		if (vl == 2 && l->want.neg_mru && get16(v) >= PPP_MIN_MRU)
			l->want.mru = get16(v);
		break;
	case LCP_OPT_AUTH: {
		enum ppp_auth_method m = parse_auth(v, vl);

		if (!l->want.neg_auth)
			break;
		/* The peer suggests a method: take it if configured, else
		 * the next one in our list (RFC 1661 6.2). */
		if (m != PPP_AUTH_NONE && auth_allowed(c, m)) {
			l->want.auth = m;
		} else if (++l->auth_idx < c->n_auth) {
			l->want.auth = c->auth[l->auth_idx];
		} else {
			ppp_logf(f->s, "LCP: peer accepts none of our authentication protocols");
			l->want.neg_auth = false;
			l->rejected_auth = true;
		}
		break;
	}
	case LCP_OPT_MAGIC:
		/* RFC 1661 6.4: a Nak of our magic number may mean a looped link. */
		if (vl == 4 && l->want.neg_magic) {
			if (get32(v) == l->want.magic)
				l->loops++;
			l->want.magic = new_magic();
		}
		break;
	case LCP_OPT_PFC:
		l->want.pfc = false;
		break;
	case LCP_OPT_ACFC:
		l->want.acfc = false;
		break;
	case LCP_OPT_ACCM:
		/* more characters escaped: harmless on a synchronous link */
		if (vl == 4 && l->want.neg_accm)
			l->want.accm |= get32(v);
		break;
	case LCP_OPT_CALLBACK: l->want.neg_callback = false; break;
	case LCP_OPT_MRRU: l->want.neg_mrru = false; break;
	case LCP_OPT_EPDISC: l->want.neg_epdisc = false; break;
	default:
		break;              /* hints for options we do not ask for */
	}
	return true;
}

static bool lcp_nakci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, lcp_nak1);
}

static bool lcp_rej1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct lcp_state *l = LCP(f);

	(void)v;
	(void)vl;

	switch (t) {
	case LCP_OPT_MRU: l->want.neg_mru = false; break;
	case LCP_OPT_AUTH:
		if (l->want.neg_auth) {
			l->want.neg_auth = false;
			l->rejected_auth = true;
		}
		break;
	case LCP_OPT_MAGIC: l->want.neg_magic = false; break;
	case LCP_OPT_ACCM: l->want.neg_accm = false; break;
	case LCP_OPT_PFC: l->want.pfc = false; break;
	case LCP_OPT_ACFC: l->want.acfc = false; break;
	case LCP_OPT_CALLBACK:
		if (!l->want.neg_callback)
			return false;
		l->want.neg_callback = false;
		break;
	case LCP_OPT_MRRU:
		if (!l->want.neg_mrru)
			return false;
		l->want.neg_mrru = false;
		break;
	case LCP_OPT_EPDISC:
		if (!l->want.neg_epdisc)
			return false;
		l->want.neg_epdisc = false;
		break;
	default: return false;  /* we never asked for it */
	}
	return true;
}

static bool lcp_rejci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, lcp_rej1);
}

/* One option of the peer's request (opt_reqci builds the answer). */
static enum opt_verdict lcp_check(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl, uint8_t *o,
				  bool may_nak)
{
	struct lcp_state *l = LCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);

	(void)may_nak;
	switch (t) {
	case LCP_OPT_MRU:
		if (vl != 2)
			return OPT_REJ;
		if (get16(v) < PPP_MIN_MRU) {
			opt_put16(o, LCP_OPT_MRU, PPP_MIN_MRU);
			return OPT_NAK;
		}
		l->his.neg_mru = true;
		l->his.mru = get16(v);
		return OPT_ACK;
	case LCP_OPT_ACCM:
		/* PPTP frames are synchronous: the ACCM matters only to the
		 * PAC's async line; we record it (RFC 2637 2.15). */
		if (vl != 4)
			return OPT_REJ;
		l->his.neg_accm = true;
		l->his.accm = get32(v);
		return OPT_ACK;
	case LCP_OPT_AUTH: {
		enum ppp_auth_method m = parse_auth(v, vl);

		if (c->server || c->n_auth == 0)
			return OPT_REJ;     /* we do not authenticate ourselves to clients */
		if (m != PPP_AUTH_NONE && auth_allowed(c, m)) {
			l->his.neg_auth = true;
			l->his.auth = m;
			return OPT_ACK;
		}
		put_auth(o, c->auth[0]);
		return OPT_NAK;
	}
	case LCP_OPT_MAGIC:
		if (vl != 4)
			return OPT_REJ;
		if (get32(v) == 0 || (l->want.neg_magic && get32(v) == l->want.magic)) {
			/* RFC 1661 6.4: equal magic numbers: maybe a loop. */
			if (get32(v) != 0 && ++l->loops > c->max_failure) {
				ppp_logf(f->s, "LCP: link looped back");
				l->looped = true;   /* ppp.c closes LCP once this packet is handled */
			}
			opt_put32(o, LCP_OPT_MAGIC, new_magic());
			return OPT_NAK;
		}
		l->his.neg_magic = true;
		l->his.magic = get32(v);
		return OPT_ACK;
	case LCP_OPT_PFC:
		if (vl != 0)
			return OPT_REJ;
		l->his.pfc = true;
		return OPT_ACK;
	case LCP_OPT_ACFC:
		if (vl != 0)
			return OPT_REJ;
		l->his.acfc = true;
		return OPT_ACK;
	default:
		/* QUALITY, CALLBACK, MRRU, SSNHF, EPDISC, and anything unknown */
		return OPT_REJ;
	}
}

static enum fsm_verdict lcp_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				  size_t *out_len, bool may_nak)
{
	struct lcp_state *l = LCP(f);
	enum fsm_verdict v;

	memset(&l->his, 0, sizeof(l->his));
	l->his.mru = PPP_DEFAULT_MRU;
	v = opt_reqci(f, in, len, out, out_len, may_nak, lcp_check);
	if (v == FSM_ACK)
		l->loops = 0;
	return v;
}

static void echo_timeout(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;
	struct lcp_state *l = &s->lcp_st;
	uint8_t magic[4];

	if (s->lcp.state != FSM_OPENED)
		return;
	if (l->echo_pending >= s->cfg.echo_failures) {
		ppp_logf(s, "LCP: no echo reply after %u requests", l->echo_pending);
		ppp_session_close(s, "peer not responding");
		return;
	}
	put32(magic, l->want.neg_magic ? l->want.magic : 0);
	fsm_send(&s->lcp, LCP_ECHOREQ, ++l->echo_id, magic, 4);
	l->echo_pending++;
	ppp_timer_start(s, &l->echo_timer, s->cfg.echo_interval_ms);
}

void lcp_echo_stop(struct ppp_session *s)
{
	ppp_timer_stop(s, &s->lcp_st.echo_timer);
}

/* RFC 1570 Identification, as Windows sends after LCP opens: its RAS
 * version, then "MSRAS-0-" and the computer name. */
static void send_ident(struct fsm *f, const char *text)
{
	struct lcp_state *l = LCP(f);
	uint8_t buf[80];
	size_t n = strlen(text);

	if (n > sizeof(buf) - 4)
		n = sizeof(buf) - 4;
	put32(buf, l->want.neg_magic ? l->want.magic : 0);
	memcpy(buf + 4, text, n);
	fsm_send(f, LCP_IDENT, ++f->id, buf, n + 4);
}

static void lcp_up(struct fsm *f)
{
	struct lcp_state *l = LCP(f);
	struct ppp_session *s = f->s;

	if (!s->cfg.server && s->cfg.windows_like) {
		char name[80];

		send_ident(f, "MSRASV5.20");
		snprintf(name, sizeof(name), "MSRAS-0-%s", s->cfg.name[0] ? s->cfg.name : "PPTPCLIENT");
		send_ident(f, name);
	}
	l->echo_pending = 0;
	if (s->cfg.echo_interval_ms) {
		l->echo_timer.expire = echo_timeout;
		l->echo_timer.owner = s;
		ppp_timer_start(s, &l->echo_timer, s->cfg.echo_interval_ms);
	}
	ppp_lcp_up(s);
}

static void lcp_down(struct fsm *f)
{
	lcp_echo_stop(f->s);
	ppp_lcp_down(f->s);
}

static void lcp_finished(struct fsm *f)
{
	ppp_lcp_finished(f->s);
}

static bool lcp_extcode(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *p, size_t len)
{
	struct ppp_session *s = f->s;
	struct lcp_state *l = LCP(f);
	uint8_t buf[PPP_MAX_FRAME];

	switch (code) {
	case LCP_PROTREJ:
		if (f->state == FSM_OPENED)
			lcp_extcode_protrej(s, p, len);
		return true;
	case LCP_ECHOREQ:
		/* RFC 1661 5.8: only in Opened; the reply carries our magic. */
		if (f->state != FSM_OPENED)
			return true;
		if (len < 4) {
			ppp_count_bad(s);
			return true;
		}
		if (l->want.neg_magic && get32(p) == l->want.magic && l->want.magic)
			ppp_logf(s, "LCP: echo request with our own magic number (looped link?)");
		if (len > ppp_peer_mru(s) - CP_HDRLEN)
			len = ppp_peer_mru(s) - CP_HDRLEN;
		memcpy(buf, p, len);
		put32(buf, l->want.neg_magic ? l->want.magic : 0);
		fsm_send(f, LCP_ECHOREP, id, buf, len);
		return true;
	case LCP_ECHOREP:
		if (len >= 4 && l->want.neg_magic && get32(p) == l->want.magic && l->want.magic)
			ppp_logf(s, "LCP: echo reply with our own magic number (looped link?)");
		else
			l->echo_pending = 0;
		return true;
	case LCP_DISCREQ:
	case LCP_IDENT:             /* Windows sends Identification (RFC 1570); nothing to do */
	case LCP_TIMEREM:
		return true;
	default:
		return false;
	}
}

/* Code-Rejects of the extension codes are harmless (RXJ+); of the basic codes, fatal. */
static bool lcp_code_rejected_ok(struct fsm *f, uint8_t code)
{
	(void)f;
	return code >= LCP_ECHOREQ;
}

const struct fsm_callbacks lcp_callbacks = {
	.name = "LCP",
	.proto = PPP_LCP,
	.resetci = lcp_resetci,
	.addci = lcp_addci,
	.ackci = fsm_ackci_exact,
	.nakci = lcp_nakci,
	.rejci = lcp_rejci,
	.reqci = lcp_reqci,
	.up = lcp_up,
	.down = lcp_down,
	.finished = lcp_finished,
	.extcode = lcp_extcode,
	.code_rejected_ok = lcp_code_rejected_ok,
};

void lcp_send_protrej(struct ppp_session *s, uint16_t proto, const uint8_t *info, size_t len)
{
	uint8_t buf[PPP_MAX_FRAME];
	size_t cap = ppp_peer_mru(s) - CP_HDRLEN - 2;

	/* RFC 1661 5.7: only in Opened; the rejected information is truncated to fit the MRU. */
	if (s->lcp.state != FSM_OPENED)
		return;
	if (len > cap)
		len = cap;
	put16(buf, proto);
	memcpy(buf + 2, info, len);
	fsm_send(&s->lcp, LCP_PROTREJ, ++s->lcp.id, buf, len + 2);
}
