//! Pyrite's front end: source decoding, tokenizer, parser and AST.
//!
//! First stage of the pipeline `compiler -> runtime -> tier1 -> tier2 -> jit`:
//! it turns Python 3.14 source into an AST identical to CPython's `ast` module
//! (node for node, position for position) and reports syntax errors with
//! CPython's messages; then symbol tables and code generation to CPython 3.14
//! bytecode (`codegen`), producing `code::CodeObject`s.

pub mod ast;
pub mod code;
pub mod codegen;
pub mod dis;
pub mod error;
pub mod future;
pub mod lexer;
pub mod parser;
pub mod source;
pub mod symtable;
pub mod text;

pub use error::{SyntaxError, SyntaxErrorKind, SyntaxWarning};
pub use parser::{Mode, parse_module, parse_source};
