//! A hand-written recursive-descent parser for the Python 3.14 grammar.
//!
//! It follows CPython's PEG grammar (Grammar/python.gram) rule for rule where
//! the tree shape or positions depend on it; one file per grammar area, as ruff
//! splits its parser. Node positions follow CPython's convention: a node spans
//! from its rule's first token to the last non-whitespace token the rule consumed.

mod arguments;
mod errors;
mod expression;
mod literal;
mod pattern;
mod statement;
mod string;
mod target;

use crate::ast::{self, Expr, ExprKind, Mod, Stmt};
use crate::error::{ErrorLocation, SyntaxError, SyntaxErrorKind, SyntaxWarning};
use crate::lexer::{self, Tok, Token};
use crate::source;
use crate::text::{LineIndex, TextRange};

/// What a source text is parsed as (the `mode` argument of `compile`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module: `exec`.
    Exec,
    /// A single expression: `eval`.
    Eval,
    /// One interactive statement: `single`.
    Single,
    /// A function type comment: `func_type`.
    FuncType,
}

/// A parsed source: the tree and the text its positions refer to.
pub struct Parsed {
    /// The tree.
    pub module: Mod,
    /// The decoded, newline-normalized text.
    pub text: String,
    /// Line starts of `text`.
    pub line_index: LineIndex,
    /// Warnings raised while parsing, in source order.
    pub warnings: Vec<SyntaxWarning>,
}

/// Parses source bytes (honouring BOM and encoding declarations) in `mode`.
/// Errors carry resolved positions (line and 1-based character offset).
pub fn parse_source(bytes: &[u8], mode: Mode) -> Result<Parsed, SyntaxError> {
    let decoded = source::decode(bytes)?;
    parse_text(decoded.text, mode)
}

/// Parses already-decoded text in `mode`.
pub fn parse_text(text: String, mode: Mode) -> Result<Parsed, SyntaxError> {
    let text = source::from_str(&text).text;
    let line_index = LineIndex::new(&text);
    let result = match source::find_nul(&text) {
        Some(range) => Err(SyntaxError::syntax(
            "source code cannot contain null bytes",
            range,
        )),
        None => Parser::new(&text).parse(mode),
    };
    match result {
        Ok((module, warnings)) => Ok(Parsed {
            module,
            text,
            line_index,
            warnings,
        }),
        Err(mut err) => {
            resolve_error(&mut err, &text, &line_index);
            Err(err)
        }
    }
}

/// Parses a module from source bytes.
pub fn parse_module(bytes: &[u8]) -> Result<Parsed, SyntaxError> {
    parse_source(bytes, Mode::Exec)
}

fn resolve_error(err: &mut SyntaxError, text: &str, index: &LineIndex) {
    if let ErrorLocation::Range(_) = err.location {
        let pos = err.resolve(text, index);
        err.location = ErrorLocation::Position {
            lineno: pos.lineno,
            offset: pos.offset,
            end_lineno: pos.end_lineno,
            end_offset: pos.end_offset,
        };
    }
}

type PResult<T> = Result<T, SyntaxError>;

/// How deeply rules may nest before the parser gives up, as CPython's parser
/// does with "too complex to parse". CPython counts rule invocations up to
/// 6000; the costs passed to `nested` are chosen so that chains of unary
/// operators, `not` and conditionals stop after 5968 levels and chains of
/// `lambda` and `**` after 2984, as they do in CPython 3.14.
const MAX_NESTING: u32 = 5969;

/// Stack left before the parser moves to a fresh stack segment, and the size of
/// such a segment: deep nesting is bounded by `MAX_NESTING`, never by the
/// thread's stack size.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// Parser state over a token slice.
pub(crate) struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// The furthest token index looked at; generic errors point there.
    furthest: usize,
    lex_error: Option<SyntaxError>,
    /// Where the innermost unclosed bracket is, when the tokenizer error is
    /// end of input inside brackets.
    unclosed_bracket: Option<u32>,
    /// Kinds of the f-strings (false) and t-strings (true) being parsed.
    string_kinds: Vec<bool>,
    /// Warnings raised so far.
    warnings: Vec<SyntaxWarning>,
    nesting: u32,
    /// Inside `speculate`: errors will be discarded, so skip diagnosing them.
    speculating: bool,
    /// Whether `from __future__ import barry_as_FLUFL` is in effect.
    flufl: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let lexed = lexer::tokenize(text);
        Parser {
            text,
            tokens: lexed.tokens,
            pos: 0,
            furthest: 0,
            lex_error: lexed.error,
            unclosed_bracket: lexed.unclosed_bracket,
            string_kinds: Vec::new(),
            warnings: lexed.warnings,
            nesting: 0,
            speculating: false,
            flufl: false,
        }
    }

    fn parse(mut self, mode: Mode) -> PResult<(Mod, Vec<SyntaxWarning>)> {
        let result = match mode {
            Mode::Exec => self.file(),
            Mode::Eval => self.eval_input(),
            Mode::Single => self.interactive_input(),
            Mode::FuncType => self.func_type_input(),
        };
        match result {
            Ok(module) => {
                // Speculation may decode a literal twice: keep one of each.
                let mut warnings = std::mem::take(&mut self.warnings);
                warnings.sort();
                warnings.dedup();
                Ok((module, warnings))
            }
            Err(err) => Err(self.final_error(err)),
        }
    }

    /// The error to report: a tokenizer error the parser reached wins, as in
    /// CPython where the tokenizer raises while the parser fetches tokens.
    fn final_error(&mut self, err: SyntaxError) -> SyntaxError {
        if let Some(lex_err) = self.pending_lex_error() {
            return lex_err;
        }
        // CPython then tokenizes the rest of the source; an unclosed bracket
        // replaces the error when the error ends on a later line than the
        // bracket was opened on.
        if let (Some(bracket), Some(lex_err)) = (self.unclosed_bracket, &self.lex_error) {
            let err_end_line = match err.location {
                ErrorLocation::Range(range) => self.line_of(range.end) as u32,
                ErrorLocation::Position {
                    lineno, end_lineno, ..
                } => end_lineno.max(lineno),
            };
            if err_end_line > self.line_of(bracket) as u32 {
                return lex_err.clone();
            }
        }
        err
    }

    /// The tokenizer's error if it applies now: always for a real tokenizer
    /// error (CPython tokenizes the rest of the source before settling on a
    /// generic error), and for end of input inside brackets only once the
    /// parser has reached the end.
    fn pending_lex_error(&self) -> Option<SyntaxError> {
        let err = self.lex_error.as_ref()?;
        let reached = self.furthest + 1 >= self.tokens.len();
        (reached || self.unclosed_bracket.is_none()).then(|| err.clone())
    }

    // ----- token access -------------------------------------------------------

    /// The kind of the current token.
    fn tok(&mut self) -> Tok {
        self.nth(0)
    }

    /// The kind of the token `n` ahead of the current one.
    fn nth(&mut self, n: usize) -> Tok {
        let i = (self.pos + n).min(self.tokens.len() - 1);
        if i > self.furthest {
            self.furthest = i;
        }
        self.tokens[i].kind
    }

    fn token(&self) -> Token {
        self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn range(&self) -> TextRange {
        self.token().range
    }

    fn start(&self) -> u32 {
        self.token().range.start
    }

    fn at(&mut self, kind: Tok) -> bool {
        self.tok() == kind
    }

    fn bump(&mut self) -> Token {
        let t = self.token();
        if t.kind != Tok::EndMarker && t.kind != Tok::Error {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, kind: Tok) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, kind: Tok) -> PResult<Token> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.invalid_syntax())
        }
    }

    /// Source text of a token.
    fn text_of(&self, t: Token) -> &'a str {
        &self.text[t.range.start as usize..t.range.end as usize]
    }

    /// Whether the current token is the soft keyword (or name) `word`.
    fn at_name(&mut self, word: &str) -> bool {
        self.at(Tok::Name) && self.text_of(self.token()) == word
    }

    /// End of the last consumed token that is not NEWLINE, INDENT or DEDENT:
    /// where CPython ends the node a rule builds.
    fn prev_end(&self) -> u32 {
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            let t = self.tokens[i];
            if !matches!(
                t.kind,
                Tok::Newline | Tok::Indent | Tok::Dedent | Tok::EndMarker
            ) {
                return t.range.end;
            }
        }
        0
    }

    /// The range from `start` to the end of the last consumed token.
    fn range_from(&self, start: u32) -> TextRange {
        TextRange::new(start, self.prev_end())
    }

    /// Runs `f`; on failure rewinds to where it started and returns `None`.
    /// Errors raised inside are thrown away, so the diagnosis of errors (which
    /// itself speculates) is switched off meanwhile: otherwise nested failures
    /// would each re-read the rest of the input, exponentially.
    fn speculate<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> Option<T> {
        let saved = self.pos;
        let was_speculating = std::mem::replace(&mut self.speculating, true);
        let result = f(self);
        self.speculating = was_speculating;
        match result {
            Ok(v) => Some(v),
            Err(_) => {
                self.pos = saved;
                None
            }
        }
    }

    /// Runs `f` one nesting level deeper. `cost` counts toward CPython's limit
    /// ("too complex to parse"); the Rust stack grows on demand, so no input
    /// can overflow it whatever the thread's stack size.
    fn nested<T>(&mut self, cost: u32, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.nesting + cost > MAX_NESTING {
            return Err(SyntaxError::new(
                SyntaxErrorKind::Memory,
                "Parser stack overflowed - Python source too complex to parse",
                self.range(),
            ));
        }
        self.nesting += cost;
        let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || f(self));
        self.nesting -= cost;
        result
    }

    // ----- entry points -------------------------------------------------------

    fn file(&mut self) -> PResult<Mod> {
        let body = self.statements_until(Tok::EndMarker)?;
        Ok(Mod::Module {
            body,
            type_ignores: Vec::new(),
        })
    }

    fn eval_input(&mut self) -> PResult<Mod> {
        let body = self.star_expressions_or_yield(false)?;
        while self.eat(Tok::Newline) {}
        if !self.at(Tok::EndMarker) {
            return Err(self.invalid_syntax());
        }
        Ok(Mod::Expression {
            body: Box::new(body),
        })
    }

    fn interactive_input(&mut self) -> PResult<Mod> {
        if self.at(Tok::Newline) || self.at(Tok::EndMarker) {
            return Ok(Mod::Interactive { body: Vec::new() });
        }
        let mut body = Vec::new();
        self.statement(&mut body)?;
        while self.eat(Tok::Newline) {}
        if !self.at(Tok::EndMarker) {
            return Err(SyntaxError::syntax(
                "multiple statements found while compiling a single statement",
                self.range(),
            ));
        }
        Ok(Mod::Interactive { body })
    }

    fn func_type_input(&mut self) -> PResult<Mod> {
        self.expect(Tok::LPar)?;
        let mut argtypes = Vec::new();
        while !self.at(Tok::RPar) {
            let start = self.start();
            // `*args` and `**kwargs` types are kept as starred expressions.
            let item = if self.eat(Tok::Star) || self.eat(Tok::DoubleStar) {
                let value = self.expression()?;
                self.starred(start, value)
            } else {
                self.expression()?
            };
            argtypes.push(item);
            if !self.eat(Tok::Comma) {
                break;
            }
        }
        self.expect(Tok::RPar)?;
        self.expect(Tok::RArrow)?;
        let returns = self.expression()?;
        while self.eat(Tok::Newline) {}
        self.expect(Tok::EndMarker)?;
        Ok(Mod::FunctionType {
            argtypes,
            returns: Box::new(returns),
        })
    }

    fn starred(&self, start: u32, value: Expr) -> Expr {
        Expr::new(
            ExprKind::Starred {
                value: Box::new(value),
                ctx: ast::ExprContext::Load,
            },
            self.range_from(start),
        )
    }

    /// Statements up to (not including) `end`.
    fn statements_until(&mut self, end: Tok) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        while !self.at(end) {
            self.statement(&mut body)?;
        }
        Ok(body)
    }
}
