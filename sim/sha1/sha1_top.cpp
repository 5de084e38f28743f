// Thin Verilator harness for sha1_iter: copies struct sha1_pins in and out
// around one clock. All test logic is in C (tb_sha1.c).
#include "Vsha1_iter.h"
#include "sha1_pins.h"
#include "vl_wrap.h"

VL_WRAP(sha1, Vsha1_iter, sha1_pins)

extern "C" void sha1_eval(struct sha1_pins *p)
{
	top->rst_ni = p->rst_n;
	top->start_i = p->start;
	top->first_i = p->first;
	top->win_valid_i = p->win_valid;
	top->win_data_i = p->win_data;
	top->clk_i = 0;
	top->eval();
	p->win_ready = top->win_ready_o;
	p->busy = top->busy_o;
	p->done = top->done_o;
	// digest_o[159:128] is H0; VlWide word 4 holds bits 159:128
	for (int w = 0; w < 5; w++) {
		uint32_t v = top->digest_o[4 - w];
		for (int b = 0; b < 4; b++)
			p->digest[4 * w + b] = (uint8_t)(v >> (24 - 8 * b));
	}
}
