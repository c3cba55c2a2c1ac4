//! Making new molecules from old ones: an [`Editor`] holds a mutable copy of one or more
//! molecules' atoms and bonds; [`Editor::finish`] drops removed atoms, renumbers, re-perceives
//! rings and aromaticity from the Kekulé orders, checks valence leniently and returns a new
//! [`Molecule`]. Molecules themselves never change.
//!
//! Stereo: a tetrahedral mark survives when its atom kept exactly its neighbours and hydrogen
//! count (its references are renumbered); it is dropped when the atom lost or gained a neighbour
//! or a hydrogen, even if a neighbour was merely replaced (re-expressing the mark is future
//! work). A cis/trans mark survives when the double bond keeps its order and neither of its atoms
//! lost or gained a neighbour.
//!
//! ```
//! use regiochem_mol::{BondOrder, Element, Molecule};
//!
//! let ethanol: Molecule = "CCO".parse().unwrap();
//! let mut editor = ethanol.edit();
//! let nitrogen = editor.add_atom(Element::N, 0, 2, false);
//! editor.set_bond(1, nitrogen, Some(BondOrder::Single)).unwrap();
//! editor.set_hydrogens(1, 1).unwrap();
//! assert_eq!(editor.finish().unwrap().to_string(), "CC(N)O");
//! ```

use std::collections::BTreeMap;

use petgraph::graph::{NodeIndex, UnGraph};

use crate::atom::IMPLICIT_H;
use crate::bond::DoubleBondStereo;
use crate::valence::allowed_valences;
use crate::{Atom, Bond, BondOrder, Chirality, Element, Molecule};

/// Why an edit could not become a molecule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum EditError {
    /// An atom index that is out of range or names a removed atom.
    #[error("no atom {atom} in the editor")]
    #[diagnostic(code(mol::no_such_atom))]
    NoSuchAtom {
        /// The index.
        atom: usize,
    },
    /// A bond from an atom to itself.
    #[error("atom {atom} cannot be bonded to itself")]
    #[diagnostic(code(mol::self_bond))]
    SelfBond {
        /// The atom.
        atom: usize,
    },
    /// An atom past the largest valence its element and charge allow.
    #[error("{message}")]
    #[diagnostic(code(mol::valence))]
    Valence {
        /// The atom, as an editor index.
        atom: usize,
        /// What is wrong.
        message: String,
    },
    /// Aromatic bonds that admit no Kekulé structure.
    #[error("aromatic system has no Kekulé form")]
    #[diagnostic(code(mol::kekulize))]
    Kekulize {
        /// An atom left without a double bond, as an editor index.
        atom: usize,
    },
}

impl EditError {
    /// The stable code.
    pub fn stable_code(&self) -> &'static str {
        match self {
            EditError::NoSuchAtom { .. } => "mol::no_such_atom",
            EditError::SelfBond { .. } => "mol::self_bond",
            EditError::Valence { .. } => "mol::valence",
            EditError::Kekulize { .. } => "mol::kekulize",
        }
    }
}

#[derive(Clone, Debug)]
struct Slot {
    a: u32,
    b: u32,
    bond: Bond,
    /// The order was set by an edit (cis/trans marks on it are dropped).
    reordered: bool,
}

/// A mutable copy of one or more molecules. Atom indices are positions: a molecule's atoms in
/// input order, several molecules one after another ([`Editor::offset`]), added atoms after
/// them. Removed atoms keep their index until [`Editor::finish`] renumbers.
#[derive(Clone, Debug)]
pub struct Editor {
    atoms: Vec<Option<Atom>>,
    bonds: Vec<Option<Slot>>,
    /// Bond slot of each bonded pair `(low, high)`.
    pairs: BTreeMap<(u32, u32), usize>,
    /// The atom gained or lost a neighbour or a hydrogen.
    changed: Vec<bool>,
    offsets: Vec<usize>,
    /// Some bond was set aromatic and needs kekulising.
    kekulise: bool,
}

impl Molecule {
    /// An editor over a copy of this molecule.
    pub fn edit(&self) -> Editor {
        Editor::combine(&[self])
    }

    /// The connected components as molecules of their own, ordered by their first atom; atoms
    /// keep their relative order, perception and stereo.
    pub fn components(&self) -> Vec<Molecule> {
        let graph = self.graph();
        let n = graph.node_count();
        let mut component = vec![u32::MAX; n];
        let mut count = 0u32;
        let mut stack = Vec::new();
        for start in 0..n {
            if component[start] != u32::MAX {
                continue;
            }
            component[start] = count;
            stack.push(NodeIndex::<u32>::new(start));
            while let Some(atom) = stack.pop() {
                for other in graph.neighbors(atom) {
                    if component[other.index()] == u32::MAX {
                        component[other.index()] = count;
                        stack.push(other);
                    }
                }
            }
            count += 1;
        }
        if count <= 1 {
            return vec![self.clone()];
        }
        (0..count)
            .map(|c| {
                let mut renumber = vec![u32::MAX; n];
                let mut part: UnGraph<Atom, Bond, u32> = UnGraph::default();
                for (index, atom) in graph.node_weights().enumerate() {
                    if component[index] == c {
                        renumber[index] = part.add_node(atom.clone()).index() as u32;
                    }
                }
                for edge in graph.raw_edges() {
                    let (a, b) = (edge.source().index(), edge.target().index());
                    if component[a] == c {
                        part.add_edge(
                            NodeIndex::new(renumber[a] as usize),
                            NodeIndex::new(renumber[b] as usize),
                            edge.weight.clone(),
                        );
                    }
                }
                renumber_stereo(&mut part, &renumber);
                Molecule::from_graph(part)
            })
            .collect()
    }
}

/// Rewrites stereo references through `renumber` (old index to new, `u32::MAX` for gone),
/// dropping marks that refer to a gone atom.
fn renumber_stereo(graph: &mut UnGraph<Atom, Bond, u32>, renumber: &[u32]) {
    let map = |old: u32| -> Option<u32> {
        if old == IMPLICIT_H {
            return Some(IMPLICIT_H);
        }
        renumber
            .get(old as usize)
            .copied()
            .filter(|&n| n != u32::MAX)
    };
    for atom in graph.node_weights_mut() {
        if let Chirality::Tetrahedral {
            neighbours,
            clockwise,
        } = atom.chirality
        {
            let mapped: Option<Vec<u32>> = neighbours.iter().map(|&n| map(n)).collect();
            atom.chirality = match mapped.and_then(|m| <[u32; 4]>::try_from(m).ok()) {
                Some(neighbours) => Chirality::Tetrahedral {
                    neighbours,
                    clockwise,
                },
                None => Chirality::None,
            };
        }
    }
    for bond in graph.edge_weights_mut() {
        if let Some(stereo) = bond.stereo {
            bond.stereo = match (map(stereo.ends[0]), map(stereo.ends[1])) {
                (Some(left), Some(right)) => Some(DoubleBondStereo {
                    ends: [left, right],
                    cis: stereo.cis,
                }),
                _ => None,
            };
        }
    }
}

impl Editor {
    /// An editor over copies of `molecules`, one after another in one graph (the atoms of
    /// molecule `k` start at [`Editor::offset`]`(k)`).
    pub fn combine(molecules: &[&Molecule]) -> Editor {
        let mut editor = Editor {
            atoms: Vec::new(),
            bonds: Vec::new(),
            pairs: BTreeMap::new(),
            changed: Vec::new(),
            offsets: Vec::with_capacity(molecules.len()),
            kekulise: false,
        };
        for molecule in molecules {
            let offset = editor.atoms.len();
            editor.offsets.push(offset);
            let graph = molecule.graph();
            editor
                .atoms
                .extend(graph.node_weights().map(|a| Some(shifted_atom(a, offset))));
            for edge in graph.raw_edges() {
                let a = (edge.source().index() + offset) as u32;
                let b = (edge.target().index() + offset) as u32;
                let mut bond = edge.weight.clone();
                if let Some(stereo) = &mut bond.stereo {
                    stereo.ends = stereo.ends.map(|e| e + offset as u32);
                }
                editor
                    .pairs
                    .insert((a.min(b), a.max(b)), editor.bonds.len());
                editor.bonds.push(Some(Slot {
                    a,
                    b,
                    bond,
                    reordered: false,
                }));
            }
        }
        editor.changed = vec![false; editor.atoms.len()];
        editor
    }

    /// Where molecule `molecule` of [`Editor::combine`] starts.
    pub fn offset(&self, molecule: usize) -> Option<usize> {
        self.offsets.get(molecule).copied()
    }

    /// Number of atom indices in use, removed atoms included.
    pub fn atom_count(&self) -> usize {
        self.atoms.len()
    }

    /// The atom at `index`, unless it is removed.
    pub fn atom(&self, index: usize) -> Option<&Atom> {
        self.atoms.get(index).and_then(Option::as_ref)
    }

    fn atom_mut(&mut self, index: usize) -> Result<&mut Atom, EditError> {
        self.atoms
            .get_mut(index)
            .and_then(Option::as_mut)
            .ok_or(EditError::NoSuchAtom { atom: index })
    }

    /// Adds an atom with no bonds; returns its index. `aromatic` marks an atom that aromatic
    /// bonds set with [`Editor::set_aromatic_bond`] will be kekulised around.
    pub fn add_atom(
        &mut self,
        element: Element,
        charge: i8,
        hydrogens: u8,
        aromatic: bool,
    ) -> usize {
        let mut atom = Atom::new(element);
        atom.charge = charge;
        atom.hydrogens = hydrogens;
        atom.aromatic = aromatic;
        self.atoms.push(Some(atom));
        self.changed.push(true);
        self.atoms.len() - 1
    }

    /// Removes an atom and its bonds.
    pub fn remove_atom(&mut self, index: usize) -> Result<(), EditError> {
        self.atom_mut(index)?;
        self.atoms[index] = None;
        let bonded: Vec<(u32, u32)> = self
            .pairs
            .keys()
            .filter(|&&(a, b)| a as usize == index || b as usize == index)
            .copied()
            .collect();
        for (a, b) in bonded {
            self.remove_pair(a, b);
        }
        Ok(())
    }

    fn remove_pair(&mut self, a: u32, b: u32) {
        if let Some(slot) = self.pairs.remove(&(a.min(b), a.max(b))) {
            self.bonds[slot] = None;
            self.changed[a as usize] = true;
            self.changed[b as usize] = true;
        }
    }

    fn check_pair(&self, a: usize, b: usize) -> Result<(u32, u32), EditError> {
        for atom in [a, b] {
            if self.atom(atom).is_none() {
                return Err(EditError::NoSuchAtom { atom });
            }
        }
        if a == b {
            return Err(EditError::SelfBond { atom: a });
        }
        Ok((a as u32, b as u32))
    }

    /// Sets the bond between `a` and `b` to `order` (adding it if needed), or removes it with
    /// `None`. Changing an existing bond's order clears its aromatic flag and its cis/trans mark;
    /// aromaticity is perceived again by [`Editor::finish`].
    pub fn set_bond(
        &mut self,
        a: usize,
        b: usize,
        order: Option<BondOrder>,
    ) -> Result<(), EditError> {
        let (a, b) = self.check_pair(a, b)?;
        let Some(order) = order else {
            self.remove_pair(a, b);
            return Ok(());
        };
        match self.pairs.get(&(a.min(b), a.max(b))) {
            Some(&slot) => {
                if let Some(existing) = &mut self.bonds[slot] {
                    if existing.bond.order != order || existing.bond.aromatic {
                        existing.bond.order = order;
                        existing.bond.aromatic = false;
                        existing.reordered = true;
                    }
                }
            }
            None => {
                self.pairs.insert((a.min(b), a.max(b)), self.bonds.len());
                self.bonds.push(Some(Slot {
                    a,
                    b,
                    bond: Bond::new(order),
                    reordered: true,
                }));
                self.changed[a as usize] = true;
                self.changed[b as usize] = true;
            }
        }
        Ok(())
    }

    /// Sets an aromatic bond between `a` and `b`, to be kekulised (with every other aromatic
    /// bond) by [`Editor::finish`]; both atoms should be marked aromatic.
    pub fn set_aromatic_bond(&mut self, a: usize, b: usize) -> Result<(), EditError> {
        self.set_bond(a, b, Some(BondOrder::Single))?;
        let (a, b) = (a as u32, b as u32);
        if let Some(&slot) = self.pairs.get(&(a.min(b), a.max(b))) {
            if let Some(existing) = &mut self.bonds[slot] {
                existing.bond.aromatic = true;
            }
        }
        self.kekulise = true;
        Ok(())
    }

    /// The order of the bond between `a` and `b`, if they are bonded.
    pub fn bond_order(&self, a: usize, b: usize) -> Option<BondOrder> {
        let key = (a.min(b) as u32, a.max(b) as u32);
        let slot = *self.pairs.get(&key)?;
        self.bonds[slot].as_ref().map(|s| s.bond.order)
    }

    /// Sum of the Kekulé orders of the bonds at `atom`.
    pub fn bond_order_sum(&self, atom: usize) -> u32 {
        self.pairs
            .iter()
            .filter(|&(&(a, b), _)| a as usize == atom || b as usize == atom)
            .filter_map(|(_, &slot)| self.bonds[slot].as_ref())
            .map(|s| u32::from(s.bond.order.valence()))
            .sum()
    }

    /// The atoms bonded to `atom`, in index order.
    pub fn neighbours(&self, atom: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .pairs
            .keys()
            .filter_map(|&(a, b)| {
                if a as usize == atom {
                    Some(b as usize)
                } else if b as usize == atom {
                    Some(a as usize)
                } else {
                    None
                }
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Sets the formal charge.
    pub fn set_charge(&mut self, index: usize, charge: i8) -> Result<(), EditError> {
        self.atom_mut(index)?.charge = charge;
        Ok(())
    }

    /// Sets the element (isotope, class and stereo are kept).
    pub fn set_element(&mut self, index: usize, element: Element) -> Result<(), EditError> {
        self.atom_mut(index)?.element = element;
        Ok(())
    }

    /// Sets the hydrogens the atom carries; a change drops its tetrahedral mark.
    pub fn set_hydrogens(&mut self, index: usize, hydrogens: u8) -> Result<(), EditError> {
        let atom = self.atom_mut(index)?;
        if atom.hydrogens != hydrogens {
            atom.hydrogens = hydrogens;
            self.changed[index] = true;
        }
        Ok(())
    }

    /// Removes every atom not connected (through remaining bonds) to one of `atoms`: the
    /// fragments a reaction split off and nobody asked for.
    pub fn keep_connected_to(&mut self, atoms: &[usize]) {
        let n = self.atoms.len();
        let mut adjacency: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(a, b) in self.pairs.keys() {
            adjacency[a as usize].push(b);
            adjacency[b as usize].push(a);
        }
        let mut keep = vec![false; n];
        let mut stack: Vec<usize> = atoms
            .iter()
            .copied()
            .filter(|&a| self.atom(a).is_some())
            .collect();
        for &a in &stack {
            keep[a] = true;
        }
        while let Some(atom) = stack.pop() {
            for &other in &adjacency[atom] {
                if !keep[other as usize] {
                    keep[other as usize] = true;
                    stack.push(other as usize);
                }
            }
        }
        for (index, kept) in keep.iter().enumerate() {
            if !kept && self.atoms[index].is_some() {
                // Whole fragments go: nothing kept loses a neighbour.
                self.atoms[index] = None;
            }
        }
        let gone: Vec<(u32, u32)> = self
            .pairs
            .keys()
            .filter(|&&(a, _)| !keep[a as usize])
            .copied()
            .collect();
        for (a, b) in gone {
            if let Some(slot) = self.pairs.remove(&(a, b)) {
                self.bonds[slot] = None;
            }
        }
    }

    /// The new molecule: removed atoms dropped and the rest renumbered in index order, stereo
    /// kept where the neighbourhood did not change (see the module docs), aromatic bonds set by
    /// [`Editor::set_aromatic_bond`] kekulised, rings and aromaticity perceived again from the
    /// Kekulé orders, and valence checked leniently: an atom past the largest valence its
    /// element and charge allow is an error (elements without a known valence are not checked).
    pub fn finish(self) -> Result<Molecule, EditError> {
        self.finish_traced().map(|(molecule, _)| molecule)
    }

    /// [`Editor::finish`], also returning where each editor atom index went in the new
    /// molecule (`None` for removed atoms), so callers can follow atoms through a reaction.
    pub fn finish_traced(self) -> Result<(Molecule, Vec<Option<usize>>), EditError> {
        let n = self.atoms.len();
        let mut renumber = vec![u32::MAX; n];
        let mut old_index: Vec<usize> = Vec::new();
        let mut graph: UnGraph<Atom, Bond, u32> = UnGraph::default();
        for (index, atom) in self.atoms.iter().enumerate() {
            let Some(atom) = atom else { continue };
            let mut atom = atom.clone();
            if self.changed[index] && matches!(atom.chirality, Chirality::Tetrahedral { .. }) {
                atom.chirality = Chirality::None;
            }
            atom.aromatic = false;
            atom.in_ring = false;
            renumber[index] = graph.add_node(atom).index() as u32;
            old_index.push(index);
        }
        let kekulise = self.kekulise;
        for slot in self.bonds.iter().flatten() {
            let (a, b) = (renumber[slot.a as usize], renumber[slot.b as usize]);
            if a == u32::MAX || b == u32::MAX {
                continue;
            }
            let mut bond = slot.bond.clone();
            if slot.reordered || self.changed[slot.a as usize] || self.changed[slot.b as usize] {
                bond.stereo = None;
            }
            if kekulise && bond.aromatic {
                bond.order = BondOrder::Single;
            } else {
                bond.aromatic = false;
            }
            bond.in_ring = false;
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), bond);
        }
        renumber_stereo(&mut graph, &renumber);
        if kekulise {
            // Every bond still flagged aromatic (the new ones and those of existing aromatic
            // rings) is single now; match double bonds again over them, as `build` does.
            let set_aromatic: Vec<bool> = graph.edge_weights().map(|b| b.aromatic).collect();
            for (index, atom) in self.atoms.iter().enumerate() {
                if let (Some(atom), true) = (atom, renumber[index] != u32::MAX) {
                    graph[NodeIndex::new(renumber[index] as usize)].aromatic = atom.aromatic
                        && graph
                            .edges(NodeIndex::new(renumber[index] as usize))
                            .any(|e| set_aromatic[petgraph::visit::EdgeRef::id(&e).index()]);
                }
            }
            let mut used = vec![0u32; graph.node_count()];
            for edge in graph.raw_edges() {
                let order = u32::from(edge.weight.order.valence());
                used[edge.source().index()] += order;
                used[edge.target().index()] += order;
            }
            let mut scratch = crate::kekule::Scratch::default();
            if let Err(atom) = crate::kekule::kekulize(&mut graph, &used, &mut scratch) {
                return Err(EditError::Kekulize {
                    atom: old_index.get(atom).copied().unwrap_or(atom),
                });
            }
            for atom in graph.node_weights_mut() {
                atom.aromatic = false;
            }
            for bond in graph.edge_weights_mut() {
                bond.aromatic = false;
            }
        }
        check_valence(&graph, &old_index)?;
        crate::build::perceive_rings_and_aromaticity(&mut graph);
        let trace = renumber
            .iter()
            .map(|&r| (r != u32::MAX).then_some(r as usize))
            .collect();
        Ok((Molecule::from_graph(graph), trace))
    }
}

fn shifted_atom(atom: &Atom, offset: usize) -> Atom {
    let mut atom = atom.clone();
    if let Chirality::Tetrahedral { neighbours, .. } = &mut atom.chirality {
        for n in neighbours.iter_mut() {
            if *n != IMPLICIT_H {
                *n += offset as u32;
            }
        }
    }
    atom
}

/// Lenient valence: bond orders plus hydrogens at most the largest valence the element and
/// charge allow (`allowed_valences`; N 5, S 6, C 4, N+ 4, O 2, O- 1).
fn check_valence(graph: &UnGraph<Atom, Bond, u32>, old_index: &[usize]) -> Result<(), EditError> {
    let mut used = vec![0u32; graph.node_count()];
    for edge in graph.raw_edges() {
        used[edge.source().index()] += u32::from(edge.weight.order.valence());
        used[edge.target().index()] += u32::from(edge.weight.order.valence());
    }
    for (index, atom) in graph.node_weights().enumerate() {
        let Some(largest) =
            allowed_valences(atom.element, atom.charge).and_then(|v| v.last().copied())
        else {
            continue;
        };
        let total = used[index] + u32::from(atom.hydrogens);
        if total > u32::from(largest) {
            let atom_index = old_index.get(index).copied().unwrap_or(index);
            return Err(EditError::Valence {
                atom: atom_index,
                message: format!(
                    "{}{} with {} bond orders and {} hydrogens exceeds valence {}",
                    atom.element.symbol(),
                    match atom.charge {
                        0 => String::new(),
                        c => format!("{c:+}"),
                    },
                    used[index],
                    atom.hydrogens,
                    largest
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn molecule(smiles: &str) -> Molecule {
        smiles.parse().unwrap_or_else(|e| panic!("{smiles}: {e}"))
    }

    fn canonical(smiles: &str) -> String {
        molecule(smiles).to_string()
    }

    #[test]
    fn unchanged_edit_is_the_same_molecule() {
        for smiles in [
            "C1CNCCNC1",
            "c1ccccc1CN",
            "C[C@H](N)O",
            "F/C=C/F",
            "O=[N+]([O-])c1ccccc1",
        ] {
            let edited = molecule(smiles).edit().finish().unwrap();
            assert_eq!(edited.to_string(), canonical(smiles), "{smiles}");
        }
    }

    #[test]
    fn removing_atoms_renumbers_and_keeps_far_stereo() {
        // Drop the terminal chlorine of Cl-CH2-[C@H](N)O: the centre keeps its neighbours.
        let m = molecule("ClC[C@@H](N)OC");
        let mut editor = m.edit();
        editor.remove_atom(5).unwrap();
        editor.set_hydrogens(4, 1).unwrap();
        editor.remove_atom(0).unwrap();
        editor.set_hydrogens(1, 3).unwrap();
        assert_eq!(
            editor.finish().unwrap().to_string(),
            canonical("C[C@@H](N)O")
        );
        // A centre that loses a neighbour loses its mark.
        let mut editor = m.edit();
        editor.remove_atom(3).unwrap();
        editor.set_hydrogens(2, 2).unwrap();
        assert_eq!(editor.finish().unwrap().to_string(), canonical("ClCCOC"));
    }

    #[test]
    fn cis_trans_survives_a_distant_edit() {
        let m = molecule("F/C=C/CCl");
        let mut editor = m.edit();
        editor.remove_atom(4).unwrap();
        editor.set_hydrogens(3, 3).unwrap();
        assert_eq!(editor.finish().unwrap().to_string(), canonical("F/C=C/C"));
    }

    #[test]
    fn combine_and_bond_across() {
        let amine = molecule("C1CNCCNC1");
        let acid = molecule("CC(=O)Cl");
        let mut editor = Editor::combine(&[&amine, &acid]);
        let offset = editor.offset(1).unwrap();
        assert_eq!(offset, 7);
        editor.remove_atom(offset + 3).unwrap();
        editor
            .set_bond(2, offset + 1, Some(BondOrder::Single))
            .unwrap();
        editor.set_hydrogens(2, 0).unwrap();
        assert_eq!(editor.bond_order_sum(offset + 1), 4);
        assert_eq!(
            editor.finish().unwrap().to_string(),
            canonical("CC(=O)N1CCCNCC1")
        );
    }

    #[test]
    fn aromatic_bonds_are_kekulised_and_perceived() {
        // Build benzene from new atoms and aromatic bonds.
        let mut aromatic = Editor::combine(&[]);
        let atoms: Vec<usize> = (0..6)
            .map(|_| aromatic.add_atom(Element::C, 0, 1, true))
            .collect();
        for i in 0..6 {
            aromatic
                .set_aromatic_bond(atoms[i], atoms[(i + 1) % 6])
                .unwrap();
        }
        let benzene = aromatic.finish().unwrap();
        assert_eq!(benzene.to_string(), canonical("c1ccccc1"));
        assert_eq!(benzene.aromatic_atom_count(), 6);
        // Breaking an aromatic ring re-perceives it as not aromatic.
        let mut editor = molecule("c1ccccc1").edit();
        editor.set_bond(0, 5, None).unwrap();
        editor.set_hydrogens(0, 2).unwrap();
        editor.set_hydrogens(5, 2).unwrap();
        let opened = editor.finish().unwrap();
        assert_eq!(opened.aromatic_atom_count(), 0);
        assert_eq!(opened.ring_count(), 0);
    }

    #[test]
    fn valence_and_index_errors() {
        let mut editor = molecule("CC").edit();
        let extra = editor.add_atom(Element::C, 0, 0, false);
        editor.set_bond(0, extra, Some(BondOrder::Double)).unwrap();
        let error = editor.finish().unwrap_err();
        assert_eq!(error.stable_code(), "mol::valence");
        assert_eq!(
            error,
            EditError::Valence {
                atom: 0,
                message: "C with 3 bond orders and 3 hydrogens exceeds valence 4".into()
            }
        );
        let mut editor = molecule("CC").edit();
        assert_eq!(
            editor.remove_atom(7),
            Err(EditError::NoSuchAtom { atom: 7 })
        );
        assert_eq!(
            editor.set_bond(1, 1, Some(BondOrder::Single)),
            Err(EditError::SelfBond { atom: 1 })
        );
        editor.remove_atom(1).unwrap();
        assert_eq!(
            editor.set_charge(1, 1),
            Err(EditError::NoSuchAtom { atom: 1 })
        );
    }

    #[test]
    fn components_split_in_order() {
        let salt = molecule("[Na+].[O-]C(=O)C.C[C@H](N)O");
        let parts: Vec<String> = salt.components().iter().map(|m| m.to_string()).collect();
        assert_eq!(
            parts,
            [
                canonical("[Na+]"),
                canonical("CC(=O)[O-]"),
                canonical("C[C@H](N)O")
            ]
        );
        assert_eq!(molecule("CCO").components().len(), 1);
    }
}
