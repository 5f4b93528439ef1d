//! `_contextvars`: context variables (`ContextVar`), the contexts that
//! hold their values (`Context`, `copy_context`) and the tokens `set`
//! returns. A context's mapping is shared until written (copying a context
//! is cheap, as with CPython's immutable mappings); each interpreter keeps
//! the stack of contexts being run, over a base context made on first use.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, new_type, state};
use crate::types::builtin::{add_classmethod, add_methods, add_static, set_attr};
use crate::types::descriptor::add_getsets;
use crate::types::native::{generic_alias_classmethod, native, new_native};
use crate::types::{dict, list, module};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Variables and their values (by the variable's identity).
type Mapping = Rc<Vec<(Value, Value)>>;

/// A context.
struct ContextData {
    vars: RefCell<Mapping>,
    entered: Cell<bool>,
}

/// A context variable.
struct VarData {
    name: Value,
    default: Option<Value>,
}

/// What `ContextVar.set` returns: how to undo it.
struct TokenData {
    context: Value,
    var: Value,
    /// The value before, or None if the variable had none.
    old: Option<Value>,
    used: Cell<bool>,
}

/// The module's types, the `Token.MISSING` marker and the context stack.
struct CvState {
    context: ObjRef,
    var: ObjRef,
    token: ObjRef,
    missing: Value,
    /// Contexts being run, innermost last; the first is the base context.
    stack: RefCell<Vec<Value>>,
}

fn cv_state(vm: &Vm) -> Rc<CvState> {
    state(vm, |vm| {
        let marker = new_type(vm, "_contextvars", "Token.MISSING", 0);
        add_methods(
            vm,
            &marker,
            &[("__repr__", |vm, _| Ok(vm.new_str("<Token.MISSING>")))],
        );
        CvState {
            context: new_type(vm, "_contextvars", "Context", 0),
            var: new_type(vm, "_contextvars", "ContextVar", 0),
            token: new_type(vm, "_contextvars", "Token", 0),
            missing: new_native(&marker, ()),
            stack: RefCell::new(Vec::new()),
        }
    })
}

fn new_context(vm: &Vm, vars: Mapping) -> Value {
    new_native(
        &cv_state(vm).context,
        ContextData {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
        },
    )
}

/// The context code runs in now.
fn current(vm: &Vm) -> Value {
    let st = cv_state(vm);
    if let Some(c) = st.stack.borrow().last() {
        return c.clone();
    }
    let base = new_context(vm, Rc::new(Vec::new()));
    st.stack.borrow_mut().push(base.clone());
    base
}

fn context_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ContextData> {
    native::<ContextData>(v).ok_or_else(|| vm.type_error("a Context object is required"))
}

fn var_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a VarData> {
    native::<VarData>(v).ok_or_else(|| {
        vm.type_error(format!(
            "a ContextVar key was expected, got {}",
            vm.repr_string(v).unwrap_or_default()
        ))
    })
}

fn token_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a TokenData> {
    native::<TokenData>(v).ok_or_else(|| vm.type_error("a Token object is required"))
}

fn lookup(ctx: &ContextData, var: &Value) -> Option<Value> {
    ctx.vars
        .borrow()
        .iter()
        .find(|(k, _)| k.is(var))
        .map(|(_, v)| v.clone())
}

/// Sets (or with None, removes) `var` in `ctx`.
fn store(ctx: &ContextData, var: &Value, value: Option<Value>) {
    let mut vars = ctx.vars.borrow_mut();
    let vars = Rc::make_mut(&mut vars);
    let at = vars.iter().position(|(k, _)| k.is(var));
    match (at, value) {
        (Some(i), Some(v)) => vars[i].1 = v,
        (None, Some(v)) => vars.push((var.clone(), v)),
        (Some(i), None) => {
            vars.remove(i);
        }
        (None, None) => {}
    }
}

fn var_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args
        .shift()
        .bind(vm, "ContextVar", &["name", "default"], 1, 0, 1)?;
    let name = a[0].clone().expect("required");
    if crate::types::str::str_data(&name).is_none() {
        return Err(vm.type_error("context variable name must be a str"));
    }
    Ok(new_native(
        &cv_state(vm).var,
        VarData {
            name,
            default: a[1].clone(),
        },
    ))
}

fn var_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let var = var_of(vm, me)?;
    let p = args.shift().check(vm, "get", 0, 1)?;
    let ctx = current(vm);
    if let Some(v) = lookup(context_of(vm, &ctx)?, me) {
        return Ok(v);
    }
    if let Some(d) = p.first().or(var.default.as_ref()) {
        return Ok(d.clone());
    }
    Err(vm.new_exception_args(&vm.types.exc.lookup_error, vec![me.clone()]))
}

fn var_set(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, value] = args.check(vm, "set", 2, 2)? else {
        unreachable!()
    };
    var_of(vm, me)?;
    let ctx = current(vm);
    let c = context_of(vm, &ctx)?;
    let old = lookup(c, me);
    store(c, me, Some(value.clone()));
    Ok(new_native(
        &cv_state(vm).token,
        TokenData {
            context: ctx.clone(),
            var: me.clone(),
            old,
            used: Cell::new(false),
        },
    ))
}

fn var_reset(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, token] = args.check(vm, "reset", 2, 2)? else {
        unreachable!()
    };
    var_of(vm, me)?;
    let Some(t) = native::<TokenData>(token) else {
        return Err(vm.type_error(format!(
            "expected an instance of Token, got {}",
            vm.repr_string(token)?
        )));
    };
    if t.used.get() {
        return Err(vm.runtime_error(format!(
            "{} has already been used once",
            vm.repr_string(token)?
        )));
    }
    if !t.var.is(me) {
        return Err(vm.value_error(format!(
            "{} was created by a different ContextVar",
            vm.repr_string(token)?
        )));
    }
    let ctx = current(vm);
    if !t.context.is(&ctx) {
        return Err(vm.value_error(format!(
            "{} was created in a different Context",
            vm.repr_string(token)?
        )));
    }
    t.used.set(true);
    store(context_of(vm, &ctx)?, me, t.old.clone());
    Ok(Value::None)
}

fn var_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let var = var_of(vm, me)?;
    let default = match &var.default {
        Some(d) => format!(" default={}", vm.repr_string(d)?),
        None => String::new(),
    };
    Ok(vm.new_str(&format!(
        "<ContextVar name={}{default} at {:#x}>",
        vm.repr_string(&var.name)?,
        vm.id_of(me)
    )))
}

fn token_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let t = token_of(vm, me)?;
    let used = if t.used.get() { " used" } else { "" };
    Ok(vm.new_str(&format!(
        "<Token{used} var={} at {:#x}>",
        vm.repr_string(&t.var)?,
        vm.id_of(me)
    )))
}

fn context_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.shift().check(vm, "Context", 0, 0)?;
    Ok(new_context(vm, Rc::new(Vec::new())))
}

fn copy_context(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    args.check(vm, "copy_context", 0, 0)?;
    let ctx = current(vm);
    let vars = context_of(vm, &ctx)?.vars.borrow().clone();
    Ok(new_context(vm, vars))
}

/// `Context.run(callable, *args, **kwargs)`: runs it inside the context.
fn context_run(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let ctx = context_of(vm, me)?;
    if args.pos.len() < 2 {
        return Err(vm.type_error("run() missing 1 required positional argument"));
    }
    if ctx.entered.get() {
        return Err(vm.runtime_error(format!(
            "cannot enter context: {} is already entered",
            vm.repr_string(me)?
        )));
    }
    current(vm);
    let st = cv_state(vm);
    ctx.entered.set(true);
    st.stack.borrow_mut().push(me.clone());
    let call_args = Args {
        pos: &args.pos[2..],
        ..args
    };
    let r = vm.call_args(&args.pos[1], call_args);
    st.stack.borrow_mut().pop();
    ctx.entered.set(false);
    r
}

fn context_getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, key] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    var_of(vm, key)?;
    lookup(context_of(vm, me)?, key)
        .ok_or_else(|| vm.new_exception_args(&vm.types.exc.key_error, vec![key.clone()]))
}

fn context_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args.check(vm, "get", 2, 3)?;
    var_of(vm, &p[1])?;
    Ok(lookup(context_of(vm, &p[0])?, &p[1])
        .unwrap_or_else(|| p.get(2).cloned().unwrap_or(Value::None)))
}

/// `keys`, `values`, `items` and iteration, as lists.
fn context_list(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let ctx = context_of(vm, &args.pos[0])?;
    args.shift().check(vm, name, 0, 0)?;
    let vars = ctx.vars.borrow().clone();
    let items = vars
        .iter()
        .map(|(k, v)| match name {
            "values" => v.clone(),
            "items" => crate::types::tuple::new_tuple(vm, vec![k.clone(), v.clone()]),
            _ => k.clone(),
        })
        .collect();
    Ok(list::new_list(vm, items))
}

named_fns!(LIST_FNS, context_list, keys, values, items);

fn init_types(vm: &Vm, st: &CvState) {
    add_static(vm, &st.var, "__new__", var_new);
    add_methods(
        vm,
        &st.var,
        &[
            ("get", var_get),
            ("set", var_set),
            ("reset", var_reset),
            ("__repr__", var_repr),
            ("__hash__", |vm, a| {
                Ok(Value::Int(vm.id_of(&a.pos[0]) as i64))
            }),
        ],
    );
    add_classmethod(vm, &st.var, "__class_getitem__", generic_alias_classmethod);
    add_getsets(
        vm,
        &st.var,
        &[("name", |vm, v| Ok(var_of(vm, v)?.name.clone()), None)],
    );
    add_methods(
        vm,
        &st.token,
        &[
            ("__repr__", token_repr),
            ("__enter__", |_, a| Ok(a.pos[0].clone())),
            ("__exit__", |vm, a| {
                let t = token_of(vm, &a.pos[0])?;
                let var = t.var.clone();
                var_reset(vm, Args::positional(&[var, a.pos[0].clone()]))
            }),
        ],
    );
    add_classmethod(
        vm,
        &st.token,
        "__class_getitem__",
        generic_alias_classmethod,
    );
    add_static(vm, &st.token, "__new__", |vm, _| {
        Err(vm.runtime_error("Tokens can only be created by ContextVars"))
    });
    add_getsets(
        vm,
        &st.token,
        &[
            ("var", |vm, v| Ok(token_of(vm, v)?.var.clone()), None),
            (
                "old_value",
                |vm, v| {
                    let t = token_of(vm, v)?;
                    Ok(t.old
                        .clone()
                        .unwrap_or_else(|| cv_state(vm).missing.clone()))
                },
                None,
            ),
        ],
    );
    set_attr(vm, &st.token, "MISSING", st.missing.clone());
    add_static(vm, &st.context, "__new__", context_new);
    let methods: &[(&'static str, NativeFn)] = &[
        ("run", context_run),
        ("copy", |vm, a| {
            let ctx = context_of(vm, &a.pos[0])?;
            let vars = ctx.vars.borrow().clone();
            Ok(new_context(vm, vars))
        }),
        ("__getitem__", context_getitem),
        ("get", context_get),
        ("__contains__", |vm, a| {
            let ctx = context_of(vm, &a.pos[0])?;
            var_of(vm, &a.pos[1])?;
            Ok(Value::Bool(lookup(ctx, &a.pos[1]).is_some()))
        }),
        ("__len__", |vm, a| {
            Ok(Value::Int(
                context_of(vm, &a.pos[0])?.vars.borrow().len() as i64
            ))
        }),
        ("__iter__", |vm, a| {
            let keys = context_list(vm, "keys", a)?;
            vm.iter(&keys)
        }),
    ];
    add_methods(vm, &st.context, methods);
    add_methods(vm, &st.context, LIST_FNS);
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let st = cv_state(vm);
    init_types(vm, &st);
    let m = module::new_module(vm, "_contextvars");
    let d = module::module_dict(&m);
    for (name, ty) in [
        ("Context", &st.context),
        ("ContextVar", &st.var),
        ("Token", &st.token),
    ] {
        dict::set_item(vm, &d, vm.name(name), Value::Obj(ty.clone())).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[("copy_context", copy_context)];
    add_functions(vm, &m, "_contextvars", fns);
    m
}
