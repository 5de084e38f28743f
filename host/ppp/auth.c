/*
 * The Authenticate phase (RFC 1661 3.5): which side does what, the phase
 * timeout, and the asynchronous answer from the authenticator backend.
 */
#include <string.h>

#include "mppe/crypto.h"
#include "ppp_local.h"

const char *ppp_auth_method_name(enum ppp_auth_method m)
{
	switch (m) {
	case PPP_AUTH_NONE: return "none";
	case PPP_AUTH_PAP: return "pap";
	case PPP_AUTH_CHAP_MD5: return "chap";
	case PPP_AUTH_MSCHAP_V1: return "ms-chap";
	case PPP_AUTH_MSCHAP_V2: return "ms-chap-v2";
	}
	return "?";
}

void chap_start(struct ppp_session *s);
void pap_start(struct ppp_session *s);

static void phase_timeout(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;

	ppp_logf(s, "AUTH: timed out");
	s->c.auth_failures++;
	ppp_auth_finished(s, false);
}

void auth_start(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;
	const struct lcp_state *l = &s->lcp_st;

	a->done = a->ok = false;
	a->have_reply = false;
	a->challenges_sent = 0;
	a->pap_sent = 0;
	a->last_resp_len = 0;
	a->method = s->cfg.server ? (l->want.neg_auth ? l->want.auth : PPP_AUTH_NONE)
				  : (l->his.neg_auth ? l->his.auth : PPP_AUTH_NONE);
	if (a->method == PPP_AUTH_NONE) {
		/* ppp_auth_finished marks the phase done: setting done here made it
		 * return at once and left the session in Authenticate for good */
		ppp_auth_finished(s, true);
		return;
	}
	a->phase_timer.expire = phase_timeout;
	a->phase_timer.owner = s;
	ppp_timer_start(s, &a->phase_timer, s->cfg.auth_timeout_ms);
	if (a->method == PPP_AUTH_PAP)
		pap_start(s);
	else
		chap_start(s);
}

void auth_stop(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;

	ppp_timer_stop(s, &a->timer);
	ppp_timer_stop(s, &a->phase_timer);
	ppp_timer_stop(s, &a->fail_timer);
	ppp_timer_stop(s, &a->session_timer);
	if (a->waiting && s->have_authr && s->authr.cancel)
		s->authr.cancel(s->authr.ctx, s, a->token);
	a->waiting = false;
	crypto_wipe(&a->rq, sizeof(a->rq));
	crypto_wipe(a->nt_response, sizeof(a->nt_response));
}

/* Sends the request to the backend; the answer may come back from inside. */
int auth_check(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;

	a->waiting = true;
	a->token++;
	if (!s->have_authr || !s->authr.check ||
	    s->authr.check(s->authr.ctx, s, a->token, &a->rq) < 0) {
		struct ppp_auth_result res;

		memset(&res, 0, sizeof(res));
		ppp_auth_done(s, a->token, &res);
	}
	return 0;
}

void ppp_auth_done(struct ppp_session *s, uint64_t token, struct ppp_auth_result *res)
{
	struct auth_state *a = &s->auth;

	if (!a->waiting || token != a->token || s->phase != PPP_PHASE_AUTHENTICATE) {
		crypto_wipe(res, sizeof(*res));
		return;
	}
	a->waiting = false;
	if (a->method == PPP_AUTH_PAP)
		pap_auth_done(s, res);
	else
		chap_auth_done(s, res);
	crypto_wipe(res, sizeof(*res));
}

static void session_timeout(struct ppp_timer *t)
{
	ppp_session_close(t->owner, "Session timeout");
}

/* MPPE strengths as MS-MPPE-Encryption-Types bits (RFC 2548 2.4.6; 0x8 = 56-bit). */
static uint32_t strength_types(enum ppp_mppe_strength st)
{
	switch (st) {
	case PPP_MPPE_40: return 0x2;
	case PPP_MPPE_128: return 0x4;
	case PPP_MPPE_AUTO: return 0xe;
	default: return 0;
	}
}

/*
 * The server's MPPE policy narrows the template's `ppp encrypt mppe`, as
 * IOS combines them: the strengths both allow, and "required" when either
 * requires it. RADIUS never turns MPPE on where the template has none; when
 * it requires encryption the template cannot give, the session is refused.
 */
bool auth_apply(struct ppp_session *s, const struct ppp_auth_result *res)
{
	struct ppp_mppe_policy *m = &s->cfg.mppe;

	if (res->have_mppe_policy) {
		uint32_t both = strength_types(m->strength) & (res->mppe_types ? res->mppe_types : 0xe);

		if (res->mppe_required && !both) {
			ppp_logf(s, "AUTH: the server requires MPPE (types 0x%x) that 'ppp encrypt mppe' does not allow",
				 res->mppe_types);
			return false;
		}
		if (both != strength_types(m->strength))
			m->strength = both == 0x2 ? PPP_MPPE_40 : (both & 0x4) && !(both & 0x2) ? PPP_MPPE_128
				    : both ? PPP_MPPE_AUTO : PPP_MPPE_NONE;
		if (res->mppe_required)
			m->required = true;
	}
	/* 255.255.255.254 / .255: "the NAS assigns" / "the user may choose" (RFC 2865 5.8): the pool */
	if (res->framed_addr && res->framed_addr < 0xfffffffe) {
		s->cfg.pool = NULL;
		s->ipcp_st.peer_addr = res->framed_addr;
	} else if (res->pool && !s->ipcp_st.addr_from_pool) {
		s->cfg.pool = res->pool;
	}
	for (int i = 0; i < 2; i++)
		if (res->dns[i])
			s->cfg.dns[i] = res->dns[i];
	if (res->session_timeout_s)
		ppp_session_set_timeout(s, res->session_timeout_s);
	s->user_limit = res->session_limit;
	if (res->idle_timeout_s)        /* per user: replaces the template's (timeouts.c) */
		s->cfg.idle_timeout_s = res->idle_timeout_s;
	return true;
}

void ppp_session_set_timeout(struct ppp_session *s, uint32_t seconds)
{
	struct ppp_timer *t = &s->auth.session_timer;

	ppp_timer_stop(s, t);
	if (!seconds || s->phase == PPP_PHASE_DEAD || s->phase == PPP_PHASE_TERMINATE)
		return;
	t->expire = session_timeout;
	t->owner = s;
	/* ppp timers count milliseconds in an unsigned: at most ~46 days */
	ppp_timer_start(s, t, seconds > 4000000 ? 4000000000u : seconds * 1000u);
}
