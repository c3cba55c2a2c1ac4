//! Typical isolated yields (`data/isolated_yields.tsv`): a step's expected yield is the model's
//! selectivity times the typical isolated yield of its reaction, with the low-high range. A
//! row names a rule or a rule class; `default` covers a step no rule explains.

use std::sync::OnceLock;

use crate::data::{DataError, rows};
use crate::ruleset::{RuleClass, RuleSet};

/// The isolated yield of one reaction, as fractions.
#[derive(Clone, Debug, PartialEq)]
pub struct IsolatedYield {
    /// A rule name, a rule class name or `default`.
    pub key: String,
    /// Typical isolated yield.
    pub typical: f64,
    /// Low end of the usual range.
    pub low: f64,
    /// High end of the usual range.
    pub high: f64,
    /// Where the values come from.
    pub source: String,
}

/// The isolated yields of the rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IsolatedYields {
    rows: Vec<IsolatedYield>,
}

const YIELDS_FILE: &str = "isolated_yields.tsv";
/// The key of the row for a step no rule explains.
pub const DEFAULT_KEY: &str = "default";
/// No typical isolated yield may exceed this (no step is quantitative after workup).
pub const MAX_TYPICAL: f64 = 0.95;

impl IsolatedYields {
    /// The table shipped in the crate.
    pub fn standard() -> Result<&'static IsolatedYields, DataError> {
        static YIELDS: OnceLock<Result<IsolatedYields, DataError>> = OnceLock::new();
        YIELDS
            .get_or_init(|| IsolatedYields::parse(include_str!("../data/isolated_yields.tsv")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a table: `key`, `typical`, `low`, `high` (percent), `source` per row; every key
    /// once, `low <= typical <= high <= 100`, typical at most 95, a `default` row, every row
    /// with its source.
    pub fn parse(text: &str) -> Result<IsolatedYields, DataError> {
        let mut out: Vec<IsolatedYield> = Vec::new();
        for (line, fields) in rows(YIELDS_FILE, text, 5)? {
            let error = |message: String| DataError::new(YIELDS_FILE, line, message);
            let percent = |field: &str| -> Result<f64, DataError> {
                field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
                    .map(|v| v / 100.0)
                    .ok_or_else(|| error(format!("`{field}` is not a percentage")))
            };
            let (typical, low, high) = (
                percent(fields[1])?,
                percent(fields[2])?,
                percent(fields[3])?,
            );
            if !(low <= typical && typical <= high) {
                return Err(error("expected low <= typical <= high".into()));
            }
            if typical > MAX_TYPICAL {
                return Err(error(format!(
                    "a typical isolated yield above {} % is not a typical isolated yield",
                    100.0 * MAX_TYPICAL
                )));
            }
            if fields[4].is_empty() {
                return Err(error("every yield needs its source".into()));
            }
            if out.iter().any(|r| r.key == fields[0]) {
                return Err(error(format!("`{}` given twice", fields[0])));
            }
            out.push(IsolatedYield {
                key: fields[0].to_string(),
                typical,
                low,
                high,
                source: fields[4].to_string(),
            });
        }
        if !out.iter().any(|r| r.key == DEFAULT_KEY) {
            return Err(DataError::new(YIELDS_FILE, 0, "no `default` row"));
        }
        Ok(IsolatedYields { rows: out })
    }

    /// Every row.
    pub fn rows(&self) -> &[IsolatedYield] {
        &self.rows
    }

    fn row(&self, key: &str) -> Option<&IsolatedYield> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The row of a rule: its own, else its class's.
    pub fn for_rule(&self, name: &str, class: RuleClass) -> Option<&IsolatedYield> {
        self.row(name).or_else(|| self.row(class.name()))
    }

    /// The isolated yield of a step whose fired rules are `fired`: the lowest typical yield
    /// among the rules that are not side reactions (the step's hardest transformation sets
    /// what is isolated), else among the side reactions, else `default`.
    pub fn for_step(&self, rules: &RuleSet, fired: &[String]) -> &IsolatedYield {
        let rows: Vec<(bool, &IsolatedYield)> = fired
            .iter()
            .filter_map(|name| rules.rule(name))
            .filter_map(|rule| {
                self.for_rule(&rule.name, rule.class)
                    .map(|row| (rule.class == RuleClass::SideReaction, row))
            })
            .collect();
        let lowest = |side: bool| {
            rows.iter()
                .filter(|(s, _)| *s == side)
                .map(|(_, r)| *r)
                .min_by(|a, b| a.typical.total_cmp(&b.typical))
        };
        lowest(false)
            .or_else(|| lowest(true))
            .or_else(|| self.row(DEFAULT_KEY))
            .expect("parse requires a default row")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_standard_library_has_a_sourced_yield() {
        let yields = IsolatedYields::standard().unwrap();
        let rules = RuleSet::standard().unwrap();
        for rule in rules.rules() {
            let row = yields.for_rule(&rule.name, rule.class);
            assert!(row.is_some(), "{} has no isolated yield", rule.name);
        }
        assert!(yields.rows().iter().all(|r| r.typical <= MAX_TYPICAL));
        assert!(yields.rows().iter().all(|r| !r.source.is_empty()));
    }

    #[test]
    fn a_step_takes_its_hardest_transformation() {
        let yields = IsolatedYields::standard().unwrap();
        let rules = RuleSet::standard().unwrap();
        let fired = vec!["boc-off".to_string(), "lactam-reduction".to_string()];
        assert_eq!(yields.for_step(rules, &fired).key, "lactam-reduction");
        let side = vec!["nitro-reduction".to_string()];
        assert_eq!(yields.for_step(rules, &side).key, "nitro-reduction");
        assert_eq!(yields.for_step(rules, &[]).key, DEFAULT_KEY);
    }

    #[test]
    fn bad_rows_are_errors() {
        let default = "default\t85\t60\t95\tx\n";
        assert!(IsolatedYields::parse("a\t99\t90\t100\tx\n").is_err());
        assert!(IsolatedYields::parse(&format!("a\t80\t85\t90\tx\n{default}")).is_err());
        assert!(IsolatedYields::parse(&format!("a\t80\t70\t90\t\n{default}")).is_err());
        assert!(IsolatedYields::parse("a\t80\t70\t90\tx\n").is_err());
        assert!(IsolatedYields::parse(&format!("{default}{default}")).is_err());
        assert!(IsolatedYields::parse(default).is_ok());
    }
}
