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
	FM_PINS_IN(top, p);
	top->clk_i = 0;
	top->eval();
	FM_PINS_OUT(top, p);
}
