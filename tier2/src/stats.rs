//! What `PYRITE_STATS=1` reports about traces: how many were built and how
//! long they are, executor entries, side exits per exit, invalidations and
//! the JIT's compile time.

use crate::trace::Trace;
use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::rc::Rc;
use std::time::Duration;

/// An executor's exits, for the report.
struct Registered {
    code_name: String,
    /// Each op's instruction unit and name (the last: the trace's end).
    sites: Vec<(u32, &'static str)>,
    exits: Rc<[Cell<u64>]>,
}

#[derive(Default)]
struct Stats {
    traces: Cell<u64>,
    projections_failed: Cell<u64>,
    uops_total: Cell<u64>,
    longest: Cell<u64>,
    guards_removed: Cell<u64>,
    entries: Cell<u64>,
    invalidations: Cell<u64>,
    compiled: Cell<u64>,
    compile_failed: Cell<u64>,
    compile_times: RefCell<Vec<Duration>>,
    aarch64_ok: Cell<u64>,
    aarch64_failed: Cell<u64>,
    executors: RefCell<Vec<Registered>>,
}

thread_local! {
    static STATS: Stats = Stats::default();
}

fn bump(c: &Cell<u64>) {
    c.set(c.get() + 1);
}

/// Counts a built trace and keeps its exits for the report.
pub(crate) fn register(trace: &Trace, code_name: String, exits: Rc<[Cell<u64>]>) {
    if dump_traces() {
        eprintln!(
            "trace {code_name} @{} ({} ops, {:?}):",
            trace.start,
            trace.ops.len(),
            trace.end
        );
        for op in &trace.ops {
            eprintln!(
                "  @{:<5} {:<28} {:<26} oparg {:<5} {:?}",
                op.at,
                op.opcode.name(),
                format!("{:?}", op.uop),
                op.oparg,
                op.expect
            );
        }
    }
    STATS.with(|s| {
        bump(&s.traces);
        let n = trace.ops.len() as u64;
        s.uops_total.set(s.uops_total.get() + n);
        s.longest.set(s.longest.get().max(n));
        s.guards_removed
            .set(s.guards_removed.get() + u64::from(trace.guards_removed));
        let mut sites: Vec<(u32, &'static str)> = trace
            .ops
            .iter()
            .map(|op| (op.at, op.opcode.name()))
            .collect();
        sites.push((trace.start, "(end)"));
        s.executors.borrow_mut().push(Registered {
            code_name,
            sites,
            exits,
        });
    });
}

/// Whether `PYRITE_TRACE_DUMP` asks for each trace as it is built.
fn dump_traces() -> bool {
    static DUMP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DUMP
        .get_or_init(|| std::env::var("PYRITE_TRACE_DUMP").is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Counts a loop that could not be projected.
pub(crate) fn projection_failed() {
    STATS.with(|s| bump(&s.projections_failed));
}

/// Counts an entry into an executor.
#[inline]
pub fn entered() {
    STATS.with(|s| bump(&s.entries));
}

/// Counts an executor invalidated.
pub fn invalidated() {
    STATS.with(|s| bump(&s.invalidations));
}

/// Records a JIT compilation (its time) or a failed one.
pub fn compiled(time: Option<Duration>) {
    STATS.with(|s| match time {
        Some(t) => {
            bump(&s.compiled);
            s.compile_times.borrow_mut().push(t);
        }
        None => bump(&s.compile_failed),
    });
}

/// Records whether a tree compiled for aarch64 (`PYRITE_JIT_CHECK`).
pub fn aarch64_checked(ok: bool) {
    STATS.with(|s| bump(if ok { &s.aarch64_ok } else { &s.aarch64_failed }));
}

/// The trace section of the `PYRITE_STATS=1` report.
pub fn report() -> String {
    let mut out = String::new();
    STATS.with(|s| {
        let traces = s.traces.get();
        let mean = if traces == 0 {
            0.0
        } else {
            s.uops_total.get() as f64 / traces as f64
        };
        let _ = writeln!(
            out,
            "traces built {traces}, not projected {}, micro-ops mean {mean:.1} longest {}, guards removed {}",
            s.projections_failed.get(),
            s.longest.get(),
            s.guards_removed.get()
        );
        let _ = writeln!(
            out,
            "executor entries {}, invalidations {}",
            s.entries.get(),
            s.invalidations.get()
        );
        let mut times = s.compile_times.borrow().clone();
        if !times.is_empty() || s.compile_failed.get() > 0 {
            times.sort();
            let total: Duration = times.iter().sum();
            let median = times.get(times.len() / 2).copied().unwrap_or_default();
            let _ = writeln!(
                out,
                "jit compiled {}, failed {}, compile time total {:.3} ms median {:.3} ms",
                s.compiled.get(),
                s.compile_failed.get(),
                total.as_secs_f64() * 1e3,
                median.as_secs_f64() * 1e3
            );
        }
        if s.aarch64_ok.get() + s.aarch64_failed.get() > 0 {
            let _ = writeln!(
                out,
                "aarch64 check: compiled {}, failed {}",
                s.aarch64_ok.get(),
                s.aarch64_failed.get()
            );
        }
        let mut exits: Vec<(u64, String)> = Vec::new();
        for r in s.executors.borrow().iter() {
            for (k, n) in r.exits.iter().enumerate() {
                let n = n.get();
                if n > 0 {
                    let (at, name) = r.sites[k];
                    exits.push((n, format!("{} @{at} {name}", r.code_name)));
                }
            }
        }
        exits.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let _ = writeln!(out, "side exits taken {}", exits.iter().map(|e| e.0).sum::<u64>());
        for (n, site) in exits.iter().take(20) {
            let _ = writeln!(out, "  {n:>10}  {site}");
        }
    });
    out
}
