//! Reaction rules for regiochem: atom-mapped templates, the rules language, the reagent
//! library, nitrogen site perception and the kinetic outcome model.
#![warn(missing_docs)]

mod template;
pub use template::{ApplyError, Template, TemplateError};
