/*
 * PPP sessions on PPTP calls: the upper layer of docs/pptp-ppp-seam.md,
 * for pnsd (attach before the call comes up, PPP starts at on_call_up)
 * and for pptp-client (attach once the call is up, PPP starts at once).
 * Each call's session is a virtual-access interface (vaccess.h).
 */
#ifndef HOST_VACCESS_PPTP_PPP_H
#define HOST_VACCESS_PPTP_PPP_H

#include "mppe/mppe.h"
#include "pptp/pptp_call.h"
#include "vaccess/vaccess.h"

struct pptp_ppp;

/* Fills the PPP configuration for a new call (from the virtual template,
 * or the client's command line) and the authenticator (NULL on a client).
 * Returns 0, or -1 to refuse the call. */
typedef int (*pptp_ppp_config_fn)(void *arg, struct pptp_call *call, struct ppp_config *cfg,
				  const struct ppp_authenticator **auth);

struct pptp_ppp *pptp_ppp_new(struct ev_loop *loop, struct mppe_engine *engine,
			      const struct va_options *o, const struct va_hooks *hooks,
			      pptp_ppp_config_fn config, void *config_arg);
void pptp_ppp_free(struct pptp_ppp *p);
struct va_ctx *pptp_ppp_vaccess(const struct pptp_ppp *p);

/* pnsd: the factory's attach (ctx = the struct pptp_ppp). */
int pptp_ppp_attach_server(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops,
			   void **upper);
/* pptp-client: the PPP hook's attach (ctx = the struct pptp_ppp). */
int pptp_ppp_attach_client(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops,
			   void **upper);

/* The session on a call, or NULL (before on_call_up, after the end). */
struct va_session *pptp_ppp_session(const struct pptp_ppp *p, const struct pptp_call *call);

/* The last MPPE counters read from the engine for a session (pnsd keeps
 * them so that show commands never wait for a card: host/pnsd/pns_ppp.c). */
struct pptp_ppp_counters {
	bool valid;
	uint64_t at_ms;                  /* ev_clock_ms() of the read */
	uint32_t tx_flow, rx_flow;       /* the flows they belong to */
	struct mppe_counters tx, rx;
};
struct pptp_ppp_counters *pptp_ppp_counters(const struct va_session *s);

#endif
