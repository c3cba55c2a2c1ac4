//! The rules engine: predicted products for every rule and for every protecting group under
//! every condition (snapshots over `fixtures/rules/`), the seed's numbers, regiochemistry,
//! and rules-file diagnostics.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use regiochem_mol::Molecule;
use regiochem_rules::evaluate::StepOutcome;
use regiochem_rules::finding::{Finding, FindingCode};
use regiochem_rules::predict::{Engine, Prediction};
use regiochem_rules::reagents::canonical_components;
use regiochem_rules::ruleset::RuleSet;
use regiochem_rules::sites::SiteModel;
use regiochem_rules::step::Step;
use regiochem_testkit::{data_lines, read_fixture, render};

fn engine() -> Engine<'static> {
    Engine::standard().unwrap()
}

fn step(substrate: &str, co_reactants: &str, agents: &str, equivalents: f64, acid: f64) -> Step {
    let molecules = |text: &str| -> Vec<Molecule> {
        if text == "-" {
            Vec::new()
        } else {
            text.split('.').map(|s| s.parse().unwrap()).collect()
        }
    };
    let mut step = Step::new(substrate.parse().unwrap());
    step.co_reactants = molecules(co_reactants);
    if agents != "-" {
        step.agents = canonical_components(agents).unwrap();
    }
    step.equivalents = equivalents;
    step.acid = acid;
    step
}

fn predict(
    substrate: &str,
    co_reactants: &str,
    agents: &str,
    equivalents: f64,
    acid: f64,
) -> Prediction {
    engine().predict(&step(substrate, co_reactants, agents, equivalents, acid))
}

/// The step judged against its own major product, as `regiochem predict` reports it.
fn evaluate(
    substrate: &str,
    co_reactants: &str,
    agents: &str,
    equivalents: f64,
    acid: f64,
) -> StepOutcome {
    engine().evaluate(
        &step(substrate, co_reactants, agents, equivalents, acid),
        None,
    )
}

/// The fraction of the product with this canonical SMILES.
fn fraction(prediction: &Prediction, smiles: &str) -> f64 {
    let canonical = smiles.parse::<Molecule>().unwrap().to_string();
    prediction
        .products
        .iter()
        .find(|p| p.smiles == canonical)
        .map_or(0.0, |p| p.fraction)
}

/// Mono and bis fractions (by units of co-reactant taken up).
fn mono_bis(prediction: &Prediction) -> (f64, f64) {
    let sum = |units: u32| -> f64 {
        prediction
            .products
            .iter()
            .filter(|p| p.units == units)
            .map(|p| p.fraction)
            .sum()
    };
    (sum(1), sum(2))
}

fn describe(prediction: &Prediction, findings: &[Finding]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "conditions: {}", prediction.conditions.join(", "));
    let _ = writeln!(out, "rules: {}", prediction.rules.join(", "));
    for product in &prediction.products {
        let _ = writeln!(
            out,
            "{:>6.1} %  {}  [{}]",
            100.0 * product.fraction,
            product.smiles,
            product.sites
        );
    }
    let _ = writeln!(out, "{:>6.1} %  unreacted", 100.0 * prediction.unreacted);
    for finding in findings {
        let _ = writeln!(
            out,
            "{} {}: {}",
            finding.severity.name(),
            finding.code.name(),
            finding.message
        );
    }
    out
}

#[test]
fn every_step_fixture_snapshot_and_every_rule_fires() {
    let text = read_fixture("rules/steps.tsv");
    let mut fired: BTreeSet<String> = BTreeSet::new();
    let mut codes: BTreeSet<&str> = BTreeSet::new();
    for line in data_lines(&text) {
        let f: Vec<&str> = line.split('\t').collect();
        let outcome = evaluate(
            f[1],
            f[2],
            f[3],
            f[4].parse().unwrap(),
            f[5].parse().unwrap(),
        );
        let prediction = &outcome.prediction;
        let total: f64 =
            prediction.products.iter().map(|p| p.fraction).sum::<f64>() + prediction.unreacted;
        assert!((total - 1.0).abs() < 1e-3, "{}: mass balance {total}", f[0]);
        fired.extend(prediction.rules.iter().cloned());
        codes.extend(outcome.findings.iter().map(|x| x.code.name()));
        let header = format!(
            "{} + {} | {} | eq {} acid {}\n",
            f[1], f[2], f[3], f[4], f[5]
        );
        insta::assert_snapshot!(
            format!("step_{}", f[0]),
            header + &describe(prediction, &outcome.findings)
        );
    }
    // The matrix covers the deprotections.
    let matrix = matrix_rows();
    for (_, _, outcome) in &matrix {
        fired.extend(outcome.prediction.rules.iter().cloned());
        codes.extend(outcome.findings.iter().map(|x| x.code.name()));
    }
    let all: BTreeSet<String> = RuleSet::standard()
        .unwrap()
        .rules()
        .iter()
        .map(|r| r.name.clone())
        .collect();
    let missing: Vec<_> = all.difference(&fired).collect();
    assert!(
        missing.is_empty(),
        "rules never fired by a fixture: {missing:?}"
    );
    for code in [
        "no-reaction",
        "poor-selectivity",
        "over-reaction",
        "incompatible-group",
        "unremovable-group",
        "catalyst-poisoning",
        "unstable-reagent",
        "self-reactive",
        "incompatible-solvent",
        "incompatible-base",
        "hazard",
        "stoichiometry",
        "unknown-agent",
    ] {
        assert!(codes.contains(code), "no fixture raises {code}");
    }
}

fn matrix_rows() -> Vec<(String, String, StepOutcome)> {
    let groups = read_fixture("rules/protected.tsv");
    let conditions = read_fixture("rules/conditions.tsv");
    let mut rows = Vec::new();
    for group in data_lines(&groups) {
        let g: Vec<&str> = group.split('\t').collect();
        for condition in data_lines(&conditions) {
            let c: Vec<&str> = condition.split('\t').collect();
            let outcome = evaluate(g[1], c[2], c[1], 1.0, 0.0);
            rows.push((g[0].to_string(), c[0].to_string(), outcome));
        }
    }
    rows
}

#[test]
fn protecting_group_by_condition_matrix() {
    let mut out = String::new();
    for (group, condition, outcome) in matrix_rows() {
        let prediction = &outcome.prediction;
        let major = prediction.major().map_or("(no product)".to_string(), |p| {
            format!("{} {:.0} %", p.smiles, 100.0 * p.fraction)
        });
        let findings: Vec<String> = outcome
            .findings
            .iter()
            .filter(|f| f.code != FindingCode::Hazard)
            .map(|f| format!("{} {}", f.severity.name(), f.code.name()))
            .collect();
        let _ = writeln!(
            out,
            "{group:<8} {condition:<20} {major}  {{{}}}  [{}]",
            prediction.rules.join(" "),
            findings.join("; ")
        );
    }
    insta::assert_snapshot!("protecting_group_matrix", out);
}

// ---------------------------------------------------------------- the seed's numbers

const HOMOPIPERAZINE: &str = "C1CNCCNC1";
const BOC2O: &str = "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C";

#[test]
fn boc2o_on_free_homopiperazine_is_statistical() {
    let prediction = predict(HOMOPIPERAZINE, BOC2O, "ClCCl", 1.0, 0.0);
    let (mono, bis) = mono_bis(&prediction);
    assert!((0.35..=0.52).contains(&mono), "mono {mono}");
    assert!(
        (bis - prediction.unreacted).abs() < 0.01,
        "bis {bis} vs unreacted {}",
        prediction.unreacted
    );
}

#[test]
fn one_equivalent_of_hcl_shields_one_nitrogen_for_boc2o() {
    let prediction = predict(HOMOPIPERAZINE, BOC2O, "CO", 1.0, 1.0);
    let (mono, bis) = mono_bis(&prediction);
    assert!(mono >= 0.80, "mono {mono}");
    assert!(bis <= 0.08, "bis {bis}");
}

#[test]
fn one_equivalent_of_hcl_with_benzyl_bromide() {
    let prediction = predict(HOMOPIPERAZINE, "BrCc1ccccc1", "CO", 1.0, 1.0);
    let (mono, bis) = mono_bis(&prediction);
    assert!((0.62..=0.85).contains(&mono), "mono {mono}");
    assert!((0.03..=0.15).contains(&bis), "bis {bis}");
}

#[test]
fn five_equivalents_of_diamine_give_ninety_to_five_on_the_electrophile() {
    let prediction = predict(
        HOMOPIPERAZINE,
        "O=[N+]([O-])c1ccc(CBr)cc1",
        "CC#N",
        0.2,
        0.0,
    );
    let (mono, bis) = mono_bis(&prediction);
    let (mono, bis) = (mono / 0.2, bis / 0.2);
    assert!(
        (mono - 0.90).abs() < 0.01 && (bis - 0.05).abs() < 0.01,
        "{mono} : {bis}"
    );
}

// ---------------------------------------------------------------- regiochemistry

#[test]
fn benzyl_homopiperazine_is_boc_protected_at_n4_only() {
    let prediction = predict("c1ccc(CN2CCCNCC2)cc1", BOC2O, "ClCCl", 1.0, 0.0);
    assert_eq!(
        prediction.products.len(),
        1,
        "{}",
        describe(&prediction, &prediction.findings)
    );
    let product = &prediction.products[0];
    assert_eq!(product.sites, "N4");
    assert_eq!(
        product.smiles,
        "CC(C)(C)OC(=O)N1CCCN(Cc2ccccc2)CC1"
            .parse::<Molecule>()
            .unwrap()
            .to_string()
    );
    assert!(product.fraction > 0.99);
}

#[test]
fn the_primary_amine_of_n_methylpropane_diamine_reacts_first_with_boc2o() {
    let prediction = predict("CNCCCN", BOC2O, "ClCCl", 0.5, 0.0);
    let primary = fraction(&prediction, "CNCCCNC(=O)OC(C)(C)C");
    let secondary = fraction(&prediction, "CN(CCCN)C(=O)OC(C)(C)C");
    assert!(
        primary > 3.0 * secondary,
        "primary {primary} secondary {secondary}"
    );
}

#[test]
fn nitrogen_symmetry_and_basicity() {
    let model = SiteModel::standard().unwrap();
    let free = model.perceive(&HOMOPIPERAZINE.parse().unwrap());
    assert_eq!(free[0].symmetry_class, free[1].symmetry_class);
    let boc = model.perceive(&"CC(C)(C)OC(=O)N1CCCNCC1".parse().unwrap());
    assert_ne!(boc[0].symmetry_class, boc[1].symmetry_class);
    let n4 = boc.iter().find(|s| s.label == "N4").unwrap();
    let n1 = boc.iter().find(|s| s.label == "N1").unwrap();
    assert!(n4.pka.unwrap() > n1.pka.unwrap());
    assert!(n4.nucleophilicity > 0.0 && n1.nucleophilicity == 0.0);
}

// ---------------------------------------------------------------- rules files

#[test]
fn rules_file_errors_are_all_reported_with_carets() {
    let text = read_fixture("rules/invalid.rules");
    let errors = RuleSet::parse(&text).unwrap_err();
    assert!(errors.errors.len() >= 5);
    let rendered: String = errors
        .errors
        .iter()
        .map(|e| render(e.clone(), &text))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("invalid_rules_file", rendered);
}
