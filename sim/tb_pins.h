/*
 * The pins of mppe_top (docs/engine-streams.md) as a plain C struct: the C
 * test bench sets the inputs, tb_cycle() runs one clock and returns the
 * outputs as they were just before the rising edge (so a handshake is
 * "valid && ready" on the returned values).
 * The struct (build/gen/tb_pins_gen.h) is written at build time from
 * mppe_top's ports (sim/gen_pins.py); the context port's words ctx_req and
 * ctx_rsp (contract/mppe_ctx_bus.txt) are set and read with
 * MPPE_CTX_REQ_SET and MPPE_CTX_RSP_GET.
 */
#ifndef TB_PINS_H
#define TB_PINS_H

#include <stdint.h>

#include "tb_pins_gen.h"

#include "mppe_ctx_bus.h"

#ifdef __cplusplus
extern "C" {
#endif

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
