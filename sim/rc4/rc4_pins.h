/*
 * The pins of rc4_bram (hdl/rc4_bram.v) as a plain C struct for the C test
 * bench sim/rc4/tb_rc4.c. rc4_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; rc4_cycle() does the
 * same, then runs the edge.
 */
#ifndef RC4_PINS_H
#define RC4_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rc4_pins {
	/* inputs */
	uint8_t rst_n, ksa_start, key_len, ks_next;
	uint8_t key[16];
	uint8_t ld_we, ld_addr, ld_data, rd_en, rd_addr, ij_we;
	uint16_t ij;
	/* outputs */
	uint8_t busy, ready, ks, rd_data;
	uint16_t ij_o;
};

void rc4_open(int argc, char **argv);
void rc4_eval(struct rc4_pins *p);
void rc4_cycle(struct rc4_pins *p);
void rc4_close(void);

#ifdef __cplusplus
}
#endif

#endif
