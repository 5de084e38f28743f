/*
 * The software engine's anchor of the RTL benchmarks (sim/bench_mppe.c,
 * sim/farm/tb_farm.c --bench), written once: libmppe encrypting packets of
 * one size on one core, measured in the same run as the simulation.
 */
#ifndef BENCH_SW_H
#define BENCH_SW_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "mppe/mppe.h"

static inline double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Software engine: encrypt packets of `size` on one core for ~0.3 s. */
static inline double sw_gbps(bool stateful, unsigned size)
{
	struct mppe_flow f;
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = stateful };
	static uint8_t in[2048], out[2100];
	size_t ol;
	uint64_t bytes = 0;
	double t0, t;

	memset(in, 0x5a, sizeof(in));
	in[0] = 0x00;
	in[1] = 0x21;
	mppe_flow_init(&f, &p);
	t0 = now();
	do {
		for (unsigned i = 0; i < 256; i++) {
			mppe_flow_encrypt(&f, in, size, out, sizeof(out), &ol);
			bytes += size;
		}
		t = now() - t0;
	} while (t < 0.3);
	mppe_flow_wipe(&f);
	return bytes * 8 / t / 1e9;
}

#endif
