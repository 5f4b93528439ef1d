//! Python functions and what they are made of: code objects (the compiled
//! `CodeObject` with constants turned into values and a mutable copy of the
//! code units that the adaptive tier rewrites), cells, bound methods, and
//! argument binding with CPython's error messages.

use crate::call::Args;
use crate::error::PyResult;
use crate::frame::Frame;
use crate::object::{Kind, ObjRef};
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::str::{StrData, as_str};
use crate::types::{dict, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::code::{CodeObject, ConstValue, ExceptionEntry, flags as co};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The payload of a code object.
pub struct CodeData {
    /// What the compiler produced.
    pub code: Rc<CodeObject>,
    /// The code units (opcode in the low byte, oparg in the high byte); the
    /// adaptive tier rewrites opcodes and caches in place.
    pub units: Box<[Cell<u16>]>,
    /// `co_consts` as values.
    pub consts: Box<[Value]>,
    /// `co_names`, interned.
    pub names: Box<[ObjRef]>,
    /// Names of the fast locals, interned.
    pub localsplusnames: Box<[ObjRef]>,
    /// The exception table, decoded.
    pub exception_table: Box<[ExceptionEntry]>,
    /// `co_name`.
    pub name: ObjRef,
    /// `co_qualname`.
    pub qualname: ObjRef,
    /// `co_filename`.
    pub filename: ObjRef,
    /// Per-code counters and caches owned by the tiers.
    pub tier_state: RefCell<Option<Box<dyn std::any::Any>>>,
}

impl CodeData {
    /// The number of fast local slots (locals, cells and free variables).
    pub fn nlocalsplus(&self) -> usize {
        self.code.localsplusnames.len()
    }

    /// `co_flags`.
    pub fn flags(&self) -> u32 {
        self.code.flags
    }

    /// The source line of the instruction at code unit `unit`.
    pub fn line_at(&self, unit: usize) -> Option<u32> {
        self.code.positions_at(unit as u32).line
    }
}

/// Builds a code object from the compiler's output (nested code objects
/// included).
pub fn new_code(vm: &Vm, code: Rc<CodeObject>) -> ObjRef {
    let units = code
        .code
        .chunks(2)
        .map(|c| Cell::new(u16::from(c[0]) | (u16::from(c[1]) << 8)))
        .collect();
    let consts = code.consts.iter().map(|c| const_value(vm, c)).collect();
    let names = code.names.iter().map(|n| vm.intern(n)).collect();
    let localsplusnames = code.localsplusnames.iter().map(|n| vm.intern(n)).collect();
    let exception_table = code.exception_entries().into_boxed_slice();
    let data = CodeData {
        units,
        consts,
        names,
        localsplusnames,
        exception_table,
        name: vm.intern(&code.name),
        qualname: vm.intern(&code.qualname),
        filename: vm.intern(&code.filename),
        tier_state: RefCell::new(None),
        code,
    };
    ObjRef::new(&vm.types.code, data)
}

/// A compile-time constant as a value.
pub fn const_value(vm: &Vm, c: &ConstValue) -> Value {
    match c {
        ConstValue::None => Value::None,
        ConstValue::Ellipsis => Value::Obj(vm.ellipsis.clone()),
        ConstValue::Bool(b) => Value::Bool(*b),
        ConstValue::Int(i) => Value::Int(*i),
        ConstValue::BigInt(b) => crate::types::int::big_value(vm, (**b).clone()),
        ConstValue::Float(f) => Value::Float(*f),
        ConstValue::Complex { real, imag } => crate::types::complex::new_complex(vm, *real, *imag),
        ConstValue::Str(s) => {
            let v = vm.new_str_data(StrData::from_wtf8(s.as_bytes().to_vec()));
            // Identifier-like constants are interned, as CPython does.
            match as_str(&v) {
                Some(t)
                    if t.len() < 64
                        && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    vm.name(t)
                }
                _ => v,
            }
        }
        ConstValue::Bytes(b) => crate::types::bytes::new_bytes(vm, b.to_vec()),
        ConstValue::Tuple(items) => {
            tuple::new_tuple(vm, items.iter().map(|c| const_value(vm, c)).collect())
        }
        ConstValue::FrozenSet(items) => {
            crate::types::set::new_frozenset(vm, items.iter().map(|c| const_value(vm, c)).collect())
                .expect("constants are hashable")
        }
        ConstValue::Slice(parts) => {
            let [a, b, c] = &**parts;
            crate::types::slice::new_slice(
                vm,
                const_value(vm, a),
                const_value(vm, b),
                const_value(vm, c),
            )
        }
        ConstValue::Code(code) => Value::Obj(new_code(vm, code.clone())),
    }
}

/// The payload of a Python function.
pub struct FunctionData {
    /// `__code__`.
    pub code: RefCell<ObjRef>,
    /// `__globals__`.
    pub globals: ObjRef,
    /// `__builtins__`.
    pub builtins: ObjRef,
    /// `__name__`.
    pub name: RefCell<Value>,
    /// `__qualname__`.
    pub qualname: RefCell<Value>,
    /// `__defaults__` (a tuple, or `None`).
    pub defaults: RefCell<Value>,
    /// `__kwdefaults__` (a dict, or `None`).
    pub kwdefaults: RefCell<Value>,
    /// `__closure__` (a tuple of cells, or `None`).
    pub closure: RefCell<Value>,
    /// `__doc__`.
    pub doc: RefCell<Value>,
    /// `__module__`.
    pub module: RefCell<Value>,
    /// `__annotations__` as set (a dict), or `None`.
    pub annotations: RefCell<Value>,
    /// `__annotate__`.
    pub annotate: RefCell<Value>,
    /// `__type_params__`.
    pub type_params: RefCell<Value>,
    /// Changes when `__code__` or `__defaults__` change (for call caches).
    pub version: Cell<u64>,
}

/// `MAKE_FUNCTION`: a function for `code` with the given globals.
pub fn new_function(vm: &Vm, code: ObjRef, globals: ObjRef, builtins: ObjRef) -> ObjRef {
    let cd = code.payload::<CodeData>();
    let doc = if cd.flags() & co::CO_HAS_DOCSTRING != 0 {
        cd.consts.first().cloned().unwrap_or(Value::None)
    } else {
        Value::None
    };
    let module = dict::get_str(vm, &globals, &vm.name("__name__")).unwrap_or(Value::None);
    let data = FunctionData {
        name: RefCell::new(Value::Obj(cd.name.clone())),
        qualname: RefCell::new(Value::Obj(cd.qualname.clone())),
        code: RefCell::new(code),
        globals,
        builtins,
        defaults: RefCell::new(Value::None),
        kwdefaults: RefCell::new(Value::None),
        closure: RefCell::new(Value::None),
        doc: RefCell::new(doc),
        module: RefCell::new(module),
        annotations: RefCell::new(Value::None),
        annotate: RefCell::new(Value::None),
        type_params: RefCell::new(tuple::new_tuple(vm, Vec::new())),
        version: Cell::new(vm.next_counter()),
    };
    ObjRef::new(&vm.types.function, data)
}

/// `co_positions()`: (line, end line, column, end column) for every code
/// unit, None where the compiler recorded nothing.
fn code_positions(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = code(vm, &args.pos[0])?;
    let opt = |v: Option<u32>| v.map_or(Value::None, |n| Value::Int(i64::from(n)));
    let mut items = Vec::new();
    for (_, units, p) in c.code.locations() {
        let t = tuple::new_tuple(
            vm,
            vec![opt(p.line), opt(p.end_line), opt(p.col), opt(p.end_col)],
        );
        items.extend(std::iter::repeat_n(t, units as usize));
    }
    vm.iter(&crate::types::list::new_list(vm, items))
}

/// `co_lines()`: (start, end, line) byte ranges, neighbours on the same
/// line merged.
fn code_lines(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = code(vm, &args.pos[0])?;
    let mut ranges: Vec<(u32, u32, Option<u32>)> = Vec::new();
    for (unit, units, p) in c.code.locations() {
        let (start, end) = (unit * 2, (unit + units) * 2);
        match ranges.last_mut() {
            Some(last) if last.2 == p.line && last.1 == start => last.1 = end,
            _ => ranges.push((start, end, p.line)),
        }
    }
    let items = ranges
        .into_iter()
        .map(|(a, b, line)| {
            let line = line.map_or(Value::None, |n| Value::Int(i64::from(n)));
            tuple::new_tuple(
                vm,
                vec![Value::Int(i64::from(a)), Value::Int(i64::from(b)), line],
            )
        })
        .collect();
    vm.iter(&crate::types::list::new_list(vm, items))
}

/// `types.FunctionType(code, globals, name=None, argdefs=None,
/// closure=None, kwdefaults=None)`: a function for a code object, with
/// CPython's checks of each part.
fn function_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.shift().bind(
        vm,
        "function",
        &[
            "code",
            "globals",
            "name",
            "argdefs",
            "closure",
            "kwdefaults",
        ],
        2,
        0,
        6,
    )?;
    let given = |i: usize| a[i].clone().filter(|v| !v.is_none());
    let code = match &a[0] {
        Some(Value::Obj(c)) if c.kind() == Kind::Code => c.clone(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "function() argument 'code' must be code, not {}",
                vm.type_name(v)
            )));
        }
        None => unreachable!("required"),
    };
    let globals = match &a[1] {
        Some(Value::Obj(g)) if g.kind() == Kind::Dict => g.clone(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "function() argument 'globals' must be dict, not {}",
                vm.type_name(v)
            )));
        }
        None => unreachable!("required"),
    };
    let nfree = code.payload::<CodeData>().code.freevars().len();
    let closure = given(4);
    let cells = match &closure {
        Some(c) => tuple::tuple_items(c)
            .ok_or_else(|| vm.type_error("arg 5 (closure) must be tuple"))?
            .to_vec(),
        None => Vec::new(),
    };
    if cells.len() != nfree {
        let name = code.payload::<CodeData>().name.clone();
        return Err(if closure.is_none() {
            vm.type_error("arg 5 (closure) must be tuple")
        } else {
            vm.value_error(format!(
                "{} requires closure of length {nfree}, not {}",
                crate::types::str::as_str(&Value::Obj(name)).unwrap_or("function"),
                cells.len()
            ))
        });
    }
    if let Some(bad) = cells.iter().find(|c| c.downcast::<CellData>().is_none()) {
        return Err(vm.type_error(format!(
            "arg 5 (closure) expected cell, found {}",
            vm.type_name(bad)
        )));
    }
    let builtins = crate::import::builtins_dict_of(vm, &globals);
    let f = new_function(vm, code, globals, builtins);
    let data = f.payload::<FunctionData>();
    if let Some(name) = given(2) {
        if crate::types::str::str_data(&name).is_none() {
            return Err(vm.type_error("arg 3 (name) must be None or string"));
        }
        *data.name.borrow_mut() = name;
    }
    if let Some(defaults) = given(3) {
        if tuple::tuple_items(&defaults).is_none() {
            return Err(vm.type_error("arg 4 (defaults) must be None or tuple"));
        }
        *data.defaults.borrow_mut() = defaults;
    }
    if let Some(kw) = given(5) {
        if !matches!(&kw, Value::Obj(d) if d.kind() == Kind::Dict) {
            return Err(vm.type_error("arg 6 (kwdefaults) must be None or dict"));
        }
        *data.kwdefaults.borrow_mut() = kw;
    }
    if let Some(c) = closure {
        *data.closure.borrow_mut() = c;
    }
    Ok(Value::Obj(f))
}

/// A cell: a variable shared between a function and the functions nested
/// in it.
#[derive(Default)]
pub struct CellData {
    value: RefCell<Option<Value>>,
}

impl CellData {
    /// A cell holding `value` (empty for `None`).
    pub fn new(value: Option<Value>) -> CellData {
        CellData {
            value: RefCell::new(value),
        }
    }

    /// The contents.
    pub fn get(&self) -> Option<Value> {
        self.value.borrow().clone()
    }

    /// Replaces the contents.
    pub fn set(&self, value: Option<Value>) {
        let old = self.value.replace(value);
        drop(old);
    }
}

/// A new cell object.
pub fn new_cell(vm: &Vm, value: Option<Value>) -> ObjRef {
    ObjRef::new(&vm.types.cell, CellData::new(value))
}

/// A bound method.
pub struct MethodData {
    /// `__func__`.
    pub func: Value,
    /// `__self__`.
    pub self_: Value,
}

/// Calls a Python function: binds the arguments into a new frame and runs it.
pub fn call_function(
    vm: &Vm,
    func: &ObjRef,
    self_: Option<&Value>,
    args: Args<'_>,
) -> PyResult<Value> {
    let frame = frame_for_call(vm, func, self_, args)?;
    vm.engine().run_frame(vm, frame)
}

/// The frame a call of `func` runs in, its arguments bound.
pub fn frame_for_call(
    vm: &Vm,
    func: &ObjRef,
    self_: Option<&Value>,
    args: Args<'_>,
) -> PyResult<Box<Frame>> {
    let f = func.payload::<FunctionData>();
    let code = f.code.borrow().clone();
    let mut frame = Frame::alloc(
        vm,
        code.clone(),
        Some(func.clone()),
        f.globals.clone(),
        f.builtins.clone(),
    );
    let cd = code.payload::<CodeData>();
    frame.fast.resize(cd.nlocalsplus(), None);
    match bind_arguments(vm, f, cd, self_, args, &mut frame.fast) {
        Ok(()) => {
            frame.ready();
            Ok(frame)
        }
        Err(e) => {
            Frame::recycle(vm, frame);
            Err(e)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn name_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Binds call arguments to the fast locals of `code`, as CPython's
/// `initialize_locals` does (same checks, same order, same messages).
pub fn bind_arguments(
    vm: &Vm,
    f: &FunctionData,
    code: &CodeData,
    self_: Option<&Value>,
    args: Args<'_>,
    fast: &mut [Option<Value>],
) -> PyResult<()> {
    let co = &code.code;
    let argcount = co.argcount as usize;
    let kwonly = co.kwonlyargcount as usize;
    let posonly = co.posonlyargcount as usize;
    let given = args.pos.len() + usize::from(self_.is_some());
    let has_varargs = co.flags & co::CO_VARARGS != 0;
    let has_varkw = co.flags & co::CO_VARKEYWORDS != 0;
    // Fast path: exactly the positional parameters, nothing else.
    if !has_varargs && !has_varkw && kwonly == 0 && given == argcount && args.kwnames.is_empty() {
        let mut i = 0;
        if let Some(s) = self_ {
            fast[0] = Some(s.clone());
            i = 1;
        }
        for v in args.pos {
            fast[i] = Some(v.clone());
            i += 1;
        }
        return Ok(());
    }
    let fname = || {
        let q = f.qualname.borrow();
        as_str(&q).map_or_else(|| code.code.qualname.clone(), str::to_string)
    };
    let positional = self_.into_iter().chain(args.pos.iter());
    let mut extra: Vec<Value> = Vec::new();
    for (i, v) in positional.enumerate() {
        if i < argcount {
            fast[i] = Some(v.clone());
        } else {
            extra.push(v.clone());
        }
    }
    let mut next = argcount + kwonly;
    if has_varargs {
        fast[next] = Some(tuple::new_tuple(vm, std::mem::take(&mut extra)));
        next += 1;
    }
    let kwdict = if has_varkw {
        let d = dict::new_dict(&vm.types);
        fast[next] = Some(Value::Obj(d.clone()));
        Some(d)
    } else {
        None
    };
    let mut posonly_as_kw: Vec<String> = Vec::new();
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        let Some(key) = as_str(k) else {
            return Err(vm.type_error(format!("{}() keywords must be strings", fname())));
        };
        let found = (posonly..argcount + kwonly)
            .find(|&i| crate::attr::as_str_obj(&code.localsplusnames[i]) == key);
        match found {
            Some(i) => {
                if fast[i].is_some() {
                    return Err(vm.type_error(format!(
                        "{}() got multiple values for argument '{key}'",
                        fname()
                    )));
                }
                fast[i] = Some(v.clone());
            }
            None => match &kwdict {
                Some(d) => dict::set_item(vm, d, k.clone(), v.clone())?,
                None => {
                    if (0..posonly)
                        .any(|i| crate::attr::as_str_obj(&code.localsplusnames[i]) == key)
                    {
                        posonly_as_kw.push(key.to_string());
                        continue;
                    }
                    return Err(vm.type_error(format!(
                        "{}() got an unexpected keyword argument '{key}'",
                        fname()
                    )));
                }
            },
        }
    }
    if !posonly_as_kw.is_empty() {
        return Err(vm.type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            fname(),
            posonly_as_kw.join(", ")
        )));
    }
    let defaults: Vec<Value> = tuple::tuple_items(&f.defaults.borrow())
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    if !extra.is_empty() {
        let kwonly_given = (argcount..argcount + kwonly)
            .filter(|&i| fast[i].is_some())
            .count();
        let sig = if defaults.is_empty() {
            format!("{argcount} positional argument{}", plural(argcount))
        } else {
            format!(
                "from {} to {argcount} positional arguments",
                argcount - defaults.len().min(argcount)
            )
        };
        let msg = if kwonly_given > 0 {
            format!(
                "{}() takes {sig} but {given} positional argument{} (and {kwonly_given} keyword-only argument{}) were given",
                fname(),
                plural(given),
                plural(kwonly_given)
            )
        } else {
            format!(
                "{}() takes {sig} but {given} {} given",
                fname(),
                if given == 1 { "was" } else { "were" }
            )
        };
        return Err(vm.type_error(msg));
    }
    // Defaults for missing positional parameters, then the missing ones.
    let first_default = argcount - defaults.len().min(argcount);
    let missing: Vec<String> = (given.min(argcount)..first_default)
        .filter(|&i| fast[i].is_none())
        .map(|i| crate::attr::as_str_obj(&code.localsplusnames[i]).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(vm.type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            fname(),
            missing.len(),
            plural(missing.len()),
            name_list(&missing)
        )));
    }
    for i in first_default..argcount {
        if fast[i].is_none() {
            fast[i] = Some(defaults[i - first_default].clone());
        }
    }
    if kwonly > 0 {
        let kwdefaults = f.kwdefaults.borrow().clone();
        let mut missing_kw = Vec::new();
        for (slot, name) in fast
            .iter_mut()
            .zip(code.localsplusnames.iter())
            .skip(argcount)
            .take(kwonly)
        {
            if slot.is_some() {
                continue;
            }
            if let Value::Obj(d) = &kwdefaults
                && let Some(v) = dict::get_str(vm, d, &Value::Obj(name.clone()))
            {
                *slot = Some(v);
                continue;
            }
            missing_kw.push(crate::attr::as_str_obj(name).to_string());
        }
        if !missing_kw.is_empty() {
            return Err(vm.type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                fname(),
                missing_kw.len(),
                plural(missing_kw.len()),
                name_list(&missing_kw)
            )));
        }
    }
    Ok(())
}

/// Attribute lookup on a bound method: the method type, then the function.
pub fn method_getattr(vm: &Vm, m: &ObjRef, name: &ObjRef) -> PyResult<Value> {
    let obj = Value::Obj(m.clone());
    let ty = m.ty();
    if let Some(descr) = crate::types::typeobj::lookup(vm, &ty, crate::attr::as_str_obj(name)) {
        return vm.bind_descriptor(&descr, &obj, &ty);
    }
    let func = m.payload::<MethodData>().func.clone();
    vm.getattr_obj(&func, name)
}

/// Adds the attributes of functions, code objects, cells and methods.
pub fn init(vm: &Vm) {
    let t = &vm.types;
    add_methods(
        vm,
        &t.function,
        &[
            ("__repr__", function_repr),
            ("__get__", function_get),
            ("__call__", function_call),
        ],
    );
    add_getsets(
        vm,
        &t.function,
        &[
            (
                "__name__",
                |vm, v| Ok(func(vm, v)?.name.borrow().clone()),
                Some(|vm, v, x| set_str_field(vm, &func(vm, v)?.name, x, "__name__")),
            ),
            (
                "__qualname__",
                |vm, v| Ok(func(vm, v)?.qualname.borrow().clone()),
                Some(|vm, v, x| set_str_field(vm, &func(vm, v)?.qualname, x, "__qualname__")),
            ),
            (
                "__doc__",
                |vm, v| Ok(func(vm, v)?.doc.borrow().clone()),
                Some(|vm, v, x| set_field(&func(vm, v)?.doc, x)),
            ),
            (
                "__module__",
                |vm, v| Ok(func(vm, v)?.module.borrow().clone()),
                Some(|vm, v, x| set_field(&func(vm, v)?.module, x)),
            ),
            (
                "__defaults__",
                |vm, v| Ok(func(vm, v)?.defaults.borrow().clone()),
                Some(set_defaults),
            ),
            (
                "__kwdefaults__",
                |vm, v| Ok(func(vm, v)?.kwdefaults.borrow().clone()),
                Some(|vm, v, x| set_field(&func(vm, v)?.kwdefaults, x)),
            ),
            (
                "__code__",
                |vm, v| Ok(Value::Obj(func(vm, v)?.code.borrow().clone())),
                Some(set_code),
            ),
            (
                "__globals__",
                |vm, v| Ok(Value::Obj(func(vm, v)?.globals.clone())),
                None,
            ),
            (
                "__builtins__",
                |vm, v| Ok(Value::Obj(func(vm, v)?.builtins.clone())),
                None,
            ),
            (
                "__closure__",
                |vm, v| Ok(func(vm, v)?.closure.borrow().clone()),
                None,
            ),
            (
                "__annotations__",
                function_annotations,
                Some(|vm, v, x| set_field(&func(vm, v)?.annotations, x)),
            ),
            (
                "__annotate__",
                |vm, v| Ok(func(vm, v)?.annotate.borrow().clone()),
                Some(|vm, v, x| set_field(&func(vm, v)?.annotate, x)),
            ),
            (
                "__type_params__",
                |vm, v| Ok(func(vm, v)?.type_params.borrow().clone()),
                Some(|vm, v, x| set_field(&func(vm, v)?.type_params, x)),
            ),
            ("__dict__", object_dict, None),
        ],
    );
    add_methods(
        vm,
        &t.code,
        &[
            ("__repr__", code_repr),
            ("replace", code_replace),
            ("co_positions", code_positions),
            ("co_lines", code_lines),
        ],
    );
    add_getsets(
        vm,
        &t.code,
        &[
            (
                "co_name",
                |vm, v| Ok(Value::Obj(code(vm, v)?.name.clone())),
                None,
            ),
            (
                "co_qualname",
                |vm, v| Ok(Value::Obj(code(vm, v)?.qualname.clone())),
                None,
            ),
            (
                "co_filename",
                |vm, v| Ok(Value::Obj(code(vm, v)?.filename.clone())),
                None,
            ),
            (
                "co_firstlineno",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.firstlineno))),
                None,
            ),
            (
                "co_argcount",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.argcount))),
                None,
            ),
            (
                "co_posonlyargcount",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.posonlyargcount))),
                None,
            ),
            (
                "co_kwonlyargcount",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.kwonlyargcount))),
                None,
            ),
            (
                "co_flags",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.flags))),
                None,
            ),
            (
                "co_stacksize",
                |vm, v| Ok(Value::Int(i64::from(code(vm, v)?.code.stacksize))),
                None,
            ),
            (
                "co_nlocals",
                |vm, v| Ok(Value::Int(code(vm, v)?.code.varnames().len() as i64)),
                None,
            ),
            (
                "co_varnames",
                |vm, v| Ok(str_tuple(vm, &code(vm, v)?.code.varnames())),
                None,
            ),
            (
                "co_cellvars",
                |vm, v| Ok(str_tuple(vm, &code(vm, v)?.code.cellvars())),
                None,
            ),
            (
                "co_freevars",
                |vm, v| Ok(str_tuple(vm, &code(vm, v)?.code.freevars())),
                None,
            ),
            (
                "co_names",
                |vm, v| {
                    Ok(tuple::new_tuple(
                        vm,
                        code(vm, v)?.names.iter().cloned().map(Value::Obj).collect(),
                    ))
                },
                None,
            ),
            (
                "co_consts",
                |vm, v| Ok(tuple::new_tuple(vm, code(vm, v)?.consts.to_vec())),
                None,
            ),
            (
                "co_code",
                |vm, v| {
                    Ok(crate::types::bytes::new_bytes(
                        vm,
                        code(vm, v)?.code.code.clone(),
                    ))
                },
                None,
            ),
            (
                "co_linetable",
                |vm, v| {
                    Ok(crate::types::bytes::new_bytes(
                        vm,
                        code(vm, v)?.code.linetable.clone(),
                    ))
                },
                None,
            ),
            (
                "co_exceptiontable",
                |vm, v| {
                    Ok(crate::types::bytes::new_bytes(
                        vm,
                        code(vm, v)?.code.exceptiontable.clone(),
                    ))
                },
                None,
            ),
        ],
    );
    add_methods(vm, &t.cell, &[("__repr__", cell_repr), ("__eq__", cell_eq)]);
    add_static(vm, &t.cell, "__new__", cell_new);
    add_static(vm, &t.function, "__new__", function_new);
    add_getsets(
        vm,
        &t.cell,
        &[("cell_contents", cell_contents, Some(cell_set_contents))],
    );
    add_methods(
        vm,
        &t.method,
        &[
            ("__repr__", method_repr),
            ("__eq__", method_eq),
            ("__hash__", method_hash),
            ("__call__", method_call),
            ("__get__", method_get),
            ("__reduce__", method_reduce),
        ],
    );
    add_static(vm, &t.method, "__new__", method_new);
    add_getsets(
        vm,
        &t.method,
        &[
            ("__func__", |vm, v| Ok(meth(vm, v)?.func.clone()), None),
            ("__self__", |vm, v| Ok(meth(vm, v)?.self_.clone()), None),
            (
                "__doc__",
                |vm, v| vm.getattr(&meth(vm, v)?.func, "__doc__"),
                None,
            ),
            (
                "__name__",
                |vm, v| vm.getattr(&meth(vm, v)?.func, "__name__"),
                None,
            ),
            (
                "__qualname__",
                |vm, v| vm.getattr(&meth(vm, v)?.func, "__qualname__"),
                None,
            ),
            (
                "__module__",
                |vm, v| vm.getattr(&meth(vm, v)?.func, "__module__"),
                None,
            ),
        ],
    );
}

fn str_tuple(vm: &Vm, names: &[&str]) -> Value {
    tuple::new_tuple(vm, names.iter().map(|n| vm.name(n)).collect())
}

fn func<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FunctionData> {
    v.downcast::<FunctionData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'function' object"))
}

fn code<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a CodeData> {
    v.downcast::<CodeData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'code' object"))
}

fn meth<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MethodData> {
    v.downcast::<MethodData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'method' object"))
}

fn set_field(cell: &RefCell<Value>, v: Option<Value>) -> PyResult<()> {
    *cell.borrow_mut() = v.unwrap_or(Value::None);
    Ok(())
}

fn set_str_field(vm: &Vm, cell: &RefCell<Value>, v: Option<Value>, what: &str) -> PyResult<()> {
    match v {
        Some(s) if as_str(&s).is_some() || crate::types::str::str_data(&s).is_some() => {
            *cell.borrow_mut() = s;
            Ok(())
        }
        _ => Err(vm.type_error(format!("{what} must be set to a string object"))),
    }
}

fn set_defaults(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let f = func(vm, v)?;
    match x {
        None | Some(Value::None) => *f.defaults.borrow_mut() = Value::None,
        Some(t) if tuple::tuple_items(&t).is_some() => *f.defaults.borrow_mut() = t,
        Some(_) => return Err(vm.type_error("__defaults__ must be set to a tuple object")),
    }
    f.version.set(vm.next_counter());
    Ok(())
}

fn set_code(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    let f = func(vm, v)?;
    match x {
        Some(Value::Obj(c)) if c.kind() == Kind::Code => {
            *f.code.borrow_mut() = c;
            f.version.set(vm.next_counter());
            Ok(())
        }
        _ => Err(vm.type_error("__code__ must be set to a code object")),
    }
}

fn function_annotations(vm: &Vm, v: &Value) -> PyResult<Value> {
    let f = func(vm, v)?;
    let current = f.annotations.borrow().clone();
    if !current.is_none() {
        return Ok(current);
    }
    let annotate = f.annotate.borrow().clone();
    let result = if annotate.is_none() {
        dict::new_dict_value(vm)
    } else {
        vm.call(&annotate, &[Value::Int(1)])?
    };
    *f.annotations.borrow_mut() = result.clone();
    Ok(result)
}

/// `__dict__` of objects that keep one in the header.
pub fn object_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    let Value::Obj(o) = v else {
        return Err(vm.attribute_error(format!(
            "'{}' object has no attribute '__dict__'",
            vm.type_name(v)
        )));
    };
    if o.dict().is_none() {
        o.set_dict(Some(dict::new_dict(&vm.types)));
    }
    Ok(Value::Obj(o.dict().expect("just set")))
}

fn function_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let f = func(vm, &args.pos[0])?;
    let q = vm.str_string(&f.qualname.borrow())?;
    Ok(vm.new_str(&format!("<function {q} at {:#x}>", vm.id_of(&args.pos[0]))))
}

fn function_get(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = args.pos.get(1).cloned().unwrap_or(Value::None);
    if obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    Ok(vm.new_method(args.pos[0].clone(), obj))
}

fn function_call(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let Value::Obj(f) = &args.pos[0] else {
        unreachable!()
    };
    call_function(vm, f, None, args.shift())
}

fn code_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = code(vm, &args.pos[0])?;
    Ok(vm.new_str(&format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.code.name,
        vm.id_of(&args.pos[0]),
        c.code.filename,
        c.code.firstlineno
    )))
}

fn code_replace(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = code(vm, &args.pos[0])?;
    let mut new = (*c.code).clone();
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        let key = as_str(k).unwrap_or("");
        let text = || {
            as_str(v)
                .map(str::to_string)
                .ok_or_else(|| vm.type_error(format!("{key} must be a str")))
        };
        match key {
            "co_name" => new.name = text()?,
            "co_qualname" => new.qualname = text()?,
            "co_filename" => new.filename = text()?.into(),
            "co_firstlineno" => new.firstlineno = vm.index_i64(v)? as u32,
            "co_flags" => new.flags = vm.index_i64(v)? as u32,
            _ => {
                return Err(vm.type_error(format!(
                    "replace() got an unexpected keyword argument '{key}'"
                )));
            }
        }
    }
    Ok(Value::Obj(new_code(vm, Rc::new(new))))
}

fn cell_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Obj(new_cell(vm, args.pos.get(1).cloned())))
}

fn cell_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a CellData> {
    v.downcast::<CellData>()
        .ok_or_else(|| vm.type_error("descriptor requires a 'cell' object"))
}

fn cell_contents(vm: &Vm, v: &Value) -> PyResult<Value> {
    cell_of(vm, v)?
        .get()
        .ok_or_else(|| vm.value_error("Cell is empty"))
}

fn cell_set_contents(vm: &Vm, v: &Value, x: Option<Value>) -> PyResult<()> {
    cell_of(vm, v)?.set(x);
    Ok(())
}

fn cell_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell_of(vm, &args.pos[0])?;
    let at = vm.id_of(&args.pos[0]);
    Ok(vm.new_str(&match c.get() {
        Some(v) => format!(
            "<cell at {at:#x}: {} object at {:#x}>",
            vm.type_name(&v),
            vm.id_of(&v)
        ),
        None => format!("<cell at {at:#x}: empty>"),
    }))
}

fn cell_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = cell_of(vm, &args.pos[0])?;
    let Some(b) = args.pos[1].downcast::<CellData>() else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(match (a.get(), b.get()) {
        (Some(x), Some(y)) => vm.eq(&x, &y)?,
        (None, None) => true,
        _ => false,
    }))
}

fn method_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [_, f, s] = args.check(vm, "method", 3, 3)? else {
        unreachable!()
    };
    if !vm.is_callable(f) {
        return Err(vm.type_error("first argument must be callable"));
    }
    if s.is_none() {
        return Err(vm.type_error("instance must not be None"));
    }
    Ok(vm.new_method(f.clone(), s.clone()))
}

fn method_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = meth(vm, &args.pos[0])?;
    let name = match vm.getattr_opt(&m.func, "__qualname__")? {
        Some(n) => vm.str_string(&n)?,
        None => "?".to_string(),
    };
    Ok(vm.new_str(&format!(
        "<bound method {name} of {}>",
        vm.repr_string(&m.self_)?
    )))
}

fn method_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = meth(vm, &args.pos[0])?;
    let Some(b) = args.pos[1].downcast::<MethodData>() else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(
        a.self_.is(&b.self_) && vm.eq(&a.func, &b.func)?,
    ))
}

fn method_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = meth(vm, &args.pos[0])?;
    let h = crate::hash::hash_pointer(vm.id_of(&m.self_)) ^ vm.hash(&m.func)?;
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

fn method_call(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    vm.call_args(&args.pos[0], args.shift())
}

fn method_get(_vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(args.pos[0].clone())
}

fn method_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = meth(vm, &args.pos[0])?;
    let getattr = dict::get_str(
        vm,
        &vm.builtins.dict().expect("module dict"),
        &vm.name("getattr"),
    )
    .unwrap_or(Value::None);
    let name = vm.getattr(&m.func, "__name__")?;
    Ok(tuple::new_tuple(
        vm,
        vec![getattr, tuple::new_tuple(vm, vec![m.self_.clone(), name])],
    ))
}
