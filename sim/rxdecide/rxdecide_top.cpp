// Thin Verilator harness for mppe_rxdecide: copies struct rd_pins in and
// out around one evaluation (the unit has no clock). All test logic is in
// C (tb_rxdecide.c).
#include "Vmppe_rxdecide.h"
#include "rxdecide_pins.h"
#include "vl_wrap.h"

VL_WRAP_COMB(rd, Vmppe_rxdecide)

extern "C" void rd_eval(struct rd_pins *p)
{
	top->stateful_i = p->stateful;
	top->discarding_i = p->discarding;
	top->ccount_i = p->ccount;
	top->hdr0_i = p->hdr0;
	top->hdr1_i = p->hdr1;
	top->eval();
	p->action = top->action_o;
	p->status = top->status_o;
	p->discard = top->discard_o;
	p->dist = top->dist_o;
	p->lo = top->lo_o;
	p->hi = top->hi_o;
}
