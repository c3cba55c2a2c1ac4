//! Procedure cards: amounts at a scale (grams and millilitres from the formula masses),
//! conditions from the seed protocols, workup, purification by polarity and hazards.

use std::sync::OnceLock;

use regiochem_mol::Molecule;
use regiochem_rules::data::{DataError, round, rows};
use regiochem_rules::evaluate::StepOutcome;
use regiochem_rules::finding::FindingCode;
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::Role;
use regiochem_rules::sites::SiteClass;
use serde::Serialize;

use crate::route::Reaction;

/// One material of a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Material {
    /// Name from the reagent library, or the SMILES.
    pub name: String,
    /// Canonical SMILES.
    pub smiles: String,
    /// substrate, co-reactant, acid, reagent, catalyst or solvent.
    pub role: String,
    /// Equivalents per substrate, when counted so.
    pub equivalents: Option<f64>,
    /// Millimoles.
    pub mmol: Option<f64>,
    /// Grams.
    pub grams: Option<f64>,
    /// Millilitres (solvents and solutions).
    pub millilitres: Option<f64>,
}

/// How to run a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Procedure {
    /// Millimoles of substrate.
    pub scale_mmol: f64,
    /// What goes in.
    pub materials: Vec<Material>,
    /// How.
    pub conditions: Vec<String>,
    /// Workup.
    pub workup: Vec<String>,
    /// Purification.
    pub purification: String,
    /// Hazards.
    pub hazards: Vec<String>,
}

/// One row of `data/amounts.tsv`: reagent name, amount, unit, conditions (`-` for none).
type AmountRow = (String, f64, String, String);

/// `data/amounts.tsv`, read through the one row reader.
fn amounts() -> &'static Result<Vec<AmountRow>, DataError> {
    const FILE: &str = "amounts.tsv";
    static AMOUNTS: OnceLock<Result<Vec<AmountRow>, DataError>> = OnceLock::new();
    AMOUNTS.get_or_init(|| {
        let mut out = Vec::new();
        for (line, f) in rows(FILE, include_str!("../data/amounts.tsv"), 3)? {
            let amount = f[1]
                .parse()
                .map_err(|_| DataError::new(FILE, line, format!("`{}` is not a number", f[1])))?;
            out.push((
                f[0].to_string(),
                amount,
                f[2].to_string(),
                f.get(3).copied().unwrap_or("-").to_string(),
            ));
        }
        Ok(out)
    })
}

fn amount(name: &str) -> Option<&'static AmountRow> {
    amounts()
        .as_ref()
        .ok()?
        .iter()
        .find(|(n, _, _, _)| n == name)
}

fn grams(molecule: &Molecule, mmol: f64) -> f64 {
    round(molecule.average_mass() * mmol / 1000.0, 4)
}

/// The procedure card of one step at `scale` mmol of substrate.
pub fn procedure(
    reaction: &Reaction,
    outcome: &StepOutcome,
    engine: &Engine<'_>,
    scale: f64,
) -> Procedure {
    let step = &reaction.step;
    let mut materials = Vec::new();
    let mut conditions = Vec::new();
    let mut workup = Vec::new();
    let substrate_grams = grams(&step.substrate, scale);
    for (i, molecule) in reaction.reactants().enumerate() {
        let (role, equivalents) = if i == 0 {
            ("substrate", 1.0)
        } else {
            ("co-reactant", step.equivalents)
        };
        let smiles = molecule.to_string();
        let name = engine
            .reagents
            .by_smiles(&smiles)
            .map_or_else(|| smiles.clone(), |r| r.name.clone());
        materials.push(Material {
            name,
            smiles,
            role: role.to_string(),
            equivalents: Some(equivalents),
            mmol: Some(round(equivalents * scale, 3)),
            grams: Some(grams(molecule, equivalents * scale)),
            millilitres: None,
        });
    }
    if step.acid > 0.0 {
        conditions.push(
            "dissolve the substrate in dry MeOH, cool to 0 C and add the HCl solution dropwise over 30 min (acid-base shield, seed 004); then add the co-reactant dropwise at 0 C, stir 1 h, warm to room temperature".to_string(),
        );
        materials.push(Material {
            name: "HCl (1.25 M in MeOH)".into(),
            smiles: "Cl".into(),
            role: "acid".into(),
            equivalents: Some(step.acid),
            mmol: Some(round(step.acid * scale, 3)),
            grams: None,
            millilitres: Some(round(step.acid * scale / 1.25, 2)),
        });
        workup.push(
            "concentrate, basify with aqueous NaOH to pH > 12, extract with DCM (seed 004)".into(),
        );
    }
    let conditions_of = engine.reagents.conditions(&step.agents);
    let mut solvent_named = false;
    for name in &conditions_of.reagents {
        let Some(reagent) = engine.reagents.find(name) else {
            continue;
        };
        let smiles = reagent.smiles.clone();
        match (reagent.role, amount(name)) {
            (Role::Solvent, _) if !solvent_named => {
                solvent_named = true;
                let per = amount("solvent").map_or(0.2, |a| a.1);
                materials.push(Material {
                    name: name.clone(),
                    smiles,
                    role: "solvent".into(),
                    equivalents: None,
                    mmol: None,
                    grams: None,
                    millilitres: Some(round(scale / per, 1)),
                });
            }
            (Role::Solvent, _) => materials.push(Material {
                name: name.clone(),
                smiles,
                role: "solvent".into(),
                equivalents: None,
                mmol: None,
                grams: None,
                millilitres: None,
            }),
            (_, Some((_, value, unit, text))) => {
                let molecule: Option<Molecule> = reagent.smiles.parse().ok();
                let (equivalents, mmol, grams_needed) = match unit.as_str() {
                    "eq" => (
                        Some(*value),
                        Some(round(value * scale, 3)),
                        molecule.as_ref().map(|m| grams(m, value * scale)),
                    ),
                    "wt" => (None, None, Some(round(value * substrate_grams, 4))),
                    _ => (None, None, None),
                };
                materials.push(Material {
                    name: name.clone(),
                    smiles,
                    role: "reagent".into(),
                    equivalents,
                    mmol,
                    grams: grams_needed,
                    millilitres: None,
                });
                if text != "-" {
                    conditions.push(format!("{name}: {text}"));
                }
                if name == "LiAlH4" {
                    if let Some(x) = grams_needed {
                        let x = round(x, 2);
                        workup.push(format!(
                            "Fieser workup for {x} g LiAlH4 at 0 C: {x} mL water, {x} mL 15 % NaOH, {} mL water; stir 30 min, filter through Celite (seed 000, table 1)",
                            round(3.0 * x, 2)
                        ));
                    }
                }
                if name == "TFA" || name == "HCl" {
                    workup.push("concentrate; take up in DCM, wash with aqueous NaOH (pH > 12), dry, concentrate; store the free diamine as its dihydrochloride or oxalate salt".into());
                }
                if name.starts_with("H2,") {
                    workup.push("filter through Celite under nitrogen (the catalyst is pyrophoric), concentrate".into());
                }
            }
            (_, None) => materials.push(Material {
                name: name.clone(),
                smiles,
                role: "reagent".into(),
                equivalents: None,
                mmol: None,
                grams: None,
                millilitres: None,
            }),
        }
    }
    if workup.is_empty() {
        workup.push(
            "dilute with DCM, wash with aqueous NaHCO3 and brine, dry over Na2SO4, concentrate"
                .into(),
        );
    }
    conditions.extend(outcome.prediction.notes.iter().cloned());
    let hazards = outcome
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::Hazard)
        .map(|f| f.message.clone())
        .collect();
    Procedure {
        scale_mmol: round(scale, 3),
        materials,
        conditions,
        workup,
        purification: purification(&reaction.product, engine),
        hazards,
    }
}

/// Chromatography by polarity (seed 000, table 2).
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
    if free >= 2 || (basic >= 1 && product.heavy_atom_count() < 15) {
        "silica with CHCl3/MeOH/NH4OH 90:9:1 (highly polar, unprotected amine); or neutral alumina (Brockmann III)".into()
    } else if basic >= 1 {
        "silica pre-washed with hexane/EtOAc/TEA 80:19:1, then EtOAc/MeOH with 2 % TEA (free base with a lipophilic side chain)".into()
    } else {
        "silica with DCM/MeOH and 1 % aqueous NH4OH (N-protected derivative)".into()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_amounts_table_loads() {
        let rows = super::amounts().as_ref().unwrap();
        assert!(
            rows.iter()
                .any(|(name, _, unit, _)| name == "LiAlH4" && unit == "eq")
        );
    }
}
