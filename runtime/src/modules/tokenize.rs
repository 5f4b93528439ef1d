//! `_tokenize`: the `TokenizerIter` that CPython's `tokenize` module wraps,
//! over the compiler's own lexer, so `tokenize`, and through it
//! `linecache`, `traceback`, `inspect` and `unittest`, run unchanged.
//!
//! With `extra_tokens` (what `tokenize` always asks for) the stream is the
//! one `tokenize` documents: comments and non-logical newlines, operators as
//! `OP`, `NEWLINE` spelled as the line ends, end-of-file tokens on a line of
//! their own. Without it, the parser's tokens with their exact types.

use crate::ObjRef;
use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::modules::{new_type, state};
use crate::types::builtin::{add_methods, add_static};
use crate::types::bytes::BytesData;
use crate::types::native::{native, new_native};
use crate::types::{dict, module, str as pystr, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::lexer::{Tok, tokenize, tokenize_with_trivia};
use pyrite_compiler::text::LineIndex;
use std::cell::RefCell;
use std::collections::VecDeque;

/// CPython's token numbers (Lib/token.py) of the kinds that are not operators.
mod num {
    pub const ENDMARKER: i64 = 0;
    pub const NAME: i64 = 1;
    pub const NUMBER: i64 = 2;
    pub const STRING: i64 = 3;
    pub const NEWLINE: i64 = 4;
    pub const INDENT: i64 = 5;
    pub const DEDENT: i64 = 6;
    pub const OP: i64 = 55;
    pub const FSTRING_START: i64 = 59;
    pub const FSTRING_MIDDLE: i64 = 60;
    pub const FSTRING_END: i64 = 61;
    /// The t-string kinds are the f-string ones plus this.
    pub const TSTRING_SHIFT: i64 = 3;
    pub const COMMENT: i64 = 65;
    pub const NL: i64 = 66;
}

/// Operators in CPython's numbering, from LPAR (7) to EXCLAMATION (54).
const EXACT_OPS: [&str; 48] = [
    "(", ")", "[", "]", ":", ",", ";", "+", "-", "*", "/", "|", "&", "<", ">", "=", ".", "%", "{",
    "}", "==", "!=", "<=", ">=", "~", "^", "<<", ">>", "**", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "<<=", ">>=", "**=", "//", "//=", "@", "@=", "->", "...", ":=", "!",
];

/// Where a `TokenizerIter` is: lines not read yet, or tokens to hand out.
enum Stage {
    /// The `readline` callable and the encoding of the bytes it returns
    /// (`None`: it returns `str`).
    Unread {
        readline: Value,
        encoding: Option<String>,
    },
    /// Token tuples still to yield, then the error to raise (if any).
    Ready {
        tokens: VecDeque<Value>,
        error: Option<PyErr>,
    },
}

/// A `TokenizerIter`'s state.
struct Iter {
    stage: RefCell<Stage>,
    extra: bool,
}

/// The `TokenizerIter` type of this interpreter.
struct IterType(ObjRef);

fn iter_type(vm: &Vm) -> std::rc::Rc<IterType> {
    state(vm, |vm| {
        IterType(new_type(
            vm,
            "_tokenize",
            "TokenizerIter",
            crate::types::typeobj::flags::BASETYPE,
        ))
    })
}

fn iter_new(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = args.pos[0].as_obj().cloned().expect("a type");
    let a = args.shift().bind(
        vm,
        "tokenizeriter",
        &["readline", "extra_tokens", "encoding"],
        2,
        1,
        1,
    )?;
    let readline = a[0].clone().expect("required");
    let extra = vm.truthy(a[1].as_ref().expect("required"))?;
    let encoding = match &a[2] {
        None => None,
        Some(v) => Some(
            pystr::as_str(v)
                .ok_or_else(|| {
                    vm.type_error(format!(
                        "tokenizeriter() argument 'encoding' must be str, not {}",
                        vm.type_name(v)
                    ))
                })?
                .to_string(),
        ),
    };
    let stage = Stage::Unread { readline, encoding };
    Ok(new_native(
        &cls,
        Iter {
            stage: RefCell::new(stage),
            extra,
        },
    ))
}

fn iter_next(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let it =
        native::<Iter>(&args.pos[0]).ok_or_else(|| vm.type_error("expected a TokenizerIter"))?;
    let unread = match &*it.stage.borrow() {
        Stage::Unread { readline, encoding } => Some((readline.clone(), encoding.clone())),
        Stage::Ready { .. } => None,
    };
    if let Some((readline, encoding)) = unread {
        let (source, read_error) = read_source(vm, &readline, encoding.as_deref());
        let (tokens, error) = Source::new(source).tokens(vm, it.extra, read_error);
        *it.stage.borrow_mut() = Stage::Ready { tokens, error };
    }
    let mut stage = it.stage.borrow_mut();
    let Stage::Ready { tokens, error } = &mut *stage else {
        unreachable!("read above")
    };
    match tokens.pop_front() {
        Some(t) => Ok(t),
        None => Err(error.take().unwrap_or_else(|| vm.stop_iteration(None))),
    }
}

/// Calls `readline` until it is exhausted ("" or StopIteration); returns the
/// lines read and the error that stopped it early, if one did.
fn read_source(vm: &Vm, readline: &Value, encoding: Option<&str>) -> (String, Option<PyErr>) {
    let mut text = String::new();
    loop {
        let line = match vm.call(readline, &[]) {
            Ok(v) => v,
            Err(e) if e.matches(vm, &vm.types.exc.stop_iteration) => return (text, None),
            Err(e) => return (text, Some(e)),
        };
        let piece = match encoding {
            None => match pystr::str_data(&line) {
                Some(s) => s.to_lossy().into_owned(),
                None => {
                    let e = vm.type_error("readline() returned a non-string object");
                    return (text, Some(e));
                }
            },
            Some(enc) => match line.downcast::<BytesData>() {
                Some(b) => {
                    let decoded = crate::codecs::decode(vm, &b.data, enc, "strict")
                        .map(|s| pystr::as_str(&s).unwrap_or_default().to_string());
                    match decoded {
                        Ok(s) => s,
                        Err(e) => return (text, Some(e)),
                    }
                }
                None => {
                    let e = vm.type_error("readline() returned a non-bytes object");
                    return (text, Some(e));
                }
            },
        };
        if piece.is_empty() {
            return (text, None);
        }
        text.push_str(&piece);
    }
}

/// The source as read (`raw`, line ends as given) and as the lexer sees it
/// (`text`, every line end a `\n`), which differ only in line ends, so rows
/// and columns carry over between them.
struct Source {
    text: String,
    /// Each line's content (without its end) and its end as given.
    lines: Vec<(String, &'static str)>,
    index: LineIndex,
}

impl Source {
    fn new(raw: String) -> Source {
        let mut lines = Vec::new();
        let mut rest = raw.as_str();
        while !rest.is_empty() {
            let cut = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let (content, after) = rest.split_at(cut);
            let (end, len) = if after.starts_with("\r\n") {
                ("\r\n", 2)
            } else if after.starts_with('\r') {
                ("\r", 1)
            } else if after.starts_with('\n') {
                ("\n", 1)
            } else {
                ("", 0)
            };
            lines.push((content.to_string(), end));
            rest = &after[len..];
        }
        let mut text = String::with_capacity(raw.len());
        for (content, end) in &lines {
            text.push_str(content);
            if !end.is_empty() {
                text.push('\n');
            }
        }
        let index = LineIndex::new(&text);
        Source { text, lines, index }
    }

    /// The 1-based row and character column of byte `offset`.
    fn position(&self, offset: u32) -> (i64, i64) {
        let (row, col) = self.index.line_col(offset);
        let start = self.index.line_start(row).unwrap_or(0) as usize;
        let chars = self.text[start..start + col as usize].chars().count();
        (i64::from(row), chars as i64)
    }

    /// Rows `first..=last` as given, line ends included.
    fn rows(&self, first: i64, last: i64) -> String {
        let mut out = String::new();
        for row in first.max(1)..=last {
            if let Some((content, end)) = self.lines.get(row as usize - 1) {
                out.push_str(content);
                out.push_str(end);
            }
        }
        out
    }

    /// Every token as CPython's `TokenizerIter` yields it, and the error
    /// to raise after the last one.
    fn tokens(
        &self,
        vm: &Vm,
        extra: bool,
        read_error: Option<PyErr>,
    ) -> (VecDeque<Value>, Option<PyErr>) {
        let lexed = if extra {
            tokenize_with_trivia(&self.text)
        } else {
            tokenize(&self.text)
        };
        let mut out = VecDeque::new();
        // Whether each open f-string or t-string is a template and raw.
        let mut strings: Vec<(bool, bool)> = Vec::new();
        let end_row = self.lines.len() as i64 + 1;
        let mut tokens = lexed.tokens.as_slice();
        if lexed.error.is_some() {
            // The error token, and the dedents an indentation error made
            // before failing, are not part of the stream.
            tokens = tokens
                .strip_suffix(&tokens[tokens.len() - 1..])
                .unwrap_or(tokens);
            while let [rest @ .., last] = tokens
                && last.kind == Tok::Dedent
            {
                tokens = rest;
            }
        }
        for tok in tokens {
            let at_eof = tok.range.start as usize == self.text.len();
            if read_error.is_some() && (at_eof || matches!(tok.kind, Tok::EndMarker | Tok::Error)) {
                // The input stopped early: what the lexer made of its end is
                // not the source's end.
                break;
            }
            let slice = &self.text[tok.range.start as usize..tok.range.end as usize];
            let (start, end) = (self.position(tok.range.start), self.position(tok.range.end));
            let line = self.rows(start.0, end.0);
            let kind = match tok.kind {
                Tok::FStringStart | Tok::TStringStart => {
                    let prefix = slice.to_ascii_lowercase();
                    strings.push((tok.kind == Tok::TStringStart, prefix.contains('r')));
                    self.string_kind(tok.kind, &strings)
                }
                Tok::FStringEnd => {
                    let kind = self.string_kind(tok.kind, &strings);
                    strings.pop();
                    kind
                }
                Tok::FStringMiddle => {
                    let kind = self.string_kind(tok.kind, &strings);
                    let raw = strings.last().is_some_and(|s| s.1);
                    for (text, from) in middle_pieces(slice, raw) {
                        let at = self.position(tok.range.start + from as u32);
                        let to = self.position(tok.range.start + (from + text.len()) as u32);
                        let line = self.rows(at.0, to.0);
                        out.push_back(token_tuple(vm, kind, text, at, to, &line));
                    }
                    continue;
                }
                _ => kind_number(tok.kind, slice, extra),
            };
            if !extra {
                out.push_back(self.parser_token(vm, tok.kind, kind, slice, start, end, &line));
                continue;
            }
            match tok.kind {
                Tok::EndMarker | Tok::Dedent if at_eof => {
                    let eof = (end_row, 0);
                    out.push_back(token_tuple(vm, kind, "", eof, eof, ""));
                }
                Tok::Newline | Tok::Nl => {
                    let ending = self.lines.get(start.0 as usize - 1).map_or("", |l| l.1);
                    let to = (start.0, start.1 + ending.len().max(1) as i64);
                    let line = self.rows(start.0, start.0);
                    out.push_back(token_tuple(vm, kind, ending, start, to, &line));
                }
                _ => out.push_back(token_tuple(vm, kind, slice, start, end, &line)),
            }
        }
        let error = match (read_error, &lexed.error) {
            (Some(e), _) => Some(e),
            (None, Some(err)) => Some(self.lex_error(vm, err, lexed.unclosed_bracket.is_some())),
            (None, None) => None,
        };
        (out, error)
    }

    /// A token as the parser's tokenizer reports it (`extra_tokens=False`):
    /// indentation and the end marker without a column, NEWLINE empty.
    #[allow(clippy::too_many_arguments)]
    fn parser_token(
        &self,
        vm: &Vm,
        tok: Tok,
        kind: i64,
        text: &str,
        start: (i64, i64),
        end: (i64, i64),
        line: &str,
    ) -> Value {
        match tok {
            Tok::Indent | Tok::Dedent | Tok::EndMarker => {
                let row = start.0.min(self.lines.len().max(1) as i64);
                let at = (row, -1);
                token_tuple(vm, kind, "", at, at, &self.rows(row, row))
            }
            Tok::Newline => token_tuple(vm, kind, "", start, start, &self.rows(start.0, start.0)),
            _ => token_tuple(vm, kind, text, start, end, line),
        }
    }

    /// The f-string kind `kind` becomes inside the innermost open string.
    fn string_kind(&self, kind: Tok, strings: &[(bool, bool)]) -> i64 {
        let base = match kind {
            Tok::FStringStart | Tok::TStringStart => num::FSTRING_START,
            Tok::FStringMiddle => num::FSTRING_MIDDLE,
            _ => num::FSTRING_END,
        };
        match strings.last() {
            Some((true, _)) => base + num::TSTRING_SHIFT,
            _ => base,
        }
    }

    /// The exception CPython's tokenizer raises for a lexer error: most
    /// as `compile` reports them; running out of input inside brackets,
    /// and a stray character after a backslash, placed as its tokenizer
    /// places them.
    fn lex_error(
        &self,
        vm: &Vm,
        err: &pyrite_compiler::SyntaxError,
        eof_in_brackets: bool,
    ) -> PyErr {
        let placed = |msg: &str, lineno: i64, offset: i64| {
            let info = tuple::new_tuple(
                vm,
                vec![
                    vm.new_str("<string>"),
                    Value::Int(lineno),
                    Value::Int(offset),
                    Value::None,
                    Value::None,
                    Value::None,
                ],
            );
            vm.new_exception_args(&vm.types.exc.syntax_error, vec![vm.new_str(msg), info])
        };
        if eof_in_brackets {
            let last = self.lines.len().max(1) as i64;
            return placed("unexpected EOF in multi-line statement", last, 0);
        }
        if err.msg == "unexpected character after line continuation character"
            && let pyrite_compiler::error::ErrorLocation::Range(r) = err.location
        {
            // CPython's tokenizer points past the end of the line.
            let (row, _) = self.position(r.start);
            let (content, ending) = &self.lines[row as usize - 1];
            let offset = (content.chars().count() + ending.len()) as i64;
            return placed(&err.msg, row, offset);
        }
        crate::import::syntax_error(vm, err, "<string>", Some(&self.text))
    }
}

/// CPython's number for a token of `kind` spelled `text`.
fn kind_number(kind: Tok, text: &str, extra: bool) -> i64 {
    match kind {
        Tok::EndMarker => num::ENDMARKER,
        Tok::Name => num::NAME,
        Tok::Number => num::NUMBER,
        Tok::String => num::STRING,
        Tok::Newline => num::NEWLINE,
        Tok::Indent => num::INDENT,
        Tok::Dedent => num::DEDENT,
        Tok::Comment => num::COMMENT,
        Tok::Nl => num::NL,
        k if k.is_keyword() => num::NAME,
        _ if extra => num::OP,
        _ => EXACT_OPS
            .iter()
            .position(|op| *op == text)
            .map_or(num::OP, |i| i as i64 + 7),
    }
}

/// Splits an f-string's literal text where CPython's tokenizer does: after
/// the first brace of a doubled `{{` or `}}` (the second is dropped) and
/// after a `\N{...}` escape. Yields each piece and its byte offset.
fn middle_pieces(text: &str, raw: bool) -> Vec<(&str, usize)> {
    let b = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut from, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'{' | b'}' if b.get(i + 1) == Some(&b[i]) => {
                pieces.push((&text[from..=i], from));
                from = i + 2;
                i += 2;
            }
            b'\\' if !raw && b.get(i + 1) == Some(&b'N') && b.get(i + 2) == Some(&b'{') => {
                match text[i..].find('}') {
                    Some(close) => {
                        let end = i + close + 1;
                        pieces.push((&text[from..end], from));
                        from = end;
                        i = end;
                    }
                    None => i += 2,
                }
            }
            b'\\' if !raw => i += 2,
            _ => i += 1,
        }
    }
    if from < b.len() || pieces.is_empty() {
        pieces.push((&text[from.min(b.len())..], from.min(b.len())));
    }
    pieces
}

fn token_tuple(
    vm: &Vm,
    kind: i64,
    text: &str,
    start: (i64, i64),
    end: (i64, i64),
    line: &str,
) -> Value {
    let pair = |(a, b): (i64, i64)| tuple::new_tuple(vm, vec![Value::Int(a), Value::Int(b)]);
    tuple::new_tuple(
        vm,
        vec![
            Value::Int(kind),
            vm.new_str(text),
            pair(start),
            pair(end),
            vm.new_str(line),
        ],
    )
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let ty = iter_type(vm).0.clone();
    add_static(vm, &ty, "__new__", iter_new);
    add_methods(
        vm,
        &ty,
        &[
            ("__iter__", |_, a| Ok(a.pos[0].clone())),
            ("__next__", iter_next),
        ],
    );
    let m = module::new_module(vm, "_tokenize");
    let d = module::module_dict(&m);
    dict::set_item(vm, &d, vm.name("TokenizerIter"), Value::Obj(ty)).expect("str keys");
    m
}

#[cfg(test)]
mod tests {
    use super::middle_pieces;

    #[test]
    fn doubled_braces_and_named_escapes_split_literal_text() {
        assert_eq!(middle_pieces("a{{b}}", false), vec![("a{", 0), ("b}", 3)]);
        assert_eq!(middle_pieces("{{x}}", false), vec![("{", 0), ("x}", 2)]);
        assert_eq!(
            middle_pieces("\\N{BULLET} ", false),
            vec![("\\N{BULLET}", 0), (" ", 10)]
        );
        assert_eq!(middle_pieces("\\n{{", true), vec![("\\n{", 0)]);
        assert_eq!(middle_pieces("", false), vec![("", 0)]);
    }
}
