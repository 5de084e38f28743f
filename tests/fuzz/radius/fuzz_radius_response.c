/*
 * libFuzzer target: a RADIUS response as pnsd's client reads it. The first
 * input octet chooses the request method the response answers (MS-CHAPv2,
 * MS-CHAPv1, CHAP, PAP) and whether the harness signs the rest first (the
 * Response Authenticator and, when the input has one, the
 * Message-Authenticator, for a fixed secret and Request Authenticator), so
 * that the fuzzer gets past verification into the attribute handling:
 * rad_parse, rad_verify_response, rad_access_result (MPPE key decryption,
 * MS-CHAP2-Success, MS-CHAP-Error, policy).
 */
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "radius/radius_aaa.h"
#include "radius/radius_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t secret_s[] = "fuzz-secret";
static const struct rad_secret sec = { secret_s, sizeof(secret_s) - 1 };
static const uint8_t req_auth[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const enum ppp_auth_method methods[4] = { PPP_AUTH_MSCHAP_V2, PPP_AUTH_MSCHAP_V1, PPP_AUTH_CHAP_MD5,
						 PPP_AUTH_PAP };

/* What a server holding the secret would have sent. */
static void sign(uint8_t *b, size_t n, const struct rad_view *v)
{
	struct md5_ctx c;

	memcpy(b + 4, req_auth, 16);
	if (v->ma >= 0) {
		struct hmac_md5_ctx h;
		uint8_t *ma = b + (v->a[v->ma].val - v->pkt);

		memset(ma, 0, 16);
		hmac_md5_set_key(&h, sec.len, sec.s);
		hmac_md5_update(&h, v->len, b);
		hmac_md5_digest(&h, 16, ma);
	}
	md5_init(&c);
	md5_update(&c, v->len, b);
	md5_update(&c, sec.len, sec.s);
	md5_digest(&c, 16, b + 4);
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rad_view v;
	struct ppp_auth_request rq;
	struct ppp_auth_result res;
	uint8_t *b;
	const char *why;
	uint8_t mode;

	if (size < 1 || size > RAD_MAX_LEN + 64)
		return 0;
	mode = data[0];
	data++, size--;
	b = malloc(size ? size : 1);     /* exact size: ASan sees any read past the datagram */
	if (!b)
		return 0;
	memcpy(b, data, size);
	if (rad_parse(b, size, &v, &why) == 0) {
		if (mode & 4)
			sign(b, size, &v);
		if (rad_verify_response(&v, &sec, req_auth, (mode & 8) != 0, &why) == 0) {
			memset(&rq, 0, sizeof(rq));
			rq.method = methods[mode & 3];
			strcpy(rq.user, "fuzz");
			rq.challenge_len = rq.method == PPP_AUTH_MSCHAP_V1 ? 8 : 16;
			rad_access_result(&rq, &v, &sec, req_auth, &res);
		}
	}
	free(b);
	return 0;
}
