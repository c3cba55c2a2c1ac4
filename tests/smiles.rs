//! Reading SMILES: the tricky table, the NextMove benchmark sample, diagnostics, properties.

use proptest::prelude::*;
use regiochem_mol::{BuildOptions, Molecule, Valence, build};
use regiochem_testkit::{data_lines, read_fixture, read_gzip_lines, render, shared_data};

fn read(smiles: &str, valence: Valence) -> Result<Molecule, regiochem_mol::BuildError> {
    let parsed = regiochem_smiles::parse(smiles)?;
    build(&parsed, &BuildOptions { valence })
}

/// `fixtures/molecules/tricky.tsv`: heavy atoms, total H, charge and rings of 30 tricky SMILES
/// (RDKit's values, or the OpenSMILES ones where RDKit rejects), and 16 must-reject strings.
#[test]
fn tricky_smiles_table() {
    let text = read_fixture("molecules/tricky.tsv");
    let (mut accepted, mut rejected) = (0, 0);
    for line in data_lines(&text) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[0] == "REJECT" {
            let result = read(fields[1], Valence::Strict);
            assert!(
                result.is_err(),
                "{} must be rejected ({})",
                fields[1],
                fields[2]
            );
            rejected += 1;
            continue;
        }
        let (smiles, heavy, hydrogens, charge, rings) =
            (fields[1], fields[2], fields[3], fields[4], fields[5]);
        // Strict mode rejects the one 4-connected neutral N; lenient gives the OpenSMILES count.
        let valence = if smiles == "N(C)(C)(C)C" {
            assert_eq!(
                read(smiles, Valence::Strict).unwrap_err().stable_code(),
                "mol::valence"
            );
            Valence::Lenient
        } else {
            Valence::Strict
        };
        let molecule = read(smiles, valence).unwrap_or_else(|e| panic!("{smiles}: {e}"));
        assert_eq!(
            molecule.heavy_atom_count().to_string(),
            heavy,
            "{smiles} heavy atoms"
        );
        assert_eq!(
            molecule.total_hydrogens().to_string(),
            hydrogens,
            "{smiles} hydrogens"
        );
        assert_eq!(
            format!("{:+}", molecule.net_charge()),
            charge,
            "{smiles} charge"
        );
        assert_eq!(molecule.ring_count().to_string(), rings, "{smiles} rings");
        assert_eq!(molecule.formula(), fields[6], "{smiles} formula");
        accepted += 1;
    }
    assert_eq!((accepted, rejected), (30, 16));
}

/// A sample of the NextMove SMILES reading benchmark, read in place from
/// `../shared/data/smilesreading/` (skipped when absent): per-atom hydrogen counts must equal
/// the consensus of 13 toolkits on 1,500 evenly spaced lines (line k * n / 1500) and on every
/// line whose expected payload is `#ERROR` or that is marked TIE, for each primary writer (the
/// full run is `scripts/smilesreading.py`). A line is `SMILES title`: the title is its last
/// token and must equal the expected file's.
#[test]
fn smilesreading_benchmark_sample() {
    const SAMPLE: usize = 1500;
    let Some(data) = shared_data("smilesreading") else {
        return;
    };
    for writer in ["oechem_June2017", "cdk_2.0", "rdkit_2017.03.3"] {
        let inputs =
            read_gzip_lines(&data.join(format!("2-aromaticsmiles/chembl/{writer}.smi.gz")));
        let expected = read_gzip_lines(&data.join(format!("expected/{writer}.expected.tsv.gz")));
        let n = inputs.len();
        assert_eq!(n, expected.len(), "{writer}: lines");
        let mut lines = 0;
        for (index, (input, expected)) in inputs.iter().zip(&expected).enumerate() {
            let columns: Vec<&str> = expected.split('\t').collect();
            let special = columns[1] == "#ERROR" || columns.iter().skip(4).any(|c| *c == "TIE");
            let sampled = (index * SAMPLE).div_ceil(n) * n / SAMPLE == index;
            if !(sampled || special) {
                continue;
            }
            let (smiles, title) = match input.trim_end().rsplit_once(char::is_whitespace) {
                Some((smiles, title)) => (smiles.trim(), title),
                None => ("", input.trim()),
            };
            assert_eq!(title, columns[0], "{writer} line {}: title", index + 1);
            let ours = match read(smiles, Valence::Lenient) {
                Ok(molecule) => {
                    let counts: Vec<String> = molecule
                        .atoms()
                        .map(|(_, a)| a.hydrogens().to_string())
                        .collect();
                    counts.join(" ")
                }
                Err(_) => "#ERROR".to_owned(),
            };
            assert_eq!(ours, columns[1], "{writer}: {smiles}");
            lines += 1;
        }
        assert!(lines >= 1500, "{writer}: only {lines} lines");
    }
}

/// Each must-reject string renders with its code and a caret under the right column.
#[test]
fn rejected_strings_render_with_a_caret() {
    let text = read_fixture("molecules/tricky.tsv");
    let mut rendered = String::new();
    for line in data_lines(&text).filter(|l| l.starts_with("REJECT")) {
        let smiles = line.split('\t').nth(1).expect("smiles column");
        let error = read(smiles, Valence::Strict).expect_err(smiles);
        rendered.push_str(&format!(
            "{smiles}  [{} at byte {}]\n",
            error.stable_code(),
            error.span().start
        ));
        rendered.push_str(&render(error, smiles));
        rendered.push('\n');
    }
    insta::assert_snapshot!(rendered);
}

/// Molecule dumps (hydrogens, symmetry classes, aromaticity, stereo) for the seed molecules.
#[test]
fn seed_molecule_dumps() {
    let mut out = String::new();
    for smiles in [
        "C1CNCCNC1",
        "CC(C)(C)OC(=O)N1CCCNCC1",
        "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
        "Fc1ccc(CN2CCCNCC2)c(F)c1",
        "O=C1CCN(Cc2ccccc2)CC1",
        "C[N:1]1CCC[NH:4]CC1",
        "N[C@@H](C)C(=O)O",
        "F/C=C/F",
    ] {
        let molecule: Molecule = smiles.parse().unwrap();
        out.push_str(&format!(
            "# {smiles}\n{}\n",
            regiochem_testkit::dump(&molecule)
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn million_atom_chain_and_deep_branches() {
    let chain = "C".repeat(1_000_000);
    let molecule: Molecule = chain.parse().unwrap();
    assert_eq!(molecule.atom_count(), 1_000_000);
    let deep = format!("{}C{}", "C(".repeat(200_000), ")".repeat(200_000));
    let molecule: Molecule = deep.parse().unwrap();
    assert_eq!(molecule.atom_count(), 200_001);
    let unclosed = "C(".repeat(100_000);
    assert!(unclosed.parse::<Molecule>().is_err());
}

fn smiles_alphabet() -> impl Strategy<Value = String> {
    proptest::string::string_regex(r"[CNOSPFIBrcnos0-9%()\[\]=#$:/\\@+\-.H*]{0,40}").expect("regex")
}

proptest! {
    /// The reader never panics, whatever the input.
    #[test]
    fn never_panics(text in "\\PC{0,60}") {
        let _ = text.parse::<Molecule>();
    }

    /// Near-SMILES strings either fail cleanly or round-trip: the canonical string reads back
    /// to a molecule with the same canonical string (write -> parse is isomorphic).
    #[test]
    fn canonical_round_trip(text in smiles_alphabet()) {
        if let Ok(molecule) = text.parse::<Molecule>() {
            let canonical = molecule.to_string();
            let again: Molecule = canonical.parse().map_err(|e| TestCaseError::fail(format!("{canonical}: {e}")))?;
            prop_assert_eq!(again.to_string(), canonical.clone());
            prop_assert_eq!(again.formula(), molecule.formula());
        }
    }
}
