//! Protecting groups on patent reactions (issue 11): over
//! `../shared/data/reactions/pg_public.tsv`, a group the step carried through must survive in
//! the predicted product, and a deprotection must remove the groups it removed and keep the
//! others. A step runs under the default conditions of its co-reactants
//! ([`regiochem_rules::defaults`]; USPTO-50k keeps no conditions); a deprotection row under the
//! standard removal reagent of each group it removed. The figures are printed for
//! `scripts/accuracy_which_n.py` and pinned as bounds. Skips, saying so, where `../shared/` is
//! absent.

use std::collections::{BTreeMap, BTreeSet};

use regiochem_mol::{Molecule, Pattern};
use regiochem_rules::defaults::{self, DefaultTable};
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::ReagentLibrary;
use regiochem_rules::step::Step;

use crate::which_n::reaction_rows;

/// Each group of the file: what it matches (the first atom is the attachment) and the
/// standard reagents that remove it (Greene's Protective Groups, 5th ed., Wuts 2014).
const GROUPS: [(&str, &str, &[&str]); 10] = [
    ("Boc", "[#7]C(=O)OC([CH3])([CH3])[CH3]", &["TFA", "DCM"]),
    (
        "Cbz",
        "[#7]C(=O)O[CH2]c1[cH][cH][cH][cH][cH]1",
        &["H2, Pd/C", "MeOH"],
    ),
    (
        "Fmoc",
        "[#7]C(=O)OC[CH]1c2ccccc2-c2ccccc21",
        &["piperidine", "DMF"],
    ),
    // A benzyl on an aromatic N resists hydrogenolysis; Birch conditions remove it. The removal
    // of a group is that of its first entry matching the substrate.
    ("Bn", "[n][CH2]c1[cH][cH][cH][cH][cH]1", &["Na, NH3"]),
    (
        "Bn",
        "[#7][CH2]c1[cH][cH][cH][cH][cH]1",
        &["H2, Pd/C", "MeOH"],
    ),
    (
        "Ns",
        "[#7]S(=O)(=O)c1ccccc1[N+](=O)[O-]",
        &["PhSH", "K2CO3", "DMF"],
    ),
    (
        "Ns",
        "[#7]S(=O)(=O)c1ccc([N+](=O)[O-])cc1",
        &["PhSH", "K2CO3", "DMF"],
    ),
    ("Ts", "[#7]S(=O)(=O)c1ccc([CH3])cc1", &["Mg, MeOH"]),
    ("Ac", "[#7]C(=O)[CH3]", &["KOH, ethylene glycol"]),
    (
        "Trt",
        "[#7,#8]C(c1ccccc1)(c1ccccc1)c1ccccc1",
        &["TFA", "DCM"],
    ),
];

/// How many distinct attachment atoms of group `name` `molecule` carries.
fn count(molecule: &Molecule, name: &str, patterns: &[(&str, Pattern)]) -> usize {
    let mut atoms = BTreeSet::new();
    for (group, pattern) in patterns {
        if *group == name {
            for found in molecule.matches(pattern) {
                atoms.insert(found.atoms()[0]);
            }
        }
    }
    atoms.len()
}

fn split(field: &str) -> Vec<&str> {
    field.split('+').filter(|s| !s.is_empty()).collect()
}

/// `(kept group checks, right, removal rows, right)` by group, and the cases the model
/// predicted no product for.
#[derive(Default)]
struct Tally {
    kept: BTreeMap<String, (usize, usize)>,
    removed: BTreeMap<String, (usize, usize)>,
    /// Kept-group checks on steps where the model predicted a product, and how many passed.
    reacted: (usize, usize),
    unread: usize,
    /// Rows the model got wrong, for `PG_FAILURES`: what failed, the row, the predicted product.
    failures: Vec<String>,
}

fn tally(rows: &[BTreeMap<String, String>]) -> Tally {
    let reagents = ReagentLibrary::standard().unwrap();
    let engine = Engine::standard().unwrap();
    let table = DefaultTable::standard().unwrap();
    let patterns: Vec<(&str, Pattern)> = GROUPS
        .iter()
        .map(|(name, smarts, _)| (*name, Pattern::new(smarts).unwrap()))
        .collect();
    let mut out = Tally::default();
    for row in rows {
        let (Ok(substrate), Ok(recorded)) = (
            row["substrate"].parse::<Molecule>(),
            row["product"].parse::<Molecule>(),
        ) else {
            out.unread += 1;
            continue;
        };
        let co_reactants: Vec<Molecule> = row["co_reactants"]
            .split('.')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let removed = split(&row["pg_removed"]);
        let kept = split(&row["pg_kept"]);
        let mut agents = Vec::new();
        for name in &removed {
            let entry = GROUPS
                .iter()
                .zip(&patterns)
                .filter(|((group, _, _), _)| group == name)
                .find(|(_, (_, pattern))| !substrate.matches(pattern).is_empty())
                .or_else(|| {
                    GROUPS
                        .iter()
                        .zip(&patterns)
                        .find(|((g, _, _), _)| g == name)
                });
            if let Some(((_, _, removal), _)) = entry {
                for reagent in *removal {
                    agents.extend(reagents.find(reagent).unwrap().components.clone());
                }
            }
        }
        let mut step = Step::new(substrate.clone());
        step.co_reactants = co_reactants;
        step.agents = agents;
        step.equivalents = 1.0;
        step.acid = 0.0;
        let prediction = defaults::predict(&engine, table, &step);
        let product = prediction
            .major()
            .map_or(&substrate, |p| &p.molecule)
            .clone();
        let failure = |what: &str| {
            format!(
                "{what}\t{}\t{}\t{}\t{}\t{}\t{}",
                row["pg_removed"],
                row["pg_kept"],
                row["substrate"],
                row["co_reactants"],
                row["product"],
                prediction
                    .major()
                    .map_or_else(|| "none".to_string(), |p| p.molecule.to_string())
            )
        };
        for name in &kept {
            let entry = out.kept.entry((*name).to_string()).or_default();
            entry.0 += 1;
            let survived = count(&product, name, &patterns) >= count(&substrate, name, &patterns);
            entry.1 += usize::from(survived);
            if !survived {
                out.failures.push(failure(&format!("lost {name}")));
            }
            if prediction.major().is_some() {
                out.reacted.0 += 1;
                out.reacted.1 += usize::from(survived);
            }
        }
        if row["event"] == "removed" {
            let right = removed
                .iter()
                .all(|name| count(&product, name, &patterns) == count(&recorded, name, &patterns))
                && kept.iter().all(|name| {
                    count(&product, name, &patterns) == count(&substrate, name, &patterns)
                });
            let entry = out.removed.entry(row["pg_removed"].clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(right);
            if !right {
                out.failures.push(failure("removal"));
            }
        }
    }
    out
}

fn share(map: &BTreeMap<String, (usize, usize)>) -> (usize, f64) {
    let n: usize = map.values().map(|v| v.0).sum();
    let right: usize = map.values().map(|v| v.1).sum();
    (n, right as f64 / n.max(1) as f64)
}

#[test]
fn pg_public_survival_and_removal() {
    let Some(rows) = reaction_rows("pg_public.tsv") else {
        return;
    };
    let tally = tally(&rows);
    for (kind, map) in [("kept", &tally.kept), ("removed", &tally.removed)] {
        for (group, (n, right)) in map {
            // Read by scripts/accuracy_which_n.py.
            eprintln!("PG\t{kind}\t{group}\t{n}\t{right}");
        }
    }
    if std::env::var_os("PG_FAILURES").is_some() {
        for failure in &tally.failures {
            eprintln!("FAIL\t{failure}");
        }
    }
    let (kept, survival) = share(&tally.kept);
    let (removals, removal) = share(&tally.removed);
    let (reacted, reacted_right) = tally.reacted;
    let reacted_survival = reacted_right as f64 / reacted.max(1) as f64;
    eprintln!(
        "PG\tsummary\t{kept}\t{survival:.4}\t{reacted}\t{reacted_survival:.4}\t{removals}\t{removal:.4}"
    );
    assert_eq!(tally.unread, 0);
    assert_eq!((kept, removals), (4818, 2304));
    assert!(survival >= 0.998, "survival {survival}");
    assert!(
        reacted_survival >= 0.995,
        "survival where a product is predicted {reacted_survival}"
    );
    assert!(removal >= 0.993, "removal {removal}");
}

/// The recorded product of every public heteroatom alkylation, arylation or acylation step
/// (USPTO-50k classes 1 and 2) whose groups survived, predicted under the default conditions of
/// its co-reactant: the breadth of the default table and the rules over real co-reactants, not
/// only those that had a competing site. A step whose protected reactant is the electrophile
/// (an acid, an aryl halide) runs with the two exchanged, as `predict` does. `PRODUCT_FAILURES=1`
/// prints the misses with the class used (`exchanged, CLASS` for an exchanged step, `-` where no
/// default row matched).
#[test]
fn pg_public_product_recall() {
    let Some(rows) = reaction_rows("pg_public.tsv") else {
        return;
    };
    let engine = Engine::standard().unwrap();
    let table = DefaultTable::standard().unwrap();
    let mut by_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for row in rows
        .iter()
        .filter(|r| r["event"] == "survives" && (r["rxn_class"] == "1" || r["rxn_class"] == "2"))
    {
        let substrate: Molecule = row["substrate"].parse().unwrap();
        let Ok(co_reactants) = row["co_reactants"]
            .split('.')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Molecule>, _>>()
        else {
            continue;
        };
        let forward_class = table
            .for_co_reactants(&co_reactants)
            .map_or("-", |c| c.class.as_str())
            .to_string();
        let substrate_class = table
            .for_co_reactants(std::slice::from_ref(&substrate))
            .map_or("-", |c| c.class.as_str())
            .to_string();
        let mut step = Step::new(substrate);
        step.co_reactants = co_reactants;
        step.agents = Vec::new();
        step.equivalents = 1.0;
        step.acid = 0.0;
        let prediction = defaults::predict(&engine, table, &step);
        let exchanged = prediction
            .findings
            .first()
            .is_some_and(|f| f.message.contains("were exchanged"));
        let class = if exchanged {
            format!("exchanged, {substrate_class}")
        } else {
            forward_class
        };
        let predicted = prediction
            .major()
            .and_then(|p| regiochem_testkit::constitution(&p.smiles));
        let right =
            predicted.is_some() && predicted == regiochem_testkit::constitution(&row["product"]);
        let entry = by_class.entry(class.clone()).or_default();
        entry.0 += 1;
        entry.1 += usize::from(right);
        if !right {
            failures.push(format!(
                "FAIL\t{class}\t{}\t{}\t{}\t{}",
                row["substrate"],
                row["co_reactants"],
                row["product"],
                predicted.as_deref().unwrap_or("none")
            ));
        }
    }
    let (n, right) = by_class
        .values()
        .fold((0, 0), |(n, r), (a, b)| (n + a, r + b));
    for (class, (cases, hits)) in &by_class {
        eprintln!("PRODUCT\t{class}\t{cases}\t{hits}");
    }
    eprintln!("PRODUCT\tall\t{n}\t{right}");
    if std::env::var_os("PRODUCT_FAILURES").is_some() {
        for failure in &failures {
            eprintln!("{failure}");
        }
    }
    assert_eq!(n, 2752, "class 1 and 2 rows with every group kept");
    // The figure of scripts/accuracy_which_n.py, pinned so a regression fails.
    assert!(right >= 2307, "recorded product in {right} of {n}");
}
