//! Rules and checks: what the entries of a rules file mean (grammar/rules.ebnf), compiled
//! (templates and patterns parsed) and validated, every error reported with its span.

use std::collections::HashSet;
use std::sync::OnceLock;

use regiochem_mol::Pattern;
use regiochem_smiles::Span;

use crate::error::{RuleError, RulesError};
use crate::finding::{FindingCode, Severity};
use crate::reagents::ReagentLibrary;
use crate::rulefile::{Entry, EntryKind, Field, read_entries};
use crate::template::Template;

/// What a rule does, for people and for the planner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RuleClass {
    /// Installs a protecting group.
    Protect,
    /// Removes a protecting group.
    Deprotect,
    /// N-alkylation with a halide.
    Alkylate,
    /// Reductive amination.
    ReductiveAmination,
    /// Amides, ureas, carbamates.
    Acylate,
    /// Sulfonamides.
    Sulfonylate,
    /// N-arylation (SNAr, Buchwald-Hartwig).
    Arylate,
    /// Ring expansion (Schmidt).
    RingExpand,
    /// A reduction that is the point of the step.
    Reduce,
    /// Ring closure.
    Cyclise,
    /// Condensation at a carbonyl without reduction (hydrazones, oxime ethers).
    Condense,
    /// A transformation that comes along with the condition.
    SideReaction,
}

impl RuleClass {
    const ALL: [RuleClass; 12] = [
        RuleClass::Protect,
        RuleClass::Deprotect,
        RuleClass::Alkylate,
        RuleClass::ReductiveAmination,
        RuleClass::Acylate,
        RuleClass::Sulfonylate,
        RuleClass::Arylate,
        RuleClass::RingExpand,
        RuleClass::Reduce,
        RuleClass::Cyclise,
        RuleClass::Condense,
        RuleClass::SideReaction,
    ];

    /// The name used in rules files.
    pub fn name(self) -> &'static str {
        match self {
            RuleClass::Protect => "protect",
            RuleClass::Deprotect => "deprotect",
            RuleClass::Alkylate => "alkylate",
            RuleClass::ReductiveAmination => "reductive-amination",
            RuleClass::Acylate => "acylate",
            RuleClass::Sulfonylate => "sulfonylate",
            RuleClass::Arylate => "arylate",
            RuleClass::RingExpand => "ring-expand",
            RuleClass::Reduce => "reduce",
            RuleClass::Cyclise => "cyclise",
            RuleClass::Condense => "condense",
            RuleClass::SideReaction => "side-reaction",
        }
    }
}

/// How often a rule fires in one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Once per molecule and call: couplings (through the kinetic model) and single-reactant
    /// rules that make one change (ring expansion, cyclisation).
    Once,
    /// On every match until none is left: deprotections, reductions, side reactions.
    Exhaustive,
}

/// A reaction rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Unique name.
    pub name: String,
    /// What it does.
    pub class: RuleClass,
    /// The group it installs, removes or transforms, for messages.
    pub group: String,
    /// Conditions that must all hold (empty: none needed).
    pub when: Vec<String>,
    /// Once or exhaustive.
    pub mode: Mode,
    /// The template.
    pub template: Template,
    /// Its text.
    pub template_text: String,
    /// Relative rate constant.
    pub rate: f64,
    /// Steric sensitivity.
    pub steric: f64,
    /// Brønsted sensitivity for the acid-base shield.
    pub beta: f64,
    /// The finding it raises when it fires.
    pub finding: Option<(FindingCode, Severity)>,
    /// The finding's message.
    pub message: String,
    /// Practical notes.
    pub notes: Vec<String>,
    /// `nucleophile anion`: the step's strong base deprotonates the nucleophile (an azole
    /// N-H, pKa 14-19), so its rate is the rule's own, not the neutral site's nucleophilicity,
    /// and no acid-base shield touches it.
    pub anion: bool,
}

/// Which molecule a check looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The substrate.
    Substrate,
    /// Each co-reactant.
    CoReactant,
}

/// A check: a pattern (or none) under a condition, and the finding it raises.
#[derive(Clone, Debug)]
pub struct Check {
    /// Unique name.
    pub name: String,
    /// Conditions that must all hold.
    pub when: Vec<String>,
    /// Conditions none of which may hold (`unless`: water is no solvolysis hazard under a
    /// Schotten-Baumann base).
    pub unless: Vec<String>,
    /// What it looks at.
    pub on: Target,
    /// The pattern; `None` fires whenever the conditions hold.
    pub pattern: Option<Pattern>,
    /// The finding.
    pub finding: (FindingCode, Severity),
    /// Its message.
    pub message: String,
    /// Practical notes.
    pub notes: Vec<String>,
}

/// A rule library.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    checks: Vec<Check>,
    /// Where each entry's `when` conditions were written, for diagnostics.
    conditions: Vec<(String, Span)>,
}

const RULE_KEYS: [&str; 12] = [
    "class",
    "group",
    "when",
    "mode",
    "template",
    "rate",
    "steric",
    "beta",
    "finding",
    "message",
    "note",
    "nucleophile",
];
const CHECK_KEYS: [&str; 7] = [
    "when", "unless", "on", "pattern", "finding", "message", "note",
];

impl RuleSet {
    /// The library shipped in the crate, checked against the standard reagent library.
    pub fn standard() -> Result<&'static RuleSet, RulesError> {
        static RULES: OnceLock<Result<RuleSet, RulesError>> = OnceLock::new();
        RULES
            .get_or_init(|| {
                let rules = RuleSet::parse(include_str!("../data/rules.txt"))?;
                if let Ok(reagents) = ReagentLibrary::standard() {
                    rules.check_conditions(reagents)?;
                }
                Ok(rules)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a rules file; every error is reported.
    pub fn parse(text: &str) -> Result<RuleSet, RulesError> {
        let (entries, mut errors) = read_entries(text);
        let mut set = RuleSet::default();
        let mut names: HashSet<&str> = HashSet::new();
        for entry in &entries {
            if !names.insert(&entry.name) {
                errors.push(RuleError::DuplicateName {
                    name: entry.name.clone(),
                    span: entry.name_span,
                });
                continue;
            }
            match entry.kind {
                EntryKind::Rule => match compile_rule(entry, &mut set.conditions) {
                    Ok(rule) => set.rules.push(rule),
                    Err(mut e) => errors.append(&mut e),
                },
                EntryKind::Check => match compile_check(entry, &mut set.conditions) {
                    Ok(check) => set.checks.push(check),
                    Err(mut e) => errors.append(&mut e),
                },
            }
        }
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(RulesError::capped(text, errors))
        }
    }

    /// Errors for conditions no reagent of `reagents` creates.
    pub fn check_conditions(&self, reagents: &ReagentLibrary) -> Result<(), RulesError> {
        let known = reagents.condition_names();
        let errors: Vec<RuleError> = self
            .conditions
            .iter()
            .filter(|(c, _)| !known.contains(c.as_str()))
            .map(|(condition, span)| RuleError::UnknownCondition {
                condition: condition.clone(),
                span: *span,
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(RulesError::capped_total(errors))
        }
    }

    /// Adds another set's entries; an entry with an existing name replaces it.
    pub fn extend(&mut self, other: RuleSet) {
        let rules: HashSet<&str> = other.rules.iter().map(|r| r.name.as_str()).collect();
        let checks: HashSet<&str> = other.checks.iter().map(|c| c.name.as_str()).collect();
        self.rules.retain(|r| !rules.contains(r.name.as_str()));
        self.checks.retain(|c| !checks.contains(c.name.as_str()));
        self.rules.extend(other.rules);
        self.checks.extend(other.checks);
        self.conditions.extend(other.conditions);
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The checks, in file order.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// The rule with this name.
    pub fn rule(&self, name: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.name == name)
    }
}

/// The range of `rate`, the relative rate constant: twelve orders of magnitude around 1, so
/// that rate times `10^log nucleophilicity` stays finite and the outcome model keeps its mass
/// balance (`rate 1e308` made every fraction 0).
pub const RATE_RANGE: (f64, f64) = (1e-6, 1e6);

/// The range of `steric`, log units of rate lost per unit of bulk past 2.
pub const STERIC_RANGE: (f64, f64) = (0.0, 3.0);

/// The range of `beta`, the Brønsted sensitivity of a free N to a protonated partner.
pub const BETA_RANGE: (f64, f64) = (0.0, 3.0);

/// Fields of one entry by key, with the duplicates and unknown keys reported.
struct Fields<'a> {
    entry: &'a Entry,
    errors: Vec<RuleError>,
}

impl<'a> Fields<'a> {
    fn new(entry: &'a Entry, keys: &[&str]) -> Self {
        let mut errors = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for field in &entry.fields {
            if !keys.contains(&field.key.as_str()) {
                errors.push(RuleError::UnknownKey {
                    key: field.key.clone(),
                    span: field.key_span,
                });
            } else if !seen.insert(&field.key) && field.key != "note" {
                errors.push(RuleError::DuplicateField {
                    key: field.key.clone(),
                    span: field.key_span,
                });
            }
        }
        Fields { entry, errors }
    }

    fn get(&self, key: &str) -> Option<&'a Field> {
        self.entry.fields.iter().find(|f| f.key == key)
    }

    fn require(&mut self, key: &'static str) -> Option<&'a Field> {
        let field = self.get(key);
        if field.is_none() {
            self.errors.push(RuleError::MissingField {
                name: self.entry.name.clone(),
                key,
                span: self.entry.name_span,
            });
        }
        field
    }

    fn bad(&mut self, field: &Field, reason: impl Into<String>) {
        self.errors.push(RuleError::BadValue {
            key: field.key.clone(),
            reason: reason.into(),
            span: field.value_span,
        });
    }

    /// Records a template or pattern error at its place inside the field's value.
    fn smarts_error(&mut self, field: &Field, code: &str, reason: String, inner: Span) {
        self.errors.push(RuleError::BadSmarts {
            inner: code.to_string(),
            reason,
            span: in_value(field, inner),
        });
    }

    /// A kinetic parameter: a `number_value` within `range` (grammar/rules.ebnf).
    fn number(&mut self, key: &str, default: f64, range: (f64, f64)) -> f64 {
        let Some(field) = self.get(key) else {
            return default;
        };
        let value = field.value.as_str();
        let digits = value.strip_prefix('-').unwrap_or(value);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        let is_number = [whole, fraction]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        match value.parse::<f64>() {
            Ok(x) if is_number && (range.0..=range.1).contains(&x) => x,
            Ok(_) if is_number => {
                self.errors.push(RuleError::OutOfRange {
                    key: key.to_string(),
                    min: range.0,
                    max: range.1,
                    span: field.value_span,
                });
                default
            }
            _ => {
                self.bad(field, "expected a decimal number such as `0.5`");
                default
            }
        }
    }

    fn text(&self, key: &str) -> String {
        self.get(key).map(|f| f.value.clone()).unwrap_or_default()
    }

    fn notes(&self) -> Vec<String> {
        self.entry
            .fields
            .iter()
            .filter(|f| f.key == "note")
            .map(|f| f.value.clone())
            .collect()
    }

    fn when(&mut self, conditions: &mut Vec<(String, Span)>) -> Vec<String> {
        self.condition_list("when", conditions)
    }

    /// The conditions of a `when` or `unless` field.
    fn condition_list(
        &mut self,
        key: &'static str,
        conditions: &mut Vec<(String, Span)>,
    ) -> Vec<String> {
        let Some(field) = self.get(key) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut offset = field.value_span.start;
        for word in field.value.split(' ') {
            let span = Span::new(offset, offset + word.len());
            offset += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            let valid = word.starts_with(|c: char| c.is_ascii_lowercase())
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if valid {
                out.push(word.to_string());
                conditions.push((word.to_string(), span));
            } else {
                self.errors.push(RuleError::BadValue {
                    key: key.into(),
                    reason: "a condition is lower-case letters, digits and `-`".into(),
                    span,
                });
            }
        }
        out
    }

    fn finding(&mut self, required: bool) -> Option<(FindingCode, Severity)> {
        let field = if required {
            self.require("finding")?
        } else {
            self.get("finding")?
        };
        let mut words = field.value.split_whitespace();
        let code = words.next().and_then(FindingCode::from_name);
        let severity = words.next().and_then(Severity::from_name);
        match (code, severity, words.next()) {
            (Some(code), Some(severity), None) => Some((code, severity)),
            _ => {
                self.bad(
                    field,
                    "expected a finding code and a severity (fail, warn or info)",
                );
                None
            }
        }
    }
}

/// Moves a span inside a field's value to the file.
fn in_value(field: &Field, inner: Span) -> Span {
    let end = field.value_span.end;
    let start = (field.value_span.start + inner.start).min(end.saturating_sub(1));
    Span::new(
        start,
        (field.value_span.start + inner.end).clamp(start + 1, end.max(start + 1)),
    )
}

fn compile_rule(
    entry: &Entry,
    conditions: &mut Vec<(String, Span)>,
) -> Result<Rule, Vec<RuleError>> {
    let mut fields = Fields::new(entry, &RULE_KEYS);
    let class = fields.require("class").and_then(|field| {
        let class = RuleClass::ALL.into_iter().find(|c| c.name() == field.value);
        if class.is_none() {
            fields.bad(field, "not a rule class (see grammar/rules.ebnf)");
        }
        class
    });
    let template_field = fields.require("template");
    let template = template_field.and_then(|field| {
        Template::new(&field.value)
            .map_err(|e| fields.smarts_error(field, e.stable_code(), e.to_string(), e.span()))
            .ok()
    });
    let mode = match fields.get("mode") {
        None => None,
        Some(field) => match field.value.as_str() {
            "once" => Some(Mode::Once),
            "exhaustive" => Some(Mode::Exhaustive),
            _ => {
                fields.bad(field, "expected `once` or `exhaustive`");
                None
            }
        },
    };
    let when = fields.when(conditions);
    let anion = match fields.get("nucleophile") {
        None => false,
        Some(field) if field.value == "anion" => true,
        Some(field) => {
            fields.bad(field, "expected `anion`");
            false
        }
    };
    let rate = fields.number("rate", 1.0, RATE_RANGE);
    let steric = fields.number("steric", 0.5, STERIC_RANGE);
    let beta = fields.number("beta", 0.3, BETA_RANGE);
    let finding = fields.finding(false);
    if finding.is_some() && fields.get("message").is_none() {
        fields.require("message");
    }
    let (Some(class), Some(template), Some(template_field)) = (class, template, template_field)
    else {
        return Err(fields.errors);
    };
    let mode = mode.unwrap_or(if template.reactant_count() > 1 {
        Mode::Once
    } else {
        Mode::Exhaustive
    });
    if !fields.errors.is_empty() {
        return Err(fields.errors);
    }
    Ok(Rule {
        name: entry.name.clone(),
        class,
        group: fields.text("group"),
        when,
        mode,
        template_text: template_field.value.clone(),
        template,
        rate,
        steric,
        beta,
        finding,
        message: fields.text("message"),
        notes: fields.notes(),
        anion,
    })
}

fn compile_check(
    entry: &Entry,
    conditions: &mut Vec<(String, Span)>,
) -> Result<Check, Vec<RuleError>> {
    let mut fields = Fields::new(entry, &CHECK_KEYS);
    let when = fields.when(conditions);
    let unless = fields.condition_list("unless", conditions);
    let on = match fields.get("on") {
        None => Target::Substrate,
        Some(field) => match field.value.as_str() {
            "substrate" => Target::Substrate,
            "co-reactant" => Target::CoReactant,
            _ => {
                fields.bad(field, "expected `substrate` or `co-reactant`");
                Target::Substrate
            }
        },
    };
    let pattern = match fields.get("pattern") {
        None => None,
        Some(field) => Pattern::new(&field.value)
            .map_err(|e| fields.smarts_error(field, e.stable_code(), e.to_string(), e.span()))
            .ok(),
    };
    let finding = fields.finding(true);
    fields.require("message");
    let Some(finding) = finding else {
        return Err(fields.errors);
    };
    if !fields.errors.is_empty() {
        return Err(fields.errors);
    }
    Ok(Check {
        name: entry.name.clone(),
        when,
        unless,
        on,
        pattern,
        finding,
        message: fields.text("message"),
        notes: fields.notes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_library_compiles() {
        let rules = match RuleSet::standard() {
            Ok(rules) => rules,
            Err(e) => panic!("{e:?}"),
        };
        assert!(rules.rules().len() > 30);
        assert!(rules.rule("boc-protect").is_some());
        assert_eq!(rules.rule("boc-off").unwrap().mode, Mode::Exhaustive);
        assert_eq!(rules.rule("boc-protect").unwrap().mode, Mode::Once);
    }

    #[test]
    fn every_error_of_a_file_is_reported() {
        let text = "\
rule a
  class protect
  template [N:1]>>[N:1]C
  colour blue
rule b
  class nonsense
  template [N:1]>>[N:1]
  rate fast
rule a
  class protect
  template [N:1]>>[N:1]
check c
  pattern [N
";
        let errors = RuleSet::parse(text).unwrap_err().errors;
        let codes: Vec<_> = errors.iter().map(RuleError::stable_code).collect();
        assert_eq!(
            codes,
            [
                "rules::unknown_key",
                "rules::bad_value",
                "rules::bad_value",
                "rules::duplicate_name",
                "rules::missing_field",
                "rules::missing_field",
                "rules::bad_smarts",
            ]
        );
        let colour = &errors[0];
        assert_eq!(&text[colour.span().start..colour.span().end], "colour");
    }

    #[test]
    fn unknown_conditions_are_reported_with_their_span() {
        let text = "rule x\n  class deprotect\n  when acid moonlight\n  template [N:1]C>>[N:1]\n";
        let rules = RuleSet::parse(text).unwrap();
        let errors = rules
            .check_conditions(ReagentLibrary::standard().unwrap())
            .unwrap_err()
            .errors;
        assert_eq!(errors.len(), 1);
        assert_eq!(
            &text[errors[0].span().start..errors[0].span().end],
            "moonlight"
        );
    }
}
