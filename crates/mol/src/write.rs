//! Canonical SMILES writing: fold plain explicit hydrogens, rank atoms canonically, then write
//! a depth-first traversal that starts at the lowest-ranked atom of each component and visits
//! neighbours in rank order. Aromatic atoms are written in lower case with implicit aromatic
//! bonds; stereo marks are recomputed for the output order. Both passes are iterative.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use regiochem_smiles::RingNumber;

use crate::atom::IMPLICIT_H;
use crate::canon::{Partition, double_bond_parity, odd_permutation, tetrahedral_parity};
use crate::molecule::Adjacency;
use crate::valence::{implicit_hydrogens, normal_valences};
use crate::{Atom, Bond, BondOrder, Chirality, Element, Molecule};

const NONE: u32 = u32::MAX;

/// The canonical SMILES of a molecule.
pub(crate) fn canonical_smiles(molecule: &Molecule) -> String {
    let mut out = String::new();
    SmilesWriter::new().write(molecule, &mut out);
    out
}

/// Writes canonical SMILES (the same string as `Molecule`'s `Display`), keeping the working
/// buffers of ranking and writing between molecules: after the first few molecules it
/// allocates nothing.
///
/// ```
/// use regiochem_mol::{Molecule, SmilesWriter};
///
/// let mut writer = SmilesWriter::new();
/// let mut out = String::new();
/// for smiles in ["C1=CC=CC=C1CN1CCCNCC1", "OCC"] {
///     let molecule: Molecule = smiles.parse().unwrap();
///     out.clear();
///     writer.write(&molecule, &mut out);
///     assert_eq!(out, molecule.to_string());
/// }
/// ```
#[derive(Default)]
pub struct SmilesWriter {
    partition: Partition,
    scratch: Scratch,
}

impl std::fmt::Debug for SmilesWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmilesWriter").finish_non_exhaustive()
    }
}

impl SmilesWriter {
    /// A writer with empty buffers.
    pub fn new() -> Self {
        SmilesWriter::default()
    }

    /// Appends the canonical SMILES of `molecule` to `out`.
    pub fn write(&mut self, molecule: &Molecule, out: &mut String) {
        self.write_with(molecule, None, out);
    }

    /// [`SmilesWriter::write`], with what the caller knows of `molecule` (the builder that
    /// made it, [`crate::Builder::build_canonical`]): its neighbour lists, used unless
    /// hydrogens are folded (another graph) and left in exchange for other buffers, and
    /// whether it is known to have no stereo marks.
    pub(crate) fn write_with(
        &mut self,
        molecule: &Molecule,
        known: Option<(&mut Adjacency, bool)>,
        out: &mut String,
    ) {
        let folded = fold_hydrogens(molecule);
        if let Some((adjacency, unmarked)) = known {
            if matches!(folded, Cow::Borrowed(_)) {
                self.partition.use_adjacency(adjacency);
            }
            if unmarked {
                self.partition.assume_unmarked();
            }
        }
        let molecule = folded.as_ref();
        self.partition.rank(molecule);
        // The partition's neighbour lists are this molecule's: taken (the partition builds
        // its lists again for the next molecule), then sorted by rank.
        self.partition.swap_adjacency(&mut self.scratch.sorted);
        let classes = self.partition.classes();
        let ranks = self.partition.ranks();
        let para = self.partition.para();
        let mut writer = Writer::new(molecule, classes, ranks, para, &mut self.scratch);
        writer.has_marks = self.partition.has_marks();
        writer.write(out);
    }
}

/// A plain explicit hydrogen: `[H]` with no isotope, charge or class, on one heavy atom.
fn is_plain_hydrogen(molecule: &Molecule, index: usize) -> bool {
    let graph = molecule.graph();
    let node = NodeIndex::new(index);
    let atom = &graph[node];
    if atom.element != Element::H
        || atom.isotope.is_some()
        || atom.charge != 0
        || atom.class.is_some()
        || atom.hydrogens != 0
    {
        return false;
    }
    let mut edges = graph.edges(node);
    let (Some(edge), None) = (edges.next(), edges.next()) else {
        return false;
    };
    let other = if edge.source() == node {
        edge.target()
    } else {
        edge.source()
    };
    graph[other].element != Element::H && edge.weight().order == BondOrder::Single
}

/// The molecule with plain explicit hydrogens folded into their neighbours' counts.
fn fold_hydrogens(molecule: &Molecule) -> Cow<'_, Molecule> {
    let graph = molecule.graph();
    let n = graph.node_count();
    if !graph.node_weights().any(|a| a.element == Element::H) {
        return Cow::Borrowed(molecule);
    }
    // Hydrogens referenced by a double-bond configuration stay atoms.
    let mut keep = vec![false; n];
    for bond in graph.edge_weights() {
        if let Some(stereo) = bond.stereo {
            for end in stereo.ends {
                keep[end as usize] = true;
            }
        }
    }
    let fold: Vec<bool> = (0..n)
        .map(|i| !keep[i] && is_plain_hydrogen(molecule, i))
        .collect();
    if !fold.contains(&true) {
        return Cow::Borrowed(molecule);
    }
    let mut new_index = vec![NONE; n];
    let mut folded: UnGraph<Atom, Bond, u32> = UnGraph::with_capacity(n, graph.edge_count());
    for (index, atom) in graph.node_weights().enumerate() {
        if !fold[index] {
            new_index[index] = folded.add_node(atom.clone()).index() as u32;
        }
    }
    for edge in graph.raw_edges() {
        let (a, b) = (edge.source().index(), edge.target().index());
        match (fold[a], fold[b]) {
            (false, false) => {
                folded.add_edge(
                    NodeIndex::new(new_index[a] as usize),
                    NodeIndex::new(new_index[b] as usize),
                    edge.weight.clone(),
                );
            }
            (true, false) => folded[NodeIndex::new(new_index[b] as usize)].hydrogens += 1,
            (false, true) => folded[NodeIndex::new(new_index[a] as usize)].hydrogens += 1,
            (true, true) => {}
        }
    }
    let remap = |r: u32| {
        if r == IMPLICIT_H || fold[r as usize] {
            IMPLICIT_H
        } else {
            new_index[r as usize]
        }
    };
    for atom in folded.node_weights_mut() {
        if let Chirality::Tetrahedral { neighbours, .. } = &mut atom.chirality {
            for r in neighbours.iter_mut() {
                *r = remap(*r);
            }
        }
    }
    for bond in folded.edge_weights_mut() {
        if let Some(stereo) = &mut bond.stereo {
            for r in stereo.ends.iter_mut() {
                *r = remap(*r);
            }
        }
    }
    Cow::Owned(Molecule::from_graph(folded))
}

/// The writer's buffers, reused from one molecule to the next.
#[derive(Default)]
struct Scratch {
    /// Neighbours of each atom sorted by rank (filled by [`SmilesWriter::write`]).
    sorted: Adjacency,
    /// Atoms by rank.
    by_rank: Vec<u32>,
    /// Output position of each atom.
    visit: Vec<u32>,
    /// Parent of each atom in the depth-first tree and the bond to it (`NONE` for roots).
    parent: Vec<u32>,
    parent_bond: Vec<u32>,
    /// Direction mark per bond: 0, +1 for `/`, -1 for `\`, relative to the output order.
    marks: Vec<i8>,
    /// First atom of each component.
    roots: Vec<u32>,
    /// Whether each atom has a ring bond (one not in the depth-first tree).
    ring_atom: Vec<bool>,
    /// Depth-first stack: the ancestors of the atom being explored, each with the position
    /// of its next neighbour and the end of its list in the neighbour lists.
    stack: Vec<(u32, u32, u32)>,
    digits: Digits,
    /// Ring-bond number of each bond opened and not yet closed.
    digit_of: Vec<RingNumber>,
    tasks: Vec<Task>,
    /// Ring bonds of the atom being written, as (bond, partner): those it closes, then
    /// those it opens.
    closes: Vec<(u32, u32)>,
    opens: Vec<(u32, u32)>,
    /// Partners of those ring bonds, in the same order.
    partners: Vec<u32>,
    /// Valence each atom's bonds use as it will be read back (aromatic bonds count one).
    used: Vec<u32>,
    /// The symbol written for each bond without a direction mark (0 for none).
    bond_text: Vec<u8>,
}

/// What the writer does next.
enum Task {
    Atom(u32),
    Open,
    Close,
}

struct Writer<'a> {
    graph: &'a UnGraph<Atom, Bond, u32>,
    molecule: &'a Molecule,
    classes: &'a [u32],
    /// Pseudo-asymmetric centres: written although two references are equivalent.
    para: &'a [bool],
    /// The molecule has stereo marks.
    has_marks: bool,
    s: &'a mut Scratch,
}

impl<'a> Writer<'a> {
    fn new(
        molecule: &'a Molecule,
        classes: &'a [u32],
        ranks: &'a [u32],
        para: &'a [bool],
        s: &'a mut Scratch,
    ) -> Self {
        let graph = molecule.graph();
        let n = graph.node_count();
        s.sorted
            .sort_neighbours_by_key(|other| ranks[other as usize]);
        // Ranks are a permutation, so atoms by rank need no sorting.
        s.by_rank.clear();
        s.by_rank.resize(n, 0);
        for (atom, &rank) in ranks.iter().enumerate() {
            s.by_rank[rank as usize] = atom as u32;
        }
        for buffer in [&mut s.visit, &mut s.parent, &mut s.parent_bond] {
            buffer.clear();
            buffer.resize(n, NONE);
        }
        s.ring_atom.clear();
        s.ring_atom.resize(n, false);
        s.marks.clear();
        s.marks.resize(graph.edge_count(), 0);
        s.used.clear();
        s.used.resize(n, 0);
        s.bond_text.clear();
        let nodes = graph.raw_nodes();
        for edge in graph.raw_edges() {
            let weight = &edge.weight;
            let (x, y) = (edge.source().index(), edge.target().index());
            let valence = if weight.aromatic {
                1
            } else {
                u32::from(weight.order.valence())
            };
            s.used[x] += valence;
            s.used[y] += valence;
            s.bond_text.push(if weight.aromatic {
                0
            } else {
                match weight.order {
                    BondOrder::Single => {
                        if nodes[x].weight.aromatic && nodes[y].weight.aromatic {
                            b'-'
                        } else {
                            0
                        }
                    }
                    BondOrder::Double => b'=',
                    BondOrder::Triple => b'#',
                    BondOrder::Quadruple => b'$',
                }
            });
        }
        s.roots.clear();
        let mut writer = Writer {
            graph,
            molecule,
            classes,
            para,
            has_marks: true,
            s,
        };
        writer.traverse();
        writer
    }

    /// First pass: depth-first order and tree edges. Every other bond closes a ring: it joins
    /// an atom to one of its ancestors (see [`Writer::ring_bonds`]).
    fn traverse(&mut self) {
        let Scratch {
            sorted,
            by_rank,
            visit,
            parent,
            parent_bond,
            ring_atom,
            stack,
            roots,
            ..
        } = &mut *self.s;
        let mut counter = 0;
        stack.clear();
        for &root in by_rank.iter() {
            if visit[root as usize] != NONE {
                continue;
            }
            roots.push(root);
            visit[root as usize] = counter;
            counter += 1;
            // The atom being explored and its next neighbour-list position are kept out of
            // the stack, which holds only the atoms above it.
            let mut atom = root;
            let (mut next, mut end) = sorted.bounds(root as usize);
            loop {
                if next < end {
                    let (other, bond) = sorted.entry(next);
                    next += 1;
                    if bond == parent_bond[atom as usize] {
                        continue;
                    }
                    let o = other as usize;
                    if visit[o] == NONE {
                        visit[o] = counter;
                        counter += 1;
                        parent[o] = atom;
                        parent_bond[o] = bond;
                        stack.push((atom, next, end));
                        atom = other;
                        (next, end) = sorted.bounds(o);
                    } else {
                        // Seen already, and not by this bond: a ring bond.
                        ring_atom[atom as usize] = true;
                        ring_atom[o] = true;
                    }
                } else if let Some((up, up_next, up_end)) = stack.pop() {
                    (atom, next, end) = (up, up_next, up_end);
                } else {
                    break;
                }
            }
        }
    }

    /// The tree children of `a` with their bonds, in rank order.
    fn children(&self, a: usize) -> impl DoubleEndedIterator<Item = (u32, u32)> + '_ {
        let s = &*self.s;
        s.sorted
            .neighbours(a)
            .iter()
            .copied()
            .filter(move |&(other, bond)| s.parent_bond[other as usize] == bond)
    }

    /// Fills `closes` with the ring bonds `a` closes (to ancestors, in rank order), `opens`
    /// with those it opens (to descendants, in visit order) and `partners` with the atoms at
    /// their other ends, closes first.
    fn ring_bonds(&mut self, a: usize) {
        let s = &mut *self.s;
        s.closes.clear();
        s.opens.clear();
        s.partners.clear();
        if !s.ring_atom[a] {
            return;
        }
        for &(other, bond) in s.sorted.neighbours(a) {
            let o = other as usize;
            if bond == s.parent_bond[a] || s.parent_bond[o] == bond {
                continue; // tree edge
            }
            if s.visit[o] < s.visit[a] {
                s.closes.push((bond, other));
            } else {
                s.opens.push((bond, other));
            }
        }
        let visit = &s.visit;
        s.opens
            .sort_unstable_by_key(|&(_, partner)| visit[partner as usize]);
        s.partners
            .extend(s.closes.iter().chain(&s.opens).map(|&(_, partner)| partner));
    }

    fn write(mut self, out: &mut String) {
        // Without marks there is no stereo double bond to give directions to.
        if self.has_marks {
            self.assign_directions();
        }
        out.reserve(self.graph.node_count() * 2);
        self.s.digits.clear();
        self.s.digit_of.clear();
        self.s
            .digit_of
            .resize(self.graph.edge_count(), RingNumber::MAX);
        let mut tasks = std::mem::take(&mut self.s.tasks);
        tasks.clear();
        for i in 0..self.s.roots.len() {
            if i > 0 {
                out.push('.');
            }
            tasks.push(Task::Atom(self.s.roots[i]));
            while let Some(task) = tasks.pop() {
                match task {
                    Task::Open => out.push('('),
                    Task::Close => out.push(')'),
                    Task::Atom(atom) => {
                        let a = atom as usize;
                        if self.s.parent_bond[a] != NONE {
                            self.write_bond(out, self.s.parent_bond[a]);
                        }
                        self.ring_bonds(a);
                        self.write_atom(out, a, &self.s.partners);
                        let s = &mut *self.s;
                        for &(bond, _) in &s.closes {
                            let digit = s.digit_of[bond as usize];
                            write_digit(out, digit);
                            s.digits.release(digit);
                        }
                        for k in 0..self.s.opens.len() {
                            let bond = self.s.opens[k].0;
                            let digit = self.s.digits.take();
                            self.s.digit_of[bond as usize] = digit;
                            self.write_bond(out, bond);
                            write_digit(out, digit);
                        }
                        // Pushed last child first: every child but the last is a branch.
                        for (k, (child, _)) in self.children(a).rev().enumerate() {
                            if k == 0 {
                                tasks.push(Task::Atom(child));
                            } else {
                                tasks.push(Task::Close);
                                tasks.push(Task::Atom(child));
                                tasks.push(Task::Open);
                            }
                        }
                    }
                }
            }
        }
        self.s.tasks = tasks;
    }

    fn write_bond(&self, out: &mut String, bond: u32) {
        match self.s.marks[bond as usize] {
            1 => out.push('/'),
            -1 => out.push('\\'),
            _ => match self.s.bond_text[bond as usize] {
                0 => {}
                text => out.push(char::from(text)),
            },
        }
    }

    fn write_atom(&self, out: &mut String, a: usize, ring_partners: &[u32]) {
        let atom = &self.graph[NodeIndex::new(a)];
        let chirality = self.output_chirality(a, ring_partners);
        let symbol = atom.element.symbol();
        let aromatic_symbol = atom.aromatic && crate::valence::can_be_aromatic(atom.element);
        if chirality.is_none() && self.organic_form_matches(a) {
            push_symbol(out, symbol, aromatic_symbol);
            return;
        }
        out.push('[');
        if let Some(isotope) = atom.isotope {
            let _ = write!(out, "{isotope}");
        }
        push_symbol(out, symbol, aromatic_symbol);
        match chirality {
            Some(false) => out.push('@'),
            Some(true) => out.push_str("@@"),
            None => {}
        }
        match atom.hydrogens {
            0 => {}
            1 => out.push('H'),
            h => {
                let _ = write!(out, "H{h}");
            }
        }
        match atom.charge {
            0 => {}
            1 => out.push('+'),
            -1 => out.push('-'),
            c if c > 0 => {
                let _ = write!(out, "+{c}");
            }
            c => {
                let _ = write!(out, "{c}");
            }
        }
        if let Some(class) = atom.class {
            let _ = write!(out, ":{class}");
        }
        out.push(']');
    }

    /// Whether the atom reads back identically without brackets.
    fn organic_form_matches(&self, a: usize) -> bool {
        let atom = &self.graph[NodeIndex::new(a)];
        if atom.isotope.is_some() || atom.charge != 0 || atom.class.is_some() {
            return false;
        }
        if atom.element.0 == 0 {
            return atom.hydrogens == 0;
        }
        if normal_valences(atom.element).is_empty() {
            return false;
        }
        if atom.aromatic && !matches!(atom.element.0, 5 | 6 | 7 | 8 | 15 | 16) {
            return false;
        }
        // Valence as it will be read back: aromatic bonds count one.
        let Ok(used) = u8::try_from(self.s.used[a]) else {
            return false;
        };
        match implicit_hydrogens(atom.element, used, atom.aromatic) {
            Some((hydrogens, from_higher)) => {
                hydrogens == atom.hydrogens && !(from_higher && hydrogens > 0)
            }
            None => false,
        }
    }

    /// `Some(clockwise)` for a tetrahedral centre whose four references are distinguishable,
    /// expressed for the output neighbour order.
    fn output_chirality(&self, a: usize, ring_partners: &[u32]) -> Option<bool> {
        let atom = &self.graph[NodeIndex::new(a)];
        let Chirality::Tetrahedral {
            neighbours,
            clockwise,
        } = atom.chirality
        else {
            return None;
        };
        if !self.para[a] {
            tetrahedral_parity(&atom.chirality, self.classes)?;
        }
        // The neighbours in output order: parent, implicit hydrogen, ring bonds, children.
        let parent = self.s.parent[a];
        let hydrogen = neighbours.contains(&IMPLICIT_H).then_some(IMPLICIT_H);
        let mut output = (parent != NONE)
            .then_some(parent)
            .into_iter()
            .chain(hydrogen)
            .chain(ring_partners.iter().copied())
            .chain(self.children(a).map(|(child, _)| child));
        let mut written = [0u32; 4];
        for slot in &mut written {
            *slot = output.next()?;
        }
        if output.next().is_some() {
            return None;
        }
        // Position of each written neighbour in the stored order.
        let mut positions = [0u32; 4];
        for (position, w) in positions.iter_mut().zip(&written) {
            *position = neighbours.iter().position(|n| n == w)? as u32;
        }
        Some(clockwise ^ odd_permutation(&positions))
    }

    /// Chooses `/` and `\` marks for every stereo double bond whose ends are distinguishable.
    fn assign_directions(&mut self) {
        let mut stereo_bonds: Vec<u32> = (0..self.graph.edge_count() as u32)
            .filter(|&b| self.graph[EdgeIndex::new(b as usize)].stereo.is_some())
            .filter(|&b| {
                double_bond_parity(self.molecule, EdgeIndex::new(b as usize), self.classes)
                    .is_some()
            })
            .collect();
        if stereo_bonds.is_empty() {
            return;
        }
        let first = |w: &Self, b: u32| {
            let (x, y) = w
                .graph
                .edge_endpoints(EdgeIndex::new(b as usize))
                .unwrap_or_default();
            w.s.visit[x.index()].min(w.s.visit[y.index()])
        };
        stereo_bonds.sort_unstable_by_key(|&b| first(self, b));
        for bond in stereo_bonds {
            let edge = EdgeIndex::new(bond as usize);
            let Some(stereo) = self.graph[edge].stereo else {
                continue;
            };
            let Some((s, t)) = self.graph.edge_endpoints(edge) else {
                continue;
            };
            let (s, t) = (s.index() as u32, t.index() as u32);
            // (endpoint, partner, stored reference) with the endpoint written first first.
            let mut ends = [(s, t, stereo.ends[0]), (t, s, stereo.ends[1])];
            if self.s.visit[t as usize] < self.s.visit[s as usize] {
                ends.swap(0, 1);
            }
            let (a, b, ref_a) = ends[0];
            let (_, _, ref_b) = ends[1];
            let candidates = |w: &Self, atom: u32, partner: u32| -> Vec<(u32, u32)> {
                w.s.sorted
                    .neighbours(atom as usize)
                    .iter()
                    .copied()
                    .filter(|&(other, bond)| {
                        let weight = &w.graph[EdgeIndex::new(bond as usize)];
                        other != partner && (weight.order == BondOrder::Single || weight.aromatic)
                    })
                    .collect()
            };
            let side_of = |w: &Self, atom: u32, other: u32, mark: i8| {
                if w.s.visit[other as usize] < w.s.visit[atom as usize] {
                    mark
                } else {
                    -mark
                }
            };
            let left = candidates(self, a, b);
            let Some(&(x_a, bond_a)) = left
                .iter()
                .find(|&&(_, bond)| self.s.marks[bond as usize] != 0)
                .or_else(|| left.iter().min_by_key(|&&(o, _)| self.s.visit[o as usize]))
            else {
                continue;
            };
            let s_a = if self.s.marks[bond_a as usize] != 0 {
                side_of(self, a, x_a, self.s.marks[bond_a as usize])
            } else {
                self.s.marks[bond_a as usize] = side_of(self, a, x_a, 1);
                1
            };
            let mut right = candidates(self, b, a);
            right.sort_unstable_by_key(|&(o, _)| self.s.visit[o as usize]);
            for (y, bond_b) in right {
                let cis = stereo.cis ^ (x_a != ref_a) ^ (y != ref_b);
                let wanted = if cis { s_a } else { -s_a };
                let mark = self.s.marks[bond_b as usize];
                if mark == 0 {
                    self.s.marks[bond_b as usize] = side_of(self, b, y, wanted);
                    break;
                }
                if side_of(self, b, y, mark) == wanted {
                    break;
                }
            }
        }
    }
}

/// Ring-bond numbers: the lowest free one is taken, in O(log open) time (released numbers
/// in a min-heap, every number from `next` up free).
#[derive(Default)]
struct Digits {
    free: BinaryHeap<Reverse<u32>>,
    next: u32,
}

impl Digits {
    fn take(&mut self) -> RingNumber {
        let n = match self.free.pop() {
            Some(Reverse(n)) => n,
            None => {
                self.next += 1;
                self.next
            }
        };
        // Running out would take a billion ring bonds open at once (tens of gigabytes of
        // molecule); the largest number is then reused rather than panicking.
        RingNumber::new(n).unwrap_or(RingNumber::MAX)
    }

    fn release(&mut self, digit: RingNumber) {
        self.free.push(Reverse(digit.get()));
    }

    fn clear(&mut self) {
        self.free.clear();
        self.next = 0;
    }
}

/// An element symbol, in lower case for an aromatic atom.
fn push_symbol(out: &mut String, symbol: &str, aromatic: bool) {
    // Symbols are one or two ASCII letters (`*` for the wildcard), the second in lower case
    // already: only the first changes for an aromatic atom.
    match symbol.as_bytes() {
        [first] => out.push(char::from(if aromatic {
            first.to_ascii_lowercase()
        } else {
            *first
        })),
        [first, second] => {
            out.push(char::from(if aromatic {
                first.to_ascii_lowercase()
            } else {
                *first
            }));
            out.push(char::from(if aromatic {
                second.to_ascii_lowercase()
            } else {
                *second
            }));
        }
        _ => {
            for &byte in symbol.as_bytes() {
                let byte = if aromatic {
                    byte.to_ascii_lowercase()
                } else {
                    byte
                };
                out.push(char::from(byte));
            }
        }
    }
}

fn write_digit(out: &mut String, digit: RingNumber) {
    match digit.get() {
        n @ 0..=9 => out.push(char::from(b'0' + n as u8)),
        _ => {
            let _ = write!(out, "{digit}");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Molecule;

    fn canon(smiles: &str) -> String {
        smiles
            .parse::<Molecule>()
            .unwrap_or_else(|e| panic!("{smiles}: {e}"))
            .to_string()
    }

    /// Every spelling in `group` gives one canonical string, which reads back to itself.
    fn same(group: &[&str]) {
        let first = canon(group[0]);
        for smiles in group {
            assert_eq!(canon(smiles), first, "{smiles}");
        }
        assert_eq!(canon(&first), first);
    }

    #[test]
    fn invariance() {
        same(&["C1CNCCNC1", "N1CCCNCC1", "C1CCNCCN1"]);
        same(&[
            "c1ccccc1CN1CCCNCC1",
            "C1=CC=CC=C1CN1CCCNCC1",
            "C1CN(Cc2ccccc2)CCNC1",
        ]);
        same(&["OCC", "CCO", "C(O)C", "[CH3][CH2][OH]", "[H]OCC"]);
        same(&["[H]C([H])([H])[H]", "C"]);
        same(&[
            "O=[N+]([O-])c1ccc(CN2CCCNCC2)cc1",
            "C1CNCCN(C1)Cc1ccc(cc1)[N+](=O)[O-]",
        ]);
        same(&["c1ccccc1-c1ccccc1", "C1=CC=C(C=C1)C1=CC=CC=C1"]);
        same(&["Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CN1C=NC2=C1C(=O)N(C)C(=O)N2C"]);
    }

    #[test]
    fn stereo_is_kept_and_canonical() {
        same(&[
            "N[C@@H](C)C(=O)O",
            "OC(=O)[C@@H](N)C",
            "C[C@@H](C(=O)O)N",
            "[C@H](N)(C)C(=O)O",
        ]);
        assert_ne!(canon("N[C@@H](C)C(=O)O"), canon("N[C@H](C)C(=O)O"));
        same(&["F/C=C/F", "F\\C=C\\F", "C(\\F)=C/F"]);
        same(&["F/C=C\\F", "F\\C=C/F", "C(/F)=C/F"]);
        assert_ne!(canon("F/C=C/F"), canon("F/C=C\\F"));
        same(&["C/C=C/C(F)Cl", "ClC(F)/C=C/C"]);
    }

    #[test]
    fn many_ring_digits() {
        let molecule = canon("C12C3C4C1C5C2C3C45");
        assert_eq!(canon(&molecule), molecule);
    }
}
