/*
 * MPPE for one direction of one session ("a flow"): the reference engine.
 *
 * This is the bit-exact model that every other engine (the simulated card,
 * a real card) is checked against, and the body of the software backend.
 * Packet formats (RFC 3078 section 3.1):
 *
 *   plaintext  = PPP protocol (2 octets, 0x0021..0x00FA) + data
 *   ciphertext = MPPE header (2 octets: A B C D + 12-bit coherency count)
 *                + RC4(protocol + data)
 *
 * The outer PPP protocol 0x00FD is the caller's business.
 *
 * Where this engine departs from the RFC text it follows what deployed peers
 * (Linux ppp_mppe, Windows) do, and says so where it happens (mppe_flow.c).
 * The one that matters on the wire: bit A ("flushed") is set exactly on the
 * packets before which the sender changed its key, and a receiver changes its
 * key on every flushed packet; a CCP Reset-Request therefore costs one key
 * change on both sides.
 */
#ifndef MPPE_MPPE_H
#define MPPE_MPPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/rc4.h>

#include "mppe/crypto.h"

#include "mppe_codes.h"

#define MPPE_HDR_LEN          2
#define MPPE_MAX_KEY_LEN      16
#define MPPE_CCOUNT_SPACE     4096u        /* RFC 3078 3.1: 12-bit count */
#define MPPE_CCOUNT_MASK      0x0FFFu
#define MPPE_HALF_WINDOW      2048u        /* stateful: forward jumps below this are loss */
/* Stateless: a count at most this far behind the last good one is late (a
 * reordered or duplicated packet); every other one is ahead, i.e. loss, and
 * caught up with key changes (RFC 3078 8.1). Half the space, as stateful
 * mode and Linux use, cut a stateless session off after ~1,400 packets lost
 * in a row; 256 behind is far beyond any reordering the GRE layer lets
 * through (its window, RFC 2637 4.2.2), and forward jumps up to 3,839 are
 * then loss. hdl/mppe_rxdecide.v makes the same decision. */
#define MPPE_LATE_WINDOW      256u
#define MPPE_MAX_PAYLOAD      2048u        /* plaintext bytes per packet (protocol + data) */
#define MPPE_MIN_CIPHERTEXT   2u           /* at least a protocol field */

/* Header bits, first octet (RFC 3078 3.1) */
#define MPPE_BIT_A            0x80u        /* FLUSHED */
#define MPPE_BIT_B            0x40u
#define MPPE_BIT_C            0x20u        /* MPPC compressed: never set by MPPE */
#define MPPE_BIT_D            0x10u        /* ENCRYPTED */

/* Sanity score, as Linux ppp_mppe keeps it: +100 per bogus header, halved on
 * every good packet; at or above the fatal level the PPP layer should take
 * the link down. */
#define MPPE_SANITY_PENALTY   100u
#define MPPE_SANITY_FATAL     1600u

/* Default bound on key changes one received packet may cost (stateless
 * forward jumps). Work beyond it is kept (see mppe_flow.c, "lookahead") so a
 * genuine long outage still resynchronises a few packets later. */
#define MPPE_DEFAULT_MAX_REKEYS 128u
/* The largest bound a flow may ask for: what one forged packet may cost
 * (about 0.3 ms of one core, or 256 x ~700 clocks of a card engine). */
#define MPPE_MAX_REKEYS_LIMIT   256u

/* Stateful resynchronisation: how many flushed packets of the sender may
 * have been lost (each a key change the receiver cannot see) before the one
 * that arrives. Each is one more trial key on that packet. */
#define MPPE_RESYNC_EXTRA     3u

enum mppe_dir { MPPE_DIR_TX = 0, MPPE_DIR_RX = 1 };

struct mppe_flow_params {
	enum mppe_dir dir;
	unsigned key_bits;            /* 40, 56 or 128 */
	bool stateful;                /* false: stateless ("historyless", H bit) */
	uint8_t start_key[MPPE_MAX_KEY_LEN]; /* RFC 3079 MasterSendKey/MasterReceiveKey; 8 or 16 octets used */
	uint16_t first_ccount;        /* coherency count of the first packet; 0 on a new CCP session */
	uint16_t max_rekeys;          /* rx: key changes per packet, 0 = default, at most MPPE_MAX_REKEYS_LIMIT */
	bool accept_pfc;              /* rx: a one-octet (PFC) protocol inside MPPE is plausible.
	                               * Linux and Windows always send two octets; leave false. */
	bool verify_ipv4;             /* rx: only IPv4 is plausible, and only with a valid header
	                               * (mppe_plausible_ipv4): a forged header then moves no state
	                               * but about once in 2^40 tries, not once in ~600. Software
	                               * engine only: the card checks the protocol field alone. */
	bool verify_ipv6_too;         /* with verify_ipv4: IPv6 (0x0057) with a whole header is
	                               * plausible as well (mppe_plausible_ip; sessions with IPv6) */
	uint16_t rekey_base;          /* rx stateless, software engine only; 0 = off. Key changes a
	                               * packet may always spend; more (up to max_rekeys) only from
	                               * a credit that good packets earn (rekey_base each, at most
	                               * MPPE_REKEY_CREDIT_MAX banked). Forged packets drain the credit and
	                               * then cost rekey_base each; a genuine outage after normal
	                               * traffic still resynchronises at once. The card ignores it:
	                               * its key changes cost no host CPU. */
};

/* The most key changes a stateless rx flow with rekey_base banks from its
 * good packets (rekey_base each): what an outage after normal traffic may
 * catch up beyond rekey_base per packet, max_rekeys at a time. A forged
 * stream drains it once and then costs rekey_base a packet. */
#define MPPE_REKEY_CREDIT_MAX   2048u

/* The rekey_base a daemon facing the Internet gives its rx flows: a forged
 * packet then costs about what a genuine one does (BENCH mppe_forged), and a
 * genuine outage with the credit drained still catches up rekey_base - 1
 * packets per packet. */
#define MPPE_HARDENED_REKEY_BASE 3u

struct mppe_flow;
/*
 * A flow run elsewhere (a card), as its host follows it from the
 * completions: enough to continue it in software when the card fails
 * (mppe_flow_init_resume; driver/card/multi.c keeps one per flow and
 * driver/shadow.c moves it).
 */
struct mppe_shadow {
	uint8_t session_key[MPPE_MAX_KEY_LEN];
	uint16_t ccount;              /* last count sent / last good count received */
	uint32_t stream;              /* stateful: octets through the RC4 tables since the last key change */
	bool discarding;              /* rx stateful: waiting for a flushed packet */
	uint16_t unsure;              /* rx stateful: key changes the host may have missed (a resync
	                               * that needed extra trial keys, RFC 3078 8.2); at most
	                               * MPPE_RESYNC_EXTRA each */
};
/* One RFC 3078 7.3 key change of `key` in place. */
void mppe_key_change(const uint8_t *start_key, unsigned key_bits, uint8_t *key);
/* The state of a new flow (session key from the start key, count before
 * first_ccount). */
void mppe_shadow_init(struct mppe_shadow *t, const struct mppe_flow_params *p);
/* A flow that continues where `t` says. tx: exactly, and stateful ones flush
 * (bit A) on their next packet, since a CCP Reset-Request may have been lost
 * with the card; rx stateless: exactly; rx stateful: discarding until a
 * flushed packet (the PPP layer sends a CCP Reset-Request on the first
 * packet it drops, RFC 3078 8.2). */
/* Follows one encrypt (tx) or decrypt (rx) completion of the flow: its
 * status, whether it was flushed (MPPE_CF_FLUSHED), whether the engine asked
 * for a Reset-Request (MPPE_CF_RESET_REQUEST), its count, and its plaintext
 * length (protocol + data). Costs the key changes the engine made. */
void mppe_shadow_track(struct mppe_shadow *t, const struct mppe_flow_params *p, unsigned status,
		       bool flushed, bool reset_request, uint16_t ccount, unsigned len);
int mppe_flow_init_resume(struct mppe_flow *f, const struct mppe_flow_params *p, const struct mppe_shadow *t);
/* enum mppe_status, the result of one operation, is in mppe_codes.h,
 * generated from contract/mppe_codes.txt: the RTL engine and the card return the
 * same values. */

const char *mppe_status_name(enum mppe_status st);

/* Per-flow counters with the meanings of Cisco's `show ppp mppe` fields. */
struct mppe_counters {
	uint64_t packets;             /* tx: packets encrypted; rx: packets decrypted */
	uint64_t bytes;               /* payload octets in those packets */
	uint64_t key_changes;         /* tx/rx key changes */
	uint64_t ccp_resets;          /* tx: CCP resets received (applied); rx: CCP resets requested */
	uint64_t rx_dropped;          /* rx: every packet not delivered */
	uint64_t rx_out_of_order;     /* rx: late and duplicate packets */
	uint64_t rx_missed;           /* rx: packets inferred lost from coherency gaps (not counted while discarding) */
	uint64_t rx_rekey_limited;    /* rx: packets dropped by the key-change bound */
	uint64_t rx_implausible;      /* rx: trial decryptions rejected */
	uint64_t sanity_errors;       /* rx: bogus headers */
	uint32_t sanity_score;        /* decaying score, see MPPE_SANITY_* */
	uint16_t next_ccount;         /* tx: next count to send; rx: next count expected */
	uint8_t discarding;           /* rx stateful: waiting for a flushed packet */
	uint8_t key_bits;
	uint8_t stateful;
	uint8_t dir;
};

/* Reference flow state. Opaque in spirit; public so that backends can embed it. */
struct mppe_flow {
	struct mppe_flow_params p;
	unsigned key_len;             /* 8 or 16 */
	uint8_t start_key[MPPE_MAX_KEY_LEN];
	uint8_t session_key[MPPE_MAX_KEY_LEN];
	uint16_t ccount;              /* last count sent / last good count received */
	bool flush_pending;           /* tx: CCP Reset-Request seen, rekey before next packet */
	bool discarding;              /* rx stateful */
	bool lookahead_valid;         /* rx stateless: a later key already computed */
	uint16_t lookahead_ccount;
	uint8_t lookahead_key[MPPE_MAX_KEY_LEN];
	uint16_t rekey_credit;        /* rx: see rekey_base */
	uint16_t resync_extra;        /* rx stateful: more trial keys on the next resync (a resumed flow) */
	struct mppe_counters c;
	RC4_KEY rc4;                  /* OpenSSL's RC4 state: see crypto.c for why */
};

/* Returns 0, or -1 with errno EINVAL for bad parameters. */
int mppe_flow_init(struct mppe_flow *f, const struct mppe_flow_params *p);
/* Wipes key material (explicit_bzero). */
void mppe_flow_wipe(struct mppe_flow *f);

/*
 * Encrypt in[0..in_len) (protocol + data) into out (header + ciphertext,
 * in_len + 2 octets). out may equal in - 2 (in place with headroom);
 * otherwise the buffers must not overlap.
 */
enum mppe_status mppe_flow_encrypt(struct mppe_flow *f, const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_cap, size_t *out_len);
/*
 * Two encryptions at once: a's then b's, with exactly the results (output,
 * statuses, flow state and counters) of mppe_flow_encrypt on a and then on
 * b; fa and fb may be the same flow. When both are stateless transmit flows
 * and both packets are good, their RC4 passes run interleaved
 * (crypto_rc4_pair), which costs much less than two after another; else
 * the two run one after the other. a's and b's buffers must not overlap
 * (each may be in place as above).
 */
void mppe_flow_encrypt_pair(struct mppe_flow *fa, const uint8_t *in_a, size_t len_a, uint8_t *out_a, size_t cap_a,
			    size_t *out_len_a, enum mppe_status *st_a,
			    struct mppe_flow *fb, const uint8_t *in_b, size_t len_b, uint8_t *out_b, size_t cap_b,
			    size_t *out_len_b, enum mppe_status *st_b);
/*
 * Decrypt in[0..in_len) (header + ciphertext) into out (protocol + data,
 * in_len - 2 octets). out may equal in + 2 (in place); otherwise no overlap.
 * On any status but MPPE_OK the flow's receive state is unchanged except for
 * counters, the sanity score and (stateful) entering the discard state.
 */
enum mppe_status mppe_flow_decrypt(struct mppe_flow *f, const uint8_t *in, size_t in_len,
				   uint8_t *out, size_t out_cap, size_t *out_len);
/*
 * mppe_flow_decrypt in two steps, so that two stateless packets' longest
 * part, the RC4 pass over all but their first octets, can run interleaved
 * (crypto_rc4s_pair). mppe_flow_decrypt_begin decides, changes keys, checks
 * the packet's head and updates the flow exactly as mppe_flow_decrypt, but
 * on a stateless flow it may leave the rest of out unwritten and its pass
 * in rest (rest->len > 0); mppe_rx_rest_run then runs a's and b's (either
 * may be empty), interleaved when both are there, and wipes both. Until
 * then out is not complete. a's and b's buffers must not overlap.
 */
struct mppe_rx_rest {
	struct crypto_rc4_state st;
	const uint8_t *in;
	uint8_t *out;
	size_t len;
};
enum mppe_status mppe_flow_decrypt_begin(struct mppe_flow *f, const uint8_t *in, size_t in_len,
					 uint8_t *out, size_t out_cap, size_t *out_len, struct mppe_rx_rest *rest);
void mppe_rx_rest_run(struct mppe_rx_rest *a, struct mppe_rx_rest *b);
/*
 * What mppe_flow_decrypt does with a received packet, decided on its MPPE
 * header (octets hdr0, hdr1) and the flow's state alone, before any key is
 * touched: drop it, change keys to its count (stateless, RFC 3078 8.1), go
 * on with the same tables, or try the keys lo..hi changes on (stateful, RFC
 * 3078 8.2). The card's engine makes the same decision in its receive-
 * decision unit (hdl/mppe_rxdecide.v); sim/rxdecide/tb_rxdecide.c compares
 * the two over every header and count.
 */
enum mppe_rx_action {
	MPPE_RX_DROP = 0,             /* drop with .status (and .discard) */
	MPPE_RX_CHANGE = 1,           /* stateless: .dist key changes from the session key */
	MPPE_RX_SAME_KEY = 2,         /* stateful, in order, not flushed: the same tables */
	MPPE_RX_TRY = 3,              /* stateful: trial keys .lo to .hi changes on */
};
struct mppe_rx_decision {
	enum mppe_rx_action action;
	enum mppe_status status;      /* MPPE_RX_DROP: why */
	unsigned dist;                /* the packet's count minus the flow's, modulo 4096 */
	unsigned lo, hi;              /* MPPE_RX_TRY (a resumed flow adds its resync_extra to hi) */
	bool discard;                 /* MPPE_RX_DROP: loss, enter the discard state (.dist - 1 missed) */
};
struct mppe_rx_decision mppe_rx_decide(bool stateful, bool discarding, uint16_t ccount, uint8_t hdr0,
				       uint8_t hdr1);
/* tx: the peer sent a CCP Reset-Request. rx: MPPE_ERR_BAD_OP. */
enum mppe_status mppe_flow_reset(struct mppe_flow *f);
void mppe_flow_counters(const struct mppe_flow *f, struct mppe_counters *out);

/* The protocol-field check applied to every decrypted packet: the plaintext
 * must start with a protocol MPPE carries (RFC 3078 section 3: 0x0021 to
 * 0x00FA) as two octets, or, with pfc, compressed to one (RFC 1661 6.5).
 * A random two-octet field passes with probability 109/65536 (0.17%); a
 * one-octet one with 109/256, which is why PFC is off unless asked for. */
bool mppe_plausible_protocol(const uint8_t *pt, size_t len, bool pfc);
/* pt: a decrypted two-octet protocol field and its payload. True when the
 * protocol is IPv4 (0x0021) and the payload starts with a valid IPv4 header:
 * version 4, header length 20..60 within the payload, total length from the
 * header length to the payload's, header checksum right (RFC 791). */
bool mppe_plausible_ipv4(const uint8_t *pt, size_t len);
/* The same, or (allow6) protocol 0x0057 then an IPv6 header whose version
 * is 6 and whose payload length fits in len (about 1 forged packet in 2^25
 * passes: protocol, version and length; IPv6 has no header checksum). */
bool mppe_plausible_ip(const uint8_t *pt, size_t len, bool allow6);

#endif
