/*
 * libFuzzer: the whole input path of pnsd, PPTP to PPP. One pnsd stack
 * (PPTP server context, virtual GRE socket, PPP sessions from a virtual
 * template with the software MPPE engine, the shared TUN in a private
 * network namespace) lives across inputs, as in the daemon. Each input
 * gets a fresh control connection on which the harness completes SCCRQ and
 * OCRQ itself, so that every record after that reaches a real call with
 * PPP above it:
 *   record = type (1 octet), length (2 octets, big-endian), bytes
 *   type % 3 == 0: bytes on the control connection (any message, any split)
 *   type % 3 == 1: a PPP frame in a GRE packet the harness frames for the
 *                  call (right call ID, next sequence number, an ack)
 *   type % 3 == 2: a raw GRE packet (the call ID patched in when long
 *                  enough), in an IPv4 header from the client's address
 * The event loop runs between records. Crashes, sanitizer reports, leaks
 * and cost over budget (fuzz_cost.h: 50 us per record) are findings.
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_cost.h"
#include "fuzz_pptp_peer.h"
#include "common/config.h"
#include "common/evloop.h"
#include "common/log.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "pnsd/pns_ppp.h"
#include "pnsd/pnsd_config.h"
#include "pptp/pptp_msg.h"

#define PEER 0x0200000au     /* 10.0.0.2, network order */
#define LOCAL 0x0100000au    /* 10.0.0.1 */

static const char config[] =
	"hostname PNS\n"
	"username alice password 0 secret-Pass1\n"
	"vpdn enable\n"
	"vpdn-group 1\n"
	" accept-dialin\n"
	"  protocol pptp\n"
	"  virtual-template 1\n"
	"ip local pool default 10.77.0.1 10.77.0.250\n"
	"interface Virtual-Template1\n"
	" peer default ip address pool default\n"
	" ppp authentication ms-chap-v2 pap\n"
	" ppp encrypt mppe auto\n";

static struct ev_loop *loop;
static struct pptp_ctx *ctx;
static struct gre_sock *gs;
static struct cfg *cfg;             /* the daemon's running configuration */

static void gre_tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	(void)arg; (void)dst; (void)p; (void)len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct cfg_error e;
	struct cfg_options o = { .flags = 0 };
	struct pptp_params p;
	struct pptp_upper_factory f;
	struct pns_ppp *ppp;

	(void)argc; (void)argv;
	/* the shared TUN goes into a namespace of our own (root needed) */
	fuzz_netns_own("fuzz_pnsd_input");
	log_set_level(LOGL_ERR);
	log_stderr(false);
	pnsd_cfg_register_all();
	if (cfg_parse_buf(config, sizeof(config) - 1, "fuzz", &o, &cfg, &e) < 0) {
		fprintf(stderr, "config: %d:%d %s\n", e.line, e.col, e.msg);
		exit(1);
	}
	loop = ev_loop_new();
	gs = gre_sock_open_virtual(loop, gre_tx, NULL);
	vpdn_to_params(cfg_block(cfg, &vpdn_cfg_section), "PNS", &p);
	ctx = pptp_ctx_new(loop, gs, PPTP_ROLE_SERVER, &p);
	ppp = pns_ppp_new(loop, cfg, "fz%d", 1, false);
	if (loop == NULL || gs == NULL || ctx == NULL || ppp == NULL) {
		fprintf(stderr, "fuzz_pnsd_input: set-up failed\n");
		exit(1);
	}
	pns_ppp_factory(ppp, &f);
	pptp_ctx_set_upper_factory(ctx, &f);
	return 0;
}

/* The records of one input on the connection cur_fd, call cur_call. */
static int cur_fd;
static uint16_t cur_call;

static void records(const uint8_t *data, size_t size)
{
	uint16_t call = cur_call;
	uint32_t seq = 0;
	size_t off = 0, len;
	const uint8_t *b;
	uint8_t type;
	int fd = cur_fd;

	while (fuzz_record_next(data, size, &off, &type, &b, &len)) {
		if (type % 3 == 0) {
			if (len && send(fd, b, len, MSG_NOSIGNAL) < 0)
				break;
		} else if (type % 3 == 1) {
			uint8_t g[16 + GRE_MAX_PAYLOAD];
			size_t n = len > GRE_MAX_PAYLOAD ? GRE_MAX_PAYLOAD : len;
			g[0] = 0x30;                      /* K, S */
			g[1] = 0x81;                      /* A, version 1 */
			g[2] = 0x88; g[3] = 0x0b;
			g[4] = (uint8_t)(n >> 8); g[5] = (uint8_t)n;
			g[6] = (uint8_t)(call >> 8); g[7] = (uint8_t)call;
			g[8] = (uint8_t)(seq >> 24); g[9] = (uint8_t)(seq >> 16);
			g[10] = (uint8_t)(seq >> 8); g[11] = (uint8_t)seq;
			memset(g + 12, 0, 4);             /* ack 0 */
			seq++;
			memcpy(g + 16, b, n);
			fuzz_gre_in(gs, PEER, LOCAL, g, 16 + n);
		} else {
			uint8_t g[16 + GRE_MAX_PAYLOAD + 64];
			size_t n = len > sizeof(g) ? sizeof(g) : len;
			memcpy(g, b, n);
			if (n >= 8) {
				g[6] = (uint8_t)(call >> 8);
				g[7] = (uint8_t)call;
			}
			fuzz_gre_in(gs, PEER, LOCAL, g, n);
		}
		ev_run_once(loop, 0);
		fuzz_pptp_drain(fd);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_addr.s_addr = PEER };
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr.s_addr = LOCAL };
	struct pptp_msg m;
	uint16_t call = 0;
	size_t nrec = 0;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
		abort();
	pptp_ctrl_accept(ctx, sv[0], &peer, &local);
	memset(&m, 0, sizeof(m));
	m.type = PPTP_SCCRQ;
	m.u.sccrq.version = PPTP_VERSION;
	m.u.sccrq.framing = 3;
	m.u.sccrq.bearer = 3;
	snprintf(m.u.sccrq.hostname, sizeof(m.u.sccrq.hostname), "fuzz");
	fuzz_pptp_send(sv[1], &m);
	ev_run_once(loop, 0);
	fuzz_pptp_drain(sv[1]);
	memset(&m, 0, sizeof(m));
	m.type = PPTP_OCRQ;
	m.u.ocrq.call_id = 4242;
	m.u.ocrq.min_bps = 300;
	m.u.ocrq.max_bps = 100000000;
	m.u.ocrq.bearer = 3;
	m.u.ocrq.framing = 3;
	m.u.ocrq.recv_window = 16;
	fuzz_pptp_send(sv[1], &m);
	ev_run_once(loop, 0);
	call = fuzz_pptp_drain(sv[1]);

	nrec = fuzz_records(data, size);
	cur_fd = sv[1];
	cur_call = call;
	fuzz_cost_run("records", nrec, records, data, size);
	close(sv[1]);
	for (int i = 0; i < 4; i++)
		ev_run_once(loop, 0);
	return 0;
}
