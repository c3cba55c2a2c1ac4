//! SMARTS syntax: the query language of substructure patterns and reaction templates
//! (`grammar/smarts.ebnf`).
//!
//! [`parse`] reads one pattern into a flat [`Smarts`] tree: query atoms and query bonds in
//! written order, each with its byte [`Span`]. Atom and bond queries are logical expressions in
//! a fixed three-level normal form ([`Expr`]): `;` (low-precedence and) over `,` (or) over `&`
//! (high-precedence and, also written by juxtaposition) over possibly negated primitives, so an
//! expression never nests deeper than that and holds no recursion. The only recursion is the
//! recursive SMARTS `$(...)`, whose depth is limited to [`MAX_RECURSION_DEPTH`].
//! [`parse_reaction`] reads `reactants>>products`.
//!
//! ```
//! use regiochem_smiles::smarts;
//!
//! let pattern = smarts::parse("[NX3;H1,H2;!$(NC=O):1]CC").unwrap();
//! assert_eq!(pattern.atoms.len(), 3);
//! assert_eq!(pattern.atoms[0].map, Some(1));
//!
//! let error = smarts::parse("[C;Q]").unwrap_err();
//! assert_eq!(error.stable_code(), "smarts::unknown_primitive");
//! assert_eq!(error.span().start, 3);
//! ```

mod error;
mod parse;

pub use error::SmartsError;
pub use parse::{MAX_RECURSION_DEPTH, parse, parse_reaction};

use crate::Span;

/// One parsed SMARTS pattern: query atoms and query bonds in the order they were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Smarts {
    /// Query atoms in written order.
    pub atoms: Vec<QueryAtom>,
    /// Query bonds in the order they were closed (ring closures paired).
    pub bonds: Vec<QueryBond>,
    /// The component of each atom: dot-separated parts, numbered from 0 in order of their first
    /// atom, merged when a ring bond joins them (`C1.C1` is one component).
    pub components: Vec<u32>,
    /// Number of components.
    pub component_count: usize,
    /// The whole pattern.
    pub span: Span,
}

impl Smarts {
    /// The atoms and bonds of component `component` as a pattern of their own (atom indices
    /// renumbered in written order, spans kept); `None` when there is no such component.
    pub fn component(&self, component: usize) -> Option<Smarts> {
        if component >= self.component_count {
            return None;
        }
        let mut index = vec![usize::MAX; self.atoms.len()];
        let mut atoms = Vec::new();
        for (i, atom) in self.atoms.iter().enumerate() {
            if self.components[i] as usize == component {
                index[i] = atoms.len();
                atoms.push(atom.clone());
            }
        }
        let bonds: Vec<QueryBond> = self
            .bonds
            .iter()
            .filter(|b| index[b.source] != usize::MAX)
            .map(|b| QueryBond {
                source: index[b.source],
                target: index[b.target],
                ..b.clone()
            })
            .collect();
        let start = atoms.first().map_or(0, |a| a.span.start);
        let end = atoms.iter().map(|a| a.span.end).max().unwrap_or(start);
        Some(Smarts {
            components: vec![0; atoms.len()],
            component_count: 1,
            span: Span::new(start, end),
            atoms,
            bonds,
        })
    }
}

/// A parsed reaction template `reactants>>products`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionSmarts {
    /// The left-hand side; each component is one reactant template (RDKit style).
    pub reactants: Smarts,
    /// The right-hand side.
    pub products: Smarts,
    /// The `>>`.
    pub arrow: Span,
}

/// A query atom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryAtom {
    /// Where the atom is written (the whole bracket for bracket atoms).
    pub span: Span,
    /// What a molecule atom must satisfy.
    pub query: Expr<AtomPrimitive>,
    /// Atom map number (`[N:1]`).
    pub map: Option<u32>,
    /// Written in brackets (an unbracketed atom states nothing about hydrogens or charge).
    pub bracketed: bool,
}

/// A query bond between two atoms, indices into [`Smarts::atoms`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryBond {
    /// The atom written first.
    pub source: usize,
    /// The atom written second.
    pub target: usize,
    /// The bond expression; `None` when nothing was written (single or aromatic).
    pub query: Option<Expr<BondPrimitive>>,
    /// Where the bond expression (or, when elided, the second atom or ring digit) is written.
    pub span: Span,
}

/// A logical expression in SMARTS's fixed precedence: every one of `clauses` (joined by `;`)
/// must hold; a clause holds when any of its alternatives (joined by `,`) does; an alternative
/// holds when all of its literals (joined by `&` or written side by side) do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr<P> {
    /// The `;`-separated clauses.
    pub clauses: Vec<Clause<P>>,
}

/// A `,`-separated disjunction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause<P> {
    /// The alternatives.
    pub alternatives: Vec<Term<P>>,
}

/// An `&`-joined conjunction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term<P> {
    /// The literals.
    pub literals: Vec<Literal<P>>,
}

/// A primitive, possibly negated (`!`; an even number of `!` cancels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal<P> {
    /// Preceded by an odd number of `!`.
    pub negated: bool,
    /// The primitive.
    pub primitive: P,
    /// Where the primitive is written (without its `!`).
    pub span: Span,
}

impl<P> Expr<P> {
    /// An expression of one plain primitive.
    pub fn primitive(primitive: P, span: Span) -> Self {
        Expr {
            clauses: vec![Clause {
                alternatives: vec![Term {
                    literals: vec![Literal {
                        negated: false,
                        primitive,
                        span,
                    }],
                }],
            }],
        }
    }

    /// The literals that must hold whatever else holds: the non-negated and negated literals of
    /// every clause that has a single alternative.
    pub fn required(&self) -> impl Iterator<Item = &Literal<P>> + '_ {
        self.clauses
            .iter()
            .filter(|c| c.alternatives.len() == 1)
            .flat_map(|c| c.alternatives.iter().flat_map(|t| t.literals.iter()))
    }

    /// Every literal, in written order.
    pub fn literals(&self) -> impl Iterator<Item = &Literal<P>> + '_ {
        self.clauses
            .iter()
            .flat_map(|c| c.alternatives.iter().flat_map(|t| t.literals.iter()))
    }
}

/// An atomic primitive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtomPrimitive {
    /// An element: `C` (aliphatic, `aromatic: Some(false)`), `c` (`Some(true)`) or `#6`
    /// (either, `None`).
    Element {
        /// Atomic number, 1..=118.
        number: u8,
        /// Required aromaticity, if the symbol states one.
        aromatic: Option<bool>,
    },
    /// `*`: any atom.
    Any,
    /// `a`: any aromatic atom.
    Aromatic,
    /// `A`: any aliphatic atom.
    Aliphatic,
    /// `H<n>`: total hydrogen count (`H` alone is `H1`).
    Hydrogens(u8),
    /// `D<n>`: explicit degree, bonded atoms in the graph (`D` alone is `D1`).
    Degree(u8),
    /// `X<n>`: total connections, degree plus hydrogens (`X` alone is `X1`).
    Connectivity(u8),
    /// `R` (in a ring: `None`), `R0` (in no ring: `Some(0)`), `R<n>` (`Some(n)`).
    RingMembership(Option<u8>),
    /// `r` (in a ring: `None`), `r<n>` (smallest ring containing the atom has n atoms).
    RingSize(Option<u8>),
    /// `+`, `-`, `+<n>`, `-<n>`, `++`, `+0`: formal charge.
    Charge(i8),
    /// A leading number: mass number.
    Isotope(u16),
    /// `$(...)`: the atom is the first atom of a match of the inner pattern.
    Recursive(Box<Smarts>),
}

/// A bond primitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BondPrimitive {
    /// `-`: single, not aromatic.
    Single,
    /// `=`: double, not aromatic.
    Double,
    /// `#`: triple.
    Triple,
    /// `$`: quadruple.
    Quadruple,
    /// `:`: aromatic.
    Aromatic,
    /// `~`: any bond.
    Any,
    /// `@`: a ring bond.
    Ring,
}
