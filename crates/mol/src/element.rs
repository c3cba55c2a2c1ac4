//! Elements: symbols (from the syntax crate) and masses (from `data/elements.tsv` and
//! `data/isotopes.tsv`, generated from RDKit's periodic table by `scripts/gen_elements.py`).

use std::sync::OnceLock;

/// A chemical element by atomic number; 0 is the SMILES wildcard `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Element(pub(crate) u8);

impl Element {
    /// Hydrogen.
    pub const H: Element = Element(1);
    /// Boron.
    pub const B: Element = Element(5);
    /// Carbon.
    pub const C: Element = Element(6);
    /// Nitrogen.
    pub const N: Element = Element(7);
    /// Oxygen.
    pub const O: Element = Element(8);
    /// Fluorine.
    pub const F: Element = Element(9);
    /// Phosphorus.
    pub const P: Element = Element(15);
    /// Sulfur.
    pub const S: Element = Element(16);
    /// Chlorine.
    pub const CL: Element = Element(17);
    /// Bromine.
    pub const BR: Element = Element(35);
    /// Iodine.
    pub const I: Element = Element(53);

    /// The element with this atomic number (0 for `*`), if there is one.
    pub fn from_number(number: u8) -> Option<Element> {
        (number <= regiochem_smiles::ELEMENT_COUNT).then_some(Element(number))
    }

    /// The element with this symbol (`"Cl"`), if there is one.
    pub fn from_symbol(symbol: &str) -> Option<Element> {
        if symbol == "*" {
            return Some(Element(0));
        }
        regiochem_smiles::element_number(symbol).map(Element)
    }

    /// The OpenSMILES normal valences (organic subset), lowest first; empty for other
    /// elements.
    pub fn normal_valences(self) -> &'static [u8] {
        crate::valence::normal_valences(self)
    }

    /// Atomic number (0 for `*`).
    pub fn number(self) -> u8 {
        self.0
    }

    /// Symbol with its usual capitalisation; `*` for the wildcard.
    pub fn symbol(self) -> &'static str {
        regiochem_smiles::element_symbol(self.0)
    }

    /// Standard atomic weight (0 for `*`).
    pub fn average_mass(self) -> f64 {
        masses()
            .average
            .get(usize::from(self.0))
            .copied()
            .unwrap_or(0.0)
    }

    /// Mass of the isotope with this mass number; the mass number itself when the table does
    /// not list it.
    pub fn isotope_mass(self, mass_number: u16) -> f64 {
        let table = &masses().isotopes;
        match table.binary_search_by_key(&(self.0, mass_number), |&(z, a, _)| (z, a)) {
            Ok(found) => table[found].2,
            Err(_) => f64::from(mass_number),
        }
    }
}

struct Masses {
    average: Vec<f64>,
    isotopes: Vec<(u8, u16, f64)>,
}

fn masses() -> &'static Masses {
    static MASSES: OnceLock<Masses> = OnceLock::new();
    MASSES.get_or_init(|| {
        let mut average = vec![0.0; 119];
        for row in data_rows(include_str!("../data/elements.tsv")) {
            if let [number, _symbol, mass] = row[..] {
                if let (Ok(z), Ok(m)) = (number.parse::<usize>(), mass.parse::<f64>()) {
                    if z < average.len() {
                        average[z] = m;
                    }
                }
            }
        }
        let mut isotopes: Vec<(u8, u16, f64)> = data_rows(include_str!("../data/isotopes.tsv"))
            .filter_map(|row| match row[..] {
                [z, a, m] => Some((z.parse().ok()?, a.parse().ok()?, m.parse().ok()?)),
                _ => None,
            })
            .collect();
        isotopes.sort_by_key(|&(z, a, _)| (z, a));
        Masses { average, isotopes }
    })
}

/// Rows of a tab-separated data file, skipping `#` comments and the header line.
fn data_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .skip(1)
        .map(|line| line.split('\t').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masses_from_data() {
        assert!((Element::C.average_mass() - 12.011).abs() < 1e-3);
        assert!((Element::H.isotope_mass(2) - 2.014).abs() < 1e-3);
        assert!((Element::C.isotope_mass(13) - 13.003).abs() < 1e-3);
        assert_eq!(Element::from_symbol("Cl"), Some(Element::CL));
        assert_eq!(Element(0).symbol(), "*");
    }
}
