/*
 * The generic Linux VFIO layer: one PCI function bound to vfio-pci, used
 * from user space through its IOMMU group (the container/group interface,
 * the one every kernel since 4.x offers; the iommufd/cdev interface needs
 * 6.6, and Debian 12's kernel is 6.1).
 *
 * It knows nothing about our card: the card backend (driver/card/vfio_pci.c)
 * and the guest test against QEMU's edu device (tests/vfio/) both use it.
 *
 *   open        sysfs checks first (device, IOMMU group, bound driver, the
 *               other devices of the group), then container, group, device fd
 *   regions     region info, BAR mmap, config space reads and writes
 *   DMA         VFIO_IOMMU_MAP_DMA of the caller's memory at the caller's IOVA
 *   interrupts  eventfds with VFIO_DEVICE_SET_IRQS (INTx, MSI or MSI-X)
 *   reset       VFIO_DEVICE_RESET
 *   close       everything above undone; the kernel resets the device too
 *
 * Every failure a user can cause leaves a message in vfio_error() that
 * says what is wrong and what to do (the IOMMU is off, the device is bound
 * to another driver, the group is not viable and which devices spoil it,
 * no permission on /dev/vfio/N, the locked-memory limit).
 */
#ifndef VFIO_DEV_H
#define VFIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vfio_dev;

/* "0000:03:00.0": the address as sysfs spells it (lower-case hex). */
#define VFIO_ADDR_LEN 12

/* Opens the function at `addr`. NULL with errno set and vfio_error() filled. */
struct vfio_dev *vfio_dev_open(const char *addr);
/* The same against another sysfs and /dev/vfio root (for the unit tests). */
struct vfio_dev *vfio_dev_open_at(const char *sysfs, const char *devdir, const char *addr);
void vfio_dev_close(struct vfio_dev *d);

/* The last failure of this thread: what went wrong and what to do. */
const char *vfio_error(void);

/* Checks "DDDD:BB:DD.F"; 0 or -1 with EINVAL. */
int vfio_addr_check(const char *addr);

int vfio_dev_group(const struct vfio_dev *d);      /* IOMMU group number */

/* Region `index` (VFIO_PCI_BAR0_REGION_INDEX ... CONFIG): offset in the
 * device fd, size, VFIO_REGION_INFO_FLAG_*. */
int vfio_dev_region(struct vfio_dev *d, unsigned index, uint64_t *offset, uint64_t *size, uint32_t *flags);
/* mmap of BAR `bar`, at least `min_size` octets; *size gets the BAR's size. */
void *vfio_dev_map_bar(struct vfio_dev *d, unsigned bar, size_t min_size, size_t *size);
void vfio_dev_unmap_bar(void *p, size_t size);
/* PCI COMMAND: memory space and bus mastering on (the device may DMA). */
int vfio_dev_enable_dma(struct vfio_dev *d);

/* Maps [va, va+len) for device reads and writes at `iova` (page aligned).
 * The kernel pins the pages and counts them against RLIMIT_MEMLOCK. */
int vfio_dev_dma_map(struct vfio_dev *d, void *va, size_t len, uint64_t iova);
int vfio_dev_dma_unmap(struct vfio_dev *d, uint64_t iova, size_t len);

/* How many vectors interrupt index `index` (VFIO_PCI_INTX/MSI/MSIX_IRQ_INDEX) has. */
int vfio_dev_irq_count(struct vfio_dev *d, unsigned index);
/* Vectors 0..count-1 of `index` signal fds[0..count-1] (eventfds). */
int vfio_dev_irq_enable(struct vfio_dev *d, unsigned index, unsigned count, const int *fds);

/* Function reset (FLR, PM or bus reset: whatever the kernel has for it).
 * -1 with ENOTTY when the device has none. */
int vfio_dev_reset(struct vfio_dev *d);

#endif
