//! The caret line under a traceback's source line (`~~~^^^`), as CPython
//! 3.13+ draws it: `^` under the part of the instruction that failed (a
//! binary operator, a subscript's brackets, a call's parentheses) and `~`
//! under the rest of the instruction's span. Single-line spans only.

use pyrite_compiler::ast::{ExprKind, Mod, StmtKind};

/// Where `^` goes inside a segment (character offsets, end exclusive).
type Anchors = (usize, usize);

fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .map_or(byte, |s| s.chars().count())
}

/// Anchors for a one-line `segment` (the instruction's source text).
fn anchors(segment: &str) -> Option<Anchors> {
    if segment.contains('\n') {
        return None;
    }
    let wrapped = format!("(\n{segment}\n)");
    let parsed = pyrite_compiler::parse_module(wrapped.as_bytes()).ok()?;
    let Mod::Module { body, .. } = &parsed.module else {
        return None;
    };
    let [stmt] = body.as_slice() else {
        return None;
    };
    let StmtKind::Expr { value } = &stmt.kind else {
        return None;
    };
    let chars: Vec<char> = segment.chars().collect();
    // Node offsets are into the wrapped text: the segment starts at byte 2.
    let at = |byte: u32| -> Option<usize> {
        let b = (byte as usize).checked_sub(2)?;
        (b <= segment.len()).then(|| char_offset(segment, b))
    };
    // Moves forward to the first character satisfying `stop` (comments and
    // continuations end the line: no anchors then).
    let advance = |mut col: usize, stop: &dyn Fn(char) -> bool| -> Option<usize> {
        loop {
            let ch = *chars.get(col)?;
            if ch == '\\' || ch == '#' {
                return None;
            }
            if stop(ch) {
                return Some(col);
            }
            col += 1;
        }
    };
    match &value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let col = advance(at(left.range.end)?, &|c| !c.is_whitespace() && c != ')')?;
            let mut end = col + 1;
            let right_start = at(right.range.start)?;
            if end < chars.len()
                && end < right_start
                && !chars[end].is_whitespace()
                && chars[end] != '\\'
                && chars[end] != '#'
            {
                end += 1;
            }
            Some((col, end))
        }
        ExprKind::Subscript { value: inner, .. } => {
            let col = advance(at(inner.range.end)?, &|c| c == '[')?;
            Some((col, at(value.range.end)?))
        }
        ExprKind::Call { func, .. } => {
            let col = advance(at(func.range.end)?, &|c| c == '(')?;
            Some((col, at(value.range.end)?))
        }
        _ => None,
    }
}

/// Whether the span is a whole `return f(...)` or `x = f(...)` value, which
/// CPython does not underline.
fn whole_simple_call(line: &str, start: usize, end: usize) -> bool {
    let Ok(parsed) = pyrite_compiler::parse_module(line.as_bytes()) else {
        return false;
    };
    let Mod::Module { body, .. } = &parsed.module else {
        return false;
    };
    let Some(stmt) = body.first() else {
        return false;
    };
    let value = match &stmt.kind {
        StmtKind::Return { value: Some(v) } => match &v.kind {
            ExprKind::Call { func, .. } if matches!(func.kind, ExprKind::Name { .. }) => v,
            _ => return false,
        },
        StmtKind::Assign { targets, value, .. }
            if targets.len() == 1 && matches!(targets[0].kind, ExprKind::Name { .. }) =>
        {
            match value.kind {
                ExprKind::Call { .. } => value,
                _ => return false,
            }
        }
        _ => return false,
    };
    value.range.start as usize == start && value.range.end as usize == end
}

/// The caret line for `line` (the dedented source line as printed) when the
/// failing instruction spans bytes `col..end_col` of the original line,
/// whose leading whitespace was `indent` bytes. `None` when CPython shows no
/// carets.
pub fn caret_line(original: &str, col: usize, end_col: usize) -> Option<String> {
    let line = original.trim_end_matches(['\n', '\r']);
    if col >= end_col
        || end_col > line.len()
        || !line.is_char_boundary(col)
        || !line.is_char_boundary(end_col)
    {
        return None;
    }
    let indent = line.len() - line.trim_start().len();
    let dedented = &line[indent..];
    let (bstart, bend) = (col.checked_sub(indent)?, end_col.checked_sub(indent)?);
    let start = char_offset(dedented, bstart);
    let end = char_offset(dedented, bend);
    let segment = &dedented[bstart..bend];
    let anchors = anchors(segment);
    if whole_simple_call(dedented, bstart, bend) {
        return None;
    }
    let outside = !dedented[..bstart].trim().is_empty() || !dedented[bend..].trim().is_empty();
    if anchors.is_none() && !outside {
        return None;
    }
    let mut out = String::with_capacity(end + 4);
    for c in 0..end {
        let ch = if c < start {
            ' '
        } else {
            match anchors {
                Some((a, b)) if c >= start + a && c < start + b => '^',
                Some(_) => '~',
                None => '^',
            }
        };
        out.push(ch);
    }
    Some(out)
}
