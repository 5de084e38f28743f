/* Generated from contract/mppe_codes.txt by contract/gen_contract.py. Do not edit. */
#ifndef MPPE_CODES_H
#define MPPE_CODES_H

#include <stddef.h>
#include <stdint.h>

/* Engine opcodes (the host's three, then the management core's self-tests) */
enum mppe_opcode {
	MPPE_OP_ENCRYPT = 0x1, /* tx flow: plaintext (protocol + data) -> header + ciphertext */
	MPPE_OP_DECRYPT = 0x2, /* rx flow: header + ciphertext -> plaintext */
	MPPE_OP_RESET = 0x3, /* tx flow: CCP Reset-Request received; in order with the packets */
	MPPE_OP_SELFTEST_RC4 = 0x4, /* management core only: RC4 keystream of a given key (RFC 6229 vectors) */
	MPPE_OP_SELFTEST_SHA1 = 0x5, /* management core only: SHA-1 of a given message (FIPS 180 vectors) */
};

/* Result of one operation */
enum mppe_status {
	MPPE_OK = 0x0, /* success */
	MPPE_DROP_DUPLICATE = 0x1, /* rx: same coherency count as the last good packet */
	MPPE_DROP_LATE = 0x2, /* rx: count behind (stateless: at most 256; stateful: or a jump of a half window or more) */
	MPPE_DROP_LOSS = 0x3, /* rx stateful: loss detected; send a CCP Reset-Request */
	MPPE_DROP_DISCARDING = 0x4, /* rx stateful: waiting for a flushed packet */
	MPPE_DROP_REKEY_LIMIT = 0x5, /* rx stateless: jump needs more key changes than allowed now */
	MPPE_DROP_IMPLAUSIBLE = 0x6, /* rx: decrypted protocol field is not one MPPE carries */
	MPPE_ERR_SHORT = 0x7, /* too short to hold a header and a protocol field */
	MPPE_ERR_NOT_ENCRYPTED = 0x8, /* rx: D bit clear */
	MPPE_ERR_NOT_FLUSHED = 0x9, /* rx: A bit missing where the mode requires it */
	MPPE_ERR_BAD_PROTOCOL = 0xA, /* tx: protocol outside 0x0021..0x00FA */
	MPPE_ERR_TOO_LONG = 0xB, /* longer than the engine's maximum payload */
	MPPE_ERR_BAD_FLOW = 0xC, /* no such flow, or wrong direction for the operation */
	MPPE_ERR_BAD_OP = 0xD, /* unknown opcode */
	MPPE_ERR_NO_SPACE = 0xE, /* output buffer too small */
	MPPE_ERR_DEVICE = 0xF, /* the backend failed (card error, reset, timeout) */
	MPPE_STATUS_COUNT
};

/* Completion flags (bits of mppe_completion.flags) */
enum mppe_completion_flag {
	MPPE_CF_FLUSHED = 0x1, /* the packet carried (tx) or had (rx) bit A */
	MPPE_CF_SANITY_FATAL = 0x2, /* the flow's sanity score reached MPPE_SANITY_FATAL */
	MPPE_CF_RESET_REQUEST = 0x4, /* rx: send a CCP Reset-Request now (loss, or stateful out of step) */
	MPPE_CF_STATE_MOVED = 0x8, /* host only, never set by the engine: rx refused (MPPE_DROP_IMPLAUSIBLE) by the host's IPv4 check after a card, which checks only the protocol field, had already committed its receive state; the card's flow is out of step and moves to software from its shadow */
};

/* Context port commands (mppe_ctx_port.v; the management core's flow commands) */
enum mppe_ctx_cmd {
	MPPE_CTX_CREATE = 0x1, /* make a flow: write its context and keys (refused if the flow exists) */
	MPPE_CTX_DESTROY = 0x2, /* end a flow: wipe its context and RC4 state (refused if no such flow) */
	MPPE_CTX_READ = 0x3, /* read a flow's context words (refused if no such flow) */
};

#endif
