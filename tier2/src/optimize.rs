//! The trace optimizer: abstract interpretation over the types of the
//! stack slots and fast locals along one pass of the trace. The loop head
//! starts knowing nothing (what the back edge brings is not assumed), so
//! every fact is proven inside the iteration that uses it; a guard whose
//! operands are proven is removed.

use crate::deps::Deps;
use crate::trace::{Trace, TraceOp};
use pyrite_bytecode::{ArgKind, Opcode, Uop};
use pyrite_runtime::Value;
use pyrite_runtime::types::dict;
use pyrite_runtime::types::function::CodeData;
use pyrite_tier1::Ctx;

/// What the optimizer knows of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Unknown,
    /// `Value::Int`: an int held in 64 bits.
    Int,
    /// `Value::Float`.
    Float,
    /// `Value::Bool`.
    Bool,
}

fn ty_of(v: &Value) -> Ty {
    match v {
        Value::Int(_) => Ty::Int,
        Value::Float(_) => Ty::Float,
        Value::Bool(_) => Ty::Bool,
        _ => Ty::Unknown,
    }
}

struct State {
    /// The stack the trace pushed (slots below it are unknown).
    stack: Vec<Ty>,
    locals: Vec<Ty>,
}

impl State {
    fn pop(&mut self) -> Ty {
        self.stack.pop().unwrap_or(Ty::Unknown)
    }

    fn top(&self, n: usize) -> Ty {
        self.stack
            .len()
            .checked_sub(n)
            .map_or(Ty::Unknown, |i| self.stack[i])
    }

    fn local(&self, i: u32) -> Ty {
        self.locals.get(i as usize).copied().unwrap_or(Ty::Unknown)
    }

    fn set_local(&mut self, i: u32, t: Ty) {
        if let Some(slot) = self.locals.get_mut(i as usize) {
            *slot = t;
        }
    }

    /// Pops `n` and pushes `m` values of type `t`.
    fn effect(&mut self, n: usize, m: usize, t: Ty) {
        for _ in 0..n {
            self.pop();
        }
        for _ in 0..m {
            self.stack.push(t);
        }
    }
}

/// Projects the path from `start` around the loop at `head` and optimizes
/// it: what a loop's own trace and each side trace go through. `deps`
/// receives what the promoted globals assume.
pub fn build(cx: &Ctx<'_>, start: usize, head: usize, deps: &Deps) -> Option<Trace> {
    let Some(mut trace) = crate::trace::project(cx.code, start, head) else {
        crate::stats::projection_failed();
        return None;
    };
    promote_globals(&mut trace, cx, deps);
    run(&mut trace, cx.code);
    Some(trace)
}

/// Promotes each `LOAD_GLOBAL` that tier 1 specialized to a constant: the
/// value the globals (or builtins) dict holds now, with the executor
/// depending on the dict (`deps`). Loops that store globals are left alone:
/// they would invalidate their own executor.
pub fn promote_globals(trace: &mut Trace, cx: &Ctx<'_>, deps: &Deps) {
    let stores = |op: &TraceOp| matches!(op.opcode, Opcode::STORE_GLOBAL | Opcode::DELETE_GLOBAL);
    if trace.ops.iter().any(stores) {
        return;
    }
    let globals = &cx.f.record.globals;
    let builtins = &cx.f.builtins;
    for op in &mut trace.ops {
        if op.uop != Uop::load_global_cached {
            continue;
        }
        let Some(name) = cx.code.names.get((op.oparg >> 1) as usize) else {
            continue;
        };
        let key = Value::Obj(name.clone());
        if let Some(v) = dict::get_str(cx.vm, globals, &key) {
            deps.watch(globals);
            op.promoted = Some(v);
        } else if let Some(v) = dict::get_str(cx.vm, builtins, &key) {
            // A global of that name added later would shadow it.
            deps.watch(globals);
            deps.watch(builtins);
            op.promoted = Some(v);
        }
    }
}

/// Optimizes `trace` in place.
pub fn run(trace: &mut Trace, code: &CodeData) {
    let mut st = State {
        stack: Vec::new(),
        locals: vec![Ty::Unknown; code.nlocalsplus()],
    };
    let mut keep = vec![true; trace.ops.len()];
    let mut i = 0;
    while i < trace.ops.len() {
        // One instruction: its micro-ops share a unit.
        let at = trace.ops[i].at;
        let len = trace.ops[i..].iter().take_while(|o| o.at == at).count();
        let ops = &trace.ops[i..i + len];
        for (k, proven) in interpret(&mut st, ops, code).into_iter().enumerate() {
            if proven {
                keep[i + k] = false;
            }
        }
        i += len;
    }
    let mut k = 0;
    trace.ops.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    trace.guards_removed += keep.iter().filter(|&&x| !x).count() as u32;
}

/// Steps `st` over one instruction; returns, per micro-op, whether it is a
/// guard already proven.
fn interpret(st: &mut State, ops: &[TraceOp], code: &CodeData) -> Vec<bool> {
    let first = &ops[0];
    let o = first.oparg;
    let mut proven = vec![false; ops.len()];
    let mut prove = |uop: Uop, holds: bool| {
        if holds && let Some(k) = ops.iter().position(|op| op.uop == uop) {
            proven[k] = true;
        }
    };
    use Opcode as O;
    match first.opcode {
        O::LOAD_FAST | O::LOAD_FAST_BORROW | O::LOAD_FAST_CHECK => st.stack.push(st.local(o)),
        O::LOAD_FAST_LOAD_FAST | O::LOAD_FAST_BORROW_LOAD_FAST_BORROW => {
            st.stack.push(st.local(o >> 4));
            st.stack.push(st.local(o & 15));
        }
        O::LOAD_FAST_AND_CLEAR => {
            st.stack.push(st.local(o));
            st.set_local(o, Ty::Unknown);
        }
        O::STORE_FAST => {
            let t = st.pop();
            st.set_local(o, t);
        }
        O::STORE_FAST_LOAD_FAST => {
            let t = st.pop();
            st.set_local(o >> 4, t);
            st.stack.push(st.local(o & 15));
        }
        O::STORE_FAST_STORE_FAST => {
            let t = st.pop();
            st.set_local(o >> 4, t);
            let t = st.pop();
            st.set_local(o & 15, t);
        }
        O::LOAD_SMALL_INT => st.stack.push(Ty::Int),
        O::LOAD_CONST => st
            .stack
            .push(code.consts.get(o as usize).map_or(Ty::Unknown, ty_of)),
        O::BINARY_OP_ADD_INT | O::BINARY_OP_SUBTRACT_INT | O::BINARY_OP_MULTIPLY_INT => {
            prove(
                Uop::guard_ints,
                st.top(1) == Ty::Int && st.top(2) == Ty::Int,
            );
            // An int result that would not fit deopts instead.
            st.effect(2, 1, Ty::Int);
        }
        O::BINARY_OP_ADD_FLOAT | O::BINARY_OP_SUBTRACT_FLOAT | O::BINARY_OP_MULTIPLY_FLOAT => {
            prove(
                Uop::guard_floats,
                st.top(1) == Ty::Float && st.top(2) == Ty::Float,
            );
            st.effect(2, 1, Ty::Float);
        }
        O::COMPARE_OP_INT => {
            prove(
                Uop::guard_ints,
                st.top(1) == Ty::Int && st.top(2) == Ty::Int,
            );
            st.effect(2, 1, Ty::Bool);
        }
        O::COMPARE_OP_FLOAT => {
            prove(
                Uop::guard_floats,
                st.top(1) == Ty::Float && st.top(2) == Ty::Float,
            );
            st.effect(2, 1, Ty::Bool);
        }
        O::COMPARE_OP_STR => st.effect(2, 1, Ty::Bool),
        O::TO_BOOL_BOOL => prove(Uop::to_bool_bool, st.top(1) == Ty::Bool),
        O::TO_BOOL_INT
        | O::TO_BOOL_NONE
        | O::TO_BOOL_LIST
        | O::TO_BOOL_STR
        | O::TO_BOOL_ALWAYS_TRUE
        | O::TO_BOOL => st.effect(1, 1, Ty::Bool),
        O::FOR_ITER_RANGE => st.stack.push(Ty::Int),
        O::COPY => {
            let t = st.top(o as usize);
            st.stack.push(t);
        }
        O::SWAP => {
            let n = st.stack.len();
            let k = o as usize;
            if k <= n {
                st.stack.swap(n - 1, n - k);
            } else {
                // The other slot is below what the trace knows.
                st.effect(1, 1, Ty::Unknown);
            }
        }
        op => {
            if op.arg_kind() == ArgKind::Local {
                // MAKE_CELL, DELETE_FAST and the like.
                st.set_local(o, Ty::Unknown);
            }
            let (n, m) = (op.stack_inputs(o), op.stack_outputs(o));
            st.effect(n.max(0) as usize, m.max(0) as usize, Ty::Unknown);
        }
    }
    proven
}
