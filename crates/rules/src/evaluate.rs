//! The step evaluator (DESIGN.md section 4): [`Engine::evaluate`] predicts a step and judges it
//! against the product it is meant to give. The validator and the planner both call it; it is
//! the only place that turns a distribution into a verdict.
//!
//! Judging, with the thresholds of `data/judging.tsv`:
//!
//! - the intended product (the major product when none is named) must be the major product
//!   (`wrong-product`) and make at least `fail-selectivity` of the limiting reagent
//!   (`poor-selectivity`; below `warn-selectivity` it warns); nothing formed is `no-reaction`;
//! - a step that relies on `large-excess` or more of substrate warns (`stoichiometry`);
//! - every finding of the model counts; when the intended product is the major one, a rule's
//!   `warn` side-reaction finding (nitro to aniline under H2 when the aniline is wanted) is what
//!   the chemist asked for and becomes `info`. Which finding came from a rule is read from the
//!   finding's `rule`, never from its message.
//!
//! The step's `yield` is the expected isolated yield: the intended product's share of the
//! limiting reagent (`selectivity`, which the thresholds judge) times the typical isolated
//! yield of its reaction (`data/isolated_yields.tsv`), with `yield_range` from the low and high
//! ends.
//!
//! The verdict is the worst severity: `fail`, `warn`, else `pass`; a step with an agent the
//! library does not know is `unknown` unless it fails for a reason that agent cannot change.

use std::sync::OnceLock;

use regiochem_mol::Molecule;
use serde::Serialize;

use crate::data::{DataError, round, rows};
use crate::finding::{Finding, FindingCode, Severity};
use crate::predict::{Engine, Prediction};
use crate::step::Step;

/// A verdict on a step or a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Works as written.
    Pass,
    /// Works, with a risk that sometimes bites.
    Warn,
    /// Cannot be judged: an agent the library does not know may be what makes the step go
    /// (DESIGN.md section 4: never a silent pass, never a false fail).
    Unknown,
    /// Does not do what is intended.
    Fail,
}

impl Verdict {
    /// The worst severity among `findings` (`pass` when there is none above `info`). With an
    /// `unknown-agent` finding the step is `unknown` unless it fails for a reason the unknown
    /// agent cannot change (a rule's or check's finding, a broken charge): that the model sees
    /// no reaction, another product or a poor selectivity may be the unknown agent's doing.
    pub fn from_findings(findings: &[Finding]) -> Verdict {
        let unknown = findings
            .iter()
            .any(|f| f.code == FindingCode::UnknownAgent && f.severity >= Severity::Warn);
        let hard_fail = findings.iter().any(|f| {
            f.severity == Severity::Fail
                && (f.rule.is_some()
                    || !matches!(
                        f.code,
                        FindingCode::NoReaction
                            | FindingCode::WrongProduct
                            | FindingCode::PoorSelectivity
                    ))
        });
        match findings.iter().map(|f| f.severity).max() {
            _ if hard_fail => Verdict::Fail,
            _ if unknown => Verdict::Unknown,
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
            Verdict::Unknown => "unknown",
            Verdict::Fail => "fail",
        }
    }
}

/// The judging thresholds (`data/judging.tsv`; every row says where its value comes from).
#[derive(Clone, Debug, PartialEq)]
pub struct Judging {
    /// Below this share of the limiting reagent the intended product fails the step.
    pub fail_selectivity: f64,
    /// Below this share it warns.
    pub warn_selectivity: f64,
    /// Above this share of the limiting reagent taking a second unit, the step over-reacts.
    pub over_reaction: f64,
    /// Co-reactant left (eq) beside unreacted substrate that says the charge is wrong.
    pub leftover_co_reactant: f64,
    /// Substrate left (fraction) beside co-reactant that says the charge is wrong.
    pub leftover_substrate: f64,
    /// At or below this `eq` (three or more equivalents of substrate) the step relies on a
    /// large excess.
    pub large_excess: f64,
    /// A rule's own finding is raised when its products make more than this.
    pub rule_product_trace: f64,
    /// A base that takes more than this share of a shield's acid warns (`incompatible-base`).
    pub shield_base_warn: f64,
    /// A base that takes more than this share of a shield's acid fails.
    pub shield_base_fail: f64,
}

const JUDGING_FILE: &str = "judging.tsv";

impl Judging {
    /// The thresholds shipped in the crate.
    pub fn standard() -> Result<&'static Judging, DataError> {
        static JUDGING: OnceLock<Result<Judging, DataError>> = OnceLock::new();
        JUDGING
            .get_or_init(|| Judging::parse(include_str!("../data/judging.tsv")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a judging file: `name`, `value`, `source` per row; every name once, none missing.
    pub fn parse(text: &str) -> Result<Judging, DataError> {
        const NAMES: [&str; 9] = [
            "fail-selectivity",
            "warn-selectivity",
            "over-reaction",
            "leftover-co-reactant",
            "leftover-substrate",
            "large-excess",
            "rule-product-trace",
            "shield-base-warn",
            "shield-base-fail",
        ];
        let mut values = [None; NAMES.len()];
        for (line, fields) in rows(JUDGING_FILE, text, 3)? {
            let Some(slot) = NAMES.iter().position(|n| *n == fields[0]) else {
                return Err(DataError::new(
                    JUDGING_FILE,
                    line,
                    format!("unknown threshold `{}`", fields[0]),
                ));
            };
            if values[slot].is_some() {
                return Err(DataError::new(
                    JUDGING_FILE,
                    line,
                    format!("`{}` given twice", fields[0]),
                ));
            }
            if fields[2].is_empty() {
                return Err(DataError::new(
                    JUDGING_FILE,
                    line,
                    "every threshold needs its source",
                ));
            }
            let value: f64 = fields[1]
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    DataError::new(
                        JUDGING_FILE,
                        line,
                        format!("`{}` is not a non-negative number", fields[1]),
                    )
                })?;
            values[slot] = Some(value);
        }
        let mut get = |i: usize| {
            values[i].take().ok_or_else(|| {
                DataError::new(JUDGING_FILE, 0, format!("`{}` is missing", NAMES[i]))
            })
        };
        Ok(Judging {
            fail_selectivity: get(0)?,
            warn_selectivity: get(1)?,
            over_reaction: get(2)?,
            leftover_co_reactant: get(3)?,
            leftover_substrate: get(4)?,
            large_excess: get(5)?,
            rule_product_trace: get(6)?,
            shield_base_warn: get(7)?,
            shield_base_fail: get(8)?,
        })
    }
}

/// What a step gives and what the judge says of it.
#[derive(Clone, Debug, Serialize)]
pub struct StepOutcome {
    /// The model's prediction (its `findings` are the model's own; [`StepOutcome::findings`]
    /// holds them with the judgement's).
    #[serde(flatten)]
    pub prediction: Prediction,
    /// The expected isolated yield of the intended product: its share of the limiting
    /// reagent (the selectivity) times the typical isolated yield of the step's reaction
    /// (`data/isolated_yields.tsv`; 0 when it does not form).
    #[serde(rename = "yield")]
    pub intended_yield: f64,
    /// The low and high ends of the expected isolated yield.
    pub yield_range: [f64; 2],
    /// The intended product's share of the limiting reagent, which the judging thresholds
    /// read.
    pub selectivity: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// Everything found: the model's findings, then the judgement's.
    pub findings: Vec<Finding>,
}

impl StepOutcome {
    /// Adds a finding found outside the step (a broken chain) and updates the verdict.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
        self.verdict = Verdict::from_findings(&self.findings);
    }
}

impl Engine<'_> {
    /// Predicts `step` and judges it against `intended` (its major product when `None`).
    pub fn evaluate(&self, step: &Step, intended: Option<&Molecule>) -> StepOutcome {
        let prediction = self.predict(step);
        self.judge(step, prediction, intended)
    }

    /// Judges a prediction of `step` against `intended` (the major product when `None`).
    pub fn judge(
        &self,
        step: &Step,
        prediction: Prediction,
        intended: Option<&Molecule>,
    ) -> StepOutcome {
        let judging = self.judging;
        let mut findings = prediction.findings.clone();
        let found = match intended {
            Some(molecule) => {
                let smiles = molecule.to_string();
                prediction.products.iter().position(|p| p.smiles == smiles)
            }
            None => (!prediction.products.is_empty()).then_some(0),
        };
        let intended_yield = found.map_or(0.0, |i| prediction.products[i].yield_on_limiting);
        let isolated = self.yields.for_step(self.rules, &prediction.rules);
        if found == Some(0) && intended.is_some() {
            // The transformations the model made are the ones the chemist wrote down: a rule's
            // side-reaction finding is then the point of the step.
            for finding in &mut findings {
                let by_a_fired_rule = finding.rule.as_deref().is_some_and(|name| {
                    prediction.rules.iter().any(|r| r == name) && self.rules.rule(name).is_some()
                });
                if by_a_fired_rule
                    && finding.code == FindingCode::IncompatibleGroup
                    && finding.severity == Severity::Warn
                {
                    finding.severity = Severity::Info;
                    finding.message = format!("intended: {}", finding.message);
                }
            }
        }
        let which = if intended.is_some() {
            "intended"
        } else {
            "major"
        };
        match found {
            Some(0) => {
                if intended_yield < judging.fail_selectivity {
                    findings.push(selectivity(
                        Severity::Fail,
                        which,
                        intended_yield,
                        &prediction,
                    ));
                } else if intended_yield < judging.warn_selectivity {
                    findings.push(selectivity(
                        Severity::Warn,
                        which,
                        intended_yield,
                        &prediction,
                    ));
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
        if !step.co_reactants.is_empty() && step.equivalents <= judging.large_excess {
            findings.push(Finding::new(
                Severity::Warn,
                FindingCode::Stoichiometry,
                format!(
                    "relies on a {:.0}-fold excess of the substrate; recover the excess diamine",
                    1.0 / step.equivalents
                ),
            ));
        }
        StepOutcome {
            verdict: Verdict::from_findings(&findings),
            intended_yield: round(intended_yield * isolated.typical, 4),
            yield_range: [
                round(intended_yield * isolated.low, 4),
                round(intended_yield * isolated.high, 4),
            ],
            selectivity: round(intended_yield, 4),
            findings,
            prediction,
        }
    }
}

fn selectivity(severity: Severity, which: &str, share: f64, prediction: &Prediction) -> Finding {
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
            "the {which} product is {:.0} % of the limiting reagent (also: {}; unreacted {:.0} %)",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_thresholds_load() {
        let judging = Judging::standard().unwrap();
        assert_eq!(judging.fail_selectivity, 0.60);
        assert_eq!(judging.warn_selectivity, 0.80);
        assert_eq!(judging.large_excess, 0.34);
    }

    #[test]
    fn a_missing_or_unsourced_threshold_is_an_error() {
        let text = include_str!("../data/judging.tsv");
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with("over-reaction"))
            .map(|l| format!("{l}\n"))
            .collect();
        let error = Judging::parse(&without).unwrap_err();
        assert!(error.message.contains("over-reaction"), "{error}");
        let unsourced = text.replace("0.10\tseed 004: 5 eq", "0.10\t\tseed 004: 5 eq");
        assert!(Judging::parse(&unsourced).is_err());
        let twice = format!("{text}over-reaction\t0.2\testimate\n");
        assert!(
            Judging::parse(&twice)
                .unwrap_err()
                .message
                .contains("twice")
        );
    }
}
