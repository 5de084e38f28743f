#!/usr/bin/env python3
"""The inside host's TCP servers for the interop transfers (plain TCP: the
guest has busybox nc; busybox-static's wget crashes resolving an address).

  blobs.py ADDR [ADDR...]      (IPv4 or IPv6)
port 8081: reads exactly 1 MiB, answers its SHA-256 (hex), closes
port 8082: sends 1 MiB of random bytes (made at start), closes
port 8083: sends the SHA-256 (hex) of those bytes, closes
port 8084: sends the MSS the client announced in its SYN (as this end
           sees it after the tunnel's MSS clamping), closes
Prints "blobs ready" once listening.
"""
import hashlib
import os
import socket
import struct
import sys
import threading

SIZE = 1 << 20
BLOB = os.urandom(SIZE)
BLOB_SHA = hashlib.sha256(BLOB).hexdigest().encode() + b"\n"


def upload(c):
    h, n = hashlib.sha256(), 0
    while n < SIZE:
        b = c.recv(min(65536, SIZE - n))
        if not b:
            break
        h.update(b)
        n += len(b)
    c.sendall((h.hexdigest() if n == SIZE else "short-%d" % n).encode() + b"\n")


def syn_mss(c):
    # struct tcp_info (linux/tcp.h): tcpi_options at 5, tcpi_snd_mss at 16.
    # snd_mss is the peer's MSS less the timestamp option when it is on.
    info = c.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    options, snd_mss = info[5], struct.unpack_from("I", info, 16)[0]
    c.sendall(b"%d\n" % (snd_mss + (12 if options & 1 else 0)))


def serve(addr, port, fn):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(8)

    def one(c):
        with c:
            c.settimeout(120)
            try:
                fn(c)
            except OSError as e:
                print("blobs: port %d: %s" % (port, e), file=sys.stderr, flush=True)

    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=one, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def main():
    for addr in sys.argv[1:]:
        serve(addr, 8081, upload)
        serve(addr, 8082, lambda c: c.sendall(BLOB))
        serve(addr, 8083, lambda c: c.sendall(BLOB_SHA))
        serve(addr, 8084, syn_mss)
    print("blobs ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
