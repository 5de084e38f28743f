/*
 * The VFIO backend: a real card on PCIe, bound to vfio-pci.
 *
 * Finds the device with libpci (and checks it is our card), opens its IOMMU
 * group through the VFIO container, maps BAR0, connects one eventfd per
 * MSI-X vector, and maps DMA memory through the type 1 IOMMU. Uses the
 * Linux VFIO UAPI (linux/vfio.h) directly.
 *
 * Not exercised on a card here: the machine has none. The tests cover the
 * lookup and the error paths (bad address, no such device, not our card).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pci/pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "card_dev.h"
#include "card_if.h"
#include "card_vfio.h"

#define VFIO_IOVA_BASE 0x100000000ull

struct vfio_dev {
	struct card_dev dev;
	int container, group, device;
	volatile uint8_t *bar;
	size_t bar_size;
	int irq_fd[CARD_NUM_VECTORS];
	uint64_t next_iova;
};

static struct vfio_dev *vd(struct card_dev *d)
{
	return (struct vfio_dev *)d;
}

int card_vfio_parse_address(const char *s, struct card_pci_address *a)
{
	unsigned dom, bus, dev, fn;
	char tail;

	if (!s || sscanf(s, "%4x:%2x:%2x.%1x%c", &dom, &bus, &dev, &fn, &tail) != 4 || dev > 31 || fn > 7 ||
	    strlen(s) != 12) {
		errno = EINVAL;
		return -1;
	}
	a->domain = dom;
	a->bus = (uint8_t)bus;
	a->dev = (uint8_t)dev;
	a->func = (uint8_t)fn;
	return 0;
}

int card_vfio_find(const struct card_pci_address *a, uint16_t *vendor, uint16_t *device)
{
	struct pci_access *pa = pci_alloc();
	struct pci_dev *p;
	int found = 0;

	if (!pa) {
		errno = ENOMEM;
		return -1;
	}
	pci_init(pa);
	pci_scan_bus(pa);
	for (p = pa->devices; p; p = p->next) {
		if ((unsigned)p->domain == a->domain && p->bus == a->bus && p->dev == a->dev && p->func == a->func) {
			pci_fill_info(p, PCI_FILL_IDENT);
			*vendor = p->vendor_id;
			*device = p->device_id;
			found = 1;
			break;
		}
	}
	pci_cleanup(pa);
	if (!found) {
		errno = ENODEV;
		return -1;
	}
	return 0;
}

static uint32_t vf_read32(struct card_dev *d, uint32_t off)
{
	struct vfio_dev *v = vd(d);
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
	struct vfio_dev *v = vd(d);

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
	struct vfio_dev *v = vd(d);
	size_t len = (size + 4095) & ~(size_t)4095;
	struct vfio_iommu_type1_dma_map m = { .argsz = sizeof(m),
					       .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE };
	void *va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err;

	if (va == MAP_FAILED)
		return -1;
	m.vaddr = (uint64_t)(uintptr_t)va;
	m.iova = v->next_iova;
	m.size = len;
	if (ioctl(v->container, VFIO_IOMMU_MAP_DMA, &m) < 0) {
		err = errno;
		munmap(va, len);
		errno = err;
		return -1;
	}
	out->va = va;
	out->iova = m.iova;
	out->size = len;
	out->priv = NULL;
	v->next_iova += len + 4096;
	return 0;
}

static void vf_dma_free(struct card_dev *d, struct card_dma *m)
{
	struct vfio_dev *v = vd(d);
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = m->iova, .size = m->size };

	if (!m->va)
		return;
	ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &u);
	munmap(m->va, m->size);
	m->va = NULL;
}

static int vf_irq_fd(struct card_dev *d, unsigned vec)
{
	return vec < CARD_NUM_VECTORS ? vd(d)->irq_fd[vec] : -1;
}

static int vf_reset(struct card_dev *d)
{
	return ioctl(vd(d)->device, VFIO_DEVICE_RESET);
}

static void vf_close(struct card_dev *d)
{
	struct vfio_dev *v = vd(d);

	if (v->bar)
		munmap((void *)v->bar, v->bar_size);
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		if (v->irq_fd[i] >= 0)
			close(v->irq_fd[i]);
	if (v->device >= 0)
		close(v->device);
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
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

static int open_group(struct vfio_dev *v, const char *addr)
{
	char link[PATH_MAX], path[PATH_MAX];
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	const char *name;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", addr);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -1;              /* no IOMMU group: IOMMU off or device gone */
	link[n] = '\0';
	name = strrchr(link, '/');
	snprintf(path, sizeof(path), "/dev/vfio/%.64s", name ? name + 1 : link);
	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container < 0)
		return -1;
	if (ioctl(v->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    !ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU)) {
		errno = ENOTSUP;
		return -1;
	}
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0)
		return -1;
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &gs) < 0)
		return -1;
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		errno = EBUSY;          /* another device of the group is bound to a host driver */
		return -1;
	}
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container) < 0 ||
	    ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return -1;
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, addr);
	return v->device < 0 ? -1 : 0;
}

static int map_bar(struct vfio_dev *v)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = VFIO_PCI_BAR0_REGION_INDEX };
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	uint16_t cmd;
	void *p;

	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &ri) < 0)
		return -1;
	if (ri.size < CARD_BAR0_SIZE || !(ri.flags & VFIO_REGION_INFO_FLAG_MMAP)) {
		errno = ENXIO;
		return -1;
	}
	p = mmap(NULL, CARD_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, v->device, (off_t)ri.offset);
	if (p == MAP_FAILED)
		return -1;
	v->bar = p;
	v->bar_size = CARD_BAR0_SIZE;
	/* memory space and bus mastering on, so the card can reach host memory */
	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &cfg) < 0 ||
	    pread(v->device, &cmd, 2, (off_t)cfg.offset + 4) != 2)
		return -1;
	cmd |= 0x6;
	if (pwrite(v->device, &cmd, 2, (off_t)cfg.offset + 4) != 2)
		return -1;
	return 0;
}

static int connect_irqs(struct vfio_dev *v)
{
	union {
		struct vfio_irq_set s;
		uint8_t bytes[sizeof(struct vfio_irq_set) + sizeof(int32_t) * CARD_NUM_VECTORS];
	} set;
	int32_t fds[CARD_NUM_VECTORS];
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_PCI_MSIX_IRQ_INDEX };

	if (ioctl(v->device, VFIO_DEVICE_GET_IRQ_INFO, &ii) < 0)
		return -1;
	if (ii.count < CARD_NUM_VECTORS) {
		errno = ENXIO;
		return -1;
	}
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++) {
		v->irq_fd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (v->irq_fd[i] < 0)
			return -1;
		fds[i] = v->irq_fd[i];
	}
	set.s = (struct vfio_irq_set){ .argsz = sizeof(set.bytes),
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = VFIO_PCI_MSIX_IRQ_INDEX, .start = 0, .count = CARD_NUM_VECTORS };
	memcpy(set.bytes + sizeof(struct vfio_irq_set), fds, sizeof(fds));
	return ioctl(v->device, VFIO_DEVICE_SET_IRQS, &set);
}

struct card_dev *card_dev_open_vfio(const char *addr)
{
	struct card_pci_address a;
	uint16_t vendor = 0, device = 0;
	struct vfio_dev *v;
	int err;

	if (card_vfio_parse_address(addr, &a) < 0 || card_vfio_find(&a, &vendor, &device) < 0)
		return NULL;
	if (vendor != CARD_PCI_VENDOR_ID || device != CARD_PCI_DEVICE_ID) {
		errno = ENXIO;          /* a device, but not our card */
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->dev.ops = &vfio_ops;
	v->container = v->group = v->device = -1;
	v->next_iova = VFIO_IOVA_BASE;
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		v->irq_fd[i] = -1;
	snprintf(v->dev.name, sizeof(v->dev.name), "vfio, %s", addr);
	if (open_group(v, addr) < 0 || map_bar(v) < 0 || connect_irqs(v) < 0)
		goto fail;
	return &v->dev;
fail:
	err = errno ? errno : EIO;
	vf_close(&v->dev);
	errno = err;
	return NULL;
}
