//! Errors building a molecule from SMILES.

use regiochem_smiles::{SmilesError, Span};

/// Why a SMILES could not become a molecule. Codes are stable: `smiles::...` for syntax,
/// `mol::...` for chemistry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum BuildError {
    /// The text is not SMILES.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SmilesError),
    /// An unbracketed atom with more bonds than its normal valences allow, or one that would
    /// need hydrogens from a higher valence (strict mode).
    #[error("{message}")]
    #[diagnostic(code(mol::valence))]
    Valence {
        /// What is wrong, naming the atom.
        message: String,
        /// The atom.
        #[label("here")]
        span: Span,
    },
    /// Aromatic atoms that admit no alternating single/double bond pattern.
    #[error("aromatic system has no Kekulé form")]
    #[diagnostic(code(mol::kekulize))]
    Kekulize {
        /// An atom left without a double bond.
        #[label("cannot take a double bond")]
        span: Span,
    },
    /// Two directional bonds on one side of a double bond that say opposite things.
    #[error("conflicting cis/trans marks")]
    #[diagnostic(code(mol::conflicting_stereo))]
    ConflictingStereo {
        /// The second mark.
        #[label("contradicts the other mark on this side of the double bond")]
        span: Span,
    },
}

impl BuildError {
    /// The byte span the error is about.
    pub fn span(&self) -> Span {
        match self {
            BuildError::Syntax(error) => error.span(),
            BuildError::Valence { span, .. }
            | BuildError::Kekulize { span }
            | BuildError::ConflictingStereo { span } => *span,
        }
    }

    /// The stable code.
    pub fn stable_code(&self) -> &'static str {
        match self {
            BuildError::Syntax(error) => error.stable_code(),
            BuildError::Valence { .. } => "mol::valence",
            BuildError::Kekulize { .. } => "mol::kekulize",
            BuildError::ConflictingStereo { .. } => "mol::conflicting_stereo",
        }
    }
}
