//! `_heapq`: binary min-heaps (and, as in 3.14, max-heaps) kept in a
//! list, with the layout and comparison order of CPython's, so the same
//! operations leave the same list. Comparisons may run Python code; the
//! list changing size meanwhile raises, as in CPython.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::list::ListData;
use crate::types::module;
use crate::value::Value;
use crate::vm::Vm;

/// The list argument (`fname() argument 1 must be list, not X`; just
/// "argument" for the one-argument functions).
fn heap_arg<'a>(vm: &Vm, fname: &str, v: &'a Value, only: bool) -> PyResult<&'a ListData> {
    match v {
        Value::Obj(o) if vm.is_instance(v, &vm.types.list) => Ok(o.payload::<ListData>()),
        _ => Err(vm.type_error(format!(
            "{fname}() argument{} must be list, not {}",
            if only { "" } else { " 1" },
            if v.is_none() {
                "None".to_string()
            } else {
                vm.type_name(v)
            }
        ))),
    }
}

/// The (heap, item) arguments of the two-argument functions.
fn two_args<'a>(vm: &Vm, name: &str, args: &Args<'a>) -> PyResult<(&'a ListData, Value)> {
    if args.has_kwargs() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    let [heap, item] = args.pos else {
        return Err(vm.type_error(format!(
            "{name} expected 2 arguments, got {}",
            args.pos.len()
        )));
    };
    Ok((heap_arg(vm, name, heap, false)?, item.clone()))
}

/// The heap argument of the one-argument functions.
fn one_arg<'a>(vm: &Vm, name: &str, args: &Args<'a>) -> PyResult<&'a ListData> {
    if args.has_kwargs() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    let [heap] = args.pos else {
        return Err(vm.type_error(format!(
            "_heapq.{name}() takes exactly one argument ({} given)",
            args.pos.len()
        )));
    };
    heap_arg(vm, name, heap, true)
}

/// Heap order: `a` goes above `b` (`a < b`, or `b < a` for a max-heap).
struct Order {
    max: bool,
}

impl Order {
    fn above(&self, vm: &Vm, heap: &ListData, i: usize, j: usize) -> PyResult<bool> {
        let n = heap.len();
        let (Some(a), Some(b)) = (heap.get(i), heap.get(j)) else {
            return Err(vm.runtime_error("list changed size during iteration"));
        };
        let r = if self.max {
            vm.lt(&b, &a)?
        } else {
            vm.lt(&a, &b)?
        };
        if heap.len() != n {
            return Err(vm.runtime_error("list changed size during iteration"));
        }
        Ok(r)
    }

    /// Moves the item at `pos` up toward `start` while it belongs above
    /// its parent.
    fn sift_down(&self, vm: &Vm, heap: &ListData, start: usize, mut pos: usize) -> PyResult<()> {
        while pos > start {
            let parent = (pos - 1) >> 1;
            if !self.above(vm, heap, pos, parent)? {
                break;
            }
            heap.borrow_mut().swap(pos, parent);
            pos = parent;
        }
        Ok(())
    }

    /// Moves the smaller child up until a leaf, then the item at `pos`
    /// back into place (fewer comparisons than a top-down sift).
    fn sift_up(&self, vm: &Vm, heap: &ListData, mut pos: usize) -> PyResult<()> {
        let end = heap.len();
        let start = pos;
        let mut child = 2 * pos + 1;
        while child < end {
            let right = child + 1;
            if right < end && !self.above(vm, heap, child, right)? {
                child = right;
            }
            heap.borrow_mut().swap(pos, child);
            pos = child;
            child = 2 * pos + 1;
        }
        self.sift_down(vm, heap, start, pos)
    }
}

fn order(name: &str) -> Order {
    Order {
        max: name.ends_with("_max"),
    }
}

fn push(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (h, item) = two_args(vm, name, &args)?;
    let item = &item;
    h.push(item.clone());
    order(name).sift_down(vm, h, 0, h.len() - 1)?;
    Ok(Value::None)
}

fn pop(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let h = one_arg(vm, name, &args)?;
    let Some(last) = h.borrow_mut().pop() else {
        return Err(vm.index_error("index out of range"));
    };
    if h.is_empty() {
        return Ok(last);
    }
    let top = std::mem::replace(&mut h.borrow_mut()[0], last);
    order(name).sift_up(vm, h, 0)?;
    Ok(top)
}

fn replace(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (h, item) = two_args(vm, name, &args)?;
    let item = &item;
    if h.is_empty() {
        return Err(vm.index_error("index out of range"));
    }
    let top = std::mem::replace(&mut h.borrow_mut()[0], item.clone());
    order(name).sift_up(vm, h, 0)?;
    Ok(top)
}

fn pushpop(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (h, item) = two_args(vm, name, &args)?;
    let item = &item;
    let ord = order(name);
    let Some(top) = h.get(0) else {
        return Ok(item.clone());
    };
    let top_first = if ord.max {
        vm.lt(item, &top)?
    } else {
        vm.lt(&top, item)?
    };
    if !top_first {
        return Ok(item.clone());
    }
    if h.is_empty() {
        return Err(vm.index_error("index out of range"));
    }
    let top = std::mem::replace(&mut h.borrow_mut()[0], item.clone());
    ord.sift_up(vm, h, 0)?;
    Ok(top)
}

fn heapify(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let h = one_arg(vm, name, &args)?;
    let ord = order(name);
    for i in (0..h.len() / 2).rev() {
        ord.sift_up(vm, h, i)?;
    }
    Ok(Value::None)
}

named_fns!(PUSH_FNS, push, heappush, heappush_max);
named_fns!(POP_FNS, pop, heappop, heappop_max);
named_fns!(REPLACE_FNS, replace, heapreplace, heapreplace_max);
named_fns!(PUSHPOP_FNS, pushpop, heappushpop, heappushpop_max);
named_fns!(HEAPIFY_FNS, heapify, heapify, heapify_max);

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_heapq");
    let all: [&[(&'static str, NativeFn)]; 5] =
        [PUSH_FNS, POP_FNS, REPLACE_FNS, PUSHPOP_FNS, HEAPIFY_FNS];
    crate::modules::add_functions(vm, &m, "_heapq", all.into_iter().flatten());
    m
}
