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
    /// The standard agent sets, tried in order: the first is the class's usual conditions; a
    /// later one is used only when those before it predict nothing (a substrate whose only
    /// nucleophile is an alcohol or an amide N-H, which needs sodium hydride, where the usual set has a
    /// carbonate). Empty for a class of nucleophiles (an amine), which has no conditions of its
    /// own: only the exchange is tried.
    pub choices: Vec<AgentSet>,
    /// What the conditions are, for people.
    pub note: String,
    /// Where they come from.
    pub source: String,
}

/// One set of standard agents.
#[derive(Clone, Debug)]
pub struct AgentSet {
    /// Agents, by reagent name.
    pub agents: Vec<String>,
    /// Agents as canonical component SMILES.
    pub components: Vec<String>,
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
            let mut choices = Vec::new();
            // `-`: the class is a nucleophile with no conditions of its own, so a step whose
            // co-reactant belongs to it goes straight to the exchange.
            let sets = if fields[2] == "-" { "" } else { fields[2] };
            for set in sets.split('|').filter(|set| !set.is_empty()) {
                let mut agents = Vec::new();
                let mut components = Vec::new();
                for name in set.split(';').map(str::trim) {
                    let reagent = reagents
                        .find(name)
                        .ok_or_else(|| error(format!("`{name}` is not in reagents.tsv")))?;
                    if reagent.role == Role::CoReactant {
                        return Err(error(format!("`{name}` is a co-reactant, not an agent")));
                    }
                    agents.push(reagent.name.clone());
                    components.extend(reagent.components.iter().cloned());
                }
                choices.push(AgentSet { agents, components });
            }
            out.push(DefaultConditions {
                class: fields[0].to_string(),
                pattern,
                choices,
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

/// One way of running a step without agents: the step with one standard agent set of a class,
/// and whether substrate and co-reactant were exchanged.
struct Attempt<'t> {
    step: Step,
    conditions: &'t DefaultConditions,
    choice: usize,
    exchanged: bool,
}

impl Attempt<'_> {
    /// The `default-conditions` finding naming the conditions used.
    fn finding(&self) -> Finding {
        let conditions = self.conditions;
        let set = &conditions.choices[self.choice];
        let role = if self.exchanged {
            "substrate"
        } else {
            "co-reactant"
        };
        let mut message = String::from("no agents given");
        if self.exchanged {
            message.push_str(
                ", and nothing in the substrate reacts with the co-reactant: the co-reactant is \
                 the nucleophile and the substrate the electrophile, so they were exchanged",
            );
        }
        if self.choice > 0 {
            message.push_str(&format!(
                "; the usual conditions for {} {} {role} ({}) give nothing here, so its next \
                 standard set: {}",
                article(&conditions.class),
                conditions.class,
                conditions.choices[0].agents.join(", "),
                set.agents.join(", "),
            ));
        } else {
            message.push_str(&format!(
                ": the standard conditions for {} {} {role}, {}",
                article(&conditions.class),
                conditions.class,
                set.agents.join(", "),
            ));
        }
        message.push_str(&format!(" ({}; {})", conditions.note, conditions.source));
        Finding::new(Severity::Info, FindingCode::DefaultConditions, message)
    }
}

/// The ways to run `step` under default conditions, in the order they are tried: every agent
/// set of its co-reactants' class, then (one co-reactant, no acid: an acid-base shield
/// protonates the substrate, so it does not carry over) every set of the substrate's class with
/// the two exchanged and the equivalents inverted. None when the step names agents or has no
/// co-reactant.
fn attempts<'t>(table: &'t DefaultTable, step: &Step) -> Vec<Attempt<'t>> {
    let mut out = Vec::new();
    if !step.agents.is_empty() || step.co_reactants.is_empty() {
        return out;
    }
    let mut push = |step: &Step, conditions: &'t DefaultConditions, exchanged: bool| {
        for (choice, set) in conditions.choices.iter().enumerate() {
            let mut attempt = step.clone();
            attempt.agents.clone_from(&set.components);
            out.push(Attempt {
                step: attempt,
                conditions,
                choice,
                exchanged,
            });
        }
    };
    if let Some(conditions) = table.for_co_reactants(&step.co_reactants) {
        push(step, conditions, false);
    }
    if step.co_reactants.len() == 1 && step.acid == 0.0 {
        let mut other = step.clone();
        other.substrate = step.co_reactants[0].clone();
        other.co_reactants = vec![step.substrate.clone()];
        if step.equivalents > 0.0 {
            other.equivalents = 1.0 / step.equivalents;
        }
        if let Some(conditions) = table.for_co_reactants(&other.co_reactants) {
            push(&other, conditions, true);
        }
    }
    out
}

/// Runs the attempts of `step` in order and keeps the first whose outcome `reacts`, with its
/// finding added by `note`; when none reacts, the first attempt as written (its conditions
/// named), or the step itself when there is no attempt of its own class.
fn first_reacting<T>(
    table: &DefaultTable,
    step: &Step,
    run: impl Fn(&Step) -> T,
    reacts: impl Fn(&T) -> bool,
    note: impl Fn(&mut T, Finding),
) -> T {
    let mut unreactive = None;
    for attempt in attempts(table, step) {
        let mut outcome = run(&attempt.step);
        if reacts(&outcome) {
            note(&mut outcome, attempt.finding());
            return outcome;
        }
        if unreactive.is_none() && !attempt.exchanged && attempt.choice == 0 {
            note(&mut outcome, attempt.finding());
            unreactive = Some(outcome);
        }
    }
    unreactive.unwrap_or_else(|| run(step))
}

/// `a` or `an` before a class name (`an acid-chloride`, `an isocyanate`, `a ketone`).
fn article(class: &str) -> &'static str {
    if class.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Predicts `step`, under the default conditions of its co-reactants when it names no agents
/// (with a `default-conditions` finding saying which). When nothing happens under a class's
/// usual agents, its next standard set is tried (sodium hydride for an alcohol substrate with an alkyl
/// halide); when nothing happens under any, and the step has one co-reactant and no acid, the
/// roles may be the other way round (the substrate is the electrophile: an acid, an aryl
/// halide; the co-reactant the amine): the two are exchanged, under the default conditions of
/// the substrate's class. The finding says which.
pub fn predict(engine: &Engine<'_>, table: &DefaultTable, step: &Step) -> Prediction {
    first_reacting(
        table,
        step,
        |step| engine.predict(step),
        |prediction| prediction.major().is_some(),
        |prediction, finding| prediction.findings.insert(0, finding),
    )
}

/// [`Engine::evaluate`] under the default conditions of the co-reactants when `step` names
/// no agents (the `predict --with` contract, DESIGN.md section 3), trying the same agent sets
/// and exchange as [`predict`].
pub fn evaluate(
    engine: &Engine<'_>,
    table: &DefaultTable,
    step: &Step,
    intended: Option<&Molecule>,
) -> StepOutcome {
    first_reacting(
        table,
        step,
        |step| engine.evaluate(step, intended),
        |outcome| outcome.prediction.major().is_some(),
        |outcome, finding| {
            outcome.prediction.findings.insert(0, finding.clone());
            outcome.findings.insert(0, finding);
        },
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
        // Guanidinylation reagents, activated carbonates and carbamates, sulfonyl azines. An
        // N,N-disubstituted aryl carbamate is not an isocyanate source (its acid couples), and
        // an alpha-chloro alkyl carbonate alkylates.
        assert_eq!(
            class_of("CSC(=NC(=O)OC(C)(C)C)NC(=O)OC(C)(C)C").as_deref(),
            Some("isothiourea")
        );
        assert_eq!(
            class_of("N=C(N)n1cccn1").as_deref(),
            Some("pyrazole-carboxamidine")
        );
        assert_eq!(
            class_of("O=C(Oc1ccc([N+](=O)[O-])cc1)OCC").as_deref(),
            Some("aryl-carbonate")
        );
        assert_eq!(
            class_of("O=C(Oc1ccccc1)OC(Cl)c1ccccc1").as_deref(),
            Some("alkyl-halide")
        );
        assert_eq!(
            class_of("CNC(=O)Oc1ccccc1").as_deref(),
            Some("aryl-carbamate")
        );
        assert_eq!(
            class_of("CN(C)C(=O)Oc1ccc(cc1)C(=O)O").as_deref(),
            Some("carboxylic-acid")
        );
        assert_eq!(
            class_of("CS(=O)(=O)c1ncccn1").as_deref(),
            Some("sulfonyl-azine")
        );
        // Aryl triflates after aryl bromides; a phenol or an imide is a Mitsunobu
        // pronucleophile, unless the co-reactant carries an amine (a nucleophile class).
        assert_eq!(
            class_of("COc1ccc(OS(=O)(=O)C(F)(F)F)cc1").as_deref(),
            Some("aryl-triflate")
        );
        assert_eq!(
            class_of("Brc1ccc(OS(=O)(=O)C(F)(F)F)cc1").as_deref(),
            Some("aryl-halide")
        );
        assert_eq!(class_of("Oc1ccccc1").as_deref(), Some("phenol"));
        assert_eq!(class_of("O=C1NC(=O)c2ccccc21").as_deref(), Some("imide"));
        assert_eq!(class_of("NCc1ccc(O)cc1").as_deref(), Some("amine"));
        assert_eq!(class_of("Clc1ccc(O)cc1").as_deref(), Some("aryl-chloride"));
    }

    #[test]
    fn a_nucleophile_class_is_only_exchanged() {
        let table = DefaultTable::standard().unwrap();
        let amine = table.rows().iter().find(|r| r.class == "amine").unwrap();
        assert!(amine.choices.is_empty());
        // An acid substrate and an amine co-reactant: no attempt of the amine's own, then
        // every set of the acid's class with the two exchanged.
        let mut step = Step::new("OC(=O)c1ccccc1".parse().unwrap());
        step.co_reactants = vec!["NCc1ccc(O)cc1".parse().unwrap()];
        let tried = attempts(table, &step);
        assert!(!tried.is_empty());
        assert!(tried.iter().all(|a| a.exchanged));
        assert_eq!(tried[0].conditions.class, "carboxylic-acid");
    }
}
