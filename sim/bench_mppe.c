/*
 * Benchmarks of the RTL MPPE engine from the cycle-accurate simulation,
 * next to the software engine (libmppe) measured on one core in the same run.
 *
 *   bench_mppe [--fmax-file docs/synth-report.md] [--fmax-board litefury] [--keystream] [--sw]
 *              [--board-engines N --link-gbps G [--board-config NAME]]
 *
 * Lines (one per result):
 *   BENCH rtl_keystream bytes_per_clk=...
 *   BENCH rtl_mppe mode=stateful size=1400 engines=1 bytes_per_clk=... clk_per_pkt=...
 *         fmax_board=... fmax_est_mhz=... gbps_at_fmax=... sw_gbps=...
 * gbps_at_fmax converts bytes per clock at the board's Fmax estimate
 * (logic levels after synth_xilinx, docs/synth-report.md; an estimate).
 *   BENCH card_board board=litefury mode=stateless size=1400 engines=1 fmax_est_mhz=...
 *         gbps_est=... mpps_est=... link_fraction=... vs_sw_core=... [target_... met=yes|no]
 * card_board is the board configuration's aggregate (--board-engines, the
 * engines of hdl/boards/<board>/board.mk; printed only by the model built
 * with that many engines) at the board's Fmax estimate, against its PCIe
 * link (--link-gbps per direction, before TLP overhead) and against one
 * core of the software engine measured in this run. Targets (the card
 * throughput issue): 1400-octet stateless >= 8 Gbit/s, 64-octet stateless
 * >= 2 M packets/s, both >= 2 x one software core. --board-config names a
 * configuration other than the board's built one (config=small: the small
 * engines of BOARD_SMALL_* in board.mk, Fmax from their blocks' synthesis).
 *   BENCH verilator_speed clk_per_s=...
 * bytes_per_clk is the whole card's (all engines); clk_per_pkt is clocks per
 * packet per engine (engines * clocks / packets); size is the plaintext
 * (protocol + data) length of ENCRYPT operations over 64 flows. Every result
 * is checked against the reference engine, whole (status, length and every
 * octet), so a fast wrong answer fails.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mppe/engine.h"
#include "mppe/mppe.h"
#include "bench_sw.h"
#include "tb_drv.h"

#define BENCH_FLOWS 64u

#define BENCH_MAX_OUT 2100u                /* > MPPE_MAX_PAYLOAD + 4 header octets */

static uint64_t results, mismatches;
/* Each expected result, whole, by tag (a run has at most 200,000 * 8 / 64
 * + 64 operations, so its tags do not wrap). */
static uint8_t (*expect_data)[BENCH_MAX_OUT];
static uint16_t expect_len[65536];

static void on_result(const struct tb_res *r, void *arg)
{
	unsigned t = r->tag & 0xffff;
	(void)arg;
	if (r->status != MPPE_OK || r->len != expect_len[t] || r->len > BENCH_MAX_OUT ||
	    memcmp(r->data, expect_data[t], r->len))
		mismatches++;
	results++;
}

/* The board's Fmax estimate: the line "board=NAME fmax_est_mhz=F" of
 * docs/synth-report.md (make synth-report), or "board=NAME config=C
 * fmax_est_mhz=F" of docs/synth-blocks.md (make synth-blocks-report). */
static const char *fmax_board = "litefury";
static const char *board_config;     /* NULL: the board's built configuration */

static double read_fmax(const char *file, const char *board)
{
	char line[512], key[128];
	double f = 0;
	FILE *fp = file ? fopen(file, "r") : NULL;

	if (!fp)
		return 0;
	if (board_config)
		snprintf(key, sizeof key, "board=%s config=%s fmax_est_mhz=", board, board_config);
	else
		snprintf(key, sizeof key, "board=%s fmax_est_mhz=", board);
	while (fgets(line, sizeof(line), fp)) {
		const char *p = strstr(line, key);
		if (p == line) {
			f = strtod(p + strlen(key), NULL);
			break;
		}
	}
	fclose(fp);
	return f;
}

static uint32_t create_flows(bool stateful, uint32_t base)
{
	for (unsigned i = 0; i < BENCH_FLOWS; i++) {
		struct tb_ctx_req rq = { .cmd = 1, .flow = base + i, .dir = 0, .stateful = stateful,
					 .key_bits = 128 };
		struct tb_pins r;
		for (unsigned k = 0; k < 16; k++)
			rq.start_key[k] = (uint8_t)(i * 7 + k);
		if (!drv_ctx(&rq, &r) || TB_RSP(r, STATUS) != MPPE_OK) {
			fprintf(stderr, "bench: flow create failed\n");
			exit(1);
		}
	}
	return base;
}

static double sim_clk_per_s;
static unsigned board_engines;       /* 0: no card_board lines */
static double link_gbps;

static void bench_mppe(bool stateful, unsigned size, unsigned npkts, double fmax, uint32_t base)
{
	static struct tb_op op;
	struct mppe_flow ref[BENCH_FLOWS];
	uint64_t c0 = 0, c1;
	double t0 = 0, t1;
	size_t ol;

	for (unsigned i = 0; i < BENCH_FLOWS; i++) {
		struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = stateful };
		for (unsigned k = 0; k < 16; k++)
			p.start_key[k] = (uint8_t)(i * 7 + k);
		mppe_flow_init(&ref[i], &p);
	}
	create_flows(stateful, base);
	/* first packet of every flow (first session key) outside the measurement */
	results = mismatches = 0;
	for (unsigned n = 0; n < npkts + BENCH_FLOWS; n++) {
		unsigned fl = n % BENCH_FLOWS;
		static uint8_t out[2100];
		if (n == BENCH_FLOWS) {
			if (!drv_drain(10000000)) {
				fprintf(stderr, "bench: hang\n");
				exit(1);
			}
			c0 = tb_cycles();
			t0 = now();
		}
		op.tag = n & 0xffff;
		op.flow = base + fl;
		op.op = MPPE_OP_ENCRYPT;
		op.len = (uint16_t)size;
		for (unsigned k = 0; k < size; k++)
			op.data[k] = (uint8_t)(n + k);
		op.data[0] = 0x00;
		op.data[1] = 0x21;
		mppe_flow_encrypt(&ref[fl], op.data, size, out, sizeof(out), &ol);
		expect_len[op.tag] = (uint16_t)ol;
		memcpy(expect_data[op.tag], out, ol);
		drv_submit(&op);
	}
	if (!drv_drain(10000000)) {
		fprintf(stderr, "bench: hang\n");
		exit(1);
	}
	c1 = tb_cycles();
	t1 = now();
	if (mismatches || results != npkts + BENCH_FLOWS) {
		fprintf(stderr, "bench: %" PRIu64 " results wrong of %" PRIu64 "\n", mismatches, results);
		exit(1);
	}
	double clk = (double)(c1 - c0), sw = sw_gbps(stateful, size);
	double bpc = (double)npkts * size / clk;
	unsigned e = tb_num_engines();
	printf("BENCH rtl_mppe mode=%s size=%u engines=%u bytes_per_clk=%.3f bytes_per_clk_per_engine=%.3f"
	       " clk_per_pkt=%.1f fmax_board=%s fmax_est_mhz=%.1f gbps_at_fmax=%.3f sw_gbps=%.3f\n",
	       stateful ? "stateful" : "stateless", size, e, bpc, bpc / e, clk * e / npkts, fmax_board, fmax,
	       bpc * 8 * fmax / 1000.0, sw);
	if (board_engines == e) {
		double gbps = bpc * 8 * fmax / 1000.0;
		double mpps = (double)npkts / clk * fmax;
		printf("BENCH card_board board=%s%s%s mode=%s size=%u engines=%u fmax_est_mhz=%.1f gbps_est=%.3f"
		       " mpps_est=%.3f link_fraction=%.3f vs_sw_core=%.3f sw_core_gbps=%.3f",
		       fmax_board, board_config ? " config=" : "", board_config ? board_config : "",
		       stateful ? "stateful" : "stateless", size, e, fmax, gbps, mpps,
		       gbps / link_gbps, gbps / sw, sw);
		if (!stateful && size == 1400)
			printf(" target_gbps=8 target_vs_sw_core=2 met=%s",
			       gbps >= 8 && gbps >= 2 * sw ? "yes" : "no");
		else if (!stateful && size == 64)
			printf(" target_mpps=2 target_vs_sw_core=2 met=%s",
			       mpps >= 2 && gbps >= 2 * sw ? "yes" : "no");
		printf(" estimate=fmax_logic_levels\n");
	}
	fflush(stdout);
	sim_clk_per_s = clk / (t1 - t0);
	for (unsigned i = 0; i < BENCH_FLOWS; i++) {
		struct tb_ctx_req rq = { .cmd = 2, .flow = base + i };
		struct tb_pins r;
		drv_ctx(&rq, &r);
		mppe_flow_wipe(&ref[i]);
	}
}

/* Keystream: marginal clocks per keystream octet of SELFTEST_RC4, measured
 * with the discard count (the engine generates and drops `skip` octets, so
 * the output path does not enter the measurement). */
static void bench_keystream(void)
{
	static struct tb_op op;
	uint64_t t[2];
	unsigned skip[2] = { 0, 60000 };

	for (unsigned i = 0; i < 2; i++) {
		uint64_t c0;
		memset(&op, 0, sizeof(op));
		op.op = 4;
		op.len = 20 + 16;
		for (unsigned k = 0; k < 16; k++)
			op.data[k] = (uint8_t)k;
		op.data[16] = 16;
		op.data[18] = (uint8_t)(skip[i] & 0xff);
		op.data[19] = (uint8_t)(skip[i] >> 8);
		op.tag = 0;
		expect_len[0] = 16;
		c0 = tb_cycles();
		drv_submit(&op);
		drv_drain(1000000);
		t[i] = tb_cycles() - c0;
	}
	printf("BENCH rtl_keystream bytes_per_clk=%.3f octets=%u clk=%" PRIu64
	       " ksa_and_fixed_clk=%" PRIu64 "\n", (double)skip[1] / (double)(t[1] - t[0]), skip[1],
	       t[1] - t[0], t[0]);
}

int main(int argc, char **argv)
{
	const char *fmax_file = NULL;
	bool keystream = false;
	double fmax;
	static const unsigned sizes[] = { 64, 576, 1400 };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--fmax-file") && i + 1 < argc)
			fmax_file = argv[++i];
		else if (!strcmp(argv[i], "--fmax-board") && i + 1 < argc)
			fmax_board = argv[++i];
		else if (!strcmp(argv[i], "--keystream"))
			keystream = true;
		else if (!strcmp(argv[i], "--board-engines") && i + 1 < argc)
			board_engines = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--link-gbps") && i + 1 < argc)
			link_gbps = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--board-config") && i + 1 < argc)
			board_config = argv[++i];
	}
	fmax = read_fmax(fmax_file, fmax_board);
	if (board_engines && link_gbps <= 0) {
		fprintf(stderr, "bench: --board-engines needs --link-gbps\n");
		return 2;
	}
	expect_data = calloc(65536, sizeof(*expect_data));
	if (!expect_data)
		return 1;
	if (drv_open(argc, argv, NULL, on_result, NULL) < 0)
		return 1;
	if (keystream)
		bench_keystream();
	for (unsigned st = 0; st < 2; st++)
		for (unsigned s = 0; s < 3; s++) {
			unsigned bytes = 200000u * tb_num_engines();
			unsigned n = bytes / sizes[s];
			if (n < 4 * BENCH_FLOWS)
				n = 4 * BENCH_FLOWS;
			bench_mppe(st == 0, sizes[s], n, fmax, 0);
		}
	printf("BENCH verilator_speed clk_per_s=%.0f engines=%u flows=%u\n", sim_clk_per_s,
	       tb_num_engines(), tb_num_flows());
	drv_close();
	return 0;
}
