// The thin Verilator harness of a C test bench for one RTL module, written
// once. A harness file includes its model's header and its pins header,
// says VL_WRAP(P, VTOP, PINS) and defines P_eval(struct PINS *), which copies the
// inputs in, evaluates with clk_i low and copies the outputs out; VL_WRAP
// defines P_open(), P_cycle() (P_eval, then the rising edge), P_cycles()
// (the rising edges so far) and P_close() around the model VTOP.
// VL_WRAP_LATE(P, VTOP, PINS): the same for a bench that reads the outputs
// after the edge; the harness defines P_in(const struct PINS *) and
// P_out(struct PINS *), and P_cycle is P_in, the clock low, the edge, P_out.
// VL_WRAP_COMB(P, VTOP): open and close alone, for a module with no clock;
// with VL_WRAP_CLOCK(P) also P_rise() and P_cycles(), for a harness that
// is not pins in and out (sim/lite). All test logic is in C. Every model also gets, from its build's flags:
//   TB_WAVES     (RTL_WAVES=1): P_open_waves(argc, argv, path) writes an FST
//                trace of every clock to path (without it, a path is refused);
//   VM_COVERAGE  (--coverage-line): P_close() writes the line coverage to
//                $TB_COVERAGE_FILE, or coverage.dat.
#ifndef VL_WRAP_H
#define VL_WRAP_H

#include <verilated.h>
#ifdef TB_WAVES
#include <verilated_fst_c.h>
#endif
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// Octets k[0..4n) into the n 32-bit words of a wide port, octet 0 in bits
// 7:0 (the RTL's keys: octet i in bits [8i+7:8i]), and back. The pin
// structs that sim/gen_pins.py writes copy their --octets ports with these.
template <class W> static inline void vl_put_octets(W &w, const uint8_t *k, int n)
{
	for (int i = 0; i < n; i++)
		w[i] = (uint32_t)k[4 * i] | ((uint32_t)k[4 * i + 1] << 8) | ((uint32_t)k[4 * i + 2] << 16) |
		       ((uint32_t)k[4 * i + 3] << 24);
}
template <class W> static inline void vl_get_octets(uint8_t *k, const W &w, int n)
{
	for (int i = 0; i < 4 * n; i++)
		k[i] = (uint8_t)(w[i / 4] >> (8 * (i % 4)));
}
// The same with octet 0 in the top bits (a SHA-1 block or digest as FIPS
// 180 writes it): octet i of the n words in bits [32n-8i-1:32n-8i-8].
template <class W> static inline void vl_put_octets_be(W &w, const uint8_t *k, int n)
{
	for (int i = 0; i < n; i++)
		w[n - 1 - i] = (uint32_t)k[4 * i] << 24 | (uint32_t)k[4 * i + 1] << 16 | (uint32_t)k[4 * i + 2] << 8 |
			       k[4 * i + 3];
}
template <class W> static inline void vl_get_octets_be(uint8_t *k, const W &w, int n)
{
	for (int i = 0; i < 4 * n; i++)
		k[i] = (uint8_t)(w[n - 1 - i / 4] >> (24 - 8 * (i % 4)));
}

#ifdef TB_WAVES
#define VL_WRAP_WAVES_ON(path)                                        \
	do {                                                          \
		ctx->traceEverOn(true);                               \
		wave = new VerilatedFstC;                             \
		top->trace(wave, 99);                                 \
		wave->open(path);                                     \
	} while (0)
#define VL_WRAP_DUMP()                                                \
	do {                                                          \
		if (wave)                                             \
			wave->dump(ctx->time());                      \
	} while (0)
#define VL_WRAP_WAVES_OFF()                                           \
	do {                                                          \
		if (wave) {                                           \
			wave->close();                                \
			delete wave;                                  \
			wave = nullptr;                               \
		}                                                     \
	} while (0)
#define VL_WRAP_WAVES_DECL static VerilatedFstC *wave;
#else
#define VL_WRAP_WAVES_ON(path)                                        \
	do {                                                          \
		(void)(path);                                         \
		fprintf(stderr, "tb: built without RTL_WAVES=1, no waveform\n"); \
		return -1;                                            \
	} while (0)
#define VL_WRAP_DUMP() do { } while (0)
#define VL_WRAP_WAVES_OFF() do { } while (0)
#define VL_WRAP_WAVES_DECL
#endif

#if VM_COVERAGE
#define VL_WRAP_COVERAGE()                                            \
	do {                                                          \
		const char *cov_ = getenv("TB_COVERAGE_FILE");        \
		ctx->coveragep()->write(cov_ ? cov_ : "coverage.dat"); \
	} while (0)
#else
#define VL_WRAP_COVERAGE() do { } while (0)
#endif

#define VL_WRAP_COMB(P, VTOP)                                         \
	static VerilatedContext *ctx;                                 \
	static VTOP *top;                                             \
	VL_WRAP_WAVES_DECL                                            \
	extern "C" int P##_open_waves(int argc, char **argv, const char *path) \
	{                                                             \
		ctx = new VerilatedContext;                           \
		ctx->commandArgs(argc, argv);                         \
		top = new VTOP{ctx};                                  \
		if (path)                                             \
			VL_WRAP_WAVES_ON(path);                       \
		return 0;                                             \
	}                                                             \
	extern "C" void P##_open(int argc, char **argv)               \
	{                                                             \
		P##_open_waves(argc, argv, nullptr);                  \
	}                                                             \
	extern "C" void P##_close(void)                               \
	{                                                             \
		VL_WRAP_WAVES_OFF();                                  \
		top->final();                                         \
		VL_WRAP_COVERAGE();                                   \
		delete top;                                           \
		delete ctx;                                           \
	}

/* P_rise(): the rising edge, after an evaluation with clk_i low */
#define VL_WRAP_CLOCK(P)                                              \
	static uint64_t P##_n;                                        \
	static inline void P##_rise(void)                             \
	{                                                             \
		VL_WRAP_DUMP();                                       \
		ctx->timeInc(1);                                      \
		top->clk_i = 1;                                       \
		top->eval();                                          \
		VL_WRAP_DUMP();                                       \
		ctx->timeInc(1);                                      \
		P##_n++;                                              \
	}                                                             \
	extern "C" uint64_t P##_cycles(void) { return P##_n; }

#define VL_WRAP(P, VTOP, PINS)                                        \
	VL_WRAP_COMB(P, VTOP)                                         \
	VL_WRAP_CLOCK(P)                                              \
	extern "C" void P##_cycle(struct PINS *p)                     \
	{                                                             \
		P##_eval(p);                                          \
		P##_rise();                                           \
	}

#define VL_WRAP_LATE(P, VTOP, PINS)                                   \
	VL_WRAP_COMB(P, VTOP)                                         \
	VL_WRAP_CLOCK(P)                                              \
	extern "C" void P##_cycle(struct PINS *p)                     \
	{                                                             \
		P##_in(p);                                            \
		top->clk_i = 0;                                       \
		top->eval();                                          \
		P##_rise();                                           \
		P##_out(p);                                           \
	}

#endif
