/*
 * The pins of sha1_iter (hdl/sha1_iter.v) as a plain C struct for the C test
 * bench sim/sha1/tb_sha1.c. sha1_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; sha1_cycle() does the
 * same, then runs the edge.
 * The struct (build/gen/sha1_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef SHA1_PINS_H
#define SHA1_PINS_H

#include <stdint.h>

#include "sha1_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void sha1_open(int argc, char **argv);
void sha1_eval(struct sha1_pins *p);
void sha1_cycle(struct sha1_pins *p);
void sha1_close(void);

#ifdef __cplusplus
}
#endif

#endif
