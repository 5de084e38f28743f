/* MS-CHAP known answers: RFC 2759 sections 9.2/9.3 and RFC 2433 appendix B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/mschap.h"
#include "vectors.h"

/* The vector files give passwords as UTF-16LE; the API takes UTF-8. These
 * passwords are ASCII, so the UTF-8 form is every other octet. */
static void utf16_ascii(const uint8_t *u, size_t len, char *out)
{
	for (size_t i = 0; i < len / 2; i++) {
		assert_int_equal(u[2 * i + 1], 0);
		out[i] = (char)u[2 * i];
	}
	out[len / 2] = '\0';
}

static void check_password_encoding(const char *pw, const uint8_t *utf16, size_t len)
{
	uint8_t mine[2 * MSCHAP_MAX_PASSWORD_CHARS];
	assert_int_equal(mschap_password_utf16(pw, mine), (int)len);
	assert_memory_equal(mine, utf16, len);
}

static void check_des_example(struct vecfile *v, const uint8_t *hash)
{
	uint8_t k[8];
	assert_memory_equal(vec_get_n(v, "des_example.DesKey1.raw", 7), hash, 7);
	mschap_des_key(hash, k);
	assert_memory_equal(k, vec_get_n(v, "des_example.DesKey1.parity", 8), 8);
	assert_memory_equal(vec_get_n(v, "des_example.DesKey2.raw", 7), hash + 7, 7);
	mschap_des_key(hash + 7, k);
	assert_memory_equal(k, vec_get_n(v, "des_example.DesKey2.parity", 8), 8);
}

static void test_rfc2759(void **state)
{
	struct vecfile *v = vec_load("rfc2759-mschapv2.txt");
	size_t pwlen;
	char pw[257], user[257];
	uint8_t challenge[8], hash[16], hashhash[16], ntresp[24], auth[MSCHAP_AUTH_RESPONSE_LEN];
	(void)state;

	const char *u = vec_get_str(v, "UserName");
	snprintf(user, sizeof(user), "%s", u);
	const uint8_t *pw16 = vec_get(v, "Password", &pwlen);
	utf16_ascii(pw16, pwlen, pw);
	check_password_encoding(pw, pw16, pwlen);
	const uint8_t *ac = vec_get_n(v, "AuthenticatorChallenge", 16);
	const uint8_t *pc = vec_get_n(v, "PeerChallenge", 16);

	ChallengeHash(pc, ac, user, challenge);
	assert_memory_equal(challenge, vec_get_n(v, "Challenge", 8), 8);
	assert_int_equal(NtPasswordHash(pw, hash), 0);
	assert_memory_equal(hash, vec_get_n(v, "PasswordHash", 16), 16);
	assert_int_equal(GenerateNTResponse(ac, pc, user, pw, ntresp), 0);
	assert_memory_equal(ntresp, vec_get_n(v, "NT-Response", 24), 24);
	HashNtPasswordHash(hash, hashhash);
	assert_memory_equal(hashhash, vec_get_n(v, "PasswordHashHash", 16), 16);
	GenerateAuthenticatorResponse(hash, ntresp, pc, ac, user, auth);
	assert_memory_equal(auth, vec_get_n(v, "AuthenticatorResponse", 42), 42);
	/* the digest is what the 40 hex digits encode */
	const uint8_t *dg = vec_get_n(v, "AuthenticatorResponse.digest", 20);
	for (int i = 0; i < 20; i++) {
		char hx[3];
		snprintf(hx, sizeof(hx), "%02X", dg[i]);
		assert_memory_equal(auth + 2 + 2 * i, hx, 2);
	}
	assert_true(CheckAuthenticatorResponse(hash, ntresp, pc, ac, user, auth, sizeof(auth)));
	auth[10] ^= 1;
	assert_false(CheckAuthenticatorResponse(hash, ntresp, pc, ac, user, auth, sizeof(auth)));
	assert_false(CheckAuthenticatorResponse(hash, ntresp, pc, ac, user, auth, 41));

	/* 9.3: DES key generation from NtPasswordHash("MyPw") */
	const char *mypw = vec_get_str(v, "des_example.Password.as_printed");
	const uint8_t *mypw16 = vec_get(v, "des_example.Password.utf16le", &pwlen);
	check_password_encoding(mypw, mypw16, pwlen);
	assert_int_equal(NtPasswordHash(mypw, hash), 0);
	assert_memory_equal(hash, vec_get_n(v, "des_example.PasswordHash", 16), 16);
	check_des_example(v, hash);

	vec_assert_all_used(v);
	vec_free(v);
}

static void test_rfc2433(void **state)
{
	struct vecfile *v = vec_load("rfc2433-mschapv1.txt");
	size_t pwlen;
	char pw[257];
	uint8_t hash[16], resp[24];
	(void)state;

	const uint8_t *pw16 = vec_get(v, "NtPassword", &pwlen);
	utf16_ascii(pw16, pwlen, pw);
	check_password_encoding(pw, pw16, pwlen);
	assert_int_equal(NtPasswordHash(pw, hash), 0);
	assert_memory_equal(hash, vec_get_n(v, "NtPasswordHash", 16), 16);
	assert_int_equal(NtChallengeResponse(vec_get_n(v, "Challenge", 8), pw, resp), 0);
	assert_memory_equal(resp, vec_get_n(v, "NtChallengeResponse", 24), 24);
	assert_memory_equal(vec_get_n(v, "des_example.NtPasswordHash", 16), hash, 16);
	check_des_example(v, hash);
	vec_assert_all_used(v);
	vec_free(v);
}

static void test_password_encoding(void **state)
{
	uint8_t u[2 * MSCHAP_MAX_PASSWORD_CHARS];
	char longpw[300];
	(void)state;
	/* "é" (U+00E9) and "€" (U+20AC) */
	assert_int_equal(mschap_password_utf16("\xc3\xa9\xe2\x82\xac", u), 4);
	assert_int_equal(u[0], 0xe9);
	assert_int_equal(u[1], 0x00);
	assert_int_equal(u[2], 0xac);
	assert_int_equal(u[3], 0x20);
	assert_int_equal(mschap_password_utf16("\xc3", u), -1);         /* truncated */
	assert_int_equal(mschap_password_utf16("\xc0\x80", u), -1);     /* overlong */
	assert_int_equal(mschap_password_utf16("\xed\xa0\x80", u), -1); /* surrogate */
	memset(longpw, 'a', 256);
	longpw[256] = '\0';
	assert_int_equal(mschap_password_utf16(longpw, u), 512);
	longpw[256] = 'a';
	longpw[257] = '\0';
	assert_int_equal(mschap_password_utf16(longpw, u), -1);
	assert_string_equal(mschap_strip_domain("CORP\\alice"), "alice");
	assert_string_equal(mschap_strip_domain("alice"), "alice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2759),
		cmocka_unit_test(test_rfc2433),
		cmocka_unit_test(test_password_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
