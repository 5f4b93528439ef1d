//! Generates the `Opcode` enum and its metadata from `instructions.def`.

use std::fmt::Write as _;
use std::path::PathBuf;

/// One stack item of a signature: a name and, for arrays, a size expression.
#[derive(Clone)]
struct Item {
    size: Option<String>,
}

struct Inst {
    name: String,
    number: u16,
    pseudo: bool,
    cache: u8,
    inputs: Vec<Item>,
    outputs: Vec<Item>,
    jump_inputs: Option<Vec<Item>>,
    jump_outputs: Option<Vec<Item>>,
    flags: Vec<String>,
    /// For a specialized form: the generic instruction it stands in for.
    family: Option<String>,
}

fn parse_items(text: &str) -> Vec<Item> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| match item.split_once('[') {
            Some((_, size)) => Item {
                size: Some(size.trim_end_matches(']').to_string()),
            },
            None => Item { size: None },
        })
        .collect()
}

/// Splits `(a, b -- c)` at the start of `text`; returns inputs, outputs, rest.
fn parse_signature(text: &str) -> (Vec<Item>, Vec<Item>, &str) {
    let text = text.trim_start();
    assert!(text.starts_with('('), "signature expected in {text}");
    let close = text.find(')').expect("signature closes");
    let (inputs, outputs) = text[1..close].split_once("--").expect("signature has --");
    (
        parse_items(inputs),
        parse_items(outputs),
        &text[close + 1..],
    )
}

fn parse(text: &str) -> Vec<Inst> {
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (kind, rest) = line.split_once(' ').expect("kind and name");
        if kind == "spec" {
            out.push(parse_spec(rest, &out));
            continue;
        }
        let pseudo = match kind {
            "inst" => false,
            "pseudo" => true,
            other => panic!("unknown entry {other}"),
        };
        let (name, rest) = rest.split_once('=').expect("NAME = NUMBER");
        let rest = rest.trim_start();
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let mut rest = rest[digits.len()..].trim_start();
        let mut cache = 0;
        if let Some(after) = rest.strip_prefix("cache ") {
            let n: String = after.chars().take_while(char::is_ascii_digit).collect();
            cache = n.parse().expect("cache size");
            rest = &after[n.len()..];
        }
        let (inputs, outputs, mut rest) = parse_signature(rest);
        let (mut jump_inputs, mut jump_outputs) = (None, None);
        if let Some(after) = rest.trim_start().strip_prefix("jump ") {
            let (i, o, r) = parse_signature(after);
            jump_inputs = Some(i);
            jump_outputs = Some(o);
            rest = r;
        }
        out.push(Inst {
            name: name.trim().to_string(),
            number: digits.parse().expect("opcode number"),
            pseudo,
            cache,
            inputs,
            outputs,
            jump_inputs,
            jump_outputs,
            flags: rest.split_whitespace().map(str::to_string).collect(),
            family: None,
        });
    }
    out
}

/// `NAME = NUMBER of FAMILY [uops=...]`: a specialized form, with its
/// family's stack effect, caches and argument kind.
fn parse_spec(rest: &str, known: &[Inst]) -> Inst {
    let (name, rest) = rest.split_once('=').expect("NAME = NUMBER");
    let mut words = rest.split_whitespace();
    let number = words
        .next()
        .expect("number")
        .parse()
        .expect("opcode number");
    assert_eq!(
        words.next(),
        Some("of"),
        "spec {name}: `of FAMILY` expected"
    );
    let family_name = words.next().expect("family");
    let family = known
        .iter()
        .find(|i| i.name == family_name)
        .unwrap_or_else(|| panic!("spec {name}: unknown family {family_name}"));
    let mut flags: Vec<String> = family
        .flags
        .iter()
        .filter(|f| !f.starts_with("uops="))
        .cloned()
        .collect();
    flags.extend(words.map(str::to_string));
    Inst {
        name: name.trim().to_string(),
        number,
        pseudo: false,
        cache: family.cache,
        inputs: family.inputs.clone(),
        outputs: family.outputs.clone(),
        jump_inputs: family.jump_inputs.clone(),
        jump_outputs: family.jump_outputs.clone(),
        flags,
        family: Some(family.name.clone()),
    }
}

/// The Rust expression (in `i64`, over `oparg`) for how much the stack grows
/// when `inputs` are replaced by `outputs`.
fn effect(inputs: &[Item], outputs: &[Item]) -> String {
    let fixed = |items: &[Item]| items.iter().filter(|i| i.size.is_none()).count() as i64;
    let mut expr = (fixed(outputs) - fixed(inputs)).to_string();
    for (items, sign) in [(outputs, '+'), (inputs, '-')] {
        for size in items.iter().filter_map(|i| i.size.as_ref()) {
            expr.push_str(&format!(" {sign} ({size})"));
        }
    }
    expr
}

/// The Rust expression (in `i64`, over `oparg`) for how many stack items
/// `items` are.
fn count(items: &[Item]) -> String {
    let mut expr = items
        .iter()
        .filter(|i| i.size.is_none())
        .count()
        .to_string();
    for size in items.iter().filter_map(|i| i.size.as_ref()) {
        expr.push_str(&format!(" + ({size})"));
    }
    expr
}

fn main() {
    let spec = "instructions.def";
    println!("cargo::rerun-if-changed={spec}");
    let insts = parse(&std::fs::read_to_string(spec).expect("read instructions.def"));
    let mut g = String::from("// Generated by build.rs from instructions.def; do not edit.\n\n");

    g.push_str("/// An instruction of CPython 3.14's set, with its number; pseudo-instructions\n/// (256 and up) exist only inside the compiler.\n#[allow(non_camel_case_types)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[repr(u16)]\npub enum Opcode {\n");
    for i in &insts {
        writeln!(g, "    /// `{}`.\n    {} = {},", i.name, i.name, i.number).unwrap();
    }
    g.push_str("}\n\n");

    let arms = |f: &dyn Fn(&Inst) -> String| -> String {
        insts
            .iter()
            .map(|i| format!("            Opcode::{} => {},\n", i.name, f(i)))
            .collect()
    };
    g.push_str("impl Opcode {\n");
    writeln!(
        g,
        "    /// Every instruction, real and pseudo.\n    pub const ALL: &'static [Opcode] = &[{}];\n",
        insts.iter().map(|i| format!("Opcode::{}", i.name)).collect::<Vec<_>>().join(", ")
    )
    .unwrap();
    g.push_str("    /// The real instruction encoded as `byte`.\n    pub fn from_byte(byte: u8) -> Option<Opcode> {\n        match byte {\n");
    for i in insts.iter().filter(|i| !i.pseudo) {
        writeln!(g, "            {} => Some(Opcode::{}),", i.number, i.name).unwrap();
    }
    g.push_str("            _ => None,\n        }\n    }\n\n");
    // Decoding tables for the interpreter's hot loop.
    let mut by_byte = vec!["Opcode::RESERVED".to_string(); 256];
    let mut cache_by_byte = vec!["0".to_string(); 256];
    for i in insts.iter().filter(|i| !i.pseudo) {
        by_byte[i.number as usize] = format!("Opcode::{}", i.name);
        cache_by_byte[i.number as usize] = i.cache.to_string();
    }
    writeln!(g, "    /// The instruction of each byte (`RESERVED` for unused bytes).\n    pub const BY_BYTE: [Opcode; 256] = [{}];\n", by_byte.join(", ")).unwrap();
    writeln!(g, "    /// Inline cache units after the instruction of each byte.\n    pub const CACHE_BY_BYTE: [u8; 256] = [{}];\n", cache_by_byte.join(", ")).unwrap();
    g.push_str("    /// Decodes a byte for execution: the instruction and its cache size.\n    #[inline(always)]\n    pub fn decode(byte: u8) -> (Opcode, u8) {\n        (Opcode::BY_BYTE[byte as usize], Opcode::CACHE_BY_BYTE[byte as usize])\n    }\n\n");
    writeln!(g, "    /// The generic instruction a specialized form stands in for (itself\n    /// for the others): what the code means, and what a failed guard runs.\n    pub fn deopt(self) -> Opcode {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| format!("Opcode::{}", i.family.as_deref().unwrap_or(&i.name)))).unwrap();
    writeln!(g, "    /// Whether this is a specialized form (never emitted by the compiler).\n    pub fn is_specialized(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| i.family.is_some().to_string())).unwrap();
    writeln!(g, "    /// CPython's name for the instruction.\n    pub fn name(self) -> &'static str {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| format!("\"{}\"", i.name))).unwrap();
    writeln!(g, "    /// How many inline cache code units follow the instruction.\n    pub fn cache_entries(self) -> u8 {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| i.cache.to_string())).unwrap();
    writeln!(g, "    /// Whether the instruction exists only inside the compiler.\n    pub fn is_pseudo(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| i.pseudo.to_string())).unwrap();
    let flag = |i: &Inst, f: &str| i.flags.iter().any(|x| x == f);
    let kind = |i: &Inst| {
        let k = ["const", "name", "local", "free"]
            .iter()
            .find(|f| flag(i, f))
            .map(|f| match *f {
                "const" => "Const",
                "name" => "Name",
                "local" => "Local",
                _ => "Free",
            })
            .unwrap_or(
                if flag(i, "jump_forward") || flag(i, "jump_backward") || flag(i, "exc") {
                    "Jump"
                } else {
                    "Other"
                },
            );
        format!("ArgKind::{k}")
    };
    writeln!(g, "    /// What the oparg means.\n    pub fn arg_kind(self) -> ArgKind {{\n        match self {{\n{}        }}\n    }}\n", arms(&kind)).unwrap();
    let jump = |i: &Inst| {
        if flag(i, "jump_backward") {
            "Some(JumpDirection::Backward)".to_string()
        } else if flag(i, "jump_forward") || flag(i, "exc") {
            "Some(JumpDirection::Forward)".to_string()
        } else {
            "None".to_string()
        }
    };
    writeln!(g, "    /// The direction of the instruction's relative jump, if it has one.\n    pub fn jump_direction(self) -> Option<JumpDirection> {{\n        match self {{\n{}        }}\n    }}\n", arms(&jump)).unwrap();
    writeln!(g, "    /// Whether control never falls through to the next instruction.\n    pub fn terminates(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| flag(i, "terminates").to_string())).unwrap();
    writeln!(g, "    /// Whether the pseudo-instruction sets up an exception handler.\n    pub fn is_setup(self) -> bool {{\n        match self {{\n{}        }}\n    }}\n", arms(&|i| flag(i, "exc").to_string())).unwrap();
    let plain = |i: &Inst| effect(&i.inputs, &i.outputs);
    let jumped = |i: &Inst| match (&i.jump_inputs, &i.jump_outputs) {
        (Some(ins), Some(outs)) => effect(ins, outs),
        _ => plain(i),
    };
    let popped = |i: &Inst| count(&i.inputs);
    let pushed = |i: &Inst| count(&i.outputs);
    for (name, doc, arm) in [
        (
            "stack_inputs",
            "How many stack items the instruction consumes (falling through).",
            &popped as &dyn Fn(&Inst) -> String,
        ),
        (
            "stack_outputs",
            "How many stack items the instruction produces (falling through).",
            &pushed,
        ),
        (
            "stack_effect",
            "Net change of the stack depth when the instruction falls through.",
            &plain,
        ),
        (
            "stack_effect_on_jump",
            "Net change of the stack depth at the target when the instruction jumps\n    /// (or, for a handler set-up, when the handler runs).",
            &jumped,
        ),
    ] {
        writeln!(
            g,
            "    /// {doc}\n    pub fn {name}(self, oparg: u32) -> i32 {{\n        let oparg = i64::from(oparg);\n        let effect: i64 = match self {{\n{}        }};\n        effect as i32\n    }}\n",
            arms(arm)
        )
        .unwrap();
    }
    g.push_str("}\n\n");

    // Micro-ops: each real instruction is a sequence of them (`uops=a,b` in
    // the definition; by default one micro-op named after the instruction).
    let uops_of = |i: &Inst| -> Vec<String> {
        match i.flags.iter().find_map(|f| f.strip_prefix("uops=")) {
            Some(list) => list.split(',').map(str::to_string).collect(),
            None => vec![i.name.to_lowercase()],
        }
    };
    let real: Vec<&Inst> = insts.iter().filter(|i| !i.pseudo).collect();
    let mut all_uops: Vec<String> = Vec::new();
    for i in &real {
        for u in uops_of(i) {
            if !all_uops.contains(&u) {
                all_uops.push(u);
            }
        }
    }
    g.push_str("/// A micro-op: the unit the tiers share (tier 1 runs an instruction's\n/// micro-ops in order; tier 2 and the JIT work on traces of them).\n#[allow(non_camel_case_types)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Uop {\n");
    for u in &all_uops {
        writeln!(g, "    /// `{u}`.\n    {u},").unwrap();
    }
    g.push_str("}\n\nimpl Opcode {\n    /// The micro-ops the instruction is made of (empty for pseudo-instructions).\n    pub fn uops(self) -> &'static [Uop] {\n        match self {\n");
    for i in &insts {
        let list = if i.pseudo {
            String::new()
        } else {
            uops_of(i)
                .iter()
                .map(|u| format!("Uop::{u}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(g, "            Opcode::{} => &[{list}],", i.name).unwrap();
    }
    g.push_str("        }\n    }\n}\n\n");
    g.push_str("/// Expands `$m! { NAME = BYTE / CACHES => [uop, ...], ... }` over every real\n/// instruction: how the tiers derive their dispatch from this one definition.\n#[macro_export]\nmacro_rules! instruction_table {\n    ($m:ident) => {\n        $m! {\n");
    for i in &real {
        writeln!(
            g,
            "            {} = {} / {} => [{}],",
            i.name,
            i.number,
            i.cache,
            uops_of(i).join(", ")
        )
        .unwrap();
    }
    g.push_str("        }\n    };\n}\n");

    g.push_str("\n/// Expands `$m! { uop, ... }` over every distinct micro-op: how tier 2 maps\n/// a `Uop` of a trace to the one function that implements it.\n#[macro_export]\nmacro_rules! uop_list {\n    ($m:ident) => {\n        $m! {\n");
    for u in &all_uops {
        writeln!(g, "            {u},").unwrap();
    }
    g.push_str("        }\n    };\n}\n");

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("opcodes.rs");
    std::fs::write(out, g).expect("write opcodes.rs");
}
