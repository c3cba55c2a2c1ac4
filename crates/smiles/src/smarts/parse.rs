//! The SMARTS reader. Token productions (primitives, numbers, organic atoms) are small nom
//! parsers; chains are read by an iterative loop with an explicit branch stack, and logical
//! expressions by an iterative loop filling the fixed three-level [`Expr`] form. Only `$(...)`
//! recurses, at most [`MAX_RECURSION_DEPTH`] levels deep.

use std::collections::HashSet;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::tag,
    character::complete::{char, digit0, digit1, satisfy},
    combinator::{map, map_res, opt, recognize, value},
    multi::many0_count,
    sequence::preceded,
};

use super::{
    AtomPrimitive, BondPrimitive, Clause, Expr, Literal, QueryAtom, QueryBond, ReactionSmarts,
    Smarts, SmartsError, Term,
};
use crate::Span;
use crate::element::element_number;

/// How deeply recursive SMARTS may nest: `$($($(C)))` is three levels. Deeper input is
/// rejected with `smarts::recursion_too_deep`, so no input can exhaust the stack.
pub const MAX_RECURSION_DEPTH: usize = 16;

/// Reads one SMARTS pattern.
///
/// ```text
/// pattern ::= chain
/// ```
///
/// The whole string is the pattern (no title); errors carry byte offsets into `text`.
pub fn parse(text: &str) -> Result<Smarts, SmartsError> {
    let reader = Reader { text };
    reader.pattern(0, text.len())
}

/// Reads a reaction template.
///
/// ```text
/// reaction ::= pattern '>>' pattern
/// ```
///
/// Each component of the reactant side is one reactant template, as in RDKit.
pub fn parse_reaction(text: &str) -> Result<ReactionSmarts, SmartsError> {
    let Some(first) = text.find('>') else {
        return Err(SmartsError::ExpectedArrow {
            span: Span::at(text.len()),
        });
    };
    if !text[first..].starts_with(">>") {
        return Err(SmartsError::ExpectedArrow {
            span: Span::at(first),
        });
    }
    if let Some(third) = text[first + 2..].find('>') {
        return Err(SmartsError::UnexpectedCharacter {
            found: '>',
            span: Span::at(first + 2 + third),
        });
    }
    let reader = Reader { text };
    let reactants = reader.pattern(0, first)?;
    let products = reader.pattern(first + 2, text.len())?;
    Ok(ReactionSmarts {
        reactants,
        products,
        arrow: Span::new(first, first + 2),
    })
}

struct Reader<'a> {
    text: &'a str,
}

/// An open ring bond: who opened it, with what expression, where.
#[derive(Clone)]
struct OpenRing {
    atom: usize,
    query: Option<(Expr<BondPrimitive>, Span)>,
    digit_span: Span,
}

/// How a chain ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// At the end of the range.
    End,
    /// At the `)` closing a recursive SMARTS.
    Recursion,
}

impl Reader<'_> {
    fn pattern(&self, start: usize, end: usize) -> Result<Smarts, SmartsError> {
        let (smarts, _) = self.chain(start, end, 0, Ending::End)?;
        Ok(smarts)
    }

    fn unexpected(&self, at: usize) -> SmartsError {
        let found = self.text[at..].chars().next().unwrap_or('\0');
        SmartsError::UnexpectedCharacter {
            found,
            span: Span::new(at, at + found.len_utf8().max(1)),
        }
    }

    /// Reads a chain from `start`, up to `end` or, for a recursive SMARTS, up to the `)` that
    /// closes it; returns the pattern and where it stopped.
    ///
    /// ```text
    /// chain ::= branched_atom ( ( bond | dot )? branched_atom )*
    /// branched_atom ::= atom ringbond* branch*
    /// branch ::= '(' ( bond | dot )? chain ')'
    /// dot ::= '.'
    /// ```
    fn chain(
        &self,
        start: usize,
        end: usize,
        depth: usize,
        ending: Ending,
    ) -> Result<(Smarts, usize), SmartsError> {
        let bytes = self.text.as_bytes();
        let mut atoms: Vec<QueryAtom> = Vec::new();
        let mut bonds: Vec<QueryBond> = Vec::new();
        let mut bonded: HashSet<(usize, usize)> = HashSet::new();
        let mut rings: Vec<Option<OpenRing>> = vec![None; 100];
        // Union-find over atoms, for components.
        let mut parent: Vec<usize> = Vec::new();
        let mut prev: Option<usize> = None;
        let mut pending: Option<(Expr<BondPrimitive>, Span)> = None;
        let mut dot: Option<Span> = None;
        let mut branches: Vec<(usize, usize)> = Vec::new();
        let mut branch_start = false;
        let mut pos = start;

        let stop = loop {
            if pos >= end {
                break end;
            }
            let here = pos;
            match bytes[here] {
                b'(' => {
                    if let Some((_, span)) = pending {
                        return Err(SmartsError::DanglingBond { span });
                    }
                    if let Some(span) = dot {
                        return Err(SmartsError::EmptyComponent { span });
                    }
                    let Some(atom) = prev.filter(|_| !branch_start) else {
                        return Err(SmartsError::BranchWithoutAtom {
                            span: Span::at(here),
                        });
                    };
                    branches.push((atom, here));
                    branch_start = true;
                    pos += 1;
                }
                b']' if ending == Ending::Recursion => break here,
                b')' => {
                    if branches.is_empty() && ending == Ending::Recursion {
                        break here;
                    }
                    if let Some((_, span)) = pending {
                        return Err(SmartsError::DanglingBond { span });
                    }
                    if let Some(span) = dot {
                        return Err(SmartsError::EmptyComponent { span });
                    }
                    let Some((atom, _)) = branches.pop() else {
                        return Err(SmartsError::UnopenedBranch {
                            span: Span::at(here),
                        });
                    };
                    if branch_start {
                        return Err(SmartsError::EmptyBranch {
                            span: Span::at(here),
                        });
                    }
                    prev = Some(atom);
                    pos += 1;
                }
                b'.' => {
                    if let Some((_, span)) = pending {
                        return Err(SmartsError::DanglingBond { span });
                    }
                    if dot.is_some() || prev.is_none() || branch_start {
                        return Err(SmartsError::EmptyComponent {
                            span: Span::at(here),
                        });
                    }
                    dot = Some(Span::at(here));
                    pos += 1;
                }
                b'0'..=b'9' | b'%' => {
                    if dot.is_some() {
                        let (_, span) = self.ring_number(here, end)?;
                        return Err(SmartsError::DotRingBond { span });
                    }
                    let Some(atom) = prev.filter(|_| !branch_start) else {
                        return Err(SmartsError::ExpectedAtom {
                            span: Span::at(here),
                        });
                    };
                    let (number, span) = self.ring_number(here, end)?;
                    pos = span.end;
                    let symbol = pending.take();
                    let Some(open) = rings[number].take() else {
                        rings[number] = Some(OpenRing {
                            atom,
                            query: symbol,
                            digit_span: span,
                        });
                        continue;
                    };
                    if open.atom == atom {
                        return Err(SmartsError::SelfBond { span });
                    }
                    let query = match (open.query, symbol) {
                        (query, None) => query,
                        (None, Some(query)) => Some(query),
                        (Some((first, _)), Some((second, second_span))) => {
                            if first != second {
                                return Err(SmartsError::ConflictingRingBond { span: second_span });
                            }
                            Some((second, second_span))
                        }
                    };
                    let key = (open.atom.min(atom), open.atom.max(atom));
                    if !bonded.insert(key) {
                        return Err(SmartsError::DuplicateBond { span });
                    }
                    union(&mut parent, open.atom, atom);
                    let bond_span = query.as_ref().map_or(span, |(_, s)| *s);
                    bonds.push(QueryBond {
                        source: open.atom,
                        target: atom,
                        query: query.map(|(q, _)| q),
                        span: bond_span,
                    });
                }
                b'-' | b'=' | b'#' | b'$' | b':' | b'~' | b'@' | b'!' | b'&' | b',' | b';' => {
                    let (query, span) = self.bond_expression(here, end)?;
                    if prev.is_none() || dot.is_some() {
                        return Err(SmartsError::DanglingBond { span });
                    }
                    if let Some((_, first)) = &pending {
                        return Err(SmartsError::DanglingBond { span: *first });
                    }
                    pending = Some((query, span));
                    pos = span.end;
                }
                _ => {
                    let (atom, next) = self.atom(here, end, depth)?;
                    let index = atoms.len();
                    let span = atom.span;
                    atoms.push(atom);
                    parent.push(index);
                    match prev {
                        Some(from) if dot.is_none() => {
                            let (query, bond_span) = match pending.take() {
                                Some((query, bond_span)) => (Some(query), bond_span),
                                None => (None, span),
                            };
                            bonded.insert((from.min(index), from.max(index)));
                            union(&mut parent, from, index);
                            bonds.push(QueryBond {
                                source: from,
                                target: index,
                                query,
                                span: bond_span,
                            });
                        }
                        _ => {}
                    }
                    dot = None;
                    branch_start = false;
                    prev = Some(index);
                    pos = next;
                }
            }
        };

        if let Some((_, span)) = pending {
            return Err(SmartsError::DanglingBond { span });
        }
        if let Some(span) = dot {
            return Err(SmartsError::EmptyComponent { span });
        }
        if let Some(&(_, at)) = branches.last() {
            return Err(SmartsError::UnclosedBranch { span: Span::at(at) });
        }
        if let Some(open) = rings
            .iter()
            .flatten()
            .min_by_key(|open| open.digit_span.start)
        {
            return Err(SmartsError::UnmatchedRingBond {
                span: open.digit_span,
            });
        }
        if atoms.is_empty() {
            return Err(SmartsError::Empty {
                span: Span::at(start),
            });
        }
        // Components numbered in order of their first atom.
        let mut number = vec![u32::MAX; atoms.len()];
        let mut components = Vec::with_capacity(atoms.len());
        let mut count = 0u32;
        for atom in 0..atoms.len() {
            let root = find(&mut parent, atom);
            if number[root] == u32::MAX {
                number[root] = count;
                count += 1;
            }
            components.push(number[root]);
        }
        let smarts = Smarts {
            atoms,
            bonds,
            components,
            component_count: count as usize,
            span: Span::new(start, stop),
        };
        Ok((smarts, stop))
    }

    /// The ring-bond number at `at`, with its span.
    ///
    /// ```text
    /// ringbond ::= bond? ( DIGIT | '%' DIGIT DIGIT )
    /// ```
    fn ring_number(&self, at: usize, end: usize) -> Result<(usize, Span), SmartsError> {
        let input = &self.text[at..end];
        let result: IResult<&str, u8> = alt((
            map(satisfy(|c| c.is_ascii_digit()), |c| c as u8 - b'0'),
            preceded(
                char('%'),
                map(
                    (
                        satisfy(|c| c.is_ascii_digit()),
                        satisfy(|c| c.is_ascii_digit()),
                    ),
                    |(a, b)| (a as u8 - b'0') * 10 + (b as u8 - b'0'),
                ),
            ),
        ))
        .parse(input);
        match result {
            Ok((rest, number)) => Ok((usize::from(number), Span::new(at, end - rest.len()))),
            Err(_) => Err(self.unexpected(if input.len() > 1 { at + 1 } else { at })),
        }
    }

    /// Reads a bond expression starting at `at`.
    ///
    /// ```text
    /// bond ::= bond_expression
    /// bond_expression ::= bond_disjunction ( ';' bond_disjunction )*
    /// bond_disjunction ::= bond_conjunction ( ',' bond_conjunction )*
    /// bond_conjunction ::= bond_negation ( '&'? bond_negation )*
    /// bond_negation ::= '!'* bond_primitive
    /// ```
    fn bond_expression(
        &self,
        at: usize,
        end: usize,
    ) -> Result<(Expr<BondPrimitive>, Span), SmartsError> {
        let bytes = self.text.as_bytes();
        let mut builder = ExprBuilder::new();
        let mut pos = at;
        while pos < end {
            let c = bytes[pos];
            match c {
                b'!' => builder.not(pos),
                b'&' | b',' | b';' => builder.operator(c, pos)?,
                _ => match bond_primitive(c) {
                    Some(primitive) => builder.literal(primitive, Span::at(pos)),
                    None => break,
                },
            }
            pos += 1;
        }
        let span = Span::new(at, pos);
        let expr = builder.finish(pos)?;
        Ok((expr, span))
    }

    /// Reads one atom at `at`; returns it and where it ends.
    ///
    /// ```text
    /// atom ::= bracket_atom | organic_atom
    /// organic_atom ::= aliphatic_organic | aromatic_organic | '*' | 'a' | 'A'
    /// aliphatic_organic ::= 'B' | 'C' | 'N' | 'O' | 'S' | 'P' | 'F' | 'Cl' | 'Br' | 'I'
    /// aromatic_organic ::= 'b' | 'c' | 'n' | 'o' | 's' | 'p'
    /// ```
    fn atom(&self, at: usize, end: usize, depth: usize) -> Result<(QueryAtom, usize), SmartsError> {
        let input = &self.text[at..end];
        if input.starts_with('[') {
            return self.bracket_atom(at, end, depth);
        }
        match organic(input) {
            Ok((rest, primitive)) => {
                let span = Span::new(at, end - rest.len());
                Ok((
                    QueryAtom {
                        span,
                        query: Expr::primitive(primitive, span),
                        map: None,
                        bracketed: false,
                    },
                    span.end,
                ))
            }
            Err(_) => Err(self.unexpected(at)),
        }
    }

    /// Reads a bracket atom whose `[` is at `at`.
    ///
    /// ```text
    /// bracket_atom ::= '[' atom_expression map? ']'
    /// map ::= ':' DIGIT+
    /// atom_expression ::= atom_disjunction ( ';' atom_disjunction )*
    /// atom_disjunction ::= atom_conjunction ( ',' atom_conjunction )*
    /// atom_conjunction ::= atom_negation ( '&'? atom_negation )*
    /// atom_negation ::= '!'* atom_primitive
    /// ```
    fn bracket_atom(
        &self,
        at: usize,
        end: usize,
        depth: usize,
    ) -> Result<(QueryAtom, usize), SmartsError> {
        let bytes = self.text.as_bytes();
        let mut builder = ExprBuilder::new();
        let mut map_number = None;
        let mut pos = at + 1;
        // Whether only an isotope (or nothing) has been read: then `H` is hydrogen the element.
        let mut element_position = true;
        loop {
            if pos >= end {
                return Err(SmartsError::UnclosedBracket { span: Span::at(at) });
            }
            match bytes[pos] {
                b']' => break,
                b'!' => {
                    builder.not(pos);
                    element_position = false;
                    pos += 1;
                }
                c @ (b'&' | b',' | b';') => {
                    builder.operator(c, pos)?;
                    element_position = false;
                    pos += 1;
                }
                b':' => {
                    let (number, next) = self.map_number(pos, end)?;
                    map_number = Some(number);
                    pos = next;
                    if bytes.get(pos) != Some(&b']') || pos >= end {
                        return Err(SmartsError::MisplacedMap {
                            span: Span::new(pos.min(end), (pos + 1).min(end)),
                        });
                    }
                }
                b'$' => {
                    let (primitive, span) = self.recursive(pos, end, depth)?;
                    builder.literal(primitive, span);
                    element_position = false;
                    pos = span.end;
                }
                _ => {
                    let input = &self.text[pos..end];
                    match atom_primitive(input, element_position) {
                        Ok((rest, primitive)) => {
                            let next = end - rest.len();
                            element_position =
                                element_position && matches!(primitive, AtomPrimitive::Isotope(_));
                            builder.literal(primitive, Span::new(pos, next));
                            pos = next;
                        }
                        Err(nom::Err::Failure(error)) => {
                            let stop = end - error.input.len();
                            return Err(SmartsError::ValueOutOfRange {
                                span: Span::new(pos, stop.max(pos + 1)),
                            });
                        }
                        Err(_) => {
                            let width = input.chars().next().map_or(1, char::len_utf8);
                            return Err(SmartsError::UnknownPrimitive {
                                span: Span::new(pos, pos + width),
                            });
                        }
                    }
                }
            }
        }
        // `pos` is at the `]`.
        if builder.is_empty() {
            return Err(SmartsError::EmptyBracket {
                span: Span::new(at, pos + 1),
            });
        }
        let query = builder.finish(pos)?;
        let span = Span::new(at, pos + 1);
        Ok((
            QueryAtom {
                span,
                query,
                map: map_number,
                bracketed: true,
            },
            pos + 1,
        ))
    }

    /// Reads `:` DIGIT+ at `at`; returns the number and where it ends.
    ///
    /// ```text
    /// map ::= ':' DIGIT+
    /// ```
    fn map_number(&self, at: usize, end: usize) -> Result<(u32, usize), SmartsError> {
        let input = &self.text[at + 1..end];
        let result: IResult<&str, u32> = map_res(digit1, |d: &str| match d.parse::<u32>() {
            Ok(n) if n < 1 << 31 => Ok(n),
            _ => Err(()),
        })
        .parse(input);
        match result {
            Ok((rest, number)) => Ok((number, end - rest.len())),
            Err(_) => {
                let stop = end
                    - digit0::<_, nom::error::Error<&str>>(input)
                        .map_or(input.len(), |(rest, _)| rest.len());
                Err(SmartsError::MisplacedMap {
                    span: Span::new(at, stop.max(at + 1)),
                })
            }
        }
    }

    /// Reads a recursive SMARTS whose `$` is at `at`.
    ///
    /// ```text
    /// recursive ::= '$(' chain ')'
    /// ```
    fn recursive(
        &self,
        at: usize,
        end: usize,
        depth: usize,
    ) -> Result<(AtomPrimitive, Span), SmartsError> {
        if self.text.as_bytes().get(at + 1) != Some(&b'(') || at + 1 >= end {
            return Err(SmartsError::UnknownPrimitive { span: Span::at(at) });
        }
        let opening = Span::new(at, at + 2);
        if depth + 1 > MAX_RECURSION_DEPTH {
            return Err(SmartsError::RecursionTooDeep { span: opening });
        }
        let inner_start = at + 2;
        if self.text.as_bytes().get(inner_start) == Some(&b')') {
            return Err(SmartsError::Empty {
                span: Span::at(inner_start),
            });
        }
        let (inner, stop) = self.chain(inner_start, end, depth + 1, Ending::Recursion)?;
        if self.text.as_bytes().get(stop) != Some(&b')') || stop >= end {
            return Err(SmartsError::UnclosedRecursion { span: opening });
        }
        Ok((
            AtomPrimitive::Recursive(Box::new(inner)),
            Span::new(at, stop + 1),
        ))
    }
}

fn find(parent: &mut [usize], mut atom: usize) -> usize {
    while parent[atom] != atom {
        parent[atom] = parent[parent[atom]];
        atom = parent[atom];
    }
    atom
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Fills the fixed `;` / `,` / `&` form as operators and literals arrive.
struct ExprBuilder<P> {
    clauses: Vec<Clause<P>>,
    alternatives: Vec<Term<P>>,
    literals: Vec<Literal<P>>,
    /// Parity of `!` seen since the last literal, and where the first one is.
    negation: Option<(bool, usize)>,
    /// The operator read since the last literal, and where.
    operator: Option<usize>,
}

impl<P> ExprBuilder<P> {
    fn new() -> Self {
        ExprBuilder {
            clauses: Vec::new(),
            alternatives: Vec::new(),
            literals: Vec::new(),
            negation: None,
            operator: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.clauses.is_empty()
            && self.alternatives.is_empty()
            && self.literals.is_empty()
            && self.negation.is_none()
            && self.operator.is_none()
    }

    fn not(&mut self, at: usize) {
        self.negation = Some(match self.negation {
            None => (true, at),
            Some((odd, first)) => (!odd, first),
        });
    }

    fn literal(&mut self, primitive: P, span: Span) {
        let negated = self.negation.take().is_some_and(|(odd, _)| odd);
        self.operator = None;
        self.literals.push(Literal {
            negated,
            primitive,
            span,
        });
    }

    fn operator(&mut self, op: u8, at: usize) -> Result<(), SmartsError> {
        if let Some((_, first)) = self.negation {
            return Err(SmartsError::ExpectedPrimitive {
                span: Span::at(first),
            });
        }
        if self.operator.is_some() || self.literals.is_empty() {
            return Err(SmartsError::ExpectedPrimitive { span: Span::at(at) });
        }
        match op {
            b',' => self.alternatives.push(Term {
                literals: std::mem::take(&mut self.literals),
            }),
            b';' => {
                self.alternatives.push(Term {
                    literals: std::mem::take(&mut self.literals),
                });
                self.clauses.push(Clause {
                    alternatives: std::mem::take(&mut self.alternatives),
                });
            }
            _ => {}
        }
        self.operator = Some(at);
        Ok(())
    }

    /// The expression; `at` is where it ends (for a dangling operator at the end).
    fn finish(mut self, at: usize) -> Result<Expr<P>, SmartsError> {
        if let Some((_, first)) = self.negation {
            return Err(SmartsError::ExpectedPrimitive {
                span: Span::at(first),
            });
        }
        if let Some(op) = self.operator {
            return Err(SmartsError::ExpectedPrimitive { span: Span::at(op) });
        }
        if self.literals.is_empty() {
            return Err(SmartsError::ExpectedPrimitive { span: Span::at(at) });
        }
        self.alternatives.push(Term {
            literals: self.literals,
        });
        self.clauses.push(Clause {
            alternatives: self.alternatives,
        });
        Ok(Expr {
            clauses: self.clauses,
        })
    }
}

/// ```text
/// bond_primitive ::= '-' | '=' | '#' | '$' | ':' | '~' | '@'
/// ```
fn bond_primitive(c: u8) -> Option<BondPrimitive> {
    Some(match c {
        b'-' => BondPrimitive::Single,
        b'=' => BondPrimitive::Double,
        b'#' => BondPrimitive::Triple,
        b'$' => BondPrimitive::Quadruple,
        b':' => BondPrimitive::Aromatic,
        b'~' => BondPrimitive::Any,
        b'@' => BondPrimitive::Ring,
        _ => return None,
    })
}

/// ```text
/// organic_atom ::= aliphatic_organic | aromatic_organic | '*' | 'a' | 'A'
/// ```
fn organic(input: &str) -> IResult<&str, AtomPrimitive> {
    let element = |number: u8, aromatic: bool| AtomPrimitive::Element {
        number,
        aromatic: Some(aromatic),
    };
    alt((
        value(element(17, false), tag("Cl")),
        value(element(35, false), tag("Br")),
        value(element(5, false), char('B')),
        value(element(6, false), char('C')),
        value(element(7, false), char('N')),
        value(element(8, false), char('O')),
        value(element(16, false), char('S')),
        value(element(15, false), char('P')),
        value(element(9, false), char('F')),
        value(element(53, false), char('I')),
        value(element(5, true), char('b')),
        value(element(6, true), char('c')),
        value(element(7, true), char('n')),
        value(element(8, true), char('o')),
        value(element(16, true), char('s')),
        value(element(15, true), char('p')),
        value(AtomPrimitive::Any, char('*')),
        value(AtomPrimitive::Aromatic, char('a')),
        value(AtomPrimitive::Aliphatic, char('A')),
    ))
    .parse(input)
}

/// A number in `low..=high`; a number out of range is a nom `Failure` (reported as
/// `smarts::value_out_of_range`), no digits a recoverable error.
fn number(low: u32, high: u32) -> impl FnMut(&str) -> IResult<&str, u32> {
    move |input: &str| {
        let (rest, digits) = digit1(input)?;
        match digits.parse::<u32>() {
            Ok(n) if (low..=high).contains(&n) && digits.len() <= 4 => Ok((rest, n)),
            _ => Err(nom::Err::Failure(nom::error::Error::new(
                rest,
                nom::error::ErrorKind::Digit,
            ))),
        }
    }
}

/// An optional count after a letter primitive (`H`, `D`, `X`: absent means 1).
fn count(default: u8) -> impl FnMut(&str) -> IResult<&str, u8> {
    move |input: &str| {
        let (rest, found) = opt(number(0, 255)).parse(input)?;
        Ok((rest, found.map_or(default, |n| n as u8)))
    }
}

/// One atomic primitive other than `$(...)`. `element_position` says that nothing but an
/// isotope precedes it in the bracket, where `H` before `]`, `+`, `-` or `:` is hydrogen the
/// element (`[H]`, `[2H]`, `[H+]`) rather than a hydrogen count.
///
/// ```text
/// atom_primitive ::= isotope | '#' DIGIT+ | element_symbol | aromatic_symbol | '*' | 'a' | 'A'
///                  | 'H' DIGIT* | 'D' DIGIT* | 'X' DIGIT* | 'R' DIGIT* | 'r' DIGIT* | charge
///                  | recursive
/// isotope ::= DIGIT+
/// ```
fn atom_primitive(input: &str, element_position: bool) -> IResult<&str, AtomPrimitive> {
    if element_position && input.starts_with('H') {
        let next = input.as_bytes().get(1).copied();
        if matches!(next, None | Some(b']' | b'+' | b'-' | b':')) {
            return Ok((
                &input[1..],
                AtomPrimitive::Element {
                    number: 1,
                    aromatic: None,
                },
            ));
        }
    }
    alt((
        map(number(0, 999), |n| AtomPrimitive::Isotope(n as u16)),
        map(preceded(char('#'), number(1, 118)), |n| {
            AtomPrimitive::Element {
                number: n as u8,
                aromatic: None,
            }
        }),
        charge,
        aromatic_symbol,
        value(AtomPrimitive::Any, char('*')),
        value(AtomPrimitive::Aromatic, char('a')),
        map(preceded(char('r'), opt(number(0, 255))), |n| {
            AtomPrimitive::RingSize(n.map(|n| n as u8))
        }),
        element_symbol,
        map(preceded(char('H'), count(1)), AtomPrimitive::Hydrogens),
        map(preceded(char('D'), count(1)), AtomPrimitive::Degree),
        map(preceded(char('X'), count(1)), AtomPrimitive::Connectivity),
        map(preceded(char('R'), opt(number(0, 255))), |n| {
            AtomPrimitive::RingMembership(n.map(|n| n as u8))
        }),
        value(AtomPrimitive::Aliphatic, char('A')),
    ))
    .parse(input)
}

/// ```text
/// aromatic_symbol ::= 'b' | 'c' | 'n' | 'o' | 'p' | 's' | 'se' | 'as' | 'te'
/// ```
fn aromatic_symbol(input: &str) -> IResult<&str, AtomPrimitive> {
    let aromatic = |number: u8| AtomPrimitive::Element {
        number,
        aromatic: Some(true),
    };
    alt((
        value(aromatic(34), tag("se")),
        value(aromatic(33), tag("as")),
        value(aromatic(52), tag("te")),
        value(aromatic(5), char('b')),
        value(aromatic(6), char('c')),
        value(aromatic(7), char('n')),
        value(aromatic(8), char('o')),
        value(aromatic(15), char('p')),
        value(aromatic(16), char('s')),
    ))
    .parse(input)
}

/// An aliphatic element symbol: a capital and, when that makes a symbol, one lower-case letter
/// (so `[Cl]` is chlorine and `[Ca]` calcium, as in RDKit). `H`, `D`, `X`, `R` and `A` alone are
/// primitives, not elements.
///
/// ```text
/// element_symbol ::= 'He' | 'Li' | ... | 'Og' | 'B' | 'C' | 'N' | 'O' | 'F' | 'P' | 'S' | ...
/// ```
fn element_symbol(input: &str) -> IResult<&str, AtomPrimitive> {
    let aliphatic = |number: u8| AtomPrimitive::Element {
        number,
        aromatic: Some(false),
    };
    let two: IResult<&str, &str> = recognize((
        satisfy(|c| c.is_ascii_uppercase()),
        satisfy(|c| c.is_ascii_lowercase()),
    ))
    .parse(input);
    if let Ok((rest, symbol)) = two {
        if let Some(number) = element_number(symbol) {
            return Ok((rest, aliphatic(number)));
        }
    }
    map_res(
        recognize(satisfy(|c| c.is_ascii_uppercase() && c != 'H')),
        |symbol: &str| element_number(symbol).map(aliphatic).ok_or(()),
    )
    .parse(input)
}

/// ```text
/// charge ::= '+' ( '+'* | DIGIT+ ) | '-' ( '-'* | DIGIT+ )
/// ```
fn charge(input: &str) -> IResult<&str, AtomPrimitive> {
    let (rest, sign) = alt((char('+'), char('-'))).parse(input)?;
    let signed = |n: u32| {
        let n = n as i8;
        AtomPrimitive::Charge(if sign == '+' { n } else { -n })
    };
    let (rest, digits) = opt(number(0, 15)).parse(rest)?;
    if let Some(n) = digits {
        return Ok((rest, signed(n)));
    }
    let (rest, repeated) = many0_count(char(sign)).parse(rest)?;
    if repeated + 1 > 15 {
        return Err(nom::Err::Failure(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Count,
        )));
    }
    Ok((rest, signed(repeated as u32 + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input`, expecting an error with `code` starting at byte `offset`.
    fn check_error(input: &str, code: &str, offset: usize) {
        match parse(input) {
            Ok(smarts) => panic!("{input:?} parsed to {smarts:?}, expected {code}"),
            Err(error) => {
                assert_eq!(error.stable_code(), code, "{input:?}: {error}");
                assert_eq!(error.span().start, offset, "{input:?}: {error}");
            }
        }
    }

    fn counts(input: &str) -> (usize, usize, usize) {
        let smarts = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        (
            smarts.atoms.len(),
            smarts.bonds.len(),
            smarts.component_count,
        )
    }

    fn primitives(input: &str) -> Vec<(bool, AtomPrimitive)> {
        let smarts = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        smarts.atoms[0]
            .query
            .literals()
            .map(|l| (l.negated, l.primitive.clone()))
            .collect()
    }

    #[test]
    fn chains_branches_rings_dots() {
        assert_eq!(counts("CCC"), (3, 2, 1));
        assert_eq!(counts("C1CC1"), (3, 3, 1));
        assert_eq!(counts("c1ccccc1"), (6, 6, 1));
        assert_eq!(counts("C(=O)O.N"), (4, 2, 2));
        assert_eq!(counts("C1.C1"), (2, 1, 1));
        assert_eq!(counts("[#6]-,=[#7]"), (2, 1, 1));
        assert_eq!(counts("*~*@*"), (3, 2, 1));
        assert_eq!(counts("C%10CC%10"), (3, 3, 1));
    }

    #[test]
    fn expression_precedence() {
        let smarts = parse("[C,N;H1&+0,!R]").unwrap();
        let query = &smarts.atoms[0].query;
        assert_eq!(query.clauses.len(), 2);
        assert_eq!(query.clauses[0].alternatives.len(), 2);
        assert_eq!(query.clauses[1].alternatives.len(), 2);
        assert_eq!(query.clauses[1].alternatives[0].literals.len(), 2);
        assert!(query.clauses[1].alternatives[1].literals[0].negated);
        // Juxtaposition is `&`: [CH2] is C and H2.
        assert_eq!(
            primitives("[CH2]"),
            [
                (
                    false,
                    AtomPrimitive::Element {
                        number: 6,
                        aromatic: Some(false)
                    }
                ),
                (false, AtomPrimitive::Hydrogens(2)),
            ]
        );
        // `!!` cancels.
        assert_eq!(
            primitives("[!!R]"),
            [(false, AtomPrimitive::RingMembership(None))]
        );
    }

    #[test]
    fn primitives_read() {
        use AtomPrimitive::*;
        let element = |number, aromatic| Element { number, aromatic };
        assert_eq!(primitives("[#6]"), [(false, element(6, None))]);
        assert_eq!(primitives("[Cl]"), [(false, element(17, Some(false)))]);
        assert_eq!(primitives("[se]"), [(false, element(34, Some(true)))]);
        assert_eq!(primitives("[H]"), [(false, element(1, None))]);
        assert_eq!(
            primitives("[2H]"),
            [(false, Isotope(2)), (false, element(1, None))]
        );
        assert_eq!(
            primitives("[H+]"),
            [(false, element(1, None)), (false, Charge(1))]
        );
        assert_eq!(
            primitives("[NH]"),
            [(false, element(7, Some(false))), (false, Hydrogens(1))]
        );
        assert_eq!(primitives("[D3]"), [(false, Degree(3))]);
        assert_eq!(primitives("[X]"), [(false, Connectivity(1))]);
        assert_eq!(primitives("[R]"), [(false, RingMembership(None))]);
        assert_eq!(primitives("[R0]"), [(false, RingMembership(Some(0)))]);
        assert_eq!(primitives("[r5]"), [(false, RingSize(Some(5)))]);
        assert_eq!(primitives("[+0]"), [(false, Charge(0))]);
        assert_eq!(primitives("[++]"), [(false, Charge(2))]);
        assert_eq!(primitives("[-2]"), [(false, Charge(-2))]);
        assert_eq!(primitives("[a]"), [(false, Aromatic)]);
        assert_eq!(primitives("[A]"), [(false, Aliphatic)]);
        assert_eq!(primitives("[*]"), [(false, Any)]);
        assert_eq!(primitives("A"), [(false, Aliphatic)]);
        let smarts = parse("[NH2+0:12]").unwrap();
        assert_eq!(smarts.atoms[0].map, Some(12));
        assert!(smarts.atoms[0].bracketed);
        assert!(!parse("C").unwrap().atoms[0].bracketed);
    }

    #[test]
    fn recursive_smarts() {
        let smarts = parse("[N;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)]").unwrap();
        let recursive: Vec<&Smarts> = smarts.atoms[0]
            .query
            .literals()
            .filter_map(|l| match &l.primitive {
                AtomPrimitive::Recursive(inner) => Some(inner.as_ref()),
                _ => None,
            })
            .collect();
        assert_eq!(recursive.len(), 2);
        assert_eq!(recursive[0].atoms.len(), 3);
        assert_eq!(recursive[1].atoms.len(), 4);
        assert_eq!(recursive[0].span, Span::new(6, 20));
        // Nested recursion and brackets inside it.
        assert_eq!(counts("[$([$([NH2])]C)]"), (1, 0, 1));
    }

    #[test]
    fn recursion_depth_is_limited() {
        let ok = format!("{}C{}", "[$(".repeat(16), ")]".repeat(16));
        assert_eq!(counts(&ok), (1, 0, 1));
        let deep = format!("{}C{}", "[$(".repeat(17), ")]".repeat(17));
        check_error(&deep, "smarts::recursion_too_deep", 16 * 3 + 1);
        let huge = format!("{}C{}", "[$(".repeat(100_000), ")]".repeat(100_000));
        check_error(&huge, "smarts::recursion_too_deep", 16 * 3 + 1);
    }

    #[test]
    fn deep_branches_are_iterative() {
        let depth = 100_000;
        let text = format!("{}C{}", "C(".repeat(depth), ")".repeat(depth));
        assert_eq!(counts(&text), (depth + 1, depth, 1));
    }

    #[test]
    fn reactions() {
        let reaction = parse_reaction("[N:1].Cl[C:2]=O>>[N:1][C:2]=O").unwrap();
        assert_eq!(reaction.reactants.component_count, 2);
        assert_eq!(reaction.products.component_count, 1);
        assert_eq!(reaction.arrow, Span::new(15, 17));
        assert_eq!(reaction.products.atoms[0].span, Span::new(17, 22));
        let second = reaction.reactants.component(1).unwrap();
        assert_eq!(second.atoms.len(), 3);
        assert_eq!(second.bonds[0].source, 0);
        assert_eq!(second.atoms[1].map, Some(2));
        let error = parse_reaction("CC>C").unwrap_err();
        assert_eq!(
            (error.stable_code(), error.span().start),
            ("smarts::expected_arrow", 2)
        );
        let error = parse_reaction("CC").unwrap_err();
        assert_eq!(
            (error.stable_code(), error.span().start),
            ("smarts::expected_arrow", 2)
        );
        let error = parse_reaction("C>>C>C").unwrap_err();
        assert_eq!(error.span().start, 4);
        let error = parse_reaction(">>C").unwrap_err();
        assert_eq!(
            (error.stable_code(), error.span().start),
            ("smarts::empty", 0)
        );
        let error = parse_reaction("C>>[N").unwrap_err();
        assert_eq!(
            (error.stable_code(), error.span().start),
            ("smarts::unclosed_bracket", 3)
        );
    }

    #[test]
    fn rejects() {
        check_error("", "smarts::empty", 0);
        check_error("[C;Q]", "smarts::unknown_primitive", 3);
        check_error("[Xx]", "smarts::unknown_primitive", 2);
        check_error("[C&&N]", "smarts::expected_primitive", 3);
        check_error("[C,]", "smarts::expected_primitive", 2);
        check_error("[;C]", "smarts::expected_primitive", 1);
        check_error("[C!]", "smarts::expected_primitive", 2);
        check_error("[]", "smarts::empty_bracket", 0);
        check_error("[C:]", "smarts::misplaced_map", 2);
        check_error("[C:1H]", "smarts::misplaced_map", 4);
        check_error("[#200]", "smarts::value_out_of_range", 1);
        check_error("[+16]", "smarts::value_out_of_range", 1);
        check_error("[C", "smarts::unclosed_bracket", 0);
        check_error("[$(C]", "smarts::unclosed_recursion", 1);
        check_error("[$(C", "smarts::unclosed_recursion", 1);
        check_error("[$()]", "smarts::empty", 3);
        check_error("[$C]", "smarts::unknown_primitive", 1);
        check_error("C1CC", "smarts::unmatched_ring_bond", 1);
        check_error("C-1CC=1", "smarts::conflicting_ring_bond", 5);
        check_error("C11", "smarts::self_bond", 2);
        check_error("C12CC12", "smarts::duplicate_bond", 6);
        check_error("(C)", "smarts::branch_without_atom", 0);
        check_error("C(C", "smarts::unclosed_branch", 1);
        check_error("C)", "smarts::unopened_branch", 1);
        check_error("C()", "smarts::empty_branch", 2);
        check_error("C-", "smarts::dangling_bond", 1);
        check_error("-C", "smarts::dangling_bond", 0);
        check_error("C-,C", "smarts::expected_primitive", 2);
        check_error("C..C", "smarts::empty_component", 2);
        check_error("C.1C1", "smarts::dot_ring_bond", 2);
        check_error("C C", "smarts::unexpected_character", 1);
        check_error("Cx", "smarts::unexpected_character", 1);
        check_error("1C", "smarts::expected_atom", 0);
    }
}

#[cfg(test)]
mod tidy {
    /// Every production of `grammar/smarts.ebnf` is quoted in this file's parser comments.
    #[test]
    fn every_production_is_quoted() {
        let grammar = include_str!("../../../../grammar/smarts.ebnf");
        let source = include_str!("parse.rs");
        let mut names = 0;
        for line in grammar.lines() {
            let Some((name, _)) = line.split_once("::=") else {
                continue;
            };
            let name = name.trim();
            if name.is_empty() || name.contains(' ') {
                continue;
            }
            names += 1;
            let quoted = source
                .lines()
                .filter(|l| l.trim_start().starts_with("///"))
                .any(|l| l.contains(&format!(" {name} ::=")));
            assert!(
                quoted,
                "production {name} is not quoted by a parser function"
            );
        }
        assert!(names > 25);
    }
}
