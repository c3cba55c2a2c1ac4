//! Procedure cards: what to weigh out and measure at a scale (grams from the formula weights,
//! millilitres from the densities and stock-solution strengths of `data/materials.tsv`), the
//! step's conditions by the rule that makes the product (`data/amounts.tsv`), one workup
//! (`data/workups.tsv`), one purification by polarity (seed 000, table 2), the hazards of every
//! material, and the amount of product carried forward.

use std::sync::OnceLock;

use regiochem_mol::{Molecule, Pattern};
use regiochem_rules::data::{DataError, optional_number, round, rows};
use regiochem_rules::evaluate::StepOutcome;
use regiochem_rules::finding::FindingCode;
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::Role;
use regiochem_rules::sites::SiteClass;
use serde::Serialize;

use crate::data::Stock;
use crate::route::Reaction;

/// One material of a step, as measured out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Material {
    /// Name from the materials table, the reagent library or the stock, else the SMILES.
    pub name: String,
    /// Canonical SMILES.
    pub smiles: String,
    /// substrate, co-reactant, acid, reagent, catalyst, ligand or solvent.
    pub role: String,
    /// Equivalents per substrate, when counted so.
    pub equivalents: Option<f64>,
    /// Millimoles.
    pub mmol: Option<f64>,
    /// Grams to weigh (three significant figures).
    pub grams: Option<f64>,
    /// Millilitres to measure: liquids from their density, solutions of the stock solution.
    pub millilitres: Option<f64>,
    /// liquid, solid, gas, solution or resin; `None` when the materials table does not know it.
    pub state: Option<String>,
    /// Density, g/mL (liquids).
    pub density: Option<f64>,
    /// The stock solution measured, such as `4 M in dioxane`.
    pub solution: Option<String>,
    /// Resin loading, mmol/g.
    pub loading_mmol_g: Option<f64>,
}

/// How to run a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Procedure {
    /// Millimoles of substrate.
    pub scale_mmol: f64,
    /// What goes in.
    pub materials: Vec<Material>,
    /// How: the order of addition, temperature and time, the rules' notes.
    pub conditions: Vec<String>,
    /// Workup.
    pub workup: Vec<String>,
    /// Purification (one recommendation).
    pub purification: String,
    /// Hazards: each material's (`name: phrases`), then the step's hazard findings.
    pub hazards: Vec<String>,
    /// Storage, when the product is a free amine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Millimoles of product expected: the limiting reagent (the resin's sites on a resin)
    /// times the step's yield; the next step's scale.
    pub product_mmol: f64,
}

/// One row of `data/materials.tsv`.
#[derive(Clone, Debug)]
pub struct Chemical {
    /// Name as bought.
    pub name: String,
    /// Canonical SMILES.
    pub smiles: String,
    /// Formula weight, g/mol (stated, or from the molecule).
    pub mw: Option<f64>,
    /// liquid, solid, gas, solution, resin.
    pub state: String,
    /// g/mL.
    pub density: Option<f64>,
    /// mol/L of the stock solution.
    pub molar: Option<f64>,
    /// Solvent of the stock solution.
    pub solvent: Option<String>,
    /// Resin loading, mmol/g.
    pub loading: Option<f64>,
    /// GHS-style phrases.
    pub hazards: Vec<String>,
}

/// One row of `data/amounts.tsv`.
#[derive(Clone, Debug)]
struct AmountRow {
    reagent: String,
    context: String,
    material: String,
    amount: Option<f64>,
    unit: String,
    conditions: Option<String>,
}

/// One row of `data/hazard_classes.tsv`.
struct HazardClass {
    pattern: Pattern,
    hazards: Vec<String>,
}

/// The card data, read once.
struct CardData {
    chemicals: Vec<Chemical>,
    amounts: Vec<AmountRow>,
    hazard_classes: Vec<HazardClass>,
    workups: Vec<(String, String)>,
    resin_bound: Pattern,
    chlorotrityl: Pattern,
    carboxylic_acid: Pattern,
}

fn dash(field: &str) -> Option<String> {
    (field != "-" && !field.is_empty()).then(|| field.to_string())
}

fn phrases(field: &str) -> Vec<String> {
    field
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "-")
        .map(str::to_string)
        .collect()
}

fn read_chemicals() -> Result<Vec<Chemical>, DataError> {
    const FILE: &str = "materials.tsv";
    let mut out = Vec::new();
    for (line, f) in rows(FILE, include_str!("../data/materials.tsv"), 10)? {
        let molecule: Molecule = f[1]
            .parse()
            .map_err(|e| DataError::new(FILE, line, format!("bad SMILES `{}`: {e}", f[1])))?;
        let stated = optional_number(FILE, line, f[2])?;
        let state = f[3].to_string();
        if !["liquid", "solid", "gas", "solution", "resin"].contains(&state.as_str()) {
            return Err(DataError::new(
                FILE,
                line,
                format!("unknown state `{state}`"),
            ));
        }
        let density = optional_number(FILE, line, f[4])?;
        let molar = optional_number(FILE, line, f[5])?;
        let loading = optional_number(FILE, line, f[7])?;
        let need = match state.as_str() {
            "liquid" => density.is_none().then_some("a liquid needs its density"),
            "solution" => molar.is_none().then_some("a solution needs its molarity"),
            "resin" => loading.is_none().then_some("a resin needs its loading"),
            _ => None,
        };
        if let Some(message) = need {
            return Err(DataError::new(FILE, line, message));
        }
        if f[9].is_empty() || f[9] == "-" {
            return Err(DataError::new(FILE, line, "every row needs a source"));
        }
        out.push(Chemical {
            name: f[0].to_string(),
            smiles: molecule.to_string(),
            mw: Some(stated.unwrap_or_else(|| molecule.average_mass())),
            state,
            density,
            molar,
            solvent: dash(f[6]),
            loading,
            hazards: phrases(f[8]),
        });
    }
    Ok(out)
}

fn read_amounts(chemicals: &[Chemical]) -> Result<Vec<AmountRow>, DataError> {
    const FILE: &str = "amounts.tsv";
    let mut out = Vec::new();
    for (line, f) in rows(FILE, include_str!("../data/amounts.tsv"), 7)? {
        let unit = f[4].to_string();
        if !["eq", "wt", "vol%", "mL/mmol", "M", "mL/g", "-"].contains(&unit.as_str()) {
            return Err(DataError::new(FILE, line, format!("unknown unit `{unit}`")));
        }
        let material = f[2].to_string();
        if material != "-" && !chemicals.iter().any(|c| c.name == material) {
            return Err(DataError::new(
                FILE,
                line,
                format!("`{material}` is not in materials.tsv"),
            ));
        }
        out.push(AmountRow {
            reagent: f[0].to_string(),
            context: f[1].to_string(),
            material,
            amount: optional_number(FILE, line, f[3])?,
            unit,
            conditions: dash(f[5]),
        });
    }
    Ok(out)
}

fn read_hazard_classes() -> Result<Vec<HazardClass>, DataError> {
    const FILE: &str = "hazard_classes.tsv";
    let mut out = Vec::new();
    for (line, f) in rows(FILE, include_str!("../data/hazard_classes.tsv"), 4)? {
        let pattern = Pattern::new(f[1])
            .map_err(|e| DataError::new(FILE, line, format!("bad SMARTS `{}`: {e}", f[1])))?;
        out.push(HazardClass {
            pattern,
            hazards: phrases(f[2]),
        });
    }
    Ok(out)
}

fn read_workups() -> Result<Vec<(String, String)>, DataError> {
    const FILE: &str = "workups.tsv";
    Ok(rows(FILE, include_str!("../data/workups.tsv"), 3)?
        .into_iter()
        .map(|(_, f)| (f[0].to_string(), f[1].to_string()))
        .collect())
}

fn card_data() -> &'static Result<CardData, DataError> {
    static DATA: OnceLock<Result<CardData, DataError>> = OnceLock::new();
    DATA.get_or_init(|| {
        let chemicals = read_chemicals()?;
        let amounts = read_amounts(&chemicals)?;
        let fixed = |smarts: &str| {
            Pattern::new(smarts).map_err(|e| DataError::new("procedure.rs", 0, e.to_string()))
        };
        Ok(CardData {
            amounts,
            chemicals,
            hazard_classes: read_hazard_classes()?,
            workups: read_workups()?,
            // A nitrogen on a trityl carbon: the amine is bound to a trityl resin.
            resin_bound: fixed("[#7]C(c)(c)c")?,
            chlorotrityl: fixed("[#7]C(c)(c)c:c[Cl]")?,
            // A free carboxylic acid: beside a basic amine, the product is an amino acid.
            carboxylic_acid: fixed("[CX3](=O)[OX2H1]")?,
        })
    })
}

/// The materials table (`data/materials.tsv`), or why it does not load.
pub fn chemicals() -> Result<&'static [Chemical], DataError> {
    card_data()
        .as_ref()
        .map(|d| d.chemicals.as_slice())
        .map_err(Clone::clone)
}

/// `x` written to three significant figures, trailing zeros kept (`1.00`, `0.0916`, `152`).
pub fn three_figures(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let places = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{:.*}", places, significant(x))
}

/// Three significant figures: how amounts are written on a card.
pub fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let places = 2 - x.abs().log10().floor() as i32;
    round(x, places.max(0))
}

impl CardData {
    fn chemical(&self, name: &str) -> Option<&Chemical> {
        self.chemicals.iter().find(|c| c.name == name)
    }

    fn chemical_by_smiles(&self, smiles: &str) -> Option<&Chemical> {
        self.chemicals
            .iter()
            .find(|c| c.smiles == smiles && c.state != "solution")
            .or_else(|| self.chemicals.iter().find(|c| c.smiles == smiles))
    }

    fn workup(&self, key: &str) -> String {
        self.workups
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }

    /// The rows for `reagent`: those of the first fired rule that has rows, else of `resin`
    /// on a resin-bound substrate, else the general ones.
    fn rows_for<'s>(&'s self, reagent: &str, rules: &[String], resin: bool) -> Vec<&'s AmountRow> {
        let of = |context: &str| -> Vec<&AmountRow> {
            self.amounts
                .iter()
                .filter(|r| r.reagent == reagent && r.context == context)
                .collect()
        };
        for rule in rules {
            let found = of(rule);
            if !found.is_empty() {
                return found;
            }
        }
        if resin {
            let found = of("resin");
            if !found.is_empty() {
                return found;
            }
        }
        of("-")
    }

    fn class_hazards(&self, molecule: &Molecule) -> Vec<String> {
        self.hazard_classes
            .iter()
            .find(|c| molecule.has_match(&c.pattern))
            .map(|c| c.hazards.clone())
            .unwrap_or_default()
    }
}

/// A material measured from `mmol`, `grams` or `millilitres`, whichever is given, the others
/// derived from the chemical's formula weight, density or stock strength.
fn measure(
    name: String,
    smiles: String,
    role: &str,
    chemical: Option<&Chemical>,
    fallback_mw: Option<f64>,
    given: Given,
    scale: f64,
) -> Material {
    let mw = chemical.and_then(|c| c.mw).or(fallback_mw);
    let state = chemical.map(|c| c.state.as_str());
    let density = chemical.and_then(|c| c.density);
    let molar = chemical.and_then(|c| c.molar);
    let loading = chemical.and_then(|c| c.loading);
    let mut mmol = None;
    let mut grams = None;
    let mut millilitres = None;
    match given {
        Given::Mmol(n) => {
            mmol = Some(n);
            match state {
                Some("solution") => millilitres = molar.map(|m| n / m),
                Some("resin") => grams = loading.map(|l| n / l),
                Some("gas") => {}
                _ => grams = mw.map(|w| w * n / 1000.0),
            }
            if state == Some("liquid") {
                millilitres = grams.zip(density).map(|(g, d)| g / d);
            }
        }
        Given::Grams(g) => {
            grams = Some(g);
            mmol = mw.map(|w| 1000.0 * g / w);
            if state == Some("liquid") {
                millilitres = density.map(|d| g / d);
            }
        }
        Given::Millilitres(v) => {
            millilitres = Some(v);
            match state {
                Some("solution") => mmol = molar.map(|m| v * m),
                _ => {
                    grams = density.map(|d| v * d);
                    mmol = grams.zip(mw).map(|(g, w)| 1000.0 * g / w);
                }
            }
        }
        Given::Nothing => {}
    }
    if role == "solvent" {
        mmol = None;
        grams = None;
    }
    let counted = matches!(
        role,
        "substrate" | "co-reactant" | "acid" | "reagent" | "ligand" | "catalyst"
    );
    Material {
        name,
        smiles,
        role: role.to_string(),
        equivalents: mmol
            .filter(|_| counted && scale > 0.0)
            .map(|n| significant(n / scale)),
        mmol: mmol.map(significant),
        grams: grams.map(significant),
        millilitres: millilitres.map(significant),
        state: state.map(str::to_string),
        density,
        solution: chemical.and_then(|c| {
            c.molar
                .map(|m| format!("{m} M in {}", c.solvent.as_deref().unwrap_or("solvent")))
        }),
        loading_mmol_g: loading,
    }
}

/// What a material's amount is stated as.
#[derive(Clone, Copy, Debug)]
enum Given {
    Mmol(f64),
    Grams(f64),
    Millilitres(f64),
    Nothing,
}

/// The procedure card of one step at `scale` mmol of substrate; `stock` names starting
/// materials the materials table does not.
pub fn procedure(
    reaction: &Reaction,
    outcome: &StepOutcome,
    engine: &Engine<'_>,
    stock: &Stock,
    scale: f64,
) -> Procedure {
    let Ok(data) = card_data().as_ref() else {
        // The shipped tables are checked by the tests; a broken build writes an empty card.
        return Procedure {
            scale_mmol: round(scale, 3),
            materials: Vec::new(),
            conditions: Vec::new(),
            workup: Vec::new(),
            purification: String::new(),
            hazards: Vec::new(),
            storage: None,
            product_mmol: scale * outcome.intended_yield,
        };
    };
    let step = &reaction.step;
    let rules = &outcome.prediction.rules;
    let fired = |name: &str| rules.iter().any(|r| r == name);
    let on_resin = step.substrate.has_match(&data.resin_bound);
    let resin_of = |m: &Molecule| {
        let name = if m.has_match(&data.chlorotrityl) {
            "2-chlorotrityl chloride resin"
        } else {
            "trityl chloride resin"
        };
        data.chemical(name)
    };
    let mut materials: Vec<Material> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    let mut extra_hazards: Vec<String> = Vec::new();
    let name_of = |smiles: &str| -> (Option<&Chemical>, String) {
        let chemical = data.chemical_by_smiles(smiles);
        let name = chemical
            .map(|c| c.name.clone())
            .or_else(|| engine.reagents.by_smiles(smiles).map(|r| r.name.clone()))
            .or_else(|| stock.name(smiles).map(str::to_string))
            .unwrap_or_else(|| smiles.to_string());
        (chemical, name)
    };

    // The substrate and what joins it.
    let substrate_smiles = step.substrate.to_string();
    let substrate_mw = step.substrate.average_mass();
    let mut limiting = scale;
    if on_resin {
        let resin = resin_of(&step.substrate);
        let (_, name) = name_of(&substrate_smiles);
        let mut m = measure(
            format!(
                "{name} on {}",
                resin.map_or("trityl resin", |r| r.name.as_str())
            ),
            substrate_smiles.clone(),
            "substrate",
            resin,
            None,
            Given::Mmol(scale),
            scale,
        );
        m.state = Some("resin".into());
        materials.push(m);
    } else {
        let (chemical, name) = name_of(&substrate_smiles);
        materials.push(measure(
            name,
            substrate_smiles.clone(),
            "substrate",
            chemical,
            Some(substrate_mw),
            Given::Mmol(scale),
            scale,
        ));
    }
    for molecule in &step.co_reactants {
        let smiles = molecule.to_string();
        let (mut chemical, name) = name_of(&smiles);
        let mmol = step.equivalents * scale;
        if chemical.is_some_and(|c| c.state == "resin") || fired("trityl-capture") {
            chemical = chemical.or_else(|| resin_of(molecule));
        }
        if step.equivalents < 1.0 {
            limiting = limiting.min(mmol);
        }
        materials.push(measure(
            name,
            smiles,
            "co-reactant",
            chemical,
            Some(molecule.average_mass()),
            Given::Mmol(mmol),
            scale,
        ));
    }
    let substrate_grams = materials[0].grams.unwrap_or(substrate_mw * scale / 1000.0);

    // The solvent: as written, else the first solvent of the agents.
    let agents = engine.reagents.conditions(&step.agents);
    let solvent_name = step
        .solvent
        .clone()
        .filter(|s| engine.reagents.find(s).is_some())
        .or_else(|| {
            agents
                .reagents
                .iter()
                .find(|n| {
                    engine
                        .reagents
                        .find(n)
                        .is_some_and(|r| r.role == Role::Solvent)
                })
                .cloned()
        });
    let solvent_row = data.rows_for("solvent", rules, on_resin).first().copied();
    // On a resin the solvent goes by the grams of resin (it has to swell), else by molarity.
    let resin_grams = materials
        .iter()
        .find(|m| m.state.as_deref() == Some("resin"))
        .and_then(|m| m.grams);
    let solvent_ml = match (step.concentration_m, solvent_row) {
        (Some(m), _) if m > 0.0 => Some(scale / m),
        (_, Some(row)) if row.unit == "mL/g" => resin_grams.zip(row.amount).map(|(g, a)| g * a),
        (_, Some(row)) => row.amount.filter(|m| *m > 0.0).map(|m| scale / m),
        _ => None,
    };
    let solvent = solvent_name.as_ref().map(|name| {
        let reagent = engine.reagents.find(name);
        let smiles = reagent.map_or_else(|| name.clone(), |r| r.smiles.clone());
        let chemical = data
            .chemical(name)
            .or_else(|| data.chemical_by_smiles(&smiles));
        measure(
            name.clone(),
            smiles,
            "solvent",
            chemical,
            None,
            solvent_ml.map_or(Given::Nothing, Given::Millilitres),
            scale,
        )
    });

    // The acid-base shield: the acid first, in dry MeOH.
    let shielded = step.acid > 0.0;
    if shielded {
        if let Some(row) = data.rows_for("shield", rules, false).first() {
            let chemical = data.chemical(&row.material);
            let mut m = measure(
                row.material.clone(),
                chemical.map_or_else(|| "Cl".into(), |c| c.smiles.clone()),
                "acid",
                chemical,
                None,
                Given::Mmol(step.acid * scale),
                scale,
            );
            m.equivalents = Some(significant(step.acid));
            materials.push(m);
        }
        let in_meoh = solvent_name.as_deref() == Some("MeOH");
        conditions.push(
            "dissolve the substrate in dry MeOH (0.2 M), cool to 0 C and add the HCl solution dropwise over 30 min with stirring (acid-base shield, seed 004 protocol A)".into(),
        );
        if !in_meoh {
            if let Some(name) = &solvent_name {
                conditions.push(format!(
                    "solvent swap: evaporate the MeOH below 30 C (the mono-hydrochloride stays behind), dry under vacuum and take the salt up in dry {name}"
                ));
            }
            let meoh = data.chemical("MeOH");
            materials.push(measure(
                "MeOH".into(),
                "CO".into(),
                "solvent",
                meoh,
                None,
                Given::Millilitres(scale / 0.2),
                scale,
            ));
        }
        if !step.co_reactants.is_empty() {
            conditions.push(
                "add the co-reactant (in a little of the solvent) dropwise at 0 C and stir at 0 C for 1 h (seed 004 protocol A)".into(),
            );
        }
    }
    if let Some(s) = solvent {
        materials.push(s);
    }

    // Reagents, catalysts and ligands, by the rows of the amounts table.
    let mut reagent_conditions = Vec::new();
    for name in &agents.reagents {
        let Some(reagent) = engine.reagents.find(name) else {
            continue;
        };
        if reagent.role == Role::Solvent {
            continue;
        }
        let found = data.rows_for(name, rules, on_resin);
        if found.is_empty() {
            let chemical = data
                .chemical(name)
                .or_else(|| data.chemical_by_smiles(&reagent.smiles));
            materials.push(measure(
                chemical.map_or_else(|| name.clone(), |c| c.name.clone()),
                reagent.smiles.clone(),
                "reagent",
                chemical,
                None,
                Given::Nothing,
                scale,
            ));
            continue;
        }
        for row in found {
            if materials.iter().any(|m| m.name == row.material) {
                continue;
            }
            let chemical = data.chemical(&row.material);
            // A base takes up the acid each equivalent of co-reactant releases: its amount is
            // per equivalent when the step uses more than one (2.2 eq of an acid chloride for
            // both sites, 3.3 eq for three).
            let per_co_reactant = if reagent.conditions.iter().any(|c| c == "base")
                && !step.co_reactants.is_empty()
            {
                step.equivalents.max(1.0)
            } else {
                1.0
            };
            let given = match (row.unit.as_str(), row.amount) {
                ("eq", Some(a)) => Given::Mmol(a * per_co_reactant * scale),
                ("wt", Some(a)) => Given::Grams(a * substrate_grams),
                ("mL/mmol", Some(a)) => Given::Millilitres(a * scale),
                ("vol%", Some(a)) if a < 100.0 => {
                    solvent_ml.map_or(Given::Nothing, |v| Given::Millilitres(v * a / (100.0 - a)))
                }
                _ => Given::Nothing,
            };
            let role = match chemical.map(|c| c.name.as_str()) {
                Some(n) if n.starts_with("Pd") => "catalyst",
                Some("BINAP" | "XPhos" | "RuPhos") => "ligand",
                _ => "reagent",
            };
            let mut m = measure(
                row.material.clone(),
                chemical.map_or_else(|| reagent.smiles.clone(), |c| c.smiles.clone()),
                role,
                chemical,
                None,
                given,
                scale,
            );
            if row.unit == "vol%" {
                if let Some(a) = row.amount {
                    m.solution = Some(format!(
                        "{a} % v/v in {}",
                        solvent_name.as_deref().unwrap_or("the solvent")
                    ));
                }
            }
            if row.unit == "wt" {
                m.equivalents = None;
            }
            materials.push(m);
            if let Some(text) = &row.conditions {
                reagent_conditions.push(text.clone());
            }
        }
    }
    conditions.extend(reagent_conditions);

    // Temperature and time: as the route states them, else the fired rule's.
    let rule_conditions = rules.iter().find_map(|rule| {
        data.amounts
            .iter()
            .find(|r| r.reagent == "*" && &r.context == rule)
            .and_then(|r| r.conditions.clone())
    });
    match (step.temperature, step.time_h) {
        (Some(t), time) => {
            let at = if t.low == t.high {
                format!("at {} C", t.low)
            } else {
                format!("from {} C to {} C", t.low, t.high)
            };
            conditions.push(match time {
                Some(h) => format!("{at}, {h} h"),
                None => at,
            });
        }
        (None, Some(h)) => conditions.push(format!("{h} h")),
        (None, None) => {
            if let Some(text) = rule_conditions {
                // A solid co-reactant is not poured: it goes in as a solution.
                let solid = materials
                    .iter()
                    .any(|m| m.role == "co-reactant" && m.state.as_deref() != Some("liquid"));
                conditions.push(if solid {
                    text.replace(
                        "dropwise",
                        "as a solution in a little of the solvent, dropwise",
                    )
                } else {
                    text
                });
            }
        }
    }
    // The rules' notes; chromatography and storage advice go to their own lines, once.
    let mut storage = None;
    for note in &outcome.prediction.notes {
        if note.starts_with("Store ") {
            storage.get_or_insert_with(|| note.clone());
        } else if !(note.contains("silica")
            || note.contains("alumina")
            || (shielded && note.contains("acid-base shield")))
        {
            conditions.push(note.clone());
        }
    }

    // One workup, by what the step is.
    let has = |name: &str| agents.reagents.iter().any(|r| r == name);
    let lialh4_grams = materials
        .iter()
        .find(|m| m.name == "LiAlH4")
        .and_then(|m| m.grams);
    let polar_aprotic = matches!(solvent_name.as_deref(), Some("DMF" | "DMSO"));
    let workup_key = if on_resin && (fired("trityl-off")) {
        "resin-cleave"
    } else if on_resin || fired("trityl-capture") {
        "resin"
    } else if lialh4_grams.is_some() {
        "fieser"
    } else if has("NaN3, H2SO4") || fired("schmidt-ring-expansion") {
        "schmidt"
    } else if has("H2, Pd/C") || has("H2, Pd(OH)2/C") {
        "hydrogenolysis"
    } else if has("Pd") || has("Pd(OAc)2") {
        "palladium"
    } else if fired("ns-off") {
        "ns-off"
    } else if fired("boc-off") || fired("trityl-off") {
        "acid-off"
    } else if shielded {
        "shield"
    } else if polar_aprotic {
        "polar-aprotic"
    } else if has("K2CO3") || has("Cs2CO3") {
        "carbonate"
    } else {
        "default"
    };
    // An amino acid (a free acid beside a basic amine) goes into the water of a basic wash:
    // it is isolated as its TFA salt instead.
    let amino_acid = reaction.product.has_match(&data.carboxylic_acid)
        && engine.sites.perceive(&reaction.product).iter().any(|s| {
            matches!(
                s.class,
                SiteClass::Primary | SiteClass::Secondary | SiteClass::Tertiary
            )
        });
    let workup_key = match workup_key {
        "acid-off" if amino_acid => "amino-acid-off",
        "resin-cleave" if amino_acid => "amino-acid-resin-cleave",
        key => key,
    };
    if workup_key == "fieser" {
        // The card writes the Fieser volumes for the grams it uses; the rule's per-x-grams
        // note would say it twice.
        conditions.retain(|c| !c.contains("Fieser"));
    }
    let mut text = data.workup(workup_key);
    if let Some(x) = lialh4_grams {
        text = text
            .replace("{3x}", &significant(3.0 * x).to_string())
            .replace("{x}", &significant(x).to_string());
    }
    let workup = vec![text];

    // Purification and storage, by the product.
    let resin_product = reaction.product.has_match(&data.resin_bound);
    let purification = if resin_product || fired("trityl-capture") {
        "none: the resin-bound amine goes on to the next step as it is".to_string()
    } else if amino_acid {
        data.workup("amino-acid-purification")
    } else {
        purification(&reaction.product, engine)
    };
    let free_amine = engine
        .sites
        .perceive(&reaction.product)
        .iter()
        .any(|s| matches!(s.class, SiteClass::Primary | SiteClass::Secondary));
    let storage = (free_amine && !resin_product && !amino_acid).then(|| {
        storage.unwrap_or_else(|| {
            "Store the free base under argon at -20 C, or as the dihydrochloride or oxalate salt (seed 000 FAQ).".into()
        })
    });

    // Hazards: every material's, then the step's hazard findings.
    let mut hazards = Vec::new();
    for m in &materials {
        let known = data
            .chemical(&m.name)
            .or_else(|| data.chemical_by_smiles(&m.smiles))
            .map(|c| c.hazards.clone())
            .filter(|h| !h.is_empty());
        let phrases = known.or_else(|| {
            m.smiles
                .parse::<Molecule>()
                .ok()
                .map(|molecule| data.class_hazards(&molecule))
                .filter(|h| !h.is_empty())
        });
        if let Some(p) = phrases {
            let line = format!("{}: {}", m.name, p.join("; "));
            if !hazards.contains(&line) {
                hazards.push(line);
            }
        }
    }
    if has("NaN3, H2SO4") {
        if let Some(hn3) = data.chemical("HN3") {
            extra_hazards.push(format!("HN3: {}", hn3.hazards.join("; ")));
        }
    }
    hazards.extend(extra_hazards);
    for f in &outcome.findings {
        if f.code == FindingCode::Hazard && !hazards.contains(&f.message) {
            hazards.push(f.message.clone());
        }
    }

    let product_mmol = limiting * outcome.intended_yield.max(1e-3);
    Procedure {
        scale_mmol: significant(scale),
        materials,
        conditions,
        workup,
        purification,
        hazards,
        storage,
        product_mmol: round(product_mmol, 6),
    }
}

/// Chromatography by polarity (seed 000, table 2), on silica pre-washed with TEA (seed 000,
/// method A) whenever the product carries a basic nitrogen.
fn purification(product: &Molecule, engine: &Engine<'_>) -> String {
    let sites = engine.sites.perceive(product);
    let free = sites
        .iter()
        .filter(|s| matches!(s.class, SiteClass::Primary | SiteClass::Secondary))
        .count();
    let basic = sites
        .iter()
        .filter(|s| {
            matches!(
                s.class,
                SiteClass::Primary | SiteClass::Secondary | SiteClass::Tertiary
            )
        })
        .count();
    let protected = sites
        .iter()
        .filter(|s| {
            matches!(
                s.class,
                SiteClass::Amide | SiteClass::Carbamate | SiteClass::Urea | SiteClass::Sulfonamide
            )
        })
        .count();
    const PREWASH: &str = "silica pre-washed with 2 column volumes of hexane/EtOAc/TEA 80:19:1 (seed 000, method A), then";
    if free >= 2 || (free >= 1 && product.heavy_atom_count() < 12) {
        format!(
            "{PREWASH} CHCl3/MeOH/NH4OH 90:9:1 (highly polar, unprotected diamine; seed 000, table 2)"
        )
    } else if free >= 1 || (basic >= 1 && protected == 0) {
        format!(
            "{PREWASH} EtOAc/MeOH with 2 % TEA (free base with a lipophilic side chain; seed 000, table 2)"
        )
    } else if basic >= 1 {
        format!(
            "{PREWASH} DCM/MeOH with 1 % aqueous NH4OH (N-protected derivative; seed 000, table 2)"
        )
    } else {
        "silica with DCM/MeOH and 1 % aqueous NH4OH (N-protected derivative, no basic nitrogen; seed 000, table 2)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_tables_load() {
        let data = card_data().as_ref().unwrap();
        assert!(
            data.amounts
                .iter()
                .any(|r| r.reagent == "LiAlH4" && r.unit == "eq")
        );
        assert!(
            data.chemical("Pd2(dba)3")
                .is_some_and(|c| c.mw == Some(915.7))
        );
        assert!(!data.workups.is_empty());
    }

    #[test]
    fn three_significant_figures() {
        assert_eq!(significant(0.091_572), 0.0916);
        assert_eq!(significant(1.1402), 1.14);
        assert_eq!(significant(152.4), 152.0);
        assert_eq!(three_figures(1.0), "1.00");
        assert_eq!(three_figures(0.091_572), "0.0916");
        assert_eq!(three_figures(152.4), "152");
    }

    #[test]
    fn every_liquid_has_a_density_and_every_reagent_row_a_known_material() {
        let data = card_data().as_ref().unwrap();
        for c in &data.chemicals {
            if c.state == "liquid" {
                assert!(c.density.is_some(), "{}", c.name);
            }
            assert!(c.mw.is_some_and(|w| w > 0.0), "{}", c.name);
        }
    }
}
