//! The syntax of rules files (grammar/rules.ebnf): entries (`rule NAME` or `check NAME`) and
//! their indented `key value` fields, with byte spans. Reading goes on past a bad line, so
//! every error of a file is reported; what the keys mean is [`crate::ruleset`]'s business.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{space0, space1};
use nom::combinator::{eof, rest};
use nom::{IResult, Parser};
use regiochem_smiles::Span;

use crate::error::RuleError;

/// `rule` or `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A reaction rule (template plus metadata).
    Rule,
    /// A check: a pattern and the finding it raises.
    Check,
}

/// One entry of a rules file.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `rule` or `check`.
    pub kind: EntryKind,
    /// Its name.
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// Its fields in file order.
    pub fields: Vec<Field>,
}

/// One `key value` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub key_span: Span,
    /// The value, trailing blanks removed.
    pub value: String,
    /// Where the value is.
    pub value_span: Span,
}

/// A classified line.
enum Line<'a> {
    Blank,
    Header(EntryKind, &'a str, usize),
    Field(&'a str, usize, &'a str, usize),
}

/// Reads every entry of `text`; the errors of bad lines come back beside the entries read.
pub fn read_entries(text: &str) -> (Vec<Entry>, Vec<RuleError>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        match classify(line) {
            Ok(Line::Blank) => {}
            Ok(Line::Header(kind, name, at)) => entries.push(Entry {
                kind,
                name: name.to_string(),
                name_span: Span::new(offset + at, offset + at + name.len()),
                fields: Vec::new(),
            }),
            Ok(Line::Field(key, key_at, value, value_at)) => {
                let field = Field {
                    key: key.to_string(),
                    key_span: Span::new(offset + key_at, offset + key_at + key.len()),
                    value: value.to_string(),
                    value_span: Span::new(offset + value_at, offset + value_at + value.len()),
                };
                match entries.last_mut() {
                    Some(entry) => entry.fields.push(field),
                    None => errors.push(RuleError::FieldOutsideEntry {
                        span: field.key_span,
                    }),
                }
            }
            Err(at) => errors.push(RuleError::BadLine {
                span: Span::new(offset + at, offset + line.len().max(at + 1)),
            }),
        }
        offset += raw.len();
    }
    (entries, errors)
}

/// Which kind of line `line` is; on error, the byte offset where it goes wrong.
fn classify(line: &str) -> Result<Line<'_>, usize> {
    if let Ok((_, ())) = blank(line) {
        return Ok(Line::Blank);
    }
    if let Ok((_, (kind, name, at))) = header(line) {
        return Ok(Line::Header(kind, name, at));
    }
    if let Ok((_, (key, key_at, value, value_at))) = field(line) {
        return Ok(Line::Field(key, key_at, value, value_at));
    }
    Err(line.len() - line.trim_start().len())
}

/// `blank ::= space*` and `comment ::= space* '#' any*`
fn blank(line: &str) -> IResult<&str, ()> {
    let (input, _) = space0(line)?;
    let (input, _) = alt((eof, (tag("#"), rest).map(|(h, _): (&str, &str)| h))).parse(input)?;
    Ok((input, ()))
}

/// `header ::= kind space+ name space*`, `kind ::= 'rule' | 'check'`,
/// `name ::= name_char+`
fn header(line: &str) -> IResult<&str, (EntryKind, &str, usize)> {
    let (input, kind) = alt((
        tag("rule").map(|_| EntryKind::Rule),
        tag("check").map(|_| EntryKind::Check),
    ))
    .parse(line)?;
    let (input, _) = space1(input)?;
    let at = line.len() - input.len();
    let (input, name) =
        take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))(input)?;
    let (input, _) = space0(input)?;
    let (input, _) = eof(input)?;
    Ok((input, (kind, name, at)))
}

/// `field ::= space+ key space+ value`, `key ::= [a-z] ( [a-z] | '-' )*`,
/// `value ::= any+`
fn field(line: &str) -> IResult<&str, (&str, usize, &str, usize)> {
    let (input, _) = space1(line)?;
    let key_at = line.len() - input.len();
    let (input, key) = take_while1(|c: char| c.is_ascii_lowercase() || c == '-')(input)?;
    let (input, _) = space1(input)?;
    let value_at = line.len() - input.len();
    let (input, value) = take_while(|_| true)(input)?;
    let value = value.trim_end();
    if value.is_empty() {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TakeWhile1,
        )));
    }
    Ok(("", (key, key_at, value, value_at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_fields_with_spans() {
        let text =
            "# a comment\nrule boc-on\n  class protect\n\ncheck hazard-hn3\n  when schmidt\n";
        let (entries, errors) = read_entries(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "boc-on");
        assert_eq!(
            &text[entries[0].name_span.start..entries[0].name_span.end],
            "boc-on"
        );
        let class = &entries[0].fields[0];
        assert_eq!(
            (class.key.as_str(), class.value.as_str()),
            ("class", "protect")
        );
        assert_eq!(
            &text[class.value_span.start..class.value_span.end],
            "protect"
        );
        assert_eq!(entries[1].kind, EntryKind::Check);
    }

    #[test]
    fn a_bad_line_is_reported_and_reading_goes_on() {
        let text = "rule a\n  class protect\nnonsense here\n  key\nrule b\n  class reduce\n";
        let (entries, errors) = read_entries(text);
        assert_eq!(entries.len(), 2);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].span(), Span::new(23, 36));
        assert_eq!(errors[1].span().start, 39);
    }

    #[test]
    fn field_before_any_entry() {
        let (_, errors) = read_entries("  class protect\n");
        assert_eq!(errors[0].stable_code(), "rules::field_outside_entry");
        assert_eq!(errors[0].span(), Span::new(2, 7));
    }

    #[test]
    fn template_values_keep_their_hashes() {
        let (entries, _) = read_entries("rule x\n  template [C:1]#N>>[C:1]\n");
        assert_eq!(entries[0].fields[0].value, "[C:1]#N>>[C:1]");
    }
}
