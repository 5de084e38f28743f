/*
 * The pins of mppe_top (docs/engine-streams.md) as a plain C struct: the C
 * test bench sets the inputs, tb_cycle() runs one clock and returns the
 * outputs as they were just before the rising edge (so a handshake is
 * "valid && ready" on the returned values).
 */
#ifndef TB_PINS_H
#define TB_PINS_H

#include <stdint.h>

#include "mppe_ctx_bus.h"

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
	/* the context port's words (contract/mppe_ctx_bus.txt): fields set and
	 * read with MPPE_CTX_REQ_SET and MPPE_CTX_RSP_GET */
	uint8_t ctx_req_valid;
	uint32_t ctx_req[MPPE_CTX_REQ_WORDS];
	uint8_t ctx_rsp_ready;
	/* outputs */
	uint8_t ready, in_ready;
	uint8_t out_valid, out_op, out_status, out_flags, out_last;
	uint32_t out_tag, out_flow;
	uint16_t out_ccount, out_len;
	uint64_t out_data;
	uint8_t ctx_req_ready, ctx_rsp_valid;
	uint32_t ctx_rsp[MPPE_CTX_RSP_WORDS];
	uint32_t engine_busy;
	uint8_t in_framing_error;
};

/* wave: NULL, or an FST file to write (needs a build with RTL_WAVES=1).
 * The harness is sim/vl_wrap.h's (sim/tb_top.cpp). */
int tb_open_waves(int argc, char **argv, const char *wave);
void tb_eval(struct tb_pins *p);
void tb_cycle(struct tb_pins *p);
uint64_t tb_cycles(void);
unsigned tb_num_engines(void);
unsigned tb_num_flows(void);
void tb_close(void);

#ifdef __cplusplus
}
#endif

#endif
