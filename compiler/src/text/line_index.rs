//! Maps byte offsets to CPython's (line, column) positions.

/// Line starts of a source text, for turning offsets into 1-based lines and
/// 0-based UTF-8 byte columns, as CPython's `lineno`/`col_offset` count them.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`, whose lines end with `\n`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        LineIndex { starts }
    }

    /// An index with the given line starts (the first must be 0), for a
    /// tree whose positions come from elsewhere than a text.
    pub fn from_starts(starts: Vec<u32>) -> Self {
        debug_assert_eq!(starts.first(), Some(&0));
        LineIndex { starts }
    }

    /// The 1-based line and 0-based byte column of `offset`.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line as u32 + 1, offset - self.starts[line])
    }

    /// The byte offset where 1-based `line` starts (the end of text past the last line).
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.starts.get(line.checked_sub(1)? as usize).copied()
    }

    /// How many lines start in the text.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}
