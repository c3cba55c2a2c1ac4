//! Route validation: replay every step with the outcome model and say, step by step, what
//! will go wrong (DESIGN.md section 4).
//!
//! The substrate of step 1 is its first reactant; the substrate of a later step is the
//! reactant that the previous step produced (the product as the route states it). The other
//! reactants are co-reactants, the agents come from the line. A step fails when its intended
//! product is not the predicted major product (`wrong-product`), when the condition does
//! nothing (`no-reaction`), when the intended product is under 60 % of the limiting reagent
//! (`poor-selectivity`), or when the outcome model raises a `fail` finding (an unusable
//! reagent, a group made unremovable, a nitro group turned to azo). It warns at 60-80 %
//! selectivity, on a large excess of substrate, and on every `warn` finding of the model. The
//! route's verdict is the worst step's; the overall yield multiplies the intended product's
//! yield on the limiting reagent over the steps (a step that fails for another reason than
//! selectivity counts zero).

use regiochem_mol::Molecule;
use regiochem_rules::finding::{Finding, FindingCode, Severity};
use regiochem_rules::predict::{Engine, Prediction, Step};
use serde::Serialize;

use crate::route::{Route, RouteStep};

/// Below this share of the limiting reagent the intended product fails the step.
pub const FAIL_SELECTIVITY: f64 = 0.60;
/// Below this share it warns.
pub const WARN_SELECTIVITY: f64 = 0.80;
/// At or below this `eq` (three or more equivalents of substrate) the step relies on a large
/// excess, which is worth a warning.
pub const LARGE_EXCESS: f64 = 0.34;

/// A verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Works as written.
    Pass,
    /// Works, with a risk that sometimes bites.
    Warn,
    /// Does not do what is intended.
    Fail,
}

impl Verdict {
    fn from_findings(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Fail) => Verdict::Fail,
            Some(Severity::Warn) => Verdict::Warn,
            _ => Verdict::Pass,
        }
    }

    /// The name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

/// A predicted product, as reported.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Predicted {
    /// Canonical SMILES.
    pub smiles: String,
    /// Fraction on the substrate basis.
    pub fraction: f64,
}

/// One step's judgement.
#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    /// One-based step number.
    pub index: usize,
    /// The reaction SMILES as written.
    pub reaction_smiles: String,
    /// The verdict.
    pub verdict: Verdict,
    /// What the model predicts, most abundant first (`unreacted` is the substrate left).
    pub predicted: Vec<Predicted>,
    /// Fraction of substrate left.
    pub unreacted: f64,
    /// The intended product's share of the limiting reagent.
    pub intended_yield: f64,
    /// What goes wrong.
    pub findings: Vec<Finding>,
    /// Practical notes of the rules that fired.
    pub notes: Vec<String>,
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
    pub steps: Vec<StepReport>,
}

/// Replays `route` with `engine`.
pub fn validate(route: &Route, engine: &Engine<'_>) -> Validation {
    let mut steps = Vec::with_capacity(route.steps.len());
    let mut previous: Option<String> = None;
    let mut overall = 1.0;
    for (i, step) in route.steps.iter().enumerate() {
        let report = validate_step(i + 1, step, previous.as_deref(), engine);
        // A step that fails for another reason than selectivity (an unusable reagent, a group
        // made unremovable) makes none of what the model's numbers alone would promise.
        let broken = report
            .findings
            .iter()
            .any(|f| f.severity == Severity::Fail && f.code != FindingCode::PoorSelectivity);
        overall *= if broken { 0.0 } else { report.intended_yield };
        previous = Some(step.product.to_string());
        steps.push(report);
    }
    if let (Some(target), Some(last)) = (&route.target, route.steps.last()) {
        let made = last.product.to_string();
        if &made != target {
            if let Some(report) = steps.last_mut() {
                report.findings.push(Finding::new(
                    Severity::Fail,
                    FindingCode::WrongProduct,
                    format!("the route ends in {made}, not the target {target}"),
                ));
                report.verdict = Verdict::Fail;
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
            .map(|s| s.verdict)
            .max()
            .unwrap_or(Verdict::Fail),
        overall_yield: round(overall),
        steps,
    }
}

/// Which reactant is the substrate: the one the previous step made, else the first.
fn split_reactants<'r>(
    step: &'r RouteStep,
    previous: Option<&str>,
) -> (Option<&'r Molecule>, Vec<Molecule>, bool) {
    let position = previous.and_then(|p| step.reactants.iter().position(|r| r.to_string() == p));
    let chained = previous.is_none() || position.is_some();
    let index = position.unwrap_or(0);
    let substrate = step.reactants.get(index);
    let co_reactants = step
        .reactants
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, m)| m.clone())
        .collect();
    (substrate, co_reactants, chained)
}

pub(crate) fn validate_step(
    index: usize,
    step: &RouteStep,
    previous: Option<&str>,
    engine: &Engine<'_>,
) -> StepReport {
    let (substrate, co_reactants, chained) = split_reactants(step, previous);
    let mut findings = Vec::new();
    let Some(substrate) = substrate else {
        return StepReport {
            index,
            reaction_smiles: step.text.clone(),
            verdict: Verdict::Fail,
            predicted: Vec::new(),
            unreacted: 1.0,
            intended_yield: 0.0,
            findings: vec![Finding::new(
                Severity::Fail,
                FindingCode::Unparsable,
                "the step has no reactant",
            )],
            notes: Vec::new(),
        };
    };
    if !chained {
        findings.push(Finding::new(
            Severity::Fail,
            FindingCode::WrongProduct,
            format!(
                "no reactant of step {index} is the product of step {} ({})",
                index - 1,
                previous.unwrap_or_default()
            ),
        ));
    }
    let prediction = engine.predict(&Step {
        substrate: substrate.clone(),
        co_reactants,
        agents: step.agents.clone(),
        equivalents: step.equivalents,
        acid: step.acid,
    });
    judge(index, step, &prediction, findings, engine)
}

/// The verdict on a step whose prediction is known; `findings` holds what was found before
/// the prediction (a broken chain).
pub(crate) fn judge(
    index: usize,
    step: &RouteStep,
    prediction: &Prediction,
    mut findings: Vec<Finding>,
    engine: &Engine<'_>,
) -> StepReport {
    let intended = step.product.to_string();
    let found = prediction
        .products
        .iter()
        .position(|p| p.smiles == intended);
    let intended_yield = found.map_or(0.0, |i| prediction.products[i].yield_on_limiting);
    // The model's own selectivity findings speak of its major product; the validator judges
    // the intended one instead.
    findings.extend(
        prediction
            .findings
            .iter()
            .filter(|f| f.code != FindingCode::PoorSelectivity)
            .cloned(),
    );
    if found == Some(0) {
        // The transformations the model made are the ones the chemist wrote down: a rule's
        // side-reaction finding (nitro to aniline under H2) is then the point of the step.
        let intended_changes: Vec<&str> = prediction
            .rules
            .iter()
            .filter_map(|name| engine.rules.rule(name))
            .filter(|rule| rule.finding.is_some())
            .map(|rule| rule.message.as_str())
            .collect();
        for finding in &mut findings {
            if finding.code == FindingCode::IncompatibleGroup
                && finding.severity == Severity::Warn
                && intended_changes.contains(&finding.message.as_str())
            {
                finding.severity = Severity::Info;
                finding.message = format!("intended: {}", finding.message);
            }
        }
    }
    match found {
        Some(0) => {
            if intended_yield < FAIL_SELECTIVITY {
                findings.push(selectivity(Severity::Fail, intended_yield, prediction));
            } else if intended_yield < WARN_SELECTIVITY {
                findings.push(selectivity(Severity::Warn, intended_yield, prediction));
            }
        }
        Some(_) => {
            let major = &prediction.products[0];
            findings.push(Finding::new(
                Severity::Fail,
                FindingCode::WrongProduct,
                format!(
                    "the major product is {} ({:.0} %); the intended product is only {:.0} %",
                    major.smiles,
                    100.0 * major.fraction,
                    100.0 * intended_yield
                ),
            ));
        }
        None if !prediction.products.is_empty() => {
            let major = &prediction.products[0];
            findings.push(Finding::new(
                Severity::Fail,
                FindingCode::WrongProduct,
                format!(
                    "the model predicts {} ({:.0} %), not the intended product",
                    major.smiles,
                    100.0 * major.fraction
                ),
            ));
        }
        None => {
            if !findings.iter().any(|f| f.code == FindingCode::NoReaction) {
                findings.push(Finding::new(
                    Severity::Fail,
                    FindingCode::NoReaction,
                    "the model predicts no product",
                ));
            }
        }
    }
    if !step.reactants.is_empty() && step.reactants.len() > 1 && step.equivalents <= LARGE_EXCESS {
        findings.push(Finding::new(
            Severity::Warn,
            FindingCode::Stoichiometry,
            format!(
                "relies on a {:.0}-fold excess of the substrate; recover the excess diamine",
                1.0 / step.equivalents
            ),
        ));
    }
    StepReport {
        index,
        reaction_smiles: step.text.clone(),
        verdict: Verdict::from_findings(&findings),
        predicted: prediction
            .products
            .iter()
            .map(|p| Predicted {
                smiles: p.smiles.clone(),
                fraction: p.fraction,
            })
            .collect(),
        unreacted: prediction.unreacted,
        intended_yield: round(intended_yield),
        findings,
        notes: prediction.notes.clone(),
    }
}

fn selectivity(severity: Severity, share: f64, prediction: &Prediction) -> Finding {
    let others: Vec<String> = prediction
        .products
        .iter()
        .skip(1)
        .map(|p| format!("{} {:.0} %", p.smiles, 100.0 * p.fraction))
        .collect();
    Finding::new(
        severity,
        FindingCode::PoorSelectivity,
        format!(
            "the intended product is {:.0} % of the limiting reagent (also: {}; unreacted {:.0} %)",
            100.0 * share,
            if others.is_empty() {
                "nothing".to_string()
            } else {
                others.join(", ")
            },
            100.0 * prediction.unreacted
        ),
    )
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
