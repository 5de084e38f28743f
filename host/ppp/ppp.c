/*
 * The PPP session: phases (RFC 1661 3), protocol demultiplexing, framing
 * (ACFC/PFC, RFC 1661 6.5/6.6), and the MPPE data path through the engine.
 *
 * Phases: Dead -> Establish (LCP) -> Authenticate -> Network (IPCP, CCP)
 * -> Terminate -> Dead. The NCPs run side by side and never tear each other
 * down: IPCP opening while CCP still negotiates is normal; only the policy
 * decides ("required": no IP until MPPE is up, and no MPPE means no session).
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "mppe/crypto.h"
#include "mppe/engine.h"
#include "ppp_defs.h"
#include "ppp_local.h"

void (*ppp_log_hook)(const struct ppp_session *s, enum ppp_log_cat cat, const char *line);

/* ---- small services for the protocol modules ---- */

static void logv(const struct ppp_session *s, enum ppp_log_cat cat, const char *fmt, va_list ap)
{
	char line[256];

	vsnprintf(line, sizeof(line), fmt, ap);
	ppp_log_hook(s, cat, line);
}

void ppp_logf(const struct ppp_session *s, const char *fmt, ...)
{
	va_list ap;

	if (!ppp_log_hook)
		return;
	va_start(ap, fmt);
	logv(s, PPP_LOG_NEGOTIATION, fmt, ap);
	va_end(ap);
}

void ppp_logc(const struct ppp_session *s, enum ppp_log_cat cat, const char *fmt, ...)
{
	va_list ap;

	if (!ppp_log_hook)
		return;
	va_start(ap, fmt);
	logv(s, cat, fmt, ap);
	va_end(ap);
}

void *ppp_session_lower_ctx(const struct ppp_session *s) { return s->lower.ctx; }

void ppp_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n <= 0)
			abort();            /* no entropy means no safe challenge: never go on */
		p += n;
		len -= (size_t)n;
	}
}

void ppp_timer_start(struct ppp_session *s, struct ppp_timer *t, unsigned ms)
{
	if (t->armed)
		s->lower.timer_stop(s->lower.ctx, t);
	s->lower.timer_start(s->lower.ctx, t, ms);
}

void ppp_timer_stop(struct ppp_session *s, struct ppp_timer *t)
{
	if (t->armed)
		s->lower.timer_stop(s->lower.ctx, t);
}

void ppp_count_bad(struct ppp_session *s) { s->c.rx_bad++; }

unsigned ppp_peer_mru(const struct ppp_session *s)
{
	unsigned m = s->lcp_st.his.mru ? s->lcp_st.his.mru : PPP_DEFAULT_MRU;

	return m > PPP_MAX_FRAME - 8 ? PPP_MAX_FRAME - 8 : m;
}

static void ppp_set_down_reason(struct ppp_session *s, const char *reason)
{
	if (!s->down_reason[0])
		snprintf(s->down_reason, sizeof(s->down_reason), "%s", reason);
}

void ppp_event(struct ppp_session *s, enum ppp_event ev, const char *reason)
{
	if (s->lower.event)
		s->lower.event(s->lower.ctx, ev, reason);
}

/* Header in front of info: address/control unless ACFC, protocol (one
 * octet with PFC). LCP always goes uncompressed (RFC 1661 6.5, 6.6). */
static size_t frame_header(const struct ppp_session *s, uint16_t proto, uint8_t *h)
{
	bool opened = s->lcp.state == FSM_OPENED;
	size_t n = 0;

	if (proto == PPP_LCP || !opened || !s->lcp_st.his.acfc) {
		h[n++] = PPP_ALLSTATIONS;
		h[n++] = PPP_UI;
	}
	if (proto < 0x100 && opened && s->lcp_st.his.pfc && proto != PPP_LCP) {
		h[n++] = (uint8_t)proto;
	} else {
		h[n++] = (uint8_t)(proto >> 8);
		h[n++] = (uint8_t)proto;
	}
	return n;
}

static void lower_send(struct ppp_session *s, const uint8_t *frame, size_t len)
{
	if (!s->lower_up)
		return;
	s->c.tx_frames++;
	s->c.tx_octets += len;
	s->lower.send(s->lower.ctx, frame, len);
}

void ppp_output(struct ppp_session *s, uint16_t proto, const uint8_t *info, size_t len)
{
	uint8_t buf[PPP_MAX_FRAME + 4];
	size_t h = frame_header(s, proto, buf);

	if (len > PPP_MAX_FRAME)
		len = PPP_MAX_FRAME;
	memcpy(buf + h, info, len);
	lower_send(s, buf, h + len);
}

/* ---- configuration ---- */

void ppp_config_defaults(struct ppp_config *c, bool server)
{
	memset(c, 0, sizeof(*c));
	c->server = server;
	snprintf(c->name, sizeof(c->name), "%s", server ? "pnsd" : "pptp-client");
	if (server) {
		c->auth[0] = PPP_AUTH_MSCHAP_V2;
		c->n_auth = 1;
	} else {
		c->auth[0] = PPP_AUTH_MSCHAP_V2;
		c->auth[1] = PPP_AUTH_MSCHAP_V1;
		c->n_auth = 2;
	}
	c->mru = PPP_DEFAULT_MRU;
	c->restart_ms = 3000;
	c->max_configure = 10;
	c->max_terminate = 2;
	c->max_failure = 5;
	c->auth_timeout_ms = 30000;
	c->echo_failures = 3;
}

static void fill_defaults(struct ppp_config *c)
{
	if (!c->mru) c->mru = PPP_DEFAULT_MRU;
	if (!c->restart_ms) c->restart_ms = 3000;
	if (!c->max_configure) c->max_configure = 10;
	if (!c->max_terminate) c->max_terminate = 2;
	if (!c->max_failure) c->max_failure = 5;
	if (!c->auth_timeout_ms) c->auth_timeout_ms = 30000;
	if (!c->echo_failures) c->echo_failures = 3;
	if (c->n_auth > PPP_MAX_AUTH_METHODS) c->n_auth = PPP_MAX_AUTH_METHODS;
}

/* ---- the session ---- */

static void reset_timer_expired(struct ppp_timer *t)
{
	(void)t;                    /* the next discarded packet may ask again */
}

static void ncp_start(struct ppp_session *s);
static void ipcp_start(struct ppp_session *s);
static void ipcp_hold_expired(struct ppp_timer *t);
static void linger_expired(struct ppp_timer *t);
/* over the automata of the protocol table (below, at the input) */
static void fsms_init(struct ppp_session *s);
static void fsms_stop_timers(struct ppp_session *s);
static void ncps_down(struct ppp_session *s);

struct ppp_session *ppp_session_new(const struct ppp_config *cfg, const struct ppp_lower *lower,
				    struct ppp_datapath *dp, const struct ppp_authenticator *auth)
{
	struct ppp_session *s;

	if (!cfg || !lower || !lower->send || !lower->timer_start || !lower->timer_stop ||
	    (cfg->mppe.strength != PPP_MPPE_NONE && !dp) || (cfg->server && cfg->n_auth && !auth)) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	fill_defaults(&s->cfg);
	s->lower = *lower;
	if (auth) {
		s->authr = *auth;
		s->have_authr = true;
	}
	s->dp = dp;
	s->engine = dp ? ppp_datapath_engine(dp) : NULL;
	s->phase = PPP_PHASE_DEAD;
	fsms_init(s);
	s->ccp.silent = s->cfg.mppe.passive;
	s->reset_timer.expire = reset_timer_expired;
	s->reset_timer.owner = s;
	s->ipcp_hold.expire = ipcp_hold_expired;
	s->ipcp_hold.owner = s;
	s->linger.expire = linger_expired;
	s->linger.owner = s;
	ppp_ipv6_init(s);
	s->lcp_st.his.mru = PPP_DEFAULT_MRU;
	return s;
}

static void mppe_flows_destroy(struct ppp_session *s);

static void release_address(struct ppp_session *s)
{
	if (s->ipcp_st.addr_from_pool && s->cfg.pool) {
		ppp_pool_release(s->cfg.pool, s->ipcp_st.peer_addr);
		s->ipcp_st.addr_from_pool = false;
	}
	ppp_ipv6_release(s);
}

static void stop_all_timers(struct ppp_session *s)
{
	fsms_stop_timers(s);
	ppp_timer_stop(s, &s->reset_timer);
	ppp_timeouts_stop(s);
	ppp_ipv6_stop(s);
	ppp_timer_stop(s, &s->ipcp_hold);
	ppp_timer_stop(s, &s->linger);
	lcp_echo_stop(s);
	auth_stop(s);
}

static void session_destroy(struct ppp_session *s)
{
	crypto_wipe(s->cfg.password, sizeof(s->cfg.password));
	crypto_wipe(s->send_key, sizeof(s->send_key));
	crypto_wipe(s->recv_key, sizeof(s->recv_key));
	free(s);
}

void ppp_session_free(struct ppp_session *s)
{
	if (!s)
		return;
	stop_all_timers(s);
	mppe_flows_destroy(s);
	release_address(s);
	s->lower_up = false;
	if (s->inflight) {
		s->freed = true;        /* the last completion frees it */
		return;
	}
	session_destroy(s);
}

void ppp_session_start(struct ppp_session *s)
{
	s->lower_up = true;
	s->phase = PPP_PHASE_ESTABLISH;
	fsm_open(&s->lcp);
	fsm_up(&s->lcp);
}

void ppp_session_close(struct ppp_session *s, const char *reason)
{
	ppp_set_down_reason(s, reason);
	if (s->phase != PPP_PHASE_DEAD)
		s->phase = PPP_PHASE_TERMINATE;
	fsm_close(&s->lcp, reason);
}

void ppp_session_lower_down(struct ppp_session *s)
{
	enum ppp_phase was = s->phase;

	ppp_set_down_reason(s, "lower layer down");
	s->lower_up = false;
	fsm_down(&s->lcp);
	stop_all_timers(s);
	if (was != PPP_PHASE_DEAD) {
		s->phase = PPP_PHASE_DEAD;
		release_address(s);
		ppp_event(s, PPP_EV_DEAD, s->down_reason);
	}
}

/* ---- phase changes, driven by the protocols ---- */

static void update_network(struct ppp_session *s)
{
	bool up = s->ipcp.state == FSM_OPENED && (!s->cfg.mppe.required || s->mppe_up);

	ppp_ipv6_update(s);
	if (up == s->network_up)
		return;
	s->network_up = up;
	if (up)
		ppp_timeouts_network_up(s);
	ppp_event(s, up ? PPP_EV_NETWORK_UP : PPP_EV_NETWORK_DOWN, NULL);
}

void ppp_lcp_up(struct ppp_session *s)
{
	if (s->cfg.server && s->cfg.n_auth && !s->lcp_st.want.neg_auth) {
		/* The peer refused every authentication protocol we offered. */
		ppp_session_close(s, "Authentication refused");
		return;
	}
	s->phase = PPP_PHASE_AUTHENTICATE;
	auth_start(s);
}

void ppp_lcp_down(struct ppp_session *s)
{
	auth_stop(s);
	ppp_timer_stop(s, &s->ipcp_hold);
	ncps_down(s);
	update_network(s);
	if (s->phase != PPP_PHASE_TERMINATE && s->phase != PPP_PHASE_DEAD)
		s->phase = PPP_PHASE_ESTABLISH;    /* renegotiation */
}

void ppp_lcp_finished(struct ppp_session *s)
{
	stop_all_timers(s);
	mppe_flows_destroy(s);
	release_address(s);
	/* RFC 1661 3.7: the receiver of a Terminate-Request "MUST NOT
	 * disconnect until at least one Restart time has passed after sending
	 * a Terminate-Ack". When both ends close at once (an authentication
	 * failure: our Terminate-Request crosses the peer's), the peer's
	 * Terminate-Ack finishes LCP right after ours went out; taking the
	 * call down at once let pptp-linux hang up pppd's pty before pppd read
	 * our Terminate-Ack, and pppd reported a hang-up (exit 16) instead of
	 * the authentication failure (19). LCP stays Closed meanwhile and
	 * answers a repeated Terminate-Request. */
	if (s->lcp.acked_term_closing && s->phase != PPP_PHASE_DEAD && !s->lingered) {
		s->lingered = true;
		ppp_timer_start(s, &s->linger, s->cfg.restart_ms);
		return;
	}
	if (s->phase != PPP_PHASE_DEAD) {
		s->phase = PPP_PHASE_DEAD;
		ppp_set_down_reason(s, "LCP finished");
		ppp_event(s, PPP_EV_DEAD, s->down_reason);
	}
}

static void linger_expired(struct ppp_timer *t)
{
	ppp_lcp_finished(t->owner);
}

void ppp_auth_finished(struct ppp_session *s, bool ok)
{
	struct auth_state *a = &s->auth;

	if (s->phase != PPP_PHASE_AUTHENTICATE || a->done)
		return;
	a->done = true;
	a->ok = ok;
	ppp_timer_stop(s, &a->timer);
	ppp_timer_stop(s, &a->phase_timer);
	if (!ok) {
		ppp_session_close(s, "Authentication failed");
		return;
	}
	ppp_timeouts_authenticated(s);
	if (a->method != PPP_AUTH_NONE)
		ppp_event(s, PPP_EV_AUTH_OK, NULL);
	if (s->phase != PPP_PHASE_AUTHENTICATE)
		return;                 /* the event handler closed us */
	if (s->cfg.mppe.required && !s->have_keys) {
		ppp_session_close(s, "MPPE required but no MS-CHAP keys");
		return;
	}
	if (s->cfg.server && s->cfg.pool && !s->ipcp_st.addr_from_pool) {
		uint32_t a4 = ppp_pool_alloc(s->cfg.pool);

		if (!a4) {
			ppp_logf(s, "IPCP: pool %s exhausted", ppp_pool_name(s->cfg.pool));
			ppp_session_close(s, "No address available");
			return;
		}
		s->ipcp_st.peer_addr = a4;
		s->ipcp_st.addr_from_pool = true;
	}
	/* No pool and no address from the authenticator: IPCP would Reject the
	 * client's address option and the session came up with 0.0.0.0. */
	if (s->cfg.server && s->ipcp_st.peer_addr == 0) {
		ppp_session_close(s, "No address for the client: no pool, static or RADIUS address");
		return;
	}
	s->phase = PPP_PHASE_NETWORK;
	if (s->cfg.mppe.strength != PPP_MPPE_NONE && s->have_keys) {
		fsm_open(&s->ccp);
		fsm_up(&s->ccp);
	}
	ncp_start(s);
}

/*
 * When our IPCP starts, as pppd sequences it (auth.c start_networks, ccp.c
 * ccp_up): pppd opens CCP first and, whenever it asks for MPPE itself (for
 * pppd that means MPPE is required on its side), opens IPCP only once CCP is
 * Opened. Its IPCP is Closed until then and answers a Configure-Request with
 * a Terminate-Ack (RFC 1661 4.1 "Closed, RCR: sta"); our request then waits
 * out the restart timer: IP came up 3 s late. We cannot know what the peer
 * requires, so whenever this session negotiates MPPE our IPCP waits until
 * CCP settles: Opened (MPPE up, or refused without a fight), or finished
 * (Protocol-Reject, Max-Configure: ppp_ccp_finished). A peer that starts
 * IPCP itself is running it already and gets our request at once
 * (ppp_input); the Windows client runs IPCP beside CCP. RFC 1661 3.5 lets
 * each NCP open on its own; update_network() keeps IP off until MPPE is up
 * when it is required.
 *
 * Passive MPPE (we do not offer): the peer's CCP request, if it comes, comes
 * right after authentication; IPCP waits for it up to one restart interval
 * (no longer than one lost Configure-Request would cost).
 */
static bool ccp_negotiating_now(const struct ppp_session *s)
{
	return s->ccp.state == FSM_REQSENT || s->ccp.state == FSM_ACKRCVD || s->ccp.state == FSM_ACKSENT;
}

static void ipcp_hold_expired(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;

	if (s->phase == PPP_PHASE_NETWORK && !ccp_negotiating_now(s))
		ipcp_start(s);
}

static void ncp_start(struct ppp_session *s)
{
	if (s->cfg.windows_like) {
		ipcp_start(s);          /* Windows runs IPCP beside CCP */
		return;
	}
	if (ccp_negotiating_now(s))
		return;                 /* ppp_ccp_up / ppp_ccp_finished start it */
	if (s->ccp.state == FSM_STOPPED && s->ccp.silent) {
		ppp_timer_start(s, &s->ipcp_hold, s->cfg.restart_ms);
		return;
	}
	ipcp_start(s);
}

/* Opens an NCP and signals its lower layer up, unless that was done already
 * (Starting: opened, and the lower layer went down with an LCP renegotiation). */
static void ncp_open(struct fsm *f)
{
	if (f->state == FSM_INITIAL)
		fsm_open(f);
	if (f->state == FSM_STARTING)
		fsm_up(f);
}

/* IPV6CP follows IPCP's start: pppd holds every NCP until CCP is up when
 * it requires MPPE, and answers one sent earlier with a Terminate-Ack. */
static void ipcp_start(struct ppp_session *s)
{
	ppp_timer_stop(s, &s->ipcp_hold);
	if (s->phase != PPP_PHASE_NETWORK)
		return;
	ncp_open(&s->ipcp);
	if (s->cfg.ipv6)
		ncp_open(&s->ipv6cp);
}

void ppp_ipcp_up(struct ppp_session *s)
{
	ppp_logf(s, "IPCP: up, local %u.%u.%u.%u peer %u.%u.%u.%u", s->ipcp_st.want_addr >> 24,
		 (s->ipcp_st.want_addr >> 16) & 255, (s->ipcp_st.want_addr >> 8) & 255, s->ipcp_st.want_addr & 255,
		 s->ipcp_st.peer_addr >> 24, (s->ipcp_st.peer_addr >> 16) & 255, (s->ipcp_st.peer_addr >> 8) & 255,
		 s->ipcp_st.peer_addr & 255);
	update_network(s);
}

void ppp_ipcp_down(struct ppp_session *s)
{
	update_network(s);
}

static void iid_str(const uint8_t *iid, char *out, size_t len)
{
	snprintf(out, len, "fe80::%x:%x:%x:%x", get16(iid), get16(iid + 2), get16(iid + 4), get16(iid + 6));
}

void ppp_ipv6cp_up(struct ppp_session *s)
{
	char a[48], b[48];

	iid_str(s->ipv6cp_st.want_iid, a, sizeof(a));
	iid_str(s->ipv6cp_st.peer_iid, b, sizeof(b));
	ppp_logf(s, "IPV6CP: up, local %s peer %s", a, b);
	ppp_ipv6_update(s);
}

void ppp_ipv6cp_down(struct ppp_session *s) { ppp_ipv6_update(s); }

/* IPV6CP gave up (the peer refused it): IPv4 carries on alone. */
void ppp_ipv6cp_finished(struct ppp_session *s)
{
	ppp_logf(s, "IPV6CP: finished; IPv4 only");
}

void ppp_ipcp_finished(struct ppp_session *s)
{
	if (s->phase == PPP_PHASE_NETWORK)
		ppp_session_close(s, "IPCP failed");
}

/* ---- MPPE flows ---- */

static void mppe_flows_destroy(struct ppp_session *s)
{
	if (s->mppe_pending || s->mppe_have) {
		/* a pair being created: what came already goes, what comes later
		 * is destroyed on arrival (flow_created: another generation) */
		s->mppe_gen++;
		if (s->mppe_have & 1)
			mppe_flow_destroy(s->engine, s->tx_flow);
		if (s->mppe_have & 2)
			mppe_flow_destroy(s->engine, s->rx_flow);
		s->mppe_pending = s->mppe_have = 0;
	}
	if (!s->mppe_up)
		return;
	/* Queued work goes to the engine first: a flow ID may be reused by the
	 * next flow created, which must never see this session's packets. */
	ppp_datapath_flush(s->dp);
	mppe_flow_destroy(s->engine, s->tx_flow);
	mppe_flow_destroy(s->engine, s->rx_flow);
	s->mppe_up = false;
}

static void mppe_flows_created(struct ppp_session *s);

static void flow_create_start(struct ppp_session *s, const struct mppe_flow_params *p, unsigned which);

void ppp_ccp_up(struct ppp_session *s)
{
	struct ccp_state *c = &s->ccp_st;
	struct mppe_flow_params tx, rx;
	bool both = c->want_mppe && c->his_mppe;

	if (!both) {
		if (c->want_mppe || c->his_mppe) {
			/* RFC 3078 2: a failed MPPE negotiation should end the link */
			ppp_session_close(s, "MPPE negotiated one way only");
			return;
		}
		if (s->cfg.mppe.required)
			ppp_session_close(s, "MPPE required but refused");
		else if (c->failed)    /* RFC 3078 2: attempted and failed: no silent downgrade */
			ppp_session_close(s, "MPPE negotiation failed");
		else
			ipcp_start(s);  /* CCP settled without MPPE: IP in the clear is allowed */
		return;
	}
	memset(&tx, 0, sizeof(tx));
	memset(&rx, 0, sizeof(rx));
	tx.dir = MPPE_DIR_TX;
	tx.key_bits = ccp_key_bits(c->his_bits);
	tx.stateful = !(c->his_bits & MPPE_OPT_H);
	memcpy(tx.start_key, s->send_key, 16);
	rx.dir = MPPE_DIR_RX;
	rx.key_bits = ccp_key_bits(c->want_bits);
	rx.stateful = !(c->want_bits & MPPE_OPT_H);
	memcpy(rx.start_key, s->recv_key, 16);
	/* Forged MPPE headers (anyone who guesses a call ID can send them): about
	 * a genuine packet's work each once the rekey credit is spent, and no
	 * state moved unless the packet decrypts to a valid IPv4 header (issue 13). */
	rx.rekey_base = MPPE_HARDENED_REKEY_BASE;
	rx.verify_ipv4 = true;
	rx.verify_ipv6_too = s->cfg.ipv6;     /* IPv6 headers too (weaker: no checksum) */
	mppe_flows_destroy(s);
	/* Never waits for the engine (issue 18): on a card a create is a
	 * command for its management core (up to a second on a loaded cardsim),
	 * so the session waits here, in CCP Opened, until both flows' creates
	 * came back through the engine's poll (flow_created), while the event
	 * loop serves everyone else. IP stays off meanwhile (ccp_negotiating). */
	s->mppe_failed = false;
	flow_create_start(s, &tx, 1);
	flow_create_start(s, &rx, 2);
	crypto_wipe(&tx, sizeof(tx));
	crypto_wipe(&rx, sizeof(rx));
	if (s->mppe_pending)
		ppp_logc(s, PPP_LOG_MPPE, "MPPE: waiting for the engine to create the flows");
	else
		mppe_flows_created(s);
}

/* Both creates of the pair came back (or failed): MPPE up, or the end. */
static void mppe_flows_created(struct ppp_session *s)
{
	struct ccp_state *c = &s->ccp_st;

	if (s->mppe_failed) {
		if (s->mppe_have & 1)
			mppe_flow_destroy(s->engine, s->tx_flow);
		if (s->mppe_have & 2)
			mppe_flow_destroy(s->engine, s->rx_flow);
		s->mppe_have = 0;
		ppp_session_close(s, "MPPE engine full");
		return;
	}
	s->mppe_have = 0;
	s->mppe_up = true;
	s->rx_fail_run = 0;
	s->mppe_bits = ccp_key_bits(c->his_bits);
	s->mppe_stateful = !(c->his_bits & MPPE_OPT_H) || !(c->want_bits & MPPE_OPT_H);
	ppp_logc(s, PPP_LOG_MPPE, "MPPE %u-bit %s up", s->mppe_bits, s->mppe_stateful ? "stateful" : "stateless");
	ipcp_start(s);          /* when it waited for CCP (ncp_start) */
	update_network(s);
}

void ppp_ccp_down(struct ppp_session *s)
{
	mppe_flows_destroy(s);
	update_network(s);
}

void ppp_ccp_finished(struct ppp_session *s)
{
	if (s->phase != PPP_PHASE_NETWORK)
		return;
	if (s->cfg.mppe.required)
		ppp_session_close(s, "MPPE required but not negotiated");
	else
		ipcp_start(s);  /* CCP gave up (Protocol-Reject, Max-Configure): IPCP waited for it */
}

/* ---- the data path ---- */

/*
 * One packet on its way through the engine. Layout of buf:
 *   tx: [0..6) room for FF 03 00 FD, [6..8) MPPE header, [8..) protocol + IP
 *   rx: [8..) MPPE header + ciphertext, decrypted in place to [10..)
 */
#define PKT_HEAD 8
struct ppp_pkt {
	struct ppp_session *s;
	struct ppp_pkt *next_free;
	uint32_t flow;
	bool unverified;            /* from ppp_input_unverified: tell the link if it proves genuine */
	uint32_t tag;
	uint8_t buf[PKT_HEAD + MPPE_MAX_PAYLOAD + 8];
};

/*
 * The data path of one engine on one thread: the packet pool, the batch of
 * operations not yet submitted and the count in flight. Nothing of it is
 * process-wide, so each worker thread can own one (sessions are driven
 * from their data path's thread only).
 */
#define DP_SUBMIT_BATCH 64
#define DP_POOL_MAX     1024    /* free packets kept for reuse */
struct ppp_datapath {
	struct mppe_engine *engine;
	struct ppp_pkt *free_pkts;
	unsigned free_count, inflight;
	struct mppe_op ops[DP_SUBMIT_BATCH];
	unsigned n;
};

static struct ppp_pkt *pkt_get(struct ppp_session *s)
{
	struct ppp_datapath *dp = s->dp;
	struct ppp_pkt *p = dp->free_pkts;

	if (p) {
		dp->free_pkts = p->next_free;
		dp->free_count--;
	} else if (!(p = malloc(sizeof(*p)))) {
		return NULL;
	}
	p->s = s;
	p->unverified = false;
	s->inflight++;
	dp->inflight++;
	return p;
}

static void pkt_put(struct ppp_pkt *p)
{
	struct ppp_session *s = p->s;
	struct ppp_datapath *dp = s->dp;

	s->inflight--;
	dp->inflight--;
	if (dp->free_count < DP_POOL_MAX) {
		p->next_free = dp->free_pkts;
		dp->free_pkts = p;
		dp->free_count++;
	} else {
		free(p);
	}
	if (s->freed && !s->inflight)
		session_destroy(s);
}

/* One flow of the pair (which: 1 tx, 2 rx): made now (the software engine),
 * or started, its completion a packet-less ppp_pkt of this generation. */
static void flow_create_start(struct ppp_session *s, const struct mppe_flow_params *p, unsigned which)
{
	struct ppp_pkt *k = pkt_get(s);
	uint32_t id;
	int r;

	if (!k) {
		s->mppe_failed = true;
		return;
	}
	k->flow = which;
	k->tag = s->mppe_gen;
	r = mppe_flow_create_start(s->engine, p, (uint64_t)(uintptr_t)k, &id);
	if (r == 0) {
		s->mppe_pending++;
		return;             /* k comes back with the completion */
	}
	pkt_put(k);
	if (r < 0) {
		s->mppe_failed = true;
		return;
	}
	*(which == 1 ? &s->tx_flow : &s->rx_flow) = id;
	s->mppe_have |= which;
}

/* The engine's answer to a create (k: its flow_create_start token). */
static void flow_created(struct ppp_session *s, const struct ppp_pkt *k, const struct mppe_completion *c)
{
	if (s->freed || k->tag != s->mppe_gen || !s->mppe_pending) {
		/* given up meanwhile (CCP down or renegotiated, the session ended) */
		if (c->status == MPPE_OK)
			mppe_flow_destroy(s->engine, c->flow);
		return;
	}
	s->mppe_pending--;
	if (c->status == MPPE_OK) {
		*(k->flow == 1 ? &s->tx_flow : &s->rx_flow) = c->flow;
		s->mppe_have |= k->flow;
	} else {
		s->mppe_failed = true;
	}
	if (!s->mppe_pending)
		mppe_flows_created(s);
}

struct ppp_datapath *ppp_datapath_new(struct mppe_engine *e)
{
	struct ppp_datapath *dp;

	if (!e) {
		errno = EINVAL;
		return NULL;
	}
	dp = calloc(1, sizeof(*dp));
	if (dp)
		dp->engine = e;
	return dp;
}

void ppp_datapath_free(struct ppp_datapath *dp)
{
	if (!dp)
		return;
	while (dp->free_pkts) {
		struct ppp_pkt *p = dp->free_pkts;

		dp->free_pkts = p->next_free;
		free(p);
	}
	free(dp);
}

struct mppe_engine *ppp_datapath_engine(const struct ppp_datapath *dp) { return dp->engine; }
unsigned ppp_datapath_inflight(const struct ppp_datapath *dp) { return dp->inflight; }

unsigned ppp_datapath_room(struct ppp_datapath *dp)
{
	if (dp->n)
		ppp_datapath_flush(dp);
	return DP_SUBMIT_BATCH - dp->n;
}

/*
 * Engine work is queued in the data path and handed to the engine in
 * batches (one mppe_submit per batch: one doorbell for a card): when the
 * queue is full, and in ppp_datapath_flush()/ppp_datapath_dispatch(), which
 * the daemon calls once per event-loop iteration. The queue keeps
 * submission order, so a flow's operations stay in order. What the engine
 * does not accept (its queues are full) stays queued for the next flush.
 */
int ppp_datapath_flush(struct ppp_datapath *dp)
{
	int n;

	if (!dp || !dp->n)
		return 0;
	n = mppe_submit(dp->engine, dp->ops, dp->n);
	if (n < 0) {
		/* the engine failed: every queued packet is dropped and counted */
		for (unsigned i = 0; i < dp->n; i++) {
			struct ppp_pkt *p = (struct ppp_pkt *)(uintptr_t)dp->ops[i].cookie;

			p->s->c.engine_errors++;
			pkt_put(p);
		}
		dp->n = 0;
		return -1;
	}
	memmove(dp->ops, dp->ops + n, (dp->n - (unsigned)n) * sizeof(dp->ops[0]));
	dp->n -= (unsigned)n;
	return n;
}

static int submit(struct ppp_session *s, struct ppp_pkt *p, uint8_t opcode, uint8_t *in, size_t in_len,
		  uint8_t *out)
{
	struct mppe_op op = {
		.cookie = (uint64_t)(uintptr_t)p,
		.flow = p->flow,
		.opcode = opcode,
		.in = in,
		.in_len = (uint16_t)in_len,
		.out = out,
		.out_cap = (uint16_t)(sizeof(p->buf) - (size_t)(out - p->buf)),
	};

	struct ppp_datapath *dp = s->dp;

	if (dp->n == DP_SUBMIT_BATCH)
		ppp_datapath_flush(dp);
	if (dp->n == DP_SUBMIT_BATCH) {         /* the engine is saturated: back-pressure */
		s->c.engine_errors++;
		pkt_put(p);
		errno = ENOBUFS;
		return -1;
	}
	dp->ops[dp->n++] = op;
	return 0;
}

/* CCP is running and has not settled: MPPE may come (back) any moment, so
 * no IP may cross in the clear (a renegotiation after the flow-control
 * alarm, or a peer slower with CCP than with IPCP). */
static bool ccp_negotiating(const struct ppp_session *s)
{
	return s->ccp.state == FSM_REQSENT || s->ccp.state == FSM_ACKRCVD || s->ccp.state == FSM_ACKSENT ||
	       s->ccp.state == FSM_STARTING || s->mppe_pending;
}

unsigned ppp_session_mtu(const struct ppp_session *s)
{
	unsigned mru = ppp_peer_mru(s);
	/* MPPE adds its header and the encrypted protocol field (RFC 3078 3) */
	unsigned over = s->cfg.mppe.strength != PPP_MPPE_NONE ? 4 : 0;

	if (s->cfg.ip_mtu && s->cfg.ip_mtu < mru - over)
		return s->cfg.ip_mtu;
	return mru - over;
}

int ppp_send_ip(struct ppp_session *s, const uint8_t *pkt, size_t len)
{
	struct ppp_pkt *p;
	bool v6 = len && (pkt[0] >> 4) == 6;
	uint16_t proto = v6 ? PPP_IPV6 : PPP_IP;

	if (!(v6 ? s->ipv6_up : s->network_up) || s->phase != PPP_PHASE_NETWORK) {
		s->c.tx_ip_dropped++;
		errno = ENETDOWN;
		return -1;
	}
	if (len == 0 || len > ppp_session_mtu(s)) {
		s->c.tx_ip_dropped++;
		errno = EMSGSIZE;
		return -1;
	}
	if (!s->mppe_up) {
		if (s->cfg.mppe.required || ccp_negotiating(s)) {
			/* never plaintext while MPPE is (re)negotiated */
			s->c.tx_ip_dropped++;
			errno = ENETDOWN;
			return -1;
		}
		s->c.tx_ip++;
		s->c.tx_ipv6 += v6;
		s->c.tx_ip_octets += len;
		ppp_output(s, proto, pkt, len);
		return 0;
	}
	if (!(p = pkt_get(s))) {
		s->c.tx_ip_dropped++;
		errno = ENOBUFS;
		return -1;
	}
	s->c.tx_ipv6 += v6;         /* IPv4 counts at completion; IPv6 also here */
	p->flow = s->tx_flow;
	put16(p->buf + PKT_HEAD, proto);
	memcpy(p->buf + PKT_HEAD + 2, pkt, len);
	return submit(s, p, MPPE_OP_ENCRYPT, p->buf + PKT_HEAD, len + 2, p->buf + PKT_HEAD - 2);
}

static void mppe_input(struct ppp_session *s, const uint8_t *data, size_t len, bool unverified, uint32_t tag)
{
	struct ppp_pkt *p;

	if (!s->mppe_up) {
		s->c.rx_ip_dropped++;
		return;
	}
	if (len > MPPE_MAX_PAYLOAD + MPPE_HDR_LEN || len < MPPE_HDR_LEN + 1) {
		s->c.rx_bad++;
		return;
	}
	if (!(p = pkt_get(s))) {
		s->c.rx_ip_dropped++;
		return;
	}
	p->flow = s->rx_flow;
	p->unverified = unverified;
	p->tag = tag;
	memcpy(p->buf + PKT_HEAD, data, len);
	submit(s, p, MPPE_OP_DECRYPT, p->buf + PKT_HEAD, len, p->buf + PKT_HEAD + 2);
}

void ppp_ccp_reset_request_rcvd(struct ppp_session *s)
{
	struct ppp_pkt *p;

	if (!s->mppe_up || !(p = pkt_get(s)))
		return;
	/* In order with the packets already queued on the tx flow */
	p->flow = s->tx_flow;
	submit(s, p, MPPE_OP_RESET, NULL, 0, p->buf + PKT_HEAD);
}

static void deliver(struct ppp_session *s, const uint8_t *pt, size_t len)
{
	uint16_t proto;

	/* The decrypted protocol may be compressed (RFC 1661 6.5). */
	if (len >= 1 && (pt[0] & 1)) {
		proto = pt[0];
		pt++, len--;
	} else if (len >= 2) {
		proto = get16(pt);
		pt += 2, len -= 2;
	} else {
		s->c.rx_bad++;
		return;
	}
	if (proto == PPP_IPV6 && s->cfg.ipv6) {
		ppp_ipv6_input(s, pt, len);
		return;
	}
	if (proto != PPP_IP || !s->network_up || len == 0) {
		s->c.rx_ip_dropped++;
		return;
	}
	s->c.rx_ip++;
	s->c.rx_ip_octets += len;
	if (s->lower.deliver_ip)
		s->lower.deliver_ip(s->lower.ctx, pt, len);
}

static void complete(const struct mppe_completion *c)
{
	struct ppp_pkt *p = (struct ppp_pkt *)(uintptr_t)c->cookie;
	struct ppp_session *s = p->s;
	bool current = !s->freed && s->mppe_up && s->lower_up;

	switch (c->opcode) {
	case MPPE_OP_FLOW_CREATED:
		flow_created(s, p, c);
		break;
	case MPPE_OP_ENCRYPT:
		if (!current || p->flow != s->tx_flow || c->status != MPPE_OK) {
			if (c->status != MPPE_OK)
				s->c.engine_errors++;
			s->c.tx_ip_dropped++;
			break;
		}
		{
			uint8_t h[4];
			size_t hl = frame_header(s, PPP_COMP, h);
			uint8_t *f = p->buf + PKT_HEAD - 2 - hl;

			memcpy(f, h, hl);
			s->c.tx_ip++;
			s->c.tx_ip_octets += c->out_len - 4u;
			lower_send(s, f, hl + c->out_len);
		}
		break;
	case MPPE_OP_DECRYPT:
		if (!current || p->flow != s->rx_flow)
			break;
		/* RFC 3078 8: stateful loss: ask the sender to flush, again
		 * while we are still discarding (ccp_send_reset_request) */
		if ((c->flags & MPPE_CF_RESET_REQUEST) || c->status == MPPE_DROP_DISCARDING)
			ccp_send_reset_request(s);
		if (c->flags & MPPE_CF_SANITY_FATAL) {
			/* Linux ppp_mppe takes LCP down here. We do not: a burst of
			 * late packets (a GRE reorder gap given up under load) or of
			 * forged headers must not end a session. Stateless receivers
			 * resynchronise by themselves within reach (below); a
			 * stateful one asks for a flush (rate-limited like every
			 * Reset-Request). */
			s->c.mppe_sanity_fatal++;
			if (s->mppe_stateful)
				ccp_send_reset_request(s);
		}
		if (c->status != MPPE_OK) {
			s->c.mppe_rx_drops++;
			s->c.rx_ip_dropped++;
			/* A stateless receiver catches up by itself only within
			 * half the count space: its rule (driver/mppe_flow.c)
			 * takes a count 2048 or more ahead for a late packet, and
			 * its catch-up is bounded per packet, so an outage of
			 * about 1,400 packets or more leaves it dropping every
			 * packet for good. A whole count space (RFC 3078 3.1:
			 * 4096) with nothing decrypted means that: end the
			 * session, as Linux ppp_mppe ends the link on its sanity
			 * limit, rather than keep it up and deaf. The client's
			 * pppd then connects again.
			 * Not a CCP renegotiation instead: RFC 1661 4.1 lets a
			 * Configure-Request in Opened restart CCP (RFC 1962), and
			 * Linux ppp_generic would re-initialise its (de)compressor
			 * at the new Configure-Ack (ppp_ccp_peek), but pppd takes
			 * the link down when CCP leaves Opened with MPPE
			 * negotiated (pppd/ccp.c ccp_down: lcp_close "MPPE
			 * disabled", since 2.4.2) and, from 2.5, wipes the MPPE
			 * keys once CCP is up (ccp_up: mppe_clear_keys), so it
			 * would have none to start again from. A renegotiation
			 * ends the session just the same, from the peer's side.
			 * So the way to keep a stateless session is not to lose
			 * thousands of packets in a row here: pnsd reads no more
			 * GRE than the engine takes (gre_sock_set_admit). */
			if (!s->mppe_stateful && ++s->rx_fail_run >= MPPE_CCOUNT_SPACE && s->phase != PPP_PHASE_TERMINATE) {
				ppp_logc(s, PPP_LOG_MPPE,
					 "no MPPE packet decrypted in %u: receive keys lost, closing "
					 "(engine_errors=%llu mppe_rx_drops=%llu)",
					 s->rx_fail_run, (unsigned long long)s->c.engine_errors,
					 (unsigned long long)s->c.mppe_rx_drops);
				ppp_session_close(s, "MPPE receive keys lost");
			}
			break;
		}
		s->rx_fail_run = 0;
		/* The card checks only the protocol field (the software engine
		 * checked this already): nothing but a valid IPv4 header (or,
		 * with IPv6 on, a whole IPv6 header) goes up. */
		if (!mppe_plausible_ip(p->buf + PKT_HEAD + 2, c->out_len, s->cfg.ipv6)) {
			s->c.mppe_rx_drops++;
			s->c.rx_ip_dropped++;
			break;
		}
		if (p->unverified && s->lower.verified)
			s->lower.verified(s->lower.ctx, p->tag);
		deliver(s, p->buf + PKT_HEAD + 2, c->out_len);
		break;
	default:
		break;
	}
	pkt_put(p);
}

int ppp_datapath_dispatch(struct ppp_datapath *dp, unsigned max)
{
	struct mppe_completion cq[64];
	int total = 0, n;

	while ((unsigned)total < max) {
		ppp_datapath_flush(dp);
		unsigned want = max - (unsigned)total < 64 ? max - (unsigned)total : 64;

		n = mppe_poll(dp->engine, cq, want);
		if (n <= 0)
			break;
		for (int i = 0; i < n; i++)
			complete(&cq[i]);
		total += n;
	}
	return total;
}

/* ---- input ---- */

static void ipcp_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	/* A peer that runs IPCP beside CCP (not pppd) need not wait for us */
	if (s->ipcp.state == FSM_INITIAL || s->ipcp.state == FSM_STARTING)
		ipcp_start(s);
	fsm_input(&s->ipcp, p, len);
}

static void ccp_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	if (s->ccp.state == FSM_INITIAL) {
		/* Not running CCP (no MPPE configured or no keys): refuse it */
		s->c.rx_unknown_proto++;
		lcp_send_protrej(s, PPP_CCP, p, len);
		return;
	}
	fsm_input(&s->ccp, p, len);
}

static void comp_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	mppe_input(s, p, len, false, 0);
}

static void ip_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	if (s->mppe_up || s->cfg.mppe.required || ccp_negotiating(s)) {
		s->c.rx_unencrypted_dropped++;   /* never plain IP on an encrypted link */
		return;
	}
	if (!s->network_up) {
		s->c.rx_ip_dropped++;
		return;
	}
	s->c.rx_ip++;
	s->c.rx_ip_octets += len;
	if (s->lower.deliver_ip && len)
		s->lower.deliver_ip(s->lower.ctx, p, len);
}

/* IPV6CP and IPv6 exist for a session only when configured (ppp_config.ipv6) */
static void ipv6cp_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	if (!s->cfg.ipv6) {
		s->c.rx_unknown_proto++;
		lcp_send_protrej(s, PPP_IPV6CP, p, len);
		return;
	}
	ncp_open(&s->ipv6cp);        /* a peer that starts first is answered at once, as with IPCP */
	fsm_input(&s->ipv6cp, p, len);
}

static void ipv6_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	if (!s->cfg.ipv6) {
		s->c.rx_unknown_proto++;
		lcp_send_protrej(s, PPP_IPV6, p, len);
		return;
	}
	if (s->mppe_up || s->cfg.mppe.required || ccp_negotiating(s)) {
		s->c.rx_unencrypted_dropped++;   /* never plain IP on an encrypted link */
		return;
	}
	ppp_ipv6_input(s, p, len);
}

static void lcp_in(struct ppp_session *s, const uint8_t *p, size_t len)
{
	fsm_input(&s->lcp, p, len);
	if (s->lcp_st.looped) {
		s->lcp_st.looped = false;
		ppp_session_close(s, "Loopback detected");
	}
}

static void lcp_rejected(struct ppp_session *s)
{
	/* RFC 1661 5.7: LCP cannot be rejected; the peer is broken */
	ppp_session_close(s, "LCP Protocol-Rejected");
}

static void auth_rejected(struct ppp_session *s)
{
	if (s->phase == PPP_PHASE_AUTHENTICATE)
		ppp_auth_finished(s, false);
}

/*
 * Every protocol, as pppd's protent table: the phase it may run in (RFC
 * 1661 3.4/3.5: LCP always, authentication once LCP is Opened, NCPs and
 * data only in the Network phase), its automaton if it is a control
 * protocol (where it lives in the session, its callbacks and state: set up,
 * stopped and taken down from here), what takes its frames, and what a
 * peer's Protocol-Reject of it does (a control protocol's automaton gets
 * RXJ-, RFC 1661 5.7). A protocol not listed is Protocol-Rejected (RFC 1661
 * 5.7). The NCPs go down in table order when LCP does.
 */
enum proto_phase { IN_ANY, IN_AUTH, IN_NETWORK };
static const struct ppp_proto {
	uint16_t proto;
	enum proto_phase phase;
	const struct fsm_callbacks *cb;            /* NULL: no automaton */
	size_t fsm, state;                         /* offsets in struct ppp_session, with cb */
	void (*input)(struct ppp_session *s, const uint8_t *p, size_t len);
	void (*rejected)(struct ppp_session *s);   /* NULL: RXJ- to the automaton, or nothing */
} protocols[] = {
#define FSM(cb, f, st) &cb, offsetof(struct ppp_session, f), offsetof(struct ppp_session, st)
#define NO_FSM NULL, 0, 0
	{ PPP_LCP, IN_ANY, FSM(lcp_callbacks, lcp, lcp_st), lcp_in, lcp_rejected },
	{ PPP_CHAP, IN_AUTH, NO_FSM, chap_input, auth_rejected },
	{ PPP_PAP, IN_AUTH, NO_FSM, pap_input, auth_rejected },
	{ PPP_CCP, IN_NETWORK, FSM(ccp_callbacks, ccp, ccp_st), ccp_in, NULL },
	{ PPP_IPCP, IN_NETWORK, FSM(ipcp_callbacks, ipcp, ipcp_st), ipcp_in, NULL },
	{ PPP_IPV6CP, IN_NETWORK, FSM(ipv6cp_callbacks, ipv6cp, ipv6cp_st), ipv6cp_in, NULL },
	{ PPP_COMP, IN_NETWORK, NO_FSM, comp_in, NULL },
	{ PPP_IP, IN_NETWORK, NO_FSM, ip_in, NULL },
	{ PPP_IPV6, IN_NETWORK, NO_FSM, ipv6_in, NULL },
#undef FSM
#undef NO_FSM
};
#define N_PROTOCOLS (sizeof(protocols) / sizeof(protocols[0]))

static struct fsm *fsm_of(struct ppp_session *s, const struct ppp_proto *pr)
{
	return (struct fsm *)((char *)s + pr->fsm);
}

static const struct ppp_proto *proto_find(uint16_t proto)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i].proto == proto)
			return &protocols[i];
	return NULL;
}

static void fsms_init(struct ppp_session *s)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i].cb)
			fsm_init(fsm_of(s, &protocols[i]), s, protocols[i].cb, (char *)s + protocols[i].state);
}

static void fsms_stop_timers(struct ppp_session *s)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i].cb)
			ppp_timer_stop(s, &fsm_of(s, &protocols[i])->timer);
}

/* LCP left Opened: every NCP's lower layer is down (RFC 1661 3.5). */
static void ncps_down(struct ppp_session *s)
{
	for (size_t i = 0; i < N_PROTOCOLS; i++)
		if (protocols[i].cb && protocols[i].phase == IN_NETWORK)
			fsm_down(fsm_of(s, &protocols[i]));
}

void ppp_input(struct ppp_session *s, const uint8_t *frame, size_t len)
{
	const struct ppp_proto *pr;
	uint16_t proto;

	if (!s->lower_up || s->phase == PPP_PHASE_DEAD)
		return;
	s->c.rx_frames++;
	s->c.rx_octets += len;
	if (len > PPP_MAX_FRAME + 4) {
		s->c.rx_bad++;
		return;
	}
	/* Address and control may be absent (ACFC); we always accept both forms. */
	if (len >= 2 && frame[0] == PPP_ALLSTATIONS && frame[1] == PPP_UI) {
		frame += 2;
		len -= 2;
	}
	/* RFC 1661 2: protocol values are odd in the low octet, even in the high one. */
	if (len >= 1 && (frame[0] & 1)) {
		proto = frame[0];
		frame++, len--;
	} else if (len >= 2 && (frame[1] & 1)) {
		proto = get16(frame);
		frame += 2, len -= 2;
	} else {
		s->c.rx_bad++;
		return;
	}

	pr = proto_find(proto);
	if (pr && pr->phase == IN_ANY) {
		pr->input(s, frame, len);
		return;
	}
	if (s->lcp.state != FSM_OPENED) {
		s->c.rx_dropped_phase++;   /* RFC 1661 3.4: only LCP before Opened */
		return;
	}
	if (!pr) {
		/* BCP, ...: RFC 1661 5.7 Protocol-Reject */
		s->c.rx_unknown_proto++;
		lcp_send_protrej(s, proto, frame, len);
		return;
	}
	if (pr->phase == IN_AUTH ? s->phase != PPP_PHASE_AUTHENTICATE && s->phase != PPP_PHASE_NETWORK
				 : s->phase != PPP_PHASE_NETWORK) {
		s->c.rx_dropped_phase++;
		return;
	}
	pr->input(s, frame, len);
}

void ppp_input_unverified(struct ppp_session *s, const uint8_t *frame, size_t len, uint32_t tag)
{
	if (!s->lower_up || s->phase != PPP_PHASE_NETWORK || s->lcp.state != FSM_OPENED || !s->mppe_up)
		return;
	if (len >= 2 && frame[0] == PPP_ALLSTATIONS && frame[1] == PPP_UI) {
		frame += 2;
		len -= 2;
	}
	/* only MPPE can prove itself: LCP, CCP, plain IP from here are dropped */
	if (len >= 2 && get16(frame) == PPP_COMP) {
		s->c.rx_frames++;
		s->c.rx_octets += len;
		mppe_input(s, frame + 2, len - 2, true, tag);
	} else if (len >= 1 && frame[0] == (PPP_COMP & 0xff)) {
		s->c.rx_frames++;
		s->c.rx_octets += len;
		mppe_input(s, frame + 1, len - 1, true, tag);
	}
}

void lcp_extcode_protrej(struct ppp_session *s, const uint8_t *p, size_t len)
{
	const struct ppp_proto *pr;
	uint16_t proto;

	if (len < 2) {
		s->c.rx_bad++;
		return;
	}
	proto = get16(p);
	/* something we sent once: stop sending it */
	if (!(pr = proto_find(proto)))
		return;
	if (pr->rejected)
		pr->rejected(s);
	else if (pr->cb)
		fsm_protocol_rejected(fsm_of(s, pr));
}

/* ---- PPTP hooks ---- */

void ppp_set_link_info(struct ppp_session *s, uint32_t send_accm, uint32_t recv_accm)
{
	/* RFC 2637 2.15: these apply to the PAC's asynchronous line; the GRE
	 * frames we exchange are synchronous, so we only keep them for show. */
	s->lcp_st.set_link_send_accm = send_accm;
	s->lcp_st.set_link_recv_accm = recv_accm;
}

/*
 * The Cisco feature switches a stateful session to stateless here, which
 * takes a CCP renegotiation (RFC 1661 4.1: a Configure-Request in Opened
 * takes CCP down first). pppd ends the link when CCP goes down while it
 * uses MPPE (ccp.c ccp_down: "MPPE disabled", lcp_close), so that switch
 * cut every Linux client's session (tests/interop case v2-128-alarm). We do
 * not start a renegotiation: the session stays stateful and loss is
 * recovered by CCP Reset-Request as before (RFC 3078 8.2); only a CCP
 * negotiation the peer starts afterwards is pushed to stateless.
 */
void ppp_flow_alarm(struct ppp_session *s)
{
	if (!s->mppe_up || !s->mppe_stateful || s->ccp_st.force_stateless)
		return;
	ppp_logc(s, PPP_LOG_MPPE, "CCP: flow-control alarm: stateless from the next negotiation; "
		 "not renegotiating now (pppd ends the link on that)");
	s->ccp_st.force_stateless = true;
	s->ccp_st.peer_wants_stateful = false;
}

/* ---- inspection ---- */

const char *ppp_phase_name(enum ppp_phase p)
{
	static const char *const names[] = { "Dead", "Establish", "Authenticate", "Network", "Terminate" };

	return (unsigned)p < 5 ? names[p] : "?";
}

enum ppp_phase ppp_session_phase(const struct ppp_session *s) { return s->phase; }
const struct ppp_counters *ppp_session_counters(const struct ppp_session *s) { return &s->c; }
const char *ppp_session_peer_name(const struct ppp_session *s) { return s->peer_name; }
const char *ppp_session_auth_name(const struct ppp_session *s) { return s->auth_name; }
enum ppp_auth_method ppp_session_auth_method(const struct ppp_session *s) { return s->auth.method; }
bool ppp_session_network_up(const struct ppp_session *s) { return s->network_up; }
const char *ppp_session_lcp_state(const struct ppp_session *s) { return fsm_state_name(s->lcp.state); }
const char *ppp_session_ipcp_state(const struct ppp_session *s) { return fsm_state_name(s->ipcp.state); }
const char *ppp_session_ccp_state(const struct ppp_session *s) { return fsm_state_name(s->ccp.state); }
const char *ppp_session_down_reason(const struct ppp_session *s) { return s->down_reason; }
unsigned ppp_session_user_limit(const struct ppp_session *s) { return s->user_limit; }
const char *ppp_session_ipv6cp_state(const struct ppp_session *s) { return fsm_state_name(s->ipv6cp.state); }
bool ppp_session_ipv6_enabled(const struct ppp_session *s) { return s->cfg.ipv6; }

bool ppp_session_ipv6_iids(const struct ppp_session *s, uint8_t local[8], uint8_t peer[8])
{
	if (s->ipv6cp.state != FSM_OPENED)
		return false;
	memcpy(local, s->ipv6cp_st.want_iid, 8);
	memcpy(peer, s->ipv6cp_st.peer_iid, 8);
	return true;
}

uint32_t ppp_session_local_addr(const struct ppp_session *s) { return s->ipcp_st.want_addr; }
uint32_t ppp_session_peer_addr(const struct ppp_session *s) { return s->ipcp_st.peer_addr; }
uint32_t ppp_session_dns(const struct ppp_session *s, int i)
{
	return (i == 0 || i == 1) ? s->ipcp_st.want_dns[i] : 0;
}

void ppp_session_mppe(const struct ppp_session *s, struct ppp_mppe_state *out)
{
	memset(out, 0, sizeof(*out));
	out->up = s->mppe_up;
	if (s->mppe_up) {
		out->key_bits = s->mppe_bits;
		out->stateful = s->mppe_stateful;
		out->tx_flow = s->tx_flow;
		out->rx_flow = s->rx_flow;
	}
}
