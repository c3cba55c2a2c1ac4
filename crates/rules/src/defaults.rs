//! Default conditions (DESIGN.md section 3, the contract of `predict SUBSTRATE --with
//! CO-REACTANT`): a step with co-reactants and no agents runs under the standard conditions
//! of the co-reactant's class, read from `data/default_conditions.tsv`, and says so in a
//! `default-conditions` finding.

use std::sync::OnceLock;

use regiochem_mol::{Molecule, Pattern};

use crate::data::{DataError, rows};
use crate::evaluate::StepOutcome;
use crate::finding::{Finding, FindingCode, Severity};
use crate::predict::{Engine, Prediction};
use crate::reagents::{ReagentLibrary, Role};
use crate::step::Step;

const DEFAULTS_FILE: &str = "default_conditions.tsv";

/// The standard conditions of one co-reactant class.
#[derive(Clone, Debug)]
pub struct DefaultConditions {
    /// Class name (`acid-chloride`, `aldehyde`, ...).
    pub class: String,
    /// What a co-reactant of the class matches.
    pub pattern: Pattern,
    /// Agents, by reagent name.
    pub agents: Vec<String>,
    /// Agents as canonical component SMILES.
    pub components: Vec<String>,
    /// What the conditions are, for people.
    pub note: String,
    /// Where they come from.
    pub source: String,
}

/// The classes in the order they are tried.
#[derive(Clone, Debug, Default)]
pub struct DefaultTable {
    rows: Vec<DefaultConditions>,
}

impl DefaultTable {
    /// The table shipped in the crate, checked against the standard reagent library.
    pub fn standard() -> Result<&'static DefaultTable, DataError> {
        static TABLE: OnceLock<Result<DefaultTable, DataError>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                let reagents = ReagentLibrary::standard()?;
                DefaultTable::parse(include_str!("../data/default_conditions.tsv"), reagents)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a table; every agent must be a non-co-reactant entry of `reagents`.
    pub fn parse(text: &str, reagents: &ReagentLibrary) -> Result<DefaultTable, DataError> {
        let mut out = Vec::new();
        for (line, fields) in rows(DEFAULTS_FILE, text, 5)? {
            let error = |message: String| DataError::new(DEFAULTS_FILE, line, message);
            let pattern = Pattern::new(fields[1])
                .map_err(|e| error(format!("bad SMARTS `{}`: {e}", fields[1])))?;
            let mut agents = Vec::new();
            let mut components = Vec::new();
            for name in fields[2].split(';').map(str::trim) {
                let reagent = reagents
                    .find(name)
                    .ok_or_else(|| error(format!("`{name}` is not in reagents.tsv")))?;
                if reagent.role == Role::CoReactant {
                    return Err(error(format!("`{name}` is a co-reactant, not an agent")));
                }
                agents.push(reagent.name.clone());
                components.extend(reagent.components.iter().cloned());
            }
            out.push(DefaultConditions {
                class: fields[0].to_string(),
                pattern,
                agents,
                components,
                note: fields[3].to_string(),
                source: fields[4].to_string(),
            });
        }
        Ok(DefaultTable { rows: out })
    }

    /// The first class one of `co_reactants` belongs to.
    pub fn for_co_reactants(&self, co_reactants: &[Molecule]) -> Option<&DefaultConditions> {
        self.rows
            .iter()
            .find(|row| co_reactants.iter().any(|c| c.has_match(&row.pattern)))
    }

    /// Every class, in order.
    pub fn rows(&self) -> &[DefaultConditions] {
        &self.rows
    }
}

/// Gives `step` the default conditions of its co-reactants when it has co-reactants and no
/// agents; returns the conditions used.
pub fn complete<'t>(table: &'t DefaultTable, step: &mut Step) -> Option<&'t DefaultConditions> {
    if !step.agents.is_empty() || step.co_reactants.is_empty() {
        return None;
    }
    let chosen = table.for_co_reactants(&step.co_reactants)?;
    step.agents = chosen.components.clone();
    Some(chosen)
}

/// `a` or `an` before a class name (`an acid-chloride`, `an isocyanate`, `a ketone`).
fn article(class: &str) -> &'static str {
    if class.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The `default-conditions` finding naming the conditions used.
fn finding(chosen: &DefaultConditions) -> Finding {
    Finding::new(
        Severity::Info,
        FindingCode::DefaultConditions,
        format!(
            "no agents given: the standard conditions for {} {} co-reactant, {} ({}; {})",
            article(&chosen.class),
            chosen.class,
            chosen.agents.join(", "),
            chosen.note,
            chosen.source
        ),
    )
}

/// Predicts `step`, under the default conditions of its co-reactants when it names no agents
/// (with a `default-conditions` finding saying which). When nothing happens that way and the
/// step has one co-reactant, no agents and no acid, the roles may be the other way round (the
/// substrate is the electrophile: an acid, an aryl halide; the co-reactant the amine): the step
/// is predicted with the two exchanged, under the default conditions of the substrate's class,
/// and the finding says so.
pub fn predict(engine: &Engine<'_>, table: &DefaultTable, step: &Step) -> Prediction {
    let mut forward = step.clone();
    let chosen = complete(table, &mut forward).cloned();
    let mut prediction = engine.predict(&forward);
    if prediction.major().is_none() {
        if let Some((exchanged, conditions)) = exchanged(table, step) {
            let mut other = engine.predict(&exchanged);
            if other.major().is_some() {
                other.findings.insert(0, exchanged_finding(conditions));
                return other;
            }
        }
    }
    if let Some(chosen) = chosen {
        prediction.findings.insert(0, finding(&chosen));
    }
    prediction
}

/// [`Engine::evaluate`] under the default conditions of the co-reactants when `step` names
/// no agents (the `predict --with` contract, DESIGN.md section 3), with substrate and
/// co-reactant exchanged as [`predict`] does when nothing happens the way the step is written.
pub fn evaluate(
    engine: &Engine<'_>,
    table: &DefaultTable,
    step: &Step,
    intended: Option<&Molecule>,
) -> StepOutcome {
    let mut forward = step.clone();
    let chosen = complete(table, &mut forward).cloned();
    let mut outcome = engine.evaluate(&forward, intended);
    if outcome.prediction.major().is_none() {
        if let Some((exchanged, conditions)) = exchanged(table, step) {
            let mut other = engine.evaluate(&exchanged, intended);
            if other.prediction.major().is_some() {
                let note = exchanged_finding(conditions);
                other.prediction.findings.insert(0, note.clone());
                other.findings.insert(0, note);
                return other;
            }
        }
    }
    if let Some(chosen) = chosen {
        let note = finding(&chosen);
        outcome.prediction.findings.insert(0, note.clone());
        outcome.findings.insert(0, note);
    }
    outcome
}

/// `step` with its substrate and its one co-reactant exchanged, under the default conditions
/// of the old substrate's class, when the step names no agents and no acid (an acid-base
/// shield protonates the substrate, so it does not carry over) and the old substrate has a
/// class; the equivalents become their reciprocal.
fn exchanged<'t>(table: &'t DefaultTable, step: &Step) -> Option<(Step, &'t DefaultConditions)> {
    if !step.agents.is_empty() || step.co_reactants.len() != 1 || step.acid != 0.0 {
        return None;
    }
    let mut exchanged = step.clone();
    exchanged.substrate = step.co_reactants[0].clone();
    exchanged.co_reactants = vec![step.substrate.clone()];
    if step.equivalents > 0.0 {
        exchanged.equivalents = 1.0 / step.equivalents;
    }
    let chosen = complete(table, &mut exchanged)?;
    Some((exchanged, chosen))
}

/// The `default-conditions` finding of a step predicted with substrate and co-reactant
/// exchanged.
fn exchanged_finding(chosen: &DefaultConditions) -> Finding {
    Finding::new(
        Severity::Info,
        FindingCode::DefaultConditions,
        format!(
            "no agents given, and nothing in the substrate reacts with the co-reactant: the \
             co-reactant is the nucleophile and the substrate the electrophile, so they were \
             exchanged, under the standard conditions for {} {} substrate, {} ({}; {})",
            article(&chosen.class),
            chosen.class,
            chosen.agents.join(", "),
            chosen.note,
            chosen.source
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_of(smiles: &str) -> Option<String> {
        let molecule: Molecule = smiles.parse().unwrap();
        DefaultTable::standard()
            .unwrap()
            .for_co_reactants(&[molecule])
            .map(|c| c.class.clone())
    }

    #[test]
    fn narrower_classes_come_first() {
        assert_eq!(class_of("CC(=O)Cl").as_deref(), Some("acid-chloride"));
        assert_eq!(
            class_of("OC(=O)c1ccccc1").as_deref(),
            Some("carboxylic-acid")
        );
        assert_eq!(
            class_of("ClC(=O)OCc1ccccc1").as_deref(),
            Some("chloroformate")
        );
        assert_eq!(
            class_of("CC(C)(C)OC(=O)OC(=O)OC(C)(C)C").as_deref(),
            Some("dicarbonate")
        );
        assert_eq!(
            class_of("Fc1ccc([N+](=O)[O-])cc1").as_deref(),
            Some("activated-aryl-fluoride")
        );
        assert_eq!(
            class_of("Clc1ccc([N+](=O)[O-])cc1").as_deref(),
            Some("activated-aryl-halide")
        );
        // Fluoride, the best SNAr leaving group, goes before the acid; a chloroazine acid
        // couples; a 7-chloro-4-quinolone-3-carboxylic acid still takes the amine by SNAr.
        assert_eq!(
            class_of("O=C(O)c1cn(C2CC2)c2cc(F)c(F)cc2c1=O").as_deref(),
            Some("activated-aryl-fluoride")
        );
        assert_eq!(
            class_of("O=C(O)c1ccnc(Cl)c1").as_deref(),
            Some("carboxylic-acid")
        );
        assert_eq!(
            class_of("CCn1cc(C(=O)O)c(=O)c2cc(F)c(Cl)nc21").as_deref(),
            Some("oxo-azine-halide")
        );
        assert_eq!(class_of("Brc1ccccc1").as_deref(), Some("aryl-halide"));
        assert_eq!(class_of("BrCc1ccccc1").as_deref(), Some("alkyl-halide"));
        assert_eq!(class_of("O=Cc1ccccc1").as_deref(), Some("aldehyde"));
        assert_eq!(class_of("CC(C)=O").as_deref(), Some("ketone"));
        // A primary or secondary alcohol alkylates by borrowing hydrogen; a tertiary one has
        // no class. An unactivated aryl chloride (no Pd/BINAP substrate) takes the other group
        // of its co-reactant, and with none the last row (Pd/XPhos); an unactivated aryl
        // fluoride the alkoxide SNAr, after the alcohol row.
        assert_eq!(class_of("CCO").as_deref(), Some("alcohol"));
        assert_eq!(class_of("CC(C)(C)O"), None);
        assert_eq!(class_of("Clc1ccccc1").as_deref(), Some("aryl-chloride"));
        assert_eq!(class_of("OCc1ccc(Cl)cc1").as_deref(), Some("alcohol"));
        assert_eq!(class_of("Fc1ccc(Cl)cc1").as_deref(), Some("fluoroarene"));
        assert_eq!(class_of("OCc1ccc(F)cc1").as_deref(), Some("alcohol"));
        // An alpha-halo acid couples before the alkyl-halide row; an ester of one alkylates.
        assert_eq!(class_of("OC(=O)CCl").as_deref(), Some("halo-acid"));
        assert_eq!(class_of("CCOC(=O)CBr").as_deref(), Some("alkyl-halide"));
        // Silylation, epoxides (epichlorohydrin is an epoxide, and an acid on the epoxide
        // couples first), Michael acceptors before the ester row, and a beta-keto ester
        // before the ketone row.
        assert_eq!(
            class_of("CC(C)(C)[Si](C)(C)Cl").as_deref(),
            Some("silyl-chloride")
        );
        assert_eq!(class_of("ClCC1CO1").as_deref(), Some("epoxide"));
        assert_eq!(
            class_of("OC(=O)C1(C)CO1").as_deref(),
            Some("carboxylic-acid")
        );
        assert_eq!(class_of("C=CC(=O)OC").as_deref(), Some("michael-acceptor"));
        assert_eq!(class_of("C=CC#N").as_deref(), Some("michael-acceptor"));
        assert_eq!(class_of("CC(=O)OC").as_deref(), Some("ester"));
        assert_eq!(
            class_of("CC(=O)CC(=O)OC(C)(C)C").as_deref(),
            Some("beta-keto-ester")
        );
    }
}
