/*
 * The Type-Length-Value walker every option parser uses (RFC 1661 6: an
 * option's Length counts Type and Length and is at least 2). A list whose
 * last option overruns the packet, or with a Length below 2, is malformed.
 * And the one builder of the Nak/Reject lists every control protocol answers with.
 */
#include <string.h>

#include "ppp_local.h"

void opt_add(uint8_t *list, size_t *len, size_t cap, const uint8_t *opt, size_t olen)
{
	/* a reply list never grows past its buffer: what does not fit is left out */
	if (*len + olen <= cap) {
		memcpy(list + *len, opt, olen);
		*len += olen;
	}
}

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

bool opt_list_valid(const uint8_t *p, size_t len)
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
