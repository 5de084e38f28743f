/*
 * Session limits of the virtual template: `ppp timeout idle` ends a session
 * that carried no IP for that long, `timeout absolute` one that has lasted
 * that long (a Session-Timeout from the authenticator, auth.c, takes the
 * absolute limit's place). Both end the link with an LCP Terminate-Request
 * whose reason ("Idle timeout", "Session timeout") accounting reports as the
 * RFC 2866 Acct-Terminate-Cause.
 *
 * The idle check looks at the IP counters a few times per period instead of
 * restarting a timer per packet: the data path stays free of timer work, and
 * a session ends between IDLE_TICKS and IDLE_TICKS + 1 ticks after its last
 * packet, that is between the idle time and a quarter more.
 */
#include "ppp_local.h"

#define IDLE_TICKS 4

static uint64_t idle_activity(const struct ppp_session *s)
{
	return s->c.rx_ip + (s->cfg.idle_inbound ? 0 : s->c.tx_ip);
}

static unsigned idle_tick_ms(const struct ppp_session *s)
{
	uint64_t ms = (uint64_t)s->cfg.idle_timeout_s * 1000u / IDLE_TICKS;

	return ms < 1 ? 1 : ms > 4000000000u ? 4000000000u : (unsigned)ms;
}

static void idle_expired(struct ppp_timer *t)
{
	struct ppp_session *s = t->owner;
	uint64_t now = idle_activity(s);

	if (now != s->idle_seen) {
		s->idle_seen = now;
		s->idle_quiet = 0;
	} else if (++s->idle_quiet >= IDLE_TICKS) {
		ppp_logf(s, "idle for %u s: closing", s->cfg.idle_timeout_s);
		ppp_session_close(s, "Idle timeout");
		return;
	}
	ppp_timer_start(s, t, idle_tick_ms(s));
}

void ppp_timeouts_network_up(struct ppp_session *s)
{
	if (!s->cfg.idle_timeout_s || s->idle_timer.armed)
		return;
	s->idle_timer.expire = idle_expired;
	s->idle_timer.owner = s;
	s->idle_seen = idle_activity(s);
	s->idle_quiet = 0;
	ppp_timer_start(s, &s->idle_timer, idle_tick_ms(s));
}

void ppp_timeouts_authenticated(struct ppp_session *s)
{
	/* the authenticator's Session-Timeout (auth_apply) came first and wins */
	if (s->cfg.absolute_timeout_s && !s->auth.session_timer.armed)
		ppp_session_set_timeout(s, s->cfg.absolute_timeout_s);
}

void ppp_timeouts_stop(struct ppp_session *s)
{
	ppp_timer_stop(s, &s->idle_timer);
}
