"""Parser throughput and peak memory: pyrite-ast against CPython 3.14's ast.parse.

    ../shared/tools/cpython-oracle scripts/bench_parse.py [--pyrite-ast BIN] [--rounds N]

Both parse the same files (every .py file of the oracle's Lib, Lib/test
included) in the same run, alternating, best of N rounds each; prints MB/s and
the ratio. Peak RSS of one full pass is measured with /usr/bin/time -v.
"""
import argparse
import ast
import os
import re
import subprocess
import sys
import sysconfig
import time

from pyfiles import python_files


def cpython_pass(paths):
    start = time.perf_counter()
    for path in paths:
        with open(path, "rb") as f:
            src = f.read()
        try:
            ast.parse(src, path)
        except (SyntaxError, ValueError):
            pass
    return time.perf_counter() - start


def pyrite_pass(binary, paths):
    out = subprocess.run([binary, "--time", "1", *paths], capture_output=True, text=True, check=True)
    seconds, _ = out.stdout.split()
    return float(seconds)


def oracle_wrapper():
    """The oracle's launcher: sys.executable needs the oracle's library path."""
    tool = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "tools", "cpython-oracle")
    try:
        return subprocess.run([tool, "--path"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return sys.executable


def peak_rss_kb(cmd):
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return int(match.group(1)) if match else -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pyrite-ast", default="target/release/pyrite-ast")
    parser.add_argument("--root", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--python", default=oracle_wrapper(),
                        help="the command that runs the oracle, for the memory measurement")
    args = parser.parse_args()

    paths = python_files(args.root)
    total = sum(os.path.getsize(p) for p in paths)
    cpython_times, pyrite_times = [], []
    for _ in range(args.rounds):
        cpython_times.append(cpython_pass(paths))
        pyrite_times.append(pyrite_pass(args.pyrite_ast, paths))
    best_c, best_p = min(cpython_times), min(pyrite_times)
    mb = total / 1e6
    print(f"corpus: {len(paths)} files, {mb:.1f} MB (best of {args.rounds} rounds)")
    print(f"CPython {sys.version.split()[0]} ast.parse: {best_c:.3f} s  {mb / best_c:7.1f} MB/s")
    print(f"pyrite parser:              {best_p:.3f} s  {mb / best_p:7.1f} MB/s")
    print(f"throughput ratio (pyrite / CPython): {best_c / best_p:.2f}x")

    script = "import ast,sys\nfor p in sys.argv[1:]:\n    try: ast.parse(open(p,'rb').read(), p)\n    except (SyntaxError, ValueError): pass\n"
    rss_c = peak_rss_kb([args.python, "-c", script, *paths])
    rss_p = peak_rss_kb([args.pyrite_ast, "--time", "1", *paths])
    print(f"peak RSS over one pass: CPython {rss_c / 1024:.1f} MiB, pyrite {rss_p / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
