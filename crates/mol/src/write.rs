//! Canonical SMILES writing: fold plain explicit hydrogens, rank atoms canonically, then write
//! a depth-first traversal that starts at the lowest-ranked atom of each component and visits
//! neighbours in rank order. Aromatic atoms are written in lower case with implicit aromatic
//! bonds; stereo marks are recomputed for the output order. Both passes are iterative.

use std::borrow::Cow;
use std::fmt::Write as _;

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::atom::IMPLICIT_H;
use crate::canon::{double_bond_parity, odd_permutation, tetrahedral_parity};
use crate::molecule::Adjacency;
use crate::valence::{implicit_hydrogens, normal_valences};
use crate::{Atom, Bond, BondOrder, Chirality, Element, Molecule};

const NONE: u32 = u32::MAX;

/// The canonical SMILES of a molecule.
pub(crate) fn canonical_smiles(molecule: &Molecule) -> String {
    let folded = fold_hydrogens(molecule);
    let molecule = folded.as_ref();
    let (classes, ranks) = crate::canon::ranking(molecule);
    Writer::new(molecule, &classes, &ranks).write()
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

struct Writer<'a> {
    graph: &'a UnGraph<Atom, Bond, u32>,
    molecule: &'a Molecule,
    classes: &'a [u32],
    /// Neighbours of each atom sorted by rank.
    sorted: Vec<Vec<(u32, u32)>>,
    /// Output position of each atom.
    visit: Vec<u32>,
    parent: Vec<u32>,
    parent_bond: Vec<u32>,
    children: Vec<Vec<(u32, u32)>>,
    /// Ring bonds opened at an atom: (bond, partner), and closed at an atom.
    opens: Vec<Vec<(u32, u32)>>,
    closes: Vec<Vec<(u32, u32)>>,
    /// Direction mark per bond: 0, +1 for `/`, -1 for `\`, relative to the output order.
    marks: Vec<i8>,
    roots: Vec<u32>,
}

impl<'a> Writer<'a> {
    fn new(molecule: &'a Molecule, classes: &'a [u32], ranks: &'a [u32]) -> Self {
        let graph = molecule.graph();
        let n = graph.node_count();
        let adjacency = Adjacency::new(graph);
        let sorted: Vec<Vec<(u32, u32)>> = (0..n)
            .map(|a| {
                let mut list = adjacency.neighbours(a).to_vec();
                list.sort_unstable_by_key(|&(other, _)| ranks[other as usize]);
                list
            })
            .collect();
        let mut by_rank: Vec<u32> = (0..n as u32).collect();
        by_rank.sort_unstable_by_key(|&a| ranks[a as usize]);
        let mut writer = Writer {
            graph,
            molecule,
            classes,
            sorted,
            visit: vec![NONE; n],
            parent: vec![NONE; n],
            parent_bond: vec![NONE; n],
            children: vec![Vec::new(); n],
            opens: vec![Vec::new(); n],
            closes: vec![Vec::new(); n],
            marks: vec![0; graph.edge_count()],
            roots: Vec::new(),
        };
        writer.traverse(&by_rank);
        writer
    }

    /// First pass: depth-first order, tree edges and ring-closure bonds.
    fn traverse(&mut self, by_rank: &[u32]) {
        let mut counter = 0;
        let mut stack: Vec<(u32, usize)> = Vec::new();
        for &root in by_rank {
            if self.visit[root as usize] != NONE {
                continue;
            }
            self.roots.push(root);
            self.visit[root as usize] = counter;
            counter += 1;
            stack.push((root, 0));
            while let Some(&mut (atom, ref mut next)) = stack.last_mut() {
                let a = atom as usize;
                if let Some(&(other, bond)) = self.sorted[a].get(*next) {
                    *next += 1;
                    if bond == self.parent_bond[a] {
                        continue;
                    }
                    let o = other as usize;
                    if self.visit[o] == NONE {
                        self.visit[o] = counter;
                        counter += 1;
                        self.parent[o] = atom;
                        self.parent_bond[o] = bond;
                        self.children[a].push((other, bond));
                        stack.push((other, 0));
                    } else if self.visit[o] < self.visit[a] {
                        // Back edge to an ancestor: `other` opens, `atom` closes.
                        self.opens[o].push((bond, atom));
                        self.closes[a].push((bond, other));
                    }
                } else {
                    stack.pop();
                }
            }
        }
        for list in &mut self.opens {
            let visit = &self.visit;
            list.sort_unstable_by_key(|&(_, partner)| visit[partner as usize]);
        }
    }

    fn write(mut self) -> String {
        self.assign_directions();
        let mut out = String::with_capacity(self.graph.node_count() * 2);
        let mut digits = Digits::default();
        let mut digit_of: Vec<u16> = vec![0; self.graph.edge_count()];
        enum Task {
            Atom(u32),
            Open,
            Close,
        }
        let mut tasks: Vec<Task> = Vec::new();
        for (i, &root) in self.roots.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            tasks.push(Task::Atom(root));
            while let Some(task) = tasks.pop() {
                match task {
                    Task::Open => out.push('('),
                    Task::Close => out.push(')'),
                    Task::Atom(atom) => {
                        let a = atom as usize;
                        if self.parent_bond[a] != NONE {
                            self.write_bond(&mut out, self.parent_bond[a]);
                        }
                        let ring_partners = self.ring_partners(a);
                        self.write_atom(&mut out, a, &ring_partners);
                        for &(bond, _) in &self.closes[a] {
                            let digit = digit_of[bond as usize];
                            write_digit(&mut out, digit);
                            digits.release(digit);
                        }
                        for &(bond, _) in &self.opens[a] {
                            let digit = digits.take();
                            digit_of[bond as usize] = digit;
                            self.write_bond(&mut out, bond);
                            write_digit(&mut out, digit);
                        }
                        let children = &self.children[a];
                        for (k, &(child, _)) in children.iter().enumerate().rev() {
                            if k + 1 == children.len() {
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
        out
    }

    /// Ring-bond partners of an atom in the order its digits are written.
    fn ring_partners(&self, a: usize) -> Vec<u32> {
        self.closes[a]
            .iter()
            .chain(&self.opens[a])
            .map(|&(_, partner)| partner)
            .collect()
    }

    fn write_bond(&self, out: &mut String, bond: u32) {
        let edge = EdgeIndex::new(bond as usize);
        let weight = &self.graph[edge];
        match self.marks[bond as usize] {
            1 => return out.push('/'),
            -1 => return out.push('\\'),
            _ => {}
        }
        if weight.aromatic {
            return;
        }
        match weight.order {
            BondOrder::Single => {
                let (x, y) = self.graph.edge_endpoints(edge).unwrap_or_default();
                if self.graph[x].aromatic && self.graph[y].aromatic {
                    out.push('-');
                }
            }
            BondOrder::Double => out.push('='),
            BondOrder::Triple => out.push('#'),
            BondOrder::Quadruple => out.push('$'),
        }
    }

    fn write_atom(&self, out: &mut String, a: usize, ring_partners: &[u32]) {
        let atom = &self.graph[NodeIndex::new(a)];
        let chirality = self.output_chirality(a, ring_partners);
        let symbol = atom.element.symbol();
        let aromatic_symbol = atom.aromatic && crate::valence::can_be_aromatic(atom.element);
        if chirality.is_none() && self.organic_form_matches(a) {
            if aromatic_symbol {
                out.push_str(&symbol.to_ascii_lowercase());
            } else {
                out.push_str(symbol);
            }
            return;
        }
        out.push('[');
        if let Some(isotope) = atom.isotope {
            let _ = write!(out, "{isotope}");
        }
        if aromatic_symbol {
            out.push_str(&symbol.to_ascii_lowercase());
        } else {
            out.push_str(symbol);
        }
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
        let used: u16 = self.sorted[a]
            .iter()
            .map(|&(_, bond)| {
                let weight = &self.graph[EdgeIndex::new(bond as usize)];
                if weight.aromatic {
                    1
                } else {
                    u16::from(weight.order.valence())
                }
            })
            .sum();
        let Ok(used) = u8::try_from(used) else {
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
        tetrahedral_parity(&atom.chirality, self.classes)?;
        let mut written: Vec<u32> = Vec::with_capacity(4);
        if self.parent[a] != NONE {
            written.push(self.parent[a]);
        }
        if neighbours.contains(&IMPLICIT_H) {
            written.push(IMPLICIT_H);
        }
        written.extend_from_slice(ring_partners);
        written.extend(self.children[a].iter().map(|&(child, _)| child));
        if written.len() != 4 {
            return None;
        }
        // Position of each written neighbour in the stored order.
        let mut positions = Vec::with_capacity(4);
        for w in &written {
            positions.push(neighbours.iter().position(|n| n == w)? as u32);
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
            w.visit[x.index()].min(w.visit[y.index()])
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
            if self.visit[t as usize] < self.visit[s as usize] {
                ends.swap(0, 1);
            }
            let (a, b, ref_a) = ends[0];
            let (_, _, ref_b) = ends[1];
            let candidates = |w: &Self, atom: u32, partner: u32| -> Vec<(u32, u32)> {
                w.sorted[atom as usize]
                    .iter()
                    .copied()
                    .filter(|&(other, bond)| {
                        other != partner
                            && w.graph[EdgeIndex::new(bond as usize)].order == BondOrder::Single
                            && !w.graph[EdgeIndex::new(bond as usize)].aromatic
                    })
                    .collect()
            };
            let side_of = |w: &Self, atom: u32, other: u32, mark: i8| {
                if w.visit[other as usize] < w.visit[atom as usize] {
                    mark
                } else {
                    -mark
                }
            };
            let left = candidates(self, a, b);
            let Some(&(x_a, bond_a)) = left
                .iter()
                .find(|&&(_, bond)| self.marks[bond as usize] != 0)
                .or_else(|| left.iter().min_by_key(|&&(o, _)| self.visit[o as usize]))
            else {
                continue;
            };
            let s_a = if self.marks[bond_a as usize] != 0 {
                side_of(self, a, x_a, self.marks[bond_a as usize])
            } else {
                self.marks[bond_a as usize] = side_of(self, a, x_a, 1);
                1
            };
            let mut right = candidates(self, b, a);
            right.sort_unstable_by_key(|&(o, _)| self.visit[o as usize]);
            for (y, bond_b) in right {
                let cis = stereo.cis ^ (x_a != ref_a) ^ (y != ref_b);
                let wanted = if cis { s_a } else { -s_a };
                let mark = self.marks[bond_b as usize];
                if mark == 0 {
                    self.marks[bond_b as usize] = side_of(self, b, y, wanted);
                    break;
                }
                if side_of(self, b, y, mark) == wanted {
                    break;
                }
            }
        }
    }
}

/// Ring-bond numbers: the lowest free one is taken.
#[derive(Default)]
struct Digits {
    used: Vec<bool>,
}

impl Digits {
    fn take(&mut self) -> u16 {
        match self.used.iter().skip(1).position(|&u| !u) {
            Some(i) => {
                self.used[i + 1] = true;
                (i + 1) as u16
            }
            None => {
                if self.used.is_empty() {
                    self.used.push(true);
                }
                self.used.push(true);
                (self.used.len() - 1) as u16
            }
        }
    }

    fn release(&mut self, digit: u16) {
        self.used[usize::from(digit)] = false;
    }
}

fn write_digit(out: &mut String, digit: u16) {
    if digit < 10 {
        out.push(char::from(b'0' + digit as u8));
    } else {
        let _ = write!(out, "%{digit:02}");
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
