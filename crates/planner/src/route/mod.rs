//! Routes in their text form (grammar/route.ebnf): one step per line, a reaction SMILES
//! `reactants>agents>product` and optional `eq=` and `acid=` words, with `# target:`,
//! `# expect:` and `# why:` header comments.
//!
//! ```
//! use regiochem_planner::route::{Expectation, Route};
//!
//! let text = "# target: CC(C)(C)OC(=O)N1CCCNCC1\n# expect: pass\n\
//!             C1CNCCNC1.CC(C)(C)OC(=O)OC(=O)OC(C)(C)C>CO>CC(C)(C)OC(=O)N1CCCNCC1 acid=1.0\n";
//! let route = Route::parse(text).unwrap();
//! assert_eq!(route.expect, Some(Expectation::Pass));
//! assert_eq!(route.steps[0].acid, 1.0);
//! assert_eq!(route.steps[0].substrate().unwrap().to_string(), "C1CNCCCN1");
//! // The writer gives canonical SMILES and leaves default options out.
//! assert!(route.to_text().ends_with(">CO>CC(C)(C)OC(=O)N1CCNCCC1 acid=1\n"));
//! ```

mod error;
mod parse;

use std::fmt;
use std::str::FromStr;

use regiochem_mol::Molecule;
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
    pub steps: Vec<RouteStep>,
}

/// One step: a reaction run on a substrate with co-reactants under some agents.
#[derive(Clone, Debug)]
pub struct RouteStep {
    /// The line of the step in its file (1-based).
    pub line: usize,
    /// The reaction SMILES's byte span in the file.
    pub span: Span,
    /// The reactants in written order: the first is the substrate, the others co-reactants.
    pub reactants: Vec<Molecule>,
    /// Canonical SMILES of each agent component (reagents, catalysts, solvents), each
    /// canonicalised on its own and sorted, as `regiochem_rules::reagents::canonical_components`
    /// gives them.
    pub agents: Vec<String>,
    /// The intended product.
    pub product: Molecule,
    /// Equivalents of co-reactant per substrate (`eq=`, default 1, greater than 0).
    pub equivalents: f64,
    /// Equivalents of strong acid added first (`acid=`, default 0, not negative).
    pub acid: f64,
    /// The reaction SMILES as written.
    pub text: String,
}

impl RouteStep {
    /// The molecule the step transforms: the first reactant.
    pub fn substrate(&self) -> Option<&Molecule> {
        self.reactants.first()
    }

    /// The other reactants (electrophiles, aldehydes, aryl halides).
    pub fn co_reactants(&self) -> &[Molecule] {
        self.reactants.get(1..).unwrap_or(&[])
    }

    /// The reaction SMILES with canonical molecules: reactants in order, sorted agent
    /// components, the product.
    pub fn reaction_smiles(&self) -> String {
        let reactants: Vec<String> = self.reactants.iter().map(Molecule::to_string).collect();
        format!(
            "{}>{}>{}",
            reactants.join("."),
            self.agents.join("."),
            self.product
        )
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

    /// The text form: headers, then one line per step with canonical SMILES; `eq=` and `acid=`
    /// only where they differ from their defaults. Comments other than headers are not kept.
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
            f.write_str(&step.reaction_smiles())?;
            if step.equivalents != 1.0 {
                write!(f, " eq={}", step.equivalents)?;
            }
            if step.acid != 0.0 {
                write!(f, " acid={}", step.acid)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
