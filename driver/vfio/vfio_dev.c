/*
 * The generic VFIO layer (vfio_dev.h). The kernel's own answers (errno of
 * an open or an ioctl) say little: EINVAL, EBUSY, ENOMEM. So before it
 * touches /dev/vfio, open reads what sysfs knows about the device and its
 * group, and every failure is turned into a sentence with the command that
 * fixes it.
 */
#include "vfio_dev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vfio.h>

struct vfio_dev {
	int container, group, device;
	int group_id;
	uint32_t flags;               /* VFIO_DEVICE_FLAGS_* */
	unsigned num_regions, num_irqs;
	size_t dma_mapped;
	char addr[VFIO_ADDR_LEN + 1];
	char group_path[PATH_MAX];
};

/* ------------------------------------------------------------------ messages */

static _Thread_local char err_msg[1024];

const char *vfio_error(void)
{
	return err_msg[0] ? err_msg : "no error";
}

/* Fills the message and sets errno; returns -1 for `return fail(...)`. */
__attribute__((format(printf, 2, 3))) static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

/* ------------------------------------------------------------------ sysfs */

int vfio_addr_check(const char *s)
{
	unsigned dom, bus, dev, fn;
	char tail;

	if (!s || strlen(s) != VFIO_ADDR_LEN ||
	    sscanf(s, "%4x:%2x:%2x.%1x%c", &dom, &bus, &dev, &fn, &tail) != 4 || dev > 31 || fn > 7 ||
	    s[4] != ':' || s[7] != ':' || s[10] != '.')
		return fail(EINVAL, "'%s' is not a PCI address: write it as lspci -D shows it, "
			    "DDDD:BB:DD.F (e.g. 0000:03:00.0)", s ? s : "(null)");
	return 0;
}

/* The last path component of a symlink, or "" when there is no link. */
static void link_name(const char *path, char *out, size_t cap)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	const char *slash;

	out[0] = '\0';
	if (n <= 0)
		return;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	slash = slash ? slash + 1 : buf;
	n = (ssize_t)strlen(slash);
	if ((size_t)n >= cap)
		n = (ssize_t)cap - 1;           /* a name that long is no driver or group of ours */
	memcpy(out, slash, (size_t)n);
	out[n] = '\0';
}

/* A PCI bridge (header type 1 or 2) may keep its host driver: the kernel's
 * viability rule allows it, since it does no DMA of its own. */
static bool is_bridge(const char *sysfs, const char *addr)
{
	char path[PATH_MAX];
	uint8_t cfg[16];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/config", sysfs, addr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, cfg, sizeof(cfg));
	close(fd);
	return n == (ssize_t)sizeof(cfg) && (cfg[14] & 0x7f) != 0;
}

/*
 * The devices of the group that make it not viable: bound to a driver
 * other than vfio-pci or pci-stub and not a bridge. Appends
 * "0000:00:1f.3 (snd_hda_intel), ..." to out; returns how many.
 */
static int group_spoilers(const char *sysfs, int group, const char *self, char *out, size_t cap)
{
	char path[PATH_MAX], drv[128];
	struct dirent *de;
	DIR *dir;
	int n = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/%d/devices", sysfs, group);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		size_t len = strlen(out);
		if (de->d_name[0] == '.' || strcmp(de->d_name, self) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/kernel/iommu_groups/%d/devices/%s/driver", sysfs, group, de->d_name);
		link_name(path, drv, sizeof(drv));
		if (!drv[0] || strcmp(drv, "vfio-pci") == 0 || strcmp(drv, "pci-stub") == 0 ||
		    is_bridge(sysfs, de->d_name))
			continue;
		snprintf(out + len, cap - len, "%s%s (%s)", n ? ", " : "", de->d_name, drv);
		n++;
	}
	closedir(dir);
	return n;
}

static int bind_advice(const char *sysfs, const char *addr, const char *drv)
{
	char path[PATH_MAX], unbind[160] = "";
	struct stat st;

	snprintf(path, sizeof(path), "%s/bus/pci/drivers/vfio-pci", sysfs);
	if (drv[0])
		snprintf(unbind, sizeof(unbind), "    echo %s > /sys/bus/pci/devices/%s/driver/unbind\n", addr, addr);
	return fail(EBUSY,
		    "%s is %s%s, not to vfio-pci.%s Bind it with driverctl (lasts across reboots):\n"
		    "    driverctl set-override %s vfio-pci\n"
		    "or through sysfs (until reboot):\n"
		    "    echo vfio-pci > /sys/bus/pci/devices/%s/driver_override\n"
		    "%s"
		    "    echo %s > /sys/bus/pci/drivers_probe",
		    addr, drv[0] ? "bound to driver " : "bound to no driver", drv,
		    stat(path, &st) == 0 ? "" : " The vfio-pci module is not loaded: modprobe vfio-pci.",
		    addr, addr, unbind, addr);
}

/* Everything sysfs can tell before /dev/vfio is opened; the group number. */
static int check_sysfs(const char *sysfs, const char *addr, int *group)
{
	char path[PATH_MAX], name[128], spoil[768];
	struct stat st;
	DIR *groups;
	struct dirent *de;
	bool any_group = false;

	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs, addr);
	if (stat(path, &st) < 0)
		return fail(ENODEV, "no PCI device %s here (lspci -D lists them; mppecardctl list finds cards)", addr);
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/iommu_group", sysfs, addr);
	link_name(path, name, sizeof(name));
	if (!name[0]) {
		snprintf(path, sizeof(path), "%s/kernel/iommu_groups", sysfs);
		groups = opendir(path);
		while (groups && (de = readdir(groups)))
			any_group |= de->d_name[0] != '.';
		if (groups)
			closedir(groups);
		return fail(ENXIO,
			    "%s has no IOMMU group: %s. VFIO needs the IOMMU: turn on VT-d (Intel) or "
			    "AMD-Vi/IOMMU in the firmware setup and boot Linux with intel_iommu=on "
			    "(AMD: amd_iommu=on); /sys/class/iommu/ then lists it",
			    addr, any_group ? "the IOMMU does not cover it" : "no IOMMU is active (no IOMMU groups at all)");
	}
	*group = atoi(name);
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/driver", sysfs, addr);
	link_name(path, name, sizeof(name));
	if (strcmp(name, "vfio-pci") != 0)
		return bind_advice(sysfs, addr, name);
	if (group_spoilers(sysfs, *group, addr, spoil, sizeof(spoil)) > 0)
		return fail(EBUSY,
			    "IOMMU group %d of %s is not viable: other devices in it are bound to host drivers: %s. "
			    "All devices of a group go to user space together: bind each of them to vfio-pci "
			    "(driverctl set-override ADDRESS vfio-pci) or unbind it "
			    "(echo ADDRESS > /sys/bus/pci/devices/ADDRESS/driver/unbind)",
			    *group, addr, spoil);
	return 0;
}

/* ------------------------------------------------------------------ open */

static int open_node(const char *path, int group, const char *addr)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	struct stat st;

	if (fd >= 0)
		return fd;
	if (errno == EACCES || errno == EPERM) {
		int e = errno;
		if (stat(path, &st) == 0)
			return fail(e,
				    "no permission to open %s (owner uid %u, group gid %u, mode %03o; this process runs as "
				    "uid %u): run as root, or give the user that runs it the device: "
				    "chown USER %s (lasting: a udev rule SUBSYSTEM==\"vfio\", OWNER=\"USER\")",
				    path, (unsigned)st.st_uid, (unsigned)st.st_gid, (unsigned)(st.st_mode & 0777),
				    (unsigned)getuid(), path);
		return fail(e, "no permission to open %s: run as root", path);
	}
	if (errno == EBUSY)
		return fail(EBUSY, "IOMMU group %d (%s) is already in use by another process: only one process "
			    "may hold a VFIO group; fuser -v %s names it", group, addr, path);
	if (errno == ENOENT && group < 0)
		return fail(ENOENT, "%s does not exist: the vfio modules are not loaded (modprobe vfio-pci)", path);
	if (errno == ENOENT)
		return fail(ENOENT, "%s does not exist although %s is bound to vfio-pci: is /dev mounted "
			    "(devtmpfs) and udev running?", path, addr);
	return fail(errno, "open %s: %s", path, strerror(errno));
}

struct vfio_dev *vfio_dev_open_at(const char *sysfs, const char *devdir, const char *addr)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_device_info di = { .argsz = sizeof(di) };
	char path[PATH_MAX + 16], spoil[768];
	struct vfio_dev *d;
	int group = -1, type, err;

	err_msg[0] = '\0';
	if (vfio_addr_check(addr) < 0 || check_sysfs(sysfs, addr, &group) < 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		fail(ENOMEM, "out of memory");
		return NULL;
	}
	d->container = d->group = d->device = -1;
	d->group_id = group;
	memcpy(d->addr, addr, VFIO_ADDR_LEN + 1);
	snprintf(path, sizeof(path), "%s/vfio", devdir);
	d->container = open_node(path, -1, addr);
	if (d->container < 0)
		goto fail;
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		fail(ENOTSUP, "the kernel's VFIO API version is not %d", VFIO_API_VERSION);
		goto fail;
	}
	type = ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0 ? VFIO_TYPE1v2_IOMMU :
	       ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) > 0 ? VFIO_TYPE1_IOMMU : 0;
	if (!type) {
		fail(ENOTSUP, "the kernel offers no type 1 IOMMU for VFIO: modprobe vfio_iommu_type1");
		goto fail;
	}
	snprintf(d->group_path, sizeof(d->group_path), "%s/%d", devdir, group);
	d->group = open_node(d->group_path, group, addr);
	if (d->group < 0)
		goto fail;
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs) < 0) {
		fail(errno, "VFIO_GROUP_GET_STATUS on %s: %s", d->group_path, strerror(errno));
		goto fail;
	}
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		/* sysfs looked fine a moment ago: name what it shows now */
		int n = group_spoilers(sysfs, group, addr, spoil, sizeof(spoil));
		fail(EBUSY, "IOMMU group %d of %s is not viable%s%s: bind every device of the group to vfio-pci "
		     "or unbind it (ls /sys/kernel/iommu_groups/%d/devices lists them)",
		     group, addr, n ? ": bound to host drivers: " : "", n ? spoil : "", group);
		goto fail;
	}
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container) < 0) {
		fail(errno, "attaching IOMMU group %d to a VFIO container: %s", group, strerror(errno));
		goto fail;
	}
	if (ioctl(d->container, VFIO_SET_IOMMU, type) < 0) {
		if (errno == EPERM)
			/* vfio_iommu_type1 refuses an IOMMU that cannot isolate MSIs */
			fail(EPERM, "VFIO refuses IOMMU group %d (%s): the IOMMU does not remap interrupts, so the "
			     "device could raise any interrupt (the kernel log says \"No interrupt remapping "
			     "support\"). Turn interrupt remapping on (VT-d or AMD-Vi with x2APIC in the firmware "
			     "setup; no intremap=off on the kernel command line), or, for a device you trust: "
			     "echo 1 > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts (lasting: "
			     "options vfio_iommu_type1 allow_unsafe_interrupts=1 in /etc/modprobe.d/)", group, addr);
		else
			fail(errno, "VFIO_SET_IOMMU for IOMMU group %d: %s", group, strerror(errno));
		goto fail;
	}
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, addr);
	if (d->device < 0) {
		fail(errno, "VFIO_GROUP_GET_DEVICE_FD %s: %s%s", addr, strerror(errno),
		     errno == EBUSY ? " (the device is open already, in this or another process)" : "");
		goto fail;
	}
	if (ioctl(d->device, VFIO_DEVICE_GET_INFO, &di) < 0) {
		fail(errno, "VFIO_DEVICE_GET_INFO %s: %s", addr, strerror(errno));
		goto fail;
	}
	d->flags = di.flags;
	d->num_regions = di.num_regions;
	d->num_irqs = di.num_irqs;
	return d;
fail:
	err = errno;
	vfio_dev_close(d);
	errno = err;
	return NULL;
}

struct vfio_dev *vfio_dev_open(const char *addr)
{
	return vfio_dev_open_at("/sys", "/dev/vfio", addr);
}

void vfio_dev_close(struct vfio_dev *d)
{
	if (!d)
		return;
	/* Closing the device fd makes the kernel disable its interrupts, reset
	 * it and drop bus mastering; closing the container unmaps all DMA. */
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	free(d);
}

int vfio_dev_group(const struct vfio_dev *d)
{
	return d->group_id;
}

/* ------------------------------------------------------------------ regions */

int vfio_dev_region(struct vfio_dev *d, unsigned index, uint64_t *offset, uint64_t *size, uint32_t *flags)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = index };

	if (index >= d->num_regions)
		return fail(EINVAL, "%s has no region %u", d->addr, index);
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &ri) < 0)
		return fail(errno, "VFIO_DEVICE_GET_REGION_INFO %u of %s: %s", index, d->addr, strerror(errno));
	if (offset)
		*offset = ri.offset;
	if (size)
		*size = ri.size;
	if (flags)
		*flags = ri.flags;
	return 0;
}

void *vfio_dev_map_bar(struct vfio_dev *d, unsigned bar, size_t min_size, size_t *size)
{
	uint64_t off, sz;
	uint32_t fl;
	void *p;

	if (bar > VFIO_PCI_BAR5_REGION_INDEX) {
		fail(EINVAL, "no BAR %u", bar);
		return NULL;
	}
	if (vfio_dev_region(d, VFIO_PCI_BAR0_REGION_INDEX + bar, &off, &sz, &fl) < 0)
		return NULL;
	if (sz < min_size || !(fl & VFIO_REGION_INFO_FLAG_MMAP)) {
		fail(ENXIO, "BAR%u of %s is %llu octets%s; expected at least %zu octets, mappable", bar, d->addr,
		     (unsigned long long)sz, fl & VFIO_REGION_INFO_FLAG_MMAP ? "" : " and cannot be mapped", min_size);
		return NULL;
	}
	p = mmap(NULL, (size_t)sz, PROT_READ | PROT_WRITE, MAP_SHARED, d->device, (off_t)off);
	if (p == MAP_FAILED) {
		fail(errno, "mmap of BAR%u of %s: %s", bar, d->addr, strerror(errno));
		return NULL;
	}
	*size = (size_t)sz;
	return p;
}

void vfio_dev_unmap_bar(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

static int vfio_dev_cfg_read(struct vfio_dev *d, unsigned off, void *buf, size_t len)
{
	uint64_t base;

	if (vfio_dev_region(d, VFIO_PCI_CONFIG_REGION_INDEX, &base, NULL, NULL) < 0)
		return -1;
	if (pread(d->device, buf, len, (off_t)(base + off)) != (ssize_t)len)
		return fail(errno ? errno : EIO, "config space read of %s at 0x%x failed", d->addr, off);
	return 0;
}

static int vfio_dev_cfg_write(struct vfio_dev *d, unsigned off, const void *buf, size_t len)
{
	uint64_t base;

	if (vfio_dev_region(d, VFIO_PCI_CONFIG_REGION_INDEX, &base, NULL, NULL) < 0)
		return -1;
	if (pwrite(d->device, buf, len, (off_t)(base + off)) != (ssize_t)len)
		return fail(errno ? errno : EIO, "config space write of %s at 0x%x failed", d->addr, off);
	return 0;
}

int vfio_dev_enable_dma(struct vfio_dev *d)
{
	uint16_t cmd;

	if (vfio_dev_cfg_read(d, 4, &cmd, 2) < 0)
		return -1;
	cmd |= 0x6;                 /* memory space, bus master */
	return vfio_dev_cfg_write(d, 4, &cmd, 2);
}

/* ------------------------------------------------------------------ DMA */

int vfio_dev_dma_map(struct vfio_dev *d, void *va, size_t len, uint64_t iova)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uint64_t)(uintptr_t)va, .iova = iova, .size = len,
	};
	struct rlimit rl;

	if (ioctl(d->container, VFIO_IOMMU_MAP_DMA, &m) == 0) {
		d->dma_mapped += len;
		return 0;
	}
	if (errno == ENOMEM && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		return fail(ENOMEM,
			    "mapping %zu KiB for DMA by %s failed: the kernel pins DMA memory and counts it "
			    "against the locked-memory limit, which is %llu KiB (%zu KiB in use already). "
			    "Raise it: ulimit -l unlimited in the shell, LimitMEMLOCK=infinity in the systemd "
			    "unit, or a memlock line in /etc/security/limits.conf (root with CAP_IPC_LOCK is not limited)",
			    len / 1024, d->addr, (unsigned long long)(rl.rlim_cur / 1024), d->dma_mapped / 1024);
	return fail(errno, "VFIO_IOMMU_MAP_DMA of %zu octets at IOVA 0x%llx for %s: %s%s", len,
		    (unsigned long long)iova, d->addr, strerror(errno),
		    errno == EEXIST ? " (the IOVA range overlaps a mapping)" : "");
}

int vfio_dev_dma_unmap(struct vfio_dev *d, uint64_t iova, size_t len)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = iova, .size = len };

	if (ioctl(d->container, VFIO_IOMMU_UNMAP_DMA, &u) < 0)
		return fail(errno, "VFIO_IOMMU_UNMAP_DMA at 0x%llx: %s", (unsigned long long)iova, strerror(errno));
	d->dma_mapped -= u.size < d->dma_mapped ? u.size : d->dma_mapped;
	return 0;
}

/* ------------------------------------------------------------------ interrupts */

int vfio_dev_irq_count(struct vfio_dev *d, unsigned index)
{
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = index };

	if (index >= d->num_irqs)
		return 0;
	if (ioctl(d->device, VFIO_DEVICE_GET_IRQ_INFO, &ii) < 0)
		return fail(errno, "VFIO_DEVICE_GET_IRQ_INFO %u of %s: %s", index, d->addr, strerror(errno));
	return (int)ii.count;
}

int vfio_dev_irq_enable(struct vfio_dev *d, unsigned index, unsigned count, const int *fds)
{
	size_t sz = sizeof(struct vfio_irq_set) + sizeof(int32_t) * count;
	struct vfio_irq_set *s;
	int have = vfio_dev_irq_count(d, index), r;

	if (have < 0)
		return -1;
	if (count == 0 || (unsigned)have < count)
		return fail(ENXIO, "%s has %d vectors of interrupt index %u, %u wanted", d->addr, have, index, count);
	s = calloc(1, sz);
	if (!s)
		return fail(ENOMEM, "out of memory");
	s->argsz = (uint32_t)sz;
	s->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->index = index;
	s->start = 0;
	s->count = count;
	for (unsigned i = 0; i < count; i++) {
		int32_t fd = fds[i];
		memcpy(s->data + i * sizeof(int32_t), &fd, sizeof(fd));
	}
	r = ioctl(d->device, VFIO_DEVICE_SET_IRQS, s);
	free(s);
	if (r < 0)
		return fail(errno, "VFIO_DEVICE_SET_IRQS (index %u, %u vectors) on %s: %s", index, count, d->addr,
			    strerror(errno));
	return 0;
}

/* ------------------------------------------------------------------ reset */

int vfio_dev_reset(struct vfio_dev *d)
{
	if (!(d->flags & VFIO_DEVICE_FLAGS_RESET))
		return fail(ENOTTY, "%s has no reset the kernel can use (no FLR, PM or bus reset)", d->addr);
	if (ioctl(d->device, VFIO_DEVICE_RESET) < 0)
		return fail(errno, "VFIO_DEVICE_RESET of %s: %s", d->addr, strerror(errno));
	return 0;
}
