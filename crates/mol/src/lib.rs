//! Molecules for regiochem.
//!
//! A [`Molecule`] is an immutable value: a private petgraph graph of [`Atom`]s and [`Bond`]s
//! with opaque [`AtomId`] handles. [`build`] turns a parsed SMILES into one, checking valence
//! (strict by default), assigning implicit hydrogens, kekulising aromatic input and perceiving
//! rings and aromaticity with the model documented in `ARCHITECTURE.md`. `Display` writes the
//! canonical SMILES, the same string however the molecule was written.
//!
//! ```
//! use regiochem_mol::Molecule;
//!
//! let kekule: Molecule = "C1=CC=CC=C1CN1CCCNCC1".parse().unwrap();
//! let aromatic: Molecule = "C1CN(Cc2ccccc2)CCNC1".parse().unwrap();
//! assert_eq!(kekule.to_string(), aromatic.to_string());
//! assert_eq!(kekule.formula(), "C12H18N2");
//! assert_eq!(kekule.aromatic_atom_count(), 6);
//!
//! // N1 and N4 of homopiperazine are one symmetry class.
//! let homopiperazine: Molecule = "C1CNCCNC1".parse().unwrap();
//! let classes = homopiperazine.symmetry_classes();
//! assert_eq!(classes[2], classes[5]);
//! ```
#![warn(missing_docs)]

mod aromaticity;
mod atom;
mod bond;
mod build;
mod canon;
pub mod depict;
mod edit;
mod element;
mod error;
mod kekule;
mod matching;
mod molecule;
mod rings;
mod valence;
mod write;

pub use atom::{Atom, AtomId, Chirality};
pub use bond::{Bond, BondId, BondOrder};
pub use build::{BuildOptions, Builder, Valence, build};
pub use edit::{EditError, Editor};
pub use element::Element;
pub use error::BuildError;
pub use matching::{Match, MatchError, Pattern, PatternError};
pub use molecule::Molecule;
pub use write::SmilesWriter;
