/*
 * Unit tests of the generic VFIO layer's checks and messages
 * (driver/vfio/vfio_dev.c) on a sysfs tree the test builds in a temporary
 * folder, and of the libpci lookup of an absent device. The same failures
 * on a real kernel are tested in the guest (tests/vfio/vfio_edu_test.c,
 * make vfio-guest); these run everywhere, also under ASan.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <cmocka.h>

#include "mppe/engine.h"
#include "vfio/pci_find.h"
#include "vfio/vfio_dev.h"

static char root[PATH_MAX], sys[PATH_MAX + 8], dev[PATH_MAX + 8];

static void mkpath(const char *fmt, ...)
{
	char p[PATH_MAX * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p, sizeof(p), fmt, ap);
	va_end(ap);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
}

static void symlink_to(const char *target, const char *fmt, ...)
{
	char p[PATH_MAX * 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p, sizeof(p), fmt, ap);
	va_end(ap);
	unlink(p);
	assert_int_equal(symlink(target, p), 0);
}

/* A PCI function in the fake sysfs: its group, driver, header type. */
static void add_device(const char *addr, int group, const char *driver, int header_type)
{
	char p[PATH_MAX * 3], target[PATH_MAX * 2];
	uint8_t cfg[64] = { 0 };
	FILE *f;

	mkpath("%s/devices/pci0000:00/%s", sys, addr);
	mkpath("%s/bus/pci/devices", sys);
	snprintf(target, sizeof(target), "%s/devices/pci0000:00/%s", sys, addr);
	symlink_to(target, "%s/bus/pci/devices/%s", sys, addr);
	cfg[14] = (uint8_t)header_type;
	snprintf(p, sizeof(p), "%s/config", target);
	f = fopen(p, "wb");
	assert_non_null(f);
	fwrite(cfg, 1, sizeof(cfg), f);
	fclose(f);
	if (group >= 0) {
		mkpath("%s/kernel/iommu_groups/%d/devices", sys, group);
		snprintf(p, sizeof(p), "../../../kernel/iommu_groups/%d", group);
		symlink_to(p, "%s/iommu_group", target);
		symlink_to(target, "%s/kernel/iommu_groups/%d/devices/%s", sys, group, addr);
	}
	if (driver) {
		mkpath("%s/bus/pci/drivers/%s", sys, driver);
		snprintf(p, sizeof(p), "../../../bus/pci/drivers/%s", driver);
		symlink_to(p, "%s/driver", target);
	}
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/test-vfio-dev-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	mkpath("%s", sys);
	mkpath("%s", dev);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void expect_fail(const char *addr, int err, const char *const *needles)
{
	assert_null(vfio_dev_open_at(sys, dev, addr));
	assert_int_equal(errno, err);
	for (; *needles; needles++) {
		if (!strstr(vfio_error(), *needles))
			fail_msg("message lacks '%s':\n%s", *needles, vfio_error());
	}
}

static void test_bad_address(void **state)
{
	(void)state;
	expect_fail("0000:03:00", EINVAL, (const char *[]){ "not a PCI address", "0000:03:00.0", NULL });
	expect_fail("0000:03:20.0", EINVAL, (const char *[]){ "not a PCI address", NULL });
	expect_fail("0000:03:00.0x", EINVAL, (const char *[]){ "not a PCI address", NULL });
	expect_fail("0000-03:00.0", EINVAL, (const char *[]){ "not a PCI address", NULL });
	assert_int_equal(vfio_addr_check(NULL), -1);
	assert_int_equal(vfio_addr_check("00ff:fe:1f.7"), 0);
}

static void test_no_device(void **state)
{
	(void)state;
	expect_fail("0000:03:00.0", ENODEV, (const char *[]){ "no PCI device 0000:03:00.0", "lspci -D", NULL });
}

static void test_no_iommu(void **state)
{
	(void)state;
	add_device("0000:03:00.0", -1, "vfio-pci", 0);
	expect_fail("0000:03:00.0", ENXIO,
		    (const char *[]){ "no IOMMU group", "no IOMMU is active", "intel_iommu=on", "amd_iommu=on", NULL });
	/* groups exist, but not for this device */
	add_device("0000:00:02.0", 1, NULL, 0);
	expect_fail("0000:03:00.0", ENXIO, (const char *[]){ "does not cover it", NULL });
}

static void test_not_bound(void **state)
{
	(void)state;
	add_device("0000:03:00.0", 7, NULL, 0);
	expect_fail("0000:03:00.0", EBUSY,
		    (const char *[]){ "bound to no driver, not to vfio-pci", "driverctl set-override 0000:03:00.0 vfio-pci",
				      "echo vfio-pci > /sys/bus/pci/devices/0000:03:00.0/driver_override",
				      "echo 0000:03:00.0 > /sys/bus/pci/drivers_probe", "modprobe vfio-pci", NULL });
	assert_null(strstr(vfio_error(), "unbind"));
	add_device("0000:03:00.0", 7, "nvme", 0);
	expect_fail("0000:03:00.0", EBUSY,
		    (const char *[]){ "bound to driver nvme, not to vfio-pci",
				      "echo 0000:03:00.0 > /sys/bus/pci/devices/0000:03:00.0/driver/unbind", NULL });
	/* vfio-pci loaded: no modprobe advice */
	mkpath("%s/bus/pci/drivers/vfio-pci", sys);
	expect_fail("0000:03:00.0", EBUSY, (const char *[]){ "driverctl", NULL });
	assert_null(strstr(vfio_error(), "modprobe"));
}

static void test_group_not_viable(void **state)
{
	(void)state;
	add_device("0000:03:00.0", 9, "vfio-pci", 0);
	add_device("0000:03:00.1", 9, "snd_hda_intel", 0);
	add_device("0000:03:00.2", 9, "vfio-pci", 0);       /* fine */
	add_device("0000:03:00.3", 9, NULL, 0);             /* fine: no driver */
	add_device("0000:00:01.0", 9, "pcieport", 1);       /* fine: a bridge */
	add_device("0000:03:00.4", 9, "xhci_hcd", 0);
	expect_fail("0000:03:00.0", EBUSY,
		    (const char *[]){ "IOMMU group 9 of 0000:03:00.0 is not viable", "0000:03:00.1 (snd_hda_intel)",
				      "0000:03:00.4 (xhci_hcd)", "bind each of them to vfio-pci", NULL });
	assert_null(strstr(vfio_error(), "pcieport"));
	assert_null(strstr(vfio_error(), "0000:03:00.2"));
	assert_null(strstr(vfio_error(), "0000:03:00.3"));
}

static void test_no_vfio_node(void **state)
{
	(void)state;
	add_device("0000:03:00.0", 4, "vfio-pci", 0);
	add_device("0000:00:01.0", 4, "pcieport", 1);
	expect_fail("0000:03:00.0", ENOENT, (const char *[]){ "/vfio does not exist", "modprobe vfio-pci", NULL });
}

static void test_pci_lookup(void **state)
{
	struct pci_card_info c;
	uint32_t v, d;
	(void)state;
	assert_int_equal(pci_card_lookup("00ff:fe:1f.7", &c), -1);
	assert_int_equal(errno, ENODEV);
	assert_int_equal(pci_parse_id("1234:11e8", &v, &d), 0);
	assert_int_equal(v, 0x1234);
	assert_int_equal(d, 0x11e8);
	assert_int_equal(pci_parse_id("1234:11e", &v, &d), -1);
	assert_int_equal(pci_parse_id("1234-11e8", &v, &d), -1);
	assert_int_equal(pci_parse_id("12345:11e8", &v, &d), -1);
	assert_int_equal(pci_parse_id("1234:11e8x", &v, &d), -1);
}

static unsigned sysfs_hex(const char *addr, const char *attr)
{
	char p[PATH_MAX], buf[32] = "";
	FILE *f;

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/%s", addr, attr);
	f = fopen(p, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	return (unsigned)strtoul(buf, NULL, 16);
}

/* libpci's view against the kernel's own (sysfs) on this machine's PCI
 * devices, whatever they are: every function, its IDs, its driver. */
static void test_pci_list_matches_sysfs(void **state)
{
	struct pci_card_info c[256];
	const char *err = NULL;
	struct dirent **names;
	int n, m;
	(void)state;
	n = scandir("/sys/bus/pci/devices", &names, NULL, alphasort);
	if (n < 0)
		skip();                         /* no PCI here at all */
	m = pci_card_list(PCI_FIND_ANY, PCI_FIND_ANY, c, 256, &err);
	assert_true(m >= 0);
	for (int i = 0, k = 0; i < n; i++) {
		char p[PATH_MAX], drv[PATH_MAX];
		ssize_t len;
		if (names[i]->d_name[0] == '.') {
			free(names[i]);
			continue;
		}
		assert_true(k < m);
		assert_string_equal(c[k].addr, names[i]->d_name);
		assert_int_equal(c[k].vendor, sysfs_hex(c[k].addr, "vendor"));
		assert_int_equal(c[k].device, sysfs_hex(c[k].addr, "device"));
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver", c[k].addr);
		len = readlink(p, drv, sizeof(drv) - 1);
		drv[len > 0 ? len : 0] = '\0';
		assert_string_equal(c[k].driver, len > 0 ? strrchr(drv, '/') + 1 : "");
		k++;
		if (i == n - 1)
			assert_int_equal(k, m);
		free(names[i]);
	}
	free(names);
	if (m > 0) {
		/* by ID: exactly the functions with that ID */
		struct pci_card_info one[256];
		int want = 0, got = pci_card_list(c[0].vendor, c[0].device, one, 256, &err);
		for (int i = 0; i < m; i++)
			want += c[i].vendor == c[0].vendor && c[i].device == c[0].device;
		assert_int_equal(got, want);
		for (int i = 0; i < got; i++)
			assert_int_equal(one[i].device, c[0].device);
		assert_int_equal(pci_card_lookup(c[0].addr, one), 0);
		assert_string_equal(one[0].addr, c[0].addr);
	}
}

/* The card backend passes the messages through mppe_engine_error(). */
static void test_engine_messages(void **state)
{
	(void)state;
	assert_null(mppe_engine_open("vfio:garbage"));
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(mppe_engine_error(), "not a PCI address"));
	assert_null(mppe_engine_open("vfio:00ff:fe:1f.7"));
	assert_non_null(strstr(mppe_engine_error(), "no PCI device 00ff:fe:1f.7"));
	assert_null(mppe_engine_open("nosuch:x"));
	assert_non_null(strstr(mppe_engine_error(), "no engine of kind 'nosuch'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_iommu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_not_viable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_vfio_node, setup, teardown),
		cmocka_unit_test(test_pci_lookup),
		cmocka_unit_test(test_pci_list_matches_sysfs),
		cmocka_unit_test(test_engine_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
