//! The second pass: deciding each name's scope, from the module inwards, with
//! the sets of names bound and declared global in enclosing scopes, and the
//! free names reported back by nested scopes. Inlined comprehensions (PEP 709)
//! merge into their parent here.

use super::flags::*;
use super::{Scope, ScopeKind, SymbolScope, SymbolTable};
use crate::error::SyntaxError;
use std::collections::{HashMap, HashSet};

type Names = HashSet<String>;

/// Analyzes every scope of `table` in place.
pub(super) fn analyze(table: &mut SymbolTable) -> Result<(), SyntaxError> {
    let mut free = Names::new();
    let mut global = Names::new();
    let mut type_params = Names::new();
    let mut analyzer = Analyzer { table };
    analyzer.block(0, None, &mut free, &mut global, &mut type_params, None)
}

struct Analyzer<'a> {
    table: &'a mut SymbolTable,
}

fn error_at(scope: &Scope, msg: String) -> SyntaxError {
    SyntaxError::syntax(msg, scope.range)
}

impl Analyzer<'_> {
    /// Decides the scope of one name (CPython's `analyze_name`).
    #[allow(clippy::too_many_arguments)]
    fn name(
        &mut self,
        index: usize,
        scopes: &mut HashMap<String, SymbolScope>,
        name: &str,
        flags: u32,
        bound: Option<&mut Names>,
        local: &mut Names,
        free: &mut Names,
        global: &mut Names,
        type_params: &mut Names,
        class_entry: Option<usize>,
    ) -> Result<(), SyntaxError> {
        let scope = &self.table.scopes[index];
        if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return Err(error_at(
                    scope,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            scopes.insert(name.to_string(), SymbolScope::GlobalExplicit);
            global.insert(name.to_string());
            if let Some(bound) = bound {
                bound.remove(name);
            }
            return Ok(());
        }
        if flags & DEF_NONLOCAL != 0 {
            let Some(bound) = bound else {
                return Err(error_at(
                    scope,
                    "nonlocal declaration not allowed at module level".into(),
                ));
            };
            if !bound.contains(name) {
                return Err(error_at(
                    scope,
                    format!("no binding for nonlocal '{name}' found"),
                ));
            }
            if type_params.contains(name) {
                return Err(error_at(
                    scope,
                    format!("nonlocal binding not allowed for type parameter '{name}'"),
                ));
            }
            scopes.insert(name.to_string(), SymbolScope::Free);
            self.table.scopes[index].has_free = true;
            free.insert(name.to_string());
            return Ok(());
        }
        if flags & DEF_BOUND != 0 {
            scopes.insert(name.to_string(), SymbolScope::Local);
            local.insert(name.to_string());
            global.remove(name);
            if flags & DEF_TYPE_PARAM != 0 {
                type_params.insert(name.to_string());
            } else {
                type_params.remove(name);
            }
            return Ok(());
        }
        // A scope that can see its class's namespace resolves names the class
        // binds through the class dict at run time, as globals otherwise.
        if let Some(class) = class_entry
            && let Some(sym) = self.table.scopes[class].lookup(name)
        {
            if sym.flags & DEF_GLOBAL != 0 {
                scopes.insert(name.to_string(), SymbolScope::GlobalExplicit);
                return Ok(());
            }
            if sym.flags & DEF_BOUND != 0 && sym.flags & DEF_NONLOCAL == 0 {
                scopes.insert(name.to_string(), SymbolScope::GlobalImplicit);
                return Ok(());
            }
        }
        if bound.is_some_and(|b| b.contains(name)) {
            scopes.insert(name.to_string(), SymbolScope::Free);
            self.table.scopes[index].has_free = true;
            free.insert(name.to_string());
            return Ok(());
        }
        if !global.contains(name) && self.table.scopes[index].nested {
            self.table.scopes[index].has_free = true;
        }
        scopes.insert(name.to_string(), SymbolScope::GlobalImplicit);
        Ok(())
    }

    /// Analyzes one scope and its children (CPython's `analyze_block`); the
    /// free names of this scope and its children are added to `free`.
    fn block(
        &mut self,
        index: usize,
        mut bound: Option<&mut Names>,
        free: &mut Names,
        global: &mut Names,
        type_params: &mut Names,
        class_entry: Option<usize>,
    ) -> Result<(), SyntaxError> {
        let mut local = Names::new();
        let mut scopes: HashMap<String, SymbolScope> = HashMap::new();
        let mut new_global = Names::new();
        let mut new_free = Names::new();
        let mut new_bound = Names::new();
        let mut inlined_cells = Names::new();
        let kind = self.table.scopes[index].kind;

        // A class namespace is invisible to nested functions: what they see is
        // what the class saw.
        if kind == ScopeKind::Class {
            new_global.extend(global.iter().cloned());
            if let Some(b) = bound.as_deref() {
                new_bound.extend(b.iter().cloned());
            }
        }
        let symbols: Vec<(String, u32)> = self.table.scopes[index]
            .symbols
            .iter()
            .map(|(n, s)| (n.clone(), s.flags))
            .collect();
        for (name, flags) in &symbols {
            self.name(
                index,
                &mut scopes,
                name,
                *flags,
                bound.as_deref_mut(),
                &mut local,
                free,
                global,
                type_params,
                class_entry,
            )?;
        }
        if kind != ScopeKind::Class {
            if kind.is_function_like() {
                new_bound.extend(local.iter().cloned());
            }
            if let Some(b) = bound.as_deref() {
                new_bound.extend(b.iter().cloned());
            }
            new_global.extend(global.iter().cloned());
        } else {
            for special in ["__class__", "__classdict__", "__conditional_annotations__"] {
                new_bound.insert(special.to_string());
            }
        }

        let children = self.table.scopes[index].children.clone();
        let can_see_class = self.table.scopes[index].can_see_class_scope;
        let mut inlined = Vec::new();
        for &child in &children {
            let child_scope = &self.table.scopes[child];
            let inline =
                child_scope.comprehension.is_some() && !child_scope.generator && !can_see_class;
            let child_class_entry = if child_scope.can_see_class_scope {
                if kind == ScopeKind::Class {
                    Some(index)
                } else {
                    class_entry
                }
            } else {
                None
            };
            let mut child_bound = new_bound.clone();
            let mut child_free = new_free.clone();
            let mut child_global = new_global.clone();
            let mut child_type_params = type_params.clone();
            // Children always get a bound set (empty below the module), so that
            // `nonlocal` there finds no binding rather than "module level".
            self.block(
                child,
                Some(&mut child_bound),
                &mut child_free,
                &mut child_global,
                &mut child_type_params,
                child_class_entry,
            )?;
            if inline {
                self.inline_comprehension(
                    index,
                    child,
                    &mut scopes,
                    &mut child_free,
                    &mut inlined_cells,
                );
                self.table.scopes[child].inlined = true;
                inlined.push(child);
            }
            new_free.extend(child_free);
            let child_scope = &self.table.scopes[child];
            if child_scope.has_free || child_scope.child_has_free {
                self.table.scopes[index].child_has_free = true;
            }
        }
        // Inlined comprehensions hand their own children to this scope.
        if !inlined.is_empty() {
            let mut spliced = Vec::new();
            for &child in &children {
                if self.table.scopes[child].inlined {
                    spliced.extend(self.table.scopes[child].children.clone());
                } else {
                    spliced.push(child);
                }
            }
            self.table.scopes[index].children = spliced;
        }

        if kind.is_function_like() {
            analyze_cells(&mut scopes, &mut new_free, &inlined_cells);
        } else if kind == ScopeKind::Class {
            let scope = &mut self.table.scopes[index];
            if new_free.remove("__class__") {
                scope.needs_class_closure = true;
            }
            if new_free.remove("__classdict__") {
                scope.needs_classdict = true;
            }
            if new_free.remove("__conditional_annotations__") {
                scope.has_conditional_annotations = true;
            }
        }
        let class_flag = kind == ScopeKind::Class || can_see_class;
        update_symbols(
            &mut self.table.scopes[index],
            &scopes,
            bound.as_deref(),
            &new_free,
            &inlined_cells,
            class_flag,
        );
        free.extend(new_free);
        Ok(())
    }

    /// Merges an inlined comprehension's names into its parent
    /// (CPython's `inline_comprehension`).
    fn inline_comprehension(
        &mut self,
        parent: usize,
        comp: usize,
        scopes: &mut HashMap<String, SymbolScope>,
        comp_free: &mut Names,
        inlined_cells: &mut Names,
    ) {
        let comp_symbols = self.table.scopes[comp].symbols.clone();
        let parent_is_class = self.table.scopes[parent].kind == ScopeKind::Class;
        for (name, sym) in comp_symbols {
            if sym.flags & DEF_PARAM != 0 {
                continue; // the comprehension's `.0`
            }
            let mut scope = sym.scope;
            if scope == SymbolScope::Cell || sym.flags & DEF_COMP_CELL != 0 {
                inlined_cells.insert(name.clone());
            }
            if scope == SymbolScope::Free
                && parent_is_class
                && (name == "__class__" || name == "__classdict__")
            {
                scope = SymbolScope::GlobalImplicit;
                comp_free.remove(&name);
            }
            match self.table.scopes[parent].lookup(&name) {
                None => {
                    let entry = self.table.scopes[parent].flags_mut(&name);
                    entry.flags = sym.flags;
                    scopes.insert(name, scope);
                }
                Some(existing) => {
                    // A name the comprehension reads from the parent: the
                    // parent now does what the comprehension did with it.
                    if scope == SymbolScope::Free {
                        self.table.scopes[parent].flags_mut(&name).flags |= sym.flags & USE;
                    }
                    if existing.flags & DEF_BOUND != 0
                        && !parent_is_class
                        && !self.is_free_in_any_child(comp, &name)
                    {
                        comp_free.remove(&name);
                    }
                }
            }
        }
    }

    fn is_free_in_any_child(&self, scope: usize, name: &str) -> bool {
        self.table.scopes[scope]
            .children
            .iter()
            .any(|&child| self.table.scopes[child].scope_of(name) == SymbolScope::Free)
    }
}

/// Locals that nested scopes use become cells (CPython's `analyze_cells`).
fn analyze_cells(
    scopes: &mut HashMap<String, SymbolScope>,
    free: &mut Names,
    inlined_cells: &Names,
) {
    for (name, scope) in scopes.iter_mut() {
        if *scope != SymbolScope::Local {
            continue;
        }
        if !free.contains(name) && !inlined_cells.contains(name) {
            continue;
        }
        *scope = SymbolScope::Cell;
        free.remove(name);
    }
}

/// Records the decided scopes, and adds the free names of children that pass
/// through this scope (CPython's `update_symbols`).
fn update_symbols(
    scope: &mut Scope,
    scopes: &HashMap<String, SymbolScope>,
    bound: Option<&Names>,
    free: &Names,
    inlined_cells: &Names,
    class_flag: bool,
) {
    for (name, sym) in scope.symbols.iter_mut() {
        sym.scope = scopes.get(name).copied().unwrap_or(SymbolScope::Unknown);
        if inlined_cells.contains(name) {
            sym.flags |= DEF_COMP_CELL;
        }
    }
    let mut passing: Vec<&String> = free.iter().collect();
    passing.sort();
    for name in passing {
        if let Some(sym) = scope.lookup(name) {
            // A free variable of a method with the same name as a class-level
            // binding.
            if class_flag {
                scope.flags_mut(name).flags = sym.flags | DEF_FREE_CLASS;
            }
            continue;
        }
        if bound.is_some_and(|b| !b.contains(name)) {
            continue; // a global
        }
        let entry = scope.flags_mut(name);
        entry.scope = SymbolScope::Free;
    }
}
