//! The planner's data: the stock, the protecting groups it may use, the disconnections that
//! install a target's substituents, the ring-forming moves, the masked groups (nitro then
//! reduce), the install variants (shield, excess, as written) and the cost weights
//! (`data/*.tsv`), every table read through the one row reader.

use std::sync::OnceLock;

use regiochem_mol::{AtomId, BondOrder, Element, Molecule, Pattern};
use regiochem_rules::Template;
use regiochem_rules::data::{DataError, rows};
use regiochem_rules::reagents::canonical_components;

/// Purchasable starting materials: canonical SMILES, name, source, molecule.
#[derive(Clone, Debug, Default)]
pub struct Stock {
    entries: Vec<(String, String, String, Molecule)>,
    /// The cores among the entries, built once.
    cores: OnceLock<Vec<Core>>,
}

impl Stock {
    /// Reads a stock file through the one row reader: `SMILES<TAB>name<TAB>source` per row
    /// (name and source optional; a row without a tab is `SMILES name`), `#` comments.
    pub fn parse(text: &str) -> Result<Stock, DataError> {
        const FILE: &str = "stock";
        let mut entries = Vec::new();
        for (line, fields) in rows(FILE, text, 1)? {
            let (smiles, name) = match fields.as_slice() {
                [one] => one.split_once([' ']).unwrap_or((one, "")),
                [smiles, name, ..] => (*smiles, *name),
                [] => continue,
            };
            let source = fields.get(2).copied().unwrap_or("");
            let molecule: Molecule = smiles
                .parse()
                .map_err(|e| DataError::new(FILE, line, format!("bad SMILES `{smiles}`: {e}")))?;
            entries.push((
                molecule.to_string(),
                name.trim().to_string(),
                source.to_string(),
                molecule,
            ));
        }
        Ok(Stock {
            entries,
            cores: OnceLock::new(),
        })
    }

    /// The stock shipped in the crate (`data/stock.tsv`).
    pub fn standard() -> Result<&'static Stock, DataError> {
        static STOCK: OnceLock<Result<Stock, DataError>> = OnceLock::new();
        STOCK
            .get_or_init(|| Stock::parse(include_str!("../data/stock.tsv")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The name of a canonical SMILES in stock (`None` when it is not, or has no name).
    pub fn name(&self, smiles: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(s, name, _, _)| s == smiles && !name.is_empty())
            .map(|(_, name, _, _)| name.as_str())
    }

    /// The entries that are cores (two or more sites), built on first use.
    pub fn cores(&self) -> &[Core] {
        self.cores.get_or_init(|| {
            self.entries
                .iter()
                .filter_map(|(_, _, _, m)| Core::new(m))
                .collect()
        })
    }

    /// Whether a canonical SMILES is in stock.
    pub fn contains(&self, smiles: &str) -> bool {
        self.entries.iter().any(|(s, _, _, _)| s == smiles)
    }

    /// The molecules, in file order.
    pub fn molecules(&self) -> impl Iterator<Item = (&str, &Molecule)> {
        self.entries
            .iter()
            .map(|(_, name, _, m)| (name.as_str(), m))
    }

    /// The molecules with their canonical SMILES, in file order.
    pub(crate) fn canonical(&self) -> impl Iterator<Item = (&str, &Molecule)> {
        self.entries.iter().map(|(s, _, _, m)| (s.as_str(), m))
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
    /// R-I (methyl iodide on a lactam or alkoxide).
    Iodide,
    /// Ar-F (SNAr with an alkoxide).
    Fluoride,
    /// R-OSO2CF3 (`CF3CH2OTf` for a trifluoroethyl).
    Triflate,
    /// R-CH=O from R-CH2-N.
    Aldehyde,
    /// R2C=O from R2CH-N.
    Ketone,
    /// R-C(=O)OH.
    Acid,
    /// CH2=CH-EWG from N-CH2-CH2-EWG: the Michael acceptor (acrylonitrile, an acrylate).
    Alkene,
    /// Ar-OH: the phenol of a Mitsunobu aryl ether (the alcohol's C-O bond is the one made).
    Phenol,
    /// R-N=C=O from R-NH-C(=O)-N.
    Isocyanate,
    /// `Boc2O` for a Boc group.
    BocAnhydride,
    /// `TMS-NCO` for a primary urea R2N-C(=O)NH2.
    SilylIsocyanate,
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

/// A move that makes the core ring (`data/ring_moves.tsv`).
#[derive(Clone, Debug)]
pub struct RingMove {
    /// Name (`schmidt`).
    pub name: String,
    /// The size of the ring it leads to.
    pub size: usize,
    /// Whether a stock molecule the pattern matches starts the search.
    pub starts: bool,
    /// What the state must hold.
    pub pattern: Pattern,
    /// The core it makes (canonical SMILES, core nitrogens bare).
    pub makes: String,
    /// The agents (canonical components).
    pub agents: Vec<String>,
}

/// A group a co-reactant carries masked, and its unmasking (`data/masks.tsv`).
#[derive(Clone, Debug)]
pub struct Mask {
    /// Name (`nitro-reduction`).
    pub name: String,
    /// Masks the group on a co-reactant (applied at every match).
    pub mask: Template,
    /// The masked group, as found on a state's extra substituent.
    pub masked: Pattern,
    /// The agents that unmask it.
    pub agents: Vec<String>,
}

/// Which states an install variant is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Same {
    /// The target has the same substituent on both nitrogens.
    Yes,
    /// It has not.
    No,
    /// Either.
    Any,
}

/// One way to run an install (`data/install_variants.tsv`).
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Name (`shield`, `excess`, `as-written`, `both`).
    pub name: String,
    /// Free core nitrogens of the state.
    pub free: usize,
    /// Whether the one free site must be a primary amine (`primary` in the file: an excess
    /// of the amine against its dialkylation).
    pub primary: bool,
    /// Whether the variant is for a state with three or more free sites that all take the
    /// same group (`all` in the file); its equivalents are then per site.
    pub all_sites: bool,
    /// Whether the substituent is wanted on both.
    pub same: Same,
    /// Equivalents of co-reactant.
    pub equivalents: f64,
    /// Equivalents of acid first.
    pub acid: f64,
}

/// The weights of a route's cost (`data/costs.tsv`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Costs {
    /// Per step.
    pub step: f64,
    /// Per warning.
    pub warning: f64,
    /// The lowest yield counted.
    pub yield_floor: f64,
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
    /// Ring-forming moves.
    pub ring_moves: Vec<RingMove>,
    /// Masked groups.
    pub masks: Vec<Mask>,
    /// Install variants, in the order they are tried.
    pub variants: Vec<Variant>,
    /// Cost weights.
    pub costs: Costs,
}

/// The move tables besides the protecting groups and disconnections, as text.
#[derive(Clone, Copy, Debug)]
pub struct MoveTables<'t> {
    /// `ring_moves.tsv`.
    pub ring_moves: &'t str,
    /// `masks.tsv`.
    pub masks: &'t str,
    /// `install_variants.tsv`.
    pub variants: &'t str,
    /// `costs.tsv`.
    pub costs: &'t str,
}

impl MoveTables<'static> {
    /// The tables shipped in the crate.
    pub fn standard() -> Self {
        MoveTables {
            ring_moves: include_str!("../data/ring_moves.tsv"),
            masks: include_str!("../data/masks.tsv"),
            variants: include_str!("../data/install_variants.tsv"),
            costs: include_str!("../data/costs.tsv"),
        }
    }
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
                MoveTables::standard(),
            )
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Reads the protecting-group, disconnection and move tables.
    pub fn parse(
        stock: Stock,
        groups: &str,
        disconnections: &str,
        tables: MoveTables<'_>,
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
                "iodide" => Leaving::Iodide,
                "fluoride" => Leaving::Fluoride,
                "triflate" => Leaving::Triflate,
                "silyl-isocyanate" => Leaving::SilylIsocyanate,
                "aldehyde" => Leaving::Aldehyde,
                "ketone" => Leaving::Ketone,
                "acid" => Leaving::Acid,
                "phenol" => Leaving::Phenol,
                "alkene" => Leaving::Alkene,
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
            ring_moves: ring_moves(tables.ring_moves)?,
            masks: masks(tables.masks)?,
            variants: variants(tables.variants)?,
            costs: costs(tables.costs)?,
        })
    }
}

fn pattern(file: &'static str, line: usize, text: &str) -> Result<Pattern, DataError> {
    Pattern::new(text).map_err(|e| error(file, line, format!("bad SMARTS `{text}`: {e}")))
}

fn yes_no(file: &'static str, line: usize, text: &str) -> Result<bool, DataError> {
    match text {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(error(
            file,
            line,
            format!("expected `yes` or `no`, not `{text}`"),
        )),
    }
}

/// Every row's last column is its source; none may be empty.
fn sourced<'t>(
    file: &'static str,
    text: &'t str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'t str>)>, DataError> {
    let found = rows(file, text, columns)?;
    for (line, fields) in &found {
        if fields[columns - 1].is_empty() {
            return Err(error(file, *line, "every row needs its source"));
        }
    }
    Ok(found)
}

fn ring_moves(text: &str) -> Result<Vec<RingMove>, DataError> {
    const FILE: &str = "ring_moves.tsv";
    let mut out = Vec::new();
    for (line, f) in sourced(FILE, text, 7)? {
        out.push(RingMove {
            name: f[0].to_string(),
            size: f[1]
                .parse()
                .map_err(|_| error(FILE, line, format!("`{}` is not a ring size", f[1])))?,
            starts: yes_no(FILE, line, f[2])?,
            pattern: pattern(FILE, line, f[3])?,
            makes: molecule(FILE, line, f[4])?.to_string(),
            agents: components(FILE, line, f[5])?,
        });
    }
    Ok(out)
}

fn masks(text: &str) -> Result<Vec<Mask>, DataError> {
    const FILE: &str = "masks.tsv";
    let mut out = Vec::new();
    for (line, f) in sourced(FILE, text, 5)? {
        out.push(Mask {
            name: f[0].to_string(),
            mask: Template::new(f[1])
                .map_err(|e| error(FILE, line, format!("bad template `{}`: {e}", f[1])))?,
            masked: pattern(FILE, line, f[2])?,
            agents: components(FILE, line, f[3])?,
        });
    }
    Ok(out)
}

fn variants(text: &str) -> Result<Vec<Variant>, DataError> {
    const FILE: &str = "install_variants.tsv";
    let mut out = Vec::new();
    for (line, f) in sourced(FILE, text, 6)? {
        let (free, primary, all_sites) = match f[1] {
            "1" => (1, false, false),
            "2" => (2, false, false),
            "primary" => (1, true, false),
            "all" => (2, false, true),
            other => {
                return Err(error(
                    FILE,
                    line,
                    format!("`{other}` free nitrogens: 1, 2, primary or all"),
                ));
            }
        };
        let same = match f[2] {
            "yes" => Same::Yes,
            "no" => Same::No,
            "any" => Same::Any,
            other => {
                return Err(error(
                    FILE,
                    line,
                    format!("expected yes, no or any, not `{other}`"),
                ));
            }
        };
        let equivalents = number(FILE, line, f[3])?;
        let acid = number(FILE, line, f[4])?;
        if !(equivalents > 0.0 && acid >= 0.0) {
            return Err(error(
                FILE,
                line,
                "eq must be above 0 and acid not negative",
            ));
        }
        out.push(Variant {
            name: f[0].to_string(),
            free,
            primary,
            all_sites,
            same,
            equivalents,
            acid,
        });
    }
    Ok(out)
}

fn costs(text: &str) -> Result<Costs, DataError> {
    const FILE: &str = "costs.tsv";
    let mut values: [Option<f64>; 3] = [None; 3];
    const NAMES: [&str; 3] = ["step", "warning", "yield-floor"];
    for (line, f) in sourced(FILE, text, 3)? {
        let Some(slot) = NAMES.iter().position(|n| *n == f[0]) else {
            return Err(error(FILE, line, format!("unknown weight `{}`", f[0])));
        };
        let value = number(FILE, line, f[1])?;
        if !(value.is_finite() && value >= 0.0) || values[slot].replace(value).is_some() {
            return Err(error(
                FILE,
                line,
                format!("`{}` must be given once, not negative", f[0]),
            ));
        }
    }
    let get =
        |i: usize| values[i].ok_or_else(|| error(FILE, 0, format!("`{}` is missing", NAMES[i])));
    Ok(Costs {
        step: get(0)?,
        warning: get(1)?,
        yield_floor: get(2)?.max(f64::MIN_POSITIVE),
    })
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
        assert_eq!(
            data.stock.name("C[C@H]1CNCCN1"),
            Some("(S)-2-methylpiperazine")
        );
        let old_style = Stock::parse("# x\nC1CNCCN1 piperazine\n").unwrap();
        assert_eq!(old_style.name("C1CNCCN1"), Some("piperazine"));
        assert!(
            data.ring_moves
                .iter()
                .any(|m| m.name == "schmidt" && m.starts)
        );
        assert_eq!(data.masks.len(), 2);
        assert_eq!(data.variants.len(), 8);
        // `all`: every one of three or more free sites, eq per site.
        let all = data.variants.iter().find(|v| v.all_sites).unwrap();
        assert_eq!((all.name.as_str(), all.equivalents), ("all", 1.1));
        assert_eq!(data.costs.step, 0.05);
    }

    #[test]
    fn bad_move_rows_say_which_line() {
        let mut tables = MoveTables::standard();
        tables.variants = "# x\nshield\t3\tno\t1\t1\tsource\n";
        let stock = Stock::default();
        let error = PlannerData::parse(stock.clone(), "", "", tables).unwrap_err();
        assert_eq!((error.file, error.line), ("install_variants.tsv", 2));
        let mut tables = MoveTables::standard();
        tables.costs = "step\t0.1\t\n";
        let error = PlannerData::parse(stock.clone(), "", "", tables).unwrap_err();
        assert!(error.message.contains("source"), "{error}");
        let mut tables = MoveTables::standard();
        tables.ring_moves = "x\t7\tyes\tC(\tC\t-\tsource\n";
        let error = PlannerData::parse(stock, "", "", tables).unwrap_err();
        assert_eq!(error.file, "ring_moves.tsv");
    }
}

/// A core: a free polyfunctional scaffold with at least two sites (a stock molecule, or the
/// core a ring-forming move makes), and the pattern that finds it in a molecule. A **site** is
/// an N-H that is not an exocyclic amide N (amine NH, lactam NH) or an O-H on an sp3 carbon.
#[derive(Clone, Debug)]
pub struct Core {
    /// Canonical SMILES.
    pub smiles: String,
    /// The core read from its canonical SMILES: atom i is pattern atom i.
    pub molecule: Molecule,
    /// The core without stereo marks, as a pattern.
    pub pattern: Pattern,
}

impl Core {
    /// The core of `molecule`, when it has at least two sites.
    pub fn new(molecule: &Molecule) -> Option<Core> {
        if sites(molecule).len() < 2 {
            return None;
        }
        let smiles = molecule.to_string();
        // The pattern language reads no stereo marks: the pattern is the core without them
        // (the placement compares stereo on the cut molecule).
        let flat: String = smiles
            .chars()
            .filter(|c| *c != '@')
            .map(|c| if c == '/' || c == '\\' { '-' } else { c })
            .collect();
        let pattern = Pattern::new(&flat).ok()?;
        // The core as read from its canonical SMILES, so that its atom i is pattern atom i.
        let molecule: Molecule = smiles.parse().ok()?;
        (pattern.atom_count() == molecule.atom_count()).then_some(Core {
            molecule,
            smiles,
            pattern,
        })
    }
}

/// The sites of a free core.
pub fn sites(molecule: &Molecule) -> Vec<AtomId> {
    molecule
        .atoms()
        .filter(|(id, atom)| {
            atom.hydrogens() > 0
                && !atom.is_aromatic()
                && atom.charge() == 0
                && match atom.element() {
                    Element::N => !molecule.neighbors(*id).any(|(x, bond)| {
                        !bond.is_in_ring()
                            && molecule.neighbors(x).any(|(o, b)| {
                                b.order() == BondOrder::Double
                                    && matches!(molecule.atom(o).element(), Element::O | Element::S)
                            })
                    }),
                    Element::O => molecule.neighbors(*id).all(|(x, bond)| {
                        bond.order() == BondOrder::Single
                            && molecule
                                .neighbors(x)
                                .all(|(_, b)| b.order() == BondOrder::Single)
                            && !molecule.atom(x).is_aromatic()
                    }),
                    _ => false,
                }
        })
        .map(|(id, _)| id)
        .collect()
}
