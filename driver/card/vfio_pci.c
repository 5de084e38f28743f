/*
 * The VFIO card backend: a real card on PCIe, bound to vfio-pci.
 *
 * The generic VFIO work (IOMMU group, container, device fd, BAR mmap, DMA
 * maps, interrupt eventfds, reset, and the messages that say what to do
 * when any of it fails) is driver/vfio/vfio_dev.c; this file only adds
 * what is ours: that the device is our card (vendor/device ID), BAR0 as the
 * register file, one eventfd per MSI-X vector, and DMA memory handed out
 * at increasing IOVAs.
 *
 * The generic layer has run against a real kernel (QEMU's edu device in a
 * guest, `make vfio-guest`); this backend has not: there is no card here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "../backend.h"
#include "../vfio/pci_find.h"
#include "../vfio/vfio_dev.h"
#include "card_dev.h"
#include "card_if.h"

/* DMA memory at 4 GiB and up: clear of the low IOVAs some IOMMUs reserve. */
#define VFIO_IOVA_BASE 0x100000000ull

struct vfio_card {
	struct card_dev dev;
	struct vfio_dev *vd;
	volatile uint8_t *bar;
	size_t bar_size;
	int irq_fd[CARD_NUM_VECTORS];
	uint64_t next_iova;
	pthread_mutex_t iova_lock;   /* several event loops set their queues up (pnsd -W N) */
};

static struct vfio_card *vc(struct card_dev *d)
{
	return (struct vfio_card *)d;
}

static uint32_t vf_read32(struct card_dev *d, uint32_t off)
{
	struct vfio_card *v = vc(d);
	uint32_t val;

	if (d->lost || off + 4 > v->bar_size)
		return 0xffffffffu;
	val = *(volatile uint32_t *)(v->bar + off);
	if (val == 0xffffffffu && off == CARD_HDR_TYPE)
		d->lost = true;         /* a read of a missing device: all ones */
	return val;
}

static int vf_write32(struct card_dev *d, uint32_t off, uint32_t val)
{
	struct vfio_card *v = vc(d);

	if (d->lost || off + 4 > v->bar_size) {
		errno = d->lost ? ENODEV : EINVAL;
		return -1;
	}
	*(volatile uint32_t *)(v->bar + off) = val;
	return 0;
}

static void vf_doorbell(struct card_dev *d, uint32_t off, uint32_t val)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);   /* ring entries before the doorbell */
	vf_write32(d, off, val);
}

static int vf_dma_alloc(struct card_dev *d, size_t size, struct card_dma *out)
{
	struct vfio_card *v = vc(d);
	size_t len = (size + 4095) & ~(size_t)4095;
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err;

	if (va == MAP_FAILED)
		return -1;
	pthread_mutex_lock(&v->iova_lock);
	if (vfio_dev_dma_map(v->vd, va, len, v->next_iova) < 0) {
		err = errno;
		pthread_mutex_unlock(&v->iova_lock);
		mppe_set_error("%s", vfio_error());
		munmap(va, len);
		errno = err;
		return -1;
	}
	out->va = va;
	out->iova = v->next_iova;
	out->size = len;
	out->priv = NULL;
	v->next_iova += len + 4096;     /* a page of nothing between mappings */
	pthread_mutex_unlock(&v->iova_lock);
	return 0;
}

static void vf_dma_free(struct card_dev *d, struct card_dma *m)
{
	if (!m->va)
		return;
	vfio_dev_dma_unmap(vc(d)->vd, m->iova, m->size);
	munmap(m->va, m->size);
	m->va = NULL;
}

static int vf_irq_fd(struct card_dev *d, unsigned vec)
{
	return vec < CARD_NUM_VECTORS ? vc(d)->irq_fd[vec] : -1;
}

static int vf_reset(struct card_dev *d)
{
	return vfio_dev_reset(vc(d)->vd);
}

static void vf_close(struct card_dev *d)
{
	struct vfio_card *v = vc(d);

	vfio_dev_unmap_bar((void *)v->bar, v->bar_size);
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		if (v->irq_fd[i] >= 0)
			close(v->irq_fd[i]);
	vfio_dev_close(v->vd);
	pthread_mutex_destroy(&v->iova_lock);
	free(v);
}

static const struct card_dev_ops vfio_ops = {
	.kind = "vfio",
	.read32 = vf_read32,
	.write32 = vf_write32,
	.doorbell = vf_doorbell,
	.dma_alloc = vf_dma_alloc,
	.dma_free = vf_dma_free,
	.irq_fd = vf_irq_fd,
	.reset = vf_reset,
	.close = vf_close,
};

static int bring_up(struct vfio_card *v, const char *addr)
{
	size_t bar_size;
	void *bar;

	v->vd = vfio_dev_open(addr);
	if (!v->vd)
		return -1;
	bar = vfio_dev_map_bar(v->vd, 0, CARD_BAR0_SIZE, &bar_size);
	if (!bar)
		return -1;
	v->bar = bar;
	v->bar_size = bar_size;
	/* memory space and bus mastering on, so the card can reach host memory */
	if (vfio_dev_enable_dma(v->vd) < 0)
		return -1;
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++) {
		v->irq_fd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (v->irq_fd[i] < 0)
			return -1;
	}
	return vfio_dev_irq_enable(v->vd, VFIO_PCI_MSIX_IRQ_INDEX, CARD_NUM_VECTORS, v->irq_fd);
}

struct card_dev *card_dev_open_vfio(const char *addr)
{
	struct pci_card_info info;
	struct vfio_card *v;
	int err;

	if (vfio_addr_check(addr) < 0) {
		mppe_set_error("%s", vfio_error());
		return NULL;
	}
	if (pci_card_lookup(addr, &info) < 0) {
		mppe_set_error("no PCI device %s here (mppecardctl list finds cards, lspci -D lists every device)",
			       addr);
		return NULL;
	}
	if (info.vendor != CARD_PCI_VENDOR_ID || info.device != CARD_PCI_DEVICE_ID) {
		mppe_set_error("%s is %04x:%04x, not the MPPE card (%04x:%04x); mppecardctl list finds cards", addr,
			       info.vendor, info.device, CARD_PCI_VENDOR_ID, CARD_PCI_DEVICE_ID);
		errno = ENXIO;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->dev.ops = &vfio_ops;
	v->next_iova = VFIO_IOVA_BASE;
	pthread_mutex_init(&v->iova_lock, NULL);
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		v->irq_fd[i] = -1;
	snprintf(v->dev.name, sizeof(v->dev.name), "vfio, %s", addr);
	if (bring_up(v, addr) < 0) {
		err = errno ? errno : EIO;
		mppe_set_error("%s", vfio_error());
		vf_close(&v->dev);
		errno = err;
		return NULL;
	}
	return &v->dev;
}
