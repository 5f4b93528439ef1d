//! `pyrite-ast [--attributes] FILE`: prints what CPython 3.14 prints for
//! `print(ast.dump(ast.parse(open(FILE, 'rb').read(), FILE), include_attributes=...))`.
//! On a syntax error: the exception line on stderr, then `at LINE:COL`, exit 1.
//!
//! `pyrite-ast --symtable FILE` lists the symbol tables as CPython's `symtable`
//! module shows them (scripts/check_symtable.py compares the two).
//!
//! `pyrite-ast --time ROUNDS FILE...` parses the files ROUNDS times and prints
//! the seconds and bytes, for scripts/bench_parse.py.

use pyrite_compiler::ast::dump;
use pyrite_compiler::error::ErrorLocation;
use std::io::Write;
use std::process::ExitCode;

/// Reads and parses every file `rounds` times, one file at a time (as a
/// compiler would); prints `seconds bytes`.
fn time_parsing(rounds: usize, paths: &[String]) -> ExitCode {
    let mut bytes = 0;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        for path in paths {
            let Ok(source) = std::fs::read(path) else {
                continue;
            };
            bytes += source.len();
            // Failures count too: the oracle refuses the same files.
            let _ = std::hint::black_box(pyrite_compiler::parse_module(&source));
        }
    }
    println!("{} {}", start.elapsed().as_secs_f64(), bytes);
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--time") {
        let rounds = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
        return time_parsing(rounds, &args[2.min(args.len())..]);
    }
    let mut attributes = false;
    let mut symtable = false;
    let mut path = None;
    for arg in args {
        match arg.as_str() {
            "--attributes" => attributes = true,
            "--symtable" => symtable = true,
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
        Ok(parsed) if symtable => {
            match pyrite_compiler::symtable::SymbolTable::build(&parsed.module, &parsed.line_index)
            {
                Ok(table) => print!("{}", table.describe()),
                Err(err) => {
                    eprintln!("{}: {}", err.kind.class_name(), err.msg);
                    return ExitCode::from(1);
                }
            }
            ExitCode::SUCCESS
        }
        Ok(parsed) => {
            // As Python's warnings module shows them: location, category,
            // message, then the stripped source line.
            for warning in &parsed.warnings {
                let (line, _) = parsed.line_index.line_col(warning.offset);
                let source_line = parsed.text.lines().nth(line as usize - 1).unwrap_or("");
                eprintln!("{path}:{line}: SyntaxWarning: {}", warning.msg);
                eprintln!("  {}", source_line.trim());
            }
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
