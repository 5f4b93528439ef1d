//! `ast.dump(tree, include_attributes=...)` with CPython 3.14's defaults
//! (`annotate_fields=True`, `indent=None`, `show_empty=False`).

use super::{Constant, Identifier};
use crate::text::{LineIndex, TextRange, repr_str};

/// Writes nodes in `ast.dump`'s one-line format.
pub struct DumpWriter<'a> {
    out: String,
    positions: Option<&'a LineIndex>,
    first_in_node: Vec<bool>,
}

/// A value that `ast.dump` can print.
pub trait Dump {
    /// Appends this value's dump.
    fn dump(&self, w: &mut DumpWriter);
}

/// Dumps `node`; with `positions` the node attributes (line and column) are
/// printed too, as `include_attributes=True` does.
pub fn dump(node: &impl Dump, positions: Option<&LineIndex>) -> String {
    let mut w = DumpWriter {
        out: String::with_capacity(4096),
        positions,
        first_in_node: Vec::with_capacity(32),
    };
    node.dump(&mut w);
    w.out
}

impl DumpWriter<'_> {
    fn separator(&mut self) {
        let first = self.first_in_node.last_mut().expect("field outside node");
        if !*first {
            self.out.push_str(", ");
        }
        *first = false;
    }

    /// Starts a node of class `name`.
    pub fn open(&mut self, name: &str) {
        self.out.push_str(name);
        self.out.push('(');
        self.first_in_node.push(true);
    }

    /// Writes `name=value` inside the open node.
    pub fn field(&mut self, name: &str, value: &(impl Dump + ?Sized)) {
        self.separator();
        self.out.push_str(name);
        self.out.push('=');
        value.dump(self);
    }

    /// Ends the open node, printing its position when attributes are wanted.
    pub fn close(&mut self, range: Option<TextRange>) {
        if let (Some(index), Some(range)) = (self.positions, range) {
            let (line, col) = index.line_col(range.start);
            let (end_line, end_col) = index.line_col(range.end);
            self.separator();
            self.out.push_str(&format!(
                "lineno={line}, col_offset={col}, end_lineno={end_line}, end_col_offset={end_col}"
            ));
        }
        self.first_in_node.pop();
        self.out.push(')');
    }

    /// Appends raw text.
    pub fn text(&mut self, s: &str) {
        self.out.push_str(s);
    }
}

impl<T: Dump + ?Sized> Dump for Box<T> {
    fn dump(&self, w: &mut DumpWriter) {
        // Boxes are where trees nest; grow the stack rather than overflow it.
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || (**self).dump(w))
    }
}

impl<T: Dump> Dump for Option<T> {
    fn dump(&self, w: &mut DumpWriter) {
        match self {
            Some(v) => v.dump(w),
            None => w.text("None"),
        }
    }
}

impl<T: Dump> Dump for Vec<T> {
    fn dump(&self, w: &mut DumpWriter) {
        w.text("[");
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                w.text(", ");
            }
            item.dump(w);
        }
        w.text("]");
    }
}

impl Dump for Identifier {
    fn dump(&self, w: &mut DumpWriter) {
        w.text(&repr_str(self));
    }
}

impl Dump for i32 {
    fn dump(&self, w: &mut DumpWriter) {
        w.text(&self.to_string());
    }
}

impl Dump for Constant {
    fn dump(&self, w: &mut DumpWriter) {
        w.text(&self.repr());
    }
}
