// Thin Verilator harness for mppe_farm: copies struct fm_pins in and out
// around one clock. All test logic is in C (tb_farm.c).
#include "Vmppe_farm.h"
#include "farm_pins.h"
#include "vl_wrap.h"

VL_WRAP(fm, Vmppe_farm, fm_pins)

// the -G parameters the model was built with (sim/module.mk passes both)
extern "C" unsigned fm_lanes(void) { return FARM_LANES; }
extern "C" unsigned fm_units(void) { return FARM_UNITS; }
extern "C" unsigned fm_unit_ch(void) { return FARM_UNIT_CH; }
extern "C" unsigned fm_flows(void) { return FARM_NUM_FLOWS; }
extern "C" unsigned fm_rc4_dual(void) { return FARM_LANE_RC4_DUAL | FARM_UNIT_RC4_DUAL << 1; }

extern "C" void fm_eval(struct fm_pins *p)
{
	top->rst_ni = p->rst_n;
	top->in_valid_i = p->in_valid;
	top->in_data_i = p->in_data;
	top->out_ready_i = p->out_ready;
	top->ctx_we_i = p->ctx_we;
	top->ctx_flow_i = p->ctx_flow;
	top->ctx_valid_i = p->ctx_valid;
	top->ctx_dir_i = p->ctx_dir;
	top->ctx_kb_i = p->ctx_kb;
	top->ctx_first_cc_i = p->ctx_first_cc;
	vl_put_octets(top->ctx_start_key_i, p->ctx_start_key, 4);
	top->clk_i = 0;
	top->eval();
	p->in_ready = top->in_ready_o;
	p->out_valid = top->out_valid_o;
	p->ctx_ready = top->ctx_ready_o;
	p->out_data = top->out_data_o;
}
