// Thin Verilator harness for rc4_ks: copies struct rc4_ks_pins in and out
// around one clock. All test logic is in C (tb_rc4_ks.c).
#include "Vrc4_ks.h"
#include "rc4_ks_pins.h"
#include "vl_wrap.h"

VL_WRAP(rc4ks, Vrc4_ks, rc4_ks_pins)

extern "C" void rc4ks_eval(struct rc4_ks_pins *p)
{
	RC4KS_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	RC4KS_PINS_OUT(top, p);
}
