//! Element symbols, the one piece of chemistry the syntax needs (`[Sc]` is scandium, `Sc` is
//! sulfur then aromatic carbon).

/// Number of elements with a symbol (1..=118).
pub const ELEMENT_COUNT: u8 = 118;

const SYMBOLS: [&str; 119] = [
    "*", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S",
    "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge",
    "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd",
    "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd",
    "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
    "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm",
    "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn",
    "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
];

/// The symbol of element `number` (1..=118); `"*"` for 0 and anything out of range.
pub fn element_symbol(number: u8) -> &'static str {
    SYMBOLS.get(usize::from(number)).copied().unwrap_or("*")
}

/// The atomic number of an element symbol written with its usual capitalisation.
pub fn element_number(symbol: &str) -> Option<u8> {
    // Symbols are at most two bytes, so a linear scan of 118 entries is fast enough and
    // avoids a table that could drift from SYMBOLS.
    SYMBOLS
        .iter()
        .skip(1)
        .position(|s| *s == symbol)
        .map(|i| (i + 1) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_round_trip() {
        for number in 1..=ELEMENT_COUNT {
            assert_eq!(element_number(element_symbol(number)), Some(number));
        }
        assert_eq!(element_number("Xx"), None);
        assert_eq!(element_number("c"), None);
    }
}
