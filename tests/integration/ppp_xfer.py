#!/usr/bin/env python3
"""TCP transfer helper for the PPP integration test: byte-exact both ways.

  ppp_xfer.py serve ADDR PORT            accept one connection, echo everything back
  ppp_xfer.py send ADDR PORT NBYTES      send NBYTES of random data, read the echo, compare
Exit status 0 only when the echoed bytes equal the sent ones.
"""
import hashlib
import os
import socket
import sys

TIMEOUT = float(os.environ.get("XFER_TIMEOUT", "30"))


def serve(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    s.settimeout(TIMEOUT)
    c, _ = s.accept()
    c.settimeout(TIMEOUT)
    while True:
        d = c.recv(65536)
        if not d:
            break
        c.sendall(d)
    c.close()


def send(addr, port, n):
    data = os.urandom(n)
    c = socket.create_connection((addr, port), timeout=TIMEOUT)
    got = bytearray()
    sent = 0
    c.setblocking(True)
    while sent < n:
        k = c.send(data[sent:sent + 16384])
        sent += k
        c.settimeout(0.01)
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    break
                got += d
        except (socket.timeout, BlockingIOError):
            pass
        c.settimeout(TIMEOUT)
    c.shutdown(socket.SHUT_WR)
    while True:
        d = c.recv(65536)
        if not d:
            break
        got += d
    ok = bytes(got) == data
    print("xfer bytes=%d echoed=%d ok=%d sha1=%s" % (n, len(got), ok, hashlib.sha1(data).hexdigest()[:12]))
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
        sys.exit(0)
    sys.exit(send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
