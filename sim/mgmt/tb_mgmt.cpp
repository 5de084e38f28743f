// Thin Verilator harness for tb_mgmt_top (sim/vl_wrap.h): the model and its
// clock; the outputs are read after the rising edge. Everything else is C.
#include "Vtb_mgmt_top.h"
#include "mgmt_pins.h"
#include "vl_wrap.h"

static void tb_in(const struct mgmt_pins *p);
static void tb_out(struct mgmt_pins *p);

VL_WRAP_LATE(tb, Vtb_mgmt_top, mgmt_pins)

static void tb_in(const struct mgmt_pins *p) { MGMT_PINS_IN(top, p); }

static void tb_out(struct mgmt_pins *p) { MGMT_PINS_OUT(top, p); }
