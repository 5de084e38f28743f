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

static bool ipcp_peer_asked_addr(const uint8_t *in, size_t len);

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

static size_t ipcp_addci(struct fsm *f, uint8_t *p, size_t cap)
{
	struct ipcp_state *ip = IPCP(f);
	size_t n = 0;

	(void)cap;
	if (ip->neg_addr)
		n += opt_put32(p + n, IPCP_OPT_ADDR, ip->want_addr);
	/* Windows' order: <ms-dns1> <ms-wins> <ms-dns3> <ms-wins> */
	if (ip->neg_dns[0])
		n += opt_put32(p + n, IPCP_OPT_DNS1, ip->want_dns[0]);
	if (ip->neg_nbns[0])
		n += opt_put32(p + n, IPCP_OPT_NBNS1, ip->want_nbns[0]);
	if (ip->neg_dns[1])
		n += opt_put32(p + n, IPCP_OPT_DNS2, ip->want_dns[1]);
	if (ip->neg_nbns[1])
		n += opt_put32(p + n, IPCP_OPT_NBNS2, ip->want_nbns[1]);
	return n;
}

static bool ipcp_nak1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct ipcp_state *ip = IPCP(f);

	if (vl != 4)
		return true;
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
	return true;
}

static bool ipcp_nakci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ipcp_nak1);
}

static bool ipcp_rej1(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl)
{
	struct ipcp_state *ip = IPCP(f);

	(void)v;
	(void)vl;

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
	return true;
}

static bool ipcp_rejci(struct fsm *f, const uint8_t *p, size_t len)
{
	return opt_each(f, p, len, ipcp_rej1);
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

/* One option of the peer's request (opt_reqci builds the answer). */
static enum opt_verdict ipcp_check(struct fsm *f, uint8_t t, const uint8_t *v, size_t vl, uint8_t *o,
				   bool may_nak)
{
	struct ipcp_state *ip = IPCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);
	uint32_t want;

	(void)may_nak;
	switch (t) {
	case IPCP_OPT_ADDR:
		if (vl != 4)
			return OPT_REJ;
		if (c->server) {
			if (ip->peer_addr == 0)
				return OPT_REJ;
			if (get32(v) != ip->peer_addr) {
				/* RFC 1332 3.3: Nak with the address the peer is to use */
				opt_put32(o, IPCP_OPT_ADDR, ip->peer_addr);
				return OPT_NAK;
			}
		} else {
			if (get32(v) == 0)
				return OPT_REJ;     /* the server must know its own address */
			ip->peer_addr = get32(v);
		}
		return OPT_ACK;
	case IPCP_OPT_DNS1:
	case IPCP_OPT_DNS2:
	case IPCP_OPT_NBNS1:
	case IPCP_OPT_NBNS2:
		/* RFC 1877: the client asks (0.0.0.0), the server Naks with its value */
		if (vl != 4 || !c->server || !(want = server_value(c, t)))
			return OPT_REJ;
		if (get32(v) != want) {
			opt_put32(o, t, want);
			return OPT_NAK;
		}
		return OPT_ACK;
	default:
		/* IP-Compression-Protocol (VJ), IP-Addresses, unknown */
		return OPT_REJ;
	}
}

static enum fsm_verdict ipcp_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				   size_t *out_len, bool may_nak)
{
	struct ipcp_state *ip = IPCP(f);
	const struct ppp_config *c = ppp_cfg(f->s);
	enum fsm_verdict v = opt_reqci(f, in, len, out, out_len, may_nak, ipcp_check);

	if (v == FSM_ACK && c->server && ip->peer_addr && !ipcp_peer_asked_addr(in, len) && may_nak) {
		/* RFC 1332 3.3: a client that does not ask for an address gets one
		 * anyway: Nak with the option it left out. */
		*out_len = opt_put32(out, IPCP_OPT_ADDR, ip->peer_addr);
		return FSM_NAK;
	}
	return v;
}

static bool ipcp_peer_asked_addr(const uint8_t *in, size_t len)
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
