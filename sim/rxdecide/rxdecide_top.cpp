// Thin Verilator harness for mppe_rxdecide: copies struct rd_pins in and
// out around one evaluation (the unit has no clock). All test logic is in
// C (tb_rxdecide.c).
#include "Vmppe_rxdecide.h"
#include "rxdecide_pins.h"
#include "vl_wrap.h"

VL_WRAP_COMB(rd, Vmppe_rxdecide)

extern "C" void rd_eval(struct rd_pins *p)
{
	RD_PINS_IN(top, p);
	top->eval();
	RD_PINS_OUT(top, p);
}
