//! `pyrite`: the command-line front of the Pyrite runtime.
//!
//! Until the interpreter lands, it checks that a file parses (`pyrite FILE`),
//! reports syntax errors the way CPython does, and disassembles a file the way
//! `python3.14 -m dis FILE` does (`pyrite -X dis FILE`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let mut xoptions: Vec<String> = Vec::new();
    while let Some(arg) = args.peek() {
        match arg.as_str() {
            "--version" | "-V" => {
                println!("Python 3.14.0 (Pyrite {})", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "-X" => {
                args.next();
                match args.next() {
                    Some(opt) => xoptions.push(opt),
                    None => {
                        eprintln!("Argument expected for the -X option");
                        return ExitCode::from(2);
                    }
                }
            }
            a if a.starts_with("-X") => {
                xoptions.push(a[2..].to_string());
                args.next();
            }
            _ => break,
        }
    }
    let Some(path) = args.next() else {
        eprintln!("usage: pyrite [-X dis] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "pyrite: can't open file '{path}': [Errno {}] {e}",
                e.raw_os_error().unwrap_or(0)
            );
            return ExitCode::from(2);
        }
    };
    let parsed = match pyrite_compiler::parse_module(&bytes) {
        Ok(parsed) => parsed,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(1);
        }
    };
    let code = match pyrite_compiler::codegen::compile_module(&parsed, &path) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(1);
        }
    };
    if xoptions.iter().any(|o| o == "dis") {
        print!("{}", pyrite_compiler::dis::disassemble_recursive(&code));
    }
    ExitCode::SUCCESS
}
