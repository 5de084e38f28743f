/*
 * RFC 5176 Disconnect-Request / CoA-Request (see radius_dae.h).
 *
 * What is taken (RFC 5176 3): the session identification attributes
 * User-Name, Acct-Session-Id, Framed-IP-Address, NAS-Port (all that are
 * given must match); in a CoA-Request, Session-Timeout. Anything a CoA asks
 * that we cannot do gets a NAK with Error-Cause 401 and changes nothing.
 */
#include "radius_dae.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "mppe/crypto.h"

#define DAE_MAX_MATCH 64

enum {                          /* Error-Cause (RFC 5176 3.6) */
	ERR_UNSUPPORTED_ATTRIBUTE = 401,
	ERR_MISSING_ATTRIBUTE = 402,
	ERR_SESSION_NOT_FOUND = 503,
};

enum { EVENT_TIMESTAMP = 55 };

struct rad_dae {
	struct rad_aaa *a;
	struct ev_loop *loop;
	int fd;
	struct ev_io io;
	struct rad_dae_config cfg;
	uint64_t requests, acks, naks, dropped;
	int (*elsewhere)(void *arg, const struct rad_dae_req *r);   /* pnsd -W N: the other loops */
	void *elsewhere_arg;
};

static const struct rad_dae_client *client_of(const struct rad_dae *d, uint32_t addr)
{
	for (unsigned i = 0; i < d->cfg.n_clients; i++)
		if (d->cfg.clients[i].addr == addr)
			return &d->cfg.clients[i];
	return NULL;
}

/* Attributes a request may carry besides what it asks for. */
static bool identification(const struct rad_attr *x)
{
	if (x->vendor)
		return false;
	switch (x->type) {
	case RAD_USER_NAME: case RAD_ACCT_SESSION_ID: case RAD_FRAMED_IP_ADDRESS: case RAD_NAS_PORT:
	case RAD_NAS_IP_ADDRESS: case RAD_NAS_IDENTIFIER: case RAD_MESSAGE_AUTHENTICATOR: case EVENT_TIMESTAMP:
		return true;
	}
	return false;
}

static void answer(struct rad_dae *d, const struct rad_view *v, const struct rad_secret *sec,
		   const struct sockaddr_in *to, bool ack, uint32_t cause)
{
	struct rad_pkt *p = malloc(sizeof(*p));
	uint8_t code = v->code == RAD_DISCONNECT_REQUEST ? (ack ? RAD_DISCONNECT_ACK : RAD_DISCONNECT_NAK)
							  : (ack ? RAD_COA_ACK : RAD_COA_NAK);

	if (!p)
		return;
	rad_init(p, code, v->id, NULL);
	if (v->ma >= 0)
		rad_add_message_authenticator(p);
	if (!ack)
		rad_add_u32(p, RAD_ERROR_CAUSE, cause);
	if (rad_finish(p, sec, v->pkt + 4) == 0 &&
	    sendto(d->fd, p->buf, p->len, 0, (const struct sockaddr *)to, sizeof(*to)) < 0)
		log_warn("RADIUS: %s to %s: %s", rad_code_name(code), inet_ntoa(to->sin_addr), strerror(errno));
	if (ack)
		d->acks++;
	else
		d->naks++;
	log_debug(DBG_RADIUS, "RADIUS: %s id %u to %s%s", rad_code_name(code), v->id, inet_ntoa(to->sin_addr),
		  ack ? "" : cause == ERR_SESSION_NOT_FOUND ? " (no such session)"
		  : cause == ERR_MISSING_ATTRIBUTE ? " (no session named)" : " (unsupported attribute)");
	free(p);
}

/* End or change the matched sessions, on their own thread. */
static void apply(const struct rad_dae_req *r, struct ppp_session **match, int n)
{
	for (int i = 0; i < n; i++) {
		if (r->v->code == RAD_DISCONNECT_REQUEST) {
			log_notice("RADIUS: Disconnect-Request from %s ends %s's session", inet_ntoa(r->from),
				   ppp_session_peer_name(match[i]));
			/* the reason maps to Acct-Terminate-Cause Admin-Reset (RFC 5176 3.5) */
			ppp_session_close(match[i], "Disconnect-Request (admin)");
		} else if (r->have_timeout) {
			log_notice("RADIUS: CoA-Request from %s: %s's Session-Timeout %u s", inet_ntoa(r->from),
				   ppp_session_peer_name(match[i]), r->timeout);
			ppp_session_set_timeout(match[i], r->timeout);
		}
	}
}

int rad_aaa_dae_apply(struct rad_aaa *a, const struct rad_dae_req *r)
{
	struct ppp_session *match[DAE_MAX_MATCH];
	int n = rad_aaa_match(a, r->v, match, DAE_MAX_MATCH);

	apply(r, match, n > DAE_MAX_MATCH ? DAE_MAX_MATCH : n);
	return n;
}

static void handle(struct rad_dae *d, const struct rad_view *v, const struct rad_secret *sec,
		   const struct sockaddr_in *from)
{
	struct ppp_session *match[DAE_MAX_MATCH];
	struct rad_dae_req r = { .v = v, .from = from->sin_addr };
	int n, elsewhere = 0;

	for (unsigned i = 0; i < v->n; i++) {
		const struct rad_attr *x = &v->a[i];

		if (v->code == RAD_COA_REQUEST && !x->vendor && x->type == RAD_SESSION_TIMEOUT &&
		    rad_get_u32(x, &r.timeout)) {
			r.have_timeout = true;
		} else if (v->code == RAD_COA_REQUEST && !identification(x)) {
			answer(d, v, sec, from, false, ERR_UNSUPPORTED_ATTRIBUTE);
			return;
		}
	}
	n = rad_aaa_match(d->a, v, match, DAE_MAX_MATCH);
	if (n < 0) {
		answer(d, v, sec, from, false, ERR_MISSING_ATTRIBUTE);
		return;
	}
	/* the other loops' sessions are matched and changed there, now:
	 * the answer says whether any loop had one */
	if (d->elsewhere)
		elsewhere = d->elsewhere(d->elsewhere_arg, &r);
	if (n == 0 && elsewhere <= 0) {
		answer(d, v, sec, from, false, ERR_SESSION_NOT_FOUND);
		return;
	}
	if (n > DAE_MAX_MATCH)
		n = DAE_MAX_MATCH;
	/* answer first: closing a session may free what the request names */
	answer(d, v, sec, from, true, 0);
	apply(&r, match, n);
}

static void on_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct rad_dae *d = io->arg;
	static _Thread_local struct rad_view v;   /* one per thread (pnsd -W) */
	uint8_t buf[RAD_MAX_LEN + 1];

	(void)loop;
	(void)events;
	for (int burst = 0; burst < 32; burst++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(d->fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		const struct rad_dae_client *c;
		struct rad_secret sec;
		const char *why = "not a configured client";

		if (n < 0)
			return;
		d->requests++;
		c = client_of(d, from.sin_addr.s_addr);
		if (!c)
			goto drop;
		sec = (struct rad_secret){ .s = c->secret, .len = c->secret_len };
		if (rad_parse(buf, (size_t)n, &v, &why) < 0)
			goto drop;
		if (v.code != RAD_DISCONNECT_REQUEST && v.code != RAD_COA_REQUEST) {
			why = "not a Disconnect- or CoA-Request";
			goto drop;
		}
		if (rad_verify_request(&v, &sec, &why) < 0)
			goto drop;
		log_debug(DBG_RADIUS, "RADIUS: %s id %u from %s:%u, %zu octets", rad_code_name(v.code), v.id,
			  inet_ntoa(from.sin_addr), ntohs(from.sin_port), v.len);
		handle(d, &v, &sec, &from);
		continue;
drop:
		d->dropped++;
		log_debug(DBG_RADIUS, "RADIUS: dynamic-author request from %s dropped: %s", inet_ntoa(from.sin_addr),
			  why);
	}
}

struct rad_dae *rad_dae_new(struct rad_aaa *a, struct ev_loop *loop)
{
	struct rad_dae *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->a = a;
	d->loop = loop;
	d->fd = -1;
	return d;
}

static void dae_close(struct rad_dae *d)
{
	if (d->fd >= 0) {
		ev_io_stop(d->loop, &d->io);
		close(d->fd);
	}
	d->fd = -1;
}

int rad_dae_configure(struct rad_dae *d, const struct rad_dae_config *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(c->port), .sin_addr.s_addr = c->bind_addr };
	int fd;

	if (!c->on) {
		dae_close(d);
		crypto_wipe(&d->cfg, sizeof(d->cfg));
		return 0;
	}
	if (d->fd >= 0 && d->cfg.on && d->cfg.port == c->port && d->cfg.bind_addr == c->bind_addr) {
		d->cfg = *c;            /* same socket, new clients and keys */
		return 0;
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		log_err("RADIUS dynamic-author: port %u: %s", c->port, strerror(e));
		close(fd);
		errno = e;
		return -1;
	}
	dae_close(d);
	d->fd = fd;
	if (ev_io_start(d->loop, &d->io, fd, EPOLLIN, on_readable, d) < 0) {
		dae_close(d);
		return -1;
	}
	d->cfg = *c;
	log_notice("RADIUS: dynamic-author (RFC 5176) on UDP port %u", c->port);
	return 0;
}

void rad_dae_free(struct rad_dae *d)
{
	if (!d)
		return;
	dae_close(d);
	crypto_wipe(&d->cfg, sizeof(d->cfg));
	free(d);
}

void rad_dae_set_elsewhere(struct rad_dae *d, int (*elsewhere)(void *arg, const struct rad_dae_req *r), void *arg)
{
	d->elsewhere = elsewhere;
	d->elsewhere_arg = arg;
}

void rad_dae_stats(const struct rad_dae *d, struct rad_aaa_stats *out)
{
	out->dae_requests = d->requests;
	out->dae_acks = d->acks;
	out->dae_naks = d->naks;
	out->dae_dropped = d->dropped;
}
