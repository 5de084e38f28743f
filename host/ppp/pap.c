/*
 * PAP (RFC 1334 section 2), both sides: for sessions without MPPE only
 * (the password crosses in the clear, and PAP yields no MPPE keys).
 *   Authenticate-Request: Peer-ID-Length, Peer-ID, Passwd-Length, Password
 *   Authenticate-Ack/Nak: Msg-Length, Message
 */
#include <stdio.h>
#include <string.h>

#include "mppe/crypto.h"
#include "ppp_defs.h"
#include "ppp_local.h"

int auth_check(struct ppp_session *s);

static void send_request(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;
	uint8_t buf[CP_HDRLEN + 2 + PPP_NAME_MAX + 255];
	size_t ul = strlen(s->cfg.user), pl = strlen(s->cfg.password), n;

	if (pl > 255)
		pl = 255;
	buf[0] = PAP_AUTHREQ;
	buf[1] = a->resp_id;
	buf[4] = (uint8_t)ul;
	memcpy(buf + 5, s->cfg.user, ul);
	buf[5 + ul] = (uint8_t)pl;
	memcpy(buf + 6 + ul, s->cfg.password, pl);
	n = 6 + ul + pl;
	put16(buf + 2, (uint16_t)n);
	ppp_output(s, PPP_PAP, buf, n);
	crypto_wipe(buf, sizeof(buf));
	a->pap_sent++;
	ppp_timer_start(s, &a->timer, s->cfg.restart_ms);
}

static void request_timeout(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;

	if (s->auth.pap_sent >= s->cfg.max_configure) {
		s->c.auth_failures++;
		ppp_auth_finished(s, false);
		return;
	}
	send_request(s);
}

void pap_start(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;

	a->timer.expire = request_timeout;
	a->timer.owner = s;
	if (s->cfg.server)
		return;                 /* the peer speaks first */
	ppp_random(&a->resp_id, 1);
	send_request(s);
}

static void reply(struct ppp_session *s, uint8_t code, uint8_t id, const char *msg)
{
	struct auth_state *a = &s->auth;
	size_t n = strlen(msg);

	a->last_reply[0] = code;
	a->last_reply[1] = id;
	a->last_reply[4] = (uint8_t)n;
	memcpy(a->last_reply + 5, msg, n);
	a->last_reply_len = 5 + n;
	put16(a->last_reply + 2, (uint16_t)a->last_reply_len);
	a->have_reply = true;
	ppp_output(s, PPP_PAP, a->last_reply, a->last_reply_len);
}

void pap_auth_done(struct ppp_session *s, struct ppp_auth_result *res)
{
	struct auth_state *a = &s->auth;

	snprintf(s->auth_name, sizeof(s->auth_name), "%s", a->rq.user);
	if (res->ok && !auth_apply(s, res))
		res->ok = false;
	if (res->ok) {
		reply(s, PAP_AUTHACK, a->id, "Login ok");
		snprintf(s->peer_name, sizeof(s->peer_name), "%s", a->rq.user);
	} else {
		s->c.auth_failures++;
		reply(s, PAP_AUTHNAK, a->id, "Login incorrect");
	}
	crypto_wipe(&a->rq, sizeof(a->rq));
	ppp_auth_finished(s, res->ok);
}

void pap_input(struct ppp_session *s, const uint8_t *pkt, size_t len)
{
	struct auth_state *a = &s->auth;
	size_t plen, ul, pl;

	if (len < CP_HDRLEN || (plen = get16(pkt + 2)) < CP_HDRLEN || plen > len) {
		ppp_count_bad(s);
		return;
	}
	if (a->method != PPP_AUTH_PAP)
		return;
	if (s->cfg.server && pkt[0] == PAP_AUTHREQ) {
		if (a->have_reply) {    /* a retransmitted request: the same answer */
			a->last_reply[1] = pkt[1];
			ppp_output(s, PPP_PAP, a->last_reply, a->last_reply_len);
			return;
		}
		if (a->waiting || a->done)
			return;
		if (plen < 6 || (ul = pkt[4]) + 6 > plen || (pl = pkt[5 + ul]) + 6 + ul > plen ||
		    memchr(pkt + 5, 0, ul)) {
			ppp_count_bad(s);
			return;
		}
		memset(&a->rq, 0, sizeof(a->rq));
		a->rq.method = PPP_AUTH_PAP;
		memcpy(a->rq.user, pkt + 5, ul);
		memcpy(a->rq.response, pkt + 6 + ul, pl);
		a->rq.response_len = (uint8_t)pl;
		a->id = pkt[1];
		auth_check(s);
		return;
	}
	if (!s->cfg.server && (pkt[0] == PAP_AUTHACK || pkt[0] == PAP_AUTHNAK) && pkt[1] == a->resp_id &&
	    !a->done) {
		ppp_timer_stop(s, &a->timer);
		if (pkt[0] == PAP_AUTHNAK)
			s->c.auth_failures++;
		ppp_auth_finished(s, pkt[0] == PAP_AUTHACK);
		return;
	}
	ppp_count_bad(s);
}
