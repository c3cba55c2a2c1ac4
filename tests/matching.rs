//! Substructure matching against RDKit: 16 patterns over 1,000 MOSES molecules
//! (`fixtures/matching/rdkit_matches.tsv`, written by `scripts/gen_match_fixtures.py`).

use std::collections::BTreeSet;

use regiochem_mol::{Molecule, Pattern};
use regiochem_testkit::{data_lines, read_fixture};

/// Distinct matched atom sets, RDKit's `uniquify=True` count.
fn atom_sets(molecule: &Molecule, pattern: &Pattern) -> usize {
    molecule
        .all_matches(pattern)
        .iter()
        .map(|m| {
            let mut atoms: Vec<usize> = m.atoms().iter().map(|a| a.index()).collect();
            atoms.sort_unstable();
            atoms
        })
        .collect::<BTreeSet<_>>()
        .len()
}

#[test]
fn has_match_and_atom_sets_agree_with_rdkit() {
    let text = read_fixture("matching/rdkit_matches.tsv");
    let patterns: Vec<(String, Pattern)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# pattern\t"))
        .map(|l| {
            let smarts = l.split('\t').nth(1).expect("pattern column");
            (
                smarts.to_owned(),
                smarts.parse().unwrap_or_else(|e| panic!("{smarts}: {e}")),
            )
        })
        .collect();
    assert_eq!(patterns.len(), 16);
    let (mut molecules, mut checks, mut positives) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for line in data_lines(&text) {
        let (smiles, counts) = line.split_once('\t').expect("two columns");
        let molecule: Molecule = smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"));
        for ((smarts, pattern), expected) in patterns.iter().zip(counts.split(',')) {
            let expected: usize = expected.parse().expect("a count");
            let has = molecule.has_match(pattern);
            let sets = atom_sets(&molecule, pattern);
            if has != (expected > 0) || sets != expected {
                disagreements.push(format!(
                    "{smiles} {smarts}: ours {has}/{sets}, RDKit {expected}"
                ));
            }
            checks += 1;
            positives += usize::from(expected > 0);
        }
        molecules += 1;
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert_eq!((molecules, checks), (1000, 16_000));
    assert!(positives > 4000, "{positives}");
}
