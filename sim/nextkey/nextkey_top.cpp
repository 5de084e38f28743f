// Thin Verilator harness for nextkey_tb_top: copies struct nk_pins in and
// out around one clock. All test logic is in C (tb_nextkey.c).
#include "Vnextkey_tb_top.h"
#include "nextkey_pins.h"
#include "vl_wrap.h"

VL_WRAP(nk, Vnextkey_tb_top, nk_pins)

extern "C" void nk_eval(struct nk_pins *p)
{
	NK_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	NK_PINS_OUT(top, p);
}
