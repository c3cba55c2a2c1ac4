//! Route validation: replay every step with the step evaluator and say, step by step, what
//! will go wrong (DESIGN.md section 4).
//!
//! The substrate of step 1 is its first reactant; the substrate of a later step is the
//! reactant that the previous step produced (the product as the route states it), and a step
//! that uses no product of the one before fails (`wrong-product`). Each step is judged by
//! [`regiochem_rules::predict::Engine::evaluate`] against its stated product (the evaluator's
//! module docs say how). The route's verdict is the worst step's; the overall yield multiplies
//! the intended product's yield on the limiting reagent over the steps (a step that fails for
//! another reason than selectivity counts zero), and a route that does not end in its stated
//! target fails on its last step.

use regiochem_mol::Molecule;
use regiochem_rules::data::round;
use regiochem_rules::evaluate::StepOutcome;
pub use regiochem_rules::evaluate::Verdict;
use regiochem_rules::finding::{Finding, FindingCode, Severity};
use regiochem_rules::predict::Engine;
use regiochem_rules::step::Step;
use serde::Serialize;

use crate::route::{Reaction, Route};

/// One step's judgement: which step, and what the evaluator says.
#[derive(Clone, Debug, Serialize)]
pub struct Judged {
    /// One-based step number.
    pub index: usize,
    /// The reaction SMILES as written.
    pub reaction_smiles: String,
    /// The prediction, the intended yield, the verdict and the findings.
    #[serde(flatten)]
    pub outcome: StepOutcome,
}

/// A route's judgement.
#[derive(Clone, Debug, Serialize)]
pub struct Validation {
    /// The target, if the route states one.
    pub target: Option<String>,
    /// The worst step's verdict.
    pub verdict: Verdict,
    /// Product of the steps' intended yields.
    pub overall_yield: f64,
    /// Per step.
    pub steps: Vec<Judged>,
}

/// Replays `route` with `engine`.
pub fn validate(route: &Route, engine: &Engine<'_>) -> Validation {
    validate_with(route, |step, intended| {
        engine.evaluate(step, Some(intended))
    })
}

/// Replays `route`, judging each step with `evaluate(step, intended product)` (the planner
/// passes its memo of outcomes here).
pub fn validate_with(
    route: &Route,
    mut evaluate: impl FnMut(&Step, &Molecule) -> StepOutcome,
) -> Validation {
    let mut steps = Vec::with_capacity(route.steps.len());
    let mut previous: Option<String> = None;
    let mut overall = 1.0;
    for (i, reaction) in route.steps.iter().enumerate() {
        let (step, chained) = chained_step(reaction, previous.as_deref());
        let mut outcome = match &step {
            Some(step) => evaluate(step, &reaction.product),
            None => evaluate(&reaction.step, &reaction.product),
        };
        if !chained {
            outcome.push(Finding::new(
                Severity::Fail,
                FindingCode::WrongProduct,
                format!(
                    "no reactant of step {} is the product of step {i} ({})",
                    i + 1,
                    previous.as_deref().unwrap_or_default()
                ),
            ));
        }
        // A step that fails for another reason than selectivity (an unusable reagent, a group
        // made unremovable) makes none of what the model's numbers alone would promise.
        let broken = outcome
            .findings
            .iter()
            .any(|f| f.severity == Severity::Fail && f.code != FindingCode::PoorSelectivity);
        overall *= if broken { 0.0 } else { outcome.intended_yield };
        previous = Some(reaction.product.to_string());
        steps.push(Judged {
            index: i + 1,
            reaction_smiles: if reaction.text.is_empty() {
                reaction.reaction_smiles()
            } else {
                reaction.text.clone()
            },
            outcome,
        });
    }
    if let (Some(target), Some(last)) = (&route.target, route.steps.last()) {
        let made = last.product.to_string();
        if &made != target {
            if let Some(judged) = steps.last_mut() {
                judged.outcome.push(Finding::new(
                    Severity::Fail,
                    FindingCode::WrongProduct,
                    format!("the route ends in {made}, not the target {target}"),
                ));
            }
        }
    }
    if steps.is_empty() {
        overall = 0.0;
    }
    Validation {
        target: route.target.clone(),
        verdict: steps
            .iter()
            .map(|s| s.outcome.verdict)
            .max()
            .unwrap_or(Verdict::Fail),
        overall_yield: round(overall, 4),
        steps,
    }
}

/// The step as run after `previous`: its substrate is the reactant the previous step made
/// (`None` when that is the written first reactant already), and whether some reactant is.
fn chained_step(reaction: &Reaction, previous: Option<&str>) -> (Option<Step>, bool) {
    let Some(previous) = previous else {
        return (None, true);
    };
    let position = reaction.reactants().position(|r| r.to_string() == previous);
    match position {
        None => (None, false),
        Some(0) => (None, true),
        Some(index) => {
            let mut step = reaction.step.clone();
            let substrate = step.co_reactants.remove(index - 1);
            let first = std::mem::replace(&mut step.substrate, substrate);
            step.co_reactants.insert(0, first);
            (Some(step), true)
        }
    }
}
