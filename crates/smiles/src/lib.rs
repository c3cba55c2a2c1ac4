//! SMILES syntax for regiochem.
//!
//! This crate reads one line of OpenSMILES (`grammar/smiles.ebnf`) into a flat syntax tree,
//! [`Smiles`]: atoms and bonds in written order, every item carrying the byte [`Span`] it came
//! from. It knows nothing of valence, rings or graphs; `regiochem-mol` builds molecules from it.
//!
//! ```
//! let smiles = regiochem_smiles::parse("C1CNCCNC1 homopiperazine").unwrap();
//! assert_eq!(smiles.atoms.len(), 7);
//! assert_eq!(smiles.bonds.len(), 7);
//! assert_eq!(smiles.title_in("C1CNCCNC1 homopiperazine"), Some("homopiperazine"));
//!
//! let error = regiochem_smiles::parse("C1CCC").unwrap_err();
//! assert_eq!(error.stable_code(), "smiles::unmatched_ring_bond");
//! assert_eq!(error.span().start, 1);
//! ```
#![warn(missing_docs)]

mod ast;
mod element;
mod error;
mod parse;
pub mod smarts;
mod span;

pub use ast::{Atom, Bond, BondKind, Bracket, Chirality, RingNumber, Smiles, Symbol};
pub use element::{ELEMENT_COUNT, element_number, element_symbol};
pub use error::SmilesError;
pub use parse::{Parser, parse};
pub use span::Span;
