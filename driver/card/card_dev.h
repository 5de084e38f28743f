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

static inline int card_wr(struct card_dev *d, uint32_t off, uint32_t val)
{
	return d->ops->write32(d, off, val);
}

#endif
