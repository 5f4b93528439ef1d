//! `pyrite`: the command-line front of the Pyrite runtime.
//!
//! Until the interpreter lands, it checks that a file parses (`pyrite FILE`)
//! and reports syntax errors the way CPython does.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--version") {
        println!("Pyrite {} (Python 3.14)", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let Some(path) = args.first() else {
        eprintln!("usage: pyrite FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyrite: can't open file '{path}': {e}");
            return ExitCode::from(2);
        }
    };
    match pyrite_compiler::parse_module(&bytes) {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(1)
        }
    }
}
