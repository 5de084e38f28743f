/* PCI discovery with libpci (pci_find.h). */
#include "pci_find.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* libpci's error hook must not return; it jumps back to the scan. Not
 * reentrant across threads at once, like libpci's own defaults. */
static _Thread_local jmp_buf scan_env;
static _Thread_local char scan_msg[256];

static void __attribute__((noreturn)) on_error(char *msg, ...)
{
	va_list ap;

	va_start(ap, msg);
	vsnprintf(scan_msg, sizeof(scan_msg), msg, ap);
	va_end(ap);
	longjmp(scan_env, 1);
}

static void on_warning(char *msg, ...)
{
	(void)msg;                  /* e.g. an unreadable config space: we fall back to sysfs */
}

static const char *const speeds[] = { "", "2.5 GT/s", "5.0 GT/s", "8.0 GT/s", "16.0 GT/s", "32.0 GT/s",
				      "64.0 GT/s" };

static const char *speed_name(unsigned code)
{
	return code < sizeof(speeds) / sizeof(speeds[0]) ? speeds[code] : "unknown";
}

/* A sysfs attribute of the device as a string without the newline. */
static void sysfs_attr(const char *addr, const char *name, char *out, size_t cap)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", addr, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, out, cap - 1);
	close(fd);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

static void fill_link(struct pci_dev *p, struct pci_card_info *c)
{
	struct pci_cap *cap = pci_find_cap(p, PCI_CAP_ID_EXP, PCI_CAP_NORMAL);
	char buf[32];

	if (cap) {
		uint32_t lnkcap = pci_read_long(p, cap->addr + PCI_EXP_LNKCAP);
		uint16_t lnksta = pci_read_word(p, cap->addr + PCI_EXP_LNKSTA);
		c->link_max_width = (lnkcap & PCI_EXP_LNKCAP_WIDTH) >> 4;
		snprintf(c->link_max_speed, sizeof(c->link_max_speed), "%s", speed_name(lnkcap & PCI_EXP_LNKCAP_SPEED));
		c->link_width = (lnksta & PCI_EXP_LNKSTA_WIDTH) >> 4;
		snprintf(c->link_speed, sizeof(c->link_speed), "%s", speed_name(lnksta & PCI_EXP_LNKSTA_SPEED));
		return;
	}
	/* Without root only the first 64 octets of config space are readable,
	 * so no capability list; sysfs has the link for everyone. */
	sysfs_attr(c->addr, "current_link_width", buf, sizeof(buf));
	c->link_width = (unsigned)strtoul(buf, NULL, 10);
	sysfs_attr(c->addr, "max_link_width", buf, sizeof(buf));
	c->link_max_width = (unsigned)strtoul(buf, NULL, 10);
	sysfs_attr(c->addr, "current_link_speed", c->link_speed, sizeof(c->link_speed));
	sysfs_attr(c->addr, "max_link_speed", c->link_max_speed, sizeof(c->link_max_speed));
	/* "8.0 GT/s PCIe" -> "8.0 GT/s"; "Unknown" stays */
	for (char *s = c->link_speed; (s = strstr(s, " PCIe")); )
		*s = '\0';
	for (char *s = c->link_max_speed; (s = strstr(s, " PCIe")); )
		*s = '\0';
}

static void fill(struct pci_dev *p, struct pci_card_info *c)
{
	const char *s;

	memset(c, 0, sizeof(*c));
	pci_fill_info(p, PCI_FILL_IDENT | PCI_FILL_BASES | PCI_FILL_SIZES | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT |
			 PCI_FILL_SUBSYS | PCI_FILL_CAPS | PCI_FILL_IOMMU_GROUP | PCI_FILL_DRIVER |
			 PCI_FILL_NUMA_NODE);
	snprintf(c->addr, sizeof(c->addr), "%04x:%02x:%02x.%x", (unsigned)p->domain, p->bus, p->dev, p->func);
	c->vendor = p->vendor_id;
	c->device = p->device_id;
	c->subsys_vendor = p->subsys_vendor_id;
	c->subsys_device = p->subsys_id;
	c->class_code = ((uint32_t)p->device_class << 8) | p->prog_if;
	c->revision = p->rev_id;
	c->numa_node = p->numa_node;
	s = pci_get_string_property(p, PCI_FILL_IOMMU_GROUP);
	c->iommu_group = s ? atoi(s) : -1;
	s = pci_get_string_property(p, PCI_FILL_DRIVER);
	snprintf(c->driver, sizeof(c->driver), "%s", s ? s : "");
	for (int i = 0; i < 6; i++) {
		pciaddr_t a = p->base_addr[i];
		c->bar_size[i] = p->size[i];
		if (!p->size[i])
			continue;
		if (a & PCI_BASE_ADDRESS_SPACE_IO) {
			c->bar_flags[i] = PCI_FIND_BAR_IO;
		} else {
			if ((a & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64)
				c->bar_flags[i] |= PCI_FIND_BAR_64;
			if (a & PCI_BASE_ADDRESS_MEM_PREFETCH)
				c->bar_flags[i] |= PCI_FIND_BAR_PREFETCH;
		}
	}
	fill_link(p, c);
}

static int scan(uint32_t vendor, uint32_t device, const char *addr, struct pci_card_info *out, unsigned max,
		const char **err)
{
	struct pci_access *volatile pa = pci_alloc();
	volatile int n = 0;

	if (!pa) {
		*err = "out of memory";
		return -1;
	}
	pa->error = on_error;
	pa->warning = on_warning;
	if (setjmp(scan_env)) {
		/* libpci's state after its error is not safe to clean up */
		*err = scan_msg;
		return -1;
	}
	pci_init(pa);
	pci_scan_bus(pa);
	for (struct pci_dev *p = pa->devices; p; p = p->next) {
		char a[16];
		pci_fill_info(p, PCI_FILL_IDENT);
		snprintf(a, sizeof(a), "%04x:%02x:%02x.%x", (unsigned)p->domain, p->bus, p->dev, p->func);
		if (addr ? strcmp(a, addr) != 0 :
		    (vendor != PCI_FIND_ANY && p->vendor_id != vendor) || (device != PCI_FIND_ANY && p->device_id != device))
			continue;
		if ((unsigned)n < max)
			fill(p, &out[n]);
		n++;
	}
	pci_cleanup(pa);
	/* libpci lists in the order it read the bus; sort by address */
	for (int i = 1; i < n && i < (int)max; i++)
		for (int j = i; j > 0 && strcmp(out[j - 1].addr, out[j].addr) > 0; j--) {
			struct pci_card_info t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

int pci_card_list(uint32_t vendor, uint32_t device, struct pci_card_info *out, unsigned max, const char **err)
{
	return scan(vendor, device, NULL, out, max, err);
}

int pci_card_lookup(const char *addr, struct pci_card_info *out)
{
	const char *err = NULL;
	char want[16];
	int n;

	/* libpci prints addresses in lower case */
	snprintf(want, sizeof(want), "%s", addr ? addr : "");
	for (char *s = want; *s; s++)
		if (*s >= 'A' && *s <= 'F')
			*s = (char)(*s - 'A' + 'a');
	n = scan(0, 0, want, out, 1, &err);
	if (n <= 0) {
		errno = n < 0 ? EIO : ENODEV;
		return -1;
	}
	return 0;
}

int pci_parse_id(const char *s, uint32_t *vendor, uint32_t *device)
{
	unsigned v, d;
	char tail;

	if (!s || strlen(s) != 9 || s[4] != ':' || sscanf(s, "%4x:%4x%c", &v, &d, &tail) != 2) {
		errno = EINVAL;
		return -1;
	}
	*vendor = v;
	*device = d;
	return 0;
}
