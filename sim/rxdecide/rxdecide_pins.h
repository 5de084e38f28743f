/*
 * The pins of hdl/mppe_rxdecide.v (the engine's receive-decision unit,
 * combinational) as a plain C struct for sim/rxdecide/tb_rxdecide.c.
 * rd_eval() sets the inputs and returns the outputs.
 */
#ifndef RXDECIDE_PINS_H
#define RXDECIDE_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rd_pins {
	/* inputs */
	uint8_t stateful, discarding, hdr0, hdr1;
	uint16_t ccount;
	/* outputs */
	uint8_t action, status, discard, lo, hi;
	uint16_t dist;
};

void rd_open(int argc, char **argv);
void rd_eval(struct rd_pins *p);
void rd_close(void);

#ifdef __cplusplus
}
#endif

#endif
