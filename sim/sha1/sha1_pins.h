/*
 * The pins of sha1_iter (hdl/sha1_iter.v) as a plain C struct for the C test
 * bench sim/sha1/tb_sha1.c. sha1_eval() sets the inputs and returns the
 * outputs as they are before the next rising edge; sha1_cycle() does the
 * same, then runs the edge.
 */
#ifndef SHA1_PINS_H
#define SHA1_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sha1_pins {
	/* inputs */
	uint8_t rst_n, start, first, win_valid;
	uint32_t win_data;
	/* outputs */
	uint8_t win_ready, busy, done;
	uint8_t digest[20];     /* big-endian octets, as SHA-1 prints them */
};

void sha1_open(int argc, char **argv);
void sha1_eval(struct sha1_pins *p);
void sha1_cycle(struct sha1_pins *p);
void sha1_close(void);

#ifdef __cplusplus
}
#endif

#endif
