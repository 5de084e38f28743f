/*
 * How fast cardsim simulates the card under load (issue 15): simulated card
 * clocks per second of the cardsim process's CPU time, while the driver keeps
 * the card's queues full of 128-bit stateless encrypts (64 and 1400 octets
 * alternating, 32 flows: the engines, the host interface's DMA and the rings
 * all busy), through the whole stack, for each cardsim build named:
 *
 *   bench_cardsim_speed NAME=PATH [NAME=PATH ...]
 *   BENCH cardsim_speed board=NAME engines=E flows=F clk=C cpu_s=S clk_per_s=... clk_per_wall_s=...
 *
 * clk is the card's own counter (CNT.CYCLES) over the measured window;
 * cpu_s is the cardsim process's user + system time over it (/proc), so the
 * machine's load enters only through caches and frequency, not through
 * time the process was not running; clk_per_wall_s is the same clocks over
 * wall time (with the driver on the other core, as users run it). The first
 * build named is the anchor of the others, measured in the same run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "card/card_dev.h"
#include "card/card_engine.h"
#include "card_if.h"
#include "../integration/card/cardsim_proc.h"
#include "mppe/engine.h"

#define NFLOWS     32
#define ROUND_OPS  256
#define MIN_CPU_S  4.0     /* measure at least this much of cardsim's CPU time */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* user + system seconds of process pid, or -1 */
static double proc_cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');      /* the command name may hold spaces */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static uint64_t cnt64(struct card_dev *d, uint32_t lo)
{
	uint64_t l = card_rd(d, lo);
	return l | (uint64_t)card_rd(d, lo + 4) << 32;
}

/* n encrypts over flows, queues kept full; exits on any error */
static void run(struct mppe_engine *e, const uint32_t *flows, unsigned n)
{
	static uint8_t in[1400], out[ROUND_OPS][1500];
	struct mppe_op ops[ROUND_OPS];
	struct mppe_completion c[ROUND_OPS];
	unsigned sent = 0, got = 0;

	memset(in, 0x5a, sizeof(in));
	in[0] = 0;            /* a PPP protocol field (IPv4) first */
	in[1] = 0x21;
	while (got < n) {
		unsigned k = 0;
		while (sent + k < n && k < ROUND_OPS) {
			unsigned i = sent + k;
			ops[k] = (struct mppe_op){ .cookie = i, .flow = flows[i % NFLOWS], .opcode = MPPE_OP_ENCRYPT,
						   .in = in, .in_len = (uint16_t)(i % 2 ? 1400 : 64),
						   .out = out[i % ROUND_OPS], .out_cap = sizeof(out[0]) };
			k++;
		}
		if (k) {
			int r = mppe_submit(e, ops, k);
			if (r < 0) {
				fprintf(stderr, "bench_cardsim_speed: submit: %s\n", strerror(errno));
				exit(1);
			}
			sent += (unsigned)r;
		}
		int r = mppe_poll(e, c, ROUND_OPS);
		for (int i = 0; i < r; i++) {
			if (c[i].status != MPPE_OK) {
				fprintf(stderr, "bench_cardsim_speed: status %s\n", mppe_status_name(c[i].status));
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

static int measure(const char *name, const char *bin)
{
	struct cardsim_proc sim;
	struct mppe_engine *hw;
	struct card_dev *d;
	uint32_t flows[NFLOWS];
	uint64_t c0, c1;
	double cpu0, cpu1, t0, t1;

	if (setenv("CARDSIM", bin, 1) || cardsim_start(&sim, NULL) < 0) {
		fprintf(stderr, "bench_cardsim_speed: %s: cardsim %s: %s\n", name, bin, strerror(errno));
		return -1;
	}
	hw = mppe_engine_open(cardsim_spec(&sim));
	for (unsigned i = 0; hw && i < NFLOWS; i++) {
		struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128 };
		memset(p.start_key, (int)i + 1, 16);
		if (mppe_flow_create(hw, &p, &flows[i])) {
			mppe_engine_close(hw);
			hw = NULL;
		}
	}
	if (!hw) {
		fprintf(stderr, "bench_cardsim_speed: %s: card: %s\n", name, strerror(errno));
		cardsim_stop(&sim, 0);
		return -1;
	}
	d = card_engine_dev(hw);
	run(hw, flows, 2 * NFLOWS);      /* every flow keyed once before the window */
	c0 = cnt64(d, CARD_CNT_CYCLES_LO);
	cpu0 = proc_cpu_s(sim.pid);
	t0 = now();
	do {
		run(hw, flows, ROUND_OPS);
		cpu1 = proc_cpu_s(sim.pid);
	} while (cpu0 >= 0 && cpu1 >= 0 && cpu1 - cpu0 < MIN_CPU_S);
	t1 = now();
	c1 = cnt64(d, CARD_CNT_CYCLES_LO);
	if (cpu0 < 0 || cpu1 <= cpu0) {
		fprintf(stderr, "bench_cardsim_speed: %s: no CPU time of cardsim in /proc\n", name);
		mppe_engine_close(hw);
		cardsim_stop(&sim, 0);
		return -1;
	}
	printf("BENCH cardsim_speed board=%s engines=%u flows=%u clk=%llu cpu_s=%.2f clk_per_s=%.0f clk_per_wall_s=%.0f\n",
	       name, card_rd(d, CARD_CAP_NUM_ENGINES), mppe_engine_max_flows(hw), (unsigned long long)(c1 - c0),
	       cpu1 - cpu0, (double)(c1 - c0) / (cpu1 - cpu0), (double)(c1 - c0) / (t1 - t0));
	fflush(stdout);
	mppe_engine_close(hw);
	cardsim_stop(&sim, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_cardsim_speed NAME=CARDSIM_BINARY ...\n");
		return 2;
	}
	/* the simulator on a loaded machine is slow in wall time: operations
	 * must not time out in the driver */
	setenv("MPPE_CARD_TIMEOUT_MS", "120000", 0);
	for (int i = 1; i < argc; i++) {
		char name[64];
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof(name)) {
			fprintf(stderr, "bench_cardsim_speed: %s: not NAME=PATH\n", argv[i]);
			return 2;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i]), argv[i]);
		if (measure(name, eq + 1) < 0)
			return 1;
	}
	return 0;
}
