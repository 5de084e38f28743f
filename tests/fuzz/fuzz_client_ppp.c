/*
 * libFuzzer: pptp-client's PPP glue (host/vaccess/client_ppp.c and the PPP
 * session under it, issue 13) fed by a hostile server. The client's real
 * stack (pptp_ctx client role, client_ppp with MS-CHAPv2/v1/CHAP/PAP and
 * MPPE auto, no TUN) connects over loopback TCP in a network namespace of
 * our own; the harness plays the server: it answers SCCRQ with SCCRP and
 * the OCRQ with a connected OCRP, so that client_ppp is attached to a live
 * call, then each record reaches it:
 *   record = type (1 octet), length (2 octets, big-endian), bytes
 *   type odd:  a PPP frame (LCP, CHAP, IPCP, CCP, MPPE data, anything) in a
 *              GRE packet the harness frames for the call (next sequence)
 *   type even: bytes on the control connection (CDN, SLI, Echo, ...)
 * The event loop runs between records; after each, the harness acks the
 * client's Configure-Requests (see gre_tx). Crashes, sanitizer reports, leaks
 * and cost over budget (fuzz_cost.h: 50 us per record) are findings.
 * The card and the server's MPPE receive are not here (fuzz_pnsd_input,
 * fuzz_pnsd_tun).
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
#include <unistd.h>

#include "fuzz_cost.h"
#include "fuzz_pptp_peer.h"
#include "common/evloop.h"
#include "common/log.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "pptp/pptp_msg.h"
#include "vaccess/client_ppp.h"

#define PORT 1723
#define SRV_CALL 777

static struct ev_loop *loop;
static struct gre_sock *gs;
static struct client_ppp *cppp;
static int lfd = -1;

/*
 * What the client sends: the harness acks each of its Configure-Requests
 * (LCP, IPCP, CCP) as a compliant server would, so that the fuzzer's own
 * frames decide the rest (its Configure-Requests, CHAP, Terminate, data):
 * otherwise LCP could never open and nothing past it would be reached.
 */
static uint8_t acks[8][1600];
static size_t ack_len[8];
static unsigned n_acks;

static void gre_tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	size_t h = 8;

	(void)arg; (void)dst;
	if (len < 8)
		return;
	h += (p[0] & 0x10) ? 4 : 0;
	h += (p[1] & 0x80) ? 4 : 0;
	if (len < h + 2)
		return;
	p += h;
	len -= h;
	if (p[0] == 0xff && p[1] == 0x03) {
		p += 2;
		len -= 2;
	}
	if (len < 6 || n_acks == 8 || len > sizeof(acks[0]) - 2)
		return;
	uint16_t proto = (uint16_t)(p[0] << 8 | p[1]);
	if ((proto == 0xc021 || proto == 0x8021 || proto == 0x80fd) && p[2] == 1) {
		uint8_t *a = acks[n_acks];
		a[0] = 0xff;
		a[1] = 0x03;
		memcpy(a + 2, p, len);
		a[4] = 2;                               /* Configure-Ack, same ID and options */
		ack_len[n_acks++] = len + 2;
	}
}

/* pptp-client's upper layer on its call: client_ppp attached once it is up */
struct ccall { const struct pptp_upper_ops *ops; void *ppp; struct pptp_call *call; };
static struct ccall cc;

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
	c->call = NULL;
}
static void c_alarm(void *u, bool set)
{
	struct ccall *c = u;
	if (c->ops && c->ops->on_flow_alarm)
		c->ops->on_flow_alarm(c->ppp, set);
}
static void c_sli(void *u, uint32_t s, uint32_t r)
{
	struct ccall *c = u;
	if (c->ops && c->ops->on_set_link_info)
		c->ops->on_set_link_info(c->ppp, s, r);
}
static const struct pptp_upper_ops c_ops = { .on_call_up = c_up, .on_ppp_frame = c_frame, .on_call_down = c_down,
					     .on_flow_alarm = c_alarm, .on_set_link_info = c_sli };

static void ctrl_up(void *arg, struct pptp_ctrl *c)
{
	(void)arg;
	if (cc.call == NULL)
		cc.call = pptp_ctrl_open_call(c, &c_ops, &cc);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct client_ppp_opts co;
	int one = 1;

	(void)argc; (void)argv;
	fuzz_netns_own("fuzz_client_ppp");
	log_set_level(LOGL_ERR);
	log_stderr(false);
	loop = ev_loop_new();
	gs = gre_sock_open_virtual(loop, gre_tx, NULL);
	client_ppp_opts_default(&co);
	snprintf(co.user, sizeof(co.user), "alice");
	snprintf(co.password, sizeof(co.password), "secret-Pass1");
	co.no_tun = true;
	if (client_ppp_parse_mppe("auto", &co.mppe) < 0 || client_ppp_parse_auth("ms-chap-v2,ms-chap,chap,pap", &co) < 0)
		exit(1);
	cppp = client_ppp_new(loop, &co);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (loop == NULL || gs == NULL || cppp == NULL || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(lfd, 4) < 0) {
		perror("fuzz_client_ppp: set-up");
		exit(1);
	}
	return 0;
}

static int srv_fd;
static uint16_t client_call;

static void records(const uint8_t *data, size_t size)
{
	uint32_t seq = 1;
	size_t off = 0, len;
	const uint8_t *b;
	uint8_t type;

	while (fuzz_record_next(data, size, &off, &type, &b, &len)) {
		if (type & 1) {
			uint8_t g[16 + GRE_MAX_PAYLOAD];
			size_t n = len > GRE_MAX_PAYLOAD ? GRE_MAX_PAYLOAD : len;
			size_t h = gre_build(g, client_call, (uint16_t)n, true, seq++, true, 0);
			memcpy(g + h, b, n);
			fuzz_gre_in(gs, htonl(INADDR_LOOPBACK), htonl(INADDR_LOOPBACK), g, h + n);
		} else if (len && send(srv_fd, b, len, MSG_NOSIGNAL) < 0) {
			break;
		}
		ev_run_once(loop, 0);
		fuzz_pptp_drain(srv_fd);
		for (unsigned i = 0; i < n_acks; i++) {
			uint8_t g[16 + GRE_MAX_PAYLOAD];
			size_t h = gre_build(g, client_call, (uint16_t)ack_len[i], true, seq++, true, 0);
			memcpy(g + h, acks[i], ack_len[i]);
			fuzz_gre_in(gs, htonl(INADDR_LOOPBACK), htonl(INADDR_LOOPBACK), g, h + ack_len[i]);
		}
		n_acks = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct pptp_ctx_hooks hooks = { .ctrl_up = ctrl_up };
	struct pptp_params p;
	struct pptp_ctx *ctx;
	struct pptp_msg m;
	size_t nrec = 0;

	pptp_params_default(&p);
	ctx = pptp_ctx_new(loop, gs, PPTP_ROLE_CLIENT, &p);
	pptp_ctx_set_hooks(ctx, &hooks);
	memset(&cc, 0, sizeof(cc));
	n_acks = 0;
	if (pptp_ctrl_connect(ctx, &a, NULL) == NULL)
		abort();
	srv_fd = accept(lfd, NULL, NULL);
	if (srv_fd < 0)
		abort();
	ev_run_once(loop, 0);                       /* connected: the client sends SCCRQ */
	fuzz_pptp_drain(srv_fd);
	memset(&m, 0, sizeof(m));
	m.type = PPTP_SCCRP;
	m.u.sccrq.version = PPTP_VERSION;
	m.u.sccrq.result = 1;
	m.u.sccrq.framing = 3;
	m.u.sccrq.bearer = 3;
	snprintf(m.u.sccrq.hostname, sizeof(m.u.sccrq.hostname), "fuzz");
	fuzz_pptp_send(srv_fd, &m);
	for (int i = 0; i < 4 && client_call == 0; i++) {
		ev_run_once(loop, 0);
		client_call = fuzz_pptp_drain(srv_fd);
	}
	if (client_call == 0)
		abort();                            /* the harness's own handshake must work */
	memset(&m, 0, sizeof(m));
	m.type = PPTP_OCRP;
	m.u.ocrp.call_id = SRV_CALL;
	m.u.ocrp.peer_call_id = client_call;
	m.u.ocrp.result = 1;
	m.u.ocrp.speed = 100000000;
	m.u.ocrp.recv_window = 16;
	fuzz_pptp_send(srv_fd, &m);
	for (int i = 0; i < 4 && cc.ops == NULL; i++) {
		ev_run_once(loop, 0);
		fuzz_pptp_drain(srv_fd);
	}
	if (cc.ops == NULL)
		abort();                            /* client_ppp must be attached before the records */
	nrec = fuzz_records(data, size);
	fuzz_cost_run("records", nrec, records, data, size);
	close(srv_fd);
	client_call = 0;
	ev_run_once(loop, 0);
	pptp_ctx_free(ctx);
	ev_run_once(loop, 0);
	return 0;
}
