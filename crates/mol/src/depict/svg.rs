//! SVG drawings of molecules: pure SVG text with the generic `sans-serif` font, numbers written
//! with fixed precision, so the same molecule and options give byte-identical output.

use std::fmt::Write as _;

use super::geometry::Point;
use super::graph::Graph;
use crate::atom::IMPLICIT_H;
use crate::{BondOrder, Chirality, Molecule, Pattern};

/// Pixels per bond length.
const SCALE: f64 = 32.0;
const MARGIN: f64 = 18.0;
const FONT: f64 = 13.0;
const HIGHLIGHT: &str = "#ffb347";

/// What to draw besides the structure.
#[derive(Clone, Debug, Default)]
pub struct SvgOptions {
    /// Atoms to highlight (input positions); bonds between two of them are highlighted too.
    pub highlight: Vec<usize>,
    /// Draw protecting groups as their atoms instead of labels (Boc, Cbz, Fmoc, Ns, Ts, Trt, Bn).
    pub no_abbreviations: bool,
    /// A line of text under the structure.
    pub legend: Option<String>,
}

/// A protecting-group pattern from `data/abbreviations.tsv`.
struct Abbreviation {
    label: &'static str,
    pattern: Pattern,
}

fn abbreviations() -> &'static [Abbreviation] {
    static TABLE: std::sync::OnceLock<Vec<Abbreviation>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../data/abbreviations.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .skip(1)
            .filter_map(|line| {
                let (label, smarts) = line.split_once('\t')?;
                // Invariant: the shipped table is valid SMARTS (a unit test reads every row).
                Pattern::new(smarts)
                    .ok()
                    .map(|pattern| Abbreviation { label, pattern })
            })
            .collect()
    })
}

/// Groups to draw as labels: (attachment atom, label, hidden atoms).
fn find_groups(molecule: &Molecule) -> Vec<(usize, &'static str, Vec<usize>)> {
    let mut taken = vec![false; molecule.atom_count()];
    let mut groups = Vec::new();
    for abbreviation in abbreviations() {
        for found in molecule.matches(&abbreviation.pattern) {
            let atoms: Vec<usize> = found.atoms().iter().map(|a| a.index()).collect();
            if atoms.iter().any(|&a| taken[a]) {
                continue;
            }
            let anchor = atoms[0];
            // Exactly one bond leaves the group, from its attachment atom.
            let leaving: Vec<(usize, usize)> = atoms
                .iter()
                .flat_map(|&a| {
                    molecule
                        .neighbors(found.atoms()[atoms.iter().position(|&x| x == a).unwrap_or(0)])
                        .map(move |(b, _)| (a, b.index()))
                })
                .filter(|(_, b)| !atoms.contains(b))
                .collect();
            if leaving.len() != 1 || leaving[0].0 != anchor {
                continue;
            }
            for &a in &atoms {
                taken[a] = true;
            }
            groups.push((anchor, abbreviation.label, atoms[1..].to_vec()));
        }
    }
    groups.sort_by_key(|group| group.0);
    groups
}

/// Draws `molecule` at `coords` (from [`super::coordinates`]) as an SVG document.
pub fn to_svg(molecule: &Molecule, coords: &[Point], options: &SvgOptions) -> String {
    let (body, width, height) = draw(molecule, coords, options);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n"
    );
    out
}

/// The drawing's elements without the `<svg>` wrapper, and its width and height in pixels.
pub fn draw(molecule: &Molecule, coords: &[Point], options: &SvgOptions) -> (String, f64, f64) {
    let graph = Graph::new(molecule);
    let n = molecule.atom_count();
    let groups = if options.no_abbreviations {
        Vec::new()
    } else {
        find_groups(molecule)
    };
    let mut hidden = vec![false; n];
    let mut label_override: Vec<Option<&str>> = vec![None; n];
    for (anchor, label, atoms) in &groups {
        for &a in atoms {
            hidden[a] = true;
        }
        label_override[*anchor] = Some(label);
    }
    let visible: Vec<usize> = (0..n).filter(|&a| !hidden[a]).collect();
    let (mut min, mut max) = (Point::new(0.0, 0.0), Point::new(0.0, 0.0));
    if let Some(&first) = visible.first() {
        min = coords[first];
        max = coords[first];
    }
    for &a in &visible {
        min = Point::new(min.x.min(coords[a].x), min.y.min(coords[a].y));
        max = Point::new(max.x.max(coords[a].x), max.y.max(coords[a].y));
    }
    let legend_height = if options.legend.is_some() { 22.0 } else { 0.0 };
    let legend_width = options
        .legend
        .as_ref()
        .map_or(0.0, |l| 6.8 * l.chars().count() as f64 + 16.0);
    let width = ((max.x - min.x) * SCALE + 2.0 * MARGIN + 24.0).max(legend_width);
    let x_offset = (width - ((max.x - min.x) * SCALE + 2.0 * MARGIN + 24.0)) / 2.0;
    let height = (max.y - min.y) * SCALE + 2.0 * MARGIN + legend_height;
    let to_px = |p: Point| {
        Point::new(
            (p.x - min.x) * SCALE + MARGIN + 12.0 + x_offset,
            (max.y - p.y) * SCALE + MARGIN,
        )
    };
    let labels: Vec<Option<Label>> = (0..n)
        .map(|a| {
            if hidden[a] {
                None
            } else {
                label(molecule, &graph, coords, a, label_override[a])
            }
        })
        .collect();
    let highlighted = |a: usize| options.highlight.contains(&a);
    let mut out = String::new();
    // Highlights behind everything.
    for &(a, b) in &graph.bonds {
        if highlighted(a) && highlighted(b) && !hidden[a] && !hidden[b] {
            let (p, q) = (to_px(coords[a]), to_px(coords[b]));
            let _ = writeln!(
                out,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{HIGHLIGHT}\" stroke-width=\"9\" stroke-linecap=\"round\"/>",
                p.x, p.y, q.x, q.y
            );
        }
    }
    for &a in &visible {
        if highlighted(a) {
            let p = to_px(coords[a]);
            let _ = writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"10.0\" fill=\"{HIGHLIGHT}\"/>",
                p.x, p.y
            );
        }
    }
    let wedges = wedges(molecule, &graph, coords);
    for (bond, &(a, b)) in graph.bonds.iter().enumerate() {
        if hidden[a] || hidden[b] {
            continue;
        }
        // Shorten at labelled ends.
        let (mut p, mut q) = (to_px(coords[a]), to_px(coords[b]));
        let direction = (q - p).unit();
        if labels[a].is_some() {
            p = p + direction * 7.5;
        }
        if labels[b].is_some() {
            q = q - direction * 7.5;
        }
        if let Some(&(_, from, hashed)) = wedges.iter().find(|w| w.0 == bond) {
            let (tip, base) = if from == a { (p, q) } else { (q, p) };
            draw_wedge(&mut out, tip, base, hashed);
            continue;
        }
        let order = graph.order[bond];
        match order {
            BondOrder::Single => line(&mut out, p, q),
            BondOrder::Double => {
                let offset = (q - p).unit().normal() * 4.0;
                match ring_side(&graph, coords, bond) {
                    Some(side) => {
                        // Inside the ring: the second line towards the centre, shortened.
                        line(&mut out, p, q);
                        let inner = offset * side;
                        let shorten = direction * 4.0;
                        line(&mut out, p + inner + shorten, q + inner - shorten);
                    }
                    None => {
                        let half = offset * 0.5;
                        line(&mut out, p + half, q + half);
                        line(&mut out, p - half, q - half);
                    }
                }
            }
            BondOrder::Triple | BondOrder::Quadruple => {
                let offset = (q - p).unit().normal() * 3.5;
                line(&mut out, p, q);
                line(&mut out, p + offset, q + offset);
                line(&mut out, p - offset, q - offset);
            }
        }
    }
    for &a in &visible {
        if let Some(label) = &labels[a] {
            let halo = if highlighted(a) { HIGHLIGHT } else { "white" };
            write_label(&mut out, to_px(coords[a]), label, halo);
        }
    }
    if let Some(legend) = &options.legend {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            width / 2.0,
            height - 8.0,
            escape(legend)
        );
    }
    (out, width, height)
}

fn line(out: &mut String, p: Point, q: Point) {
    let _ = writeln!(
        out,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"black\" stroke-width=\"1.4\" stroke-linecap=\"round\"/>",
        p.x, p.y, q.x, q.y
    );
}

fn draw_wedge(out: &mut String, tip: Point, base: Point, hashed: bool) {
    let normal = (base - tip).unit().normal();
    if hashed {
        for i in 1..=6 {
            let t = i as f64 / 6.0;
            let centre = tip + (base - tip) * t;
            let half = normal * (3.5 * t);
            line(out, centre - half, centre + half);
        }
    } else {
        let (l, r) = (base + normal * 3.5, base - normal * 3.5);
        let _ = writeln!(
            out,
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"black\"/>",
            tip.x, tip.y, l.x, l.y, r.x, r.y
        );
    }
}

/// For a ring double bond, which side (+1 left of a -> b in pixels, -1 right) holds the centre
/// of its smallest ring.
fn ring_side(graph: &Graph, coords: &[Point], bond: usize) -> Option<f64> {
    if !graph.ring_bond[bond] {
        return None;
    }
    let (a, b) = graph.bonds[bond];
    let ring = graph
        .blocks
        .iter()
        .flat_map(|block| block.rings.iter())
        .filter(|ring| ring.contains(&a) && ring.contains(&b))
        .min_by_key(|ring| ring.len())?;
    let centre =
        ring.iter().fold(Point::default(), |s, &x| s + coords[x]) * (1.0 / ring.len() as f64);
    // Pixels flip y, so the side flips too.
    let side = (coords[b] - coords[a]).cross(centre - coords[a]);
    Some(if side > 0.0 { -1.0 } else { 1.0 })
}

/// A text label at an atom.
struct Label {
    symbol: String,
    hydrogens: u8,
    /// Hydrogens written before the symbol (the open side is the left).
    hydrogens_left: bool,
    charge: i8,
    isotope: Option<u16>,
    colour: &'static str,
    /// An abbreviation: its first or last letter sits on the atom.
    group: bool,
}

fn label(
    molecule: &Molecule,
    graph: &Graph,
    coords: &[Point],
    atom: usize,
    group: Option<&str>,
) -> Option<Label> {
    let id = molecule.atom_at(atom)?;
    let data = molecule.atom(id);
    let element = data.element();
    let degree = graph.degree(atom);
    let show = group.is_some()
        || element.number() != 6
        || data.charge() != 0
        || data.isotope().is_some()
        || degree == 0;
    if !show {
        return None;
    }
    let mean = graph.adjacency[atom]
        .iter()
        .fold(0.0, |s, &(b, _)| s + (coords[b].x - coords[atom].x));
    let colour = match element.number() {
        7 => "#2040d0",
        8 => "#d02020",
        9 | 17 => "#208020",
        16 => "#b08000",
        35 => "#a03020",
        _ => "black",
    };
    Some(Label {
        symbol: group
            .unwrap_or(if element.number() == 0 {
                "*"
            } else {
                element.symbol()
            })
            .to_owned(),
        hydrogens: if group.is_some() { 0 } else { data.hydrogens() },
        hydrogens_left: degree > 0 && mean > 0.1,
        charge: data.charge(),
        isotope: data.isotope(),
        colour: if group.is_some() { "black" } else { colour },
        group: group.is_some(),
    })
}

fn write_label(out: &mut String, p: Point, label: &Label, halo: &str) {
    let mut text = String::new();
    let sub = |count: u8| {
        if count > 1 {
            format!(
                "<tspan font-size=\"{:.0}\" dy=\"3\">{count}</tspan><tspan dy=\"-3\"></tspan>",
                FONT * 0.75
            )
        } else {
            String::new()
        }
    };
    let hydrogens = if label.hydrogens > 0 {
        format!("H{}", sub(label.hydrogens))
    } else {
        String::new()
    };
    let isotope = label
        .isotope
        .map(|mass| {
            format!(
                "<tspan font-size=\"{:.0}\" dy=\"-5\">{mass}</tspan><tspan dy=\"5\"></tspan>",
                FONT * 0.7
            )
        })
        .unwrap_or_default();
    let charge = match label.charge {
        0 => String::new(),
        c => {
            let sign = if c > 0 { "+" } else { "\u{2212}" };
            let magnitude = c.unsigned_abs();
            let number = if magnitude > 1 {
                magnitude.to_string()
            } else {
                String::new()
            };
            format!(
                "<tspan font-size=\"{:.0}\" dy=\"-5\">{number}{sign}</tspan>",
                FONT * 0.75
            )
        }
    };
    // The symbol's centre sits on the atom; hydrogens extend to one side.
    let symbol_width = 0.62 * FONT * label.symbol.chars().count() as f64;
    let letter = 0.31 * FONT;
    let (x, anchor) = if label.group {
        let _ = write!(text, "{}", escape(&label.symbol));
        if label.hydrogens_left {
            (p.x + letter, "end")
        } else {
            (p.x - letter, "start")
        }
    } else if label.hydrogens_left && label.hydrogens > 0 {
        let _ = write!(
            text,
            "{hydrogens}{isotope}{}{charge}",
            escape(&label.symbol)
        );
        (p.x + symbol_width / 2.0, "end")
    } else {
        let _ = write!(
            text,
            "{isotope}{}{hydrogens}{charge}",
            escape(&label.symbol)
        );
        (p.x - symbol_width / 2.0, "start")
    };
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{FONT:.0}\" text-anchor=\"{anchor}\" fill=\"{}\" stroke=\"{halo}\" stroke-width=\"3\" paint-order=\"stroke\">{text}</text>",
        p.y + FONT * 0.35,
        label.colour
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Wedge or hash bonds for tetrahedral centres: (bond, stereo atom, hashed).
fn wedges(molecule: &Molecule, graph: &Graph, coords: &[Point]) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for (id, atom) in molecule.atoms() {
        let Chirality::Tetrahedral {
            neighbours,
            clockwise,
        } = *atom.chirality()
        else {
            continue;
        };
        let centre = id.index();
        // Prefer a bond out of rings to an atom that is not itself a stereo centre.
        let candidate = graph.adjacency[centre]
            .iter()
            .filter(|&&(_, bond)| !out.iter().any(|w| w.0 == bond))
            .min_by_key(|&&(other, bond)| {
                let other_stereo = !matches!(
                    molecule
                        .atom_at(other)
                        .map(|o| *molecule.atom(o).chirality()),
                    Some(Chirality::None) | None
                );
                (graph.ring_bond[bond], other_stereo, graph.rank[other])
            });
        let Some(&(wedged, bond)) = candidate else {
            continue;
        };
        let vector = |reference: u32, z: f64| -> [f64; 3] {
            if reference == IMPLICIT_H {
                let sum = graph.adjacency[centre]
                    .iter()
                    .fold(Point::default(), |s, &(b, _)| {
                        s + (coords[b] - coords[centre]).unit()
                    });
                [-sum.x, -sum.y, 0.0]
            } else {
                let d = (coords[reference as usize] - coords[centre]).unit();
                let z = if reference as usize == wedged { z } else { 0.0 };
                [d.x, d.y, z]
            }
        };
        let volume = |z: f64| {
            let v: Vec<[f64; 3]> = neighbours.iter().map(|&r| vector(r, z)).collect();
            let d = |i: usize| [v[i][0] - v[0][0], v[i][1] - v[0][1], v[i][2] - v[0][2]];
            let (a, b, c) = (d(1), d(2), d(3));
            a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0])
                + a[2] * (b[0] * c[1] - b[1] * c[0])
        };
        // `@` (anticlockwise) has a negative volume, `@@` a positive one.
        let wanted_positive = clockwise;
        let wedge_positive = volume(0.8) > 0.0;
        out.push((bond, centre, wedge_positive != wanted_positive));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_abbreviation_row_compiles() {
        let rows = include_str!("../../data/abbreviations.tsv")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .count();
        assert_eq!(abbreviations().len(), rows - 1);
    }

    #[test]
    fn boc_is_abbreviated() {
        let molecule: Molecule = "CC(C)(C)OC(=O)N1CCCNCC1".parse().unwrap();
        let groups = find_groups(&molecule);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].1, "Boc");
        assert_eq!(groups[0].0, 5);
    }
}
