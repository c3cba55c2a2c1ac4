//! Atom-mapped reaction templates (`reactants>>products`, SMIRKS-like), applied with RDKit's
//! semantics.
//!
//! - Each dot-separated component of the left-hand side is one reactant template.
//! - Mapped atoms keep every property (isotope, class, stereo) except what the right-hand side
//!   states: a charge primitive (`[NH2+0:2]`), a hydrogen count (`H2`), an element that differs.
//! - Hydrogens of a mapped atom whose right-hand side states none: old count minus the increase
//!   of its bond-order sum (plus the decrease), so `[N:1]` gaining a bond loses a hydrogen and
//!   losing one gains it; a count that would go negative is an error. Atoms outside the match
//!   that lose bonds to deleted atoms gain those orders back as hydrogens.
//! - Bonds between mapped atoms become the right-hand side's bonds: written with the same
//!   expression on both sides, the molecule's bond is kept as it is (Kekulé order, aromaticity,
//!   cis/trans); otherwise `-` `=` `#` `$` set that order, `:` an aromatic bond (kekulised), an
//!   elided bond is aromatic between two lower-case atoms and single otherwise. A bond present
//!   on the left and absent on the right is broken.
//! - Unmapped left-hand atoms, and mapped ones whose number is not on the right, are deleted;
//!   unmapped right-hand atoms are created (they must name an element; hydrogens as stated in
//!   brackets, by the default valence when unbracketed).
//! - Atoms outside the match are kept with their bonds. The product is every fragment that holds
//!   a right-hand atom; fragments of the reactants that the reaction cut loose and that hold
//!   none (the tert-butyl cation of a Boc removal, the leaving group) are dropped.
//!
//! ```
//! use regiochem_mol::Molecule;
//! use regiochem_rules::Template;
//!
//! let nitro_reduction = Template::new("[c:1][N+:2](=[O])[O-]>>[c:1][NH2+0:2]").unwrap();
//! let nitrobenzene: Molecule = "O=[N+]([O-])c1ccccc1".parse().unwrap();
//! let products = nitro_reduction.apply(&[&nitrobenzene]).unwrap();
//! assert_eq!(products.len(), 1);
//! assert_eq!(products[0].to_string(), "Nc1ccccc1");
//! ```

use std::collections::{BTreeMap, HashSet};

use regiochem_mol::{BondOrder, EditError, Editor, Element, Match, Molecule, Pattern};
use regiochem_smiles::Span;
use regiochem_smiles::smarts::{
    self, AtomPrimitive, BondPrimitive, Expr, QueryAtom, ReactionSmarts, Smarts, SmartsError,
};

/// A compiled reaction template.
#[derive(Clone, Debug)]
pub struct Template {
    reaction: ReactionSmarts,
    reactants: Vec<Reactant>,
    /// Map number to (reactant, pattern atom).
    lhs_maps: BTreeMap<u32, (usize, usize)>,
    /// Map number to right-hand atom.
    rhs_maps: BTreeMap<u32, usize>,
}

#[derive(Clone, Debug)]
struct Reactant {
    smarts: Smarts,
    pattern: Pattern,
}

/// Why a template could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum TemplateError {
    /// The text is not a reaction SMARTS regiochem reads.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SmartsError),
    /// A right-hand map number that no left-hand atom carries.
    #[error("atom map {map} is not on the left-hand side")]
    #[diagnostic(code(template::unknown_map))]
    UnknownMap {
        /// The number.
        map: u32,
        /// The right-hand atom.
        #[label("no reactant atom has this map number")]
        span: Span,
    },
    /// A map number used twice on one side.
    #[error("atom map {map} is used twice")]
    #[diagnostic(code(template::duplicate_map))]
    DuplicateMap {
        /// The number.
        map: u32,
        /// The second atom carrying it.
        #[label("second atom with this map number")]
        span: Span,
    },
    /// An unmapped right-hand atom that does not name one element, so it cannot be created.
    #[error("new product atom does not name an element")]
    #[diagnostic(code(template::unbound_atom))]
    UnboundAtom {
        /// The atom.
        #[label("unmapped, so it is created, but which element is it?")]
        span: Span,
    },
}

impl TemplateError {
    /// The byte span the error is about.
    pub fn span(&self) -> Span {
        match self {
            TemplateError::Syntax(error) => error.span(),
            TemplateError::UnknownMap { span, .. }
            | TemplateError::DuplicateMap { span, .. }
            | TemplateError::UnboundAtom { span } => *span,
        }
    }

    /// The stable code.
    pub fn stable_code(&self) -> &'static str {
        match self {
            TemplateError::Syntax(error) => error.stable_code(),
            TemplateError::UnknownMap { .. } => "template::unknown_map",
            TemplateError::DuplicateMap { .. } => "template::duplicate_map",
            TemplateError::UnboundAtom { .. } => "template::unbound_atom",
        }
    }
}

/// Why a template could not be applied at a match.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ApplyError {
    /// The number of reactants (or matches) is not the template's.
    #[error("template takes {expected} reactants, {found} given")]
    #[diagnostic(code(apply::reactant_count))]
    ReactantCount {
        /// Reactant templates.
        expected: usize,
        /// Reactants given.
        found: usize,
    },
    /// A match that does not come from this reactant template (wrong atom count or atoms).
    #[error("match does not fit reactant template {reactant}")]
    #[diagnostic(code(apply::foreign_match))]
    ForeignMatch {
        /// The reactant.
        reactant: usize,
    },
    /// A mapped atom would need fewer than zero hydrogens.
    #[error("atom map {map} has no hydrogen left for its new bonds")]
    #[diagnostic(code(apply::hydrogens))]
    Hydrogens {
        /// The map number.
        map: u32,
    },
    /// A right-hand bond whose order is not stated (`~`, `@`, a disjunction) between atoms
    /// that are not bonded yet.
    #[error("product bond has no definite order")]
    #[diagnostic(code(apply::unspecified_bond))]
    UnspecifiedBond {
        /// The bond in the template.
        #[label("which order should the new bond have?")]
        span: Span,
    },
    /// The product is not a valid molecule (valence, Kekulé structure).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Edit(#[from] EditError),
    /// [`Template::apply_exhaustively`] still found a match after `limit` applications.
    #[error("still matching after {limit} applications")]
    #[diagnostic(code(apply::iteration_limit))]
    IterationLimit {
        /// The limit.
        limit: usize,
    },
}

impl ApplyError {
    /// The stable code.
    pub fn stable_code(&self) -> &'static str {
        match self {
            ApplyError::ReactantCount { .. } => "apply::reactant_count",
            ApplyError::ForeignMatch { .. } => "apply::foreign_match",
            ApplyError::Hydrogens { .. } => "apply::hydrogens",
            ApplyError::UnspecifiedBond { .. } => "apply::unspecified_bond",
            ApplyError::Edit(error) => error.stable_code(),
            ApplyError::IterationLimit { .. } => "apply::iteration_limit",
        }
    }
}

/// What a right-hand atom states about itself.
#[derive(Clone, Copy, Debug, Default)]
struct Stated {
    element: Option<u8>,
    aromatic: bool,
    charge: Option<i8>,
    hydrogens: Option<u8>,
}

/// Plain (non-negated) primitives of clauses with one alternative: what the atom must be.
fn stated(atom: &QueryAtom) -> Stated {
    let mut out = Stated::default();
    for literal in atom.query.required() {
        if literal.negated {
            continue;
        }
        match literal.primitive {
            AtomPrimitive::Element { number, aromatic } => {
                out.element = Some(number);
                out.aromatic = aromatic == Some(true);
            }
            AtomPrimitive::Charge(charge) => out.charge = Some(charge),
            AtomPrimitive::Hydrogens(h) => out.hydrogens = Some(h),
            _ => {}
        }
    }
    out
}

/// A bond expression without its spans (`None`: elided), for comparing the two sides.
type Shape = Option<Vec<Vec<Vec<(bool, BondPrimitive)>>>>;

/// A bond expression without its spans, for comparing the two sides.
fn bond_shape(query: Option<&Expr<BondPrimitive>>) -> Shape {
    query.map(|expr| {
        expr.clauses
            .iter()
            .map(|c| {
                c.alternatives
                    .iter()
                    .map(|t| {
                        t.literals
                            .iter()
                            .map(|l| (l.negated, l.primitive))
                            .collect()
                    })
                    .collect()
            })
            .collect()
    })
}

/// The order a right-hand bond sets: `Ok(None)` for aromatic.
fn stated_order(
    query: Option<&Expr<BondPrimitive>>,
    aromatic_ends: bool,
) -> Option<Option<BondOrder>> {
    let Some(expr) = query else {
        return Some(if aromatic_ends {
            None
        } else {
            Some(BondOrder::Single)
        });
    };
    let mut literals = expr.required().filter(|l| !l.negated);
    literals.find_map(|l| match l.primitive {
        BondPrimitive::Single => Some(Some(BondOrder::Single)),
        BondPrimitive::Double => Some(Some(BondOrder::Double)),
        BondPrimitive::Triple => Some(Some(BondOrder::Triple)),
        BondPrimitive::Quadruple => Some(Some(BondOrder::Quadruple)),
        BondPrimitive::Aromatic => Some(None),
        _ => None,
    })
}

/// Hydrogens of a new unbracketed atom: the smallest normal valence at least its bond orders,
/// minus them (one less when aromatic), as for unbracketed SMILES atoms.
fn default_hydrogens(element: u8, used: u32, aromatic: bool) -> u8 {
    let valences = Element::from_number(element).map_or(&[][..], Element::normal_valences);
    let Some(target) = valences.iter().map(|&v| u32::from(v)).find(|&v| v >= used) else {
        return 0;
    };
    let free = target - used;
    let free = if aromatic {
        free.saturating_sub(1)
    } else {
        free
    };
    free.min(u32::from(u8::MAX)) as u8
}

impl Template {
    /// Reads a template, checking that map numbers are unique on each side and that every
    /// right-hand map number is on the left.
    pub fn new(text: &str) -> Result<Template, TemplateError> {
        let reaction = smarts::parse_reaction(text)?;
        let mut lhs_maps = BTreeMap::new();
        let mut reactants = Vec::with_capacity(reaction.reactants.component_count);
        for component in 0..reaction.reactants.component_count {
            let Some(smarts) = reaction.reactants.component(component) else {
                continue;
            };
            for (index, atom) in smarts.atoms.iter().enumerate() {
                if let Some(map) = atom.map {
                    if lhs_maps.insert(map, (component, index)).is_some() {
                        return Err(TemplateError::DuplicateMap {
                            map,
                            span: atom.span,
                        });
                    }
                }
            }
            let pattern = Pattern::from_smarts(&smarts);
            reactants.push(Reactant { smarts, pattern });
        }
        let mut rhs_maps = BTreeMap::new();
        for (index, atom) in reaction.products.atoms.iter().enumerate() {
            match atom.map {
                Some(map) => {
                    if !lhs_maps.contains_key(&map) {
                        return Err(TemplateError::UnknownMap {
                            map,
                            span: atom.span,
                        });
                    }
                    if rhs_maps.insert(map, index).is_some() {
                        return Err(TemplateError::DuplicateMap {
                            map,
                            span: atom.span,
                        });
                    }
                }
                None => {
                    if stated(atom).element.is_none() {
                        return Err(TemplateError::UnboundAtom { span: atom.span });
                    }
                }
            }
        }
        Ok(Template {
            reaction,
            reactants,
            lhs_maps,
            rhs_maps,
        })
    }

    /// Number of reactant templates (components of the left-hand side).
    pub fn reactant_count(&self) -> usize {
        self.reactants.len()
    }

    /// The pattern of reactant template `reactant`, if there is one.
    pub fn reactant_pattern(&self, reactant: usize) -> Option<&Pattern> {
        self.reactants.get(reactant).map(|r| &r.pattern)
    }

    /// The symmetry-unique matches of reactant template `reactant` in `molecule`
    /// ([`Molecule::matches`]); empty for an index past the last reactant.
    pub fn matches(&self, reactant: usize, molecule: &Molecule) -> Vec<Match> {
        self.reactants
            .get(reactant)
            .map_or_else(Vec::new, |r| molecule.matches(&r.pattern))
    }

    /// The product of applying the template at one match per reactant, in reactant order.
    pub fn apply_at(&self, reactants: &[(&Molecule, &Match)]) -> Result<Molecule, ApplyError> {
        self.apply_traced(reactants).map(|(molecule, _)| molecule)
    }

    /// [`Template::apply_at`], also returning where every reactant atom went in the product:
    /// entry `i` is reactant atom `i` counted over the reactants in order (the first
    /// reactant's atoms come first), `None` when the atom was deleted or split off.
    pub fn apply_traced(
        &self,
        reactants: &[(&Molecule, &Match)],
    ) -> Result<(Molecule, Vec<Option<usize>>), ApplyError> {
        if reactants.len() != self.reactants.len() {
            return Err(ApplyError::ReactantCount {
                expected: self.reactants.len(),
                found: reactants.len(),
            });
        }
        let molecules: Vec<&Molecule> = reactants.iter().map(|(m, _)| *m).collect();
        let mut editor = Editor::combine(&molecules);
        // Editor index of every matched pattern atom, per reactant.
        let mut matched: Vec<Vec<usize>> = Vec::with_capacity(reactants.len());
        for (k, (molecule, found)) in reactants.iter().enumerate() {
            let offset = editor.offset(k).unwrap_or(0);
            let atoms = found.atoms();
            if atoms.len() != self.reactants[k].pattern.atom_count()
                || atoms.iter().any(|a| a.index() >= molecule.atom_count())
            {
                return Err(ApplyError::ForeignMatch { reactant: k });
            }
            matched.push(atoms.iter().map(|a| offset + a.index()).collect());
        }
        let in_match: HashSet<usize> = matched.iter().flatten().copied().collect();
        let index_of_map =
            |map: u32| -> Option<usize> { self.lhs_maps.get(&map).map(|&(k, p)| matched[k][p]) };

        // Bond-order sums and hydrogens of mapped atoms before the edit.
        let mut before: BTreeMap<u32, (u32, u8)> = BTreeMap::new();
        for &map in self.rhs_maps.keys() {
            if let Some(index) = index_of_map(map) {
                let hydrogens = editor.atom(index).map_or(0, |a| a.hydrogens());
                before.insert(map, (editor.bond_order_sum(index), hydrogens));
            }
        }

        // Right-hand atoms: mapped ones found, new ones created.
        let products = &self.reaction.products;
        let mut rhs_index = Vec::with_capacity(products.atoms.len());
        let mut created: Vec<(usize, usize)> = Vec::new();
        for (i, atom) in products.atoms.iter().enumerate() {
            let stated = stated(atom);
            match atom.map.and_then(index_of_map) {
                Some(index) => rhs_index.push(index),
                None => {
                    let element =
                        Element::from_number(stated.element.unwrap_or(0)).unwrap_or(Element::C);
                    let index = editor.add_atom(
                        element,
                        stated.charge.unwrap_or(0),
                        stated.hydrogens.unwrap_or(0),
                        stated.aromatic,
                    );
                    rhs_index.push(index);
                    created.push((i, index));
                }
            }
        }

        // Bonds between mapped atoms that the right-hand side does not have are broken.
        let rhs_pairs: HashSet<(u32, u32)> = products
            .bonds
            .iter()
            .filter_map(|b| {
                let (x, y) = (products.atoms[b.source].map?, products.atoms[b.target].map?);
                Some((x.min(y), x.max(y)))
            })
            .collect();
        let mut lhs_bonds: BTreeMap<(u32, u32), Shape> = BTreeMap::new();
        for (k, reactant) in self.reactants.iter().enumerate() {
            for bond in &reactant.smarts.bonds {
                let atoms = &reactant.smarts.atoms;
                let (Some(x), Some(y)) = (atoms[bond.source].map, atoms[bond.target].map) else {
                    continue;
                };
                let key = (x.min(y), x.max(y));
                lhs_bonds.insert(key, bond_shape(bond.query.as_ref()));
                let both_kept = self.rhs_maps.contains_key(&x) && self.rhs_maps.contains_key(&y);
                if both_kept && !rhs_pairs.contains(&key) {
                    let (a, b) = (matched[k][bond.source], matched[k][bond.target]);
                    editor.set_bond(a, b, None)?;
                }
            }
        }

        // Right-hand bonds.
        for bond in &products.bonds {
            let (u, v) = (&products.atoms[bond.source], &products.atoms[bond.target]);
            let (a, b) = (rhs_index[bond.source], rhs_index[bond.target]);
            if let (Some(x), Some(y)) = (u.map, v.map) {
                let key = (x.min(y), x.max(y));
                if lhs_bonds.get(&key) == Some(&bond_shape(bond.query.as_ref()))
                    && editor.bond_order(a, b).is_some()
                {
                    continue;
                }
            }
            let aromatic_ends = stated(u).aromatic && stated(v).aromatic;
            match stated_order(bond.query.as_ref(), aromatic_ends) {
                Some(Some(order)) => editor.set_bond(a, b, Some(order))?,
                Some(None) => editor.set_aromatic_bond(a, b)?,
                None if editor.bond_order(a, b).is_some() => {}
                None => return Err(ApplyError::UnspecifiedBond { span: bond.span }),
            }
        }

        // Deleted: unmapped left-hand atoms and mapped ones absent on the right. Their other
        // neighbours outside the match get the lost bond orders back as hydrogens.
        let mut deleted: Vec<usize> = Vec::new();
        for (k, reactant) in self.reactants.iter().enumerate() {
            for (p, atom) in reactant.smarts.atoms.iter().enumerate() {
                if !atom.map.is_some_and(|m| self.rhs_maps.contains_key(&m)) {
                    deleted.push(matched[k][p]);
                }
            }
        }
        let deleted_set: HashSet<usize> = deleted.iter().copied().collect();
        let mut regained: BTreeMap<usize, u32> = BTreeMap::new();
        for &atom in &deleted {
            for other in editor.neighbours(atom) {
                if !in_match.contains(&other) && !deleted_set.contains(&other) {
                    let order = editor.bond_order(atom, other).map_or(0, BondOrder::valence);
                    *regained.entry(other).or_default() += u32::from(order);
                }
            }
        }
        for &atom in &deleted {
            editor.remove_atom(atom)?;
        }
        for (atom, orders) in regained {
            let hydrogens = editor.atom(atom).map_or(0, |a| a.hydrogens());
            let total = (u32::from(hydrogens) + orders).min(u32::from(u8::MAX)) as u8;
            editor.set_hydrogens(atom, total)?;
        }

        // Mapped atoms: stated properties, hydrogens by the change in bond orders.
        for (&map, &rhs) in &self.rhs_maps {
            let Some(index) = index_of_map(map) else {
                continue;
            };
            let stated = stated(&products.atoms[rhs]);
            if let Some(charge) = stated.charge {
                editor.set_charge(index, charge)?;
            }
            if let Some(element) = stated.element.and_then(Element::from_number) {
                if editor.atom(index).is_some_and(|a| a.element() != element) {
                    editor.set_element(index, element)?;
                }
            }
            let hydrogens = match stated.hydrogens {
                Some(h) => h,
                None => {
                    let (sum, old) = before.get(&map).copied().unwrap_or((0, 0));
                    let now = editor.bond_order_sum(index);
                    let h = i64::from(old) - (i64::from(now) - i64::from(sum));
                    u8::try_from(h).map_err(|_| ApplyError::Hydrogens { map })?
                }
            };
            editor.set_hydrogens(index, hydrogens)?;
        }

        // New unbracketed atoms take hydrogens by the default valence.
        for (i, index) in created {
            let atom = &products.atoms[i];
            if !atom.bracketed {
                let stated = stated(atom);
                let used = editor.bond_order_sum(index);
                let h = default_hydrogens(stated.element.unwrap_or(0), used, stated.aromatic);
                editor.set_hydrogens(index, h)?;
            }
        }

        editor.keep_connected_to(&rhs_index);
        Ok(editor.finish_traced()?)
    }

    /// Every product of the template over `reactants` (one molecule per reactant template):
    /// each combination of symmetry-unique matches, in match order, products deduplicated by
    /// canonical SMILES, first occurrence kept. A combination whose product is impossible
    /// (valence) gives no product; a wrong number of reactants is an error.
    pub fn apply(&self, reactants: &[&Molecule]) -> Result<Vec<Molecule>, ApplyError> {
        if reactants.len() != self.reactants.len() {
            return Err(ApplyError::ReactantCount {
                expected: self.reactants.len(),
                found: reactants.len(),
            });
        }
        let matches: Vec<Vec<Match>> = reactants
            .iter()
            .enumerate()
            .map(|(k, m)| self.matches(k, m))
            .collect();
        let mut products = Vec::new();
        if matches.iter().any(Vec::is_empty) || matches.is_empty() {
            return Ok(products);
        }
        let mut seen: HashSet<String> = HashSet::new();
        // Odometer over the combinations, last reactant fastest.
        let mut choice = vec![0usize; matches.len()];
        loop {
            let chosen: Vec<(&Molecule, &Match)> = choice
                .iter()
                .enumerate()
                .map(|(k, &c)| (reactants[k], &matches[k][c]))
                .collect();
            if let Ok(product) = self.apply_at(&chosen) {
                if seen.insert(product.to_string()) {
                    products.push(product);
                }
            }
            let mut k = matches.len();
            loop {
                if k == 0 {
                    return Ok(products);
                }
                k -= 1;
                choice[k] += 1;
                if choice[k] < matches[k].len() {
                    break;
                }
                choice[k] = 0;
            }
        }
    }

    /// Applies a one-reactant template at its first match, again and again, until it no
    /// longer matches (a deprotection removes every protecting group it recognises). More than
    /// `limit` applications is an error, so a template that recreates its own match stops.
    pub fn apply_exhaustively(
        &self,
        molecule: &Molecule,
        limit: usize,
    ) -> Result<Molecule, ApplyError> {
        if self.reactants.len() != 1 {
            return Err(ApplyError::ReactantCount {
                expected: self.reactants.len(),
                found: 1,
            });
        }
        let mut current = molecule.clone();
        for _ in 0..limit {
            let Some(found) = self.matches(0, &current).into_iter().next() else {
                return Ok(current);
            };
            current = self.apply_at(&[(&current, &found)])?;
        }
        if self.reactants[0].pattern.atom_count() > 0
            && current.has_match(&self.reactants[0].pattern)
        {
            return Err(ApplyError::IterationLimit { limit });
        }
        Ok(current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const AMINE: &str = "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])";

    fn molecule(smiles: &str) -> Molecule {
        smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"))
    }

    fn canonical(smiles: &str) -> String {
        molecule(smiles).to_string()
    }

    fn template(text: &str) -> Template {
        Template::new(&text.replace("AMINE", AMINE)).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn products(text: &str, reactants: &[&str]) -> Vec<String> {
        let molecules: Vec<Molecule> = reactants.iter().map(|s| molecule(s)).collect();
        let refs: Vec<&Molecule> = molecules.iter().collect();
        template(text)
            .apply(&refs)
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const BOC2O: &str = "AMINE:1].[CH3:4][C:5]([CH3:6])([CH3:7])[O:8][C:2](=[O:3])OC(=O)OC(C)(C)C>>[N:1][C:2](=[O:3])[O:8][C:5]([CH3:4])([CH3:6])[CH3:7]";
    const BOC_REMOVAL: &str = "[N:1][C;!R](=O)O[C]([CH3])([CH3])[CH3]>>[N:1]";

    #[test]
    fn boc_protection_of_homopiperazine_is_one_product() {
        assert_eq!(
            products(BOC2O, &["C1CNCCNC1", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]),
            [canonical("CC(C)(C)OC(=O)N1CCCNCC1")]
        );
    }

    #[test]
    fn boc_removal_is_exhaustive() {
        let bis = molecule("CC(C)(C)OC(=O)N1CCCN(C(=O)OC(C)(C)C)CC1");
        let free = template(BOC_REMOVAL).apply_exhaustively(&bis, 10).unwrap();
        assert_eq!(free.to_string(), canonical("C1CNCCNC1"));
        assert_eq!(free.total_hydrogens(), 12);
    }

    #[test]
    fn nitro_reduction_neutralises_nitrogen() {
        assert_eq!(
            products(
                "[c:1][N+:2](=[O])[O-]>>[c:1][NH2+0:2]",
                &["CC(C)(C)OC(=O)N1CCCN(Cc2ccc([N+](=O)[O-])cc2)CC1"]
            ),
            [canonical("CC(C)(C)OC(=O)N1CCCN(Cc2ccc(N)cc2)CC1")]
        );
    }

    #[test]
    fn untouched_stereocentre_survives() {
        // 2-methylpiperazine: two different NH, two products, the mark kept on both.
        let found = products(BOC2O, &["C[C@H]1CNCCN1", "CC(C)(C)OC(=O)OC(=O)OC(C)(C)C"]);
        assert_eq!(
            found,
            [
                canonical("C[C@H]1CN(C(=O)OC(C)(C)C)CCN1"),
                canonical("C[C@H]1CNCCN1C(=O)OC(C)(C)C"),
            ]
        );
        assert!(found.iter().all(|p| p.contains('@')));
    }

    #[test]
    fn rejects_bad_maps() {
        let error = Template::new("[N:1]>>[N:1][C:2]").unwrap_err();
        assert_eq!(error.stable_code(), "template::unknown_map");
        assert_eq!(error.span(), Span::new(12, 17));
        let error = Template::new("[N:1][C:1]>>[N:1]").unwrap_err();
        assert_eq!(error.stable_code(), "template::duplicate_map");
        assert_eq!(error.span(), Span::new(5, 10));
        let error = Template::new("[N:1]>>[N:1][C:1]").unwrap_err();
        assert_eq!(error.stable_code(), "template::duplicate_map");
        assert_eq!(error.span(), Span::new(12, 17));
        let error = Template::new("[N:1]>>[N:1]*").unwrap_err();
        assert_eq!(error.stable_code(), "template::unbound_atom");
        assert_eq!(error.span(), Span::new(12, 13));
        let error = Template::new("[N:1]>[N:1]").unwrap_err();
        assert_eq!(error.stable_code(), "smarts::expected_arrow");
        assert_eq!(error.span().start, 5);
    }

    #[test]
    fn apply_errors() {
        let t = template("[N:1]>>[N:1]C");
        let quaternary = molecule("C[N+](C)(C)C");
        let error = t.apply_exhaustively(&molecule("CN(C)C"), 5).unwrap_err();
        assert_eq!(error.stable_code(), "apply::hydrogens");
        assert!(t.apply(&[&quaternary, &quaternary]).is_err());
        let found = t.matches(0, &molecule("N")).remove(0);
        let error = t.apply_at(&[(&molecule("N"), &found), (&molecule("N"), &found)]);
        assert_eq!(error.unwrap_err().stable_code(), "apply::reactant_count");
        let methylation = template("[NH2:1]>>[N:1]C");
        assert_eq!(
            methylation
                .apply_exhaustively(&molecule("NCCN"), 5)
                .unwrap()
                .to_string(),
            canonical("CNCCNC")
        );
        let forever = template("[N:1]>>[N:1]");
        let error = forever.apply_exhaustively(&molecule("N"), 3).unwrap_err();
        assert_eq!(error, ApplyError::IterationLimit { limit: 3 });
    }

    #[test]
    fn new_atoms_and_broken_bonds() {
        // Amide hydrolysis: break C-N, add OH to the carbonyl carbon.
        assert_eq!(
            products("[C:1](=[O:2])[N:3]>>[C:1](=[O:2])O.[N:3]", &["CC(=O)NC"]),
            [canonical("CC(=O)O.CN")]
        );
    }
}
