#!/usr/bin/env python3
"""Generate a C test bench's pin struct from the RTL's port list.

    gen_pins.py --top MOD --struct NAME --macro PFX --out FILE.h [options] RTL...

A C test bench drives a Verilator model through a plain struct (sim/vl_wrap.h):
the harness copies the struct's inputs onto the model, evaluates, and copies
the outputs back. Written by hand, the struct and the copies were a second
copy of each module's port list, which a port change could leave stale. Here
Verilator itself elaborates the module (--xml-only, with the model build's
include paths and parameters) and the script writes, from the elaborated ports:

  struct NAME      one member a port, inputs then outputs in port order; the
                   name is the port's without its direction suffix (_i, _o;
                   rst_ni gives rst_n), an output keeping its suffix where an
                   input has the same stem (ij_i -> ij, ij_o -> ij_o); the
                   type is Verilator's for that width (uint8_t .. uint64_t,
                   uint32_t[n] wider than 64 bits, bit n in word n/32)
  PFX_IN(top, p)   the inputs from p onto the model top
  PFX_OUT(top, p)  the outputs of the model top into p

Options, each naming a port as the RTL spells it:
  --skip PORT        not a pin: the harness drives it (a clock, a tie-off);
                     clk_i is always skipped
  --octets PORT      a byte array, octet n in bits [8n+7:8n] (the RTL's keys)
  --octets-be PORT   a byte array, octet 0 in the top bits (SHA-1 blocks and
                     digests as FIPS 180 writes them)
  --type PORT=CTYPE  another integer type (a width that depends on a
                     parameter, so one struct serves every model built)
  --vflags FLAGS     Verilator's flags: include paths, the -G parameters of
                     the model the bench runs on

The build writes each header into build/gen/ before the bench's C objects
and its model (sim/module.mk, sim_pins): nothing of it is kept in the tree,
so a port change reaches the struct, the copies and every bench that names
the port at the next build, and a bench that names a port gone no longer
compiles.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def elaborate(top, vflags, files):
    """The ports of module top, elaborated: [(name, dir, width)] in order."""
    mdir = tempfile.mkdtemp(prefix="gen_pins.")
    try:
        cmd = ["verilator", "--xml-only", "-Wno-fatal", "-Wno-lint", "-Wno-style", "--top-module", top,
               "--Mdir", mdir] + vflags + files
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            sys.exit(f"gen_pins: verilator failed for {top}:\n{r.stdout}")
        root = ET.parse(os.path.join(mdir, f"V{top}.xml")).getroot()
    finally:
        shutil.rmtree(mdir)
    widths = {}
    for t in root.iter("basicdtype"):
        if "left" in t.attrib:
            widths[t.get("id")] = abs(int(t.get("left")) - int(t.get("right"))) + 1
        else:
            widths[t.get("id")] = 1
    mod = next(m for m in root.iter("module") if m.get("topModule") == "1")
    ports = []
    for v in mod.findall("var"):
        d = v.get("dir")
        if d not in ("input", "output"):
            continue
        if v.get("dtype_id") not in widths:
            sys.exit(f"gen_pins: {top}.{v.get('name')}: not a plain vector port")
        ports.append((v.get("name"), d, widths[v.get("dtype_id")]))
    return ports


def stem(name, d):
    if d == "input" and name.endswith("_ni"):
        return name[:-3] + "_n"
    for suf in ("_i", "_o"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return name


def ctype(width):
    for bits, t in ((8, "uint8_t"), (16, "uint16_t"), (32, "uint32_t"), (64, "uint64_t")):
        if width <= bits:
            return t, None
    return "uint32_t", (width + 31) // 32


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", required=True)
    ap.add_argument("--struct", required=True)
    ap.add_argument("--macro", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--skip", action="append", default=[])
    ap.add_argument("--octets", action="append", default=[])
    ap.add_argument("--octets-be", action="append", default=[])
    ap.add_argument("--type", action="append", default=[])
    ap.add_argument("--vflags", action="append", default=[],
                    help="Verilator's flags: include paths, the model build's -G parameters")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    ports = elaborate(a.top, " ".join(a.vflags).split(), a.files)
    names = {p[0] for p in ports}
    types = dict(t.split("=", 1) for t in a.type)
    for n in a.skip + a.octets + a.octets_be + list(types):
        if n not in names:
            sys.exit(f"gen_pins: {a.top} has no port {n}")
    pins = [p for p in ports if p[0] != "clk_i" and p[0] not in a.skip]
    in_stems = {stem(n, d) for n, d, _ in pins if d == "input"}

    members, copy_in, copy_out = {"input": [], "output": []}, [], []
    for n, d, w in pins:
        f = stem(n, d)
        if d == "output" and f in in_stems:
            f = n
        if n in a.octets or n in a.octets_be:
            if w % 8:
                sys.exit(f"gen_pins: {a.top}.{n}: {w} bits is not whole octets")
            decl = f"uint8_t {f}[{w // 8}];"
            be = "_be" if n in a.octets_be else ""
            note = "octet 0 in the top bits" if be else "octet n in bits [8n+7:8n]"
            if w <= 64:
                sys.exit(f"gen_pins: {a.top}.{n}: octets of a port of 64 bits or fewer")
            if w % 32:
                sys.exit(f"gen_pins: {a.top}.{n}: {w} bits is not whole 32-bit words")
            if d == "input":
                copy_in.append(f"vl_put_octets{be}((t)->{n}, (p)->{f}, {w // 32});")
            else:
                copy_out.append(f"vl_get_octets{be}((p)->{f}, (t)->{n}, {w // 32});")
        else:
            t, words = ctype(w)
            t = types.get(n, t)
            note = f"{w} bits" if w > 1 else ""
            if words:
                decl = f"{t} {f}[{words}];"
                note += ", bit n in word n/32"
                loop = f"for (int w_ = 0; w_ < {words}; w_++) "
                if d == "input":
                    copy_in.append(loop + f"(t)->{n}[w_] = (p)->{f}[w_];")
                else:
                    copy_out.append(loop + f"(p)->{f}[w_] = (t)->{n}[w_];")
            else:
                decl = f"{t} {f};"
                if d == "input":
                    copy_in.append(f"(t)->{n} = (p)->{f};")
                else:
                    copy_out.append(f"(p)->{f} = ({t})(t)->{n};")
        members[d].append(f"\t{decl:<32}/* {n}{', ' + note if note else ''} */")

    guard = os.path.basename(a.out).upper().replace(".", "_").replace("-", "_")
    srcs = " ".join(a.files)
    skipped = ", ".join(["clk_i"] + a.skip)
    params = " ".join(f for f in " ".join(a.vflags).split() if f.startswith("-G"))
    m = a.macro

    def macro(name, lines):
        body = "".join(f"\t\t{ln} \\\n" for ln in lines)
        return f"#define {name}(t, p) \\\n\tdo {{ \\\n{body}\t}} while (0)\n"

    out = f"""/*
 * The pins of {a.top} as a C struct, and the copies between it and the
 * Verilated model, written by sim/gen_pins.py at build time from the
 * module's ports ({srcs}{', ' + params if params else ''}).
 * Not pins (the harness drives them): {skipped}.
 */
#ifndef {guard}
#define {guard}

#include <stdint.h>

struct {a.struct} {{
	/* inputs */
{chr(10).join(members["input"])}
	/* outputs */
{chr(10).join(members["output"])}
}};

#ifdef __cplusplus
/* {m}_IN(top, p): p's inputs onto the model; {m}_OUT(top, p): the model's
 * outputs into p (sim/vl_wrap.h: vl_put_octets and the rest) */
{macro(m + "_IN", copy_in)}
{macro(m + "_OUT", copy_out)}#endif

#endif
"""
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(out)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
