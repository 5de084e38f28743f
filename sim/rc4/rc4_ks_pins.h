/*
 * The pins of rc4_ks (hdl/rc4_ks.v: the farm's keystream-only RC4 core) as
 * a plain C struct for sim/rc4/tb_rc4_ks.c. rc4ks_eval() sets the inputs
 * and returns the outputs as they are before the next rising edge;
 * rc4ks_cycle() does the same, then runs the edge.
 * The struct (build/gen/rc4_ks_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef RC4_KS_PINS_H
#define RC4_KS_PINS_H

#include <stdint.h>

#include "rc4_ks_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void rc4ks_open(int argc, char **argv);
void rc4ks_eval(struct rc4_ks_pins *p);
void rc4ks_cycle(struct rc4_ks_pins *p);
void rc4ks_close(void);

#ifdef __cplusplus
}
#endif

#endif
