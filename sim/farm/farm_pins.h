/*
 * The pins of hdl/mppe_farm.v (the engine farm) as a plain C struct for
 * sim/farm/tb_farm.c. fm_eval() sets the inputs and returns the outputs as
 * they are before the next rising edge; fm_cycle() does the same, then runs
 * the edge.
 */
#ifndef FARM_PINS_H
#define FARM_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fm_pins {
	/* inputs */
	uint8_t rst_n, in_valid, out_ready, ctx_we, ctx_valid, ctx_dir, ctx_kb;
	uint64_t in_data;
	uint16_t ctx_flow, ctx_first_cc;
	uint8_t ctx_start_key[16];   /* octet n in bits [8n+7:8n] */
	/* outputs */
	uint8_t in_ready, out_valid, ctx_ready;
	uint64_t out_data;
};

void fm_open(int argc, char **argv);
void fm_eval(struct fm_pins *p);
void fm_cycle(struct fm_pins *p);
void fm_close(void);
/* the model's parameters (LANES, UNITS, UNIT_CH, NUM_FLOWS; LANE_RC4_DUAL
 * in bit 0 of fm_rc4_dual(), UNIT_RC4_DUAL in bit 1), built into the harness */
unsigned fm_lanes(void);
unsigned fm_units(void);
unsigned fm_unit_ch(void);
unsigned fm_flows(void);
unsigned fm_rc4_dual(void);

#ifdef __cplusplus
}
#endif

#endif
