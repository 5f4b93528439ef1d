//! Calling: the vectorcall-style argument view builtins receive, binding of
//! arguments to parameter names with CPython's error messages, and
//! `Vm::call`, which dispatches on what is being called.

use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::builtin::{BuiltinData, MethodDescriptorData};
use crate::types::function::{FunctionData, MethodData};
use crate::value::Value;
use crate::vm::Vm;

/// Arguments of a call: positional values, then keyword values with their
/// names.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    /// Positional arguments.
    pub pos: &'a [Value],
    /// Names of the keyword arguments (`str` objects).
    pub kwnames: &'a [Value],
    /// Values of the keyword arguments.
    pub kwvalues: &'a [Value],
}

/// A builtin's implementation.
pub type NativeFn = fn(&Vm, Args<'_>) -> PyResult<Value>;

impl<'a> Args<'a> {
    /// Positional arguments only.
    pub fn positional(pos: &'a [Value]) -> Args<'a> {
        Args {
            pos,
            kwnames: &[],
            kwvalues: &[],
        }
    }

    /// Whether there are keyword arguments.
    pub fn has_kwargs(&self) -> bool {
        !self.kwnames.is_empty()
    }

    /// The arguments without the first positional one (`self`).
    pub fn shift(&self) -> Args<'a> {
        Args {
            pos: &self.pos[1..],
            ..*self
        }
    }

    /// Fails unless there are no keyword arguments.
    pub fn no_kwargs(&self, vm: &Vm, fname: &str) -> PyResult<()> {
        if self.has_kwargs() {
            return Err(vm.type_error(format!("{fname}() takes no keyword arguments")));
        }
        Ok(())
    }

    /// Checks the number of positional arguments (with no keywords), as
    /// CPython's `_PyArg_CheckPositional` does.
    pub fn check(&self, vm: &Vm, fname: &str, min: usize, max: usize) -> PyResult<&'a [Value]> {
        self.no_kwargs(vm, fname)?;
        let n = self.pos.len();
        if n < min || n > max {
            return Err(arity_error(vm, fname, min, max, n));
        }
        Ok(self.pos)
    }

    /// Binds positional and keyword arguments to `names`: the first
    /// `posonly` are positional-only, the first `required` must be given,
    /// and names from `kwonly` on can only be passed by keyword.
    pub fn bind(
        &self,
        vm: &Vm,
        fname: &str,
        names: &[&str],
        required: usize,
        posonly: usize,
        kwonly: usize,
    ) -> PyResult<Vec<Option<Value>>> {
        let mut out: Vec<Option<Value>> = vec![None; names.len()];
        let max_pos = kwonly.min(names.len());
        if self.pos.len() > max_pos {
            return Err(if max_pos == 0 {
                vm.type_error(format!("{fname}() takes no positional arguments"))
            } else {
                let how = if required >= max_pos {
                    "exactly"
                } else {
                    "at most"
                };
                let what = if kwonly < names.len() {
                    "positional argument"
                } else {
                    "argument"
                };
                let s = if max_pos == 1 { "" } else { "s" };
                vm.type_error(format!(
                    "{fname}() takes {how} {max_pos} {what}{s} ({} given)",
                    self.pos.len()
                ))
            });
        }
        for (i, v) in self.pos.iter().enumerate() {
            out[i] = Some(v.clone());
        }
        for (k, v) in self.kwnames.iter().zip(self.kwvalues) {
            let key = crate::types::str::as_str(k).unwrap_or("");
            match names.iter().position(|n| *n == key) {
                Some(i) if i >= posonly => {
                    if out[i].is_some() {
                        return Err(vm.type_error(format!(
                            "argument for {fname}() given by name ('{key}') and position ({})",
                            i + 1
                        )));
                    }
                    out[i] = Some(v.clone());
                }
                _ => {
                    return Err(vm.type_error(format!(
                        "{fname}() got an unexpected keyword argument '{key}'"
                    )));
                }
            }
        }
        for (i, name) in names.iter().enumerate().take(required) {
            if out[i].is_none() {
                return Err(if i < posonly {
                    arity_error(vm, fname, required, max_pos, self.pos.len())
                } else {
                    vm.type_error(format!(
                        "{fname}() missing required argument '{name}' (pos {})",
                        i + 1
                    ))
                });
            }
        }
        Ok(out)
    }
}

/// CPython's message for a wrong number of positional arguments.
pub fn arity_error(
    vm: &Vm,
    fname: &str,
    min: usize,
    max: usize,
    given: usize,
) -> crate::error::PyErr {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let msg = if min == max {
        if min == 0 {
            format!("{fname}() takes no arguments ({given} given)")
        } else if min == 1 {
            format!("{fname}() takes exactly one argument ({given} given)")
        } else {
            format!("{fname}() takes exactly {min} arguments ({given} given)")
        }
    } else if given < min {
        format!(
            "{fname} expected at least {min} argument{}, got {given}",
            plural(min)
        )
    } else {
        format!(
            "{fname} expected at most {max} argument{}, got {given}",
            plural(max)
        )
    };
    vm.type_error(msg)
}

impl Vm {
    /// Calls `callable` with positional arguments.
    pub fn call(&self, callable: &Value, args: &[Value]) -> PyResult<Value> {
        self.call_args(callable, Args::positional(args))
    }

    /// Calls `callable` with keyword arguments too.
    pub fn call_args(&self, callable: &Value, args: Args<'_>) -> PyResult<Value> {
        let Value::Obj(obj) = callable else {
            return Err(self.not_callable(callable));
        };
        if let Some(b) = obj.downcast::<BuiltinData>() {
            return b.call(self, args);
        }
        if obj.downcast::<FunctionData>().is_some() {
            return crate::types::function::call_function(self, obj, None, args);
        }
        if let Some(m) = obj.downcast::<MethodData>() {
            if let Some(f) = m.func.as_obj()
                && f.downcast::<FunctionData>().is_some()
            {
                return crate::types::function::call_function(self, f, Some(&m.self_), args);
            }
            let mut pos = Vec::with_capacity(args.pos.len() + 1);
            pos.push(m.self_.clone());
            pos.extend_from_slice(args.pos);
            return self.call_args(&m.func, Args { pos: &pos, ..args });
        }
        if let Some(d) = obj.downcast::<MethodDescriptorData>() {
            return d.call_unbound(self, args);
        }
        if obj.downcast::<crate::types::typeobj::TypeData>().is_some() {
            let meta = obj.ty();
            if !meta.is(&self.types.type_)
                && let Some(call) = crate::types::typeobj::lookup(self, &meta, "__call__")
                && !crate::types::typeobj::lookup(self, &self.types.type_, "__call__")
                    .is_some_and(|t| t.is(&call))
            {
                return self.call_with_self(&call, callable, args);
            }
            return crate::types::typeobj::call_type(self, obj, args);
        }
        let ty = obj.ty();
        match crate::types::typeobj::lookup(self, &ty, "__call__") {
            Some(call) => {
                let bound = self.bind_descriptor(&call, callable, &ty)?;
                self.call_args(&bound, args)
            }
            None => Err(self.not_callable(callable)),
        }
    }

    /// Calls `callable` with `self_` prepended to the positional arguments
    /// (a method call without making a bound method).
    pub fn call_with_self(
        &self,
        callable: &Value,
        self_: &Value,
        args: Args<'_>,
    ) -> PyResult<Value> {
        if let Value::Obj(obj) = callable {
            if obj.downcast::<FunctionData>().is_some() {
                return crate::types::function::call_function(self, obj, Some(self_), args);
            }
            if let Some(d) = obj.downcast::<MethodDescriptorData>() {
                return d.call_bound(self, self_, args);
            }
        }
        let mut pos = Vec::with_capacity(args.pos.len() + 1);
        pos.push(self_.clone());
        pos.extend_from_slice(args.pos);
        self.call_args(callable, Args { pos: &pos, ..args })
    }

    /// Calls the method `name` of `obj` (looked up on its type, as the
    /// interpreter's special-method lookups do).
    pub fn call_method(&self, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
        let ty = self.type_of(obj);
        match crate::types::typeobj::lookup(self, &ty, name) {
            Some(m) => self.call_with_self(&m, obj, Args::positional(args)),
            None => Err(self.attribute_error(format!(
                "'{}' object has no attribute '{}'",
                crate::types::typeobj::type_name(&ty),
                name
            ))),
        }
    }

    /// Calls the special method `name` if the type defines it.
    pub fn call_special(&self, obj: &Value, name: &str, args: &[Value]) -> PyResult<Option<Value>> {
        let ty = self.type_of(obj);
        match crate::types::typeobj::lookup(self, &ty, name) {
            Some(m) => Ok(Some(self.call_with_self(
                &m,
                obj,
                Args::positional(args),
            )?)),
            None => Ok(None),
        }
    }

    /// `TypeError: 'T' object is not callable`.
    pub fn not_callable(&self, v: &Value) -> crate::error::PyErr {
        self.type_error(format!("'{}' object is not callable", self.type_name(v)))
    }

    /// Whether `callable(v)`.
    pub fn is_callable(&self, v: &Value) -> bool {
        let Value::Obj(obj) = v else {
            return false;
        };
        use crate::object::Kind;
        matches!(
            obj.kind(),
            Kind::Builtin | Kind::Function | Kind::Method | Kind::Type | Kind::MethodDescriptor
        ) || crate::types::typeobj::lookup(self, &obj.ty(), "__call__").is_some()
    }

    /// A bound method object.
    pub fn new_method(&self, func: Value, self_: Value) -> Value {
        Value::Obj(ObjRef::new(&self.types.method, MethodData { func, self_ }))
    }
}
