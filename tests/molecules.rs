//! Molecules against RDKit: properties of 2,300 drug-like molecules, canonical invariance over
//! 1,200 molecules written 7 ways each.

use std::collections::BTreeMap;

use regiochem_mol::Molecule;
use regiochem_testkit::{data_lines, read_fixture};

fn check_properties(fixture: &str) -> usize {
    let text = read_fixture(fixture);
    let mut checked = 0;
    for line in data_lines(&text) {
        let f: Vec<&str> = line.split('\t').collect();
        let molecule: Molecule = f[0].parse().unwrap_or_else(|e| panic!("{}: {e}", f[0]));
        let ours = (
            molecule.heavy_atom_count().to_string(),
            molecule.total_hydrogens().to_string(),
            molecule.formula(),
            molecule.net_charge().to_string(),
            molecule.ring_count().to_string(),
            molecule.aromatic_atom_count().to_string(),
        );
        let rdkit = (
            f[1].to_owned(),
            f[2].to_owned(),
            f[3].to_owned(),
            f[5].to_owned(),
            f[6].to_owned(),
            f[7].to_owned(),
        );
        assert_eq!(ours, rdkit, "{}", f[0]);
        let mass: f64 = f[4].parse().unwrap();
        assert!(
            (molecule.average_mass() - mass).abs() < 0.01,
            "{}: mass {} vs {mass}",
            f[0],
            molecule.average_mass()
        );
        checked += 1;
    }
    checked
}

#[test]
fn properties_match_rdkit_on_moses() {
    assert_eq!(check_properties("molecules/rdkit_props.tsv"), 2000);
}

#[test]
fn properties_match_rdkit_on_diazepanes() {
    assert_eq!(
        check_properties("molecules/diazepanes_rdkit_props.tsv"),
        300
    );
}

/// Every spelling of a molecule gives one canonical string; different molecules differ.
#[test]
fn canonical_smiles_is_invariant() {
    let text = read_fixture("canon/variants.tsv");
    let mut by_id: BTreeMap<&str, Vec<(String, &str)>> = BTreeMap::new();
    for line in data_lines(&text) {
        let (id, smiles) = line.split_once('\t').unwrap();
        let molecule: Molecule = smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"));
        by_id
            .entry(id)
            .or_default()
            .push((molecule.to_string(), smiles));
    }
    assert_eq!(by_id.len(), 1200);
    let mut seen = BTreeMap::new();
    for (id, variants) in &by_id {
        assert!(variants.len() >= 5, "{id}");
        let first = &variants[0].0;
        for (canonical, smiles) in variants {
            assert_eq!(canonical, first, "{id}: {smiles} vs {}", variants[0].1);
        }
        if let Some(other) = seen.insert(first.clone(), *id) {
            panic!("{id} and {other} share {first}");
        }
    }
}

/// `scripts/check_canon_rdkit.py` recorded our canonical string for each molecule and whether
/// RDKit reads it back as the same molecule; the recorded strings must still be what we write.
#[test]
fn canonical_smiles_read_back_by_rdkit() {
    let variants = read_fixture("canon/variants.tsv");
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for line in data_lines(&variants) {
        let (id, smiles) = line.split_once('\t').unwrap();
        first.entry(id).or_insert(smiles);
    }
    let recorded = read_fixture("canon/rdkit_roundtrip.tsv");
    let mut rows = 0;
    for line in data_lines(&recorded).filter(|l| !l.starts_with("id\t")) {
        let fields: Vec<&str> = line.split('\t').collect();
        let molecule: Molecule = first[fields[0]].parse().unwrap();
        assert_eq!(molecule.to_string(), fields[1], "{}", fields[0]);
        assert_eq!(
            fields[2], "1",
            "RDKit read {} back as another molecule",
            fields[1]
        );
        rows += 1;
    }
    assert_eq!(rows, 1200);
}

/// `fixtures/valence/rdkit_valence.tsv` (`scripts/gen_valence_fixtures.py`): 3,205 generated
/// edge-valence SMILES (every organic-subset element with up to eight neighbours, RDKit's
/// cleanUp forms, hypervalent aromatic rings). Strict mode accepts exactly what RDKit accepts,
/// with RDKit's hydrogen count on every atom.
#[test]
fn strict_valence_agrees_with_rdkit() {
    let text = read_fixture("valence/rdkit_valence.tsv");
    let (mut lines, mut rejected) = (0, 0);
    let mut disagreements = Vec::new();
    for line in data_lines(&text) {
        let (smiles, expected) = line.split_once('\t').expect("two columns");
        let ours = match smiles.parse::<Molecule>() {
            Ok(molecule) => {
                let counts: Vec<String> = molecule
                    .atoms()
                    .map(|(_, a)| a.hydrogens().to_string())
                    .collect();
                counts.join(" ")
            }
            Err(_) => "#ERROR".to_owned(),
        };
        if ours != expected {
            disagreements.push(format!("{smiles}: ours {ours}, RDKit {expected}"));
        }
        rejected += usize::from(expected == "#ERROR");
        lines += 1;
    }
    assert!(
        disagreements.is_empty(),
        "{} of {lines} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert_eq!((lines, rejected), (3205, 2694));
}
