//! Parser throughput on a fixed corpus: CPython's own Lib (the oracle's copy,
//! or `PYRITE_PARSE_CORPUS`), the 40 largest non-test modules.
//!
//! `cargo bench --bench parse`. scripts/bench_parse.py compares with CPython.

use criterion::{Criterion, Throughput, criterion_main};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PYRITE_PARSE_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let home = std::env::var("HOME").ok()?;
    let dir = Path::new(&home).join(".cache/cpython-oracle/root/usr/lib/python3.14");
    dir.is_dir().then_some(dir)
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py") && p.is_file())
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.len(), p)))
        .collect();
    files.sort_by(|a, b| b.cmp(a));
    files
        .into_iter()
        .take(40)
        .filter_map(|(_, p)| std::fs::read(p).ok())
        .collect()
}

fn parse_corpus(c: &mut Criterion) {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "no corpus: run ../shared/tools/cpython-oracle --setup or set PYRITE_PARSE_CORPUS"
        );
        return;
    };
    let corpus = load_corpus(&dir);
    let bytes: usize = corpus.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("stdlib-40-largest", |b| {
        b.iter(|| {
            for source in &corpus {
                let _ = std::hint::black_box(pyrite_compiler::parse_module(source));
            }
        })
    });
    group.finish();
}

/// Criterion's registration, which generates undocumented items.
mod registration {
    #![allow(missing_docs)]
    criterion::criterion_group!(benches, super::parse_corpus);
}

criterion_main!(registration::benches);
