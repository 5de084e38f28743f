/*
 * The PPTP/PPP seam end to end, in one process: a server context (pnsd's
 * role) and a client context connected over loopback TCP, their GRE
 * sockets joined by an in-memory wire. Checks the upper-layer contract of
 * docs/pptp-ppp-seam.md: factory attach (and refusal), on_call_up,
 * in-order on_ppp_frame both ways, on_set_link_info, on_call_down with the
 * right reason for each way a call ends, and no callback after
 * pptp_call_close().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/evloop.h"
#include "pptp/gre.h"
#include "pptp/pptp_call.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"

/* ---- the wire between the two GRE sockets ---- */
struct pkt { struct gre_sock *to; size_t len; uint8_t b[GRE_HDR_MAX + 512 + 20]; };
static struct pkt wire[256];
static int nwire;
static struct gre_sock *gs_srv, *gs_cli;

static void wire_tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	struct pkt *k = &wire[nwire++];
	uint8_t *ip = k->b;
	(void)dst;
	assert_true(nwire < 256 && len + 20 <= sizeof(k->b));
	k->to = *(struct gre_sock **)arg;   /* the other side's socket */
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((len + 20) >> 8);
	ip[3] = (uint8_t)(len + 20);
	ip[9] = 47;
	uint32_t lo = htonl(INADDR_LOOPBACK);
	memcpy(ip + 12, &lo, 4);
	memcpy(ip + 16, &lo, 4);
	memcpy(ip + 20, p, len);
	k->len = len + 20;
}

static void pump(struct ev_loop *loop, int rounds)
{
	for (int r = 0; r < rounds; r++) {
		ev_run_once(loop, 2);
		while (nwire > 0) {
			struct pkt k = wire[0];
			memmove(&wire[0], &wire[1], (size_t)(nwire - 1) * sizeof(wire[0]));
			nwire--;
			gre_sock_input(k.to, k.b, k.len);
		}
	}
}

/* ---- upper layers ---- */
struct upper {
	struct pptp_call *call;
	int up, down, frames, sli;
	enum pptp_down_reason reason;
	char last[64];
	uint32_t send_accm, recv_accm;
	bool echo;
};

static struct upper srv_up[8], cli_up[8];
static int nsrv;
static bool refuse;

static void u_up(void *u, struct pptp_call *c) { ((struct upper *)u)->up++; ((struct upper *)u)->call = c; }
static void u_frame(void *u, const uint8_t *f, size_t n)
{
	struct upper *x = u;
	x->frames++;
	snprintf(x->last, sizeof(x->last), "%.*s", (int)n, (const char *)f);
	if (x->echo)
		assert_int_equal(pptp_call_send(x->call, f, n), 0);
}
static void u_down(void *u, enum pptp_down_reason r) { ((struct upper *)u)->down++; ((struct upper *)u)->reason = r; }
static void u_sli(void *u, uint32_t s, uint32_t r)
{
	((struct upper *)u)->sli++;
	((struct upper *)u)->send_accm = s;
	((struct upper *)u)->recv_accm = r;
}
static const struct pptp_upper_ops uops = {
	.on_call_up = u_up, .on_ppp_frame = u_frame, .on_call_down = u_down, .on_set_link_info = u_sli,
};

static int attach(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops, void **upper)
{
	(void)ctx;
	(void)call;
	if (refuse)
		return -1;
	srv_up[nsrv].echo = true;
	*ops = &uops;
	*upper = &srv_up[nsrv++];
	return 0;
}

static struct pptp_ctrl *cli_ctrl;
static void ctrl_up(void *arg, struct pptp_ctrl *c) { (void)arg; cli_ctrl = c; }

static void test_seam(void **state)
{
	struct ev_loop *loop = ev_loop_new();
	struct pptp_params p;
	struct pptp_ctx *srv, *cli;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int lfd;

	(void)state;
	gs_srv = gre_sock_open_virtual(loop, wire_tx, &gs_cli);
	gs_cli = gre_sock_open_virtual(loop, wire_tx, &gs_srv);
	pptp_params_default(&p);
	srv = pptp_ctx_new(loop, gs_srv, PPTP_ROLE_SERVER, &p);
	cli = pptp_ctx_new(loop, gs_cli, PPTP_ROLE_CLIENT, &p);
	pptp_ctx_set_upper_factory(srv, &(struct pptp_upper_factory){ .attach = attach });
	pptp_ctx_set_hooks(cli, &(struct pptp_ctx_hooks){ .ctrl_up = ctrl_up });

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 4), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &sl), 0);
	assert_non_null(pptp_ctrl_connect(cli, &sa, NULL));
	struct sockaddr_in peer, local;
	socklen_t pl = sizeof(peer), ll = sizeof(local);
	int fd = accept4(lfd, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK);
	assert_true(fd >= 0);
	getsockname(fd, (struct sockaddr *)&local, &ll);
	assert_int_equal(pptp_ctrl_accept(srv, fd, &peer, &local), 0);
	pump(loop, 20);
	assert_non_null(cli_ctrl);

	/* two calls: attached through the factory, up on both sides */
	for (int i = 0; i < 2; i++)
		assert_non_null(pptp_ctrl_open_call(cli_ctrl, &uops, &cli_up[i]));
	pump(loop, 20);
	assert_int_equal(nsrv, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(srv_up[i].up, 1);
		assert_int_equal(cli_up[i].up, 1);
	}
	assert_int_equal(pptp_ctx_session_count(srv), 2);

	/* frames both ways, in order; the server's upper echoes them */
	for (int i = 0; i < 5; i++) {
		char f[16];
		snprintf(f, sizeof(f), "frame-%d", i);
		assert_int_equal(pptp_call_send(cli_up[0].call, (const uint8_t *)f, strlen(f)), 0);
	}
	pump(loop, 10);
	struct upper *s0 = srv_up[0].frames ? &srv_up[0] : &srv_up[1];
	assert_int_equal(s0->frames, 5);
	assert_string_equal(s0->last, "frame-4");
	assert_int_equal(cli_up[0].frames, 5);
	assert_string_equal(cli_up[0].last, "frame-4");
	struct pptp_call_info info;
	pptp_call_get_info(cli_up[0].call, &info);
	assert_int_equal(info.ss, 5);
	assert_int_equal(info.sr, 5);
	assert_string_equal(info.state, "estabd");

	/* Set-Link-Info from the client reaches the server's upper layer */
	assert_int_equal(pptp_call_send_link_info(cli_up[0].call, 0xffffffff, 0x000a0000), 0);
	pump(loop, 5);
	assert_int_equal(s0->sli, 1);
	assert_int_equal(s0->send_accm, 0xffffffff);
	assert_int_equal(s0->recv_accm, 0x000a0000);

	/* server closes call 0: client hears PEER_DISCONNECT, server's upper nothing */
	pptp_call_close(s0->call);
	pump(loop, 5);
	assert_int_equal(cli_up[0].down, 1);
	assert_int_equal(cli_up[0].reason, PPTP_DOWN_PEER_DISCONNECT);
	assert_int_equal(s0->down, 0);

	/* client clears call 1: server's upper hears PEER_CLEAR */
	struct upper *s1 = s0 == &srv_up[0] ? &srv_up[1] : &srv_up[0];
	pptp_call_close(cli_up[1].call);
	pump(loop, 5);
	assert_int_equal(s1->down, 1);
	assert_int_equal(s1->reason, PPTP_DOWN_PEER_CLEAR);
	assert_int_equal(cli_up[1].down, 0);
	assert_int_equal(pptp_ctx_session_count(srv), 0);
	assert_int_equal(pptp_ctx_session_count(cli), 0);

	/* the factory refuses: the client's call is refused */
	refuse = true;
	assert_non_null(pptp_ctrl_open_call(cli_ctrl, &uops, &cli_up[2]));
	pump(loop, 5);
	assert_int_equal(cli_up[2].up, 0);
	assert_int_equal(cli_up[2].down, 1);
	assert_int_equal(cli_up[2].reason, PPTP_DOWN_REFUSED);
	refuse = false;

	/* Stop-Control-Connection: every call goes down on both sides */
	assert_non_null(pptp_ctrl_open_call(cli_ctrl, &uops, &cli_up[3]));
	pump(loop, 5);
	assert_int_equal(cli_up[3].up, 1);
	pptp_ctrl_stop(cli_ctrl, PPTP_STOP_NONE, PPTP_DOWN_ADMIN);
	pump(loop, 10);
	assert_int_equal(cli_up[3].down, 1);
	assert_int_equal(cli_up[3].reason, PPTP_DOWN_ADMIN);
	assert_int_equal(srv_up[2].down, 1);
	assert_int_equal(srv_up[2].reason, PPTP_DOWN_CTRL_STOP);
	assert_int_equal(pptp_ctx_tunnel_count(srv), 0);
	assert_int_equal(pptp_ctx_tunnel_count(cli), 0);

	close(lfd);
	pptp_ctx_free(srv);
	pptp_ctx_free(cli);
	gre_sock_close(gs_srv);
	gre_sock_close(gs_cli);
	ev_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_seam) };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
