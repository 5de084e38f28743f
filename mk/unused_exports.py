#!/usr/bin/env python3
"""Exported C functions that nothing uses (make lint-exports, in make check).

Every function a .c file of the tree defines without `static` is exported;
it is used when its name stands anywhere else than its own definition and
its prototypes: inside a function body or an initializer (a call, an
address in an ops table, a cmocka test list) of any C or C++ file, or
anywhere in a file of another language (a linker script, an assembly
start-up, a make rule's --wrap, a Python or shell caller, a DPI import).
A function nobody uses is dead code: remove it, or make it static.

Prints one line a function and fails when there is any:
    file:line: name: exported, never used
With --local also lists (without failing) those used only in their own
.c file, which could be static.

    usage: unused_exports.py [--local] [ROOT]
"""
import os
import re
import sys

SKIP_DIRS = {"build", ".git", "node_modules"}
C_EXT = (".c", ".h", ".cpp", ".cc", ".hpp")
OTHER_EXT = (".S", ".s", ".ld", ".mk", ".py", ".sh", ".v", ".vh", ".sv", ".txt")
# called by the C runtime, libFuzzer or the linker, not by name in the tree
ENTRY = re.compile(r"^(main|LLVMFuzzer\w+|__wrap_\w+|_start)$")
IDENT = re.compile(r"[A-Za-z_]\w*")


def strip_c(text):
    """Comments, strings and character constants blanked (newlines kept),
    and preprocessor lines dropped, so that braces and names are code."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    lines = "".join(out).split("\n")
    keep, cont = [], False
    for line in lines:
        is_pp = cont or line.lstrip().startswith("#")
        cont = is_pp and line.rstrip().endswith("\\")
        keep.append("" if is_pp else line)
    return "\n".join(keep)


def open_paren(toks, k):
    """The index of the "(" that the ")" at toks[k] closes (-1: none)."""
    lvl = 0
    while k >= 0:
        if toks[k] == ")":
            lvl += 1
        elif toks[k] == "(":
            lvl -= 1
            if lvl == 0:
                break
        k -= 1
    return k


def scan_c(code):
    """(definitions, top-level names, nested names) of stripped C code.
    definitions: (name, line, static) of each function body at depth 0."""
    defs, top, nested = [], set(), []
    depth = 0
    stmt = []          # tokens of the depth-0 statement so far: (tok, line)
    line = 1
    for m in re.finditer(r"[A-Za-z_]\w*|[{}();]|\n", code):
        t = m.group(0)
        if t == "\n":
            line += 1
            continue
        if depth > 0:
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
                if depth == 0:
                    stmt = []
            elif IDENT.fullmatch(t):
                nested.append(t)
            continue
        if t == "{":
            # a function body: the statement so far is "... name ( params )"
            toks = [x for x, _ in stmt]
            if toks and toks[-1] == ")" and "=" not in toks:
                k = open_paren(toks, len(toks) - 1)
                # __attribute__((...)) after the parameters: step over it
                while k > 1 and toks[k - 1] == "__attribute__":
                    j = k - 2
                    while j >= 0 and toks[j] != ")":
                        j -= 1
                    k = open_paren(toks, j)
                if k > 0 and IDENT.fullmatch(toks[k - 1]) and toks[k - 1] not in ("if", "while", "for", "switch"):
                    name_line = stmt[k - 1][1]
                    defs.append((toks[k - 1], name_line, "static" in toks[: k - 1]))
            depth = 1
            stmt = []
        elif t == ";":
            stmt = []
        else:
            stmt.append((t, line))
            if IDENT.fullmatch(t):
                top.add(t)
    return defs, top, nested


def main(argv):
    local = "--local" in argv
    args = [a for a in argv if a != "--local"]
    root = args[0] if args else "."
    defs = []                     # (path, line, name)
    uses = {}                     # name -> set of files that use it
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("."))
        for f in sorted(files):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if f.endswith(C_EXT):
                try:
                    code = strip_c(open(p, encoding="utf-8", errors="replace").read())
                except OSError:
                    continue
                fdefs, _top, nested = scan_c(code)
                for name in nested:
                    uses.setdefault(name, set()).add(rel)
                if f.endswith(".c"):
                    defs += [(rel, ln, name) for name, ln, st in fdefs if not st]
            elif f.endswith(OTHER_EXT) or f in ("Makefile",):
                try:
                    text = open(p, encoding="utf-8", errors="replace").read()
                except OSError:
                    continue
                for name in set(IDENT.findall(text)):
                    uses.setdefault(name, set()).add(rel)
    dead, own = [], []
    for rel, ln, name in defs:
        if ENTRY.match(name):
            continue
        where = uses.get(name, set())
        if not where:
            dead.append(f"{rel}:{ln}: {name}: exported, never used")
        elif where == {rel}:
            own.append(f"{rel}:{ln}: {name}: exported, used only in its own file (could be static)")
    for line in dead:
        print(line)
    if local:
        for line in own:
            print(line)
    if dead:
        print(f"unused_exports: {len(dead)} exported function(s) never used", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
