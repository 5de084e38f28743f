/*
 * The pins of hdl/mppe_stream.v (the engine's byte stream) as a plain C
 * struct for sim/stream/tb_stream.c. st_cycle() sets the inputs, evaluates
 * (the outputs are then as they are before the rising edge), then runs the
 * edge.
 */
#ifndef STREAM_PINS_H
#define STREAM_PINS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct st_pins {
	/* inputs */
	uint8_t in_valid, out_space, start, pop, seek, boff, oleft_we, emit, emit_b, stream;
	uint8_t ks_rdy, ks;
	uint16_t start_words, bleft, oleft;
	uint64_t in_data;
	/* outputs */
	uint8_t in_pop, out_we, ks_next, last;
	uint16_t words_o, bleft_o;
	uint64_t out_data;
};

void st_open(int argc, char **argv);
void st_eval(struct st_pins *p);
void st_cycle(struct st_pins *p);
void st_close(void);

#ifdef __cplusplus
}
#endif

#endif
