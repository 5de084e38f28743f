#!/usr/bin/env python3
"""Generate register maps and memory formats from one source file.

    gen_contract.py SRC --vh OUT.vh --h OUT.h --md OUT.md          write them
    gen_contract.py SRC --vh OUT.vh --h OUT.h --md OUT.md --check  fail if stale

One source, three outputs (Verilog `defines, a C header, the document), so
that the RTL, the software and the document cannot drift apart. Three
contracts use it: the card's host interface (contract/card_if.txt, prefix CARD),
the management core's memory map (contract/mgmt_map.txt, prefix MGMT, with
--block-offsets for the RTL blocks that decode their own offsets), and the
MPPE engine's codes shared by the software engine and the RTL engine
(contract/mppe_codes.txt, prefix MPPE); a fourth, the words the context port's
request and response travel in (contract/mppe_ctx_bus.txt), uses its buses.

A bus is one packed vector that carries a handshake's data between RTL
modules as one port (bus NAME WIDTH title doc, then its fields as part NAME
HI:LO doc). It gives Verilog NAME_W, each field's range (`PFX_NAME_F as HI:LO,
for v[`PFX_NAME_F]), _LSB and _W, and C the same numbers with GET/SET macros
over an array of 32-bit words, bit n in word n/32: how Verilator hands a C++
harness a port wider than 64 bits.

An enum takes options after its title: width=N sizes its Verilog values
(N'dV), ctype=NAME names the C enum (default prefix_enum), bare leaves the
enum's name out of its values' names (MPPE_OK, not MPPE_STATUS_OK), count
adds a last C value PREFIX_ENUM_COUNT (the values must be 0..n-1).
"""
import re
import shlex
import sys


class Item:
    def __init__(self, kind, name, **kw):
        self.kind, self.name, self.children = kind, name, []
        self.__dict__.update(kw)


def num(s):
    return int(s, 0)


def const_expr(s, consts):
    """A number, or an expression of numbers and earlier consts (no spaces:
    IF_VERSION_MAJOR<<16|IF_VERSION_MINOR), so that a register's reset value
    is not a second copy of constants it is made of."""
    try:
        return num(s)
    except ValueError:
        pass
    if not re.fullmatch(r"[A-Za-z0-9_<>|&+*()]+", s):
        raise ValueError(f"bad value {s}")
    names = {c.name: c.value for c in consts}
    return int(eval(s, {"__builtins__": {}}, names))


def parse(path):
    consts, blocks, structs, enums, buses = [], [], [], [], []
    cur_block = cur_reg = cur_struct = cur_member = cur_enum = cur_bus = None
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            if line.lstrip().startswith('#'):
                continue
            try:
                words = shlex.split(line, comments=True)
            except ValueError as e:
                sys.exit(f"{path}:{lineno}: {e}")
            if not words:
                continue
            k, a = words[0], words[1:]
            where = f"{path}:{lineno}"
            try:
                if k == 'const':
                    consts.append(Item(k, a[0], value=const_expr(a[1], consts), doc=a[2]))
                elif k in ('block', 'array'):
                    if k == 'block':
                        cur_block = Item(k, a[0], base=num(a[1]), stride=0, count=None,
                                         title=a[2], doc=a[3])
                    else:
                        cur_block = Item(k, a[0], base=num(a[1]), stride=num(a[2]), count=a[3],
                                         title=a[4], doc=a[5])
                    blocks.append(cur_block)
                    cur_reg = None
                elif k == 'reg':
                    cur_reg = Item(k, a[0], off=num(a[1]), access=a[2], reset=const_expr(a[3], consts),
                                   reset_text=a[3], doc=a[4])
                    if cur_reg.off % 4:
                        raise ValueError("register offset not 32-bit aligned")
                    cur_block.children.append(cur_reg)
                elif k == 'words':
                    cur_reg = Item(k, a[0], off=num(a[1]), count=num(a[2]), access=a[3], reset=0, doc=a[4])
                    if cur_reg.off % 4 or cur_reg.count < 1:
                        raise ValueError("words: offset not 32-bit aligned or no words")
                    cur_block.children.append(cur_reg)
                elif k == 'field':
                    hi, lo = (a[1].split(':') + [a[1]])[:2]
                    cur_reg.children.append(Item(k, a[0], hi=int(hi), lo=int(lo), doc=a[2]))
                elif k == 'struct':
                    cur_struct = Item(k, a[0], size=num(a[1]), title=a[2], doc=a[3])
                    structs.append(cur_struct)
                elif k == 'member':
                    cur_member = Item(k, a[0], off=num(a[1]), bits=num(a[2]), doc=a[3])
                    cur_struct.children.append(cur_member)
                elif k == 'bits':
                    hi, lo = a[1].split(':')
                    cur_member.children.append(Item(k, a[0], hi=int(hi), lo=int(lo), doc=a[2]))
                elif k == 'enum':
                    opts = dict(o.split('=', 1) if '=' in o else (o, True) for o in a[2:])
                    unknown = set(opts) - {'width', 'ctype', 'bare', 'count'}
                    if unknown:
                        raise ValueError(f"unknown enum option {' '.join(sorted(unknown))}")
                    cur_enum = Item(k, a[0], title=a[1], width=int(opts.get('width', 0)),
                                    ctype=opts.get('ctype'), bare='bare' in opts, count='count' in opts)
                    enums.append(cur_enum)
                elif k == 'value':
                    cur_enum.children.append(Item(k, a[0], value=num(a[1]), doc=a[2]))
                elif k == 'bus':
                    cur_bus = Item(k, a[0], width=num(a[1]), title=a[2], doc=a[3])
                    buses.append(cur_bus)
                elif k == 'part':
                    hi, lo = (a[1].split(':') + [a[1]])[:2]
                    cur_bus.children.append(Item(k, a[0], hi=int(hi), lo=int(lo), doc=a[2]))
                else:
                    raise ValueError(f"unknown keyword {k}")
            except (IndexError, ValueError, AttributeError) as e:
                sys.exit(f"{where}: {e}")
    check(consts, blocks, structs)
    check_enums(enums)
    check_buses(buses)
    return consts, blocks, structs, enums, buses


def value_name(P, e, v):
    return f"{P}_{v.name}" if e.bare else f"{P}_{e.name}_{v.name}"


def check_enums(enums):
    for e in enums:
        values = [v.value for v in e.children]
        if len(set(values)) != len(values):
            sys.exit(f"enum {e.name}: a value is used twice")
        if e.width and max(values, default=0) >= 1 << e.width:
            sys.exit(f"enum {e.name}: a value does not fit width={e.width}")
        if e.count and sorted(values) != list(range(len(values))):
            sys.exit(f"enum {e.name}: count needs the values 0..n-1")


def check_buses(buses):
    for b in buses:
        used = 0
        for p in b.children:
            mask = ((1 << (p.hi - p.lo + 1)) - 1) << p.lo
            if p.lo > p.hi or p.hi >= b.width or used & mask:
                sys.exit(f"bus {b.name}.{p.name}: bits {p.hi}:{p.lo} outside the bus or overlapping")
            used |= mask


def check(consts, blocks, structs):
    # Blocks that start with TYPE, VERSION, NEXT form a chain software walks:
    # each NEXT must be the base of the block after it (0 after the last).
    for i, b in enumerate(blocks):
        head = [(r.name, r.off) for r in b.children[:3]]
        if b.kind == 'block' and head == [('TYPE', 0), ('VERSION', 4), ('NEXT', 8)]:
            want = blocks[i + 1].base if i + 1 < len(blocks) else 0
            if b.children[2].reset != want:
                sys.exit(f"block {b.name}: NEXT resets to {b.children[2].reset:#x}, the next block is at {want:#x}")
    for b in blocks:
        seen = {}
        for r in b.children:
            for w in range(getattr(r, 'count', 1)):
                if r.off + 4 * w in seen:
                    sys.exit(f"block {b.name}: {r.name} overlaps {seen[r.off + 4 * w]}")
                seen[r.off + 4 * w] = r.name
            used = 0
            for fl in r.children:
                mask = ((1 << (fl.hi - fl.lo + 1)) - 1) << fl.lo
                if fl.hi > 31 or fl.lo > fl.hi or used & mask:
                    sys.exit(f"{b.name}.{r.name}.{fl.name}: bad or overlapping bits")
                used |= mask
    for s in structs:
        end = 0
        for m in s.children:
            if m.off != end:
                sys.exit(f"struct {s.name}: {m.name} at {m.off}, expected {end} (no holes)")
            if m.bits % 8 or (m.bits <= 64 and m.off % (m.bits // 8)):
                sys.exit(f"struct {s.name}: {m.name} misaligned")
            end = m.off + m.bits // 8
        if end != s.size:
            sys.exit(f"struct {s.name}: members end at {end}, size {s.size}")


def unique_names(lines, keyword):
    """Two items whose generated names meet (a field RESET and a register's
    RESET_VALUE, say) would silently redefine one another."""
    seen = set()
    for line in lines:
        if line.startswith(keyword):
            name = line[len(keyword):].split()[0].split("(")[0]
            if name in seen:
                sys.exit(f"generated name {name} is defined twice; rename an item")
            seen.add(name)


def reg_name(b, r):
    return f"{b.name}_{r.name}"


def gen_vh(consts, blocks, structs, enums, buses, g):
    P = g.prefix
    o = [f"// Generated from {g.src} by contract/gen_contract.py. Do not edit.",
         f"`ifndef {g.guard}_VH", f"`define {g.guard}_VH", ""]
    for c in consts:
        o.append(f"`define {P}_{c.name} {c.value}")
    if consts:
        o.append("")
    for b in blocks:
        o.append(f"// {b.title}")
        if b.kind == 'array':
            o.append(f"`define {P}_{b.name}_BASE 'h{b.base:04x}")
            o.append(f"`define {P}_{b.name}_STRIDE 'h{b.stride:x}")
        elif g.block_offsets:
            o.append(f"`define {P}_{b.name}_BASE 'h{b.base:04x}")
        for r in b.children:
            addr = r.off if b.kind == 'array' else b.base + r.off
            o.append(f"`define {P}_{reg_name(b, r)} 'h{addr:04x}")
            if g.block_offsets:
                o.append(f"`define {P}_{reg_name(b, r)}_OFF 'h{r.off:03x}")
            if r.kind == 'reg':
                o.append(f"`define {P}_{reg_name(b, r)}_RESET_VALUE 32'h{r.reset:08x}")
            if r.kind == 'words':
                o.append(f"`define {P}_{reg_name(b, r)}_COUNT {r.count}")
            for fl in r.children:
                o.append(f"`define {P}_{reg_name(b, r)}_{fl.name} {fl.lo}")
                if fl.hi != fl.lo:
                    o.append(f"`define {P}_{reg_name(b, r)}_{fl.name}_W {fl.hi - fl.lo + 1}")
        o.append("")
    for s in structs:
        o.append(f"// {s.title}: bit positions in a {s.size * 8}-bit little-endian vector")
        o.append(f"`define {P}_{s.name}_BITS {s.size * 8}")
        for m in s.children:
            o.append(f"`define {P}_{s.name}_{m.name}_LSB {m.off * 8}")
            o.append(f"`define {P}_{s.name}_{m.name}_W {m.bits}")
            for bt in m.children:
                o.append(f"`define {P}_{s.name}_{m.name}_{bt.name}_LSB {m.off * 8 + bt.lo}")
                o.append(f"`define {P}_{s.name}_{m.name}_{bt.name}_W {bt.hi - bt.lo + 1}")
        o.append("")
    for e in enums:
        o.append(f"// {e.title}")
        for v in e.children:
            val = f"{e.width}'d{v.value}" if e.width else f"{v.value}"
            o.append(f"`define {value_name(P, e, v)} {val}")
        o.append("")
    for b in buses:
        o.append(f"// {b.title}: v[`{P}_{b.name}_F] is field F of a [`{P}_{b.name}_W-1:0] v")
        o.append(f"`define {P}_{b.name}_W {b.width}")
        for p in b.children:
            o.append(f"`define {P}_{b.name}_{p.name} {p.hi}:{p.lo}")
            o.append(f"`define {P}_{b.name}_{p.name}_LSB {p.lo}")
            o.append(f"`define {P}_{b.name}_{p.name}_W {p.hi - p.lo + 1}")
        o.append("")
    o.append("`endif")
    unique_names(o, "`define ")
    return "\n".join(o) + "\n"


CTYPES = {8: "uint8_t", 16: "uint16_t", 32: "uint32_t", 64: "uint64_t"}


def gen_h(consts, blocks, structs, enums, buses, g):
    P = g.prefix
    o = [f"/* Generated from {g.src} by contract/gen_contract.py. Do not edit. */",
         f"#ifndef {g.guard}_H", f"#define {g.guard}_H", "", "#include <stddef.h>", "#include <stdint.h>", ""]
    for c in consts:
        o.append(f"#define {P}_{c.name} 0x{c.value:X}u /* {c.doc} */")
    if consts:
        o.append("")
    for b in blocks:
        o.append(f"/* {b.title} */")
        if b.kind == 'array':
            o.append(f"#define {P}_{b.name}_BASE 0x{b.base:04X}u")
            o.append(f"#define {P}_{b.name}_STRIDE 0x{b.stride:X}u")
            o.append(f"#define {P}_{b.name}_REG(n, reg) ({P}_{b.name}_BASE + (n) * {P}_{b.name}_STRIDE + (reg))")
        elif g.block_offsets:
            o.append(f"#define {P}_{b.name}_BASE 0x{b.base:04X}u")
        for r in b.children:
            addr = r.off if b.kind == 'array' else b.base + r.off
            if r.kind == 'words':
                o.append(f"#define {P}_{reg_name(b, r)}(i) (0x{addr:04X}u + 4u * (i))")
                o.append(f"#define {P}_{reg_name(b, r)}_COUNT {r.count}u")
                continue
            o.append(f"#define {P}_{reg_name(b, r)} 0x{addr:04X}u")
            o.append(f"#define {P}_{reg_name(b, r)}_RESET_VALUE 0x{r.reset:08X}u")
            for fl in r.children:
                width = fl.hi - fl.lo + 1
                mask = ((1 << width) - 1) << fl.lo
                o.append(f"#define {P}_{reg_name(b, r)}_{fl.name}_SHIFT {fl.lo}")
                o.append(f"#define {P}_{reg_name(b, r)}_{fl.name}_MASK 0x{mask:08X}u")
        o.append("")
    for s in structs:
        o.append(f"/* {s.title} */")
        o.append(f"struct {P.lower()}_{s.name.lower()} {{")
        for m in s.children:
            if m.bits in CTYPES:
                o.append(f"\t{CTYPES[m.bits]} {m.name.lower()};")
            else:
                o.append(f"\tuint8_t {m.name.lower()}[{m.bits // 8}];")
        o.append("};")
        o.append(f"_Static_assert(sizeof(struct {P.lower()}_{s.name.lower()}) == {s.size}, \"{s.name} size\");")
        for m in s.children:
            o.append(f"_Static_assert(offsetof(struct {P.lower()}_{s.name.lower()}, {m.name.lower()}) == {m.off}, "
                     f"\"{s.name}.{m.name}\");")
            for bt in m.children:
                width = bt.hi - bt.lo + 1
                o.append(f"#define {P}_{s.name}_{m.name}_{bt.name}_SHIFT {bt.lo}")
                o.append(f"#define {P}_{s.name}_{m.name}_{bt.name}_MASK 0x{((1 << width) - 1) << bt.lo:X}u")
        o.append("")
    for e in enums:
        o.append(f"/* {e.title} */")
        o.append(f"enum {e.ctype or P.lower() + '_' + e.name.lower()} {{")
        for v in e.children:
            o.append(f"\t{value_name(P, e, v)} = 0x{v.value:X}, /* {v.doc} */")
        if e.count:
            o.append(f"\t{P}_{e.name}_COUNT")
        o.append("};")
        o.append("")
    if buses:
        p = P.lower()
        o += ["/* A field of a bus in 32-bit words, bit n in word n / 32 (a Verilator wide port) */",
              f"static inline uint64_t {p}_bus_get(const uint32_t *w, unsigned lsb, unsigned width)",
              "{", "\tuint64_t v = 0;", "",
              "\tfor (unsigned i = 0; i < width; i++)",
              "\t\tv |= (uint64_t)((w[(lsb + i) / 32] >> ((lsb + i) % 32)) & 1u) << i;",
              "\treturn v;", "}", "",
              f"static inline void {p}_bus_set(uint32_t *w, unsigned lsb, unsigned width, uint64_t v)",
              "{", "\tfor (unsigned i = 0; i < width; i++) {",
              "\t\tuint32_t bit = 1u << ((lsb + i) % 32);", "",
              "\t\tw[(lsb + i) / 32] = (w[(lsb + i) / 32] & ~bit) | ((uint32_t)(v >> i) & 1u ? bit : 0u);",
              "\t}", "}", ""]
    for b in buses:
        o.append(f"/* {b.title} */")
        o.append(f"#define {P}_{b.name}_W {b.width}u")
        o.append(f"#define {P}_{b.name}_WORDS {(b.width + 31) // 32}u")
        for q in b.children:
            o.append(f"#define {P}_{b.name}_{q.name}_LSB {q.lo}u")
            o.append(f"#define {P}_{b.name}_{q.name}_W {q.hi - q.lo + 1}u")
        o.append(f"#define {P}_{b.name}_GET(w, F) {P.lower()}_bus_get((w), {P}_{b.name}_##F##_LSB, {P}_{b.name}_##F##_W)")
        o.append(f"#define {P}_{b.name}_SET(w, F, v) {P.lower()}_bus_set((w), {P}_{b.name}_##F##_LSB, {P}_{b.name}_##F##_W, (v))")
        o.append("")
    o.append("#endif")
    unique_names(o, "#define ")
    return "\n".join(o) + "\n"


def gen_md(consts, blocks, structs, enums, buses, g, intro):
    o = [f"# {g.title}", "",
         f"<!-- Generated from {g.src} by contract/gen_contract.py; edit the source, not this file. -->", ""]
    o += intro + [""]
    if consts:
        o += ["## Constants", "", "| name | value | meaning |", "| --- | --- | --- |"]
        for c in consts:
            o.append(f"| `{c.name}` | {c.value:#x} | {c.doc} |")
        o.append("")
    if blocks:
        o += [f"## {g.regs_title}", "",
          "Access: `ro` read-only, `rw` read/write, `wo` write-only (reads 0), `w1c` write 1 to clear. "
          "All registers are 32 bits wide; accesses of another size are not supported.", ""]
    for b in blocks:
        if b.kind == 'array':
            o.append(f"### {b.title} (`{b.name}`, stride {b.stride:#x}, {b.count} instances)")
        else:
            o.append(f"### {b.title} (`{b.name}`, base {b.base:#06x})")
        o += ["", b.doc, "", "| offset | register | access | reset | meaning |", "| --- | --- | --- | --- | --- |"]
        for r in b.children:
            addr = b.base + r.off
            if r.kind == 'words':
                last = addr + 4 * (r.count - 1)
                o.append(f"| {addr:#06x}..{last:#06x} | `{r.name}[0..{r.count - 1}]` | {r.access} | | {r.doc} |")
                continue
            o.append(f"| {addr:#06x} | `{r.name}` | {r.access} | {r.reset:#x} | {r.doc} |")
            for fl in r.children:
                bits = f"{fl.hi}:{fl.lo}" if fl.hi != fl.lo else f"{fl.lo}"
                o.append(f"| | &nbsp;&nbsp;`[{bits}] {fl.name}` | | | {fl.doc} |")
        o.append("")
    if structs:
        o += ["## Memory formats", ""]
    for s in structs:
        o += [f"### {s.title} (`{s.name}`, {s.size} octets)", "", s.doc, "",
              "| octet | bits | field | meaning |", "| --- | --- | --- | --- |"]
        for m in s.children:
            o.append(f"| {m.off} | {m.bits} | `{m.name}` | {m.doc} |")
            for bt in m.children:
                bits = f"{bt.hi}:{bt.lo}" if bt.hi != bt.lo else f"{bt.lo}"
                o.append(f"| | [{bits}] | &nbsp;&nbsp;`{bt.name}` | {bt.doc} |")
        o.append("")
    if enums:
        o += ["## Codes", ""]
    for e in enums:
        o += [f"### {e.title} (`{e.name}`)", "", "| value | name | meaning |", "| --- | --- | --- |"]
        for v in e.children:
            o.append(f"| {v.value:#x} | `{v.name}` | {v.doc} |")
        o.append("")
    if buses:
        o += ["## Buses", ""]
    for b in buses:
        o += [f"### {b.title} (`{b.name}`, {b.width} bits)", "", b.doc, "",
              "| bits | field | meaning |", "| --- | --- | --- |"]
        for q in b.children:
            bits = f"{q.hi}:{q.lo}" if q.hi != q.lo else f"{q.lo}"
            o.append(f"| {bits} | `{q.name}` | {q.doc} |")
        o.append("")
    return "\n".join(o)


def main(argv):
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("--vh", required=True)
    ap.add_argument("--h", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--intro", help="markdown prepended to the document")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--prefix", default="CARD", help="of every generated name (CARD, MGMT)")
    ap.add_argument("--guard", default="CARD_IF", help="include guard stem")
    ap.add_argument("--title", default="Card interface", help="of the document")
    ap.add_argument("--regs-title", default="BAR0 registers", help="of the document's register section")
    ap.add_argument("--block-offsets", action="store_true",
                    help="also each block's BASE and each register's offset within its block (_OFF)")
    args = ap.parse_args(argv)
    model = parse(args.src)
    intro = open(args.intro).read().rstrip("\n").split("\n") if args.intro else []
    g = args
    outputs = {args.vh: gen_vh(*model, g), args.h: gen_h(*model, g), args.md: gen_md(*model, g, intro) + "\n"}
    stale = []
    for path, text in outputs.items():
        try:
            old = open(path).read()
        except FileNotFoundError:
            old = None
        if old != text:
            if args.check:
                stale.append(path)
            else:
                with open(path, "w") as f:
                    f.write(text)
    if stale:
        sys.exit("stale (run `make contract` and commit): " + " ".join(stale))


if __name__ == "__main__":
    main(sys.argv[1:])
