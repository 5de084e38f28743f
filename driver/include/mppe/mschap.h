/*
 * MS-CHAP version 1 (RFC 2433) and version 2 (RFC 2759), both sides.
 * Function names follow the RFC pseudo-code. Passwords are given as UTF-8
 * and converted to the UTF-16LE the RFCs hash (at most 256 characters).
 * Callers wipe what they pass in; these functions wipe what they make.
 */
#ifndef MPPE_MSCHAP_H
#define MPPE_MSCHAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAP_MAX_PASSWORD_CHARS 256          /* RFC 2759 section 8.1 */
#define MSCHAP_AUTH_RESPONSE_LEN  42           /* "S=" + 40 hex digits */

/* UTF-8 -> UTF-16LE. Returns the octet count, or -1 for invalid UTF-8 or too long. */
int mschap_password_utf16(const char *utf8, uint8_t out[2 * MSCHAP_MAX_PASSWORD_CHARS]);

/* RFC 2759 8.3 (same as RFC 2433 A.8): MD4 of the UTF-16LE password. -1 on a bad password. */
int NtPasswordHash(const char *password, uint8_t password_hash[16]);
/* RFC 2759 8.4 */
void HashNtPasswordHash(const uint8_t password_hash[16], uint8_t password_hash_hash[16]);
/* RFC 2759 8.2. user_name is without any "DOMAIN\" prefix (see mschap_strip_domain). */
void ChallengeHash(const uint8_t peer_challenge[16], const uint8_t authenticator_challenge[16],
		   const char *user_name, uint8_t challenge[8]);
/* RFC 2759 8.5 / RFC 2433 A.5 */
void ChallengeResponse(const uint8_t challenge[8], const uint8_t password_hash[16],
		       uint8_t response[24]);
/* RFC 2759 8.6: DES key with odd parity from 7 octets */
void mschap_des_key(const uint8_t in7[7], uint8_t out8[8]);

/* RFC 2759 8.1 */
int GenerateNTResponse(const uint8_t authenticator_challenge[16], const uint8_t peer_challenge[16],
		       const char *user_name, const char *password, uint8_t nt_response[24]);
/* Same, from a stored NT password hash (e.g. a hashed user database). */
void GenerateNTResponseFromHash(const uint8_t authenticator_challenge[16],
				const uint8_t peer_challenge[16], const char *user_name,
				const uint8_t password_hash[16], uint8_t nt_response[24]);
/* RFC 2759 8.7: the 42-octet "S=<40 uppercase hex>" string (not NUL-terminated). */
void GenerateAuthenticatorResponse(const uint8_t password_hash[16], const uint8_t nt_response[24],
				   const uint8_t peer_challenge[16],
				   const uint8_t authenticator_challenge[16], const char *user_name,
				   uint8_t auth_response[MSCHAP_AUTH_RESPONSE_LEN]);
/* RFC 2759 8.8: constant-time compare of a received authenticator response. */
bool CheckAuthenticatorResponse(const uint8_t password_hash[16], const uint8_t nt_response[24],
				const uint8_t peer_challenge[16],
				const uint8_t authenticator_challenge[16], const char *user_name,
				const uint8_t *received, size_t received_len);

/* RFC 2433 A.2: NtChallengeResponse */
int NtChallengeResponse(const uint8_t challenge[8], const char *password, uint8_t response[24]);
/* RFC 2433 A.3/A.4: LmPasswordHash (uppercased, OEM, 14 octets max) */
int LmPasswordHash(const char *password, uint8_t password_hash[16]);

/* RFC 2759 section 4: only the user name, without a prepended domain, is hashed. */
const char *mschap_strip_domain(const char *user_name);

/* Constant-time memory compare. */
bool mschap_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif
