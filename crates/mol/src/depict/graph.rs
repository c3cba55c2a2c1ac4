//! The molecule as the layout sees it: neighbour lists in canonical-rank order, ring blocks
//! (biconnected components of the ring bonds) and a smallest set of smallest rings per block.

use crate::{BondOrder, Molecule};

const UNSEEN: u32 = u32::MAX;

/// Neighbour lists and ring blocks of one molecule.
pub(crate) struct Graph {
    pub(crate) n: usize,
    /// `(neighbour, bond)` per atom, neighbours in canonical-rank order.
    pub(crate) adjacency: Vec<Vec<(usize, usize)>>,
    pub(crate) bonds: Vec<(usize, usize)>,
    pub(crate) order: Vec<BondOrder>,
    pub(crate) ring_bond: Vec<bool>,
    pub(crate) rank: Vec<u32>,
    /// Ring blocks; `block_of_bond[b]` indexes them for ring bonds.
    pub(crate) blocks: Vec<Block>,
    /// The blocks each atom belongs to (several at a spiro centre).
    pub(crate) atom_blocks: Vec<Vec<usize>>,
}

/// A biconnected set of ring bonds: one ring, or fused, bridged or caged rings.
pub(crate) struct Block {
    /// Atoms in canonical-rank order.
    pub(crate) atoms: Vec<usize>,
    pub(crate) bonds: Vec<usize>,
    /// Smallest set of smallest rings, each an atom cycle in ring order.
    pub(crate) rings: Vec<Vec<usize>>,
}

impl Graph {
    pub(crate) fn new(molecule: &Molecule) -> Graph {
        let n = molecule.atom_count();
        let rank = molecule.canonical_ranks();
        let mut adjacency = vec![Vec::new(); n];
        let mut bonds = Vec::with_capacity(molecule.bond_count());
        let mut order = Vec::with_capacity(molecule.bond_count());
        let mut ring_bond = Vec::with_capacity(molecule.bond_count());
        for (id, a, b, bond) in molecule.bonds() {
            let (a, b) = (a.index(), b.index());
            adjacency[a].push((b, id.index()));
            adjacency[b].push((a, id.index()));
            bonds.push((a, b));
            order.push(bond.order());
            ring_bond.push(bond.is_in_ring());
        }
        for list in &mut adjacency {
            list.sort_by_key(|&(other, _)| rank[other]);
        }
        let mut graph = Graph {
            n,
            adjacency,
            bonds,
            order,
            ring_bond,
            rank,
            blocks: Vec::new(),
            atom_blocks: vec![Vec::new(); n],
        };
        graph.find_blocks();
        graph
    }

    pub(crate) fn degree(&self, atom: usize) -> usize {
        self.adjacency[atom].len()
    }

    /// Biconnected components of the ring-bond subgraph: iterative Tarjan with an edge stack.
    fn find_blocks(&mut self) {
        let n = self.n;
        let mut discovery = vec![UNSEEN; n];
        let mut low = vec![0u32; n];
        let mut time = 0u32;
        // (atom, bond used to enter, next neighbour position)
        let mut stack: Vec<(usize, usize, usize)> = Vec::new();
        let mut edge_stack: Vec<usize> = Vec::new();
        let mut roots: Vec<usize> = (0..n).collect();
        roots.sort_by_key(|&a| self.rank[a]);
        let mut found: Vec<Vec<usize>> = Vec::new();
        for root in roots {
            if discovery[root] != UNSEEN
                || !self.adjacency[root]
                    .iter()
                    .any(|&(_, bond)| self.ring_bond[bond])
            {
                continue;
            }
            discovery[root] = time;
            low[root] = time;
            time += 1;
            stack.push((root, usize::MAX, 0));
            while let Some(&mut (v, entered, ref mut next)) = stack.last_mut() {
                if *next < self.adjacency[v].len() {
                    let (w, bond) = self.adjacency[v][*next];
                    *next += 1;
                    if !self.ring_bond[bond] || bond == entered {
                        continue;
                    }
                    if discovery[w] == UNSEEN {
                        edge_stack.push(bond);
                        discovery[w] = time;
                        low[w] = time;
                        time += 1;
                        stack.push((w, bond, 0));
                    } else if discovery[w] < discovery[v] {
                        edge_stack.push(bond);
                        low[v] = low[v].min(discovery[w]);
                    }
                    continue;
                }
                stack.pop();
                if let Some(&(u, _, _)) = stack.last() {
                    low[u] = low[u].min(low[v]);
                    if low[v] >= discovery[u] {
                        let mut component = Vec::new();
                        while let Some(bond) = edge_stack.pop() {
                            component.push(bond);
                            if bond == entered {
                                break;
                            }
                        }
                        found.push(component);
                    }
                }
            }
        }
        for mut bonds in found {
            bonds.sort_unstable();
            let mut atoms: Vec<usize> = bonds
                .iter()
                .flat_map(|&b| [self.bonds[b].0, self.bonds[b].1])
                .collect();
            atoms.sort_by_key(|&a| self.rank[a]);
            atoms.dedup();
            let rings = smallest_rings(self, &atoms, &bonds);
            self.blocks.push(Block {
                atoms,
                bonds,
                rings,
            });
        }
        // Deterministic block order: by the lowest rank of their atoms.
        self.blocks.sort_by_key(|block| self.rank[block.atoms[0]]);
        for (index, block) in self.blocks.iter().enumerate() {
            for &atom in &block.atoms {
                self.atom_blocks[atom].push(index);
            }
        }
    }
}

/// A smallest set of smallest rings of one block: the shortest cycle through each bond, then
/// Horton candidates if those do not span the cycle space, chosen shortest first and
/// independent over GF(2).
fn smallest_rings(graph: &Graph, atoms: &[usize], bonds: &[usize]) -> Vec<Vec<usize>> {
    let needed = bonds.len() + 1 - atoms.len();
    let m = atoms.len();
    let mut local_of = vec![usize::MAX; graph.n];
    for (i, &a) in atoms.iter().enumerate() {
        local_of[a] = i;
    }
    // Local adjacency: (neighbour local, bond slot).
    let mut adjacency: Vec<Vec<(usize, usize)>> = vec![Vec::new(); m];
    for (slot, &bond) in bonds.iter().enumerate() {
        let (a, b) = graph.bonds[bond];
        let (a, b) = (local_of[a], local_of[b]);
        adjacency[a].push((b, slot));
        adjacency[b].push((a, slot));
    }
    for list in &mut adjacency {
        list.sort_by_key(|&(other, _)| graph.rank[atoms[other]]);
    }
    let words = bonds.len().div_ceil(64);
    let mut candidates: Vec<(Vec<usize>, Vec<u64>)> = Vec::new();
    let add_cycle = |cycle: Vec<usize>, candidates: &mut Vec<(Vec<usize>, Vec<u64>)>| {
        let mut bits = vec![0u64; words];
        for i in 0..cycle.len() {
            let (a, b) = (cycle[i], cycle[(i + 1) % cycle.len()]);
            if let Some(&(_, slot)) = adjacency[a].iter().find(|&&(other, _)| other == b) {
                bits[slot / 64] |= 1 << (slot % 64);
            }
        }
        if !candidates.iter().any(|(_, other)| *other == bits) {
            candidates.push((cycle, bits));
        }
    };
    // Shortest cycle through each bond: BFS from one end to the other without the bond.
    let mut parent = vec![usize::MAX; m];
    let mut queue = std::collections::VecDeque::new();
    for (slot, &bond) in bonds.iter().enumerate() {
        let (a, b) = graph.bonds[bond];
        let (start, goal) = (local_of[a], local_of[b]);
        if let Some(path) = bfs_path(&adjacency, start, goal, Some(slot), &mut parent, &mut queue) {
            add_cycle(path, &mut candidates);
        }
    }
    if rank_of(&candidates, words) < needed && m <= 64 {
        // Horton: for every atom and bond, the two shortest paths joined by the bond.
        for root in 0..m {
            let tree = bfs_tree(&adjacency, root);
            for &bond in bonds {
                let (a, b) = graph.bonds[bond];
                let (a, b) = (local_of[a], local_of[b]);
                let (Some(pa), Some(pb)) = (tree_path(&tree, a), tree_path(&tree, b)) else {
                    continue;
                };
                // Disjoint except for the root.
                if pa[1..].iter().any(|x| pb[1..].contains(x)) || pa.len() + pb.len() < 4 {
                    continue;
                }
                let mut cycle = pa.clone();
                cycle.extend(pb.iter().rev().take(pb.len() - 1));
                if cycle.len() >= 3 {
                    add_cycle(cycle, &mut candidates);
                }
            }
        }
    }
    candidates.sort_by(|x, y| {
        x.0.len().cmp(&y.0.len()).then_with(|| {
            let key = |c: &Vec<usize>| {
                let mut ranks: Vec<u32> = c.iter().map(|&a| graph.rank[atoms[a]]).collect();
                ranks.sort_unstable();
                ranks
            };
            key(&x.0).cmp(&key(&y.0))
        })
    });
    // Gaussian elimination over GF(2): `basis[b]` has lowest set bit b.
    let mut basis: Vec<Option<Vec<u64>>> = vec![None; words * 64];
    let mut chosen = Vec::new();
    for (cycle, bits) in candidates {
        if chosen.len() == needed {
            break;
        }
        let mut reduced = bits;
        while let Some(bit) = leading_bit(&reduced) {
            match &basis[bit] {
                Some(row) => {
                    for (r, x) in reduced.iter_mut().zip(row) {
                        *r ^= x;
                    }
                }
                None => {
                    basis[bit] = Some(reduced);
                    chosen.push(cycle.into_iter().map(|a| atoms[a]).collect());
                    break;
                }
            }
        }
    }
    chosen
}

fn leading_bit(bits: &[u64]) -> Option<usize> {
    bits.iter()
        .enumerate()
        .find(|(_, w)| **w != 0)
        .map(|(i, w)| i * 64 + w.trailing_zeros() as usize)
}

fn rank_of(candidates: &[(Vec<usize>, Vec<u64>)], words: usize) -> usize {
    let mut basis: Vec<Option<Vec<u64>>> = vec![None; words * 64];
    let mut rank = 0;
    for (_, bits) in candidates {
        let mut reduced = bits.clone();
        while let Some(bit) = leading_bit(&reduced) {
            match &basis[bit] {
                Some(row) => {
                    for (r, x) in reduced.iter_mut().zip(row) {
                        *r ^= x;
                    }
                }
                None => {
                    basis[bit] = Some(reduced);
                    rank += 1;
                    break;
                }
            }
        }
    }
    rank
}

/// Shortest path from `start` to `goal` (both included), not using bond slot `skip`.
fn bfs_path(
    adjacency: &[Vec<(usize, usize)>],
    start: usize,
    goal: usize,
    skip: Option<usize>,
    parent: &mut [usize],
    queue: &mut std::collections::VecDeque<usize>,
) -> Option<Vec<usize>> {
    parent.iter_mut().for_each(|p| *p = usize::MAX);
    queue.clear();
    parent[start] = start;
    queue.push_back(start);
    while let Some(v) = queue.pop_front() {
        if v == goal {
            break;
        }
        for &(w, slot) in &adjacency[v] {
            if Some(slot) == skip || parent[w] != usize::MAX {
                continue;
            }
            parent[w] = v;
            queue.push_back(w);
        }
    }
    if parent[goal] == usize::MAX {
        return None;
    }
    let mut path = vec![goal];
    let mut v = goal;
    while v != start {
        v = parent[v];
        path.push(v);
    }
    path.reverse();
    Some(path)
}

fn bfs_tree(adjacency: &[Vec<(usize, usize)>], root: usize) -> Vec<usize> {
    let mut parent = vec![usize::MAX; adjacency.len()];
    let mut queue = std::collections::VecDeque::new();
    parent[root] = root;
    queue.push_back(root);
    while let Some(v) = queue.pop_front() {
        for &(w, _) in &adjacency[v] {
            if parent[w] == usize::MAX {
                parent[w] = v;
                queue.push_back(w);
            }
        }
    }
    parent
}

/// Path from the tree root to `atom`.
fn tree_path(parent: &[usize], atom: usize) -> Option<Vec<usize>> {
    if parent[atom] == usize::MAX {
        return None;
    }
    let mut path = vec![atom];
    let mut v = atom;
    while parent[v] != v {
        v = parent[v];
        path.push(v);
    }
    path.reverse();
    Some(path)
}
