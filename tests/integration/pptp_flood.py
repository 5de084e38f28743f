#!/usr/bin/env python3
"""Resource attacks on pnsd's control port, for test_limits.sh.

  pptp_flood.py idle SERVER SOURCE N   open N TCP connections from SOURCE that
                                       never send SCCRQ; print "held N" once
                                       every connect() returned, then hold
                                       them until stdin closes
  pptp_flood.py deaf SERVER SOURCE     one tunnel (SCCRQ/SCCRP), then
                                       Echo-Requests while never reading:
                                       prints "closed" when pnsd drops it
"""
import resource
import socket
import struct
import sys

MAGIC = 0x1A2B3C4D
PORT = 1723


def msg(ctype, body):
    return struct.pack("!HHIHH", 12 + len(body), 1, MAGIC, ctype, 0) + body


def idle(server, source, n):
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, n + 64))
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((source, 0))
        s.settimeout(10)
        try:
            s.connect((server, PORT))
        except OSError:
            s.close()     # the listen queue overflowed: still a connection attempt
            continue
        socks.append(s)
    print("held %d" % len(socks), flush=True)
    sys.stdin.read()      # until the test closes our stdin


def deaf(server, source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)   # before connect: a small window
    s.bind((source, 0))
    s.settimeout(10)
    s.connect((server, PORT))
    s.sendall(msg(1, struct.pack("!HHIIHH64s64s", 0x0100, 0, 1, 1, 0, 1, b"deaf", b"test")))
    hdr = s.recv(156)
    if len(hdr) < 12:
        print("no SCCRP")
        return 1
    echo = b"".join(msg(5, struct.pack("!I", i)) for i in range(4096))
    # pnsd answers each request; we read none of the answers. Its queue
    # for us must stay bounded: it closes the connection.
    s.settimeout(60)
    try:
        for _ in range(100000):
            s.sendall(echo)
    except OSError as e:
        print("closed (%s)" % e.__class__.__name__, flush=True)
        return 0
    print("still open after 100000 x 4096 Echo-Requests")
    return 1


if __name__ == "__main__":
    mode, server, source = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "idle":
        idle(server, source, int(sys.argv[4]))
    else:
        sys.exit(deaf(server, source))
