#!/usr/bin/env python3
"""Ethernet relay between the guest's tap and the test bridge that can lose
GRE data packets on demand (this kernel has no netem and no tc actions).

  relay.py IF_A IF_B          SIGUSR1: start losing, SIGUSR2: stop

While losing, every third MPPE data packet from IF_B towards IF_A (pnsd
to the guest) is dropped; control frames (CCP Reset-Request/Ack), ack-only
GRE, ARP and TCP pass, so each CCP reset round trip can complete. Deterministic, so the lossy case always loses packets. Prints
"relay ready" once both ports are open, and its counts on SIGTERM.
"""
import os
import select
import signal
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from gre_impair import ETH_P_ALL, PACKET_OUTGOING, fix_l4_checksum  # noqa: E402


def is_mppe_data(frame):
    """An enhanced GRE packet (RFC 2637 4.1) whose PPP frame is MPPE data
    (protocol 0x00fd, with or without the address/control field and PFC)."""
    ihl = (frame[14] & 15) * 4
    g = 14 + ihl
    if len(frame) < g + 8 or not frame[g] & 0x10:     # no S bit: ack only
        return False
    p = g + 12 + (4 if frame[g + 1] & 0x80 else 0)    # key 8, sequence 4, ack 4 with the A bit
    ppp = frame[p:p + 4]
    if ppp[:2] == b"\xff\x03":
        ppp = ppp[2:]
    return ppp[:1] == b"\xfd" or ppp[:2] == b"\x00\xfd"


def main():
    if_a, if_b = sys.argv[1], sys.argv[2]
    socks = {}
    for name in (if_a, if_b):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        socks[name] = s
    other = {socks[if_a]: socks[if_b], socks[if_b]: socks[if_a]}
    state = {"losing": False, "n": 0, "dropped": 0, "gre": 0}

    def on(*_):
        state["losing"] = True

    def off(*_):
        state["losing"] = False

    def done(*_):
        print("relay gre=%d dropped=%d" % (state["gre"], state["dropped"]), flush=True)
        sys.exit(0)
    signal.signal(signal.SIGUSR1, on)
    signal.signal(signal.SIGUSR2, off)
    signal.signal(signal.SIGTERM, done)
    signal.signal(signal.SIGINT, done)
    print("relay ready", flush=True)
    while True:
        try:
            r, _, _ = select.select(list(socks.values()), [], [])
        except InterruptedError:
            continue
        for s in r:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            is_gre = len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 47
            if is_gre and s is socks[if_b]:
                state["gre"] += 1
                if state["losing"] and is_mppe_data(frame):
                    state["n"] += 1
                    if state["n"] % 3 == 0:
                        state["dropped"] += 1
                        continue
            other[s].send(fix_l4_checksum(frame))


if __name__ == "__main__":
    main()
