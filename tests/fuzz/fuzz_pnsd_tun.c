/*
 * libFuzzer: pnsd's TUN read path (issue 13), the real code end to end. One
 * pnsd stack (PPTP server, PPP from the virtual template, the software MPPE
 * engine, the shared TUN "fzt0" in a private network namespace) and one
 * pptp-client stack (client_ppp, MS-CHAPv2, MPPE-128, no TUN) live across
 * inputs, joined by a TCP control connection on loopback and GRE the
 * harness carries between their virtual GRE sockets. Set-up brings two
 * sessions all the way up (IPCP open, host routes on fzt0), so that what
 * the fuzzer sends reaches pnsd's shared_tun_readable -> route table ->
 * session -> MSS clamp -> PPP/MPPE send -> GRE, and on the client side
 * GRE -> PPP -> MPPE receive -> IP.
 *   record = selector (1 octet), length (2 octets, big-endian), bytes
 *   bytes are an IPv4 packet the harness sends into the namespace through a
 *   raw socket (IP_HDRINCL: the kernel fills in length and checksum), so the
 *   kernel routes it into the TUN as any packet for a client would be:
 *   (selector & 0x7f) % 11 picks the destination in the pool 10.78.0.10-20
 *   (two have a session, nine have none); selector & 0x80 keeps the
 *   header's first octet as given (else 0x45).
 * Crashes, sanitizer reports, leaks and cost over budget (fuzz_cost.h: 50
 * us per packet) are findings.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_cost.h"
#include "fuzz_pptp_peer.h"
#include "common/config.h"
#include "common/evloop.h"
#include "common/log.h"
#include "pnsd/pns_ppp.h"
#include "pnsd/pnsd_config.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "vaccess/client_ppp.h"

#define PORT 1723
#define NSESS 2

static const char config[] =
	"hostname PNS\n"
	"username alice password 0 secret-Pass1\n"
	"vpdn enable\n"
	"vpdn-group 1\n"
	" accept-dialin\n"
	"  protocol pptp\n"
	"  virtual-template 1\n"
	"ip local pool default 10.78.0.10 10.78.0.20\n"
	"interface Loopback0\n"
	" ip address 10.78.1.1 255.255.255.255\n"
	"interface Virtual-Template1\n"
	" ip unnumbered Loopback0\n"
	" peer default ip address pool default\n"
	" ppp authentication ms-chap-v2\n"
	" ppp encrypt mppe 128\n";

static struct ev_loop *loop;
static struct gre_sock *gs_srv, *gs_cli;
static struct client_ppp *cppp;
static struct cfg *cfg;             /* the daemon's running configuration */
static int raw_fd = -1;

/* ---- GRE between the two stacks, queued (never re-entered from a send) ---- */

#define QLEN 512
struct pkt { size_t len; uint8_t b[20 + 16 + GRE_MAX_PAYLOAD + 64]; };
static struct pkt q_to_cli[QLEN], q_to_srv[QLEN];
static unsigned n_to_cli, n_to_srv;

static void enqueue(struct pkt *q, unsigned *n, const uint8_t *p, size_t len)
{
	uint32_t lo = htonl(INADDR_LOOPBACK);
	struct pkt *k;

	if (*n == QLEN || len > sizeof(k->b) - 20)
		return;                     /* a full queue drops, as a link would */
	k = &q[(*n)++];
	memset(k->b, 0, 20);
	k->b[0] = 0x45;
	k->b[2] = (uint8_t)((20 + len) >> 8);
	k->b[3] = (uint8_t)(20 + len);
	k->b[8] = 64;
	k->b[9] = 47;
	memcpy(k->b + 12, &lo, 4);
	memcpy(k->b + 16, &lo, 4);
	memcpy(k->b + 20, p, len);
	k->len = 20 + len;
}
static void srv_tx(void *a, uint32_t d, const uint8_t *p, size_t len) { (void)a; (void)d; enqueue(q_to_cli, &n_to_cli, p, len); }
static void cli_tx(void *a, uint32_t d, const uint8_t *p, size_t len) { (void)a; (void)d; enqueue(q_to_srv, &n_to_srv, p, len); }

/* Run the loop and carry GRE until both queues stay empty. */
static void pump(void)
{
	static struct pkt batch[QLEN];

	for (int round = 0; round < 64; round++) {
		unsigned n;

		ev_run_once(loop, 0);
		if (n_to_cli == 0 && n_to_srv == 0)
			return;
		n = n_to_cli;
		memcpy(batch, q_to_cli, n * sizeof(batch[0]));
		n_to_cli = 0;
		for (unsigned i = 0; i < n; i++)
			gre_sock_input(gs_cli, batch[i].b, batch[i].len);
		n = n_to_srv;
		memcpy(batch, q_to_srv, n * sizeof(batch[0]));
		n_to_srv = 0;
		for (unsigned i = 0; i < n; i++)
			gre_sock_input(gs_srv, batch[i].b, batch[i].len);
	}
}

/* ---- pptp-client's side: its PPP attached to each call as pptp-client does ---- */

struct ccall { const struct pptp_upper_ops *ops; void *ppp; };
static struct ccall ccalls[NSESS];

static void c_up(void *u, struct pptp_call *call)
{
	struct ccall *c = u;
	if (client_ppp_attach(cppp, call, &c->ops, &c->ppp) < 0)
		c->ops = NULL;
}
static void c_frame(void *u, const uint8_t *f, size_t len)
{
	struct ccall *c = u;
	if (c->ops && c->ops->on_ppp_frame)
		c->ops->on_ppp_frame(c->ppp, f, len);
}
static void c_down(void *u, enum pptp_down_reason r)
{
	struct ccall *c = u;
	if (c->ops && c->ops->on_call_down)
		c->ops->on_call_down(c->ppp, r);
	c->ops = NULL;
}
static const struct pptp_upper_ops c_ops = { .on_call_up = c_up, .on_ppp_frame = c_frame, .on_call_down = c_down };

static void ctrl_up(void *arg, struct pptp_ctrl *c)
{
	(void)arg;
	for (unsigned i = 0; i < NSESS; i++)
		if (pptp_ctrl_open_call(c, &c_ops, &ccalls[i]) == NULL)
			abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_port = htons(PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in peer;
	socklen_t pl = sizeof(peer);
	struct cfg_error e;
	struct cfg_options o = { .flags = 0 };
	struct pptp_params p, cp;
	struct pptp_upper_factory f;
	struct pptp_ctx *srv, *cli;
	struct pns_ppp *ppp;
	struct client_ppp_opts co;
	struct timespec t0, t;
	int lfd, one = 1;

	(void)argc; (void)argv;
	fuzz_netns_own("fuzz_pnsd_tun");
	log_set_level(LOGL_ERR);
	log_stderr(false);
	pnsd_cfg_register_all();
	if (cfg_parse_buf(config, sizeof(config) - 1, "fuzz", &o, &cfg, &e) < 0) {
		fprintf(stderr, "config: %d:%d %s\n", e.line, e.col, e.msg);
		exit(1);
	}
	loop = ev_loop_new();
	gs_srv = gre_sock_open_virtual(loop, srv_tx, NULL);
	gs_cli = gre_sock_open_virtual(loop, cli_tx, NULL);
	vpdn_to_params(cfg_block(cfg, &vpdn_cfg_section), "PNS", &p);
	srv = pptp_ctx_new(loop, gs_srv, PPTP_ROLE_SERVER, &p);
	ppp = pns_ppp_new(loop, cfg, "fzt%d", 1, false);
	client_ppp_opts_default(&co);
	snprintf(co.user, sizeof(co.user), "alice");
	snprintf(co.password, sizeof(co.password), "secret-Pass1");
	co.no_tun = true;
	if (client_ppp_parse_mppe("128", &co.mppe) < 0 || client_ppp_parse_auth("ms-chap-v2", &co) < 0)
		exit(1);
	cppp = client_ppp_new(loop, &co);
	cp = p;
	cli = pptp_ctx_new(loop, gs_cli, PPTP_ROLE_CLIENT, &cp);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (loop == NULL || gs_srv == NULL || gs_cli == NULL || srv == NULL || ppp == NULL || cppp == NULL ||
	    cli == NULL || bind(lfd, (struct sockaddr *)&lo, sizeof(lo)) < 0 || listen(lfd, 4) < 0) {
		fprintf(stderr, "fuzz_pnsd_tun: set-up failed\n");
		exit(1);
	}
	pns_ppp_factory(ppp, &f);
	pptp_ctx_set_upper_factory(srv, &f);
	pptp_ctx_set_hooks(cli, &(struct pptp_ctx_hooks){ .ctrl_up = ctrl_up });
	if (pptp_ctrl_connect(cli, &lo, NULL) == NULL) {
		perror("fuzz_pnsd_tun: connect");
		exit(1);
	}
	int fd = accept4(lfd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK);
	if (fd < 0 || pptp_ctrl_accept(srv, fd, &peer, &lo) < 0) {
		perror("fuzz_pnsd_tun: accept");
		exit(1);
	}
	/* both sessions up: wait for it (PPP's timers run on the loop), at most 60 s */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (client_ppp_up(cppp) < NSESS) {
		pump();
		ev_run_once(loop, 10);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 60) {
			fprintf(stderr, "fuzz_pnsd_tun: %u of %d sessions came up in 60 s\n", client_ppp_up(cppp), NSESS);
			client_ppp_report(cppp, stderr);
			exit(1);
		}
	}
	pump();
	raw_fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (raw_fd < 0) {
		perror("fuzz_pnsd_tun: raw socket");
		exit(1);
	}
	return 0;
}

static void packets(const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (off + 3 <= size) {
		uint8_t sel = data[off];
		size_t len = (size_t)(data[off + 1] << 8 | data[off + 2]);
		uint8_t pkt[2048];
		struct sockaddr_in to = { .sin_family = AF_INET };

		off += 3;
		if (len > size - off)
			len = size - off;
		if (len > sizeof(pkt))
			len = sizeof(pkt);
		memset(pkt, 0, 20);
		memcpy(pkt, data + off, len);
		off += len;
		if (len < 20)
			len = 20;
		if (!(sel & 0x80))
			pkt[0] = 0x45;
		pkt[16] = 10; pkt[17] = 78; pkt[18] = 0; pkt[19] = (uint8_t)(10 + (sel & 0x7f) % 11);
		memcpy(&to.sin_addr, pkt + 16, 4);
		(void)!sendto(raw_fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to));
		pump();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cost_run("packets", fuzz_records(data, size), packets, data, size);
	return 0;
}
