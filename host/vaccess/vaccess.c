#include "vaccess.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "common/bytes.h"
#include "common/evloop.h"
#include "common/log.h"
#include "mppe/engine.h"
#include "route.h"
#include "tun.h"
#include "tun_batch.h"

#define VA_MAX_TIMERS   16      /* fsm x4, echo, auth x4, CCP reset, IPCP hold, idle, RA x2: 15 */
#define TX_BATCH        64      /* frames queued for the links before a flush */
#define PKT_MAX         2048

struct va_timer {
	struct ev_timer ev;
	struct ppp_timer *t;
};

struct va_session {
	struct va_ctx *c;
	struct ppp_session *ppp;
	const struct va_link_ops *ops;
	void *link;
	unsigned unit;
	char name[16];
	uint32_t routed_addr;       /* in the routing table (server) / on the TUN (client) */
	uint64_t routed6;           /* server: the client's /64 in routes6; 0 none */
	uint32_t link_peer;         /* the link's remote address (network order; 0 unknown), for logs */
	uint64_t created_ms;        /* ev_clock_ms() at va_session_new, for the session-down line */
	bool link_gone, closing, dead;
	bool started;
	struct ev_timer start_timer;
	struct va_timer timers[VA_MAX_TIMERS];
	struct ev_timer reaper;
	/* client TUN */
	int tun_fd;
	char tun_name[IFNAMSIZ];
	struct ev_io tun_io;
	struct va_counters k;
	struct va_session *next_all;
};

struct tx_frame {
	struct va_session *s;
	uint16_t len;
	uint8_t data[PKT_MAX + 8];
};

struct va_ctx {
	struct ev_loop *loop;
	struct mppe_engine *engine;
	struct ppp_datapath *dp;    /* this context's (this thread's) data path */
	struct va_options o;
	struct va_hooks hooks;
	/* shared TUN (server) */
	int tun_fd;
	char tun_name[IFNAMSIZ];
	struct ev_io tun_io;
	struct ev_io engine_io;
	struct ev_hook hook;
	struct va_routes routes;    /* client address -> session */
	struct va_routes routes6;   /* client /64 -> session */
	/* Vi unit numbers in use */
	uint8_t *units;
	unsigned units_cap;
	struct va_session *all;
	unsigned count;
	uint64_t unrouted;
	/* the engine had no room: the shared TUN is not read (its io stopped)
	 * until end_of_iteration finds VA_TUN_ROOM (issue 18: read on, each
	 * packet the full engine refused counted in engine_errors and lost) */
	bool tun_gated;
	uint64_t tun_paused;
	struct tx_frame *tx;
	unsigned tx_n;
	struct tun_batch *tun_out;  /* o.tun_uring: this iteration's TUN writes */
};

/* ---- Vi unit numbers: the lowest free, as IOS numbers virtual-access interfaces ---- */

/* With several contexts (pnsd -W N, va_options.unit_first/unit_step) each
 * takes its own class of numbers (first, first + step, ...), so that a Vi
 * name is unique in the daemon without a lock. */
static unsigned unit_alloc(struct va_ctx *c)
{
	unsigned first = c->o.unit_first ? c->o.unit_first : 1, step = c->o.unit_step ? c->o.unit_step : 1;

	for (;;) {
		for (unsigned i = first; i < c->units_cap; i += step)
			if (!c->units[i]) {
				c->units[i] = 1;
				return i;
			}
		unsigned ncap = c->units_cap ? c->units_cap * 2 : 64;
		uint8_t *n;

		while (ncap <= first)
			ncap *= 2;
		if (ncap > (1u << 24) || !(n = realloc(c->units, ncap)))
			return 0;
		memset(n + c->units_cap, 0, ncap - c->units_cap);
		c->units = n;
		c->units_cap = ncap;
	}
}

/* ---- timers: ppp_timer on ev_timer ---- */

static void va_timer_fire(struct ev_loop *loop, struct ev_timer *ev)
{
	struct va_timer *vt = ev->arg;
	struct ppp_timer *t = vt->t;

	(void)loop;
	t->armed = false;
	t->expire(t);
}

static void va_timer_start(void *ctx, struct ppp_timer *t, unsigned ms)
{
	struct va_session *s = ctx;
	struct va_timer *vt = t->impl;

	if (!vt) {
		for (int i = 0; i < VA_MAX_TIMERS; i++) {
			if (!s->timers[i].t) {
				vt = &s->timers[i];
				vt->t = t;
				ev_timer_init(&vt->ev, va_timer_fire, vt);
				t->impl = vt;
				break;
			}
		}
		if (!vt) {
			log_err("%s: out of timers", s->name);
			return;
		}
	}
	if (ev_timer_start(s->c->loop, &vt->ev, ms) == 0)
		t->armed = true;
}

static void va_timer_stop(void *ctx, struct ppp_timer *t)
{
	struct va_session *s = ctx;
	struct va_timer *vt = t->impl;

	if (vt)
		ev_timer_stop(s->c->loop, &vt->ev);
	t->armed = false;
}

/* ---- link transmit, batched ---- */

static void tx_flush(struct va_ctx *c)
{
	struct iovec iov[TX_BATCH];
	unsigned i = 0;

	while (i < c->tx_n) {
		struct va_session *s = c->tx[i].s;
		unsigned j = i, n = 0;

		/* one run of consecutive frames of the same session */
		while (j < c->tx_n && c->tx[j].s == s) {
			iov[n].iov_base = c->tx[j].data;
			iov[n].iov_len = c->tx[j].len;
			n++, j++;
		}
		if (!s->link_gone && !s->closing) {
			int sent;

			if (s->ops->send_batch) {
				sent = s->ops->send_batch(s->link, iov, n);
			} else {
				sent = 0;
				for (unsigned k = 0; k < n; k++)
					if (s->ops->send(s->link, iov[k].iov_base, iov[k].iov_len) == 0)
						sent++;
			}
			if (sent < (int)n)
				s->k.link_tx_errors += n - (unsigned)(sent < 0 ? 0 : sent);
		}
		i = j;
	}
	c->tx_n = 0;
}

/* A batched TUN write's outcome (tun_batch_flush), counted as write() was. */
static void tun_written(void *owner, size_t len, int res)
{
	struct va_session *s = owner;

	if (res != (int)len) {
		s->k.tun_tx_errors++;
		return;
	}
	s->k.tun_tx++;
	s->k.tun_tx_octets += len;
}

static void tun_flush(struct va_ctx *c)
{
	if (c->tun_out)
		tun_batch_flush(c->tun_out, tun_written);
}

static int va_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct va_session *s = ctx;
	struct va_ctx *c = s->c;

	if (s->link_gone || s->closing || len > PKT_MAX + 8)
		return -1;
	if (c->tx_n == TX_BATCH)
		tx_flush(c);
	c->tx[c->tx_n].s = s;
	c->tx[c->tx_n].len = (uint16_t)len;
	memcpy(c->tx[c->tx_n].data, frame, len);
	c->tx_n++;
	return 0;
}

static void read_shared_tun(struct va_ctx *c);

/* Engine completions in, VA_TUN_BURST at a time, and on the server the
 * shared TUN read in between: each decrypted packet written to the TUN
 * that the host answers puts the answer in the TUN's transmit queue during
 * the write, so at most VA_TUN_BURST writes go between two reads, whatever
 * brought the completions at once (a GRE backlog, a worker's hand-over
 * ring, crypto threads that ran late). With every completion taken in one
 * go, a loop that fell behind wrote a thousand and more before it read the
 * TUN again, and the kernel dropped the answers beyond its queue
 * (docs/workers.md, "One session"). */
static void dispatch(struct va_ctx *c)
{
	while (ppp_datapath_dispatch(c->dp, VA_TUN_BURST) == VA_TUN_BURST) {
		if (c->o.mode != VA_SERVER)
			continue;
		tun_flush(c);       /* pnsd -U: the writes must be in before their answers can be read */
		read_shared_tun(c);
	}
}

/* End of every loop iteration: engine work out, completions in, frames out. */
static void end_of_iteration(struct ev_loop *loop, void *arg)
{
	struct va_ctx *c = arg;

	(void)loop;
	if (c->dp)
		dispatch(c);
	if (c->tun_gated)
		read_shared_tun(c);
	tx_flush(c);
	tun_flush(c);
}

static void engine_ready(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct va_ctx *c = io->arg;

	(void)loop;
	(void)events;
	dispatch(c);
	mppe_ack_event(c->engine);
}

/* ---- IP to and from the host ---- */

static void clamp(struct va_session *s, uint8_t *pkt, size_t len)
{
	unsigned mtu = ppp_session_mtu(s->ppp);

	if (s->c->o.no_clamp_mss || mtu <= 60)
		return;
	/* MSS = MTU less the IP and TCP headers: 20 + 20, or 40 + 20 for IPv6 */
	if (ppp_clamp_mss(pkt, len, (uint16_t)(mtu - 40)) || ppp_clamp_mss6(pkt, len, (uint16_t)(mtu - 60)))
		s->k.mss_clamped++;
}

static void va_deliver(void *ctx, const uint8_t *pkt, size_t len)
{
	struct va_session *s = ctx;
	struct va_ctx *c = s->c;
	uint8_t buf[PKT_MAX];
	int fd = c->o.mode == VA_SERVER ? c->tun_fd : s->tun_fd;

	if (len > sizeof(buf))
		return;
	if (c->o.mode == VA_CLIENT_NOTUN) {
		s->k.tun_tx++;
		s->k.tun_tx_octets += len;
		if (c->hooks.on_ip)
			c->hooks.on_ip(c->hooks.arg, s, pkt, len);
		return;
	}
	/* A client may only send from its own address (no spoofing through us);
	 * for IPv6 the PPP layer let through only its /64 (host/ppp/ipv6.c). */
	if (c->o.mode == VA_SERVER && (pkt[0] >> 4) != 6 &&
	    (len < 20 || get32(pkt + 12) != ppp_session_peer_addr(s->ppp))) {
		s->k.tun_tx_errors++;
		return;
	}
	if (c->tun_out) {
		uint8_t *slot;

		if (tun_batch_full(c->tun_out))
			tun_flush(c);
		slot = tun_batch_add(c->tun_out, fd, s, len);
		if (slot == NULL) {
			s->k.tun_tx_errors++;
			return;
		}
		memcpy(slot, pkt, len);
		clamp(s, slot, len);
		return;             /* written at the end of the loop iteration */
	}
	memcpy(buf, pkt, len);
	clamp(s, buf, len);
	if (write(fd, buf, len) != (ssize_t)len) {
		s->k.tun_tx_errors++;
		return;
	}
	s->k.tun_tx++;
	s->k.tun_tx_octets += len;
}

static void from_host(struct va_session *s, uint8_t *pkt, size_t len)
{
	clamp(s, pkt, len);
	if (ppp_send_ip(s->ppp, pkt, len) == 0) {
		s->k.tun_rx++;
		s->k.tun_rx_octets += len;
	}
}

#define VA_TUN_ROOM 32           /* engine operations free before a gated TUN is read again */

static void shared_tun_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events);

/* Read no more from the TUN than the engine takes: each packet read is at
 * most one operation, so with room for none the TUN is left alone (its
 * queue holds or drops what comes, counted by the kernel) rather than
 * read and refused by the engine. */
static void read_shared_tun(struct va_ctx *c)
{
	uint8_t pkt[PKT_MAX];
	unsigned room = ppp_datapath_room(c->dp);

	if (c->tun_gated) {
		if (room < VA_TUN_ROOM)
			return;
		c->tun_gated = false;
		if (ev_io_start(c->loop, &c->tun_io, c->tun_fd, EPOLLIN, shared_tun_readable, c) < 0)
			log_err("%s: the TUN cannot be watched again: %s", c->tun_name, strerror(errno));
	}
	for (int i = 0; i < VA_TUN_BURST; i++) {
		ssize_t n;
		struct va_session *s;
		uint32_t dst;

		if (room == 0 && (room = ppp_datapath_room(c->dp)) == 0) {
			c->tun_gated = true;
			c->tun_paused++;
			ev_io_stop(c->loop, &c->tun_io);
			break;
		}
		n = read(c->tun_fd, pkt, sizeof(pkt));
		if (n <= 0)
			break;
		room--;
		if (n >= 40 && (pkt[0] >> 4) == 6) {
			/* the host's own multicast and link-local traffic on the TUN
			 * (MLD reports, its Router Solicitations) is for no session */
			if (pkt[24] == 0xff || (pkt[24] == 0xfe && (pkt[25] & 0xc0) == 0x80))
				continue;
			s = va_routes_find(&c->routes6, get64(pkt + 24));
		} else if (n >= 20 && (pkt[0] >> 4) == 4) {
			dst = get32(pkt + 16);
			s = va_routes_find(&c->routes, dst);
		} else {
			continue;
		}
		if (!s) {
			c->unrouted++;
			continue;
		}
		from_host(s, pkt, (size_t)n);
	}
	ppp_datapath_flush(c->dp);
}

static void shared_tun_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	(void)loop;
	(void)events;
	read_shared_tun(io->arg);
}

static void client_tun_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct va_session *s = io->arg;
	uint8_t pkt[PKT_MAX];

	(void)loop;
	(void)events;
	for (int i = 0; i < VA_TUN_BURST; i++) {
		ssize_t n = read(s->tun_fd, pkt, sizeof(pkt));

		if (n <= 0)
			break;
		if ((n >= 20 && (pkt[0] >> 4) == 4) || (n >= 40 && (pkt[0] >> 4) == 6))
			from_host(s, pkt, (size_t)n);
	}
	ppp_datapath_flush(s->c->dp);
}

int va_session_send_ip(struct va_session *s, const uint8_t *pkt, size_t len)
{
	uint8_t buf[PKT_MAX];

	if (len > sizeof(buf)) {
		errno = EMSGSIZE;
		return -1;
	}
	memcpy(buf, pkt, len);
	clamp(s, buf, len);
	if (ppp_send_ip(s->ppp, buf, len) < 0)
		return -1;
	s->k.tun_rx++;
	s->k.tun_rx_octets += len;
	return 0;
}

/* ---- session life ---- */

static void network_up(struct va_session *s)
{
	struct va_ctx *c = s->c;
	uint32_t peer = ppp_session_peer_addr(s->ppp);
	uint32_t local = ppp_session_local_addr(s->ppp);

	if (c->o.mode == VA_SERVER) {
		if (!peer || va_routes_add(&c->routes, peer, s) < 0)
			return;
		s->routed_addr = peer;
		if (tun_route(c->tun_name, peer, true, ppp_session_mtu(s->ppp)) < 0)
			log_warn("%s: route to %u.%u.%u.%u: %s", s->name, peer >> 24, (peer >> 16) & 255,
				 (peer >> 8) & 255, peer & 255, strerror(errno));
	} else if (c->o.mode == VA_CLIENT_TUN) {
		if (tun_set_addr(s->tun_name, local, peer) < 0 ||
		    tun_up(s->tun_name, ppp_session_mtu(s->ppp)) < 0 ||
		    tun_set_txqueuelen(s->tun_name, VA_TUN_TXQUEUELEN) < 0)
			log_warn("%s: configuring %s: %s", s->name, s->tun_name, strerror(errno));
		s->routed_addr = local;
	}
}

static void network_down(struct va_session *s)
{
	struct va_ctx *c = s->c;

	if (c->o.mode == VA_SERVER && s->routed_addr) {
		va_routes_del(&c->routes, s->routed_addr, s);
		tun_route(c->tun_name, s->routed_addr, false, 0);
	}
	s->routed_addr = 0;
}

/* Server: the client's /64 to its session, in our table and the host's */
static void ipv6_up(struct va_session *s)
{
	struct va_ctx *c = s->c;
	uint8_t prefix[8];

	if (c->o.mode != VA_SERVER || s->routed6 || !ppp_session_ipv6_prefix(s->ppp, prefix))
		return;
	if (va_routes_add(&c->routes6, get64(prefix), s) < 0)
		return;
	s->routed6 = get64(prefix);
	if (tun_route6(c->tun_name, prefix, true, ppp_session_mtu(s->ppp)) < 0)
		log_warn("%s: route to %x:%x:%x:%x::/64: %s", s->name, prefix[0] << 8 | prefix[1],
			 prefix[2] << 8 | prefix[3], prefix[4] << 8 | prefix[5], prefix[6] << 8 | prefix[7],
			 strerror(errno));
}

static void ipv6_down(struct va_session *s)
{
	struct va_ctx *c = s->c;
	uint8_t prefix[8];

	if (!s->routed6)
		return;
	for (int i = 0; i < 8; i++)
		prefix[i] = (uint8_t)(s->routed6 >> (56 - 8 * i));
	va_routes_del(&c->routes6, s->routed6, s);
	tun_route6(c->tun_name, prefix, false, 0);
	s->routed6 = 0;
}

static void reap(struct ev_loop *loop, struct ev_timer *t);

static void start_ppp(struct va_session *s)
{
	if (s->started)
		return;
	s->started = true;
	ev_timer_stop(s->c->loop, &s->start_timer);
	ppp_session_start(s->ppp);
}

static void start_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	start_ppp(t->arg);
}

static void va_event(void *ctx, enum ppp_event ev, const char *reason)
{
	struct va_session *s = ctx;
	struct va_ctx *c = s->c;

	switch (ev) {
	case PPP_EV_NETWORK_UP:
		network_up(s);
		break;
	case PPP_EV_NETWORK_DOWN:
		network_down(s);
		break;
	case PPP_EV_IPV6_UP:
		ipv6_up(s);
		break;
	case PPP_EV_IPV6_DOWN:
		ipv6_down(s);
		break;
	case PPP_EV_DEAD:
		network_down(s);
		ipv6_down(s);
		if (!s->dead) {
			s->dead = true;
			ev_defer(c->loop, &s->reaper);   /* never free under the caller */
		}
		break;
	default:
		break;
	}
	if (c->hooks.on_event)
		c->hooks.on_event(c->hooks.arg, s, ev, reason);
}

static void session_destroy(struct va_session *s)
{
	struct va_ctx *c = s->c;

	for (struct va_session **pp = &c->all; *pp; pp = &(*pp)->next_all)
		if (*pp == s) {
			*pp = s->next_all;
			break;
		}
	/* frames of this session still queued go out first (a Terminate-Ack, say),
	 * and its packets to the host: the batch names the session */
	tx_flush(c);
	tun_flush(c);
	network_down(s);
	if (!s->link_gone && s->ops->close)
		s->ops->close(s->link);
	ppp_session_free(s->ppp);
	for (int i = 0; i < VA_MAX_TIMERS; i++)
		ev_timer_stop(c->loop, &s->timers[i].ev);
	ev_timer_stop(c->loop, &s->reaper);
	ev_timer_stop(c->loop, &s->start_timer);
	if (s->tun_fd >= 0) {
		ev_io_stop(c->loop, &s->tun_io);
		close(s->tun_fd);
	}
	if (s->unit < c->units_cap)
		c->units[s->unit] = 0;
	__atomic_fetch_sub(&c->count, 1, __ATOMIC_RELAXED);
	free(s);
}

static void reap(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	session_destroy(t->arg);
}

static void va_verified(void *ctx, uint32_t tag)
{
	struct va_session *s = ctx;

	if (!s->link_gone && !s->closing && s->link && s->ops->verified)
		s->ops->verified(s->link, tag);
}

struct va_session *va_session_new(struct va_ctx *c, const struct ppp_config *cfg,
				  const struct ppp_authenticator *auth, const struct va_link_ops *ops,
				  void *link)
{
	struct va_session *s = calloc(1, sizeof(*s));
	struct ppp_lower lo = {
		.send = va_send, .timer_start = va_timer_start, .timer_stop = va_timer_stop,
		.deliver_ip = va_deliver, .event = va_event, .verified = va_verified,
	};

	if (!s)
		return NULL;
	s->c = c;
	s->ops = ops;
	s->link = link;
	s->tun_fd = -1;
	ev_timer_init(&s->reaper, reap, s);
	ev_timer_init(&s->start_timer, start_timeout, s);
	for (int i = 0; i < VA_MAX_TIMERS; i++)
		ev_timer_init(&s->timers[i].ev, va_timer_fire, &s->timers[i]);
	s->unit = unit_alloc(c);
	s->created_ms = ev_clock_ms();
	if (!s->unit)
		goto fail;
	snprintf(s->name, sizeof(s->name), "Vi%u", s->unit);
	if (c->o.mode == VA_CLIENT_TUN) {
		snprintf(s->tun_name, sizeof(s->tun_name), "%s", c->o.tun_name ? c->o.tun_name : "ppp%d");
		s->tun_fd = tun_open(s->tun_name);
		if (s->tun_fd < 0 || ev_io_start(c->loop, &s->tun_io, s->tun_fd, EPOLLIN, client_tun_readable, s) < 0)
			goto fail;
	}
	lo.ctx = s;
	s->ppp = ppp_session_new(cfg, &lo, c->dp, auth);
	if (!s->ppp)
		goto fail;
	s->next_all = c->all;
	c->all = s;
	__atomic_fetch_add(&c->count, 1, __ATOMIC_RELAXED);
	if (c->o.mode == VA_SERVER && c->o.start_wait_ms)
		ev_timer_start(c->loop, &s->start_timer, c->o.start_wait_ms);
	else
		start_ppp(s);
	return s;
fail:
	if (s->tun_fd >= 0) {
		ev_io_stop(c->loop, &s->tun_io);
		close(s->tun_fd);
	}
	if (s->unit && s->unit < c->units_cap)
		c->units[s->unit] = 0;
	free(s);
	return NULL;
}

void va_session_input(struct va_session *s, const uint8_t *frame, size_t len)
{
	if (s->dead)
		return;
	start_ppp(s);               /* the client is there: our Configure-Request will reach it */
	ppp_input(s->ppp, frame, len);
}

void va_session_input_unverified(struct va_session *s, const uint8_t *frame, size_t len, uint32_t tag)
{
	if (!s->dead)
		ppp_input_unverified(s->ppp, frame, len, tag);
}

void va_session_link_down(struct va_session *s)
{
	s->link_gone = true;
	s->link = NULL;             /* the link's owner frees it now */
	ev_timer_stop(s->c->loop, &s->start_timer);
	if (!s->dead) {
		ppp_session_lower_down(s->ppp);   /* emits PPP_EV_DEAD: reaped later */
	}
	if (!s->dead) {                      /* already dead before: make sure it is reaped */
		s->dead = true;
		ev_defer(s->c->loop, &s->reaper);
	}
}

/* Acting on the alarm is the PNS's policy (Cisco: "stateful mode is
 * automatically switched to stateless"; ppp_flow_alarm says why that is now
 * only for the next CCP negotiation); clients only count the alarm. */
void va_session_flow_alarm(struct va_session *s, bool set)
{
	if (set && !s->dead && s->c->o.mode == VA_SERVER)
		ppp_flow_alarm(s->ppp);
}

void va_session_set_link_info(struct va_session *s, uint32_t send_accm, uint32_t recv_accm)
{
	ppp_set_link_info(s->ppp, send_accm, recv_accm);
}

void va_session_close(struct va_session *s, const char *reason)
{
	if (!s->dead)
		ppp_session_close(s->ppp, reason);
}

/* ---- the context ---- */

/* The PPP library's log lines go to `debug ppp negotiation`, `chap` or
 * `mppe` by their category, named by the interface ("Vi3 CHAP: ..."), as
 * IOS's debug lines are (never keys: the library does not log them). */
static void ppp_log_to_daemon(const struct ppp_session *s, enum ppp_log_cat cat, const char *line)
{
	static const enum log_debug dbg[] = { DBG_PPP_NEGOTIATION, DBG_PPP_CHAP, DBG_PPP_MPPE };
	const struct va_session *vs = ppp_session_lower_ctx(s);

	log_debug(dbg[cat], "%s %s", vs ? vs->name : "-", line);
}

struct va_ctx *va_ctx_new(struct ev_loop *loop, struct mppe_engine *engine, const struct va_options *o,
			  const struct va_hooks *hooks)
{
	struct va_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->loop = loop;
	c->engine = engine;
	c->o = *o;
	if (hooks)
		c->hooks = *hooks;
	c->tun_fd = -1;
	c->tx = calloc(TX_BATCH, sizeof(*c->tx));
	if (!c->tx)
		goto fail;
	if (engine && !(c->dp = ppp_datapath_new(engine)))
		goto fail;
	if (o->tun_uring && o->mode != VA_CLIENT_NOTUN) {
		c->tun_out = tun_batch_new();
		if (!c->tun_out)
			log_warn("TUN writes one by one: io_uring not available (%s)", strerror(errno));
	}
	if (o->mode == VA_SERVER) {
		snprintf(c->tun_name, sizeof(c->tun_name), "%s", o->tun_name ? o->tun_name : "pns%d");
		c->tun_fd = tun_open(c->tun_name);
		if (c->tun_fd < 0)
			goto fail;
		if (tun_up(c->tun_name, 1500) < 0)
			goto fail;
		if (tun_set_txqueuelen(c->tun_name, VA_TUN_TXQUEUELEN) < 0)
			log_warn("%s: transmit queue of %u packets: %s", c->tun_name, VA_TUN_TXQUEUELEN, strerror(errno));
		if (o->tun_addr && tun_set_addr(c->tun_name, o->tun_addr, 0) < 0)
			goto fail;
		if (ev_io_start(loop, &c->tun_io, c->tun_fd, EPOLLIN, shared_tun_readable, c) < 0)
			goto fail;
	}
	/* Several contexts may share an engine (client and server in one test
	 * process): the first watches its event fd; the end-of-iteration hook
	 * of every context collects completions anyway. */
	if (engine && mppe_event_fd(engine) >= 0 &&
	    ev_io_start(loop, &c->engine_io, mppe_event_fd(engine), EPOLLIN, engine_ready, c) < 0 &&
	    errno != EEXIST)
		goto fail;
	if (!ppp_log_hook)
		ppp_log_hook = ppp_log_to_daemon;
	c->hook.fn = end_of_iteration;
	c->hook.arg = c;
	ev_hook_add(loop, &c->hook);
	return c;
fail:
	{
		int e = errno;

		va_ctx_free(c);
		errno = e;
	}
	return NULL;
}

void va_ctx_free(struct va_ctx *c)
{
	if (!c)
		return;
	while (c->all) {
		struct va_session *s = c->all;

		if (!s->dead)
			ppp_session_lower_down(s->ppp);
		session_destroy(s);
	}
	if (c->dp) {
		/* A session freed with operations in flight is freed by its last
		 * completion (ppp_session_free): wait for them, not only for what
		 * is ready now (crypto threads behind under a flood: pnsd stopped
		 * then leaked every such session, check-flood-workers' ASan).
		 * Bounded: an engine that never completes costs 10 s at exit. */
		for (unsigned waited_ms = 0; ppp_datapath_inflight(c->dp) && waited_ms < 10000;) {
			if (ppp_datapath_dispatch(c->dp, 1024) > 0)
				continue;
			struct timespec ms = { 0, 1000000L };
			nanosleep(&ms, NULL);
			waited_ms++;
		}
		ppp_datapath_free(c->dp);
	}
	if (c->hook.fn)
		ev_hook_remove(c->loop, &c->hook);
	ev_io_stop(c->loop, &c->engine_io);
	if (c->tun_fd >= 0) {
		ev_io_stop(c->loop, &c->tun_io);
		close(c->tun_fd);
	}
	tun_batch_free(c->tun_out);
	va_routes_free(&c->routes);
	va_routes_free(&c->routes6);
	free(c->units);
	free(c->tx);
	free(c);
}

const char *va_ctx_tun_name(const struct va_ctx *c) { return c->tun_name; }
struct ppp_datapath *va_ctx_datapath(const struct va_ctx *c) { return c->dp; }
uint64_t va_ctx_unrouted(const struct va_ctx *c) { return c->unrouted; }
uint64_t va_ctx_tun_paused(const struct va_ctx *c) { return c->tun_paused; }
uint64_t va_ctx_tun_batches(const struct va_ctx *c) { return c->tun_out ? tun_batch_syscalls(c->tun_out) : 0; }
/* Any thread (pnsd -W: a session-limit counts every loop's sessions). */
unsigned va_count(const struct va_ctx *c) { return __atomic_load_n(&c->count, __ATOMIC_RELAXED); }
const char *va_session_name(const struct va_session *s) { return s->name; }
unsigned va_session_unit(const struct va_session *s) { return s->unit; }
struct ppp_session *va_session_ppp(const struct va_session *s) { return s->ppp; }
const struct va_counters *va_session_counters(const struct va_session *s) { return &s->k; }
const char *va_session_tun_name(const struct va_session *s) { return s->tun_name; }
void *va_session_link(const struct va_session *s) { return s->link; }
void va_session_set_link_peer(struct va_session *s, uint32_t addr) { s->link_peer = addr; }
uint32_t va_session_link_peer(const struct va_session *s) { return s->link_peer; }
uint64_t va_session_age_ms(const struct va_session *s) { return ev_clock_ms() - s->created_ms; }

static int cmp_unit(const void *a, const void *b)
{
	const struct va_session *x = *(struct va_session *const *)a, *y = *(struct va_session *const *)b;

	return (x->unit > y->unit) - (x->unit < y->unit);
}

int va_foreach(struct va_ctx *c, int (*fn)(void *arg, struct va_session *s), void *arg)
{
	struct va_session **v = malloc((c->count + 1) * sizeof(*v));
	unsigned n = 0;
	int rc = 0;

	if (!v)
		return -1;
	for (struct va_session *s = c->all; s; s = s->next_all)
		v[n++] = s;
	qsort(v, n, sizeof(*v), cmp_unit);
	for (unsigned i = 0; i < n && !rc; i++)
		rc = fn(arg, v[i]);
	free(v);
	return rc;
}
