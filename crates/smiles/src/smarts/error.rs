//! SMARTS syntax errors.

use crate::Span;

/// Why a SMARTS pattern or reaction template could not be read. Every variant carries the byte
/// span it is about and a stable code (`smarts::...`) that tools and tests may rely on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum SmartsError {
    /// A character that cannot start or continue anything here.
    #[error("unexpected character {found:?}")]
    #[diagnostic(code(smarts::unexpected_character))]
    UnexpectedCharacter {
        /// The character.
        found: char,
        /// Where it is.
        #[label("not allowed here")]
        span: Span,
    },
    /// Empty pattern.
    #[error("empty pattern")]
    #[diagnostic(code(smarts::empty))]
    Empty {
        /// Where the pattern should start.
        #[label("expected an atom here")]
        span: Span,
    },
    /// Expected an atom.
    #[error("expected an atom")]
    #[diagnostic(code(smarts::expected_atom))]
    ExpectedAtom {
        /// Where the atom should be.
        #[label("expected an atom here")]
        span: Span,
    },
    /// Unknown atom primitive.
    #[error("unknown atom primitive")]
    #[diagnostic(code(smarts::unknown_primitive))]
    UnknownPrimitive {
        /// The primitive.
        #[label("not a primitive regiochem reads")]
        span: Span,
    },
    /// Unknown bond primitive.
    #[error("unknown bond primitive")]
    #[diagnostic(code(smarts::unknown_bond_primitive))]
    UnknownBondPrimitive {
        /// The character.
        #[label("not a bond primitive")]
        span: Span,
    },
    /// Number out of range.
    #[error("number out of range")]
    #[diagnostic(code(smarts::value_out_of_range))]
    ValueOutOfRange {
        /// The primitive with its number.
        #[label("out of range")]
        span: Span,
    },
    /// Unclosed bracket atom.
    #[error("unclosed bracket atom")]
    #[diagnostic(code(smarts::unclosed_bracket))]
    UnclosedBracket {
        /// The `[`.
        #[label("opened here")]
        span: Span,
    },
    /// Empty bracket atom.
    #[error("empty bracket atom")]
    #[diagnostic(code(smarts::empty_bracket))]
    EmptyBracket {
        /// The brackets.
        #[label("holds no primitive")]
        span: Span,
    },
    /// Operator without an operand.
    #[error("operator without an operand")]
    #[diagnostic(code(smarts::expected_primitive))]
    ExpectedPrimitive {
        /// The operator or `!`.
        #[label("needs a primitive on each side")]
        span: Span,
    },
    /// Atom map must be digits just before `]`.
    #[error("atom map must be digits just before `]`")]
    #[diagnostic(code(smarts::misplaced_map))]
    MisplacedMap {
        /// The `:` and what follows.
        #[label("invalid atom map")]
        span: Span,
    },
    /// Unclosed recursive SMARTS.
    #[error("unclosed recursive SMARTS")]
    #[diagnostic(code(smarts::unclosed_recursion))]
    UnclosedRecursion {
        /// The `$(`.
        #[label("opened here")]
        span: Span,
    },
    /// Recursive SMARTS nested too deeply.
    #[error("recursive SMARTS nested too deeply")]
    #[diagnostic(code(smarts::recursion_too_deep))]
    RecursionTooDeep {
        /// The `$(` past the limit.
        #[label("more than 16 levels of `$(`")]
        span: Span,
    },
    /// Unmatched ring closure.
    #[error("unmatched ring closure")]
    #[diagnostic(code(smarts::unmatched_ring_bond))]
    UnmatchedRingBond {
        /// The opening digit.
        #[label("ring bond opened here is never closed")]
        span: Span,
    },
    /// Conflicting ring-bond symbols.
    #[error("conflicting ring-bond symbols")]
    #[diagnostic(code(smarts::conflicting_ring_bond))]
    ConflictingRingBond {
        /// The closing end.
        #[label("does not match the expression where the ring bond opened")]
        span: Span,
    },
    /// Atom bonded to itself.
    #[error("atom bonded to itself")]
    #[diagnostic(code(smarts::self_bond))]
    SelfBond {
        /// The closing digit.
        #[label("closes on the atom that opened it")]
        span: Span,
    },
    /// Two bonds between one pair of atoms.
    #[error("two bonds between one pair of atoms")]
    #[diagnostic(code(smarts::duplicate_bond))]
    DuplicateBond {
        /// The second bond.
        #[label("these atoms are already bonded")]
        span: Span,
    },
    /// Branch without a preceding atom.
    #[error("branch without a preceding atom")]
    #[diagnostic(code(smarts::branch_without_atom))]
    BranchWithoutAtom {
        /// The `(`.
        #[label("nothing to branch from")]
        span: Span,
    },
    /// Unclosed branch.
    #[error("unclosed branch")]
    #[diagnostic(code(smarts::unclosed_branch))]
    UnclosedBranch {
        /// The `(`.
        #[label("opened here")]
        span: Span,
    },
    /// Unopened branch.
    #[error("unopened branch")]
    #[diagnostic(code(smarts::unopened_branch))]
    UnopenedBranch {
        /// The `)`.
        #[label("no branch to close")]
        span: Span,
    },
    /// Empty branch.
    #[error("empty branch")]
    #[diagnostic(code(smarts::empty_branch))]
    EmptyBranch {
        /// The `)`.
        #[label("branch holds no atom")]
        span: Span,
    },
    /// Bond without an atom on each side.
    #[error("bond without an atom on each side")]
    #[diagnostic(code(smarts::dangling_bond))]
    DanglingBond {
        /// The bond expression.
        #[label("needs an atom on each side")]
        span: Span,
    },
    /// Empty component.
    #[error("empty component")]
    #[diagnostic(code(smarts::empty_component))]
    EmptyComponent {
        /// The dot.
        #[label("no atom on this side of the dot")]
        span: Span,
    },
    /// Dot before a ring-closure digit.
    #[error("dot before a ring-closure digit")]
    #[diagnostic(code(smarts::dot_ring_bond))]
    DotRingBond {
        /// The digit.
        #[label("a ring bond must follow an atom")]
        span: Span,
    },
    /// Expected `>>` between reactants and products.
    #[error("expected `>>` between reactants and products")]
    #[diagnostic(code(smarts::expected_arrow))]
    ExpectedArrow {
        /// Where the arrow should be, or the lone `>`.
        #[label("a reaction template is `reactants>>products`")]
        span: Span,
    },
}

impl SmartsError {
    /// The byte span the error is about.
    pub fn span(&self) -> Span {
        match self {
            SmartsError::UnexpectedCharacter { span, .. }
            | SmartsError::Empty { span }
            | SmartsError::ExpectedAtom { span }
            | SmartsError::UnknownPrimitive { span }
            | SmartsError::UnknownBondPrimitive { span }
            | SmartsError::ValueOutOfRange { span }
            | SmartsError::UnclosedBracket { span }
            | SmartsError::EmptyBracket { span }
            | SmartsError::ExpectedPrimitive { span }
            | SmartsError::MisplacedMap { span }
            | SmartsError::UnclosedRecursion { span }
            | SmartsError::RecursionTooDeep { span }
            | SmartsError::UnmatchedRingBond { span }
            | SmartsError::ConflictingRingBond { span }
            | SmartsError::SelfBond { span }
            | SmartsError::DuplicateBond { span }
            | SmartsError::BranchWithoutAtom { span }
            | SmartsError::UnclosedBranch { span }
            | SmartsError::UnopenedBranch { span }
            | SmartsError::EmptyBranch { span }
            | SmartsError::DanglingBond { span }
            | SmartsError::EmptyComponent { span }
            | SmartsError::DotRingBond { span }
            | SmartsError::ExpectedArrow { span } => *span,
        }
    }

    /// The stable code, such as `smarts::unknown_primitive`.
    pub fn stable_code(&self) -> &'static str {
        match self {
            SmartsError::UnexpectedCharacter { .. } => "smarts::unexpected_character",
            SmartsError::Empty { .. } => "smarts::empty",
            SmartsError::ExpectedAtom { .. } => "smarts::expected_atom",
            SmartsError::UnknownPrimitive { .. } => "smarts::unknown_primitive",
            SmartsError::UnknownBondPrimitive { .. } => "smarts::unknown_bond_primitive",
            SmartsError::ValueOutOfRange { .. } => "smarts::value_out_of_range",
            SmartsError::UnclosedBracket { .. } => "smarts::unclosed_bracket",
            SmartsError::EmptyBracket { .. } => "smarts::empty_bracket",
            SmartsError::ExpectedPrimitive { .. } => "smarts::expected_primitive",
            SmartsError::MisplacedMap { .. } => "smarts::misplaced_map",
            SmartsError::UnclosedRecursion { .. } => "smarts::unclosed_recursion",
            SmartsError::RecursionTooDeep { .. } => "smarts::recursion_too_deep",
            SmartsError::UnmatchedRingBond { .. } => "smarts::unmatched_ring_bond",
            SmartsError::ConflictingRingBond { .. } => "smarts::conflicting_ring_bond",
            SmartsError::SelfBond { .. } => "smarts::self_bond",
            SmartsError::DuplicateBond { .. } => "smarts::duplicate_bond",
            SmartsError::BranchWithoutAtom { .. } => "smarts::branch_without_atom",
            SmartsError::UnclosedBranch { .. } => "smarts::unclosed_branch",
            SmartsError::UnopenedBranch { .. } => "smarts::unopened_branch",
            SmartsError::EmptyBranch { .. } => "smarts::empty_branch",
            SmartsError::DanglingBond { .. } => "smarts::dangling_bond",
            SmartsError::EmptyComponent { .. } => "smarts::empty_component",
            SmartsError::DotRingBond { .. } => "smarts::dot_ring_bond",
            SmartsError::ExpectedArrow { .. } => "smarts::expected_arrow",
        }
    }
}
