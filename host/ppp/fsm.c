/*
 * The RFC 1661 automaton (section 4.1 state transition table), in the
 * manner of pppd's fsm.c: one function per event, a switch on the state,
 * the table's actions named as the RFC names them:
 *   tlu/tld/tls/tlf  This-Layer-Up/-Down/-Started/-Finished (callbacks)
 *   irc/zrc          Initialize-/Zero-Restart-Count
 *   scr/sca/scn      Send-Configure-Request/-Ack/-Nak(or Reject)
 *   str/sta/scj      Send-Terminate-Request/-Ack, Send-Code-Reject
 * Events a state cannot receive (a "-" in the table) are logged and ignored.
 */
#include "fsm.h"

#include <stdio.h>
#include <string.h>

#include "ppp_defs.h"
#include "ppp_local.h"

static const char *const state_names[] = {
	[FSM_INITIAL] = "Initial", [FSM_STARTING] = "Starting", [FSM_CLOSED] = "Closed",
	[FSM_STOPPED] = "Stopped", [FSM_CLOSING] = "Closing", [FSM_STOPPING] = "Stopping",
	[FSM_REQSENT] = "Req-Sent", [FSM_ACKRCVD] = "Ack-Rcvd", [FSM_ACKSENT] = "Ack-Sent",
	[FSM_OPENED] = "Opened",
};

const char *fsm_state_name(enum fsm_state st)
{
	return (unsigned)st <= FSM_OPENED ? state_names[st] : "?";
}

static void timeout(struct ppp_timer *t);

void fsm_init(struct fsm *f, struct ppp_session *s, const struct fsm_callbacks *cb, void *proto_state)
{
	const struct ppp_config *c = ppp_cfg(s);

	memset(f, 0, sizeof(*f));
	f->cb = cb;
	f->s = s;
	f->proto_state = proto_state;
	f->state = FSM_INITIAL;
	f->max_configure = c->max_configure;
	f->max_terminate = c->max_terminate;
	f->max_failure = c->max_failure;
	f->restart_ms = c->restart_ms;
	f->timer.expire = timeout;
	f->timer.owner = f;
}

static void illegal(struct fsm *f, const char *event)
{
	ppp_logf(f->s, "%s: event %s in state %s ignored", f->cb->name, event, fsm_state_name(f->state));
}

/* Every state change goes through here: the restart timer runs only in the
 * states that wait for an answer (Closing, Stopping, Req-Sent, Ack-Rcvd, Ack-Sent). */
static void new_state(struct fsm *f, enum fsm_state st)
{
	if (f->state != st)
		ppp_logf(f->s, "%s: %s -> %s", f->cb->name, fsm_state_name(f->state), fsm_state_name(st));
	f->state = st;
	if (st < FSM_CLOSING || st == FSM_OPENED)
		ppp_timer_stop(f->s, &f->timer);
}

void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t len)
{
	uint8_t buf[PPP_MAX_FRAME];

	if (len > sizeof(buf) - CP_HDRLEN)
		len = sizeof(buf) - CP_HDRLEN;
	buf[0] = code;
	buf[1] = id;
	buf[2] = (uint8_t)((len + CP_HDRLEN) >> 8);
	buf[3] = (uint8_t)(len + CP_HDRLEN);
	if (len)
		memcpy(buf + CP_HDRLEN, data, len);
	ppp_output(f->s, f->cb->proto, buf, len + CP_HDRLEN);
}

bool fsm_ackci_exact(struct fsm *f, const uint8_t *p, size_t len)
{
	uint8_t mine[PPP_MAX_FRAME];
	size_t n = f->cb->addci(f, mine, sizeof(mine));

	return n == len && memcmp(mine, p, n) == 0;
}

/* ---- actions ---- */
static void tlu(struct fsm *f) { if (f->cb->up) f->cb->up(f); }
static void tld(struct fsm *f) { if (f->cb->down) f->cb->down(f); }
static void tls(struct fsm *f) { if (f->cb->starting) f->cb->starting(f); }
static void tlf(struct fsm *f) { if (f->cb->finished) f->cb->finished(f); }

static void irc_configure(struct fsm *f) { f->restart_count = f->max_configure; }
static void irc_terminate(struct fsm *f) { f->restart_count = f->max_terminate; }
static void zrc(struct fsm *f)
{
	f->restart_count = 0;
	ppp_timer_start(f->s, &f->timer, f->restart_ms);
}

/* Negotiation starts afresh: our options go back to the configured wishes. */
static void fresh(struct fsm *f)
{
	if (f->cb->resetci)
		f->cb->resetci(f);
	f->nak_loops = 0;
}

/* scr. A retransmission keeps its identifier; anything else gets a new one
 * (RFC 1661 5.1: a new identifier whenever the options change). */
static void scr(struct fsm *f, bool retransmit)
{
	uint8_t opts[PPP_MAX_FRAME];
	size_t n = f->cb->addci ? f->cb->addci(f, opts, sizeof(opts)) : 0;

	if (!retransmit || !f->reqid_valid)
		f->reqid = ++f->id;
	f->reqid_valid = true;
	fsm_send(f, CP_CONFREQ, f->reqid, opts, n);
	if (f->restart_count)
		f->restart_count--;
	ppp_timer_start(f->s, &f->timer, f->restart_ms);
}

static void str(struct fsm *f)
{
	const char *r = f->term_reason;

	fsm_send(f, CP_TERMREQ, ++f->id, (const uint8_t *)r, strlen(r));
	if (f->restart_count)
		f->restart_count--;
	ppp_timer_start(f->s, &f->timer, f->restart_ms);
}

static void sta(struct fsm *f, uint8_t id)
{
	fsm_send(f, CP_TERMACK, id, NULL, 0);
}

/* ---- RFC 1661 4.1 events ---- */

void fsm_up(struct fsm *f)
{
	switch (f->state) {
	case FSM_INITIAL:
		new_state(f, FSM_CLOSED);
		break;
	case FSM_STARTING:
		if (f->silent) {        /* passive: wait for the peer's request */
			new_state(f, FSM_STOPPED);
			break;
		}
		fresh(f);
		irc_configure(f);
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	default:
		illegal(f, "Up");
	}
}

void fsm_down(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_CLOSING:
		new_state(f, FSM_INITIAL);
		break;
	case FSM_STOPPED:
		new_state(f, FSM_STARTING);
		tls(f);
		break;
	case FSM_STOPPING:
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		new_state(f, FSM_STARTING);
		break;
	case FSM_OPENED:
		tld(f);
		new_state(f, FSM_STARTING);
		break;
	default:
		illegal(f, "Down");
	}
}

void fsm_open(struct fsm *f)
{
	switch (f->state) {
	case FSM_INITIAL:
		new_state(f, FSM_STARTING);
		tls(f);
		break;
	case FSM_STARTING:
		break;
	case FSM_CLOSED:
		if (f->silent) {
			new_state(f, FSM_STOPPED);
			break;
		}
		fresh(f);
		irc_configure(f);
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	case FSM_STOPPED:
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
	case FSM_OPENED:
		break;              /* no restart option */
	case FSM_CLOSING:
		new_state(f, FSM_STOPPING);
		break;
	case FSM_STOPPING:
		break;
	default:
		illegal(f, "Open");
	}
}

void fsm_close(struct fsm *f, const char *reason)
{
	snprintf(f->term_reason, sizeof(f->term_reason), "%s", reason ? reason : "");
	switch (f->state) {
	case FSM_INITIAL:
		break;
	case FSM_STARTING:
		new_state(f, FSM_INITIAL);
		tlf(f);
		break;
	case FSM_CLOSED:
	case FSM_STOPPED:
		new_state(f, FSM_CLOSED);
		break;
	case FSM_CLOSING:
	case FSM_STOPPING:
		new_state(f, FSM_CLOSING);
		break;
	case FSM_OPENED:
		tld(f);
		/* fall through */
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		irc_terminate(f);
		str(f);
		new_state(f, FSM_CLOSING);
		break;
	default:
		illegal(f, "Close");
	}
}

/* TO+ and TO- */
static void timeout(struct ppp_timer *t)
{
	struct fsm *f = t->owner;
	bool plus = f->restart_count > 0;

	switch (f->state) {
	case FSM_CLOSING:
		if (plus) {
			str(f);
		} else {
			new_state(f, FSM_CLOSED);
			tlf(f);
		}
		break;
	case FSM_STOPPING:
		if (plus) {
			str(f);
		} else {
			new_state(f, FSM_STOPPED);
			tlf(f);
		}
		break;
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		if (plus) {
			scr(f, true);
			if (f->state == FSM_ACKRCVD)
				new_state(f, FSM_REQSENT);
		} else {
			ppp_logf(f->s, "%s: Max-Configure reached", f->cb->name);
			new_state(f, FSM_STOPPED);
			tlf(f);
		}
		break;
	case FSM_OPENED:            /* zrc: the Terminate-Ack wait after RTR ended */
		break;
	default:
		illegal(f, plus ? "TO+" : "TO-");
	}
}

/* RCR+ / RCR- */
static void rcr(struct fsm *f, uint8_t id, const uint8_t *opts, size_t len)
{
	uint8_t reply[PPP_MAX_FRAME];
	size_t rlen = 0;
	enum fsm_verdict v;

	switch (f->state) {
	case FSM_CLOSED:
		sta(f, id);
		return;
	case FSM_CLOSING:
	case FSM_STOPPING:
		return;
	case FSM_STOPPED:
		fresh(f);
		irc_configure(f);
		break;
	case FSM_OPENED:
		tld(f);
		fresh(f);
		break;
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		break;
	default:
		illegal(f, "RCR");
		return;
	}

	v = f->cb->reqci(f, opts, len, reply, &rlen, f->nak_loops < f->max_failure);
	if (v == FSM_ACK)
		f->nak_loops = 0;
	else if (v == FSM_NAK)
		f->nak_loops++;

	switch (f->state) {
	case FSM_STOPPED:           /* irc, scr, sca/scn */
	case FSM_OPENED:            /* tld, scr, sca/scn */
		scr(f, false);
		fsm_send(f, (uint8_t)v, id, reply, rlen);
		new_state(f, v == FSM_ACK ? FSM_ACKSENT : FSM_REQSENT);
		break;
	case FSM_REQSENT:
	case FSM_ACKSENT:
		fsm_send(f, (uint8_t)v, id, reply, rlen);
		new_state(f, v == FSM_ACK ? FSM_ACKSENT : FSM_REQSENT);
		break;
	case FSM_ACKRCVD:
		fsm_send(f, (uint8_t)v, id, reply, rlen);
		if (v == FSM_ACK) {
			new_state(f, FSM_OPENED);
			tlu(f);
		}
		break;
	default:
		break;
	}
}

/* Whether a Configure-Ack/-Nak/-Reject answers our outstanding request. */
static bool answers_us(struct fsm *f, uint8_t id)
{
	if (!f->reqid_valid || id != f->reqid) {
		ppp_logf(f->s, "%s: reply id %u does not match request id %u, ignored", f->cb->name, id,
			 f->reqid);
		f->rx_bad++;
		return false;
	}
	return true;
}

/* RCA */
static void rca(struct fsm *f, uint8_t id, const uint8_t *opts, size_t len)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_STOPPED:
		sta(f, id);
		return;
	case FSM_CLOSING:
	case FSM_STOPPING:
		return;
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
	case FSM_OPENED:
		break;
	default:
		illegal(f, "RCA");
		return;
	}
	if (!answers_us(f, id))
		return;
	if (f->cb->ackci && !f->cb->ackci(f, opts, len)) {
		/* RFC 1661 5.2: the Ack must match our request exactly. */
		ppp_logf(f->s, "%s: bad Configure-Ack ignored", f->cb->name);
		f->rx_bad++;
		return;
	}
	f->reqid_valid = false;
	switch (f->state) {
	case FSM_REQSENT:
		irc_configure(f);
		new_state(f, FSM_ACKRCVD);
		/* the restart timer keeps running until the peer's request is acked */
		ppp_timer_start(f->s, &f->timer, f->restart_ms);
		break;
	case FSM_ACKRCVD:           /* crossed connection */
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	case FSM_ACKSENT:
		irc_configure(f);
		new_state(f, FSM_OPENED);
		tlu(f);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	default:
		break;
	}
}

/* RCN (for Configure-Nak and Configure-Reject alike) */
static void rcn(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *opts, size_t len)
{
	bool ok;

	switch (f->state) {
	case FSM_CLOSED:
	case FSM_STOPPED:
		sta(f, id);
		return;
	case FSM_CLOSING:
	case FSM_STOPPING:
		return;
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
	case FSM_OPENED:
		break;
	default:
		illegal(f, code == CP_CONFNAK ? "RCN(nak)" : "RCN(rej)");
		return;
	}
	if (!answers_us(f, id))
		return;
	if (code == CP_CONFNAK)
		ok = f->cb->nakci ? f->cb->nakci(f, opts, len) : false;
	else
		ok = f->cb->rejci ? f->cb->rejci(f, opts, len) : false;
	if (!ok) {
		ppp_logf(f->s, "%s: bad Configure-%s ignored", f->cb->name,
			 code == CP_CONFNAK ? "Nak" : "Reject");
		f->rx_bad++;
		return;
	}
	f->reqid_valid = false;
	switch (f->state) {
	case FSM_REQSENT:
		irc_configure(f);
		scr(f, false);
		break;
	case FSM_ACKRCVD:           /* crossed connection */
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	case FSM_ACKSENT:
		irc_configure(f);
		scr(f, false);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	default:
		break;
	}
}

/* RTR */
static void rtr(struct fsm *f, uint8_t id)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_STOPPED:
		sta(f, id);
		break;
	case FSM_CLOSING:
	case FSM_STOPPING:
		/* both ends closing at once: our This-Layer-Finished comes with
		 * the peer's Terminate-Ack, maybe right after this one */
		f->acked_term_closing = true;
		sta(f, id);
		break;
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		sta(f, id);
		new_state(f, FSM_REQSENT);
		break;
	case FSM_OPENED:
		ppp_logf(f->s, "%s: terminated by peer", f->cb->name);
		tld(f);
		zrc(f);
		sta(f, id);
		new_state(f, FSM_STOPPING);
		break;
	default:
		illegal(f, "RTR");
	}
}

/* RTA */
static void rta(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_STOPPED:
	case FSM_REQSENT:
	case FSM_ACKSENT:
		break;
	case FSM_CLOSING:
		new_state(f, FSM_CLOSED);
		tlf(f);
		break;
	case FSM_STOPPING:
		new_state(f, FSM_STOPPED);
		tlf(f);
		break;
	case FSM_ACKRCVD:
		new_state(f, FSM_REQSENT);
		break;
	case FSM_OPENED:
		tld(f);
		scr(f, false);
		new_state(f, FSM_REQSENT);
		break;
	default:
		illegal(f, "RTA");
	}
}

/* RUC: scj, state unchanged. The rejected packet is returned up to what
 * fits (RFC 1661 5.6: truncated to the peer's MRU). */
static void ruc(struct fsm *f, const uint8_t *pkt, size_t len)
{
	size_t cap = ppp_peer_mru(f->s) - CP_HDRLEN;

	if (f->state < FSM_CLOSED) {
		illegal(f, "RUC");
		return;
	}
	if (len > cap)
		len = cap;
	fsm_send(f, CP_CODEREJ, ++f->id, pkt, len);
}

/* RXJ- : the peer cannot do something essential. */
static void rxj_minus(struct fsm *f)
{
	switch (f->state) {
	case FSM_CLOSED:
	case FSM_CLOSING:
		new_state(f, FSM_CLOSED);
		tlf(f);
		break;
	case FSM_STOPPED:
	case FSM_STOPPING:
	case FSM_REQSENT:
	case FSM_ACKRCVD:
	case FSM_ACKSENT:
		new_state(f, FSM_STOPPED);
		tlf(f);
		break;
	case FSM_OPENED:
		tld(f);
		irc_terminate(f);
		snprintf(f->term_reason, sizeof(f->term_reason), "rejected by peer");
		str(f);
		new_state(f, FSM_STOPPING);
		break;
	default:
		illegal(f, "RXJ-");
	}
}

static void rxj(struct fsm *f, const uint8_t *p, size_t len)
{
	bool ok = len >= 1 && f->cb->code_rejected_ok && f->cb->code_rejected_ok(f, p[0]);

	ppp_logf(f->s, "%s: Code-Reject of code %d", f->cb->name, len ? p[0] : -1);
	if (ok) {                   /* RXJ+ */
		if (f->state == FSM_ACKRCVD)
			new_state(f, FSM_REQSENT);
		return;
	}
	rxj_minus(f);
}

void fsm_protocol_rejected(struct fsm *f)
{
	ppp_logf(f->s, "%s: Protocol-Reject from peer", f->cb->name);
	rxj_minus(f);
}

void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len)
{
	size_t plen;
	uint8_t code, id;

	/* RFC 1661 5: the Length field bounds the packet; octets beyond it are
	 * padding; a Length longer than what arrived means drop. */
	if (len < CP_HDRLEN) {
		f->rx_bad++;
		ppp_count_bad(f->s);
		return;
	}
	code = pkt[0];
	id = pkt[1];
	plen = (size_t)pkt[2] << 8 | pkt[3];
	if (plen < CP_HDRLEN || plen > len) {
		f->rx_bad++;
		ppp_count_bad(f->s);
		return;
	}
	if (f->state == FSM_INITIAL || f->state == FSM_STARTING) {
		/* the lower layer is not up for this protocol: silently discard */
		ppp_logf(f->s, "%s: packet in state %s discarded", f->cb->name, fsm_state_name(f->state));
		return;
	}
	pkt += CP_HDRLEN;
	plen -= CP_HDRLEN;
	switch (code) {
	case CP_CONFREQ:
		rcr(f, id, pkt, plen);
		break;
	case CP_CONFACK:
		rca(f, id, pkt, plen);
		break;
	case CP_CONFNAK:
	case CP_CONFREJ:
		rcn(f, code, id, pkt, plen);
		break;
	case CP_TERMREQ:
		rtr(f, id);
		break;
	case CP_TERMACK:
		rta(f);
		break;
	case CP_CODEREJ:
		rxj(f, pkt, plen);
		break;
	default:
		if (f->cb->extcode && f->cb->extcode(f, code, id, pkt, plen))
			break;
		ruc(f, pkt - CP_HDRLEN, plen + CP_HDRLEN);
	}
}
