/*
 * The pins of sha1_core (hdl/sha1_core.v) as a plain C struct for the C test
 * bench sim/sha1/tb_sha1_core.c. sha1c_eval() sets the inputs and returns
 * the outputs as they are before the next rising edge; sha1c_cycle() does
 * the same, then runs the edge.
 */
#ifndef SHA1_CORE_PINS_H
#define SHA1_CORE_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sha1c_pins {
	/* inputs */
	uint8_t rst_n, start, first;
	uint8_t block[64];      /* message octets in order (word 0 = octets 0..3, big-endian) */
	/* outputs */
	uint8_t busy, done;
	uint8_t digest[20];     /* big-endian octets, as SHA-1 prints them */
};

void sha1c_open(int argc, char **argv);
void sha1c_eval(struct sha1c_pins *p);
void sha1c_cycle(struct sha1c_pins *p);
void sha1c_close(void);

#ifdef __cplusplus
}
#endif

#endif
