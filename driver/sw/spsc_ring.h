/*
 * A single-producer single-consumer ring of fixed-size slots: how the
 * event-loop thread hands work to one crypto thread, and that thread hands
 * its completions back (backend_sw_mt.c), without a lock.
 *
 * Exactly one thread produces and exactly one consumes. The producer fills
 * slots beyond the tail (spsc_prod_slot) and publishes several at once
 * (spsc_prod_commit: one release store per batch); the consumer reads the
 * published slots (spsc_cons_slot) and gives them back (spsc_cons_release).
 * The release/acquire pair on the indices is what makes a slot's contents
 * (and whatever they point to) visible to the other thread.
 *
 * Indices run free (uint32_t, wrapping); the size is a power of two.
 */
#ifndef MPPE_SPSC_RING_H
#define MPPE_SPSC_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct spsc_ring {
	/* on their own cache lines: each is written by one side only */
	_Alignas(64) _Atomic uint32_t tail;    /* producer: next slot to publish */
	uint32_t cached_head;                  /* producer's last view of head */
	_Alignas(64) _Atomic uint32_t head;    /* consumer: next slot to read */
	uint32_t cached_tail;                  /* consumer's last view of tail */
	_Alignas(64) uint32_t mask;
	size_t esize;
	unsigned char *slots;
};

/* size: a power of two; esize: bytes per slot. 0, or -1 (bad size, no memory). */
static inline int spsc_init(struct spsc_ring *r, uint32_t size, size_t esize)
{
	if (size == 0 || (size & (size - 1)) != 0 || esize == 0)
		return -1;
	r->slots = calloc(size, esize);
	if (!r->slots)
		return -1;
	atomic_init(&r->tail, 0);
	atomic_init(&r->head, 0);
	r->cached_head = r->cached_tail = 0;
	r->mask = size - 1;
	r->esize = esize;
	return 0;
}

static inline void spsc_free(struct spsc_ring *r)
{
	free(r->slots);
	r->slots = NULL;
}

/* Producer: free slots after the first `filled` ones (filled: slots taken
 * with spsc_prod_slot and not yet published). The producer's view of the
 * consumer's index is looked at again whenever it shows no slot free
 * after those, so 0 means the ring is full now, not that the last view is
 * old. (Refreshing only when the old view showed no slot free at all, as
 * this once did, made a producer filling a batch see "full" with the
 * ring almost empty, once each time its indices came round the ring:
 * pnsd -W 2 dropped a GRE datagram or two per 1,024 handed over.) */
static inline uint32_t spsc_prod_space(struct spsc_ring *r, uint32_t filled)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	uint32_t space = r->mask + 1 - (tail - r->cached_head);

	if (space <= filled) {
		r->cached_head = atomic_load_explicit(&r->head, memory_order_acquire);
		space = r->mask + 1 - (tail - r->cached_head);
	}
	return space > filled ? space - filled : 0;
}

/* Producer: the k-th unpublished slot (k < filled + spsc_prod_space(r, filled)). */
static inline void *spsc_prod_slot(struct spsc_ring *r, uint32_t k)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	return r->slots + (size_t)((tail + k) & r->mask) * r->esize;
}

/* Producer: publishes the next n filled slots. Sequentially consistent (not
 * only release): a producer that then looks whether the consumer sleeps,
 * while the consumer says it sleeps and then looks at the ring
 * (spsc_empty_now), must not both miss the other (the store-load order a
 * release store does not give). One per batch. */
static inline void spsc_prod_commit(struct spsc_ring *r, uint32_t n)
{
	uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	atomic_store_explicit(&r->tail, tail + n, memory_order_seq_cst);
}

/* Consumer: published slots not yet read. */
static inline uint32_t spsc_cons_avail(struct spsc_ring *r)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);

	if (r->cached_tail == head)
		r->cached_tail = atomic_load_explicit(&r->tail, memory_order_acquire);
	return r->cached_tail - head;
}

/* Consumer: the k-th published slot (k < spsc_cons_avail()). */
static inline void *spsc_cons_slot(struct spsc_ring *r, uint32_t k)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	return r->slots + (size_t)((head + k) & r->mask) * r->esize;
}

/* Consumer: gives the next n read slots back to the producer. */
static inline void spsc_cons_release(struct spsc_ring *r, uint32_t n)
{
	uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	atomic_store_explicit(&r->head, head + n, memory_order_release);
}

/* Either side: true when nothing is published (a fresh look, for the
 * sleep/wake handshakes). */
static inline int spsc_empty_now(struct spsc_ring *r)
{
	return atomic_load_explicit(&r->tail, memory_order_seq_cst) ==
	       atomic_load_explicit(&r->head, memory_order_seq_cst);
}

#endif
