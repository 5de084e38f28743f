// Thin Verilator harness for mppe_stream: copies struct st_pins in and out
// around one clock. All test logic is in C (tb_stream.c).
#include "Vmppe_stream.h"
#include "stream_pins.h"
#include "vl_wrap.h"

VL_WRAP(st, Vmppe_stream, st_pins)

extern "C" void st_eval(struct st_pins *p)
{
	ST_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	ST_PINS_OUT(top, p);
}
