/*
 * Test bench of the engine farm (hdl/mppe_farm.v: RC4 lanes fed by a pool
 * of key-change units; stateless transmit flows) against the software
 * engine, libmppe's mppe_flow_encrypt() (driver/mppe_flow.c), byte for byte:
 * every flow ID of the model (nflows) is created as a stateless
 * transmit flow with its own start key, key length (40, 56, 128 bits) and
 * first count (counts wrap past 4095 on some), and sends packets; each
 * result's status, MPPE header and ciphertext must be the reference's.
 * Also: packets the reference refuses (short, too long, a protocol RFC 3078
 * section 3 does not carry), flows that do not exist (destroyed, never
 * created, beyond the model's flows) or receive, flows destroyed and created
 * again between packets, random gaps on the input and stalls on the output.
 * A result is matched to its packet by the tag it carries (the packet's
 * index), and must name the packet's flow; results of different flows may
 * finish out of order (another lane), one flow's must come in the order its
 * packets went in (mppe/engine.h). Contexts go through the farm's context port (the
 * engine's, contract/mppe_ctx_bus.txt): each CREATE / DESTROY answered OK,
 * a CREATE of a live flow and a DESTROY of a free one refused, and at the
 * end a READ of every flow ID gives libmppe's counters (packets, octets,
 * key changes, next count) for the packets it encrypted.
 * A directed test (test_skip_beside_writeback) moves a refused packet's
 * dispatch across a key unit's write-back, one clock at a time, so that
 * some refusal goes out in the very clock another lane is released.
 *
 *   tb_farm [--seed N] [--packets N]      (cmocka; every flow sends at least 2)
 *   tb_farm --bench SIZE [--fmax MHZ --link-gbps G] [--packets N]
 *
 * --bench: the steady state of packets of SIZE octets over every flow (input
 * always offered, output always taken), each result still checked against
 * libmppe; prints
 *   BENCH farm_sim lanes=L units=K unit_ch=C flows=F mode=stateless size=S clocks_per_packet=...
 * and with --fmax (the farm configuration's Fmax ESTIMATE, logic levels of
 * its blocks synthesized alone: docs/synth-blocks.md) the board aggregate
 * against the PCIe link and one core of the software engine measured in
 * this run (sim/bench_sw.h):
 *   BENCH card_board board=litefury config=farm mode=stateless size=S engines=L units=K
 *         unit_ch=C fmax_est_mhz=... gbps_est=... mpps_est=... link_fraction=... vs_sw_core=... met=...
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bench_sw.h"
#include "farm_pins.h"
#include "mppe_codes.h"
#include "mppe_ctx_bus.h"
#include "mppe/crypto.h"
#include "mppe/mppe.h"
#include "tb_rng.h"

#define OP_ENCRYPT 1u
#define MAX_IN     2100u       /* octets a packet may carry in the test (TOO_LONG beyond 2048) */
/* rc4_ks.v DUAL of the lanes' and the channels' RC4 cores */
static const char *const rc4_core_names[4] = {"bram", "lane_dp", "unit_dp", "dp"};
#define RC4_CORE_NAME (rc4_core_names[fm_rc4_dual() & 3])

static unsigned seed = 1, npackets = 2000, bench_size;
static double bench_fmax, bench_link_gbps;

static struct fm_pins p;
static uint64_t clocks;

/* reference flows, one per flow ID of the model, and which exist */
static unsigned nflows;
static struct mppe_flow *ref;
static bool *exists;
static unsigned *outstanding;   /* packets in the farm */

/* a packet: its input words and the expected result */
struct pkt {
	unsigned flow, len, status;
	uint8_t in[MAX_IN + 8];
	uint8_t out[MAX_IN + 8];   /* header + ciphertext (status OK) */
	bool done;
};
static struct pkt *pk;
static unsigned n_pk, n_sent, n_done;

/* the packet being fed: word index (0 = descriptor) */
static unsigned feed_pk, feed_w;
/* the result being read */
static bool rd_busy;
static unsigned rd_flow, rd_len, rd_status, rd_w, rd_tag;
static uint8_t rd_hdr[2];
static uint8_t rd_buf[MAX_IN + 8];
static unsigned out_stall_pct, in_gap_pct;

static void make_flow(unsigned f, bool rx)
{
	struct mppe_flow_params fp;
	static const unsigned bits[3] = {40, 56, 128};
	unsigned kb = rnd() % 3;

	memset(&fp, 0, sizeof fp);
	fp.dir = rx ? MPPE_DIR_RX : MPPE_DIR_TX;
	fp.key_bits = bits[kb];
	fp.stateful = false;
	for (unsigned i = 0; i < sizeof fp.start_key; i++)
		fp.start_key[i] = (uint8_t)rnd();
	/* some counts just before the wrap past 4095 */
	fp.first_ccount = (uint16_t)((rnd() % 4 == 0) ? 4094 + rnd() % 2 : rnd() % 4096);
	assert_int_equal(mppe_flow_init(&ref[f], &fp), 0);
	exists[f] = true;
	memset(p.ctx_req, 0, sizeof p.ctx_req);
	MPPE_CTX_REQ_SET(p.ctx_req, CMD, MPPE_CTX_CREATE);
	MPPE_CTX_REQ_SET(p.ctx_req, FLOW, f);
	MPPE_CTX_REQ_SET(p.ctx_req, DIR, rx);
	MPPE_CTX_REQ_SET(p.ctx_req, STATEFUL, 0);
	MPPE_CTX_REQ_SET(p.ctx_req, KEY_BITS, fp.key_bits);
	MPPE_CTX_REQ_SET(p.ctx_req, FIRST_CCOUNT, fp.first_ccount);
	for (unsigned i = 0; i < 16; i++)
		mppe_bus_set(p.ctx_req, MPPE_CTX_REQ_START_KEY_LSB + 8 * i, 8, fp.start_key[i]);
	crypto_wipe(&fp, sizeof fp);
}

static void destroy_flow(unsigned f)
{
	if (exists[f])
		mppe_flow_wipe(&ref[f]);
	exists[f] = false;
	memset(p.ctx_req, 0, sizeof p.ctx_req);
	MPPE_CTX_REQ_SET(p.ctx_req, CMD, MPPE_CTX_DESTROY);
	MPPE_CTX_REQ_SET(p.ctx_req, FLOW, f);
}

static void read_flow(unsigned f)
{
	memset(p.ctx_req, 0, sizeof p.ctx_req);
	MPPE_CTX_REQ_SET(p.ctx_req, CMD, MPPE_CTX_READ);
	MPPE_CTX_REQ_SET(p.ctx_req, FLOW, f);
}

/* one context request, held until the farm takes it; its response (the
 * packets keep flowing meanwhile); the request's key is wiped */
static void cycle(void);
static unsigned ctx_request(void)
{
	p.ctx_req_valid = 1;
	for (unsigned n = 0;; n++) {
		fm_eval(&p);
		if (p.ctx_req_ready)
			break;
		if (n > 100000)
			fail_msg("context port never ready");
		cycle();
	}
	cycle();
	p.ctx_req_valid = 0;
	memset(p.ctx_req, 0, sizeof p.ctx_req);
	p.ctx_rsp_ready = 1;
	for (unsigned n = 0;; n++) {
		fm_eval(&p);
		if (p.ctx_rsp_valid)
			break;
		if (n > 100000)
			fail_msg("context port never answered");
		cycle();
	}
	unsigned st = (unsigned)MPPE_CTX_RSP_GET(p.ctx_rsp, STATUS);
	cycle();
	p.ctx_rsp_ready = 0;
	return st;
}

static void ctx_write(void)
{
	unsigned st = ctx_request();
	if (st != MPPE_OK)
		fail_msg("context request answered %s", mppe_status_name(st));
}

/* a new packet of flow f (len octets), its expected result computed now,
 * in submission order: the flow's key changes happen in that order */
static void add_packet(unsigned f, unsigned len, bool good_proto)
{
	struct pkt *k = &pk[n_pk++];

	memset(k, 0, sizeof *k);
	k->flow = f;
	k->len = len;
	for (unsigned i = 0; i < len && i < MAX_IN; i++)
		k->in[i] = (uint8_t)rnd();
	if (len >= 2) {
		/* RFC 3078 section 3: 0x0021..0x00f9, odd (both ends sometimes) */
		unsigned r = rnd() % 8;
		k->in[0] = 0x00;
		k->in[1] = (uint8_t)(r == 0 ? 0x21 : r == 1 ? 0xf9 : 0x21 + 2 * (rnd() % 109));
		if (!good_proto) {
			static const uint8_t bad[][2] = {{0x00, 0x20}, {0x00, 0xfb}, {0x00, 0x1f}, {0x01, 0x21}, {0x80, 0x21}};
			memcpy(k->in, bad[rnd() % 5], 2);
		}
	}
	if (f >= nflows || !exists[f]) {
		k->status = MPPE_ERR_BAD_FLOW;
	} else {
		size_t olen = 0;
		k->status = mppe_flow_encrypt(&ref[f], k->in, len, k->out, sizeof k->out, &olen);
		if (k->status == MPPE_OK && olen != len + 2)
			fail_msg("reference output length %zu for %u", olen, len);
	}
	if (f < nflows)
		outstanding[f]++;   /* every packet reads its flow's context */
}

static uint64_t word_of(const uint8_t *b, unsigned w)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)b[8 * w + i] << (8 * i);
	return v;
}

static void check_result(void)
{
	struct pkt *k = NULL;
	for (unsigned i = rd_tag; i < n_sent; i += 0x10000u)
		if (!pk[i].done) {
			k = &pk[i];
			break;
		}
	if (!k || k->flow != rd_flow || k->len != rd_len || k->status != rd_status ||
	    (rd_status == MPPE_OK && (k->out[0] != rd_hdr[0] || k->out[1] != rd_hdr[1])))
		fail_msg("result tag %u flow %u len %u status %s header %02x %02x: not that packet's result "
			 "(clock %" PRIu64 ")", rd_tag, rd_flow, rd_len, mppe_status_name(rd_status), rd_hdr[0],
			 rd_hdr[1], clocks);
	for (struct pkt *o = pk; o < k; o++)
		if (!o->done && o->flow == k->flow)
			fail_msg("flow %u: the result of packet %u before that of packet %u", k->flow,
				 (unsigned)(k - pk), (unsigned)(o - pk));
	if (rd_status == MPPE_OK && memcmp(rd_buf, k->out + 2, rd_len) != 0) {
		unsigned at = 0;
		while (rd_buf[at] == k->out[2 + at])
			at++;
		fail_msg("flow %u count %u len %u: ciphertext differs from libmppe's at octet %u (%02x, want %02x)",
			 rd_flow, ((rd_hdr[0] & 0xfu) << 8) | rd_hdr[1], rd_len, at, rd_buf[at], k->out[2 + at]);
	}
	k->done = true;
	n_done++;
	if (k->flow < nflows)
		outstanding[k->flow]--;
}

static void cycle(void)
{
	/* the inputs of this clock, the outputs before its edge, the edge */
	p.in_valid = 0;
	if (feed_pk < n_sent && rnd() % 100 >= in_gap_pct) {
		struct pkt *k = &pk[feed_pk];
		p.in_valid = 1;
		p.in_data = feed_w == 0 ? ((uint64_t)OP_ENCRYPT << 32 | (uint64_t)k->flow << 16 | k->len)
					: word_of(k->in, feed_w - 1);
		p.in_tag = (uint16_t)feed_pk;
	}
	p.out_ready = (uint8_t)(rnd() % 100 >= out_stall_pct);
	fm_eval(&p);
	bool in_took = p.in_valid && p.in_ready, out_took = p.out_valid && p.out_ready;
	uint64_t d = p.out_data;
	unsigned tag = p.out_tag;
	fm_cycle(&p);
	clocks++;
	if (in_took) {
		struct pkt *k = &pk[feed_pk];
		feed_w++;
		if (feed_w == 1 + (k->len + 7) / 8) {
			feed_pk++;
			feed_w = 0;
		}
	}
	if (!out_took)
		return;
	if (getenv("TB_TRACE"))
		fprintf(stderr, "%" PRIu64 " out %016" PRIx64 "\n", clocks, d);
	if (!rd_busy) {
		rd_len = (unsigned)(d & 0xfff);
		rd_flow = (unsigned)((d >> 16) & 0xffff);
		rd_status = (unsigned)((d >> 32) & 0xf);
		rd_hdr[0] = (uint8_t)(d >> 40);
		rd_hdr[1] = (uint8_t)(d >> 48);
		rd_tag = tag;
		rd_w = 0;
		rd_busy = rd_status == MPPE_OK && rd_len > 0;
		if (!rd_busy)
			check_result();
	} else {
		if (tag != rd_tag)
			fail_msg("tag %u within the result of tag %u", tag, rd_tag);
		for (unsigned i = 0; i < 8; i++)
			rd_buf[8 * rd_w + i] = (uint8_t)(d >> (8 * i));
		rd_w++;
		if (rd_w == (rd_len + 7) / 8) {
			rd_busy = false;
			check_result();
		}
	}
}

/* run until every sent packet has its result */
static void drain(void)
{
	uint64_t limit = clocks + 2000000;
	while (n_done < n_sent) {
		if (clocks > limit)
			fail_msg("%u of %u results after 2M clocks", n_done, n_sent);
		cycle();
	}
}

static void reset(void)
{
	/* the bench's side too: the farm forgets its flows and packets */
	n_pk = n_sent = n_done = feed_pk = feed_w = 0;
	rd_busy = false;
	for (unsigned f = 0; f < nflows; f++) {
		if (exists[f])
			mppe_flow_wipe(&ref[f]);
		exists[f] = false;
		outstanding[f] = 0;
	}
	p.rst_n = 0;
	cycle();
	cycle();
	p.rst_n = 1;
	cycle();
}

static unsigned pick_len(void)
{
	unsigned r = rnd() % 100;
	if (r < 60)
		return 2 + rnd() % 80;
	if (r < 85)
		return 80 + rnd() % 1500;
	if (r < 95)
		return 1400 + rnd() % 649;    /* up to 2048 */
	return rnd() % 2;                     /* SHORT */
}

static void test_farm(void **state)
{
	(void)state;
	pk = calloc(npackets + 4 * nflows + 64, sizeof *pk);
	assert_non_null(pk);
	reset();
	/* every flow ID: stateless transmit, a few receive, one never created */
	for (unsigned f = 0; f < nflows; f++) {
		if (f == nflows / 2 + 1)
			continue;
		make_flow(f, f % 37 == 5);
		ctx_write();
	}
	out_stall_pct = 10;
	in_gap_pct = 10;
	/* round 1 and 2: every flow, in order, then in reverse (the flow-ID range) */
	for (unsigned r = 0; r < 2; r++)
		for (unsigned i = 0; i < nflows; i++) {
			unsigned f = r ? nflows - 1 - i : i;
			unsigned l = pick_len();
			add_packet(f, l < 2 ? 2 : l > 2048 ? 2048 : l, true);
		}
	n_sent = n_pk;
	drain();
	/* random traffic, with refusals, bursts of one flow, flows beyond the
	 * model, and flows destroyed / created again while nothing of theirs is
	 * in the farm */
	unsigned recreated = 0, destroyed = 0;
	while (n_pk < npackets + 2 * nflows) {
		unsigned f = rnd() % nflows, burst = (rnd() % 8 == 0) ? 2 + rnd() % 6 : 1;
		if (rnd() % 200 == 0)
			f = nflows + rnd() % 100;
		for (unsigned b = 0; b < burst; b++) {
			unsigned len = pick_len();
			if (rnd() % 50 == 0)
				len = 2049 + rnd() % 40;      /* TOO_LONG */
			add_packet(f, len, rnd() % 30 != 0);
		}
		n_sent = n_pk;
		for (unsigned c = rnd() % 400; c; c--)
			cycle();
		if (rnd() % 40 == 0) {
			unsigned g = rnd() % nflows;
			while (outstanding[g])
				cycle();
			if (rnd() % 3 == 0) {
				bool was = exists[g];
				destroy_flow(g);
				/* DESTROY of a free flow: refused, as mppe_ctx_port does */
				if (ctx_request() != (was ? MPPE_OK : MPPE_ERR_BAD_FLOW))
					fail_msg("DESTROY of flow %u (%s) answered wrongly", g, was ? "live" : "free");
				destroyed++;
			} else {
				if (exists[g]) {
					/* CREATE of a live flow: refused, the flow unchanged */
					struct mppe_flow keep = ref[g];
					make_flow(g, false);
					if (ctx_request() != MPPE_ERR_BAD_FLOW)
						fail_msg("CREATE of live flow %u not refused", g);
					mppe_flow_wipe(&ref[g]);
					ref[g] = keep;
					destroy_flow(g);
					ctx_write();
				}
				make_flow(g, rnd() % 10 == 0);
				ctx_write();
				recreated++;
			}
		}
	}
	drain();
	/* READ: the counters of every flow ID (and one beyond) */
	for (unsigned f = 0; f <= nflows; f++) {
		read_flow(f);
		unsigned st = ctx_request();
		if (f == nflows || !exists[f]) {
			if (st != MPPE_ERR_BAD_FLOW)
				fail_msg("READ of flow %u (none) answered %s", f, mppe_status_name(st));
			continue;
		}
		struct mppe_counters c;
		mppe_flow_counters(&ref[f], &c);
		if (st != MPPE_OK || MPPE_CTX_RSP_GET(p.ctx_rsp, PACKETS) != c.packets ||
		    MPPE_CTX_RSP_GET(p.ctx_rsp, BYTES) != c.bytes ||
		    MPPE_CTX_RSP_GET(p.ctx_rsp, KEY_CHANGES) != c.key_changes ||
		    MPPE_CTX_RSP_GET(p.ctx_rsp, NEXT_CCOUNT) != c.next_ccount ||
		    MPPE_CTX_RSP_GET(p.ctx_rsp, KEY_BITS) != c.key_bits || MPPE_CTX_RSP_GET(p.ctx_rsp, DIR) != c.dir ||
		    MPPE_CTX_RSP_GET(p.ctx_rsp, STATEFUL) != 0)
			fail_msg("READ of flow %u: %s packets %" PRIu64 " octets %" PRIu64 " key changes %" PRIu64
				 " next count %" PRIu64 "; libmppe %" PRIu64 " %" PRIu64 " %" PRIu64 " %u",
				 f, mppe_status_name(st), MPPE_CTX_RSP_GET(p.ctx_rsp, PACKETS),
				 MPPE_CTX_RSP_GET(p.ctx_rsp, BYTES), MPPE_CTX_RSP_GET(p.ctx_rsp, KEY_CHANGES),
				 MPPE_CTX_RSP_GET(p.ctx_rsp, NEXT_CCOUNT), c.packets, c.bytes, c.key_changes,
				 (unsigned)c.next_ccount);
	}
	/* every packet's result came out exactly once */
	for (unsigned i = 0; i < n_pk; i++)
		if (!pk[i].done)
			fail_msg("packet %u (flow %u) has no result", i, pk[i].flow);
	unsigned ok = 0;
	for (unsigned i = 0; i < n_pk; i++)
		ok += pk[i].status == MPPE_OK;
	printf("mppe_farm (%u lanes, %u key channels, %u a SHA-1 core, %u flows): %u packets (%u encrypted) match libmppe's "
	       "mppe_flow_encrypt byte for byte over every flow ID, and its counters (READ); %u flows created again, %u destroyed; "
	       "%" PRIu64 " clocks (seed %u)\n",
	       fm_lanes(), fm_units(), fm_unit_ch(), nflows, n_pk, ok, recreated, destroyed, clocks, seed);
	for (unsigned f = 0; f < nflows; f++) {
		if (exists[f])
			mppe_flow_wipe(&ref[f]);
		exists[f] = false;
	}
	free(pk);
}

/* A refused packet (no encryption) leaves the farm by its lane's go with
 * skip, set at its dispatch; a key unit's write-back sets another lane's go
 * in the same always block. Random traffic (test_farm) rarely puts the two
 * in one clock (seed 1 never did: a mutant dropping the refused lane's go
 * when a write-back shares its clock passed it). Here a packet on flow 0
 * keeps one unit busy, and a refused packet on another flow follows it d
 * clocks later, d from 0 to the first packet's whole latency (its result
 * out, so past its unit's write-back, which no port shows); the farm runs
 * alone each time (no input gaps, no output stalls), so its clocks repeat
 * and one d puts the refusal's dispatch on the write-back's clock. Two
 * kinds of refusal, one for each way to it: SHORT (the loader's status) and
 * a flow that does not exist (the context read's). */
static void test_skip_beside_writeback(void **state)
{
	(void)state;
	pk = calloc(8, sizeof *pk);
	assert_non_null(pk);
	reset();
	make_flow(0, false);
	ctx_write();
	make_flow(1, false);
	ctx_write();
	out_stall_pct = 0;
	in_gap_pct = 0;
	/* the latency of flow 0's second packet (its first also derives the
	 * first session key) */
	for (unsigned i = 0; i < 2; i++) {
		n_pk = n_sent = n_done = feed_pk = 0;
		add_packet(0, 2, true);
		n_sent = n_pk;
		drain();
	}
	uint64_t t0 = clocks;
	n_pk = n_sent = n_done = feed_pk = 0;
	add_packet(0, 2, true);
	n_sent = n_pk;
	drain();
	unsigned lat = (unsigned)(clocks - t0), trials = 0;
	for (unsigned kind = 0; kind < 2; kind++)
		for (unsigned d = 0; d <= lat; d++) {
			/* pk[] holds one trial: each drained before the next */
			n_pk = n_sent = n_done = feed_pk = 0;
			add_packet(0, 2, true);
			n_sent = n_pk;
			for (unsigned c = 0; c < d; c++)
				cycle();
			add_packet(kind ? 2 : 1, kind ? 2 : 0, true);   /* flow 2 never created; SHORT */
			n_sent = n_pk;
			drain();
			if (pk[1].status != (kind ? MPPE_ERR_BAD_FLOW : MPPE_ERR_SHORT))
				fail_msg("kind %u: the second packet's status %s", kind, mppe_status_name(pk[1].status));
			trials++;
		}
	printf("mppe_farm: %u refused packets offered 0..%u clocks after a packet with a result after %u clocks; "
	       "every result matches libmppe\n", trials, lat, lat);
	mppe_flow_wipe(&ref[0]);
	mppe_flow_wipe(&ref[1]);
	exists[0] = exists[1] = false;
	free(pk);
}

/* Steady state: packets of bench_size octets over every flow, the input
 * always offered, the output always taken; first one packet per flow (its
 * first session key costs two more SHA-1 blocks), then npackets, and the
 * clocks per packet measured over the second half of those (the farm is
 * full by then). */
static int bench(void)
{
	pk = calloc(nflows + npackets, sizeof *pk);
	if (!pk)
		return 1;
	reset();
	for (unsigned f = 0; f < nflows; f++) {
		make_flow(f, false);
		ctx_write();
	}
	for (unsigned i = 0; i < nflows + npackets; i++)
		add_packet(i % nflows, bench_size, true);
	n_sent = n_pk;
	uint64_t t_half = 0;
	unsigned half = nflows + npackets / 2;
	while (n_done < n_sent) {
		cycle();
		if (n_done == half && !t_half)
			t_half = clocks;
		if (clocks > 100000000u) {
			fprintf(stderr, "bench: no progress\n");
			return 1;
		}
	}
	uint64_t t_end = clocks;
	double cpp = (double)(t_end - t_half) / (double)(n_sent - half);
	printf("BENCH farm_sim lanes=%u units=%u unit_ch=%u rc4_core=%s flows=%u mode=stateless size=%u packets=%u "
	       "clocks_per_packet=%.1f all_match_libmppe=yes\n",
	       fm_lanes(), fm_units(), fm_unit_ch(), RC4_CORE_NAME, nflows, bench_size, n_sent - half, cpp);
	if (bench_fmax > 0 && bench_link_gbps > 0) {
		double mpps = bench_fmax / cpp, gbps = mpps * bench_size * 8 / 1000.0, sw = sw_gbps(false, bench_size);
		printf("BENCH card_board board=litefury config=farm mode=stateless size=%u engines=%u units=%u unit_ch=%u "
		       "rc4_core=%s fmax_est_mhz=%.1f gbps_est=%.3f mpps_est=%.3f link_fraction=%.3f vs_sw_core=%.3f "
		       "sw_core_gbps=%.3f",
		       bench_size, fm_lanes(), fm_units(), fm_unit_ch(), RC4_CORE_NAME, bench_fmax, gbps, mpps, gbps / bench_link_gbps, gbps / sw, sw);
		if (bench_size == 1400)
			printf(" target_gbps=8 target_vs_sw_core=2 met=%s", gbps >= 8 && gbps >= 2 * sw ? "yes" : "no");
		else if (bench_size == 64)
			printf(" target_mpps=2 target_vs_sw_core=2 met=%s", mpps >= 2 && gbps >= 2 * sw ? "yes" : "no");
		printf(" estimate=fmax_logic_levels clocks=simulated\n");
	}
	free(pk);
	return 0;
}

/* in cmocka, so that a wrong result fails as in the test */
static void test_bench(void **state)
{
	(void)state;
	assert_int_equal(bench(), 0);
}

int main(int argc, char **argv)
{
	/* --bench SIZE [--fmax F --link-gbps G] first (tb_args knows one count option) */
	while (argc >= 3 && (!strcmp(argv[1], "--bench") || !strcmp(argv[1], "--fmax") ||
			     !strcmp(argv[1], "--link-gbps"))) {
		if (!strcmp(argv[1], "--bench")) {
			bench_size = (unsigned)strtoul(argv[2], NULL, 0);
			npackets = 1000;
		} else if (!strcmp(argv[1], "--fmax")) {
			bench_fmax = strtod(argv[2], NULL);
		} else {
			bench_link_gbps = strtod(argv[2], NULL);
		}
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (tb_args(argc, argv, "tb_farm", "--packets", &seed, &npackets))
		return 2;
	fm_open(argc, argv);
	nflows = fm_flows();
	ref = calloc(nflows, sizeof *ref);
	exists = calloc(nflows, sizeof *exists);
	outstanding = calloc(nflows, sizeof *outstanding);
	if (!ref || !exists || !outstanding)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_farm),
		cmocka_unit_test(test_skip_beside_writeback),
	};
	const struct CMUnitTest benches[] = {
		cmocka_unit_test(test_bench),
	};
	int rc = bench_size ? cmocka_run_group_tests(benches, NULL, NULL) : cmocka_run_group_tests(tests, NULL, NULL);
	fm_close();
	free(ref);
	free(exists);
	free(outstanding);
	return rc;
}
