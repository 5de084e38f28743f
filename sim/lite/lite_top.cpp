// Thin Verilator harness for lite_crypto (sim/vl_wrap.h): bus accesses in,
// read data out. All test logic is in C (tb_lite_crypto.c).
#include "Vlite_crypto.h"
#include "lite_pins.h"
#include "vl_wrap.h"

VL_WRAP_COMB(lite_vl, Vlite_crypto)
VL_WRAP_CLOCK(lite_vl)

static void cycle()
{
	top->clk_i = 0;
	top->eval();
	lite_vl_rise();
}

extern "C" void lite_open(int argc, char **argv)
{
	lite_vl_open(argc, argv);
	lite_reset();
}

extern "C" void lite_reset(void)
{
	top->req_i = 0;
	top->rst_ni = 0;
	cycle();
	top->rst_ni = 1;
	cycle();
}

extern "C" void lite_write(uint32_t off, uint32_t v)
{
	top->req_i = 1;
	top->we_i = 1;
	top->addr_i = off;
	top->wdata_i = v;
	cycle();
	top->req_i = 0;
	top->we_i = 0;
}

extern "C" uint32_t lite_read(uint32_t off)
{
	top->req_i = 1;
	top->we_i = 0;
	top->addr_i = off;
	cycle();
	top->req_i = 0;
	top->eval();
	return top->rdata_o;
}

extern "C" void lite_idle(unsigned n)
{
	while (n--)
		cycle();
}

extern "C" uint64_t lite_clocks(void) { return lite_vl_cycles(); }

extern "C" void lite_close(void) { lite_vl_close(); }
