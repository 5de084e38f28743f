// Thin Verilator harness for sha1_iter: copies struct sha1_pins in and out
// around one clock. All test logic is in C (tb_sha1.c).
#include "Vsha1_iter.h"
#include "sha1_pins.h"
#include "vl_wrap.h"

VL_WRAP(sha1, Vsha1_iter, sha1_pins)

extern "C" void sha1_eval(struct sha1_pins *p)
{
	SHA1_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	SHA1_PINS_OUT(top, p);
}
