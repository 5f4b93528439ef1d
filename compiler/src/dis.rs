//! A disassembler that prints code objects exactly as `python3.14 -m dis`
//! does, so that Pyrite's bytecode can be diffed against CPython's.

use crate::code::{CodeObject, ConstValue};
use pyrite_bytecode::{ArgKind, JumpDirection, Opcode};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;
const NO_LINENO: &str = "  --";

const COMPARE_OPS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];
/// `BINARY_OP`'s operators by oparg (shared with `_opcode.get_nb_ops`).
pub const BINARY_OPS: [&str; 27] = [
    "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=",
    "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=", "[]",
];
/// `CALL_INTRINSIC_1`'s functions by oparg.
pub const INTRINSIC_1: [&str; 12] = [
    "INTRINSIC_1_INVALID",
    "INTRINSIC_PRINT",
    "INTRINSIC_IMPORT_STAR",
    "INTRINSIC_STOPITERATION_ERROR",
    "INTRINSIC_ASYNC_GEN_WRAP",
    "INTRINSIC_UNARY_POSITIVE",
    "INTRINSIC_LIST_TO_TUPLE",
    "INTRINSIC_TYPEVAR",
    "INTRINSIC_PARAMSPEC",
    "INTRINSIC_TYPEVARTUPLE",
    "INTRINSIC_SUBSCRIPT_GENERIC",
    "INTRINSIC_TYPEALIAS",
];
/// `CALL_INTRINSIC_2`'s functions by oparg.
pub const INTRINSIC_2: [&str; 6] = [
    "INTRINSIC_2_INVALID",
    "INTRINSIC_PREP_RERAISE_STAR",
    "INTRINSIC_TYPEVAR_WITH_BOUND",
    "INTRINSIC_TYPEVAR_WITH_CONSTRAINTS",
    "INTRINSIC_SET_FUNCTION_TYPE_PARAMS",
    "INTRINSIC_SET_TYPEPARAM_DEFAULT",
];
const FUNCTION_ATTRIBUTES: [&str; 5] = [
    "defaults",
    "kwdefaults",
    "annotations",
    "closure",
    "annotate",
];
const COMMON_CONSTANTS: [&str; 5] = [
    "AssertionError",
    "NotImplementedError",
    "tuple",
    "<built-in function all>",
    "<built-in function any>",
];
/// `LOAD_SPECIAL`'s method names by oparg.
pub const SPECIAL_METHODS: [&str; 4] = ["__enter__", "__exit__", "__aenter__", "__aexit__"];

/// One decoded instruction.
struct Decoded {
    /// Offset in bytes.
    offset: u32,
    op: Opcode,
    /// The full oparg (with `EXTENDED_ARG` prefixes), if the opcode takes one.
    arg: Option<u32>,
}

fn decode(code: &CodeObject) -> Vec<Decoded> {
    let mut out = Vec::new();
    let mut extended = 0u32;
    let mut i = 0;
    while i + 1 < code.code.len() {
        let byte = code.code[i];
        let op = Opcode::from_byte(byte).unwrap_or(Opcode::CACHE);
        let arg = if op.has_arg() {
            let full = u32::from(code.code[i + 1]) | extended;
            extended = if op == Opcode::EXTENDED_ARG {
                full << 8
            } else {
                0
            };
            Some(full)
        } else {
            extended = 0;
            None
        };
        out.push(Decoded {
            offset: i as u32,
            op,
            arg,
        });
        i += 2 * (1 + usize::from(op.cache_entries()));
    }
    out
}

/// The byte offset a jump goes to.
fn jump_target(d: &Decoded) -> Option<u32> {
    let arg = d.arg?;
    let caches = u32::from(d.op.cache_entries());
    let after = d.offset + 2 + 2 * caches;
    match d.op.jump_direction()? {
        JumpDirection::Forward => Some(after + 2 * arg),
        JumpDirection::Backward => Some(after.wrapping_sub(2 * arg)),
    }
}

/// Disassembles `code` and the code objects among its constants, recursively.
pub fn disassemble_recursive(code: &CodeObject) -> String {
    let mut out = String::new();
    write_recursive(code, &mut out);
    out
}

fn write_recursive(code: &CodeObject, out: &mut String) {
    disassemble(code, out);
    for c in &code.consts {
        if let ConstValue::Code(inner) = c {
            out.push('\n');
            writeln!(out, "Disassembly of {}:", inner.repr()).unwrap();
            write_recursive(inner, out);
        }
    }
}

/// Disassembles one code object into `out`.
pub fn disassemble(code: &CodeObject, out: &mut String) {
    let instrs = decode(code);
    // Line starts: offsets (bytes) where the line changes.
    let mut line_starts: BTreeMap<u32, Option<u32>> = BTreeMap::new();
    let mut last: Option<Option<u32>> = None;
    for (unit, _, positions) in code.locations() {
        if last != Some(positions.line) {
            last = Some(positions.line);
            line_starts.insert(unit * 2, positions.line);
        }
    }
    let max_line = line_starts.values().flatten().max().copied();
    let lineno_width = match max_line {
        None => 0,
        Some(m) => {
            let width = 3.max(m.to_string().len());
            if width < NO_LINENO.len() && line_starts.values().any(Option::is_none) {
                NO_LINENO.len()
            } else {
                width
            }
        }
    };
    let entries = code.exception_entries();
    let mut label_offsets: Vec<u32> = instrs.iter().filter_map(jump_target).collect();
    for e in &entries {
        label_offsets.extend([e.start * 2, e.end * 2, e.target * 2]);
    }
    label_offsets.sort_unstable();
    label_offsets.dedup();
    let label_of = |offset: u32| label_offsets.binary_search(&offset).ok().map(|i| i + 1);
    let label_width = 4 + label_offsets.len().to_string().len();
    for d in &instrs {
        let starts_line = line_starts.get(&d.offset);
        if lineno_width > 0 && starts_line.is_some() && d.offset > 0 {
            out.push('\n');
        }
        let mut fields: Vec<String> = Vec::with_capacity(6);
        if lineno_width > 0 {
            fields.push(match starts_line {
                Some(Some(line)) => format!("{line:>lineno_width$}"),
                Some(None) => format!("{NO_LINENO:>lineno_width$}"),
                None => " ".repeat(lineno_width),
            });
        }
        match label_of(d.offset) {
            Some(l) => fields.push(format!("{:>label_width$}", format!("L{l}:"))),
            None => fields.push(" ".repeat(label_width)),
        }
        fields.push("   ".into());
        let name = d.op.name();
        fields.push(format!("{name:<OPNAME_WIDTH$}"));
        if let Some(arg) = d.arg {
            let excess = name.len().saturating_sub(OPNAME_WIDTH);
            let width = OPARG_WIDTH.saturating_sub(excess);
            fields.push(format!("{arg:>width$}"));
            let repr = arg_repr(code, d, arg, &label_of);
            if !repr.is_empty() {
                fields.push(format!("({repr})"));
            }
        }
        let line = fields.join(" ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if !entries.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &entries {
            let label = |units: u32| label_of(units * 2).unwrap_or(0);
            writeln!(
                out,
                "  L{} to L{} -> L{} [{}]{}",
                label(e.start),
                label(e.end),
                label(e.target),
                e.depth,
                if e.lasti { " lasti" } else { "" }
            )
            .unwrap();
        }
    }
}

fn local_name(code: &CodeObject, index: u32) -> String {
    code.localsplusnames
        .get(index as usize)
        .cloned()
        .unwrap_or_default()
}

fn name_at(code: &CodeObject, index: u32) -> String {
    code.names.get(index as usize).cloned().unwrap_or_default()
}

fn table_entry(table: &[&str], index: u32) -> String {
    table
        .get(index as usize)
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn arg_repr(
    code: &CodeObject,
    d: &Decoded,
    arg: u32,
    label_of: &dyn Fn(u32) -> Option<usize>,
) -> String {
    use Opcode::*;
    match d.op {
        LOAD_CONST => code
            .consts
            .get(arg as usize)
            .map(ConstValue::repr)
            .unwrap_or_default(),
        LOAD_GLOBAL => {
            let name = name_at(code, arg >> 1);
            if arg & 1 != 0 {
                format!("{name} + NULL")
            } else {
                name
            }
        }
        LOAD_ATTR => {
            let name = name_at(code, arg >> 1);
            if arg & 1 != 0 {
                format!("{name} + NULL|self")
            } else {
                name
            }
        }
        LOAD_SUPER_ATTR => {
            let name = name_at(code, arg >> 2);
            if arg & 1 != 0 {
                format!("{name} + NULL|self")
            } else {
                name
            }
        }
        LOAD_FAST_LOAD_FAST
        | LOAD_FAST_BORROW_LOAD_FAST_BORROW
        | STORE_FAST_LOAD_FAST
        | STORE_FAST_STORE_FAST => {
            format!(
                "{}, {}",
                local_name(code, arg >> 4),
                local_name(code, arg & 15)
            )
        }
        COMPARE_OP => {
            let op = table_entry(&COMPARE_OPS, arg >> 5);
            if arg & 16 != 0 {
                format!("bool({op})")
            } else {
                op
            }
        }
        CONVERT_VALUE => table_entry(&["", "str", "repr", "ascii"], arg),
        SET_FUNCTION_ATTRIBUTE => FUNCTION_ATTRIBUTES
            .iter()
            .enumerate()
            .filter(|(i, _)| arg & (1 << i) != 0)
            .map(|(_, s)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        BINARY_OP => table_entry(&BINARY_OPS, arg),
        CALL_INTRINSIC_1 => table_entry(&INTRINSIC_1, arg),
        CALL_INTRINSIC_2 => table_entry(&INTRINSIC_2, arg),
        LOAD_COMMON_CONSTANT => table_entry(&COMMON_CONSTANTS, arg),
        LOAD_SPECIAL => table_entry(&SPECIAL_METHODS, arg),
        IS_OP => (if arg != 0 { "is not" } else { "is" }).into(),
        CONTAINS_OP => (if arg != 0 { "not in" } else { "in" }).into(),
        MAKE_CELL | LOAD_DEREF | STORE_DEREF | DELETE_DEREF | LOAD_FROM_DICT_OR_DEREF => {
            local_name(code, arg)
        }
        op => match op.arg_kind() {
            ArgKind::Name => name_at(code, arg),
            ArgKind::Local | ArgKind::Free => local_name(code, arg),
            ArgKind::Jump => {
                let preposition = if op == END_ASYNC_FOR { "from" } else { "to" };
                match jump_target(d).and_then(label_of) {
                    Some(l) => format!("{preposition} L{l}"),
                    None => String::new(),
                }
            }
            _ => String::new(),
        },
    }
}
