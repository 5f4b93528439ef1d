//! The matcher behind `_sre`: runs the code `re._compiler` produces (the
//! opcode numbering of `re._constants`, CPython's compiled-pattern format)
//! over a string of code points, by backtracking. Sequences of
//! instructions run in a loop; choice points (alternatives, repeats)
//! recurse, saving the group marks they may have to restore, and the
//! stack grows on the heap when deep repeats need it.
//!
//! Code read out of bounds reads as FAILURE and every jump goes forward,
//! so bad code given to `_sre.compile` fails to match instead of crashing
//! or looping.

use super::chars::{self, at};

/// The opcodes, in `re._constants.OPCODES` order.
pub mod op {
    pub const FAILURE: u32 = 0;
    pub const SUCCESS: u32 = 1;
    pub const ANY: u32 = 2;
    pub const ANY_ALL: u32 = 3;
    pub const ASSERT: u32 = 4;
    pub const ASSERT_NOT: u32 = 5;
    pub const AT: u32 = 6;
    pub const BRANCH: u32 = 7;
    pub const CATEGORY: u32 = 8;
    pub const CHARSET: u32 = 9;
    pub const BIGCHARSET: u32 = 10;
    pub const GROUPREF: u32 = 11;
    pub const GROUPREF_EXISTS: u32 = 12;
    pub const IN: u32 = 13;
    pub const INFO: u32 = 14;
    pub const JUMP: u32 = 15;
    pub const LITERAL: u32 = 16;
    pub const MARK: u32 = 17;
    pub const MAX_UNTIL: u32 = 18;
    pub const MIN_UNTIL: u32 = 19;
    pub const NOT_LITERAL: u32 = 20;
    pub const NEGATE: u32 = 21;
    pub const RANGE: u32 = 22;
    pub const REPEAT: u32 = 23;
    pub const REPEAT_ONE: u32 = 24;
    pub const MIN_REPEAT_ONE: u32 = 26;
    pub const ATOMIC_GROUP: u32 = 27;
    pub const POSSESSIVE_REPEAT: u32 = 28;
    pub const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub const GROUPREF_IGNORE: u32 = 30;
    pub const IN_IGNORE: u32 = 31;
    pub const LITERAL_IGNORE: u32 = 32;
    pub const NOT_LITERAL_IGNORE: u32 = 33;
    pub const GROUPREF_LOC_IGNORE: u32 = 34;
    pub const IN_LOC_IGNORE: u32 = 35;
    pub const LITERAL_LOC_IGNORE: u32 = 36;
    pub const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub const GROUPREF_UNI_IGNORE: u32 = 38;
    pub const IN_UNI_IGNORE: u32 = 39;
    pub const LITERAL_UNI_IGNORE: u32 = 40;
    pub const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub const RANGE_UNI_IGNORE: u32 = 42;
}

/// "No upper bound" in repeat counts (`_sre.MAXREPEAT`).
pub const MAXREPEAT: u32 = u32::MAX;

/// `INFO` flag: the pattern starts with a literal prefix.
const INFO_PREFIX: u32 = 1;
/// `INFO` flag: the pattern starts with a character of a set.
const INFO_CHARSET: u32 = 4;

/// How case is folded when comparing characters.
#[derive(Clone, Copy)]
enum Fold {
    Exact,
    Ascii,
    Locale,
    Unicode,
}

/// One active general repeat (`REPEAT` ... `MAX_UNTIL`/`MIN_UNTIL`).
#[derive(Clone, Copy)]
struct Repeat {
    /// Iterations done (-1 before the first).
    count: i64,
    /// Where the `REPEAT` instruction is.
    pc: usize,
    /// Where the last iteration started (an empty iteration ends the loop).
    last_pos: usize,
}

/// Group marks and the last closed group, saved at choice points.
#[derive(Clone)]
struct Marks {
    marks: Vec<Option<usize>>,
    lastindex: Option<usize>,
}

/// A match in progress over `text[..end]`.
pub struct Matcher<'a> {
    code: &'a [u32],
    text: &'a [u32],
    /// Where the match must end at the latest (`endpos`).
    end: usize,
    /// Where the current attempt starts.
    start: usize,
    marks: Marks,
    repeats: Vec<Repeat>,
    /// The match must reach `end` (`fullmatch`).
    pub match_all: bool,
    /// An empty match at `start` does not count (after an empty match,
    /// as `finditer`, `sub` and `split` require).
    pub must_advance: bool,
    /// Where the last `SUCCESS` was reached.
    match_end: usize,
}

/// What a successful match found.
pub struct Found {
    /// Start and end of the whole match.
    pub span: (usize, usize),
    /// Start and end of each group (1-based groups at index `g - 1`).
    pub groups: Vec<Option<(usize, usize)>>,
    /// The last group closed.
    pub lastindex: Option<usize>,
}

impl<'a> Matcher<'a> {
    /// A matcher of `code` over `text`, matches ending by `end`.
    pub fn new(code: &'a [u32], text: &'a [u32], end: usize) -> Matcher<'a> {
        Matcher {
            code,
            text,
            end: end.min(text.len()),
            start: 0,
            marks: Marks {
                marks: Vec::new(),
                lastindex: None,
            },
            repeats: Vec::new(),
            match_all: false,
            must_advance: false,
            match_end: 0,
        }
    }

    fn at(&self, pc: usize) -> u32 {
        self.code.get(pc).copied().unwrap_or(op::FAILURE)
    }

    /// The target of the skip word at `pc`.
    fn skip(&self, pc: usize) -> usize {
        pc.saturating_add(self.at(pc) as usize)
    }

    fn reset(&mut self, start: usize) {
        self.start = start;
        self.marks.marks.clear();
        self.marks.lastindex = None;
        self.repeats.clear();
    }

    /// A match starting exactly at `pos`.
    pub fn match_at(&mut self, pos: usize, groups: usize) -> Option<Found> {
        self.reset(pos);
        if pos > self.end {
            return None;
        }
        self.run(0, pos).then(|| self.found(pos, groups))
    }

    /// The first match starting at `pos` or later.
    pub fn search(&mut self, mut pos: usize, groups: usize) -> Option<Found> {
        if pos > self.end {
            return None;
        }
        let (min_len, prefix, charset) = self.info();
        if self.must_advance {
            self.reset(pos);
            if self.run(0, pos) {
                return Some(self.found(pos, groups));
            }
            self.must_advance = false;
            pos += 1;
        }
        while pos <= self.end {
            if self.end - pos < min_len {
                return None;
            }
            let first = self.text.get(pos).copied();
            let worth = match (prefix, charset, first) {
                (Some(p), _, Some(c)) => c == p,
                (Some(_), _, None) => false,
                (None, Some(set), Some(c)) => self.in_set(set, c),
                (None, Some(_), None) => false,
                (None, None, _) => true,
            };
            if worth {
                self.reset(pos);
                if self.run(0, pos) {
                    return Some(self.found(pos, groups));
                }
            }
            pos += 1;
        }
        None
    }

    /// From the leading `INFO` block: the shortest match, the first
    /// character of a literal prefix, and where a first-character set is.
    fn info(&self) -> (usize, Option<u32>, Option<usize>) {
        if self.at(0) != op::INFO {
            return (0, None, None);
        }
        let flags = self.at(2);
        let min_len = self.at(3) as usize;
        if flags & INFO_PREFIX != 0 && self.at(5) > 0 {
            (min_len, Some(self.at(7)), None)
        } else if flags & INFO_CHARSET != 0 {
            (min_len, None, Some(5))
        } else {
            (min_len, None, None)
        }
    }

    fn found(&self, start: usize, groups: usize) -> Found {
        let mark = |i: usize| self.marks.marks.get(i).copied().flatten();
        let spans = (0..groups)
            .map(|g| match (mark(2 * g), mark(2 * g + 1)) {
                (Some(s), Some(e)) if s <= e => Some((s, e)),
                _ => None,
            })
            .collect();
        Found {
            span: (start, self.match_end),
            groups: spans,
            lastindex: self.marks.lastindex,
        }
    }

    fn set_mark(&mut self, i: usize, pos: usize) {
        if i & 1 == 1 {
            self.marks.lastindex = Some(i / 2 + 1);
        }
        if self.marks.marks.len() <= i {
            self.marks.marks.resize(i + 1, None);
        }
        self.marks.marks[i] = Some(pos);
    }

    /// Runs the code from `pc` at `pos` until a `SUCCESS` (true) or a
    /// failure every alternative of which has been tried (false).
    fn run(&mut self, pc: usize, pos: usize) -> bool {
        stacker::maybe_grow(64 * 1024, 4 * 1024 * 1024, || self.run_here(pc, pos))
    }

    fn run_here(&mut self, mut pc: usize, mut pos: usize) -> bool {
        loop {
            let opcode = self.at(pc);
            if let Some((ok, width)) = self.char_op(pc, pos) {
                if !ok {
                    return false;
                }
                pos += 1;
                pc += width;
                continue;
            }
            match opcode {
                op::SUCCESS => {
                    let toplevel = pc + 1 == self.code.len();
                    if toplevel
                        && ((self.match_all && pos != self.end)
                            || (self.must_advance && pos == self.start))
                    {
                        return false;
                    }
                    self.match_end = pos;
                    return true;
                }
                op::AT => {
                    if !self.at_position(self.at(pc + 1), pos) {
                        return false;
                    }
                    pc += 2;
                }
                op::BRANCH => return self.branch(pc, pos),
                op::JUMP | op::INFO => pc = self.skip(pc + 1) + 1 - 1 + 1 - 1,
                op::MARK => {
                    self.set_mark(self.at(pc + 1) as usize, pos);
                    pc += 2;
                }
                op::REPEAT_ONE | op::MIN_REPEAT_ONE => return self.repeat_one(pc, pos),
                op::POSSESSIVE_REPEAT_ONE => {
                    let max = self.at(pc + 3);
                    let n = self.count(pc + 4, pos, max);
                    if n < self.at(pc + 2) as usize {
                        return false;
                    }
                    pos += n;
                    pc = self.skip(pc + 1);
                }
                op::REPEAT => {
                    self.repeats.push(Repeat {
                        count: -1,
                        pc,
                        last_pos: usize::MAX,
                    });
                    if self.run(self.skip(pc + 1), pos) {
                        return true;
                    }
                    self.repeats.pop();
                    return false;
                }
                op::MAX_UNTIL => return self.until(pc, pos, false),
                op::MIN_UNTIL => return self.until(pc, pos, true),
                op::POSSESSIVE_REPEAT => match self.possessive_repeat(pc, pos) {
                    Some(p) => {
                        pos = p;
                        pc = self.skip(pc + 1) + 1;
                    }
                    None => return false,
                },
                op::ATOMIC_GROUP => {
                    if !self.run(pc + 2, pos) {
                        return false;
                    }
                    pos = self.match_end;
                    pc = self.skip(pc + 1);
                }
                op::ASSERT | op::ASSERT_NOT => {
                    let back = self.at(pc + 2) as usize;
                    let positive = opcode == op::ASSERT;
                    let holds = if pos < back {
                        false
                    } else {
                        let saved = self.marks.clone();
                        let saved_end = self.match_end;
                        let r = self.run(pc + 3, pos - back);
                        self.match_end = saved_end;
                        if !positive || !r {
                            self.marks = saved;
                        }
                        r
                    };
                    if holds != positive {
                        return false;
                    }
                    pc = self.skip(pc + 1);
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_LOC_IGNORE
                | op::GROUPREF_UNI_IGNORE => {
                    let fold = match opcode {
                        op::GROUPREF => Fold::Exact,
                        op::GROUPREF_IGNORE => Fold::Ascii,
                        op::GROUPREF_LOC_IGNORE => Fold::Locale,
                        _ => Fold::Unicode,
                    };
                    match self.groupref(self.at(pc + 1) as usize, pos, fold) {
                        Some(p) => pos = p,
                        None => return false,
                    }
                    pc += 2;
                }
                op::GROUPREF_EXISTS => {
                    let g = self.at(pc + 1) as usize;
                    pc = if self.group_span(g).is_some() {
                        pc + 3
                    } else {
                        self.skip(pc + 2) - 1
                    };
                }
                _ => return false,
            }
        }
    }

    /// The span group `g` (0-based) has, if it matched.
    fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let mark = |i: usize| self.marks.marks.get(i).copied().flatten();
        match (mark(2 * g), mark(2 * g + 1)) {
            (Some(s), Some(e)) if s <= e => Some((s, e)),
            _ => None,
        }
    }

    /// A backreference: the text of group `g` again at `pos`.
    fn groupref(&self, g: usize, pos: usize, fold: Fold) -> Option<usize> {
        let (s, e) = self.group_span(g)?;
        let n = e - s;
        if self.end - pos.min(self.end) < n {
            return None;
        }
        let same = (0..n).all(|k| {
            let (a, b) = (self.text[s + k], self.text[pos + k]);
            match fold {
                Fold::Exact => a == b,
                Fold::Ascii | Fold::Locale => chars::ascii_lower(a) == chars::ascii_lower(b),
                Fold::Unicode => chars::uni_lower(a) == chars::uni_lower(b),
            }
        });
        same.then_some(pos + n)
    }

    /// A single-character instruction at `pc` tried at `pos`: whether it
    /// matched and its width in code words; None for other instructions.
    fn char_op(&self, pc: usize, pos: usize) -> Option<(bool, usize)> {
        let opcode = self.at(pc);
        let width = match opcode {
            op::ANY | op::ANY_ALL => 1,
            op::LITERAL
            | op::NOT_LITERAL
            | op::LITERAL_IGNORE
            | op::NOT_LITERAL_IGNORE
            | op::LITERAL_LOC_IGNORE
            | op::NOT_LITERAL_LOC_IGNORE
            | op::LITERAL_UNI_IGNORE
            | op::NOT_LITERAL_UNI_IGNORE
            | op::CATEGORY => 2,
            op::IN | op::IN_IGNORE | op::IN_LOC_IGNORE | op::IN_UNI_IGNORE => {
                self.at(pc + 1) as usize + 1
            }
            _ => return None,
        };
        if pos >= self.end {
            return Some((false, width));
        }
        Some((self.item_matches(pc, self.text[pos]), width))
    }

    /// Whether character `c` matches the single-character instruction at `pc`.
    fn item_matches(&self, pc: usize, c: u32) -> bool {
        let arg = self.at(pc + 1);
        let loc_eq = |x: u32| c == x || chars::ascii_lower(c) == x || chars::ascii_upper(c) == x;
        match self.at(pc) {
            op::ANY => c != 0x0a,
            op::ANY_ALL => true,
            op::LITERAL => c == arg,
            op::NOT_LITERAL => c != arg,
            op::LITERAL_IGNORE => chars::ascii_lower(c) == arg,
            op::NOT_LITERAL_IGNORE => chars::ascii_lower(c) != arg,
            op::LITERAL_LOC_IGNORE => loc_eq(arg),
            op::NOT_LITERAL_LOC_IGNORE => !loc_eq(arg),
            op::LITERAL_UNI_IGNORE => chars::uni_lower(c) == arg,
            op::NOT_LITERAL_UNI_IGNORE => chars::uni_lower(c) != arg,
            op::CATEGORY => chars::in_category(arg, c),
            op::IN => self.in_set(pc + 2, c),
            op::IN_IGNORE => self.in_set(pc + 2, chars::ascii_lower(c)),
            op::IN_UNI_IGNORE => self.in_set(pc + 2, chars::uni_lower(c)),
            op::IN_LOC_IGNORE => {
                self.in_set(pc + 2, c)
                    || self.in_set(pc + 2, chars::ascii_lower(c))
                    || self.in_set(pc + 2, chars::ascii_upper(c))
            }
            _ => false,
        }
    }

    /// Whether `c` is in the set whose instructions start at `pc`.
    fn in_set(&self, mut pc: usize, c: u32) -> bool {
        let mut ok = true;
        loop {
            match self.at(pc) {
                op::FAILURE => return !ok,
                op::LITERAL => {
                    if c == self.at(pc + 1) {
                        return ok;
                    }
                    pc += 2;
                }
                op::CATEGORY => {
                    if chars::in_category(self.at(pc + 1), c) {
                        return ok;
                    }
                    pc += 2;
                }
                op::CHARSET => {
                    if c < 256 && self.at(pc + 1 + (c as usize >> 5)) & (1 << (c & 31)) != 0 {
                        return ok;
                    }
                    pc += 9;
                }
                op::RANGE => {
                    if (self.at(pc + 1)..=self.at(pc + 2)).contains(&c) {
                        return ok;
                    }
                    pc += 3;
                }
                op::RANGE_UNI_IGNORE => {
                    let range = self.at(pc + 1)..=self.at(pc + 2);
                    if range.contains(&c) || range.contains(&chars::uni_upper(c)) {
                        return ok;
                    }
                    pc += 3;
                }
                op::NEGATE => {
                    ok = !ok;
                    pc += 1;
                }
                op::BIGCHARSET => {
                    let blocks = self.at(pc + 1) as usize;
                    let table = pc + 2;
                    if c < 65536 {
                        // 256 block numbers, one byte each, packed four to
                        // a code word in the machine's byte order.
                        let hi = (c >> 8) as usize;
                        let word = self.at(table + hi / 4).to_ne_bytes();
                        let block = word[hi % 4] as usize;
                        let bits = table + 64 + block * 8;
                        let lo = c & 255;
                        if self.at(bits + (lo as usize >> 5)) & (1 << (lo & 31)) != 0 {
                            return ok;
                        }
                    }
                    pc = table + 64 + blocks * 8;
                }
                _ => return false,
            }
        }
    }

    /// Whether position `pos` satisfies the `AT_*` condition `code`.
    fn at_position(&self, code: u32, pos: usize) -> bool {
        let end = self.end;
        let prev = |p: usize| (p > 0).then(|| self.text[p - 1]);
        let this = (pos < end).then(|| self.text[pos]);
        let boundary = |word: fn(u32) -> bool| {
            if end == 0 {
                return None;
            }
            let before = prev(pos).is_some_and(word);
            let after = this.is_some_and(word);
            Some(before != after)
        };
        match code {
            at::BEGINNING | at::BEGINNING_STRING => pos == 0,
            at::BEGINNING_LINE => pos == 0 || prev(pos) == Some(0x0a),
            at::END => pos == end || (pos + 1 == end && this == Some(0x0a)),
            at::END_LINE => pos == end || this == Some(0x0a),
            at::END_STRING => pos == end,
            at::BOUNDARY | at::LOC_BOUNDARY => boundary(chars::is_ascii_word) == Some(true),
            at::NON_BOUNDARY | at::LOC_NON_BOUNDARY => {
                boundary(chars::is_ascii_word) == Some(false)
            }
            at::UNI_BOUNDARY => boundary(chars::is_uni_word) == Some(true),
            at::UNI_NON_BOUNDARY => boundary(chars::is_uni_word) == Some(false),
            _ => false,
        }
    }

    /// `BRANCH`: each alternative in turn, with the rest of the pattern.
    fn branch(&mut self, pc: usize, pos: usize) -> bool {
        let mut alt = pc + 1;
        while self.at(alt) != 0 {
            // An alternative starting with a literal that is not here
            // cannot match.
            let first = alt + 1;
            let hopeless = self.at(first) == op::LITERAL
                && (pos >= self.end || self.text[pos] != self.at(first + 1));
            if !hopeless {
                let saved = self.marks.clone();
                let depth = self.repeats.len();
                if self.run(first, pos) {
                    return true;
                }
                self.marks = saved;
                self.repeats.truncate(depth);
            }
            alt = self.skip(alt);
        }
        false
    }

    /// How many times (up to `max`) the single-character instruction at
    /// `item` matches from `pos` on.
    fn count(&self, item: usize, pos: usize, max: u32) -> usize {
        let limit = if max == MAXREPEAT {
            self.end
        } else {
            self.end.min(pos.saturating_add(max as usize))
        };
        let mut p = pos;
        while p < limit && self.item_matches(item, self.text[p]) {
            p += 1;
        }
        p - pos
    }

    /// `REPEAT_ONE` (greedy) and `MIN_REPEAT_ONE` (lazy) of one character
    /// instruction, then the rest of the pattern.
    fn repeat_one(&mut self, pc: usize, pos: usize) -> bool {
        let min = self.at(pc + 2) as usize;
        let max = self.at(pc + 3);
        let item = pc + 4;
        let next = self.skip(pc + 1);
        if pos.saturating_add(min) > self.end {
            return false;
        }
        // The next instruction, if it is a literal, rules out most ends.
        let next_literal = (self.at(next) == op::LITERAL).then(|| self.at(next + 1));
        let fits = |m: &Self, p: usize| next_literal.is_none_or(|l| p < m.end && m.text[p] == l);
        let saved = self.marks.clone();
        if self.at(pc) == op::REPEAT_ONE {
            let n = self.count(item, pos, max);
            if n < min {
                return false;
            }
            for k in (min..=n).rev() {
                if fits(self, pos + k) {
                    if self.run(next, pos + k) {
                        return true;
                    }
                    self.marks = saved.clone();
                }
            }
            return false;
        }
        let mut k = self.count(item, pos, min as u32);
        if k < min {
            return false;
        }
        loop {
            if fits(self, pos + k) {
                if self.run(next, pos + k) {
                    return true;
                }
                self.marks = saved.clone();
            }
            let more = (max == MAXREPEAT || k < max as usize)
                && pos + k < self.end
                && self.item_matches(item, self.text[pos + k]);
            if !more {
                return false;
            }
            k += 1;
        }
    }

    /// `MAX_UNTIL` (greedy: another iteration of the innermost repeat if
    /// it can, else the rest of the pattern) and `MIN_UNTIL` (lazy: the
    /// rest first, then another iteration). Below the minimum, iterate.
    fn until(&mut self, pc: usize, pos: usize, lazy: bool) -> bool {
        let Some(mut rep) = self.repeats.pop() else {
            return false;
        };
        let min = i64::from(self.at(rep.pc + 2));
        let max = self.at(rep.pc + 3);
        let count = rep.count + 1;
        if count < min {
            rep.count = count;
            self.repeats.push(rep);
            if self.run(rep.pc + 4, pos) {
                return true;
            }
            self.repeats.last_mut().expect("pushed above").count = count - 1;
            return false;
        }
        // An iteration that matched nothing ends the loop.
        let may_repeat = (max == MAXREPEAT || count < i64::from(max)) && pos != rep.last_pos;
        if !lazy && may_repeat && self.iterate(rep.pc, count, pos) {
            return true;
        }
        // The tail runs outside this repeat; the repeat comes back if the
        // tail fails.
        let saved = self.marks.clone();
        if self.run(pc + 1, pos) {
            return true;
        }
        self.marks = saved;
        if lazy && may_repeat && self.iterate(rep.pc, count, pos) {
            return true;
        }
        self.repeats.push(rep);
        false
    }

    /// One more iteration (the `count`-th) of the repeat at `repeat_pc`
    /// from `pos`, with the rest of the pattern after it.
    fn iterate(&mut self, repeat_pc: usize, count: i64, pos: usize) -> bool {
        let saved = self.marks.clone();
        let depth = self.repeats.len();
        self.repeats.push(Repeat {
            count,
            pc: repeat_pc,
            last_pos: pos,
        });
        if self.run(repeat_pc + 4, pos) {
            return true;
        }
        self.repeats.truncate(depth);
        self.marks = saved;
        false
    }

    /// `POSSESSIVE_REPEAT`: as many iterations of the body as match, never
    /// given back; the position after them.
    fn possessive_repeat(&mut self, pc: usize, mut pos: usize) -> Option<usize> {
        let min = self.at(pc + 2) as usize;
        let max = self.at(pc + 3);
        let body = pc + 4;
        let mut count = 0usize;
        while max == MAXREPEAT || count < max as usize {
            let saved = self.marks.clone();
            let depth = self.repeats.len();
            if !self.run(body, pos) {
                self.marks = saved;
                self.repeats.truncate(depth);
                break;
            }
            let p = self.match_end;
            count += 1;
            if p == pos {
                // An empty iteration would repeat forever: it stands for
                // all the iterations still required.
                count = count.max(min);
                break;
            }
            pos = p;
        }
        (count >= min).then_some(pos)
    }
}
