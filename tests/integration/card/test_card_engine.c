/*
 * The card through the whole stack against the software engine, byte for
 * byte: the engine API (driver/card/card_engine.c) over the vfio-user
 * client, cardsim, the host interface, the RTL MPPE engines and the
 * management core's firmware.
 *
 *   test_card_engine [--ops N] [--flows N] [--seed N] [--batch N] [--dma-latency CLOCKS]
 *                    [--dma-ack-latency CLOCKS] [--dma-stall PERCENT] [--tlp] [--spread] [--farm]
 *
 * Without --dma-latency/--dma-ack-latency cardsim's defaults apply
 * (sim/cardsim/cardsim_defaults.h: a realistic read latency).
 *
 * --tlp: cardsim serves the card through its PCIe adapter with TLPs
 * (hdl/pcie/, docs/pcie.md), so the same comparison covers the adapter.
 * --spread: the card's flows are spread over its whole flow-ID range (the
 * firmware hands out the lowest free ID, so without it the flows are
 * 0..N-1): every ID is first taken by a filler flow, a random set of them
 * (always including the highest) is freed for the links, and the fillers
 * are destroyed once the links exist.
 *
 * --farm: the card has the engine farm beside its engines (card_top FARM=1,
 * cardsim-farm): every ENCRYPT of a stateless transmit flow (2..2048 octets)
 * must have gone through the farm, which cardsim counts (--stats: the card's
 * farm_ops), so a card that steers them elsewhere fails even though its
 * results are right.
 *
 * Links of a transmit and a receive flow are created with the same
 * parameters on both engines (every key length, both modes). Rounds of
 * operations follow: encrypts of random packets (and CCP resets) on the
 * transmit flows, then decrypts of what the software engine sent, with loss,
 * duplication and reordering injected. One flow's completions must come in
 * the order its operations were submitted. Every completion - status, flags,
 * coherency count, length and output bytes - must equal the software
 * engine's; at the end every flow's counters must too.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "card/card_engine.h"
#include "cardsim_proc.h"
#include "mppe/engine.h"

#define MAXPKT 1600

struct link {
	uint32_t sw_tx, sw_rx, hw_tx, hw_rx;
	unsigned key_bits;
	bool stateful;
};

struct opbuf {
	struct mppe_op sw, hw;
	uint8_t in[MAXPKT + 8];
	uint8_t out_sw[MAXPKT + 8], out_hw[MAXPKT + 8];
	struct mppe_completion c_sw, c_hw;
	bool done_hw;
};

static unsigned long long checked, failures;
static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static struct cardsim_proc sim;

/* after 20 failures the rest is noise; the simulator must not outlive us */
static void give_up(void)
{
	cardsim_stop(&sim, 0);
	exit(1);
}

#define FAIL(...) do { fprintf(stderr, "test_card_engine: " __VA_ARGS__); fputc('\n', stderr); \
		if (++failures > 20) give_up(); } while (0)

static void run_sw(struct mppe_engine *sw, struct opbuf *o, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct mppe_completion c;
		if (mppe_submit(sw, &o[i].sw, 1) != 1 || mppe_poll(sw, &c, 1) != 1)
			FAIL("software engine refused an operation");
		o[i].c_sw = c;
	}
}

/* Submits everything (with back-pressure) and collects every completion. */
static void run_hw(struct mppe_engine *hw, struct opbuf *o, unsigned n, unsigned batch, bool use_irq)
{
	unsigned sent = 0, got = 0;
	struct mppe_completion c[256];
	struct mppe_op *ops = malloc(sizeof(*ops) * n);
	int ep = -1;

	for (unsigned i = 0; i < n; i++) {
		ops[i] = o[i].hw;
		ops[i].cookie = i;
		o[i].done_hw = false;
	}
	if (use_irq) {
		struct epoll_event ev = { .events = EPOLLIN };
		ep = epoll_create1(0);
		epoll_ctl(ep, EPOLL_CTL_ADD, mppe_event_fd(hw), &ev);
	}
	while (got < n) {
		int r;
		if (sent < n) {
			unsigned k = n - sent < batch ? n - sent : batch;
			r = mppe_submit(hw, ops + sent, k);
			if (r < 0) {
				FAIL("submit: %s", strerror(errno));
				break;
			}
			sent += (unsigned)r;
		}
		if (use_irq && sent == n) {
			struct epoll_event ev;
			if (epoll_wait(ep, &ev, 1, 10000) != 1) {
				FAIL("no interrupt within 10 s (%u of %u done)", got, n);
				break;
			}
			mppe_ack_event(hw);
		}
		r = mppe_poll(hw, c, 256);
		if (r == 0 && !use_irq) {
			/* polling mode, nothing yet: give the simulator the CPU for a moment */
			struct timespec ts = { 0, 100000 };
			nanosleep(&ts, NULL);
		}
		for (; r > 0; r = mppe_poll(hw, c, 256)) {
			for (int i = 0; i < r; i++) {
				uint64_t k = c[i].cookie;
				if (k >= n || o[k].done_hw) {
					FAIL("completion for cookie %" PRIu64 " that is not outstanding", k);
					continue;
				}
				/* mppe/engine.h: one flow's operations complete in
				 * submission order (a stateless receiver drops a
				 * late count, so a reordering card loses packets) */
				for (uint64_t e = 0; e < k; e++)
					if (!o[e].done_hw && ops[e].flow == ops[k].flow) {
						FAIL("flow %u: operation %" PRIu64 " completed before %" PRIu64,
						     ops[k].flow, k, e);
						break;
					}
				o[k].c_hw = c[i];
				o[k].done_hw = true;
				got++;
			}
		}
	}
	if (ep >= 0)
		close(ep);
	free(ops);
}

static void compare(struct opbuf *o, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct mppe_completion *a = &o[i].c_sw, *b = &o[i].c_hw;
		checked++;
		if (a->status != b->status || a->flags != b->flags || a->ccount != b->ccount ||
		    a->out_len != b->out_len || a->opcode != b->opcode ||
		    (a->status == MPPE_OK && memcmp(o[i].out_sw, o[i].out_hw, a->out_len))) {
			FAIL("op %u (opcode %u, len %u): sw %s flags %u cc %u len %u / card %s flags %u cc %u len %u%s",
			     i, a->opcode, o[i].sw.in_len, mppe_status_name(a->status), a->flags, a->ccount,
			     a->out_len, mppe_status_name(b->status), b->flags, b->ccount, b->out_len,
			     a->status == b->status && a->out_len == b->out_len ? " (bytes differ)" : "");
		}
	}
}

static void fill_plaintext(uint8_t *p, unsigned len)
{
	p[0] = 0x00;
	/* mostly protocols MPPE carries (odd, 0x21..0xfb), sometimes not */
	p[1] = rnd() % 16 ? (uint8_t)(0x21 + 2 * (rnd() % 109)) : (uint8_t)rnd();
	for (unsigned i = 2; i < len; i++)
		p[i] = (uint8_t)rnd();
}

static unsigned pkt_len(void)
{
	/* mostly small, some MTU-sized, a few jumbo-ish up to 1500 */
	unsigned r = (unsigned)(rnd() % 100);
	if (r < 50)
		return 2 + (unsigned)(rnd() % 120);
	if (r < 85)
		return 2 + (unsigned)(rnd() % 600);
	return 2 + (unsigned)(rnd() % 1498);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ops", required_argument, NULL, 'o' }, { "flows", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' }, { "batch", required_argument, NULL, 'b' },
		{ "dma-latency", required_argument, NULL, 'l' }, { "dma-stall", required_argument, NULL, 'S' },
		{ "dma-ack-latency", required_argument, NULL, 'a' },
		{ "tlp", no_argument, NULL, 'T' }, { "spread", no_argument, NULL, 'p' },
		{ "farm", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned total_ops = 100000, nflows = 1000, batch = 64, round_ops = 2000;
	struct mppe_engine *hw, *sw;
	struct link *links;
	struct opbuf *tx, *rx;
	unsigned nlinks, done = 0, round = 0;
	char latency_arg[48] = "", ack_arg[48] = "", stall_arg[48] = "", stats_arg[96] = "", sim_args[256];
	char stats_path[64] = "";
	unsigned long long stateless_encrypts = 0;
	bool farm = false;
	const char *tlp_arg = "";
	struct card_engine_stats st;
	int c;
	bool spread = false;
	uint32_t *fillers = NULL, nfill = 0, id_lo = UINT32_MAX, id_hi = 0;

	while ((c = getopt_long(argc, argv, "o:f:s:b:l:a:S:TpF", opts, NULL)) != -1) {
		switch (c) {
		case 'o': total_ops = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'f': nflows = (unsigned)strtoul(optarg, NULL, 0); break;
		case 's': rng ^= strtoull(optarg, NULL, 0) * 0x9E3779B97F4A7C15ull; break;
		case 'b': batch = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'p': spread = true; break;
		case 'F': farm = true; break;
		case 'l': snprintf(latency_arg, sizeof(latency_arg), "--dma-latency=%lu", strtoul(optarg, NULL, 0)); break;
		case 'a': snprintf(ack_arg, sizeof(ack_arg), "--dma-ack-latency=%lu", strtoul(optarg, NULL, 0)); break;
		case 'S': snprintf(stall_arg, sizeof(stall_arg), "--dma-stall=%lu", strtoul(optarg, NULL, 0)); break;
		case 'T': tlp_arg = "--tlp"; break;   /* the card behind its PCIe adapter (docs/pcie.md) */
		default: return 2;
		}
	}
	nlinks = nflows / 2;
	if (!nlinks || !batch)
		return 2;
	if (farm) {
		snprintf(stats_path, sizeof(stats_path), "/tmp/test_card_engine-%d.stats", (int)getpid());
		unlink(stats_path);
		snprintf(stats_arg, sizeof(stats_arg), "--stats %s", stats_path);
	}
	snprintf(sim_args, sizeof(sim_args), "%s %s %s %s %s", latency_arg, ack_arg, stall_arg, tlp_arg, stats_arg);
	if (cardsim_start(&sim, sim_args) < 0) {
		perror("cardsim");
		return 1;
	}
	hw = mppe_engine_open(cardsim_spec(&sim));
	sw = mppe_engine_open("sw");
	if (!hw || !sw) {
		fprintf(stderr, "test_card_engine: open: %s\n", strerror(errno));
		cardsim_stop(&sim, 0);
		return 1;
	}
	if (strncmp(mppe_engine_label(hw), "Hardware (cardsim, ", 19) || strcmp(mppe_engine_kind(hw), "cardsim"))
		FAIL("label %s", mppe_engine_label(hw));

	if (spread) {
		/* fill the card, then free nflows IDs: the highest and random others */
		struct mppe_flow_params fp = { .dir = MPPE_DIR_TX, .key_bits = 128 };
		uint32_t id, nmax = mppe_engine_max_flows(hw);
		if (nmax < nflows)
			FAIL("--spread: %u flows do not fit the card's %u", nflows, nmax);
		fillers = calloc(nmax, sizeof(*fillers));
		while (fillers && nfill < nmax && mppe_flow_create(hw, &fp, &id) == 0)
			fillers[nfill++] = id;
		if (!fillers || nfill != nmax)
			FAIL("--spread: %u filler flows created of %u: %s", nfill, nmax, strerror(errno));
		for (unsigned k = 0; k < nflows && !failures; k++) {
			uint32_t pick = k == 0 ? nfill - 1 : (uint32_t)(rnd() % (nfill - 1));
			if (fillers[pick] == UINT32_MAX) {
				k--;                                /* already freed: draw again */
				continue;
			}
			if (mppe_flow_destroy(hw, fillers[pick]))
				FAIL("--spread: destroy filler %u: %s", fillers[pick], strerror(errno));
			fillers[pick] = UINT32_MAX;
		}
	}
	links = calloc(nlinks, sizeof(*links));
	for (unsigned l = 0; l < nlinks; l++) {
		static const unsigned bits[3] = { 40, 56, 128 };
		struct mppe_flow_params p = { .key_bits = bits[l % 3], .stateful = (l / 3) % 2,
					      .first_ccount = (uint16_t)(rnd() % 4096) };
		for (unsigned k = 0; k < 16; k++)
			p.start_key[k] = (uint8_t)rnd();
		links[l].key_bits = p.key_bits;
		links[l].stateful = p.stateful;
		p.dir = MPPE_DIR_TX;
		if (mppe_flow_create(sw, &p, &links[l].sw_tx) || mppe_flow_create(hw, &p, &links[l].hw_tx))
			FAIL("flow create tx %u: %s", l, strerror(errno));
		p.dir = MPPE_DIR_RX;
		p.max_rekeys = (uint16_t)(l % 5 == 0 ? 4 : 0);
		if (mppe_flow_create(sw, &p, &links[l].sw_rx) || mppe_flow_create(hw, &p, &links[l].hw_rx))
			FAIL("flow create rx %u: %s", l, strerror(errno));
	}
	for (uint32_t k = 0; k < nfill; k++)
		if (fillers[k] != UINT32_MAX && mppe_flow_destroy(hw, fillers[k]))
			FAIL("--spread: destroy filler %u: %s", fillers[k], strerror(errno));
	free(fillers);
	for (unsigned l = 0; l < nlinks; l++) {
		uint32_t a = links[l].hw_tx < links[l].hw_rx ? links[l].hw_tx : links[l].hw_rx;
		uint32_t b = links[l].hw_tx > links[l].hw_rx ? links[l].hw_tx : links[l].hw_rx;
		id_lo = a < id_lo ? a : id_lo;
		id_hi = b > id_hi ? b : id_hi;
	}
	if (failures)
		goto out;

	tx = calloc(round_ops, sizeof(*tx));
	rx = calloc(round_ops * 2, sizeof(*rx));
	while (done < total_ops) {
		unsigned ntx = (total_ops - done) / 2 < round_ops ? (total_ops - done + 1) / 2 : round_ops;
		unsigned nrx = 0;
		unsigned *link_of = malloc(sizeof(unsigned) * ntx);
		/* encrypts (and a few CCP resets) */
		for (unsigned i = 0; i < ntx; i++) {
			struct opbuf *o = &tx[i];
			unsigned l = (unsigned)(rnd() % nlinks), len = pkt_len();
			bool reset = rnd() % 50 == 0;
			link_of[i] = l;
			fill_plaintext(o->in, len);
			o->sw = (struct mppe_op){ .cookie = i, .flow = links[l].sw_tx,
				.opcode = reset ? MPPE_OP_RESET : MPPE_OP_ENCRYPT, .in = o->in,
				.in_len = reset ? 0 : (uint16_t)len, .out = o->out_sw, .out_cap = MAXPKT + 2 };
			o->hw = o->sw;
			o->hw.flow = links[l].hw_tx;
			o->hw.out = o->out_hw;
			stateless_encrypts += !reset && !links[l].stateful && len >= 2 && len <= 2048;
		}
		run_sw(sw, tx, ntx);
		run_hw(hw, tx, ntx, batch, round % 2 == 1);
		compare(tx, ntx);
		/* the receivers get what the software sender sent, with loss,
		 * duplicates and swaps */
		for (unsigned i = 0; i < ntx; i++) {
			unsigned r = (unsigned)(rnd() % 100);
			if (tx[i].c_sw.status != MPPE_OK || tx[i].sw.opcode != MPPE_OP_ENCRYPT || r < 5)
				continue;                                   /* lost */
			for (int copy = 0; copy < (r < 8 ? 2 : 1); copy++) {   /* duplicated */
				struct opbuf *o = &rx[nrx++];
				unsigned l = link_of[i];
				memcpy(o->in, tx[i].out_sw, tx[i].c_sw.out_len);
				o->sw = (struct mppe_op){ .cookie = nrx - 1, .flow = links[l].sw_rx,
					.opcode = MPPE_OP_DECRYPT, .in = o->in, .in_len = tx[i].c_sw.out_len,
					.out = o->out_sw, .out_cap = MAXPKT };
				o->hw = o->sw;
				o->hw.flow = links[l].hw_rx;
				o->hw.out = o->out_hw;
			}
			if (r >= 90 && nrx >= 2) {                          /* reordered */
				struct opbuf t = rx[nrx - 1];
				rx[nrx - 1] = rx[nrx - 2];
				rx[nrx - 2] = t;
				rx[nrx - 1].sw.in = rx[nrx - 1].hw.in = rx[nrx - 1].in;
				rx[nrx - 1].sw.out = rx[nrx - 1].out_sw;
				rx[nrx - 1].hw.out = rx[nrx - 1].out_hw;
				rx[nrx - 2].sw.in = rx[nrx - 2].hw.in = rx[nrx - 2].in;
				rx[nrx - 2].sw.out = rx[nrx - 2].out_sw;
				rx[nrx - 2].hw.out = rx[nrx - 2].out_hw;
			}
		}
		run_sw(sw, rx, nrx);
		run_hw(hw, rx, nrx, batch, round % 2 == 0);
		compare(rx, nrx);
		if (getenv("CARD_TEST_VERBOSE"))
			fprintf(stderr, "round %u: %u encrypts, %u decrypts\n", round, ntx, nrx);
		done += ntx + nrx;
		round++;
		free(link_of);
		if (failures)
			break;
	}
	/* every flow's counters */
	for (unsigned l = 0; l < nlinks && !failures; l++) {
		struct mppe_counters a, b;
		uint32_t f[2][2] = { { links[l].sw_tx, links[l].hw_tx }, { links[l].sw_rx, links[l].hw_rx } };
		for (int d = 0; d < 2; d++) {
			if (mppe_flow_read_counters(sw, f[d][0], &a) || mppe_flow_read_counters(hw, f[d][1], &b)) {
				FAIL("counters of link %u: %s", l, strerror(errno));
				continue;
			}
			if (a.packets != b.packets || a.bytes != b.bytes || a.key_changes != b.key_changes ||
			    a.ccp_resets != b.ccp_resets || a.rx_dropped != b.rx_dropped ||
			    a.rx_out_of_order != b.rx_out_of_order || a.rx_missed != b.rx_missed ||
			    a.next_ccount != b.next_ccount || a.sanity_errors != b.sanity_errors)
				FAIL("counters of link %u dir %d differ: packets %" PRIu64 "/%" PRIu64
				     " key_changes %" PRIu64 "/%" PRIu64 " next %u/%u", l, d, a.packets, b.packets,
				     a.key_changes, b.key_changes, a.next_ccount, b.next_ccount);
		}
	}
	card_engine_stats(hw, &st);
	if (st.bad_cqes || st.bad_lengths || st.timeouts || st.resets || st.fatal_errors || st.queue_errors)
		FAIL("driver saw bad completions %" PRIu64 ", bad lengths %" PRIu64 ", timeouts %" PRIu64
		     ", card fatal errors %" PRIu64 ", queues stopped %" PRIu64 ", resets %" PRIu64,
		     st.bad_cqes, st.bad_lengths, st.timeouts, st.fatal_errors, st.queue_errors, st.resets);
	free(tx);
	free(rx);
out:
	printf("test_card_engine: %llu operations over %u flows (IDs %u..%u; %u links, every key length,"
	       " both modes) compared with the software engine: %s\n", checked, nlinks * 2, id_lo, id_hi,
	       nlinks, failures ? "FAILED" : "all equal");
	mppe_engine_close(hw);
	mppe_engine_close(sw);
	free(links);
	cardsim_stop(&sim, 0);
	if (farm) {
		/* cardsim wrote the card's count as it stopped; the management
		 * core's self-test sends one stateless encrypt a boot too */
		FILE *f = fopen(stats_path, "r");
		unsigned long long farm_ops = 0;
		if (!f || fscanf(f, "farm_ops=%llu", &farm_ops) != 1) {
			fprintf(stderr, "test_card_engine: --farm: no statistics from cardsim (%s)\n", stats_path);
			failures++;
		} else {
			printf("test_card_engine: %llu operations through the engine farm; %llu stateless encrypts "
			       "sent (each must have gone there)\n", farm_ops, stateless_encrypts);
			if (farm_ops < stateless_encrypts || stateless_encrypts == 0) {
				fprintf(stderr, "test_card_engine: --farm: the farm took %llu operations, fewer than the "
					"%llu stateless encrypts\n", farm_ops, stateless_encrypts);
				failures++;
			}
		}
		if (f)
			fclose(f);
		unlink(stats_path);
	}
	return failures ? 1 : 0;
}
