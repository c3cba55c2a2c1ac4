//! SMILES fixture folders, one snapshot per file: `fixtures/smiles/valid/*.smi` (every line
//! reads; the snapshot holds its canonical SMILES) and `fixtures/smiles/invalid/*.smi` (one
//! SMILES per file that must be rejected; the snapshot holds the caret diagnostic).

use regiochem_mol::{BuildError, BuildOptions, Molecule, build};
use regiochem_testkit::{data_lines, render};

fn read(line: &str) -> Result<Molecule, BuildError> {
    let smiles = regiochem_smiles::parse(line)?;
    build(&smiles, &BuildOptions::default())
}

/// Each line of a valid file reads, and its canonical SMILES reads back to itself.
#[test]
fn valid_files_give_canonical_smiles() {
    insta::glob!("../fixtures/smiles/valid", "*.smi", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut out = String::new();
        for line in data_lines(&text) {
            let molecule = read(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            let canonical = molecule.to_string();
            let again = read(&canonical)
                .unwrap_or_else(|e| panic!("{line}: canonical {canonical} does not read: {e}"));
            assert_eq!(again.to_string(), canonical, "{line}: not a fixed point");
            out.push_str(&format!("{line}\n  -> {canonical}\n"));
        }
        assert!(!out.is_empty(), "{} has no SMILES", path.display());
        insta::assert_snapshot!(out);
    });
}

/// Each invalid file holds one SMILES that must be rejected; the snapshot is its stable code
/// and the diagnostic as a terminal shows it.
#[test]
fn invalid_files_render_a_diagnostic() {
    insta::glob!("../fixtures/smiles/invalid", "*.smi", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = data_lines(&text).collect();
        assert_eq!(lines.len(), 1, "{}: one SMILES per file", path.display());
        let line = lines[0];
        let error = match read(line) {
            Ok(molecule) => panic!("{line} must be rejected, read as {molecule}"),
            Err(error) => error,
        };
        let header = format!(
            "{line}  [{} at byte {}]\n",
            error.stable_code(),
            error.span().start
        );
        insta::assert_snapshot!(header + &render(error, line));
    });
}
