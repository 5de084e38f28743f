#!/usr/bin/env python3
"""Flip one bit of a $readmemh image: flip_bit.py IN.hex BYTE_ADDRESS BIT OUT.hex.
Used by the tests to corrupt a known answer inside a built firmware."""
import sys

words = [int(line, 16) for line in open(sys.argv[1]) if line.strip()]
addr, bit = int(sys.argv[2], 0), int(sys.argv[3])
words[addr // 4] ^= 1 << (8 * (addr % 4) + bit)
with open(sys.argv[4], "w") as out:
    out.writelines("%08x\n" % w for w in words)
