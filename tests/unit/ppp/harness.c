#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mppe/engine.h"

void h_clock_init(struct h_clock *c)
{
	memset(c, 0, sizeof(*c));
}

void h_timer_start(void *ctx, struct ppp_timer *t, unsigned ms)
{
	struct h_clock *c = ctx;

	if (!t->armed) {
		if (c->n == H_MAX_TIMERS)
			abort();
		c->t[c->n++] = t;
	}
	t->armed = true;
	t->impl_when = c->now + ms;
}

void h_timer_stop(void *ctx, struct ppp_timer *t)
{
	struct h_clock *c = ctx;

	for (unsigned i = 0; i < c->n; i++) {
		if (c->t[i] == t) {
			c->t[i] = c->t[--c->n];
			break;
		}
	}
	t->armed = false;
}

bool h_clock_advance(struct h_clock *c, uint64_t max_ms)
{
	struct ppp_timer *best = NULL;

	for (unsigned i = 0; i < c->n; i++)
		if (!best || c->t[i]->impl_when < best->impl_when)
			best = c->t[i];
	if (!best || best->impl_when > c->now + max_ms)
		return false;
	if (best->impl_when > c->now)
		c->now = best->impl_when;
	h_timer_stop(c, best);
	best->expire(best);
	return true;
}

void h_server_config(struct ppp_config *c)
{
	ppp_config_defaults(c, true);
	snprintf(c->name, sizeof(c->name), "PNS");
	c->auth[0] = PPP_AUTH_MSCHAP_V2;
	c->auth[1] = PPP_AUTH_MSCHAP_V1;
	c->n_auth = 2;
	c->mppe.strength = PPP_MPPE_AUTO;
	c->local_addr = 0x0A000001;             /* 10.0.0.1 */
	c->dns[0] = 0x0A000035;
	c->dns[1] = 0x0A000036;
	c->nbns[0] = 0x0A000037;
}

void h_client_config(struct ppp_config *c)
{
	ppp_config_defaults(c, false);
	snprintf(c->user, sizeof(c->user), "alice");
	snprintf(c->password, sizeof(c->password), "secret-Pass1");
	c->mppe.strength = PPP_MPPE_AUTO;
	c->request_dns = true;
}

static struct h_end *end_of(void *ctx) { return ctx; }

static int h_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct h_end *e = end_of(ctx);
	struct h_pair *p = e->pair;
	struct h_end *to = &p->end[!e->side];
	struct h_frame f;

	if (!p->link_up || len > sizeof(f.data))
		return -1;
	f.len = (uint16_t)len;
	memcpy(f.data, frame, len);
	if (e->capture_sent && e->sent_n < 256)
		e->sent[e->sent_n++] = f;
	if (p->filter && !p->filter(p->filter_ctx, e->side, &f))
		return 0;
	if (to->qt - to->qh >= H_QUEUE - 1)
		return -1;             /* a full link drops, as a real one does */
	if (p->reorder_pct && !p->has_held[e->side]) {
		p->rnd = p->rnd * 1103515245u + 12345u;
		if ((p->rnd >> 16) % 100 < p->reorder_pct) {
			p->held[e->side] = f;
			p->has_held[e->side] = true;
			return 0;
		}
	}
	to->q[to->qt++ % H_QUEUE] = f;
	if (p->has_held[e->side]) {
		to->q[to->qt++ % H_QUEUE] = p->held[e->side];
		p->has_held[e->side] = false;
	}
	return 0;
}

static void h_deliver(void *ctx, const uint8_t *pkt, size_t len)
{
	struct h_end *e = end_of(ctx);

	if (e->rx_ip_n < 64 && len <= sizeof(e->rx_ip[0])) {
		memcpy(e->rx_ip[e->rx_ip_n], pkt, len);
		e->rx_ip_len[e->rx_ip_n] = (uint16_t)len;
	}
	e->rx_ip_n++;
	e->rx_ip_total += len;
}

static void h_event(void *ctx, enum ppp_event ev, const char *reason)
{
	struct h_end *e = end_of(ctx);

	e->events[ev]++;
	if (reason)
		snprintf(e->last_reason, sizeof(e->last_reason), "%s", reason);
}

static void h_verified(void *ctx, uint32_t tag)
{
	struct h_end *e = end_of(ctx);

	e->verified_n++;
	e->verified_tag = tag;
}

static void h_tstart(void *ctx, struct ppp_timer *t, unsigned ms)
{
	h_timer_start(&end_of(ctx)->pair->clock, t, ms);
}

static void h_tstop(void *ctx, struct ppp_timer *t)
{
	h_timer_stop(&end_of(ctx)->pair->clock, t);
}

static struct ppp_lower lower_for(struct h_end *e)
{
	struct ppp_lower lo = {
		.ctx = e, .send = h_send, .timer_start = h_tstart, .timer_stop = h_tstop,
		.deliver_ip = h_deliver, .event = h_event, .verified = h_verified,
	};

	return lo;
}

int h_recreate_server(struct h_pair *p, const struct ppp_config *cfg)
{
	struct ppp_config sc = *cfg;
	struct ppp_lower lo = lower_for(&p->end[0]);

	sc.pool = p->pool;
	ppp_session_free(p->end[0].s);
	p->end[0].s = ppp_session_new(&sc, &lo, p->dp, &p->authr);
	return p->end[0].s ? 0 : -1;
}

int h_pair_init(struct h_pair *p, const struct ppp_config *srv, const struct ppp_config *cli,
		unsigned pool_size)
{
	struct ppp_config sc = *srv;

	memset(p, 0, sizeof(*p));
	h_clock_init(&p->clock);
	p->engine = mppe_engine_open("sw");
	p->dp = p->engine ? ppp_datapath_new(p->engine) : NULL;
	p->users = ppp_userdb_new();
	if (!p->dp || !p->users)
		return -1;
	ppp_userdb_add(p->users, "alice", "secret-Pass1");
	ppp_userdb_add(p->users, "User", "clientPass");
	ppp_userdb_authenticator(p->users, &p->authr);
	if (pool_size) {
		p->pool = ppp_pool_new("default", 0x0A00000A, 0x0A00000A + pool_size - 1);
		sc.pool = p->pool;
	}
	for (int i = 0; i < 2; i++) {
		struct h_end *e = &p->end[i];
		struct ppp_lower lo = lower_for(e);

		e->pair = p;
		e->side = i;
		e->q = calloc(H_QUEUE, sizeof(struct h_frame));
		e->sent = calloc(256, sizeof(struct h_frame));
		e->s = ppp_session_new(i == 0 ? &sc : cli, &lo, p->dp, i == 0 ? &p->authr : NULL);
		if (!e->q || !e->sent || !e->s)
			return -1;
	}
	p->link_up = true;
	return 0;
}

void h_pair_free(struct h_pair *p)
{
	for (int i = 0; i < 2; i++) {
		ppp_session_free(p->end[i].s);
		free(p->end[i].q);
		free(p->end[i].sent);
	}
	while (p->dp && ppp_datapath_inflight(p->dp) && ppp_datapath_dispatch(p->dp, 1024) > 0)
		;
	ppp_datapath_free(p->dp);
	mppe_engine_close(p->engine);
	ppp_userdb_free(p->users);
	ppp_pool_free(p->pool);
}

void h_pair_pump(struct h_pair *p)
{
	bool busy = true;

	while (busy) {
		busy = false;
		for (int i = 0; i < 2; i++) {
			struct h_end *e = &p->end[i];

			if (e->qh != e->qt) {
				struct h_frame f = e->q[e->qh++ % H_QUEUE];

				if (!p->rx_filter || p->rx_filter(p->rx_filter_ctx, i, &f))
					ppp_input(e->s, f.data, f.len);
				busy = true;
			}
		}
		if (ppp_datapath_dispatch(p->dp, 256) > 0)
			busy = true;
	}
}

void h_pair_run(struct h_pair *p, uint64_t max_ms)
{
	uint64_t end = p->clock.now + max_ms;

	h_pair_pump(p);
	while (p->clock.now <= end && h_clock_advance(&p->clock, end - p->clock.now))
		h_pair_pump(p);
}

void h_pair_start(struct h_pair *p)
{
	ppp_session_start(p->end[0].s);
	ppp_session_start(p->end[1].s);
	h_pair_run(p, 1);
}

bool h_frame_parse(const struct h_frame *f, uint16_t *proto, const uint8_t **info, size_t *len)
{
	const uint8_t *d = f->data;
	size_t n = f->len;

	if (n >= 2 && d[0] == 0xFF && d[1] == 0x03) {
		d += 2;
		n -= 2;
	}
	if (n >= 1 && (d[0] & 1)) {
		*proto = d[0];
		d++, n--;
	} else if (n >= 2) {
		*proto = (uint16_t)(d[0] << 8 | d[1]);
		d += 2, n -= 2;
	} else {
		return false;
	}
	*info = d;
	*len = n;
	return true;
}

const struct h_frame *h_find_sent(const struct h_end *e, uint16_t proto, int code, unsigned n,
				  const uint8_t **info, size_t *len)
{
	for (unsigned i = 0; i < e->sent_n; i++) {
		uint16_t pr;
		const uint8_t *in;
		size_t l;

		if (!h_frame_parse(&e->sent[i], &pr, &in, &l) || pr != proto)
			continue;
		if (code >= 0 && (l < 1 || in[0] != code))
			continue;
		if (n-- == 0) {
			if (info)
				*info = in;
			if (len)
				*len = l;
			return &e->sent[i];
		}
	}
	return NULL;
}

unsigned h_count_sent(const struct h_end *e, uint16_t proto, int code)
{
	unsigned n = 0;

	while (h_find_sent(e, proto, code, n, NULL, NULL))
		n++;
	return n;
}

void h_inject(struct h_pair *p, int to, const uint8_t *frame, size_t len)
{
	struct h_end *e = &p->end[to];
	struct h_frame f;

	if (len > sizeof(f.data) || e->qt - e->qh == H_QUEUE)
		return;
	f.len = (uint16_t)len;
	memcpy(f.data, frame, len);
	e->q[e->qt++ % H_QUEUE] = f;
}

void h_make_ip(uint8_t *buf, size_t len, unsigned seq)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(seq * 7 + i * 13);
	buf[0] = 0x45;
	if (len >= 8) {
		buf[4] = (uint8_t)(seq >> 8);
		buf[5] = (uint8_t)seq;
	}
	if (len >= 20) {
		/* a valid header: pnsd delivers nothing from MPPE that is not IPv4 */
		uint32_t sum = 0;

		buf[2] = (uint8_t)(len >> 8);
		buf[3] = (uint8_t)len;
		buf[6] = buf[7] = 0;
		buf[8] = 64;
		buf[9] = 17;
		buf[10] = buf[11] = 0;
		for (int i = 0; i < 20; i += 2)
			sum += (uint32_t)buf[i] << 8 | buf[i + 1];
		while (sum >> 16)
			sum = (sum & 0xffff) + (sum >> 16);
		buf[10] = (uint8_t)(~sum >> 8);
		buf[11] = (uint8_t)~sum;
	}
}
