//! `_opcode`: what `opcode` and `dis` ask about the instruction set,
//! answered from the one instruction table (`pyrite_bytecode::Opcode`).

use crate::ObjRef;
use crate::call::Args;
use crate::error::PyResult;
use crate::modules::add_functions;
use crate::types::{dict, list, module, tuple};
use crate::value::Value;
use crate::vm::Vm;
use pyrite_bytecode::{ArgKind, Opcode};
use pyrite_compiler::dis;

/// `BINARY_OP`'s operator names by oparg (their symbols are `dis`'s).
const NB_NAMES: [&str; 27] = [
    "NB_ADD",
    "NB_AND",
    "NB_FLOOR_DIVIDE",
    "NB_LSHIFT",
    "NB_MATRIX_MULTIPLY",
    "NB_MULTIPLY",
    "NB_REMAINDER",
    "NB_OR",
    "NB_POWER",
    "NB_RSHIFT",
    "NB_SUBTRACT",
    "NB_TRUE_DIVIDE",
    "NB_XOR",
    "NB_INPLACE_ADD",
    "NB_INPLACE_AND",
    "NB_INPLACE_FLOOR_DIVIDE",
    "NB_INPLACE_LSHIFT",
    "NB_INPLACE_MATRIX_MULTIPLY",
    "NB_INPLACE_MULTIPLY",
    "NB_INPLACE_REMAINDER",
    "NB_INPLACE_OR",
    "NB_INPLACE_POWER",
    "NB_INPLACE_RSHIFT",
    "NB_INPLACE_SUBTRACT",
    "NB_INPLACE_TRUE_DIVIDE",
    "NB_INPLACE_XOR",
    "NB_SUBSCR",
];

/// The instruction numbered `n`, real or pseudo.
fn opcode(n: i64) -> Option<Opcode> {
    match u8::try_from(n) {
        Ok(byte) => Opcode::from_byte(byte),
        Err(_) => Opcode::ALL
            .iter()
            .copied()
            .find(|op| op.is_pseudo() && *op as u16 as i64 == n),
    }
}

/// The generic (unspecialized) instruction numbered by argument 0, if any.
fn generic_arg(vm: &Vm, args: &Args<'_>, fname: &str) -> PyResult<Option<Opcode>> {
    let [n] = args.check(vm, fname, 1, 1)? else {
        unreachable!()
    };
    let n = vm.index_i64(n)?;
    Ok(opcode(n).filter(|op| !op.is_specialized()))
}

/// `has_arg`, `has_const`, ...: one property of the instruction table each.
fn has(vm: &Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
    let Some(op) = generic_arg(vm, &args, name)? else {
        return Ok(Value::Bool(false));
    };
    let yes = match name {
        "has_arg" => op.has_arg(),
        "has_const" => op.arg_kind() == ArgKind::Const,
        "has_name" => op.arg_kind() == ArgKind::Name,
        // Setting up a handler names a target but is not a jump.
        "has_jump" => op.arg_kind() == ArgKind::Jump && !op.is_setup(),
        // CPython 3.14 files LOAD_DEREF under locals: its cell lives in
        // the frame's locals array.
        "has_free" => op.arg_kind() == ArgKind::Free && op != Opcode::LOAD_DEREF,
        "has_local" => op.arg_kind() == ArgKind::Local || op == Opcode::LOAD_DEREF,
        "has_exc" => op.is_setup(),
        _ => unreachable!("listed below"),
    };
    Ok(Value::Bool(yes))
}

named_fns!(
    HAS, has, has_arg, has_const, has_name, has_jump, has_free, has_local, has_exc,
);

fn is_valid(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let [n] = args.check(vm, "is_valid", 1, 1)? else {
        unreachable!()
    };
    Ok(Value::Bool(opcode(vm.index_i64(n)?).is_some()))
}

fn stack_effect(vm: &Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.bind(vm, "stack_effect", &["opcode", "oparg", "jump"], 1, 2, 2)?;
    let n = vm.index_i64(a[0].as_ref().expect("required"))?;
    let invalid = || vm.value_error("invalid opcode or oparg");
    let op = opcode(n)
        .filter(|op| !op.is_specialized())
        .ok_or_else(invalid)?;
    let oparg = match &a[1] {
        Some(Value::None) | None => 0,
        Some(v) => u32::try_from(vm.index_i64(v)?).map_err(|_| invalid())?,
    };
    let jump = match &a[2] {
        Some(Value::None) | None => None,
        Some(v) => Some(vm.truthy(v)?),
    };
    let effect = match jump {
        Some(true) => op.stack_effect_on_jump(oparg),
        Some(false) => op.stack_effect(oparg),
        None => op.stack_effect(oparg).max(op.stack_effect_on_jump(oparg)),
    };
    Ok(Value::Int(i64::from(effect)))
}

fn strs(vm: &Vm, names: &[&str]) -> Value {
    list::new_list(vm, names.iter().map(|n| vm.new_str(n)).collect())
}

/// Builds the module.
pub fn init(vm: &Vm) -> ObjRef {
    let m = module::new_module(vm, "_opcode");
    add_functions(vm, &m, "_opcode", HAS);
    add_functions(
        vm,
        &m,
        "_opcode",
        &[
            ("is_valid", is_valid as crate::call::NativeFn),
            ("stack_effect", stack_effect),
            ("get_intrinsic1_descs", |vm, _| {
                Ok(strs(vm, &dis::INTRINSIC_1))
            }),
            ("get_intrinsic2_descs", |vm, _| {
                Ok(strs(vm, &dis::INTRINSIC_2))
            }),
            ("get_special_method_names", |vm, _| {
                Ok(strs(vm, &dis::SPECIAL_METHODS))
            }),
            ("get_nb_ops", |vm, _| {
                let pairs = NB_NAMES
                    .iter()
                    .zip(dis::BINARY_OPS)
                    .map(|(n, s)| tuple::new_tuple(vm, vec![vm.new_str(n), vm.new_str(s)]))
                    .collect();
                Ok(list::new_list(vm, pairs))
            }),
            // No executors are attached to code objects' bytecode here:
            // traces live beside the code, not in ENTER_EXECUTOR.
            ("get_executor", |vm, _| {
                Err(vm.runtime_error("no executor at this offset"))
            }),
            ("get_specialization_stats", |_, _| Ok(Value::None)),
        ],
    );
    let d = module::module_dict(&m);
    for name in ["ENABLE_SPECIALIZATION", "ENABLE_SPECIALIZATION_FT"] {
        dict::set_item(vm, &d, vm.name(name), Value::Int(1)).expect("str keys");
    }
    m
}
