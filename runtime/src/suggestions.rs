//! "Did you mean" for `NameError` and `AttributeError` reports: the closest
//! candidate name under CPython's weighted edit distance (case changes cost
//! half a move, at most a third of the characters may change).

use crate::object::ObjRef;
use crate::types::exception::{ExceptionData, TracebackData};
use crate::types::str::as_str;
use crate::types::{dict, typeobj};
use crate::value::Value;
use crate::vm::Vm;

const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;
const MAX_CANDIDATES: usize = 750;
const MAX_STRING: usize = 40;

fn substitution_cost(a: char, b: char) -> usize {
    if a == b {
        0
    } else if a.to_lowercase().eq(b.to_lowercase()) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The weighted edit distance of `a` and `b`, or more than `max_cost`.
fn distance(a: &[char], b: &[char], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let post = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - post], &b[..b.len() - post]);
    if a.is_empty() || b.is_empty() {
        return MOVE_COST * (a.len() + b.len());
    }
    if a.len() > MAX_STRING || b.len() > MAX_STRING {
        return max_cost + 1;
    }
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &bc) in b.iter().enumerate() {
        let mut dist = bi * MOVE_COST;
        result = dist;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = dist + substitution_cost(bc, ac);
            dist = row[ai];
            result = (result.min(dist) + MOVE_COST).min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// The best suggestion for `wrong` among `candidates`.
fn closest(candidates: &[String], wrong: &str) -> Option<String> {
    if candidates.len() > MAX_CANDIDATES {
        return None;
    }
    let w: Vec<char> = wrong.chars().collect();
    if w.len() > MAX_STRING {
        return None;
    }
    let mut best_distance = w.len();
    let mut best: Option<&String> = None;
    for c in candidates {
        if c == wrong {
            continue;
        }
        let cc: Vec<char> = c.chars().collect();
        let max = ((cc.len() + w.len() + 3) * MOVE_COST / 6).min(best_distance.saturating_sub(1));
        let d = distance(&w, &cc, max);
        if d > max {
            continue;
        }
        if best.is_none() || d < best_distance {
            best = Some(c);
            best_distance = d;
        }
    }
    best.cloned()
}

fn str_keys(d: &ObjRef) -> Vec<String> {
    dict::items(d)
        .into_iter()
        .filter_map(|(k, _)| as_str(&k).map(str::to_string))
        .collect()
}

/// The innermost frame record of an exception's traceback.
fn innermost(e: &ObjRef) -> Option<std::rc::Rc<crate::frame::FrameRecord>> {
    let mut tb = e.payload::<ExceptionData>().traceback.borrow().clone()?;
    loop {
        let next = tb.payload::<TracebackData>().next.borrow().clone();
        match next {
            Some(n) => tb = n,
            None => break,
        }
    }
    let frame = tb.payload::<TracebackData>().frame.clone();
    Some(
        frame
            .payload::<crate::frame::FrameObjectData>()
            .record
            .clone(),
    )
}

/// `. Did you mean: 'x'?` for an exception, when CPython would add it.
pub fn suggestion_suffix(vm: &Vm, e: &ObjRef) -> Option<String> {
    let x = &vm.types.exc;
    let ty = e.ty();
    let ev = Value::Obj(e.clone());
    let is_attr = typeobj::is_subtype(&ty, &x.attribute_error);
    let is_name = typeobj::is_subtype(&ty, &x.name_error);
    if !is_attr && !is_name {
        return None;
    }
    let name = vm.getattr_opt(&ev, "name").ok().flatten()?;
    let wrong = as_str(&name)?.to_string();
    let mut self_hint = None;
    let mut candidates: Vec<String> = if is_attr {
        let obj = vm.getattr_opt(&ev, "obj").ok().flatten()?;
        let listed = vm.call_method(&obj, "__dir__", &[]).ok()?;
        let mut d: Vec<String> = vm
            .iterate(&listed)
            .ok()?
            .iter()
            .filter_map(|v| as_str(v).map(str::to_string))
            .collect();
        d.sort();
        d
    } else {
        let record = innermost(e)?;
        // In a method whose instance has the name: `self.name`.
        if let Ok(Value::Obj(l)) = crate::frame::record_locals(vm, &record)
            && let Some(this) = dict::get_str(vm, &l, &vm.new_str("self"))
            && vm.getattr_opt(&this, &wrong).ok().flatten().is_some()
        {
            self_hint = Some(format!("self.{wrong}"));
        }
        let code = record.code.payload::<crate::types::function::CodeData>();
        let mut d: Vec<String> = match record.locals.borrow().as_ref() {
            Some(Value::Obj(l)) if l.downcast::<dict::DictData>().is_some() => str_keys(l),
            Some(_) => Vec::new(),
            None => code
                .code
                .localsplusnames
                .iter()
                .zip(&code.code.localspluskinds)
                .filter(|(_, k)| **k & pyrite_compiler::code::local_kinds::CO_FAST_HIDDEN == 0)
                .map(|(n, _)| n.clone())
                .collect(),
        };
        d.extend(str_keys(&record.globals));
        let builtins = crate::import::builtins_dict_of(vm, &record.globals);
        d.extend(str_keys(&builtins));
        d
    };
    if is_attr && !wrong.starts_with('_') {
        candidates.retain(|c| !c.starts_with('_'));
    }
    let found = self_hint.or_else(|| closest(&candidates, &wrong));
    let mut text = found
        .as_ref()
        .map(|s| format!(". Did you mean: '{s}'?"))
        .unwrap_or_default();
    // A NameError for a standard library module's name hints at an import.
    if is_name
        && crate::stdlib_names::STDLIB_MODULE_NAMES
            .binary_search(&wrong.as_str())
            .is_ok()
    {
        if found.is_some() {
            text.push_str(&format!(" Or did you forget to import '{wrong}'?"));
        } else {
            text.push_str(&format!(". Did you forget to import '{wrong}'?"));
        }
    }
    (!text.is_empty()).then_some(text)
}
