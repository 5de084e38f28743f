// The thin Verilator harness of a C test bench for one RTL module, written
// once. A harness file includes its model's header and its pins header,
// says VL_WRAP(P, VTOP, PINS) and defines P_eval(struct PINS *), which copies the
// inputs in, evaluates with clk_i low and copies the outputs out; VL_WRAP
// defines P_open(), P_cycle() (P_eval, then the rising edge) and P_close()
// around the model VTOP. VL_WRAP_COMB(P, VTOP): the same without P_cycle,
// for a module with no clock. All test logic is in C.
#ifndef VL_WRAP_H
#define VL_WRAP_H

#include <verilated.h>

#define VL_WRAP_COMB(P, VTOP)                                         \
	static VerilatedContext *ctx;                                 \
	static VTOP *top;                                             \
	extern "C" void P##_open(int argc, char **argv)               \
	{                                                             \
		ctx = new VerilatedContext;                           \
		ctx->commandArgs(argc, argv);                         \
		top = new VTOP{ctx};                                  \
	}                                                             \
	extern "C" void P##_close(void)                               \
	{                                                             \
		top->final();                                         \
		delete top;                                           \
		delete ctx;                                           \
	}

#define VL_WRAP(P, VTOP, PINS)                                        \
	VL_WRAP_COMB(P, VTOP)                                         \
	extern "C" void P##_cycle(struct PINS *p)                     \
	{                                                             \
		P##_eval(p);                                          \
		ctx->timeInc(1);                                      \
		top->clk_i = 1;                                       \
		top->eval();                                          \
		ctx->timeInc(1);                                      \
	}

#endif
