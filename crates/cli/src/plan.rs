//! `plan`: ranked routes to a target, each step checked by the validator, with procedure cards.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use regiochem_planner::data::{PlannerData, Stock};
use regiochem_planner::{Limits, PlanReport, Planner};
use regiochem_rules::ruleset::RuleSet;

use crate::predict::{engine, load_rules};
use crate::sites::read_molecule;
use crate::{Io, Settings, write_failed};

/// How `plan` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for people.
    Text,
    /// The best route as a route file that `validate` reads.
    Route,
    /// One JSON object.
    Json,
    /// One self-contained HTML page: target, route schemes, mixtures, procedure cards.
    Html,
    /// The best route's scheme as one SVG.
    Svg,
    /// An Open Reaction Database `Dataset` (proto3 JSON): one reaction per step of each route.
    Ord,
}

/// Search settings shared by `plan` and `batch`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// How many routes.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub top: u16,
    /// A stock file (SMILES and name per line) replacing the default stock.
    #[arg(long, value_name = "FILE")]
    pub stock: Option<PathBuf>,
    /// Scale of the procedure cards, in mmol of the first substrate.
    #[arg(long, value_name = "MMOL", default_value_t = 1.0)]
    pub scale: f64,
    /// States the search may expand.
    #[arg(long, default_value_t = 400)]
    pub nodes: usize,
    /// Seconds the search may take per target.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub time_limit: f64,
    /// A rules file whose entries are added to the default library.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The target, as SMILES, or a file holding one; standard input when absent or `-`.
    pub target: Option<String>,
    /// Search settings.
    #[command(flatten)]
    pub search: SearchArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

/// Everything a search needs, loaded once.
pub(crate) struct Setup {
    pub(crate) rules: RuleSet,
    pub(crate) data: PlannerData,
    pub(crate) limits: Limits,
}

impl Setup {
    pub(crate) fn load(args: &SearchArgs, settings: Settings) -> miette::Result<Setup> {
        let rules = load_rules(args.rules.as_ref(), settings)?;
        let standard = PlannerData::standard().map_err(|e| miette::miette!("{e}"))?;
        let mut data = standard.clone();
        if let Some(path) = &args.stock {
            let text = crate::input::read_text_file(path, settings)?;
            data.stock = Stock::parse(&text)
                .map_err(|e| miette::miette!(code = "input::bad_stock", "{e}"))?;
        }
        if !(args.scale.is_finite() && args.scale > 0.0) {
            return Err(miette::miette!(
                code = "usage::plan",
                "--scale must be a positive number of mmol"
            ));
        }
        if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
            return Err(miette::miette!(
                code = "usage::plan",
                "--time-limit must be a positive number of seconds"
            ));
        }
        Ok(Setup {
            rules,
            data,
            limits: Limits {
                top: usize::from(args.top),
                nodes: args.nodes,
                // A limit past what a Duration holds (`1e20` s) is no limit.
                time: Duration::try_from_secs_f64(args.time_limit).unwrap_or(Duration::MAX),
                depth: 6,
                scale_mmol: args.scale,
            },
        })
    }

    pub(crate) fn planner(&self) -> miette::Result<Planner<'_>> {
        Ok(Planner {
            engine: engine(&self.rules)?,
            data: &self.data,
            limits: self.limits,
        })
    }
}

pub(crate) fn run(args: &PlanArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    let smiles = crate::input::one_smiles(args.target.as_deref(), &mut io.stdin, settings)?;
    let target = read_molecule(&smiles)?;
    let setup = Setup::load(&args.search, settings)?;
    let report = setup.planner()?.plan(&target);
    let format = if args.json { Format::Json } else { args.format };
    let out = match format {
        Format::Json => {
            let mut line = serde_json::to_string(&report).map_err(|e| write_failed(e.into()))?;
            line.push('\n');
            line
        }
        Format::Route => match report.routes.first() {
            Some(best) => best.route.to_text(),
            None => format!(
                "# target: {}\n# no route: {}\n",
                report.target,
                stop_text(&report)
            ),
        },
        Format::Text => text(&report),
        Format::Ord => {
            let dataset = crate::ord::dataset(&report)
                .map_err(|e| miette::miette!(code = "data::malformed", "{e}"))?;
            let mut line = serde_json::to_string(&dataset).map_err(|e| write_failed(e.into()))?;
            line.push('\n');
            line
        }
        Format::Html | Format::Svg => {
            let value = serde_json::to_value(&report).map_err(|e| miette::miette!("{e}"))?;
            if format == Format::Html {
                crate::report::plan_page(&value)
            } else {
                crate::report::plan_scheme_svg(&value)
            }
        }
    };
    io.stdout.write_all(out.as_bytes()).map_err(write_failed)?;
    Ok(0)
}

fn stop_text(report: &PlanReport) -> String {
    match &report.stop_reason {
        regiochem_planner::StopReason::OutOfScope(reason) => format!("out of scope: {reason}"),
        other => other.name().to_string(),
    }
}

/// The report for people.
fn text(report: &PlanReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "target  {}", report.target);
    let _ = writeln!(
        out,
        "search  {} ({} states, {} predictions, {} rejected, {:.1} ms)",
        stop_text(report),
        report.stats.expanded,
        report.stats.predictions,
        report.stats.rejected,
        report.stats.elapsed_ms
    );
    if report.routes.is_empty() {
        let _ = writeln!(out, "\nno route");
        for failure in &report.failures {
            let _ = writeln!(out, "  refused: {failure}");
        }
    }
    for route in &report.routes {
        let _ = writeln!(
            out,
            "\nroute {}  predicted yield {:.0} %  score {:.3}  from {}{}",
            route.rank,
            100.0 * route.predicted_yield,
            route.score,
            route.start,
            if route.in_stock { " (in stock)" } else { "" }
        );
        if route.steps.is_empty() {
            let _ = writeln!(out, "  the target is in stock");
        }
        for (i, step) in route.steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, step.reaction.to_line());
            for finding in &step.outcome.findings {
                let _ = writeln!(
                    out,
                    "     {} {}: {}",
                    finding.severity.name(),
                    finding.code.name(),
                    finding.message
                );
            }
            for material in &step.procedure.materials {
                let _ = writeln!(out, "     - {}", material_line(material));
            }
            for line in step
                .procedure
                .conditions
                .iter()
                .chain(&step.procedure.workup)
            {
                let _ = writeln!(out, "     > {line}");
            }
            let _ = writeln!(out, "     > purify: {}", step.procedure.purification);
            if let Some(storage) = &step.procedure.storage {
                let _ = writeln!(out, "     > {storage}");
            }
            for hazard in &step.procedure.hazards {
                let _ = writeln!(out, "     ! hazard: {hazard}");
            }
            let _ = writeln!(
                out,
                "     = expected {} mmol of product",
                regiochem_planner::procedure::three_figures(step.procedure.product_mmol)
            );
        }
    }
    out
}

/// One material of a card: name, role, then equivalents, mmol, grams and millilitres (of the
/// stock solution, or from the density), each as far as known.
pub(crate) fn material_line(material: &regiochem_planner::procedure::Material) -> String {
    let mut amount: Vec<String> = Vec::new();
    if let Some(eq) = material.equivalents {
        amount.push(format!("{eq} eq"));
    }
    if let Some(n) = material.mmol {
        amount.push(format!("{n} mmol"));
    }
    if let Some(g) = material.grams {
        amount.push(if g < 1.0 {
            format!(
                "{} mg",
                regiochem_planner::procedure::significant(1000.0 * g)
            )
        } else {
            format!("{g} g")
        });
    }
    if let Some(ml) = material.millilitres {
        amount.push(format!("{ml} mL"));
    }
    let mut text = format!("{} ({})", material.name, material.role);
    if !amount.is_empty() {
        text.push(' ');
        text.push_str(&amount.join(", "));
    }
    if let Some(solution) = &material.solution {
        text.push_str(&format!(" [{solution}]"));
    }
    if let Some(loading) = material.loading_mmol_g {
        text.push_str(&format!(" [loading {loading} mmol/g]"));
    }
    if material.name != material.smiles && !material.smiles.is_empty() && material.role != "solvent"
    {
        text.push_str(&format!("  {}", material.smiles));
    }
    text
}
