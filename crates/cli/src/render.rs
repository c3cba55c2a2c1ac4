//! Diagnostics for people: a compact one-line form with a caret for batch errors, and miette's
//! graphical report for a single SMILES given on the command line.

use std::fmt::Write as _;
use std::io::Write as _;

/// `line 3: smiles::unmatched_ring_bond at byte 1: unmatched ring closure`, then the line and a
/// caret under the offending column.
pub(crate) fn compact(
    line_number: usize,
    text: &str,
    code: &str,
    offset: usize,
    message: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "line {line_number}: {code} at byte {offset}: {message}"
    );
    // Keep the excerpt short for very long lines: at most 60 characters around the caret.
    let start = text
        .char_indices()
        .map(|(i, _)| i)
        .rev()
        .find(|&i| i + 30 <= offset)
        .unwrap_or(0);
    let excerpt: String = text[start..].chars().take(60).collect();
    let column = text
        .get(start..offset.min(text.len()))
        .map_or(0, |s| s.chars().count());
    let _ = writeln!(out, "  {excerpt}");
    let _ = writeln!(out, "  {}^", " ".repeat(column));
    out
}

/// A miette report for one SMILES, with the source attached.
pub(crate) fn report(error: regiochem_mol::BuildError, text: &str) -> miette::Report {
    miette::Report::new(error).with_source_code(miette::NamedSource::new("smiles", text.to_owned()))
}

/// Writes `text` to standard output, or the value as one JSON line when `json` is set.
pub(crate) fn emit(
    io: &mut crate::Io<'_>,
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> miette::Result<()> {
    let out = if json {
        let mut line = serde_json::to_string(value).map_err(|e| miette::miette!("{e}"))?;
        line.push('\n');
        line
    } else {
        text()
    };
    io.stdout
        .write_all(out.as_bytes())
        .map_err(|e| miette::miette!("cannot write output: {e}"))
}

/// Reads a whole file named on the command line.
pub(crate) fn read_file(path: &std::path::Path) -> miette::Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            code = "input::not_found",
            "cannot read {}: {e}",
            path.display()
        )
    })
}

/// One finding as a table row: severity, code, message.
pub(crate) fn finding_row(finding: &regiochem_rules::finding::Finding) -> String {
    format!(
        "  {:<4}  {:<18}  {}",
        finding.severity.name(),
        finding.code.name(),
        finding.message
    )
}
