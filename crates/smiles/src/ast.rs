//! The flat syntax tree of one SMILES line.

use crate::Span;

/// One parsed SMILES: atoms and bonds in the order they were written.
///
/// Ring closures are already paired into [`Bond`]s; branches are gone, their effect being which
/// atoms the bonds join. Each bond records, for both of its atoms, a `slot` giving its position in
/// that atom's written neighbour order, which tetrahedral stereo (`@`, `@@`) refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Smiles {
    /// Atoms in input order.
    pub atoms: Vec<Atom>,
    /// Bonds in the order they were closed.
    pub bonds: Vec<Bond>,
    /// The title after the first blank, if any.
    pub title: Option<Span>,
}

impl Smiles {
    /// The title as text, given the line this was parsed from.
    pub fn title_in<'s>(&self, line: &'s str) -> Option<&'s str> {
        self.title.map(|span| &line[span.start..span.end])
    }
}

/// An atom as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// Where the atom is written (the whole bracket for bracket atoms).
    pub span: Span,
    /// Element or `*`.
    pub symbol: Symbol,
    /// Written in lower case (`c`, `[nH]`).
    pub aromatic: bool,
    /// The bracket properties; `None` for organic-subset atoms, whose hydrogens are implicit.
    pub bracket: Option<Bracket>,
}

/// An element, or the wildcard `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// An element by atomic number (1..=118).
    Element(u8),
    /// `*`, any atom.
    Star,
}

/// Everything a bracket atom states besides its symbol.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bracket {
    /// Mass number.
    pub isotope: Option<u16>,
    /// Stereo mark.
    pub chirality: Option<Chirality>,
    /// Hydrogen count (0 when no `H` is written).
    pub hydrogens: u8,
    /// Formal charge.
    pub charge: i8,
    /// Atom class (`:n`), used as an atom map number.
    pub class: Option<u32>,
}

/// A stereo mark on a bracket atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chirality {
    /// `@`, `@TH1`: anticlockwise looking from the first neighbour.
    Anticlockwise,
    /// `@@`, `@TH2`: clockwise.
    Clockwise,
    /// `@AL1`, `@AL2`: allene-like.
    Allene(u8),
    /// `@SP1`..`@SP3`: square planar.
    SquarePlanar(u8),
    /// `@TB1`..`@TB20`: trigonal bipyramidal.
    TrigonalBipyramidal(u8),
    /// `@OH1`..`@OH30`: octahedral.
    Octahedral(u8),
}

/// A bond between two atoms, indices into [`Smiles::atoms`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bond {
    /// The atom written first.
    pub source: usize,
    /// The atom written second.
    pub target: usize,
    /// The symbol, or `Elided` when none was written. A `/` or `\` of a ring closure reads
    /// from `source` to `target`: one written only at the closing end is stored flipped.
    pub kind: BondKind,
    /// Where the bond symbol (or, when elided, the second atom or ring digit) is written.
    pub span: Span,
    /// Position of this bond in `source`'s written neighbour order (smaller is earlier).
    pub source_slot: u32,
    /// Position of this bond in `target`'s written neighbour order.
    pub target_slot: u32,
    /// Closed by a ring-bond number rather than by adjacency.
    pub ring_closure: bool,
}

/// A bond symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BondKind {
    /// Nothing written: single, or aromatic between two aromatic atoms.
    Elided,
    /// `-`
    Single,
    /// `=`
    Double,
    /// `#`
    Triple,
    /// `$`
    Quadruple,
    /// `:`
    Aromatic,
    /// `/`
    Up,
    /// `\`
    Down,
}

impl BondKind {
    /// The symbol as written (empty for `Elided`).
    pub const fn as_str(self) -> &'static str {
        match self {
            BondKind::Elided => "",
            BondKind::Single => "-",
            BondKind::Double => "=",
            BondKind::Triple => "#",
            BondKind::Quadruple => "$",
            BondKind::Aromatic => ":",
            BondKind::Up => "/",
            BondKind::Down => "\\",
        }
    }
}

/// A ring-bond number, 0 to [`RingNumber::MAX`]: a closed type, so a writer cannot produce
/// one the reader rejects. It is written in the shortest form the grammar has: `7`, `%42`,
/// `%(123)` (RDKit's form, which RDKit reads up to 99,999).
///
/// ```
/// use regiochem_smiles::RingNumber;
///
/// let written: Vec<String> = [7, 42, 100, 99_999]
///     .map(|n| RingNumber::new(n).unwrap().to_string())
///     .into();
/// assert_eq!(written, ["7", "%42", "%(100)", "%(99999)"]);
/// assert!(RingNumber::new(RingNumber::MAX.get() + 1).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RingNumber(u32);

impl RingNumber {
    /// The largest number `%(NNN)` holds: nine digits.
    pub const MAX: RingNumber = RingNumber(999_999_999);

    /// The number `n`, if it is in range.
    pub const fn new(n: u32) -> Option<RingNumber> {
        if n <= Self::MAX.0 {
            Some(RingNumber(n))
        } else {
            None
        }
    }

    /// The number as an integer.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for RingNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            n @ 0..=9 => write!(f, "{n}"),
            n @ 10..=99 => write!(f, "%{n}"),
            n => write!(f, "%({n})"),
        }
    }
}
