//! Micro-ops of calls and function objects: `CALL` pushes a frame for a
//! Python function (no Rust recursion) and calls anything else directly;
//! functions are made and given their attributes; the intrinsics.

use crate::eval::{Ctx, Flow};
use pyrite_runtime::object::Kind;
use pyrite_runtime::types::function::{FunctionData, MethodData, frame_for_call, new_function};
use pyrite_runtime::types::{dict, instance, list, native, tuple};
use pyrite_runtime::{Args, ObjRef, PyResult, Value, Vm};

type R = PyResult<Flow>;

/// `module.qualname()` as error messages name a callable (CPython's
/// `_PyObject_FunctionStr`).
#[inline]
pub(crate) fn callable_name(vm: &Vm, f: &Value) -> String {
    let qual = match vm.getattr_opt(f, "__qualname__") {
        Ok(Some(q)) => vm.str_string(&q).unwrap_or_default(),
        _ => return vm.str_string(f).unwrap_or_default(),
    };
    match vm.getattr_opt(f, "__module__") {
        Ok(Some(m))
            if !m.is_none() && pyrite_runtime::types::str::as_str(&m) != Some("builtins") =>
        {
            format!("{}.{qual}()", vm.str_string(&m).unwrap_or_default())
        }
        _ => format!("{qual}()"),
    }
}

/// Calls `callable` with `args` (`self` first if bound): pushes a frame for
/// Python functions, else calls and pushes the result.
#[inline]
fn do_call(cx: &mut Ctx<'_>, callable: Value, args: Vec<Value>, kwnames: &[Value]) -> R {
    let vm = cx.vm;
    let npos = args.len() - kwnames.len();
    if let Value::Obj(o) = &callable {
        let target = if o.kind() == Kind::Function {
            Some((o.clone(), None))
        } else if let Some(m) = o.downcast::<MethodData>()
            && let Value::Obj(f) = &m.func
            && f.kind() == Kind::Function
        {
            Some((f.clone(), Some(m.self_.clone())))
        } else {
            None
        };
        if let Some((func, self_)) = target {
            let a = Args {
                pos: &args[..npos],
                kwnames,
                kwvalues: &args[npos..],
            };
            let frame = frame_for_call(vm, &func, self_.as_ref(), a)?;
            return Ok(Flow::Call(frame));
        }
    }
    // A plain class (metatype `type`, `object.__new__`) with a Python
    // `__init__`: make the instance and push `__init__`'s frame, as CPython's
    // CALL_ALLOC_AND_ENTER_INIT does.
    if let Value::Obj(cls) = &callable
        && cls.kind() == Kind::Type
        && cls.ty_is(&vm.types.type_)
        && pyrite_runtime::types::typeobj::data(cls).layout.get() == Kind::Instance
        && !pyrite_runtime::types::typeobj::data(cls)
            .has_flag(pyrite_runtime::types::typeobj::flags::IS_ABSTRACT)
        && pyrite_runtime::types::typeobj::specials(vm, cls)
            & pyrite_runtime::types::typeobj::special::NEW
            == 0
        && let Some(Value::Obj(init)) = pyrite_runtime::types::typeobj::lookup(vm, cls, "__init__")
        && init.kind() == Kind::Function
    {
        let obj = Value::Obj(pyrite_runtime::types::instance::new_instance(cls));
        let a = Args {
            pos: &args[..npos],
            kwnames,
            kwvalues: &args[npos..],
        };
        let mut frame = frame_for_call(vm, &init, Some(&obj), a)?;
        frame.init_self = Some(obj);
        return Ok(Flow::Call(frame));
    }
    let a = Args {
        pos: &args[..npos],
        kwnames,
        kwvalues: &args[npos..],
    };
    let r = vm.call_args(&callable, a)?;
    cx.push(r);
    Ok(Flow::Next)
}

/// Pops `callable, self_or_null, args[n]` into the callable and its
/// argument list.
#[inline]
fn pop_call(cx: &mut Ctx<'_>, n: usize) -> (Value, Vec<Value>) {
    let stack = &mut cx.f.stack;
    let base = stack.len() - n - 2;
    let mut it = stack.drain(base..);
    let callable = it.next().flatten().unwrap_or(Value::None);
    let self_ = it.next().flatten();
    let mut args = Vec::with_capacity(n + 1);
    args.extend(self_);
    args.extend(it.map(|v| v.unwrap_or(Value::None)));
    (callable, args)
}

/// `CALL`: an exact-args Python call pushes its frame straight from the
/// stack (what `CALL_PY_EXACT_ARGS` and its kin do); anything else goes
/// the general way.
#[inline(always)]
pub(crate) fn call(cx: &mut Ctx<'_>) -> R {
    match super::call_py_exact_args(cx)? {
        Flow::Deopt => call_general(cx),
        flow => Ok(flow),
    }
}

#[inline(never)]
fn call_general(cx: &mut Ctx<'_>) -> R {
    let (callable, args) = pop_call(cx, cx.oparg as usize);
    do_call(cx, callable, args, &[])
}

/// The `__init__` a call of class `cls` runs in a pushed frame: a class of
/// metatype `type` whose instances are plain objects made by
/// `object.__new__`, with a Python `__init__` (CPython's
/// `CALL_ALLOC_AND_ENTER_INIT`).
#[inline]
fn plain_class_init(vm: &Vm, cls: &ObjRef) -> Option<ObjRef> {
    use pyrite_runtime::types::typeobj::{self, flags, special};
    if !cls.ty_is(&vm.types.type_) {
        return None;
    }
    let td = typeobj::data(cls);
    if td.layout.get() != Kind::Instance
        || td.has_flag(flags::IS_ABSTRACT)
        || typeobj::specials(vm, cls) & special::NEW != 0
    {
        return None;
    }
    match typeobj::lookup_name(vm, cls, vm.dunder_init())? {
        Value::Obj(init) if init.kind() == Kind::Function => Some(init),
        _ => None,
    }
}

/// What a call with exactly the positional parameters will run: the
/// function, the `self` a bound method adds, the class whose new instance
/// becomes `self`, and the code.
pub(crate) struct ExactCall {
    func: ObjRef,
    bound_self: Option<Value>,
    class: Option<ObjRef>,
    code: ObjRef,
}

/// Which shape of exact call this is, for the adaptive tier's choice.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExactShape {
    /// A plain function.
    Function,
    /// A method object bound to a plain function.
    BoundMethod,
    /// A plain class with a Python `__init__`.
    ClassInit,
}

impl ExactCall {
    pub(crate) fn shape(&self) -> ExactShape {
        match (&self.bound_self, &self.class) {
            (_, Some(_)) => ExactShape::ClassInit,
            (Some(_), None) => ExactShape::BoundMethod,
            (None, None) => ExactShape::Function,
        }
    }
}

/// CPython's `CALL_PY_EXACT_ARGS` test (and `CALL_BOUND_METHOD_EXACT_ARGS`,
/// `CALL_ALLOC_AND_ENTER_INIT`): a plain Python function, a method bound
/// to one, or a plain class with a Python `__init__`, given exactly its
/// positional parameters. Looks only.
#[inline]
pub(crate) fn exact_call(cx: &Ctx<'_>) -> Option<ExactCall> {
    use pyrite_compiler::code::flags as co;
    use pyrite_runtime::types::function::CodeData;
    let n = cx.oparg as usize;
    let len = cx.f.stack.len();
    let base = len - n - 2;
    let null_self = cx.f.stack[base + 1].is_none();
    let (func, bound_self, class) = match &cx.f.stack[base] {
        Some(Value::Obj(o)) if o.kind() == Kind::Function => (o.clone(), None, None),
        Some(Value::Obj(o)) if o.kind() == Kind::Method => {
            let m = o.payload::<MethodData>();
            match &m.func {
                Value::Obj(f) if f.kind() == Kind::Function => {
                    (f.clone(), Some(m.self_.clone()), None)
                }
                _ => return None,
            }
        }
        Some(Value::Obj(o)) if o.kind() == Kind::Type && null_self => {
            (plain_class_init(cx.vm, o)?, None, Some(o.clone()))
        }
        _ => return None,
    };
    let code = func.payload::<FunctionData>().code.borrow().clone();
    let cd = code.payload::<CodeData>();
    let has_self = !null_self || bound_self.is_some() || class.is_some();
    let given = n + usize::from(has_self) + usize::from(!null_self && bound_self.is_some());
    if cd.code.flags & (co::CO_VARARGS | co::CO_VARKEYWORDS) != 0
        || cd.code.kwonlyargcount != 0
        || cd.code.argcount as usize != given
    {
        return None;
    }
    Some(ExactCall {
        func,
        bound_self,
        class,
        code,
    })
}

/// The frame of an exact call, straight from the stack: the arguments
/// are moved, not copied.
#[inline(always)]
pub(crate) fn exact_args_frame(cx: &mut Ctx<'_>) -> Option<Box<pyrite_runtime::frame::Frame>> {
    let ExactCall {
        func,
        bound_self,
        class,
        code,
    } = exact_call(cx)?;
    let base = cx.f.stack.len() - cx.oparg as usize - 2;
    let fd = func.payload::<FunctionData>();
    let instance = class.map(|cls| Value::Obj(instance::new_instance(&cls)));
    let mut frame = pyrite_runtime::frame::Frame::alloc(
        cx.vm,
        code,
        Some(func.clone()),
        fd.globals.clone(),
        fd.builtins.clone(),
    );
    let stack = &mut cx.f.stack;
    if let Some(s) = bound_self.or_else(|| instance.clone()) {
        frame.fast.push(Some(s));
    }
    if let Some(s) = stack[base + 1].take() {
        frame.fast.push(Some(s));
    }
    for slot in &mut stack[base + 2..] {
        frame.fast.push(slot.take());
    }
    stack.truncate(base);
    frame.ready();
    frame.init_self = instance;
    Some(frame)
}

#[inline]
pub(crate) fn call_kw(cx: &mut Ctx<'_>) -> R {
    let kwnames = cx.pop();
    let (callable, args) = pop_call(cx, cx.oparg as usize);
    let names = tuple::tuple_items(&kwnames)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    do_call(cx, callable, args, &names)
}

#[inline]
pub(crate) fn call_function_ex(cx: &mut Ctx<'_>) -> R {
    let kwargs = cx.pop_opt();
    let callargs = cx.pop();
    let self_ = cx.pop_opt();
    let func = cx.pop();
    let vm = cx.vm;
    let mut args: Vec<Value> = self_.into_iter().collect();
    match tuple::tuple_items(&callargs) {
        Some(t) => args.extend_from_slice(t),
        None => {
            let items = vm.iterate(&callargs).map_err(|e| {
                if e.matches(vm, &vm.types.exc.type_error)
                    && vm.call_special_lookup(&callargs, "__iter__").is_none()
                {
                    vm.type_error(format!(
                        "{} argument after * must be an iterable, not {}",
                        callable_name(vm, &func),
                        vm.type_name(&callargs)
                    ))
                } else {
                    e
                }
            })?;
            args.extend(items);
        }
    }
    let mut names = Vec::new();
    if let Some(kw) = kwargs {
        let pairs: Vec<(Value, Value)> = match &kw {
            Value::Obj(d) if d.kind() == Kind::Dict => dict::items(d),
            _ => {
                if vm.call_special_lookup(&kw, "keys").is_none() {
                    return Err(vm.type_error(format!(
                        "{} argument after ** must be a mapping, not {}",
                        callable_name(vm, &func),
                        vm.type_name(&kw)
                    )));
                }
                let keys = vm.iterate(&vm.call_method(&kw, "keys", &[])?)?;
                keys.into_iter()
                    .map(|k| vm.getitem(&kw, &k).map(|v| (k, v)))
                    .collect::<PyResult<_>>()?
            }
        };
        for (k, v) in pairs {
            if pyrite_runtime::types::str::str_data(&k).is_none() {
                return Err(vm.type_error("keywords must be strings"));
            }
            names.push(k);
            args.push(v);
        }
    }
    do_call(cx, func, args, &names)
}

#[inline]
pub(crate) fn make_function(cx: &mut Ctx<'_>) -> R {
    let code = cx.pop();
    let Value::Obj(code) = code else {
        return Err(cx.vm.type_error("MAKE_FUNCTION needs a code object"));
    };
    let f = new_function(cx.vm, code, cx.f.globals().clone(), cx.f.builtins.clone());
    cx.push(Value::Obj(f));
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn set_function_attribute(cx: &mut Ctx<'_>) -> R {
    let func = cx.pop();
    let attr = cx.pop();
    {
        let f = func
            .downcast::<FunctionData>()
            .expect("SET_FUNCTION_ATTRIBUTE on a function");
        let slot = match cx.oparg {
            0x01 => &f.defaults,
            0x02 => &f.kwdefaults,
            0x04 => &f.annotations,
            0x08 => &f.closure,
            0x10 => &f.annotate,
            _ => {
                return Err(cx.vm.new_exception(
                    &cx.vm.types.exc.system_error,
                    "bad SET_FUNCTION_ATTRIBUTE flag",
                ));
            }
        };
        let attr = if cx.oparg == 0x04 && tuple::tuple_items(&attr).is_some() {
            // Annotations as a flat (name, value, ...) tuple.
            let items = tuple::tuple_items(&attr).expect("tuple").to_vec();
            let d = dict::new_dict(&cx.vm.types);
            for pair in items.chunks(2) {
                if let [k, v] = pair {
                    dict::set_item(cx.vm, &d, k.clone(), v.clone())?;
                }
            }
            Value::Obj(d)
        } else {
            attr
        };
        *slot.borrow_mut() = attr;
    }
    cx.push(func);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn exit_init_check(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    if !v.is_none() {
        return Err(cx.vm.type_error(format!(
            "__init__() should return None, not '{}'",
            cx.vm.type_name(&v)
        )));
    }
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn call_intrinsic_1(cx: &mut Ctx<'_>) -> R {
    let v = cx.pop();
    let vm = cx.vm;
    let r = match cx.oparg {
        1 => {
            // INTRINSIC_PRINT (interactive mode).
            let hook = vm
                .sys
                .borrow()
                .as_ref()
                .and_then(|s| dict::get_str(vm, &s.dict()?, &vm.name("displayhook")));
            match hook {
                Some(h) => vm.call(&h, &[v])?,
                None => return Err(vm.runtime_error("lost sys.displayhook")),
            }
        }
        2 => {
            crate::uops::objects::import_star(cx, &v)?;
            Value::None
        }
        3 => {
            // INTRINSIC_STOPITERATION_ERROR: StopIteration escaping a generator.
            let Value::Obj(e) = &v else {
                return Err(vm.new_exception(&vm.types.exc.system_error, "expected an exception"));
            };
            let flags = cx.code.flags();
            use pyrite_compiler::code::flags as co;
            let what = if flags & co::CO_ASYNC_GENERATOR != 0 {
                "async generator"
            } else if flags & co::CO_COROUTINE != 0 {
                "coroutine"
            } else {
                "generator"
            };
            let is_stop = vm.is_instance(&v, &vm.types.exc.stop_iteration);
            let is_async_stop = flags & co::CO_ASYNC_GENERATOR != 0
                && vm.is_instance(&v, &vm.types.exc.stop_async_iteration);
            if is_stop || is_async_stop {
                let msg = if is_stop {
                    format!("{what} raised StopIteration")
                } else {
                    format!("{what} raised StopAsyncIteration")
                };
                let err = vm.runtime_error(msg);
                let ed = err
                    .value()
                    .payload::<pyrite_runtime::types::exception::ExceptionData>();
                *ed.cause.borrow_mut() = Some(Value::Obj(e.clone()));
                *ed.context.borrow_mut() = Some(Value::Obj(e.clone()));
                ed.suppress_context.set(true);
                return Ok(Flow::Reraise(err));
            }
            return Ok(Flow::Reraise(pyrite_runtime::error::PyErr(e.clone())));
        }
        4 => pyrite_runtime::types::asyncgen::wrap(vm, v),
        5 => vm.unary_op(&v, "__pos__", "+")?,
        6 => tuple::new_tuple(
            vm,
            list::list_data(&v).map(|l| l.to_vec()).unwrap_or_default(),
        ),
        7 => native::new_type_param(
            vm,
            &vm.types.typevar,
            v,
            Value::None,
            tuple::new_tuple(vm, Vec::new()),
            true,
        ),
        8 => native::new_type_param(
            vm,
            &vm.types.paramspec,
            v,
            Value::None,
            tuple::new_tuple(vm, Vec::new()),
            true,
        ),
        9 => native::new_type_param(
            vm,
            &vm.types.typevartuple,
            v,
            Value::None,
            tuple::new_tuple(vm, Vec::new()),
            true,
        ),
        10 => {
            // INTRINSIC_SUBSCRIPT_GENERIC: Generic[*params].
            native::generic_alias(vm, &Value::Obj(vm.types.generic.clone()), &v)?
        }
        11 => {
            // INTRINSIC_TYPEALIAS: (name, type_params, evaluate).
            let parts = tuple::tuple_items(&v)
                .map(<[Value]>::to_vec)
                .unwrap_or_default();
            let [name, params, evaluate] = <[Value; 3]>::try_from(parts)
                .map_err(|_| vm.new_exception(&vm.types.exc.system_error, "bad type alias"))?;
            let params = if params.is_none() {
                tuple::new_tuple(vm, Vec::new())
            } else {
                params
            };
            native::new_type_alias(vm, name, params, evaluate)
        }
        _ => {
            return Err(vm.new_exception(
                &vm.types.exc.system_error,
                format!("unknown intrinsic {}", cx.oparg),
            ));
        }
    };
    cx.push(r);
    Ok(Flow::Next)
}

#[inline]
pub(crate) fn call_intrinsic_2(cx: &mut Ctx<'_>) -> R {
    let v1 = cx.pop();
    let v2 = cx.pop();
    let vm = cx.vm;
    let r = match cx.oparg {
        1 => crate::uops::exceptions::prep_reraise_star(cx, &v2, &v1)?,
        2 => native::new_type_param(
            vm,
            &vm.types.typevar,
            v2,
            v1,
            tuple::new_tuple(vm, Vec::new()),
            true,
        ),
        3 => native::new_type_param(vm, &vm.types.typevar, v2, Value::None, v1, true),
        4 => {
            // INTRINSIC_SET_FUNCTION_TYPE_PARAMS: (func, params).
            if let Some(f) = v2.downcast::<FunctionData>() {
                *f.type_params.borrow_mut() = v1;
            }
            v2
        }
        5 => {
            if let Some(p) = native::native::<native::TypeParamData>(&v2) {
                *p.default.borrow_mut() = v1;
            }
            v2
        }
        _ => {
            return Err(vm.new_exception(
                &vm.types.exc.system_error,
                format!("unknown intrinsic {}", cx.oparg),
            ));
        }
    };
    cx.push(r);
    Ok(Flow::Next)
}
