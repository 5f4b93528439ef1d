//! Warnings raised by the runtime itself: through the `warnings` module
//! when a program imported it, else printed the way its default filters
//! would (once per location; deprecation warnings only for `__main__`).

use crate::error::PyResult;
use crate::object::ObjRef;
use crate::types::typeobj;
use crate::value::Value;
use crate::vm::Vm;
use std::cell::RefCell;
use std::collections::HashSet;

thread_local! {
    static SHOWN: RefCell<HashSet<(String, String, u32)>> = RefCell::new(HashSet::new());
}

/// `warnings.warn(msg, category, stacklevel)`.
pub fn warn(vm: &Vm, category: &ObjRef, msg: &str, stacklevel: usize) -> PyResult<()> {
    if let Some(w) = crate::import::find_module(vm, "warnings") {
        let f = vm.getattr(&Value::Obj(w), "warn")?;
        vm.call(
            &f,
            &[
                vm.new_str(msg),
                Value::Obj(category.clone()),
                Value::Int(stacklevel as i64 + 1),
            ],
        )?;
        return Ok(());
    }
    let record = crate::frame::record_at(stacklevel.saturating_sub(1));
    let (filename, lineno, module) = match &record {
        Some(r) => {
            let code = r.code.payload::<crate::types::function::CodeData>();
            let module = crate::types::dict::get_str(vm, &r.globals, &vm.name("__name__"))
                .and_then(|n| crate::types::str::as_str(&n).map(str::to_string));
            (
                code.code.filename.to_string(),
                r.lineno().unwrap_or(0),
                module.unwrap_or_default(),
            )
        }
        None => ("sys".to_string(), 0, String::new()),
    };
    if filtered_out(vm, category, &module) {
        return Ok(());
    }
    show(vm, category, msg, &filename, lineno);
    Ok(())
}

fn filtered_out(vm: &Vm, category: &ObjRef, module: &str) -> bool {
    let x = &vm.types.exc;
    let ignored_by_default = [
        &x.pending_deprecation_warning,
        &x.import_warning,
        &x.resource_warning,
    ];
    if ignored_by_default
        .iter()
        .any(|t| typeobj::is_subtype(category, t))
    {
        return true;
    }
    typeobj::is_subtype(category, &x.deprecation_warning) && module != "__main__"
}

/// A warning at an explicit location (the compiler's `SyntaxWarning`s).
pub fn warn_explicit(
    vm: &Vm,
    category: &ObjRef,
    msg: &str,
    filename: &str,
    lineno: u32,
) -> PyResult<()> {
    if let Some(w) = crate::import::find_module(vm, "warnings") {
        let f = vm.getattr(&Value::Obj(w), "warn_explicit")?;
        vm.call(
            &f,
            &[
                vm.new_str(msg),
                Value::Obj(category.clone()),
                vm.new_str(filename),
                Value::Int(i64::from(lineno)),
            ],
        )?;
        return Ok(());
    }
    show(vm, category, msg, filename, lineno);
    Ok(())
}

fn show(vm: &Vm, category: &ObjRef, msg: &str, filename: &str, lineno: u32) {
    let key = (
        format!("{filename}:{msg}"),
        typeobj::type_name(category),
        lineno,
    );
    let fresh = SHOWN.with(|s| s.borrow_mut().insert(key));
    if !fresh {
        return;
    }
    let mut text = format!(
        "{filename}:{lineno}: {}: {msg}\n",
        typeobj::type_name(category)
    );
    if let Some(line) = crate::sys::source_line(filename, lineno) {
        text.push_str(&format!("  {}\n", line.trim()));
    }
    crate::io::write_stderr(vm, &text);
}
