//! Routes in their text form (grammar/route.ebnf): one step per line, a reaction SMILES
//! `reactants>agents>product` and optional `eq=`, `acid=`, `temp=`, `time=`, `conc=` and
//! `solvent=` words, with `# target:`, `# expect:` and `# why:` header comments. Each line is a
//! [`Reaction`]: a [`Step`] (the one step type of `regiochem-rules`), the product it is meant
//! to give, and where it was written.
//!
//! ```
//! use regiochem_planner::route::{Expectation, Route};
//!
//! let text = "# target: CC(C)(C)OC(=O)N1CCCNCC1\n# expect: pass\n\
//!             C1CNCCNC1.CC(C)(C)OC(=O)OC(=O)OC(C)(C)C>CO>CC(C)(C)OC(=O)N1CCCNCC1 acid=1.0\n";
//! let route = Route::parse(text).unwrap();
//! assert_eq!(route.expect, Some(Expectation::Pass));
//! assert_eq!(route.steps[0].step.acid, 1.0);
//! assert_eq!(route.steps[0].step.substrate.to_string(), "C1CNCCCN1");
//! // The writer gives canonical SMILES and leaves default options out.
//! assert!(route.to_text().ends_with(">CO>CC(C)(C)OC(=O)N1CCNCCC1 acid=1\n"));
//! ```

mod error;
mod parse;

use std::fmt;
use std::str::FromStr;

use regiochem_mol::Molecule;
use regiochem_rules::step::Step;
use regiochem_smiles::Span;

pub use error::{RouteError, RouteFileError};

/// The most steps a route may have. Real routes have a handful; the limit bounds the depth of
/// the JSON tree (two levels per step), which serialising walks recursively.
pub const MAX_STEPS: usize = 100;

/// At most this many errors are reported per line of a route file (2,000 bad words on one
/// line are 10 errors and one `route::too_many_errors`).
pub const MAX_ERRORS_PER_LINE: usize = 10;

/// At most this many errors are reported per route file; the rest are counted in one
/// `route::too_many_errors`.
pub const MAX_ERRORS: usize = 100;

/// What a route file says its validation should conclude (`# expect: pass|fail`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expectation {
    /// The route should pass (warnings allowed).
    Pass,
    /// The route should fail.
    Fail,
}

impl Expectation {
    /// `pass` or `fail`.
    pub fn name(self) -> &'static str {
        match self {
            Expectation::Pass => "pass",
            Expectation::Fail => "fail",
        }
    }
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A route: steps in forward order, with the headers of its file.
#[derive(Clone, Debug, Default)]
pub struct Route {
    /// The target's canonical SMILES (`# target:`).
    pub target: Option<String>,
    /// The expected verdict (`# expect:`).
    pub expect: Option<Expectation>,
    /// Why the route should pass or fail (`# why:`), trimmed.
    pub why: Option<String>,
    /// The steps, in the order they are run.
    pub steps: Vec<Reaction>,
}

/// One line of a route: a step, the product it is meant to give, and where it was written.
#[derive(Clone, Debug)]
pub struct Reaction {
    /// The step: the first written reactant is its substrate, the others its co-reactants in
    /// written order; agents are canonical SMILES of each agent component (reagents,
    /// catalysts, solvents), each canonicalised on its own and sorted, as
    /// `regiochem_rules::reagents::canonical_components` gives them.
    pub step: Step,
    /// The intended product.
    pub product: Molecule,
    /// The line of the step in its file (1-based; 0 for a step not read from text).
    pub line: usize,
    /// The reaction SMILES's byte span in the file.
    pub span: Span,
    /// The reaction SMILES as written (empty for a step not read from text).
    pub text: String,
}

impl Reaction {
    /// A reaction not read from a file.
    pub fn new(step: Step, product: Molecule) -> Reaction {
        Reaction {
            step,
            product,
            line: 0,
            span: Span::default(),
            text: String::new(),
        }
    }

    /// The reactants in written order: the substrate, then the co-reactants.
    pub fn reactants(&self) -> impl Iterator<Item = &Molecule> {
        std::iter::once(&self.step.substrate).chain(&self.step.co_reactants)
    }

    /// The reaction SMILES with canonical molecules: reactants in order, sorted agent
    /// components, the product.
    pub fn reaction_smiles(&self) -> String {
        format!(
            "{}>{}>{}",
            self.step.reactants_smiles(),
            self.step.agents.join("."),
            self.product
        )
    }

    /// The line of the text form: the reaction SMILES and the options that are not default.
    pub fn to_line(&self) -> String {
        let options = self.step.options();
        if options.is_empty() {
            self.reaction_smiles()
        } else {
            format!("{} {options}", self.reaction_smiles())
        }
    }
}

impl Route {
    /// Reads a route file; every bad line is reported, in file order.
    pub fn parse(text: &str) -> Result<Route, RouteFileError> {
        let (route, errors) = Route::read(text);
        if errors.is_empty() {
            Ok(route)
        } else {
            Err(RouteFileError { errors })
        }
    }

    /// Reads a route file, keeping what reads: the route of the good lines beside the errors
    /// of the bad ones (a validator can report those as unparsable and check the rest).
    pub fn read(text: &str) -> (Route, Vec<RouteError>) {
        parse::read_route(text)
    }

    /// The text form: headers, then one line per step with canonical SMILES; options only
    /// where they differ from their defaults. Comments other than headers are not kept.
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl FromStr for Route {
    type Err = RouteFileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Route::parse(text)
    }
}

impl fmt::Display for Route {
    /// The text form, as [`Route::to_text`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(target) = &self.target {
            writeln!(f, "# target: {target}")?;
        }
        if let Some(expect) = self.expect {
            writeln!(f, "# expect: {expect}")?;
        }
        if let Some(why) = &self.why {
            writeln!(f, "# why: {why}")?;
        }
        for step in &self.steps {
            writeln!(f, "{}", step.to_line())?;
        }
        Ok(())
    }
}
