//! Canonical ranking by partition refinement.
//!
//! Atoms start in cells of equal invariants (degree, element, isotope, charge, hydrogens,
//! aromaticity, ring membership, atom class). Cells are split by how many neighbours (per bond
//! type) each atom has in a splitter cell, Hopcroft style (a split re-queues all but its largest
//! part), until the partition is equitable: O((atoms + bonds) log atoms). The equitable cells
//! are the symmetry classes. Tetrahedral and cis/trans stereo whose references are already
//! distinguished then split cells further. Remaining ties are broken by individualising an
//! atom of a non-singleton cell (first the references of pseudo-asymmetric centres, then the
//! last atom of the first tied cell) and refining again, until every cell is a singleton; an
//! atom's rank is its final position. Where several pseudo-asymmetric centres are still
//! equivalent, each is tried first and the smallest result kept (a bounded search, see
//! [`Partition::break_ties`]).

use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::atom::IMPLICIT_H;
use crate::molecule::Adjacency;
use crate::{Chirality, Molecule};

/// Symmetry classes (cell start positions) after refinement with stereo, before tie breaking.
pub(crate) fn symmetry_classes(molecule: &Molecule) -> Vec<u32> {
    let mut partition = Partition::default();
    partition.reset(molecule);
    partition.refine_with_stereo(molecule);
    partition.cell.clone()
}

/// A canonical rank for every atom.
pub(crate) fn canonical_ranks(molecule: &Molecule) -> Vec<u32> {
    let mut partition = Partition::default();
    partition.rank(molecule);
    partition.position
}

/// At most this many leaves in the search over equivalent pseudo-asymmetric centres of
/// [`Partition::break_ties`] (each leaf is one more run of the tie breaking): 3 for a
/// 1-substituted adamantane, 6 for two in a symmetric molecule. Past it the first centre is
/// taken, as before the search existed.
const SEARCH_LEAVES: u32 = 24;

/// How many pseudo-asymmetric centres [`Partition::centres_to_settle`] looks at, from the
/// first not yet settled: a constant, so many equal components with such centres
/// (`C[C@H]1CC[C@@H](C)CC1` x 5,000) cost O(1) per settled centre, not a scan of the whole
/// class. Past it (a class of more than 64 unsettled centres, where 24 leaves could not try
/// them all anyway) the choice may depend on the atom order.
const SCAN_WINDOW: usize = 64;

/// The partition state that tie breaking changes, to try one branch and come back.
struct Snapshot {
    order: Vec<u32>,
    position: Vec<u32>,
    cell: Vec<u32>,
    cell_end: Vec<u32>,
    cells: usize,
    tied_from: u32,
    next_para: usize,
}

/// Partition refinement state. Its buffers are reused from one molecule to the next.
#[derive(Default)]
pub(crate) struct Partition {
    adjacency: Adjacency,
    /// `adjacency` holds the neighbour lists of the next molecule ranked already (handed
    /// over by the builder, see [`Partition::use_adjacency`]): [`Partition::reset`] keeps them.
    adjacency_ready: bool,
    /// The next molecule ranked is known to have no stereo marks (see
    /// [`Partition::assume_unmarked`]): [`Partition::reset`] does not look for them.
    unmarked: bool,
    bond_weight: Vec<u64>,
    /// Atoms in cell order.
    order: Vec<u32>,
    /// Position of each atom in `order`; after [`Partition::rank`], its canonical rank.
    position: Vec<u32>,
    /// Start of the cell of each atom.
    cell: Vec<u32>,
    /// For a cell start, one past its end.
    cell_end: Vec<u32>,
    /// Splitter cells to use, first in first out: read from `queue_head` on.
    queue: Vec<u32>,
    queue_head: usize,
    queued: Vec<bool>,
    count: Vec<u64>,
    /// Starts of the cells a split makes.
    starts: Vec<u32>,
    /// Sort keys of the touched atoms of one splitter: (cell, count) packed, and the atom.
    sort_keys: Vec<(u128, u32)>,
    /// Initial invariants packed with the atom index, for the first sort.
    packed: Vec<u128>,
    /// The invariants alone, then (without atom classes, at most 256 atoms) packed with the
    /// atom index in the low 8 bits.
    packed_small: Vec<u64>,
    /// Number of cells: once it reaches the atom count, nothing can split.
    cells: usize,
    /// Per-atom stereo keys of [`Partition::refine_with_stereo`], kept up to date between
    /// its rounds: an atom's key depends only on the cells of its neighbours (and, for a
    /// stereo double bond, of its partner's other neighbours), and a key once determined
    /// never changes, since cells only split in place.
    stereo_key: Vec<u32>,
    /// The keys must be computed for every atom (a new molecule, the stereo elements that
    /// count changed, or a restored snapshot).
    keys_stale: bool,
    /// Atoms whose cell changed since the keys were last brought up to date (only tracked
    /// for a molecule with marks).
    moved: Vec<u32>,
    /// Atoms whose key is to be computed again, flagged in `touched`.
    retouch: Vec<u32>,
    touched: Vec<bool>,
    /// Starts of the cells whose keys may now differ.
    key_cells: Vec<u32>,
    /// Stereo keys computed since the last [`Partition::reset`] (the work that was quadratic
    /// in the number of centres while every round computed every key).
    key_work: usize,
    /// Stereo elements that count, per atom and per bond (see `active`), and the
    /// candidate pseudo-asymmetric centres, kept between molecules.
    active_atoms: Vec<bool>,
    active_bonds: Vec<bool>,
    candidates: Vec<u32>,
    system: Vec<u32>,
    system_stack: Vec<u32>,
    system_count: Vec<u32>,
    /// Symmetry classes, kept by [`Partition::rank`] before tie breaking.
    classes: Vec<u32>,
    /// Tetrahedral centres whose mark counts although two of their references are
    /// symmetry-equivalent (ring pseudo-asymmetry, see [`Partition::para_centres`]).
    para: Vec<bool>,
    /// Whether only some stereo elements count in refinement (`active_atoms`,
    /// `active_bonds`): false before tie breaking (all count), then only atoms and bonds
    /// whose parity was defined by the symmetry classes or that are pseudo-asymmetric
    /// centres. Others carry marks that say nothing (`C[C@H]1CCCCC1`).
    active: bool,
    /// Pseudo-asymmetric centres by class, for tie breaking.
    para_order: Vec<u32>,
    /// The centres of `para_order` before this position are settled.
    next_para: usize,
    /// Every cell before this position is a singleton.
    tied_from: u32,
    /// The molecule has stereo marks (found once, in [`Partition::reset`]).
    stereo: bool,
}

impl Partition {
    /// Symmetry classes and canonical ranks of `molecule`, as [`Partition::classes`] and
    /// [`Partition::ranks`].
    pub(crate) fn rank(&mut self, molecule: &Molecule) {
        self.active = false;
        self.reset(molecule);
        self.refine_with_stereo(molecule);
        self.classes.clear();
        self.classes.extend_from_slice(&self.cell);
        self.para_centres(molecule);
        self.tied_from = 0;
        self.next_para = 0;
        self.break_ties(molecule, 1);
    }

    /// Individualises atoms until every cell is a singleton. A pseudo-asymmetric centre whose
    /// two equivalent references are still tied is settled first (see [`Partition::settle`]).
    /// When several such centres are still equivalent (same symmetry class, same cell), which
    /// one is settled first decides the relative marks written: each is tried, the rest of
    /// the tie breaking run after it, and the result with the smallest
    /// [`Partition::certificate`] kept, so the string does not depend on the input order
    /// (three bridgeheads of a 1-substituted adamantane, all-cis 1,3,5-trimethylcyclohexane).
    /// `width` is the product of the branch counts above this call: a search stops
    /// branching (takes the first centre) once it would pass [`SEARCH_LEAVES`] leaves.
    fn break_ties(&mut self, molecule: &Molecule, width: u32) {
        let mut candidates = Vec::new();
        loop {
            self.centres_to_settle(molecule, &mut candidates);
            if let Some(&first) = candidates.first() {
                let branches = candidates.len() as u32;
                if branches > 1 && width.saturating_mul(branches) <= SEARCH_LEAVES {
                    self.search(molecule, &candidates, width * branches);
                    return;
                }
                self.settle(molecule, first);
            } else if let Some(start) = self.first_tied_cell() {
                self.individualise(start);
            } else {
                break;
            }
            self.refine_with_stereo(molecule);
        }
    }

    /// Tries each of the equivalent `candidates` as the next centre settled, finishes the
    /// tie breaking after each, and keeps the partition with the smallest certificate.
    fn search(&mut self, molecule: &Molecule, candidates: &[u32], width: u32) {
        let start = self.snapshot();
        let mut best: Option<(Vec<[u32; 3]>, Snapshot)> = None;
        for &centre in candidates {
            self.restore(&start);
            self.settle(molecule, centre);
            self.refine_with_stereo(molecule);
            self.break_ties(molecule, width);
            let certificate = self.certificate(molecule);
            if best.as_ref().is_none_or(|(b, _)| certificate < *b) {
                best = Some((certificate, self.snapshot()));
            }
        }
        if let Some((_, snapshot)) = best {
            self.restore(&snapshot);
        }
    }

    /// The pseudo-asymmetric centres to settle next: those whose equivalent references are
    /// still tied, of the lowest symmetry class and then the lowest cell among them (empty
    /// when none is left), among the first [`SCAN_WINDOW`] centres not yet passed. Centres
    /// whose references are all distinguished are passed for good (cells only split).
    fn centres_to_settle(&mut self, molecule: &Molecule, out: &mut Vec<u32>) {
        out.clear();
        while let Some(&centre) = self.para_order.get(self.next_para) {
            if !self.any_tied(molecule, centre) {
                self.next_para += 1;
            } else {
                break;
            }
        }
        let mut best: Option<(u32, u32)> = None;
        let from = self.next_para.min(self.para_order.len());
        let to = (from + SCAN_WINDOW).min(self.para_order.len());
        for &centre in &self.para_order[from..to] {
            let class = self.classes[centre as usize];
            if best.is_some_and(|(c, _)| class > c) {
                break;
            }
            if self.tied_pair(molecule, centre).is_none() {
                continue;
            }
            let key = (class, self.cell[centre as usize]);
            match best {
                Some(b) if key > b => {}
                Some(b) if key == b => out.push(centre),
                _ => {
                    best = Some(key);
                    out.clear();
                    out.push(centre);
                }
            }
        }
    }

    /// Settles a pseudo-asymmetric centre whose two equivalent references are tied: of the
    /// two, the one that makes the centre's parity `false` is individualised (placed last in
    /// its cell), so the centre's own mark is normalised and the marks of the others are
    /// relative to it (cis and trans differ; either spelling of one gives one string).
    fn settle(&mut self, molecule: &Molecule, centre: u32) {
        let Some((x, y)) = self.tied_pair(molecule, centre) else {
            return;
        };
        let chirality = &molecule.graph()[NodeIndex::new(centre as usize)].chirality;
        let start = self.cell[x as usize];
        let last = self.cell_end[start as usize] - 1;
        let parity_if = |chosen: u32| {
            parity_by(chirality, |n| {
                if n == chosen {
                    last
                } else if n == x || n == y {
                    start
                } else {
                    self.cell[n as usize]
                }
            })
        };
        let chosen = if parity_if(x) == Some(false) { x } else { y };
        self.individualise_atom(chosen);
    }

    /// What a discrete partition says of the molecule, to compare the leaves of
    /// [`Partition::search`]: the bonds as (rank, rank, type), then every written
    /// tetrahedral mark as (rank, parity) and every written double bond as (rank, rank,
    /// cis), parities under the ranks. Leaves with the same certificate give the same
    /// string.
    fn certificate(&self, molecule: &Molecule) -> Vec<[u32; 3]> {
        let graph = molecule.graph();
        let rank = |a: NodeIndex<u32>| self.position[a.index()];
        let mut out: Vec<[u32; 3]> = graph
            .raw_edges()
            .iter()
            .map(|edge| {
                let (a, b) = (rank(edge.source()), rank(edge.target()));
                // Aromatic bonds by their flag alone: their stored Kekulé order depends on the input.
                let code = if edge.weight.aromatic {
                    0
                } else {
                    edge.weight.order as u32 + 1
                };
                [a.min(b), a.max(b), code]
            })
            .collect();
        out.sort_unstable();
        let bonds = out.len();
        for (index, atom) in graph.node_weights().enumerate() {
            if self.para[index] || tetrahedral_parity(&atom.chirality, &self.classes).is_some() {
                if let Some(parity) = tetrahedral_parity(&atom.chirality, &self.position) {
                    out.push([u32::MAX, self.position[index], u32::from(parity)]);
                }
            }
        }
        for index in 0..graph.edge_count() {
            let edge = EdgeIndex::new(index);
            if double_bond_parity(molecule, edge, &self.classes).is_none() {
                continue;
            }
            if let (Some(cis), Some((a, b))) = (
                double_bond_parity(molecule, edge, &self.position),
                graph.edge_endpoints(edge),
            ) {
                let (a, b) = (rank(a), rank(b));
                out.push([a.min(b), a.max(b), 2 + u32::from(cis)]);
            }
        }
        out[bonds..].sort_unstable();
        out
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            order: self.order.clone(),
            position: self.position.clone(),
            cell: self.cell.clone(),
            cell_end: self.cell_end.clone(),
            cells: self.cells,
            tied_from: self.tied_from,
            next_para: self.next_para,
        }
    }

    fn restore(&mut self, snapshot: &Snapshot) {
        self.order.clone_from(&snapshot.order);
        self.position.clone_from(&snapshot.position);
        self.cell.clone_from(&snapshot.cell);
        self.cell_end.clone_from(&snapshot.cell_end);
        self.cells = snapshot.cells;
        self.tied_from = snapshot.tied_from;
        self.next_para = snapshot.next_para;
        self.keys_stale = true;
    }

    /// Pseudo-asymmetric centres from the symmetry classes: tetrahedral ring atoms whose
    /// equivalent references are one group of two or three ring neighbours
    /// ([`Partition::has_tied_ring_references`]), in a ring system with at least one other
    /// such centre (cis- and trans-1,4-dimethylcyclohexane, the four bridgeheads of a
    /// 1-substituted adamantane; not methylcyclohexane, nor C1 of
    /// trans-3,5-dimethylcyclohexanol, where the pair of true centres C3 and C5 is what
    /// makes C2 and C6 equivalent). Their marks are written: a swap of two equivalent
    /// references of one of them, the others kept, is another stereoisomer of the graph (the
    /// 16 mark sets of a 1-substituted adamantane fall in 4 classes under its automorphisms,
    /// as the `InChI` `/t` layer has it; `scripts/stereo_orbits_rdkit.py`). Also fixes which
    /// stereo elements count in tie breaking.
    fn para_centres(&mut self, molecule: &Molecule) {
        let graph = molecule.graph();
        let n = graph.node_count();
        self.para.clear();
        self.para.resize(n, false);
        self.para_order.clear();
        self.active = true;
        self.keys_stale = true;
        if !self.stereo {
            // No marks: nothing counts, and refinement never looks at the flags.
            return;
        }
        let mut atoms = std::mem::take(&mut self.active_atoms);
        let mut bonds = std::mem::take(&mut self.active_bonds);
        let mut candidates = std::mem::take(&mut self.candidates);
        atoms.clear();
        atoms.resize(n, false);
        bonds.clear();
        bonds.extend((0..graph.edge_count()).map(|index| {
            double_bond_parity(molecule, EdgeIndex::new(index), &self.classes).is_some()
        }));
        candidates.clear();
        for (index, atom) in graph.node_weights().enumerate() {
            if tetrahedral_parity(&atom.chirality, &self.classes).is_some() {
                atoms[index] = true;
            } else if atom.in_ring && self.has_tied_ring_references(molecule, index) {
                candidates.push(index as u32);
            }
        }
        if !candidates.is_empty() {
            // Ring systems: components over ring bonds.
            let system = &mut self.system;
            let stack = &mut self.system_stack;
            let count = &mut self.system_count;
            system.clear();
            system.resize(n, u32::MAX);
            stack.clear();
            count.clear();
            for &c in &candidates {
                if system[c as usize] != u32::MAX {
                    continue;
                }
                let label = count.len() as u32;
                count.push(0u32);
                system[c as usize] = label;
                stack.push(c);
                while let Some(a) = stack.pop() {
                    for &(other, bond) in self.adjacency.neighbours(a as usize) {
                        if graph[EdgeIndex::new(bond as usize)].in_ring
                            && system[other as usize] == u32::MAX
                        {
                            system[other as usize] = label;
                            stack.push(other);
                        }
                    }
                }
            }
            // Candidates are in ring atoms, listed once each in increasing order.
            for &c in &candidates {
                count[system[c as usize] as usize] += 1;
            }
            for &c in &candidates {
                if count[system[c as usize] as usize] >= 2 {
                    self.para[c as usize] = true;
                    atoms[c as usize] = true;
                    self.para_order.push(c);
                }
            }
            let classes = &self.classes;
            self.para_order
                .sort_unstable_by_key(|&c| (classes[c as usize], c));
        }
        self.active_atoms = atoms;
        self.active_bonds = bonds;
        self.candidates = candidates;
    }

    /// Whether the references of a tetrahedral ring atom that share a class under the
    /// symmetry classes are one group of two or three, all ring neighbours: a candidate
    /// pseudo-asymmetric centre (C1 of a 1,4-disubstituted cyclohexane, a bridgehead of a
    /// 1-substituted adamantane with two, its C1 with three).
    fn has_tied_ring_references(&self, molecule: &Molecule, index: usize) -> bool {
        let Chirality::Tetrahedral { neighbours, .. } =
            molecule.graph()[NodeIndex::new(index)].chirality
        else {
            return false;
        };
        let class = |n: u32| (n != IMPLICIT_H).then(|| self.classes[n as usize]);
        let mut tied = [false; 4];
        let mut group = None;
        for i in 0..4 {
            for j in i + 1..4 {
                if class(neighbours[i]).is_some() && class(neighbours[i]) == class(neighbours[j]) {
                    if group.is_some_and(|g| Some(g) != class(neighbours[i])) {
                        return false;
                    }
                    group = class(neighbours[i]);
                    tied[i] = true;
                    tied[j] = true;
                }
            }
        }
        let members = tied.iter().filter(|&&t| t).count();
        let ring_bond = |other: u32| {
            self.adjacency.neighbours(index).iter().any(|&(o, bond)| {
                o == other && molecule.graph()[EdgeIndex::new(bond as usize)].in_ring
            })
        };
        (2..=3).contains(&members) && (0..4).all(|i| !tied[i] || ring_bond(neighbours[i]))
    }

    /// Whether two references of a tetrahedral centre (not the implicit hydrogen) still
    /// share a cell.
    fn any_tied(&self, molecule: &Molecule, centre: u32) -> bool {
        let Chirality::Tetrahedral { neighbours, .. } =
            molecule.graph()[NodeIndex::new(centre as usize)].chirality
        else {
            return false;
        };
        let class = |n: u32| (n != IMPLICIT_H).then(|| self.cell[n as usize]);
        (0..4).any(|i| {
            (i + 1..4).any(|j| {
                class(neighbours[i]).is_some() && class(neighbours[i]) == class(neighbours[j])
            })
        })
    }

    /// The two references of a pseudo-asymmetric centre while they share a cell.
    fn tied_pair(&self, molecule: &Molecule, centre: u32) -> Option<(u32, u32)> {
        let Chirality::Tetrahedral { neighbours, .. } =
            molecule.graph()[NodeIndex::new(centre as usize)].chirality
        else {
            return None;
        };
        tied_references(&neighbours, &self.cell)
    }

    /// Whether the molecule of the last [`Partition::rank`] has stereo marks (tetrahedral or
    /// on a double bond).
    pub(crate) fn has_marks(&self) -> bool {
        self.stereo
    }

    /// Pseudo-asymmetric centres from the last [`Partition::rank`], per atom.
    pub(crate) fn para(&self) -> &[bool] {
        &self.para
    }

    /// Takes `adjacency`, the neighbour lists (in bond order, as [`Adjacency::rebuild`]
    /// makes them) of the molecule ranked next, in exchange for this partition's buffers.
    pub(crate) fn use_adjacency(&mut self, adjacency: &mut Adjacency) {
        std::mem::swap(&mut self.adjacency, adjacency);
        self.adjacency_ready = true;
    }

    /// Tells the partition that the molecule ranked next has no stereo marks (tetrahedral or
    /// on a double bond), which the caller knows from how it was built.
    pub(crate) fn assume_unmarked(&mut self) {
        self.unmarked = true;
    }

    /// Exchanges the neighbour lists of the molecule of the last [`Partition::rank`] (in
    /// bond order) with `other`; [`Partition::reset`] builds them again for the next.
    pub(crate) fn swap_adjacency(&mut self, other: &mut Adjacency) {
        std::mem::swap(&mut self.adjacency, other);
    }

    /// Symmetry classes from the last [`Partition::rank`].
    pub(crate) fn classes(&self) -> &[u32] {
        &self.classes
    }

    /// Canonical ranks from the last [`Partition::rank`].
    pub(crate) fn ranks(&self) -> &[u32] {
        &self.position
    }

    /// The partition of `molecule` by initial invariants, every cell queued.
    fn reset(&mut self, molecule: &Molecule) {
        let graph = molecule.graph();
        let n = graph.node_count();
        self.stereo = !std::mem::take(&mut self.unmarked) && has_stereo(molecule);
        self.keys_stale = true;
        self.moved.clear();
        self.key_work = 0;
        if !std::mem::take(&mut self.adjacency_ready) {
            self.adjacency.rebuild(graph);
        }
        let adjacency = &self.adjacency;
        self.bond_weight.clear();
        self.bond_weight
            .extend(graph.raw_edges().iter().map(|edge| {
                let code = if edge.weight.aromatic {
                    4
                } else {
                    edge.weight.order as u64 - 1
                };
                1u64 << (12 * code)
            }));
        // By key, ties in input order: the key and the atom packed in one integer, so the
        // sort compares plain numbers. The invariants leave the low 8 bits free, so without
        // atom classes and with at most 256 atoms one u64 holds both (the same order as the
        // u128 form, which keeps the class between the invariants and the atom).
        self.packed_small.clear();
        let mut any_class = false;
        for (index, atom) in graph.node_weights().enumerate() {
            let packed = (adjacency.degree(index).min(255) as u64) << 56
                | u64::from(atom.element.0) << 48
                | u64::from(atom.isotope.unwrap_or(0)) << 32
                | u64::from((atom.charge as i16 + 128) as u8) << 24
                | u64::from(atom.hydrogens) << 16
                | u64::from(atom.aromatic) << 9
                | u64::from(atom.in_ring) << 8;
            any_class |= atom.class.unwrap_or(0) != 0;
            self.packed_small.push(packed);
        }
        self.order.clear();
        let small = !any_class && n <= 256;
        if small {
            for (index, packed) in self.packed_small.iter_mut().enumerate() {
                *packed |= index as u64;
            }
            self.packed_small.sort_unstable();
            self.order
                .extend(self.packed_small.iter().map(|&p| (p & 0xff) as u32));
        } else {
            self.packed.clear();
            self.packed
                .extend(graph.node_weights().enumerate().map(|(index, atom)| {
                    u128::from(self.packed_small[index]) << 64
                        | u128::from(atom.class.unwrap_or(0)) << 32
                        | index as u128
                }));
            self.packed.sort_unstable();
            self.order.extend(self.packed.iter().map(|&p| p as u32));
        }
        // A new cell where the invariants (and class) change.
        let packed_small = &self.packed_small;
        let packed = &self.packed;
        let new_cell = |p: usize| {
            if small {
                packed_small[p] >> 8 != packed_small[p - 1] >> 8
            } else {
                packed[p] >> 32 != packed[p - 1] >> 32
            }
        };
        let reset = |v: &mut Vec<u32>| {
            v.clear();
            v.resize(n, 0);
        };
        reset(&mut self.position);
        reset(&mut self.cell);
        reset(&mut self.cell_end);
        self.queue.clear();
        self.queue_head = 0;
        self.queued.clear();
        self.queued.resize(n, false);
        self.count.clear();
        self.count.resize(n, 0);
        let mut start = 0;
        self.cells = usize::from(n > 0);
        for p in 0..n {
            let atom = self.order[p] as usize;
            self.position[atom] = p as u32;
            if p > 0 && new_cell(p) {
                self.cell_end[start] = p as u32;
                self.queue.push(start as u32);
                self.queued[start] = true;
                self.cells += 1;
                start = p;
            }
            self.cell[atom] = start as u32;
        }
        if n > 0 {
            self.cell_end[start] = n as u32;
            self.queue.push(start as u32);
            self.queued[start] = true;
        }
    }

    fn enqueue(&mut self, start: u32) {
        if !self.queued[start as usize] {
            self.queued[start as usize] = true;
            self.queue.push(start);
        }
    }

    /// Splits cells until the partition is equitable. Atoms in singleton cells are not
    /// counted (they cannot split), and refinement ends as soon as every cell is a singleton.
    fn refine(&mut self) {
        let n = self.order.len();
        while let Some(&splitter) = self.queue.get(self.queue_head) {
            self.queue_head += 1;
            self.queued[splitter as usize] = false;
            if self.cells == n {
                for &start in &self.queue[self.queue_head..] {
                    self.queued[start as usize] = false;
                }
                break;
            }
            let end = self.cell_end[splitter as usize];
            let mut keys = std::mem::take(&mut self.sort_keys);
            keys.clear();
            for p in splitter..end {
                let atom = self.order[p as usize] as usize;
                for &(other, bond) in self.adjacency.neighbours(atom) {
                    let o = other as usize;
                    let cell = self.cell[o];
                    if self.cell_end[cell as usize] - cell == 1 {
                        continue;
                    }
                    if self.count[o] == 0 {
                        keys.push((0, other));
                    }
                    self.count[o] += self.bond_weight[bond as usize];
                }
            }
            if !keys.is_empty() {
                // Touched atoms by (cell, count), ties in the order they were touched.
                for entry in keys.iter_mut() {
                    let a = entry.1 as usize;
                    entry.0 = u128::from(self.cell[a]) << 64 | u128::from(self.count[a]);
                }
                if keys.len() <= 32 {
                    insertion_sort(&mut keys);
                } else {
                    keys.sort_by_key(|&(key, _)| key);
                }
                let mut i = 0;
                while i < keys.len() {
                    let start = (keys[i].0 >> 64) as u32;
                    let mut j = i + 1;
                    while j < keys.len() && (keys[j].0 >> 64) as u32 == start {
                        j += 1;
                    }
                    self.split(start, &keys[i..j]);
                    i = j;
                }
                for &(_, atom) in &keys {
                    self.count[atom as usize] = 0;
                }
            }
            self.sort_keys = keys;
        }
        self.queue.clear();
        self.queue_head = 0;
    }

    /// Splits cell `start` by the counts of `group` (its touched atoms with their
    /// (cell, count) keys, sorted); untouched atoms (count 0) stay first.
    fn split(&mut self, start: u32, group: &[(u128, u32)]) {
        let end = self.cell_end[start as usize];
        let size = (end - start) as usize;
        if size == 1 {
            return;
        }
        // The count is the low half of the key.
        let count = |i: usize| group[i].0 as u64;
        if group.len() == size && count(0) == count(group.len() - 1) {
            return;
        }
        // Move the touched atoms to the end of the cell, in count order.
        let base = end as usize - group.len();
        for (i, &(_, atom)) in group.iter().enumerate() {
            let target = base + i;
            let from = self.position[atom as usize] as usize;
            let displaced = self.order[target];
            self.order.swap(from, target);
            self.position[displaced as usize] = from as u32;
            self.position[atom as usize] = target as u32;
        }
        // New cells: [start, base) if non-empty, then runs of equal counts.
        let mut starts = std::mem::take(&mut self.starts);
        starts.clear();
        if base > start as usize {
            starts.push(start);
        }
        let mut run = base;
        for i in 0..group.len() {
            if i > 0 && count(i) != count(i - 1) {
                starts.push(run as u32);
                run = base + i;
            }
        }
        starts.push(run as u32);
        self.cells += starts.len() - 1;
        let mut largest = 0;
        let mut largest_size = 0;
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(end);
            self.cell_end[s as usize] = e;
            // The untouched part keeps its start; only moved atoms change cell.
            if s as usize >= base {
                for p in s..e {
                    let atom = self.order[p as usize];
                    self.cell[atom as usize] = s;
                    if self.stereo {
                        self.moved.push(atom);
                    }
                }
            }
            if e - s > largest_size {
                largest_size = e - s;
                largest = k;
            }
        }
        let was_queued = self.queued[start as usize];
        for (k, &s) in starts.iter().enumerate() {
            if was_queued || k != largest {
                self.enqueue(s);
            }
        }
        self.starts = starts;
    }

    /// Splits the cells starting at `starts` (in increasing order) by an extra per-atom key
    /// (stereo), queueing every new cell. Returns whether anything split.
    fn split_by_key(&mut self, key: &[u32], starts: &[u32]) -> bool {
        let mut changed = false;
        for &start in starts {
            let start = start as usize;
            let end = self.cell_end[start] as usize;
            let first = key[self.order[start] as usize];
            if (start..end).any(|p| key[self.order[p] as usize] != first) {
                self.order[start..end].sort_by_key(|&a| key[a as usize]);
                let mut s = start;
                for p in start..=end {
                    if p == end
                        || (p > start
                            && key[self.order[p] as usize] != key[self.order[p - 1] as usize])
                    {
                        if p > s {
                            if s > start {
                                self.cells += 1;
                            }
                            self.cell_end[s] = p as u32;
                            for q in s..p {
                                let atom = self.order[q];
                                self.cell[atom as usize] = s as u32;
                                self.position[atom as usize] = q as u32;
                                if s > start {
                                    self.moved.push(atom);
                                }
                            }
                            self.enqueue(s as u32);
                        }
                        s = p;
                    }
                }
                changed = true;
            }
        }
        changed
    }

    /// Refines with the stereo keys until nothing splits. The first round computes every
    /// key; later rounds only those next to an atom that changed cell, and look only at the
    /// cells where a key changed, so tie breaking over many stereo centres (equal
    /// components, long chains) stays linear overall.
    fn refine_with_stereo(&mut self, molecule: &Molecule) {
        self.refine();
        if !self.stereo {
            return;
        }
        let mut key = std::mem::take(&mut self.stereo_key);
        let mut starts = std::mem::take(&mut self.key_cells);
        loop {
            if self.cells == self.order.len() {
                break;
            }
            starts.clear();
            if self.keys_stale {
                let active = self
                    .active
                    .then_some((&self.active_atoms[..], &self.active_bonds[..]));
                stereo_keys(molecule, &self.cell, active, &mut key);
                self.key_work += key.len();
                self.keys_stale = false;
                self.moved.clear();
                let mut start = 0;
                while start < self.order.len() {
                    starts.push(start as u32);
                    start = self.cell_end[start] as usize;
                }
            } else {
                self.update_keys(molecule, &mut key, &mut starts);
            }
            if !self.split_by_key(&key, &starts) {
                break;
            }
            self.refine();
        }
        self.stereo_key = key;
        self.key_cells = starts;
    }

    /// Brings `key` up to date after atoms moved cell: computes again the key of every atom
    /// next to a moved one (and the partner of its stereo double bonds), and lists the
    /// starts of the cells where a key changed, in increasing order.
    fn update_keys(&mut self, molecule: &Molecule, key: &mut [u32], starts: &mut Vec<u32>) {
        let graph = molecule.graph();
        let edges = graph.raw_edges();
        let mut moved = std::mem::take(&mut self.moved);
        let mut retouch = std::mem::take(&mut self.retouch);
        retouch.clear();
        self.touched.resize(self.order.len(), false);
        for &atom in &moved {
            for &(x, _) in self.adjacency.neighbours(atom as usize) {
                if !self.touched[x as usize] {
                    self.touched[x as usize] = true;
                    retouch.push(x);
                }
                for &(y, bond) in self.adjacency.neighbours(x as usize) {
                    if edges[bond as usize].weight.stereo.is_some() && !self.touched[y as usize] {
                        self.touched[y as usize] = true;
                        retouch.push(y);
                    }
                }
            }
        }
        moved.clear();
        self.moved = moved;
        self.key_work += retouch.len();
        for &atom in &retouch {
            self.touched[atom as usize] = false;
            let new = self.atom_key(molecule, atom);
            if new != key[atom as usize] {
                key[atom as usize] = new;
                starts.push(self.cell[atom as usize]);
            }
        }
        self.retouch = retouch;
        starts.sort_unstable();
        starts.dedup();
    }

    /// One atom's key as [`stereo_keys`] computes it: its tetrahedral parity, then the cis
    /// flag of each of its stereo double bonds in bond order.
    fn atom_key(&self, molecule: &Molecule, atom: u32) -> u32 {
        let graph = molecule.graph();
        let index = atom as usize;
        let mut key = 0;
        if !self.active || self.active_atoms[index] {
            if let Some(parity) =
                tetrahedral_parity(&graph[NodeIndex::new(index)].chirality, &self.cell)
            {
                key = 1 + u32::from(parity);
            }
        }
        let edges = graph.raw_edges();
        let counts = |bond: u32| {
            edges[bond as usize].weight.stereo.is_some()
                && (!self.active || self.active_bonds[bond as usize])
        };
        let mut bonds: Vec<u32> = self
            .adjacency
            .neighbours(index)
            .iter()
            .map(|&(_, bond)| bond)
            .filter(|&bond| counts(bond))
            .collect();
        bonds.sort_unstable();
        for bond in bonds {
            if let Some(cis) =
                double_bond_parity(molecule, EdgeIndex::new(bond as usize), &self.cell)
            {
                key = key * 3 + 1 + u32::from(cis);
            }
        }
        key
    }

    /// The first cell of more than one atom. Cells only split, so the singletons in front
    /// are skipped once: the whole tie breaking scans the partition once.
    fn first_tied_cell(&mut self) -> Option<u32> {
        let mut start = self.tied_from as usize;
        while start < self.order.len() {
            let end = self.cell_end[start] as usize;
            if end - start > 1 {
                self.tied_from = start as u32;
                return Some(start as u32);
            }
            start = end;
        }
        self.tied_from = start as u32;
        None
    }

    /// Gives `chosen` a cell of its own in front of the rest of its cell.
    fn individualise_atom(&mut self, chosen: u32) {
        let start = self.cell[chosen as usize];
        self.individualise_at(start, chosen);
    }

    /// Gives the last atom of a tied cell a cell of its own, at the end: O(1), the rest of
    /// the cell keeps its start. (Any atom would do when the tied cell is an automorphism
    /// orbit; the last avoids a scan, so many equal components stay linear.)
    fn individualise(&mut self, start: u32) {
        let end = self.cell_end[start as usize];
        let chosen = self.order[end as usize - 1];
        self.individualise_at(start, chosen);
    }

    fn individualise_at(&mut self, start: u32, chosen: u32) {
        let end = self.cell_end[start as usize];
        let last = end - 1;
        let from = self.position[chosen as usize] as usize;
        let displaced = self.order[last as usize];
        self.order.swap(from, last as usize);
        self.position[displaced as usize] = from as u32;
        self.position[chosen as usize] = last;
        self.cell_end[start as usize] = last;
        self.cell_end[last as usize] = end;
        self.cell[chosen as usize] = last;
        if self.stereo {
            self.moved.push(chosen);
        }
        self.cells += 1;
        self.enqueue(last);
    }
}

fn has_stereo(molecule: &Molecule) -> bool {
    let graph = molecule.graph();
    graph
        .node_weights()
        .any(|a| matches!(a.chirality, Chirality::Tetrahedral { .. }))
        || graph.edge_weights().any(|b| b.stereo.is_some())
}

/// Sorts by key, ties in their order: for the short runs of refinement, where it beats the
/// library sort.
fn insertion_sort(keys: &mut [(u128, u32)]) {
    for i in 1..keys.len() {
        let item = keys[i];
        let mut j = i;
        while j > 0 && keys[j - 1].0 > item.0 {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = item;
    }
}

/// Parity of the permutation that sorts `values` (distinct), true when odd.
pub(crate) fn odd_permutation(values: &[u32]) -> bool {
    let mut odd = false;
    for i in 0..values.len() {
        for j in i + 1..values.len() {
            if values[i] > values[j] {
                odd = !odd;
            }
        }
    }
    odd
}

/// Per-atom stereo keys under the current cells, into `key`: 0 where undetermined or
/// inactive.
fn stereo_keys(
    molecule: &Molecule,
    cell: &[u32],
    active: Option<(&[bool], &[bool])>,
    key: &mut Vec<u32>,
) {
    let graph = molecule.graph();
    key.clear();
    key.resize(graph.node_count(), 0);
    for (index, atom) in graph.node_weights().enumerate() {
        if active.is_some_and(|(atoms, _)| !atoms[index]) {
            continue;
        }
        if let Some(parity) = tetrahedral_parity(&atom.chirality, cell) {
            key[index] = 1 + u32::from(parity);
        }
    }
    for index in 0..graph.edge_count() {
        if active.is_some_and(|(_, bonds)| !bonds[index]) {
            continue;
        }
        let edge = EdgeIndex::new(index);
        if let Some(cis) = double_bond_parity(molecule, edge, cell) {
            if let Some((a, b)) = graph.edge_endpoints(edge) {
                for atom in [a, b] {
                    key[atom.index()] = key[atom.index()] * 3 + 1 + u32::from(cis);
                }
            }
        }
    }
}

/// Clockwise-ness of a tetrahedral centre with its neighbours in increasing class order, when
/// all four classes differ (the implicit hydrogen counts as lowest).
pub(crate) fn tetrahedral_parity(chirality: &Chirality, cell: &[u32]) -> Option<bool> {
    parity_by(chirality, |n| cell[n as usize])
}

/// [`tetrahedral_parity`] with the class of each neighbour from `class`.
fn parity_by(chirality: &Chirality, class: impl Fn(u32) -> u32) -> Option<bool> {
    let Chirality::Tetrahedral {
        neighbours,
        clockwise,
    } = chirality
    else {
        return None;
    };
    let classes: [u32; 4] = neighbours.map(|n| if n == IMPLICIT_H { 0 } else { class(n) + 1 });
    for i in 0..4 {
        for j in i + 1..4 {
            if classes[i] == classes[j] {
                return None;
            }
        }
    }
    Some(*clockwise ^ odd_permutation(&classes))
}

/// The two references (neither the implicit hydrogen) that share a class, when exactly two
/// of the four do.
fn tied_references(neighbours: &[u32; 4], cell: &[u32]) -> Option<(u32, u32)> {
    let class = |n: u32| (n != IMPLICIT_H).then(|| cell[n as usize]);
    let mut pair = None;
    for i in 0..4 {
        for j in i + 1..4 {
            if class(neighbours[i]).is_some() && class(neighbours[i]) == class(neighbours[j]) {
                if pair.is_some() {
                    return None;
                }
                pair = Some((neighbours[i], neighbours[j]));
            }
        }
    }
    pair
}

/// Whether the highest-class substituents on the two ends of a stereo double bond are cis,
/// when each end's substituents are distinguished.
pub(crate) fn double_bond_parity(
    molecule: &Molecule,
    edge: EdgeIndex<u32>,
    cell: &[u32],
) -> Option<bool> {
    let graph = molecule.graph();
    let stereo = graph[edge].stereo?;
    let (a, b) = graph.edge_endpoints(edge)?;
    let mut cis = stereo.cis;
    for (end, (atom, partner)) in [(a, b), (b, a)].into_iter().enumerate() {
        let reference = stereo.ends[end];
        let others: Vec<u32> = graph
            .neighbors(atom)
            .filter(|&n| n != partner)
            .map(|n| n.index() as u32)
            .collect();
        match others.as_slice() {
            [only] if *only == reference => {}
            [x, y] if cell[*x as usize] != cell[*y as usize] => {
                let highest = if cell[*x as usize] > cell[*y as usize] {
                    *x
                } else {
                    *y
                };
                if highest != reference {
                    cis = !cis;
                }
            }
            _ => return None,
        }
    }
    Some(cis)
}

#[cfg(test)]
mod tests {
    use crate::Molecule;

    fn classes(smiles: &str) -> Vec<u32> {
        smiles.parse::<Molecule>().unwrap().symmetry_classes()
    }

    #[test]
    fn homopiperazine_nitrogens() {
        let c = classes("C1CNCCNC1");
        assert_eq!(c[2], c[5]);
        let c = classes("CC(C)(C)OC(=O)N1CCCNCC1");
        assert_ne!(c[7], c[11]);
    }

    #[test]
    fn ranks_are_a_permutation() {
        let molecule: Molecule = "CC(C)(C)OC(=O)N1CCCNCC1".parse().unwrap();
        let mut ranks = molecule.canonical_ranks();
        ranks.sort_unstable();
        assert_eq!(ranks, (0..14).collect::<Vec<u32>>());
    }

    /// Regression: tie breaking over many equal components with pseudo-asymmetric centres
    /// computed every stereo key in every round (`C[C@H]1CC[C@@H](C)CC1` x 10,000: 19 s);
    /// now only the keys next to an atom that changed cell. Twice the copies, about twice
    /// the key computations (it was four times).
    #[test]
    fn stereo_keys_are_computed_again_only_next_to_atoms_that_moved() {
        let work = |copies: usize| {
            let smiles = vec!["C[C@H]1CC[C@@H](C)CC1"; copies].join(".");
            let molecule: Molecule = smiles.parse().unwrap();
            let mut partition = super::Partition::default();
            partition.rank(&molecule);
            partition.key_work
        };
        let (small, large) = (work(200), work(400));
        assert!(
            large <= small * 5 / 2,
            "{small} then {large} key computations"
        );
    }

    /// A long chain's classes are its mirror symmetry exactly: atom i and atom n-1-i share a
    /// class and no other atoms do (n/2 classes). A correctness test only; how fast long
    /// inputs are is measured by the benches, not asserted here.
    #[test]
    fn a_long_chain_has_exactly_its_mirror_symmetry() {
        let n = 200_000;
        let molecule: Molecule = "C".repeat(n).parse().unwrap();
        let classes = molecule.symmetry_classes();
        for i in [0, 1, 2, 777, n / 2 - 1] {
            assert_eq!(classes[i], classes[n - 1 - i], "{i}");
        }
        let distinct: std::collections::HashSet<_> = classes.iter().collect();
        assert_eq!(distinct.len(), n / 2);
    }
}
