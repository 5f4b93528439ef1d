//! The object protocols the interpreter and the builtins use: binary and
//! unary operators (with reflected operands and subclass priority),
//! rich comparison, truth, `repr`/`str`, iteration, item access, `len`,
//! containment — each with fast paths for builtin types and CPython's
//! error messages.

use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::object::{Kind, ObjRef};
use crate::types::typeobj::{self, is_subtype, lookup};
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;

/// A binary operator, with its dunder names and symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `&`
    And,
    /// `//`
    FloorDiv,
    /// `<<`
    LShift,
    /// `@`
    MatMul,
    /// `*`
    Mul,
    /// `%`
    Mod,
    /// `|`
    Or,
    /// `**`
    Pow,
    /// `>>`
    RShift,
    /// `-`
    Sub,
    /// `/`
    TrueDiv,
    /// `^`
    Xor,
}

impl BinOp {
    /// The operator of a `BINARY_OP` oparg (0..=12, in-place 13..=25).
    pub fn from_oparg(oparg: u32) -> Option<(BinOp, bool)> {
        const OPS: [BinOp; 13] = [
            BinOp::Add,
            BinOp::And,
            BinOp::FloorDiv,
            BinOp::LShift,
            BinOp::MatMul,
            BinOp::Mul,
            BinOp::Mod,
            BinOp::Or,
            BinOp::Pow,
            BinOp::RShift,
            BinOp::Sub,
            BinOp::TrueDiv,
            BinOp::Xor,
        ];
        let i = oparg as usize;
        if i < 13 {
            Some((OPS[i], false))
        } else if i < 26 {
            Some((OPS[i - 13], true))
        } else {
            None
        }
    }

    /// `__add__`-style name.
    pub fn dunder(self) -> &'static str {
        match self {
            BinOp::Add => "__add__",
            BinOp::And => "__and__",
            BinOp::FloorDiv => "__floordiv__",
            BinOp::LShift => "__lshift__",
            BinOp::MatMul => "__matmul__",
            BinOp::Mul => "__mul__",
            BinOp::Mod => "__mod__",
            BinOp::Or => "__or__",
            BinOp::Pow => "__pow__",
            BinOp::RShift => "__rshift__",
            BinOp::Sub => "__sub__",
            BinOp::TrueDiv => "__truediv__",
            BinOp::Xor => "__xor__",
        }
    }

    /// `__radd__`-style name.
    pub fn rdunder(self) -> &'static str {
        match self {
            BinOp::Add => "__radd__",
            BinOp::And => "__rand__",
            BinOp::FloorDiv => "__rfloordiv__",
            BinOp::LShift => "__rlshift__",
            BinOp::MatMul => "__rmatmul__",
            BinOp::Mul => "__rmul__",
            BinOp::Mod => "__rmod__",
            BinOp::Or => "__ror__",
            BinOp::Pow => "__rpow__",
            BinOp::RShift => "__rrshift__",
            BinOp::Sub => "__rsub__",
            BinOp::TrueDiv => "__rtruediv__",
            BinOp::Xor => "__rxor__",
        }
    }

    /// `__iadd__`-style name.
    pub fn idunder(self) -> &'static str {
        match self {
            BinOp::Add => "__iadd__",
            BinOp::And => "__iand__",
            BinOp::FloorDiv => "__ifloordiv__",
            BinOp::LShift => "__ilshift__",
            BinOp::MatMul => "__imatmul__",
            BinOp::Mul => "__imul__",
            BinOp::Mod => "__imod__",
            BinOp::Or => "__ior__",
            BinOp::Pow => "__ipow__",
            BinOp::RShift => "__irshift__",
            BinOp::Sub => "__isub__",
            BinOp::TrueDiv => "__itruediv__",
            BinOp::Xor => "__ixor__",
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::And => "&",
            BinOp::FloorDiv => "//",
            BinOp::LShift => "<<",
            BinOp::MatMul => "@",
            BinOp::Mul => "*",
            BinOp::Mod => "%",
            BinOp::Or => "|",
            BinOp::Pow => "** or pow()",
            BinOp::RShift => ">>",
            BinOp::Sub => "-",
            BinOp::TrueDiv => "/",
            BinOp::Xor => "^",
        }
    }
}

/// A rich comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The comparison of a `COMPARE_OP` oparg.
    pub fn from_oparg(oparg: u32) -> CmpOp {
        match oparg >> 5 {
            0 => CmpOp::Lt,
            1 => CmpOp::Le,
            2 => CmpOp::Eq,
            3 => CmpOp::Ne,
            4 => CmpOp::Gt,
            _ => CmpOp::Ge,
        }
    }

    /// `__lt__`-style name.
    pub fn dunder(self) -> &'static str {
        match self {
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Eq => "__eq__",
            CmpOp::Ne => "__ne__",
            CmpOp::Gt => "__gt__",
            CmpOp::Ge => "__ge__",
        }
    }

    /// The comparison with operands swapped.
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Applies the comparison to an ordering.
    pub fn test(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

thread_local! {
    /// Containers whose `repr` is in progress (CPython's `Py_ReprEnter`).
    static REPR_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Leaves a `repr` recursion guard when dropped.
pub struct ReprGuard(usize);

impl Drop for ReprGuard {
    fn drop(&mut self) {
        REPR_STACK.with(|s| {
            let mut s = s.borrow_mut();
            if let Some(p) = s.iter().rposition(|&a| a == self.0) {
                s.remove(p);
            }
        });
    }
}

impl Vm {
    /// The `NotImplemented` value.
    pub fn not_implemented(&self) -> Value {
        Value::Obj(self.not_implemented.clone())
    }

    /// Whether `v` is `NotImplemented`.
    pub fn is_not_implemented(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if o.is(&self.not_implemented))
    }

    /// `a <op> b`.
    pub fn binary_op(&self, a: &Value, b: &Value, op: BinOp) -> PyResult<Value> {
        if let Some(r) = crate::types::int::fast_binary(self, a, b, op)?
            && !self.is_not_implemented(&r)
        {
            return Ok(r);
        }
        let r = self.binary_op1(a, b, op.dunder(), op.rdunder())?;
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        Err(self.unsupported_operands(op.symbol(), a, b))
    }

    /// `a <op>= b`: `__iadd__`, else the binary operator.
    pub fn inplace_op(&self, a: &Value, b: &Value, op: BinOp) -> PyResult<Value> {
        if let Some(r) = crate::types::int::fast_binary(self, a, b, op)?
            && !self.is_not_implemented(&r)
        {
            return Ok(r);
        }
        if let Value::Obj(o) = a
            && let Some(f) = lookup(self, &o.ty(), op.idunder())
        {
            let r = self.call_with_self(&f, a, Args::positional(std::slice::from_ref(b)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        let r = self.binary_op1(a, b, op.dunder(), op.rdunder())?;
        if !self.is_not_implemented(&r) {
            return Ok(r);
        }
        let symbol = match op {
            BinOp::Pow => "**=".to_string(),
            _ => format!("{}=", op.symbol()),
        };
        Err(self.unsupported_operands(&symbol, a, b))
    }

    /// The type error for operands no method handled.
    pub fn unsupported_operands(&self, symbol: &str, a: &Value, b: &Value) -> PyErr {
        if symbol == "+" && a.downcast::<crate::types::str::StrData>().is_some() {
            return self.type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                self.type_name(b)
            ));
        }
        if symbol == "+" && a.downcast::<crate::types::list::ListData>().is_some() {
            return self.type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                self.type_name(b)
            ));
        }
        if symbol == "+" && a.downcast::<crate::types::tuple::TupleData>().is_some() {
            return self.type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                self.type_name(b)
            ));
        }
        if symbol == "*" || symbol == "*=" {
            let is_seq = |v: &Value| {
                v.as_obj().is_some_and(|o| {
                    matches!(
                        o.kind(),
                        Kind::List | Kind::Tuple | Kind::Str | Kind::Bytes | Kind::ByteArray
                    )
                })
            };
            if is_seq(a) {
                return self.type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(b)
                ));
            }
            if is_seq(b) {
                return self.type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    self.type_name(a)
                ));
            }
        }
        self.type_error(format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            self.type_name(a),
            self.type_name(b)
        ))
    }

    /// CPython's `binary_op1`: the left operand's method, the right
    /// operand's reflected one, the right first when its type is a subclass
    /// that overrides it.
    pub fn binary_op1(&self, a: &Value, b: &Value, name: &str, rname: &str) -> PyResult<Value> {
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let fa = lookup(self, &ta, name);
        let fb = if ta.is(&tb) {
            None
        } else {
            lookup(self, &tb, rname)
        };
        if let Some(fb_) = &fb
            && is_subtype(&tb, &ta)
            && !lookup(self, &ta, rname).is_some_and(|x| x.is(fb_))
        {
            let r = self.call_with_self(fb_, b, Args::positional(std::slice::from_ref(a)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
            if let Some(fa) = fa {
                return self.call_with_self(&fa, a, Args::positional(std::slice::from_ref(b)));
            }
            return Ok(self.not_implemented());
        }
        if let Some(fa) = fa {
            let r = self.call_with_self(&fa, a, Args::positional(std::slice::from_ref(b)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(fb) = fb {
            return self.call_with_self(&fb, b, Args::positional(std::slice::from_ref(a)));
        }
        Ok(self.not_implemented())
    }

    /// `pow(a, b, m)`.
    pub fn pow3(&self, a: &Value, b: &Value, m: &Value) -> PyResult<Value> {
        if m.is_none() {
            return self.binary_op(a, b, BinOp::Pow);
        }
        let is_int = |v: &Value| {
            matches!(v, Value::Int(_) | Value::Bool(_))
                || v.as_obj().is_some_and(|o| o.kind() == Kind::Int)
        };
        let is_num = |v: &Value| {
            is_int(v)
                || matches!(v, Value::Float(_))
                || v.as_obj()
                    .is_some_and(|o| matches!(o.kind(), Kind::Float | Kind::Complex))
        };
        if is_num(a) && is_num(b) && is_num(m) && !(is_int(a) && is_int(b) && is_int(m)) {
            return Err(
                self.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        }
        let ta = self.type_of(a);
        if let Some(f) = lookup(self, &ta, "__pow__") {
            let r = self.call_with_self(&f, a, Args::positional(&[b.clone(), m.clone()]))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        Err(self.type_error(format!(
            "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
            self.type_name(a),
            self.type_name(b),
            self.type_name(m)
        )))
    }

    /// `-v`, `+v`, `~v`.
    pub fn unary_op(&self, v: &Value, name: &str, symbol: &str) -> PyResult<Value> {
        match (v, name) {
            (Value::Int(i), "__neg__") => {
                return Ok(i.checked_neg().map_or_else(
                    || crate::types::int::big_value(self, -num_bigint::BigInt::from(*i)),
                    Value::Int,
                ));
            }
            (Value::Int(_), "__pos__") => return Ok(v.clone()),
            (Value::Int(i), "__invert__") => return Ok(Value::Int(!i)),
            (Value::Float(f), "__neg__") => return Ok(Value::Float(-f)),
            (Value::Float(_), "__pos__") => return Ok(v.clone()),
            _ => {}
        }
        match self.call_special(v, name, &[])? {
            Some(r) => Ok(r),
            None => Err(self.type_error(format!(
                "bad operand type for unary {symbol}: '{}'",
                self.type_name(v)
            ))),
        }
    }

    /// `a <op> b` for a rich comparison.
    pub fn compare(&self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
        if let Some(r) = crate::types::int::fast_compare(a, b, op) {
            return Ok(Value::Bool(r));
        }
        if let (Some(x), Some(y)) = (exact_str(self, a), exact_str(self, b)) {
            return Ok(Value::Bool(op.test(x.as_bytes().cmp(y.as_bytes()))));
        }
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let swapped = !ta.is(&tb) && is_subtype(&tb, &ta);
        if swapped && let Some(f) = lookup(self, &tb, op.swapped().dunder()) {
            let r = self.call_with_self(&f, b, Args::positional(std::slice::from_ref(a)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if let Some(f) = lookup(self, &ta, op.dunder()) {
            let r = self.call_with_self(&f, a, Args::positional(std::slice::from_ref(b)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        if !swapped && let Some(f) = lookup(self, &tb, op.swapped().dunder()) {
            let r = self.call_with_self(&f, b, Args::positional(std::slice::from_ref(a)))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        }
        match op {
            CmpOp::Eq => Ok(Value::Bool(a.is(b))),
            CmpOp::Ne => Ok(Value::Bool(!a.is(b))),
            _ => Err(self.type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                self.type_name(a),
                self.type_name(b)
            ))),
        }
    }

    /// `a == b` as a bool (identity implies equality, as containers assume).
    pub fn eq(&self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) && !matches!(a, Value::Float(f) if f.is_nan()) {
            return Ok(true);
        }
        if let Some(r) = crate::types::dict::fast_eq(a, b) {
            return Ok(r);
        }
        let r = self.compare(a, b, CmpOp::Eq)?;
        self.truthy(&r)
    }

    /// `a < b` as a bool.
    pub fn lt(&self, a: &Value, b: &Value) -> PyResult<bool> {
        if let Some(r) = crate::types::int::fast_compare(a, b, CmpOp::Lt) {
            return Ok(r);
        }
        let r = self.compare(a, b, CmpOp::Lt)?;
        self.truthy(&r)
    }

    /// `bool(v)`.
    pub fn truthy(&self, v: &Value) -> PyResult<bool> {
        match v {
            Value::None => Ok(false),
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            Value::Float(f) => Ok(*f != 0.0),
            Value::Obj(o) => {
                let ty = o.ty();
                if !typeobj::data(&ty).has_flag(typeobj::flags::HEAPTYPE) {
                    match o.kind() {
                        Kind::Str => {
                            return Ok(!o.payload::<crate::types::str::StrData>().is_empty());
                        }
                        Kind::List => {
                            return Ok(!o.payload::<crate::types::list::ListData>().is_empty());
                        }
                        Kind::Tuple => {
                            return Ok(!o
                                .payload::<crate::types::tuple::TupleData>()
                                .items
                                .is_empty());
                        }
                        Kind::Dict => {
                            return Ok(!o.payload::<crate::types::dict::DictData>().is_empty());
                        }
                        Kind::Int => return Ok(true),
                        _ => {}
                    }
                }
                if let Some(f) = lookup(self, &ty, "__bool__") {
                    let r = self.call_with_self(&f, v, Args::positional(&[]))?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        _ => Err(self.type_error(format!(
                            "__bool__ should return bool, returned {}",
                            self.type_name(&r)
                        ))),
                    };
                }
                if let Some(f) = lookup(self, &ty, "__len__") {
                    let r = self.call_with_self(&f, v, Args::positional(&[]))?;
                    return Ok(self.len_result(&r)? != 0);
                }
                Ok(true)
            }
        }
    }

    fn len_result(&self, r: &Value) -> PyResult<usize> {
        match r {
            Value::Int(i) if *i >= 0 => Ok(*i as usize),
            Value::Bool(b) => Ok(usize::from(*b)),
            Value::Int(_) => Err(self.value_error("__len__() should return >= 0")),
            Value::Obj(o) if o.kind() == Kind::Int => {
                let n = &o.payload::<crate::types::int::BigIntData>().0;
                if n < &num_bigint::BigInt::from(0) {
                    Err(self.value_error("__len__() should return >= 0"))
                } else {
                    Err(self.overflow_error("cannot fit 'int' into an index-sized integer"))
                }
            }
            _ => Err(self.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                self.type_name(r)
            ))),
        }
    }

    /// `len(v)`.
    pub fn len(&self, v: &Value) -> PyResult<usize> {
        if let Value::Obj(o) = v {
            match o.kind() {
                Kind::Str => return Ok(o.payload::<crate::types::str::StrData>().len()),
                Kind::List => return Ok(o.payload::<crate::types::list::ListData>().len()),
                Kind::Tuple => {
                    return Ok(o.payload::<crate::types::tuple::TupleData>().items.len());
                }
                Kind::Dict if !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE) => {
                    return Ok(o.payload::<crate::types::dict::DictData>().len());
                }
                _ => {}
            }
        }
        match self.call_special(v, "__len__", &[])? {
            Some(r) => self.len_result(&r),
            None => Err(self.type_error(format!(
                "object of type '{}' has no len()",
                self.type_name(v)
            ))),
        }
    }

    /// `repr(v)`.
    pub fn repr(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::None => return Ok(self.name("None")),
            Value::Bool(true) => return Ok(self.name("True")),
            Value::Bool(false) => return Ok(self.name("False")),
            Value::Int(i) => return Ok(self.new_str(&i.to_string())),
            Value::Float(f) => return Ok(self.new_str(&crate::format::float_repr(*f))),
            Value::Obj(_) => {}
        }
        let r = self.call_method(v, "__repr__", &[])?;
        if r.downcast::<crate::types::str::StrData>().is_none() {
            return Err(self.type_error(format!(
                "__repr__ returned non-string (type {})",
                self.type_name(&r)
            )));
        }
        Ok(r)
    }

    /// `repr(v)` as Rust text.
    pub fn repr_string(&self, v: &Value) -> PyResult<String> {
        let r = self.repr(v)?;
        Ok(r.downcast::<crate::types::str::StrData>()
            .expect("checked")
            .to_lossy()
            .into_owned())
    }

    /// `str(v)`.
    pub fn str(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Obj(o) if o.kind() == Kind::Str && o.ty().is(&self.types.str) => {
                return Ok(v.clone());
            }
            Value::Obj(_) => {}
            _ => return self.repr(v),
        }
        let r = self.call_method(v, "__str__", &[])?;
        if r.downcast::<crate::types::str::StrData>().is_none() {
            return Err(self.type_error(format!(
                "__str__ returned non-string (type {})",
                self.type_name(&r)
            )));
        }
        Ok(r)
    }

    /// `str(v)` as Rust text.
    pub fn str_string(&self, v: &Value) -> PyResult<String> {
        let r = self.str(v)?;
        Ok(r.downcast::<crate::types::str::StrData>()
            .expect("checked")
            .to_lossy()
            .into_owned())
    }

    /// Enters a `repr` of container `o`; `None` if already inside one.
    pub fn repr_enter(&self, o: &ObjRef) -> Option<ReprGuard> {
        let addr = o.addr();
        REPR_STACK.with(|s| {
            let mut s = s.borrow_mut();
            if s.contains(&addr) {
                None
            } else {
                s.push(addr);
                Some(ReprGuard(addr))
            }
        })
    }

    /// `iter(v)`.
    pub fn iter(&self, v: &Value) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            let ty = o.ty();
            if !typeobj::data(&ty).has_flag(typeobj::flags::HEAPTYPE) {
                match o.kind() {
                    Kind::List => {
                        return Ok(crate::types::iterators::new_seq_iter(
                            self,
                            &self.types.list_iterator,
                            v.clone(),
                        ));
                    }
                    Kind::Tuple => {
                        return Ok(crate::types::iterators::new_seq_iter(
                            self,
                            &self.types.tuple_iterator,
                            v.clone(),
                        ));
                    }
                    _ => {}
                }
            }
            if let Some(f) = lookup(self, &ty, "__iter__") {
                if f.is_none() {
                    return Err(self.not_iterable(v));
                }
                let it = self.call_with_self(&f, v, Args::positional(&[]))?;
                if lookup(self, &self.type_of(&it), "__next__").is_none() {
                    return Err(self.type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        self.type_name(&it)
                    )));
                }
                return Ok(it);
            }
            if lookup(self, &ty, "__getitem__").is_some() {
                return Ok(crate::types::iterators::new_seq_iter(
                    self,
                    &self.types.seq_iterator,
                    v.clone(),
                ));
            }
        }
        Err(self.not_iterable(v))
    }

    /// `TypeError: 'T' object is not iterable`.
    pub fn not_iterable(&self, v: &Value) -> PyErr {
        self.type_error(format!("'{}' object is not iterable", self.type_name(v)))
    }

    /// `next(it)`: `Some(value)`, or `None` when exhausted.
    pub fn next(&self, it: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = it
            && let Some(i) = o.downcast::<crate::types::iterators::IteratorData>()
            && !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE)
        {
            return i.next(self, o);
        }
        if let Value::Obj(o) = it
            && o.kind() == Kind::Generator
            && !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE)
        {
            return crate::types::generator::gen_next(self, o);
        }
        let ty = self.type_of(it);
        let Some(f) = lookup(self, &ty, "__next__") else {
            return Err(self.type_error(format!(
                "'{}' object is not an iterator",
                self.type_name(it)
            )));
        };
        match self.call_with_self(&f, it, Args::positional(&[])) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.matches(self, &self.types.exc.stop_iteration) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// All items of an iterable.
    pub fn iterate(&self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::Obj(o) = v
            && !typeobj::data(&o.ty()).has_flag(typeobj::flags::HEAPTYPE)
        {
            match o.kind() {
                Kind::List => return Ok(o.payload::<crate::types::list::ListData>().to_vec()),
                Kind::Tuple => {
                    return Ok(o.payload::<crate::types::tuple::TupleData>().items.to_vec());
                }
                _ => {}
            }
        }
        let it = self.iter(v)?;
        let mut out = Vec::new();
        while let Some(x) = self.next(&it)? {
            out.push(x);
        }
        Ok(out)
    }

    /// `v[key]`.
    pub fn getitem(&self, v: &Value, key: &Value) -> PyResult<Value> {
        if let Value::Obj(o) = v {
            match o.kind() {
                Kind::List if o.ty().is(&self.types.list) => {
                    if let Value::Int(i) = key {
                        return crate::types::list::getitem_int(self, o, *i);
                    }
                }
                Kind::Tuple if o.ty().is(&self.types.tuple) => {
                    if let Value::Int(i) = key {
                        return crate::types::tuple::getitem_int(self, o, *i);
                    }
                }
                Kind::Dict if o.ty().is(&self.types.dict) => {
                    return match o.payload::<crate::types::dict::DictData>().get(self, key)? {
                        Some(x) => Ok(x),
                        None => Err(self.key_error(key.clone())),
                    };
                }
                _ => {}
            }
            if let Some(f) = lookup(self, &o.ty(), "__getitem__") {
                return self.call_with_self(&f, v, Args::positional(std::slice::from_ref(key)));
            }
            if o.kind() == Kind::Type {
                if o.is(&self.types.type_) {
                    return crate::types::native::generic_alias(self, v, key);
                }
                if let Some(cg) = self.getattr_opt(v, "__class_getitem__")? {
                    return self.call(&cg, std::slice::from_ref(key));
                }
                return Err(self.type_error(format!(
                    "type '{}' is not subscriptable",
                    typeobj::type_name(o)
                )));
            }
        }
        Err(self.type_error(format!(
            "'{}' object is not subscriptable",
            self.type_name(v)
        )))
    }

    /// `v[key] = value`.
    pub fn setitem(&self, v: &Value, key: Value, value: Value) -> PyResult<()> {
        if let Value::Obj(o) = v {
            match o.kind() {
                Kind::Dict if o.ty().is(&self.types.dict) => {
                    return o
                        .payload::<crate::types::dict::DictData>()
                        .set(self, key, value);
                }
                Kind::List if o.ty().is(&self.types.list) => {
                    if let Value::Int(i) = key {
                        return crate::types::list::setitem_int(self, o, i, value);
                    }
                }
                _ => {}
            }
            if let Some(f) = lookup(self, &o.ty(), "__setitem__") {
                self.call_with_self(&f, v, Args::positional(&[key, value]))?;
                return Ok(());
            }
        }
        Err(self.type_error(format!(
            "'{}' object does not support item assignment",
            self.type_name(v)
        )))
    }

    /// `del v[key]`.
    pub fn delitem(&self, v: &Value, key: &Value) -> PyResult<()> {
        if let Value::Obj(o) = v
            && let Some(f) = lookup(self, &o.ty(), "__delitem__")
        {
            self.call_with_self(&f, v, Args::positional(std::slice::from_ref(key)))?;
            return Ok(());
        }
        Err(self.type_error(format!(
            "'{}' object doesn't support item deletion",
            self.type_name(v)
        )))
    }

    /// `item in container`.
    pub fn contains(&self, container: &Value, item: &Value) -> PyResult<bool> {
        if let Value::Obj(o) = container {
            if o.kind() == Kind::Dict && o.ty().is(&self.types.dict) {
                return Ok(o
                    .payload::<crate::types::dict::DictData>()
                    .get(self, item)?
                    .is_some());
            }
            if o.kind() == Kind::Str && o.ty().is(&self.types.str) {
                return crate::types::strmethods::str_contains(self, o, item);
            }
            if let Some(f) = lookup(self, &o.ty(), "__contains__") {
                let r = self.call_with_self(
                    &f,
                    container,
                    Args::positional(std::slice::from_ref(item)),
                )?;
                return self.truthy(&r);
            }
        }
        let it = self.iter(container).map_err(|e| {
            if e.matches(self, &self.types.exc.type_error) {
                self.type_error(format!(
                    "argument of type '{}' is not a container or iterable",
                    self.type_name(container)
                ))
            } else {
                e
            }
        })?;
        while let Some(x) = self.next(&it)? {
            if x.is(item) || self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `operator.index(v)`: an int, through `__index__`.
    pub fn index(&self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
            Value::Obj(o) if o.kind() == Kind::Int => Ok(v.clone()),
            _ => match self.call_special(v, "__index__", &[])? {
                Some(r @ (Value::Int(_) | Value::Bool(_))) => Ok(r),
                Some(r @ Value::Obj(_))
                    if r.downcast::<crate::types::int::BigIntData>().is_some() =>
                {
                    Ok(r)
                }
                Some(r) => Err(self.type_error(format!(
                    "__index__ returned non-int (type {})",
                    self.type_name(&r)
                ))),
                None => Err(self.type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(v)
                ))),
            },
        }
    }

    /// `operator.index(v)` as an `i64` (`OverflowError` beyond it).
    pub fn index_i64(&self, v: &Value) -> PyResult<i64> {
        match self.index(v)? {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(i64::from(b)),
            other => crate::types::int::to_i64(self, &other),
        }
    }

    /// The index of a sequence subscript, clamped to `isize` like CPython's
    /// `PyNumber_AsSsize_t(.., IndexError)`.
    pub fn index_isize(&self, v: &Value) -> PyResult<i64> {
        match self.index(v)? {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(i64::from(b)),
            other => {
                let n = &other
                    .downcast::<crate::types::int::BigIntData>()
                    .expect("int")
                    .0;
                if n.sign() == num_bigint::Sign::Minus {
                    Ok(i64::MIN)
                } else {
                    Err(self.index_error(format!(
                        "cannot fit '{}' into an index-sized integer",
                        self.type_name(v)
                    )))
                }
            }
        }
    }

    /// `id(v)`.
    pub fn id_of(&self, v: &Value) -> usize {
        match v {
            Value::Obj(o) => o.addr(),
            Value::None => 0x1000,
            Value::Bool(b) => 0x2000 + usize::from(*b) * 16,
            Value::Int(i) => 0x7f00_0000_0000usize.wrapping_add((*i as usize).wrapping_mul(32)),
            Value::Float(f) => {
                0x7e00_0000_0000usize.wrapping_add((f.to_bits() as usize).wrapping_mul(16))
            }
        }
    }

    /// `format(v, spec)`.
    pub fn format(&self, v: &Value, spec: &str) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::Bool(_) | Value::Float(_) | Value::None if spec.is_empty() => {
                return self.str(v);
            }
            _ => {}
        }
        let spec_v = self.new_str(spec);
        let r = self.call_method(v, "__format__", &[spec_v])?;
        if r.downcast::<crate::types::str::StrData>().is_none() {
            return Err(self.type_error(format!(
                "__format__ must return a str, not {}",
                self.type_name(&r)
            )));
        }
        Ok(r)
    }
}

/// The payload of an exact `str`.
fn exact_str<'a>(vm: &Vm, v: &'a Value) -> Option<&'a crate::types::str::StrData> {
    match v {
        Value::Obj(o) if o.kind() == Kind::Str && o.ty().is(&vm.types.str) => Some(o.payload()),
        _ => None,
    }
}
