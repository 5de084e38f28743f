/*
 * `ip local pool NAME FIRST LAST`: a bitmap of addresses. Allocation scans
 * from after the last address handed out, so a freed address is not reused
 * at once (a reconnecting client does not get its predecessor's traffic).
 *
 * One pool serves the sessions of every event loop (pnsd -W N): each
 * operation takes the pool's mutex. Allocation and release are per
 * session (IPCP up, session end), never per packet.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ppp.h"

#define POOL_MAX (1u << 20)     /* a /12: more than any concentrator serves */

struct ppp_pool {
	char name[64];
	uint32_t first;
	pthread_mutex_t lock;       /* guards used, next, bits */
	uint32_t size, used, next;
	uint64_t *bits;
};

struct ppp_pool *ppp_pool_new(const char *name, uint32_t first, uint32_t last)
{
	struct ppp_pool *p;

	if (last < first || last - first >= POOL_MAX || first == 0) {
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	strncpy(p->name, name ? name : "default", sizeof(p->name) - 1);
	p->first = first;
	p->size = last - first + 1;
	p->bits = calloc((p->size + 63) / 64, sizeof(uint64_t));
	if (!p->bits) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void ppp_pool_free(struct ppp_pool *p)
{
	if (p) {
		pthread_mutex_destroy(&p->lock);
		free(p->bits);
		free(p);
	}
}

uint32_t ppp_pool_alloc(struct ppp_pool *p)
{
	pthread_mutex_lock(&p->lock);
	for (uint32_t n = 0; n < p->size; n++) {
		uint32_t i = (p->next + n) % p->size;

		if (!(p->bits[i / 64] & (1ull << (i % 64)))) {
			p->bits[i / 64] |= 1ull << (i % 64);
			__atomic_fetch_add(&p->used, 1, __ATOMIC_RELAXED);
			p->next = (i + 1) % p->size;
			pthread_mutex_unlock(&p->lock);
			return p->first + i;
		}
	}
	pthread_mutex_unlock(&p->lock);
	errno = ENOSPC;
	return 0;
}

void ppp_pool_release(struct ppp_pool *p, uint32_t addr)
{
	uint32_t i = addr - p->first;

	if (addr < p->first || i >= p->size)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->bits[i / 64] & (1ull << (i % 64))) {
		p->bits[i / 64] &= ~(1ull << (i % 64));
		__atomic_fetch_sub(&p->used, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&p->lock);
}

unsigned ppp_pool_in_use(const struct ppp_pool *p)
{
	return __atomic_load_n(&p->used, __ATOMIC_RELAXED);   /* a gauge: any thread, no lock */
}
unsigned ppp_pool_size(const struct ppp_pool *p) { return p->size; }
const char *ppp_pool_name(const struct ppp_pool *p) { return p->name; }
