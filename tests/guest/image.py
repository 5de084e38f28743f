#!/usr/bin/env python3
"""Build a QEMU guest (uncompressed kernel + initramfs) from Debian packages.

Everything comes from the Debian archive the machine's apt points at: the
kernel of linux-image-amd64, busybox-static, and the packages the caller
names, fetched with `apt-get download` and unpacked with `dpkg-deb -x`. The
caller picks kernel modules (their dependencies are added), binaries (their
shared libraries are added) and files, and gives the /init script. See
tests/guest/README.md for the interface.

Caching, under --cache (default build/guest): downloaded .deb files in
debs/, each unpacked once in root/<deb>/, the vmlinux per kernel version in
kernel-<version>/, and each image in img-<key>/, where the key hashes every
input (package versions included, so a new kernel in the archive gives a new
image). A rerun with the same inputs costs one `apt-cache policy` call.
"""
import argparse
import fcntl
import hashlib
import json
import lzma
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vmlinux  # noqa: E402

KERNEL_META = "linux-image-amd64"
# .../systemd: libsystemd-shared, which systemd's programs find by RUNPATH
LIB_DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib", "/lib64",
            "/usr/lib/x86_64-linux-gnu/systemd"]


def log(msg):
    print("guest-image: " + msg, file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


# ---------------------------------------------------------------- apt / dpkg

def candidates(pkgs, _updated=False):
    """Candidate version of each package, from one `apt-cache policy` call."""
    out = run(["apt-cache", "policy"] + sorted(pkgs))
    versions, cur = {}, None
    for line in out.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            cur = line[:-1]
        m = re.match(r"\s+Candidate:\s+(\S+)", line)
        if m and cur:
            versions[cur] = m.group(1)
    missing = [p for p in pkgs if versions.get(p, "(none)") == "(none)"]
    if missing and not _updated:
        # A machine whose package lists were never fetched knows no candidate.
        log("no candidate for %s: apt-get update" % " ".join(missing))
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        return candidates(pkgs, _updated=True)
    if missing:
        raise SystemExit("guest-image: no candidate in apt for %s (run apt-get update?)" % " ".join(missing))
    return versions


class Debs:
    """Downloaded and unpacked packages under CACHE/debs and CACHE/root."""

    def __init__(self, cache):
        self.debdir = os.path.join(cache, "debs")
        self.rootdir = os.path.join(cache, "root")
        os.makedirs(self.debdir, exist_ok=True)
        os.makedirs(self.rootdir, exist_ok=True)

    def _deb_path(self, name, version):
        quoted = version.replace(":", "%3a")
        for f in os.listdir(self.debdir):
            if f.startswith("%s_%s_" % (name, quoted)) and f.endswith(".deb"):
                return os.path.join(self.debdir, f)
        return None

    def fetch(self, versions):
        """Download NAME=VERSION for every missing one (one apt call); return the unpacked roots."""
        want = [n for n, v in sorted(versions.items()) if not self._deb_path(n, v)]
        if want:
            log("apt-get download " + " ".join(want))
            # The sandbox user _apt cannot write into our build tree.
            subprocess.run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root"]
                           + ["%s=%s" % (n, versions[n]) for n in want],
                           cwd=self.debdir, check=True, stdout=subprocess.DEVNULL)
        roots = {}
        for n, v in versions.items():
            deb = self._deb_path(n, v)
            if not deb:
                raise SystemExit("guest-image: apt-get download gave no file for %s %s" % (n, v))
            roots[n] = self.unpack(deb)
        return roots

    def unpack(self, deb):
        root = os.path.join(self.rootdir, os.path.basename(deb)[:-4])
        if not os.path.isdir(root):
            tmp = tempfile.mkdtemp(dir=self.rootdir)
            subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
            os.rename(tmp, root)
        return root

    def depends(self, name, version):
        """Package names this one Depends/Pre-Depends on (first alternative)."""
        deb = self._deb_path(name, version)
        names = []
        for field in ("Pre-Depends", "Depends"):
            val = run(["dpkg-deb", "-f", deb, field]).strip()
            for clause in filter(None, (c.strip() for c in val.split(","))):
                first = clause.split("|")[0].strip()
                names.append(re.split(r"[\s(:]", first)[0])
        return names


# ---------------------------------------------------------------- files in unpacked roots

def lookup(roots, path, depth=0):
    """Host path of guest PATH in the unpacked roots, following symlinks; None if absent."""
    if depth > 16:
        return None
    for root in roots:
        p = root + path
        if os.path.islink(p):
            target = os.readlink(p)
            if not target.startswith("/"):
                target = os.path.normpath(os.path.join(os.path.dirname(path), target))
            return lookup(roots, target, depth + 1)
        if os.path.isfile(p):
            return p
        # usrmerge: /bin, /sbin, /lib are /usr/... on Debian 12 (either place in a package).
        for a, b in (("/usr/", "/"), ("/", "/usr/")):
            if path.startswith(a):
                alt = root + b + path[len(a):]
                if os.path.isfile(alt) and not os.path.islink(alt):
                    return alt
    return None


def elf_needs(path):
    """(interpreter, [DT_NEEDED sonames]) of an ELF file, or None if not ELF."""
    with open(path, "rb") as f:
        if f.read(4) != b"\x7fELF":
            return None
    out = run(["readelf", "-dl", "-W", path])
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", out)
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)
    return (interp.group(1) if interp else None), needed


# ---------------------------------------------------------------- kernel modules

def modinfo_depends(ko_bytes):
    """The `depends=` list from a module's .modinfo ELF section."""
    if ko_bytes[:4] != b"\x7fELF" or ko_bytes[4] != 2:
        raise ValueError("not an ELF64 module")
    shoff, = struct.unpack_from("<Q", ko_bytes, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", ko_bytes, 0x3A)

    def sec(i):
        off = shoff + i * shentsize
        name, _t, _f, _a, offset, size = struct.unpack_from("<IIQQQQ", ko_bytes, off)
        return name, offset, size

    _, stroff, _ = sec(shstrndx)
    for i in range(shnum):
        name, offset, size = sec(i)
        end = ko_bytes.index(b"\0", stroff + name)
        if ko_bytes[stroff + name:end] == b".modinfo":
            for item in ko_bytes[offset:offset + size].split(b"\0"):
                if item.startswith(b"depends="):
                    return [d for d in item[8:].decode().split(",") if d]
            return []
    return []


def read_module(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xz"):
        data = lzma.decompress(data)  # busybox insmod takes plain .ko
    return data


def modules_in_order(kroot, kver, wanted):
    """[(relpath .ko, bytes)] for WANTED and their dependencies, dependencies first."""
    base = os.path.join(kroot, "lib/modules", kver)
    index = {}
    for d, _, files in os.walk(os.path.join(base, "kernel")):
        for f in files:
            m = re.match(r"(.+)\.ko(\.xz)?$", f)
            if m:
                index[m.group(1).replace("-", "_")] = os.path.join(d, f)
    builtin = set()
    with open(os.path.join(base, "modules.builtin")) as f:
        for line in f:
            builtin.add(os.path.basename(line.strip())[:-3].replace("-", "_"))
    order, seen, deps = [], set(), {}

    def visit(name, chain):
        name = name.replace("-", "_")
        if name in seen or name in builtin:
            return
        if name in chain:
            raise SystemExit("guest-image: module dependency cycle at " + name)
        if name not in index:
            raise SystemExit("guest-image: no module %s in kernel %s" % (name, kver))
        data = read_module(index[name])
        deps[name] = modinfo_depends(data)
        for d in deps[name]:
            visit(d, chain | {name})
        seen.add(name)
        rel = os.path.relpath(index[name], base)
        if rel.endswith(".xz"):
            rel = rel[:-3]
        order.append((name, rel, data))

    for w in wanted:
        visit(w, set())
    return order, deps


# ---------------------------------------------------------------- cpio (newc)

class Cpio:
    """An initramfs in the kernel's "newc" cpio format (Documentation/
    driver-api/early-userspace/buffer-format.rst), written in memory so that
    every entry is owned by root whoever builds it."""

    def __init__(self):
        self.entries = {}  # path -> (mode, bytes)

    def _parents(self, path):
        parts = path.strip("/").split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if d not in self.entries:
                self.entries[d] = (stat.S_IFDIR | 0o755, b"")

    def dir(self, path, mode=0o755):
        self._parents(path)
        self.entries[path] = (stat.S_IFDIR | mode, b"")

    def file(self, path, data, mode=0o644):
        self._parents(path)
        self.entries[path] = (stat.S_IFREG | mode, data)

    def symlink(self, path, target):
        self._parents(path)
        self.entries.setdefault(path, (stat.S_IFLNK | 0o777, target.encode()))

    def write(self, out):
        ino = 1
        with open(out, "wb") as f:
            for path in sorted(self.entries) + ["TRAILER!!!"]:
                mode, data = self.entries.get(path, (0, b""))
                name = path.lstrip("/").encode() + b"\0"
                hdr = b"070701" + b"".join(b"%08X" % v for v in (
                    ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
                f.write(hdr + name + b"\0" * (-(110 + len(name)) % 4))
                f.write(data + b"\0" * (-len(data) % 4))
                ino += 1


# ---------------------------------------------------------------- the build

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def build(args):
    cache = os.path.abspath(args.cache)
    os.makedirs(cache, exist_ok=True)
    user_pkgs = sorted(set(args.packages))
    versions = candidates([KERNEL_META, "busybox-static"] + user_pkgs)
    files = []
    for spec in args.file:
        src, dst = spec.split(":", 1)
        mode = 0o755 if os.access(src, os.X_OK) else 0o644
        files.append((src, dst, mode))
    key_src = {
        "versions": versions, "modules": args.modules, "binaries": args.binaries,
        "files": [(dst, mode, sha256_file(src)) for src, dst, mode in files],
        "init": sha256_file(args.init),
        "builder": [sha256_file(os.path.join(HERE, f)) for f in ("image.py", "vmlinux.py", "guest.sh")],
    }
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:16]
    imgdir = os.path.join(cache, "img-" + key)
    result = os.path.join(imgdir, "result.json")
    if os.path.exists(result):
        with open(result) as f:
            cached = json.load(f)
        # The record names absolute paths: a build/ copied or moved from
        # another checkout points at files that may be gone. Trust it only
        # while they are there; otherwise build the image again here.
        if all(os.path.exists(cached[k]) for k in ("kernel", "initrd")):
            return cached
        log("cached image names missing files; rebuilding " + imgdir)

    debs = Debs(cache)
    roots = debs.fetch(versions)
    # The kernel image package itself (the metapackage only depends on it).
    kpkg = [d for d in debs.depends(KERNEL_META, versions[KERNEL_META]) if d.startswith("linux-image-")][0]
    kver_pkg = candidates([kpkg])
    kroot = debs.fetch(kver_pkg)[kpkg]
    kver = os.listdir(os.path.join(kroot, "lib/modules"))[0]

    kdir = os.path.join(cache, "kernel-" + kver + "-" + kver_pkg[kpkg])
    kernel = os.path.join(kdir, "vmlinux")
    if not os.path.exists(kernel):
        os.makedirs(kdir, exist_ok=True)
        log("extracting vmlinux from vmlinuz-" + kver)
        with open(os.path.join(kroot, "boot", "vmlinuz-" + kver), "rb") as f:
            elf = vmlinux.extract(f.read())
        with open(kernel + ".tmp", "wb") as f:
            f.write(elf)
        os.replace(kernel + ".tmp", kernel)

    img = Cpio()
    for d in ("/dev", "/proc", "/sys", "/run", "/tmp", "/root", "/etc", "/var/run", "/var/log", "/var/lock"):
        img.dir(d)
    img.file("/etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n")
    img.file("/etc/group", b"root:x:0:\n")

    # busybox and a link for each of its applets.
    bb = lookup([roots["busybox-static"]], "/bin/busybox")
    with open(bb, "rb") as f:
        img.file("/bin/busybox", f.read(), 0o755)
    for applet in run([bb, "--list-full"]).split():
        img.symlink("/" + applet, "/bin/busybox")

    # Binaries from the caller's packages, with their shared libraries. A
    # library that none of the unpacked packages has brings in the lib*
    # packages they depend on, one level at a time.
    pkg_versions = {p: versions[p] for p in user_pkgs}
    for _level in range(6):
        user_roots = [roots[p] for p in sorted(pkg_versions)]
        missing, placed = set(), {}
        todo = list(args.binaries)
        while todo:
            path = todo.pop()
            if path in placed:
                continue
            host = lookup(user_roots, path)
            if not host:
                missing.add(path)
                continue
            placed[path] = host
            needs = elf_needs(host)
            if needs:
                interp, sonames = needs
                if interp:
                    todo.append(interp)
                for so in sonames:
                    for d in LIB_DIRS:
                        if lookup(user_roots, d + "/" + so):
                            todo.append(d + "/" + so)
                            break
                    else:
                        missing.add(so)
        if not missing:
            break
        more = {}
        for p in sorted(pkg_versions):
            for d in debs.depends(p, pkg_versions[p]):
                if d.startswith("lib") and d not in pkg_versions:
                    more[d] = None
        if not more:
            raise SystemExit("guest-image: not found in the packages: " + " ".join(sorted(missing)))
        log("looking for %s in %s" % (" ".join(sorted(missing)), " ".join(sorted(more))))
        more_versions = candidates(list(more))
        roots.update(debs.fetch(more_versions))
        pkg_versions.update(more_versions)
    else:
        raise SystemExit("guest-image: not found in the packages: " + " ".join(sorted(missing)))
    for path, host in placed.items():
        with open(host, "rb") as f:
            img.file(path, f.read(), 0o755 if os.access(host, os.X_OK) else 0o644)

    order, deps = modules_in_order(kroot, kver, args.modules)
    mbase = "/lib/modules/" + kver + "/"
    for _name, rel, data in order:
        img.file(mbase + rel, data)
    byname = {n: rel for n, rel, _ in order}
    img.file(mbase + "modules.dep", "".join(
        "%s:%s\n" % (rel, "".join(" " + byname[d.replace("-", "_")] for d in deps[n]
                                  if d.replace("-", "_") in byname))
        for n, rel, _ in order).encode())
    img.file("/etc/guest-modules", "".join(mbase + rel + "\n" for _, rel, _ in order).encode())

    with open(os.path.join(HERE, "guest.sh"), "rb") as f:
        img.file("/lib/guest.sh", f.read())
    for src, dst, mode in files:
        with open(src, "rb") as f:
            img.file(dst, f.read(), mode)
    with open(args.init, "rb") as f:
        img.file("/init", f.read(), 0o755)

    os.makedirs(imgdir, exist_ok=True)
    initrd = os.path.join(imgdir, "initrd.cpio")
    img.write(initrd + ".tmp")
    os.replace(initrd + ".tmp", initrd)
    res = {"kernel": kernel, "initrd": initrd, "kernel_version": kver,
           "packages": dict(sorted({**versions, **pkg_versions, kpkg: kver_pkg[kpkg]}.items()))}
    with open(result + ".tmp", "w") as f:
        json.dump(res, f, indent=1)
    os.replace(result + ".tmp", result)
    log("built %s (%d entries, %d KiB)" % (initrd, len(img.entries), os.path.getsize(initrd) // 1024))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default="build/guest", help="cache folder (default build/guest)")
    ap.add_argument("--init", required=True, help="script to install as /init")
    ap.add_argument("--packages", nargs="*", default=[], help="extra Debian packages to fetch")
    ap.add_argument("--binaries", nargs="*", default=[], help="guest paths to take from those packages (ELF: with libraries)")
    ap.add_argument("--modules", nargs="*", default=[], help="kernel modules to load at setup (dependencies added)")
    ap.add_argument("--file", action="append", default=[], help="HOSTPATH:GUESTPATH to copy in (executable bit kept)")
    args = ap.parse_args()
    # Several tests build guests at once (make check -j2: the VFIO guest, the
    # Debian-package guest, the interop guest) and share CACHE's downloads and
    # unpacked packages; one builder at a time, the others then find the cache
    # filled (a fresh clone once failed renaming an unpacked kernel that the
    # other builder had just put in place).
    os.makedirs(args.cache, exist_ok=True)
    with open(os.path.join(args.cache, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        res = build(args)
    print("KERNEL=%s" % res["kernel"])
    print("INITRD=%s" % res["initrd"])
    print("KERNEL_VERSION=%s" % res["kernel_version"])


if __name__ == "__main__":
    main()
