//! The entry points machine code calls: one `extern "C"` function per
//! micro-op, each running tier 1's one implementation of it and folding
//! the outcome into a status word the generated code can test.

use pyrite_bytecode::Uop;
use pyrite_runtime::PyResult;
use pyrite_tier1::{Ctx, Flow};
use std::ffi::c_void;

/// The micro-op went on.
pub(crate) const NEXT: u64 = 0;
/// A guard failed before anything changed.
pub(crate) const DEOPT: u64 = 1;
/// Any other flow or an exception: the result is in the slot.
pub(crate) const OTHER: u64 = 2;
/// Low bits of a jump: the target is in the bits above them.
pub(crate) const JUMP: u64 = 3;

/// The status word of a jump to `target`.
pub(crate) fn jump_status(target: u32) -> u64 {
    (u64::from(target) << 2) | JUMP
}

/// A shim: `(ctx, result slot, oparg, lasti, next) -> status`.
pub(crate) type ShimFn = extern "C" fn(*mut c_void, *mut c_void, u64, u64, u64) -> u64;

/// Where a flow the trace cannot handle waits for the executor.
pub(crate) type Slot = Option<PyResult<Flow>>;

#[inline(always)]
fn step(u: Uop, cx: *mut c_void, slot: *mut c_void, oparg: u64, at: u64, next: u64) -> u64 {
    // SAFETY: machine code calls shims only with the pointers its executor
    // passed in: the running `Ctx` and the executor's result slot, both
    // live and unaliased for the whole call.
    let (cx, slot) = unsafe { (&mut *cx.cast::<Ctx<'static>>(), &mut *slot.cast::<Slot>()) };
    cx.f.lasti = at as usize;
    cx.oparg = oparg as u32;
    cx.next = next as usize;
    let r = pyrite_tier2::interp::run_traced(u, cx);
    let status = match &r {
        Ok(Flow::Next) => NEXT,
        Ok(Flow::Deopt) => DEOPT,
        Ok(Flow::Jump(t)) => jump_status(*t as u32),
        _ => {
            *slot = Some(r);
            return OTHER;
        }
    };
    // These flows hold nothing: skip the drop glue of the whole enum.
    std::mem::forget(r);
    status
}

/// Pushes a promoted global: `value` points at the `Value` in its trace
/// op (alive as long as the executor), `null` asks for NULL after it.
pub(crate) extern "C" fn push_promoted(
    cx: *mut c_void,
    _slot: *mut c_void,
    value: u64,
    null: u64,
    _unused: u64,
) -> u64 {
    // SAFETY: as for `step`; `value` is the address of a `Value` owned by
    // the trace op the machine code was lowered from, which the executor
    // keeps alive while its code runs.
    let (cx, value) = unsafe {
        (
            &mut *cx.cast::<Ctx<'static>>(),
            &*(value as usize as *const pyrite_runtime::Value),
        )
    };
    pyrite_tier2::interp::push_promoted(cx, value, null as u32);
    NEXT
}

macro_rules! shim_table {
    ($($u:ident,)*) => {
        /// The shim of micro-op `u`.
        pub(crate) fn shim(u: Uop) -> ShimFn {
            match u {
                $(Uop::$u => {
                    extern "C" fn s(cx: *mut c_void, slot: *mut c_void, oparg: u64, at: u64, next: u64) -> u64 {
                        step(Uop::$u, cx, slot, oparg, at, next)
                    }
                    s
                })*
            }
        }
    };
}

pyrite_bytecode::uop_list!(shim_table);
