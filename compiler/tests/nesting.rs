//! Deeply nested input never overflows the Rust stack: it parses, or fails
//! with CPython's error, even on a thread with a small stack.

use pyrite_compiler::{SyntaxErrorKind, parse_module};

fn outcome(src: String) -> Result<(), (SyntaxErrorKind, String)> {
    parse_module(src.as_bytes())
        .map(|_| ())
        .map_err(|e| (e.kind, e.msg))
}

/// Runs `f` on a thread with a 1 MiB stack, like a host that embeds the parser.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("parser thread panicked")
}

const TOO_COMPLEX: &str = "Parser stack overflowed - Python source too complex to parse";

#[test]
fn chains_stop_where_cpython_stops() {
    type Make = fn(usize) -> String;
    let cases: [(&str, Make, usize); 5] = [
        ("unary minus", |n| "-".repeat(n) + "1", 5968),
        ("not", |n| "not ".repeat(n) + "1", 5968),
        ("conditional", |n| "1 if 1 else ".repeat(n) + "1", 5968),
        ("lambda", |n| "lambda:".repeat(n) + "1", 2984),
        ("power", |n| "2**".repeat(n) + "1", 2984),
    ];
    for (name, make, limit) in cases {
        let (ok, too_deep) = (make(limit), make(limit + 1));
        let results = on_small_stack(move || (outcome(ok), outcome(too_deep)));
        assert_eq!(results.0, Ok(()), "{name} at {limit} levels");
        assert_eq!(
            results.1,
            Err((SyntaxErrorKind::Memory, TOO_COMPLEX.to_string())),
            "{name} past {limit} levels"
        );
    }
}

#[test]
fn brackets_stop_at_200() {
    let deep = |n: usize| "(".repeat(n) + "1" + &")".repeat(n);
    let results = on_small_stack(move || (outcome(deep(200)), outcome(deep(201))));
    assert_eq!(results.0, Ok(()));
    assert_eq!(
        results.1,
        Err((
            SyntaxErrorKind::Syntax,
            "too many nested parentheses".into()
        ))
    );
}

#[test]
fn mixed_nesting_is_bounded() {
    // Every kind of nesting at once, far past any limit.
    let src = "[(lambda: -(not f'{".repeat(300) + "1" + &"}'))]".repeat(300);
    let result = on_small_stack(move || outcome(src));
    assert!(result.is_err());
}
