//! Substructure matching: compiled SMARTS [`Pattern`]s and non-induced matches.
//!
//! A match is a monomorphism: an injective map from pattern atoms to molecule atoms such that
//! every pattern atom's query holds on its image and every pattern bond's query holds on a
//! molecule bond between the two images. Extra molecule bonds between matched atoms are allowed
//! (pattern `C-C-C` matches cyclopropane), which is what chemists mean by a substructure and
//! what RDKit does; petgraph's VF2 is node-induced and would not.
//!
//! The search is an iterative backtracking over pattern atoms in a fixed plan: each component
//! starts at its most selective atom, the others follow in breadth-first order, and each later
//! atom's candidates are the neighbours of its already-mapped parent. Its depth is the pattern's
//! atom count, held on an explicit stack; no recursion depends on the molecule. Components go
//! in order of selectivity, and each must match on its own before the joint search starts. The
//! `try_` methods stop after a budget of candidate atoms tried ([`Pattern::with_budget`]) with
//! [`MatchError::BudgetExhausted`]; the others are unbudgeted. Recursive SMARTS
//! `$(...)` are compiled to sub-patterns, evaluated at most once per molecule atom and cached;
//! their nesting is bounded by the parser (`MAX_RECURSION_DEPTH`).
//!
//! What the primitives mean on a [`Molecule`]: `H<n>` total hydrogens (carried plus explicit
//! `[H]` neighbours); `D<n>` bonded atoms in the graph; `X<n>` bonded atoms plus carried
//! hydrogens; `a`/`A` and lower/upper case from the perceived aromaticity; `R` in a ring, `R0` in
//! none, `R<n>` (n > 0) in a ring (an approximation of "in n SSSR rings"); `r<n>` the smallest
//! ring through the atom has n atoms (RDKit's "in smallest SSSR ring of size n"); `:` an aromatic
//! bond, `-` and `=` single and double non-aromatic bonds, `~` any bond, `@` a ring bond; an
//! elided bond is single or aromatic.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use petgraph::graph::NodeIndex;
use regiochem_smiles::Span;
use regiochem_smiles::smarts::{self, AtomPrimitive, BondPrimitive, Expr, Smarts, SmartsError};

use crate::{AtomId, Element, Molecule};

const NONE: u32 = u32::MAX;

/// A compiled SMARTS pattern, ready to match against molecules.
///
/// ```
/// use regiochem_mol::{Molecule, Pattern};
///
/// let amine: Pattern = "[NX3;H1;!$(NC=O)]".parse().unwrap();
/// let boc_homopiperazine: Molecule = "CC(C)(C)OC(=O)N1CCCNCC1".parse().unwrap();
/// assert_eq!(boc_homopiperazine.matches(&amine).len(), 1);
///
/// // Non-induced: a chain of three carbons matches cyclopropane.
/// let chain: Pattern = "CCC".parse().unwrap();
/// assert!("C1CC1".parse::<Molecule>().unwrap().has_match(&chain));
/// ```
#[derive(Clone, Debug)]
pub struct Pattern {
    main: Query,
    /// Recursive sub-patterns, referenced by index from atom tests (nested ones included).
    subqueries: Vec<Query>,
    /// `(element, count)` the molecule must have at least, from atoms that require an element.
    elements: Vec<(u8, u32)>,
    /// Whether any query uses `r<n>` (smallest ring sizes are then computed).
    uses_ring_size: bool,
    /// Candidates the `try_` methods may try per molecule.
    budget: u64,
}

/// One compiled pattern graph.
#[derive(Clone, Debug)]
struct Query {
    atoms: Vec<QueryAtom>,
    bonds: Vec<BondTest>,
    component_count: usize,
    plan: Vec<Step>,
}

#[derive(Clone, Debug)]
struct QueryAtom {
    test: Compiled<AtomTest>,
    /// The element the test requires, checked first.
    element: Option<u8>,
    map: Option<u32>,
}

/// How a step finds candidates and what it must check against earlier steps.
#[derive(Clone, Debug)]
struct Step {
    atom: u32,
    /// The earlier pattern atom whose neighbours are the candidates, and the bond to it.
    parent: Option<(u32, u32)>,
    /// Other bonds to earlier pattern atoms: `(pattern atom, bond)`.
    closures: Vec<(u32, u32)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AtomTest {
    Element(u8, Option<bool>),
    Any,
    Aromatic(bool),
    Hydrogens(u8),
    Degree(u8),
    Connectivity(u8),
    InRing(bool),
    RingSize(u8),
    Charge(i8),
    Isotope(u16),
    Recursive(u32),
}

/// A compiled logical expression: clauses of alternatives of `(negated, primitive)` literals.
type Compiled<T> = Vec<Vec<Vec<(bool, T)>>>;

/// `None` is the elided bond (single or aromatic).
#[derive(Clone, Debug)]
struct BondTest {
    source: u32,
    target: u32,
    test: Option<Compiled<BondPrimitive>>,
}

/// Why a pattern could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum PatternError {
    /// The text is not SMARTS regiochem reads.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SmartsError),
}

impl PatternError {
    /// The byte span the error is about.
    pub fn span(&self) -> Span {
        match self {
            PatternError::Syntax(error) => error.span(),
        }
    }

    /// The stable code (`smarts::...`).
    pub fn stable_code(&self) -> &'static str {
        match self {
            PatternError::Syntax(error) => error.stable_code(),
        }
    }
}

/// Why a budgeted search ([`Molecule::try_has_match`] and friends) gave no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum MatchError {
    /// The search tried its budget of candidate atoms without finishing (a pattern of many
    /// unselective disconnected components, say); raise it with [`Pattern::with_budget`].
    #[error("the substructure search gave up after {steps} steps (its budget)")]
    #[diagnostic(
        code("match::budget_exhausted"),
        help("the pattern's components are too unselective for this molecule; raise the budget")
    )]
    BudgetExhausted {
        /// The budget that was used up.
        steps: u64,
    },
}

impl MatchError {
    /// The stable code (`match::budget_exhausted`).
    pub fn stable_code(&self) -> &'static str {
        match self {
            MatchError::BudgetExhausted { .. } => "match::budget_exhausted",
        }
    }
}

/// One match: the molecule atom of every pattern atom.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Match {
    atoms: Vec<AtomId>,
}

impl Match {
    /// The molecule atoms, indexed by pattern atom (written order).
    pub fn atoms(&self) -> &[AtomId] {
        &self.atoms
    }

    /// The molecule atom of pattern atom `pattern_atom`.
    pub fn atom(&self, pattern_atom: usize) -> Option<AtomId> {
        self.atoms.get(pattern_atom).copied()
    }
}

impl Pattern {
    /// Reads and compiles a SMARTS pattern.
    pub fn new(text: &str) -> Result<Pattern, PatternError> {
        let smarts = smarts::parse(text)?;
        Ok(Pattern::from_smarts(&smarts))
    }

    /// Compiles a parsed SMARTS (for example one component of a reaction template).
    pub fn from_smarts(smarts: &Smarts) -> Pattern {
        let mut subqueries = Vec::new();
        let mut uses_ring_size = false;
        let main = compile(smarts, &mut subqueries, &mut uses_ring_size);
        let mut counts = [0u32; 256];
        for atom in &main.atoms {
            if let Some(element) = required_element(&atom.test) {
                counts[usize::from(element)] += 1;
            }
        }
        let elements = (0..256)
            .filter(|&e| counts[e] > 0)
            .map(|e| (e as u8, counts[e]))
            .collect();
        Pattern {
            main,
            subqueries,
            elements,
            uses_ring_size,
            budget: Pattern::DEFAULT_BUDGET,
        }
    }

    /// The default search budget: 10,000,000 candidate atoms tried per molecule, a few tenths
    /// of a second of search, far above what any connected pattern of the rules or the
    /// `fixtures/matching/` set needs on a drug-like molecule.
    pub const DEFAULT_BUDGET: u64 = 10_000_000;

    /// Number of pattern atoms.
    pub fn atom_count(&self) -> usize {
        self.main.atoms.len()
    }

    /// Number of components (dot-separated parts).
    pub fn component_count(&self) -> usize {
        self.main.component_count
    }

    /// The atom map number of a pattern atom (`[N:1]` has 1).
    pub fn map_number(&self, pattern_atom: usize) -> Option<u32> {
        self.main.atoms.get(pattern_atom).and_then(|a| a.map)
    }
}

impl FromStr for Pattern {
    type Err = PatternError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Pattern::new(text)
    }
}

impl fmt::Display for Match {
    /// The matched atom indices, `[0, 3, 4]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let indices: Vec<usize> = self.atoms.iter().map(|a| a.index()).collect();
        write!(f, "{indices:?}")
    }
}

/// Compiles one pattern graph, pushing its recursive sub-patterns onto `subqueries`. Recurses
/// once per nesting level of `$(...)`, which the parser bounds.
fn compile(smarts: &Smarts, subqueries: &mut Vec<Query>, uses_ring_size: &mut bool) -> Query {
    let atoms: Vec<QueryAtom> = smarts
        .atoms
        .iter()
        .map(|atom| {
            let test = convert(&atom.query, |primitive| {
                atom_test(primitive, subqueries, uses_ring_size)
            });
            QueryAtom {
                element: required_element(&test),
                test,
                map: atom.map,
            }
        })
        .collect();
    let bonds: Vec<BondTest> = smarts
        .bonds
        .iter()
        .map(|bond| BondTest {
            source: bond.source as u32,
            target: bond.target as u32,
            test: bond.query.as_ref().map(|q| convert(q, |p| *p)),
        })
        .collect();
    let plan = plan(&atoms, &bonds, &smarts.components, smarts.component_count);
    Query {
        atoms,
        bonds,
        component_count: smarts.component_count,
        plan,
    }
}

fn convert<P, T>(expr: &Expr<P>, mut f: impl FnMut(&P) -> T) -> Compiled<T> {
    expr.clauses
        .iter()
        .map(|clause| {
            clause
                .alternatives
                .iter()
                .map(|term| {
                    term.literals
                        .iter()
                        .map(|l| (l.negated, f(&l.primitive)))
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn atom_test(
    primitive: &AtomPrimitive,
    subqueries: &mut Vec<Query>,
    uses_ring_size: &mut bool,
) -> AtomTest {
    match primitive {
        AtomPrimitive::Element { number, aromatic } => AtomTest::Element(*number, *aromatic),
        AtomPrimitive::Any => AtomTest::Any,
        AtomPrimitive::Aromatic => AtomTest::Aromatic(true),
        AtomPrimitive::Aliphatic => AtomTest::Aromatic(false),
        AtomPrimitive::Hydrogens(n) => AtomTest::Hydrogens(*n),
        AtomPrimitive::Degree(n) => AtomTest::Degree(*n),
        AtomPrimitive::Connectivity(n) => AtomTest::Connectivity(*n),
        AtomPrimitive::RingMembership(n) => AtomTest::InRing(*n != Some(0)),
        AtomPrimitive::RingSize(None) => AtomTest::InRing(true),
        AtomPrimitive::RingSize(Some(0)) => AtomTest::InRing(false),
        AtomPrimitive::RingSize(Some(n)) => {
            *uses_ring_size = true;
            AtomTest::RingSize(*n)
        }
        AtomPrimitive::Charge(n) => AtomTest::Charge(*n),
        AtomPrimitive::Isotope(n) => AtomTest::Isotope(*n),
        AtomPrimitive::Recursive(inner) => {
            let mut query = compile(inner, subqueries, uses_ring_size);
            // Recursive SMARTS are only ever run anchored at their first atom.
            query.plan = anchored_plan(&query);
            subqueries.push(query);
            AtomTest::Recursive((subqueries.len() - 1) as u32)
        }
    }
}

/// The element an atom query requires whatever else holds: a clause whose every alternative
/// has the same plain element literal.
fn required_element(test: &[Vec<Vec<(bool, AtomTest)>>]) -> Option<u8> {
    test.iter().find_map(|clause| {
        let mut found = None;
        for term in clause {
            let element = term.iter().find_map(|&(negated, t)| match t {
                AtomTest::Element(number, _) if !negated => Some(number),
                _ => None,
            })?;
            if found.is_some_and(|f| f != element) {
                return None;
            }
            found = Some(element);
        }
        found
    })
}

/// How selective an atom query is, for choosing where a component's search starts.
fn selectivity(atom: &QueryAtom, degree: usize) -> u32 {
    let element = match required_element(&atom.test) {
        Some(6) => 2,
        Some(1) => 1,
        Some(_) => 8,
        None => 0,
    };
    let extra = atom
        .test
        .iter()
        .filter(|clause| clause.len() == 1)
        .flat_map(|clause| clause[0].iter())
        .filter(|(negated, t)| !negated && !matches!(t, AtomTest::Element(..) | AtomTest::Any))
        .count() as u32;
    element * 4 + extra.min(3) + degree.min(4) as u32
}

/// The search plan: components by selectivity, each from its most selective atom, then
/// breadth-first.
fn plan(atoms: &[QueryAtom], bonds: &[BondTest], components: &[u32], count: usize) -> Vec<Step> {
    let n = atoms.len();
    let mut adjacency: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    for (index, bond) in bonds.iter().enumerate() {
        adjacency[bond.source as usize].push((bond.target, index as u32));
        adjacency[bond.target as usize].push((bond.source, index as u32));
    }
    // Each component's root: its most selective atom.
    let mut roots: Vec<(usize, u32, usize)> = Vec::with_capacity(count);
    let mut sizes = vec![0usize; count];
    for &component in components.iter().take(n) {
        if let Some(size) = sizes.get_mut(component as usize) {
            *size += 1;
        }
    }
    for component in 0..count as u32 {
        let root = (0..n)
            .filter(|&a| components.get(a) == Some(&component))
            .max_by_key(|&a| {
                (
                    selectivity(&atoms[a], adjacency[a].len()),
                    std::cmp::Reverse(a),
                )
            });
        if let Some(root) = root {
            let key = selectivity(&atoms[root], adjacency[root].len());
            roots.push((root, key, sizes[component as usize]));
        }
    }
    // Components in order of selectivity: the most selective root first, then the larger
    // component, then written order. A component that cannot be placed then fails before the
    // permutations of the unselective ones (`C.C.C.C.C.C1CC1` searches `C1CC1` first).
    roots.sort_by_key(|&(root, key, size)| {
        (
            std::cmp::Reverse(key),
            std::cmp::Reverse(size),
            components.get(root).copied(),
        )
    });
    let mut placed = vec![false; n];
    let mut steps = Vec::with_capacity(n);
    for (root, _, _) in roots {
        let start = steps.len();
        placed[root] = true;
        steps.push(Step {
            atom: root as u32,
            parent: None,
            closures: Vec::new(),
        });
        let mut head = start;
        while head < steps.len() {
            let atom = steps[head].atom as usize;
            head += 1;
            for &(other, bond) in &adjacency[atom] {
                if placed[other as usize] {
                    continue;
                }
                placed[other as usize] = true;
                steps.push(Step {
                    atom: other,
                    parent: Some((atom as u32, bond)),
                    closures: Vec::new(),
                });
            }
        }
    }
    // Closures must refer only to atoms placed before the step: recompute in plan order.
    let mut position = vec![usize::MAX; n];
    for (i, step) in steps.iter().enumerate() {
        position[step.atom as usize] = i;
    }
    for (i, step) in steps.iter_mut().enumerate() {
        let atom = step.atom as usize;
        let parent_bond = step.parent.map(|(_, b)| b);
        step.closures = adjacency[atom]
            .iter()
            .filter(|&&(o, b)| Some(b) != parent_bond && position[o as usize] < i)
            .copied()
            .collect();
    }
    steps
}

/// What the predicates need about one atom.
#[derive(Clone, Copy)]
struct AtomFacts {
    element: u8,
    aromatic: bool,
    in_ring: bool,
    charge: i8,
    /// Total hydrogens: carried plus explicit `[H]` neighbours.
    hydrogens: u8,
    /// Bonded atoms in the graph.
    degree: u8,
    /// Degree plus carried hydrogens.
    connectivity: u8,
    isotope: Option<u16>,
}

/// What the predicates need about one bond.
#[derive(Clone, Copy)]
struct BondFacts {
    order: u8,
    aromatic: bool,
    in_ring: bool,
}

/// What the predicates need about a molecule, computed once per search in a few flat arrays.
struct Target {
    atoms: Vec<AtomFacts>,
    bonds: Vec<BondFacts>,
    /// Atoms in the smallest ring through each atom (0: none); empty unless needed.
    ring_size: Vec<u8>,
    offsets: Vec<u32>,
    /// `(neighbour, bond)` per atom.
    entries: Vec<(u32, u32)>,
}

impl Target {
    fn new(molecule: &Molecule, ring_sizes: bool) -> Target {
        let graph = molecule.graph();
        let n = graph.node_count();
        let edges = graph.raw_edges();
        let mut offsets = vec![0u32; n + 1];
        for edge in edges {
            offsets[edge.source().index() + 1] += 1;
            offsets[edge.target().index() + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut entries = vec![(0u32, 0u32); 2 * edges.len()];
        let mut bonds = Vec::with_capacity(edges.len());
        for (index, edge) in edges.iter().enumerate() {
            let (a, b) = (edge.source().index(), edge.target().index());
            entries[fill[a] as usize] = (b as u32, index as u32);
            fill[a] += 1;
            entries[fill[b] as usize] = (a as u32, index as u32);
            fill[b] += 1;
            bonds.push(BondFacts {
                order: edge.weight.order.valence(),
                aromatic: edge.weight.aromatic,
                in_ring: edge.weight.in_ring,
            });
        }
        let atoms: Vec<AtomFacts> = graph
            .node_weights()
            .enumerate()
            .map(|(index, atom)| {
                let degree = (offsets[index + 1] - offsets[index]).min(255) as u8;
                AtomFacts {
                    element: atom.element.0,
                    aromatic: atom.aromatic,
                    in_ring: atom.in_ring,
                    charge: atom.charge,
                    hydrogens: atom.hydrogens,
                    degree,
                    connectivity: degree.saturating_add(atom.hydrogens),
                    isotope: atom.isotope,
                }
            })
            .collect();
        let mut target = Target {
            atoms,
            bonds,
            ring_size: Vec::new(),
            offsets,
            entries,
        };
        // Explicit hydrogen atoms count towards their neighbour's total hydrogens.
        if target.atoms.iter().any(|a| a.element == Element::H.0) {
            for index in 0..n {
                let explicit = target
                    .neighbours(index as u32)
                    .iter()
                    .filter(|&&(o, _)| target.atoms[o as usize].element == Element::H.0)
                    .count();
                let explicit = u8::try_from(explicit).unwrap_or(u8::MAX);
                target.atoms[index].hydrogens =
                    target.atoms[index].hydrogens.saturating_add(explicit);
            }
        }
        if ring_sizes {
            target.ring_size = smallest_rings(&target);
        }
        target
    }

    fn len(&self) -> usize {
        self.atoms.len()
    }

    fn neighbours(&self, atom: u32) -> &[(u32, u32)] {
        let atom = atom as usize;
        &self.entries[self.offsets[atom] as usize..self.offsets[atom + 1] as usize]
    }

    fn bond_between(&self, a: u32, b: u32) -> Option<u32> {
        self.neighbours(a)
            .iter()
            .find(|&&(other, _)| other == b)
            .map(|&(_, bond)| bond)
    }
}

/// Atoms in the smallest ring through each atom, by breadth-first search from each ring atom
/// over ring bonds, labelling nodes with the first step taken: an edge between two branches
/// closes the shortest cycle through the start. At most 255 (larger rings count as 255).
fn smallest_rings(target: &Target) -> Vec<u8> {
    let n = target.len();
    let mut sizes = vec![0u8; n];
    let mut distance = vec![u32::MAX; n];
    let mut branch = vec![NONE; n];
    let mut queue: Vec<u32> = Vec::new();
    for start in 0..n as u32 {
        if !target.atoms[start as usize].in_ring {
            continue;
        }
        for &atom in &queue {
            distance[atom as usize] = u32::MAX;
            branch[atom as usize] = NONE;
        }
        queue.clear();
        distance[start as usize] = 0;
        queue.push(start);
        let mut best = u32::MAX;
        let mut head = 0;
        while head < queue.len() {
            let atom = queue[head];
            head += 1;
            let d = distance[atom as usize];
            if 2 * d + 1 >= best {
                break;
            }
            for &(other, bond) in target.neighbours(atom) {
                if !target.bonds[bond as usize].in_ring {
                    continue;
                }
                if distance[other as usize] == u32::MAX {
                    distance[other as usize] = d + 1;
                    branch[other as usize] = if atom == start {
                        other
                    } else {
                        branch[atom as usize]
                    };
                    queue.push(other);
                } else if other != start
                    && atom != start
                    && branch[other as usize] != branch[atom as usize]
                {
                    best = best.min(d + distance[other as usize] + 1);
                }
            }
        }
        sizes[start as usize] = best.min(255) as u8;
    }
    sizes
}

/// A search over one molecule: the target and the cached results of recursive sub-patterns.
struct Search<'a> {
    pattern: &'a Pattern,
    target: Target,
    /// Per sub-pattern, per atom: 0 unknown, 1 no, 2 yes.
    recursive: Vec<Vec<u8>>,
    /// Search buffers for reuse by nested (recursive SMARTS) searches.
    pool: Vec<Buffers>,
    /// Candidates tried so far, nested searches included.
    steps: u64,
    /// Candidates the search may try; past it the search stops with `exhausted`.
    budget: u64,
    exhausted: bool,
}

/// The state of one backtracking search.
#[derive(Default)]
struct Buffers {
    /// Molecule atom of each pattern atom (`NONE`: unmapped).
    mapping: Vec<u32>,
    /// Molecule atoms in use.
    used: Vec<bool>,
    /// Next candidate position at each depth.
    cursor: Vec<u32>,
}

impl<'a> Search<'a> {
    fn new(pattern: &'a Pattern, molecule: &Molecule, budget: u64) -> Search<'a> {
        Search {
            pattern,
            target: Target::new(molecule, pattern.uses_ring_size),
            recursive: vec![Vec::new(); pattern.subqueries.len()],
            pool: Vec::new(),
            steps: 0,
            budget,
            exhausted: false,
        }
    }

    fn atom_holds(&mut self, test: &[Vec<Vec<(bool, AtomTest)>>], atom: u32) -> bool {
        test.iter().all(|clause| {
            clause.iter().any(|term| {
                term.iter()
                    .all(|&(negated, primitive)| self.primitive_holds(primitive, atom) != negated)
            })
        })
    }

    fn primitive_holds(&mut self, test: AtomTest, atom: u32) -> bool {
        let a = self.target.atoms[atom as usize];
        match test {
            AtomTest::Element(number, aromatic) => {
                a.element == number && aromatic.is_none_or(|ar| a.aromatic == ar)
            }
            AtomTest::Any => true,
            AtomTest::Aromatic(aromatic) => a.aromatic == aromatic,
            AtomTest::Hydrogens(n) => a.hydrogens == n,
            AtomTest::Degree(n) => a.degree == n,
            AtomTest::Connectivity(n) => a.connectivity == n,
            AtomTest::InRing(ring) => a.in_ring == ring,
            AtomTest::RingSize(n) => self.target.ring_size.get(atom as usize) == Some(&n),
            AtomTest::Charge(n) => a.charge == n,
            AtomTest::Isotope(n) => a.isotope == Some(n),
            AtomTest::Recursive(index) => self.recursive_holds(index as usize, atom),
        }
    }

    /// Whether sub-pattern `index` matches with its first atom on `atom` (cached).
    fn recursive_holds(&mut self, index: usize, atom: u32) -> bool {
        let n = self.target.len();
        if self.recursive[index].len() != n {
            self.recursive[index] = vec![0; n];
        }
        match self.recursive[index][atom as usize] {
            1 => return false,
            2 => return true,
            _ => {}
        }
        let pattern = self.pattern;
        let query = &pattern.subqueries[index];
        let found = self.run(query, Some(atom), &mut |_| false);
        self.recursive[index][atom as usize] = if found { 2 } else { 1 };
        found
    }

    fn bond_holds(&self, test: &BondTest, bond: u32) -> bool {
        let facts = self.target.bonds[bond as usize];
        let (order, aromatic, ring) = (facts.order, facts.aromatic, facts.in_ring);
        let Some(expr) = &test.test else {
            return aromatic || order == 1;
        };
        let holds = |primitive: BondPrimitive| match primitive {
            BondPrimitive::Single => order == 1 && !aromatic,
            BondPrimitive::Double => order == 2 && !aromatic,
            BondPrimitive::Triple => order == 3 && !aromatic,
            BondPrimitive::Quadruple => order == 4 && !aromatic,
            BondPrimitive::Aromatic => aromatic,
            BondPrimitive::Any => true,
            BondPrimitive::Ring => ring,
        };
        expr.iter().all(|clause| {
            clause
                .iter()
                .any(|term| term.iter().all(|&(negated, p)| holds(p) != negated))
        })
    }

    /// Backtracking search of `query`; `pinned` fixes the first pattern atom (for recursive
    /// SMARTS). Calls `visit` with each complete mapping (indexed by pattern atom) until it
    /// returns false; returns whether any mapping was found.
    fn run(
        &mut self,
        query: &Query,
        pinned: Option<u32>,
        visit: &mut dyn FnMut(&[u32]) -> bool,
    ) -> bool {
        self.run_steps(query, &query.plan, pinned, visit)
    }

    /// [`Search::run`] over `plan`, the whole plan of `query` or the steps of some of its
    /// components.
    fn run_steps(
        &mut self,
        query: &Query,
        plan: &[Step],
        pinned: Option<u32>,
        visit: &mut dyn FnMut(&[u32]) -> bool,
    ) -> bool {
        let mut buffers = self.pool.pop().unwrap_or_default();
        buffers.mapping.clear();
        buffers.mapping.resize(query.atoms.len(), NONE);
        buffers.used.clear();
        buffers.used.resize(self.target.len(), false);
        buffers.cursor.clear();
        buffers.cursor.resize(plan.len(), 0);
        let found = self.backtrack(query, plan, pinned, visit, &mut buffers);
        self.pool.push(buffers);
        found
    }

    /// Whether every component of the main query matches on its own (distinctness across
    /// components aside): a necessary condition, cheap next to the joint search.
    fn components_feasible(&mut self, query: &Query) -> bool {
        if query.component_count < 2 {
            return true;
        }
        let plan = &query.plan;
        let mut start = 0;
        while start < plan.len() {
            let end = plan[start + 1..]
                .iter()
                .position(|step| step.parent.is_none())
                .map_or(plan.len(), |offset| start + 1 + offset);
            if !self.run_steps(query, &plan[start..end], None, &mut |_| false) || self.exhausted {
                return false;
            }
            start = end;
        }
        true
    }

    fn backtrack(
        &mut self,
        query: &Query,
        plan: &[Step],
        pinned: Option<u32>,
        visit: &mut dyn FnMut(&[u32]) -> bool,
        buffers: &mut Buffers,
    ) -> bool {
        // A recursive sub-pattern's plan starts at its first written atom (`anchored_plan`).
        let n = self.target.len() as u32;
        let depth_count = plan.len();
        if depth_count == 0 {
            return false;
        }
        let Buffers {
            mapping,
            used,
            cursor,
        } = buffers;
        let mut found = false;
        let mut depth = 0usize;
        loop {
            if depth == depth_count {
                found = true;
                if !visit(mapping) {
                    return true;
                }
                depth -= 1;
                let atom = plan[depth].atom as usize;
                used[mapping[atom] as usize] = false;
                mapping[atom] = NONE;
                continue;
            }
            let step = &plan[depth];
            let mut chosen = NONE;
            loop {
                self.steps += 1;
                if self.steps > self.budget {
                    self.exhausted = true;
                    return found;
                }
                let position = cursor[depth];
                let candidate = match step.parent {
                    None => match pinned {
                        Some(anchor) if depth == 0 => {
                            if position > 0 {
                                break;
                            }
                            anchor
                        }
                        _ => {
                            if position >= n {
                                break;
                            }
                            position
                        }
                    },
                    Some((parent, bond)) => {
                        let from = mapping[parent as usize];
                        let neighbours = self.target.neighbours(from);
                        let Some(&(other, molecule_bond)) = neighbours.get(position as usize)
                        else {
                            break;
                        };
                        if !self.bond_holds(&query.bonds[bond as usize], molecule_bond) {
                            cursor[depth] += 1;
                            continue;
                        }
                        other
                    }
                };
                cursor[depth] += 1;
                if used[candidate as usize] {
                    continue;
                }
                let query_atom = &query.atoms[step.atom as usize];
                if query_atom
                    .element
                    .is_some_and(|e| self.target.atoms[candidate as usize].element != e)
                {
                    continue;
                }
                if !self.atom_holds(&query_atom.test, candidate) {
                    continue;
                }
                let closed = step.closures.iter().all(|&(other, bond)| {
                    self.target
                        .bond_between(candidate, mapping[other as usize])
                        .is_some_and(|b| self.bond_holds(&query.bonds[bond as usize], b))
                });
                if closed {
                    chosen = candidate;
                    break;
                }
            }
            if chosen == NONE {
                if depth == 0 {
                    return found;
                }
                cursor[depth] = 0;
                depth -= 1;
                let atom = plan[depth].atom as usize;
                used[mapping[atom] as usize] = false;
                mapping[atom] = NONE;
                continue;
            }
            mapping[step.atom as usize] = chosen;
            used[chosen as usize] = true;
            depth += 1;
            if depth < depth_count {
                cursor[depth] = 0;
            }
        }
    }
}

/// The plan of a recursive sub-pattern: breadth-first from its first atom, whatever its
/// selectivity, so that the first atom is the pinned one.
fn anchored_plan(query: &Query) -> Vec<Step> {
    let n = query.atoms.len();
    let mut adjacency: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    for (index, bond) in query.bonds.iter().enumerate() {
        adjacency[bond.source as usize].push((bond.target, index as u32));
        adjacency[bond.target as usize].push((bond.source, index as u32));
    }
    let mut position = vec![usize::MAX; n];
    let mut steps: Vec<Step> = Vec::with_capacity(n);
    // The first atom's component first, then the other components as the main plan has them.
    let mut roots: Vec<u32> = vec![0];
    roots.extend(
        query
            .plan
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|s| s.atom),
    );
    for root in roots {
        if n == 0 || position[root as usize] != usize::MAX {
            continue;
        }
        position[root as usize] = steps.len();
        steps.push(Step {
            atom: root,
            parent: None,
            closures: Vec::new(),
        });
        let mut head = steps.len() - 1;
        while head < steps.len() {
            let atom = steps[head].atom as usize;
            head += 1;
            for &(other, bond) in &adjacency[atom] {
                if position[other as usize] != usize::MAX {
                    continue;
                }
                let index = steps.len();
                position[other as usize] = index;
                let closures = adjacency[other as usize]
                    .iter()
                    .filter(|&&(o, b)| b != bond && position[o as usize] < index)
                    .copied()
                    .collect();
                steps.push(Step {
                    atom: other,
                    parent: Some((atom as u32, bond)),
                    closures,
                });
            }
        }
    }
    steps
}

impl Pattern {
    /// Cheap necessary condition: the molecule has enough atoms of every required element.
    fn may_match(&self, molecule: &Molecule) -> bool {
        if self.main.atoms.len() > molecule.atom_count() {
            return false;
        }
        if self.elements.is_empty() {
            return true;
        }
        let mut counts = [0u32; 256];
        for atom in molecule.graph().node_weights() {
            counts[usize::from(atom.element.0)] += 1;
        }
        self.elements
            .iter()
            .all(|&(element, needed)| counts[usize::from(element)] >= needed)
    }

    /// Calls `visit` with each match until it returns false: `Ok(whether any was found)`, or
    /// the budget error when `budget` candidates were tried first.
    fn search(
        &self,
        molecule: &Molecule,
        budget: u64,
        visit: &mut dyn FnMut(&[u32]) -> bool,
    ) -> Result<bool, MatchError> {
        if !self.may_match(molecule) {
            return Ok(false);
        }
        let mut search = Search::new(self, molecule, budget);
        let found = search.components_feasible(&self.main) && search.run(&self.main, None, visit);
        if search.exhausted {
            return Err(MatchError::BudgetExhausted { steps: budget });
        }
        Ok(found)
    }

    /// The search budget of the `try_` methods: at most `steps` candidate atoms tried per
    /// molecule (nested recursive SMARTS included) before giving up with
    /// [`MatchError::BudgetExhausted`]. The default is [`Pattern::DEFAULT_BUDGET`].
    pub fn with_budget(mut self, steps: u64) -> Pattern {
        self.budget = steps;
        self
    }

    /// The search budget of the `try_` methods, in candidate atoms tried per molecule.
    pub fn budget(&self) -> u64 {
        self.budget
    }
}

fn to_match(mapping: &[u32]) -> Match {
    Match {
        atoms: mapping
            .iter()
            .map(|&a| AtomId(NodeIndex::new(a as usize)))
            .collect(),
    }
}

impl Molecule {
    /// Every match of `pattern` (a monomorphism, see the module docs), each distinct map once,
    /// in the deterministic order of the search: pattern atoms in the plan's order, candidates
    /// in atom and bond order. The count can grow quickly with symmetric patterns; prefer
    /// [`Molecule::matches`] or [`Molecule::has_match`].
    ///
    /// Unbudgeted: for patterns from untrusted input use [`Molecule::try_all_matches`].
    pub fn all_matches(&self, pattern: &Pattern) -> Vec<Match> {
        self.try_all_matches_within(pattern, u64::MAX)
            .unwrap_or_default()
    }

    /// [`Molecule::all_matches`] within the pattern's search budget ([`Pattern::with_budget`]).
    pub fn try_all_matches(&self, pattern: &Pattern) -> Result<Vec<Match>, MatchError> {
        self.try_all_matches_within(pattern, pattern.budget)
    }

    fn try_all_matches_within(
        &self,
        pattern: &Pattern,
        budget: u64,
    ) -> Result<Vec<Match>, MatchError> {
        let mut out = Vec::new();
        pattern.search(self, budget, &mut |mapping| {
            out.push(to_match(mapping));
            true
        })?;
        Ok(out)
    }

    /// The matches of `pattern` that differ up to the molecule's symmetry: two matches are the
    /// same when, for every pattern atom, their molecule atoms share a symmetry class
    /// ([`Molecule::symmetry_classes`]); the first in [`Molecule::all_matches`] order is kept.
    /// (For connected patterns this is "equal up to an automorphism" in practice; it can merge
    /// matches whose atoms are pairwise equivalent but not simultaneously, such as the
    /// components of `C.C` on different pairs of cyclohexane atoms.)
    ///
    /// Unbudgeted: for patterns from untrusted input use [`Molecule::try_matches`].
    pub fn matches(&self, pattern: &Pattern) -> Vec<Match> {
        self.try_matches_within(pattern, u64::MAX)
            .unwrap_or_default()
    }

    /// [`Molecule::matches`] within the pattern's search budget ([`Pattern::with_budget`]).
    pub fn try_matches(&self, pattern: &Pattern) -> Result<Vec<Match>, MatchError> {
        self.try_matches_within(pattern, pattern.budget)
    }

    fn try_matches_within(&self, pattern: &Pattern, budget: u64) -> Result<Vec<Match>, MatchError> {
        let mut out = Vec::new();
        let mut classes: Option<Vec<u32>> = None;
        let mut seen: HashSet<Vec<u32>> = HashSet::new();
        pattern.search(self, budget, &mut |mapping| {
            let classes = classes.get_or_insert_with(|| self.symmetry_classes());
            let key: Vec<u32> = mapping.iter().map(|&a| classes[a as usize]).collect();
            if seen.insert(key) {
                out.push(to_match(mapping));
            }
            true
        })?;
        Ok(out)
    }

    /// Whether `pattern` matches at all; stops at the first match.
    ///
    /// Unbudgeted: for patterns from untrusted input use [`Molecule::try_has_match`].
    pub fn has_match(&self, pattern: &Pattern) -> bool {
        pattern
            .search(self, u64::MAX, &mut |_| false)
            .unwrap_or(false)
    }

    /// [`Molecule::has_match`] within the pattern's search budget ([`Pattern::with_budget`]):
    /// `Err(MatchError::BudgetExhausted)` when the search tried that many candidate atoms
    /// without an answer.
    pub fn try_has_match(&self, pattern: &Pattern) -> Result<bool, MatchError> {
        pattern.search(self, pattern.budget, &mut |_| false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn molecule(smiles: &str) -> Molecule {
        smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"))
    }

    fn pattern(smarts: &str) -> Pattern {
        smarts.parse().unwrap_or_else(|e| panic!("{smarts}: {e}"))
    }

    /// (`has_match`, unique matches, all matches).
    fn check(smarts: &str, smiles: &str) -> (bool, usize, usize) {
        let (p, m) = (pattern(smarts), molecule(smiles));
        (
            m.has_match(&p),
            m.matches(&p).len(),
            m.all_matches(&p).len(),
        )
    }

    #[test]
    fn chain_matches_cyclopropane_non_induced() {
        assert_eq!(check("CCC", "C1CC1"), (true, 1, 6));
        assert_eq!(check("C1CC1", "C1CC1"), (true, 1, 6));
        assert_eq!(check("C1CC1", "CCC"), (false, 0, 0));
    }

    #[test]
    fn diazepane_nitrogens_are_one_site() {
        assert_eq!(check("[NX3;H1]", "C1CNCCNC1"), (true, 1, 2));
        assert_eq!(check("[NX3;H1]", "CC(C)(C)OC(=O)N1CCCNCC1"), (true, 1, 1));
        let amine = "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])]";
        assert_eq!(check(amine, "CC(C)(C)OC(=O)N1CCCNCC1").1, 1);
        assert_eq!(check(amine, "CC(C)(C)OC(=O)N1CCCN(C)CC1").1, 0);
        assert_eq!(check(amine, "Nc1ccccc1").1, 0);
        assert_eq!(check(amine, "NCCN").1, 1);
    }

    #[test]
    fn primitives_on_molecules() {
        assert_eq!(check("c", "c1ccccc1").1, 1);
        assert!(!check("C", "c1ccccc1").0);
        assert_eq!(check("[#6]", "c1ccccc1CC").1, 6);
        assert_eq!(check("[a]", "c1ccncc1").1, 4);
        assert_eq!(check("[A]", "c1ccncc1C").1, 1);
        assert_eq!(check("[CH3]", "CCC").1, 1);
        assert_eq!(check("[D3]", "CC(C)C").1, 1);
        assert_eq!(check("[X4]", "CC(C)C").1, 2);
        assert_eq!(check("[R]", "C1CC1C").1, 2);
        assert_eq!(check("[R0]", "C1CC1C").1, 1);
        assert_eq!(check("[r3]", "C1CC1C1CCCC1").1, 2);
        assert_eq!(check("[r5]", "C1CC1C1CCCC1").1, 3);
        assert_eq!(check("[r6]", "c1ccc2ccccc2c1").1, 3);
        assert_eq!(check("[N+]", "C[N+](C)(C)C").1, 1);
        assert!(!check("[N+0]", "C[N+](C)(C)C").0);
        assert_eq!(check("[O-]", "O=[N+][O-]").1, 1);
        assert_eq!(check("[13C]", "C[13CH3]").1, 1);
        assert_eq!(check("[#7;R]", "C1CNCCN1CCN").1, 2);
        assert_eq!(check("[!#6]", "CCO").1, 1);
        assert_eq!(check("[C,N;H2]", "NCC(C)O").1, 2);
        assert_eq!(check("[H]", "[H]C").1, 1);
        assert_eq!(check("[CH4]", "[H]C([H])([H])[H]").1, 1);
    }

    #[test]
    fn bond_primitives() {
        assert_eq!(check("C=O", "CC(=O)O").1, 1);
        assert_eq!(check("C-O", "CC(=O)O").1, 1);
        assert_eq!(check("C~O", "CC(=O)O").1, 2);
        assert_eq!(check("c:c", "c1ccccc1").1, 1);
        assert!(!check("c-c", "c1ccccc1").0);
        assert!(check("cc", "c1ccccc1").0);
        assert_eq!(check("c-c", "c1ccccc1-c1ccccc1").1, 1);
        assert_eq!(check("C@C", "CCC1CC1").1, 3);
        assert_eq!(check("C!@C", "CCC1CC1").1, 4);
        assert_eq!(check("C=,#C", "C=CC#C").1, 4);
        // Kekulé orders of aromatic bonds are not single or double to `-` and `=`.
        assert!(!check("C=C", "c1ccccc1").0);
        assert!(!check("[#6]=[#6]", "c1ccccc1").0);
    }

    #[test]
    fn disconnected_and_ring_closures() {
        assert_eq!(check("N.N", "NCCN").2, 2);
        // Class tuples per pattern atom: the ring read from ipso, ortho (2 ways), meta (2), para.
        assert_eq!(check("c1ccccc1", "c1ccccc1-c1ccccc1").1, 6);
        assert_eq!(check("c1ccccc1", "c1ccccc1-c1ccccc1").2, 24);
        assert!(!check("C1CCCCC1", "c1ccccc1").0);
    }

    #[test]
    fn recursive_smarts_anchor_on_first_atom() {
        assert_eq!(check("[$(CO)]", "CCO").1, 1);
        assert_eq!(check("[$(OC)]", "CCO").1, 1);
        assert_eq!(check("[C;$(C(=O)[OH])]", "CC(=O)O").1, 1);
        assert_eq!(check("[$([$(C=O)]N)]", "CC(=O)NC").1, 1);
        assert_eq!(check("[!$(C=O)]", "CC(=O)NC").2, 4);
    }

    #[test]
    fn pattern_facts_and_errors() {
        let p = pattern("[N:1].Cl[C:2]=O");
        assert_eq!(p.atom_count(), 4);
        assert_eq!(p.component_count(), 2);
        assert_eq!(p.map_number(0), Some(1));
        assert_eq!(p.map_number(2), Some(2));
        assert_eq!(p.map_number(1), None);
        assert_eq!(p.map_number(9), None);
        let error = Pattern::new("C[Q]").unwrap_err();
        assert_eq!(error.stable_code(), "smarts::unknown_primitive");
        assert_eq!(error.span(), Span::new(2, 3));
    }

    #[test]
    fn element_prefilter_rejects_quickly() {
        let p = pattern("BrCCBr");
        assert!(!p.may_match(&molecule("BrCCC")));
        assert!(p.may_match(&molecule("BrCCCBr")));
        assert_eq!(check("BrCCBr", "BrCCBr").1, 1);
    }
}
