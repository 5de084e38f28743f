// Thin Verilator harness for sha1_core: copies struct sha1c_pins in and out
// around one clock. All test logic is in C (tb_sha1_core.c).
#include "Vsha1_core.h"
#include "sha1_core_pins.h"
#include "vl_wrap.h"

VL_WRAP(sha1c, Vsha1_core, sha1c_pins)

extern "C" void sha1c_eval(struct sha1c_pins *p)
{
	SHA1C_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	SHA1C_PINS_OUT(top, p);
}
