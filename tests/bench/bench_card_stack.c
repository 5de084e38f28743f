/*
 * The whole card stack under load: driver, rings, DMA, host interface,
 * engines, through cardsim. For each packet size and queue count, keeps the
 * queues full of 128-bit stateful encrypts and reports
 *
 *   BENCH card_stack size=N queues=Q latency_clk=L ops_per_s=... clk_per_op=... occupancy=... sw_ops_per_s=...
 *
 * cardsim runs at its default DMA latency (latency_clk, clocks from a read
 * request to its data: sim/cardsim/cardsim_defaults.h).
 *
 * clk_per_op and occupancy come from the card's own counters (CNT.CYCLES,
 * CNT.ENGINE_BUSY): simulated clocks per operation, and the share of engine
 * clocks spent busy. ops_per_s is wall-clock through the simulator (so it
 * measures Verilator, not the card); sw_ops_per_s is the software engine
 * doing the same operations in this process, the anchor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card/card_dev.h"
#include "card/card_engine.h"
#include "card_if.h"
#include "cardsim/cardsim_defaults.h"
#include "../integration/card/cardsim_proc.h"
#include "mppe/engine.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t cnt64(struct card_dev *d, uint32_t lo)
{
	uint64_t l = card_rd(d, lo);
	return l | (uint64_t)card_rd(d, lo + 4) << 32;
}

/* Runs n encrypts of `size` octets spread over flows[0..nf); returns seconds. */
static double run(struct mppe_engine *e, const uint32_t *flows, unsigned nf, unsigned size, unsigned n)
{
	static uint8_t in[2048], out[256][2100];
	struct mppe_op ops[256];
	struct mppe_completion c[256];
	unsigned sent = 0, got = 0;
	double t0 = now();

	in[0] = 0;
	in[1] = 0x21;
	while (got < n) {
		unsigned k = 0;
		while (sent + k < n && k < 256) {
			unsigned i = sent + k;
			ops[k] = (struct mppe_op){ .cookie = i, .flow = flows[i % nf], .opcode = MPPE_OP_ENCRYPT,
						   .in = in, .in_len = (uint16_t)size, .out = out[i % 256],
						   .out_cap = 2100 };
			k++;
		}
		if (k) {
			int r = mppe_submit(e, ops, k);
			if (r < 0) {
				fprintf(stderr, "bench_card_stack: submit: %s\n", strerror(errno));
				exit(1);
			}
			sent += (unsigned)r;
		}
		{
			int r = mppe_poll(e, c, 256);
			for (int i = 0; i < r; i++) {
				if (c[i].status != MPPE_OK) {
					fprintf(stderr, "bench_card_stack: status %s\n", mppe_status_name(c[i].status));
					exit(1);
				}
			}
			got += (unsigned)(r > 0 ? r : 0);
			if (r == 0) {
				struct timespec ts = { 0, 50000 };
				nanosleep(&ts, NULL);
			}
		}
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	static const unsigned sizes[3] = { 64, 576, 1400 };
	static const unsigned queues[2] = { 1, 8 };
	unsigned scale = argc > 1 ? (unsigned)atoi(argv[1]) : 1;
	struct cardsim_proc sim;
	struct mppe_engine *hw, *sw;
	struct card_dev *d;
	uint32_t hw_flows[64], sw_flows[64], engines;
	char sim_arg[48];

	snprintf(sim_arg, sizeof(sim_arg), "--dma-latency=%u", CARDSIM_DMA_LATENCY_DEFAULT);
	if (cardsim_start(&sim, sim_arg) < 0) {
		perror("bench_card_stack: cardsim");
		return 1;
	}
	hw = mppe_engine_open(cardsim_spec(&sim));
	sw = mppe_engine_open("sw");
	if (!hw || !sw) {
		fprintf(stderr, "bench_card_stack: open: %s\n", strerror(errno));
		cardsim_stop(&sim, 0);
		return 1;
	}
	d = card_engine_dev(hw);
	engines = card_rd(d, CARD_CAP_NUM_ENGINES);
	for (unsigned i = 0; i < 64; i++) {
		struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = true };
		memset(p.start_key, (int)i + 1, 16);
		if (mppe_flow_create(hw, &p, &hw_flows[i]) || mppe_flow_create(sw, &p, &sw_flows[i])) {
			fprintf(stderr, "bench_card_stack: flow: %s\n", strerror(errno));
			return 1;
		}
	}
	for (unsigned qi = 0; qi < 2; qi++) {
		for (unsigned si = 0; si < 3; si++) {
			unsigned size = sizes[si], nq = queues[qi];
			unsigned n = scale * (size == 64 ? 4000 : size == 576 ? 1500 : 800);
			/* flow f goes to data queue f mod 8: pick 8 flows on 1 queue, or
			 * 4 flows on each of 8 queues */
			uint32_t hf[32], sf[32];
			unsigned nf = 0;
			uint64_t c0, b0, c1, b1;
			double t_hw, t_sw;
			for (unsigned i = 0; i < 64 && nf < 32; i++) {
				if (nq == 1 && hw_flows[i] % 8 != 0)
					continue;
				hf[nf] = hw_flows[i];
				sf[nf] = sw_flows[i];
				nf++;
			}
			c0 = cnt64(d, CARD_CNT_CYCLES_LO);
			b0 = cnt64(d, CARD_CNT_ENGINE_BUSY_LO);
			t_hw = run(hw, hf, nf, size, n);
			c1 = cnt64(d, CARD_CNT_CYCLES_LO);
			b1 = cnt64(d, CARD_CNT_ENGINE_BUSY_LO);
			t_sw = run(sw, sf, nf, size, n * 10) / 10;
			printf("BENCH card_stack size=%u queues=%u latency_clk=%u ops_per_s=%.0f clk_per_op=%.1f "
			       "occupancy=%.3f engines=%u flows=%u sw_ops_per_s=%.0f\n", size, nq,
			       CARDSIM_DMA_LATENCY_DEFAULT, n / t_hw, (double)(c1 - c0) / n,
			       (double)(b1 - b0) / ((double)(c1 - c0) * engines), engines, nf, n / t_sw);
			fflush(stdout);
		}
	}
	mppe_engine_close(hw);
	mppe_engine_close(sw);
	cardsim_stop(&sim, 0);
	return 0;
}
