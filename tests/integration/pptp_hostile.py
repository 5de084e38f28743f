#!/usr/bin/env python3
"""Hostile and odd PPTP control traffic against pnsd; each case checks the
RFC 2637 answer (or a clean close) on the wire. Usage: pptp_hostile.py SERVER [PORT]"""
import socket
import struct
import sys
import time

MAGIC = 0x1A2B3C4D
HOST, PORT = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1723


def msg(ctype, body, length=None, magic=MAGIC, mtype=1):
    n = 12 + len(body) if length is None else length
    return struct.pack("!HHIHH", n, mtype, magic, ctype, 0) + body


def sccrq(version=0x0100):
    return msg(1, struct.pack("!HHIIHH64s64s", version, 0, 1, 1, 0, 1, b"hostile", b"test"))


def ocrq(call_id, phone_len=0):
    return msg(7, struct.pack("!HHIIIIHHHH64s64s", call_id, 1, 2400, 10000000, 3, 3, 16, 0,
                              phone_len, 0, b"", b""))


def conn():
    s = socket.create_connection((HOST, PORT), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_msg(s):
    hdr = b""
    while len(hdr) < 12:
        b = s.recv(12 - len(hdr))
        if not b:
            return None
        hdr += b
    n, mtype, magic, ctype, _ = struct.unpack("!HHIHH", hdr)
    body = b""
    while len(body) < n - 12:
        b = s.recv(n - 12 - len(body))
        if not b:
            return None
        body += b
    return ctype, body


def closed(s):
    try:
        s.settimeout(5)
        while True:
            b = s.recv(4096)
            if not b:
                return True
    except (ConnectionResetError, socket.timeout):
        return isinstance(sys.exc_info()[1], ConnectionResetError)


failures = 0


def check(name, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        failures += 1


def established():
    s = conn()
    s.sendall(sccrq())
    t, b = recv_msg(s)
    assert t == 2 and b[2] == 1, "SCCRP not OK"
    return s


# 1. bad magic cookie: stream out of sync, connection closed
s = conn()
s.sendall(msg(1, sccrq()[12:], magic=0xdeadbeef))
check("bad magic cookie -> close", closed(s))

# 2. unsupported (earlier) version: SCCRP result 5 with our version, then close
s = conn()
s.sendall(sccrq(version=0x00ff))
r = recv_msg(s)
check("old version -> SCCRP result 5", r is not None and r[0] == 2 and r[1][2] == 5
      and struct.unpack("!H", r[1][:2])[0] == 0x0100)
check("old version -> close", closed(s))

# 3. a later version is answered with ours (sec 3.1.2)
s = conn()
s.sendall(sccrq(version=0x0200))
r = recv_msg(s)
check("newer version -> SCCRP OK, version 1.0", r is not None and r[1][2] == 1
      and struct.unpack("!H", r[1][:2])[0] == 0x0100)
check("host name is the configured local name", r is not None and r[1][16:32].rstrip(b"\0") == b"test_pns")

# 4. second SCCRQ: result 3 (command channel already exists), tunnel stays
s.sendall(sccrq())
r = recv_msg(s)
check("second SCCRQ -> SCCRP result 3", r is not None and r[0] == 2 and r[1][2] == 3)
s.sendall(msg(5, struct.pack("!I", 77)))
r = recv_msg(s)
check("echo answered after that", r is not None and r[0] == 6 and struct.unpack("!IBB", r[1][:6]) == (77, 1, 0))

# 5. incoming call refused: ICRP result 3 (do not accept)
s.sendall(msg(9, struct.pack("!HHIIHH64s64s64s", 4242, 1, 1, 0, 0, 0, b"", b"", b"")))
r = recv_msg(s)
check("ICRQ -> ICRP result 3", r is not None and r[0] == 10 and struct.unpack("!HHB", r[1][:5]) == (0, 4242, 3))

# 6. OCRQ with a phone-number length beyond its field: OCRP general error, bad value
s.sendall(ocrq(100, phone_len=65))
r = recv_msg(s)
check("OCRQ bad phone length -> OCRP 2/3", r is not None and r[0] == 8 and r[1][4:6] == b"\x02\x03")

# 7. a good OCRQ: random non-zero call ID, our window
s.sendall(ocrq(101))
r = recv_msg(s)
ok = r is not None and r[0] == 8 and r[1][4] == 1
cid, peer = struct.unpack("!HH", r[1][:4]) if ok else (0, 0)
rws = struct.unpack("!H", r[1][12:14])[0] if ok else 0
check("OCRQ -> OCRP connected, peer call 101, window 8", ok and peer == 101 and cid != 0 and rws == 8)
# the same peer call ID again on this connection: bad call ID
s.sendall(ocrq(101))
r = recv_msg(s)
check("duplicate peer call ID -> OCRP 2/5", r is not None and r[0] == 8 and r[1][4:6] == b"\x02\x05")

# 8. length that disagrees with the type (an echo request claiming 20 bytes): dropped, tunnel stays
s.sendall(msg(5, struct.pack("!IBBH", 1, 0, 0, 0)))
s.sendall(msg(5, struct.pack("!I", 78)))
r = recv_msg(s)
check("wrong-length message dropped, next one answered", r is not None and r[0] == 6
      and struct.unpack("!I", r[1][:4])[0] == 78)

# 9. CCRQ for an unknown call: no answer defined; the good call is still there
s.sendall(msg(12, struct.pack("!HH", 9999, 0)))
s.sendall(msg(12, struct.pack("!HH", 101, 0)))
r = recv_msg(s)
check("CCRQ -> CDN result 4 for the right call", r is not None and r[0] == 13
      and struct.unpack("!HB", r[1][:3]) == (cid, 4))

# 10. a message cut in the middle, then the peer goes away: clean close
s.sendall(sccrq()[:40])
s.close()

# 11. anything but SCCRQ first: closed
s = conn()
s.sendall(ocrq(5))
check("OCRQ before SCCRQ -> close", closed(s))

# 12. absurd lengths: closed
s = conn()
s.sendall(struct.pack("!HHI", 0xffff, 1, MAGIC) + b"\0" * 64)
check("length 65535 -> close", closed(s))

# 13. StopCCRQ: StopCCRP OK then close
s = established()
s.sendall(msg(3, struct.pack("!BBH", 1, 0, 0)))
r = recv_msg(s)
check("StopCCRQ -> StopCCRP OK", r is not None and r[0] == 4 and r[1][0] == 1)
check("StopCCRQ -> close", closed(s))

# 14. flood: 300 SCCRQs on 300 connections and 200 OCRQs on one; all answered
socks = []
for i in range(300):
    c = conn()
    c.sendall(sccrq())
    socks.append(c)
good = sum(1 for c in socks if (lambda r: r is not None and r[0] == 2 and r[1][2] == 1)(recv_msg(c)))
check("300 SCCRQs answered", good == 300)
c = socks[0]
c.sendall(b"".join(ocrq(1000 + i) for i in range(200)))
ids = set()
for i in range(200):
    r = recv_msg(c)
    if r and r[0] == 8 and r[1][4] == 1:
        ids.add(struct.unpack("!H", r[1][:2])[0])
check("200 OCRQs -> 200 distinct call IDs", len(ids) == 200)
seq = sorted(ids)
check("call IDs are not sequential", sum(1 for a, b in zip(seq, seq[1:]) if b == a + 1) < 20)
for c in socks:
    c.close()

sys.exit(1 if failures else 0)
