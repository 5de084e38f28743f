/*
 * pptp-client's seam for a PPP client (host/ppp, issue 4): the other
 * direction of docs/pptp-ppp-seam.md. The load generator opens every call
 * with its own upper layer (timing and counters); when a PPP hook is set,
 * each call that comes up is also handed to it, and the load generator
 * forwards everything the call reports to the PPP session it returns.
 */
#ifndef HOST_CLIENT_CLIENT_H
#define HOST_CLIENT_CLIENT_H

#include "pptp/pptp_call.h"

struct client_ppp_hook {
	/* A call is up: start a PPP session on it. Return 0 with *ops and
	 * *upper set (the same ops table pnsd's upper layers use; on_call_up is
	 * not called again), or -1 to clear the call. */
	int (*attach)(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops, void **upper);
	void *ctx;
};

/* Register the PPP client (call before the load generator runs). */
void client_set_ppp_hook(const struct client_ppp_hook *hook);

#endif
