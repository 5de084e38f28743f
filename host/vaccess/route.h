/*
 * pnsd's routing tables: client address -> session (IPv4), and client /64
 * -> session (IPv6, the prefix's 8 octets as a number), for every packet
 * the host routes into the shared TUN. Open addressing with linear probing and
 * backward-shift deletion: a removed entry leaves no tombstone, so the
 * table never fills with dead slots however many sessions come and go, and
 * every lookup ends at an empty slot (the table is at most half full) or,
 * in any case, after cap probes.
 */
#ifndef HOST_VACCESS_ROUTE_H
#define HOST_VACCESS_ROUTE_H

#include <stdint.h>

struct va_routes {
	void **val;         /* NULL: empty slot */
	uint64_t *key;      /* client address (host order) or /64; never 0 */
	unsigned cap, used; /* cap: 0 or a power of two >= 64 */
};

/* The session routed at addr, or NULL. */
void *va_routes_find(const struct va_routes *r, uint64_t addr);
/* Adds or replaces addr -> v (addr != 0, v != NULL). -1 (ENOMEM) on failure. */
int va_routes_add(struct va_routes *r, uint64_t addr, void *v);
/* Removes addr if it routes to v. */
void va_routes_del(struct va_routes *r, uint64_t addr, const void *v);
void va_routes_free(struct va_routes *r);

#endif
