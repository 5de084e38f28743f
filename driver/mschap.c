/* MS-CHAP v1 (RFC 2433) and v2 (RFC 2759). */
#include "mppe/mschap.h"

#include <ctype.h>
#include <string.h>

#include "mppe/crypto.h"

int mschap_password_utf16(const char *utf8, uint8_t out[2 * MSCHAP_MAX_PASSWORD_CHARS])
{
	const unsigned char *s = (const unsigned char *)utf8;
	int n = 0;

	while (*s) {
		uint32_t cp;
		int extra;
		if (*s < 0x80) {
			cp = *s;
			extra = 0;
		} else if ((*s & 0xe0) == 0xc0) {
			cp = *s & 0x1f;
			extra = 1;
		} else if ((*s & 0xf0) == 0xe0) {
			cp = *s & 0x0f;
			extra = 2;
		} else {
			return -1; /* 4-octet forms need surrogates; passwords do not use them */
		}
		s++;
		for (int i = 0; i < extra; i++, s++) {
			if ((*s & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (*s & 0x3f);
		}
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		if (n >= MSCHAP_MAX_PASSWORD_CHARS)
			return -1;
		out[2 * n] = (uint8_t)(cp & 0xff);
		out[2 * n + 1] = (uint8_t)(cp >> 8);
		n++;
	}
	return 2 * n;
}

int NtPasswordHash(const char *password, uint8_t password_hash[16])
{
	uint8_t u[2 * MSCHAP_MAX_PASSWORD_CHARS];
	int len = mschap_password_utf16(password, u);

	if (len < 0)
		return -1;
	crypto_md4(u, (size_t)len, password_hash);
	crypto_wipe(u, sizeof(u));
	return 0;
}

void HashNtPasswordHash(const uint8_t password_hash[16], uint8_t password_hash_hash[16])
{
	crypto_md4(password_hash, 16, password_hash_hash);
}

const char *mschap_strip_domain(const char *user_name)
{
	const char *bs = strrchr(user_name, '\\');
	return bs ? bs + 1 : user_name;
}

void ChallengeHash(const uint8_t peer_challenge[16], const uint8_t authenticator_challenge[16],
		   const char *user_name, uint8_t challenge[8])
{
	struct crypto_sha1 s;
	uint8_t digest[SHA1_LEN];

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, peer_challenge, 16);
	crypto_sha1_update(&s, authenticator_challenge, 16);
	crypto_sha1_update(&s, (const uint8_t *)user_name, strlen(user_name));
	crypto_sha1_final(&s, digest);
	memcpy(challenge, digest, 8);
}

void mschap_des_key(const uint8_t in7[7], uint8_t out8[8])
{
	/* RFC 2759 8.6 / RFC 2433 A.6: spread 56 bits over 8 octets, 7 bits
	 * each in the high bits, and set the low bit for odd parity. */
	uint64_t bits = 0;
	for (int i = 0; i < 7; i++)
		bits = (bits << 8) | in7[i];
	for (int i = 0; i < 8; i++) {
		uint8_t b = (uint8_t)(((bits >> (49 - 7 * i)) & 0x7f) << 1);
		b |= (uint8_t)((__builtin_popcount(b) & 1) ? 0 : 1);
		out8[i] = b;
	}
}

static void DesEncrypt(const uint8_t clear[8], const uint8_t key7[7], uint8_t cypher[8])
{
	uint8_t k[8];
	mschap_des_key(key7, k);
	crypto_des_encrypt(k, clear, cypher);
	crypto_wipe(k, sizeof(k));
}

void ChallengeResponse(const uint8_t challenge[8], const uint8_t password_hash[16],
		       uint8_t response[24])
{
	uint8_t z[21] = { 0 };

	memcpy(z, password_hash, 16); /* ZPasswordHash: zero-padded to 21 octets */
	DesEncrypt(challenge, z, response);
	DesEncrypt(challenge, z + 7, response + 8);
	DesEncrypt(challenge, z + 14, response + 16);
	crypto_wipe(z, sizeof(z));
}

void GenerateNTResponseFromHash(const uint8_t authenticator_challenge[16],
				const uint8_t peer_challenge[16], const char *user_name,
				const uint8_t password_hash[16], uint8_t nt_response[24])
{
	uint8_t challenge[8];
	ChallengeHash(peer_challenge, authenticator_challenge, user_name, challenge);
	ChallengeResponse(challenge, password_hash, nt_response);
}

int GenerateNTResponse(const uint8_t authenticator_challenge[16], const uint8_t peer_challenge[16],
		       const char *user_name, const char *password, uint8_t nt_response[24])
{
	uint8_t hash[16];
	if (NtPasswordHash(password, hash) < 0)
		return -1;
	GenerateNTResponseFromHash(authenticator_challenge, peer_challenge, user_name, hash,
				   nt_response);
	crypto_wipe(hash, sizeof(hash));
	return 0;
}

/* RFC 2759 8.7: "Magic server to client signing constant", "Pad to make it do more than one iteration" */
static const char auth_magic1[] = "Magic server to client signing constant";
static const char auth_magic2[] = "Pad to make it do more than one iteration";
_Static_assert(sizeof(auth_magic1) - 1 == 39, "RFC 2759 Magic1 is 39 octets");
_Static_assert(sizeof(auth_magic2) - 1 == 41, "RFC 2759 Magic2 is 41 octets");

void GenerateAuthenticatorResponse(const uint8_t password_hash[16], const uint8_t nt_response[24],
				   const uint8_t peer_challenge[16],
				   const uint8_t authenticator_challenge[16], const char *user_name,
				   uint8_t auth_response[MSCHAP_AUTH_RESPONSE_LEN])
{
	static const char hex[] = "0123456789ABCDEF"; /* RFC 2759 8.7: upper case */
	struct crypto_sha1 s;
	uint8_t hash_hash[16], digest[SHA1_LEN], challenge[8];

	HashNtPasswordHash(password_hash, hash_hash);
	crypto_sha1_init(&s);
	crypto_sha1_update(&s, hash_hash, 16);
	crypto_sha1_update(&s, nt_response, 24);
	crypto_sha1_update(&s, (const uint8_t *)auth_magic1, 39);
	crypto_sha1_final(&s, digest);

	ChallengeHash(peer_challenge, authenticator_challenge, user_name, challenge);
	crypto_sha1_init(&s);
	crypto_sha1_update(&s, digest, SHA1_LEN);
	crypto_sha1_update(&s, challenge, 8);
	crypto_sha1_update(&s, (const uint8_t *)auth_magic2, 41);
	crypto_sha1_final(&s, digest);

	auth_response[0] = 'S';
	auth_response[1] = '=';
	for (int i = 0; i < SHA1_LEN; i++) {
		auth_response[2 + 2 * i] = (uint8_t)hex[digest[i] >> 4];
		auth_response[3 + 2 * i] = (uint8_t)hex[digest[i] & 0xf];
	}
	crypto_wipe(hash_hash, sizeof(hash_hash));
}

bool mschap_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint8_t d = 0;
	for (size_t i = 0; i < len; i++)
		d |= (uint8_t)(a[i] ^ b[i]);
	return d == 0;
}

bool CheckAuthenticatorResponse(const uint8_t password_hash[16], const uint8_t nt_response[24],
				const uint8_t peer_challenge[16],
				const uint8_t authenticator_challenge[16], const char *user_name,
				const uint8_t *received, size_t received_len)
{
	uint8_t mine[MSCHAP_AUTH_RESPONSE_LEN];

	if (received_len < MSCHAP_AUTH_RESPONSE_LEN)
		return false;
	GenerateAuthenticatorResponse(password_hash, nt_response, peer_challenge,
				      authenticator_challenge, user_name, mine);
	return mschap_ct_equal(mine, received, MSCHAP_AUTH_RESPONSE_LEN);
}

int NtChallengeResponse(const uint8_t challenge[8], const char *password, uint8_t response[24])
{
	uint8_t hash[16];
	if (NtPasswordHash(password, hash) < 0)
		return -1;
	ChallengeResponse(challenge, hash, response);
	crypto_wipe(hash, sizeof(hash));
	return 0;
}

int LmPasswordHash(const char *password, uint8_t password_hash[16])
{
	static const uint8_t std_text[8] = { 'K', 'G', 'S', '!', '@', '#', '$', '%' }; /* RFC 2433 A.4 */
	uint8_t ucase[14] = { 0 };
	size_t n = strlen(password);

	if (n > 14)
		n = 14; /* RFC 2433 A.3: at most 14 OEM characters */
	for (size_t i = 0; i < n; i++)
		ucase[i] = (uint8_t)toupper((unsigned char)password[i]);
	DesEncrypt(std_text, ucase, password_hash);
	DesEncrypt(std_text, ucase + 7, password_hash + 8);
	crypto_wipe(ucase, sizeof(ucase));
	return 0;
}
