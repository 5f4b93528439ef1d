//! `Value`: what a frame slot, a container item or an argument holds.
//!
//! Sixteen bytes: an 8-byte tag at offset 0 and an 8-byte payload at
//! offset 8 (`#[repr(C, u64)]`, a layout the JIT relies on; a one-byte tag
//! left seven padding bytes that copies moved in odd 4-byte pieces, which
//! stalled store forwarding on every push). `None`, `bool`, ints that
//! fit in `i64` and all floats are immediates; everything else (big ints and
//! instances of subclasses of `int` and `float` included) is a heap object.

use crate::object::ObjRef;

/// A Python value.
#[derive(Debug)]
#[repr(C, u64)]
pub enum Value {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An exact `int` that fits in 64 bits.
    Int(i64),
    /// An exact `float`.
    Float(f64),
    /// Any other object.
    Obj(ObjRef),
}

impl Clone for Value {
    /// A new reference for objects, a plain copy of immediates (what the
    /// derived clone did through a jump table over every variant).
    #[inline(always)]
    fn clone(&self) -> Value {
        if let Value::Obj(o) = self {
            return Value::Obj(o.clone());
        }
        // SAFETY: every other variant is plain data with no ownership and no
        // drop glue, so a bitwise copy is a valid, independent value.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// `is`: identity for objects, value equality for immediates (ints and
    /// floats compare by value and bits, as PyPy documents).
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => a.is(b),
            _ => false,
        }
    }

    /// The heap object, if the value is one.
    #[inline]
    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The payload of a heap value of kind `T`.
    #[inline]
    pub fn downcast<T: crate::object::Payload>(&self) -> Option<&T> {
        self.as_obj()?.downcast::<T>()
    }

    /// Whether the value is `None`.
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
}

impl From<ObjRef> for Value {
    fn from(o: ObjRef) -> Self {
        Value::Obj(o)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
    }
}
