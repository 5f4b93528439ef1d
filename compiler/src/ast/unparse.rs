//! Expressions back to source text, as CPython's compiler writes them for
//! `from __future__ import annotations` (PEP 563): the strings that end up
//! in `__annotations__`. Parentheses come from operator precedence, not
//! from the source, so `3 ** -4` reads back as `3 ** (-4)`.

use super::{
    Arguments, BoolOp, CmpOp, Comprehension, Constant, Expr, ExprKind, Keyword, Operator, UnaryOp,
};
use crate::text::{repr_str, repr_str_code_points};

/// Binding strength, weakest first (CPython's `PR_*` levels); a
/// subexpression is parenthesized when its context binds tighter.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Tuple,
    Test,
    Or,
    And,
    Not,
    Cmp,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Arith,
    Term,
    Factor,
    Power,
    Await,
    Atom,
}

impl Level {
    /// The next tighter level.
    fn up(self) -> Level {
        use Level::*;
        match self {
            Tuple => Test,
            Test => Or,
            Or => And,
            And => Not,
            Not => Cmp,
            Cmp => BitOr,
            BitOr => BitXor,
            BitXor => BitAnd,
            BitAnd => Shift,
            Shift => Arith,
            Arith => Term,
            Term => Factor,
            Factor => Power,
            Power => Await,
            Await | Atom => Atom,
        }
    }
}

/// The source text of an annotation (unparsed at the level of a test, so
/// a bare tuple or a named expression gets parentheses).
pub fn unparse_annotation(e: &Expr) -> String {
    let mut w = Unparser { out: String::new() };
    w.expr(e, Level::Test);
    w.out
}

struct Unparser {
    out: String,
}

fn binop(op: Operator) -> (&'static str, Level) {
    match op {
        Operator::Add => (" + ", Level::Arith),
        Operator::Sub => (" - ", Level::Arith),
        Operator::Mult => (" * ", Level::Term),
        Operator::MatMult => (" @ ", Level::Term),
        Operator::Div => (" / ", Level::Term),
        Operator::Mod => (" % ", Level::Term),
        Operator::FloorDiv => (" // ", Level::Term),
        Operator::LShift => (" << ", Level::Shift),
        Operator::RShift => (" >> ", Level::Shift),
        Operator::BitOr => (" | ", Level::BitOr),
        Operator::BitXor => (" ^ ", Level::BitXor),
        Operator::BitAnd => (" & ", Level::BitAnd),
        Operator::Pow => (" ** ", Level::Power),
    }
}

fn cmpop(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => " == ",
        CmpOp::NotEq => " != ",
        CmpOp::Lt => " < ",
        CmpOp::LtE => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::GtE => " >= ",
        CmpOp::Is => " is ",
        CmpOp::IsNot => " is not ",
        CmpOp::In => " in ",
        CmpOp::NotIn => " not in ",
    }
}

impl Unparser {
    fn s(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Writes `items` separated by `, `, each at `level`.
    fn list(&mut self, items: &[Expr], level: Level) {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.expr(e, level);
        }
    }

    fn expr(&mut self, e: &Expr, level: Level) {
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let (sep, pr) = match op {
                    BoolOp::And => (" and ", Level::And),
                    BoolOp::Or => (" or ", Level::Or),
                };
                self.wrap(level > pr, |w| {
                    for (i, v) in values.iter().enumerate() {
                        if i > 0 {
                            w.s(sep);
                        }
                        w.expr(v, pr.up());
                    }
                });
            }
            ExprKind::NamedExpr { target, value } => self.wrap(level > Level::Tuple, |w| {
                w.expr(target, Level::Atom);
                w.s(" := ");
                w.expr(value, Level::Atom);
            }),
            ExprKind::BinOp { left, op, right } => {
                let (sep, pr) = binop(*op);
                // `**` groups to the right.
                let right_assoc = *op == Operator::Pow;
                self.wrap(level > pr, |w| {
                    w.expr(left, if right_assoc { pr.up() } else { pr });
                    w.s(sep);
                    w.expr(right, if right_assoc { pr } else { pr.up() });
                });
            }
            ExprKind::UnaryOp { op, operand } => {
                let (sign, pr) = match op {
                    UnaryOp::Invert => ("~", Level::Factor),
                    UnaryOp::Not => ("not ", Level::Not),
                    UnaryOp::UAdd => ("+", Level::Factor),
                    UnaryOp::USub => ("-", Level::Factor),
                };
                self.wrap(level > pr, |w| {
                    w.s(sign);
                    w.expr(operand, pr);
                });
            }
            ExprKind::Lambda { args, body } => self.wrap(level > Level::Test, |w| {
                let positional = args.posonlyargs.len() + args.args.len();
                w.s(if positional > 0 { "lambda " } else { "lambda" });
                w.arguments(args);
                w.s(": ");
                w.expr(body, Level::Test);
            }),
            ExprKind::IfExp { test, body, orelse } => self.wrap(level > Level::Test, |w| {
                w.expr(body, Level::Test.up());
                w.s(" if ");
                w.expr(test, Level::Test.up());
                w.s(" else ");
                w.expr(orelse, Level::Test);
            }),
            ExprKind::Dict { keys, values } => {
                self.s("{");
                for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    match k {
                        Some(k) => {
                            self.expr(k, Level::Test);
                            self.s(": ");
                            self.expr(v, Level::Test);
                        }
                        None => {
                            self.s("**");
                            self.expr(v, Level::BitOr);
                        }
                    }
                }
                self.s("}");
            }
            ExprKind::Set { elts } if elts.is_empty() => self.s("{*()}"),
            ExprKind::Set { elts } => {
                self.s("{");
                self.list(elts, Level::Test);
                self.s("}");
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension("[", elt, generators, "]");
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension("{", elt, generators, "}");
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension("(", elt, generators, ")");
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.s("{");
                self.expr(key, Level::Test);
                self.s(": ");
                self.expr(value, Level::Test);
                self.generators(generators);
                self.s("}");
            }
            ExprKind::Await { value } => self.wrap(level > Level::Await, |w| {
                w.s("await ");
                w.expr(value, Level::Atom);
            }),
            ExprKind::Yield { value } => {
                self.s("(yield");
                if let Some(v) = value {
                    self.s(" ");
                    self.expr(v, Level::Test);
                }
                self.s(")");
            }
            ExprKind::YieldFrom { value } => {
                self.s("(yield from ");
                self.expr(value, Level::Test);
                self.s(")");
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.wrap(level > Level::Cmp, |w| {
                w.expr(left, Level::Cmp.up());
                for (op, right) in ops.iter().zip(comparators) {
                    w.s(cmpop(*op));
                    w.expr(right, Level::Cmp.up());
                }
            }),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func, Level::Atom);
                match (args.as_slice(), keywords.is_empty()) {
                    // A lone generator argument shares the call's parentheses.
                    (
                        [
                            Expr {
                                kind: ExprKind::GeneratorExp { elt, generators },
                                ..
                            },
                        ],
                        true,
                    ) => self.comprehension("(", elt, generators, ")"),
                    _ => {
                        self.s("(");
                        self.list(args, Level::Test);
                        for (i, k) in keywords.iter().enumerate() {
                            if i > 0 || !args.is_empty() {
                                self.s(", ");
                            }
                            self.keyword(k);
                        }
                        self.s(")");
                    }
                }
            }
            ExprKind::FormattedValue { .. } | ExprKind::Interpolation { .. } => {
                // Only inside an f-string or t-string (below).
                let mut body = String::new();
                self.fstring_element(e, false, &mut body);
                self.s(&body);
            }
            ExprKind::JoinedStr { values } => self.fstring("f", values),
            ExprKind::TemplateStr { values } => self.fstring("t", values),
            ExprKind::Constant { value, kind } => self.constant(value, kind.as_deref()),
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value, Level::Atom);
                // `1.real` would lex as a float.
                if let ExprKind::Constant {
                    value: Constant::Int(_) | Constant::BigInt(_),
                    ..
                } = value.kind
                {
                    self.s(" ");
                }
                self.s(".");
                self.s(attr);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value, Level::Atom);
                self.s("[");
                match &slice.kind {
                    ExprKind::Tuple { elts, .. } if !elts.is_empty() => {
                        self.list(elts, Level::Test);
                        if elts.len() == 1 {
                            self.s(",");
                        }
                    }
                    _ => self.expr(slice, Level::Tuple),
                }
                self.s("]");
            }
            ExprKind::Starred { value, .. } => {
                self.s("*");
                self.expr(value, Level::BitOr);
            }
            ExprKind::Name { id, .. } => self.s(id),
            ExprKind::List { elts, .. } => {
                self.s("[");
                self.list(elts, Level::Test);
                self.s("]");
            }
            ExprKind::Tuple { elts, .. } if elts.is_empty() => self.s("()"),
            ExprKind::Tuple { elts, .. } => self.wrap(level > Level::Tuple, |w| {
                w.list(elts, Level::Test);
                if elts.len() == 1 {
                    w.s(",");
                }
            }),
            ExprKind::Slice { lower, upper, step } => {
                if let Some(l) = lower {
                    self.expr(l, Level::Test);
                }
                self.s(":");
                if let Some(u) = upper {
                    self.expr(u, Level::Test);
                }
                if let Some(s) = step {
                    self.s(":");
                    self.expr(s, Level::Test);
                }
            }
        }
    }

    /// Runs `body`, in parentheses when `paren`.
    fn wrap(&mut self, paren: bool, body: impl FnOnce(&mut Self)) {
        if paren {
            self.s("(");
        }
        body(self);
        if paren {
            self.s(")");
        }
    }

    fn keyword(&mut self, k: &Keyword) {
        match &k.arg {
            Some(name) => {
                self.s(name);
                self.s("=");
            }
            None => self.s("**"),
        }
        self.expr(&k.value, Level::Test);
    }

    fn comprehension(&mut self, open: &str, elt: &Expr, generators: &[Comprehension], close: &str) {
        self.s(open);
        self.expr(elt, Level::Test);
        self.generators(generators);
        self.s(close);
    }

    fn generators(&mut self, generators: &[Comprehension]) {
        for g in generators {
            self.s(if g.is_async != 0 {
                " async for "
            } else {
                " for "
            });
            self.expr(&g.target, Level::Tuple);
            self.s(" in ");
            self.expr(&g.iter, Level::Test.up());
            for cond in &g.ifs {
                self.s(" if ");
                self.expr(cond, Level::Test.up());
            }
        }
    }

    /// A lambda's parameter list (no annotations can appear there).
    fn arguments(&mut self, a: &Arguments) {
        let mut first = true;
        let mut sep = |w: &mut Self| {
            if !first {
                w.s(", ");
            }
            first = false;
        };
        let positional: Vec<_> = a.posonlyargs.iter().chain(&a.args).collect();
        let first_default = positional.len() - a.defaults.len();
        for (i, arg) in positional.iter().enumerate() {
            sep(self);
            self.s(&arg.arg);
            if i >= first_default {
                self.s("=");
                self.expr(&a.defaults[i - first_default], Level::Test);
            }
            if i + 1 == a.posonlyargs.len() {
                self.s(", /");
            }
        }
        if a.vararg.is_some() || !a.kwonlyargs.is_empty() {
            sep(self);
            self.s("*");
            if let Some(v) = &a.vararg {
                self.s(&v.arg);
            }
        }
        for (arg, default) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
            sep(self);
            self.s(&arg.arg);
            if let Some(d) = default {
                self.s("=");
                self.expr(d, Level::Test);
            }
        }
        if let Some(k) = &a.kwarg {
            sep(self);
            self.s("**");
            self.s(&k.arg);
        }
    }

    fn constant(&mut self, c: &Constant, kind: Option<&str>) {
        match c {
            Constant::Ellipsis => self.s("..."),
            // Infinities have no literal: an overflowing one stands in.
            Constant::Float(v) if v.is_infinite() => self.s("1e309"),
            Constant::Complex { imag } if imag.is_infinite() => self.s("1e309j"),
            Constant::Str(_) if kind == Some("u") => {
                self.s("u");
                self.s(&c.repr());
            }
            _ => self.s(&c.repr()),
        }
    }

    /// An f-string or t-string: its body written out, then quoted as
    /// `repr` would quote it.
    fn fstring(&mut self, prefix: &str, values: &[Expr]) {
        let mut body = String::new();
        for v in values {
            self.fstring_element(v, false, &mut body);
        }
        self.s(prefix);
        self.s(&repr_str(&body));
    }

    /// One part of an f-string body: literal text with its braces doubled,
    /// or a replacement field.
    fn fstring_element(&mut self, e: &Expr, in_spec: bool, body: &mut String) {
        match &e.kind {
            ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } => {
                for cp in s.code_points() {
                    match char::from_u32(cp) {
                        Some('{') => body.push_str("{{"),
                        Some('}') => body.push_str("}}"),
                        Some(ch) => body.push(ch),
                        // A lone surrogate: keep its escape, quoted later.
                        None => {
                            let r = repr_str_code_points(std::iter::once(cp));
                            body.push_str(&r[1..r.len() - 1]);
                        }
                    }
                }
            }
            ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } if in_spec => {
                for v in values {
                    self.fstring_element(v, true, body);
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            }
            | ExprKind::Interpolation {
                value,
                conversion,
                format_spec,
                ..
            } => {
                let mut inner = Unparser { out: String::new() };
                // Above a test, so that a lambda's `:` is inside parentheses.
                inner.expr(value, Level::Test.up());
                body.push_str(if inner.out.starts_with('{') {
                    "{ "
                } else {
                    "{"
                });
                body.push_str(&inner.out);
                if let Some(c) = u32::try_from(*conversion).ok().and_then(char::from_u32) {
                    body.push('!');
                    body.push(c);
                }
                if let Some(spec) = format_spec {
                    body.push(':');
                    self.fstring_element(spec, true, body);
                }
                body.push('}');
            }
            _ => {
                let mut inner = Unparser { out: String::new() };
                inner.expr(e, Level::Test);
                body.push_str(&inner.out);
            }
        }
    }
}
