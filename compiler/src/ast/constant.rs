//! The values a literal can produce (`ast.Constant.value`).

use crate::text::{PyStr, repr_bytes, repr_complex_imag, repr_float, repr_str_code_points};
use num_bigint::BigInt;

/// A literal value as the parser builds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// `...`.
    Ellipsis,
    /// An int literal that fits in 64 bits.
    Int(i64),
    /// An int literal past 64 bits.
    BigInt(Box<BigInt>),
    /// A float literal.
    Float(f64),
    /// An imaginary literal: `complex(0, imag)`.
    Complex {
        /// The imaginary part.
        imag: f64,
    },
    /// A string literal (or the concatenation of several).
    Str(PyStr),
    /// A bytes literal (or the concatenation of several).
    Bytes(Vec<u8>),
}

impl Constant {
    /// Python's `repr` of the value.
    pub fn repr(&self) -> String {
        match self {
            Constant::None => "None".into(),
            Constant::Bool(true) => "True".into(),
            Constant::Bool(false) => "False".into(),
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Int(v) => v.to_string(),
            Constant::BigInt(v) => v.to_string(),
            Constant::Float(v) => repr_float(*v),
            Constant::Complex { imag } => repr_complex_imag(*imag),
            Constant::Str(s) => repr_str_code_points(s.code_points()),
            Constant::Bytes(b) => repr_bytes(b),
        }
    }
}
