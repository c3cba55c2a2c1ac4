//! Reaction rules for regiochem: atom-mapped templates, the rules language, the reagent
//! library, nitrogen site perception, the kinetic outcome model and the one step evaluator
//! (`Engine::evaluate(&Step, intended) -> StepOutcome`).
#![warn(missing_docs)]

pub mod data;
pub mod defaults;
pub mod error;
pub mod evaluate;
pub mod finding;
pub mod kinetics;
pub mod predict;
pub mod ranges;
pub mod reagents;
pub mod rulefile;
pub mod ruleset;
pub mod shield;
pub mod sites;
pub mod step;
mod template;
pub mod yields;

pub use template::{ApplyError, Template, TemplateError};
