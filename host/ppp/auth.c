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
		a->done = a->ok = true;
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
	if (a->waiting && s->have_authr && s->authr.cancel)
		s->authr.cancel(s->authr.ctx, a->token);
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
