//! Call arguments (`f(a, *b, c=d, **e)`) and parameter lists of `def` and
//! `lambda`.

use super::{PResult, Parser};
use crate::ast::{Arg, Arguments, Expr, ExprKind, Keyword};
use crate::error::SyntaxError;
use crate::lexer::Tok;
use crate::text::TextRange;

/// Call arguments, split the way `ast.Call` holds them.
pub(super) struct CallArgs {
    pub args: Vec<Expr>,
    pub keywords: Vec<Keyword>,
}

impl Parser<'_> {
    /// A call trailer `( ... )` applied to `func`, which started at `start`.
    pub(super) fn call(&mut self, func: Expr, start: u32) -> PResult<Expr> {
        let open = self.expect(Tok::LPar)?.range.start;
        let CallArgs { args, keywords } = self.call_arguments(Some(open))?;
        self.expect_closing(Tok::RPar)?;
        Ok(Expr::new(
            ExprKind::Call {
                func: Box::new(func),
                args,
                keywords,
            },
            self.range_from(start),
        ))
    }

    /// Expects a closing bracket, with CPython's hints when something else stands
    /// there.
    pub(super) fn expect_closing(&mut self, close: Tok) -> PResult<()> {
        if self.eat(close) {
            return Ok(());
        }
        Err(self.invalid_syntax())
    }

    /// Arguments up to (not including) the closing `)`. In a call, `open` is
    /// where the `(` is, which a sole generator expression argument spans from;
    /// class bases (`None`) take no generator expression.
    pub(super) fn call_arguments(&mut self, open: Option<u32>) -> PResult<CallArgs> {
        let mut args = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        let mut seen_double_star = false;
        let mut prev_comma: Option<TextRange> = None;
        while !self.at(Tok::RPar) {
            let start = self.start();
            match self.tok() {
                Tok::Star => {
                    self.bump();
                    let value = self.starred_operand()?;
                    if self.at(Tok::Equal) {
                        return Err(self.assign_to_unpacking(start, "iterable argument unpacking"));
                    }
                    if seen_double_star {
                        let from = prev_comma.map_or(start, |c| c.start);
                        return Err(SyntaxError::syntax(
                            "iterable argument unpacking follows keyword argument unpacking",
                            self.range_from(from),
                        ));
                    }
                    args.push(self.starred(start, value));
                }
                Tok::DoubleStar => {
                    self.bump();
                    let value = self.expression()?;
                    if self.at(Tok::Equal) {
                        return Err(self.assign_to_unpacking(start, "keyword argument unpacking"));
                    }
                    seen_double_star = true;
                    keywords.push(Keyword {
                        arg: None,
                        value: Box::new(value),
                        range: self.range_from(start),
                    });
                }
                Tok::Name if self.nth(1) == Tok::Equal => {
                    let (name, _) = self.expect_name()?;
                    let equal = self.bump().range;
                    let value = self.keyword_value(start)?;
                    if self.at_comprehension() {
                        return Err(SyntaxError::syntax(
                            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                            TextRange::new(start, equal.end),
                        ));
                    }
                    keywords.push(Keyword {
                        arg: Some(name),
                        value: Box::new(value),
                        range: self.range_from(start),
                    });
                }
                _ => {
                    let arg_start = self.token();
                    let value = match self.assignment_or_expression() {
                        // CPython's first pass reads no positional argument
                        // after a keyword one, so it fails at the argument's
                        // first token.
                        Err(err)
                            if !keywords.is_empty()
                                && err.kind == crate::error::SyntaxErrorKind::Syntax
                                && err.msg == "invalid syntax" =>
                        {
                            return Err(SyntaxError::syntax("invalid syntax", arg_start.range));
                        }
                        result => result?,
                    };
                    if self.at(Tok::Equal) {
                        if matches!(value.kind, ExprKind::NamedExpr { .. }) {
                            return Err(self.invalid_syntax());
                        }
                        return Err(self.invalid_keyword_argument(&value));
                    }
                    if self.at_comprehension() {
                        let Some(open) = open else {
                            return Err(self.invalid_syntax());
                        };
                        let generators = self.comprehension_clauses()?;
                        let sole = args.is_empty() && keywords.is_empty() && self.at(Tok::RPar);
                        let end = if sole {
                            self.range().end
                        } else {
                            self.prev_end()
                        };
                        let genexp = Expr::new(
                            ExprKind::GeneratorExp {
                                elt: Box::new(value),
                                generators,
                            },
                            TextRange::new(open, end),
                        );
                        if !sole {
                            return Err(self.unparenthesized_genexp(&genexp));
                        }
                        args.push(genexp);
                        break;
                    }
                    if !keywords.is_empty() {
                        let msg = if seen_double_star {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        };
                        self.tok();
                        let at = self.tokens[self.furthest].range;
                        return Err(SyntaxError::syntax(msg, at));
                    }
                    args.push(value);
                }
            }
            prev_comma = Some(self.range());
            if !self.eat(Tok::Comma) {
                if !self.at(Tok::RPar) {
                    return Err(self.missing_comma_error(args.last()));
                }
                break;
            }
        }
        Ok(CallArgs { args, keywords })
    }

    /// The value after `name=` (the name starts at `start`).
    fn keyword_value(&mut self, start: u32) -> PResult<Expr> {
        if matches!(self.tok(), Tok::Comma | Tok::RPar) {
            return Err(SyntaxError::syntax(
                "expected argument value expression",
                self.range_from(start),
            ));
        }
        self.expression()
    }

    /// `f(*a = 1)` and `f(**a = 1)`: the error spans from the stars to the
    /// expression after `=`.
    fn assign_to_unpacking(&mut self, start: u32, what: &str) -> SyntaxError {
        self.diagnose(
            |p| {
                p.bump();
                p.expression()
            },
            |_, value| {
                SyntaxError::syntax(
                    format!("cannot assign to {what}"),
                    TextRange::new(start, value.range.end),
                )
            },
        )
    }

    // ----- parameters ---------------------------------------------------------

    /// `def f((a, b))` and `lambda (x): x`: Python 2's tuple parameters.
    fn parenthesized_parameters(&mut self, annotated: bool) -> SyntaxError {
        let open = self.range();
        self.diagnose(
            |p| {
                p.bump();
                loop {
                    p.expect(Tok::Name)?;
                    if annotated && p.eat(Tok::Colon) {
                        p.expression()?;
                    }
                    if !p.eat(Tok::Comma) || p.at(Tok::RPar) {
                        break;
                    }
                }
                p.expect(Tok::RPar)
            },
            |_, close| {
                let what = if annotated {
                    "Function parameters"
                } else {
                    "Lambda expression parameters"
                };
                SyntaxError::syntax(
                    format!("{what} cannot be parenthesized"),
                    TextRange::new(open.start, close.range.end),
                )
            },
        )
    }

    /// The parameters of a `def`, up to (not including) the `)`.
    pub(super) fn parameters(&mut self) -> PResult<Arguments> {
        self.parameter_list(Tok::RPar, true)
    }

    /// The parameters of a `lambda`, up to (not including) the `:`.
    pub(super) fn lambda_parameters(&mut self) -> PResult<Arguments> {
        self.parameter_list(Tok::Colon, false)
    }

    fn one_parameter(&mut self, annotated: bool, star_annotation: bool) -> PResult<Arg> {
        let (name, range) = match self.tok() {
            Tok::Name => self.expect_name()?,
            Tok::LPar => return Err(self.parenthesized_parameters(annotated)),
            _ => return Err(self.invalid_parameter()),
        };
        let annotation = if annotated && self.eat(Tok::Colon) {
            Some(Box::new(if star_annotation {
                self.star_expression()?
            } else {
                self.expression()?
            }))
        } else {
            None
        };
        Ok(Arg {
            arg: name,
            annotation,
            type_comment: None,
            range: self.range_from(range.start),
        })
    }

    fn parameter_list(&mut self, close: Tok, annotated: bool) -> PResult<Arguments> {
        let mut posonlyargs = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let mut defaults = Vec::new();
        let mut vararg = None;
        let mut kwonlyargs = Vec::new();
        let mut kw_defaults = Vec::new();
        let mut kwarg = None;
        let mut seen_slash = false;
        let mut seen_star = false;
        let mut bare_star: Option<TextRange> = None;
        while !self.at(close) {
            let t = self.token();
            match t.kind {
                Tok::Slash if args.is_empty() && !seen_slash && !seen_star => {
                    if self.nth(1) != Tok::Comma {
                        // CPython's first pass stopped at the `/` itself.
                        if let Some(err) = self.pending_lex_error() {
                            return Err(err);
                        }
                        return Err(SyntaxError::syntax("invalid syntax", t.range));
                    }
                    return Err(SyntaxError::syntax(
                        "at least one argument must precede /",
                        t.range,
                    ));
                }
                Tok::Slash => {
                    self.bump();
                    if seen_slash {
                        return Err(SyntaxError::syntax("/ may appear only once", t.range));
                    }
                    if seen_star {
                        return Err(SyntaxError::syntax("/ must be ahead of *", t.range));
                    }
                    if args.is_empty() {
                        if !self.at(Tok::Comma) {
                            return Err(self.invalid_syntax());
                        }
                        return Err(SyntaxError::syntax(
                            "at least one argument must precede /",
                            t.range,
                        ));
                    }
                    seen_slash = true;
                    posonlyargs = std::mem::take(&mut args);
                    if self.at(Tok::Star) && !defaults.is_empty() {
                        return Err(SyntaxError::syntax(
                            "expected comma between / and *",
                            self.range(),
                        ));
                    }
                }
                Tok::Star => {
                    self.bump();
                    if seen_star {
                        return Err(SyntaxError::syntax(
                            "* argument may appear only once",
                            t.range,
                        ));
                    }
                    seen_star = true;
                    if self.at(Tok::Comma) || self.at(close) {
                        bare_star = Some(t.range);
                    } else {
                        vararg = Some(Box::new(self.one_parameter(annotated, true)?));
                        if self.at(Tok::Equal) {
                            return Err(SyntaxError::syntax(
                                "var-positional argument cannot have default value",
                                self.range(),
                            ));
                        }
                    }
                }
                Tok::DoubleStar => {
                    self.bump();
                    kwarg = Some(Box::new(self.one_parameter(annotated, false)?));
                    if self.at(Tok::Equal) {
                        return Err(SyntaxError::syntax(
                            "var-keyword argument cannot have default value",
                            self.range(),
                        ));
                    }
                    self.eat(Tok::Comma);
                    if !self.at(close) {
                        return Err(SyntaxError::syntax(
                            "arguments cannot follow var-keyword argument",
                            self.range(),
                        ));
                    }
                    break;
                }
                _ => {
                    let arg = self.one_parameter(annotated, false)?;
                    let default = if self.at(Tok::Equal) {
                        let equal = self.bump().range;
                        if self.at(Tok::Comma) || self.at(close) {
                            return Err(SyntaxError::syntax(
                                "expected default value expression",
                                equal,
                            ));
                        }
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    if seen_star {
                        bare_star = None;
                        kwonlyargs.push(arg);
                        kw_defaults.push(default);
                    } else {
                        match default {
                            Some(d) => defaults.push(d),
                            None if !defaults.is_empty() => {
                                return Err(SyntaxError::syntax(
                                    "parameter without a default follows parameter with a default",
                                    arg.range,
                                ));
                            }
                            None => {}
                        }
                        args.push(arg);
                    }
                }
            }
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        if let Some(range) = bare_star {
            // `def` points at the `*`; `lambda` at the token after it.
            let at = if annotated { range } else { self.range() };
            return Err(SyntaxError::syntax(
                "named arguments must follow bare *",
                at,
            ));
        }
        if !self.at(close) {
            return Err(self.invalid_syntax());
        }
        Ok(Arguments {
            posonlyargs,
            args,
            vararg,
            kwonlyargs,
            kw_defaults,
            kwarg,
            defaults,
        })
    }
}
