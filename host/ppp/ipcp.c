/*
 * IPCP (RFC 1332) with the name server options of RFC 1877.
 * Server: our address (`ip unnumbered`), the client's from the pool (a
 * request for any other address is Naked with it), DNS/NBNS from
 * `async-bootp`. VJ compression and the old IP-Addresses option are
 * rejected. Client: asks for an address (0.0.0.0) and, if told to, DNS.
 */
#include <string.h>

#include "ppp_defs.h"
#include "ppp_local.h"

#define IPCP(f) ((struct ipcp_state *)(f)->proto_state)

static void ipcp_resetci(struct fsm *f)
{
	struct ipcp_state *ip = IPCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);

	if (c->server) {
		ip->want_addr = c->local_addr;
		ip->neg_addr = c->local_addr != 0;
		ip->neg_dns[0] = ip->neg_dns[1] = false;
	} else {
		ip->want_addr = 0;
		ip->neg_addr = true;
		ip->peer_addr = 0;
		ip->want_dns[0] = ip->want_dns[1] = 0;
		ip->neg_dns[0] = ip->neg_dns[1] = c->request_dns || c->windows_like;
		ip->want_nbns[0] = ip->want_nbns[1] = 0;
		ip->neg_nbns[0] = ip->neg_nbns[1] = c->windows_like;
	}
}

static size_t put_addr(uint8_t *p, uint8_t type, uint32_t a)
{
	p[0] = type;
	p[1] = 6;
	put32(p + 2, a);
	return 6;
}

static size_t ipcp_addci(struct fsm *f, uint8_t *p, size_t cap)
{
	struct ipcp_state *ip = IPCP(f);
	size_t n = 0;

	(void)cap;
	if (ip->neg_addr)
		n += put_addr(p + n, IPCP_OPT_ADDR, ip->want_addr);
	/* Windows' order: <ms-dns1> <ms-wins> <ms-dns3> <ms-wins> */
	if (ip->neg_dns[0])
		n += put_addr(p + n, IPCP_OPT_DNS1, ip->want_dns[0]);
	if (ip->neg_nbns[0])
		n += put_addr(p + n, IPCP_OPT_NBNS1, ip->want_nbns[0]);
	if (ip->neg_dns[1])
		n += put_addr(p + n, IPCP_OPT_DNS2, ip->want_dns[1]);
	if (ip->neg_nbns[1])
		n += put_addr(p + n, IPCP_OPT_NBNS2, ip->want_nbns[1]);
	return n;
}

static bool ipcp_nakci(struct fsm *f, const uint8_t *p, size_t len)
{
	struct ipcp_state *ip = IPCP(f);
	struct opt_iter it = { p, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	if (!opt_list_valid(p, len))
		return false;
	while (opt_next(&it, &t, &v, &vl)) {
		if (vl != 4)
			continue;
		if (t == IPCP_OPT_ADDR && ip->neg_addr && get32(v) != 0)
			ip->want_addr = get32(v);
		else if (t == IPCP_OPT_DNS1 && ip->neg_dns[0])
			ip->want_dns[0] = get32(v);
		else if (t == IPCP_OPT_DNS2 && ip->neg_dns[1])
			ip->want_dns[1] = get32(v);
		else if (t == IPCP_OPT_NBNS1 && ip->neg_nbns[0])
			ip->want_nbns[0] = get32(v);
		else if (t == IPCP_OPT_NBNS2 && ip->neg_nbns[1])
			ip->want_nbns[1] = get32(v);
	}
	return true;
}

static bool ipcp_rejci(struct fsm *f, const uint8_t *p, size_t len)
{
	struct ipcp_state *ip = IPCP(f);
	struct opt_iter it = { p, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	if (!opt_list_valid(p, len))
		return false;
	while (opt_next(&it, &t, &v, &vl)) {
		if (t == IPCP_OPT_ADDR)
			ip->neg_addr = false;
		else if (t == IPCP_OPT_DNS1)
			ip->neg_dns[0] = false;
		else if (t == IPCP_OPT_DNS2)
			ip->neg_dns[1] = false;
		else if (t == IPCP_OPT_NBNS1 && ip->neg_nbns[0])
			ip->neg_nbns[0] = false;
		else if (t == IPCP_OPT_NBNS2 && ip->neg_nbns[1])
			ip->neg_nbns[1] = false;
		else
			return false;
	}
	return true;
}

/* Server side: the value we hand out for a name-server option, 0 if none. */
static uint32_t server_value(const struct ppp_config *c, uint8_t t)
{
	switch (t) {
	case IPCP_OPT_DNS1: return c->dns[0];
	case IPCP_OPT_DNS2: return c->dns[1];
	case IPCP_OPT_NBNS1: return c->nbns[0];
	case IPCP_OPT_NBNS2: return c->nbns[1];
	}
	return 0;
}

static enum fsm_verdict ipcp_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				   size_t *out_len, bool may_nak)
{
	struct ipcp_state *ip = IPCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);
	uint8_t nak[PPP_MAX_FRAME], rej[PPP_MAX_FRAME], o[6];
	size_t nak_len = 0, rej_len = 0;
	struct opt_iter it = { in, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;
	uint32_t want;

	while (it.left) {
		const uint8_t *opt = it.p;

		if (!opt_next(&it, &t, &v, &vl)) {
			opt_add(rej, &rej_len, sizeof(rej), it.p, it.left);
			break;
		}
		switch (t) {
		case IPCP_OPT_ADDR:
			if (vl != 4)
				goto reject;
			if (c->server) {
				if (ip->peer_addr == 0)
					goto reject;
				if (get32(v) != ip->peer_addr) {
					/* RFC 1332 3.3: Nak with the address the peer is to use */
					put_addr(o, IPCP_OPT_ADDR, ip->peer_addr);
					goto nak;
				}
			} else {
				if (get32(v) == 0)
					goto reject;    /* the server must know its own address */
				ip->peer_addr = get32(v);
			}
			continue;
		case IPCP_OPT_DNS1:
		case IPCP_OPT_DNS2:
		case IPCP_OPT_NBNS1:
		case IPCP_OPT_NBNS2:
			/* RFC 1877: the client asks (0.0.0.0), the server Naks with its value */
			if (vl != 4 || !c->server || !(want = server_value(c, t)))
				goto reject;
			if (get32(v) != want) {
				put_addr(o, t, want);
				goto nak;
			}
			continue;
		default:
			/* IP-Compression-Protocol (VJ), IP-Addresses, unknown */
			goto reject;
		}
nak:
		if (may_nak) {
			opt_add(nak, &nak_len, sizeof(nak), o, 6);
			continue;
		}
reject:
		opt_add(rej, &rej_len, sizeof(rej), opt, (size_t)(it.p - opt));
	}
	if (rej_len) {
		memcpy(out, rej, rej_len);
		*out_len = rej_len;
		return FSM_REJ;
	}
	if (nak_len) {
		memcpy(out, nak, nak_len);
		*out_len = nak_len;
		return FSM_NAK;
	}
	if (c->server && ip->peer_addr && !ipcp_peer_asked_addr(in, len)) {
		/* A client that does not ask for an address gets one anyway: Nak. */
		if (may_nak) {
			*out_len = put_addr(out, IPCP_OPT_ADDR, ip->peer_addr);
			return FSM_NAK;
		}
	}
	memcpy(out, in, len);
	*out_len = len;
	return FSM_ACK;
}

bool ipcp_peer_asked_addr(const uint8_t *in, size_t len)
{
	struct opt_iter it = { in, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	while (opt_next(&it, &t, &v, &vl))
		if (t == IPCP_OPT_ADDR)
			return true;
	return false;
}

static void ipcp_up(struct fsm *f) { ppp_ipcp_up(f->s); }
static void ipcp_down(struct fsm *f) { ppp_ipcp_down(f->s); }
static void ipcp_finished(struct fsm *f) { ppp_ipcp_finished(f->s); }

const struct fsm_callbacks ipcp_callbacks = {
	.name = "IPCP",
	.proto = PPP_IPCP,
	.resetci = ipcp_resetci,
	.addci = ipcp_addci,
	.ackci = fsm_ackci_exact,
	.nakci = ipcp_nakci,
	.rejci = ipcp_rejci,
	.reqci = ipcp_reqci,
	.up = ipcp_up,
	.down = ipcp_down,
	.finished = ipcp_finished,
};
