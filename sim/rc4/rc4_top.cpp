// Thin Verilator harness for rc4_bram: copies struct rc4_pins in and out
// around one clock. All test logic is in C (tb_rc4.c).
#include "Vrc4_bram.h"
#include "rc4_pins.h"
#include "vl_wrap.h"

VL_WRAP(rc4, Vrc4_bram, rc4_pins)

extern "C" void rc4_eval(struct rc4_pins *p)
{
	RC4_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	RC4_PINS_OUT(top, p);
}
