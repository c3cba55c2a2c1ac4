//! `validate`: replay a route step by step and say what will go wrong.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use regiochem_planner::{Route, TreeNode, Validation, Verdict, validate};
use serde::Deserialize;

use crate::predict::{engine, load_rules};
use crate::{Io, Settings, render};

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A route: the text form (one reaction SMILES per line, `key=value` option words, `#`
    /// comments) or a JSON reaction tree (ours from `plan --json`, or AiZynthFinder's and
    /// rxnutils' with retro `product>>reactants` reaction SMILES), told apart by content.
    pub file: PathBuf,
    /// One JSON object per route instead of the report for people.
    #[arg(long)]
    pub json: bool,
    /// `html` for one self-contained page (scheme, mixtures, findings) instead of text.
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json", "html"])]
    pub format: Option<String>,
    /// A rules file whose entries are added to the default library.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// The routes of a file: one from the text form; from JSON, one per tree (a tree, a list of
/// trees as AiZynthFinder writes them, or `plan --json`'s report, one per route).
fn read_routes(text: &str, file: &Path) -> miette::Result<Vec<Route>> {
    let first = text.trim_start().chars().next();
    if !matches!(first, Some('{' | '[')) {
        let route = Route::parse(text)
            .map_err(|e| render::source_report(e, &file.display().to_string(), text))?;
        return Ok(vec![route]);
    }
    let bad = |message: String| {
        miette::miette!(code = "route::bad_tree", "{}: {message}", file.display())
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let trees: Vec<&serde_json::Value> = match &value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(object) => match object.get("routes") {
            Some(serde_json::Value::Array(routes)) if !object.contains_key("type") => routes
                .iter()
                .map(|route| route.get("tree").unwrap_or(route))
                .collect(),
            _ => vec![&value],
        },
        _ => Vec::new(),
    };
    if trees.is_empty() {
        return Err(bad("no reaction tree in it".to_string()));
    }
    let mut routes = Vec::with_capacity(trees.len());
    for (index, tree) in trees.into_iter().enumerate() {
        let node =
            TreeNode::deserialize(tree).map_err(|e| bad(format!("tree {}: {e}", index + 1)))?;
        let route = Route::from_tree(&node).map_err(|e| bad(format!("tree {}: {e}", index + 1)))?;
        routes.push(route);
    }
    Ok(routes)
}

/// Exit status 0 when every route passes or warns, 1 when one fails.
pub(crate) fn run(args: &ValidateArgs, settings: Settings, io: &mut Io<'_>) -> miette::Result<u8> {
    let text = crate::input::read_text_file(&args.file, settings)?;
    let routes = read_routes(&text, &args.file)?;
    let rules = load_rules(args.rules.as_ref(), settings)?;
    let engine = engine(&rules)?;
    if args.format.as_deref() == Some("html") {
        let [route] = routes.as_slice() else {
            return Err(miette::miette!(
                code = "usage::validate",
                "--format html draws one route; {} holds {}",
                args.file.display(),
                routes.len()
            ));
        };
        let validation = validate(route, &engine);
        let value = serde_json::to_value(&validation).map_err(|e| miette::miette!("{e}"))?;
        io.stdout
            .write_all(crate::report::validate_page(&value).as_bytes())
            .map_err(crate::write_failed)?;
        return Ok(u8::from(validation.verdict == Verdict::Fail));
    }
    let json = args.json || args.format.as_deref() == Some("json");
    let mut failed = false;
    let many = routes.len() > 1;
    for (index, route) in routes.iter().enumerate() {
        let validation = validate(route, &engine);
        failed |= validation.verdict == Verdict::Fail;
        render::emit(io, json, &validation, || {
            let mut out = String::new();
            if many {
                let _ = writeln!(
                    out,
                    "{}route {}",
                    if index > 0 { "\n" } else { "" },
                    index + 1
                );
            }
            out.push_str(&report(&validation));
            out
        })?;
    }
    Ok(u8::from(failed))
}

/// The readable form.
pub(crate) fn report(validation: &Validation) -> String {
    let mut out = String::new();
    if let Some(target) = &validation.target {
        let _ = writeln!(out, "target         {target}");
    }
    let _ = writeln!(out, "verdict        {}", validation.verdict.name());
    let _ = writeln!(
        out,
        "overall yield  {:.1} %",
        100.0 * validation.overall_yield
    );
    for step in &validation.steps {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "step {}  {}  {}",
            step.index,
            step.outcome.verdict.name(),
            step.reaction_smiles
        );
        for product in &step.outcome.prediction.products {
            let _ = writeln!(
                out,
                "  {:>6.1} %  {}",
                100.0 * product.fraction,
                product.smiles
            );
        }
        if step.outcome.prediction.unreacted > 0.0005 {
            let _ = writeln!(
                out,
                "  {:>6.1} %  unreacted substrate",
                100.0 * step.outcome.prediction.unreacted
            );
        }
        let [low, high] = step.outcome.yield_range;
        let _ = writeln!(
            out,
            "  expected isolated yield {:.0} % ({:.0}-{:.0} %; selectivity {:.0} %)",
            100.0 * step.outcome.intended_yield,
            100.0 * low,
            100.0 * high,
            100.0 * step.outcome.selectivity
        );
        for finding in &step.outcome.findings {
            let _ = writeln!(out, "{}", render::finding_row(finding));
        }
        for note in &step.outcome.prediction.notes {
            let _ = writeln!(out, "  note  {note}");
        }
    }
    out
}
