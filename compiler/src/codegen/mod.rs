//! Code generation: the AST to CPython 3.14 bytecode.
//!
//! Each code unit (module, class body, function, lambda, generator expression,
//! annotation function) is emitted into basic blocks of instructions, which may
//! be pseudo-instructions (`JUMP`, `SETUP_FINALLY`, `POP_BLOCK`,
//! `LOAD_CLOSURE`, ...). `flowgraph` then optimizes the blocks the way CPython's
//! flowgraph does, resolves the pseudo-instructions (building the exception
//! table), and `assemble` lays out the code units, caches and tables.

mod assemble;
mod blocks;
mod call;
mod defs;
mod expr;
mod fastlocals;
mod flowgraph;
mod fold;
mod format;
mod pattern;
mod peephole;
mod stmt;

use crate::ast::{Mod, TextRange};
use crate::code::{CodeObject, ConstValue, flags as co};
use crate::error::SyntaxError;
use crate::future::FutureFeatures;
use crate::parser::Parsed;
use crate::symtable::{ScopeKind, SymbolScope, SymbolTable, mangle};
use crate::text::LineIndex;
use pyrite_bytecode::Opcode;
use std::collections::HashMap;
use std::rc::Rc;

/// Marks an oparg that counts from the end of the plain locals (see
/// [`Unit::deref_index`]).
pub(crate) const CELL_MARK: u32 = 1 << 28;

/// What compiling failed with.
pub type CResult<T = ()> = Result<T, SyntaxError>;

/// Index of a basic block in its unit.
pub(crate) type BlockId = usize;

/// An instruction before assembly: a real or pseudo opcode, its argument, the
/// block it jumps to (for jumps and handler set-ups) and its source location.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Instr {
    pub op: Opcode,
    pub arg: u32,
    pub target: Option<BlockId>,
    pub loc: Option<TextRange>,
}

/// A source location with its line resolved (lines decide where line-table
/// entries and NOPs go).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Loc {
    pub range: TextRange,
    pub line: u32,
    /// Whether the columns of `range` are meaningful (the generator
    /// prologue has a line but no columns).
    pub columns: bool,
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Block {
    pub instrs: Vec<Instr>,
    /// Placed in the layout (blocks are laid out in the order they are placed).
    pub placed: bool,
}

/// What kind of code a unit compiles.
#[expect(
    dead_code,
    reason = "annotation and type-parameter scopes are compiled next"
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
    Annotation,
    TypeParams,
    TypeAlias,
}

/// A frame block: an enclosing construct that `break`, `continue` and `return`
/// must unwind (CPython's `fblockinfo`).
#[derive(Clone, Debug)]
pub(crate) enum FrameBlock<'a> {
    WhileLoop { head: BlockId, exit: BlockId },
    ForLoop { head: BlockId, exit: BlockId },
    TryExcept,
    FinallyTry { body: &'a [crate::ast::Stmt] },
    FinallyEnd,
    With { is_async: bool, range: TextRange },
    HandlerCleanup { name: Option<String> },
    PopValue,
    ExceptionHandler,
    ExceptionGroupHandler,
    StopIteration,
}

/// One code object being compiled.
pub(crate) struct Unit<'a> {
    pub kind: UnitKind,
    pub scope: usize,
    pub name: String,
    pub qualname: String,
    pub blocks: Vec<Block>,
    /// Blocks in layout order.
    pub order: Vec<BlockId>,
    pub current: BlockId,
    pub consts: Vec<ConstValue>,
    const_index: HashMap<ConstValue, u32>,
    pub names: Vec<String>,
    name_index: HashMap<String, u32>,
    pub varnames: Vec<String>,
    varname_index: HashMap<String, u32>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub firstlineno: u32,
    pub flags: u32,
    /// The class whose private names are mangled.
    pub private: Option<String>,
    pub fblocks: Vec<FrameBlock<'a>>,
    /// The scopes of the inlined comprehensions being compiled, innermost
    /// last: names they bind hide the unit's own and are fast locals.
    pub comprehension_overlays: Vec<usize>,
    /// The current source location.
    pub loc: Option<TextRange>,
    /// Names of `__static_attributes__` (for class bodies): attributes
    /// assigned through `self` in methods.
    pub static_attributes: Vec<String>,
    /// Fast locals bound only inside inlined comprehensions (hidden from
    /// `locals()`).
    pub hidden: std::collections::HashSet<String>,
    /// Variable annotations of a module or class body, for its
    /// `__annotate__`, with their index in `__conditional_annotations__`.
    pub deferred_annotations: Vec<(&'a crate::ast::Stmt, Option<u32>)>,
    /// Depth of loops, conditionals, `try` and `with` around the code.
    pub in_conditional_block: u32,
    /// The next index in `__conditional_annotations__`.
    pub next_annotation_index: u32,
}

impl<'a> Unit<'a> {
    fn new(kind: UnitKind, scope: usize, name: &str, qualname: String, firstlineno: u32) -> Self {
        let mut unit = Unit {
            kind,
            scope,
            name: name.to_string(),
            qualname,
            blocks: Vec::new(),
            order: Vec::new(),
            current: 0,
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames: Vec::new(),
            varname_index: HashMap::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            firstlineno,
            flags: 0,
            private: None,
            fblocks: Vec::new(),
            comprehension_overlays: Vec::new(),
            loc: None,
            static_attributes: Vec::new(),
            hidden: std::collections::HashSet::new(),
            deferred_annotations: Vec::new(),
            in_conditional_block: 0,
            next_annotation_index: 0,
        };
        let entry = unit.new_block();
        unit.place(entry);
        unit
    }

    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block::default());
        self.blocks.len() - 1
    }

    /// Starts emitting into `block`, placing it next in the layout.
    pub fn place(&mut self, block: BlockId) {
        debug_assert!(!self.blocks[block].placed, "block placed twice");
        self.blocks[block].placed = true;
        self.order.push(block);
        self.current = block;
    }

    pub fn add_const(&mut self, value: ConstValue) -> u32 {
        if let Some(&i) = self.const_index.get(&value) {
            return i;
        }
        let i = self.consts.len() as u32;
        self.consts.push(value.clone());
        self.const_index.insert(value, i);
        i
    }

    pub fn add_name(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.name_index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.name_index.insert(name.to_string(), i);
        i
    }

    /// The fast-local index of a plain local, adding it on first use.
    pub fn varname(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.varname_index.get(name) {
            return i;
        }
        let i = self.varnames.len() as u32;
        self.varnames.push(name.to_string());
        self.varname_index.insert(name.to_string(), i);
        i
    }

    /// The index in the fast locals of a cell or free variable (CPython's
    /// `localsplus` layout: varnames, then cells that are not also
    /// parameters, then free variables). Locals may still be added while
    /// the unit compiles, so an index past the varnames is returned relative
    /// to them, marked with [`CELL_MARK`]; assembly adds the final count.
    pub fn deref_index(&self, name: &str) -> Option<u32> {
        if let Some(&i) = self.varname_index.get(name)
            && self.cellvars.iter().any(|c| c == name)
        {
            return Some(i);
        }
        // Marked with the cell's position among all cells (then the free
        // variables); assembly maps it once every local is known.
        if let Some(k) = self.cellvars.iter().position(|c| c == name) {
            return Some(CELL_MARK + k as u32);
        }
        self.freevars
            .iter()
            .position(|f| f == name)
            .map(|p| CELL_MARK + (self.cellvars.len() + p) as u32)
    }
}

/// Compiles a parsed module to its code object.
pub fn compile_module(parsed: &Parsed, filename: &str) -> CResult<Rc<CodeObject>> {
    let table = SymbolTable::build(&parsed.module, &parsed.line_index)?;
    let future = match &parsed.module {
        Mod::Module { body, .. } => crate::future::future_features(body)?,
        _ => FutureFeatures::default(),
    };
    let mut compiler = Compiler {
        table: &table,
        lines: &parsed.line_index,
        filename: Rc::from(filename),
        units: Vec::new(),
        future,
        interactive: matches!(parsed.module, Mod::Interactive { .. }),
        top_level_await: false,
    };
    compiler.module(&parsed.module)
}

/// Compiler state across the units of one module.
pub(crate) struct Compiler<'a> {
    pub table: &'a SymbolTable,
    pub lines: &'a LineIndex,
    pub filename: Rc<str>,
    pub units: Vec<Unit<'a>>,
    pub future: FutureFeatures,
    pub interactive: bool,
    /// `await` is allowed at the top level (`PyCF_ALLOW_TOP_LEVEL_AWAIT`).
    pub top_level_await: bool,
}

impl<'a> Compiler<'a> {
    fn module(&mut self, module: &'a Mod) -> CResult<Rc<CodeObject>> {
        self.enter_unit(UnitKind::Module, 0, "<module>", 1);
        self.unit().firstlineno = 1;
        match module {
            Mod::Module { body, .. } => self.module_body(body)?,
            Mod::Interactive { body } => {
                for s in body {
                    self.stmt(s)?;
                }
            }
            Mod::Expression { body } => {
                self.expr(body)?;
                self.emit(Opcode::RETURN_VALUE, 0);
                return self.exit_unit();
            }
            Mod::FunctionType { .. } => {}
        }
        self.return_none();
        self.exit_unit()
    }

    /// The unit being compiled.
    pub fn unit(&mut self) -> &mut Unit<'a> {
        self.units.last_mut().expect("inside a unit")
    }

    pub fn unit_ref(&self) -> &Unit<'a> {
        self.units.last().expect("inside a unit")
    }

    /// The 1-based line of an offset.
    pub fn line(&self, offset: u32) -> u32 {
        self.lines.line_col(offset).0
    }

    /// Opens a unit for the scope `scope` of the symbol table.
    pub fn enter_unit(&mut self, kind: UnitKind, scope: usize, name: &str, firstlineno: u32) {
        let qualname = self.qualname(kind, scope, name);
        let mut unit = Unit::new(kind, scope, name, qualname, firstlineno);
        let st = &self.table.scopes[scope];
        for param in &st.varnames {
            unit.varname(param);
        }
        let mut cells: Vec<String> = st
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == SymbolScope::Cell)
            .map(|(n, _)| n.clone())
            .collect();
        if matches!(kind, UnitKind::Module | UnitKind::Class) && st.has_conditional_annotations {
            // CPython gives these bodies a cell for the set, unused by a module.
            cells.push("__conditional_annotations__".into());
        }
        if kind == UnitKind::Class {
            if st.needs_class_closure {
                cells.push("__class__".into());
            }
            if st.needs_classdict {
                cells.push("__classdict__".into());
            }
        }
        cells.sort();
        unit.cellvars = cells;
        let mut free: Vec<String> = st
            .symbols
            .iter()
            .filter(|(_, s)| {
                s.scope == SymbolScope::Free
                    || (s.flags & crate::symtable::flags::DEF_FREE_CLASS != 0
                        && st.kind == ScopeKind::Class)
            })
            .map(|(n, _)| n.clone())
            .collect();
        free.sort();
        unit.freevars = free;
        unit.private = self.units.last().and_then(|u| u.private.clone());
        self.units.push(unit);
        self.emit_prologue(kind);
    }

    /// The prologue CPython inserts before a unit's code: `COPY_FREE_VARS`,
    /// `MAKE_CELL` for each cell (in fast-local order), the generator
    /// set-up, then `RESUME` at column 0 of the first line (line 0 for a
    /// module).
    fn emit_prologue(&mut self, kind: UnitKind) {
        let scope = self.unit_ref().scope;
        let st = &self.table.scopes[scope];
        let is_generator = st.generator || (st.coroutine && kind != UnitKind::Module);
        let nfree = self.unit_ref().freevars.len() as u32;
        if nfree > 0 {
            self.emit_at(Opcode::COPY_FREE_VARS, nfree, None);
        }
        let mut cells: Vec<u32> = self
            .unit_ref()
            .cellvars
            .iter()
            .map(|c| self.unit_ref().deref_index(c).expect("a cell has an index"))
            .collect();
        // Parameters that are cells come first, then the others in order.
        cells.sort_unstable();
        for i in cells {
            self.emit_at(Opcode::MAKE_CELL, i, None);
        }
        let line_start = self.lines.line_start(self.unit_ref().firstlineno);
        let first_line = line_start.map(TextRange::empty);
        if is_generator && kind != UnitKind::Module {
            // The flowgraph drops the columns of these two.
            self.emit_at(Opcode::RETURN_GENERATOR, 0, first_line);
            self.emit_at(Opcode::POP_TOP, 0, first_line);
        }
        let loc = if kind == UnitKind::Module {
            None
        } else {
            first_line
        };
        self.emit_at(Opcode::RESUME, 0, loc);
    }

    fn qualname(&self, kind: UnitKind, scope: usize, name: &str) -> String {
        if matches!(kind, UnitKind::Module) {
            return name.to_string();
        }
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        if parent.kind == UnitKind::Module {
            return name.to_string();
        }
        // A global declared name is not qualified by its enclosing function.
        let parent_scope = &self.table.scopes[parent.scope];
        let mangled = mangle(parent.private.as_deref(), name);
        if matches!(kind, UnitKind::Function | UnitKind::Class)
            && parent_scope.scope_of(&mangled) == SymbolScope::GlobalExplicit
        {
            return name.to_string();
        }
        let _ = scope;
        match parent.kind {
            UnitKind::Function
            | UnitKind::Lambda
            | UnitKind::Comprehension
            | UnitKind::Annotation => {
                format!("{}.<locals>.{}", parent.qualname, name)
            }
            UnitKind::TypeParams => {
                // The type-parameter scope is transparent to names.
                let outer = &self.units[self.units.len() - 2];
                if outer.kind == UnitKind::Module {
                    name.to_string()
                } else if matches!(outer.kind, UnitKind::Class) {
                    format!("{}.{}", outer.qualname, name)
                } else {
                    format!("{}.<locals>.{}", outer.qualname, name)
                }
            }
            _ => format!("{}.{}", parent.qualname, name),
        }
    }

    /// Finishes the current unit and assembles its code object.
    pub fn exit_unit(&mut self) -> CResult<Rc<CodeObject>> {
        let unit = self.units.pop().expect("inside a unit");
        let scope = &self.table.scopes[unit.scope];
        let mut flags = unit.flags;
        if self.future.annotations {
            flags |= co::CO_FUTURE_ANNOTATIONS;
        }
        if unit.kind != UnitKind::Module && unit.kind != UnitKind::Class {
            flags |= co::CO_OPTIMIZED | co::CO_NEWLOCALS;
            if scope.nested {
                flags |= co::CO_NESTED;
            }
            if scope.varargs {
                flags |= co::CO_VARARGS;
            }
            if scope.varkeywords {
                flags |= co::CO_VARKEYWORDS;
            }
            flags |= match (scope.generator, scope.coroutine) {
                (true, true) => co::CO_ASYNC_GENERATOR,
                (true, false) => co::CO_GENERATOR,
                (false, true) => co::CO_COROUTINE,
                (false, false) => 0,
            };
        }
        let code = assemble::assemble(self, unit, flags)?;
        Ok(Rc::new(code))
    }

    // ----- emission -----------------------------------------------------------

    /// Emits an instruction at the current location.
    pub fn emit(&mut self, op: Opcode, arg: u32) {
        let loc = self.unit_ref().loc;
        self.emit_at(op, arg, loc);
    }

    pub fn emit_at(&mut self, op: Opcode, arg: u32, loc: Option<TextRange>) {
        let unit = self.unit();
        let block = unit.current;
        unit.blocks[block].instrs.push(Instr {
            op,
            arg,
            target: None,
            loc,
        });
    }

    /// Emits a jump (or handler set-up) to `target`.
    pub fn emit_jump(&mut self, op: Opcode, target: BlockId) {
        let loc = self.unit_ref().loc;
        let unit = self.unit();
        let block = unit.current;
        unit.blocks[block].instrs.push(Instr {
            op,
            arg: 0,
            target: Some(target),
            loc,
        });
    }

    /// Emits a jump with an explicit location (`None` for an artificial one).
    pub fn emit_jump_at(&mut self, op: Opcode, target: BlockId, loc: Option<TextRange>) {
        let saved = std::mem::replace(&mut self.unit().loc, loc);
        self.emit_jump(op, target);
        self.unit().loc = saved;
    }

    pub fn new_block(&mut self) -> BlockId {
        self.unit().new_block()
    }

    pub fn place(&mut self, block: BlockId) {
        self.unit().place(block);
    }

    /// Sets the location of the instructions emitted next.
    pub fn set_loc(&mut self, range: TextRange) -> Option<TextRange> {
        self.unit().loc.replace(range)
    }

    pub fn load_const(&mut self, value: ConstValue) {
        let i = self.unit().add_const(value);
        self.emit(Opcode::LOAD_CONST, i);
    }

    /// The implicit `return None` at the end of a unit (no location).
    pub fn return_none(&mut self) {
        let i = self.unit().add_const(ConstValue::None);
        self.emit_at(Opcode::LOAD_CONST, i, None);
        self.emit_at(Opcode::RETURN_VALUE, 0, None);
    }

    /// Emits a pseudo-instruction that unwinds nothing but marks where a
    /// handler's range ends.
    pub fn pop_block(&mut self) {
        self.emit_at(Opcode::POP_BLOCK, 0, None);
    }

    // ----- names --------------------------------------------------------------

    /// The symbol scope of `name` in the current unit (mangled): a name an
    /// inlined comprehension binds has its scope there while it runs.
    pub fn scope_of(&self, name: &str) -> SymbolScope {
        self.comprehension_binding(name)
            .unwrap_or_else(|| self.table.scopes[self.unit_ref().scope].scope_of(name))
    }

    /// The scope of `name` in the innermost running inlined comprehension
    /// that binds it.
    fn comprehension_binding(&self, name: &str) -> Option<SymbolScope> {
        use crate::symtable::flags::{DEF_LOCAL, DEF_NONLOCAL};
        self.unit_ref()
            .comprehension_overlays
            .iter()
            .rev()
            .find_map(|&scope| {
                let sym = self.table.scopes[scope].lookup(name)?;
                (sym.flags & DEF_LOCAL != 0 && sym.flags & DEF_NONLOCAL == 0).then_some(sym.scope)
            })
    }

    /// Loads, stores or deletes a name, choosing the opcode from its scope.
    pub fn name_op(&mut self, name: &str, ctx: crate::ast::ExprContext) -> CResult {
        use crate::ast::ExprContext::*;
        let mangled = mangle(self.unit_ref().private.as_deref(), name);
        let scope = self.scope_of(&mangled);
        let kind = self.unit_ref().kind;
        let in_class_like = matches!(kind, UnitKind::Class) || !self.is_function_like_unit();
        enum Access {
            Fast,
            Deref,
            Global,
            Name,
        }
        let hidden_fast = self.comprehension_binding(&mangled).is_some();
        let access = match scope {
            SymbolScope::Local if hidden_fast => Access::Fast,
            SymbolScope::Free => Access::Deref,
            SymbolScope::Cell => Access::Deref,
            SymbolScope::Local => {
                if self.is_function_like_unit() {
                    Access::Fast
                } else {
                    Access::Name
                }
            }
            SymbolScope::GlobalImplicit => {
                if self.is_function_like_unit() {
                    Access::Global
                } else {
                    Access::Name
                }
            }
            SymbolScope::GlobalExplicit => Access::Global,
            SymbolScope::Unknown => {
                if in_class_like {
                    Access::Name
                } else {
                    Access::Global
                }
            }
        };
        match access {
            Access::Fast => {
                let i = self.unit().varname(&mangled);
                let op = match ctx {
                    Load => Opcode::LOAD_FAST,
                    Store => Opcode::STORE_FAST,
                    Del => Opcode::DELETE_FAST,
                };
                self.emit(op, i);
            }
            Access::Deref => {
                let i = self.unit_ref().deref_index(&mangled).ok_or_else(|| {
                    SyntaxError::syntax(format!("no cell for '{name}'"), TextRange::default())
                })?;
                match ctx {
                    Load if kind == UnitKind::Class => {
                        self.emit(Opcode::LOAD_LOCALS, 0);
                        self.emit(Opcode::LOAD_FROM_DICT_OR_DEREF, i);
                    }
                    Load if self.can_see_class_scope() => {
                        let dict = self.classdict_index();
                        self.emit(Opcode::LOAD_DEREF, dict);
                        self.emit(Opcode::LOAD_FROM_DICT_OR_DEREF, i);
                    }
                    Load => self.emit(Opcode::LOAD_DEREF, i),
                    Store => self.emit(Opcode::STORE_DEREF, i),
                    Del => self.emit(Opcode::DELETE_DEREF, i),
                }
            }
            Access::Global => {
                let i = self.unit().add_name(&mangled);
                match ctx {
                    Load if self.can_see_class_scope() => {
                        let dict = self.classdict_index();
                        self.emit(Opcode::LOAD_DEREF, dict);
                        self.emit(Opcode::LOAD_FROM_DICT_OR_GLOBALS, i);
                    }
                    Load => self.emit(Opcode::LOAD_GLOBAL, i << 1),
                    Store => self.emit(Opcode::STORE_GLOBAL, i),
                    Del => self.emit(Opcode::DELETE_GLOBAL, i),
                }
            }
            Access::Name => {
                let i = self.unit().add_name(&mangled);
                let op = match ctx {
                    Load => Opcode::LOAD_NAME,
                    Store => Opcode::STORE_NAME,
                    Del => Opcode::DELETE_NAME,
                };
                self.emit(op, i);
            }
        }
        Ok(())
    }

    fn is_function_like_unit(&self) -> bool {
        !matches!(self.unit_ref().kind, UnitKind::Module | UnitKind::Class)
    }

    fn can_see_class_scope(&self) -> bool {
        self.table.scopes[self.unit_ref().scope].can_see_class_scope
    }

    fn classdict_index(&self) -> u32 {
        self.unit_ref()
            .deref_index("__classdict__")
            .expect("scopes that see the class have __classdict__")
    }
}
