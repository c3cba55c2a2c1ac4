//! Findings: what a prediction or a validation says can go wrong, with a stable code.

use std::fmt;

use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing (a workup note, an intended transformation).
    Info,
    /// A risk that only sometimes bites.
    Warn,
    /// The step does not do what is intended.
    Fail,
}

impl Severity {
    /// The name used in rule files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Fail => "fail",
        }
    }

    /// Reads a severity name.
    pub fn from_name(name: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warn, Severity::Fail]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// The stable finding codes (DESIGN.md section 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingCode {
    /// The stated product is not the predicted major product.
    WrongProduct,
    /// The condition does nothing to the substrate.
    NoReaction,
    /// The intended product is a minor part of a mixture.
    PoorSelectivity,
    /// The product reacts again under the condition.
    OverReaction,
    /// The condition destroys or transforms another group.
    IncompatibleGroup,
    /// A protecting group can no longer be removed.
    UnremovableGroup,
    /// Free diamines bind the palladium catalyst.
    CatalystPoisoning,
    /// A reagent that does not survive as written (a hydrate, a decomposing reagent).
    UnstableReagent,
    /// A co-reactant whose own N-H or O-H reacts with its electrophile: it is not a reagent.
    SelfReactive,
    /// The solvent destroys a reagent (an acid chloride in methanol).
    IncompatibleSolvent,
    /// A base takes the acid of an acid-base shield: the statistical mixture comes back.
    IncompatibleBase,
    /// A safety hazard.
    Hazard,
    /// Amounts that break mass balance or leave reagent over.
    Stoichiometry,
    /// An agent the library does not know.
    UnknownAgent,
    /// A step that cannot be read.
    Unparsable,
    /// The step named no agents and runs under its co-reactant's standard conditions.
    DefaultConditions,
    /// The outcome model broke one of its own invariants (mass balance): an internal error,
    /// reported instead of a wrong answer.
    ModelError,
}

impl FindingCode {
    /// All codes.
    pub const ALL: [FindingCode; 17] = [
        FindingCode::WrongProduct,
        FindingCode::NoReaction,
        FindingCode::PoorSelectivity,
        FindingCode::OverReaction,
        FindingCode::IncompatibleGroup,
        FindingCode::UnremovableGroup,
        FindingCode::CatalystPoisoning,
        FindingCode::UnstableReagent,
        FindingCode::SelfReactive,
        FindingCode::IncompatibleSolvent,
        FindingCode::IncompatibleBase,
        FindingCode::Hazard,
        FindingCode::Stoichiometry,
        FindingCode::UnknownAgent,
        FindingCode::Unparsable,
        FindingCode::DefaultConditions,
        FindingCode::ModelError,
    ];

    /// The stable code string.
    pub fn name(self) -> &'static str {
        match self {
            FindingCode::WrongProduct => "wrong-product",
            FindingCode::NoReaction => "no-reaction",
            FindingCode::PoorSelectivity => "poor-selectivity",
            FindingCode::OverReaction => "over-reaction",
            FindingCode::IncompatibleGroup => "incompatible-group",
            FindingCode::UnremovableGroup => "unremovable-group",
            FindingCode::CatalystPoisoning => "catalyst-poisoning",
            FindingCode::UnstableReagent => "unstable-reagent",
            FindingCode::SelfReactive => "self-reactive",
            FindingCode::IncompatibleSolvent => "incompatible-solvent",
            FindingCode::IncompatibleBase => "incompatible-base",
            FindingCode::Hazard => "hazard",
            FindingCode::Stoichiometry => "stoichiometry",
            FindingCode::UnknownAgent => "unknown-agent",
            FindingCode::Unparsable => "unparsable",
            FindingCode::DefaultConditions => "default-conditions",
            FindingCode::ModelError => "model-error",
        }
    }

    /// Reads a code.
    pub fn from_name(name: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// How bad.
    pub severity: Severity,
    /// Stable code.
    pub code: FindingCode,
    /// What and why, for people.
    pub message: String,
    /// The rule or check that raised it, by name (`None` for the model's and the judge's own
    /// findings). Code that asks where a finding came from reads this, never the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

impl Finding {
    /// A finding.
    pub fn new(severity: Severity, code: FindingCode, message: impl Into<String>) -> Self {
        Finding {
            severity,
            code,
            message: message.into(),
            rule: None,
        }
    }

    /// A finding raised by the rule or check `rule`.
    pub fn by_rule(
        severity: Severity,
        code: FindingCode,
        message: impl Into<String>,
        rule: impl Into<String>,
    ) -> Self {
        Finding {
            rule: Some(rule.into()),
            ..Finding::new(severity, code, message)
        }
    }
}
