#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_vfu_server (tests/fuzz/fuzz_vfu_server.c).

Each seed is one option octet (bit 0: the harness negotiates and maps 64 KiB
of memory at IOVA 0 first; bit 1: DMA latency; bits 7..2: clocks after each
message, 0 = until the card leaves the bus alone) followed by vfio-user
messages laid out as in contract/vfio_user.h and registers from
contract/card_if.h. Run from anywhere:

    python3 tests/fuzz/gen_vfu_server_corpus.py
"""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_vfu_server")

# vfio_user.h
VERSION, DMA_MAP, DMA_UNMAP, GET_INFO, REGION_INFO, IO_FDS, IRQ_INFO, SET_IRQS, \
    REGION_READ, REGION_WRITE, DMA_READ, DMA_WRITE, RESET = range(1, 14)
F_NO_REPLY = 0x10
BAR0, CONFIG = 0, 7
IRQ_MSIX = 2
IRQ_DATA_NONE, IRQ_DATA_EVENTFD, IRQ_ACTION_TRIGGER = 0x01, 0x04, 0x20

# card_if.h
HDR_TYPE, HDR_VERSION, HDR_NEXT = 0x000, 0x004, 0x008
CAP_NUM_FLOWS, CAP_NUM_QUEUES = 0x110, 0x114
CTL_CONTROL, CTL_STATUS, CTL_SCRATCH = 0x210, 0x214, 0x21C
ERR_STATUS = 0x310
CNT_OPS_LO = 0x418
CONTROL_ENABLE, CONTROL_RESET = 0x1, 0x2


def q_reg(n, off):
    return 0x800 + n * 0x40 + off


Q_SQ_BASE_LO, Q_CQ_BASE_LO, Q_CFG, Q_IRQ, Q_STATUS, Q_CQ_TAIL = 0x00, 0x08, 0x10, 0x14, 0x18, 0x1C
CFG_ENABLE = 1 << 31


def db_sq(n):
    return 0x1000 + 8 * n


def db_cq(n):
    return 0x1004 + 8 * n


class Stream:
    def __init__(self, opts):
        self.b = bytearray([opts])
        self.msg_id = 0

    def msg(self, cmd, payload=b"", flags=0):
        self.msg_id += 1
        self.b += struct.pack("<HHIII", self.msg_id, cmd, 16 + len(payload), flags, 0) + payload
        return self

    def version(self):
        return self.msg(VERSION, struct.pack("<HH", 0, 1) + b'{"capabilities":{"max_msg_fds":8}}\0')

    def read(self, off, count=4, region=BAR0):
        return self.msg(REGION_READ, struct.pack("<QII", off, region, count))

    def write(self, off, value, region=BAR0, flags=0):
        return self.msg(REGION_WRITE, struct.pack("<QIII", off, region, 4, value), flags)


def seeds():
    s = {}
    s["version-info"] = (Stream(0).version()
                         .msg(GET_INFO, struct.pack("<IIII", 16, 0, 0, 0))
                         .msg(REGION_INFO, struct.pack("<IIIIQQ", 64, 0, BAR0, 0, 0, 0))
                         .msg(REGION_INFO, struct.pack("<IIIIQQ", 32, 0, BAR0, 0, 0, 0))
                         .msg(REGION_INFO, struct.pack("<IIIIQQ", 32, 0, CONFIG, 0, 0, 0))
                         .msg(IRQ_INFO, struct.pack("<IIII", 16, 0, IRQ_MSIX, 0)))
    s["bar0-header"] = (Stream(0).version()
                        .read(HDR_TYPE, 8).read(HDR_NEXT).read(CAP_NUM_FLOWS, 8).read(CTL_STATUS)
                        .read(0, 4, CONFIG).read(0x10, 4, CONFIG)
                        .write(0x10, 0xFFFFFFFF, CONFIG).read(0x10, 4, CONFIG))
    s["control-reset"] = (Stream(0).version()
                          .write(CTL_SCRATCH, 0x5A5A5A5A).read(CTL_SCRATCH)
                          .write(CTL_CONTROL, CONTROL_ENABLE).read(CTL_STATUS)
                          .write(CTL_CONTROL, CONTROL_RESET).read(CTL_STATUS)
                          .msg(RESET).read(CTL_STATUS))
    s["no-version"] = Stream(0).read(HDR_TYPE).msg(GET_INFO, struct.pack("<IIII", 16, 0, 0, 0))
    s["irqs-no-fds"] = (Stream(0).version()
                        .msg(SET_IRQS, struct.pack("<IIIII", 20, IRQ_DATA_EVENTFD | IRQ_ACTION_TRIGGER, IRQ_MSIX, 0, 9))
                        .msg(SET_IRQS, struct.pack("<IIIII", 20, IRQ_DATA_NONE | IRQ_ACTION_TRIGGER, IRQ_MSIX, 1, 2))
                        .msg(SET_IRQS, struct.pack("<IIIII", 20, IRQ_DATA_NONE | IRQ_ACTION_TRIGGER, IRQ_MSIX, 0, 0))
                        .msg(DMA_MAP, struct.pack("<IIQQQ", 32, 3, 0, 0x100000, 0x1000))
                        .msg(IO_FDS, b"\0" * 16))

    # Queue 1 (data) and queue 0 (admin): rings in the harness's memory at
    # IOVA 0, entries submitted by doorbell (by message; the shared page is
    # the driver's path, not the socket's).
    def ring(st, q, sq, cq):
        (st.write(q_reg(q, Q_SQ_BASE_LO), sq).write(q_reg(q, Q_CQ_BASE_LO), cq)
         .write(q_reg(q, Q_IRQ), 1).write(q_reg(q, Q_CFG), CFG_ENABLE | (2 << 4) | 2))
        return st

    st = ring(Stream(1), 1, 0x0000, 0x8000).write(CTL_CONTROL, CONTROL_ENABLE)
    st.write(db_sq(1), 1).read(q_reg(1, Q_STATUS)).read(q_reg(1, Q_CQ_TAIL))
    st.write(db_sq(1), 3, flags=F_NO_REPLY).read(q_reg(1, Q_CQ_TAIL)).write(db_cq(1), 3)
    st.read(ERR_STATUS).read(CNT_OPS_LO)
    s["data-queue-doorbell"] = st
    st2 = Stream(3)
    st2.b += st.b[1:]
    s["data-queue-latency"] = st2
    s["admin-queue-doorbell"] = (ring(Stream(1), 0, 0x1000, 0x2000).write(CTL_CONTROL, CONTROL_ENABLE)
                                 .write(db_sq(0), 1).read(q_reg(0, Q_STATUS)).read(ERR_STATUS))
    s["unmap-then-doorbell"] = (ring(Stream(1), 1, 0x0000, 0x8000).write(CTL_CONTROL, CONTROL_ENABLE)
                                .msg(DMA_UNMAP, struct.pack("<IIQQ", 24, 0, 0, 0x10000))
                                .write(db_sq(1), 1).read(ERR_STATUS).read(q_reg(1, Q_STATUS)))
    # A DMA_UNMAP while the card's completion write is in flight (9 clocks
    # per message leave it between its two beats): the PCIe model wrote the
    # second beat through a NULL translation until it checked every beat.
    st = ring(Stream(1 | 9 << 2), 1, 0x0000, 0x8000).write(CTL_CONTROL, CONTROL_ENABLE).write(db_sq(1), 1)
    s["unmap-during-cqe-write"] = st.msg(DMA_UNMAP, struct.pack("<IIQQ", 24, 0, 0, 0x10000)).read(ERR_STATUS)
    return s


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, st in seeds().items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes(st.b))


if __name__ == "__main__":
    main()
