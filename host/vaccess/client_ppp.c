#include "client_ppp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/evloop.h"
#include "common/log.h"
#include "mppe/engine.h"
#include "mppe/mppe.h"
#include "vaccess/pptp_ppp.h"

struct client_ppp {
	struct client_ppp_opts o;
	struct ev_loop *loop;
	struct mppe_engine *engine;
	struct pptp_ppp *pp;
	unsigned up, failed;
	struct client_load *load;   /* --load */
	uint64_t created_ns;        /* for the set-up time of all sessions */
	unsigned expect;            /* sessions expected (opts.traffic_sessions) */
	unsigned ended_early;       /* sessions that ended before their IP was up */
	bool resolved;              /* opts.all_resolved has been called */
};

void client_ppp_opts_default(struct client_ppp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->auth[0] = PPP_AUTH_MSCHAP_V2;
	o->auth[1] = PPP_AUTH_MSCHAP_V1;
	o->n_auth = 2;
	o->mppe.strength = PPP_MPPE_AUTO;
	o->engine = "sw";
}

int client_ppp_parse_mppe(const char *spec, struct ppp_mppe_policy *out)
{
	char buf[64], *tok, *save = NULL;
	bool first = true;

	memset(out, 0, sizeof(*out));
	if (strlen(spec) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), first = false) {
		if (first && !strcasecmp(tok, "none"))
			out->strength = PPP_MPPE_NONE;
		else if (first && !strcasecmp(tok, "auto"))
			out->strength = PPP_MPPE_AUTO;
		else if (first && !strcmp(tok, "40"))
			out->strength = PPP_MPPE_40;
		else if (first && !strcmp(tok, "128"))
			out->strength = PPP_MPPE_128;
		else if (!first && !strcasecmp(tok, "passive") && !out->required)
			out->passive = true;
		else if (!first && !strcasecmp(tok, "required") && !out->passive)
			out->required = true;
		else if (!first && !strcasecmp(tok, "stateful"))
			out->stateful = true;
		else
			goto bad;
	}
	if (first || (out->strength == PPP_MPPE_NONE && (out->passive || out->required || out->stateful)))
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int client_ppp_parse_auth(const char *list, struct client_ppp_opts *o)
{
	char buf[128], *tok, *save = NULL;

	if (strlen(list) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", list);
	o->n_auth = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum ppp_auth_method m;

		if (!strcasecmp(tok, "ms-chap-v2"))
			m = PPP_AUTH_MSCHAP_V2;
		else if (!strcasecmp(tok, "ms-chap"))
			m = PPP_AUTH_MSCHAP_V1;
		else if (!strcasecmp(tok, "chap"))
			m = PPP_AUTH_CHAP_MD5;
		else if (!strcasecmp(tok, "pap"))
			m = PPP_AUTH_PAP;
		else
			goto bad;
		if (o->n_auth == PPP_MAX_AUTH_METHODS)
			goto bad;
		o->auth[o->n_auth++] = m;
	}
	if (o->n_auth)
		return 0;
bad:
	errno = EINVAL;
	return -1;
}

int client_ppp_parse_load(const char *spec, struct client_ppp_opts *o)
{
	if (client_load_parse(spec, &o->load) < 0)
		return -1;
	o->no_tun = true;
	return 0;
}

static int session_config(void *arg, struct pptp_call *call, struct ppp_config *cfg,
			  const struct ppp_authenticator **auth)
{
	struct client_ppp *c = arg;

	(void)call;
	ppp_config_defaults(cfg, false);
	memcpy(cfg->auth, c->o.auth, sizeof(cfg->auth));
	cfg->n_auth = c->o.n_auth;
	snprintf(cfg->user, sizeof(cfg->user), "%s", c->o.user);
	snprintf(cfg->password, sizeof(cfg->password), "%s", c->o.password);
	cfg->mppe = c->o.mppe;
	cfg->request_dns = true;
	cfg->windows_like = c->o.windows_like;
	cfg->ipv6 = c->o.ipv6;
	if (c->o.windows_like)
		cfg->mru = 1400;        /* Windows asks for <mru 1400> */
	*auth = NULL;
	return 0;
}

static void on_ip(void *arg, struct va_session *s, const uint8_t *pkt, size_t len)
{
	struct client_ppp *c = arg;

	if (c->load)
		client_load_on_ip(c->load, s, pkt, len);
}

static void resolved_check(struct client_ppp *c)
{
	if (c->resolved || !c->o.all_resolved || !c->expect || c->up + c->ended_early < c->expect)
		return;
	c->resolved = true;
	c->o.all_resolved(c->o.all_resolved_arg);
}

static void on_event(void *arg, struct va_session *s, enum ppp_event ev, const char *reason)
{
	struct client_ppp *c = arg;
	struct ppp_session *ps = va_session_ppp(s);

	switch (ev) {
	case PPP_EV_NETWORK_UP: {
		struct ppp_mppe_state m;
		uint32_t a = ppp_session_local_addr(ps);

		ppp_session_mppe(ps, &m);
		c->up++;
		if (c->expect && c->up == c->expect) {
			double sec = (double)(ev_clock_ns() - c->created_ns) / 1e9;

			printf("pppsetup sessions=%u seconds=%.3f sessions_per_s=%.1f\n", c->up, sec,
			       sec > 0 ? c->up / sec : 0.0);
			fflush(stdout);
		}
		resolved_check(c);
		if (c->load && c->up == (c->o.traffic_sessions ? c->o.traffic_sessions : 1))
			client_load_start(c->load);
		log_notice("%s: IP up, address %u.%u.%u.%u on %s, MPPE %s%s", va_session_name(s), a >> 24,
			   (a >> 16) & 255, (a >> 8) & 255, a & 255,
			   va_session_tun_name(s)[0] ? va_session_tun_name(s) : "-",
			   m.up ? (m.key_bits == 128 ? "128" : m.key_bits == 56 ? "56" : "40") : "off",
			   m.up ? (m.stateful ? " stateful" : " stateless") : "");
		break;
	}
	case PPP_EV_AUTH_OK:
		break;
	case PPP_EV_DEAD:
		if (c->load)
			client_load_session_gone(c->load, s);
		if (!ppp_session_network_up(ps) && ppp_session_counters(ps)->auth_failures)
			c->failed++;
		if (!ppp_session_network_up(ps)) {
			c->ended_early++;
			resolved_check(c);
		}
		log_notice("%s: PPP ended: %s", va_session_name(s), reason ? reason : "");
		break;
	default:
		break;
	}
}

struct client_ppp *client_ppp_new(struct ev_loop *loop, const struct client_ppp_opts *o)
{
	struct client_ppp *c = calloc(1, sizeof(*c));
	struct va_options vo = { .mode = o->no_tun ? VA_CLIENT_NOTUN : VA_CLIENT_TUN, .tun_name = "ppp%d" };
	struct va_hooks h = { .on_event = on_event, .on_ip = on_ip };

	if (!c)
		return NULL;
	c->o = *o;
	c->loop = loop;
	c->created_ns = ev_clock_ns();
	c->expect = o->traffic_sessions;
	if (o->load.n_sizes)
		vo.mode = VA_CLIENT_NOTUN;
	h.arg = c;
	c->engine = mppe_engine_open(o->engine ? o->engine : "sw");
	if (!c->engine)
		goto fail;
	c->pp = pptp_ppp_new(loop, c->engine, &vo, &h, session_config, c);
	if (!c->pp)
		goto fail;
	if (o->load.n_sizes && !(c->load = client_load_new(loop, pptp_ppp_vaccess(c->pp), &o->load, stdout)))
		goto fail;
	return c;
fail:
	client_ppp_free(c);
	return NULL;
}

void client_ppp_free(struct client_ppp *c)
{
	if (!c)
		return;
	client_load_free(c->load);
	pptp_ppp_free(c->pp);
	if (c->engine)
		mppe_engine_close(c->engine);
	explicit_bzero(c->o.password, sizeof(c->o.password));
	free(c);
}

int client_ppp_attach(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops, void **upper)
{
	struct client_ppp *c = ctx;

	return pptp_ppp_attach_client(c->pp, call, ops, upper);
}

unsigned client_ppp_up(const struct client_ppp *c) { return c->up; }

static int report_one(void *arg, struct va_session *s)
{
	FILE *out = arg;
	struct ppp_session *ps = va_session_ppp(s);
	const struct ppp_counters *k = ppp_session_counters(ps);
	struct ppp_mppe_state m;
	uint32_t a = ppp_session_local_addr(ps), p = ppp_session_peer_addr(ps);
	uint8_t il[8], ip[8];
	char iids[96] = "";

	ppp_session_mppe(ps, &m);
	if (ppp_session_ipv6_iids(ps, il, ip))
		snprintf(iids, sizeof(iids), " iid_local=%02x%02x%02x%02x%02x%02x%02x%02x"
			 " iid_peer=%02x%02x%02x%02x%02x%02x%02x%02x", il[0], il[1], il[2], il[3], il[4], il[5],
			 il[6], il[7], ip[0], ip[1], ip[2], ip[3], ip[4], ip[5], ip[6], ip[7]);
	fprintf(out, "ppp vi=%s up=%d phase=%s lcp=%s ipcp=%s ccp=%s auth=%s mppe=%u mode=%s "
		"local=%u.%u.%u.%u peer=%u.%u.%u.%u tun=%s rx_ip=%llu tx_ip=%llu ccp_resets_sent=%llu "
		"ccp_resets_rcvd=%llu auth_failures=%llu ipv6cp=%s%s\n",
		va_session_name(s), ppp_session_network_up(ps), ppp_phase_name(ppp_session_phase(ps)),
		ppp_session_lcp_state(ps), ppp_session_ipcp_state(ps), ppp_session_ccp_state(ps),
		ppp_auth_method_name(ppp_session_auth_method(ps)), m.up ? m.key_bits : 0,
		m.up ? (m.stateful ? "stateful" : "stateless") : "none", a >> 24, (a >> 16) & 255,
		(a >> 8) & 255, a & 255, p >> 24, (p >> 16) & 255, (p >> 8) & 255, p & 255,
		va_session_tun_name(s)[0] ? va_session_tun_name(s) : "-", (unsigned long long)k->rx_ip,
		(unsigned long long)k->tx_ip, (unsigned long long)k->ccp_resets_sent,
		(unsigned long long)k->ccp_resets_rcvd, (unsigned long long)k->auth_failures,
		ppp_session_ipv6cp_state(ps), iids);
	return 0;
}

void client_ppp_report(struct client_ppp *c, FILE *out)
{
	va_foreach(pptp_ppp_vaccess(c->pp), report_one, out);
	fflush(out);
}
