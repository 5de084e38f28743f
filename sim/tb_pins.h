/*
 * The pins of mppe_top (docs/engine-streams.md) as a plain C struct: the C
 * test bench sets the inputs, tb_cycle() runs one clock and returns the
 * outputs as they were just before the rising edge (so a handshake is
 * "valid && ready" on the returned values).
 */
#ifndef TB_PINS_H
#define TB_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tb_pins {
	/* inputs */
	uint8_t rst_n;
	uint8_t in_valid, in_op, in_last;
	uint32_t in_tag, in_flow;
	uint16_t in_len;
	uint64_t in_data;
	uint8_t out_ready;
	uint8_t ctx_req_valid, ctx_req_cmd, ctx_req_dir, ctx_req_stateful, ctx_req_key_bits;
	uint32_t ctx_req_flow;
	uint8_t ctx_req_start_key[16];
	uint16_t ctx_req_first_ccount, ctx_req_max_rekeys;
	uint8_t ctx_req_accept_pfc;
	uint8_t ctx_rsp_ready;
	/* outputs */
	uint8_t ready, in_ready;
	uint8_t out_valid, out_op, out_status, out_flags, out_last;
	uint32_t out_tag, out_flow;
	uint16_t out_ccount, out_len;
	uint64_t out_data;
	uint8_t ctx_req_ready, ctx_rsp_valid, ctx_rsp_status;
	uint64_t rsp_packets, rsp_bytes, rsp_key_changes;
	uint32_t rsp_ccp_resets, rsp_rx_dropped, rsp_rx_out_of_order, rsp_rx_missed;
	uint32_t rsp_rx_rekey_limited, rsp_rx_implausible, rsp_sanity_errors, rsp_sanity_score;
	uint16_t rsp_next_ccount;
	uint8_t rsp_discarding, rsp_key_bits, rsp_stateful, rsp_dir;
	uint32_t engine_busy;
	uint8_t in_framing_error;
};

/* wave: NULL, or an FST file to write (needs a build with RTL_WAVES=1). */
int tb_open(int argc, char **argv, const char *wave);
void tb_cycle(struct tb_pins *p);
uint64_t tb_cycles(void);
unsigned tb_num_engines(void);
unsigned tb_num_flows(void);
void tb_close(void);

#ifdef __cplusplus
}
#endif

#endif
