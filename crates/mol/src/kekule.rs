//! Kekulisation: give every aromatic atom that needs one exactly one double bond, by maximum
//! matching on the aromatic bonds (greedy, then Edmonds' blossom augmentation for what the
//! greedy pass leaves, component by component).

use petgraph::graph::{EdgeIndex, UnGraph};

use crate::valence::allowed_valences;
use crate::{Atom, Bond, BondOrder};

const NONE: u32 = u32::MAX;

/// Buffers reused from one molecule to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Whether each atom needs a double bond.
    needs: Vec<bool>,
    /// Position of each atom among the atoms that need a double bond (`NONE` otherwise).
    local: Vec<u32>,
    /// The atoms that need a double bond.
    atoms: Vec<usize>,
    /// Aromatic bonds between two of them: (local atom, local atom, bond).
    bonds: Vec<(u32, u32, u32)>,
    /// Candidate bonds between them, as compact neighbour lists.
    candidates: Candidates,
    /// Partner of each local atom in the matching (`NONE` when unmatched).
    mate: Vec<u32>,
    by_degree: Vec<u32>,
}

/// Compact neighbour lists over the atoms that need a double bond: `(local neighbour, bond)`.
#[derive(Default)]
struct Candidates {
    offsets: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Candidates {
    fn neighbours(&self, v: u32) -> &[(u32, u32)] {
        &self.entries[self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize]
    }

    fn degree(&self, v: u32) -> u32 {
        self.offsets[v as usize + 1] - self.offsets[v as usize]
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// Turns input aromatic bonds into single and double bonds. Expects aromatic bonds to have
/// order single, as `build` makes them, and sets the double ones. `used` is the valence each
/// atom's bonds use, aromatic bonds counting one. On failure returns the index of an atom that could
/// not get its double bond.
pub(crate) fn kekulize(
    graph: &mut UnGraph<Atom, Bond, u32>,
    used: &[u32],
    scratch: &mut Scratch,
) -> Result<(), usize> {
    let n = graph.node_count();
    let needs = &mut scratch.needs;
    needs.clear();
    needs.resize(n, false);
    let local = &mut scratch.local;
    local.clear();
    local.resize(n, NONE);
    let atoms = &mut scratch.atoms;
    atoms.clear();
    for (index, atom) in graph.node_weights().enumerate() {
        if !atom.aromatic {
            continue;
        }
        let total = used[index] + u32::from(atom.hydrogens);
        // An atom takes a double bond when the next valence it can have is above what it
        // uses: c (3 used, valence 4), n (2 used, 3), [n+] (3 used, 4), n(=O) (4 used, 5);
        // not [nH], o, s.
        needs[index] = allowed_valences(atom.element, atom.charge)
            .and_then(|valences| valences.iter().find(|&&v| u32::from(v) >= total))
            .is_some_and(|&v| u32::from(v) > total);
        if needs[index] {
            local[index] = atoms.len() as u32;
            atoms.push(index);
        }
    }
    // Aromatic bonds are built single, so only the double bonds need setting.
    if atoms.is_empty() {
        return Ok(());
    }

    // Candidate graph: aromatic bonds between two atoms that need a double bond.
    let m = atoms.len();
    let bonds = &mut scratch.bonds;
    bonds.clear();
    for (index, edge) in graph.raw_edges().iter().enumerate() {
        let (a, b) = (edge.source().index(), edge.target().index());
        if edge.weight.aromatic && needs[a] && needs[b] {
            bonds.push((local[a], local[b], index as u32));
        }
    }
    // Counting sort into compact lists: count, turn counts into list ends, then place bonds
    // from the last to the first, so each list ends up in bond order.
    let lists = &mut scratch.candidates;
    lists.offsets.clear();
    lists.offsets.resize(m + 1, 0);
    for &(a, b, _) in bonds.iter() {
        lists.offsets[a as usize] += 1;
        lists.offsets[b as usize] += 1;
    }
    let mut total = 0;
    for end in &mut lists.offsets {
        total += *end;
        *end = total;
    }
    lists.entries.clear();
    lists.entries.resize(total as usize, (NONE, NONE));
    for &(a, b, index) in bonds.iter().rev() {
        lists.offsets[a as usize] -= 1;
        lists.entries[lists.offsets[a as usize] as usize] = (b, index);
        lists.offsets[b as usize] -= 1;
        lists.entries[lists.offsets[b as usize] as usize] = (a, index);
    }
    let lists = &scratch.candidates;

    let mate = &mut scratch.mate;
    mate.clear();
    mate.resize(m, NONE);
    // Greedy: atoms with fewest candidates first, each to its neighbour with fewest candidates.
    let by_degree = &mut scratch.by_degree;
    order_by_degree(lists, by_degree);
    for &v in by_degree.iter() {
        if mate[v as usize] != NONE {
            continue;
        }
        let best = lists
            .neighbours(v)
            .iter()
            .filter(|&&(u, _)| mate[u as usize] == NONE)
            .min_by_key(|&&(u, _)| (lists.degree(u), u));
        if let Some(&(u, _)) = best {
            mate[v as usize] = u;
            mate[u as usize] = v;
        }
    }
    if mate.contains(&NONE) {
        let mut blossom = Blossom::new(lists);
        for root in 0..m {
            if mate[root] == NONE && !blossom.augment(root as u32, mate) {
                return Err(scratch.atoms[root]);
            }
        }
    }

    for v in 0..m as u32 {
        let u = mate[v as usize];
        if v < u {
            if let Some(&(_, bond)) = lists.neighbours(v).iter().find(|&&(w, _)| w == u) {
                graph[EdgeIndex::new(bond as usize)].order = BondOrder::Double;
            }
        }
    }
    Ok(())
}

/// Fills `order` with the atoms of `lists` sorted by (candidate count, atom). Aromatic atoms
/// have at most three candidate bonds, so a counting sort by degree (atoms in increasing order
/// within each degree) does it in linear time; a general sort past `SMALL` candidates.
fn order_by_degree(lists: &Candidates, order: &mut Vec<u32>) {
    const SMALL: usize = 4;
    let m = lists.len() as u32;
    order.clear();
    let mut counts = [0u32; SMALL + 1];
    for v in 0..m {
        let degree = lists.degree(v) as usize;
        if degree > SMALL {
            order.extend(0..m);
            order.sort_unstable_by_key(|&v| (lists.degree(v), v));
            return;
        }
        counts[degree] += 1;
    }
    // Where each degree's atoms start.
    let mut start = 0;
    for count in &mut counts {
        let here = *count;
        *count = start;
        start += here;
    }
    order.resize(m as usize, 0);
    for v in 0..m {
        let slot = &mut counts[lists.degree(v) as usize];
        order[*slot as usize] = v;
        *slot += 1;
    }
}

/// Edmonds' blossom search for one augmenting path at a time.
struct Blossom<'a> {
    adjacency: &'a Candidates,
    parent: Vec<u32>,
    base: Vec<u32>,
    used: Vec<bool>,
    in_blossom: Vec<bool>,
    queue: std::collections::VecDeque<u32>,
}

impl<'a> Blossom<'a> {
    fn new(adjacency: &'a Candidates) -> Self {
        let m = adjacency.len();
        Blossom {
            adjacency,
            parent: vec![NONE; m],
            base: (0..m as u32).collect(),
            used: vec![false; m],
            in_blossom: vec![false; m],
            queue: std::collections::VecDeque::new(),
        }
    }

    /// Finds an augmenting path from `root` and flips it; false when there is none.
    fn augment(&mut self, root: u32, mate: &mut [u32]) -> bool {
        let Some(mut v) = self.find_path(root, mate) else {
            return false;
        };
        while v != NONE {
            let pv = self.parent[v as usize];
            let next = mate[pv as usize];
            mate[v as usize] = pv;
            mate[pv as usize] = v;
            v = next;
        }
        true
    }

    fn find_path(&mut self, root: u32, mate: &[u32]) -> Option<u32> {
        let m = self.adjacency.len();
        self.used.fill(false);
        self.parent.fill(NONE);
        for (i, b) in self.base.iter_mut().enumerate() {
            *b = i as u32;
        }
        self.used[root as usize] = true;
        self.queue.clear();
        self.queue.push_back(root);
        while let Some(v) = self.queue.pop_front() {
            for &(to, _) in self.adjacency.neighbours(v) {
                if self.base[v as usize] == self.base[to as usize] || mate[v as usize] == to {
                    continue;
                }
                let to_matched = mate[to as usize];
                if to == root || (to_matched != NONE && self.parent[to_matched as usize] != NONE) {
                    let current = self.lowest_common_ancestor(v, to, mate);
                    self.in_blossom.fill(false);
                    self.mark_path(v, current, to, mate);
                    self.mark_path(to, current, v, mate);
                    for i in 0..m {
                        if self.in_blossom[self.base[i] as usize] {
                            self.base[i] = current;
                            if !self.used[i] {
                                self.used[i] = true;
                                self.queue.push_back(i as u32);
                            }
                        }
                    }
                } else if self.parent[to as usize] == NONE {
                    self.parent[to as usize] = v;
                    if to_matched == NONE {
                        return Some(to);
                    }
                    self.used[to_matched as usize] = true;
                    self.queue.push_back(to_matched);
                }
            }
        }
        None
    }

    fn lowest_common_ancestor(&self, mut a: u32, mut b: u32, mate: &[u32]) -> u32 {
        let mut seen = vec![false; self.adjacency.len()];
        loop {
            a = self.base[a as usize];
            seen[a as usize] = true;
            if mate[a as usize] == NONE {
                break;
            }
            a = self.parent[mate[a as usize] as usize];
        }
        loop {
            b = self.base[b as usize];
            if seen[b as usize] {
                return b;
            }
            b = self.parent[mate[b as usize] as usize];
        }
    }

    fn mark_path(&mut self, mut v: u32, base: u32, mut child: u32, mate: &[u32]) {
        while self.base[v as usize] != base {
            let matched = mate[v as usize];
            self.in_blossom[self.base[v as usize] as usize] = true;
            self.in_blossom[self.base[matched as usize] as usize] = true;
            self.parent[v as usize] = child;
            child = matched;
            v = self.parent[matched as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Candidates, order_by_degree};

    /// The counting sort gives the order of a sort by (degree, atom), also past its limit.
    #[test]
    fn order_by_degree_is_sorted_order() {
        for degrees in [
            vec![],
            vec![2, 2, 2],
            vec![3, 1, 2, 0, 2, 3, 1],
            vec![1, 4, 4, 2, 0],
            vec![5, 1, 7, 2, 2, 0],
        ] {
            let mut offsets = vec![0u32];
            for &d in &degrees {
                offsets.push(offsets.last().unwrap() + d);
            }
            let total = *offsets.last().unwrap() as usize;
            let lists = Candidates {
                offsets,
                entries: vec![(0, 0); total],
            };
            let mut expected: Vec<u32> = (0..degrees.len() as u32).collect();
            expected.sort_by_key(|&v| (degrees[v as usize], v));
            let mut order = Vec::new();
            order_by_degree(&lists, &mut order);
            assert_eq!(order, expected, "{degrees:?}");
        }
    }
}
