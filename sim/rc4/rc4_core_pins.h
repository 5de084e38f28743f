/*
 * The pins of rc4_core (hdl/rc4_core.v) as a plain C struct for the C test
 * bench sim/rc4/tb_rc4_core.c. rc4c_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; rc4c_cycle() does the
 * same, then runs the edge.
 */
#ifndef RC4_CORE_PINS_H
#define RC4_CORE_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rc4c_pins {
	/* inputs */
	uint8_t rst_n, ksa_start, key_len, ks_next;
	uint8_t key[16];                /* key_i: octet n in bits [8n+7:8n] */
	uint8_t ld_we, ld_addr, rd_addr, ij_we;
	uint64_t ld_data;               /* S[8a+b] in bits [8b+7:8b] */
	uint16_t ij;                    /* {j, i} */
	/* outputs */
	uint8_t busy, ks;
	uint64_t rd_data;
	uint16_t ij_o;
};

void rc4c_open(int argc, char **argv);
void rc4c_eval(struct rc4c_pins *p);
void rc4c_cycle(struct rc4c_pins *p);
void rc4c_close(void);

#ifdef __cplusplus
}
#endif

#endif
