//! Symbol tables: which names each scope binds, and whether each name is local,
//! global, free or a cell — CPython 3.14's `symtable` semantics, including
//! PEP 709 inlined comprehensions, PEP 695 type-parameter scopes and PEP 649
//! annotation scopes.
//!
//! Built in two passes like CPython's: `builder` walks the tree recording what
//! each scope does with each name (the `DEF_*`/`USE` flags), then `analyze`
//! decides every name's scope from the innermost scope outwards.

mod analyze;
mod builder;

use crate::ast::{Mod, TextRange};
use crate::error::SyntaxError;
use crate::text::LineIndex;
use std::collections::HashMap;

/// Flags recording what a scope does with a name (CPython's values).
pub mod flags {
    /// Declared `global`.
    pub const DEF_GLOBAL: u32 = 1;
    /// Bound in the scope.
    pub const DEF_LOCAL: u32 = 2;
    /// A parameter.
    pub const DEF_PARAM: u32 = 4;
    /// Declared `nonlocal`.
    pub const DEF_NONLOCAL: u32 = 8;
    /// Used (read).
    pub const USE: u32 = 16;
    /// Free in a method and bound in the class.
    pub const DEF_FREE_CLASS: u32 = 64;
    /// Bound by an import.
    pub const DEF_IMPORT: u32 = 128;
    /// Annotated.
    pub const DEF_ANNOT: u32 = 256;
    /// A comprehension's iteration variable.
    pub const DEF_COMP_ITER: u32 = 512;
    /// A type parameter.
    pub const DEF_TYPE_PARAM: u32 = 1024;
    /// A cell of an inlined comprehension.
    pub const DEF_COMP_CELL: u32 = 2048;
    /// Any binding.
    pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;
    /// Where the scope sits in the packed flags `symtable` exposes.
    pub const SCOPE_OFFSET: u32 = 12;
}

/// Where a name lives at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolScope {
    /// Not decided (only during analysis).
    Unknown = 0,
    /// A local of the scope (a fast local in functions).
    Local = 1,
    /// Declared `global`.
    GlobalExplicit = 2,
    /// Not bound anywhere enclosing: a global or builtin.
    GlobalImplicit = 3,
    /// Bound in an enclosing function scope.
    Free = 4,
    /// Local here and used by a nested scope.
    Cell = 5,
}

/// What kind of code block a scope is (CPython's `_Py_block_ty`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    /// A function, lambda or comprehension.
    Function,
    /// A class body.
    Class,
    /// The module.
    Module,
    /// A PEP 649 annotation scope (`__annotate__`).
    Annotation,
    /// The lazily evaluated value of a `type` statement.
    TypeAlias,
    /// The scope holding PEP 695 type parameters.
    TypeParameters,
    /// The lazily evaluated bound, constraints or default of a type variable.
    TypeVariable,
}

impl ScopeKind {
    /// The name `symtable.SymbolTableType` uses.
    pub fn symtable_name(self) -> &'static str {
        match self {
            ScopeKind::Function => "FUNCTION",
            ScopeKind::Class => "CLASS",
            ScopeKind::Module => "MODULE",
            ScopeKind::Annotation => "ANNOTATION",
            ScopeKind::TypeAlias => "TYPE_ALIAS",
            ScopeKind::TypeParameters => "TYPE_PARAMETERS",
            ScopeKind::TypeVariable => "TYPE_VARIABLE",
        }
    }

    /// Whether this kind of scope has fast locals and closures like a function.
    pub fn is_function_like(self) -> bool {
        !matches!(self, ScopeKind::Class | ScopeKind::Module)
    }
}

/// Which comprehension a comprehension scope belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComprehensionKind {
    /// `[... for ...]`
    List,
    /// `{... for ...}`
    Set,
    /// `{k: v for ...}`
    Dict,
    /// `(... for ...)`
    Generator,
}

/// One name in a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The `DEF_*`/`USE` flags.
    pub flags: u32,
    /// Where the name lives.
    pub scope: SymbolScope,
}

/// One scope: a module, class, function, comprehension or a PEP 649/695 scope.
#[derive(Clone, Debug)]
pub struct Scope {
    /// What kind of block this is.
    pub kind: ScopeKind,
    /// The block's name (`top`, a function or class name, `lambda`,
    /// `listcomp`, `genexpr`, `__annotate__`, ...).
    pub name: String,
    /// The line the block starts on.
    pub lineno: u32,
    /// Names in order of first mention, with what the scope does with them.
    pub symbols: Vec<(String, Symbol)>,
    index: HashMap<String, usize>,
    /// Child scopes, in source order (inlined comprehensions removed).
    pub children: Vec<usize>,
    /// The enclosing scope.
    pub parent: Option<usize>,
    /// Parameters in order, then other locals as the compiler adds them.
    pub varnames: Vec<String>,
    /// Nested in a function-like scope.
    pub nested: bool,
    /// Has free variables.
    pub has_free: bool,
    /// A descendant has free variables.
    pub child_has_free: bool,
    /// Contains `yield`.
    pub generator: bool,
    /// An `async def` or contains `await` (in an async comprehension).
    pub coroutine: bool,
    /// Which comprehension, for comprehension scopes.
    pub comprehension: Option<ComprehensionKind>,
    /// The comprehension was inlined into its parent (PEP 709).
    pub inlined: bool,
    /// Has `*args`.
    pub varargs: bool,
    /// Has `**kwargs`.
    pub varkeywords: bool,
    /// A method uses `super()` or `__class__`: the class needs a `__class__` cell.
    pub needs_class_closure: bool,
    /// A child scope reads the class namespace: the class needs `__classdict__`.
    pub needs_classdict: bool,
    /// Has annotations inside conditional blocks (`__conditional_annotations__`).
    pub has_conditional_annotations: bool,
    /// An annotation or type-parameter scope inside a class, which may read
    /// the class namespace through `__classdict__`.
    pub can_see_class_scope: bool,
    /// The `__annotate__` scope of a module or class body's variable
    /// annotations, once one has been seen.
    pub annotation_block: Option<usize>,
    /// Where the scope's node sits in the source.
    pub range: TextRange,
}

impl Scope {
    fn new(
        kind: ScopeKind,
        name: &str,
        lineno: u32,
        parent: Option<usize>,
        range: TextRange,
    ) -> Self {
        Scope {
            kind,
            name: name.to_string(),
            lineno,
            symbols: Vec::new(),
            index: HashMap::new(),
            children: Vec::new(),
            parent,
            varnames: Vec::new(),
            nested: false,
            has_free: false,
            child_has_free: false,
            generator: false,
            coroutine: false,
            comprehension: None,
            inlined: false,
            varargs: false,
            varkeywords: false,
            needs_class_closure: false,
            needs_classdict: false,
            has_conditional_annotations: false,
            can_see_class_scope: false,
            annotation_block: None,
            range,
        }
    }

    /// What the scope does with `name`, if it mentions it.
    pub fn lookup(&self, name: &str) -> Option<Symbol> {
        self.index.get(name).map(|&i| self.symbols[i].1)
    }

    /// The scope of `name` here; names never mentioned are implicitly global.
    pub fn scope_of(&self, name: &str) -> SymbolScope {
        self.lookup(name).map_or(SymbolScope::Unknown, |s| s.scope)
    }

    fn flags_mut(&mut self, name: &str) -> &mut Symbol {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                self.symbols.push((
                    name.to_string(),
                    Symbol {
                        flags: 0,
                        scope: SymbolScope::Unknown,
                    },
                ));
                self.index.insert(name.to_string(), self.symbols.len() - 1);
                self.symbols.len() - 1
            }
        };
        &mut self.symbols[i].1
    }
}

/// The symbol tables of a module: every scope, and which tree node opened it.
#[derive(Clone, Debug)]
pub struct SymbolTable {
    /// All scopes; index 0 is the module.
    pub scopes: Vec<Scope>,
    /// Scope opened by a node, keyed by the node's address and a tag telling
    /// apart the several scopes one node can open (type parameters,
    /// annotations, the body).
    by_node: HashMap<(usize, u8), usize>,
}

/// Which of a node's scopes is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ScopeRole {
    /// The body of a function, class, lambda or comprehension; a type alias's value.
    Body = 0,
    /// The PEP 695 type-parameter scope around it.
    TypeParams = 1,
    /// The PEP 649 annotation scope of a function, or of a module or class body.
    Annotations = 2,
    /// The bound, constraints or default of a type variable.
    TypeVarBound = 3,
    /// The default of a type variable.
    TypeVarDefault = 4,
}

impl SymbolTable {
    /// Builds and analyzes the symbol tables of `module`.
    pub fn build(module: &Mod, lines: &LineIndex) -> Result<SymbolTable, SyntaxError> {
        let mut table = builder::Builder::run(module, lines)?;
        analyze::analyze(&mut table)?;
        Ok(table)
    }

    /// The scope `role` of the node at `node`.
    pub fn scope_for<T>(&self, node: &T, role: ScopeRole) -> Option<usize> {
        self.by_node
            .get(&(node as *const T as usize, role as u8))
            .copied()
    }

    /// Lists the scopes the way CPython's `symtable` module shows them (type,
    /// name, line, then each symbol's packed flags and scope), for comparison.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        self.describe_scope(0, 0, &mut out);
        out
    }

    fn describe_scope(&self, index: usize, depth: usize, out: &mut String) {
        use std::fmt::Write as _;
        let scope = &self.scopes[index];
        let pad = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{pad}{} {} {} nested={}",
            scope.kind.symtable_name(),
            scope.name,
            scope.lineno,
            if scope.nested { "True" } else { "False" }
        );
        for (name, sym) in &scope.symbols {
            let packed = sym.flags | ((sym.scope as u32) << flags::SCOPE_OFFSET);
            let _ = writeln!(
                out,
                "{pad}  {name}: flags={packed:#x} scope={}",
                sym.scope as u32
            );
        }
        for &child in &scope.children {
            self.describe_scope(child, depth + 1, out);
        }
    }
}

/// CPython's private name mangling: `__spam` inside class `Ham` becomes
/// `_Ham__spam` (not dunder names, not dotted names, not in classes whose name
/// is all underscores).
pub fn mangle(class_name: Option<&str>, name: &str) -> String {
    let Some(class_name) = class_name else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}
