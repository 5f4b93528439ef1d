//! `match` statement patterns (PEP 634).

use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprContext, ExprKind, Operator, Pattern, PatternKind, UnaryOp};
use crate::error::SyntaxError;
use crate::lexer::Tok;

impl Parser<'_> {
    /// `patterns`: an open sequence pattern (`case a, *b:`) or one pattern.
    pub(super) fn patterns(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.maybe_star_pattern()?;
        if !self.at(Tok::Comma) {
            if matches!(first.kind, PatternKind::MatchStar { .. }) {
                // A star pattern needs a comma to form an open sequence.
                return Err(self.invalid_syntax());
            }
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat(Tok::Comma) {
            if self.at(Tok::Colon) || self.at(Tok::If) {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Ok(Pattern::new(
            PatternKind::MatchSequence { patterns },
            self.range_from(start),
        ))
    }

    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if !self.at(Tok::Star) {
            return self.pattern();
        }
        let start = self.bump().range.start;
        let (name, _) = self.expect_name()?;
        let name = (name != "_").then_some(name);
        Ok(Pattern::new(
            PatternKind::MatchStar { name },
            self.range_from(start),
        ))
    }

    /// `pattern`: an or-pattern, optionally bound with `as NAME`.
    fn pattern(&mut self) -> PResult<Pattern> {
        self.nested(1, Self::pattern_inner)
    }

    fn pattern_inner(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let pattern = self.or_pattern()?;
        if !self.eat(Tok::As) {
            return Ok(pattern);
        }
        let t = self.token();
        let plain_name =
            t.kind == Tok::Name && !matches!(self.nth(1), Tok::Dot | Tok::LPar | Tok::Equal);
        if !plain_name {
            return Err(self.invalid_as_pattern_target());
        }
        let (name, range) = self.expect_name()?;
        if name == "_" {
            return Err(SyntaxError::syntax("cannot use '_' as a target", range));
        }
        Ok(Pattern::new(
            PatternKind::MatchAs {
                pattern: Some(Box::new(pattern)),
                name: Some(name),
            },
            self.range_from(start),
        ))
    }

    fn or_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.closed_pattern()?;
        if !self.at(Tok::VBar) {
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat(Tok::VBar) {
            patterns.push(self.closed_pattern()?);
        }
        Ok(Pattern::new(
            PatternKind::MatchOr { patterns },
            self.range_from(start),
        ))
    }

    fn closed_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        match self.tok() {
            Tok::None | Tok::True | Tok::False => {
                let t = self.bump();
                let value = match t.kind {
                    Tok::None => Constant::None,
                    Tok::True => Constant::Bool(true),
                    _ => Constant::Bool(false),
                };
                Ok(Pattern::new(PatternKind::MatchSingleton { value }, t.range))
            }
            Tok::Number | Tok::Minus | Tok::String | Tok::FStringStart | Tok::TStringStart => {
                let value = self.literal_pattern_expr()?;
                Ok(Pattern::new(
                    PatternKind::MatchValue {
                        value: Box::new(value),
                    },
                    self.range_from(start),
                ))
            }
            Tok::Name => self.name_pattern(),
            Tok::LPar => self.paren_pattern(),
            Tok::LSqb => {
                self.bump();
                let patterns = self.pattern_items(Tok::RSqb)?;
                self.expect(Tok::RSqb)?;
                Ok(Pattern::new(
                    PatternKind::MatchSequence { patterns },
                    self.range_from(start),
                ))
            }
            Tok::LBrace => self.mapping_pattern(),
            _ => Err(self.invalid_syntax()),
        }
    }

    /// Comma-separated (possibly starred) patterns up to `close`.
    fn pattern_items(&mut self, close: Tok) -> PResult<Vec<Pattern>> {
        let mut patterns = Vec::new();
        while !self.at(close) {
            patterns.push(self.maybe_star_pattern()?);
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        Ok(patterns)
    }

    fn paren_pattern(&mut self) -> PResult<Pattern> {
        let start = self.expect(Tok::LPar)?.range.start;
        if self.eat(Tok::RPar) {
            return Ok(Pattern::new(
                PatternKind::MatchSequence {
                    patterns: Vec::new(),
                },
                self.range_from(start),
            ));
        }
        let first = self.maybe_star_pattern()?;
        if self.eat(Tok::RPar) {
            if !matches!(first.kind, PatternKind::MatchStar { .. }) {
                return Ok(first);
            }
            // `(*x)`: a parenthesized star pattern is a one-item sequence.
            return Ok(Pattern::new(
                PatternKind::MatchSequence {
                    patterns: vec![first],
                },
                self.range_from(start),
            ));
        }
        self.expect(Tok::Comma)?;
        let mut patterns = vec![first];
        patterns.extend(self.pattern_items(Tok::RPar)?);
        self.expect(Tok::RPar)?;
        Ok(Pattern::new(
            PatternKind::MatchSequence { patterns },
            self.range_from(start),
        ))
    }

    /// Capture, wildcard, value (`a.b`) and class (`C(...)`) patterns.
    fn name_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.bump();
        if !matches!(self.tok(), Tok::Dot | Tok::LPar) {
            let name = self.identifier(first);
            let name = (name != "_").then_some(name);
            return Ok(Pattern::new(
                PatternKind::MatchAs {
                    pattern: None,
                    name,
                },
                first.range,
            ));
        }
        let mut cls = self.name_expr(first, ExprContext::Load);
        while self.eat(Tok::Dot) {
            let (attr, _) = self.expect_name()?;
            cls = Expr::new(
                ExprKind::Attribute {
                    value: Box::new(cls),
                    attr,
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            );
        }
        if !self.at(Tok::LPar) {
            return Ok(Pattern::new(
                PatternKind::MatchValue {
                    value: Box::new(cls),
                },
                self.range_from(start),
            ));
        }
        self.class_pattern(cls, start)
    }

    fn class_pattern(&mut self, cls: Expr, start: u32) -> PResult<Pattern> {
        self.expect(Tok::LPar)?;
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        while !self.at(Tok::RPar) {
            if self.at(Tok::Name) && self.nth(1) == Tok::Equal {
                let (name, _) = self.expect_name()?;
                self.bump();
                kwd_attrs.push(name);
                kwd_patterns.push(self.pattern()?);
            } else {
                let pattern = self.pattern()?;
                if !kwd_attrs.is_empty() {
                    return Err(self.positional_after_keyword_patterns(pattern));
                }
                patterns.push(pattern);
            }
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::RPar)?;
        Ok(Pattern::new(
            PatternKind::MatchClass {
                cls: Box::new(cls),
                patterns,
                kwd_attrs,
                kwd_patterns,
            },
            self.range_from(start),
        ))
    }

    /// CPython reads the whole run of positional patterns after a keyword
    /// pattern (which may reach the end of input) and spans the error over it.
    fn positional_after_keyword_patterns(&mut self, first: Pattern) -> SyntaxError {
        let mut last_end = first.range.end;
        while self.at(Tok::Comma) {
            let after = self.speculate(|p| {
                p.bump();
                if p.at(Tok::Name) && p.nth(1) == Tok::Equal {
                    return Err(p.invalid_syntax());
                }
                p.pattern()
            });
            match after {
                Some(p) => last_end = p.range.end,
                None => break,
            }
        }
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        SyntaxError::syntax(
            "positional patterns follow keyword patterns",
            crate::text::TextRange::new(first.range.start, last_end),
        )
    }

    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let start = self.expect(Tok::LBrace)?.range.start;
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.at(Tok::RBrace) {
            if self.eat(Tok::DoubleStar) {
                if self.at_name("_") {
                    // `**_` is not a capture target.
                    return Err(self.invalid_syntax());
                }
                let (name, _) = self.expect_name()?;
                rest = Some(name);
                self.eat(Tok::Comma);
                break;
            }
            let key = match self.tok() {
                Tok::Name => self.dotted_value()?,
                _ => self.literal_pattern_expr()?,
            };
            self.expect(Tok::Colon)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::RBrace)?;
        Ok(Pattern::new(
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            },
            self.range_from(start),
        ))
    }

    /// A dotted name used as a value (`Color.RED`); a bare name is not a value.
    fn dotted_value(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.expect(Tok::Name)?;
        let mut value = self.name_expr(first, ExprContext::Load);
        if !self.at(Tok::Dot) {
            return Err(self.invalid_syntax());
        }
        while self.eat(Tok::Dot) {
            let (attr, _) = self.expect_name()?;
            value = Expr::new(
                ExprKind::Attribute {
                    value: Box::new(value),
                    attr,
                    ctx: ExprContext::Load,
                },
                self.range_from(start),
            );
        }
        Ok(value)
    }

    /// A literal usable in a pattern: signed numbers, `real +/- imaginary`,
    /// strings, and the singletons (as expressions, for mapping keys).
    fn literal_pattern_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        match self.tok() {
            // f-strings parse here; the compiler rejects them.
            Tok::String | Tok::FStringStart | Tok::TStringStart => return self.strings(),
            Tok::None | Tok::True | Tok::False => return self.atom(),
            _ => {}
        }
        let real = self.signed_number()?;
        let op = match self.tok() {
            Tok::Plus => Operator::Add,
            Tok::Minus => Operator::Sub,
            _ => return Ok(real),
        };
        if is_imaginary(&real) {
            return Err(SyntaxError::syntax(
                "real number required in complex literal",
                real.range,
            ));
        }
        self.bump();
        let t = self.expect(Tok::Number)?;
        let imag = Expr::new(
            ExprKind::Constant {
                value: self.number_value(t)?,
                kind: None,
            },
            t.range,
        );
        if !is_imaginary(&imag) {
            return Err(SyntaxError::syntax(
                "imaginary number required in complex literal",
                imag.range,
            ));
        }
        Ok(Expr::new(
            ExprKind::BinOp {
                left: Box::new(real),
                op,
                right: Box::new(imag),
            },
            self.range_from(start),
        ))
    }

    fn signed_number(&mut self) -> PResult<Expr> {
        let start = self.start();
        let negative = self.eat(Tok::Minus);
        let t = self.expect(Tok::Number)?;
        let number = Expr::new(
            ExprKind::Constant {
                value: self.number_value(t)?,
                kind: None,
            },
            t.range,
        );
        if !negative {
            return Ok(number);
        }
        Ok(Expr::new(
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand: Box::new(number),
            },
            self.range_from(start),
        ))
    }
}

fn is_imaginary(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Constant {
            value: Constant::Complex { .. },
            ..
        } => true,
        ExprKind::UnaryOp { operand, .. } => is_imaginary(operand),
        _ => false,
    }
}
