"""Differential tests: runs every program in tests/programs under Pyrite and
compares with the oracle's recorded output (stdout, then the exit status and
the last line of stderr when the program fails).

  python3 scripts/programs.py --pyrite target/release/pyrite [--tiers interp,adaptive] [NAME...]
  python3 scripts/programs.py --regen [NAME...]   # rewrite .out files with the oracle

A program's expected output lives next to it as NAME.out.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = os.path.join(ROOT, "tests", "programs")


def record(cmd, path, env=None):
    """The observable behaviour of running `path`: stdout plus the failure."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            p = subprocess.run(cmd + [os.path.basename(path)], cwd=os.path.dirname(path), capture_output=True,
                               timeout=60, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "[timeout]\n"
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").rstrip("\n").splitlines()
        last = err[-1] if err else ""
        out += f"[exit {p.returncode}]\n{last}\n"
    return out


def programs(names):
    files = sorted(f for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    if names:
        files = [f for f in files if f[:-3] in names or f in names]
    return [os.path.join(PROGRAMS, f) for f in files]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--regen", action="store_true", help="record the oracle's output as expected")
    ap.add_argument("--oracle", default=os.environ.get("CPYTHON_ORACLE", os.path.join(ROOT, "..", "shared", "tools", "cpython-oracle")))
    ap.add_argument("--pyrite", help="the pyrite binary to check")
    ap.add_argument("--tiers", default="interp")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    files = programs(args.names)
    if args.regen:
        for f in files:
            with open(f[:-3] + ".out", "w") as fh:
                fh.write(record([os.path.abspath(args.oracle)], f, dict(os.environ, PYTHON_JIT="0")))
        print(f"recorded {len(files)} programs")
        return 0
    pyrite = os.path.abspath(args.pyrite)
    failed = []
    for tier in args.tiers.split(","):
        env = dict(os.environ, PYRITE_TIER=tier)
        for f in files:
            want = open(f[:-3] + ".out").read()
            got = record([pyrite], f, env)
            if got != want:
                failed.append((tier, f))
                if args.verbose:
                    print(f"--- {tier} {os.path.basename(f)}")
                    import difflib
                    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "pyrite", n=1))
    total = len(files) * len(args.tiers.split(","))
    print(f"programs: {total - len(failed)}/{total} pass")
    for tier, f in failed:
        print(f"FAIL [{tier}] {os.path.relpath(f, ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
