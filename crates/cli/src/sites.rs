//! `sites`: every nitrogen of one molecule with its label, class, symmetry class, pKa and
//! nucleophilicity.

use std::fmt::Write as _;

use clap::Args;
use regiochem_mol::Molecule;
use regiochem_rules::sites::{Site, SiteModel, macro_pka};
use serde::Serialize;

use crate::{Io, render};

/// Arguments of `sites`.
#[derive(Debug, Args)]
pub struct SitesArgs {
    /// The molecule, as SMILES.
    pub smiles: String,
    /// One JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Each pKa with the terms it is the sum of (`pka_terms` in JSON).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    smiles: String,
    sites: &'a [Site],
    /// Macro pKa values of the molecule's basic sites, most basic first.
    macro_pka: Vec<f64>,
}

/// Parses a SMILES argument, or returns the caret diagnostic.
pub(crate) fn read_molecule(text: &str) -> miette::Result<Molecule> {
    text.parse::<Molecule>()
        .map_err(|error| render::report(error, text))
}

pub(crate) fn run(args: &SitesArgs, io: &mut Io<'_>) -> miette::Result<u8> {
    let molecule = read_molecule(&args.smiles)?;
    let model = SiteModel::standard().map_err(|e| miette::miette!("{e}"))?;
    let sites = if args.explain {
        model.explain(&molecule)
    } else {
        model.perceive(&molecule)
    };
    let (protonation, _) = model.protonation(&molecule, &sites);
    let report = Report {
        smiles: molecule.to_string(),
        sites: &sites,
        macro_pka: macro_pka(&protonation),
    };
    render::emit(io, args.json, &report, || table(&report))?;
    Ok(0)
}

fn table(report: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.smiles);
    if report.sites.is_empty() {
        let _ = writeln!(out, "no nitrogen atoms");
        return out;
    }
    let _ = writeln!(
        out,
        "{:>5}  {:<6} {:<15} {:>8}  {:>6}  {:>15}",
        "atom", "label", "class", "symmetry", "pKa", "nucleophilicity"
    );
    for site in report.sites {
        let pka = site
            .pka
            .map_or_else(|| "-".to_string(), |p| format!("{p:.2}"));
        let _ = writeln!(
            out,
            "{:>5}  {:<6} {:<15} {:>8}  {:>6}  {:>15}",
            site.atom,
            site.label,
            site.class.name(),
            site.symmetry_class,
            pka,
            format!("{:.3}", site.nucleophilicity)
        );
        for term in &site.pka_terms {
            let _ = writeln!(
                out,
                "{:>5}  {:<40} {:>6} x {:>+6.2}",
                "",
                term.name,
                term.count,
                term.value / term.count
            );
        }
    }
    if !report.macro_pka.is_empty() {
        let values: Vec<String> = report.macro_pka.iter().map(|p| format!("{p:.2}")).collect();
        let _ = writeln!(out, "macro pKa  {}", values.join(", "));
    }
    out
}
