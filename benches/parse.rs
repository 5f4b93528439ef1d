//! Parser throughput over a fixed corpus (placeholder until the corpus lands).
fn main() {}
