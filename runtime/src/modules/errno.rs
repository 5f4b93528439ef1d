//! `errno`: the C library's error numbers by name, and `errorcode` from
//! number to name. The names come from `nix`'s table of this platform's
//! errnos; the aliases (a second name for one number) are added after, and
//! `errorcode` keeps the name CPython's table ends with for such numbers.

use crate::ObjRef;
use crate::types::{dict, module};
use crate::value::Value;
use crate::vm::Vm;
use nix::errno::Errno;

/// Second names of errnos: alias, name it stands for, whether
/// `errorcode` gives the alias for the number.
const ALIASES: &[(&str, Errno, bool)] = &[
    ("EWOULDBLOCK", Errno::EAGAIN, false),
    ("EDEADLOCK", Errno::EDEADLK, true),
    ("ENOTSUP", Errno::EOPNOTSUPP, true),
];

/// Errnos newer than `nix`'s table (Linux 6.17 added `EFTYPE`).
const NEWER: &[(i32, &str)] = &[(134, "EFTYPE")];

/// The platform's errnos: number and name.
pub fn names() -> impl Iterator<Item = (i32, String)> {
    let known = (1..256).filter_map(|n| {
        let e = Errno::from_raw(n);
        (e != Errno::UnknownErrno).then(|| (n, format!("{e:?}")))
    });
    known.chain(NEWER.iter().map(|(n, name)| (*n, name.to_string())))
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "errno");
    let d = module::module_dict(&m);
    let codes = dict::new_dict(&vm.types);
    let add = |name: &str, n: i32, in_codes: bool| {
        dict::set_item(vm, &d, vm.name(name), Value::Int(i64::from(n))).expect("str keys");
        if in_codes {
            dict::set_item(vm, &codes, Value::Int(i64::from(n)), vm.name(name)).expect("int keys");
        }
    };
    for (n, name) in names() {
        add(&name, n, true);
    }
    for (alias, errno, in_codes) in ALIASES {
        add(alias, *errno as i32, *in_codes);
    }
    dict::set_item(vm, &d, vm.name("errorcode"), Value::Obj(codes)).expect("str keys");
    m
}
