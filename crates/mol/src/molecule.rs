//! The molecule value.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use petgraph::graph::UnGraph;
use petgraph::visit::EdgeRef;

use crate::{Atom, AtomId, Bond, BondId, BuildError, BuildOptions, Element};

/// A molecule: atoms and bonds in input order, hydrogens assigned, rings and aromaticity
/// perceived. Molecules are values: nothing changes one after it is built.
///
/// There is deliberately no `PartialEq`: compare canonical SMILES (`to_string`) or use
/// [`Molecule::is_isomorphic_to`].
#[derive(Clone)]
pub struct Molecule {
    graph: UnGraph<Atom, Bond, u32>,
    /// The canonical SMILES, written the first time it is asked for (issue 9: the planner
    /// asks for the same molecule's many times). A pure function of `graph`, which never
    /// changes after the molecule is built, so the value kept is always the one writing it
    /// again would give; a clone keeps it with the graph it belongs to.
    canonical: OnceLock<Box<str>>,
}

impl fmt::Debug for Molecule {
    /// As `#[derive(Debug)]` wrote it before the canonical SMILES was kept (the graph only).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Molecule")
            .field("graph", &self.graph)
            .finish()
    }
}

/// Compact neighbour lists (`(neighbour, bond)` per atom, in bond order) for the algorithms.
#[derive(Default)]
pub(crate) struct Adjacency {
    offsets: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Adjacency {
    /// Refills the lists for `graph`, reusing the buffers.
    pub(crate) fn rebuild(&mut self, graph: &UnGraph<Atom, Bond, u32>) {
        let n = graph.node_count();
        // Counting sort: degrees, then list ends, then place bonds from the last to the first
        // so that every list is in bond order.
        let offsets = &mut self.offsets;
        offsets.clear();
        offsets.resize(n + 1, 0);
        for edge in graph.raw_edges() {
            offsets[edge.source().index()] += 1;
            offsets[edge.target().index()] += 1;
        }
        let mut total = 0;
        for end in offsets.iter_mut() {
            total += *end;
            *end = total;
        }
        self.entries.clear();
        self.entries.resize(total as usize, (0, 0));
        for (index, edge) in graph.raw_edges().iter().enumerate().rev() {
            let (a, b) = (edge.source().index(), edge.target().index());
            offsets[a] -= 1;
            self.entries[offsets[a] as usize] = (b as u32, index as u32);
            offsets[b] -= 1;
            self.entries[offsets[b] as usize] = (a as u32, index as u32);
        }
    }

    /// Sorts every atom's list by a key of the neighbour. The lists are short (a few
    /// bonds), so an insertion sort; past 16 entries the library's unstable sort.
    pub(crate) fn sort_neighbours_by_key<K: Ord + Copy>(&mut self, key: impl Fn(u32) -> K) {
        for atom in 0..self.offsets.len().saturating_sub(1) {
            let (start, end) = (self.offsets[atom] as usize, self.offsets[atom + 1] as usize);
            let list = &mut self.entries[start..end];
            if list.len() > 16 {
                list.sort_unstable_by_key(|&(other, _)| key(other));
                continue;
            }
            for i in 1..list.len() {
                let item = list[i];
                let k = key(item.0);
                let mut j = i;
                while j > 0 && key(list[j - 1].0) > k {
                    list[j] = list[j - 1];
                    j -= 1;
                }
                list[j] = item;
            }
        }
    }

    pub(crate) fn neighbours(&self, atom: usize) -> &[(u32, u32)] {
        &self.entries[self.offsets[atom] as usize..self.offsets[atom + 1] as usize]
    }

    /// Where the list of `atom` starts and ends in [`Adjacency::entry`] positions.
    pub(crate) fn bounds(&self, atom: usize) -> (u32, u32) {
        (self.offsets[atom], self.offsets[atom + 1])
    }

    /// The `(neighbour, bond)` entry at a position from [`Adjacency::bounds`].
    pub(crate) fn entry(&self, position: u32) -> (u32, u32) {
        self.entries[position as usize]
    }

    pub(crate) fn degree(&self, atom: usize) -> usize {
        (self.offsets[atom + 1] - self.offsets[atom]) as usize
    }
}

impl Molecule {
    pub(crate) fn from_graph(graph: UnGraph<Atom, Bond, u32>) -> Self {
        Molecule {
            graph,
            canonical: OnceLock::new(),
        }
    }

    pub(crate) fn graph(&self) -> &UnGraph<Atom, Bond, u32> {
        &self.graph
    }

    /// Number of atoms, explicit hydrogen atoms included.
    pub fn atom_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of bonds.
    pub fn bond_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The atom behind a handle.
    pub fn atom(&self, id: AtomId) -> &Atom {
        &self.graph[id.0]
    }

    /// Atoms in input order.
    pub fn atoms(&self) -> impl ExactSizeIterator<Item = (AtomId, &Atom)> + '_ {
        self.graph
            .node_indices()
            .map(move |index| (AtomId(index), &self.graph[index]))
    }

    /// Bonds in creation order, with their two atoms.
    pub fn bonds(&self) -> impl ExactSizeIterator<Item = (BondId, AtomId, AtomId, &Bond)> + '_ {
        self.graph.edge_references().map(|edge| {
            (
                BondId(edge.id()),
                AtomId(edge.source()),
                AtomId(edge.target()),
                edge.weight(),
            )
        })
    }

    /// The atoms bonded to `id`, with the bond to each.
    pub fn neighbors(&self, id: AtomId) -> impl Iterator<Item = (AtomId, &Bond)> + '_ {
        self.graph.edges(id.0).map(move |edge| {
            let other = if edge.source() == id.0 {
                edge.target()
            } else {
                edge.source()
            };
            (AtomId(other), edge.weight())
        })
    }

    /// The bond between two atoms, if any.
    pub fn bond_between(&self, a: AtomId, b: AtomId) -> Option<&Bond> {
        self.graph.find_edge(a.0, b.0).map(|edge| &self.graph[edge])
    }

    /// The handle of the atom at input position `index`, if there is one.
    pub fn atom_at(&self, index: usize) -> Option<AtomId> {
        (index < self.atom_count()).then(|| AtomId(petgraph::graph::NodeIndex::new(index)))
    }

    /// Hydrogens in all: implicit and bracket counts plus explicit hydrogen atoms.
    pub fn total_hydrogens(&self) -> usize {
        self.graph
            .node_weights()
            .map(|atom| usize::from(atom.hydrogens) + usize::from(atom.element == Element::H))
            .sum()
    }

    /// Atoms heavier than hydrogen (the wildcard `*` is not counted, as in RDKit).
    pub fn heavy_atom_count(&self) -> usize {
        self.graph
            .node_weights()
            .filter(|atom| atom.element.0 > 1)
            .count()
    }

    /// Net formal charge.
    pub fn net_charge(&self) -> i32 {
        self.graph
            .node_weights()
            .map(|atom| i32::from(atom.charge))
            .sum()
    }

    /// Number of connected components.
    pub fn component_count(&self) -> usize {
        petgraph::algo::connected_components(&self.graph)
    }

    /// Ring count: bonds - atoms + components (the cyclomatic number).
    pub fn ring_count(&self) -> usize {
        self.bond_count() + self.component_count() - self.atom_count()
    }

    /// Atoms in aromatic rings.
    pub fn aromatic_atom_count(&self) -> usize {
        self.graph
            .node_weights()
            .filter(|atom| atom.aromatic)
            .count()
    }

    /// Molecular formula in Hill order (C, H, then alphabetical; alphabetical when there is no
    /// carbon), with the net charge appended as RDKit does (`C5H14N2+2`).
    pub fn formula(&self) -> String {
        let mut counts = [0usize; 119];
        for atom in self.graph.node_weights() {
            counts[usize::from(atom.element.0)] += 1;
            counts[1] += usize::from(atom.hydrogens);
        }
        let mut symbols: Vec<(&str, usize)> = (1..119u8)
            .filter(|&z| counts[usize::from(z)] > 0)
            .map(|z| (Element(z).symbol(), counts[usize::from(z)]))
            .collect();
        let has_carbon = counts[6] > 0;
        symbols.sort_by(|a, b| {
            let rank = |s: &str| match s {
                "C" if has_carbon => 0,
                "H" if has_carbon => 1,
                _ => 2,
            };
            rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0))
        });
        let mut formula = String::new();
        for (symbol, count) in symbols {
            formula.push_str(symbol);
            if count > 1 {
                formula.push_str(&count.to_string());
            }
        }
        if counts[0] > 0 {
            formula.push('*');
            if counts[0] > 1 {
                formula.push_str(&counts[0].to_string());
            }
        }
        match self.net_charge() {
            0 => {}
            1 => formula.push('+'),
            -1 => formula.push('-'),
            charge if charge > 0 => formula.push_str(&format!("+{charge}")),
            charge => formula.push_str(&format!("{charge}")),
        }
        formula
    }

    /// Average molecular mass (standard atomic weights; isotope masses where given).
    pub fn average_mass(&self) -> f64 {
        let hydrogen = Element::H.average_mass();
        self.graph
            .node_weights()
            .map(|atom| {
                let own = match atom.isotope {
                    Some(mass_number) => atom.element.isotope_mass(mass_number),
                    None => atom.element.average_mass(),
                };
                own + f64::from(atom.hydrogens) * hydrogen
            })
            .sum()
    }

    /// Symmetry classes, indexed by input atom position: two atoms share a class when colour
    /// refinement over the molecular graph cannot tell them apart (for molecules this is the
    /// automorphism orbit in all but exotic regular graphs). Class numbers are canonical ranks
    /// before tie breaking, so they are the same however the molecule was written.
    pub fn symmetry_classes(&self) -> Vec<u32> {
        crate::canon::symmetry_classes(self)
    }

    /// Canonical rank of every atom (a permutation of `0..atom_count`), indexed by input
    /// position. Explicit hydrogen atoms are ranked like any other atom.
    pub fn canonical_ranks(&self) -> Vec<u32> {
        crate::canon::canonical_ranks(self)
    }

    /// Whether two molecules are the same molecule (same canonical SMILES).
    pub fn is_isomorphic_to(&self, other: &Molecule) -> bool {
        self.to_string() == other.to_string()
    }
}

impl FromStr for Molecule {
    type Err = BuildError;

    /// Reads a SMILES (a title after a blank is ignored) with strict valence.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let smiles = regiochem_smiles::parse(text)?;
        crate::build(&smiles, &BuildOptions::default())
    }
}

impl fmt::Display for Molecule {
    /// The canonical SMILES.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            self.canonical
                .get_or_init(|| crate::write::canonical_smiles(self).into_boxed_str()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical SMILES kept by a molecule (issue 9) is the one writing it afresh gives,
    /// for the molecule, a clone taken before and a clone taken after it was first written,
    /// and keeping it changes neither the `Debug` form nor the string.
    #[test]
    fn the_kept_canonical_smiles_is_the_written_one() {
        for smiles in [
            "OCC",
            "C1=CC=CC=C1CN1CCCNCC1",
            "F/C=C/[C@H](N)C(=O)O",
            "[NH4+].[Cl-]",
        ] {
            let molecule: Molecule = smiles.parse().unwrap();
            let early = molecule.clone();
            let debug = format!("{molecule:?}");
            let first = molecule.to_string();
            assert_eq!(first, crate::write::canonical_smiles(&molecule), "{smiles}");
            assert_eq!(molecule.to_string(), first);
            assert_eq!(molecule.clone().to_string(), first);
            assert_eq!(early.to_string(), first);
            assert_eq!(format!("{molecule:?}"), debug);
            assert!(!debug.contains(&first), "{debug}");
            let reread: Molecule = first.parse().unwrap();
            assert_eq!(reread.to_string(), first, "{smiles}");
        }
    }
}
