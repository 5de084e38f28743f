// Thin Verilator harness for lite_crypto: bus accesses in, read data out.
// All test logic is in C (tb_lite_crypto.c).
#include <verilated.h>

#include "Vlite_crypto.h"
#include "lite_pins.h"

static VerilatedContext *ctx;
static Vlite_crypto *top;
static uint64_t clocks;

static void cycle()
{
	top->clk_i = 0;
	top->eval();
	ctx->timeInc(1);
	top->clk_i = 1;
	top->eval();
	ctx->timeInc(1);
	clocks++;
}

extern "C" void lite_open(int argc, char **argv)
{
	ctx = new VerilatedContext;
	ctx->commandArgs(argc, argv);
	top = new Vlite_crypto{ctx};
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

extern "C" uint64_t lite_clocks(void) { return clocks; }

extern "C" void lite_close(void)
{
	top->final();
	delete top;
	delete ctx;
}
