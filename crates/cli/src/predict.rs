//! `predict`: what one step gives: products with fractions, the sites that reacted, the
//! unreacted substrate and the findings.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use regiochem_mol::Molecule;
use regiochem_rules::defaults::{self, DefaultTable};
use regiochem_rules::evaluate::StepOutcome;
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::{ReagentLibrary, Role, canonical_components};
use regiochem_rules::ruleset::RuleSet;
use regiochem_rules::step::Step;

use crate::sites::read_molecule;
use crate::{Io, Settings};

/// Arguments of `predict`.
#[derive(Debug, Args)]
pub struct PredictArgs {
    /// The substrate, as SMILES, or a file holding one; standard input when absent or `-`.
    pub substrate: Option<String>,
    /// A co-reactant (electrophile, aldehyde, aryl halide), as SMILES; repeatable.
    #[arg(long = "with", value_name = "SMILES")]
    pub with: Vec<String>,
    /// A reagent by name or alias (`Boc2O`, `TFA`, `H2, Pd/C`); repeatable.
    #[arg(long = "reagent", value_name = "NAME")]
    pub reagents: Vec<String>,
    /// Agents (reagents, catalysts, solvents) as dot-separated SMILES.
    #[arg(long, value_name = "SMILES")]
    pub agents: Option<String>,
    /// Equivalents of co-reactant per substrate (5 eq of diamine is 0.2).
    #[arg(long = "eq", value_name = "X")]
    pub equivalents: Option<f64>,
    /// Equivalents of strong acid added before the co-reactant (acid-base shield).
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub acid: f64,
    /// A rules file whose entries are added to the default library.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// One JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Reads `--rules FILE` on top of the default library.
pub(crate) fn load_rules(path: Option<&PathBuf>, settings: Settings) -> miette::Result<RuleSet> {
    let standard = RuleSet::standard().map_err(|e| miette::Report::new(e.clone()))?;
    let mut rules = standard.clone();
    if let Some(path) = path {
        let text = crate::input::read_text_file(path, settings)?;
        let name = path.display().to_string();
        let extra =
            RuleSet::parse(&text).map_err(|e| crate::render::source_report(e, &name, &text))?;
        let reagents = ReagentLibrary::standard().map_err(|e| miette::miette!("{e}"))?;
        extra
            .check_conditions(reagents)
            .map_err(|e| crate::render::source_report(e, &name, &text))?;
        rules.extend(extra);
    }
    Ok(rules)
}

fn usage(message: impl std::fmt::Display) -> miette::Report {
    miette::miette!(code = "usage::predict", "{message}")
}

/// Turns the arguments into a step.
fn read_step(
    args: &PredictArgs,
    substrate: &str,
    reagents: &ReagentLibrary,
) -> miette::Result<Step> {
    let substrate = read_molecule(substrate)?;
    let mut co_reactants: Vec<Molecule> = Vec::new();
    for text in &args.with {
        co_reactants.push(read_molecule(text)?);
    }
    let mut agents: Vec<String> = Vec::new();
    for name in &args.reagents {
        let Some(reagent) = reagents.find(name) else {
            return Err(crate::reagents::unknown(name, reagents));
        };
        match reagent.role {
            Role::CoReactant => co_reactants.push(read_molecule(&reagent.smiles)?),
            Role::Agent | Role::Solvent => agents.extend(reagent.components.iter().cloned()),
        }
    }
    if let Some(text) = &args.agents {
        read_molecule(text)?;
        agents.extend(canonical_components(text).map_err(usage)?);
    }
    if co_reactants.is_empty() && agents.is_empty() {
        return Err(usage(
            "nothing to react with: give --with SMILES, --reagent NAME or --agents SMILES",
        ));
    }
    let equivalents = match args.equivalents {
        Some(_) if co_reactants.is_empty() => {
            return Err(usage(
                "--eq counts co-reactant, but there is none (--with or a co-reactant --reagent)",
            ));
        }
        Some(x) if !(x.is_finite() && x > 0.0 && x <= 1000.0) => {
            return Err(usage(format!(
                "--eq must be a number above 0 (and at most 1000), not {x}"
            )));
        }
        Some(x) => x,
        None => 1.0,
    };
    if !(args.acid.is_finite() && (0.0..=1000.0).contains(&args.acid)) {
        return Err(usage(format!(
            "--acid must be between 0 and 1000 equivalents, not {}",
            args.acid
        )));
    }
    let mut step = Step::new(substrate);
    step.co_reactants = co_reactants;
    step.agents = agents;
    step.equivalents = equivalents;
    step.acid = args.acid;
    Ok(step)
}

/// The standard engine (`Engine::standard`) with `rules` in place of the standard library.
pub(crate) fn engine(rules: &RuleSet) -> miette::Result<Engine<'_>> {
    Ok(Engine::standard()
        .map_err(|e| miette::miette!("{e}"))?
        .with_rules(rules))
}

pub(crate) fn run(args: &PredictArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    let substrate = crate::input::one_smiles(args.substrate.as_deref(), &mut io.stdin, settings)?;
    let rules = load_rules(args.rules.as_ref(), settings)?;
    let engine = engine(&rules)?;
    let step = read_step(args, &substrate, engine.reagents)?;
    let defaults = DefaultTable::standard().map_err(|e| miette::miette!("{e}"))?;
    let outcome = defaults::evaluate(&engine, defaults, &step, None);
    crate::render::emit(io, args.json, &outcome, || table(&outcome))?;
    Ok(0)
}

fn percent(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

/// The readable form.
pub(crate) fn table(outcome: &StepOutcome) -> String {
    let prediction = &outcome.prediction;
    let mut out = String::new();
    let _ = writeln!(out, "substrate   {}", prediction.substrate);
    let conditions = if prediction.conditions.is_empty() {
        "none".to_string()
    } else {
        prediction.conditions.join(", ")
    };
    let _ = writeln!(out, "conditions  {conditions}");
    if !prediction.options.is_empty() {
        let _ = writeln!(out, "options     {}", prediction.options);
    }
    if !prediction.reagents.is_empty() {
        let _ = writeln!(out, "reagents    {}", prediction.reagents.join(", "));
    }
    let width = prediction
        .products
        .iter()
        .map(|p| p.smiles.len())
        .max()
        .unwrap_or(0)
        .max("unreacted substrate".len());
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<width$}  {:>9}  {:>9}  sites",
        "product", "fraction", "yield"
    );
    for product in &prediction.products {
        let _ = writeln!(
            out,
            "{:<width$}  {:>9}  {:>9}  {}",
            product.smiles,
            percent(product.fraction),
            percent(product.yield_on_limiting),
            if product.sites.is_empty() {
                "-"
            } else {
                &product.sites
            }
        );
    }
    let _ = writeln!(
        out,
        "{:<width$}  {:>9}",
        "unreacted substrate",
        percent(prediction.unreacted)
    );
    if !outcome.findings.is_empty() {
        let _ = writeln!(out, "\nfindings");
        for finding in &outcome.findings {
            let _ = writeln!(out, "{}", crate::render::finding_row(finding));
        }
    }
    if !prediction.notes.is_empty() {
        let _ = writeln!(out, "\nnotes");
        for note in &prediction.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}
