/*
 * pptp-client: the client side of PPTP (sends SCCRQ, then one OCRQ per
 * call) and a load generator: N control connections x M calls at a given
 * rate against one server, reporting how many came up and how fast.
 *
 *   pptp-client -s SERVER [-p PORT] [-b LOCAL] [-n TUNNELS] [-m CALLS]
 *               [-r TUNNELS_PER_S] [-H HOLD_S] [-T stop|clear|close]
 *               [-e ECHO_S] [-w RWS] [--data PPS --count N --size BYTES]
 *               [-d CATEGORY]... | --tcp-anchor
 *
 * Output (one line each, key=value): "setup ...", "data ...", "teardown ...".
 * Exit status 0 only when every tunnel and call came up (and, with --data,
 * every packet sent was acknowledged by the server).
 *
 * --data sends test traffic on every call: PPP frames carrying IPv4/UDP
 * packets (FF 03 00 21 ...), so that captures decode as PPP; there is no
 * PPP negotiation behind them. That is the PPP layer's job: with --user,
 * every call that comes up also gets a PPP session (vaccess/client_ppp.h),
 * and this load generator's upper layer forwards what the call reports to it.
 */
#include "common/evloop.h"
#include "common/log.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "vaccess/client_ppp.h"
#include "pns_version.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

enum teardown { TD_STOP, TD_CLEAR, TD_CLOSE };
enum phase { PH_SETUP, PH_HOLD, PH_CLEARING, PH_STOPPING, PH_DONE };

struct lg_call {
	struct pptp_call *call;
	const struct pptp_upper_ops *ppp_ops;   /* PPP session on this call, if any */
	void *ppp;
	uint32_t tunnel;
	bool up, failed, down;
	uint64_t rx;
	uint32_t to_send;
};

struct lg_tunnel {
	struct pptp_ctrl *ctrl;
	bool up, failed, down;
};

struct lg {
	struct ev_loop *loop;
	struct gre_sock *gre;
	struct pptp_ctx *ctx;
	struct sockaddr_in server, local;
	bool have_local;
	uint32_t n, m, rate, data_pps, data_count, data_size;
	int hold_s;
	enum teardown td;
	enum phase phase;
	struct lg_tunnel *tunnels;
	struct lg_call *calls;
	uint32_t started, tunnels_up, tunnels_failed, tunnels_down, calls_up, calls_failed, calls_down;
	uint64_t t0_ns, t_setup_ns, t_teardown_ns;
	struct ev_timer start_timer, hold_timer, data_timer, phase_timer, poll_timer;
	struct ev_io sio;
	int sfd;
	int exit_code;
	bool ppp_resolved, hold_started;   /* hold_start() */
	uint8_t frame[GRE_MAX_PAYLOAD];
};

static struct lg G;
static struct client_ppp *ppp_client;     /* --user: a PPP session on every call */

static double secs(uint64_t ns) { return (double)ns / 1e9; }

static void setup_done_check(struct lg *g);
static void teardown_check(struct lg *g);

/* ---- the load generator's upper layer on each call ---- */

static void lg_call_up(void *upper, struct pptp_call *call)
{
	struct lg_call *lc = upper;

	lc->up = true;
	lc->to_send = G.data_count;
	G.calls_up++;
	if (ppp_client && client_ppp_attach(ppp_client, call, &lc->ppp_ops, &lc->ppp) < 0) {
		lc->ppp_ops = NULL;
		lc->down = true;
		G.calls_down++;
		pptp_call_close(call);
		lc->call = NULL;
	}
	setup_done_check(&G);
}

static void lg_ppp_frame(void *upper, const uint8_t *f, size_t len)
{
	struct lg_call *lc = upper;

	lc->rx++;
	if (lc->ppp_ops && lc->ppp_ops->on_ppp_frame)
		lc->ppp_ops->on_ppp_frame(lc->ppp, f, len);
}

static void lg_call_down(void *upper, enum pptp_down_reason r)
{
	struct lg_call *lc = upper;

	if (!lc->up && !lc->failed) {
		lc->failed = true;
		G.calls_failed++;
		log_notice("call on tunnel %u failed: %s", lc->tunnel, pptp_down_reason_str(r));
	} else if (!lc->down) {
		lc->down = true;
		G.calls_down++;
	}
	if (lc->ppp_ops && lc->ppp_ops->on_call_down)
		lc->ppp_ops->on_call_down(lc->ppp, r);
	lc->ppp_ops = NULL;
	lc->call = NULL;
	setup_done_check(&G);
	teardown_check(&G);
}

static void lg_alarm(void *upper, bool set)
{
	struct lg_call *lc = upper;

	if (lc->ppp_ops && lc->ppp_ops->on_flow_alarm)
		lc->ppp_ops->on_flow_alarm(lc->ppp, set);
}

static void lg_sli(void *upper, uint32_t s, uint32_t r)
{
	struct lg_call *lc = upper;

	if (lc->ppp_ops && lc->ppp_ops->on_set_link_info)
		lc->ppp_ops->on_set_link_info(lc->ppp, s, r);
}

static const struct pptp_upper_ops lg_ops = {
	.on_call_up = lg_call_up,
	.on_ppp_frame = lg_ppp_frame,
	.on_call_down = lg_call_down,
	.on_flow_alarm = lg_alarm,
	.on_set_link_info = lg_sli,
};

/* ---- tunnels ---- */

static void ctrl_up(void *arg, struct pptp_ctrl *c)
{
	struct lg *g = arg;
	uint32_t t = (uint32_t)(uintptr_t)pptp_ctrl_user(c);

	g->tunnels[t].up = true;
	g->tunnels_up++;
	for (uint32_t k = 0; k < g->m; k++) {
		struct lg_call *lc = &g->calls[t * g->m + k];
		lc->tunnel = t;
		lc->call = pptp_ctrl_open_call(c, &lg_ops, lc);
		if (lc->call == NULL) {
			lc->failed = true;
			g->calls_failed++;
		}
	}
	setup_done_check(g);
}

static void ctrl_down(void *arg, struct pptp_ctrl *c, enum pptp_down_reason r)
{
	struct lg *g = arg;
	uint32_t t = (uint32_t)(uintptr_t)pptp_ctrl_user(c);

	if (!g->tunnels[t].up && !g->tunnels[t].failed) {
		g->tunnels[t].failed = true;
		g->tunnels_failed++;
		log_notice("tunnel %u failed: %s", t, pptp_down_reason_str(r));
	} else if (!g->tunnels[t].down) {
		g->tunnels[t].down = true;
		g->tunnels_down++;
		if (g->phase < PH_STOPPING)
			log_notice("tunnel %u went down: %s", t, pptp_down_reason_str(r));
	}
	g->tunnels[t].ctrl = NULL;
	setup_done_check(g);
	teardown_check(g);
}

static void start_tunnel(struct lg *g)
{
	uint32_t t = g->started++;
	struct pptp_ctrl *c = pptp_ctrl_connect(g->ctx, &g->server, g->have_local ? &g->local : NULL);

	if (c == NULL) {
		g->tunnels[t].failed = true;
		g->tunnels_failed++;
		log_warn("tunnel %u: connect: %s", t, strerror(errno));
		return;
	}
	pptp_ctrl_set_user(c, (void *)(uintptr_t)t);
	g->tunnels[t].ctrl = c;
}

static void on_start_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct lg *g = t->arg;
	uint64_t elapsed = ev_clock_ns() - g->t0_ns;
	uint64_t due = g->rate ? (uint64_t)((double)elapsed / 1e9 * g->rate) + 1 : g->n;

	if (due > g->n)
		due = g->n;
	while (g->started < due)
		start_tunnel(g);
	if (g->started < g->n)
		ev_timer_start(loop, t, 1);
	setup_done_check(g);
}

/* ---- phases ---- */

static uint32_t calls_resolved(const struct lg *g)
{
	return g->calls_up + g->calls_failed;
}

static void print_setup(struct lg *g)
{
	double s = secs(g->t_setup_ns - g->t0_ns);
	printf("setup tunnels=%u tunnels_up=%u tunnels_failed=%u calls=%u calls_up=%u calls_failed=%u "
	       "seconds=%.3f tunnels_per_s=%.1f calls_per_s=%.1f\n", g->n, g->tunnels_up, g->tunnels_failed,
	       g->n * g->m, g->calls_up, g->calls_failed, s, s > 0 ? g->tunnels_up / s : 0.0,
	       s > 0 ? g->calls_up / s : 0.0);
	fflush(stdout);
}

static void begin_teardown(struct lg *g);

static void on_hold(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	begin_teardown(t->arg);
}

/* The hold (-H) starts once the calls are set up and, with PPP, once every
 * PPP session is up or gone (client_ppp_opts.all_resolved): -H 0 then tears
 * down sessions that were fully up. Calls that failed never start PPP, so
 * then the hold starts at once. */
static void hold_start(struct lg *g)
{
	if (g->phase != PH_HOLD || g->hold_s < 0 || g->hold_started)
		return;
	if (ppp_client && !g->ppp_resolved && g->calls_up == g->n * g->m)
		return;
	g->hold_started = true;
	ev_timer_start(g->loop, &g->hold_timer, (uint64_t)g->hold_s * 1000);
}

static void on_ppp_resolved(void *arg)
{
	struct lg *g = arg;

	g->ppp_resolved = true;
	hold_start(g);
}

static void setup_done_check(struct lg *g)
{
	uint32_t tunnels_resolved = g->tunnels_up + g->tunnels_failed;
	uint32_t expected_calls = g->tunnels_up * g->m + g->tunnels_failed * 0;

	if (g->phase != PH_SETUP || g->started < g->n || tunnels_resolved < g->n)
		return;
	/* calls of failed tunnels never started; of tunnels that came up, all must resolve */
	if (calls_resolved(g) < expected_calls)
		return;
	g->phase = PH_HOLD;
	g->t_setup_ns = ev_clock_ns();
	print_setup(g);
	if (g->tunnels_failed || g->calls_failed || g->calls_up < g->n * g->m)
		g->exit_code = 1;
	if (g->data_pps && g->data_count)
		ev_timer_start(g->loop, &g->data_timer, 0);
	hold_start(g);
}

/* ---- test traffic ---- */

static uint16_t ip_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* FF 03 00 21, then IPv4/UDP with a zero UDP checksum (allowed by RFC 768). */
static size_t build_frame(uint8_t *f, size_t size, uint32_t seq)
{
	size_t ip_len;

	if (size < 4 + 28)
		size = 4 + 28;
	if (size > GRE_MAX_PAYLOAD)
		size = GRE_MAX_PAYLOAD;
	ip_len = size - 4;
	memset(f, 0, size);
	f[0] = 0xff; f[1] = 0x03; f[2] = 0x00; f[3] = 0x21;
	uint8_t *ip = f + 4;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8); ip[3] = (uint8_t)ip_len;
	ip[4] = (uint8_t)(seq >> 8); ip[5] = (uint8_t)seq;
	ip[8] = 64; ip[9] = 17;
	ip[12] = 192; ip[13] = 0; ip[14] = 2; ip[15] = 100;     /* documentation addresses */
	ip[16] = 198; ip[17] = 51; ip[18] = 100; ip[19] = 1;
	uint16_t c = ip_csum(ip, 20);
	ip[10] = (uint8_t)(c >> 8); ip[11] = (uint8_t)c;
	uint8_t *udp = ip + 20;
	udp[0] = 0x9c; udp[1] = 0x40; udp[2] = 0x00; udp[3] = 0x09;   /* 40000 -> 9 (discard) */
	udp[4] = (uint8_t)((ip_len - 20) >> 8); udp[5] = (uint8_t)(ip_len - 20);
	for (size_t i = 28; i < ip_len; i++)
		ip[i] = (uint8_t)(seq + i);
	return size;
}

static void on_data_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct lg *g = t->arg;
	uint32_t per_tick = g->data_pps / 100 ? g->data_pps / 100 : 1;
	bool more = false;

	for (uint32_t i = 0; i < g->n * g->m; i++) {
		struct lg_call *lc = &g->calls[i];
		uint32_t k = per_tick < lc->to_send ? per_tick : lc->to_send;
		if (!lc->up || lc->down || lc->call == NULL || k == 0)
			continue;
		for (uint32_t j = 0; j < k; j++) {
			size_t n = build_frame(g->frame, g->data_size, lc->to_send);
			if (pptp_call_send(lc->call, g->frame, n) < 0)
				break;
			lc->to_send--;
		}
		more |= lc->to_send > 0;
	}
	if (more)
		ev_timer_start(loop, t, 10);
}

static void print_data(struct lg *g)
{
	uint64_t tx = 0, acked_calls = 0, zlb_rx = 0, up = 0, alarms = 0;

	for (uint32_t i = 0; i < g->n * g->m; i++) {
		struct pptp_call_info info;
		if (!g->calls[i].up || g->calls[i].call == NULL)
			continue;
		up++;
		pptp_call_get_info(g->calls[i].call, &info);
		tx += info.gre.tx_pkts;
		zlb_rx += info.gre.zlb_rx;
		alarms += info.gre.flow_alarms;
		if (info.ss > 0 && info.remote_nr == info.ss - 1)
			acked_calls++;
	}
	printf("data calls=%llu tx_pkts=%llu acked_calls=%llu zlb_rx=%llu flow_alarms=%llu\n",
	       (unsigned long long)up, (unsigned long long)tx, (unsigned long long)acked_calls,
	       (unsigned long long)zlb_rx, (unsigned long long)alarms);
	fflush(stdout);
	if (acked_calls != up)
		g->exit_code = 1;
}

static void finish(struct lg *g)
{
	if (g->phase == PH_DONE)
		return;
	g->phase = PH_DONE;
	g->t_teardown_ns = ev_clock_ns();
	printf("teardown mode=%s tunnels_down=%u calls_down=%u seconds=%.3f\n",
	       g->td == TD_STOP ? "stop" : g->td == TD_CLEAR ? "clear" : "close", g->tunnels_down,
	       g->calls_down, secs(g->t_teardown_ns - g->t_setup_ns));
	fflush(stdout);
	ev_break(g->loop);
}

static void stop_tunnels(struct lg *g)
{
	g->phase = PH_STOPPING;
	for (uint32_t t = 0; t < g->n; t++)
		if (g->tunnels[t].ctrl != NULL)
			pptp_ctrl_stop(g->tunnels[t].ctrl, PPTP_STOP_NONE, PPTP_DOWN_ADMIN);
	teardown_check(g);
}

static void teardown_check(struct lg *g)
{
	if (g->phase == PH_CLEARING) {
		/* each CCRQ is answered by a CDN, which ends the call */
		const struct pptp_ctx_stats *st = pptp_ctx_stats(g->ctx);
		if (st->calls_down >= g->calls_up + g->calls_failed) {
			printf("cleared calls=%llu\n", (unsigned long long)st->calls_down);
			fflush(stdout);
			stop_tunnels(g);
		}
		return;
	}
	if (g->phase == PH_STOPPING && pptp_ctx_tunnel_count(g->ctx) == 0)
		finish(g);
}

/* A cleared call reports nothing upward (its upper layer is detached), so
 * the CDNs are counted by polling the context's counters. */
static void on_poll_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct lg *g = t->arg;

	teardown_check(g);
	if (g->phase == PH_CLEARING)
		ev_timer_start(loop, t, 10);
}

static void on_phase_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct lg *g = t->arg;

	(void)loop;
	/* the server did not answer in time: give up waiting */
	log_warn("teardown timed out in phase %d", g->phase);
	g->exit_code = 1;
	finish(g);
}

static void begin_teardown(struct lg *g)
{
	if (g->phase >= PH_CLEARING)
		return;
	if (g->data_pps && g->data_count)
		print_data(g);
	if (ppp_client) {
		client_ppp_report(ppp_client, stdout);
		if (client_ppp_up(ppp_client) < g->calls_up)
			g->exit_code = 1;
	}
	ev_timer_stop(g->loop, &g->data_timer);
	ev_timer_start(g->loop, &g->phase_timer, 15000);
	switch (g->td) {
	case TD_CLOSE:
		/* like the Linux client: no Stop-Control-Connection, just close */
		g->phase = PH_STOPPING;
		g->tunnels_down = g->tunnels_up;
		g->calls_down = g->calls_up;
		finish(g);
		break;
	case TD_CLEAR:
		g->phase = PH_CLEARING;
		for (uint32_t i = 0; i < g->n * g->m; i++) {
			struct lg_call *lc = &g->calls[i];
			if (lc->call != NULL && lc->up && !lc->down) {
				struct pptp_call *c = lc->call;
				lc->down = true;
				g->calls_down++;
				lc->call = NULL;
				if (lc->ppp_ops && lc->ppp_ops->on_call_down)
					lc->ppp_ops->on_call_down(lc->ppp, PPTP_DOWN_ADMIN);
				lc->ppp_ops = NULL;
				pptp_call_close(c);
			}
		}
		teardown_check(g);
		if (g->phase == PH_CLEARING)
			ev_timer_start(g->loop, &g->poll_timer, 10);
		break;
	case TD_STOP:
		stop_tunnels(g);
		break;
	}
}

static void on_signal(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct lg *g = io->arg;
	struct signalfd_siginfo si;

	(void)loop;
	(void)events;
	while (read(g->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGUSR1) {
			printf("status tunnels=%u sessions=%u tunnels_up=%u calls_up=%u\n",
			       pptp_ctx_tunnel_count(g->ctx), pptp_ctx_session_count(g->ctx), g->tunnels_up,
			       g->calls_up);
			if (ppp_client)
				client_ppp_report(ppp_client, stdout);
			fflush(stdout);
		} else if (g->phase < PH_CLEARING) {
			if (g->phase == PH_SETUP) {
				g->t_setup_ns = ev_clock_ns();
				print_setup(g);
				g->exit_code = 1;
			}
			begin_teardown(g);
		} else {
			finish(g);
		}
	}
}

/* Anchor for the set-up benchmark: the same number of bare TCP connections
 * to the same server, all at once, timed until every one is established. */
static int tcp_anchor(const struct sockaddr_in *server, uint32_t n)
{
	int ep = epoll_create1(0), *fds = calloc(n, sizeof(int));
	uint32_t done = 0, failed = 0;
	uint64_t t0 = ev_clock_ns();
	struct epoll_event evs[256];

	if (ep < 0 || fds == NULL)
		return 1;
	for (uint32_t i = 0; i < n; i++) {
		struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = i };
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (fds[i] < 0 || (connect(fds[i], (const struct sockaddr *)server, sizeof(*server)) < 0 &&
				   errno != EINPROGRESS) || epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0)
			failed++;
	}
	while (done + failed < n) {
		int k = epoll_wait(ep, evs, 256, 5000);
		if (k <= 0)
			break;
		for (int i = 0; i < k; i++) {
			int err = 0;
			socklen_t l = sizeof(err);
			getsockopt(fds[evs[i].data.u32], SOL_SOCKET, SO_ERROR, &err, &l);
			err ? failed++ : done++;
			epoll_ctl(ep, EPOLL_CTL_DEL, fds[evs[i].data.u32], NULL);
		}
	}
	double s = (double)(ev_clock_ns() - t0) / 1e9;
	printf("anchor tcp_connects=%u failed=%u seconds=%.3f per_s=%.1f\n", done, failed, s, s > 0 ? done / s : 0);
	for (uint32_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	close(ep);
	return failed ? 1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pptp-client -s SERVER [-p PORT] [-b LOCAL] [-n TUNNELS] [-m CALLS] [-r RATE]\n"
		"                   [-H HOLD_S] [-T stop|clear|close] [-e ECHO_S] [-w RWS]\n"
		"                   [--data PPS --count N --size BYTES] [--tcp-anchor] [-d CATEGORY]...\n"
		"       pptp-client --help | --version\n"
		"  -s  pnsd's IPv4 address   -p  its TCP port (default 1723)   -b  local address\n"
		"  -n  control connections (default 1)   -m  calls per connection (default 1)\n"
		"  -r  new connections per second (default 0: all at once)\n"
		"  -H  seconds to hold everything up before tearing down (-1: until SIGTERM;\n"
		"      with PPP, from when every session is up or failed)\n"
		"  -T  teardown: stop (StopCCRQ), clear (CCRQ each call, then StopCCRQ), close (TCP close)\n"
		"  -e  echo interval, s   -w  our GRE receive window   -d  debug category, e.g. 'ppp negotiation'\n"
		"  --data/--count/--size  GRE data without PPP   --tcp-anchor  only the TCP set-up rate\n"
		"PPP on every call (see host/vaccess/client_ppp.h):\n"
		"  --user NAME --password SECRET [--auth ms-chap-v2,ms-chap,chap,pap]\n"
		"  [--mppe none|{auto|40|128}[,passive|,required][,stateful]] [--no-tun] [--windows] [--ipv6]\n"
		"  [--load SIZE[,SIZE...]]  closed-loop load: the highest echo rate with at most 0.1%% loss\n"
		"                          per IP packet size, through all sessions (no TUN; client_load.h)\n"
		"  [--load-trial-ms MS]    sending time of one load trial (default 1000)\n"
		"  [--load-count N]        no search: N echo requests per size in closed bursts of 1..32,\n"
		"                          every loss counted (client_load.h)\n"
		"  [--load-burst N]        with --load-count: every burst N requests (1..4096) instead of 1..32\n"
		"  prints one 'ppp vi=... up=...' line per session before teardown and on SIGUSR1\n"
		"  -h, --help  this text;  --version  the version\n");
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "data", required_argument, NULL, 'D' },
		{ "count", required_argument, NULL, 'C' },
		{ "size", required_argument, NULL, 'S' },
		{ "tcp-anchor", no_argument, NULL, 'A' },
		{ "user", required_argument, NULL, 'U' },
		{ "password", required_argument, NULL, 'P' },
		{ "auth", required_argument, NULL, 'Z' },
		{ "mppe", required_argument, NULL, 'M' },
		{ "no-tun", no_argument, NULL, 'N' },
		{ "windows", no_argument, NULL, 'W' },
		{ "load", required_argument, NULL, 'X' },
		{ "load-trial-ms", required_argument, NULL, 'Y' },
		{ "load-count", required_argument, NULL, 'K' },
		{ "load-burst", required_argument, NULL, 'B' },
		{ "ipv6", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg *g = &G;
	struct pptp_params params;
	uint16_t port = PPTP_TCP_PORT;
	const char *server = NULL;
	sigset_t mask;
	bool tcp_only = false;
	int opt;
	struct rlimit rl = { 1048576, 1048576 };
	struct client_ppp_opts popts;
	bool want_ppp = false;
	unsigned load_trial_ms = 0;
	unsigned load_count = 0;
	unsigned load_burst = 0;

	log_set_ident("pptp-client");
	log_set_level(LOGL_NOTICE);
	pptp_params_default(&params);
	snprintf(params.local_name, sizeof(params.local_name), "pptp-client");
	snprintf(params.vendor, sizeof(params.vendor), "pptp-mppe pptp-client");
	params.max_tunnels = 65535;
	params.max_sessions = 65535;
	g->n = 1;
	g->m = 1;
	g->hold_s = 0;
	g->data_size = 100;
	g->td = TD_STOP;
	client_ppp_opts_default(&popts);
	while ((opt = getopt_long(argc, argv, "s:p:b:n:m:r:H:T:e:w:d:h", lopts, NULL)) != -1) {
		switch (opt) {
		case 's': server = optarg; break;
		case 'p': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || n < 1 || n > 65535) {
				fprintf(stderr, "pptp-client: -p wants a TCP port 1-65535, not '%s'\n", optarg);
				return 2;
			}
			port = (uint16_t)n;
			break;
		}
		case 'V':
			printf("pptp-client (pptp-mppe) %s\n", PNS_VERSION);
			return 0;
		case 'b':
			if (inet_pton(AF_INET, optarg, &g->local.sin_addr) != 1) {
				fprintf(stderr, "pptp-client: bad address %s\n", optarg);
				return 2;
			}
			g->local.sin_family = AF_INET;
			g->have_local = true;
			break;
		case 'n': g->n = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'm': g->m = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'r': g->rate = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'H': g->hold_s = atoi(optarg); break;
		case 'T':
			if (strcmp(optarg, "stop") == 0) g->td = TD_STOP;
			else if (strcmp(optarg, "clear") == 0) g->td = TD_CLEAR;
			else if (strcmp(optarg, "close") == 0) g->td = TD_CLOSE;
			else { usage(stderr); return 2; }
			break;
		case 'e': params.echo_interval_s = (uint16_t)atoi(optarg); break;
		case 'w': params.recv_window = (uint16_t)atoi(optarg); break;
		case 'd': {
			int cat = log_debug_lookup(optarg);
			if (cat < 0) {
				fprintf(stderr, "pptp-client: unknown debug category '%s'\n", optarg);
				return 2;
			}
			log_debug_set((enum log_debug)cat, true);
			break;
		}
		case 'D': g->data_pps = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'C': g->data_count = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'S': g->data_size = (uint32_t)strtoul(optarg, NULL, 10); break;
		case 'A': tcp_only = true; break;
		case 'U':
			snprintf(popts.user, sizeof(popts.user), "%s", optarg);
			want_ppp = true;
			break;
		case 'P': snprintf(popts.password, sizeof(popts.password), "%s", optarg); break;
		case 'Z':
			if (client_ppp_parse_auth(optarg, &popts) < 0) {
				fprintf(stderr, "pptp-client: bad --auth %s\n", optarg);
				return 2;
			}
			break;
		case 'M':
			if (client_ppp_parse_mppe(optarg, &popts.mppe) < 0) {
				fprintf(stderr, "pptp-client: bad --mppe %s\n", optarg);
				return 2;
			}
			break;
		case 'N': popts.no_tun = true; break;
		case 'W':
			/* Windows: LCP/IPCP/CCP as ppp_config.windows_like says, and a
			 * receive window of 64 in its Outgoing-Call-Request */
			popts.windows_like = true;
			params.recv_window = 64;
			break;
		case 'Y':
			load_trial_ms = (unsigned)strtoul(optarg, NULL, 10);
			if (load_trial_ms < 100 || load_trial_ms > 60000) {
				fprintf(stderr, "pptp-client: bad --load-trial-ms %s (100..60000)\n", optarg);
				return 2;
			}
			break;
		case 'K':
			load_count = (unsigned)strtoul(optarg, NULL, 10);
			if (load_count < 1 || load_count > 100000000) {
				fprintf(stderr, "pptp-client: bad --load-count %s (1..100000000)\n", optarg);
				return 2;
			}
			break;
		case 'B':
			load_burst = (unsigned)strtoul(optarg, NULL, 10);
			if (load_burst < 1 || load_burst > CLIENT_LOAD_BURST_MAX) {
				fprintf(stderr, "pptp-client: bad --load-burst %s (1..%u)\n", optarg, CLIENT_LOAD_BURST_MAX);
				return 2;
			}
			break;
		case 'I': popts.ipv6 = true; break;
		case 'X':
			if (client_ppp_parse_load(optarg, &popts) < 0) {
				fprintf(stderr, "pptp-client: bad --load %s (SIZE[,SIZE...], 28..1500)\n", optarg);
				return 2;
			}
			break;
		default: usage(opt == 'h' ? stdout : stderr); return opt == 'h' ? 0 : 2;
		}
	}
	if (server == NULL || g->n == 0 || g->m == 0 || g->n > 65535 || (uint64_t)g->n * g->m > 65535) {
		usage(stderr);
		return 2;
	}
	g->server.sin_family = AF_INET;
	g->server.sin_port = htons(port);
	if (inet_pton(AF_INET, server, &g->server.sin_addr) != 1) {
		fprintf(stderr, "pptp-client: bad server address %s\n", server);
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	if (tcp_only)
		return tcp_anchor(&g->server, g->n);

	g->tunnels = calloc(g->n, sizeof(*g->tunnels));
	g->calls = calloc((size_t)g->n * g->m, sizeof(*g->calls));
	g->loop = ev_loop_new();
	if (g->tunnels == NULL || g->calls == NULL || g->loop == NULL)
		return 1;
	g->gre = gre_sock_open(g->loop, g->have_local ? g->local.sin_addr.s_addr : 0);
	if (g->gre == NULL) {
		fprintf(stderr, "pptp-client: GRE raw socket: %s\n", strerror(errno));
		return 1;
	}
	g->ctx = pptp_ctx_new(g->loop, g->gre, PPTP_ROLE_CLIENT, &params);
	pptp_ctx_set_hooks(g->ctx, &(struct pptp_ctx_hooks){ .ctrl_up = ctrl_up, .ctrl_down = ctrl_down,
							     .arg = g });
	if (want_ppp) {
		popts.traffic_sessions = g->n * g->m;
		popts.all_resolved = on_ppp_resolved;
		popts.all_resolved_arg = g;
		if (load_trial_ms)
			popts.load.trial_ms = load_trial_ms;
		popts.load.count = load_count;
		popts.load.burst = load_burst;
		ppp_client = client_ppp_new(g->loop, &popts);
		explicit_bzero(popts.password, sizeof(popts.password));
		if (ppp_client == NULL) {
			fprintf(stderr, "pptp-client: PPP: %s\n", strerror(errno));
			return 1;
		}
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	g->sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	ev_io_start(g->loop, &g->sio, g->sfd, EPOLLIN, on_signal, g);
	ev_timer_init(&g->start_timer, on_start_timer, g);
	ev_timer_init(&g->hold_timer, on_hold, g);
	ev_timer_init(&g->data_timer, on_data_timer, g);
	ev_timer_init(&g->phase_timer, on_phase_timer, g);
	ev_timer_init(&g->poll_timer, on_poll_timer, g);
	g->t0_ns = ev_clock_ns();
	ev_timer_start(g->loop, &g->start_timer, 0);
	ev_run(g->loop);

	pptp_ctx_free(g->ctx);          /* forwards on_call_down to the PPP sessions */
	client_ppp_free(ppp_client);
	gre_sock_close(g->gre);
	ev_io_stop(g->loop, &g->sio);
	close(g->sfd);
	ev_loop_free(g->loop);
	free(g->tunnels);
	free(g->calls);
	return g->exit_code;
}
