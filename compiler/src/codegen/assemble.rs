//! Assembly: a unit's optimized instructions become a code object — 16-bit
//! code units with `EXTENDED_ARG` prefixes and zeroed inline caches, jump
//! opargs relative to the end of the jumping instruction, the exception table
//! and the location table in CPython 3.11+'s formats.

use super::flowgraph::{LinearInstr, optimize_unit};
use super::{CELL_MARK, CResult, Compiler, Unit, UnitKind};
use crate::code::{CodeObject, local_kinds};
use crate::text::LineIndex;
use pyrite_bytecode::{JumpDirection, Opcode};

/// Builds the code object of a finished unit.
pub(crate) fn assemble(compiler: &Compiler, mut unit: Unit, flags: u32) -> CResult<CodeObject> {
    let nlocals = unit.varnames.len() as u32;
    resolve_cell_offsets(&mut unit, nlocals);
    let mut consts = std::mem::take(&mut unit.consts);
    let scope = &compiler.table.scopes[unit.scope];
    let nparams = scope.varnames.len();
    let (instrs, stacksize) = optimize_unit(&unit, compiler.lines, &mut consts, nparams)?;
    let layout = Layout::compute(&instrs);
    let code = layout.encode(&instrs);
    let exceptiontable = exception_table(&instrs, &layout);
    let first_resume = instrs.iter().position(|i| i.op == Opcode::RESUME);
    let positions: Vec<Option<Positions>> = instrs
        .iter()
        .enumerate()
        .map(|(i, instr)| {
            if unit.kind == UnitKind::Module && Some(i) == first_resume {
                // The module's RESUME sits "before" line 1, as in CPython.
                return Some(Positions {
                    line: 0,
                    end_line: 1,
                    col: Some(0),
                    end_col: Some(0),
                });
            }
            instr.loc.map(|loc| {
                if loc.columns {
                    Positions::of(compiler.lines, loc.range)
                } else {
                    Positions {
                        line: loc.line,
                        end_line: loc.line,
                        col: None,
                        end_col: None,
                    }
                }
            })
        })
        .collect();
    let linetable = location_table(&positions, &layout, unit.firstlineno);
    let (localsplusnames, localspluskinds) = localsplus(compiler, &unit);
    Ok(CodeObject {
        argcount: unit.argcount,
        posonlyargcount: unit.posonlyargcount,
        kwonlyargcount: unit.kwonlyargcount,
        flags,
        stacksize,
        code,
        consts,
        names: unit.names,
        localsplusnames,
        localspluskinds,
        filename: compiler.filename.clone(),
        name: unit.name,
        qualname: unit.qualname,
        firstlineno: unit.firstlineno,
        linetable,
        exceptiontable,
    })
}

/// Turns opargs marked with [`CELL_MARK`] into final fast-local indexes: a
/// cell that became a plain local too keeps its local slot; the others
/// follow the locals in order, then the free variables.
fn resolve_cell_offsets(unit: &mut Unit, nlocals: u32) {
    let mut slots = Vec::with_capacity(unit.cellvars.len() + unit.freevars.len());
    let mut next = nlocals;
    for cell in &unit.cellvars {
        match unit.varnames.iter().position(|v| v == cell) {
            Some(i) => slots.push(i as u32),
            None => {
                slots.push(next);
                next += 1;
            }
        }
    }
    for _ in &unit.freevars {
        slots.push(next);
        next += 1;
    }
    for block in &mut unit.blocks {
        for instr in &mut block.instrs {
            if instr.target.is_none() && instr.arg & CELL_MARK != 0 {
                instr.arg = slots[(instr.arg & !CELL_MARK) as usize];
            }
        }
    }
}

/// Names and kinds of the fast locals: parameters and locals, cells that are
/// not parameters, free variables.
fn localsplus(compiler: &Compiler, unit: &Unit) -> (Vec<String>, Vec<u8>) {
    use local_kinds::*;
    let scope = &compiler.table.scopes[unit.scope];
    let mut names = Vec::new();
    let mut kinds = Vec::new();
    let positional = unit.argcount as usize;
    let keyword_only = unit.kwonlyargcount as usize;
    let posonly = unit.posonlyargcount as usize;
    for (index, name) in unit.varnames.iter().enumerate() {
        let mut kind = CO_FAST_LOCAL;
        if index < posonly {
            kind |= CO_FAST_ARG_POS;
        } else if index < positional {
            kind |= CO_FAST_ARG_POS | CO_FAST_ARG_KW;
        } else if index < positional + keyword_only {
            kind |= CO_FAST_ARG_KW;
        } else {
            let mut extra = positional + keyword_only;
            if scope.varargs {
                if index == extra {
                    kind |= CO_FAST_ARG_VAR | CO_FAST_ARG_POS;
                }
                extra += 1;
            }
            if scope.varkeywords && index == extra {
                kind |= CO_FAST_ARG_VAR | CO_FAST_ARG_KW;
            }
        }
        if unit.cellvars.iter().any(|c| c == name) {
            kind |= CO_FAST_CELL;
        }
        if unit.hidden.contains(name) {
            kind |= CO_FAST_HIDDEN;
        }
        names.push(name.clone());
        kinds.push(kind);
    }
    for cell in &unit.cellvars {
        if !unit.varnames.contains(cell) {
            names.push(cell.clone());
            kinds.push(CO_FAST_CELL);
        }
    }
    for free in &unit.freevars {
        names.push(free.clone());
        kinds.push(CO_FAST_FREE);
    }
    (names, kinds)
}

/// Where each instruction starts, in code units, and its final oparg.
struct Layout {
    offsets: Vec<u32>,
    sizes: Vec<u32>,
    args: Vec<u32>,
}

/// Code units an oparg needs as `EXTENDED_ARG` prefixes.
fn extended_args(arg: u32) -> u32 {
    match arg {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        0x1_0000..=0xff_ffff => 2,
        _ => 3,
    }
}

impl Layout {
    /// Offsets and opargs, iterated until jump opargs (whose prefixes change
    /// offsets) are stable.
    fn compute(instrs: &[LinearInstr]) -> Layout {
        let mut layout = Layout {
            offsets: vec![0; instrs.len() + 1],
            sizes: vec![0; instrs.len()],
            args: instrs
                .iter()
                .map(|i| if i.target.is_some() { 0 } else { i.arg })
                .collect(),
        };
        loop {
            let mut offset = 0;
            for (i, instr) in instrs.iter().enumerate() {
                let size = 1 + extended_args(layout.args[i]) + u32::from(instr.op.cache_entries());
                layout.offsets[i] = offset;
                layout.sizes[i] = size;
                offset += size;
            }
            layout.offsets[instrs.len()] = offset;
            let mut changed = false;
            for (i, instr) in instrs.iter().enumerate() {
                let Some(target) = instr.target else { continue };
                let after = layout.offsets[i] + layout.sizes[i];
                let to = layout.offsets[target];
                let arg = match instr.op.jump_direction() {
                    Some(JumpDirection::Backward) => after.saturating_sub(to),
                    _ => to.saturating_sub(after),
                };
                if layout.args[i] != arg {
                    layout.args[i] = arg;
                    changed = true;
                }
            }
            if !changed {
                return layout;
            }
        }
    }

    /// The code units as bytes: opcode, oparg; caches are zero.
    fn encode(&self, instrs: &[LinearInstr]) -> Vec<u8> {
        let mut code = Vec::with_capacity(self.offsets[instrs.len()] as usize * 2);
        for (i, instr) in instrs.iter().enumerate() {
            let arg = self.args[i];
            let prefixes = extended_args(arg);
            for k in (1..=prefixes).rev() {
                code.push(Opcode::EXTENDED_ARG as u8);
                code.push((arg >> (8 * k)) as u8);
            }
            debug_assert!(
                !instr.op.is_pseudo(),
                "pseudo-op {} reached assembly",
                instr.op.name()
            );
            code.push(instr.op as u8);
            code.push(arg as u8);
            for _ in 0..instr.op.cache_entries() {
                code.extend_from_slice(&[0, 0]);
            }
        }
        code
    }
}

/// Writes `value` in 6-bit chunks, most significant first, bit 6 marking
/// that more follow (the exception table's varint).
fn push_exception_varint(out: &mut Vec<u8>, value: u32, first_of_entry: bool) {
    let start = out.len();
    let mut shift = 30;
    while shift > 0 && value >> shift == 0 {
        shift -= 6;
    }
    while shift > 0 {
        out.push(((value >> shift) & 0x3f) as u8 | 0x40);
        shift -= 6;
    }
    out.push((value & 0x3f) as u8);
    if first_of_entry {
        out[start] |= 0x80;
    }
}

/// The exception table: one entry per run of instructions sharing a handler.
fn exception_table(instrs: &[LinearInstr], layout: &Layout) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < instrs.len() {
        let Some(handler) = instrs[i].handler else {
            i += 1;
            continue;
        };
        let start = layout.offsets[i];
        let mut j = i + 1;
        while j < instrs.len() && instrs[j].handler == Some(handler) {
            j += 1;
        }
        let end = layout.offsets[j];
        push_exception_varint(&mut out, start, true);
        push_exception_varint(&mut out, end - start, false);
        push_exception_varint(&mut out, layout.offsets[handler.target], false);
        push_exception_varint(
            &mut out,
            (handler.depth << 1) | u32::from(handler.lasti),
            false,
        );
        i = j;
    }
    out
}

/// A source span as the location table records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Positions {
    line: u32,
    end_line: u32,
    col: Option<u32>,
    end_col: Option<u32>,
}

impl Positions {
    fn of(lines: &LineIndex, range: crate::text::TextRange) -> Positions {
        let (line, col) = lines.line_col(range.start);
        let (end_line, end_col) = lines.line_col(range.end);
        Positions {
            line,
            end_line,
            col: Some(col),
            end_col: Some(end_col),
        }
    }
}

/// Little-endian 6-bit chunks with bit 6 marking continuation.
fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x40 {
        out.push((value & 0x3f) as u8 | 0x40);
        value >>= 6;
    }
    out.push(value as u8);
}

fn push_svarint(out: &mut Vec<u8>, value: i64) {
    let zigzag = if value < 0 {
        ((-value as u32) << 1) | 1
    } else {
        (value as u32) << 1
    };
    push_varint(out, zigzag);
}

/// The location table (`co_linetable`): consecutive instructions with the
/// same position share an entry; an entry covers at most 8 code units.
fn location_table(positions: &[Option<Positions>], layout: &Layout, firstlineno: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous_line = i64::from(firstlineno);
    let mut i = 0;
    while i < positions.len() {
        let pos = positions[i];
        let mut units = 0;
        let mut j = i;
        while j < positions.len() && positions[j] == pos {
            units += layout.sizes[j];
            j += 1;
        }
        while units > 0 {
            let chunk = units.min(8);
            write_location(&mut out, pos, chunk, &mut previous_line);
            units -= chunk;
        }
        i = j;
    }
    out
}

fn write_location(out: &mut Vec<u8>, pos: Option<Positions>, units: u32, previous_line: &mut i64) {
    let header = |code: u8| 0x80 | (code << 3) | (units - 1) as u8;
    let Some(pos) = pos else {
        out.push(header(15));
        return;
    };
    let line_delta = i64::from(pos.line) - *previous_line;
    match (pos.col, pos.end_col) {
        (Some(col), Some(end_col)) if pos.end_line == pos.line => {
            if line_delta == 0 && col < 80 && end_col >= col && end_col - col < 16 {
                out.push(header((col / 8) as u8));
                out.push((((col % 8) << 4) | (end_col - col)) as u8);
                return;
            }
            if (0..3).contains(&line_delta) && col < 128 && end_col < 128 {
                out.push(header(10 + line_delta as u8));
                out.push(col as u8);
                out.push(end_col as u8);
                *previous_line = i64::from(pos.line);
                return;
            }
        }
        (None, _) | (_, None) if pos.end_line == pos.line => {
            out.push(header(13));
            push_svarint(out, line_delta);
            *previous_line = i64::from(pos.line);
            return;
        }
        _ => {}
    }
    out.push(header(14));
    push_svarint(out, line_delta);
    push_varint(out, pos.end_line - pos.line);
    push_varint(out, pos.col.map_or(0, |c| c + 1));
    push_varint(out, pos.end_col.map_or(0, |c| c + 1));
    *previous_line = i64::from(pos.line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_varints_are_big_endian_six_bit_chunks() {
        let mut out = Vec::new();
        push_exception_varint(&mut out, 5, true);
        push_exception_varint(&mut out, 100, false);
        assert_eq!(out, vec![0x85, 0x41, 0x24]);
    }

    #[test]
    fn module_resume_and_short_forms_match_cpython() {
        // compile("x=1\n", "m", "exec").co_linetable in CPython 3.14.
        let positions = [
            Some(Positions {
                line: 0,
                end_line: 1,
                col: Some(0),
                end_col: Some(0),
            }),
            Some(Positions {
                line: 1,
                end_line: 1,
                col: Some(2),
                end_col: Some(3),
            }),
            Some(Positions {
                line: 1,
                end_line: 1,
                col: Some(0),
                end_col: Some(1),
            }),
            Some(Positions {
                line: 1,
                end_line: 1,
                col: Some(0),
                end_col: Some(1),
            }),
            Some(Positions {
                line: 1,
                end_line: 1,
                col: Some(0),
                end_col: Some(1),
            }),
        ];
        let layout = Layout {
            offsets: vec![0, 1, 2, 3, 4, 5],
            sizes: vec![1, 1, 1, 1, 1],
            args: vec![0; 5],
        };
        let table = location_table(&positions, &layout, 1);
        assert_eq!(table, b"\xf0\x03\x01\x01\x01\xd8\x02\x03\x82\x01".to_vec());
    }
}
