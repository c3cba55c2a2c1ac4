//! The reagent library: names and aliases to canonical SMILES, and the conditions agents
//! create (`data/reagents.tsv`).

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
    /// Whether `name` names this reagent (case-insensitive, name or alias).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// The reagent library.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReagentLibrary {
    reagents: Vec<Reagent>,
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

impl ReagentLibrary {
    /// The library shipped in the crate.
    pub fn standard() -> Result<&'static ReagentLibrary, DataError> {
        static LIBRARY: OnceLock<Result<ReagentLibrary, DataError>> = OnceLock::new();
        LIBRARY
            .get_or_init(|| ReagentLibrary::parse(include_str!("../data/reagents.tsv")))
            .as_ref()
            .map_err(Clone::clone)
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
        Ok(ReagentLibrary { reagents })
    }

    /// Adds the entries of another library (later entries win on equal names).
    pub fn extend(&mut self, other: ReagentLibrary) {
        for reagent in other.reagents {
            self.reagents.retain(|r| r.name != reagent.name);
            self.reagents.push(reagent);
        }
    }

    /// Every entry.
    pub fn reagents(&self) -> &[Reagent] {
        &self.reagents
    }

    /// The entry with this name or alias.
    pub fn find(&self, name: &str) -> Option<&Reagent> {
        self.reagents.iter().find(|r| r.is_named(name))
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
        let mut out = Conditions::default();
        for reagent in order {
            loop {
                let mut taken = Vec::new();
                for component in &reagent.components {
                    let slot = left
                        .iter()
                        .enumerate()
                        .position(|(i, s)| *s == Some(component.as_str()) && !taken.contains(&i));
                    match slot {
                        Some(i) => taken.push(i),
                        None => break,
                    }
                }
                if taken.len() != reagent.components.len() || taken.is_empty() {
                    break;
                }
                for i in taken {
                    left[i] = None;
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
        let conditions = library.conditions(&agents("CC(C)O.[Pd]"));
        assert_eq!(conditions.unknown, ["CC(C)O"]);
        assert!(conditions.names.contains("palladium"));
    }
}
