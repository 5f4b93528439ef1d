//! The meta path finder `sys.meta_path` holds, so that `importlib`'s own
//! machinery (`importlib.import_module`, `importlib.util.find_spec`,
//! `pkgutil`) finds what the `import` statement finds. Its specs name the
//! finder as their loader: creating the module runs Pyrite's import of
//! it, and executing it has nothing left to do.

use super::{frozen_source, import_module, locate, new_spec, sys_path};
use crate::ObjRef;
use crate::call::Args;
use crate::error::PyResult;
use crate::types::builtin::add_classmethod;
use crate::types::{dict, list, typeobj};
use crate::value::Value;
use crate::vm::Vm;

/// The finder class (`PyriteImporter`), made once per interpreter.
struct Importer(ObjRef);

/// The finder to put on `sys.meta_path`.
pub fn importer(vm: &Vm) -> ObjRef {
    crate::modules::state(vm, |vm| {
        let ns = dict::new_dict(&vm.types);
        dict::set_item(
            vm,
            &ns,
            vm.name("__module__"),
            vm.new_str("_frozen_importlib"),
        )
        .expect("str keys");
        let ty = typeobj::new_class(
            vm,
            &vm.types.type_,
            "PyriteImporter",
            Vec::new(),
            &ns,
            Args::positional(&[]),
        )
        .expect("a plain class");
        add_classmethod(vm, &ty, "find_spec", find_spec);
        add_classmethod(vm, &ty, "create_module", create_module);
        add_classmethod(vm, &ty, "exec_module", |_, _| Ok(Value::None));
        add_classmethod(vm, &ty, "is_package", is_package);
        Importer(ty)
    })
    .0
    .clone()
}

/// `find_spec(fullname, path=None, target=None)`: a spec for a native,
/// source, package, namespace or frozen module, or None.
fn find_spec(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let p = args
        .shift()
        .bind(vm, "find_spec", &["fullname", "path", "target"], 1, 0, 3)?;
    let full = vm.str_string(p[0].as_ref().expect("required"))?;
    let path = p[1].clone().filter(|v| !v.is_none());
    let loader = Value::Obj(importer(vm));
    let with_loader = |spec: Value| -> PyResult<Value> {
        vm.set_attr(&spec, "loader", loader.clone())?;
        Ok(spec)
    };
    if path.is_none() && crate::modules::names().any(|n| n == full) {
        return with_loader(new_spec(vm, &full, Some("built-in"), None)?);
    }
    let search: Vec<String> = match &path {
        Some(p) => vm
            .iterate(p)?
            .iter()
            .map(|s| vm.str_string(s))
            .collect::<PyResult<_>>()?,
        None => sys_path(vm)?,
    };
    let leaf = full.rsplit('.').next().unwrap_or(&full);
    if let Some((file, is_package)) = locate(&search, leaf) {
        let is_namespace = file.is_dir();
        let dir = if is_namespace {
            Some(file.clone())
        } else if is_package {
            file.parent().map(std::path::Path::to_path_buf)
        } else {
            None
        };
        let locations = dir.map(|d| list::new_list(vm, vec![vm.new_str(&d.display().to_string())]));
        let origin = file.display().to_string();
        return with_loader(new_spec(
            vm,
            &full,
            (!is_namespace).then_some(origin.as_str()),
            locations,
        )?);
    }
    if frozen_source(&full).is_some() {
        return with_loader(new_spec(vm, &full, Some("frozen"), None)?);
    }
    Ok(Value::None)
}

/// `create_module(spec)`: imports the module the spec names.
fn create_module(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [_, spec] = args.check(vm, "create_module", 2, 2)? else {
        unreachable!()
    };
    let name = vm.str_string(&vm.getattr(spec, "name")?)?;
    import_module(vm, &name)
}

fn is_package(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [_, name] = args.check(vm, "is_package", 2, 2)? else {
        unreachable!()
    };
    let name = vm.str_string(name)?;
    let spec = find_spec(vm, Args::positional(&[Value::None, vm.new_str(&name)]))?;
    if spec.is_none() {
        return Err(vm.new_exception(
            &vm.types.exc.import_error,
            format!("No module named '{name}'"),
        ));
    }
    Ok(Value::Bool(
        !vm.getattr(&spec, "submodule_search_locations")?.is_none(),
    ))
}
