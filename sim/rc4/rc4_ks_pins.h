/*
 * The pins of rc4_ks (hdl/rc4_ks.v: the farm's keystream-only RC4 core) as
 * a plain C struct for sim/rc4/tb_rc4_ks.c. rc4ks_eval() sets the inputs
 * and returns the outputs as they are before the next rising edge;
 * rc4ks_cycle() does the same, then runs the edge.
 */
#ifndef RC4_KS_PINS_H
#define RC4_KS_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rc4_ks_pins {
	/* inputs */
	uint8_t rst_n, ksa_start, key_len, ks_next, fill;
	uint8_t key[16];
	/* outputs */
	uint8_t busy, ready, ks;
};

void rc4ks_open(int argc, char **argv);
void rc4ks_eval(struct rc4_ks_pins *p);
void rc4ks_cycle(struct rc4_ks_pins *p);
void rc4ks_close(void);

#ifdef __cplusplus
}
#endif

#endif
