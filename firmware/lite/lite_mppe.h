/*
 * MPPE (RFC 3078) with RFC 3079 keys, done by the firmware of the iCE40
 * board on its crypto units (lite_units.h): the key derivation, key changes,
 * a few flows each holding its keys, coherency count and RC4 position (its
 * S-box stays in the unit's slot), and packets with the MPPE header. What
 * the card's packet engine does in hardware, minus what a board without a
 * host never needs (counters, plausibility checks, resumed flows).
 */
#ifndef LITE_MPPE_H
#define LITE_MPPE_H

#include <stddef.h>
#include <stdint.h>

#include "lite_units.h"

#define LM_FLOWS LU_SLOTS     /* one flow per S-box slot */
#define LM_HDR_LEN 2u
#define LM_BIT_A 0x80u        /* FLUSHED (RFC 3078 section 3) */
#define LM_BIT_D 0x10u        /* ENCRYPTED */
/* Key changes one received packet may cost (a forged count must not buy a
 * second of work: each change is two SHA-1 blocks and two RC4 key
 * schedules, about 7,000 clocks); the driver's default (MPPE_DEFAULT_MAX_REKEYS) */
#define LM_MAX_REKEYS 128u

enum lm_status {
	LM_OK = 0,
	LM_ERR_ARG,           /* bad flow, direction, key size or length */
	LM_ERR_NOT_MPPE,      /* rx: D bit clear, or C set */
	LM_ERR_DISCARD,       /* rx: a repeated count; stateful: a gap, and this packet is not
	                       * FLUSHED; more than LM_MAX_REKEYS key changes (the flow is unchanged) */
};

struct lm_flow {
	uint8_t start_key[16];
	uint8_t session_key[16];
	uint8_t key_bits, key_len, stateful, rx, in_use;
	uint16_t ccount;      /* the last packet's */
	uint32_t rc4_pos;     /* the slot's i, j while another flow uses the unit */
};

/* a flow on slot f: first session key, RC4 keyed; first_ccount is the first packet's */
int lm_flow_open(unsigned f, const uint8_t *start_key, unsigned key_bits, int stateful, int rx,
		 unsigned first_ccount);
void lm_flow_close(unsigned f);
/* tx: in (protocol + data, len octets) to out (header + ciphertext, len + 2) */
enum lm_status lm_encrypt(unsigned f, const uint8_t *in, size_t len, uint8_t *out);
/* rx: in (header + ciphertext, len octets) to out (len - 2 octets) */
enum lm_status lm_decrypt(unsigned f, const uint8_t *in, size_t len, uint8_t *out);

#endif
