//! Compiling source to code objects, running module code, and the import
//! system: `sys.modules`, `sys.path` search for modules and packages,
//! relative imports, `from ... import` with submodule fallback, and the
//! modules built into the runtime.

pub mod finder;

use crate::call::Args;
use crate::error::{PyErr, PyResult};
use crate::frame::Frame;
use crate::object::ObjRef;
use crate::types::str::as_str;
use crate::types::{dict, list, module};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_compiler::parser::Mode;
use std::path::{Path, PathBuf};

/// Modules implemented in Rust, by name.
pub fn builtin_module_names() -> Vec<&'static str> {
    let mut names = vec!["builtins", "sys"];
    names.extend(crate::modules::names());
    names.sort_unstable();
    names
}

/// A `SyntaxError` exception for a compiler error.
pub(crate) fn syntax_error(
    vm: &Vm,
    err: &pyrite_compiler::SyntaxError,
    filename: &str,
    text: Option<&str>,
) -> PyErr {
    let index = text.map(pyrite_compiler::text::LineIndex::new);
    syntax_error_at(vm, err, filename, text.zip(index.as_ref()))
}

/// A `SyntaxError` for an error in `source` (its text and line index; a
/// tree rebuilt from `ast` objects has an index but no text).
fn syntax_error_at(
    vm: &Vm,
    err: &pyrite_compiler::SyntaxError,
    filename: &str,
    source: Option<(&str, &pyrite_compiler::text::LineIndex)>,
) -> PyErr {
    use pyrite_compiler::SyntaxErrorKind as K;
    let x = &vm.types.exc;
    let ty = match err.kind {
        K::Syntax => &x.syntax_error,
        K::Indentation => &x.indentation_error,
        K::Tab => &x.tab_error,
        K::Memory => return vm.new_exception(&x.memory_error, &err.msg),
    };
    let Some((t, index)) = source else {
        return vm.new_exception(ty, &err.msg);
    };
    let pos = err.resolve(t, index);
    let text_v = pos.text.as_deref().map_or(Value::None, |t| vm.new_str(t));
    let info = crate::types::tuple::new_tuple(
        vm,
        vec![
            vm.new_str(filename),
            Value::Int(i64::from(pos.lineno)),
            Value::Int(i64::from(pos.offset)),
            text_v,
            Value::Int(i64::from(pos.end_lineno)),
            Value::Int(i64::from(pos.end_offset)),
        ],
    );
    vm.new_exception_args(ty, vec![vm.new_str(&err.msg), info])
}

/// Compiles source bytes to a code object (`compile()` and imports).
pub fn compile_source(vm: &Vm, source: &[u8], filename: &str, mode: Mode) -> PyResult<ObjRef> {
    let parsed = parse_for_compile(vm, source, filename, mode)?;
    compile_parsed(vm, &parsed, filename)
}

/// Parses source bytes as `compile()` does, reporting the parser's warnings.
pub fn parse_for_compile(
    vm: &Vm,
    source: &[u8],
    filename: &str,
    mode: Mode,
) -> PyResult<pyrite_compiler::parser::Parsed> {
    let decoded = pyrite_compiler::source::decode(source)
        .map_err(|e| syntax_error(vm, &e, filename, None))?;
    let text = decoded.text;
    let parsed = pyrite_compiler::parser::parse_text(text.clone(), mode)
        .map_err(|e| syntax_error(vm, &e, filename, Some(&text)))?;
    for w in &parsed.warnings {
        let line = parsed.line_index.line_col(w.offset).0;
        crate::warnings::warn_explicit(vm, &vm.types.exc.syntax_warning, &w.msg, filename, line)?;
    }
    Ok(parsed)
}

/// Compiles a parsed (or rebuilt) tree to a code object.
pub fn compile_parsed(
    vm: &Vm,
    parsed: &pyrite_compiler::parser::Parsed,
    filename: &str,
) -> PyResult<ObjRef> {
    let code = pyrite_compiler::codegen::compile_module(parsed, filename)
        .map_err(|e| syntax_error_at(vm, &e, filename, Some((&parsed.text, &parsed.line_index))))?;
    Ok(crate::types::function::new_code(vm, code))
}

/// Runs a module-level code object with `globals` (also its locals).
pub fn run_code(vm: &Vm, code: ObjRef, globals: &ObjRef, locals: Option<Value>) -> PyResult<Value> {
    let builtins = builtins_dict_of(vm, globals);
    let locals = locals.unwrap_or_else(|| Value::Obj(globals.clone()));
    let frame = Frame::new(
        vm,
        code,
        None,
        globals.clone(),
        builtins,
        Some(locals),
        Vec::new(),
    );
    vm.engine().run_frame(vm, frame)
}

/// The builtins dict code running with `globals` sees.
pub fn builtins_dict_of(vm: &Vm, globals: &ObjRef) -> ObjRef {
    match dict::get_str(vm, globals, &vm.name("__builtins__")) {
        Some(Value::Obj(b)) if b.kind() == crate::object::Kind::Dict => b,
        Some(Value::Obj(m)) if m.kind() == crate::object::Kind::Module => module::module_dict(&m),
        _ => module::module_dict(&vm.builtins),
    }
}

/// A module already in `sys.modules`.
pub fn find_module(vm: &Vm, name: &str) -> Option<ObjRef> {
    match dict::get_str(vm, &vm.modules, &vm.new_str(name))? {
        Value::Obj(m) => Some(m),
        _ => None,
    }
}

/// `importlib.import_module(name)` for an absolute name: the leaf module.
pub fn import_module(vm: &Vm, name: &str) -> PyResult<Value> {
    let mut parent: Option<Value> = None;
    let mut full = String::new();
    for part in name.split('.') {
        if !full.is_empty() {
            full.push('.');
        }
        full.push_str(part);
        let m = import_one(vm, &full, parent.as_ref())?;
        parent = Some(m);
    }
    parent.ok_or_else(|| vm.value_error("Empty module name"))
}

fn not_found(vm: &Vm, name: &str) -> PyErr {
    let e = vm.new_exception(
        &vm.types.exc.module_not_found_error,
        format!("No module named '{name}'"),
    );
    let _ = vm.set_attr(&Value::Obj(e.value().clone()), "name", vm.new_str(name));
    e
}

/// Imports one dotted name whose parent (if any) is already imported.
fn import_one(vm: &Vm, full: &str, parent: Option<&Value>) -> PyResult<Value> {
    if let Some(m) = dict::get_str(vm, &vm.modules, &vm.new_str(full)) {
        if m.is_none() {
            return Err(not_found(vm, full));
        }
        return Ok(m);
    }
    if parent.is_none()
        && let Some(m) = crate::modules::build(vm, full)
    {
        let d = module::module_dict(&m);
        dict::set_item(
            vm,
            &d,
            vm.name("__spec__"),
            new_spec(vm, full, Some("built-in"), None)?,
        )?;
        let mv = Value::Obj(m);
        dict::set_item(vm, &vm.modules, vm.new_str(full), mv.clone())?;
        return Ok(mv);
    }
    let search: Vec<String> = match parent {
        Some(p) => match vm.getattr_opt(p, "__path__")? {
            Some(path) => vm
                .iterate(&path)?
                .iter()
                .map(|s| vm.str_string(s))
                .collect::<PyResult<_>>()?,
            None => {
                let pname = full.rsplit_once('.').map_or(full, |(a, _)| a);
                let e = vm.new_exception(
                    &vm.types.exc.module_not_found_error,
                    format!("No module named '{full}'; '{pname}' is not a package"),
                );
                let _ = vm.set_attr(&Value::Obj(e.value().clone()), "name", vm.new_str(full));
                return Err(e);
            }
        },
        None => sys_path(vm)?,
    };
    let leaf = full.rsplit('.').next().unwrap_or(full);
    let Some((file, is_package)) = locate(&search, leaf) else {
        if let Some(source) = frozen_source(full) {
            return load_frozen_module(vm, full, source);
        }
        return Err(not_found(vm, full));
    };
    let m = load_source_module(vm, full, &file, is_package)?;
    if let Some(p) = parent {
        let _ = vm.set_attr(p, leaf, m.clone());
    }
    Ok(m)
}

fn sys_path(vm: &Vm) -> PyResult<Vec<String>> {
    let sys = vm
        .sys
        .borrow()
        .clone()
        .ok_or_else(|| vm.runtime_error("lost sys"))?;
    let path = vm.getattr(&Value::Obj(sys), "path")?;
    let mut out = Vec::new();
    for p in vm.iterate(&path)? {
        if let Some(s) = as_str(&p) {
            out.push(s.to_string());
        }
    }
    Ok(out)
}

/// Finds `name` in the search path: a package's `__init__.py` or a module;
/// failing those anywhere on the path, a namespace package (a directory
/// without `__init__.py`), which as in CPython never hides a module found
/// later on the path.
fn locate(search: &[String], name: &str) -> Option<(PathBuf, bool)> {
    let mut namespace = None;
    for dir in search {
        let base = if dir.is_empty() {
            Path::new(".").to_path_buf()
        } else {
            PathBuf::from(dir)
        };
        let pkg = base.join(name);
        let init = pkg.join("__init__.py");
        if init.is_file() {
            return Some((init, true));
        }
        let file = base.join(format!("{name}.py"));
        if file.is_file() {
            return Some((file, false));
        }
        if namespace.is_none() && pkg.is_dir() && !name.contains('-') {
            namespace = Some((pkg, true));
        }
    }
    namespace
}

thread_local! {
    static SPEC_TYPE: std::cell::RefCell<Option<ObjRef>> = const { std::cell::RefCell::new(None) };
}

/// A `ModuleSpec`-like object for `__spec__`.
fn new_spec(vm: &Vm, name: &str, origin: Option<&str>, search: Option<Value>) -> PyResult<Value> {
    let ty = match SPEC_TYPE.with(|t| t.borrow().clone()) {
        Some(t) => t,
        None => {
            let ns = dict::new_dict(&vm.types);
            dict::set_item(
                vm,
                &ns,
                vm.name("__module__"),
                vm.new_str("importlib._bootstrap"),
            )?;
            let t = crate::types::typeobj::new_class(
                vm,
                &vm.types.type_,
                "ModuleSpec",
                Vec::new(),
                &ns,
                Args::positional(&[]),
            )?;
            SPEC_TYPE.with(|s| *s.borrow_mut() = Some(t.clone()));
            t
        }
    };
    let spec = Value::Obj(crate::types::instance::new_instance(&ty));
    let parent = if search.is_some() {
        name.to_string()
    } else {
        name.rsplit_once('.')
            .map_or(String::new(), |(a, _)| a.to_string())
    };
    for (k, v) in [
        ("name", vm.new_str(name)),
        ("origin", origin.map_or(Value::None, |o| vm.new_str(o))),
        ("parent", vm.new_str(&parent)),
        ("submodule_search_locations", search.unwrap_or(Value::None)),
        ("loader", Value::None),
        ("cached", Value::None),
        ("has_location", Value::Bool(origin.is_some())),
    ] {
        vm.set_attr(&spec, k, v)?;
    }
    Ok(spec)
}

fn load_source_module(vm: &Vm, name: &str, file: &Path, is_package: bool) -> PyResult<Value> {
    let m = module::new_module(vm, name);
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v);
    let path_str = file.display().to_string();
    let is_namespace = file.is_dir();
    let package = if is_package {
        name.to_string()
    } else {
        name.rsplit_once('.')
            .map_or(String::new(), |(a, _)| a.to_string())
    };
    set("__package__", vm.new_str(&package))?;
    let search = if is_package {
        let dir = if is_namespace {
            file.to_path_buf()
        } else {
            file.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        Some(list::new_list(
            vm,
            vec![vm.new_str(&dir.display().to_string())],
        ))
    } else {
        None
    };
    if let Some(s) = &search {
        set("__path__", s.clone())?;
    }
    set(
        "__spec__",
        new_spec(
            vm,
            name,
            (!is_namespace).then_some(path_str.as_str()),
            search,
        )?,
    )?;
    set("__builtins__", Value::Obj(vm.builtins.clone()))?;
    let mv = Value::Obj(m.clone());
    dict::set_item(vm, &vm.modules, vm.new_str(name), mv.clone())?;
    if is_namespace {
        set("__file__", Value::None)?;
        return Ok(mv);
    }
    set("__file__", vm.new_str(&path_str))?;
    let source = std::fs::read(file).map_err(|e| vm.os_error(&e, Some(&path_str)));
    exec_module(vm, name, mv, source, &path_str)
}

/// Modules Pyrite carries in the binary, Pyrite's own code: found only
/// when no file on `sys.path` has the name (so CPython's library, when on
/// the path, wins).
const FROZEN: &[(&str, &str)] = &[
    ("__future__", include_str!("../../../stdlib/__future__.py")),
    ("itertools", include_str!("../../../stdlib/itertools.py")),
    (
        "_collections",
        include_str!("../../../stdlib/_collections.py"),
    ),
    ("_io", include_str!("../../../stdlib/_io.py")),
];

fn frozen_source(name: &str) -> Option<&'static str> {
    FROZEN.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

fn load_frozen_module(vm: &Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = module::new_module(vm, name);
    let d = module::module_dict(&m);
    let set = |k: &str, v: Value| dict::set_item(vm, &d, vm.name(k), v);
    set("__package__", vm.new_str(""))?;
    set("__spec__", new_spec(vm, name, None, None)?)?;
    set("__builtins__", Value::Obj(vm.builtins.clone()))?;
    let mv = Value::Obj(m.clone());
    dict::set_item(vm, &vm.modules, vm.new_str(name), mv.clone())?;
    exec_module(
        vm,
        name,
        mv,
        Ok(source.as_bytes().to_vec()),
        &format!("<frozen {name}>"),
    )
}

/// Runs a module's source in the module (already in `sys.modules`, which
/// loses it again if the code fails).
fn exec_module(
    vm: &Vm,
    name: &str,
    module: Value,
    source: PyResult<Vec<u8>>,
    filename: &str,
) -> PyResult<Value> {
    let d = module::module_dict(module.as_obj().expect("a module object"));
    let result = source.and_then(|source| {
        let code = compile_source(vm, &source, filename, Mode::Exec)?;
        run_code(vm, code, &d, None)
    });
    if let Err(e) = result {
        dict::del_item(vm, &vm.modules, &vm.new_str(name))?;
        return Err(e);
    }
    // The module may have replaced itself in sys.modules.
    Ok(dict::get_str(vm, &vm.modules, &vm.new_str(name)).unwrap_or(module))
}

/// The absolute name of a (possibly relative) import from `globals`.
pub fn resolve_name(vm: &Vm, name: &str, globals: Option<&ObjRef>, level: i64) -> PyResult<String> {
    if level == 0 {
        if name.is_empty() {
            return Err(vm.value_error("Empty module name"));
        }
        return Ok(name.to_string());
    }
    let package = match globals {
        Some(g) => {
            let pkg = dict::get_str(vm, g, &vm.name("__package__")).filter(|p| !p.is_none());
            match pkg {
                Some(p) => Some(vm.str_string(&p)?),
                None => {
                    let modname = dict::get_str(vm, g, &vm.name("__name__"))
                        .map(|n| vm.str_string(&n))
                        .transpose()?;
                    let is_pkg = dict::get_str(vm, g, &vm.name("__path__")).is_some();
                    modname.map(|n| {
                        if is_pkg {
                            n
                        } else {
                            n.rsplit_once('.')
                                .map_or(String::new(), |(a, _)| a.to_string())
                        }
                    })
                }
            }
        }
        None => None,
    };
    let package = package.unwrap_or_default();
    if package.is_empty() {
        return Err(vm.new_exception(
            &vm.types.exc.import_error,
            "attempted relative import with no known parent package",
        ));
    }
    let parts: Vec<&str> = package.split('.').collect();
    if (level as usize) > parts.len() {
        return Err(vm.new_exception(
            &vm.types.exc.import_error,
            "attempted relative import beyond top-level package",
        ));
    }
    let base = parts[..parts.len() - (level as usize - 1)].join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{base}.{name}")
    })
}

/// `__import__(name, globals, locals, fromlist, level)`.
pub fn import_name(
    vm: &Vm,
    name: &str,
    globals: Option<&ObjRef>,
    fromlist: &Value,
    level: i64,
) -> PyResult<Value> {
    let full = resolve_name(vm, name, globals, level)?;
    let leaf = import_module(vm, &full)?;
    let has_from = !fromlist.is_none() && vm.truthy(fromlist)?;
    if has_from {
        if vm.getattr_opt(&leaf, "__path__")?.is_some() {
            for item in vm.iterate(fromlist)? {
                let Some(n) = as_str(&item) else { continue };
                if n == "*" {
                    if let Some(all) = vm.getattr_opt(&leaf, "__all__")? {
                        for a in vm.iterate(&all)? {
                            if let Some(an) = as_str(&a) {
                                import_submodule_quietly(vm, &leaf, &full, an)?;
                            }
                        }
                    }
                    continue;
                }
                import_submodule_quietly(vm, &leaf, &full, n)?;
            }
        }
        return Ok(leaf);
    }
    if level == 0 {
        let top = name.split('.').next().unwrap_or(name);
        return find_module(vm, top)
            .map(Value::Obj)
            .ok_or_else(|| not_found(vm, top));
    }
    // `from . import x` style without a fromlist returns the top package of
    // the relative name.
    let cut = full.len() - name.len();
    let top = match name.split('.').next() {
        Some(first) if !name.is_empty() => format!("{}{first}", &full[..cut]),
        _ => full.clone(),
    };
    find_module(vm, &top)
        .map(Value::Obj)
        .ok_or_else(|| not_found(vm, &top))
}

fn import_submodule_quietly(vm: &Vm, pkg: &Value, pkg_name: &str, name: &str) -> PyResult<()> {
    if vm.getattr_opt(pkg, name)?.is_some() {
        return Ok(());
    }
    let sub = format!("{pkg_name}.{name}");
    match import_module(vm, &sub) {
        Ok(_) => Ok(()),
        Err(e) if e.matches(vm, &vm.types.exc.module_not_found_error) => {
            let missing = vm.getattr_opt(&Value::Obj(e.value().clone()), "name")?;
            if missing.as_ref().and_then(as_str) == Some(sub.as_str()) {
                Ok(())
            } else {
                Err(e)
            }
        }
        Err(e) => Err(e),
    }
}

/// `IMPORT_FROM`: `from module import name`.
pub fn import_from(vm: &Vm, module: &Value, name: &ObjRef) -> PyResult<Value> {
    let n = crate::attr::as_str_obj(name).to_string();
    match vm.getattr_obj(module, name) {
        Ok(v) => return Ok(v),
        Err(e) if !e.matches(vm, &vm.types.exc.attribute_error) => return Err(e),
        Err(_) => {}
    }
    let pkg_name = vm
        .getattr_opt(module, "__name__")?
        .and_then(|n| as_str(&n).map(str::to_string));
    if let Some(p) = &pkg_name
        && let Some(m) = find_module(vm, &format!("{p}.{n}"))
    {
        return Ok(Value::Obj(m));
    }
    let pname = pkg_name
        .clone()
        .unwrap_or_else(|| "<unknown module name>".to_string());
    let file = vm
        .getattr_opt(module, "__file__")?
        .filter(|f| !f.is_none())
        .map(|f| vm.str_string(&f))
        .transpose()?;
    let initializing = vm
        .getattr_opt(module, "__spec__")?
        .filter(|s| !s.is_none())
        .and_then(|s| vm.getattr_opt(&s, "_initializing").ok().flatten())
        .is_some_and(|v| matches!(v, Value::Bool(true)));
    let msg = match (&file, initializing) {
        (Some(f), true) => format!(
            "cannot import name '{n}' from partially initialized module '{pname}' (most likely due to a circular import) ({f})"
        ),
        (Some(f), false) => format!("cannot import name '{n}' from '{pname}' ({f})"),
        (None, _) => format!("cannot import name '{n}' from '{pname}' (unknown location)"),
    };
    let e = vm.new_exception(&vm.types.exc.import_error, msg);
    let ev = Value::Obj(e.value().clone());
    vm.set_attr(
        &ev,
        "name",
        pkg_name.map_or(Value::None, |p| vm.new_str(&p)),
    )?;
    vm.set_attr(&ev, "name_from", vm.new_str(&n))?;
    Err(e)
}

/// `from module import *` into `locals`.
pub fn import_star(vm: &Vm, module: &Value, locals: &Value) -> PyResult<()> {
    let names: Vec<Value> = match vm.getattr_opt(module, "__all__")? {
        Some(all) => vm.iterate(&all)?,
        None => {
            let d = vm.getattr(module, "__dict__")?;
            let keys = vm.iterate(&d)?;
            keys.into_iter()
                .filter(|k| as_str(k).is_some_and(|s| !s.starts_with('_')))
                .collect()
        }
    };
    for n in names {
        let name = crate::attr::attr_name(vm, &n)?;
        let v = vm.getattr_obj(module, &name)?;
        vm.setitem(locals, n, v)?;
    }
    Ok(())
}

/// A fresh `__main__` module (not yet in `sys.modules`) and its dict,
/// with `__builtins__` set.
fn new_main_module(vm: &Vm) -> PyResult<(ObjRef, ObjRef)> {
    let m = module::new_module(vm, "__main__");
    let d = module::module_dict(&m);
    dict::set_item(
        vm,
        &d,
        vm.name("__builtins__"),
        Value::Obj(vm.builtins.clone()),
    )?;
    Ok((m, d))
}

/// Runs a script as `__main__`.
pub fn run_main(
    vm: &Vm,
    source: &[u8],
    filename: &str,
    file_attr: Option<&str>,
) -> PyResult<Value> {
    let (m, d) = new_main_module(vm)?;
    if let Some(f) = file_attr {
        dict::set_item(vm, &d, vm.name("__file__"), vm.new_str(f))?;
    }
    dict::set_item(vm, &d, vm.name("__cached__"), Value::None)?;
    dict::set_item(vm, &vm.modules, vm.name("__main__"), Value::Obj(m))?;
    let code = compile_source(vm, source, filename, Mode::Exec)?;
    run_code(vm, code, &d, None)
}

/// `python -m module`: finds the module's file and runs it as `__main__`.
pub fn run_module_as_main(vm: &Vm, name: &str) -> PyResult<Value> {
    let (parent, leaf) = match name.rsplit_once('.') {
        Some((p, l)) => (Some(import_module(vm, p)?), l.to_string()),
        None => (None, name.to_string()),
    };
    let search = match &parent {
        Some(p) => vm
            .iterate(&vm.getattr(p, "__path__")?)?
            .iter()
            .map(|s| vm.str_string(s))
            .collect::<PyResult<Vec<_>>>()?,
        None => sys_path(vm)?,
    };
    let Some((mut file, is_package)) = locate(&search, &leaf) else {
        return Err(vm.new_exception(
            &vm.types.exc.import_error,
            format!("No module named {name}"),
        ));
    };
    // `-m pkg` runs `pkg.__main__`, inside the package.
    let run_name = if is_package {
        format!("{name}.__main__")
    } else {
        name.to_string()
    };
    if is_package {
        import_module(vm, name)?;
        file = file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("__main__.py");
        if !file.is_file() {
            return Err(vm.new_exception(&vm.types.exc.import_error, format!("No module named {name}.__main__; '{name}' is a package and cannot be directly executed")));
        }
    }
    let path = file.display().to_string();
    let source = std::fs::read(&file).map_err(|e| vm.os_error(&e, Some(&path)))?;
    let (m, d) = new_main_module(vm)?;
    dict::set_item(vm, &d, vm.name("__file__"), vm.new_str(&path))?;
    let pkg = run_name
        .rsplit_once('.')
        .map_or(String::new(), |(p, _)| p.to_string());
    dict::set_item(vm, &d, vm.name("__package__"), vm.new_str(&pkg))?;
    dict::set_item(
        vm,
        &d,
        vm.name("__spec__"),
        new_spec(vm, &run_name, Some(&path), None)?,
    )?;
    // As runpy does, argv[0] becomes the module's file.
    if let Some(sys) = vm.sys.borrow().clone() {
        let argv = vm.getattr(&Value::Obj(sys), "argv")?;
        vm.setitem(&argv, Value::Int(0), vm.new_str(&path))?;
    }
    dict::set_item(vm, &vm.modules, vm.name("__main__"), Value::Obj(m))?;
    let code = compile_source(vm, &source, &path, Mode::Exec)?;
    run_code(vm, code, &d, None)
}

/// Interpreter shutdown's module clearing for `__main__` (so `__del__` of
/// objects held by globals runs, as CPython runs it at exit): names starting
/// with one underscore are set to `None` first, then the others, keeping
/// `__builtins__`.
pub fn clear_main(vm: &Vm) {
    let Some(m) = find_module(vm, "__main__") else {
        return;
    };
    let d = module::module_dict(&m);
    for underscore_pass in [true, false] {
        for (k, _) in dict::items(&d) {
            let Some(name) = as_str(&k) else { continue };
            let private = name.starts_with('_') && !name.starts_with("__");
            if name == "__builtins__" || private != underscore_pass {
                continue;
            }
            let _ = dict::set_item(vm, &d, k.clone(), Value::None);
        }
    }
}
