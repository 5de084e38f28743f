#!/usr/bin/env python3
"""The Debian package, built with Debian's tools and installed in a machine
that is not this one: dist/build_deb.sh builds build/deb/pnsd_*.deb
(dpkg-buildpackage, debhelper; cached) and runs lintian on it; a QEMU guest
(tests/guest/) gets the Debian 12 kernel, busybox, dpkg, systemd-sysusers
and the libraries the package depends on, all from their Debian packages,
with those packages listed as installed in its dpkg database; inside it
(dist/deb_guest_init.sh) dpkg -i installs the package, its postinst makes
the user, and pnsd is started by the commands of the installed unit, must
listen on TCP 1723, run as user pnsd and answer pnsctl; dpkg -r removes it.
Nothing is installed on this machine.
usage: test_deb.py BUILD_DIR
"""
import glob
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "guest"))
from qemu import Guest, GuestError  # noqa: E402
from image import Cpio  # noqa: E402

EXPECTED = ["install", "installed", "user", "files", "execstartpre", "listen", "runs-as-pnsd", "show-vpdn",
            "show-running-config", "remove"]


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout


def needed_libraries(deb, tmp):
    """The packaged path of every shared library the package's programs
    need (from the programs in the .deb and the host's dpkg database, which
    has the same Debian 12 packages), and those packages."""
    run(["dpkg-deb", "-x", deb, tmp])
    found = {}                           # soname -> the host's path of it
    for prog in ("usr/sbin/pnsd", "usr/sbin/pnsctl", "usr/sbin/mppecardctl", "usr/bin/pptp-client"):
        for line in run(["ldd", os.path.join(tmp, prog)]).splitlines():
            m = re.match(r"\s*(\S+) => (\S+)", line)
            if m:
                found[m.group(1)] = os.path.realpath(m.group(2))
    # one dpkg -S for all (each call reads the whole database)
    owners = {}
    asked = set(found.values()) | {r[len("/usr"):] for r in found.values() if r.startswith("/usr/")}
    out = subprocess.run(["dpkg", "-S", *sorted(asked)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout    # exit 1: some of the two spellings are not packaged
    for line in out.splitlines():
        pkg, path = line.split(": ", 1)
        owners[path] = pkg.split(",")[0].split(":")[0]
    paths, pkgs = set(), set()
    for soname, real in found.items():
        # the packaged path: the same file name under /usr or without it (usrmerge)
        hit = next(((p, o) for p, o in owners.items() if os.path.basename(p) == os.path.basename(real)), None)
        if hit is None:
            raise SystemExit("test_deb: no package owns %s" % real)
        pkgs.add(hit[1])
        paths.add(os.path.join(os.path.dirname(hit[0]), soname))
    return sorted(paths), sorted(pkgs)


def control_of(name, versions, debdir):
    v = versions[name]
    cand = glob.glob(os.path.join(debdir, "%s_%s_*.deb" % (name, v.replace(":", "%3a"))))
    if not cand:
        raise SystemExit("test_deb: no .deb of %s %s in %s" % (name, v, debdir))
    return run(["dpkg-deb", "-f", cand[0]]).rstrip("\n")


def first_available(field, versions):
    """Package names of a Depends field: of each alternative the first one
    the image holds (None when it holds none)."""
    out = []
    for alt in filter(None, (a.strip() for a in field.split(","))):
        names = [x.split("(")[0].split(":")[0].strip() for x in alt.split("|")]
        out.append(next((n for n in names if n in versions), "?" + names[0]))
    return out


def status_file(deb, versions, debdir, out):
    """/var/lib/dpkg/status of the guest: the packages the .deb depends on
    and theirs (dpkg checks those too), each stanza from that package's own
    .deb, as far as the image holds them (the guest has what their
    programs and libraries need, not every file of them)."""
    todo = first_available(run(["dpkg-deb", "-f", deb, "Depends"]), versions)
    done, stanzas, missing = [], [], []
    while todo:
        n = todo.pop(0)
        if n.startswith("?"):
            missing.append(n[1:])
            continue
        if n in done:
            continue
        done.append(n)
        ctl = control_of(n, versions, debdir)
        fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", ctl, re.M))
        for f in ("Pre-Depends", "Depends"):
            todo += first_available(fields.get(f, ""), versions)
        lines = ctl.split("\n")
        lines.insert(1, "Status: install ok installed")
        stanzas.append("\n".join(lines) + "\n")
    with open(out, "w") as f:
        f.write("\n".join(stanzas))
    return done, sorted(set(missing))


def build_id(path):
    m = re.search(r"Build ID: ([0-9a-f]+)", run(["readelf", "-n", path]))
    return m.group(1) if m else None


def built_from_normal_objects(tree, build):
    """The packaged programs are the normal build's (build/bin: the same
    GNU build ID; dh_strip keeps it) and carry Debian's hardening
    (dpkg-buildflags hardening=+all, which the normal build uses): full
    RELRO with BIND_NOW, the stack protector, fortified calls."""
    bad = []
    for prog in ("usr/sbin/pnsd", "usr/sbin/pnsctl", "usr/sbin/mppecardctl", "usr/bin/pptp-client"):
        packaged, ours = os.path.join(tree, prog), os.path.join(build, "bin", os.path.basename(prog))
        if build_id(packaged) is None or build_id(packaged) != build_id(ours):
            bad.append("%s: build ID %s, build/bin has %s" % (prog, build_id(packaged), build_id(ours)))
        dyn = run(["readelf", "-d", "-l", "--dyn-syms", "-W", packaged])
        for what, pattern in (("BIND_NOW", r"\(FLAGS\).*BIND_NOW|FLAGS_1.*NOW"), ("RELRO", r"GNU_RELRO"),
                              ("stack protector", r"__stack_chk_fail"), ("fortify", r"__\w+_chk@")):
            if not re.search(pattern, dyn):
                bad.append("%s: no %s" % (prog, what))
    print("test_deb: packaged programs are build/bin's (build IDs) with full RELRO, stack protector, fortify"
          if not bad else "test_deb: " + "; ".join(bad))
    return bad


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    t0 = time.monotonic()
    deb = run([os.path.join(HERE, "build_deb.sh")]).strip().splitlines()[-1]
    t1 = time.monotonic()
    lint = open(os.path.join(build, "deb", "lintian.txt")).read().splitlines()
    tags = [l for l in lint if re.match(r"^[EWIPX]: ", l)]
    for t in tags:
        print("test_deb: lintian: " + t)
    errors = [t for t in tags if t.startswith(("E:", "W:"))]
    work = os.path.join(build, "deb", "guest")
    subprocess.run(["rm", "-rf", work], check=True)
    os.makedirs(work)
    libs, lib_pkgs = needed_libraries(deb, os.path.join(work, "x"))
    hardening_errors = built_from_normal_objects(os.path.join(work, "x"), build)
    def image_cmd(extra):
        return [sys.executable, os.path.join(ROOT, "tests/guest/image.py"),
                "--init", os.path.join(HERE, "deb_guest_init.sh"),
                "--packages", "dpkg", "tar", "systemd-standalone-sysusers", "libc-bin", *lib_pkgs, *extra,
                "--binaries", "/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/bin/dpkg-query", "/usr/bin/dpkg-split",
                "/bin/systemd-sysusers", "/sbin/ldconfig", "/bin/tar", *libs,
                "--modules", "tun",
                "--cache", os.path.join(build, "guest")]
    # The image holds no file of ours, so it stays cached while the package
    # changes; the .deb and the dpkg status go in a second cpio archive
    # appended to it (the kernel unpacks concatenated archives in order).
    # Packages only named in a dependency (e.g. pci.ids) are fetched too.
    status = os.path.join(work, "status")
    extra = []
    for _round in range(4):
        out = run(image_cmd(extra))
        env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        res = json.load(open(os.path.join(os.path.dirname(env["INITRD"]), "result.json")))
        names, missing = status_file(deb, res["packages"], os.path.join(build, "guest", "debs"), status)
        if not missing:
            break
        extra = sorted(set(extra) | set(missing))
    else:
        raise SystemExit("test_deb: dependencies never in the image: " + " ".join(missing))
    ours = Cpio()
    ours.file("/pkg/pnsd.deb", open(deb, "rb").read())
    ours.file("/pkg/status", open(status, "rb").read())
    ours.write(os.path.join(work, "pkg.cpio"))
    initrd = os.path.join(work, "initrd.cpio")
    with open(initrd, "wb") as f:
        for part in (env["INITRD"], os.path.join(work, "pkg.cpio")):
            f.write(open(part, "rb").read())
    t2 = time.monotonic()
    print("test_deb: %s; guest dpkg status lists %s" % (os.path.basename(deb), " ".join(names)))
    g = Guest(env["KERNEL"], initrd, os.path.join(build, "deb", "guest.log"), memory=512)
    err = None
    try:
        with g:
            g.wait(r"^GUEST-DONE", timeout=300)
    except GuestError as e:
        err = str(e)
    finally:
        g.kill()
    seen = {}
    for line in g.results:
        fields = dict(w.split("=", 1) for w in line.split() if "=" in w)
        seen[fields.get("case")] = fields.get("status")
        print("test_deb guest: " + line)
    bad = [c for c in EXPECTED if seen.get(c) != "ok"]
    if err:
        print("test_deb: guest: %s" % err)
    if bad or err:
        print("test_deb: failed: %s (serial log %s)" % (" ".join(bad), g.log))
        for line in open(g.log, errors="replace").read().splitlines()[-60:]:
            print("  | " + line)
    if errors:
        print("test_deb: lintian errors or warnings: %d" % len(errors))
    print("test_deb: package %.1f s, image %.1f s, guest %.1f s; %s" % (
        t1 - t0, t2 - t1, time.monotonic() - t2, "all passed" if not (bad or err or errors or hardening_errors) else "FAILED"))
    return 1 if bad or err or errors or hardening_errors else 0


if __name__ == "__main__":
    sys.exit(main())
