/*
 * The card backend interface: what the ring and queue code needs from the
 * thing that reaches the card. Two backends implement it: the vfio-user
 * client (the simulated card, cardsim) and VFIO (a real card on PCIe).
 *
 *   registers      32-bit BAR0 reads and writes
 *   doorbells      write-only, never read, possibly without a round trip
 *   DMA memory     host memory the card may access, with its IOVA
 *   interrupts     one eventfd per MSI-X vector
 *   reset          a function-level reset of the card
 *
 * A backend that loses the card (the simulator died, the device was
 * removed) sets `lost`; reads then return all ones, as a PCIe read of a
 * missing device does, and every call fails with ENODEV.
 */
#ifndef CARD_DEV_H
#define CARD_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct card_dev;

/*
 * A register read that never waits (card_rd_nb): asked, then looked at
 * again from the caller's poll until the answer is there. The caller keeps
 * it from the ask to the answer (card_rd_cancel before freeing it).
 */
enum { CARD_RD_IDLE, CARD_RD_SENT, CARD_RD_DONE };
struct card_rdreq {
	uint32_t off;
	uint32_t val;              /* CARD_RD_DONE: the register (all ones: the read failed) */
	uint64_t t_ms;             /* CLOCK_MONOTONIC ms when it was sent */
	uint16_t id;               /* backend's: the message it went in */
	uint8_t state;             /* CARD_RD_*; atomic (card_rd_state): with one card under several
				    * loops another loop's register access may take the answer */
};

static inline uint8_t card_rd_state(const struct card_rdreq *r)
{
	return __atomic_load_n(&r->state, __ATOMIC_ACQUIRE);
}

static inline void card_rd_set(struct card_rdreq *r, uint8_t state)
{
	__atomic_store_n(&r->state, state, __ATOMIC_RELEASE);
}

struct card_dma {
	void *va;
	uint64_t iova;
	size_t size;
	void *priv;               /* backend bookkeeping */
};

struct card_dev_ops {
	const char *kind;
	/* how long an operation or admin command may take (0: 5 s, a real
	 * card); the simulated card runs some 1000 times slower */
	unsigned timeout_ms;
	uint32_t (*read32)(struct card_dev *d, uint32_t off);
	/* optional: a read that never waits for the card (the simulated card's
	 * reads are round trips over a socket, which a stopped simulator never
	 * answers): sends r->off's read when r is idle, collects answers that
	 * came; 1 r->state is CARD_RD_DONE, 0 on its way, -1 the card is lost.
	 * Without it card_rd_nb reads at once (a real card's read is a load
	 * from the BAR). read_cancel forgets r (answered or not). With r NULL
	 * it only looks (answers that came; -1 when the card is gone: a
	 * simulator that exited). */
	int (*read32_nb)(struct card_dev *d, struct card_rdreq *r);
	void (*read_cancel)(struct card_dev *d, struct card_rdreq *r);
	int (*write32)(struct card_dev *d, uint32_t off, uint32_t val);
	/* off is a BAR0 doorbell offset; must not block on the card */
	void (*doorbell)(struct card_dev *d, uint32_t off, uint32_t val);
	int (*dma_alloc)(struct card_dev *d, size_t size, struct card_dma *out);
	void (*dma_free)(struct card_dev *d, struct card_dma *m);
	/* eventfd signalled by MSI-X vector v, or -1 */
	int (*irq_fd)(struct card_dev *d, unsigned v);
	int (*reset)(struct card_dev *d);
	void (*close)(struct card_dev *d);
};

struct card_dev {
	const struct card_dev_ops *ops;
	char name[96];            /* for the label: "cardsim, /run/card.sock" */
	/* the card is gone: set by whichever thread's access found it so and
	 * read by every loop sharing the card (pnsd -W N), hence atomic */
	_Atomic bool lost;
};

/* "cardsim:SOCKET" */
struct card_dev *card_dev_open_vfio_user(const char *socket_path);
/* "vfio:0000:03:00.0" */
struct card_dev *card_dev_open_vfio(const char *pci_address);

static inline uint32_t card_rd(struct card_dev *d, uint32_t off)
{
	return d->ops->read32(d, off);
}

/* 1: r->val is the register at off (card_rd_set(r, CARD_RD_IDLE) to
 * read again), 0: asked, not answered yet (call again), -1: the card is lost */
static inline int card_rd_nb(struct card_dev *d, struct card_rdreq *r, uint32_t off)
{
	if (card_rd_state(r) == CARD_RD_IDLE)
		r->off = off;
	if (!d->ops->read32_nb) {
		if (card_rd_state(r) != CARD_RD_DONE) {
			r->val = d->ops->read32(d, off);
			card_rd_set(r, CARD_RD_DONE);
		}
		return d->lost ? -1 : 1;
	}
	return d->ops->read32_nb(d, r);
}

static inline void card_rd_cancel(struct card_dev *d, struct card_rdreq *r)
{
	if (card_rd_state(r) == CARD_RD_SENT && d->ops->read_cancel)
		d->ops->read_cancel(d, r);
	card_rd_set(r, CARD_RD_IDLE);
}

static inline int card_wr(struct card_dev *d, uint32_t off, uint32_t val)
{
	return d->ops->write32(d, off, val);
}

#endif
