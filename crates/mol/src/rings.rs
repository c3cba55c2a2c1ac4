//! Ring membership: a bond is in a ring exactly when it is not a bridge (iterative Tarjan
//! lowlink, linear time, no recursion).

use petgraph::graph::{EdgeIndex, UnGraph};

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
}

/// Sets `in_ring` on every atom and bond of `graph`.
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
