//! Byte ranges into the input line.

/// A half-open byte range `start..end` into the text that was parsed.
///
/// Line and column are computed only when an error is rendered; a span is just two offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A one-byte span at `offset`.
    pub const fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset + 1,
        }
    }

    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The span moved `by` bytes to the right (for a line inside a larger text).
    pub const fn shifted(self, by: usize) -> Self {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start, span.len()).into()
    }
}
