//! Line-by-line input that never loses a line: bytes are read as they come, each line is
//! checked for length, NUL bytes and UTF-8, and memory stays flat however long the file or
//! any one line is.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use crate::{Settings, Source};

/// The default longest line, in bytes (4 MiB: a SMILES of about half a million atoms);
/// `--max-line-bytes` raises or lowers it.
pub(crate) const MAX_LINE_BYTES: usize = 4 << 20;

/// Route, rules and stock files are read whole; they may be at most this many times the line
/// limit (with the default, 64 MiB).
const FILE_LINES: usize = 16;

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
    max_line: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, settings: Settings) -> Self {
        Lines {
            reader,
            buffer: Vec::with_capacity(256),
            max_line: settings.max_line,
        }
    }

    /// Reads up to the next newline into the buffer, keeping at most `max_line + 1` bytes
    /// (the rest of a longer line is read and dropped); `Ok(None)` at the end of input, else
    /// whether the line was cut.
    fn fill(&mut self) -> std::io::Result<Option<bool>> {
        self.buffer.clear();
        let mut read_any = false;
        let mut cut = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(read_any.then_some(cut));
            }
            read_any = true;
            let newline = memchr::memchr(b'\n', available);
            let take = newline.map_or(available.len(), |at| at + 1);
            let room = (self.max_line + 2).saturating_sub(self.buffer.len());
            let keep = take.min(room);
            self.buffer.extend_from_slice(&available[..keep]);
            cut |= keep < take;
            self.reader.consume(take);
            if newline.is_some() {
                return Ok(Some(cut));
            }
        }
    }

    /// The next line without its line ending, `None` at the end of input.
    pub(crate) fn next_line(
        &mut self,
    ) -> std::io::Result<Option<Result<&str, (LineError, String)>>> {
        let Some(cut) = self.fill()? else {
            return Ok(None);
        };
        if !cut && self.buffer.last() == Some(&b'\n') {
            self.buffer.pop();
        }
        if !cut && self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        if cut || self.buffer.len() > self.max_line {
            // Only the start of the line is kept for the record.
            self.buffer.truncate(self.max_line.min(80));
            let lossy = String::from_utf8_lossy(&self.buffer).replace('\0', "\u{FFFD}");
            let error = LineError {
                code: "input::line_too_long",
                offset: self.max_line,
                message: "line is longer than --max-line-bytes; skipped",
            };
            return Ok(Some(Err((error, lossy))));
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

/// Reading the input failed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("cannot read input: {0}")]
#[diagnostic(code(input::unreadable))]
struct ReadError(std::io::Error);

/// The error for a failed read of the input.
pub(crate) fn read_failed(error: std::io::Error) -> miette::Report {
    miette::Report::new(ReadError(error))
}

/// The lines of a command's input: standard input, a file, or the single SMILES argument.
pub(crate) fn open<'a>(
    source: Source,
    stdin: &'a mut Box<dyn BufRead + '_>,
    settings: Settings,
) -> miette::Result<Lines<Box<dyn BufRead + 'a>>> {
    let reader: Box<dyn BufRead + 'a> = match source {
        Source::Stdin => Box::new(stdin),
        Source::File(path) => Box::new(BufReader::with_capacity(1 << 16, open_file(&path)?)),
        Source::Smiles(text) => Box::new(Cursor::new(text.into_bytes())),
    };
    Ok(Lines::new(reader, settings))
}

fn open_file(path: &Path) -> miette::Result<File> {
    File::open(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            "input::not_found"
        } else {
            "input::unreadable"
        };
        miette::miette!(code = code, "cannot open {}: {e}", path.display())
    })
}

/// The one molecule a single-molecule command (`sites`, `predict`, `plan`) reads from its
/// argument: a SMILES, or the one non-blank line (SMILES and optional title) of a file or of
/// standard input.
pub(crate) fn one_smiles(
    argument: Option<&str>,
    stdin: &mut Box<dyn BufRead + '_>,
    settings: Settings,
) -> miette::Result<String> {
    let source = Source::from_argument(argument);
    if let Source::Smiles(text) = source {
        return Ok(text);
    }
    let what = match &source {
        Source::File(path) => path.display().to_string(),
        _ => "standard input".to_string(),
    };
    let mut lines = open(source, stdin, settings)?;
    let mut found: Option<String> = None;
    let mut number = 0usize;
    while let Some(line) = lines.next_line().map_err(read_failed)? {
        number += 1;
        let text = line.map_err(|(error, _)| {
            miette::miette!(
                code = error.code,
                "{what}, line {number}, byte {}: {}",
                error.offset,
                error.message
            )
        })?;
        let (smiles, _) = crate::read::split_title(text.trim());
        if smiles.is_empty() {
            continue;
        }
        if found.is_some() {
            return Err(miette::miette!(
                code = "usage::one_molecule",
                help = "`batch` plans many targets; `parse` and `canon` read many lines",
                "{what} holds more than one molecule (line {number}); this command takes one"
            ));
        }
        found = Some(smiles.to_string());
    }
    found.ok_or_else(|| {
        miette::miette!(
            code = "usage::one_molecule",
            "{what} holds no molecule; give a SMILES argument or a line on standard input"
        )
    })
}

/// A route, rules or stock file, read whole: at most 16 times the line limit, and UTF-8
/// (`input::not_utf8` with the byte offset otherwise).
pub(crate) fn read_text_file(path: &Path, settings: Settings) -> miette::Result<String> {
    let limit = settings.max_line.saturating_mul(FILE_LINES);
    let mut bytes = Vec::new();
    open_file(path)?
        .take(limit.saturating_add(1) as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            miette::miette!(
                code = "input::unreadable",
                "cannot read {}: {e}",
                path.display()
            )
        })?;
    if bytes.len() > limit {
        return Err(miette::miette!(
            code = "input::too_large",
            "{} is larger than {limit} bytes (16 times --max-line-bytes)",
            path.display()
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        miette::miette!(
            code = "input::not_utf8",
            "{} is not UTF-8: invalid byte at offset {offset}",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max_line: usize) -> Vec<Result<String, (&'static str, String)>> {
        let mut lines = Lines::new(Cursor::new(input.to_vec()), Settings { max_line });
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                Ok(text) => Ok(text.to_string()),
                Err((error, lossy)) => Err((error.code, lossy)),
            });
        }
        out
    }

    #[test]
    fn a_long_line_is_skipped_and_reading_goes_on() {
        let mut input = b"CC\n".to_vec();
        input.extend(std::iter::repeat_n(b'C', 100));
        input.extend_from_slice(b"\nCCO\r\nN");
        let found = lines(&input, 10);
        assert_eq!(found[0], Ok("CC".to_string()));
        assert_eq!(found[1], Err(("input::line_too_long", "C".repeat(10))));
        assert_eq!(found[2], Ok("CCO".to_string()));
        assert_eq!(found[3], Ok("N".to_string()));
        assert_eq!(found.len(), 4);
    }

    #[test]
    fn a_line_of_exactly_the_limit_reads() {
        let found = lines(b"CCCCC\r\nCCCCCC\n", 5);
        assert_eq!(found[0], Ok("CCCCC".to_string()));
        assert_eq!(found[1].as_ref().unwrap_err().0, "input::line_too_long");
    }
}
