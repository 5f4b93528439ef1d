//! Errors: a raised Python exception travels through Rust as `PyErr`.

use crate::object::ObjRef;
use crate::types::exception::ExceptionData;
use crate::value::Value;
use crate::vm::Vm;

/// A raised exception: the exception instance.
#[derive(Clone, Debug)]
pub struct PyErr(pub ObjRef);

/// The result of anything that can raise.
pub type PyResult<T = Value> = Result<T, PyErr>;

impl PyErr {
    /// The exception instance.
    pub fn value(&self) -> &ObjRef {
        &self.0
    }

    /// Whether the exception is an instance of `ty` (or a subclass).
    pub fn matches(&self, vm: &Vm, ty: &ObjRef) -> bool {
        let _ = vm;
        crate::types::typeobj::is_subtype(&self.0.ty(), ty)
    }
}

impl Vm {
    /// A new exception of type `ty` with one message argument.
    pub fn new_exception(&self, ty: &ObjRef, msg: impl AsRef<str>) -> PyErr {
        let args = crate::types::tuple::new_tuple(self, vec![self.new_str(msg.as_ref())]);
        PyErr(crate::types::exception::new_exception_raw(self, ty, args))
    }

    /// A new exception of type `ty` with the given arguments.
    pub fn new_exception_args(&self, ty: &ObjRef, args: Vec<Value>) -> PyErr {
        let args = crate::types::tuple::new_tuple(self, args);
        PyErr(crate::types::exception::new_exception_raw(self, ty, args))
    }

    /// `TypeError(msg)`.
    pub fn type_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.type_error, msg)
    }

    /// `ValueError(msg)`.
    pub fn value_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.value_error, msg)
    }

    /// `AttributeError(msg)`.
    pub fn attribute_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.attribute_error, msg)
    }

    /// `IndexError(msg)`.
    pub fn index_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.index_error, msg)
    }

    /// `KeyError(key)`.
    pub fn key_error(&self, key: Value) -> PyErr {
        self.new_exception_args(&self.types.exc.key_error, vec![key])
    }

    /// `OverflowError(msg)`.
    pub fn overflow_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.overflow_error, msg)
    }

    /// `ZeroDivisionError(msg)`.
    pub fn zero_division_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.zero_division_error, msg)
    }

    /// `NameError(msg)`.
    pub fn name_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.name_error, msg)
    }

    /// `RuntimeError(msg)`.
    pub fn runtime_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.runtime_error, msg)
    }

    /// `StopIteration()` (or with a value).
    pub fn stop_iteration(&self, value: Option<Value>) -> PyErr {
        self.new_exception_args(&self.types.exc.stop_iteration, value.into_iter().collect())
    }

    /// `NotImplementedError(msg)`.
    pub fn not_implemented_error(&self, msg: impl AsRef<str>) -> PyErr {
        self.new_exception(&self.types.exc.not_implemented_error, msg)
    }

    /// `OSError(errno, strerror[, filename])`.
    pub fn os_error(&self, err: &std::io::Error, filename: Option<&str>) -> PyErr {
        crate::types::exception::os_error_from_io(self, err, filename)
    }

    /// A `MemoryError()` instance (for sizes that cannot be allocated).
    pub fn new_memory_error(&self) -> ObjRef {
        self.new_exception_args(&self.types.exc.memory_error, Vec::new())
            .0
    }

    /// The exception data of an exception object.
    pub fn exc_data<'e>(&self, e: &'e ObjRef) -> &'e ExceptionData {
        e.payload::<ExceptionData>()
    }
}
