//! `str`: immutable strings of code points, stored as UTF-8 generalized to
//! lone surrogates, with the length in code points, a cached hash, and (for
//! non-ASCII text) a sparse index that makes indexing by code point cheap.

use crate::object::{Kind, ObjRef};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::{Cell, OnceCell};

/// Code points between index checkpoints.
const STRIDE: usize = 32;

/// The payload of a `str`.
pub struct StrData {
    bytes: Box<[u8]>,
    len: usize,
    ascii: bool,
    surrogates: bool,
    hash: Cell<i64>,
    /// Byte offsets of every `STRIDE`-th code point (non-ASCII only).
    index: OnceCell<Box<[u32]>>,
}

/// Decodes the code point starting at `bytes[i]`; returns it and its length.
#[inline]
pub fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i];
    if b0 < 0x80 {
        return (u32::from(b0), 1);
    }
    if b0 < 0xE0 {
        return (
            (u32::from(b0 & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F),
            2,
        );
    }
    if b0 < 0xF0 {
        return (
            (u32::from(b0 & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F),
            3,
        );
    }
    (
        (u32::from(b0 & 0x07) << 18)
            | (u32::from(bytes[i + 1] & 0x3F) << 12)
            | (u32::from(bytes[i + 2] & 0x3F) << 6)
            | u32::from(bytes[i + 3] & 0x3F),
        4,
    )
}

/// Appends the generalized UTF-8 of `cp` (surrogates included).
#[inline]
pub fn push_cp(out: &mut Vec<u8>, cp: u32) {
    if let Some(c) = char::from_u32(cp) {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    } else {
        out.extend_from_slice(&[
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    }
}

impl StrData {
    /// A string from Rust text.
    #[allow(clippy::should_implement_trait)] // infallible, unlike FromStr
    pub fn from_str(s: &str) -> StrData {
        let ascii = s.is_ascii();
        StrData {
            len: if ascii { s.len() } else { s.chars().count() },
            bytes: s.as_bytes().into(),
            ascii,
            surrogates: false,
            hash: Cell::new(-1),
            index: OnceCell::new(),
        }
    }

    /// A string from generalized UTF-8 bytes (which must be well formed).
    pub fn from_wtf8(bytes: Vec<u8>) -> StrData {
        let ascii = bytes.is_ascii();
        let (len, surrogates) = if ascii {
            (bytes.len(), false)
        } else {
            let mut n = 0;
            let mut sur = false;
            let mut i = 0;
            while i < bytes.len() {
                let (cp, w) = decode_at(&bytes, i);
                sur |= (0xD800..0xE000).contains(&cp);
                i += w;
                n += 1;
            }
            (n, sur)
        };
        StrData {
            bytes: bytes.into_boxed_slice(),
            len,
            ascii,
            surrogates,
            hash: Cell::new(-1),
            index: OnceCell::new(),
        }
    }

    /// A string from code points.
    pub fn from_code_points(cps: impl IntoIterator<Item = u32>) -> StrData {
        let mut out = Vec::new();
        for cp in cps {
            push_cp(&mut out, cp);
        }
        StrData::from_wtf8(out)
    }

    /// The text, when it has no lone surrogates.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        if self.surrogates {
            None
        } else {
            // SAFETY: without surrogates the bytes are valid UTF-8 (they were
            // built from `&str` or from well-formed code points).
            Some(unsafe { std::str::from_utf8_unchecked(&self.bytes) })
        }
    }

    /// The text, with lone surrogates replaced by U+FFFD.
    pub fn to_lossy(&self) -> std::borrow::Cow<'_, str> {
        match self.as_str() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(
                self.code_points()
                    .map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}'))
                    .collect(),
            ),
        }
    }

    /// The generalized UTF-8 bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The length in code points.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether every code point is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// Whether the string holds lone surrogates.
    pub fn has_surrogates(&self) -> bool {
        self.surrogates
    }

    /// The code points.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            bytes: &self.bytes,
            i: 0,
        }
    }

    /// The hash (cached).
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = crate::hash::hash_bytes(&self.bytes);
        self.hash.set(h);
        h
    }

    fn checkpoints(&self) -> &[u32] {
        self.index.get_or_init(|| {
            let mut v = Vec::with_capacity(self.len / STRIDE + 1);
            let mut i = 0;
            let mut n = 0;
            while i < self.bytes.len() {
                if n % STRIDE == 0 {
                    v.push(i as u32);
                }
                i += decode_at(&self.bytes, i).1;
                n += 1;
            }
            v.into_boxed_slice()
        })
    }

    /// The byte offset of code point `index` (`len` gives the end).
    pub fn byte_offset(&self, index: usize) -> usize {
        if self.ascii {
            return index;
        }
        if index >= self.len {
            return self.bytes.len();
        }
        let cps = self.checkpoints();
        let mut i = cps[index / STRIDE] as usize;
        for _ in 0..index % STRIDE {
            i += decode_at(&self.bytes, i).1;
        }
        i
    }

    /// The code point at `index` (which must be in range).
    #[inline]
    pub fn char_at(&self, index: usize) -> u32 {
        if self.ascii {
            return u32::from(self.bytes[index]);
        }
        decode_at(&self.bytes, self.byte_offset(index)).0
    }

    /// The code points `start..end` as a new string.
    pub fn substring(&self, start: usize, end: usize) -> StrData {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        StrData::from_wtf8(self.bytes[a..b].to_vec())
    }
}

/// Iterator over the code points of a string.
#[derive(Clone)]
pub struct CodePoints<'a> {
    bytes: &'a [u8],
    i: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.i >= self.bytes.len() {
            return None;
        }
        let (cp, w) = decode_at(self.bytes, self.i);
        self.i += w;
        Some(cp)
    }
}

/// The text of a `str` value (or subclass instance) without surrogates.
#[inline]
pub fn as_str(v: &Value) -> Option<&str> {
    match v {
        Value::Obj(o) if o.kind() == Kind::Str => o.payload::<StrData>().as_str(),
        _ => None,
    }
}

/// The payload of a `str` value (or subclass instance).
#[inline]
pub fn str_data(v: &Value) -> Option<&StrData> {
    v.downcast::<StrData>()
}

impl Vm {
    /// A new `str` from a payload.
    pub fn new_str_data(&self, data: StrData) -> Value {
        Value::Obj(ObjRef::new(&self.types.str, data))
    }

    /// A new one-character string.
    pub fn new_char(&self, cp: u32) -> Value {
        if cp < 128 {
            let c = [cp as u8];
            // ASCII characters are interned, as CPython caches them.
            return self.name(std::str::from_utf8(&c).expect("ASCII"));
        }
        self.new_str_data(StrData::from_code_points([cp]))
    }
}

/// Adds the methods of `str`.
pub fn init(vm: &Vm) {
    crate::types::strmethods::init(vm);
}
