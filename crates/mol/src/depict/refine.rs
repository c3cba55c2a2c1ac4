//! Overlap refinement, after CDK's layout refiner: find atoms that clash and bonds that cross,
//! then try moves on the acyclic bonds of the paths between them (flip one side across the
//! bond, bend it about either end) and keep the move that lowers the
//! congestion most, until none does. Moves only ever act on a whole side of a bridge, so ring
//! systems keep their shapes.

use std::collections::VecDeque;

use super::geometry::{Point, reflect, segments_cross};
use super::graph::Graph;
use crate::BondOrder;

/// Non-bonded atoms closer than this count as congested.
const CONGESTED: f64 = 0.6;
/// Bounds on the work per component.
const MAX_ROUNDS: usize = 40;

pub(crate) struct Refiner<'g> {
    graph: &'g Graph,
    /// Bonded pairs, for skipping them in the congestion sum.
    bonded: Vec<Vec<usize>>,
    /// Bonds whose side may move: acyclic, not a stereo double bond.
    movable: Vec<bool>,
}

#[derive(Clone, Copy)]
enum Move {
    Flip,
    Bend(f64),
}

impl<'g> Refiner<'g> {
    pub(crate) fn new(graph: &'g Graph, stereo_bonds: &[usize]) -> Refiner<'g> {
        let bonded = (0..graph.n)
            .map(|a| graph.adjacency[a].iter().map(|&(b, _)| b).collect())
            .collect();
        let movable = (0..graph.bonds.len())
            .map(|b| {
                !graph.ring_bond[b]
                    && !stereo_bonds.contains(&b)
                    && graph.order[b] != BondOrder::Triple
            })
            .collect();
        Refiner {
            graph,
            bonded,
            movable,
        }
    }

    /// Refines the coordinates of one component.
    pub(crate) fn refine(&self, atoms: &[usize], coords: &mut [Point]) {
        let mut current = self.score(atoms, coords);
        let mut trial = coords.to_vec();
        for _ in 0..MAX_ROUNDS {
            if current < 1e-9 {
                break;
            }
            let bonds = self.candidate_bonds(atoms, coords);
            let mut best: Option<(f64, usize, usize, Move)> = None;
            for &(bond, moving) in &bonds {
                let side = self.side(bond, moving);
                if side.len() * 2 > atoms.len() + 1 {
                    continue;
                }
                let moves = [
                    Move::Flip,
                    Move::Bend(0.35),
                    Move::Bend(-0.35),
                    Move::Bend(0.7),
                    Move::Bend(-0.7),
                ];
                for m in moves {
                    trial.copy_from_slice(coords);
                    self.apply(bond, moving, &side, m, &mut trial);
                    let cost = match m {
                        Move::Flip => 0.0,
                        Move::Bend(angle) => 0.15 * angle.abs(),
                    };
                    let score = self.score(atoms, &trial) + cost;
                    if score < current - 1e-6 && best.as_ref().is_none_or(|b| score < b.0 - 1e-9) {
                        best = Some((score, bond, moving, m));
                    }
                }
            }
            let Some((_, bond, moving, m)) = best else {
                break;
            };
            let side = self.side(bond, moving);
            self.apply(bond, moving, &side, m, coords);
            current = self.score(atoms, coords);
        }
    }

    fn apply(&self, bond: usize, moving: usize, side: &[usize], m: Move, coords: &mut [Point]) {
        let (a, b) = self.graph.bonds[bond];
        let pivot = if moving == a { b } else { a };
        let (p, q) = (coords[pivot], coords[moving]);
        match m {
            Move::Flip => {
                for &atom in side {
                    coords[atom] = reflect(coords[atom], p, q);
                }
            }
            Move::Bend(angle) => {
                for &atom in side {
                    coords[atom] = p + (coords[atom] - p).rotated(angle);
                }
            }
        }
    }

    /// Atoms on the side of `moving` when `bond` is removed.
    fn side(&self, bond: usize, moving: usize) -> Vec<usize> {
        let mut seen = vec![false; self.graph.n];
        let (a, b) = self.graph.bonds[bond];
        let other = if moving == a { b } else { a };
        seen[other] = true;
        seen[moving] = true;
        let mut out = vec![moving];
        let mut stack = vec![moving];
        while let Some(v) = stack.pop() {
            for &(w, _) in &self.graph.adjacency[v] {
                if !seen[w] {
                    seen[w] = true;
                    out.push(w);
                    stack.push(w);
                }
            }
        }
        out
    }

    /// Movable bonds on the shortest paths between congested atoms, each with the end whose
    /// side is the smaller.
    fn candidate_bonds(&self, atoms: &[usize], coords: &[Point]) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for (i, &x) in atoms.iter().enumerate() {
            for &y in &atoms[i + 1..] {
                if !self.bonded[x].contains(&y) && coords[x].distance(coords[y]) < CONGESTED {
                    pairs.push((x, y));
                }
            }
        }
        let bonds = self.bonds_of(atoms);
        for (i, &(a, b)) in bonds.iter().enumerate() {
            for &(c, d) in &bonds[i + 1..] {
                if a == c || a == d || b == c || b == d {
                    continue;
                }
                if segments_cross(coords[a], coords[b], coords[c], coords[d]) {
                    pairs.push((a, c));
                    pairs.push((b, d));
                }
            }
        }
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (x, y) in pairs.into_iter().take(12) {
            for bond in self.path_bonds(x, y) {
                if !self.movable[bond] {
                    continue;
                }
                let (a, b) = self.graph.bonds[bond];
                for moving in [a, b] {
                    if !out.contains(&(bond, moving)) {
                        out.push((bond, moving));
                    }
                }
            }
        }
        out
    }

    fn bonds_of(&self, atoms: &[usize]) -> Vec<(usize, usize)> {
        let mut bonds = Vec::new();
        for &a in atoms {
            for &(b, _) in &self.graph.adjacency[a] {
                if a < b {
                    bonds.push((a, b));
                }
            }
        }
        bonds
    }

    /// Bonds on the breadth-first shortest path from `x` to `y`.
    fn path_bonds(&self, x: usize, y: usize) -> Vec<usize> {
        let mut parent = vec![(usize::MAX, usize::MAX); self.graph.n];
        parent[x] = (x, usize::MAX);
        let mut queue = VecDeque::from([x]);
        while let Some(v) = queue.pop_front() {
            if v == y {
                break;
            }
            for &(w, bond) in &self.graph.adjacency[v] {
                if parent[w].0 == usize::MAX {
                    parent[w] = (v, bond);
                    queue.push_back(w);
                }
            }
        }
        let mut out = Vec::new();
        let mut v = y;
        while v != x && parent[v].0 != usize::MAX {
            out.push(parent[v].1);
            v = parent[v].0;
        }
        out
    }

    /// Congestion: crossings weigh 10 each; non-bonded pairs closer than one bond length add
    /// `1/d - 1`.
    pub(crate) fn score(&self, atoms: &[usize], coords: &[Point]) -> f64 {
        let mut score = 0.0;
        for (i, &x) in atoms.iter().enumerate() {
            for &y in &atoms[i + 1..] {
                let d = coords[x].distance(coords[y]);
                if d < 1.0 && !self.bonded[x].contains(&y) {
                    score += 1.0 / d.max(0.01) - 1.0;
                }
            }
        }
        let bonds = self.bonds_of(atoms);
        for (i, &(a, b)) in bonds.iter().enumerate() {
            for &(c, d) in &bonds[i + 1..] {
                if a == c || a == d || b == c || b == d {
                    continue;
                }
                if segments_cross(coords[a], coords[b], coords[c], coords[d]) {
                    score += 10.0;
                }
            }
        }
        score
    }
}
