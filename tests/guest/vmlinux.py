#!/usr/bin/env python3
"""Extract the uncompressed ELF vmlinux from a Debian bzImage (vmlinuz).

QEMU boots an ELF vmlinux through its PVH entry point (the Xen PVH ELF note
that Debian's kernel carries, CONFIG_PVH): no real-mode setup and no
in-guest decompression, which halves the boot time under TCG. Debian only
ships the bzImage, whose payload is that ELF file compressed (xz for the
Debian 6.1 kernels, gzip/zstd handled for older or newer ones).

bzImage layout (Documentation/x86/boot.rst): setup_sects at 0x1f1 (0 means
4), the protected-mode part starts at (setup_sects + 1) * 512; payload_offset
(0x248) and payload_length (0x24c) locate the compressed payload inside it.
The payload may be followed by relocation data; QEMU's ELF loader reads only
what the program headers describe, so the trailing bytes do no harm.

Usage: vmlinux.py VMLINUZ OUT
"""
import gzip
import lzma
import struct
import sys


def extract(bzimage: bytes) -> bytes:
    if len(bzimage) < 0x250 or bzimage[0x202:0x206] != b"HdrS":
        raise ValueError("not a bzImage (no HdrS boot header)")
    setup_sects = bzimage[0x1F1] or 4
    payload_offset, payload_length = struct.unpack_from("<II", bzimage, 0x248)
    start = (setup_sects + 1) * 512 + payload_offset
    payload = bzimage[start:start + payload_length]
    if len(payload) != payload_length or payload_length == 0:
        raise ValueError("payload outside the file")
    if payload.startswith(b"\xfd7zXZ\x00"):
        # The kernel's xz stream is checked with CRC32; lzma handles it.
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    elif payload.startswith(b"\x1f\x8b"):
        elf = gzip.decompress(payload)
    elif payload.startswith(b"\x28\xb5\x2f\xfd"):
        import subprocess  # zstd: no stdlib module; the zstd tool is in Debian's base
        elf = subprocess.run(["zstd", "-dc"], input=payload, stdout=subprocess.PIPE, check=True).stdout
    else:
        raise ValueError("unknown payload compression %s" % payload[:6].hex())
    if not elf.startswith(b"\x7fELF\x02"):
        raise ValueError("payload is not a 64-bit ELF file")
    return elf


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        elf = extract(f.read())
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(elf)
    import os
    os.replace(tmp, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
