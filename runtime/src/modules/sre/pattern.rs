//! `re.Pattern`: matching (`match`, `fullmatch`, `search`), the methods
//! that walk all matches (`findall`, `finditer`, `sub`, `subn`, `split`,
//! `scanner`), and the pattern's attributes and repr.

use super::engine::{Found, Matcher};
use super::matchobj::{new_match, new_scanner};
use super::{Builder, PatternData, Subject, TemplateData, compile_template, pattern_of};
use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::types::builtin::add_methods;
use crate::types::descriptor::add_getsets;
use crate::types::int::to_i64;
use crate::types::native::native;
use crate::types::str::str_data;
use crate::types::{list, tuple};
use crate::value::Value;
use crate::vm::Vm;
use std::rc::Rc;

/// `pos`/`endpos` arguments clamped to the string, as CPython does.
pub fn bounds(
    vm: &Vm,
    len: usize,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<(usize, usize)> {
    let clamp = |v: Option<&Value>, default: usize| -> PyResult<usize> {
        match v {
            None => Ok(default),
            Some(v) => {
                let n = to_i64(vm, &vm.index(v)?).unwrap_or(i64::MAX);
                Ok(n.clamp(0, len as i64) as usize)
            }
        }
    };
    Ok((clamp(pos, 0)?, clamp(endpos, len)?))
}

/// The pattern, string and bounds of a `(string, pos=0, endpos=...)` call.
fn subject_args<'a>(
    vm: &Vm,
    args: &Args<'a>,
    fname: &str,
) -> PyResult<(&'a Value, Subject, usize, usize)> {
    let me = &args.pos[0];
    let pat = pattern_of(vm, me)?;
    let a = args
        .shift()
        .bind(vm, fname, &["string", "pos", "endpos"], 1, 0, 3)?;
    let subject = Subject::new(vm, pat, a[0].as_ref().expect("required"))?;
    let (pos, endpos) = bounds(vm, subject.len(), a[1].as_ref(), a[2].as_ref())?;
    Ok((me, subject, pos, endpos))
}

/// `match`, `fullmatch` and `search`.
fn match_with(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let (me, subject, pos, endpos) = subject_args(vm, &args, name)?;
    let pat = pattern_of(vm, me)?;
    let mut m = Matcher::new(&pat.code, &subject.chars, endpos);
    m.match_all = name == "fullmatch";
    let found = if name == "search" {
        m.search(pos, pat.groups)
    } else {
        m.match_at(pos, pat.groups)
    };
    Ok(match found {
        Some(f) => new_match(vm, me, Rc::new(subject), pos, endpos, &f),
        None => Value::None,
    })
}

/// `match`, `fullmatch`, `search` (`match` is a Rust keyword, so the
/// table is written out).
const MATCH_FNS: &[(&str, NativeFn)] = &[
    ("match", |vm, a| match_with(vm, "match", a)),
    ("fullmatch", |vm, a| match_with(vm, "fullmatch", a)),
    ("search", |vm, a| match_with(vm, "search", a)),
];

/// Every match from `pos` on (non-overlapping; after an empty match the
/// next one may not be empty at the same place), at most `limit`.
fn each_match(
    pat: &PatternData,
    subject: &Subject,
    pos: usize,
    endpos: usize,
    limit: usize,
    mut f: impl FnMut(&Found) -> PyResult<()>,
) -> PyResult<usize> {
    let mut m = Matcher::new(&pat.code, &subject.chars, endpos);
    let mut at = pos;
    let mut n = 0;
    while limit == 0 || n < limit {
        let Some(found) = m.search(at, pat.groups) else {
            break;
        };
        f(&found)?;
        n += 1;
        let (s, e) = found.span;
        m.must_advance = s == e;
        at = e;
    }
    Ok(n)
}

/// Group `g` (1-based) of a match as text, or `default` if it did not match.
fn group_text(vm: &Vm, subject: &Subject, f: &Found, g: usize, default: &Value) -> Value {
    match f.groups.get(g - 1).copied().flatten() {
        Some((s, e)) => subject.slice(vm, s, e),
        None => default.clone(),
    }
}

fn findall(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (me, subject, pos, endpos) = subject_args(vm, &args, "findall")?;
    let pat = pattern_of(vm, me)?;
    let empty = subject.empty(vm);
    let mut out = Vec::new();
    each_match(pat, &subject, pos, endpos, 0, |f| {
        out.push(match pat.groups {
            0 => subject.slice(vm, f.span.0, f.span.1),
            1 => group_text(vm, &subject, f, 1, &empty),
            n => tuple::new_tuple(
                vm,
                (1..=n)
                    .map(|g| group_text(vm, &subject, f, g, &empty))
                    .collect(),
            ),
        });
        Ok(())
    })?;
    Ok(list::new_list(vm, out))
}

fn scanner(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (me, subject, pos, endpos) = subject_args(vm, &args, "scanner")?;
    Ok(new_scanner(vm, me, subject, pos, endpos))
}

fn finditer(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let (me, subject, pos, endpos) = subject_args(vm, &args, "finditer")?;
    let sc = new_scanner(vm, me, subject, pos, endpos);
    let search = vm.getattr(&sc, "search")?;
    Ok(crate::types::iterators::new_callable_iter(
        vm,
        search,
        Value::None,
    ))
}

fn split(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let pat = pattern_of(vm, me)?;
    let a = args
        .shift()
        .bind(vm, "split", &["string", "maxsplit"], 1, 0, 2)?;
    let subject = Subject::new(vm, pat, a[0].as_ref().expect("required"))?;
    let maxsplit = a[1].as_ref().map_or(Ok(0), |v| to_i64(vm, v))?;
    if maxsplit < 0 {
        return Ok(list::new_list(
            vm,
            vec![subject.slice(vm, 0, subject.len())],
        ));
    }
    let mut out = Vec::new();
    let mut last = 0;
    each_match(pat, &subject, 0, subject.len(), maxsplit as usize, |f| {
        out.push(subject.slice(vm, last, f.span.0));
        for g in 1..=pat.groups {
            out.push(group_text(vm, &subject, f, g, &Value::None));
        }
        last = f.span.1;
        Ok(())
    })?;
    out.push(subject.slice(vm, last, subject.len()));
    Ok(list::new_list(vm, out))
}

/// What replaces each match in `sub`.
enum Replacement {
    Literal(Value),
    Callable(Value),
    Template(Value),
}

fn sub_with(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let me = &args.pos[0];
    let pat = pattern_of(vm, me)?;
    let a = args
        .shift()
        .bind(vm, name, &["repl", "string", "count"], 2, 0, 3)?;
    let repl = a[0].clone().expect("required");
    let subject = Rc::new(Subject::new(vm, pat, a[1].as_ref().expect("required"))?);
    let count = a[2].as_ref().map_or(Ok(0), |v| to_i64(vm, v))?;
    let how = if vm.is_callable(&repl) {
        Replacement::Callable(repl)
    } else {
        let literal = match str_data(&repl) {
            Some(s) => !s.code_points().any(|c| c == u32::from(b'\\')),
            None => crate::types::bytes::bytes_like(vm, &repl)
                .map(|b| !b.contains(&b'\\'))
                .unwrap_or(false),
        };
        if literal {
            Replacement::Literal(repl)
        } else {
            Replacement::Template(compile_template(vm, me, &repl)?)
        }
    };
    let mut out = Builder::new(subject.bytes);
    let mut last = 0;
    let n = each_match(
        pat,
        &subject,
        0,
        subject.len(),
        count.max(0) as usize,
        |f| {
            out.push_chars(&subject.chars[last..f.span.0]);
            match &how {
                Replacement::Literal(v) => out.push_value(vm, v)?,
                Replacement::Callable(c) => {
                    let m = new_match(vm, me, subject.clone(), 0, subject.len(), f);
                    let r = vm.call(c, &[m])?;
                    if !r.is_none() {
                        out.push_value(vm, &r)?;
                    }
                }
                Replacement::Template(t) => {
                    let t = native::<TemplateData>(t)
                        .ok_or_else(|| vm.type_error("invalid template"))?;
                    let mut spans = vec![Some(f.span)];
                    spans.extend(f.groups.iter().copied());
                    t.expand(vm, &mut out, &subject, &spans)?;
                }
            }
            last = f.span.1;
            Ok(())
        },
    )?;
    let result = if n == 0 && subject.is_exact(vm) {
        subject.value.clone()
    } else {
        out.push_chars(&subject.chars[last..]);
        out.finish(vm)
    };
    Ok(if name == "subn" {
        tuple::new_tuple(vm, vec![result, Value::Int(n as i64)])
    } else {
        result
    })
}

named_fns!(SUB_FNS, sub_with, sub, subn);

/// The flags `repr` names, in CPython's order.
const FLAG_NAMES: &[(&str, i64)] = &[
    ("re.IGNORECASE", 2),
    ("re.LOCALE", 4),
    ("re.MULTILINE", 8),
    ("re.DOTALL", 16),
    ("re.UNICODE", 32),
    ("re.VERBOSE", 64),
    ("re.DEBUG", 128),
    ("re.ASCII", 256),
];

fn pattern_repr(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let pat = pattern_of(vm, &args.pos[0])?;
    let mut flags = pat.flags;
    // re.UNICODE is the default for str patterns: not shown.
    if str_data(&pat.pattern).is_some() && flags & (4 | 32 | 256) == 32 {
        flags &= !32;
    }
    let text: String = vm.repr_string(&pat.pattern)?.chars().take(200).collect();
    if flags == 0 {
        return Ok(vm.new_str(&format!("re.compile({text})")));
    }
    let mut names: Vec<String> = Vec::new();
    for (name, bit) in FLAG_NAMES {
        if flags & bit != 0 {
            names.push((*name).to_string());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("{flags:#x}"));
    }
    Ok(vm.new_str(&format!("re.compile({text}, {})", names.join("|"))))
}

fn pattern_eq(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [me, other] = args.check(vm, "__eq__", 2, 2)? else {
        unreachable!()
    };
    let a = pattern_of(vm, me)?;
    let Some(b) = native::<PatternData>(other) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(
        me.is(other)
            || (a.flags == b.flags
                && a.bytes == b.bytes
                && a.code == b.code
                && vm.eq(&a.pattern, &b.pattern)?),
    ))
}

fn pattern_hash(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let pat = pattern_of(vm, &args.pos[0])?;
    let h = vm.hash(&pat.pattern)?;
    let code_hash = pat.code.iter().fold(0i64, |h, &w| {
        h.wrapping_mul(1_000_003).wrapping_add(i64::from(w))
    });
    let mut h = h ^ code_hash.wrapping_mul(31) ^ pat.flags;
    if h == -1 {
        h = -2;
    }
    Ok(Value::Int(h))
}

/// Adds the methods and attributes of `re.Pattern`.
pub fn init_type(vm: &Vm, ty: &ObjRef) {
    let methods: &[(&'static str, NativeFn)] = &[
        ("findall", findall),
        ("finditer", finditer),
        ("scanner", scanner),
        ("split", split),
        ("__repr__", pattern_repr),
        ("__eq__", pattern_eq),
        ("__hash__", pattern_hash),
        ("__copy__", |_, a| Ok(a.pos[0].clone())),
        ("__deepcopy__", |_, a| Ok(a.pos[0].clone())),
        (
            "__class_getitem__",
            crate::types::native::generic_alias_classmethod,
        ),
    ];
    add_methods(vm, ty, methods);
    let rest: Vec<(&'static str, NativeFn)> = MATCH_FNS.iter().chain(SUB_FNS).copied().collect();
    add_methods(vm, ty, &rest);
    add_getsets(
        vm,
        ty,
        &[
            (
                "pattern",
                |vm, v| Ok(pattern_of(vm, v)?.pattern.clone()),
                None,
            ),
            (
                "flags",
                |vm, v| Ok(Value::Int(pattern_of(vm, v)?.flags)),
                None,
            ),
            (
                "groups",
                |vm, v| Ok(Value::Int(pattern_of(vm, v)?.groups as i64)),
                None,
            ),
            (
                "groupindex",
                |vm, v| {
                    let d = pattern_of(vm, v)?.groupindex.clone();
                    let copy = vm.call_method(&d, "copy", &[])?;
                    Ok(crate::types::iterators::new_mappingproxy(vm, copy))
                },
                None,
            ),
        ],
    );
    crate::types::builtin::add_static(vm, ty, "__new__", |vm, _| {
        Err(vm.type_error("cannot create 're.Pattern' instances"))
    });
}
