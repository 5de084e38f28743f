/*
 * PPP library benchmarks (no sockets, no TUN: the library alone, back to
 * back in memory through the software MPPE engine).
 *   BENCH ppp_setup sessions_per_s=...      full LCP + MS-CHAPv2 + IPCP + CCP/MPPE-128,
 *                                           server and client session both computed here
 *   BENCH ppp_lib_datapath engine=sw sessions=N size=N mode=... pps=... mbps=... raw_engine_mbps=...
 *       IP packets encrypted by one session and decrypted by its peer; the
 *       anchor is the raw engine encrypting the same sizes in the same run.
 * The daemon-level `BENCH datapath` (TUN + GRE sockets) belongs to pnsd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mppe/engine.h"
#include "ppp.h"

struct link;

struct end {
	struct link *l;
	int side;
	struct ppp_session *s;
	uint64_t rx_ip, rx_bytes;
	bool up;
};

#define QN 64
struct link {
	struct end e[2];
	uint8_t q[2][QN][1600];
	uint16_t qlen[2][QN];
	unsigned qh[2], qt[2];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int b_send(void *ctx, const uint8_t *f, size_t len)
{
	struct end *e = ctx;
	struct link *l = e->l;
	int to = !e->side;

	if (l->qt[to] - l->qh[to] == QN || len > 1600)
		return -1;
	memcpy(l->q[to][l->qt[to] % QN], f, len);
	l->qlen[to][l->qt[to] % QN] = (uint16_t)len;
	l->qt[to]++;
	return 0;
}

/* Timers never fire in a benchmark that completes in one pass. */
static void b_tstart(void *ctx, struct ppp_timer *t, unsigned ms) { (void)ctx; (void)ms; t->armed = true; }
static void b_tstop(void *ctx, struct ppp_timer *t) { (void)ctx; t->armed = false; }

static void b_deliver(void *ctx, const uint8_t *pkt, size_t len)
{
	struct end *e = ctx;

	(void)pkt;
	e->rx_ip++;
	e->rx_bytes += len;
}

static void b_event(void *ctx, enum ppp_event ev, const char *r)
{
	struct end *e = ctx;

	(void)r;
	if (ev == PPP_EV_NETWORK_UP)
		e->up = true;
}

static struct mppe_engine *engine;
static struct ppp_datapath *dp;
static struct ppp_authenticator authr;
static struct ppp_pool *pool;

static void pump(struct link *l)
{
	bool busy = true;

	while (busy) {
		busy = false;
		for (int i = 0; i < 2; i++) {
			while (l->qh[i] != l->qt[i]) {
				unsigned k = l->qh[i]++ % QN;

				ppp_input(l->e[i].s, l->q[i][k], l->qlen[i][k]);
				busy = true;
			}
		}
		if (ppp_datapath_dispatch(dp, 1024) > 0)
			busy = true;
	}
}

static int link_up(struct link *l, bool stateful)
{
	struct ppp_config sc, cc;

	memset(l, 0, sizeof(*l));
	ppp_config_defaults(&sc, true);
	sc.mppe.strength = PPP_MPPE_128;
	sc.mppe.required = true;
	sc.mppe.stateful = stateful;
	sc.local_addr = 0x0A000001;
	sc.pool = pool;
	ppp_config_defaults(&cc, false);
	cc.mppe.strength = PPP_MPPE_128;
	snprintf(cc.user, sizeof(cc.user), "alice");
	snprintf(cc.password, sizeof(cc.password), "secret-Pass1");
	for (int i = 0; i < 2; i++) {
		struct ppp_lower lo = { .ctx = &l->e[i], .send = b_send, .timer_start = b_tstart,
					.timer_stop = b_tstop, .deliver_ip = b_deliver, .event = b_event };

		l->e[i].l = l;
		l->e[i].side = i;
		l->e[i].s = ppp_session_new(i ? &cc : &sc, &lo, dp, i ? NULL : &authr);
		if (!l->e[i].s)
			return -1;
	}
	ppp_session_start(l->e[0].s);
	ppp_session_start(l->e[1].s);
	pump(l);
	return l->e[0].up && l->e[1].up ? 0 : -1;
}

static void link_free(struct link *l)
{
	ppp_session_free(l->e[0].s);
	ppp_session_free(l->e[1].s);
}

static void bench_setup(unsigned n)
{
	static struct link l;
	double t0 = now();

	for (unsigned i = 0; i < n; i++) {
		if (link_up(&l, false) < 0) {
			fprintf(stderr, "bench_ppp: session %u did not come up\n", i);
			exit(1);
		}
		link_free(&l);
	}
	printf("BENCH ppp_setup where=library sessions_per_s=%.0f sessions=%u note=server+client_both_in_this_process\n",
	       n / (now() - t0), n);
}

static double raw_engine_mbps(size_t size, unsigned n, bool stateful)
{
	struct mppe_flow_params p = { .dir = MPPE_DIR_TX, .key_bits = 128, .stateful = stateful };
	static uint8_t in[64][1600], out[64][1610];
	struct mppe_completion c[64];
	uint32_t flow;
	double t0;
	unsigned done = 0;

	memset(p.start_key, 0x5a, 16);
	if (mppe_flow_create(engine, &p, &flow) < 0)
		exit(1);
	for (int i = 0; i < 64; i++) {
		memset(in[i], i, size + 2);
		in[i][0] = 0x00;
		in[i][1] = 0x21;
	}
	t0 = now();
	while (done < n) {
		struct mppe_op ops[64];
		int got;

		for (int i = 0; i < 64; i++)
			ops[i] = (struct mppe_op){ .cookie = (uint64_t)i, .flow = flow, .opcode = MPPE_OP_ENCRYPT,
						   .in = in[i], .in_len = (uint16_t)(size + 2), .out = out[i],
						   .out_cap = sizeof(out[i]) };
		if (mppe_submit(engine, ops, 64) != 64)
			exit(1);
		while ((got = mppe_poll(engine, c, 64)) > 0)
			done += (unsigned)got;
	}
	mppe_flow_destroy(engine, flow);
	return (double)done * (double)size * 8 / (now() - t0) / 1e6;
}

/* The aggregate of both directions in Mbit/s; printed as a BENCH line unless quiet. */
static double bench_datapath(unsigned sessions, size_t size, unsigned n, bool stateful, bool quiet)
{
	struct link *l = calloc(sessions, sizeof(*l));
	uint8_t pkt[1600];
	uint64_t got = 0;
	double t0, dt, raw;

	for (unsigned i = 0; i < sessions; i++)
		if (!l || link_up(&l[i], stateful) < 0) {
			fprintf(stderr, "bench_ppp: link %u did not come up\n", i);
			exit(1);
		}
	/* a valid IPv4 header: the receive flows check it (verify_ipv4) before they commit */
	memset(pkt, 0xab, size);
	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(size >> 8);
	pkt[3] = (uint8_t)size;
	pkt[8] = 64;
	pkt[9] = 17;
	pkt[12] = 10, pkt[15] = 2, pkt[16] = 10, pkt[19] = 1;
	{
		uint32_t sum = 0;

		for (int i = 0; i < 20; i += 2)
			sum += (uint32_t)(pkt[i] << 8 | pkt[i + 1]);
		while (sum >> 16)
			sum = (sum & 0xFFFF) + (sum >> 16);
		pkt[10] = (uint8_t)(~sum >> 8);
		pkt[11] = (uint8_t)~sum;
	}
	t0 = now();
	/* Bursts of 32 packets per round (both directions of every session),
	 * then the engine's completions are collected: batches, as in the daemon. */
	for (unsigned sent = 0; sent < n;) {
		for (unsigned i = 0; i < sessions; i++) {
			unsigned burst = sessions >= 32 ? 1 : 32 / sessions;

			for (unsigned j = 0; j < burst; j++)
				ppp_send_ip(l[i].e[j & 1].s, pkt, size);
			sent += burst;
		}
		for (unsigned i = 0; i < sessions; i++)
			pump(&l[i]);
	}
	dt = now() - t0;
	for (unsigned i = 0; i < sessions; i++) {
		got += l[i].e[0].rx_ip + l[i].e[1].rx_ip;
		link_free(&l[i]);
	}
	free(l);
	if (quiet)
		return (double)got * (double)size * 8 / dt / 1e6;
	raw = raw_engine_mbps(size, 100000, stateful);
	printf("BENCH ppp_lib_datapath engine=sw sessions=%u size=%zu mode=%s pps=%.0f mbps=%.1f "
	       "raw_engine_mbps=%.1f\n", sessions, size, stateful ? "stateful" : "stateless",
	       (double)got / dt, (double)got * (double)size * 8 / dt / 1e6, raw);
	return (double)got * (double)size * 8 / dt / 1e6;
}

int main(int argc, char **argv)
{
	struct ppp_userdb *db;
	unsigned scale = 1;

	engine = mppe_engine_open("sw");
	dp = engine ? ppp_datapath_new(engine) : NULL;
	if (argc == 3 && !strcmp(argv[1], "raw")) {
		/* bench_ppp raw SIZE: the anchor for BENCH datapath (stateless, as it runs) */
		printf("%.1f\n", raw_engine_mbps((size_t)atoi(argv[2]), 200000, false));
		mppe_engine_close(engine);
		return 0;
	}
	if (argc > 1)
		scale = (unsigned)atoi(argv[1]);
	db = ppp_userdb_new();
	pool = ppp_pool_new("bench", 0x0A000100, 0x0A00FFFF);
	if (!engine || !db || !pool)
		return 1;
	ppp_userdb_add(db, "alice", "secret-Pass1");
	ppp_userdb_authenticator(db, &authr);
	if (argc == 5 && !strcmp(argv[1], "lib")) {
		/* bench_ppp lib SESSIONS SIZE stateless|stateful: the anchor of BENCH
		 * datapath, Mbit/s of IP delivered (both directions together) */
		unsigned n = (unsigned)atoi(argv[2]);
		size_t size = (size_t)atoi(argv[3]);

		printf("%.1f\n", bench_datapath(n, size, n > 1000 ? 20 * n : 200000, !strcmp(argv[4], "stateful"),
						 true));
		ppp_pool_free(pool);
		ppp_userdb_free(db);
		mppe_engine_close(engine);
		return 0;
	}
	bench_setup(2000 * scale);
	for (unsigned s = 1; s <= 100; s *= 100) {
		static const size_t sizes[] = { 64, 576, 1400 };

		for (int i = 0; i < 3; i++) {
			bench_datapath(s, sizes[i], 100000 * scale, false, false);
			bench_datapath(s, sizes[i], 100000 * scale, true, false);
		}
	}
	ppp_pool_free(pool);
	ppp_userdb_free(db);
	mppe_engine_close(engine);
	return 0;
}
