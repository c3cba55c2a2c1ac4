//! Ring systems: one block of ring bonds laid out in its own frame.
//!
//! An isolated ring is a regular polygon. Fused rings are added one at a time to a placed ring
//! they share an edge with, as regular polygons on the far side of that edge. A bridged
//! bicycle (two bridgeheads joined by three paths) is drawn as the two longer paths around
//! the outside and the shortest path across the middle, with unit bonds where the geometry
//! allows it. Other bridged systems add each ring as an arc of unit chords between the ends of
//! its placed part; the sides of those arcs are chosen among all combinations (at most 2^6) by
//! the fewest crossings, clashes and stretched bonds.

use super::geometry::{Point, arc, regular_polygon, segments_cross};
use super::graph::{Block, Graph};

/// Local coordinates of a block, indexed like `block.atoms`.
pub(crate) fn layout_block(graph: &Graph, block: &Block) -> Vec<Point> {
    let local = |atom: usize| block.atoms.iter().position(|&a| a == atom);
    if block.rings.len() == 1 {
        let ring = &block.rings[0];
        let polygon = regular_polygon(ring.len(), start_angle(ring.len()));
        let mut coords = vec![Point::default(); block.atoms.len()];
        for (i, &atom) in ring.iter().enumerate() {
            if let Some(slot) = local(atom) {
                coords[slot] = polygon[i];
            }
        }
        return coords;
    }
    let mut best: Option<(f64, Vec<Point>)> = None;
    let consider = |coords: Vec<Point>, best: &mut Option<(f64, Vec<Point>)>| {
        let score = block_score(graph, block, &coords);
        if best.as_ref().is_none_or(|(s, _)| score < *s - 1e-9) {
            *best = Some((score, coords));
        }
    };
    // A bridged bicycle always takes its own construction: it alone knows which path may
    // cross the middle without a substituent pointing into the drawing.
    if let Some(coords) = bicycle(graph, block) {
        return coords;
    }
    if best.as_ref().is_none_or(|(s, _)| *s > 0.05) {
        // The sides of bridging arcs: all combinations of the first six, then the rest fixed.
        let first = fused(block, 0);
        let bridged = first.as_ref().map_or(0, |(_, arcs)| *arcs);
        if let Some((coords, _)) = first {
            consider(coords, &mut best);
        }
        for mask in 1..(1u32 << bridged.min(6)) {
            if best.as_ref().is_some_and(|(s, _)| *s < 0.05) {
                break;
            }
            if let Some((coords, _)) = fused(block, mask) {
                consider(coords, &mut best);
            }
        }
    }
    match best {
        Some((_, coords)) => coords,
        None => fallback(block),
    }
}

/// Start angle of a lone polygon: a vertex at the top for odd sizes, a flat top for even.
fn start_angle(size: usize) -> f64 {
    let half = std::f64::consts::FRAC_PI_2;
    if size % 2 == 0 {
        half + std::f64::consts::PI / size as f64
    } else {
        half
    }
}

/// Crossings weigh most, then clashes, then bond-length error.
pub(crate) fn block_score(graph: &Graph, block: &Block, coords: &[Point]) -> f64 {
    let local = |atom: usize| block.atoms.iter().position(|&a| a == atom).unwrap_or(0);
    let segments: Vec<(usize, usize)> = block
        .bonds
        .iter()
        .map(|&b| (local(graph.bonds[b].0), local(graph.bonds[b].1)))
        .collect();
    let mut score = 0.0;
    for (i, &(a, b)) in segments.iter().enumerate() {
        let length = coords[a].distance(coords[b]);
        score += (length - 1.0).abs();
        for &(c, d) in &segments[i + 1..] {
            if a == c || a == d || b == c || b == d {
                continue;
            }
            if segments_cross(coords[a], coords[b], coords[c], coords[d]) {
                score += 100.0;
            }
        }
    }
    for i in 0..coords.len() {
        for j in i + 1..coords.len() {
            if segments.contains(&(i, j)) || segments.contains(&(j, i)) {
                continue;
            }
            let d = coords[i].distance(coords[j]);
            if d < 0.5 {
                score += 10.0 * (0.5 - d) + 5.0;
            }
        }
    }
    score
}

/// Fused construction; `mask` bit k flips the side of the k-th bridging arc. Returns the
/// coordinates and how many arcs bridged more than one edge, or `None` when some ring meets the
/// placed ones in a way this construction cannot continue from.
fn fused(block: &Block, mask: u32) -> Option<(Vec<Point>, usize)> {
    let n = block.atoms.len();
    let local = |atom: usize| block.atoms.iter().position(|&a| a == atom);
    let rings: Vec<Vec<usize>> = block
        .rings
        .iter()
        .map(|ring| ring.iter().filter_map(|&a| local(a)).collect())
        .collect();
    let mut coords: Vec<Option<Point>> = vec![None; n];
    let mut done = vec![false; rings.len()];
    let mut centres: Vec<Option<Point>> = vec![None; rings.len()];
    // Start with the ring sharing the most bonds with others, then the largest.
    let shared = |r: usize| {
        let ring = &rings[r];
        (0..ring.len())
            .filter(|&i| {
                let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                rings.iter().enumerate().any(|(s, other)| {
                    s != r && other.contains(&a) && other.contains(&b) && adjacent(other, a, b)
                })
            })
            .count()
    };
    let first = (0..rings.len()).max_by_key(|&r| (shared(r), rings[r].len(), usize::MAX - r))?;
    let polygon = regular_polygon(rings[first].len(), start_angle(rings[first].len()));
    for (i, &atom) in rings[first].iter().enumerate() {
        coords[atom] = Some(polygon[i]);
    }
    centres[first] = Some(Point::default());
    done[first] = true;
    let mut arcs = 0usize;
    loop {
        // The ring with the most placed atoms (at least two), the first such on ties.
        let next = (0..rings.len())
            .filter(|&r| !done[r])
            .map(|r| (r, rings[r].iter().filter(|&&a| coords[a].is_some()).count()))
            .filter(|&(_, placed)| placed >= 2)
            .max_by_key(|&(r, placed)| (placed, usize::MAX - r));
        let Some((r, placed)) = next else {
            break;
        };
        let ring = &rings[r];
        let k = ring.len();
        done[r] = true;
        if placed == k {
            centres[r] = Some(centroid(ring.iter().filter_map(|&a| coords[a])));
            continue;
        }
        // The placed atoms must be one run in ring order: find where it starts.
        let is_placed = |i: usize| coords[ring[i % k]].is_some();
        let starts: Vec<usize> = (0..k)
            .filter(|&i| is_placed(i) && !is_placed(i + k - 1))
            .collect();
        if starts.len() != 1 {
            return None;
        }
        let run_start = starts[0];
        let run_end = (run_start + placed - 1) % k;
        // Unplaced atoms go from after run_end round to before run_start.
        let a = coords[ring[run_end]]?;
        let b = coords[ring[run_start]]?;
        let segments = k - placed + 1;
        let direction = b - a;
        let left = direction.normal();
        let away_from = if placed == 2 {
            // A fused edge: away from the centre of the placed ring holding that edge.
            (0..rings.len())
                .filter(|&s| done[s] && s != r && centres[s].is_some())
                .find(|&s| adjacent(&rings[s], ring[run_end], ring[run_start]))
                .and_then(|s| centres[s])
                .unwrap_or_else(|| centroid(coords.iter().flatten().copied()))
        } else {
            centroid(coords.iter().flatten().copied())
        };
        let mut bulge_left = (away_from - (a + b) * 0.5).dot(left) < 0.0;
        if placed > 2 {
            if mask >> arcs & 1 == 1 {
                bulge_left = !bulge_left;
            }
            arcs += 1;
        }
        let points = arc(a, b, segments, bulge_left);
        for (i, point) in points.into_iter().enumerate() {
            coords[ring[(run_end + 1 + i) % k]] = Some(point);
        }
        centres[r] = Some(centroid(ring.iter().filter_map(|&a| coords[a])));
    }
    if coords.iter().any(Option::is_none) {
        return None;
    }
    Some((coords.into_iter().flatten().collect(), arcs))
}

/// Whether `a` and `b` are consecutive in `ring`.
fn adjacent(ring: &[usize], a: usize, b: usize) -> bool {
    let k = ring.len();
    (0..k).any(|i| {
        let (x, y) = (ring[i], ring[(i + 1) % k]);
        (x == a && y == b) || (x == b && y == a)
    })
}

fn centroid(points: impl Iterator<Item = Point>) -> Point {
    let (mut sum, mut count) = (Point::default(), 0usize);
    for p in points {
        sum = sum + p;
        count += 1;
    }
    if count == 0 {
        sum
    } else {
        sum * (1.0 / count as f64)
    }
}

/// A bridged bicycle: two bridgeheads joined by three paths of at least one atom each. The
/// longest path arcs above, the next below, the shortest crosses the middle.
fn bicycle(graph: &Graph, block: &Block) -> Option<Vec<Point>> {
    if block.rings.len() != 2 {
        return None;
    }
    let n = block.atoms.len();
    let local = |atom: usize| block.atoms.iter().position(|&a| a == atom);
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &bond in &block.bonds {
        let (a, b) = graph.bonds[bond];
        let (a, b) = (local(a)?, local(b)?);
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    let heads: Vec<usize> = (0..n).filter(|&a| neighbours[a].len() == 3).collect();
    if heads.len() != 2 || neighbours.iter().any(|list| list.len() > 3) {
        return None;
    }
    let (h1, h2) = (heads[0], heads[1]);
    let mut paths: Vec<Vec<usize>> = Vec::new();
    for &start in &neighbours[h1] {
        let mut path = Vec::new();
        let (mut previous, mut current) = (h1, start);
        while current != h2 {
            path.push(current);
            let next = *neighbours[current].iter().find(|&&x| x != previous)?;
            previous = current;
            current = next;
            if path.len() > n {
                return None;
            }
        }
        paths.push(path);
    }
    // Longest first; ties by the rank of the first atom.
    paths.sort_by_key(|p| {
        (
            usize::MAX - p.len(),
            p.first().map(|&a| graph.rank[block.atoms[a]]),
        )
    });
    if paths[2].is_empty() {
        return None; // fused, not bridged
    }
    // Each path may cross the middle; the middle one's atoms should carry no substituents
    // (they would point into the drawing), so those count against a choice.
    let mut best: Option<(f64, Vec<Point>)> = None;
    for middle in [2, 1, 0] {
        let others: Vec<usize> = (0..3).filter(|&i| i != middle).collect();
        let (upper, lower) = (&paths[others[0]], &paths[others[1]]);
        let coords = bicycle_with(n, h1, h2, upper, lower, &paths[middle]);
        let substituted = paths[middle]
            .iter()
            .filter(|&&a| graph.degree(block.atoms[a]) > 2)
            .count();
        let score = block_score(graph, block, &coords) + 50.0 * substituted as f64;
        if best.as_ref().is_none_or(|(s, _)| score < *s - 1e-9) {
            best = Some((score, coords));
        }
    }
    best.map(|(_, coords)| coords)
}

/// Bridgeheads on the x axis, `lower` bulging down, `middle` across bulging up a little and
/// `upper` above it.
fn bicycle_with(
    n: usize,
    h1: usize,
    h2: usize,
    upper: &[usize],
    lower: &[usize],
    middle: &[usize],
) -> Vec<Point> {
    let mut coords = vec![Point::default(); n];
    let middle_segments = middle.len() + 1;
    let lower_segments = lower.len() + 1;
    let span = 0.9 * middle_segments.min(lower_segments) as f64;
    let a = Point::new(-span / 2.0, 0.0);
    let b = Point::new(span / 2.0, 0.0);
    coords[h1] = a;
    coords[h2] = b;
    let bridge = arc(a, b, middle_segments, true);
    let bridge_height = bridge.iter().map(|p| p.y).fold(0.0, f64::max);
    let lower_scale = (1.0f64).max((span + 0.6) / lower_segments as f64);
    let below = scaled_arc(a, b, lower_segments, false, lower_scale);
    let upper_segments = upper.len() + 1;
    let mut upper_scale = 1.0;
    let mut above = scaled_arc(a, b, upper_segments, true, upper_scale);
    while upper_scale < 1.8 && above.iter().map(|p| p.y).fold(0.0, f64::max) < bridge_height + 0.7 {
        upper_scale += 0.05;
        above = scaled_arc(a, b, upper_segments, true, upper_scale);
    }
    for (path, points) in [(upper, above), (lower, below), (middle, bridge)] {
        for (&atom, point) in path.iter().zip(points) {
            coords[atom] = point;
        }
    }
    coords
}

/// An arc of chords of length `scale`.
fn scaled_arc(a: Point, b: Point, segments: usize, left: bool, scale: f64) -> Vec<Point> {
    arc(a * (1.0 / scale), b * (1.0 / scale), segments, left)
        .into_iter()
        .map(|p| p * scale)
        .collect()
}

/// Last resort for ring systems the constructions above cannot place: atoms on a circle in
/// breadth-first order.
fn fallback(block: &Block) -> Vec<Point> {
    regular_polygon(block.atoms.len(), 0.0)
}
