/*
 * pnsd's PPP layer: a PPP session on every PPTP call, configured from the
 * virtual template the vpdn-group names (`interface Virtual-TemplateN`:
 * `ppp authentication`, `ppp encrypt mppe`, `peer default ip address
 * pool`, `ip unnumbered`), users from `username`, pools from `ip local
 * pool`, DNS/NBNS from `async-bootp`, the engine from `controller isa` /
 * `encryption mppe`. All sessions share one TUN device.
 */
#ifndef HOST_PNSD_PNS_PPP_H
#define HOST_PNSD_PNS_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/config.h"
#include "pptp/pptp_call.h"
#include "vaccess/pptp_ppp.h"

struct pns_ppp;
struct ev_loop;

/* Opens the engine and the TUN device. tun_name NULL: "pns%d". */
/* sw_threads: crypto threads of the software engine ("sw:threads=N"; 1 =
 * MPPE in the event loop's thread); a card engine ignores it. */
/* tun_uring: packets to the host written in one io_uring batch per loop
 * iteration (pnsd -U, va_options.tun_uring). */
struct pns_ppp *pns_ppp_new(struct ev_loop *loop, const struct cfg *cfg, const char *tun_name, unsigned sw_threads,
			    bool tun_uring);
/* pnsd -W N: the PPP layer of loop index (0..nloops-1), with its own
 * engine, TUN device and authenticator, sharing the address pools and the
 * session-limit counts of first (NULL for loop 0; the others are made
 * after it, all on the main thread before the worker threads start). Each
 * is then used on its own loop's thread only, and freed after the
 * threads have stopped. */
#define PNS_MAX_LOOPS 64
struct pns_ppp *pns_ppp_new_loop(struct ev_loop *loop, const struct cfg *cfg, const char *tun_name,
				 unsigned sw_threads, bool tun_uring, struct pns_ppp *first, unsigned index,
				 unsigned nloops);
/* New sessions use the new configuration; established ones keep theirs. */
int pns_ppp_reload(struct pns_ppp *p, const struct cfg *cfg);
void pns_ppp_free(struct pns_ppp *p);
/* The factory to register with pptp_ctx_set_upper_factory(). */
void pns_ppp_factory(struct pns_ppp *p, struct pptp_upper_factory *out);
struct mppe_engine *pns_ppp_engine(const struct pns_ppp *p);
/* gre_sock_set_admit's gate for the GRE socket this PPP layer's sessions
 * read from (arg = the struct pns_ppp): true while its data path takes a
 * whole GRE batch of decryptions without dropping one. */
bool pns_ppp_rx_admit(void *arg);
/* One "STATUS ppp ..." log line: session count and summed counters. */
void pns_ppp_status(struct pns_ppp *p);
/* cli_pnsd's ppp_view callback (cli_pnsd.h): arg = the struct pns_ppp. */
struct cli_ppp_view;
void pns_ppp_view(void *arg, struct pptp_call *call, struct cli_ppp_view *out);
/* cli_pnsd's radius callback: the RADIUS counters of this loop's PPP layer
 * (on its thread; cli_pnsd adds the loops' together). */
struct rad_aaa_snap;
void pns_ppp_radius(void *arg, struct rad_aaa_snap *out);
/* RFC 5176 under pnsd -W N: loop 0's listener asks elsewhere() for the
 * other loops, which each run pns_ppp_dae_apply (radius_aaa.h). */
struct rad_dae_req;
void pns_ppp_set_dae_elsewhere(struct pns_ppp *p, int (*elsewhere)(void *arg, const struct rad_dae_req *r),
			       void *arg);
int pns_ppp_dae_apply(struct pns_ppp *p, const struct rad_dae_req *r);
/* cli_query.ppp_report: authentication and pool metrics, or show ip local pool. */
void pns_ppp_report(void *arg, FILE *out, int what);
/* cli_pnsd's ppp_refresh callback, for show ppp mppe virtual-access N:
 * one session's MPPE counters as the engine read them at or after since_ms
 * (CLOCK_MONOTONIC ms; on a card two admin commands, sent and collected by
 * the engine's poll). 0 read (or nothing to read), 1 not yet: call again
 * later, -1 failed. Every other show uses the cached ones. */
int pns_ppp_refresh(void *arg, unsigned vi, uint64_t since_ms);

#endif
