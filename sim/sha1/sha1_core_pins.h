/*
 * The pins of sha1_core (hdl/sha1_core.v) as a plain C struct for the C test
 * bench sim/sha1/tb_sha1_core.c. sha1c_eval() sets the inputs and returns
 * the outputs as they are before the next rising edge; sha1c_cycle() does
 * the same, then runs the edge.
 * The struct (build/gen/sha1_core_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef SHA1_CORE_PINS_H
#define SHA1_CORE_PINS_H

#include <stdint.h>

#include "sha1_core_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void sha1c_open(int argc, char **argv);
void sha1c_eval(struct sha1c_pins *p);
void sha1c_cycle(struct sha1c_pins *p);
void sha1c_close(void);

#ifdef __cplusplus
}
#endif

#endif
