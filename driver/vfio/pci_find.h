/*
 * PCI discovery with libpci (pciutils): the functions with a given vendor
 * and device ID, and for each what an operator needs before binding it to
 * vfio-pci: address, IOMMU group, bound driver, PCIe link, BAR sizes.
 */
#ifndef PCI_FIND_H
#define PCI_FIND_H

#include <stdint.h>

#define PCI_FIND_ANY 0xffffffffu   /* as vendor or device: any */

struct pci_card_info {
	char addr[16];              /* "0000:03:00.0" */
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_device;
	uint32_t class_code;        /* base class, subclass, prog-if: 0x0b4000 */
	uint8_t revision;
	int iommu_group;            /* -1: none (no IOMMU, or it does not cover the device) */
	char driver[64];            /* "" when no driver is bound */
	/* PCIe link, from the Express capability (or sysfs when config space
	 * beyond 64 octets is not readable); width 0: not PCI Express */
	unsigned link_width, link_max_width;
	char link_speed[24], link_max_speed[24];   /* "8.0 GT/s" */
	uint64_t bar_size[6];       /* 0: BAR not implemented */
	uint8_t bar_flags[6];       /* PCI_FIND_BAR_* */
	int numa_node;              /* -1: unknown */
};

#define PCI_FIND_BAR_IO     0x1
#define PCI_FIND_BAR_64     0x2
#define PCI_FIND_BAR_PREFETCH 0x4

/*
 * Every function matching vendor:device (PCI_FIND_ANY for either), in bus
 * order, up to max into out. Returns how many matched (may exceed max),
 * or -1 with a message in *err (static text) when PCI cannot be read at all.
 */
int pci_card_list(uint32_t vendor, uint32_t device, struct pci_card_info *out, unsigned max, const char **err);
/* The function at addr; -1 with ENODEV when there is none. */
int pci_card_lookup(const char *addr, struct pci_card_info *out);
/* "VVVV:DDDD" -> ids; -1 with EINVAL when malformed. */
int pci_parse_id(const char *s, uint32_t *vendor, uint32_t *device);

#endif
