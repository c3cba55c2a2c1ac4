//! Atoms.

use petgraph::graph::NodeIndex;

use crate::Element;

/// An opaque handle to an atom of one molecule. Atoms keep their input order: the i-th atom
/// written in the SMILES has index i.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AtomId(pub(crate) NodeIndex<u32>);

impl AtomId {
    /// Position in input order.
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// Reference to the implicit hydrogen (or lone pair) in a tetrahedral neighbour list.
pub(crate) const IMPLICIT_H: u32 = u32::MAX;

/// Stereo on an atom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Chirality {
    /// None given.
    #[default]
    None,
    /// Tetrahedral: looking from `neighbours[0]`, the other three run anticlockwise (`@`) or
    /// clockwise (`@@`). Neighbours are atom indices; `IMPLICIT_H` stands for the implicit
    /// hydrogen or lone pair.
    Tetrahedral {
        /// The reference order.
        neighbours: [u32; 4],
        /// `@@`.
        clockwise: bool,
    },
    /// A non-tetrahedral mark (`@SP1`, `@TB5`, `@OH12`, `@AL1`), kept but not canonicalised.
    Other(regiochem_smiles::Chirality),
}

/// An atom: element, charge, hydrogens and flags. Immutable once the molecule is built.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    pub(crate) element: Element,
    pub(crate) isotope: Option<u16>,
    pub(crate) charge: i8,
    pub(crate) hydrogens: u8,
    pub(crate) aromatic: bool,
    pub(crate) in_ring: bool,
    pub(crate) class: Option<u32>,
    pub(crate) chirality: Chirality,
}

impl Atom {
    pub(crate) fn new(element: Element) -> Self {
        Atom {
            element,
            isotope: None,
            charge: 0,
            hydrogens: 0,
            aromatic: false,
            in_ring: false,
            class: None,
            chirality: Chirality::None,
        }
    }

    /// The element.
    pub fn element(&self) -> Element {
        self.element
    }

    /// Mass number, if one was given.
    pub fn isotope(&self) -> Option<u16> {
        self.isotope
    }

    /// Formal charge.
    pub fn charge(&self) -> i8 {
        self.charge
    }

    /// Hydrogens carried by this atom (implicit, or stated in brackets); explicit `[H]` atoms
    /// are atoms of their own and not counted here.
    pub fn hydrogens(&self) -> u8 {
        self.hydrogens
    }

    /// Member of an aromatic ring under regiochem's model.
    pub fn is_aromatic(&self) -> bool {
        self.aromatic
    }

    /// Member of any ring.
    pub fn is_in_ring(&self) -> bool {
        self.in_ring
    }

    /// Atom class (`[NH:4]` has class 4).
    pub fn class(&self) -> Option<u32> {
        self.class
    }

    /// Stereo mark.
    pub fn chirality(&self) -> &Chirality {
        &self.chirality
    }
}
