//! Async generators: `__anext__`/`asend`/`athrow`/`aclose` return awaitables
//! that resume the generator frame; a value the body yields arrives wrapped
//! (`INTRINSIC_ASYNC_GEN_WRAP`) and completes the awaitable, anything else is
//! an inner `await` passing through to the event loop.

use crate::engine::Resumed;
use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::add_methods;
use crate::types::generator::{make_throw, resume, stop_iteration_with};
use crate::types::native::{native, new_native};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

/// A value the async generator's body yielded (not an inner await).
pub struct WrappedValue(pub Value);

/// What an `asend`/`athrow` awaitable does on its first step.
enum First {
    Send(Value),
    Throw(ObjRef),
    Close,
}

/// The awaitable of one `__anext__`/`asend`/`athrow`/`aclose` call.
pub struct AsendData {
    agen: ObjRef,
    first: RefCell<Option<First>>,
    closing: Cell<bool>,
    done: Cell<bool>,
}

/// `INTRINSIC_ASYNC_GEN_WRAP`.
pub fn wrap(vm: &Vm, v: Value) -> Value {
    new_native(&vm.types.async_generator_wrapped_value, WrappedValue(v))
}

fn awaitable(vm: &Vm, agen: &ObjRef, first: First) -> Value {
    let closing = matches!(first, First::Close);
    new_native(
        &vm.types.async_generator_asend,
        AsendData {
            agen: agen.clone(),
            first: RefCell::new(Some(first)),
            closing: Cell::new(closing),
            done: Cell::new(false),
        },
    )
}

/// One step of an awaitable: sends `value` (or throws `throw`) into the
/// generator and interprets what comes back.
fn step(vm: &Vm, a: &AsendData, mut value: Value, mut throw: Option<ObjRef>) -> PyResult<Value> {
    if a.done.get() {
        return Err(vm.runtime_error("cannot reuse already awaited __anext__()/asend()"));
    }
    if let Some(first) = a.first.borrow_mut().take() {
        match first {
            First::Send(v) => {
                if value.is_none() {
                    value = v;
                }
            }
            First::Throw(e) => throw = Some(e),
            First::Close => {
                throw = Some(
                    vm.new_exception_args(&vm.types.exc.generator_exit, Vec::new())
                        .0,
                )
            }
        }
    }
    let r = resume(vm, &a.agen, value, throw);
    match r {
        Ok(Resumed::Yielded(y)) => {
            if let Some(w) = native::<WrappedValue>(&y) {
                a.done.set(true);
                if a.closing.get() {
                    return Err(vm.runtime_error("async generator ignored GeneratorExit"));
                }
                return Err(stop_iteration_with(vm, w.0.clone()));
            }
            Ok(y)
        }
        Ok(Resumed::Returned(_)) => {
            a.done.set(true);
            if a.closing.get() {
                return Err(stop_iteration_with(vm, Value::None));
            }
            Err(vm.new_exception_args(&vm.types.exc.stop_async_iteration, Vec::new()))
        }
        Err(e) => {
            a.done.set(true);
            if a.closing.get()
                && (e.matches(vm, &vm.types.exc.generator_exit)
                    || e.matches(vm, &vm.types.exc.stop_async_iteration))
            {
                return Err(stop_iteration_with(vm, Value::None));
            }
            Err(e)
        }
    }
}

fn asend_data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a AsendData> {
    native::<AsendData>(v).ok_or_else(|| vm.type_error("expected an async generator awaitable"))
}

fn agen_obj<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ObjRef> {
    match v {
        Value::Obj(o) if o.ty_is(&vm.types.async_generator) => Ok(o),
        _ => Err(vm.type_error("descriptor requires an 'async_generator' object")),
    }
}

/// Adds the methods of async generators and their awaitables.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    add_methods(
        vm,
        &t.async_generator,
        &[
            ("__aiter__", |_vm, a| Ok(a.pos[0].clone())),
            ("__anext__", |vm, a| {
                Ok(awaitable(
                    vm,
                    agen_obj(vm, &a.pos[0])?,
                    First::Send(Value::None),
                ))
            }),
            ("asend", |vm, a| {
                let [g, v] = a.check(vm, "asend", 2, 2)? else {
                    unreachable!()
                };
                Ok(awaitable(vm, agen_obj(vm, g)?, First::Send(v.clone())))
            }),
            ("athrow", |vm, a| {
                let pos = a.check(vm, "athrow", 2, 4)?;
                let g = agen_obj(vm, &pos[0])?;
                let e = make_throw(vm, &pos[1], pos.get(2))?;
                Ok(awaitable(vm, g, First::Throw(e)))
            }),
            ("aclose", |vm, a| {
                Ok(awaitable(vm, agen_obj(vm, &a.pos[0])?, First::Close))
            }),
        ],
    );
    add_methods(
        vm,
        &t.async_generator_asend,
        &[
            ("__await__", |_vm, a| Ok(a.pos[0].clone())),
            ("__iter__", |_vm, a| Ok(a.pos[0].clone())),
            ("__next__", |vm, a| {
                step(vm, asend_data(vm, &a.pos[0])?, Value::None, None)
            }),
            ("send", |vm, a| {
                let [s, v] = a.check(vm, "send", 2, 2)? else {
                    unreachable!()
                };
                step(vm, asend_data(vm, s)?, v.clone(), None)
            }),
            ("throw", |vm, a| {
                let pos = a.check(vm, "throw", 2, 4)?;
                let d = asend_data(vm, &pos[0])?;
                let e = make_throw(vm, &pos[1], pos.get(2))?;
                step(vm, d, Value::None, Some(e))
            }),
            ("close", |vm, a| {
                asend_data(vm, &a.pos[0])?.done.set(true);
                Ok(Value::None)
            }),
        ],
    );
}
