//! The tokenizer: normalized source text to CPython's token stream.
//!
//! Tokenizes the whole text up front (the parser backtracks over a slice of
//! tokens). Like CPython's tokenizer it tracks indentation, brackets for implicit
//! line joining, and a stack of modes for PEP 701 f-strings and PEP 750
//! t-strings, whose replacement fields hold ordinary tokens. An error stops the
//! stream with a `Tok::Error` token, so the parser reports it only when it gets
//! that far, as CPython's lazily fed parser does.

mod fstring;
mod number;
mod token;

pub use token::{Tok, Token};

use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::text::{TextRange, is_printable, is_xid_continue, is_xid_start};

/// CPython's limit on nested brackets (MAXLEVEL).
const MAX_BRACKET_DEPTH: usize = 200;
/// CPython's limit on indentation levels (MAXINDENT).
const MAX_INDENT_DEPTH: usize = 100;

/// The result of tokenizing a text.
#[derive(Debug)]
pub struct Tokenized {
    /// The tokens; ends with `EndMarker`, or with `Error` when `error` is set.
    pub tokens: Vec<Token>,
    /// The error the tokenizer stopped at.
    pub error: Option<SyntaxError>,
    /// Where the innermost bracket still open at the end of input is, when
    /// `error` is that bracket never being closed.
    pub unclosed_bracket: Option<u32>,
    /// Warnings raised while tokenizing.
    pub warnings: Vec<crate::error::SyntaxWarning>,
}

/// An f-string or t-string being tokenized.
#[derive(Clone, Copy, Debug)]
struct StringFrame {
    quote: u8,
    triple: bool,
    raw: bool,
    /// Offset of the string's prefix, for error positions.
    start: usize,
    template: bool,
}

/// What the tokenizer is in the middle of.
#[derive(Clone, Copy, Debug)]
enum Mode {
    /// The literal text of an f-string.
    Literal(StringFrame),
    /// Ordinary tokens inside a replacement field; `depth` is the bracket depth
    /// just after the field's `{`.
    Replacement { depth: usize },
    /// The format spec after a field's top-level `:`.
    FormatSpec { depth: usize },
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<Token>,
    /// Indentation stack: (column with tabs to 8, column with tabs as 1).
    indents: Vec<(u32, u32)>,
    brackets: Vec<(u8, usize)>,
    modes: Vec<Mode>,
    at_line_start: bool,
    line_has_tokens: bool,
    /// Where a comment started on the current line, since the last token.
    comment_start: Option<usize>,
    warnings: Vec<crate::error::SyntaxWarning>,
    /// Whether to emit what the parser skips (comments, non-logical
    /// newlines) and accept any identifier characters, as CPython's
    /// tokenizer does for the `tokenize` module.
    trivia: bool,
}

type LexResult<T = ()> = Result<T, SyntaxError>;

/// Tokenizes normalized source text.
pub fn tokenize(text: &str) -> Tokenized {
    run_lexer(text, false)
}

/// Tokenizes normalized source text for the `tokenize` module: also emits
/// `Comment` and `Nl` tokens, the empty literal CPython reports before the
/// `}` that ends a format spec, and names with characters the parser
/// would reject.
pub fn tokenize_with_trivia(text: &str) -> Tokenized {
    run_lexer(text, true)
}

fn run_lexer(text: &str, trivia: bool) -> Tokenized {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tokens: Vec::with_capacity(text.len() / 4 + 16),
        indents: vec![(0, 0)],
        brackets: Vec::new(),
        modes: Vec::new(),
        at_line_start: true,
        line_has_tokens: false,
        comment_start: None,
        warnings: Vec::new(),
        trivia,
    };
    let error = lexer.run().err();
    let unclosed_bracket = match &error {
        Some(_) if lexer.at_end() => lexer.brackets.last().map(|&(_, at)| at as u32),
        _ => None,
    };
    if let Some(err) = &error {
        let at = match err.location {
            crate::error::ErrorLocation::Range(r) => r.start as usize,
            _ => lexer.pos,
        };
        let at = at.max(lexer.tokens.last().map_or(0, |t| t.range.end as usize));
        lexer.tokens.push(Token::new(Tok::Error, at, at));
    }
    Tokenized {
        tokens: lexer.tokens,
        error,
        unclosed_bracket,
        warnings: lexer.warnings,
    }
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> u8 {
        self.bytes.get(self.pos).copied().unwrap_or(0)
    }

    fn peek_at(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn push(&mut self, kind: Tok, start: usize, end: usize) {
        self.tokens.push(Token::new(kind, start, end));
        self.line_has_tokens = true;
    }

    fn error(&self, msg: impl Into<String>, start: usize, end: usize) -> SyntaxError {
        SyntaxError::syntax(msg, TextRange::new(start as u32, end as u32))
    }

    /// An error placed the way CPython's tokenizer places it from its cursor:
    /// the reported column is the number of characters before `cursor`.
    fn cursor_error(&self, msg: impl Into<String>, cursor: usize) -> SyntaxError {
        let start = self.text[..cursor]
            .chars()
            .next_back()
            .map_or(cursor, |c| cursor - c.len_utf8());
        self.error(msg, start, cursor)
    }

    /// The line CPython's tokenizer is on when it reaches `offset`: a final
    /// newline does not start another line.
    fn detected_line(&self, offset: usize) -> usize {
        let at = if offset >= self.bytes.len() && self.bytes.last() == Some(&b'\n') {
            self.bytes.len() - 1
        } else {
            offset
        };
        self.line_of(at)
    }

    /// The 1-based line number of `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.bytes[..offset.min(self.bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn run(&mut self) -> LexResult {
        loop {
            match self.modes.last().copied() {
                Some(Mode::Literal(frame)) => {
                    self.lex_fstring_literal(frame)?;
                    continue;
                }
                Some(Mode::FormatSpec { depth }) => {
                    self.lex_format_spec(depth)?;
                    continue;
                }
                _ => {}
            }
            if self.at_line_start && self.brackets.is_empty() {
                self.at_line_start = false;
                self.indentation()?;
            }
            self.comment_start = None;
            self.skip_whitespace()?;
            if self.at_end() {
                return self.finish();
            }
            let start = self.pos;
            let c = self.peek();
            match c {
                b'\n' => {
                    self.pos += 1;
                    let logical = self.brackets.is_empty() && self.line_has_tokens;
                    if logical {
                        let from = match self.trivia {
                            true => start,
                            false => self.comment_start.unwrap_or(start),
                        };
                        self.tokens.push(Token::new(Tok::Newline, from, start + 1));
                    } else if self.trivia {
                        self.tokens.push(Token::new(Tok::Nl, start, start + 1));
                    }
                    if self.brackets.is_empty() {
                        self.line_has_tokens = false;
                        self.at_line_start = true;
                    }
                }
                b'0'..=b'9' => self.lex_number(start)?,
                b'.' if self.peek_at(1).is_ascii_digit() => self.lex_number(start)?,
                b'"' | b'\'' => self.lex_string(start, start)?,
                b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xFF => {
                    self.lex_name_or_prefixed(start)?
                }
                _ => self.lex_operator(start)?,
            }
        }
    }

    fn innermost_fstring(&self) -> Option<StringFrame> {
        self.modes.iter().rev().find_map(|m| match m {
            Mode::Literal(f) => Some(*f),
            _ => None,
        })
    }

    /// Measures the indentation of a new line and emits INDENT/DEDENT tokens.
    fn indentation(&mut self) -> LexResult {
        let (mut col, mut alt) = (0u32, 0u32);
        let line_start = self.pos;
        loop {
            match self.peek() {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    alt += 1;
                }
                b'\x0c' => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        if matches!(self.peek(), b'#' | b'\n') || self.at_end() {
            return Ok(());
        }
        if self.peek() == b'\\' && self.peek_at(1) == b'\n' {
            // A continuation line that starts with a backslash keeps the indentation
            // of the line it continues.
            return Ok(());
        }
        let here = self.pos;
        let &(top_col, top_alt) = self.indents.last().expect("indent stack has a base");
        let tab_error = |s: &Self| {
            let lineno = s.line_of(line_start) as u32;
            let mut err = SyntaxError::new(
                SyntaxErrorKind::Tab,
                "inconsistent use of tabs and spaces in indentation",
                TextRange::new(line_start as u32, here as u32),
            );
            err.location = crate::error::ErrorLocation::Position {
                lineno,
                offset: 1,
                end_lineno: lineno,
                end_offset: 0,
            };
            err
        };
        if col == top_col {
            if alt != top_alt {
                return Err(tab_error(self));
            }
        } else if col > top_col {
            if alt <= top_alt {
                return Err(tab_error(self));
            }
            if self.indents.len() >= MAX_INDENT_DEPTH {
                return Err(SyntaxError::new(
                    SyntaxErrorKind::Indentation,
                    "too many levels of indentation",
                    TextRange::new(here as u32, here as u32),
                ));
            }
            self.indents.push((col, alt));
            self.tokens.push(Token::new(Tok::Indent, line_start, here));
        } else {
            while col < self.indents.last().expect("base").0 {
                self.indents.pop();
                self.tokens.push(Token::new(Tok::Dedent, here, here));
            }
            let &(top_col, top_alt) = self.indents.last().expect("base");
            if col != top_col {
                let err = SyntaxError::new(
                    SyntaxErrorKind::Indentation,
                    "unindent does not match any outer indentation level",
                    TextRange::new(here as u32, here as u32),
                );
                return Err(self.at_line_error(err, line_start));
            }
            if alt != top_alt {
                return Err(tab_error(self));
            }
        }
        Ok(())
    }

    /// CPython points indentation errors at the end of the offending line.
    fn at_line_error(&self, mut err: SyntaxError, line_start: usize) -> SyntaxError {
        let line_end = self.bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| line_start + i);
        let lineno = self.line_of(line_start) as u32;
        let chars = self.text[line_start..line_end].chars().count() as u32;
        err.location = crate::error::ErrorLocation::Position {
            lineno,
            offset: chars as i32 + 1,
            end_lineno: lineno,
            end_offset: chars as i32 + 1,
        };
        err
    }

    fn skip_whitespace(&mut self) -> LexResult {
        loop {
            match self.peek() {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'#' => {
                    self.comment_start = Some(self.pos);
                    while !self.at_end() && self.peek() != b'\n' {
                        self.pos += 1;
                    }
                    if self.trivia {
                        let start = self.comment_start.unwrap_or(self.pos);
                        self.tokens.push(Token::new(Tok::Comment, start, self.pos));
                    }
                }
                b'\\' => {
                    if self.pos + 1 >= self.bytes.len()
                        || (self.peek_at(1) == b'\n' && self.pos + 2 >= self.bytes.len())
                    {
                        // CPython points one past the backslash.
                        let at = self.pos + 1;
                        self.pos = self.bytes.len();
                        return Err(self.error("unexpected EOF while parsing", at, at));
                    } else if self.peek_at(1) == b'\n' {
                        self.pos += 2;
                    } else {
                        return Err(self.error(
                            "unexpected character after line continuation character",
                            self.pos + 1,
                            self.pos + 1,
                        ));
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn finish(&mut self) -> LexResult {
        if let Some(Mode::Replacement { .. }) = self.modes.last()
            && let Some(frame) = self.innermost_fstring()
        {
            return Err(self.unterminated_fstring(frame, self.pos));
        }
        if let Some(&(c, at)) = self.brackets.last() {
            let mut err = self.error(format!("'{}' was never closed", c as char), at, at);
            let lineno = self.line_of(at) as u32;
            let line_start = self.bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = self.text[line_start..at].chars().count() as i32;
            err.location = crate::error::ErrorLocation::Position {
                lineno,
                offset: col + 1,
                end_lineno: lineno,
                end_offset: 0,
            };
            return Err(err);
        }
        let end = self.bytes.len();
        if self.line_has_tokens {
            self.tokens.push(Token::new(Tok::Newline, end, end));
        } else if self.trivia && self.tokens.last().is_some_and(|t| t.kind == Tok::Comment) {
            // A comment on a last line without a newline ends that line.
            self.tokens.push(Token::new(Tok::Nl, end, end));
        }
        for _ in 1..self.indents.len() {
            self.tokens.push(Token::new(Tok::Dedent, end, end));
        }
        self.tokens.push(Token::new(Tok::EndMarker, end, end));
        Ok(())
    }

    /// Decodes the code point at byte offset `at`.
    fn char_at(&self, at: usize) -> char {
        self.text[at..].chars().next().unwrap_or('\0')
    }

    fn lex_name_or_prefixed(&mut self, start: usize) -> LexResult {
        let mut end = start;
        let mut ascii = true;
        while end < self.bytes.len() {
            let b = self.bytes[end];
            if b.is_ascii_alphanumeric() || b == b'_' {
                end += 1;
            } else if b >= 0x80 {
                ascii = false;
                end += 1;
            } else {
                break;
            }
        }
        let word = &self.text[start..end];
        if matches!(self.bytes.get(end), Some(b'"' | b'\'')) {
            match string_prefix(word) {
                Prefix::Valid => return self.lex_string(start, end),
                Prefix::Incompatible(a, b) => {
                    return Err(self.error(
                        format!("'{a}' and '{b}' prefixes are incompatible"),
                        start,
                        end,
                    ));
                }
                Prefix::Name => {}
            }
        }
        if !ascii && !self.trivia {
            self.verify_identifier(start, end)?;
        }
        self.pos = end;
        let kind = Tok::keyword(word).unwrap_or(Tok::Name);
        self.push(kind, start, end);
        Ok(())
    }

    fn verify_identifier(&self, start: usize, end: usize) -> LexResult {
        for (i, (offset, c)) in self.text[start..end].char_indices().enumerate() {
            let cp = u32::from(c);
            let ok = if i == 0 {
                is_xid_start(cp)
            } else {
                is_xid_continue(cp)
            };
            if !ok {
                let at = start + offset;
                return Err(self.invalid_character(at));
            }
        }
        Ok(())
    }

    fn invalid_character(&self, at: usize) -> SyntaxError {
        let c = self.char_at(at);
        let cp = u32::from(c);
        let msg = if is_printable(cp) {
            format!("invalid character '{c}' (U+{cp:04X})")
        } else {
            format!("invalid non-printable character U+{cp:04X}")
        };
        self.error(msg, at, at + c.len_utf8())
    }

    fn lex_string(&mut self, start: usize, quote_at: usize) -> LexResult {
        let prefix = &self.bytes[start..quote_at];
        let has = |c: u8| prefix.iter().any(|p| p.to_ascii_lowercase() == c);
        let quote = self.bytes[quote_at];
        let triple = self.bytes.get(quote_at + 1) == Some(&quote)
            && self.bytes.get(quote_at + 2) == Some(&quote);
        let body = quote_at + if triple { 3 } else { 1 };
        if has(b'f') || has(b't') {
            let frame = StringFrame {
                quote,
                triple,
                raw: has(b'r'),
                start,
                template: has(b't'),
            };
            self.check_string_nesting(body)?;
            let kind = if frame.template {
                Tok::TStringStart
            } else {
                Tok::FStringStart
            };
            self.push(kind, start, body);
            self.pos = body;
            self.modes.push(Mode::Literal(frame));
            return Ok(());
        }
        let mut i = body;
        loop {
            let Some(&c) = self.bytes.get(i) else {
                return Err(self.unterminated_string(start, triple, i));
            };
            if c == quote
                && (!triple
                    || (self.bytes.get(i + 1) == Some(&quote)
                        && self.bytes.get(i + 2) == Some(&quote)))
            {
                let end = i + if triple { 3 } else { 1 };
                self.pos = end;
                self.push(Tok::String, start, end);
                return Ok(());
            }
            match c {
                b'\\' => i += 2,
                b'\n' if !triple => return Err(self.unterminated_string(start, false, i)),
                _ => i += 1,
            }
        }
    }

    fn unterminated_string(&self, start: usize, triple: bool, at: usize) -> SyntaxError {
        let quote = self.bytes[start..]
            .iter()
            .copied()
            .find(|&b| b == b'"' || b == b'\'');
        if let (Some(frame), Some(Mode::Replacement { .. })) =
            (self.innermost_fstring(), self.modes.last())
            && Some(frame.quote) == quote
            && frame.triple == triple
        {
            let kind = if frame.template {
                "t-string"
            } else {
                "f-string"
            };
            return self.error(format!("{kind}: expecting '}}'"), start, start);
        }
        let line = self.detected_line(at);
        let msg = if triple {
            format!("unterminated triple-quoted string literal (detected at line {line})")
        } else {
            format!("unterminated string literal (detected at line {line})")
        };
        self.error(msg, start, start)
    }

    fn lex_operator(&mut self, start: usize) -> LexResult {
        let c = self.peek();
        let rest = &self.bytes[start..];
        // `<>` is always NOTEQUAL; the parser accepts it only under
        // `from __future__ import barry_as_FLUFL`.
        let diamond: (&[u8], Tok) = (b"<>", Tok::NotEqual);
        let Some(&(text, kind)) = std::iter::once(&diamond)
            .chain(Tok::OPERATORS)
            .find(|(t, _)| rest.starts_with(t))
        else {
            let c = self.char_at(start);
            if c.is_ascii() && is_printable(u32::from(c)) {
                // `$`, `?` and the backtick are tokens no grammar rule accepts,
                // so the parser, not the tokenizer, reports them.
                self.pos = start + 1;
                self.push(Tok::Unknown, start, start + 1);
                return Ok(());
            }
            return Err(self.invalid_character(start));
        };
        // At the top level of a replacement field, `:` starts the format spec
        // even where `:=` would otherwise be read.
        let (text, kind): (&[u8], Tok) = match self.modes.last() {
            Some(Mode::Replacement { depth }) if c == b':' && *depth == self.brackets.len() => {
                (b":", Tok::Colon)
            }
            _ => (text, kind),
        };
        match kind {
            Tok::LPar | Tok::LSqb | Tok::LBrace => {
                if self.brackets.len() >= MAX_BRACKET_DEPTH {
                    return Err(self.error("too many nested parentheses", start, start + 1));
                }
                self.brackets.push((c, start));
            }
            Tok::RPar | Tok::RSqb | Tok::RBrace => {
                if let Some(Mode::Replacement { depth }) = self.modes.last().copied()
                    && depth == self.brackets.len()
                    && kind == Tok::RBrace
                {
                    self.brackets.pop();
                    self.modes.pop();
                    self.pos = start + 1;
                    self.push(kind, start, start + 1);
                    return Ok(());
                }
                self.close_bracket(c, start)?;
            }
            Tok::Colon => {
                if let Some(Mode::Replacement { depth }) = self.modes.last().copied()
                    && depth == self.brackets.len()
                {
                    self.pos = start + 1;
                    self.push(kind, start, start + 1);
                    self.modes.push(Mode::FormatSpec { depth });
                    return Ok(());
                }
            }
            _ => {}
        }
        self.pos = start + text.len();
        self.push(kind, start, self.pos);
        Ok(())
    }

    fn close_bracket(&mut self, c: u8, start: usize) -> LexResult {
        let Some(&(open, open_at)) = self.brackets.last() else {
            return Err(self.error(format!("unmatched '{}'", c as char), start, start + 1));
        };
        let matching = matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
        if !matching
            && let Some(Mode::Replacement { depth }) = self.modes.last()
            && *depth == self.brackets.len()
        {
            let kind = match self.innermost_fstring() {
                Some(frame) if frame.template => "t-string",
                _ => "f-string",
            };
            return Err(self.error(
                format!("{kind}: unmatched '{}'", c as char),
                start,
                start + 1,
            ));
        }
        if !matching {
            let open_line = self.line_of(open_at);
            let msg = if open_line != self.line_of(start) {
                format!(
                    "closing parenthesis '{}' does not match opening parenthesis '{}' on line {open_line}",
                    c as char, open as char
                )
            } else {
                format!(
                    "closing parenthesis '{}' does not match opening parenthesis '{}'",
                    c as char, open as char
                )
            };
            return Err(self.error(msg, start, start + 1));
        }
        self.brackets.pop();
        Ok(())
    }
}

/// What a name directly followed by a quote is.
enum Prefix {
    /// A string prefix (`rb`, `f`, `Rt`, ...).
    Valid,
    /// Distinct prefix letters that cannot be combined, in CPython's order.
    Incompatible(char, char),
    /// An ordinary name (a repeated letter, or not a prefix letter at all).
    Name,
}

fn string_prefix(word: &str) -> Prefix {
    let lower = word.to_ascii_lowercase();
    let letters: Vec<char> = lower.chars().collect();
    let distinct = letters
        .iter()
        .enumerate()
        .all(|(i, c)| !letters[..i].contains(c));
    if letters.is_empty()
        || letters.len() > 5
        || !distinct
        || !letters.iter().all(|c| "brutf".contains(*c))
    {
        return Prefix::Name;
    }
    let has = |c: char| letters.contains(&c);
    // The pair CPython names, in its order of checking.
    for (a, b) in [
        ('u', 'b'),
        ('u', 'r'),
        ('u', 'f'),
        ('u', 't'),
        ('b', 'f'),
        ('b', 't'),
        ('f', 't'),
    ] {
        if has(a) && has(b) {
            return Prefix::Incompatible(a, b);
        }
    }
    Prefix::Valid
}
