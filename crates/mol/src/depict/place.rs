//! Placing a whole molecule: the largest ring system (or the end of the longest chain) first,
//! then breadth-first outwards. Each placed atom spreads its unplaced neighbours: a chain atom
//! at 120 degrees, alternating sides (zig-zag; linear at triple bonds and allenes), ring
//! substituents evenly in the widest free angle, so they point away from the ring centres. A
//! ring system met on the way is laid out in its own frame and turned so that its atom points
//! back along the bond; a spiro ring system is turned into the free angle of the shared atom.
//! Of the two mirror images the one less crowded by the atoms already placed is kept.

use std::collections::VecDeque;
use std::f64::consts::{PI, TAU};

use super::geometry::{Motion, Point};
use super::graph::Graph;
use super::ring::layout_block;
use crate::{BondOrder, Molecule};

/// Cis/trans of a double bond: (first atom, second atom, reference on the first, reference on
/// the second, cis).
pub(crate) type DoubleBond = (usize, usize, usize, usize, bool);

pub(crate) struct Placer<'g> {
    graph: &'g Graph,
    pub(crate) coords: Vec<Point>,
    placed: Vec<bool>,
    block_placed: Vec<bool>,
    block_coords: Vec<Option<Vec<Point>>>,
    /// For a bond (by index): atoms on the side of its second atom when it is a bridge.
    side: Vec<usize>,
    stereo: Vec<DoubleBond>,
    queue: VecDeque<usize>,
}

impl<'g> Placer<'g> {
    pub(crate) fn new(graph: &'g Graph, molecule: &Molecule) -> Placer<'g> {
        let stereo = molecule
            .bonds()
            .filter_map(|(_, a, b, bond)| {
                bond.stereo.map(|s| {
                    (
                        a.index(),
                        b.index(),
                        s.ends[0] as usize,
                        s.ends[1] as usize,
                        s.cis,
                    )
                })
            })
            .filter(|&(a, b, x, y, _)| x < graph.n && y < graph.n && a != x && b != y)
            .collect();
        Placer {
            graph,
            coords: vec![Point::default(); graph.n],
            placed: vec![false; graph.n],
            block_placed: vec![false; graph.blocks.len()],
            block_coords: vec![None; graph.blocks.len()],
            side: side_sizes(graph),
            stereo,
            queue: VecDeque::new(),
        }
    }

    /// Places the component made of `atoms` (input order), around the origin.
    pub(crate) fn place_component(&mut self, atoms: &[usize]) {
        let graph = self.graph;
        let blocks: Vec<usize> = (0..graph.blocks.len())
            .filter(|&b| atoms.contains(&graph.blocks[b].atoms[0]))
            .collect();
        if let Some(&seed) = blocks.iter().max_by_key(|&&b| {
            (
                graph.blocks[b].atoms.len(),
                u32::MAX - graph.rank[graph.blocks[b].atoms[0]],
            )
        }) {
            let local = self.block_layout(seed);
            for (i, &atom) in graph.blocks[seed].atoms.iter().enumerate() {
                self.set(atom, local[i]);
            }
            self.block_placed[seed] = true;
        } else {
            let start = chain_end(graph, atoms);
            self.set(start, Point::default());
        }
        while let Some(atom) = self.queue.pop_front() {
            self.expand(atom);
        }
    }

    fn set(&mut self, atom: usize, point: Point) {
        self.coords[atom] = point;
        if !self.placed[atom] {
            self.placed[atom] = true;
            self.queue.push_back(atom);
        }
    }

    fn block_layout(&mut self, block: usize) -> Vec<Point> {
        if self.block_coords[block].is_none() {
            self.block_coords[block] = Some(layout_block(self.graph, &self.graph.blocks[block]));
        }
        self.block_coords[block].clone().unwrap_or_default()
    }

    /// Directions (unit vectors) from `atom` to its placed neighbours.
    fn placed_directions(&self, atom: usize) -> Vec<Point> {
        self.graph.adjacency[atom]
            .iter()
            .filter(|&&(other, _)| self.placed[other])
            .map(|&(other, _)| (self.coords[other] - self.coords[atom]).unit())
            .collect()
    }

    fn expand(&mut self, atom: usize) {
        let graph = self.graph;
        // Spiro: ring systems through this atom that are not placed yet.
        for &block in &graph.atom_blocks[atom] {
            if self.block_placed[block] {
                continue;
            }
            let (start, gap) = widest_gap(&self.placed_directions(atom));
            let target = Point::from_angle(start + gap / 2.0);
            self.attach_block(block, atom, self.coords[atom], target * -1.0);
        }
        let unplaced: Vec<(usize, usize)> = graph.adjacency[atom]
            .iter()
            .copied()
            .filter(|&(other, _)| !self.placed[other])
            .collect();
        if unplaced.is_empty() {
            return;
        }
        let directions = self.directions(atom, &unplaced);
        for ((other, bond), direction) in unplaced.into_iter().zip(directions) {
            if self.placed[other] {
                continue;
            }
            let position = self.coords[atom] + direction;
            let block = graph.atom_blocks[other]
                .iter()
                .copied()
                .find(|&b| !self.block_placed[b]);
            match block {
                Some(block) if !graph.ring_bond[bond] => {
                    self.attach_block(block, other, position, direction * -1.0);
                }
                _ => self.set(other, position),
            }
        }
    }

    /// Lays out `block` so that its atom `anchor` sits at `position` with its outward
    /// direction along `outward`.
    fn attach_block(&mut self, block: usize, anchor: usize, position: Point, outward: Point) {
        let graph = self.graph;
        let local = self.block_layout(block);
        let atoms = &graph.blocks[block].atoms;
        let Some(slot) = atoms.iter().position(|&a| a == anchor) else {
            return;
        };
        let neighbours: Vec<Point> = graph.adjacency[anchor]
            .iter()
            .filter_map(|&(other, _)| atoms.iter().position(|&a| a == other))
            .map(|i| (local[i] - local[slot]).unit())
            .collect();
        let (start, gap) = widest_gap(&neighbours);
        let exterior = Point::from_angle(start + gap / 2.0);
        let mut best: Option<(f64, Motion)> = None;
        for mirror in [false, true] {
            let motion = Motion::aligning(local[slot], exterior, position, outward, mirror);
            let crowding: f64 = atoms
                .iter()
                .zip(&local)
                .filter(|&(&a, _)| a != anchor)
                .map(|(_, &p)| self.crowding(motion.apply(p)))
                .sum();
            if best.as_ref().is_none_or(|(c, _)| crowding < *c - 1e-9) {
                best = Some((crowding, motion));
            }
        }
        let Some((_, motion)) = best else {
            return;
        };
        self.block_placed[block] = true;
        for (&atom, &p) in atoms.iter().zip(&local) {
            if !self.placed[atom] || atom == anchor {
                self.set(atom, motion.apply(p));
            }
        }
    }

    /// How crowded a point is by the atoms placed so far.
    fn crowding(&self, point: Point) -> f64 {
        (0..self.graph.n)
            .filter(|&a| self.placed[a])
            .map(|a| {
                let d = self.coords[a].distance(point).max(0.05);
                if d < 2.0 { 1.0 / (d * d) } else { 0.0 }
            })
            .sum()
    }

    /// Unit directions for the unplaced neighbours of `atom`, in the order given.
    fn directions(&self, atom: usize, unplaced: &[(usize, usize)]) -> Vec<Point> {
        let graph = self.graph;
        let placed: Vec<usize> = graph.adjacency[atom]
            .iter()
            .map(|&(other, _)| other)
            .filter(|&other| self.placed[other])
            .collect();
        let degree = graph.degree(atom);
        if placed.len() == 1 {
            let parent = placed[0];
            let incoming = (self.coords[parent] - self.coords[atom]).unit();
            let linear = degree == 2 && {
                let orders: Vec<BondOrder> = graph.adjacency[atom]
                    .iter()
                    .map(|&(_, b)| graph.order[b])
                    .collect();
                orders.contains(&BondOrder::Triple)
                    || orders.iter().all(|&o| o == BondOrder::Double)
            };
            if linear {
                return vec![incoming * -1.0];
            }
            if degree == 2 || degree == 3 {
                let plus = incoming.rotated(2.0 * PI / 3.0);
                let minus = incoming.rotated(-2.0 * PI / 3.0);
                // Which of the two is "trans" to the atom before the parent (zig-zag)?
                let (trans, cis) = match self.reference_side(atom, parent) {
                    Some(side) if side > 0.0 => (minus, plus),
                    Some(_) => (plus, minus),
                    None => (plus, minus),
                };
                // A cis/trans double bond from the parent: its reference decides.
                if let Some((reference, same_side)) = self.stereo_reference(parent, atom) {
                    let side_of = |d: Point| (self.coords[atom] - self.coords[parent]).cross(d);
                    let wanted = |d: Point| (side_of(d) > 0.0) == (same_side > 0.0);
                    let (first, second) = if wanted(plus) {
                        (plus, minus)
                    } else {
                        (minus, plus)
                    };
                    return unplaced
                        .iter()
                        .map(|&(other, _)| if other == reference { first } else { second })
                        .collect();
                }
                if unplaced.len() == 1 {
                    return vec![trans];
                }
                // Two branches: the larger one continues the zig-zag.
                let size = |&(other, bond): &(usize, usize)| self.side_of(bond, other);
                let (x, y) = (size(&unplaced[0]), size(&unplaced[1]));
                return if x >= y {
                    vec![trans, cis]
                } else {
                    vec![cis, trans]
                };
            }
            let step = TAU / degree as f64;
            return (1..=unplaced.len())
                .map(|i| incoming.rotated(step * i as f64))
                .collect();
        }
        if placed.is_empty() {
            let step = TAU / unplaced.len().max(1) as f64;
            let start = PI / 6.0;
            return (0..unplaced.len())
                .map(|i| Point::from_angle(start + step * i as f64))
                .collect();
        }
        let (start, gap) = self.open_gap(atom);
        let k = unplaced.len() as f64;
        let spread = if unplaced.len() == 2 && gap > 2.0 * PI / 3.0 {
            // Two substituents in a wide gap: 120 degrees apart when it fits evenly.
            let step = (gap / 3.0).min(2.0 * PI / 3.0);
            let middle = start + gap / 2.0;
            return vec![
                Point::from_angle(middle - step / 2.0),
                Point::from_angle(middle + step / 2.0),
            ];
        } else {
            gap / (k + 1.0)
        };
        (1..=unplaced.len())
            .map(|i| Point::from_angle(start + spread * i as f64))
            .collect()
    }

    /// The widest free angle at `atom` among its placed neighbours, not counting the angle
    /// inside a ring (between two ring bonds of one ring system) unless nothing else is open.
    fn open_gap(&self, atom: usize) -> (f64, f64) {
        let graph = self.graph;
        let mut around: Vec<(f64, usize, usize)> = graph.adjacency[atom]
            .iter()
            .filter(|&&(other, _)| self.placed[other])
            .map(|&(other, bond)| {
                let angle = (self.coords[other] - self.coords[atom])
                    .angle()
                    .rem_euclid(TAU);
                (angle, other, bond)
            })
            .collect();
        if around.len() < 2 {
            return widest_gap(&self.placed_directions(atom));
        }
        around.sort_by(|x, y| x.0.total_cmp(&y.0));
        let inside_ring = |x: &(f64, usize, usize), y: &(f64, usize, usize)| {
            graph.ring_bond[x.2]
                && graph.ring_bond[y.2]
                && graph.atom_blocks[x.1]
                    .iter()
                    .any(|b| graph.atom_blocks[y.1].contains(b))
                && graph.adjacency[x.1].len() > 1
        };
        let mut best: Option<(f64, f64, f64)> = None;
        for i in 0..around.len() {
            let (x, y) = (&around[i], &around[(i + 1) % around.len()]);
            let mut width = y.0 - x.0;
            if width <= 0.0 {
                width += TAU;
            }
            let score = if inside_ring(x, y) {
                width - TAU
            } else {
                width
            };
            if best.is_none_or(|b| score > b.2 + 1e-9) {
                best = Some((x.0, width, score));
            }
        }
        best.map_or((0.0, TAU), |(start, width, _)| (start, width))
    }

    /// Side of the line parent -> atom on which the parent's other placed neighbour lies.
    fn reference_side(&self, atom: usize, parent: usize) -> Option<f64> {
        let line = self.coords[atom] - self.coords[parent];
        self.graph.adjacency[parent]
            .iter()
            .map(|&(other, _)| other)
            .find(|&other| other != atom && self.placed[other])
            .map(|other| line.cross(self.coords[other] - self.coords[parent]))
    }

    /// For a stereo double bond `parent = atom`: the reference neighbour of `atom` and the
    /// side (sign of the cross product against parent -> atom) it must take.
    fn stereo_reference(&self, parent: usize, atom: usize) -> Option<(usize, f64)> {
        let &(a, _, x, y, cis) = self
            .stereo
            .iter()
            .find(|&&(a, b, _, _, _)| (a, b) == (parent, atom) || (a, b) == (atom, parent))?;
        let (far_reference, near_reference) = if a == parent { (x, y) } else { (y, x) };
        if !self.placed[far_reference] {
            return None;
        }
        let line = self.coords[atom] - self.coords[parent];
        let far_side = line.cross(self.coords[far_reference] - self.coords[parent]);
        let side = if cis { far_side } else { -far_side };
        Some((near_reference, side))
    }

    fn side_of(&self, bond: usize, far: usize) -> usize {
        let (_, b) = self.graph.bonds[bond];
        let n_side = self.side[bond];
        if far == b {
            n_side
        } else {
            self.graph.n - n_side
        }
    }
}

/// The widest angular gap between the given directions: (start angle, width). A full turn
/// when there are none; the gap after the first direction when there is one.
pub(crate) fn widest_gap(directions: &[Point]) -> (f64, f64) {
    if directions.is_empty() {
        return (0.0, TAU);
    }
    let mut angles: Vec<f64> = directions
        .iter()
        .map(|d| d.angle().rem_euclid(TAU))
        .collect();
    angles.sort_by(f64::total_cmp);
    let mut best = (
        angles[angles.len() - 1],
        angles[0] + TAU - angles[angles.len() - 1],
    );
    for pair in angles.windows(2) {
        let gap = pair[1] - pair[0];
        if gap > best.1 + 1e-9 {
            best = (pair[0], gap);
        }
    }
    best
}

/// For every bond that is a bridge, the number of atoms on the side of its second atom (the
/// number of atoms otherwise). One iterative depth-first search per component.
fn side_sizes(graph: &Graph) -> Vec<usize> {
    let n = graph.n;
    let mut side = vec![n; graph.bonds.len()];
    let mut parent_bond = vec![usize::MAX; n];
    let mut seen = vec![false; n];
    let mut size = vec![1usize; n];
    let mut order = Vec::with_capacity(n);
    let mut component = vec![0usize; n];
    let mut component_size = Vec::new();
    for root in 0..n {
        if seen[root] {
            continue;
        }
        let start = order.len();
        let mut stack = vec![root];
        seen[root] = true;
        while let Some(v) = stack.pop() {
            order.push(v);
            for &(w, bond) in &graph.adjacency[v] {
                if !seen[w] {
                    seen[w] = true;
                    parent_bond[w] = bond;
                    stack.push(w);
                }
            }
        }
        for &v in &order[start..] {
            component[v] = component_size.len();
        }
        component_size.push(order.len() - start);
    }
    for &v in order.iter().rev() {
        let bond = parent_bond[v];
        if bond == usize::MAX {
            continue;
        }
        let (a, b) = graph.bonds[bond];
        let parent = if a == v { b } else { a };
        size[parent] += size[v];
        if !graph.ring_bond[bond] {
            side[bond] = if b == v {
                size[v]
            } else {
                component_size[component[v]] - size[v]
            };
        }
    }
    side
}

/// One end of the longest chain of an acyclic component: the farthest atom from the farthest
/// atom of the lowest-ranked one (ties by rank).
fn chain_end(graph: &Graph, atoms: &[usize]) -> usize {
    let Some(&first) = atoms.iter().min_by_key(|&&a| graph.rank[a]) else {
        return 0;
    };
    let far = farthest(graph, first);
    farthest(graph, far)
}

fn farthest(graph: &Graph, start: usize) -> usize {
    let mut distance = vec![usize::MAX; graph.n];
    distance[start] = 0;
    let mut queue = VecDeque::from([start]);
    let mut best = start;
    while let Some(v) = queue.pop_front() {
        let better = distance[v] > distance[best]
            || (distance[v] == distance[best] && graph.rank[v] < graph.rank[best]);
        if better {
            best = v;
        }
        for &(w, _) in &graph.adjacency[v] {
            if distance[w] == usize::MAX {
                distance[w] = distance[v] + 1;
                queue.push_back(w);
            }
        }
    }
    best
}
