//! Expressions: the precedence levels from `lambda` and conditional
//! expressions down to atoms, trailers, displays and comprehensions.

use super::{PResult, Parser};
use crate::ast::{
    BoolOp, CmpOp, Comprehension, Constant, Expr, ExprContext, ExprKind, Identifier, Operator,
    UnaryOp,
};
use crate::lexer::{Tok, Token};
use crate::text::TextRange;
use unicode_normalization::UnicodeNormalization;

/// Binary operator levels, loosest first: `|`, `^`, `&`, shifts, sums, terms.
const BINARY_LEVELS: &[&[(Tok, Operator)]] = &[
    &[(Tok::VBar, Operator::BitOr)],
    &[(Tok::Circumflex, Operator::BitXor)],
    &[(Tok::Amper, Operator::BitAnd)],
    &[
        (Tok::LeftShift, Operator::LShift),
        (Tok::RightShift, Operator::RShift),
    ],
    &[(Tok::Plus, Operator::Add), (Tok::Minus, Operator::Sub)],
    &[
        (Tok::Star, Operator::Mult),
        (Tok::Slash, Operator::Div),
        (Tok::DoubleSlash, Operator::FloorDiv),
        (Tok::Percent, Operator::Mod),
        (Tok::At, Operator::MatMult),
    ],
];

impl Parser<'_> {
    /// An identifier's value: NFKC-normalized when it is not ASCII.
    pub(super) fn identifier(&self, t: Token) -> Identifier {
        let text = self.text_of(t);
        if text.is_ascii() {
            text.to_string()
        } else {
            text.nfkc().collect()
        }
    }

    pub(super) fn name_expr(&self, t: Token, ctx: ExprContext) -> Expr {
        Expr::new(
            ExprKind::Name {
                id: self.identifier(t),
                ctx,
            },
            t.range,
        )
    }

    /// Consumes a NAME token and returns its identifier.
    pub(super) fn expect_name(&mut self) -> PResult<(Identifier, TextRange)> {
        let t = self.expect(Tok::Name)?;
        Ok((self.identifier(t), t.range))
    }

    // ----- top levels ---------------------------------------------------------

    /// `expression`: a conditional expression, a lambda or a disjunction.
    pub(super) fn expression(&mut self) -> PResult<Expr> {
        self.nested(1, Self::expression_inner)
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at(Tok::Lambda) {
            return self.lambda();
        }
        let start = self.start();
        let body = self.disjunction()?;
        if !self.at(Tok::If) {
            return Ok(body);
        }
        self.bump();
        let test = self.disjunction()?;
        if !self.eat(Tok::Else) {
            return Err(self.expected_else(&body));
        }
        if !self.starts_expression() || self.at(Tok::Star) {
            return Err(crate::error::SyntaxError::syntax(
                "expected expression after 'else', but statement is given",
                self.range(),
            ));
        }
        let orelse = self.expression()?;
        Ok(Expr::new(
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            self.range_from(start),
        ))
    }

    /// `named_expression`: `NAME := expression` or an expression, with
    /// CPython's hints for `=` written where `==` or `:=` was meant.
    pub(super) fn named_expression(&mut self) -> PResult<Expr> {
        let expr = self.assignment_or_expression()?;
        if self.at(Tok::Equal) && !matches!(expr.kind, ExprKind::NamedExpr { .. }) {
            return Err(self.invalid_named_expression(&expr));
        }
        Ok(expr)
    }

    /// `assignment_expression | expression !':='`, as call arguments and
    /// generator expressions read their items.
    pub(super) fn assignment_or_expression(&mut self) -> PResult<Expr> {
        if self.at(Tok::Name) && self.nth(1) == Tok::ColonEqual {
            let name = self.bump();
            self.bump();
            let value = self.expression()?;
            return Ok(Expr::new(
                ExprKind::NamedExpr {
                    target: Box::new(self.name_expr(name, ExprContext::Store)),
                    value: Box::new(value),
                },
                self.range_from(name.range.start),
            ));
        }
        let expr = self.expression()?;
        if self.at(Tok::ColonEqual) {
            return Err(self.invalid_named_target(&expr));
        }
        Ok(expr)
    }

    /// `star_expression`: `*bitwise_or` or an expression.
    pub(super) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.bump().range.start;
            let value = self.bitwise_or()?;
            return Ok(self.starred(start, value));
        }
        self.expression()
    }

    /// `star_named_expression`: `*bitwise_or` or a named expression.
    pub(super) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at(Tok::Star) {
            let start = self.bump().range.start;
            let value = self.bitwise_or()?;
            return Ok(self.starred(start, value));
        }
        self.named_expression()
    }

    /// `star_expressions`: one star expression, or a tuple of them.
    pub(super) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_expression()?;
        if !self.at(Tok::Comma) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if !self.starts_expression() {
                break;
            }
            elts.push(self.star_expression()?);
        }
        Ok(self.tuple(elts, start))
    }

    /// A yield expression or `star_expressions`: what may stand on the right of
    /// `=` or as a statement.
    pub(super) fn star_expressions_or_yield(&mut self, allow_yield: bool) -> PResult<Expr> {
        if allow_yield && self.at(Tok::Yield) {
            return self.yield_expr();
        }
        self.star_expressions()
    }

    pub(super) fn tuple(&self, elts: Vec<Expr>, start: u32) -> Expr {
        Expr::new(
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(start),
        )
    }

    /// Whether the current token can begin an expression.
    pub(super) fn starts_expression(&mut self) -> bool {
        let tok = self.tok();
        can_start_expression(tok)
    }

    /// `yield_expr`: `yield from expression` or `yield [star_expressions]`.
    pub(super) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.expect(Tok::Yield)?.range.start;
        if self.eat(Tok::From) {
            let value = self.expression()?;
            return Ok(Expr::new(
                ExprKind::YieldFrom {
                    value: Box::new(value),
                },
                self.range_from(start),
            ));
        }
        let value = if self.starts_expression() {
            Some(Box::new(self.star_expressions()?))
        } else {
            None
        };
        Ok(Expr::new(ExprKind::Yield { value }, self.range_from(start)))
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let start = self.expect(Tok::Lambda)?.range.start;
        let args = self.lambda_parameters()?;
        if !self.eat(Tok::Colon) {
            return Err(self.invalid_syntax());
        }
        if self.at(Tok::FStringMiddle)
            && let Some(&template) = self.string_kinds.last()
        {
            let kind = if template { "t-string" } else { "f-string" };
            return Err(crate::error::SyntaxError::syntax(
                format!("{kind}: lambda expressions are not allowed without parentheses"),
                TextRange::new(start, self.prev_end()),
            ));
        }
        let body = self.nested(1, Self::expression)?;
        Ok(Expr::new(
            ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
            self.range_from(start),
        ))
    }

    // ----- boolean and comparison levels --------------------------------------

    /// `disjunction`: `conjunction ('or' conjunction)*`.
    pub(super) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_op(Tok::Or)
    }

    fn bool_op(&mut self, op_tok: Tok) -> PResult<Expr> {
        let start = self.start();
        let first = if op_tok == Tok::Or {
            self.bool_op(Tok::And)?
        } else {
            self.inversion()?
        };
        if !self.at(op_tok) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat(op_tok) {
            values.push(if op_tok == Tok::Or {
                self.bool_op(Tok::And)?
            } else {
                self.inversion()?
            });
        }
        let op = if op_tok == Tok::Or {
            BoolOp::Or
        } else {
            BoolOp::And
        };
        Ok(Expr::new(
            ExprKind::BoolOp { op, values },
            self.range_from(start),
        ))
    }

    /// "'not' after an operator must be parenthesized", spanning `not` and the
    /// operand `rest` reads after it.
    fn not_after_operator(
        &mut self,
        rest: impl FnOnce(&mut Self) -> PResult<Expr>,
    ) -> crate::error::SyntaxError {
        let not = self.range();
        self.diagnose(
            |p| {
                p.bump();
                rest(p)
            },
            |_, operand| {
                crate::error::SyntaxError::syntax(
                    "'not' after an operator must be parenthesized",
                    TextRange::new(not.start, operand.range.end),
                )
            },
        )
    }

    fn inversion(&mut self) -> PResult<Expr> {
        if !self.at(Tok::Not) {
            return self.comparison();
        }
        let start = self.bump().range.start;
        let operand = self.nested(1, Self::inversion)?;
        Ok(Expr::new(
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
            self.range_from(start),
        ))
    }

    /// The comparison operator at the current token, consuming it.
    fn compare_op(&mut self) -> PResult<Option<CmpOp>> {
        let op = match self.tok() {
            Tok::EqEqual => CmpOp::Eq,
            Tok::NotEqual => {
                let spelled_diamond = self.text_of(self.token()) == "<>";
                if self.flufl && !spelled_diamond {
                    return Err(crate::error::SyntaxError::syntax(
                        "with Barry as BDFL, use '<>' instead of '!='",
                        self.range(),
                    ));
                }
                if spelled_diamond != self.flufl {
                    return Ok(None);
                }
                CmpOp::NotEq
            }
            Tok::Less => CmpOp::Lt,
            Tok::LessEqual => CmpOp::LtE,
            Tok::Greater => CmpOp::Gt,
            Tok::GreaterEqual => CmpOp::GtE,
            Tok::In => CmpOp::In,
            Tok::Not if self.nth(1) == Tok::In => {
                self.bump();
                CmpOp::NotIn
            }
            Tok::Is if self.nth(1) == Tok::Not => {
                self.bump();
                CmpOp::IsNot
            }
            Tok::Is => CmpOp::Is,
            _ => return Ok(None),
        };
        self.bump();
        Ok(Some(op))
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some(op) = self.compare_op()? {
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        Ok(Expr::new(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
            self.range_from(start),
        ))
    }

    // ----- arithmetic levels --------------------------------------------------

    /// `bitwise_or`, the loosest binary operator level.
    pub(super) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> PResult<Expr> {
        let start = self.start();
        let operand = |p: &mut Self| {
            if level + 1 < BINARY_LEVELS.len() {
                p.binary(level + 1)
            } else {
                p.factor()
            }
        };
        let mut left = operand(self)?;
        loop {
            let tok = self.tok();
            let Some(&(_, op)) = BINARY_LEVELS[level].iter().find(|(t, _)| *t == tok) else {
                return Ok(left);
            };
            self.bump();
            // `a + not b`: CPython's invalid_arithmetic (sum and term operators).
            if level >= 4 && self.at(Tok::Not) {
                return Err(self.not_after_operator(|p| p.inversion()));
            }
            let right = operand(self)?;
            left = Expr::new(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
                self.range_from(start),
            );
        }
    }

    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.tok() {
            Tok::Plus => UnaryOp::UAdd,
            Tok::Minus => UnaryOp::USub,
            Tok::Tilde => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.bump().range.start;
        if self.at(Tok::Not) {
            return Err(self.not_after_operator(|p| p.factor()));
        }
        let operand = self.nested(1, Self::factor)?;
        Ok(Expr::new(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
            self.range_from(start),
        ))
    }

    fn power(&mut self) -> PResult<Expr> {
        let start = self.start();
        let base = self.await_primary()?;
        if !self.eat(Tok::DoubleStar) {
            return Ok(base);
        }
        let exponent = self.nested(2, Self::factor)?;
        Ok(Expr::new(
            ExprKind::BinOp {
                left: Box::new(base),
                op: Operator::Pow,
                right: Box::new(exponent),
            },
            self.range_from(start),
        ))
    }

    fn await_primary(&mut self) -> PResult<Expr> {
        if !self.at(Tok::Await) {
            return self.primary();
        }
        let start = self.bump().range.start;
        let value = self.primary()?;
        Ok(Expr::new(
            ExprKind::Await {
                value: Box::new(value),
            },
            self.range_from(start),
        ))
    }

    // ----- primaries ----------------------------------------------------------

    /// `primary`: an atom followed by attribute, call and subscript trailers.
    pub(super) fn primary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut expr = self.atom()?;
        loop {
            expr = match self.tok() {
                Tok::Dot => {
                    self.bump();
                    let (attr, _) = self.expect_name()?;
                    Expr::new(
                        ExprKind::Attribute {
                            value: Box::new(expr),
                            attr,
                            ctx: ExprContext::Load,
                        },
                        self.range_from(start),
                    )
                }
                Tok::LPar => self.call(expr, start)?,
                Tok::LSqb => {
                    self.bump();
                    let slice = self.slices()?;
                    self.expect(Tok::RSqb)?;
                    Expr::new(
                        ExprKind::Subscript {
                            value: Box::new(expr),
                            slice: Box::new(slice),
                            ctx: ExprContext::Load,
                        },
                        self.range_from(start),
                    )
                }
                _ => return Ok(expr),
            };
        }
    }

    /// `slices`: one slice, or a tuple of slices and starred expressions.
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.slice()?;
        if !self.at(Tok::Comma) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                // `a[*b]` subscripts with a one-element tuple.
                return Ok(self.tuple(vec![first], start));
            }
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::RSqb) {
                break;
            }
            elts.push(self.slice()?);
        }
        Ok(self.tuple(elts, start))
    }

    /// The expression after `*` in a call argument or a subscript, with
    /// CPython's "Invalid star expression" when none follows.
    pub(super) fn starred_operand(&mut self) -> PResult<Expr> {
        if !self.starts_expression() || self.at(Tok::Star) {
            return Err(self.invalid_star_expression());
        }
        // A specific error inside the operand stands; a generic one becomes
        // CPython's invalid_starred_expression.
        self.expression().map_err(|err| {
            if err.kind == crate::error::SyntaxErrorKind::Syntax && err.msg == "invalid syntax" {
                self.invalid_star_expression()
            } else {
                err
            }
        })
    }

    fn invalid_star_expression(&mut self) -> crate::error::SyntaxError {
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        let t = self.tokens[self.furthest];
        crate::error::SyntaxError::syntax("Invalid star expression", t.range)
    }

    fn slice(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.at(Tok::Star) {
            self.bump();
            let value = self.starred_operand()?;
            return Ok(self.starred(start, value));
        }
        let lower = if self.at(Tok::Colon) {
            None
        } else {
            let expr = self.named_expression()?;
            if !self.at(Tok::Colon) || matches!(expr.kind, ExprKind::NamedExpr { .. }) {
                return Ok(expr);
            }
            Some(Box::new(expr))
        };
        self.expect(Tok::Colon)?;
        let bound = |p: &mut Self| -> PResult<Option<Box<Expr>>> {
            if matches!(p.tok(), Tok::Colon | Tok::Comma | Tok::RSqb) {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expression()?)))
            }
        };
        let upper = bound(self)?;
        let step = if self.eat(Tok::Colon) {
            bound(self)?
        } else {
            None
        };
        Ok(Expr::new(
            ExprKind::Slice { lower, upper, step },
            self.range_from(start),
        ))
    }

    fn constant(&self, value: Constant, range: TextRange) -> Expr {
        Expr::new(ExprKind::Constant { value, kind: None }, range)
    }

    /// `atom`: names, literals, and bracketed displays.
    pub(super) fn atom(&mut self) -> PResult<Expr> {
        let t = self.token();
        match self.tok() {
            Tok::Name => {
                self.bump();
                Ok(self.name_expr(t, ExprContext::Load))
            }
            Tok::True | Tok::False | Tok::None | Tok::Ellipsis => {
                self.bump();
                let value = match t.kind {
                    Tok::True => Constant::Bool(true),
                    Tok::False => Constant::Bool(false),
                    Tok::None => Constant::None,
                    _ => Constant::Ellipsis,
                };
                Ok(self.constant(value, t.range))
            }
            Tok::Number => {
                self.bump();
                let value = self.number_value(t)?;
                Ok(self.constant(value, t.range))
            }
            Tok::String | Tok::FStringStart | Tok::TStringStart => self.strings(),
            Tok::LPar => self.paren_atom(),
            Tok::LSqb => self.list_atom(),
            Tok::LBrace => self.brace_atom(),
            _ => Err(self.invalid_atom()),
        }
    }

    fn paren_atom(&mut self) -> PResult<Expr> {
        let start = self.expect(Tok::LPar)?.range.start;
        if self.eat(Tok::RPar) {
            return Ok(self.tuple(Vec::new(), start));
        }
        if self.at(Tok::Yield) {
            let expr = self.yield_expr()?;
            self.expect(Tok::RPar)?;
            return Ok(expr);
        }
        if self.at(Tok::DoubleStar) {
            return Err(crate::error::SyntaxError::syntax(
                "cannot use double starred expression here",
                self.range(),
            ));
        }
        let first = self.star_named_expression()?;
        if self.at_comprehension() {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_comprehension_error(&first));
            }
            let generators = self.comprehension_clauses()?;
            self.expect(Tok::RPar)?;
            return Ok(Expr::new(
                ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(start),
            ));
        }
        if self.eat(Tok::RPar) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(crate::error::SyntaxError::syntax(
                    "cannot use starred expression here",
                    first.range,
                ));
            }
            return Ok(first);
        }
        if !self.at(Tok::Comma) {
            return Err(self.unparenthesized_error(&first));
        }
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::RPar) {
                break;
            }
            elts.push(self.star_named_expression()?);
        }
        if !self.eat(Tok::RPar) {
            return Err(self.unparenthesized_error(elts.last().expect("nonempty")));
        }
        Ok(self.tuple(elts, start))
    }

    fn list_atom(&mut self) -> PResult<Expr> {
        let start = self.expect(Tok::LSqb)?.range.start;
        if self.eat(Tok::RSqb) {
            return Ok(Expr::new(
                ExprKind::List {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            ));
        }
        let first = self.star_named_expression()?;
        if self.at_comprehension() {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_comprehension_error(&first));
            }
            let generators = self.comprehension_clauses()?;
            self.expect(Tok::RSqb)?;
            return Ok(Expr::new(
                ExprKind::ListComp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(start),
            ));
        }
        let elts = self.display_items(first, Tok::RSqb)?;
        Ok(Expr::new(
            ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
            self.range_from(start),
        ))
    }

    /// The rest of a list or set display after its first item, through the
    /// closing bracket; a comprehension after several items gets CPython's
    /// hint about parentheses.
    fn display_items(&mut self, first: Expr, close: Tok) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(close) {
                break;
            }
            if self.at_comprehension() {
                let comma = self.tokens[self.pos - 1].range;
                return Err(crate::error::SyntaxError::syntax(
                    "did you forget parentheses around the comprehension target?",
                    TextRange::new(elts[0].range.start, comma.end),
                ));
            }
            elts.push(self.star_named_expression()?);
            if self.at_comprehension() {
                return Err(crate::error::SyntaxError::syntax(
                    "did you forget parentheses around the comprehension target?",
                    TextRange::new(elts[0].range.start, elts.last().expect("pushed").range.end),
                ));
            }
        }
        if !self.eat(close) {
            return Err(self.unparenthesized_error(elts.last().expect("nonempty")));
        }
        Ok(elts)
    }

    fn brace_atom(&mut self) -> PResult<Expr> {
        let start = self.expect(Tok::LBrace)?.range.start;
        if self.eat(Tok::RBrace) {
            return Ok(Expr::new(
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
                self.range_from(start),
            ));
        }
        if self.at(Tok::DoubleStar) {
            return self.dict_rest(start, None);
        }
        let first = self.star_named_expression()?;
        if self.at(Tok::Colon) {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.invalid_syntax());
            }
            self.bump();
            let value = self.dict_value()?;
            if self.at_comprehension() {
                let generators = self.comprehension_clauses()?;
                self.expect(Tok::RBrace)?;
                return Ok(Expr::new(
                    ExprKind::DictComp {
                        key: Box::new(first),
                        value: Box::new(value),
                        generators,
                    },
                    self.range_from(start),
                ));
            }
            return self.dict_rest(start, Some((first, value)));
        }
        if self.at_comprehension() {
            if matches!(first.kind, ExprKind::Starred { .. }) {
                return Err(self.starred_comprehension_error(&first));
            }
            let generators = self.comprehension_clauses()?;
            self.expect(Tok::RBrace)?;
            return Ok(Expr::new(
                ExprKind::SetComp {
                    elt: Box::new(first),
                    generators,
                },
                self.range_from(start),
            ));
        }
        let elts = self.display_items(first, Tok::RBrace)?;
        Ok(Expr::new(ExprKind::Set { elts }, self.range_from(start)))
    }

    /// The items of a dict display after `first` (if any) through the `}`.
    fn dict_rest(&mut self, start: u32, first: Option<(Expr, Expr)>) -> PResult<Expr> {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let had_first = first.is_some();
        if let Some((k, v)) = first {
            keys.push(Some(k));
            values.push(v);
        }
        let mut need_comma = had_first;
        loop {
            if need_comma && !self.eat(Tok::Comma) {
                if !self.at(Tok::RBrace)
                    && let Some(last) = values.last()
                {
                    let last = last.clone();
                    return Err(self.forgot_comma(&last));
                }
                break;
            }
            need_comma = true;
            if self.at(Tok::RBrace) {
                break;
            }
            if self.at(Tok::DoubleStar) {
                let stars = self.bump().range;
                keys.push(None);
                values.push(self.bitwise_or()?);
                if self.at_comprehension() {
                    return Err(crate::error::SyntaxError::syntax(
                        "dict unpacking cannot be used in dict comprehension",
                        stars,
                    ));
                }
                continue;
            }
            let key = self.expression()?;
            if !self.eat(Tok::Colon) {
                return Err(self.dict_colon_error(&key));
            }
            let value = self.dict_value()?;
            keys.push(Some(key));
            values.push(value);
        }
        if !self.eat(Tok::RBrace) {
            return Err(self.invalid_syntax());
        }
        Ok(Expr::new(
            ExprKind::Dict { keys, values },
            self.range_from(start),
        ))
    }

    /// The value after a dictionary key's `:`.
    fn dict_value(&mut self) -> PResult<Expr> {
        match self.tok() {
            Tok::RBrace | Tok::Comma => Err(self.dict_value_error()),
            Tok::Star => Err(crate::error::SyntaxError::syntax(
                "cannot use a starred expression in a dictionary value",
                self.range(),
            )),
            _ => self.expression(),
        }
    }

    // ----- comprehensions -----------------------------------------------------

    pub(super) fn at_comprehension(&mut self) -> bool {
        self.at(Tok::For) || (self.at(Tok::Async) && self.nth(1) == Tok::For)
    }

    /// `for_if_clauses`.
    pub(super) fn comprehension_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        while self.at_comprehension() {
            let is_async = i32::from(self.eat(Tok::Async));
            self.expect(Tok::For)?;
            let after_for = self.pos;
            let Some(target) = self.targets_then_in() else {
                return Err(self.invalid_comprehension_target(after_for));
            };
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat(Tok::If) {
                ifs.push(self.disjunction()?);
            }
            generators.push(Comprehension {
                target: Box::new(target),
                iter: Box::new(iter),
                ifs,
                is_async,
            });
        }
        Ok(generators)
    }
}

/// Whether a token of this kind can begin an expression (or starred item).
pub(super) fn can_start_expression(tok: Tok) -> bool {
    matches!(
        tok,
        Tok::Name
            | Tok::Number
            | Tok::String
            | Tok::FStringStart
            | Tok::TStringStart
            | Tok::LPar
            | Tok::LSqb
            | Tok::LBrace
            | Tok::Minus
            | Tok::Plus
            | Tok::Tilde
            | Tok::Star
            | Tok::Ellipsis
            | Tok::Not
            | Tok::Lambda
            | Tok::Await
            | Tok::None
            | Tok::True
            | Tok::False
    )
}
