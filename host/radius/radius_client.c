/*
 * The RADIUS client: see radius_client.h.
 */
#include "radius_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "mppe/crypto.h"

struct rad_port {
	struct rad_server *srv;
	enum rad_kind kind;
	uint16_t port;              /* host order; 0 = none */
	int fd;
	struct ev_io io;
	uint32_t nas_ip;            /* the socket's local address (network order) */
	struct rad_request *slot[256];
	uint8_t next_id;
	struct rad_port_stats st;
};

struct rad_server {
	uint32_t addr;
	struct rad_secret sec;
	uint8_t secret[RAD_SECRET_MAX];
	struct rad_port port[2];    /* RAD_AUTH, RAD_ACCT */
};

struct rad_request {
	struct rad_client *c;
	enum rad_kind kind;
	uint8_t code;
	rad_build_fn build;
	rad_done_fn done;
	void *ctx;
	int server;                 /* index into c->srv; -1 before the first */
	unsigned attempts;          /* transmissions to this server */
	struct rad_port *port;      /* holding our slot, NULL while queued */
	uint8_t id;
	uint64_t sent_ms;
	struct ev_timer timer;
	struct rad_pkt pkt;
	struct rad_request *next;   /* waiting for an Identifier */
	struct rad_request *all_prev, *all_next;   /* every request of the client */
};

struct rad_client {
	struct ev_loop *loop;
	struct rad_server *srv[RAD_MAX_SERVERS];
	unsigned n;
	unsigned timeout_ms, retransmit;
	uint32_t source_addr, nas_ip;
	char nas_id[64];
	struct rad_request *queue, *queue_tail;   /* no free Identifier on their port yet */
	struct rad_request *all;
};

static void try_server(struct rad_request *r);

static void port_close(struct rad_client *c, struct rad_port *p)
{
	if (p->fd >= 0) {
		ev_io_stop(c->loop, &p->io);
		close(p->fd);
	}
	p->fd = -1;
}

static void server_free(struct rad_client *c, struct rad_server *s)
{
	if (!s)
		return;
	port_close(c, &s->port[0]);
	port_close(c, &s->port[1]);
	crypto_wipe(s->secret, sizeof(s->secret));
	free(s);
}

/* ---- requests ---- */

static void release_slot(struct rad_request *r)
{
	if (r->port) {
		r->port->slot[r->id] = NULL;
		r->port->st.pending--;
		r->port = NULL;
	}
}

static void unqueue(struct rad_client *c, struct rad_request *r)
{
	struct rad_request **pp, *prev = NULL;

	for (pp = &c->queue; *pp; prev = *pp, pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			if (c->queue_tail == r)
				c->queue_tail = prev;
			r->next = NULL;
			return;
		}
	}
}

static void request_free(struct rad_request *r)
{
	ev_timer_stop(r->c->loop, &r->timer);
	release_slot(r);
	unqueue(r->c, r);
	if (r->all_prev)
		r->all_prev->all_next = r->all_next;
	else
		r->c->all = r->all_next;
	if (r->all_next)
		r->all_next->all_prev = r->all_prev;
	crypto_wipe(&r->pkt, sizeof(r->pkt));   /* hidden passwords, MS-CHAP responses */
	free(r);
}

/* A slot freed: the oldest queued request for any port may go now. */
static void run_queue(struct rad_client *c)
{
	struct rad_request *r = c->queue;

	if (!r)
		return;
	c->queue = r->next;
	if (!c->queue)
		c->queue_tail = NULL;
	r->next = NULL;
	r->server--;                /* try_server moves on by one: stay on the same server */
	try_server(r);
}

static void finish(struct rad_request *r, enum rad_status st, const struct rad_view *v)
{
	struct rad_client *c = r->c;
	struct rad_server *s = r->server >= 0 && (unsigned)r->server < c->n ? c->srv[r->server] : NULL;

	ev_timer_stop(c->loop, &r->timer);
	release_slot(r);
	r->done(r->ctx, st, v, s ? &s->sec : NULL, r->pkt.buf + 4);
	request_free(r);
	run_queue(c);
}

static void transmit(struct rad_request *r)
{
	struct rad_port *p = r->port;

	r->sent_ms = ev_clock_ms();
	if (send(p->fd, r->pkt.buf, r->pkt.len, 0) < 0)
		log_debug(DBG_RADIUS, "RADIUS: send to %s: %s", inet_ntoa((struct in_addr){ p->srv->addr }),
			  strerror(errno));
	ev_timer_start(r->c->loop, &r->timer, r->c->timeout_ms);
}

static void fail_next(struct rad_client *c, struct rad_request *r)
{
	(void)c;
	try_server(r);
}

static void on_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	struct rad_request *r = t->arg;
	struct rad_port *p = r->port;

	(void)loop;
	if (!p) {                   /* deferred first attempt (see rad_send) */
		try_server(r);
		return;
	}
	if (r->attempts <= r->c->retransmit) {
		r->attempts++;
		p->st.retransmissions++;
		log_debug(DBG_RADIUS, "RADIUS: id %u: no answer from %s:%u, resend %u", r->id,
			  inet_ntoa((struct in_addr){ p->srv->addr }), p->port, r->attempts - 1);
		transmit(r);
		return;
	}
	p->st.timeouts++;
	log_notice("RADIUS: server %s:%u does not answer", inet_ntoa((struct in_addr){ p->srv->addr }), p->port);
	release_slot(r);
	fail_next(r->c, r);
}

/* Moves r to the next server with this port: a fresh Identifier and packet. */
static void try_server(struct rad_request *r)
{
	struct rad_client *c = r->c;
	uint8_t auth[RAD_AUTH_LEN];

	for (;;) {
		struct rad_server *s;
		struct rad_port *p;
		unsigned k;

		r->server++;
		if ((unsigned)r->server >= c->n) {
			finish(r, RAD_NO_SERVER, NULL);
			return;
		}
		s = c->srv[r->server];
		p = &s->port[r->kind];
		if (p->fd < 0)
			continue;
		for (k = 0; k < 256 && p->slot[(uint8_t)(p->next_id + k)]; k++)
			;
		if (k == 256) {         /* every Identifier in use: wait for one */
			if (c->queue_tail)
				c->queue_tail->next = r;
			else
				c->queue = r;
			c->queue_tail = r;
			return;
		}
		r->id = (uint8_t)(p->next_id + k);
		p->next_id = (uint8_t)(r->id + 1);
		p->slot[r->id] = r;
		p->st.pending++;
		r->port = p;
		r->attempts = 1;
		/* RFC 2865 3: an unpredictable Request Authenticator */
		if (r->kind == RAD_AUTH) {
			if (getrandom(auth, sizeof(auth), 0) != sizeof(auth))
				abort();
		} else {
			memset(auth, 0, sizeof(auth));
		}
		rad_init(&r->pkt, r->code, r->id, auth);
		if (r->code == RAD_ACCESS_REQUEST)
			/* first, as RFC 3579 and the BlastRADIUS advisory recommend */
			rad_add_message_authenticator(&r->pkt);
		r->build(r->ctx, &r->pkt, &s->sec);
		rad_add_u32(&r->pkt, RAD_NAS_IP_ADDRESS, ntohl(c->nas_ip ? c->nas_ip : p->nas_ip));
		if (c->nas_id[0])
			rad_add_str(&r->pkt, RAD_NAS_IDENTIFIER, c->nas_id);
		if (rad_finish(&r->pkt, &s->sec, NULL) < 0) {
			log_warn("RADIUS: %s does not fit in a packet", rad_code_name(r->code));
			release_slot(r);
			finish(r, RAD_NO_SERVER, NULL);
			return;
		}
		p->st.requests++;
		log_debug(DBG_RADIUS, "RADIUS: %s id %u to %s:%u, %zu octets", rad_code_name(r->code), r->id,
			  inet_ntoa((struct in_addr){ s->addr }), p->port, r->pkt.len);
		transmit(r);
		return;
	}
}

struct rad_request *rad_send(struct rad_client *c, enum rad_kind kind, uint8_t code, rad_build_fn build,
			     rad_done_fn done, void *ctx)
{
	struct rad_request *r;
	bool any = false;

	for (unsigned i = 0; i < c->n; i++)
		any |= c->srv[i]->port[kind].fd >= 0;
	if (!any) {
		errno = ENOENT;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->c = c;
	r->kind = kind;
	r->code = code;
	r->build = build;
	r->done = done;
	r->ctx = ctx;
	r->server = -1;
	ev_timer_init(&r->timer, on_timeout, r);
	r->all_next = c->all;
	if (c->all)
		c->all->all_prev = r;
	c->all = r;
	/* the first transmission runs from the loop, so done() never runs inside the caller */
	if (ev_timer_start(c->loop, &r->timer, 0) < 0) {
		request_free(r);
		return NULL;
	}
	return r;
}

void rad_cancel(struct rad_client *c, struct rad_request *r)
{
	(void)c;
	if (r)
		request_free(r);
}

/* ---- responses ---- */

static bool code_fits(enum rad_kind kind, uint8_t code)
{
	if (kind == RAD_AUTH)
		return code == RAD_ACCESS_ACCEPT || code == RAD_ACCESS_REJECT || code == RAD_ACCESS_CHALLENGE;
	return code == RAD_ACCOUNTING_RESPONSE;
}

static void on_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct rad_port *p = io->arg;
	struct rad_server *s = p->srv;
	static _Thread_local struct rad_view v;   /* 3 KB: not on the stack of the loop; one per thread (pnsd -W) */
	uint8_t buf[RAD_MAX_LEN + 1];
	const char *why = NULL;

	(void)loop;
	(void)events;
	for (int burst = 0; burst < 64; burst++) {
		ssize_t n = recv(p->fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct rad_request *r;

		if (n < 0)
			return;             /* EAGAIN, or an ICMP error the timer will deal with */
		/* connect() makes the kernel drop datagrams from any other source */
		if (rad_parse(buf, (size_t)n, &v, &why) < 0)
			goto drop;
		r = p->slot[v.id];
		if (!r) {
			why = "no request with this Identifier";
			goto drop;
		}
		if (!code_fits(p->kind, v.code)) {
			why = "unexpected code";
			goto drop;
		}
		if (rad_verify_response(&v, &s->sec, r->pkt.buf + 4, p->kind == RAD_AUTH, &why) < 0)
			goto drop;
		{
			uint64_t now = ev_clock_ms(), rtt = now - r->sent_ms;

			p->st.rtt_last_ms = rtt;
			p->st.rtt_last_at_ms = now;
			p->st.rtt_sum_ms += rtt;
			p->st.rtt_count++;
		}
		switch (v.code) {
		case RAD_ACCESS_ACCEPT: p->st.accepts++; break;
		case RAD_ACCESS_REJECT: p->st.rejects++; break;
		case RAD_ACCESS_CHALLENGE: p->st.challenges++; break;
		default: p->st.responses++; break;
		}
		log_debug(DBG_RADIUS, "RADIUS: %s id %u from %s:%u, %zu octets", rad_code_name(v.code), v.id,
			  inet_ntoa((struct in_addr){ s->addr }), p->port, v.len);
		finish(r, RAD_ANSWERED, &v);
		continue;
drop:
		p->st.dropped++;
		log_debug(DBG_RADIUS, "RADIUS: response from %s:%u dropped: %s",
			  inet_ntoa((struct in_addr){ s->addr }), p->port, why);
	}
}

/* ---- configuration ---- */

static int port_open(struct rad_client *c, struct rad_port *p)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sa);

	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return -1;
	if (c->source_addr) {
		sa.sin_addr.s_addr = c->source_addr;
		if (bind(p->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			goto fail;
	}
	sa.sin_addr.s_addr = p->srv->addr;
	sa.sin_port = htons(p->port);
	if (connect(p->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(p->fd, (struct sockaddr *)&sa, &sl) < 0)
		goto fail;
	p->nas_ip = sa.sin_addr.s_addr;
	if (ev_io_start(c->loop, &p->io, p->fd, EPOLLIN, on_readable, p) < 0)
		goto fail;
	return 0;
fail:
	close(p->fd);
	p->fd = -1;
	return -1;
}

static struct rad_server *server_new(struct rad_client *c, const struct rad_server_config *sc)
{
	struct rad_server *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->addr = sc->addr;
	memcpy(s->secret, sc->secret, sc->secret_len);
	s->sec = (struct rad_secret){ .s = s->secret, .len = sc->secret_len };
	for (int k = 0; k < 2; k++) {
		struct rad_port *p = &s->port[k];

		p->srv = s;
		p->kind = (enum rad_kind)k;
		p->port = k == RAD_AUTH ? sc->auth_port : sc->acct_port;
		p->fd = -1;
		if (p->port && port_open(c, p) < 0) {
			log_err("RADIUS server %s:%u: %s", inet_ntoa((struct in_addr){ s->addr }), p->port,
				strerror(errno));
			server_free(c, s);
			return NULL;
		}
	}
	return s;
}

static bool same_server(const struct rad_server *s, const struct rad_server_config *sc, uint32_t source)
{
	(void)source;
	return s->addr == sc->addr && s->port[RAD_AUTH].port == sc->auth_port &&
	       s->port[RAD_ACCT].port == sc->acct_port;
}

int rad_client_configure(struct rad_client *c, const struct rad_client_config *cfg)
{
	struct rad_server *keep[RAD_MAX_SERVERS] = { 0 }, *old[RAD_MAX_SERVERS];
	unsigned n_old = c->n;
	bool src_changed = cfg->source_addr != c->source_addr;

	if (cfg->n_servers > RAD_MAX_SERVERS) {
		errno = EINVAL;
		return -1;
	}
	memcpy(old, c->srv, sizeof(old));
	c->source_addr = cfg->source_addr;
	for (unsigned i = 0; i < cfg->n_servers; i++) {
		const struct rad_server_config *sc = &cfg->servers[i];

		for (unsigned k = 0; k < n_old && !src_changed; k++) {
			if (old[k] && same_server(old[k], sc, cfg->source_addr)) {
				keep[i] = old[k];
				old[k] = NULL;
				memset(keep[i]->secret, 0, sizeof(keep[i]->secret));
				memcpy(keep[i]->secret, sc->secret, sc->secret_len);
				keep[i]->sec.len = sc->secret_len;
				break;
			}
		}
		if (!keep[i] && !(keep[i] = server_new(c, sc))) {
			/* put back what we took; the old list stays */
			for (unsigned j = 0; j < i; j++)
				for (unsigned k = 0; k < n_old; k++)
					if (!old[k] && c->srv[k] == keep[j]) {
						old[k] = keep[j];
						keep[j] = NULL;
					}
			for (unsigned j = 0; j < i; j++)
				server_free(c, keep[j]);
			return -1;
		}
	}
	/* requests on a server that goes (or queued): start over on the new list */
	for (struct rad_request *r = c->all; r; r = r->all_next) {
		bool gone = false;

		for (unsigned k = 0; k < n_old; k++)
			gone |= old[k] && r->port && r->port->srv == old[k];
		if (gone || (!r->port && r->server >= 0)) {
			release_slot(r);
			unqueue(c, r);
			r->server = -1;
			ev_timer_start(c->loop, &r->timer, 0);
		}
	}
	for (unsigned k = 0; k < n_old; k++)
		server_free(c, old[k]);
	memset(c->srv, 0, sizeof(c->srv));
	memcpy(c->srv, keep, cfg->n_servers * sizeof(keep[0]));
	/* requests in flight on kept servers: their new index */
	for (struct rad_request *r = c->all; r; r = r->all_next)
		for (unsigned i = 0; r->port && i < cfg->n_servers; i++)
			if (r->port->srv == c->srv[i])
				r->server = (int)i;
	c->n = cfg->n_servers;
	c->timeout_ms = (cfg->timeout_s ? cfg->timeout_s : 5) * 1000u;
	c->retransmit = cfg->retransmit;
	c->nas_ip = cfg->nas_ip;
	snprintf(c->nas_id, sizeof(c->nas_id), "%s", cfg->nas_id);
	return 0;
}

struct rad_client *rad_client_new(struct ev_loop *loop)
{
	struct rad_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->loop = loop;
	c->timeout_ms = 5000;
	c->retransmit = 3;
	return c;
}

void rad_client_free(struct rad_client *c)
{
	if (!c)
		return;
	while (c->all)
		request_free(c->all);
	for (unsigned i = 0; i < c->n; i++)
		server_free(c, c->srv[i]);
	free(c);
}

bool rad_client_stats(const struct rad_client *c, unsigned i, char *name, size_t namelen,
		      struct rad_port_stats *auth, struct rad_port_stats *acct)
{
	const struct rad_server *s;
	char a[INET_ADDRSTRLEN];

	if (i >= c->n)
		return false;
	s = c->srv[i];
	inet_ntop(AF_INET, &s->addr, a, sizeof(a));
	snprintf(name, namelen, "%s:%u,%u", a, s->port[RAD_AUTH].port, s->port[RAD_ACCT].port);
	*auth = s->port[RAD_AUTH].st;
	*acct = s->port[RAD_ACCT].st;
	return true;
}
