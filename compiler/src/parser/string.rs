//! String atoms: implicit concatenation of str, bytes, f-string and t-string
//! literals, and the replacement fields inside f-strings and t-strings.

use super::literal::{decode_bytes, decode_str, escape_error};
use super::{PResult, Parser};
use crate::ast::{Constant, Expr, ExprKind};
use crate::error::{SyntaxError, SyntaxWarning};
use crate::lexer::{Tok, Token};
use crate::text::{PyStr, TextRange};

/// A piece of a concatenated string: literal text or a replacement field.
enum Piece {
    Text(PyStr, TextRange),
    Field(Expr),
}

/// The prefix letters of a string token, lowercased.
struct Prefix {
    raw: bool,
    bytes: bool,
    unicode: bool,
}

fn prefix_of(token_text: &str) -> (Prefix, usize) {
    let len = token_text
        .bytes()
        .position(|b| b == b'\'' || b == b'"')
        .unwrap_or(0);
    let letters = token_text[..len].to_ascii_lowercase();
    (
        Prefix {
            raw: letters.contains('r'),
            bytes: letters.contains('b'),
            unicode: letters.contains('u'),
        },
        len,
    )
}

/// Appends a literal piece, merging it into a preceding literal piece.
fn push_text(pieces: &mut Vec<Piece>, text: PyStr, range: TextRange) {
    if let Some(Piece::Text(prev, prev_range)) = pieces.last_mut() {
        prev.push_pystr(&text);
        prev_range.end = range.end;
        return;
    }
    pieces.push(Piece::Text(text, range));
}

impl Parser<'_> {
    /// `strings`: one or more adjacent string literals.
    pub(super) fn strings(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut bytes_value: Option<Vec<u8>> = None;
        let (mut saw_bytes, mut saw_str, mut saw_f, mut saw_t) = (false, false, false, false);
        let mut first_unicode = None;
        // Where the literal before the first change between t-strings and other
        // strings starts: CPython's range for "cannot mix t-string literals".
        let mut mix_start = None;
        let mut prev: Option<(u32, bool)> = None;
        loop {
            let t = self.token();
            if matches!(t.kind, Tok::String | Tok::FStringStart | Tok::TStringStart) {
                let is_t = t.kind == Tok::TStringStart;
                if let Some((prev_start, prev_t)) = prev
                    && prev_t != is_t
                    && mix_start.is_none()
                {
                    mix_start = Some(prev_start);
                }
                prev = Some((t.range.start, is_t));
            }
            match t.kind {
                Tok::String => {
                    self.bump();
                    let text = self.text_of(t);
                    let (prefix, plen) = prefix_of(text);
                    first_unicode.get_or_insert(prefix.unicode);
                    let quote_len =
                        if text[plen..].starts_with("\"\"\"") || text[plen..].starts_with("'''") {
                            3
                        } else {
                            1
                        };
                    let body = &text[plen + quote_len..text.len() - quote_len];
                    let body_start = t.range.start + (plen + quote_len) as u32;
                    let mut warnings = Vec::new();
                    if prefix.bytes {
                        saw_bytes = true;
                        let value = decode_bytes(body, prefix.raw, &mut warnings)
                            .map_err(|e| escape_error(e, t.range))?;
                        self.warn_in_literal(body_start, warnings);
                        bytes_value
                            .get_or_insert_with(Vec::new)
                            .extend_from_slice(&value);
                    } else {
                        saw_str = true;
                        let value = decode_str(body, prefix.raw, false, &mut warnings)
                            .map_err(|e| escape_error(e, t.range))?;
                        self.warn_in_literal(body_start, warnings);
                        push_text(&mut pieces, value, t.range);
                    }
                }
                Tok::FStringStart => {
                    saw_f = true;
                    self.fstring(&mut pieces, false)?;
                }
                Tok::TStringStart => {
                    saw_t = true;
                    self.fstring(&mut pieces, true)?;
                }
                _ => break,
            }
        }
        let range = self.range_from(start);
        if saw_t && (saw_bytes || saw_str || saw_f) {
            return Err(SyntaxError::syntax(
                "cannot mix t-string literals with string or bytes literals",
                TextRange::new(mix_start.unwrap_or(start), range.end),
            ));
        }
        if saw_bytes && (saw_str || saw_f) {
            return Err(SyntaxError::syntax(
                "cannot mix bytes and nonbytes literals",
                self.range(),
            ));
        }
        if saw_bytes {
            let value = Constant::Bytes(bytes_value.unwrap_or_default());
            return Ok(Expr::new(ExprKind::Constant { value, kind: None }, range));
        }
        if !saw_f && !saw_t {
            let value = match pieces.pop() {
                Some(Piece::Text(text, _)) => text,
                _ => PyStr::new(),
            };
            let kind = first_unicode.unwrap_or(false).then(|| "u".to_string());
            return Ok(Expr::new(
                ExprKind::Constant {
                    value: Constant::Str(value),
                    kind,
                },
                range,
            ));
        }
        let values = pieces_to_values(pieces);
        let kind = if saw_t {
            ExprKind::TemplateStr { values }
        } else {
            ExprKind::JoinedStr { values }
        };
        Ok(Expr::new(kind, range))
    }

    /// Parses one f-string or t-string, from its start token through its end
    /// token, adding its pieces.
    fn fstring(&mut self, pieces: &mut Vec<Piece>, template: bool) -> PResult<()> {
        let start_tok = self.bump();
        let (prefix, _) = prefix_of(self.text_of(start_tok));
        self.string_kinds.push(template);
        let result = self.fstring_body(pieces, template, prefix.raw);
        self.string_kinds.pop();
        result
    }

    fn fstring_body(&mut self, pieces: &mut Vec<Piece>, template: bool, raw: bool) -> PResult<()> {
        loop {
            let t = self.token();
            match t.kind {
                Tok::FStringMiddle => {
                    self.bump();
                    let value = self.middle_value(t, raw)?;
                    push_text(pieces, value, t.range);
                }
                Tok::LBrace => {
                    let field = self.replacement_field(pieces, raw, template)?;
                    pieces.push(Piece::Field(field));
                }
                Tok::FStringEnd => {
                    self.bump();
                    return Ok(());
                }
                _ => return Err(self.fstring_error(template)),
            }
        }
    }

    fn middle_value(&mut self, t: Token, raw: bool) -> PResult<PyStr> {
        self.decode_middle(t, raw, true)
    }

    fn decode_middle(&mut self, t: Token, raw: bool, fstring: bool) -> PResult<PyStr> {
        let mut warnings = Vec::new();
        let value = decode_str(self.text_of(t), raw, fstring, &mut warnings)
            .map_err(|e| escape_error(e, t.range))?;
        self.warn_in_literal(t.range.start, warnings);
        Ok(value)
    }

    /// Records warnings raised while decoding a literal whose body starts at
    /// `body_start`.
    fn warn_in_literal(&mut self, body_start: u32, warnings: Vec<super::literal::BodyWarning>) {
        self.warnings
            .extend(warnings.into_iter().map(|(at, msg)| SyntaxWarning {
                offset: body_start + at as u32,
                msg,
            }));
    }

    /// `{expr [=] [!conv] [:spec]}`. A `=` adds the expression's text as a
    /// literal piece before the field.
    fn replacement_field(
        &mut self,
        pieces: &mut Vec<Piece>,
        raw: bool,
        template: bool,
    ) -> PResult<Expr> {
        let open = self.expect(Tok::LBrace)?;
        let kind_name = if template { "t-string" } else { "f-string" };
        let at_field_end =
            |p: &mut Self| matches!(p.tok(), Tok::Exclamation | Tok::Colon | Tok::RBrace);
        if self.at(Tok::Equal) || at_field_end(self) {
            let t = self.token();
            return Err(SyntaxError::syntax(
                format!(
                    "{kind_name}: valid expression required before '{}'",
                    self.text_of(t)
                ),
                t.range,
            ));
        }
        if !self.starts_expression() && !self.at(Tok::Yield) {
            return Err(self.fstring_field_error(template, "a valid expression after '{'"));
        }
        let value = if self.at(Tok::Yield) {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        let expr_text_end = self.start();
        let mut debug = false;
        if self.at(Tok::Equal) {
            self.bump();
            debug = true;
            let text_end = self.start();
            let text = self.source_without_comments(open.range.end, text_end);
            push_text(
                pieces,
                PyStr::from(text),
                TextRange::new(open.range.end, text_end),
            );
            if !at_field_end(self) {
                return Err(self.fstring_field_error(template, "'!', or ':', or '}'"));
            }
        } else if !at_field_end(self) {
            if self.starts_expression() {
                return Err(self.forgot_comma(&value));
            }
            return Err(self.fstring_field_error(template, "'=', or '!', or ':', or '}'"));
        }
        let mut conversion = -1;
        if self.at(Tok::Exclamation) {
            let bang = self.bump();
            let t = self.token();
            if matches!(t.kind, Tok::Colon | Tok::RBrace) {
                return Err(SyntaxError::syntax(
                    format!("{kind_name}: missing conversion character"),
                    t.range,
                ));
            }
            if t.kind != Tok::Name {
                return Err(SyntaxError::syntax(
                    format!("{kind_name}: invalid conversion character"),
                    t.range,
                ));
            }
            if t.range.start != bang.range.end {
                return Err(SyntaxError::syntax(
                    format!(
                        "{kind_name}: conversion type must come right after the exclamation mark"
                    ),
                    TextRange::new(bang.range.start, t.range.end),
                ));
            }
            self.bump();
            conversion = match self.text_of(t) {
                "s" => 115,
                "r" => 114,
                "a" => 97,
                other => {
                    return Err(SyntaxError::syntax(
                        format!(
                            "{kind_name}: invalid conversion character '{other}': expected 's', 'r', or 'a'"
                        ),
                        t.range,
                    ));
                }
            };
            if !matches!(self.tok(), Tok::Colon | Tok::RBrace) {
                return Err(self.fstring_field_error(template, "':' or '}'"));
            }
        }
        let format_spec = if self.at(Tok::Colon) {
            let spec = self.format_spec(raw)?;
            if !self.at(Tok::RBrace) {
                return Err(self.fstring_field_error(template, "'}', or format specs"));
            }
            Some(Box::new(spec))
        } else {
            None
        };
        if !self.at(Tok::RBrace) {
            return Err(self.fstring_field_error(template, "'}'"));
        }
        self.bump();
        if debug && conversion == -1 && format_spec.is_none() {
            conversion = 114;
        }
        let range = self.range_from(open.range.start);
        if template {
            let source = self.source_without_comments(open.range.end, expr_text_end);
            return Ok(Expr::new(
                ExprKind::Interpolation {
                    value: Box::new(value),
                    str: Constant::Str(PyStr::from(source)),
                    conversion,
                    format_spec,
                },
                range,
            ));
        }
        Ok(Expr::new(
            ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
            range,
        ))
    }

    /// The format spec after a field's `:`, as a JoinedStr (or TemplateStr).
    fn format_spec(&mut self, raw: bool) -> PResult<Expr> {
        let colon = self.expect(Tok::Colon)?;
        let mut pieces = Vec::new();
        loop {
            let t = self.token();
            match t.kind {
                Tok::FStringMiddle => {
                    self.bump();
                    let value = self.middle_value_spec(t, raw)?;
                    push_text(&mut pieces, value, t.range);
                }
                Tok::LBrace => {
                    // Fields nested in a format spec are FormattedValues even
                    // inside a t-string.
                    let field = self.replacement_field(&mut pieces, raw, false)?;
                    pieces.push(Piece::Field(field));
                }
                _ => break,
            }
        }
        let values = pieces_to_values(pieces);
        let range = self.range_from(colon.range.start);
        Ok(Expr::new(ExprKind::JoinedStr { values }, range))
    }

    /// The source between two offsets with comments left out, as CPython
    /// rebuilds an expression's text for `=` and t-string fields.
    fn source_without_comments(&self, start: u32, end: u32) -> String {
        let text = &self.text[start as usize..end as usize];
        if !text.contains('#') {
            return text.to_string();
        }
        let first = self.tokens.partition_point(|t| t.range.start < start);
        let mut out = String::with_capacity(text.len());
        let mut at = start as usize;
        let gap = |out: &mut String, gap: &str| {
            let mut lines = gap.split_inclusive('\n');
            for line in lines.by_ref() {
                match line.find('#') {
                    Some(i) => {
                        out.push_str(&line[..i]);
                        if line.ends_with('\n') {
                            out.push('\n');
                        }
                    }
                    None => out.push_str(line),
                }
            }
        };
        for t in &self.tokens[first..] {
            if t.range.start >= end {
                break;
            }
            gap(&mut out, &self.text[at..t.range.start as usize]);
            out.push_str(&self.text[t.range.start as usize..t.range.end as usize]);
            at = t.range.end as usize;
        }
        gap(&mut out, &self.text[at..end as usize]);
        out
    }

    /// Format-spec text decodes escapes but keeps doubled braces as they are.
    fn middle_value_spec(&mut self, t: Token, raw: bool) -> PResult<PyStr> {
        self.decode_middle(t, raw, false)
    }
}

/// Turns pieces into AST values, dropping empty literal text.
fn pieces_to_values(pieces: Vec<Piece>) -> Vec<Expr> {
    pieces
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Text(text, _) if text.is_empty() => None,
            Piece::Text(text, range) => Some(Expr::new(
                ExprKind::Constant {
                    value: Constant::Str(text),
                    kind: None,
                },
                range,
            )),
            Piece::Field(expr) => Some(expr),
        })
        .collect()
}
