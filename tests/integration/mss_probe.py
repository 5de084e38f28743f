#!/usr/bin/env python3
"""A TCP SYN with a chosen MSS option, and a catcher that reports the MSS a
SYN arrived with: how the tests see that the MSS clamp follows the session's
MTU (the sender's kernel would have clamped its own SYNs already).

  mss_probe.py catch IFACE PORT      prints "ready", then "mss=N" for the first
                                     SYN to PORT seen on IFACE (30 s at most)
  mss_probe.py send SRC DST PORT MSS one IPv4 SYN from SRC to DST:PORT
"""
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def syn(src, dst, port, mss):
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    opt = struct.pack("!BBH", 2, 4, mss)
    tcp = struct.pack("!HHIIBBHHH", 40000, port, 1, 0, (20 + len(opt)) // 4 << 4, 0x02, 65535, 0, 0) + opt
    c = csum(s + d + struct.pack("!BBH", 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return ip + tcp


def mss_of(pkt, port):
    """The MSS option of an IPv4 TCP SYN to port, or None."""
    if len(pkt) < 40 or pkt[0] >> 4 != 4 or pkt[9] != 6:
        return None
    ihl = (pkt[0] & 15) * 4
    t = pkt[ihl:]
    if len(t) < 20 or struct.unpack("!H", t[2:4])[0] != port or not t[13] & 0x02:
        return None
    off, end = 20, min((t[12] >> 4) * 4, len(t))
    while off < end:
        kind = t[off]
        if kind == 0:
            break
        if kind == 1:
            off += 1
            continue
        if off + 1 >= end or t[off + 1] < 2:
            break
        if kind == 2 and t[off + 1] == 4:
            return struct.unpack("!H", t[off + 2:off + 4])[0]
        off += t[off + 1]
    return None


def main():
    if sys.argv[1] == "catch":
        iface, port = sys.argv[2], int(sys.argv[3])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
        s.bind((iface, 0x0800))
        s.settimeout(1)
        print("ready", flush=True)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                m = mss_of(s.recv(65535), port)
            except socket.timeout:
                continue
            if m is not None:
                print("mss=%d" % m, flush=True)
                return 0
        print("no SYN", flush=True)
        return 1
    src, dst, port, mss = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(syn(src, dst, port, mss), (dst, 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
