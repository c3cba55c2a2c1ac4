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

/// A miette report for one SMILES argument, with the source attached; when the argument looks
/// like a file name, the report says that no such file exists.
pub(crate) fn report(error: regiochem_mol::BuildError, text: &str) -> miette::Report {
    let report = source_report(error, "smiles", text);
    match crate::missing_file_help(text) {
        Some(help) => report.wrap_err(help),
        None => report,
    }
}

/// The longest line shown through miette's graphical renderer: it prints the whole line for
/// every error and cannot pad past column 65,535; a source with a longer line gets the plain
/// form instead.
const GRAPHICAL_LINE: usize = 1000;

/// A report for a diagnostic about `text` (named `name`): miette's graphical form with the
/// source attached, or, when a line is too long for it, a plain form with line, column and a
/// short excerpt per error, built in time linear in the text plus the errors.
pub(crate) fn source_report<D>(diagnostic: D, name: &str, text: &str) -> miette::Report
where
    D: miette::Diagnostic + Send + Sync + 'static,
{
    if text.split('\n').all(|line| line.len() <= GRAPHICAL_LINE) {
        return miette::Report::new(diagnostic)
            .with_source_code(miette::NamedSource::new(name, text.to_owned()));
    }
    let code = diagnostic.code().map(|c| c.to_string());
    miette::Report::new(Plain {
        code,
        text: plain(&diagnostic, name, text),
    })
}

/// A diagnostic rendered in advance.
#[derive(Debug)]
struct Plain {
    code: Option<String>,
    text: String,
}

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Plain {}

impl miette::Diagnostic for Plain {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }
}

/// `name:line:column: code: message`, an excerpt of at most 60 characters and a caret, for
/// the diagnostic and each related one.
fn plain(diagnostic: &dyn miette::Diagnostic, name: &str, text: &str) -> String {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let mut out = String::new();
    let mut one = |d: &dyn miette::Diagnostic| {
        let code = d.code().map(|c| c.to_string()).unwrap_or_default();
        let label = d.labels().and_then(|mut labels| labels.next());
        let Some(label) = label else {
            let _ = writeln!(out, "{name}: {code}: {d}");
            return;
        };
        let offset = label.offset().min(text.len());
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let end = line_starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let line_text = text[start..end].trim_end_matches('\r');
        let in_line = (offset - start).min(line_text.len());
        let column = line_text
            .get(..in_line)
            .map_or(in_line, |s| s.chars().count());
        let _ = writeln!(out, "{name}:{}:{}: {code}: {d}", line + 1, column + 1);
        let mut excerpt = compact(line + 1, line_text, &code, in_line, "");
        // Keep only the excerpt and caret lines of the compact form.
        if let Some(newline) = excerpt.find('\n') {
            excerpt.drain(..=newline);
        }
        if let Some(text) = label.label() {
            excerpt.pop();
            let _ = writeln!(excerpt, " {text}");
        }
        out.push_str(&excerpt);
    };
    one(diagnostic);
    if let Some(related) = diagnostic.related() {
        for d in related {
            one(d);
        }
    }
    out
}

/// Writes `text` to standard output, or the value as one JSON line when `json` is set.
pub(crate) fn emit(
    io: &mut crate::Io<'_>,
    json: bool,
    value: &impl serde::Serialize,
    text: impl FnOnce() -> String,
) -> miette::Result<()> {
    let out = if json {
        let mut line = serde_json::to_string(value).map_err(|e| crate::write_failed(e.into()))?;
        line.push('\n');
        line
    } else {
        text()
    };
    io.stdout
        .write_all(out.as_bytes())
        .map_err(crate::write_failed)
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
