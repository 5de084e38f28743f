/*
 * libFuzzer: a pnsd control connection fed an arbitrary TCP byte stream
 * (over a socketpair, in chunks of varying size), through the whole
 * control-connection and call state machines; then the context is torn
 * down. Leaks, crashes and sanitizer reports are failures.
 */
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/evloop.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"

static void tx(void *arg, uint32_t dst, const uint8_t *p, size_t len)
{
	(void)arg; (void)dst; (void)p; (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ev_loop *loop = ev_loop_new();
	struct gre_sock *gs = gre_sock_open_virtual(loop, tx, NULL);
	struct pptp_params p;
	struct pptp_ctx *ctx;
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_addr.s_addr = 0x0200000a };
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_addr.s_addr = 0x0100000a };
	int sv[2];
	size_t off = 0;
	uint8_t sink[4096];

	pptp_params_default(&p);
	p.max_calls_per_tunnel = 8;
	ctx = pptp_ctx_new(loop, gs, PPTP_ROLE_SERVER, &p);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0)
		__builtin_trap();
	pptp_ctrl_accept(ctx, sv[0], &peer, &local);
	while (off < size) {
		/* the first byte of each chunk sets the chunk length */
		size_t n = (size_t)data[off] + 1;
		off++;
		if (n > size - off)
			n = size - off;
		if (n > 0 && send(sv[1], data + off, n, MSG_NOSIGNAL) < 0)
			break;
		off += n;
		ev_run_once(loop, 0);
		while (read(sv[1], sink, sizeof(sink)) > 0)
			;
	}
	close(sv[1]);
	ev_run_once(loop, 0);
	pptp_ctx_free(ctx);
	gre_sock_close(gs);
	ev_loop_free(loop);
	return 0;
}
