#!/usr/bin/env python3
"""pnsctl's interactive mode on a terminal (a pseudo-terminal here), as a
person uses it: the prompt is the router's hostname ("PNS#", as the
feature document shows it), '?' lists what may come next and gives the line
back, Ctrl-C drops the line and draws a fresh prompt, a command runs,
Ctrl-D leaves with status 0.

  usage: pnsctl_pty.py PNSCTL SOCKET HOSTNAME
Waits for each answer (never a fixed sleep), at most WAIT_S (120) s each.
"""
import os
import pty
import select
import sys
import time


def main():
    pnsctl, sock, host = sys.argv[1:4]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.execv(pnsctl, [pnsctl, "-s", sock])
    seen = b""

    def wait_for(what, timeout=float(os.environ.get("WAIT_S", "120"))):
        nonlocal seen
        end = time.monotonic() + timeout
        while what.encode() not in seen:
            left = end - time.monotonic()
            if left <= 0:
                # where pnsctl waits, for the next person to look at this
                where = ""
                for f in ("wchan", "syscall"):
                    try:
                        where += f" {f}={open(f'/proc/{pid}/{f}').read().strip()}"
                    except OSError:
                        pass
                print(f"FAIL: pnsctl: no {what!r} on the terminal ({where.strip()}); it showed:\n"
                      f"{seen.decode(errors='replace')}")
                sys.exit(1)
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    print(f"FAIL: pnsctl ended while waiting for {what!r}:\n{seen.decode(errors='replace')}")
                    sys.exit(1)
                seen += chunk
        i = seen.index(what.encode()) + len(what)
        before, seen = seen[:i], seen[i:]
        return before.decode(errors="replace")

    prompt = f"{host}# "
    wait_for(prompt)
    # '?' after "show vpdn ": the choices, then the line again
    os.write(fd, b"show vpdn ?")
    out = wait_for(prompt + "show vpdn ")
    for want in ("session", "tunnel", "<cr>"):
        if want not in out:
            print(f"FAIL: '?' did not list {want!r}: {out!r}")
            sys.exit(1)
    # Ctrl-C drops the line: a fresh prompt, and the half-typed line never runs
    os.write(fd, b"\x03")
    wait_for(prompt)
    os.write(fd, b"show version\r")
    out = wait_for(prompt)
    if "pnsd (pptp-mppe) Version" not in out or "show vpdn" in out.split("show version")[0]:
        print(f"FAIL: after Ctrl-C and 'show version': {out!r}")
        sys.exit(1)
    os.write(fd, b"\x04")
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        print(f"FAIL: pnsctl exit status {status}")
        sys.exit(1)
    print(f"ok   pnsctl on a terminal: prompt '{host}#', '?' help, Ctrl-C a fresh line, Ctrl-D leaves")


if __name__ == "__main__":
    main()
