//! What an executor assumes beyond its guards: the dicts whose contents it
//! read at optimization time (a global or builtin promoted to a constant).
//! Any change to one of them (its version moves on every mutation)
//! invalidates the executor: it stops at the next instruction that could
//! have run other code, and tier 1 puts the loop's jump back.

use pyrite_runtime::ObjRef;
use pyrite_runtime::types::dict::DictData;
use std::cell::RefCell;

/// The dicts an executor depends on, with the versions it saw.
#[derive(Default)]
pub struct Deps {
    dicts: RefCell<Vec<(ObjRef, u64)>>,
}

impl Deps {
    /// Depends on `dict` as it is now.
    pub fn watch(&self, dict: &ObjRef) {
        let Some(d) = dict.downcast::<DictData>() else {
            return;
        };
        let mut dicts = self.dicts.borrow_mut();
        if !dicts.iter().any(|(o, _)| o.is(dict)) {
            dicts.push((dict.clone(), d.version.get()));
        }
    }

    /// Whether no dict changed since.
    pub fn hold(&self) -> bool {
        self.dicts.borrow().iter().all(|(o, v)| {
            o.downcast::<DictData>()
                .is_some_and(|d| d.version.get() == *v)
        })
    }

    /// Whether there is anything to depend on.
    pub fn is_empty(&self) -> bool {
        self.dicts.borrow().is_empty()
    }

    /// Each dict's version word and the value it must keep, for machine
    /// code (the dicts stay alive as long as this does).
    pub fn version_words(&self) -> Vec<(*const u64, u64)> {
        self.dicts
            .borrow()
            .iter()
            .filter_map(|(o, v)| {
                let d = o.downcast::<DictData>()?;
                Some((d.version.as_ptr().cast_const(), *v))
            })
            .collect()
    }
}
