//! Tier-1 interpreter benchmarks: the programs of `benches/programs` (an
//! int-arithmetic loop, a call-heavy loop, an attribute-heavy OO loop) and
//! interpreter start-up, run in-process. `scripts/bench_interp.py` compares
//! the same programs with CPython.

use criterion::{Criterion, criterion_main};
use pyrite_runtime::{Config, Vm};
use std::time::Duration;

fn run(source: &[u8]) {
    let vm = Vm::new(Config::default());
    pyrite::install_tier(&vm, pyrite::Tier::Interp);
    pyrite_runtime::import::run_main(&vm, source, "<bench>", None).expect("the benchmark runs");
    pyrite_runtime::io::flush_std(&vm);
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("interp");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("startup", |b| b.iter(|| run(b"pass")));
    for name in ["int_loop", "call_loop", "attr_loop"] {
        let path = format!("{}/benches/programs/{name}.py", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read(&path).expect("benchmark program");
        // The programs print one line; keep the output short.
        g.bench_function(name, |b| b.iter(|| run(&source)));
    }
    g.finish();
}

/// Criterion's registration, which generates undocumented items.
mod registration {
    #![allow(missing_docs)]
    criterion::criterion_group!(interp, super::benches);
}

criterion_main!(registration::interp);
