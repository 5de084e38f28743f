/*
 * IPv6 on a session (RFC 5072 with RFC 4861 router duties): it is up while
 * IPV6CP is Opened and, when MPPE is required, MPPE is up (as IPv4). A
 * server with an IPv6 pool gives the peer a /64 when IPv6 first comes up
 * and keeps it for the session's life; it advertises it in Router
 * Advertisements sent like any packet (encrypted by MPPE), unsolicited
 * (ND_MAX_INITIAL_RAS at first, then every 198-600 s, RFC 4861 6.2.4) and
 * in answer to Router Solicitations, never two within 3 s (6.2.6).
 *
 * From the peer, only packets from its /64 are forwarded (anti-spoofing:
 * its link-local address is for this link alone, RFC 4291 2.5.6); link-
 * local and multicast destinations are this link's business and stop here.
 */
#include <string.h>

#include "nd.h"
#include "ppp_local.h"

static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };

static void send_ra(struct ppp_session *s)
{
	uint8_t ra[ND_RA_LEN];
	size_t n;

	n = nd_build_ra(ra, sizeof(ra), s->ipv6cp_st.want_iid, all_nodes, s->prefix, ppp_session_mtu(s),
			ND_ROUTER_LIFETIME_S);
	if (n && ppp_send_ip(s, ra, n) == 0)
		s->c.nd_ra_sent++;
	s->ra_holding = true;
	ppp_timer_start(s, &s->ra_hold, ND_MIN_DELAY_BETWEEN_RAS_MS);
}

static void ra_schedule(struct ppp_session *s)
{
	unsigned ms;

	if (s->ra_initial < ND_MAX_INITIAL_RAS) {
		ms = ND_MAX_INITIAL_RA_S * 1000;
	} else {
		uint32_t r;

		ppp_random(&r, sizeof(r));
		ms = (ND_MIN_RTR_ADV_S + r % (ND_MAX_RTR_ADV_S - ND_MIN_RTR_ADV_S + 1)) * 1000;
	}
	ppp_timer_start(s, &s->ra_timer, ms);
}

static void ra_timer_expired(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;

	if (!s->ipv6_up || !s->have_prefix)
		return;
	s->ra_initial++;
	if (s->ra_holding)
		s->ra_pending = true;
	else
		send_ra(s);
	ra_schedule(s);
}

static void ra_hold_expired(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;

	s->ra_holding = false;
	if (s->ra_pending && s->ipv6_up && s->have_prefix) {
		s->ra_pending = false;
		send_ra(s);
	}
}

void ppp_ipv6_init(struct ppp_session *s)
{
	s->ra_timer.expire = ra_timer_expired;
	s->ra_timer.owner = s;
	s->ra_hold.expire = ra_hold_expired;
	s->ra_hold.owner = s;
}

void ppp_ipv6_stop(struct ppp_session *s)
{
	ppp_timer_stop(s, &s->ra_timer);
	ppp_timer_stop(s, &s->ra_hold);
	s->ra_holding = s->ra_pending = false;
}

void ppp_ipv6_release(struct ppp_session *s)
{
	if (s->have_prefix && s->cfg.pool6)
		ppp_pool6_release(s->cfg.pool6, s->prefix);
	s->have_prefix = false;
}

void ppp_ipv6_update(struct ppp_session *s)
{
	bool up = s->cfg.ipv6 && s->ipv6cp.state == FSM_OPENED && (!s->cfg.mppe.required || s->mppe_up);

	if (up == s->ipv6_up)
		return;
	s->ipv6_up = up;
	if (!up) {
		ppp_ipv6_stop(s);
		ppp_event(s, PPP_EV_IPV6_DOWN, NULL);
		return;
	}
	if (s->cfg.server && s->cfg.pool6 && !s->have_prefix) {
		if (ppp_pool6_alloc(s->cfg.pool6, s->prefix))
			s->have_prefix = true;
		else
			ppp_logf(s, "IPv6: pool %s exhausted; link-local only", ppp_pool6_name(s->cfg.pool6));
	}
	if (s->have_prefix) {
		ppp_logf(s, "IPv6: up, prefix %x:%x:%x:%x::/64", get16(s->prefix), get16(s->prefix + 2),
			 get16(s->prefix + 4), get16(s->prefix + 6));
		s->ra_initial = 0;
		send_ra(s);
		ra_schedule(s);
	}
	ppp_event(s, PPP_EV_IPV6_UP, NULL);
}

static bool link_scope(const uint8_t *a)
{
	return a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
}

void ppp_ipv6_input(struct ppp_session *s, const uint8_t *p, size_t len)
{
	size_t n;

	if (!s->ipv6_up) {
		s->c.rx_ipv6_dropped++;
		return;
	}
	if (!(n = nd_ip6_len(p, len))) {
		s->c.rx_ipv6_bad++;
		return;
	}
	if (link_scope(p + 24)) {
		if (s->cfg.server && nd_is_rs(p, n)) {
			s->c.nd_rs_rcvd++;
			if (!s->have_prefix)
				return;
			if (s->ra_holding)
				s->ra_pending = true;
			else
				send_ra(s);
			return;
		}
		s->c.rx_ipv6_local++;
		return;
	}
	/* the server forwards only the peer's /64; a client takes what comes */
	if (s->cfg.server && (!s->have_prefix || memcmp(p + 8, s->prefix, 8) != 0)) {
		s->c.rx_ipv6_spoofed++;
		return;
	}
	s->c.rx_ip++;
	s->c.rx_ipv6++;
	s->c.rx_ip_octets += n;
	if (s->lower.deliver_ip)
		s->lower.deliver_ip(s->lower.ctx, p, n);
}

bool ppp_session_ipv6_prefix(const struct ppp_session *s, uint8_t prefix[8])
{
	if (!s->have_prefix)
		return false;
	memcpy(prefix, s->prefix, 8);
	return true;
}
