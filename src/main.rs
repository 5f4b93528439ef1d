//! `pyrite`: the command line, like `python3`.
//!
//! `pyrite [options] FILE [args]`, `-c CODE`, `-m MODULE`, `-` (or no
//! script) reads the program from standard input; `--version`; `-X tier=NAME`
//! picks the tier (also `PYRITE_TIER`); `-X dis` prints the disassembly
//! instead of running.

use pyrite_runtime::types::exception::ExceptionData;
use pyrite_runtime::{Config, Value, Vm};
use std::process::ExitCode;

/// What to run.
enum Target {
    File(String),
    Code(String),
    Module(String),
    Stdin,
}

/// The main thread's stack: deep enough for the recursion limit's worth of
/// native re-entries.
const MAIN_STACK: usize = 1 << 30;

/// The tier when none is asked for: the JIT where Cranelift targets the
/// machine, the adaptive interpreter elsewhere.
const DEFAULT_TIER: &str = if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
    "jit"
} else {
    "adaptive"
};

fn usage() -> ExitCode {
    eprintln!("usage: pyrite [-X opt] [-c cmd | -m mod | file | -] [arg] ...");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let mut xoptions: Vec<String> = Vec::new();
    let mut i = 1;
    let mut target = None;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "--version" | "-V" => {
                let (maj, min, mic) = pyrite_runtime::sys::VERSION;
                println!("Python {maj}.{min}.{mic}");
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" | "-?" => {
                println!("usage: pyrite [-X opt] [-c cmd | -m mod | file | -] [arg] ...");
                return ExitCode::SUCCESS;
            }
            "-X" => {
                i += 1;
                match args.get(i) {
                    Some(opt) => xoptions.push(opt.clone()),
                    None => {
                        eprintln!("Argument expected for the -X option");
                        return ExitCode::from(2);
                    }
                }
            }
            "-c" | "-m" => {
                let Some(v) = args.get(i + 1) else {
                    eprintln!("Argument expected for the {a} option");
                    return ExitCode::from(2);
                };
                target = Some(if a == "-c" {
                    Target::Code(v.clone())
                } else {
                    Target::Module(v.clone())
                });
                i += 2;
                break;
            }
            "-" => {
                target = Some(Target::Stdin);
                i += 1;
                break;
            }
            "-u" | "-B" | "-E" | "-I" | "-s" | "-S" | "-O" | "-OO" | "-q" | "-b" | "-bb" | "-d"
            | "-v" | "-P" | "-R" => {}
            _ if a.starts_with("-X") => xoptions.push(a[2..].to_string()),
            _ if a.starts_with("-c") => {
                target = Some(Target::Code(a[2..].to_string()));
                i += 1;
                break;
            }
            _ if a.starts_with('-') && a.len() > 1 => {
                eprintln!("Unknown option: {a}");
                return usage();
            }
            _ => {
                target = Some(Target::File(a.to_string()));
                i += 1;
                break;
            }
        }
        i += 1;
    }
    let target = target.unwrap_or(Target::Stdin);
    let rest: Vec<String> = args[i.min(args.len())..].to_vec();
    let tier_name = xoptions
        .iter()
        .find_map(|o| o.strip_prefix("tier=").map(str::to_string))
        .or_else(|| std::env::var("PYRITE_TIER").ok())
        .unwrap_or_else(|| DEFAULT_TIER.to_string());
    let Some(tier) = pyrite_tier1::Tier::parse(&tier_name) else {
        eprintln!("pyrite: unknown tier '{tier_name}' (interp, adaptive, uops, jit)");
        return ExitCode::from(2);
    };
    if xoptions.iter().any(|o| o == "dis") {
        return disassemble(&target);
    }
    let child = std::thread::Builder::new()
        .stack_size(MAIN_STACK)
        .spawn(move || run(target, rest, xoptions, tier))
        .expect("spawn the interpreter thread");
    // Process-directed signals go to the interpreter's thread, so that
    // they interrupt its blocking calls.
    pyrite_runtime::modules::signal::block_in_this_thread();
    child.join().unwrap_or(ExitCode::from(70))
}

fn disassemble(target: &Target) -> ExitCode {
    let (bytes, name) = match target {
        Target::File(path) => match std::fs::read(path) {
            Ok(b) => (b, path.clone()),
            Err(e) => {
                eprintln!(
                    "pyrite: can't open file '{path}': [Errno {}] {}",
                    e.raw_os_error().unwrap_or(0),
                    pyrite_runtime::types::exception::strerror(&e)
                );
                return ExitCode::from(2);
            }
        },
        Target::Code(c) => (c.clone().into_bytes(), "<string>".to_string()),
        _ => {
            eprintln!("pyrite: -X dis needs a file or -c");
            return ExitCode::from(2);
        }
    };
    let parsed = match pyrite_compiler::parse_module(&bytes) {
        Ok(p) => p,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(1);
        }
    };
    match pyrite_compiler::codegen::compile_module(&parsed, &name) {
        Ok(code) => {
            print!("{}", pyrite_compiler::dis::disassemble_recursive(&code));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(1)
        }
    }
}

fn run(
    target: Target,
    rest: Vec<String>,
    xoptions: Vec<String>,
    tier: pyrite_tier1::Tier,
) -> ExitCode {
    let cwd = std::env::current_dir()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let (argv0, path0) = match &target {
        Target::File(p) => {
            let dir = std::path::Path::new(p)
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            let abs = std::fs::canonicalize(p)
                .ok()
                .and_then(|a| a.parent().map(|d| d.display().to_string()));
            (
                p.clone(),
                abs.unwrap_or(if dir.is_empty() { cwd.clone() } else { dir }),
            )
        }
        Target::Code(_) => ("-c".to_string(), String::new()),
        Target::Module(m) => (m.clone(), cwd.clone()),
        Target::Stdin => (String::new(), String::new()),
    };
    let mut argv = vec![argv0];
    argv.extend(rest);
    let config = Config {
        argv,
        path: vec![path0],
        stdlib: std::env::var("PYRITE_STDLIB").ok(),
        xoptions,
        executable: std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    };
    let vm = Vm::new(config);
    pyrite::install_tier(&vm, tier);
    pyrite_runtime::modules::signal::install_default_int_handler(&vm);
    let result = match &target {
        Target::File(path) => match std::fs::read(path) {
            Ok(source) => {
                // Like CPython 3.14, `__file__` and the code's filename are
                // absolute (sys.argv[0] stays as given).
                let abs = std::path::absolute(path)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| path.clone());
                pyrite_runtime::import::run_main(&vm, &source, &abs, Some(&abs))
            }
            Err(e) => {
                eprintln!(
                    "{}: can't open file '{}': [Errno {}] {}",
                    vm.config.executable,
                    std::fs::canonicalize(".")
                        .map(|c| c.join(path).display().to_string())
                        .unwrap_or_else(|_| path.clone()),
                    e.raw_os_error().unwrap_or(0),
                    pyrite_runtime::types::exception::strerror(&e)
                );
                return ExitCode::from(2);
            }
        },
        Target::Code(code) => {
            pyrite_runtime::sys::register_source("<string>", code);
            pyrite_runtime::import::run_main(&vm, code.as_bytes(), "<string>", None)
        }
        Target::Module(m) => pyrite_runtime::import::run_module_as_main(&vm, m),
        Target::Stdin => {
            use std::io::Read;
            let mut source = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut source) {
                eprintln!("pyrite: can't read standard input: {e}");
                return ExitCode::from(2);
            }
            pyrite_runtime::sys::register_source("<stdin>", &String::from_utf8_lossy(&source));
            pyrite_runtime::import::run_main(&vm, &source, "<stdin>", None)
        }
    };
    let interrupted = result.as_ref().is_err_and(|e| {
        vm.is_instance(
            &Value::Obj(e.value().clone()),
            &vm.types.exc.keyboard_interrupt,
        )
    });
    let code = match result {
        Ok(_) => 0,
        Err(e) => exit_status(&vm, e.value()),
    };
    pyrite_runtime::modules::atexit::run_exitfuncs(&vm);
    pyrite_runtime::io::flush_std(&vm);
    pyrite_runtime::import::clear_main(&vm);
    pyrite_runtime::io::flush_std(&vm);
    if std::env::var("PYRITE_STATS").is_ok_and(|v| !v.is_empty() && v != "0") {
        eprint!("{}", pyrite::stats_report());
    }
    if interrupted {
        // As CPython: end by SIGINT itself, so the parent sees the signal.
        pyrite_runtime::modules::signal::die_of_sigint();
        return ExitCode::from(130);
    }
    ExitCode::from(code)
}

/// The exit status for an uncaught exception (printing it, unless it is a
/// `SystemExit`).
fn exit_status(vm: &Vm, e: &pyrite_runtime::ObjRef) -> u8 {
    if !vm.is_instance(&Value::Obj(e.clone()), &vm.types.exc.system_exit) {
        pyrite_runtime::io::flush_std(vm);
        pyrite_runtime::sys::print_exception(vm, e);
        return 1;
    }
    let code = vm
        .getattr(&Value::Obj(e.clone()), "code")
        .unwrap_or(Value::None);
    let _ = e.downcast::<ExceptionData>();
    match code {
        Value::None => 0,
        Value::Int(i) => i as u8,
        Value::Bool(b) => u8::from(b),
        other => {
            pyrite_runtime::io::flush_std(vm);
            let text = vm.str_string(&other).unwrap_or_default();
            pyrite_runtime::io::write_stderr(vm, &format!("{text}\n"));
            1
        }
    }
}
