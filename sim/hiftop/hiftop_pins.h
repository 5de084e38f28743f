/*
 * The pins of hdl/hif_top.v (the host interface, HAS_MGMT=0) as a plain C
 * struct for sim/hiftop/tb_hif_stale.c: the BAR0 port, the DMA read and
 * write ports and the engine streams; the management-core side is tied off.
 * ht_eval() applies the inputs and reads the outputs with the clock low;
 * ht_cycle() does that and gives one rising edge.
 * The struct (build/gen/hiftop_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef HIFTOP_PINS_H
#define HIFTOP_PINS_H

#include <stdint.h>

#include "hiftop_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void ht_open(int argc, char **argv);
void ht_eval(struct ht_pins *p);
void ht_cycle(struct ht_pins *p);
void ht_close(void);

#ifdef __cplusplus
}
#endif

#endif
