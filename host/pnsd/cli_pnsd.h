/*
 * struct cli_query for pnsd: tunnels and calls from the PPTP layer's public
 * introspection (pptp_ctrl_get_info, pptp_call_get_info, pptp_ctx_stats,
 * gre_sock_stats), the PPP part of each session from the PPP layer through
 * one callback (ppp_view), clear through pptp_ctrl_stop, reload through
 * the daemon's own reload function.
 *
 * Usage in pnsd (pnsd.c):
 *   struct cli_pnsd cp;
 *   cli_pnsd_init(&cp, ctx, gre, &d.cfg);
 *   cp.ppp_view = ...; cp.engine = ...; cp.reload = ...;
 *   cli_server_new(loop, "/run/pnsd.sock", gid, &cp.q);
 */
#ifndef HOST_PNSD_CLI_PNSD_H
#define HOST_PNSD_CLI_PNSD_H

#include "cli/cli_query.h"
#include "common/config.h"

struct pptp_ctx;
struct pptp_call;
struct gre_sock;
struct mppe_engine;
struct worker;
struct rad_aaa_snap;

/* pnsd -W N: what one event loop owns. A show command reads it on that
 * loop's thread (worker_call: the CLI's loop waits meanwhile), so no
 * session or counter is ever read across threads. */
struct cli_loop {
	struct pptp_ctx *ctx;
	struct gre_sock *gre;
	void *ppp_arg;                       /* its PPP layer (ppp_view, ppp_refresh) */
	struct mppe_engine *engine;
	struct worker *w;                    /* NULL: the CLI's own loop */
};
#define CLI_MAX_LOOPS 64

/* Fill out->ppp for a call (leave it zeroed when the call has no PPP
 * session). Implemented by the PPP layer's glue. */
typedef void (*cli_ppp_view_fn)(void *arg, struct pptp_call *call, struct cli_ppp_view *out);

struct cli_pnsd {
	struct pptp_ctx *ctx;
	struct gre_sock *gre;
	struct cfg **cfg;                    /* the daemon's running configuration */
	cli_ppp_view_fn ppp_view;            /* NULL: sessions show no PPP part */
	void *ppp_arg;
	int (*ppp_refresh)(void *arg, unsigned vi, uint64_t since_ms);   /* NULL: always fresh */
	struct mppe_engine *engine;          /* NULL: none opened */
	int (*reload)(void *arg, char *err, size_t errlen);
	void *reload_arg;
	/* a loop's RADIUS counters, on its thread; arg: that loop's ppp_arg.
	 * NULL: no RADIUS */
	void (*radius)(void *arg, struct rad_aaa_snap *out);
	void (*ppp_report)(void *arg, FILE *out, int what);   /* cli_query.ppp_report; arg: ppp_arg */
	uint64_t start_ms;
	uint64_t reloads, reload_failures;
	/* pnsd -W N: every loop (loops[0] the CLI's own); 0: the one loop of
	 * ctx, gre, ppp_arg and engine above */
	unsigned nloops;
	struct cli_loop loops[CLI_MAX_LOOPS];
	struct cli_query q;
};

void cli_pnsd_init(struct cli_pnsd *p, struct pptp_ctx *ctx, struct gre_sock *gre, struct cfg **cfg);

/* The running configuration as show running-config prints it: the
 * configuration text with every user secret replaced by "<removed>". */
void cli_pnsd_write_config(const struct cfg *c, FILE *out);

#endif
