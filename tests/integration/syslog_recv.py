#!/usr/bin/env python3
"""A syslog receiver for tests: binds a UDP address or a unix datagram socket
path, prints "ready" on stdout once bound, then writes every datagram it
receives as one line (repr-free: the bytes decoded, newlines escaped) to the
output file, flushed at once.
  usage: syslog_recv.py udp ADDR PORT OUT | unix PATH OUT
"""
import socket
import sys


def main():
    if sys.argv[1] == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((sys.argv[2], int(sys.argv[3])))
        out = sys.argv[4]
    else:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(sys.argv[2])
        out = sys.argv[3]
    print("ready", flush=True)
    with open(out, "a", encoding="utf-8") as f:
        while True:
            data = s.recv(65536)
            f.write(data.decode("utf-8", "replace").replace("\n", "\\n") + "\n")
            f.flush()


if __name__ == "__main__":
    main()
