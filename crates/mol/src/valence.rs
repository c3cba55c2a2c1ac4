//! Normal valences (OpenSMILES) and the valence states aromaticity and kekulisation rely on.

use crate::Element;

/// The OpenSMILES normal valences of the organic subset, lowest first; empty for other elements.
#[inline]
pub(crate) fn normal_valences(element: Element) -> &'static [u8] {
    match element.0 {
        5 => &[3],
        6 => &[4],
        7 | 15 => &[3, 5],
        8 => &[2],
        16 => &[2, 4, 6],
        9 | 17 | 35 | 53 => &[1],
        _ => &[],
    }
}

/// RDKit's allowed valences of the organic subset (its periodic table's valence lists),
/// lowest first: the OpenSMILES ones except N 3 only (pentavalent N is accepted only in the
/// forms RDKit's cleanUp charge-separates, see `rdkit_charge_separates`) and I 1, 3, 5.
#[inline]
pub(crate) fn rdkit_valences(element: Element) -> &'static [u8] {
    match element.0 {
        7 => &[3],
        53 => &[1, 3, 5],
        _ => normal_valences(element),
    }
}

/// Hydrogens an unbracketed atom gets from `valences` (lowest first):
/// `(hydrogens, from_higher_valence)`, or `None` when `used` exceeds every valence. Aromatic
/// atoms give one valence to the pi system.
#[inline]
pub(crate) fn implicit_hydrogens_from(
    valences: &[u8],
    used: u8,
    aromatic: bool,
) -> Option<(u8, bool)> {
    let Some(&lowest) = valences.first() else {
        return Some((0, false));
    };
    let target = valences.iter().copied().find(|&v| v >= used)?;
    let hydrogens = if aromatic {
        (target - used).saturating_sub(1)
    } else {
        target - used
    };
    Some((hydrogens, target != lowest && used > lowest))
}

/// [`implicit_hydrogens_from`] with the OpenSMILES normal valences.
#[inline]
pub(crate) fn implicit_hydrogens(element: Element, used: u8, aromatic: bool) -> Option<(u8, bool)> {
    implicit_hydrogens_from(normal_valences(element), used, aromatic)
}

/// Valence electrons of the main-group elements that take part in aromatic systems.
fn valence_electrons(element: Element) -> Option<i8> {
    Some(match element.0 {
        5 | 13 => 3,
        6 | 14 | 32 => 4,
        7 | 15 | 33 | 51 => 5,
        8 | 16 | 34 | 52 => 6,
        _ => return None,
    })
}

/// The valences an atom of this element and charge can have, by isoelectronic analogy (N+ like
/// C, O+ like N, C- like N, N- like O, B- like C); pentavalent N is allowed as in `c1n(=O)cccc1`.
/// `None` for elements outside the aromatic main group.
pub(crate) fn allowed_valences(element: Element, charge: i8) -> Option<&'static [u8]> {
    let electrons = valence_electrons(element)? - charge;
    let heavy = element.0 > 10;
    Some(match electrons {
        3 => &[3],
        4 => &[4],
        5 if element.0 == 8 => &[3],
        5 => &[3, 5],
        6 if heavy => &[2, 4, 6],
        6 => &[2],
        7 => &[1],
        _ => return None,
    })
}

/// Elements with an aromatic SMILES symbol (`b c n o p s se as te`).
pub(crate) fn can_be_aromatic(element: Element) -> bool {
    matches!(element.0, 5 | 6 | 7 | 8 | 15 | 16 | 33 | 34 | 52)
}
