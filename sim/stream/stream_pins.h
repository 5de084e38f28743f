/*
 * The pins of hdl/mppe_stream.v (the engine's byte stream) as a plain C
 * struct for sim/stream/tb_stream.c. st_cycle() sets the inputs, evaluates
 * (the outputs are then as they are before the rising edge), then runs the
 * edge.
 * The struct (build/gen/stream_pins_gen.h) is written at build time
 * from the module's ports
 * (sim/gen_pins.py).
 */
#ifndef STREAM_PINS_H
#define STREAM_PINS_H

#include <stdint.h>

#include "stream_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void st_open(int argc, char **argv);
void st_eval(struct st_pins *p);
void st_cycle(struct st_pins *p);
void st_close(void);

#ifdef __cplusplus
}
#endif

#endif
