/*
 * `ipv6 local pool NAME PREFIX/LEN 64`: the /64s inside PREFIX/LEN, one a
 * session. The bookkeeping is an address pool of their numbers (pool.c:
 * a freed /64 is not handed out again at once).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"
#include "ppp.h"

struct ppp_pool6 {
	uint64_t base;              /* the first /64, as a number (its 8 octets big-endian) */
	struct ppp_pool *idx;       /* numbers 1..size: base + (n - 1) */
};

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

struct ppp_pool6 *ppp_pool6_new(const char *name, const uint8_t prefix[8], unsigned plen)
{
	struct ppp_pool6 *p;
	uint64_t base = get64(prefix);

	if (plen < PPP_POOL6_MIN_PLEN || plen > 64 || (plen < 64 && (base << plen) != 0) || base == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (!(p = calloc(1, sizeof(*p))))
		return NULL;
	p->base = base;
	p->idx = ppp_pool_new(name, 1, 1u << (64 - plen));
	if (!p->idx) {
		free(p);
		return NULL;
	}
	return p;
}

void ppp_pool6_free(struct ppp_pool6 *p)
{
	if (!p)
		return;
	ppp_pool_free(p->idx);
	free(p);
}

bool ppp_pool6_alloc(struct ppp_pool6 *p, uint8_t prefix[8])
{
	uint32_t n = ppp_pool_alloc(p->idx);

	if (!n)
		return false;
	put64(prefix, p->base + n - 1);
	return true;
}

void ppp_pool6_release(struct ppp_pool6 *p, const uint8_t prefix[8])
{
	uint64_t v = get64(prefix);

	if (v >= p->base && v - p->base < ppp_pool_size(p->idx))
		ppp_pool_release(p->idx, (uint32_t)(v - p->base + 1));
}

unsigned ppp_pool6_in_use(const struct ppp_pool6 *p) { return ppp_pool_in_use(p->idx); }
unsigned ppp_pool6_size(const struct ppp_pool6 *p) { return ppp_pool_size(p->idx); }
const char *ppp_pool6_name(const struct ppp_pool6 *p) { return ppp_pool_name(p->idx); }
