//! Test helpers shared by regiochem's integration tests: fixture paths, the shared reference
//! data (`../shared/data/`, read in place, never copied), diagnostic rendering without colour,
//! and a plain-text molecule dump for snapshots.
#![warn(missing_docs)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regiochem_mol::{Chirality, Molecule};

/// Absolute path of a file under the workspace's `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path)
}

/// `../shared/data/<path>` beside the workspace (data from public source repositories that
/// the project reads in place and never copies), or `None` after printing a skip message when
/// it is absent, so that a test can `return` early.
pub fn shared_data(path: &str) -> Option<PathBuf> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!(
            "skipping: {} is absent (the shared reference data beside the workspace)",
            full.display()
        );
        None
    }
}

/// The rows of a tab-separated file of `../shared/data/` (`path` inside it) as maps from the
/// header's column names, `#` lines and blank lines left out; `None` (with the skip message of
/// [`shared_data`]) where the file is absent.
pub fn shared_tsv_rows(path: &str) -> Option<Vec<std::collections::BTreeMap<String, String>>> {
    let file = shared_data(path)?;
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<String> = lines.next()?.split('\t').map(String::from).collect();
    Some(
        lines
            .filter(|l| !l.is_empty())
            .map(|l| {
                header
                    .iter()
                    .cloned()
                    .zip(l.split('\t').map(String::from))
                    .collect()
            })
            .collect(),
    )
}

/// The lines of a gzip file (one member, as `gzip` writes them), without their newlines.
pub fn read_gzip_lines(path: &Path) -> Vec<String> {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        bytes.len() > 18 && bytes[..3] == [0x1f, 0x8b, 8],
        "{}: not a gzip file",
        path.display()
    );
    // RFC 1952 header: flags FEXTRA 4, FNAME 8, FCOMMENT 16, FHCRC 2.
    let flags = bytes[3];
    let mut at = 10;
    if flags & 4 != 0 {
        at += 2 + usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    }
    for flag in [8, 16] {
        if flags & flag != 0 {
            at += bytes[at..]
                .iter()
                .position(|&b| b == 0)
                .expect("terminated")
                + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    let inflated = miniz_oxide::inflate::decompress_to_vec(&bytes[at..bytes.len() - 8])
        .unwrap_or_else(|e| panic!("{}: cannot inflate: {e:?}", path.display()));
    let text = String::from_utf8(inflated)
        .unwrap_or_else(|e| panic!("{}: not UTF-8: {e}", path.display()));
    text.lines().map(str::to_owned).collect()
}

/// The text of a fixture file.
pub fn read_fixture(path: &str) -> String {
    let full = fixture(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// Data lines of a fixture: `#` comments and blank lines skipped.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
}

/// A diagnostic rendered as a terminal would show it, without colour, with `source` attached.
pub fn render(diagnostic: impl miette::Diagnostic + Send + Sync + 'static, source: &str) -> String {
    let report = miette::Report::new(diagnostic)
        .with_source_code(miette::NamedSource::new("input", source.to_owned()));
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    let mut out = String::new();
    handler
        .render_report(&mut out, report.as_ref())
        .expect("render to a String");
    out
}

/// One line per atom and bond: element, charge, hydrogens, flags, stereo; then the canonical
/// SMILES. Stable across runs, for snapshots.
pub fn dump(molecule: &Molecule) -> String {
    let mut out = String::new();
    let classes = molecule.symmetry_classes();
    for (id, atom) in molecule.atoms() {
        let _ = write!(out, "atom {} {}", id.index(), atom.element().symbol());
        if let Some(isotope) = atom.isotope() {
            let _ = write!(out, " isotope={isotope}");
        }
        if atom.charge() != 0 {
            let _ = write!(out, " charge={}", atom.charge());
        }
        let _ = write!(out, " h={} class={}", atom.hydrogens(), classes[id.index()]);
        if atom.is_aromatic() {
            out.push_str(" aromatic");
        }
        if atom.is_in_ring() {
            out.push_str(" ring");
        }
        match atom.chirality() {
            Chirality::Tetrahedral { clockwise, .. } => {
                out.push_str(if *clockwise { " @@" } else { " @" });
            }
            Chirality::Other(other) => {
                let _ = write!(out, " {other:?}");
            }
            _ => {}
        }
        out.push('\n');
    }
    for (_, a, b, bond) in molecule.bonds() {
        let _ = write!(out, "bond {}-{} {:?}", a.index(), b.index(), bond.order());
        if bond.is_aromatic() {
            out.push_str(" aromatic");
        }
        if bond.is_in_ring() {
            out.push_str(" ring");
        }
        if bond.has_stereo() {
            out.push_str(" stereo");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "canonical {molecule}");
    out
}

/// The canonical SMILES of `smiles` with its stereo marks (`@` in brackets, `/` and `\`
/// bonds) removed: the constitution, for comparing products whose recorded stereo is as a
/// patent wrote it. `None` when it does not read.
pub fn constitution(smiles: &str) -> Option<String> {
    let mut flat = String::with_capacity(smiles.len());
    let mut in_bracket = false;
    let mut chars = smiles.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '/' | '\\' => continue,
            '@' if in_bracket => {
                // `@`, `@@`, and the long forms (`@TH1`, `@SP2`, `@OH12`).
                while chars.peek() == Some(&'@') {
                    chars.next();
                }
                while chars.peek().is_some_and(|c| c.is_ascii_uppercase()) {
                    if matches!(chars.peek(), Some('H')) {
                        break;
                    }
                    chars.next();
                }
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                continue;
            }
            _ => {}
        }
        flat.push(c);
    }
    flat.parse::<Molecule>().ok().map(|m| m.to_string())
}
