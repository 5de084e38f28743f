#!/usr/bin/env python3
"""The conventions a person expects of every program here, checked on the
built binaries (no root, no network):

  - --help: exit 0, the usage on standard output, naming every option the
    program's own argument parser takes (read from its source the way
    dist/check_man_options.py reads it: getopt strings, option tables,
    strcmp'd literals);
  - --version: exit 0, "NAME (pptp-mppe) VERSION" with the one VERSION of
    the tree (the file VERSION, through build/gen/pns_version.h);
  - cardsim started from another directory finds its firmware beside itself.

  usage: test_tools.py BIN_DIR   (from the top of the tree)
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "dist"))
from check_man_options import source_options  # noqa: E402

PROGRAMS = {
    "pnsd": ["host/pnsd/pnsd.c"],
    "pnsctl": ["host/cli/pnsctl.c"],
    "pptp-client": ["host/client/pptp_client.c"],
    "mppecardctl": ["driver/cardctl/mppecardctl.c", "driver/cardctl/cardctl.c"],
    "cardsim": ["sim/cardsim/main.c"],
    "mkfwimg": ["firmware/tools/mkfwimg.c"],
}


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    bindir = os.path.abspath(sys.argv[1])
    version = open("VERSION").read().strip()
    for prog, srcs in PROGRAMS.items():
        exe = os.path.join(bindir, prog)
        if not os.access(exe, os.X_OK):
            if prog == "cardsim" and os.environ.get("SKIP_CARDSIM"):
                continue
            fail(f"{exe} is not built")
        r = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or "usage:" not in r.stdout:
            fail(f"{prog} --help: exit {r.returncode}, stdout {r.stdout[:200]!r} stderr {r.stderr[:200]!r}")
        words = set(r.stdout.replace(",", " ").replace("[", " ").replace("]", " ").replace("|", " ").split())
        missing = sorted(o for o in source_options(srcs) if o not in words)
        if missing:
            fail(f"{prog} --help does not name {' '.join(missing)}:\n{r.stdout}")
        r = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
        want = f"{prog} (pptp-mppe) {version}\n"
        if r.returncode != 0 or r.stdout != want:
            fail(f"{prog} --version: exit {r.returncode}, {r.stdout!r}, want {want!r}")
        print(f"ok   {prog}: --help names its {len(source_options(srcs))} options, --version {version}")

    cardsim = os.path.join(bindir, "cardsim")
    if os.access(cardsim, os.X_OK):
        with tempfile.TemporaryDirectory() as d:
            sock = os.path.join(d, "card.sock")
            # from a directory with no build/ below it: the firmware is found beside cardsim
            p = subprocess.Popen([cardsim, "--socket", sock], cwd=d, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
            try:
                deadline = time.monotonic() + 120
                while not os.path.exists(sock):
                    if p.poll() is not None:
                        fail(f"cardsim started in {d} exited {p.returncode}: {p.stdout.read()}")
                    if time.monotonic() > deadline:
                        fail("cardsim did not create its socket within 120 s")
                    time.sleep(0.05)
            finally:
                p.terminate()
                p.wait(timeout=30)
        print("ok   cardsim started elsewhere found ../firmware/firmware.hex beside itself")


if __name__ == "__main__":
    main()
