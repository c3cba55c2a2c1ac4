//! Where a rule works (`data/operating_ranges.tsv`): the temperature and concentration ranges
//! a step's `temp=` and `conc=` words are read against when the rule fires. A step that does
//! not state a quantity is not judged on it.

use std::sync::OnceLock;

use crate::data::{DataError, rows};
use crate::finding::{Finding, FindingCode, Severity};
use crate::step::Step;

/// Which quantity a range bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// The reaction temperature: the step's highest must reach `low`, its lowest not pass
    /// `high`.
    Temperature,
    /// The temperature a reagent goes in at (the step's lowest) must not pass `high`.
    AdditionTemperature,
    /// The substrate concentration, mol/L.
    Concentration,
}

/// One rule's working range for one quantity, and what is found outside it.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatingRange {
    /// The rule's name.
    pub rule: String,
    /// What is bounded.
    pub quantity: Quantity,
    /// Lowest value that works.
    pub low: Option<f64>,
    /// Highest value that works.
    pub high: Option<f64>,
    /// The finding outside the range.
    pub finding: (FindingCode, Severity),
    /// Why, for people.
    pub message: String,
    /// Where the range comes from.
    pub source: String,
}

/// The operating ranges of the rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperatingRanges {
    ranges: Vec<OperatingRange>,
}

const RANGES_FILE: &str = "operating_ranges.tsv";

impl OperatingRanges {
    /// The ranges shipped in the crate.
    pub fn standard() -> Result<&'static OperatingRanges, DataError> {
        static RANGES: OnceLock<Result<OperatingRanges, DataError>> = OnceLock::new();
        RANGES
            .get_or_init(|| OperatingRanges::parse(include_str!("../data/operating_ranges.tsv")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a ranges file: `rule`, `quantity`, `low`, `high`, `code`, `severity`, `message`,
    /// `source` per row.
    pub fn parse(text: &str) -> Result<OperatingRanges, DataError> {
        let mut ranges = Vec::new();
        for (line, fields) in rows(RANGES_FILE, text, 8)? {
            let error = |message: String| DataError::new(RANGES_FILE, line, message);
            let quantity = match fields[1] {
                "temp" => Quantity::Temperature,
                "addition-temp" => Quantity::AdditionTemperature,
                "conc" => Quantity::Concentration,
                other => return Err(error(format!("unknown quantity `{other}`"))),
            };
            let bound = |field: &str| -> Result<Option<f64>, DataError> {
                if field == "-" {
                    return Ok(None);
                }
                field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| error(format!("`{field}` is not a number or `-`")))
            };
            let (low, high) = (bound(fields[2])?, bound(fields[3])?);
            if low.is_none() && high.is_none() {
                return Err(error("a range needs a low or a high bound".into()));
            }
            let code = FindingCode::from_name(fields[4])
                .ok_or_else(|| error(format!("unknown finding code `{}`", fields[4])))?;
            let severity = Severity::from_name(fields[5])
                .ok_or_else(|| error(format!("unknown severity `{}`", fields[5])))?;
            if fields[7].is_empty() {
                return Err(error("every range needs its source".into()));
            }
            ranges.push(OperatingRange {
                rule: fields[0].to_string(),
                quantity,
                low,
                high,
                finding: (code, severity),
                message: fields[6].to_string(),
                source: fields[7].to_string(),
            });
        }
        Ok(OperatingRanges { ranges })
    }

    /// Every range.
    pub fn ranges(&self) -> &[OperatingRange] {
        &self.ranges
    }

    /// The findings for `step` on the ranges of the rules that fired.
    pub fn judge(&self, step: &Step, fired: &[String]) -> Vec<Finding> {
        let mut out = Vec::new();
        for range in &self.ranges {
            if !fired.contains(&range.rule) {
                continue;
            }
            let outside = match range.quantity {
                Quantity::Temperature => step.temperature.and_then(|t| {
                    let cold = range.low.filter(|low| t.high < *low);
                    let hot = range.high.filter(|high| t.low > *high);
                    cold.map(|low| format!("{} C is below {low} C", t.high))
                        .or_else(|| hot.map(|high| format!("{} C is above {high} C", t.low)))
                }),
                Quantity::AdditionTemperature => step.temperature.and_then(|t| {
                    range
                        .high
                        .filter(|high| t.low > *high)
                        .map(|high| format!("added at {} C, above {high} C", t.low))
                }),
                Quantity::Concentration => step.concentration_m.and_then(|m| {
                    let low = range.low.filter(|low| m < *low);
                    let high = range.high.filter(|high| m > *high);
                    low.map(|low| format!("{m} M is below {low} M"))
                        .or_else(|| high.map(|high| format!("{m} M is above {high} M")))
                }),
            };
            if let Some(why) = outside {
                let (code, severity) = range.finding;
                out.push(Finding::by_rule(
                    severity,
                    code,
                    format!("{why}: {} ({})", range.message, range.source),
                    &range.rule,
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::step::Temperature;

    #[test]
    fn the_standard_ranges_load_with_sources() {
        let ranges = OperatingRanges::standard().unwrap();
        assert!(ranges.ranges().iter().any(|r| r.rule == "snar-azine"));
        assert!(ranges.ranges().iter().all(|r| !r.source.is_empty()));
    }

    #[test]
    fn a_step_outside_a_range_is_found_and_an_unstated_one_is_not() {
        let ranges = OperatingRanges::standard().unwrap();
        let fired = vec!["snar-azine".to_string()];
        let mut step = Step::new("C1CNCCNC1".parse().unwrap());
        assert!(ranges.judge(&step, &fired).is_empty());
        step.temperature = Some(Temperature::at(25.0));
        let found = ranges.judge(&step, &fired);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, FindingCode::NoReaction);
        step.temperature = Some(Temperature::at(100.0));
        assert!(ranges.judge(&step, &fired).is_empty());
        assert!(ranges.judge(&step, &[]).is_empty());
    }

    #[test]
    fn a_bad_row_is_an_error() {
        assert!(OperatingRanges::parse("x\tpressure\t1\t2\tno-reaction\tfail\tm\ts\n").is_err());
        assert!(OperatingRanges::parse("x\ttemp\t-\t-\tno-reaction\tfail\tm\ts\n").is_err());
        assert!(OperatingRanges::parse("x\ttemp\t1\t2\tno-reaction\tfail\tm\t\n").is_err());
    }
}
