//! Tidy checks on the sources themselves.

use std::path::PathBuf;

fn workspace_file(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// Removes `(* ... *)` comments (they may span lines).
fn strip_ebnf_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("(*") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("*)")
            .map_or(rest.len(), |end| start + end + 2);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Runs of blanks become one space.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every production of `grammar/smiles.ebnf` is quoted in a comment of
/// `crates/smiles/src/parse.rs`, as `name ::= ...` with the first line of its right-hand side
/// exactly as the grammar has it (blanks aside). Keeps the reader and the normative grammar
/// from drifting apart.
#[test]
fn every_grammar_production_is_quoted_in_the_reader() {
    let grammar = strip_ebnf_comments(&workspace_file("grammar/smiles.ebnf"));
    let productions: Vec<(String, String)> = grammar
        .lines()
        .filter_map(|line| {
            let (name, rule) = line.split_once("::=")?;
            let name = name.trim();
            (!name.is_empty() && !name.contains(' '))
                .then(|| (name.to_owned(), format!("{name} ::= {}", normalise(rule))))
        })
        .collect();
    // A sanity check on the scan itself: the grammar has 22 productions, `line` to `ringbond`.
    assert!(
        productions.len() >= 20,
        "only {} productions found in the grammar",
        productions.len()
    );

    let source = workspace_file("crates/smiles/src/parse.rs");
    let comments: Vec<String> = source
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let text = line
                .strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))
                .or_else(|| line.strip_prefix("//"))?;
            Some(normalise(text))
        })
        .collect();

    let missing: Vec<&str> = productions
        .iter()
        .filter(|(_, quote)| !comments.iter().any(|comment| comment == quote))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "productions not quoted (as `name ::= rule`) in a comment of parse.rs: {missing:?}"
    );
}
