//! `_sha2` (and room for the other builtin hash modules): hash objects
//! with CPython's interface (`update`, `digest`, `hexdigest`, `copy`,
//! `name`, `digest_size`, `block_size`) over the RustCrypto
//! implementations, one table entry per algorithm.

use crate::ObjRef;
use crate::call::{Args, NativeFn};
use crate::error::PyResult;
use crate::modules::{add_functions, new_type, state};
use crate::types::builtin::add_methods;
use crate::types::bytes::{bytes_like, new_bytes};
use crate::types::descriptor::add_getsets;
use crate::types::module;
use crate::types::native::{native, new_native};
use crate::types::str::str_data;
use crate::value::Value;
use crate::vm::Vm;
use sha2::digest::DynDigest;
use std::cell::RefCell;

/// An algorithm: its name, block size and how to start one.
struct Algorithm {
    name: &'static str,
    block_size: i64,
    start: fn() -> Box<dyn DynDigest>,
}

/// The algorithms of `_sha2`.
const SHA2: &[Algorithm] = &[
    Algorithm {
        name: "sha224",
        block_size: 64,
        start: || Box::new(sha2::Sha224::default()),
    },
    Algorithm {
        name: "sha256",
        block_size: 64,
        start: || Box::new(sha2::Sha256::default()),
    },
    Algorithm {
        name: "sha384",
        block_size: 128,
        start: || Box::new(sha2::Sha384::default()),
    },
    Algorithm {
        name: "sha512",
        block_size: 128,
        start: || Box::new(sha2::Sha512::default()),
    },
];

/// A hash in progress.
struct HashData {
    algorithm: &'static Algorithm,
    state: RefCell<Box<dyn DynDigest>>,
}

/// The hash object type of this interpreter.
struct HashType(ObjRef);

fn hash_type(vm: &Vm) -> std::rc::Rc<HashType> {
    state(vm, |vm| {
        let ty = new_type(vm, "_sha2", "HASH", 0);
        init_type(vm, &ty);
        HashType(ty)
    })
}

fn hash_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a HashData> {
    native::<HashData>(v).ok_or_else(|| vm.type_error("expected a hash object"))
}

/// The bytes to hash: bytes-like objects only.
fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if str_data(v).is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    bytes_like(vm, v).map_err(|_| {
        vm.type_error(format!(
            "object supporting the buffer API required, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn finish(h: &HashData) -> Vec<u8> {
    h.state.borrow().box_clone().finalize().to_vec()
}

fn init_type(vm: &Vm, ty: &ObjRef) {
    let methods: &[(&'static str, NativeFn)] = &[
        ("update", |vm, a| {
            let h = hash_of(vm, &a.pos[0])?;
            let [data] = a.shift().check(vm, "update", 1, 1)? else {
                unreachable!()
            };
            let bytes = data_arg(vm, data)?;
            h.state.borrow_mut().update(&bytes);
            Ok(Value::None)
        }),
        ("digest", |vm, a| {
            Ok(new_bytes(vm, finish(hash_of(vm, &a.pos[0])?)))
        }),
        ("hexdigest", |vm, a| {
            let d = finish(hash_of(vm, &a.pos[0])?);
            Ok(vm.new_str(&d.iter().map(|b| format!("{b:02x}")).collect::<String>()))
        }),
        ("copy", |vm, a| {
            let h = hash_of(vm, &a.pos[0])?;
            let state = h.state.borrow().box_clone();
            Ok(new_native(
                &hash_type(vm).0,
                HashData {
                    algorithm: h.algorithm,
                    state: RefCell::new(state),
                },
            ))
        }),
    ];
    add_methods(vm, ty, methods);
    add_getsets(
        vm,
        ty,
        &[
            (
                "name",
                |vm, v| Ok(vm.new_str(hash_of(vm, v)?.algorithm.name)),
                None,
            ),
            (
                "digest_size",
                |vm, v| {
                    Ok(Value::Int(
                        hash_of(vm, v)?.state.borrow().output_size() as i64
                    ))
                },
                None,
            ),
            (
                "block_size",
                |vm, v| Ok(Value::Int(hash_of(vm, v)?.algorithm.block_size)),
                None,
            ),
        ],
    );
}

/// `sha256(data=b'', *, usedforsecurity=True, string=None)` and friends.
fn construct(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, name, &["data", "usedforsecurity", "string"], 0, 0, 1)?;
    let algorithm = SHA2
        .iter()
        .find(|alg| alg.name == name)
        .expect("an algorithm of the table");
    let mut state = (algorithm.start)();
    let data = match (&a[0], &a[2]) {
        (Some(_), Some(_)) => {
            return Err(vm.type_error(
                "'data' and 'string' are mutually exclusive and support for 'string' keyword parameter is slated for removal in a future version.",
            ));
        }
        (Some(d), None) | (None, Some(d)) => Some(d),
        (None, None) => None,
    };
    if let Some(d) = data {
        state.update(&data_arg(vm, d)?);
    }
    Ok(new_native(
        &hash_type(vm).0,
        HashData {
            algorithm,
            state: RefCell::new(state),
        },
    ))
}

named_fns!(SHA2_FNS, construct, sha224, sha256, sha384, sha512);

/// Builds `_sha2`.
pub fn init_sha2(vm: &Vm) -> ObjRef {
    hash_type(vm);
    let m = module::new_module(vm, "_sha2");
    add_functions(vm, &m, "_sha2", SHA2_FNS);
    m
}
