/*
 * AAA for PPP sessions: the authenticator that asks RADIUS (falling back to
 * the local users as `aaa authentication ppp default group radius local`
 * says), and RADIUS accounting of the sessions. Built on radius_client.h;
 * runs on the daemon's event loop and never blocks it. See docs/radius.md.
 *
 * Method order follows IOS: the next method is tried only when the one
 * before gives no answer (no server answered); a Reject is final.
 */
#ifndef HOST_RADIUS_AAA_H
#define HOST_RADIUS_AAA_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <stdio.h>

#include "common/evloop.h"
#include "ppp.h"
#include "radius_client.h"

enum rad_method { RAD_METHOD_LOCAL, RAD_METHOD_RADIUS };

#define RAD_MAX_DAE_CLIENTS 8

/* RFC 5176 Dynamic Authorization: who may send Disconnect/CoA-Requests. */
struct rad_dae_config {
	bool on;
	uint16_t port;                  /* host order */
	uint32_t bind_addr;             /* network order; 0: any */
	unsigned n_clients;
	struct rad_dae_client {
		uint32_t addr;              /* network order */
		uint8_t secret[RAD_SECRET_MAX];
		size_t secret_len;
	} clients[RAD_MAX_DAE_CLIENTS];
};

struct rad_aaa_config {
	struct rad_client_config client;
	struct rad_dae_config dae;
	enum rad_method methods[2];
	unsigned n_methods;             /* 0: local */
	bool acct;                      /* aaa accounting network default start-stop|stop-only group radius */
	bool acct_stop_only;
};

struct rad_aaa;
struct ppp_pool;

/* users: the local users (`username`), for the local method. */
struct rad_aaa *rad_aaa_new(struct ev_loop *loop, struct ppp_userdb *users);
int rad_aaa_configure(struct rad_aaa *a, const struct rad_aaa_config *cfg);
void rad_aaa_free(struct rad_aaa *a);
/* The authenticator sessions use (valid as long as a). */
const struct ppp_authenticator *rad_aaa_authenticator(struct rad_aaa *a);
/* How a Framed-Pool name becomes a pool (the daemon's `ip local pool`s);
 * without it, or for an unknown name, the template's pool is used. */
void rad_aaa_set_pool_lookup(struct rad_aaa *a, struct ppp_pool *(*lookup)(void *arg, const char *name), void *arg);
/* pnsd -W N: this is loop index of count, which share one start time;
 * its Acct-Session-Ids take the counter values index, index + count, ...
 * so that no two loops give one id to two sessions. Before any session. */
void rad_aaa_set_session_ids(struct rad_aaa *a, unsigned index, unsigned count);

/* What an Access-Accept/-Reject (v, verified) means for the PPP session:
 * the MS-CHAPv2 authenticator response, MPPE keys decrypted with sec and
 * req_auth, address, DNS, MPPE policy, Session-Timeout; MS-CHAP-Error text.
 * Pure (fuzz_radius_response). */
void rad_access_result(const struct ppp_auth_request *rq, const struct rad_view *v, const struct rad_secret *sec,
		       const uint8_t req_auth[RAD_AUTH_LEN], struct ppp_auth_result *res);

/* ---- accounting (RFC 2866), driven by the session's events ---- */
struct rad_acct_counters {
	uint64_t in_octets, out_octets, in_packets, out_packets;   /* from the client / to it */
};
/* Values of Acct-Terminate-Cause (RFC 2866 5.10) */
enum rad_term_cause {
	RAD_TERM_USER_REQUEST = 1,
	RAD_TERM_LOST_CARRIER = 2,
	RAD_TERM_IDLE_TIMEOUT = 4,
	RAD_TERM_SESSION_TIMEOUT = 5,
	RAD_TERM_ADMIN_RESET = 6,
	RAD_TERM_PORT_ERROR = 8,
	RAD_TERM_NAS_ERROR = 9,
	RAD_TERM_NAS_REQUEST = 10,
};
/* The session's IP came up: Accounting-Start (and Interim-Updates from then). */
void rad_aaa_session_up(struct rad_aaa *a, struct ppp_session *s, unsigned nas_port, uint32_t framed_addr,
			void (*read_counters)(struct ppp_session *s, struct rad_acct_counters *out));
/* The session ended (always called, also when it never came up): Stop. */
void rad_aaa_session_end(struct rad_aaa *a, struct ppp_session *s, const struct rad_acct_counters *c,
			 enum rad_term_cause cause);
/* Sessions (that came up) matching every session identification attribute
 * of v: User-Name, Acct-Session-Id, Framed-IP-Address, NAS-Port (RFC 5176
 * 3). Up to max into out; returns how many matched, -1 when v names none. */
int rad_aaa_match(struct rad_aaa *a, const struct rad_view *v, struct ppp_session **out, unsigned max);
/* Its Acct-Session-Id ("" when none). */

struct rad_aaa_stats {
	uint64_t auth_radius, auth_local, auth_fallback;   /* checks by method; fallbacks to local */
	uint64_t acct_queued, acct_sent, acct_dropped;     /* records waiting now; answered; dropped (queue full) */
	uint64_t dae_requests, dae_acks, dae_naks, dae_dropped;  /* RFC 5176: taken, answered, refused, unverified */
};
void rad_aaa_stats(const struct rad_aaa *a, struct rad_aaa_stats *out);

/* `show radius statistics` (per server and port; methods, accounting queue,
 * dynamic authorization), or the same as Prometheus metrics, from a
 * snapshot. pnsd -W N has one rad_aaa per event loop, each touched only on
 * its own thread: each loop's snapshot is taken there, they are added
 * together, and the sum is shown once. */
struct rad_aaa_snap {
	unsigned nsrv;
	struct {
		char name[64];                  /* "address:auth,acct" */
		struct rad_port_stats port[2];  /* RAD_AUTH, RAD_ACCT */
	} srv[RAD_MAX_SERVERS];
	struct rad_aaa_stats st;
	bool acct, acct_stop_only, dae;
	bool any;                               /* a snapshot was added (rad_aaa_snap_add) */
};
void rad_aaa_snapshot(const struct rad_aaa *a, struct rad_aaa_snap *out);
/* sum += s: counters and gauges added, servers matched by name, the last
 * round trip the latest of the two */
void rad_aaa_snap_add(struct rad_aaa_snap *sum, const struct rad_aaa_snap *s);
void rad_aaa_snap_show(const struct rad_aaa_snap *s, FILE *out, bool metrics);

/* RFC 5176 under pnsd -W N: one listener (loop 0's rad_aaa; the other
 * loops' are configured without it), and sessions on every loop. The
 * listener asks elsewhere(arg, r) to match and apply a request on the other
 * loops (each on its own thread, the listener waiting) and answers from
 * the sum: a NAK only when no loop has the session. rad_aaa_dae_apply is
 * what runs on each: the number of sessions matched and ended or changed,
 * -1 when the request names no session at all. */
struct rad_view;
struct rad_dae_req {
	const struct rad_view *v;       /* the verified request */
	struct in_addr from;            /* its client, for the log */
	bool have_timeout;              /* CoA: the Session-Timeout to set */
	uint32_t timeout;
};
void rad_aaa_set_dae_elsewhere(struct rad_aaa *a, int (*elsewhere)(void *arg, const struct rad_dae_req *r),
			       void *arg);
int rad_aaa_dae_apply(struct rad_aaa *a, const struct rad_dae_req *r);

/* The Terminate-Cause of a PPP down reason (ppp_session_down_reason). */
enum rad_term_cause rad_term_cause_of(const char *reason);

#endif
