//! Turns source bytes into the text the tokenizer reads: BOM and PEP 263
//! encoding declarations honoured, decoded to UTF-8, newlines normalized to `\n`.

use crate::error::SyntaxError;
use crate::text::TextRange;
use std::borrow::Cow;

/// Decoded, newline-normalized source text.
pub struct SourceText {
    /// The text; every line ends with `\n` except possibly the last.
    pub text: String,
}

/// The encoding declaration of a line, if it has one (PEP 263).
fn coding_spec(line: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'\x0c') {
        i += 1;
    }
    if line.get(i) != Some(&b'#') {
        return None;
    }
    let rest = &line[i..];
    let mut search = 0;
    while let Some(found) = find(&rest[search..], b"coding") {
        let after = search + found + 6;
        if matches!(rest.get(after), Some(b':' | b'=')) {
            let mut j = after + 1;
            while matches!(rest.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            let start = j;
            while matches!(rest.get(j), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            {
                j += 1;
            }
            if j > start {
                return Some(&rest[start..j]);
            }
        }
        search = after;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether a line holds nothing but whitespace and a comment.
fn is_blank_or_comment(line: &[u8]) -> bool {
    let trimmed = line
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'\x0c' | b'\r' | b'\n'));
    trimmed.is_none_or(|i| line[i] == b'#')
}

/// CPython's tokenizer-level normalization of a declared encoding name.
fn normal_name(name: &str) -> String {
    let lowered: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if lowered == "utf-8" || lowered.starts_with("utf-8-") {
        return "utf-8".into();
    }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if lowered == latin || lowered.starts_with(&format!("{latin}-")) {
            return "iso-8859-1".into();
        }
    }
    name.to_string()
}

enum Codec {
    Utf8,
    Latin1,
    Ascii,
    Other(&'static encoding_rs::Encoding),
}

/// Finds the decoder for a declared encoding, as Python's codec registry would.
fn lookup_codec(name: &str) -> Option<Codec> {
    let key: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    match key.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" | "utf-8-sig" => return Some(Codec::Utf8),
        "iso-8859-1" | "latin-1" | "latin1" | "l1" | "iso8859-1" | "8859" | "cp819" | "latin" => {
            return Some(Codec::Latin1);
        }
        "ascii" | "us-ascii" | "646" | "us" => return Some(Codec::Ascii),
        _ => {}
    }
    // WHATWG labels differ from Python's names for a few legacy encodings; only
    // accept labels whose WHATWG meaning is the Python codec of the same name.
    let enc = encoding_rs::Encoding::for_label_no_replacement(key.as_bytes())?;
    let python_like = matches!(
        enc.name(),
        "KOI8-R" | "KOI8-U" | "Shift_JIS" | "EUC-JP" | "EUC-KR" | "Big5" | "GBK" | "gb18030"
    ) || enc.name().starts_with("windows-")
        || enc.name().starts_with("ISO-8859-");
    python_like.then_some(Codec::Other(enc))
}

fn utf8_error(bytes: &[u8], err: std::str::Utf8Error, declared: bool) -> SyntaxError {
    let bad = err.valid_up_to();
    let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    if declared {
        let msg = format!(
            "(unicode error) 'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
            bytes[bad], bad
        );
        return SyntaxError::at_position(msg, line, 0);
    }
    let msg = format!(
        "Non-UTF-8 code starting with '\\x{:02x}' on line {line}, but no encoding declared; \
         see https://peps.python.org/pep-0263/ for details",
        bytes[bad]
    );
    // CPython points at the offending byte (1-based, counted in bytes).
    let line_start = bytes[..bad]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    SyntaxError::at_position(msg, line, (bad - line_start) as i32 + 1)
}

/// Decodes `bytes` to normalized text.
pub fn decode(bytes: &[u8]) -> Result<SourceText, SyntaxError> {
    let (body, has_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let mut lines = body.splitn(3, |&b| b == b'\n');
    let first = lines.next().unwrap_or(b"");
    let mut spec = coding_spec(first).map(|s| (s, 1));
    if spec.is_none() && is_blank_or_comment(first) {
        spec = lines.next().and_then(coding_spec).map(|s| (s, 2));
    }
    let declared = spec.map(|(s, line)| (normal_name(&String::from_utf8_lossy(s)), line));
    let decoded: Cow<str> = match &declared {
        Some((name, line)) if name != "utf-8" => {
            if has_bom {
                return Err(SyntaxError::at_position(
                    format!("encoding problem: {name} with BOM"),
                    *line,
                    0,
                ));
            }
            match lookup_codec(name) {
                Some(Codec::Utf8) => match std::str::from_utf8(body) {
                    Ok(s) => Cow::Borrowed(s),
                    Err(e) => return Err(utf8_error(body, e, true)),
                },
                Some(Codec::Latin1) => Cow::Owned(body.iter().map(|&b| b as char).collect()),
                Some(Codec::Ascii) => match body.iter().position(|b| !b.is_ascii()) {
                    None => Cow::Borrowed(std::str::from_utf8(body).expect("ASCII is UTF-8")),
                    Some(pos) => {
                        let msg = format!(
                            "(unicode error) 'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)",
                            body[pos]
                        );
                        return Err(SyntaxError::at_position(msg, 1, 0));
                    }
                },
                Some(Codec::Other(enc)) => {
                    let (text, had_errors) = enc.decode_without_bom_handling(body);
                    if had_errors {
                        return Err(SyntaxError::at_position(
                            format!("(unicode error) '{name}' codec can't decode bytes"),
                            1,
                            0,
                        ));
                    }
                    text
                }
                None => {
                    return Err(SyntaxError::at_position(
                        format!("unknown encoding: {name}"),
                        0,
                        -1,
                    ));
                }
            }
        }
        _ => match std::str::from_utf8(body) {
            Ok(s) => Cow::Borrowed(s),
            Err(e) => return Err(utf8_error(body, e, declared.is_some())),
        },
    };
    Ok(SourceText {
        text: normalize_newlines(&decoded),
    })
}

/// Decodes an already-decoded `str` source (as `compile(str, ...)` receives).
pub fn from_str(text: &str) -> SourceText {
    SourceText {
        text: normalize_newlines(text),
    }
}

fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// The range of the first NUL byte, which CPython refuses in source code.
pub fn find_nul(text: &str) -> Option<TextRange> {
    text.bytes()
        .position(|b| b == 0)
        .map(|p| TextRange::new(p as u32, p as u32 + 1))
}
