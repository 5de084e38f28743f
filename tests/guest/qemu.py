#!/usr/bin/env python3
"""Run a guest under QEMU (TCG) and wait for its result lines.

QEMU runs with -nodefaults, no display, one serial port written to a file,
-no-reboot (a guest's poweroff/reboot/panic ends QEMU), and the machine type
and devices the caller gives. QEMU is killed on every way out: result,
timeout, exception, SIGINT/SIGTERM.

As a library:
    with Guest(kernel, initrd, log="x.log", machine="pc", extra=[...]) as g:
        m = g.wait(r"^GUEST-STEP (\\S+)", timeout=60)   # re.Match or raises
        ...
        g.wait(r"^GUEST-DONE", timeout=60)
    g.results  -> the "GUEST-RESULT ..." lines seen so far (prefix removed)

As a command (exit 0 when GUEST-DONE was seen, 124 on timeout, 1 when QEMU
ended without it); prints the GUEST-RESULT lines:
    qemu.py --kernel K --initrd I --log FILE [--machine q35] [--append ARGS]
            [--timeout 60] [--memory 256] -- [more QEMU arguments]
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time


class GuestError(Exception):
    pass


class Guest:
    def __init__(self, kernel, initrd, log, machine="pc", extra=(), append="", memory=256,
                 qemu="qemu-system-x86_64", wrapper=()):
        self.log = log
        # wrapper: e.g. ["ip", "netns", "exec", NS] to run QEMU in a namespace
        self.cmd = list(wrapper) + [qemu, "-nodefaults", "-no-user-config", "-display", "none",
                    "-machine", machine, "-accel", "tcg", "-cpu", "max", "-smp", "1",
                    "-m", str(memory), "-no-reboot",
                    "-kernel", kernel, "-initrd", initrd,
                    "-append", ("console=ttyS0 panic=-1 loglevel=4 " + append).strip(),
                    "-serial", "file:" + log] + list(extra)
        self.proc = None
        self.results = []
        self._pos = 0
        self._partial = b""
        self.lines = []
        self._cursor = 0

    def start(self):
        open(self.log, "wb").close()
        # Own process group: a kill reaches anything QEMU started.
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log + ".stderr", "wb"), start_new_session=True)
        self.started = time.monotonic()
        return self

    def _read(self):
        with open(self.log, "rb") as f:
            f.seek(self._pos)
            data = f.read()
        self._pos += len(data)
        data = self._partial + data
        *complete, self._partial = data.split(b"\n")
        new = [c.decode("utf-8", "replace").rstrip("\r") for c in complete]
        for line in new:
            if line.startswith("GUEST-RESULT "):
                self.results.append(line[len("GUEST-RESULT "):])
        self.lines.extend(new)
        return new

    def wait(self, pattern, timeout):
        """The first line not yet consumed by a wait() that matches PATTERN (a
        regex); lines before it are consumed. GuestError on timeout or when
        QEMU exits first."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            exited = self.proc.poll() is not None
            self._read()
            for i in range(self._cursor, len(self.lines)):
                m = rx.search(self.lines[i])
                if m:
                    self._cursor = i + 1
                    return m
            if exited:
                raise GuestError("QEMU exited (rc %s) before /%s/; see %s" % (self.proc.returncode, pattern, self.log))
            if time.monotonic() > deadline:
                raise GuestError("timeout (%ss) waiting for /%s/; see %s" % (timeout, pattern, self.log))
            time.sleep(0.05)  # polling the serial log file for the next line

    def stop(self, grace=5.0):
        """Let QEMU end by itself for GRACE seconds (the guest powers off), then kill it."""
        if not self.proc or self.proc.poll() is not None:
            return
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    def tail(self, n=40):
        self._read()
        return "\n".join(self.lines[-n:])


def main():
    ap = argparse.ArgumentParser(description="Run a guest and wait for GUEST-DONE.")
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--log", required=True, help="serial console log file")
    ap.add_argument("--machine", default="pc")
    ap.add_argument("--append", default="", help="extra kernel command line")
    ap.add_argument("--memory", type=int, default=256, help="MiB")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("extra", nargs="*", help="more QEMU arguments (after --)")
    args = ap.parse_args()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, on_signal)

    g = Guest(args.kernel, args.initrd, args.log, args.machine, args.extra, args.append, args.memory)
    rc = 0
    try:
        with g:
            g.wait(r"^GUEST-DONE", args.timeout)
            g.stop()
    except GuestError as e:
        print("qemu.py: %s" % e, file=sys.stderr)
        print(g.tail(), file=sys.stderr)
        rc = 124 if "timeout" in str(e) else 1
    except KeyboardInterrupt:
        rc = 130
    finally:
        g.kill()
    for r in g.results:
        print(r)
    return rc


if __name__ == "__main__":
    sys.exit(main())
