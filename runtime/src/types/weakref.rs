//! Weak references: `weakref.ReferenceType` (`_weakref.ref`), the proxy
//! types, and the `_weakref` module. A weak reference holds its referent's
//! address without a count; the object model keeps a registry of the weak
//! references to each object (`object::register_weakref`), clears them
//! when the object dies and then runs their callbacks.

use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::object::{Header, Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::{dict, list, module};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;

/// The payload of weak references and proxies.
pub struct WeakRefData {
    /// The referent while it lives (cleared by the object model when it
    /// dies).
    pub referent: Cell<Option<NonNull<Header>>>,
    /// The callback, until it has run.
    pub callback: RefCell<Option<Value>>,
    /// The referent's hash, once asked for (kept after it dies).
    hash: Cell<Option<i64>>,
}

impl WeakRefData {
    /// The referent, if it is still alive.
    pub fn get(&self) -> Option<ObjRef> {
        // SAFETY: the object model clears `referent` before the referent
        // is freed, so a pointer still here is to a live object.
        self.referent
            .get()
            .map(|p| unsafe { ObjRef::from_borrowed(p) })
    }
}

/// Whether CPython's objects of this kind take weak references: these
/// kinds, and instances of classes defined in Python (a `list` subclass's
/// too, which get `__weakref__`).
fn weakrefable(o: &ObjRef) -> bool {
    crate::types::typeobj::data(&o.ty()).has_flag(crate::types::typeobj::flags::HEAPTYPE)
        || matches!(
            o.kind(),
            Kind::Instance
                | Kind::Type
                | Kind::Function
                | Kind::Method
                | Kind::Set
                | Kind::Code
                | Kind::Generator
                | Kind::Module
                | Kind::Builtin
                | Kind::Exception
        )
}

/// A new weak reference (or proxy) of type `cls` to `ob`.
fn new_weak(vm: &Vm, cls: &ObjRef, ob: &Value, callback: Option<Value>) -> PyResult<Value> {
    let target = match ob {
        Value::Obj(o) if weakrefable(o) => o,
        _ => {
            return Err(vm.type_error(format!(
                "cannot create weak reference to '{}' object",
                vm.type_name(ob)
            )));
        }
    };
    let callback = callback.filter(|c| !c.is_none());
    // A plain reference without a callback is shared, as in CPython.
    if callback.is_none() && cls.is(&vm.types.weakref) {
        for w in crate::object::weakrefs_of(target) {
            if w.ty_is(&vm.types.weakref) && w.payload::<WeakRefData>().callback.borrow().is_none()
            {
                return Ok(Value::Obj(w));
            }
        }
    }
    let w = ObjRef::new(
        cls,
        WeakRefData {
            referent: Cell::new(Some(target.as_ptr())),
            callback: RefCell::new(callback),
            hash: Cell::new(None),
        },
    );
    crate::object::register_weakref(target, &w);
    Ok(Value::Obj(w))
}

/// The weak reference `self` of a method call.
fn this<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a WeakRefData> {
    v.downcast::<WeakRefData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'weakref.ReferenceType' object"))
}

fn ref_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0]
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("weakref.__new__(X): X is not a type object"))?;
    let p = args.shift();
    if p.pos.is_empty() || p.pos.len() > 2 {
        return Err(vm.type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            p.pos.len()
        )));
    }
    new_weak(vm, &cls, &p.pos[0], p.pos.get(1).cloned())
}

fn ref_init(_vm: &Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::None)
}

fn ref_call(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me] = args.check(vm, "weakref", 1, 1)? else {
        unreachable!()
    };
    Ok(this(vm, me)?.get().map_or(Value::None, Value::Obj))
}

fn ref_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = this(vm, &args.pos[0])?;
    if let Some(h) = me.hash.get() {
        return Ok(Value::Int(h));
    }
    let target = me
        .get()
        .ok_or_else(|| vm.type_error("weak object has gone away"))?;
    let h = vm.hash(&Value::Obj(target))?;
    me.hash.set(Some(h));
    Ok(Value::Int(h))
}

/// `==` and `!=`: referents compare while both live, else identity.
fn compare(vm: &Vm, args: &Args<'_>, equal: bool) -> PyResult<Value> {
    let (a, b) = (&args.pos[0], &args.pos[1]);
    let (Some(wa), Some(wb)) = (a.downcast::<WeakRefData>(), b.downcast::<WeakRefData>()) else {
        return Ok(Value::Obj(vm.not_implemented.clone()));
    };
    let same = match (wa.get(), wb.get()) {
        (Some(x), Some(y)) => vm.eq(&Value::Obj(x), &Value::Obj(y))?,
        _ => a.is(b),
    };
    Ok(Value::Bool(same == equal))
}

/// `to 'C' at 0x... (name)` or `dead`, the tail of both reprs.
fn describe(vm: &Vm, me: &WeakRefData) -> String {
    match me.get() {
        None => "dead".into(),
        Some(t) => {
            let v = Value::Obj(t);
            let name = vm
                .getattr_opt(&v, "__name__")
                .ok()
                .flatten()
                .and_then(|n| crate::types::str::as_str(&n).map(str::to_string));
            let mut s = format!("to '{}' at {:#x}", vm.type_name(&v), vm.id_of(&v));
            if let Some(n) = name {
                s.push_str(&format!(" ({n})"));
            }
            s
        }
    }
}

fn ref_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = this(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!(
        "<weakref at {:#x}; {}>",
        vm.id_of(&args.pos[0]),
        describe(vm, me)
    )))
}

fn ref_callback(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(this(vm, v)?
        .callback
        .borrow()
        .clone()
        .unwrap_or(Value::None))
}

// ----- proxies ----------------------------------------------------------------

/// The live referent of a proxy, or `ReferenceError`.
fn live(vm: &Vm, v: &Value) -> PyResult<Value> {
    this(vm, v)?.get().map(Value::Obj).ok_or_else(|| {
        vm.new_exception(
            &vm.types.exc.reference_error,
            "weakly-referenced object no longer exists",
        )
    })
}

/// Whether `o` is a proxy (its attribute access goes to the referent).
pub fn is_proxy(vm: &Vm, o: &ObjRef) -> bool {
    o.kind() == Kind::WeakRef
        && (o.ty_is(&vm.types.weakproxy) || o.ty_is(&vm.types.weakcallableproxy))
}

/// `proxy.name`: the referent's attribute.
pub fn proxy_getattr(vm: &Vm, proxy: &Value, name: &ObjRef) -> PyResult<Value> {
    let target = live(vm, proxy)?;
    vm.getattr_obj(&target, name)
}

/// `proxy.name = value` (or `del`): on the referent.
pub fn proxy_setattr(vm: &Vm, proxy: &Value, name: &ObjRef, value: Option<Value>) -> PyResult<()> {
    let target = live(vm, proxy)?;
    vm.setattr(&target, name, value)
}

fn proxy_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = this(vm, &args.pos[0])?;
    let tail = match me.get() {
        // A proxy's repr names the referent's type without its name.
        Some(t) => {
            let v = Value::Obj(t);
            format!("to '{}' at {:#x}", vm.type_name(&v), vm.id_of(&v))
        }
        None => "dead".into(),
    };
    Ok(vm.new_str(&format!(
        "<weakproxy at {:#x}; {tail}>",
        vm.id_of(&args.pos[0])
    )))
}

fn proxy_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Err(vm.type_error(format!(
        "unhashable type: '{}'",
        crate::types::typeobj::type_name(&vm.type_of(&args.pos[0]))
    )))
}

/// Calls the referent's own special method `name` with the other
/// arguments, proxies among them replaced by their referents.
fn forward(vm: &Vm, args: Args<'_>, name: &str) -> PyResult<Value> {
    let target = live(vm, &args.pos[0])?;
    let rest = args.pos[1..]
        .iter()
        .map(|a| match a {
            Value::Obj(o) if is_proxy(vm, o) => live(vm, a),
            _ => Ok(a.clone()),
        })
        .collect::<PyResult<Vec<Value>>>()?;
    let m = vm.getattr(&target, name)?;
    vm.call_args(
        &m,
        Args {
            pos: &rest,
            kwnames: args.kwnames,
            kwvalues: args.kwvalues,
        },
    )
}

macro_rules! forwarded {
    ($($name:literal),* $(,)?) => {
        /// The special methods a proxy hands to its referent.
        const FORWARDED: &[(&str, NativeFn)] = &[
            $(($name, |vm, a| forward(vm, a, $name)),)*
        ];
    };
}

forwarded!(
    "__str__",
    "__bytes__",
    "__bool__",
    "__len__",
    "__iter__",
    "__next__",
    "__reversed__",
    "__contains__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__add__",
    "__sub__",
    "__mul__",
    "__matmul__",
    "__truediv__",
    "__floordiv__",
    "__mod__",
    "__pow__",
    "__lshift__",
    "__rshift__",
    "__and__",
    "__or__",
    "__xor__",
    "__radd__",
    "__rsub__",
    "__rmul__",
    "__rtruediv__",
    "__rfloordiv__",
    "__rmod__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__neg__",
    "__pos__",
    "__abs__",
    "__invert__",
    "__int__",
    "__float__",
    "__index__",
);

// ----- the module -----------------------------------------------------------------

fn getweakrefcount(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [ob] = args.check(vm, "getweakrefcount", 1, 1)? else {
        unreachable!()
    };
    let n = ob
        .as_obj()
        .map_or(0, |o| crate::object::weakrefs_of(o).len());
    Ok(Value::Int(n as i64))
}

fn getweakrefs(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [ob] = args.check(vm, "getweakrefs", 1, 1)? else {
        unreachable!()
    };
    let refs = ob
        .as_obj()
        .map_or_else(Vec::new, crate::object::weakrefs_of);
    Ok(list::new_list(
        vm,
        refs.into_iter().map(Value::Obj).collect(),
    ))
}

fn proxy(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "proxy", 1, 2)?;
    let cls = if vm.is_callable(&p[0]) {
        &vm.types.weakcallableproxy
    } else {
        &vm.types.weakproxy
    };
    new_weak(vm, cls, &p[0], p.get(1).cloned())
}

fn remove_dead_weakref(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [d, key] = args.check(vm, "_remove_dead_weakref", 2, 2)? else {
        unreachable!()
    };
    let Some(dobj) = d.as_obj().filter(|o| o.kind() == Kind::Dict) else {
        return Err(vm.type_error("_remove_dead_weakref() argument 1 must be dict"));
    };
    if let Some(v) = dict::data(dobj).get(vm, key)?
        && v.downcast::<WeakRefData>()
            .is_some_and(|w| w.get().is_none())
    {
        dict::del_item(vm, dobj, key)?;
    }
    Ok(Value::None)
}

/// Runs a dead referent's callback with its weak reference (the object
/// model's hook); errors are reported as unraisable, as CPython does.
fn run_callback(weak: &ObjRef, callback: &Value) {
    Vm::with_current(|vm| {
        let w = Value::Obj(weak.clone());
        if let Err(e) = vm.call_args(callback, Args::positional(std::slice::from_ref(&w))) {
            let what = vm.repr_string(callback).unwrap_or_default();
            crate::sys::unraisable(
                vm,
                &e,
                &format!("Exception ignored while calling weakref callback {what}"),
            );
        }
    });
}

/// Adds the methods of the weak reference types and installs the
/// callback hook.
pub fn init(vm: &Vm) {
    crate::object::set_weak_callback_hook(run_callback);
    let t = &vm.types;
    add_static(vm, &t.weakref, "__new__", ref_new);
    add_methods(
        vm,
        &t.weakref,
        &[
            ("__init__", ref_init),
            ("__call__", ref_call),
            ("__hash__", ref_hash),
            ("__eq__", |vm, a| compare(vm, &a, true)),
            ("__ne__", |vm, a| compare(vm, &a, false)),
            ("__repr__", ref_repr),
        ],
    );
    crate::types::descriptor::add_getsets(vm, &t.weakref, &[("__callback__", ref_callback, None)]);
    crate::types::builtin::add_classmethod(
        vm,
        &t.weakref,
        "__class_getitem__",
        crate::types::native::generic_alias_classmethod,
    );
    for ty in [&t.weakproxy, &t.weakcallableproxy] {
        add_methods(vm, ty, FORWARDED);
        add_methods(
            vm,
            ty,
            &[("__repr__", proxy_repr), ("__hash__", proxy_hash)],
        );
    }
    add_methods(
        vm,
        &t.weakcallableproxy,
        &[("__call__", |vm, a| forward(vm, a, "__call__"))],
    );
}

/// The `_weakref` module.
pub fn module(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_weakref");
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    let t = &vm.types;
    set("ref", Value::Obj(t.weakref.clone()));
    set("ReferenceType", Value::Obj(t.weakref.clone()));
    set("ProxyType", Value::Obj(t.weakproxy.clone()));
    set("CallableProxyType", Value::Obj(t.weakcallableproxy.clone()));
    let fns: &[(&'static str, NativeFn)] = &[
        ("getweakrefcount", getweakrefcount),
        ("getweakrefs", getweakrefs),
        ("proxy", proxy),
        ("_remove_dead_weakref", remove_dead_weakref),
    ];
    crate::modules::add_functions(vm, &m, "_weakref", fns);
    m
}
