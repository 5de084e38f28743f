/*
 * The pins of hdl/mppe_farm.v (the engine farm) as a plain C struct for
 * sim/farm/tb_farm.c. fm_eval() sets the inputs and returns the outputs as
 * they are before the next rising edge; fm_cycle() does the same, then runs
 * the edge.
 * The struct (build/gen/farm_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef FARM_PINS_H
#define FARM_PINS_H

#include <stdint.h>

#include "farm_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

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
