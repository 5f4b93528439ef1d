//! Fuzzes source decoding, the tokenizer and the parser: any bytes must give a
//! tree or a syntax error, never a panic, a hang or unbounded memory. A tree
//! must also print with `ast.dump`'s printer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_compiler::ast::dump;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = pyrite_compiler::parse_module(data) {
        let _ = dump(&parsed.module, Some(&parsed.line_index));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pyrite_compiler::lexer::tokenize(text);
    }
});
