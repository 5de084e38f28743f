/*
 * The RADIUS client of pnsd: UDP on the event loop, never blocking it.
 *
 * Servers are tried in the configured order (`radius-server host`); each
 * gets the request, then `radius-server retransmit` resends of the same
 * packet (same Identifier and authenticator, RFC 5080 2.2.1) every
 * `radius-server timeout` seconds, before the next server gets a fresh
 * packet. A request no server answers ends with status RAD_NO_SERVER.
 *
 * Every response is checked before it is believed: the source address and
 * port, a matching outstanding Identifier, the framing (rad_parse), the
 * Response Authenticator, and on Access-* responses a Message-Authenticator
 * (BlastRADIUS, CVE-2024-3596). Anything else is dropped and counted.
 *
 * Each server has one socket per port (authentication, accounting), so an
 * Identifier space of 256 per port; requests beyond that wait in a queue.
 */
#ifndef HOST_RADIUS_CLIENT_H
#define HOST_RADIUS_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/evloop.h"
#include "radius_pkt.h"

#define RAD_MAX_SERVERS 8

struct rad_server_config {
	uint32_t addr;                  /* network byte order */
	uint16_t auth_port, acct_port;  /* 0: that service not on this server */
	uint8_t secret[RAD_SECRET_MAX];
	size_t secret_len;
};

struct rad_client_config {
	struct rad_server_config servers[RAD_MAX_SERVERS];
	unsigned n_servers;
	unsigned timeout_s;             /* per attempt; 5 as IOS */
	unsigned retransmit;            /* resends per server; 3 as IOS */
	uint32_t source_addr;           /* network byte order; 0: the kernel chooses */
	uint32_t nas_ip;                /* NAS-IP-Address (network order); 0: the socket's address */
	char nas_id[64];                /* NAS-Identifier; "" none */
};

/* Per server and port, for `show radius statistics` and metrics. */
struct rad_port_stats {
	uint64_t requests;              /* first transmissions */
	uint64_t retransmissions;
	uint64_t accepts, rejects, challenges;  /* authentication */
	uint64_t responses;             /* accounting responses */
	uint64_t timeouts;              /* requests given up on this server */
	uint64_t dropped;               /* responses dropped: authenticators, framing, unknown id, source */
	uint64_t rtt_last_ms, rtt_sum_ms, rtt_count;
	uint64_t rtt_last_at_ms;        /* when rtt_last_ms was taken (ev_clock_ms) */
	uint64_t pending;               /* outstanding now */
};

enum rad_kind { RAD_AUTH, RAD_ACCT };
enum rad_status { RAD_ANSWERED = 0, RAD_NO_SERVER = -1 };

struct rad_client;
struct rad_request;

/* Fills the attributes of a request after rad_init (called again for each
 * server, whose secret hides passwords): the caller's attributes only;
 * the client adds the Message-Authenticator and NAS identification. */
typedef void (*rad_build_fn)(void *ctx, struct rad_pkt *p, const struct rad_secret *sec);
/* The answer: resp (already verified) with the secret and Request
 * Authenticator that decrypt its attributes, or RAD_NO_SERVER (resp NULL).
 * The request is freed after this returns. */
typedef void (*rad_done_fn)(void *ctx, enum rad_status st, const struct rad_view *resp,
			    const struct rad_secret *sec, const uint8_t req_auth[RAD_AUTH_LEN]);

struct rad_client *rad_client_new(struct ev_loop *loop);
/* Takes a new server list (reload). Servers still present (same address and
 * ports) keep their sockets and statistics; requests to a removed server
 * start over on the new list. 0 or -1 with errno (the old list stays). */
int rad_client_configure(struct rad_client *c, const struct rad_client_config *cfg);
void rad_client_free(struct rad_client *c);

/* Starts a request; done() is called later, never from inside this call.
 * NULL with errno (ENOMEM; ENOENT: no server has that port). */
struct rad_request *rad_send(struct rad_client *c, enum rad_kind kind, uint8_t code, rad_build_fn build,
			     rad_done_fn done, void *ctx);
/* Forget a request: done() will not be called. */
void rad_cancel(struct rad_client *c, struct rad_request *r);

/* Statistics of server i (false past the end); name as "ADDR:AUTH,ACCT". */
bool rad_client_stats(const struct rad_client *c, unsigned i, char *name, size_t namelen,
		      struct rad_port_stats *auth, struct rad_port_stats *acct);

#endif
