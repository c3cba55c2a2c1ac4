//! Route planning: a best-first search over molecule states, keyed by canonical SMILES, from
//! stock starting materials to the target (DESIGN.md section 5).
//!
//! **Target analysis.** The target's **core** is the largest free polyfunctional scaffold
//! (a stock molecule with two or more sites, or the core a ring-forming move makes) found in
//! it such that what sits on the core's **sites** (an N-H that is not an exocyclic amide N,
//! an O-H on an sp3 carbon) is cut off at non-ring bonds and every other core atom carries
//! exactly what it carries in the core, stereo included: piperazines and diazepanes with ring
//! carbon groups, lactams, bridged and spiro diamines, aminopiperidines, -pyrrolidines and
//! -azetidines, acyclic di- and triamines, amino alcohols. Each cut substituent must be
//! installable by a row of `data/disconnections.tsv`; a target whose largest core has one
//! that is not says which site and which substituent. Its **decoration** is what sits on the
//! sites: nothing (`H`) or a substituent, written as the canonical SMILES of the substituent
//! with `*` at the site. Every state of the search has a decoration too, and the moves change
//! it one site at a time:
//!
//! - **install** a substituent the target has and the state lacks, on a free nitrogen, with a
//!   co-reactant cut from the target (`data/disconnections.tsv`: benzyl bromide or aldehyde,
//!   acid chloride or acid with HATU, isocyanate, sulfonyl chloride, activated aryl chloride
//!   or aryl bromide, ...), run as each row of `data/install_variants.tsv` for the state says
//!   (on a free diamine: with 1 eq HCl first, with 5 eq of diamine, as written; both at once
//!   with 2.2 eq). A group the co-reactant cannot carry free goes in masked
//!   (`data/masks.tsv`: an aniline as its nitro analogue) and is **unmasked** later;
//! - **protect** one nitrogen of a free diamine (`data/protecting_groups.tsv`: Boc or Cbz
//!   with the shield, Ns, 2-chlorotrityl resin with excess diamine) and **deprotect** it;
//! - **ring**-forming moves (`data/ring_moves.tsv`): the Schmidt ring expansion of a
//!   1-benzyl-4-piperidone and the LiAlH4 reduction of the lactam, which make
//!   1-benzylhomopiperazine.
//!
//! Every move is one [`Step`]; the evaluator judges it against its predicted major product, a
//! step it fails is never taken, and outcomes are memoised by [`Step::key`] so no step is
//! evaluated twice. A route costs `Σ −ln(max(yield, yield-floor)) + step + warning x warnings`
//! (`data/costs.tsv`). The search is [`crate::search::Runner`] over this problem; routes come
//! out cheapest first, each validated as a whole from the memo ([`crate::validate_with`]),
//! distinct, at most `top` of them.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use indexmap::IndexMap;
use regiochem_mol::{AtomId, BondOrder, Element, Molecule};
use regiochem_rules::data::round;
use regiochem_rules::evaluate::{StepOutcome, Verdict};
use regiochem_rules::finding::Severity;
use regiochem_rules::predict::Engine;
use regiochem_rules::step::Step;
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::data::{Core, Disconnection, Leaving, PlannerData, RingMove, Same, sites};
use crate::procedure::{Procedure, procedure};
use crate::route::{Reaction, Route};
use crate::search::{Edge, Problem, Runner};
use crate::tree::{ProductShare, TreeFinding, TreeNode};
use crate::validate::validate_with;

/// Limits of one search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Routes wanted.
    pub top: usize,
    /// States expanded at most.
    pub nodes: usize,
    /// Wall time at most.
    pub time: Duration,
    /// Steps per route at most.
    pub depth: usize,
    /// Scale of the procedure cards, mmol of the first substrate.
    pub scale_mmol: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            top: 3,
            nodes: 400,
            time: Duration::from_secs(5),
            depth: 6,
            scale_mmol: 1.0,
        }
    }
}

pub use crate::search::StopReason;

/// Search statistics.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// States taken off the queue.
    pub expanded: usize,
    /// Steps evaluated (predicted and judged), each once.
    pub predictions: usize,
    /// Moves whose step was evaluated before (answered from the memo).
    pub memo_hits: usize,
    /// Moves whose step the evaluator fails.
    pub rejected: usize,
    /// Moves generated, by kind (`install`, `protect`, `deprotect`, `reduce`, `ring`).
    pub moves: IndexMap<String, usize>,
    /// Milliseconds.
    pub elapsed_ms: f64,
}

/// One planned step: the reaction (a step and its product), what the evaluator says of it,
/// the co-reactants taken as purchasable and the procedure card.
#[derive(Clone, Debug)]
pub struct PlannedStep {
    /// The step and its product.
    pub reaction: Reaction,
    /// The evaluator's outcome.
    pub outcome: StepOutcome,
    /// Co-reactants cut from the target, taken as purchasable.
    pub purchasable: Vec<String>,
    /// The procedure card.
    pub procedure: Procedure,
}

impl Serialize for PlannedStep {
    /// DESIGN.md section 6: `reaction_smiles` (with its `key=value` words), `product`,
    /// `predicted` (smiles and fraction), `yield` (expected isolated), `yield_range`,
    /// `verdict`, `findings`, `purchasable`, `procedure`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let predicted: Vec<ProductShare> = self
            .outcome
            .prediction
            .products
            .iter()
            .map(|p| ProductShare {
                smiles: p.smiles.clone(),
                fraction: p.fraction,
            })
            .collect();
        let mut out = serializer.serialize_struct("PlannedStep", 9)?;
        out.serialize_field("reaction_smiles", &self.reaction.to_line())?;
        out.serialize_field("product", &self.reaction.product.to_string())?;
        out.serialize_field("predicted", &predicted)?;
        out.serialize_field("yield", &self.outcome.intended_yield)?;
        out.serialize_field("yield_range", &self.outcome.yield_range)?;
        out.serialize_field("verdict", &self.outcome.verdict)?;
        out.serialize_field("findings", &self.outcome.findings)?;
        out.serialize_field("purchasable", &self.purchasable)?;
        out.serialize_field("procedure", &self.procedure)?;
        out.end()
    }
}

/// One planned route.
#[derive(Clone, Debug, Serialize)]
pub struct PlannedRoute {
    /// 1 for the best.
    pub rank: usize,
    /// Search cost (lower is better).
    pub score: f64,
    /// Product of the steps' yields.
    pub predicted_yield: f64,
    /// Whether the starting material is in the stock.
    pub in_stock: bool,
    /// The route's strategy (`strategy()`): `ring-forming`, `resin`, `ns`, `protect`,
    /// `mono-protected-start`, `shield`, `excess`, `one-step-bis`, `one-step-all`, `as-written` or `in-stock`.
    pub strategy: &'static str,
    /// Why the route needs no protecting group, when it installs on a core with two or more
    /// free sites without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The starting material.
    pub start: String,
    /// Its name in the stock, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_name: Option<String>,
    /// The steps.
    pub steps: Vec<PlannedStep>,
    /// The route as an AiZynthFinder reaction tree, with the predicted distribution and the
    /// findings on each reaction node.
    pub tree: Option<TreeNode>,
    /// The route in the route model, for `--format route`.
    #[serde(skip)]
    pub route: Route,
}

/// What planning a target gives.
#[derive(Clone, Debug, Serialize)]
pub struct PlanReport {
    /// The target (canonical SMILES).
    pub target: String,
    /// Routes, best first.
    pub routes: Vec<PlannedRoute>,
    /// Why the search stopped.
    pub stop_reason: StopReason,
    /// When no route was found: the moves the evaluator refused, each with the move, its
    /// reaction and the first failing finding (at most [`MAX_FAILURES`], first seen first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
    /// Statistics.
    pub stats: Stats,
}

/// The most refused moves a report without a route lists.
pub const MAX_FAILURES: usize = 8;

/// The planner.
#[derive(Clone, Copy, Debug)]
pub struct Planner<'a> {
    /// Rules, reagents, site model.
    pub engine: Engine<'a>,
    /// Stock, protecting groups, disconnections.
    pub data: &'a PlannerData,
    /// Limits.
    pub limits: Limits,
}

/// A state's decoration: the fragment on each core site, sorted, `H` for a bare site.
type Decoration = Vec<String>;

const BARE: &str = "H";

/// Where a core sits in a molecule: each site's atom and the substituents on it.
struct Placement {
    sites: Vec<(AtomId, Vec<AtomId>)>,
    decoration: Decoration,
}

/// The core in `molecule`: a match whose atoms carry what the core's atoms carry, except that
/// a site may carry substituents (by non-ring bonds) in place of its hydrogens, and which is
/// the core again (stereo included) once those are cut off.
fn place(core: &Core, molecule: &Molecule) -> Option<Placement> {
    let core_sites = sites(&core.molecule);
    'matches: for found in molecule.all_matches(&core.pattern) {
        let atoms = found.atoms();
        let mut placed = Vec::new();
        for (i, &a) in atoms.iter().enumerate() {
            let c = core.molecule.atom_at(i)?;
            let wanted = core.molecule.atom(c).hydrogens();
            let extra: Vec<AtomId> = molecule
                .neighbors(a)
                .filter(|(x, _)| !atoms.contains(x))
                .map(|(x, _)| x)
                .collect();
            let have = molecule.atom(a).hydrogens();
            if core_sites.contains(&c) {
                let ring_bond = molecule
                    .neighbors(a)
                    .any(|(x, b)| extra.contains(&x) && b.is_in_ring());
                if ring_bond || usize::from(have) + extra.len() != usize::from(wanted) {
                    continue 'matches;
                }
                placed.push((a, extra));
            } else if !extra.is_empty() || have != wanted {
                continue 'matches;
            }
        }
        let mut editor = molecule.edit();
        for (site, extra) in &placed {
            for x in extra {
                editor.set_bond(site.index(), x.index(), None).ok()?;
            }
            let hydrogens = molecule.atom(*site).hydrogens() + extra.len() as u8;
            editor.set_hydrogens(site.index(), hydrogens).ok()?;
        }
        editor.keep_connected_to(&[atoms[0].index()]);
        if editor.finish().ok()?.to_string() != core.smiles {
            continue;
        }
        let mut decoration = Vec::new();
        for (site, extra) in &placed {
            if extra.is_empty() {
                decoration.push(BARE.to_string());
            }
            for &x in extra {
                decoration.push(fragment(molecule, *site, x)?);
            }
        }
        decoration.sort();
        return Some(Placement {
            sites: placed,
            decoration,
        });
    }
    None
}

/// Why no core is found in `target`: no stock core or ring-forming move's core is left after
/// cutting the groups on its sites; a quaternary ammonium nitrogen is never a site.
fn no_core(target: &Molecule) -> String {
    let mut reason = "no core in stock or made by a ring-forming move is left after cutting the groups on the N and O sites".to_string();
    let quaternary: Vec<String> = target
        .atoms()
        .filter(|(id, atom)| {
            atom.element() == Element::N
                && atom.charge() > 0
                && target
                    .neighbors(*id)
                    .all(|(_, b)| b.order() == BondOrder::Single)
        })
        .map(|(id, _)| id.index().to_string())
        .collect();
    if !quaternary.is_empty() {
        reason.push_str(&format!(
            " (the nitrogen at atom {} is a quaternary ammonium with two substituents: no site)",
            quaternary.join(", ")
        ));
    }
    reason
}

/// A protecting group's fragment: the substituent on the nitrogen of its example that carries
/// one by a non-ring bond.
fn group_fragment(example: &Molecule) -> Option<String> {
    example.atoms().find_map(|(n, atom)| {
        if atom.element() != Element::N {
            return None;
        }
        let (x, _) = example.neighbors(n).find(|(_, b)| !b.is_in_ring())?;
        fragment(example, n, x)
    })
}

/// The substituent on `n` as canonical SMILES with `*` where the nitrogen was.
fn fragment(molecule: &Molecule, n: AtomId, x: AtomId) -> Option<String> {
    let mut editor = molecule.edit();
    editor.set_bond(n.index(), x.index(), None).ok()?;
    let star = editor.add_atom(Element::from_number(0)?, 0, 0, false);
    editor
        .set_bond(x.index(), star, Some(BondOrder::Single))
        .ok()?;
    editor.keep_connected_to(&[x.index()]);
    editor.finish().ok().map(|m| m.to_string())
}

/// The library reagents that install a whole group as they are (the leaving groups
/// `boc-anhydride` and `silyl-isocyanate`).
struct WholeReagents {
    boc_anhydride: Molecule,
    silyl_isocyanate: Molecule,
}

/// The co-reactant that installs the substituent on `x` by `leaving`.
fn co_reactant(
    molecule: &Molecule,
    n: AtomId,
    x: AtomId,
    leaving: Leaving,
    whole: &WholeReagents,
) -> Option<Molecule> {
    let mut editor = molecule.edit();
    editor.set_bond(n.index(), x.index(), None).ok()?;
    let hydrogens = molecule.atom(x).hydrogens();
    let single = Some(BondOrder::Single);
    match leaving {
        Leaving::BocAnhydride => return Some(whole.boc_anhydride.clone()),
        Leaving::SilylIsocyanate => return Some(whole.silyl_isocyanate.clone()),
        Leaving::Bromide | Leaving::Chloride | Leaving::Iodide | Leaving::Fluoride => {
            let halogen = match leaving {
                Leaving::Bromide => Element::BR,
                Leaving::Chloride => Element::CL,
                Leaving::Iodide => Element::I,
                _ => Element::F,
            };
            let atom = editor.add_atom(halogen, 0, 0, false);
            editor.set_bond(x.index(), atom, single).ok()?;
        }
        Leaving::Triflate => {
            // R-O-S(=O)(=O)-C(F)(F)F
            let oxygen = editor.add_atom(Element::O, 0, 0, false);
            let sulfur = editor.add_atom(Element::S, 0, 0, false);
            let carbon = editor.add_atom(Element::C, 0, 0, false);
            editor.set_bond(x.index(), oxygen, single).ok()?;
            editor.set_bond(oxygen, sulfur, single).ok()?;
            editor.set_bond(sulfur, carbon, single).ok()?;
            for _ in 0..2 {
                let oxo = editor.add_atom(Element::O, 0, 0, false);
                editor.set_bond(sulfur, oxo, Some(BondOrder::Double)).ok()?;
            }
            for _ in 0..3 {
                let fluorine = editor.add_atom(Element::F, 0, 0, false);
                editor.set_bond(carbon, fluorine, single).ok()?;
            }
        }
        Leaving::Aldehyde | Leaving::Ketone => {
            let oxygen = editor.add_atom(Element::O, 0, 0, false);
            editor
                .set_bond(x.index(), oxygen, Some(BondOrder::Double))
                .ok()?;
            editor
                .set_hydrogens(x.index(), hydrogens.checked_sub(1)?)
                .ok()?;
        }
        Leaving::Alkene => {
            // N-CH2-CH2-EWG from CH2=CH-EWG: the carbon beyond the cut one takes the double
            // bond and gives up a hydrogen.
            let beyond = molecule
                .neighbors(x)
                .map(|(a, _)| a)
                .find(|&a| a != n && molecule.atom(a).element() == Element::C)?;
            editor
                .set_bond(x.index(), beyond.index(), Some(BondOrder::Double))
                .ok()?;
            editor
                .set_hydrogens(
                    beyond.index(),
                    molecule.atom(beyond).hydrogens().checked_sub(1)?,
                )
                .ok()?;
        }
        Leaving::Acid | Leaving::Phenol => {
            let oxygen = editor.add_atom(Element::O, 0, 1, false);
            editor
                .set_bond(x.index(), oxygen, Some(BondOrder::Single))
                .ok()?;
        }
        Leaving::Isocyanate => {
            let partner = molecule.neighbors(x).map(|(a, _)| a).find(|&a| {
                a != n
                    && molecule.atom(a).element() == Element::N
                    && molecule.atom(a).hydrogens() == 1
            })?;
            editor
                .set_bond(x.index(), partner.index(), Some(BondOrder::Double))
                .ok()?;
            editor.set_hydrogens(partner.index(), 0).ok()?;
        }
    }
    editor.keep_connected_to(&[x.index()]);
    editor.finish().ok()
}

/// A way to install one target substituent.
#[derive(Clone, Debug)]
struct Install {
    /// The target fragment it gives (after a nitro reduction, for a nitro analogue).
    fragment: String,
    co_reactant: Molecule,
    /// The co-reactant's canonical SMILES.
    co_smiles: String,
    agents: Vec<String>,
}

/// A move: one step to predict, its kind and the co-reactants it takes as purchasable.
#[derive(Clone, Debug)]
struct Move {
    kind: String,
    /// What the move is for, for the report of refused moves: the substituent and the sites.
    what: String,
    step: Step,
    /// The step's key ([`Step::key`]), built from SMILES already known.
    key: String,
    purchasable: Vec<String>,
}

/// A search state: a molecule and its canonical SMILES.
struct State {
    molecule: Molecule,
    smiles: String,
}

/// A move taken: the reaction (the step and its predicted major product) and the
/// co-reactants taken as purchasable; its outcome is in the memo under the step's key.
struct Taken {
    kind: String,
    reaction: Reaction,
    purchasable: Vec<String>,
}

/// What the memo holds for a step key: the predicted major product and the outcome judged
/// against it, or why the step gives nothing.
type Memo = HashMap<String, Result<Evaluated, String>>;

/// A step's predicted major product, its canonical SMILES and the outcome judged against it.
type Evaluated = (Molecule, Rc<str>, Rc<StepOutcome>);

/// What the shared cache holds for a step key: the [`Memo`]'s answer in a form that threads
/// can share.
type SharedAnswer = Result<(Molecule, Arc<str>, StepOutcome), String>;

/// A bounded cache of step evaluations shared by the targets of a batch (and by its worker
/// threads): many targets evaluate the same steps (protecting a core, removing a group), and
/// a step's outcome depends on the step alone. It holds at most `capacity` steps; once full,
/// further steps are evaluated as if there were no cache (nothing is evicted). Every answer it
/// gives is the one the engine would compute, so plans, routes and statistics are the same
/// whatever the order of the targets, the number of threads or the capacity: only the time
/// changes. Use one cache with one rule set: the key is the step, not the engine.
#[derive(Debug)]
pub struct PredictionCache {
    map: Mutex<HashMap<String, Arc<SharedAnswer>>>,
    capacity: usize,
}

impl PredictionCache {
    /// Steps a batch cache holds by default (a few tens of MiB at most).
    pub const DEFAULT_CAPACITY: usize = 4096;

    /// An empty cache for at most `capacity` steps.
    #[must_use]
    pub fn new(capacity: usize) -> PredictionCache {
        PredictionCache {
            map: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// How many steps it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether it holds no step.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &str) -> Option<Arc<SharedAnswer>> {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    fn insert(&self, key: &str, answer: &Result<Evaluated, String>) {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= self.capacity || map.contains_key(key) {
            return;
        }
        let shared = match answer {
            Ok((molecule, smiles, outcome)) => {
                Ok((molecule.clone(), Arc::from(&**smiles), (**outcome).clone()))
            }
            Err(why) => Err(why.clone()),
        };
        map.insert(key.to_string(), Arc::new(shared));
    }
}

impl Default for PredictionCache {
    fn default() -> PredictionCache {
        PredictionCache::new(PredictionCache::DEFAULT_CAPACITY)
    }
}

/// The planning problem of one target, for the generic runner.
struct Search<'p, 'a> {
    planner: &'p Planner<'a>,
    /// Evaluations shared with the other targets of a batch.
    shared: Option<&'p PredictionCache>,
    target: String,
    wanted: Decoration,
    target_core: Core,
    installs: Vec<Install>,
    groups: Vec<(String, usize)>,
    memo: Memo,
    predictions: usize,
    memo_hits: usize,
    rejected: usize,
    failures: Vec<String>,
    routes: Vec<PlannedRoute>,
    /// The routes' text forms, to keep them distinct.
    texts: Vec<String>,
}

impl Problem for Search<'_, '_> {
    type State = State;
    type Move = Taken;

    fn key(&self, state: &State) -> String {
        state.smiles.clone()
    }

    fn is_goal(&self, state: &State) -> bool {
        state.smiles == self.target
    }

    fn expand(&mut self, state: &State, out: &mut Vec<Edge<State, Taken>>) {
        let moves = self.planner.moves(
            &state.molecule,
            &state.smiles,
            &self.target_core,
            &self.wanted,
            &self.installs,
            &self.groups,
        );
        for next in moves {
            let (product, smiles, outcome) = match self.evaluate_keyed(&next.step, &next.key) {
                Ok(found) => found,
                Err(why) => {
                    self.rejected += 1;
                    self.refused(&next, &why);
                    continue;
                }
            };
            if outcome.verdict == Verdict::Fail {
                self.rejected += 1;
                let why = outcome
                    .findings
                    .iter()
                    .find(|f| f.severity == Severity::Fail)
                    .map(|f| format!("{}: {}", f.code, f.message))
                    .unwrap_or_default();
                self.refused(&next, &why);
                continue;
            }
            let warnings = outcome
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warn)
                .count();
            let costs = self.planner.data.costs;
            let cost = -outcome.intended_yield.max(costs.yield_floor).ln()
                + costs.step
                + costs.warning * warnings as f64;
            out.push(Edge {
                name: next.kind.clone(),
                cost,
                state: State {
                    molecule: product.clone(),
                    smiles: smiles.to_string(),
                },
                step: Taken {
                    kind: next.kind,
                    reaction: Reaction::new(next.step, product),
                    purchasable: next.purchasable,
                },
            });
        }
    }

    fn accept(&mut self, start: &State, path: &[&Taken], cost: f64) -> bool {
        let rank = self.routes.len() + 1;
        let Some(route) = self.finish(start, path, cost, rank) else {
            return false;
        };
        let text = route.route.to_text();
        if self.texts.contains(&text) {
            return false;
        }
        self.texts.push(text);
        self.routes.push(route);
        true
    }
}

impl Search<'_, '_> {
    /// Records a refused move for the report (distinct, at most [`MAX_FAILURES`]).
    fn refused(&mut self, next: &Move, why: &str) {
        if self.failures.len() >= MAX_FAILURES {
            return;
        }
        let options = next.step.options();
        let what = if next.what.is_empty() {
            String::new()
        } else {
            format!(" ({})", next.what)
        };
        let line = format!(
            "{}{what} on {}>{}{}{options}: {why}",
            next.kind,
            next.step.reactants_smiles(),
            next.step.agents.join("."),
            if options.is_empty() { "" } else { " " }
        );
        if !self.failures.contains(&line) {
            self.failures.push(line);
        }
    }

    /// The outcome of `step` judged against its predicted major product, from the memo or
    /// evaluated once and remembered.
    fn evaluate(&mut self, step: &Step) -> Result<Evaluated, String> {
        self.evaluate_keyed(step, &step.key())
    }

    /// [`Search::evaluate`] with the step's key already built.
    fn evaluate_keyed(&mut self, step: &Step, key: &str) -> Result<Evaluated, String> {
        if let Some(known) = self.memo.get(key) {
            self.memo_hits += 1;
            return known.clone();
        }
        self.predictions += 1;
        if let Some(found) = self.shared.and_then(|cache| cache.get(key)) {
            let answer = match &*found {
                Ok((molecule, smiles, outcome)) => Ok((
                    molecule.clone(),
                    Rc::from(&**smiles),
                    Rc::new(outcome.clone()),
                )),
                Err(why) => Err(why.clone()),
            };
            self.memo.insert(key.to_string(), answer.clone());
            return answer;
        }
        let engine = &self.planner.engine;
        let prediction = engine.predict(step);
        let answer = match prediction.major().map(|p| p.molecule.clone()) {
            Some(product) => {
                // The prediction names its products by canonical SMILES.
                let smiles: Rc<str> = prediction.major().map_or("", |p| &p.smiles).into();
                debug_assert_eq!(&*smiles, product.to_string());
                let outcome = engine.judge(step, prediction, Some(&product));
                Ok((product, smiles, Rc::new(outcome)))
            }
            None => Err(prediction
                .findings
                .iter()
                .find(|f| f.severity == Severity::Fail)
                .map_or_else(
                    || "the model predicts no product".to_string(),
                    |f| format!("{}: {}", f.code, f.message),
                )),
        };
        if let Some(cache) = self.shared {
            cache.insert(key, &answer);
        }
        self.memo.insert(key.to_string(), answer.clone());
        answer
    }

    /// A path to the target as a checked route: validated as a whole from the memo (no step
    /// is evaluated again), with procedure cards and its tree.
    fn finish(
        &mut self,
        start: &State,
        path: &[&Taken],
        cost: f64,
        rank: usize,
    ) -> Option<PlannedRoute> {
        let planner = self.planner;
        let target = self.target.clone();
        if path.is_empty() {
            // The target itself is in stock.
            return Some(PlannedRoute {
                rank,
                score: 0.0,
                predicted_yield: 1.0,
                strategy: "in-stock",
                note: None,
                in_stock: true,
                start: start.smiles.clone(),
                start_name: planner.data.stock.name(&start.smiles).map(str::to_string),
                steps: Vec::new(),
                tree: None,
                route: Route {
                    target: Some(target),
                    ..Route::default()
                },
            });
        }
        let route = Route {
            target: Some(target),
            expect: None,
            why: None,
            steps: path.iter().map(|t| t.reaction.clone()).collect(),
        };
        let validation = validate_with(&route, |step, product| {
            let smiles = product.to_string();
            match self.evaluate(step) {
                Ok((_, made, outcome)) if *made == *smiles => (*outcome).clone(),
                _ => planner.engine.evaluate(step, Some(product)),
            }
        });
        if validation.verdict == Verdict::Fail {
            return None;
        }
        let mut scale = planner.limits.scale_mmol;
        let steps: Vec<PlannedStep> = path
            .iter()
            .zip(validation.steps)
            .map(|(taken, judged)| {
                let card = procedure(
                    &taken.reaction,
                    &judged.outcome,
                    &planner.engine,
                    &planner.data.stock,
                    scale,
                );
                scale = card.product_mmol;
                PlannedStep {
                    reaction: taken.reaction.clone(),
                    outcome: judged.outcome,
                    purchasable: taken.purchasable.clone(),
                    procedure: card,
                }
            })
            .collect();
        let tree = route
            .to_tree(|smiles| planner.data.stock.contains(smiles))
            .ok()
            .map(|mut tree| {
                annotate(&mut tree, &steps);
                tree
            });
        let kinds: Vec<&str> = path.iter().map(|t| t.kind.as_str()).collect();
        let strategy = strategy(&kinds);
        let free_at_start = place(&self.target_core, &start.molecule)
            .map_or(0, |p| p.decoration.iter().filter(|f| *f == BARE).count());
        let note = (free_at_start >= 2)
            .then(|| unprotected_note(strategy, steps.first()?.outcome.intended_yield))
            .flatten();
        Some(PlannedRoute {
            rank,
            tree,
            strategy,
            note,
            score: round(cost, 3),
            predicted_yield: validation.overall_yield,
            in_stock: planner.data.stock.contains(&start.smiles),
            start: start.smiles.clone(),
            start_name: planner.data.stock.name(&start.smiles).map(str::to_string),
            steps,
            route,
        })
    }
}

/// A route's strategy, from the kinds of its moves: a ring-forming move, the resin, Ns or
/// another protecting group put on the free core, a protected core bought (a deprotection
/// without a protection), the acid-base shield, an excess of core, both groups in one step,
/// the same group on all of three or more sites in one step, or the install as written.
fn strategy(kinds: &[&str]) -> &'static str {
    let has = |prefix: &str| kinds.iter().any(|k| k.starts_with(prefix));
    if has("ring:") {
        "ring-forming"
    } else if has("protect:2-ClTrt") {
        "resin"
    } else if has("protect:Ns") {
        "ns"
    } else if has("protect:") {
        "protect"
    } else if has("deprotect:") {
        "mono-protected-start"
    } else if has("install:shield") {
        "shield"
    } else if has("install:excess") {
        "excess"
    } else if has("install:both") {
        "one-step-bis"
    } else if has("install:all") {
        "one-step-all"
    } else {
        "as-written"
    }
}

/// Why a route that starts on a core with two or more free sites needs no protecting group,
/// by its strategy and the first step's intended yield (none for a protecting strategy).
fn unprotected_note(strategy: &str, first_yield: f64) -> Option<String> {
    let percent = (first_yield * 100.0).round();
    let why = match strategy {
        "shield" => {
            "1 eq of HCl first protonates the more basic site, so the group goes on the other"
        }
        "excess" => "with 5 eq of the core the product rarely meets a second electrophile",
        "one-step-bis" => "both sites take the same group, with 2.2 eq",
        "one-step-all" => "every site takes the same group, with 1.1 eq per site",
        "as-written" => "the group goes on the more reactive site",
        _ => return None,
    };
    Some(format!(
        "no protecting group needed: {why} ({percent} % of the first step is the intended product)"
    ))
}

/// At most `top` routes: the cheapest of each strategy first (in cost order), then the other
/// routes in cost order; ranks renumbered.
fn distinct_first(routes: Vec<PlannedRoute>, top: usize) -> Vec<PlannedRoute> {
    let mut seen: Vec<&'static str> = Vec::new();
    let (mut first, mut rest): (Vec<PlannedRoute>, Vec<PlannedRoute>) = (Vec::new(), Vec::new());
    for route in routes {
        if seen.contains(&route.strategy) {
            rest.push(route);
        } else {
            seen.push(route.strategy);
            first.push(route);
        }
    }
    first.extend(rest);
    first.truncate(top);
    for (i, route) in first.iter_mut().enumerate() {
        route.rank = i + 1;
    }
    first
}

/// Removes one occurrence of each of `b` from `a`.
fn difference(a: &[String], b: &[String]) -> Vec<String> {
    let mut left: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for item in a {
        if let Some(i) = left.iter().position(|x| *x == item) {
            left.remove(i);
        } else if item != BARE {
            out.push(item.clone());
        }
    }
    out
}

impl Planner<'_> {
    /// Plans routes to `target`.
    pub fn plan(&self, target: &Molecule) -> PlanReport {
        self.plan_with(target, None)
    }

    /// [`Planner::plan`] with step evaluations shared through `cache` (the targets of a
    /// batch); the report is the same as without it.
    pub fn plan_cached(&self, target: &Molecule, cache: &PredictionCache) -> PlanReport {
        self.plan_with(target, Some(cache))
    }

    fn plan_with(&self, target: &Molecule, shared: Option<&PredictionCache>) -> PlanReport {
        let started = Instant::now();
        let target_smiles = target.to_string();
        let mut stats = Stats::default();
        let report = |routes, stop_reason, mut stats: Stats| {
            stats.elapsed_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
            PlanReport {
                target: target_smiles.clone(),
                routes,
                stop_reason,
                failures: Vec::new(),
                stats,
            }
        };
        let Some((target_core, placement, installs)) = (match self.analyse(target) {
            Ok(found) => found,
            Err(reason) => return report(Vec::new(), StopReason::OutOfScope(reason), stats),
        }) else {
            return report(Vec::new(), StopReason::OutOfScope(no_core(target)), stats);
        };
        let wanted = placement.decoration;
        let group_fragments: Vec<(String, usize)> = self
            .data
            .groups
            .iter()
            .enumerate()
            .filter_map(|(i, g)| group_fragment(&g.example).map(|f| (f, i)))
            .collect();

        // Whether the ring-forming moves make the target's core (Schmidt gives the lactam,
        // LiAlH4 the diazepane).
        let ring_makes_target = self
            .data
            .ring_moves
            .iter()
            .any(|m| m.makes == target_core.smiles);
        let mut starts = Vec::new();
        for (smiles, molecule) in self.data.stock.canonical() {
            let same_core = place(&target_core, molecule).is_some_and(|p| {
                difference(&p.decoration, &wanted)
                    .iter()
                    .all(|e| group_fragments.iter().any(|(f, _)| f == e))
            });
            let ring_start = ring_makes_target
                && self
                    .data
                    .ring_moves
                    .iter()
                    .filter(|m| m.starts && molecule.has_match(&m.pattern))
                    .any(|m| leads_to(&self.data.ring_moves, m, &target_core.smiles));
            let useful = same_core || ring_start;
            if useful || smiles == target_smiles {
                starts.push(State {
                    molecule: molecule.clone(),
                    smiles: smiles.to_string(),
                });
            }
        }
        if starts.is_empty() {
            return report(
                Vec::new(),
                StopReason::OutOfScope(format!(
                    "no stock molecule has the core {}, and no ring-forming move makes it",
                    target_core.smiles
                )),
                stats,
            );
        }
        let mut search = Search {
            planner: self,
            shared,
            target: target_smiles.clone(),
            wanted,
            target_core,
            installs,
            groups: group_fragments,
            memo: HashMap::new(),
            predictions: 0,
            memo_hits: 0,
            rejected: 0,
            failures: Vec::new(),
            routes: Vec::new(),
            texts: Vec::new(),
        };
        // Twice the routes wanted are searched for, so that distinct strategies can come
        // before variants of the same one.
        let wanted_routes = if self.limits.top > 1 {
            self.limits.top * 2
        } else {
            self.limits.top
        };
        let run = Runner::default()
            .with_goals(wanted_routes)
            .with_node_limit(self.limits.nodes)
            .with_time_limit(self.limits.time)
            .with_max_depth(self.limits.depth)
            .run(&mut search, starts, |_, _, _| {});
        stats.expanded = run.stats.expanded;
        stats.moves = run.stats.moves;
        stats.predictions = search.predictions;
        stats.memo_hits = search.memo_hits;
        stats.rejected = search.rejected;
        let failures = if search.routes.is_empty() {
            search.failures
        } else {
            Vec::new()
        };
        let routes = distinct_first(search.routes, self.limits.top);
        let stop_reason = match run.stop_reason {
            _ if routes.len() >= self.limits.top && self.limits.top > 0 => {
                StopReason::Enough(routes.len())
            }
            other => other,
        };
        let mut planned = report(routes, stop_reason, stats);
        planned.failures = failures;
        planned
    }

    /// The target's core and the ways to install each substituent on its sites: the
    /// largest core (stock molecules with two or more sites, and the cores the ring-forming
    /// moves make) found in the target whose every substituent some disconnection installs.
    /// `Ok(None)` when no core is found; an error naming the site and the substituent no rule
    /// installs when the largest core found has one.
    fn analyse(
        &self,
        target: &Molecule,
    ) -> Result<Option<(Core, Placement, Vec<Install>)>, String> {
        let mut cores: Vec<&Core> = self.data.stock.cores().iter().collect();
        let made: Vec<Core> = self
            .data
            .ring_moves
            .iter()
            .filter_map(|m| {
                m.makes
                    .parse::<Molecule>()
                    .ok()
                    .as_ref()
                    .and_then(Core::new)
            })
            .collect();
        cores.extend(&made);
        cores.sort_by(|a, b| {
            b.molecule
                .heavy_atom_count()
                .cmp(&a.molecule.heavy_atom_count())
                .then_with(|| a.smiles.cmp(&b.smiles))
        });
        cores.dedup_by(|a, b| a.smiles == b.smiles);
        let mut first_error = None;
        for core in cores {
            let Some(placement) = place(core, target) else {
                continue;
            };
            match self.installs(target, &placement) {
                Ok(installs) => return Ok(Some((core.clone(), placement, installs))),
                Err(reason) => {
                    first_error.get_or_insert(format!("on the core {}: {reason}", core.smiles));
                }
            }
        }
        first_error.map_or(Ok(None), Err)
    }

    /// The ways to install each substituent of the target, by target fragment.
    fn installs(&self, target: &Molecule, placement: &Placement) -> Result<Vec<Install>, String> {
        let library = |name: &str| -> Result<Molecule, String> {
            self.engine
                .reagents
                .find(name)
                .and_then(|r| r.smiles.parse().ok())
                .ok_or_else(|| format!("the reagent library has no {name}"))
        };
        let whole = WholeReagents {
            boc_anhydride: library("Boc2O")?,
            silyl_isocyanate: library("TMS-NCO")?,
        };
        let mut out = Vec::new();
        for (n, extra) in &placement.sites {
            let n = *n;
            for &x in extra {
                let Some(wanted) = fragment(target, n, x) else {
                    continue;
                };
                let options: Vec<&Disconnection> = self
                    .data
                    .disconnections
                    .iter()
                    .filter(|d| {
                        target
                            .all_matches(&d.pattern)
                            .iter()
                            .any(|m| m.atoms().first() == Some(&x))
                    })
                    .collect();
                if options.is_empty() {
                    return Err(format!(
                        "no rule installs the substituent {wanted} on the {} site (atom {})",
                        target.atom(n).element().symbol(),
                        n.index()
                    ));
                }
                for option in options {
                    let Some(reagent) = co_reactant(target, n, x, option.leaving, &whole) else {
                        continue;
                    };
                    // A group the co-reactant cannot carry free (an aniline): install it
                    // masked (the nitro analogue) and unmask it later.
                    let reagent_smiles = reagent.to_string();
                    let carried = wanted.parse::<Molecule>().ok();
                    for mask in &self.data.masks {
                        // Only a group the target's substituent carries is masked, never the
                        // co-reactant's own reacting group (the acid of an amide coupling): the
                        // co-reactant must not hold more matches than the substituent.
                        let count = |m: &Molecule| {
                            mask.mask
                                .reactant_pattern(0)
                                .map_or(0, |p| m.all_matches(p).len())
                        };
                        if carried.as_ref().is_none_or(|c| count(&reagent) > count(c)) {
                            continue;
                        }
                        if let Ok(masked) = mask.mask.apply_exhaustively(&reagent, 8) {
                            let masked_smiles = masked.to_string();
                            if masked_smiles != reagent_smiles {
                                out.push(Install {
                                    fragment: wanted.clone(),
                                    co_reactant: masked,
                                    co_smiles: masked_smiles,
                                    agents: option.agents.clone(),
                                });
                            }
                        }
                    }
                    out.push(Install {
                        fragment: wanted.clone(),
                        co_reactant: reagent,
                        co_smiles: reagent_smiles,
                        agents: option.agents.clone(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The moves from a node.
    fn moves(
        &self,
        molecule: &Molecule,
        smiles: &str,
        target_core: &Core,
        wanted: &[String],
        installs: &[Install],
        groups: &[(String, usize)],
    ) -> Vec<Move> {
        let mut out = Vec::new();
        // The key of a step on this molecule, as `Step::key` writes it, from the canonical
        // SMILES of the substrate and co-reactant already at hand.
        let key = |step: &Step, co_smiles: Option<&str>| {
            let key = match co_smiles {
                Some(co) => format!("{smiles}.{co}>{}|{}", step.agents.join("."), step.options()),
                None => format!("{smiles}>{}|{}", step.agents.join("."), step.options()),
            };
            debug_assert_eq!(key, step.key());
            key
        };
        let single = |kind: String, agents: &[String]| {
            let mut step = Step::new(molecule.clone());
            step.agents = agents.to_vec();
            Move {
                kind,
                what: String::new(),
                key: key(&step, None),
                step,
                purchasable: Vec::new(),
            }
        };
        let with = |co_reactant: &Molecule, agents: &[String], equivalents: f64, acid: f64| {
            let mut step = Step::new(molecule.clone());
            step.co_reactants.push(co_reactant.clone());
            step.agents = agents.to_vec();
            step.equivalents = equivalents;
            step.acid = acid;
            step
        };
        let Some(Placement {
            decoration: have,
            sites: placed,
        }) = place(target_core, molecule)
        else {
            // Not the target's core yet: make the ring (the Schmidt expansion of a
            // piperidone to the lactam, then LiAlH4).
            for ring in &self.data.ring_moves {
                if molecule.has_match(&ring.pattern) {
                    out.push(single(format!("ring:{}", ring.name), &ring.agents));
                }
            }
            return out;
        };
        let needed = difference(wanted, &have);
        let extra = difference(&have, wanted);
        // Install variants are written for one or two free sites; a core with more free
        // sites is run as with two.
        let bare_sites = have.iter().filter(|f| *f == BARE).count();
        // A site that carries a group and keeps an N-H takes a second group the target has on
        // it (the N-aryl-N-benzyl amine of a primary amine, an N-acyl aniline): once no site is
        // bare, the sites with an N-H left are the free ones of the installs (not a carbamate
        // N-H of a protecting group).
        let free_sites = if bare_sites == 0 && !needed.is_empty() {
            placed
                .iter()
                .filter(|(n, extra)| {
                    molecule.atom(*n).element() == Element::N
                        && molecule.atom(*n).hydrogens() > 0
                        && extra.iter().all(|x| {
                            fragment(molecule, *n, *x)
                                .is_some_and(|f| !groups.iter().any(|(g, _)| *g == f))
                        })
                })
                .count()
        } else {
            bare_sites
        };
        let free = free_sites.min(2);
        // Whether the one free site is a primary amine (NH2), which an excess of the state
        // keeps from taking a second alkyl group.
        let primary = free_sites == 1
            && placed.iter().any(|(n, extra)| {
                extra.is_empty()
                    && molecule.atom(*n).element() == Element::N
                    && molecule.atom(*n).hydrogens() == 2
            });
        let on_free = if free_sites == 1 {
            "on the free site".to_string()
        } else {
            format!("on one of {free_sites} free sites")
        };
        let mut dead = false;
        for item in &extra {
            if let Some((_, g)) = groups.iter().find(|(f, _)| f == item) {
                let group = &self.data.groups[*g];
                out.push(single(format!("deprotect:{}", group.name), &group.removal));
            } else if let Some(mask) = item.parse::<Molecule>().ok().and_then(|m| {
                self.data
                    .masks
                    .iter()
                    .find(|mask| m.has_match(&mask.masked))
            }) {
                out.push(single(format!("unmask:{}", mask.name), &mask.agents));
            } else {
                dead = true;
            }
        }
        if dead {
            return Vec::new();
        }
        if free >= 1 {
            let mut distinct = needed.clone();
            distinct.dedup();
            for fragment in &distinct {
                let count = needed.iter().filter(|f| *f == fragment).count();
                let twice = count >= 2;
                // Three or more free sites that all want this group take it in one step.
                let every = free_sites >= 3 && count == free_sites && needed.len() == count;
                for install in installs.iter().filter(|i| &i.fragment == fragment) {
                    let variants = self.data.variants.iter().filter(|v| {
                        v.free == free
                            && (!v.primary || primary)
                            && (!v.all_sites || every)
                            && match v.same {
                                Same::Yes => twice,
                                Same::No => !twice,
                                Same::Any => true,
                            }
                    });
                    for variant in variants {
                        let equivalents = if variant.all_sites {
                            // Per site, kept to three decimals (3 x 1.1 is 3.3, not
                            // 3.3000000000000003).
                            (variant.equivalents * free_sites as f64 * 1000.0).round() / 1000.0
                        } else {
                            variant.equivalents
                        };
                        let step = with(
                            &install.co_reactant,
                            &install.agents,
                            equivalents,
                            variant.acid,
                        );
                        out.push(Move {
                            kind: format!("install:{}", variant.name),
                            what: format!("{} {on_free}", install.fragment),
                            key: key(&step, Some(&install.co_smiles)),
                            step,
                            purchasable: vec![install.co_smiles.clone()],
                        });
                    }
                }
            }
        }
        if bare_sites >= 2
            && (wanted.iter().any(|f| f == BARE) || needed.len() == 2 && needed[0] != needed[1])
        {
            for group in &self.data.groups {
                if let Some((reagent, agents, equivalents, acid)) = &group.install {
                    let step = with(reagent, agents, *equivalents, *acid);
                    out.push(Move {
                        kind: format!("protect:{}", group.name),
                        what: format!("{} {on_free}", group.name),
                        key: key(&step, Some(&reagent.to_string())),
                        step,
                        purchasable: Vec::new(),
                    });
                }
            }
        }
        out
    }
}

/// Whether the ring-forming move `first` makes `core`, directly or through one further
/// ring-forming move (the Schmidt lactam, then LiAlH4), so that a stock molecule a start row
/// matches is a start only for the targets its chain of ring moves can reach. The further
/// move must take the whole core `first` makes (its pattern matches every atom of it): a
/// bridged lactam that merely contains the 1,4-diazepan-5-one ring does not reduce to the
/// plain 1,4-diazepane.
fn leads_to(moves: &[RingMove], first: &RingMove, core: &str) -> bool {
    first.makes == core
        || first.makes.parse::<Molecule>().is_ok_and(|made| {
            moves.iter().any(|m| {
                m.makes == core
                    && m.pattern.atom_count() == made.atom_count()
                    && made.has_match(&m.pattern)
            })
        })
}

/// Puts each step's predicted distribution and findings on its reaction node (the tree runs
/// from the target back: the last step first).
fn annotate(tree: &mut TreeNode, steps: &[PlannedStep]) {
    let mut current = tree;
    for step in steps.iter().rev() {
        let TreeNode::Mol(molecule) = current else {
            return;
        };
        let Some(TreeNode::Reaction(reaction)) = molecule.children.first_mut() else {
            return;
        };
        reaction.predicted_distribution = Some(
            step.outcome
                .prediction
                .products
                .iter()
                .map(|p| ProductShare {
                    smiles: p.smiles.clone(),
                    fraction: p.fraction,
                })
                .collect(),
        );
        reaction.findings = Some(
            step.outcome
                .findings
                .iter()
                .map(|f| TreeFinding {
                    severity: f.severity.name().to_string(),
                    code: f.code.name().to_string(),
                    message: f.message.clone(),
                })
                .collect(),
        );
        let Some(next) = reaction.children.first_mut() else {
            return;
        };
        current = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_start_counts_only_for_the_cores_its_ring_moves_reach() {
        let data = PlannerData::standard().unwrap();
        let by_name = |name: &str| data.ring_moves.iter().find(|m| m.name == name).unwrap();
        let diazepane = "C1CNCCNC1".parse::<Molecule>().unwrap().to_string();
        let lactam = "O=C1CCNCCN1".parse::<Molecule>().unwrap().to_string();
        let bridged = "O=C1NC2CCC1CNC2".parse::<Molecule>().unwrap().to_string();
        // The piperidone's Schmidt makes the lactam, and LiAlH4 then the diazepane.
        assert!(leads_to(&data.ring_moves, by_name("schmidt"), &lactam));
        assert!(leads_to(&data.ring_moves, by_name("schmidt"), &diazepane));
        // The bridgehead ketone's Schmidt makes its bridged lactam, never the plain diazepane.
        let bridgehead = by_name("schmidt-bridgehead");
        assert!(leads_to(&data.ring_moves, bridgehead, &bridged));
        assert!(!leads_to(&data.ring_moves, bridgehead, &diazepane));
    }

    #[test]
    fn cores_are_placed_only_where_their_sites_carry_the_groups() {
        let core = |s: &str| Core::new(&s.parse().unwrap());
        // A carbamate N-H is no site, so mono-Boc ethylenediamine is not a core; a lactam
        // N-H and an alcohol O-H are.
        assert!(core("CC(C)(C)OC(=O)NCCN").is_none());
        assert!(core("O=C1CNCCN1").is_some());
        let aminopiperidine = core("NC1CCNCC1").unwrap();
        let target: Molecule = "CC(=O)NC1CCN(Cc2ccccc2)CC1".parse().unwrap();
        let placed = place(&aminopiperidine, &target).unwrap();
        assert_eq!(placed.decoration, ["*C(C)=O", "*Cc1ccccc1"]);
        // A ring-carbon group is not a site's substituent: 4-amino-2-methylpiperidine is not
        // 4-aminopiperidine.
        assert!(place(&aminopiperidine, &"CC1CC(N)CCN1".parse().unwrap()).is_none());
        // Stereo is compared on the cut molecule.
        let s = core("C[C@H]1CNCCN1").unwrap();
        assert!(place(&s, &"C[C@H]1CNCCN1C(C)=O".parse().unwrap()).is_some());
        assert!(place(&s, &"C[C@@H]1CNCCN1C(C)=O".parse().unwrap()).is_none());
        let ethanolamine = core("NCCO").unwrap();
        let ester: Molecule = "CC(=O)OCCN".parse().unwrap();
        assert_eq!(
            place(&ethanolamine, &ester).unwrap().decoration,
            ["*C(C)=O", "H"]
        );
    }

    #[test]
    fn no_step_is_evaluated_twice() {
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: PlannerData::standard().unwrap(),
            limits: Limits::default(),
        };
        let target: Molecule = "Fc1ccc(CN2CCCNCC2)c(F)c1".parse().unwrap();
        let report = planner.plan(&target);
        assert!(!report.routes.is_empty(), "{:?}", report.stop_reason);
        let generated: usize = report.stats.moves.values().sum();
        // Every generated move was either evaluated once or answered from the memo, and every
        // step of every accepted route was validated from the memo.
        let steps: usize = report.routes.iter().map(|r| r.steps.len()).sum();
        assert!(report.stats.memo_hits >= steps, "{:?}", report.stats);
        assert!(
            report.stats.predictions + report.stats.memo_hits >= generated,
            "{:?}",
            report.stats
        );
        assert!(report.stats.predictions <= generated, "{:?}", report.stats);
    }

    #[test]
    fn no_route_says_which_moves_were_refused_and_why() {
        // Without the tert-butyl ester mask (the standard data put the phenol's acid on as
        // its ester and route this target):
        let mut data = PlannerData::standard().unwrap().clone();
        data.masks.retain(|m| m.name != "tert-butyl-ester");
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: &data,
            limits: Limits::default(),
        };
        // an aryl ether of an amino alcohol whose phenol carries a carboxylic acid: the acid
        // is the better Mitsunobu pronucleophile, the free amine adds to DIAD, and every move
        // on the amine nitrogen is refused with its reason.
        let report = planner.plan(&"O=C(O)C1CC(c2ccc(OCCC3CCNCC3)cc2)=NO1".parse().unwrap());
        assert!(report.routes.is_empty());
        assert!(!report.failures.is_empty());
        assert!(report.failures.len() <= MAX_FAILURES);
        let shield = report
            .failures
            .iter()
            .find(|f| f.starts_with("install:shield"))
            .expect("the shielded install is refused");
        // NaOtBu (pKaH 17) takes the shield's acid: the first failing finding says so.
        assert!(shield.contains("acid=1: incompatible-base"), "{shield}");
        // Each refused move says which substituent it was to put on which sites.
        assert!(
            shield.contains("(*c1ccc(cc1)C=1CC(ON1)C(=O)O on one of 2 free sites)"),
            "{shield}"
        );
        assert!(
            report
                .failures
                .iter()
                .any(|f| f.contains("incompatible-group: A free amine adds to DIAD")),
            "{:?}",
            report.failures
        );
    }

    #[test]
    fn a_primary_amine_takes_one_alkyl_group_with_three_eq_of_the_amine() {
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: PlannerData::standard().unwrap(),
            limits: Limits::default(),
        };
        // Regression (polycov): the reductive amination of the free NH2 of
        // N1-methyl-N1-phenylethane-1,2-diamine gave 54 % mono and 23 % bis with 1 eq, so the
        // target had no route. The `excess` variant on a primary amine (0.33 eq of aldehyde)
        // is the last step now.
        let report = planner.plan(&"CCn1c(CNCCN(C)c2ccccc2)nc2ccccc21".parse().unwrap());
        let best = report.routes.first().expect("a route");
        let last = best.route.steps.last().unwrap();
        assert_eq!(last.step.substrate.to_string(), "CN(CCN)c1ccccc1");
        assert!(
            (last.step.equivalents - 0.33).abs() < 1e-9,
            "{}",
            last.to_line()
        );
        // No excess of the state is used where the one free site is not a primary amine:
        // every step with eq 0.33 starts from a substrate with an NH2 free.
        let nh2 = regiochem_mol::Pattern::new("[NX3;H2;!$(N[C,S]=[O,S,N])]").unwrap();
        for route in &report.routes {
            for step in &route.route.steps {
                if (step.step.equivalents - 0.33).abs() < 1e-9 {
                    assert!(step.step.substrate.has_match(&nh2), "{}", step.to_line());
                }
            }
        }
    }

    #[test]
    fn a_site_that_keeps_an_n_h_takes_its_second_group() {
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: PlannerData::standard().unwrap(),
            limits: Limits::default(),
        };
        // Regression (polycov): after the Buchwald arylation of N-Boc-ethylenediamine's NH2 no
        // site was bare, so the 3-pyridylmethyl never went on the aniline N-H: no route.
        let report = planner.plan(&"Cc1ccc(N(CCN)Cc2cccnc2)c(C)c1".parse().unwrap());
        let best = report.routes.first().expect("a route");
        let substrates: Vec<String> = best
            .route
            .steps
            .iter()
            .map(|s| s.step.substrate.to_string())
            .collect();
        assert!(
            substrates.contains(&"Cc1cc(C)c(cc1)NCCNC(=O)OC(C)(C)C".to_string()),
            "{substrates:?}"
        );
        // A Boc N-H is no site for a second group: no install runs with 2.2 eq on it.
        assert!(best.route.steps.iter().all(|s| s.step.equivalents < 2.0));
    }

    #[test]
    fn a_carbamoyl_chloride_makes_the_urea_on_a_primary_core_nitrogen() {
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: PlannerData::standard().unwrap(),
            limits: Limits::default(),
        };
        // Regression (polycov): R2N-C(=O)-NH-R on a primary amine of the core had no
        // disconnection (the carbamoyl chloride row asked for two disubstituted N).
        let report = planner.plan(&"O=C(NCCCNC(=O)N1CC2CCC1C2)C1CCC1".parse().unwrap());
        let best = report.routes.first().expect("a route");
        let last = best.route.steps.last().unwrap();
        let co: Vec<String> = last
            .step
            .co_reactants
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(co, ["O=C(Cl)N1CC2CC1CC2"], "{}", last.to_line());
    }

    #[test]
    fn an_unactivated_aryl_ether_is_made_by_mitsunobu_on_the_n_boc_amino_alcohol() {
        let planner = Planner {
            engine: Engine::standard().unwrap(),
            data: PlannerData::standard().unwrap(),
            limits: Limits::default(),
        };
        // Regression (polycov): the 4-(trifluoromethoxy)phenyl ether of
        // 4-(2-hydroxyethyl)piperidine had no route (no SNAr on an unactivated ring). Now: Boc2O
        // in DCM without the shield (N before O), the Mitsunobu ether with the phenol, TFA.
        let report = planner.plan(&"FC(F)(F)Oc1ccc(OCCC2CCNCC2)cc1".parse().unwrap());
        let best = report.routes.first().expect("a route");
        let lines: Vec<String> = best.route.steps.iter().map(Reaction::to_line).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].ends_with(">CC(C)(C)OC(=O)N1CCC(CCO)CC1"),
            "{lines:#?}"
        );
        assert!(!lines[0].contains("acid="), "{lines:#?}");
        assert!(lines[1].contains("Oc1ccc(cc1)OC(F)(F)F>"), "{lines:#?}");
        assert!(lines[1].contains("CC(C)OC(=O)N=NC(=O)OC(C)C"), "{lines:#?}");
        assert!(lines[2].contains("O=C(O)C(F)(F)F"), "{lines:#?}");
        // The free amino alcohol never goes into the Mitsunobu step.
        assert!(report.routes.iter().all(|r| r.route.steps.iter().all(|s| {
            !(s.step.agents.iter().any(|a| a.contains("N=NC"))
                && s.step.substrate.to_string() == "OCCC1CCNCC1")
        })));
    }
}
