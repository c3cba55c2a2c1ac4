//! Ring membership: a bond is in a ring exactly when it is not a bridge. Read off the way the
//! SMILES was written when it can be ([`perceive_written`]), otherwise by iterative Tarjan
//! lowlink ([`perceive`]); both take linear time and no recursion.

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};

use regiochem_smiles::Smiles;

use crate::molecule::Adjacency;
use crate::{Atom, Bond};

const UNSEEN: u32 = u32::MAX;

/// Buffers reused from one molecule to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Discovery order of each atom (`UNSEEN` before).
    order: Vec<u32>,
    /// Lowest discovery order reachable through one back edge.
    low: Vec<u32>,
    /// Stack of (atom, bond used to enter it, next neighbour position).
    stack: Vec<(u32, u32, u32)>,
    bridge: Vec<bool>,
    /// For [`perceive_written`]: the written spanning forest, with the union-find over
    /// contracted ring paths.
    tree: Vec<Tree>,
}

/// One atom of the written forest.
#[derive(Clone, Copy)]
struct Tree {
    /// The atom it is bonded to, written before it (`UNSEEN` for a root) ...
    parent: u32,
    /// ... by this bond.
    bond: u32,
    depth: u32,
    /// Union-find link: the top of its contracted ring path.
    up: u32,
}

/// Sets `in_ring` on every atom and bond of `graph`, built from `smiles` (same atom and bond
/// order, flags clear), using how the SMILES was written.
///
/// Chain and branch bonds join each atom to one written before it, so they form a spanning
/// forest; every ring-closure bond then closes a cycle with the forest path between its two
/// atoms. A ring-closure bond is therefore a ring bond, and a forest bond is one exactly when
/// it lies on such a path (the fundamental cycles). Paths are walked up to the lowest common
/// ancestor, and bonds already marked are contracted with a union-find, so each bond is
/// walked once; the flags are set on the graph as the walk finds them. Returns false, with
/// the flags clear again, when the bonds are not laid out that way (a ring-closure bond
/// across a dot, as in `C1.C1`, joins two trees; or a syntax tree built by hand whose forest
/// bonds are not in the order of their second atoms); then use [`perceive`].
pub(crate) fn perceive_written(
    graph: &mut UnGraph<Atom, Bond, u32>,
    smiles: &Smiles,
    scratch: &mut Scratch,
) -> bool {
    let n = smiles.atoms.len();
    if graph.node_count() != n || graph.edge_count() != smiles.bonds.len() {
        return false;
    }
    let tree = &mut scratch.tree;
    tree.clear();
    tree.extend((0..n as u32).map(|atom| Tree {
        parent: UNSEEN,
        bond: UNSEEN,
        depth: 0,
        up: atom,
    }));
    // Forest bonds in the order of their second atoms, each to an earlier atom: a parent's
    // depth is known before its children's.
    let mut last = None;
    for (index, bond) in smiles.bonds.iter().enumerate() {
        if bond.ring_closure {
            continue;
        }
        let (source, target) = (bond.source, bond.target);
        if source >= target || target >= n || last.is_some_and(|l| l >= target) {
            return false;
        }
        last = Some(target);
        let depth = tree[source].depth + 1;
        tree[target] = Tree {
            parent: source as u32,
            bond: index as u32,
            depth,
            up: target as u32,
        };
    }
    for (index, bond) in smiles.bonds.iter().enumerate() {
        if !bond.ring_closure {
            continue;
        }
        let (u, v) = (bond.source, bond.target);
        if u == v || u >= n || v >= n {
            clear_flags(graph);
            return false;
        }
        mark(graph, index as u32, u, v);
        let mut a = find_tree(tree, u as u32);
        let mut b = find_tree(tree, v as u32);
        while a != b {
            if tree[a as usize].depth < tree[b as usize].depth {
                std::mem::swap(&mut a, &mut b);
            }
            // `a` is the top of its contracted part and below the common ancestor: its bond
            // to its parent is on the cycle. Contract it and go on from the parent.
            let Tree { parent, bond, .. } = tree[a as usize];
            if parent == UNSEEN {
                // `a` is a root: the two atoms are in different trees.
                clear_flags(graph);
                return false;
            }
            mark(graph, bond, a as usize, parent as usize);
            tree[a as usize].up = parent;
            a = find_tree(tree, parent);
        }
    }
    true
}

/// Sets `in_ring` on a bond and its two atoms.
fn mark(graph: &mut UnGraph<Atom, Bond, u32>, bond: u32, a: usize, b: usize) {
    graph[EdgeIndex::new(bond as usize)].in_ring = true;
    graph[NodeIndex::new(a)].in_ring = true;
    graph[NodeIndex::new(b)].in_ring = true;
}

fn clear_flags(graph: &mut UnGraph<Atom, Bond, u32>) {
    for atom in graph.node_weights_mut() {
        atom.in_ring = false;
    }
    for bond in graph.edge_weights_mut() {
        bond.in_ring = false;
    }
}

/// [`find`] over the `up` links of the written forest.
fn find_tree(tree: &mut [Tree], mut atom: u32) -> u32 {
    while tree[atom as usize].up != atom {
        let next = tree[tree[atom as usize].up as usize].up;
        tree[atom as usize].up = next;
        atom = next;
    }
    atom
}

/// The root of `atom` in a union-find (path halving); rings and aromaticity both use it.
pub(crate) fn find(up: &mut [u32], mut atom: u32) -> u32 {
    while up[atom as usize] != atom {
        let next = up[up[atom as usize] as usize];
        up[atom as usize] = next;
        atom = next;
    }
    atom
}

/// Sets `in_ring` on every atom and bond of `graph` by finding its bridges.
pub(crate) fn perceive(
    graph: &mut UnGraph<Atom, Bond, u32>,
    adjacency: &Adjacency,
    scratch: &mut Scratch,
) {
    let n = graph.node_count();
    let Scratch {
        order,
        low,
        stack,
        bridge,
        ..
    } = scratch;
    order.clear();
    order.resize(n, UNSEEN);
    low.clear();
    low.resize(n, 0);
    stack.clear();
    bridge.clear();
    bridge.resize(graph.edge_count(), false);
    let mut counter = 0u32;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push((root as u32, u32::MAX, 0));
        while let Some(&mut (atom, via, ref mut next)) = stack.last_mut() {
            let neighbours = adjacency.neighbours(atom as usize);
            if let Some(&(other, bond)) = neighbours.get(*next as usize) {
                *next += 1;
                if bond == via {
                    continue;
                }
                let other = other as usize;
                if order[other] == UNSEEN {
                    order[other] = counter;
                    low[other] = counter;
                    counter += 1;
                    stack.push((other as u32, bond, 0));
                } else {
                    low[atom as usize] = low[atom as usize].min(order[other]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    let (parent, atom) = (parent as usize, atom as usize);
                    low[parent] = low[parent].min(low[atom]);
                    if low[atom] > order[parent] {
                        bridge[via as usize] = true;
                    }
                }
            }
        }
    }
    for (index, is_bridge) in bridge.iter().enumerate() {
        if !is_bridge {
            let edge = EdgeIndex::new(index);
            graph[edge].in_ring = true;
            if let Some((a, b)) = graph.edge_endpoints(edge) {
                graph[a].in_ring = true;
                graph[b].in_ring = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::molecule::Adjacency;

    /// Ring flags from the written forest equal those from Tarjan's bridges.
    #[test]
    fn written_forest_agrees_with_bridges() {
        for text in [
            "C1CNCCNC1",
            "c1ccc2ccccc2c1",
            "C12C3C4C1C5C2C3C45",
            "CC(C1CC1)C(C2CCC2)C",
            "C1CC2(CC1)CCC2",
            "C1CC.C1",
            "C12.C1C2",
            "O=C1NC(=Cc2ccccc2)C(=O)NC1=Cc1ccccc1",
            "C1CCCCC1CC(C)(C)c1ccccc1.[Na+].[Cl-]",
        ] {
            let smiles = regiochem_smiles::parse(text).unwrap();
            let molecule = crate::build(&smiles, &crate::BuildOptions::default()).unwrap();
            let mut graph = molecule.graph().clone();
            for atom in graph.node_weights_mut() {
                atom.in_ring = false;
            }
            for bond in graph.edge_weights_mut() {
                bond.in_ring = false;
            }
            let mut adjacency = Adjacency::default();
            adjacency.rebuild(&graph);
            super::perceive(&mut graph, &adjacency, &mut super::Scratch::default());
            let atoms = |g: &petgraph::graph::UnGraph<crate::Atom, crate::Bond, u32>| {
                g.node_weights().map(|a| a.in_ring).collect::<Vec<_>>()
            };
            let bonds = |g: &petgraph::graph::UnGraph<crate::Atom, crate::Bond, u32>| {
                g.edge_weights().map(|b| b.in_ring).collect::<Vec<_>>()
            };
            assert_eq!(atoms(&graph), atoms(molecule.graph()), "{text}");
            assert_eq!(bonds(&graph), bonds(molecule.graph()), "{text}");
        }
    }
}
