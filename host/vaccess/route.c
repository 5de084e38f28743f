#include "route.h"

#include <errno.h>
#include <stdlib.h>

#define ROUTES_MIN 64

/* A 64-bit mixer (splitmix64's finaliser): every key bit moves the slot,
 * so /64s that differ only in their low bits (one pool) spread out. */
static unsigned hash64(uint64_t a)
{
	a ^= a >> 30;
	a *= 0xbf58476d1ce4e5b9ULL;
	a ^= a >> 27;
	a *= 0x94d049bb133111ebULL;
	a ^= a >> 31;
	return (unsigned)a;
}

/* Slot of addr, or of the empty slot where it would go; cap probes at most. */
static unsigned probe(const struct va_routes *r, uint64_t addr)
{
	unsigned mask = r->cap - 1, i = hash64(addr) & mask;

	for (unsigned n = 0; n < r->cap && r->val[i] && r->key[i] != addr; n++)
		i = (i + 1) & mask;
	return i;
}

void *va_routes_find(const struct va_routes *r, uint64_t addr)
{
	if (!r->cap || !addr)
		return NULL;
	unsigned i = probe(r, addr);

	return r->val[i] && r->key[i] == addr ? r->val[i] : NULL;
}

static int resize(struct va_routes *r, unsigned ncap)
{
	struct va_routes n = { calloc(ncap, sizeof(void *)), calloc(ncap, sizeof(uint64_t)), ncap, 0 };

	if (!n.val || !n.key) {
		va_routes_free(&n);
		errno = ENOMEM;
		return -1;
	}
	for (unsigned i = 0; i < r->cap; i++) {
		if (!r->val[i])
			continue;
		unsigned j = probe(&n, r->key[i]);

		n.val[j] = r->val[i];
		n.key[j] = r->key[i];
		n.used++;
	}
	va_routes_free(r);
	*r = n;
	return 0;
}

int va_routes_add(struct va_routes *r, uint64_t addr, void *v)
{
	/* At most half full: probe chains stay short and an empty slot always exists. */
	if ((r->used + 1) * 2 > r->cap && resize(r, r->cap ? r->cap * 2 : ROUTES_MIN) < 0)
		return -1;
	unsigned i = probe(r, addr);

	if (!r->val[i])
		r->used++;
	r->val[i] = v;
	r->key[i] = addr;
	return 0;
}

/* Backward-shift deletion (Knuth, TAOCP vol. 3, 6.4, Algorithm R): the entries
 * after the hole that could have lived in it move back, so that every chain
 * stays unbroken without a tombstone. */
void va_routes_del(struct va_routes *r, uint64_t addr, const void *v)
{
	if (!r->cap || !addr)
		return;
	unsigned mask = r->cap - 1, hole = probe(r, addr);

	if (!r->val[hole] || r->key[hole] != addr || r->val[hole] != v)
		return;
	for (unsigned j = (hole + 1) & mask; r->val[j]; j = (j + 1) & mask) {
		unsigned home = hash64(r->key[j]) & mask;

		/* The entry at j stays if its home lies cyclically in (hole, j]. */
		if (((j - home) & mask) < ((j - hole) & mask))
			continue;
		r->val[hole] = r->val[j];
		r->key[hole] = r->key[j];
		hole = j;
	}
	r->val[hole] = NULL;
	r->key[hole] = 0;
	r->used--;
	/* Shrink after a crowd has left, so memory follows the sessions there are. */
	if (r->cap > ROUTES_MIN && r->used * 8 < r->cap)
		resize(r, r->cap / 2);
}

void va_routes_free(struct va_routes *r)
{
	free(r->val);
	free(r->key);
	r->val = NULL;
	r->key = NULL;
	r->cap = r->used = 0;
}
