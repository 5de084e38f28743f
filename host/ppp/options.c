/*
 * Configuration options, written once for every control protocol (LCP,
 * IPCP, IPV6CP, CCP): the Type-Length-Value walker every option parser
 * uses, the writers of our own options, and the Configure-Request answer
 * (reqci) skeleton that builds the Ack, Nak or Reject list from one
 * verdict per option. The protocols only say what each option means.
 */
#include <string.h>

#include "ppp_defs.h"
#include "ppp_local.h"

/* Appends one option (olen octets) to a Nak/Reject list of cap octets. */
static void opt_add(uint8_t *list, size_t *len, size_t cap, const uint8_t *opt, size_t olen)
{
	/* a reply list never grows past its buffer: what does not fit is left out */
	if (*len + olen <= cap) {
		memcpy(list + *len, opt, olen);
		*len += olen;
	}
}

/* RFC 1661 6: an option's Length counts Type and Length and is at least 2.
 * A list whose last option overruns the packet, or with a Length below 2,
 * is malformed. */
bool opt_next(struct opt_iter *it, uint8_t *type, const uint8_t **val, size_t *vlen)
{
	size_t olen;

	if (it->left < 2)
		return false;
	olen = it->p[1];
	if (olen < 2 || olen > it->left)
		return false;
	*type = it->p[0];
	*val = it->p + 2;
	*vlen = olen - 2;
	it->p += olen;
	it->left -= olen;
	return true;
}

static bool opt_list_valid(const uint8_t *p, size_t len)
{
	struct opt_iter it = { p, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	while (it.left)
		if (!opt_next(&it, &t, &v, &vl))
			return false;
	return true;
}

/* RFC 1661 5.3/5.4: a Nak or Reject of our request that is malformed, or
 * names an option it cannot (each says false), is not a valid answer. */
bool opt_each(struct fsm *f, const uint8_t *p, size_t len, opt_each_fn each)
{
	struct opt_iter it = { p, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	if (!opt_list_valid(p, len))
		return false;
	while (opt_next(&it, &t, &v, &vl))
		if (!each(f, t, v, vl))
			return false;
	return true;
}

size_t opt_put(uint8_t *p, uint8_t type, const void *val, size_t vlen)
{
	p[0] = type;
	p[1] = (uint8_t)(2 + vlen);
	if (vlen)
		memcpy(p + 2, val, vlen);
	return 2 + vlen;
}

size_t opt_put16(uint8_t *p, uint8_t type, uint16_t v)
{
	p[0] = type;
	p[1] = 4;
	put16(p + 2, v);
	return 4;
}

size_t opt_put32(uint8_t *p, uint8_t type, uint32_t v)
{
	p[0] = type;
	p[1] = 6;
	put32(p + 2, v);
	return 6;
}

/*
 * RFC 1661 5.2-5.4: the answer to a Configure-Request is an Ack of the
 * whole request (every option acceptable), else a Nak listing only the
 * acceptable-but-wrong options with the values we would take, else (any
 * option unknown or not negotiable) a Reject listing only those, unchanged.
 * Rejects win over Naks. After Max-Failure Naks (may_nak false) a Nak is
 * sent as a Reject instead (RFC 1661 4.6). A malformed option list has
 * its remainder rejected (RFC 1661 6).
 */
enum fsm_verdict opt_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
			   size_t *out_len, bool may_nak, opt_check_fn check)
{
	uint8_t nak[PPP_MAX_FRAME], rej[PPP_MAX_FRAME], sugg[OPT_MAX_SUGGEST];
	size_t nak_len = 0, rej_len = 0;
	struct opt_iter it = { in, len };
	uint8_t t;
	const uint8_t *v;
	size_t vl;

	while (it.left) {
		const uint8_t *opt = it.p;

		if (!opt_next(&it, &t, &v, &vl)) {
			opt_add(rej, &rej_len, sizeof(rej), it.p, it.left);
			break;
		}
		switch (check(f, t, v, vl, sugg, may_nak)) {
		case OPT_ACK:
			break;
		case OPT_NAK:
			if (may_nak) {
				opt_add(nak, &nak_len, sizeof(nak), sugg, sugg[1]);
				break;
			}
			/* fall through */
		case OPT_REJ:
			opt_add(rej, &rej_len, sizeof(rej), opt, (size_t)(it.p - opt));
			break;
		}
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
	memcpy(out, in, len);
	*out_len = len;
	return FSM_ACK;
}
