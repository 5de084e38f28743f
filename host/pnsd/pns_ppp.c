#include "pns_ppp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pthread.h>
#include <strings.h>

#include "cli/cli_query.h"
#include "cli/config_aaa.h"
#include "cli/config_access.h"
#include "cli/config_ops.h"
#include "common/log.h"
#include "mppe/crypto.h"
#include "card/card_engine.h"
#include "mppe/engine.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "radius/radius_aaa.h"
#include "vaccess/tun.h"

/* Pools outlive reloads: a session keeps the pool its address came from. */
struct pool_entry {
	struct ppp_pool *pool;
	char name[CFG_WORD_MAX];
	uint32_t first, last;
	bool current;                 /* an `ip local pool` of the running configuration */
	struct pool_entry *next;
};

/* The same for `ipv6 local pool`: a session keeps its /64's pool. */
struct pool6_entry {
	struct ppp_pool6 *pool;
	char name[CFG_WORD_MAX];
	uint8_t prefix[8];
	unsigned plen;
	bool current;
	struct pool6_entry *next;
};

/* A session past admit_user, while -W N > 1 (the loops' sessions are
 * counted against each other here, not by walking another loop's). */
struct admitted {
	const struct pns_ppp *p;
	const struct va_session *s;
	char user[PPP_NAME_MAX + 1];
	uint32_t addr;
	struct admitted *next;
};

/* What the PPP layers of pnsd's loops share (pnsd -W N, docs/workers.md):
 * the address pools and the counts behind the session limits. Everything
 * under lock, on the control path only (a session's start, its
 * authentication, its end, a show command, a reload). */
struct pns_shared {
	pthread_mutex_t lock;
	unsigned refs;
	struct pool_entry *pools;
	struct pool6_entry *pools6;
	struct admitted *admitted;
	/* every loop's data path (set before the worker threads start): the
	 * template's session-limit counts the sessions of all of them */
	struct va_ctx *va[PNS_MAX_LOOPS];
	unsigned nva;
	/* authentications over every loop (metrics): relaxed atomics */
	uint64_t auth_ok, auth_failed;
};

struct pns_ppp {
	struct mppe_engine *engine;
	struct pptp_ppp *pp;
	struct ppp_userdb *users;     /* refilled in place on reload */
	struct rad_aaa *aaa;          /* the authenticator: RADIUS and/or the local users; accounting */
	struct pns_shared *sh;        /* the pools (shared with the other loops' pns_ppp under -W N) */
	unsigned index;               /* this loop's number (0: the main loop) */
	/* the template new sessions are made from */
	bool have_template;
	struct ppp_config tmpl;
	unsigned tmpl_number;         /* Virtual-Template<n> */
	unsigned tmpl_limit;          /* its session-limit; 0: none */
	/* `username NAME session-limit N` of the running configuration */
	struct user_limit { char name[CFG_WORD_MAX]; unsigned limit; } *user_limits;
	unsigned n_user_limits;
	uint32_t tun_addr;            /* the server address pnsd put on its TUN (0: none) */
	/* the counter sweep (hardware engines only, see sweep_tick) */
	struct ev_loop *loop;
	struct ev_timer sweep;
	unsigned sweep_from;          /* the next session unit to read */
	uint64_t sweep_reads;         /* flows read by the sweep (STATUS counter_sweep_reads) */
	bool sw;                      /* software engine: counters are cheap to read */
};

/* Under p->sh->lock. */
static struct ppp_pool *pool_get(struct pns_ppp *p, const struct acc_pool *ap)
{
	struct pool_entry *e;

	for (e = p->sh->pools; e; e = e->next)
		if (!strcmp(e->name, ap->name) && e->first == ap->first && e->last == ap->last) {
			e->current = true;
			return e->pool;
		}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->pool = ppp_pool_new(ap->name, ap->first, ap->last);
	if (!e->pool) {
		free(e);
		return NULL;
	}
	snprintf(e->name, sizeof(e->name), "%s", ap->name);
	e->first = ap->first;
	e->last = ap->last;
	e->current = true;
	e->next = p->sh->pools;
	p->sh->pools = e;
	return e->pool;
}

/* Under p->sh->lock. */
static struct ppp_pool6 *pool6_get(struct pns_ppp *p, const struct acc_pool6 *ap)
{
	struct pool6_entry *e;

	for (e = p->sh->pools6; e; e = e->next)
		if (!strcmp(e->name, ap->name) && !memcmp(e->prefix, ap->prefix, 8) && e->plen == ap->plen) {
			e->current = true;
			return e->pool;
		}
	if (!(e = calloc(1, sizeof(*e))))
		return NULL;
	if (!(e->pool = ppp_pool6_new(ap->name, ap->prefix, ap->plen))) {
		free(e);
		return NULL;
	}
	snprintf(e->name, sizeof(e->name), "%s", ap->name);
	memcpy(e->prefix, ap->prefix, 8);
	e->plen = ap->plen;
	e->current = true;
	e->next = p->sh->pools6;
	p->sh->pools6 = e;
	return e->pool;
}

/* Framed-Pool NAME: the running configuration's pool of that name. */
static struct ppp_pool *pool_by_name(void *arg, const char *name)
{
	struct pns_ppp *p = arg;
	struct ppp_pool *found = NULL;

	pthread_mutex_lock(&p->sh->lock);
	for (struct pool_entry *e = p->sh->pools; e && !found; e = e->next)
		if (e->current && strcmp(e->name, name) == 0)
			found = e->pool;
	pthread_mutex_unlock(&p->sh->lock);
	return found;
}

static enum ppp_auth_method auth_of(enum acc_auth a)
{
	switch (a) {
	case ACC_AUTH_MSCHAP: return PPP_AUTH_MSCHAP_V1;
	case ACC_AUTH_MSCHAPV2: return PPP_AUTH_MSCHAP_V2;
	case ACC_AUTH_CHAP: return PPP_AUTH_CHAP_MD5;
	case ACC_AUTH_PAP: return PPP_AUTH_PAP;
	}
	return PPP_AUTH_NONE;
}

static enum ppp_mppe_strength mppe_of(enum acc_mppe_strength s)
{
	switch (s) {
	case ACC_MPPE_AUTO: return PPP_MPPE_AUTO;
	case ACC_MPPE_40: return PPP_MPPE_40;
	case ACC_MPPE_128: return PPP_MPPE_128;
	default: return PPP_MPPE_NONE;
	}
}

/* The address of interface name: its `ip address` in the file, else the host's. Network order; 0 if none. */
static uint32_t iface_addr(const struct acc_config *acc, const char *name)
{
	const struct acc_iface *f = acc ? acc_iface(acc, name) : NULL;
	struct ifaddrs *ifa, *i;
	uint32_t addr = 0;

	if (f && f->addr)
		return htonl(f->addr);
	if (getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i && !addr; i = i->ifa_next)
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET && strcasecmp(i->ifa_name, name) == 0)
			addr = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
	freeifaddrs(ifa);
	return addr;
}

/* `aaa` and `radius-server` into the RADIUS client and the method list. */
static int build_aaa(struct pns_ppp *p, const struct aaa_config *aaa, const struct acc_config *acc,
		     const struct cfg_core *core)
{
	struct rad_aaa_config *rc = calloc(1, sizeof(*rc));
	int rv;

	if (!rc)
		return -1;
	if (aaa && aaa->new_model) {
		for (unsigned i = 0; i < aaa->n_auth; i++)
			rc->methods[rc->n_methods++] = aaa->auth[i] == AAA_RADIUS ? RAD_METHOD_RADIUS : RAD_METHOD_LOCAL;
		rc->acct = aaa->acct != AAA_ACCT_NONE;
		rc->acct_stop_only = aaa->acct == AAA_ACCT_STOP_ONLY;
	}
	for (unsigned i = 0; aaa && i < aaa->n_hosts && i < RAD_MAX_SERVERS; i++) {
		struct rad_server_config *sc = &rc->client.servers[rc->client.n_servers++];
		const char *key = aaa->hosts[i].key[0] ? aaa->hosts[i].key : aaa->key;

		sc->addr = htonl(aaa->hosts[i].addr);
		sc->auth_port = aaa->hosts[i].auth_port;
		sc->acct_port = aaa->hosts[i].acct_port;
		sc->secret_len = strlen(key);
		memcpy(sc->secret, key, sc->secret_len);
	}
	if (aaa) {
		rc->client.timeout_s = aaa->timeout_s;
		rc->client.retransmit = aaa->retransmit;
		if (aaa->source_if[0]) {
			rc->client.source_addr = iface_addr(acc, aaa->source_if);
			if (!rc->client.source_addr)
				log_warn("ip radius source-interface %s: no address; the kernel chooses", aaa->source_if);
			rc->client.nas_ip = rc->client.source_addr;
		}
	}
	if (core && core->hostname[0])
		snprintf(rc->client.nas_id, sizeof(rc->client.nas_id), "%s", core->hostname);
	/* one listener for the daemon: loop 0's (pnsd -W N, rad_aaa_set_dae_elsewhere) */
	if (aaa && aaa->new_model && aaa->dae && p->index == 0) {
		rc->dae.on = true;
		rc->dae.port = aaa->dae_port;
		rc->dae.bind_addr = rc->client.source_addr;
		for (unsigned i = 0; i < aaa->n_dae_clients && i < RAD_MAX_DAE_CLIENTS; i++) {
			struct rad_dae_client *dc = &rc->dae.clients[rc->dae.n_clients++];
			const char *key = aaa->dae_clients[i].key[0] ? aaa->dae_clients[i].key : aaa->dae_key;

			dc->addr = htonl(aaa->dae_clients[i].addr);
			dc->secret_len = strlen(key);
			memcpy(dc->secret, key, dc->secret_len);
		}
	}
	rv = rad_aaa_configure(p->aaa, rc);
	crypto_wipe(rc, sizeof(*rc));
	free(rc);
	return rv;
}

/*
 * The server address of the template (`ip unnumbered Loopback0` with
 * Loopback0's `ip address` in the file) is what clients are told in IPCP is
 * our end of the link. On IOS the router owns it; here, unless the host has
 * it on some interface, packets to it were dropped by the kernel
 * (IpInAddrErrors) and the client could not reach the server over the
 * tunnel. So pnsd makes it local: the only address of its TUN (a /32), set
 * again or removed on every reload.
 */
static void server_addr_local(struct pns_ppp *p)
{
	/* Under -W N only the main loop's TUN carries it: one local address
	 * is enough for the kernel to take packets to it from any TUN. */
	if (p->index != 0)
		return;
	const char *tun = va_ctx_tun_name(pptp_ppp_vaccess(p->pp));
	uint32_t want = p->have_template ? p->tmpl.local_addr : 0;
	char where[64], ip[INET_ADDRSTRLEN];
	struct in_addr in = { .s_addr = htonl(want) };

	inet_ntop(AF_INET, &in, ip, sizeof(ip));
	if (want && acc_host_has_addr(want, tun, where, sizeof(where))) {
		log_info("ppp: server address %s: this host has it on %s", ip, where);
		want = 0;
	}
	if (want == p->tun_addr)
		return;
	if (tun_set_addr(tun, want, 0) < 0) {
		log_err("ppp: server address %s on %s: %s; clients cannot reach it over the tunnel", ip, tun,
			strerror(errno));
		return;
	}
	if (want)
		log_notice("ppp: server address %s is not an address of this host: added to %s", ip, tun);
	else
		log_notice("ppp: server address removed from %s", tun);
	p->tun_addr = want;
}

/* The configuration sessions are made from: the vpdn-group's virtual template. */
static int build(struct pns_ppp *p, const struct cfg *cfg)
{
	const struct acc_config *acc = cfg_block(cfg, &acc_cfg_section);
	const struct vpdn_config *v = cfg_block(cfg, &vpdn_cfg_section);
	const struct cfg_core *core = cfg_block(cfg, &cfg_core_section);
	const struct vpdn_group *g = v ? vpdn_pptp_group(v) : NULL;
	const struct acc_template *t;
	struct ppp_config *c = &p->tmpl;

	ppp_userdb_clear(p->users);
	free(p->user_limits);
	p->user_limits = NULL;
	p->n_user_limits = 0;
	if (acc && acc->n_users && !(p->user_limits = calloc(acc->n_users, sizeof(*p->user_limits))))
		return -1;
	for (unsigned i = 0; acc && i < acc->n_users; i++) {
		const struct acc_user *u = &acc->users[i];

		ppp_userdb_add(p->users, u->name, u->secret);
		ppp_userdb_set_addr(p->users, u->name, u->addr);
		if (u->session_limit) {
			snprintf(p->user_limits[p->n_user_limits].name, CFG_WORD_MAX, "%s", u->name);
			p->user_limits[p->n_user_limits++].limit = u->session_limit;
		}
	}
	/* every pool of this configuration, for Framed-Pool from RADIUS; the
	 * other loops' build, of the same configuration, marks the same ones */
	pthread_mutex_lock(&p->sh->lock);
	for (struct pool_entry *e = p->sh->pools; e; e = e->next)
		e->current = false;
	for (struct pool6_entry *e = p->sh->pools6; e; e = e->next)
		e->current = false;
	for (unsigned i = 0; acc && i < acc->n_pools; i++)
		if (!pool_get(p, &acc->pools[i])) {
			pthread_mutex_unlock(&p->sh->lock);
			return -1;
		}
	pthread_mutex_unlock(&p->sh->lock);
	if (build_aaa(p, cfg_block(cfg, &aaa_cfg_section), acc, core) < 0) {
		log_err("RADIUS: %s", strerror(errno));
		return -1;
	}
	ppp_config_defaults(c, true);
	c->n_auth = 0;
	if (g && g->local_name[0])
		snprintf(c->name, sizeof(c->name), "%s", g->local_name);
	else if (core && core->hostname[0])
		snprintf(c->name, sizeof(c->name), "%s", core->hostname);
	p->have_template = false;
	t = (acc && g && g->virtual_template) ? acc_template(acc, g->virtual_template) : NULL;
	if (!t) {
		log_warn("ppp: no interface Virtual-Template%u: calls are refused",
			 g ? g->virtual_template : 0);
		return 0;
	}
	for (unsigned i = 0; i < t->n_auth && i < PPP_MAX_AUTH_METHODS; i++)
		c->auth[c->n_auth++] = auth_of(t->auth[i]);
	c->mppe.strength = mppe_of(t->mppe);
	c->mppe.passive = t->mppe_passive;
	c->mppe.required = t->mppe_required;
	c->mppe.stateful = t->mppe_stateful;
	c->idle_timeout_s = t->idle_s;
	c->idle_inbound = t->idle_inbound;
	c->absolute_timeout_s = t->absolute_s;
	c->ipv6 = t->ipv6;
	/* ip mtu N: IP packets of N, so the MRU asked leaves room for MPPE's
	 * header and protocol field (RFC 3078 3); mtu N: the MRU itself. */
	{
		unsigned over = c->mppe.strength != PPP_MPPE_NONE ? 4 : 0;

		if (t->ip_mtu) {
			c->ip_mtu = (uint16_t)t->ip_mtu;
			c->mru = (uint16_t)(t->ip_mtu + over > 1500 ? 1500 : t->ip_mtu + over);
		} else if (t->mtu) {
			c->mru = (uint16_t)t->mtu;
			c->ip_mtu = (uint16_t)(t->mtu - over);
		}
	}
	p->tmpl_number = t->number;
	p->tmpl_limit = t->session_limit;
	if (t->unnumbered[0]) {
		c->local_addr = acc_unnumbered_addr(acc, t);
		if (!c->local_addr)
			log_warn("ppp: ip unnumbered %s: no address", t->unnumbered);
	}
	if (t->pool[0]) {
		const struct acc_pool *ap = acc_pool(acc, t->pool);

		if (!ap) {
			log_warn("ppp: ip local pool %s is not configured: calls are refused", t->pool);
			return 0;
		}
		pthread_mutex_lock(&p->sh->lock);
		c->pool = pool_get(p, ap);
		pthread_mutex_unlock(&p->sh->lock);
		if (!c->pool)
			return -1;
	}
	if (t->ipv6 && t->pool6[0]) {
		const struct acc_pool6 *ap = acc_pool6(acc, t->pool6);

		if (!ap)
			log_warn("ppp: ipv6 local pool %s is not configured: IPv6 is link-local only", t->pool6);
		else {
			pthread_mutex_lock(&p->sh->lock);
			c->pool6 = pool6_get(p, ap);
			pthread_mutex_unlock(&p->sh->lock);
			if (!c->pool6)
				return -1;
		}
	}
	memcpy(c->dns, acc->dns, sizeof(c->dns));
	memcpy(c->nbns, acc->nbns, sizeof(c->nbns));
	if (c->mppe.strength != PPP_MPPE_NONE && c->n_auth == 0)
		log_warn("ppp: ppp encrypt mppe without ppp authentication ms-chap*: no MPPE keys");
	p->have_template = true;
	return 0;
}

/* The sessions of every loop (pnsd -W N), for the template's
 * session-limit: each loop's count read atomically; two loops admitting at
 * the same instant may pass the limit by one each (docs/workers.md). */
static unsigned sessions_all(const struct pns_ppp *p)
{
	unsigned n = 0;

	if (p->sh->nva <= 1)
		return va_count(pptp_ppp_vaccess(p->pp));
	for (unsigned i = 0; i < p->sh->nva; i++)
		n += va_count(p->sh->va[i]);
	return n;
}

static int session_config(void *arg, struct pptp_call *call, struct ppp_config *cfg,
			  const struct ppp_authenticator **auth)
{
	struct pns_ppp *p = arg;

	(void)call;
	if (!p->have_template) {         /* no usable virtual template: refuse the call */
		errno = ENOENT;
		return -1;
	}
	if (p->tmpl_limit && sessions_all(p) >= p->tmpl_limit) {
		log_warn("Virtual-Template%u: session-limit %u reached: call refused", p->tmpl_number,
			    p->tmpl_limit);
		errno = EUSERS;
		return -1;
	}
	*cfg = p->tmpl;
	*auth = rad_aaa_authenticator(p->aaa);
	return 0;
}

/* Accounting's view of the session: input = from the client (RFC 2866 5.3). */
static void read_counters(struct ppp_session *ps, struct rad_acct_counters *out)
{
	const struct ppp_counters *k = ppp_session_counters(ps);

	out->in_octets = k->rx_ip_octets;
	out->out_octets = k->tx_ip_octets;
	out->in_packets = k->rx_ip;
	out->out_packets = k->tx_ip;
}

/* What the other sessions in the Network phase hold against a new one. */
struct others {
	const struct ppp_session *self;
	const char *user;
	uint32_t addr;
	unsigned same_user, same_addr;
};

static int count_other(void *arg, struct va_session *vs)
{
	struct others *o = arg;
	const struct ppp_session *ps = va_session_ppp(vs);

	if (ps == o->self || ppp_session_phase(ps) != PPP_PHASE_NETWORK)
		return 0;
	o->same_user += strcmp(ppp_session_peer_name(ps), o->user) == 0;
	o->same_addr += o->addr && ppp_session_peer_addr(ps) == o->addr;
	return 0;
}

/* After authentication: `username NAME session-limit N` (or the user's
 * RADIUS Port-Limit), and a static or
 * Framed-IP-Address that a live session already has (the second would take
 * the first one's route). Closes the session and returns false when refused. */
static bool admit_user(struct pns_ppp *p, struct va_session *s, struct ppp_session *ps)
{
	struct others o = { .self = ps, .user = ppp_session_peer_name(ps), .addr = ppp_session_peer_addr(ps) };
	unsigned limit = 0;

	for (unsigned i = 0; i < p->n_user_limits; i++)
		if (strcmp(p->user_limits[i].name, o.user) == 0)
			limit = p->user_limits[i].limit;
	if (ppp_session_user_limit(ps))     /* RADIUS Port-Limit for this user */
		limit = ppp_session_user_limit(ps);
	bool shared = p->sh->nva > 1;

	if (!limit && !o.addr && !shared)
		return true;
	if (shared) {
		/* every loop's sessions: the shared list, counted and added to
		 * under one hold of the lock, so two loops cannot both pass */
		pthread_mutex_lock(&p->sh->lock);
		for (const struct admitted *a = p->sh->admitted; a; a = a->next) {
			o.same_user += strcmp(a->user, o.user) == 0;
			o.same_addr += o.addr && a->addr == o.addr;
		}
		if (!(limit && o.same_user >= limit) && !o.same_addr) {
			struct admitted *a = calloc(1, sizeof(*a));

			if (a != NULL) {
				a->p = p;
				a->s = s;
				snprintf(a->user, sizeof(a->user), "%s", o.user);
				a->addr = o.addr;
				a->next = p->sh->admitted;
				p->sh->admitted = a;
			}
		}
		pthread_mutex_unlock(&p->sh->lock);
	} else {
		va_foreach(pptp_ppp_vaccess(p->pp), count_other, &o);
	}
	if (limit && o.same_user >= limit) {
		log_notice("%s: %s already has %u session%s (session-limit %u): refused", va_session_name(s),
			   o.user, o.same_user, o.same_user == 1 ? "" : "s", limit);
		ppp_session_close(ps, "Session limit reached");
		return false;
	}
	if (o.same_addr) {
		log_notice("%s: %s: address %u.%u.%u.%u is in use by another session: refused", va_session_name(s),
			   o.user, o.addr >> 24, (o.addr >> 16) & 255, (o.addr >> 8) & 255, o.addr & 255);
		ppp_session_close(ps, "Address in use");
		return false;
	}
	return true;
}

/* The user and peer of a session-event line: "-" when not known (yet). */
static const char *user_of(struct ppp_session *ps)
{
	const char *u = ppp_session_auth_name(ps);

	return u != NULL && u[0] ? u : "-";
}

static void peer_of(const struct va_session *s, char *out, size_t len)
{
	struct in_addr a = { .s_addr = va_session_link_peer(s) };

	if (a.s_addr == 0 || inet_ntop(AF_INET, &a, out, (socklen_t)len) == NULL)
		snprintf(out, len, "-");
}

/* One line per session event, always with interface, user, peer (the
 * tunnel's remote address) and, when it ends, the cause: what an operator
 * greps for in syslog (docs/deployment.md). */
static void on_event(void *arg, struct va_session *s, enum ppp_event ev, const char *reason)
{
	struct pns_ppp *p = arg;
	struct ppp_session *ps = va_session_ppp(s);
	uint32_t a = ppp_session_peer_addr(ps);
	struct ppp_mppe_state m;
	char peer[INET_ADDRSTRLEN];

	peer_of(s, peer, sizeof(peer));
	switch (ev) {
	case PPP_EV_AUTH_OK:
		__atomic_fetch_add(&p->sh->auth_ok, 1, __ATOMIC_RELAXED);
		log_notice("%s: %s authenticated (%s)", va_session_name(s), ppp_session_peer_name(ps),
			   ppp_auth_method_name(ppp_session_auth_method(ps)));
		admit_user(p, s, ps);
		break;
	case PPP_EV_NETWORK_UP:
		ppp_session_mppe(ps, &m);
		log_notice("%s: IP up: interface=%s user=%s peer=%s address=%u.%u.%u.%u mppe=%s%s",
			   va_session_name(s), va_session_name(s), user_of(ps), peer, a >> 24,
			   (a >> 16) & 255, (a >> 8) & 255, a & 255,
			   m.up ? (m.key_bits == 128 ? "128" : m.key_bits == 56 ? "56" : "40") : "off",
			   m.up ? (m.stateful ? "-stateful" : "-stateless") : "");
		rad_aaa_session_up(p->aaa, ps, va_session_unit(s), a, read_counters);
		break;
	case PPP_EV_DEAD: {
		struct rad_acct_counters c;

		if (p->sh->nva > 1) {
			pthread_mutex_lock(&p->sh->lock);
			for (struct admitted **ap = &p->sh->admitted; *ap; ap = &(*ap)->next)
				if ((*ap)->p == p && (*ap)->s == s) {
					struct admitted *a = *ap;
					*ap = a->next;
					free(a);
					break;
				}
			pthread_mutex_unlock(&p->sh->lock);
		}

		if (reason && strncmp(reason, "Authentication ", 15) == 0)
			__atomic_fetch_add(&p->sh->auth_failed, 1, __ATOMIC_RELAXED);   /* "... failed", "... refused": the peer's or ours */

		log_notice("%s: PPP ended: %s: interface=%s user=%s peer=%s seconds=%llu", va_session_name(s),
			   reason && reason[0] ? reason : "-", va_session_name(s), user_of(ps), peer,
			   (unsigned long long)(va_session_age_ms(s) / 1000u));
		read_counters(ps, &c);
		rad_aaa_session_end(p->aaa, ps, &c, rad_term_cause_of(reason));
		break;
	}
	default:
		break;
	}
}

/*
 * The card keeps some flow counters in 32 bits; the driver carries them to
 * 64 bits as long as each flow is read at least once per wrap (docs/driver.md,
 * "Flows"). So that they stay exact without anyone typing a show command, a
 * slow sweep reads the counters of every session once per SWEEP_PASS_S,
 * spread over one tick a second; the shortest wrap (a flood of drops at
 * 1 Mpps on one flow) takes 71 minutes. The sweep never waits for the
 * card: it takes the last read and asks for the next (mppe_flow_peek_counters,
 * sent and collected by the engine's poll). It once waited for each read,
 * an admin command run by the card's management core (some 25 us on a card
 * at 100 MHz, 10 ms to over a second on cardsim on a busy machine), and so
 * held the event loop most of every second: pings through every session went
 * unanswered (docs/driver.md, "The event loop and the card").
 */
#define SWEEP_EVERY_MS     1000
#define SWEEP_PASS_S       600

struct sweep_walk {
	struct pns_ppp *p;
	unsigned from, last, done, quota;
};

/* Read a session's two flows into its cache (pptp_ppp_counters): the only
 * place pnsd reads a card's counters, never waiting for the card. Values
 * read by the card at or after since_ms (0: the last read, whenever it
 * was). 0, or -1 with errno (EAGAIN: not yet, asked for). */
static int counters_read(struct pns_ppp *p, struct va_session *s, const struct ppp_mppe_state *m,
			 uint64_t since_ms)
{
	struct pptp_ppp_counters *cc = pptp_ppp_counters(s);
	struct mppe_counters tx, rx;

	if (cc == NULL) {
		errno = ENOENT;
		return -1;
	}
	/* both asked for, even when the first has no answer yet */
	bool tx_none = mppe_flow_counters_since(p->engine, m->tx_flow, since_ms, &tx) < 0;
	int tx_errno = errno;
	bool rx_none = mppe_flow_counters_since(p->engine, m->rx_flow, since_ms, &rx) < 0;
	if (tx_none && !rx_none)
		errno = tx_errno;
	if (tx_none || rx_none)
		return -1;
	cc->tx = tx;
	cc->rx = rx;
	cc->tx_flow = m->tx_flow;
	cc->rx_flow = m->rx_flow;
	cc->at_ms = ev_clock_ms();
	cc->valid = true;
	return 0;
}

static int sweep_one(void *arg, struct va_session *s)
{
	struct sweep_walk *w = arg;
	struct ppp_mppe_state m;

	if (va_session_unit(s) < w->from)
		return 0;
	ppp_session_mppe(va_session_ppp(s), &m);
	if (m.up && counters_read(w->p, s, &m, 0) == 0)
		w->p->sweep_reads += 2;
	w->last = va_session_unit(s);
	return ++w->done == w->quota;
}

static void sweep_tick(struct ev_loop *loop, struct ev_timer *t)
{
	struct pns_ppp *p = t->arg;
	struct va_ctx *va = pptp_ppp_vaccess(p->pp);
	struct sweep_walk w = { .p = p, .from = p->sweep_from, .quota = va_count(va) / SWEEP_PASS_S + 1 };

	va_foreach(va, sweep_one, &w);
	p->sweep_from = w.done == w.quota ? w.last + 1 : 0;   /* else: past the last, wrap around */
	ev_timer_start(loop, t, SWEEP_EVERY_MS);
}

struct pns_ppp *pns_ppp_new(struct ev_loop *loop, const struct cfg *cfg, const char *tun_name, unsigned sw_threads,
			    bool tun_uring)
{
	return pns_ppp_new_loop(loop, cfg, tun_name, sw_threads, tun_uring, NULL, 0, 1);
}

static struct pns_shared *shared_new(void)
{
	struct pns_shared *sh = calloc(1, sizeof(*sh));

	if (sh != NULL)
		pthread_mutex_init(&sh->lock, NULL);
	return sh;
}

static void shared_put(struct pns_shared *sh)
{
	bool last;

	if (sh == NULL)
		return;
	pthread_mutex_lock(&sh->lock);
	last = --sh->refs == 0;
	pthread_mutex_unlock(&sh->lock);
	if (!last)
		return;
	while (sh->pools) {
		struct pool_entry *e = sh->pools;

		sh->pools = e->next;
		ppp_pool_free(e->pool);
		free(e);
	}
	while (sh->pools6) {
		struct pool6_entry *e = sh->pools6;

		sh->pools6 = e->next;
		ppp_pool6_free(e->pool);
		free(e);
	}
	while (sh->admitted) {
		struct admitted *a = sh->admitted;

		sh->admitted = a->next;
		free(a);
	}
	pthread_mutex_destroy(&sh->lock);
	free(sh);
}

/* "cards:A,B" (or one card "A") for loop index of nloops: each card named
 * "A@index/nloops", so that every loop's engine shares that card and runs
 * on its own queue pairs (driver/card/card_engine.c); one loop: as named. */
static int card_spec_for_loop(const char *spec, unsigned index, unsigned nloops, struct pns_ppp *p)
{
	char in[1024], out[1100], *save = NULL;
	size_t o;

	if (strncmp(spec, "cards:", 6) == 0)
		spec += 6;
	if (snprintf(in, sizeof(in), "%s", spec) >= (int)sizeof(in)) {
		log_err("MPPE engine %s: too long", spec);
		return -1;
	}
	o = (size_t)snprintf(out, sizeof(out), "cards:");
	for (char *c = strtok_r(in, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		int n = nloops > 1 ? snprintf(out + o, sizeof(out) - o, "%s%s@%u/%u", o > 6 ? "," : "", c, index, nloops)
				   : snprintf(out + o, sizeof(out) - o, "%s%s", o > 6 ? "," : "", c);
		if (n < 0 || (size_t)n >= sizeof(out) - o) {
			log_err("MPPE engine %s: too long", spec);
			return -1;
		}
		o += (size_t)n;
	}
	p->engine = mppe_engine_open_start(out);
	return 0;
}

struct pns_ppp *pns_ppp_new_loop(struct ev_loop *loop, const struct cfg *cfg, const char *tun_name,
				 unsigned sw_threads, bool tun_uring, struct pns_ppp *first, unsigned index,
				 unsigned nloops)
{
	struct pns_ppp *p = calloc(1, sizeof(*p));
	const struct eng_config *e = cfg ? cfg_block(cfg, &eng_cfg_section) : NULL;
	const char *spec = e ? eng_spec(e) : "sw";
	struct va_options o = { .mode = VA_SERVER, .tun_name = tun_name, .start_wait_ms = 1000, .tun_uring = tun_uring };

	if (!p)
		return NULL;
	if (nloops > 1) {
		/* Vi numbers index+1, index+1+nloops, ...: unique over the loops */
		o.unit_first = index + 1;
		o.unit_step = nloops;
	}
	p->index = index;
	p->sh = first ? first->sh : shared_new();
	if (!p->sh || (!first && index != 0) || nloops > PNS_MAX_LOOPS) {
		free(p);
		return NULL;
	}
	pthread_mutex_lock(&p->sh->lock);
	p->sh->refs++;
	pthread_mutex_unlock(&p->sh->lock);
	p->users = ppp_userdb_new();
	if (!p->users)
		goto fail;
	p->aaa = rad_aaa_new(loop, p->users);
	if (!p->aaa)
		goto fail;
	rad_aaa_set_pool_lookup(p->aaa, pool_by_name, p);
	rad_aaa_set_session_ids(p->aaa, index, nloops);
	if (strncmp(spec, "cardsim:", 8) == 0 || strncmp(spec, "vfio:", 5) == 0 || strncmp(spec, "cards:", 6) == 0) {
		/* one card: as a "cards:" engine all the same, so that its flows
		 * move to software when it fails (docs/driver.md). With -W N
		 * each card is every loop's: loop i's engine names it
		 * "SPEC@i/N" and gets its own queue pairs on it (docs/workers.md) */
		if (card_spec_for_loop(spec, index, nloops, p) < 0)
			goto fail;
	} else if (strcmp(spec, "sw") == 0 && sw_threads > 1) {
		/* the software engine's work on its own threads, so that
		 * sessions' RC4 runs on every core (docs/ppp.md, "Every core") */
		char sw[32];
		snprintf(sw, sizeof(sw), "sw:threads=%u", sw_threads);
		p->engine = mppe_engine_open_start(sw);
	} else {
		/* "sw", or "cards:": usable at once; the cards' bring-up (the
		 * firmware's boot and self-test: minutes on a loaded cardsim)
		 * runs from the engine's poll, and sessions made before a card
		 * is up run in software (show ppp mppe says so) */
		p->engine = mppe_engine_open_start(spec);
	}
	if (!p->engine) {
		log_err("MPPE engine %s: %s", spec, mppe_engine_error());
		goto fail;
	}
	if (cfg && build(p, cfg) < 0)
		goto fail;
	p->pp = pptp_ppp_new(loop, p->engine, &o, &(struct va_hooks){ .on_event = on_event, .arg = p },
			     session_config, p);
	if (!p->pp) {
		log_err("PPP data path (TUN): %s", strerror(errno));
		goto fail;
	}
	log_notice("ppp: MPPE engine %s, TUN %s", mppe_engine_label(p->engine),
		   va_ctx_tun_name(pptp_ppp_vaccess(p->pp)));
	/* before the worker threads start (pnsd.c makes every loop's first) */
	p->sh->va[p->sh->nva++] = pptp_ppp_vaccess(p->pp);
	server_addr_local(p);
	p->loop = loop;
	ev_timer_init(&p->sweep, sweep_tick, p);
	/* no card behind the engine (its generic stats operation says so): no
	 * card counters to sweep */
	struct card_engine_stats cs;
	p->sw = card_engine_stats(p->engine, &cs) < 0;
	if (!p->sw)
		ev_timer_start(loop, &p->sweep, SWEEP_EVERY_MS);
	return p;
fail:
	pns_ppp_free(p);
	return NULL;
}

int pns_ppp_reload(struct pns_ppp *p, const struct cfg *cfg)
{
	int rc = build(p, cfg);

	if (rc == 0)
		server_addr_local(p);
	return rc;
}

void pns_ppp_free(struct pns_ppp *p)
{
	if (!p)
		return;
	if (p->loop)
		ev_timer_stop(p->loop, &p->sweep);
	pptp_ppp_free(p->pp);
	shared_put(p->sh);
	if (p->engine)
		mppe_engine_close(p->engine);
	rad_aaa_free(p->aaa);
	ppp_userdb_free(p->users);
	free(p->user_limits);
	free(p);
}

void pns_ppp_factory(struct pns_ppp *p, struct pptp_upper_factory *out)
{
	out->attach = pptp_ppp_attach_server;
	out->ctx = p->pp;
}

struct mppe_engine *pns_ppp_engine(const struct pns_ppp *p) { return p->engine; }

void pns_ppp_set_dae_elsewhere(struct pns_ppp *p, int (*elsewhere)(void *arg, const struct rad_dae_req *r),
			       void *arg)
{
	rad_aaa_set_dae_elsewhere(p->aaa, elsewhere, arg);
}

int pns_ppp_dae_apply(struct pns_ppp *p, const struct rad_dae_req *r)
{
	return rad_aaa_dae_apply(p->aaa, r);
}

void pns_ppp_radius(void *arg, struct rad_aaa_snap *out)
{
	struct pns_ppp *p = arg;

	rad_aaa_snapshot(p->aaa, out);
}

static void ip_text(uint32_t host_order, char *buf)
{
	struct in_addr in = { .s_addr = htonl(host_order) };

	inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

/* show ipv6 local pool: IOS's columns (Pool, Prefix, Free, In use), counted
 * in /64s; the prefix in lower case (RFC 5952), where IOS writes upper. */
static void show_pools6(const struct pns_ppp *p, FILE *out)
{
	const struct pool6_entry *cur[64];
	unsigned n = 0;

	for (const struct pool6_entry *e = p->sh->pools6; e && n < 64; e = e->next)
		if (e->current)
			cur[n++] = e;
	if (n == 0) {
		fputs("% No ipv6 local pool configured\n", out);
		return;
	}
	fprintf(out, "%-21s %-43s %5s %7s\n", "Pool", "Prefix", "Free", "In use");
	for (unsigned i = n; i-- > 0;) {
		uint8_t a[16] = { 0 };
		char pfx[INET6_ADDRSTRLEN + 4];
		size_t len;
		unsigned used = ppp_pool6_in_use(cur[i]->pool), size = ppp_pool6_size(cur[i]->pool);

		memcpy(a, cur[i]->prefix, 8);
		inet_ntop(AF_INET6, a, pfx, INET6_ADDRSTRLEN);
		len = strlen(pfx);
		snprintf(pfx + len, sizeof(pfx) - len, "/%u", cur[i]->plen);
		fprintf(out, "%-21s %-43s %5u %7u\n", cur[i]->name, pfx, size - used, used);
	}
}

static void report(struct pns_ppp *p, FILE *out, int what);

/* Pools are never freed before the last pns_ppp: entries stay valid; the
 * lock keeps the list and the current marks still while they are read. */
void pns_ppp_report(void *arg, FILE *out, int what)
{
	struct pns_ppp *p = arg;

	pthread_mutex_lock(&p->sh->lock);
	report(p, out, what);
	pthread_mutex_unlock(&p->sh->lock);
}

static void report(struct pns_ppp *p, FILE *out, int what)
{
	const struct pool_entry *cur[64];
	unsigned n = 0;

	/* the running configuration's pools, in its order (the list is newest first) */
	for (const struct pool_entry *e = p->sh->pools; e && n < 64; e = e->next)
		if (e->current)
			cur[n++] = e;
	if (what == CLI_PPP_METRICS) {
		fprintf(out, "# HELP pnsd_ppp_authentications_total PPP authentications by result\n"
			"# TYPE pnsd_ppp_authentications_total counter\n"
			"pnsd_ppp_authentications_total{result=\"ok\"} %" PRIu64 "\n"
			"pnsd_ppp_authentications_total{result=\"failed\"} %" PRIu64 "\n",
			__atomic_load_n(&p->sh->auth_ok, __ATOMIC_RELAXED), __atomic_load_n(&p->sh->auth_failed, __ATOMIC_RELAXED));
		fprintf(out, "# HELP pnsd_pool_addresses addresses of an ip local pool\n"
			"# TYPE pnsd_pool_addresses gauge\n");
		for (unsigned i = n; i-- > 0;) {
			unsigned used = ppp_pool_in_use(cur[i]->pool), size = ppp_pool_size(cur[i]->pool);
			fprintf(out, "pnsd_pool_addresses{pool=\"%s\",state=\"in_use\"} %u\n"
				"pnsd_pool_addresses{pool=\"%s\",state=\"free\"} %u\n",
				cur[i]->name, used, cur[i]->name, size - used);
		}
		fprintf(out, "# HELP pnsd_pool6_prefixes /64 prefixes of an ipv6 local pool\n"
			"# TYPE pnsd_pool6_prefixes gauge\n");
		for (const struct pool6_entry *e = p->sh->pools6; e; e = e->next) {
			unsigned used = ppp_pool6_in_use(e->pool), size = ppp_pool6_size(e->pool);
			if (!e->current)
				continue;
			fprintf(out, "pnsd_pool6_prefixes{pool=\"%s\",state=\"in_use\"} %u\n"
				"pnsd_pool6_prefixes{pool=\"%s\",state=\"free\"} %u\n",
				e->name, used, e->name, size - used);
		}
		return;
	}
	if (what == CLI_PPP_POOLS6) {
		show_pools6(p, out);
		return;
	}
	/* show ip local pool, IOS's layout */
	if (n == 0) {
		fputs("% No ip local pool configured\n", out);
		return;
	}
	fprintf(out, " %-24s %-15s %-15s %5s %7s\n", "Pool", "Begin", "End", "Free", "In use");
	for (unsigned i = n; i-- > 0;) {
		char b[INET_ADDRSTRLEN], e[INET_ADDRSTRLEN];
		unsigned used = ppp_pool_in_use(cur[i]->pool), size = ppp_pool_size(cur[i]->pool);

		ip_text(cur[i]->first, b);
		ip_text(cur[i]->last, e);
		fprintf(out, " %-24s %-15s %-15s %5u %7u\n", cur[i]->name, b, e, size - used, used);
	}
}

/* What `show vpdn session` / `show ppp mppe virtual-access` print for a call. */
void pns_ppp_view(void *arg, struct pptp_call *call, struct cli_ppp_view *out)
{
	struct pns_ppp *p = arg;
	struct va_session *s = pptp_ppp_session(p->pp, call);
	struct ppp_session *ps;
	const struct ppp_counters *k;
	struct ppp_mppe_state m;

	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	ps = va_session_ppp(s);
	k = ppp_session_counters(ps);
	out->present = true;
	out->vi = va_session_unit(s);
	snprintf(out->username, sizeof(out->username), "%s", ppp_session_peer_name(ps));
	snprintf(out->phase, sizeof(out->phase), "%s", ppp_phase_name(ppp_session_phase(ps)));
	snprintf(out->lcp, sizeof(out->lcp), "%s", ppp_session_lcp_state(ps));
	snprintf(out->ipcp, sizeof(out->ipcp), "%s", ppp_session_ipcp_state(ps));
	snprintf(out->ccp, sizeof(out->ccp), "%s", ppp_session_ccp_state(ps));
	out->client_addr = ppp_session_network_up(ps) ? ppp_session_peer_addr(ps) : 0;
	out->rx_ip = k->rx_ip;
	out->tx_ip = k->tx_ip;
	out->rx_ip_octets = k->rx_ip_octets;
	out->tx_ip_octets = k->tx_ip_octets;
	out->ccp_resets_sent = k->ccp_resets_sent;
	out->ccp_resets_rcvd = k->ccp_resets_rcvd;
	out->ipv6 = ppp_session_ipv6_enabled(ps);
	if (out->ipv6) {
		snprintf(out->ipv6cp, sizeof(out->ipv6cp), "%s", ppp_session_ipv6cp_state(ps));
		out->have_prefix6 = ppp_session_ipv6_prefix(ps, out->prefix6);
		out->rx_ipv6 = k->rx_ipv6;
		out->tx_ipv6 = k->tx_ipv6;
		out->rx_ipv6_spoofed = k->rx_ipv6_spoofed;
		out->rx_ipv6_bad = k->rx_ipv6_bad;
		out->rx_ipv6_dropped = k->rx_ipv6_dropped;
		out->rx_ipv6_local = k->rx_ipv6_local;
		out->nd_rs_rcvd = k->nd_rs_rcvd;
		out->nd_ra_sent = k->nd_ra_sent;
	}
	ppp_session_mppe(ps, &m);
	out->mppe_up = m.up;
	if (m.up) {
		out->key_bits = m.key_bits;
		out->stateful = m.stateful;
		out->tx_flow = m.tx_flow;
		out->rx_flow = m.rx_flow;
		/* The software engine's counters are memory: read them. A card's
		 * are a blocking admin command each; a show of every session must
		 * not stall the event loop for that (issue 13, fault 5), so it
		 * gets the last values the sweep or pns_ppp_refresh read. */
		const struct pptp_ppp_counters *cc = pptp_ppp_counters(s);
		out->in_software = mppe_flow_in_software(p->engine, m.tx_flow);
		if (p->sw || (out->in_software && mppe_flow_in_software(p->engine, m.rx_flow))) {
			out->have_counters = mppe_flow_read_counters(p->engine, m.tx_flow, &out->tx) == 0 &&
					     mppe_flow_read_counters(p->engine, m.rx_flow, &out->rx) == 0;
		} else if (cc != NULL && cc->valid && cc->tx_flow == m.tx_flow && cc->rx_flow == m.rx_flow) {
			out->have_counters = true;
			out->tx = cc->tx;
			out->rx = cc->rx;
			out->counters_age_ms = ev_clock_ms() - cc->at_ms;
		}
	}
}

struct status_sum {
	unsigned sessions, up;
	uint64_t rx_ip, tx_ip, rx_oct, tx_oct, mppe_drops, tun_errors, resets_sent, resets_rcvd, engine_errors;
};

static int sum_one(void *arg, struct va_session *s)
{
	struct status_sum *t = arg;
	struct ppp_session *ps = va_session_ppp(s);
	const struct ppp_counters *k = ppp_session_counters(ps);

	t->sessions++;
	t->up += ppp_session_network_up(ps);
	t->rx_ip += k->rx_ip;
	t->tx_ip += k->tx_ip;
	t->rx_oct += k->rx_ip_octets;
	t->tx_oct += k->tx_ip_octets;
	t->mppe_drops += k->mppe_rx_drops;
	t->engine_errors += k->engine_errors;
	t->resets_sent += k->ccp_resets_sent;
	t->resets_rcvd += k->ccp_resets_rcvd;
	t->tun_errors += va_session_counters(s)->tun_tx_errors;
	return 0;
}

bool pns_ppp_rx_admit(void *arg)
{
	struct pns_ppp *p = arg;
	struct ppp_datapath *dp = va_ctx_datapath(pptp_ppp_vaccess(p->pp));

	return dp == NULL || ppp_datapath_room(dp) >= GRE_BATCH;
}

void pns_ppp_status(struct pns_ppp *p)
{
	struct status_sum t = { 0 };
	struct va_ctx *va = pptp_ppp_vaccess(p->pp);

	va_foreach(va, sum_one, &t);
	log_notice("STATUS ppp sessions=%u up=%u rx_ip=%llu tx_ip=%llu rx_ip_octets=%llu tx_ip_octets=%llu "
		   "mppe_rx_drops=%llu ccp_resets_sent=%llu ccp_resets_rcvd=%llu tun_tx_errors=%llu "
		   "unrouted=%llu counter_sweep_reads=%llu engine=%s tun_write_batches=%llu engine_errors=%llu "
		   "tun_reads_paused=%llu", t.sessions, t.up, (unsigned long long)t.rx_ip,
		   (unsigned long long)t.tx_ip, (unsigned long long)t.rx_oct, (unsigned long long)t.tx_oct,
		   (unsigned long long)t.mppe_drops, (unsigned long long)t.resets_sent,
		   (unsigned long long)t.resets_rcvd, (unsigned long long)t.tun_errors,
		   (unsigned long long)va_ctx_unrouted(va), (unsigned long long)p->sweep_reads,
		   mppe_engine_kind(p->engine), (unsigned long long)va_ctx_tun_batches(va),
		   (unsigned long long)t.engine_errors, (unsigned long long)va_ctx_tun_paused(va));
	/* which of the card's queue pairs this loop's engine used (pnsd -W N:
	 * each loop its own, docs/workers.md): data completions per queue */
	struct card_engine_stats cs;
	if (card_engine_stats(p->engine, &cs) == 0) {
		char q[256] = "";
		size_t o = 0;
		for (unsigned i = 1; i < CARD_ENGINE_QUEUES && o < sizeof(q); i++)
			if (cs.queue_completions[i])
				o += (size_t)snprintf(q + o, sizeof(q) - o, "%s%u:%llu", o ? "," : "", i,
						      (unsigned long long)cs.queue_completions[i]);
		log_notice("STATUS card loop=%u engine=\"%s\" cards_up=%u flows_card=%u flows_sw=%u queues=%s",
			   p->index, mppe_engine_label(p->engine), cs.cards_up, cs.flows_card, cs.flows_sw,
			   o ? q : "none");
	}
}

struct refresh_walk {
	struct pns_ppp *p;
	unsigned vi;
	uint64_t since_ms;
	int rc;
};

static int refresh_one(void *arg, struct va_session *s)
{
	struct refresh_walk *w = arg;
	struct ppp_mppe_state m;

	if (va_session_unit(s) != w->vi)
		return 0;
	ppp_session_mppe(va_session_ppp(s), &m);
	if (!m.up || w->p->sw || counters_read(w->p, s, &m, w->since_ms) == 0)
		return 1;
	if (errno == EAGAIN) {
		w->rc = 1;
	} else {
		log_warn("%s: cannot read the MPPE counters of flows %u/%u from %s: %s", va_session_name(s),
			 m.tx_flow, m.rx_flow, mppe_engine_label(w->p->engine), strerror(errno));
		w->rc = -1;
	}
	return 1;
}

int pns_ppp_refresh(void *arg, unsigned vi, uint64_t since_ms)
{
	struct refresh_walk w = { .p = arg, .vi = vi, .since_ms = since_ms, .rc = 0 };

	va_foreach(pptp_ppp_vaccess(w.p->pp), refresh_one, &w);
	return w.rc;
}
