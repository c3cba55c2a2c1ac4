//! Defects of the molecule core: SMILES reading and writing, perception, canonical SMILES,
//! matching.

use regiochem_mol::Molecule;

fn canon(smiles: &str) -> String {
    smiles
        .parse::<Molecule>()
        .unwrap_or_else(|e| panic!("{smiles}: {e}"))
        .to_string()
}

/// Canonical SMILES that reads back to itself.
fn stable_canon(smiles: &str) -> String {
    let first = canon(smiles);
    assert_eq!(canon(&first), first, "{smiles} is not stable");
    first
}

/// `C(=C\C(=O)/C=C/c1ccccc1)/c1ccccc1` was rejected as `mol::conflicting_stereo`: the two
/// marks on the carbonyl carbon belong to its two C=C bonds, not to the C=O (whose oxygen has
/// no reference). RDKit reads it as (E,E)-dibenzylideneacetone; the output is the string RDKit
/// reads as the same stereoisomer (checked with `scripts/check_stereo_rdkit.py`).
#[test]
fn conjugated_diene_with_shared_reference_bonds_is_accepted() {
    let out = stable_canon("C(=C\\C(=O)/C=C/c1ccccc1)/c1ccccc1");
    assert_eq!(out, "O=C(/C=C/c1ccccc1)/C=C/c1ccccc1");
    assert_eq!(
        "C/C(\\F)=C/F"
            .parse::<Molecule>()
            .expect_err("two marks on one side of a stereo bond")
            .stable_code(),
        "mol::conflicting_stereo"
    );
}
