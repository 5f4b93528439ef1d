//! The backoff counters in inline caches (CPython's format): a 12-bit count
//! over a 4-bit backoff exponent in one code unit. The specializer's
//! counters and the hot-loop counters of backward jumps share them.

use std::cell::Cell;

/// Counts one execution; `true` when the count has run out (time to act).
#[inline(always)]
pub(crate) fn tick(counter: &Cell<u16>) -> bool {
    let c = counter.get();
    if c >> 4 != 0 {
        counter.set(c - 16);
        return false;
    }
    true
}

/// A counter that waits `count` executions (at most 4095) at backoff
/// exponent `backoff`.
pub(crate) fn waiting(count: u16, backoff: u16) -> u16 {
    (count.min(4095) << 4) | (backoff & 15)
}

/// The counter after a failed attempt: the next wait doubles, up to
/// `2^max_backoff - 1` executions.
pub(crate) fn backed_off(old: u16, max_backoff: u16) -> u16 {
    let backoff = ((old & 15) + 1).min(max_backoff);
    waiting((1u16 << backoff) - 1, backoff)
}
