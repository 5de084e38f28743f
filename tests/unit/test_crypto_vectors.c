/* Known answers for the primitives: RFC 1320 (MD4), RFC 3174 (SHA-1), RFC 6229 (RC4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mppe/crypto.h"
#include "vectors.h"

static void test_md4_rfc1320(void **state)
{
	struct vecfile *v = vec_load("rfc1320-md4.txt");
	(void)state;
	for (int i = 1; i <= 7; i++) {
		char name[32];
		size_t len;
		uint8_t d[MD4_LEN];
		snprintf(name, sizeof(name), "test%d.message", i);
		const uint8_t *m = vec_get(v, name, &len);
		snprintf(name, sizeof(name), "test%d.digest", i);
		crypto_md4(m, len, d);
		assert_memory_equal(d, vec_get_n(v, name, MD4_LEN), MD4_LEN);
	}
	vec_assert_all_used(v);
	vec_free(v);
}

static void test_sha1_rfc3174(void **state)
{
	struct vecfile *v = vec_load("rfc3174-sha1.txt");
	(void)state;
	for (int i = 1; i <= 4; i++) {
		char name[32];
		size_t len;
		uint8_t d[SHA1_LEN];
		struct crypto_sha1 s;
		snprintf(name, sizeof(name), "test%d.message", i);
		const uint8_t *m = vec_get(v, name, &len);
		snprintf(name, sizeof(name), "test%d.repeat", i);
		unsigned long rep = vec_get_dec(v, name);
		crypto_sha1_init(&s);
		for (unsigned long r = 0; r < rep; r++)
			crypto_sha1_update(&s, m, len);
		crypto_sha1_final(&s, d);
		snprintf(name, sizeof(name), "test%d.digest", i);
		assert_memory_equal(d, vec_get_n(v, name, SHA1_LEN), SHA1_LEN);
	}
	vec_assert_all_used(v);
	vec_free(v);
}

struct rc4_ctx {
	unsigned keys;
	unsigned blocks;
};

/* For one "setS.B.key": generate 4112 keystream octets and check every
 * "setS.B.ks.D" block of that key. */
static void check_rc4_key(struct vecfile *v, const char *keyname, void *arg)
{
	struct rc4_ctx *ctx = arg;
	char prefix[64];
	size_t klen;
	const uint8_t *key = vec_get(v, keyname, &klen);
	static uint8_t zero[4112], ks[4112];
	RC4_KEY k;
	unsigned found = 0;

	crypto_rc4_key(&k, key, klen);
	crypto_rc4(&k, zero, ks, sizeof(ks));
	snprintf(prefix, sizeof(prefix), "%.*s", (int)(strlen(keyname) - 3), keyname); /* "setS.B." */
	for (unsigned off = 0; off <= 4096; off++) {
		char name[80];
		snprintf(name, sizeof(name), "%sks.%u", prefix, off);
		if (!vec_has(v, name))
			continue;
		assert_memory_equal(ks + off, vec_get_n(v, name, 16), 16);
		found++;
	}
	assert_int_equal(found, 18); /* RFC 6229 gives 18 offsets per key */
	ctx->keys++;
	ctx->blocks += found;
}

static void test_rc4_rfc6229(void **state)
{
	struct vecfile *v = vec_load("rfc6229-rc4.txt");
	struct rc4_ctx ctx = { 0, 0 };
	(void)state;
	vec_each(v, "set", ".key", check_rc4_key, &ctx);
	assert_int_equal(ctx.keys, 14);
	vec_assert_all_used(v);
	vec_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md4_rfc1320),
		cmocka_unit_test(test_sha1_rfc3174),
		cmocka_unit_test(test_rc4_rfc6229),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
