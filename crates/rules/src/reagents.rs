//! The reagent library: names and aliases to canonical SMILES, and the conditions agents
//! create (`data/reagents.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use indexmap::IndexSet;
use regiochem_mol::Molecule;
use serde::Serialize;

use crate::data::{DataError, rows};

/// What a reagent does in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Joins the substrate (electrophile, aldehyde, aryl halide).
    CoReactant,
    /// Reagent, catalyst or additive: creates conditions.
    Agent,
    /// Solvent.
    Solvent,
}

/// One entry of the library.
#[derive(Clone, Debug, PartialEq)]
pub struct Reagent {
    /// Name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Canonical SMILES of the whole entry.
    pub smiles: String,
    /// Canonical SMILES of each component, sorted.
    pub components: Vec<String>,
    /// Role.
    pub role: Role,
    /// Conditions it creates.
    pub conditions: Vec<String>,
    /// A short note.
    pub note: String,
}

impl Reagent {
    /// Whether `name` names this reagent (name or alias, ignoring case, blanks and commas:
    /// `H2, Pd/C`, `H2,Pd/C` and `h2 pd/c` are one name).
    pub fn is_named(&self, name: &str) -> bool {
        let name = normalise(name);
        self.names().any(|n| normalise(n) == name)
    }

    /// The name, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A reagent name as compared: lower case, without blanks and commas.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Levenshtein distance between two strings, by characters, in O(|a|·|b|) time and O(|b|)
/// memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// A proton acceptor among the agents (`data/bases.tsv`): it takes part in the acid-base
/// shield's proton equilibrium by its conjugate acid's pKa.
#[derive(Clone, Debug, PartialEq)]
pub struct Base {
    /// The reagent's name in the library.
    pub reagent: String,
    /// pKa of the conjugate acid (water, 25 C).
    pub pka_h: f64,
    /// Equivalents a step charges when the route does not say.
    pub equivalents: f64,
    /// Where the values come from.
    pub source: String,
}

/// The reagent library.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReagentLibrary {
    reagents: Vec<Reagent>,
    /// Each entry's names as [`ReagentLibrary::find`] compares them (normalised), in entry
    /// order, so a look-up normalises only the name asked for.
    keys: Vec<Vec<String>>,
    bases: Vec<Base>,
}

/// An entry's names, normalised.
fn keys_of(reagent: &Reagent) -> Vec<String> {
    reagent.names().map(normalise).collect()
}

/// The conditions a set of agents creates.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Conditions {
    /// Condition names, in library order of the reagents that created them.
    pub names: IndexSet<String>,
    /// The reagents recognised, by name.
    pub reagents: Vec<String>,
    /// Agent components not in the library (canonical SMILES).
    pub unknown: Vec<String>,
}

impl Conditions {
    /// Whether every condition in `required` is present.
    pub fn satisfy(&self, required: &[String]) -> bool {
        required.iter().all(|c| self.names.contains(c))
    }
}

const REAGENTS_FILE: &str = "reagents.tsv";
const BASES_FILE: &str = "bases.tsv";

impl ReagentLibrary {
    /// The library shipped in the crate.
    pub fn standard() -> Result<&'static ReagentLibrary, DataError> {
        static LIBRARY: OnceLock<Result<ReagentLibrary, DataError>> = OnceLock::new();
        LIBRARY
            .get_or_init(|| {
                let mut library = ReagentLibrary::parse(include_str!("../data/reagents.tsv"))?;
                library.read_bases(include_str!("../data/bases.tsv"))?;
                Ok(library)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a bases file (`reagent`, `pka_h`, `equivalents`, `source`): every reagent in the
    /// library, every value a number and every row with its source.
    pub fn read_bases(&mut self, text: &str) -> Result<(), DataError> {
        for (line, fields) in rows(BASES_FILE, text, 4)? {
            let error = |message: String| DataError::new(BASES_FILE, line, message);
            if self.find(fields[0]).is_none() {
                return Err(error(format!(
                    "`{}` is not in the reagent library",
                    fields[0]
                )));
            }
            let number = |field: &str| -> Result<f64, DataError> {
                field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| error(format!("`{field}` is not a number")))
            };
            let pka_h = number(fields[1])?;
            let equivalents = number(fields[2])?;
            if equivalents < 0.0 {
                return Err(error("equivalents cannot be negative".into()));
            }
            if fields[3].is_empty() {
                return Err(error("every base needs its source".into()));
            }
            self.bases.push(Base {
                reagent: fields[0].to_string(),
                pka_h,
                equivalents,
                source: fields[3].to_string(),
            });
        }
        Ok(())
    }

    /// The base data of the reagent named `name`, if it is a base.
    pub fn base(&self, name: &str) -> Option<&Base> {
        self.bases.iter().find(|b| b.reagent == name)
    }

    /// Reads a reagent file.
    pub fn parse(text: &str) -> Result<ReagentLibrary, DataError> {
        let mut reagents = Vec::new();
        for (line, fields) in rows(REAGENTS_FILE, text, 6)? {
            let error = |message: String| DataError {
                file: REAGENTS_FILE,
                line,
                message,
            };
            let list = |field: &str| -> Vec<String> {
                if field == "-" {
                    Vec::new()
                } else {
                    field.split(',').map(|s| s.trim().to_string()).collect()
                }
            };
            let role = match fields[3] {
                "co-reactant" => Role::CoReactant,
                "agent" => Role::Agent,
                "solvent" => Role::Solvent,
                other => return Err(error(format!("unknown role `{other}`"))),
            };
            let components = canonical_components(fields[2])
                .map_err(|e| error(format!("bad SMILES `{}`: {e}", fields[2])))?;
            let smiles: Molecule = fields[2]
                .parse()
                .map_err(|e| error(format!("bad SMILES `{}`: {e}", fields[2])))?;
            reagents.push(Reagent {
                name: fields[0].to_string(),
                aliases: list(fields[1]),
                smiles: smiles.to_string(),
                components,
                role,
                conditions: list(fields[4]),
                note: fields[5].to_string(),
            });
        }
        Ok(ReagentLibrary {
            keys: reagents.iter().map(keys_of).collect(),
            reagents,
            bases: Vec::new(),
        })
    }

    /// Adds the entries of another library (later entries win on equal names).
    pub fn extend(&mut self, other: ReagentLibrary) {
        for reagent in other.reagents {
            self.reagents.retain(|r| r.name != reagent.name);
            self.reagents.push(reagent);
        }
        self.keys = self.reagents.iter().map(keys_of).collect();
    }

    /// Every entry.
    pub fn reagents(&self) -> &[Reagent] {
        &self.reagents
    }

    /// The entry with this name or alias, ignoring case, blanks and commas.
    pub fn find(&self, name: &str) -> Option<&Reagent> {
        let wanted = normalise(name);
        self.keys
            .iter()
            .position(|keys| keys.contains(&wanted))
            .map(|index| &self.reagents[index])
    }

    /// The names (or aliases) nearest to an unknown `name`, nearest first: at most `count`,
    /// each within an edit distance of a third of the name's length (at least 2), one per
    /// reagent (its nearest name).
    pub fn suggest(&self, name: &str, count: usize) -> Vec<&str> {
        // Names longer than this are not compared (the distance is quadratic in length).
        const LONGEST: usize = 64;
        let wanted = normalise(name);
        if wanted.is_empty() || wanted.chars().count() > LONGEST {
            return Vec::new();
        }
        let limit = (wanted.chars().count() / 3).max(2);
        let mut near: Vec<(usize, usize, &str)> = self
            .reagents
            .iter()
            .enumerate()
            .filter_map(|(index, reagent)| {
                reagent
                    .names()
                    .map(|n| (edit_distance(&wanted, &normalise(n)), n))
                    .filter(|(d, _)| *d <= limit)
                    .min_by_key(|(d, _)| *d)
                    .map(|(d, n)| (d, index, n))
            })
            .collect();
        near.sort_unstable();
        near.into_iter().take(count).map(|(_, _, n)| n).collect()
    }

    /// Every condition any reagent creates.
    pub fn condition_names(&self) -> IndexSet<&str> {
        self.reagents
            .iter()
            .flat_map(|r| r.conditions.iter().map(String::as_str))
            .collect()
    }

    /// The entry whose whole SMILES is `canonical`, if any.
    pub fn by_smiles(&self, canonical: &str) -> Option<&Reagent> {
        self.reagents.iter().find(|r| r.smiles == canonical)
    }

    /// The conditions created by agents given as canonical component SMILES (a multiset).
    /// Multi-component entries are matched first, largest first; what no entry explains is
    /// reported as unknown.
    pub fn conditions(&self, agents: &[String]) -> Conditions {
        let mut left: Vec<Option<&str>> = agents.iter().map(|s| Some(s.as_str())).collect();
        let mut order: Vec<&Reagent> = self
            .reagents
            .iter()
            .filter(|r| r.role != Role::CoReactant)
            .collect();
        order.sort_by_key(|r| std::cmp::Reverse(r.components.len()));
        // Where each agent SMILES is still unexplained, latest first (so `pop` takes the
        // earliest): each match is a lookup per component, not a scan of every agent.
        let mut pool: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, agent) in agents.iter().enumerate().rev() {
            pool.entry(agent.as_str()).or_default().push(i);
        }
        let mut out = Conditions::default();
        for reagent in order {
            let mut need: Vec<(&str, usize)> = Vec::new();
            for component in &reagent.components {
                match need.iter_mut().find(|(c, _)| *c == component.as_str()) {
                    Some(entry) => entry.1 += 1,
                    None => need.push((component.as_str(), 1)),
                }
            }
            if need.is_empty() {
                continue;
            }
            loop {
                let available = need
                    .iter()
                    .all(|(c, k)| pool.get(c).is_some_and(|at| at.len() >= *k));
                if !available {
                    break;
                }
                for (c, k) in &need {
                    if let Some(at) = pool.get_mut(c) {
                        for _ in 0..*k {
                            if let Some(i) = at.pop() {
                                left[i] = None;
                            }
                        }
                    }
                }
                if !out.reagents.contains(&reagent.name) {
                    out.reagents.push(reagent.name.clone());
                }
                out.names.extend(reagent.conditions.iter().cloned());
            }
        }
        out.unknown = left.into_iter().flatten().map(str::to_string).collect();
        out
    }
}

/// Canonical SMILES of each component of `smiles`, each written on its own (a component's
/// canonical string must not depend on what else is in the mixture), sorted.
pub fn canonical_components(smiles: &str) -> Result<Vec<String>, String> {
    let molecule: Molecule = smiles.parse().map_err(|e| format!("{e}"))?;
    let mut parts: Vec<String> = molecule
        .components()
        .iter()
        .map(Molecule::to_string)
        .collect();
    parts.sort();
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agents(smiles: &str) -> Vec<String> {
        canonical_components(smiles).unwrap()
    }

    #[test]
    fn the_standard_library_loads() {
        let library = ReagentLibrary::standard().unwrap();
        assert!(library.find("boc2o").is_some());
        assert!(library.find("Pearlman").is_some());
        assert_eq!(
            library.find("TFA").unwrap().smiles,
            "O=C(O)C(F)(F)F".parse::<Molecule>().unwrap().to_string()
        );
    }

    #[test]
    fn hydrogen_and_palladium_make_hydrogenolysis() {
        let library = ReagentLibrary::standard().unwrap();
        let conditions = library.conditions(&agents("[H][H].[Pd].CO"));
        assert!(conditions.names.contains("hydrogenolysis"));
        assert!(!conditions.names.contains("palladium"));
        assert!(conditions.unknown.is_empty());
        let pearlman = library.conditions(&agents("[H][H].[OH][Pd][OH].CO.CC(=O)O"));
        assert!(pearlman.names.contains("pearlman"));
    }

    #[test]
    fn salts_are_matched_with_their_counter_ions() {
        let library = ReagentLibrary::standard().unwrap();
        let conditions = library.conditions(&agents("O=C([O-])[O-].[K+].[K+].CC#N"));
        assert_eq!(conditions.reagents, ["K2CO3", "MeCN"]);
        assert!(conditions.unknown.is_empty());
    }

    #[test]
    fn unknown_agents_are_reported() {
        let library = ReagentLibrary::standard().unwrap();
        let conditions = library.conditions(&agents("CC(C)(C)OO.[Pd]"));
        assert_eq!(conditions.unknown, ["CC(C)(C)OO"]);
        assert!(conditions.names.contains("palladium"));
    }

    #[test]
    fn bases_carry_their_pka_and_a_source() {
        let library = ReagentLibrary::standard().unwrap();
        let et3n = library.base("Et3N").unwrap();
        assert_eq!(et3n.pka_h, 10.75);
        assert!(library.base("pyridine").unwrap().pka_h < 6.0);
        assert!(library.base("TFA").is_none());
        let mut bad = library.clone();
        assert!(bad.read_bases("Et3N\t10.75\t1.5\t\n").is_err());
        assert!(bad.read_bases("unobtainium\t10\t1\tx\n").is_err());
    }

    #[test]
    fn names_match_ignoring_case_blanks_and_commas() {
        let library = ReagentLibrary::standard().unwrap();
        let h2 = library.find("H2, Pd/C").unwrap();
        assert_eq!(library.find("H2,Pd/C"), Some(h2));
        assert_eq!(library.find("h2 pd/c"), Some(h2));
        assert!(library.find("h2 pd").is_none());
    }

    #[test]
    fn unknown_names_get_the_nearest_suggestions() {
        let library = ReagentLibrary::standard().unwrap();
        assert_eq!(library.suggest("Boc20", 3).first(), Some(&"Boc2O"));
        assert!(library.suggest("completely-unrelated-thing", 3).is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
