//! The outcome model: what one step gives (DESIGN.md section 3).
//!
//! A step is a substrate, co-reactants, agents (which create conditions), equivalents of
//! co-reactant and of strong acid added first. Prediction runs in three phases:
//!
//! 1. **Exhaustive rules** (deprotections, reductions, side reactions) whose conditions hold
//!    are applied to the substrate at every match until none is left.
//! 2. **Single-reactant `once` rules** (ring expansion, cyclisation) give one product per
//!    distinct outcome, weighted by how many matches lead to it.
//! 3. **Couplings** (two-reactant rules whose conditions hold and whose second pattern matches
//!    a co-reactant) build a reaction network from the substrate: every nucleophilic site of
//!    every species is a channel whose rate is the rule's rate times the site's
//!    nucleophilicity and steric factor. [`crate::kinetics`] runs it to the end with the
//!    acid-base shield ([`crate::shield`]).
//!
//! Checks (patterns under conditions) and the rules that fired add findings. Fractions are on
//! the substrate basis and sum to one with the unreacted fraction.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use regiochem_mol::{Match, Molecule};
use serde::Serialize;

use crate::data::{DataError, round};
use crate::error::RulesError;
use crate::evaluate::Judging;
use crate::finding::{Finding, FindingCode, Severity};
use crate::kinetics::{Channel, Charge, Network, Species};
use crate::ranges::OperatingRanges;
use crate::reagents::{Base, Conditions, ReagentLibrary};
use crate::ruleset::{Mode, Rule, RuleSet, Target};
use crate::shield::{self, Protonation};
use crate::sites::{SiteClass, SiteModel, classify};
use crate::step::Step;
use crate::yields::IsolatedYields;

/// A product and how much of it forms.
#[derive(Clone, Debug, Serialize)]
pub struct Product {
    /// Canonical SMILES.
    pub smiles: String,
    /// Fraction on the substrate basis.
    pub fraction: f64,
    /// Fraction of the limiting reagent that ends here (the substrate, or the co-reactant
    /// when less than one equivalent is used).
    #[serde(rename = "yield")]
    pub yield_on_limiting: f64,
    /// Which sites of the substrate reacted (`N1`, `N4`, `N1,N4`).
    pub sites: String,
    /// Co-reactant units taken up.
    #[serde(skip)]
    pub units: u32,
    /// The molecule.
    #[serde(skip)]
    pub molecule: Molecule,
}

/// What a step gives.
#[derive(Clone, Debug, Serialize)]
pub struct Prediction {
    /// Canonical SMILES of the substrate.
    pub substrate: String,
    /// The conditions the agents create, and `acid-base-shield` when the step's acid is bound
    /// as the ammonium salt.
    pub conditions: Vec<String>,
    /// Equivalents of strong acid added before the co-reactant (the step's `acid=`).
    pub acid: f64,
    /// Equivalents of co-reactant per substrate (the step's `eq=`).
    pub equivalents: f64,
    /// The step's options as a route line writes them (`acid=1 temp=0..25`; empty for none).
    pub options: String,
    /// Reagents recognised among the agents.
    pub reagents: Vec<String>,
    /// Products, most abundant first.
    pub products: Vec<Product>,
    /// Fraction of substrate left.
    pub unreacted: f64,
    /// Co-reactant consumed per substrate.
    pub consumed: f64,
    /// What the model finds can go wrong (the evaluator adds its judgement to these in
    /// [`crate::evaluate::StepOutcome::findings`], which is what reports show).
    #[serde(skip)]
    pub findings: Vec<Finding>,
    /// Practical notes of the rules that fired.
    pub notes: Vec<String>,
    /// The rules that fired, in order.
    pub rules: Vec<String>,
}

impl Prediction {
    /// The most abundant product, if any.
    pub fn major(&self) -> Option<&Product> {
        self.products.first()
    }

    /// The worst severity among the findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// The rules, reagents, site model and judging thresholds a prediction uses. Build the
/// standard one with [`Engine::standard`] (and [`Engine::with_rules`] for `--rules FILE`).
#[derive(Clone, Copy, Debug)]
pub struct Engine<'a> {
    /// Rules and checks.
    pub rules: &'a RuleSet,
    /// Reagents.
    pub reagents: &'a ReagentLibrary,
    /// Site model.
    pub sites: &'a SiteModel,
    /// Judging thresholds.
    pub judging: &'a Judging,
    /// Where the rules work (temperature, concentration).
    pub ranges: &'a OperatingRanges,
    /// Typical isolated yields.
    pub yields: &'a IsolatedYields,
}

/// Why the shipped data does not load (a broken data file in the build).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// `data/rules.txt`.
    #[error("the shipped rules do not load: {0}")]
    Rules(#[from] RulesError),
    /// A table of `data/`.
    #[error("the shipped data do not load: {0}")]
    Data(#[from] DataError),
}

impl Engine<'static> {
    /// The engine of the shipped data: `data/rules.txt`, `reagents.tsv`, `sites.tsv` and
    /// `judging.tsv`, each read once per process. This is the one place they are put together.
    pub fn standard() -> Result<Engine<'static>, LoadError> {
        Ok(Engine {
            rules: RuleSet::standard()?,
            reagents: ReagentLibrary::standard()?,
            sites: SiteModel::standard()?,
            judging: Judging::standard()?,
            ranges: OperatingRanges::standard()?,
            yields: IsolatedYields::standard()?,
        })
    }
}

impl<'a> Engine<'a> {
    /// The same engine with another rule library (the standard one extended by a file).
    pub fn with_rules<'b>(self, rules: &'b RuleSet) -> Engine<'b>
    where
        'a: 'b,
    {
        Engine { rules, ..self }
    }
}

/// Substrate molecules at most this many atoms get exhaustive rules applied this many times.
const EXHAUSTIVE_LIMIT: usize = 64;
/// The reaction network stops growing at this many species.
const MAX_SPECIES: usize = 64;
/// Amounts below this are not reported as products.
const TRACE: f64 = 1e-4;

/// A molecule and, for each of its atoms, the substrate atom it came from.
#[derive(Clone, Debug)]
struct Tracked {
    molecule: Molecule,
    origin: Vec<Option<usize>>,
}

impl Tracked {
    fn new(molecule: Molecule) -> Self {
        let origin = (0..molecule.atom_count()).map(Some).collect();
        Tracked { molecule, origin }
    }

    /// The next state after a transformation whose atom map is `kept` (old index to new).
    fn follow(&self, molecule: Molecule, kept: &[Option<usize>]) -> Tracked {
        let mut origin = vec![None; molecule.atom_count()];
        for (old, new) in kept.iter().enumerate() {
            if let (Some(new), Some(from)) = (new, self.origin.get(old)) {
                if let Some(slot) = origin.get_mut(*new) {
                    *slot = *from;
                }
            }
        }
        Tracked { molecule, origin }
    }
}

impl Engine<'_> {
    /// Predicts the outcome of `step`.
    pub fn predict(&self, step: &Step) -> Prediction {
        let mut conditions = self.reagents.conditions(&step.agents);
        let mut report = Report::default();
        if let Some(name) = &step.solvent {
            self.add_solvent(name, &mut conditions, &mut report);
        }
        let substrate_sites = self.sites.perceive(&step.substrate);
        let basic = substrate_sites
            .iter()
            .filter(|s| s.pka.is_some_and(|p| p > 0.0))
            .count();
        if step.acid > 0.0 && step.acid <= basic as f64 + 0.5 {
            // The acid is bound as the ammonium salt: it shields, it does not deprotect.
            conditions.names.shift_remove("acid");
        } else if step.acid > 0.0 {
            conditions.names.insert("acid".to_string());
        }
        if step.acid > basic as f64 + 0.5 && !step.co_reactants.is_empty() {
            report.finding(
                Severity::Fail,
                FindingCode::Stoichiometry,
                format!(
                    "{} eq of strong acid protonates all {basic} basic nitrogens: nothing is left free to react (the shield wants 1 eq)",
                    step.acid
                ),
            );
        }
        for unknown in &conditions.unknown {
            report.finding(
                Severity::Warn,
                FindingCode::UnknownAgent,
                format!("agent {unknown} is not in the reagent library; it creates no condition"),
            );
        }
        self.run_checks(step, &conditions, &mut report);
        let bases = self.bases(&conditions);
        if step.acid > 0.0 && !step.co_reactants.is_empty() {
            self.judge_shield_bases(step, &bases, &mut report);
            self.note_shield_solvent(&conditions, &mut report);
        }

        let label = |origin: usize| -> Option<&str> {
            substrate_sites
                .iter()
                .find(|s| s.atom == origin)
                .map(|s| s.label.as_str())
        };
        let start = Tracked::new(step.substrate.clone());
        let (current, touched, changed) = self.exhaustive(start, &conditions, &mut report);
        let mut products = Vec::new();
        let mut unreacted = 1.0;
        let mut consumed = 0.0;

        let once = self.once_rules(&current, &conditions, &mut report);
        let couplings = if step.co_reactants.is_empty() {
            None
        } else {
            self.couple(&current, step, &conditions, &bases, &mut report)
        };
        if let Some(network) = couplings {
            unreacted = network.amounts[0];
            consumed = network.consumed;
            for (index, species) in network.species.iter().enumerate().skip(1) {
                let amount = network.amounts[index];
                if amount < TRACE {
                    continue;
                }
                let mut sites: BTreeSet<usize> = touched.clone();
                sites.extend(species.reacted.iter().copied());
                products.push(self.product(
                    &species.state.molecule,
                    amount,
                    species.units,
                    &sites,
                    &label,
                    step,
                ));
            }
            self.judge_coupling(&network, step, &mut report);
        } else if let Some(outcomes) = once {
            unreacted = 0.0;
            for (tracked, fraction, sites) in outcomes {
                let mut all = touched.clone();
                all.extend(sites);
                products.push(self.product(&tracked.molecule, fraction, 0, &all, &label, step));
            }
        } else if changed {
            unreacted = 0.0;
            products.push(self.product(&current.molecule, 1.0, 0, &touched, &label, step));
        }
        if products.is_empty() && report.rules.is_empty() {
            let needs = self.unmet_conditions(step, &current.molecule, &conditions);
            let names: Vec<&str> = conditions.names.iter().map(String::as_str).collect();
            let mut message = if names.is_empty() {
                "no rule applies: nothing here reacts with this substrate".to_string()
            } else {
                format!(
                    "nothing under {} reacts with this substrate",
                    names.join(", ")
                )
            };
            if !needs.is_empty() {
                message.push_str(&format!(" ({})", needs.join("; ")));
            }
            report.finding(Severity::Fail, FindingCode::NoReaction, message);
        }
        for finding in self.ranges.judge(step, &report.rules) {
            report.push(finding);
        }
        products.sort_by(|a, b| {
            b.fraction
                .total_cmp(&a.fraction)
                .then_with(|| a.smiles.cmp(&b.smiles))
        });
        let mut used: Vec<String> = conditions.names.iter().cloned().collect();
        if step.acid > 0.0 && !conditions.names.contains("acid") {
            used.push("acid-base-shield".to_string());
        }
        Prediction {
            substrate: step.substrate.to_string(),
            conditions: used,
            acid: step.acid,
            equivalents: step.equivalents,
            options: step.options(),
            reagents: conditions.reagents.clone(),
            products,
            unreacted: round(unreacted, 4),
            consumed: round(consumed, 4),
            findings: report.findings,
            notes: report.notes,
            rules: report.rules,
        }
    }

    /// The proton acceptors among the recognised reagents (`data/bases.tsv`).
    fn bases<'r>(&'r self, conditions: &Conditions) -> Vec<&'r Base> {
        conditions
            .reagents
            .iter()
            .filter_map(|name| self.reagents.base(name))
            .collect()
    }

    /// A base added with a shield's acid takes its share of the protons by its pKa: the share
    /// of the acid it binds at the start, in equilibrium with the substrate's amines, is the
    /// share of the diamine it sets free (`incompatible-base`).
    fn judge_shield_bases(&self, step: &Step, bases: &[&Base], report: &mut Report) {
        if bases.is_empty() {
            return;
        }
        let sites = self.sites.perceive(&step.substrate);
        let (protonation, _) = self.sites.protonation(&step.substrate, &sites);
        let mut microstates = vec![protonation.prepare()];
        let mut amounts = vec![1.0];
        for base in bases {
            microstates.push(
                Protonation {
                    pka: vec![base.pka_h],
                    interactions: Vec::new(),
                }
                .prepare(),
            );
            amounts.push(base.equivalents);
        }
        let Some(ph) = shield::equilibrate(&microstates, &amounts, step.acid, 7.0) else {
            return;
        };
        let taken: f64 = microstates
            .iter()
            .zip(&amounts)
            .skip(1)
            .map(|(m, x)| x * m.moments(ph).0)
            .sum();
        let share = taken / step.acid;
        let judging = self.judging;
        let severity = if share > judging.shield_base_fail {
            Severity::Fail
        } else if share > judging.shield_base_warn {
            Severity::Warn
        } else {
            return;
        };
        let names: Vec<String> = bases
            .iter()
            .map(|b| format!("{} (pKaH {}, {} eq)", b.reagent, b.pka_h, b.equivalents))
            .collect();
        report.finding(
            severity,
            FindingCode::IncompatibleBase,
            format!(
                "{} takes {:.0} % of the {} eq acid of the acid-base shield: that share of the diamine is free again and reacts statistically. Leave the base out of the shield step (add it, if needed, only after the co-reactant has reacted)",
                names.join(" and "),
                100.0 * share,
                step.acid
            ),
        );
    }

    /// The shield's monohydrochloride is made in dry methanol (seed 004 protocol A); a step
    /// that then runs in another solvent must say that the methanol is swapped out.
    fn note_shield_solvent(&self, conditions: &Conditions, report: &mut Report) {
        if conditions.names.contains("protic-solvent") {
            return;
        }
        let others: Vec<&str> = conditions
            .reagents
            .iter()
            .filter(|name| {
                self.reagents
                    .find(name)
                    .is_some_and(|r| r.role == crate::reagents::Role::Solvent)
            })
            .map(String::as_str)
            .collect();
        if let Some(solvent) = others.first() {
            report.finding(
                Severity::Info,
                FindingCode::IncompatibleSolvent,
                format!(
                    "the shield's monohydrochloride is made with HCl in dry MeOH (seed 004 protocol A): evaporate the MeOH and take the salt up in {solvent} before the co-reactant goes in"
                ),
            );
        }
    }

    /// Adds the conditions of the step's stated solvent (`solvent=`, a name or a SMILES).
    fn add_solvent(&self, name: &str, conditions: &mut Conditions, report: &mut Report) {
        let known = self.reagents.find(name).or_else(|| {
            name.parse::<Molecule>()
                .ok()
                .and_then(|m| self.reagents.by_smiles(&m.to_string()))
        });
        match known {
            Some(solvent) => {
                if !conditions.reagents.contains(&solvent.name) {
                    conditions.reagents.push(solvent.name.clone());
                }
                conditions.names.extend(solvent.conditions.iter().cloned());
            }
            None => report.finding(
                Severity::Info,
                FindingCode::UnknownAgent,
                format!("solvent {name} is not in the reagent library; it is not judged"),
            ),
        }
    }

    fn product<'a>(
        &self,
        molecule: &Molecule,
        fraction: f64,
        units: u32,
        sites: &BTreeSet<usize>,
        label: &impl Fn(usize) -> Option<&'a str>,
        step: &Step,
    ) -> Product {
        let mut labels: Vec<&str> = sites.iter().filter_map(|&a| label(a)).collect();
        labels.sort_by_key(|l| (l.len(), l.to_string()));
        labels.dedup();
        let limiting = if units > 0 {
            step.equivalents.min(1.0)
        } else {
            1.0
        };
        Product {
            smiles: molecule.to_string(),
            fraction: round(fraction, 4),
            yield_on_limiting: round((fraction / limiting.max(1e-12)).min(1.0), 4),
            sites: labels.join(","),
            units,
            molecule: molecule.clone(),
        }
    }

    /// Findings from checks on the substrate and co-reactants.
    fn run_checks(&self, step: &Step, conditions: &Conditions, report: &mut Report) {
        for check in self.rules.checks() {
            if !conditions.satisfy(&check.when)
                || check.unless.iter().any(|c| conditions.names.contains(c))
            {
                continue;
            }
            let fires = match (&check.pattern, check.on) {
                (None, Target::Substrate) => true,
                (None, Target::CoReactant) => !step.co_reactants.is_empty(),
                (Some(pattern), Target::Substrate) => step.substrate.has_match(pattern),
                (Some(pattern), Target::CoReactant) => {
                    step.co_reactants.iter().any(|c| c.has_match(pattern))
                }
            };
            if fires {
                let (code, severity) = check.finding;
                report.push(Finding::by_rule(
                    severity,
                    code,
                    check.message.clone(),
                    &check.name,
                ));
                report.notes(&check.notes);
            }
        }
    }

    fn active<'r>(&'r self, conditions: &'r Conditions) -> impl Iterator<Item = &'r Rule> + 'r {
        self.rules
            .rules()
            .iter()
            .filter(move |r| conditions.satisfy(&r.when))
    }

    /// Phase 1: exhaustive single-reactant rules, repeated until nothing changes. Returns the
    /// final state, the substrate nitrogens that changed and whether anything did.
    fn exhaustive(
        &self,
        start: Tracked,
        conditions: &Conditions,
        report: &mut Report,
    ) -> (Tracked, BTreeSet<usize>, bool) {
        let mut current = start;
        let mut changed = false;
        let mut touched = BTreeSet::new();
        let rules: Vec<&Rule> = self
            .active(conditions)
            .filter(|r| {
                r.mode == Mode::Exhaustive && r.template.reactant_count() == 1 && !r.when.is_empty()
            })
            .collect();
        for rule in rules {
            let mut fired = false;
            for _ in 0..EXHAUSTIVE_LIMIT {
                let Some(pattern) = rule.template.reactant_pattern(0) else {
                    break;
                };
                let Some(found) = current.molecule.matches(pattern).into_iter().next() else {
                    break;
                };
                let Ok((molecule, kept)) =
                    rule.template.apply_traced(&[(&current.molecule, &found)])
                else {
                    break;
                };
                touched.extend(self.nitrogen_origins(rule, &current, &found));
                current = current.follow(molecule, &kept);
                fired = true;
            }
            if fired {
                report.fired(rule);
                changed = true;
            }
        }
        (current, touched, changed)
    }

    /// Substrate indices of the nitrogens a rule kept and changed (mapped in its first
    /// reactant pattern); nitro and nitrile nitrogens are groups, not sites.
    fn nitrogen_origins(&self, rule: &Rule, state: &Tracked, found: &Match) -> Vec<usize> {
        let Some(pattern) = rule.template.reactant_pattern(0) else {
            return Vec::new();
        };
        found
            .atoms()
            .iter()
            .enumerate()
            .filter(|(i, _)| pattern.map_number(*i).is_some())
            .map(|(_, a)| *a)
            .filter(|a| state.molecule.atom(*a).element() == regiochem_mol::Element::N)
            .filter(|a| {
                !matches!(
                    classify(&state.molecule, *a),
                    SiteClass::Nitro | SiteClass::Nitrile
                )
            })
            .filter_map(|a| state.origin.get(a.index()).copied().flatten())
            .collect()
    }

    /// Phase 2: single-reactant `once` rules. Each distinct product gets the share of the
    /// matches that lead to it.
    fn once_rules(
        &self,
        current: &Tracked,
        conditions: &Conditions,
        report: &mut Report,
    ) -> Option<Vec<(Tracked, f64, BTreeSet<usize>)>> {
        let mut outcomes: IndexMap<String, (Tracked, f64, BTreeSet<usize>)> = IndexMap::new();
        let mut total = 0.0;
        for rule in self.active(conditions).filter(|r| {
            r.mode == Mode::Once && r.template.reactant_count() == 1 && !r.when.is_empty()
        }) {
            let Some(pattern) = rule.template.reactant_pattern(0) else {
                continue;
            };
            let mut fired = false;
            for found in current.molecule.all_matches(pattern) {
                let Ok((molecule, kept)) =
                    rule.template.apply_traced(&[(&current.molecule, &found)])
                else {
                    continue;
                };
                let next = current.follow(molecule, &kept);
                let key = next.molecule.to_string();
                let sites: BTreeSet<usize> = self
                    .nitrogen_origins(rule, current, &found)
                    .into_iter()
                    .collect();
                let entry = outcomes.entry(key).or_insert((next, 0.0, BTreeSet::new()));
                entry.1 += 1.0;
                entry.2.extend(sites);
                total += 1.0;
                fired = true;
            }
            if fired {
                report.fired(rule);
            }
        }
        if outcomes.is_empty() {
            return None;
        }
        Some(
            outcomes
                .into_values()
                .map(|(t, n, s)| (t, n / total, s))
                .collect(),
        )
    }

    /// Phase 3: the coupling network and its solution.
    fn couple(
        &self,
        current: &Tracked,
        step: &Step,
        conditions: &Conditions,
        bases: &[&Base],
        report: &mut Report,
    ) -> Option<Solved> {
        let rules: Vec<&Rule> = self
            .active(conditions)
            .filter(|r| r.template.reactant_count() == 2)
            .collect();
        // Which co-reactant matches each rule's second pattern, and where.
        let partners: Vec<Partner<'_>> = rules
            .iter()
            .map(|rule| {
                let found = step
                    .co_reactants
                    .iter()
                    .map(|c| (c, rule.template.matches(1, c)))
                    .filter(|(_, m)| !m.is_empty())
                    .collect();
                (*rule, found)
            })
            .filter(|(_, found): &(&Rule, Vec<_>)| !found.is_empty())
            .collect();
        if partners.is_empty() {
            return None;
        }
        let mut states: Vec<SpeciesState> = vec![SpeciesState {
            state: current.clone(),
            units: 0,
            reacted: BTreeSet::new(),
            made_by: BTreeSet::new(),
        }];
        let mut keys: IndexMap<String, usize> = IndexMap::new();
        keys.insert(current.molecule.to_string(), 0);
        let mut network = Network::default();
        let mut beta = None;
        let mut fired: Vec<&Rule> = Vec::new();
        let mut truncated = false;
        let mut index = 0;
        while index < states.len() {
            let molecule = states[index].state.molecule.clone();
            let sites = self.sites.perceive(&molecule);
            let (protonation, basic) = self.sites.protonation(&molecule, &sites);
            let mut channels = Vec::new();
            let mut discovered: Vec<SpeciesState> = Vec::new();
            for (rule, found) in &partners {
                let Some(pattern) = rule.template.reactant_pattern(0) else {
                    continue;
                };
                let mut seen_sites = Vec::new();
                for nucleophile in molecule.all_matches(pattern) {
                    let Some(&atom) = nucleophile.atoms().first() else {
                        continue;
                    };
                    if seen_sites.contains(&atom) {
                        continue;
                    }
                    seen_sites.push(atom);
                    // Only the substrate's own nitrogens are sites: an amine that came in with
                    // a co-reactant is the unstable-reagent check's business, not a channel.
                    let origin = states[index]
                        .state
                        .origin
                        .get(atom.index())
                        .copied()
                        .flatten();
                    if origin.is_none() {
                        continue;
                    }
                    // An anion's rate is the rule's own; it is not a basic site of the shield.
                    let position = sites
                        .iter()
                        .position(|s| s.atom == atom.index())
                        .filter(|_| !rule.anion);
                    let log_rate = match position {
                        Some(p) => match sites[p].log_rate(rule.steric) {
                            Some(l) => l,
                            None => continue,
                        },
                        None => 0.0,
                    };
                    let rate = rule.rate * 10f64.powf(log_rate);
                    for (partner, partner_matches) in found {
                        for partner_match in partner_matches {
                            let reactants = [(&molecule, &nucleophile), (*partner, partner_match)];
                            let Ok((product, kept)) = rule.template.apply_traced(&reactants) else {
                                continue;
                            };
                            let next = states[index].state.follow(product, &kept);
                            let key = next.molecule.to_string();
                            let target = match keys.get(&key) {
                                Some(&t) => {
                                    let existing = if t < states.len() {
                                        &mut states[t]
                                    } else {
                                        &mut discovered[t - states.len()]
                                    };
                                    existing.made_by.insert(rule.name.clone());
                                    t
                                }
                                None if keys.len() < MAX_SPECIES => {
                                    let t = keys.len();
                                    keys.insert(key, t);
                                    let mut reacted = states[index].reacted.clone();
                                    if let Some(origin) = states[index]
                                        .state
                                        .origin
                                        .get(atom.index())
                                        .copied()
                                        .flatten()
                                    {
                                        reacted.insert(origin);
                                    }
                                    discovered.push(SpeciesState {
                                        state: next,
                                        units: states[index].units + 1,
                                        reacted,
                                        made_by: BTreeSet::from([rule.name.clone()]),
                                    });
                                    t
                                }
                                None => {
                                    truncated = true;
                                    continue;
                                }
                            };
                            channels.push(Channel {
                                site: position.and_then(|p| basic[p]),
                                rate,
                                product: target,
                            });
                            beta.get_or_insert(rule.beta);
                            if !fired.iter().any(|r| r.name == rule.name) {
                                fired.push(rule);
                            }
                        }
                    }
                }
            }
            network.species.push(Species {
                units: states[index].units,
                sites: protonation,
                channels,
            });
            states.extend(discovered);
            index += 1;
        }
        if truncated {
            report.finding(
                Severity::Warn,
                FindingCode::PoorSelectivity,
                format!("more than {MAX_SPECIES} products are possible; the model follows the first {MAX_SPECIES}"),
            );
        }
        for rule in &fired {
            // Rules whose own finding (quaternisation) only matters if their products form
            // are judged after the solution.
            if rule.finding.is_none() {
                report.fired(rule);
            } else {
                report.rules.push(rule.name.clone());
                report.notes(&rule.notes);
            }
        }
        if fired.is_empty() {
            return None;
        }
        let outcome = network.solve(&Charge {
            equivalents: step.equivalents,
            acid: step.acid,
            bases: bases.iter().map(|b| (b.pka_h, b.equivalents)).collect(),
            beta: beta.unwrap_or(0.3),
        });
        if !outcome.balanced() {
            report.finding(
                Severity::Fail,
                FindingCode::ModelError,
                format!(
                    "internal error: the outcome model lost mass balance (products and unreacted substrate sum to {}, not 1); no distribution is given",
                    outcome.total()
                ),
            );
            return None;
        }
        Some(Solved {
            amounts: outcome.amounts,
            consumed: outcome.consumed,
            species: states,
            fired_with_findings: fired
                .iter()
                .filter(|r| r.finding.is_some())
                .map(|r| (*r).clone())
                .collect(),
        })
    }

    /// Findings about a coupling's distribution.
    fn judge_coupling(&self, solved: &Solved, step: &Step, report: &mut Report) {
        let limiting = step.equivalents.clamp(1e-12, 1.0);
        let over: f64 = solved
            .species
            .iter()
            .zip(&solved.amounts)
            .filter(|(s, _)| s.units >= 2)
            .map(|(_, a)| a)
            .sum();
        if solved.consumed <= 1e-9 {
            report.finding(
                Severity::Fail,
                FindingCode::NoReaction,
                "no site is free to react (every nucleophile is protonated or blocked)",
            );
            return;
        }
        let judging = self.judging;
        if over / limiting > judging.over_reaction {
            report.finding(
                Severity::Warn,
                FindingCode::OverReaction,
                format!(
                    "the product reacts again: {:.0} % of the substrate takes two or more units",
                    100.0 * over
                ),
            );
        }
        let left = step.equivalents - solved.consumed;
        if left > judging.leftover_co_reactant && solved.amounts[0] > judging.leftover_substrate {
            report.finding(
                Severity::Warn,
                FindingCode::Stoichiometry,
                format!("{left:.2} eq of co-reactant is left while {:.0} % of the substrate is unreacted (too much acid?)", 100.0 * solved.amounts[0]),
            );
        }
        for rule in &solved.fired_with_findings {
            let formed: f64 = solved
                .species
                .iter()
                .zip(&solved.amounts)
                .filter(|(s, _)| s.made_by.contains(&rule.name))
                .map(|(_, a)| a)
                .sum();
            if formed > judging.rule_product_trace {
                if let Some((code, severity)) = rule.finding {
                    report.push(Finding::by_rule(
                        severity,
                        code,
                        rule.message.clone(),
                        &rule.name,
                    ));
                }
            }
        }
    }

    /// For a step where nothing fired: the rules that would couple these partners if their
    /// conditions held.
    fn unmet_conditions(
        &self,
        step: &Step,
        substrate: &Molecule,
        conditions: &Conditions,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for rule in self.rules.rules() {
            if conditions.satisfy(&rule.when) || rule.template.reactant_count() != 2 {
                continue;
            }
            let (Some(first), Some(second)) = (
                rule.template.reactant_pattern(0),
                rule.template.reactant_pattern(1),
            ) else {
                continue;
            };
            let nucleophile = substrate.has_match(first);
            let partner = step.co_reactants.iter().any(|c| c.has_match(second));
            if nucleophile && partner {
                out.push(format!("{} needs {}", rule.name, rule.when.join(" and ")));
            }
        }
        out
    }
}

/// A coupling rule and the co-reactants its second pattern matches, with their matches.
type Partner<'r> = (&'r Rule, Vec<(&'r Molecule, Vec<Match>)>);

/// A species of the coupling network as chemistry.
#[derive(Clone, Debug)]
struct SpeciesState {
    state: Tracked,
    units: u32,
    reacted: BTreeSet<usize>,
    /// The rules whose channels lead here.
    made_by: BTreeSet<String>,
}

/// A solved coupling network.
#[derive(Clone, Debug)]
struct Solved {
    amounts: Vec<f64>,
    consumed: f64,
    species: Vec<SpeciesState>,
    fired_with_findings: Vec<Rule>,
}

/// Findings, notes and fired rules, deduplicated in order.
#[derive(Default)]
struct Report {
    findings: Vec<Finding>,
    notes: Vec<String>,
    rules: Vec<String>,
}

impl Report {
    fn finding(&mut self, severity: Severity, code: FindingCode, message: impl Into<String>) {
        self.push(Finding::new(severity, code, message));
    }

    fn push(&mut self, finding: Finding) {
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    fn notes(&mut self, notes: &[String]) {
        for note in notes {
            if !self.notes.contains(note) {
                self.notes.push(note.clone());
            }
        }
    }

    fn fired(&mut self, rule: &Rule) {
        if !self.rules.contains(&rule.name) {
            self.rules.push(rule.name.clone());
        }
        self.notes(&rule.notes);
        if let Some((code, severity)) = rule.finding {
            let message = if rule.message.is_empty() {
                format!("{} ({})", rule.group, rule.name)
            } else {
                rule.message.clone()
            };
            self.push(Finding::by_rule(severity, code, message, &rule.name));
        }
    }
}
