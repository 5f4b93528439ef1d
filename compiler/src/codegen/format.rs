//! `'...%s...' % (a, b)` compiled as an f-string, as CPython 3.14's AST
//! preprocessing does when the format uses only `%s`, `%r` and `%a` (with
//! optional flags, width and precision) and the tuple's length matches.

use super::{CResult, Compiler};
use crate::ast::*;
use crate::code::ConstValue;
use crate::text::PyStr;
use pyrite_bytecode::Opcode;

/// One piece of a parsed format.
enum Piece {
    Literal(PyStr),
    /// A conversion (`CONVERT_VALUE` operand) and its format spec.
    Field {
        convert: u32,
        spec: Option<String>,
    },
}

/// Splits a format string into literals and `%s`/`%r`/`%a` fields; `None`
/// when anything else appears.
fn parse(format: &PyStr) -> Option<Vec<Piece>> {
    let cps: Vec<u32> = format.code_points().collect();
    let mut pieces = Vec::new();
    let mut literal = PyStr::default();
    let mut i = 0;
    let next = |i: &mut usize| -> Option<char> {
        let c = char::from_u32(*cps.get(*i)?)?;
        *i += 1;
        Some(c)
    };
    while i < cps.len() {
        if cps[i] != u32::from('%') {
            literal.push(cps[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut c = next(&mut i)?;
        if c == '%' {
            literal.push(u32::from('%'));
            continue;
        }
        let mut left = false;
        while matches!(c, '-' | '+' | ' ' | '#' | '0') {
            left |= c == '-';
            c = next(&mut i)?;
        }
        let mut width: Option<u64> = None;
        while let Some(d) = c.to_digit(10) {
            width = Some(
                width
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(d))?,
            );
            c = next(&mut i)?;
        }
        let mut precision: Option<u64> = None;
        if c == '.' {
            precision = Some(0);
            c = next(&mut i)?;
            while let Some(d) = c.to_digit(10) {
                precision = Some(
                    precision
                        .unwrap_or(0)
                        .checked_mul(10)?
                        .checked_add(u64::from(d))?,
                );
                c = next(&mut i)?;
            }
        }
        let convert = match c {
            's' => 1,
            'r' => 2,
            'a' => 3,
            _ => return None,
        };
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        let align = if left { "" } else { ">" };
        let spec = match (width, precision) {
            (Some(w), Some(p)) => Some(format!("{align}{w}.{p}")),
            (Some(w), None) => Some(format!("{align}{w}")),
            (None, Some(p)) => Some(format!(".{p}")),
            (None, None) => None,
        };
        pieces.push(Piece::Field { convert, spec });
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Some(pieces)
}

impl<'a> Compiler<'a> {
    /// Compiles `format % (args...)` as an f-string when it can; returns
    /// whether it did.
    pub(crate) fn percent_format(
        &mut self,
        e: &'a Expr,
        left: &'a Expr,
        right: &'a Expr,
    ) -> CResult<bool> {
        let ExprKind::Constant {
            value: Constant::Str(format),
            ..
        } = &left.kind
        else {
            return Ok(false);
        };
        let ExprKind::Tuple {
            elts,
            ctx: ExprContext::Load,
        } = &right.kind
        else {
            return Ok(false);
        };
        if elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
        {
            return Ok(false);
        }
        let Some(pieces) = parse(format) else {
            return Ok(false);
        };
        let fields = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Field { .. }))
            .count();
        if fields != elts.len() {
            return Ok(false);
        }
        let mut args = elts.iter();
        for piece in &pieces {
            match piece {
                Piece::Literal(text) => {
                    let i = self
                        .unit()
                        .add_const(ConstValue::Str(std::rc::Rc::new(text.clone())));
                    self.emit_at(Opcode::LOAD_CONST, i, None);
                }
                Piece::Field { convert, spec } => {
                    let arg = args.next().expect("as many fields as arguments");
                    self.expr(arg)?;
                    let loc = Some(arg.range);
                    self.emit_at(Opcode::CONVERT_VALUE, *convert, loc);
                    match spec {
                        Some(spec) => {
                            let i = self.unit().add_const(ConstValue::str(spec));
                            self.emit_at(Opcode::LOAD_CONST, i, None);
                            self.emit_at(Opcode::FORMAT_WITH_SPEC, 0, loc);
                        }
                        None => self.emit_at(Opcode::FORMAT_SIMPLE, 0, loc),
                    }
                }
            }
        }
        match pieces.len() {
            0 => {
                let i = self.unit().add_const(ConstValue::str(""));
                self.emit_at(Opcode::LOAD_CONST, i, None);
            }
            1 => {}
            n => self.emit_at(Opcode::BUILD_STRING, n as u32, Some(e.range)),
        }
        Ok(true)
    }
}
