//! Assignment, deletion and loop targets: checking that an expression can be
//! assigned to, and giving it the Store or Del context.

use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprContext, ExprKind};
use crate::error::SyntaxError;
use crate::lexer::Tok;

/// Where a target appears; decides its context and CPython's error wording.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum TargetKind {
    /// `x = ...`
    Assign,
    /// `for x in ...`, `with ... as x`, comprehensions.
    For,
    /// `del x`
    Del,
}

/// The name CPython uses for an expression in error messages
/// (`_PyPegen_get_expr_name`).
pub(super) fn expr_name(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr { .. } | ExprKind::Interpolation { .. } => "t-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The innermost part of `expr` that cannot be a target of `kind`, if any
/// (`_PyPegen_get_invalid_target`).
pub(super) fn invalid_target(expr: &Expr, kind: TargetKind) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
            elts.iter().find_map(|e| invalid_target(e, kind))
        }
        ExprKind::Starred { value, .. } if kind != TargetKind::Del => invalid_target(value, kind),
        // `for a in b` read as expressions is a comparison: look left of `in`.
        ExprKind::Compare { left, ops, .. } if kind == TargetKind::For => {
            if ops[0] == crate::ast::CmpOp::In {
                invalid_target(left, kind)
            } else {
                None
            }
        }
        _ => Some(expr),
    }
}

fn with_context(expr: Expr, ctx: ExprContext) -> Expr {
    let Expr { kind, range } = expr;
    let kind = match kind {
        ExprKind::Name { id, .. } => ExprKind::Name { id, ctx },
        ExprKind::Attribute { value, attr, .. } => ExprKind::Attribute { value, attr, ctx },
        ExprKind::Subscript { value, slice, .. } => ExprKind::Subscript { value, slice, ctx },
        ExprKind::Starred { value, .. } => ExprKind::Starred {
            value: Box::new(with_context(*value, ctx)),
            ctx,
        },
        ExprKind::List { elts, .. } => ExprKind::List {
            elts: elts.into_iter().map(|e| with_context(e, ctx)).collect(),
            ctx,
        },
        ExprKind::Tuple { elts, .. } => ExprKind::Tuple {
            elts: elts.into_iter().map(|e| with_context(e, ctx)).collect(),
            ctx,
        },
        other => other,
    };
    Expr { kind, range }
}

impl Parser<'_> {
    /// Checks `expr` as a target of `kind` and gives it the right context.
    pub(super) fn checked_target(&mut self, expr: Expr, kind: TargetKind) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&expr, kind) {
            return Err(self.invalid_target_error(&expr, bad, kind));
        }
        let ctx = if kind == TargetKind::Del {
            ExprContext::Del
        } else {
            ExprContext::Store
        };
        Ok(with_context(expr, ctx))
    }

    fn invalid_target_error(&mut self, whole: &Expr, bad: &Expr, kind: TargetKind) -> SyntaxError {
        let name = expr_name(bad);
        if matches!(
            bad.kind,
            ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }
        ) && kind == TargetKind::Assign
        {
            return SyntaxError::syntax("assignment to yield expression not possible", bad.range);
        }
        let verb = if kind == TargetKind::Del {
            "delete"
        } else {
            "assign to"
        };
        let suggest_eq = kind == TargetKind::Assign
            && std::ptr::eq(whole, bad)
            && !matches!(
                whole.kind,
                ExprKind::List { .. }
                    | ExprKind::Tuple { .. }
                    | ExprKind::GeneratorExp { .. }
                    | ExprKind::Compare { .. }
                    | ExprKind::Lambda { .. }
                    | ExprKind::IfExp { .. }
                    | ExprKind::NamedExpr { .. }
                    | ExprKind::Yield { .. }
                    | ExprKind::YieldFrom { .. }
                    | ExprKind::Starred { .. }
            )
            && !matches!(
                &whole.kind,
                ExprKind::Constant {
                    value: Constant::Bool(_) | Constant::None,
                    ..
                }
            )
            && !matches!(&whole.kind, ExprKind::BoolOp { .. })
            && !matches!(
                &whole.kind,
                ExprKind::UnaryOp {
                    op: crate::ast::UnaryOp::Not,
                    ..
                }
            );
        if suggest_eq {
            return SyntaxError::syntax(
                format!("cannot {verb} {name} here. Maybe you meant '==' instead of '='?"),
                bad.range,
            );
        }
        SyntaxError::syntax(format!("cannot {verb} {name}"), bad.range)
    }

    /// A target parsed at the `primary` level (`t_primary` and `star_atom` of
    /// CPython's grammar), then checked for `kind`.
    pub(super) fn primary_target(&mut self, kind: TargetKind) -> PResult<Expr> {
        let expr = self.primary()?;
        self.checked_target(expr, kind)
    }

    /// `star_target`: `*target` or a primary-level target.
    pub(super) fn star_target(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.bump().range.start;
            if self.at(Tok::Star) {
                return Err(self.invalid_syntax());
            }
            let inner = self.star_target()?;
            let starred = self.starred(start, inner);
            return self.checked_target(starred, TargetKind::For);
        }
        self.primary_target(TargetKind::For)
    }

    /// `star_targets`: one target, or a tuple of them, as after `for`.
    pub(super) fn star_targets(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_target()?;
        if !self.at(Tok::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if !matches!(self.tok(), Tok::Name | Tok::LPar | Tok::LSqb | Tok::Star) {
                break;
            }
            elts.push(self.star_target()?);
        }
        let tuple = self.tuple(elts, start);
        Ok(with_context(tuple, ExprContext::Store))
    }

    /// `star_targets 'in'` after a `for`: the targets, or `None` (position
    /// unchanged) when they do not parse or no `in` follows.
    pub(super) fn targets_then_in(&mut self) -> Option<Expr> {
        self.speculate(|p| {
            let target = p.star_targets()?;
            p.expect(Tok::In)?;
            Ok(target)
        })
    }

    /// The target of an annotated assignment: a name, attribute or subscript.
    pub(super) fn annotation_target(&mut self, expr: Expr) -> PResult<Expr> {
        match &expr.kind {
            ExprKind::Starred { .. } => Err(self.invalid_syntax()),
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                Ok(with_context(expr, ExprContext::Store))
            }
            ExprKind::Tuple { .. } | ExprKind::List { .. } => Err(SyntaxError::syntax(
                format!(
                    "only single target (not {}) can be annotated",
                    expr_name(&expr)
                ),
                expr.range,
            )),
            _ => Err(SyntaxError::syntax(
                "illegal target for annotation",
                expr.range,
            )),
        }
    }

    /// The target of an augmented assignment: a name, attribute or subscript.
    pub(super) fn aug_target(&mut self, expr: Expr) -> PResult<Expr> {
        match &expr.kind {
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                Ok(with_context(expr, ExprContext::Store))
            }
            _ => Err(SyntaxError::syntax(
                format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&expr)
                ),
                expr.range,
            )),
        }
    }
}

/// Whether `e` is an expression kind the `bitwise_or` rule can produce
/// (ignoring parentheses, which make anything an atom).
pub(super) fn is_bitwise_or_kind(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::BoolOp { .. }
            | ExprKind::Compare { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::UnaryOp {
                op: crate::ast::UnaryOp::Not,
                ..
            }
            | ExprKind::Starred { .. }
            | ExprKind::Yield { .. }
            | ExprKind::YieldFrom { .. }
            | ExprKind::NamedExpr { .. }
    )
}

impl Parser<'_> {
    /// The token starting exactly at `offset`, if one does.
    fn token_at(&self, offset: u32) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.range.start < offset);
        (self.tokens.get(i)?.range.start == offset).then_some(i)
    }

    /// Whether `e` stands in parentheses of its own (a group).
    pub(super) fn is_grouped(&self, e: &Expr) -> bool {
        let Some(i) = self.token_at(e.range.start) else {
            return false;
        };
        i > 0
            && self.tokens[i - 1].kind == Tok::LPar
            && !matches!(
                e.kind,
                ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. }
            )
    }

    /// Whether a list, tuple, generator expression or True/None/False can be
    /// read where `e` starts (the negative lookahead of CPython's rule).
    pub(super) fn starts_with_display(&self, e: &Expr) -> bool {
        let mut e = e;
        loop {
            if self.is_grouped(e) {
                return false;
            }
            let inner = match &e.kind {
                ExprKind::Attribute { value, .. }
                | ExprKind::Subscript { value, .. }
                | ExprKind::Call { func: value, .. }
                | ExprKind::BinOp { left: value, .. } => value,
                _ => break,
            };
            if inner.range.start != e.range.start {
                break;
            }
            e = inner;
        }
        let starts_paren = self
            .token_at(e.range.start)
            .is_some_and(|i| self.tokens[i].kind == Tok::LPar);
        match &e.kind {
            ExprKind::List { .. } | ExprKind::GeneratorExp { .. } => true,
            ExprKind::Tuple { .. } => starts_paren,
            ExprKind::Constant {
                value: Constant::Bool(_) | Constant::None,
                ..
            } => true,
            _ => false,
        }
    }

    /// Where the `bitwise_or` read at the start of `rhs` ends, if one can be
    /// read there and is not followed by another `=`.
    fn leading_bitwise_or_end(&self, rhs: &Expr, rhs_is_last: bool) -> Option<u32> {
        if self.is_grouped(rhs) {
            return rhs_is_last.then(|| self.group_end(rhs));
        }
        match &rhs.kind {
            ExprKind::Tuple { elts, .. } if !self.starts_with_display(rhs) => {
                self.leading_bitwise_or_end(elts.first()?, true)
            }
            ExprKind::Compare { left, .. } => self.leading_bitwise_or_end(left, true),
            ExprKind::BoolOp { values, .. } => self.leading_bitwise_or_end(values.first()?, true),
            ExprKind::IfExp { body, .. } => self.leading_bitwise_or_end(body, true),
            _ if !is_bitwise_or_kind(rhs) => None,
            _ => rhs_is_last.then_some(rhs.range.end),
        }
    }

    /// The end of the `)` closing a grouped expression.
    fn group_end(&self, e: &Expr) -> u32 {
        let i = self.tokens.partition_point(|t| t.range.start < e.range.end);
        self.tokens.get(i).map_or(e.range.end, |t| t.range.end)
    }

    /// CPython's diagnosis of an assignment with a target that cannot be
    /// assigned: its `invalid_named_expression` rule at the first target's
    /// last element, then the first invalid target.
    pub(super) fn invalid_assignment(&mut self, targets: &[Expr], value: &Expr) -> SyntaxError {
        let first = &targets[0];
        let rhs = targets.get(1).unwrap_or(value);
        let elements = match &first.kind {
            ExprKind::Tuple { elts, .. } if !self.starts_with_display(first) => elts.as_slice(),
            _ => std::slice::from_ref(first),
        };
        if let Some(last) = elements.last()
            && let Some(rhs_end) = self.leading_bitwise_or_end(rhs, targets.len() == 1)
        {
            let bare_name = matches!(last.kind, ExprKind::Name { .. }) && !self.is_grouped(last);
            if bare_name {
                return SyntaxError::syntax(
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    crate::text::TextRange::new(last.range.start, rhs_end),
                );
            }
            if (self.is_grouped(last) || is_bitwise_or_kind(last))
                && !self.starts_with_display(last)
            {
                return SyntaxError::syntax(
                    format!(
                        "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                        expr_name(last)
                    ),
                    last.range,
                );
            }
        }
        for target in targets {
            if matches!(
                target.kind,
                ExprKind::Yield { .. } | ExprKind::YieldFrom { .. }
            ) && !self.is_grouped(target)
            {
                return SyntaxError::syntax(
                    "assignment to yield expression not possible",
                    target.range,
                );
            }
            if let Some(bad) = invalid_target(target, TargetKind::Assign) {
                return SyntaxError::syntax(
                    format!("cannot assign to {}", expr_name(bad)),
                    bad.range,
                );
            }
        }
        self.invalid_syntax()
    }
}
