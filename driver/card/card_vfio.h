/* The VFIO backend's device lookup, exposed for its tests. */
#ifndef CARD_VFIO_H
#define CARD_VFIO_H

#include <stdint.h>

struct card_pci_address {
	unsigned domain;
	uint8_t bus, dev, func;
};

/* "0000:03:00.0" -> fields; -1 with EINVAL when malformed. */
int card_vfio_parse_address(const char *s, struct card_pci_address *a);
/* Looks the device up with libpci; -1 with ENODEV when there is none. */
int card_vfio_find(const struct card_pci_address *a, uint16_t *vendor, uint16_t *device);

#endif
