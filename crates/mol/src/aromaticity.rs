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
//!
//! Finding them: ring bonds between candidates are grouped into connected ring systems. A
//! lone ring is its own cycle, and two fused rings with nothing hanging off have a known pair
//! of shortest cycles (see [`Scratch::two_ring_cycles`]); both are read off directly. Every
//! other system gets a breadth-first search per bond (one only, for a system holding a
//! single cycle). The cycles are the same as a search from every bond would give.

use crate::rings::find;
use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};

use crate::molecule::Adjacency;
use crate::valence::can_be_aromatic;
use crate::{Atom, Bond, BondOrder, Element};

const NOT: u8 = u8::MAX;
const MAX_RING: usize = 24;

/// Buffers reused from one molecule to the next, so that perception allocates nothing once
/// they have grown to the largest molecule seen.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Pi electrons each atom gives, or `NOT`.
    electrons: Vec<u8>,
    search: Search,
    /// The cycles found, back to back: bond indices of each (sorted) ...
    cycle_bonds: Vec<u32>,
    /// ... and its atoms (a simple cycle has as many atoms as bonds), laid out alike.
    cycle_atoms: Vec<u32>,
    /// Where each cycle starts in `cycle_bonds` and `cycle_atoms`, then one past the last.
    cycle_starts: Vec<u32>,
    aromatic_cycle: Vec<bool>,
    /// The envelope of two fused cycles being tested, and its atoms.
    envelope: Vec<u32>,
    envelope_atoms: Vec<u32>,
    /// Connectivity walk over the envelope bonds.
    visited: Vec<bool>,
    stack: Vec<usize>,
    /// Ring systems of candidate atoms (see [`Scratch::find_ring_systems`]).
    systems: RingSystems,
}

/// The ring bonds between candidate atoms, grouped into connected ring systems. A system with
/// as many bonds as atoms holds exactly one cycle (benzene, pyridine, or one ring with
/// candidate atoms hanging off it): the shortest cycle through each of its bonds is that
/// cycle or none, so once one search has found it the other bonds need none.
#[derive(Default)]
struct RingSystems {
    /// Union-find over atoms (parent links) while the systems are formed.
    up: Vec<u32>,
    /// Ring bonds to candidate atoms, per atom.
    degree: Vec<u32>,
    /// System of each atom (`NO_SYSTEM` for atoms without ring bonds to candidates).
    system: Vec<u32>,
    /// The systems, indexed by the ids in `system`.
    list: Vec<System>,
    /// The three paths of a two-ring system (see [`Scratch::two_ring_cycles`]): their bonds
    /// and inner atoms back to back, and where each path starts and ends in both.
    path_bonds: Vec<u32>,
    path_atoms: Vec<u32>,
}

const NO_SYSTEM: u32 = u32::MAX;

/// One ring system: its size and shape.
#[derive(Clone, Copy)]
struct System {
    atoms: u32,
    /// Ring bonds; counted from both ends while the systems are formed, then halved.
    bonds: u32,
    /// Its smallest atom (the union-find root).
    root: u32,
    /// Atoms with three ring bonds: the first two of them, and how many.
    branches: [u32; 2],
    branch_count: u32,
    /// Some atom has fewer than two ring bonds or more than three.
    irregular: bool,
    /// Its cycles are all known: no more searches.
    searched: bool,
}

impl Scratch {
    /// Bonds of cycle `i`.
    fn bonds(&self, i: usize) -> &[u32] {
        &self.cycle_bonds[self.cycle_starts[i] as usize..self.cycle_starts[i + 1] as usize]
    }

    /// Atoms of cycle `i`.
    fn atoms(&self, i: usize) -> &[u32] {
        &self.cycle_atoms[self.cycle_starts[i] as usize..self.cycle_starts[i + 1] as usize]
    }

    fn cycle_count(&self) -> usize {
        self.cycle_starts.len() - 1
    }

    /// Whether the pi electrons of `atoms` add up to 4n + 2.
    fn huckel(&self, atoms: &[u32]) -> bool {
        let total: u32 = atoms
            .iter()
            .map(|&a| u32::from(self.electrons[a as usize]))
            .sum();
        total >= 2 && (total - 2) % 4 == 0
    }
}

/// Sets `aromatic` on atoms and bonds of aromatic rings. Expects Kekulé bond orders and ring
/// membership.
pub(crate) fn perceive(
    graph: &mut UnGraph<Atom, Bond, u32>,
    adjacency: &Adjacency,
    scratch: &mut Scratch,
) {
    let n = graph.node_count();
    scratch.electrons.clear();
    scratch.electrons.resize(n, NOT);
    let mut candidates = 0;
    for (index, atom) in graph.node_weights().enumerate() {
        if atom.in_ring {
            let electrons = contribution(graph, adjacency, atom, index);
            scratch.electrons[index] = electrons;
            candidates += usize::from(electrons != NOT);
        }
    }
    if candidates < 3 {
        return;
    }

    scratch.search.prepare(n);
    scratch.find_ring_systems(graph);
    scratch.cycle_bonds.clear();
    scratch.cycle_atoms.clear();
    scratch.cycle_starts.clear();
    scratch.cycle_starts.push(0);
    for system in 0..scratch.systems.list.len() as u32 {
        if scratch.one_ring_cycle(graph, adjacency, system)
            || scratch.two_ring_cycles(graph, adjacency, system)
        {
            scratch.systems.list[system as usize].searched = true;
        }
    }
    let all_searched = scratch.systems.list.iter().all(|system| system.searched);
    for (index, edge) in graph.raw_edges().iter().enumerate() {
        if all_searched {
            break;
        }
        let (a, b) = (edge.source().index() as u32, edge.target().index() as u32);
        // Ring bonds between candidates of one system (which all ring bonds between
        // candidates are: a bond joining two systems would be a bridge).
        let system = scratch.systems.system[a as usize];
        if !edge.weight.in_ring
            || system == NO_SYSTEM
            || scratch.systems.system[b as usize] != system
        {
            continue;
        }
        let shape = scratch.systems.list[system as usize];
        if shape.searched {
            continue;
        }
        let single_cycle = shape.atoms == shape.bonds;
        if !scratch.search.shortest_cycle(
            adjacency,
            &scratch.systems.system,
            system,
            index as u32,
            a,
            b,
        ) {
            continue;
        }
        if single_cycle {
            scratch.systems.list[system as usize].searched = true;
        }
        let search = &mut scratch.search;
        search.bonds.sort_unstable();
        let known = (0..scratch.cycle_starts.len() - 1).any(|i| {
            let (s, e) = (scratch.cycle_starts[i], scratch.cycle_starts[i + 1]);
            scratch.cycle_bonds[s as usize..e as usize] == search.bonds[..]
        });
        if !known {
            scratch.cycle_bonds.extend_from_slice(&search.bonds);
            scratch.cycle_atoms.extend_from_slice(&search.atoms);
            scratch.cycle_starts.push(scratch.cycle_bonds.len() as u32);
        }
    }

    // Aromatic cycles and envelopes set their atoms and bonds aromatic as they are found.
    let cycles = scratch.cycle_count();
    scratch.aromatic_cycle.clear();
    scratch.aromatic_cycle.resize(cycles, false);
    for i in 0..cycles {
        if scratch.huckel(scratch.atoms(i)) {
            scratch.aromatic_cycle[i] = true;
            set_aromatic(graph, scratch.bonds(i), scratch.atoms(i));
        }
    }
    // Envelopes of two fused rings that are not aromatic on their own.
    if scratch.aromatic_cycle.contains(&false) && cycles <= 64 {
        let mut envelope = std::mem::take(&mut scratch.envelope);
        for i in 0..cycles {
            for j in i + 1..cycles {
                if scratch.aromatic_cycle[i] && scratch.aromatic_cycle[j] {
                    continue;
                }
                let (first, second) = (scratch.bonds(i), scratch.bonds(j));
                if !first.iter().any(|b| second.binary_search(b).is_ok()) {
                    continue;
                }
                envelope.clear();
                envelope.extend(
                    first
                        .iter()
                        .filter(|b| second.binary_search(b).is_err())
                        .chain(second.iter().filter(|b| first.binary_search(b).is_err())),
                );
                if scratch.simple_cycle_atoms(&envelope, graph)
                    && scratch.huckel(&scratch.envelope_atoms)
                {
                    set_aromatic(graph, &envelope, &scratch.envelope_atoms);
                }
            }
        }
        scratch.envelope = envelope;
    }
}

/// Marks the bonds of an aromatic cycle and its atoms (the ends of those bonds).
fn set_aromatic(graph: &mut UnGraph<Atom, Bond, u32>, bonds: &[u32], atoms: &[u32]) {
    for &bond in bonds {
        graph[EdgeIndex::new(bond as usize)].aromatic = true;
    }
    for &atom in atoms {
        graph[NodeIndex::new(atom as usize)].aromatic = true;
    }
}

/// Pi electrons an atom gives to an aromatic ring, or `NOT`.
#[inline]
fn contribution(
    graph: &UnGraph<Atom, Bond, u32>,
    adjacency: &Adjacency,
    atom: &Atom,
    index: usize,
) -> u8 {
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
#[derive(Default)]
struct Search {
    /// `generation` for atoms seen by the current search. Stamps survive from one search
    /// (and molecule) to the next, so nothing is cleared between searches.
    stamp: Vec<u32>,
    parent: Vec<(u32, u32)>,
    depth: Vec<u8>,
    generation: u32,
    /// The queue: atoms are appended and read from `head` on; never more than the atoms.
    queue: Vec<u32>,
    /// The cycle found: its atoms and its bonds.
    atoms: Vec<u32>,
    bonds: Vec<u32>,
}

impl Search {
    /// Makes room for `n` atoms.
    fn prepare(&mut self, n: usize) {
        if self.stamp.len() < n {
            self.stamp.resize(n, 0);
            self.parent.resize(n, (u32::MAX, u32::MAX));
            self.depth.resize(n, 0);
        }
    }

    /// The shortest cycle through bond `skip` = (`a`, `b`) among the atoms of ring system
    /// `id`, if one of at most `MAX_RING` atoms exists; its atoms and bonds are left in `atoms`
    /// and `bonds`. No other atom with a contribution needs searching: a path that leaves a
    /// ring system cannot come back to it, so it neither closes the cycle nor changes which
    /// atom reaches another first.
    fn shortest_cycle(
        &mut self,
        adjacency: &Adjacency,
        system: &[u32],
        id: u32,
        skip: u32,
        a: u32,
        b: u32,
    ) -> bool {
        if self.generation == u32::MAX {
            self.stamp.fill(0);
            self.generation = 0;
        }
        self.generation += 1;
        let generation = self.generation;
        self.queue.clear();
        self.stamp[a as usize] = generation;
        self.depth[a as usize] = 1;
        self.parent[a as usize] = (u32::MAX, u32::MAX);
        self.queue.push(a);
        let mut head = 0;
        while let Some(&v) = self.queue.get(head) {
            head += 1;
            if usize::from(self.depth[v as usize]) >= MAX_RING {
                break;
            }
            for &(to, bond) in adjacency.neighbours(v as usize) {
                if bond == skip
                    || system[to as usize] != id
                    || self.stamp[to as usize] == generation
                {
                    continue;
                }
                self.stamp[to as usize] = generation;
                self.parent[to as usize] = (v, bond);
                self.depth[to as usize] = self.depth[v as usize] + 1;
                if to == b {
                    self.atoms.clear();
                    self.bonds.clear();
                    self.atoms.push(b);
                    self.bonds.push(skip);
                    let mut at = b;
                    while at != a {
                        let (previous, bond) = self.parent[at as usize];
                        self.bonds.push(bond);
                        self.atoms.push(previous);
                        at = previous;
                    }
                    return true;
                }
                self.queue.push(to);
            }
        }
        false
    }
}

impl Scratch {
    /// Groups the ring bonds between candidate atoms into connected ring systems (union-find
    /// over the bonds), counting the atoms and bonds of each.
    fn find_ring_systems(&mut self, graph: &UnGraph<Atom, Bond, u32>) {
        let n = graph.node_count();
        let electrons = &self.electrons;
        let systems = &mut self.systems;
        systems.up.clear();
        systems.up.extend(0..n as u32);
        systems.degree.clear();
        systems.degree.resize(n, 0);
        for edge in graph.raw_edges() {
            let (a, b) = (edge.source().index(), edge.target().index());
            if edge.weight.in_ring && electrons[a] != NOT && electrons[b] != NOT {
                systems.degree[a] += 1;
                systems.degree[b] += 1;
                let (ra, rb) = (
                    find(&mut systems.up, a as u32),
                    find(&mut systems.up, b as u32),
                );
                systems.up[ra.max(rb) as usize] = ra.min(rb);
            }
        }
        systems.system.clear();
        systems.system.resize(n, NO_SYSTEM);
        systems.list.clear();
        for atom in 0..n {
            let degree = systems.degree[atom];
            if degree == 0 {
                continue;
            }
            let root = find(&mut systems.up, atom as u32) as usize;
            // The root has the smallest index of its system, so it comes first.
            if root == atom {
                systems.system[atom] = systems.list.len() as u32;
                systems.list.push(System {
                    atoms: 0,
                    bonds: 0,
                    root: atom as u32,
                    branches: [NO_SYSTEM; 2],
                    branch_count: 0,
                    irregular: false,
                    searched: false,
                });
            }
            let id = systems.system[root];
            systems.system[atom] = id;
            let system = &mut systems.list[id as usize];
            system.atoms += 1;
            // Each bond is counted from both ends; halved below.
            system.bonds += degree;
            match degree {
                2 => {}
                3 => {
                    if system.branch_count < 2 {
                        system.branches[system.branch_count as usize] = atom as u32;
                    }
                    system.branch_count += 1;
                }
                _ => system.irregular = true,
            }
        }
        for system in &mut systems.list {
            system.bonds /= 2;
        }
    }

    /// The cycle of system `id` when it is one ring with nothing hanging off (every atom has
    /// two ring bonds): the search from any of its bonds would find the ring itself, if it
    /// has at most `MAX_RING` atoms. Recorded by walking round it; false, recording nothing,
    /// for any other system.
    fn one_ring_cycle(
        &mut self,
        graph: &UnGraph<Atom, Bond, u32>,
        adjacency: &Adjacency,
        id: u32,
    ) -> bool {
        let systems = &self.systems;
        let shape = systems.list[id as usize];
        if shape.bonds != shape.atoms || shape.branch_count != 0 || shape.irregular {
            return false;
        }
        if shape.atoms as usize > MAX_RING {
            return true; // the searches would find nothing
        }
        let in_system = |bond: u32, other: u32| {
            graph.raw_edges()[bond as usize].weight.in_ring && systems.system[other as usize] == id
        };
        let start = shape.root;
        let first = self.cycle_bonds.len();
        let (mut at, mut via) = (start, u32::MAX);
        loop {
            self.cycle_atoms.push(at);
            let Some(&(next, bond)) = adjacency
                .neighbours(at as usize)
                .iter()
                .find(|&&(other, b)| b != via && in_system(b, other))
            else {
                // Cannot happen in a ring; leave the system to the searches.
                self.cycle_atoms.truncate(first);
                self.cycle_bonds.truncate(first);
                return false;
            };
            self.cycle_bonds.push(bond);
            (at, via) = (next, bond);
            if at == start {
                break;
            }
        }
        self.cycle_bonds[first..].sort_unstable();
        self.cycle_starts.push(self.cycle_bonds.len() as u32);
        true
    }

    /// The cycles of system `id` when it is two fused rings with no atoms hanging off (a
    /// theta graph: two atoms with three ring bonds, joined by three paths of `l0 < l1 <= l2`
    /// bonds, every other atom on a path). The only cycles are paths 0+1, 0+2 and 1+2; the
    /// shortest through a bond of path 1 is 0+1 and through path 2 is 0+2 (both unique as
    /// `l0` is the strictly shortest), and through path 0 one of those two. So the searches
    /// would find exactly 0+1 and 0+2 (each if at most `MAX_RING` atoms), which are recorded
    /// here. Returns false, recording nothing, for any other system or when the two shortest
    /// paths tie (then the searches' order decides and they must run).
    fn two_ring_cycles(
        &mut self,
        graph: &UnGraph<Atom, Bond, u32>,
        adjacency: &Adjacency,
        id: u32,
    ) -> bool {
        let systems = &mut self.systems;
        let shape = systems.list[id as usize];
        if shape.bonds != shape.atoms + 1 || shape.branch_count != 2 || shape.irregular {
            return false;
        }
        let [u, v] = shape.branches;
        let in_system = |bond: u32, other: u32, system: &[u32]| {
            graph.raw_edges()[bond as usize].weight.in_ring && system[other as usize] == id
        };
        systems.path_bonds.clear();
        systems.path_atoms.clear();
        // Per path: (first bond, end of bonds, first inner atom, end of inner atoms).
        let mut paths = [(0usize, 0usize, 0usize, 0usize); 3];
        let mut count = 0;
        for &(first, bond) in adjacency.neighbours(u as usize) {
            if !in_system(bond, first, &systems.system) {
                continue;
            }
            if count == 3 {
                return false;
            }
            let (bonds_start, atoms_start) = (systems.path_bonds.len(), systems.path_atoms.len());
            systems.path_bonds.push(bond);
            let (mut at, mut via) = (first, bond);
            while systems.degree[at as usize] == 2 {
                systems.path_atoms.push(at);
                let Some(&(next, step)) = adjacency
                    .neighbours(at as usize)
                    .iter()
                    .find(|&&(other, b)| b != via && in_system(b, other, &systems.system))
                else {
                    return false;
                };
                systems.path_bonds.push(step);
                (at, via) = (next, step);
            }
            if at != v {
                return false; // a ring hanging from `u`, not a path to `v`
            }
            paths[count] = (
                bonds_start,
                systems.path_bonds.len(),
                atoms_start,
                systems.path_atoms.len(),
            );
            count += 1;
        }
        if count != 3 {
            return false;
        }
        paths.sort_unstable_by_key(|&(start, end, _, _)| end - start);
        let length = |k: usize| paths[k].1 - paths[k].0;
        if length(0) == length(1) {
            return false;
        }
        for k in [1, 2] {
            if length(0) + length(k) > MAX_RING {
                continue;
            }
            let start = self.cycle_bonds.len();
            for path in [paths[0], paths[k]] {
                self.cycle_bonds
                    .extend_from_slice(&systems.path_bonds[path.0..path.1]);
                self.cycle_atoms
                    .extend_from_slice(&systems.path_atoms[path.2..path.3]);
            }
            self.cycle_atoms.extend([u, v]);
            self.cycle_bonds[start..].sort_unstable();
            self.cycle_starts.push(self.cycle_bonds.len() as u32);
        }
        true
    }

    /// Whether `bonds` form one simple cycle; if so its atoms are left in `envelope_atoms`.
    fn simple_cycle_atoms(&mut self, bonds: &[u32], graph: &UnGraph<Atom, Bond, u32>) -> bool {
        let ends = |b: u32| {
            let edge = &graph.raw_edges()[b as usize];
            (edge.source().index() as u32, edge.target().index() as u32)
        };
        let atoms = &mut self.envelope_atoms;
        atoms.clear();
        atoms.extend(bonds.iter().flat_map(|&b| {
            let (x, y) = ends(b);
            [x, y]
        }));
        atoms.sort_unstable();
        // Every atom appears exactly twice in a simple cycle.
        for pair in atoms.chunks(2) {
            if pair.len() != 2 || pair[0] != pair[1] {
                return false;
            }
        }
        atoms.dedup();
        if atoms.len() != bonds.len() {
            return false;
        }
        // Connected: walk from the first bond.
        self.visited.clear();
        self.visited.resize(bonds.len(), false);
        self.stack.clear();
        self.stack.push(0);
        self.visited[0] = true;
        let mut seen = 1;
        while let Some(i) = self.stack.pop() {
            let (x, y) = ends(bonds[i]);
            for (j, &other) in bonds.iter().enumerate() {
                let (p, q) = ends(other);
                if !self.visited[j] && (p == x || p == y || q == x || q == y) {
                    self.visited[j] = true;
                    seen += 1;
                    self.stack.push(j);
                }
            }
        }
        seen == bonds.len()
    }
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

    /// Fused systems, many of them two rings read without a search per bond (the counts
    /// are those of the search over every bond, before that shortcut).
    #[test]
    fn fused_systems() {
        for (smiles, count) in [
            ("c1ccc2[nH]ccc2c1", 9),
            ("c1ccc2ncccc2c1", 10),
            ("c1ccc2c(c1)oc1ccccc12", 13),
            ("c1ccc2cc3ccccc3cc2c1", 14),
            ("C1=CC2=CC=CC2=C1", 0),
            ("c1cc2ccc3cccc4ccc(c1)c2c34", 16),
            ("O=C1C=CC2=CC=CC=C12", 6),
            ("C1=CC2=CC=C1C=C2", 8),
            ("c1ccc2c(c1)Cc1ccccc1-2", 12),
            ("C1=CC=C2C=CC=CC=C2C=C1", 0),
        ] {
            assert_eq!(aromatic(smiles), count, "{smiles}");
        }
    }
}
