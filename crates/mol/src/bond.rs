//! Bonds.

use petgraph::graph::EdgeIndex;

/// An opaque handle to a bond of one molecule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BondId(pub(crate) EdgeIndex<u32>);

impl BondId {
    /// Position in the order bonds were created.
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// Kekulé bond order. Aromatic bonds keep one of their Kekulé orders here and are flagged
/// aromatic on the [`Bond`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BondOrder {
    /// 1
    Single = 1,
    /// 2
    Double = 2,
    /// 3
    Triple = 3,
    /// 4
    Quadruple = 4,
}

impl BondOrder {
    /// The order as a number of electron pairs.
    pub fn valence(self) -> u8 {
        self as u8
    }
}

/// Cis/trans configuration of a double bond: `ends[0]` is a neighbour of the bond's first atom,
/// `ends[1]` of its second, and `cis` says whether they are on the same side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DoubleBondStereo {
    pub(crate) ends: [u32; 2],
    pub(crate) cis: bool,
}

/// A bond.
#[derive(Clone, Debug, PartialEq)]
pub struct Bond {
    pub(crate) order: BondOrder,
    pub(crate) aromatic: bool,
    pub(crate) in_ring: bool,
    pub(crate) stereo: Option<DoubleBondStereo>,
}

impl Bond {
    pub(crate) fn new(order: BondOrder) -> Self {
        Bond {
            order,
            aromatic: false,
            in_ring: false,
            stereo: None,
        }
    }

    /// Kekulé order.
    pub fn order(&self) -> BondOrder {
        self.order
    }

    /// Member of an aromatic ring.
    pub fn is_aromatic(&self) -> bool {
        self.aromatic
    }

    /// Member of any ring.
    pub fn is_in_ring(&self) -> bool {
        self.in_ring
    }

    /// Whether the double bond has a cis/trans configuration.
    pub fn has_stereo(&self) -> bool {
        self.stereo.is_some()
    }
}
