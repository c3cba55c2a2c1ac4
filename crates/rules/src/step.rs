//! One step (DESIGN.md section 4): the substrate, what joins it, the agents and the options a
//! chemist writes beside them. Route files, the planner's moves, `predict` and the evaluator all
//! speak of this one type; what is not a step (a route line's span, a planned step's procedure
//! card) lives in a wrapper that holds a `Step`.
//!
//! ```
//! use regiochem_rules::step::{Step, Temperature};
//!
//! let mut step = Step::new("C1CNCCNC1".parse().unwrap());
//! step.acid = 1.0;
//! step.temperature = Some(Temperature::range(0.0, 25.0));
//! assert_eq!(step.options(), "acid=1 temp=0..25");
//! ```

use std::fmt;

use regiochem_mol::Molecule;
use serde::Serialize;

/// A temperature in degrees Celsius: one value, or a range the step runs over (`0..25`: add at
/// 0 C, warm to room temperature).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Temperature {
    /// Lowest, deg C.
    pub low: f64,
    /// Highest, deg C (equal to `low` for one value).
    pub high: f64,
}

impl Temperature {
    /// One temperature.
    pub fn at(celsius: f64) -> Temperature {
        Temperature {
            low: celsius,
            high: celsius,
        }
    }

    /// A range, `low..high`.
    pub fn range(low: f64, high: f64) -> Temperature {
        Temperature { low, high }
    }
}

impl fmt::Display for Temperature {
    /// `25` or `0..25`, as route files write it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.low == self.high {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}..{}", self.low, self.high)
        }
    }
}

/// One step to predict and judge.
#[derive(Clone, Debug)]
pub struct Step {
    /// The molecule the step starts from.
    pub substrate: Molecule,
    /// Molecules that join it (electrophiles, aldehydes, aryl halides), in written order.
    pub co_reactants: Vec<Molecule>,
    /// Agents as canonical SMILES of single components, each canonicalised on its own, sorted
    /// (a multiset; `crate::reagents::canonical_components` gives them).
    pub agents: Vec<String>,
    /// Equivalents of co-reactant per substrate (`eq=`, default 1; 5 eq of diamine is 0.2).
    pub equivalents: f64,
    /// Equivalents of strong acid added before the co-reactant (`acid=`, default 0).
    pub acid: f64,
    /// Temperature (`temp=`), deg C; `None` when not stated.
    pub temperature: Option<Temperature>,
    /// Reaction time (`time=`), hours.
    pub time_h: Option<f64>,
    /// Concentration in substrate (`conc=`), mol/L.
    pub concentration_m: Option<f64>,
    /// The solvent as written (`solvent=`, a name or a SMILES).
    pub solvent: Option<String>,
}

/// Default `eq=`.
pub const DEFAULT_EQUIVALENTS: f64 = 1.0;
/// Default `acid=`.
pub const DEFAULT_ACID: f64 = 0.0;

impl Step {
    /// A step on `substrate` with nothing added and every option at its default.
    pub fn new(substrate: Molecule) -> Step {
        Step {
            substrate,
            co_reactants: Vec::new(),
            agents: Vec::new(),
            equivalents: DEFAULT_EQUIVALENTS,
            acid: DEFAULT_ACID,
            temperature: None,
            time_h: None,
            concentration_m: None,
            solvent: None,
        }
    }

    /// The options as `key=value` words, in the order `eq acid temp time conc solvent`,
    /// defaults left out (empty when every option is at its default).
    pub fn options(&self) -> String {
        let mut words = Vec::new();
        if self.equivalents != DEFAULT_EQUIVALENTS {
            words.push(format!("eq={}", self.equivalents));
        }
        if self.acid != DEFAULT_ACID {
            words.push(format!("acid={}", self.acid));
        }
        if let Some(t) = self.temperature {
            words.push(format!("temp={t}"));
        }
        if let Some(h) = self.time_h {
            words.push(format!("time={h}"));
        }
        if let Some(m) = self.concentration_m {
            words.push(format!("conc={m}"));
        }
        if let Some(s) = &self.solvent {
            words.push(format!("solvent={s}"));
        }
        words.join(" ")
    }

    /// The reactants part of a reaction SMILES: the substrate, then the co-reactants, canonical.
    pub fn reactants_smiles(&self) -> String {
        let mut out = self.substrate.to_string();
        for co in &self.co_reactants {
            out.push('.');
            out.push_str(&co.to_string());
        }
        out
    }

    /// The step's canonical key: canonical SMILES of the substrate and co-reactants (in order),
    /// the sorted agents and the options. Two steps with one key are predicted alike.
    pub fn key(&self) -> String {
        format!(
            "{}>{}|{}",
            self.reactants_smiles(),
            self.agents.join("."),
            self.options()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(smiles: &str) -> Step {
        Step::new(smiles.parse().unwrap())
    }

    #[test]
    fn defaults_write_nothing() {
        assert_eq!(step("CCN").options(), "");
    }

    #[test]
    fn every_option_in_order() {
        let mut s = step("CCN");
        s.solvent = Some("MeOH".into());
        s.concentration_m = Some(0.005);
        s.time_h = Some(16.0);
        s.temperature = Some(Temperature::at(80.0));
        s.acid = 1.0;
        s.equivalents = 0.2;
        assert_eq!(
            s.options(),
            "eq=0.2 acid=1 temp=80 time=16 conc=0.005 solvent=MeOH"
        );
        assert_eq!(Temperature::range(-10.0, 25.5).to_string(), "-10..25.5");
    }

    #[test]
    fn keys_are_canonical() {
        let mut a = step("NCC");
        a.co_reactants.push("ClC(C)=O".parse().unwrap());
        let mut b = step("CCN");
        b.co_reactants.push("CC(Cl)=O".parse().unwrap());
        assert_eq!(a.key(), b.key());
        b.acid = 1.0;
        assert_ne!(a.key(), b.key());
    }
}
