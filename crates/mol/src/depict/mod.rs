//! Pictures of molecules: 2D coordinates ([`coordinates`]) and their quality ([`assess`]).
//!
//! The layout is written here rather than taken from a crate (see `ARCHITECTURE.md`): ring
//! systems from regular polygons, fused-ring construction and a bridged-bicycle construction
//! (`ring.rs`), chains and substituents placed outwards from the largest ring system
//! (`place.rs`), then overlap refinement (`refine.rs`). Everything is ordered by canonical rank
//! or input position, so the same molecule always gets the same coordinates. Coordinates are
//! in bond-length units, y upwards.
//!
//! ```
//! use regiochem_mol::Molecule;
//! use regiochem_mol::depict::{assess, coordinates};
//!
//! let molecule: Molecule = "C1CC2CNCC1N2".parse().unwrap();
//! let coords = coordinates(&molecule);
//! assert_eq!(coords.len(), 8);
//! assert!(assess(&molecule, &coords).is_clean());
//! ```

mod geometry;
mod graph;
mod place;
mod quality;
mod refine;
mod ring;
mod svg;

pub use geometry::Point;
pub use quality::{CLASH_DISTANCE, LayoutQuality, assess};
pub use svg::{SvgOptions, draw, to_svg};

use crate::Molecule;

/// Space between components laid side by side, in bond lengths.
const COMPONENT_GAP: f64 = 1.5;

/// 2D coordinates of every atom (explicit hydrogen atoms included), indexed by input position.
pub fn coordinates(molecule: &Molecule) -> Vec<Point> {
    let graph = graph::Graph::new(molecule);
    let mut placer = place::Placer::new(&graph, molecule);
    let stereo_bonds: Vec<usize> = molecule
        .bonds()
        .filter(|(_, _, _, bond)| bond.has_stereo())
        .map(|(id, _, _, _)| id.index())
        .collect();
    let refiner = refine::Refiner::new(&graph, &stereo_bonds);
    let components = components(&graph);
    let mut offset = 0.0;
    for atoms in &components {
        placer.place_component(atoms);
        refiner.refine(atoms, &mut placer.coords);
        orient(atoms, &mut placer.coords);
        // Side by side, left to right, centred vertically.
        let (min, max) = bounds(atoms, &placer.coords);
        let shift = Point::new(offset - min.x, -(min.y + max.y) / 2.0);
        for &atom in atoms {
            placer.coords[atom] = placer.coords[atom] + shift;
        }
        offset += max.x - min.x + COMPONENT_GAP;
    }
    placer.coords
}

/// Whether some ring system is bridged: two of its smallest rings share more than one bond
/// (as in norbornane or adamantane), so it cannot be drawn by fusing polygons edge to edge.
pub fn has_bridged_ring_system(molecule: &Molecule) -> bool {
    let graph = graph::Graph::new(molecule);
    graph.blocks.iter().any(|block| {
        block.rings.iter().enumerate().any(|(i, x)| {
            block.rings[i + 1..]
                .iter()
                .any(|y| x.iter().filter(|a| y.contains(a)).count() > 2)
        })
    })
}

/// Connected components, each in input order, ordered by their first atom.
fn components(graph: &graph::Graph) -> Vec<Vec<usize>> {
    let mut seen = vec![false; graph.n];
    let mut out = Vec::new();
    for root in 0..graph.n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut atoms = vec![root];
        let mut next = 0;
        while next < atoms.len() {
            let v = atoms[next];
            next += 1;
            for &(w, _) in &graph.adjacency[v] {
                if !seen[w] {
                    seen[w] = true;
                    atoms.push(w);
                }
            }
        }
        atoms.sort_unstable();
        out.push(atoms);
    }
    out
}

/// Turns a component so that its longest extent is horizontal (principal axis), then so that
/// more of it lies right of and above its centre, which fixes the remaining mirror choices.
fn orient(atoms: &[usize], coords: &mut [Point]) {
    if atoms.len() < 2 {
        return;
    }
    let n = atoms.len() as f64;
    let centre = atoms.iter().fold(Point::default(), |s, &a| s + coords[a]) * (1.0 / n);
    let (mut xx, mut xy, mut yy) = (0.0, 0.0, 0.0);
    for &a in atoms {
        let p = coords[a] - centre;
        xx += p.x * p.x;
        xy += p.x * p.y;
        yy += p.y * p.y;
    }
    let angle = 0.5 * (2.0 * xy).atan2(xx - yy);
    // Snap to multiples of 30 degrees when close, so hexagons keep vertical bonds.
    let step = std::f64::consts::PI / 6.0;
    let snapped = (angle / step).round() * step;
    let angle = if (angle - snapped).abs() < 0.09 {
        snapped
    } else {
        angle
    };
    for &a in atoms {
        coords[a] = (coords[a] - centre).rotated(-angle);
    }
}

fn bounds(atoms: &[usize], coords: &[Point]) -> (Point, Point) {
    let mut min = Point::new(f64::INFINITY, f64::INFINITY);
    let mut max = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &a in atoms {
        min = Point::new(min.x.min(coords[a].x), min.y.min(coords[a].y));
        max = Point::new(max.x.max(coords[a].x), max.y.max(coords[a].y));
    }
    (min, max)
}
