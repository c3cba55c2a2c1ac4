//! From a parsed SMILES to a molecule: atoms, bonds, implicit hydrogens (strict or lenient
//! valence), kekulisation, rings, aromaticity and stereo.

use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use regiochem_smiles::{BondKind, Smiles, Symbol};

use crate::atom::IMPLICIT_H;
use crate::bond::DoubleBondStereo;
use crate::molecule::Adjacency;
use crate::valence::{implicit_hydrogens, implicit_hydrogens_from, rdkit_valences};
use crate::{Atom, Bond, BondOrder, BuildError, Chirality, Element, Molecule};

/// How unbracketed atoms get their hydrogens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Valence {
    /// RDKit's acceptance: an unbracketed atom takes the smallest of RDKit's allowed valences
    /// (B 3; C 4; N 3; O 2; P 3, 5; S 2, 4, 6; F, Cl, Br 1; I 1, 3, 5) at least its bond
    /// orders and is rejected past the largest, except the forms RDKit's cleanUp
    /// charge-separates (nitro and N-oxide N, `N=N#N`, halogen oxoacids). So a quaternised
    /// `N(C)(C)(C)C` is rejected (a silent extra hydrogen would corrupt every N-alkylation
    /// prediction) and `P(C)(C)(C)C` is PH.
    #[default]
    Strict,
    /// The OpenSMILES counts: the next normal valence up, or no hydrogens past the largest.
    Lenient,
}

/// Options for [`build`].
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Valence model for unbracketed atoms.
    pub valence: Valence,
}

/// Builds a molecule from a parsed SMILES.
///
/// To build many molecules, a [`Builder`] reuses its working buffers from one to the next.
pub fn build(smiles: &Smiles, options: &BuildOptions) -> Result<Molecule, BuildError> {
    Builder::new(options.clone()).build(smiles)
}

/// Builds molecules with one set of options, keeping the working buffers of kekulisation,
/// ring and aromaticity perception between molecules: after the first few molecules building
/// allocates only the molecule itself.
///
/// ```
/// use regiochem_mol::{BuildOptions, Builder};
///
/// let mut builder = Builder::new(BuildOptions::default());
/// for line in ["c1ccccc1", "C1CNCCNC1"] {
///     let smiles = regiochem_smiles::parse(line).unwrap();
///     let molecule = builder.build(&smiles).unwrap();
///     assert_eq!(molecule.ring_count(), 1);
/// }
/// ```
#[derive(Default)]
pub struct Builder {
    options: BuildOptions,
    /// Valence used by explicit bonds per atom.
    used: Vec<u32>,
    adjacency: Adjacency,
    /// The last molecule perceived has no stereo marks: no chirality and no direction was
    /// written (with some written, it may or may not have marks).
    unmarked: bool,
    kekule: crate::kekule::Scratch,
    rings: crate::rings::Scratch,
    aromaticity: crate::aromaticity::Scratch,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Builder")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// A builder with these options.
    pub fn new(options: BuildOptions) -> Self {
        Builder {
            options,
            ..Builder::default()
        }
    }

    /// Builds a molecule from a parsed SMILES, as [`build()`] does.
    pub fn build(&mut self, smiles: &Smiles) -> Result<Molecule, BuildError> {
        let (mut graph, any_direction) = self.read(smiles)?;
        self.perceive(&mut graph, smiles, any_direction)?;
        Ok(Molecule::from_graph(graph))
    }

    /// Builds a molecule as [`Builder::build`] does and appends its canonical SMILES to `out`
    /// (the string [`crate::SmilesWriter::write`] gives), handing the writer the neighbour
    /// lists the build made rather than having it make them again.
    ///
    /// ```
    /// use regiochem_mol::{BuildOptions, Builder, SmilesWriter};
    ///
    /// let mut builder = Builder::new(BuildOptions::default());
    /// let mut writer = SmilesWriter::new();
    /// let mut out = String::new();
    /// let smiles = regiochem_smiles::parse("OCC").unwrap();
    /// let molecule = builder.build_canonical(&smiles, &mut writer, &mut out).unwrap();
    /// assert_eq!(out, "CCO");
    /// assert_eq!(out, molecule.to_string());
    /// ```
    pub fn build_canonical(
        &mut self,
        smiles: &Smiles,
        writer: &mut crate::SmilesWriter,
        out: &mut String,
    ) -> Result<Molecule, BuildError> {
        let molecule = self.build(smiles)?;
        // `perceive` made `adjacency` for this graph, and nothing since adds or removes a bond.
        writer.write_with(&molecule, Some((&mut self.adjacency, self.unmarked)), out);
        Ok(molecule)
    }

    /// Whether a parsed SMILES builds: the error [`Builder::build`] would return, or none.
    ///
    /// Only the steps that can fail run: atoms, bonds and valence, kekulisation, and (when the
    /// SMILES has `/` or `\`) the double-bond stereo, with the ring and aromaticity perception
    /// it needs. Without directional bonds, rings, aromaticity and tetrahedral marks are not
    /// perceived: those steps reject nothing, so the answer is the same as `build`'s.
    ///
    /// ```
    /// use regiochem_mol::{BuildOptions, Builder};
    ///
    /// let mut builder = Builder::new(BuildOptions::default());
    /// let good = regiochem_smiles::parse("c1ccccc1").unwrap();
    /// assert!(builder.check(&good).is_ok());
    /// let bad = regiochem_smiles::parse("c1cccc1").unwrap();
    /// assert_eq!(builder.check(&bad).unwrap_err().stable_code(), "mol::kekulize");
    /// ```
    pub fn check(&mut self, smiles: &Smiles) -> Result<(), BuildError> {
        let (mut graph, any_direction) = self.read(smiles)?;
        if any_direction {
            self.perceive(&mut graph, smiles, any_direction)?;
        }
        Ok(())
    }

    /// Atoms, bonds, hydrogens (checking valence) and Kekulé bond orders; also whether any
    /// bond is written `/` or `\`.
    fn read(&mut self, smiles: &Smiles) -> Result<(UnGraph<Atom, Bond, u32>, bool), BuildError> {
        let options = &self.options;
        let mut graph: UnGraph<Atom, Bond, u32> =
            UnGraph::with_capacity(smiles.atoms.len(), smiles.bonds.len());
        for written in &smiles.atoms {
            let element = match written.symbol {
                Symbol::Element(number) => Element(number),
                Symbol::Star => Element(0),
            };
            let mut atom = Atom::new(element);
            atom.aromatic = written.aromatic;
            if let Some(bracket) = &written.bracket {
                atom.isotope = bracket.isotope;
                atom.charge = bracket.charge;
                atom.hydrogens = bracket.hydrogens;
                atom.class = bracket.class;
            }
            graph.add_node(atom);
        }

        // Valence used by explicit bonds, aromatic bonds counting one.
        let used = &mut self.used;
        used.clear();
        used.resize(smiles.atoms.len(), 0);
        let mut any_aromatic = false;
        let mut any_direction = false;
        for written in &smiles.bonds {
            let (s, t) = (written.source, written.target);
            let (order, aromatic) = match written.kind {
                BondKind::Elided => (
                    BondOrder::Single,
                    graph[node(s)].aromatic && graph[node(t)].aromatic,
                ),
                BondKind::Single => (BondOrder::Single, false),
                // A direction between two aromatic atoms marks an aromatic bond (RDKit reads
                // `C/N=c1/cccc[nH]1` so; the writer uses ring bonds as references).
                BondKind::Up | BondKind::Down => {
                    any_direction = true;
                    (
                        BondOrder::Single,
                        graph[node(s)].aromatic && graph[node(t)].aromatic,
                    )
                }
                BondKind::Double => (BondOrder::Double, false),
                BondKind::Triple => (BondOrder::Triple, false),
                BondKind::Quadruple => (BondOrder::Quadruple, false),
                BondKind::Aromatic => (BondOrder::Single, true),
            };
            any_aromatic |= aromatic;
            // u32 cannot wrap: an atom has fewer bonds than the line has bytes.
            used[s] += u32::from(order.valence());
            used[t] += u32::from(order.valence());
            let mut bond = Bond::new(order);
            bond.aromatic = aromatic;
            graph.add_edge(node(s), node(t), bond);
        }

        assign_hydrogens(&mut graph, smiles, used, options)?;

        if any_aromatic || smiles.atoms.iter().any(|a| a.aromatic) {
            if let Err(atom) = crate::kekule::kekulize(&mut graph, used, &mut self.kekule) {
                return Err(BuildError::Kekulize {
                    span: smiles.atoms[atom].span,
                });
            }
            for atom in graph.node_weights_mut() {
                atom.aromatic = false;
            }
            for bond in graph.edge_weights_mut() {
                bond.aromatic = false;
            }
        }

        Ok((graph, any_direction))
    }

    /// Ring membership, aromaticity and stereo of a graph from [`Builder::read`].
    fn perceive(
        &mut self,
        graph: &mut UnGraph<Atom, Bond, u32>,
        smiles: &Smiles,
        any_direction: bool,
    ) -> Result<(), BuildError> {
        self.adjacency.rebuild(graph);
        let adjacency = &self.adjacency;
        if !crate::rings::perceive_written(graph, smiles, &mut self.rings) {
            crate::rings::perceive(graph, adjacency, &mut self.rings);
        }
        crate::aromaticity::perceive(graph, adjacency, &mut self.aromaticity);
        let any_chirality = assign_tetrahedral(graph, smiles);
        // Marks come only from a chirality or a direction written.
        self.unmarked = !any_chirality && !any_direction;
        if any_direction {
            assign_double_bond_stereo(graph, smiles, adjacency)?;
        }
        Ok(())
    }
}

/// Implicit hydrogens of unbracketed atoms from the valence their explicit bonds use, checking
/// strict valence.
fn assign_hydrogens(
    graph: &mut UnGraph<Atom, Bond, u32>,
    smiles: &Smiles,
    used: &[u32],
    options: &BuildOptions,
) -> Result<(), BuildError> {
    for (index, written) in smiles.atoms.iter().enumerate() {
        if written.bracket.is_some() {
            continue;
        }
        let atom = &graph[node(index)];
        let element = atom.element;
        // Saturating: a sum past 255 exceeds every valence either way.
        let bonds = u8::try_from(used[index]).unwrap_or(u8::MAX);
        let hydrogens = match options.valence {
            Valence::Lenient => {
                implicit_hydrogens(element, bonds, atom.aromatic).map_or(0, |h| h.0)
            }
            Valence::Strict => {
                match implicit_hydrogens_from(rdkit_valences(element), bonds, atom.aromatic) {
                    Some((hydrogens, _)) => hydrogens,
                    None if rdkit_charge_separates(graph, index) => 0,
                    None => {
                        let largest = rdkit_valences(element).last().copied().unwrap_or(0);
                        return Err(BuildError::Valence {
                            message: format!(
                                "unbracketed {} has {} bond orders, more than its largest \
                                 valence {}",
                                element.symbol(),
                                used[index],
                                largest
                            ),
                            span: written.span,
                        });
                    }
                }
            }
        };
        graph[node(index)].hydrogens = hydrogens;
    }
    Ok(())
}

/// Whether RDKit's `cleanUp` turns this hypervalent unbracketed atom into a charge-separated
/// form it accepts (then with no hydrogens): N of valence 5 with a double bond to a neutral O
/// (nitro, N-oxides: `[N+][O-]`) or a triple bond to a neutral N (`N=[N+]=[N-]`); Cl, Br or I
/// of valence 3, 5 or 7 whose neighbours are all O and at least one doubly bonded (oxoacids).
/// The valence counts aromatic bonds 1.5, rounded down, as RDKit's explicit valence does.
fn rdkit_charge_separates(graph: &UnGraph<Atom, Bond, u32>, index: usize) -> bool {
    let centre = node(index);
    let mut doubled = 0u32;
    for edge in graph.edges(centre) {
        let bond = edge.weight();
        doubled += if bond.aromatic {
            3
        } else {
            2 * u32::from(bond.order.valence())
        };
    }
    let valence = doubled / 2;
    let neighbour = |edge: petgraph::graph::EdgeReference<'_, Bond, u32>| {
        let other = if edge.source() == centre {
            edge.target()
        } else {
            edge.source()
        };
        &graph[other]
    };
    let bond_to = |element: Element, order: BondOrder| {
        graph.edges(centre).any(|edge| {
            let other = neighbour(edge);
            !edge.weight().aromatic
                && edge.weight().order == order
                && other.element == element
                && other.charge == 0
        })
    };
    match graph[centre].element.0 {
        7 => {
            valence == 5
                && (bond_to(Element::O, BondOrder::Double)
                    || bond_to(Element::N, BondOrder::Triple))
        }
        17 | 35 | 53 => {
            matches!(valence, 3 | 5 | 7)
                && graph
                    .edges(centre)
                    .all(|edge| neighbour(edge).element == Element::O)
                && graph
                    .edges(centre)
                    .any(|edge| !edge.weight().aromatic && edge.weight().order == BondOrder::Double)
        }
        _ => false,
    }
}

/// Ring membership, then aromaticity, from Kekulé bond orders whose `in_ring` and `aromatic`
/// flags are clear, for a graph that did not come from written SMILES (the editor,
/// `edit.rs`): rings by the bridge search, fresh scratch space.
pub(crate) fn perceive_rings_and_aromaticity(graph: &mut UnGraph<Atom, Bond, u32>) {
    let mut adjacency = Adjacency::default();
    adjacency.rebuild(graph);
    crate::rings::perceive(graph, &adjacency, &mut crate::rings::Scratch::default());
    crate::aromaticity::perceive(
        graph,
        &adjacency,
        &mut crate::aromaticity::Scratch::default(),
    );
}

fn node(index: usize) -> NodeIndex<u32> {
    NodeIndex::new(index)
}

/// Tetrahedral marks, stored as a reference order of neighbours. The implicit hydrogen (or
/// lone pair, for three neighbours and no hydrogen) follows the atom written before the centre,
/// or comes first when there is none (OpenSMILES 3.9.4).
///
/// The bonds at every centre are gathered in one pass over the bonds and one sort, so the
/// time is O(bonds log bonds) however many centres there are.
///
/// Returns whether any chirality is written (any mark at all may follow only then).
fn assign_tetrahedral(graph: &mut UnGraph<Atom, Bond, u32>, smiles: &Smiles) -> bool {
    let is_chiral = |index: usize| {
        smiles.atoms[index]
            .bracket
            .as_ref()
            .is_some_and(|b| b.chirality.is_some())
    };
    if !(0..smiles.atoms.len()).any(is_chiral) {
        return false;
    }
    // (centre, slot, neighbour, from_parent) for every bond end at a chiral atom.
    let mut written: Vec<(u32, u32, u32, bool)> = Vec::new();
    for b in &smiles.bonds {
        if is_chiral(b.source) {
            written.push((b.source as u32, b.source_slot, b.target as u32, false));
        }
        if is_chiral(b.target) {
            written.push((
                b.target as u32,
                b.target_slot,
                b.source as u32,
                !b.ring_closure,
            ));
        }
    }
    written.sort_unstable();
    let mut start = 0;
    for centre in (0..smiles.atoms.len()).filter(|&i| is_chiral(i)) {
        let end = start
            + written[start..]
                .iter()
                .take_while(|w| w.0 as usize == centre)
                .count();
        let bonds = &written[start..end];
        start = end;
        let Some(mark) = smiles.atoms[centre]
            .bracket
            .as_ref()
            .and_then(|b| b.chirality)
        else {
            continue;
        };
        let clockwise = match mark {
            regiochem_smiles::Chirality::Anticlockwise => false,
            regiochem_smiles::Chirality::Clockwise => true,
            other => {
                graph[node(centre)].chirality = Chirality::Other(other);
                continue;
            }
        };
        if bonds.len() > 4 {
            continue;
        }
        let hydrogens = graph[node(centre)].hydrogens;
        let mut refs = [0u32; 4];
        let mut count = 0;
        let mut push = |r: u32| {
            if count < 4 {
                refs[count] = r;
            }
            count += 1;
        };
        let parent = bonds.iter().position(|w| w.3);
        if let Some(p) = parent {
            push(bonds[p].2);
        }
        if hydrogens == 1 || (hydrogens == 0 && bonds.len() == 3) {
            push(IMPLICIT_H);
        }
        for (i, w) in bonds.iter().enumerate() {
            if Some(i) != parent {
                push(w.2);
            }
        }
        if count == 4 {
            graph[node(centre)].chirality = Chirality::Tetrahedral {
                neighbours: refs,
                clockwise,
            };
        }
    }
    true
}

/// Cis/trans from `/` and `\`. For a directional bond written `u/v`, `v` sees `u` "below"
/// (+1) and `u` sees `v` "above" (-1); `\` swaps them. Two neighbours on one side of a double
/// bond must disagree; the configuration is cis when the references on both sides agree.
fn assign_double_bond_stereo(
    graph: &mut UnGraph<Atom, Bond, u32>,
    smiles: &Smiles,
    adjacency: &Adjacency,
) -> Result<(), BuildError> {
    // Side value of `neighbour` as seen from `atom`, for directional bond `bond`.
    let side = |bond: usize, atom: usize| -> Option<(u32, i8, regiochem_smiles::Span)> {
        let written = &smiles.bonds[bond];
        let sign = match written.kind {
            BondKind::Up => 1,
            BondKind::Down => -1,
            _ => return None,
        };
        if written.target == atom {
            Some((written.source as u32, sign, written.span))
        } else {
            Some((written.target as u32, -sign, written.span))
        }
    };
    for index in 0..graph.edge_count() {
        let edge = EdgeIndex::new(index);
        if graph[edge].order != BondOrder::Double || graph[edge].aromatic {
            continue;
        }
        let Some((a, b)) = graph.edge_endpoints(edge) else {
            continue;
        };
        // A double bond is a stereo bond only when both ends carry a directional bond; a
        // conjugated chain shares its single bonds between neighbouring double bonds, so marks
        // that would conflict around a `C=O` (no reference on the O) belong to other bonds.
        let mut refs = [None, None];
        let mut conflict = None;
        for (end, atom) in [a.index(), b.index()].into_iter().enumerate() {
            for &(_, bond) in adjacency.neighbours(atom) {
                if bond as usize == index {
                    continue;
                }
                let Some((neighbour, value, span)) = side(bond as usize, atom) else {
                    continue;
                };
                match refs[end] {
                    None => refs[end] = Some((neighbour, value)),
                    Some((_, first)) if first == value => conflict = conflict.or(Some(span)),
                    Some(_) => {}
                }
            }
        }
        if let [Some((left, left_side)), Some((right, right_side))] = refs {
            if let Some(span) = conflict {
                return Err(BuildError::ConflictingStereo { span });
            }
            graph[edge].stereo = Some(DoubleBondStereo {
                ends: [left, right],
                cis: left_side == right_side,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Molecule;

    fn hydrogens(smiles: &str) -> Vec<u8> {
        let molecule: Molecule = smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"));
        molecule.atoms().map(|(_, a)| a.hydrogens()).collect()
    }

    fn error_code(smiles: &str) -> &'static str {
        smiles.parse::<Molecule>().expect_err(smiles).stable_code()
    }

    #[test]
    fn implicit_hydrogens() {
        assert_eq!(hydrogens("C1CNCCNC1"), [2, 2, 1, 2, 2, 1, 2]);
        assert_eq!(hydrogens("c1cc[nH]c1"), [1, 1, 1, 1, 1]);
        assert_eq!(hydrogens("O=N(=O)c1ccccc1"), [0, 0, 0, 0, 1, 1, 1, 1, 1]);
        assert_eq!(hydrogens("CS(=O)(=O)C"), [3, 0, 0, 0, 3]);
        assert_eq!(hydrogens("[2H][CH2]C"), [0, 2, 3]);
        assert_eq!(hydrogens("O=c1cc[nH]cc1"), [0, 0, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn strict_valence() {
        assert_eq!(error_code("C(C)(C)(C)(C)C"), "mol::valence");
        assert_eq!(error_code("O(C)(C)C"), "mol::valence");
        assert_eq!(error_code("Cl(C)C"), "mol::valence");
        assert_eq!(error_code("N(C)(C)(C)C"), "mol::valence");
        let lenient = crate::BuildOptions {
            valence: crate::Valence::Lenient,
        };
        let smiles = regiochem_smiles::parse("N(C)(C)(C)C").unwrap();
        let molecule = crate::build(&smiles, &lenient).unwrap();
        assert_eq!(molecule.total_hydrogens(), 13);
    }

    /// `Builder::check` answers as `Builder::build` does, with or without directional bonds.
    #[test]
    fn check_agrees_with_build() {
        let mut builder = crate::Builder::new(crate::BuildOptions::default());
        for text in [
            "c1ccccc1",
            "c1cccc1",
            "c1ccnc1",
            "C(C)(C)(C)(C)C",
            "O=N(=O)c1ccccc1",
            "C[C@H](N)O",
            "F/C=C/F",
            "C/C(\\F)=C/F",
            "C(=C\\C(=O)/C=C/c1ccccc1)/c1ccccc1",
            "C/N=c1/cccc[nH]1",
            "C1.C1",
        ] {
            let smiles = regiochem_smiles::parse(text).unwrap();
            let built = builder
                .build(&smiles)
                .map(|_| ())
                .map_err(|e| e.stable_code());
            let checked = builder.check(&smiles).map_err(|e| e.stable_code());
            assert_eq!(checked, built, "{text}");
        }
    }

    /// `Builder::build_canonical` hands the writer the build's neighbour lists: one builder
    /// and one writer over molecules of every kind (explicit hydrogens folded, stereo, rings,
    /// components) give the strings `to_string` gives, whatever came before.
    #[test]
    fn build_canonical_agrees_with_to_string() {
        let mut builder = crate::Builder::new(crate::BuildOptions::default());
        let mut writer = crate::SmilesWriter::new();
        let mut out = String::new();
        for text in [
            "c1ccccc1CN1CCCNCC1",
            "[H]OCC",
            "C[C@H](N)O",
            "OCC",
            "F/C=C/F",
            "C[C@H]1CC[C@@H](C)CC1",
            "[2H]C([H])([H])Cl",
            "C1.C1",
            "c1ccc2ccccc2c1.[Na+].[Cl-]",
            "C",
        ] {
            let smiles = regiochem_smiles::parse(text).unwrap();
            out.clear();
            let molecule = builder
                .build_canonical(&smiles, &mut writer, &mut out)
                .unwrap();
            assert_eq!(out, molecule.to_string(), "{text}");
        }
    }

    #[test]
    fn kekule_and_stereo_errors() {
        assert_eq!(error_code("c1cccc1"), "mol::kekulize");
        assert_eq!(error_code("c1ccnc1"), "mol::kekulize");
        assert_eq!(error_code("C/C(\\F)=C/F"), "mol::conflicting_stereo");
    }
}
