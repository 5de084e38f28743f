#!/usr/bin/env python3
"""make vfio-guest: our VFIO layer and libpci discovery on a real kernel.

Builds a guest from Debian packages (tests/guest/image.py: the Debian 6.1
kernel, its vfio and virtio modules, pciutils for lspci and libpci, the
libraries mppecardctl needs) with tests/vfio/guest_init.sh as /init, our
vfio_edu_test and mppecardctl, and boots it twice under QEMU TCG on a q35
machine with an emulated Intel IOMMU and QEMU's edu device:

  main      intel_iommu=on: discovery, not bound, bound elsewhere, group not
            viable, DMA both ways and MSI through the IOMMU, an unmapped
            IOVA refused (and the DMAR fault logged), reset, close and
            reopen, a killed process, no permission, the memlock limit
  no-iommu  intel_iommu=off: the no-IOMMU message and discovery

Both guests run at once. Every expected case must report status=ok.
usage: vfio_guest.py BUILD_DIR
"""
import os
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "guest"))
from qemu import Guest, GuestError  # noqa: E402

LIB = "/usr/lib/x86_64-linux-gnu/"
EXPECTED = {
    "main": ["list-unbound", "not-bound", "list-bound", "other-driver", "group-not-viable", "no-intremap", "dma",
             "iommu-fault-logged", "killed", "permission", "memlock-under-limit", "memlock"],
    "no-iommu": ["list-no-iommu", "no-iommu"],
}
# QEMU: the IOMMU first, then one edu alone behind a root port (with ACS:
# its own group, a bus reset for VFIO_DEVICE_RESET), and one edu sharing a
# slot with a virtio device that a host driver takes.
DEVICES = ["-device", "intel-iommu,intremap=off",
           "-device", "pcie-root-port,id=rp1,chassis=1,slot=1", "-device", "edu,bus=rp1",
           "-device", "pcie-root-port,id=rp2,chassis=2,slot=2",
           "-device", "edu,bus=rp2,addr=0.0,multifunction=on", "-device", "virtio-rng-pci,bus=rp2,addr=0.1"]


def build_image(build):
    cmd = [sys.executable, os.path.join(ROOT, "tests/guest/image.py"),
           "--init", os.path.join(HERE, "guest_init.sh"),
           "--packages", "pciutils", "zlib1g", "libnettle8", "libssl3",
           "--binaries", "/usr/bin/lspci", LIB + "libnettle.so.8", LIB + "libcrypto.so.3",
           "--modules", "vfio_pci", "vfio_iommu_type1", "virtio_pci",
           "--file", os.path.join(build, "tests/vfio_edu_test") + ":/bin/vfio_edu_test",
           "--file", os.path.join(build, "bin/mppecardctl") + ":/bin/mppecardctl",
           "--cache", os.path.join(build, "guest")]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return env["KERNEL"], env["INITRD"]


def boot(g, case, results):
    try:
        with g:
            g.wait(r"^GUEST-DONE", timeout=240)
        results[case] = (g.results, None, g.log)
    except GuestError as e:
        results[case] = (g.results, str(e), g.log)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    t0 = time.monotonic()
    kernel, initrd = build_image(build)
    t1 = time.monotonic()
    results = {}
    guests = {c: Guest(kernel, initrd, os.path.join(build, "vfio-guest-%s.log" % c), machine="q35",
                       extra=DEVICES, append="%s vfio_case=%s" % (a, c))
              for c, a in (("main", "intel_iommu=on"), ("no-iommu", "intel_iommu=off"))}
    threads = [threading.Thread(target=boot, args=(g, c, results), daemon=True) for c, g in guests.items()]

    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.5)
    finally:
        for g in guests.values():      # QEMU never outlives us (its own session)
            g.kill()
    bad = 0
    for case, names in EXPECTED.items():
        lines, err, log = results.get(case, ([], "no result", ""))
        seen = {}
        for line in lines:
            print("vfio-guest %s: %s" % (case, line))
            fields = dict(w.split("=", 1) for w in line.split() if "=" in w)
            seen[fields.get("case")] = fields.get("status")
        if err:
            print("vfio-guest %s: %s (serial log: %s)" % (case, err, log))
            bad += 1
        for n in names:
            if seen.get(n) != "ok":
                print("vfio-guest %s: case %s: %s" % (case, n, seen.get(n, "missing")))
                bad += 1
    print("vfio-guest: image %.1f s, guests %.1f s, %s" % (t1 - t0, time.monotonic() - t1,
                                                          "all passed" if not bad else "%d failed" % bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
