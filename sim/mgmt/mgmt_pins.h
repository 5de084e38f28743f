/*
 * The pins of the management subsystem's simulation top (tb_mgmt_top.v), as
 * plain C: the thin C++ shim (tb_mgmt.cpp) copies them to and from the
 * Verilated model once per clock, so every test harness is written in C.
 * The struct (build/gen/mgmt_pins_gen.h) is written at build time
 * from the ports
 * (sim/gen_pins.py): inputs are sampled at the next rising edge, outputs
 * read after it; recovery is SYS RECOVERY (bit 31 update image runs, 23:16
 * lockup, 15:0 watchdog resets).
 */
#ifndef MGMT_PINS_H
#define MGMT_PINS_H

#include <stdint.h>

#include "mgmt_pins_gen.h"

#ifdef __cplusplus
extern "C" {
#endif
/* Passes plusargs (+imem=FILE, +trace) to the model (sim/mgmt/tb_mgmt.cpp, on
 * sim/vl_wrap.h). */
void tb_open(int argc, char **argv);
/* One clock: inputs in, rising edge, outputs out. */
void tb_cycle(struct mgmt_pins *p);
uint64_t tb_cycles(void);
void tb_close(void);
#ifdef __cplusplus
}
#endif

#endif
