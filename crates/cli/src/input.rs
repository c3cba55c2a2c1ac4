//! Line-by-line input that never loses a line: bytes are read as they come, each line is
//! checked for NUL bytes and UTF-8, and memory stays flat however long the file is.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor};

use crate::Source;

/// Why a line is not text.
pub(crate) struct LineError {
    pub(crate) code: &'static str,
    pub(crate) offset: usize,
    pub(crate) message: &'static str,
}

/// Reads lines into a reused buffer.
pub(crate) struct Lines<R> {
    reader: R,
    buffer: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R) -> Self {
        Lines {
            reader,
            buffer: Vec::with_capacity(256),
        }
    }

    /// The next line without its line ending, `None` at the end of input.
    pub(crate) fn next_line(
        &mut self,
    ) -> std::io::Result<Option<Result<&str, (LineError, String)>>> {
        self.buffer.clear();
        if self.reader.read_until(b'\n', &mut self.buffer)? == 0 {
            return Ok(None);
        }
        if self.buffer.last() == Some(&b'\n') {
            self.buffer.pop();
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        // `contains` on bytes is a fast memchr; only a line holding a NUL needs it located.
        let nul = if self.buffer.contains(&0) {
            self.buffer.iter().position(|&b| b == 0)
        } else {
            None
        };
        if let Some(offset) = nul {
            let lossy = String::from_utf8_lossy(&self.buffer).replace('\0', "\u{FFFD}");
            let error = LineError {
                code: "input::nul_byte",
                offset,
                message: "line holds a NUL byte",
            };
            return Ok(Some(Err((error, lossy))));
        }
        match std::str::from_utf8(&self.buffer) {
            Ok(text) => Ok(Some(Ok(text))),
            Err(error) => {
                let lossy = String::from_utf8_lossy(&self.buffer).into_owned();
                let error = LineError {
                    code: "input::not_utf8",
                    offset: error.valid_up_to(),
                    message: "line is not valid UTF-8",
                };
                Ok(Some(Err((error, lossy))))
            }
        }
    }
}

/// The lines of a command's input: standard input, a file, or the single SMILES argument.
pub(crate) fn open<'a>(
    source: Source,
    stdin: &'a mut Box<dyn BufRead + '_>,
) -> miette::Result<Lines<Box<dyn BufRead + 'a>>> {
    let reader: Box<dyn BufRead + 'a> = match source {
        Source::Stdin => Box::new(stdin),
        Source::File(path) => {
            let file = File::open(&path).map_err(|e| {
                miette::miette!(
                    code = "input::unreadable",
                    "cannot open {}: {e}",
                    path.display()
                )
            })?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
        Source::Smiles(text) => Box::new(Cursor::new(text.into_bytes())),
    };
    Ok(Lines::new(reader))
}
