//! The loop kernels of `benches/kernels` (int sum of squares, a float n-body
//! step, nested loops with calls, attribute updates, list indexing) on each
//! tier, in-process. `scripts/bench_tiers.py` compares them with CPython
//! with and without its JIT.

use criterion::{Criterion, criterion_main};
use pyrite_runtime::{Config, Vm};
use pyrite_tier1::Tier;
use std::time::Duration;

fn run(source: &[u8], tier: Tier) {
    let vm = Vm::new(Config::default());
    pyrite::install_tier(&vm, tier);
    pyrite_runtime::import::run_main(&vm, source, "<bench>", None).expect("the kernel runs");
    pyrite_runtime::io::flush_std(&vm);
}

fn benches(c: &mut Criterion) {
    let dir = format!("{}/benches/kernels", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("benches/kernels")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    for name in names {
        let source = std::fs::read(format!("{dir}/{name}")).expect("kernel source");
        let mut g = c.benchmark_group(name.trim_end_matches(".py").to_string());
        g.sample_size(10).measurement_time(Duration::from_secs(5));
        for (label, tier) in [
            ("interp", Tier::Interp),
            ("adaptive", Tier::Adaptive),
            ("uops", Tier::Uops),
            ("jit", Tier::Jit),
        ] {
            g.bench_function(label, |b| b.iter(|| run(&source, tier)));
        }
        g.finish();
    }
}

/// Criterion's registration, which generates undocumented items.
mod registration {
    #![allow(missing_docs)]
    criterion::criterion_group!(tiers, super::benches);
}

criterion_main!(registration::tiers);
