//! Pyrite: a Python 3.14 runtime. This crate wires the tiers together for
//! the `pyrite` binary and for Rust programs that embed the runtime.

use pyrite_runtime::Vm;
pub use pyrite_tier1::Tier;
use std::rc::Rc;

/// Makes `tier` run `vm`'s code: tier 1 alone (`interp`, `adaptive`), with
/// tier 2's traces run by the micro-op interpreter (`uops`) or compiled to
/// machine code (`jit`).
pub fn install_tier(vm: &Vm, tier: Tier) {
    let optimizer: Option<Rc<dyn pyrite_tier1::Optimizer>> = match tier {
        Tier::Interp | Tier::Adaptive => None,
        Tier::Uops => Some(Rc::new(pyrite_tier2::Tier2::new(None))),
        Tier::Jit => {
            let backend =
                pyrite_jit::Jit::new().map(|j| Box::new(j) as Box<dyn pyrite_tier2::Backend>);
            Some(Rc::new(pyrite_tier2::Tier2::new(backend)))
        }
    };
    pyrite_tier1::install(vm, tier, optimizer);
}

/// The `PYRITE_STATS=1` report: specialization per family, then traces.
pub fn stats_report() -> String {
    format!("{}{}", pyrite_tier1::report_stats(), pyrite_tier2::report())
}
