/*
 * pnsd: the PPTP Network Server daemon. Listener and lifecycle (npppd's
 * pptpd.c): configuration, the TCP listener on port 1723, the GRE socket,
 * signals, graceful shutdown.
 *
 *   pnsd -f FILE [-t] [-p PORT] [-b ADDR] [-s SOCKET] [-g GROUP] [-u USER] [-m ADDR:PORT]
 *        [-T THREADS] [-W LOOPS] [-U] [-d CATEGORY]... [-v]       pnsd --help | --version
 *
 * -W N (docs/workers.md): N event loops. Loop 0 is the main thread's: it
 * accepts every PPTP connection and hands it, fd and all its calls to
 * come, to the loop with the least load (pptp_ctx_load); loops 1..N-1 run
 * on worker threads (common/worker.c). Each loop owns its own PPTP
 * context, GRE sessions, PPP sessions, MPPE engine and TUN device; GRE is
 * read once, on loop 0, and handed over by call ID (pptp/gre_share.c).
 * The main loop keeps the listener, signals, pnsctl and /metrics (which
 * read each loop on its thread) and the reload.
 *
 * The control socket (-s, default /run/pnsd.sock; host/cli) serves pnsctl:
 * show vpdn, show ppp mppe, clear vpdn tunnel, debug, configure reload.
 * SIGTERM/SIGINT: Stop-Control-Connection-Request on every tunnel, exit.
 * SIGHUP: re-read the configuration; new tunnels use it, a bad file keeps
 * the old one. SIGUSR1: log a status report (tunnels, sessions, counters).
 */
#include "cli/cli_http.h"
#include "cli/cli_server.h"
#include "cli/config_access.h"
#include "cli/config_logging.h"
#include "cli/config_ops.h"
#include "common/config.h"
#include "common/evloop.h"
#include "common/log.h"
#include "common/worker.h"
#include "cli/config_aaa.h"
#include "pptp/gre.h"
#include "pptp/gre_share.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "cli_pnsd.h"
#include "pns_ppp.h"
#include "pnsd_config.h"
#include "pnsd_privs.h"
#include "pns_version.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* One event loop's share of the daemon (pnsd -W N): what it owns is
 * touched on its thread only. */
struct pnsd_loop {
	unsigned index;
	struct ev_loop *loop;
	struct worker *w;                /* NULL: loop 0, the main thread's */
	struct gre_sock *gre;            /* this loop's sessions (gre_share's, or the one socket) */
	struct pptp_ctx *ctx;
	struct pns_ppp *ppp;             /* PPP sessions on the calls (pns_ppp.c) */
	uint32_t handing;                /* connections posted here, not yet accepted (atomic) */
	struct pnsd *d;
	/* status_report's snapshot, taken on the loop's thread */
	struct pptp_ctx_stats st;
	struct gre_sock_stats gst;
	int budget;
};

struct pnsd {
	struct ev_loop *loop;            /* loop 0's */
	struct gre_sock *gre;            /* loop 0's */
	struct pptp_ctx *ctx;            /* loop 0's: the tunnel and session counts are every loop's */
	struct cfg *cfg;
	const char *cfg_path;
	struct pns_ppp *ppp;             /* loop 0's */
	unsigned nloops;                 /* -W */
	struct pnsd_loop loops[PNS_MAX_LOOPS];
	struct gre_share *gshare;        /* -W > 1 */
	struct pptp_shared *pshared;     /* -W > 1: IDs and admission counts of every loop */
	int lfd, sfd;
	struct ev_io lio, sio;
	struct ev_timer stop_timer;
	bool stopping;
	int stop_ticks;              /* 100 ms checks left before giving up on StopCCRPs */
	struct cli_pnsd cli;         /* what pnsctl reads (cli_pnsd.c) */
	struct cli_server *cli_srv;
	const char *sock_path;       /* "-": no control socket */
	gid_t sock_gid;
	struct cli_http *http;       /* -m: GET /metrics */
	uint32_t http_addr;
	uint16_t http_port;
	unsigned sw_threads;          /* -T: crypto threads of the software engine */
	bool tun_uring;               /* -U: TUN writes batched through io_uring */
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pnsd -f FILE [-t] [-p PORT] [-b ADDR] [-s SOCKET] [-g GROUP] [-u USER] [-m ADDR:PORT]\n"
		"            [-T THREADS] [-W LOOPS] [-U] [-d CATEGORY]... [-v]\n"
		"       pnsd --help | --version\n"
		"  -f FILE      IOS-style configuration (vpdn enable, vpdn-group ...); required\n"
		"  -t           only check the configuration, exit 0 when valid\n"
		"  -p PORT      TCP port (default 1723)\n"
		"  -b ADDR      listen on this IPv4 address only (TCP and GRE)\n"
		"  -s SOCKET    control socket for pnsctl (default " CLI_SOCKET_DEFAULT "; - for none)\n"
		"  -g GROUP     group allowed on the control socket besides root\n"
		"  -u USER      run as USER once the sockets and the TUN device are open\n"
		"  -m ADDR:PORT serve GET /metrics (Prometheus) on ADDR:PORT, e.g. 127.0.0.1:9469\n"
		"  -T THREADS   crypto threads of the software MPPE engine (default: online CPUs,\n"
		"               at most 8; with -W, 1); 1 = MPPE in the event loop's thread; per loop\n"
		"  -W LOOPS     event loops (default 1): sessions spread over LOOPS-1 worker threads\n"
		"               and the main thread, each loop its own engine and TUN (with a card:\n"
		"               each loop its own queue pairs on it)\n"
		"  -U           write packets to the TUN device in one io_uring batch per loop\n"
		"               iteration instead of one write() each\n"
		"  -d CATEGORY  debug category, e.g. 'vpdn event', 'vpdn packet control'\n"
		"  -v           log info messages\n"
		"  -h, --help   this text;  --version  the version\n");
}

/* A PPP session on every call (pns_ppp.h), made from the
 * vpdn-group's virtual template. A group with no `virtual-template` at all
 * (pnsd -t warns) brings calls up without PPP (their frames are counted
 * as rx_no_upper), as the PPTP layer's own tests expect. A group that
 * names a template the configuration lacks (pnsd -t refuses that; a
 * template lost otherwise) gets the factory all the same, which refuses
 * each call: Outgoing-Call-Reply General Error / No-Resource, RFC 2637
 * 2.8, not a call without PPP. */
static bool has_template(const struct cfg *c);

static int pnsd_set_upper_factory(struct pnsd *d, struct pnsd_loop *l)
{
	struct pptp_upper_factory f;

	if (l->ppp == NULL) {
		l->ppp = pns_ppp_new_loop(l->loop, d->cfg, NULL, d->sw_threads, d->tun_uring,
					  l->index ? d->loops[0].ppp : NULL, l->index, d->nloops);
		if (l->ppp == NULL)
			return -1;
	}
	if (!has_template(d->cfg)) {
		if (l->index == 0)
			log_notice("no virtual-template in the vpdn-group: calls carry no PPP");
		return 0;
	}
	pns_ppp_factory(l->ppp, &f);
	pptp_ctx_set_upper_factory(l->ctx, &f);
	/* Every loop takes no more GRE than its engine takes (issue 18: runs
	 * of thousands of packets dropped after the read, past what a
	 * stateless MPPE receiver catches up). Loop 0 stops reading the
	 * socket while its own engine is full (gre_sock_set_admit); with
	 * -W N a worker stops taking from its hand-over ring instead
	 * (gre_share.c, gre_sock_admits), whose reader then holds back. */
	gre_sock_set_admit(l->gre, pns_ppp_rx_admit, l->ppp);
	return 0;
}

/* fn(l) on l's thread; the main thread waits for it (the control path:
 * start, reload, status, shutdown). */
static void on_loop(struct pnsd_loop *l, void (*fn)(void *arg))
{
	if (l->w == NULL || worker_call(l->w, fn, l) < 0)
		fn(l);   /* loop 0 (called only while the workers run: worker_call fails only once one is freed) */
}

/* Strict: an unknown command is an error (line and column); IOS commands
 * this product does not have are accepted with a notice (host/cli/config_ops.c). */
static int load_config(const char *path, struct cfg **out, char *err, size_t errlen)
{
	struct cfg_error e;
	struct cfg_options o = { .flags = 0 };
	const struct vpdn_config *v;

	/* it holds passwords (sshd refuses a readable private key the same way) */
	if (pnsd_config_private(path, err, errlen) < 0) {
		log_err("%s", err);
		return -1;
	}
	if (cfg_parse_file(path, &o, out, &e) < 0) {
		if (e.line)
			snprintf(err, errlen, "%s:%d:%d: %s", path, e.line, e.col, e.msg);
		else
			snprintf(err, errlen, "%s: %s", path, e.msg);
		log_err("%s", err);
		return -1;
	}
	v = cfg_block(*out, &vpdn_cfg_section);
	if (!v->enabled || vpdn_pptp_group(v) == NULL) {
		snprintf(err, errlen, "%s: PPTP dial-in is not enabled: 'vpdn enable' and a vpdn-group with "
			 "'accept-dialin' / 'protocol pptp' are needed", path);
		log_err("%s", err);
		cfg_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static bool has_template(const struct cfg *c)
{
	const struct vpdn_config *v = c ? cfg_block(c, &vpdn_cfg_section) : NULL;
	const struct vpdn_group *g = v ? vpdn_pptp_group(v) : NULL;

	return g && g->virtual_template;
}

static void params_from(const struct cfg *c, struct pptp_params *p)
{
	const struct cfg_core *core = c ? cfg_block(c, &cfg_core_section) : NULL;
	vpdn_to_params(c ? cfg_block(c, &vpdn_cfg_section) : NULL, core ? core->hostname : NULL, p);
}

/* A connection handed to a loop: it becomes one of that loop's tunnels
 * there, and its calls, GRE and PPP sessions stay there. */
struct handover {
	struct mb_msg m;
	struct pnsd_loop *l;
	int fd;
	struct sockaddr_in peer, local;
};

static void adopt(struct mb_msg *m)
{
	struct handover *h = m->arg;

	pptp_ctrl_accept(h->l->ctx, h->fd, &h->peer, &h->local);
	__atomic_fetch_sub(&h->l->handing, 1, __ATOMIC_RELAXED);
	free(h);
}

/* The loop with the least load: its connections and calls, and the
 * connections on their way to it (a burst of new connections, none with
 * a call yet, is spread too). Relaxed reads: a choice, not a count. A tie
 * goes to the highest-numbered loop: loop 0 also reads every GRE datagram
 * and serves the control plane. */
static void hand_over(struct pnsd *d, int fd, const struct sockaddr_in *peer, const struct sockaddr_in *local)
{
	struct pnsd_loop *best = &d->loops[0];
	uint32_t least = UINT32_MAX;
	struct handover *h;

	for (unsigned i = d->nloops; i-- > 0;) {
		struct pnsd_loop *l = &d->loops[i];
		uint32_t load = pptp_ctx_load(l->ctx) + __atomic_load_n(&l->handing, __ATOMIC_RELAXED);

		if (load < least) {
			least = load;
			best = l;
		}
	}
	if (best->w == NULL) {
		pptp_ctrl_accept(best->ctx, fd, peer, local);
		return;
	}
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		close(fd);
		return;
	}
	*h = (struct handover){ .m = { .fn = adopt, .arg = h }, .l = best, .fd = fd, .peer = *peer, .local = *local };
	__atomic_fetch_add(&best->handing, 1, __ATOMIC_RELAXED);
	if (worker_post(best->w, &h->m) < 0) {
		__atomic_fetch_sub(&best->handing, 1, __ATOMIC_RELAXED);
		close(fd);
		free(h);
	}
}

static void on_accept(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct pnsd *d = io->arg;

	(void)loop;
	(void)events;
	for (int i = 0; i < 256; i++) {
		struct sockaddr_in peer, local;
		socklen_t pl = sizeof(peer), ll = sizeof(local);
		int fd = accept4(d->lfd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		getsockname(fd, (struct sockaddr *)&local, &ll);
		if (d->nloops == 1)
			pptp_ctrl_accept(d->ctx, fd, &peer, &local);
		else
			hand_over(d, fd, &peer, &local);
	}
}

static int report_call(void *arg, struct pptp_call *call)
{
	struct pptp_call_info i;
	(void)arg;
	pptp_call_get_info(call, &i);
	log_notice("SESSION tunnel=%u call=%u peer_call=%u state=%s ss=%u sr=%u remote_nr=%u "
		   "peer_rws=%u rx_pkts=%llu tx_pkts=%llu zlb_tx=%llu zlb_rx=%llu ooo=%llu dup=%llu "
		   "lost=%llu jump=%llu no_upper=%llu alarm=%s alarms=%llu ack_owed=%d", i.tunnel_id, i.local_call_id,
		   i.peer_call_id, i.state, i.ss, i.sr, i.remote_nr, i.peer_rws,
		   (unsigned long long)i.gre.rx_pkts, (unsigned long long)i.gre.tx_pkts,
		   (unsigned long long)i.gre.zlb_tx, (unsigned long long)i.gre.zlb_rx,
		   (unsigned long long)i.gre.rx_out_of_order, (unsigned long long)i.gre.rx_duplicate,
		   (unsigned long long)i.gre.rx_lost, (unsigned long long)i.gre.rx_jump_dropped,
		   (unsigned long long)i.gre.rx_no_upper, i.flow_alarm ? "set" : "clear",
		   (unsigned long long)i.gre.flow_alarms, i.ack_owed);
	return 0;
}

static int report_ctrl(void *arg, struct pptp_ctrl *c)
{
	struct pptp_ctrl_info i;
	char a[INET_ADDRSTRLEN];
	int *budget = arg;

	pptp_ctrl_get_info(c, &i);
	if ((*budget)-- <= 0)
		return 1;
	inet_ntop(AF_INET, &i.peer.sin_addr, a, sizeof(a));
	log_notice("TUNNEL id=%u peer=%s:%u state=%s calls=%u host=\"%s\" vendor=\"%s\"", i.tunnel_id, a,
		   ntohs(i.peer.sin_port), i.state, i.calls, i.peer_hostname, i.peer_vendor);
	pptp_ctrl_foreach_call(c, report_call, NULL);
	return 0;
}

static void snapshot_there(void *arg)
{
	struct pnsd_loop *l = arg;

	l->st = *pptp_ctx_stats(l->ctx);
	l->gst = *gre_sock_stats(l->gre);
}

static void status_there(void *arg)
{
	struct pnsd_loop *l = arg;

	if (l->ppp != NULL)
		pns_ppp_status(l->ppp);
	pptp_ctx_foreach_ctrl(l->ctx, report_ctrl, &l->budget);
}

static void status_report(struct pnsd *d)
{
	struct pptp_ctx_stats sum = { 0 };
	struct gre_sock_stats gsum = { 0 };
	const struct pptp_ctx_stats *s = &sum;
	const struct gre_sock_stats *g = &gsum;
	int budget = 100;   /* per-tunnel lines for the first 100 tunnels only */

	/* every loop's counters, each read on its own thread */
	for (unsigned i = 0; i < d->nloops; i++) {
		on_loop(&d->loops[i], snapshot_there);
		pptp_ctx_stats_add(&sum, &d->loops[i].st);
		gre_sock_stats_add(&gsum, &d->loops[i].gst);
	}

	log_notice("STATUS tunnels=%u sessions=%u accepted=%llu refused=%llu established=%llu "
		   "closed=%llu sccrq_timeouts=%llu echo_timeouts=%llu msgs_rx=%llu msgs_tx=%llu "
		   "msgs_bad=%llu calls_up=%llu calls_refused=%llu calls_down=%llu icrq_refused=%llu "
		   "unknown_call_id=%llu gre_rx=%llu gre_bad_ip=%llu gre_bad=%llu gre_no_session=%llu "
		   "gre_tx=%llu gre_rx_paused=%llu", pptp_ctx_tunnel_count(d->ctx), pptp_ctx_session_count(d->ctx),
		   (unsigned long long)s->ctrl_accepted, (unsigned long long)s->ctrl_refused,
		   (unsigned long long)s->ctrl_established, (unsigned long long)s->ctrl_closed,
		   (unsigned long long)s->sccrq_timeouts, (unsigned long long)s->echo_timeouts,
		   (unsigned long long)s->msgs_rx, (unsigned long long)s->msgs_tx,
		   (unsigned long long)s->msgs_bad, (unsigned long long)s->calls_up,
		   (unsigned long long)s->calls_refused, (unsigned long long)s->calls_down,
		   (unsigned long long)s->icrq_refused, (unsigned long long)s->unknown_call_id,
		   (unsigned long long)g->rx_pkts, (unsigned long long)g->rx_bad_ip,
		   (unsigned long long)g->rx_bad_gre, (unsigned long long)g->rx_no_session,
		   (unsigned long long)g->tx_pkts, (unsigned long long)g->rx_paused);
	log_notice("STATUS limits sources=%u refused_source=%llu calls_refused_source=%llu "
		   "output_overflow=%llu", pptp_ctx_source_count(d->ctx),
		   (unsigned long long)s->ctrl_refused_source, (unsigned long long)s->calls_refused_source,
		   (unsigned long long)s->ctrl_output_overflow);
	if (d->gshare != NULL) {
		/* GRE handed from loop 0's reader to the other loops; times the
		 * reader held back on a loop's full ring. gre_share.h: relaxed reads */
		uint64_t handed = 0, signals = 0, holds = 0, paused = 0;

		for (unsigned i = 1; i < d->nloops; i++) {
			handed += gre_share_handed(d->gshare, i);
			signals += gre_share_signals(d->gshare, i);
			holds += gre_share_holds(d->gshare, i);
			paused += gre_share_paused(d->gshare, i);
		}
		/* gre_signals: eventfd writes to wake a loop (one per batch at most);
		 * gre_worker_paused: times a worker's full engine stopped its ring */
		log_notice("STATUS loops=%u gre_handed=%llu gre_signals=%llu gre_handoff_holds=%llu "
			   "gre_worker_paused=%llu",
			   d->nloops, (unsigned long long)handed,
			   (unsigned long long)signals, (unsigned long long)holds, (unsigned long long)paused);
	}
	for (unsigned i = 0; i < d->nloops; i++) {
		d->loops[i].budget = budget;
		on_loop(&d->loops[i], status_there);
		budget = d->loops[i].budget;
	}
	log_notice("STATUS end");
}

/* Each loop takes the new configuration on its own thread. */
static void reload_there(void *arg)
{
	struct pnsd_loop *l = arg;
	struct pptp_params p;

	params_from(l->d->cfg, &p);
	pptp_ctx_set_params(l->ctx, &p);
	if (l->ppp != NULL) {
		pns_ppp_reload(l->ppp, l->d->cfg);
		pnsd_set_upper_factory(l->d, l);
	}
}

static void stop_there(void *arg)
{
	struct pnsd_loop *l = arg;

	pptp_ctx_stop_all(l->ctx, PPTP_STOP_LOCAL_SHUTDOWN);
}

/* SIGHUP and pnsctl configure reload: established tunnels and sessions
 * keep running; new ones use the new configuration. */
static int reload(struct pnsd *d, char *err, size_t errlen)
{
	struct cfg *c;

	if (d->cfg_path == NULL) {
		snprintf(err, errlen, "no configuration file to reload (pnsd was started without -f)");
		log_notice("%s", err);
		return -1;
	}
	if (load_config(d->cfg_path, &c, err, errlen) < 0) {
		log_err("reload failed; the running configuration stays");
		return -1;
	}
	err[0] = '\0';
	{
		/* The MPPE engine is opened once, at start (sessions hold flows on
		 * it): a changed `encryption mppe` needs a restart. Say so, and keep
		 * the running engine in the running configuration, which must show
		 * what runs. */
		struct eng_config *oe = cfg_block(d->cfg, &eng_cfg_section), *ne = cfg_block(c, &eng_cfg_section);
		if (oe && ne && strcmp(eng_spec(oe), eng_spec(ne)) != 0) {
			snprintf(err, errlen, "the MPPE engine stays %s: a change to %s needs a restart of pnsd",
				 eng_spec(oe), eng_spec(ne));
			log_warn("reload: %s", err);
			*ne = *oe;
		}
	}
	cfg_free(d->cfg);
	d->cfg = c;
	logging_apply(c, "pnsd");
	for (unsigned i = 0; i < d->nloops; i++)
		on_loop(&d->loops[i], reload_there);
	log_notice("configuration reloaded from %s (new tunnels use it)", d->cfg_path);
	return 0;
}

static int cli_reload(void *arg, char *err, size_t errlen)
{
	return reload(arg, err, errlen);
}

static void on_stop_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct pnsd *d = t->arg;

	if (pptp_ctx_tunnel_count(d->ctx) == 0 || --d->stop_ticks <= 0)
		ev_break(loop);
	else
		ev_timer_start(loop, t, 100);
}

static void on_signal(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct pnsd *d = io->arg;
	struct signalfd_siginfo si;

	(void)events;
	while (read(d->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			if (d->stopping)
				break;
			log_notice("shutting down: stopping %u tunnels", pptp_ctx_tunnel_count(d->ctx));
			d->stopping = true;
			ev_io_stop(loop, &d->lio);
			for (unsigned i = 0; i < d->nloops; i++)
				on_loop(&d->loops[i], stop_there);
			d->stop_ticks = (int)(pptp_ctx_params(d->ctx)->stop_timeout_ms / 100) + 1;
			ev_timer_init(&d->stop_timer, on_stop_timer, d);
			ev_timer_start(loop, &d->stop_timer, 0);
			break;
		case SIGHUP: {
			char err[256];
			if (reload(d, err, sizeof(err)) == 0)
				d->cli.reloads++;
			else
				d->cli.reload_failures++;
			break;
		}
		case SIGUSR1:
			status_report(d);
			break;
		}
	}
}

static int listen_on(uint32_t addr, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = addr };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4096) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* RFC 5176 with -W N: the listener is loop 0's; a request is matched and
 * applied on every other loop, on its thread, loop 0 waiting (the control
 * path, as a show command). */
struct dae_call {
	struct pnsd_loop *l;
	const struct rad_dae_req *r;
	int n;
};

static void dae_there(void *arg)
{
	struct dae_call *c = arg;

	c->n = pns_ppp_dae_apply(c->l->ppp, c->r);
}

static int dae_elsewhere(void *arg, const struct rad_dae_req *r)
{
	struct pnsd *d = arg;
	int total = 0;

	for (unsigned i = 1; i < d->nloops; i++) {
		struct dae_call c = { .l = &d->loops[i], .r = r };

		if (d->loops[i].w != NULL && worker_call(d->loops[i].w, dae_there, &c) == 0 && c.n > 0)
			total += c.n;
	}
	return total;
}

static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur < 1048576) {
			struct rlimit want = { 1048576, 1048576 };
			if (setrlimit(RLIMIT_NOFILE, &want) == 0)
				return;
		}
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct pnsd d = { .lfd = -1, .sfd = -1, .sock_path = CLI_SOCKET_DEFAULT, .sock_gid = (gid_t)-1, .nloops = 1 };
	char err[256];
	struct pptp_params params;
	struct pnsd_privs privs = { .have_user = false };
	const char *run_as = NULL;
	uint32_t bind_addr = INADDR_ANY;
	uint16_t port = PPTP_TCP_PORT;
	bool test_only = false;
	sigset_t mask;
	int opt, rc = 1;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("pnsd (pptp-mppe) %s\n", PNS_VERSION);
			return 0;
		}
	}
	log_set_ident("pnsd");
	log_set_level(LOGL_NOTICE);
	pnsd_cfg_register_all();        /* core, vpdn, access (users, pools, templates), engine, ios */
	while ((opt = getopt(argc, argv, "f:tp:b:s:g:u:m:T:W:Ud:vh")) != -1) {
		switch (opt) {
		case 's': d.sock_path = optarg; break;
		case 'm': {
			char a[64];
			unsigned port;
			if (sscanf(optarg, "%63[0-9.]:%u", a, &port) != 2 || port == 0 || port > 65535 ||
			    inet_pton(AF_INET, a, &d.http_addr) != 1) {
				fprintf(stderr, "pnsd: -m wants ADDR:PORT, e.g. 127.0.0.1:9469\n");
				return 2;
			}
			d.http_port = (uint16_t)port;
			break;
		}
		case 'g': {
			struct group *g = getgrnam(optarg);
			if (g == NULL) {
				fprintf(stderr, "pnsd: unknown group %s\n", optarg);
				return 2;
			}
			d.sock_gid = g->gr_gid;
			break;
		}
		case 'f': d.cfg_path = optarg; break;
		case 'u': run_as = optarg; break;
		case 't': test_only = true; break;
		case 'p': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || n < 1 || n > 65535) {
				fprintf(stderr, "pnsd: -p wants a TCP port 1-65535, not '%s'\n", optarg);
				return 2;
			}
			port = (uint16_t)n;
			break;
		}
		case 'T': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || n < 1 || n > 64) {
				fprintf(stderr, "pnsd: -T wants 1-64 crypto threads, not '%s'\n", optarg);
				return 2;
			}
			d.sw_threads = (unsigned)n;
			break;
		}
		case 'W': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end || n < 1 || n > PNS_MAX_LOOPS) {
				fprintf(stderr, "pnsd: -W wants 1-%u event loops, not '%s'\n", PNS_MAX_LOOPS, optarg);
				return 2;
			}
			d.nloops = (unsigned)n;
			break;
		}
		case 'b':
			if (inet_pton(AF_INET, optarg, &bind_addr) != 1) {
				fprintf(stderr, "pnsd: bad address %s\n", optarg);
				return 2;
			}
			break;
		case 'd': {
			int cat = log_debug_lookup(optarg);
			if (cat < 0) {
				fprintf(stderr, "pnsd: unknown debug category '%s'; known:", optarg);
				for (int i = 0; i < DBG_COUNT; i++)
					fprintf(stderr, " '%s'", log_debug_names[i]);
				fputc('\n', stderr);
				return 2;
			}
			log_debug_set((enum log_debug)cat, true);
			break;
		}
		case 'U': d.tun_uring = true; break;
		case 'v': log_set_level(LOGL_INFO); break;
		default: usage(opt == 'h' ? stdout : stderr); return opt == 'h' ? 0 : 2;
		}
	}
	if (d.sw_threads == 0 && d.nloops > 1) {
		d.sw_threads = 1;   /* each loop its MPPE in its own thread: the loops are the cores' work */
	} else if (d.sw_threads == 0) {
		/* one per core, the event loop's included (it is one of the
		 * crypto threads' competitors); beyond 8 the one event loop
		 * feeding them is the limit */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		d.sw_threads = n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
	}
	if (pnsd_privs_user(&privs, run_as, err, sizeof(err)) < 0) {
		fprintf(stderr, "pnsd: %s\n", err);
		return 2;
	}
	/* Without a file pnsd used to listen on every address with no vpdn-group */
	if (d.cfg_path == NULL) {
		fprintf(stderr, "pnsd: no configuration: -f FILE is needed%s (docs/config.md)\n",
			test_only ? " with -t" : "");
		return 2;
	}
	if (load_config(d.cfg_path, &d.cfg, err, sizeof(err)) < 0)
		return 1;
	if (test_only) {
		printf("pnsd: configuration %s is valid\n", d.cfg_path);
		{
			/* The server address each template gives in IPCP, and
			 * whether this host owns it (else pnsd makes it local). */
			const struct acc_config *acc = cfg_block(d.cfg, &acc_cfg_section);
			char line[512];

			for (unsigned i = 0; acc && i < acc->n_templates; i++) {
				acc_describe_template_addr(acc, &acc->templates[i], line, sizeof(line));
				printf("pnsd: %s\n", line);
			}
		}
		cfg_free(d.cfg);
		return 0;
	}
	logging_apply(d.cfg, "pnsd");
	params_from(d.cfg, &params);
	raise_fd_limit();

	d.loop = ev_loop_new();
	if (d.loop == NULL)
		goto out;
	for (unsigned i = 0; i < d.nloops; i++) {
		struct pnsd_loop *l = &d.loops[i];

		l->index = i;
		l->d = &d;
		if (i == 0) {
			l->loop = d.loop;
		} else {
			if ((l->w = worker_new(i)) == NULL) {
				log_err("worker %u: %s", i, strerror(errno));
				goto out;
			}
			l->loop = worker_loop(l->w);
		}
	}
	if (d.nloops == 1) {
		d.gre = gre_sock_open(d.loop, bind_addr);
	} else {
		struct ev_loop *loops[PNS_MAX_LOOPS];

		for (unsigned i = 0; i < d.nloops; i++)
			loops[i] = d.loops[i].loop;
		d.gshare = gre_share_open(loops, d.nloops, bind_addr);
		d.gre = d.gshare ? gre_share_sock(d.gshare, 0) : NULL;
		d.pshared = pptp_shared_new();
		if (d.pshared == NULL)
			goto out;
	}
	if (d.gre == NULL) {
		log_err("GRE raw socket: %s (pnsd needs CAP_NET_RAW)", strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < d.nloops; i++) {
		struct pnsd_loop *l = &d.loops[i];

		l->gre = d.gshare ? gre_share_sock(d.gshare, i) : d.gre;
		l->ctx = pptp_ctx_new(l->loop, l->gre, PPTP_ROLE_SERVER, &params);
		if (l->ctx == NULL)
			goto out;
		if (d.pshared)
			pptp_ctx_share(l->ctx, d.pshared, d.gshare, i);
		if (pnsd_set_upper_factory(&d, l) < 0)
			goto out;
	}
	d.ctx = d.loops[0].ctx;
	d.ppp = d.loops[0].ppp;
	if (d.nloops > 1)
		pns_ppp_set_dae_elsewhere(d.ppp, dae_elsewhere, &d);
	cli_pnsd_init(&d.cli, d.ctx, d.gre, &d.cfg);
	if (d.nloops > 1) {
		d.cli.nloops = d.nloops;
		for (unsigned i = 0; i < d.nloops; i++)
			d.cli.loops[i] = (struct cli_loop){ .ctx = d.loops[i].ctx, .gre = d.loops[i].gre,
							    .ppp_arg = d.loops[i].ppp,
							    .engine = pns_ppp_engine(d.loops[i].ppp), .w = d.loops[i].w };
	}
	d.cli.ppp_view = pns_ppp_view;
	d.cli.ppp_arg = d.ppp;
	d.cli.ppp_refresh = pns_ppp_refresh;
	d.cli.engine = pns_ppp_engine(d.ppp);
	d.cli.radius = pns_ppp_radius;
	d.cli.ppp_report = pns_ppp_report;
	if (d.cfg_path != NULL) {
		d.cli.reload = cli_reload;
		d.cli.reload_arg = &d;
	}
	if (strcmp(d.sock_path, "-") != 0) {
		d.cli_srv = cli_server_new(d.loop, d.sock_path, d.sock_gid, &d.cli.q);
		if (d.cli_srv == NULL)
			log_warn("control socket %s: %s; running without pnsctl access", d.sock_path,
				 strerror(errno));
	}
	if (d.http_port != 0) {
		d.http = cli_http_new(d.loop, d.http_addr, d.http_port, &d.cli.q);
		if (d.http == NULL) {
			log_err("metrics endpoint (-m): %s", strerror(errno));
			goto out;
		}
	}
	d.lfd = listen_on(bind_addr, port);
	if (d.lfd < 0) {
		log_err("listen on port %u: %s", port, strerror(errno));
		goto out;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d.sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d.sfd < 0 || ev_io_start(d.loop, &d.sio, d.sfd, EPOLLIN, on_signal, &d) < 0 ||
	    ev_io_start(d.loop, &d.lio, d.lfd, EPOLLIN, on_accept, &d) < 0)
		goto out;
	/* Everything that needs privileges is open: keep only CAP_NET_ADMIN
	 * (session routes on the TUN device) and become -u USER. */
	if (pnsd_privs_drop(&privs, err, sizeof(err)) < 0) {
		log_err("%s", err);
		goto out;
	}
	log_notice("privileges: %s%s, capabilities: CAP_NET_ADMIN only", privs.have_user ? "user " : "",
		   privs.have_user ? privs.user : "same user");
	/* after the privileges are dropped: a thread has its own capabilities,
	 * and a new one those of the thread that makes it */
	for (unsigned i = 1; i < d.nloops; i++)
		if (worker_start(d.loops[i].w) < 0) {
			log_err("worker %u: %s", i, strerror(errno));
			goto out;
		}
	log_notice("listening on port %u; local name \"%s\", receive window %u, static RTT %u ms, "
		   "echo %u s; %u event loop%s", port, params.local_name, params.recv_window, params.static_rtt_ms,
		   params.echo_interval_s, d.nloops, d.nloops == 1 ? "" : "s");
	if (ev_run(d.loop) < 0)
		log_err("event loop: %s", strerror(errno));
	status_report(&d);
	rc = 0;
out:
	cli_server_free(d.cli_srv);
	cli_http_free(d.http);
	/* the workers first: then everything they owned is the main thread's to free */
	for (unsigned i = 1; i < d.nloops; i++)
		if (d.loops[i].w)
			worker_stop(d.loops[i].w);
	for (unsigned i = d.nloops; i-- > 0;) {
		/* the GRE gate asks the PPP layer: not after it is freed (the
		 * context's teardown still runs the loop, which may read GRE) */
		if (d.loops[i].gre)
			gre_sock_set_admit(d.loops[i].gre, NULL, NULL);
		pns_ppp_free(d.loops[i].ppp);            /* ends every session's call first */
		if (d.loops[i].ctx)
			pptp_ctx_free(d.loops[i].ctx);
	}
	if (d.gshare)
		gre_share_close(d.gshare);
	else if (d.gre)
		gre_sock_close(d.gre);
	pptp_shared_free(d.pshared);
	for (unsigned i = 1; i < d.nloops; i++)
		if (d.loops[i].w)
			worker_free(d.loops[i].w);
	if (d.lfd >= 0)
		close(d.lfd);
	if (d.sfd >= 0)
		close(d.sfd);
	ev_loop_free(d.loop);
	cfg_free(d.cfg);
	return rc;
}
