/*
 * The "access" configuration section (see config_access.h): users, address
 * pools, DNS/NBNS servers, interfaces and virtual templates.
 */
#include "config_access.h"

#define PNS_POOL6_MIN_PLEN 44   /* host/ppp PPP_POOL6_MIN_PLEN: 2^20 /64s at most */
#include "../pptp/pptp_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ACC_POOL_MAX_SIZE (1u << 20)

static const char *const auth_names[] = { "ms-chap", "ms-chap-v2", "chap", "pap" };
static const char *const mppe_names[] = { "none", "auto", "40", "128" };

static void acc_release(void *blk)
{
	struct acc_config *a = blk;

	explicit_bzero(a->users, sizeof(a->users));
}

/* ---- lookups ---- */

const struct acc_template *acc_template(const struct acc_config *a, uint32_t number)
{
	for (unsigned i = 0; i < a->n_templates; i++)
		if (a->templates[i].number == number)
			return &a->templates[i];
	return NULL;
}

const struct acc_pool6 *acc_pool6(const struct acc_config *a, const char *name)
{
	for (unsigned i = 0; i < a->n_pools6; i++)
		if (strcmp(a->pools6[i].name, name) == 0)
			return &a->pools6[i];
	return NULL;
}

const struct acc_pool *acc_pool(const struct acc_config *a, const char *name)
{
	for (unsigned i = 0; i < a->n_pools; i++)
		if (strcmp(a->pools[i].name, name) == 0)
			return &a->pools[i];
	return NULL;
}

const struct acc_user *acc_user(const struct acc_config *a, const char *name)
{
	for (unsigned i = 0; i < a->n_users; i++)
		if (strcmp(a->users[i].name, name) == 0)
			return &a->users[i];
	return NULL;
}

const struct acc_iface *acc_iface(const struct acc_config *a, const char *name)
{
	for (unsigned i = 0; i < a->n_ifaces; i++)
		if (strcasecmp(a->ifaces[i].name, name) == 0)
			return &a->ifaces[i];
	return NULL;
}

uint32_t acc_unnumbered_addr(const struct acc_config *a, const struct acc_template *t)
{
	const struct acc_iface *f;
	struct ifaddrs *ifa, *i;
	uint32_t addr = 0;

	if (t->unnumbered[0] == '\0') {
		errno = ENOENT;
		return 0;
	}
	f = acc_iface(a, t->unnumbered);
	if (f != NULL && f->addr != 0)
		return f->addr;
	if (getifaddrs(&ifa) < 0)
		return 0;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr != NULL && i->ifa_addr->sa_family == AF_INET &&
		    strcmp(i->ifa_name, t->unnumbered) == 0) {
			addr = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
			break;
		}
	}
	freeifaddrs(ifa);
	if (addr == 0)
		errno = EADDRNOTAVAIL;
	return addr;
}

bool acc_host_has_addr(uint32_t addr, const char *skip_if, char *ifname, size_t ifname_len)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
		    ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr) != addr ||
		    (skip_if && strcmp(i->ifa_name, skip_if) == 0))
			continue;
		snprintf(ifname, ifname_len, "%s", i->ifa_name);
		found = true;
	}
	freeifaddrs(ifa);
	return found;
}

void acc_describe_template_addr(const struct acc_config *a, const struct acc_template *t, char *out,
				size_t len)
{
	const struct acc_iface *f;
	uint32_t addr;
	char ip[INET_ADDRSTRLEN], ifname[64];
	struct in_addr in;

	if (t->unnumbered[0] == '\0') {
		snprintf(out, len, "Virtual-Template%u: no ip unnumbered: pnsd offers no address of its own in IPCP",
			 t->number);
		return;
	}
	addr = acc_unnumbered_addr(a, t);
	if (addr == 0) {
		snprintf(out, len, "Virtual-Template%u: ip unnumbered %s: no such interface with an address, "
			 "in this file or on this host: sessions get no server address", t->number, t->unnumbered);
		return;
	}
	in.s_addr = htonl(addr);
	inet_ntop(AF_INET, &in, ip, sizeof(ip));
	f = acc_iface(a, t->unnumbered);
	if (acc_host_has_addr(addr, NULL, ifname, sizeof(ifname)))
		snprintf(out, len, "Virtual-Template%u: server address %s from ip unnumbered %s (%s); "
			 "this host has it on %s", t->number, ip, t->unnumbered,
			 f && f->addr ? "its ip address in this file" : "the host's interface", ifname);
	else
		snprintf(out, len, "Virtual-Template%u: server address %s from ip unnumbered %s (%s); "
			 "not an address of this host: pnsd adds it to its TUN", t->number, ip, t->unnumbered,
			 f && f->addr ? "its ip address in this file" : "the host's interface");
}

/* ---- global commands ---- */

static int set_user(struct cfg_parse *p, struct acc_config *a, const struct cfg_arg *name,
		    const struct cfg_arg *secret, bool no)
{
	struct acc_user *u;

	/* "no username" alone: placeholders are optional in "no" forms */
	if (!name->present || name->str == NULL)
		return cfg_fail(p, name->col, "incomplete command: no username NAME");
	u = (struct acc_user *)acc_user(a, name->str);

	if (no) {
		if (u != NULL) {
			unsigned i = (unsigned)(u - a->users);
			memmove(u, u + 1, (a->n_users - i - 1) * sizeof(*u));
			a->n_users--;
			explicit_bzero(&a->users[a->n_users], sizeof(a->users[0]));
		}
		return 0;
	}
	if (u == NULL) {
		if (a->n_users == ACC_MAX_USERS)
			return cfg_fail(p, name->col, "too many users (at most %d; use RADIUS)", ACC_MAX_USERS);
		u = &a->users[a->n_users++];
		snprintf(u->name, sizeof(u->name), "%s", name->str);
	}
	snprintf(u->secret, sizeof(u->secret), "%s", secret->str);
	return 0;
}

/* username NAME password SECRET */
static int apply_username_plain(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	return set_user(p, blk, &a->v[0], &a->v[1], no);
}

/* "no username NAME"; "username NAME" alone lacks its password */
static int apply_username_bare(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	if (!no)
		return cfg_fail(p, a->v[0].col + (int)strlen(a->v[0].str) + 1,
				"incomplete command: username NAME password 0 SECRET");
	return set_user(p, blk, &a->v[0], NULL, true);
}

/* username NAME password <0-7> SECRET */
static int apply_username_typed(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	if (!no && a->v[1].num != 0)
		return cfg_fail(p, a->v[1].col,
				"password type %u is not supported: MS-CHAP needs the clear-text secret "
				"(write 'password 0 SECRET')", a->v[1].num);
	return set_user(p, blk, &a->v[0], &a->v[2], no);
}

/* The user of an attribute line (`username NAME address A`): it must have its
 * password line first, so that no user exists without a secret. */
static struct acc_user *attr_user(struct cfg_parse *p, struct acc_config *c, const struct cfg_arg *name)
{
	struct acc_user *u = (struct acc_user *)acc_user(c, name->str);

	if (u == NULL)
		cfg_fail(p, name->col, "username %s: no 'username %s password 0 SECRET' line before this one",
			 name->str, name->str);
	return u;
}

/* username NAME address A.B.C.D: this user's sessions always get A */
static int apply_username_addr(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_user *u = attr_user(p, blk, &a->v[0]);
	uint32_t addr = a->v[1].present ? ntohl(a->v[1].ipv4) : 0;

	if (u == NULL)
		return -1;
	if (no) {
		u->addr = 0;
		return 0;
	}
	if (addr == 0 || addr >= 0xe0000000u || (addr >> 24) == 127 || (addr >> 24) == 0)
		return cfg_fail(p, a->v[1].col, "not a usable unicast address");
	u->addr = addr;
	u->addr_line = cfg_line(p);
	u->addr_col = a->v[1].col;
	return 0;
}

/* username NAME session-limit N: at most N sessions of this user at a time */
static int apply_username_limit(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_user *u = attr_user(p, blk, &a->v[0]);

	if (u == NULL)
		return -1;
	u->session_limit = no ? 0 : a->v[1].num;
	return 0;
}

static int apply_pool(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_config *c = blk;
	struct acc_pool *pl = (struct acc_pool *)acc_pool(c, a->v[0].str);
	uint32_t first, last;

	if (no) {
		if (pl != NULL) {
			unsigned i = (unsigned)(pl - c->pools);
			memmove(pl, pl + 1, (c->n_pools - i - 1) * sizeof(*pl));
			c->n_pools--;
		}
		return 0;
	}
	first = ntohl(a->v[1].ipv4);
	last = a->v[2].present ? ntohl(a->v[2].ipv4) : first;
	if (last < first)
		return cfg_fail(p, a->v[2].col, "last address is below the first");
	if (last - first >= ACC_POOL_MAX_SIZE)
		return cfg_fail(p, a->v[2].col, "pool larger than %u addresses", ACC_POOL_MAX_SIZE);
	if (first == 0 || (first >> 24) == 127 || (first >> 28) >= 14)
		return cfg_fail(p, a->v[1].col, "not a usable unicast address");
	if (pl != NULL)
		return cfg_fail(p, a->v[0].col,
				"pool %s is already defined (one range per pool)", a->v[0].str);
	/* two pools with one address would hand it to two clients */
	for (unsigned i = 0; i < c->n_pools; i++) {
		const struct acc_pool *o = &c->pools[i];
		if (first <= o->last && o->first <= last)
			return cfg_fail(p, a->v[1].col, "overlaps pool %s (line %d): an address would go to "
					"two clients", o->name, o->line);
	}
	if (c->n_pools == ACC_MAX_POOLS)
		return cfg_fail(p, a->v[0].col, "too many pools (at most %d)", ACC_MAX_POOLS);
	pl = &c->pools[c->n_pools++];
	snprintf(pl->name, sizeof(pl->name), "%s", a->v[0].str);
	pl->first = first;
	pl->last = last;
	pl->line = cfg_line(p);
	pl->col = a->v[1].col;
	return 0;
}

/* ipv6 local pool NAME PREFIX/LEN 64 (IOS: the last number is the length
 * given to each client; SLAAC needs 64, RFC 4862 5.5.3 with RFC 4291 2.5.1) */
static int apply_pool6(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_config *c = blk;
	struct acc_pool6 *pl = (struct acc_pool6 *)acc_pool6(c, a->v[0].str);
	char buf[CFG_WORD_MAX], *slash, *end;
	uint8_t addr[16];
	unsigned long plen;

	if (no) {
		if (pl != NULL) {
			unsigned i = (unsigned)(pl - c->pools6);
			memmove(pl, pl + 1, (c->n_pools6 - i - 1) * sizeof(*pl));
			c->n_pools6--;
		}
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", a->v[1].str);
	if (!(slash = strchr(buf, '/')))
		return cfg_fail(p, a->v[1].col, "expected an IPv6 prefix X:X::X/LEN");
	*slash = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return cfg_fail(p, a->v[1].col, "'%s' is not an IPv6 address", buf);
	errno = 0;
	plen = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || errno || plen > 128)
		return cfg_fail(p, a->v[1].col, "prefix length '%s' is not 0-128", slash + 1);
	if (a->v[2].num != 64)
		return cfg_fail(p, a->v[2].col, "each client gets a /%u: only 64 is supported (SLAAC forms "
				"addresses in a /64, RFC 4862)", a->v[2].num);
	if (plen < PNS_POOL6_MIN_PLEN || plen > 64)
		return cfg_fail(p, a->v[1].col, "prefix length %lu: must be %d to 64 (from one /64 to 2^20 "
				"of them)", plen, PNS_POOL6_MIN_PLEN);
	for (unsigned i = 0; i < 16; i++)
		if (addr[i] & (i * 8 >= plen ? 0xFF : i * 8 + 8 > plen ? 0xFF >> (plen - i * 8) : 0))
			return cfg_fail(p, a->v[1].col, "%s has bits set past /%lu", buf, plen);
	/* global unicast (2000::/3) or unique local (fc00::/7): a client's
	 * /64 must be routable, not link-local, multicast or reserved */
	if ((addr[0] & 0xE0) != 0x20 && (addr[0] & 0xFE) != 0xFC)
		return cfg_fail(p, a->v[1].col, "%s is not a global unicast (2000::/3) or unique local "
				"(fc00::/7) prefix", a->v[1].str);
	if (pl != NULL)
		return cfg_fail(p, a->v[0].col, "ipv6 local pool %s is already defined (one prefix per pool)",
				a->v[0].str);
	/* two pools sharing a /64 would give it to two clients */
	for (unsigned i = 0; i < c->n_pools6; i++) {
		const struct acc_pool6 *o = &c->pools6[i];
		unsigned m = o->plen < plen ? o->plen : (unsigned)plen, k;

		for (k = 0; k < m && !((o->prefix[k / 8] ^ addr[k / 8]) & (0x80 >> (k % 8))); k++)
			;
		if (k == m)
			return cfg_fail(p, a->v[1].col, "overlaps ipv6 local pool %s (line %d): a /64 would go "
					"to two clients", o->name, o->line);
	}
	if (c->n_pools6 == ACC_MAX_POOLS)
		return cfg_fail(p, a->v[0].col, "too many ipv6 pools (at most %d)", ACC_MAX_POOLS);
	pl = &c->pools6[c->n_pools6++];
	snprintf(pl->name, sizeof(pl->name), "%s", a->v[0].str);
	memcpy(pl->prefix, addr, 8);
	pl->plen = (unsigned)plen;
	pl->line = cfg_line(p);
	pl->col = a->v[1].col;
	return 0;
}

static int set_servers(uint32_t out[2], const struct cfg_args *a, bool no)
{
	out[0] = no ? 0 : ntohl(a->v[0].ipv4);
	out[1] = no || !a->v[1].present ? 0 : ntohl(a->v[1].ipv4);
	return 0;
}

static int apply_dns(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)p;
	return set_servers(((struct acc_config *)blk)->dns, a, no);
}

static int apply_nbns(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)p;
	return set_servers(((struct acc_config *)blk)->nbns, a, no);
}

/* ---- interfaces ---- */

static bool is_template(const struct acc_config *a, const void *obj)
{
	return obj != NULL && (const char *)obj >= (const char *)a->templates &&
	       (const char *)obj < (const char *)(a->templates + ACC_MAX_TEMPLATES);
}

/* "Virtual-Template1" -> 1; 0 when name is not a template. */
static uint32_t template_number(const char *name)
{
	static const char pfx[] = "virtual-template";
	char *end;
	unsigned long n;

	if (strncasecmp(name, pfx, sizeof(pfx) - 1) != 0)
		return 0;
	name += sizeof(pfx) - 1;
	if (*name < '0' || *name > '9')
		return UINT32_MAX;
	n = strtoul(name, &end, 10);
	return *end != '\0' || n < 1 || n > 200 ? UINT32_MAX : (uint32_t)n;
}

static void template_defaults(struct acc_template *t, uint32_t n)
{
	memset(t, 0, sizeof(*t));
	t->number = n;
}

static int apply_interface(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_config *c = blk;
	char name[CFG_WORD_MAX];
	uint32_t vt;

	/* "interface Virtual-Template 1" is "interface Virtual-Template1" */
	if (a->v[1].present) {
		if (snprintf(name, sizeof(name), "%s%s", a->v[0].str, a->v[1].str) >= (int)sizeof(name))
			return cfg_fail(p, a->v[1].col, "interface name too long");
	} else {
		snprintf(name, sizeof(name), "%s", a->v[0].str);
	}
	vt = template_number(name);
	if (vt == UINT32_MAX)
		return cfg_fail(p, a->v[0].col, "Virtual-Template number must be 1-200");
	if (vt != 0) {
		struct acc_template *t = (struct acc_template *)acc_template(c, vt);
		if (no) {
			if (t != NULL) {
				unsigned i = (unsigned)(t - c->templates);
				memmove(t, t + 1, (c->n_templates - i - 1) * sizeof(*t));
				c->n_templates--;
			}
			return 0;
		}
		if (t == NULL) {
			if (c->n_templates == ACC_MAX_TEMPLATES)
				return cfg_fail(p, a->v[0].col, "too many virtual templates (at most %d)",
						ACC_MAX_TEMPLATES);
			t = &c->templates[c->n_templates++];
			template_defaults(t, vt);
			t->line = cfg_line(p);
			t->col = a->v[0].col;
		}
		cfg_set_mode_obj(p, t);
		return 0;
	}
	struct acc_iface *f = (struct acc_iface *)acc_iface(c, name);
	if (no) {
		if (f != NULL) {
			unsigned i = (unsigned)(f - c->ifaces);
			memmove(f, f + 1, (c->n_ifaces - i - 1) * sizeof(*f));
			c->n_ifaces--;
		}
		return 0;
	}
	if (f == NULL) {
		if (c->n_ifaces == ACC_MAX_IFACES)
			return cfg_fail(p, a->v[0].col, "too many interfaces (at most %d)", ACC_MAX_IFACES);
		f = &c->ifaces[c->n_ifaces++];
		memset(f, 0, sizeof(*f));
		snprintf(f->name, sizeof(f->name), "%s", name);
	}
	cfg_set_mode_obj(p, f);
	return 0;
}

/* The template being configured, or NULL after a notice (physical interface). */
static struct acc_template *cur_template(struct cfg_parse *p, struct acc_config *c)
{
	void *obj = cfg_mode_obj(p);

	if (is_template(c, obj))
		return obj;
	cfg_notice(p, "only Virtual-Template interfaces run PPP in this product; ignored here");
	return NULL;
}

static int apply_ip_address(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_config *c = blk;
	struct acc_iface *f = cfg_mode_obj(p);

	if (is_template(c, f))
		return cfg_fail(p, 1, "a Virtual-Template takes 'ip unnumbered INTERFACE', not an address");
	if (no) {
		f->addr = f->mask = 0;
		return 0;
	}
	f->addr = ntohl(a->v[0].ipv4);
	f->mask = ntohl(a->v[1].ipv4);
	f->addr_line = cfg_line(p);
	return 0;
}

static int apply_unnumbered(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	if (no)
		t->unnumbered[0] = '\0';
	else
		snprintf(t->unnumbered, sizeof(t->unnumbered), "%s", a->v[0].str);
	return 0;
}

static int apply_ppp_auth(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	t->n_auth = 0;
	if (no)
		return 0;
	for (int i = 0; i < a->n && i < ACC_MAX_AUTH; i++) {
		if (!a->v[i].present)
			continue;
		for (unsigned k = 0; k < t->n_auth; k++)
			if (t->auth[k] == (enum acc_auth)a->v[i].choice)
				return cfg_fail(p, a->v[i].col, "'%s' is listed twice", a->v[i].str);
		t->auth[t->n_auth++] = (enum acc_auth)a->v[i].choice;
	}
	return 0;
}

static int apply_ppp_mppe(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	static const enum acc_mppe_strength strength[] = { ACC_MPPE_AUTO, ACC_MPPE_40, ACC_MPPE_128 };
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	t->mppe_passive = t->mppe_required = t->mppe_stateful = false;
	if (no) {
		t->mppe = ACC_MPPE_NONE;
		return 0;
	}
	t->mppe = strength[a->v[0].choice];
	if (a->v[1].present) {
		t->mppe_passive = a->v[1].choice == 0;
		t->mppe_required = a->v[1].choice == 1;
	}
	t->mppe_stateful = a->v[2].present;
	return 0;
}

static int apply_peer_pool(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	if (no)
		t->pool[0] = '\0';
	else
		snprintf(t->pool, sizeof(t->pool), "%s", a->v[0].str);
	return 0;
}

/* ppp timeout idle SECONDS [either|inbound] */
static int apply_timeout_idle(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	t->idle_s = no ? 0 : a->v[0].num;
	t->idle_inbound = !no && a->v[1].present && a->v[1].choice == 1;
	return 0;
}

/* timeout absolute MINUTES [SECONDS] (IOS counts it from the session's start) */
static int apply_timeout_absolute(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	t->absolute_s = no ? 0 : a->v[0].num * 60u + (a->v[1].present ? a->v[1].num : 0);
	return 0;
}

/* session-limit N: sessions cloned from this template at a time */
static int apply_template_limit(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	t->session_limit = no ? 0 : a->v[0].num;
	return 0;
}

/* mtu N (the PPP information field, our LCP MRU) / ip mtu N (IP packets) */
static int apply_mtu(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	if (!no && (a->v[0].num < ACC_MTU_MIN || a->v[0].num > ACC_MTU_MAX))
		return cfg_fail(p, a->v[0].col, "a Virtual-Template's mtu is %d-%d",
				ACC_MTU_MIN, ACC_MTU_MAX);
	t->mtu = no ? 0 : a->v[0].num;
	return 0;
}

static int apply_ip_mtu(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	if (!no && (a->v[0].num < ACC_MTU_MIN || a->v[0].num > ACC_MTU_MAX))
		return cfg_fail(p, a->v[0].col, "a Virtual-Template's ip mtu is %d-%d",
				ACC_MTU_MIN, ACC_MTU_MAX);
	t->ip_mtu = no ? 0 : a->v[0].num;
	return 0;
}

static int apply_peer_pool6(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	if (t == NULL)
		return 0;
	if (no) {
		t->pool6[0] = '\0';
		return 0;
	}
	snprintf(t->pool6, sizeof(t->pool6), "%s", a->v[0].str);
	t->pool6_line = cfg_line(p);
	t->pool6_col = a->v[0].col;
	return 0;
}

/* ipv6 enable: IPV6CP runs on the sessions (Interface-Identifiers, RFC 5072) */
static int apply_ipv6_enable(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct acc_template *t = cur_template(p, blk);

	(void)a;
	if (t != NULL)
		t->ipv6 = !no;
	return 0;
}

/* ---- whole-file checks and writing ---- */

static void ip_str(uint32_t host_order, char *buf);

/* A pool must not hold an address of this server: the interfaces' `ip
 * address` in this file, and each template's server address (`ip
 * unnumbered`, which may be the host's interface). A client given it
 * would shadow the server. */
static int check_pool_addrs(struct cfg_parse *p, const struct acc_config *c, const struct acc_pool *pl)
{
	char ip[INET_ADDRSTRLEN];

	for (unsigned i = 0; i < c->n_ifaces; i++) {
		const struct acc_iface *f = &c->ifaces[i];
		if (f->addr && f->addr >= pl->first && f->addr <= pl->last) {
			ip_str(f->addr, ip);
			return cfg_fail_at(p, pl->line, pl->col, "pool %s contains %s, the address of interface %s "
					   "(line %d): a client would be given the server's own address",
					   pl->name, ip, f->name, f->addr_line);
		}
	}
	for (unsigned i = 0; i < c->n_templates; i++) {
		const struct acc_template *t = &c->templates[i];
		const struct acc_iface *f = t->unnumbered[0] ? acc_iface(c, t->unnumbered) : NULL;
		uint32_t a;

		if (!t->unnumbered[0] || (f && f->addr))
			continue;        /* none, or checked above */
		a = acc_unnumbered_addr(c, t);
		if (a && a >= pl->first && a <= pl->last) {
			ip_str(a, ip);
			return cfg_fail_at(p, pl->line, pl->col, "pool %s contains %s, the server address of "
					   "Virtual-Template%u (ip unnumbered %s, this host's interface): a client "
					   "would be given the server's own address", pl->name, ip, t->number,
					   t->unnumbered);
		}
	}
	return 0;
}

static int acc_validate(struct cfg_parse *p, void *blk)
{
	struct acc_config *c = blk;
	const struct vpdn_config *v = cfg_parse_block(p, &vpdn_cfg_section);

	/* a static address inside a pool would be handed out twice */
	for (unsigned i = 0; i < c->n_users; i++) {
		char ip[INET_ADDRSTRLEN];
		struct in_addr in = { .s_addr = htonl(c->users[i].addr) };

		if (!c->users[i].addr)
			continue;
		inet_ntop(AF_INET, &in, ip, sizeof(ip));
		for (unsigned k = 0; k < c->n_pools; k++)
			if (c->users[i].addr >= c->pools[k].first && c->users[i].addr <= c->pools[k].last)
				return cfg_fail_at(p, c->users[i].addr_line, c->users[i].addr_col,
						   "username %s address %s: inside ip local pool %s, which would "
						   "give it to another session too", c->users[i].name, ip,
						   c->pools[k].name);
		for (unsigned k = 0; k < i; k++)
			if (c->users[k].addr == c->users[i].addr)
				return cfg_fail_at(p, c->users[i].addr_line, c->users[i].addr_col,
						   "username %s address %s: already the address of user %s",
						   c->users[i].name, ip, c->users[k].name);
	}
	for (unsigned i = 0; i < c->n_pools; i++)
		if (check_pool_addrs(p, c, &c->pools[i]) < 0)
			return -1;
	/* the vpdn-group's template must exist: without it pnsd refuses every call */
	for (int i = 0; v && i < VPDN_MAX_GROUPS; i++) {
		const struct vpdn_group *g = &v->groups[i];
		if (g->used && g->accept_dialin && g->virtual_template &&
		    acc_template(c, g->virtual_template) == NULL)
			return cfg_fail_at(p, g->vt_line, g->vt_col, "virtual-template %u: no 'interface "
					   "Virtual-Template%u' in this file: every call would be refused",
					   g->virtual_template, g->virtual_template);
	}
	for (unsigned i = 0; i < c->n_templates; i++) {
		const struct acc_template *t = &c->templates[i];
		bool mschap = false;

		if (t->pool[0] && acc_pool(c, t->pool) == NULL)
			return cfg_fail_at(p, t->line, t->col, "interface Virtual-Template%u: peer default ip "
					   "address pool %s: no 'ip local pool %s'", t->number, t->pool, t->pool);
		/* As on IOS, no method means no authentication at all: valid,
		 * but rarely meant on a VPN server (and MPPE keys come from MS-CHAP) */
		if (t->n_auth == 0)
			cfg_warn_at(p, t->line, t->col, "interface Virtual-Template%u has no 'ppp authentication': "
				    "clients are not authenticated (anyone who reaches the server gets a session) "
				    "and MPPE gets no keys; add e.g. 'ppp authentication ms-chap-v2'", t->number);
		if (!t->pool[0])
			cfg_warn_at(p, t->line, t->col, "interface Virtual-Template%u has no 'peer default ip "
				    "address pool': a client gets an address only from 'username NAME address A' "
				    "or RADIUS (Framed-IP-Address, Framed-Pool); a session without one is closed "
				    "before IPCP", t->number);
		if (t->pool6[0] && acc_pool6(c, t->pool6) == NULL)
			return cfg_fail_at(p, t->pool6_line, t->pool6_col, "peer default ipv6 pool %s: no "
					   "'ipv6 local pool %s'", t->pool6, t->pool6);
		if (t->pool6[0] && !t->ipv6)
			return cfg_fail_at(p, t->pool6_line, t->pool6_col, "peer default ipv6 pool %s: "
					   "interface Virtual-Template%u has no 'ipv6 enable' (IPV6CP), so no "
					   "session would get IPv6", t->pool6, t->number);
		if (t->ipv6 && !t->pool6[0])
			cfg_warn_at(p, t->line, t->col, "interface Virtual-Template%u has 'ipv6 enable' but no "
				    "'peer default ipv6 pool': sessions get link-local IPv6 only (nothing is "
				    "forwarded)", t->number);
		for (unsigned k = 0; k < t->n_auth; k++)
			mschap |= t->auth[k] == ACC_AUTH_MSCHAP || t->auth[k] == ACC_AUTH_MSCHAPV2;
		if (t->mppe != ACC_MPPE_NONE && !mschap)
			cfg_warn_at(p, t->line, t->col, "interface Virtual-Template%u: MPPE keys come from "
				    "MS-CHAP; without 'ppp authentication ms-chap' or 'ms-chap-v2' no session gets "
				    "MPPE", t->number);
	}
	return 0;
}

static void ip_str(uint32_t host_order, char *buf)
{
	struct in_addr in = { .s_addr = htonl(host_order) };
	inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

static void acc_write(const void *blk, FILE *out)
{
	const struct acc_config *c = blk;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	for (unsigned i = 0; i < c->n_users; i++) {
		fprintf(out, "username %s password 0 %s\n", c->users[i].name, c->users[i].secret);
		if (c->users[i].addr) {
			ip_str(c->users[i].addr, a);
			fprintf(out, "username %s address %s\n", c->users[i].name, a);
		}
		if (c->users[i].session_limit)
			fprintf(out, "username %s session-limit %u\n", c->users[i].name, c->users[i].session_limit);
	}
	for (unsigned i = 0; i < c->n_pools; i++) {
		ip_str(c->pools[i].first, a);
		ip_str(c->pools[i].last, b);
		fprintf(out, "ip local pool %s %s %s\n", c->pools[i].name, a, b);
	}
	for (unsigned i = 0; i < c->n_pools6; i++) {
		char p6[INET6_ADDRSTRLEN];
		uint8_t full[16] = { 0 };

		memcpy(full, c->pools6[i].prefix, 8);
		inet_ntop(AF_INET6, full, p6, sizeof(p6));
		fprintf(out, "ipv6 local pool %s %s/%u 64\n", c->pools6[i].name, p6, c->pools6[i].plen);
	}
	const uint32_t *srv[2] = { c->dns, c->nbns };
	for (int k = 0; k < 2; k++) {
		if (srv[k][0] == 0)
			continue;
		ip_str(srv[k][0], a);
		fprintf(out, "async-bootp %s %s", k == 0 ? "dns-server" : "nbns-server", a);
		if (srv[k][1] != 0) {
			ip_str(srv[k][1], b);
			fprintf(out, " %s", b);
		}
		fputc('\n', out);
	}
	for (unsigned i = 0; i < c->n_ifaces; i++) {
		fprintf(out, "!\ninterface %s\n", c->ifaces[i].name);
		if (c->ifaces[i].addr != 0) {
			ip_str(c->ifaces[i].addr, a);
			ip_str(c->ifaces[i].mask, b);
			fprintf(out, " ip address %s %s\n", a, b);
		} else {
			fputs(" no ip address\n", out);
		}
	}
	for (unsigned i = 0; i < c->n_templates; i++) {
		const struct acc_template *t = &c->templates[i];
		fprintf(out, "!\ninterface Virtual-Template%u\n", t->number);
		if (t->unnumbered[0])
			fprintf(out, " ip unnumbered %s\n", t->unnumbered);
		if (t->mppe != ACC_MPPE_NONE)
			fprintf(out, " ppp encrypt mppe %s%s%s\n", mppe_names[t->mppe],
				t->mppe_passive ? " passive" : t->mppe_required ? " required" : "",
				t->mppe_stateful ? " stateful" : "");
		if (t->n_auth) {
			fputs(" ppp authentication", out);
			for (unsigned k = 0; k < t->n_auth; k++)
				fprintf(out, " %s", auth_names[t->auth[k]]);
			fputc('\n', out);
		}
		if (t->pool[0])
			fprintf(out, " peer default ip address pool %s\n", t->pool);
		if (t->idle_s)
			fprintf(out, " ppp timeout idle %u%s\n", t->idle_s, t->idle_inbound ? " inbound" : "");
		if (t->absolute_s)
			fprintf(out, " timeout absolute %u %u\n", t->absolute_s / 60, t->absolute_s % 60);
		if (t->session_limit)
			fprintf(out, " session-limit %u\n", t->session_limit);
		if (t->mtu)
			fprintf(out, " mtu %u\n", t->mtu);
		if (t->ip_mtu)
			fprintf(out, " ip mtu %u\n", t->ip_mtu);
		if (t->ipv6)
			fputs(" ipv6 enable\n", out);
		if (t->pool6[0])
			fprintf(out, " peer default ipv6 pool %s\n", t->pool6);
	}
}

#define NOMODE CFG_MODE_NONE
#define AUTH "{ms-chap|ms-chap-v2|chap|pap}"
static const struct cfg_cmd acc_cmds[] = {
	{ CFG_MODE_GLOBAL, "username WORD", apply_username_bare, NOMODE, CFG_F_NO,
	  "no username NAME: remove the user" },
	{ CFG_MODE_GLOBAL, "username WORD password WORD", apply_username_plain, NOMODE, CFG_F_NO,
	  "Local user and clear-text secret for MS-CHAP/CHAP/PAP" },
	{ CFG_MODE_GLOBAL, "username WORD password <0-7> WORD", apply_username_typed, NOMODE, CFG_F_NO,
	  "Local user; type 0 (clear text) only" },
	{ CFG_MODE_GLOBAL, "username WORD address A.B.C.D", apply_username_addr, NOMODE, CFG_F_NO,
	  "The user's sessions always get this address (not from a pool)" },
	{ CFG_MODE_GLOBAL, "username WORD session-limit <1-65535>", apply_username_limit, NOMODE, CFG_F_NO,
	  "At most this many sessions of the user at a time" },
	{ CFG_MODE_GLOBAL, "ip local pool WORD A.B.C.D [A.B.C.D]", apply_pool, NOMODE, CFG_F_NO,
	  "Address pool for clients" },
	{ CFG_MODE_GLOBAL, "ipv6 local pool WORD WORD <1-128>", apply_pool6, NOMODE, CFG_F_NO,
	  "IPv6 prefix pool: PREFIX/LEN, each client gets a /64 of it (the last number: 64)" },
	{ CFG_MODE_GLOBAL, "async-bootp dns-server A.B.C.D [A.B.C.D]", apply_dns, NOMODE, CFG_F_NO,
	  "DNS servers given to clients (IPCP, RFC 1877)" },
	{ CFG_MODE_GLOBAL, "async-bootp nbns-server A.B.C.D [A.B.C.D]", apply_nbns, NOMODE, CFG_F_NO,
	  "NetBIOS name servers given to clients (IPCP, RFC 1877)" },
	{ CFG_MODE_GLOBAL, "interface WORD [WORD]", apply_interface, CFG_MODE_INTERFACE, CFG_F_NO,
	  "Virtual-TemplateN, or a physical interface named by ip unnumbered" },
	{ CFG_MODE_INTERFACE, "ip address A.B.C.D A.B.C.D", apply_ip_address, NOMODE, CFG_F_NO,
	  "Address of a physical interface" },
	{ CFG_MODE_INTERFACE, "ip unnumbered WORD", apply_unnumbered, NOMODE, CFG_F_NO,
	  "Server side address of the sessions: that of the interface named" },
	{ CFG_MODE_INTERFACE, "ppp authentication " AUTH " [" AUTH "] [" AUTH "] [" AUTH "]",
	  apply_ppp_auth, NOMODE, CFG_F_NO, "Authentication methods, in order of preference" },
	{ CFG_MODE_INTERFACE, "ppp encrypt mppe {auto|40|128} [passive|required] [stateful]",
	  apply_ppp_mppe, NOMODE, CFG_F_NO, "MPPE encryption" },
	{ CFG_MODE_INTERFACE, "peer default ip address pool WORD", apply_peer_pool, NOMODE, CFG_F_NO,
	  "Pool the client's address comes from" },
	/* IOS: `ppp timeout idle` (seconds); `timeout absolute` (minutes [seconds]) */
	{ CFG_MODE_INTERFACE, "ppp timeout idle <1-4294967> [{either|inbound}]", apply_timeout_idle, NOMODE,
	  CFG_F_NO, "End a session after this many seconds without IP traffic (inbound: from the client)" },
	{ CFG_MODE_INTERFACE, "timeout absolute <0-71582> [<0-59>]", apply_timeout_absolute, NOMODE, CFG_F_NO,
	  "End every session this many minutes [and seconds] after it started" },
	{ CFG_MODE_INTERFACE, "ppp timeout absolute <0-71582> [<0-59>]", apply_timeout_absolute, NOMODE,
	  CFG_F_NO, "Same as timeout absolute" },
	{ CFG_MODE_INTERFACE, "mtu <1-65535>", apply_mtu, NOMODE, CFG_F_NO,
	  "PPP payload size: the MRU pnsd asks for; IP packets are this less MPPE's 4 octets" },
	{ CFG_MODE_INTERFACE, "ip mtu <1-65535>", apply_ip_mtu, NOMODE, CFG_F_NO,
	  "Largest IP packet through a session either way (the TCP MSS is clamped to it less 40)" },
	{ CFG_MODE_INTERFACE, "ipv6 enable", apply_ipv6_enable, NOMODE, CFG_F_NO,
	  "IPV6CP and IPv6 on the sessions (link-local Interface-Identifiers, RFC 5072)" },
	{ CFG_MODE_INTERFACE, "peer default ipv6 pool WORD", apply_peer_pool6, NOMODE, CFG_F_NO,
	  "Pool the client's /64 comes from (advertised by Router Advertisements for SLAAC)" },
	{ CFG_MODE_INTERFACE, "session-limit <1-65535>", apply_template_limit, NOMODE, CFG_F_NO,
	  "At most this many sessions from this template at a time; more calls are refused" },
};

const struct cfg_section acc_cfg_section = {
	.name = "access",
	.size = sizeof(struct acc_config),
	.release = acc_release,
	.validate = acc_validate,
	.write = acc_write,
	.cmds = acc_cmds,
	.ncmds = sizeof(acc_cmds) / sizeof(acc_cmds[0]),
};

int acc_cfg_register(void)
{
	return cfg_section_register(&acc_cfg_section);
}
