//! Layout quality measured from coordinates: bond crossings, atom clashes, bond lengths.

use super::geometry::{Point, segments_cross};
use crate::Molecule;

/// Non-bonded atoms closer than this (in bond lengths) clash.
pub const CLASH_DISTANCE: f64 = 0.35;

/// What is wrong with a layout, if anything.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutQuality {
    /// Pairs of bonds (sharing no atom) that cross.
    pub crossings: usize,
    /// Pairs of non-bonded atoms closer than [`CLASH_DISTANCE`].
    pub clashes: usize,
    /// Shortest bond.
    pub shortest_bond: f64,
    /// Longest bond.
    pub longest_bond: f64,
}

impl LayoutQuality {
    /// `(longest - shortest) / shortest`: 0 when every bond has the same length.
    pub fn bond_length_spread(&self) -> f64 {
        if self.shortest_bond <= 0.0 {
            return if self.longest_bond > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
        }
        (self.longest_bond - self.shortest_bond) / self.shortest_bond
    }

    /// No crossing, no clash, and bond lengths within 25 % of each other.
    pub fn is_clean(&self) -> bool {
        self.crossings == 0 && self.clashes == 0 && self.bond_length_spread() <= 0.25
    }
}

/// Measures a layout of `molecule` (`coords` indexed by atom).
pub fn assess(molecule: &Molecule, coords: &[Point]) -> LayoutQuality {
    let bonds: Vec<(usize, usize)> = molecule
        .bonds()
        .map(|(_, a, b, _)| (a.index(), b.index()))
        .collect();
    let mut quality = LayoutQuality {
        shortest_bond: if bonds.is_empty() { 0.0 } else { f64::INFINITY },
        ..LayoutQuality::default()
    };
    for (i, &(a, b)) in bonds.iter().enumerate() {
        let length = coords[a].distance(coords[b]);
        quality.shortest_bond = quality.shortest_bond.min(length);
        quality.longest_bond = quality.longest_bond.max(length);
        for &(c, d) in &bonds[i + 1..] {
            if a == c || a == d || b == c || b == d {
                continue;
            }
            if segments_cross(coords[a], coords[b], coords[c], coords[d]) {
                quality.crossings += 1;
            }
        }
    }
    let n = coords.len();
    for x in 0..n {
        for y in x + 1..n {
            if coords[x].distance(coords[y]) < CLASH_DISTANCE
                && !bonds.contains(&(x, y))
                && !bonds.contains(&(y, x))
            {
                quality.clashes += 1;
            }
        }
    }
    quality
}
