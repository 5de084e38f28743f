// Thin Verilator harness for rc4_core: copies struct rc4c_pins in and out
// around one clock. All test logic is in C (tb_rc4_core.c).
#include "Vrc4_core.h"
#include "rc4_core_pins.h"
#include "vl_wrap.h"

VL_WRAP(rc4c, Vrc4_core, rc4c_pins)

extern "C" void rc4c_eval(struct rc4c_pins *p)
{
	RC4C_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	RC4C_PINS_OUT(top, p);
}
