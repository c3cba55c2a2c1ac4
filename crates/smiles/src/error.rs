//! Syntax errors.

use crate::Span;

/// Why a SMILES line could not be read. Every variant carries the byte span it is about and a
/// stable code (`smiles::...`) that tools and tests may rely on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum SmilesError {
    /// The line holds no SMILES.
    #[error("empty SMILES")]
    #[diagnostic(code(smiles::empty))]
    Empty {
        /// Where the SMILES should start.
        #[label("expected an atom here")]
        span: Span,
    },
    /// A character that cannot start or continue anything here.
    #[error("unexpected character {found:?}")]
    #[diagnostic(code(smiles::unexpected_character))]
    UnexpectedCharacter {
        /// The character.
        found: char,
        /// Where it is.
        #[label("not allowed here")]
        span: Span,
    },
    /// An atom was expected (after a bond, a dot or an open branch).
    #[error("expected an atom")]
    #[diagnostic(code(smiles::expected_atom))]
    ExpectedAtom {
        /// Where the atom should be.
        #[label("expected an atom here")]
        span: Span,
    },
    /// A bracket atom that does not follow `[isotope? symbol chiral? hcount? charge? class?]`.
    #[error("invalid bracket atom: {reason}")]
    #[diagnostic(code(smiles::bracket_atom))]
    BracketAtom {
        /// What is wrong.
        reason: &'static str,
        /// The offending part.
        #[label("{reason}")]
        span: Span,
    },
    /// A `[` with no `]`.
    #[error("unclosed bracket atom")]
    #[diagnostic(code(smiles::unclosed_bracket))]
    UnclosedBracket {
        /// The `[`.
        #[label("opened here")]
        span: Span,
    },
    /// `[HH1]`: a hydrogen atom cannot carry hydrogens.
    #[error("hydrogen atom with an hcount")]
    #[diagnostic(code(smiles::hydrogen_hcount))]
    HydrogenHcount {
        /// The hcount.
        #[label("a hydrogen atom cannot carry hydrogens")]
        span: Span,
    },
    /// A ring-bond number opened and never closed.
    #[error("unmatched ring closure")]
    #[diagnostic(code(smiles::unmatched_ring_bond))]
    UnmatchedRingBond {
        /// The opening digit.
        #[label("ring bond opened here is never closed")]
        span: Span,
    },
    /// The two ends of a ring bond name different bond symbols.
    #[error("conflicting ring-bond symbols")]
    #[diagnostic(code(smiles::conflicting_ring_bond))]
    ConflictingRingBond {
        /// The closing end.
        #[label("does not match the symbol where the ring bond opened")]
        span: Span,
    },
    /// A ring bond from an atom to itself (`C11`).
    #[error("atom bonded to itself")]
    #[diagnostic(code(smiles::self_bond))]
    SelfBond {
        /// The closing digit.
        #[label("closes on the atom that opened it")]
        span: Span,
    },
    /// A second bond between the same two atoms (`C12CCCCC12`).
    #[error("two bonds between one pair of atoms")]
    #[diagnostic(code(smiles::duplicate_bond))]
    DuplicateBond {
        /// The second bond.
        #[label("these atoms are already bonded")]
        span: Span,
    },
    /// `(` with no atom before it, or directly after another `(`.
    #[error("branch without a preceding atom")]
    #[diagnostic(code(smiles::branch_without_atom))]
    BranchWithoutAtom {
        /// The `(`.
        #[label("nothing to branch from")]
        span: Span,
    },
    /// `(` never closed.
    #[error("unclosed branch")]
    #[diagnostic(code(smiles::unclosed_branch))]
    UnclosedBranch {
        /// The `(`.
        #[label("opened here")]
        span: Span,
    },
    /// `)` with no open branch.
    #[error("unopened branch")]
    #[diagnostic(code(smiles::unopened_branch))]
    UnopenedBranch {
        /// The `)`.
        #[label("no branch to close")]
        span: Span,
    },
    /// `()`
    #[error("empty branch")]
    #[diagnostic(code(smiles::empty_branch))]
    EmptyBranch {
        /// The `)`.
        #[label("branch holds no atom")]
        span: Span,
    },
    /// A bond symbol directly followed by another (`C==C`).
    #[error("two bond symbols")]
    #[diagnostic(code(smiles::two_bonds))]
    TwoBonds {
        /// The second symbol.
        #[label("second bond symbol")]
        span: Span,
    },
    /// A bond symbol with no atom before it or after it.
    #[error("bond without an atom on each side")]
    #[diagnostic(code(smiles::dangling_bond))]
    DanglingBond {
        /// The symbol.
        #[label("needs an atom on each side")]
        span: Span,
    },
    /// `C..C`, a leading or trailing dot.
    #[error("empty component")]
    #[diagnostic(code(smiles::empty_component))]
    EmptyComponent {
        /// The dot.
        #[label("no atom on this side of the dot")]
        span: Span,
    },
    /// `C.1CC1`: a ring bond must follow an atom.
    #[error("dot before a ring-closure digit")]
    #[diagnostic(code(smiles::dot_ring_bond))]
    DotRingBond {
        /// The digit.
        #[label("a ring bond must follow an atom")]
        span: Span,
    },
}

impl SmilesError {
    /// The byte span the error is about.
    pub fn span(&self) -> Span {
        match self {
            SmilesError::Empty { span }
            | SmilesError::UnexpectedCharacter { span, .. }
            | SmilesError::ExpectedAtom { span }
            | SmilesError::BracketAtom { span, .. }
            | SmilesError::UnclosedBracket { span }
            | SmilesError::HydrogenHcount { span }
            | SmilesError::UnmatchedRingBond { span }
            | SmilesError::ConflictingRingBond { span }
            | SmilesError::SelfBond { span }
            | SmilesError::DuplicateBond { span }
            | SmilesError::BranchWithoutAtom { span }
            | SmilesError::UnclosedBranch { span }
            | SmilesError::UnopenedBranch { span }
            | SmilesError::EmptyBranch { span }
            | SmilesError::TwoBonds { span }
            | SmilesError::DanglingBond { span }
            | SmilesError::EmptyComponent { span }
            | SmilesError::DotRingBond { span } => *span,
        }
    }

    /// The stable code, such as `smiles::unmatched_ring_bond`.
    pub fn stable_code(&self) -> &'static str {
        match self {
            SmilesError::Empty { .. } => "smiles::empty",
            SmilesError::UnexpectedCharacter { .. } => "smiles::unexpected_character",
            SmilesError::ExpectedAtom { .. } => "smiles::expected_atom",
            SmilesError::BracketAtom { .. } => "smiles::bracket_atom",
            SmilesError::UnclosedBracket { .. } => "smiles::unclosed_bracket",
            SmilesError::HydrogenHcount { .. } => "smiles::hydrogen_hcount",
            SmilesError::UnmatchedRingBond { .. } => "smiles::unmatched_ring_bond",
            SmilesError::ConflictingRingBond { .. } => "smiles::conflicting_ring_bond",
            SmilesError::SelfBond { .. } => "smiles::self_bond",
            SmilesError::DuplicateBond { .. } => "smiles::duplicate_bond",
            SmilesError::BranchWithoutAtom { .. } => "smiles::branch_without_atom",
            SmilesError::UnclosedBranch { .. } => "smiles::unclosed_branch",
            SmilesError::UnopenedBranch { .. } => "smiles::unopened_branch",
            SmilesError::EmptyBranch { .. } => "smiles::empty_branch",
            SmilesError::TwoBonds { .. } => "smiles::two_bonds",
            SmilesError::DanglingBond { .. } => "smiles::dangling_bond",
            SmilesError::EmptyComponent { .. } => "smiles::empty_component",
            SmilesError::DotRingBond { .. } => "smiles::dot_ring_bond",
        }
    }
}
