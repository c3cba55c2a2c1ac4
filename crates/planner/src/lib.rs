//! Routes for regiochem: the route text form (`grammar/route.ebnf`) and the AiZynthFinder-style
//! JSON reaction tree. Route validation and route search build on these.
//!
//! ```
//! use regiochem_planner::Route;
//!
//! let route: Route = "C1CNCCNC1.CC(=O)Cl>CCN(CC)CC.ClCCl>CC(=O)N1CCCNCC1\n".parse().unwrap();
//! let tree = route.to_tree(|smiles| smiles == "C1CNCCCN1").unwrap();
//! let back = Route::from_tree(&tree).unwrap();
//! assert_eq!(back.steps[0].reaction_smiles(), route.steps[0].reaction_smiles());
//! ```
#![warn(missing_docs)]

pub mod data;
pub mod plan;
pub mod procedure;
pub mod route;
pub mod search;
pub mod tree;
pub mod validate;

pub use plan::{Limits, PlanReport, PlannedRoute, Planner, PredictionCache, StopReason};
pub use route::{Expectation, Reaction, Route, RouteError, RouteFileError};
pub use tree::TreeNode;
pub use validate::{Judged, Validation, Verdict, validate, validate_with};
