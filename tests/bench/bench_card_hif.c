/*
 * What the host interface costs per packet while host memory is far away:
 * 128-bit encrypts, stateless (the targets; a rekey per packet, so
 * the engines bound it) and stateful (little engine work per packet, so the
 * host interface shows), through the whole stack (driver, rings, DMA,
 * host interface, engines) in cardsim, once at cardsim's default DMA latency
 * (sim/cardsim/cardsim_defaults.h, 1 us of the PCIe boards' 25 MHz card clock)
 * and once at zero latency, the anchor, in the same run:
 *
 *   BENCH card_hif card=C size=N mode=M latency_clk=L clk_per_pkt=... inflight=R engines=E
 *         card_clk_mhz=F mpps_at_card_clk=... gbps_at_card_clk=... sw_mpps=... sw_gbps=...
 *
 * for each card named by --card C=PROGRAM or --farm-card C=PROGRAM (make
 * passes the three cardsim builds: default, litefury (4 small engines) and
 * farm (LiteFury's farm card, card_top FARM=1: what its board flow builds);
 * without either, the one card of $CARDSIM or build/bin/cardsim,
 * card=default). On a --farm-card one more line per latency says how many
 * operations the engine farm took (cardsim --stats) against the stateless
 * encrypts sent, each of which it must have taken, or the bench fails:
 *
 *   BENCH card_hif_farm card=C latency_clk=L farm_ops=... stateless_sent=...
 *
 * clk_per_pkt is simulated card clocks per packet from the card's own
 * counter (CNT.CYCLES) with 8 queues kept full; inflight is the number of
 * DMA reads the host interface keeps in flight (CAP.DMA_READS). The packet
 * and bit rates at the board's card clock (--card-mhz F: a board setting,
 * BOARD_CARD_CLK_DIV of its board.mk; make passes LiteFury's) are clk_per_pkt
 * converted, an estimate: no bitstream of the card has run (docs/hardware.md).
 * sw_mpps/sw_gbps: the software engine on one core of this machine doing the
 * same operations in this process, the anchor of the targets (issue: "both
 * >= 2x one software-engine core").
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "card/card_dev.h"
#include "card/card_engine.h"
#include "card_if.h"
#include "cardsim/cardsim_defaults.h"
#include "../integration/card/cardsim_proc.h"
#include "mppe/engine.h"

#define NFLOWS   32
#define MAXCARDS 8

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

/* n encrypts of `size` octets over flows[0..NFLOWS); returns seconds. */
static double run(struct mppe_engine *e, const uint32_t *flows, unsigned size, unsigned n)
{
	static uint8_t in[2048], out[256][2100];
	struct mppe_op ops[256];
	struct mppe_completion c[256];
	unsigned sent = 0, got = 0;
	double t0 = now();

	memset(in, 0x5a, sizeof(in));
	in[0] = 0;            /* a PPP protocol field (IPv4) first */
	in[1] = 0x21;
	while (got < n) {
		unsigned k = 0;
		while (sent + k < n && k < 256) {
			unsigned i = sent + k;
			ops[k] = (struct mppe_op){ .cookie = i, .flow = flows[i % NFLOWS], .opcode = MPPE_OP_ENCRYPT,
						   .in = in, .in_len = (uint16_t)size, .out = out[i % 256],
						   .out_cap = 2100 };
			k++;
		}
		if (k) {
			int r = mppe_submit(e, ops, k);
			if (r < 0) {
				fprintf(stderr, "bench_card_hif: submit: %s\n", strerror(errno));
				exit(1);
			}
			sent += (unsigned)r;
		}
		int r = mppe_poll(e, c, 256);
		for (int i = 0; i < r; i++) {
			if (c[i].status != MPPE_OK) {
				fprintf(stderr, "bench_card_hif: status %s\n", mppe_status_name(c[i].status));
				exit(1);
			}
		}
		got += (unsigned)(r > 0 ? r : 0);
		if (r == 0) {
			struct timespec ts = { 0, 50000 };
			nanosleep(&ts, NULL);
		}
	}
	return now() - t0;
}

static int flows_create(struct mppe_engine *e, uint32_t *ids, bool stateful)
{
	for (unsigned i = 0; i < NFLOWS; i++) {
		struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = stateful };
		memset(p.start_key, (int)i + 1, 16);
		if (mppe_flow_create(e, &p, &ids[i]))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const unsigned sizes[2] = { 64, 1400 };
	const unsigned latencies[2] = { CARDSIM_DMA_LATENCY_DEFAULT, 0 };
	unsigned scale = 1, ncards = 0;
	double card_mhz = 0, sw_s[2][2];
	struct mppe_engine *sw;
	uint32_t sw_flows[2][NFLOWS];
	char card_name[MAXCARDS][32];
	const char *card_prog[MAXCARDS];
	bool card_farm[MAXCARDS];

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--card-mhz") && a + 1 < argc) {
			card_mhz = atof(argv[++a]);
		} else if ((!strcmp(argv[a], "--card") || !strcmp(argv[a], "--farm-card")) && a + 1 < argc) {
			bool farm = !strcmp(argv[a], "--farm-card");
			const char *eq = strchr(argv[++a], '=');
			if (!eq || eq == argv[a] || (size_t)(eq - argv[a]) >= sizeof(card_name[0]) || !eq[1] ||
			    ncards == MAXCARDS) {
				fprintf(stderr, "bench_card_hif: --card/--farm-card NAME=PROGRAM (at most %d)\n", MAXCARDS);
				return 1;
			}
			snprintf(card_name[ncards], sizeof(card_name[0]), "%.*s", (int)(eq - argv[a]), argv[a]);
			card_farm[ncards] = farm;
			card_prog[ncards++] = eq + 1;
		} else {
			scale = (unsigned)atoi(argv[a]);
		}
	}
	if (!(card_mhz > 0) || scale == 0) {
		fprintf(stderr, "usage: bench_card_hif --card-mhz F [--card|--farm-card NAME=PROGRAM]... [SCALE] "
			"(F: the board's card clock)\n");
		return 1;
	}
	if (ncards == 0) {
		snprintf(card_name[0], sizeof(card_name[0]), "default");
		card_farm[0] = false;
		card_prog[ncards++] = getenv("CARDSIM") ? getenv("CARDSIM") : "build/bin/cardsim";
	}
	sw = mppe_engine_open("sw");

	/* the simulator on a loaded machine is slow in wall time: operations
	 * must not time out in the driver (clock counts are what is measured) */
	setenv("MPPE_CARD_TIMEOUT_MS", "120000", 0);
	if (!sw || flows_create(sw, sw_flows[0], false) || flows_create(sw, sw_flows[1], true)) {
		fprintf(stderr, "bench_card_hif: software engine: %s\n", strerror(errno));
		return 1;
	}
	for (unsigned m = 0; m < 2; m++) {
		for (unsigned si = 0; si < 2; si++) {
			unsigned n = 20000 * scale;
			sw_s[m][si] = run(sw, sw_flows[m], sizes[si], n) / n;
		}
	}
	mppe_engine_close(sw);

	for (unsigned k = 0; k < ncards * 2; k++) {
		unsigned ci = k / 2, li = k % 2;   /* each card at each latency */
		struct cardsim_proc sim;
		struct mppe_engine *hw;
		struct card_dev *d;
		uint32_t hw_flows[2][NFLOWS], engines, inflight;
		unsigned long long stateless_sent = 0, farm_ops = 0;
		char arg[160], stats[64];
		FILE *f;

		/* cardsim writes the farm's count of operations as it stops */
		snprintf(stats, sizeof(stats), "/tmp/bench_card_hif-%d.stats", (int)getpid());
		unlink(stats);
		snprintf(arg, sizeof(arg), "--dma-latency=%u --stats %s", latencies[li], stats);
		setenv("CARDSIM", card_prog[ci], 1);
		if (cardsim_start(&sim, arg) < 0) {
			perror("bench_card_hif: cardsim");
			return 1;
		}
		hw = mppe_engine_open(cardsim_spec(&sim));
		if (!hw || flows_create(hw, hw_flows[0], false) || flows_create(hw, hw_flows[1], true)) {
			fprintf(stderr, "bench_card_hif: card: %s\n", strerror(errno));
			cardsim_stop(&sim, 0);
			return 1;
		}
		d = card_engine_dev(hw);
		engines = card_rd(d, CARD_CAP_NUM_ENGINES);
		inflight = card_rd(d, CARD_CAP_DMA_READS);
		for (unsigned m = 0; m < 2; m++) {
			for (unsigned si = 0; si < 2; si++) {
				unsigned size = sizes[si], n = scale * (size == 64 ? 3000 : 600);
				uint64_t c0, c1;
				double cpp;

				c0 = cnt64(d, CARD_CNT_CYCLES_LO);
				run(hw, hw_flows[m], size, n);
				c1 = cnt64(d, CARD_CNT_CYCLES_LO);
				cpp = (double)(c1 - c0) / n;
				if (!m)
					stateless_sent += n;
				printf("BENCH card_hif card=%s size=%u mode=%s latency_clk=%u clk_per_pkt=%.1f inflight=%u "
				       "engines=%u card_clk_mhz=%g mpps_at_card_clk=%.3f gbps_at_card_clk=%.3f sw_mpps=%.3f sw_gbps=%.3f "
				       "fmax=estimate\n", card_name[ci], size, m ? "stateful" : "stateless", latencies[li], cpp,
				       inflight, engines, card_mhz, card_mhz / cpp, card_mhz * 1e6 / cpp * size * 8 / 1e9,
				       1e-6 / sw_s[m][si], size * 8 / sw_s[m][si] / 1e9);
				fflush(stdout);
			}
		}
		mppe_engine_close(hw);
		cardsim_stop(&sim, 0);
		f = fopen(stats, "r");
		if (!f || fscanf(f, "farm_ops=%llu", &farm_ops) != 1) {
			fprintf(stderr, "bench_card_hif: no statistics from cardsim (%s)\n", stats);
			if (f)
				fclose(f);
			return 1;
		}
		fclose(f);
		unlink(stats);
		if (card_farm[ci]) {
			/* a card with a farm: every stateless encrypt must have gone
			 * there (the management core's self-test adds one a boot) */
			printf("BENCH card_hif_farm card=%s latency_clk=%u farm_ops=%llu stateless_sent=%llu\n",
			       card_name[ci], latencies[li], farm_ops, stateless_sent);
			if (farm_ops < stateless_sent) {
				fprintf(stderr, "bench_card_hif: card %s: the farm took %llu operations, fewer than the "
					"%llu stateless encrypts\n", card_name[ci], farm_ops, stateless_sent);
				return 1;
			}
		}
		fflush(stdout);
	}
	return 0;
}
