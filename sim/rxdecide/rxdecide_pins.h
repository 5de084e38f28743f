/*
 * The pins of hdl/mppe_rxdecide.v (the engine's receive-decision unit,
 * combinational) as a plain C struct for sim/rxdecide/tb_rxdecide.c.
 * rd_eval() sets the inputs and returns the outputs.
 * The struct (build/gen/rxdecide_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef RXDECIDE_PINS_H
#define RXDECIDE_PINS_H

#include <stdint.h>

#include "rxdecide_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void rd_open(int argc, char **argv);
void rd_eval(struct rd_pins *p);
void rd_close(void);

#ifdef __cplusplus
}
#endif

#endif
