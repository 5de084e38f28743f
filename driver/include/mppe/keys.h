/*
 * MPPE key derivation: RFC 3078 section 7.3 (GetNewKeyFromSHA) and RFC 3079
 * (start keys from MS-CHAP-1 and MS-CHAP-2 credentials). Function names
 * follow the RFC pseudo-code.
 *
 * A "start key" here is what RFC 3079 calls MasterSendKey/MasterReceiveKey
 * (MS-CHAP-2) or the LM/NT-derived key (MS-CHAP-1): the value given to
 * mppe_flow_init(), which derives the first session key from it.
 */
#ifndef MPPE_KEYS_H
#define MPPE_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 3078 7.3 / RFC 3079 2.4 Get_Key: interim = SHA1(start|pad1|session|pad2)[0..len) */
void GetNewKeyFromSHA(const uint8_t *start_key, const uint8_t *session_key, size_t len,
		      uint8_t *interim_key);

/* RFC 3079 3.4 */
void GetMasterKey(const uint8_t password_hash_hash[16], const uint8_t nt_response[24],
		  uint8_t master_key[16]);
void GetAsymmetricStartKey(const uint8_t master_key[16], uint8_t *session_key, size_t len,
			   bool is_send, bool is_server);

/* RFC 3079 2.3 Get_Start_Key (MS-CHAP-1, 128-bit) */
void Get_Start_Key(const uint8_t challenge[8], const uint8_t nt_password_hash_hash[16],
		   uint8_t initial_session_key[16]);

/* Key length in octets for 40/56/128 bits (8, 8, 16), 0 if unsupported. */
unsigned mppe_key_len(unsigned key_bits);
/* RFC 3079 2.1/2.2, RFC 3078 7.3: the "salt" that reduces an 8-octet key to 40 or 56 bits. */
void mppe_reduce_key(uint8_t *key, unsigned key_bits);

/*
 * Start keys for both directions of one session, from MS-CHAP-2
 * (RFC 3079 section 3): is_server selects the authenticator's view.
 */
void mppe_start_keys_mschapv2(const uint8_t password_hash_hash[16], const uint8_t nt_response[24],
			      unsigned key_bits, bool is_server,
			      uint8_t send_key[16], uint8_t recv_key[16]);
/*
 * Start key from MS-CHAP-1 (the same in both directions).
 * 128-bit: Get_Start_Key(challenge, NtPasswordHashHash) (RFC 3079 2.3).
 * 40/56-bit: RFC 3079 2.1/2.2 uses the first 8 octets of LmPasswordHash;
 * Windows NT and pppd use the first 8 octets of the 128-bit start key
 * instead (lm_hash == NULL selects that, the deployed behaviour).
 */
void mppe_start_key_mschapv1(const uint8_t challenge[8], const uint8_t nt_password_hash_hash[16],
			     const uint8_t *lm_password_hash, unsigned key_bits, uint8_t key[16]);

#endif
