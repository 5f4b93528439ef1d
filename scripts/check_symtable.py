"""Compares `pyrite-ast --symtable` with CPython 3.14's `symtable` module.

    ../shared/tools/cpython-oracle scripts/check_symtable.py [--pyrite-ast BIN] [--show K] [FILES...]

For every .py file of the oracle's Lib (or FILES), both list each scope (type,
name, first line, nesting) with each symbol's raw flags and scope. Symbols are
compared as sets per scope, since CPython adds the free names it passes
through a scope in hash order.
"""
import argparse
import os
import subprocess
import symtable
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

from pyfiles import python_files


def describe(table, depth=0, out=None):
    out = [] if out is None else out
    pad = "  " * depth
    out.append(f"{pad}{table.get_type().name} {table.get_name()} {table.get_lineno()} "
               f"nested={table.is_nested()}")
    symbols = [f"{pad}  {s.get_name()}: flags={s._Symbol__flags:#x} scope={s._Symbol__scope}"
               for s in table.get_symbols()]
    out.extend(sorted(symbols))
    for child in table.get_children():
        describe(child, depth + 1, out)
    return out


def normalized(text):
    """Sorts the symbol lines of each scope, keeping scope order."""
    out, pending = [], []
    for line in text.splitlines():
        if line.strip().split(" ", 1)[0].endswith(":") or ": flags=" in line:
            pending.append(line)
            continue
        out.extend(sorted(pending))
        pending = []
        out.append(line)
    out.extend(sorted(pending))
    return out


def check(path, binary):
    with open(path, "rb") as f:
        src = f.read()
    try:
        want = describe(symtable.symtable(src, path, "exec"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return path, "skipped", None
    proc = subprocess.run([binary, "--symtable", path], capture_output=True)
    got = normalized(proc.stdout.decode("utf-8", "replace"))
    if proc.returncode != 0:
        return path, "differs", proc.stderr.decode("utf-8", "replace").strip()
    if got != want:
        for i, (w, g) in enumerate(zip(want, got)):
            if w != g:
                context = "\n".join(want[max(0, i - 3):i])
                return path, "differs", f"line {i}:\n{context}\n    want: {w}\n    got:  {g}"
        return path, "differs", f"length {len(want)} vs {len(got)}"
    return path, "ok", None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pyrite-ast", default="target/release/pyrite-ast")
    parser.add_argument("--root", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or python_files(args.root)
    counts = {"ok": 0, "differs": 0, "skipped": 0}
    failures = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, status, detail in pool.map(lambda p: check(p, args.pyrite_ast), files):
            counts[status] += 1
            if status == "differs":
                failures.append((path, detail))
    for path, detail in failures[: args.show]:
        print(f"DIFF {os.path.relpath(path, args.root)}: {detail}")
    checked = counts["ok"] + counts["differs"]
    print(f"symbol tables identical: {counts['ok']}/{checked} files; {counts['skipped']} left out")
    sys.exit(0 if counts["differs"] == 0 else 1)


if __name__ == "__main__":
    main()
