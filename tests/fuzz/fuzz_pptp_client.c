/*
 * libFuzzer: pptp-client's side of PPTP, fed by a hostile server: the
 * client-role control connection (SCCRP, OCRP, CDN, Echo, SLI, ... in any
 * order and any split) over a real loopback TCP connection in a network
 * namespace of our own, and GRE packets for its calls. The harness opens
 * the connection with pptp_ctrl_connect (so the client sends its SCCRQ),
 * takes the server's end, and opens two calls (OCRQs) once the fuzzer's
 * bytes have made the tunnel come up.
 *   record = type (1 octet), length (2 octets, big-endian), bytes
 *   type % 3 == 0: bytes from the server on the control connection
 *   type % 3 == 1: a GRE data packet (framed by the harness) to call 1
 *   type % 3 == 2: a raw GRE packet (call ID patched to call 2's)
 * Crashes, sanitizer reports, leaks and cost over budget (fuzz_cost.h, 50
 * us per record) are findings.
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

#define PORT 1723

static struct ev_loop *loop;
static struct gre_sock *gs;
static int lfd = -1;
static struct pptp_call *calls[2];
static unsigned ncalls;

static void gre_tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	(void)arg; (void)dst; (void)p; (void)len;
}

static void up(void *u, struct pptp_call *call) { (void)u; (void)call; }
static void frame(void *u, const uint8_t *f, size_t len) { (void)u; (void)f; (void)len; }
static void down(void *u, enum pptp_down_reason r)
{
	unsigned i = (unsigned)(uintptr_t)u;
	(void)r;
	calls[i] = NULL;
}
static void alarm_cb(void *u, bool set) { (void)u; (void)set; }
static const struct pptp_upper_ops ops = {
	.on_call_up = up, .on_ppp_frame = frame, .on_call_down = down, .on_flow_alarm = alarm_cb,
};

static void ctrl_up(void *arg, struct pptp_ctrl *c)
{
	(void)arg;
	for (; ncalls < 2; ncalls++)
		calls[ncalls] = pptp_ctrl_open_call(c, &ops, (void *)(uintptr_t)ncalls);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1;

	(void)argc; (void)argv;
	fuzz_netns_own("fuzz_pptp_client");
	log_stderr(false);
	loop = ev_loop_new();
	gs = gre_sock_open_virtual(loop, gre_tx, NULL);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (loop == NULL || gs == NULL || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 4) < 0) {
		perror("fuzz_pptp_client: set-up");
		exit(1);
	}
	return 0;
}

static int srv_fd;

static uint16_t call_id(unsigned i)
{
	return calls[i] != NULL ? pptp_call_local_id(calls[i]) : 0;
}

static void records(const uint8_t *data, size_t size)
{
	uint8_t sink[8192];
	uint32_t seq = 0;
	size_t off = 0, len;
	const uint8_t *b;
	uint8_t type;

	while (fuzz_record_next(data, size, &off, &type, &b, &len)) {
		if (type % 3 == 0) {
			if (len && send(srv_fd, b, len, MSG_NOSIGNAL) < 0)
				break;
		} else {
			uint8_t g[16 + GRE_MAX_PAYLOAD + 64];
			size_t n = len > GRE_MAX_PAYLOAD ? GRE_MAX_PAYLOAD : len;
			uint16_t id = call_id(type % 3 == 1 ? 0 : 1);
			if (type % 3 == 1) {
				size_t h = gre_build(g, id, (uint16_t)n, true, seq++, true, 0);
				memcpy(g + h, b, n);
				n += h;
			} else {
				memcpy(g, b, n);
				if (n >= 8) {
					g[6] = (uint8_t)(id >> 8);
					g[7] = (uint8_t)id;
				}
			}
			fuzz_gre_in(gs, htonl(INADDR_LOOPBACK), htonl(INADDR_LOOPBACK), g, n);
		}
		ev_run_once(loop, 0);
		while (recv(srv_fd, sink, sizeof(sink), MSG_DONTWAIT) > 0)
			;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct pptp_ctx_hooks hooks = { .ctrl_up = ctrl_up };
	struct pptp_params p;
	struct pptp_ctx *ctx;
	size_t nrec = 0;

	pptp_params_default(&p);
	p.max_tunnels = 4;
	ctx = pptp_ctx_new(loop, gs, PPTP_ROLE_CLIENT, &p);
	pptp_ctx_set_hooks(ctx, &hooks);
	ncalls = 0;
	calls[0] = calls[1] = NULL;
	if (pptp_ctrl_connect(ctx, &a, NULL) == NULL)
		abort();
	srv_fd = accept(lfd, NULL, NULL);
	if (srv_fd < 0)
		abort();
	ev_run_once(loop, 0);                       /* connected: the client sends SCCRQ */
	nrec = fuzz_records(data, size);
	fuzz_cost_run("records", nrec, records, data, size);
	close(srv_fd);
	ev_run_once(loop, 0);
	pptp_ctx_free(ctx);
	return 0;
}
