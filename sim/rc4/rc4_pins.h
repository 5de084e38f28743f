/*
 * The pins of rc4_bram (hdl/rc4_bram.v) as a plain C struct for the C test
 * bench sim/rc4/tb_rc4.c. rc4_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; rc4_cycle() does the
 * same, then runs the edge.
 * The struct (build/gen/rc4_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef RC4_PINS_H
#define RC4_PINS_H

#include <stdint.h>

#include "rc4_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void rc4_open(int argc, char **argv);
void rc4_eval(struct rc4_pins *p);
void rc4_cycle(struct rc4_pins *p);
void rc4_close(void);

#ifdef __cplusplus
}
#endif

#endif
