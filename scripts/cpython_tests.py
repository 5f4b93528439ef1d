#!/usr/bin/env python3
"""Runs CPython's own test modules on Pyrite with the oracle's Lib and
reports, per module, the tests run, failed, errored and skipped (from
unittest's summary), or why the module did not finish.

    python3 scripts/cpython_tests.py --pyrite target/release/pyrite \
        --oracle ../shared/tools/cpython-oracle [--timeout S] [--json F] [MODULE ...]

Without modules it runs the list issue 6 names. Each module runs as
`pyrite -m unittest test.MODULE` in its own process, with
PYRITE_STDLIB pointing at the oracle's Lib.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

MODULES = [
    "test_int", "test_long", "test_float", "test_list", "test_dict", "test_set",
    "test_tuple", "test_string", "test_str", "test_bytes", "test_math",
    "test_itertools", "test_functools", "test_collections", "test_json", "test_re",
    "test_struct", "test_random", "test_operator", "test_bisect", "test_heapq",
    "test_deque", "test_generators", "test_exceptions", "test_class", "test_descr",
    "test_scope", "test_grammar", "test_types",
]

SUMMARY = re.compile(r"^Ran (\d+) tests? in")
OUTCOME = re.compile(r"^(OK|FAILED)\b(?: \((.*)\))?")


def oracle_lib(oracle):
    exe = subprocess.run([oracle, "--path"], capture_output=True, text=True, check=True)
    root = os.path.dirname(exe.stdout.strip())
    return os.path.join(root, "root", "usr", "lib", "python3.14")


def run_module(pyrite, lib, module, timeout):
    env = dict(os.environ, PYRITE_STDLIB=lib)
    start = time.monotonic()
    try:
        p = subprocess.run(
            [pyrite, "-m", "unittest", f"test.{module}"],
            capture_output=True, text=True, env=env, timeout=timeout,
            cwd="/tmp", errors="replace",
        )
    except subprocess.TimeoutExpired:
        return {"module": module, "status": f"timeout after {timeout}s"}
    seconds = round(time.monotonic() - start, 1)
    lines = p.stderr.splitlines()
    ran = None
    counts = {"failures": 0, "errors": 0, "skipped": 0, "expected failures": 0}
    for line in lines:
        m = SUMMARY.match(line)
        if m:
            ran = int(m.group(1))
        m = OUTCOME.match(line)
        if m and ran is not None and m.group(2):
            for part in m.group(2).split(", "):
                key, _, value = part.partition("=")
                if key in ("failures", "errors", "skipped"):
                    counts[key] = int(value)
                elif key == "expected failures":
                    counts[key] = int(value)
    if ran is None:
        tail = [l for l in lines if l.strip()][-1:] or [f"exit {p.returncode}"]
        return {"module": module, "status": "did not finish: " + tail[0][:160],
                "seconds": seconds}
    passed = ran - counts["failures"] - counts["errors"] - counts["skipped"]
    return {"module": module, "status": "ran", "ran": ran, "passed": passed,
            "failed": counts["failures"], "errors": counts["errors"],
            "skipped": counts["skipped"], "seconds": seconds}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pyrite", required=True)
    ap.add_argument("--oracle", required=True)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--json")
    ap.add_argument("modules", nargs="*")
    args = ap.parse_args()
    lib = oracle_lib(args.oracle)
    pyrite = os.path.abspath(args.pyrite)
    results = []
    print("| module | ran | passed | failed | errors | skipped | s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for module in args.modules or MODULES:
        r = run_module(pyrite, lib, module, args.timeout)
        results.append(r)
        if r["status"] == "ran":
            print(f"| {module} | {r['ran']} | {r['passed']} | {r['failed']} | "
                  f"{r['errors']} | {r['skipped']} | {r['seconds']} |", flush=True)
        else:
            print(f"| {module} | {r['status']} | | | | | |", flush=True)
    done = [r for r in results if r["status"] == "ran"]
    ran = sum(r["ran"] for r in done)
    passed = sum(r["passed"] for r in done)
    print(f"\nmodules finished: {len(done)}/{len(results)}; "
          f"tests passed {passed}/{ran}"
          + (f" ({100 * passed / ran:.1f}%)" if ran else ""))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
