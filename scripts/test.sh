#!/usr/bin/env bash
# Runs every check Pyrite has: formatting, clippy, unit and integration tests,
# the syntax error corpus, and the ast.dump comparison over CPython's Lib tree.
# Needs the oracle (../shared/tools/cpython-oracle, or $CPYTHON_ORACLE); it
# unpacks CPython 3.14 on first use. AST_SAMPLE=N checks N files instead of all.
set -euo pipefail
cd "$(dirname "$0")/.."
ORACLE="${CPYTHON_ORACLE:-../shared/tools/cpython-oracle}"
if [ ! -x "$ORACLE" ]; then
    echo "test.sh: the CPython oracle is not at $ORACLE (set CPYTHON_ORACLE)" >&2
    exit 2
fi
"$ORACLE" -c 'import sys; print("oracle:", sys.version.split()[0])'

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy"
cargo clippy --workspace --all-targets --release -- -D warnings
step "cargo test"
cargo test --workspace --release
step "cargo build (the binaries the checks below run)"
cargo build --workspace --release --bins
# The target folder may be moved (CARGO_TARGET_DIR, build.target-dir): ask cargo.
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release"
step "syntax error corpus"
python3 scripts/check_syntax_errors.py --pyrite-ast "$BIN"/pyrite-ast
step "ast.dump over CPython's Lib"
"$ORACLE" scripts/check_ast.py --pyrite-ast "$BIN"/pyrite-ast ${AST_SAMPLE:+--sample "$AST_SAMPLE"}
step "symbol tables over CPython's Lib"
"$ORACLE" scripts/check_symtable.py --pyrite-ast "$BIN"/pyrite-ast
step "differential programs (tests/programs) on every tier"
python3 scripts/programs.py --oracle "$ORACLE" --pyrite "$BIN"/pyrite --tiers interp,adaptive,uops,jit

step "differential programs with the lowest thresholds (respecialize on every miss, trace every loop at once, compile every trace for aarch64 too)"
PYRITE_ADAPTIVE_COOLDOWN=0 PYRITE_ADAPTIVE_BACKOFF=0 PYRITE_TRACE_THRESHOLD=0 PYRITE_JIT_CHECK=aarch64 \
    python3 scripts/programs.py --oracle "$ORACLE" --pyrite "$BIN"/pyrite --tiers adaptive,uops,jit
