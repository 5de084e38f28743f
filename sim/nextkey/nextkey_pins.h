/*
 * The pins of sim/nextkey/nextkey_tb_top.v (the key-change unit as the
 * next-key precompute, u_dut, and as the engine's own key changes, u_ck) as
 * a plain C struct for sim/nextkey/tb_nextkey.c.
 * nk_eval() sets the inputs and returns the outputs as they are before the
 * next rising edge; nk_cycle() does the same, then runs the edge.
 * The struct (build/gen/nextkey_pins_gen.h) is written at build time
 * from the ports
 * (sim/gen_pins.py): ck_* are u_ck's, ck_key the caller's register.
 */
#ifndef NEXTKEY_PINS_H
#define NEXTKEY_PINS_H

#include <stdint.h>

#include "nextkey_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif

void nk_open(int argc, char **argv);
void nk_eval(struct nk_pins *p);
void nk_cycle(struct nk_pins *p);
void nk_close(void);

#ifdef __cplusplus
}
#endif

#endif
