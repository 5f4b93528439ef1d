//! Code objects as the compiler produces them: CPython 3.14's layout (16-bit
//! code units with inline caches, `co_consts`, `co_names`, fast locals with
//! their kinds, the location table and the exception table), with constants the
//! runtime turns into Python objects when it loads the code.

use crate::text::PyStr;
use num_bigint::BigInt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// `co_flags` bits (CPython's values).
pub mod flags {
    /// Locals live in fast slots.
    pub const CO_OPTIMIZED: u32 = 0x1;
    /// A new locals namespace per call.
    pub const CO_NEWLOCALS: u32 = 0x2;
    /// Has `*args`.
    pub const CO_VARARGS: u32 = 0x4;
    /// Has `**kwargs`.
    pub const CO_VARKEYWORDS: u32 = 0x8;
    /// Nested in a function.
    pub const CO_NESTED: u32 = 0x10;
    /// A generator.
    pub const CO_GENERATOR: u32 = 0x20;
    /// A coroutine (`async def`).
    pub const CO_COROUTINE: u32 = 0x80;
    /// A generator usable with `await`.
    pub const CO_ITERABLE_COROUTINE: u32 = 0x100;
    /// An async generator.
    pub const CO_ASYNC_GENERATOR: u32 = 0x200;
    /// Compiled under `from __future__ import annotations`.
    pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;
    /// `co_consts[0]` is the docstring.
    pub const CO_HAS_DOCSTRING: u32 = 0x400_0000;
    /// A function defined in a class body.
    pub const CO_METHOD: u32 = 0x800_0000;
}

/// Kinds of fast locals (`co_localspluskinds`, CPython's values).
pub mod local_kinds {
    /// A positional parameter.
    pub const CO_FAST_ARG_POS: u8 = 0x02;
    /// A keyword parameter.
    pub const CO_FAST_ARG_KW: u8 = 0x04;
    /// `*args` or `**kwargs`.
    pub const CO_FAST_ARG_VAR: u8 = 0x08;
    /// Hidden by an inlined comprehension.
    pub const CO_FAST_HIDDEN: u8 = 0x10;
    /// An ordinary local.
    pub const CO_FAST_LOCAL: u8 = 0x20;
    /// A cell.
    pub const CO_FAST_CELL: u8 = 0x40;
    /// A free variable.
    pub const CO_FAST_FREE: u8 = 0x80;
}

/// A constant in `co_consts`.
#[derive(Clone, Debug)]
pub enum ConstValue {
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// `True`/`False`.
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// A larger int.
    BigInt(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A string.
    Str(Rc<PyStr>),
    /// A bytes object.
    Bytes(Rc<[u8]>),
    /// A tuple of constants.
    Tuple(Rc<[ConstValue]>),
    /// A frozenset of constants (from `x in {1, 2}`).
    FrozenSet(Rc<[ConstValue]>),
    /// A slice of constants (from `x[1:2]`).
    Slice(Rc<[ConstValue; 3]>),
    /// A nested code object.
    Code(Rc<CodeObject>),
}

impl ConstValue {
    /// A string constant.
    pub fn str(s: &str) -> ConstValue {
        ConstValue::Str(Rc::new(PyStr::from(s)))
    }

    /// The string, if this is one without surrogates.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ConstValue::Str(s) => s.as_str(),
            _ => None,
        }
    }

    fn key_hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            ConstValue::None | ConstValue::Ellipsis => {}
            ConstValue::Bool(b) => b.hash(state),
            ConstValue::Int(i) => i.hash(state),
            ConstValue::BigInt(b) => b.hash(state),
            ConstValue::Float(f) => f.to_bits().hash(state),
            ConstValue::Complex { real, imag } => {
                real.to_bits().hash(state);
                imag.to_bits().hash(state);
            }
            ConstValue::Str(s) => s.hash(state),
            ConstValue::Bytes(b) => b.hash(state),
            ConstValue::Tuple(items) | ConstValue::FrozenSet(items) => {
                for item in items.iter() {
                    item.key_hash(state);
                }
            }
            ConstValue::Slice(parts) => {
                for part in parts.iter() {
                    part.key_hash(state);
                }
            }
            ConstValue::Code(code) => {
                code.name.hash(state);
                code.firstlineno.hash(state);
                code.code.hash(state);
            }
        }
    }
}

/// Constants are merged when they are the same constant as CPython's
/// `_PyCode_ConstantKey` sees it: same type and same value, with floats
/// compared by bits (so `0.0` and `-0.0` stay apart, and `1`, `1.0` and
/// `True` too), and code objects by content.
impl PartialEq for ConstValue {
    fn eq(&self, other: &Self) -> bool {
        use ConstValue::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex { real: a, imag: b }, Complex { real: c, imag: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) | (FrozenSet(a), FrozenSet(b)) => a == b,
            (Slice(a), Slice(b)) => a == b,
            // Equal code objects are one constant, as in CPython (a
            // generator expression compiled twice shares its code).
            (Code(a), Code(b)) => Rc::ptr_eq(a, b) || a == b,
            _ => false,
        }
    }
}

impl Eq for ConstValue {}

impl Hash for ConstValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key_hash(state);
    }
}

/// A compiled code object.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    /// Positional parameters (including positional-only ones).
    pub argcount: u32,
    /// Positional-only parameters.
    pub posonlyargcount: u32,
    /// Keyword-only parameters.
    pub kwonlyargcount: u32,
    /// `co_flags`.
    pub flags: u32,
    /// The most values the evaluation stack holds.
    pub stacksize: u32,
    /// Code units: opcode byte then oparg byte, caches as zero units.
    pub code: Vec<u8>,
    /// `co_consts`.
    pub consts: Vec<ConstValue>,
    /// `co_names`.
    pub names: Vec<String>,
    /// Names of the fast locals: locals, then cells, then free variables.
    pub localsplusnames: Vec<String>,
    /// Kinds of the fast locals (`local_kinds`).
    pub localspluskinds: Vec<u8>,
    /// `co_filename`.
    pub filename: Rc<str>,
    /// `co_name`.
    pub name: String,
    /// `co_qualname`.
    pub qualname: String,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// `co_linetable`, in CPython 3.11+'s location-table format.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`.
    pub exceptiontable: Vec<u8>,
}

impl CodeObject {
    /// `co_varnames`: parameters and other plain locals.
    pub fn varnames(&self) -> Vec<&str> {
        self.locals_of_kind(|k| k & local_kinds::CO_FAST_LOCAL != 0)
    }

    /// `co_cellvars`.
    pub fn cellvars(&self) -> Vec<&str> {
        self.locals_of_kind(|k| k & local_kinds::CO_FAST_CELL != 0)
    }

    /// `co_freevars`.
    pub fn freevars(&self) -> Vec<&str> {
        self.locals_of_kind(|k| k & local_kinds::CO_FAST_FREE != 0)
    }

    fn locals_of_kind(&self, pick: impl Fn(u8) -> bool) -> Vec<&str> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|&(_, &k)| pick(k))
            .map(|(n, _)| n.as_str())
            .collect()
    }
}

impl ConstValue {
    /// Python's `repr` of the constant (code objects show `address` as
    /// their identity).
    pub fn repr(&self) -> String {
        use crate::text::{repr_bytes, repr_complex, repr_float, repr_str_code_points};
        match self {
            ConstValue::None => "None".into(),
            ConstValue::Ellipsis => "Ellipsis".into(),
            ConstValue::Bool(true) => "True".into(),
            ConstValue::Bool(false) => "False".into(),
            ConstValue::Int(i) => i.to_string(),
            ConstValue::BigInt(b) => b.to_string(),
            ConstValue::Float(f) => repr_float(*f),
            ConstValue::Complex { real, imag } => repr_complex(*real, *imag),
            ConstValue::Str(s) => repr_str_code_points(s.code_points()),
            ConstValue::Bytes(b) => repr_bytes(b),
            ConstValue::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(ConstValue::repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            ConstValue::FrozenSet(items) => {
                if items.is_empty() {
                    return "frozenset()".into();
                }
                let parts: Vec<String> = items.iter().map(ConstValue::repr).collect();
                format!("frozenset({{{}}})", parts.join(", "))
            }
            ConstValue::Slice(parts) => {
                format!(
                    "slice({}, {}, {})",
                    parts[0].repr(),
                    parts[1].repr(),
                    parts[2].repr()
                )
            }
            ConstValue::Code(code) => code.repr(),
        }
    }
}

/// A source span of an instruction, as `co_positions()` gives it (1-based
/// lines, 0-based UTF-8 columns; `None` where unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Positions {
    /// First line.
    pub line: Option<u32>,
    /// Last line.
    pub end_line: Option<u32>,
    /// Column of the first character.
    pub col: Option<u32>,
    /// Column after the last character.
    pub end_col: Option<u32>,
}

/// One entry of the exception table, in code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First code unit covered.
    pub start: u32,
    /// One past the last code unit covered.
    pub end: u32,
    /// Where the handler starts.
    pub target: u32,
    /// The stack depth the handler unwinds to.
    pub depth: u32,
    /// Whether the raising instruction's offset is pushed too.
    pub lasti: bool,
}

/// Reads the location table's varints.
struct TableReader<'t> {
    bytes: &'t [u8],
    pos: usize,
}

impl TableReader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn varint(&mut self) -> u32 {
        let mut value = 0u32;
        let mut shift = 0;
        loop {
            let b = self.byte();
            value |= u32::from(b & 0x3f) << shift;
            shift += 6;
            if b & 0x40 == 0 || shift > 30 {
                return value;
            }
        }
    }

    fn svarint(&mut self) -> i64 {
        let v = self.varint();
        let magnitude = i64::from(v >> 1);
        if v & 1 != 0 { -magnitude } else { magnitude }
    }

    /// The exception table's big-endian varint.
    fn exception_varint(&mut self) -> u32 {
        let mut b = self.byte();
        let mut value = u32::from(b & 0x3f);
        while b & 0x40 != 0 {
            b = self.byte();
            value = (value << 6) | u32::from(b & 0x3f);
        }
        value
    }
}

impl CodeObject {
    /// `repr(code)`, with the object's address as CPython shows it.
    pub fn repr(&self) -> String {
        format!(
            "<code object {} at {:#x}, file \"{}\", line {}>",
            self.name, self as *const CodeObject as usize, self.filename, self.firstlineno
        )
    }

    /// Positions per code unit run: `(first unit, units, positions)`.
    pub fn locations(&self) -> Vec<(u32, u32, Positions)> {
        let mut out = Vec::new();
        let mut reader = TableReader {
            bytes: &self.linetable,
            pos: 0,
        };
        let mut line = i64::from(self.firstlineno);
        let mut unit = 0u32;
        while reader.pos < self.linetable.len() {
            let first = reader.byte();
            let code = (first >> 3) & 0xf;
            let units = u32::from(first & 7) + 1;
            let as_line = |l: i64| u32::try_from(l).ok();
            let positions = match code {
                15 => Positions::default(),
                14 => {
                    line += reader.svarint();
                    let end_line = line + i64::from(reader.varint());
                    let col = reader.varint().checked_sub(1);
                    let end_col = reader.varint().checked_sub(1);
                    Positions {
                        line: as_line(line),
                        end_line: as_line(end_line),
                        col,
                        end_col,
                    }
                }
                13 => {
                    line += reader.svarint();
                    Positions {
                        line: as_line(line),
                        end_line: as_line(line),
                        col: None,
                        end_col: None,
                    }
                }
                10..=12 => {
                    line += i64::from(code - 10);
                    let col = u32::from(reader.byte());
                    let end_col = u32::from(reader.byte());
                    Positions {
                        line: as_line(line),
                        end_line: as_line(line),
                        col: Some(col),
                        end_col: Some(end_col),
                    }
                }
                _ => {
                    let second = reader.byte();
                    let col = u32::from(code) * 8 + u32::from((second >> 4) & 7);
                    Positions {
                        line: as_line(line),
                        end_line: as_line(line),
                        col: Some(col),
                        end_col: Some(col + u32::from(second & 15)),
                    }
                }
            };
            out.push((unit, units, positions));
            unit += units;
        }
        out
    }

    /// The positions of the instruction at code unit `unit`.
    pub fn positions_at(&self, unit: u32) -> Positions {
        self.locations()
            .into_iter()
            .find(|&(start, len, _)| (start..start + len).contains(&unit))
            .map(|(_, _, p)| p)
            .unwrap_or_default()
    }

    /// The decoded exception table.
    pub fn exception_entries(&self) -> Vec<ExceptionEntry> {
        let mut reader = TableReader {
            bytes: &self.exceptiontable,
            pos: 0,
        };
        let mut out = Vec::new();
        while reader.pos < self.exceptiontable.len() {
            let start = reader.exception_varint();
            let length = reader.exception_varint();
            let target = reader.exception_varint();
            let depth_lasti = reader.exception_varint();
            out.push(ExceptionEntry {
                start,
                end: start + length,
                target,
                depth: depth_lasti >> 1,
                lasti: depth_lasti & 1 != 0,
            });
        }
        out
    }
}
