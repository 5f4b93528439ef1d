//! `_sre`: the regular expression engine under CPython's `re` package.
//! `re._compiler` turns a pattern into CPython's code words and hands them
//! to `_sre.compile`; this module runs them (engine.rs) and gives `re`
//! the `Pattern`, `Match`, scanner and template objects it expects, with
//! CPython's methods, errors and reprs.

mod chars;
mod engine;
mod matchobj;
mod pattern;

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, new_type, state};
use crate::types::bytes::{ByteArrayData, bytes_like, new_bytearray, new_bytes};
use crate::types::int::to_i64;
use crate::types::native::{native, new_native};
use crate::types::str::str_data;
use crate::types::{dict, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::rc::Rc;

pub use engine::MAXREPEAT;

/// `re._constants.MAGIC`: the code format this engine runs.
const MAGIC: i64 = 20_230_612;

/// The types of the module.
struct SreTypes {
    pattern: ObjRef,
    match_: ObjRef,
    scanner: ObjRef,
    template: ObjRef,
}

fn types(vm: &Vm) -> Rc<SreTypes> {
    state(vm, |vm| SreTypes {
        pattern: new_type(vm, "re", "Pattern", 0),
        match_: new_type(vm, "re", "Match", 0),
        scanner: new_type(vm, "_sre", "SRE_Scanner", 0),
        template: new_type(vm, "_sre", "SRE_Template", 0),
    })
}

/// A compiled pattern (`re.Pattern`).
pub struct PatternData {
    /// The source pattern (str, bytes or None).
    pattern: Value,
    flags: i64,
    code: Vec<u32>,
    /// Number of capturing groups.
    groups: usize,
    /// Group name to number (a dict).
    groupindex: Value,
    /// Group number to name (a tuple, None for unnamed groups).
    indexgroup: Value,
    /// Matches bytes-like strings (else str).
    bytes: bool,
}

/// A string being matched: its characters as code points (bytes as
/// 0..=255), and the object itself.
pub struct Subject {
    chars: Rc<Vec<u32>>,
    value: Value,
    bytes: bool,
}

/// The last string converted to code points: scanners written in Python
/// (json's, tokenizers) match one long string at many positions, and each
/// call must not convert the whole string again. Immutable str and bytes
/// only; the string is kept alive so that its identity stays its own.
#[derive(Default)]
struct LastSubject(std::cell::RefCell<Option<(Value, Rc<Vec<u32>>)>>);

impl Subject {
    /// `string`, checked against the pattern's kind.
    fn new(vm: &Vm, pat: &PatternData, string: &Value) -> PyResult<Subject> {
        let is_str = str_data(string).is_some();
        if is_str && pat.bytes {
            return Err(vm.type_error("cannot use a bytes pattern on a string-like object"));
        }
        let immutable = is_str || vm.type_of(string).is(&vm.types.bytes);
        let last = state(vm, |_| LastSubject::default());
        if immutable
            && let Some((v, chars)) = last.0.borrow().as_ref()
            && v.is(string)
        {
            return Ok(Subject {
                chars: chars.clone(),
                value: string.clone(),
                bytes: !is_str,
            });
        }
        let chars: Vec<u32> = if let Some(s) = str_data(string) {
            s.code_points().collect()
        } else {
            let Ok(data) = bytes_like(vm, string) else {
                return Err(vm.type_error(format!(
                    "expected string or bytes-like object, got '{}'",
                    vm.type_name(string)
                )));
            };
            if !pat.bytes {
                return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
            }
            data.into_iter().map(u32::from).collect()
        };
        let chars = Rc::new(chars);
        if immutable && chars.len() >= 64 {
            *last.0.borrow_mut() = Some((string.clone(), chars.clone()));
        }
        Ok(Subject {
            chars,
            value: string.clone(),
            bytes: !is_str,
        })
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    /// Characters `start..end` as an object of the string's kind.
    fn slice(&self, vm: &Vm, start: usize, end: usize) -> Value {
        if let Some(s) = str_data(&self.value) {
            return vm.new_str_data(s.substring(start, end));
        }
        let bytes: Vec<u8> = self.chars[start..end].iter().map(|&c| c as u8).collect();
        if self.value.downcast::<ByteArrayData>().is_some() {
            new_bytearray(vm, bytes)
        } else {
            new_bytes(vm, bytes)
        }
    }

    /// An empty string of the string's kind.
    fn empty(&self, vm: &Vm) -> Value {
        if self.bytes {
            new_bytes(vm, Vec::new())
        } else {
            vm.new_str("")
        }
    }

    /// Whether the string is exactly a `str` or `bytes` (so an unchanged
    /// result can be the string itself).
    fn is_exact(&self, vm: &Vm) -> bool {
        let ty = vm.type_of(&self.value);
        ty.is(&vm.types.str) || ty.is(&vm.types.bytes)
    }
}

/// Text being built from pieces of a subject and replacements.
pub struct Builder {
    chars: Vec<u32>,
    bytes: bool,
    /// Pieces appended so far (CPython joins a list of them: its type
    /// errors name the item).
    pieces: usize,
}

impl Builder {
    fn new(bytes: bool) -> Builder {
        Builder {
            chars: Vec::new(),
            bytes,
            pieces: 0,
        }
    }

    fn push_chars(&mut self, c: &[u32]) {
        if !c.is_empty() {
            self.pieces += 1;
        }
        self.chars.extend_from_slice(c);
    }

    /// Appends a replacement value (str for str patterns, bytes-like for
    /// bytes ones).
    fn push_value(&mut self, vm: &Vm, v: &Value) -> PyResult<()> {
        let item = self.pieces;
        self.pieces += 1;
        if self.bytes {
            let b = match str_data(v) {
                Some(_) => None,
                None => bytes_like(vm, v).ok(),
            };
            let Some(b) = b else {
                return Err(vm.type_error(format!(
                    "sequence item {item}: expected a bytes-like object, {} found",
                    vm.type_name(v)
                )));
            };
            self.chars.extend(b.into_iter().map(u32::from));
            return Ok(());
        }
        match str_data(v) {
            Some(s) => {
                self.chars.extend(s.code_points());
                Ok(())
            }
            None => Err(vm.type_error(format!(
                "sequence item {item}: expected str instance, {} found",
                vm.type_name(v)
            ))),
        }
    }

    fn finish(self, vm: &Vm) -> Value {
        if self.bytes {
            new_bytes(vm, self.chars.into_iter().map(|c| c as u8).collect())
        } else {
            vm.new_str_data(crate::types::str::StrData::from_code_points(self.chars))
        }
    }
}

fn pattern_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PatternData> {
    native::<PatternData>(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 're.Pattern' object but received '{}'",
            vm.type_name(v)
        ))
    })
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
fn compile(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let names = [
        "pattern",
        "flags",
        "code",
        "groups",
        "groupindex",
        "indexgroup",
    ];
    let a = args.bind(vm, "compile", &names, 6, 0, 6)?;
    let arg = |i: usize| a[i].clone().expect("required");
    let pattern = arg(0);
    let flags = to_i64(vm, &arg(1))?;
    let code_v = arg(2);
    if code_v.downcast::<crate::types::list::ListData>().is_none() {
        return Err(vm.type_error(format!(
            "compile() argument 'code' must be list, not {}",
            vm.type_name(&code_v)
        )));
    }
    let mut code = Vec::new();
    for w in vm.iterate(&code_v)? {
        let n = to_i64(vm, &w)?;
        let n = u32::try_from(n)
            .map_err(|_| vm.overflow_error("regular expression code size limit exceeded"))?;
        code.push(n);
    }
    let groups = usize::try_from(to_i64(vm, &arg(3))?).unwrap_or(0);
    let groupindex = arg(4);
    if !vm.is_instance(&groupindex, &vm.types.dict) {
        return Err(vm.type_error("compile() argument 'groupindex' must be dict"));
    }
    let indexgroup = arg(5);
    if tuple::tuple_items(&indexgroup).is_none() {
        return Err(vm.type_error("compile() argument 'indexgroup' must be tuple"));
    }
    let bytes = !pattern.is_none() && str_data(&pattern).is_none();
    Ok(new_native(
        &types(vm).pattern,
        PatternData {
            pattern,
            flags,
            code,
            groups,
            groupindex,
            indexgroup,
            bytes,
        },
    ))
}

/// A replacement template: literal pieces around group references.
pub struct TemplateData {
    /// `literals[0]`, then after each group `literals[i + 1]` (None for
    /// empty pieces).
    literals: Vec<Value>,
    groups: Vec<usize>,
}

/// `_sre.template(pattern, template)`: `template` is the list
/// `re._parser.parse_template` makes, `[literal, group, literal, ...]`.
fn template(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [_pattern, t] = args.check(vm, "template", 2, 2)? else {
        unreachable!()
    };
    if t.downcast::<crate::types::list::ListData>().is_none() {
        return Err(vm.type_error(format!(
            "template() argument 2 must be list, not {}",
            vm.type_name(t)
        )));
    }
    let items = vm.iterate(t)?;
    if items.len() % 2 == 0 {
        return Err(vm.type_error("invalid template"));
    }
    let mut literals = Vec::new();
    let mut groups = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if i % 2 == 0 {
            literals.push(item);
        } else {
            let g = to_i64(vm, &item)?;
            let g = usize::try_from(g).map_err(|_| vm.type_error("invalid template"))?;
            groups.push(g);
        }
    }
    Ok(new_native(
        &types(vm).template,
        TemplateData { literals, groups },
    ))
}

impl TemplateData {
    /// The template with each group's text (empty when it did not match).
    fn expand(
        &self,
        vm: &Vm,
        out: &mut Builder,
        subject: &Subject,
        spans: &[Option<(usize, usize)>],
    ) -> PyResult<()> {
        for (i, lit) in self.literals.iter().enumerate() {
            if !lit.is_none() {
                out.push_value(vm, lit)?;
            }
            if let Some(&g) = self.groups.get(i) {
                let Some(span) = spans.get(g) else {
                    return Err(vm.index_error("invalid group reference"));
                };
                if let Some((s, e)) = span {
                    out.push_chars(&subject.chars[*s..*e]);
                }
            }
        }
        Ok(())
    }
}

/// `re._compile_template(pattern, repl)`: the template object for `repl`
/// (cached by `re`).
fn compile_template(vm: &Vm, pattern: &Value, repl: &Value) -> PyResult<Value> {
    let re = crate::import::import_module(vm, "re")?;
    let f = vm.getattr(&re, "_compile_template")?;
    vm.call(&f, &[pattern.clone(), repl.clone()])
}

/// `_sre.ascii_iscased` and friends: one int in, one value out.
fn char_fn(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let [c] = args.check(vm, name, 1, 1)? else {
        unreachable!()
    };
    let c = to_i64(vm, c)?;
    let c = u32::try_from(c).unwrap_or(u32::MAX);
    Ok(match name {
        "ascii_iscased" => Value::Bool(chars::ascii_iscased(c)),
        "unicode_iscased" => Value::Bool(chars::uni_iscased(c)),
        "ascii_tolower" => Value::Int(i64::from(chars::ascii_lower(c))),
        _ => Value::Int(i64::from(chars::uni_lower(c))),
    })
}

named_fns!(
    CHAR_FNS,
    char_fn,
    ascii_iscased,
    unicode_iscased,
    ascii_tolower,
    unicode_tolower
);

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let t = types(vm);
    pattern::init_type(vm, &t.pattern);
    matchobj::init_types(vm, &t.match_, &t.scanner);
    let m = module::new_module(vm, "_sre");
    let d = module::module_dict(&m);
    for (k, v) in [
        ("MAGIC", Value::Int(MAGIC)),
        ("CODESIZE", Value::Int(4)),
        ("MAXREPEAT", Value::Int(i64::from(MAXREPEAT))),
        ("MAXGROUPS", Value::Int(i64::from(i32::MAX / 2))),
        (
            "copyright",
            vm.new_str("SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB"),
        ),
    ] {
        dict::set_item(vm, &d, vm.name(k), v).expect("str keys");
    }
    let fns: &[(&'static str, NativeFn)] = &[
        ("compile", compile),
        ("template", template),
        ("getcodesize", |vm, a| {
            a.check(vm, "getcodesize", 0, 0)?;
            Ok(Value::Int(4))
        }),
    ];
    add_functions(vm, &m, "_sre", fns.iter().chain(CHAR_FNS));
    m
}
