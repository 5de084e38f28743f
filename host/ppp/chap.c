/*
 * CHAP (RFC 1994) carrying MD5, MS-CHAPv1 (RFC 2433) or MS-CHAPv2
 * (RFC 2759), as authenticator (pnsd) and as peer (pptp-client).
 *
 * Packet: Code, Identifier, Length(2), then
 *   Challenge/Response: Value-Size, Value, Name (to the end)
 *   Success/Failure:    Message (to the end)
 *
 * Retries as Windows expects: a Response retransmitted for the exchange we
 * already answered gets the same Success or Failure again (RFC 1994 4.2); a
 * Failure says R=0, so the client gives up and we end the link after it.
 */
#include <stdio.h>
#include <string.h>

#include "mppe/crypto.h"
#include "mppe/keys.h"
#include "mppe/mschap.h"
#include "ppp_defs.h"
#include "ppp_local.h"

int auth_check(struct ppp_session *s);

static uint8_t value_size(enum ppp_auth_method m, bool challenge)
{
	switch (m) {
	case PPP_AUTH_MSCHAP_V2: return challenge ? 16 : 49;
	case PPP_AUTH_MSCHAP_V1: return challenge ? 8 : 49;
	default: return 16;
	}
}

static const char *code_name(uint8_t code)
{
	static const char *const names[] = { "?", "CHALLENGE", "RESPONSE", "SUCCESS", "FAILURE" };

	return code >= 1 && code <= 4 ? names[code] : "?";
}

static void chap_send(struct ppp_session *s, uint8_t code, uint8_t id, const uint8_t *body, size_t len)
{
	uint8_t buf[PPP_MAX_FRAME];

	if (len > sizeof(buf) - CP_HDRLEN)
		len = sizeof(buf) - CP_HDRLEN;
	buf[0] = code;
	buf[1] = id;
	put16(buf + 2, (uint16_t)(len + CP_HDRLEN));
	memcpy(buf + CP_HDRLEN, body, len);
	ppp_logc(s, PPP_LOG_CHAP, "CHAP: O %s id %u len %zu", code_name(code), id, len + CP_HDRLEN);
	ppp_output(s, PPP_CHAP, buf, len + CP_HDRLEN);
}

/* ---- authenticator ---- */

static void send_challenge(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;
	uint8_t body[1 + 16 + sizeof(s->cfg.name)];
	size_t nl = strlen(s->cfg.name);

	body[0] = a->challenge_len;
	memcpy(body + 1, a->challenge, a->challenge_len);
	memcpy(body + 1 + a->challenge_len, s->cfg.name, nl);
	chap_send(s, CHAP_CHALLENGE, a->id, body, 1 + a->challenge_len + nl);
	a->challenges_sent++;
	ppp_timer_start(s, &a->timer, s->cfg.restart_ms);
}

static void challenge_timeout(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;
	struct auth_state *a = &s->auth;

	if (a->waiting)             /* the backend is still thinking; the phase timer bounds it */
		return;
	if (a->challenges_sent >= s->cfg.max_configure) {
		ppp_logf(s, "CHAP: no response after %u challenges", a->challenges_sent);
		s->c.auth_failures++;
		ppp_auth_finished(s, false);
		return;
	}
	send_challenge(s);
}

static void new_challenge(struct auth_state *a)
{
	a->id++;
	a->challenge_len = value_size(a->method, true);
	ppp_random(a->challenge, a->challenge_len);
}

void chap_start(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;

	a->timer.expire = challenge_timeout;
	a->timer.owner = s;
	if (!s->cfg.server)
		return;                 /* the peer waits for a Challenge */
	ppp_random(&a->id, 1);
	new_challenge(a);
	send_challenge(s);
}

static void reply(struct ppp_session *s, uint8_t code, const char *msg)
{
	struct auth_state *a = &s->auth;
	size_t n = strlen(msg);

	if (n > sizeof(a->last_reply) - CP_HDRLEN)
		n = sizeof(a->last_reply) - CP_HDRLEN;
	a->last_reply[0] = code;
	a->last_reply[1] = a->id;
	put16(a->last_reply + 2, (uint16_t)(n + CP_HDRLEN));
	memcpy(a->last_reply + CP_HDRLEN, msg, n);
	a->last_reply_len = n + CP_HDRLEN;
	a->have_reply = true;
	ppp_logc(s, PPP_LOG_CHAP, "CHAP: O %s id %u len %zu", code_name(code), a->id, a->last_reply_len);
	ppp_output(s, PPP_CHAP, a->last_reply, a->last_reply_len);
}

static void hex(char *out, const uint8_t *in, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

void chap_auth_done(struct ppp_session *s, struct ppp_auth_result *res)
{
	struct auth_state *a = &s->auth;
	char msg[128];

	snprintf(s->auth_name, sizeof(s->auth_name), "%s", a->rq.user);
	ppp_timer_stop(s, &a->timer);
	if (res->ok && !auth_apply(s, res))
		res->ok = false;
	if (res->ok) {
		if (a->method == PPP_AUTH_MSCHAP_V2)
			snprintf(msg, sizeof(msg), "%.42s M=Access granted",
				 (const char *)res->authenticator_response);
		else
			snprintf(msg, sizeof(msg), "Access granted");
		reply(s, CHAP_SUCCESS, msg);
		snprintf(s->peer_name, sizeof(s->peer_name), "%s", a->rq.user);
		if (res->have_keys) {
			memcpy(s->send_key, res->send_key, 16);
			memcpy(s->recv_key, res->recv_key, 16);
			s->have_keys = true;
		}
		crypto_wipe(&a->rq, sizeof(a->rq));
		ppp_auth_finished(s, true);
		return;
	}
	s->c.auth_failures++;
	ppp_logf(s, "CHAP: authentication of \"%s\" failed", a->rq.user);
	if (res->message[0] && (a->method == PPP_AUTH_MSCHAP_V2 || a->method == PPP_AUTH_MSCHAP_V1)) {
		/* the RADIUS server's MS-CHAP-Error, passed on; but R=0: we take no retry */
		char *r;

		snprintf(msg, sizeof(msg), "%s", res->message);
		if ((r = strstr(msg, "R=1")) != NULL)
			r[2] = '0';
	} else if (a->method == PPP_AUTH_MSCHAP_V2) {
		/* RFC 2759 6: E=691 (bad password) R=0 (no retry) C= a new challenge V=3 */
		uint8_t c[16];
		char ch[33];

		ppp_random(c, sizeof(c));
		hex(ch, c, sizeof(c));
		snprintf(msg, sizeof(msg), "E=691 R=0 C=%s V=3 M=Authentication failed", ch);
	} else if (a->method == PPP_AUTH_MSCHAP_V1) {
		snprintf(msg, sizeof(msg), "E=691 R=0");   /* RFC 2433 5 */
	} else {
		snprintf(msg, sizeof(msg), "Authentication failed");
	}
	reply(s, CHAP_FAILURE, msg);
	crypto_wipe(&a->rq, sizeof(a->rq));
	ppp_auth_finished(s, false);
}

static void rx_response(struct ppp_session *s, uint8_t id, const uint8_t *p, size_t len)
{
	struct auth_state *a = &s->auth;
	size_t vs, nl;

	if (id != a->id) {
		ppp_logc(s, PPP_LOG_CHAP, "CHAP: response id %u, expected %u: ignored", id, a->id);
		return;
	}
	if (a->have_reply) {        /* a retransmitted Response: same answer */
		ppp_output(s, PPP_CHAP, a->last_reply, a->last_reply_len);
		return;
	}
	if (a->waiting)
		return;
	if (len < 1 || (vs = p[0]) + 1 > len || vs != value_size(a->method, false)) {
		ppp_logc(s, PPP_LOG_CHAP, "CHAP: response of the wrong size dropped");
		ppp_count_bad(s);
		return;
	}
	nl = len - 1 - vs;
	if (nl > PPP_NAME_MAX || memchr(p + 1 + vs, 0, nl)) {
		ppp_count_bad(s);
		return;
	}
	memset(&a->rq, 0, sizeof(a->rq));
	a->rq.method = a->method;
	memcpy(a->rq.user, p + 1 + vs, nl);
	a->rq.chap_id = id;
	{
		/* the peer's bytes: printable ones only into the log */
		char shown[PPP_NAME_MAX + 1];
		size_t k;
		for (k = 0; k < nl && k < PPP_NAME_MAX; k++)
			shown[k] = p[1 + vs + k] >= 0x20 && p[1 + vs + k] < 0x7f ? (char)p[1 + vs + k] : '?';
		shown[k] = '\0';
		ppp_logc(s, PPP_LOG_CHAP, "CHAP: response from \"%s\" (%s)", shown, ppp_auth_method_name(a->method));
	}
	memcpy(a->rq.challenge, a->challenge, a->challenge_len);
	a->rq.challenge_len = a->challenge_len;
	memcpy(a->rq.response, p + 1, vs);
	a->rq.response_len = (uint8_t)vs;
	ppp_timer_stop(s, &a->timer);
	auth_check(s);
}

/* ---- peer ---- */

static void rx_challenge(struct ppp_session *s, uint8_t id, const uint8_t *p, size_t len)
{
	struct auth_state *a = &s->auth;
	uint8_t body[1 + 49 + PPP_NAME_MAX];
	size_t vs, ul = strlen(s->cfg.user);

	if (len < 1 || (vs = p[0]) + 1 > len || vs == 0 ||
	    (a->method != PPP_AUTH_CHAP_MD5 && vs != value_size(a->method, true)) || vs > 64) {
		ppp_count_bad(s);
		return;
	}
	if (a->last_resp_len && id == a->resp_id &&
	    memcmp(a->challenge, p + 1, vs) == 0 && a->challenge_len == vs) {
		ppp_output(s, PPP_CHAP, a->last_resp, a->last_resp_len);   /* retransmitted Challenge */
		return;
	}
	a->challenge_len = (uint8_t)(vs > sizeof(a->challenge) ? sizeof(a->challenge) : vs);
	memcpy(a->challenge, p + 1, a->challenge_len);
	a->resp_id = id;
	switch (a->method) {
	case PPP_AUTH_MSCHAP_V2:
		body[0] = 49;
		chap_ms_v2_make_response(a->challenge, s->cfg.user, s->cfg.password, a->peer_challenge,
					 body + 1);
		memcpy(a->nt_response, body + 1 + 24, 24);
		break;
	case PPP_AUTH_MSCHAP_V1:
		body[0] = 49;
		chap_ms_v1_make_response(a->challenge, s->cfg.password, body + 1);
		memcpy(a->nt_response, body + 1 + 24, 24);
		break;
	default:
		body[0] = 16;
		chap_md5_response(id, s->cfg.password, p + 1, vs, body + 1);
		break;
	}
	memcpy(body + 1 + body[0], s->cfg.user, ul);
	a->last_resp[0] = CHAP_RESPONSE;
	a->last_resp[1] = id;
	a->last_resp_len = CP_HDRLEN + 1 + body[0] + ul;
	if (a->last_resp_len > sizeof(a->last_resp))
		a->last_resp_len = sizeof(a->last_resp);
	put16(a->last_resp + 2, (uint16_t)a->last_resp_len);
	memcpy(a->last_resp + CP_HDRLEN, body, a->last_resp_len - CP_HDRLEN);
	crypto_wipe(body, sizeof(body));
	ppp_output(s, PPP_CHAP, a->last_resp, a->last_resp_len);
}

/* The client's MPPE keys (RFC 3079), from its own NT-Response. */
static void peer_keys(struct ppp_session *s)
{
	struct auth_state *a = &s->auth;
	uint8_t pw_hash[16], hh[16];

	if (NtPasswordHash(s->cfg.password, pw_hash) < 0)
		return;
	HashNtPasswordHash(pw_hash, hh);
	if (a->method == PPP_AUTH_MSCHAP_V2) {
		mppe_start_keys_mschapv2(hh, a->nt_response, 128, false, s->send_key, s->recv_key);
		s->have_keys = true;
	} else if (a->method == PPP_AUTH_MSCHAP_V1 && a->challenge_len == 8) {
		mppe_start_key_mschapv1(a->challenge, hh, NULL, 128, s->send_key);
		memcpy(s->recv_key, s->send_key, 16);
		s->have_keys = true;
	}
	crypto_wipe(pw_hash, sizeof(pw_hash));
	crypto_wipe(hh, sizeof(hh));
}

static void rx_success(struct ppp_session *s, uint8_t id, const uint8_t *p, size_t len)
{
	struct auth_state *a = &s->auth;

	if (!a->last_resp_len || id != a->resp_id)
		return;
	if (a->method == PPP_AUTH_MSCHAP_V2) {
		/* RFC 2759 5: check the authenticator response (mutual authentication). */
		uint8_t pw_hash[16];
		bool ok = len >= MSCHAP_AUTH_RESPONSE_LEN && NtPasswordHash(s->cfg.password, pw_hash) == 0 &&
			  CheckAuthenticatorResponse(pw_hash, a->nt_response, a->peer_challenge, a->challenge,
						     mschap_strip_domain(s->cfg.user), p,
						     MSCHAP_AUTH_RESPONSE_LEN);

		crypto_wipe(pw_hash, sizeof(pw_hash));
		if (!ok) {
			ppp_logf(s, "CHAP: the server's authenticator response is wrong");
			s->c.auth_failures++;
			ppp_auth_finished(s, false);
			return;
		}
	}
	peer_keys(s);
	a->last_resp_len = 0;
	ppp_auth_finished(s, true);
}

static void rx_failure(struct ppp_session *s, uint8_t id, const uint8_t *p, size_t len)
{
	struct auth_state *a = &s->auth;
	unsigned err = 0;
	bool retry = false;

	if (!a->last_resp_len || id != a->resp_id)
		return;
	if (a->method == PPP_AUTH_MSCHAP_V1 || a->method == PPP_AUTH_MSCHAP_V2)
		chap_ms_parse_failure(p, len, &err, &retry);
	ppp_logf(s, "CHAP: authentication failed (E=%u)", err);
	s->c.auth_failures++;
	ppp_auth_finished(s, false);
}

void chap_input(struct ppp_session *s, const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < CP_HDRLEN || (plen = get16(pkt + 2)) < CP_HDRLEN || plen > len) {
		ppp_count_bad(s);
		return;
	}
	ppp_logc(s, PPP_LOG_CHAP, "CHAP: I %s id %u len %zu", code_name(pkt[0]), pkt[1], plen);
	if (s->auth.method == PPP_AUTH_PAP || s->auth.method == PPP_AUTH_NONE || s->auth.done) {
		/* Not negotiated, or finished: a late retransmission we may answer again */
		if (s->cfg.server && pkt[0] == CHAP_RESPONSE && s->auth.have_reply && pkt[1] == s->auth.id)
			ppp_output(s, PPP_CHAP, s->auth.last_reply, s->auth.last_reply_len);
		return;
	}
	switch (pkt[0]) {
	case CHAP_CHALLENGE:
		if (!s->cfg.server)
			rx_challenge(s, pkt[1], pkt + CP_HDRLEN, plen - CP_HDRLEN);
		break;
	case CHAP_RESPONSE:
		if (s->cfg.server)
			rx_response(s, pkt[1], pkt + CP_HDRLEN, plen - CP_HDRLEN);
		break;
	case CHAP_SUCCESS:
		if (!s->cfg.server)
			rx_success(s, pkt[1], pkt + CP_HDRLEN, plen - CP_HDRLEN);
		break;
	case CHAP_FAILURE:
		if (!s->cfg.server)
			rx_failure(s, pkt[1], pkt + CP_HDRLEN, plen - CP_HDRLEN);
		break;
	default:
		ppp_count_bad(s);
	}
}
