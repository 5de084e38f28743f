/*
 * The pins of rc4_core (hdl/rc4_core.v) as a plain C struct for the C test
 * bench sim/rc4/tb_rc4_core.c. rc4c_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; rc4c_cycle() does the
 * same, then runs the edge.
 * The struct (build/gen/rc4_core_pins_gen.h) is written at build time
 * from the ports
 * (sim/gen_pins.py): ld_data holds S[8a+b] in bits [8b+7:8b], ij is {j, i}.
 */
#ifndef RC4_CORE_PINS_H
#define RC4_CORE_PINS_H

#include <stdint.h>

#include "rc4_core_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void rc4c_open(int argc, char **argv);
void rc4c_eval(struct rc4c_pins *p);
void rc4c_cycle(struct rc4c_pins *p);
void rc4c_close(void);

#ifdef __cplusplus
}
#endif

#endif
