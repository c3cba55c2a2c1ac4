//! Ring membership: a bond is in a ring exactly when it is not a bridge. Read off the way the
//! SMILES was written when it can be ([`perceive_written`]), otherwise by iterative Tarjan
//! lowlink ([`perceive`]); both take linear time and no recursion.

use petgraph::graph::{EdgeIndex, UnGraph};

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
    /// For [`perceive_written`]: the written spanning forest (parent atom, bond to it,
    /// depth), the union-find over contracted ring paths, and the ring flags found.
    parent: Vec<u32>,
    parent_bond: Vec<u32>,
    depth: Vec<u32>,
    up: Vec<u32>,
    ring_bond: Vec<bool>,
    ring_atom: Vec<bool>,
}

/// Sets `in_ring` on every atom and bond of `graph`, built from `smiles` (same atom and bond
/// order), using how the SMILES was written.
///
/// Chain and branch bonds join each atom to one written before it, so they form a spanning
/// forest; every ring-closure bond then closes a cycle with the forest path between its two
/// atoms. A ring-closure bond is therefore a ring bond, and a forest bond is one exactly when
/// it lies on such a path (the fundamental cycles). Paths are walked up to the lowest common
/// ancestor, and bonds already marked are contracted with a union-find, so each bond is
/// walked once. Returns false, leaving `graph` untouched, when the bonds are not laid out
/// that way (a ring-closure bond across a dot, as in `C1.C1`, joins two trees; or a syntax
/// tree built by hand); then use [`perceive`].
pub(crate) fn perceive_written(
    graph: &mut UnGraph<Atom, Bond, u32>,
    smiles: &Smiles,
    scratch: &mut Scratch,
) -> bool {
    let n = smiles.atoms.len();
    let Scratch {
        parent,
        parent_bond,
        depth,
        up,
        ring_bond,
        ring_atom,
        ..
    } = scratch;
    parent.clear();
    parent.resize(n, UNSEEN);
    parent_bond.clear();
    parent_bond.resize(n, UNSEEN);
    for (index, bond) in smiles.bonds.iter().enumerate() {
        if bond.ring_closure {
            continue;
        }
        let (source, target) = (bond.source, bond.target);
        if source >= target || target >= n || parent[target] != UNSEEN {
            return false;
        }
        parent[target] = source as u32;
        parent_bond[target] = index as u32;
    }
    // Parents come before their children, so one pass in atom order suffices.
    depth.clear();
    up.clear();
    for (atom, &above) in parent.iter().enumerate() {
        let d = match above {
            UNSEEN => 0,
            p => depth[p as usize] + 1,
        };
        depth.push(d);
        up.push(atom as u32);
    }
    ring_bond.clear();
    ring_bond.resize(smiles.bonds.len(), false);
    for (index, bond) in smiles.bonds.iter().enumerate() {
        if !bond.ring_closure {
            continue;
        }
        let (u, v) = (bond.source, bond.target);
        if u == v || u >= n || v >= n {
            return false;
        }
        ring_bond[index] = true;
        let mut a = find(up, u as u32);
        let mut b = find(up, v as u32);
        while a != b {
            if depth[a as usize] < depth[b as usize] {
                std::mem::swap(&mut a, &mut b);
            }
            // `a` is the top of its contracted part and below the common ancestor: its bond
            // to its parent is on the cycle. Contract it and go on from the parent.
            let above = parent[a as usize];
            if above == UNSEEN {
                return false; // `a` is a root: the two atoms are in different trees
            }
            ring_bond[parent_bond[a as usize] as usize] = true;
            up[a as usize] = above;
            a = find(up, above);
        }
    }
    ring_atom.clear();
    ring_atom.resize(n, false);
    for (bond, &in_ring) in smiles.bonds.iter().zip(ring_bond.iter()) {
        if in_ring {
            ring_atom[bond.source] = true;
            ring_atom[bond.target] = true;
        }
    }
    for (bond, &in_ring) in graph.edge_weights_mut().zip(ring_bond.iter()) {
        bond.in_ring = in_ring;
    }
    for (atom, &in_ring) in graph.node_weights_mut().zip(ring_atom.iter()) {
        atom.in_ring = in_ring;
    }
    true
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
