//! `validate`: replay a route step by step and say what will go wrong.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;
use regiochem_planner::{Route, Validation, Verdict, validate};
use regiochem_rules::predict::Engine;
use regiochem_rules::reagents::ReagentLibrary;
use regiochem_rules::sites::SiteModel;

use crate::predict::load_rules;
use crate::{Io, render};

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A route file (one reaction SMILES per line, `eq=` and `acid=` words, `#` comments).
    pub file: PathBuf,
    /// One JSON object instead of the report for people.
    #[arg(long)]
    pub json: bool,
    /// `html` for one self-contained page (scheme, mixtures, findings) instead of text.
    #[arg(long, value_name = "FORMAT", value_parser = ["text", "json", "html"])]
    pub format: Option<String>,
    /// A rules file whose entries are added to the default library.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// Exit status 0 for pass or warn, 1 for fail.
pub(crate) fn run(args: &ValidateArgs, io: &mut Io<'_>) -> miette::Result<u8> {
    let text = render::read_file(&args.file)?;
    let route = Route::parse(&text).map_err(|e| {
        miette::Report::new(e).with_source_code(miette::NamedSource::new(
            args.file.display().to_string(),
            text.clone(),
        ))
    })?;
    let rules = load_rules(args.rules.as_ref())?;
    let reagents = ReagentLibrary::standard().map_err(|e| miette::miette!("{e}"))?;
    let sites = SiteModel::standard().map_err(|e| miette::miette!("{e}"))?;
    let engine = Engine {
        rules: &rules,
        reagents,
        sites,
    };
    let validation = validate(&route, &engine);
    if args.format.as_deref() == Some("html") {
        let value = serde_json::to_value(&validation).map_err(|e| miette::miette!("{e}"))?;
        io.stdout
            .write_all(crate::report::validate_page(&value).as_bytes())
            .map_err(|e| miette::miette!("cannot write output: {e}"))?;
    } else {
        let json = args.json || args.format.as_deref() == Some("json");
        render::emit(io, json, &validation, || report(&validation))?;
    }
    Ok(u8::from(validation.verdict == Verdict::Fail))
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
            step.verdict.name(),
            step.reaction_smiles
        );
        for product in &step.predicted {
            let _ = writeln!(
                out,
                "  {:>6.1} %  {}",
                100.0 * product.fraction,
                product.smiles
            );
        }
        if step.unreacted > 0.0005 {
            let _ = writeln!(
                out,
                "  {:>6.1} %  unreacted substrate",
                100.0 * step.unreacted
            );
        }
        for finding in &step.findings {
            let _ = writeln!(out, "{}", render::finding_row(finding));
        }
    }
    out
}
