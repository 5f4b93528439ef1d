//! Where tier 1 meets the trace tiers. A backward jump counts how often it
//! runs (`hot_loop`, the first micro-op of `JUMP_BACKWARD`); once the loop
//! is hot, the installed [`Optimizer`] (tier 2, or tier 2 with the JIT)
//! may build an [`Executor`] for it, which replaces the jump: the unit
//! becomes `ENTER_EXECUTOR` whose oparg indexes the code object's
//! executors, and running it runs the executor from the loop's head. An
//! executor that lost its validity puts the jump back.
//!
//! Tier 1 knows only these two traits; the trace tiers depend on tier 1,
//! never the other way round.

use crate::counter;
use crate::eval::{Ctx, Flow};
use pyrite_bytecode::Opcode;
use pyrite_runtime::PyResult;
use pyrite_runtime::types::function::CodeData;
use std::rc::Rc;

/// A compiled loop: runs from the loop head (`Ctx` is positioned at the
/// `ENTER_EXECUTOR` that replaced the loop's backward jump) until the
/// loop leaves it.
pub trait Executor {
    /// Runs the loop. `Flow::Jump(pc)` resumes tier 1 at `pc` (a side exit
    /// or the loop's end); any other flow is what the instruction running
    /// when it ended asked for, with `cx.f.lasti` and `cx.next` set as
    /// tier 1 would have them.
    fn run(&self, cx: &mut Ctx<'_>) -> PyResult<Flow>;
    /// Whether the executor's assumptions still hold.
    fn is_valid(&self) -> bool;
}

/// Tier 2's side of the hot-loop hook.
pub trait Optimizer {
    /// How many times a backward jump runs before its loop is traced.
    fn threshold(&self) -> u16;
    /// Builds an executor for the loop from `head` to the backward jump at
    /// `jump_at` (the unit of the jump itself, after any EXTENDED_ARG), or
    /// `None` when the loop cannot be traced now. `cx` is the frame running
    /// the loop (its globals and builtins are what the trace may assume).
    fn optimize(&self, cx: &Ctx<'_>, head: usize, jump_at: usize) -> Option<Rc<dyn Executor>>;
}

/// The executors of one code object, kept in its `tier_state`.
#[derive(Default)]
struct Executors {
    /// Each executor and the code unit it replaced.
    list: Vec<(Rc<dyn Executor>, u16)>,
}

/// The most executors one code object holds (`ENTER_EXECUTOR`'s oparg is
/// one byte).
const MAX_EXECUTORS: usize = 256;

/// Largest backoff exponent after a loop failed to trace.
const MAX_BACKOFF: u16 = 12;

/// `JUMP_BACKWARD`'s first micro-op: counts the loop's iterations in its
/// cache unit (a 12-bit value over a 4-bit backoff exponent, as the
/// specializer's counters) and asks the optimizer for an executor when the
/// count runs out.
#[inline(always)]
pub(crate) fn hot_loop(cx: &mut Ctx<'_>) -> PyResult<Flow> {
    let Some(optimizer) = cx.optimizer else {
        return Ok(Flow::Next);
    };
    let counter = &cx.code.units[cx.f.lasti + 1];
    if !counter::tick(counter) {
        return Ok(Flow::Next);
    }
    if counter.get() == 0 {
        // First visit: start counting (backoff 1 marks "started").
        let t = optimizer.threshold();
        counter.set(counter::waiting(t, 1));
        if t != 0 {
            return Ok(Flow::Next);
        }
    }
    try_optimize(cx, optimizer);
    Ok(Flow::Next)
}

#[inline(never)]
fn try_optimize(cx: &mut Ctx<'_>, optimizer: &dyn Optimizer) {
    let at = cx.f.lasti;
    let head = cx.next - cx.oparg as usize;
    let counter = &cx.code.units[at + 1];
    let installed = optimizer
        .optimize(cx, head, at)
        .and_then(|exec| install(cx.code, at, exec));
    if installed.is_none() {
        counter.set(counter::backed_off(counter.get(), MAX_BACKOFF));
    }
}

/// Writes `ENTER_EXECUTOR` over the jump at `at`.
fn install(code: &CodeData, at: usize, exec: Rc<dyn Executor>) -> Option<()> {
    let mut state = code.tier_state.borrow_mut();
    let any = state.get_or_insert_with(|| Box::new(Executors::default()));
    let table = any.downcast_mut::<Executors>()?;
    let unit = code.units[at].get();
    // Slots are never reused: an invalid executor's ENTER_EXECUTOR may
    // still be in the code, and must find its own executor.
    if table.list.len() >= MAX_EXECUTORS {
        return None;
    }
    table.list.push((exec, unit));
    let index = table.list.len() - 1;
    code.units[at].set(((index as u16) << 8) | Opcode::ENTER_EXECUTOR as u16);
    Some(())
}

/// The unit an `ENTER_EXECUTOR` at `at` replaced (a backward jump), for
/// projections that meet another executor of the same loop.
pub fn replaced_unit(code: &CodeData, at: usize) -> Option<u16> {
    let unit = code.units.get(at)?.get();
    if unit & 0xFF != Opcode::ENTER_EXECUTOR as u16 {
        return None;
    }
    let state = code.tier_state.borrow();
    let table = state.as_ref()?.downcast_ref::<Executors>()?;
    table
        .list
        .get(usize::from(unit >> 8))
        .map(|(_, original)| *original)
}

/// `ENTER_EXECUTOR`: runs the loop's executor, or puts the backward jump
/// back (and takes it) when the executor is no longer valid or traces are
/// off in this interpreter.
pub(crate) fn enter_executor(cx: &mut Ctx<'_>) -> PyResult<Flow> {
    // The backward jump it replaced was a safe point (and the JIT leaves
    // its loop here when a signal arrives).
    if pyrite_runtime::modules::signal::pending() {
        pyrite_runtime::modules::signal::check(cx.vm)?;
    }
    let at = cx.f.lasti;
    let found = {
        let state = cx.code.tier_state.borrow();
        state
            .as_ref()
            .and_then(|s| s.downcast_ref::<Executors>())
            .and_then(|t| t.list.get((cx.oparg & 0xFF) as usize).cloned())
    };
    let Some((exec, original)) = found else {
        return Err(cx.vm.new_exception(
            &cx.vm.types.exc.system_error,
            "ENTER_EXECUTOR without an executor",
        ));
    };
    if cx.optimizer.is_some() && exec.is_valid() {
        return exec.run(cx);
    }
    // Back to the jump, counting afresh.
    cx.code.units[at].set(original);
    cx.code.units[at + 1].set(0);
    let oparg = (cx.oparg & !0xFF) | u32::from(original >> 8);
    let after_caches = at + 1 + usize::from(Opcode::JUMP_BACKWARD.cache_entries());
    cx.next = after_caches;
    Ok(Flow::Jump(after_caches - oparg as usize))
}
