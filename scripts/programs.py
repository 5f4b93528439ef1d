"""Differential tests: runs every program in tests/programs under Pyrite and
compares with the oracle's recorded output (stdout, then the exit status and
the last line of stderr when the program fails).

  python3 scripts/programs.py --pyrite target/release/pyrite [--tiers interp,adaptive] [NAME...]
  python3 scripts/programs.py --regen [NAME...]   # rewrite .out files with the oracle

A program's expected output lives next to it as NAME.out.

A program may also name specialization events it must cause, one line each:
    # expect-stats: FAMILY COLUMN
(COLUMN is attempts, successes, failures, misses or deopts). On tiers above
interp it then runs with PYRITE_STATS=1 and the FAMILY row of the table
printed at exit must show a count above zero in that column. On the trace
tiers (uops, jit) it runs with PYRITE_TRACE_THRESHOLD=0 (every loop traced
from its first turn) and must report a side exit taken or an executor
invalidated.

A program whose first line is `# needs: cpython-lib` imports modules of
CPython's own library: Pyrite runs it with PYRITE_STDLIB set to the oracle's
Lib directory.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PROGRAMS = os.path.join(ROOT, "tests", "programs")


STATS_HEADER = "specialization "
STATS_COLUMNS = ["attempts", "successes", "failures", "misses", "deopts"]


def run(cmd, path, env=None):
    """The observable behaviour of running `path` (stdout plus the failure),
    and the statistics table it printed, if any ({family: {column: n}})."""
    with tempfile.TemporaryDirectory():
        try:
            p = subprocess.run(cmd + [os.path.basename(path)], cwd=os.path.dirname(path), capture_output=True,
                               timeout=60, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "[timeout]\n", {}
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace").rstrip("\n").splitlines()
    stats = {}
    if STATS_HEADER in "\n".join(err):
        at = max(i for i, line in enumerate(err) if line.startswith(STATS_HEADER))
        for line in err[at + 1:]:
            name, *counts = line.split()
            if not counts or not all(c.isdigit() for c in counts):
                break  # the trace tiers' section follows the table
            stats[name] = dict(zip(STATS_COLUMNS, map(int, counts)))
        for line in err[at + 1:]:
            if line.startswith("side exits taken "):
                stats["side exits"] = int(line.split()[-1])
            if line.startswith("executor entries "):
                stats["invalidations"] = int(line.split()[-1])
        err = err[:at]
    if p.returncode != 0:
        last = err[-1] if err else ""
        out += f"[exit {p.returncode}]\n{last}\n"
    return out, stats


def record(cmd, path, env=None):
    """The observable behaviour of running `path`: stdout plus the failure."""
    return run(cmd, path, env)[0]


def expected_stats(path):
    """The (family, column) pairs a program's `# expect-stats:` lines name."""
    out = []
    for line in open(path):
        if line.startswith("# expect-stats:"):
            family, column = line.split(":", 1)[1].split()
            out.append((family, column))
    return out


def needs_lib(path):
    """Whether the program runs on CPython's Lib (`# needs: cpython-lib`)."""
    with open(path) as fh:
        return fh.readline().strip() == "# needs: cpython-lib"


def oracle_lib(oracle):
    """The oracle's Lib directory."""
    exe = subprocess.run([oracle, "--path"], capture_output=True, text=True, check=True).stdout.strip()
    return os.path.join(os.path.dirname(exe), "root", "usr", "lib", "python3.14")


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
    lib = oracle_lib(os.path.abspath(args.oracle)) if any(map(needs_lib, files)) else None
    failed = []
    for tier in args.tiers.split(","):
        env = dict(os.environ, PYRITE_TIER=tier)
        for f in files:
            want = open(f[:-3] + ".out").read()
            expect = expected_stats(f) if tier != "interp" else []
            run_env = dict(env, PYRITE_STATS="1") if expect else env
            if needs_lib(f):
                run_env = dict(run_env, PYRITE_STDLIB=lib)
            traced = tier in ("uops", "jit")
            if expect and traced:
                # Trace every loop from its first turn, so that the deopt
                # happens inside a trace.
                run_env.setdefault("PYRITE_TRACE_THRESHOLD", "0")
            got, stats = run([pyrite], f, run_env)
            if traced:
                # The deopt must leave a trace: a side exit, or an executor
                # invalidated (a miss in tier 1 alone does not count here).
                exited = stats.get("side exits", 0) + stats.get("invalidations", 0) > 0
                missing = [] if exited or not expect else ["a side exit"]
            else:
                missing = [(fam, col) for fam, col in expect if stats.get(fam, {}).get(col, 0) == 0]
            if missing:
                got += f"[stats: no {missing}]\n"
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
