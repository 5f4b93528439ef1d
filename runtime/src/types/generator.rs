//! Generators and coroutines: a suspended frame that the engine resumes on
//! `send`, `throw` and `close`, with its own handled-exception slot.

use crate::call::Args;
use crate::engine::Resumed;
use crate::error::{PyErr, PyResult};
use crate::frame::Frame;
use crate::object::ObjRef;
use crate::types::builtin::add_methods;
use crate::types::descriptor::add_getsets;
use crate::types::function::CodeData;
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};

/// The payload of a generator, coroutine or async generator.
pub struct GeneratorData {
    /// The suspended frame (`None` once finished).
    pub frame: RefCell<Option<Box<Frame>>>,
    /// Whether the frame is running now.
    pub running: Cell<bool>,
    /// Whether it ran at all.
    pub started: Cell<bool>,
    /// `__name__`.
    pub name: RefCell<Value>,
    /// `__qualname__`.
    pub qualname: RefCell<Value>,
    /// The code object.
    pub code: ObjRef,
    /// The exception being handled inside the generator while suspended.
    pub exc_state: RefCell<Option<ObjRef>>,
    /// What `yield from`/`await` delegates to now (the engine sets it).
    pub yield_from: RefCell<Option<Value>>,
}

/// `RETURN_GENERATOR`: wraps a frame that has not started yet.
pub fn new_generator(vm: &Vm, frame: Box<Frame>) -> ObjRef {
    let code = frame.code().clone();
    let cd = code.payload::<CodeData>();
    let flags = cd.flags();
    use pyrite_compiler::code::flags as co;
    let ty = if flags & co::CO_ASYNC_GENERATOR != 0 {
        &vm.types.async_generator
    } else if flags & co::CO_COROUTINE != 0 {
        &vm.types.coroutine
    } else {
        &vm.types.generator
    };
    let (name, qualname) = match frame.func() {
        Some(f) => {
            let fd = f.payload::<crate::types::function::FunctionData>();
            (fd.name.borrow().clone(), fd.qualname.borrow().clone())
        }
        None => (Value::Obj(cd.name.clone()), Value::Obj(cd.qualname.clone())),
    };
    ObjRef::new(
        ty,
        GeneratorData {
            frame: RefCell::new(Some(frame)),
            running: Cell::new(false),
            started: Cell::new(false),
            name: RefCell::new(name),
            qualname: RefCell::new(qualname),
            code,
            exc_state: RefCell::new(None),
            yield_from: RefCell::new(None),
        },
    )
}

fn kind_name(vm: &Vm, g: &ObjRef) -> &'static str {
    let t = g.ty();
    if t.is(&vm.types.coroutine) {
        "coroutine"
    } else if t.is(&vm.types.async_generator) {
        "async generator"
    } else {
        "generator"
    }
}

/// Resumes the generator, sending `value` in or throwing `throw` into it.
pub fn resume(vm: &Vm, g: &ObjRef, value: Value, throw: Option<ObjRef>) -> PyResult<Resumed> {
    let data = g.payload::<GeneratorData>();
    if data.running.get() {
        return Err(vm.value_error(format!("{} already executing", kind_name(vm, g))));
    }
    let Some(frame) = data.frame.borrow_mut().take() else {
        if let Some(e) = throw {
            return Err(PyErr(e));
        }
        if g.ty().is(&vm.types.coroutine) {
            return Err(vm.runtime_error("cannot reuse already awaited coroutine"));
        }
        return Ok(Resumed::Returned(Value::None));
    };
    if !data.started.get() && throw.is_none() && !value.is_none() {
        *data.frame.borrow_mut() = Some(frame);
        return Err(vm.type_error(format!(
            "can't send non-None value to a just-started {}",
            kind_name(vm, g)
        )));
    }
    data.started.set(true);
    data.running.set(true);
    vm.handled
        .borrow_mut()
        .push(data.exc_state.borrow_mut().take());
    let (frame, result) = vm.engine().resume(vm, frame, value, throw);
    let saved = vm.handled.borrow_mut().pop().flatten();
    data.running.set(false);
    match frame {
        Some(f) => {
            *data.exc_state.borrow_mut() = saved;
            *data.frame.borrow_mut() = Some(f);
        }
        None => *data.yield_from.borrow_mut() = None,
    }
    result
}

/// `next(gen)`: the next value, or `None` when it returned.
pub fn gen_next(vm: &Vm, g: &ObjRef) -> PyResult<Option<Value>> {
    match resume(vm, g, Value::None, None)? {
        Resumed::Yielded(v) => Ok(Some(v)),
        Resumed::Returned(_) => Ok(None),
    }
}

/// `gen.send(value)`: raises `StopIteration(result)` when it returns.
pub fn send(vm: &Vm, g: &ObjRef, value: Value) -> PyResult<Value> {
    match resume(vm, g, value, None)? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(v) => Err(stop_iteration_with(vm, v)),
    }
}

/// `StopIteration(value)` (no arguments for `None`).
pub fn stop_iteration_with(vm: &Vm, v: Value) -> PyErr {
    vm.stop_iteration(if v.is_none() { None } else { Some(v) })
}

/// `gen.close()`.
pub fn close(vm: &Vm, g: &ObjRef) -> PyResult<Value> {
    let data = g.payload::<GeneratorData>();
    if data.frame.borrow().is_none() {
        return Ok(Value::None);
    }
    if !data.started.get() {
        *data.frame.borrow_mut() = None;
        return Ok(Value::None);
    }
    let exit = vm.new_exception_args(&vm.types.exc.generator_exit, Vec::new());
    match resume(vm, g, Value::None, Some(exit.0)) {
        Ok(Resumed::Yielded(_)) => {
            Err(vm.runtime_error(format!("{} ignored GeneratorExit", kind_name(vm, g))))
        }
        Ok(Resumed::Returned(v)) => Ok(v),
        Err(e)
            if e.matches(vm, &vm.types.exc.generator_exit)
                || e.matches(vm, &vm.types.exc.stop_iteration) =>
        {
            Ok(Value::None)
        }
        Err(e) => Err(e),
    }
}

/// Closes a generator that is being freed while suspended.
pub fn finalize(vm: &Vm, g: &ObjRef) -> PyResult<()> {
    let data = g.payload::<GeneratorData>();
    if data.frame.borrow().is_some() && data.started.get() {
        close(vm, g)?;
    }
    Ok(())
}

/// `gen.throw(exc)`: the exception instance to raise from `typ[, val]`.
pub fn make_throw(vm: &Vm, typ: &Value, val: Option<&Value>) -> PyResult<ObjRef> {
    let base = &vm.types.exc.base_exception;
    if let Value::Obj(t) = typ
        && t.downcast::<crate::types::typeobj::TypeData>().is_some()
        && crate::types::typeobj::is_subtype(t, base)
    {
        let args: Vec<Value> = match val {
            None | Some(Value::None) => Vec::new(),
            Some(v) if vm.is_instance(v, t) => {
                return Ok(v.as_obj().expect("exceptions are objects").clone());
            }
            Some(v) => match crate::types::tuple::tuple_items(v) {
                Some(items) => items.to_vec(),
                None => vec![v.clone()],
            },
        };
        let e = vm.call(typ, &args)?;
        return e
            .as_obj()
            .cloned()
            .ok_or_else(|| vm.type_error("exceptions must derive from BaseException"));
    }
    if vm.is_instance(typ, base) {
        if val.is_some_and(|v| !v.is_none()) {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        return Ok(typ.as_obj().expect("exceptions are objects").clone());
    }
    Err(vm.type_error(format!(
        "exceptions must be classes or instances deriving from BaseException, not {}",
        vm.type_name(typ)
    )))
}

/// Adds the methods of generators and coroutines.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [&t.generator, &t.coroutine, &t.async_generator] {
        crate::types::typeobj::data(ty).set_finalizer(true);
        add_methods(
            vm,
            ty,
            &[
                ("send", gen_send),
                ("throw", gen_throw),
                ("close", gen_close),
                ("__repr__", gen_repr),
            ],
        );
        add_getsets(
            vm,
            ty,
            &[
                (
                    "__name__",
                    |vm, v| Ok(gen_data(vm, v)?.name.borrow().clone()),
                    Some(|vm, v, x| {
                        *gen_data(vm, v)?.name.borrow_mut() = x.unwrap_or(Value::None);
                        Ok(())
                    }),
                ),
                (
                    "__qualname__",
                    |vm, v| Ok(gen_data(vm, v)?.qualname.borrow().clone()),
                    Some(|vm, v, x| {
                        *gen_data(vm, v)?.qualname.borrow_mut() = x.unwrap_or(Value::None);
                        Ok(())
                    }),
                ),
            ],
        );
    }
    add_methods(
        vm,
        &t.generator,
        &[("__iter__", gen_iter), ("__next__", gen_next_method)],
    );
    add_getsets(
        vm,
        &t.generator,
        &[
            (
                "gi_code",
                |vm, v| Ok(Value::Obj(gen_data(vm, v)?.code.clone())),
                None,
            ),
            (
                "gi_running",
                |vm, v| Ok(Value::Bool(gen_data(vm, v)?.running.get())),
                None,
            ),
            ("gi_suspended", gen_suspended, None),
            ("gi_frame", gen_frame, None),
            (
                "gi_yieldfrom",
                |vm, v| {
                    Ok(gen_data(vm, v)?
                        .yield_from
                        .borrow()
                        .clone()
                        .unwrap_or(Value::None))
                },
                None,
            ),
        ],
    );
    add_methods(vm, &t.coroutine, &[("__await__", coro_await)]);
    add_getsets(
        vm,
        &t.coroutine,
        &[
            (
                "cr_code",
                |vm, v| Ok(Value::Obj(gen_data(vm, v)?.code.clone())),
                None,
            ),
            (
                "cr_running",
                |vm, v| Ok(Value::Bool(gen_data(vm, v)?.running.get())),
                None,
            ),
            ("cr_suspended", gen_suspended, None),
            ("cr_frame", gen_frame, None),
            (
                "cr_await",
                |vm, v| {
                    Ok(gen_data(vm, v)?
                        .yield_from
                        .borrow()
                        .clone()
                        .unwrap_or(Value::None))
                },
                None,
            ),
        ],
    );
    add_methods(
        vm,
        &t.coroutine_wrapper,
        &[
            ("__iter__", gen_iter),
            ("__next__", wrapper_next),
            ("send", wrapper_send),
            ("throw", wrapper_throw),
            ("close", wrapper_close),
        ],
    );
}

fn gen_data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a GeneratorData> {
    v.downcast::<GeneratorData>()
        .ok_or_else(|| vm.type_error("descriptor requires a generator object"))
}

fn gen_obj<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ObjRef> {
    gen_data(vm, v)?;
    Ok(v.as_obj().expect("generators are objects"))
}

fn gen_suspended(vm: &Vm, v: &Value) -> PyResult<Value> {
    let g = gen_data(vm, v)?;
    Ok(Value::Bool(
        g.started.get() && !g.running.get() && g.frame.borrow().is_some(),
    ))
}

fn gen_frame(vm: &Vm, v: &Value) -> PyResult<Value> {
    let g = gen_data(vm, v)?;
    let record = g.frame.borrow().as_ref().map(|f| f.record.clone());
    Ok(match record {
        Some(r) => Value::Obj(crate::frame::frame_object(vm, &r, None)),
        None => Value::None,
    })
}

fn gen_iter(_vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(args.pos[0].clone())
}

fn gen_next_method(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let g = gen_obj(vm, &args.pos[0])?;
    send(vm, g, Value::None)
}

fn gen_send(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [g, v] = args.check(vm, "send", 2, 2)? else {
        unreachable!()
    };
    send(vm, gen_obj(vm, g)?, v.clone())
}

fn gen_throw(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.check(vm, "throw", 2, 4)?;
    let g = gen_obj(vm, &pos[0])?;
    if pos.len() > 2 {
        crate::warnings::warn(
            vm,
            &vm.types.exc.deprecation_warning,
            "the (type, exc, tb) signature of throw() is deprecated, use the single-arg signature instead.",
            1,
        )?;
    }
    let exc = make_throw(vm, &pos[1], pos.get(2))?;
    match resume(vm, g, Value::None, Some(exc))? {
        Resumed::Yielded(v) => Ok(v),
        Resumed::Returned(v) => Err(stop_iteration_with(vm, v)),
    }
}

fn gen_close(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    close(vm, gen_obj(vm, &args.pos[0])?)
}

fn gen_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let g = gen_data(vm, &args.pos[0])?;
    let kind = match kind_name(vm, gen_obj(vm, &args.pos[0])?) {
        "async generator" => "async_generator",
        k => k,
    };
    let q = vm.str_string(&g.qualname.borrow())?;
    Ok(vm.new_str(&format!(
        "<{kind} object {q} at {:#x}>",
        vm.id_of(&args.pos[0])
    )))
}

fn coro_await(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    gen_obj(vm, &args.pos[0])?;
    Ok(crate::types::iterators::new_wrapper(
        vm,
        &vm.types.coroutine_wrapper,
        args.pos[0].clone(),
    ))
}

fn wrapped_coro(vm: &Vm, v: &Value) -> PyResult<ObjRef> {
    match crate::types::iterators::wrapped(v) {
        Some(Value::Obj(o)) => Ok(o),
        _ => Err(vm.type_error("expected a coroutine wrapper")),
    }
}

fn wrapper_next(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    send(vm, &wrapped_coro(vm, &args.pos[0])?, Value::None)
}

fn wrapper_send(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [w, v] = args.check(vm, "send", 2, 2)? else {
        unreachable!()
    };
    send(vm, &wrapped_coro(vm, w)?, v.clone())
}

fn wrapper_throw(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = wrapped_coro(vm, &args.pos[0])?;
    let mut pos = vec![Value::Obj(c)];
    pos.extend_from_slice(&args.pos[1..]);
    gen_throw(vm, Args::positional(&pos))
}

fn wrapper_close(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    close(vm, &wrapped_coro(vm, &args.pos[0])?)
}
