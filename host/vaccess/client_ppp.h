/*
 * pptp-client's PPP: one PPP session (the peer side: MS-CHAPv2/v1, MPPE as
 * asked) on every call the load generator brings up, with a TUN device per
 * session so that the host's own traffic crosses the tunnel.
 *
 * Options (pptp-client long options):
 *   --user NAME --password SECRET
 *   --auth LIST      ms-chap-v2,ms-chap,chap,pap (accepted, in preference order)
 *   --mppe SPEC      none | {auto|40|128}[,passive|,required][,stateful]
 *   --no-tun         no TUN device (the sessions only negotiate)
 *   --windows        negotiate as the Windows PPTP client does (docs/interop.md)
 */
#ifndef HOST_VACCESS_CLIENT_PPP_H
#define HOST_VACCESS_CLIENT_PPP_H

#include <stdio.h>

#include "ppp/ppp.h"
#include "pptp/pptp_call.h"
#include "vaccess/client_load.h"

struct client_ppp;
struct ev_loop;

struct client_ppp_opts {
	char user[PPP_NAME_MAX + 1];
	char password[257];
	enum ppp_auth_method auth[PPP_MAX_AUTH_METHODS];
	unsigned n_auth;
	struct ppp_mppe_policy mppe;
	bool no_tun;
	bool windows_like;          /* --windows: what the Windows PPTP client sends (ppp_config) */
	bool ipv6;                  /* --ipv6: run IPV6CP too (ppp_config.ipv6) */
	const char *engine;         /* "sw" */
	/* --load SIZE[,SIZE...] (implies --no-tun): the closed-loop load
	 * generator of BENCH datapath (client_load.h) once all sessions are up. */
	struct client_load_opts load;
	unsigned traffic_sessions;  /* sessions expected (-n x -m): the load starts, and a
				     * "pppsetup sessions=N seconds=..." line is printed, when all are up */
	/* Called once, when every expected session is up or has ended without
	 * coming up: pptp-client's hold (-H) starts there, so that -H 0 churns
	 * sessions that were fully up, PPP included. NULL: not called. */
	void (*all_resolved)(void *arg);
	void *all_resolved_arg;
};

void client_ppp_opts_default(struct client_ppp_opts *o);
/* Parse --mppe / --auth values; 0, or -1 (EINVAL). */
int client_ppp_parse_mppe(const char *spec, struct ppp_mppe_policy *out);
int client_ppp_parse_auth(const char *list, struct client_ppp_opts *o);
int client_ppp_parse_load(const char *spec, struct client_ppp_opts *o);

struct client_ppp *client_ppp_new(struct ev_loop *loop, const struct client_ppp_opts *o);
void client_ppp_free(struct client_ppp *c);
/* A call is up: start a PPP session on it (pptp-client's lg_call_up).
 * 0 with *ops and *upper set (the ops table pnsd's sessions use too;
 * on_call_up is not called again), or -1: the caller clears the call. */
int client_ppp_attach(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops, void **upper);
/* Sessions whose IP is up / that failed. */
unsigned client_ppp_up(const struct client_ppp *c);
/* One "ppp ..." line per session (key=value), for scripts. */
void client_ppp_report(struct client_ppp *c, FILE *out);

#endif
