/*
 * Per-source accounting and log rate limiting (see pptp_limits.h).
 */
#include "pptp_limits.h"

#include <stdlib.h>

static uint32_t bucket_of(uint32_t addr)
{
	/* multiplicative hash: addresses of one subnet differ in the low bits */
	return (addr * 2654435761u) >> (32 - 12);
}

struct pptp_src *pptp_src_get(struct pptp_src_table *t, uint32_t addr)
{
	uint32_t b = bucket_of(addr);
	struct pptp_src *s;

	for (s = t->bucket[b]; s != NULL; s = s->next)
		if (s->addr == addr)
			return s;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->addr = addr;
	s->next = t->bucket[b];
	t->bucket[b] = s;
	t->nsrc++;
	return s;
}

void pptp_src_put(struct pptp_src_table *t, struct pptp_src *s)
{
	struct pptp_src **pp;

	if (s == NULL || s->pending || s->tunnels || s->calls)
		return;
	for (pp = &t->bucket[bucket_of(s->addr)]; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			t->nsrc--;
			free(s);
			return;
		}
}

void pptp_src_table_clear(struct pptp_src_table *t)
{
	for (uint32_t b = 0; b < PPTP_SRC_BUCKETS; b++)
		while (t->bucket[b] != NULL) {
			struct pptp_src *s = t->bucket[b];
			t->bucket[b] = s->next;
			free(s);
		}
	t->nsrc = 0;
}

bool pptp_ratelimit_ok(struct pptp_ratelimit *r, uint64_t now_ms, uint32_t *suppressed)
{
	if (r->window_start_ms == 0 || now_ms - r->window_start_ms >= PPTP_LOG_PERIOD_MS) {
		r->window_start_ms = now_ms ? now_ms : 1;
		r->in_window = 0;
	}
	if (r->in_window >= PPTP_LOG_BURST) {
		r->suppressed++;
		return false;
	}
	r->in_window++;
	*suppressed = r->suppressed;
	r->suppressed = 0;
	return true;
}
