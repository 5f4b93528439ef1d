//! `_ast`: the node classes of the `ast` module and the two conversions
//! `compile()` needs: a parsed tree to objects (`ast.parse`) and objects
//! back to a tree (`compile(tree, ...)`). Classes, fields and both
//! conversions come from the compiler's one description of the tree
//! (`ast.spec`, through `CLASSES`, `ToTree` and `FromTree`).

use crate::ObjRef;
use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::modules::state;
use crate::types::builtin::add_methods;
use crate::types::instance::new_instance;
use crate::types::list::{list_data, new_list};
use crate::types::str::as_str;
use crate::types::typeobj;
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::ast::{
    CLASSES, ClassInfo, Constant, FieldArity, FromTree, Mod, TextRange, ToTree, TreeBuilder,
    TreeReader,
};
use pyrite_compiler::text::{LineIndex, PyStr};
use std::collections::HashMap;
use std::rc::Rc;

/// `compile()` flags `_ast` defines.
pub const PYCF_ONLY_AST: i64 = 0x400;
const PYCF_TYPE_COMMENTS: i64 = 0x1000;
const PYCF_ALLOW_TOP_LEVEL_AWAIT: i64 = 0x2000;
const PYCF_OPTIMIZED_AST: i64 = 0x8000 | PYCF_ONLY_AST;

/// The attributes of located nodes, in CPython's order.
const POSITIONS: [&str; 4] = ["lineno", "col_offset", "end_lineno", "end_col_offset"];

/// A tree read back from objects has no text: each line gets this many
/// byte columns of offsets (longer lines have their columns clamped).
const LINE_STRIDE: u32 = 1 << 12;

/// This interpreter's node classes.
struct AstClasses {
    /// `ast.AST`.
    base: ObjRef,
    /// The classes in `CLASSES` order.
    classes: Vec<ObjRef>,
    /// Class index by the class object's address.
    by_addr: HashMap<usize, usize>,
    /// The shared instance of each field-less class (`Load`, `Add`, ...).
    singletons: Vec<Option<Value>>,
}

fn classes(vm: &Vm) -> Rc<AstClasses> {
    state(vm, make_classes)
}

/// Whether class `i` is a field-less member of an enumeration family.
fn is_singleton(info: &ClassInfo) -> bool {
    !info.located && info.fields.is_empty() && info.base != "AST"
}

fn family_index(info: &ClassInfo) -> Option<usize> {
    CLASSES.iter().position(|c| c.name == info.base)
}

fn make_classes(vm: &Vm) -> AstClasses {
    let str_tuple =
        |names: &[&str]| tuple::new_tuple(vm, names.iter().map(|n| vm.new_str(n)).collect());
    let new_class = |name: &str, base: &ObjRef, attrs: Vec<(&str, Value)>| {
        let ns = dict::new_dict(&vm.types);
        for (k, v) in attrs {
            dict::set_item(vm, &ns, vm.name(k), v).expect("str keys");
        }
        dict::set_item(vm, &ns, vm.name("__module__"), vm.new_str("ast")).expect("str keys");
        let args = Args::positional(&[]);
        typeobj::new_class(vm, &vm.types.type_, name, vec![base.clone()], &ns, args)
            .expect("ast classes are well formed")
    };
    let base = new_class(
        "AST",
        &vm.types.object,
        vec![
            ("_fields", str_tuple(&[])),
            ("_attributes", str_tuple(&[])),
            ("__match_args__", str_tuple(&[])),
        ],
    );
    add_methods(
        vm,
        &base,
        &[
            ("__init__", ast_init),
            ("__reduce__", ast_reduce),
            ("__replace__", ast_replace),
            ("__repr__", |vm, a| {
                let text = node_repr(vm, &a.pos[0], REPR_DEPTH)?;
                Ok(vm.new_str(&text))
            }),
        ],
    );
    let mut classes: Vec<ObjRef> = Vec::with_capacity(CLASSES.len());
    for info in CLASSES {
        let parent = match family_index(info) {
            Some(i) => classes[i].clone(),
            None => base.clone(),
        };
        let names: Vec<&str> = info.fields.iter().map(|f| f.name).collect();
        let mut attrs = vec![("__doc__", vm.new_str(&class_doc(info)))];
        // A family's members inherit its attributes; the family and
        // classes outside families define their own.
        if family_index(info).is_none() {
            let located: &[&str] = if info.located { &POSITIONS } else { &[] };
            attrs.push(("_attributes", str_tuple(located)));
            if info.located {
                attrs.push(("end_lineno", Value::None));
                attrs.push(("end_col_offset", Value::None));
            }
        }
        attrs.push(("_fields", str_tuple(&names)));
        attrs.push(("__match_args__", str_tuple(&names)));
        for f in info.fields {
            if f.arity == FieldArity::Optional {
                attrs.push((f.name, Value::None));
            }
        }
        classes.push(new_class(info.name, &parent, attrs));
    }
    let by_addr = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.addr(), i))
        .collect();
    let singletons = CLASSES
        .iter()
        .zip(&classes)
        .map(|(info, cls)| is_singleton(info).then(|| Value::Obj(new_instance(cls))))
        .collect();
    let made = AstClasses {
        base,
        classes,
        by_addr,
        singletons,
    };
    for (info, cls) in CLASSES.iter().zip(&made.classes) {
        let types = field_types(vm, &made, info);
        let _ = vm.set_attr(&Value::Obj(cls.clone()), "_field_types", types);
    }
    made
}

/// The class docstring CPython generates: the ASDL signature.
fn class_doc(info: &ClassInfo) -> String {
    let signature = |c: &ClassInfo| {
        if c.fields.is_empty() {
            return c.name.to_string();
        }
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| {
                let suffix = match f.arity {
                    FieldArity::One => "",
                    FieldArity::Optional => "?",
                    FieldArity::List => "*",
                    FieldArity::OptionalList => "?*",
                };
                format!("{}{suffix} {}", f.ty, f.name)
            })
            .collect();
        format!("{}({})", c.name, fields.join(", "))
    };
    let members: Vec<&ClassInfo> = CLASSES.iter().filter(|c| c.base == info.name).collect();
    if members.is_empty() {
        return signature(info);
    }
    let alternatives: Vec<String> = members.iter().map(|c| signature(c)).collect();
    let simple = members.iter().all(|c| c.fields.is_empty() && !c.located);
    let separator = if simple { " | " } else { "\n     | " };
    format!("{} = {}", info.name, alternatives.join(separator))
}

/// `_field_types`: each field's annotation (`expr`, `list[stmt]`, `str | None`).
fn field_types(vm: &Vm, made: &AstClasses, info: &ClassInfo) -> Value {
    let d = dict::new_dict(&vm.types);
    for f in info.fields {
        let base = match f.ty {
            "identifier" | "string" => Value::Obj(vm.types.str.clone()),
            "int" => Value::Obj(vm.types.int.clone()),
            "constant" => Value::Obj(vm.types.object.clone()),
            other => match CLASSES.iter().position(|c| c.name == other) {
                Some(i) => Value::Obj(made.classes[i].clone()),
                None => Value::Obj(vm.types.object.clone()),
            },
        };
        let annotation = match f.arity {
            FieldArity::One => Ok(base),
            FieldArity::Optional => vm.binary_op(&base, &Value::None, crate::ops::BinOp::Or),
            FieldArity::List | FieldArity::OptionalList => {
                vm.getitem(&Value::Obj(vm.types.list.clone()), &base)
            }
        };
        let annotation = annotation.expect("list[...] and X | None are always defined");
        dict::set_item(vm, &d, vm.name(f.name), annotation).expect("str keys");
    }
    Value::Obj(d)
}

/// The `CLASSES` index of the nearest node class `cls` derives from.
fn class_index(made: &AstClasses, cls: &ObjRef) -> Option<usize> {
    typeobj::mro(cls)
        .iter()
        .find_map(|c| made.by_addr.get(&c.addr()).copied())
}

fn tuple_strs(v: Option<Value>) -> Vec<Value> {
    v.and_then(|t| tuple::tuple_items(&t).map(<[Value]>::to_vec))
        .unwrap_or_default()
}

/// `AST.__init__`: fields by position or keyword; missing fields take
/// their defaults (None, [], Load()), or warn as CPython 3.14 does.
fn ast_init(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = &args.pos[0];
    let cls = vm.type_of(obj);
    let name = typeobj::type_name(&cls);
    let cls_v = Value::Obj(cls.clone());
    let fields = tuple_strs(vm.getattr_opt(&cls_v, "_fields")?);
    let attributes = tuple_strs(vm.getattr_opt(&cls_v, "_attributes")?);
    let positional = &args.pos[1..];
    if positional.len() > fields.len() {
        let n = fields.len();
        let s = if n == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{name} constructor takes at most {n} positional argument{s}"
        )));
    }
    let mut set = vec![false; fields.len()];
    for (i, (f, v)) in fields.iter().zip(positional).enumerate() {
        vm.set_attr(obj, &vm.str_string(f)?, v.clone())?;
        set[i] = true;
    }
    for (k, v) in args.kwnames.iter().zip(args.kwvalues) {
        let key = as_str(k).unwrap_or_default().to_string();
        match fields.iter().position(|f| as_str(f) == Some(key.as_str())) {
            Some(i) if i < positional.len() => {
                return Err(
                    vm.type_error(format!("{name} got multiple values for argument '{key}'"))
                );
            }
            Some(i) => set[i] = true,
            None if attributes.iter().any(|a| as_str(a) == Some(key.as_str())) => {}
            None => crate::warnings::warn(
                vm,
                &vm.types.exc.deprecation_warning,
                &format!(
                    "{name}.__init__ got an unexpected keyword argument '{key}'. Support for \
                     arbitrary keyword arguments is deprecated and will be removed in Python 3.15."
                ),
                1,
            )?,
        }
        vm.set_attr(obj, &key, v.clone())?;
    }
    let made = classes(vm);
    let info = class_index(&made, &cls).map(|i| &CLASSES[i]);
    for (f, _) in fields.iter().zip(&set).filter(|(_, s)| !**s) {
        let field = vm.str_string(f)?;
        let Some(spec) = info.and_then(|c| c.fields.iter().find(|s| s.name == field)) else {
            continue;
        };
        let default = match spec.arity {
            FieldArity::Optional => Some(Value::None),
            FieldArity::List | FieldArity::OptionalList => Some(new_list(vm, Vec::new())),
            FieldArity::One if spec.ty == "expr_context" => {
                let load = CLASSES.iter().position(|c| c.name == "Load").expect("Load");
                Some(Value::Obj(new_instance(&made.classes[load])))
            }
            FieldArity::One => None,
        };
        match default {
            Some(v) => vm.set_attr(obj, &field, v)?,
            None => crate::warnings::warn(
                vm,
                &vm.types.exc.deprecation_warning,
                &format!(
                    "{name}.__init__ missing 1 required positional argument: '{field}'. \
                     This will become an error in Python 3.15."
                ),
                1,
            )?,
        }
    }
    Ok(Value::None)
}

/// How deep `repr` of a node shows nested nodes (deeper ones are `Name(...)`).
const REPR_DEPTH: u32 = 3;

/// CPython 3.14's node repr: fields by name, nodes nested `depth` deep,
/// lists of more than two items as their first and last.
fn node_repr(vm: &Vm, node: &Value, depth: u32) -> PyResult<String> {
    let cls = Value::Obj(vm.type_of(node));
    let name = vm.type_name(node);
    if depth == 0 {
        return Ok(format!("{name}(...)"));
    }
    let made = classes(vm);
    let show = |v: &Value| -> PyResult<String> {
        if vm.is_instance(v, &made.base) {
            node_repr(vm, v, depth - 1)
        } else {
            vm.repr_string(v)
        }
    };
    let mut parts = Vec::new();
    for f in tuple_strs(vm.getattr_opt(&cls, "_fields")?) {
        let field = vm.str_string(&f)?;
        let Some(v) = vm.getattr_opt(node, &field)? else {
            continue;
        };
        let text = match list_data(&v) {
            Some(l) => {
                let items = l.to_vec();
                let shown: Vec<String> = match items.as_slice() {
                    [first, _, .., last] => vec![show(first)?, "...".into(), show(last)?],
                    few => few.iter().map(show).collect::<PyResult<_>>()?,
                };
                format!("[{}]", shown.join(", "))
            }
            None => show(&v)?,
        };
        parts.push(format!("{field}={text}"));
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// `AST.__reduce__`: the class, a None per field, and the instance dict.
fn ast_reduce(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = &args.pos[0];
    let cls = Value::Obj(vm.type_of(obj));
    let n = tuple_strs(vm.getattr_opt(&cls, "_fields")?).len();
    let nones = tuple::new_tuple(vm, vec![Value::None; n]);
    let mut items = vec![cls, nones];
    if let Some(d) = vm.getattr_opt(obj, "__dict__")? {
        items.push(d);
    }
    Ok(tuple::new_tuple(vm, items))
}

/// `AST.__replace__` (`copy.replace`): a node of the same class with the
/// fields and positions of this one, some replaced.
fn ast_replace(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let obj = &args.pos[0];
    if args.pos.len() > 1 {
        return Err(vm.type_error(format!(
            "{}.__replace__() takes no positional arguments",
            vm.type_name(obj)
        )));
    }
    let cls = Value::Obj(vm.type_of(obj));
    let mut names = tuple_strs(vm.getattr_opt(&cls, "_fields")?);
    names.extend(tuple_strs(vm.getattr_opt(&cls, "_attributes")?));
    let known: Vec<String> = names
        .iter()
        .map(|n| vm.str_string(n))
        .collect::<PyResult<_>>()?;
    for k in args.kwnames {
        let key = as_str(k).unwrap_or_default();
        if !known.iter().any(|n| n == key) {
            return Err(vm.type_error(format!(
                "{}.__replace__ got an unexpected keyword argument '{key}'.",
                vm.type_name(obj)
            )));
        }
    }
    let mut kwnames = Vec::new();
    let mut kwvalues = Vec::new();
    for name in &known {
        let given = args
            .kwnames
            .iter()
            .position(|k| as_str(k) == Some(name.as_str()));
        let value = match given {
            Some(i) => Some(args.kwvalues[i].clone()),
            None => vm.getattr_opt(obj, name)?,
        };
        if let Some(v) = value {
            kwnames.push(vm.name(name));
            kwvalues.push(v);
        }
    }
    vm.call_args(
        &cls,
        Args {
            pos: &[],
            kwnames: &kwnames,
            kwvalues: &kwvalues,
        },
    )
}

/// Builds node objects from a parsed tree.
struct ObjectBuilder<'a> {
    vm: &'a Vm,
    made: &'a AstClasses,
    lines: &'a LineIndex,
}

impl TreeBuilder for ObjectBuilder<'_> {
    type Out = Value;

    fn node(&mut self, class: usize, fields: Vec<Value>, range: Option<TextRange>) -> Value {
        if let Some(shared) = &self.made.singletons[class] {
            return shared.clone();
        }
        let vm = self.vm;
        let obj = Value::Obj(new_instance(&self.made.classes[class]));
        for (f, v) in CLASSES[class].fields.iter().zip(fields) {
            vm.set_attr(&obj, f.name, v)
                .expect("node instances take attributes");
        }
        if let Some(r) = range {
            let (line, col) = self.lines.line_col(r.start);
            let (end_line, end_col) = self.lines.line_col(r.end);
            for (name, v) in POSITIONS.iter().zip([line, col, end_line, end_col]) {
                vm.set_attr(&obj, name, Value::Int(i64::from(v)))
                    .expect("node instances take attributes");
            }
        }
        obj
    }

    fn list(&mut self, items: Vec<Value>) -> Value {
        new_list(self.vm, items)
    }

    fn none(&mut self) -> Value {
        Value::None
    }

    fn string(&mut self, s: &str) -> Value {
        self.vm.new_str(s)
    }

    fn int(&mut self, i: i32) -> Value {
        Value::Int(i64::from(i))
    }

    fn constant(&mut self, c: &Constant) -> Value {
        let vm = self.vm;
        match c {
            Constant::None => Value::None,
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Ellipsis => Value::Obj(vm.ellipsis.clone()),
            Constant::Int(i) => Value::Int(*i),
            Constant::BigInt(b) => crate::types::int::big_value(vm, (**b).clone()),
            Constant::Float(f) => Value::Float(*f),
            Constant::Complex { imag } => crate::types::complex::new_complex(vm, 0.0, *imag),
            Constant::Str(s) => {
                vm.new_str_data(crate::types::str::StrData::from_wtf8(s.as_bytes().to_vec()))
            }
            Constant::Bytes(b) => crate::types::bytes::new_bytes(vm, b.clone()),
        }
    }
}

/// Reads node objects back into a tree, with CPython's errors for
/// malformed ones; positions become offsets of a `LINE_STRIDE` grid.
struct ObjectReader<'a> {
    vm: &'a Vm,
    made: &'a AstClasses,
    /// The highest line any node names.
    max_line: u32,
    /// The spec type of the field read last (for a string's error).
    field_ty: &'static str,
}

impl ObjectReader<'_> {
    fn field_name(class: usize, field: usize) -> &'static str {
        CLASSES[class].fields[field].name
    }

    fn missing(&self, name: &str, owner: &str) -> PyErr {
        self.vm
            .type_error(format!("required field \"{name}\" missing from {owner}"))
    }

    fn position(
        &mut self,
        v: &Value,
        name: &str,
        owner: &str,
        default: Option<i64>,
    ) -> PyResult<i64> {
        match self.vm.getattr_opt(v, name)? {
            Some(Value::None) | None => default.ok_or_else(|| self.missing(name, owner)),
            Some(n) => crate::types::int::to_i64(self.vm, &n),
        }
    }
}

impl TreeReader for ObjectReader<'_> {
    type In = Value;
    type Error = PyErr;

    fn class_of(&mut self, v: &Value, family: usize) -> PyResult<usize> {
        let cls = self.vm.type_of(v);
        match class_index(self.made, &cls) {
            Some(i) if i == family || family_index(&CLASSES[i]) == Some(family) => Ok(i),
            _ => Err(self.wrong_class(v, family)),
        }
    }

    fn wrong_class(&mut self, v: &Value, family: usize) -> PyErr {
        let shown = self
            .vm
            .repr_string(v)
            .unwrap_or_else(|_| format!("<{} object>", self.vm.type_name(v)));
        self.vm.type_error(format!(
            "expected some sort of {}, but got {shown}",
            CLASSES[family].name
        ))
    }

    fn required(&mut self, v: &Value, class: usize, field: usize) -> PyResult<Value> {
        let spec = &CLASSES[class].fields[field];
        self.field_ty = spec.ty;
        match self.vm.getattr_opt(v, spec.name)? {
            // None is a constant's value, and stands for no node elsewhere.
            Some(Value::None) if spec.ty == "constant" => Ok(Value::None),
            Some(Value::None) | None => Err(self.missing(spec.name, CLASSES[class].name)),
            Some(x) => Ok(x),
        }
    }

    fn optional(&mut self, v: &Value, class: usize, field: usize) -> PyResult<Option<Value>> {
        self.field_ty = CLASSES[class].fields[field].ty;
        Ok(self
            .vm
            .getattr_opt(v, Self::field_name(class, field))?
            .filter(|x| !x.is_none()))
    }

    fn list(&mut self, v: &Value, class: usize, field: usize) -> PyResult<Vec<Value>> {
        let name = Self::field_name(class, field);
        self.field_ty = CLASSES[class].fields[field].ty;
        let Some(x) = self.vm.getattr_opt(v, name)? else {
            return Err(self.missing(name, CLASSES[class].name));
        };
        match list_data(&x) {
            Some(l) => Ok(l.to_vec()),
            None => Err(self.vm.type_error(format!(
                "{} field \"{name}\" must be a list, not a {}",
                CLASSES[class].name,
                self.vm.type_name(&x)
            ))),
        }
    }

    fn is_none(&mut self, v: &Value) -> bool {
        v.is_none()
    }

    fn range(&mut self, v: &Value, class: usize) -> PyResult<TextRange> {
        let info = &CLASSES[class];
        let owner = if info.base == "AST" {
            info.name
        } else {
            info.base
        };
        let line = self.position(v, "lineno", owner, None)?;
        let col = self.position(v, "col_offset", owner, None)?;
        let end_line = self.position(v, "end_lineno", owner, Some(line))?;
        let end_col = self.position(v, "end_col_offset", owner, Some(col))?;
        let mut offset = |line: i64, col: i64| {
            let line = line.clamp(1, i64::from(u32::MAX / LINE_STRIDE)) as u32;
            self.max_line = self.max_line.max(line);
            (line - 1) * LINE_STRIDE + col.clamp(0, i64::from(LINE_STRIDE - 1)) as u32
        };
        let start = offset(line, col);
        let end = offset(end_line, end_col).max(start);
        Ok(TextRange::new(start, end))
    }

    fn string(&mut self, v: Value) -> PyResult<String> {
        match as_str(&v) {
            Some(s) => Ok(s.to_string()),
            None => Err(self
                .vm
                .type_error(format!("AST {} must be of type str", self.field_ty))),
        }
    }

    fn int(&mut self, v: Value) -> PyResult<i32> {
        if !self.vm.is_instance(&v, &self.vm.types.int) {
            let shown = self.vm.repr_string(&v)?;
            return Err(self
                .vm
                .value_error(format!("invalid integer value: {shown}")));
        }
        let n = crate::types::int::to_i64(self.vm, &v)?;
        i32::try_from(n).map_err(|_| {
            self.vm
                .overflow_error("Python int too large to convert to C int")
        })
    }

    fn constant(&mut self, v: Value) -> PyResult<Constant> {
        let vm = self.vm;
        use crate::types::int::{IntVal, int_val};
        let invalid = || {
            vm.type_error(format!(
                "got an invalid type in Constant: {}",
                vm.type_name(&v)
            ))
        };
        Ok(match &v {
            Value::None => Constant::None,
            Value::Bool(b) => Constant::Bool(*b),
            Value::Float(f) => Constant::Float(*f),
            Value::Obj(o) if o.is(&vm.ellipsis) => Constant::Ellipsis,
            _ if vm.is_instance(&v, &vm.types.int) => match int_val(&v) {
                Some(IntVal::Small(i)) => Constant::Int(i),
                Some(IntVal::Big(b)) => Constant::BigInt(Box::new(b)),
                None => return Err(invalid()),
            },
            _ if vm.is_instance(&v, &vm.types.float) => {
                Constant::Float(crate::types::float::to_f64(vm, &v)?)
            }
            _ if vm.is_instance(&v, &vm.types.str) => {
                let data = crate::types::str::str_data(&v).ok_or_else(invalid)?;
                let mut s = PyStr::new();
                for cp in data.code_points() {
                    s.push(cp);
                }
                Constant::Str(s)
            }
            _ if vm.is_instance(&v, &vm.types.bytes) => {
                Constant::Bytes(crate::types::bytes::bytes_like(vm, &v)?)
            }
            _ if vm.is_instance(&v, &vm.types.complex) => {
                let (real, imag) =
                    crate::types::complex::complex_operand(vm, &v)?.ok_or_else(invalid)?;
                if real != 0.0 || real.is_sign_negative() {
                    return Err(vm.not_implemented_error(
                        "complex constants with a real part are not supported in an AST yet",
                    ));
                }
                Constant::Complex { imag }
            }
            _ => return Err(invalid()),
        })
    }
}

/// `ast.parse`: the tree of `parsed` as node objects.
pub fn tree_to_objects(vm: &Vm, parsed: &pyrite_compiler::parser::Parsed) -> Value {
    let made = classes(vm);
    let mut b = ObjectBuilder {
        vm,
        made: &made,
        lines: &parsed.line_index,
    };
    parsed.module.to_tree(&mut b)
}

/// Whether `v` is an instance of `ast.AST`.
pub fn is_ast(vm: &Vm, v: &Value) -> bool {
    let made = classes(vm);
    vm.is_instance(v, &made.base)
}

/// `compile(tree, ...)`: reads node objects back into a tree for `mode`,
/// with a line index matching the positions it gives the nodes.
pub fn objects_to_tree(
    vm: &Vm,
    tree: &Value,
    mode: pyrite_compiler::Mode,
) -> PyResult<pyrite_compiler::parser::Parsed> {
    use pyrite_compiler::Mode as M;
    let made = classes(vm);
    let expected = match mode {
        M::Exec => "Module",
        M::Eval => "Expression",
        M::Single => "Interactive",
        M::FuncType => "FunctionType",
    };
    let index = CLASSES
        .iter()
        .position(|c| c.name == expected)
        .expect("mod class");
    if !vm.is_instance(tree, &made.classes[index]) {
        return Err(vm.type_error(format!(
            "expected {expected} node, got {}",
            vm.type_name(tree)
        )));
    }
    let mut r = ObjectReader {
        vm,
        made: &made,
        max_line: 1,
        field_ty: "string",
    };
    let module = Mod::from_tree(&mut r, tree.clone())?;
    let starts = (0..=r.max_line).map(|l| l * LINE_STRIDE).collect();
    Ok(pyrite_compiler::parser::Parsed {
        module,
        text: String::new(),
        line_index: LineIndex::from_starts(starts),
        warnings: Vec::new(),
    })
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let made = classes(vm);
    let m = module::new_module(vm, "_ast");
    let d = module::module_dict(&m);
    let set = |name: &str, v: Value| dict::set_item(vm, &d, vm.name(name), v).expect("str keys");
    set("AST", Value::Obj(made.base.clone()));
    for (info, cls) in CLASSES.iter().zip(&made.classes) {
        set(info.name, Value::Obj(cls.clone()));
    }
    set("PyCF_ONLY_AST", Value::Int(PYCF_ONLY_AST));
    set("PyCF_TYPE_COMMENTS", Value::Int(PYCF_TYPE_COMMENTS));
    set(
        "PyCF_ALLOW_TOP_LEVEL_AWAIT",
        Value::Int(PYCF_ALLOW_TOP_LEVEL_AWAIT),
    );
    set("PyCF_OPTIMIZED_AST", Value::Int(PYCF_OPTIMIZED_AST));
    m
}
