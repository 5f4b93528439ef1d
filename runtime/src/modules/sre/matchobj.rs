//! `re.Match` (groups by number or name, spans, `expand`, the attributes
//! and repr) and the scanner behind `finditer` (`_sre.SRE_Scanner`).

use super::engine::{Found, Matcher};
use super::{Builder, PatternData, Subject, TemplateData, compile_template, pattern_of, types};
use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::builtin::{add_methods, add_static};
use crate::types::descriptor::add_getsets;
use crate::types::native::{native, new_native};
use crate::types::str::str_data;
use crate::types::{dict, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::Cell;
use std::rc::Rc;

/// A match: the spans of the whole match and of each group.
pub struct MatchData {
    pattern: Value,
    subject: Rc<Subject>,
    pos: usize,
    endpos: usize,
    /// Index 0 is the whole match, then each group (None if unmatched).
    spans: Vec<Option<(usize, usize)>>,
    lastindex: Option<usize>,
}

/// A `re.Match` for what the matcher `found`.
pub fn new_match(
    vm: &Vm,
    pattern: &Value,
    subject: Rc<Subject>,
    pos: usize,
    endpos: usize,
    found: &Found,
) -> Value {
    let mut spans = vec![Some(found.span)];
    spans.extend(found.groups.iter().copied());
    new_native(
        &types(vm).match_,
        MatchData {
            pattern: pattern.clone(),
            subject,
            pos,
            endpos,
            spans,
            lastindex: found.lastindex,
        },
    )
}

fn match_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MatchData> {
    native::<MatchData>(v).ok_or_else(|| {
        vm.type_error(format!(
            "descriptor requires a 're.Match' object but received '{}'",
            vm.type_name(v)
        ))
    })
}

impl MatchData {
    fn pat<'a>(&'a self, vm: &Vm) -> PyResult<&'a PatternData> {
        pattern_of(vm, &self.pattern)
    }

    /// The group number `g` names (an int or a group name).
    fn index(&self, vm: &Vm, g: &Value) -> PyResult<usize> {
        let no_such = || vm.index_error("no such group");
        // A name stands for the number the pattern's groupindex gives it.
        let n = if str_data(g).is_some() {
            let d = self.pat(vm)?.groupindex.as_obj().cloned();
            match d {
                Some(d) => dict::data(&d).get(vm, g)?,
                None => None,
            }
        } else {
            vm.index(g).ok()
        };
        n.and_then(|n| crate::types::int::to_i64(vm, &n).ok())
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n < self.spans.len())
            .ok_or_else(no_such)
    }

    /// The text of group `i`, or `default` if it did not match.
    fn text(&self, vm: &Vm, i: usize, default: &Value) -> Value {
        match self.spans[i] {
            Some((s, e)) => self.subject.slice(vm, s, e),
            None => default.clone(),
        }
    }
}

fn group(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = match_of(vm, &args.pos[0])?;
    args.no_kwargs(vm, "group")?;
    let gs = &args.pos[1..];
    if gs.len() <= 1 {
        let i = match gs.first() {
            Some(g) => m.index(vm, g)?,
            None => 0,
        };
        return Ok(m.text(vm, i, &Value::None));
    }
    let mut out = Vec::with_capacity(gs.len());
    for g in gs {
        out.push(m.text(vm, m.index(vm, g)?, &Value::None));
    }
    Ok(tuple::new_tuple(vm, out))
}

fn getitem(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, g] = args.check(vm, "__getitem__", 2, 2)? else {
        unreachable!()
    };
    let m = match_of(vm, me)?;
    Ok(m.text(vm, m.index(vm, g)?, &Value::None))
}

fn groups(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = match_of(vm, &args.pos[0])?;
    let a = args.shift().bind(vm, "groups", &["default"], 0, 0, 1)?;
    let default = a[0].clone().unwrap_or(Value::None);
    let items = (1..m.spans.len())
        .map(|i| m.text(vm, i, &default))
        .collect();
    Ok(tuple::new_tuple(vm, items))
}

fn groupdict(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = match_of(vm, &args.pos[0])?;
    let a = args.shift().bind(vm, "groupdict", &["default"], 0, 0, 1)?;
    let default = a[0].clone().unwrap_or(Value::None);
    let out = dict::new_dict(&vm.types);
    let names = vm.iterate(&m.pat(vm)?.groupindex)?;
    for name in names {
        let i = m.index(vm, &name)?;
        dict::set_item(vm, &out, name, m.text(vm, i, &default))?;
    }
    Ok(Value::Obj(out))
}

/// `start`, `end` and `span` of a group (-1 when it did not match).
fn position(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let m = match_of(vm, &args.pos[0])?;
    let p = args.shift().check(vm, name, 0, 1)?;
    let i = match p.first() {
        Some(g) => m.index(vm, g)?,
        None => 0,
    };
    let (s, e) = m.spans[i].map_or((-1, -1), |(s, e)| (s as i64, e as i64));
    Ok(match name {
        "start" => Value::Int(s),
        "end" => Value::Int(e),
        _ => tuple::new_tuple(vm, vec![Value::Int(s), Value::Int(e)]),
    })
}

named_fns!(POSITION_FNS, position, start, end, span);

fn expand(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, template] = args.check(vm, "expand", 2, 2)? else {
        unreachable!()
    };
    let m = match_of(vm, me)?;
    let t = compile_template(vm, &m.pattern, template)?;
    let t = native::<TemplateData>(&t).ok_or_else(|| vm.type_error("invalid template"))?;
    let mut out = Builder::new(m.subject.bytes);
    t.expand(vm, &mut out, &m.subject, &m.spans)?;
    Ok(out.finish(vm))
}

fn match_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let m = match_of(vm, &args.pos[0])?;
    let (s, e) = m.spans[0].unwrap_or((0, 0));
    let text: String = vm
        .repr_string(&m.text(vm, 0, &Value::None))?
        .chars()
        .take(50)
        .collect();
    Ok(vm.new_str(&format!("<re.Match object; span=({s}, {e}), match={text}>")))
}

fn regs(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = match_of(vm, v)?;
    let items = m
        .spans
        .iter()
        .map(|sp| {
            let (s, e) = sp.map_or((-1, -1), |(s, e)| (s as i64, e as i64));
            tuple::new_tuple(vm, vec![Value::Int(s), Value::Int(e)])
        })
        .collect();
    Ok(tuple::new_tuple(vm, items))
}

fn lastgroup(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = match_of(vm, v)?;
    let Some(i) = m.lastindex else {
        return Ok(Value::None);
    };
    let names = tuple::tuple_items(&m.pat(vm)?.indexgroup).unwrap_or_default();
    Ok(names.get(i).cloned().unwrap_or(Value::None))
}

/// A scanner: the state of a walk over the matches of one string.
pub struct ScannerData {
    pattern: Value,
    subject: Rc<Subject>,
    /// Where the scan started (matches report it as their `pos`).
    origin: usize,
    pos: Cell<usize>,
    endpos: usize,
    must_advance: Cell<bool>,
    done: Cell<bool>,
}

/// `pattern.scanner(string, pos, endpos)`.
pub fn new_scanner(vm: &Vm, pattern: &Value, subject: Subject, pos: usize, endpos: usize) -> Value {
    new_native(
        &types(vm).scanner,
        ScannerData {
            pattern: pattern.clone(),
            subject: Rc::new(subject),
            origin: pos,
            pos: Cell::new(pos),
            endpos,
            must_advance: Cell::new(false),
            done: Cell::new(false),
        },
    )
}

fn scanner_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ScannerData> {
    native::<ScannerData>(v).ok_or_else(|| vm.type_error("expected an SRE_Scanner"))
}

/// `scanner.match()` / `scanner.search()`: the next match, or None.
fn scan(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let sc = scanner_of(vm, &args.pos[0])?;
    args.shift().check(vm, name, 0, 0)?;
    if sc.done.get() {
        return Ok(Value::None);
    }
    let pat = pattern_of(vm, &sc.pattern)?;
    let groups = pat.groups;
    let mut m = Matcher::new(&pat.code, &sc.subject.chars, sc.endpos);
    m.must_advance = sc.must_advance.get();
    let found = if name == "search" {
        m.search(sc.pos.get(), groups)
    } else {
        m.match_at(sc.pos.get(), groups)
    };
    let Some(f) = found else {
        sc.done.set(true);
        return Ok(Value::None);
    };
    let (s, e) = f.span;
    sc.must_advance.set(s == e);
    sc.pos.set(e);
    Ok(new_match(
        vm,
        &sc.pattern,
        sc.subject.clone(),
        sc.origin,
        sc.endpos,
        &f,
    ))
}

named_fns!(SCAN_FNS, scan, search);

/// Adds the methods and attributes of `re.Match` and the scanner.
pub fn init_types(vm: &Vm, match_ty: &ObjRef, scanner_ty: &ObjRef) {
    let methods: &[(&'static str, NativeFn)] = &[
        ("group", group),
        ("__getitem__", getitem),
        ("groups", groups),
        ("groupdict", groupdict),
        ("expand", expand),
        ("__repr__", match_repr),
        ("__copy__", |_, a| Ok(a.pos[0].clone())),
        ("__deepcopy__", |_, a| Ok(a.pos[0].clone())),
        (
            "__class_getitem__",
            crate::types::native::generic_alias_classmethod,
        ),
    ];
    add_methods(vm, match_ty, methods);
    add_methods(vm, match_ty, POSITION_FNS);
    add_getsets(
        vm,
        match_ty,
        &[
            (
                "string",
                |vm, v| Ok(match_of(vm, v)?.subject.value.clone()),
                None,
            ),
            ("re", |vm, v| Ok(match_of(vm, v)?.pattern.clone()), None),
            (
                "pos",
                |vm, v| Ok(Value::Int(match_of(vm, v)?.pos as i64)),
                None,
            ),
            (
                "endpos",
                |vm, v| Ok(Value::Int(match_of(vm, v)?.endpos as i64)),
                None,
            ),
            (
                "lastindex",
                |vm, v| {
                    Ok(match_of(vm, v)?
                        .lastindex
                        .map_or(Value::None, |i| Value::Int(i as i64)))
                },
                None,
            ),
            ("lastgroup", lastgroup, None),
            ("regs", regs, None),
        ],
    );
    add_static(vm, match_ty, "__new__", |vm, _| {
        Err(vm.type_error("cannot create 're.Match' instances"))
    });
    add_methods(
        vm,
        scanner_ty,
        &[("match", |vm, a| scan(vm, "match", a)), SCAN_FNS[0]],
    );
    add_getsets(
        vm,
        scanner_ty,
        &[(
            "pattern",
            |vm, v| Ok(scanner_of(vm, v)?.pattern.clone()),
            None,
        )],
    );
}
