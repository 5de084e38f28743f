/* RFC 3079 sample key derivations (sections 2.5.1-2.5.3 and 3.5.1-3.5.3),
 * through the key functions and through mppe_flow_init(), which must arrive
 * at the same first session key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/crypto.h"
#include "mppe/keys.h"
#include "mppe/mppe.h"
#include "mppe/mschap.h"
#include "vectors.h"

/* One file shared by all tests; the group teardown fails if any vector in it
 * was never checked. */
static struct vecfile *v;

static const uint8_t *getv(struct vecfile *v, const char *pfx, const char *name, size_t len)
{
	char n[96];
	snprintf(n, sizeof(n), "%s.%s", pfx, name);
	return vec_get_n(v, n, len);
}

static const uint8_t *getany(struct vecfile *v, const char *pfx, const char *name, size_t *len)
{
	char n[96];
	snprintf(n, sizeof(n), "%s.%s", pfx, name);
	return vec_get(v, n, len);
}

static const char *getstr(struct vecfile *v, const char *pfx, const char *name)
{
	char n[96];
	snprintf(n, sizeof(n), "%s.%s", pfx, name);
	return vec_get_str(v, n);
}

#define V(pfx, name, len) getv(v, pfx, name, len)

/* The flow's first session key from a start key. */
static void flow_first_key(const uint8_t *start, unsigned bits, enum mppe_dir dir, uint8_t *out)
{
	struct mppe_flow f;
	struct mppe_flow_params p = { .dir = dir, .key_bits = bits, .stateful = false };
	memcpy(p.start_key, start, mppe_key_len(bits));
	assert_int_equal(mppe_flow_init(&f, &p), 0);
	memcpy(out, f.session_key, mppe_key_len(bits));
	mppe_flow_wipe(&f);
}

static void test_mschapv1_lm(void **state, unsigned bits)
{
	char pfx[32];
	uint8_t lm[16], key[16], start[16];
	(void)state;

	snprintf(pfx, sizeof(pfx), "mschapv1.%u", bits);
	const char *pw = getstr(v, pfx, "Password");
	assert_int_equal(LmPasswordHash(pw, lm), 0);
	assert_memory_equal(lm, V(pfx, "PasswordHash", 16), 16);
	/* Step 2: SessionKey is a copy of PasswordHash */
	assert_memory_equal(V(pfx, "SessionKey.step2", 16), lm, 16);
	/* Step 3: Get_Key(PasswordHash, SessionKey, 8) */
	GetNewKeyFromSHA(lm, lm, 8, key);
	assert_memory_equal(key, V(pfx, "SessionKey.step3", 8), 8);
	/* Step 4: reduce */
	mppe_reduce_key(key, bits);
	assert_memory_equal(key, V(pfx, "SessionKey", 8), 8);
	/* Same through the start-key helper and the flow. */
	mppe_start_key_mschapv1(NULL, NULL, lm, bits, start);
	flow_first_key(start, bits, MPPE_DIR_TX, key);
	assert_memory_equal(key, V(pfx, "SessionKey", 8), 8);
}

static void test_rfc3079_251(void **state) { test_mschapv1_lm(state, 40); }
static void test_rfc3079_252(void **state) { test_mschapv1_lm(state, 56); }

static void test_rfc3079_253(void **state)
{
	const char *pfx = "mschapv1.128";
	uint8_t hash[16], hh[16], isk[16], csk[16], start[16];
	(void)state;

	const char *pw = vec_get_str(v, "mschapv1.128.Password");
	assert_int_equal(NtPasswordHash(pw, hash), 0);
	assert_memory_equal(hash, V(pfx, "PasswordHash", 16), 16);
	HashNtPasswordHash(hash, hh);
	assert_memory_equal(hh, V(pfx, "PasswordHashHash", 16), 16);
	Get_Start_Key(V(pfx, "Challenge", 8), hh, isk);
	assert_memory_equal(isk, V(pfx, "InitialSessionKey", 16), 16);
	assert_memory_equal(V(pfx, "CurrentSessionKey.step4", 16), isk, 16);
	GetNewKeyFromSHA(isk, isk, 16, csk);
	assert_memory_equal(csk, V(pfx, "CurrentSessionKey", 16), 16);
	mppe_start_key_mschapv1(V(pfx, "Challenge", 8), hh, NULL, 128, start);
	assert_memory_equal(start, isk, 16);
	flow_first_key(start, 128, MPPE_DIR_RX, csk);
	assert_memory_equal(csk, V(pfx, "CurrentSessionKey", 16), 16);
}

static void test_mschapv2(unsigned bits)
{
	char pfx[32], xpfx[40], pw[64];
	size_t pwlen, ptlen, len = mppe_key_len(bits);
	uint8_t ch[8], ntr[24], hash[16], hh[16], mk[16], sk[16], rk[16], key[16], ct[64];
	RC4_KEY rc4;

	snprintf(pfx, sizeof(pfx), "mschapv2.%u", bits);
	snprintf(xpfx, sizeof(xpfx), "extra.mschapv2.%u", bits);
	const char *user = getstr(v, pfx, "UserName");
	const uint8_t *pw16 = getany(v, pfx, "Password", &pwlen);
	for (size_t i = 0; i < pwlen / 2; i++)
		pw[i] = (char)pw16[2 * i];
	pw[pwlen / 2] = '\0';
	{ /* the file gives the UTF-16LE form the RFC hashes */
		uint8_t u16[2 * MSCHAP_MAX_PASSWORD_CHARS];
		assert_int_equal(mschap_password_utf16(pw, u16), (int)pwlen);
		assert_memory_equal(u16, pw16, pwlen);
	}
	const uint8_t *ac = V(pfx, "AuthenticatorChallenge", 16);
	const uint8_t *pc = V(pfx, "PeerChallenge", 16);

	ChallengeHash(pc, ac, user, ch);
	assert_memory_equal(ch, V(pfx, "Challenge", 8), 8);
	assert_int_equal(GenerateNTResponse(ac, pc, user, pw, ntr), 0);
	assert_memory_equal(ntr, V(pfx, "NT-Response", 24), 24);
	assert_int_equal(NtPasswordHash(pw, hash), 0);
	assert_memory_equal(hash, V(pfx, "PasswordHash", 16), 16);
	HashNtPasswordHash(hash, hh);
	assert_memory_equal(hh, V(pfx, "PasswordHashHash", 16), 16);
	GetMasterKey(hh, ntr, mk);
	assert_memory_equal(mk, V(pfx, "MasterKey", 16), 16);

	/* server view: send = Magic3, receive = Magic2 */
	mppe_start_keys_mschapv2(hh, ntr, bits, true, sk, rk);
	assert_memory_equal(sk, V(pfx, "SendStartKey", len), len);
	assert_memory_equal(rk, V(xpfx, "RecvStartKey", len), len);
	flow_first_key(sk, bits, MPPE_DIR_TX, key);
	assert_memory_equal(key, V(pfx, "SendSessionKey", len), len);
	flow_first_key(rk, bits, MPPE_DIR_RX, key);
	assert_memory_equal(key, V(xpfx, "RecvSessionKey", len), len);
	/* the client's keys are the mirror image */
	mppe_start_keys_mschapv2(hh, ntr, bits, false, key, mk);
	assert_memory_equal(key, rk, len);
	assert_memory_equal(mk, sk, len);

	/* rc4(SendSessionKey, "test message") */
	const uint8_t *pt = getany(v, pfx, "Plaintext", &ptlen);
	crypto_rc4_key(&rc4, V(pfx, "SendSessionKey", len), len);
	crypto_rc4(&rc4, pt, ct, ptlen);
	assert_memory_equal(ct, V(pfx, "Ciphertext", ptlen), ptlen);
}

static void test_rfc3079_351(void **state) { (void)state; test_mschapv2(40); }
static void test_rfc3079_352(void **state) { (void)state; test_mschapv2(56); }
static void test_rfc3079_353(void **state) { (void)state; test_mschapv2(128); }

static int group_setup(void **state)
{
	(void)state;
	v = vec_load("rfc3079-mppe-keys.txt");
	return 0;
}

static int group_teardown(void **state)
{
	int unused = vec_report_unused(v);
	(void)state;
	vec_free(v);
	return unused ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3079_251),
		cmocka_unit_test(test_rfc3079_252),
		cmocka_unit_test(test_rfc3079_253),
		cmocka_unit_test(test_rfc3079_351),
		cmocka_unit_test(test_rfc3079_352),
		cmocka_unit_test(test_rfc3079_353),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
