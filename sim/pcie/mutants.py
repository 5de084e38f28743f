#!/usr/bin/env python3
"""Mutants of the PCIe adapter that tb_pcie must kill (make mutants-pcie).

Each mutant is one hand-made fault in a copy of hdl/pcie/ (the tree is
never edited); the test bench is built against the copy and run with the
make-check settings. A mutant the test does not kill is a hole in the
test. Slow (one Verilator build per mutant): not part of make check.
Arguments: mutant indices to run (default: all).
"""
import os
import shutil
import subprocess
import sys

MUTANTS = [
    ("completion placed one DW off", "pcie_ep_core.v", "- {1'b0, c_bc};", "- {1'b0, c_bc} + 14'd4;"),
    ("writes split at MRRS, not MPS", "pcie_ep_core.v", "chunk_len(w_cur_q, w_rem_q, mps)", "chunk_len(w_cur_q, w_rem_q, mrrs)"),
    ("tags never marked busy", "pcie_ep_core.v",
     "(r_take ? ({{(NTAGS-1){1'b0}}, 1'b1} << r_tag) : {NTAGS{1'b0}})", "{NTAGS{1'b0}}"),
    ("answers not dropped after a soft reset", "pcie_adapter.v",
     "assign dmar_rsp_valid_o = c_rdr_valid && c_rd_drop_q == 4'd0 && !srst_i;",
     "assign dmar_rsp_valid_o = c_rdr_valid && !srst_i;"),
    ("MSI-X vector mask ignored", "pcie_msix.v", "if (pend_q[i] && !mask_q[i])", "if (pend_q[i])"),
    ("completion Lower Address ignores the byte enables", "pcie_ep_core.v", "2'd0 : lead0(r_fbe)};", "2'd0 : 2'd0};"),
    ("chunks not cut at MRRS/MPS boundaries", "pcie_ep_core.v",
     "room = lim - (cur[12:0] & (lim - 13'd1));", "room = lim;"),
    ("async FIFO full flag compares one bit too few", "pcie_async_fifo.v",
     "{~rgray_w2_q[AW:AW-1], rgray_w2_q[AW-2:0]}", "{~rgray_w2_q[AW], rgray_w2_q[AW-1:0]}"),
    ("write data realigned the wrong way", "pcie_ep_core.v",
     "w_cat[{3'd4 - {1'b0, w_off_q}, 3'b000} +: 32]", "w_cat[{1'b0, w_off_q, 3'b000} +: 32]"),
    ("tag freed at its first completion", "pcie_ep_core.v", "p_cfree_q <= c_bc <= c_bytes;", "p_cfree_q <= 1'b1;"),
    ("PBA not set while masked", "pcie_msix.v", "(msix_en_i ? event_i : {N{1'b0}})",
     "(msix_en_i ? event_i & ~mask_q : {N{1'b0}})"),
    ("cut write burst not closed with an abort mark", "pcie_adapter.v", "c_abort_q    <= 1'b1;", "c_abort_q    <= 1'b0;"),
    ("zero-length BAR write reaches the card", "pcie_ep_core.v", "end else if (p_be == 4'h0) begin", "end else if (1'b0) begin"),
    ("Byte Count of a 1-DW read ignores the byte enables", "pcie_ep_core.v",
     "(r_fbe == 4'h0 ? 12'd1 : 12'd4 - {10'd0, lead0(r_fbe)} - {10'd0, trail0(r_fbe)})", "12'd4"),
    ("DMA read answered with a stale card tag", "pcie_adapter.v",
     "if (c_rd_end) c_rtag_rd_q <= c_rtag_rd_q + 4'd1;", "if (1'b0) c_rtag_rd_q <= c_rtag_rd_q + 4'd1;"),
]

RUNS = [["--seed", "1", "--card-period", "7", "--stall", "30", "--ops", "100"],
        ["--seed", "2", "--card-period", "3", "--stall", "50", "--ops", "50"]]


def main():
    src = sorted(f for f in os.listdir("hdl/pcie") if f.endswith(".v"))
    survived = 0
    only = {int(a) for a in sys.argv[1:]}
    for i, (name, fname, old, new) in enumerate(MUTANTS):
        if only and i not in only:
            continue
        d = f"build/mut/m{i}"
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d + "/src")
        for f in src:
            shutil.copy(f"hdl/pcie/{f}", f"{d}/src/{f}")
        text = open(f"{d}/src/{fname}").read()
        if text.count(old) != 1:
            print(f"mutant {i} ({name}): pattern not found once in {fname}")
            return 2
        open(f"{d}/src/{fname}", "w").write(text.replace(old, new))
        rtl = " ".join(f"{d}/src/{f}" for f in src) + " hdl/fifo_fwft.v"
        b = subprocess.run(["make", "--no-print-directory", "-j2", f"BUILD={d}/b", f"RTL_PCIE={rtl}",
                            f"PCIE_TB_VFLAGS=-Wno-fatal", f"{d}/b/sim/pcie/tb_pcie"], capture_output=True, text=True)
        if b.returncode != 0:
            print(f"mutant {i} ({name}): does not build\n{b.stdout[-2000:]}{b.stderr[-2000:]}")
            return 2
        killed, why = False, ""
        for args in RUNS:
            try:
                r = subprocess.run([f"{d}/b/sim/pcie/tb_pcie"] + args, capture_output=True, text=True, timeout=300)
                out = (r.stderr + r.stdout).strip().splitlines()   # the first failed check first
                if r.returncode != 0:
                    killed, why = True, out[0][:160] if out else f"exit {r.returncode}"
                    break
            except subprocess.TimeoutExpired:
                killed, why = True, "hung (timeout)"
                break
        print(f"mutant {i} ({name}): {'killed: ' + why if killed else 'SURVIVED'}", flush=True)
        survived += not killed
    ran = len(only) if only else len(MUTANTS)
    print(f"mutants-pcie: {ran - survived} of {ran} killed")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
