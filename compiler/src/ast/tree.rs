//! Conversions between the syntax tree and another representation of it
//! (Python objects of `_ast`'s classes), derived from `ast.spec` by build.rs:
//! `ast.parse` builds objects with `ToTree`, `compile(tree)` reads them back
//! with `FromTree`. The other side only knows classes by their index in
//! `CLASSES` and leaves by kind.

use super::{Constant, Identifier, TextRange};

/// How a field holds its values (the spec's `?`, `*` and `?*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldArity {
    /// Exactly one value.
    One,
    /// A value or `None`.
    Optional,
    /// A list of values.
    List,
    /// A list whose entries may be `None`.
    OptionalList,
}

/// A field of a node class.
#[derive(Debug)]
pub struct FieldInfo {
    /// The field's Python name.
    pub name: &'static str,
    /// Its spec type: a class name, or `identifier`, `string`, `int`, `constant`.
    pub ty: &'static str,
    /// Whether it is optional or a list.
    pub arity: FieldArity,
}

/// A class of the `ast` module.
#[derive(Debug)]
pub struct ClassInfo {
    /// The class name.
    pub name: &'static str,
    /// Its base: `AST`, or the abstract class of its family.
    pub base: &'static str,
    /// Whether its nodes carry positions (`lineno`, `col_offset`, ...).
    pub located: bool,
    /// Its fields, in order.
    pub fields: &'static [FieldInfo],
}

/// Makes the other representation of a tree, bottom up.
pub trait TreeBuilder {
    /// A value of the other representation.
    type Out;
    /// A node of class `CLASSES[class]` with its fields in order.
    fn node(&mut self, class: usize, fields: Vec<Self::Out>, range: Option<TextRange>)
    -> Self::Out;
    /// A list of values.
    fn list(&mut self, items: Vec<Self::Out>) -> Self::Out;
    /// An absent optional value.
    fn none(&mut self) -> Self::Out;
    /// An identifier or string.
    fn string(&mut self, s: &str) -> Self::Out;
    /// An int field.
    fn int(&mut self, i: i32) -> Self::Out;
    /// A constant's value.
    fn constant(&mut self, c: &Constant) -> Self::Out;
}

/// Reads the other representation of a tree, top down; the methods report
/// what CPython reports for a malformed tree.
pub trait TreeReader {
    /// A value of the other representation.
    type In;
    /// Why a tree cannot be read.
    type Error;
    /// The class index of node `v`, which must belong to family `family`.
    fn class_of(&mut self, v: &Self::In, family: usize) -> Result<usize, Self::Error>;
    /// The error for a node of a class outside `family`.
    fn wrong_class(&mut self, v: &Self::In, family: usize) -> Self::Error;
    /// Field `field` of node `v` of class `class`; missing is an error.
    fn required(
        &mut self,
        v: &Self::In,
        class: usize,
        field: usize,
    ) -> Result<Self::In, Self::Error>;
    /// An optional field: `None` when missing or `None`.
    fn optional(
        &mut self,
        v: &Self::In,
        class: usize,
        field: usize,
    ) -> Result<Option<Self::In>, Self::Error>;
    /// A list field's items.
    fn list(
        &mut self,
        v: &Self::In,
        class: usize,
        field: usize,
    ) -> Result<Vec<Self::In>, Self::Error>;
    /// Whether `v` is the absent value.
    fn is_none(&mut self, v: &Self::In) -> bool;
    /// The position of a located node.
    fn range(&mut self, v: &Self::In, class: usize) -> Result<TextRange, Self::Error>;
    /// An identifier or string.
    fn string(&mut self, v: Self::In) -> Result<String, Self::Error>;
    /// An int field.
    fn int(&mut self, v: Self::In) -> Result<i32, Self::Error>;
    /// A constant.
    fn constant(&mut self, v: Self::In) -> Result<Constant, Self::Error>;
}

/// A part of the tree that can be written out through a `TreeBuilder`.
pub trait ToTree {
    /// This part in the builder's representation.
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out;
}

/// A part of the tree that can be read back through a `TreeReader`.
pub trait FromTree: Sized {
    /// Reads this part from `v`.
    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error>;
}

/// How much stack to keep free while recursing into nested nodes.
const RED_ZONE: usize = 64 * 1024;
/// How much more stack to take when the red zone is reached.
const STACK_STEP: usize = 1024 * 1024;

impl<T: ToTree> ToTree for Box<T> {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        stacker::maybe_grow(RED_ZONE, STACK_STEP, || (**self).to_tree(b))
    }
}

impl<T: FromTree> FromTree for Box<T> {
    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {
        stacker::maybe_grow(RED_ZONE, STACK_STEP, || T::from_tree(r, v).map(Box::new))
    }
}

impl<T: ToTree> ToTree for Option<T> {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        match self {
            Some(v) => v.to_tree(b),
            None => b.none(),
        }
    }
}

impl<T: ToTree> ToTree for Vec<T> {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        let items = self.iter().map(|v| v.to_tree(b)).collect();
        b.list(items)
    }
}

impl ToTree for Identifier {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        b.string(self)
    }
}

impl FromTree for Identifier {
    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {
        r.string(v)
    }
}

impl ToTree for i32 {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        b.int(*self)
    }
}

impl FromTree for i32 {
    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {
        r.int(v)
    }
}

impl ToTree for Constant {
    fn to_tree<B: TreeBuilder>(&self, b: &mut B) -> B::Out {
        b.constant(self)
    }
}

impl FromTree for Constant {
    fn from_tree<R: TreeReader>(r: &mut R, v: R::In) -> Result<Self, R::Error> {
        r.constant(v)
    }
}
