"""Compares `pyrite-ast` with CPython 3.14's `ast.dump` on every .py file of a tree.

Run it with the oracle (it uses the running interpreter's `ast` as the reference):

    ../shared/tools/cpython-oracle scripts/check_ast.py [--pyrite-ast BIN] [--root DIR]
        [--sample N] [--jobs J] [--show K] [--no-attributes]

By default the tree is the oracle's own Lib (Lib/test included). Files that
CPython itself refuses to parse must be refused with the same exception class,
message, line and column. `--sample N` checks a
fixed, evenly spread subset of N files (for CI). Exits 1 unless every checked
file matches byte for byte, with and without attributes, and the
SyntaxWarnings printed while parsing match too.
"""
import argparse
import ast
import os
import subprocess
import sys
import sysconfig
import warnings

from pyfiles import python_files
from concurrent.futures import ThreadPoolExecutor


def first_difference(a, b):
    n = min(len(a), len(b))
    i = next((k for k in range(n) if a[k] != b[k]), n)
    return i, a[max(0, i - 80): i + 80], b[max(0, i - 80): i + 80]


def check(path, binary, modes):
    with open(path, "rb") as f:
        src = f.read()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tree = ast.parse(src, path)
    except SyntaxError as e:
        want = f"{type(e).__name__}: {e.msg}\nat {e.lineno}:{e.offset}\n"
        proc = subprocess.run([binary, path], capture_output=True)
        got = proc.stderr.decode("utf-8", "replace")
        if proc.returncode == 1 and got == want:
            return path, "refused", None
        return path, "differs", f"(refused by CPython) want {want!r}, got {got!r}"
    except (ValueError, MemoryError, RecursionError):
        return path, "skipped", None
    want_warnings = "".join(
        warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in caught
    )
    for attrs in modes:
        try:
            want = ast.dump(tree, include_attributes=attrs) + "\n"
        except ValueError:
            # ast.dump itself fails (an int literal past the str-conversion limit).
            return path, "skipped", None
        args = [binary] + (["--attributes"] if attrs else []) + [path]
        proc = subprocess.run(args, capture_output=True)
        got = proc.stdout.decode("utf-8", "surrogateescape")
        got_warnings = proc.stderr.decode("utf-8", "surrogateescape")
        if proc.returncode == 0 and got == want and got_warnings != want_warnings:
            i, w, g = first_difference(want_warnings, got_warnings)
            return path, "differs", f"(warnings) first difference at {i}:\n    want: {w!r}\n    got:  {g!r}"
        if proc.returncode != 0 or got != want:
            detail = proc.stderr.decode("utf-8", "replace").strip()
            if proc.returncode == 0:
                i, w, g = first_difference(want, got)
                detail = f"first difference at {i}:\n    want: {w!r}\n    got:  {g!r}"
            return path, "differs", f"(attributes={attrs}) {detail}"
    return path, "ok", None


def main():
    default_root = os.path.dirname(sysconfig.get_paths()["stdlib"] + "/")
    parser = argparse.ArgumentParser()
    parser.add_argument("--pyrite-ast", default="target/release/pyrite-ast")
    parser.add_argument("--root", default=default_root)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("--no-attributes", action="store_true")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()

    files = args.files or python_files(args.root)
    if args.sample and len(files) > args.sample:
        step = len(files) / args.sample
        files = [files[int(i * step)] for i in range(args.sample)]
    modes = [False] if args.no_attributes else [False, True]
    counts = {"ok": 0, "refused": 0, "differs": 0, "skipped": 0}
    failures = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path, status, detail in pool.map(lambda p: check(p, args.pyrite_ast, modes), files):
            counts[status] += 1
            if status == "differs":
                failures.append((path, detail))
    for path, detail in failures[: args.show]:
        print(f"DIFF {os.path.relpath(path, args.root)}: {detail}")
    checked = counts["ok"] + counts["differs"]
    pct = 100.0 * counts["ok"] / checked if checked else 0.0
    print(f"ast.dump identical: {counts['ok']}/{checked} files ({pct:.2f}%); "
          f"{counts['refused']} refused by CPython with the same error; "
          f"{counts['skipped']} left out (ast.dump itself fails)")
    sys.exit(0 if counts["differs"] == 0 else 1)


if __name__ == "__main__":
    main()
