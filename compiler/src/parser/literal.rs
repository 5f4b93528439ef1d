//! Literal values: numbers, and the escape sequences of string and bytes
//! literals.

use super::{PResult, Parser};
use crate::ast::Constant;
use crate::error::SyntaxError;
use crate::lexer::Token;
use crate::text::{PyStr, TextRange, lookup_char_name};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// CPython's default limit on decimal digits in an int conversion
/// (`sys.int_info.default_max_str_digits`).
const MAX_STR_DIGITS: usize = 4300;

/// A problem with an escape sequence: CPython's message and the byte range
/// within the literal's body it concerns.
pub(super) struct EscapeError {
    pub msg: String,
}

/// Parses the digits of an int literal (underscores already removed).
pub(crate) fn parse_int(digits: &str, radix: u32) -> Option<Constant> {
    if let Ok(v) = i64::from_str_radix(digits, radix) {
        return Some(Constant::Int(v));
    }
    let big = BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(match big.to_i64() {
        Some(v) => Constant::Int(v),
        None => Constant::BigInt(Box::new(big)),
    })
}

impl Parser<'_> {
    /// The value of a NUMBER token.
    pub(super) fn number_value(&self, t: Token) -> PResult<Constant> {
        let raw = self.text_of(t);
        let text: String = raw.chars().filter(|&c| c != '_').collect();
        let lower = text.to_ascii_lowercase();
        if let Some(imag) = lower.strip_suffix('j') {
            let imag: f64 = imag.parse().unwrap_or(f64::NAN);
            return Ok(Constant::Complex { imag });
        }
        let radix = match lower.get(..2) {
            Some("0x") => 16,
            Some("0o") => 8,
            Some("0b") => 2,
            _ => 10,
        };
        if radix != 10 {
            return parse_int(&lower[2..], radix)
                .ok_or_else(|| SyntaxError::syntax("invalid number literal", t.range));
        }
        if lower.contains(['.', 'e']) {
            return Ok(Constant::Float(lower.parse().unwrap_or(f64::NAN)));
        }
        if text.len() > MAX_STR_DIGITS {
            let msg = format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                text.len()
            );
            return Err(SyntaxError::syntax(msg, t.range));
        }
        parse_int(&text, 10).ok_or_else(|| SyntaxError::syntax("invalid number literal", t.range))
    }
}

/// CPython's warning for a backslash before `what`, which is not an escape.
fn invalid_escape_warning(what: &str) -> String {
    format!(
        "\"\\{what}\" is an invalid escape sequence. Such sequences will not work in the future. \
         Did you mean \"\\\\{what}\"? A raw string is also an option."
    )
}

/// CPython's warning for an octal escape above `\377`.
fn invalid_octal_warning(digits: &str) -> String {
    format!(
        "\"\\{digits}\" is an invalid octal escape sequence. Such sequences will not work in the future. \
         Did you mean \"\\\\{digits}\"? A raw string is also an option."
    )
}

/// Where in a literal's body a warning applies, and its message.
pub(super) type BodyWarning = (usize, String);

/// Decodes the body of a (non-raw) str literal; `fstring` also collapses `{{`
/// and `}}` as f-string literal text does. Invalid escapes are kept and warned
/// about in `warnings`.
pub(super) fn decode_str(
    body: &str,
    raw: bool,
    fstring: bool,
    warnings: &mut Vec<BodyWarning>,
) -> Result<PyStr, EscapeError> {
    let mut out = PyStr::new();
    if raw || !body.contains('\\') {
        if fstring && (body.contains("{{") || body.contains("}}")) {
            out.push_str(&body.replace("{{", "{").replace("}}", "}"));
        } else {
            out.push_str(body);
        }
        return Ok(out);
    }
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut literal_start = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if fstring && (b == b'{' || b == b'}') && bytes.get(i + 1) == Some(&b) {
            out.push_str(&body[literal_start..=i]);
            i += 2;
            literal_start = i;
            continue;
        }
        if b != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&body[literal_start..i]);
        let esc_start = i;
        i += 1;
        let Some(&c) = bytes.get(i) else {
            out.push(u32::from(b'\\'));
            literal_start = i;
            break;
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\\' => out.push(u32::from(b'\\')),
            b'\'' => out.push(u32::from(b'\'')),
            b'"' => out.push(u32::from(b'"')),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(10),
            b'r' => out.push(13),
            b't' => out.push(9),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if value > 0o377 {
                    warnings.push((esc_start, invalid_octal_warning(&body[esc_start + 1..i])));
                }
                out.push(value);
            }
            b'x' | b'u' | b'U' => {
                let width = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = body
                    .get(i..i + width)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
                let Some(digits) = digits else {
                    let end = i + bytes[i..]
                        .iter()
                        .take(width)
                        .take_while(|b| b.is_ascii_hexdigit())
                        .count();
                    let what = match c {
                        b'x' => "truncated \\xXX escape",
                        b'u' => "truncated \\uXXXX escape",
                        _ => "truncated \\UXXXXXXXX escape",
                    };
                    return Err(unicode_escape_error(
                        esc_start,
                        end.max(esc_start + 1) - 1,
                        what,
                    ));
                };
                let value = u32::from_str_radix(digits, 16).expect("hex digits");
                if value > 0x10FFFF {
                    return Err(unicode_escape_error(
                        esc_start,
                        i + width - 1,
                        "illegal Unicode character",
                    ));
                }
                out.push(value);
                i += width;
            }
            b'N' => {
                let named = (bytes.get(i) == Some(&b'{'))
                    .then(|| body[i + 1..].find('}').map(|k| &body[i + 1..i + 1 + k]))
                    .flatten();
                let Some(name) = named else {
                    return Err(unicode_escape_error(
                        esc_start,
                        i - 1,
                        "malformed \\N character escape",
                    ));
                };
                let end = i + 1 + name.len();
                match lookup_char_name(name) {
                    Some(ch) => out.push(u32::from(ch)),
                    None => {
                        return Err(unicode_escape_error(
                            esc_start,
                            end,
                            "unknown Unicode character name",
                        ));
                    }
                }
                i = end + 1;
            }
            _ => {
                // An invalid escape keeps its backslash; CPython warns unless
                // a non-ASCII character follows.
                if c.is_ascii() {
                    warnings.push((esc_start, invalid_escape_warning(&body[i - 1..i])));
                }
                out.push(u32::from(b'\\'));
                i -= 1;
            }
        }
        literal_start = i;
    }
    out.push_str(&body[literal_start..]);
    Ok(out)
}

fn unicode_escape_error(start: usize, end: usize, what: &str) -> EscapeError {
    let pos = if end > start {
        format!("position {start}-{end}")
    } else {
        format!("position {start}")
    };
    EscapeError {
        msg: format!("(unicode error) 'unicodeescape' codec can't decode bytes in {pos}: {what}"),
    }
}

/// Decodes the body of a bytes literal, warning about invalid escapes.
pub(super) fn decode_bytes(
    body: &str,
    raw: bool,
    warnings: &mut Vec<BodyWarning>,
) -> Result<Vec<u8>, EscapeError> {
    if let Some(c) = body.chars().find(|c| !c.is_ascii()) {
        let _ = c;
        return Err(EscapeError {
            msg: "bytes can only contain ASCII literal characters".into(),
        });
    }
    let bytes = body.as_bytes();
    if raw || !body.contains('\\') {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&c) = bytes.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        match c {
            b'\n' => {}
            b'\\' | b'\'' | b'"' => out.push(c),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(10),
            b'r' => out.push(13),
            b't' => out.push(9),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if value > 0o377 {
                    warnings.push((i - 4, invalid_octal_warning(&body[i - 3..i])));
                }
                out.push(value as u8);
            }
            b'x' => {
                let digits = body
                    .get(i..i + 2)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()));
                let Some(digits) = digits else {
                    return Err(EscapeError {
                        msg: format!("(value error) invalid \\x escape at position {}", i - 2),
                    });
                };
                out.push(u8::from_str_radix(digits, 16).expect("hex digits"));
                i += 2;
            }
            _ => {
                let what = &body[i - 1..i];
                warnings.push((i - 2, invalid_escape_warning(what)));
                out.push(b'\\');
                i -= 1;
            }
        }
    }
    Ok(out)
}

/// The error for a string token whose escapes do not decode.
pub(super) fn escape_error(err: EscapeError, token_range: TextRange) -> SyntaxError {
    SyntaxError::syntax(err.msg, token_range)
}

#[cfg(test)]
mod tests {
    use crate::text::lookup_char_name;

    #[test]
    fn named_escapes_resolve_like_unicodedata_lookup() {
        // Answers of CPython 3.14's unicodedata.lookup.
        let cases = [
            ("latin small letter a", Some('a')),
            ("LATIN SMALL LETTER A", Some('a')),
            ("LATINSMALLLETTERA", None),
            ("LATIN  SMALL LETTER A", None),
            ("LATIN_SMALL_LETTER_A", None),
            ("LINE FEED", Some('\n')),
            ("LF", Some('\n')),
            ("BOM", Some('\u{feff}')),
            ("HANGUL SYLLABLE GA", Some('\u{ac00}')),
            ("CJK UNIFIED IDEOGRAPH-4E00", Some('\u{4e00}')),
            ("HANGUL JUNGSEONG O-E", Some('\u{1180}')),
            ("HANGUL JUNGSEONG OE", Some('\u{116c}')),
            ("-> NAME", None),
        ];
        for (name, want) in cases {
            assert_eq!(lookup_char_name(name), want, "{name}");
        }
    }
}
