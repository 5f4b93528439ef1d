//! Syntax error construction: the generic "invalid syntax" at the furthest
//! token, and the specific messages of CPython's `invalid_*` grammar rules.

use super::target::expr_name;
use super::{PResult, Parser};
use crate::ast::{Expr, ExprKind};
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::lexer::Tok;
use crate::text::TextRange;

impl Parser<'_> {
    /// One of CPython's second-pass checks for a specific mistake: `read`
    /// parses the mistaken construct at the current position, and when it
    /// parses, `report` turns it into the specific error. `None` when it does
    /// not parse (or while speculating, when errors are thrown away anyway).
    /// The position is restored either way.
    pub(super) fn try_diagnose<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> PResult<T>,
        report: impl FnOnce(&mut Self, T) -> SyntaxError,
    ) -> Option<SyntaxError> {
        if self.speculating {
            return None;
        }
        let (pos, furthest) = (self.pos, self.furthest);
        let err = match self.speculate(read) {
            Some(found) => Some(report(self, found)),
            None => {
                self.furthest = furthest.max(pos);
                None
            }
        };
        self.pos = pos;
        err
    }

    /// `try_diagnose`, falling back to the generic error.
    pub(super) fn diagnose<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> PResult<T>,
        report: impl FnOnce(&mut Self, T) -> SyntaxError,
    ) -> SyntaxError {
        match self.try_diagnose(read, report) {
            Some(err) => err,
            None => self.invalid_syntax(),
        }
    }

    /// CPython's generic error: "invalid syntax" at the furthest token the
    /// parser looked at, unless the tokenizer fails anywhere in the source.
    pub(super) fn invalid_syntax(&mut self) -> SyntaxError {
        let last = self.tokens[self.furthest.min(self.tokens.len() - 1)];
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        if self.is_at_eof(last) {
            return match last.kind {
                Tok::Dedent => SyntaxError {
                    kind: SyntaxErrorKind::Indentation,
                    msg: "unexpected unindent".into(),
                    location: self.eof_cursor_location(),
                },
                _ => SyntaxError {
                    kind: SyntaxErrorKind::Syntax,
                    msg: "invalid syntax".into(),
                    location: self.eof_token_location(),
                },
            };
        }
        match last.kind {
            Tok::Indent => self.indentation_error_at("unexpected indent", last),
            Tok::Dedent => self.indentation_error_at("unexpected unindent", last),
            Tok::NotEqual if self.text_of(last) == "<>" => SyntaxError::syntax(
                "invalid syntax.  Maybe you meant '!=' instead of '<>'?",
                last.range,
            ),
            _ => SyntaxError::syntax("invalid syntax", last.range),
        }
    }

    /// Whether `t` is one of the tokens CPython makes at the end of input
    /// without a position of their own (DEDENT, ENDMARKER).
    pub(super) fn is_at_eof(&self, t: crate::lexer::Token) -> bool {
        matches!(t.kind, Tok::EndMarker | Tok::Dedent) && t.range.start as usize >= self.text.len()
    }

    /// The 1-based number and the text of the last line of input (a final
    /// newline does not start another line).
    fn last_line(&self) -> (u32, &str) {
        let text = self.text.strip_suffix('\n').unwrap_or(self.text);
        let start = text.rfind('\n').map_or(0, |i| i + 1);
        (self.line_of(text.len() as u32) as u32, &text[start..])
    }

    /// Where CPython puts an error raised at an end-of-input token by location:
    /// the token has no column, so the offset is 0.
    pub(super) fn eof_token_location(&self) -> crate::error::ErrorLocation {
        let (lineno, _) = self.last_line();
        crate::error::ErrorLocation::Position {
            lineno,
            offset: 0,
            end_lineno: lineno,
            end_offset: 0,
        }
    }

    /// Where CPython puts an error raised at an end-of-input token without a
    /// location: its tokenizer's cursor, just past the last line.
    pub(super) fn eof_cursor_location(&self) -> crate::error::ErrorLocation {
        let (lineno, line) = self.last_line();
        crate::error::ErrorLocation::Position {
            lineno,
            offset: line.chars().count() as i32 + 1,
            end_lineno: lineno,
            end_offset: -1,
        }
    }

    /// An error of `kind` at the current token, the way CPython's location-less
    /// raise places it (the cursor, at the end of input).
    pub(super) fn error_at_current(&mut self, kind: SyntaxErrorKind, msg: String) -> SyntaxError {
        let t = self.token();
        let mut err = SyntaxError::new(kind, msg, t.range);
        if self.is_at_eof(t) {
            err.location = self.eof_cursor_location();
        } else if t.kind == Tok::Dedent {
            // A DEDENT has no column; the cursor is after the line's indentation.
            err.location = self.indentation_error_at("", t).location;
        }
        err
    }

    /// CPython reports an unexpected INDENT or DEDENT at its tokenizer's cursor,
    /// which sits after the line's indentation.
    fn indentation_error_at(&self, msg: &str, t: crate::lexer::Token) -> SyntaxError {
        let (line_start, indent_end) = match t.kind {
            Tok::Indent => (t.range.start, t.range.end),
            _ => {
                let end = t.range.start as usize;
                let start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
                (start as u32, end as u32)
            }
        };
        let lineno = self.line_of(line_start) as u32;
        let width = self.text[line_start as usize..indent_end as usize]
            .chars()
            .count() as i32;
        SyntaxError {
            kind: SyntaxErrorKind::Indentation,
            msg: msg.into(),
            location: crate::error::ErrorLocation::Position {
                lineno,
                offset: width,
                end_lineno: lineno,
                end_offset: -1,
            },
        }
    }

    /// An error at the current token for when an atom was expected.
    pub(super) fn invalid_atom(&mut self) -> SyntaxError {
        if matches!(self.tok(), Tok::Pass | Tok::Break | Tok::Continue) && self.nth(1) == Tok::If {
            return self.statement_in_conditional();
        }
        self.invalid_syntax()
    }

    pub(super) fn unexpected_indent(&mut self) -> SyntaxError {
        let t = self.token();
        self.furthest = self.furthest.max(self.pos);
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        self.indentation_error_at("unexpected indent", t)
    }

    pub(super) fn expected_colon(&mut self) -> SyntaxError {
        self.expected_token("':'")
    }

    /// "expected 'X'" at the current token (CPython's forced tokens `&&'X'`).
    pub(super) fn expected_token(&mut self, what: &str) -> SyntaxError {
        self.tok();
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        let t = self.token();
        SyntaxError::syntax(format!("expected {what}"), t.range)
    }

    pub(super) fn expected_else(&mut self, body: &Expr) -> SyntaxError {
        if matches!(self.tok(), Tok::Colon) {
            return self.invalid_syntax();
        }
        SyntaxError::syntax(
            "expected 'else' after 'if' expression",
            TextRange::new(body.range.start, self.prev_end()),
        )
    }

    /// An `=` after an expression where a named expression was read: CPython's
    /// `invalid_named_expression` hints, or a generic error.
    pub(super) fn invalid_named_expression(&mut self, expr: &Expr) -> SyntaxError {
        if self.speculating {
            return self.invalid_syntax();
        }
        let (pos, furthest) = (self.pos, self.furthest);
        let rhs = self.speculate(|p| {
            p.bump();
            let rhs = p.bitwise_or()?;
            if matches!(p.tok(), Tok::Equal | Tok::ColonEqual) {
                return Err(p.invalid_syntax());
            }
            Ok(rhs)
        });
        self.pos = pos;
        self.furthest = furthest.max(pos);
        let Some(rhs) = rhs else {
            return self.invalid_syntax();
        };
        if matches!(expr.kind, ExprKind::Name { .. }) && !self.is_grouped(expr) {
            return SyntaxError::syntax(
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                TextRange::new(expr.range.start, rhs.range.end),
            );
        }
        if (self.is_grouped(expr) || super::target::is_bitwise_or_kind(expr))
            && !self.starts_with_display(expr)
        {
            return SyntaxError::syntax(
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    expr_name(expr)
                ),
                expr.range,
            );
        }
        self.invalid_syntax()
    }

    pub(super) fn invalid_named_target(&mut self, target: &Expr) -> SyntaxError {
        SyntaxError::syntax(
            format!(
                "cannot use assignment expressions with {}",
                expr_name(target)
            ),
            target.range,
        )
    }

    pub(super) fn starred_comprehension_error(&mut self, first: &Expr) -> SyntaxError {
        SyntaxError::syntax(
            "iterable unpacking cannot be used in comprehension",
            first.range,
        )
    }

    /// A display or parenthesized expression that does not continue with a
    /// comma or its closing bracket.
    pub(super) fn unparenthesized_error(&mut self, last: &Expr) -> SyntaxError {
        self.forgot_comma(last)
    }

    /// CPython's "Perhaps you forgot a comma?": two expressions side by side
    /// inside brackets.
    pub(super) fn forgot_comma(&mut self, first: &Expr) -> SyntaxError {
        if self.speculating {
            return self.invalid_syntax();
        }
        if self.pending_lex_error().is_some() || !self.starts_expression() || self.at(Tok::Star) {
            return self.invalid_syntax();
        }
        if let Some(err) = self.string_continuation_error() {
            return err;
        }
        let saved = (self.pos, self.furthest);
        // CPython looks one token past the second expression, which may be the
        // end of input inside an unclosed bracket.
        let second = self.speculate(|p| {
            p.expression().inspect(|_| {
                p.tok();
            })
        });
        if self.furthest + 1 >= self.tokens.len()
            && let Some(err) = self.pending_lex_error()
        {
            return err;
        }
        self.pos = saved.0;
        match second {
            Some(second) => {
                self.furthest = saved.1;
                SyntaxError::syntax(
                    "invalid syntax. Perhaps you forgot a comma?",
                    TextRange::new(first.range.start, second.range.end),
                )
            }
            None => self.invalid_syntax(),
        }
    }

    pub(super) fn dict_colon_error(&mut self, key: &Expr) -> SyntaxError {
        if matches!(self.tok(), Tok::Comma | Tok::RBrace) {
            let end = key.range.end;
            return SyntaxError::syntax(
                "':' expected after dictionary key",
                TextRange::new(end.saturating_sub(1), end),
            );
        }
        self.forgot_comma(key)
    }

    /// `{key:}`: the error points at the colon just consumed.
    pub(super) fn dict_value_error(&mut self) -> SyntaxError {
        let colon = self.tokens[self.pos - 1].range;
        SyntaxError::syntax("expression expected after dictionary key and ':'", colon)
    }

    /// A `for` statement whose target does not parse or is not followed by
    /// `in` (CPython's invalid_for_target): read the target as expressions and
    /// blame the part that cannot be assigned.
    pub(super) fn invalid_for_target(&mut self, after_for: usize) -> SyntaxError {
        let (pos, furthest) = (self.pos, self.furthest);
        self.pos = after_for;
        let exprs = if self.speculating {
            None
        } else {
            self.speculate(|p| p.star_expressions())
        };
        self.pos = pos;
        if let Some(exprs) = exprs
            && let Some(bad) = super::target::invalid_target(&exprs, super::target::TargetKind::For)
        {
            return SyntaxError::syntax(format!("cannot assign to {}", expr_name(bad)), bad.range);
        }
        self.furthest = furthest;
        self.invalid_syntax()
    }

    /// A comprehension's `for` clause that fails: CPython first checks for
    /// targets not followed by `in`, then for targets that cannot be assigned.
    pub(super) fn invalid_comprehension_target(&mut self, after_for: usize) -> SyntaxError {
        if !self.speculating {
            let pos = self.pos;
            self.pos = after_for;
            let targets = self.speculate(|p| {
                p.bitwise_or()?;
                while p.eat(Tok::Comma) {
                    if !p.starts_expression() || p.at(Tok::Star) {
                        break;
                    }
                    p.bitwise_or()?;
                }
                Ok(())
            });
            if targets.is_some() && !self.at(Tok::In) {
                let err =
                    SyntaxError::syntax("'in' expected after for-loop variables", self.range());
                self.pos = pos;
                return err;
            }
            self.pos = pos;
        }
        self.invalid_for_target(after_for)
    }

    pub(super) fn invalid_keyword_argument(&mut self, value: &Expr) -> SyntaxError {
        match &value.kind {
            ExprKind::Constant { .. } if matches!(expr_name(value), "True" | "False" | "None") => {
                SyntaxError::syntax(
                    format!("cannot assign to {}", expr_name(value)),
                    value.range,
                )
            }
            _ => SyntaxError::syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                TextRange::new(value.range.start, self.range().end),
            ),
        }
    }

    pub(super) fn unparenthesized_genexp(&mut self, genexp: &Expr) -> SyntaxError {
        let ExprKind::GeneratorExp { elt, .. } = &genexp.kind else {
            unreachable!("called with a generator expression")
        };
        SyntaxError::syntax(
            "Generator expression must be parenthesized",
            TextRange::new(elt.range.start, genexp.range.end),
        )
    }

    pub(super) fn missing_comma_error(&mut self, last: Option<&Expr>) -> SyntaxError {
        match last {
            Some(last) => self.forgot_comma(last),
            None => self.invalid_syntax(),
        }
    }

    pub(super) fn invalid_parameter(&mut self) -> SyntaxError {
        self.invalid_syntax()
    }

    /// What follows `as` in a pattern is not a plain name.
    pub(super) fn invalid_as_pattern_target(&mut self) -> SyntaxError {
        self.diagnose(
            |p| p.expression(),
            |_, target| {
                SyntaxError::syntax(
                    format!("cannot use {} as pattern target", expr_name(&target)),
                    target.range,
                )
            },
        )
    }

    /// CPython's "Is this intended to be part of the string?": a string, then
    /// expressions, then another string.
    fn string_continuation_error(&mut self) -> Option<SyntaxError> {
        if self.speculating {
            return None;
        }
        if self.pos == 0
            || self.tokens[self.pos - 1].kind != Tok::String
            || !self.starts_expression()
            || self.at(Tok::String)
            || self.at(Tok::Star)
        {
            return None;
        }
        let (pos, furthest) = (self.pos, self.furthest);
        let mut parts = Vec::new();
        while self.starts_expression() && !self.at(Tok::String) && !self.at(Tok::Star) {
            match self.speculate(|p| p.expression()) {
                Some(e) => parts.push(e),
                None => break,
            }
        }
        let found = self.at(Tok::String) && !parts.is_empty();
        self.pos = pos;
        self.furthest = furthest;
        found.then(|| {
            SyntaxError::syntax(
                "invalid syntax. Is this intended to be part of the string?",
                TextRange::new(parts[0].range.start, parts[parts.len() - 1].range.end),
            )
        })
    }

    /// A simple statement followed by something other than `;` or a newline.
    pub(super) fn statement_end_error(&mut self, last: Option<&crate::ast::Stmt>) -> SyntaxError {
        if self.speculating {
            return self.invalid_syntax();
        }
        if let Some(err) = self.string_continuation_error() {
            return err;
        }
        if let Some(stmt) = last
            && let crate::ast::StmtKind::Expr { value } = &stmt.kind
            && let ExprKind::Name { id, .. } = &value.kind
            && (id == "print" || id == "exec")
            && self.starts_expression()
            && self.pending_lex_error().is_none()
        {
            let start = value.range.start;
            if let Some(rest) = self.speculate(|p| p.star_expressions()) {
                return SyntaxError::syntax(
                    format!("Missing parentheses in call to '{id}'. Did you mean {id}(...)?"),
                    TextRange::new(start, rest.range.end),
                );
            }
        }
        self.invalid_syntax()
    }

    pub(super) fn fstring_error(&mut self, template: bool) -> SyntaxError {
        self.fstring_field_error(template, "'}'")
    }

    /// `f-string: expecting ...` at the current token.
    pub(super) fn fstring_field_error(&mut self, template: bool, expecting: &str) -> SyntaxError {
        if let Some(err) = self.pending_lex_error() {
            return err;
        }
        let kind = if template { "t-string" } else { "f-string" };
        SyntaxError::syntax(format!("{kind}: expecting {expecting}"), self.range())
    }
}
