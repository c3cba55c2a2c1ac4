//! The SMILES reader. Token productions are small nom parsers; the chain itself is read by an
//! iterative loop with an explicit branch stack, so nesting depth never touches the call stack.

use nom::{
    IResult, Parser as _,
    branch::alt,
    bytes::complete::tag,
    character::complete::{char, digit1, one_of, satisfy},
    combinator::{map, map_opt, map_res, opt, recognize, value},
    sequence::preceded,
};

use std::collections::BTreeMap;

use crate::ast::{Atom, Bond, BondKind, Bracket, Chirality, Smiles, Symbol};
use crate::element::element_number;
use crate::{SmilesError, Span};

const NONE: u32 = u32::MAX;

/// Reads one line: a SMILES, then optionally blanks and a title.
///
/// ```text
/// line ::= smiles ( whitespace title )?
/// ```
///
/// The line ends at the first `\r` or `\n`. Errors carry byte offsets into `line`.
/// To read many lines, a [`Parser`] reuses its buffers from one line to the next.
pub fn parse(line: &str) -> Result<Smiles, SmilesError> {
    let mut parser = Parser::new();
    parser.parse(line)?;
    Ok(parser.smiles)
}

/// Reads SMILES lines one after another, keeping its buffers (the syntax tree it returns and
/// the reader's bookkeeping) between lines, so that reading allocates nothing once they have
/// grown to the longest line seen.
///
/// ```
/// let mut parser = regiochem_smiles::Parser::new();
/// for line in ["C1CNCCNC1", "c1ccccc1 benzene"] {
///     let smiles = parser.parse(line).unwrap();
///     assert_eq!(smiles.atoms.len(), smiles.bonds.len()); // one ring each
/// }
/// ```
pub struct Parser {
    smiles: Smiles,
    buffers: Buffers,
    /// Open ring bonds by number; all `None` between lines unless the last line failed.
    rings: [Option<OpenRing>; 100],
    /// Open ring bonds numbered 100 and up (`%(NNN)`), by number; empty between lines unless
    /// the last line failed. Ordered, so nothing depends on hash order.
    big_rings: BTreeMap<u32, OpenRing>,
    /// The last line failed, so `rings` may hold bonds left open.
    rings_dirty: bool,
}

impl Default for Parser {
    fn default() -> Self {
        Parser::new()
    }
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parser").finish_non_exhaustive()
    }
}

impl Parser {
    /// A parser with empty buffers.
    pub fn new() -> Self {
        Parser {
            smiles: Smiles::default(),
            buffers: Buffers::default(),
            rings: [None; 100],
            big_rings: BTreeMap::new(),
            rings_dirty: false,
        }
    }

    /// Reads one line, as [`parse`] does; the syntax tree borrows the parser until the next
    /// line.
    pub fn parse(&mut self, line: &str) -> Result<&Smiles, SmilesError> {
        // The line ends at the first `\r` or `\n`; the SMILES at the first blank.
        // Single-character searches run as fast `memchr`s; most lines hold no line break.
        let line = match (line.find('\r'), line.find('\n')) {
            (None, None) => line,
            (r, n) => &line[..r.unwrap_or(line.len()).min(n.unwrap_or(line.len()))],
        };
        // whitespace ::= ( ' ' | '\t' )+
        let end = match (line.find(' '), line.find('\t')) {
            (None, None) => line.len(),
            (space, tab) => space.unwrap_or(line.len()).min(tab.unwrap_or(line.len())),
        };
        if self.rings_dirty {
            self.rings = [None; 100];
            self.big_rings.clear();
        }
        self.rings_dirty = true;
        self.smiles.atoms.clear();
        self.smiles.bonds.clear();
        self.smiles.title = None;
        // Room for a typical line (about two bytes per atom); a no-op once the buffers grew.
        let estimate = end / 2 + 1;
        self.smiles.atoms.reserve(estimate);
        self.smiles.bonds.reserve(estimate);
        self.buffers.parent.reserve(estimate);
        self.buffers.last_closure.reserve(estimate);
        let mut reader = Reader {
            text: line,
            end,
            pos: 0,
            out: &mut self.smiles,
            seq: 0,
            rings: &mut self.rings,
            big_rings: &mut self.big_rings,
            open_rings: 0,
            buffers: &mut self.buffers,
        };
        reader.smiles()?;
        self.rings_dirty = false;
        // title ::= any character up to the end of the line (leading and trailing blanks removed)
        let rest = &line[end..];
        let title = rest.trim_start_matches([' ', '\t']);
        let start = line.len() - title.len();
        let title = title.trim_end();
        if !title.is_empty() {
            self.smiles.title = Some(Span::new(start, start + title.len()));
        }
        Ok(&self.smiles)
    }
}

/// An open ring bond: who opened it, with what symbol, where.
#[derive(Clone, Copy)]
struct OpenRing {
    atom: u32,
    kind: BondKind,
    kind_span: Option<Span>,
    slot: u32,
    digit_span: Span,
}

/// The reader's bookkeeping, kept by a [`Parser`] between lines.
#[derive(Default)]
struct Buffers {
    /// Chain parent of each atom (NONE for the first of a component).
    parent: Vec<u32>,
    /// Most recent ring-closure bond at each atom, as either end (NONE if none).
    last_closure: Vec<u32>,
    /// Number of ring-closure bonds at each atom (the length of its closure list).
    closures: Vec<u32>,
    /// For each bond: the previous ring-closure bond sharing its source / target (NONE if none).
    prev_closure: Vec<[u32; 2]>,
    /// Open branches: the atom they hang from and where the `(` is.
    branches: Vec<(u32, usize)>,
}

struct Reader<'a, 'b> {
    text: &'a str,
    end: usize,
    pos: usize,
    out: &'b mut Smiles,
    /// Next written-order slot.
    seq: u32,
    rings: &'b mut [Option<OpenRing>; 100],
    big_rings: &'b mut BTreeMap<u32, OpenRing>,
    /// How many of `rings` and `big_rings` are open.
    open_rings: u32,
    buffers: &'b mut Buffers,
}

impl Reader<'_, '_> {
    fn next_slot(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    /// Reads the whole SMILES.
    ///
    /// ```text
    /// smiles ::= chain
    /// chain ::= branched_atom ( ( bond | dot )? branched_atom )*
    /// branched_atom ::= atom ringbond* branch*
    /// branch ::= '(' ( bond | dot )? chain ')'
    /// dot ::= '.'
    /// ```
    fn smiles(&mut self) -> Result<(), SmilesError> {
        if self.end == 0 {
            return Err(SmilesError::Empty { span: Span::at(0) });
        }
        let bytes = self.text.as_bytes();
        self.buffers.parent.clear();
        self.buffers.last_closure.clear();
        self.buffers.closures.clear();
        self.buffers.prev_closure.clear();
        self.buffers.branches.clear();
        let mut prev: Option<u32> = None;
        let mut pending: Option<(BondKind, Span)> = None;
        let mut dot: Option<Span> = None;
        // True right after `(`, before the branch's first atom.
        let mut branch_start = false;

        while self.pos < self.end {
            let here = self.pos;
            match bytes[here] {
                b'(' => {
                    if let Some((_, span)) = pending {
                        return Err(SmilesError::DanglingBond { span });
                    }
                    if let Some(span) = dot {
                        return Err(SmilesError::EmptyComponent { span });
                    }
                    let Some(atom) = prev.filter(|_| !branch_start) else {
                        return Err(SmilesError::BranchWithoutAtom {
                            span: Span::at(here),
                        });
                    };
                    self.buffers.branches.push((atom, here));
                    branch_start = true;
                    self.pos += 1;
                }
                b')' => {
                    if let Some((_, span)) = pending {
                        return Err(SmilesError::DanglingBond { span });
                    }
                    if let Some(span) = dot {
                        return Err(SmilesError::EmptyComponent { span });
                    }
                    let Some((atom, _)) = self.buffers.branches.pop() else {
                        return Err(SmilesError::UnopenedBranch {
                            span: Span::at(here),
                        });
                    };
                    if branch_start {
                        return Err(SmilesError::EmptyBranch {
                            span: Span::at(here),
                        });
                    }
                    prev = Some(atom);
                    self.pos += 1;
                }
                b'.' => {
                    if let Some((_, span)) = pending {
                        return Err(SmilesError::DanglingBond { span });
                    }
                    if dot.is_some() || prev.is_none() {
                        return Err(SmilesError::EmptyComponent {
                            span: Span::at(here),
                        });
                    }
                    dot = Some(Span::at(here));
                    self.pos += 1;
                }
                b'0'..=b'9' | b'%' => {
                    if dot.is_some() {
                        let (_, span) = self.ring_number(here)?;
                        return Err(SmilesError::DotRingBond { span });
                    }
                    let Some(atom) = prev.filter(|_| !branch_start) else {
                        return Err(SmilesError::ExpectedAtom {
                            span: Span::at(here),
                        });
                    };
                    let (number, span) = self.ring_number(here)?;
                    self.ring_bond(atom, number, span, pending.take())?;
                }
                b'-' | b'=' | b'#' | b'$' | b':' | b'/' | b'\\' => {
                    let (rest, kind) =
                        bond(&self.text[here..self.end]).map_err(|_| self.unexpected(here))?;
                    let span = Span::new(here, self.end - rest.len());
                    if pending.is_some() {
                        return Err(SmilesError::TwoBonds { span });
                    }
                    if prev.is_none() || dot.is_some() {
                        return Err(SmilesError::DanglingBond { span });
                    }
                    pending = Some((kind, span));
                    self.pos = span.end;
                }
                _ => {
                    let atom = self.atom(here)?;
                    let index = self.out.atoms.len() as u32;
                    let span = atom.span;
                    self.out.atoms.push(atom);
                    self.buffers.last_closure.push(NONE);
                    self.buffers.closures.push(0);
                    match prev {
                        Some(from) if dot.is_none() => {
                            self.buffers.parent.push(from);
                            let slot = self.next_slot();
                            let (kind, bond_span) =
                                pending.take().unwrap_or((BondKind::Elided, span));
                            self.out.bonds.push(Bond {
                                source: from as usize,
                                target: index as usize,
                                kind,
                                span: bond_span,
                                source_slot: slot,
                                target_slot: slot,
                                ring_closure: false,
                            });
                            self.buffers.prev_closure.push([NONE, NONE]);
                        }
                        _ => self.buffers.parent.push(NONE),
                    }
                    dot = None;
                    branch_start = false;
                    prev = Some(index);
                    self.pos = span.end;
                }
            }
        }

        if let Some((_, span)) = pending {
            return Err(SmilesError::DanglingBond { span });
        }
        if let Some(span) = dot {
            return Err(SmilesError::EmptyComponent { span });
        }
        if let Some(&(_, at)) = self.buffers.branches.last() {
            return Err(SmilesError::UnclosedBranch { span: Span::at(at) });
        }
        // Only a line with a ring bond left open needs the search over all open numbers.
        if self.open_rings > 0 {
            if let Some(open) = self
                .rings
                .iter()
                .flatten()
                .chain(self.big_rings.values())
                .min_by_key(|open| open.digit_span.start)
            {
                return Err(SmilesError::UnmatchedRingBond {
                    span: open.digit_span,
                });
            }
        }
        if self.out.atoms.is_empty() {
            return Err(SmilesError::Empty { span: Span::at(0) });
        }
        Ok(())
    }

    fn unexpected(&self, at: usize) -> SmilesError {
        let found = self.text[at..].chars().next().unwrap_or('\0');
        SmilesError::UnexpectedCharacter {
            found,
            span: Span::new(at, at + found.len_utf8().max(1)),
        }
    }

    /// The ring-bond number at `at`, with its span.
    ///
    /// ```text
    /// ringbond ::= bond? ( DIGIT | '%' DIGIT DIGIT | '%(' DIGIT+ ')' )
    /// ```
    ///
    /// `%(NNN)` holds one to nine digits (RDKit writes it past 99 and reads up to 99,999).
    fn ring_number(&mut self, at: usize) -> Result<(usize, Span), SmilesError> {
        let input = &self.text[at..self.end];
        let result: IResult<&str, u32> = alt((
            map(satisfy(|c| c.is_ascii_digit()), |c| {
                u32::from(c as u8 - b'0')
            }),
            map_opt(
                preceded(tag("%("), (digit1, char(')'))),
                |(digits, _): (&str, char)| {
                    if digits.len() > 9 {
                        return None;
                    }
                    digits.parse::<u32>().ok()
                },
            ),
            preceded(
                char('%'),
                map(
                    (
                        satisfy(|c| c.is_ascii_digit()),
                        satisfy(|c| c.is_ascii_digit()),
                    ),
                    |(a, b)| u32::from((a as u8 - b'0') * 10 + (b as u8 - b'0')),
                ),
            ),
        ))
        .parse(input);
        match result {
            Ok((rest, number)) => {
                let span = Span::new(at, self.end - rest.len());
                self.pos = span.end;
                Ok((number as usize, span))
            }
            Err(_) => {
                // `%` not followed by two digits or `(digits)`: point at what follows the `%`.
                let bad = if input.len() > 1 { at + 1 } else { at };
                Err(self.unexpected(bad))
            }
        }
    }

    /// Opens or closes ring-bond `number` on `atom`.
    fn ring_bond(
        &mut self,
        atom: u32,
        number: usize,
        span: Span,
        symbol: Option<(BondKind, Span)>,
    ) -> Result<(), SmilesError> {
        let taken = match self.rings.get_mut(number) {
            Some(entry) => entry.take(),
            None => self.big_rings.remove(&(number as u32)),
        };
        let Some(open) = taken else {
            self.open_rings += 1;
            let slot = self.next_slot();
            let open = OpenRing {
                atom,
                kind: symbol.map_or(BondKind::Elided, |(kind, _)| kind),
                kind_span: symbol.map(|(_, span)| span),
                slot,
                digit_span: span,
            };
            match self.rings.get_mut(number) {
                Some(entry) => *entry = Some(open),
                None => {
                    self.big_rings.insert(number as u32, open);
                }
            }
            return Ok(());
        };
        self.open_rings -= 1;
        if open.atom == atom {
            return Err(SmilesError::SelfBond { span });
        }
        let kind = match (open.kind, symbol) {
            (kind, None) => kind,
            // A direction written at the closing end reads from the closing atom to the
            // opening one (`C1...C/1` is `C\1...C1`, as RDKit reads it); bonds are stored
            // from the opening atom, so the sense flips.
            // With a direction at both ends the closing one counts, as RDKit reads it
            // (`C\1=C/C.C/1` is `C1=C/C.C/1`).
            (BondKind::Elided | BondKind::Up | BondKind::Down, Some((BondKind::Up, _))) => {
                BondKind::Down
            }
            (BondKind::Elided | BondKind::Up | BondKind::Down, Some((BondKind::Down, _))) => {
                BondKind::Up
            }
            (BondKind::Elided, Some((kind, _))) => kind,
            (kind, Some((other, other_span))) if kind != other => {
                return Err(SmilesError::ConflictingRingBond { span: other_span });
            }
            (kind, Some(_)) => kind,
        };
        if self.bonded(open.atom, atom) {
            return Err(SmilesError::DuplicateBond { span });
        }
        let slot = self.next_slot();
        let index = self.out.bonds.len() as u32;
        self.buffers.prev_closure.push([
            self.buffers.last_closure[open.atom as usize],
            self.buffers.last_closure[atom as usize],
        ]);
        self.buffers.last_closure[open.atom as usize] = index;
        self.buffers.last_closure[atom as usize] = index;
        self.buffers.closures[open.atom as usize] += 1;
        self.buffers.closures[atom as usize] += 1;
        let bond_span = symbol.map(|(_, s)| s).or(open.kind_span).unwrap_or(span);
        self.out.bonds.push(Bond {
            source: open.atom as usize,
            target: atom as usize,
            kind,
            span: bond_span,
            source_slot: open.slot,
            target_slot: slot,
            ring_closure: true,
        });
        Ok(())
    }

    /// Whether `a` and `b` already share a bond: a chain bond (one is the other's parent) or an
    /// earlier ring closure (walked through the shorter of the two per-atom closure lists).
    fn bonded(&self, a: u32, b: u32) -> bool {
        if self.buffers.parent[a as usize] == b || self.buffers.parent[b as usize] == a {
            return true;
        }
        // Walk the shorter of the two lists: a hub with thousands of `%(NNN)` ring bonds
        // (a fan) is then checked in constant time per bond.
        let (a, b) = if self.buffers.closures[a as usize] <= self.buffers.closures[b as usize] {
            (a, b)
        } else {
            (b, a)
        };
        let mut bond = self.buffers.last_closure[a as usize];
        while bond != NONE {
            let found = &self.out.bonds[bond as usize];
            let (source, target) = (found.source as u32, found.target as u32);
            if (source == a && target == b) || (source == b && target == a) {
                return true;
            }
            let side = usize::from(source != a);
            bond = self.buffers.prev_closure[bond as usize][side];
        }
        false
    }

    /// Reads one atom at `at`.
    ///
    /// ```text
    /// atom ::= bracket_atom | aliphatic_organic | aromatic_organic | '*'
    /// ```
    fn atom(&self, at: usize) -> Result<Atom, SmilesError> {
        // The organic subset on bytes: one letter looked up in a table, then the `l` of `Cl`
        // and the `r` of `Br` (the hottest token; a non-ASCII byte matches no letter).
        let bytes = &self.text.as_bytes()[at..self.end];
        let Some(&first) = bytes.first() else {
            return Err(self.unexpected(at));
        };
        if first == b'[' {
            return self.bracket_atom(at);
        }
        let Some((symbol, aromatic)) = organic_letter(char::from(first)) else {
            return Err(self.unexpected(at));
        };
        let (symbol, width) = match (symbol, aromatic, bytes.get(1)) {
            (Symbol::Element(6), false, Some(b'l')) => (Symbol::Element(17), 2),
            (Symbol::Element(5), false, Some(b'r')) => (Symbol::Element(35), 2),
            _ => (symbol, 1),
        };
        Ok(Atom {
            span: Span::new(at, at + width),
            symbol,
            aromatic,
            bracket: None,
        })
    }

    /// ```text
    /// bracket_atom ::= '[' isotope? symbol chiral? hcount? charge? class? ']'
    /// ```
    fn bracket_atom(&self, at: usize) -> Result<Atom, SmilesError> {
        let Some(close) = self.text[at..self.end].find(']') else {
            return Err(SmilesError::UnclosedBracket { span: Span::at(at) });
        };
        let inner_start = at + 1;
        let inner = &self.text[inner_start..at + close];
        let offset = |rest: &str| inner_start + inner.len() - rest.len();
        let bad = |rest: &str, reason: &'static str| {
            let start = offset(rest);
            let width = rest.chars().next().map_or(1, char::len_utf8);
            SmilesError::BracketAtom {
                reason,
                span: Span::new(start, start + width),
            }
        };

        let (rest, isotope) = isotope(inner).map_err(|_| bad(inner, "isotope out of range"))?;
        let (rest, (symbol, aromatic)) =
            bracket_symbol(rest).map_err(|_| bad(rest, "expected an element symbol"))?;
        let (rest, chirality) = chiral(rest).map_err(|_| bad(rest, "invalid chirality"))?;
        let before_h = rest;
        let (rest, hydrogens) = hcount(rest).map_err(|_| bad(rest, "invalid hydrogen count"))?;
        if symbol == Symbol::Element(1) && rest.len() != before_h.len() {
            let start = offset(before_h);
            let end = offset(rest);
            return Err(SmilesError::HydrogenHcount {
                span: Span::new(start, end),
            });
        }
        let (rest, charge) = charge(rest).map_err(|_| bad(rest, "charge out of range"))?;
        let (rest, class) = class(rest).map_err(|_| bad(rest, "invalid atom class"))?;
        if !rest.is_empty() {
            return Err(bad(rest, "unexpected character in bracket atom"));
        }
        Ok(Atom {
            span: Span::new(at, at + close + 1),
            symbol,
            aromatic,
            bracket: Some(Bracket {
                isotope,
                chirality,
                hydrogens,
                charge,
                class,
            }),
        })
    }
}

/// ```text
/// bond ::= '-' | '=' | '#' | '$' | ':' | '/' | '\'
/// ```
fn bond(input: &str) -> IResult<&str, BondKind> {
    map(one_of("-=#$:/\\"), |c| match c {
        '-' => BondKind::Single,
        '=' => BondKind::Double,
        '#' => BondKind::Triple,
        '$' => BondKind::Quadruple,
        ':' => BondKind::Aromatic,
        '/' => BondKind::Up,
        _ => BondKind::Down,
    })
    .parse(input)
}

/// ```text
/// aliphatic_organic ::= 'B' | 'C' | 'N' | 'O' | 'S' | 'P' | 'F' | 'Cl' | 'Br' | 'I'
/// aromatic_organic ::= 'b' | 'c' | 'n' | 'o' | 's' | 'p'
/// ```
///
/// The one-letter organic-subset symbols and `*`.
fn organic_letter(letter: char) -> Option<(Symbol, bool)> {
    let element = |n: u8, aromatic: bool| Some((Symbol::Element(n), aromatic));
    match letter {
        'B' => element(5, false),
        'C' => element(6, false),
        'N' => element(7, false),
        'O' => element(8, false),
        'S' => element(16, false),
        'P' => element(15, false),
        'F' => element(9, false),
        'I' => element(53, false),
        'b' => element(5, true),
        'c' => element(6, true),
        'n' => element(7, true),
        'o' => element(8, true),
        's' => element(16, true),
        'p' => element(15, true),
        '*' => Some((Symbol::Star, false)),
        _ => None,
    }
}

/// ```text
/// isotope ::= DIGIT DIGIT? DIGIT?
/// ```
fn isotope(input: &str) -> IResult<&str, Option<u16>> {
    opt(map_res(digit1, |digits: &str| {
        if digits.len() > 3 {
            Err(())
        } else {
            digits.parse::<u16>().map_err(|_| ())
        }
    }))
    .parse(input)
}

/// ```text
/// symbol ::= element_symbols | aromatic_symbols | '*'
/// aromatic_symbols ::= 'b' | 'c' | 'n' | 'o' | 'p' | 's' | 'se' | 'as' | 'te'
/// element_symbols ::= 'H' | 'He' | 'Li' | ... | 'Og'
/// ```
fn bracket_symbol(input: &str) -> IResult<&str, (Symbol, bool)> {
    let aromatic = |n: u8| (Symbol::Element(n), true);
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
        value((Symbol::Star, false), char('*')),
        element_symbol,
    ))
    .parse(input)
}

/// An element symbol: a capital and, when that makes a symbol, one lower-case letter.
fn element_symbol(input: &str) -> IResult<&str, (Symbol, bool)> {
    let two: IResult<&str, &str> = recognize((
        satisfy(|c| c.is_ascii_uppercase()),
        satisfy(|c| c.is_ascii_lowercase()),
    ))
    .parse(input);
    if let Ok((rest, symbol)) = two {
        if let Some(number) = element_number(symbol) {
            return Ok((rest, (Symbol::Element(number), false)));
        }
    }
    map_res(
        recognize(satisfy(|c| c.is_ascii_uppercase())),
        |symbol: &str| {
            element_number(symbol)
                .map(|n| (Symbol::Element(n), false))
                .ok_or(())
        },
    )
    .parse(input)
}

/// ```text
/// chiral ::= '@' | '@@' | '@TH' ( '1' | '2' ) | '@AL' ( '1' | '2' ) | '@SP' ( '1' | '2' | '3' )
///          | '@TB' DIGIT DIGIT? | '@OH' DIGIT DIGIT?
/// ```
fn chiral(input: &str) -> IResult<&str, Option<Chirality>> {
    let number = |low: u8, high: u8| {
        map_res(digit1, move |digits: &str| match digits.parse::<u8>() {
            Ok(n) if (low..=high).contains(&n) && digits.len() <= 2 => Ok(n),
            _ => Err(()),
        })
    };
    opt(preceded(
        char('@'),
        alt((
            value(Chirality::Clockwise, char('@')),
            map(preceded(tag("TH"), number(1, 2)), |n| {
                if n == 1 {
                    Chirality::Anticlockwise
                } else {
                    Chirality::Clockwise
                }
            }),
            map(preceded(tag("AL"), number(1, 2)), Chirality::Allene),
            map(preceded(tag("SP"), number(1, 3)), Chirality::SquarePlanar),
            map(
                preceded(tag("TB"), number(1, 20)),
                Chirality::TrigonalBipyramidal,
            ),
            map(preceded(tag("OH"), number(1, 30)), Chirality::Octahedral),
            // A lone `@` must not swallow the `T` of a malformed `@TX`.
            map_res(
                opt(satisfy(|c| matches!(c, 'T' | 'A' | 'S' | 'O'))),
                |letter| {
                    if letter.is_some() {
                        Err(())
                    } else {
                        Ok(Chirality::Anticlockwise)
                    }
                },
            ),
        )),
    ))
    .parse(input)
}

/// ```text
/// hcount ::= 'H' DIGIT?
/// ```
fn hcount(input: &str) -> IResult<&str, u8> {
    map(
        opt(preceded(char('H'), opt(satisfy(|c| c.is_ascii_digit())))),
        |found| match found {
            None => 0,
            Some(None) => 1,
            Some(Some(digit)) => digit as u8 - b'0',
        },
    )
    .parse(input)
}

/// ```text
/// charge ::= '-' ( '-' | DIGIT DIGIT? )? | '+' ( '+' | DIGIT DIGIT? )?
/// ```
fn charge(input: &str) -> IResult<&str, i8> {
    let (rest, sign) = opt(one_of("+-")).parse(input)?;
    let Some(sign) = sign else {
        return Ok((input, 0));
    };
    let signed = |n: i8| if sign == '+' { n } else { -n };
    let (rest, doubled) = opt(char(sign)).parse(rest)?;
    if doubled.is_some() {
        return Ok((rest, signed(2)));
    }
    let (after, digits) = opt(digit1).parse(rest)?;
    match digits {
        None => Ok((rest, signed(1))),
        Some(digits) => match digits.parse::<i8>() {
            Ok(n) if n <= 15 && digits.len() <= 2 => Ok((after, signed(n))),
            _ => Err(nom::Err::Failure(nom::error::Error::new(
                rest,
                nom::error::ErrorKind::Digit,
            ))),
        },
    }
}

/// ```text
/// class ::= ':' DIGIT+
/// ```
fn class(input: &str) -> IResult<&str, Option<u32>> {
    opt(preceded(
        char(':'),
        map_res(digit1, |digits: &str| match digits.parse::<u32>() {
            Ok(n) if n < 1 << 31 => Ok(n),
            _ => Err(()),
        }),
    ))
    .parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input`, expecting an error with `code` starting at byte `offset`.
    fn check_error(input: &str, code: &str, offset: usize) {
        match parse(input) {
            Ok(smiles) => panic!("{input:?} parsed to {smiles:?}, expected {code}"),
            Err(error) => {
                assert_eq!(error.stable_code(), code, "{input:?}: {error}");
                assert_eq!(error.span().start, offset, "{input:?}: {error}");
            }
        }
    }

    fn counts(input: &str) -> (usize, usize) {
        let smiles = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        (smiles.atoms.len(), smiles.bonds.len())
    }

    #[test]
    fn chain_branch_ring() {
        assert_eq!(counts("CC(C)C"), (4, 3));
        assert_eq!(counts("C1CNCCNC1"), (7, 7));
        assert_eq!(counts("C12(CCCCC1)CCCCC2"), (11, 12));
        assert_eq!(counts("C1CCCCC%01"), (6, 6));
        assert_eq!(counts("C%25CCCCC%25"), (6, 6));
        assert_eq!(counts("C1.C1"), (2, 1));
        assert_eq!(counts("Oc1cc(.NCCO)ccc1"), (11, 10));
        assert_eq!(counts("[2H][CH2]C"), (3, 2));
        assert_eq!(counts("C(C)1CC1"), (4, 4));
    }

    #[test]
    fn title_after_blank() {
        let line = "CCO \tethanol  ";
        let smiles = parse(line).unwrap();
        assert_eq!(smiles.title_in(line), Some("ethanol"));
        assert_eq!(parse("CCO").unwrap().title, None);
        assert_eq!(parse("CCO   ").unwrap().title, None);
    }

    #[test]
    fn bracket_atom_fields() {
        let smiles = parse("[13CH3+:7]").unwrap();
        let atom = &smiles.atoms[0];
        assert_eq!(atom.symbol, Symbol::Element(6));
        let bracket = atom.bracket.as_ref().unwrap();
        assert_eq!(bracket.isotope, Some(13));
        assert_eq!(bracket.hydrogens, 3);
        assert_eq!(bracket.charge, 1);
        assert_eq!(bracket.class, Some(7));
        assert_eq!(
            parse("[Cu++]").unwrap().atoms[0]
                .bracket
                .as_ref()
                .unwrap()
                .charge,
            2
        );
        assert_eq!(
            parse("[O--]").unwrap().atoms[0]
                .bracket
                .as_ref()
                .unwrap()
                .charge,
            -2
        );
        assert_eq!(
            parse("[Fe-3]").unwrap().atoms[0]
                .bracket
                .as_ref()
                .unwrap()
                .charge,
            -3
        );
        assert_eq!(parse("[Sc]").unwrap().atoms[0].symbol, Symbol::Element(21));
        assert_eq!(counts("Sc1ccccc1"), (7, 7));
        assert_eq!(parse("[se]").unwrap().atoms[0].symbol, Symbol::Element(34));
        let chiral = |s: &str| {
            parse(s).unwrap().atoms[1]
                .bracket
                .as_ref()
                .unwrap()
                .chirality
        };
        assert_eq!(chiral("N[C@@H](C)O"), Some(Chirality::Clockwise));
        assert_eq!(chiral("N[C@H](C)O"), Some(Chirality::Anticlockwise));
        assert_eq!(chiral("N[C@TH2H](C)O"), Some(Chirality::Clockwise));
        assert_eq!(
            chiral("F[Co@OH25](F)(F)(F)(F)F"),
            Some(Chirality::Octahedral(25))
        );
    }

    #[test]
    fn written_neighbour_order() {
        // N[C@@H](C)O: the chiral atom sees N (slot of its own creation), then C, then O.
        let smiles = parse("N[C@@H](C)O").unwrap();
        let mut slots: Vec<(u32, usize)> = smiles
            .bonds
            .iter()
            .filter_map(|b| match (b.source, b.target) {
                (1, t) => Some((b.source_slot, t)),
                (s, 1) => Some((b.target_slot, s)),
                _ => None,
            })
            .collect();
        slots.sort_unstable();
        let order: Vec<usize> = slots.into_iter().map(|(_, n)| n).collect();
        assert_eq!(order, [0, 2, 3]);
        // A ring digit counts where it is written on the atom, not where it is closed.
        let smiles = parse("[C@]1(F)(Cl)Br.C1").unwrap();
        let ring = smiles.bonds.iter().find(|b| b.ring_closure).unwrap();
        let branch = smiles.bonds.iter().find(|b| b.target == 1).unwrap();
        assert!(ring.source_slot < branch.source_slot);
    }

    #[test]
    fn rejects() {
        check_error("", "smiles::empty", 0);
        check_error(" C", "smiles::empty", 0);
        check_error("C1CCC", "smiles::unmatched_ring_bond", 1);
        check_error("C12CCCCC12", "smiles::duplicate_bond", 9);
        check_error("C12C2CCC1", "smiles::duplicate_bond", 4);
        check_error("C(C1)1", "smiles::duplicate_bond", 5);
        check_error("C11", "smiles::self_bond", 2);
        check_error("C-1CCCCC=1", "smiles::conflicting_ring_bond", 8);
        check_error("C.1CCCCC.1", "smiles::dot_ring_bond", 2);
        check_error("C((C)C)", "smiles::branch_without_atom", 2);
        check_error("(CC)", "smiles::branch_without_atom", 0);
        check_error("[HH1]", "smiles::hydrogen_hcount", 2);
        check_error("[HH]", "smiles::hydrogen_hcount", 2);
        check_error("C(", "smiles::unclosed_branch", 1);
        check_error("C)C", "smiles::unopened_branch", 1);
        check_error("C()C", "smiles::empty_branch", 2);
        check_error("C..C", "smiles::empty_component", 2);
        check_error(".C", "smiles::empty_component", 0);
        check_error("C.", "smiles::empty_component", 1);
        check_error("C==C", "smiles::two_bonds", 2);
        check_error("=C", "smiles::dangling_bond", 0);
        check_error("C=", "smiles::dangling_bond", 1);
        check_error("C(=)C", "smiles::dangling_bond", 2);
        check_error("C[C", "smiles::unclosed_bracket", 1);
        check_error("[Xx]", "smiles::bracket_atom", 1);
        check_error("[C+16]", "smiles::bracket_atom", 2);
        check_error("[1234C]", "smiles::bracket_atom", 1);
        check_error("[C@X]", "smiles::bracket_atom", 3);
        check_error("[C@TB21]", "smiles::bracket_atom", 2);
        check_error("[CH3+x]", "smiles::bracket_atom", 5);
        check_error("C%1", "smiles::unexpected_character", 2);
        check_error("CxC", "smiles::unexpected_character", 1);
        check_error("C(1)", "smiles::expected_atom", 2);
        check_error("1C", "smiles::expected_atom", 0);
        check_error("Cé", "smiles::unexpected_character", 1);
    }

    #[test]
    fn parser_reuse_matches_parse() {
        let mut parser = Parser::new();
        // A failed line leaves ring bonds and branches open; the next line must not see them.
        for line in [
            "C1CC(C",
            "CC",
            "C%12CC(",
            "C1CCC1 t",
            "[C@@H](F)(Cl)Br",
            "C1CCC",
        ] {
            assert_eq!(parser.parse(line).cloned(), parse(line), "{line}");
        }
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let depth = 100_000;
        let text = format!("{}C{}", "C(".repeat(depth), ")".repeat(depth));
        assert_eq!(counts(&text), (depth + 1, depth));
    }
}
