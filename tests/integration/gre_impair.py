#!/usr/bin/env python3
"""A two-port Ethernet relay that impairs GRE: the loss and reordering the
PPP integration test needs, where the kernel has no netem (no qdiscs here).

  gre_impair.py IF_A IF_B LOSS REORDER SEED

Every frame read on one interface is written to the other (ARP, TCP...),
except GRE packets (IPv4 protocol 47): each is dropped with probability
LOSS, or held back and sent after the next GRE packet with probability
REORDER. Runs until killed; prints its counts on SIGTERM.
"""
import random
import select
import signal
import struct
import socket
import sys

ETH_P_ALL = 3
PACKET_OUTGOING = 4


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def fix_l4_checksum(frame):
    """veth hands AF_PACKET frames with the TCP/UDP checksum left to the
    NIC (checksum offload); a frame re-sent on another port must carry it."""
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return frame
    ihl = (frame[14] & 15) * 4
    proto = frame[23]
    tot = struct.unpack("!H", frame[16:18])[0]
    l4 = 14 + ihl
    end = 14 + tot
    if proto not in (6, 17) or end > len(frame) or (struct.unpack("!H", frame[20:22])[0] & 0x3FFF):
        return frame
    off = l4 + (16 if proto == 6 else 6)
    if off + 2 > end:
        return frame
    b = bytearray(frame)
    b[off:off + 2] = b"\0\0"
    pseudo = frame[26:34] + struct.pack("!BBH", 0, proto, end - l4)
    c = csum(pseudo + bytes(b[l4:end]))
    if proto == 17 and c == 0:
        c = 0xFFFF
    b[off:off + 2] = struct.pack("!H", c)
    return bytes(b)


def main():
    if_a, if_b, loss, reorder, seed = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    rnd = random.Random(seed)
    socks = {}
    for name in (if_a, if_b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        socks[name] = s
    other = {socks[if_a]: socks[if_b], socks[if_b]: socks[if_a]}
    held = {socks[if_a]: None, socks[if_b]: None}
    counts = {"gre": 0, "dropped": 0, "reordered": 0, "other": 0}

    def done(*_):
        print("impair " + " ".join("%s=%d" % kv for kv in counts.items()), flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, done)
    signal.signal(signal.SIGINT, done)
    print("impair ready", flush=True)   # both ports bound: the test waits for this line

    while True:
        r, _, _ = select.select(list(socks.values()), [], [])
        for s in r:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            out = other[s]
            is_gre = len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 47
            if not is_gre:
                counts["other"] += 1
                out.send(fix_l4_checksum(frame))
                continue
            counts["gre"] += 1
            if rnd.random() < loss:
                counts["dropped"] += 1
                continue
            if held[s] is None and rnd.random() < reorder:
                held[s] = frame
                counts["reordered"] += 1
                continue
            out.send(frame)
            if held[s] is not None:
                out.send(held[s])
                held[s] = None


if __name__ == "__main__":
    main()
