"""Compares `pyrite -X dis FILE` with CPython 3.14's `python -m dis FILE`.

    ../shared/tools/cpython-oracle scripts/check_dis.py [--pyrite BIN] [--show K] [FILES...]

For every .py file of the oracle's Lib (or FILES), both disassemble the module
and every code object in it. Each code object is compared twice: its
instruction sequence (opcode names and opargs with their meaning, ignoring
line numbers and labels), and its full `dis` text (line numbers, labels and
the exception table too). Prints the share of code objects equal each way.
"""
import argparse
import dis
import io
import os
import re
import subprocess
import sys
import sysconfig
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from pyfiles import python_files

ADDRESS = re.compile(r" at 0x[0-9a-f]+")
HEADER = "Disassembly of "
INSTR = re.compile(r"^\s*(?:\d+|--)?\s*(?:L\d+:)?\s+([A-Z_]+)\s*(.*)$")


FROZENSET = re.compile(r"frozenset\(\{(.*)\}\)")


def sorted_frozensets(line):
    """Frozenset reprs list items in hash order, which string hashing
    randomizes: compare their items sorted."""
    return FROZENSET.sub(lambda m: "frozenset({" + ", ".join(sorted(m.group(1).split(", "))) + "})", line)


def sections(text):
    """Splits `dis` output into (header, lines) per code object."""
    out = [["<module>", []]]
    for line in ADDRESS.sub(" at 0x", text).splitlines():
        line = sorted_frozensets(line)
        if line.startswith(HEADER):
            out.append([line, []])
        elif line:
            out[-1][1].append(line)
    return out


def instructions(lines):
    """(opname, argument) pairs, with jump targets and labels dropped."""
    out = []
    for line in lines:
        if line.startswith("ExceptionTable") or line.startswith("  L"):
            continue
        m = INSTR.match(line)
        if m:
            arg = re.sub(r"\((?:to|from) L\d+\)", "(jump)", m.group(2).strip())
            out.append((m.group(1), arg))
    return out


def oracle_dis(path):
    with open(path, "rb") as f:
        src = f.read()
    try:
        code = compile(src, path, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    out = io.StringIO()
    dis.dis(code, file=out)
    return out.getvalue()


def check(path, binary):
    want_text = oracle_dis(path)
    if want_text is None:
        return path, None, []
    proc = subprocess.run([binary, "-X", "dis", path], capture_output=True)
    got_text = proc.stdout.decode("utf-8", "replace")
    want, got = sections(want_text), sections(got_text)
    results = []
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        return path, err[0], [(h, False, False, None) for h, _ in want]
    got_by_header = {}
    for header, lines in got:
        got_by_header.setdefault(header, []).append(lines)
    for header, lines in want:
        candidates = got_by_header.get(header) or [[]]
        mine = candidates.pop(0) if len(candidates) > 1 else candidates[0]
        same_instrs = instructions(lines) == instructions(mine)
        same_text = lines == mine
        detail = None
        if not same_instrs:
            a, b = instructions(lines), instructions(mine)
            for i, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    detail = f"{header}: instr {i}: want {x} got {y}"
                    break
            else:
                detail = f"{header}: {len(a)} vs {len(b)} instructions"
        results.append((header, same_instrs, same_text, detail))
    return path, None, results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pyrite", default="target/release/pyrite")
    parser.add_argument("--root", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--show", type=int, default=10)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or python_files(args.root)
    total = same_instrs = same_text = 0
    files_failed = []
    diffs = []
    first_diff_ops = Counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, error, results in pool.map(lambda p: check(p, args.pyrite), files):
            if error:
                files_failed.append((path, error))
            for header, si, st, detail in results:
                total += 1
                same_instrs += si
                same_text += st
                if detail:
                    diffs.append((path, detail))
                    m = re.search(r"want \('(\w+)'", detail)
                    if m:
                        first_diff_ops[m.group(1)] += 1
    for path, error in files_failed[: args.show]:
        print(f"FAILED {path}: {error}")
    for path, detail in diffs[: args.show]:
        print(f"DIFF {path}: {detail}")
    if first_diff_ops:
        print("first differing instruction (CPython's):", first_diff_ops.most_common(12))
    pct = lambda n: 100.0 * n / max(total, 1)
    print(f"{len(files)} files ({len(files_failed)} not compiled), {total} code objects: "
          f"instructions equal {same_instrs} ({pct(same_instrs):.1f}%), "
          f"dis text equal {same_text} ({pct(same_text):.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
