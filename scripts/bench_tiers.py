"""Loop kernels on every Pyrite tier next to CPython 3.14 without and with
its JIT, in the same run (the machines are shared and noisy: compare within
one table, never across runs).

  python3 scripts/bench_tiers.py [--pyrite target/release/pyrite] [--runs 5] [--tiers interp,adaptive,uops,jit]

For each kernel of benches/kernels: best-of-N wall time per Pyrite tier and
for CPython with PYTHON_JIT=0 and =1, each run's output checked against
CPython's, then a markdown table of times and of ratios against CPython with
its JIT (below 1 is faster), with geometric means.
"""
import argparse
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KERNELS = os.path.join(ROOT, "benches", "kernels")


def best(cmd, env, runs):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {p.stderr.strip().splitlines()[-1:]}")
        out = p.stdout
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--oracle", default=os.environ.get("CPYTHON_ORACLE", os.path.join(ROOT, "..", "shared", "tools", "cpython-oracle")))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tiers", default="interp,adaptive,uops,jit")
    args = ap.parse_args()
    tiers = args.tiers.split(",")
    columns = [f"pyrite {t}" for t in tiers] + ["cpython", "cpython jit"]
    rows = []
    for f in sorted(os.listdir(KERNELS)):
        if not f.endswith(".py"):
            continue
        path = os.path.join(KERNELS, f)
        results = {}
        # Interleave interpreters per kernel so drift hits them alike.
        c0, want = best([args.oracle, path], dict(os.environ, PYTHON_JIT="0"), args.runs)
        c1, _ = best([args.oracle, path], dict(os.environ, PYTHON_JIT="1"), args.runs)
        for t in tiers:
            secs, got = best([args.pyrite, path], dict(os.environ, PYRITE_TIER=t), args.runs)
            if got != want:
                raise RuntimeError(f"{f} on {t}: output differs from CPython's")
            results[f"pyrite {t}"] = secs
        results["cpython"] = c0
        results["cpython jit"] = c1
        rows.append((f[:-3], results))
        print(f"  {f[:-3]} done", file=sys.stderr)
    print("| kernel | " + " | ".join(f"{c} s" for c in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, r in rows:
        print(f"| {name} | " + " | ".join(f"{r[c]:.3f}" for c in columns) + " |")
    print()
    print("Ratio to CPython 3.14 with its JIT (below 1 is faster):")
    print()
    print("| kernel | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, r in rows:
        print(f"| {name} | " + " | ".join(f"{r[c] / r['cpython jit']:.2f}" for c in columns) + " |")
    geo = {c: math.exp(sum(math.log(r[c] / r["cpython jit"]) for _, r in rows) / len(rows)) for c in columns}
    print("| geometric mean | " + " | ".join(f"{geo[c]:.2f}" for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
