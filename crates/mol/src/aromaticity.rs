//! Aromaticity perception.
//!
//! The model (documented in ARCHITECTURE.md) follows RDKit's default: a ring, or the envelope
//! of two fused rings, is aromatic when every atom can take part and the pi electrons they
//! give add up to 4n + 2. Contributions, from the Kekulé structure:
//!
//! | atom | electrons |
//! |---|---|
//! | a ring double bond (`C=C`, `C=N`, `[N+]=C`, `[O+]=C`) | 1 |
//! | exocyclic double bond to N, O or S (`C=O` of 2-pyridone) | 0 |
//! | exocyclic double bond to any other atom (benzylidene `C=C`) | 1 |
//! | N, P, As with three single connections (`[nH]`, N-R); O, S, Se, Te with two; `[C-]`, `[N-]` | 2 |
//! | `[C+]`, three-connected B | 0 |
//! | anything else (sp3, triple bonds, two double bonds) | cannot be aromatic |
//!
//! Cycles are the shortest cycle through each ring bond among candidate atoms (at most 24
//! atoms), which covers the smallest set of smallest rings of ordinary molecules, plus the
//! envelopes of fused pairs (azulene).

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};

use crate::molecule::Adjacency;
use crate::valence::can_be_aromatic;
use crate::{Atom, Bond, BondOrder, Element};

const NOT: u8 = u8::MAX;
const MAX_RING: usize = 24;

/// Sets `aromatic` on atoms and bonds of aromatic rings. Expects Kekulé bond orders and ring
/// membership.
pub(crate) fn perceive(graph: &mut UnGraph<Atom, Bond, u32>, adjacency: &Adjacency) {
    let n = graph.node_count();
    let mut electrons = vec![NOT; n];
    let mut candidates = 0;
    for index in 0..n {
        if graph[NodeIndex::new(index)].in_ring {
            electrons[index] = contribution(graph, adjacency, index);
            candidates += usize::from(electrons[index] != NOT);
        }
    }
    if candidates < 3 {
        return;
    }

    let bonds: Vec<(u32, u32, bool)> = graph
        .raw_edges()
        .iter()
        .map(|e| {
            (
                e.source().index() as u32,
                e.target().index() as u32,
                e.weight.in_ring,
            )
        })
        .collect();
    let mut search = Search::new(n);
    let mut cycles: Vec<Vec<u32>> = Vec::new(); // sorted bond indices
    let mut cycle_atoms: Vec<Vec<u32>> = Vec::new();
    for (index, &(a, b, in_ring)) in bonds.iter().enumerate() {
        if !in_ring || electrons[a as usize] == NOT || electrons[b as usize] == NOT {
            continue;
        }
        if let Some((atoms, mut ring_bonds)) =
            search.shortest_cycle(adjacency, &electrons, index as u32, a, b)
        {
            ring_bonds.sort_unstable();
            if !cycles.contains(&ring_bonds) {
                cycles.push(ring_bonds);
                cycle_atoms.push(atoms);
            }
        }
    }

    let huckel = |atoms: &[u32]| {
        let total: u32 = atoms
            .iter()
            .map(|&a| u32::from(electrons[a as usize]))
            .sum();
        total >= 2 && (total - 2) % 4 == 0
    };
    let mut aromatic_bond = vec![false; bonds.len()];
    let mut aromatic_cycle = vec![false; cycles.len()];
    for (i, atoms) in cycle_atoms.iter().enumerate() {
        if huckel(atoms) {
            aromatic_cycle[i] = true;
            for &bond in &cycles[i] {
                aromatic_bond[bond as usize] = true;
            }
        }
    }
    // Envelopes of two fused rings that are not aromatic on their own.
    if aromatic_cycle.iter().any(|&a| !a) && cycles.len() <= 64 {
        for i in 0..cycles.len() {
            for j in i + 1..cycles.len() {
                if aromatic_cycle[i] && aromatic_cycle[j] {
                    continue;
                }
                if !cycles[i].iter().any(|b| cycles[j].binary_search(b).is_ok()) {
                    continue;
                }
                let envelope: Vec<u32> = cycles[i]
                    .iter()
                    .filter(|b| cycles[j].binary_search(b).is_err())
                    .chain(
                        cycles[j]
                            .iter()
                            .filter(|b| cycles[i].binary_search(b).is_err()),
                    )
                    .copied()
                    .collect();
                if let Some(atoms) = simple_cycle_atoms(&envelope, &bonds) {
                    if huckel(&atoms) {
                        for &bond in &envelope {
                            aromatic_bond[bond as usize] = true;
                        }
                    }
                }
            }
        }
    }
    for (index, &aromatic) in aromatic_bond.iter().enumerate() {
        if aromatic {
            let (a, b, _) = bonds[index];
            graph[EdgeIndex::new(index)].aromatic = true;
            graph[NodeIndex::new(a as usize)].aromatic = true;
            graph[NodeIndex::new(b as usize)].aromatic = true;
        }
    }
}

/// Pi electrons an atom gives to an aromatic ring, or `NOT`.
fn contribution(graph: &UnGraph<Atom, Bond, u32>, adjacency: &Adjacency, index: usize) -> u8 {
    let atom = &graph[NodeIndex::new(index)];
    if !can_be_aromatic(atom.element) {
        return NOT;
    }
    let connections = adjacency.degree(index) + usize::from(atom.hydrogens);
    if connections > 3 {
        return NOT;
    }
    let mut double: Option<(u32, bool)> = None;
    for &(other, bond) in adjacency.neighbours(index) {
        let bond = &graph[EdgeIndex::new(bond as usize)];
        match bond.order {
            BondOrder::Single => {}
            BondOrder::Double if double.is_none() => double = Some((other, bond.in_ring)),
            _ => return NOT,
        }
    }
    let element = atom.element;
    match (double, atom.charge) {
        (Some((_, true)), _) => 1,
        (Some((other, false)), _) => {
            let partner = graph[NodeIndex::new(other as usize)].element;
            if matches!(partner, Element::N | Element::O | Element::S) {
                0
            } else {
                1
            }
        }
        (None, 0) => match element.0 {
            7 | 15 | 33 if connections == 3 => 2,
            8 | 16 | 34 | 52 if connections == 2 => 2,
            5 if connections == 3 => 0,
            _ => NOT,
        },
        (None, -1) => match element.0 {
            6 if connections == 3 => 2,
            7 | 15 if connections == 2 => 2,
            _ => NOT,
        },
        (None, 1) if element == Element::C && connections == 3 => 0,
        _ => NOT,
    }
}

/// Breadth-first search for the shortest cycle through one bond, reusing its buffers.
struct Search {
    stamp: Vec<u32>,
    parent: Vec<(u32, u32)>,
    depth: Vec<u8>,
    generation: u32,
    queue: std::collections::VecDeque<u32>,
}

impl Search {
    fn new(n: usize) -> Self {
        Search {
            stamp: vec![0; n],
            parent: vec![(u32::MAX, u32::MAX); n],
            depth: vec![0; n],
            generation: 0,
            queue: std::collections::VecDeque::new(),
        }
    }

    /// Atoms and bonds of the shortest cycle through bond `skip` = (`a`, `b`) among atoms with
    /// a contribution, if one of at most `MAX_RING` atoms exists.
    fn shortest_cycle(
        &mut self,
        adjacency: &Adjacency,
        electrons: &[u8],
        skip: u32,
        a: u32,
        b: u32,
    ) -> Option<(Vec<u32>, Vec<u32>)> {
        self.generation += 1;
        let generation = self.generation;
        self.queue.clear();
        self.stamp[a as usize] = generation;
        self.depth[a as usize] = 1;
        self.parent[a as usize] = (u32::MAX, u32::MAX);
        self.queue.push_back(a);
        while let Some(v) = self.queue.pop_front() {
            if usize::from(self.depth[v as usize]) >= MAX_RING {
                break;
            }
            for &(to, bond) in adjacency.neighbours(v as usize) {
                if bond == skip
                    || electrons[to as usize] == NOT
                    || self.stamp[to as usize] == generation
                {
                    continue;
                }
                self.stamp[to as usize] = generation;
                self.parent[to as usize] = (v, bond);
                self.depth[to as usize] = self.depth[v as usize] + 1;
                if to == b {
                    let mut atoms = vec![b];
                    let mut ring_bonds = vec![skip];
                    let mut at = b;
                    while at != a {
                        let (previous, bond) = self.parent[at as usize];
                        ring_bonds.push(bond);
                        atoms.push(previous);
                        at = previous;
                    }
                    return Some((atoms, ring_bonds));
                }
                self.queue.push_back(to);
            }
        }
        None
    }
}

/// The atoms of `bonds` when they form one simple cycle.
fn simple_cycle_atoms(bonds: &[u32], all: &[(u32, u32, bool)]) -> Option<Vec<u32>> {
    let mut atoms: Vec<u32> = bonds
        .iter()
        .flat_map(|&b| [all[b as usize].0, all[b as usize].1])
        .collect();
    atoms.sort_unstable();
    // Every atom appears exactly twice in a simple cycle.
    for pair in atoms.chunks(2) {
        if pair.len() != 2 || pair[0] != pair[1] {
            return None;
        }
    }
    atoms.dedup();
    if atoms.len() != bonds.len() {
        return None;
    }
    // Connected: walk from the first bond.
    let mut visited = vec![false; bonds.len()];
    let mut stack = vec![0usize];
    visited[0] = true;
    let mut seen = 1;
    while let Some(i) = stack.pop() {
        let (x, y, _) = all[bonds[i] as usize];
        for (j, &other) in bonds.iter().enumerate() {
            let (p, q, _) = all[other as usize];
            if !visited[j] && (p == x || p == y || q == x || q == y) {
                visited[j] = true;
                seen += 1;
                stack.push(j);
            }
        }
    }
    (seen == bonds.len()).then_some(atoms)
}

#[cfg(test)]
mod tests {
    use crate::Molecule;

    fn aromatic(smiles: &str) -> usize {
        let molecule: Molecule = smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"));
        molecule.aromatic_atom_count()
    }

    #[test]
    fn model() {
        assert_eq!(aromatic("C1=CC=CC=C1"), 6);
        assert_eq!(aromatic("c1ccc2ccccc2c1"), 10);
        assert_eq!(aromatic("c1cc[nH]c1"), 5);
        assert_eq!(aromatic("O=c1cc[nH]cc1"), 6);
        assert_eq!(aromatic("O=C1C=CC(=O)C=C1"), 0);
        assert_eq!(aromatic("C1=CC=CC1"), 0);
        assert_eq!(aromatic("c1cc2cccccc2c1"), 10); // azulene, by its envelope
        assert_eq!(aromatic("C1CNCCNC1"), 0);
        assert_eq!(aromatic("[O-][n+]1ccccc1"), 6);
        assert_eq!(aromatic("c1ccsc1"), 5);
        assert_eq!(aromatic("O=c1[nH]cnc2[nH]cnc12"), 9);
        // RDKit counts an exocyclic C=C as one electron: this diketopiperazine is aromatic.
        assert_eq!(aromatic("O=C1NC(=Cc2ccccc2)C(=O)NC1=Cc1ccccc1"), 18);
        assert_eq!(aromatic("S=c1[nH]ccc(=O)[nH]1"), 6);
    }
}
