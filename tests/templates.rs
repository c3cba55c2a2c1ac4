//! Reaction templates against RDKit: the 13 verified forward templates of chemistry.md
//! section 2 on diazepane substrates (`fixtures/templates/rdkit_products.tsv`, written by
//! `scripts/gen_template_fixtures.py`), products compared as regiochem canonical SMILES.

use regiochem_mol::Molecule;
use regiochem_rules::Template;
use regiochem_testkit::{data_lines, read_fixture};

fn canonical(smiles: &str) -> String {
    smiles
        .parse::<Molecule>()
        .unwrap_or_else(|e| panic!("{smiles}: {e}"))
        .to_string()
}

#[test]
fn verified_templates_give_rdkit_products() {
    let text = read_fixture("templates/rdkit_products.tsv");
    let mut names = std::collections::BTreeSet::new();
    let mut cases = 0;
    for line in data_lines(&text) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (name, template, reactants, expected) = (fields[0], fields[1], fields[2], fields[3]);
        let template = Template::new(template).unwrap_or_else(|e| panic!("{name}: {e}"));
        let molecules: Vec<Molecule> = reactants
            .split(' ')
            .map(|s| s.parse().unwrap_or_else(|e| panic!("{s}: {e}")))
            .collect();
        let refs: Vec<&Molecule> = molecules.iter().collect();
        let mut ours: Vec<String> = template
            .apply(&refs)
            .unwrap_or_else(|e| panic!("{name} {reactants}: {e}"))
            .iter()
            .map(ToString::to_string)
            .collect();
        ours.sort();
        let mut rdkit: Vec<String> = if expected == "-" {
            Vec::new()
        } else {
            expected.split(' ').map(canonical).collect()
        };
        rdkit.sort();
        assert_eq!(ours, rdkit, "{name} on {reactants}");
        names.insert(name.to_owned());
        cases += 1;
    }
    assert_eq!((names.len(), cases), (13, 30));
}

/// Deprotections run to completion: every Boc, Cbz or benzyl group the template recognises.
#[test]
fn deprotections_are_exhaustive() {
    let cases = [
        (
            "[N:1][C;!R](=O)O[C]([CH3])([CH3])[CH3]>>[N:1]",
            "CC(C)(C)OC(=O)N1CCCN(C(=O)OC(C)(C)C)CC1",
            "C1CNCCNC1",
        ),
        (
            "[N:1][C;!R](=O)O[CH2]c1[cH][cH][cH][cH][cH]1>>[N:1]",
            "O=C(OCc1ccccc1)N1CCCN(C(=O)OCc2ccccc2)CC1",
            "C1CNCCNC1",
        ),
        (
            "[NX3;!$(N[C,S]=[O,S]):1][CH2]c1[cH][cH][cH][cH][cH]1>>[N:1]",
            "C1CN(Cc2ccccc2)CCN(Cc2ccccc2)C1",
            "C1CNCCNC1",
        ),
    ];
    for (template, substrate, product) in cases {
        let template = Template::new(template).unwrap();
        let substrate: Molecule = substrate.parse().unwrap();
        let done = template.apply_exhaustively(&substrate, 10).unwrap();
        assert_eq!(done.to_string(), canonical(product), "{substrate}");
    }
}
