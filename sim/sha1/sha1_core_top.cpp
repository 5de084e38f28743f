// Thin Verilator harness for sha1_core: copies struct sha1c_pins in and out
// around one clock. All test logic is in C (tb_sha1_core.c).
#include "Vsha1_core.h"
#include "sha1_core_pins.h"
#include "vl_wrap.h"

VL_WRAP(sha1c, Vsha1_core, sha1c_pins)

extern "C" void sha1c_eval(struct sha1c_pins *p)
{
	top->rst_ni = p->rst_n;
	top->start_i = p->start;
	top->first_i = p->first;
	// block_i[511:480] is message word 0; VlWide word 15 holds bits 511:480
	for (int w = 0; w < 16; w++)
		top->block_i[15 - w] = (uint32_t)p->block[4 * w] << 24 | (uint32_t)p->block[4 * w + 1] << 16 |
				       (uint32_t)p->block[4 * w + 2] << 8 | p->block[4 * w + 3];
	top->clk_i = 0;
	top->eval();
	p->busy = top->busy_o;
	p->done = top->done_o;
	// digest_o[159:128] is H0; VlWide word 4 holds bits 159:128
	for (int w = 0; w < 5; w++) {
		uint32_t v = top->digest_o[4 - w];
		for (int b = 0; b < 4; b++)
			p->digest[4 * w + b] = (uint8_t)(v >> (24 - 8 * b));
	}
}
