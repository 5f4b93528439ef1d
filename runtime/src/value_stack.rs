//! A frame's value stack. Its layout is fixed (`repr(C)`) and documented
//! because machine code from the JIT pushes and pops on it directly: the
//! word at [`ValueStack::BASE_OFFSET`] is the address of the first slot,
//! the word at [`ValueStack::LEN_OFFSET`] the number of slots in use, the
//! word at [`ValueStack::CAP_OFFSET`] the number allocated. Slots at and
//! above `len` always hold `None` (CPython's NULL), so a push writes one
//! slot and a pop leaves `None` behind.

use crate::value::Value;
use std::ops::{Deref, DerefMut, RangeFrom};

/// The value stack of a frame (`None` is CPython's NULL).
#[repr(C)]
pub struct ValueStack {
    /// The slots' address: a copy of `slots.as_mut_ptr()` for machine
    /// code, renewed whenever the slots move. Rust code never reads it.
    base: *mut Option<Value>,
    /// How many slots are in use.
    len: usize,
    /// `slots.len()`, for machine code.
    cap: usize,
    /// Every allocated slot.
    slots: Vec<Option<Value>>,
}

impl ValueStack {
    /// Offset of the slots' address.
    pub const BASE_OFFSET: usize = std::mem::offset_of!(ValueStack, base);
    /// Offset of the number of slots in use.
    pub const LEN_OFFSET: usize = std::mem::offset_of!(ValueStack, len);
    /// Offset of the number of slots allocated.
    pub const CAP_OFFSET: usize = std::mem::offset_of!(ValueStack, cap);

    /// An empty stack with room for `n` values.
    pub fn with_capacity(n: usize) -> ValueStack {
        let mut s = ValueStack {
            base: std::ptr::null_mut(),
            len: 0,
            cap: 0,
            slots: Vec::new(),
        };
        s.reserve(n);
        s
    }

    /// Makes room for `n` values in all.
    pub fn reserve(&mut self, n: usize) {
        if n > self.slots.len() {
            self.slots.resize_with(n, || None);
            self.base = self.slots.as_mut_ptr();
            self.cap = self.slots.len();
        }
    }

    #[cold]
    fn grow(&mut self) {
        self.reserve((self.slots.len() * 2).max(8));
    }

    /// Pushes a value or NULL.
    #[inline(always)]
    pub fn push(&mut self, v: Option<Value>) {
        if self.len == self.slots.len() {
            self.grow();
        }
        self.slots[self.len] = v;
        self.len += 1;
    }

    /// Pops the top slot (`None` when the stack is empty).
    #[inline(always)]
    pub fn pop(&mut self) -> Option<Option<Value>> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(self.slots[self.len].take())
    }

    /// Pops down to `n` values.
    #[inline]
    pub fn truncate(&mut self, n: usize) {
        while self.len > n {
            self.len -= 1;
            self.slots[self.len] = None;
        }
    }

    /// Pops everything.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Pushes each of `values`.
    pub fn extend(&mut self, values: impl IntoIterator<Item = Option<Value>>) {
        for v in values {
            self.push(v);
        }
    }

    /// The values in use, bottom first.
    #[inline(always)]
    pub fn as_slice(&self) -> &[Option<Value>] {
        &self.slots[..self.len]
    }

    /// Removes the values from `range.start` up, yielding them bottom first.
    pub fn drain(&mut self, range: RangeFrom<usize>) -> Drain<'_> {
        let end = self.len;
        self.len = range.start.min(end);
        Drain {
            stack: self,
            at: range.start,
            end,
        }
    }
}

impl Deref for ValueStack {
    type Target = [Option<Value>];

    #[inline(always)]
    fn deref(&self) -> &[Option<Value>] {
        &self.slots[..self.len]
    }
}

impl DerefMut for ValueStack {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [Option<Value>] {
        &mut self.slots[..self.len]
    }
}

/// The values `ValueStack::drain` removes; the ones not taken are dropped
/// with it, so the slots above `len` hold `None` again.
pub struct Drain<'a> {
    stack: &'a mut ValueStack,
    at: usize,
    end: usize,
}

impl Iterator for Drain<'_> {
    type Item = Option<Value>;

    #[inline]
    fn next(&mut self) -> Option<Option<Value>> {
        if self.at >= self.end {
            return None;
        }
        self.at += 1;
        Some(self.stack.slots[self.at - 1].take())
    }
}

impl Drop for Drain<'_> {
    fn drop(&mut self) {
        for slot in &mut self.stack.slots[self.at..self.end] {
            *slot = None;
        }
    }
}
