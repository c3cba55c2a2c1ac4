//! The planner's data: the stock, the protecting groups it may use and the disconnections that
//! install a target's substituents (`data/*.tsv`, `data/stock.smi`).

use std::sync::OnceLock;

use regiochem_mol::{Molecule, Pattern};
use regiochem_rules::data::{DataError, rows};
use regiochem_rules::reagents::canonical_components;

/// Purchasable starting materials.
#[derive(Clone, Debug, Default)]
pub struct Stock {
    entries: Vec<(String, String, Molecule)>,
}

impl Stock {
    /// Reads a stock file: a SMILES and an optional name per line, `#` comments.
    pub fn parse(text: &str) -> Result<Stock, DataError> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (smiles, name) = line.split_once([' ', '\t']).unwrap_or((line, ""));
            let molecule: Molecule = smiles.parse().map_err(|e| {
                DataError::new("stock", index + 1, format!("bad SMILES `{smiles}`: {e}"))
            })?;
            entries.push((molecule.to_string(), name.trim().to_string(), molecule));
        }
        Ok(Stock { entries })
    }

    /// The stock shipped in the crate.
    pub fn standard() -> Result<&'static Stock, DataError> {
        static STOCK: OnceLock<Result<Stock, DataError>> = OnceLock::new();
        STOCK
            .get_or_init(|| Stock::parse(include_str!("../data/stock.smi")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Whether a canonical SMILES is in stock.
    pub fn contains(&self, smiles: &str) -> bool {
        self.entries.iter().any(|(s, _, _)| s == smiles)
    }

    /// The molecules, in file order.
    pub fn molecules(&self) -> impl Iterator<Item = (&str, &Molecule)> {
        self.entries.iter().map(|(_, name, m)| (name.as_str(), m))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the stock is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A protecting group the planner can put on a core nitrogen and take off.
#[derive(Clone, Debug)]
pub struct ProtectingGroup {
    /// Name (`Boc`).
    pub name: String,
    /// The group on homopiperazine.
    pub example: Molecule,
    /// How it goes on: co-reactant, agents, equivalents, acid. `None`: only from stock.
    pub install: Option<(Molecule, Vec<String>, f64, f64)>,
    /// The agents that take it off.
    pub removal: Vec<String>,
}

/// How a substituent's co-reactant is made from the substituent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaving {
    /// R-Br.
    Bromide,
    /// R-Cl.
    Chloride,
    /// R-CH=O from R-CH2-N.
    Aldehyde,
    /// R2C=O from R2CH-N.
    Ketone,
    /// R-C(=O)OH.
    Acid,
    /// R-N=C=O from R-NH-C(=O)-N.
    Isocyanate,
    /// `Boc2O` for a Boc group.
    BocAnhydride,
}

/// One way to install a substituent.
#[derive(Clone, Debug)]
pub struct Disconnection {
    /// Name.
    pub name: String,
    /// Pattern whose first atom is the substituent atom on the nitrogen.
    pub pattern: Pattern,
    /// Leaving group.
    pub leaving: Leaving,
    /// Agents (canonical components).
    pub agents: Vec<String>,
}

/// Everything the planner reads from data.
#[derive(Clone, Debug)]
pub struct PlannerData {
    /// Starting materials.
    pub stock: Stock,
    /// Protecting groups.
    pub groups: Vec<ProtectingGroup>,
    /// Disconnections, in preference order.
    pub disconnections: Vec<Disconnection>,
}

fn error(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
    DataError::new(file, line, message)
}

fn components(file: &'static str, line: usize, text: &str) -> Result<Vec<String>, DataError> {
    if text == "-" {
        return Ok(Vec::new());
    }
    canonical_components(text).map_err(|e| error(file, line, format!("bad SMILES `{text}`: {e}")))
}

fn molecule(file: &'static str, line: usize, text: &str) -> Result<Molecule, DataError> {
    text.parse()
        .map_err(|e| error(file, line, format!("bad SMILES `{text}`: {e}")))
}

fn number(file: &'static str, line: usize, text: &str) -> Result<f64, DataError> {
    text.parse()
        .map_err(|_| error(file, line, format!("`{text}` is not a number")))
}

impl PlannerData {
    /// The data shipped in the crate.
    pub fn standard() -> Result<&'static PlannerData, DataError> {
        static DATA: OnceLock<Result<PlannerData, DataError>> = OnceLock::new();
        DATA.get_or_init(|| {
            PlannerData::parse(
                Stock::standard()?.clone(),
                include_str!("../data/protecting_groups.tsv"),
                include_str!("../data/disconnections.tsv"),
            )
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Reads the protecting-group and disconnection tables.
    pub fn parse(
        stock: Stock,
        groups: &str,
        disconnections: &str,
    ) -> Result<PlannerData, DataError> {
        const GROUPS: &str = "protecting_groups.tsv";
        const CUTS: &str = "disconnections.tsv";
        let mut parsed_groups = Vec::new();
        for (line, f) in rows(GROUPS, groups, 7)? {
            let install = if f[2] == "-" {
                None
            } else {
                Some((
                    molecule(GROUPS, line, f[2])?,
                    components(GROUPS, line, f[3])?,
                    number(GROUPS, line, f[4])?,
                    number(GROUPS, line, f[5])?,
                ))
            };
            parsed_groups.push(ProtectingGroup {
                name: f[0].to_string(),
                example: molecule(GROUPS, line, f[1])?,
                install,
                removal: components(GROUPS, line, f[6])?,
            });
        }
        let mut parsed = Vec::new();
        for (line, f) in rows(CUTS, disconnections, 4)? {
            let pattern =
                Pattern::new(f[1]).map_err(|e| error(CUTS, line, format!("bad SMARTS: {e}")))?;
            let leaving = match f[2] {
                "bromide" => Leaving::Bromide,
                "chloride" => Leaving::Chloride,
                "aldehyde" => Leaving::Aldehyde,
                "ketone" => Leaving::Ketone,
                "acid" => Leaving::Acid,
                "isocyanate" => Leaving::Isocyanate,
                "boc-anhydride" => Leaving::BocAnhydride,
                other => {
                    return Err(error(
                        CUTS,
                        line,
                        format!("unknown leaving group `{other}`"),
                    ));
                }
            };
            parsed.push(Disconnection {
                name: f[0].to_string(),
                pattern,
                leaving,
                agents: components(CUTS, line, f[3])?,
            });
        }
        Ok(PlannerData {
            stock,
            groups: parsed_groups,
            disconnections: parsed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_data_loads() {
        let data = PlannerData::standard().unwrap();
        assert!(data.stock.len() >= 10);
        assert!(data.groups.iter().any(|g| g.name == "Boc"));
        assert!(data.disconnections.len() >= 10);
        assert!(data.stock.contains("CC(C)(C)OC(=O)N1CCNCCC1"));
    }
}
