/*
 * The pins of hdl/hif_regs.v (the host interface's register file and
 * doorbells) at NQ = 2, as a plain C struct for sim/hifregs/tb_hif_regs.c:
 * hr_cycle() applies the inputs, reads the outputs that follow and gives
 * one rising edge.
 * The struct (build/gen/hifregs_pins_gen.h) is written at build time
 * from the ports
 * (sim/gen_pins.py): sq_head, cq_tail and the rest hold queue 0 in [15:0],
 * queue 1 in [31:16].
 */
#ifndef HIFREGS_PINS_H
#define HIFREGS_PINS_H

#include <stdint.h>

#include "hifregs_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void hr_open(int argc, char **argv);
void hr_eval(struct hr_pins *p);
void hr_cycle(struct hr_pins *p);
void hr_close(void);

#ifdef __cplusplus
}
#endif

#endif
