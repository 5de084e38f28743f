/*
 * RADIUS packets (host/radius/radius_pkt.c, rad_access_result): hiding and
 * unhiding, authenticators, Message-Authenticator, hostile framing, and
 * what an Access-Accept/-Reject yields for PPP. The real counterpart is
 * FreeRADIUS in tests/integration/test_radius.sh; here the RFC 2548 2.4.2
 * encryption is written out separately from the RFC text to check the
 * decryption, and every malformed case has its own input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <nettle/hmac.h>
#include <nettle/md5.h>

#include "radius/radius_aaa.h"
#include "radius/radius_pkt.h"

static const uint8_t secret_s[] = "xyzzy5461";
static const struct rad_secret sec = { secret_s, sizeof(secret_s) - 1 };
static const uint8_t req_auth[16] = { 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57,
				      0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a };

/* RFC 2548 2.4.2, the server's side: b(1) = MD5(S + R + A), c(i) = p(i) xor b(i), b(i) = MD5(S + c(i-1)) */
static size_t encrypt_key(const uint8_t *key, size_t klen, const uint8_t salt[2], uint8_t *out)
{
	uint8_t p[64] = { 0 }, b[16];
	size_t n = (1 + klen + 15) / 16 * 16;
	struct md5_ctx c;

	p[0] = (uint8_t)klen;
	memcpy(p + 1, key, klen);
	out[0] = salt[0];
	out[1] = salt[1];
	for (size_t i = 0; i < n; i += 16) {
		md5_init(&c);
		md5_update(&c, sec.len, sec.s);
		if (i == 0) {
			md5_update(&c, 16, req_auth);
			md5_update(&c, 2, salt);
		} else {
			md5_update(&c, 16, out + 2 + i - 16);
		}
		md5_digest(&c, 16, b);
		for (int k = 0; k < 16; k++)
			out[2 + i + k] = p[i + k] ^ b[k];
	}
	return 2 + n;
}

/* A response the way a server builds it, signed for req_auth. */
static void server_response(struct rad_pkt *p, uint8_t code, bool with_ma)
{
	rad_init(p, code, 7, NULL);
	if (with_ma)
		rad_add_message_authenticator(p);
}

static void test_user_password(void **state)
{
	static const size_t lens[] = { 0, 1, 15, 16, 17, 100, 128 };

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t pw[128], plain[240];
		struct rad_pkt p;
		struct rad_view v;
		const struct rad_attr *a;

		for (size_t k = 0; k < lens[i]; k++)
			pw[k] = (uint8_t)(k * 7 + 1);
		rad_init(&p, RAD_ACCESS_REQUEST, 1, req_auth);
		rad_add_user_password(&p, &sec, pw, lens[i]);
		assert_int_equal(rad_finish(&p, &sec, NULL), 0);
		assert_int_equal(rad_parse(p.buf, p.len, &v, NULL), 0);
		a = rad_find(&v, RAD_USER_PASSWORD);
		assert_non_null(a);
		assert_int_equal(a->len, lens[i] ? (lens[i] + 15) / 16 * 16 : 16);
		if (lens[i] >= 16)
			assert_memory_not_equal(a->val, pw, 16);    /* hidden */
		assert_int_equal(rad_unhide(&sec, req_auth, NULL, a->val, a->len, plain), 0);
		if (lens[i])
			assert_memory_equal(plain, pw, lens[i]);
		for (size_t k = lens[i]; k < a->len; k++)
			assert_int_equal(plain[k], 0);
	}
}

static void test_request_message_authenticator(void **state)
{
	struct rad_pkt p;
	struct rad_view v;
	uint8_t copy[RAD_MAX_LEN];

	(void)state;
	rad_init(&p, RAD_ACCESS_REQUEST, 9, req_auth);
	rad_add_message_authenticator(&p);
	rad_add_str(&p, RAD_USER_NAME, "alice");
	assert_int_equal(rad_finish(&p, &sec, NULL), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, NULL), 0);
	assert_int_equal(v.ma, 0);
	/* the value is HMAC-MD5 over the packet with the value zero (RFC 3579 3.2): recompute it */
	memcpy(copy, p.buf, p.len);
	memset(copy + p.ma_off, 0, 16);
	{
		struct hmac_md5_ctx h;
		uint8_t mac[16];

		hmac_md5_set_key(&h, sec.len, sec.s);
		hmac_md5_update(&h, p.len, copy);
		hmac_md5_digest(&h, 16, mac);
		assert_memory_equal(p.buf + p.ma_off, mac, 16);
	}
}

static void test_response_verify(void **state)
{
	struct rad_pkt p;
	struct rad_view v;
	const char *why = NULL;
	static const uint8_t other_s[] = "not-the-secret";
	const struct rad_secret other = { other_s, sizeof(other_s) - 1 };

	(void)state;
	server_response(&p, RAD_ACCESS_ACCEPT, true);
	rad_add_u32(&p, RAD_SESSION_TIMEOUT, 3600);
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_response(&v, &sec, req_auth, true, &why), 0);
	/* another secret, another request */
	assert_int_equal(rad_verify_response(&v, &other, req_auth, true, &why), -1);
	{
		uint8_t ra2[16];
		memcpy(ra2, req_auth, 16);
		ra2[3] ^= 1;
		assert_int_equal(rad_verify_response(&v, &sec, ra2, true, &why), -1);
	}
	/* one attribute octet changed */
	p.buf[p.len - 1] ^= 0x40;
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_response(&v, &sec, req_auth, true, &why), -1);
	assert_string_equal(why, "wrong Response Authenticator");

	/* a right Response Authenticator over a wrong Message-Authenticator */
	server_response(&p, RAD_ACCESS_ACCEPT, true);
	rad_add_u32(&p, RAD_SESSION_TIMEOUT, 3600);
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	p.buf[p.ma_off + 5] ^= 1;
	p.ma_off = 0;
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_response(&v, &sec, req_auth, true, &why), -1);
	assert_string_equal(why, "wrong Message-Authenticator");

	/* BlastRADIUS: none at all is refused where required, accepted elsewhere */
	server_response(&p, RAD_ACCESS_REJECT, false);
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_response(&v, &sec, req_auth, true, &why), -1);
	assert_string_equal(why, "no Message-Authenticator");
	assert_int_equal(rad_verify_response(&v, &sec, req_auth, false, &why), 0);
}

static void test_request_authenticator(void **state)
{
	struct rad_pkt p;
	struct rad_view v;
	const char *why;

	(void)state;
	rad_init(&p, RAD_DISCONNECT_REQUEST, 3, NULL);
	rad_add_message_authenticator(&p);
	rad_add_str(&p, RAD_ACCT_SESSION_ID, "0000000100000002");
	assert_int_equal(rad_finish(&p, &sec, NULL), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_request(&v, &sec, &why), 0);
	p.buf[p.len - 2] ^= 1;
	assert_int_equal(rad_parse(p.buf, p.len, &v, &why), 0);
	assert_int_equal(rad_verify_request(&v, &sec, &why), -1);
}

static void test_mppe_key(void **state)
{
	uint8_t key[16], enc[64], out[32];
	static const uint8_t salt[2] = { 0x85, 0x01 }, bad_salt[2] = { 0x05, 0x01 };
	struct rad_attr a = { .type = RAD_VENDOR_SPECIFIC, .vendor = RAD_VENDOR_MICROSOFT,
			      .vtype = RAD_MS_MPPE_SEND_KEY };

	(void)state;
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)(0xa0 + i);
	a.len = (uint8_t)encrypt_key(key, 16, salt, enc);
	a.val = enc;
	assert_int_equal(a.len, 2 + 32);
	assert_int_equal(rad_mppe_key(&a, &sec, req_auth, out, sizeof(out)), 16);
	assert_memory_equal(out, key, 16);
	/* too small a buffer, a salt without its high bit, a cut value, a wrong request */
	assert_int_equal(rad_mppe_key(&a, &sec, req_auth, out, 8), -1);
	encrypt_key(key, 16, bad_salt, enc);
	assert_int_equal(rad_mppe_key(&a, &sec, req_auth, out, sizeof(out)), -1);
	encrypt_key(key, 16, salt, enc);
	a.len = 2 + 16 + 3;
	assert_int_equal(rad_mppe_key(&a, &sec, req_auth, out, sizeof(out)), -1);
	a.len = 2 + 32;
	{
		uint8_t ra2[16];
		int n;
		memcpy(ra2, req_auth, 16);
		ra2[0] ^= 0x80;
		n = rad_mppe_key(&a, &sec, ra2, out, sizeof(out));
		assert_true(n < 0 || memcmp(out, key, 16) != 0);
	}
}

static void expect_bad(const uint8_t *buf, size_t n, const char *why_expected)
{
	static struct rad_view v;
	const char *why = NULL;

	assert_int_equal(rad_parse(buf, n, &v, &why), -1);
	assert_non_null(why);
	if (why_expected)
		assert_string_equal(why, why_expected);
}

static void test_hostile(void **state)
{
	uint8_t b[RAD_MAX_LEN + 8];
	static struct rad_view v;

	(void)state;
	memset(b, 0, sizeof(b));
	b[0] = RAD_ACCESS_ACCEPT;
	expect_bad(b, 19, "shorter than the header");
	b[2] = 0, b[3] = 19;
	expect_bad(b, 20, "bad Length");
	b[3] = 30;
	expect_bad(b, 29, "bad Length");                     /* Length past the datagram */
	b[2] = 0x10, b[3] = 0x01;                            /* 4097 */
	expect_bad(b, sizeof(b), "bad Length");
	/* padding after Length is ignored */
	b[2] = 0, b[3] = 20;
	assert_int_equal(rad_parse(b, 40, &v, NULL), 0);
	assert_int_equal(v.n, 0u);
	/* attribute length 0, 1, past the end */
	b[3] = 22, b[20] = RAD_CLASS, b[21] = 0;
	expect_bad(b, 22, "attribute overruns the packet");
	b[21] = 1;
	expect_bad(b, 22, "attribute overruns the packet");
	b[21] = 3;
	expect_bad(b, 22, "attribute overruns the packet");
	/* Microsoft sub-attribute overrunning its Vendor-Specific */
	b[3] = 20 + 10;
	memcpy(b + 20, (uint8_t[]){ 26, 10, 0, 0, 1, 55, 16, 5, 0xaa, 0xbb }, 10);
	expect_bad(b, 30, "Microsoft attribute overruns its Vendor-Specific");
	b[27] = 4;                                           /* 16, 4, aa bb: fits exactly */
	assert_int_equal(rad_parse(b, 30, &v, NULL), 0);
	assert_non_null(rad_find_ms(&v, RAD_MS_MPPE_SEND_KEY));
	/* Message-Authenticator of 15 octets; two of them */
	b[3] = 20 + 17, b[20] = RAD_MESSAGE_AUTHENTICATOR, b[21] = 17;
	expect_bad(b, 37, "Message-Authenticator not 16 octets");
	b[3] = 20 + 36, b[21] = 18, b[38] = RAD_MESSAGE_AUTHENTICATOR, b[39] = 18;
	expect_bad(b, 56, "two Message-Authenticators");
	/* too many attributes */
	b[2] = (uint8_t)((20 + 2 * (RAD_MAX_ATTRS + 1)) >> 8), b[3] = (uint8_t)(20 + 2 * (RAD_MAX_ATTRS + 1));
	for (int i = 0; i <= RAD_MAX_ATTRS; i++)
		b[20 + 2 * i] = RAD_REPLY_MESSAGE, b[21 + 2 * i] = 2;
	expect_bad(b, 20 + 2 * (RAD_MAX_ATTRS + 1), "too many attributes");
}

static void test_access_result(void **state)
{
	struct ppp_auth_request rq = { .method = PPP_AUTH_MSCHAP_V2, .user = "alice", .challenge_len = 16 };
	struct ppp_auth_result res;
	struct rad_pkt p;
	struct rad_view v;
	uint8_t succ[43], key[16], enc[64], err[] = "\x01" "E=691 R=1 C=00 V=3\x01M=no";
	size_t n;

	(void)state;
	/* an Accept without MS-CHAP2-Success: the client could not check us, refused */
	server_response(&p, RAD_ACCESS_ACCEPT, true);
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, NULL), 0);
	rad_access_result(&rq, &v, &sec, req_auth, &res);
	assert_false(res.ok);

	server_response(&p, RAD_ACCESS_ACCEPT, true);
	succ[0] = 1;
	memcpy(succ + 1, "S=0123456789ABCDEF0123456789ABCDEF01234567", 42);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_SUCCESS, succ, sizeof(succ));
	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	n = encrypt_key(key, 16, (const uint8_t[]){ 0x80, 1 }, enc);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_SEND_KEY, enc, n);
	key[0] = 0x55;
	n = encrypt_key(key, 16, (const uint8_t[]){ 0x80, 2 }, enc);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_RECV_KEY, enc, n);
	rad_add_u32(&p, RAD_FRAMED_IP_ADDRESS, 0x0a4d0063);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_ENCRYPTION_POLICY, "\0\0\0\2", 4);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_ENCRYPTION_TYPES, "\0\0\0\4", 4);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_MPPE_ENCRYPTION_TYPES, "\0\0\0\6", 4);   /* later: ignored */
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, NULL), 0);
	rad_access_result(&rq, &v, &sec, req_auth, &res);
	assert_true(res.ok);
	assert_memory_equal(res.authenticator_response, succ + 1, 42);
	assert_true(res.have_keys);
	assert_int_equal(res.send_key[0], 0);
	assert_int_equal(res.recv_key[0], 0x55);
	assert_int_equal(res.framed_addr, 0x0a4d0063);
	assert_true(res.have_mppe_policy && res.mppe_required);
	assert_int_equal(res.mppe_types, 4);

	/* a Reject's MS-CHAP-Error, control characters blanked */
	server_response(&p, RAD_ACCESS_REJECT, true);
	rad_add_vsa(&p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_ERROR, err, sizeof(err) - 1);
	assert_int_equal(rad_finish(&p, &sec, req_auth), 0);
	assert_int_equal(rad_parse(p.buf, p.len, &v, NULL), 0);
	rad_access_result(&rq, &v, &sec, req_auth, &res);
	assert_false(res.ok);
	assert_string_equal(res.message, "E=691 R=1 C=00 V=3 M=no");
}

static void test_overflow(void **state)
{
	struct rad_pkt p;
	uint8_t big[253] = { 0 };

	(void)state;
	rad_init(&p, RAD_ACCESS_REQUEST, 1, req_auth);
	for (int i = 0; i < 20; i++)
		rad_add(&p, RAD_REPLY_MESSAGE, big, sizeof(big));
	assert_true(p.len <= RAD_MAX_LEN);
	assert_int_equal(rad_finish(&p, &sec, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_password),
		cmocka_unit_test(test_request_message_authenticator),
		cmocka_unit_test(test_response_verify),
		cmocka_unit_test(test_request_authenticator),
		cmocka_unit_test(test_mppe_key),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_access_result),
		cmocka_unit_test(test_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
