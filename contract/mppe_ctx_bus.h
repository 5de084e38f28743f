/* Generated from contract/mppe_ctx_bus.txt by contract/gen_contract.py. Do not edit. */
#ifndef MPPE_CTX_BUS_H
#define MPPE_CTX_BUS_H

#include <stddef.h>
#include <stdint.h>

/* A field of a bus in 32-bit words, bit n in word n / 32 (a Verilator wide port) */
static inline uint64_t mppe_bus_get(const uint32_t *w, unsigned lsb, unsigned width)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)((w[(lsb + i) / 32] >> ((lsb + i) % 32)) & 1u) << i;
	return v;
}

static inline void mppe_bus_set(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)
{
	for (unsigned i = 0; i < width; i++) {
		uint32_t bit = 1u << ((lsb + i) % 32);

		w[(lsb + i) / 32] = (w[(lsb + i) / 32] & ~bit) | ((uint32_t)(v >> i) & 1u ? bit : 0u);
	}
}

/* Context port request (ctx_req) */
#define MPPE_CTX_REQ_W 185u
#define MPPE_CTX_REQ_WORDS 6u
#define MPPE_CTX_REQ_START_KEY_LSB 0u
#define MPPE_CTX_REQ_START_KEY_W 128u
#define MPPE_CTX_REQ_FLOW_LSB 128u
#define MPPE_CTX_REQ_FLOW_W 16u
#define MPPE_CTX_REQ_MAX_REKEYS_LSB 144u
#define MPPE_CTX_REQ_MAX_REKEYS_W 16u
#define MPPE_CTX_REQ_FIRST_CCOUNT_LSB 160u
#define MPPE_CTX_REQ_FIRST_CCOUNT_W 12u
#define MPPE_CTX_REQ_CMD_LSB 172u
#define MPPE_CTX_REQ_CMD_W 2u
#define MPPE_CTX_REQ_DIR_LSB 174u
#define MPPE_CTX_REQ_DIR_W 1u
#define MPPE_CTX_REQ_STATEFUL_LSB 175u
#define MPPE_CTX_REQ_STATEFUL_W 1u
#define MPPE_CTX_REQ_KEY_BITS_LSB 176u
#define MPPE_CTX_REQ_KEY_BITS_W 8u
#define MPPE_CTX_REQ_ACCEPT_PFC_LSB 184u
#define MPPE_CTX_REQ_ACCEPT_PFC_W 1u
#define MPPE_CTX_REQ_GET(w, F) mppe_bus_get((w), MPPE_CTX_REQ_##F##_LSB, MPPE_CTX_REQ_##F##_W)
#define MPPE_CTX_REQ_SET(w, F, v) mppe_bus_set((w), MPPE_CTX_REQ_##F##_LSB, MPPE_CTX_REQ_##F##_W, (v))

/* Context port response (ctx_rsp) */
#define MPPE_CTX_RSP_W 484u
#define MPPE_CTX_RSP_WORDS 16u
#define MPPE_CTX_RSP_PACKETS_LSB 0u
#define MPPE_CTX_RSP_PACKETS_W 64u
#define MPPE_CTX_RSP_BYTES_LSB 64u
#define MPPE_CTX_RSP_BYTES_W 64u
#define MPPE_CTX_RSP_KEY_CHANGES_LSB 128u
#define MPPE_CTX_RSP_KEY_CHANGES_W 64u
#define MPPE_CTX_RSP_CCP_RESETS_LSB 192u
#define MPPE_CTX_RSP_CCP_RESETS_W 32u
#define MPPE_CTX_RSP_RX_DROPPED_LSB 224u
#define MPPE_CTX_RSP_RX_DROPPED_W 32u
#define MPPE_CTX_RSP_RX_OUT_OF_ORDER_LSB 256u
#define MPPE_CTX_RSP_RX_OUT_OF_ORDER_W 32u
#define MPPE_CTX_RSP_RX_MISSED_LSB 288u
#define MPPE_CTX_RSP_RX_MISSED_W 32u
#define MPPE_CTX_RSP_RX_REKEY_LIMITED_LSB 320u
#define MPPE_CTX_RSP_RX_REKEY_LIMITED_W 32u
#define MPPE_CTX_RSP_RX_IMPLAUSIBLE_LSB 352u
#define MPPE_CTX_RSP_RX_IMPLAUSIBLE_W 32u
#define MPPE_CTX_RSP_SANITY_ERRORS_LSB 384u
#define MPPE_CTX_RSP_SANITY_ERRORS_W 32u
#define MPPE_CTX_RSP_SANITY_SCORE_LSB 416u
#define MPPE_CTX_RSP_SANITY_SCORE_W 32u
#define MPPE_CTX_RSP_NEXT_CCOUNT_LSB 448u
#define MPPE_CTX_RSP_NEXT_CCOUNT_W 12u
#define MPPE_CTX_RSP_DISCARDING_LSB 460u
#define MPPE_CTX_RSP_DISCARDING_W 1u
#define MPPE_CTX_RSP_KEY_BITS_LSB 464u
#define MPPE_CTX_RSP_KEY_BITS_W 8u
#define MPPE_CTX_RSP_STATEFUL_LSB 472u
#define MPPE_CTX_RSP_STATEFUL_W 1u
#define MPPE_CTX_RSP_DIR_LSB 473u
#define MPPE_CTX_RSP_DIR_W 1u
#define MPPE_CTX_RSP_STATUS_LSB 480u
#define MPPE_CTX_RSP_STATUS_W 4u
#define MPPE_CTX_RSP_GET(w, F) mppe_bus_get((w), MPPE_CTX_RSP_##F##_LSB, MPPE_CTX_RSP_##F##_W)
#define MPPE_CTX_RSP_SET(w, F, v) mppe_bus_set((w), MPPE_CTX_RSP_##F##_LSB, MPPE_CTX_RSP_##F##_W, (v))

#endif
