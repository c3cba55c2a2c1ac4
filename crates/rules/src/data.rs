//! Reading the tab-separated data files (site model, reagents): `#` comments, blank lines,
//! fixed columns, and errors that say which line.

use thiserror::Error;

/// A malformed data file line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{file} line {line}: {message}")]
#[non_exhaustive]
pub struct DataError {
    /// Which data file.
    pub file: &'static str,
    /// One-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl DataError {
    /// An error at `line` (one-based) of `file`.
    pub fn new(file: &'static str, line: usize, message: impl Into<String>) -> Self {
        DataError {
            file,
            line,
            message: message.into(),
        }
    }

    /// A stable code for the error class.
    pub fn stable_code(&self) -> &'static str {
        "data::malformed"
    }
}

/// The data rows of a tab-separated file: `(line number, columns)`, comments and blank lines
/// skipped, each row checked to have at least `columns` fields.
pub fn rows<'t>(
    file: &'static str,
    text: &'t str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'t str>)>, DataError> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < columns {
            return Err(DataError {
                file,
                line: index + 1,
                message: format!(
                    "expected {columns} tab-separated fields, found {}",
                    fields.len()
                ),
            });
        }
        out.push((index + 1, fields));
    }
    Ok(out)
}

/// A number, or `-` for none.
pub fn optional_number(
    file: &'static str,
    line: usize,
    field: &str,
) -> Result<Option<f64>, DataError> {
    if field == "-" {
        return Ok(None);
    }
    field.parse().map(Some).map_err(|_| DataError {
        file,
        line,
        message: format!("`{field}` is not a number"),
    })
}

/// `x` rounded to `places` decimals: the one rounding of reported numbers.
pub fn round(x: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    (x * factor).round() / factor
}
