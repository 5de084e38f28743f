/* MPPE key derivation, RFC 3078 7.3 and RFC 3079. */
#include "mppe/keys.h"

#include <string.h>

#include "mppe/crypto.h"

/* RFC 3078 7.3 / RFC 3079 2.4 and 3.4: SHApad1 (40 x 0x00), SHApad2 (40 x 0xf2) */
static const uint8_t sha_pad1[40];
static const uint8_t sha_pad2[40] = {
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
	0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2, 0xf2,
};

/* RFC 3079 3.4: Magic1..3 are these ASCII strings, without the NUL. */
static const char magic1[] = "This is the MPPE Master Key";
static const char magic2[] =
	"On the client side, this is the send key; on the server side, it is the receive key.";
static const char magic3[] =
	"On the client side, this is the receive key; on the server side, it is the send key.";
_Static_assert(sizeof(magic1) - 1 == 27, "RFC 3079 Magic1 is 27 octets");
_Static_assert(sizeof(magic2) - 1 == 84, "RFC 3079 Magic2 is 84 octets");
_Static_assert(sizeof(magic3) - 1 == 84, "RFC 3079 Magic3 is 84 octets");

void GetNewKeyFromSHA(const uint8_t *start_key, const uint8_t *session_key, size_t len,
		      uint8_t *interim_key)
{
	struct crypto_sha1 s;
	uint8_t digest[SHA1_LEN];

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, start_key, len);
	crypto_sha1_update(&s, sha_pad1, sizeof(sha_pad1));
	crypto_sha1_update(&s, session_key, len);
	crypto_sha1_update(&s, sha_pad2, sizeof(sha_pad2));
	crypto_sha1_final(&s, digest);
	memcpy(interim_key, digest, len);
	crypto_wipe(digest, sizeof(digest));
}

void GetMasterKey(const uint8_t password_hash_hash[16], const uint8_t nt_response[24],
		  uint8_t master_key[16])
{
	struct crypto_sha1 s;
	uint8_t digest[SHA1_LEN];

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, password_hash_hash, 16);
	crypto_sha1_update(&s, nt_response, 24);
	crypto_sha1_update(&s, (const uint8_t *)magic1, 27);
	crypto_sha1_final(&s, digest);
	memcpy(master_key, digest, 16);
	crypto_wipe(digest, sizeof(digest));
}

void GetAsymmetricStartKey(const uint8_t master_key[16], uint8_t *session_key, size_t len,
			   bool is_send, bool is_server)
{
	struct crypto_sha1 s;
	uint8_t digest[SHA1_LEN];
	/* RFC 3079 3.4: the server sends with Magic3, the client with Magic2. */
	const char *magic = (is_send == is_server) ? magic3 : magic2;

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, master_key, 16);
	crypto_sha1_update(&s, sha_pad1, sizeof(sha_pad1));
	crypto_sha1_update(&s, (const uint8_t *)magic, 84);
	crypto_sha1_update(&s, sha_pad2, sizeof(sha_pad2));
	crypto_sha1_final(&s, digest);
	memcpy(session_key, digest, len);
	crypto_wipe(digest, sizeof(digest));
}

void Get_Start_Key(const uint8_t challenge[8], const uint8_t nt_password_hash_hash[16],
		   uint8_t initial_session_key[16])
{
	struct crypto_sha1 s;
	uint8_t digest[SHA1_LEN];

	crypto_sha1_init(&s);
	crypto_sha1_update(&s, nt_password_hash_hash, 16);
	crypto_sha1_update(&s, nt_password_hash_hash, 16);
	crypto_sha1_update(&s, challenge, 8);
	crypto_sha1_final(&s, digest);
	memcpy(initial_session_key, digest, 16);
	crypto_wipe(digest, sizeof(digest));
}

unsigned mppe_key_len(unsigned key_bits)
{
	switch (key_bits) {
	case 40:
	case 56:
		return 8;
	case 128:
		return 16;
	default:
		return 0;
	}
}

void mppe_reduce_key(uint8_t *key, unsigned key_bits)
{
	/* RFC 3078 7.3, RFC 3079 2.1 and 2.2 */
	if (key_bits == 40) {
		key[0] = 0xd1;
		key[1] = 0x26;
		key[2] = 0x9e;
	} else if (key_bits == 56) {
		key[0] = 0xd1;
	}
}

void mppe_start_keys_mschapv2(const uint8_t password_hash_hash[16], const uint8_t nt_response[24],
			      unsigned key_bits, bool is_server,
			      uint8_t send_key[16], uint8_t recv_key[16])
{
	uint8_t master[16];
	size_t len = mppe_key_len(key_bits) ? mppe_key_len(key_bits) : 16;

	memset(send_key, 0, 16);
	memset(recv_key, 0, 16);
	GetMasterKey(password_hash_hash, nt_response, master);
	GetAsymmetricStartKey(master, send_key, len, true, is_server);
	GetAsymmetricStartKey(master, recv_key, len, false, is_server);
	crypto_wipe(master, sizeof(master));
}

void mppe_start_key_mschapv1(const uint8_t challenge[8], const uint8_t nt_password_hash_hash[16],
			     const uint8_t *lm_password_hash, unsigned key_bits, uint8_t key[16])
{
	memset(key, 0, 16);
	if (key_bits != 128 && lm_password_hash) {
		memcpy(key, lm_password_hash, 8); /* RFC 3079 2.1, 2.2 */
		return;
	}
	Get_Start_Key(challenge, nt_password_hash_hash, key);
	if (key_bits != 128)
		memset(key + 8, 0, 8);
}
