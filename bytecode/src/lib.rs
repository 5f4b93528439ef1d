//! Pyrite's instruction set: CPython 3.14's opcodes, numbers, inline caches and
//! stack effects, generated from `instructions.def`.
//!
//! The bottom of the pipeline: the compiler emits these instructions and the
//! tiers execute them. Keeping CPython's numbering and encoding means code
//! objects read the same in `dis`, and specialization families line up.

/// The code generated from `instructions.def`.
#[allow(clippy::all)]
mod generated {
    use super::{ArgKind, JumpDirection};
    include!(concat!(env!("OUT_DIR"), "/opcodes.rs"));
}

pub use generated::{Opcode, Uop};

/// What an instruction's oparg refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// An index into `co_consts`.
    Const,
    /// An index into `co_names`.
    Name,
    /// An index into the fast locals.
    Local,
    /// An index into the cell and free variables.
    Free,
    /// A relative jump target.
    Jump,
    /// Anything else (a count, a flag set, an operator).
    Other,
}

/// Which way a relative jump goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JumpDirection {
    /// Forward, past the instruction's caches.
    Forward,
    /// Backward, from the instruction's caches.
    Backward,
}

/// Opcodes below this take no argument (CPython's `HAVE_ARGUMENT`).
pub const HAVE_ARGUMENT: u8 = 43;

impl Opcode {
    /// Whether the instruction takes an oparg (CPython's `hasarg`: the
    /// opcodes from `HAVE_ARGUMENT` on, except `WITH_EXCEPT_START`, which is
    /// numbered among them but takes none).
    pub fn has_arg(self) -> bool {
        if self.is_pseudo() {
            !matches!(self, Opcode::POP_BLOCK | Opcode::ANNOTATIONS_PLACEHOLDER)
        } else {
            self as u16 >= u16::from(HAVE_ARGUMENT) && self != Opcode::WITH_EXCEPT_START
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stack effects as CPython 3.14's `_opcode.stack_effect` reports them
    /// (falling through), for opargs 0 to 3.
    #[test]
    fn stack_effects_match_cpython() {
        let cases: &[(Opcode, [i32; 4])] = &[
            (Opcode::BINARY_OP, [-1, -1, -1, -1]),
            (Opcode::BUILD_MAP, [1, -1, -3, -5]),
            (Opcode::CALL, [-1, -2, -3, -4]),
            (Opcode::CALL_KW, [-2, -3, -4, -5]),
            (Opcode::LOAD_ATTR, [0, 1, 0, 1]),
            (Opcode::LOAD_GLOBAL, [1, 2, 1, 2]),
            (Opcode::LOAD_SUPER_ATTR, [-2, -1, -2, -1]),
            (Opcode::UNPACK_EX, [0, 1, 2, 3]),
            (Opcode::UNPACK_SEQUENCE, [-1, 0, 1, 2]),
            (Opcode::RAISE_VARARGS, [0, -1, -2, -3]),
            (Opcode::BUILD_INTERPOLATION, [-1, -2, -1, -2]),
            (Opcode::WITH_EXCEPT_START, [1, 1, 1, 1]),
            (Opcode::RERAISE, [-1, -1, -1, -1]),
        ];
        for &(op, want) in cases {
            let got: Vec<i32> = (0..4).map(|a| op.stack_effect(a)).collect();
            assert_eq!(got, want, "{}", op.name());
        }
        assert_eq!(Opcode::COPY.stack_effect(1), 1);
        // Degenerate opargs must not overflow.
        assert_eq!(Opcode::COPY.stack_effect(0), 1);
        assert_eq!(Opcode::SWAP.stack_effect(2), 0);
        assert_eq!(Opcode::SETUP_CLEANUP.stack_effect_on_jump(0), 2);
        assert_eq!(Opcode::SETUP_FINALLY.stack_effect(0), 0);
    }

    #[test]
    fn real_opcodes_round_trip_through_bytes() {
        for &op in Opcode::ALL.iter().filter(|op| !op.is_pseudo()) {
            assert_eq!(Opcode::from_byte(op as u16 as u8), Some(op));
        }
        assert_eq!(Opcode::LOAD_ATTR.cache_entries(), 9);
        assert!(Opcode::RESUME.has_arg());
        assert!(!Opcode::NOP.has_arg());
    }
}
