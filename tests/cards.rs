//! Procedure cards (issue 10): the facts a chemist checks on a card that need no RDKit. Every
//! liquid has its volume, from its density; the TFA volume is the v/v the card states; the
//! Fieser volumes are the grams of LiAlH4 on the card; Pd2(dba)3 is weighed at its formula
//! weight with a ligand; a resin step carries the resin's sites forward, washes instead of an
//! aqueous workup; a shield in `MeOH` before a step in another solvent writes out the swap; no
//! card says room temperature where it says heat; every card has hazards.

use regiochem_mol::Molecule;
use regiochem_planner::data::{PlannerData, Stock};
use regiochem_planner::procedure::{Procedure, chemicals, procedure, significant};
use regiochem_planner::{Limits, PlannedRoute, Planner, Route};
use regiochem_rules::predict::Engine;

fn planner(data: &PlannerData, scale: f64) -> Planner<'_> {
    Planner {
        engine: Engine::standard().unwrap(),
        data,
        limits: Limits {
            time: std::time::Duration::MAX,
            scale_mmol: scale,
            ..Limits::default()
        },
    }
}

fn routes(smiles: &str, data: &PlannerData, scale: f64) -> Vec<PlannedRoute> {
    planner(data, scale)
        .plan(&smiles.parse::<Molecule>().unwrap())
        .routes
}

const SEEDS: [&str; 2] = [
    "Fc1ccc(CN2CCCNCC2)c(F)c1",
    "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
];

/// The cards of the seed targets' top three routes.
fn seed_cards() -> Vec<Procedure> {
    let data = PlannerData::standard().unwrap();
    SEEDS
        .iter()
        .flat_map(|t| routes(t, data, 1.0))
        .flat_map(|r| r.steps.into_iter().map(|s| s.procedure))
        .collect()
}

/// The card of one route line, evaluated by the engine, at `scale` mmol.
fn card_of(line: &str, scale: f64) -> Procedure {
    let engine = Engine::standard().unwrap();
    let route: Route = format!("{line}\n").parse().unwrap();
    let reaction = &route.steps[0];
    let outcome = engine.evaluate(&reaction.step, Some(&reaction.product));
    procedure(
        reaction,
        &outcome,
        &engine,
        Stock::standard().unwrap(),
        scale,
    )
}

#[test]
fn every_liquid_on_the_seed_cards_has_its_volume_from_its_density() {
    let cards = seed_cards();
    let mut liquids = 0;
    for card in &cards {
        for m in &card.materials {
            match m.state.as_deref() {
                Some("liquid") => {
                    liquids += 1;
                    let ml = m
                        .millilitres
                        .unwrap_or_else(|| panic!("{} has no volume", m.name));
                    if let (Some(g), Some(d)) = (m.grams, m.density) {
                        assert!(
                            (ml * d - g).abs() <= 0.01 * g + 1e-4,
                            "{}: {ml} mL x {d} g/mL is not {g} g",
                            m.name
                        );
                    }
                }
                Some("solution") => {
                    assert!(m.millilitres.is_some() && m.solution.is_some(), "{m:?}");
                }
                _ => {}
            }
        }
    }
    // 1-Boc-homopiperazine, the two liquid co-reactants, TFA and the solvents at least.
    assert!(liquids >= 10, "{liquids}");
    let boc = cards
        .iter()
        .flat_map(|c| &c.materials)
        .find(|m| m.name == "1-Boc-homopiperazine")
        .expect("1-Boc-homopiperazine by name");
    // 200.28 g/mol, 1.016 g/mL: 1 mmol is 0.197 mL.
    assert_eq!(boc.millilitres, Some(0.197));
}

#[test]
fn the_tfa_volume_is_the_stated_v_v() {
    for card in seed_cards() {
        let Some(tfa) = card.materials.iter().find(|m| m.name == "TFA") else {
            continue;
        };
        let solvent = card.materials.iter().find(|m| m.role == "solvent").unwrap();
        let (t, s) = (tfa.millilitres.unwrap(), solvent.millilitres.unwrap());
        let stated: f64 = tfa
            .solution
            .as_deref()
            .and_then(|s| s.split(' ').next())
            .and_then(|x| x.parse().ok())
            .expect("the v/v on the card");
        assert!(
            (100.0 * t / (t + s) - stated).abs() < 0.5,
            "{t} mL in {s} mL"
        );
    }
}

#[test]
fn fieser_volumes_are_the_grams_of_lialh4_on_the_card() {
    let card = card_of(
        "O=C1CCN(Cc2ccc(F)cc2F)CCN1>[Li+].[AlH4-].C1CCOC1>Fc1ccc(CN2CCCNCC2)c(F)c1",
        5.0,
    );
    let lah = card.materials.iter().find(|m| m.name == "LiAlH4").unwrap();
    let x = lah.grams.unwrap();
    // 3.5 eq at 5 mmol of 37.95 g/mol.
    assert_eq!(x, significant(3.5 * 5.0 * 37.954 / 1000.0));
    let workup = card.workup.join(" ");
    assert!(workup.contains(&format!("{x} mL water")), "{workup}");
    assert!(
        workup.contains(&format!("{x} mL 15 % aqueous NaOH")),
        "{workup}"
    );
    assert!(
        workup.contains(&format!("{} mL water", significant(3.0 * x))),
        "{workup}"
    );
    assert!(card.hazards.iter().any(|h| h.starts_with("LiAlH4:")));
}

#[test]
fn a_buchwald_card_weighs_pd2dba3_at_its_formula_weight_with_a_ligand() {
    let card = card_of(
        "CC(C)(C)OC(=O)N1CCCNCC1.Brc1ccccc1>[Pd].CC(C)(C)[O-].[Na+].Cc1ccccc1>CC(C)(C)OC(=O)N1CCCN(CC1)c1ccccc1",
        5.0,
    );
    let pd = card
        .materials
        .iter()
        .find(|m| m.name == "Pd2(dba)3")
        .unwrap();
    // 2 mol % of 915.7 g/mol at 5 mmol.
    assert_eq!(pd.grams, Some(0.0916));
    assert_eq!(pd.role, "catalyst");
    let ligand = card.materials.iter().find(|m| m.role == "ligand").unwrap();
    assert!(ligand.grams.is_some_and(|g| g > 0.0), "{ligand:?}");
    // The conditions heat; the workup may cool to room temperature.
    let text = card.conditions.join(" ");
    assert!(
        text.contains("argon") && !text.contains("room temperature"),
        "{text}"
    );
    assert!(card.workup[0].contains("Celite"), "{:?}", card.workup);
}

#[test]
fn a_resin_loading_carries_the_resin_sites_forward_and_washes() {
    let card = card_of(
        "C1CNCCNC1.ClC(c1ccccc1)(c1ccccc1)c1ccccc1Cl>CCN(C(C)C)C(C)C.ClCCl>Clc1ccccc1C(c1ccccc1)(c1ccccc1)N1CCCNCC1 eq=0.2",
        1.0,
    );
    let resin = card
        .materials
        .iter()
        .find(|m| m.state.as_deref() == Some("resin"))
        .expect("the resin");
    let loading = resin.loading_mmol_g.unwrap();
    assert_eq!(resin.grams, Some(significant(0.2 / loading)));
    assert!(card.product_mmol <= 0.2 + 1e-9, "{}", card.product_mmol);
    let workup = card.workup.join(" ");
    assert!(workup.contains("DCM, MeOH and DCM"), "{workup}");
    assert!(
        !workup.contains("NaHCO3") && !workup.contains("extract"),
        "{workup}"
    );
    // Cleaving the resin: 1-5 % TFA in DCM, no 20 %.
    let cleave = card_of(
        "Clc1ccccc1C(c1ccccc1)(c1ccccc1)N1CCCN(Cc2ccccc2)CC1>OC(=O)C(F)(F)F.ClCCl>c1ccc(CN2CCCNCC2)cc1",
        0.2,
    );
    let tfa = cleave.materials.iter().find(|m| m.name == "TFA").unwrap();
    let dcm = cleave.materials.iter().find(|m| m.name == "DCM").unwrap();
    let share =
        100.0 * tfa.millilitres.unwrap() / (tfa.millilitres.unwrap() + dcm.millilitres.unwrap());
    assert!((1.0..=5.0).contains(&share), "{share} % TFA");
}

#[test]
fn a_shield_in_meoh_before_a_step_in_dce_writes_the_solvent_swap() {
    let card = card_of(
        "C1CNCCNC1.O=Cc1ccc(F)cc1F>CC(=O)O[BH-](OC(C)=O)OC(C)=O.[Na+].ClCCCl>Fc1ccc(CN2CCCNCC2)c(F)c1 acid=1",
        1.0,
    );
    assert!(
        card.conditions
            .iter()
            .any(|c| c.contains("solvent swap") && c.contains("DCE")),
        "{:?}",
        card.conditions
    );
    let hcl = card.materials.iter().find(|m| m.role == "acid").unwrap();
    // 1 mmol of 1.25 M.
    assert_eq!(hcl.millilitres, Some(0.8));
}

#[test]
fn no_card_says_room_temperature_where_it_says_heat_and_every_card_has_hazards() {
    let mut cards = seed_cards();
    cards.push(card_of(
        "CC(C)(C)OC(=O)N1CCCNCC1.Clc1ncccn1>CCN(C(C)C)C(C)C.CS(C)=O>CC(C)(C)OC(=O)N1CCCN(CC1)c1ncccn1",
        1.0,
    ));
    for card in &cards {
        let text = &card.conditions;
        let heat = text.iter().any(|l| l.contains("heat"));
        let rt = text.iter().any(|l| l.contains("room temperature"));
        assert!(!(heat && rt), "{text:?}");
        assert!(!card.hazards.is_empty(), "{:?}", card.materials);
        assert_eq!(
            card.workup.len(),
            1,
            "one workup per card: {:?}",
            card.workup
        );
    }
    // The DMSO step goes into water and EtOAc with LiCl washes.
    let dmso = cards.last().unwrap();
    assert!(dmso.workup[0].contains("LiCl"), "{:?}", dmso.workup);
}

#[test]
fn the_materials_table_names_its_sources_and_pd2dba3_weighs_915_7() {
    let table = chemicals().unwrap();
    let pd = table.iter().find(|c| c.name == "Pd2(dba)3").unwrap();
    assert_eq!(pd.mw, Some(915.7));
    for name in [
        "Et3N", "DIPEA", "TFA", "MeI", "PhSH", "DCE", "LiAlH4", "NaN3",
    ] {
        let c = table.iter().find(|c| c.name == name).unwrap();
        assert!(!c.hazards.is_empty(), "{name}");
    }
}

#[test]
fn ns_removal_ends_with_the_seeds_1_m_naoh_wash() {
    let card = card_of(
        "CC(C)(C)OC(=O)N1CCCN(CC1)S(=O)(=O)c1ccccc1[N+](=O)[O-]>Sc1ccccc1.O=C([O-])[O-].[K+].[K+].CN(C)C=O>CC(C)(C)OC(=O)N1CCCNCC1",
        1.0,
    );
    assert!(card.workup[0].contains("1 M NaOH"), "{:?}", card.workup);
    let phsh = card.materials.iter().find(|m| m.name == "PhSH").unwrap();
    // 2.5 eq of a liquid (110.18 g/mol, 1.077 g/mL): 0.256 mL at 1 mmol.
    assert_eq!(phsh.millilitres, Some(0.256));
    let k2co3 = card.materials.iter().find(|m| m.name == "K2CO3").unwrap();
    assert_eq!(k2co3.equivalents, Some(3.0));
    assert!(card.hazards.iter().any(|h| h.starts_with("PhSH:")));
    assert!(
        card.conditions.iter().any(|c| c.contains("50 C")),
        "{:?}",
        card.conditions
    );
}
