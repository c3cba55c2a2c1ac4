//! Accuracy against measured data nobody here wrote (issue 11): pKa of the site model on the
//! shared measured files. Each figure is the one `scripts/accuracy_pka.py` prints for the
//! README, pinned as a bound so a regression fails. Skips, saying so, where `../shared/` is
//! absent.

use std::collections::BTreeMap;

use regiochem_mol::Molecule;
use regiochem_rules::sites::{SiteModel, macro_pka};

/// Classes of the shared pKa files whose site is an aliphatic amine nitrogen.
const ALIPHATIC: [&str; 12] = [
    "primary",
    "secondary",
    "tertiary",
    "benzylic",
    "piperidine",
    "pyrrolidine",
    "morpholine",
    "acylpiperazine_NH",
    "acylpiperazine_Nalkyl",
    "other_ring_amine",
    "symmetric_diamine",
    "symmetric_polyamine",
];

/// Rows of a tab-separated file of `../shared/data/pka/` as maps from column to field.
fn shared_rows(name: &str) -> Option<Vec<BTreeMap<String, String>>> {
    regiochem_testkit::shared_tsv_rows(&format!("pka/{name}"))
}

/// How many symmetry-equivalent sites a measured (first macro) value covers.
fn equivalents(notes: &str) -> f64 {
    notes
        .split_once(" equivalent N at atoms")
        .and_then(|(head, _)| head.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1.0)
}

/// Mean absolute errors `(all, aliphatic sites)` of the micro pKa (plus log10 of the
/// equivalent sites) against the measured values of `name`.
fn site_errors(name: &str) -> Option<(f64, f64, usize)> {
    let rows = shared_rows(name)?;
    let model = SiteModel::standard().unwrap();
    let (mut all, mut aliphatic) = (Vec::new(), Vec::new());
    for row in &rows {
        let molecule: Molecule = row["smiles"].parse().unwrap();
        let atom: usize = row["site_atom"].parse().unwrap();
        let measured: f64 = row["pka"].parse().unwrap();
        let sites = model.perceive(&molecule);
        let site = sites.iter().find(|s| s.atom == atom).unwrap();
        let predicted = site
            .pka
            .map_or(0.0, |p| p + equivalents(&row["notes"]).log10());
        let error = (predicted - measured).abs();
        all.push(error);
        if ALIPHATIC.contains(&row["class"].as_str()) {
            aliphatic.push(error);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    Some((mean(&all), mean(&aliphatic), rows.len()))
}

#[test]
fn pka_of_measured_public_amines() {
    let Some((all, aliphatic, n)) = site_errors("amines_public.tsv") else {
        eprintln!("skipped: ../shared/data/pka/amines_public.tsv is absent");
        return;
    };
    assert_eq!(n, 1425);
    // Fitted on this file (cross-validated 0.55 overall); the goals are 0.7 and 0.5.
    assert!(all <= 0.47, "overall MAE {all:.3}");
    assert!(aliphatic <= 0.47, "aliphatic MAE {aliphatic:.3}");
}

#[test]
fn pka_of_measured_test_amines() {
    let Some((all, aliphatic, n)) = site_errors("amines_test.tsv") else {
        eprintln!("skipped: ../shared/data/pka/amines_test.tsv is absent");
        return;
    };
    assert_eq!(n, 140);
    assert!(all <= 0.55, "overall MAE {all:.3}");
    assert!(aliphatic <= 0.50, "aliphatic MAE {aliphatic:.3}");
}

#[test]
fn macro_pka_of_measured_diamines() {
    let Some(rows) = shared_rows("diamines_macro_test.tsv") else {
        eprintln!("skipped: ../shared/data/pka/diamines_macro_test.tsv is absent");
        return;
    };
    // The acyl- and sulfonylpiperazines of fixtures/pka/literature.tsv were fitted on.
    let fitted = regiochem_testkit::read_fixture("pka/literature.tsv");
    let model = SiteModel::standard().unwrap();
    let (mut within, mut total) = (0, 0);
    for row in &rows {
        if fitted
            .lines()
            .any(|l| l.split('\t').next() == Some(row["smiles"].as_str()))
        {
            continue;
        }
        let molecule: Molecule = row["smiles"].parse().unwrap();
        let sites = model.perceive(&molecule);
        let (protonation, _) = model.protonation(&molecule, &sites);
        let predicted = macro_pka(&protonation);
        let mut measured = vec![row["pka2"].parse::<f64>().unwrap()];
        if !row["pka1"].is_empty() {
            measured.push(row["pka1"].parse().unwrap());
        }
        assert!(predicted.len() >= measured.len(), "{}", row["smiles"]);
        for (m, p) in measured.iter().zip(&predicted) {
            total += 1;
            within += usize::from((m - p).abs() <= 0.7);
        }
    }
    assert_eq!(total, 44);
    assert!(
        within >= 39,
        "{within} of {total} macro constants within 0.7"
    );
}
