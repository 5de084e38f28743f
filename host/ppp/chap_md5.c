/* CHAP with MD5 (RFC 1994 section 4.1): Response = MD5(Identifier | secret | Challenge). */
#include <string.h>

#include <nettle/md5.h>

#include "mppe/crypto.h"
#include "mppe/mschap.h"
#include "ppp_local.h"

void chap_md5_response(uint8_t id, const char *secret, const uint8_t *challenge, size_t clen,
		       uint8_t out[16])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 1, &id);
	md5_update(&ctx, strlen(secret), (const uint8_t *)secret);
	md5_update(&ctx, clen, challenge);
	md5_digest(&ctx, 16, out);
	crypto_wipe(&ctx, sizeof(ctx));
}

void chap_md5_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res)
{
	uint8_t expect[16];

	memset(res, 0, sizeof(*res));
	if (rq->response_len != 16)
		return;
	chap_md5_response(rq->chap_id, secret, rq->challenge, rq->challenge_len, expect);
	res->ok = mschap_ct_equal(expect, rq->response, 16);
	crypto_wipe(expect, sizeof(expect));
}
