/*
 * The bus pins of lite_crypto (hdl/lite/lite_crypto.v) for the C test bench
 * sim/lite/tb_lite_crypto.c: one register access per call, as the
 * management core makes it (request for one clock, the read data the clock
 * after); lite_idle() runs clocks with no request.
 */
#ifndef LITE_PINS_H
#define LITE_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void lite_open(int argc, char **argv);
void lite_reset(void);
void lite_write(uint32_t off, uint32_t v);
uint32_t lite_read(uint32_t off);
void lite_idle(unsigned clocks);
uint64_t lite_clocks(void);
void lite_close(void);

#ifdef __cplusplus
}
#endif

#endif
