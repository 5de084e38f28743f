// Thin Verilator harness for mppe_top (sim/vl_wrap.h): copies struct
// tb_pins in and out around one clock. All test logic is in C (tb_mppe.c).
#include "Vmppe_top.h"
#include "tb_pins.h"
#include "vl_wrap.h"

VL_WRAP(tb, Vmppe_top, tb_pins)

extern "C" void tb_eval(struct tb_pins *p)
{
	TB_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	TB_PINS_OUT(top, p);
}

extern "C" unsigned tb_num_engines(void) { return TB_NUM_ENGINES; }
extern "C" unsigned tb_num_flows(void) { return TB_NUM_FLOWS; }
