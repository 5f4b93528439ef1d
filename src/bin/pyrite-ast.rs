//! `pyrite-ast [--attributes] FILE`: prints what CPython 3.14 prints for
//! `print(ast.dump(ast.parse(open(FILE, 'rb').read(), FILE), include_attributes=...))`.
//! On a syntax error: the exception line on stderr, then `at LINE:COL`, exit 1.

use pyrite_compiler::ast::dump;
use pyrite_compiler::error::ErrorLocation;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut attributes = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--attributes" => attributes = true,
            _ => path = Some(arg),
        }
    }
    let Some(path) = path else {
        eprintln!("usage: pyrite-ast [--attributes] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyrite-ast: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    match pyrite_compiler::parse_module(&bytes) {
        Ok(parsed) => {
            let text = dump(&parsed.module, attributes.then_some(&parsed.line_index));
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{text}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            let (line, col) = match err.location {
                ErrorLocation::Position { lineno, offset, .. } => (lineno as i64, offset as i64),
                ErrorLocation::Range(r) => (-1, r.start as i64),
            };
            eprintln!("{}: {}", err.kind.class_name(), err.msg);
            eprintln!("at {line}:{col}");
            ExitCode::from(1)
        }
    }
}
