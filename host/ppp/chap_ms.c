/*
 * MS-CHAP computations, both sides: version 2 (RFC 2759) and version 1
 * (RFC 2433), and the MPPE start keys they yield (RFC 3079). The message
 * exchange itself is chap.c.
 *
 * Response value layouts:
 *   MS-CHAPv2 (RFC 2759 4):  Peer-Challenge[16] Reserved[8]=0 NT-Response[24] Flags[1]=0
 *   MS-CHAPv1 (RFC 2433 3):  LM-Response[24] NT-Response[24] Use-NT[1]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mppe/crypto.h"
#include "mppe/keys.h"
#include "mppe/mschap.h"
#include "ppp_local.h"

void chap_ms_v2_make_response(const uint8_t auth_challenge[16], const char *user, const char *password,
			      uint8_t peer_challenge[16], uint8_t response[49])
{
	memset(response, 0, 49);
	ppp_random(peer_challenge, 16);
	memcpy(response, peer_challenge, 16);
	if (GenerateNTResponse(auth_challenge, peer_challenge, mschap_strip_domain(user), password,
			       response + 24) < 0)
		memset(response + 24, 0, 24);   /* an unusable password: the server will refuse */
}

void chap_ms_v1_make_response(const uint8_t challenge[8], const char *password, uint8_t response[49])
{
	memset(response, 0, 49);
	/* No LM response: the LM hash is weak, and Windows since NT4 SP4 sends none either. */
	if (NtChallengeResponse(challenge, password, response + 24) < 0)
		memset(response + 24, 0, 24);
	response[48] = 1;
}

void chap_ms_v2_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res)
{
	uint8_t pw_hash[16], hh[16], expect[24];
	const uint8_t *peer_challenge = rq->response, *nt = rq->response + 24;
	const char *user = mschap_strip_domain(rq->user);

	memset(res, 0, sizeof(*res));
	if (rq->response_len != 49 || rq->challenge_len != 16 || NtPasswordHash(secret, pw_hash) < 0)
		return;
	GenerateNTResponseFromHash(rq->challenge, peer_challenge, user, pw_hash, expect);
	if (mschap_ct_equal(expect, nt, 24)) {
		res->ok = true;
		GenerateAuthenticatorResponse(pw_hash, nt, peer_challenge, rq->challenge, user,
					      res->authenticator_response);
		HashNtPasswordHash(pw_hash, hh);
		mppe_start_keys_mschapv2(hh, nt, 128, true, res->send_key, res->recv_key);
		res->have_keys = true;
	}
	crypto_wipe(pw_hash, sizeof(pw_hash));
	crypto_wipe(hh, sizeof(hh));
	crypto_wipe(expect, sizeof(expect));
}

void chap_ms_v1_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res)
{
	uint8_t pw_hash[16], hh[16], expect[24];

	memset(res, 0, sizeof(*res));
	/* Use-NT = 0 means an LM-only response, which we do not accept. */
	if (rq->response_len != 49 || rq->challenge_len != 8 || rq->response[48] != 1)
		return;
	if (NtChallengeResponse(rq->challenge, secret, expect) < 0 || NtPasswordHash(secret, pw_hash) < 0)
		goto out;
	if (mschap_ct_equal(expect, rq->response + 24, 24)) {
		res->ok = true;
		HashNtPasswordHash(pw_hash, hh);
		/* RFC 3079 2.3 start key, the same both ways; 40-bit uses its first
		 * 8 octets as Windows and pppd do (lm_hash NULL, see keys.h). */
		mppe_start_key_mschapv1(rq->challenge, hh, NULL, 128, res->send_key);
		memcpy(res->recv_key, res->send_key, 16);
		res->have_keys = true;
	}
out:
	crypto_wipe(pw_hash, sizeof(pw_hash));
	crypto_wipe(hh, sizeof(hh));
	crypto_wipe(expect, sizeof(expect));
}

/*
 * "E=eeeeeeeeee R=r C=cccc... V=vvvvvvvvvv M=<msg>" (RFC 2759 6, RFC 2433 5).
 * Only E and R matter to us; the message may be cut anywhere.
 */
bool chap_ms_parse_failure(const uint8_t *msg, size_t len, unsigned *error, bool *retry)
{
	char buf[256];
	const char *e, *r;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, msg, len);
	buf[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == 0)
			buf[i] = ' ';
	*error = 0;
	*retry = false;
	e = strstr(buf, "E=");
	if (!e)
		return false;
	*error = (unsigned)strtoul(e + 2, NULL, 10);
	r = strstr(buf, " R=");
	if (r)
		*retry = r[3] == '1';
	return true;
}
