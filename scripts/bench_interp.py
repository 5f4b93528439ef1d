"""Interpreter speed against the oracle, same machine, same run.

  python3 scripts/bench_interp.py [--pyrite target/release/pyrite] [--runs 5]

Times startup (`-c pass`) and each program of benches/programs under Pyrite
(PYRITE_TIER, default interp) and CPython 3.14 with PYTHON_JIT=0, best of
--runs; prints each ratio (Pyrite / CPython; below 1 is faster) and peak RSS.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def best_time(cmd, runs, env):
    best = float("inf")
    peak = 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env)
        best = min(best, time.perf_counter() - t)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak


def peak_rss(cmd, env):
    out = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    for line in out.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split()[-1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--oracle", default=os.environ.get("CPYTHON_ORACLE", os.path.join(ROOT, "..", "shared", "tools", "cpython-oracle")))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    env_py = dict(os.environ, PYTHON_JIT="0")
    env_pr = dict(os.environ, PYRITE_TIER=os.environ.get("PYRITE_TIER", "interp"))
    cases = [("startup (-c pass)", ["-c", "pass"])]
    bench_dir = os.path.join(ROOT, "benches", "programs")
    for f in sorted(os.listdir(bench_dir)):
        if f.endswith(".py"):
            cases.append((f[:-3], [os.path.join(bench_dir, f)]))
    print(f"{'case':<20} {'pyrite s':>9} {'cpython s':>10} {'ratio':>7} {'pyrite KB':>10} {'cpython KB':>11}")
    for name, argv in cases:
        tp, _ = best_time([args.pyrite] + argv, args.runs, env_pr)
        tc, _ = best_time([args.oracle] + argv, args.runs, env_py)
        mp = peak_rss([args.pyrite] + argv, env_pr)
        mc = peak_rss([args.oracle] + argv, env_py)
        print(f"{name:<20} {tp:>9.3f} {tc:>10.3f} {tp / tc:>7.2f} {mp:>10} {mc:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
