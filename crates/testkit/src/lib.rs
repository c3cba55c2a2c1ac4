//! Test helpers shared by regiochem's integration tests: fixture paths, diagnostic rendering
//! without colour, and a plain-text molecule dump for snapshots.
#![warn(missing_docs)]

use std::fmt::Write as _;
use std::path::PathBuf;

use regiochem_mol::{Chirality, Molecule};

/// Absolute path of a file under the workspace's `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path)
}

/// Path of a file under `../shared/data/` beside the workspace (public reference data that
/// the project reads but never copies), or `None` where it is absent, so the caller skips.
pub fn shared_data(path: &str) -> Option<PathBuf> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path);
    full.is_file().then_some(full)
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
